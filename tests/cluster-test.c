/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Many sorid nodes on one PostgreSQL, none of them a single point of
 * failure: a real PostgreSQL 15 (initdb in a temporary directory, a Unix
 * socket, no TCP) and two sorid processes on it. A publish on one is served
 * by the other within a second; a token made on the database works on both;
 * an upload to one downloads from the other; with the database stopped both
 * go on serving and refuse changes with store-unavailable, and both catch up
 * when it is back; the schema migrates from empty and from the version
 * before.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "sori-problem.h"
#include "sori-store-postgres.h"
#include "sori-test-http.h"
#include "sori-test-postgres.h"
#include "sori-test-util.h"

#define VENUE "dasol-museum"

typedef struct {
	gchar *dir;
	SoriTestPostgres pg;
	GSubprocess *nodes[2];
	guint16 ports[2];
	gchar *node_dirs[2];
	SoupSession *session;
	gchar *token;
} Cluster;

/* node @i on @data_dir, on the database unless @files */
static void
node_start_on(Cluster *c, guint i, const gchar *data_dir, gboolean files)
{
	g_autofree gchar *conf = g_strconcat(data_dir, ".conf", NULL);
	g_autofree gchar *text = g_strdup_printf("[sorid]\ndata-dir=%s\nstore=%s\n", data_dir,
						 files ? "files" : c->pg.store);
	const gchar *args[] = { "--config", conf, "--address", "127.0.0.1", "--port", "0", NULL };

	g_assert_true(g_file_set_contents(conf, text, -1, NULL));
	c->nodes[i] = sori_test_start_sorid(NULL, args, &c->ports[i]);
}

static void
node_stop(Cluster *c, guint i)
{
	g_subprocess_send_signal(c->nodes[i], SIGTERM);
	g_subprocess_wait(c->nodes[i], NULL, NULL);
	g_clear_object(&c->nodes[i]);
}

static SoriTestReply *request(Cluster *c, guint node, const gchar *method, const gchar *path,
			      const gchar *type, GBytes *body);

/* waits until node @i's /healthz says "database": @state */
static void
wait_for_database(Cluster *c, guint i, const gchar *state)
{
	g_autofree gchar *needle = g_strdup_printf("\"database\":\"%s\"", state);
	gint64 start = g_get_monotonic_time();
	while (TRUE) {
		g_autoptr(SoriTestReply) health = request(c, i, "GET", "/healthz", NULL, NULL);
		g_assert_cmpuint(health->status, ==, 200);
		if (g_strstr_len(g_bytes_get_data(health->body, NULL),
				 (gssize) g_bytes_get_size(health->body), needle)
		    != NULL)
			return;
		if (g_get_monotonic_time() - start > 10 * G_USEC_PER_SEC)
			g_error("node %u's /healthz never said %s", i, needle);
		g_usleep(50 * 1000);
	}
}

static gboolean
node_start(Cluster *c, guint i)
{
	g_autofree gchar *conf = g_build_filename(c->node_dirs[i], "sorid.conf", NULL);
	g_autofree gchar *text
		= g_strdup_printf("[sorid]\ndata-dir=%s\nstore=%s\n", c->node_dirs[i], c->pg.store);
	const gchar *args[] = { "--config", conf, "--address", "127.0.0.1", "--port", "0", NULL };

	g_assert_true(g_file_set_contents(conf, text, -1, NULL));
	c->nodes[i] = sori_test_start_sorid(NULL, args, &c->ports[i]);
	/* listening to the other nodes: a token or a publish made before then
	 * would be heard only at its next reconnection */
	wait_for_database(c, i, "connected");
	return TRUE;
}

static void
cluster_setup(Cluster *c, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;

	c->dir = g_dir_make_tmp("sori-cluster-XXXXXX", &error);
	g_assert_no_error(error);
	g_assert_true(sori_test_postgres_init(&c->pg, c->dir, 0));
	for (guint i = 0; i < 2; i++) {
		g_autofree gchar *name = g_strdup_printf("node%u", i);
		c->node_dirs[i] = g_build_filename(c->dir, name, NULL);
		g_assert_cmpint(g_mkdir(c->node_dirs[i], 0700), ==, 0);
	}
	c->session = soup_session_new();
}

static void
cluster_teardown(Cluster *c, gconstpointer user_data)
{
	for (guint i = 0; i < 2; i++) {
		if (c->nodes[i] != NULL) {
			g_subprocess_force_exit(c->nodes[i]);
			g_subprocess_wait(c->nodes[i], NULL, NULL);
			g_clear_object(&c->nodes[i]);
		}
		g_free(c->node_dirs[i]);
	}
	/* stopped already by a test, or not */
	sori_test_postgres_clear(&c->pg);
	sori_test_remove_tree(c->dir);
	g_free(c->dir);
	g_free(c->token);
	g_clear_object(&c->session);
}

/* a curator's token, made on the database as sorictl does it */
static gchar *
make_token(Cluster *c, const gchar *name)
{
	const gchar *argv[]
		= { g_getenv("SORICTL"), "token", "add", "--store", c->pg.store, "--name", name,
		    "--venue",           "*",     NULL };
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autoptr(GError) error = NULL;
	gint status = 0;

	g_assert_true(g_spawn_sync(NULL, (gchar **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
				   &err, &status, &error));
	g_assert_no_error(error);
	if (!g_spawn_check_wait_status(status, NULL))
		g_error("sorictl token add: %s", err);
	return g_strdup(g_strstrip(out));
}

static SoriTestReply *
request(Cluster *c, guint node, const gchar *method, const gchar *path, const gchar *type,
	GBytes *body)
{
	g_autofree gchar *url = g_strdup_printf("http://127.0.0.1:%u%s", c->ports[node], path);
	g_autoptr(SoupMessage) msg = soup_message_new(method, url);
	if (c->token != NULL) {
		g_autofree gchar *auth = g_strconcat("Bearer ", c->token, NULL);
		soup_message_headers_replace(soup_message_get_request_headers(msg), "Authorization",
					     auth);
	}
	if (body != NULL)
		soup_message_set_request_body_from_bytes(msg, type, body);
	return sori_test_send(c->session, msg);
}

/* the sample catalogue, its English title of the moon jar changed to @title */
static GBytes *
catalogue_with(const gchar *title)
{
	g_autofree gchar *path = g_build_filename(g_getenv("SORI_SAMPLE_DIR"), VENUE ".json", NULL);
	g_autofree gchar *text = NULL;
	g_autoptr(GString) changed = NULL;

	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	changed = g_string_new(text);
	g_assert_cmpuint(g_string_replace(changed, "White Porcelain Moon Jar", title, 1), ==, 1);
	return g_string_free_to_bytes(g_steal_pointer(&changed));
}

static gchar *
title_on(Cluster *c, guint node)
{
	g_autoptr(SoriTestReply) reply = request(
		c, node, "GET", "/v1/venues/" VENUE "/exhibits/moon-jar?lang=en", NULL, NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	if (reply->status != 200)
		return g_strdup_printf("(%u)", reply->status);
	g_assert_true(json_parser_load_from_data(parser, g_bytes_get_data(reply->body, NULL),
						 (gssize) g_bytes_get_size(reply->body), NULL));
	return g_strdup(json_object_get_string_member(
		json_object_get_object_member(json_node_get_object(json_parser_get_root(parser)),
					      "title"),
		"text"));
}

/* waits until @node serves @title for the moon jar; the time it took, in µs */
static gint64
wait_for_title(Cluster *c, guint node, const gchar *title, gint64 within_us)
{
	gint64 start = g_get_monotonic_time();
	while (TRUE) {
		g_autofree gchar *now = title_on(c, node);
		if (g_strcmp0(now, title) == 0)
			return g_get_monotonic_time() - start;
		if (g_get_monotonic_time() - start > within_us)
			g_error("node %u still serves '%s', not '%s'", node, now, title);
		g_usleep(20 * 1000);
	}
}

static void
publish(Cluster *c, guint node, const gchar *title, guint expected)
{
	g_autoptr(GBytes) body = catalogue_with(title);
	g_autoptr(SoriTestReply) reply = request(
		c, node, "PUT", "/v1/admin/venues/" VENUE "/catalogue", "application/json", body);
	if (reply->status != expected)
		g_error("PUT on node %u: %u, not %u: %.*s", node, reply->status, expected,
			(gint) g_bytes_get_size(reply->body),
			(const gchar *) g_bytes_get_data(reply->body, NULL));
}

static void
test_publish_served_by_the_other(Cluster *c, gconstpointer user_data)
{
	gint64 took;

	for (guint i = 0; i < 2; i++)
		node_start(c, i);
	/* a token made after both started counts on both, at once */
	c->token = make_token(c, "mina");
	publish(c, 0, "Moon Jar, first", 201);
	took = wait_for_title(c, 1, "Moon Jar, first", G_USEC_PER_SEC);
	g_test_message("served by the other node after %" G_GINT64_FORMAT " ms", took / 1000);
	/* and back the other way */
	publish(c, 1, "Moon Jar, second", 200);
	wait_for_title(c, 0, "Moon Jar, second", G_USEC_PER_SEC);
	/* the history is one, whoever published */
	{
		g_autoptr(SoriTestReply) reply
			= request(c, 0, "GET", "/v1/admin/venues/" VENUE "/revisions", NULL, NULL);
		g_assert_cmpuint(reply->status, ==, 200);
		g_assert_nonnull(g_strstr_len(g_bytes_get_data(reply->body, NULL),
					      (gssize) g_bytes_get_size(reply->body), "\"mina\""));
	}
	/* a rollback on one is served by the other */
	{
		g_autoptr(SoriTestReply) list
			= request(c, 1, "GET", "/v1/admin/venues/" VENUE "/revisions", NULL, NULL);
		g_autoptr(JsonParser) parser = json_parser_new();
		JsonArray *revisions;
		g_autofree gchar *body = NULL;
		g_autoptr(GBytes) bytes = NULL;
		g_autoptr(SoriTestReply) back = NULL;
		g_assert_true(json_parser_load_from_data(parser, g_bytes_get_data(list->body, NULL),
							 (gssize) g_bytes_get_size(list->body),
							 NULL));
		JsonObject *root_obj;
		const gchar *live;
		const gchar *other;
		root_obj = json_node_get_object(json_parser_get_root(parser));
		revisions = json_object_get_array_member(root_obj, "revisions");
		g_assert_cmpuint(json_array_get_length(revisions), ==, 2);
		/* the one not live: both may have been made in the same second */
		live = json_object_get_string_member(root_obj, "live");
		other = json_array_get_string_element(revisions, 0);
		if (g_strcmp0(other, live) == 0)
			other = json_array_get_string_element(revisions, 1);
		g_assert_cmpstr(other, !=, live);
		body = g_strdup_printf("{\"revision\": \"%s\"}", other);
		bytes = g_bytes_new(body, strlen(body));
		back = request(c, 1, "POST", "/v1/admin/venues/" VENUE "/rollback",
			       "application/json", bytes);
		g_assert_cmpuint(back->status, ==, 200);
		wait_for_title(c, 0, "Moon Jar, first", G_USEC_PER_SEC);
	}
	/* a token revoked on the database is refused by every node at once */
	{
		const gchar *argv[] = { g_getenv("SORICTL"), "token",  "revoke", "--store",
					c->pg.store,         "--name", "mina",   NULL };
		gint status = 0;
		gint64 start = g_get_monotonic_time();
		g_assert_true(g_spawn_sync(NULL, (gchar **) argv, NULL,
					   G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
					   NULL, NULL, NULL, NULL, &status, NULL));
		g_assert_true(g_spawn_check_wait_status(status, NULL));
		for (guint i = 0; i < 2; i++) {
			while (TRUE) {
				g_autoptr(SoriTestReply) reply
					= request(c, i, "GET", "/v1/admin/token", NULL, NULL);
				if (reply->status == 401)
					break;
				g_assert_cmpuint(reply->status, ==, 200);
				g_assert_cmpint(g_get_monotonic_time() - start, <, G_USEC_PER_SEC);
				g_usleep(10 * 1000);
			}
		}
	}
	/* and one made right after, while every node has just read the tokens
	 * again, counts on every node at once: its notification may come later */
	g_free(c->token);
	c->token = make_token(c, "mina");
	for (guint i = 0; i < 2; i++) {
		g_autoptr(SoriTestReply) reply
			= request(c, i, "GET", "/v1/admin/token", NULL, NULL);
		g_assert_cmpuint(reply->status, ==, 200);
	}
}

static void
test_media_from_the_other(Cluster *c, gconstpointer user_data)
{
	g_autoptr(GBytes) bytes = NULL;
	g_autoptr(SoriTestReply) put = NULL;
	g_autoptr(SoriTestReply) got = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	const gchar *url;

	for (guint i = 0; i < 2; i++)
		node_start(c, i);
	c->token = make_token(c, "mina");
	publish(c, 0, "Moon Jar", 201);
	wait_for_title(c, 1, "Moon Jar", G_USEC_PER_SEC);
	{
		/* a picture of our own: PNG's signature and its header chunk */
		static const guint8 tiny[] = {
			0x89, 'P',  'N',  'G',  0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00,
			0x0d, 'I',  'H',  'D',  'R',  0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
			0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89,
		};
		bytes = g_bytes_new_static(tiny, sizeof(tiny));
	}
	put = request(c, 0, "PUT", "/v1/admin/venues/" VENUE "/media/picture.png", "image/png",
		      bytes);
	g_assert_cmpuint(put->status, ==, 201);
	g_assert_true(json_parser_load_from_data(parser, g_bytes_get_data(put->body, NULL),
						 (gssize) g_bytes_get_size(put->body), NULL));
	url = json_object_get_string_member(json_node_get_object(json_parser_get_root(parser)),
					    "url");
	got = request(c, 1, "GET", url, NULL, NULL);
	g_assert_cmpuint(got->status, ==, 200);
	g_assert_true(g_bytes_equal(got->body, bytes));
}

/* waits until node @i's /healthz says the database is @state */

static void
test_database_away(Cluster *c, gconstpointer user_data)
{
	for (guint i = 0; i < 2; i++)
		node_start(c, i);
	c->token = make_token(c, "mina");
	publish(c, 0, "Moon Jar, before", 201);
	wait_for_title(c, 1, "Moon Jar, before", G_USEC_PER_SEC);

	wait_for_database(c, 0, "connected");
	sori_test_postgres_stop(&c->pg);
	/* the nodes say so, and stay healthy: visitors are answered from memory */
	wait_for_database(c, 0, "away");
	wait_for_database(c, 1, "away");
	for (guint i = 0; i < 2; i++) {
		g_autofree gchar *title = title_on(c, i);
		g_assert_cmpstr(title, ==, "Moon Jar, before");
	}
	{
		g_autoptr(GBytes) body = catalogue_with("Moon Jar, during");
		g_autoptr(SoriTestReply) reply = NULL;
		gint64 start = g_get_monotonic_time();
		/* the listener notices within its retry; until then a write may try and fail */
		reply = request(c, 1, "PUT", "/v1/admin/venues/" VENUE "/catalogue",
				"application/json", body);
		g_assert_cmpuint(reply->status, ==, 503);
		g_assert_nonnull(g_strstr_len(g_bytes_get_data(reply->body, NULL),
					      (gssize) g_bytes_get_size(reply->body),
					      "urn:sori:problem:store-unavailable"));
		g_assert_cmpint(g_get_monotonic_time() - start, <, 8 * G_USEC_PER_SEC);
	}
	{
		g_autofree gchar *title = title_on(c, 0);
		g_assert_cmpstr(title, ==, "Moon Jar, before");
	}

	sori_test_postgres_start(&c->pg);
	wait_for_database(c, 0, "connected");
	/* both take changes again once they have the database back, and hear each other */
	{
		gint64 start = g_get_monotonic_time();
		while (TRUE) {
			g_autoptr(GBytes) body = catalogue_with("Moon Jar, after");
			g_autoptr(SoriTestReply) reply
				= request(c, 1, "PUT", "/v1/admin/venues/" VENUE "/catalogue",
					  "application/json", body);
			if (reply->status == 200)
				break;
			g_assert_cmpuint(reply->status, ==, 503);
			g_assert_cmpint(g_get_monotonic_time() - start, <, 15 * G_USEC_PER_SEC);
			g_usleep(200 * 1000);
		}
	}
	wait_for_title(c, 0, "Moon Jar, after", 10 * G_USEC_PER_SEC);
}

/* one node killed in the middle of publishes: nothing torn, the other serves one whole revision */
static void
test_killed_during_publishes(Cluster *c, gconstpointer user_data)
{
	g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
	g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func(g_object_unref);
	FetchState states[8];
	guint pending = G_N_ELEMENTS(states);
	g_autofree gchar *served = NULL;
	g_autofree gchar *restarted = NULL;
	gboolean known = FALSE;

	for (guint i = 0; i < 2; i++)
		node_start(c, i);
	c->token = make_token(c, "mina");
	publish(c, 0, "Moon Jar, 0", 201);
	wait_for_title(c, 1, "Moon Jar, 0", G_USEC_PER_SEC);
	for (guint i = 0; i < G_N_ELEMENTS(states); i++) {
		g_autofree gchar *title = g_strdup_printf("Moon Jar, %u", i + 1);
		g_autofree gchar *url = g_strdup_printf(
			"http://127.0.0.1:%u/v1/admin/venues/" VENUE "/catalogue", c->ports[0]);
		g_autofree gchar *auth = g_strconcat("Bearer ", c->token, NULL);
		g_autoptr(GBytes) body = catalogue_with(title);
		SoupMessage *msg = soup_message_new("PUT", url);
		soup_message_headers_replace(soup_message_get_request_headers(msg), "Authorization",
					     auth);
		soup_message_set_request_body_from_bytes(msg, "application/json", body);
		states[i] = (FetchState){ loop, NULL, NULL, &pending };
		soup_session_send_and_read_async(c->session, msg, G_PRIORITY_DEFAULT, NULL,
						 sori_test_fetch_done_cb, &states[i]);
		g_ptr_array_add(messages, msg);
	}
	/* some publishes answered, the rest under way or waiting: then the node is gone */
	{
		gint64 start = g_get_monotonic_time();
		while (pending > G_N_ELEMENTS(states) - 2
		       && g_get_monotonic_time() - start < 10 * G_USEC_PER_SEC)
			g_main_context_iteration(NULL, TRUE);
	}
	g_assert_cmpuint(pending, <=, G_N_ELEMENTS(states) - 2);
	g_subprocess_send_signal(c->nodes[0], SIGKILL);
	g_subprocess_wait(c->nodes[0], NULL, NULL);
	g_clear_object(&c->nodes[0]);
	if (pending > 0)
		g_main_loop_run(loop);
	for (guint i = 0; i < G_N_ELEMENTS(states); i++) {
		g_clear_pointer(&states[i].body, g_bytes_unref);
		g_clear_error(&states[i].error);
	}

	/* the other node serves a whole revision: one of the publishes, answered or not, and
	 * not the first, since some were answered */
	g_usleep(G_USEC_PER_SEC / 2);
	served = title_on(c, 1);
	for (guint i = 1; i <= G_N_ELEMENTS(states); i++) {
		g_autofree gchar *title = g_strdup_printf("Moon Jar, %u", i);
		known = known || g_strcmp0(served, title) == 0;
	}
	g_test_message("after the kill the other node serves '%s'", served);
	g_assert_true(known);
	{
		g_autoptr(SoriTestReply) health = request(c, 1, "GET", "/healthz", NULL, NULL);
		g_assert_cmpuint(health->status, ==, 200);
		g_assert_nonnull(g_strstr_len(g_bytes_get_data(health->body, NULL),
					      (gssize) g_bytes_get_size(health->body), "\"ok\""));
	}
	/* and the killed node, started again, serves the same */
	node_start(c, 0);
	restarted = title_on(c, 0);
	g_assert_cmpstr(restarted, ==, served);
}

static void
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

static const gchar *
sori_test_api_header_of(SoriTestReply *reply, const gchar *name)
{
	return soup_message_headers_get_one(reply->headers, name);
}

/* what node @a and node @b answer to @paths, byte for byte */
static void
assert_same_answers(Cluster *c, guint a, guint b, const gchar *const *paths)
{
	for (guint i = 0; paths[i] != NULL; i++) {
		g_autoptr(SoriTestReply) x = request(c, a, "GET", paths[i], NULL, NULL);
		g_autoptr(SoriTestReply) y = request(c, b, "GET", paths[i], NULL, NULL);
		g_test_message("%s: %u, %u", paths[i], x->status, y->status);
		g_assert_cmpuint(x->status, ==, 200);
		g_assert_cmpuint(y->status, ==, 200);
		g_assert_true(g_bytes_equal(x->body, y->body));
		g_assert_cmpstr(sori_test_api_header_of(x, "ETag"), ==,
				sori_test_api_header_of(y, "ETag"));
	}
}

static void
test_migrate_both_ways(Cluster *c, gconstpointer user_data)
{
	g_autofree gchar *from = g_build_filename(c->dir, "files", NULL);
	g_autofree gchar *back = g_build_filename(c->dir, "back", NULL);
	g_autofree gchar *media_url = NULL;
	g_autofree gchar *shipped_url = NULL;
	g_autofree gchar *revisions_path = NULL;
	g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func(g_free);
	static const guint8 tiny[] = {
		0x89, 'P',  'N',  'G',  0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00,
		0x0d, 'I',  'H',  'D',  'R',  0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
		0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89,
	};

	/* a files data directory with a life behind it: a token, two publishes, an upload */
	g_assert_cmpint(g_mkdir(from, 0700), ==, 0);
	for (guint i = 0; i < 2; i++) {
		const gchar *name = i == 0 ? VENUE ".json" : "haneul-wetland.json";
		g_autofree gchar *src = g_build_filename(g_getenv("SORI_SAMPLE_DIR"), name, NULL);
		g_autofree gchar *dst = g_build_filename(from, name, NULL);
		sori_test_copy_file(src, dst);
	}
	/* and one of the pictures the samples ship beside their catalogues */
	{
		g_autofree gchar *src_dir
			= g_build_filename(g_getenv("SORI_SAMPLE_DIR"), "media", NULL);
		g_autofree gchar *dst_dir = g_build_filename(from, "media", NULL);
		g_autoptr(GDir) dir = g_dir_open(src_dir, 0, NULL);
		const gchar *name = dir != NULL ? g_dir_read_name(dir) : NULL;
		g_autofree gchar *src = NULL;
		g_autofree gchar *dst = NULL;
		g_assert_nonnull(name);
		src = g_build_filename(src_dir, name, NULL);
		dst = g_build_filename(dst_dir, name, NULL);
		g_assert_cmpint(g_mkdir(dst_dir, 0700), ==, 0);
		sori_test_copy_file(src, dst);
		shipped_url = g_strdup_printf("/v1/venues/" VENUE "/media/%s", name);
	}
	{
		g_autofree gchar *out = NULL;
		const gchar *argv[] = {
			g_getenv("SORICTL"), "token", "add", "--data-dir", from, "--name", "mina",
			"--venue",           "*",     NULL
		};
		g_assert_true(g_spawn_sync(NULL, (gchar **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
					   NULL, NULL, &out, NULL, NULL, NULL));
		c->token = g_strdup(g_strstrip(out));
	}
	node_start_on(c, 0, from, TRUE);
	publish(c, 0, "Moon Jar, kept", 200);
	publish(c, 0, "Moon Jar, live", 200);
	{
		g_autoptr(GBytes) png = g_bytes_new_static(tiny, sizeof(tiny));
		g_autoptr(SoriTestReply) put
			= request(c, 0, "PUT", "/v1/admin/venues/" VENUE "/media/picture.png",
				  "image/png", png);
		g_autoptr(JsonParser) parser = json_parser_new();
		g_assert_cmpuint(put->status, ==, 201);
		g_assert_true(json_parser_load_from_data(parser, g_bytes_get_data(put->body, NULL),
							 (gssize) g_bytes_get_size(put->body),
							 NULL));
		media_url = g_strdup(json_object_get_string_member(
			json_node_get_object(json_parser_get_root(parser)), "url"));
	}
	node_stop(c, 0);

	/* into PostgreSQL; again, as after an interruption, changes nothing */
	{
		const gchar *args[] = { "migrate", "--data-dir", from, "--to", c->pg.store, NULL };
		run_sorictl(args);
		run_sorictl(args);
	}
	node_start_on(c, 0, from, TRUE);
	node_start(c, 1);
	g_ptr_array_add(paths, g_strdup("/v1/venues"));
	g_ptr_array_add(paths, g_strdup("/v1/venues/" VENUE "?lang=en"));
	g_ptr_array_add(paths, g_strdup("/v1/venues/" VENUE "/exhibits/moon-jar?lang=en"));
	g_ptr_array_add(paths, g_strdup("/v1/venues/" VENUE "/export"));
	g_ptr_array_add(paths, g_strdup("/v1/venues/haneul-wetland/export"));
	g_ptr_array_add(paths, g_strdup("/v1/venues/" VENUE "/map"));
	g_ptr_array_add(paths, g_strdup("/v1/venues/" VENUE "/exhibits.csv"));
	g_ptr_array_add(paths, g_strdup(media_url));
	g_ptr_array_add(paths, g_strdup(shipped_url));
	g_ptr_array_add(paths, NULL);
	assert_same_answers(c, 0, 1, (const gchar *const *) paths->pdata);
	{
		g_autofree gchar *title = title_on(c, 1);
		g_assert_cmpstr(title, ==, "Moon Jar, live");
	}
	/* the history came too: both revisions, the curator who made them */
	revisions_path = g_strdup("/v1/admin/venues/" VENUE "/revisions");
	{
		g_autoptr(SoriTestReply) x = request(c, 0, "GET", revisions_path, NULL, NULL);
		g_autoptr(SoriTestReply) y = request(c, 1, "GET", revisions_path, NULL, NULL);
		g_autoptr(JsonParser) px = json_parser_new();
		g_autoptr(JsonParser) py = json_parser_new();
		JsonObject *ox;
		JsonObject *oy;
		g_assert_cmpuint(y->status, ==, 200);
		g_assert_true(json_parser_load_from_data(px, g_bytes_get_data(x->body, NULL),
							 (gssize) g_bytes_get_size(x->body), NULL));
		g_assert_true(json_parser_load_from_data(py, g_bytes_get_data(y->body, NULL),
							 (gssize) g_bytes_get_size(y->body), NULL));
		ox = json_node_get_object(json_parser_get_root(px));
		oy = json_node_get_object(json_parser_get_root(py));
		g_assert_cmpstr(json_object_get_string_member(ox, "live"), ==,
				json_object_get_string_member(oy, "live"));
		g_assert_true(json_node_equal(json_object_get_member(ox, "revisions"),
					      json_object_get_member(oy, "revisions")));
		g_assert_cmpuint(
			json_array_get_length(json_object_get_array_member(oy, "history")), ==,
			json_array_get_length(json_object_get_array_member(ox, "history")));
	}
	node_stop(c, 1);

	/* and back into a new data directory, served as before */
	{
		const gchar *args[]
			= { "migrate", "--from", c->pg.store, "--data-dir", back, NULL };
		run_sorictl(args);
	}
	node_start_on(c, 1, back, TRUE);
	assert_same_answers(c, 0, 1, (const gchar *const *) paths->pdata);
	{
		/* the token came back too */
		g_autoptr(SoriTestReply) token
			= request(c, 1, "GET", "/v1/admin/token", NULL, NULL);
		g_assert_cmpuint(token->status, ==, 200);
	}
}

/* the day at the museum @days from today */
static gchar *
museum_day(gint days)
{
	g_autoptr(GTimeZone) tz = g_time_zone_new_identifier("Asia/Seoul");
	g_autoptr(GDateTime) now = g_date_time_new_now(tz);
	g_autoptr(GDateTime) then = g_date_time_add_days(now, days);
	return g_date_time_format(then, "%F");
}

static void
post_usage(Cluster *c, guint node, const gchar *feature)
{
	g_autofree gchar *day = museum_day(0);
	g_autofree gchar *body = g_strdup_printf(
		"{\"day\": \"%s\", \"events\": [{\"exhibit\": \"moon-jar\", \"feature\": \"%s\"}]}",
		day, feature);
	g_autoptr(GBytes) bytes = g_bytes_new(body, strlen(body));
	g_autoptr(SoriTestReply) reply
		= request(c, node, "POST", "/v1/venues/" VENUE "/usage", "application/json", bytes);
	g_assert_cmpuint(reply->status, ==, 204);
}

/* every node's counts add up; a period's release is one for all nodes */
static void
test_usage_of_every_node(Cluster *c, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *since = museum_day(-30);
	g_autofree gchar *closed = museum_day(-5);
	g_autofree gchar *release_path = NULL;
	g_autofree gchar *admin_path = NULL;
	g_autoptr(SoriTestReply) counts = NULL;
	g_autoptr(SoriTestReply) first = NULL;
	g_autoptr(SoriTestReply) second = NULL;

	/* the venue counts since a month ago, on every node */
	{
		g_autoptr(SoriStorePostgres) store
			= sori_store_postgres_new(c->pg.conninfo, NULL, 5, &error);
		g_autofree gchar *kept = NULL;
		g_assert_no_error(error);
		kept = sori_store_postgres_usage_since(store, VENUE, since, &error);
		g_assert_no_error(error);
		g_assert_cmpstr(kept, ==, since);
	}
	for (guint i = 0; i < 2; i++)
		node_start(c, i);
	c->token = make_token(c, "mina");
	publish(c, 0, "Moon Jar", 201);
	wait_for_title(c, 1, "Moon Jar", G_USEC_PER_SEC);
	for (guint i = 0; i < 3; i++)
		post_usage(c, 0, "opened");
	for (guint i = 0; i < 4; i++)
		post_usage(c, 1, "opened");
	/* node A adds its counts when it stops; node B sees them with its own */
	node_stop(c, 0);
	{
		g_autofree gchar *today = museum_day(0);
		admin_path = g_strdup_printf("/v1/admin/venues/" VENUE "/usage?period=day&date=%s",
					     today);
	}
	counts = request(c, 1, "GET", admin_path, NULL, NULL);
	g_assert_cmpuint(counts->status, ==, 200);
	g_assert_nonnull(g_strstr_len(g_bytes_get_data(counts->body, NULL),
				      (gssize) g_bytes_get_size(counts->body),
				      "\"exhibit:moon-jar:opened\":7"));

	/* a closed day's release, drawn on one node, is the one the other serves */
	node_start(c, 0);
	release_path = g_strdup_printf("/v1/venues/" VENUE "/usage?period=day&date=%s", closed);
	first = request(c, 1, "GET", release_path, NULL, NULL);
	second = request(c, 0, "GET", release_path, NULL, NULL);
	g_assert_cmpuint(first->status, ==, 200);
	g_assert_cmpuint(second->status, ==, 200);
	g_assert_true(g_bytes_equal(first->body, second->body));
}

static void
test_migrations(Cluster *c, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriStorePostgres) store = NULL;

	/* the version before, as an older sorid left it, then brought up to date */
	g_assert_cmpuint(sori_store_postgres_migrate(c->pg.conninfo, 1, &error), ==, 1);
	g_assert_no_error(error);
	store = sori_store_postgres_new(c->pg.conninfo, NULL, 5, &error);
	g_assert_no_error(error);
	g_assert_nonnull(store);
	g_assert_cmpuint(sori_store_postgres_migrate(c->pg.conninfo, 0, &error), ==,
			 SORI_STORE_POSTGRES_SCHEMA_VERSION);
	g_assert_no_error(error);
}

static void
cluster_add(const gchar *name, void (*func)(Cluster *, gconstpointer))
{
	g_test_add(name, Cluster, NULL, cluster_setup, func, cluster_teardown);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	cluster_add("/cluster/publish-served-by-the-other", test_publish_served_by_the_other);
	cluster_add("/cluster/media-from-the-other", test_media_from_the_other);
	cluster_add("/cluster/database-away", test_database_away);
	cluster_add("/cluster/killed-during-publishes", test_killed_during_publishes);
	cluster_add("/cluster/migrate-both-ways", test_migrate_both_ways);
	cluster_add("/cluster/usage-of-every-node", test_usage_of_every_node);
	cluster_add("/cluster/migrations", test_migrations);
	return g_test_run();
}
