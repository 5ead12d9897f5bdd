/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The city-pg tests' city: made as files, copied into a PostgreSQL 15 made
 * in a temporary directory, its two nodes started and asked, and what the
 * tests read and change in the database (city-pg-test.c).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "city-pg-common.h"

void
run_sorictl(const gchar *const *args)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autofree gchar *err = NULL;
	g_autoptr(GError) error = NULL;
	gint status = 0;

	g_ptr_array_add(argv, (gpointer) g_getenv("SORICTL"));
	for (guint i = 0; args[i] != NULL; i++)
		g_ptr_array_add(argv, (gpointer) args[i]);
	g_ptr_array_add(argv, NULL);
	g_assert_true(g_spawn_sync(NULL, (gchar **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
				   NULL, NULL, NULL, &err, &status, &error));
	g_assert_no_error(error);
	if (!g_spawn_check_wait_status(status, NULL))
		g_error("sorictl %s: %s", args[0], err);
}

void
city_setup(City *c, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *sample
		= g_build_filename(g_getenv("SORI_SAMPLE_DIR"), "dasol-museum.json", NULL);
	g_autofree gchar *venues = g_strdup_printf("%u", CITY_VENUES);
	g_autofree gchar *exhibits = g_strdup_printf("%u", CITY_EXHIBITS);
	g_autofree gchar *data_dir = NULL;
	g_autoptr(GSubprocess) make = NULL;

	c->dir = g_dir_make_tmp("sori-city-pg-XXXXXX", &error);
	g_assert_no_error(error);
	g_assert_true(sori_test_postgres_init(&c->pg, c->dir, 7));

	/* the city, made as files and copied in as a city would move */
	data_dir = g_build_filename(c->dir, "venues", NULL);
	make = g_subprocess_new(G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
				g_getenv("SORI_MAKE_CITY"), "--venues", venues, "--exhibits",
				exhibits, "--sample", sample, "--out", data_dir, NULL);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_wait_check(make, NULL, &error));
	g_assert_no_error(error);
	{
		const gchar *args[]
			= { "migrate", "--data-dir", data_dir, "--to", c->pg.store, NULL };
		run_sorictl(args);
	}
	{
		const gchar *argv[] = { g_getenv("SORICTL"),
					"token",
					"add",
					"--store",
					c->pg.store,
					"--name",
					"city",
					"--venue",
					"*",
					NULL };
		g_autofree gchar *out = NULL;
		gint status = 0;
		g_assert_true(g_spawn_sync(NULL, (gchar **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
					   &out, NULL, &status, &error));
		g_assert_true(g_spawn_check_wait_status(status, NULL));
		c->token = g_strdup(g_strstrip(out));
	}
	c->session = soup_session_new();
	soup_session_set_timeout(c->session, 30);
}

void
city_teardown(City *c, gconstpointer user_data)
{
	for (guint i = 0; i < 2; i++) {
		if (c->nodes[i] != NULL) {
			g_subprocess_force_exit(c->nodes[i]);
			g_subprocess_wait(c->nodes[i], NULL, NULL);
			g_clear_object(&c->nodes[i]);
		}
		g_free(c->logs[i]);
	}
	sori_test_postgres_clear(&c->pg);
	sori_test_remove_tree(c->dir);
	g_free(c->dir);
	g_free(c->token);
	g_clear_object(&c->session);
}

/* node @i on the database, its log kept to be read; @settings: more of its configuration */
void
node_start_with(City *c, guint i, const gchar *settings)
{
	g_autofree gchar *name = g_strdup_printf("node%u", i);
	g_autofree gchar *dir = g_build_filename(c->dir, name, NULL);
	g_autofree gchar *conf = g_strconcat(dir, ".conf", NULL);
	g_autofree gchar *text
		= g_strdup_printf("[sorid]\ndata-dir=%s\nstore=%s\n%s", dir, c->pg.store, settings);
	const gchar *args[] = { "--config", conf, "--address", "127.0.0.1", "--port", "0", NULL };
	g_autoptr(GSubprocessLauncher) launcher
		= g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE);

	g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
	g_assert_true(g_file_set_contents(conf, text, -1, NULL));
	g_free(c->logs[i]);
	c->logs[i] = g_strconcat(dir, ".log", NULL);
	g_subprocess_launcher_set_stderr_file_path(launcher, c->logs[i]);
	c->nodes[i] = sori_test_start_sorid(launcher, args, &c->ports[i]);
}

void
node_start(City *c, guint i)
{
	node_start_with(c, i, "");
}

SoriTestReply *
call(City *c, SoupSession *session, guint node, const gchar *method, const gchar *path,
     const gchar *body)
{
	g_autofree gchar *url = g_strdup_printf("http://127.0.0.1:%u%s", c->ports[node], path);
	g_autoptr(SoupMessage) msg = soup_message_new(method, url);

	if (body != NULL || g_str_equal(method, "DELETE")) {
		g_autofree gchar *auth = g_strdup_printf("Bearer %s", c->token);
		soup_message_headers_replace(soup_message_get_request_headers(msg), "Authorization",
					     auth);
	}
	if (body != NULL) {
		g_autoptr(GBytes) bytes = g_bytes_new(body, strlen(body));
		soup_message_set_request_body_from_bytes(msg, "application/json", bytes);
	}
	return sori_test_send(session != NULL ? session : c->session, msg);
}

JsonObject *
reply_object(SoriTestReply *reply, JsonParser *parser)
{
	g_autoptr(GError) error = NULL;
	g_assert_true(json_parser_load_from_data(parser, g_bytes_get_data(reply->body, NULL),
						 (gssize) g_bytes_get_size(reply->body), &error));
	g_assert_no_error(error);
	return json_node_get_object(json_parser_get_root(parser));
}

/* /healthz's status on node @i, and the last venue it lists as loading, if any */
gchar *
health(City *c, guint i, gchar **loading)
{
	g_autoptr(SoriTestReply) reply = call(c, NULL, i, "GET", "/healthz", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *root;
	JsonArray *ids;

	g_assert_cmpuint(reply->status, ==, 200);
	root = reply_object(reply, parser);
	ids = json_object_get_array_member(root, "venues_loading");
	if (loading != NULL)
		*loading = json_array_get_length(ids) > 0 ? g_strdup(json_array_get_string_element(
				   ids, json_array_get_length(ids) - 1))
							  : NULL;
	return g_strdup(json_object_get_string_member(root, "status"));
}

void
wait_loaded(City *c, guint i)
{
	gint64 until = g_get_monotonic_time() + 300 * G_USEC_PER_SEC;
	while (g_get_monotonic_time() < until) {
		g_autofree gchar *status = health(c, i, NULL);
		if (!g_str_equal(status, "loading"))
			return;
		g_usleep(G_USEC_PER_SEC / 20);
	}
	g_assert_not_reached();
}

/* how many lines of node @i's log hold @needle */
guint
log_count(City *c, guint i, const gchar *needle)
{
	g_autofree gchar *text = NULL;
	guint n = 0;

	g_assert_true(g_file_get_contents(c->logs[i], &text, NULL, NULL));
	for (const gchar *p = strstr(text, needle); p != NULL; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* waits until node @i's answer to @path holds @needle (or, when %NULL, is a 404) */
gint64
wait_for(City *c, guint i, const gchar *path, const gchar *needle, gint64 within_us)
{
	gint64 start = g_get_monotonic_time();
	while (TRUE) {
		g_autoptr(SoriTestReply) reply = call(c, NULL, i, "GET", path, NULL);
		if (needle == NULL ? reply->status == 404
				   : reply->status == 200
					     && g_strstr_len(g_bytes_get_data(reply->body, NULL),
							     (gssize) g_bytes_get_size(reply->body),
							     needle)
							!= NULL)
			return g_get_monotonic_time() - start;
		if (g_get_monotonic_time() - start > within_us)
			g_error("node %u: %s never said %s (%u)", i, path,
				needle != NULL ? needle : "404", reply->status);
		g_usleep(10 * 1000);
	}
}

const gchar *
problem_type(SoriTestReply *reply, JsonParser *parser)
{
	return json_object_get_string_member(reply_object(reply, parser), "type");
}

/* the count of one query's single value on @conn */
gint
query_int(PGconn *conn, const gchar *sql)
{
	PGresult *res = PQexec(conn, sql);
	gint value;

	g_assert_cmpint(PQresultStatus(res), ==, PGRES_TUPLES_OK);
	value = atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	return value;
}

/* @sql run on @conn, and done */
void
exec_ok(PGconn *conn, const gchar *sql)
{
	PGresult *res = PQexec(conn, sql);
	g_assert_cmpint(PQresultStatus(res), ==, PGRES_COMMAND_OK);
	PQclear(res);
}

gpointer
reader_thread(gpointer user_data)
{
	Reader *r = user_data;
	/* a context of its own: the main thread's sends run the default one */
	g_autoptr(GMainContext) context = g_main_context_new();
	g_autoptr(SoupSession) session = NULL;

	g_main_context_push_thread_default(context);
	session = soup_session_new();
	while (!g_atomic_int_get(&r->stop)) {
		g_autofree gchar *path = g_strdup_printf(
			"/v1/venues/city-0007/exhibits/moon-jar-%u?lang=en", (r->reads % 8) * 24);
		gint64 start = g_get_monotonic_time();
		g_autoptr(SoriTestReply) reply = call(r->c, session, 1, "GET", path, NULL);
		gint64 took = g_get_monotonic_time() - start;
		g_autoptr(JsonParser) parser = json_parser_new();

		r->slowest_us = MAX(r->slowest_us, took);
		r->reads++;
		/* whole: a status of 200 and a body that parses */
		if (reply->status != 200
		    || !json_parser_load_from_data(parser, g_bytes_get_data(reply->body, NULL),
						   (gssize) g_bytes_get_size(reply->body), NULL))
			r->bad++;
	}
	g_clear_object(&session);
	g_main_context_pop_thread_default(context);
	return NULL;
}

/* the catalogue of @venue as the city was made, before it was copied in */
gchar *
venue_document(City *c, const gchar *venue)
{
	g_autofree gchar *name = g_strconcat(venue, ".json", NULL);
	g_autofree gchar *path = g_build_filename(c->dir, "venues", name, NULL);
	gchar *text = NULL;
	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	return text;
}

/* @document with its venue's English name, "Dasol Museum of Crafts @n", now @name */
gchar *
renamed(const gchar *document, guint n, const gchar *name)
{
	g_autofree gchar *old = g_strdup_printf("\"Dasol Museum of Crafts %u\"", n);
	g_autofree gchar *new_ = g_strdup_printf("\"%s\"", name);
	g_auto(GStrv) parts = g_strsplit(document, old, 2);
	g_assert_cmpuint(g_strv_length(parts), ==, 2);
	return g_strjoin(new_, parts[0], parts[1], NULL);
}

/* @venue published on node 0 renamed @name (its document as made, venue
 * number @n), and served so by node 1: how long node 1 took, in µs */
gint64
publish_and_wait(City *c, const gchar *document, const gchar *venue, guint n, const gchar *name,
		 gint64 within_us)
{
	g_autofree gchar *changed = renamed(document, n, name);
	g_autofree gchar *put_path = g_strdup_printf("/v1/admin/venues/%s/catalogue", venue);
	g_autofree gchar *get_path = g_strdup_printf("/v1/venues/%s?lang=en", venue);
	g_autoptr(SoriTestReply) put = call(c, NULL, 0, "PUT", put_path, changed);

	g_assert_cmpuint(put->status, ==, 200);
	return wait_for(c, 1, get_path, name, within_us);
}
