/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "sori-venue-store.h"

G_BEGIN_DECLS

/* the Unix time, in seconds; tests inject their own */
typedef gint64 (*SoriFleetClock)(gpointer user_data);

#define SORI_TYPE_FLEET (sori_fleet_get_type())
G_DECLARE_FINAL_TYPE(SoriFleet, sori_fleet, SORI, FLEET, GObject)

SoriFleet *sori_fleet_new(SoriVenueStore *store, guint missing_after, guint low_battery_mv);
void sori_fleet_set_clock(SoriFleet *self, SoriFleetClock clock, gpointer user_data);
void sori_fleet_start(SoriFleet *self, GDBusConnection *bus);
guint sori_fleet_get_scanning(SoriFleet *self);
guint sori_fleet_get_n_tracked(SoriFleet *self);
void sori_fleet_check(SoriFleet *self);
JsonNode *sori_fleet_report(SoriFleet *self, const gchar *venue);

G_END_DECLS
