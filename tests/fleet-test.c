/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sorid's fleet monitor against a mock bluetoothd on a private bus: it scans
 * with the right filter, tracks the beacons the sample venues declare from
 * mock devices' ManufacturerData and ServiceData, drops everything else,
 * flags missing beacons and low batteries, and scans again when bluetoothd
 * comes back.
 */

#include "config.h"

#include <string.h>

#include "sori-fleet.h"
#include "sori-test-bluez.h"

#define EDDYSTONE_UUID "0000feaa-0000-1000-8000-00805f9b34fb"
#define BEACON_101     "ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:1:101"
#define BEACON_HALL    "eddystone-uid:f1e2d3c4b5a697887766:000000000001"

typedef struct {
	SoriTestBluez t;
	SoriVenueStore *store;
	SoriFleet *fleet;
	gint64 now;
	GPtrArray *warnings;
} Fixture;

static gint64
fake_clock(gpointer user_data)
{
	return ((Fixture *) user_data)->now;
}

static Fixture *current;

/* the monitor's warnings are what an operator reads: collect them */
static void
collect_cb(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer user_data)
{
	if (current != NULL && (level & G_LOG_LEVEL_WARNING) != 0)
		g_ptr_array_add(current->warnings, g_strdup(message));
}

/* and they are expected, not fatal */
static gboolean
fatal_cb(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer user_data)
{
	return g_strcmp0(domain, "sori-fleet") != 0;
}

static void
fixture_setup(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;

	current = f;
	f->warnings = g_ptr_array_new_with_free_func(g_free);
	g_test_log_set_fatal_handler(fatal_cb, NULL);
	g_log_set_handler("sori-fleet", G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
			  collect_cb, NULL);
	sori_test_bluez_setup(&f->t);
	f->store = sori_venue_store_new(g_getenv("SORI_SAMPLE_DIR"));
	g_assert_true(sori_venue_store_load(f->store, &error));
	g_assert_no_error(error);
	f->now = 1795000000;
	f->fleet = sori_fleet_new(f->store, 60, 2200);
	sori_fleet_set_clock(f->fleet, fake_clock, f);
}

static void
fixture_teardown(Fixture *f, gconstpointer user_data)
{
	g_clear_object(&f->fleet);
	g_clear_object(&f->store);
	sori_test_bluez_teardown(&f->t);
	g_ptr_array_unref(f->warnings);
	current = NULL;
}

static gboolean
scanning(gpointer data)
{
	Fixture *f = data;
	return sori_fleet_get_scanning(f->fleet) == 1;
}

static gboolean
not_scanning(gpointer data)
{
	Fixture *f = data;
	return sori_fleet_get_scanning(f->fleet) == 0;
}

static GVariant *
bytes(const gchar *hex)
{
	gsize len = strlen(hex) / 2;
	g_autofree guint8 *data = g_new(guint8, len);
	for (gsize i = 0; i < len; i++)
		data[i] = (guint8) ((g_ascii_xdigit_value(hex[2 * i]) << 4)
				    | g_ascii_xdigit_value(hex[2 * i + 1]));
	return g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, data, len, 1);
}

static gchar *
add_device(Fixture *f, const gchar *address)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply = sori_test_bluez_call(
		&f->t, "/", "org.bluez.Mock", "AddDevice",
		g_variant_new("(sss)", "hci0", address, ""), G_VARIANT_TYPE("(s)"), &error);
	gchar *path = NULL;
	g_assert_no_error(error);
	g_variant_get(reply, "(s)", &path);
	return path;
}

/* what bluetoothd does when an advertisement arrives: the device's properties change */
static void
advertise(Fixture *f, const gchar *path, guint16 company, const gchar *manufacturer_hex,
	  const gchar *service_hex, gint16 rssi)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply = NULL;
	GVariantBuilder props;

	g_variant_builder_init(&props, G_VARIANT_TYPE("a{sv}"));
	if (manufacturer_hex != NULL) {
		GVariantBuilder data;
		g_variant_builder_init(&data, G_VARIANT_TYPE("a{qv}"));
		g_variant_builder_add(&data, "{qv}", company, bytes(manufacturer_hex));
		g_variant_builder_add(&props, "{sv}", "ManufacturerData",
				      g_variant_builder_end(&data));
	}
	if (service_hex != NULL) {
		GVariantBuilder data;
		g_variant_builder_init(&data, G_VARIANT_TYPE("a{sv}"));
		g_variant_builder_add(&data, "{sv}", EDDYSTONE_UUID, bytes(service_hex));
		g_variant_builder_add(&props, "{sv}", "ServiceData", g_variant_builder_end(&data));
	}
	g_variant_builder_add(&props, "{sv}", "RSSI", g_variant_new_int16(rssi));
	reply = sori_test_bluez_call(&f->t, "/", "org.bluez.Mock", "Advertise",
				     g_variant_new("(oa{sv})", path, &props), NULL, &error);
	g_assert_no_error(error);
}

static JsonObject *
beacon_report(Fixture *f, const gchar *venue, const gchar *id, JsonNode **keep)
{
	JsonArray *beacons;

	*keep = sori_fleet_report(f->fleet, venue);
	g_assert_nonnull(*keep);
	beacons = json_object_get_array_member(json_node_get_object(*keep), "beacons");
	for (guint i = 0; i < json_array_get_length(beacons); i++) {
		JsonObject *b = json_array_get_object_element(beacons, i);
		if (g_str_equal(json_object_get_string_member(b, "id"), id))
			return b;
	}
	g_assert_not_reached();
}

typedef struct {
	Fixture *f;
	const gchar *venue;
	const gchar *id;
	const gchar *status;
} StatusWait;

static gboolean
has_status(gpointer data)
{
	StatusWait *w = data;
	g_autoptr(JsonNode) keep = NULL;
	JsonObject *b = beacon_report(w->f, w->venue, w->id, &keep);
	return g_str_equal(json_object_get_string_member(b, "status"), w->status);
}

static void
test_scan_filter(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply = NULL;
	g_autoptr(GVariant) filter = NULL;
	g_autoptr(GVariant) value = NULL;
	const gchar *transport = NULL;
	gboolean duplicates = FALSE;

	sori_fleet_start(f->fleet, f->t.bus);
	g_assert_true(sori_test_wait_until(scanning, f, 10));
	reply = sori_test_bluez_call(&f->t, "/org/bluez/hci0", "org.freedesktop.DBus.Properties",
				     "Get",
				     g_variant_new("(ss)", "org.bluez.Adapter1", "DiscoveryFilter"),
				     G_VARIANT_TYPE("(v)"), &error);
	g_assert_no_error(error);
	g_variant_get(reply, "(v)", &filter);
	g_assert_true(g_variant_lookup(filter, "Transport", "&s", &transport));
	g_assert_cmpstr(transport, ==, "le");
	g_assert_true(g_variant_lookup(filter, "DuplicateData", "b", &duplicates));
	g_assert_true(duplicates);
	g_clear_pointer(&reply, g_variant_unref);
	reply = sori_test_bluez_call(&f->t, "/org/bluez/hci0", "org.freedesktop.DBus.Properties",
				     "Get",
				     g_variant_new("(ss)", "org.bluez.Adapter1", "Discovering"),
				     G_VARIANT_TYPE("(v)"), &error);
	g_assert_no_error(error);
	g_variant_get(reply, "(v)", &value);
	g_assert_true(g_variant_get_boolean(value));
}

/* a StartDiscovery answered "in progress" (its earlier call's reply came too
 * late) means the scan is on: sorid counts it and does not ask again and again */
static void
test_scan_in_progress(Fixture *f, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) filtered = sori_test_bluez_call(
		&f->t, "/org/bluez/hci0", "org.bluez.Adapter1", "SetDiscoveryFilter",
		g_variant_new_parsed("(@a{sv} {},)"), NULL, &error);
	g_autoptr(GVariant) started = NULL;

	g_assert_no_error(error);
	started = sori_test_bluez_call(&f->t, "/org/bluez/hci0", "org.bluez.Adapter1",
				       "StartDiscovery", NULL, NULL, &error);
	g_assert_no_error(error);
	sori_fleet_start(f->fleet, f->t.bus);
	g_assert_true(sori_test_wait_until(scanning, f, 10));
	for (guint i = 0; i < f->warnings->len; i++)
		g_assert_null(strstr(g_ptr_array_index(f->warnings, i), "cannot scan"));
}

static void
test_tracks_registered(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *phone = NULL;
	g_autofree gchar *stranger = NULL;
	g_autofree gchar *beacon = NULL;
	g_autofree gchar *hall = NULL;
	g_autoptr(JsonNode) keep = NULL;
	JsonObject *b;
	JsonObject *tlm;
	StatusWait w = { f, "dasol-museum", BEACON_101, "ok" };

	sori_fleet_start(f->fleet, f->t.bus);
	g_assert_true(sori_test_wait_until(scanning, f, 10));
	b = beacon_report(f, "dasol-museum", BEACON_101, &keep);
	g_assert_cmpstr(json_object_get_string_member(b, "status"), ==, "waiting");
	g_clear_pointer(&keep, json_node_unref);

	/* a visitor's phone and a beacon no venue declares come first: both dropped */
	phone = add_device(f, "4A:11:22:33:44:55");
	advertise(f, phone, 0x0075, "0102030405", NULL, -40);
	stranger = add_device(f, "5B:11:22:33:44:55");
	advertise(f, stranger, 0x004c, "02155a4bcfce174e4baca814092e77f6b7e5000103e7c5", NULL, -50);
	/* iBeacon 1:101 of the Dasol museum */
	beacon = add_device(f, "6C:11:22:33:44:55");
	advertise(f, beacon, 0x004c, "02155a4bcfce174e4baca814092e77f6b7e500010065c5", NULL, -61);
	g_assert_true(sori_test_wait_until(has_status, &w, 10));
	g_assert_cmpuint(sori_fleet_get_n_tracked(f->fleet), ==, 1);
	b = beacon_report(f, "dasol-museum", BEACON_101, &keep);
	g_assert_cmpint(json_object_get_int_member(b, "rssi"), ==, -61);
	g_assert_cmpstr(json_object_get_string_member(b, "frame"), ==, "ibeacon");
	g_assert_cmpstr(json_object_get_string_member(b, "last_seen"), ==, "2026-11-18T11:06:40Z");
	g_assert_true(json_object_get_null_member(b, "telemetry"));
	g_assert_cmpint(
		json_object_get_int_member(
			json_object_get_object_member(json_node_get_object(keep), "summary"), "ok"),
		==, 1);
	g_clear_pointer(&keep, json_node_unref);

	/* the wetland hall's Eddystone-UID, then its TLM: 2100 mV, 23.5 °C */
	hall = add_device(f, "7D:11:22:33:44:55");
	advertise(f, hall, 0, NULL, "00eef1e2d3c4b5a6978877660000000000010000", -70);
	advertise(f, hall, 0, NULL, "200008341780000000640000025a", -71);
	w = (StatusWait){ f, "haneul-wetland", BEACON_HALL, "low-battery" };
	g_assert_true(sori_test_wait_until(has_status, &w, 10));
	b = beacon_report(f, "haneul-wetland", BEACON_HALL, &keep);
	tlm = json_object_get_object_member(b, "telemetry");
	g_assert_cmpint(json_object_get_int_member(tlm, "battery_mv"), ==, 2100);
	g_assert_cmpfloat(json_object_get_double_member(tlm, "temperature_c"), ==, 23.5);
	g_assert_cmpint(json_object_get_int_member(tlm, "adv_count"), ==, 100);
	g_assert_cmpint(json_object_get_int_member(tlm, "uptime_s"), ==, 60);
	g_assert_cmpint(json_object_get_int_member(b, "rssi"), ==, -71);
	g_assert_cmpuint(sori_fleet_get_n_tracked(f->fleet), ==, 2);

	/* the first device is reconfigured to a beacon no venue declares: dropped */
	advertise(f, beacon, 0x004c, "02155a4bcfce174e4baca814092e77f6b7e5000103e7c5", NULL, -60);
	advertise(f, hall, 0, NULL, "200008341780000000650000025b", -72);
	w = (StatusWait){ f, "haneul-wetland", BEACON_HALL, "low-battery" };
	g_assert_true(sori_test_wait_until(has_status, &w, 10));
	g_assert_cmpuint(sori_fleet_get_n_tracked(f->fleet), ==, 1);

	/* the check logs the low battery, once */
	sori_fleet_check(f->fleet);
	sori_fleet_check(f->fleet);
	{
		guint low = 0;
		for (guint i = 0; i < f->warnings->len; i++)
			low += strstr(g_ptr_array_index(f->warnings, i), "low battery") != NULL;
		g_assert_cmpuint(low, ==, 1);
	}
}

static void
test_flags_missing(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *beacon = NULL;
	g_autoptr(JsonNode) keep = NULL;
	JsonObject *b;
	StatusWait w = { f, "dasol-museum", BEACON_101, "ok" };
	guint missing = 0;

	sori_fleet_start(f->fleet, f->t.bus);
	g_assert_true(sori_test_wait_until(scanning, f, 10));
	beacon = add_device(f, "6C:11:22:33:44:55");
	advertise(f, beacon, 0x004c, "02155a4bcfce174e4baca814092e77f6b7e500010065c5", NULL, -61);
	g_assert_true(sori_test_wait_until(has_status, &w, 10));

	/* a minute later it is still fine; a second more and it is missing */
	f->now += 60;
	sori_fleet_check(f->fleet);
	b = beacon_report(f, "dasol-museum", BEACON_101, &keep);
	g_assert_cmpstr(json_object_get_string_member(b, "status"), ==, "ok");
	g_clear_pointer(&keep, json_node_unref);
	for (guint i = 0; i < f->warnings->len; i++)
		g_assert_null(strstr(g_ptr_array_index(f->warnings, i), BEACON_101));
	f->now += 1;
	sori_fleet_check(f->fleet);
	b = beacon_report(f, "dasol-museum", BEACON_101, &keep);
	g_assert_cmpstr(json_object_get_string_member(b, "status"), ==, "missing");
	g_assert_cmpint(json_object_get_int_member(b, "seconds_since_seen"), ==, 61);
	g_clear_pointer(&keep, json_node_unref);
	for (guint i = 0; i < f->warnings->len; i++) {
		const gchar *m = g_ptr_array_index(f->warnings, i);
		missing += strstr(m, BEACON_101) != NULL && strstr(m, "missing") != NULL;
	}
	g_assert_cmpuint(missing, ==, 1);

	/* heard again */
	advertise(f, beacon, 0x004c, "02155a4bcfce174e4baca814092e77f6b7e500010065c5", NULL, -65);
	g_assert_true(sori_test_wait_until(has_status, &w, 10));
}

static gboolean
never(gpointer data)
{
	return FALSE;
}

/* bluetoothd keeps a device it heard in its cache and reports it once: a
 * beacon heard before its venue is served (sorid starting while a city's
 * catalogues load, a curator publishing the venue that declares it) is
 * found among what bluetoothd knows once the venue is, without a word more
 * from the beacon */
static void
test_declared_later(Fixture *f, gconstpointer user_data)
{
	SoriVenueSnapshot *snapshot = sori_venue_store_lookup(f->store, "dasol-museum");
	g_autoptr(SoriCatalogue) catalogue = sori_catalogue_ref(snapshot->catalogue);
	gint64 modified = snapshot->modified;
	g_autofree gchar *beacon = NULL;
	g_autoptr(JsonNode) keep = NULL;
	StatusWait w = { f, "dasol-museum", BEACON_101, "ok" };

	sori_venue_store_remove(f->store, "dasol-museum");
	/* checked every second */
	g_clear_object(&f->fleet);
	f->fleet = sori_fleet_new(f->store, 4, 2200);
	sori_fleet_set_clock(f->fleet, fake_clock, f);
	sori_fleet_start(f->fleet, f->t.bus);
	g_assert_true(sori_test_wait_until(scanning, f, 10));
	beacon = add_device(f, "6C:11:22:33:44:55");
	advertise(f, beacon, 0x004c, "02155a4bcfce174e4baca814092e77f6b7e500010065c5", NULL, -61);
	/* nobody declares it: dropped, through two checks */
	sori_test_wait_until(never, NULL, 2);
	g_assert_cmpuint(sori_fleet_get_n_tracked(f->fleet), ==, 0);
	g_assert_null(sori_fleet_report(f->fleet, "dasol-museum"));

	sori_venue_store_put(f->store, catalogue, modified);
	g_assert_true(sori_test_wait_until(has_status, &w, 10));
	g_assert_cmpuint(sori_fleet_get_n_tracked(f->fleet), ==, 1);
	g_assert_cmpint(json_object_get_int_member(
				beacon_report(f, "dasol-museum", BEACON_101, &keep), "rssi"),
			==, -61);
}

static void
test_bluetoothd_restarts(Fixture *f, gconstpointer user_data)
{
	sori_fleet_start(f->fleet, f->t.bus);
	g_assert_true(sori_test_wait_until(scanning, f, 10));
	sori_test_bluez_stop(&f->t);
	g_assert_true(sori_test_wait_until(not_scanning, f, 10));
	/* bluetoothd comes back knowing nothing: discovery is asked for again */
	sori_test_bluez_start(&f->t);
	g_assert_true(sori_test_wait_until(scanning, f, 10));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/fleet/scan-filter", Fixture, NULL, fixture_setup, test_scan_filter,
		   fixture_teardown);
	g_test_add("/fleet/scan-in-progress", Fixture, NULL, fixture_setup, test_scan_in_progress,
		   fixture_teardown);
	g_test_add("/fleet/tracks-registered", Fixture, NULL, fixture_setup, test_tracks_registered,
		   fixture_teardown);
	g_test_add("/fleet/flags-missing", Fixture, NULL, fixture_setup, test_flags_missing,
		   fixture_teardown);
	g_test_add("/fleet/declared-later", Fixture, NULL, fixture_setup, test_declared_later,
		   fixture_teardown);
	g_test_add("/fleet/bluetoothd-restarts", Fixture, NULL, fixture_setup,
		   test_bluetoothd_restarts, fixture_teardown);
	return g_test_run();
}
