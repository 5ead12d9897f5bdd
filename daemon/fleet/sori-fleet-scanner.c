/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The fleet's ears: bluetoothd over D-Bus. sorid asks every powered adapter
 * for an LE scan that reports each advertisement (SetDiscoveryFilter with
 * Transport=le and DuplicateData=true, then StartDiscovery), and reads the
 * Device1 objects' ManufacturerData and ServiceData as they appear
 * (InterfacesAdded) and change (PropertiesChanged). Each advertisement is
 * decoded with the frame library and handed to sori_fleet_heard(), which
 * keeps only declared beacons: not an address, not a name, not that a
 * phone was there.
 */

#define G_LOG_DOMAIN "sori-fleet"

#include "config.h"

#include <string.h>

#include "sori-fleet-private.h"
#include "sori-hex.h"
#include "sori-location-id.h"

/* one AD structure, rebuilt from bluetoothd's property, into frames */
static int
sori_fleet_parse_field(guint8 type, guint16 uuid_or_company, GVariant *value, SoriFrame *frames,
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
sori_fleet_parse_uuid16(const gchar *uuid, guint16 *out)
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
sori_fleet_collect_frames(GVariant *props, SoriFrame *frames, gsize max_frames)
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
			int got = sori_fleet_parse_field(0xff, company, value, frames + n,
							 max_frames - n);
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
			if (!sori_fleet_parse_uuid16(uuid, &uuid16))
				continue;
			got = sori_fleet_parse_field(0x16, uuid16, value, frames + n,
						     max_frames - n);
			if (got > 0)
				n += (gsize) got;
		}
	}
	return n;
}

static void
sori_fleet_process_device(SoriFleet *self, const gchar *path, GVariant *props)
{
	SoriFrame frames[8];
	gsize n = sori_fleet_collect_frames(props, frames, G_N_ELEMENTS(frames));
	gint16 rssi = 0;
	/* 127: the controller could not measure it (HCI's "not available") */
	gboolean has_rssi = g_variant_lookup(props, "RSSI", "n", &rssi) && rssi != 127;

	sori_fleet_heard(self, path, frames, n, has_rssi, rssi);
}

/* ------------------------------------------------------------------------ */
/* adapters */

typedef struct {
	SoriFleet *self;
	gchar *path;
} SoriFleetAdapterCall;

static void
sori_fleet_adapter_call_free(SoriFleetAdapterCall *call)
{
	g_object_unref(call->self);
	g_free(call->path);
	g_free(call);
}

static SoriFleetAdapterCall *
sori_fleet_adapter_call_new(SoriFleet *self, const gchar *path)
{
	SoriFleetAdapterCall *call = g_new0(SoriFleetAdapterCall, 1);
	call->self = g_object_ref(self);
	call->path = g_strdup(path);
	return call;
}

/* FALSE when sorid is shutting down: @call is freed, nothing more to do */
static gboolean
sori_fleet_adapter_call_finish(SoriFleetAdapterCall *call, GObject *source, GAsyncResult *result,
			       GError **error)
{
	g_autoptr(GVariant) reply
		= g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, error);
	if (g_error_matches(*error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
		sori_fleet_adapter_call_free(call);
		return FALSE;
	}
	return TRUE;
}

/* as sori_fleet_adapter_call_finish(), with the adapter the call was for, if it is still there */
static gboolean
sori_fleet_adapter_call_done(SoriFleetAdapterCall *call, GObject *source, GAsyncResult *result,
			     SoriFleetAdapter **adapter, GError **error)
{
	if (!sori_fleet_adapter_call_finish(call, source, result, error))
		return FALSE;
	*adapter = g_hash_table_lookup(call->self->adapters, call->path);
	return TRUE;
}

static void
sori_fleet_start_discovery_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	SoriFleetAdapterCall *call = user_data;
	g_autoptr(GError) error = NULL;
	SoriFleetAdapter *adapter;

	if (!sori_fleet_adapter_call_done(call, source, result, &adapter, &error))
		return;
	if (adapter != NULL)
		adapter->starting = FALSE;
	if (error != NULL) {
		g_autofree gchar *remote = g_dbus_error_get_remote_error(error);
		/* bluetoothd already runs sorid's scan (a StartDiscovery whose
		 * reply came too late): it is on, and the next check restarts it
		 * rather than asking for it again and again */
		if (g_strcmp0(remote, "org.bluez.Error.InProgress") == 0) {
			if (adapter != NULL)
				adapter->discovering = TRUE;
		} else {
			g_warning("%s: cannot scan for beacons: %s", call->path, error->message);
		}
	} else {
		if (adapter != NULL && !adapter->scanned_before)
			g_message("%s: scanning for beacons", call->path);
		if (adapter != NULL) {
			adapter->discovering = TRUE;
			adapter->scanned_before = TRUE;
		}
	}
	sori_fleet_adapter_call_free(call);
}

static void
sori_fleet_set_filter_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	SoriFleetAdapterCall *call = user_data;
	g_autoptr(GError) error = NULL;

	if (!sori_fleet_adapter_call_finish(call, source, result, &error))
		return;
	/* without the filter, discovery still hears beacons, once each */
	if (error != NULL)
		g_warning("%s: SetDiscoveryFilter: %s", call->path, error->message);
	g_dbus_connection_call(call->self->bus, BLUEZ_NAME, call->path, ADAPTER_IFACE,
			       "StartDiscovery", NULL, NULL, G_DBUS_CALL_FLAGS_NONE, 10000,
			       call->self->cancellable, sori_fleet_start_discovery_cb, call);
}

static void
sori_fleet_start_discovery(SoriFleet *self, const gchar *path)
{
	SoriFleetAdapter *adapter = g_hash_table_lookup(self->adapters, path);
	GVariantBuilder filter;
	SoriFleetAdapterCall *call;

	if (self->bus == NULL || adapter == NULL || !adapter->powered || adapter->discovering
	    || adapter->starting)
		return;
	adapter->starting = TRUE;
	call = sori_fleet_adapter_call_new(self, path);
	g_variant_builder_init(&filter, G_VARIANT_TYPE("a{sv}"));
	g_variant_builder_add(&filter, "{sv}", "Transport", g_variant_new_string("le"));
	g_variant_builder_add(&filter, "{sv}", "DuplicateData", g_variant_new_boolean(TRUE));
	g_dbus_connection_call(self->bus, BLUEZ_NAME, path, ADAPTER_IFACE, "SetDiscoveryFilter",
			       g_variant_new("(a{sv})", &filter), NULL, G_DBUS_CALL_FLAGS_NONE,
			       10000, self->cancellable, sori_fleet_set_filter_cb, call);
}

static void
sori_fleet_process_adapter(SoriFleet *self, const gchar *path, GVariant *props)
{
	SoriFleetAdapter *adapter = g_hash_table_lookup(self->adapters, path);
	gboolean value;

	if (adapter == NULL) {
		adapter = g_new0(SoriFleetAdapter, 1);
		g_hash_table_insert(self->adapters, g_strdup(path), adapter);
	}
	if (g_variant_lookup(props, "Powered", "b", &value)) {
		adapter->powered = value;
		if (!value)
			adapter->discovering = FALSE;
	}
	if (g_variant_lookup(props, "Discovering", "b", &value) && !value)
		adapter->discovering = FALSE;
	sori_fleet_start_discovery(self, path);
}

static void
sori_fleet_process_interfaces(SoriFleet *self, const gchar *path, GVariant *interfaces)
{
	g_autoptr(GVariant) adapter
		= g_variant_lookup_value(interfaces, ADAPTER_IFACE, G_VARIANT_TYPE_VARDICT);
	g_autoptr(GVariant) device
		= g_variant_lookup_value(interfaces, DEVICE_IFACE, G_VARIANT_TYPE_VARDICT);
	if (adapter != NULL)
		sori_fleet_process_adapter(self, path, adapter);
	if (device != NULL)
		sori_fleet_process_device(self, path, device);
}

static void
sori_fleet_get_managed_objects_cb(GObject *source, GAsyncResult *result, gpointer user_data)
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
		sori_fleet_process_interfaces(self, path, interfaces);
	g_object_unref(self);
}

/* every adapter and device bluetoothd knows, read again: what it reported
 * before a venue declaring a beacon was served (sorid starting, a curator's
 * publish) is not reported again while the device stays in its cache */
static void
sori_fleet_read_objects(SoriFleet *self)
{
	self->generation = sori_venue_store_get_generation(self->store);
	g_dbus_connection_call(self->bus, BLUEZ_NAME, "/", OBJECT_MANAGER_IFACE,
			       "GetManagedObjects", NULL, G_VARIANT_TYPE("(a{oa{sa{sv}}})"),
			       G_DBUS_CALL_FLAGS_NONE, 10000, self->cancellable,
			       sori_fleet_get_managed_objects_cb, g_object_ref(self));
}

static void
sori_fleet_signal_cb(GDBusConnection *connection, const gchar *sender, const gchar *path,
		     const gchar *iface, const gchar *signal, GVariant *parameters,
		     gpointer user_data)
{
	SoriFleet *self = user_data;

	if (g_str_equal(signal, "InterfacesAdded")
	    && g_variant_is_of_type(parameters, G_VARIANT_TYPE("(oa{sa{sv}})"))) {
		const gchar *object;
		g_autoptr(GVariant) interfaces = NULL;
		g_variant_get(parameters, "(&o@a{sa{sv}})", &object, &interfaces);
		sori_fleet_process_interfaces(self, object, interfaces);
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
			sori_fleet_process_adapter(self, path, changed);
		else if (g_str_equal(name, DEVICE_IFACE))
			sori_fleet_process_device(self, path, changed);
	}
}

static void
sori_fleet_bluez_appeared_cb(GDBusConnection *connection, const gchar *name, const gchar *owner,
			     gpointer user_data)
{
	SoriFleet *self = user_data;

	g_message("bluetoothd is running (%s): looking for adapters", owner);
	self->bluetoothd = TRUE;
	g_hash_table_remove_all(self->adapters);
	g_hash_table_remove_all(self->devices);
	sori_fleet_read_objects(self);
}

static void
sori_fleet_bluez_vanished_cb(GDBusConnection *connection, const gchar *name, gpointer user_data)
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
sori_fleet_rescan_cb(gpointer user_data)
{
	SoriFleetAdapterCall *call = user_data;
	SoriFleetAdapter *adapter = g_hash_table_lookup(call->self->adapters, call->path);
	/* sorid is stopping: the timeout outlived the monitor */
	if (adapter != NULL && !g_cancellable_is_cancelled(call->self->cancellable)) {
		adapter->starting = FALSE;
		sori_fleet_start_discovery(call->self, call->path);
	}
	sori_fleet_adapter_call_free(call);
	return G_SOURCE_REMOVE;
}

static void
sori_fleet_stop_discovery_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	SoriFleetAdapterCall *call = user_data;
	g_autoptr(GError) error = NULL;
	SoriFleetAdapter *adapter;

	if (!sori_fleet_adapter_call_done(call, source, result, &adapter, &error))
		return;
	if (adapter == NULL) {
		sori_fleet_adapter_call_free(call);
		return;
	}
	adapter->discovering = FALSE;
	/* bluetoothd settles the stopped scan before a new one is asked for;
	 * "starting" stays set until then, so nothing else starts one meanwhile */
	g_timeout_add(RESCAN_PAUSE_MS, sori_fleet_rescan_cb, call);
}

/* Controllers filter duplicate advertisements for as long as a scan runs,
 * so a beacon that says the same thing is reported once per scan; a new
 * scan hears every beacon again. */
static void
sori_fleet_restart_discovery(SoriFleet *self)
{
	GHashTableIter iter;
	const gchar *path;
	SoriFleetAdapter *adapter;

	g_hash_table_iter_init(&iter, self->adapters);
	while (g_hash_table_iter_next(&iter, (gpointer *) &path, (gpointer *) &adapter)) {
		SoriFleetAdapterCall *call;
		if (adapter->starting)
			continue;
		/* a scan that failed to start, or that bluetoothd ended: try again */
		if (!adapter->discovering) {
			sori_fleet_start_discovery(self, path);
			continue;
		}
		adapter->starting = TRUE;
		call = sori_fleet_adapter_call_new(self, path);
		g_dbus_connection_call(self->bus, BLUEZ_NAME, path, ADAPTER_IFACE, "StopDiscovery",
				       NULL, NULL, G_DBUS_CALL_FLAGS_NONE, 10000, self->cancellable,
				       sori_fleet_stop_discovery_cb, call);
	}
}

static gboolean
sori_fleet_check_cb(gpointer user_data)
{
	SoriFleet *self = SORI_FLEET(user_data);
	sori_fleet_check(self);
	if (self->bluetoothd && self->generation != sori_venue_store_get_generation(self->store))
		sori_fleet_read_objects(self);
	sori_fleet_restart_discovery(self);
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
			G_DBUS_SIGNAL_FLAGS_NONE, sori_fleet_signal_cb, self, NULL);
	}
	self->watch_id = g_bus_watch_name_on_connection(
		bus, BLUEZ_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE, sori_fleet_bluez_appeared_cb,
		sori_fleet_bluez_vanished_cb, self, NULL);
	/* a quarter of the missing-after time: a beacon has four scans to be heard in */
	self->check_id
		= g_timeout_add_seconds(MAX(self->missing_after / 4, 1), sori_fleet_check_cb, self);
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
	SoriFleetAdapter *adapter;
	guint n = 0;

	g_hash_table_iter_init(&iter, self->adapters);
	while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &adapter))
		n += adapter->discovering ? 1 : 0;
	return n;
}
