/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The catalogue's map (/map): floors, places and the ways between them,
 * checked member by member like the rest, each place's binding to a
 * gallery, exhibit, entrance, lift or toilet of the catalogue with it; then,
 * once the parts are sound, as a whole (sori-catalogue-check-graph.c).
 */

#define G_LOG_DOMAIN "sori-catalogue"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sori-catalogue-private.h"
#include "sori-json.h"
#include "sori-map-private.h"

/* a storey's height, for the length of stairs whose length is not given */
#define SORI_MAP_STOREY_M 4.0

static const gchar *const handrails[] = { "none", "left", "right", "both", NULL };
static const gchar *const doors[] = { "automatic", "manual", "heavy", "revolving", NULL };
static const gchar *const alongs[] = { "wall", "open", NULL };

/* a number, integer or not, within [@min, @max]; @metres: a length, said so */
static gboolean
sori_catalogue_check_map_number_node(SoriCatalogueChecker *c, JsonNode *node, const gchar *pointer,
				     gdouble min, gdouble max, gboolean metres, gdouble *out)
{
	gdouble value;

	if (!JSON_NODE_HOLDS_VALUE(node)
	    || (json_node_get_value_type(node) != G_TYPE_INT64
		&& json_node_get_value_type(node) != G_TYPE_DOUBLE)) {
		sori_checker_report(c, pointer, "expected a number%s, got %s",
				    metres ? " of metres" : "", sori_json_node_type_name(node));
		return FALSE;
	}
	value = json_node_get_double(node);
	if (!isfinite(value) || value < min || value > max) {
		sori_checker_report(c, pointer, "%g%s is out of range: use %g to %g", value,
				    metres ? " m" : "", min, max);
		return FALSE;
	}
	*out = value;
	return TRUE;
}

/* the member @name, a number within [@min, @max] */
static gboolean
sori_catalogue_check_map_get_number(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
				    const gchar *name, gboolean required, gdouble min, gdouble max,
				    gdouble *out)
{
	JsonNode *node = sori_checker_get_member(c, obj, pointer, name, required);
	g_autofree gchar *member_pointer = NULL;

	if (node == NULL)
		return FALSE;
	member_pointer = sori_json_pointer_member(pointer, name);
	return sori_catalogue_check_map_number_node(c, node, member_pointer, min, max, FALSE, out);
}

/* one of @names, its index in @out (1-based, so that 0 is "not given") */
static gboolean
sori_catalogue_check_map_get_choice(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
				    const gchar *name, gboolean required, const gchar *const *names,
				    guint *out)
{
	const gchar *value = sori_checker_get_string(c, obj, pointer, name, required, 32);
	if (value == NULL)
		return FALSE;
	for (guint i = 0; names[i] != NULL; i++) {
		if (g_str_equal(names[i], value)) {
			*out = i + 1;
			return TRUE;
		}
	}
	{
		g_autofree gchar *p = sori_json_pointer_member(pointer, name);
		g_autofree gchar *known = g_strjoinv(", ", (gchar **) names);
		sori_checker_report(c, p, "'%s' is not one of %s", value, known);
	}
	return FALSE;
}

static void
sori_catalogue_check_map_floors(SoriCatalogueChecker *c, SoriMap *map, JsonObject *obj,
				const gchar *pointer)
{
	static const gchar *const allowed[] = { "level", "name", NULL };
	g_autofree gchar *floors_pointer = sori_json_pointer_member(pointer, "floors");
	JsonArray *floors
		= sori_checker_get_array(c, obj, pointer, "floors", TRUE, SORI_MAP_MAX_FLOORS);

	if (floors == NULL)
		return;
	if (json_array_get_length(floors) == 0)
		sori_checker_report(c, floors_pointer, "list at least one floor");
	for (guint i = 0; i < json_array_get_length(floors); i++) {
		g_autofree gchar *item_pointer = sori_json_pointer_index(floors_pointer, i);
		JsonObject *item = sori_checker_array_object(c, floors, floors_pointer, i);
		SoriFloor floor = { 0 };
		gint64 level;

		if (item == NULL)
			continue;
		sori_checker_check_members(c, item, item_pointer, allowed);
		sori_checker_check_name(c, item, item_pointer, "name", TRUE);
		if (!sori_checker_get_integer(c, item, item_pointer, "level", TRUE, -20, 200,
					      &level))
			continue;
		if (sori_map_lookup_floor(map, (gint) level) != NULL) {
			g_autofree gchar *p = sori_json_pointer_member(item_pointer, "level");
			sori_checker_report(c, p, "floor %d is listed twice", (gint) level);
			continue;
		}
		floor.level = (gint) level;
		floor.name = sori_json_object_get_object(item, "name");
		g_array_append_val(map->floors, floor);
	}
}

/* the items of one list of /venue/access, by id */
static GHashTable *
sori_catalogue_check_map_access_ids(SoriCatalogue *catalogue, const gchar *list)
{
	GHashTable *ids = g_hash_table_new(g_str_hash, g_str_equal);
	JsonArray *items = sori_json_object_get_array(
		sori_json_object_get_object(catalogue->venue_json, "access"), list);

	for (guint i = 0; items != NULL && i < json_array_get_length(items); i++) {
		JsonObject *item = sori_json_array_get_object(items, i);
		const gchar *id = item != NULL ? sori_json_object_get_string(item, "id") : NULL;
		if (id != NULL)
			g_hash_table_insert(ids, (gpointer) id, item);
	}
	return ids;
}

typedef struct {
	GHashTable *entrances; /* id → JsonObject */
	GHashTable *lifts;
	GHashTable *toilets;
	GHashTable *bound; /* "kind:id" → first pointer */
} SoriCatalogueCheckMapBindings;

static void
sori_catalogue_check_map_bindings_clear(SoriCatalogueCheckMapBindings *b)
{
	g_clear_pointer(&b->entrances, g_hash_table_unref);
	g_clear_pointer(&b->lifts, g_hash_table_unref);
	g_clear_pointer(&b->toilets, g_hash_table_unref);
	g_clear_pointer(&b->bound, g_hash_table_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(SoriCatalogueCheckMapBindings,
				 sori_catalogue_check_map_bindings_clear)

/* a place's binding: to a gallery, exhibit, entrance, lift or toilet of the catalogue */
static void
sori_catalogue_check_map_binding(SoriCatalogueChecker *c, SoriCatalogueCheckMapBindings *b,
				 SoriPlace *place, JsonObject *item, const gchar *item_pointer)
{
	static const struct {
		const gchar *member;
		SoriPlaceBinding binding;
		SoriPlaceKind kind;
	} bindings[] = {
		{ "entrance", SORI_PLACE_BINDS_ENTRANCE, SORI_PLACE_ENTRANCE },
		{ "gallery", SORI_PLACE_BINDS_GALLERY, SORI_PLACE_GALLERY },
		{ "exhibit", SORI_PLACE_BINDS_EXHIBIT, SORI_PLACE_EXHIBIT },
		{ "lift", SORI_PLACE_BINDS_LIFT, SORI_PLACE_LIFT },
		{ "toilet", SORI_PLACE_BINDS_TOILET, SORI_PLACE_TOILET },
	};
	SoriCatalogue *catalogue = c->catalogue;

	for (guint i = 0; i < G_N_ELEMENTS(bindings); i++) {
		g_autofree gchar *p = NULL;
		g_autofree gchar *key = NULL;
		const gchar *id;
		gint64 floor = G_MININT64;
		gboolean known = TRUE;

		if (!json_object_has_member(item, bindings[i].member))
			continue;
		p = sori_json_pointer_member(item_pointer, bindings[i].member);
		id = sori_checker_get_id(c, item, item_pointer, bindings[i].member, FALSE);
		if (id == NULL)
			continue;
		if (place->binding != SORI_PLACE_BINDS_NOTHING) {
			sori_checker_report(c, p, "a place binds one thing; it binds %s already",
					    place->bound_id);
			continue;
		}
		if (place->kind != bindings[i].kind) {
			sori_checker_report(c, p, "'%s' binds only a place of kind %s, not %s",
					    bindings[i].member,
					    sori_place_kind_to_string(bindings[i].kind),
					    sori_place_kind_to_string(place->kind));
			continue;
		}
		switch (bindings[i].binding) {
		case SORI_PLACE_BINDS_GALLERY: {
			SoriGallery *gallery = g_hash_table_lookup(catalogue->galleries_by_id, id);
			known = gallery != NULL;
			if (gallery != NULL)
				floor = gallery->floor;
			break;
		}
		case SORI_PLACE_BINDS_EXHIBIT: {
			SoriExhibit *exhibit = g_hash_table_lookup(catalogue->exhibits_by_id, id);
			known = exhibit != NULL;
			if (exhibit != NULL && exhibit->gallery != NULL)
				floor = exhibit->gallery->floor;
			break;
		}
		case SORI_PLACE_BINDS_ENTRANCE:
		case SORI_PLACE_BINDS_TOILET: {
			JsonObject *feature = g_hash_table_lookup(
				bindings[i].binding == SORI_PLACE_BINDS_ENTRANCE ? b->entrances
										 : b->toilets,
				id);
			known = feature != NULL;
			/* read, not checked: /venue/access is checked with the venue */
			sori_json_object_get_int(feature, "floor", &floor);
			break;
		}
		case SORI_PLACE_BINDS_LIFT: {
			JsonObject *lift = g_hash_table_lookup(b->lifts, id);
			JsonArray *floors;
			gboolean serves = FALSE;
			known = lift != NULL;
			floors = sori_json_object_get_array(lift, "floors");
			if (floors == NULL)
				break;
			for (guint f = 0; f < json_array_get_length(floors); f++) {
				gint64 level;
				serves |= sori_json_array_get_int(floors, f, &level)
					  && level == place->floor;
			}
			if (!serves)
				sori_checker_report(c, p,
						    "lift '%s' does not serve floor %d: see its "
						    "floors in /venue/access/lifts",
						    id, place->floor);
			break;
		}
		case SORI_PLACE_BINDS_NOTHING:
		default:
			break;
		}
		if (!known) {
			sori_checker_report(c, p, "unknown %s '%s'", bindings[i].member, id);
			continue;
		}
		if (floor != G_MININT64 && floor != place->floor) {
			sori_checker_report(c, p, "%s '%s' is on floor %d, this place on floor %d",
					    bindings[i].member, id, (gint) floor, place->floor);
		}
		/* a lift has a place on each floor it serves; anything else has one place */
		key = bindings[i].binding == SORI_PLACE_BINDS_LIFT
			      ? g_strdup_printf("lift:%s:%d", id, place->floor)
			      : g_strdup_printf("%s:%s", bindings[i].member, id);
		if (g_hash_table_contains(b->bound, key)) {
			sori_checker_report(c, p, "%s '%s' is bound already, at %s",
					    bindings[i].member, id,
					    (const gchar *) g_hash_table_lookup(b->bound, key));
			continue;
		}
		g_hash_table_insert(b->bound, g_steal_pointer(&key), g_strdup(p));
		place->binding = bindings[i].binding;
		place->bound_id = g_strdup(id);
	}
}

/* a place's id may be a gallery's, exhibit's or entrance's only when it binds that very one */
static void
sori_catalogue_check_map_place_id(SoriCatalogueChecker *c, SoriCatalogueCheckMapBindings *b,
				  const SoriPlace *place, JsonObject *item, const gchar *id_pointer)
{
	static const gchar *const bindings[] = { "gallery", "exhibit", "entrance", NULL };
	const gchar *other = NULL;
	if (g_hash_table_contains(c->catalogue->galleries_by_id, place->id))
		other = "gallery";
	else if (g_hash_table_contains(c->catalogue->exhibits_by_id, place->id))
		other = "exhibit";
	else if (g_hash_table_contains(b->entrances, place->id))
		other = "entrance";
	/* a binding that failed has said so already */
	for (guint i = 0; bindings[i] != NULL; i++) {
		if (g_strcmp0(sori_json_object_get_string(item, bindings[i]), place->id) == 0)
			return;
	}
	if (other != NULL && g_strcmp0(place->bound_id, place->id) != 0)
		sori_checker_report(c, id_pointer,
				    "'%s' is the id of %s '%s': a place of that id must bind it",
				    place->id, other, place->id);
}

static void
sori_catalogue_check_map_places(SoriCatalogueChecker *c, SoriMap *map,
				SoriCatalogueCheckMapBindings *b, JsonObject *obj,
				const gchar *pointer)
{
	static const gchar *const allowed[]
		= { "id",      "kind",    "floor",    "position", "name",   "landmark", "layout",
		    "gallery", "exhibit", "entrance", "lift",     "toilet", NULL };
	g_autofree gchar *places_pointer = sori_json_pointer_member(pointer, "places");
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	JsonArray *places
		= sori_checker_get_array(c, obj, pointer, "places", TRUE, SORI_MAP_MAX_PLACES);

	if (places == NULL)
		return;
	for (guint i = 0; i < json_array_get_length(places); i++) {
		g_autofree gchar *item_pointer = sori_json_pointer_index(places_pointer, i);
		g_autofree gchar *id_pointer = NULL;
		g_autofree gchar *position_pointer = NULL;
		JsonObject *item = sori_checker_array_object(c, places, places_pointer, i);
		g_autofree SoriPlace *place = g_new0(SoriPlace, 1);
		const gchar *id;
		const gchar *kind;
		gint64 floor = 0;
		JsonArray *position;
		gboolean ok = TRUE;

		if (item == NULL)
			continue;
		sori_checker_check_members(c, item, item_pointer, allowed);
		id = sori_checker_get_id(c, item, item_pointer, "id", TRUE);
		kind = sori_checker_get_string(c, item, item_pointer, "kind", TRUE, 32);
		if (kind != NULL && !sori_place_kind_from_string(kind, &place->kind)) {
			g_autofree gchar *p = sori_json_pointer_member(item_pointer, "kind");
			sori_checker_report(
				c, p,
				"'%s' is not a kind of place: use entrance, exit, "
				"gallery, exhibit, lift, stairs, ramp, escalator, door, "
				"toilet, information, seating or junction",
				kind);
			ok = FALSE;
		}
		ok &= kind != NULL;
		if (sori_checker_get_integer(c, item, item_pointer, "floor", TRUE, -20, 200, &floor)
		    && sori_map_lookup_floor(map, (gint) floor) == NULL && map->floors->len > 0) {
			g_autofree gchar *p = sori_json_pointer_member(item_pointer, "floor");
			sori_checker_report(c, p, "floor %d is not in /map/floors", (gint) floor);
		}
		place->floor = (gint) floor;
		position_pointer = sori_json_pointer_member(item_pointer, "position");
		position = sori_checker_get_array(c, item, item_pointer, "position", TRUE, 2);
		if (position != NULL && json_array_get_length(position) != 2) {
			sori_checker_report(c, position_pointer,
					    "give the position as [x, y] in metres");
			ok = FALSE;
		}
		for (guint k = 0; position != NULL && k < json_array_get_length(position) && k < 2;
		     k++) {
			g_autofree gchar *p = sori_json_pointer_index(position_pointer, k);
			gdouble value;
			if (!sori_catalogue_check_map_number_node(
				    c, json_array_get_element(position, k), p, -100000, 100000,
				    TRUE, &value)) {
				ok = FALSE;
				continue;
			}
			if (k == 0)
				place->x = value;
			else
				place->y = value;
		}
		ok &= position != NULL;
		sori_checker_check_name(c, item, item_pointer, "name", TRUE);
		sori_checker_check_name(c, item, item_pointer, "landmark", FALSE);
		sori_checker_check_long_text(c, item, item_pointer, "layout", FALSE);
		if (kind != NULL && ok)
			sori_catalogue_check_map_binding(c, b, place, item, item_pointer);
		/* a place with problems is still named, so that its ways do not add more */
		if (!ok)
			place->kind = SORI_PLACE_JUNCTION;
		if (id == NULL) {
			g_free(place->bound_id);
			continue;
		}
		id_pointer = sori_json_pointer_member(item_pointer, "id");
		if (g_hash_table_contains(seen, id)) {
			sori_checker_check_unique_id(c, seen, id, id_pointer, "place");
			g_free(place->bound_id);
			continue;
		}
		sori_checker_check_unique_id(c, seen, id, id_pointer, "place");
		place->id = g_strdup(id);
		sori_catalogue_check_map_place_id(c, b, place, item, id_pointer);
		place->name = sori_json_object_get_object(item, "name");
		place->landmark = sori_json_object_get_object(item, "landmark");
		place->layout = sori_json_object_get_object(item, "layout");
		g_hash_table_insert(map->place_by_id, place->id,
				    GUINT_TO_POINTER(map->places->len + 1));
		/* an exhibit's, gallery's, entrance's or toilet's id finds its place (the first, as
		 * ids of different kinds may be alike) */
		if (place->bound_id != NULL && place->binding != SORI_PLACE_BINDS_LIFT
		    && !g_hash_table_contains(map->place_by_binding, place->bound_id))
			g_hash_table_insert(map->place_by_binding, place->bound_id,
					    GUINT_TO_POINTER(map->places->len + 1));
		g_ptr_array_add(map->places, g_steal_pointer(&place));
	}
}

static gboolean
sori_catalogue_check_map_way_place(SoriCatalogueChecker *c, SoriMap *map, JsonObject *item,
				   const gchar *item_pointer, const gchar *member, guint *index)
{
	const gchar *id = sori_checker_get_id(c, item, item_pointer, member, TRUE);
	if (id == NULL)
		return FALSE;
	if (!sori_map_lookup_place(map, id, index)) {
		g_autofree gchar *p = sori_json_pointer_member(item_pointer, member);
		sori_checker_report(c, p, "unknown place '%s': it is not in /map/places", id);
		return FALSE;
	}
	return TRUE;
}

/* a member allowed only on some kinds of way */
static void
sori_catalogue_check_map_only_for(SoriCatalogueChecker *c, JsonObject *item,
				  const gchar *item_pointer, const gchar *member, SoriWayKind kind,
				  guint kinds, const gchar *which)
{
	if (json_object_has_member(item, member) && (kinds & (1u << kind)) == 0) {
		g_autofree gchar *p = sori_json_pointer_member(item_pointer, member);
		sori_checker_report(c, p, "a %s way has no %s: it belongs on %s",
				    sori_way_kind_to_string(kind), member, which);
	}
}

static void
sori_catalogue_check_map_way_shape(SoriCatalogueChecker *c, SoriMap *map, SoriWay *way,
				   JsonObject *item, const gchar *item_pointer)
{
	const SoriPlace *from = g_ptr_array_index(map->places, way->from);
	const SoriPlace *to = g_ptr_array_index(map->places, way->to);
	gdouble straight = sori_map_place_distance(from, to);
	gboolean floors_differ = from->floor != to->floor;
	g_autofree gchar *kind_pointer = sori_json_pointer_member(item_pointer, "kind");
	g_autofree gchar *length_pointer = sori_json_pointer_member(item_pointer, "length_m");

	if (way->from == way->to) {
		g_autofree gchar *p = sori_json_pointer_member(item_pointer, "to");
		sori_checker_report(c, p, "a way joins two different places");
		return;
	}
	if (floors_differ && (way->kind == SORI_WAY_LEVEL || way->kind == SORI_WAY_DOOR)) {
		sori_checker_report(c, kind_pointer,
				    "a %s way joins places on one floor; '%s' is on floor %d and "
				    "'%s' on floor %d",
				    sori_way_kind_to_string(way->kind), from->id, from->floor,
				    to->id, to->floor);
	}
	if (way->kind == SORI_WAY_LIFT) {
		if (from->kind != SORI_PLACE_LIFT || to->kind != SORI_PLACE_LIFT)
			sori_checker_report(c, kind_pointer,
					    "a lift way joins two places of kind lift");
		else if (!floors_differ)
			sori_checker_report(c, kind_pointer,
					    "a lift way joins two floors; both places are on "
					    "floor %d",
					    from->floor);
		else if (from->binding == SORI_PLACE_BINDS_LIFT
			 && to->binding == SORI_PLACE_BINDS_LIFT
			 && g_strcmp0(from->bound_id, to->bound_id) != 0)
			sori_checker_report(c, kind_pointer,
					    "'%s' and '%s' belong to different lifts", from->id,
					    to->id);
	}
	if (floors_differ && json_object_has_member(item, "rise_cm")) {
		g_autofree gchar *p = sori_json_pointer_member(item_pointer, "rise_cm");
		sori_checker_report(c, p,
				    "rise_cm is for a way on one floor; between floors the "
				    "floors say which way is up");
	}
	if (way->length_m == 0) {
		/* not given: from the positions, and the storeys climbed */
		way->length_m = straight;
		if (floors_differ && way->kind != SORI_WAY_LIFT)
			way->length_m
				= hypot(straight, SORI_MAP_STOREY_M * ABS(to->floor - from->floor));
		if (way->length_m < 0.1 && way->kind != SORI_WAY_LIFT)
			sori_checker_report(c, length_pointer,
					    "'%s' and '%s' are at the same position: give the "
					    "way's length",
					    from->id, to->id);
	} else if (way->length_m < straight * 0.9) {
		sori_checker_report(c, length_pointer,
				    "%g m is shorter than the straight line between '%s' and "
				    "'%s' (%.1f m): check the length or the positions",
				    way->length_m, from->id, to->id, straight);
	}
}

static void
sori_catalogue_check_map_ways(SoriCatalogueChecker *c, SoriMap *map, JsonObject *obj,
			      const gchar *pointer)
{
	static const gchar *const allowed[]
		= { "from",           "to",        "kind",    "length_m", "steps",
		    "step_height_cm", "slope_pct", "rise_cm", "width_cm", "handrail",
		    "tactile_paving", "door",      "one_way", "along",    "braille",
		    "audio",          "note",      NULL };
	const guint with_steps
		= (1u << SORI_WAY_LEVEL) | (1u << SORI_WAY_DOOR) | (1u << SORI_WAY_STAIRS);
	g_autofree gchar *ways_pointer = sori_json_pointer_member(pointer, "ways");
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	JsonArray *ways = sori_checker_get_array(c, obj, pointer, "ways", TRUE, SORI_MAP_MAX_WAYS);

	if (ways == NULL)
		return;
	for (guint i = 0; i < json_array_get_length(ways); i++) {
		g_autofree gchar *item_pointer = sori_json_pointer_index(ways_pointer, i);
		JsonObject *item = sori_checker_array_object(c, ways, ways_pointer, i);
		SoriWay way = { 0 };
		const gchar *kind;
		gboolean ok = TRUE;
		gint64 value = 0;
		guint choice = 0;
		gdouble number = 0;

		if (item == NULL)
			continue;
		sori_checker_check_members(c, item, item_pointer, allowed);
		ok &= sori_catalogue_check_map_way_place(c, map, item, item_pointer, "from",
							 &way.from);
		ok &= sori_catalogue_check_map_way_place(c, map, item, item_pointer, "to", &way.to);
		kind = sori_checker_get_string(c, item, item_pointer, "kind", TRUE, 32);
		if (kind != NULL && !sori_way_kind_from_string(kind, &way.kind)) {
			g_autofree gchar *p = sori_json_pointer_member(item_pointer, "kind");
			sori_checker_report(c, p,
					    "'%s' is not a kind of way: use level, ramp, stairs, "
					    "lift, escalator or door",
					    kind);
			kind = NULL;
		}
		ok &= kind != NULL;
		if (sori_catalogue_check_map_get_number(c, item, item_pointer, "length_m", FALSE,
							0.1, 100000, &number))
			way.length_m = number;
		if (sori_checker_get_integer(c, item, item_pointer, "steps", FALSE, 1, 1000,
					     &value))
			way.steps = (guint) value;
		if (sori_checker_get_integer(c, item, item_pointer, "step_height_cm", FALSE, 1, 50,
					     &value))
			way.step_height_cm = (guint) value;
		if (sori_catalogue_check_map_get_number(c, item, item_pointer, "slope_pct", FALSE,
							0, 100, &number))
			way.slope_pct = number;
		if (sori_checker_get_integer(c, item, item_pointer, "rise_cm", FALSE, -10000, 10000,
					     &value))
			way.rise_cm = (gint) value;
		if (sori_checker_get_integer(c, item, item_pointer, "width_cm", FALSE, 20, 10000,
					     &value))
			way.width_cm = (guint) value;
		if (sori_catalogue_check_map_get_choice(c, item, item_pointer, "handrail", FALSE,
							handrails, &choice))
			way.handrail = (SoriHandrail) choice;
		if (sori_catalogue_check_map_get_choice(c, item, item_pointer, "door", FALSE, doors,
							&choice))
			way.door = (SoriDoor) choice;
		if (sori_catalogue_check_map_get_choice(c, item, item_pointer, "along", FALSE,
							alongs, &choice))
			way.along = (SoriAlong) choice;
		sori_checker_get_boolean(c, item, item_pointer, "tactile_paving", FALSE,
					 &way.tactile_paving);
		sori_checker_get_boolean(c, item, item_pointer, "one_way", FALSE, &way.one_way);
		sori_checker_get_boolean(c, item, item_pointer, "braille", FALSE, &way.braille);
		sori_checker_get_boolean(c, item, item_pointer, "audio", FALSE, &way.audio);
		sori_checker_check_long_text(c, item, item_pointer, "note", FALSE);
		if (!ok)
			continue;
		sori_catalogue_check_map_only_for(c, item, item_pointer, "steps", way.kind,
						  with_steps, "level, door and stairs ways");
		sori_catalogue_check_map_only_for(c, item, item_pointer, "door", way.kind,
						  1u << SORI_WAY_DOOR, "door ways");
		sori_catalogue_check_map_only_for(c, item, item_pointer, "braille", way.kind,
						  1u << SORI_WAY_LIFT, "lift ways");
		sori_catalogue_check_map_only_for(c, item, item_pointer, "audio", way.kind,
						  1u << SORI_WAY_LIFT, "lift ways");
		if (way.kind == SORI_WAY_STAIRS && way.steps == 0) {
			g_autofree gchar *p = sori_json_pointer_member(item_pointer, "steps");
			sori_checker_report(c, p, "required field is missing: how many steps?");
		}
		if (way.kind == SORI_WAY_RAMP && !json_object_has_member(item, "slope_pct")) {
			g_autofree gchar *p = sori_json_pointer_member(item_pointer, "slope_pct");
			sori_checker_report(c, p,
					    "required field is missing: a wheelchair user needs a "
					    "ramp's slope");
		}
		if (way.kind == SORI_WAY_DOOR && !json_object_has_member(item, "door")) {
			g_autofree gchar *p = sori_json_pointer_member(item_pointer, "door");
			sori_checker_report(
				c, p,
				"required field is missing: automatic, manual, heavy or "
				"revolving?");
		}
		if (json_object_has_member(item, "step_height_cm")
		    && !json_object_has_member(item, "steps")) {
			g_autofree gchar *p
				= sori_json_pointer_member(item_pointer, "step_height_cm");
			sori_checker_report(c, p, "a step height needs the number of steps");
		}
		sori_catalogue_check_map_way_shape(c, map, &way, item, item_pointer);
		{
			g_autofree gchar *key = g_strdup_printf("%u:%u:%u", MIN(way.from, way.to),
								MAX(way.from, way.to), way.kind);
			if (g_hash_table_contains(seen, key)) {
				sori_checker_report(c, item_pointer,
						    "the same %s way between these places is at %s",
						    sori_way_kind_to_string(way.kind),
						    (const gchar *) g_hash_table_lookup(seen, key));
				continue;
			}
			g_hash_table_insert(seen, g_steal_pointer(&key), g_strdup(item_pointer));
		}
		way.index = i;
		way.note = sori_json_object_get_object(item, "note");
		g_array_append_val(map->ways, way);
	}
}

static void
sori_catalogue_check_map_origin(SoriCatalogueChecker *c, SoriMap *map, JsonObject *obj,
				const gchar *pointer)
{
	static const gchar *const allowed[] = { "lat", "lon", "bearing", NULL };
	JsonObject *origin = sori_checker_get_object(c, obj, pointer, "origin", FALSE);
	g_autofree gchar *origin_pointer = sori_json_pointer_member(pointer, "origin");
	gboolean ok = TRUE;

	if (origin == NULL)
		return;
	sori_checker_check_members(c, origin, origin_pointer, allowed);
	ok &= sori_catalogue_check_map_get_number(c, origin, origin_pointer, "lat", TRUE, -90, 90,
						  &map->origin_lat);
	ok &= sori_catalogue_check_map_get_number(c, origin, origin_pointer, "lon", TRUE, -180, 180,
						  &map->origin_lon);
	if (json_object_has_member(origin, "bearing"))
		ok &= sori_catalogue_check_map_get_number(c, origin, origin_pointer, "bearing",
							  FALSE, 0, 360, &map->origin_bearing);
	map->has_origin = ok;
}

/* every lift of /venue/access serves only floors the map has */
static void
sori_catalogue_check_map_lift_floors(SoriCatalogueChecker *c, SoriMap *map, JsonObject *root)
{
	JsonArray *lifts = sori_json_object_get_array(
		sori_json_object_get_object(sori_json_object_get_object(root, "venue"), "access"),
		"lifts");

	for (guint i = 0; lifts != NULL && i < json_array_get_length(lifts); i++) {
		JsonArray *floors = sori_json_object_get_array(sori_json_array_get_object(lifts, i),
							       "floors");
		for (guint f = 0; floors != NULL && f < json_array_get_length(floors); f++) {
			gint64 level;
			if (sori_json_array_get_int(floors, f, &level) && level >= -20
			    && level <= 200 && sori_map_lookup_floor(map, (gint) level) == NULL) {
				g_autofree gchar *p
					= g_strdup_printf("/venue/access/lifts/%u/floors/%u", i, f);
				sori_checker_report(c, p,
						    "the lift serves floor %d, which is not in "
						    "/map/floors",
						    (gint) level);
			}
		}
	}
}

void
sori_catalogue_check_map(SoriCatalogueChecker *c, JsonObject *root)
{
	static const gchar *const allowed[] = { "floors", "places", "ways", "origin", NULL };
	const gchar *pointer = "/map";
	g_auto(SoriCatalogueCheckMapBindings) b = { 0 };
	g_autoptr(SoriMap) map = NULL;
	JsonObject *obj = sori_checker_get_object(c, root, "", "map", FALSE);
	guint problems_before = c->problems->len;

	if (obj == NULL)
		return;
	b.entrances = sori_catalogue_check_map_access_ids(c->catalogue, "entrances");
	b.lifts = sori_catalogue_check_map_access_ids(c->catalogue, "lifts");
	b.toilets = sori_catalogue_check_map_access_ids(c->catalogue, "toilets");
	b.bound = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	map = sori_map_new();
	sori_checker_check_members(c, obj, pointer, allowed);
	sori_catalogue_check_map_floors(c, map, obj, pointer);
	sori_catalogue_check_map_places(c, map, &b, obj, pointer);
	sori_catalogue_check_map_ways(c, map, obj, pointer);
	sori_catalogue_check_map_origin(c, map, obj, pointer);
	sori_catalogue_check_map_lift_floors(c, map, root);
	/* the whole is judged once its parts are sound, so that one typo does
	 * not also make half the map unreachable */
	if (c->problems->len != problems_before)
		return;
	sori_map_build_graph(map);
	sori_catalogue_check_graph(c, map, b.entrances, b.bound, root);
	c->catalogue->map = g_steal_pointer(&map);
}
