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
SoriCatalogue *
sori_catalogue_new_summary(SoriCatalogue *self)
{
	SoriCatalogue *summary = g_new0(SoriCatalogue, 1);

	g_return_val_if_fail(self != NULL, NULL);

	summary->ref_count = 1;
	summary->summary = TRUE;
	summary->id = g_strdup(self->id);
	summary->languages = g_strdupv(self->languages);
	summary->default_language = g_strdup(self->default_language);
	summary->licence = g_strdup(self->licence);
	summary->digest = g_strdup(self->digest);
	/* the venue's own object, and only it, outlives the tree */
	summary->venue_ref = self->venue_json != NULL ? json_object_ref(self->venue_json) : NULL;
	summary->venue_json = summary->venue_ref;
	summary->beacons = g_ptr_array_new_full(self->beacons->len, g_free);
	for (guint i = 0; i < self->beacons->len; i++)
		g_ptr_array_add(summary->beacons, g_strdup(g_ptr_array_index(self->beacons, i)));
	summary->has_map = self->has_map;
	summary->document_size = self->document_size;
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
