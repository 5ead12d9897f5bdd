/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Usage counts, and nothing else: per venue, per day, a count per key
 * ("exhibit:moon-jar:opened", "settings:high-contrast"). What a visitor's
 * phone sends is added to these counters and forgotten: no address, no
 * user agent, no time finer than the day, no order of events is kept. A
 * day's counters are written whole to <state>/usage/<venue>/<day>.json,
 * replaced atomically, when asked to flush (sorid does every minute and at
 * exit), so a crash loses at most the last minute's counts.
 */

#define G_LOG_DOMAIN "sori-store"

#include "config.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sori-file.h"
#include "sori-usage.h"

struct _SoriUsage {
	GObject parent_instance;
	gchar *dir;       /* nullable: counters kept in memory only */
	GHashTable *days; /* "venue/day" → SoriUsageDay */
};

typedef struct {
	gchar *venue;
	gchar *day;
	GHashTable *counts; /* key → GUINT_TO_POINTER(count) */
	gboolean dirty;
} SoriUsageDay;

G_DEFINE_TYPE(SoriUsage, sori_usage, G_TYPE_OBJECT)

static void
sori_usage_day_free(SoriUsageDay *day)
{
	g_free(day->venue);
	g_free(day->day);
	g_hash_table_unref(day->counts);
	g_free(day);
}

static void
sori_usage_finalize(GObject *object)
{
	SoriUsage *self = SORI_USAGE(object);
	g_free(self->dir);
	g_hash_table_unref(self->days);
	G_OBJECT_CLASS(sori_usage_parent_class)->finalize(object);
}

static void
sori_usage_class_init(SoriUsageClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = sori_usage_finalize;
}

static void
sori_usage_init(SoriUsage *self)
{
	self->days = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					   (GDestroyNotify) sori_usage_day_free);
}

/**
 * sori_usage_new:
 * @dir: (nullable): where the days' counters are kept; %NULL for memory only
 */
SoriUsage *
sori_usage_new(const gchar *dir)
{
	SoriUsage *self = g_object_new(SORI_TYPE_USAGE, NULL);
	self->dir = g_strdup(dir);
	return self;
}

/**
 * sori_usage_day_is_valid:
 *
 * Returns: %TRUE for a calendar date written YYYY-MM-DD
 */
gboolean
sori_usage_day_is_valid(const gchar *day)
{
	g_autoptr(GDateTime) dt = NULL;
	g_autofree gchar *iso = NULL;

	if (day == NULL || strlen(day) != 10 || day[4] != '-' || day[7] != '-')
		return FALSE;
	for (guint i = 0; i < 10; i++) {
		if (i != 4 && i != 7 && !g_ascii_isdigit(day[i]))
			return FALSE;
	}
	iso = g_strdup_printf("%sT00:00:00Z", day);
	dt = g_date_time_new_from_iso8601(iso, NULL);
	return dt != NULL;
}

static gchar *
sori_usage_day_path(SoriUsage *self, const gchar *venue, const gchar *day)
{
	g_autofree gchar *name = g_strconcat(day, ".json", NULL);
	return g_build_filename(self->dir, venue, name, NULL);
}

/* a day's counters as they were kept; a file damaged on disk is read as far as it is sound */
static void
sori_usage_load_day(SoriUsage *self, SoriUsageDay *day)
{
	g_autofree gchar *path = NULL;
	g_autofree gchar *text = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;
	JsonObject *counts;
	JsonObjectIter iter;
	const gchar *key;
	JsonNode *value;
	JsonNode *root;

	if (self->dir == NULL)
		return;
	path = sori_usage_day_path(self, day->venue, day->day);
	if (!g_file_get_contents(path, &text, NULL, NULL))
		return;
	if (!json_parser_load_from_data(parser, text, -1, &error)
	    || (root = json_parser_get_root(parser)) == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
		g_warning("usage counts %s are damaged, starting the day afresh: %s", path,
			  error != NULL ? error->message : "not an object");
		return;
	}
	value = json_object_get_member(json_node_get_object(root), "counts");
	if (value == NULL || !JSON_NODE_HOLDS_OBJECT(value))
		return;
	counts = json_node_get_object(value);
	json_object_iter_init(&iter, counts);
	while (json_object_iter_next(&iter, &key, &value)) {
		gint64 n;
		if (!JSON_NODE_HOLDS_VALUE(value)
		    || json_node_get_value_type(value) != G_TYPE_INT64)
			continue;
		n = json_node_get_int(value);
		if (n > 0 && n <= G_MAXUINT32)
			g_hash_table_insert(day->counts, g_strdup(key),
					    GUINT_TO_POINTER((guint) n));
	}
}

static SoriUsageDay *
sori_usage_get_day(SoriUsage *self, const gchar *venue, const gchar *day_text)
{
	g_autofree gchar *key = g_strconcat(venue, "/", day_text, NULL);
	SoriUsageDay *day = g_hash_table_lookup(self->days, key);

	if (day != NULL)
		return day;
	day = g_new0(SoriUsageDay, 1);
	day->venue = g_strdup(venue);
	day->day = g_strdup(day_text);
	day->counts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	sori_usage_load_day(self, day);
	g_hash_table_insert(self->days, g_steal_pointer(&key), day);
	return day;
}

/**
 * sori_usage_add:
 * @venue: a venue's id
 * @day: YYYY-MM-DD, the venue's day
 * @keys: (array length=n_keys): what is counted once each
 *
 * Adds one to each key's count of the day.
 */
void
sori_usage_add(SoriUsage *self, const gchar *venue, const gchar *day, const gchar *const *keys,
	       guint n_keys)
{
	SoriUsageDay *d;

	g_return_if_fail(sori_usage_day_is_valid(day));
	d = sori_usage_get_day(self, venue, day);
	for (guint i = 0; i < n_keys; i++) {
		guint n = GPOINTER_TO_UINT(g_hash_table_lookup(d->counts, keys[i]));
		if (n < G_MAXUINT32)
			g_hash_table_insert(d->counts, g_strdup(keys[i]), GUINT_TO_POINTER(n + 1));
	}
	d->dirty = d->dirty || n_keys > 0;
}

/**
 * sori_usage_get_counts:
 * @venue: a venue's id
 * @day: YYYY-MM-DD
 *
 * Returns: (transfer container): key → count (as GUINT_TO_POINTER), what is
 *	kept of the day; the table is the counters' own, valid until the next add
 */
GHashTable *
sori_usage_get_counts(SoriUsage *self, const gchar *venue, const gchar *day)
{
	g_return_val_if_fail(sori_usage_day_is_valid(day), NULL);
	return g_hash_table_ref(sori_usage_get_day(self, venue, day)->counts);
}

static gint
sori_usage_compare_keys_cb(gconstpointer a, gconstpointer b)
{
	return g_strcmp0(*(const gchar *const *) a, *(const gchar *const *) b);
}

static gboolean
sori_usage_write_day(SoriUsage *self, SoriUsageDay *day, GError **error)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;
	g_autoptr(GPtrArray) keys = g_ptr_array_new();
	g_autofree gchar *dir = g_build_filename(self->dir, day->venue, NULL);
	g_autofree gchar *path = sori_usage_day_path(self, day->venue, day->day);
	g_autofree gchar *text = NULL;

	GHashTableIter iter;
	gpointer key_ptr;

	/* in the order of the keys: nothing of the order counts arrived in */
	g_hash_table_iter_init(&iter, day->counts);
	while (g_hash_table_iter_next(&iter, &key_ptr, NULL))
		g_ptr_array_add(keys, key_ptr);
	g_ptr_array_sort(keys, sori_usage_compare_keys_cb);
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "venue");
	json_builder_add_string_value(b, day->venue);
	json_builder_set_member_name(b, "day");
	json_builder_add_string_value(b, day->day);
	json_builder_set_member_name(b, "counts");
	json_builder_begin_object(b);
	for (guint i = 0; i < keys->len; i++) {
		const gchar *key = g_ptr_array_index(keys, i);
		json_builder_set_member_name(b, key);
		json_builder_add_int_value(b,
					   GPOINTER_TO_UINT(g_hash_table_lookup(day->counts, key)));
	}
	json_builder_end_object(b);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	text = json_to_string(root, TRUE);
	if (g_mkdir_with_parents(dir, 0750) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "making %s: %s",
			    dir, g_strerror(errno));
		return FALSE;
	}
	return sori_file_replace(path, (const guint8 *) text, strlen(text), 0640, error);
}

/**
 * sori_usage_flush:
 *
 * Writes every day whose counts changed since the last flush; the days
 * before yesterday are then dropped from memory.
 *
 * Returns: %FALSE when one could not be written (it is tried again next time)
 */
gboolean
sori_usage_flush(SoriUsage *self, GError **error)
{
	GHashTableIter iter;
	SoriUsageDay *day;
	gboolean ok = TRUE;
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	g_autoptr(GDateTime) old = g_date_time_add_days(now, -2);
	g_autofree gchar *oldest = g_date_time_format(old, "%F");

	if (self->dir == NULL)
		return TRUE;
	g_hash_table_iter_init(&iter, self->days);
	while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &day)) {
		g_autoptr(GError) error_local = NULL;
		if (!day->dirty)
			continue;
		if (!sori_usage_write_day(self, day, &error_local)) {
			if (ok)
				g_propagate_error(error, g_steal_pointer(&error_local));
			ok = FALSE;
			continue;
		}
		day->dirty = FALSE;
	}
	/* a closed day, written, is read again from its file if asked for */
	g_hash_table_iter_init(&iter, self->days);
	while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &day)) {
		if (!day->dirty && g_strcmp0(day->day, oldest) < 0)
			g_hash_table_iter_remove(&iter);
	}
	return ok;
}
