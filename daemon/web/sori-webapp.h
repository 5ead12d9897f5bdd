/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-route.h"

G_BEGIN_DECLS

typedef enum {
	SORI_WEBAPP_ROUTE_NONE,    /* not the web app's: the API answers */
	SORI_WEBAPP_ROUTE_FILE,    /* a file of the app */
	SORI_WEBAPP_ROUTE_PAGE,    /* the curators' console's page */
	SORI_WEBAPP_ROUTE_UNKNOWN, /* under the app's paths, but nothing there */
} SoriWebappRoute;

SoriWebappRoute sori_webapp_route(const gchar *path, SoriRepresentation **representation);
void sori_webapp_init(void);
const gchar *sori_webapp_get_security_policy(void);
const gchar *sori_webapp_get_camera_security_policy(void);
const gchar *sori_webapp_get_camera_permissions(void);
const gchar *sori_webapp_get_console_policy(void);
const gchar *sori_webapp_get_boot_script(void);
gboolean sori_webapp_handle(gpointer service, const SoriHttpRequest *request,
			    const SoriRouteMatch *match, SoriHttpResponse *response);

G_END_DECLS
