/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The public read API over real HTTP: sorid's server on 127.0.0.1, port 0,
 * and a real SoupSession. Every test runs twice: through the fast path and
 * through libsoup alone, which must answer alike.
 */

#include "config.h"

#include "sori-test-http.h"
#include "sori-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sori-eid.h"
#include "sori-http-server.h"
#include "sori-problem.h"
#include "sori-venue-store.h"

typedef struct {
	gchar *data_dir;
	SoriVenueStore *store;
	SoriHttpServer *server;
	SoupSession *session;
	gchar *base;
} Fixture;

static const guint8 lobby_key[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
static const gint64 lobby_offset = -1489580104;

static void
fixture_setup(Fixture *f, gconstpointer user_data)
{
	gboolean fast_path = GPOINTER_TO_INT(user_data);
	const gchar *sample_dir = g_getenv("SORI_SAMPLE_DIR");
	const gchar *names[] = { "dasol-museum.json", "haneul-wetland.json" };
	g_autoptr(GError) error = NULL;
	g_autofree gchar *broken = NULL;
	g_autofree gchar *misnamed = NULL;

	f->data_dir = g_dir_make_tmp("sori-http-test-XXXXXX", &error);
	g_assert_no_error(error);
	for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree gchar *from = g_build_filename(sample_dir, names[i], NULL);
		g_autofree gchar *to = g_build_filename(f->data_dir, names[i], NULL);
		sori_test_copy_file(from, to);
	}
	/* a venue whose catalogue does not load, and one filed under the wrong name */
	broken = g_build_filename(f->data_dir, "broken.json", NULL);
	g_assert_true(g_file_set_contents(broken, "{\"format\": 1}", -1, NULL));
	{
		g_autofree gchar *from = g_build_filename(sample_dir, "haneul-wetland.json", NULL);
		misnamed = g_build_filename(f->data_dir, "misnamed.json", NULL);
		sori_test_copy_file(from, misnamed);
	}

	f->store = sori_venue_store_new(f->data_dir);
	g_assert_true(sori_venue_store_load(f->store, &error));
	g_assert_no_error(error);

	/* the lobby's EID beacon, in the private registry */
	{
		g_autoptr(SoriEidResolver) resolver = sori_eid_resolver_new();
		g_assert_true(sori_eid_resolver_add(resolver, "lobby-1", lobby_key, 10,
						    lobby_offset, &error));
		sori_venue_store_set_eid_resolver(f->store, resolver);
	}
	f->server = sori_http_server_new(f->store);
	sori_http_server_set_fast_path(f->server, fast_path);
	g_assert_true(sori_http_server_listen(f->server, "127.0.0.1", 0, &error));
	g_assert_no_error(error);
	f->base = g_strdup_printf("http://127.0.0.1:%u", sori_http_server_get_port(f->server));
	f->session = soup_session_new();
	/* the tests read bodies as sent, gzip included */
	soup_session_remove_feature_by_type(f->session, SOUP_TYPE_CONTENT_DECODER);
}

static void
fixture_teardown(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GDir) dir = g_dir_open(f->data_dir, 0, NULL);
	const gchar *name;

	g_clear_object(&f->session);
	g_clear_object(&f->server);
	g_clear_object(&f->store);
	while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *path = g_build_filename(f->data_dir, name, NULL);
		g_unlink(path);
	}
	g_rmdir(f->data_dir);
	g_free(f->data_dir);
	g_free(f->base);
}

/* @headers: NULL-terminated name, value pairs */
static SoriTestReply *
fetch_full(Fixture *f, const gchar *method, const gchar *path, const gchar *const *headers)
{
	g_autofree gchar *url = g_strconcat(f->base, path, NULL);
	g_autoptr(SoupMessage) msg = soup_message_new(method, url);

	g_assert_nonnull(msg);
	for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
		soup_message_headers_replace(soup_message_get_request_headers(msg), headers[i],
					     headers[i + 1]);
	return sori_test_send(f->session, msg);
}

static SoriTestReply *fetch(Fixture *f, const gchar *path, ...) G_GNUC_NULL_TERMINATED;

static SoriTestReply *
fetch(Fixture *f, const gchar *path, ...)
{
	g_autoptr(GPtrArray) headers = g_ptr_array_new();
	va_list args;
	const gchar *arg;

	va_start(args, path);
	while ((arg = va_arg(args, const gchar *)) != NULL)
		g_ptr_array_add(headers, (gpointer) arg);
	va_end(args);
	g_ptr_array_add(headers, NULL);
	return fetch_full(f, "GET", path, (const gchar *const *) headers->pdata);
}

static SoriTestReply *
post(Fixture *f, const gchar *path, const gchar *content_type, const gchar *body)
{
	g_autofree gchar *url = g_strconcat(f->base, path, NULL);
	g_autoptr(SoupMessage) msg = soup_message_new("POST", url);
	g_autoptr(GBytes) bytes = g_bytes_new(body, strlen(body));

	soup_message_set_request_body_from_bytes(msg, content_type, bytes);
	return sori_test_send(f->session, msg);
}

static JsonObject *
reply_json(SoriTestReply *reply, JsonParser *parser)
{
	g_autoptr(GError) error = NULL;
	gsize len = 0;
	const gchar *data = g_bytes_get_data(reply->body, &len);
	g_assert_true(json_parser_load_from_data(parser, data, len, &error));
	g_assert_no_error(error);
	g_assert_true(JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser)));
	return json_node_get_object(json_parser_get_root(parser));
}

static const gchar *
header(SoriTestReply *reply, const gchar *name)
{
	return soup_message_headers_get_one(reply->headers, name);
}

static const gchar *
text_of(JsonObject *obj, const gchar *member, const gchar **lang)
{
	JsonObject *text = json_object_get_object_member(obj, member);
	g_assert_nonnull(text);
	if (lang != NULL)
		*lang = json_object_get_string_member(text, "lang");
	return json_object_get_string_member(text, "text");
}

/* a problem+json answer with the given status and type */
static void
assert_problem(SoriTestReply *reply, SoriProblem problem, const gchar *path)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *obj;

	g_assert_cmpuint(reply->status, ==, sori_problem_get_status(problem));
	g_assert_cmpstr(header(reply, "Content-Type"), ==, "application/problem+json");
	g_assert_cmpstr(header(reply, "Access-Control-Allow-Origin"), ==, "*");
	g_assert_cmpstr(header(reply, "Cache-Control"), ==, "no-store");
	obj = reply_json(reply, parser);
	g_assert_cmpstr(json_object_get_string_member(obj, "type"), ==,
			sori_problem_get_type_uri(problem));
	g_assert_cmpint(json_object_get_int_member(obj, "status"), ==, reply->status);
	g_assert_nonnull(json_object_get_string_member(obj, "title"));
	g_assert_cmpuint(strlen(json_object_get_string_member(obj, "detail")), >, 5);
	if (path != NULL)
		g_assert_cmpstr(json_object_get_string_member(obj, "instance"), ==, path);
}

static void
test_venue_list(Fixture *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) reply = fetch(f, "/v1/venues", NULL);
	g_autoptr(SoriTestReply) reply_en = fetch(f, "/v1/venues?lang=en", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(JsonParser) parser_en = json_parser_new();
	JsonArray *venues;
	JsonObject *first;
	const gchar *lang = NULL;

	g_assert_cmpuint(reply->status, ==, 200);
	g_assert_cmpstr(header(reply, "Content-Type"), ==, "application/json");
	g_assert_cmpstr(header(reply, "Access-Control-Allow-Origin"), ==, "*");
	g_assert_nonnull(header(reply, "ETag"));
	g_assert_nonnull(strstr(header(reply, "Vary"), "Accept-Language"));
	venues = json_object_get_array_member(reply_json(reply, parser), "venues");
	/* the broken and misnamed venues are not listed */
	g_assert_cmpuint(json_array_get_length(venues), ==, 2);
	first = json_array_get_object_element(venues, 0);
	g_assert_cmpstr(json_object_get_string_member(first, "id"), ==, "dasol-museum");
	g_assert_cmpstr(text_of(first, "name", &lang), ==, "다솔 공예 박물관");
	g_assert_cmpstr(lang, ==, "ko");
	g_assert_cmpstr(json_object_get_string_member(first, "href"), ==,
			"/v1/venues/dasol-museum");

	venues = json_object_get_array_member(reply_json(reply_en, parser_en), "venues");
	first = json_array_get_object_element(venues, 0);
	g_assert_cmpstr(text_of(first, "name", &lang), ==, "Dasol Museum of Crafts");
	g_assert_cmpstr(lang, ==, "en");
	g_assert_cmpstr(header(reply, "ETag"), !=, header(reply_en, "ETag"));
}

static void
test_venue(Fixture *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) reply = fetch(f, "/v1/venues/dasol-museum?lang=en", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *venue;
	JsonObject *access;
	JsonArray *galleries;
	JsonObject *entrance;
	const gchar *lang = NULL;

	g_assert_cmpuint(reply->status, ==, 200);
	g_assert_cmpstr(header(reply, "Content-Language"), ==, "en");
	venue = reply_json(reply, parser);
	g_assert_cmpstr(json_object_get_string_member(venue, "lang"), ==, "en");
	g_assert_cmpstr(json_object_get_string_member(venue, "default_language"), ==, "ko");
	galleries = json_object_get_array_member(venue, "galleries");
	g_assert_cmpuint(json_array_get_length(galleries), ==, 4);
	g_assert_cmpstr(text_of(json_array_get_object_element(galleries, 1), "name", NULL), ==,
			"Threads: Textiles and Embroidery");
	g_assert_cmpint(
		json_object_get_int_member(json_array_get_object_element(galleries, 2), "floor"),
		==, 2);
	access = json_object_get_object_member(venue, "access");
	g_assert_nonnull(strstr(text_of(access, "summary", &lang), "step-free"));
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
test_exhibit_list(Fixture *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) all = fetch(f, "/v1/venues/dasol-museum/exhibits", NULL);
	g_autoptr(SoriTestReply) threads
		= fetch(f, "/v1/venues/dasol-museum/exhibits?gallery=threads", NULL);
	g_autoptr(SoriTestReply) unknown
		= fetch(f, "/v1/venues/dasol-museum/exhibits?gallery=attic", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(JsonParser) parser2 = json_parser_new();
	JsonArray *list;

	g_assert_cmpuint(all->status, ==, 200);
	list = json_object_get_array_member(reply_json(all, parser), "exhibits");
	g_assert_cmpuint(json_array_get_length(list), ==, 24);
	g_assert_cmpuint(threads->status, ==, 200);
	list = json_object_get_array_member(reply_json(threads, parser2), "exhibits");
	g_assert_cmpuint(json_array_get_length(list), ==, 6);
	for (guint i = 0; i < json_array_get_length(list); i++) {
		JsonObject *item = json_array_get_object_element(list, i);
		g_assert_cmpstr(json_object_get_string_member(item, "gallery"), ==, "threads");
		g_assert_cmpuint(strlen(json_object_get_string_member(item, "code")), ==, 3);
	}
	assert_problem(unknown, SORI_PROBLEM_INVALID_PARAMETER, NULL);
}

static void
test_exhibit_languages(Fixture *f, gconstpointer user_data)
{
	const gchar *path = "/v1/venues/dasol-museum/exhibits/moon-jar";
	g_autoptr(SoriTestReply) plain = fetch(f, path, NULL);
	g_autoptr(SoriTestReply) param
		= fetch(f, "/v1/venues/dasol-museum/exhibits/moon-jar?lang=en", NULL);
	g_autoptr(SoriTestReply) header_en
		= fetch(f, path, "Accept-Language", "en-GB,en;q=0.9", NULL);
	g_autoptr(SoriTestReply) header_fr
		= fetch(f, path, "Accept-Language", "fr-FR, fr;q=0.9", NULL);
	g_autoptr(SoriTestReply) param_wins
		= fetch(f, "/v1/venues/dasol-museum/exhibits/moon-jar?lang=ko", "Accept-Language",
			"en", NULL);
	g_autoptr(SoriTestReply) param_fr
		= fetch(f, "/v1/venues/dasol-museum/exhibits/moon-jar?lang=fr", NULL);
	g_autoptr(SoriTestReply) param_bad
		= fetch(f, "/v1/venues/dasol-museum/exhibits/moon-jar?lang=no_such_tag", NULL);
	g_autoptr(JsonParser) p1 = json_parser_new();
	g_autoptr(JsonParser) p2 = json_parser_new();
	g_autoptr(JsonParser) p3 = json_parser_new();
	g_autoptr(JsonParser) p4 = json_parser_new();
	g_autoptr(JsonParser) p5 = json_parser_new();
	g_autoptr(JsonParser) p6 = json_parser_new();
	JsonObject *obj;
	const gchar *lang = NULL;

	/* no preference: the venue's default */
	obj = reply_json(plain, p1);
	g_assert_cmpstr(text_of(obj, "title", &lang), ==, "백자 달항아리");
	g_assert_cmpstr(lang, ==, "ko");
	g_assert_cmpstr(header(plain, "Content-Language"), ==, "ko");

	obj = reply_json(param, p2);
	g_assert_cmpstr(text_of(obj, "title", &lang), ==, "White Porcelain Moon Jar");
	g_assert_cmpstr(lang, ==, "en");
	g_assert_nonnull(strstr(text_of(obj, "audio_description", &lang), "45 centimetres"));
	g_assert_cmpstr(lang, ==, "en");
	g_assert_nonnull(text_of(obj, "easy_read", NULL));
	g_assert_cmpstr(json_object_get_string_member(obj, "code"), ==, "101");
	g_assert_cmpstr(json_object_get_string_member(obj, "licence"), ==, "KOGL-Type1");
	g_assert_cmpstr(text_of(json_array_get_object_element(
					json_object_get_array_member(obj, "images"), 0),
				"alt", &lang),
			!=, NULL);
	g_assert_cmpstr(lang, ==, "en");
	g_assert_cmpstr(json_object_get_string_member(
				json_object_get_object_member(obj, "sign_language"), "language"),
			==, "kvk");
	g_assert_false(json_object_get_boolean_member(json_object_get_object_member(obj, "access"),
						      "touchable"));

	obj = reply_json(header_en, p3);
	g_assert_cmpstr(json_object_get_string_member(obj, "lang"), ==, "en");
	/* a language the venue does not offer: the default, and the body says so */
	obj = reply_json(header_fr, p4);
	g_assert_cmpstr(json_object_get_string_member(obj, "lang"), ==, "ko");
	text_of(obj, "description", &lang);
	g_assert_cmpstr(lang, ==, "ko");
	obj = reply_json(param_wins, p5);
	g_assert_cmpstr(json_object_get_string_member(obj, "lang"), ==, "ko");
	obj = reply_json(param_fr, p6);
	g_assert_cmpstr(json_object_get_string_member(obj, "lang"), ==, "ko");
	assert_problem(param_bad, SORI_PROBLEM_INVALID_PARAMETER, path);
}

static void
test_codes(Fixture *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) exhibit
		= fetch(f, "/v1/venues/dasol-museum/codes/201?lang=en", NULL);
	g_autoptr(SoriTestReply) gallery = fetch(f, "/v1/venues/dasol-museum/codes/400", NULL);
	g_autoptr(SoriTestReply) unknown = fetch(f, "/v1/venues/dasol-museum/codes/999", NULL);
	g_autoptr(SoriTestReply) malformed = fetch(f, "/v1/venues/dasol-museum/codes/2x1", NULL);
	g_autoptr(SoriTestReply) too_long
		= fetch(f, "/v1/venues/dasol-museum/codes/12345678", NULL);
	g_autoptr(JsonParser) p1 = json_parser_new();
	g_autoptr(JsonParser) p2 = json_parser_new();
	JsonObject *obj;

	g_assert_cmpuint(exhibit->status, ==, 200);
	obj = reply_json(exhibit, p1);
	g_assert_cmpstr(json_object_get_string_member(obj, "target"), ==, "exhibit");
	g_assert_cmpstr(text_of(json_object_get_object_member(obj, "exhibit"), "title", NULL), ==,
			"Patchwork Wrapping Cloth (Jogakbo)");
	g_assert_cmpuint(gallery->status, ==, 200);
	obj = reply_json(gallery, p2);
	g_assert_cmpstr(json_object_get_string_member(obj, "target"), ==, "gallery");
	g_assert_cmpstr(
		json_object_get_string_member(json_object_get_object_member(obj, "gallery"), "id"),
		==, "touch-gallery");
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(obj, "exhibits")), ==,
			 6);
	assert_problem(unknown, SORI_PROBLEM_UNKNOWN_CODE, "/v1/venues/dasol-museum/codes/999");
	assert_problem(malformed, SORI_PROBLEM_INVALID_PARAMETER, NULL);
	assert_problem(too_long, SORI_PROBLEM_INVALID_PARAMETER, NULL);
}

static void
test_export(Fixture *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) reply = fetch(f, "/v1/venues/dasol-museum/export", NULL);
	g_autoptr(SoriTestReply) with_lang
		= fetch(f, "/v1/venues/dasol-museum/export?lang=en", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *obj;
	JsonArray *exhibits;

	g_assert_cmpuint(reply->status, ==, 200);
	g_assert_null(header(reply, "Content-Language"));
	obj = reply_json(reply, parser);
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
	assert_problem(with_lang, SORI_PROBLEM_INVALID_PARAMETER, NULL);
}

static void
test_health(Fixture *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) reply = fetch(f, "/healthz", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *obj;
	JsonArray *failed;

	g_assert_cmpuint(reply->status, ==, 200);
	g_assert_cmpstr(header(reply, "Cache-Control"), ==, "no-store");
	obj = reply_json(reply, parser);
	g_assert_cmpstr(json_object_get_string_member(obj, "status"), ==, "degraded");
	g_assert_cmpint(json_object_get_int_member(obj, "venues_served"), ==, 2);
	failed = json_object_get_array_member(obj, "venues_failed");
	g_assert_cmpuint(json_array_get_length(failed), ==, 2);
	g_assert_cmpstr(json_array_get_string_element(failed, 0), ==, "broken");
	g_assert_cmpstr(json_array_get_string_element(failed, 1), ==, "misnamed");
}

static void
test_errors(Fixture *f, gconstpointer user_data)
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
		{ "/app/no-such-file.js", SORI_PROBLEM_UNKNOWN_ROUTE },
		{ "/v/dasol-museum/e/moon-jar/more/still-more", SORI_PROBLEM_UNKNOWN_ROUTE },
		{ "/v1/venues?colour=red", SORI_PROBLEM_INVALID_PARAMETER },
		{ "/v1/venues/dasol-museum?lang=en&lang=ko", SORI_PROBLEM_INVALID_PARAMETER },
		{ "/v1/venues/dasol-museum/exhibits?galery=threads",
		  SORI_PROBLEM_INVALID_PARAMETER },
		{ "/healthz?verbose=1", SORI_PROBLEM_INVALID_PARAMETER },
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(SoriTestReply) reply = fetch(f, cases[i].path, NULL);
		g_test_message("GET %s", cases[i].path);
		assert_problem(reply, cases[i].problem, NULL);
	}
}

static void
test_methods(Fixture *f, gconstpointer user_data)
{
	const gchar *path = "/v1/venues/dasol-museum/exhibits/moon-jar";
	g_autoptr(SoriTestReply) post = fetch_full(f, "POST", "/v1/venues", NULL);
	g_autoptr(SoriTestReply) del = fetch_full(f, "DELETE", path, NULL);
	const gchar *preflight_headers[] = { "Origin", "https://dasol-museum.example",
					     "Access-Control-Request-Method", "GET", NULL };
	g_autoptr(SoriTestReply) preflight = fetch_full(f, "OPTIONS", path, preflight_headers);
	g_autoptr(SoriTestReply) get = fetch(f, path, NULL);
	g_autoptr(SoriTestReply) head = fetch_full(f, "HEAD", path, NULL);

	assert_problem(post, SORI_PROBLEM_METHOD_NOT_ALLOWED, "/v1/venues");
	g_assert_cmpstr(header(post, "Allow"), ==, "GET, HEAD, OPTIONS");
	assert_problem(del, SORI_PROBLEM_METHOD_NOT_ALLOWED, path);
	g_assert_cmpuint(preflight->status, ==, 204);
	g_assert_cmpstr(header(preflight, "Access-Control-Allow-Origin"), ==, "*");
	g_assert_nonnull(strstr(header(preflight, "Access-Control-Allow-Methods"), "GET"));
	/* HEAD: the headers of GET, no body */
	g_assert_cmpuint(head->status, ==, 200);
	g_assert_cmpuint(g_bytes_get_size(head->body), ==, 0);
	g_assert_cmpint(soup_message_headers_get_content_length(head->headers), ==,
			g_bytes_get_size(get->body));
	g_assert_cmpstr(header(head, "ETag"), ==, header(get, "ETag"));
}

static void
test_conditional(Fixture *f, gconstpointer user_data)
{
	const gchar *path = "/v1/venues/dasol-museum/exhibits/moon-jar?lang=en";
	g_autoptr(SoriTestReply) first = fetch(f, path, NULL);
	const gchar *etag = header(first, "ETag");
	g_autofree gchar *weak = g_strconcat("W/", etag, NULL);
	g_autofree gchar *listed = g_strconcat("\"other\", ", etag, NULL);
	g_autoptr(SoriTestReply) again = fetch(f, path, "If-None-Match", etag, NULL);
	g_autoptr(SoriTestReply) weak_reply = fetch(f, path, "If-None-Match", weak, NULL);
	g_autoptr(SoriTestReply) list_reply = fetch(f, path, "If-None-Match", listed, NULL);
	g_autoptr(SoriTestReply) other
		= fetch(f, path, "If-None-Match", "\"something-else\"", NULL);
	g_autoptr(SoriTestReply) other_lang
		= fetch(f, "/v1/venues/dasol-museum/exhibits/moon-jar?lang=ko", "If-None-Match",
			etag, NULL);

	g_assert_cmpuint(first->status, ==, 200);
	g_assert_nonnull(etag);
	g_assert_true(g_str_has_prefix(etag, "\""));
	g_assert_cmpstr(header(first, "Cache-Control"), ==, "public, max-age=60");
	g_assert_cmpuint(again->status, ==, 304);
	g_assert_cmpuint(g_bytes_get_size(again->body), ==, 0);
	g_assert_cmpstr(header(again, "ETag"), ==, etag);
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
test_gzip(Fixture *f, gconstpointer user_data)
{
	const gchar *path = "/v1/venues/dasol-museum/exhibits?lang=ko";
	g_autoptr(SoriTestReply) plain = fetch(f, path, NULL);
	g_autoptr(SoriTestReply) gz = fetch(f, path, "Accept-Encoding", "gzip, deflate, br", NULL);
	g_autoptr(SoriTestReply) refused
		= fetch(f, path, "Accept-Encoding", "gzip;q=0, identity", NULL);
	g_autoptr(SoriTestReply) again = NULL;
	g_autoptr(GBytes) unpacked = NULL;

	g_assert_null(header(plain, "Content-Encoding"));
	g_assert_cmpstr(header(gz, "Content-Encoding"), ==, "gzip");
	g_assert_cmpuint(g_bytes_get_size(gz->body), <, g_bytes_get_size(plain->body) / 2);
	unpacked = gunzip(gz->body);
	g_assert_true(g_bytes_equal(unpacked, plain->body));
	/* the two encodings are two representations, with two ETags */
	g_assert_cmpstr(header(gz, "ETag"), !=, header(plain, "ETag"));
	g_assert_null(header(refused, "Content-Encoding"));
	again = fetch(f, path, "Accept-Encoding", "gzip", "If-None-Match", header(gz, "ETag"),
		      NULL);
	g_assert_cmpuint(again->status, ==, 304);
	g_assert_cmpstr(header(again, "ETag"), ==, header(gz, "ETag"));
}

static void
test_reload(Fixture *f, gconstpointer user_data)
{
	const gchar *path = "/v1/venues/haneul-wetland/exhibits/otter?lang=en";
	g_autoptr(SoriTestReply) before = fetch(f, path, NULL);
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
	after = fetch(f, path, "If-None-Match", header(before, "ETag"), NULL);
	g_assert_cmpuint(after->status, ==, 200);
	g_assert_cmpstr(text_of(reply_json(after, parser), "title", NULL), ==, "Eurasian Otter");

	/* a venue whose new catalogue is invalid is no longer served, not served half */
	g_assert_true(g_file_set_contents(file, "{}", -1, NULL));
	g_assert_true(sori_venue_store_load(f->store, &error));
	gone = fetch(f, path, NULL);
	assert_problem(gone, SORI_PROBLEM_VENUE_UNAVAILABLE, NULL);
}

/* ------------------------------------------------------------------------ */
/* raw HTTP/1.1, for what a SoupSession never sends */

static GSocket *
raw_connect(Fixture *f)
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
test_raw_pipelined(Fixture *f, gconstpointer user_data)
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
test_raw_split_head(Fixture *f, gconstpointer user_data)
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
test_raw_keepalive_and_close(Fixture *f, gconstpointer user_data)
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
test_raw_garbage(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GSocket) socket = raw_connect(f);
	g_autoptr(GString) received = NULL;

	raw_send(socket, "GET /v1/venues HTTP/1.1\r\nthis is not a header\r\n\r\n");
	received = raw_receive(socket, 1);
	g_assert_true(g_str_has_prefix(received->str, "HTTP/1.1 400 Bad Request\r\n"));
}

static void
test_raw_bad_encoding(Fixture *f, gconstpointer user_data)
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

#define LOCATE "/v1/venues/dasol-museum/locate"
#define UUID   "5a4bcfce-174e-4bac-a814-092e77f6b7e5"

static void
test_locate(Fixture *f, gconstpointer user_data)
{
	/* the moon jar is near; the celadon farther, with one reflection that,
	 * averaged plainly, would make it look as near */
	const gchar *body
		= "{\"sightings\": ["
		  "{\"id\": \"ibeacon:" UUID ":1:101\", \"rssi\": -70},"
		  "{\"id\": \"ibeacon:" UUID ":1:101\", \"rssi\": -71, \"age_ms\": 900},"
		  "{\"id\": \"ibeacon:" UUID ":1:101\", \"rssi\": -69, \"age_ms\": 1800},"
		  "{\"id\": \"ibeacon:" UUID ":1:102\", \"rssi\": -80},"
		  "{\"id\": \"ibeacon:" UUID ":1:102\", \"rssi\": -81},"
		  "{\"id\": \"ibeacon:" UUID ":1:102\", \"rssi\": -79},"
		  "{\"id\": \"ibeacon:" UUID ":1:102\", \"rssi\": -40},"
		  "{\"id\": \"ibeacon:00000000-0000-0000-0000-000000000000:1:1\", \"rssi\": -30},"
		  "{\"id\": \"ibeacon:" UUID ":1:103\", \"rssi\": -60, \"age_ms\": 45000}"
		  "]}";
	g_autoptr(SoriTestReply) reply = post(f, LOCATE, "application/json", body);
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *obj;
	JsonObject *nearest;
	JsonArray *candidates;

	g_assert_cmpuint(reply->status, ==, 200);
	g_assert_cmpstr(header(reply, "Cache-Control"), ==, "no-store");
	g_assert_null(header(reply, "ETag"));
	obj = reply_json(reply, parser);
	nearest = json_object_get_object_member(obj, "nearest");
	g_assert_cmpstr(json_object_get_string_member(nearest, "kind"), ==, "exhibit");
	g_assert_cmpstr(json_object_get_string_member(nearest, "id"), ==, "moon-jar");
	g_assert_cmpstr(json_object_get_string_member(nearest, "href"), ==,
			"/v1/venues/dasol-museum/exhibits/moon-jar");
	g_assert_cmpint(json_object_get_int_member(nearest, "readings"), ==, 3);
	candidates = json_object_get_array_member(obj, "candidates");
	g_assert_cmpuint(json_array_get_length(candidates), ==, 2);
	g_assert_cmpstr(
		json_object_get_string_member(json_array_get_object_element(candidates, 1), "id"),
		==, "celadon-maebyeong");
	g_assert_cmpfloat(json_object_get_double_member(nearest, "distance_m"), <,
			  json_object_get_double_member(
				  json_array_get_object_element(candidates, 1), "distance_m"));
	g_assert_cmpfloat(json_object_get_double_member(nearest, "confidence"), >, 0.5);
	/* a stranger's beacon and a stale reading are set aside, not held against the phone */
	g_assert_cmpint(json_object_get_int_member(obj, "ignored"), ==, 2);
}

static void
test_locate_payload_and_eid(Fixture *f, gconstpointer user_data)
{
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	guint8 eid[8];
	g_autofree gchar *body = NULL;
	g_autoptr(SoriTestReply) reply = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *nearest;

	sori_eid_compute(lobby_key, 10, (guint32) (now + lobby_offset), eid);
	/* the bojagi's iBeacon as raw advertising data, and the lobby's EID far away */
	body = g_strdup_printf(
		"{\"sightings\": ["
		"{\"payload\": \"0201061aff4c000215"
		"5a4bcfce174e4baca814092e77f6b7e5"
		"000200c9c5\", \"rssi\": -62},"
		"{\"id\": \"eid:%02x%02x%02x%02x%02x%02x%02x%02x\", \"rssi\": -95}]}",
		eid[0], eid[1], eid[2], eid[3], eid[4], eid[5], eid[6], eid[7]);
	reply = post(f, LOCATE, "application/json; charset=utf-8", body);
	g_assert_cmpuint(reply->status, ==, 200);
	nearest = json_object_get_object_member(reply_json(reply, parser), "nearest");
	g_assert_cmpstr(json_object_get_string_member(nearest, "id"), ==, "bojagi");
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(
				 json_node_get_object(json_parser_get_root(parser)), "candidates")),
			 ==, 2);

	/* only the EID: the lobby's gallery */
	{
		g_autofree gchar *eid_only = g_strdup_printf(
			"{\"sightings\": [{\"id\": \"eid:%02x%02x%02x%02x%02x%02x%02x%02x\", "
			"\"rssi\": -70}]}",
			eid[0], eid[1], eid[2], eid[3], eid[4], eid[5], eid[6], eid[7]);
		g_autoptr(SoriTestReply) lobby = post(f, LOCATE, "application/json", eid_only);
		g_autoptr(JsonParser) p2 = json_parser_new();
		JsonObject *n2;
		g_assert_cmpuint(lobby->status, ==, 200);
		n2 = json_object_get_object_member(reply_json(lobby, p2), "nearest");
		g_assert_cmpstr(json_object_get_string_member(n2, "kind"), ==, "gallery");
		g_assert_cmpstr(json_object_get_string_member(n2, "id"), ==, "clay-and-fire");
	}
	/* a replayed EID from a day ago does not resolve */
	{
		guint8 old[8];
		g_autofree gchar *stale = NULL;
		g_autoptr(SoriTestReply) replay = NULL;
		sori_eid_compute(lobby_key, 10, (guint32) (now - 86400 + lobby_offset), old);
		stale = g_strdup_printf(
			"{\"sightings\": [{\"id\": "
			"\"eid:%02x%02x%02x%02x%02x%02x%02x%02x\", \"rssi\": -70}]}",
			old[0], old[1], old[2], old[3], old[4], old[5], old[6], old[7]);
		replay = post(f, LOCATE, "application/json", stale);
		assert_problem(replay, SORI_PROBLEM_NO_KNOWN_BEACON, LOCATE);
	}
}

static void
test_locate_errors(Fixture *f, gconstpointer user_data)
{
	struct {
		const gchar *content_type;
		const gchar *body;
		SoriProblem problem;
		const gchar *detail;
	} cases[] = {
		{ "text/plain", "{}", SORI_PROBLEM_UNSUPPORTED_MEDIA_TYPE, "application/json" },
		{ "application/json", "{\"sightings\": [", SORI_PROBLEM_INVALID_BODY, "not JSON" },
		{ "application/json", "[]", SORI_PROBLEM_INVALID_BODY, "sightings" },
		{ "application/json", "{\"sightings\": []}", SORI_PROBLEM_INVALID_BODY, "empty" },
		{ "application/json", "{\"sightings\": [], \"phone\": \"x\"}",
		  SORI_PROBLEM_INVALID_BODY, "/phone: unknown field" },
		{ "application/json",
		  "{\"sightings\": [{\"id\": \"ibeacon:" UUID ":1:101\", \"rssi\": 5}]}",
		  SORI_PROBLEM_INVALID_BODY, "impossible" },
		{ "application/json",
		  "{\"sightings\": [{\"id\": \"ibeacon:" UUID ":1:101\", \"rssi\": -300}]}",
		  SORI_PROBLEM_INVALID_BODY, "/sightings/0/rssi" },
		{ "application/json", "{\"sightings\": [{\"id\": \"ibeacon:" UUID ":1:101\"}]}",
		  SORI_PROBLEM_INVALID_BODY, "/sightings/0/rssi: required" },
		{ "application/json", "{\"sightings\": [{\"id\": \"beacon-7\", \"rssi\": -60}]}",
		  SORI_PROBLEM_INVALID_BODY, "/sightings/0/id" },
		{ "application/json", "{\"sightings\": [{\"id\": \"eid:lobby-1\", \"rssi\": -60}]}",
		  SORI_PROBLEM_INVALID_BODY, "not a beacon name" },
		{ "application/json", "{\"sightings\": [{\"payload\": \"0201\", \"rssi\": -60}]}",
		  SORI_PROBLEM_INVALID_BODY, "byte 0" },
		{ "application/json", "{\"sightings\": [{\"payload\": \"02x1\", \"rssi\": -60}]}",
		  SORI_PROBLEM_INVALID_BODY, "hexadecimal" },
		{ "application/json",
		  "{\"sightings\": [{\"payload\": \"020106\", \"id\": \"eid:lobby-1\", \"rssi\": "
		  "-60}]}",
		  SORI_PROBLEM_INVALID_BODY, "exactly one" },
		{ "application/json",
		  "{\"sightings\": [{\"id\": \"ibeacon:" UUID ":9:9\", \"rssi\": -60}]}",
		  SORI_PROBLEM_NO_KNOWN_BEACON, "none of the 1 sightings" },
		{ "application/json",
		  "{\"sightings\": [{\"id\": \"ibeacon:" UUID
		  ":1:101\", \"rssi\": -60, \"age_ms\": 60000}]}",
		  SORI_PROBLEM_NO_KNOWN_BEACON, "last 20 seconds" },
		{ "application/json", "{\"sightings\": [[[[[[[[[[1]]]]]]]]]]}",
		  SORI_PROBLEM_INVALID_BODY, "nested too deep" },
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(SoriTestReply) reply
			= post(f, LOCATE, cases[i].content_type, cases[i].body);
		g_autoptr(JsonParser) parser = json_parser_new();
		g_test_message("%s", cases[i].body);
		assert_problem(reply, cases[i].problem, LOCATE);
		g_assert_nonnull(
			strstr(json_object_get_string_member(reply_json(reply, parser), "detail"),
			       cases[i].detail));
	}
	/* too many sightings */
	{
		g_autoptr(GString) body = g_string_new("{\"sightings\": [");
		g_autoptr(SoriTestReply) reply = NULL;
		for (guint i = 0; i < 65; i++)
			g_string_append_printf(
				body, "%s{\"id\": \"ibeacon:" UUID ":1:101\", \"rssi\": -60}",
				i > 0 ? "," : "");
		g_string_append(body, "]}");
		reply = post(f, LOCATE, "application/json", body->str);
		assert_problem(reply, SORI_PROBLEM_INVALID_BODY, LOCATE);
	}
	/* too large: refused before it is read */
	{
		g_autofree gchar *big = g_strnfill(20000, ' ');
		g_autoptr(SoriTestReply) reply = post(f, LOCATE, "application/json", big);
		assert_problem(reply, SORI_PROBLEM_BODY_TOO_LARGE, NULL);
	}
	/* GET: the wrong method, and it says which is right */
	{
		g_autoptr(SoriTestReply) reply = fetch(f, LOCATE, NULL);
		assert_problem(reply, SORI_PROBLEM_METHOD_NOT_ALLOWED, LOCATE);
		g_assert_cmpstr(header(reply, "Allow"), ==, "POST, OPTIONS");
	}
	{
		g_autoptr(SoriTestReply) reply
			= post(f, "/v1/venues/nowhere/locate", "application/json", "{}");
		assert_problem(reply, SORI_PROBLEM_UNKNOWN_VENUE, NULL);
	}
}

/* the visitors' web app: its shell for every page, its files, its policy */
static void
test_webapp(Fixture *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) root = fetch(f, "/", NULL);
	g_autoptr(SoriTestReply) deep = fetch(f, "/v/dasol-museum/c/101?from=poster", NULL);
	g_autoptr(SoriTestReply) settings = fetch(f, "/settings", NULL);
	g_autoptr(SoriTestReply) worker = fetch(f, "/sw.js", NULL);
	g_autoptr(SoriTestReply) script = fetch(f, "/app/main.js", "Accept-Encoding", "gzip", NULL);
	g_autoptr(SoriTestReply) again = NULL;
	g_autoptr(SoriTestReply) post = fetch_full(f, "POST", "/v/dasol-museum", NULL);
	g_autofree gchar *worker_text = NULL;
	const gchar *html;
	const gchar *version;
	gsize len = 0;

	g_assert_cmpuint(root->status, ==, 200);
	g_assert_cmpstr(header(root, "Content-Type"), ==, "text/html; charset=utf-8");
	g_assert_cmpstr(header(root, "Cache-Control"), ==, "no-cache");
	g_assert_nonnull(strstr(header(root, "Content-Security-Policy"), "script-src 'self';"));
	g_assert_nonnull(strstr(header(root, "Content-Security-Policy"), "connect-src 'self';"));
	g_assert_cmpstr(header(root, "Referrer-Policy"), ==, "no-referrer");
	g_assert_cmpstr(header(root, "X-Content-Type-Options"), ==, "nosniff");
	/* nothing that could identify a visitor, and no reading from other sites */
	g_assert_null(header(root, "Set-Cookie"));
	g_assert_null(header(root, "Access-Control-Allow-Origin"));
	html = g_bytes_get_data(root->body, &len);
	g_assert_nonnull(g_strstr_len(html, len, "<main id=\"main\""));
	g_assert_nonnull(g_strstr_len(html, len, "<script type=\"module\" src=\"/app/main.js\">"));

	/* a QR code's deep link, with whatever query a poster adds: the same shell */
	g_assert_cmpuint(deep->status, ==, 200);
	g_assert_true(g_bytes_equal(deep->body, root->body));
	g_assert_cmpstr(header(deep, "ETag"), ==, header(root, "ETag"));
	g_assert_true(g_bytes_equal(settings->body, root->body));
	{
		g_autoptr(SoriTestReply) slash = fetch(f, "/v/dasol-museum/", NULL);
		g_autoptr(SoriTestReply) empty = fetch(f, "/v//keypad", NULL);
		g_assert_cmpuint(slash->status, ==, 200);
		g_assert_true(g_bytes_equal(slash->body, root->body));
		assert_problem(empty, SORI_PROBLEM_UNKNOWN_ROUTE, NULL);
	}
	again = fetch(f, "/v/dasol-museum", "If-None-Match", header(root, "ETag"), NULL);
	g_assert_cmpuint(again->status, ==, 304);

	/* the service worker is told the version and the files to keep */
	g_assert_cmpuint(worker->status, ==, 200);
	g_assert_cmpstr(header(worker, "Content-Type"), ==, "text/javascript; charset=utf-8");
	worker_text
		= g_strndup(g_bytes_get_data(worker->body, NULL), g_bytes_get_size(worker->body));
	g_assert_null(strstr(worker_text, "@SORI_"));
	g_assert_nonnull(strstr(worker_text, "[\"/\",\"/app/api.js\","));
	g_assert_nonnull(strstr(worker_text, "\"/app/sori.css\""));
	g_assert_null(strstr(worker_text, "\"/sw.js\""));
	version = strstr(worker_text, "const VERSION = '");
	g_assert_nonnull(version);
	version += strlen("const VERSION = '");
	for (guint i = 0; i < 16; i++)
		g_assert_true(g_ascii_isxdigit(version[i]));
	g_assert_cmpint(version[16], ==, '\'');

	g_assert_cmpuint(script->status, ==, 200);
	g_assert_cmpstr(header(script, "Content-Type"), ==, "text/javascript; charset=utf-8");
	g_assert_cmpstr(header(script, "Content-Encoding"), ==, "gzip");
	g_assert_cmpstr(header(script, "Vary"), ==, "Accept-Encoding");

	assert_problem(post, SORI_PROBLEM_METHOD_NOT_ALLOWED, "/v/dasol-museum");
	g_assert_cmpstr(header(post, "Allow"), ==, "GET, HEAD");
}

static void
add(const gchar *name, void (*func)(Fixture *, gconstpointer))
{
	g_autofree gchar *fast = g_strdup_printf("/http/fast-path/%s", name);
	g_autofree gchar *soup = g_strdup_printf("/http/libsoup/%s", name);
	g_test_add(fast, Fixture, GINT_TO_POINTER(TRUE), fixture_setup, func, fixture_teardown);
	g_test_add(soup, Fixture, GINT_TO_POINTER(FALSE), fixture_setup, func, fixture_teardown);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	add("venue-list", test_venue_list);
	add("venue", test_venue);
	add("exhibit-list", test_exhibit_list);
	add("exhibit-languages", test_exhibit_languages);
	add("codes", test_codes);
	add("export", test_export);
	add("health", test_health);
	add("errors", test_errors);
	add("methods", test_methods);
	add("conditional", test_conditional);
	add("gzip", test_gzip);
	add("reload", test_reload);
	add("webapp", test_webapp);
	/* libsoup 3.2 answers only the first of pipelined requests already in its
	 * buffer and then waits; browsers do not pipeline, the fast path handles it */
	g_test_add("/http/fast-path/raw/pipelined", Fixture, GINT_TO_POINTER(TRUE), fixture_setup,
		   test_raw_pipelined, fixture_teardown);
	add("raw/split-head", test_raw_split_head);
	add("raw/keepalive-and-close", test_raw_keepalive_and_close);
	add("raw/garbage", test_raw_garbage);
	add("locate", test_locate);
	add("locate/payload-and-eid", test_locate_payload_and_eid);
	add("locate/errors", test_locate_errors);
	add("raw/bad-encoding", test_raw_bad_encoding);
	return g_test_run();
}
