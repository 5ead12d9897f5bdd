/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A city on two sorid nodes over PostgreSQL: a few hundred venues made from
 * the sample museum (tests/city/make-city.py), copied in by sorictl migrate,
 * on a real PostgreSQL 15 made in a temporary directory (as cluster-test
 * does). Venues still loading at start-up answer venue-loading; a publish on
 * one node is served by the other within a bound, reloading that venue alone,
 * while a reader of another venue stays fast and whole; a listener that lost
 * its connection (NOTIFY is never replayed) catches up with what it missed,
 * reading only the venues that changed.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "city-pg-common.h"

/* both nodes answer at once; a venue not read yet is loading, not unknown */
static void
test_start_loading(City *c, gconstpointer user_data)
{
	g_autofree gchar *loading = NULL;
	g_autofree gchar *status = NULL;
	g_autoptr(PGconn) conn = PQconnectdb(c->pg.conninfo);

	/* sorictl migrate kept every venue's summary; without them (a city
	 * migrated by an older sorictl), every venue is read and parsed */
	g_assert_cmpint(PQstatus(conn), ==, CONNECTION_OK);
	g_assert_cmpint(query_int(conn, "SELECT count(*) FROM sori_summaries"), ==, CITY_VENUES);
	exec_ok(conn, "DELETE FROM sori_summaries");
	node_start(c, 0);
	status = health(c, 0, &loading);
	/* the line came a second after start, with venues still to read */
	g_assert_cmpstr(status, ==, "loading");
	g_assert_nonnull(loading);
	{
		g_autofree gchar *path = g_strdup_printf("/v1/venues/%s", loading);
		g_autofree gchar *put = g_strdup_printf("/v1/admin/venues/%s/catalogue", loading);
		g_autoptr(SoriTestReply) venue = call(c, NULL, 0, "GET", path, NULL);
		g_autoptr(SoriTestReply) change = call(c, NULL, 0, "PUT", put, "{}");
		g_autoptr(SoriTestReply) unknown
			= call(c, NULL, 0, "GET", "/v1/venues/no-such-venue", NULL);
		g_autoptr(JsonParser) p1 = json_parser_new();
		g_autoptr(JsonParser) p2 = json_parser_new();

		g_assert_cmpuint(venue->status, ==, 503);
		g_assert_cmpstr(problem_type(venue, p1), ==, "urn:sori:problem:venue-loading");
		g_assert_nonnull(soup_message_headers_get_one(venue->headers, "Retry-After"));
		/* a curator's change waits for the venue to be read */
		g_assert_cmpuint(change->status, ==, 503);
		g_assert_cmpstr(problem_type(change, p2), ==, "urn:sori:problem:venue-loading");
		g_assert_cmpuint(unknown->status, ==, 404);
	}
	node_start(c, 1);
	for (guint i = 0; i < 2; i++) {
		g_autoptr(SoriTestReply) list = NULL;
		g_autoptr(JsonParser) parser = json_parser_new();
		g_autofree gchar *now = NULL;

		wait_loaded(c, i);
		now = health(c, i, NULL);
		g_assert_cmpstr(now, ==, "ok");
		list = call(c, NULL, i, "GET", "/v1/venues", NULL);
		g_assert_cmpuint(list->status, ==, 200);
		g_assert_cmpuint(json_array_get_length(json_object_get_array_member(
					 reply_object(list, parser), "venues")),
				 ==, CITY_VENUES);
		/* read once each at start-up: nothing reloaded since */
		g_assert_cmpuint(log_count(c, i, "reloaded from the database"), ==, 0);
	}
	/* and the summaries kept again, for the next start */
	g_assert_cmpint(query_int(conn, "SELECT count(*) FROM sori_summaries"), ==, CITY_VENUES);
}

/* a publish on node 0 is node 1's within a bound, and costs node 1 that venue alone */
static void
test_publish_served_by_the_other(City *c, gconstpointer user_data)
{
	Reader reader = { c, 0, 0, 0, 0 };
	g_autofree gchar *document = NULL;
	gint64 slowest_served = 0;
	GThread *thread;

	node_start(c, 0);
	node_start(c, 1);
	wait_loaded(c, 0);
	wait_loaded(c, 1);
	document = venue_document(c, "city-0003");
	/* a visitor there on node 1 already: the venue is whole, not idle from
	 * its summary (test_idle_venues publishes to idle venues) */
	wait_for(c, 1, "/v1/venues/city-0003/exhibits/moon-jar-24?lang=en", "\"moon-jar-24\"",
		 2 * G_USEC_PER_SEC);
	thread = g_thread_new("reader", reader_thread, &reader);
	for (guint i = 0; i < 5; i++) {
		g_autofree gchar *name = g_strdup_printf("Dasol Museum %u of Crafts", i);
		slowest_served = MAX(slowest_served, publish_and_wait(c, document, "city-0003", 3,
								      name, 2 * G_USEC_PER_SEC));
	}
	g_atomic_int_set(&reader.stop, 1);
	g_thread_join(thread);
	g_test_message("served by the other node within %.0f ms; %u reads, the slowest %.1f ms",
		       slowest_served / 1000.0, reader.reads, reader.slowest_us / 1000.0);
	g_assert_cmpuint(reader.reads, >, 10);
	g_assert_cmpuint(reader.bad, ==, 0);
	/* generous for a shared, sanitized machine: a whole-city reload took seconds */
	g_assert_cmpint(reader.slowest_us, <, 1000 * 1000);
	/* node 1 read the published venue once per publish, and no other */
	g_assert_cmpuint(log_count(c, 1, "venue city-0003: reloaded from the database"), ==, 5);
	g_assert_cmpuint(log_count(c, 1, "reloaded from the database"), ==, 5);
	/* node 0 had it already: at most a publish read again, never another venue */
	g_assert_cmpuint(log_count(c, 0, "reloaded from the database"), ==,
			 log_count(c, 0, "venue city-0003: reloaded from the database"));

	/* a deletion on node 0 is node 1's too */
	{
		g_autoptr(SoriTestReply) del
			= call(c, NULL, 0, "DELETE", "/v1/admin/venues/city-0012", NULL);
		g_assert_cmpuint(del->status, ==, 204);
		wait_for(c, 1, "/v1/venues/city-0012", NULL, 2 * G_USEC_PER_SEC);
	}
}

/* changes made while the listeners were cut off: found by comparing revisions */
static void
test_listener_resynchronises(City *c, gconstpointer user_data)
{
	g_autofree gchar *document = NULL;
	g_autofree gchar *changed = NULL;
	g_autofree gchar *digest = NULL;
	g_autofree gchar *revision = NULL;
	g_autoptr(PGconn) conn = NULL;

	node_start(c, 0);
	node_start(c, 1);
	wait_loaded(c, 0);
	wait_loaded(c, 1);
	/* visitors at both venues on both nodes: whole, not idle from their
	 * summaries (an idle venue asked for is read at its live revision) */
	for (guint i = 0; i < 2; i++) {
		wait_for(c, i, "/v1/venues/city-0009/exhibits/moon-jar-24?lang=en",
			 "\"moon-jar-24\"", 2 * G_USEC_PER_SEC);
		wait_for(c, i, "/v1/venues/city-0010/exhibits/moon-jar-24?lang=en",
			 "\"moon-jar-24\"", 2 * G_USEC_PER_SEC);
	}
	document = venue_document(c, "city-0009");
	changed = renamed(document, 9, "Missed Museum");
	digest = g_compute_checksum_for_string(G_CHECKSUM_SHA256, changed, -1);
	revision = g_strdup_printf("20300101T000000Z-%.12s", digest);

	conn = PQconnectdb(c->pg.conninfo);
	g_assert_cmpint(PQstatus(conn), ==, CONNECTION_OK);
	/* what no node is told of: a new live revision and a deletion, with no
	 * NOTIFY, and every listener cut off at once */
	{
		const gchar *params[] = { revision, digest, changed };
		PGresult *res = PQexec(conn, "BEGIN");
		g_assert_cmpint(PQresultStatus(res), ==, PGRES_COMMAND_OK);
		PQclear(res);
		res = PQexecParams(conn,
				   "INSERT INTO sori_revisions (venue, id, digest, document)"
				   " VALUES ('city-0009', $1, $2, $3)",
				   3, NULL, params, NULL, NULL, 0);
		g_assert_cmpint(PQresultStatus(res), ==, PGRES_COMMAND_OK);
		PQclear(res);
		res = PQexecParams(conn,
				   "UPDATE sori_live SET revision = $1 WHERE venue = 'city-0009'",
				   1, NULL, params, NULL, NULL, 0);
		g_assert_cmpint(PQresultStatus(res), ==, PGRES_COMMAND_OK);
		PQclear(res);
		res = PQexec(conn, "DELETE FROM sori_live WHERE venue = 'city-0010'");
		g_assert_cmpint(PQresultStatus(res), ==, PGRES_COMMAND_OK);
		PQclear(res);
		res = PQexec(conn, "COMMIT");
		g_assert_cmpint(PQresultStatus(res), ==, PGRES_COMMAND_OK);
		PQclear(res);
	}
	/* nothing told them: both still serve what they had */
	g_usleep(300 * 1000);
	for (guint i = 0; i < 2; i++) {
		g_autoptr(SoriTestReply) old
			= call(c, NULL, i, "GET", "/v1/venues/city-0010", NULL);
		g_assert_cmpuint(old->status, ==, 200);
	}
	{
		PGresult *res = PQexec(conn, "SELECT pg_terminate_backend(pid) FROM "
					     "pg_stat_activity WHERE query LIKE 'LISTEN%'");
		g_assert_cmpint(PQresultStatus(res), ==, PGRES_TUPLES_OK);
		g_assert_cmpint(PQntuples(res), ==, 2);
		PQclear(res);
	}
	for (guint i = 0; i < 2; i++) {
		wait_for(c, i, "/v1/venues/city-0009?lang=en", "Missed Museum",
			 15 * G_USEC_PER_SEC);
		wait_for(c, i, "/v1/venues/city-0010", NULL, 15 * G_USEC_PER_SEC);
		/* the one venue that changed read again, none of the others */
		g_assert_cmpuint(log_count(c, i, "reloaded from the database"), ==, 1);
		g_assert_cmpuint(log_count(c, i, "venue city-0009: reloaded from the database"), ==,
				 1);
	}
}

/* sorictl migrate into @store: its exit status, and what it said on stderr */
static gint
migrate(const gchar *data_dir, const gchar *store, gchar **err)
{
	const gchar *argv[]
		= { g_getenv("SORICTL"), "migrate", "--data-dir", data_dir, "--to", store, NULL };
	g_autoptr(GError) error = NULL;
	gint status = 0;

	g_assert_true(g_spawn_sync(NULL, (gchar **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
				   NULL, NULL, err, &status, &error));
	g_assert_no_error(error);
	return g_spawn_check_wait_status(status, NULL) ? 0 : WEXITSTATUS(status);
}

/* a venue that cannot be copied is named, and nothing of its transaction is kept */
static void
test_migrate_names_the_venue(City *c, gconstpointer user_data)
{
	g_autofree gchar *from = g_build_filename(c->dir, "venues", NULL);
	g_autofree gchar *broken = g_build_filename(from, "city-0055.json", NULL);
	g_autofree gchar *conninfo = g_strdup_printf("%s", c->pg.conninfo);
	g_autofree gchar *other = NULL;
	g_autofree gchar *err = NULL;
	g_autoptr(PGconn) admin = PQconnectdb(c->pg.conninfo);
	g_autoptr(PGconn) conn = NULL;
	PGresult *res;

	/* an empty database beside the city's */
	g_assert_cmpint(PQstatus(admin), ==, CONNECTION_OK);
	res = PQexec(admin, "CREATE DATABASE other");
	g_assert_cmpint(PQresultStatus(res), ==, PGRES_COMMAND_OK);
	PQclear(res);
	g_assert_nonnull(g_strstr_len(conninfo, -1, "dbname=postgres"));
	*g_strstr_len(conninfo, -1, "dbname=postgres") = '\0';
	other = g_strdup_printf("postgresql:%sdbname=other", conninfo);
	/* a catalogue holding a NUL byte, which PostgreSQL's text refuses */
	g_assert_true(g_file_set_contents(broken, "{\"venue\": \"\0\"}", 15, NULL));

	g_assert_cmpint(migrate(from, other, &err), ==, 1);
	g_test_message("%s", err);
	g_assert_nonnull(strstr(err, "venue city-0055: "));
	g_assert_nonnull(strstr(err, "50 venues before it are copied whole"));
	{
		g_autofree gchar *info = g_strdup_printf("%sdbname=other", conninfo);
		conn = PQconnectdb(info);
	}
	g_assert_cmpint(PQstatus(conn), ==, CONNECTION_OK);
	/* the first transaction's fifty venues, whole; nothing of the second */
	g_assert_cmpint(query_int(conn, "SELECT count(*) FROM sori_live"), ==, 50);
	g_assert_cmpint(query_int(conn, "SELECT count(DISTINCT venue) FROM sori_revisions"), ==,
			50);
	g_assert_cmpint(query_int(conn, "SELECT count(*) FROM sori_live WHERE venue >= "
					"'city-0050'"),
			==, 0);

	/* the summaries a sorid serving the directory kept on disk are taken as
	 * they are, when the file has not changed since (city-0060); one kept for
	 * the file as it was (city-0061) is not */
	for (guint v = 60; v <= 61; v++) {
		g_autofree gchar *venue = g_strdup_printf("city-%04u", v);
		g_autofree gchar *sql = g_strdup_printf(
			"SELECT summary FROM sori_summaries WHERE venue = '%s'", venue);
		g_autofree gchar *file = g_strdup_printf("%s/%s.json", from, venue);
		g_autofree gchar *dir = g_build_filename(from, ".sori", "summaries", NULL);
		g_autofree gchar *kept = g_strdup_printf("%s/%s.json", dir, venue);
		g_autofree gchar *old_name = g_strdup_printf("Dasol Museum of Crafts %u", v);
		g_autofree gchar *new_name = g_strdup_printf("Kept On Disk %u", v);
		g_autoptr(GString) summary = NULL;
		g_autofree gchar *text = NULL;
		GStatBuf st;

		res = PQexec(admin, sql);
		g_assert_cmpint(PQntuples(res), ==, 1);
		summary = g_string_new(PQgetvalue(res, 0, 0));
		PQclear(res);
		g_assert_cmpuint(g_string_replace(summary, old_name, new_name, 0), >, 0);
		g_assert_cmpint(g_stat(file, &st), ==, 0);
		text = g_strdup_printf(
			"{\"format\": \"sori-venue-summary/1\", \"file\": {\"size\": "
			"%" G_GINT64_FORMAT ", \"inode\": %" G_GUINT64_FORMAT
			", \"mtime_ns\": %" G_GINT64_FORMAT ", \"ctime_ns\": %" G_GINT64_FORMAT
			"}, \"summary\": %s}",
			(gint64) st.st_size + (v == 61 ? 1 : 0), (guint64) st.st_ino,
			(gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec,
			(gint64) st.st_ctim.tv_sec * 1000000000 + st.st_ctim.tv_nsec, summary->str);
		g_assert_cmpint(g_mkdir_with_parents(dir, 0700), ==, 0);
		g_assert_true(g_file_set_contents(kept, text, -1, NULL));
	}

	/* mended, it goes on from there and copies the rest */
	g_assert_cmpint(g_unlink(broken), ==, 0);
	g_clear_pointer(&err, g_free);
	g_assert_cmpint(migrate(from, other, &err), ==, 0);
	g_assert_cmpint(query_int(conn, "SELECT count(*) FROM sori_live"), ==, CITY_VENUES - 1);
	g_assert_cmpint(query_int(conn, "SELECT count(*) FROM sori_summaries"), ==,
			CITY_VENUES - 1);
	g_assert_cmpint(query_int(conn, "SELECT count(*) FROM sori_summaries WHERE venue ="
					" 'city-0060' AND summary LIKE '%Kept On Disk 60%'"),
			==, 1);
	g_assert_cmpint(query_int(conn,
				  "SELECT count(*) FROM sori_summaries WHERE venue ="
				  " 'city-0061' AND summary LIKE '%Dasol Museum of Crafts 61%'"),
			==, 1);
}

/* a node's memory grows with what is visited, not with the city: venues
 * beyond venues-memory-mb go idle and are read whole again from the
 * database when asked for, each as it was, and a publish still reaches them */
static void
test_idle_venues(City *c, gconstpointer user_data)
{
	guint16 metrics_port = sori_test_free_port();
	g_autofree gchar *settings = g_strdup_printf(
		"venues-memory-mb=8\nmetrics-address=127.0.0.1:%u\n", metrics_port);
	g_autofree gchar *document = NULL;
	gdouble whole;

	node_start_with(c, 0, settings);
	node_start(c, 1);
	wait_loaded(c, 0);
	wait_loaded(c, 1);
	whole = sori_test_metric(c->session, metrics_port, "sori_venues_whole");
	g_test_message("%.0f of %u venues whole, %.1f MiB", whole, CITY_VENUES,
		       sori_test_metric(c->session, metrics_port, "sori_venues_whole_bytes")
			       / (1024 * 1024));
	g_assert_cmpfloat(whole, <, CITY_VENUES / 4);
	g_assert_cmpfloat(sori_test_metric(c->session, metrics_port, "sori_venues_whole_bytes"), <=,
			  8.0 * 1024 * 1024);
	/* every venue answers whole, from the database again */
	for (guint v = 0; v < CITY_VENUES; v += 7) {
		g_autofree gchar *path
			= g_strdup_printf("/v1/venues/city-%04u/exhibits/moon-jar-48?lang=en", v);
		g_autofree gchar *name = g_strdup_printf("\"Dasol Museum of Crafts %u\"", v);
		g_autoptr(SoriTestReply) reply = call(c, NULL, 0, "GET", path, NULL);
		g_autoptr(SoriTestReply) venue = NULL;
		g_autofree gchar *venue_path = g_strdup_printf("/v1/venues/city-%04u?lang=en", v);
		g_assert_cmpuint(reply->status, ==, 200);
		g_assert_nonnull(g_strstr_len(g_bytes_get_data(reply->body, NULL),
					      (gssize) g_bytes_get_size(reply->body),
					      "\"moon-jar-48\""));
		venue = call(c, NULL, 0, "GET", venue_path, NULL);
		g_assert_cmpuint(venue->status, ==, 200);
		g_assert_nonnull(g_strstr_len(g_bytes_get_data(venue->body, NULL),
					      (gssize) g_bytes_get_size(venue->body), name));
	}
	g_assert_cmpfloat(sori_test_metric(c->session, metrics_port, "sori_venues_whole"), <,
			  CITY_VENUES / 4);
	/* a publish on the other node reaches an idle venue of this one, and a
	 * publish of an idle venue here answers with what it changed */
	document = venue_document(c, "city-0100");
	{
		g_autofree gchar *changed = renamed(document, 100, "Dasol Museum 100, renamed");
		g_autoptr(SoriTestReply) put
			= call(c, NULL, 1, "PUT", "/v1/admin/venues/city-0100/catalogue", changed);
		g_assert_cmpuint(put->status, ==, 200);
		wait_for(c, 0, "/v1/venues/city-0100?lang=en", "Dasol Museum 100, renamed",
			 2 * G_USEC_PER_SEC);
	}
	{
		g_autofree gchar *other = venue_document(c, "city-0101");
		g_autofree gchar *changed = renamed(other, 101, "Dasol Museum 101, renamed");
		g_autoptr(SoriTestReply) put
			= call(c, NULL, 0, "PUT", "/v1/admin/venues/city-0101/catalogue", changed);
		g_assert_cmpuint(put->status, ==, 200);
		g_assert_nonnull(g_strstr_len(g_bytes_get_data(put->body, NULL),
					      (gssize) g_bytes_get_size(put->body), "\"changes\""));
	}
	/* a revision made live with no node told (its notification on its way,
	 * say): an idle venue asked for is read at its live revision */
	{
		g_autofree gchar *other = venue_document(c, "city-0120");
		g_autofree gchar *changed = renamed(other, 120, "Dasol Museum 120, untold");
		g_autofree gchar *digest
			= g_compute_checksum_for_string(G_CHECKSUM_SHA256, changed, -1);
		g_autofree gchar *revision = g_strdup_printf("20300101T000000Z-%.12s", digest);
		const gchar *params[] = { revision, digest, changed };
		g_autoptr(PGconn) conn = PQconnectdb(c->pg.conninfo);
		PGresult *res;

		g_assert_cmpint(PQstatus(conn), ==, CONNECTION_OK);
		res = PQexecParams(conn,
				   "INSERT INTO sori_revisions (venue, id, digest, document)"
				   " VALUES ('city-0120', $1, $2, $3)",
				   3, NULL, params, NULL, NULL, 0);
		g_assert_cmpint(PQresultStatus(res), ==, PGRES_COMMAND_OK);
		PQclear(res);
		res = PQexecParams(conn,
				   "UPDATE sori_live SET revision = $1 WHERE venue = 'city-0120'",
				   1, NULL, params, NULL, NULL, 0);
		g_assert_cmpint(PQresultStatus(res), ==, PGRES_COMMAND_OK);
		PQclear(res);
		wait_for(c, 0, "/v1/venues/city-0120?lang=en", "Dasol Museum 120, untold",
			 2 * G_USEC_PER_SEC);
		g_assert_cmpuint(log_count(c, 0,
					   "venue city-0120: read again from the database, "
					   "a newer revision"),
				 ==, 1);
	}
}

/* the summaries of @venue in the database that are its live catalogue's and say so */
static gint
summaries_fit(PGconn *conn, const gchar *venue)
{
	g_autofree gchar *sql = g_strdup_printf(
		"SELECT count(*) FROM sori_summaries s JOIN sori_live l ON l.venue = s.venue"
		" JOIN sori_revisions r ON r.venue = l.venue AND r.id = l.revision"
		" WHERE s.venue = '%s' AND s.digest = r.digest AND s.format = '"
		"sori-venue-summary/1' AND s.summary LIKE '%%\"%s\"%%'",
		venue, venue);
	return query_int(conn, sql);
}

/* a node starts a city from the summaries in the database, parsing none of
 * it; a summary that is damaged, another venue's or of another format is
 * never served, its venue parsed and the summary mended; a publish and a
 * deletion take the summaries of what is no longer live with them */
static void
test_start_from_summaries(City *c, gconstpointer user_data)
{
	guint16 metrics_port = sori_test_free_port();
	g_autofree gchar *settings
		= g_strdup_printf("metrics-address=127.0.0.1:%u\n", metrics_port);
	g_autoptr(PGconn) conn = PQconnectdb(c->pg.conninfo);
	g_autofree gchar *document = NULL;

	g_assert_cmpint(PQstatus(conn), ==, CONNECTION_OK);
	exec_ok(conn, "UPDATE sori_summaries SET summary = '{\"damaged' WHERE venue = 'city-0003'");
	exec_ok(conn, "UPDATE sori_summaries SET summary = (SELECT summary FROM sori_summaries"
		      " WHERE venue = 'city-0005') WHERE venue = 'city-0004'");
	exec_ok(conn, "UPDATE sori_summaries SET format = 'sori-venue-summary/0'"
		      " WHERE venue = 'city-0006'");
	node_start_with(c, 0, settings);
	wait_loaded(c, 0);
	/* only the three without a summary fit to serve were parsed whole */
	g_assert_cmpfloat(sori_test_metric(c->session, metrics_port, "sori_venues_whole"), ==, 3);
	for (guint v = 3; v <= 6; v++) {
		g_autofree gchar *path = g_strdup_printf("/v1/venues/city-%04u?lang=en", v);
		g_autofree gchar *name = g_strdup_printf("\"Dasol Museum of Crafts %u\"", v);
		g_autofree gchar *id = g_strdup_printf("city-%04u", v);
		wait_for(c, 0, path, name, G_USEC_PER_SEC);
		/* mended for the next start */
		g_assert_cmpint(summaries_fit(conn, id), ==, 1);
	}
	/* city-0005, idle, was read whole when asked for; so is any other */
	g_assert_cmpfloat(sori_test_metric(c->session, metrics_port, "sori_venues_whole"), ==, 4);
	wait_for(c, 0, "/v1/venues/city-0100/exhibits/moon-jar-48?lang=en", "\"moon-jar-48\"",
		 G_USEC_PER_SEC);
	g_assert_cmpfloat(sori_test_metric(c->session, metrics_port, "sori_venues_whole"), ==, 5);

	/* a publish: the old catalogue's summary goes; a deletion: all of the venue's */
	document = venue_document(c, "city-0010");
	{
		g_autofree gchar *changed = renamed(document, 10, "Dasol Museum 10, renamed");
		g_autoptr(SoriTestReply) put
			= call(c, NULL, 0, "PUT", "/v1/admin/venues/city-0010/catalogue", changed);
		g_autoptr(SoriTestReply) gone
			= call(c, NULL, 0, "DELETE", "/v1/admin/venues/city-0011", NULL);
		g_assert_cmpuint(put->status, ==, 200);
		g_assert_cmpuint(gone->status, ==, 204);
	}
	g_assert_cmpint(query_int(conn, "SELECT count(*) FROM sori_summaries WHERE venue ="
					" 'city-0010' AND digest NOT IN (SELECT r.digest FROM"
					" sori_live l JOIN sori_revisions r ON r.venue = l.venue"
					" AND r.id = l.revision WHERE l.venue = 'city-0010')"),
			==, 0);
	g_assert_cmpint(
		query_int(conn, "SELECT count(*) FROM sori_summaries WHERE venue = 'city-0011'"),
		==, 0);
	/* the other node, started now, reads the new catalogue and keeps its summary */
	node_start(c, 1);
	wait_loaded(c, 1);
	wait_for(c, 1, "/v1/venues/city-0010?lang=en", "Dasol Museum 10, renamed", G_USEC_PER_SEC);
	wait_for(c, 1, "/v1/venues/city-0011", NULL, G_USEC_PER_SEC);
	g_assert_cmpint(summaries_fit(conn, "city-0010"), ==, 1);
	/* one a live venue, of this format (city-0006's of another stays until it changes) */
	g_assert_cmpint(query_int(conn, "SELECT count(*) FROM sori_summaries"
					" WHERE format = 'sori-venue-summary/1'"),
			==, CITY_VENUES - 1);

	/* the database away: an idle venue's visitors are told to try again,
	 * and the database is not asked (nor the log written) for each of them */
	sori_test_postgres_stop(&c->pg);
	for (guint i = 0; i < 20; i++) {
		g_autoptr(SoriTestReply) reply
			= call(c, NULL, 1, "GET",
			       "/v1/venues/city-0120/exhibits/moon-jar-48?lang=en", NULL);
		g_autoptr(JsonParser) parser = json_parser_new();
		g_assert_cmpuint(reply->status, ==, 503);
		g_assert_cmpstr(problem_type(reply, parser), ==, "urn:sori:problem:venue-loading");
		g_assert_nonnull(soup_message_headers_get_one(reply->headers, "Retry-After"));
	}
	g_assert_cmpuint(log_count(c, 1, "venue city-0120 not served"), >=, 1);
	g_assert_cmpuint(log_count(c, 1, "venue city-0120 not served"), <=, 2);
}

/* a node never parses an idle venue on its main loop, whatever asks for it:
 * another node's publish of it, a visitor's captions of it (node 1's parses
 * slowed to 3 s: one on the main loop would hold a reader of another venue) */
static void
test_idle_never_on_the_main_loop(City *c, gconstpointer user_data)
{
	Reader reader = { c, 0, 0, 0, 0 };
	g_autofree gchar *document = venue_document(c, "city-0020");
	g_autofree gchar *settings = g_strdup_printf("cache-dir=%s/speech-cache\n", c->dir);
	GThread *thread;

	node_start(c, 0);
	g_setenv("SORI_TEST_VENUE_READ_DELAY_MS", "3000", TRUE);
	node_start_with(c, 1, settings);
	g_unsetenv("SORI_TEST_VENUE_READ_DELAY_MS");
	wait_loaded(c, 0);
	wait_loaded(c, 1);
	/* the reader's venue whole first: its own read takes the 3 s, in a worker */
	wait_for(c, 1, "/v1/venues/city-0007/exhibits/moon-jar-24?lang=en", "\"moon-jar-24\"",
		 20 * G_USEC_PER_SEC);
	thread = g_thread_new("reader", reader_thread, &reader);
	for (guint i = 0; i < 3; i++) {
		g_autofree gchar *name = g_strdup_printf("Dasol Museum 20, publish %u", i);
		publish_and_wait(c, document, "city-0020", 20, name, 20 * G_USEC_PER_SEC);
	}
	{
		g_autoptr(SoriTestReply) captions
			= call(c, NULL, 1, "GET",
			       "/v1/venues/city-0030/exhibits/moon-jar-24/"
			       "captions?lang=en&field=description",
			       NULL);
		/* paused while the venue is read, then answered */
		g_assert_cmpuint(captions->status, ==, 200);
	}
	g_atomic_int_set(&reader.stop, 1);
	g_thread_join(thread);
	g_test_message("%u reads, the slowest %.1f ms", reader.reads, reader.slowest_us / 1000.0);
	g_assert_cmpuint(reader.bad, ==, 0);
	g_assert_cmpint(reader.slowest_us, <, 1500 * 1000);
}

static void
city_add(const gchar *name, void (*func)(City *, gconstpointer))
{
	g_test_add(name, City, NULL, city_setup, func, city_teardown);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	city_add("/city-pg/start-loading", test_start_loading);
	city_add("/city-pg/publish-served-by-the-other", test_publish_served_by_the_other);
	city_add("/city-pg/listener-resynchronises", test_listener_resynchronises);
	city_add("/city-pg/migrate-names-the-venue", test_migrate_names_the_venue);
	city_add("/city-pg/idle-venues", test_idle_venues);
	city_add("/city-pg/start-from-summaries", test_start_from_summaries);
	city_add("/city-pg/idle-never-on-the-main-loop", test_idle_never_on_the_main_loop);
	return g_test_run();
}
