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
/* what the visitors' app counts in a day at the most (DAILY_MAX in usage.js), and the
 * settings' keys it adds once: together, the most one phone's day adds to the counts */
#define SORI_USAGE_DAILY_EVENTS    60
#define SORI_USAGE_SETTINGS_KEYS   3
#define SORI_USAGE_PHONE_DAY_BOUND (SORI_USAGE_DAILY_EVENTS + SORI_USAGE_SETTINGS_KEYS)

GPtrArray *sori_usage_api_key_space(SoriCatalogue *catalogue);
GPtrArray *sori_usage_api_parse_batch(SoriCatalogue *catalogue, GBytes *body, GDateTime *now,
				      gchar **day, GError **error);
gboolean sori_usage_api_handle(gpointer store, const SoriHttpRequest *request,
			       const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_usage_api_handle_release(gpointer store, const SoriHttpRequest *request,
				       const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_usage_api_handle_post(gpointer store, const SoriHttpRequest *request,
				    const SoriRouteMatch *match, SoriHttpResponse *response);

G_END_DECLS
