/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The beacon fleet's health: for each beacon a venue's catalogue declares,
 * when it was last heard, its signal and its telemetry (battery, temperature,
 * advertisements sent, uptime); missing beacons and low batteries are
 * flagged and logged once. Only declared beacons are kept, keyed by their
 * payload since broadcast addresses are random; everything else, visitors'
 * phones above all, is dropped on arrival. What is heard comes from the
 * BlueZ scanner (sori-fleet-scanner.c).
 */

#define G_LOG_DOMAIN "sori-fleet"

#include "config.h"

#include <string.h>

#include "sori-fleet-private.h"
#include "sori-hex.h"
#include "sori-location-id.h"

G_DEFINE_TYPE(SoriFleet, sori_fleet, G_TYPE_OBJECT)

static void
sori_fleet_health_free(SoriFleetHealth *h)
{
	g_free(h->id);
	g_free(h);
}

static gint64
sori_fleet_real_clock(gpointer user_data)
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
	g_hash_table_unref(self->registered);
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
	self->clock = sori_fleet_real_clock;
	self->cancellable = g_cancellable_new();
	self->health = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
					     (GDestroyNotify) sori_fleet_health_free);
	self->devices = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	self->adapters = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	self->registered = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
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
	self->clock = clock != NULL ? clock : sori_fleet_real_clock;
	self->clock_data = user_data;
}

/* is @id declared by the catalogue of any venue served? One set for the
 * whole city, made again when a venue is swapped in or out: every frame
 * heard and every beacon tracked asks */
static gboolean
sori_fleet_is_registered(SoriFleet *self, const gchar *id)
{
	guint64 generation = sori_venue_store_get_generation(self->store);

	if (self->registered_generation != generation) {
		GPtrArray *snapshots = sori_venue_store_get_snapshots(self->store);
		g_hash_table_remove_all(self->registered);
		for (guint i = 0; i < snapshots->len; i++) {
			SoriVenueSnapshot *snapshot = g_ptr_array_index(snapshots, i);
			GPtrArray *beacons = sori_catalogue_get_beacons(snapshot->catalogue);
			for (guint j = 0; j < beacons->len; j++)
				g_hash_table_add(self->registered,
						 g_strdup(g_ptr_array_index(beacons, j)));
		}
		self->registered_generation = generation;
	}
	return g_hash_table_contains(self->registered, id);
}

static SoriFleetHealth *
sori_fleet_health_for(SoriFleet *self, const gchar *id)
{
	SoriFleetHealth *h = g_hash_table_lookup(self->health, id);
	if (h == NULL) {
		h = g_new0(SoriFleetHealth, 1);
		h->id = g_strdup(id);
		g_hash_table_insert(self->health, h->id, h);
	}
	return h;
}

static const gchar *
sori_fleet_frame_name(SoriFrameKind kind)
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
sori_fleet_frame_beacon(SoriFleet *self, const SoriFrame *frame, gint64 now, gchar *id,
			gsize id_size)
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
	return sori_fleet_is_registered(self, id);
}

/**
 * sori_fleet_heard:
 * @path: the Device1 object the frames came from
 * @frames: (array length=n): what it advertised
 * @has_rssi: whether @rssi was measured
 *
 * Keeps what a registered beacon said; anything else is forgotten on arrival.
 */
void
sori_fleet_heard(SoriFleet *self, const gchar *path, const SoriFrame *frames, gsize n,
		 gboolean has_rssi, gint16 rssi)
{
	gint64 now = self->clock(self->clock_data);
	const gchar *id = NULL;
	SoriFleetHealth *h;
	gboolean has_id_frame = FALSE;

	for (gsize i = 0; i < n; i++) {
		gchar buf[128];
		if (frames[i].kind == SORI_FRAME_KIND_EDDYSTONE_TLM)
			continue;
		has_id_frame = TRUE;
		if (!sori_fleet_frame_beacon(self, &frames[i], now, buf, sizeof(buf)))
			continue;
		h = sori_fleet_health_for(self, buf);
		h->frame = sori_fleet_frame_name(frames[i].kind);
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
		if (id != NULL && !sori_fleet_is_registered(self, id)) {
			g_hash_table_remove(self->devices, path);
			return;
		}
	}
	if (id == NULL)
		return; /* not a registered beacon: forget it */
	h = sori_fleet_health_for(self, id);
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

static gboolean
sori_fleet_is_missing(SoriFleet *self, const SoriFleetHealth *h, gint64 now)
{
	gint64 since = h != NULL && h->last_seen != 0 ? h->last_seen : self->started;
	return self->bus != NULL && now - since > (gint64) self->missing_after;
}

static gboolean
sori_fleet_is_low_battery(SoriFleet *self, const SoriFleetHealth *h)
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
	SoriFleetHealth *h;

	/* forget beacons no catalogue declares any more */
	g_hash_table_iter_init(&iter, self->health);
	while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &h)) {
		if (!sori_fleet_is_registered(self, h->id))
			g_hash_table_iter_remove(&iter);
	}
	for (guint i = 0; i < snapshots->len; i++) {
		SoriVenueSnapshot *snapshot = g_ptr_array_index(snapshots, i);
		GPtrArray *beacons = sori_catalogue_get_beacons(snapshot->catalogue);
		for (guint j = 0; j < beacons->len; j++) {
			const gchar *id = g_ptr_array_index(beacons, j);
			h = sori_fleet_health_for(self, id);
			if (sori_fleet_is_missing(self, h, now) && !h->flagged_missing) {
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
			if (sori_fleet_is_low_battery(self, h) && !h->flagged_battery) {
				h->flagged_battery = TRUE;
				g_warning("beacon %s of %s has a low battery: %u mV", id,
					  sori_catalogue_get_id(snapshot->catalogue),
					  h->battery_mv);
			} else if (!sori_fleet_is_low_battery(self, h)) {
				h->flagged_battery = FALSE;
			}
		}
	}
}

static gchar *
sori_fleet_iso_time(gint64 unix_time)
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
	/* the beacons are an idle venue's summary's too: never read whole for them */
	SoriVenueSnapshot *snapshot = sori_venue_store_peek(self->store, venue);
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
		SoriFleetHealth *h = g_hash_table_lookup(self->health, id);
		gboolean seen = h != NULL && h->last_seen != 0;
		gboolean is_lost = sori_fleet_is_missing(self, h, now);
		gboolean is_low = sori_fleet_is_low_battery(self, h);

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
			g_autofree gchar *when = sori_fleet_iso_time(h->last_seen);
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
