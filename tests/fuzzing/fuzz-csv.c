/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A spreadsheet of exhibits, as a curator (or an attacker with a stolen
 * token) uploads it over a venue's catalogue.
 */

#include "config.h"

#include <stdlib.h>

#include "fuzz-venue.h"
#include "fuzz.h"
#include "sori-csv.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static JsonNode *base = NULL;
	g_autoptr(JsonNode) imported = NULL;
	g_autoptr(GPtrArray) problems = NULL;

	if (base == NULL) {
		g_autoptr(JsonParser) parser = json_parser_new();
		if (!json_parser_load_from_data(parser, sori_fuzz_catalogue_json, -1, NULL))
			abort();
		base = json_parser_steal_root(parser);
	}
	imported = sori_csv_import((const gchar *) data, size, base, &problems);
	/* a catalogue, or the problems with the spreadsheet: never neither */
	if (imported == NULL && (problems == NULL || problems->len == 0))
		abort();
	if (imported != NULL && !JSON_NODE_HOLDS_OBJECT(imported))
		abort();
	return 0;
}
