/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The venues' summaries on disk, one file a venue in the data directory's
 * `.sori/summaries/`, each with the stamp (size, modification and change
 * times, inode) of the catalogue file it was made from. At start-up a venue
 * whose file has not changed since starts idle from its summary, without
 * its catalogue being parsed (about 20 ms for 200 exhibits); it is parsed
 * when first asked for. A summary that is missing, damaged or made from
 * another version of the file is ignored, and the file parsed.
 *
 * Written and read in the reloads' worker threads.
 */

#define G_LOG_DOMAIN "sori-store"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "sori-json.h"
#include "sori-venue-store-private.h"

static gchar *
sori_venue_cache_dir(const gchar *data_dir)
{
	return g_build_filename(data_dir, ".sori", "summaries", NULL);
}

static gchar *
sori_venue_cache_path(const gchar *data_dir, const gchar *stem)
{
	g_autofree gchar *name = g_strconcat(stem, ".json", NULL);
	g_autofree gchar *dir = sori_venue_cache_dir(data_dir);
	return g_build_filename(dir, name, NULL);
}

static gboolean
sori_venue_cache_get_int(JsonObject *obj, const gchar *name, gint64 *out)
{
	JsonNode *node = json_object_get_member(obj, name);
	if (node == NULL || !JSON_NODE_HOLDS_VALUE(node)
	    || json_node_get_value_type(node) != G_TYPE_INT64)
		return FALSE;
	*out = json_node_get_int(node);
	return TRUE;
}

/* the stamp a summary was made for, and whether it is @stamp */
static gboolean
sori_venue_cache_stamp_matches(JsonObject *root, const SoriFileStamp *stamp)
{
	JsonNode *node = json_object_get_member(root, "file");
	JsonObject *file;
	gint64 size;
	gint64 inode;
	gint64 mtime_ns;
	gint64 ctime_ns;

	if (node == NULL || !JSON_NODE_HOLDS_OBJECT(node))
		return FALSE;
	file = json_node_get_object(node);
	if (!sori_venue_cache_get_int(file, "size", &size)
	    || !sori_venue_cache_get_int(file, "inode", &inode)
	    || !sori_venue_cache_get_int(file, "mtime_ns", &mtime_ns)
	    || !sori_venue_cache_get_int(file, "ctime_ns", &ctime_ns))
		return FALSE;
	return (guint64) size == stamp->size && (guint64) inode == stamp->inode
	       && mtime_ns == stamp->mtime_ns && ctime_ns == stamp->ctime_ns;
}

/**
 * sori_venue_cache_read:
 * @stamp: the catalogue file as it is now
 *
 * Returns: (transfer full) (nullable): @stem's summary, when one was kept
 *	for the file as it is now and is whole; %NULL: parse the file
 */
SoriCatalogue *
sori_venue_cache_read(const gchar *data_dir, const gchar *stem, const SoriFileStamp *stamp)
{
	g_autofree gchar *path = sori_venue_cache_path(data_dir, stem);
	g_autofree gchar *contents = NULL;
	g_autoptr(SoriCatalogue) summary = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonNode) root = NULL;
	JsonNode *format;
	GStatBuf st;
	gsize len;

	if (g_stat(path, &st) != 0)
		return NULL;
	/* the summary's venue, in the file's object and the summary's own */
	if (!S_ISREG(st.st_mode) || st.st_size > SORI_CATALOGUE_SUMMARY_MAX_BYTES
	    || !g_file_get_contents(path, &contents, &len, NULL)
	    || (root = sori_json_parse(contents, len, SORI_CATALOGUE_MAX_DEPTH + 2, &error))
		       == NULL) {
		g_debug("venue %s: its kept summary is damaged, ignoring it", stem);
		return NULL;
	}
	if (!JSON_NODE_HOLDS_OBJECT(root))
		return NULL;
	format = json_object_get_member(json_node_get_object(root), "format");
	if (format == NULL || !JSON_NODE_HOLDS_VALUE(format)
	    || g_strcmp0(json_node_get_string(format), SORI_CATALOGUE_SUMMARY_FORMAT) != 0)
		return NULL;
	if (!sori_venue_cache_stamp_matches(json_node_get_object(root), stamp)) {
		g_debug("venue %s: its file changed since its summary was kept", stem);
		return NULL;
	}
	summary = sori_catalogue_new_summary_from_json(
		json_object_get_member(json_node_get_object(root), "summary"), &error);
	if (summary == NULL || g_strcmp0(sori_catalogue_get_id(summary), stem) != 0) {
		g_debug("venue %s: its kept summary is damaged, ignoring it", stem);
		return NULL;
	}
	return g_steal_pointer(&summary);
}

/**
 * sori_venue_cache_write:
 * @stamp: the catalogue file @catalogue was read from, as it was then
 * @catalogue: the venue, whole, checked
 *
 * Keeps @catalogue's summary for the next start; failing to is logged and
 * costs only that start's parse.
 */
void
sori_venue_cache_write(const gchar *data_dir, const gchar *stem, const SoriFileStamp *stamp,
		       SoriCatalogue *catalogue)
{
	g_autofree gchar *dir = sori_venue_cache_dir(data_dir);
	g_autofree gchar *path = sori_venue_cache_path(data_dir, stem);
	g_autoptr(JsonBuilder) builder = json_builder_new();
	g_autoptr(JsonGenerator) generator = json_generator_new();
	g_autoptr(JsonNode) root = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *data = NULL;
	gsize len;

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "format");
	json_builder_add_string_value(builder, SORI_CATALOGUE_SUMMARY_FORMAT);
	json_builder_set_member_name(builder, "file");
	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "size");
	json_builder_add_int_value(builder, (gint64) stamp->size);
	json_builder_set_member_name(builder, "inode");
	json_builder_add_int_value(builder, (gint64) stamp->inode);
	json_builder_set_member_name(builder, "mtime_ns");
	json_builder_add_int_value(builder, stamp->mtime_ns);
	json_builder_set_member_name(builder, "ctime_ns");
	json_builder_add_int_value(builder, stamp->ctime_ns);
	json_builder_end_object(builder);
	json_builder_set_member_name(builder, "summary");
	json_builder_add_value(builder, sori_catalogue_summary_to_json(catalogue));
	json_builder_end_object(builder);
	root = json_builder_get_root(builder);
	json_generator_set_root(generator, root);
	data = json_generator_to_data(generator, &len);
	if (g_mkdir_with_parents(dir, 0700) != 0) {
		g_debug("venue %s: keeping its summary: %s: %s", stem, dir, g_strerror(errno));
		return;
	}
	if (!g_file_set_contents_full(path, data, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT,
				      0600, &error))
		g_debug("venue %s: keeping its summary: %s", stem, error->message);
}

/**
 * sori_venue_cache_forget:
 *
 * @stem's catalogue file is gone: so is its summary.
 */
void
sori_venue_cache_forget(const gchar *data_dir, const gchar *stem)
{
	g_autofree gchar *path = sori_venue_cache_path(data_dir, stem);
	if (g_unlink(path) != 0 && errno != ENOENT)
		g_debug("venue %s: removing its summary: %s", stem, g_strerror(errno));
}
