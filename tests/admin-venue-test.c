/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The curators' API over real HTTP, the rest of a venue: tokens and the
 * slowing down of wrong ones, media uploaded and shipped, beacons, the printed
 * codes' sheets, usage counts, the speech preview.
 */

#include "config.h"

#include "sori-test-admin.h"

#include <string.h>

#include "sori-admin.h"
#include "sori-tokens.h"

static void
test_tokens(SoriTestAdmin *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) none
		= sori_test_admin_call(f, "GET", SORI_TEST_ADMIN_CATALOGUE, NULL, NULL, NULL);
	g_autoptr(SoriTestReply) wrong = sori_test_admin_call(f, "GET", SORI_TEST_ADMIN_CATALOGUE,
							      "sori_not-a-real-token", NULL, NULL);
	g_autoptr(SoriTestReply) other = sori_test_admin_call(
		f, "GET", "/v1/admin/venues/dasol-museum/catalogue", f->token, NULL, NULL);
	g_autoptr(SoriTestReply) right
		= sori_test_admin_call(f, "GET", SORI_TEST_ADMIN_CATALOGUE, f->token, NULL, NULL);
	g_autoptr(SoriTestReply) everywhere = sori_test_admin_call(
		f, "GET", "/v1/admin/venues/dasol-museum/catalogue", f->all_token, NULL, NULL);

	sori_test_admin_assert_problem(none, SORI_PROBLEM_UNAUTHORIZED);
	g_assert_cmpstr(soup_message_headers_get_one(none->headers, "WWW-Authenticate"), ==,
			"Bearer realm=\"sori\"");
	sori_test_admin_assert_problem(wrong, SORI_PROBLEM_UNAUTHORIZED);
	sori_test_admin_assert_problem(other, SORI_PROBLEM_FORBIDDEN);
	g_assert_cmpuint(right->status, ==, 200);
	g_assert_cmpmem(g_bytes_get_data(right->body, NULL), g_bytes_get_size(right->body),
			f->park_json, strlen(f->park_json));
	g_assert_cmpuint(everywhere->status, ==, 200);
}

static void
test_token_added_and_revoked_live(SoriTestAdmin *f, gconstpointer user_data)
{
	g_autofree gchar *path = sori_admin_tokens_path(f->data_dir);
	g_autoptr(SoriTokens) tokens = sori_tokens_new(path);
	g_autoptr(GError) error = NULL;
	const gchar *park[] = { "haneul-wetland", NULL };
	g_autofree gchar *fresh = sori_tokens_add(tokens, "new-curator", park, &error);
	g_autoptr(SoriTestReply) before = NULL;
	g_autoptr(SoriTestReply) after = NULL;

	/* a token made while sorid runs counts at once; revoked, it stops */
	g_assert_no_error(error);
	before = sori_test_admin_call(f, "GET", SORI_TEST_ADMIN_CATALOGUE, fresh, NULL, NULL);
	g_assert_cmpuint(before->status, ==, 200);
	g_assert_true(sori_tokens_revoke(tokens, "new-curator", &error));
	after = sori_test_admin_call(f, "GET", SORI_TEST_ADMIN_CATALOGUE, fresh, NULL, NULL);
	sori_test_admin_assert_problem(after, SORI_PROBLEM_UNAUTHORIZED);
}

/* a preview of speech needs a speaking sorid; the request is checked all the same */
static void
test_speak_refused(SoriTestAdmin *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) quiet = sori_test_admin_call(
		f, "POST", "/v1/admin/venues/haneul-wetland/speak", f->token, "application/json",
		"{\"text\": \"안녕하세요\", \"lang\": \"ko\"}");
	g_autoptr(SoriTestReply) none = sori_test_admin_call(
		f, "POST", "/v1/admin/venues/haneul-wetland/speak", NULL, "application/json", "{}");
	sori_test_admin_assert_problem(quiet, SORI_PROBLEM_SPEECH_UNAVAILABLE);
	sori_test_admin_assert_problem(none, SORI_PROBLEM_UNAUTHORIZED);
}

/* what curators see of the use: small counts hidden under the threshold */
static void
test_usage_threshold(SoriTestAdmin *f, gconstpointer user_data)
{
	g_autoptr(GTimeZone) tz = g_time_zone_new_identifier("Asia/Seoul");
	g_autoptr(GDateTime) now = g_date_time_new_now(tz);
	g_autofree gchar *day = g_date_time_format(now, "%F");
	g_autofree gchar *path
		= g_strdup_printf("/v1/admin/venues/haneul-wetland/usage?period=week&date=%s", day);
	g_autoptr(SoriTestReply) reply = NULL;
	g_autoptr(SoriTestReply) bad = NULL;
	g_autoptr(SoriTestReply) other = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *counts;

	for (guint i = 0; i < 6; i++) {
		g_autofree gchar *body = g_strdup_printf(
			"{\"day\": \"%s\", \"events\": [{\"exhibit\": \"otter\", \"feature\": "
			"\"captions\"}%s]}",
			day, i < 3 ? ", {\"exhibit\": \"otter\", \"feature\": \"opened\"}" : "");
		g_autoptr(SoriTestReply) sent
			= sori_test_admin_call(f, "POST", "/v1/venues/haneul-wetland/usage", NULL,
					       "application/json", body);
		g_assert_cmpuint(sent->status, ==, 204);
	}
	reply = sori_test_admin_call(f, "GET", path, f->token, NULL, NULL);
	g_assert_cmpuint(reply->status, ==, 200);
	counts = json_object_get_object_member(sori_test_admin_json(reply, parser), "counts");
	g_assert_cmpint(json_object_get_int_member(counts, "exhibit:otter:captions"), ==, 6);
	g_assert_cmpstr(json_object_get_string_member(counts, "exhibit:otter:opened"), ==, "< 5");
	bad = sori_test_admin_call(f, "GET", "/v1/admin/venues/haneul-wetland/usage?period=year",
				   f->token, NULL, NULL);
	sori_test_admin_assert_problem(bad, SORI_PROBLEM_INVALID_PARAMETER);
	other = sori_test_admin_call(f, "GET", "/v1/admin/venues/dasol-museum/usage", f->token,
				     NULL, NULL);
	sori_test_admin_assert_problem(other, SORI_PROBLEM_FORBIDDEN);
}

static void
test_failures_slowed_down(SoriTestAdmin *f, gconstpointer user_data)
{
	gint64 start;
	/* five free tries, then each failure waits */
	for (guint i = 0; i < 5; i++) {
		g_autoptr(SoriTestReply) reply = sori_test_admin_call(
			f, "GET", SORI_TEST_ADMIN_CATALOGUE, "sori_guess", NULL, NULL);
		sori_test_admin_assert_problem(reply, SORI_PROBLEM_UNAUTHORIZED);
	}
	start = g_get_monotonic_time();
	{
		g_autoptr(SoriTestReply) reply = sori_test_admin_call(
			f, "GET", SORI_TEST_ADMIN_CATALOGUE, "sori_guess", NULL, NULL);
		sori_test_admin_assert_problem(reply, SORI_PROBLEM_UNAUTHORIZED);
	}
	g_assert_cmpint(g_get_monotonic_time() - start, >=, 900000);
	/* a right token is not slowed down */
	start = g_get_monotonic_time();
	{
		g_autoptr(SoriTestReply) reply = sori_test_admin_call(
			f, "GET", SORI_TEST_ADMIN_CATALOGUE, f->token, NULL, NULL);
		g_assert_cmpuint(reply->status, ==, 200);
	}
	g_assert_cmpint(g_get_monotonic_time() - start, <, 500000);
}

static SoriTestReply *
upload(SoriTestAdmin *f, const gchar *path, const gchar *content_type, const guint8 *data,
       gsize len)
{
	g_autofree gchar *url = g_strconcat(f->base, path, NULL);
	g_autoptr(SoupMessage) msg = soup_message_new("PUT", url);
	g_autoptr(GBytes) bytes = g_bytes_new(data, len);
	g_autofree gchar *auth = g_strconcat("Bearer ", f->token, NULL);
	soup_message_headers_replace(soup_message_get_request_headers(msg), "Authorization", auth);
	soup_message_set_request_body_from_bytes(msg, content_type, bytes);
	return sori_test_send(f->session, msg);
}

static void
test_media(SoriTestAdmin *f, gconstpointer user_data)
{
	/* a PNG's signature and some of a header: enough to be what it says */
	static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
				      'I',  'H', 'D', 'R', 0,    0,    0,    1,    0, 0, 0, 1 };
	g_autoptr(SoriTestReply) stored
		= upload(f, "/v1/admin/venues/haneul-wetland/media/otter.png", "image/png", png,
			 sizeof(png));
	g_autoptr(SoriTestReply) mislabelled
		= upload(f, "/v1/admin/venues/haneul-wetland/media/otter.jpg", "image/jpeg", png,
			 sizeof(png));
	g_autoptr(SoriTestReply) unknown = upload(f, "/v1/admin/venues/haneul-wetland/media/a.exe",
						  "application/x-msdownload", png, sizeof(png));
	g_autoptr(SoriTestReply) served = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	const gchar *url;

	g_assert_cmpuint(stored->status, ==, 201);
	url = json_object_get_string_member(sori_test_admin_json(stored, parser), "url");
	g_assert_true(g_str_has_prefix(url, "/v1/venues/haneul-wetland/media/"));
	g_assert_true(g_str_has_suffix(url, ".png"));
	sori_test_admin_assert_problem(mislabelled, SORI_PROBLEM_UNSUPPORTED_MEDIA_TYPE);
	g_assert_nonnull(
		strstr(g_bytes_get_data(mislabelled->body, NULL), "its content is image/png"));
	sori_test_admin_assert_problem(unknown, SORI_PROBLEM_UNSUPPORTED_MEDIA_TYPE);

	/* served to anyone, immutable */
	served = sori_test_admin_call(f, "GET", url, NULL, NULL, NULL);
	g_assert_cmpuint(served->status, ==, 200);
	g_assert_cmpstr(soup_message_headers_get_one(served->headers, "Content-Type"), ==,
			"image/png");
	g_assert_cmpmem(g_bytes_get_data(served->body, NULL), g_bytes_get_size(served->body), png,
			sizeof(png));

	/* and a catalogue may point at it */
	{
		g_autoptr(GString) park = g_string_new(f->park_json);
		g_autofree gchar *image
			= g_strdup_printf("\"images\": [{\"url\": \"%s\", \"alt\": {\"ko\": "
					  "\"수달\", \"en\": \"An otter\"}}], "
					  "\"easy_read\"",
					  url);
		g_autoptr(SoriTestReply) put = NULL;
		/* the otter is the first exhibit: its image goes before its easy read */
		g_assert_cmpuint(g_string_replace(park, "\"easy_read\"", image, 1), ==, 1);
		put = sori_test_admin_call(f, "PUT", SORI_TEST_ADMIN_CATALOGUE, f->token,
					   "application/json", park->str);
		if (put->status != 200)
			g_error("%s", (const gchar *) g_bytes_get_data(put->body, NULL));
	}
}

/* media shipped beside the catalogues (the samples' pictures): served when
 * their bytes are their name, refused when not */
static void
test_media_shipped(SoriTestAdmin *f, gconstpointer user_data)
{
	static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
				      'I',  'H', 'D', 'R', 0,    0,    0,    2,    0, 0, 0, 2 };
	g_autofree gchar *dir = g_build_filename(f->data_dir, "media", NULL);
	g_autofree gchar *digest = g_compute_checksum_for_data(G_CHECKSUM_SHA256, png, sizeof(png));
	g_autofree gchar *name = g_strdup_printf("%s.png", digest);
	g_autofree gchar *path = g_build_filename(dir, name, NULL);
	g_autofree gchar *url = g_strdup_printf("/v1/venues/haneul-wetland/media/%s", name);
	g_autofree gchar *liar_name = g_strdup_printf(
		"%s.png", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	g_autofree gchar *liar_path = g_build_filename(dir, liar_name, NULL);
	g_autofree gchar *liar_url
		= g_strdup_printf("/v1/venues/haneul-wetland/media/%s", liar_name);
	g_autoptr(SoriTestReply) served = NULL;
	g_autoptr(SoriTestReply) liar = NULL;
	g_autoptr(SoriTestReply) outside = NULL;

	g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
	g_assert_true(g_file_set_contents(path, (const gchar *) png, sizeof(png), NULL));
	g_assert_true(g_file_set_contents(liar_path, (const gchar *) png, sizeof(png), NULL));
	served = sori_test_admin_call(f, "GET", url, NULL, NULL, NULL);
	g_assert_cmpuint(served->status, ==, 200);
	g_assert_cmpstr(soup_message_headers_get_one(served->headers, "Content-Type"), ==,
			"image/png");
	g_assert_cmpmem(g_bytes_get_data(served->body, NULL), g_bytes_get_size(served->body), png,
			sizeof(png));
	/* a file whose bytes are not its name is never served under it */
	g_test_expect_message("sori-store", G_LOG_LEVEL_WARNING, "*its content is not its name*");
	liar = sori_test_admin_call(f, "GET", liar_url, NULL, NULL, NULL);
	g_test_assert_expected_messages();
	g_assert_cmpuint(liar->status, ==, 404);
	/* nothing but a name in that folder */
	outside = sori_test_admin_call(f, "GET",
				       "/v1/venues/haneul-wetland/media/..%2Fhaneul-wetland.json",
				       NULL, NULL, NULL);
	g_assert_cmpuint(outside->status, ==, 404);
}

static void
test_beacons(SoriTestAdmin *f, gconstpointer user_data)
{
	const gchar *path = "/v1/admin/venues/haneul-wetland/beacons";
	g_autoptr(SoriTestReply) none = sori_test_admin_call(f, "GET", path, NULL, NULL, NULL);
	g_autoptr(SoriTestReply) other = sori_test_admin_call(
		f, "GET", "/v1/admin/venues/dasol-museum/beacons", f->token, NULL, NULL);
	g_autoptr(SoriTestReply) post
		= sori_test_admin_call(f, "POST", path, f->token, "application/json", "{}");
	g_autoptr(SoriTestReply) unknown = sori_test_admin_call(
		f, "GET", "/v1/admin/venues/no-such-place/beacons", f->all_token, NULL, NULL);
	g_autoptr(SoriTestReply) right = sori_test_admin_call(f, "GET", path, f->token, NULL, NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *root;
	JsonArray *beacons;
	JsonObject *hall;

	sori_test_admin_assert_problem(none, SORI_PROBLEM_UNAUTHORIZED);
	sori_test_admin_assert_problem(other, SORI_PROBLEM_FORBIDDEN);
	sori_test_admin_assert_problem(post, SORI_PROBLEM_METHOD_NOT_ALLOWED);
	sori_test_admin_assert_problem(unknown, SORI_PROBLEM_UNKNOWN_VENUE);
	g_assert_cmpuint(right->status, ==, 200);
	g_assert_cmpstr(soup_message_headers_get_one(right->headers, "Cache-Control"), ==,
			"no-store");
	root = sori_test_admin_json(right, parser);
	g_assert_false(json_object_get_boolean_member(
		json_object_get_object_member(root, "monitor"), "enabled"));
	beacons = json_object_get_array_member(root, "beacons");
	g_assert_cmpuint(json_array_get_length(beacons), ==, 1);
	hall = json_array_get_object_element(beacons, 0);
	g_assert_cmpstr(json_object_get_string_member(hall, "id"), ==,
			"eddystone-uid:f1e2d3c4b5a697887766:000000000001");
	/* with the monitor off, sori does not pretend to know */
	g_assert_cmpstr(json_object_get_string_member(hall, "status"), ==, "unknown");
	g_assert_true(json_object_get_null_member(hall, "last_seen"));
}

#define MARKER_LABELS "/v1/admin/venues/haneul-wetland/labels/markers"

/* the printed codes' sheets, for the console's labels page; a limit on every parameter */
static void
test_marker_labels(SoriTestAdmin *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) a4 = sori_test_admin_call(
		f, "GET", MARKER_LABELS "?base=https://guide.example.org", f->token, NULL, NULL);
	g_autoptr(SoriTestReply) a3 = sori_test_admin_call(
		f, "GET", MARKER_LABELS "?base=https://guide.example.org&paper=a3&floor=1&lang=en",
		f->token, NULL, NULL);
	g_autoptr(JsonParser) p1 = json_parser_new();
	g_autoptr(JsonParser) p2 = json_parser_new();
	g_autoptr(GHashTable) seen = g_hash_table_new(g_direct_hash, g_direct_equal);
	static const struct {
		const gchar *query;
		SoriProblem problem;
	} bad[] = {
		{ "", SORI_PROBLEM_INVALID_PARAMETER },
		{ "?base=ftp://guide.example.org", SORI_PROBLEM_INVALID_PARAMETER },
		{ "?base=https://guide.example.org/sori", SORI_PROBLEM_INVALID_PARAMETER },
		{ "?base=https://guide.example.org&paper=a5", SORI_PROBLEM_INVALID_PARAMETER },
		{ "?base=https://guide.example.org&floor=first", SORI_PROBLEM_INVALID_PARAMETER },
		{ "?base=https://guide.example.org&floor=201", SORI_PROBLEM_INVALID_PARAMETER },
		{ "?base=https://guide.example.org&floor=-21", SORI_PROBLEM_INVALID_PARAMETER },
		{ "?base=https://guide.example.org&floor=4", SORI_PROBLEM_INVALID_PARAMETER },
		{ "?base=https://guide.example.org&size_mm=30", SORI_PROBLEM_INVALID_PARAMETER },
		{ "?base=https://guide.example.org&lang=x_y", SORI_PROBLEM_INVALID_PARAMETER },
	};
	JsonObject *answer;
	JsonArray *sheets;

	g_assert_cmpuint(a4->status, ==, 200);
	answer = sori_test_admin_json(a4, p1);
	g_assert_cmpstr(json_object_get_string_member(answer, "paper"), ==, "a4");
	g_assert_cmpint(json_object_get_int_member(answer, "width_mm"), ==, 210);
	g_assert_cmpint(json_object_get_int_member(answer, "height_mm"), ==, 297);
	g_assert_cmpstr(json_object_get_string_member(answer, "lang"), ==, "ko");
	g_assert_true(json_object_get_boolean_member(answer, "https"));
	sheets = json_object_get_array_member(answer, "sheets");
	for (guint i = 0; i < json_array_get_length(sheets); i++) {
		JsonObject *sheet = json_array_get_object_element(sheets, i);
		JsonArray *markers = json_object_get_array_member(sheet, "markers");
		const gchar *svg = json_object_get_string_member(sheet, "svg");
		g_assert_cmpint(json_object_get_int_member(sheet, "floor"), ==, 1);
		g_assert_cmpint(json_object_get_int_member(sheet, "page"), ==, i + 1);
		g_assert_cmpint(json_object_get_int_member(sheet, "pages"), ==,
				json_array_get_length(sheets));
		g_assert_true(g_str_has_prefix(svg, "<?xml"));
		g_assert_nonnull(strstr(svg, "viewBox=\"0 0 210.000 297.000\""));
		for (guint m = 0; m < json_array_get_length(markers); m++) {
			gint64 number = json_array_get_int_element(markers, m);
			g_autofree gchar *group
				= g_strdup_printf("id=\"marker-%" G_GINT64_FORMAT "\"", number);
			g_assert_nonnull(strstr(svg, group));
			g_assert_true(g_hash_table_add(seen, GINT_TO_POINTER((gint) number)));
		}
	}
	/* the park's codes: its two galleries, five exhibits and its entrance */
	g_assert_cmpuint(g_hash_table_size(seen), ==, 8);
	g_assert_true(g_hash_table_contains(seen, GINT_TO_POINTER(10)));

	g_assert_cmpuint(a3->status, ==, 200);
	answer = sori_test_admin_json(a3, p2);
	g_assert_cmpstr(json_object_get_string_member(answer, "paper"), ==, "a3");
	g_assert_cmpint(json_object_get_int_member(answer, "width_mm"), ==, 297);
	sheets = json_object_get_array_member(answer, "sheets");
	g_assert_cmpuint(json_array_get_length(sheets), >, 0);
	g_assert_nonnull(strstr(
		json_object_get_string_member(json_array_get_object_element(sheets, 0), "svg"),
		"viewBox=\"0 0 297.000 420.000\""));

	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autofree gchar *path = g_strconcat(MARKER_LABELS, bad[i].query, NULL);
		g_autoptr(SoriTestReply) reply
			= sori_test_admin_call(f, "GET", path, f->token, NULL, NULL);
		g_test_message("%s", path);
		sori_test_admin_assert_problem(reply, bad[i].problem);
	}
	{
		g_autoptr(SoriTestReply) anonymous = sori_test_admin_call(
			f, "GET", MARKER_LABELS "?base=https://guide.example.org", NULL, NULL,
			NULL);
		g_autoptr(SoriTestReply) other
			= sori_test_admin_call(f, "GET",
					       "/v1/admin/venues/dasol-museum/labels/"
					       "markers?base=https://guide.example.org",
					       f->token, NULL, NULL);
		g_autoptr(SoriTestReply) museum
			= sori_test_admin_call(f, "GET",
					       "/v1/admin/venues/dasol-museum/labels/"
					       "markers?base=https://guide.example.org"
					       "&floor=2",
					       f->all_token, NULL, NULL);
		sori_test_admin_assert_problem(anonymous, SORI_PROBLEM_UNAUTHORIZED);
		sori_test_admin_assert_problem(other, SORI_PROBLEM_FORBIDDEN);
		g_assert_cmpuint(museum->status, ==, 200);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	sori_test_admin_add("/admin/tokens", test_tokens);
	sori_test_admin_add("/admin/token-added-and-revoked-live",
			    test_token_added_and_revoked_live);
	sori_test_admin_add("/admin/usage-threshold", test_usage_threshold);
	sori_test_admin_add("/admin/speak-refused", test_speak_refused);
	sori_test_admin_add("/admin/media", test_media);
	sori_test_admin_add("/admin/media/shipped", test_media_shipped);
	sori_test_admin_add("/admin/beacons", test_beacons);
	sori_test_admin_add("/admin/marker-labels", test_marker_labels);
	sori_test_admin_add("/admin/failures-slowed-down", test_failures_slowed_down);
	return g_test_run();
}
