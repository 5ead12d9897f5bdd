/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What a publish changes, or would: exhibits added, removed and changed,
 * field by field, and the catalogue's other parts.
 */

#define G_LOG_DOMAIN "sori-admin"

#include "config.h"

#include "sori-admin-private.h"

static void
sori_admin_add_changed_ids(JsonBuilder *b, const gchar *name, SoriCatalogue *from,
			   SoriCatalogue *to, gboolean changed)
{
	GPtrArray *exhibits = from != NULL ? sori_catalogue_get_exhibits(from) : NULL;

	json_builder_set_member_name(b, name);
	json_builder_begin_array(b);
	for (guint i = 0; exhibits != NULL && i < exhibits->len; i++) {
		SoriExhibit *e = g_ptr_array_index(exhibits, i);
		SoriExhibit *other = to != NULL ? sori_catalogue_lookup_exhibit(to, e->id) : NULL;
		g_autoptr(JsonNode) a = NULL;
		g_autoptr(JsonNode) z = NULL;
		if (!changed) {
			if (other == NULL)
				json_builder_add_string_value(b, e->id);
			continue;
		}
		if (other == NULL)
			continue;
		a = json_node_init_object(json_node_alloc(), e->json);
		z = json_node_init_object(json_node_alloc(), other->json);
		if (!json_node_equal(a, z))
			json_builder_add_string_value(b, e->id);
	}
	json_builder_end_array(b);
}

/* exhibits added, removed and changed, by id */
JsonNode *
sori_admin_diff(SoriCatalogue *old, SoriCatalogue *new_)
{
	g_autoptr(JsonBuilder) b = json_builder_new();

	json_builder_begin_object(b);
	/* added: in the new one and not the old; removed: the other way round */
	sori_admin_add_changed_ids(b, "added", new_, old, FALSE);
	sori_admin_add_changed_ids(b, "removed", old, new_, FALSE);
	sori_admin_add_changed_ids(b, "changed", old != NULL ? new_ : NULL, old, TRUE);
	json_builder_end_object(b);
	return json_builder_get_root(b);
}

/* the members of two objects whose values differ, one either side */
static void
sori_admin_add_changed_members(JsonBuilder *b, JsonObject *old, JsonObject *new_)
{
	g_autoptr(GList) names = json_object_get_members(new_);

	json_builder_begin_array(b);
	for (GList *l = names; l != NULL; l = l->next) {
		JsonNode *was = json_object_get_member(old, l->data);
		if (was == NULL || !json_node_equal(was, json_object_get_member(new_, l->data)))
			json_builder_add_string_value(b, l->data);
	}
	g_clear_pointer(&names, g_list_free);
	names = json_object_get_members(old);
	for (GList *l = names; l != NULL; l = l->next) {
		if (!json_object_has_member(new_, l->data))
			json_builder_add_string_value(b, l->data);
	}
	json_builder_end_array(b);
}

/* what publishing @new_ over @old would change: exhibits added and removed,
 * and field by field those changed; the other parts of the catalogue changed */
void
sori_admin_add_summary(JsonBuilder *b, SoriCatalogue *old, SoriCatalogue *new_)
{
	static const gchar *const parts[]
		= { "venue", "galleries", "beacons", "bindings", "map", NULL };
	GPtrArray *exhibits = sori_catalogue_get_exhibits(new_);
	JsonObject *old_root = NULL;
	JsonObject *new_root = NULL;
	JsonNode *old_node = NULL;

	json_builder_set_member_name(b, "changes");
	json_builder_begin_object(b);
	sori_admin_add_changed_ids(b, "added", new_, old, FALSE);
	sori_admin_add_changed_ids(b, "removed", old, new_, FALSE);
	json_builder_set_member_name(b, "changed");
	json_builder_begin_array(b);
	for (guint i = 0; old != NULL && i < exhibits->len; i++) {
		SoriExhibit *e = g_ptr_array_index(exhibits, i);
		SoriExhibit *was = sori_catalogue_lookup_exhibit(old, e->id);
		g_autoptr(JsonNode) a = NULL;
		g_autoptr(JsonNode) z = NULL;
		if (was == NULL)
			continue;
		a = json_node_init_object(json_node_alloc(), was->json);
		z = json_node_init_object(json_node_alloc(), e->json);
		if (json_node_equal(a, z))
			continue;
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "id");
		json_builder_add_string_value(b, e->id);
		json_builder_set_member_name(b, "fields");
		sori_admin_add_changed_members(b, was->json, e->json);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	/* the rest, as a whole: the venue, galleries, beacons, bindings, map */
	json_builder_set_member_name(b, "parts");
	json_builder_begin_array(b);
	if (old != NULL) {
		old_node = sori_catalogue_get_root(old);
		old_root = json_node_get_object(old_node);
		new_root = json_node_get_object(sori_catalogue_get_root(new_));
		for (guint i = 0; parts[i] != NULL; i++) {
			JsonNode *was = json_object_get_member(old_root, parts[i]);
			JsonNode *now = json_object_get_member(new_root, parts[i]);
			if ((was == NULL) != (now == NULL)
			    || (was != NULL && !json_node_equal(was, now)))
				json_builder_add_string_value(b, parts[i]);
		}
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
}
