/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The body of POST /v1/venues/{venue}/locate, as any phone can send it.
 */

#include "config.h"

#include <stdlib.h>

#include "fuzz.h"
#include "sori-locate.h"

/* a small venue, with one beacon of each kind */
static const char catalogue_json[]
	= "{\"format\": \"sori-catalogue/1\", \"venue\": {\"id\": \"v\", \"name\": {\"en\": "
	  "\"V\"}, "
	  "\"languages\": [\"en\"], \"default_language\": \"en\", \"timezone\": \"UTC\", "
	  "\"licence\": \"CC0-1.0\", \"address\": {\"en\": \"A\"}, \"opening_hours\": "
	  "{\"regular\": "
	  "[]}, \"contact\": {\"email\": \"a@b.example\"}, \"access\": {\"summary\": {\"en\": "
	  "\"S\"}, \"entrances\": [{\"id\": \"m\", \"name\": {\"en\": \"M\"}, \"description\": "
	  "{\"en\": \"D\"}, \"floor\": 1, \"step_free\": true}]}}, \"galleries\": [{\"id\": \"g\", "
	  "\"name\": {\"en\": \"G\"}, \"floor\": 1, \"step_free\": true}], \"exhibits\": [{\"id\": "
	  "\"e\", \"gallery\": \"g\", \"code\": \"101\", \"title\": {\"en\": \"T\"}, "
	  "\"description\": "
	  "{\"en\": \"D\"}, \"audio_description\": {\"en\": \"A\"}, \"easy_read\": {\"en\": "
	  "\"E\"}, "
	  "\"access\": {\"display_height_cm\": 90, \"touchable\": false, \"seating_nearby\": "
	  "false}}], \"beacons\": [{\"id\": "
	  "\"ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:1:101\"}, {\"id\": "
	  "\"eddystone-uid:6a3b1c0e9d2f4a5b8c7d:000000000001\"}, {\"id\": \"eid:lobby-1\"}], "
	  "\"bindings\": [{\"beacon\": \"ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:1:101\", "
	  "\"exhibit\": \"e\"}, {\"beacon\": \"eddystone-uid:6a3b1c0e9d2f4a5b8c7d:000000000001\", "
	  "\"gallery\": \"g\"}, {\"beacon\": \"eid:lobby-1\", \"gallery\": \"g\"}]}";

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
		g_autoptr(GBytes) bytes
			= g_bytes_new_static(catalogue_json, sizeof(catalogue_json) - 1);
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
