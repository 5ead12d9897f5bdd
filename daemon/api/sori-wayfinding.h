/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-route.h"
#include "sori-venue-store.h"

G_BEGIN_DECLS

JsonNode *sori_wayfinding_places_view(SoriCatalogue *catalogue, const gchar *lang);
JsonNode *sori_wayfinding_directions_view(SoriCatalogue *catalogue, const gchar *from,
					  const gchar *to, SoriProfile profile, const gchar *lang,
					  SoriMapRoute **route, GError **error);

gboolean sori_wayfinding_handle_route(gpointer store, const SoriHttpRequest *request,
				      const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_wayfinding_handle_places(gpointer store, const SoriHttpRequest *request,
				       const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_wayfinding_handle_map(gpointer store, const SoriHttpRequest *request,
				    const SoriRouteMatch *match, SoriHttpResponse *response);

G_END_DECLS
