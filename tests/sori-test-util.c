/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gstdio.h>

#include "sori-test-util.h"

void
sori_test_copy_file(const gchar *from, const gchar *to)
{
	g_autofree gchar *text = NULL;
	gsize len = 0;
	g_assert_true(g_file_get_contents(from, &text, &len, NULL));
	g_assert_true(g_file_set_contents(to, text, len, NULL));
}

/* a temporary directory of the tests, and all in it */
void
sori_test_remove_tree(const gchar *path)
{
	g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
	const gchar *name;
	while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *child = g_build_filename(path, name, NULL);
		if (g_file_test(child, G_FILE_TEST_IS_DIR)
		    && !g_file_test(child, G_FILE_TEST_IS_SYMLINK))
			sori_test_remove_tree(child);
		else
			g_unlink(child);
	}
	g_rmdir(path);
}

/**
 * sori_test_find_in_tree:
 * @needle: bytes to look for
 *
 * Returns: (transfer full) (nullable): the first file under @path whose
 *	content holds @needle, or %NULL when none does
 */
gchar *
sori_test_find_in_tree(const gchar *path, const gchar *needle)
{
	g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
	const gchar *name;
	while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *child = g_build_filename(path, name, NULL);
		g_autofree gchar *text = NULL;
		gsize len = 0;
		if (g_file_test(child, G_FILE_TEST_IS_SYMLINK))
			continue;
		if (g_file_test(child, G_FILE_TEST_IS_DIR)) {
			gchar *found = sori_test_find_in_tree(child, needle);
			if (found != NULL)
				return found;
			continue;
		}
		if (g_file_get_contents(child, &text, &len, NULL)
		    && g_strstr_len(text, (gssize) len, needle) != NULL)
			return g_steal_pointer(&child);
	}
	return NULL;
}

/**
 * sori_test_hex:
 *
 * Returns: (transfer full): @data in lower-case hexadecimal
 */
gchar *
sori_test_hex(const guint8 *data, gsize len)
{
	GString *s = g_string_new(NULL);
	for (gsize i = 0; i < len; i++)
		g_string_append_printf(s, "%02x", data[i]);
	return g_string_free(s, FALSE);
}

/**
 * sori_test_die_with_parent:
 *
 * A #GSpawnChildSetupFunc: the child is killed when the test that started it
 * dies, even one that aborts on a failed assertion and so never tears down
 * (a sorid left behind loops on, under the next benchmarks). The parent is
 * the thread that spawned it: spawn from the test's main thread.
 */
void
sori_test_die_with_parent(gpointer user_data)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
}

/**
 * sori_test_start_sorid:
 * @launcher: (nullable): a launcher with an environment of its own, whose
 *	standard output is a pipe; %NULL for the tests' own environment. Its
 *	child setup becomes sori_test_die_with_parent()
 * @args: sorid's arguments, NULL-terminated; "--port 0" among them
 * @port: (out): the port it listens on, from its start-up line
 *
 * Returns: (transfer full): sorid, listening
 */
GSubprocess *
sori_test_start_sorid(GSubprocessLauncher *launcher, const gchar *const *args, guint16 *port)
{
	const gchar *prefix = "sorid: listening on http://127.0.0.1:";
	g_autoptr(GSubprocessLauncher) own = NULL;
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(GDataInputStream) out = NULL;
	g_autofree gchar *line = NULL;
	GSubprocess *process;

	if (launcher == NULL) {
		own = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE
						| G_SUBPROCESS_FLAGS_STDERR_SILENCE);
		launcher = own;
	}
	g_subprocess_launcher_set_child_setup(launcher, sori_test_die_with_parent, NULL, NULL);
	g_ptr_array_add(argv, (gpointer) g_getenv("SORID"));
	for (guint i = 0; args[i] != NULL; i++)
		g_ptr_array_add(argv, (gpointer) args[i]);
	g_ptr_array_add(argv, NULL);
	process = g_subprocess_launcher_spawnv(launcher, (const gchar *const *) argv->pdata,
					       &error);
	g_assert_no_error(error);
	out = g_data_input_stream_new(g_subprocess_get_stdout_pipe(process));
	line = g_data_input_stream_read_line_utf8(out, NULL, NULL, &error);
	g_assert_no_error(error);
	g_assert_nonnull(line);
	g_assert_true(g_str_has_prefix(line, prefix));
	g_assert_true(g_str_has_suffix(line, "/"));
	*port = (guint16) g_ascii_strtoull(line + strlen(prefix), NULL, 10);
	g_assert_cmpuint(*port, >, 0);
	return process;
}

/**
 * sori_test_free_port:
 *
 * Returns: a port of 127.0.0.1 nothing listens on, just now
 */
guint16
sori_test_free_port(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
	g_autoptr(GSocketAddress) any = g_inet_socket_address_new(loopback, 0);
	g_autoptr(GSocketAddress) bound = NULL;
	g_autoptr(GSocket) socket = g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
						 G_SOCKET_PROTOCOL_TCP, &error);

	g_assert_no_error(error);
	g_assert_true(g_socket_bind(socket, any, FALSE, &error));
	bound = g_socket_get_local_address(socket, &error);
	g_assert_no_error(error);
	return g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(bound));
}
