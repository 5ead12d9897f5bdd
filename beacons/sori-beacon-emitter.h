/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sori-beacon-frame.h"
#include "sori-eid.h"

G_BEGIN_DECLS

/* one advertisement: a fixed frame, a rotating Eddystone-EID, or telemetry */
typedef struct {
	SoriFrame frame;
	gboolean rotating_eid;
	guint8 identity_key[SORI_EID_KEY_SIZE];
	guint8 exponent;
	gint64 clock_offset; /* the beacon's counter minus Unix time */
	gboolean telemetry;
} SoriBeaconSlot;

/* Unix time in seconds; injectable so that tests can move it */
typedef gint64 (*SoriBeaconClock)(gpointer user_data);

#define SORI_TYPE_BEACON_EMITTER (sori_beacon_emitter_get_type())
G_DECLARE_FINAL_TYPE(SoriBeaconEmitter, sori_beacon_emitter, SORI, BEACON_EMITTER, GObject)

SoriBeaconEmitter *sori_beacon_emitter_new(GDBusConnection *bus, const SoriBeaconSlot *slots,
					   guint n_slots);
void sori_beacon_emitter_set_clock(SoriBeaconEmitter *self, SoriBeaconClock clock,
				   gpointer user_data);
void sori_beacon_emitter_start(SoriBeaconEmitter *self);
guint sori_beacon_emitter_get_n_registered(SoriBeaconEmitter *self);
guint sori_beacon_emitter_get_n_registrations(SoriBeaconEmitter *self);
gsize sori_beacon_emitter_get_payload(SoriBeaconEmitter *self, guint slot, guint8 *out,
				      gsize out_size);

G_END_DECLS
