/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The fixture of the curators' API's HTTP tests: sorid's server with its admin
 * API on 127.0.0.1, port 0, over a copy of the sample venues, a curator's
 * token for the park and one for every venue, and a real SoupSession.
 */

#include "config.h"

#include "sori-test-admin.h"
#include "sori-test-util.h"

#include <string.h>

#include "sori-admin.h"
#include "sori-tokens.h"

void
sori_test_admin_setup(SoriTestAdmin *f, gconstpointer user_data)
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
	f->admin = admin;
	/* not started: there is no bluetoothd here (fleet-test has one) */
	fleet = sori_fleet_new(f->store, 300, 2200);
	sori_admin_set_fleet(admin, fleet);
	g_assert_true(sori_http_server_listen(f->server, "127.0.0.1", 0, &error));
	f->base = g_strdup_printf("http://127.0.0.1:%u", sori_http_server_get_port(f->server));
	f->session = soup_session_new();
}

void
sori_test_admin_teardown(SoriTestAdmin *f, gconstpointer user_data)
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

SoupMessage *
sori_test_admin_message(SoriTestAdmin *f, const gchar *method, const gchar *path,
			const gchar *token, const gchar *content_type, const gchar *body)
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

SoriTestReply *
sori_test_admin_call(SoriTestAdmin *f, const gchar *method, const gchar *path, const gchar *token,
		     const gchar *content_type, const gchar *body)
{
	g_autoptr(SoupMessage) msg
		= sori_test_admin_message(f, method, path, token, content_type, body);
	return sori_test_send(f->session, msg);
}

JsonObject *
sori_test_admin_json(SoriTestReply *reply, JsonParser *parser)
{
	g_assert_true(json_parser_load_from_data(parser, g_bytes_get_data(reply->body, NULL),
						 g_bytes_get_size(reply->body), NULL));
	return json_node_get_object(json_parser_get_root(parser));
}

/* the otter's English title as visitors read it, or "HTTP <status>" */
gchar *
sori_test_admin_otter_title(SoriTestAdmin *f)
{
	g_autoptr(SoriTestReply) reply = sori_test_admin_call(
		f, "GET", "/v1/venues/haneul-wetland/exhibits/otter?lang=en", NULL, NULL, NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	if (reply->status != 200)
		return g_strdup_printf("HTTP %u", reply->status);
	return g_strdup(json_object_get_string_member(
		json_object_get_object_member(sori_test_admin_json(reply, parser), "title"),
		"text"));
}

/* the park's catalogue as it starts, the otter retitled */
gchar *
sori_test_admin_park_with_title(SoriTestAdmin *f, const gchar *title)
{
	g_autoptr(GString) s = g_string_new(f->park_json);
	g_assert_cmpuint(g_string_replace(s, "Stuffed Eurasian Otter", title, 1), ==, 1);
	return g_string_free(g_steal_pointer(&s), FALSE);
}

/* an answer with the given problem's status and type */
void
sori_test_admin_assert_problem(SoriTestReply *reply, SoriProblem problem)
{
	g_assert_cmpuint(reply->status, ==, sori_problem_get_status(problem));
	g_assert_nonnull(
		strstr(g_bytes_get_data(reply->body, NULL), sori_problem_get_type_uri(problem)));
}

/* adds the test at @path with its own server and venues */
void
sori_test_admin_add(const gchar *path, void (*func)(SoriTestAdmin *, gconstpointer))
{
	g_test_add(path, SoriTestAdmin, NULL, sori_test_admin_setup, func,
		   sori_test_admin_teardown);
}
