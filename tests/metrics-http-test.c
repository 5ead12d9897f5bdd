/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sorid's metrics as a monitor reads them: sorid started with
 * metrics-address on a free port, requests of every kind sent to the
 * visitors' port, the counters seen to move by what was sent, the text
 * checked by Prometheus's own parser, and the number of series unmoved by a
 * thousand requests for random paths from random user agents.
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "sori-test-http.h"
#include "sori-test-util.h"

typedef struct {
	gchar *dir;
	GSubprocess *sorid;
	guint16 port;
	guint16 metrics_port;
	gchar *token;
	SoupSession *session;
} Fixture;

static gchar *
run(const gchar *const *argv)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autoptr(GSubprocess) process = g_subprocess_newv(
		argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_communicate_utf8(process, NULL, NULL, &out, &err, &error));
	g_assert_no_error(error);
	if (!g_subprocess_get_successful(process))
		g_error("%s failed: %s%s", argv[0], out, err);
	return g_steal_pointer(&out);
}

static void
fixture_setup(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *venues = NULL;
	g_autofree gchar *conf = NULL;
	g_autofree gchar *text = NULL;
	g_autofree gchar *out = NULL;
	g_auto(GStrv) lines = NULL;
	const gchar *args[] = { "--config", NULL, "--port", "0", NULL };

	f->dir = g_dir_make_tmp("metrics-http-test-XXXXXX", &error);
	g_assert_no_error(error);
	venues = g_build_filename(f->dir, "venues", NULL);
	{
		const gchar *cp[] = { "cp", "-r", g_getenv("SORI_SAMPLE_DIR"), venues, NULL };
		g_autofree gchar *invalid = g_build_filename(g_getenv("SORI_TEST_DATA"), "invalid",
							     "beacon-duplicate.json", NULL);
		g_autofree gchar *broken = g_build_filename(venues, "broken.json", NULL);
		g_free(run(cp));
		/* a venue that fails to load, beside the two that do */
		sori_test_copy_file(invalid, broken);
	}
	{
		const gchar *token[] = {
			g_getenv("SORICTL"), "token",        "add",    "--data-dir",      venues,
			"--venue",           "dasol-museum", "--name", "metrics-curator", NULL
		};
		out = run(token);
		lines = g_strsplit(g_strstrip(out), "\n", -1);
		f->token = g_strdup(lines[g_strv_length(lines) - 1]);
		g_assert_true(g_str_has_prefix(f->token, "sori_"));
	}
	f->metrics_port = sori_test_free_port();
	conf = g_build_filename(f->dir, "sorid.conf", NULL);
	text = g_strdup_printf("[sorid]\n"
			       "data-dir=venues\n"
			       "cache-dir=cache\n"
			       "speech-worker=%s\n"
			       "speech-workers=1\n"
			       "address=127.0.0.1\n"
			       "metrics-address=%u\n"
			       "%s",
			       g_getenv("SORI_SPEECH_WORKER"), f->metrics_port,
			       user_data != NULL ? (const gchar *) user_data : "");
	g_assert_true(g_file_set_contents(conf, text, -1, &error));
	args[1] = conf;
	f->sorid = sori_test_start_sorid(NULL, args, &f->port);
	f->session = soup_session_new_with_options("timeout", 60, NULL);
}

static void
fixture_teardown(Fixture *f, gconstpointer user_data)
{
	g_subprocess_send_signal(f->sorid, SIGTERM);
	g_subprocess_wait(f->sorid, NULL, NULL);
	g_object_unref(f->sorid);
	g_object_unref(f->session);
	sori_test_remove_tree(f->dir);
	g_free(f->dir);
	g_free(f->token);
}

static SoriTestReply *
request(Fixture *f, const gchar *method, guint16 port, const gchar *path,
	const gchar *const *headers, const gchar *body)
{
	g_autofree gchar *url = g_strdup_printf("http://127.0.0.1:%u%s", port, path);
	g_autoptr(SoupMessage) msg = soup_message_new(method, url);
	SoupMessageHeaders *request_headers = soup_message_get_request_headers(msg);

	soup_message_add_flags(msg, SOUP_MESSAGE_NO_REDIRECT);
	for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
		soup_message_headers_replace(request_headers, headers[i], headers[i + 1]);
	if (body != NULL) {
		g_autoptr(GBytes) bytes = g_bytes_new(body, strlen(body));
		soup_message_set_request_body_from_bytes(msg, "application/json", bytes);
	}
	return sori_test_send(f->session, msg);
}

static guint
status_of(Fixture *f, const gchar *method, guint16 port, const gchar *path,
	  const gchar *const *headers, const gchar *body)
{
	g_autoptr(SoriTestReply) reply = request(f, method, port, path, headers, body);
	return reply->status;
}

static gchar *
reply_text(SoriTestReply *reply)
{
	gsize len = 0;
	const gchar *data = reply->body != NULL ? g_bytes_get_data(reply->body, &len) : "";
	return g_strndup(data, len);
}

/* the metrics, as text */
static gchar *
scrape_text(Fixture *f)
{
	g_autoptr(SoriTestReply) reply = request(f, "GET", f->metrics_port, "/metrics", NULL, NULL);
	g_assert_cmpuint(reply->status, ==, 200);
	g_assert_cmpstr(soup_message_headers_get_one(reply->headers, "Content-Type"), ==,
			"text/plain; version=0.0.4; charset=utf-8");
	return reply_text(reply);
}

/* the metrics: each series ("name{labels}") to its value */
static GHashTable *
scrape(Fixture *f)
{
	g_autofree gchar *text = scrape_text(f);
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
	GHashTable *series = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

	for (guint i = 0; lines[i] != NULL; i++) {
		gchar *space;
		gdouble value;
		if (lines[i][0] == '#' || lines[i][0] == '\0')
			continue;
		space = strrchr(lines[i], ' ');
		g_assert_nonnull(space);
		value = g_ascii_strtod(space + 1, NULL);
		g_assert_false(g_hash_table_contains(series, lines[i]));
		g_hash_table_insert(series, g_strndup(lines[i], space - lines[i]),
				    g_memdup2(&value, sizeof(value)));
	}
	return series;
}

static gdouble
value_of(GHashTable *series, const gchar *name)
{
	const gdouble *value = g_hash_table_lookup(series, name);
	if (value == NULL)
		g_error("no series %s", name);
	return *value;
}

#define assert_moved(before, after, name, by)                                                      \
	g_assert_cmpfloat_with_epsilon(value_of(after, name) - value_of(before, name), by, 1e-9)

/* the head of a request with a body too large for its route, sent alone: 413 */
static guint
send_head_only(guint16 port, const gchar *head)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GSocketClient) client = g_socket_client_new();
	g_autoptr(GSocketConnection) connection
		= g_socket_client_connect_to_host(client, "127.0.0.1", port, NULL, &error);
	g_autoptr(GDataInputStream) in = NULL;
	g_autofree gchar *line = NULL;

	g_assert_no_error(error);
	g_assert_true(
		g_output_stream_write_all(g_io_stream_get_output_stream(G_IO_STREAM(connection)),
					  head, strlen(head), NULL, NULL, &error));
	in = g_data_input_stream_new(g_io_stream_get_input_stream(G_IO_STREAM(connection)));
	line = g_data_input_stream_read_line_utf8(in, NULL, NULL, &error);
	g_assert_no_error(error);
	g_assert_nonnull(line);
	g_assert_true(g_str_has_prefix(line, "HTTP/1.1 "));
	return (guint) g_ascii_strtoull(line + 9, NULL, 10);
}

#define MUSEUM   "/v1/venues/dasol-museum"
#define REQUESTS "sori_http_requests_total"

static void
test_counters_move(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GHashTable) before = scrape(f);
	g_autoptr(GHashTable) middle = NULL;
	g_autoptr(GHashTable) after = NULL;
	g_autoptr(GTimeZone) seoul = g_time_zone_new_identifier("Asia/Seoul");
	g_autoptr(GDateTime) now = g_date_time_new_now(seoul);
	g_autofree gchar *day = g_date_time_format(now, "%F");
	g_autofree gchar *batch = g_strdup_printf(
		"{\"day\": \"%s\", \"events\": [{\"exhibit\": \"moon-jar\", \"feature\": "
		"\"opened\"}, {\"exhibit\": \"moon-jar\", \"feature\": "
		"\"version:audio-description\"}]}",
		day);
	g_autofree gchar *auth = g_strdup_printf("Bearer %s", f->token);
	const gchar *admin_headers[] = { "Authorization", auth, NULL };
	const gchar *range[] = { "Range", "bytes=0-99", NULL };
	g_autofree gchar *catalogue = NULL;
	g_autofree gchar *sample = g_build_filename(f->dir, "venues", "dasol-museum.json", NULL);
	g_autofree gchar *media = NULL;
	g_autofree gchar *head = NULL;
	g_autoptr(GError) error = NULL;

	/* a 200 on the fast path, a HEAD through libsoup, a 404 */
	g_assert_cmpuint(status_of(f, "GET", f->port, "/healthz", NULL, NULL), ==, 200);
	g_assert_cmpuint(status_of(f, "HEAD", f->port, "/healthz", NULL, NULL), ==, 200);
	g_assert_cmpuint(status_of(f, "GET", f->port, "/no/such/thing", NULL, NULL), ==, 404);
	/* a body refused from its head, never read */
	head = g_strdup_printf(
		"POST " MUSEUM "/usage HTTP/1.1\r\nHost: x\r\n"
		"Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n");
	g_assert_cmpuint(send_head_only(f->port, head), ==, 413);
	/* a usage batch counted, one refused */
	g_assert_cmpuint(status_of(f, "POST", f->port, MUSEUM "/usage", NULL, batch), ==, 204);
	g_assert_cmpuint(status_of(f, "POST", f->port, MUSEUM "/usage", NULL, "{\"day\":"), ==,
			 400);
	/* speech: rendered once, then found in the cache */
	{
		g_autoptr(SoriTestReply) first
			= request(f, "GET", f->port, MUSEUM "/exhibits/moon-jar/audio", NULL, NULL);
		g_autoptr(SoriTestReply) second
			= request(f, "GET", f->port, MUSEUM "/exhibits/moon-jar/audio", NULL, NULL);
		const gchar *location;
		g_assert_cmpuint(first->status / 100, ==, 3);
		g_assert_cmpuint(second->status / 100, ==, 3);
		location = soup_message_headers_get_one(second->headers, "Location");
		g_assert_true(g_str_has_prefix(location, "/v1/media/"));
		media = g_strdup(location);
	}
	/* a Range of the rendering: 100 bytes */
	{
		g_autoptr(SoriTestReply) part = request(f, "GET", f->port, media, range, NULL);
		g_assert_cmpuint(part->status, ==, 206);
		g_assert_cmpuint(g_bytes_get_size(part->body), ==, 100);
	}
	middle = scrape(f);
	/* a publish: the sample catalogue again, by its curator */
	g_assert_true(g_file_get_contents(sample, &catalogue, NULL, &error));
	g_assert_cmpuint(status_of(f, "PUT", f->port, "/v1/admin/venues/dasol-museum/catalogue",
				   admin_headers, catalogue),
			 ==, 200);

	after = scrape(f);
	assert_moved(before, middle, REQUESTS "{route=\"/healthz\",status_class=\"2xx\"}", 2);
	assert_moved(before, middle, REQUESTS "{route=\"unmatched\",status_class=\"4xx\"}", 1);
	assert_moved(before, middle, "sori_http_request_duration_seconds_count{route=\"/healthz\"}",
		     2);
	assert_moved(before, middle, "sori_http_bodies_refused_total{reason=\"too_large\"}", 1);
	assert_moved(before, middle,
		     REQUESTS "{route=\"/v1/venues/{venue}/usage\",status_class=\"4xx\"}", 2);
	assert_moved(before, middle,
		     REQUESTS "{route=\"/v1/venues/{venue}/usage\",status_class=\"2xx\"}", 1);
	assert_moved(before, middle, "sori_usage_batches_total{result=\"accepted\"}", 1);
	assert_moved(before, middle, "sori_usage_batches_total{result=\"refused\"}", 1);
	assert_moved(before, middle, "sori_usage_events_total", 2);
	assert_moved(before, middle, "sori_speech_renders_total{result=\"ok\"}", 1);
	assert_moved(before, middle, "sori_speech_cache_lookups_total{result=\"miss\"}", 1);
	assert_moved(before, middle, "sori_speech_cache_lookups_total{result=\"hit\"}", 1);
	assert_moved(before, middle,
		     REQUESTS "{route=\"/v1/venues/{venue}/exhibits/{exhibit}/audio\","
			      "status_class=\"3xx\"}",
		     2);
	assert_moved(before, middle, "sori_http_media_sent_bytes_total{part=\"range\"}", 100);
	assert_moved(before, middle, "sori_http_media_sent_bytes_total{part=\"whole\"}", 0);
	assert_moved(before, middle, REQUESTS "{route=\"/v1/media/{name}\",status_class=\"2xx\"}",
		     1);
	assert_moved(before, after, "sori_admin_publishes_total{result=\"live\"}", 1);
	assert_moved(before, after, "sori_admin_publishes_total{result=\"failed\"}", 0);
	assert_moved(before, after,
		     REQUESTS "{route=\"/v1/admin/venues/{venue}/catalogue\",status_class=\"2xx\"}",
		     1);
	/* the gauges read at the scrape */
	g_assert_cmpfloat(value_of(after, "sori_venues{state=\"loaded\"}"), ==, 2);
	g_assert_cmpfloat(value_of(after, "sori_venues{state=\"failed\"}"), ==, 1);
	g_assert_cmpfloat(value_of(after, "sori_venues{state=\"loading\"}"), ==, 0);
	g_assert_cmpfloat(value_of(after, "sori_database_state{state=\"none\"}"), ==, 1);
	/* nothing waits for the one worker before the publish; after it, the
	 * venue's every text is queued to be rendered, behind visitors */
	g_assert_cmpfloat(value_of(middle, "sori_speech_queue_depth{lane=\"usual\"}"), ==, 0);
	g_assert_cmpfloat(value_of(middle, "sori_speech_queue_depth{lane=\"background\"}"), ==, 0);
	g_assert_cmpfloat(value_of(after, "sori_speech_queue_depth{lane=\"background\"}"), >, 0);
	g_assert_cmpfloat(value_of(after, "sori_speech_queue_depth{lane=\"usual\"}"), ==, 0);
	g_assert_cmpfloat(value_of(after, "process_resident_memory_bytes"), >, 1000000);
	g_assert_cmpfloat(value_of(after, "process_open_fds"), >, 3);
	/* every latency in a bucket no larger than +Inf, which is the count */
	g_assert_cmpfloat(value_of(after, "sori_http_request_duration_seconds_bucket{route="
					  "\"/healthz\",le=\"+Inf\"}"),
			  ==,
			  value_of(after, "sori_http_request_duration_seconds_count{route="
					  "\"/healthz\"}"));
}

/* the text through Prometheus's own parser: promtool (Debian's prometheus),
 * else python3-prometheus-client's; the test fails without either */
static void
test_prometheus_parses(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *text = NULL;
	g_autofree gchar *promtool = g_find_program_in_path("promtool");
	g_autoptr(GError) error = NULL;
	g_autoptr(GSubprocess) check = NULL;
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;

	/* something in every family first */
	g_assert_cmpuint(status_of(f, "GET", f->port, "/healthz", NULL, NULL), ==, 200);
	text = scrape_text(f);
	if (promtool != NULL) {
		const gchar *argv[] = { promtool, "check", "metrics", NULL };
		check = g_subprocess_newv(argv,
					  G_SUBPROCESS_FLAGS_STDIN_PIPE
						  | G_SUBPROCESS_FLAGS_STDOUT_PIPE
						  | G_SUBPROCESS_FLAGS_STDERR_PIPE,
					  &error);
	} else {
		const gchar *argv[]
			= { "python3", "-c",
			    "import sys\n"
			    "from prometheus_client.parser import text_string_to_metric_families\n"
			    "n = sum(1 for f in text_string_to_metric_families(sys.stdin.read()))\n"
			    "print(n, 'families')\n",
			    NULL };
		check = g_subprocess_newv(argv,
					  G_SUBPROCESS_FLAGS_STDIN_PIPE
						  | G_SUBPROCESS_FLAGS_STDOUT_PIPE
						  | G_SUBPROCESS_FLAGS_STDERR_PIPE,
					  &error);
	}
	g_assert_no_error(error);
	g_assert_true(g_subprocess_communicate_utf8(check, text, NULL, &out, &err, &error));
	g_assert_no_error(error);
	if (!g_subprocess_get_successful(check)) {
		if (promtool == NULL && strstr(err, "No module named") != NULL)
			g_test_fail_printf("no Prometheus parser: install Debian's prometheus "
					   "(promtool) or python3-prometheus-client "
					   "(.ci/test-packages)");
		else
			g_test_fail_printf("%s rejects the metrics:\n%s%s",
					   promtool != NULL ? "promtool check metrics" : "python3",
					   out, err);
		return;
	}
	g_test_message("%s: %s%s", promtool != NULL ? "promtool" : "prometheus_client", out, err);
}

/* the metrics are never on the visitors' port; their listener has nothing else */
static void
test_apart(Fixture *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) visitors = request(f, "GET", f->port, "/metrics", NULL, NULL);
	g_autoptr(SoriTestReply) other = request(f, "GET", f->metrics_port, "/healthz", NULL, NULL);
	g_autoptr(SoriTestReply) post = request(f, "POST", f->metrics_port, "/metrics", NULL, "{}");
	g_autofree gchar *text = reply_text(visitors);

	g_assert_cmpuint(visitors->status, ==, 404);
	g_assert_null(strstr(text, "sori_http_requests_total"));
	g_assert_cmpuint(other->status, ==, 404);
	g_assert_cmpuint(post->status, ==, 405);
	g_assert_cmpstr(soup_message_headers_get_one(post->headers, "Allow"), ==, "GET, HEAD");
}

/* a thousand requests for random paths from random user agents: not one series more */
static void
test_series_bounded(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GHashTable) before = scrape(f);
	g_autoptr(GHashTable) after = NULL;
	g_autofree gchar *text = NULL;
	g_autofree gchar *last_path = NULL;
	g_autofree gchar *last_agent = NULL;

	for (guint i = 0; i < 1000; i++) {
		g_autofree gchar *path = g_strdup_printf(
			"/%s/x%08x/%u", i % 2 == 0 ? "v1/venues" : "random", g_random_int(), i);
		g_autofree gchar *agent = g_strdup_printf("agent-%08x", g_random_int());
		const gchar *headers[] = { "User-Agent", agent, NULL };
		g_autoptr(SoriTestReply) reply = request(f, "GET", f->port, path, headers, NULL);
		g_assert_cmpuint(reply->status, ==, 404);
		g_free(last_path);
		g_free(last_agent);
		last_path = g_steal_pointer(&path);
		last_agent = g_steal_pointer(&agent);
	}
	text = scrape_text(f);
	after = scrape(f);
	g_assert_cmpuint(g_hash_table_size(after), ==, g_hash_table_size(before));
	g_assert_null(strstr(text, last_path));
	g_assert_null(strstr(text, last_agent));
	g_assert_null(strstr(text, "127.0.0.1"));
	assert_moved(before, after, REQUESTS "{route=\"unmatched\",status_class=\"4xx\"}", 1000);
	g_test_message("%u series before and after", g_hash_table_size(after));
}

static GSocket *
connect_to(guint16 port)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
	g_autoptr(GSocketAddress) address = g_inet_socket_address_new(loopback, port);
	g_autoptr(GSocket) socket = g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
						 G_SOCKET_PROTOCOL_TCP, &error);
	g_assert_no_error(error);
	g_assert_true(g_socket_connect(socket, address, NULL, &error));
	return g_steal_pointer(&socket);
}

/* true once @socket reads end-of-file or a reset: sorid closed it */
static gboolean
closed_by_peer(GSocket *socket)
{
	gchar buffer[256];
	g_autoptr(GError) error = NULL;
	gssize n;

	if (g_socket_get_timeout(socket) == 0)
		g_socket_set_timeout(socket, 5);
	n = g_socket_receive(socket, buffer, sizeof(buffer), NULL, &error);
	/* a connection closed with bytes unread is reset */
	return n == 0 || (n < 0 && !g_error_matches(error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
}

/* head-timeout, idle-timeout and body-min-rate, each counted as the deadline it is */
#define DEADLINES "head-timeout=1\nidle-timeout=1\nbody-min-rate=1000\n"
#define CLOSED    "sori_http_connections_closed_total"

static void
test_deadlines(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GHashTable) before = scrape(f);
	g_autoptr(GHashTable) after = NULL;
	g_autoptr(GSocket) idle = connect_to(f->port);
	g_autoptr(GSocket) partial = connect_to(f->port);
	g_autoptr(GSocket) slow = connect_to(f->port);
	const gchar *head = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
	/* ten bytes of a thousand, then nothing: below body-min-rate once its
	 * ten seconds of grace are over */
	const gchar *post = "POST /v1/venues/dasol-museum/usage HTTP/1.1\r\nHost: x\r\n"
			    "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
			    "{\"day\": \"2";

	g_assert_cmpint(g_socket_send(partial, head, strlen(head), NULL, NULL), ==, strlen(head));
	g_assert_cmpint(g_socket_send(slow, post, strlen(post), NULL, NULL), ==, strlen(post));
	g_assert_true(closed_by_peer(idle));
	g_assert_true(closed_by_peer(partial));
	g_socket_set_timeout(slow, 20);
	g_assert_true(closed_by_peer(slow));
	after = scrape(f);
	assert_moved(before, after, CLOSED "{reason=\"idle_timeout\"}", 1);
	assert_moved(before, after, CLOSED "{reason=\"head_timeout\"}", 1);
	assert_moved(before, after, CLOSED "{reason=\"body_min_rate\"}", 1);
	assert_moved(before, after, CLOSED "{reason=\"making_room\"}", 0);
	assert_moved(before, after, "sori_http_connections_accepted_total", 3);
	g_assert_cmpfloat(value_of(after, "sori_http_connections_open"), ==, 0);
}

/* at max-connections, the connection idle longest makes room for a new one */
static void
test_making_room(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GHashTable) before = scrape(f);
	g_autoptr(GHashTable) full = NULL;
	g_autoptr(GHashTable) after = NULL;
	g_autoptr(GSocket) first = connect_to(f->port);
	g_autoptr(GSocket) second = NULL;
	g_autoptr(GSocket) third = NULL;

	/* idle a second longer than the second (sorid keeps time in seconds) */
	g_usleep(1100 * 1000);
	second = connect_to(f->port);
	g_usleep(100 * 1000);
	full = scrape(f);
	g_assert_cmpfloat(value_of(full, "sori_http_connections_open"), ==, 2);
	third = connect_to(f->port);
	g_assert_true(closed_by_peer(first));
	after = scrape(f);
	assert_moved(before, after, CLOSED "{reason=\"making_room\"}", 1);
	assert_moved(before, after, "sori_http_connections_accepted_total", 3);
	assert_moved(before, after, "sori_http_connections_refused_total", 0);
	g_assert_cmpfloat(value_of(after, "sori_http_connections_open"), ==, 2);
}

/* the metrics' listener holds 16 connections at most, each 10 s at most:
 * clients that connect and send nothing neither keep a scrape out for long
 * nor hold sorid's memory */
static void
test_listener_bounded(Fixture *f, gconstpointer user_data)
{
	GSocket *stalled[16];
	g_autoptr(GSocket) one_more = NULL;
	g_autofree gchar *text = NULL;
	gint64 start;

	for (guint i = 0; i < G_N_ELEMENTS(stalled); i++)
		stalled[i] = connect_to(f->metrics_port);
	g_usleep(200 * 1000);
	start = g_get_monotonic_time();
	one_more = connect_to(f->metrics_port);
	g_assert_true(closed_by_peer(one_more));
	g_assert_cmpint(g_get_monotonic_time() - start, <, 2 * G_USEC_PER_SEC);
	/* the stalled ones are closed by their deadline: room for a scrape again */
	for (guint i = 0; i < G_N_ELEMENTS(stalled); i++) {
		g_socket_set_timeout(stalled[i], 15);
		g_assert_true(closed_by_peer(stalled[i]));
		g_object_unref(stalled[i]);
	}
	g_assert_cmpint(g_get_monotonic_time() - start, >=, 9 * G_USEC_PER_SEC);
	text = scrape_text(f);
	g_assert_nonnull(strstr(text, "\nsori_build_info{version="));
}

/* a metrics-address that is not one stops sorid at start, saying why */
static void
test_bad_address(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_dir_make_tmp("metrics-http-test-XXXXXX", &error);
	g_autofree gchar *conf = g_build_filename(dir, "sorid.conf", NULL);
	g_autofree gchar *err = NULL;
	g_autoptr(GSubprocess) sorid = NULL;
	const gchar *argv[] = { g_getenv("SORID"), "--config", conf, NULL };

	g_assert_no_error(error);
	g_assert_true(g_file_set_contents(conf, "[sorid]\nmetrics-address=metrics.example:9100\n",
					  -1, &error));
	sorid = g_subprocess_newv(
		argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_communicate_utf8(sorid, NULL, NULL, NULL, &err, &error));
	g_assert_false(g_subprocess_get_successful(sorid));
	g_assert_nonnull(strstr(err, "metrics-address"));
	g_assert_nonnull(strstr(err, "'metrics.example' is not an IP address"));
	sori_test_remove_tree(dir);
}

/* --metrics-address on the command line, as a unit's ExecStart may add it */
static void
test_command_line(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *port = g_strdup_printf("%u", sori_test_free_port());
	g_autofree gchar *url = g_strdup_printf("http://127.0.0.1:%s/metrics", port);
	const gchar *args[] = { "--data-dir", g_getenv("SORI_SAMPLE_DIR"), "--port",
				"0",          "--metrics-address",         port,
				NULL };
	guint16 visitors = 0;
	g_autoptr(GSubprocess) sorid = sori_test_start_sorid(NULL, args, &visitors);
	g_autoptr(SoupSession) session = soup_session_new();
	g_autoptr(SoupMessage) msg = soup_message_new("GET", url);
	g_autoptr(SoriTestReply) reply = sori_test_send(session, msg);
	g_autofree gchar *text = NULL;

	g_assert_cmpuint(reply->status, ==, 200);
	text = g_strndup(g_bytes_get_data(reply->body, NULL), g_bytes_get_size(reply->body));
	g_assert_nonnull(strstr(text, "\nsori_venues{state=\"loaded\"} 2\n"));
	g_subprocess_send_signal(sorid, SIGTERM);
	g_assert_true(g_subprocess_wait_check(sorid, NULL, &error));
	g_assert_no_error(error);
	{
		const gchar *argv[] = { g_getenv("SORID"), "--metrics-address", "99999", NULL };
		g_autoptr(GSubprocess) refused = g_subprocess_newv(
			argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
			&error);
		g_autofree gchar *err = NULL;
		g_assert_no_error(error);
		g_assert_true(
			g_subprocess_communicate_utf8(refused, NULL, NULL, NULL, &err, &error));
		g_assert_false(g_subprocess_get_successful(refused));
		g_assert_nonnull(strstr(err, "--metrics-address: '99999': the port is a number"));
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/metrics/counters-move", Fixture, NULL, fixture_setup, test_counters_move,
		   fixture_teardown);
	g_test_add("/metrics/prometheus-parses", Fixture, NULL, fixture_setup,
		   test_prometheus_parses, fixture_teardown);
	g_test_add("/metrics/apart", Fixture, NULL, fixture_setup, test_apart, fixture_teardown);
	g_test_add("/metrics/series-bounded", Fixture, NULL, fixture_setup, test_series_bounded,
		   fixture_teardown);
	g_test_add("/metrics/deadlines", Fixture, DEADLINES, fixture_setup, test_deadlines,
		   fixture_teardown);
	g_test_add("/metrics/making-room", Fixture, "max-connections=2\n", fixture_setup,
		   test_making_room, fixture_teardown);
	g_test_add("/metrics/listener-bounded", Fixture, NULL, fixture_setup, test_listener_bounded,
		   fixture_teardown);
	g_test_add_func("/metrics/bad-address", test_bad_address);
	g_test_add_func("/metrics/command-line", test_command_line);
	return g_test_run();
}
