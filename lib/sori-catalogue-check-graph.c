/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The catalogue's map judged as a whole, once sori-catalogue-check-map.c has
 * found its floors, places and ways sound and its graph is built: the walks
 * a visitor takes, from the entrances and back out, and the step-free ones.
 */

#define G_LOG_DOMAIN "sori-catalogue"

#include "config.h"

#include "sori-catalogue-private.h"
#include "sori-json.h"
#include "sori-map-private.h"

static gboolean
sori_catalogue_check_graph_step_free_cb(const SoriWay *way, gpointer user_data)
{
	return sori_way_is_step_free(way);
}

/* the pointer of the gallery @id in the document */
static gchar *
sori_catalogue_check_graph_gallery_pointer(JsonObject *root, const gchar *id)
{
	JsonArray *galleries = sori_json_object_get_array(root, "galleries");
	for (guint i = 0; galleries != NULL && i < json_array_get_length(galleries); i++) {
		JsonObject *gallery = sori_json_array_get_object(galleries, i);
		if (gallery != NULL
		    && g_strcmp0(sori_json_object_get_string(gallery, "id"), id) == 0)
			return g_strdup_printf("/galleries/%u", i);
	}
	return g_strdup("/galleries");
}

/**
 * sori_catalogue_check_graph:
 * @map: the map, its members checked and its graph built
 * @access_entrances: the entrances of /venue/access, by id (JsonObject)
 * @bound: what the map's places bind ("gallery:ID", "entrance:ID"...), each
 *	with the pointer of the first place that binds it
 * @root: the document, to name a gallery's pointer
 *
 * The whole map: every gallery and entrance on it, every place reached from
 * an entrance and leading back to an entrance or exit, and every gallery that
 * says it is step-free reached from a step-free entrance without stairs, steps
 * or escalators.
 */
void
sori_catalogue_check_graph(SoriCatalogueChecker *c, SoriMap *map, GHashTable *access_entrances,
			   GHashTable *bound, JsonObject *root)
{
	g_autoptr(GArray) entrances = g_array_new(FALSE, FALSE, sizeof(guint));
	g_autoptr(GArray) step_free = g_array_new(FALSE, FALSE, sizeof(guint));
	g_autoptr(GArray) ways_out = g_array_new(FALSE, FALSE, sizeof(guint));
	g_autofree gboolean *reached = NULL;
	g_autofree gboolean *leaves = NULL;
	g_autofree gboolean *step_free_reached = NULL;
	GPtrArray *galleries = c->catalogue->galleries;

	for (guint i = 0; i < map->places->len; i++) {
		SoriPlace *place = g_ptr_array_index(map->places, i);
		if (place->kind == SORI_PLACE_ENTRANCE) {
			JsonObject *entrance
				= place->bound_id != NULL
					  ? g_hash_table_lookup(access_entrances, place->bound_id)
					  : NULL;
			gboolean is_step_free = FALSE;
			g_array_append_val(entrances, i);
			if (sori_json_object_get_boolean(entrance, "step_free", &is_step_free)
			    && is_step_free)
				g_array_append_val(step_free, i);
		}
		if (place->kind == SORI_PLACE_ENTRANCE || place->kind == SORI_PLACE_EXIT)
			g_array_append_val(ways_out, i);
	}
	if (entrances->len == 0) {
		sori_checker_report(c, "/map/places",
				    "the map has no place of kind entrance: routes start from "
				    "somewhere");
		return;
	}
	/* every gallery and entrance of the venue is on its map */
	for (guint i = 0; i < galleries->len; i++) {
		SoriGallery *gallery = g_ptr_array_index(galleries, i);
		g_autofree gchar *key = g_strconcat("gallery:", gallery->id, NULL);
		if (!g_hash_table_contains(bound, key)) {
			g_autofree gchar *p
				= sori_catalogue_check_graph_gallery_pointer(root, gallery->id);
			sori_checker_report(c, p,
					    "gallery '%s' is not on the map: give it a place of "
					    "kind gallery in /map/places",
					    gallery->id);
		}
	}
	{
		GHashTableIter iter;
		gpointer id;
		g_hash_table_iter_init(&iter, access_entrances);
		while (g_hash_table_iter_next(&iter, &id, NULL)) {
			g_autofree gchar *key = g_strconcat("entrance:", id, NULL);
			if (!g_hash_table_contains(bound, key))
				sori_checker_report(c, "/venue/access/entrances",
						    "entrance '%s' is not on the map: give it a "
						    "place of kind entrance in /map/places",
						    (const gchar *) id);
		}
	}

	reached = sori_map_reachable(map, (guint *) entrances->data, entrances->len, FALSE, NULL,
				     NULL);
	/* the way back out: the same walk, backwards from the entrances and exits */
	leaves = sori_map_reachable(map, (guint *) ways_out->data, ways_out->len, TRUE, NULL, NULL);
	for (guint i = 0; i < map->places->len; i++) {
		SoriPlace *place = g_ptr_array_index(map->places, i);
		g_autofree gchar *p = g_strdup_printf("/map/places/%u", i);
		if (!reached[i])
			sori_checker_report(c, p, "no way reaches '%s' from an entrance",
					    place->id);
		else if (!leaves[i])
			sori_checker_report(c, p,
					    "no way leads from '%s' back to an entrance or exit: "
					    "check the one-way ways",
					    place->id);
	}

	step_free_reached
		= sori_map_reachable(map, (guint *) step_free->data, step_free->len, FALSE,
				     sori_catalogue_check_graph_step_free_cb, NULL);
	for (guint i = 0; i < map->places->len; i++) {
		SoriPlace *place = g_ptr_array_index(map->places, i);
		SoriGallery *gallery;
		g_autofree gchar *p = NULL;
		g_autofree gchar *gallery_pointer = NULL;
		if (place->binding != SORI_PLACE_BINDS_GALLERY || step_free_reached[i])
			continue;
		gallery = g_hash_table_lookup(c->catalogue->galleries_by_id, place->bound_id);
		if (gallery == NULL || !gallery->step_free)
			continue;
		gallery_pointer = sori_catalogue_check_graph_gallery_pointer(root, gallery->id);
		p = sori_json_pointer_member(gallery_pointer, "step_free");
		if (step_free->len == 0)
			sori_checker_report(c, p,
					    "gallery '%s' says it is step-free, but no entrance on "
					    "the map is step-free",
					    gallery->id);
		else
			sori_checker_report(
				c, p,
				"gallery '%s' says it is step-free, but every way to it "
				"from a step-free entrance uses stairs, steps or an "
				"escalator",
				gallery->id);
	}
}
