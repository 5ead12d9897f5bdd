/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-route.h"
#include "sori-venue-store.h"

G_BEGIN_DECLS

gchar *sori_open_data_licence_url(const gchar *licence);
JsonNode *sori_open_data_build_schema(SoriCatalogue *catalogue);
JsonNode *sori_open_data_build_catalog(GPtrArray *snapshots, SoriUsage *usage);
gboolean sori_open_data_handle_exhibits_csv(gpointer store, const SoriHttpRequest *request,
					    const SoriRouteMatch *match,
					    SoriHttpResponse *response);
gboolean sori_open_data_handle_access_csv(gpointer store, const SoriHttpRequest *request,
					  const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_open_data_handle_schema(gpointer store, const SoriHttpRequest *request,
				      const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_open_data_handle_catalog(gpointer store, const SoriHttpRequest *request,
				       const SoriRouteMatch *match, SoriHttpResponse *response);

G_END_DECLS
