/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Rendered speech and captions on disk, by content address: the name is a
 * hash of everything that shapes the output, so an entry never changes and
 * is served as immutable.
 *
 * Each file starts with "SORI1 <sha256 of the rest>\n": a truncated or
 * corrupt file (a full disk, a crash mid-write on a filesystem that lies) is
 * found when first read, deleted, and so rendered again. Files are written
 * to a temporary name, synced, then renamed into place. The total size is
 * capped; the least recently used files go first.
 */

#define G_LOG_DOMAIN "sori-cache"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sori-file.h"
#include "sori-hex.h"
#include "sori-media-cache.h"

#define MAGIC      "SORI1 "
#define HEADER_LEN (6 + 64 + 1)

typedef struct {
	gchar *name;
	guint64 size;
	gint64 last_used;
	GBytes *bytes; /* the content, once read and verified */
} Entry;

struct _SoriMediaCache {
	GObject parent_instance;
	gchar *dir;
	guint64 max_bytes;
	guint64 total;
	GHashTable *entries; /* name → Entry */
	gint64 clock;        /* a use counter: LRU order without asking the time */
};

G_DEFINE_TYPE(SoriMediaCache, sori_media_cache, G_TYPE_OBJECT)

static void
sori_media_cache_entry_free(Entry *entry)
{
	g_free(entry->name);
	g_clear_pointer(&entry->bytes, g_bytes_unref);
	g_free(entry);
}

static void
sori_media_cache_finalize(GObject *object)
{
	SoriMediaCache *self = SORI_MEDIA_CACHE(object);
	g_free(self->dir);
	g_hash_table_unref(self->entries);
	G_OBJECT_CLASS(sori_media_cache_parent_class)->finalize(object);
}

static void
sori_media_cache_class_init(SoriMediaCacheClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = sori_media_cache_finalize;
}

static void
sori_media_cache_init(SoriMediaCache *self)
{
	self->entries = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
					      (GDestroyNotify) sori_media_cache_entry_free);
}

/**
 * sori_media_cache_name_is_valid:
 * @name: `<32 hex digits>.<mp3|opus|wav|vtt|json>`
 */
gboolean
sori_media_cache_name_is_valid(const gchar *name)
{
	static const gchar *const extensions[] = { "mp3", "opus", "wav", "vtt", "json", NULL };
	if (!sori_hex_is_digits(name, 32, SORI_HEX_LOWERCASE) || name[32] != '.')
		return FALSE;
	return g_strv_contains(extensions, name + 33);
}

gchar *
sori_media_cache_get_path(SoriMediaCache *self, const gchar *name)
{
	/* 256 subdirectories keep directories small */
	g_autofree gchar *sub = g_strndup(name, 2);
	return g_build_filename(self->dir, sub, name, NULL);
}

static void
sori_media_cache_forget(SoriMediaCache *self, const gchar *name, gboolean unlink)
{
	Entry *entry = g_hash_table_lookup(self->entries, name);
	if (entry == NULL)
		return;
	if (unlink) {
		g_autofree gchar *path = sori_media_cache_get_path(self, name);
		g_unlink(path);
	}
	self->total -= entry->size;
	g_hash_table_remove(self->entries, name);
}

static void
sori_media_cache_evict(SoriMediaCache *self, guint64 room)
{
	while (self->total + room > self->max_bytes && g_hash_table_size(self->entries) > 0) {
		GHashTableIter iter;
		gpointer value;
		Entry *oldest = NULL;
		g_hash_table_iter_init(&iter, self->entries);
		while (g_hash_table_iter_next(&iter, NULL, &value)) {
			Entry *entry = value;
			if (oldest == NULL || entry->last_used < oldest->last_used)
				oldest = entry;
		}
		g_debug("evicting %s", oldest->name);
		sori_media_cache_forget(self, oldest->name, TRUE);
	}
}

static void
sori_media_cache_add_entry(SoriMediaCache *self, const gchar *name, guint64 size, gint64 last_used)
{
	Entry *entry = g_new0(Entry, 1);
	entry->name = g_strdup(name);
	entry->size = size;
	entry->last_used = last_used;
	self->total += size;
	g_hash_table_replace(self->entries, entry->name, entry);
}

/**
 * sori_media_cache_new:
 * @dir: the cache directory, created if missing
 * @max_bytes: the most the cache may hold
 *
 * Returns: (transfer full) (nullable): the cache, with what @dir already holds
 */
SoriMediaCache *
sori_media_cache_new(const gchar *dir, guint64 max_bytes, GError **error)
{
	g_autoptr(SoriMediaCache) self = g_object_new(SORI_TYPE_MEDIA_CACHE, NULL);
	g_autoptr(GDir) top = NULL;
	const gchar *sub;

	if (g_mkdir_with_parents(dir, 0755) != 0) {
		g_set_error(error, G_IO_ERROR, g_io_error_from_errno(errno), "creating %s: %s", dir,
			    g_strerror(errno));
		return NULL;
	}
	self->dir = g_strdup(dir);
	self->max_bytes = max_bytes;
	top = g_dir_open(dir, 0, error);
	if (top == NULL)
		return NULL;
	/* what an earlier run left: oldest first out, by modification time */
	while ((sub = g_dir_read_name(top)) != NULL) {
		g_autofree gchar *subdir = g_build_filename(dir, sub, NULL);
		g_autoptr(GDir) d = g_dir_open(subdir, 0, NULL);
		const gchar *name;
		while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
			g_autofree gchar *path = g_build_filename(subdir, name, NULL);
			GStatBuf st;
			if (!sori_media_cache_name_is_valid(name)) {
				/* a temporary file of a write that never finished */
				if (strstr(name, ".tmp") != NULL)
					g_unlink(path);
				continue;
			}
			if (g_stat(path, &st) == 0)
				sori_media_cache_add_entry(self, name, (guint64) st.st_size,
							   (gint64) st.st_mtime);
		}
	}
	self->clock = g_get_real_time() / G_USEC_PER_SEC;
	sori_media_cache_evict(self, 0);
	return g_steal_pointer(&self);
}

/**
 * sori_media_cache_lookup:
 * @name: a valid name
 *
 * Returns: (transfer full) (nullable): the content, verified; %NULL when it is
 *	missing, or was corrupt (and is now deleted)
 */
GBytes *
sori_media_cache_lookup(SoriMediaCache *self, const gchar *name)
{
	Entry *entry = g_hash_table_lookup(self->entries, name);
	g_autofree gchar *path = NULL;
	g_autoptr(GMappedFile) mapped = NULL;
	g_autoptr(GBytes) all = NULL;
	g_autoptr(GBytes) content = NULL;
	g_autofree gchar *digest = NULL;
	const gchar *data;
	gsize len;

	if (entry == NULL)
		return NULL;
	entry->last_used = ++self->clock;
	if (entry->bytes != NULL)
		return g_bytes_ref(entry->bytes);
	path = sori_media_cache_get_path(self, name);
	mapped = g_mapped_file_new(path, FALSE, NULL);
	if (mapped == NULL) {
		sori_media_cache_forget(self, name, FALSE);
		return NULL;
	}
	all = g_mapped_file_get_bytes(mapped);
	data = g_bytes_get_data(all, &len);
	if (len < HEADER_LEN || memcmp(data, MAGIC, 6) != 0 || data[HEADER_LEN - 1] != '\n') {
		g_message("cache file %s is damaged, rendering it again", name);
		sori_media_cache_forget(self, name, TRUE);
		return NULL;
	}
	content = g_bytes_new_from_bytes(all, HEADER_LEN, len - HEADER_LEN);
	digest = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, content);
	if (memcmp(digest, data + 6, 64) != 0) {
		g_message("cache file %s is damaged, rendering it again", name);
		sori_media_cache_forget(self, name, TRUE);
		return NULL;
	}
	entry->bytes = g_bytes_ref(content);
	return g_steal_pointer(&content);
}

/**
 * sori_media_cache_store:
 * @name: a valid name
 * @data: the content
 *
 * Writes atomically: the entry is whole or absent, never half-written.
 */
gboolean
sori_media_cache_store(SoriMediaCache *self, const gchar *name, GBytes *data, GError **error)
{
	g_autofree gchar *path = sori_media_cache_get_path(self, name);
	g_autofree gchar *digest = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, data);
	g_autofree gchar *header = g_strconcat(MAGIC, digest, "\n", NULL);
	gsize len = 0;
	const guint8 *bytes = g_bytes_get_data(data, &len);

	g_return_val_if_fail(sori_media_cache_name_is_valid(name), FALSE);
	sori_media_cache_evict(self, HEADER_LEN + len);
	{
		g_autoptr(GByteArray) file = g_byte_array_sized_new(HEADER_LEN + len);
		g_byte_array_append(file, (const guint8 *) header, HEADER_LEN);
		g_byte_array_append(file, bytes, len);
		if (!sori_file_replace(path, file->data, file->len, 0644, error))
			return FALSE;
	}
	sori_media_cache_forget(self, name, FALSE);
	sori_media_cache_add_entry(self, name, HEADER_LEN + len, ++self->clock);
	((Entry *) g_hash_table_lookup(self->entries, name))->bytes = g_bytes_ref(data);
	return TRUE;
}
