/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Where am I (POST …/locate) and the visitors' web app over real HTTP: sorid's server on 127.0.0.1,
 * port 0, and a real SoupSession. Every test runs twice: through the fast path and through libsoup
 * alone, which must answer alike.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sori-eid.h"
#include "sori-test-api.h"
#include "sori-test-util.h"

#define LOCATE "/v1/venues/dasol-museum/locate"
#define UUID   "5a4bcfce-174e-4bac-a814-092e77f6b7e5"

static void
test_locate(SoriTestApi *f, gconstpointer user_data)
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
	g_autoptr(SoriTestReply) reply = sori_test_api_post(f, LOCATE, "application/json", body);
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *obj;
	JsonObject *nearest;
	JsonArray *candidates;

	g_assert_cmpuint(reply->status, ==, 200);
	g_assert_cmpstr(sori_test_api_header(reply, "Cache-Control"), ==, "no-store");
	g_assert_null(sori_test_api_header(reply, "ETag"));
	obj = sori_test_api_json(reply, parser);
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
test_locate_payload_and_eid(SoriTestApi *f, gconstpointer user_data)
{
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	guint8 eid[8];
	g_autofree gchar *body = NULL;
	g_autoptr(SoriTestReply) reply = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *nearest;

	sori_eid_compute(sori_test_api_lobby_key, 10, (guint32) (now + sori_test_api_lobby_offset),
			 eid);
	/* the bojagi's iBeacon as raw advertising data, and the lobby's EID far away */
	body = g_strdup_printf(
		"{\"sightings\": ["
		"{\"payload\": \"0201061aff4c000215"
		"5a4bcfce174e4baca814092e77f6b7e5"
		"000200c9c5\", \"rssi\": -62},"
		"{\"id\": \"eid:%02x%02x%02x%02x%02x%02x%02x%02x\", \"rssi\": -95}]}",
		eid[0], eid[1], eid[2], eid[3], eid[4], eid[5], eid[6], eid[7]);
	reply = sori_test_api_post(f, LOCATE, "application/json; charset=utf-8", body);
	g_assert_cmpuint(reply->status, ==, 200);
	nearest = json_object_get_object_member(sori_test_api_json(reply, parser), "nearest");
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
		g_autoptr(SoriTestReply) lobby
			= sori_test_api_post(f, LOCATE, "application/json", eid_only);
		g_autoptr(JsonParser) p2 = json_parser_new();
		JsonObject *n2;
		g_assert_cmpuint(lobby->status, ==, 200);
		n2 = json_object_get_object_member(sori_test_api_json(lobby, p2), "nearest");
		g_assert_cmpstr(json_object_get_string_member(n2, "kind"), ==, "gallery");
		g_assert_cmpstr(json_object_get_string_member(n2, "id"), ==, "clay-and-fire");
	}
	/* a replayed EID from a day ago does not resolve */
	{
		guint8 old[8];
		g_autofree gchar *stale = NULL;
		g_autoptr(SoriTestReply) replay = NULL;
		sori_eid_compute(sori_test_api_lobby_key, 10,
				 (guint32) (now - 86400 + sori_test_api_lobby_offset), old);
		stale = g_strdup_printf(
			"{\"sightings\": [{\"id\": "
			"\"eid:%02x%02x%02x%02x%02x%02x%02x%02x\", \"rssi\": -70}]}",
			old[0], old[1], old[2], old[3], old[4], old[5], old[6], old[7]);
		replay = sori_test_api_post(f, LOCATE, "application/json", stale);
		sori_test_api_assert_problem(replay, SORI_PROBLEM_NO_KNOWN_BEACON, LOCATE);
	}
}

static void
test_locate_errors(SoriTestApi *f, gconstpointer user_data)
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
			= sori_test_api_post(f, LOCATE, cases[i].content_type, cases[i].body);
		g_autoptr(JsonParser) parser = json_parser_new();
		g_test_message("%s", cases[i].body);
		sori_test_api_assert_problem(reply, cases[i].problem, LOCATE);
		g_assert_nonnull(strstr(
			json_object_get_string_member(sori_test_api_json(reply, parser), "detail"),
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
		reply = sori_test_api_post(f, LOCATE, "application/json", body->str);
		sori_test_api_assert_problem(reply, SORI_PROBLEM_INVALID_BODY, LOCATE);
	}
	/* too large: refused before it is read */
	{
		g_autofree gchar *big = g_strnfill(20000, ' ');
		g_autoptr(SoriTestReply) reply
			= sori_test_api_post(f, LOCATE, "application/json", big);
		sori_test_api_assert_problem(reply, SORI_PROBLEM_BODY_TOO_LARGE, NULL);
	}
	/* GET: the wrong method, and it says which is right */
	{
		g_autoptr(SoriTestReply) reply = sori_test_api_fetch(f, LOCATE, NULL);
		sori_test_api_assert_problem(reply, SORI_PROBLEM_METHOD_NOT_ALLOWED, LOCATE);
		g_assert_cmpstr(sori_test_api_header(reply, "Allow"), ==, "POST, OPTIONS");
	}
	{
		g_autoptr(SoriTestReply) reply = sori_test_api_post(f, "/v1/venues/nowhere/locate",
								    "application/json", "{}");
		sori_test_api_assert_problem(reply, SORI_PROBLEM_UNKNOWN_VENUE, NULL);
	}
}

/* the visitors' web app: its pages, whole, its files, its policy */
static void
test_webapp(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) root = sori_test_api_fetch(f, "/", NULL);
	g_autoptr(SoriTestReply) home = sori_test_api_fetch(f, "/v/dasol-museum", NULL);
	g_autoptr(SoriTestReply) deep
		= sori_test_api_fetch(f, "/v/dasol-museum/c/101?from=poster", NULL);
	g_autoptr(SoriTestReply) settings = sori_test_api_fetch(f, "/settings", NULL);
	g_autoptr(SoriTestReply) worker = sori_test_api_fetch(f, "/sw.js", NULL);
	g_autoptr(SoriTestReply) script
		= sori_test_api_fetch(f, "/app/main.js", "Accept-Encoding", "gzip", NULL);
	g_autoptr(SoriTestReply) again = NULL;
	g_autoptr(SoriTestReply) post
		= sori_test_api_fetch_full(f, "POST", "/v/dasol-museum", NULL);
	g_autofree gchar *worker_text = NULL;
	const gchar *html;
	const gchar *version;
	gsize len = 0;

	g_assert_cmpuint(root->status, ==, 200);
	g_assert_cmpstr(sori_test_api_header(root, "Content-Type"), ==, "text/html; charset=utf-8");
	g_assert_cmpstr(sori_test_api_header(root, "Cache-Control"), ==, "no-cache");
	g_assert_nonnull(strstr(sori_test_api_header(root, "Content-Security-Policy"),
				"script-src 'self' 'sha256-"));
	g_assert_nonnull(strstr(sori_test_api_header(root, "Content-Security-Policy"),
				"connect-src 'self';"));
	/* media from sorid alone: a phone talks to no third party */
	g_assert_nonnull(strstr(sori_test_api_header(root, "Content-Security-Policy"),
				"img-src 'self'; media-src 'self';"));
	g_assert_cmpstr(sori_test_api_header(root, "Referrer-Policy"), ==, "no-referrer");
	g_assert_cmpstr(sori_test_api_header(root, "X-Content-Type-Options"), ==, "nosniff");
	/* nothing that could identify a visitor, and no reading from other sites */
	g_assert_null(sori_test_api_header(root, "Set-Cookie"));
	g_assert_null(sori_test_api_header(root, "Access-Control-Allow-Origin"));
	html = g_bytes_get_data(root->body, &len);
	g_assert_nonnull(g_strstr_len(html, len, "<main id=\"main\""));
	g_assert_nonnull(g_strstr_len(html, len, "<script type=\"module\" src=\"/app/main.js\">"));

	/* each page its own, whole; a QR code's link, whatever a poster adds, leads on */
	g_assert_cmpuint(home->status, ==, 200);
	g_assert_false(g_bytes_equal(home->body, root->body));
	g_assert_cmpuint(deep->status, ==, 302);
	g_assert_cmpstr(sori_test_api_header(deep, "Location"), ==,
			"/v/dasol-museum/e/moon-jar?via=qr");
	g_assert_cmpuint(settings->status, ==, 200);
	g_assert_false(g_bytes_equal(settings->body, root->body));
	{
		g_autoptr(SoriTestReply) slash = sori_test_api_fetch(f, "/v/dasol-museum/", NULL);
		g_autoptr(SoriTestReply) empty = sori_test_api_fetch(f, "/v//keypad", NULL);
		g_assert_cmpuint(slash->status, ==, 200);
		g_assert_true(g_bytes_equal(slash->body, home->body));
		sori_test_api_assert_problem(empty, SORI_PROBLEM_UNKNOWN_ROUTE, NULL);
	}
	again = sori_test_api_fetch(f, "/v/dasol-museum", "If-None-Match",
				    sori_test_api_header(home, "ETag"), NULL);
	g_assert_cmpuint(again->status, ==, 304);

	/* the service worker is told the version and the files to keep, sorid's offline page
	 * among them */
	g_assert_cmpuint(worker->status, ==, 200);
	g_assert_cmpstr(sori_test_api_header(worker, "Content-Type"), ==,
			"text/javascript; charset=utf-8");
	worker_text
		= g_strndup(g_bytes_get_data(worker->body, NULL), g_bytes_get_size(worker->body));
	g_assert_null(strstr(worker_text, "@SORI_"));
	g_assert_nonnull(strstr(worker_text, "const SHELL_FILES = [\"/app/"));
	g_assert_nonnull(strstr(worker_text, "\"/app/main.js\""));
	g_assert_nonnull(strstr(worker_text, "\"/offline\""));
	g_assert_nonnull(strstr(worker_text, "\"/app/sori.css\""));
	g_assert_null(strstr(worker_text, "\"/sw.js\""));
	version = strstr(worker_text, "const VERSION = '");
	g_assert_nonnull(version);
	version += strlen("const VERSION = '");
	for (guint i = 0; i < 16; i++)
		g_assert_true(g_ascii_isxdigit(version[i]));
	g_assert_cmpint(version[16], ==, '\'');

	g_assert_cmpuint(script->status, ==, 200);
	g_assert_cmpstr(sori_test_api_header(script, "Content-Type"), ==,
			"text/javascript; charset=utf-8");
	g_assert_cmpstr(sori_test_api_header(script, "Content-Encoding"), ==, "gzip");
	g_assert_cmpstr(sori_test_api_header(script, "Vary"), ==, "Accept-Encoding");

	sori_test_api_assert_problem(post, SORI_PROBLEM_METHOD_NOT_ALLOWED, "/v/dasol-museum");
	g_assert_cmpstr(sori_test_api_header(post, "Allow"), ==, "GET, HEAD");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	sori_test_api_add("http-locate", "webapp", test_webapp);
	sori_test_api_add("http-locate", "locate", test_locate);
	sori_test_api_add("http-locate", "locate/payload-and-eid", test_locate_payload_and_eid);
	sori_test_api_add("http-locate", "locate/errors", test_locate_errors);
	return g_test_run();
}
