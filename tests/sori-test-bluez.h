/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A private bus with a mock bluetoothd on it (python-dbusmock's bluez5
 * template, extended in tests/bluez/), for the tests that talk to BlueZ.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct {
	GSubprocess *bus_daemon;
	GSubprocess *bluez;
	gchar *address;
	GDBusConnection *bus;
} SoriTestBluez;

void sori_test_bluez_setup(SoriTestBluez *t);
void sori_test_bluez_teardown(SoriTestBluez *t);
void sori_test_bluez_start(SoriTestBluez *t);
void sori_test_bluez_stop(SoriTestBluez *t);
GVariant *sori_test_bluez_call(SoriTestBluez *t, const gchar *path, const gchar *iface,
			       const gchar *method, GVariant *args, const GVariantType *reply_type,
			       GError **error);
gboolean sori_test_wait_until(gboolean (*done)(gpointer), gpointer data, guint seconds);

G_END_DECLS
