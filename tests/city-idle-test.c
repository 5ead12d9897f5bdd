/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A city's idle venues: sorid started again starts each venue whose file
 * did not change idle from the summary it kept, without parsing it (a
 * damaged summary or a changed file is parsed); a visitor's request for an
 * idle venue waits for its parse in a worker thread while the other venues'
 * visitors are answered at once; and many requests for idle venues at once
 * are told to try again rather than queued without end.
 *
 * sorid's second start parses each idle venue slowly on purpose
 * (SORI_TEST_VENUE_READ_DELAY_MS), so that a parse on the main loop would
 * show in every other answer's time.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "sori-test-http.h"
#include "sori-test-util.h"

#define CITY_VENUES   40
#define CITY_EXHIBITS 200
/* each idle venue's parse, slowed down in the worker */
#define READ_DELAY_MS 1500
/* a summary of 200,000 '[': json-glib's recursion ends a thread's 8 MiB
 * stack at about 80,000, and a summary may be 1 MiB */
#define DEEP_SUMMARY_BYTES 200000
/* what an answer from a whole venue takes at most, however loaded the
 * machine: far less than one slowed parse */
#define PROMPT_MS 500

typedef struct {
	gchar *dir;
	gchar *data_dir;
	gchar *token; /* a curator's, for every venue */
	GSubprocess *process;
	guint16 port;
	SoupSession *session;
} Fixture;

static GSubprocess *
start_sorid(Fixture *f, gboolean slow)
{
	const gchar *args[] = { "--data-dir", f->data_dir, "--port", "0", NULL };
	g_autoptr(GSubprocessLauncher) launcher
		= g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE);
	g_autofree gchar *log = g_build_filename(f->dir, slow ? "second.log" : "first.log", NULL);
	g_autofree gchar *delay = g_strdup_printf("%u", READ_DELAY_MS);

	g_subprocess_launcher_set_stderr_file_path(launcher, log);
	if (slow)
		g_subprocess_launcher_setenv(launcher, "SORI_TEST_VENUE_READ_DELAY_MS", delay,
					     TRUE);
	return sori_test_start_sorid(launcher, args, &f->port);
}

static SoriTestReply *
call(Fixture *f, SoupSession *session, const gchar *path, gint64 *ms)
{
	g_autofree gchar *url = g_strdup_printf("http://127.0.0.1:%u%s", f->port, path);
	g_autoptr(SoupMessage) msg = soup_message_new("GET", url);
	gint64 started = g_get_monotonic_time();
	SoriTestReply *reply = sori_test_send(session, msg);

	if (ms != NULL)
		*ms = (g_get_monotonic_time() - started) / 1000;
	return reply;
}

static gboolean
reply_contains(SoriTestReply *reply, const gchar *needle)
{
	return g_strstr_len(g_bytes_get_data(reply->body, NULL), g_bytes_get_size(reply->body),
			    needle)
	       != NULL;
}

/* every venue served: /healthz no longer says loading */
static void
wait_loaded(Fixture *f)
{
	gint64 until = g_get_monotonic_time() + 300 * G_USEC_PER_SEC;
	while (g_get_monotonic_time() < until) {
		g_autoptr(SoriTestReply) reply = call(f, f->session, "/healthz", NULL);
		g_assert_cmpuint(reply->status, ==, 200);
		if (!reply_contains(reply, "\"status\":\"loading\""))
			return;
		g_usleep(G_USEC_PER_SEC / 20);
	}
	g_assert_not_reached();
}

static void
stop_sorid(Fixture *f)
{
	g_subprocess_send_signal(f->process, SIGTERM);
	g_subprocess_wait(f->process, NULL, NULL);
	g_clear_object(&f->process);
}

/* the city, read once (its summaries kept), then sorid started again on it,
 * after one summary was damaged and one catalogue changed */
static void
fixture_setup(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *sample
		= g_build_filename(g_getenv("SORI_SAMPLE_DIR"), "dasol-museum.json", NULL);
	g_autofree gchar *venues = g_strdup_printf("%u", CITY_VENUES);
	g_autofree gchar *exhibits = g_strdup_printf("%u", CITY_EXHIBITS);
	g_autofree gchar *damaged = NULL;
	g_autofree gchar *deep = NULL;
	g_autofree gchar *nested = NULL;
	g_autofree gchar *changed = NULL;
	g_autofree gchar *document = NULL;
	g_autoptr(GString) edited = NULL;
	g_autoptr(GSubprocess) make = NULL;

	f->dir = g_dir_make_tmp("sori-city-idle-XXXXXX", &error);
	g_assert_no_error(error);
	f->data_dir = g_build_filename(f->dir, "venues", NULL);
	make = g_subprocess_new(G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
				g_getenv("SORI_MAKE_CITY"), "--venues", venues, "--exhibits",
				exhibits, "--sample", sample, "--out", f->data_dir, NULL);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_wait_check(make, NULL, &error));
	g_assert_no_error(error);
	f->session = soup_session_new();
	soup_session_set_timeout(f->session, 60);

	f->process = start_sorid(f, FALSE);
	wait_loaded(f);
	stop_sorid(f);

	damaged = g_build_filename(f->data_dir, ".sori", "summaries", "city-0003.json", NULL);
	g_assert_true(g_file_test(damaged, G_FILE_TEST_IS_REGULAR));
	g_assert_true(
		g_file_set_contents(damaged, "{\"format\":\"sori-venue-summary/1\",", -1, NULL));
	/* nested deeper than json-glib's recursion has stack for, within the size allowed */
	deep = g_build_filename(f->data_dir, ".sori", "summaries", "city-0005.json", NULL);
	nested = g_malloc(DEEP_SUMMARY_BYTES);
	memset(nested, '[', DEEP_SUMMARY_BYTES);
	g_assert_true(g_file_set_contents(deep, nested, DEEP_SUMMARY_BYTES, NULL));
	changed = g_build_filename(f->data_dir, "city-0004.json", NULL);
	g_assert_true(g_file_get_contents(changed, &document, NULL, NULL));
	edited = g_string_new(document);
	g_assert_cmpuint(g_string_replace(edited, "Dasol Museum of Crafts 4\"",
					  "Dasol Museum of Crafts 4, renamed\"", 1),
			 ==, 1);
	g_assert_true(g_file_set_contents(changed, edited->str, -1, NULL));
	{
		const gchar *argv[] = { g_getenv("SORICTL"),
					"token",
					"add",
					"--data-dir",
					f->data_dir,
					"--name",
					"mina",
					"--venue",
					"*",
					NULL };
		g_autofree gchar *out = NULL;
		gint status = 0;
		g_assert_true(g_spawn_sync(NULL, (gchar **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
					   NULL, NULL, &out, NULL, &status, NULL));
		g_assert_true(g_spawn_check_wait_status(status, NULL));
		f->token = g_strdup(g_strstrip(out));
	}

	f->process = start_sorid(f, TRUE);
}

static void
fixture_teardown(Fixture *f, gconstpointer user_data)
{
	g_subprocess_send_signal(f->process, SIGKILL);
	g_subprocess_wait(f->process, NULL, NULL);
	g_clear_object(&f->process);
	g_clear_object(&f->session);
	sori_test_remove_tree(f->dir);
	g_free(f->dir);
	g_free(f->data_dir);
	g_free(f->token);
}

/* started again: every venue served at once, each answering as its file says */
static void
test_start_from_summaries(Fixture *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) health = NULL;
	g_autoptr(SoriTestReply) idle = NULL;
	g_autoptr(SoriTestReply) damaged = NULL;
	g_autoptr(SoriTestReply) deep = NULL;
	g_autoptr(SoriTestReply) changed = NULL;
	g_autoptr(SoriTestReply) list = NULL;
	g_autofree gchar *served = g_strdup_printf("\"venues_served\":%u", CITY_VENUES);
	g_autofree gchar *log_path = NULL;
	g_autofree gchar *log = NULL;
	gint64 ms;

	/* the three venues parsed at start (two damaged summaries, a changed file)
	 * take no slowed parse; the idle ones are not parsed at all */
	wait_loaded(f);
	health = call(f, f->session, "/healthz", NULL);
	g_assert_true(reply_contains(health, served));
	/* the list comes from the summaries, without a parse */
	list = call(f, f->session, "/v1/venues?lang=en", &ms);
	g_assert_cmpuint(list->status, ==, 200);
	g_assert_true(reply_contains(list, "\"Dasol Museum of Crafts 7\""));
	g_assert_true(reply_contains(list, "\"Dasol Museum of Crafts 4, renamed\""));
	g_assert_cmpint(ms, <, PROMPT_MS);
	/* an idle venue is parsed when asked for: its answer waits for it */
	idle = call(f, f->session, "/v1/venues/city-0007/exhibits/moon-jar-24?lang=en", &ms);
	g_assert_cmpuint(idle->status, ==, 200);
	g_assert_true(reply_contains(idle, "\"moon-jar-24\""));
	g_assert_cmpint(ms, >=, READ_DELAY_MS - 100);
	damaged = call(f, f->session, "/v1/venues/city-0003?lang=en", NULL);
	g_assert_cmpuint(damaged->status, ==, 200);
	g_assert_true(reply_contains(damaged, "\"Dasol Museum of Crafts 3\""));
	deep = call(f, f->session, "/v1/venues/city-0005?lang=en", NULL);
	g_assert_cmpuint(deep->status, ==, 200);
	g_assert_true(reply_contains(deep, "\"Dasol Museum of Crafts 5\""));
	changed = call(f, f->session, "/v1/venues/city-0004?lang=en", NULL);
	g_assert_cmpuint(changed->status, ==, 200);
	g_assert_true(reply_contains(changed, "\"Dasol Museum of Crafts 4, renamed\""));
	/* a summary is never asked for what only a whole catalogue has */
	log_path = g_build_filename(f->dir, "second.log", NULL);
	g_assert_true(g_file_get_contents(log_path, &log, NULL, NULL));
	g_assert_null(strstr(log, "runtime check failed"));
}

/* one visitor's request for an idle venue, in a thread of its own */
typedef struct {
	Fixture *f;
	gchar *path;
	guint status;
	gboolean loading;     /* 503 venue-loading */
	gboolean retry_after; /* with Retry-After */
	gboolean whole;       /* 200, the exhibit in it */
	gint64 ms;
} Visit;

static gpointer
visit_thread(gpointer user_data)
{
	Visit *visit = user_data;
	g_autoptr(SoupSession) session = soup_session_new();
	g_autoptr(SoriTestReply) reply = NULL;

	soup_session_set_timeout(session, 60);
	reply = call(visit->f, session, visit->path, &visit->ms);
	visit->status = reply->status;
	visit->whole = reply->status == 200 && reply_contains(reply, "\"moon-jar-48\"");
	visit->loading
		= reply->status == 503 && reply_contains(reply, "urn:sori:problem:venue-loading");
	visit->retry_after = soup_message_headers_get_one(reply->headers, "Retry-After") != NULL;
	return NULL;
}

static GThread *
visit_start(Visit *visit, Fixture *f, guint venue)
{
	visit->f = f;
	visit->path = g_strdup_printf("/v1/venues/city-%04u/exhibits/moon-jar-48?lang=en", venue);
	return g_thread_new("visit", visit_thread, visit);
}

/* idle venues parsed meanwhile: a whole venue's visitor is answered at once */
static void
test_no_wait(Fixture *f, gconstpointer user_data)
{
	Visit visits[4] = { { 0 } };
	GThread *threads[G_N_ELEMENTS(visits)];
	g_autoptr(SoriTestReply) first = NULL;
	guint prompt = 0;

	wait_loaded(f);
	first = call(f, f->session, "/v1/venues/city-0000/exhibits/moon-jar?lang=en", NULL);
	g_assert_cmpuint(first->status, ==, 200);
	for (guint i = 0; i < G_N_ELEMENTS(visits); i++)
		threads[i] = visit_start(&visits[i], f, 10 + i);
	/* while they wait (two parses at a time, each READ_DELAY_MS) */
	g_usleep(200 * 1000);
	for (guint i = 0; i < 10; i++) {
		gint64 ms;
		g_autoptr(SoriTestReply) reply = call(
			f, f->session, "/v1/venues/city-0000/exhibits/moon-jar?lang=en", &ms);
		g_assert_cmpuint(reply->status, ==, 200);
		g_assert_true(reply_contains(reply, "\"moon-jar\""));
		g_test_message(
			"a whole venue's exhibit during idle venues' parses: %" G_GINT64_FORMAT
			" ms",
			ms);
		g_assert_cmpint(ms, <, PROMPT_MS);
		prompt++;
		g_usleep(100 * 1000);
	}
	g_assert_cmpuint(prompt, ==, 10);
	for (guint i = 0; i < G_N_ELEMENTS(visits); i++) {
		g_thread_join(threads[i]);
		g_assert_cmpuint(visits[i].status, ==, 200);
		g_assert_true(visits[i].whole);
		g_assert_cmpint(visits[i].ms, >=, READ_DELAY_MS - 100);
		g_free(visits[i].path);
	}
}

/* every idle venue asked for at once: the reads queued are bounded, the
 * others told to try again, nobody left hanging */
static void
test_bounded(Fixture *f, gconstpointer user_data)
{
	Visit visits[CITY_VENUES - 8] = { { 0 } };
	GThread *threads[G_N_ELEMENTS(visits)];
	guint whole = 0;
	guint loading = 0;
	guint refused = 0;

	wait_loaded(f);
	for (guint i = 0; i < G_N_ELEMENTS(visits); i++)
		threads[i] = visit_start(&visits[i], f, 8 + i);
	for (guint i = 0; i < G_N_ELEMENTS(visits); i++) {
		g_thread_join(threads[i]);
		g_assert_true(visits[i].whole || visits[i].loading);
		if (visits[i].loading) {
			g_assert_true(visits[i].retry_after);
			/* told at once (too many reads queued), or after waiting as
			 * long as a request may (reads queued ahead of it) */
			g_assert_true(visits[i].ms < READ_DELAY_MS || visits[i].ms >= 9000);
			refused += visits[i].ms < READ_DELAY_MS;
			loading++;
		} else {
			whole++;
		}
		g_free(visits[i].path);
	}
	g_test_message("%u answered, %u told to try again (%u at once)", whole, loading, refused);
	g_assert_cmpuint(whole, >, 0);
	g_assert_cmpuint(refused, >, 0);
	g_assert_cmpuint(whole + loading, ==, G_N_ELEMENTS(visits));
}

/* a curator's request for an idle venue, in a thread of its own */
typedef struct {
	Fixture *f;
	const gchar *method;
	gchar *path;
	const gchar *body; /* nullable: JSON */
	guint status;
	gchar *answer;
	gint64 ms;
} Curation;

static gpointer
curation_thread(gpointer user_data)
{
	Curation *c = user_data;
	g_autoptr(SoupSession) session = soup_session_new();
	g_autofree gchar *url = g_strdup_printf("http://127.0.0.1:%u%s", c->f->port, c->path);
	g_autoptr(SoupMessage) msg = soup_message_new(c->method, url);
	g_autofree gchar *auth = g_strconcat("Bearer ", c->f->token, NULL);
	g_autoptr(SoriTestReply) reply = NULL;
	gint64 started = g_get_monotonic_time();

	soup_session_set_timeout(session, 60);
	soup_message_headers_append(soup_message_get_request_headers(msg), "Authorization", auth);
	if (c->body != NULL) {
		g_autoptr(GBytes) bytes = g_bytes_new_static(c->body, strlen(c->body));
		soup_message_set_request_body_from_bytes(msg, "application/json", bytes);
	}
	reply = sori_test_send(session, msg);
	c->ms = (g_get_monotonic_time() - started) / 1000;
	c->status = reply->status;
	c->answer = g_strndup(g_bytes_get_data(reply->body, NULL), g_bytes_get_size(reply->body));
	return NULL;
}

/* curators' requests that need an idle venue whole (its spreadsheet, a
 * check's diff) wait for its parse in a worker thread too: visitors of a
 * whole venue are answered at once meanwhile */
static void
test_curator_no_wait(Fixture *f, gconstpointer user_data)
{
	Curation curations[2] = {
		{ .method = "GET", .path = g_strdup("/v1/admin/venues/city-0020/catalogue.csv") },
		{ .method = "POST",
		  .path = g_strdup("/v1/admin/venues/city-0021/check"),
		  .body = "{\"venue\": {\"id\": \"city-0021\"}}" },
	};
	GThread *threads[G_N_ELEMENTS(curations)];

	wait_loaded(f);
	{
		g_autoptr(SoriTestReply) first = call(
			f, f->session, "/v1/venues/city-0000/exhibits/moon-jar?lang=en", NULL);
		g_assert_cmpuint(first->status, ==, 200);
	}
	for (guint i = 0; i < G_N_ELEMENTS(curations); i++) {
		curations[i].f = f;
		threads[i] = g_thread_new("curation", curation_thread, &curations[i]);
	}
	g_usleep(200 * 1000);
	for (guint i = 0; i < 8; i++) {
		gint64 ms;
		g_autoptr(SoriTestReply) reply = call(
			f, f->session, "/v1/venues/city-0000/exhibits/moon-jar?lang=en", &ms);
		g_assert_cmpuint(reply->status, ==, 200);
		g_test_message("a whole venue's exhibit during curators' reads: %" G_GINT64_FORMAT
			       " ms",
			       ms);
		g_assert_cmpint(ms, <, PROMPT_MS);
		g_usleep(100 * 1000);
	}
	for (guint i = 0; i < G_N_ELEMENTS(curations); i++) {
		g_thread_join(threads[i]);
		g_assert_cmpint(curations[i].ms, >=, READ_DELAY_MS - 100);
	}
	/* the whole venue's spreadsheet, every exhibit in it */
	g_assert_cmpuint(curations[0].status, ==, 200);
	g_assert_nonnull(strstr(curations[0].answer, "moon-jar-48"));
	/* the check found the document's problems, the live catalogue read whole */
	g_assert_cmpuint(curations[1].status, ==, 200);
	g_assert_nonnull(strstr(curations[1].answer, "\"valid\":false"));
	for (guint i = 0; i < G_N_ELEMENTS(curations); i++) {
		g_free(curations[i].path);
		g_free(curations[i].answer);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/city-idle/start-from-summaries", Fixture, NULL, fixture_setup,
		   test_start_from_summaries, fixture_teardown);
	g_test_add("/city-idle/no-wait", Fixture, NULL, fixture_setup, test_no_wait,
		   fixture_teardown);
	g_test_add("/city-idle/bounded", Fixture, NULL, fixture_setup, test_bounded,
		   fixture_teardown);
	g_test_add("/city-idle/curator-no-wait", Fixture, NULL, fixture_setup, test_curator_no_wait,
		   fixture_teardown);
	return g_test_run();
}
