/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <signal.h>

#include "sori-test-bluez.h"
#include "sori-test-util.h"

/**
 * sori_test_wait_until:
 *
 * Turns the main loop until @done says so, for at most @seconds.
 */
gboolean
sori_test_wait_until(gboolean (*done)(gpointer), gpointer data, guint seconds)
{
	gint64 deadline = g_get_monotonic_time() + seconds * G_USEC_PER_SEC;
	while (!done(data)) {
		if (g_get_monotonic_time() > deadline)
			return FALSE;
		g_main_context_iteration(NULL, FALSE);
		g_usleep(2000);
	}
	return TRUE;
}

typedef struct {
	GVariant *reply;
	GError *error;
	gboolean done;
} CallState;

static void
call_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	CallState *state = user_data;
	state->reply
		= g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, &state->error);
	state->done = TRUE;
}

static GVariant *
call_name(SoriTestBluez *t, const gchar *name, const gchar *path, const gchar *iface,
	  const gchar *method, GVariant *args, const GVariantType *reply_type, GError **error)
{
	CallState state = { NULL, NULL, FALSE };
	g_dbus_connection_call(t->bus, name, path, iface, method, args, reply_type,
			       G_DBUS_CALL_FLAGS_NONE, 5000, NULL, call_done_cb, &state);
	while (!state.done)
		g_main_context_iteration(NULL, TRUE);
	if (state.error != NULL)
		g_propagate_error(error, state.error);
	return state.reply;
}

/**
 * sori_test_bluez_call:
 *
 * Calls the mock bluetoothd, turning the main loop while it waits: it may call
 * back into objects this thread exports.
 */
GVariant *
sori_test_bluez_call(SoriTestBluez *t, const gchar *path, const gchar *iface, const gchar *method,
		     GVariant *args, const GVariantType *reply_type, GError **error)
{
	return call_name(t, "org.bluez", path, iface, method, args, reply_type, error);
}

static gboolean
has_bluez(gpointer data)
{
	SoriTestBluez *t = data;
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply = call_name(
		t, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
		"NameHasOwner", g_variant_new("(s)", "org.bluez"), G_VARIANT_TYPE("(b)"), &error);
	gboolean owned = FALSE;
	if (reply != NULL)
		g_variant_get(reply, "(b)", &owned);
	return owned;
}

/**
 * sori_test_bluez_start:
 *
 * Starts the mock bluetoothd with one advertising adapter, hci0.
 */
void
sori_test_bluez_start(SoriTestBluez *t)
{
	g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new(
		G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply = NULL;

	g_subprocess_launcher_setenv(launcher, "DBUS_SYSTEM_BUS_ADDRESS", t->address, TRUE);
	g_subprocess_launcher_set_child_setup(launcher, sori_test_die_with_parent, NULL, NULL);
	/* Debian's python3-dbusmock lives with Debian's python3 */
	t->bluez = g_subprocess_launcher_spawn(launcher, &error, "/usr/bin/python3", "-m",
					       "dbusmock", "--template",
					       g_getenv("SORI_BLUEZ_TEMPLATE"), NULL);
	g_assert_no_error(error);
	g_assert_true(sori_test_wait_until(has_bluez, t, 20));
	reply = sori_test_bluez_call(t, "/", "org.bluez.Mock", "AddAdvertisingAdapter",
				     g_variant_new("(ss)", "hci0", "gallery-1"), NULL, &error);
	g_assert_no_error(error);
}

void
sori_test_bluez_stop(SoriTestBluez *t)
{
	if (t->bluez == NULL)
		return;
	g_subprocess_send_signal(t->bluez, SIGTERM);
	g_subprocess_wait(t->bluez, NULL, NULL);
	g_clear_object(&t->bluez);
}

/**
 * sori_test_bluez_setup:
 *
 * Starts a private dbus-daemon, connects to it and starts the mock bluetoothd.
 */
void
sori_test_bluez_setup(SoriTestBluez *t)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GDataInputStream) out = NULL;
	g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new(
		G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);

	g_subprocess_launcher_set_child_setup(launcher, sori_test_die_with_parent, NULL, NULL);
	t->bus_daemon = g_subprocess_launcher_spawn(launcher, &error, "dbus-daemon", "--session",
						    "--nofork", "--print-address=1", NULL);
	g_assert_no_error(error);
	out = g_data_input_stream_new(g_subprocess_get_stdout_pipe(t->bus_daemon));
	t->address = g_data_input_stream_read_line_utf8(out, NULL, NULL, &error);
	g_assert_no_error(error);
	g_assert_nonnull(t->address);
	t->bus = g_dbus_connection_new_for_address_sync(
		t->address,
		G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
			| G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
		NULL, NULL, &error);
	g_assert_no_error(error);
	sori_test_bluez_start(t);
}

void
sori_test_bluez_teardown(SoriTestBluez *t)
{
	sori_test_bluez_stop(t);
	g_clear_object(&t->bus);
	if (t->bus_daemon != NULL) {
		g_subprocess_force_exit(t->bus_daemon);
		g_subprocess_wait(t->bus_daemon, NULL, NULL);
	}
	g_clear_object(&t->bus_daemon);
	g_clear_pointer(&t->address, g_free);
}
