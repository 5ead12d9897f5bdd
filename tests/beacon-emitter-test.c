/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sori-beacon against a mock bluetoothd (python-dbusmock's bluez5 template,
 * extended in tests/bluez/ with LEAdvertisingManager1) on a private bus:
 * the bytes registered, registering again after bluetoothd restarts, and
 * the EID rotating on time.
 */

#include "config.h"

#include <string.h>

#include "sori-beacon-emitter.h"
#include "sori-test-bluez.h"
#include "sori-test-util.h"

typedef struct {
	SoriTestBluez t;
	GDBusConnection *bus; /* t's */
	gint64 clock_base;    /* the fake Unix time at clock_start */
	gint64 clock_start;
} Fixture;

static gint64
fake_clock(gpointer user_data)
{
	Fixture *f = user_data;
	return f->clock_base + (g_get_monotonic_time() - f->clock_start) / G_USEC_PER_SEC;
}

static void
fixture_setup(Fixture *f, gconstpointer user_data)
{
	sori_test_bluez_setup(&f->t);
	f->bus = f->t.bus;
}

static void
fixture_teardown(Fixture *f, gconstpointer user_data)
{
	sori_test_bluez_teardown(&f->t);
}

/* what the mock bluetoothd has registered: path → hex */
static GHashTable *
registered(Fixture *f)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply = sori_test_bluez_call(
		&f->t, "/", "org.bluez.Mock", "GetAdvertisements", g_variant_new("(s)", "hci0"),
		G_VARIANT_TYPE("(a(ss))"), &error);
	GHashTable *table = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	g_autoptr(GVariantIter) iter = NULL;
	const gchar *path;
	const gchar *hex;
	g_assert_no_error(error);
	g_variant_get(reply, "(a(ss))", &iter);
	while (g_variant_iter_next(iter, "(&s&s)", &path, &hex))
		g_hash_table_insert(table, g_strdup(path), g_strdup(hex));
	return table;
}

typedef struct {
	Fixture *f;
	SoriBeaconEmitter *emitter;
	guint n;
} Waiting;

static gboolean
registered_n(gpointer data)
{
	Waiting *w = data;
	g_autoptr(GHashTable) table = NULL;
	if (sori_beacon_emitter_get_n_registered(w->emitter) != w->n)
		return FALSE;
	table = registered(w->f);
	return g_hash_table_size(table) == w->n;
}

static const guint8 lobby_key[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

static SoriBeaconEmitter *
new_emitter(Fixture *f, guint8 exponent)
{
	SoriBeaconSlot slots[2] = { 0 };
	SoriBeaconEmitter *emitter;
	slots[0].frame.kind = SORI_FRAME_KIND_IBEACON;
	slots[0].frame.tx_power = -59;
	memcpy(slots[0].frame.u.ibeacon.uuid,
	       "\x5a\x4b\xcf\xce\x17\x4e\x4b\xac\xa8\x14\x09\x2e\x77\xf6\xb7\xe5", 16);
	slots[0].frame.u.ibeacon.major = 1;
	slots[0].frame.u.ibeacon.minor = 101;
	slots[1].frame.kind = SORI_FRAME_KIND_EDDYSTONE_EID;
	slots[1].frame.tx_power = -18;
	slots[1].rotating_eid = TRUE;
	memcpy(slots[1].identity_key, lobby_key, 16);
	slots[1].exponent = exponent;
	slots[1].clock_offset = -1489580104;
	emitter = sori_beacon_emitter_new(f->bus, slots, 2);
	sori_beacon_emitter_set_clock(emitter, fake_clock, f);
	return emitter;
}

/* an emitter of an iBeacon and an EID, its clock starting at @clock_base,
 * started and waited for until bluetoothd has both advertisements */
static SoriBeaconEmitter *
start_emitter(Fixture *f, gint64 clock_base, guint8 exponent, Waiting *w)
{
	SoriBeaconEmitter *emitter;

	f->clock_base = clock_base;
	f->clock_start = g_get_monotonic_time();
	emitter = new_emitter(f, exponent);
	*w = (Waiting){ f, emitter, 2 };
	sori_beacon_emitter_start(emitter);
	g_assert_true(sori_test_wait_until(registered_n, w, 10));
	return emitter;
}

static gchar *
expected_eid_payload(gint64 unix_time, guint8 exponent)
{
	guint8 eid[8];
	g_autofree gchar *eid_hex = NULL;
	sori_eid_compute(lobby_key, exponent, (guint32) (unix_time - 1489580104), eid);
	eid_hex = sori_test_hex(eid, 8);
	return g_strconcat("0303aafe0d16aafe30ee", eid_hex, NULL);
}

static void
test_registers_bytes(Fixture *f, gconstpointer user_data)
{
	g_autoptr(SoriBeaconEmitter) emitter = NULL;
	g_autoptr(GHashTable) table = NULL;
	g_autofree gchar *eid = NULL;
	Waiting w;

	emitter = start_emitter(f, 1795000000, 10, &w);
	table = registered(f);
	/* the iBeacon, as BlueZ sends a broadcast advertisement: no flags */
	g_assert_cmpstr(g_hash_table_lookup(table, "/org/sori/beacon/advertisement0"), ==,
			"1aff4c0002155a4bcfce174e4baca814092e77f6b7e500010065c5");
	eid = expected_eid_payload(1795000000, 10);
	g_assert_cmpstr(g_hash_table_lookup(table, "/org/sori/beacon/advertisement1"), ==, eid);

	/* a second registration of the same path is refused, as bluetoothd does */
	{
		g_autoptr(GError) error = NULL;
		g_autoptr(GVariant) reply = sori_test_bluez_call(
			&f->t, "/org/bluez/hci0", "org.bluez.LEAdvertisingManager1",
			"RegisterAdvertisement",
			g_variant_new("(oa{sv})", "/org/sori/beacon/advertisement0", NULL), NULL,
			&error);
		g_assert_null(reply);
		g_assert_nonnull(error);
	}
}

static void
test_bluetoothd_restarts(Fixture *f, gconstpointer user_data)
{
	g_autoptr(SoriBeaconEmitter) emitter = NULL;
	g_autoptr(GHashTable) table = NULL;
	Waiting w;

	emitter = start_emitter(f, 1795000000, 10, &w);

	/* bluetoothd goes, and comes back knowing nothing */
	sori_test_bluez_stop(&f->t);
	while (sori_beacon_emitter_get_n_registered(emitter) != 0)
		g_main_context_iteration(NULL, TRUE);
	sori_test_bluez_start(&f->t);
	g_assert_true(sori_test_wait_until(registered_n, &w, 10));
	table = registered(f);
	g_assert_cmpstr(g_hash_table_lookup(table, "/org/sori/beacon/advertisement0"), ==,
			"1aff4c0002155a4bcfce174e4baca814092e77f6b7e500010065c5");
	g_assert_cmpuint(sori_beacon_emitter_get_n_registrations(emitter), ==, 4);
}

static gboolean
eid_changed(gpointer data)
{
	Waiting *w = data;
	g_autoptr(GHashTable) table = registered(w->f);
	g_autofree gchar *next = expected_eid_payload(w->f->clock_base + 2, 4);
	return g_strcmp0(g_hash_table_lookup(table, "/org/sori/beacon/advertisement1"), next) == 0;
}

static void
test_eid_rotates(Fixture *f, gconstpointer user_data)
{
	g_autoptr(SoriBeaconEmitter) emitter = NULL;
	g_autoptr(GHashTable) table = NULL;
	g_autofree gchar *first = NULL;
	Waiting w;
	gint64 period = 16;
	/* two seconds before a 16-second period of the beacon's counter ends */
	gint64 beacon_boundary = ((1795000000 - 1489580104) / period + 1) * period;

	emitter = start_emitter(f, beacon_boundary + 1489580104 - 2, 4, &w);
	table = registered(f);
	first = expected_eid_payload(f->clock_base, 4);
	g_assert_cmpstr(g_hash_table_lookup(table, "/org/sori/beacon/advertisement1"), ==, first);
	/* the period rolls over: the next EID goes on the air */
	g_assert_true(sori_test_wait_until(eid_changed, &w, 8));
	/* the EID was registered again, with its new data */
	g_assert_cmpuint(sori_beacon_emitter_get_n_registrations(emitter), >=, 3);
}

static GVariant *
big_property_cb(GDBusConnection *connection, const gchar *sender, const gchar *path,
		const gchar *iface, const gchar *property, GError **error, gpointer user_data)
{
	static const guint8 data[40] = { 0 };
	GVariantBuilder builder;
	if (g_str_equal(property, "Type"))
		return g_variant_new_string("broadcast");
	g_variant_builder_init(&builder, G_VARIANT_TYPE("a{qv}"));
	g_variant_builder_add(
		&builder, "{qv}", (guint16) 0x004c,
		g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, data, sizeof(data), 1));
	return g_variant_builder_end(&builder);
}

static void
register_big_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	GError **error = user_data;
	g_autoptr(GVariant) reply
		= g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, error);
	g_assert_null(reply);
}

static gboolean
error_set(gpointer data)
{
	return *(GError **) data != NULL;
}

static void
test_too_long_refused(Fixture *f, gconstpointer user_data)
{
	/* the mock holds BlueZ's limit of 31 bytes of advertising data */
	static const gchar xml[] = "<node><interface name='org.bluez.LEAdvertisement1'>"
				   "<method name='Release'/>"
				   "<property name='Type' type='s' access='read'/>"
				   "<property name='ManufacturerData' type='a{qv}' access='read'/>"
				   "</interface></node>";
	g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml(xml, NULL);
	static const GDBusInterfaceVTable vtable = { NULL, big_property_cb, NULL };
	g_autoptr(GError) error = NULL;
	g_autoptr(GError) register_error = NULL;
	guint id = g_dbus_connection_register_object(f->bus, "/test/big", info->interfaces[0],
						     &vtable, NULL, NULL, &error);

	g_assert_no_error(error);
	/* asynchronously: the mock calls back for the properties, as bluetoothd does */
	g_dbus_connection_call(
		f->bus, "org.bluez", "/org/bluez/hci0", "org.bluez.LEAdvertisingManager1",
		"RegisterAdvertisement", g_variant_new("(oa{sv})", "/test/big", NULL), NULL,
		G_DBUS_CALL_FLAGS_NONE, 5000, NULL, register_big_cb, &register_error);
	g_assert_true(sori_test_wait_until(error_set, &register_error, 10));
	g_assert_nonnull(strstr(register_error->message, "org.bluez.Error.InvalidLength"));
	g_dbus_connection_unregister_object(f->bus, id);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/beacon-emitter/registers-bytes", Fixture, NULL, fixture_setup,
		   test_registers_bytes, fixture_teardown);
	g_test_add("/beacon-emitter/bluetoothd-restarts", Fixture, NULL, fixture_setup,
		   test_bluetoothd_restarts, fixture_teardown);
	g_test_add("/beacon-emitter/eid-rotates", Fixture, NULL, fixture_setup, test_eid_rotates,
		   fixture_teardown);
	g_test_add("/beacon-emitter/too-long-refused", Fixture, NULL, fixture_setup,
		   test_too_long_refused, fixture_teardown);
	return g_test_run();
}
