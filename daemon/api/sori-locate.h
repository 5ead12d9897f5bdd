/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-catalogue.h"
#include "sori-eid-resolver.h"
#include "sori-problem.h"

G_BEGIN_DECLS

#define SORI_LOCATE_MAX_BODY      (16 * 1024)
#define SORI_LOCATE_MAX_SIGHTINGS 64
/* readings older than this say nothing of where the phone is now */
#define SORI_LOCATE_MAX_AGE_MS 20000
/* what an iBeacon measures at 1 m when nothing says otherwise */
#define SORI_LOCATE_DEFAULT_POWER -59
/* the path-loss exponent indoors, between free space (2) and cluttered rooms */
#define SORI_LOCATE_PATH_LOSS 2.2

gdouble sori_locate_distance(gdouble rssi, gint measured_power);
gdouble sori_locate_smooth_rssi(gdouble *readings, guint n_readings);
JsonNode *sori_locate(SoriCatalogue *catalogue, SoriEidResolver *resolver, GBytes *body, gint64 now,
		      GError **error);

G_END_DECLS
