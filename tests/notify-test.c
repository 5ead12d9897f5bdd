/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sorid under systemd's Type=notify, with the test as systemd: a Unix datagram
 * socket named by $NOTIFY_SOCKET that receives READY=1 once sorid serves,
 * WATCHDOG=1 every half $WATCHDOG_USEC from its main loop, and STOPPING=1 on
 * SIGTERM; and sorid without a $NOTIFY_SOCKET, or with a broken one, as before.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <gio/gio.h>

#include "sori-test-util.h"

/* what systemd would see: the datagrams, each with when it came */
typedef struct {
	gint fd;
	gchar *name; /* $NOTIFY_SOCKET */
	gchar *dir;
	GSubprocess *process;
	guint16 port;
} Fixture;

static void
fixture_bind(Fixture *fixture, gboolean abstract)
{
	struct sockaddr_un address = { .sun_family = AF_UNIX };
	g_autoptr(GError) error = NULL;
	socklen_t len;

	fixture->dir = g_dir_make_tmp("notify-test-XXXXXX", &error);
	g_assert_no_error(error);
	fixture->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	g_assert_cmpint(fixture->fd, >=, 0);
	if (abstract) {
		fixture->name = g_strdup_printf("@sori-notify-test-%d", (gint) getpid());
		memcpy(address.sun_path, fixture->name, strlen(fixture->name));
		address.sun_path[0] = '\0';
		len = (socklen_t) (offsetof(struct sockaddr_un, sun_path) + strlen(fixture->name));
	} else {
		fixture->name = g_build_filename(fixture->dir, "notify", NULL);
		g_assert_cmpuint(strlen(fixture->name), <, sizeof(address.sun_path));
		strcpy(address.sun_path, fixture->name);
		len = sizeof(address);
	}
	g_assert_cmpint(bind(fixture->fd, (struct sockaddr *) &address, len), ==, 0);
}

static void
fixture_teardown(Fixture *fixture, gconstpointer data)
{
	if (fixture->process != NULL) {
		g_subprocess_force_exit(fixture->process);
		g_subprocess_wait(fixture->process, NULL, NULL);
		g_clear_object(&fixture->process);
	}
	if (fixture->fd >= 0)
		close(fixture->fd);
	if (fixture->dir != NULL)
		sori_test_remove_tree(fixture->dir);
	g_free(fixture->name);
	g_free(fixture->dir);
}

/* sorid on the sample venues, with these extra variables (NAME=VALUE…, NULL-terminated) */
static void
fixture_start(Fixture *fixture, const gchar *const *environment)
{
	g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new(
		G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
	const gchar *args[] = { "--data-dir", g_getenv("SORI_SAMPLE_DIR"), "--port", "0", NULL };

	g_subprocess_launcher_unsetenv(launcher, "NOTIFY_SOCKET");
	g_subprocess_launcher_unsetenv(launcher, "WATCHDOG_USEC");
	g_subprocess_launcher_unsetenv(launcher, "WATCHDOG_PID");
	for (guint i = 0; environment != NULL && environment[i] != NULL; i++) {
		g_auto(GStrv) pair = g_strsplit(environment[i], "=", 2);
		g_subprocess_launcher_setenv(launcher, pair[0], pair[1], TRUE);
	}
	fixture->process = sori_test_start_sorid(launcher, args, &fixture->port);
}

/* the next datagram within @timeout_ms, or NULL; @when: its arrival, µs */
static gchar *
fixture_receive(Fixture *fixture, gint timeout_ms, gint64 *when)
{
	struct pollfd poll_fd = { .fd = fixture->fd, .events = POLLIN };
	gchar buffer[4096];
	gssize n;

	if (poll(&poll_fd, 1, timeout_ms) != 1)
		return NULL;
	n = recv(fixture->fd, buffer, sizeof(buffer) - 1, 0);
	g_assert_cmpint(n, >, 0);
	if (when != NULL)
		*when = g_get_monotonic_time();
	return g_strndup(buffer, (gsize) n);
}

/* waits up to @timeout_ms for a datagram with @line among its lines, skipping others */
static gchar *
fixture_wait_for(Fixture *fixture, const gchar *line, gint timeout_ms)
{
	gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * 1000;

	for (;;) {
		gint left = (gint) ((deadline - g_get_monotonic_time()) / 1000);
		g_autofree gchar *message = NULL;
		g_auto(GStrv) lines = NULL;

		if (left <= 0)
			return NULL;
		message = fixture_receive(fixture, left, NULL);
		if (message == NULL)
			return NULL;
		lines = g_strsplit(message, "\n", -1);
		if (g_strv_contains((const gchar *const *) lines, line))
			return g_steal_pointer(&message);
	}
}

/* GET /healthz's status line, over a plain socket */
static gchar *
fixture_healthz(Fixture *fixture)
{
	g_autoptr(GSocketClient) client = g_socket_client_new();
	g_autoptr(GSocketConnection) connection = NULL;
	g_autoptr(GDataInputStream) in = NULL;
	g_autoptr(GError) error = NULL;
	const gchar *request = "GET /healthz HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n";

	g_socket_client_set_timeout(client, 10);
	connection
		= g_socket_client_connect_to_host(client, "127.0.0.1", fixture->port, NULL, &error);
	g_assert_no_error(error);
	g_output_stream_write_all(g_io_stream_get_output_stream(G_IO_STREAM(connection)), request,
				  strlen(request), NULL, NULL, &error);
	g_assert_no_error(error);
	in = g_data_input_stream_new(g_io_stream_get_input_stream(G_IO_STREAM(connection)));
	g_data_input_stream_set_newline_type(in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
	return g_data_input_stream_read_line_utf8(in, NULL, NULL, &error);
}

/* SIGTERM: STOPPING=1 (when @notified), then a clean exit */
static void
fixture_stop(Fixture *fixture, gboolean notified)
{
	g_autoptr(GError) error = NULL;

	g_subprocess_send_signal(fixture->process, SIGTERM);
	if (notified) {
		g_autofree gchar *stopping = fixture_wait_for(fixture, "STOPPING=1", 10000);
		g_assert_nonnull(stopping);
		g_assert_nonnull(strstr(stopping, "STATUS=stopping"));
	}
	g_subprocess_wait_check(fixture->process, NULL, &error);
	g_assert_no_error(error);
	g_clear_object(&fixture->process);
}

static gint
compare_gint64(gconstpointer a, gconstpointer b)
{
	gint64 x = *(const gint64 *) a;
	gint64 y = *(const gint64 *) b;
	return x < y ? -1 : x > y;
}

static void
test_notify_watchdog(Fixture *fixture, gconstpointer data)
{
	g_autofree gchar *environment_socket = NULL;
	g_autofree gchar *ready = NULL;
	g_autofree gchar *status = NULL;
	g_autoptr(GArray) times = g_array_new(FALSE, FALSE, sizeof(gint64));
	g_autoptr(GArray) gaps = g_array_new(FALSE, FALSE, sizeof(gint64));
	gint64 start;
	gint64 median;

	fixture_bind(fixture, GPOINTER_TO_INT(data));
	environment_socket = g_strconcat("NOTIFY_SOCKET=", fixture->name, NULL);
	{
		const gchar *environment[] = { environment_socket, "WATCHDOG_USEC=400000", NULL };
		fixture_start(fixture, environment);
	}
	/* ready once it serves: the port answers by then */
	ready = fixture_wait_for(fixture, "READY=1", 10000);
	g_assert_nonnull(ready);
	/* the venues may still be loading on a slow machine: counted, not asserted */
	g_assert_nonnull(strstr(ready, "STATUS=serving "));
	status = fixture_healthz(fixture);
	g_assert_cmpstr(status, ==, "HTTP/1.1 200 OK");

	/* fed every 200 ms, half the watchdog's 400 ms */
	start = g_get_monotonic_time();
	while (g_get_monotonic_time() - start < 1500 * 1000) {
		gint64 when = 0;
		g_autofree gchar *message = fixture_receive(fixture, 1000, &when);
		g_assert_nonnull(message);
		if (g_strcmp0(message, "WATCHDOG=1") == 0)
			g_array_append_val(times, when);
	}
	g_assert_cmpuint(times->len, >=, 6);
	g_assert_cmpuint(times->len, <=, 9);
	for (guint i = 1; i < times->len; i++) {
		gint64 gap = g_array_index(times, gint64, i) - g_array_index(times, gint64, i - 1);
		g_array_append_val(gaps, gap);
	}
	g_array_sort(gaps, compare_gint64);
	median = g_array_index(gaps, gint64, gaps->len / 2);
	g_test_message("watchdog: %u pings in 1.5 s, median gap %" G_GINT64_FORMAT " µs",
		       times->len, median);
	g_assert_cmpint(median, >=, 170 * 1000);
	g_assert_cmpint(median, <=, 260 * 1000);

	/* a main loop that stops turning stops feeding the watchdog */
	g_subprocess_send_signal(fixture->process, SIGSTOP);
	while (fixture_receive(fixture, 0, NULL) != NULL) /* what was sent before */
		;
	{
		g_autofree gchar *message = fixture_receive(fixture, 600, NULL);
		g_assert_null(message);
	}
	g_subprocess_send_signal(fixture->process, SIGCONT);
	g_free(fixture_wait_for(fixture, "WATCHDOG=1", 1000));

	/* SIGHUP: reloading, then ready again */
	g_subprocess_send_signal(fixture->process, SIGHUP);
	{
		g_autofree gchar *reloading = fixture_wait_for(fixture, "RELOADING=1", 5000);
		g_autofree gchar *again = NULL;
		g_assert_nonnull(reloading);
		g_assert_nonnull(strstr(reloading, "MONOTONIC_USEC="));
		again = fixture_wait_for(fixture, "READY=1", 5000);
		g_assert_nonnull(again);
	}
	fixture_stop(fixture, TRUE);
}

/* $WATCHDOG_PID names another process (sorid's parent, say): not sorid's to feed */
static void
test_notify_watchdog_other_pid(Fixture *fixture, gconstpointer data)
{
	g_autofree gchar *environment_socket = NULL;
	g_autofree gchar *environment_pid = g_strdup_printf("WATCHDOG_PID=%d", (gint) getpid());
	g_autofree gchar *ready = NULL;
	gint64 start;

	fixture_bind(fixture, FALSE);
	environment_socket = g_strconcat("NOTIFY_SOCKET=", fixture->name, NULL);
	{
		const gchar *environment[]
			= { environment_socket, "WATCHDOG_USEC=100000", environment_pid, NULL };
		fixture_start(fixture, environment);
	}
	ready = fixture_wait_for(fixture, "READY=1", 10000);
	g_assert_nonnull(ready);
	start = g_get_monotonic_time();
	while (g_get_monotonic_time() - start < 500 * 1000) {
		g_autofree gchar *message = fixture_receive(fixture, 100, NULL);
		g_assert_cmpstr(message, !=, "WATCHDOG=1");
	}
	fixture_stop(fixture, TRUE);
}

/* outside systemd, or with a socket nobody listens on: sorid serves as before */
static void
test_notify_absent(Fixture *fixture, gconstpointer data)
{
	const gchar *broken[]
		= { "NOTIFY_SOCKET=/nonexistent/notify", "WATCHDOG_USEC=100000", NULL };
	const gchar *relative[] = { "NOTIFY_SOCKET=notify", NULL };
	const gchar *const *environments[] = { NULL, broken, relative };

	fixture->fd = -1;
	for (guint i = 0; i < G_N_ELEMENTS(environments); i++) {
		g_autofree gchar *status = NULL;
		fixture_start(fixture, environments[i]);
		status = fixture_healthz(fixture);
		g_assert_cmpstr(status, ==, "HTTP/1.1 200 OK");
		/* a few watchdog periods, each a failed send */
		g_usleep(300 * 1000);
		fixture_stop(fixture, FALSE);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/notify/watchdog/path", Fixture, GINT_TO_POINTER(FALSE), NULL,
		   test_notify_watchdog, fixture_teardown);
	g_test_add("/notify/watchdog/abstract", Fixture, GINT_TO_POINTER(TRUE), NULL,
		   test_notify_watchdog, fixture_teardown);
	g_test_add("/notify/watchdog/other-pid", Fixture, NULL, NULL,
		   test_notify_watchdog_other_pid, fixture_teardown);
	g_test_add("/notify/absent", Fixture, NULL, NULL, test_notify_absent, fixture_teardown);
	return g_test_run();
}
