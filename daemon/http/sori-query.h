/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "sori-map.h"

G_BEGIN_DECLS

/* what any query may hold */
#define SORI_QUERY_MAX_LEN    1024
#define SORI_QUERY_MAX_PARAMS 8

GHashTable *sori_query_parse(const gchar *query, const gchar *const *allowed, GError **error);
gboolean sori_query_choose_language(GHashTable *params, const gchar *accept_language,
				    const gchar *const *offered, const gchar *fallback,
				    const gchar **lang, GError **error);

gboolean sori_query_read_route(GHashTable *params, const gchar **from, const gchar **to,
			       SoriProfile *profile, GError **error);

G_END_DECLS
