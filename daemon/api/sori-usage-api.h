/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-route.h"
#include "sori-venue-store.h"

G_BEGIN_DECLS

/* what one batch of a phone's usage may hold */
#define SORI_USAGE_MAX_EVENTS 32
#define SORI_USAGE_MAX_BODY   (8 * 1024)

gboolean sori_usage_api_venue_counts(SoriCatalogue *catalogue);
gboolean sori_usage_api_handle_post(gpointer store, const SoriHttpRequest *request,
				    const SoriRouteMatch *match, SoriHttpResponse *response);

G_END_DECLS
