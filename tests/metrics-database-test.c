/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The PostgreSQL store's metrics, on two sorid nodes of a real PostgreSQL 15
 * (initdb in a temporary directory, a Unix socket only): the database's
 * state up, another node's publish and token heard as notifications, and
 * the database gone seen as a lost connection and a state no longer up.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "sori-test-http.h"
#include "sori-test-postgres.h"
#include "sori-test-util.h"

#define VENUE "dasol-museum"

typedef struct {
	gchar *dir;
	SoriTestPostgres pg;
	GSubprocess *nodes[2];
	guint16 ports[2];
	guint16 metrics_ports[2];
	SoupSession *session;
} Fixture;

static void
fixture_setup(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;

	f->dir = g_dir_make_tmp("metrics-database-test-XXXXXX", &error);
	g_assert_no_error(error);
	if (!sori_test_postgres_init(&f->pg, f->dir, 7919)) {
		sori_test_remove_tree(f->dir);
		g_clear_pointer(&f->dir, g_free);
		return;
	}
	for (guint i = 0; i < 2; i++) {
		g_autofree gchar *name = g_strdup_printf("node%u", i);
		g_autofree gchar *data_dir = g_build_filename(f->dir, name, NULL);
		g_autofree gchar *conf = g_strconcat(data_dir, ".conf", NULL);
		g_autofree gchar *text = NULL;
		const gchar *args[] = { "--config", conf, "--port", "0", NULL };

		g_assert_cmpint(g_mkdir(data_dir, 0700), ==, 0);
		f->metrics_ports[i] = sori_test_free_port();
		text = g_strdup_printf("[sorid]\ndata-dir=%s\nstore=%s\naddress=127.0.0.1\n"
				       "metrics-address=127.0.0.1:%u\n",
				       data_dir, f->pg.store, f->metrics_ports[i]);
		g_assert_true(g_file_set_contents(conf, text, -1, NULL));
		f->nodes[i] = sori_test_start_sorid(NULL, args, &f->ports[i]);
	}
	f->session = soup_session_new();
}

static void
fixture_teardown(Fixture *f, gconstpointer user_data)
{
	if (f->dir == NULL)
		return;
	for (guint i = 0; i < 2; i++) {
		g_subprocess_send_signal(f->nodes[i], SIGTERM);
		g_subprocess_wait(f->nodes[i], NULL, NULL);
		g_clear_object(&f->nodes[i]);
	}
	sori_test_postgres_clear(&f->pg);
	g_clear_object(&f->session);
	sori_test_remove_tree(f->dir);
	g_free(f->dir);
}

/* @series's value on @node's metrics */
static gdouble
metric(Fixture *f, guint node, const gchar *series)
{
	return sori_test_metric(f->session, f->metrics_ports[node], series);
}

/* waits up to @seconds for @series on @node to be at least @value */
static void
wait_for(Fixture *f, guint node, const gchar *series, gdouble value, guint seconds)
{
	gint64 until = g_get_monotonic_time() + seconds * G_USEC_PER_SEC;
	while (metric(f, node, series) < value) {
		if (g_get_monotonic_time() > until)
			g_error("node %u: %s is %g, not %g", node, series, metric(f, node, series),
				value);
		g_usleep(50 * 1000);
	}
}

#define UP         "sori_database_state{state=\"up\"}"
#define CONNECTING "sori_database_state{state=\"connecting\"}"
#define LIVE       "sori_database_notifications_total{channel=\"sori_live\"}"
#define TOKENS     "sori_database_notifications_total{channel=\"sori_tokens\"}"
#define LOST       "sori_database_connections_lost_total"
#define PUBLISHED  "sori_admin_publishes_total{result=\"live\"}"

static void
test_database(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *path = g_build_filename(g_getenv("SORI_SAMPLE_DIR"), VENUE ".json", NULL);
	g_autofree gchar *catalogue = NULL;
	g_autofree gchar *token = NULL;
	g_autofree gchar *auth = NULL;
	g_autofree gchar *url = NULL;
	g_autoptr(SoupMessage) msg = NULL;
	g_autoptr(SoriTestReply) reply = NULL;
	gdouble live;
	gdouble tokens;

	if (f->dir == NULL)
		return;
	for (guint i = 0; i < 2; i++) {
		wait_for(f, i, UP, 1, 10);
		g_assert_cmpfloat(metric(f, i, CONNECTING), ==, 0);
		g_assert_cmpfloat(metric(f, i, "sori_database_state{state=\"none\"}"), ==, 0);
	}
	live = metric(f, 1, LIVE);
	tokens = metric(f, 1, TOKENS);
	g_assert_cmpfloat(metric(f, 1, LOST), ==, 0);

	/* a token made on the database: every node hears it */
	{
		const gchar *argv[]
			= { g_getenv("SORICTL"), "token",   "add", "--store", f->pg.store, "--name",
			    "curator",           "--venue", "*",   NULL };
		g_autofree gchar *out = NULL;
		gint status = 0;
		g_assert_true(g_spawn_sync(NULL, (gchar **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
					   NULL, NULL, &out, NULL, &status, NULL));
		g_assert_true(g_spawn_check_wait_status(status, NULL));
		token = g_strdup(g_strstrip(out));
	}
	wait_for(f, 1, TOKENS, tokens + 1, 10);

	/* a publish on node 0, heard by node 1 */
	g_assert_true(g_file_get_contents(path, &catalogue, NULL, NULL));
	url = g_strdup_printf("http://127.0.0.1:%u/v1/admin/venues/" VENUE "/catalogue",
			      f->ports[0]);
	msg = soup_message_new("PUT", url);
	auth = g_strconcat("Bearer ", token, NULL);
	soup_message_headers_replace(soup_message_get_request_headers(msg), "Authorization", auth);
	{
		g_autoptr(GBytes) body = g_bytes_new(catalogue, strlen(catalogue));
		soup_message_set_request_body_from_bytes(msg, "application/json", body);
	}
	reply = sori_test_send(f->session, msg);
	g_assert_cmpuint(reply->status, ==, 201);
	g_assert_cmpfloat(metric(f, 0, PUBLISHED), ==, 1);
	wait_for(f, 1, LIVE, live + 1, 10);
	wait_for(f, 1, "sori_venues{state=\"loaded\"}", 1, 10);
	/* exactly what was sent: one token, one publish */
	g_usleep(200 * 1000);
	g_assert_cmpfloat(metric(f, 1, TOKENS), ==, tokens + 1);
	g_assert_cmpfloat(metric(f, 1, LIVE), ==, live + 1);

	/* the database gone: the node serves on, and says it is not up */
	sori_test_postgres_stop(&f->pg);
	wait_for(f, 1, LOST, 1, 10);
	wait_for(f, 1, CONNECTING, 1, 10);
	g_assert_cmpfloat(metric(f, 1, UP), ==, 0);
	g_assert_cmpfloat(metric(f, 1, "sori_venues{state=\"loaded\"}"), ==, 1);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/metrics/database", Fixture, NULL, fixture_setup, test_database,
		   fixture_teardown);
	return g_test_run();
}
