/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-route.h"
#include "sori-venue-store.h"

G_BEGIN_DECLS

/* the public read API's handlers; their service is the SoriVenueStore */
gboolean sori_api_handle_health(gpointer store, const SoriHttpRequest *request,
				const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_api_handle_venue_list(gpointer store, const SoriHttpRequest *request,
				    const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_api_handle_venue(gpointer store, const SoriHttpRequest *request,
			       const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_api_handle_exhibits(gpointer store, const SoriHttpRequest *request,
				  const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_api_handle_exhibit(gpointer store, const SoriHttpRequest *request,
				 const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_api_handle_code(gpointer store, const SoriHttpRequest *request,
			      const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_api_handle_export(gpointer store, const SoriHttpRequest *request,
				const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_api_handle_locate(gpointer store, const SoriHttpRequest *request,
				const SoriRouteMatch *match, SoriHttpResponse *response);

SoriVenueSnapshot *sori_api_lookup_venue(SoriVenueStore *store, const gchar *venue_id,
					 GError **error);
gboolean sori_api_begin(SoriVenueStore *store, const SoriHttpRequest *request,
			const SoriRouteMatch *match, const gchar *const *allowed,
			SoriHttpResponse *response, SoriVenueSnapshot **snapshot,
			GHashTable **params, const gchar **lang);
gboolean sori_api_handle_localized(SoriVenueStore *store, const SoriHttpRequest *request,
				   const SoriRouteMatch *match, SoriHttpResponse *response,
				   const gchar *name, SoriRepresentationBuildFunc build);

G_END_DECLS
