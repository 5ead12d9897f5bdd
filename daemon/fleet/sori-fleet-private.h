/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What the fleet's health tracker (sori-fleet.c) and its BlueZ scanner
 * (sori-fleet-scanner.c) share.
 */
#pragma once

#include "sori-beacon-frame.h"
#include "sori-fleet.h"

G_BEGIN_DECLS

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
} SoriFleetHealth;

typedef struct {
	gboolean powered;
	gboolean discovering;
	gboolean starting; /* a SetDiscoveryFilter/StartDiscovery is in flight */
	gboolean scanned_before;
} SoriFleetAdapter;

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
	gint64 started;                /* Unix time the monitor started */
	GHashTable *health;            /* id → SoriFleetHealth */
	GHashTable *devices;           /* object path → id, registered beacons only */
	GHashTable *adapters;          /* object path → SoriFleetAdapter */
	GHashTable *registered;        /* ids every catalogue served declares, as of ... */
	guint64 registered_generation; /* ... the venue store's generation */
	guint64 generation; /* the venue store's when bluetoothd's objects were last read */
};

void sori_fleet_heard(SoriFleet *self, const gchar *path, const SoriFrame *frames, gsize n,
		      gboolean has_rssi, gint16 rssi);

G_END_DECLS
