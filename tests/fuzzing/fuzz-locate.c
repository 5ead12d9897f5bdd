/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The body of POST /v1/venues/{venue}/locate, as any phone can send it.
 */

#include "config.h"

#include <stdlib.h>

#include "fuzz-venue.h"
#include "fuzz.h"
#include "sori-locate.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static SoriCatalogue *catalogue = NULL;
	static SoriEidResolver *resolver = NULL;
	g_autoptr(GBytes) body = g_bytes_new_static(data, size);
	g_autoptr(JsonNode) answer = NULL;
	g_autoptr(GError) error = NULL;

	if (catalogue == NULL) {
		static const guint8 key[16]
			= { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
		g_autoptr(GBytes) bytes = g_bytes_new_static(sori_fuzz_catalogue_json,
							     sizeof(sori_fuzz_catalogue_json) - 1);
		catalogue = sori_catalogue_new_from_bytes(bytes, NULL, NULL);
		if (catalogue == NULL)
			abort();
		resolver = sori_eid_resolver_new();
		sori_eid_resolver_add(resolver, "lobby-1", key, 10, -1489580104, NULL);
	}
	answer = sori_locate(catalogue, resolver, body, 1795000000, &error);
	/* an answer, or a problem in words: never neither */
	if (answer == NULL
	    && (error == NULL || error->domain != SORI_PROBLEM_ERROR
		|| error->code >= SORI_PROBLEM_LAST || error->message == NULL))
		abort();
	return 0;
}
