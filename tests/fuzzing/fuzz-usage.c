/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The body of POST /v1/venues/{venue}/usage, as any phone (or script) can
 * send it. A batch is refused with a problem in words, or gives keys that
 * are all of the venue's declared key space, each once, within the batch's
 * bounds: nothing a client sends can make sorid keep a key of its choosing.
 */

#include "config.h"

#include <stdlib.h>

#include "fuzz-venue.h"
#include "fuzz.h"
#include "sori-usage-api.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static SoriCatalogue *catalogue = NULL;
	static GHashTable *space = NULL;
	static GDateTime *now = NULL;
	g_autoptr(GBytes) body = g_bytes_new_static(data, size);
	g_autoptr(GPtrArray) keys = NULL;
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *day = NULL;

	if (catalogue == NULL) {
		g_autoptr(GBytes) bytes = g_bytes_new_static(sori_fuzz_catalogue_json,
							     sizeof(sori_fuzz_catalogue_json) - 1);
		GPtrArray *all;
		catalogue = sori_catalogue_new_from_bytes(bytes, NULL, NULL);
		if (catalogue == NULL)
			abort();
		all = sori_usage_api_key_space(catalogue);
		space = g_hash_table_new(g_str_hash, g_str_equal);
		for (guint i = 0; i < all->len; i++)
			g_hash_table_add(space, g_ptr_array_index(all, i));
		/* the corpus's batches are of 2026-12-01 and 2026-11-30 */
		now = g_date_time_new_utc(2026, 12, 1, 12, 0, 0);
	}
	keys = sori_usage_api_parse_batch(catalogue, body, now, &day, &error);
	if (keys == NULL) {
		if (error == NULL || error->domain != SORI_PROBLEM_ERROR
		    || error->code != SORI_PROBLEM_INVALID_BODY || error->message == NULL
		    || day != NULL)
			abort();
		return 0;
	}
	if (error != NULL || !sori_usage_day_is_valid(day)
	    || keys->len > SORI_USAGE_MAX_EVENTS + SORI_USAGE_SETTINGS_KEYS)
		abort();
	for (guint i = 0; i < keys->len; i++) {
		const gchar *key = g_ptr_array_index(keys, i);
		if (!g_hash_table_contains(space, key) || !g_hash_table_add(seen, (gpointer) key))
			abort();
	}
	return 0;
}
