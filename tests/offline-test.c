/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * GET /v1/venues/{venue}/offline, through both front ends: every page a
 * visitor opens, every picture and every exhibit's speech and captions of
 * the sample venue, each URL one sorid answers, with a size estimate; an
 * unknown venue or a bad language answered with the API's problem JSON.
 */

#include "config.h"

#include <string.h>

#include "sori-json.h"
#include "sori-test-api.h"
#include "sori-test-util.h"

#define VENUE "dasol-museum"
#define LIST  "/v1/venues/" VENUE "/offline"

static const gchar *const versions[] = { "description", "audio_description", "easy_read" };

/* the item listed for @url, or NULL */
static JsonObject *
find_item(JsonArray *items, const gchar *url)
{
	for (guint i = 0; i < json_array_get_length(items); i++) {
		JsonObject *item = json_array_get_object_element(items, i);
		if (g_strcmp0(sori_json_object_get_string(item, "url"), url) == 0)
			return item;
	}
	return NULL;
}

static void
assert_listed(JsonArray *items, const gchar *url, const gchar *kind)
{
	JsonObject *item = find_item(items, url);
	gint64 estimate = 0;

	if (item == NULL)
		g_error("the offline list lacks %s", url);
	g_assert_cmpstr(sori_json_object_get_string(item, "kind"), ==, kind);
	g_assert_true(sori_json_object_get_int(item, "estimate", &estimate));
	g_assert_cmpint(estimate, >, 0);
}

static void
test_list(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) reply = sori_test_api_fetch(f, LIST "?lang=en", NULL);
	g_autoptr(SoriTestReply) ko = sori_test_api_fetch(f, LIST, "Accept-Language", "ko", NULL);
	g_autoptr(SoriTestReply) exhibits_reply
		= sori_test_api_fetch(f, "/v1/venues/" VENUE "/exhibits?lang=en", NULL);
	g_autoptr(SoriTestReply) venue_reply
		= sori_test_api_fetch(f, "/v1/venues/" VENUE "?lang=en", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(JsonParser) ko_parser = json_parser_new();
	g_autoptr(JsonParser) exhibits_parser = json_parser_new();
	g_autoptr(JsonParser) venue_parser = json_parser_new();
	JsonObject *list;
	JsonArray *items;
	JsonArray *exhibits;
	JsonArray *galleries;
	gint64 count = 0;
	gint64 total = 0;
	gint64 sum = 0;
	guint pictures = 0;

	g_assert_cmpuint(reply->status, ==, 200);
	g_assert_cmpstr(sori_test_api_header(reply, "Content-Type"), ==, "application/json");
	list = sori_test_api_json(reply, parser);
	g_assert_cmpstr(sori_json_object_get_string(list, "venue"), ==, VENUE);
	g_assert_cmpstr(sori_json_object_get_string(list, "lang"), ==, "en");
	g_assert_cmpstr(sori_json_object_get_string(list, "cache"), ==, "sori-offline-" VENUE);
	items = sori_json_object_get_array(list, "items");
	g_assert_nonnull(items);
	g_assert_true(sori_json_object_get_int(list, "count", &count));
	g_assert_cmpint(count, ==, json_array_get_length(items));
	for (guint i = 0; i < json_array_get_length(items); i++) {
		gint64 estimate = 0;
		sori_json_object_get_int(json_array_get_object_element(items, i), "estimate",
					 &estimate);
		sum += estimate;
	}
	g_assert_true(sori_json_object_get_int(list, "estimate", &total));
	g_assert_cmpint(total, ==, sum);
	/* each URL once: a picture on several pages (the sample's are) is kept, and counted, once
	 */
	{
		g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
		for (guint i = 0; i < json_array_get_length(items); i++) {
			const gchar *url = sori_json_object_get_string(
				json_array_get_object_element(items, i), "url");
			if (!g_hash_table_add(seen, (gpointer) url))
				g_error("%s is listed twice", url);
		}
	}

	/* the home page, access, and every gallery's page with its directions */
	assert_listed(items, "/v/" VENUE, "page");
	assert_listed(items, "/v/" VENUE "/access", "page");
	assert_listed(items, "/v/" VENUE "/keypad", "page");
	assert_listed(items, "/v/" VENUE "/directions", "page");
	galleries = sori_json_object_get_array(sori_test_api_json(venue_reply, venue_parser),
					       "galleries");
	g_assert_cmpuint(json_array_get_length(galleries), >, 0);
	for (guint i = 0; i < json_array_get_length(galleries); i++) {
		const gchar *id = sori_json_object_get_string(
			json_array_get_object_element(galleries, i), "id");
		g_autofree gchar *url = g_strdup_printf("/v/" VENUE "/g/%s", id);
		g_autofree gchar *way = g_strdup_printf("/v/" VENUE "/directions?to=%s", id);
		assert_listed(items, url, "page");
		assert_listed(items, way, "page");
	}
	/* every exhibit: its page, its pictures, each text's speech and captions */
	exhibits = sori_json_object_get_array(sori_test_api_json(exhibits_reply, exhibits_parser),
					      "exhibits");
	g_assert_cmpuint(json_array_get_length(exhibits), ==, 24);
	for (guint i = 0; i < json_array_get_length(exhibits); i++) {
		const gchar *id = sori_json_object_get_string(
			json_array_get_object_element(exhibits, i), "id");
		g_autofree gchar *url = g_strdup_printf("/v/" VENUE "/e/%s", id);
		g_autofree gchar *path
			= g_strdup_printf("/v1/venues/" VENUE "/exhibits/%s?lang=en", id);
		g_autoptr(SoriTestReply) exhibit_reply = sori_test_api_fetch(f, path, NULL);
		g_autoptr(JsonParser) exhibit_parser = json_parser_new();
		JsonObject *e = sori_test_api_json(exhibit_reply, exhibit_parser);
		JsonArray *images = sori_json_object_get_array(e, "images");
		JsonObject *media = sori_json_object_get_object(e, "media");

		assert_listed(items, url, "page");
		for (guint j = 0; images != NULL && j < json_array_get_length(images); j++) {
			assert_listed(items,
				      sori_json_object_get_string(
					      json_array_get_object_element(images, j), "url"),
				      "picture");
			pictures++;
		}
		for (guint j = 0; j < G_N_ELEMENTS(versions); j++) {
			JsonObject *links = sori_json_object_get_object(media, versions[j]);
			if (sori_test_api_text_of(e, versions[j], NULL) == NULL)
				continue;
			assert_listed(items, sori_json_object_get_string(links, "audio"), "audio");
			assert_listed(items, sori_json_object_get_string(links, "captions"),
				      "captions");
		}
	}
	g_assert_cmpuint(pictures, >=, 24);

	/* each page listed is one sorid answers (the pictures are the sample's media,
	 * which this fixture's venues lack; the browser test fetches them) */
	for (guint i = 0; i < json_array_get_length(items); i++) {
		JsonObject *item = json_array_get_object_element(items, i);
		const gchar *kind = sori_json_object_get_string(item, "kind");
		if (g_str_equal(kind, "page")) {
			g_autoptr(SoriTestReply) got = sori_test_api_fetch(
				f, sori_json_object_get_string(item, "url"), NULL);
			if (got->status != 200)
				g_error("%s: HTTP %u", sori_json_object_get_string(item, "url"),
					got->status);
		}
	}

	/* the phone's language where the venue has it, and its speech in that language */
	g_assert_cmpuint(ko->status, ==, 200);
	g_assert_cmpstr(sori_json_object_get_string(sori_test_api_json(ko, ko_parser), "lang"), ==,
			"ko");
	assert_listed(sori_json_object_get_array(
			      json_node_get_object(json_parser_get_root(ko_parser)), "items"),
		      "/v1/venues/" VENUE "/exhibits/moon-jar/audio?lang=ko&field=description",
		      "audio");
}

static void
test_refused(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) unknown
		= sori_test_api_fetch(f, "/v1/venues/no-such-venue/offline?lang=en", NULL);
	g_autoptr(SoriTestReply) bad_lang = sori_test_api_fetch(f, LIST "?lang=!!", NULL);
	g_autoptr(SoriTestReply) empty_lang = sori_test_api_fetch(f, LIST "?lang=", NULL);
	g_autoptr(SoriTestReply) other = sori_test_api_fetch(f, LIST "?lang=en&size=all", NULL);

	sori_test_api_assert_problem(unknown, SORI_PROBLEM_UNKNOWN_VENUE,
				     "/v1/venues/no-such-venue/offline");
	sori_test_api_assert_problem(bad_lang, SORI_PROBLEM_INVALID_PARAMETER, LIST);
	sori_test_api_assert_problem(empty_lang, SORI_PROBLEM_INVALID_PARAMETER, LIST);
	sori_test_api_assert_problem(other, SORI_PROBLEM_INVALID_PARAMETER, LIST);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	sori_test_api_add("offline", "list", test_list);
	sori_test_api_add("offline", "refused", test_refused);
	return g_test_run();
}
