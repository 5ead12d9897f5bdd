/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The beacon fleet's health, heard through bluetoothd.
 *
 * sorid asks every powered adapter for an LE scan that reports each
 * advertisement (SetDiscoveryFilter with Transport=le and DuplicateData=true,
 * then StartDiscovery), and reads the Device1 objects' ManufacturerData and
 * ServiceData as they appear (InterfacesAdded) and change
 * (PropertiesChanged). Each advertisement is decoded with the frame library;
 * only a beacon that a venue's catalogue declares is kept, keyed by its
 * payload since broadcast addresses are random. Everything else, visitors'
 * phones above all, is dropped on arrival: not its address, not its name,
 * not that it was there.
 */

#define G_LOG_DOMAIN "sori-fleet"

#include "config.h"

#include <string.h>

#include "sori-beacon-frame.h"
#include "sori-fleet.h"
#include "sori-hex.h"
#include "sori-location-id.h"

#define BLUEZ_NAME           "org.bluez"
#define ADAPTER_IFACE        "org.bluez.Adapter1"
#define DEVICE_IFACE         "org.bluez.Device1"
#define OBJECT_MANAGER_IFACE "org.freedesktop.DBus.ObjectManager"
#define PROPERTIES_IFACE     "org.freedesktop.DBus.Properties"

/* device objects of registered beacons remembered at most; random addresses
 * make new ones as they rotate, and bluetoothd removes the old */
#define DEVICES_MAX 4096
/* between stopping a scan and starting the next */
#define RESCAN_PAUSE_MS 500

typedef struct {
	gchar *id;        /* canonical location ID */
	gint64 last_seen; /* Unix time; 0: not since sorid started */
	gint16 rssi;
	gboolean has_rssi;
	const gchar *frame; /* static: the kind of frame it was heard by */
	gboolean has_tlm;
	guint16 battery_mv;
	gint16 temperature; /* signed 8.8 °C */
	guint32 adv_count;
	guint32 uptime_deciseconds;
	gboolean flagged_missing;
	gboolean flagged_battery;
} Health;

typedef struct {
	gboolean powered;
	gboolean discovering;
	gboolean starting; /* a SetDiscoveryFilter/StartDiscovery is in flight */
	gboolean scanned_before;
} Adapter;

struct _SoriFleet {
	GObject parent_instance;
	SoriVenueStore *store;
	guint missing_after;
	guint low_battery_mv;
	SoriFleetClock clock;
	gpointer clock_data;
	GDBusConnection *bus;
	GCancellable *cancellable;
	guint watch_id;
	guint subscriptions[3];
	guint check_id;
	gboolean bluetoothd;
	gint64 started;       /* Unix time the monitor started */
	GHashTable *health;   /* id → Health */
	GHashTable *devices;  /* object path → id, registered beacons only */
	GHashTable *adapters; /* object path → Adapter */
};

G_DEFINE_TYPE(SoriFleet, sori_fleet, G_TYPE_OBJECT)

static void
health_free(Health *h)
{
	g_free(h->id);
	g_free(h);
}

static gint64
real_clock(gpointer user_data)
{
	return g_get_real_time() / G_USEC_PER_SEC;
}

static void
sori_fleet_dispose(GObject *object)
{
	SoriFleet *self = SORI_FLEET(object);

	g_cancellable_cancel(self->cancellable);
	if (self->watch_id != 0)
		g_bus_unwatch_name(self->watch_id);
	self->watch_id = 0;
	for (guint i = 0; i < G_N_ELEMENTS(self->subscriptions); i++) {
		if (self->subscriptions[i] != 0)
			g_dbus_connection_signal_unsubscribe(self->bus, self->subscriptions[i]);
		self->subscriptions[i] = 0;
	}
	g_clear_handle_id(&self->check_id, g_source_remove);
	g_clear_object(&self->bus);
	G_OBJECT_CLASS(sori_fleet_parent_class)->dispose(object);
}

static void
sori_fleet_finalize(GObject *object)
{
	SoriFleet *self = SORI_FLEET(object);

	g_clear_object(&self->store);
	g_clear_object(&self->cancellable);
	g_hash_table_unref(self->health);
	g_hash_table_unref(self->devices);
	g_hash_table_unref(self->adapters);
	G_OBJECT_CLASS(sori_fleet_parent_class)->finalize(object);
}

static void
sori_fleet_class_init(SoriFleetClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	object_class->dispose = sori_fleet_dispose;
	object_class->finalize = sori_fleet_finalize;
}

static void
sori_fleet_init(SoriFleet *self)
{
	self->clock = real_clock;
	self->cancellable = g_cancellable_new();
	self->health = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
					     (GDestroyNotify) health_free);
	self->devices = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	self->adapters = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
}

/**
 * sori_fleet_new:
 * @missing_after: seconds without a sound before a beacon is flagged missing
 * @low_battery_mv: a TLM battery voltage below this is flagged
 */
SoriFleet *
sori_fleet_new(SoriVenueStore *store, guint missing_after, guint low_battery_mv)
{
	SoriFleet *self = g_object_new(SORI_TYPE_FLEET, NULL);
	self->store = g_object_ref(store);
	self->missing_after = MAX(missing_after, 1);
	self->low_battery_mv = low_battery_mv;
	return self;
}

void
sori_fleet_set_clock(SoriFleet *self, SoriFleetClock clock, gpointer user_data)
{
	self->clock = clock != NULL ? clock : real_clock;
	self->clock_data = user_data;
}

/* is @id declared by the catalogue of any venue served? */
static gboolean
is_registered(SoriFleet *self, const gchar *id)
{
	GPtrArray *snapshots = sori_venue_store_get_snapshots(self->store);
	for (guint i = 0; i < snapshots->len; i++) {
		SoriVenueSnapshot *snapshot = g_ptr_array_index(snapshots, i);
		GPtrArray *beacons = sori_catalogue_get_beacons(snapshot->catalogue);
		for (guint j = 0; j < beacons->len; j++) {
			if (g_str_equal(g_ptr_array_index(beacons, j), id))
				return TRUE;
		}
	}
	return FALSE;
}

static Health *
health_for(SoriFleet *self, const gchar *id)
{
	Health *h = g_hash_table_lookup(self->health, id);
	if (h == NULL) {
		h = g_new0(Health, 1);
		h->id = g_strdup(id);
		g_hash_table_insert(self->health, h->id, h);
	}
	return h;
}

static const gchar *
frame_name(SoriFrameKind kind)
{
	switch (kind) {
	case SORI_FRAME_KIND_IBEACON:
		return "ibeacon";
	case SORI_FRAME_KIND_ALTBEACON:
		return "altbeacon";
	case SORI_FRAME_KIND_EDDYSTONE_UID:
		return "eddystone-uid";
	case SORI_FRAME_KIND_EDDYSTONE_EID:
		return "eddystone-eid";
	case SORI_FRAME_KIND_EDDYSTONE_URL:
	case SORI_FRAME_KIND_EDDYSTONE_TLM:
	default:
		return "other";
	}
}

/* the registered beacon a frame names, or FALSE */
static gboolean
frame_beacon(SoriFleet *self, const SoriFrame *frame, gint64 now, gchar *id, gsize id_size)
{
	SoriLocationId location;

	if (!sori_frame_get_location_id(frame, &location))
		return FALSE;
	if (location.kind == SORI_LOCATION_ID_KIND_EPHEMERAL) {
		SoriEidResolver *resolver = sori_venue_store_get_eid_resolver(self->store);
		const gchar *name = resolver != NULL ? sori_eid_resolver_lookup(
					    resolver, location.u.ephemeral.eid, now)
						     : NULL;
		/* unknown, or a clone replaying an EID heard earlier */
		if (name == NULL)
			return FALSE;
		location.kind = SORI_LOCATION_ID_KIND_EID;
		g_strlcpy(location.u.eid.name, name, sizeof(location.u.eid.name));
	}
	sori_location_id_format(&location, id, id_size);
	return is_registered(self, id);
}

/* one AD structure, rebuilt from bluetoothd's property, into frames */
static int
parse_field(guint8 type, guint16 uuid_or_company, GVariant *value, SoriFrame *frames,
	    gsize max_frames)
{
	guint8 buf[SORI_ADV_DATA_MAX];
	gsize len = 0;
	const guint8 *data;

	if (!g_variant_is_of_type(value, G_VARIANT_TYPE_BYTESTRING))
		return 0;
	data = g_variant_get_fixed_array(value, &len, 1);
	if (len + 4 > sizeof(buf))
		return 0;
	buf[0] = (guint8) (len + 3);
	buf[1] = type;
	buf[2] = uuid_or_company & 0xff;
	buf[3] = uuid_or_company >> 8;
	if (len > 0)
		memcpy(buf + 4, data, len);
	return sori_frame_parse_advertisement(buf, len + 4, frames, max_frames, NULL);
}

/* "0000feaa-0000-1000-8000-00805f9b34fb" → 0xfeaa; other UUIDs are not beacons */
static gboolean
parse_uuid16(const gchar *uuid, guint16 *out)
{
	static const gchar base[] = "-0000-1000-8000-00805f9b34fb";
	guint64 value;

	if (strlen(uuid) != 36 || g_ascii_strcasecmp(uuid + 8, base) != 0
	    || strncmp(uuid, "0000", 4) != 0)
		return FALSE;
	if (!sori_hex_is_digits(uuid + 4, 4, SORI_HEX_NONE))
		return FALSE;
	value = g_ascii_strtoull(uuid + 4, NULL, 16);
	*out = (guint16) value;
	return TRUE;
}

static gsize
collect_frames(GVariant *props, SoriFrame *frames, gsize max_frames)
{
	g_autoptr(GVariant) manufacturer
		= g_variant_lookup_value(props, "ManufacturerData", G_VARIANT_TYPE("a{qv}"));
	g_autoptr(GVariant) service
		= g_variant_lookup_value(props, "ServiceData", G_VARIANT_TYPE("a{sv}"));
	gsize n = 0;

	if (manufacturer != NULL) {
		GVariantIter iter;
		guint16 company;
		GVariant *value;
		g_variant_iter_init(&iter, manufacturer);
		while (n < max_frames && g_variant_iter_loop(&iter, "{qv}", &company, &value)) {
			int got = parse_field(0xff, company, value, frames + n, max_frames - n);
			if (got > 0)
				n += (gsize) got;
		}
	}
	if (service != NULL) {
		GVariantIter iter;
		const gchar *uuid;
		GVariant *value;
		g_variant_iter_init(&iter, service);
		while (n < max_frames && g_variant_iter_loop(&iter, "{&sv}", &uuid, &value)) {
			guint16 uuid16;
			int got;
			if (!parse_uuid16(uuid, &uuid16))
				continue;
			got = parse_field(0x16, uuid16, value, frames + n, max_frames - n);
			if (got > 0)
				n += (gsize) got;
		}
	}
	return n;
}

static void
process_device(SoriFleet *self, const gchar *path, GVariant *props)
{
	SoriFrame frames[8];
	gsize n = collect_frames(props, frames, G_N_ELEMENTS(frames));
	gint64 now = self->clock(self->clock_data);
	const gchar *id = NULL;
	gint16 rssi = 0;
	/* 127: the controller could not measure it (HCI's "not available") */
	gboolean has_rssi = g_variant_lookup(props, "RSSI", "n", &rssi) && rssi != 127;
	Health *h;
	gboolean has_id_frame = FALSE;

	for (gsize i = 0; i < n; i++) {
		gchar buf[128];
		if (frames[i].kind == SORI_FRAME_KIND_EDDYSTONE_TLM)
			continue;
		has_id_frame = TRUE;
		if (!frame_beacon(self, &frames[i], now, buf, sizeof(buf)))
			continue;
		h = health_for(self, buf);
		h->frame = frame_name(frames[i].kind);
		if (g_hash_table_size(self->devices) >= DEVICES_MAX)
			g_hash_table_remove_all(self->devices);
		g_hash_table_replace(self->devices, g_strdup(path), g_strdup(buf));
		id = h->id;
	}
	/* a device now sending an ID no catalogue declares is no longer ours */
	if (id == NULL && has_id_frame) {
		g_hash_table_remove(self->devices, path);
		return;
	}
	/* TLM carries no ID: it belongs to the beacon this device was heard as,
	 * as long as a catalogue still declares that beacon */
	if (id == NULL) {
		id = g_hash_table_lookup(self->devices, path);
		if (id != NULL && !is_registered(self, id)) {
			g_hash_table_remove(self->devices, path);
			return;
		}
	}
	if (id == NULL)
		return; /* not a registered beacon: forget it */
	h = health_for(self, id);
	h->last_seen = now;
	if (has_rssi) {
		h->rssi = rssi;
		h->has_rssi = TRUE;
	}
	for (gsize i = 0; i < n; i++) {
		if (frames[i].kind != SORI_FRAME_KIND_EDDYSTONE_TLM)
			continue;
		h->has_tlm = TRUE;
		h->battery_mv = frames[i].u.tlm.battery_mv;
		h->temperature = frames[i].u.tlm.temperature;
		h->adv_count = frames[i].u.tlm.adv_count;
		h->uptime_deciseconds = frames[i].u.tlm.uptime_deciseconds;
	}
	if (h->flagged_missing) {
		h->flagged_missing = FALSE;
		g_message("beacon %s is heard again", h->id);
	}
}

/* ------------------------------------------------------------------------ */
/* adapters */

typedef struct {
	SoriFleet *self;
	gchar *path;
} AdapterCall;

static void
adapter_call_free(AdapterCall *call)
{
	g_object_unref(call->self);
	g_free(call->path);
	g_free(call);
}

static AdapterCall *
adapter_call_new(SoriFleet *self, const gchar *path)
{
	AdapterCall *call = g_new0(AdapterCall, 1);
	call->self = g_object_ref(self);
	call->path = g_strdup(path);
	return call;
}

/* FALSE when sorid is shutting down: @call is freed, nothing more to do */
static gboolean
adapter_call_finish(AdapterCall *call, GObject *source, GAsyncResult *result, GError **error)
{
	g_autoptr(GVariant) reply
		= g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, error);
	if (g_error_matches(*error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
		adapter_call_free(call);
		return FALSE;
	}
	return TRUE;
}

static void
start_discovery_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	AdapterCall *call = user_data;
	g_autoptr(GError) error = NULL;
	Adapter *adapter;

	if (!adapter_call_finish(call, source, result, &error))
		return;
	adapter = g_hash_table_lookup(call->self->adapters, call->path);
	if (adapter != NULL)
		adapter->starting = FALSE;
	if (error != NULL) {
		g_autofree gchar *remote = g_dbus_error_get_remote_error(error);
		if (g_strcmp0(remote, "org.bluez.Error.InProgress") != 0)
			g_warning("%s: cannot scan for beacons: %s", call->path, error->message);
	} else {
		if (adapter != NULL && !adapter->scanned_before)
			g_message("%s: scanning for beacons", call->path);
		if (adapter != NULL) {
			adapter->discovering = TRUE;
			adapter->scanned_before = TRUE;
		}
	}
	adapter_call_free(call);
}

static void
set_filter_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	AdapterCall *call = user_data;
	g_autoptr(GError) error = NULL;

	if (!adapter_call_finish(call, source, result, &error))
		return;
	/* without the filter, discovery still hears beacons, once each */
	if (error != NULL)
		g_warning("%s: SetDiscoveryFilter: %s", call->path, error->message);
	g_dbus_connection_call(call->self->bus, BLUEZ_NAME, call->path, ADAPTER_IFACE,
			       "StartDiscovery", NULL, NULL, G_DBUS_CALL_FLAGS_NONE, 10000,
			       call->self->cancellable, start_discovery_cb, call);
}

static void
start_discovery(SoriFleet *self, const gchar *path)
{
	Adapter *adapter = g_hash_table_lookup(self->adapters, path);
	GVariantBuilder filter;
	AdapterCall *call;

	if (self->bus == NULL || adapter == NULL || !adapter->powered || adapter->discovering
	    || adapter->starting)
		return;
	adapter->starting = TRUE;
	call = adapter_call_new(self, path);
	g_variant_builder_init(&filter, G_VARIANT_TYPE("a{sv}"));
	g_variant_builder_add(&filter, "{sv}", "Transport", g_variant_new_string("le"));
	g_variant_builder_add(&filter, "{sv}", "DuplicateData", g_variant_new_boolean(TRUE));
	g_dbus_connection_call(self->bus, BLUEZ_NAME, path, ADAPTER_IFACE, "SetDiscoveryFilter",
			       g_variant_new("(a{sv})", &filter), NULL, G_DBUS_CALL_FLAGS_NONE,
			       10000, self->cancellable, set_filter_cb, call);
}

static void
process_adapter(SoriFleet *self, const gchar *path, GVariant *props)
{
	Adapter *adapter = g_hash_table_lookup(self->adapters, path);
	gboolean value;

	if (adapter == NULL) {
		adapter = g_new0(Adapter, 1);
		g_hash_table_insert(self->adapters, g_strdup(path), adapter);
	}
	if (g_variant_lookup(props, "Powered", "b", &value)) {
		adapter->powered = value;
		if (!value)
			adapter->discovering = FALSE;
	}
	if (g_variant_lookup(props, "Discovering", "b", &value) && !value)
		adapter->discovering = FALSE;
	start_discovery(self, path);
}

static void
process_interfaces(SoriFleet *self, const gchar *path, GVariant *interfaces)
{
	g_autoptr(GVariant) adapter
		= g_variant_lookup_value(interfaces, ADAPTER_IFACE, G_VARIANT_TYPE_VARDICT);
	g_autoptr(GVariant) device
		= g_variant_lookup_value(interfaces, DEVICE_IFACE, G_VARIANT_TYPE_VARDICT);
	if (adapter != NULL)
		process_adapter(self, path, adapter);
	if (device != NULL)
		process_device(self, path, device);
}

static void
get_managed_objects_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	SoriFleet *self = user_data;
	g_autoptr(GVariant) reply = NULL;
	g_autoptr(GVariant) objects = NULL;
	g_autoptr(GError) error = NULL;
	GVariantIter iter;
	const gchar *path;
	GVariant *interfaces;

	reply = g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, &error);
	if (reply == NULL) {
		if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
			g_warning("bluetoothd: GetManagedObjects: %s", error->message);
		g_object_unref(self);
		return;
	}
	objects = g_variant_get_child_value(reply, 0);
	g_variant_iter_init(&iter, objects);
	while (g_variant_iter_loop(&iter, "{&o@a{sa{sv}}}", &path, &interfaces))
		process_interfaces(self, path, interfaces);
	g_object_unref(self);
}

static void
signal_cb(GDBusConnection *connection, const gchar *sender, const gchar *path, const gchar *iface,
	  const gchar *signal, GVariant *parameters, gpointer user_data)
{
	SoriFleet *self = user_data;

	if (g_str_equal(signal, "InterfacesAdded")
	    && g_variant_is_of_type(parameters, G_VARIANT_TYPE("(oa{sa{sv}})"))) {
		const gchar *object;
		g_autoptr(GVariant) interfaces = NULL;
		g_variant_get(parameters, "(&o@a{sa{sv}})", &object, &interfaces);
		process_interfaces(self, object, interfaces);
	} else if (g_str_equal(signal, "InterfacesRemoved")
		   && g_variant_is_of_type(parameters, G_VARIANT_TYPE("(oas)"))) {
		const gchar *object;
		g_autofree const gchar **names = NULL;
		g_variant_get(parameters, "(&o^a&s)", &object, &names);
		if (g_strv_contains(names, ADAPTER_IFACE)) {
			g_hash_table_remove(self->adapters, object);
			g_message("%s: adapter gone", object);
		}
		if (g_strv_contains(names, DEVICE_IFACE))
			g_hash_table_remove(self->devices, object);
	} else if (g_str_equal(signal, "PropertiesChanged")
		   && g_variant_is_of_type(parameters, G_VARIANT_TYPE("(sa{sv}as)"))) {
		const gchar *name;
		g_autoptr(GVariant) changed = NULL;
		g_variant_get(parameters, "(&s@a{sv}as)", &name, &changed, NULL);
		if (g_str_equal(name, ADAPTER_IFACE) && g_hash_table_contains(self->adapters, path))
			process_adapter(self, path, changed);
		else if (g_str_equal(name, DEVICE_IFACE))
			process_device(self, path, changed);
	}
}

static void
bluez_appeared_cb(GDBusConnection *connection, const gchar *name, const gchar *owner,
		  gpointer user_data)
{
	SoriFleet *self = user_data;

	g_message("bluetoothd is running (%s): looking for adapters", owner);
	self->bluetoothd = TRUE;
	g_hash_table_remove_all(self->adapters);
	g_hash_table_remove_all(self->devices);
	g_dbus_connection_call(connection, BLUEZ_NAME, "/", OBJECT_MANAGER_IFACE,
			       "GetManagedObjects", NULL, G_VARIANT_TYPE("(a{oa{sa{sv}}})"),
			       G_DBUS_CALL_FLAGS_NONE, 10000, self->cancellable,
			       get_managed_objects_cb, g_object_ref(self));
}

static void
bluez_vanished_cb(GDBusConnection *connection, const gchar *name, gpointer user_data)
{
	SoriFleet *self = user_data;

	if (self->bluetoothd)
		g_warning("bluetoothd has gone: no beacons are heard until it is back");
	else
		g_message("waiting for bluetoothd");
	self->bluetoothd = FALSE;
	g_hash_table_remove_all(self->adapters);
	g_hash_table_remove_all(self->devices);
}

static gboolean
rescan_cb(gpointer user_data)
{
	AdapterCall *call = user_data;
	Adapter *adapter = g_hash_table_lookup(call->self->adapters, call->path);
	/* sorid is stopping: the timeout outlived the monitor */
	if (adapter != NULL && !g_cancellable_is_cancelled(call->self->cancellable)) {
		adapter->starting = FALSE;
		start_discovery(call->self, call->path);
	}
	adapter_call_free(call);
	return G_SOURCE_REMOVE;
}

static void
stop_discovery_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	AdapterCall *call = user_data;
	g_autoptr(GError) error = NULL;
	Adapter *adapter;

	if (!adapter_call_finish(call, source, result, &error))
		return;
	adapter = g_hash_table_lookup(call->self->adapters, call->path);
	if (adapter == NULL) {
		adapter_call_free(call);
		return;
	}
	adapter->discovering = FALSE;
	/* bluetoothd settles the stopped scan before a new one is asked for;
	 * "starting" stays set until then, so nothing else starts one meanwhile */
	g_timeout_add(RESCAN_PAUSE_MS, rescan_cb, call);
}

/* Controllers filter duplicate advertisements for as long as a scan runs,
 * so a beacon that says the same thing is reported once per scan; a new
 * scan hears every beacon again. */
static void
restart_discovery(SoriFleet *self)
{
	GHashTableIter iter;
	const gchar *path;
	Adapter *adapter;

	g_hash_table_iter_init(&iter, self->adapters);
	while (g_hash_table_iter_next(&iter, (gpointer *) &path, (gpointer *) &adapter)) {
		AdapterCall *call;
		if (adapter->starting)
			continue;
		/* a scan that failed to start, or that bluetoothd ended: try again */
		if (!adapter->discovering) {
			start_discovery(self, path);
			continue;
		}
		adapter->starting = TRUE;
		call = adapter_call_new(self, path);
		g_dbus_connection_call(self->bus, BLUEZ_NAME, path, ADAPTER_IFACE, "StopDiscovery",
				       NULL, NULL, G_DBUS_CALL_FLAGS_NONE, 10000, self->cancellable,
				       stop_discovery_cb, call);
	}
}

static gboolean
check_cb(gpointer user_data)
{
	SoriFleet *self = SORI_FLEET(user_data);
	sori_fleet_check(self);
	restart_discovery(self);
	return G_SOURCE_CONTINUE;
}

/**
 * sori_fleet_start:
 * @bus: the system bus, where bluetoothd is
 *
 * Listens for beacons from now on; bluetoothd may come and go.
 */
void
sori_fleet_start(SoriFleet *self, GDBusConnection *bus)
{
	static const gchar *const signals[]
		= { "InterfacesAdded", "InterfacesRemoved", "PropertiesChanged" };
	static const gchar *const ifaces[]
		= { OBJECT_MANAGER_IFACE, OBJECT_MANAGER_IFACE, PROPERTIES_IFACE };

	g_return_if_fail(self->bus == NULL);
	self->bus = g_object_ref(bus);
	self->started = self->clock(self->clock_data);
	for (guint i = 0; i < G_N_ELEMENTS(signals); i++) {
		self->subscriptions[i] = g_dbus_connection_signal_subscribe(
			bus, BLUEZ_NAME, ifaces[i], signals[i], NULL, NULL,
			G_DBUS_SIGNAL_FLAGS_NONE, signal_cb, self, NULL);
	}
	self->watch_id
		= g_bus_watch_name_on_connection(bus, BLUEZ_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
						 bluez_appeared_cb, bluez_vanished_cb, self, NULL);
	/* a quarter of the missing-after time: a beacon has four scans to be heard in */
	self->check_id = g_timeout_add_seconds(MAX(self->missing_after / 4, 1), check_cb, self);
}

/**
 * sori_fleet_get_scanning:
 *
 * Returns: how many adapters are scanning for beacons
 */
guint
sori_fleet_get_scanning(SoriFleet *self)
{
	GHashTableIter iter;
	Adapter *adapter;
	guint n = 0;

	g_hash_table_iter_init(&iter, self->adapters);
	while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &adapter))
		n += adapter->discovering ? 1 : 0;
	return n;
}

static gboolean
is_missing(SoriFleet *self, const Health *h, gint64 now)
{
	gint64 since = h != NULL && h->last_seen != 0 ? h->last_seen : self->started;
	return self->bus != NULL && now - since > (gint64) self->missing_after;
}

static gboolean
is_low_battery(SoriFleet *self, const Health *h)
{
	/* 0 mV: the beacon does not measure its battery */
	return h != NULL && h->has_tlm && h->battery_mv != 0
	       && h->battery_mv < self->low_battery_mv;
}

/**
 * sori_fleet_check:
 *
 * Flags and logs beacons that went missing or whose battery runs low; runs by
 * itself every quarter of the missing-after time.
 */
void
sori_fleet_check(SoriFleet *self)
{
	gint64 now = self->clock(self->clock_data);
	GPtrArray *snapshots = sori_venue_store_get_snapshots(self->store);
	GHashTableIter iter;
	Health *h;

	/* forget beacons no catalogue declares any more */
	g_hash_table_iter_init(&iter, self->health);
	while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &h)) {
		if (!is_registered(self, h->id))
			g_hash_table_iter_remove(&iter);
	}
	for (guint i = 0; i < snapshots->len; i++) {
		SoriVenueSnapshot *snapshot = g_ptr_array_index(snapshots, i);
		GPtrArray *beacons = sori_catalogue_get_beacons(snapshot->catalogue);
		for (guint j = 0; j < beacons->len; j++) {
			const gchar *id = g_ptr_array_index(beacons, j);
			h = health_for(self, id);
			if (is_missing(self, h, now) && !h->flagged_missing) {
				h->flagged_missing = TRUE;
				if (h->last_seen == 0)
					g_warning("beacon %s of %s has not been heard since sorid "
						  "started, %" G_GINT64_FORMAT " s ago",
						  id, sori_catalogue_get_id(snapshot->catalogue),
						  now - self->started);
				else
					g_warning("beacon %s of %s is missing: last heard "
						  "%" G_GINT64_FORMAT " s ago",
						  id, sori_catalogue_get_id(snapshot->catalogue),
						  now - h->last_seen);
			}
			if (is_low_battery(self, h) && !h->flagged_battery) {
				h->flagged_battery = TRUE;
				g_warning("beacon %s of %s has a low battery: %u mV", id,
					  sori_catalogue_get_id(snapshot->catalogue),
					  h->battery_mv);
			} else if (!is_low_battery(self, h)) {
				h->flagged_battery = FALSE;
			}
		}
	}
}

static gchar *
iso_time(gint64 unix_time)
{
	g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc(unix_time);
	return dt != NULL ? g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

/**
 * sori_fleet_report:
 *
 * Returns: (transfer full) (nullable): the health of @venue's declared
 *	beacons, or %NULL if sorid serves no such venue
 */
JsonNode *
sori_fleet_report(SoriFleet *self, const gchar *venue)
{
	SoriVenueSnapshot *snapshot = sori_venue_store_lookup(self->store, venue);
	g_autoptr(JsonBuilder) b = json_builder_new();
	gint64 now = self->clock(self->clock_data);
	GPtrArray *beacons;
	guint missing = 0;
	guint low = 0;
	guint ok = 0;

	if (snapshot == NULL)
		return NULL;
	beacons = sori_catalogue_get_beacons(snapshot->catalogue);
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "venue");
	json_builder_add_string_value(b, venue);
	json_builder_set_member_name(b, "monitor");
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "enabled");
	json_builder_add_boolean_value(b, self->bus != NULL);
	json_builder_set_member_name(b, "bluetoothd");
	json_builder_add_boolean_value(b, self->bluetoothd);
	json_builder_set_member_name(b, "scanning_adapters");
	json_builder_add_int_value(b, sori_fleet_get_scanning(self));
	json_builder_set_member_name(b, "missing_after");
	json_builder_add_int_value(b, self->missing_after);
	json_builder_set_member_name(b, "low_battery_mv");
	json_builder_add_int_value(b, self->low_battery_mv);
	json_builder_end_object(b);

	json_builder_set_member_name(b, "beacons");
	json_builder_begin_array(b);
	for (guint i = 0; i < beacons->len; i++) {
		const gchar *id = g_ptr_array_index(beacons, i);
		Health *h = g_hash_table_lookup(self->health, id);
		gboolean seen = h != NULL && h->last_seen != 0;
		gboolean is_lost = is_missing(self, h, now);
		gboolean is_low = is_low_battery(self, h);

		json_builder_begin_object(b);
		json_builder_set_member_name(b, "id");
		json_builder_add_string_value(b, id);
		json_builder_set_member_name(b, "status");
		if (self->bus == NULL)
			json_builder_add_string_value(b, "unknown");
		else if (is_lost)
			json_builder_add_string_value(b, "missing");
		else if (is_low)
			json_builder_add_string_value(b, "low-battery");
		else if (!seen)
			json_builder_add_string_value(b, "waiting");
		else
			json_builder_add_string_value(b, "ok");
		missing += is_lost ? 1 : 0;
		low += is_low ? 1 : 0;
		ok += seen && !is_lost && !is_low ? 1 : 0;
		json_builder_set_member_name(b, "last_seen");
		if (seen) {
			g_autofree gchar *when = iso_time(h->last_seen);
			json_builder_add_string_value(b, when);
			json_builder_set_member_name(b, "seconds_since_seen");
			json_builder_add_int_value(b, MAX(now - h->last_seen, 0));
			json_builder_set_member_name(b, "frame");
			json_builder_add_string_value(b, h->frame != NULL ? h->frame : "other");
		} else {
			json_builder_add_null_value(b);
		}
		json_builder_set_member_name(b, "rssi");
		if (seen && h->has_rssi)
			json_builder_add_int_value(b, h->rssi);
		else
			json_builder_add_null_value(b);
		json_builder_set_member_name(b, "telemetry");
		if (h != NULL && h->has_tlm) {
			json_builder_begin_object(b);
			json_builder_set_member_name(b, "battery_mv");
			if (h->battery_mv != 0)
				json_builder_add_int_value(b, h->battery_mv);
			else
				json_builder_add_null_value(b);
			json_builder_set_member_name(b, "temperature_c");
			if (h->temperature != SORI_FRAME_TLM_NO_TEMPERATURE)
				json_builder_add_double_value(b, h->temperature / 256.0);
			else
				json_builder_add_null_value(b);
			json_builder_set_member_name(b, "adv_count");
			json_builder_add_int_value(b, h->adv_count);
			json_builder_set_member_name(b, "uptime_s");
			json_builder_add_int_value(b, h->uptime_deciseconds / 10);
			json_builder_end_object(b);
		} else {
			json_builder_add_null_value(b);
		}
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_set_member_name(b, "summary");
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "total");
	json_builder_add_int_value(b, beacons->len);
	json_builder_set_member_name(b, "ok");
	json_builder_add_int_value(b, ok);
	json_builder_set_member_name(b, "missing");
	json_builder_add_int_value(b, missing);
	json_builder_set_member_name(b, "low_battery");
	json_builder_add_int_value(b, low);
	json_builder_end_object(b);
	json_builder_end_object(b);
	return json_builder_get_root(b);
}

/**
 * sori_fleet_get_n_tracked:
 *
 * Returns: how many device objects sori remembers; only registered beacons'
 */
guint
sori_fleet_get_n_tracked(SoriFleet *self)
{
	return g_hash_table_size(self->devices);
}
