/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The public read API over real HTTP: sorid's server on 127.0.0.1, port 0, and a real
 * SoupSession. Every test runs twice: through the fast path and through
 * libsoup alone, which must answer alike.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sori-eid.h"
#include "sori-test-api.h"
#include "sori-test-util.h"

static void
test_venue_list(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) reply = sori_test_api_fetch(f, "/v1/venues", NULL);
	g_autoptr(SoriTestReply) reply_en = sori_test_api_fetch(f, "/v1/venues?lang=en", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(JsonParser) parser_en = json_parser_new();
	JsonArray *venues;
	JsonObject *first;
	const gchar *lang = NULL;

	g_assert_cmpuint(reply->status, ==, 200);
	g_assert_cmpstr(sori_test_api_header(reply, "Content-Type"), ==, "application/json");
	g_assert_cmpstr(sori_test_api_header(reply, "Access-Control-Allow-Origin"), ==, "*");
	g_assert_nonnull(sori_test_api_header(reply, "ETag"));
	g_assert_nonnull(strstr(sori_test_api_header(reply, "Vary"), "Accept-Language"));
	venues = json_object_get_array_member(sori_test_api_json(reply, parser), "venues");
	/* the broken and misnamed venues are not listed */
	g_assert_cmpuint(json_array_get_length(venues), ==, 2);
	first = json_array_get_object_element(venues, 0);
	g_assert_cmpstr(json_object_get_string_member(first, "id"), ==, "dasol-museum");
	g_assert_cmpstr(sori_test_api_text_of(first, "name", &lang), ==, "다솔 공예 박물관");
	g_assert_cmpstr(lang, ==, "ko");
	g_assert_cmpstr(json_object_get_string_member(first, "href"), ==,
			"/v1/venues/dasol-museum");

	venues = json_object_get_array_member(sori_test_api_json(reply_en, parser_en), "venues");
	first = json_array_get_object_element(venues, 0);
	g_assert_cmpstr(sori_test_api_text_of(first, "name", &lang), ==, "Dasol Museum of Crafts");
	g_assert_cmpstr(lang, ==, "en");
	g_assert_cmpstr(sori_test_api_header(reply, "ETag"), !=,
			sori_test_api_header(reply_en, "ETag"));
}

static void
test_venue(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) reply
		= sori_test_api_fetch(f, "/v1/venues/dasol-museum?lang=en", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *venue;
	JsonObject *access;
	JsonArray *galleries;
	JsonObject *entrance;
	const gchar *lang = NULL;

	g_assert_cmpuint(reply->status, ==, 200);
	g_assert_cmpstr(sori_test_api_header(reply, "Content-Language"), ==, "en");
	venue = sori_test_api_json(reply, parser);
	g_assert_cmpstr(json_object_get_string_member(venue, "lang"), ==, "en");
	g_assert_cmpstr(json_object_get_string_member(venue, "default_language"), ==, "ko");
	galleries = json_object_get_array_member(venue, "galleries");
	g_assert_cmpuint(json_array_get_length(galleries), ==, 4);
	g_assert_cmpstr(
		sori_test_api_text_of(json_array_get_object_element(galleries, 1), "name", NULL),
		==, "Threads: Textiles and Embroidery");
	g_assert_cmpint(
		json_object_get_int_member(json_array_get_object_element(galleries, 2), "floor"),
		==, 2);
	access = json_object_get_object_member(venue, "access");
	g_assert_nonnull(strstr(sori_test_api_text_of(access, "summary", &lang), "step-free"));
	g_assert_cmpstr(lang, ==, "en");
	entrance = json_array_get_object_element(json_object_get_array_member(access, "entrances"),
						 1);
	g_assert_false(json_object_get_boolean_member(entrance, "step_free"));
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(access, "lifts")), ==,
			 1);
	g_assert_true(json_object_has_member(venue, "opening_hours"));
	g_assert_cmpstr(json_object_get_string_member(
				json_object_get_object_member(venue, "contact"), "sms"),
			==, "+82 10 5550 0142");
}

static void
test_exhibit_list(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) all
		= sori_test_api_fetch(f, "/v1/venues/dasol-museum/exhibits", NULL);
	g_autoptr(SoriTestReply) threads
		= sori_test_api_fetch(f, "/v1/venues/dasol-museum/exhibits?gallery=threads", NULL);
	g_autoptr(SoriTestReply) unknown
		= sori_test_api_fetch(f, "/v1/venues/dasol-museum/exhibits?gallery=attic", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(JsonParser) parser2 = json_parser_new();
	JsonArray *list;

	g_assert_cmpuint(all->status, ==, 200);
	list = json_object_get_array_member(sori_test_api_json(all, parser), "exhibits");
	g_assert_cmpuint(json_array_get_length(list), ==, 24);
	g_assert_cmpuint(threads->status, ==, 200);
	list = json_object_get_array_member(sori_test_api_json(threads, parser2), "exhibits");
	g_assert_cmpuint(json_array_get_length(list), ==, 6);
	for (guint i = 0; i < json_array_get_length(list); i++) {
		JsonObject *item = json_array_get_object_element(list, i);
		g_assert_cmpstr(json_object_get_string_member(item, "gallery"), ==, "threads");
		g_assert_cmpuint(strlen(json_object_get_string_member(item, "code")), ==, 3);
	}
	sori_test_api_assert_problem(unknown, SORI_PROBLEM_INVALID_PARAMETER, NULL);
}

static void
test_exhibit_languages(SoriTestApi *f, gconstpointer user_data)
{
	const gchar *path = "/v1/venues/dasol-museum/exhibits/moon-jar";
	g_autoptr(SoriTestReply) plain = sori_test_api_fetch(f, path, NULL);
	g_autoptr(SoriTestReply) param
		= sori_test_api_fetch(f, "/v1/venues/dasol-museum/exhibits/moon-jar?lang=en", NULL);
	g_autoptr(SoriTestReply) header_en
		= sori_test_api_fetch(f, path, "Accept-Language", "en-GB,en;q=0.9", NULL);
	g_autoptr(SoriTestReply) header_fr
		= sori_test_api_fetch(f, path, "Accept-Language", "fr-FR, fr;q=0.9", NULL);
	g_autoptr(SoriTestReply) param_wins
		= sori_test_api_fetch(f, "/v1/venues/dasol-museum/exhibits/moon-jar?lang=ko",
				      "Accept-Language", "en", NULL);
	g_autoptr(SoriTestReply) param_fr
		= sori_test_api_fetch(f, "/v1/venues/dasol-museum/exhibits/moon-jar?lang=fr", NULL);
	g_autoptr(SoriTestReply) param_bad = sori_test_api_fetch(
		f, "/v1/venues/dasol-museum/exhibits/moon-jar?lang=no_such_tag", NULL);
	g_autoptr(JsonParser) p1 = json_parser_new();
	g_autoptr(JsonParser) p2 = json_parser_new();
	g_autoptr(JsonParser) p3 = json_parser_new();
	g_autoptr(JsonParser) p4 = json_parser_new();
	g_autoptr(JsonParser) p5 = json_parser_new();
	g_autoptr(JsonParser) p6 = json_parser_new();
	JsonObject *obj;
	const gchar *lang = NULL;

	/* no preference: the venue's default */
	obj = sori_test_api_json(plain, p1);
	g_assert_cmpstr(sori_test_api_text_of(obj, "title", &lang), ==, "백자 달항아리");
	g_assert_cmpstr(lang, ==, "ko");
	g_assert_cmpstr(sori_test_api_header(plain, "Content-Language"), ==, "ko");

	obj = sori_test_api_json(param, p2);
	g_assert_cmpstr(sori_test_api_text_of(obj, "title", &lang), ==, "White Porcelain Moon Jar");
	g_assert_cmpstr(lang, ==, "en");
	g_assert_nonnull(
		strstr(sori_test_api_text_of(obj, "audio_description", &lang), "45 centimetres"));
	g_assert_cmpstr(lang, ==, "en");
	g_assert_nonnull(sori_test_api_text_of(obj, "easy_read", NULL));
	g_assert_cmpstr(json_object_get_string_member(obj, "code"), ==, "101");
	g_assert_cmpstr(json_object_get_string_member(obj, "licence"), ==, "KOGL-Type1");
	g_assert_cmpstr(
		sori_test_api_text_of(json_array_get_object_element(
					      json_object_get_array_member(obj, "images"), 0),
				      "alt", &lang),
		!=, NULL);
	g_assert_cmpstr(lang, ==, "en");
	g_assert_cmpstr(json_object_get_string_member(
				json_object_get_object_member(obj, "sign_language"), "language"),
			==, "kvk");
	g_assert_false(json_object_get_boolean_member(json_object_get_object_member(obj, "access"),
						      "touchable"));

	obj = sori_test_api_json(header_en, p3);
	g_assert_cmpstr(json_object_get_string_member(obj, "lang"), ==, "en");
	/* a language the venue does not offer: the default, and the body says so */
	obj = sori_test_api_json(header_fr, p4);
	g_assert_cmpstr(json_object_get_string_member(obj, "lang"), ==, "ko");
	sori_test_api_text_of(obj, "description", &lang);
	g_assert_cmpstr(lang, ==, "ko");
	obj = sori_test_api_json(param_wins, p5);
	g_assert_cmpstr(json_object_get_string_member(obj, "lang"), ==, "ko");
	obj = sori_test_api_json(param_fr, p6);
	g_assert_cmpstr(json_object_get_string_member(obj, "lang"), ==, "ko");
	sori_test_api_assert_problem(param_bad, SORI_PROBLEM_INVALID_PARAMETER, path);
}

static void
test_codes(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) exhibit
		= sori_test_api_fetch(f, "/v1/venues/dasol-museum/codes/201?lang=en", NULL);
	g_autoptr(SoriTestReply) gallery
		= sori_test_api_fetch(f, "/v1/venues/dasol-museum/codes/400", NULL);
	g_autoptr(SoriTestReply) unknown
		= sori_test_api_fetch(f, "/v1/venues/dasol-museum/codes/999", NULL);
	g_autoptr(SoriTestReply) malformed
		= sori_test_api_fetch(f, "/v1/venues/dasol-museum/codes/2x1", NULL);
	g_autoptr(SoriTestReply) too_long
		= sori_test_api_fetch(f, "/v1/venues/dasol-museum/codes/12345678", NULL);
	g_autoptr(JsonParser) p1 = json_parser_new();
	g_autoptr(JsonParser) p2 = json_parser_new();
	JsonObject *obj;

	g_assert_cmpuint(exhibit->status, ==, 200);
	obj = sori_test_api_json(exhibit, p1);
	g_assert_cmpstr(json_object_get_string_member(obj, "target"), ==, "exhibit");
	g_assert_cmpstr(
		sori_test_api_text_of(json_object_get_object_member(obj, "exhibit"), "title", NULL),
		==, "Patchwork Wrapping Cloth (Jogakbo)");
	g_assert_cmpuint(gallery->status, ==, 200);
	obj = sori_test_api_json(gallery, p2);
	g_assert_cmpstr(json_object_get_string_member(obj, "target"), ==, "gallery");
	g_assert_cmpstr(
		json_object_get_string_member(json_object_get_object_member(obj, "gallery"), "id"),
		==, "touch-gallery");
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(obj, "exhibits")), ==,
			 6);
	sori_test_api_assert_problem(unknown, SORI_PROBLEM_UNKNOWN_CODE,
				     "/v1/venues/dasol-museum/codes/999");
	sori_test_api_assert_problem(malformed, SORI_PROBLEM_INVALID_PARAMETER, NULL);
	sori_test_api_assert_problem(too_long, SORI_PROBLEM_INVALID_PARAMETER, NULL);
}

static void
test_export(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) reply
		= sori_test_api_fetch(f, "/v1/venues/dasol-museum/export", NULL);
	g_autoptr(SoriTestReply) with_lang
		= sori_test_api_fetch(f, "/v1/venues/dasol-museum/export?lang=en", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *obj;
	JsonArray *exhibits;

	g_assert_cmpuint(reply->status, ==, 200);
	g_assert_null(sori_test_api_header(reply, "Content-Language"));
	obj = sori_test_api_json(reply, parser);
	g_assert_cmpstr(json_object_get_string_member(obj, "format"), ==, "sori-open-data/1");
	g_assert_cmpstr(json_object_get_string_member(obj, "licence"), ==, "KOGL-Type1");
	g_assert_false(json_object_has_member(obj, "beacons"));
	g_assert_false(json_object_has_member(obj, "bindings"));
	exhibits = json_object_get_array_member(obj, "exhibits");
	g_assert_cmpuint(json_array_get_length(exhibits), ==, 24);
	for (guint i = 0; i < json_array_get_length(exhibits); i++) {
		JsonObject *exhibit = json_array_get_object_element(exhibits, i);
		JsonObject *title = json_object_get_object_member(exhibit, "title");
		g_assert_true(json_object_has_member(title, "ko"));
		g_assert_true(json_object_has_member(title, "en"));
		g_assert_nonnull(json_object_get_string_member(exhibit, "licence"));
	}
	/* the export is in every language: it takes no lang */
	sori_test_api_assert_problem(with_lang, SORI_PROBLEM_INVALID_PARAMETER, NULL);
}

static void
test_health(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) reply = sori_test_api_fetch(f, "/healthz", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *obj;
	JsonArray *failed;

	g_assert_cmpuint(reply->status, ==, 200);
	g_assert_cmpstr(sori_test_api_header(reply, "Cache-Control"), ==, "no-store");
	obj = sori_test_api_json(reply, parser);
	g_assert_cmpstr(json_object_get_string_member(obj, "status"), ==, "degraded");
	g_assert_cmpint(json_object_get_int_member(obj, "venues_served"), ==, 2);
	failed = json_object_get_array_member(obj, "venues_failed");
	g_assert_cmpuint(json_array_get_length(failed), ==, 2);
	g_assert_cmpstr(json_array_get_string_element(failed, 0), ==, "broken");
	g_assert_cmpstr(json_array_get_string_element(failed, 1), ==, "misnamed");
}

static void
test_errors(SoriTestApi *f, gconstpointer user_data)
{
	struct {
		const gchar *path;
		SoriProblem problem;
	} cases[] = {
		{ "/v1/venues/nowhere", SORI_PROBLEM_UNKNOWN_VENUE },
		{ "/v1/venues/nowhere/exhibits/moon-jar", SORI_PROBLEM_UNKNOWN_VENUE },
		{ "/v1/venues/broken", SORI_PROBLEM_VENUE_UNAVAILABLE },
		{ "/v1/venues/misnamed/exhibits", SORI_PROBLEM_VENUE_UNAVAILABLE },
		{ "/v1/venues/dasol-museum/exhibits/ghost", SORI_PROBLEM_UNKNOWN_EXHIBIT },
		{ "/v1/venues/dasol-museum/exhibits/moon-jar/more", SORI_PROBLEM_UNKNOWN_ROUTE },
		{ "/v1/venues/dasol-museum/things", SORI_PROBLEM_UNKNOWN_ROUTE },
		{ "/v1/nothing", SORI_PROBLEM_UNKNOWN_ROUTE },
		{ "/wp-login.php", SORI_PROBLEM_UNKNOWN_ROUTE },
		/* an id that is not UTF-8 names nothing, and is not echoed back */
		{ "/v1/venues/%FF", SORI_PROBLEM_UNKNOWN_ROUTE },
		{ "/v1/venues/dasol-museum/exhibits/%C3%28", SORI_PROBLEM_UNKNOWN_ROUTE },
		{ "/app/no-such-file.js", SORI_PROBLEM_UNKNOWN_ROUTE },
		{ "/v/dasol-museum/e/moon-jar/more/still-more", SORI_PROBLEM_UNKNOWN_ROUTE },
		{ "/v1/venues?colour=red", SORI_PROBLEM_INVALID_PARAMETER },
		{ "/v1/venues/dasol-museum?lang=en&lang=ko", SORI_PROBLEM_INVALID_PARAMETER },
		{ "/v1/venues/dasol-museum/exhibits?galery=threads",
		  SORI_PROBLEM_INVALID_PARAMETER },
		{ "/healthz?verbose=1", SORI_PROBLEM_INVALID_PARAMETER },
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(SoriTestReply) reply = sori_test_api_fetch(f, cases[i].path, NULL);
		g_test_message("GET %s", cases[i].path);
		sori_test_api_assert_problem(reply, cases[i].problem, NULL);
	}
}

static void
test_methods(SoriTestApi *f, gconstpointer user_data)
{
	const gchar *path = "/v1/venues/dasol-museum/exhibits/moon-jar";
	g_autoptr(SoriTestReply) post = sori_test_api_fetch_full(f, "POST", "/v1/venues", NULL);
	g_autoptr(SoriTestReply) del = sori_test_api_fetch_full(f, "DELETE", path, NULL);
	const gchar *preflight_headers[] = { "Origin", "https://dasol-museum.example",
					     "Access-Control-Request-Method", "GET", NULL };
	g_autoptr(SoriTestReply) preflight
		= sori_test_api_fetch_full(f, "OPTIONS", path, preflight_headers);
	g_autoptr(SoriTestReply) get = sori_test_api_fetch(f, path, NULL);
	g_autoptr(SoriTestReply) head = sori_test_api_fetch_full(f, "HEAD", path, NULL);

	sori_test_api_assert_problem(post, SORI_PROBLEM_METHOD_NOT_ALLOWED, "/v1/venues");
	g_assert_cmpstr(sori_test_api_header(post, "Allow"), ==, "GET, HEAD, OPTIONS");
	sori_test_api_assert_problem(del, SORI_PROBLEM_METHOD_NOT_ALLOWED, path);
	g_assert_cmpuint(preflight->status, ==, 204);
	g_assert_cmpstr(sori_test_api_header(preflight, "Access-Control-Allow-Origin"), ==, "*");
	g_assert_nonnull(
		strstr(sori_test_api_header(preflight, "Access-Control-Allow-Methods"), "GET"));
	/* HEAD: the headers of GET, no body */
	g_assert_cmpuint(head->status, ==, 200);
	g_assert_cmpuint(g_bytes_get_size(head->body), ==, 0);
	g_assert_cmpint(soup_message_headers_get_content_length(head->headers), ==,
			g_bytes_get_size(get->body));
	g_assert_cmpstr(sori_test_api_header(head, "ETag"), ==, sori_test_api_header(get, "ETag"));
}

static void
test_conditional(SoriTestApi *f, gconstpointer user_data)
{
	const gchar *path = "/v1/venues/dasol-museum/exhibits/moon-jar?lang=en";
	g_autoptr(SoriTestReply) first = sori_test_api_fetch(f, path, NULL);
	const gchar *etag = sori_test_api_header(first, "ETag");
	g_autofree gchar *weak = g_strconcat("W/", etag, NULL);
	g_autofree gchar *listed = g_strconcat("\"other\", ", etag, NULL);
	g_autoptr(SoriTestReply) again = sori_test_api_fetch(f, path, "If-None-Match", etag, NULL);
	g_autoptr(SoriTestReply) weak_reply
		= sori_test_api_fetch(f, path, "If-None-Match", weak, NULL);
	g_autoptr(SoriTestReply) list_reply
		= sori_test_api_fetch(f, path, "If-None-Match", listed, NULL);
	g_autoptr(SoriTestReply) other
		= sori_test_api_fetch(f, path, "If-None-Match", "\"something-else\"", NULL);
	g_autoptr(SoriTestReply) other_lang
		= sori_test_api_fetch(f, "/v1/venues/dasol-museum/exhibits/moon-jar?lang=ko",
				      "If-None-Match", etag, NULL);

	g_assert_cmpuint(first->status, ==, 200);
	g_assert_nonnull(etag);
	g_assert_true(g_str_has_prefix(etag, "\""));
	g_assert_cmpstr(sori_test_api_header(first, "Cache-Control"), ==, "public, max-age=60");
	g_assert_cmpuint(again->status, ==, 304);
	g_assert_cmpuint(g_bytes_get_size(again->body), ==, 0);
	g_assert_cmpstr(sori_test_api_header(again, "ETag"), ==, etag);
	g_assert_cmpuint(weak_reply->status, ==, 304);
	g_assert_cmpuint(list_reply->status, ==, 304);
	g_assert_cmpuint(other->status, ==, 200);
	g_assert_cmpuint(other_lang->status, ==, 200);
}

static GBytes *
gunzip(GBytes *input)
{
	g_autoptr(GZlibDecompressor) decompressor
		= g_zlib_decompressor_new(G_ZLIB_COMPRESSOR_FORMAT_GZIP);
	g_autoptr(GInputStream) base = g_memory_input_stream_new_from_bytes(input);
	g_autoptr(GInputStream) stream
		= g_converter_input_stream_new(base, G_CONVERTER(decompressor));
	g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable();
	g_autoptr(GError) error = NULL;
	g_output_stream_splice(out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
	g_assert_no_error(error);
	return g_memory_output_stream_steal_as_bytes(G_MEMORY_OUTPUT_STREAM(out));
}

static void
test_gzip(SoriTestApi *f, gconstpointer user_data)
{
	const gchar *path = "/v1/venues/dasol-museum/exhibits?lang=ko";
	g_autoptr(SoriTestReply) plain = sori_test_api_fetch(f, path, NULL);
	g_autoptr(SoriTestReply) gz
		= sori_test_api_fetch(f, path, "Accept-Encoding", "gzip, deflate, br", NULL);
	g_autoptr(SoriTestReply) refused
		= sori_test_api_fetch(f, path, "Accept-Encoding", "gzip;q=0, identity", NULL);
	g_autoptr(SoriTestReply) again = NULL;
	g_autoptr(GBytes) unpacked = NULL;

	g_assert_null(sori_test_api_header(plain, "Content-Encoding"));
	g_assert_cmpstr(sori_test_api_header(gz, "Content-Encoding"), ==, "gzip");
	g_assert_cmpuint(g_bytes_get_size(gz->body), <, g_bytes_get_size(plain->body) / 2);
	unpacked = gunzip(gz->body);
	g_assert_true(g_bytes_equal(unpacked, plain->body));
	/* the two encodings are two representations, with two ETags */
	g_assert_cmpstr(sori_test_api_header(gz, "ETag"), !=, sori_test_api_header(plain, "ETag"));
	g_assert_null(sori_test_api_header(refused, "Content-Encoding"));
	again = sori_test_api_fetch(f, path, "Accept-Encoding", "gzip", "If-None-Match",
				    sori_test_api_header(gz, "ETag"), NULL);
	g_assert_cmpuint(again->status, ==, 304);
	g_assert_cmpstr(sori_test_api_header(again, "ETag"), ==, sori_test_api_header(gz, "ETag"));
}

static void
test_reload(SoriTestApi *f, gconstpointer user_data)
{
	const gchar *path = "/v1/venues/haneul-wetland/exhibits/otter?lang=en";
	g_autoptr(SoriTestReply) before = sori_test_api_fetch(f, path, NULL);
	g_autoptr(SoriTestReply) after = NULL;
	g_autoptr(SoriTestReply) gone = NULL;
	g_autofree gchar *file = g_build_filename(f->data_dir, "haneul-wetland.json", NULL);
	g_autofree gchar *text = NULL;
	g_autoptr(GString) changed = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;

	g_assert_cmpuint(before->status, ==, 200);
	g_assert_true(g_file_get_contents(file, &text, NULL, NULL));
	changed = g_string_new(text);
	g_assert_cmpuint(g_string_replace(changed, "Stuffed Eurasian Otter", "Eurasian Otter", 0),
			 ==, 1);
	g_assert_true(g_file_set_contents(file, changed->str, changed->len, NULL));
	g_assert_true(sori_venue_store_load(f->store, &error));
	after = sori_test_api_fetch(f, path, "If-None-Match", sori_test_api_header(before, "ETag"),
				    NULL);
	g_assert_cmpuint(after->status, ==, 200);
	g_assert_cmpstr(sori_test_api_text_of(sori_test_api_json(after, parser), "title", NULL), ==,
			"Eurasian Otter");

	/* a venue whose new catalogue is invalid is no longer served, not served half */
	g_assert_true(g_file_set_contents(file, "{}", -1, NULL));
	g_assert_true(sori_venue_store_load(f->store, &error));
	gone = sori_test_api_fetch(f, path, NULL);
	sori_test_api_assert_problem(gone, SORI_PROBLEM_VENUE_UNAVAILABLE, NULL);
}

/* runs what the main loop has pending: the budgets are kept once a request is answered */
static void
run_pending(void)
{
	while (g_main_context_iteration(NULL, FALSE))
		;
}

/* venues beyond the memory budget go idle and answer all the same, whole */
static void
test_idle_venues(SoriTestApi *f, gconstpointer user_data)
{
	const gchar *path = "/v1/venues/haneul-wetland/exhibits/otter?lang=en";
	g_autoptr(SoriTestReply) before = sori_test_api_fetch(f, path, NULL);
	g_autoptr(SoriTestReply) list_before = sori_test_api_fetch(f, "/v1/venues", NULL);
	g_autoptr(SoriTestReply) after = NULL;
	g_autoptr(SoriTestReply) list_after = NULL;
	GPtrArray *snapshots = sori_venue_store_get_snapshots(f->store);
	guint parsed = 0;
	guint idle = 0;

	g_assert_cmpuint(before->status, ==, 200);
	g_assert_cmpuint(snapshots->len, >, 1);
	/* a byte: every venue not held by a request goes idle */
	sori_venue_store_set_memory_budget(f->store, 1);
	sori_venue_store_get_parsed_bytes(f->store, &parsed);
	g_assert_cmpuint(parsed, ==, 0);
	for (guint i = 0; i < snapshots->len; i++) {
		SoriVenueSnapshot *snapshot = g_ptr_array_index(snapshots, i);
		idle += sori_catalogue_is_summary(snapshot->catalogue);
	}
	g_assert_cmpuint(idle, ==, snapshots->len);
	/* the list of venues needs none of them whole */
	g_hash_table_remove_all(sori_venue_store_get_list_cache(f->store));
	list_after = sori_test_api_fetch(f, "/v1/venues", NULL);
	g_assert_cmpuint(list_after->status, ==, 200);
	g_assert_true(g_bytes_equal(list_before->body, list_after->body));
	sori_venue_store_get_parsed_bytes(f->store, &parsed);
	g_assert_cmpuint(parsed, ==, 0);
	/* an answer given before is served as it was, the venue left idle */
	after = sori_test_api_fetch(f, path, NULL);
	g_assert_cmpuint(after->status, ==, 200);
	g_assert_true(g_bytes_equal(before->body, after->body));
	g_assert_cmpstr(sori_test_api_header(after, "ETag"), ==,
			sori_test_api_header(before, "ETag"));
	sori_venue_store_get_parsed_bytes(f->store, &parsed);
	g_assert_cmpuint(parsed, ==, 0);
	/* one never given reads the venue again, whole, and answers as before */
	sori_venue_store_set_memory_budget(f->store, 0);
	sori_venue_store_set_memory_budget(f->store, 1);
	{
		g_autoptr(SoriTestReply) korean = NULL;
		g_autoptr(SoriTestReply) korean_again = NULL;
		korean = sori_test_api_fetch(f, "/v1/venues/haneul-wetland/exhibits/otter?lang=ko",
					     NULL);
		g_assert_cmpuint(korean->status, ==, 200);
		g_assert_nonnull(g_strstr_len(g_bytes_get_data(korean->body, NULL),
					      g_bytes_get_size(korean->body), "\"lang\""));
		/* and goes idle again once it is answered */
		run_pending();
		sori_venue_store_get_parsed_bytes(f->store, &parsed);
		g_assert_cmpuint(parsed, ==, 0);
		korean_again = sori_test_api_fetch(
			f, "/v1/venues/haneul-wetland/exhibits/otter?lang=ko", NULL);
		g_assert_true(g_bytes_equal(korean->body, korean_again->body));
		/* an unknown exhibit of an idle venue is unknown, not kept */
		g_clear_pointer(&korean_again, sori_test_reply_free);
		korean_again = sori_test_api_fetch(
			f, "/v1/venues/haneul-wetland/exhibits/no-such-exhibit", NULL);
		g_assert_cmpuint(korean_again->status, ==, 404);
	}
	sori_venue_store_set_memory_budget(f->store, 0);
}

/* what is built per venue stays within its budget across the venues */
static void
test_views_budget(SoriTestApi *f, gconstpointer user_data)
{
	const gchar *paths[] = {
		"/v1/venues/haneul-wetland/exhibits/otter?lang=en",
		"/v1/venues/haneul-wetland/exhibits/otter?lang=ko",
		"/v1/venues/dasol-museum/exhibits/moon-jar?lang=en",
		"/v1/venues/dasol-museum?lang=en",
	};
	g_autoptr(GPtrArray) first
		= g_ptr_array_new_with_free_func((GDestroyNotify) sori_test_reply_free);
	guint kept = 0;
	gsize bytes;

	sori_venue_snapshot_set_views_budget(0);
	for (guint i = 0; i < G_N_ELEMENTS(paths); i++) {
		SoriTestReply *reply = sori_test_api_fetch(f, paths[i], NULL);
		g_assert_cmpuint(reply->status, ==, 200);
		g_ptr_array_add(first, reply);
	}
	bytes = sori_venue_snapshot_get_views_bytes(&kept);
	g_assert_cmpuint(kept, >=, G_N_ELEMENTS(paths));
	/* room for about one: the others go, the most recent stays */
	sori_venue_snapshot_set_views_budget(bytes / kept + 1);
	g_assert_cmpuint(sori_venue_snapshot_get_views_bytes(&kept), <=,
			 bytes / G_N_ELEMENTS(paths) + 1);
	g_assert_cmpuint(kept, <=, 1);
	/* each is built again when asked for, the same */
	for (guint i = 0; i < G_N_ELEMENTS(paths); i++) {
		g_autoptr(SoriTestReply) again = sori_test_api_fetch(f, paths[i], NULL);
		SoriTestReply *reply = g_ptr_array_index(first, i);
		g_assert_cmpuint(again->status, ==, 200);
		g_assert_true(g_bytes_equal(reply->body, again->body));
		run_pending();
		g_assert_cmpuint(sori_venue_snapshot_get_views_bytes(&kept), <=,
				 bytes / G_N_ELEMENTS(paths) + 1 + 4096);
	}
	sori_venue_snapshot_set_views_budget(0);
}

/* ------------------------------------------------------------------------ */
/* raw HTTP/1.1, for what a SoupSession never sends */

static GSocket *
raw_connect(SoriTestApi *f)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
	g_autoptr(GSocketAddress) address
		= g_inet_socket_address_new(loopback, sori_http_server_get_port(f->server));
	GSocket *socket = g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
				       G_SOCKET_PROTOCOL_TCP, &error);
	g_assert_no_error(error);
	g_assert_true(g_socket_connect(socket, address, NULL, &error));
	g_assert_no_error(error);
	g_socket_set_blocking(socket, FALSE);
	return socket;
}

static void
raw_send(GSocket *socket, const gchar *data)
{
	g_autoptr(GError) error = NULL;
	gssize n = g_socket_send(socket, data, strlen(data), NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpint(n, ==, strlen(data));
}

/* reads until @n_responses complete responses (or EOF) have arrived */
static GString *
raw_receive(GSocket *socket, guint n_responses)
{
	GString *received = g_string_new(NULL);
	gint64 deadline = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;

	while (g_get_monotonic_time() < deadline) {
		gchar buf[4096];
		g_autoptr(GError) error = NULL;
		gssize n;
		guint complete = 0;
		const gchar *p;

		g_main_context_iteration(NULL, FALSE);
		n = g_socket_receive(socket, buf, sizeof(buf), NULL, &error);
		if (n == 0)
			break;
		if (n > 0)
			g_string_append_len(received, buf, n);
		/* count whole responses: head plus Content-Length bytes */
		p = received->str;
		while ((p = strstr(p, "HTTP/1.1 ")) != NULL) {
			const gchar *end = strstr(p, "\r\n\r\n");
			const gchar *cl = strstr(p, "Content-Length: ");
			gsize body = 0;
			if (end == NULL)
				break;
			if (cl != NULL && cl < end)
				body = g_ascii_strtoull(cl + 16, NULL, 10);
			if ((gsize) (received->str + received->len - (end + 4)) < body)
				break;
			complete++;
			p = end + 4 + body;
		}
		if (complete >= n_responses)
			break;
		if (n < 0)
			g_usleep(1000);
	}
	return received;
}

static guint
count_substrings(const gchar *haystack, const gchar *needle)
{
	guint n = 0;
	for (const gchar *p = haystack; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void
test_raw_pipelined(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(GSocket) socket = raw_connect(f);
	g_autoptr(GString) received = NULL;

	raw_send(socket, "GET /v1/venues/dasol-museum/exhibits/moon-jar?lang=en HTTP/1.1\r\n"
			 "Host: localhost\r\n\r\n"
			 "GET /v1/venues/dasol-museum/codes/999 HTTP/1.1\r\n"
			 "Host: localhost\r\n\r\n"
			 "GET /v1/venues/haneul-wetland?lang=ko HTTP/1.1\r\n"
			 "Host: localhost\r\n\r\n");
	received = raw_receive(socket, 3);
	g_assert_cmpuint(count_substrings(received->str, "HTTP/1.1 200 OK\r\n"), ==, 2);
	g_assert_cmpuint(count_substrings(received->str, "HTTP/1.1 404 Not Found\r\n"), ==, 1);
	/* in order */
	g_assert_true(strstr(received->str, "White Porcelain Moon Jar")
		      < strstr(received->str, "unknown-code"));
	g_assert_true(strstr(received->str, "unknown-code") < strstr(received->str, "하늘습지"));
}

static void
test_raw_split_head(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(GSocket) socket = raw_connect(f);
	g_autoptr(GString) received = NULL;

	/* the head arrives in two parts: whichever front end reads it must wait for the rest */
	raw_send(socket, "GET /v1/venues/dasol-museum/exhibits/bojagi?lang=en HTTP/1.1\r\nHo");
	for (guint i = 0; i < 20; i++) {
		g_main_context_iteration(NULL, FALSE);
		g_usleep(1000);
	}
	raw_send(socket, "st: localhost\r\nAccept-Language: ko\r\n\r\n");
	received = raw_receive(socket, 1);
	g_assert_true(g_str_has_prefix(received->str, "HTTP/1.1 200 OK\r\n"));
	g_assert_nonnull(strstr(received->str, "Patchwork Wrapping Cloth"));
}

static void
wait_for_eof(GSocket *socket)
{
	gchar buf[16];
	gssize n = -1;
	for (guint i = 0; i < 2000 && n != 0; i++) {
		g_main_context_iteration(NULL, FALSE);
		n = g_socket_receive(socket, buf, sizeof(buf), NULL, NULL);
		if (n < 0)
			g_usleep(1000);
	}
	g_assert_cmpint(n, ==, 0);
}

static void
test_raw_keepalive_and_close(SoriTestApi *f, gconstpointer user_data)
{
	gboolean fast_path = GPOINTER_TO_INT(user_data);
	g_autoptr(GSocket) socket = raw_connect(f);
	g_autoptr(GString) first = NULL;
	g_autoptr(GString) second = NULL;

	raw_send(socket, "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n");
	first = raw_receive(socket, 1);
	g_assert_true(g_str_has_prefix(first->str, "HTTP/1.1 200 OK\r\n"));
	if (!fast_path) {
		/* libsoup closes after one response, and says so */
		g_assert_nonnull(strstr(first->str, "\r\nConnection: close\r\n"));
		wait_for_eof(socket);
		return;
	}
	g_assert_null(strstr(first->str, "Connection: close"));
	/* the same connection serves a second request, then closes as asked */
	raw_send(socket, "GET /v1/venues HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
	second = raw_receive(socket, 1);
	g_assert_true(g_str_has_prefix(second->str, "HTTP/1.1 200 OK\r\n"));
	wait_for_eof(socket);
}

static void
test_raw_garbage(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(GSocket) socket = raw_connect(f);
	g_autoptr(GString) received = NULL;

	raw_send(socket, "GET /v1/venues HTTP/1.1\r\nthis is not a header\r\n\r\n");
	received = raw_receive(socket, 1);
	g_assert_true(g_str_has_prefix(received->str, "HTTP/1.1 400 Bad Request\r\n"));
}

static void
test_raw_bad_encoding(SoriTestApi *f, gconstpointer user_data)
{
	const gchar *targets[]
		= { "/v1/venues/dasol-museum?lang=%ZZ", "/v1/venues/dasol-museum?lang=%FF",
		    "/v1/venues/dasol-museum?lang=%00" };
	for (guint i = 0; i < G_N_ELEMENTS(targets); i++) {
		g_autoptr(GSocket) socket = raw_connect(f);
		g_autoptr(GString) received = NULL;
		g_autofree gchar *request
			= g_strdup_printf("GET %s HTTP/1.1\r\nHost: localhost\r\n\r\n", targets[i]);
		raw_send(socket, request);
		received = raw_receive(socket, 1);
		g_assert_true(g_str_has_prefix(received->str, "HTTP/1.1 400 Bad Request\r\n"));
		/* libsoup refuses a URI it cannot parse before any handler sees it */
		if (GPOINTER_TO_INT(user_data))
			g_assert_nonnull(
				strstr(received->str, "urn:sori:problem:invalid-parameter"));
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	sori_test_api_add("http", "venue-list", test_venue_list);
	sori_test_api_add("http", "venue", test_venue);
	sori_test_api_add("http", "exhibit-list", test_exhibit_list);
	sori_test_api_add("http", "exhibit-languages", test_exhibit_languages);
	sori_test_api_add("http", "codes", test_codes);
	sori_test_api_add("http", "export", test_export);
	sori_test_api_add("http", "health", test_health);
	sori_test_api_add("http", "errors", test_errors);
	sori_test_api_add("http", "methods", test_methods);
	sori_test_api_add("http", "conditional", test_conditional);
	sori_test_api_add("http", "gzip", test_gzip);
	sori_test_api_add("http", "reload", test_reload);
	sori_test_api_add("http", "idle-venues", test_idle_venues);
	sori_test_api_add("http", "views-budget", test_views_budget);
	/* libsoup 3.2 answers only the first of pipelined requests already in its
	 * buffer and then waits; browsers do not pipeline, the fast path handles it */
	g_test_add("/http/fast-path/raw/pipelined", SoriTestApi, GINT_TO_POINTER(TRUE),
		   sori_test_api_setup, test_raw_pipelined, sori_test_api_teardown);
	sori_test_api_add("http", "raw/split-head", test_raw_split_head);
	sori_test_api_add("http", "raw/keepalive-and-close", test_raw_keepalive_and_close);
	sori_test_api_add("http", "raw/garbage", test_raw_garbage);
	sori_test_api_add("http", "raw/bad-encoding", test_raw_bad_encoding);
	return g_test_run();
}
