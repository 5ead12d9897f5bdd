/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The curators' API over real HTTP: tokens, uploads valid and not, the swap
 * under readers, revisions, rollback, spreadsheets, the audit log.
 */

#include "config.h"

#include "sori-test-http.h"
#include "sori-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sori-admin.h"
#include "sori-http-server.h"
#include "sori-problem.h"
#include "sori-tokens.h"

typedef struct {
	gchar *data_dir;
	SoriVenueStore *store;
	SoriHttpServer *server;
	SoupSession *session;
	gchar *base;
	gchar *token;     /* for haneul-wetland */
	gchar *all_token; /* for every venue */
	gchar *park_json; /* the park's catalogue as it starts */
} Fixture;

static void
fixture_setup(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriAdmin) admin = NULL;
	g_autoptr(SoriFleet) fleet = NULL;
	g_autoptr(SoriTokens) tokens = NULL;
	g_autofree gchar *tokens_path = NULL;
	g_autofree gchar *state = NULL;
	const gchar *park[] = { "haneul-wetland", NULL };
	const gchar *all[] = { "*", NULL };
	const gchar *names[] = { "dasol-museum.json", "haneul-wetland.json" };

	f->data_dir = g_dir_make_tmp("sori-admin-test-XXXXXX", &error);
	for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree gchar *from
			= g_build_filename(g_getenv("SORI_SAMPLE_DIR"), names[i], NULL);
		g_autofree gchar *to = g_build_filename(f->data_dir, names[i], NULL);
		sori_test_copy_file(from, to);
	}
	{
		g_autofree gchar *path = g_build_filename(f->data_dir, "haneul-wetland.json", NULL);
		g_assert_true(g_file_get_contents(path, &f->park_json, NULL, NULL));
	}
	state = sori_admin_state_dir(f->data_dir);
	g_mkdir_with_parents(state, 0750);
	tokens_path = sori_admin_tokens_path(f->data_dir);
	tokens = sori_tokens_new(tokens_path);
	f->token = sori_tokens_add(tokens, "park-curator", park, &error);
	g_assert_no_error(error);
	f->all_token = sori_tokens_add(tokens, "city-team", all, &error);
	g_assert_no_error(error);

	f->store = sori_venue_store_new(f->data_dir);
	g_assert_true(sori_venue_store_load(f->store, &error));
	{
		g_autoptr(SoriUsage) usage = sori_usage_new(NULL);
		sori_venue_store_set_usage(f->store, usage);
	}
	f->server = sori_http_server_new(f->store);
	admin = sori_admin_new(f->store, f->data_dir, 3);
	sori_http_server_set_admin(f->server, admin);
	/* not started: there is no bluetoothd here (fleet-test has one) */
	fleet = sori_fleet_new(f->store, 300, 2200);
	sori_admin_set_fleet(admin, fleet);
	g_assert_true(sori_http_server_listen(f->server, "127.0.0.1", 0, &error));
	f->base = g_strdup_printf("http://127.0.0.1:%u", sori_http_server_get_port(f->server));
	f->session = soup_session_new();
}

static void
fixture_teardown(Fixture *f, gconstpointer user_data)
{
	g_clear_object(&f->session);
	g_clear_object(&f->server);
	g_clear_object(&f->store);
	sori_test_remove_tree(f->data_dir);
	g_free(f->data_dir);
	g_free(f->base);
	g_free(f->token);
	g_free(f->all_token);
	g_free(f->park_json);
}

static SoupMessage *
new_message(Fixture *f, const gchar *method, const gchar *path, const gchar *token,
	    const gchar *content_type, const gchar *body)
{
	g_autofree gchar *url = g_strconcat(f->base, path, NULL);
	SoupMessage *msg = soup_message_new(method, url);
	if (token != NULL) {
		g_autofree gchar *auth = g_strconcat("Bearer ", token, NULL);
		soup_message_headers_replace(soup_message_get_request_headers(msg), "Authorization",
					     auth);
	}
	if (body != NULL) {
		g_autoptr(GBytes) bytes = g_bytes_new(body, strlen(body));
		soup_message_set_request_body_from_bytes(msg, content_type, bytes);
	}
	return msg;
}

static SoriTestReply *
call(Fixture *f, const gchar *method, const gchar *path, const gchar *token,
     const gchar *content_type, const gchar *body)
{
	g_autoptr(SoupMessage) msg = new_message(f, method, path, token, content_type, body);
	return sori_test_send(f->session, msg);
}

static JsonObject *
reply_json(SoriTestReply *reply, JsonParser *parser)
{
	g_assert_true(json_parser_load_from_data(parser, g_bytes_get_data(reply->body, NULL),
						 g_bytes_get_size(reply->body), NULL));
	return json_node_get_object(json_parser_get_root(parser));
}

static gchar *
otter_title(Fixture *f)
{
	g_autoptr(SoriTestReply) reply = call(
		f, "GET", "/v1/venues/haneul-wetland/exhibits/otter?lang=en", NULL, NULL, NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	if (reply->status != 200)
		return g_strdup_printf("HTTP %u", reply->status);
	return g_strdup(json_object_get_string_member(
		json_object_get_object_member(reply_json(reply, parser), "title"), "text"));
}

static gchar *
park_with_title(Fixture *f, const gchar *title)
{
	g_autoptr(GString) s = g_string_new(f->park_json);
	g_assert_cmpuint(g_string_replace(s, "Stuffed Eurasian Otter", title, 1), ==, 1);
	return g_string_free(g_steal_pointer(&s), FALSE);
}

#define CATALOGUE "/v1/admin/venues/haneul-wetland/catalogue"

static void
assert_problem(SoriTestReply *reply, SoriProblem problem)
{
	g_assert_cmpuint(reply->status, ==, sori_problem_get_status(problem));
	g_assert_nonnull(
		strstr(g_bytes_get_data(reply->body, NULL), sori_problem_get_type_uri(problem)));
}

static void
test_tokens(Fixture *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) none = call(f, "GET", CATALOGUE, NULL, NULL, NULL);
	g_autoptr(SoriTestReply) wrong
		= call(f, "GET", CATALOGUE, "sori_not-a-real-token", NULL, NULL);
	g_autoptr(SoriTestReply) other
		= call(f, "GET", "/v1/admin/venues/dasol-museum/catalogue", f->token, NULL, NULL);
	g_autoptr(SoriTestReply) right = call(f, "GET", CATALOGUE, f->token, NULL, NULL);
	g_autoptr(SoriTestReply) everywhere = call(
		f, "GET", "/v1/admin/venues/dasol-museum/catalogue", f->all_token, NULL, NULL);

	assert_problem(none, SORI_PROBLEM_UNAUTHORIZED);
	g_assert_cmpstr(soup_message_headers_get_one(none->headers, "WWW-Authenticate"), ==,
			"Bearer realm=\"sori\"");
	assert_problem(wrong, SORI_PROBLEM_UNAUTHORIZED);
	assert_problem(other, SORI_PROBLEM_FORBIDDEN);
	g_assert_cmpuint(right->status, ==, 200);
	g_assert_cmpmem(g_bytes_get_data(right->body, NULL), g_bytes_get_size(right->body),
			f->park_json, strlen(f->park_json));
	g_assert_cmpuint(everywhere->status, ==, 200);
}

static void
test_token_added_and_revoked_live(Fixture *f, gconstpointer user_data)
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
	before = call(f, "GET", CATALOGUE, fresh, NULL, NULL);
	g_assert_cmpuint(before->status, ==, 200);
	g_assert_true(sori_tokens_revoke(tokens, "new-curator", &error));
	after = call(f, "GET", CATALOGUE, fresh, NULL, NULL);
	assert_problem(after, SORI_PROBLEM_UNAUTHORIZED);
}

static void
test_invalid_upload_changes_nothing(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GString) broken = g_string_new(f->park_json);
	g_autoptr(SoriTestReply) reply = NULL;
	g_autoptr(SoriTestReply) wrong_venue = NULL;
	g_autoptr(SoriTestReply) not_json = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autofree gchar *title = NULL;
	g_autofree gchar *live = NULL;
	g_autofree gchar *path = g_build_filename(f->data_dir, "haneul-wetland.json", NULL);
	JsonArray *problems;

	g_string_replace(broken, "\"code\": \"501\"", "\"code\": \"5x1\"", 1);
	g_string_replace(broken, "\"display_height_cm\": 90", "\"display_height_cm\": \"tall\"", 1);
	reply = call(f, "PUT", CATALOGUE, f->token, "application/json", broken->str);
	assert_problem(reply, SORI_PROBLEM_INVALID_CATALOGUE);
	problems = json_object_get_array_member(reply_json(reply, parser), "problems");
	g_assert_cmpuint(json_array_get_length(problems), ==, 2);
	g_assert_cmpstr(json_object_get_string_member(json_array_get_object_element(problems, 0),
						      "pointer"),
			==, "/exhibits/0/code");
	/* the live catalogue keeps serving, the file untouched */
	title = otter_title(f);
	g_assert_cmpstr(title, ==, "Stuffed Eurasian Otter");
	g_assert_true(g_file_get_contents(path, &live, NULL, NULL));
	g_assert_cmpstr(live, ==, f->park_json);

	/* a catalogue of another venue, under this one's name */
	{
		g_autofree gchar *museum_path
			= g_build_filename(f->data_dir, "dasol-museum.json", NULL);
		g_autofree gchar *museum = NULL;
		g_assert_true(g_file_get_contents(museum_path, &museum, NULL, NULL));
		wrong_venue = call(f, "PUT", CATALOGUE, f->token, "application/json", museum);
		assert_problem(wrong_venue, SORI_PROBLEM_INVALID_CATALOGUE);
	}
	not_json = call(f, "PUT", CATALOGUE, f->token, "text/plain", "hello");
	assert_problem(not_json, SORI_PROBLEM_UNSUPPORTED_MEDIA_TYPE);
}

static void
test_upload_revisions_rollback(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *a = park_with_title(f, "Otter A");
	g_autofree gchar *b = park_with_title(f, "Otter B");
	g_autoptr(SoriTestReply) put_a = call(f, "PUT", CATALOGUE, f->token, "application/json", a);
	g_autoptr(SoriTestReply) put_b = NULL;
	g_autoptr(SoriTestReply) list = NULL;
	g_autoptr(SoriTestReply) back = NULL;
	g_autoptr(SoriTestReply) old = NULL;
	g_autoptr(JsonParser) pa = json_parser_new();
	g_autoptr(JsonParser) pl = json_parser_new();
	g_autoptr(JsonParser) pb = json_parser_new();
	g_autofree gchar *rev_a = NULL;
	g_autofree gchar *title = NULL;
	g_autofree gchar *audit = NULL;
	g_autofree gchar *audit_path = NULL;
	JsonObject *changes;

	g_assert_cmpuint(put_a->status, ==, 200);
	rev_a = g_strdup(json_object_get_string_member(reply_json(put_a, pa), "revision"));
	changes = json_object_get_object_member(json_node_get_object(json_parser_get_root(pa)),
						"changes");
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(changes, "changed")),
			 ==, 1);
	g_assert_cmpstr(
		json_array_get_string_element(json_object_get_array_member(changes, "changed"), 0),
		==, "otter");
	title = otter_title(f);
	g_assert_cmpstr(title, ==, "Otter A");
	g_free(title);

	/* the second revision is a second later, at least: ids sort by time */
	g_usleep(1100000);
	put_b = call(f, "PUT", CATALOGUE, f->token, "application/json", b);
	g_assert_cmpuint(put_b->status, ==, 200);
	title = otter_title(f);
	g_assert_cmpstr(title, ==, "Otter B");
	g_free(title);

	list = call(f, "GET", "/v1/admin/venues/haneul-wetland/revisions", f->token, NULL, NULL);
	g_assert_cmpuint(list->status, ==, 200);
	g_assert_cmpuint(json_array_get_length(
				 json_object_get_array_member(reply_json(list, pl), "revisions")),
			 ==, 2);
	g_assert_cmpstr(
		json_array_get_string_element(
			json_object_get_array_member(json_node_get_object(json_parser_get_root(pl)),
						     "revisions"),
			1),
		==, rev_a);

	{
		g_autofree gchar *path
			= g_strdup_printf("/v1/admin/venues/haneul-wetland/revisions/%s", rev_a);
		old = call(f, "GET", path, f->token, NULL, NULL);
		g_assert_cmpuint(old->status, ==, 200);
		g_assert_nonnull(strstr(g_bytes_get_data(old->body, NULL), "Otter A"));
	}
	{
		g_autofree gchar *body = g_strdup_printf("{\"revision\": \"%s\"}", rev_a);
		back = call(f, "POST", "/v1/admin/venues/haneul-wetland/rollback", f->token,
			    "application/json", body);
		g_assert_cmpuint(back->status, ==, 200);
		g_assert_cmpstr(json_object_get_string_member(reply_json(back, pb), "revision"), ==,
				rev_a);
	}
	title = otter_title(f);
	g_assert_cmpstr(title, ==, "Otter A");

	/* an unknown revision */
	{
		g_autoptr(SoriTestReply) nope = call(
			f, "POST", "/v1/admin/venues/haneul-wetland/rollback", f->token,
			"application/json", "{\"revision\": \"20990101T000000Z-000000000000\"}");
		assert_problem(nope, SORI_PROBLEM_UNKNOWN_REVISION);
	}
	/* every change in the audit log, with who made it */
	audit_path = g_build_filename(f->data_dir, ".sori", "audit.log", NULL);
	g_assert_true(g_file_get_contents(audit_path, &audit, NULL, NULL));
	g_assert_nonnull(strstr(audit, "\"action\":\"put-catalogue\""));
	g_assert_nonnull(strstr(audit, "\"action\":\"rollback\""));
	g_assert_nonnull(strstr(audit, "\"token\":\"park-curator\""));
	{
		g_auto(GStrv) lines = g_strsplit(g_strstrip(audit), "\n", -1);
		g_assert_cmpuint(g_strv_length(lines), ==, 3);
	}
}

/* a publish, a rollback and a deletion swap their own venue alone: every
 * other venue keeps its very snapshot, and so its warm representations */
static void
test_publish_swaps_one_venue(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *a = park_with_title(f, "Otter A");
	SoriVenueSnapshot *other = sori_venue_store_lookup(f->store, "dasol-museum");
	SoriVenueSnapshot *before = sori_venue_store_lookup(f->store, "haneul-wetland");
	g_autoptr(SoriTestReply) put = NULL;
	g_autoptr(SoriTestReply) created = NULL;
	g_autoptr(SoriTestReply) deleted = NULL;
	g_autofree gchar *river = NULL;

	g_assert_nonnull(other);
	g_assert_nonnull(before);
	/* another venue's file broken behind sorid's back: a publish elsewhere
	 * does not read it (a SIGHUP would), so that venue goes on being served */
	{
		g_autofree gchar *path = g_build_filename(f->data_dir, "dasol-museum.json", NULL);
		g_assert_true(g_file_set_contents(path, "{ broken", -1, NULL));
	}
	put = call(f, "PUT", CATALOGUE, f->token, "application/json", a);
	g_assert_cmpuint(put->status, ==, 200);
	g_assert_true(sori_venue_store_lookup(f->store, "dasol-museum") == other);
	g_assert_false(sori_venue_store_is_failed(f->store, "dasol-museum"));
	g_assert_true(sori_venue_store_lookup(f->store, "haneul-wetland") != before);
	g_assert_cmpuint(sori_venue_store_get_snapshots(f->store)->len, ==, 2);
	{
		g_autoptr(SoriTestReply) read
			= call(f, "GET", "/v1/venues/dasol-museum", NULL, NULL, NULL);
		g_assert_cmpuint(read->status, ==, 200);
	}

	/* a new venue, then gone: the others untouched either way */
	river = g_strdup(a);
	{
		g_autoptr(JsonParser) parser = json_parser_new();
		JsonObject *venue;
		g_assert_true(json_parser_load_from_data(parser, river, -1, NULL));
		venue = json_object_get_object_member(
			json_node_get_object(json_parser_get_root(parser)), "venue");
		json_object_set_string_member(venue, "id", "river-park");
		g_free(river);
		river = json_to_string(json_parser_get_root(parser), FALSE);
	}
	created = call(f, "PUT", "/v1/admin/venues/river-park/catalogue", f->all_token,
		       "application/json", river);
	g_assert_cmpuint(created->status, ==, 201);
	g_assert_true(sori_venue_store_lookup(f->store, "dasol-museum") == other);
	g_assert_cmpuint(sori_venue_store_get_snapshots(f->store)->len, ==, 3);
	deleted = call(f, "DELETE", "/v1/admin/venues/river-park", f->all_token, NULL, NULL);
	g_assert_cmpuint(deleted->status, ==, 204);
	g_assert_null(sori_venue_store_lookup(f->store, "river-park"));
	g_assert_true(sori_venue_store_lookup(f->store, "dasol-museum") == other);
	g_assert_cmpuint(sori_venue_store_get_snapshots(f->store)->len, ==, 2);
}

static void
test_create_and_delete(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GString) copy = g_string_new(f->park_json);
	g_autoptr(SoriTestReply) created = NULL;
	g_autoptr(SoriTestReply) seen = NULL;
	g_autoptr(SoriTestReply) deleted = NULL;
	g_autoptr(SoriTestReply) gone = NULL;
	g_autoptr(SoriTestReply) forbidden = NULL;

	g_string_replace(copy, "\"id\": \"haneul-wetland\"", "\"id\": \"river-park\"", 1);
	forbidden = call(f, "PUT", "/v1/admin/venues/river-park/catalogue", f->token,
			 "application/json", copy->str);
	assert_problem(forbidden, SORI_PROBLEM_FORBIDDEN);
	created = call(f, "PUT", "/v1/admin/venues/river-park/catalogue", f->all_token,
		       "application/json", copy->str);
	g_assert_cmpuint(created->status, ==, 201);
	seen = call(f, "GET", "/v1/venues/river-park", NULL, NULL, NULL);
	g_assert_cmpuint(seen->status, ==, 200);
	deleted = call(f, "DELETE", "/v1/admin/venues/river-park", f->all_token, NULL, NULL);
	g_assert_cmpuint(deleted->status, ==, 204);
	gone = call(f, "GET", "/v1/venues/river-park", NULL, NULL, NULL);
	assert_problem(gone, SORI_PROBLEM_UNKNOWN_VENUE);
	/* its revisions stay */
	{
		g_autoptr(SoriTestReply) list
			= call(f, "GET", "/v1/admin/venues/river-park/revisions", f->all_token,
			       NULL, NULL);
		g_autoptr(JsonParser) parser = json_parser_new();
		g_assert_cmpuint(list->status, ==, 200);
		g_assert_cmpuint(json_array_get_length(json_object_get_array_member(
					 reply_json(list, parser), "revisions")),
				 ==, 1);
	}
}

static void
test_csv(Fixture *f, gconstpointer user_data)
{
	const gchar *header
		= "\xef\xbb\xbfid,gallery,code,title.ko,title.en,description.ko,"
		  "description.en,audio_description.ko,audio_description.en,"
		  "easy_read.ko,easy_read.en,display_height_cm,touchable,seating_nearby\r\n";
	g_autofree gchar *bad = g_strconcat(
		header,
		"otter,wetland-life,501,수달,Otter,설명,\"A text, with a comma\",설명,Text,쉬운 글,"
		"Easy,90,no,yes\r\n"
		"reeds,wetland-life,502,갈대,,설명,Text,설명,Text,쉬운 글,Easy,tall,maybe,yes\r\n",
		NULL);
	g_autofree gchar *good = g_strconcat(header,
					     "otter,wetland-life,501,수달,Otter from the "
					     "sheet,설명,\"A text, with a comma\",설명,"
					     "Text,쉬운 글,Easy,90,no,yes\r\n"
					     "reeds,wetland-life,502,갈대,Reeds,설명,Text,설명,"
					     "Text,쉬운 글,Easy,100,yes,yes\r\n",
					     NULL);
	g_autoptr(SoriTestReply) rejected = call(f, "PUT", CATALOGUE, f->token, "text/csv", bad);
	g_autoptr(SoriTestReply) accepted = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(JsonParser) p2 = json_parser_new();
	JsonArray *problems;
	g_autofree gchar *title = NULL;

	assert_problem(rejected, SORI_PROBLEM_INVALID_CATALOGUE);
	problems = json_object_get_array_member(reply_json(rejected, parser), "problems");
	g_assert_cmpuint(json_array_get_length(problems), ==, 2);
	g_assert_cmpstr(
		json_object_get_string_member(json_array_get_object_element(problems, 0), "where"),
		==, "row 3, column display_height_cm");
	g_assert_cmpstr(
		json_object_get_string_member(json_array_get_object_element(problems, 1), "where"),
		==, "row 3, column touchable");

	/* the sheet takes away four exhibits whose printed codes are still bound: refused,
	 * each code named, until the curator takes the codes away too */
	{
		g_autoptr(SoriTestReply) codes_left
			= call(f, "PUT", CATALOGUE, f->token, "text/csv", good);
		g_autoptr(SoriTestReply) codes_gone = NULL;
		g_autoptr(JsonParser) p3 = json_parser_new();
		g_autoptr(JsonParser) park = json_parser_new();
		g_autofree gchar *without = NULL;
		JsonArray *codes;
		guint unbound = 0;

		assert_problem(codes_left, SORI_PROBLEM_INVALID_CATALOGUE);
		problems = json_object_get_array_member(reply_json(codes_left, p3), "problems");
		for (guint i = 0; i < json_array_get_length(problems); i++) {
			JsonObject *problem = json_array_get_object_element(problems, i);
			g_assert_true(
				g_str_has_prefix(json_object_get_string_member(problem, "pointer"),
						 "/markers/codes/"));
			g_assert_nonnull(strstr(json_object_get_string_member(problem, "reason"),
						"unknown exhibit"));
			unbound++;
		}
		g_assert_cmpuint(unbound, ==, 4);
		g_assert_true(json_parser_load_from_data(park, f->park_json, -1, NULL));
		codes = json_object_get_array_member(
			json_object_get_object_member(
				json_node_get_object(json_parser_get_root(park)), "markers"),
			"codes");
		for (guint i = json_array_get_length(codes); i-- > 0;) {
			JsonObject *code = json_array_get_object_element(codes, i);
			if (json_object_has_member(code, "exhibit")
			    && g_strcmp0(json_object_get_string_member(code, "exhibit"), "otter")
				       != 0)
				json_array_remove_element(codes, i);
		}
		without = json_to_string(json_parser_get_root(park), FALSE);
		codes_gone = call(f, "PUT", CATALOGUE, f->token, "application/json", without);
		g_assert_cmpuint(codes_gone->status, ==, 200);
	}
	accepted = call(f, "PUT", CATALOGUE, f->token, "text/csv", good);
	g_assert_cmpuint(accepted->status, ==, 200);
	/* two rows: the otter kept and changed, the reeds new, four exhibits gone */
	{
		JsonObject *changes
			= json_object_get_object_member(reply_json(accepted, p2), "changes");
		g_assert_cmpuint(
			json_array_get_length(json_object_get_array_member(changes, "removed")), ==,
			4);
		g_assert_cmpstr(json_array_get_string_element(
					json_object_get_array_member(changes, "added"), 0),
				==, "reeds");
	}
	title = otter_title(f);
	g_assert_cmpstr(title, ==, "Otter from the sheet");
}

#define CHECK "/v1/admin/venues/haneul-wetland/check"

/* the dry run: problems at their pointers, or what would change, and nothing published */
static void
test_check(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *changed = park_with_title(f, "Otter, checked");
	g_autoptr(GString) typo = g_string_new(f->park_json);
	g_autoptr(SoriTestReply) ok = NULL;
	g_autoptr(SoriTestReply) bad = NULL;
	g_autoptr(SoriTestReply) none = NULL;
	g_autoptr(SoriTestReply) other = NULL;
	g_autoptr(SoriTestReply) garbage = NULL;
	g_autoptr(SoriTestReply) csv_bad = NULL;
	g_autoptr(JsonParser) p1 = json_parser_new();
	g_autoptr(JsonParser) p2 = json_parser_new();
	g_autoptr(JsonParser) p3 = json_parser_new();
	g_autoptr(JsonParser) p4 = json_parser_new();
	JsonObject *answer;
	JsonObject *changes;
	JsonObject *first;
	JsonArray *fields;
	g_autofree gchar *title = NULL;

	ok = call(f, "POST", CHECK, f->token, "application/json", changed);
	g_assert_cmpuint(ok->status, ==, 200);
	answer = reply_json(ok, p1);
	g_assert_true(json_object_get_boolean_member(answer, "valid"));
	g_assert_cmpint(json_object_get_int_member(answer, "count"), ==, 0);
	changes = json_object_get_object_member(answer, "changes");
	first = json_array_get_object_element(json_object_get_array_member(changes, "changed"), 0);
	g_assert_cmpstr(json_object_get_string_member(first, "id"), ==, "otter");
	fields = json_object_get_array_member(first, "fields");
	g_assert_cmpuint(json_array_get_length(fields), ==, 1);
	g_assert_cmpstr(json_array_get_string_element(fields, 0), ==, "title");
	/* nothing was published */
	title = otter_title(f);
	g_assert_cmpstr(title, ==, "Stuffed Eurasian Otter");

	/* a typo'd field, flagged at its pointer, with the count */
	g_assert_cmpuint(g_string_replace(typo, "\"title\"", "\"titel\"", 1), ==, 1);
	bad = call(f, "POST", CHECK, f->token, "application/json", typo->str);
	g_assert_cmpuint(bad->status, ==, 200);
	answer = reply_json(bad, p2);
	g_assert_false(json_object_get_boolean_member(answer, "valid"));
	g_assert_cmpint(json_object_get_int_member(answer, "count"), >=, 1);
	{
		JsonArray *problems = json_object_get_array_member(answer, "problems");
		gboolean flagged = FALSE;
		for (guint i = 0; i < json_array_get_length(problems); i++) {
			JsonObject *problem = json_array_get_object_element(problems, i);
			flagged |= g_str_has_suffix(
					   json_object_get_string_member(problem, "pointer"),
					   "/titel")
				   && strstr(json_object_get_string_member(problem, "reason"),
					     "did you mean 'title'?")
					      != NULL;
		}
		g_assert_true(flagged);
	}

	/* a spreadsheet's problem by row and column */
	csv_bad = call(
		f, "POST", CHECK, f->token, "text/csv",
		"id,gallery,code,title.ko,title.en\r\notter,wetland-life,5x1,수달,Otter\r\n");
	answer = reply_json(csv_bad, p3);
	g_assert_false(json_object_get_boolean_member(answer, "valid"));
	g_assert_cmpstr(json_object_get_string_member(
				json_array_get_object_element(
					json_object_get_array_member(answer, "problems"), 0),
				"where"),
			==, "row 2, column code");

	/* another venue's catalogue, an unreadable body, no token, another's venue */
	other = call(f, "POST", "/v1/admin/venues/dasol-museum/check", f->token, "application/json",
		     f->park_json);
	assert_problem(other, SORI_PROBLEM_FORBIDDEN);
	garbage = call(f, "POST", CHECK, f->token, "application/json", "{\"format\":");
	answer = reply_json(garbage, p4);
	g_assert_false(json_object_get_boolean_member(answer, "valid"));
	none = call(f, "POST", CHECK, NULL, "application/json", changed);
	assert_problem(none, SORI_PROBLEM_UNAUTHORIZED);
}

/* the exhibits downloaded as a spreadsheet, and uploaded again: no change */
static void
test_csv_export(Fixture *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) csv = call(
		f, "GET", "/v1/admin/venues/haneul-wetland/catalogue.csv", f->token, NULL, NULL);
	g_autoptr(SoriTestReply) again = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autofree gchar *text = NULL;
	JsonObject *changes;

	g_assert_cmpuint(csv->status, ==, 200);
	g_assert_cmpstr(soup_message_headers_get_content_type(csv->headers, NULL), ==, "text/csv");
	text = g_strndup(g_bytes_get_data(csv->body, NULL), g_bytes_get_size(csv->body));
	g_assert_true(g_str_has_prefix(text, "\xef\xbb\xbfid,gallery,code,title.ko,title.en,"));
	g_assert_nonnull(strstr(text, "Stuffed Eurasian Otter"));
	again = call(f, "POST", CHECK, f->token, "text/csv", text);
	changes = json_object_get_object_member(reply_json(again, parser), "changes");
	g_assert_nonnull(changes);
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(changes, "changed")),
			 ==, 0);
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(changes, "removed")),
			 ==, 0);
}

/* who made each revision live, and when */
static void
test_history(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *one = park_with_title(f, "Otter one");
	g_autoptr(SoriTestReply) put = call(f, "PUT", CATALOGUE, f->token, "application/json", one);
	g_autoptr(SoriTestReply) list = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *answer;
	JsonArray *history;
	JsonObject *latest;

	g_assert_cmpuint(put->status, ==, 200);
	/* a log damaged on disk: its broken lines are no entries, the rest are */
	{
		g_autofree gchar *state = sori_admin_state_dir(f->data_dir);
		g_autofree gchar *log = g_build_filename(state, "audit.log", NULL);
		g_autofree gchar *text = NULL;
		g_autofree gchar *damaged = NULL;
		g_assert_true(g_file_get_contents(log, &text, NULL, NULL));
		damaged = g_strconcat("{\"torn", "\n", text, "not json\n[1,2]\n{\"venue\": 5}\n\n",
				      NULL);
		g_assert_true(g_file_set_contents(log, damaged, -1, NULL));
	}
	list = call(f, "GET", "/v1/admin/venues/haneul-wetland/revisions", f->all_token, NULL,
		    NULL);
	answer = reply_json(list, parser);
	history = json_object_get_array_member(answer, "history");
	g_assert_cmpuint(json_array_get_length(history), >=, 1);
	latest = json_array_get_object_element(history, 0);
	g_assert_cmpstr(json_object_get_string_member(latest, "token"), ==, "park-curator");
	g_assert_cmpstr(json_object_get_string_member(latest, "action"), ==, "put-catalogue");
	g_assert_nonnull(json_object_get_string_member(latest, "time"));
	g_assert_cmpstr(json_object_get_string_member(latest, "revision"), ==,
			json_array_get_string_element(
				json_object_get_array_member(answer, "revisions"), 0));
}

/* a preview of speech needs a speaking sorid; the request is checked all the same */
static void
test_speak_refused(Fixture *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) quiet
		= call(f, "POST", "/v1/admin/venues/haneul-wetland/speak", f->token,
		       "application/json", "{\"text\": \"안녕하세요\", \"lang\": \"ko\"}");
	g_autoptr(SoriTestReply) none = call(f, "POST", "/v1/admin/venues/haneul-wetland/speak",
					     NULL, "application/json", "{}");
	assert_problem(quiet, SORI_PROBLEM_SPEECH_UNAVAILABLE);
	assert_problem(none, SORI_PROBLEM_UNAUTHORIZED);
}

/* what curators see of the use: small counts hidden under the threshold */
static void
test_usage_threshold(Fixture *f, gconstpointer user_data)
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
		g_autoptr(SoriTestReply) sent = call(f, "POST", "/v1/venues/haneul-wetland/usage",
						     NULL, "application/json", body);
		g_assert_cmpuint(sent->status, ==, 204);
	}
	reply = call(f, "GET", path, f->token, NULL, NULL);
	g_assert_cmpuint(reply->status, ==, 200);
	counts = json_object_get_object_member(reply_json(reply, parser), "counts");
	g_assert_cmpint(json_object_get_int_member(counts, "exhibit:otter:captions"), ==, 6);
	g_assert_cmpstr(json_object_get_string_member(counts, "exhibit:otter:opened"), ==, "< 5");
	bad = call(f, "GET", "/v1/admin/venues/haneul-wetland/usage?period=year", f->token, NULL,
		   NULL);
	assert_problem(bad, SORI_PROBLEM_INVALID_PARAMETER);
	other = call(f, "GET", "/v1/admin/venues/dasol-museum/usage", f->token, NULL, NULL);
	assert_problem(other, SORI_PROBLEM_FORBIDDEN);
}

/* readers see the old catalogue or the new, never an error, while it is swapped */
static void
test_readers_during_swap(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
	g_autofree gchar *a = park_with_title(f, "Otter A");
	g_autofree gchar *b = park_with_title(f, "Otter B");
	SoupMessage *msgs[60];
	FetchState states[60];
	guint pending = G_N_ELEMENTS(msgs);

	for (guint i = 0; i < G_N_ELEMENTS(msgs); i++) {
		if (i % 10 == 5)
			msgs[i] = new_message(f, "PUT", CATALOGUE, f->token, "application/json",
					      (i / 10) % 2 ? a : b);
		else
			msgs[i] = new_message(f, "GET",
					      "/v1/venues/haneul-wetland/exhibits/otter?lang=en",
					      NULL, NULL, NULL);
		states[i] = (FetchState){ loop, NULL, NULL, &pending };
		soup_session_send_and_read_async(f->session, msgs[i], G_PRIORITY_DEFAULT, NULL,
						 sori_test_fetch_done_cb, &states[i]);
	}
	g_main_loop_run(loop);
	for (guint i = 0; i < G_N_ELEMENTS(msgs); i++) {
		const gchar *body;
		g_assert_no_error(states[i].error);
		g_assert_cmpuint(soup_message_get_status(msgs[i]), ==, 200);
		body = g_bytes_get_data(states[i].body, NULL);
		if (i % 10 != 5)
			g_assert_true(strstr(body, "\"Stuffed Eurasian Otter\"") != NULL
				      || strstr(body, "\"Otter A\"") != NULL
				      || strstr(body, "\"Otter B\"") != NULL);
		g_bytes_unref(states[i].body);
		g_object_unref(msgs[i]);
	}
}

static void
test_failures_slowed_down(Fixture *f, gconstpointer user_data)
{
	gint64 start;
	/* five free tries, then each failure waits */
	for (guint i = 0; i < 5; i++) {
		g_autoptr(SoriTestReply) reply
			= call(f, "GET", CATALOGUE, "sori_guess", NULL, NULL);
		assert_problem(reply, SORI_PROBLEM_UNAUTHORIZED);
	}
	start = g_get_monotonic_time();
	{
		g_autoptr(SoriTestReply) reply
			= call(f, "GET", CATALOGUE, "sori_guess", NULL, NULL);
		assert_problem(reply, SORI_PROBLEM_UNAUTHORIZED);
	}
	g_assert_cmpint(g_get_monotonic_time() - start, >=, 900000);
	/* a right token is not slowed down */
	start = g_get_monotonic_time();
	{
		g_autoptr(SoriTestReply) reply = call(f, "GET", CATALOGUE, f->token, NULL, NULL);
		g_assert_cmpuint(reply->status, ==, 200);
	}
	g_assert_cmpint(g_get_monotonic_time() - start, <, 500000);
}

static SoriTestReply *
upload(Fixture *f, const gchar *path, const gchar *content_type, const guint8 *data, gsize len)
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
test_media(Fixture *f, gconstpointer user_data)
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
	url = json_object_get_string_member(reply_json(stored, parser), "url");
	g_assert_true(g_str_has_prefix(url, "/v1/venues/haneul-wetland/media/"));
	g_assert_true(g_str_has_suffix(url, ".png"));
	assert_problem(mislabelled, SORI_PROBLEM_UNSUPPORTED_MEDIA_TYPE);
	g_assert_nonnull(
		strstr(g_bytes_get_data(mislabelled->body, NULL), "its content is image/png"));
	assert_problem(unknown, SORI_PROBLEM_UNSUPPORTED_MEDIA_TYPE);

	/* served to anyone, immutable */
	served = call(f, "GET", url, NULL, NULL, NULL);
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
		put = call(f, "PUT", CATALOGUE, f->token, "application/json", park->str);
		if (put->status != 200)
			g_error("%s", (const gchar *) g_bytes_get_data(put->body, NULL));
	}
}

/* media shipped beside the catalogues (the samples' pictures): served when
 * their bytes are their name, refused when not */
static void
test_media_shipped(Fixture *f, gconstpointer user_data)
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
	served = call(f, "GET", url, NULL, NULL, NULL);
	g_assert_cmpuint(served->status, ==, 200);
	g_assert_cmpstr(soup_message_headers_get_one(served->headers, "Content-Type"), ==,
			"image/png");
	g_assert_cmpmem(g_bytes_get_data(served->body, NULL), g_bytes_get_size(served->body), png,
			sizeof(png));
	/* a file whose bytes are not its name is never served under it */
	g_test_expect_message("sori-store", G_LOG_LEVEL_WARNING, "*its content is not its name*");
	liar = call(f, "GET", liar_url, NULL, NULL, NULL);
	g_test_assert_expected_messages();
	g_assert_cmpuint(liar->status, ==, 404);
	/* nothing but a name in that folder */
	outside = call(f, "GET", "/v1/venues/haneul-wetland/media/..%2Fhaneul-wetland.json", NULL,
		       NULL, NULL);
	g_assert_cmpuint(outside->status, ==, 404);
}

static void
test_beacons(Fixture *f, gconstpointer user_data)
{
	const gchar *path = "/v1/admin/venues/haneul-wetland/beacons";
	g_autoptr(SoriTestReply) none = call(f, "GET", path, NULL, NULL, NULL);
	g_autoptr(SoriTestReply) other
		= call(f, "GET", "/v1/admin/venues/dasol-museum/beacons", f->token, NULL, NULL);
	g_autoptr(SoriTestReply) post = call(f, "POST", path, f->token, "application/json", "{}");
	g_autoptr(SoriTestReply) unknown = call(f, "GET", "/v1/admin/venues/no-such-place/beacons",
						f->all_token, NULL, NULL);
	g_autoptr(SoriTestReply) right = call(f, "GET", path, f->token, NULL, NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *root;
	JsonArray *beacons;
	JsonObject *hall;

	assert_problem(none, SORI_PROBLEM_UNAUTHORIZED);
	assert_problem(other, SORI_PROBLEM_FORBIDDEN);
	assert_problem(post, SORI_PROBLEM_METHOD_NOT_ALLOWED);
	assert_problem(unknown, SORI_PROBLEM_UNKNOWN_VENUE);
	g_assert_cmpuint(right->status, ==, 200);
	g_assert_cmpstr(soup_message_headers_get_one(right->headers, "Cache-Control"), ==,
			"no-store");
	root = reply_json(right, parser);
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
test_marker_labels(Fixture *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) a4 = call(
		f, "GET", MARKER_LABELS "?base=https://guide.example.org", f->token, NULL, NULL);
	g_autoptr(SoriTestReply) a3 = call(
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
	answer = reply_json(a4, p1);
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
	answer = reply_json(a3, p2);
	g_assert_cmpstr(json_object_get_string_member(answer, "paper"), ==, "a3");
	g_assert_cmpint(json_object_get_int_member(answer, "width_mm"), ==, 297);
	sheets = json_object_get_array_member(answer, "sheets");
	g_assert_cmpuint(json_array_get_length(sheets), >, 0);
	g_assert_nonnull(strstr(
		json_object_get_string_member(json_array_get_object_element(sheets, 0), "svg"),
		"viewBox=\"0 0 297.000 420.000\""));

	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autofree gchar *path = g_strconcat(MARKER_LABELS, bad[i].query, NULL);
		g_autoptr(SoriTestReply) reply = call(f, "GET", path, f->token, NULL, NULL);
		g_test_message("%s", path);
		assert_problem(reply, bad[i].problem);
	}
	{
		g_autoptr(SoriTestReply) anonymous
			= call(f, "GET", MARKER_LABELS "?base=https://guide.example.org", NULL,
			       NULL, NULL);
		g_autoptr(SoriTestReply) other = call(f, "GET",
						      "/v1/admin/venues/dasol-museum/labels/"
						      "markers?base=https://guide.example.org",
						      f->token, NULL, NULL);
		g_autoptr(SoriTestReply) museum = call(f, "GET",
						       "/v1/admin/venues/dasol-museum/labels/"
						       "markers?base=https://guide.example.org"
						       "&floor=2",
						       f->all_token, NULL, NULL);
		assert_problem(anonymous, SORI_PROBLEM_UNAUTHORIZED);
		assert_problem(other, SORI_PROBLEM_FORBIDDEN);
		g_assert_cmpuint(museum->status, ==, 200);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/admin/tokens", Fixture, NULL, fixture_setup, test_tokens, fixture_teardown);
	g_test_add("/admin/token-added-and-revoked-live", Fixture, NULL, fixture_setup,
		   test_token_added_and_revoked_live, fixture_teardown);
	g_test_add("/admin/invalid-upload-changes-nothing", Fixture, NULL, fixture_setup,
		   test_invalid_upload_changes_nothing, fixture_teardown);
	g_test_add("/admin/upload-revisions-rollback", Fixture, NULL, fixture_setup,
		   test_upload_revisions_rollback, fixture_teardown);
	g_test_add("/admin/publish-swaps-one-venue", Fixture, NULL, fixture_setup,
		   test_publish_swaps_one_venue, fixture_teardown);
	g_test_add("/admin/create-and-delete", Fixture, NULL, fixture_setup, test_create_and_delete,
		   fixture_teardown);
	g_test_add("/admin/csv", Fixture, NULL, fixture_setup, test_csv, fixture_teardown);
	g_test_add("/admin/check", Fixture, NULL, fixture_setup, test_check, fixture_teardown);
	g_test_add("/admin/csv-export", Fixture, NULL, fixture_setup, test_csv_export,
		   fixture_teardown);
	g_test_add("/admin/history", Fixture, NULL, fixture_setup, test_history, fixture_teardown);
	g_test_add("/admin/usage-threshold", Fixture, NULL, fixture_setup, test_usage_threshold,
		   fixture_teardown);
	g_test_add("/admin/speak-refused", Fixture, NULL, fixture_setup, test_speak_refused,
		   fixture_teardown);
	g_test_add("/admin/readers-during-swap", Fixture, NULL, fixture_setup,
		   test_readers_during_swap, fixture_teardown);
	g_test_add("/admin/media", Fixture, NULL, fixture_setup, test_media, fixture_teardown);
	g_test_add("/admin/media/shipped", Fixture, NULL, fixture_setup, test_media_shipped,
		   fixture_teardown);
	g_test_add("/admin/beacons", Fixture, NULL, fixture_setup, test_beacons, fixture_teardown);
	g_test_add("/admin/marker-labels", Fixture, NULL, fixture_setup, test_marker_labels,
		   fixture_teardown);
	g_test_add("/admin/failures-slowed-down", Fixture, NULL, fixture_setup,
		   test_failures_slowed_down, fixture_teardown);
	return g_test_run();
}
