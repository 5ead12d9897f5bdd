/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The fuzzers' venue: small, valid, with one beacon of each kind.
 */
#pragma once

/* a small venue, with one beacon of each kind */
static const char sori_fuzz_catalogue_json[]
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
