/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * GET /v1/venues/{venue}/markers over real HTTP, through both front ends:
 * the sample venues' printed codes as the camera page reads them (what each
 * binds, its name in the language asked for, floor, printed size, the place
 * it stands at and the page a tap opens), cached and gzipped like the other
 * venue views; an unknown venue, a venue with no codes, bad parameters.
 */

#include "config.h"

#include <string.h>

#include "sori-test-api.h"
#include "sori-test-util.h"

#define MUSEUM "/v1/venues/dasol-museum"

static JsonObject *
find_code(JsonObject *view, gint64 number)
{
	JsonArray *codes = json_object_get_array_member(view, "codes");
	for (guint i = 0; i < json_array_get_length(codes); i++) {
		JsonObject *code = json_array_get_object_element(codes, i);
		if (json_object_get_int_member(code, "marker") == number)
			return code;
	}
	return NULL;
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

/* every exhibit, gallery, entrance, lift, toilet, stairs and junction has a code, once */
static void
test_museum(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) reply = sori_test_api_fetch(f, MUSEUM "/markers?lang=en", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	SoriVenueSnapshot *snapshot = sori_venue_store_lookup(f->store, "dasol-museum");
	SoriCatalogue *catalogue = snapshot->catalogue;
	SoriMap *map = sori_catalogue_get_map(catalogue);
	g_autoptr(GHashTable) bound = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	JsonObject *obj;
	JsonObject *code;
	JsonArray *codes;
	gint64 previous = -1;

	g_assert_cmpuint(reply->status, ==, 200);
	g_assert_cmpstr(sori_test_api_header(reply, "Content-Type"), ==, "application/json");
	g_assert_cmpstr(sori_test_api_header(reply, "Content-Language"), ==, "en");
	g_assert_cmpstr(sori_test_api_header(reply, "Access-Control-Allow-Origin"), ==, "*");
	obj = sori_test_api_json(reply, parser);
	g_assert_cmpstr(json_object_get_string_member(obj, "venue"), ==, "dasol-museum");
	g_assert_cmpstr(json_object_get_string_member(obj, "lang"), ==, "en");
	g_assert_cmpstr(json_object_get_string_member(obj, "family"), ==, "tagStandard41h12");
	g_assert_cmpint(json_object_get_int_member(obj, "size_mm"), ==, 150);
	codes = json_object_get_array_member(obj, "codes");
	for (guint i = 0; i < json_array_get_length(codes); i++) {
		JsonObject *c = json_array_get_object_element(codes, i);
		gint64 number = json_object_get_int_member(c, "marker");
		const gchar *kind = json_object_get_string_member(c, "kind");
		const gchar *id = json_object_get_string_member(c, "id");
		/* numbers in order, in the family, each once */
		g_assert_cmpint(number, >, previous);
		g_assert_cmpint(number, <, 2115);
		previous = number;
		g_assert_nonnull(sori_catalogue_lookup_marker(catalogue, (guint) number));
		g_assert_true(g_hash_table_add(bound, g_strdup_printf("%s:%s", kind, id)));
		g_assert_nonnull(json_object_get_string_member(c, "name"));
		g_assert_cmpstr(json_object_get_string_member(c, "lang"), ==, "en");
		g_assert_true(json_object_has_member(c, "floor"));
		g_assert_true(g_str_has_prefix(json_object_get_string_member(c, "href"),
					       "/v/dasol-museum/"));
		/* every code of this venue stands at a place of its map */
		g_assert_true(sori_map_lookup_place(map, json_object_get_string_member(c, "place"),
						    &(guint){ 0 }));
	}
	for (guint i = 0; i < sori_catalogue_get_exhibits(catalogue)->len; i++) {
		SoriExhibit *exhibit = g_ptr_array_index(sori_catalogue_get_exhibits(catalogue), i);
		g_autofree gchar *key = g_strdup_printf("exhibit:%s", exhibit->id);
		g_assert_true(g_hash_table_contains(bound, key));
	}
	for (guint i = 0; i < sori_catalogue_get_galleries(catalogue)->len; i++) {
		SoriGallery *gallery
			= g_ptr_array_index(sori_catalogue_get_galleries(catalogue), i);
		g_autofree gchar *key = g_strdup_printf("gallery:%s", gallery->id);
		g_assert_true(g_hash_table_contains(bound, key));
	}
	g_assert_true(g_hash_table_contains(bound, "entrance:main"));
	g_assert_true(g_hash_table_contains(bound, "entrance:garden"));
	for (guint i = 0; i < sori_map_get_n_places(map); i++) {
		const SoriPlace *place = sori_map_get_place(map, i);
		g_autofree gchar *key = g_strdup_printf("place:%s", place->id);
		if (place->kind == SORI_PLACE_LIFT || place->kind == SORI_PLACE_TOILET
		    || place->kind == SORI_PLACE_STAIRS || place->kind == SORI_PLACE_JUNCTION)
			g_assert_true(g_hash_table_contains(bound, key));
	}

	/* the lift the camera page's test walks toward */
	code = find_code(obj, 20);
	g_assert_nonnull(code);
	g_assert_cmpstr(json_object_get_string_member(code, "kind"), ==, "place");
	g_assert_cmpstr(json_object_get_string_member(code, "id"), ==, "lift-1");
	g_assert_cmpstr(json_object_get_string_member(code, "place_kind"), ==, "lift");
	g_assert_cmpstr(json_object_get_string_member(code, "name"), ==, "Lift, ground floor");
	g_assert_cmpint(json_object_get_int_member(code, "floor"), ==, 1);
	g_assert_cmpint(json_object_get_int_member(code, "size_mm"), ==, 150);
	g_assert_cmpstr(json_object_get_string_member(code, "place"), ==, "lift-1");
	g_assert_cmpstr(json_object_get_string_member(code, "href"), ==,
			"/v/dasol-museum/directions?to=lift-1");
	/* an exhibit with a place of its own, printed smaller beside its case */
	code = find_code(obj, 101);
	g_assert_cmpstr(json_object_get_string_member(code, "kind"), ==, "exhibit");
	g_assert_cmpstr(json_object_get_string_member(code, "id"), ==, "moon-jar");
	g_assert_false(json_object_has_member(code, "place_kind"));
	g_assert_cmpstr(json_object_get_string_member(code, "name"), ==,
			"White Porcelain Moon Jar");
	g_assert_cmpint(json_object_get_int_member(code, "size_mm"), ==, 100);
	g_assert_cmpstr(json_object_get_string_member(code, "place"), ==, "moon-jar");
	g_assert_cmpstr(json_object_get_string_member(code, "href"), ==,
			"/v/dasol-museum/e/moon-jar");
	/* one without: it stands in its gallery, on the gallery's floor */
	code = find_code(obj, 303);
	g_assert_cmpstr(json_object_get_string_member(code, "id"), ==, "brass-bowls");
	g_assert_cmpstr(json_object_get_string_member(code, "place"), ==, "wood-and-metal");
	g_assert_cmpint(json_object_get_int_member(code, "floor"), ==, 2);
	/* a gallery, an entrance */
	code = find_code(obj, 400);
	g_assert_cmpstr(json_object_get_string_member(code, "kind"), ==, "gallery");
	g_assert_cmpstr(json_object_get_string_member(code, "href"), ==,
			"/v/dasol-museum/g/touch-gallery");
	g_assert_cmpstr(json_object_get_string_member(code, "name"), ==, "Touch Gallery");
	code = find_code(obj, 10);
	g_assert_cmpstr(json_object_get_string_member(code, "kind"), ==, "entrance");
	g_assert_cmpstr(json_object_get_string_member(code, "name"), ==, "Main entrance");
	g_assert_cmpstr(json_object_get_string_member(code, "place"), ==, "main");
	g_assert_cmpstr(json_object_get_string_member(code, "href"), ==,
			"/v/dasol-museum/directions?to=main");
	/* no code is listed but those the catalogue binds */
	g_assert_null(find_code(obj, 0));
	g_assert_null(find_code(obj, 2114));
}

/* names in the language asked for, by parameter or header; a language the venue
 * does not offer gets its default, and says so */
static void
test_languages(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) ko = sori_test_api_fetch(f, MUSEUM "/markers?lang=ko", NULL);
	g_autoptr(SoriTestReply) header = sori_test_api_fetch(
		f, MUSEUM "/markers", "Accept-Language", "en-GB,en;q=0.9", NULL);
	g_autoptr(SoriTestReply) fr = sori_test_api_fetch(f, MUSEUM "/markers?lang=fr", NULL);
	g_autoptr(JsonParser) p1 = json_parser_new();
	g_autoptr(JsonParser) p2 = json_parser_new();
	g_autoptr(JsonParser) p3 = json_parser_new();
	JsonObject *obj;

	obj = sori_test_api_json(ko, p1);
	g_assert_cmpstr(json_object_get_string_member(find_code(obj, 20), "name"), ==,
			"1층 엘리베이터");
	g_assert_cmpstr(json_object_get_string_member(find_code(obj, 20), "lang"), ==, "ko");
	g_assert_cmpstr(json_object_get_string_member(find_code(obj, 101), "name"), ==,
			"백자 달항아리");
	obj = sori_test_api_json(header, p2);
	g_assert_cmpstr(json_object_get_string_member(obj, "lang"), ==, "en");
	g_assert_cmpstr(json_object_get_string_member(find_code(obj, 20), "name"), ==,
			"Lift, ground floor");
	g_assert_cmpstr(sori_test_api_header(header, "Vary"), !=, NULL);
	g_assert_nonnull(strstr(sori_test_api_header(header, "Vary"), "Accept-Language"));
	obj = sori_test_api_json(fr, p3);
	g_assert_cmpstr(json_object_get_string_member(obj, "lang"), ==, "ko");
	g_assert_cmpstr(json_object_get_string_member(find_code(obj, 20), "lang"), ==, "ko");
}

/* built once per catalogue version: an ETag, 304, gzip as a representation of its own */
static void
test_conditional(SoriTestApi *f, gconstpointer user_data)
{
	const gchar *path = MUSEUM "/markers?lang=en";
	g_autoptr(SoriTestReply) plain = sori_test_api_fetch(f, path, NULL);
	g_autoptr(SoriTestReply) again = NULL;
	g_autoptr(SoriTestReply) gz = sori_test_api_fetch(f, path, "Accept-Encoding", "gzip", NULL);
	g_autoptr(SoriTestReply) head = sori_test_api_fetch_full(f, "HEAD", path, NULL);
	g_autoptr(GBytes) unpacked = NULL;
	const gchar *etag = sori_test_api_header(plain, "ETag");

	g_assert_nonnull(etag);
	again = sori_test_api_fetch(f, path, "If-None-Match", etag, NULL);
	g_assert_cmpuint(again->status, ==, 304);
	g_assert_cmpuint(g_bytes_get_size(again->body), ==, 0);
	g_assert_cmpstr(sori_test_api_header(gz, "Content-Encoding"), ==, "gzip");
	g_assert_cmpuint(g_bytes_get_size(gz->body), <, g_bytes_get_size(plain->body) / 2);
	unpacked = gunzip(gz->body);
	g_assert_true(g_bytes_equal(unpacked, plain->body));
	g_assert_cmpstr(sori_test_api_header(gz, "ETag"), !=, etag);
	g_assert_cmpuint(head->status, ==, 200);
	g_assert_cmpuint(g_bytes_get_size(head->body), ==, 0);
	g_assert_cmpstr(sori_test_api_header(head, "ETag"), ==, etag);
}

/* a venue with no map: its entrance's code opens the access page, and stands at no place */
static void
test_no_map(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) reply
		= sori_test_api_fetch(f, "/v1/venues/haneul-wetland/markers?lang=en", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *obj;
	JsonObject *code;

	g_assert_cmpuint(reply->status, ==, 200);
	obj = sori_test_api_json(reply, parser);
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(obj, "codes")), ==, 8);
	code = find_code(obj, 10);
	g_assert_cmpstr(json_object_get_string_member(code, "kind"), ==, "entrance");
	g_assert_cmpstr(json_object_get_string_member(code, "id"), ==, "front");
	g_assert_false(json_object_has_member(code, "place"));
	g_assert_cmpstr(json_object_get_string_member(code, "href"), ==,
			"/v/haneul-wetland/access");
	code = find_code(obj, 501);
	g_assert_cmpstr(json_object_get_string_member(code, "id"), ==, "otter");
	g_assert_cmpint(json_object_get_int_member(code, "floor"), ==, 1);
	g_assert_cmpstr(json_object_get_string_member(code, "href"), ==,
			"/v/haneul-wetland/e/otter");
}

/* a venue with no codes answers an empty list, with no size */
static void
test_no_codes(SoriTestApi *f, gconstpointer user_data)
{
	g_autofree gchar *from = g_build_filename(g_getenv("SORI_TEST_DATA"), "minimal.json", NULL);
	g_autofree gchar *to = g_build_filename(f->data_dir, "test-museum.json", NULL);
	g_autoptr(SoriTestReply) reply = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;
	JsonObject *obj;

	sori_test_copy_file(from, to);
	g_assert_true(sori_venue_store_load(f->store, &error));
	g_assert_no_error(error);
	reply = sori_test_api_fetch(f, "/v1/venues/test-museum/markers", NULL);
	g_assert_cmpuint(reply->status, ==, 200);
	obj = sori_test_api_json(reply, parser);
	g_assert_cmpstr(json_object_get_string_member(obj, "venue"), ==, "test-museum");
	g_assert_cmpstr(json_object_get_string_member(obj, "family"), ==, "tagStandard41h12");
	g_assert_false(json_object_has_member(obj, "size_mm"));
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(obj, "codes")), ==, 0);
}

static void
test_problems(SoriTestApi *f, gconstpointer user_data)
{
	static const struct {
		const gchar *path;
		SoriProblem problem;
	} cases[] = {
		{ "/v1/venues/nowhere/markers", SORI_PROBLEM_UNKNOWN_VENUE },
		{ "/v1/venues/broken/markers", SORI_PROBLEM_VENUE_UNAVAILABLE },
		{ MUSEUM "/markers?lang=no_such_tag", SORI_PROBLEM_INVALID_PARAMETER },
		{ MUSEUM "/markers?floor=1", SORI_PROBLEM_INVALID_PARAMETER },
		{ MUSEUM "/markers?lang=en&lang=ko", SORI_PROBLEM_INVALID_PARAMETER },
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(SoriTestReply) reply = sori_test_api_fetch(f, cases[i].path, NULL);
		g_test_message("%s", cases[i].path);
		sori_test_api_assert_problem(reply, cases[i].problem, NULL);
	}
	{
		g_autoptr(SoriTestReply) post
			= sori_test_api_post(f, MUSEUM "/markers", "application/json", "{}");
		g_assert_cmpuint(post->status, ==, 405);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	sori_test_api_add("markers-http", "museum", test_museum);
	sori_test_api_add("markers-http", "languages", test_languages);
	sori_test_api_add("markers-http", "conditional", test_conditional);
	sori_test_api_add("markers-http", "no-map", test_no_map);
	sori_test_api_add("markers-http", "no-codes", test_no_codes);
	sori_test_api_add("markers-http", "problems", test_problems);
	return g_test_run();
}
