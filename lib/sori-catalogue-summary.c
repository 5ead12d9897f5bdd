/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What an idle venue keeps. A parsed catalogue's JSON tree costs about five
 * times the document's bytes (json-glib's nodes, objects and member tables),
 * so a city of a thousand venues cannot keep every tree; what every venue
 * needs even while nobody visits it (its name, languages, licence, beacons,
 * whether it has a map, its digest) fits in a summary; the whole catalogue
 * is read again from its document when a visitor asks for it.
 */

#define G_LOG_DOMAIN "sori-catalogue"

#include "config.h"

#include "sori-catalogue-private.h"

/**
 * sori_catalogue_new_summary:
 * @self: a whole catalogue
 *
 * A summary answers sori_catalogue_get_id(), _get_languages(),
 * _get_default_language(), _get_licence(), _get_digest(), _get_venue_json(),
 * _get_beacons() and sori_catalogue_has_map() as @self does; it has no
 * galleries, exhibits, codes, markers, map or document tree (asking for
 * them is a programming error, warned about). Reading the catalogue's
 * document again makes it whole (the same digest, the same answers).
 *
 * Returns: (transfer full): a summary of @self
 */
/* an empty summary: its venue's part is for the caller to fill */
static SoriCatalogue *
sori_catalogue_summary_new_empty(void)
{
	SoriCatalogue *summary = g_new0(SoriCatalogue, 1);

	summary->ref_count = 1;
	summary->summary = TRUE;
	summary->beacons = g_ptr_array_new_with_free_func(g_free);
	summary->galleries = g_ptr_array_new();
	summary->exhibits = g_ptr_array_new();
	summary->targets = g_ptr_array_new();
	summary->markers = g_ptr_array_new();
	summary->galleries_by_id = g_hash_table_new(g_str_hash, g_str_equal);
	summary->exhibits_by_id = g_hash_table_new(g_str_hash, g_str_equal);
	summary->targets_by_code = g_hash_table_new(g_str_hash, g_str_equal);
	summary->targets_by_beacon = g_hash_table_new(g_str_hash, g_str_equal);
	return summary;
}

SoriCatalogue *
sori_catalogue_new_summary(SoriCatalogue *self)
{
	SoriCatalogue *summary;

	g_return_val_if_fail(self != NULL, NULL);

	summary = sori_catalogue_summary_new_empty();
	summary->id = g_strdup(self->id);
	summary->languages = g_strdupv(self->languages);
	summary->default_language = g_strdup(self->default_language);
	summary->licence = g_strdup(self->licence);
	summary->digest = g_strdup(self->digest);
	/* the venue's own object, and only it, outlives the tree */
	summary->venue_ref = self->venue_json != NULL ? json_object_ref(self->venue_json) : NULL;
	summary->venue_json = summary->venue_ref;
	for (guint i = 0; i < self->beacons->len; i++)
		g_ptr_array_add(summary->beacons, g_strdup(g_ptr_array_index(self->beacons, i)));
	summary->has_map = self->has_map;
	summary->document_size = self->document_size;
	return summary;
}

static void
sori_catalogue_summary_add_strings(JsonBuilder *builder, const gchar *name, gchar *const *strings,
				   guint n)
{
	json_builder_set_member_name(builder, name);
	json_builder_begin_array(builder);
	for (guint i = 0; i < n; i++)
		json_builder_add_string_value(builder, strings[i]);
	json_builder_end_array(builder);
}

/**
 * sori_catalogue_summary_to_json:
 * @self: a whole catalogue, or a summary
 *
 * What sori_catalogue_new_summary_from_json() makes a summary of @self
 * from again, for those who keep summaries on disk.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
sori_catalogue_summary_to_json(SoriCatalogue *self)
{
	/* mutable: an immutable builder would seal the venue's object, which is @self's */
	g_autoptr(JsonBuilder) builder = json_builder_new();

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "id");
	json_builder_add_string_value(builder, self->id);
	sori_catalogue_summary_add_strings(builder, "languages", self->languages,
					   g_strv_length(self->languages));
	json_builder_set_member_name(builder, "default_language");
	json_builder_add_string_value(builder, self->default_language);
	json_builder_set_member_name(builder, "licence");
	if (self->licence != NULL)
		json_builder_add_string_value(builder, self->licence);
	else
		json_builder_add_null_value(builder);
	json_builder_set_member_name(builder, "digest");
	json_builder_add_string_value(builder, self->digest);
	sori_catalogue_summary_add_strings(builder, "beacons", (gchar **) self->beacons->pdata,
					   self->beacons->len);
	json_builder_set_member_name(builder, "has_map");
	json_builder_add_boolean_value(builder, self->has_map);
	json_builder_set_member_name(builder, "document_size");
	json_builder_add_int_value(builder, (gint64) self->document_size);
	json_builder_set_member_name(builder, "venue");
	if (self->venue_json != NULL) {
		JsonNode *venue = json_node_new(JSON_NODE_OBJECT);
		json_node_set_object(venue, self->venue_json);
		json_builder_add_value(builder, venue);
	} else {
		json_builder_add_null_value(builder);
	}
	json_builder_end_object(builder);
	return json_builder_get_root(builder);
}

/* a member that must be a string, or a string array, or be refused */
static const gchar *
sori_catalogue_summary_get_string(JsonObject *obj, const gchar *name, gboolean nullable)
{
	JsonNode *node = json_object_get_member(obj, name);
	if (node == NULL)
		return NULL;
	if (nullable && JSON_NODE_HOLDS_NULL(node))
		return "";
	if (!JSON_NODE_HOLDS_VALUE(node) || json_node_get_value_type(node) != G_TYPE_STRING)
		return NULL;
	return json_node_get_string(node);
}

static gchar **
sori_catalogue_summary_get_strings(JsonObject *obj, const gchar *name)
{
	JsonNode *node = json_object_get_member(obj, name);
	g_autoptr(GStrvBuilder) builder = g_strv_builder_new();
	JsonArray *array;

	if (node == NULL || !JSON_NODE_HOLDS_ARRAY(node))
		return NULL;
	array = json_node_get_array(node);
	for (guint i = 0; i < json_array_get_length(array); i++) {
		JsonNode *element = json_array_get_element(array, i);
		if (!JSON_NODE_HOLDS_VALUE(element)
		    || json_node_get_value_type(element) != G_TYPE_STRING)
			return NULL;
		g_strv_builder_add(builder, json_node_get_string(element));
	}
	return g_strv_builder_end(builder);
}

/**
 * sori_catalogue_new_summary_from_json:
 * @node: what sori_catalogue_summary_to_json() made
 * @error: (nullable): return location for a #GError
 *
 * Returns: (transfer full) (nullable): the summary, as
 *	sori_catalogue_new_summary() made it; %NULL when @node is not one
 */
SoriCatalogue *
sori_catalogue_new_summary_from_json(JsonNode *node, GError **error)
{
	g_autoptr(SoriCatalogue) summary = sori_catalogue_summary_new_empty();
	g_auto(GStrv) beacons = NULL;
	JsonObject *obj;
	JsonNode *venue;
	JsonNode *size;
	JsonNode *has_map;
	const gchar *id;
	const gchar *default_language;
	const gchar *licence;
	const gchar *digest;

	if (node == NULL || !JSON_NODE_HOLDS_OBJECT(node))
		goto bad;
	obj = json_node_get_object(node);
	id = sori_catalogue_summary_get_string(obj, "id", FALSE);
	default_language = sori_catalogue_summary_get_string(obj, "default_language", FALSE);
	licence = sori_catalogue_summary_get_string(obj, "licence", TRUE);
	digest = sori_catalogue_summary_get_string(obj, "digest", FALSE);
	venue = json_object_get_member(obj, "venue");
	size = json_object_get_member(obj, "document_size");
	has_map = json_object_get_member(obj, "has_map");
	summary->languages = sori_catalogue_summary_get_strings(obj, "languages");
	beacons = sori_catalogue_summary_get_strings(obj, "beacons");
	if (id == NULL || !sori_catalogue_id_is_valid(id) || default_language == NULL
	    || licence == NULL || digest == NULL || summary->languages == NULL
	    || summary->languages[0] == NULL || beacons == NULL || venue == NULL
	    || !JSON_NODE_HOLDS_OBJECT(venue) || size == NULL || !JSON_NODE_HOLDS_VALUE(size)
	    || json_node_get_value_type(size) != G_TYPE_INT64 || json_node_get_int(size) < 0
	    || has_map == NULL || !JSON_NODE_HOLDS_VALUE(has_map)
	    || json_node_get_value_type(has_map) != G_TYPE_BOOLEAN)
		goto bad;
	summary->id = g_strdup(id);
	summary->default_language = g_strdup(default_language);
	summary->licence = licence[0] != '\0' ? g_strdup(licence) : NULL;
	summary->digest = g_strdup(digest);
	for (guint i = 0; beacons[i] != NULL; i++)
		g_ptr_array_add(summary->beacons, g_strdup(beacons[i]));
	summary->has_map = json_node_get_boolean(has_map);
	summary->document_size = (gsize) json_node_get_int(size);
	/* every venue served has its object: the list, the clock and usage read it */
	summary->venue_ref = json_object_ref(json_node_get_object(venue));
	summary->venue_json = summary->venue_ref;
	return g_steal_pointer(&summary);
bad:
	g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not a venue's summary");
	return NULL;
}

/**
 * sori_catalogue_is_summary:
 *
 * Returns: %TRUE for a summary (sori_catalogue_new_summary())
 */
gboolean
sori_catalogue_is_summary(SoriCatalogue *self)
{
	return self->summary;
}

/**
 * sori_catalogue_has_map:
 *
 * Returns: %TRUE when the venue has a map; a summary answers too
 */
gboolean
sori_catalogue_has_map(SoriCatalogue *self)
{
	return self->has_map;
}

/**
 * sori_catalogue_is_shared:
 *
 * Returns: %TRUE when someone besides the caller holds @self
 */
gboolean
sori_catalogue_is_shared(SoriCatalogue *self)
{
	return g_atomic_int_get(&self->ref_count) > 1;
}

/* json-glib's tree of a catalogue, measured: about 5.2 bytes per byte of
 * document (nodes, values, objects' member tables and lists); the
 * catalogue's own tables and the map's graph add a little */
#define SORI_CATALOGUE_TREE_FACTOR 6

/**
 * sori_catalogue_get_memory_size:
 *
 * Returns: about how many bytes @self holds in memory: its tree for a whole
 *	catalogue, its venue part for a summary
 */
gsize
sori_catalogue_get_memory_size(SoriCatalogue *self)
{
	if (self->summary)
		return 20480;
	return self->document_size * SORI_CATALOGUE_TREE_FACTOR;
}
