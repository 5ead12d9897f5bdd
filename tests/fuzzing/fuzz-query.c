/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A query string, as any client sends it to any route, and the language it
 * asks for.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sori-problem.h"
#include "sori-query.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const gchar *const allowed[] = { "lang", "field", "rate", "pitch", "format", NULL };
	static const gchar *const offered[] = { "ko", "en", NULL };
	g_autofree gchar *query = NULL;
	g_autoptr(GHashTable) params = NULL;
	g_autoptr(GError) error = NULL;
	const gchar *lang = NULL;
	GHashTableIter iter;
	gpointer name;
	gpointer value;

	if (size > 2 * SORI_QUERY_MAX_LEN)
		return 0;
	query = g_strndup((const gchar *) data, size);
	params = sori_query_parse(query, allowed, &error);
	if (params == NULL) {
		/* refused, and said why */
		if (!g_error_matches(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_PARAMETER))
			abort();
		return 0;
	}
	if (g_hash_table_size(params) > SORI_QUERY_MAX_PARAMS)
		abort();
	g_hash_table_iter_init(&iter, params);
	while (g_hash_table_iter_next(&iter, &name, &value)) {
		if (!g_strv_contains(allowed, name) || !g_utf8_validate(value, -1, NULL))
			abort();
	}
	if (sori_query_choose_language(params, query, offered, "ko", &lang, &error)) {
		if (!g_strv_contains(offered, lang))
			abort();
	} else if (!g_error_matches(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_PARAMETER)) {
		abort();
	}
	return 0;
}
