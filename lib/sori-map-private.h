/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What the map's checker (sori-catalogue-check-map.c) fills in and its graph
 * (sori-map.c) reads; nothing outside lib/ includes it.
 */
#pragma once

#include "sori-map.h"

G_BEGIN_DECLS

struct _SoriMap {
	GPtrArray *places;            /* element-type SoriPlace, owned */
	GArray *ways;                 /* element-type SoriWay */
	GArray *floors;               /* element-type SoriFloor */
	GHashTable *place_by_id;      /* borrowed id → index + 1 */
	GHashTable *place_by_binding; /* borrowed bound id (not a lift's) → index + 1 */
	/* the graph: the legs leaving place i are adj[adj_start[i] .. adj_start[i + 1]) */
	guint *adj_start;
	SoriLeg *adj;
	/* for the search, per leg: the place it leads to, and what it costs each
	 * profile (INFINITY: not allowed); per place, its position */
	guint *leg_next;
	gdouble *leg_cost[SORI_PROFILE_LAST];
	gdouble *position; /* x, y of each place */
	gboolean has_origin;
	gdouble origin_lat;
	gdouble origin_lon;
	gdouble origin_bearing;
};

SoriMap *sori_map_new(void);
void sori_map_free(SoriMap *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SoriMap, sori_map_free)
void sori_map_build_graph(SoriMap *self);
gdouble sori_map_place_distance(const SoriPlace *a, const SoriPlace *b);

G_END_DECLS
