/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * A venue's map: places (nodes) on floors, at positions in metres on each
 * floor's plan, and the ways (links) between them with what a visitor needs
 * to choose one. The catalogue checks it (sori-catalogue-check-map.c) and
 * builds its graph once per catalogue version; routes are found on it per
 * request (sori-map.c) and put into words (sori-directions.c).
 */

#define SORI_MAP_MAX_FLOORS 64
#define SORI_MAP_MAX_PLACES 20000
#define SORI_MAP_MAX_WAYS   60000

typedef enum {
	SORI_PLACE_ENTRANCE,
	SORI_PLACE_EXIT,
	SORI_PLACE_GALLERY,
	SORI_PLACE_EXHIBIT,
	SORI_PLACE_LIFT,
	SORI_PLACE_STAIRS,
	SORI_PLACE_RAMP,
	SORI_PLACE_ESCALATOR,
	SORI_PLACE_DOOR,
	SORI_PLACE_TOILET,
	SORI_PLACE_INFORMATION,
	SORI_PLACE_SEATING,
	SORI_PLACE_JUNCTION,
	SORI_PLACE_LAST,
} SoriPlaceKind;

typedef enum {
	SORI_WAY_LEVEL,
	SORI_WAY_RAMP,
	SORI_WAY_STAIRS,
	SORI_WAY_LIFT,
	SORI_WAY_ESCALATOR,
	SORI_WAY_DOOR,
	SORI_WAY_LAST,
} SoriWayKind;

typedef enum {
	SORI_HANDRAIL_UNKNOWN,
	SORI_HANDRAIL_NONE,
	SORI_HANDRAIL_LEFT,
	SORI_HANDRAIL_RIGHT,
	SORI_HANDRAIL_BOTH,
} SoriHandrail;

typedef enum {
	SORI_DOOR_NONE,
	SORI_DOOR_AUTOMATIC,
	SORI_DOOR_MANUAL,
	SORI_DOOR_HEAVY,
	SORI_DOOR_REVOLVING,
} SoriDoor;

typedef enum {
	SORI_ALONG_UNKNOWN,
	SORI_ALONG_WALL,
	SORI_ALONG_OPEN,
} SoriAlong;

typedef enum {
	SORI_PROFILE_GENERAL,
	SORI_PROFILE_WHEELCHAIR,
	SORI_PROFILE_STEP_FREE,
	SORI_PROFILE_BLIND,
	SORI_PROFILE_LAST,
} SoriProfile;

/* what a place is bound to in the rest of the catalogue */
typedef enum {
	SORI_PLACE_BINDS_NOTHING,
	SORI_PLACE_BINDS_ENTRANCE,
	SORI_PLACE_BINDS_GALLERY,
	SORI_PLACE_BINDS_EXHIBIT,
	SORI_PLACE_BINDS_LIFT,
	SORI_PLACE_BINDS_TOILET,
} SoriPlaceBinding;

typedef struct {
	gchar *id;
	SoriPlaceKind kind;
	gint floor;
	gdouble x;
	gdouble y;
	SoriPlaceBinding binding;
	gchar *bound_id;      /* the gallery's, exhibit's, entrance's, lift's or toilet's id */
	JsonObject *name;     /* text per language, borrowed from the catalogue */
	JsonObject *landmark; /* nullable */
	JsonObject *layout;   /* nullable: the destination described on arrival */
} SoriPlace;

typedef struct {
	guint from;
	guint to;
	SoriWayKind kind;
	gdouble length_m;
	guint steps;
	guint step_height_cm; /* 0: not measured */
	gdouble slope_pct;
	gint rise_cm;   /* height gained from @from to @to, on one floor */
	guint width_cm; /* 0: not measured, taken as wide enough */
	SoriHandrail handrail;
	gboolean tactile_paving;
	SoriDoor door;
	gboolean one_way;
	SoriAlong along;
	gboolean braille; /* a lift's buttons */
	gboolean audio;   /* a lift's spoken floors */
	JsonObject *note; /* nullable, per language */
	guint index;      /* in /map/ways */
} SoriWay;

typedef struct {
	gint level;
	JsonObject *name; /* per language */
} SoriFloor;

typedef struct _SoriMap SoriMap;

/* one way of a route, walked forwards (from → to) or backwards */
typedef struct {
	const SoriWay *way;
	gboolean forward;
} SoriLeg;

typedef struct {
	SoriProfile profile;
	guint from;
	guint to;
	gdouble length_m;
	GArray *legs; /* element-type SoriLeg */
} SoriMapRoute;

void sori_map_route_free(SoriMapRoute *route);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SoriMapRoute, sori_map_route_free)

/* limits of the profiles; see data/README.md */
#define SORI_PROFILE_WHEELCHAIR_MIN_WIDTH_CM 90
#define SORI_PROFILE_WHEELCHAIR_MAX_SLOPE    8.33
#define SORI_PROFILE_STEP_FREE_MIN_WIDTH_CM  70
#define SORI_PROFILE_STEP_FREE_MAX_SLOPE     12.5
#define SORI_MAP_LIFT_WAIT_M                 15.0
#define SORI_MAP_THRESHOLD_MAX_CM            2

const gchar *sori_place_kind_to_string(SoriPlaceKind kind);
gboolean sori_place_kind_from_string(const gchar *text, SoriPlaceKind *kind);
const gchar *sori_way_kind_to_string(SoriWayKind kind);
gboolean sori_way_kind_from_string(const gchar *text, SoriWayKind *kind);
const gchar *sori_profile_to_string(SoriProfile profile);
gboolean sori_profile_from_string(const gchar *text, SoriProfile *profile);

guint sori_map_get_n_places(SoriMap *self);
const SoriPlace *sori_map_get_place(SoriMap *self, guint index);
guint sori_map_get_n_ways(SoriMap *self);
const SoriWay *sori_map_get_way(SoriMap *self, guint index);
guint sori_map_get_n_floors(SoriMap *self);
const SoriFloor *sori_map_get_floor(SoriMap *self, guint index);
const SoriFloor *sori_map_lookup_floor(SoriMap *self, gint level);
gboolean sori_map_lookup_place(SoriMap *self, const gchar *id, guint *index);
gboolean sori_map_get_origin(SoriMap *self, gdouble *lat, gdouble *lon, gdouble *bearing);

gboolean sori_way_allowed(const SoriWay *way, SoriProfile profile);
gboolean sori_way_is_step_free(const SoriWay *way);
SoriMapRoute *sori_map_find_route(SoriMap *self, guint from, guint to, SoriProfile profile);
gboolean sori_map_explain_no_route(SoriMap *self, guint from, guint to, SoriProfile profile,
				   const SoriWay **blocked);
gboolean *sori_map_reachable(SoriMap *self, const guint *sources, guint n_sources, gboolean reverse,
			     gboolean (*allowed)(const SoriWay *way, gpointer user_data),
			     gpointer user_data);

G_END_DECLS
