/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The curators' API over real HTTP, a venue's catalogue: uploads valid and
 * not, the swap under readers, revisions, rollback, creation and deletion,
 * spreadsheets, the dry run, the history.
 */

#include "config.h"

#include "sori-test-admin.h"

#include <string.h>
#include <sys/resource.h>

#include "sori-admin.h"

static void
test_invalid_upload_changes_nothing(SoriTestAdmin *f, gconstpointer user_data)
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
	reply = sori_test_admin_call(f, "PUT", SORI_TEST_ADMIN_CATALOGUE, f->token,
				     "application/json", broken->str);
	sori_test_admin_assert_problem(reply, SORI_PROBLEM_INVALID_CATALOGUE);
	problems = json_object_get_array_member(sori_test_admin_json(reply, parser), "problems");
	g_assert_cmpuint(json_array_get_length(problems), ==, 2);
	g_assert_cmpstr(json_object_get_string_member(json_array_get_object_element(problems, 0),
						      "pointer"),
			==, "/exhibits/0/code");
	/* the live catalogue keeps serving, the file untouched */
	title = sori_test_admin_otter_title(f);
	g_assert_cmpstr(title, ==, "Stuffed Eurasian Otter");
	g_assert_true(g_file_get_contents(path, &live, NULL, NULL));
	g_assert_cmpstr(live, ==, f->park_json);

	/* a catalogue of another venue, under this one's name */
	{
		g_autofree gchar *museum_path
			= g_build_filename(f->data_dir, "dasol-museum.json", NULL);
		g_autofree gchar *museum = NULL;
		g_assert_true(g_file_get_contents(museum_path, &museum, NULL, NULL));
		wrong_venue = sori_test_admin_call(f, "PUT", SORI_TEST_ADMIN_CATALOGUE, f->token,
						   "application/json", museum);
		sori_test_admin_assert_problem(wrong_venue, SORI_PROBLEM_INVALID_CATALOGUE);
	}
	not_json = sori_test_admin_call(f, "PUT", SORI_TEST_ADMIN_CATALOGUE, f->token, "text/plain",
					"hello");
	sori_test_admin_assert_problem(not_json, SORI_PROBLEM_UNSUPPORTED_MEDIA_TYPE);
}

static void
test_upload_revisions_rollback(SoriTestAdmin *f, gconstpointer user_data)
{
	g_autofree gchar *a = sori_test_admin_park_with_title(f, "Otter A");
	g_autofree gchar *b = sori_test_admin_park_with_title(f, "Otter B");
	g_autoptr(SoriTestReply) put_a = sori_test_admin_call(f, "PUT", SORI_TEST_ADMIN_CATALOGUE,
							      f->token, "application/json", a);
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
	rev_a = g_strdup(
		json_object_get_string_member(sori_test_admin_json(put_a, pa), "revision"));
	changes = json_object_get_object_member(json_node_get_object(json_parser_get_root(pa)),
						"changes");
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(changes, "changed")),
			 ==, 1);
	g_assert_cmpstr(
		json_array_get_string_element(json_object_get_array_member(changes, "changed"), 0),
		==, "otter");
	title = sori_test_admin_otter_title(f);
	g_assert_cmpstr(title, ==, "Otter A");
	g_free(title);

	/* the second revision is a second later, at least: ids sort by time */
	g_usleep(1100000);
	put_b = sori_test_admin_call(f, "PUT", SORI_TEST_ADMIN_CATALOGUE, f->token,
				     "application/json", b);
	g_assert_cmpuint(put_b->status, ==, 200);
	title = sori_test_admin_otter_title(f);
	g_assert_cmpstr(title, ==, "Otter B");
	g_free(title);

	list = sori_test_admin_call(f, "GET", "/v1/admin/venues/haneul-wetland/revisions", f->token,
				    NULL, NULL);
	g_assert_cmpuint(list->status, ==, 200);
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(
				 sori_test_admin_json(list, pl), "revisions")),
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
		old = sori_test_admin_call(f, "GET", path, f->token, NULL, NULL);
		g_assert_cmpuint(old->status, ==, 200);
		g_assert_nonnull(strstr(g_bytes_get_data(old->body, NULL), "Otter A"));
	}
	{
		g_autofree gchar *body = g_strdup_printf("{\"revision\": \"%s\"}", rev_a);
		back = sori_test_admin_call(f, "POST", "/v1/admin/venues/haneul-wetland/rollback",
					    f->token, "application/json", body);
		g_assert_cmpuint(back->status, ==, 200);
		g_assert_cmpstr(
			json_object_get_string_member(sori_test_admin_json(back, pb), "revision"),
			==, rev_a);
	}
	title = sori_test_admin_otter_title(f);
	g_assert_cmpstr(title, ==, "Otter A");

	/* an unknown revision */
	{
		g_autoptr(SoriTestReply) nope = sori_test_admin_call(
			f, "POST", "/v1/admin/venues/haneul-wetland/rollback", f->token,
			"application/json", "{\"revision\": \"20990101T000000Z-000000000000\"}");
		sori_test_admin_assert_problem(nope, SORI_PROBLEM_UNKNOWN_REVISION);
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
test_publish_swaps_one_venue(SoriTestAdmin *f, gconstpointer user_data)
{
	g_autofree gchar *a = sori_test_admin_park_with_title(f, "Otter A");
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
	put = sori_test_admin_call(f, "PUT", SORI_TEST_ADMIN_CATALOGUE, f->token,
				   "application/json", a);
	g_assert_cmpuint(put->status, ==, 200);
	g_assert_true(sori_venue_store_lookup(f->store, "dasol-museum") == other);
	g_assert_false(sori_venue_store_is_failed(f->store, "dasol-museum"));
	g_assert_true(sori_venue_store_lookup(f->store, "haneul-wetland") != before);
	g_assert_cmpuint(sori_venue_store_get_snapshots(f->store)->len, ==, 2);
	{
		g_autoptr(SoriTestReply) read = sori_test_admin_call(
			f, "GET", "/v1/venues/dasol-museum", NULL, NULL, NULL);
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
	created = sori_test_admin_call(f, "PUT", "/v1/admin/venues/river-park/catalogue",
				       f->all_token, "application/json", river);
	g_assert_cmpuint(created->status, ==, 201);
	g_assert_true(sori_venue_store_lookup(f->store, "dasol-museum") == other);
	g_assert_cmpuint(sori_venue_store_get_snapshots(f->store)->len, ==, 3);
	deleted = sori_test_admin_call(f, "DELETE", "/v1/admin/venues/river-park", f->all_token,
				       NULL, NULL);
	g_assert_cmpuint(deleted->status, ==, 204);
	g_assert_null(sori_venue_store_lookup(f->store, "river-park"));
	g_assert_true(sori_venue_store_lookup(f->store, "dasol-museum") == other);
	g_assert_cmpuint(sori_venue_store_get_snapshots(f->store)->len, ==, 2);
}

static void
test_create_and_delete(SoriTestAdmin *f, gconstpointer user_data)
{
	g_autoptr(GString) copy = g_string_new(f->park_json);
	g_autoptr(SoriTestReply) created = NULL;
	g_autoptr(SoriTestReply) seen = NULL;
	g_autoptr(SoriTestReply) deleted = NULL;
	g_autoptr(SoriTestReply) gone = NULL;
	g_autoptr(SoriTestReply) forbidden = NULL;

	g_string_replace(copy, "\"id\": \"haneul-wetland\"", "\"id\": \"river-park\"", 1);
	forbidden = sori_test_admin_call(f, "PUT", "/v1/admin/venues/river-park/catalogue",
					 f->token, "application/json", copy->str);
	sori_test_admin_assert_problem(forbidden, SORI_PROBLEM_FORBIDDEN);
	created = sori_test_admin_call(f, "PUT", "/v1/admin/venues/river-park/catalogue",
				       f->all_token, "application/json", copy->str);
	g_assert_cmpuint(created->status, ==, 201);
	seen = sori_test_admin_call(f, "GET", "/v1/venues/river-park", NULL, NULL, NULL);
	g_assert_cmpuint(seen->status, ==, 200);
	deleted = sori_test_admin_call(f, "DELETE", "/v1/admin/venues/river-park", f->all_token,
				       NULL, NULL);
	g_assert_cmpuint(deleted->status, ==, 204);
	gone = sori_test_admin_call(f, "GET", "/v1/venues/river-park", NULL, NULL, NULL);
	sori_test_admin_assert_problem(gone, SORI_PROBLEM_UNKNOWN_VENUE);
	/* its revisions stay */
	{
		g_autoptr(SoriTestReply) list
			= sori_test_admin_call(f, "GET", "/v1/admin/venues/river-park/revisions",
					       f->all_token, NULL, NULL);
		g_autoptr(JsonParser) parser = json_parser_new();
		g_assert_cmpuint(list->status, ==, 200);
		g_assert_cmpuint(json_array_get_length(json_object_get_array_member(
					 sori_test_admin_json(list, parser), "revisions")),
				 ==, 1);
	}
}

static void
test_csv(SoriTestAdmin *f, gconstpointer user_data)
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
	g_autoptr(SoriTestReply) rejected = sori_test_admin_call(
		f, "PUT", SORI_TEST_ADMIN_CATALOGUE, f->token, "text/csv", bad);
	g_autoptr(SoriTestReply) accepted = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(JsonParser) p2 = json_parser_new();
	JsonArray *problems;
	g_autofree gchar *title = NULL;

	sori_test_admin_assert_problem(rejected, SORI_PROBLEM_INVALID_CATALOGUE);
	problems = json_object_get_array_member(sori_test_admin_json(rejected, parser), "problems");
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
		g_autoptr(SoriTestReply) codes_left = sori_test_admin_call(
			f, "PUT", SORI_TEST_ADMIN_CATALOGUE, f->token, "text/csv", good);
		g_autoptr(SoriTestReply) codes_gone = NULL;
		g_autoptr(JsonParser) p3 = json_parser_new();
		g_autoptr(JsonParser) park = json_parser_new();
		g_autofree gchar *without = NULL;
		JsonArray *codes;
		guint unbound = 0;

		sori_test_admin_assert_problem(codes_left, SORI_PROBLEM_INVALID_CATALOGUE);
		problems = json_object_get_array_member(sori_test_admin_json(codes_left, p3),
							"problems");
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
		codes_gone = sori_test_admin_call(f, "PUT", SORI_TEST_ADMIN_CATALOGUE, f->token,
						  "application/json", without);
		g_assert_cmpuint(codes_gone->status, ==, 200);
	}
	accepted = sori_test_admin_call(f, "PUT", SORI_TEST_ADMIN_CATALOGUE, f->token, "text/csv",
					good);
	g_assert_cmpuint(accepted->status, ==, 200);
	/* two rows: the otter kept and changed, the reeds new, four exhibits gone */
	{
		JsonObject *changes = json_object_get_object_member(
			sori_test_admin_json(accepted, p2), "changes");
		g_assert_cmpuint(
			json_array_get_length(json_object_get_array_member(changes, "removed")), ==,
			4);
		g_assert_cmpstr(json_array_get_string_element(
					json_object_get_array_member(changes, "added"), 0),
				==, "reeds");
	}
	title = sori_test_admin_otter_title(f);
	g_assert_cmpstr(title, ==, "Otter from the sheet");
}

#define CHECK "/v1/admin/venues/haneul-wetland/check"

/* the dry run: problems at their pointers, or what would change, and nothing published */
static void
test_check(SoriTestAdmin *f, gconstpointer user_data)
{
	g_autofree gchar *changed = sori_test_admin_park_with_title(f, "Otter, checked");
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

	ok = sori_test_admin_call(f, "POST", CHECK, f->token, "application/json", changed);
	g_assert_cmpuint(ok->status, ==, 200);
	answer = sori_test_admin_json(ok, p1);
	g_assert_true(json_object_get_boolean_member(answer, "valid"));
	g_assert_cmpint(json_object_get_int_member(answer, "count"), ==, 0);
	changes = json_object_get_object_member(answer, "changes");
	first = json_array_get_object_element(json_object_get_array_member(changes, "changed"), 0);
	g_assert_cmpstr(json_object_get_string_member(first, "id"), ==, "otter");
	fields = json_object_get_array_member(first, "fields");
	g_assert_cmpuint(json_array_get_length(fields), ==, 1);
	g_assert_cmpstr(json_array_get_string_element(fields, 0), ==, "title");
	/* nothing was published */
	title = sori_test_admin_otter_title(f);
	g_assert_cmpstr(title, ==, "Stuffed Eurasian Otter");

	/* a typo'd field, flagged at its pointer, with the count */
	g_assert_cmpuint(g_string_replace(typo, "\"title\"", "\"titel\"", 1), ==, 1);
	bad = sori_test_admin_call(f, "POST", CHECK, f->token, "application/json", typo->str);
	g_assert_cmpuint(bad->status, ==, 200);
	answer = sori_test_admin_json(bad, p2);
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
	csv_bad = sori_test_admin_call(
		f, "POST", CHECK, f->token, "text/csv",
		"id,gallery,code,title.ko,title.en\r\notter,wetland-life,5x1,수달,Otter\r\n");
	answer = sori_test_admin_json(csv_bad, p3);
	g_assert_false(json_object_get_boolean_member(answer, "valid"));
	g_assert_cmpstr(json_object_get_string_member(
				json_array_get_object_element(
					json_object_get_array_member(answer, "problems"), 0),
				"where"),
			==, "row 2, column code");

	/* another venue's catalogue, an unreadable body, no token, another's venue */
	other = sori_test_admin_call(f, "POST", "/v1/admin/venues/dasol-museum/check", f->token,
				     "application/json", f->park_json);
	sori_test_admin_assert_problem(other, SORI_PROBLEM_FORBIDDEN);
	garbage = sori_test_admin_call(f, "POST", CHECK, f->token, "application/json",
				       "{\"format\":");
	answer = sori_test_admin_json(garbage, p4);
	g_assert_false(json_object_get_boolean_member(answer, "valid"));
	none = sori_test_admin_call(f, "POST", CHECK, NULL, "application/json", changed);
	sori_test_admin_assert_problem(none, SORI_PROBLEM_UNAUTHORIZED);
}

/* the exhibits downloaded as a spreadsheet, and uploaded again: no change */
static void
test_csv_export(SoriTestAdmin *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) csv = sori_test_admin_call(
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
	again = sori_test_admin_call(f, "POST", CHECK, f->token, "text/csv", text);
	changes = json_object_get_object_member(sori_test_admin_json(again, parser), "changes");
	g_assert_nonnull(changes);
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(changes, "changed")),
			 ==, 0);
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(changes, "removed")),
			 ==, 0);
}

/* who made each revision live, and when */
static void
test_history(SoriTestAdmin *f, gconstpointer user_data)
{
	g_autofree gchar *one = sori_test_admin_park_with_title(f, "Otter one");
	g_autoptr(SoriTestReply) put = sori_test_admin_call(f, "PUT", SORI_TEST_ADMIN_CATALOGUE,
							    f->token, "application/json", one);
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
	list = sori_test_admin_call(f, "GET", "/v1/admin/venues/haneul-wetland/revisions",
				    f->all_token, NULL, NULL);
	answer = sori_test_admin_json(list, parser);
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

/* readers see the old catalogue or the new, never an error, while it is swapped */
static void
test_readers_during_swap(SoriTestAdmin *f, gconstpointer user_data)
{
	g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
	g_autofree gchar *a = sori_test_admin_park_with_title(f, "Otter A");
	g_autofree gchar *b = sori_test_admin_park_with_title(f, "Otter B");
	SoupMessage *msgs[60];
	FetchState states[60];
	guint pending = G_N_ELEMENTS(msgs);

	for (guint i = 0; i < G_N_ELEMENTS(msgs); i++) {
		if (i % 10 == 5)
			msgs[i] = sori_test_admin_message(f, "PUT", SORI_TEST_ADMIN_CATALOGUE,
							  f->token, "application/json",
							  (i / 10) % 2 ? a : b);
		else
			msgs[i] = sori_test_admin_message(
				f, "GET", "/v1/venues/haneul-wetland/exhibits/otter?lang=en", NULL,
				NULL, NULL);
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

/* the nice values of this process's threads: how many are at @nice */
static guint
threads_at_nice(gint nice)
{
	g_autoptr(GDir) dir = g_dir_open("/proc/self/task", 0, NULL);
	const gchar *tid;
	guint n = 0;

	g_assert_nonnull(dir);
	while ((tid = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *path = g_build_filename("/proc/self/task", tid, "stat", NULL);
		g_autofree gchar *stat = NULL;
		g_auto(GStrv) fields = NULL;
		if (!g_file_get_contents(path, &stat, NULL, NULL))
			continue; /* gone meanwhile */
		/* after the command's parentheses: state is field 3, nice field 19 */
		fields = g_strsplit(strrchr(stat, ')') + 2, " ", 0);
		g_assert_cmpuint(g_strv_length(fields), >, 16);
		n += g_ascii_strtoll(fields[16], NULL, 10) == nice;
	}
	return n;
}

/* a publish is checked and written in threads that give way to the main
 * loop (nice 10), which answers every visitor at its own priority */
static void
test_publish_in_background(SoriTestAdmin *f, gconstpointer user_data)
{
	g_autofree gchar *a = sori_test_admin_park_with_title(f, "Otter, quietly");
	g_autoptr(SoriTestReply) put = NULL;

	put = sori_test_admin_call(f, "PUT", SORI_TEST_ADMIN_CATALOGUE, f->token,
				   "application/json", a);
	g_assert_cmpuint(put->status, ==, 200);
	g_assert_cmpuint(threads_at_nice(10), >, 0);
	g_assert_cmpint(getpriority(PRIO_PROCESS, 0), ==, 0);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	sori_test_admin_add("/admin/invalid-upload-changes-nothing",
			    test_invalid_upload_changes_nothing);
	sori_test_admin_add("/admin/upload-revisions-rollback", test_upload_revisions_rollback);
	sori_test_admin_add("/admin/publish-swaps-one-venue", test_publish_swaps_one_venue);
	sori_test_admin_add("/admin/create-and-delete", test_create_and_delete);
	sori_test_admin_add("/admin/csv", test_csv);
	sori_test_admin_add("/admin/check", test_check);
	sori_test_admin_add("/admin/csv-export", test_csv_export);
	sori_test_admin_add("/admin/history", test_history);
	sori_test_admin_add("/admin/readers-during-swap", test_readers_during_swap);
	sori_test_admin_add("/admin/publish-in-background", test_publish_in_background);
	return g_test_run();
}
