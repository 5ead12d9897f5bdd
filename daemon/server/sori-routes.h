/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-route.h"

G_BEGIN_DECLS

/* what a route's handler is called with */
typedef enum {
	SORI_ROUTE_SERVICE_NONE,   /* nothing: the web app */
	SORI_ROUTE_SERVICE_VENUES, /* the SoriVenueStore */
	SORI_ROUTE_SERVICE_SPEECH, /* the SoriSpeechService */
	SORI_ROUTE_SERVICE_ADMIN,  /* the SoriAdmin */
	SORI_ROUTE_SERVICE_LAST,
} SoriRouteService;

const SoriRouteTable *sori_routes_get_table(void);
const SoriRoute *sori_routes_get_all(guint *n_routes);
guint sori_routes_get_index(const SoriRoute *route);

G_END_DECLS
