/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One phone on a venue's public Wi-Fi must not take the guide away from
 * everyone: each attack against a real sorid, over raw sockets, asserting
 * what a visitor still gets, how fast, and what sorid's memory does.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gio/gio.h>

#include "sori-admin.h"
#include "sori-test-util.h"
#include "sori-tokens.h"

/* short deadlines, so that the tests see them pass */
#define HEAD_TIMEOUT_S  2
#define SEND_TIMEOUT_S  3
#define MAX_CONNECTIONS 64

typedef struct {
	gchar *dir;
	gchar *data_dir;
	gchar *token;
	GSubprocess *process;
	guint16 port;
	gchar *enospc_under; /* nullable: writes under it fail as on a full disk */
	gchar *registry;     /* nullable: a beacon registry for sorid */
} Fixture;

static void
fixture_write_config(Fixture *f, const gchar *path)
{
	g_autofree gchar *cache = g_build_filename(f->dir, "cache", NULL);
	g_autofree gchar *registry = f->registry != NULL
					     ? g_strdup_printf("beacon-registry=%s\n", f->registry)
					     : g_strdup("");
	g_autofree gchar *text = g_strdup_printf(
		"[sorid]\nhead-timeout=%u\nsend-timeout=%u\nmax-connections=%u\n"
		"body-min-rate=4096\ncache-dir=%s\nspeech-workers=1\nspeech-worker=%s\n%s",
		HEAD_TIMEOUT_S, SEND_TIMEOUT_S, MAX_CONNECTIONS, cache,
		g_getenv("SORI_SPEECH_WORKER"), registry);
	g_assert_true(g_file_set_contents(path, text, -1, NULL));
}

static void
fixture_start(Fixture *f)
{
	g_autofree gchar *config = g_build_filename(f->dir, "sorid.conf", NULL);
	const gchar *args[]
		= { "--config", config, "--data-dir", f->data_dir, "--port", "0", NULL };
	g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new(
		G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);

	fixture_write_config(f, config);
	if (f->enospc_under != NULL) {
		g_subprocess_launcher_setenv(launcher, "LD_PRELOAD",
					     g_getenv("SORI_ENOSPC_PRELOAD"), TRUE);
		g_subprocess_launcher_setenv(launcher, "SORI_ENOSPC_UNDER", f->enospc_under, TRUE);
		/* the sanitizers' runtime wants to come first; this one is harmless */
		g_subprocess_launcher_setenv(launcher, "ASAN_OPTIONS", "verify_asan_link_order=0",
					     TRUE);
	}
	f->process = sori_test_start_sorid(launcher, args, &f->port);
}

static void
fixture_setup(Fixture *f, gconstpointer user_data)
{
	const gchar *names[] = { "dasol-museum.json", "haneul-wetland.json" };
	const gchar *venues[] = { "dasol-museum", NULL };
	g_autoptr(GError) error = NULL;
	g_autofree gchar *tokens_path = NULL;
	g_autofree gchar *state = NULL;
	g_autoptr(SoriTokens) tokens = NULL;

	f->dir = g_dir_make_tmp("sori-hostile-XXXXXX", &error);
	g_assert_no_error(error);
	f->data_dir = g_build_filename(f->dir, "venues", NULL);
	g_assert_cmpint(g_mkdir(f->data_dir, 0755), ==, 0);
	for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
		g_autofree gchar *from
			= g_build_filename(g_getenv("SORI_SAMPLE_DIR"), names[i], NULL);
		g_autofree gchar *to = g_build_filename(f->data_dir, names[i], NULL);
		sori_test_copy_file(from, to);
	}
	state = sori_admin_state_dir(f->data_dir);
	g_assert_cmpint(g_mkdir_with_parents(state, 0700), ==, 0);
	tokens_path = sori_admin_tokens_path(f->data_dir);
	tokens = sori_tokens_new(tokens_path);
	f->token = sori_tokens_add(tokens, "hostile-test", venues, &error);
	g_assert_no_error(error);
	if (user_data == NULL)
		fixture_start(f);
}

static void
fixture_teardown(Fixture *f, gconstpointer user_data)
{
	if (f->process != NULL) {
		g_subprocess_send_signal(f->process, SIGKILL);
		g_subprocess_wait(f->process, NULL, NULL);
		g_clear_object(&f->process);
	}
	sori_test_remove_tree(f->dir);
	g_free(f->dir);
	g_free(f->data_dir);
	g_free(f->token);
	g_free(f->enospc_under);
	g_free(f->registry);
}

/* sorid's resident memory, in KiB */
static guint64
fixture_rss_kib(Fixture *f)
{
	g_autofree gchar *path
		= g_strdup_printf("/proc/%s/status", g_subprocess_get_identifier(f->process));
	g_autofree gchar *status = NULL;
	const gchar *line;

	g_assert_true(g_file_get_contents(path, &status, NULL, NULL));
	line = strstr(status, "VmRSS:");
	g_assert_nonnull(line);
	return g_ascii_strtoull(line + strlen("VmRSS:"), NULL, 10);
}

static GSocket *
connect_to(Fixture *f, gint receive_buffer)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
	g_autoptr(GSocketAddress) address = g_inet_socket_address_new(loopback, f->port);
	GSocket *socket = g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
				       G_SOCKET_PROTOCOL_TCP, &error);
	g_assert_no_error(error);
	if (receive_buffer > 0)
		g_socket_set_option(socket, SOL_SOCKET, SO_RCVBUF, receive_buffer, NULL);
	g_socket_set_timeout(socket, 10);
	g_assert_true(g_socket_connect(socket, address, NULL, &error));
	g_assert_no_error(error);
	return socket;
}

static void
send_text(GSocket *socket, const gchar *text)
{
	g_autoptr(GError) error = NULL;
	gsize len = strlen(text);
	gssize n = g_socket_send(socket, text, len, NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpint(n, ==, len);
}

/* what comes until the connection closes, or @timeout_s pass; %NULL on a reset */
static GString *
receive_all(GSocket *socket, guint timeout_s, gboolean *closed)
{
	GString *received = g_string_new(NULL);
	gchar buf[65536];

	*closed = FALSE;
	g_socket_set_timeout(socket, timeout_s);
	while (TRUE) {
		g_autoptr(GError) error = NULL;
		gssize n = g_socket_receive(socket, buf, sizeof(buf), NULL, &error);
		if (n > 0) {
			g_string_append_len(received, buf, n);
			continue;
		}
		/* a close, or a reset of a connection sorid closed: either way, closed */
		*closed = n == 0 || !g_error_matches(error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
		return received;
	}
}

/* the status of an answer, 0 for none */
static guint
status_of(const GString *reply)
{
	if (!g_str_has_prefix(reply->str, "HTTP/1.1 "))
		return 0;
	return (guint) g_ascii_strtoull(reply->str + strlen("HTTP/1.1 "), NULL, 10);
}

/* a visitor: a new connection, an exhibit, and how long the answer took */
static guint
visitor_status(Fixture *f, gdouble *seconds)
{
	g_autoptr(GSocket) socket = NULL;
	g_autoptr(GString) reply = NULL;
	gint64 start = g_get_monotonic_time();
	gboolean closed;

	socket = connect_to(f, 0);
	send_text(socket, "GET /v1/venues/dasol-museum/exhibits/moon-jar?lang=ko HTTP/1.1\r\n"
			  "Host: a\r\nConnection: close\r\n\r\n");
	reply = receive_all(socket, 10, &closed);
	*seconds = (g_get_monotonic_time() - start) / (gdouble) G_USEC_PER_SEC;
	return status_of(reply);
}

/* slow heads: more connections than the cap, each a head that never ends */
static void
test_slow_heads(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GPtrArray) attackers = g_ptr_array_new_with_free_func(g_object_unref);
	g_autoptr(GSocket) trickler = NULL;
	gint64 trickle_start;
	gboolean trickler_closed = FALSE;

	for (guint i = 0; i < 3 * MAX_CONNECTIONS; i++) {
		GSocket *socket = connect_to(f, 0);
		send_text(socket, "GET /v1/venues HTTP/1.1\r\nHost: a\r\n");
		g_ptr_array_add(attackers, socket);
	}
	/* every visitor gets in, and at once */
	for (guint i = 0; i < 20; i++) {
		gdouble seconds = 0;
		g_assert_cmpuint(visitor_status(f, &seconds), ==, 200);
		g_assert_cmpfloat(seconds, <, 1.0);
	}
	/* a head trickled a byte at a time is closed at head-timeout all the same */
	trickler = connect_to(f, 0);
	send_text(trickler, "GET /v1/venues HTTP/1.1\r\n");
	trickle_start = g_get_monotonic_time();
	while (!trickler_closed
	       && g_get_monotonic_time() - trickle_start < (HEAD_TIMEOUT_S + 3) * G_USEC_PER_SEC) {
		g_autoptr(GError) error = NULL;
		g_usleep(G_USEC_PER_SEC / 4);
		trickler_closed = g_socket_send(trickler, "X", 1, NULL, &error) < 0;
	}
	g_assert_true(trickler_closed);
	g_assert_cmpint(g_get_monotonic_time() - trickle_start, >=,
			(HEAD_TIMEOUT_S - 1) * G_USEC_PER_SEC);
}

/* a head that never ends but is over the limit: 431, at once */
static void
test_head_too_large(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GSocket) socket = connect_to(f, 0);
	g_autoptr(GString) head = g_string_new("GET /v1/venues HTTP/1.1\r\nHost: a\r\n");
	g_autoptr(GString) reply = NULL;
	gboolean closed;

	while (head->len < 9000)
		g_string_append(head, "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
	send_text(socket, head->str);
	reply = receive_all(socket, 5, &closed);
	g_assert_true(g_str_has_prefix(reply->str, "HTTP/1.1 431 "));
	g_assert_nonnull(strstr(reply->str, "urn:sori:problem:head-too-large"));
	g_assert_true(closed);
}

/* bodies before tokens: a refusal from the head alone, not a byte of the body read */
static void
test_bodies_before_tokens(Fixture *f, gconstpointer user_data)
{
	guint64 before = fixture_rss_kib(f);
	g_autofree gchar *authorized = g_strdup_printf(
		"PUT /v1/admin/venues/dasol-museum/media/x.mp4 HTTP/1.1\r\nHost: a\r\n"
		"Authorization: Bearer %s\r\nContent-Type: video/mp4\r\n"
		"Content-Length: 300000000\r\n\r\n",
		f->token);

	/* eight: failures from one client are slowed down from the sixth on */
	for (guint i = 0; i < 8; i++) {
		g_autoptr(GSocket) socket = connect_to(f, 0);
		g_autoptr(GString) reply = NULL;
		gboolean closed;
		/* some with no token, some with one for another venue */
		send_text(socket, i % 2 == 0 ? "PUT /v1/admin/venues/dasol-museum/media/x.mp4 "
					       "HTTP/1.1\r\nHost: a\r\nContent-Type: video/mp4\r\n"
					       "Content-Length: 268435456\r\n\r\n"
					     : "PUT /v1/admin/venues/haneul-wetland/catalogue "
					       "HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer "
					       "sori_wrong\r\nContent-Type: application/json\r\n"
					       "Content-Length: 16000000\r\n\r\n");
		reply = receive_all(socket, 35, &closed);
		g_assert_true(g_str_has_prefix(reply->str, "HTTP/1.1 401 "));
		g_assert_nonnull(strstr(reply->str, "Connection: close"));
		g_assert_true(closed);
	}
	/* a curator's body over the route's own limit: 413, from the head too */
	{
		g_autoptr(GSocket) socket = connect_to(f, 0);
		g_autoptr(GString) reply = NULL;
		gboolean closed;
		send_text(socket, authorized);
		reply = receive_all(socket, 5, &closed);
		g_assert_true(g_str_has_prefix(reply->str, "HTTP/1.1 413 "));
	}
	/* nothing was read, so nothing was kept */
	g_assert_cmpuint(fixture_rss_kib(f), <, before + 16 * 1024);
}

/* one client of test_refused_uploads(): a 64 MiB body without a token, sent
 * whole, then the answer read */
#define REFUSED_UPLOADS 40
#define REFUSED_BODY    (64u * 1024 * 1024)

typedef struct {
	Fixture *f;
	guint status;
	gboolean sent; /* the whole body went out, no reset on the way */
} RefusedUpload;

static gpointer
refused_upload_thread(gpointer user_data)
{
	RefusedUpload *upload = user_data;
	g_autoptr(GSocket) socket = connect_to(upload->f, 0);
	g_autofree gchar *chunk = g_malloc0(1024 * 1024);
	g_autoptr(GString) reply = NULL;
	gboolean closed;
	gsize sent = 0;

	/* the throttle holds refusals back for up to 30 s before lingering starts */
	g_socket_set_timeout(socket, 90);
	send_text(socket, "PUT /v1/admin/venues/dasol-museum/media/big.mp4 HTTP/1.1\r\n"
			  "Host: a\r\nContent-Type: video/mp4\r\n"
			  "Content-Length: 67108864\r\n\r\n");
	while (sent < REFUSED_BODY) {
		gssize n = g_socket_send(socket, chunk, MIN(1024 * 1024, REFUSED_BODY - sent), NULL,
					 NULL);
		if (n <= 0)
			break;
		sent += (gsize) n;
	}
	upload->sent = sent == REFUSED_BODY;
	reply = receive_all(socket, 90, &closed);
	upload->status = status_of(reply);
	return NULL;
}

/* many refused uploads at once, each sending its whole body: every client
 * reads its 401, none a reset, since sorid keeps reading and dropping what
 * comes while it keeps coming */
static void
test_refused_uploads(Fixture *f, gconstpointer user_data)
{
	RefusedUpload uploads[REFUSED_UPLOADS] = { 0 };
	GThread *threads[REFUSED_UPLOADS];
	guint refused = 0;

	for (guint i = 0; i < REFUSED_UPLOADS; i++) {
		uploads[i].f = f;
		threads[i] = g_thread_new("upload", refused_upload_thread, &uploads[i]);
	}
	for (guint i = 0; i < REFUSED_UPLOADS; i++) {
		g_thread_join(threads[i]);
		g_test_message("client %u: sent %s, status %u", i, uploads[i].sent ? "all" : "part",
			       uploads[i].status);
		refused += uploads[i].status == 401;
	}
	g_assert_cmpuint(refused, ==, REFUSED_UPLOADS);
	for (guint i = 0; i < REFUSED_UPLOADS; i++)
		g_assert_true(uploads[i].sent);
	/* and sorid still answers a visitor at once */
	{
		gdouble seconds = 0;
		g_assert_cmpuint(visitor_status(f, &seconds), ==, 200);
		g_assert_cmpfloat(seconds, <, 1.0);
	}
}

/* an upload of @size bytes whose content says it is an MP4; its public URL */
static gchar *
upload_video(Fixture *f, gsize size)
{
	g_autoptr(GSocket) socket = connect_to(f, 0);
	g_autofree gchar *head = g_strdup_printf(
		"PUT /v1/admin/venues/dasol-museum/media/sign.mp4 HTTP/1.1\r\nHost: a\r\n"
		"Authorization: Bearer %s\r\nContent-Type: video/mp4\r\n"
		"Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
		f->token, size);
	g_autofree guint8 *body = g_malloc0(size);
	g_autoptr(GString) reply = NULL;
	g_autoptr(GError) error = NULL;
	const gchar *url;
	gboolean closed;

	memcpy(body + 4, "ftypisom", 8);
	for (gsize i = 12; i < size; i++)
		body[i] = (guint8) (i * 31);
	send_text(socket, head);
	g_assert_true(g_output_stream_write_all(
		g_io_stream_get_output_stream(
			G_IO_STREAM(g_socket_connection_factory_create_connection(socket))),
		body, size, NULL, NULL, &error));
	g_assert_no_error(error);
	reply = receive_all(socket, 20, &closed);
	g_assert_true(g_str_has_prefix(reply->str, "HTTP/1.1 201 "));
	url = strstr(reply->str, "\"url\":\"");
	g_assert_nonnull(url);
	url += strlen("\"url\":\"");
	return g_strndup(url, strchr(url, '"') - url);
}

/* slow readers: they ask for a large file and take nothing of it */
static void
test_slow_readers(Fixture *f, gconstpointer user_data)
{
	gsize size = 8 * 1024 * 1024;
	g_autofree gchar *url = upload_video(f, size);
	g_autofree gchar *request = g_strdup_printf("GET %s HTTP/1.1\r\nHost: a\r\n\r\n", url);
	g_autoptr(GPtrArray) readers = g_ptr_array_new_with_free_func(g_object_unref);
	guint64 before = fixture_rss_kib(f);

	for (guint i = 0; i < 40; i++) {
		GSocket *socket = connect_to(f, 4096);
		send_text(socket, request);
		g_ptr_array_add(readers, socket);
	}
	g_usleep(G_USEC_PER_SEC);
	/* what they hold costs sorid no copy of the file */
	g_assert_cmpuint(fixture_rss_kib(f), <, before + 32 * 1024);
	/* and after send-timeout they are let go: none gets the whole file */
	g_usleep((SEND_TIMEOUT_S + 2) * G_USEC_PER_SEC);
	for (guint i = 0; i < readers->len; i++) {
		gboolean closed = FALSE;
		g_autoptr(GString) got = receive_all(g_ptr_array_index(readers, i), 5, &closed);
		g_assert_true(closed);
		g_assert_cmpuint(got->len, <, size);
	}
	/* a visitor was never kept waiting */
	{
		gdouble seconds = 0;
		g_assert_cmpuint(visitor_status(f, &seconds), ==, 200);
		g_assert_cmpfloat(seconds, <, 1.0);
	}
}

/* the status of an answer read from @socket, and its Retry-After */
static guint
read_status(GSocket *socket, gchar **retry_after)
{
	gboolean closed;
	g_autoptr(GString) reply = receive_all(socket, 60, &closed);
	const gchar *retry = strstr(reply->str, "Retry-After: ");
	if (retry_after != NULL)
		*retry_after
			= retry != NULL ? g_strndup(retry + 13, strcspn(retry + 13, "\r")) : NULL;
	return status_of(reply);
}

/* speech on demand: a flood of odd rates, and a visitor's first play */
static void
test_speech_flood(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GPtrArray) flood = g_ptr_array_new_with_free_func(g_object_unref);
	g_autoptr(GSocket) visitor = NULL;
	guint busy = 0;
	gint64 start;
	guint status;

	/* fewer than the connection cap: these are asked, not half-sent, and keep their place */
	for (guint i = 0; i < MAX_CONNECTIONS - 8; i++) {
		GSocket *socket = connect_to(f, 0);
		g_autofree gchar *request = g_strdup_printf(
			"GET /v1/venues/dasol-museum/exhibits/moon-jar/audio?lang=ko&rate=%u "
			"HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
			100 + i);
		send_text(socket, request);
		g_ptr_array_add(flood, socket);
	}
	g_usleep(G_USEC_PER_SEC / 2);
	/* the first play of an exhibit's easy read, at the default rate, uncached */
	start = g_get_monotonic_time();
	visitor = connect_to(f, 0);
	send_text(visitor, "GET /v1/venues/dasol-museum/exhibits/onggi-jar/audio?lang=ko&"
			   "field=easy_read HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
	status = read_status(visitor, NULL);
	g_assert_cmpuint(status, ==, 302);
	g_assert_cmpint(g_get_monotonic_time() - start, <, 3 * G_USEC_PER_SEC);
	/* the flood beyond its share was told to come back later */
	for (guint i = 0; i < flood->len; i++) {
		g_autofree gchar *retry_after = NULL;
		status = read_status(g_ptr_array_index(flood, i), &retry_after);
		g_assert_true(status == 302 || status == 503);
		if (status == 503) {
			g_assert_cmpstr(retry_after, ==, "5");
			busy++;
		}
	}
	g_assert_cmpuint(busy, >=, MAX_CONNECTIONS - 8 - 32 - 2);
}

/* every kind of broken venue file: each named, the others served */
static void
test_bad_files(Fixture *f, gconstpointer user_data)
{
	const gchar *broken[] = { "binary", "dangling", "directory", "empty", "huge", "truncated" };
	g_autofree gchar *sample
		= g_build_filename(g_getenv("SORI_SAMPLE_DIR"), "dasol-museum.json", NULL);
	g_autofree gchar *content = NULL;
	gsize len = 0;

	g_assert_true(g_file_get_contents(sample, &content, &len, NULL));
	for (guint i = 0; i < G_N_ELEMENTS(broken); i++) {
		g_autofree gchar *file = g_strconcat(broken[i], ".json", NULL);
		g_autofree gchar *path = g_build_filename(f->data_dir, file, NULL);
		if (g_str_equal(broken[i], "binary")) {
			g_assert_true(g_file_set_contents(path, "\x89\x00\xff\xfe\x01", 5, NULL));
		} else if (g_str_equal(broken[i], "dangling")) {
			g_assert_cmpint(symlink("/nonexistent/venue.json", path), ==, 0);
		} else if (g_str_equal(broken[i], "directory")) {
			g_assert_cmpint(g_mkdir(path, 0755), ==, 0);
		} else if (g_str_equal(broken[i], "empty")) {
			g_assert_true(g_file_set_contents(path, "", 0, NULL));
		} else if (g_str_equal(broken[i], "huge")) {
			g_autofree gchar *spaces = g_strnfill(17 * 1024 * 1024, ' ');
			g_assert_true(g_file_set_contents(path, spaces, -1, NULL));
		} else {
			g_assert_true(g_file_set_contents(path, content, len / 2, NULL));
		}
	}
	fixture_start(f);
	{
		gdouble seconds = 0;
		g_autoptr(GSocket) socket = connect_to(f, 0);
		g_autoptr(GString) health = NULL;
		gboolean closed;
		g_assert_cmpuint(visitor_status(f, &seconds), ==, 200);
		send_text(socket, "GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
		health = receive_all(socket, 5, &closed);
		g_assert_nonnull(strstr(health->str, "\"degraded\""));
		for (guint i = 0; i < G_N_ELEMENTS(broken); i++) {
			g_autofree gchar *quoted = g_strdup_printf("\"%s\"", broken[i]);
			g_test_message("%s", broken[i]);
			g_assert_nonnull(strstr(health->str, quoted));
		}
	}
	/* sorictl validate names each file and exits 1, never crashes */
	{
		g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
		g_autofree gchar *out = NULL;
		g_autofree gchar *err = NULL;
		g_autoptr(GError) error = NULL;
		gint status = 0;
		g_ptr_array_add(argv, g_strdup(g_getenv("SORICTL")));
		g_ptr_array_add(argv, g_strdup("validate"));
		for (guint i = 0; i < G_N_ELEMENTS(broken); i++)
			g_ptr_array_add(argv,
					g_strdup_printf("%s/%s.json", f->data_dir, broken[i]));
		g_ptr_array_add(argv, NULL);
		g_assert_true(g_spawn_sync(NULL, (gchar **) argv->pdata, NULL, G_SPAWN_DEFAULT,
					   NULL, NULL, &out, &err, &status, &error));
		g_test_message("%s%s", out, err);
		g_assert_true(WIFEXITED(status));
		g_assert_cmpint(WEXITSTATUS(status), ==, 1);
		for (guint i = 0; i < G_N_ELEMENTS(broken); i++) {
			g_autofree gchar *file = g_strdup_printf("%s.json", broken[i]);
			g_assert_nonnull(strstr(out, file));
		}
	}
}

/* one request on a new connection: the status, and the body */
static guint
request_text(Fixture *f, const gchar *request, GString **body)
{
	g_autoptr(GSocket) socket = connect_to(f, 0);
	g_autoptr(GString) reply = NULL;
	gboolean closed;
	const gchar *end;

	send_text(socket, request);
	reply = receive_all(socket, 30, &closed);
	end = strstr(reply->str, "\r\n\r\n");
	/* the body may be binary: all of it, NUL bytes included */
	if (body != NULL)
		*body = end != NULL ? g_string_new_len(end + 4, reply->len - (end + 4 - reply->str))
				    : g_string_new(NULL);
	return status_of(reply);
}

/* a body that stalls: its connection closed once it falls below body-min-rate */
static void
test_slow_body(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GSocket) socket = connect_to(f, 0);
	g_autoptr(GString) reply = NULL;
	gint64 start = g_get_monotonic_time();
	gboolean closed = FALSE;
	gdouble seconds = 0;

	send_text(socket, "POST /v1/venues/dasol-museum/locate HTTP/1.1\r\nHost: a\r\n"
			  "Content-Type: application/json\r\nContent-Length: 16000\r\n\r\n"
			  "{\"sightings\": [");
	/* a visitor meanwhile */
	g_assert_cmpuint(visitor_status(f, &seconds), ==, 200);
	g_assert_cmpfloat(seconds, <, 1.0);
	/* the grace of ten seconds, and a second of the watch's */
	reply = receive_all(socket, 20, &closed);
	g_assert_true(closed);
	g_assert_cmpint(g_get_monotonic_time() - start, >=, 9 * G_USEC_PER_SEC);
	g_assert_cmpint(g_get_monotonic_time() - start, <, 16 * G_USEC_PER_SEC);
}

/* a broken beacon registry costs the rotating beacons, not the guide */
static void
test_bad_registry(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GSocket) socket = NULL;
	g_autoptr(GString) health = NULL;
	gboolean closed;
	gdouble seconds = 0;

	f->registry = g_build_filename(f->dir, "registry.json", NULL);
	g_assert_true(g_file_set_contents(f->registry,
					  "{\"format\": \"sori-beacon-registry/1\", "
					  "\"beacons\": [{\"name\": 7}]}",
					  -1, NULL));
	g_assert_cmpint(g_chmod(f->registry, 0600), ==, 0);
	fixture_start(f);
	g_assert_cmpuint(visitor_status(f, &seconds), ==, 200);
	socket = connect_to(f, 0);
	send_text(socket, "GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
	health = receive_all(socket, 5, &closed);
	g_assert_nonnull(strstr(health->str, "\"degraded\""));
	g_assert_nonnull(strstr(health->str, "\"beacon_registry\":\"skipped\""));
}

/* a full disk during a publish: 507, and the live catalogue untouched */
static void
test_disk_full_publish(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *sample
		= g_build_filename(g_getenv("SORI_SAMPLE_DIR"), "dasol-museum.json", NULL);
	g_autofree gchar *content = NULL;
	g_autoptr(GString) changed = NULL;
	g_autoptr(GString) body = NULL;
	g_autofree gchar *request = NULL;
	g_autofree gchar *live = g_build_filename(f->data_dir, "dasol-museum.json", NULL);
	g_autofree gchar *before = NULL;
	g_autofree gchar *after = NULL;

	f->enospc_under = sori_admin_state_dir(f->data_dir);
	fixture_start(f);
	g_assert_true(g_file_get_contents(sample, &content, NULL, NULL));
	changed = g_string_new(content);
	g_assert_cmpuint(g_string_replace(changed, "\"White Porcelain Moon Jar\"",
					  "\"White Porcelain Full Moon Jar\"", 1),
			 ==, 1);
	request = g_strdup_printf("PUT /v1/admin/venues/dasol-museum/catalogue HTTP/1.1\r\n"
				  "Host: a\r\nAuthorization: Bearer %s\r\nContent-Type: "
				  "application/json\r\nContent-Length: %" G_GSIZE_FORMAT
				  "\r\nConnection: close\r\n\r\n%s",
				  f->token, changed->len, changed->str);
	g_assert_true(g_file_get_contents(live, &before, NULL, NULL));
	g_assert_cmpuint(request_text(f, request, &body), ==, 507);
	g_assert_nonnull(strstr(body->str, "urn:sori:problem:insufficient-storage"));
	/* nothing changed: the file, and what visitors are served */
	g_assert_true(g_file_get_contents(live, &after, NULL, NULL));
	g_assert_cmpstr(after, ==, before);
	g_string_free(g_steal_pointer(&body), TRUE);
	g_assert_cmpuint(request_text(f,
				      "GET /v1/venues/dasol-museum/exhibits/moon-jar?lang=en "
				      "HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
				      &body),
			 ==, 200);
	g_assert_nonnull(strstr(body->str, "\"White Porcelain Moon Jar\""));
}

/* a full disk during a cache write: the speech is served all the same */
static void
test_disk_full_cache(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GString) body = NULL;

	f->enospc_under = g_build_filename(f->dir, "cache", NULL);
	fixture_start(f);
	g_assert_cmpuint(request_text(f,
				      "GET /v1/venues/dasol-museum/exhibits/moon-jar/audio?lang=en "
				      "HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
				      &body),
			 ==, 200);
	/* an MPEG audio frame sync at the start */
	g_assert_cmpuint(body->len, >, 1000);
	g_assert_cmphex((guchar) body->str[0], ==, 0xff);
}

/* @started: whether the test gets a sorid already running, or starts its own */
static void
add(const gchar *name, void (*func)(Fixture *, gconstpointer), gboolean started)
{
	g_autofree gchar *path = g_strconcat("/hostile/", name, NULL);
	g_test_add(path, Fixture, started ? NULL : GINT_TO_POINTER(1), fixture_setup, func,
		   fixture_teardown);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	add("slow-heads", test_slow_heads, TRUE);
	add("head-too-large", test_head_too_large, TRUE);
	add("bodies-before-tokens", test_bodies_before_tokens, TRUE);
	add("refused-uploads", test_refused_uploads, TRUE);
	add("slow-readers", test_slow_readers, TRUE);
	add("speech-flood", test_speech_flood, TRUE);
	add("bad-files", test_bad_files, FALSE);
	add("slow-body", test_slow_body, TRUE);
	add("bad-registry", test_bad_registry, FALSE);
	add("disk-full-publish", test_disk_full_publish, FALSE);
	add("disk-full-cache", test_disk_full_cache, FALSE);
	return g_test_run();
}
