/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The catalogue's printed codes (/markers): the family, the printed size of
 * the venue's codes, and each code's number and what it stands beside (an
 * exhibit, a gallery, an entrance or a place of the map). Checked after the
 * map, so that a code finds the place it stands at.
 */

#define G_LOG_DOMAIN "sori-catalogue"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "marker/sori-marker-family.h"
#include "sori-catalogue-private.h"
#include "sori-map-private.h"

/* the catalogue's bound on codes is the family's own */
G_STATIC_ASSERT(SORI_CATALOGUE_MAX_MARKERS == SORI_MARKER_FAMILY_CODES);

static const struct {
	const gchar *member;
	SoriMarkerBinding binding;
} sori_marker_bindings[] = {
	{ "exhibit", SORI_MARKER_BINDS_EXHIBIT },
	{ "gallery", SORI_MARKER_BINDS_GALLERY },
	{ "entrance", SORI_MARKER_BINDS_ENTRANCE },
	{ "place", SORI_MARKER_BINDS_PLACE },
};

/**
 * sori_marker_binding_to_string:
 *
 * Returns: what a code binds, as the catalogue and the API name it
 */
const gchar *
sori_marker_binding_to_string(SoriMarkerBinding binding)
{
	switch (binding) {
	case SORI_MARKER_BINDS_EXHIBIT:
		return "exhibit";
	case SORI_MARKER_BINDS_GALLERY:
		return "gallery";
	case SORI_MARKER_BINDS_ENTRANCE:
		return "entrance";
	case SORI_MARKER_BINDS_PLACE:
		return "place";
	default:
		g_return_val_if_reached(NULL);
	}
}

/**
 * sori_marker_code_get_href:
 * @catalogue: the code's catalogue
 * @code: one of its printed codes
 *
 * The visitors' page a tap on the code opens (and its label's QR code): the
 * exhibit's or gallery's page; for a place, the directions to it (a blind
 * visitor who hears "lift, 4 metres, 2 o'clock" asks next for a step-free way
 * there, and the page lets them say where they start); for an entrance, the
 * same when the map has it, else the access page, which describes every
 * entrance.
 *
 * Returns: (transfer full): the page's path, from the site's root
 */
gchar *
sori_marker_code_get_href(SoriCatalogue *catalogue, const SoriMarkerCode *code)
{
	g_autofree gchar *venue
		= g_uri_escape_string(sori_catalogue_get_id(catalogue), NULL, FALSE);
	g_autofree gchar *id = g_uri_escape_string(code->id, NULL, FALSE);

	switch (code->binding) {
	case SORI_MARKER_BINDS_EXHIBIT:
		return g_strdup_printf("/v/%s/e/%s", venue, id);
	case SORI_MARKER_BINDS_GALLERY:
		return g_strdup_printf("/v/%s/g/%s", venue, id);
	case SORI_MARKER_BINDS_ENTRANCE:
		if (code->place == NULL)
			return g_strdup_printf("/v/%s/access", venue);
		return g_strdup_printf("/v/%s/directions?to=%s", venue, id);
	case SORI_MARKER_BINDS_PLACE:
		return g_strdup_printf("/v/%s/directions?to=%s", venue, id);
	default:
		g_return_val_if_reached(NULL);
	}
}

/* the map place bound to each exhibit, gallery and entrance, as "kind:id" */
static GHashTable *
sori_markers_places_by_binding(SoriMap *map)
{
	GHashTable *places = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	for (guint i = 0; map != NULL && i < map->places->len; i++) {
		const SoriPlace *place = g_ptr_array_index(map->places, i);
		const gchar *kind = NULL;
		switch (place->binding) {
		case SORI_PLACE_BINDS_EXHIBIT:
			kind = "exhibit";
			break;
		case SORI_PLACE_BINDS_GALLERY:
			kind = "gallery";
			break;
		case SORI_PLACE_BINDS_ENTRANCE:
			kind = "entrance";
			break;
		case SORI_PLACE_BINDS_NOTHING:
		case SORI_PLACE_BINDS_LIFT:
		case SORI_PLACE_BINDS_TOILET:
		default:
			break;
		}
		if (kind != NULL)
			g_hash_table_insert(places, g_strdup_printf("%s:%s", kind, place->bound_id),
					    (gpointer) place);
	}
	return places;
}

static const SoriPlace *
sori_markers_bound_place(GHashTable *places, const gchar *kind, const gchar *id)
{
	g_autofree gchar *key = g_strdup_printf("%s:%s", kind, id);
	return g_hash_table_lookup(places, key);
}

/* the entrance of /venue/access/entrances named @id */
static JsonObject *
sori_markers_lookup_entrance(SoriCatalogue *catalogue, const gchar *id)
{
	JsonNode *access = catalogue->venue_json != NULL
				   ? json_object_get_member(catalogue->venue_json, "access")
				   : NULL;
	JsonNode *entrances
		= access != NULL && JSON_NODE_HOLDS_OBJECT(access)
			  ? json_object_get_member(json_node_get_object(access), "entrances")
			  : NULL;
	JsonArray *list;

	if (entrances == NULL || !JSON_NODE_HOLDS_ARRAY(entrances))
		return NULL;
	list = json_node_get_array(entrances);
	for (guint i = 0; i < json_array_get_length(list); i++) {
		JsonNode *node = json_array_get_element(list, i);
		JsonObject *item;
		JsonNode *item_id;
		if (!JSON_NODE_HOLDS_OBJECT(node))
			continue;
		item = json_node_get_object(node);
		item_id = json_object_get_member(item, "id");
		if (item_id != NULL && JSON_NODE_HOLDS_VALUE(item_id)
		    && json_node_get_value_type(item_id) == G_TYPE_STRING
		    && g_strcmp0(json_node_get_string(item_id), id) == 0)
			return item;
	}
	return NULL;
}

static JsonObject *
sori_markers_object_member(JsonObject *obj, const gchar *name)
{
	JsonNode *node = obj != NULL ? json_object_get_member(obj, name) : NULL;
	return node != NULL && JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
}

/* a printed size: a whole number of millimetres in the printable range */
static gboolean
sori_markers_get_size(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
		      gboolean required, guint *out)
{
	JsonNode *node = sori_checker_get_member(c, obj, pointer, "size_mm", required);
	g_autofree gchar *p = NULL;
	gint64 value;

	if (node == NULL)
		return FALSE;
	p = sori_json_pointer_member(pointer, "size_mm");
	if (!sori_checker_expect_type(c, node, p, JSON_NODE_VALUE, G_TYPE_INT64))
		return FALSE;
	value = json_node_get_int(node);
	if (value < SORI_CATALOGUE_MARKER_MIN_MM || value > SORI_CATALOGUE_MARKER_MAX_MM) {
		sori_checker_report(
			c, p,
			"%" G_GINT64_FORMAT " mm is not a printable size: use %d to %d mm "
			"(smaller is read only at arm's length, larger does not fit an "
			"A3 sheet with its quiet zone)",
			value, SORI_CATALOGUE_MARKER_MIN_MM, SORI_CATALOGUE_MARKER_MAX_MM);
		return FALSE;
	}
	*out = (guint) value;
	return TRUE;
}

/* what one code binds, filled into @code; FALSE when it is not there */
static gboolean
sori_markers_check_target(SoriCatalogueChecker *c, JsonObject *item, const gchar *item_pointer,
			  GHashTable *places, gboolean map_failed, SoriMarkerCode *code)
{
	SoriCatalogue *catalogue = c->catalogue;
	const gchar *member = NULL;
	const gchar *id;
	g_autofree gchar *p = NULL;
	guint n = 0;

	for (guint i = 0; i < G_N_ELEMENTS(sori_marker_bindings); i++) {
		if (json_object_has_member(item, sori_marker_bindings[i].member)) {
			member = sori_marker_bindings[i].member;
			code->binding = sori_marker_bindings[i].binding;
			n++;
		}
	}
	if (n != 1) {
		sori_checker_report(c, item_pointer,
				    "a code binds exactly one of 'exhibit', 'gallery', 'entrance' "
				    "or 'place'%s",
				    n == 0 ? "" : ", not several");
		return FALSE;
	}
	id = sori_checker_get_id(c, item, item_pointer, member, TRUE);
	if (id == NULL)
		return FALSE;
	p = sori_json_pointer_member(item_pointer, member);
	code->id = id;
	switch (code->binding) {
	case SORI_MARKER_BINDS_EXHIBIT:
		code->exhibit = g_hash_table_lookup(catalogue->exhibits_by_id, id);
		if (code->exhibit == NULL) {
			sori_checker_report(c, p, "unknown exhibit '%s': it is not in /exhibits",
					    id);
			return FALSE;
		}
		code->name = sori_markers_object_member(
			code->exhibit->json, sori_exhibit_text_to_string(SORI_EXHIBIT_TEXT_TITLE));
		code->place = sori_markers_bound_place(places, "exhibit", id);
		/* an exhibit with no place of its own stands in its gallery */
		if (code->place == NULL && code->exhibit->gallery != NULL)
			code->place = sori_markers_bound_place(places, "gallery",
							       code->exhibit->gallery->id);
		if (code->exhibit->gallery != NULL) {
			code->has_floor = TRUE;
			code->floor = code->exhibit->gallery->floor;
		}
		break;
	case SORI_MARKER_BINDS_GALLERY:
		code->gallery = g_hash_table_lookup(catalogue->galleries_by_id, id);
		if (code->gallery == NULL) {
			sori_checker_report(c, p, "unknown gallery '%s': it is not in /galleries",
					    id);
			return FALSE;
		}
		code->name = sori_markers_object_member(code->gallery->json, "name");
		code->place = sori_markers_bound_place(places, "gallery", id);
		code->has_floor = TRUE;
		code->floor = code->gallery->floor;
		break;
	case SORI_MARKER_BINDS_ENTRANCE: {
		JsonNode *floor;
		code->entrance = sori_markers_lookup_entrance(catalogue, id);
		if (code->entrance == NULL) {
			sori_checker_report(c, p,
					    "unknown entrance '%s': it is not in "
					    "/venue/access/entrances",
					    id);
			return FALSE;
		}
		code->name = sori_markers_object_member(code->entrance, "name");
		code->place = sori_markers_bound_place(places, "entrance", id);
		floor = json_object_get_member(code->entrance, "floor");
		if (floor != NULL && JSON_NODE_HOLDS_VALUE(floor)
		    && json_node_get_value_type(floor) == G_TYPE_INT64) {
			code->has_floor = TRUE;
			code->floor = (gint) json_node_get_int(floor);
		}
		break;
	}
	case SORI_MARKER_BINDS_PLACE: {
		guint index;
		/* a map with problems has said so; its places are not known */
		if (map_failed)
			return FALSE;
		if (catalogue->map == NULL) {
			sori_checker_report(
				c, p, "place '%s' is not on the map: the venue has no /map", id);
			return FALSE;
		}
		if (!sori_map_lookup_place(catalogue->map, id, &index)) {
			sori_checker_report(c, p, "unknown place '%s': it is not in /map/places",
					    id);
			return FALSE;
		}
		code->place = sori_map_get_place(catalogue->map, index);
		code->name = code->place->name;
		break;
	}
	default:
		g_return_val_if_reached(FALSE);
	}
	/* the floor a visitor finds it on is its place's */
	if (code->place != NULL) {
		code->has_floor = TRUE;
		code->floor = code->place->floor;
	}
	return TRUE;
}

static gint
sori_markers_compare_cb(gconstpointer a, gconstpointer b)
{
	const SoriMarkerCode *x = *(const SoriMarkerCode *const *) a;
	const SoriMarkerCode *y = *(const SoriMarkerCode *const *) b;
	return x->number < y->number ? -1 : x->number > y->number ? 1 : 0;
}

void
sori_catalogue_check_markers(SoriCatalogueChecker *c, JsonObject *root)
{
	static const gchar *const allowed[] = { "family", "size_mm", "codes", NULL };
	static const gchar *const code_allowed[]
		= { "marker", "exhibit", "gallery", "entrance", "place", "size_mm", NULL };
	const gchar *pointer = "/markers";
	g_autofree gchar *codes_pointer = sori_json_pointer_member(pointer, "codes");
	JsonObject *markers = sori_checker_get_object(c, root, "", "markers", FALSE);
	g_autoptr(GHashTable) places = NULL;
	/* number → pointer of the code that has it first */
	g_autofree gchar **seen = NULL;
	const gchar *family;
	JsonArray *codes;
	guint size_mm = 0;
	gboolean size_ok;
	gboolean map_failed;

	if (markers == NULL)
		return;
	sori_checker_check_members(c, markers, pointer, allowed);
	family = sori_checker_get_string(c, markers, pointer, "family", FALSE, 64);
	if (family != NULL && g_strcmp0(family, SORI_CATALOGUE_MARKER_FAMILY) != 0) {
		g_autofree gchar *p = sori_json_pointer_member(pointer, "family");
		sori_checker_report(c, p,
				    "'%s' is not a family of codes sori reads: "
				    "use " SORI_CATALOGUE_MARKER_FAMILY,
				    family);
	}
	codes = sori_checker_get_array(c, markers, pointer, "codes", TRUE,
				       SORI_CATALOGUE_MAX_MARKERS);
	if (codes == NULL)
		return;
	/* the venue's size, needed as soon as there is a code to print */
	size_ok = sori_markers_get_size(c, markers, pointer, json_array_get_length(codes) > 0,
					&size_mm);
	map_failed = json_object_has_member(root, "map") && c->catalogue->map == NULL;
	places = sori_markers_places_by_binding(c->catalogue->map);
	seen = g_new0(gchar *, SORI_CATALOGUE_MAX_MARKERS);
	for (guint i = 0; i < json_array_get_length(codes); i++) {
		g_autofree gchar *item_pointer = sori_json_pointer_index(codes_pointer, i);
		g_autofree gchar *number_pointer = NULL;
		JsonObject *item = sori_checker_array_object(c, codes, codes_pointer, i);
		g_autofree SoriMarkerCode *code = NULL;
		gint64 number;
		gboolean ok = TRUE;

		if (item == NULL)
			continue;
		code = g_new0(SoriMarkerCode, 1);
		sori_checker_check_members(c, item, item_pointer, code_allowed);
		number_pointer = sori_json_pointer_member(item_pointer, "marker");
		if (sori_checker_get_integer(c, item, item_pointer, "marker", TRUE, 0,
					     SORI_CATALOGUE_MAX_MARKERS - 1, &number)) {
			if (seen[number] != NULL) {
				sori_checker_report(c, number_pointer,
						    "duplicate code %u (first at %s)",
						    (guint) number, seen[number]);
				ok = FALSE;
			} else {
				seen[number] = g_strdup(number_pointer);
			}
			code->number = (guint) number;
		} else {
			ok = FALSE;
		}
		code->size_mm = size_mm;
		if (json_object_has_member(item, "size_mm")
		    && !sori_markers_get_size(c, item, item_pointer, FALSE, &code->size_mm))
			ok = FALSE;
		ok &= sori_markers_check_target(c, item, item_pointer, places, map_failed, code);
		if (ok && size_ok)
			g_ptr_array_add(c->catalogue->markers, g_steal_pointer(&code));
	}
	for (guint i = 0; i < SORI_CATALOGUE_MAX_MARKERS; i++)
		g_free(seen[i]);
	g_ptr_array_sort(c->catalogue->markers, sori_markers_compare_cb);
	c->catalogue->marker_size_mm = size_mm;
}
