/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sorid as a process: its command line, its start-up line, and SIGTERM with
 * a request in flight.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sori-test-util.h"

typedef struct {
	GSubprocess *process;
	guint16 port;
} Daemon;

static GSocket *connect_to(guint16 port, gint receive_buffer, GError **error);

/* whether /healthz still lists venues being read (sorid answers while they load) */
static gboolean
daemon_is_loading(Daemon *daemon)
{
	const gchar *request = "GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n";
	g_autoptr(GError) error = NULL;
	g_autoptr(GSocket) socket = connect_to(daemon->port, 0, &error);
	g_autoptr(GString) answer = g_string_new(NULL);
	gchar buf[4096];
	gssize n;

	g_assert_no_error(error);
	g_assert_cmpint(g_socket_send(socket, request, strlen(request), NULL, &error), ==,
			strlen(request));
	while ((n = g_socket_receive(socket, buf, sizeof(buf), NULL, &error)) > 0)
		g_string_append_len(answer, buf, n);
	g_assert_no_error(error);
	return strstr(answer->str, "\"loading\"") != NULL;
}

/* starts sorid on port 0, reads the port from its start-up line, and waits
 * until every venue is read: a big catalogue under the sanitizers on a busy
 * machine takes longer than the second after which sorid says it listens */
static void
daemon_start(Daemon *daemon, const gchar *data_dir)
{
	const gchar *args[]
		= { "--data-dir", data_dir, "--address", "127.0.0.1", "--port", "0", NULL };
	daemon->process = sori_test_start_sorid(NULL, args, &daemon->port);
	for (guint i = 0; daemon_is_loading(daemon); i++) {
		g_assert_cmpuint(i, <, 600);
		g_usleep(100000);
	}
}

static GSocket *
connect_to(guint16 port, gint receive_buffer, GError **error)
{
	g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
	g_autoptr(GSocketAddress) address = g_inet_socket_address_new(loopback, port);
	g_autoptr(GSocket) socket = g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
						 G_SOCKET_PROTOCOL_TCP, error);
	if (socket == NULL)
		return NULL;
	/* a small window, so that a large response stays in flight until it is read */
	if (receive_buffer > 0)
		g_socket_set_option(socket, SOL_SOCKET, SO_RCVBUF, receive_buffer, NULL);
	g_socket_set_timeout(socket, 10);
	if (!g_socket_connect(socket, address, NULL, error))
		return NULL;
	return g_steal_pointer(&socket);
}

static void
send_all(GSocket *socket, const gchar *data)
{
	g_autoptr(GError) error = NULL;
	gssize n = g_socket_send(socket, data, strlen(data), NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpint(n, ==, strlen(data));
}

/* a catalogue big enough that its export takes many round trips to read */
static gchar *
make_big_data_dir(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *sample
		= g_build_filename(g_getenv("SORI_SAMPLE_DIR"), "dasol-museum.json", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(JsonGenerator) generator = json_generator_new();
	g_autofree gchar *dir = g_dir_make_tmp("sorid-test-XXXXXX", &error);
	g_autofree gchar *path = NULL;
	JsonObject *root;
	JsonArray *exhibits;
	guint n;

	g_assert_no_error(error);
	g_assert_true(json_parser_load_from_file(parser, sample, &error));
	root = json_node_get_object(json_parser_get_root(parser));
	exhibits = json_object_get_array_member(root, "exhibits");
	n = json_array_get_length(exhibits);
	for (guint copy = 0; copy < 1500; copy++) {
		/* json_node_copy() shares the object: a copy is made through text */
		g_autofree gchar *text
			= json_to_string(json_array_get_element(exhibits, copy % n), FALSE);
		JsonNode *node = json_from_string(text, NULL);
		JsonObject *exhibit = json_node_get_object(node);
		g_autofree gchar *id = g_strdup_printf("copy-%u", copy);
		g_autofree gchar *code = g_strdup_printf("%u", 10000 + copy);
		json_object_set_string_member(exhibit, "id", id);
		json_object_set_string_member(exhibit, "code", code);
		json_array_add_element(exhibits, node);
	}
	path = g_build_filename(dir, "dasol-museum.json", NULL);
	json_generator_set_root(generator, json_parser_get_root(parser));
	g_assert_true(json_generator_to_file(generator, path, &error));
	g_assert_no_error(error);
	return g_steal_pointer(&dir);
}

static void
remove_data_dir(const gchar *dir)
{
	g_autofree gchar *path = g_build_filename(dir, "dasol-museum.json", NULL);
	g_unlink(path);
	g_rmdir(dir);
}

static gint
wait_exit_status(GSubprocess *process)
{
	g_autoptr(GError) error = NULL;
	g_assert_true(g_subprocess_wait(process, NULL, &error));
	g_assert_no_error(error);
	g_assert_true(g_subprocess_get_if_exited(process));
	return g_subprocess_get_exit_status(process);
}

static void
test_sigterm_finishes_request_in_flight(void)
{
	g_autofree gchar *dir = make_big_data_dir();
	Daemon daemon = { 0 };
	g_autoptr(GSocket) socket = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GString) received = g_string_new(NULL);
	gchar buf[65536];
	gssize n;
	const gchar *head_end;
	const gchar *length;
	gsize content_length;
	gboolean refused = FALSE;

	daemon_start(&daemon, dir);
	socket = connect_to(daemon.port, 4096, &error);
	g_assert_no_error(error);
	send_all(socket, "GET /v1/venues/dasol-museum/export HTTP/1.1\r\nHost: test\r\n\r\n");
	/* the response has begun */
	n = g_socket_receive(socket, buf, 1024, NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpint(n, >, 0);
	g_string_append_len(received, buf, n);
	if (!g_str_has_prefix(received->str, "HTTP/1.1 200 OK\r\n"))
		g_error("unexpected answer: %.300s", received->str);

	kill(atoi(g_subprocess_get_identifier(daemon.process)), SIGTERM);

	/* it stops accepting at once */
	for (guint i = 0; i < 200 && !refused; i++) {
		g_autoptr(GError) connect_error = NULL;
		g_autoptr(GSocket) probe = connect_to(daemon.port, 0, &connect_error);
		if (probe == NULL) {
			/* refused, or reset: a probe the kernel had queued when sorid
			 * closed its listening socket is reset, never accepted */
			if (!g_error_matches(connect_error, G_IO_ERROR,
					     G_IO_ERROR_CONNECTION_REFUSED))
				g_assert_error(connect_error, G_IO_ERROR,
					       G_IO_ERROR_CONNECTION_CLOSED);
			refused = TRUE;
		} else {
			g_usleep(10000);
		}
	}
	g_assert_true(refused);

	/* and the request in flight is answered in full */
	while ((n = g_socket_receive(socket, buf, sizeof(buf), NULL, &error)) > 0)
		g_string_append_len(received, buf, n);
	g_assert_no_error(error);
	head_end = strstr(received->str, "\r\n\r\n");
	g_assert_nonnull(head_end);
	length = strstr(received->str, "Content-Length: ");
	g_assert_nonnull(length);
	content_length = g_ascii_strtoull(length + 16, NULL, 10);
	g_assert_cmpuint(content_length, >, 1024 * 1024);
	g_assert_cmpuint(received->len - (head_end + 4 - received->str), ==, content_length);
	g_assert_true(g_str_has_suffix(received->str, "}"));

	g_assert_cmpint(wait_exit_status(daemon.process), ==, 0);
	g_clear_object(&daemon.process);
	remove_data_dir(dir);
}

static void
test_sigterm_closes_idle_connections(void)
{
	Daemon daemon = { 0 };
	g_autoptr(GSocket) socket = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_dir_make_tmp("sorid-test-XXXXXX", NULL);
	gchar buf[65536];
	gssize n;
	gint64 start;

	/* a copy: sorid keeps its state (usage counts, revisions) in the data directory */
	for (guint i = 0; i < 2; i++) {
		const gchar *name = i == 0 ? "dasol-museum.json" : "haneul-wetland.json";
		g_autofree gchar *from = g_build_filename(g_getenv("SORI_SAMPLE_DIR"), name, NULL);
		g_autofree gchar *to = g_build_filename(dir, name, NULL);
		sori_test_copy_file(from, to);
	}
	daemon_start(&daemon, dir);
	socket = connect_to(daemon.port, 0, &error);
	g_assert_no_error(error);
	send_all(socket, "GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n");
	n = g_socket_receive(socket, buf, sizeof(buf), NULL, &error);
	g_assert_cmpint(n, >, 0);
	g_assert_true(g_str_has_prefix(buf, "HTTP/1.1 200 OK\r\n"));

	/* an idle keep-alive connection does not hold the shutdown up */
	start = g_get_monotonic_time();
	kill(atoi(g_subprocess_get_identifier(daemon.process)), SIGTERM);
	n = g_socket_receive(socket, buf, sizeof(buf), NULL, &error);
	g_assert_no_error(error);
	g_assert_cmpint(n, ==, 0);
	g_assert_cmpint(wait_exit_status(daemon.process), ==, 0);
	g_assert_cmpint(g_get_monotonic_time() - start, <, 5 * G_USEC_PER_SEC);
	g_clear_object(&daemon.process);
	sori_test_remove_tree(dir);
}

/* the request log: written with --verbose, not formatted at all without it */
static void
test_request_log(void)
{
	for (guint verbose = 0; verbose < 2; verbose++) {
		g_autofree gchar *dir = g_dir_make_tmp("sorid-test-XXXXXX", NULL);
		g_autofree gchar *from
			= g_build_filename(g_getenv("SORI_SAMPLE_DIR"), "dasol-museum.json", NULL);
		g_autofree gchar *to = g_build_filename(dir, "dasol-museum.json", NULL);
		g_autofree gchar *log_path = g_build_filename(dir, "sorid.log", NULL);
		g_autofree gchar *log = NULL;
		g_autoptr(GSubprocessLauncher) launcher
			= g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE);
		g_autoptr(GSocket) socket = NULL;
		g_autoptr(GError) error = NULL;
		const gchar *args[]
			= { "--data-dir", dir, "--port", "0", verbose ? "--verbose" : NULL, NULL };
		Daemon daemon = { 0 };
		gchar buf[65536];

		sori_test_copy_file(from, to);
		g_subprocess_launcher_unsetenv(launcher, "G_MESSAGES_DEBUG");
		g_subprocess_launcher_set_stderr_file_path(launcher, log_path);
		daemon.process = sori_test_start_sorid(launcher, args, &daemon.port);
		for (guint i = 0; daemon_is_loading(&daemon); i++) {
			g_assert_cmpuint(i, <, 600);
			g_usleep(100000);
		}
		socket = connect_to(daemon.port, 0, &error);
		g_assert_no_error(error);
		send_all(socket,
			 "GET /v1/venues/dasol-museum/exhibits/moon-jar?lang=en HTTP/1.1\r\n"
			 "Host: test\r\n\r\n");
		g_assert_cmpint(g_socket_receive(socket, buf, sizeof(buf) - 1, NULL, &error), >, 0);
		g_assert_no_error(error);
		kill(atoi(g_subprocess_get_identifier(daemon.process)), SIGTERM);
		g_assert_cmpint(wait_exit_status(daemon.process), ==, 0);
		g_clear_object(&daemon.process);
		g_assert_true(g_file_get_contents(log_path, &log, NULL, NULL));
		if (verbose)
			g_assert_nonnull(strstr(
				log,
				"GET /v1/venues/dasol-museum/exhibits/moon-jar 200 (fast path)"));
		else
			g_assert_null(strstr(log, "GET /v1/"));
		sori_test_remove_tree(dir);
	}
}

static void
run_sorid(const gchar *const *argv, gint *status, gchar **out, gchar **err)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GSubprocess) process = g_subprocess_newv(
		argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_communicate_utf8(process, NULL, NULL, out, err, &error));
	g_assert_no_error(error);
	*status = g_subprocess_get_exit_status(process);
}

static void
test_command_line(void)
{
	const gchar *sorid = g_getenv("SORID");
	g_autofree gchar *conf = NULL;
	gint status;

	{
		const gchar *argv[] = { sorid, "--help", NULL };
		g_autofree gchar *out = NULL;
		g_autofree gchar *err = NULL;
		run_sorid(argv, &status, &out, &err);
		g_assert_cmpint(status, ==, 0);
		g_assert_nonnull(strstr(out, "--data-dir"));
		g_assert_nonnull(strstr(out, "--config"));
		g_assert_nonnull(strstr(out, "SIGTERM"));
	}
	{
		const gchar *argv[] = { sorid, "--port", "70000", NULL };
		g_autofree gchar *out = NULL;
		g_autofree gchar *err = NULL;
		run_sorid(argv, &status, &out, &err);
		g_assert_cmpint(status, ==, 1);
		g_assert_nonnull(strstr(err, "not a TCP port"));
	}
	{
		const gchar *argv[]
			= { sorid, "--data-dir", "/nonexistent/venues", "--port", "0", NULL };
		g_autofree gchar *out = NULL;
		g_autofree gchar *err = NULL;
		run_sorid(argv, &status, &out, &err);
		g_assert_cmpint(status, ==, 1);
		g_assert_nonnull(strstr(err, "data directory"));
	}
	{
		g_autoptr(GError) error = NULL;
		gint fd = g_file_open_tmp("sorid-test-XXXXXX.conf", &conf, &error);
		const gchar *argv[] = { sorid, "--config", conf, NULL };
		g_autofree gchar *out = NULL;
		g_autofree gchar *err = NULL;
		g_assert_no_error(error);
		close(fd);
		g_assert_true(g_file_set_contents(conf, "[sorid]\nprot=8080\n", -1, NULL));
		run_sorid(argv, &status, &out, &err);
		g_assert_cmpint(status, ==, 1);
		g_assert_nonnull(strstr(err, "unknown key 'prot'"));
		g_assert_true(g_file_set_contents(conf, "[sorid]\nport=many\n", -1, NULL));
		g_free(err);
		g_free(out);
		run_sorid(argv, &status, &out, &err);
		g_assert_cmpint(status, ==, 1);
		g_assert_nonnull(strstr(err, "port: not a whole number"));
		/* what fetch-media-from opens must be host:port, each of them */
		g_assert_true(g_file_set_contents(
			conf, "[sorid]\nfetch-media-from=media.lan:443;media.lan\n", -1, NULL));
		g_free(err);
		g_free(out);
		run_sorid(argv, &status, &out, &err);
		g_assert_cmpint(status, ==, 1);
		g_assert_nonnull(strstr(err, "fetch-media-from: 'media.lan' is not host:port"));
		g_unlink(conf);
	}
}

/* a configuration's paths are its own folder's, wherever sorid is started */
static void
test_config_paths(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *tmp = g_dir_make_tmp("sorid-conf-XXXXXX", &error);
	g_autofree gchar *etc = g_build_filename(tmp, "etc", NULL);
	g_autofree gchar *venues = g_build_filename(tmp, "venues", NULL);
	g_autofree gchar *conf = g_build_filename(etc, "sorid.conf", NULL);
	g_autofree gchar *catalogue = g_build_filename(venues, "dasol-museum.json", NULL);
	g_autofree gchar *sample
		= g_build_filename(g_getenv("SORI_SAMPLE_DIR"), "dasol-museum.json", NULL);
	g_autofree gchar *contents = NULL;
	g_autofree gchar *expected = NULL;
	g_autoptr(GSubprocessLauncher) launcher = NULL;
	g_autoptr(GSubprocess) process = NULL;
	g_autoptr(GDataInputStream) log = NULL;
	gboolean seen = FALSE;

	g_assert_no_error(error);
	g_assert_cmpint(g_mkdir(etc, 0700), ==, 0);
	g_assert_cmpint(g_mkdir(venues, 0700), ==, 0);
	g_assert_true(g_file_get_contents(sample, &contents, NULL, &error));
	g_assert_true(g_file_set_contents(catalogue, contents, -1, &error));
	g_assert_true(g_file_set_contents(
		conf, "[sorid]\ndata-dir=../venues\naddress=127.0.0.1\nport=0\n", -1, &error));

	/* started from the parent folder, with the configuration's relative path */
	launcher = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_SILENCE
					     | G_SUBPROCESS_FLAGS_STDERR_PIPE);
	g_subprocess_launcher_set_cwd(launcher, tmp);
	process = g_subprocess_launcher_spawn(launcher, &error, g_getenv("SORID"), "--config",
					      "etc/sorid.conf", NULL);
	g_assert_no_error(error);
	log = g_data_input_stream_new(g_subprocess_get_stderr_pipe(process));
	/* the folder is named without "..", as an administrator reads it */
	expected = g_strdup_printf("serving 1 venues from %s, 0 failed to load", venues);
	while (!seen) {
		g_autofree gchar *line
			= g_data_input_stream_read_line_utf8(log, NULL, NULL, &error);
		g_assert_no_error(error);
		g_assert_nonnull(line);
		if (strstr(line, "msg=\"serving ") != NULL) {
			g_assert_nonnull(strstr(line, expected));
			seen = TRUE;
		}
	}
	g_subprocess_send_signal(process, SIGTERM);
	g_assert_cmpint(wait_exit_status(process), ==, 0);

	g_unlink(catalogue);
	g_unlink(conf);
	g_rmdir(venues);
	g_rmdir(etc);
	g_rmdir(tmp);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/sorid/sigterm/request-in-flight",
			test_sigterm_finishes_request_in_flight);
	g_test_add_func("/sorid/sigterm/idle-connections", test_sigterm_closes_idle_connections);
	g_test_add_func("/sorid/command-line", test_command_line);
	g_test_add_func("/sorid/request-log", test_request_log);
	g_test_add_func("/sorid/config-paths", test_config_paths);
	return g_test_run();
}
