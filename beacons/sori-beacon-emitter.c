/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Puts beacon frames on the air through BlueZ: each slot is an exported
 * org.bluez.LEAdvertisement1 object, registered with the adapter's
 * org.bluez.LEAdvertisingManager1 (asynchronously: bluetoothd reads the
 * object's properties back during the call). Advertisements are "broadcast"
 * (non-connectable, so BlueZ adds no flags) and their data is built by the
 * frame library, within BlueZ's 31 bytes.
 *
 * bluetoothd may restart, the adapter may be switched off and on: the
 * emitter watches org.bluez and the adapter's Powered property and registers
 * again. A rotating EID is re-registered when its period rolls over.
 */

#define G_LOG_DOMAIN "sori-beacon"

#include "config.h"

#include <string.h>

#include "sori-beacon-emitter.h"

#define BLUEZ               "org.bluez"
#define ADAPTER_IFACE       "org.bluez.Adapter1"
#define ADV_MANAGER_IFACE   "org.bluez.LEAdvertisingManager1"
#define ADVERTISEMENT_IFACE "org.bluez.LEAdvertisement1"
#define TLM_REFRESH_SECONDS 10

static const gchar introspection_xml[]
	= "<node>"
	  "  <interface name='org.bluez.LEAdvertisement1'>"
	  "    <method name='Release'/>"
	  "    <property name='Type' type='s' access='read'/>"
	  "    <property name='ServiceUUIDs' type='as' access='read'/>"
	  "    <property name='ManufacturerData' type='a{qv}' access='read'/>"
	  "    <property name='ServiceData' type='a{sv}' access='read'/>"
	  "    <property name='IncludeTxPower' type='b' access='read'/>"
	  "  </interface>"
	  "</node>";

typedef struct {
	SoriBeaconEmitter *emitter;
	guint index;
	SoriBeaconSlot slot;
	gchar *path;
	guint registration_id;
	gboolean registered;
	gboolean registering;
	guint timer_id;
	guint32 adv_count;
} Advert;

struct _SoriBeaconEmitter {
	GObject parent_instance;
	GDBusConnection *bus;
	GDBusNodeInfo *node_info;
	GPtrArray *adverts; /* Advert */
	guint watch_id;
	guint added_id;
	guint properties_id;
	gchar *adapter; /* object path of the adapter in use */
	gboolean powered;
	SoriBeaconClock clock;
	gpointer clock_data;
	gint64 started;
	guint n_registrations;
	GCancellable *cancellable;
};

G_DEFINE_TYPE(SoriBeaconEmitter, sori_beacon_emitter, G_TYPE_OBJECT)

static gint64
sori_beacon_emitter_real_clock(gpointer user_data)
{
	return g_get_real_time() / G_USEC_PER_SEC;
}

static gint64
sori_beacon_emitter_now(SoriBeaconEmitter *self)
{
	return self->clock(self->clock_data);
}

static void sori_beacon_emitter_register_advert(Advert *advert);

/* the frame as it is to be sent now: the EID of this period, fresh telemetry */
static void
sori_beacon_emitter_refresh_frame(Advert *advert)
{
	SoriBeaconEmitter *self = advert->emitter;
	if (advert->slot.rotating_eid) {
		guint32 beacon_time
			= (guint32) (sori_beacon_emitter_now(self) + advert->slot.clock_offset);
		advert->slot.frame.kind = SORI_FRAME_KIND_EDDYSTONE_EID;
		sori_eid_compute(advert->slot.identity_key, advert->slot.exponent, beacon_time,
				 advert->slot.frame.u.eid.eid);
	}
	if (advert->slot.telemetry) {
		gint64 up = sori_beacon_emitter_now(self) - self->started;
		advert->slot.frame.kind = SORI_FRAME_KIND_EDDYSTONE_TLM;
		advert->slot.frame.u.tlm.adv_count = advert->adv_count;
		advert->slot.frame.u.tlm.uptime_deciseconds = (guint32) (MAX(up, 0) * 10);
	}
}

/**
 * sori_beacon_emitter_get_payload:
 * @slot: which advertisement
 * @out: (out caller-allocates): its advertising data, as BlueZ will send it (no flags)
 *
 * Returns: the length of the data, 0 if it does not fit
 */
gsize
sori_beacon_emitter_get_payload(SoriBeaconEmitter *self, guint slot, guint8 *out, gsize out_size)
{
	Advert *advert;
	g_return_val_if_fail(slot < self->adverts->len, 0);
	advert = g_ptr_array_index(self->adverts, slot);
	return sori_frame_build_advertisement(&advert->slot.frame, FALSE, out, out_size);
}

/* the advertisement's properties, from the AD structures the frame library builds */
static GVariant *
sori_beacon_emitter_get_property_cb(GDBusConnection *connection, const gchar *sender,
				    const gchar *object_path, const gchar *interface_name,
				    const gchar *property_name, GError **error, gpointer user_data)
{
	Advert *advert = user_data;
	guint8 data[SORI_ADV_DATA_MAX];
	gsize len = sori_frame_build_advertisement(&advert->slot.frame, FALSE, data, sizeof(data));
	GVariantBuilder builder;

	if (g_str_equal(property_name, "Type"))
		return g_variant_new_string("broadcast");
	if (g_str_equal(property_name, "IncludeTxPower"))
		return g_variant_new_boolean(FALSE);
	if (g_str_equal(property_name, "ServiceUUIDs")) {
		g_variant_builder_init(&builder, G_VARIANT_TYPE("as"));
		for (gsize pos = 0; pos + 1 < len; pos += data[pos] + 1) {
			if (data[pos + 1] != 0x03)
				continue;
			for (gsize i = pos + 2; i + 1 < pos + 1 + data[pos]; i += 2) {
				g_autofree gchar *uuid
					= g_strdup_printf("%04x", data[i] | data[i + 1] << 8);
				g_variant_builder_add(&builder, "s", uuid);
			}
		}
		return g_variant_builder_end(&builder);
	}
	if (g_str_equal(property_name, "ManufacturerData")) {
		g_variant_builder_init(&builder, G_VARIANT_TYPE("a{qv}"));
		for (gsize pos = 0; pos + 1 < len; pos += data[pos] + 1) {
			if (data[pos + 1] != 0xff || data[pos] < 3)
				continue;
			g_variant_builder_add(
				&builder, "{qv}", (guint16) (data[pos + 2] | data[pos + 3] << 8),
				g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, data + pos + 4,
							  data[pos] - 3, 1));
		}
		return g_variant_builder_end(&builder);
	}
	if (g_str_equal(property_name, "ServiceData")) {
		g_variant_builder_init(&builder, G_VARIANT_TYPE("a{sv}"));
		for (gsize pos = 0; pos + 1 < len; pos += data[pos] + 1) {
			g_autofree gchar *uuid = NULL;
			if (data[pos + 1] != 0x16 || data[pos] < 3)
				continue;
			uuid = g_strdup_printf("%04x", data[pos + 2] | data[pos + 3] << 8);
			g_variant_builder_add(&builder, "{sv}", uuid,
					      g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE,
									data + pos + 4,
									data[pos] - 3, 1));
		}
		return g_variant_builder_end(&builder);
	}
	g_set_error(error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_PROPERTY, "no property %s",
		    property_name);
	return NULL;
}

static void
sori_beacon_emitter_method_call_cb(GDBusConnection *connection, const gchar *sender,
				   const gchar *object_path, const gchar *interface_name,
				   const gchar *method_name, GVariant *parameters,
				   GDBusMethodInvocation *invocation, gpointer user_data)
{
	Advert *advert = user_data;
	/* bluetoothd dropped the advertisement (the adapter went away, say) */
	if (g_str_equal(method_name, "Release")) {
		g_message("advertisement %s released by bluetoothd", advert->path);
		advert->registered = FALSE;
		g_dbus_method_invocation_return_value(invocation, NULL);
		return;
	}
	g_dbus_method_invocation_return_dbus_error(
		invocation, "org.freedesktop.DBus.Error.UnknownMethod", "no such method");
}

static const GDBusInterfaceVTable advertisement_vtable
	= { sori_beacon_emitter_method_call_cb, sori_beacon_emitter_get_property_cb, NULL };

static void
sori_beacon_emitter_advert_free(Advert *advert)
{
	g_clear_handle_id(&advert->timer_id, g_source_remove);
	g_free(advert->path);
	g_free(advert);
}

static void
sori_beacon_emitter_registered_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	Advert *advert = user_data;
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply
		= g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, &error);
	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
		return;
	advert->registering = FALSE;
	if (reply == NULL) {
		g_autofree gchar *remote = g_dbus_error_get_remote_error(error);
		if (g_strcmp0(remote, "org.bluez.Error.AlreadyExists") == 0) {
			advert->registered = TRUE;
			return;
		}
		g_warning("registering %s: %s", advert->path, error->message);
		return;
	}
	advert->registered = TRUE;
	advert->emitter->n_registrations++;
	g_debug("advertisement %s registered", advert->path);
}

static void
sori_beacon_emitter_register_advert(Advert *advert)
{
	SoriBeaconEmitter *self = advert->emitter;
	if (self->adapter == NULL || !self->powered || advert->registering)
		return;
	sori_beacon_emitter_refresh_frame(advert);
	advert->registering = TRUE;
	g_dbus_connection_call(
		self->bus, BLUEZ, self->adapter, ADV_MANAGER_IFACE, "RegisterAdvertisement",
		g_variant_new("(oa{sv})", advert->path, NULL), NULL, G_DBUS_CALL_FLAGS_NONE, 10000,
		self->cancellable, sori_beacon_emitter_registered_cb, advert);
}

static void
sori_beacon_emitter_unregistered_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	Advert *advert = user_data;
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply
		= g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, &error);
	if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
		return;
	/* new data: BlueZ reads an advertisement's properties only when it is registered */
	advert->registered = FALSE;
	sori_beacon_emitter_register_advert(advert);
}

static void
sori_beacon_emitter_reregister_advert(Advert *advert)
{
	SoriBeaconEmitter *self = advert->emitter;
	if (!advert->registered) {
		sori_beacon_emitter_register_advert(advert);
		return;
	}
	g_dbus_connection_call(self->bus, BLUEZ, self->adapter, ADV_MANAGER_IFACE,
			       "UnregisterAdvertisement", g_variant_new("(o)", advert->path), NULL,
			       G_DBUS_CALL_FLAGS_NONE, 10000, self->cancellable,
			       sori_beacon_emitter_unregistered_cb, advert);
}

static void sori_beacon_emitter_schedule(Advert *advert);

static gboolean
sori_beacon_emitter_timer_cb(gpointer user_data)
{
	Advert *advert = user_data;
	advert->timer_id = 0;
	advert->adv_count += TLM_REFRESH_SECONDS * 10;
	sori_beacon_emitter_reregister_advert(advert);
	sori_beacon_emitter_schedule(advert);
	return G_SOURCE_REMOVE;
}

/* the next change of an advertisement: the EID's period rolling over, or fresh telemetry */
static void
sori_beacon_emitter_schedule(Advert *advert)
{
	SoriBeaconEmitter *self = advert->emitter;
	guint delay;
	if (advert->slot.rotating_eid) {
		gint64 period = G_GINT64_CONSTANT(1) << advert->slot.exponent;
		gint64 beacon_time = sori_beacon_emitter_now(self) + advert->slot.clock_offset;
		gint64 into = ((beacon_time % period) + period) % period;
		delay = (guint) (period - into);
	} else if (advert->slot.telemetry) {
		delay = TLM_REFRESH_SECONDS;
	} else {
		return;
	}
	g_clear_handle_id(&advert->timer_id, g_source_remove);
	advert->timer_id = g_timeout_add_seconds(delay, sori_beacon_emitter_timer_cb, advert);
}

static void
sori_beacon_emitter_register_all(SoriBeaconEmitter *self)
{
	for (guint i = 0; i < self->adverts->len; i++) {
		Advert *advert = g_ptr_array_index(self->adverts, i);
		if (!advert->registered)
			sori_beacon_emitter_register_advert(advert);
	}
}

static void
sori_beacon_emitter_forget_adapter(SoriBeaconEmitter *self)
{
	g_clear_pointer(&self->adapter, g_free);
	self->powered = FALSE;
	for (guint i = 0; i < self->adverts->len; i++) {
		Advert *advert = g_ptr_array_index(self->adverts, i);
		advert->registered = FALSE;
		advert->registering = FALSE;
	}
}

/* the first adapter that can advertise */
static void
sori_beacon_emitter_use_adapter(SoriBeaconEmitter *self, const gchar *path, GVariant *interfaces)
{
	g_autoptr(GVariant) adapter = g_variant_lookup_value(interfaces, ADAPTER_IFACE, NULL);
	g_autoptr(GVariant) manager = g_variant_lookup_value(interfaces, ADV_MANAGER_IFACE, NULL);
	gboolean powered = FALSE;
	if (self->adapter != NULL || adapter == NULL || manager == NULL)
		return;
	g_variant_lookup(adapter, "Powered", "b", &powered);
	self->adapter = g_strdup(path);
	self->powered = powered;
	g_message("advertising through %s%s", path, powered ? "" : " (when it is powered on)");
	sori_beacon_emitter_register_all(self);
}

static void
sori_beacon_emitter_managed_objects_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	SoriBeaconEmitter *self = user_data;
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply
		= g_dbus_connection_call_finish(G_DBUS_CONNECTION(source), result, &error);
	g_autoptr(GVariantIter) objects = NULL;
	const gchar *path;
	GVariant *interfaces;

	if (reply == NULL) {
		if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
			g_warning("asking bluetoothd for its adapters: %s", error->message);
		return;
	}
	g_variant_get(reply, "(a{oa{sa{sv}}})", &objects);
	while (g_variant_iter_next(objects, "{&o@a{sa{sv}}}", &path, &interfaces)) {
		sori_beacon_emitter_use_adapter(self, path, interfaces);
		g_variant_unref(interfaces);
	}
}

static void
sori_beacon_emitter_interfaces_added_cb(GDBusConnection *bus, const gchar *sender,
					const gchar *object_path, const gchar *interface_name,
					const gchar *signal_name, GVariant *parameters,
					gpointer user_data)
{
	SoriBeaconEmitter *self = user_data;
	const gchar *path;
	g_autoptr(GVariant) interfaces = NULL;
	g_autoptr(GVariant) manager = NULL;

	g_variant_get(parameters, "(&o@a{sa{sv}})", &path, &interfaces);
	/* an adapter's interfaces may come one signal at a time: look at the whole of it */
	manager = g_variant_lookup_value(interfaces, ADV_MANAGER_IFACE, NULL);
	if (self->adapter == NULL && manager != NULL)
		g_dbus_connection_call(self->bus, BLUEZ, "/", "org.freedesktop.DBus.ObjectManager",
				       "GetManagedObjects", NULL, G_VARIANT_TYPE("(a{oa{sa{sv}}})"),
				       G_DBUS_CALL_FLAGS_NONE, 10000, self->cancellable,
				       sori_beacon_emitter_managed_objects_cb, self);
	else
		sori_beacon_emitter_use_adapter(self, path, interfaces);
}

static void
sori_beacon_emitter_properties_changed_cb(GDBusConnection *bus, const gchar *sender,
					  const gchar *object_path, const gchar *interface_name,
					  const gchar *signal_name, GVariant *parameters,
					  gpointer user_data)
{
	SoriBeaconEmitter *self = user_data;
	const gchar *iface;
	g_autoptr(GVariant) changed = NULL;
	gboolean powered;

	if (g_strcmp0(object_path, self->adapter) != 0)
		return;
	g_variant_get(parameters, "(&s@a{sv}@as)", &iface, &changed, NULL);
	if (!g_str_equal(iface, ADAPTER_IFACE)
	    || !g_variant_lookup(changed, "Powered", "b", &powered))
		return;
	if (powered && !self->powered) {
		/* switched back on: the controller forgot its advertisements */
		self->powered = TRUE;
		for (guint i = 0; i < self->adverts->len; i++)
			((Advert *) g_ptr_array_index(self->adverts, i))->registered = FALSE;
		sori_beacon_emitter_register_all(self);
	} else if (!powered) {
		self->powered = FALSE;
	}
}

static void
sori_beacon_emitter_bluez_appeared_cb(GDBusConnection *bus, const gchar *name, const gchar *owner,
				      gpointer user_data)
{
	SoriBeaconEmitter *self = user_data;
	g_message("bluetoothd is running (%s)", owner);
	sori_beacon_emitter_forget_adapter(self);
	g_dbus_connection_call(self->bus, BLUEZ, "/", "org.freedesktop.DBus.ObjectManager",
			       "GetManagedObjects", NULL, G_VARIANT_TYPE("(a{oa{sa{sv}}})"),
			       G_DBUS_CALL_FLAGS_NONE, 10000, self->cancellable,
			       sori_beacon_emitter_managed_objects_cb, self);
}

static void
sori_beacon_emitter_bluez_vanished_cb(GDBusConnection *bus, const gchar *name, gpointer user_data)
{
	SoriBeaconEmitter *self = user_data;
	if (self->adapter != NULL)
		g_message("bluetoothd is gone; waiting for it to come back");
	sori_beacon_emitter_forget_adapter(self);
}

/**
 * sori_beacon_emitter_start:
 *
 * Exports the advertisements and registers them whenever an adapter is there.
 */
void
sori_beacon_emitter_start(SoriBeaconEmitter *self)
{
	for (guint i = 0; i < self->adverts->len; i++) {
		Advert *advert = g_ptr_array_index(self->adverts, i);
		g_autoptr(GError) error = NULL;
		sori_beacon_emitter_refresh_frame(advert);
		advert->registration_id = g_dbus_connection_register_object(
			self->bus, advert->path, self->node_info->interfaces[0],
			&advertisement_vtable, advert, NULL, &error);
		if (advert->registration_id == 0)
			g_warning("exporting %s: %s", advert->path, error->message);
		sori_beacon_emitter_schedule(advert);
	}
	self->added_id = g_dbus_connection_signal_subscribe(
		self->bus, BLUEZ, "org.freedesktop.DBus.ObjectManager", "InterfacesAdded", NULL,
		NULL, G_DBUS_SIGNAL_FLAGS_NONE, sori_beacon_emitter_interfaces_added_cb, self,
		NULL);
	self->properties_id = g_dbus_connection_signal_subscribe(
		self->bus, BLUEZ, "org.freedesktop.DBus.Properties", "PropertiesChanged", NULL,
		ADAPTER_IFACE, G_DBUS_SIGNAL_FLAGS_MATCH_ARG0_NAMESPACE,
		sori_beacon_emitter_properties_changed_cb, self, NULL);
	self->watch_id
		= g_bus_watch_name_on_connection(self->bus, BLUEZ, G_BUS_NAME_WATCHER_FLAGS_NONE,
						 sori_beacon_emitter_bluez_appeared_cb,
						 sori_beacon_emitter_bluez_vanished_cb, self, NULL);
}

guint
sori_beacon_emitter_get_n_registered(SoriBeaconEmitter *self)
{
	guint n = 0;
	for (guint i = 0; i < self->adverts->len; i++)
		n += ((Advert *) g_ptr_array_index(self->adverts, i))->registered;
	return n;
}

/**
 * sori_beacon_emitter_get_n_registrations:
 *
 * Returns: how many times advertisements were registered, re-registrations included
 */
guint
sori_beacon_emitter_get_n_registrations(SoriBeaconEmitter *self)
{
	return self->n_registrations;
}

void
sori_beacon_emitter_set_clock(SoriBeaconEmitter *self, SoriBeaconClock clock, gpointer user_data)
{
	self->clock = clock != NULL ? clock : sori_beacon_emitter_real_clock;
	self->clock_data = user_data;
	self->started = sori_beacon_emitter_now(self);
}

static void
sori_beacon_emitter_dispose(GObject *object)
{
	SoriBeaconEmitter *self = SORI_BEACON_EMITTER(object);
	g_cancellable_cancel(self->cancellable);
	if (self->bus != NULL) {
		g_clear_handle_id(&self->watch_id, g_bus_unwatch_name);
		if (self->added_id != 0)
			g_dbus_connection_signal_unsubscribe(self->bus, self->added_id);
		if (self->properties_id != 0)
			g_dbus_connection_signal_unsubscribe(self->bus, self->properties_id);
		self->added_id = self->properties_id = 0;
		for (guint i = 0; self->adverts != NULL && i < self->adverts->len; i++) {
			Advert *advert = g_ptr_array_index(self->adverts, i);
			if (advert->registration_id != 0)
				g_dbus_connection_unregister_object(self->bus,
								    advert->registration_id);
			advert->registration_id = 0;
		}
	}
	g_clear_pointer(&self->adverts, g_ptr_array_unref);
	g_clear_object(&self->bus);
	g_clear_object(&self->cancellable);
	g_clear_pointer(&self->node_info, g_dbus_node_info_unref);
	g_clear_pointer(&self->adapter, g_free);
	G_OBJECT_CLASS(sori_beacon_emitter_parent_class)->dispose(object);
}

static void
sori_beacon_emitter_class_init(SoriBeaconEmitterClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = sori_beacon_emitter_dispose;
}

static void
sori_beacon_emitter_init(SoriBeaconEmitter *self)
{
	self->adverts
		= g_ptr_array_new_with_free_func((GDestroyNotify) sori_beacon_emitter_advert_free);
	self->cancellable = g_cancellable_new();
	self->clock = sori_beacon_emitter_real_clock;
	self->started = sori_beacon_emitter_real_clock(NULL);
	self->node_info = g_dbus_node_info_new_for_xml(introspection_xml, NULL);
}

/**
 * sori_beacon_emitter_new:
 * @bus: the system bus, where bluetoothd is
 * @slots: (array length=n_slots): what to advertise
 *
 * Returns: (transfer full): an emitter; sori_beacon_emitter_start() puts it on the air
 */
SoriBeaconEmitter *
sori_beacon_emitter_new(GDBusConnection *bus, const SoriBeaconSlot *slots, guint n_slots)
{
	SoriBeaconEmitter *self = g_object_new(SORI_TYPE_BEACON_EMITTER, NULL);
	self->bus = g_object_ref(bus);
	for (guint i = 0; i < n_slots; i++) {
		Advert *advert = g_new0(Advert, 1);
		advert->emitter = self;
		advert->index = i;
		advert->slot = slots[i];
		advert->path = g_strdup_printf("/org/sori/beacon/advertisement%u", i);
		g_ptr_array_add(self->adverts, advert);
	}
	return self;
}
