/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Speech over real HTTP: redirects to immutable media, Range and 206, 304,
 * one render for many concurrent requests, a crashing worker, a damaged
 * cache file.
 */

#include "config.h"

#include "sori-test-http.h"
#include "sori-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sori-http-server.h"
#include "sori-problem.h"
#include "sori-speech-service.h"

typedef struct {
	gchar *cache_dir;
	SoriVenueStore *store;
	SoriMediaCache *cache;
	SoriSpeechPool *pool;
	SoriHttpServer *server;
	SoupSession *session;
	gchar *base;
	gboolean fast_path;
} Fixture;

static void
start_server(Fixture *f)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriSpeechService) speech = NULL;

	f->cache = sori_media_cache_new(f->cache_dir, 64 * 1024 * 1024, &error);
	g_assert_no_error(error);
	f->pool = sori_speech_pool_new(g_getenv("SORI_SPEECH_WORKER"), 2, 30);
	speech = sori_speech_service_new(f->store, f->pool, f->cache);
	f->server = sori_http_server_new(f->store);
	sori_http_server_set_fast_path(f->server, f->fast_path);
	sori_http_server_set_speech_service(f->server, speech);
	g_assert_true(sori_http_server_listen(f->server, "127.0.0.1", 0, &error));
	g_assert_no_error(error);
	g_free(f->base);
	f->base = g_strdup_printf("http://127.0.0.1:%u", sori_http_server_get_port(f->server));
}

static void
stop_server(Fixture *f)
{
	g_clear_object(&f->server);
	g_clear_object(&f->pool);
	g_clear_object(&f->cache);
}

static void
fixture_setup(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	f->fast_path = GPOINTER_TO_INT(user_data);
	f->cache_dir = g_dir_make_tmp("sori-speech-test-XXXXXX", &error);
	g_assert_no_error(error);
	f->store = sori_venue_store_new(g_getenv("SORI_SAMPLE_DIR"));
	g_assert_true(sori_venue_store_load(f->store, &error));
	start_server(f);
	f->session = soup_session_new();
	/* redirects are asserted, not followed */
	soup_session_remove_feature_by_type(f->session, SOUP_TYPE_CONTENT_DECODER);
}

static void
fixture_teardown(Fixture *f, gconstpointer user_data)
{
	g_clear_object(&f->session);
	stop_server(f);
	g_clear_object(&f->store);
	sori_test_remove_tree(f->cache_dir);
	g_free(f->cache_dir);
	g_free(f->base);
}

static SoupMessage *
new_message(Fixture *f, const gchar *path, const gchar *range, const gchar *if_none_match)
{
	g_autofree gchar *url = g_str_has_prefix(path, "http") ? g_strdup(path)
							       : g_strconcat(f->base, path, NULL);
	SoupMessage *msg = soup_message_new("GET", url);
	soup_message_add_flags(msg, SOUP_MESSAGE_NO_REDIRECT);
	if (range != NULL)
		soup_message_headers_replace(soup_message_get_request_headers(msg), "Range", range);
	if (if_none_match != NULL)
		soup_message_headers_replace(soup_message_get_request_headers(msg), "If-None-Match",
					     if_none_match);
	return msg;
}

static SoriTestReply *
fetch(Fixture *f, const gchar *path, const gchar *range, const gchar *if_none_match)
{
	g_autoptr(SoupMessage) msg = new_message(f, path, range, if_none_match);

	return sori_test_send(f->session, msg);
}

static const gchar *
header(SoriTestReply *reply, const gchar *name)
{
	return soup_message_headers_get_one(reply->headers, name);
}

/* follows one redirect, which must point into /v1/media/ */
static SoriTestReply *
fetch_media(Fixture *f, const gchar *path, gchar **location)
{
	g_autoptr(SoriTestReply) redirect = fetch(f, path, NULL, NULL);
	const gchar *where;
	g_assert_cmpuint(redirect->status, ==, 302);
	where = header(redirect, "Location");
	g_assert_nonnull(strstr(where, "/v1/media/"));
	if (location != NULL)
		*location = g_strdup(where);
	return fetch(f, where, NULL, NULL);
}

static void
assert_problem(SoriTestReply *reply, SoriProblem problem)
{
	g_assert_cmpuint(reply->status, ==, sori_problem_get_status(problem));
	g_assert_cmpstr(header(reply, "Content-Type"), ==, "application/problem+json");
	g_assert_nonnull(
		strstr(g_bytes_get_data(reply->body, NULL), sori_problem_get_type_uri(problem)));
}

#define MOON_JAR "/v1/venues/dasol-museum/exhibits/moon-jar"

static void
test_audio(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *location = NULL;
	g_autoptr(SoriTestReply) mp3 = fetch_media(f, MOON_JAR "/audio?lang=en", &location);
	g_autoptr(SoriTestReply) again = NULL;
	g_autoptr(SoriTestReply) range = NULL;
	g_autoptr(SoriTestReply) tail = NULL;
	g_autoptr(SoriTestReply) cached = NULL;
	gsize size;
	const guint8 *data;

	g_assert_cmpuint(mp3->status, ==, 200);
	g_assert_cmpstr(header(mp3, "Content-Type"), ==, "audio/mpeg");
	g_assert_cmpstr(header(mp3, "Cache-Control"), ==, "public, max-age=31536000, immutable");
	g_assert_cmpstr(header(mp3, "Access-Control-Allow-Origin"), ==, "*");
	data = g_bytes_get_data(mp3->body, &size);
	/* an MPEG audio frame sync at the start */
	g_assert_cmpuint(size, >, 4000);
	g_assert_cmphex(data[0], ==, 0xff);
	g_assert_cmphex(data[1] & 0xe0, ==, 0xe0);

	/* Safari's first request: a Range, answered 206 */
	range = fetch(f, location, "bytes=0-1", NULL);
	g_assert_cmpuint(range->status, ==, 206);
	g_assert_cmpuint(g_bytes_get_size(range->body), ==, 2);
	{
		g_autofree gchar *expected = g_strdup_printf("bytes 0-1/%" G_GSIZE_FORMAT, size);
		g_assert_cmpstr(header(range, "Content-Range"), ==, expected);
	}
	tail = fetch(f, location, "bytes=100-", NULL);
	g_assert_cmpuint(tail->status, ==, 206);
	g_assert_cmpmem(g_bytes_get_data(tail->body, NULL), size - 100, data + 100, size - 100);
	/* and revalidation */
	again = fetch(f, location, NULL, header(mp3, "ETag"));
	g_assert_cmpuint(again->status, ==, 304);

	/* the second time, straight from the cache: the same media, no new render */
	{
		guint jobs = sori_speech_pool_get_n_jobs(f->pool);
		g_autofree gchar *location2 = NULL;
		cached = fetch_media(f, MOON_JAR "/audio?lang=en", &location2);
		g_assert_cmpstr(location2, ==, location);
		g_assert_cmpuint(sori_speech_pool_get_n_jobs(f->pool), ==, jobs);
	}

	/* other formats */
	{
		g_autoptr(SoriTestReply) opus
			= fetch_media(f, MOON_JAR "/audio?lang=en&format=opus", NULL);
		g_autoptr(SoriTestReply) wav
			= fetch_media(f, MOON_JAR "/audio?lang=en&format=wav", NULL);
		g_assert_cmpstr(header(opus, "Content-Type"), ==, "audio/ogg; codecs=opus");
		g_assert_cmpmem(g_bytes_get_data(opus->body, NULL), 4, "OggS", 4);
		g_assert_cmpstr(header(wav, "Content-Type"), ==, "audio/wav");
		g_assert_cmpmem(g_bytes_get_data(wav->body, NULL), 4, "RIFF", 4);
	}
}

static void
test_captions(Fixture *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) vtt
		= fetch_media(f, MOON_JAR "/captions?lang=ko&field=easy_read", NULL);
	g_autoptr(SoriTestReply) json
		= fetch_media(f, MOON_JAR "/captions?lang=ko&field=easy_read&format=json", NULL);
	const gchar *text;

	g_assert_cmpstr(header(vtt, "Content-Type"), ==, "text/vtt; charset=utf-8");
	g_assert_cmpstr(header(vtt, "Access-Control-Allow-Origin"), ==, "*");
	text = g_bytes_get_data(vtt->body, NULL);
	g_assert_true(g_str_has_prefix(text, "WEBVTT\n"));
	/* the source text's words, 보름달처럼 among them */
	g_assert_nonnull(strstr(text, "보름달처럼"));
	g_assert_cmpstr(header(json, "Content-Type"), ==, "application/json");
	g_assert_nonnull(strstr(g_bytes_get_data(json->body, NULL), "\"start_ms\""));
	/* the captions of a rendering come with it: one job for both */
	g_assert_cmpuint(sori_speech_pool_get_n_jobs(f->pool), ==, 1);
}

static void
test_bad_requests(Fixture *f, gconstpointer user_data)
{
	struct {
		const gchar *path;
		SoriProblem problem;
	} cases[] = {
		{ MOON_JAR "/audio?rate=500", SORI_PROBLEM_INVALID_PARAMETER },
		{ MOON_JAR "/audio?rate=79", SORI_PROBLEM_INVALID_PARAMETER },
		{ MOON_JAR "/audio?rate=fast", SORI_PROBLEM_INVALID_PARAMETER },
		{ MOON_JAR "/audio?pitch=100", SORI_PROBLEM_INVALID_PARAMETER },
		{ MOON_JAR "/audio?field=label", SORI_PROBLEM_INVALID_PARAMETER },
		{ MOON_JAR "/audio?format=flac", SORI_PROBLEM_INVALID_PARAMETER },
		{ MOON_JAR "/captions?format=srt", SORI_PROBLEM_INVALID_PARAMETER },
		{ MOON_JAR "/audio?volume=11", SORI_PROBLEM_INVALID_PARAMETER },
		{ MOON_JAR "/audio?lang=no_such", SORI_PROBLEM_INVALID_PARAMETER },
		{ "/v1/venues/dasol-museum/exhibits/ghost/audio", SORI_PROBLEM_UNKNOWN_EXHIBIT },
		{ "/v1/venues/nowhere/exhibits/moon-jar/audio", SORI_PROBLEM_UNKNOWN_VENUE },
		{ "/v1/media/0123456789abcdef0123456789abcdef.mp3", SORI_PROBLEM_UNKNOWN_ROUTE },
		{ "/v1/media/../../etc/passwd", SORI_PROBLEM_UNKNOWN_ROUTE },
		/* the one query parser: a parameter once, a bounded query */
		{ MOON_JAR "/audio?lang=en&lang=ko", SORI_PROBLEM_INVALID_PARAMETER },
		{ MOON_JAR "/captions?format=vtt&format=json", SORI_PROBLEM_INVALID_PARAMETER },
		{ MOON_JAR "/audio?lang=%ff", SORI_PROBLEM_INVALID_PARAMETER },
		{ MOON_JAR "/audio?a&b&c&d&e&f&g&h&i", SORI_PROBLEM_INVALID_PARAMETER },
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(SoriTestReply) reply = fetch(f, cases[i].path, NULL, NULL);
		g_test_message("%s", cases[i].path);
		assert_problem(reply, cases[i].problem);
	}
	/* nothing was rendered for any of them */
	g_assert_cmpuint(sori_speech_pool_get_n_jobs(f->pool), ==, 0);
}

/* the one responder for stored bytes, the same through both front ends */
static void
test_media_conditions(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *location = NULL;
	g_autoptr(SoriTestReply) mp3 = fetch_media(f, MOON_JAR "/audio?lang=en", &location);
	g_autoptr(SoriTestReply) any = fetch(f, location, NULL, "*");
	g_autoptr(SoriTestReply) listed = NULL;
	g_autoptr(SoriTestReply) other = fetch(f, location, NULL, "\"not-this-one\"");
	g_autoptr(SoriTestReply) beyond = NULL;
	g_autoptr(SoriTestReply) two = fetch(f, location, "bytes=0-1,4-5", NULL);
	g_autoptr(SoriTestReply) malformed = fetch(f, location, "bytes=five-six", NULL);
	g_autoptr(SoriTestReply) suffix = fetch(f, location, "bytes=-10", NULL);
	g_autofree gchar *list = g_strdup_printf("\"x\", W/%s", header(mp3, "ETag"));
	g_autofree gchar *past_end = NULL;
	g_autofree gchar *unsatisfied = NULL;
	gsize size = g_bytes_get_size(mp3->body);

	g_assert_cmpuint(mp3->status, ==, 200);
	g_assert_cmpstr(header(mp3, "Accept-Ranges"), ==, "bytes");
	/* If-None-Match: *, and a list with the tag (weakly) in it: the phone has it */
	g_assert_cmpuint(any->status, ==, 304);
	g_assert_cmpstr(header(any, "ETag"), ==, header(mp3, "ETag"));
	listed = fetch(f, location, NULL, list);
	g_assert_cmpuint(listed->status, ==, 304);
	g_assert_cmpuint(other->status, ==, 200);
	/* a range past the end: 416, saying how long the file is */
	past_end = g_strdup_printf("bytes=%" G_GSIZE_FORMAT "-", size);
	beyond = fetch(f, location, past_end, NULL);
	g_assert_cmpuint(beyond->status, ==, 416);
	unsatisfied = g_strdup_printf("bytes */%" G_GSIZE_FORMAT, size);
	g_assert_cmpstr(header(beyond, "Content-Range"), ==, unsatisfied);
	g_assert_cmpstr(header(beyond, "Content-Type"), ==, "application/problem+json");
	/* a first byte too large for 64 bits is past the end too, never byte 0;
	 * a last byte or a suffix that large is the end of the file */
	{
		const gchar *past[]
			= { "bytes=99999999999999999999-", "bytes=18446744073709551615-",
			    "bytes=9223372036854775808-" };
		g_autofree gchar *whole = g_strdup_printf(
			"bytes 0-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT, size - 1, size);
		g_autoptr(SoriTestReply) to_end
			= fetch(f, location, "bytes=0-99999999999999999999", NULL);
		g_autoptr(SoriTestReply) long_suffix
			= fetch(f, location, "bytes=-99999999999999999999", NULL);

		for (guint i = 0; i < G_N_ELEMENTS(past); i++) {
			g_autoptr(SoriTestReply) reply = fetch(f, location, past[i], NULL);
			g_test_message("Range: %s", past[i]);
			g_assert_cmpuint(reply->status, ==, 416);
			g_assert_cmpstr(header(reply, "Content-Range"), ==, unsatisfied);
		}
		g_assert_cmpuint(to_end->status, ==, 206);
		g_assert_cmpstr(header(to_end, "Content-Range"), ==, whole);
		g_assert_true(g_bytes_equal(to_end->body, mp3->body));
		g_assert_cmpuint(long_suffix->status, ==, 206);
		g_assert_cmpstr(header(long_suffix, "Content-Range"), ==, whole);
	}
	/* several ranges, or one that does not parse: the whole file */
	g_assert_cmpuint(two->status, ==, 200);
	g_assert_true(g_bytes_equal(two->body, mp3->body));
	g_assert_cmpuint(malformed->status, ==, 200);
	g_assert_true(g_bytes_equal(malformed->body, mp3->body));
	/* the last ten bytes */
	g_assert_cmpuint(suffix->status, ==, 206);
	g_assert_cmpmem(g_bytes_get_data(suffix->body, NULL), 10,
			(const guint8 *) g_bytes_get_data(mp3->body, NULL) + size - 10, 10);
}

/* If-Range: the range is of this very file, or the whole file comes */
static void
test_media_if_range(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *location = NULL;
	g_autoptr(SoriTestReply) mp3 = fetch_media(f, MOON_JAR "/audio?lang=en", &location);
	g_autofree gchar *url = g_strconcat(f->base, location, NULL);
	g_autoptr(SoupMessage) same = soup_message_new("GET", url);
	g_autoptr(SoupMessage) changed = soup_message_new("GET", url);
	g_autoptr(SoriTestReply) partial = NULL;
	g_autoptr(SoriTestReply) whole = NULL;

	soup_message_headers_replace(soup_message_get_request_headers(same), "Range", "bytes=0-1");
	soup_message_headers_replace(soup_message_get_request_headers(same), "If-Range",
				     header(mp3, "ETag"));
	soup_message_headers_replace(soup_message_get_request_headers(changed), "Range",
				     "bytes=0-1");
	soup_message_headers_replace(soup_message_get_request_headers(changed), "If-Range",
				     "\"an-older-file\"");
	partial = sori_test_send(f->session, same);
	whole = sori_test_send(f->session, changed);
	g_assert_cmpuint(partial->status, ==, 206);
	g_assert_cmpuint(g_bytes_get_size(partial->body), ==, 2);
	g_assert_cmpuint(whole->status, ==, 200);
	g_assert_true(g_bytes_equal(whole->body, mp3->body));
}

static void
test_concurrent_render_once(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GMainLoop) loop = g_main_loop_new(NULL, FALSE);
	SoupMessage *msgs[6];
	FetchState states[6];
	guint pending = G_N_ELEMENTS(msgs);

	for (guint i = 0; i < G_N_ELEMENTS(msgs); i++) {
		msgs[i] = new_message(f,
				      i % 2 ? MOON_JAR "/captions?lang=en&field=audio_description"
					    : MOON_JAR "/audio?lang=en&field=audio_description",
				      NULL, NULL);
		states[i] = (FetchState){ loop, NULL, NULL, &pending };
		soup_session_send_and_read_async(f->session, msgs[i], G_PRIORITY_DEFAULT, NULL,
						 sori_test_fetch_done_cb, &states[i]);
	}
	g_main_loop_run(loop);
	for (guint i = 0; i < G_N_ELEMENTS(msgs); i++) {
		g_assert_no_error(states[i].error);
		g_assert_cmpuint(soup_message_get_status(msgs[i]), ==, 302);
		g_bytes_unref(states[i].body);
		g_object_unref(msgs[i]);
	}
	/* six visitors, one rendering */
	g_assert_cmpuint(sori_speech_pool_get_n_jobs(f->pool), ==, 1);
}

static void
test_crashing_worker(Fixture *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) failed = NULL;
	g_autoptr(SoriTestReply) next = NULL;

	/* the workers are told to die on this text: both tries fail, and sorid answers 503 */
	stop_server(f);
	g_setenv("SORI_SPEECH_WORKER_CRASH_ON",
		 "A big white jar. It is round like a full moon, so people call it a moon jar. It "
		 "was made about 300 years ago.",
		 TRUE);
	start_server(f);
	g_unsetenv("SORI_SPEECH_WORKER_CRASH_ON");
	failed = fetch(f, MOON_JAR "/audio?lang=en&field=easy_read", NULL, NULL);
	assert_problem(failed, SORI_PROBLEM_SPEECH_UNAVAILABLE);
	g_assert_cmpuint(sori_speech_pool_get_n_restarts(f->pool), ==, 2);
	/* the replaced workers serve the next request */
	next = fetch_media(f, MOON_JAR "/audio?lang=en&field=title", NULL);
	g_assert_cmpuint(next->status, ==, 200);
}

static void
test_damaged_cache(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *location = NULL;
	g_autoptr(SoriTestReply) first = fetch_media(f, MOON_JAR "/audio?lang=ko", &location);
	g_autofree gchar *name = g_path_get_basename(location);
	g_autofree gchar *path = sori_media_cache_get_path(f->cache, name);
	g_autofree gchar *content = NULL;
	g_autoptr(SoriTestReply) second = NULL;
	gsize len = 0;

	g_assert_cmpuint(first->status, ==, 200);
	/* a crash mid-write on a lying disk: the file is cut short; sorid restarts */
	g_assert_true(g_file_get_contents(path, &content, &len, NULL));
	g_assert_true(g_file_set_contents(path, content, len / 2, NULL));
	stop_server(f);
	start_server(f);
	second = fetch_media(f, MOON_JAR "/audio?lang=ko", NULL);
	g_assert_cmpuint(second->status, ==, 200);
	/* rendered again, whole: the same bytes as before */
	g_assert_true(g_bytes_equal(second->body, first->body));
	g_assert_cmpuint(sori_speech_pool_get_n_jobs(f->pool), ==, 1);
}

static void
test_exhibit_links(Fixture *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) exhibit = fetch(f, MOON_JAR "?lang=en", NULL, NULL);
	const gchar *json = g_bytes_get_data(exhibit->body, NULL);
	g_assert_cmpuint(exhibit->status, ==, 200);
	g_assert_nonnull(strstr(json, "\"audio\":\"/v1/venues/dasol-museum/exhibits/moon-jar/audio?"
				      "lang=en&field=audio_description\""));
	g_assert_nonnull(strstr(json, "/captions?lang=en&field=easy_read"));
}

#define ROUTE                                                                                      \
	"/v1/venues/dasol-museum/route?from=clay-and-fire&to=wood-and-metal&profile=wheelchair"

/* every step of a route is heard and read as it is written */
static void
test_route_steps(Fixture *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) route = fetch(f, ROUTE "&lang=en", NULL, NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriTestReply) mp3 = NULL;
	g_autoptr(SoriTestReply) vtt = NULL;
	g_autoptr(SoriTestReply) ko = NULL;
	JsonObject *step;
	const gchar *text;
	const gchar *captions;

	g_assert_cmpuint(route->status, ==, 200);
	g_assert_true(json_parser_load_from_data(parser, g_bytes_get_data(route->body, NULL),
						 g_bytes_get_size(route->body), &error));
	g_assert_no_error(error);
	step = json_array_get_object_element(
		json_object_get_array_member(json_node_get_object(json_parser_get_root(parser)),
					     "steps"),
		2);
	text = json_object_get_string_member(json_object_get_object_member(step, "instruction"),
					     "text");
	g_assert_cmpstr(text, ==,
			"At the long wooden counter, turn left and move 15 metres to Lift, ground "
			"floor. Follow the tactile paving.");
	mp3 = fetch_media(f, json_object_get_string_member(step, "audio"), NULL);
	g_assert_cmpuint(mp3->status, ==, 200);
	g_assert_cmpstr(header(mp3, "Content-Type"), ==, "audio/mpeg");
	g_assert_cmpuint(g_bytes_get_size(mp3->body), >, 2000);
	vtt = fetch_media(f, json_object_get_string_member(step, "captions"), NULL);
	captions = g_bytes_get_data(vtt->body, NULL);
	g_assert_true(g_str_has_prefix(captions, "WEBVTT"));
	g_assert_nonnull(strstr(captions, "counter"));
	g_assert_nonnull(strstr(captions, "tactile"));
	/* one render for the audio and its captions */
	g_assert_cmpuint(sori_speech_pool_get_n_jobs(f->pool), ==, 1);
	/* in Korean, spoken with the Korean voice */
	ko = fetch_media(f,
			 "/v1/venues/dasol-museum/route/captions?from=clay-and-fire&to=wood-and-"
			 "metal&profile=wheelchair&lang=ko&step=5&format=json",
			 NULL);
	g_assert_cmpuint(ko->status, ==, 200);
	g_assert_nonnull(strstr(g_bytes_get_data(ko->body, NULL), "도착했습니다"));
}

static void
test_route_bad_requests(Fixture *f, gconstpointer user_data)
{
	const gchar *cases[] = {
		ROUTE "&lang=en",
		ROUTE "&step=99",
		ROUTE "&step=-1",
		ROUTE "&step=two",
		ROUTE "&step=1&step=2",
		ROUTE "&step=1&rate=900",
		ROUTE "&step=1&field=title",
	};
	g_autoptr(SoriTestReply) unknown = fetch(
		f, "/v1/venues/dasol-museum/route/audio?from=main&to=attic&step=0", NULL, NULL);
	g_autoptr(SoriTestReply) no_route = fetch(f,
						  "/v1/venues/dasol-museum/route/captions?from="
						  "garden&to=threads&profile=wheelchair&step=0",
						  NULL, NULL);
	g_autoptr(SoriTestReply) no_map
		= fetch(f, "/v1/venues/haneul-wetland/route/audio?from=a&to=b&step=0", NULL, NULL);

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		/* the audio route of the same query */
		g_auto(GStrv) parts = g_strsplit(cases[i], "/route?", 2);
		g_autofree gchar *audio = g_strjoinv("/route/audio?", parts);
		g_autoptr(SoriTestReply) reply = fetch(f, audio, NULL, NULL);
		g_test_message("%s", audio);
		assert_problem(reply, SORI_PROBLEM_INVALID_PARAMETER);
	}
	assert_problem(unknown, SORI_PROBLEM_UNKNOWN_PLACE);
	assert_problem(no_route, SORI_PROBLEM_NO_ROUTE);
	assert_problem(no_map, SORI_PROBLEM_NO_MAP);
	g_assert_cmpuint(sori_speech_pool_get_n_jobs(f->pool), ==, 0);
}

typedef struct {
	GHashTable *distinct; /* "lang\x1ftext" */
	const gchar *probe_text;
	const gchar *probe_lang;
} SpokenTexts;

static void
count_text(SoriExhibit *exhibit, const gchar *field, const gchar *lang, const gchar *text,
	   gpointer user_data)
{
	SpokenTexts *texts = user_data;
	g_hash_table_add(texts->distinct, g_strconcat(lang, "\x1f", text, NULL));
	if (g_str_equal(field, "audio_description") && g_str_equal(lang, "en")) {
		texts->probe_text = text;
		texts->probe_lang = lang;
	}
}

static void
joined_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	SoriRendering **out = user_data;
	gboolean kept = FALSE;
	g_autoptr(GError) error = NULL;
	*out = sori_speech_renderer_render_finish(SORI_SPEECH_RENDERER(source), result, &kept,
						  &error);
	g_assert_no_error(error);
	g_assert_true(kept);
}

/* a publish's pre-rendering and a visitor asking for one of its texts
 * meanwhile: one rendering of each text, whoever asked first */
static void
test_prerender_joined(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *path = g_build_filename(g_getenv("SORI_TEST_DATA"), "minimal.json", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriCatalogue) catalogue = sori_catalogue_new_from_file(path, NULL, &error);
	g_autoptr(SoriSpeechRenderer) renderer = sori_speech_renderer_new(f->pool, f->cache);
	g_autoptr(GHashTable) distinct
		= g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	SpokenTexts texts = { distinct, NULL, NULL };
	SoriSpeechJob job = { 0 };
	g_autoptr(SoriRendering) rendering = NULL;
	guint queued;

	g_assert_no_error(error);
	sori_speech_renderer_foreach_text(catalogue, count_text, &texts);
	g_assert_nonnull(texts.probe_text);
	queued = sori_speech_renderer_prerender(renderer, catalogue);
	/* a text said twice (the minimal jar's description is its easy read) once */
	g_assert_cmpuint(queued, ==, g_hash_table_size(distinct));
	g_assert_cmpuint(sori_speech_renderer_get_n_pending(renderer), ==, queued);
	job.text = (gchar *) texts.probe_text;
	job.lang = (gchar *) texts.probe_lang;
	job.rate = SORI_SPEECH_RATE_DEFAULT;
	job.pitch = SORI_SPEECH_PITCH_DEFAULT;
	job.format = SORI_AUDIO_FORMAT_MP3;
	sori_speech_renderer_render_async(renderer, &job, SORI_SPEECH_RENDER_FLAG_NONE, NULL,
					  joined_cb, &rendering);
	g_assert_cmpuint(sori_speech_renderer_get_n_pending(renderer), ==, queued);
	while (sori_speech_renderer_get_n_pending(renderer) > 0 || rendering == NULL)
		g_main_context_iteration(NULL, TRUE);
	g_assert_cmpuint(g_bytes_get_size(rendering->audio), >, 0);
	g_assert_cmpuint(sori_speech_pool_get_n_jobs(f->pool), ==, queued);
	/* and all of it kept: a second publish queues nothing */
	g_assert_cmpuint(sori_speech_renderer_prerender(renderer, catalogue), ==, 0);
}

/* the last text a pre-rendering queues */
static void
last_text(SoriExhibit *exhibit, const gchar *field, const gchar *lang, const gchar *text,
	  gpointer user_data)
{
	SpokenTexts *texts = user_data;
	g_hash_table_add(texts->distinct, g_strconcat(lang, "\x1f", text, NULL));
	texts->probe_text = text;
	texts->probe_lang = lang;
}

typedef struct {
	SoriRendering *rendering;
	guint pending; /* renderings still pending when this one was done */
} Waited;

static void
waited_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	Waited *waited = user_data;
	g_autoptr(GError) error = NULL;
	waited->rendering = sori_speech_renderer_render_finish(SORI_SPEECH_RENDERER(source), result,
							       NULL, &error);
	g_assert_no_error(error);
	waited->pending = sori_speech_renderer_get_n_pending(SORI_SPEECH_RENDERER(source));
}

/* a publish's pre-rendering waits behind visitors: a visitor's own text, and
 * one of the publish's texts a visitor asks for before its turn, are
 * rendered next, not after the hundreds a city's publish queues */
static void
test_prerender_behind_visitors(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *path
		= g_build_filename(g_getenv("SORI_SAMPLE_DIR"), "dasol-museum.json", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriCatalogue) catalogue = sori_catalogue_new_from_file(path, NULL, &error);
	g_autoptr(SoriSpeechRenderer) renderer = sori_speech_renderer_new(f->pool, f->cache);
	g_autoptr(GHashTable) distinct
		= g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	SpokenTexts texts = { distinct, NULL, NULL };
	SoriSpeechJob own
		= { (gchar *) "Where is the lift, please?", (gchar *) "en",
		    SORI_SPEECH_RATE_DEFAULT, SORI_SPEECH_PITCH_DEFAULT, SORI_AUDIO_FORMAT_MP3 };
	SoriSpeechJob queued_last = own;
	Waited visitor = { 0 };
	Waited joined = { 0 };
	guint queued;

	g_assert_no_error(error);
	sori_speech_renderer_foreach_text(catalogue, last_text, &texts);
	queued = sori_speech_renderer_prerender(renderer, catalogue);
	g_assert_cmpuint(queued, ==, g_hash_table_size(distinct));
	g_assert_cmpuint(queued, >=, 12);
	sori_speech_renderer_render_async(renderer, &own, SORI_SPEECH_RENDER_FLAG_NONE, NULL,
					  waited_cb, &visitor);
	queued_last.text = (gchar *) texts.probe_text;
	queued_last.lang = (gchar *) texts.probe_lang;
	sori_speech_renderer_render_async(renderer, &queued_last, SORI_SPEECH_RENDER_FLAG_NONE,
					  NULL, waited_cb, &joined);
	while (visitor.rendering == NULL || joined.rendering == NULL)
		g_main_context_iteration(NULL, TRUE);
	g_test_message("%u queued by the publish; %u and %u still pending when the visitors' "
		       "were done",
		       queued, visitor.pending, joined.pending);
	/* two workers: a few of the publish's went first, the ones they had started */
	g_assert_cmpuint(visitor.pending, >=, queued - 6);
	g_assert_cmpuint(joined.pending, >=, queued - 6);
	g_assert_cmpuint(g_bytes_get_size(visitor.rendering->audio), >, 0);
	g_assert_cmpuint(g_bytes_get_size(joined.rendering->audio), >, 0);
	sori_rendering_unref(visitor.rendering);
	sori_rendering_unref(joined.rendering);
}

static void
add(const gchar *name, void (*func)(Fixture *, gconstpointer))
{
	g_autofree gchar *fast = g_strdup_printf("/speech-http/fast-path/%s", name);
	g_autofree gchar *soup = g_strdup_printf("/speech-http/libsoup/%s", name);
	g_test_add(fast, Fixture, GINT_TO_POINTER(TRUE), fixture_setup, func, fixture_teardown);
	g_test_add(soup, Fixture, GINT_TO_POINTER(FALSE), fixture_setup, func, fixture_teardown);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	add("audio", test_audio);
	add("captions", test_captions);
	add("bad-requests", test_bad_requests);
	add("media-conditions", test_media_conditions);
	add("media-if-range", test_media_if_range);
	add("concurrent-render-once", test_concurrent_render_once);
	add("crashing-worker", test_crashing_worker);
	add("damaged-cache", test_damaged_cache);
	add("exhibit-links", test_exhibit_links);
	add("route-steps", test_route_steps);
	add("route-bad-requests", test_route_bad_requests);
	g_test_add("/speech-http/renderer/prerender-joined", Fixture, GINT_TO_POINTER(FALSE),
		   fixture_setup, test_prerender_joined, fixture_teardown);
	g_test_add("/speech-http/renderer/prerender-behind-visitors", Fixture,
		   GINT_TO_POINTER(FALSE), fixture_setup, test_prerender_behind_visitors,
		   fixture_teardown);
	return g_test_run();
}
