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
 *
 * The public releases of these counts (noise added, see
 * sori-usage-release.c) are kept beside them, in
 * <state>/usage/<venue>/released/<period>-<first day>.json: once drawn,
 * the noise of a period is never drawn again, or asking twice and
 * averaging would take it away.
 */

#define G_LOG_DOMAIN "sori-store"

#include "config.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sori-file.h"
#include "sori-json.h"
#include "sori-problem.h"
#include "sori-store-postgres.h"
#include "sori-usage.h"

struct _SoriUsage {
	GObject parent_instance;
	gchar *dir;           /* nullable: counters kept in memory only */
	GHashTable *days;     /* "venue/day" → SoriUsageDay */
	GHashTable *releases; /* "venue/period-from" → JsonNode, what was released */
	GHashTable *since;    /* venue → day its counting began */
	gdouble epsilon;
	/* nullable: the counts of every node, in PostgreSQL; this node's own are
	 * added to them every minute, the releases and when counting began kept there */
	SoriStorePostgres *database;
};

typedef struct {
	gchar *venue;
	gchar *day;
	GHashTable *counts;  /* key → GUINT_TO_POINTER(count) */
	GHashTable *pending; /* with a database: key → counted since the last flush */
	gboolean dirty;
} SoriUsageDay;

G_DEFINE_TYPE(SoriUsage, sori_usage, G_TYPE_OBJECT)

static void
sori_usage_day_free(SoriUsageDay *day)
{
	g_free(day->venue);
	g_free(day->day);
	g_hash_table_unref(day->counts);
	g_hash_table_unref(day->pending);
	g_free(day);
}

static void
sori_usage_finalize(GObject *object)
{
	SoriUsage *self = SORI_USAGE(object);
	g_free(self->dir);
	g_hash_table_unref(self->days);
	g_hash_table_unref(self->releases);
	g_hash_table_unref(self->since);
	g_clear_object(&self->database);
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
	self->releases = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					       (GDestroyNotify) json_node_unref);
	self->since = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	self->epsilon = SORI_USAGE_EPSILON_DEFAULT;
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
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonNode) root = NULL;
	JsonObject *counts;
	JsonObjectIter iter;
	const gchar *key;
	JsonNode *value;
	gsize len;

	if (self->dir == NULL)
		return;
	path = sori_usage_day_path(self, day->venue, day->day);
	if (!g_file_get_contents(path, &text, &len, NULL))
		return;
	/* {"counts": {key: n}}: deeper is damage, and json-glib's stack's end */
	if ((root = sori_json_parse(text, len, 4, &error)) == NULL
	    || !JSON_NODE_HOLDS_OBJECT(root)) {
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
	day->pending = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	if (self->database == NULL)
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
		if (self->database != NULL) {
			guint p = GPOINTER_TO_UINT(g_hash_table_lookup(d->pending, keys[i]));
			if (p < G_MAXUINT32)
				g_hash_table_insert(d->pending, g_strdup(keys[i]),
						    GUINT_TO_POINTER(p + 1));
		}
	}
	d->dirty = d->dirty || n_keys > 0;
}

/**
 * sori_usage_set_database:
 * @database: (nullable): where every node's counts are added up
 */
void
sori_usage_set_database(SoriUsage *self, SoriStorePostgres *database)
{
	g_set_object(&self->database, database);
}

/**
 * sori_usage_get_counts_full:
 * @counts: (out) (transfer full): key → count, every node's with a database
 *
 * Returns: %FALSE when the database could not be read
 */
gboolean
sori_usage_get_counts_full(SoriUsage *self, const gchar *venue, const gchar *day,
			   GHashTable **counts, GError **error)
{
	SoriUsageDay *d;
	GHashTableIter iter;
	gpointer key;
	gpointer value;

	g_return_val_if_fail(sori_usage_day_is_valid(day), FALSE);
	d = sori_usage_get_day(self, venue, day);
	if (self->database == NULL) {
		*counts = g_hash_table_ref(d->counts);
		return TRUE;
	}
	/* what every node added, and what this one has not added yet */
	*counts = sori_store_postgres_usage_counts(self->database, venue, day, error);
	if (*counts == NULL)
		return FALSE;
	g_hash_table_iter_init(&iter, d->pending);
	while (g_hash_table_iter_next(&iter, &key, &value)) {
		guint n = GPOINTER_TO_UINT(g_hash_table_lookup(*counts, key));
		g_hash_table_insert(*counts, g_strdup(key),
				    GUINT_TO_POINTER(n + GPOINTER_TO_UINT(value)));
	}
	return TRUE;
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
	g_autoptr(GError) error = NULL;
	GHashTable *counts = NULL;

	g_return_val_if_fail(sori_usage_day_is_valid(day), NULL);
	if (!sori_usage_get_counts_full(self, venue, day, &counts, &error)) {
		g_warning("usage counts: %s; this node's own only", error->message);
		return g_hash_table_ref(sori_usage_get_day(self, venue, day)->counts);
	}
	return counts;
}

/**
 * sori_usage_compare_keys:
 *
 * A #GCompareFunc for a #GPtrArray of strings: keys in their order, so that
 * nothing of the order counts arrived in is kept or shown.
 */
gint
sori_usage_compare_keys(gconstpointer a, gconstpointer b)
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
	g_ptr_array_sort(keys, sori_usage_compare_keys);
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

	if (self->dir == NULL && self->database == NULL)
		return TRUE;
	g_hash_table_iter_init(&iter, self->days);
	while (g_hash_table_iter_next(&iter, NULL, (gpointer *) &day)) {
		g_autoptr(GError) error_local = NULL;
		if (!day->dirty)
			continue;
		/* with a database, this node's counts since the last flush are added to all */
		if (self->database != NULL) {
			if (!sori_store_postgres_usage_add(self->database, day->venue, day->day,
							   day->pending, &error_local)) {
				if (ok)
					g_propagate_error(error, g_steal_pointer(&error_local));
				ok = FALSE;
				continue;
			}
			g_hash_table_remove_all(day->pending);
			day->dirty = FALSE;
			continue;
		}
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

static gchar *
sori_usage_since_path(SoriUsage *self, const gchar *venue)
{
	return g_build_filename(self->dir, venue, "counting-since", NULL);
}

/**
 * sori_usage_mark_counting:
 * @day: YYYY-MM-DD, the venue's day
 *
 * Notes that the venue counts from @day on, unless it already did: releases
 * begin there. Called when a counting venue is loaded, never because a
 * visitor sent anything, so the date says nothing about any visitor.
 */
void
sori_usage_mark_counting(SoriUsage *self, const gchar *venue, const gchar *day)
{
	g_autofree gchar *since = NULL;
	g_autoptr(GError) error = NULL;

	g_return_if_fail(sori_usage_day_is_valid(day));
	if (self->database != NULL) {
		g_autofree gchar *kept
			= sori_store_postgres_usage_since(self->database, venue, day, &error);
		if (kept == NULL)
			g_warning("noting when %s began counting: %s, ignoring", venue,
				  error != NULL ? error->message : "not kept");
		else
			g_hash_table_insert(self->since, g_strdup(venue), g_steal_pointer(&kept));
		return;
	}
	since = sori_usage_get_counting_since(self, venue);
	if (since != NULL)
		return;
	g_hash_table_insert(self->since, g_strdup(venue), g_strdup(day));
	if (self->dir != NULL) {
		g_autofree gchar *dir = g_build_filename(self->dir, venue, NULL);
		g_autofree gchar *path = sori_usage_since_path(self, venue);
		g_autofree gchar *text = g_strconcat(day, "\n", NULL);
		if (g_mkdir_with_parents(dir, 0750) != 0
		    || !sori_file_replace(path, (const guint8 *) text, strlen(text), 0640, &error))
			g_warning("noting when %s began counting: %s, ignoring", venue,
				  error != NULL ? error->message : g_strerror(errno));
	}
}

/**
 * sori_usage_get_counting_since:
 *
 * Returns: (transfer full) (nullable): the venue's first counted day
 */
gchar *
sori_usage_get_counting_since(SoriUsage *self, const gchar *venue)
{
	const gchar *kept = g_hash_table_lookup(self->since, venue);
	g_autofree gchar *path = NULL;
	g_autofree gchar *text = NULL;

	if (kept != NULL)
		return g_strdup(kept);
	if (self->database != NULL) {
		g_autoptr(GError) error = NULL;
		gchar *day = sori_store_postgres_usage_since(self->database, venue, NULL, &error);
		if (day != NULL)
			g_hash_table_insert(self->since, g_strdup(venue), g_strdup(day));
		return day;
	}
	if (self->dir == NULL)
		return NULL;
	path = sori_usage_since_path(self, venue);
	if (!g_file_get_contents(path, &text, NULL, NULL))
		return NULL;
	g_strstrip(text);
	if (!sori_usage_day_is_valid(text)) {
		g_warning("%s is damaged, counting from today", path);
		return NULL;
	}
	g_hash_table_insert(self->since, g_strdup(venue), g_strdup(text));
	return g_steal_pointer(&text);
}

/**
 * sori_usage_set_epsilon:
 * @epsilon: the privacy loss each new release may cost, > 0
 */
void
sori_usage_set_epsilon(SoriUsage *self, gdouble epsilon)
{
	g_return_if_fail(epsilon > 0);
	self->epsilon = epsilon;
}

gdouble
sori_usage_get_epsilon(SoriUsage *self)
{
	return self->epsilon;
}

static gchar *
sori_usage_release_path(SoriUsage *self, const gchar *venue, const gchar *period, const gchar *from)
{
	g_autofree gchar *name = g_strdup_printf("%s-%s.json", period, from);
	return g_build_filename(self->dir, venue, "released", name, NULL);
}

/**
 * sori_usage_get_release:
 * @period: day, week or month
 * @from: its first day
 *
 * Returns: (transfer full) (nullable): what was released for the period, if it was
 */
JsonNode *
sori_usage_get_release(SoriUsage *self, const gchar *venue, const gchar *period, const gchar *from)
{
	g_autofree gchar *key = g_strdup_printf("%s/%s-%s", venue, period, from);
	g_autofree gchar *path = NULL;
	g_autoptr(JsonParser) parser = NULL;
	g_autoptr(GError) error = NULL;
	JsonNode *kept = g_hash_table_lookup(self->releases, key);
	JsonNode *root;

	if (kept != NULL)
		return json_node_ref(kept);
	if (self->database != NULL) {
		/* none, or the database away: then drawing one fails too, and says so */
		g_autofree gchar *text = sori_store_postgres_usage_release(
			self->database, venue, period, from, NULL, &error);
		if (text == NULL)
			return NULL;
		return json_from_string(text, NULL);
	}
	if (self->dir == NULL)
		return NULL;
	path = sori_usage_release_path(self, venue, period, from);
	if (!g_file_test(path, G_FILE_TEST_EXISTS))
		return NULL;
	parser = json_parser_new_immutable();
	if (!json_parser_load_from_mapped_file(parser, path, &error)
	    || (root = json_parser_get_root(parser)) == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
		/* a damaged release is not drawn again: that would be a second draw */
		g_warning("released usage counts %s are damaged, not serving them: %s", path,
			  error != NULL ? error->message : "not an object");
		return json_node_new(JSON_NODE_NULL);
	}
	g_hash_table_insert(self->releases, g_steal_pointer(&key), json_node_ref(root));
	return json_node_ref(root);
}

/**
 * sori_usage_keep_release:
 * @release: what is released for the period
 *
 * Keeps @release for good, on disk (or in the database) before it is ever
 * served. With a database, another node may have drawn the period first:
 * then its release is the one kept, and returned.
 *
 * Returns: (transfer full) (nullable): the release kept, to serve; %NULL when
 *	it could not be kept (then nothing must be served)
 */
JsonNode *
sori_usage_keep_release(SoriUsage *self, const gchar *venue, const gchar *period, const gchar *from,
			JsonNode *release, GError **error)
{
	g_autofree gchar *key = g_strdup_printf("%s/%s-%s", venue, period, from);

	if (self->database != NULL) {
		g_autofree gchar *text = json_to_string(release, TRUE);
		g_autofree gchar *kept = sori_store_postgres_usage_release(
			self->database, venue, period, from, text, error);
		if (kept == NULL) {
			if (error != NULL && *error == NULL)
				g_set_error(error, SORI_PROBLEM_ERROR,
					    SORI_PROBLEM_STORE_UNAVAILABLE,
					    "the release was not kept");
			return NULL;
		}
		return json_from_string(kept, error);
	}

	if (self->dir != NULL) {
		g_autofree gchar *dir = g_build_filename(self->dir, venue, "released", NULL);
		g_autofree gchar *path = sori_usage_release_path(self, venue, period, from);
		g_autofree gchar *text = json_to_string(release, TRUE);
		if (g_mkdir_with_parents(dir, 0750) != 0) {
			g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
				    "making %s: %s", dir, g_strerror(errno));
			return NULL;
		}
		if (!sori_file_replace(path, (const guint8 *) text, strlen(text), 0640, error))
			return NULL;
	}
	g_hash_table_insert(self->releases, g_steal_pointer(&key), json_node_ref(release));
	return json_node_ref(release);
}

/**
 * sori_usage_period_is_valid:
 *
 * Returns: %TRUE for day, week or month
 */
gboolean
sori_usage_period_is_valid(const gchar *period)
{
	return g_strcmp0(period, "day") == 0 || g_strcmp0(period, "week") == 0
	       || g_strcmp0(period, "month") == 0;
}

/**
 * sori_usage_period_first:
 * @period: day, week (Monday to Sunday, as ISO 8601) or month
 * @date: a day of the period
 * @n_days: (out): how many days the period has
 *
 * Returns: (transfer full): the period's first day
 */
GDateTime *
sori_usage_period_first(const gchar *period, GDateTime *date, guint *n_days)
{
	if (g_str_equal(period, "week")) {
		*n_days = 7;
		return g_date_time_add_days(date, 1 - g_date_time_get_day_of_week(date));
	}
	if (g_str_equal(period, "month")) {
		GDateTime *first
			= g_date_time_add_days(date, 1 - g_date_time_get_day_of_month(date));
		g_autoptr(GDateTime) next = g_date_time_add_months(first, 1);
		*n_days = (guint) ((g_date_time_difference(next, first) + G_TIME_SPAN_HOUR)
				   / G_TIME_SPAN_DAY);
		return first;
	}
	*n_days = 1;
	return g_date_time_ref(date);
}

/**
 * sori_usage_sum_period:
 * @first: the period's first day
 *
 * Returns: (transfer full): key → count (as GUINT_TO_POINTER) over the period's days
 */
GHashTable *
sori_usage_sum_period(SoriUsage *self, const gchar *venue, GDateTime *first, guint n_days,
		      GError **error)
{
	g_autoptr(GHashTable) sums = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	for (guint i = 0; i < n_days; i++) {
		g_autoptr(GDateTime) d = g_date_time_add_days(first, (gint) i);
		g_autofree gchar *day = g_date_time_format(d, "%F");
		g_autoptr(GHashTable) counts = NULL;
		GHashTableIter iter;
		gpointer key;
		gpointer value;

		if (!sori_usage_get_counts_full(self, venue, day, &counts, error))
			return NULL;
		g_hash_table_iter_init(&iter, counts);
		while (g_hash_table_iter_next(&iter, &key, &value)) {
			guint n = GPOINTER_TO_UINT(g_hash_table_lookup(sums, key));
			guint add = GPOINTER_TO_UINT(value);
			g_hash_table_insert(
				sums, g_strdup(key),
				GUINT_TO_POINTER(n > G_MAXUINT32 - add ? G_MAXUINT32 : n + add));
		}
	}
	return g_steal_pointer(&sums);
}

/**
 * sori_usage_parse_day:
 * @text: (nullable): YYYY-MM-DD
 *
 * Returns: (transfer full) (nullable): the day at midnight UTC, so that days
 *	add without time zones; %NULL when @text is not a calendar date
 */
GDateTime *
sori_usage_parse_day(const gchar *text)
{
	g_autofree gchar *iso = NULL;

	if (!sori_usage_day_is_valid(text))
		return NULL;
	iso = g_strdup_printf("%sT00:00:00Z", text);
	return g_date_time_new_from_iso8601(iso, NULL);
}

/**
 * sori_usage_query_period:
 * @params: a request's query
 * @fallback: the period when the query names none
 * @date: (out) (transfer full) (nullable): the query's `date`, or %NULL when it has none
 *
 * Returns: the query's `period`, or %NULL with an invalid-parameter problem
 */
const gchar *
sori_usage_query_period(GHashTable *params, const gchar *fallback, GDateTime **date, GError **error)
{
	const gchar *period = g_hash_table_lookup(params, "period");
	const gchar *date_text = g_hash_table_lookup(params, "date");

	*date = NULL;
	if (period == NULL)
		period = fallback;
	if (!sori_usage_period_is_valid(period)) {
		g_set_error_literal(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_PARAMETER,
				    "period: day, week or month");
		return NULL;
	}
	if (date_text != NULL) {
		*date = sori_usage_parse_day(date_text);
		if (*date == NULL) {
			g_set_error_literal(error, SORI_PROBLEM_ERROR,
					    SORI_PROBLEM_INVALID_PARAMETER, "date: YYYY-MM-DD");
			return NULL;
		}
	}
	return period;
}
