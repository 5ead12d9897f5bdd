/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every venue of the data directory, one catalogue file each. A venue whose
 * catalogue does not load is not served at all, never half; the others are.
 */

#define G_LOG_DOMAIN "sori-store"

#include "config.h"

#include <glib/gstdio.h>

#include <string.h>

#include "sori-venue-store-private.h"

G_DEFINE_TYPE(SoriVenueStore, sori_venue_store, G_TYPE_OBJECT)

static void
sori_venue_snapshot_free(SoriVenueSnapshot *self)
{
	g_clear_pointer(&self->catalogue, sori_catalogue_unref);
	g_clear_pointer(&self->representations, g_hash_table_unref);
	g_free(self);
}

SoriVenueSnapshot *
sori_venue_snapshot_new(SoriCatalogue *catalogue, gint64 modified)
{
	SoriVenueSnapshot *self = g_new0(SoriVenueSnapshot, 1);
	self->ref_count = 1;
	self->catalogue = sori_catalogue_ref(catalogue);
	self->modified = modified;
	self->representations = sori_venue_snapshot_new_representations();
	return self;
}

SoriVenueSnapshot *
sori_venue_snapshot_ref(SoriVenueSnapshot *self)
{
	g_atomic_int_inc(&self->ref_count);
	return self;
}

void
sori_venue_snapshot_unref(SoriVenueSnapshot *self)
{
	if (self == NULL)
		return;
	if (g_atomic_int_dec_and_test(&self->ref_count))
		sori_venue_snapshot_free(self);
}

static void
sori_venue_store_finalize(GObject *object)
{
	SoriVenueStore *self = SORI_VENUE_STORE(object);
	sori_venue_store_memory_clear(self);
	g_clear_handle_id(&self->evict_source, g_source_remove);
	/* every read holds the store: none is left by now */
	if (self->readers != NULL)
		g_thread_pool_free(self->readers, TRUE, TRUE);
	g_hash_table_unref(self->reads);
	g_hash_table_unref(self->unread);
	g_free(self->waiting_for);
	g_free(self->data_dir);
	g_hash_table_unref(self->venues);
	g_ptr_array_unref(self->ordered);
	g_ptr_array_unref(self->failed);
	g_ptr_array_unref(self->failure_messages);
	g_free(self->registry_problem);
	g_hash_table_unref(self->list_cache);
	g_hash_table_unref(self->stamps);
	g_hash_table_unref(self->loading);
	g_ptr_array_unref(self->waiting);
	g_clear_object(&self->resolver);
	g_clear_object(&self->usage);
	g_clear_object(&self->database);
	G_OBJECT_CLASS(sori_venue_store_parent_class)->finalize(object);
}

static void
sori_venue_store_class_init(SoriVenueStoreClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = sori_venue_store_finalize;
}

static GHashTable *
sori_venue_store_new_venue_table(void)
{
	return g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
				     (GDestroyNotify) sori_venue_snapshot_unref);
}

static GHashTable *
sori_venue_store_new_list_cache(void)
{
	return g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
				     (GDestroyNotify) sori_representation_unref);
}

static void
sori_venue_store_init(SoriVenueStore *self)
{
	self->venues = sori_venue_store_new_venue_table();
	self->ordered = g_ptr_array_new();
	self->failed = g_ptr_array_new_with_free_func(g_free);
	self->failure_messages = g_ptr_array_new_with_free_func(g_free);
	self->list_cache = sori_venue_store_new_list_cache();
	self->stamps = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	self->loading = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	self->waiting = g_ptr_array_new_with_free_func(g_object_unref);
	g_queue_init(&self->parsed);
	self->reads = g_hash_table_new(g_str_hash, g_str_equal);
	self->unread = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	/* for the tests only: an idle venue's parse slowed down, to show who waits for it */
	if (g_getenv("SORI_TEST_VENUE_READ_DELAY_MS") != NULL)
		self->read_delay_ms = (guint) MIN(
			g_ascii_strtoull(g_getenv("SORI_TEST_VENUE_READ_DELAY_MS"), NULL, 10),
			60000);
}

/**
 * sori_venue_store_new:
 * @data_dir: a directory of catalogues, one `<venue id>.json` per venue
 *
 * Returns: (transfer full): an empty store; call sori_venue_store_load()
 */
SoriVenueStore *
sori_venue_store_new(const gchar *data_dir)
{
	SoriVenueStore *self = g_object_new(SORI_TYPE_VENUE_STORE, NULL);
	self->data_dir = g_strdup(data_dir);
	return self;
}

static gint
sori_venue_store_compare_snapshot_ids(gconstpointer a, gconstpointer b)
{
	const SoriVenueSnapshot *sa = *(SoriVenueSnapshot *const *) a;
	const SoriVenueSnapshot *sb = *(SoriVenueSnapshot *const *) b;
	return g_strcmp0(sori_catalogue_get_id(sa->catalogue),
			 sori_catalogue_get_id(sb->catalogue));
}

static gint
sori_venue_store_compare_names(gconstpointer a, gconstpointer b)
{
	return g_strcmp0(*(const gchar *const *) a, *(const gchar *const *) b);
}

/* releases of a counting venue's usage begin the day it was first served counting */
void
sori_venue_store_mark_counting_one(SoriVenueStore *self, SoriCatalogue *catalogue)
{
	g_autoptr(GDateTime) now = NULL;
	g_autofree gchar *today = NULL;

	if (self->usage == NULL || !sori_catalogue_counts_usage(catalogue))
		return;
	now = sori_catalogue_get_now(catalogue);
	today = g_date_time_format(now, "%F");
	sori_usage_mark_counting(self->usage, sori_catalogue_get_id(catalogue), today);
}

static void
sori_venue_store_mark_counting(SoriVenueStore *self)
{
	for (guint i = 0; i < self->ordered->len; i++) {
		SoriVenueSnapshot *snapshot = g_ptr_array_index(self->ordered, i);
		sori_venue_store_mark_counting_one(self, snapshot->catalogue);
	}
}

/* one venue's catalogue, read from @path or given as @document, into @venues or @failed */
static void
sori_venue_store_add(SoriVenueStore *self, GHashTable *venues, GPtrArray *failed,
		     GPtrArray *messages, const gchar *stem, const gchar *path, GBytes *document,
		     gint64 modified)
{
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(GError) error_local = NULL;
	g_autoptr(SoriCatalogue) catalogue = NULL;
	SoriVenueSnapshot *previous;

	catalogue = document != NULL
			    ? sori_catalogue_new_from_bytes(document, &problems, &error_local)
			    : sori_catalogue_new_from_file(path, &problems, &error_local);
	if (catalogue == NULL) {
		for (guint j = 0; problems != NULL && j < problems->len; j++) {
			SoriCatalogueProblem *problem = g_ptr_array_index(problems, j);
			g_ptr_array_add(messages,
					g_strdup_printf("venue %s: %s: %s", stem, problem->pointer,
							problem->reason));
		}
		g_ptr_array_add(messages, g_strdup_printf("venue %s not served: %s", stem,
							  error_local->message));
		g_ptr_array_add(failed, g_strdup(stem));
		return;
	}
	if (g_strcmp0(sori_catalogue_get_id(catalogue), stem) != 0) {
		g_ptr_array_add(messages,
				g_strdup_printf("venue %s not served: its /venue/id is '%s'; "
						"the file must be named %s.json",
						stem, sori_catalogue_get_id(catalogue),
						sori_catalogue_get_id(catalogue)));
		g_ptr_array_add(failed, g_strdup(stem));
		return;
	}
	previous = g_hash_table_lookup(self->venues, stem);
	if (previous != NULL
	    && g_strcmp0(sori_catalogue_get_digest(previous->catalogue),
			 sori_catalogue_get_digest(catalogue))
		       == 0) {
		g_hash_table_insert(venues, g_strdup(stem), sori_venue_snapshot_ref(previous));
		return;
	}
	g_debug("venue %s loaded: %u exhibits, revision %.12s", stem,
		sori_catalogue_get_exhibits(catalogue)->len, sori_catalogue_get_digest(catalogue));
	/* when the catalogue went live: a publish replaces the file */
	if (modified == 0) {
		GStatBuf st;
		modified = path != NULL && g_stat(path, &st) == 0
				   ? (gint64) st.st_mtime
				   : g_get_real_time() / G_USEC_PER_SEC;
	}
	g_hash_table_insert(venues, g_strdup(stem), sori_venue_snapshot_new(catalogue, modified));
}

/* every `<venue>.json` of the data directory */
static gboolean
sori_venue_store_read_dir(SoriVenueStore *self, GHashTable *venues, GPtrArray *failed,
			  GPtrArray *messages, GError **error)
{
	g_autoptr(GDir) dir = NULL;
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const gchar *name;

	dir = g_dir_open(self->data_dir, 0, error);
	if (dir == NULL) {
		g_prefix_error(error, "reading the data directory: ");
		return FALSE;
	}
	while ((name = g_dir_read_name(dir)) != NULL) {
		if (g_str_has_suffix(name, ".json") && name[0] != '.')
			g_ptr_array_add(names, g_strdup(name));
	}
	g_ptr_array_sort(names, sori_venue_store_compare_names);
	/* what each file was when read, so that a reload reads only those that change */
	g_hash_table_remove_all(self->stamps);
	for (guint i = 0; i < names->len; i++) {
		const gchar *file = g_ptr_array_index(names, i);
		g_autofree gchar *path = g_build_filename(self->data_dir, file, NULL);
		g_autofree gchar *stem = g_strndup(file, strlen(file) - strlen(".json"));
		SoriFileStamp stamp;
		if (sori_file_stamp_read(path, &stamp))
			g_hash_table_replace(self->stamps, g_strdup(stem),
					     g_memdup2(&stamp, sizeof(stamp)));
		sori_venue_store_add(self, venues, failed, messages, stem, path, NULL, 0);
	}
	return TRUE;
}

/* every live catalogue of the database */
static gboolean
sori_venue_store_read_database(SoriVenueStore *self, GHashTable *venues, GPtrArray *failed,
			       GPtrArray *messages, GError **error)
{
	g_autoptr(GHashTable) documents = NULL;
	g_autoptr(GHashTable) modified = NULL;
	g_autoptr(GPtrArray) names = g_ptr_array_new();
	g_autoptr(GHashTable) known = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTableIter iter;
	gpointer key;
	gpointer value;

	/* what is served now is not read again unless it changed */
	g_hash_table_iter_init(&iter, self->venues);
	while (g_hash_table_iter_next(&iter, &key, &value))
		g_hash_table_insert(known, key,
				    (gpointer) sori_catalogue_get_digest(
					    ((SoriVenueSnapshot *) value)->catalogue));
	if (!sori_store_postgres_load_live(self->database, known, &documents, &modified, error)) {
		g_prefix_error(error, "reading the venues: ");
		return FALSE;
	}
	g_hash_table_iter_init(&iter, documents);
	while (g_hash_table_iter_next(&iter, &key, NULL))
		g_ptr_array_add(names, key);
	g_ptr_array_sort(names, sori_venue_store_compare_names);
	for (guint i = 0; i < names->len; i++) {
		const gchar *stem = g_ptr_array_index(names, i);
		const gint64 *when = g_hash_table_lookup(modified, stem);
		GBytes *document = g_hash_table_lookup(documents, stem);
		if (document == NULL) {
			/* unchanged: the snapshot, and its warm representations, stay */
			g_hash_table_insert(
				venues, g_strdup(stem),
				sori_venue_snapshot_ref(g_hash_table_lookup(self->venues, stem)));
			continue;
		}
		sori_venue_store_add(self, venues, failed, messages, stem, NULL, document, *when);
	}
	return TRUE;
}

/**
 * sori_venue_store_load:
 * @error: (nullable): set when the data directory (or the database) cannot be read
 *
 * (Re)loads every catalogue, from the data directory or, for a node on
 * PostgreSQL, from the database. A venue whose catalogue is unchanged keeps
 * its snapshot and so its warm representations; a venue whose new catalogue
 * is invalid stops being served, and is named by
 * sori_venue_store_get_failed_ids(). When the catalogues cannot be read at
 * all, what was served goes on being served.
 *
 * Returns: %TRUE if the catalogues were read, whatever became of each venue
 */
gboolean
sori_venue_store_load(SoriVenueStore *self, GError **error)
{
	g_autoptr(GHashTable) venues = sori_venue_store_new_venue_table();
	g_autoptr(GPtrArray) failed = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func(g_free);
	GHashTableIter iter;
	gpointer value;

	if (self->database != NULL
		    ? !sori_venue_store_read_database(self, venues, failed, messages, error)
		    : !sori_venue_store_read_dir(self, venues, failed, messages, error))
		return FALSE;
	sori_venue_store_memory_clear(self);
	g_hash_table_unref(self->venues);
	self->venues = g_steal_pointer(&venues);
	g_ptr_array_set_size(self->ordered, 0);
	g_hash_table_iter_init(&iter, self->venues);
	while (g_hash_table_iter_next(&iter, NULL, &value))
		g_ptr_array_add(self->ordered, value);
	g_ptr_array_sort(self->ordered, sori_venue_store_compare_snapshot_ids);
	for (guint i = 0; i < self->ordered->len; i++)
		sori_venue_store_memory_add(self, g_ptr_array_index(self->ordered, i));
	sori_venue_store_memory_evict(self, NULL);
	g_ptr_array_unref(self->failed);
	self->failed = g_steal_pointer(&failed);
	g_ptr_array_unref(self->failure_messages);
	self->failure_messages = g_steal_pointer(&messages);
	g_hash_table_remove_all(self->list_cache);
	self->generation++;
	sori_venue_store_mark_counting(self);
	return TRUE;
}

/* where @id stands in @ordered, or would: a binary search, the list being by id */
static guint
sori_venue_store_ordered_position(SoriVenueStore *self, const gchar *id, gboolean *found)
{
	guint low = 0;
	guint high = self->ordered->len;

	*found = FALSE;
	while (low < high) {
		guint middle = low + (high - low) / 2;
		SoriVenueSnapshot *served = g_ptr_array_index(self->ordered, middle);
		gint order = g_strcmp0(sori_catalogue_get_id(served->catalogue), id);
		if (order == 0) {
			*found = TRUE;
			return middle;
		}
		if (order < 0)
			low = middle + 1;
		else
			high = middle;
	}
	return low;
}

/* @snapshot is @id's from now on; %NULL: @id is served no more */
void
sori_venue_store_swap(SoriVenueStore *self, const gchar *id, SoriVenueSnapshot *snapshot)
{
	guint index;
	gboolean found;

	if (g_ptr_array_find_with_equal_func(self->failed, id, g_str_equal, &index))
		g_ptr_array_remove_index(self->failed, index);
	/* @ordered holds borrowed pointers into @venues: out before the table lets go */
	index = sori_venue_store_ordered_position(self, id, &found);
	if (found) {
		sori_venue_store_memory_forget(self, g_ptr_array_index(self->ordered, index));
		g_ptr_array_remove_index(self->ordered, index);
	}
	if (snapshot == NULL) {
		g_hash_table_remove(self->venues, id);
	} else {
		g_hash_table_insert(self->venues, g_strdup(id), snapshot);
		g_ptr_array_insert(self->ordered, (gint) index, snapshot);
		sori_venue_store_memory_add(self, snapshot);
		/* the venue swapped in is the most recent: others go idle first */
		sori_venue_store_memory_evict(self, snapshot);
	}
	g_hash_table_remove_all(self->list_cache);
	self->generation++;
}

/**
 * sori_venue_store_get_generation:
 *
 * Returns: a number that changes whenever a venue is swapped in or out, for
 *	those who keep something worked out from every venue served
 */
guint64
sori_venue_store_get_generation(SoriVenueStore *self)
{
	g_return_val_if_fail(SORI_IS_VENUE_STORE(self), 0);
	return self->generation;
}

/**
 * sori_venue_store_put:
 * @catalogue: a checked catalogue, live from now on
 * @modified: when it went live, seconds since 1970
 *
 * Swaps one venue's catalogue in whole, as a publish or a rollback makes it
 * live: the other venues, their snapshots and their warm representations
 * are not touched, so what a publish costs is its own venue's.
 */
void
sori_venue_store_put(SoriVenueStore *self, SoriCatalogue *catalogue, gint64 modified)
{
	const gchar *id = sori_catalogue_get_id(catalogue);
	SoriVenueSnapshot *previous = g_hash_table_lookup(self->venues, id);

	g_return_if_fail(SORI_IS_VENUE_STORE(self));
	if (previous != NULL
	    && g_strcmp0(sori_catalogue_get_digest(previous->catalogue),
			 sori_catalogue_get_digest(catalogue))
		       == 0)
		return;
	sori_venue_store_swap(self, id, sori_venue_snapshot_new(catalogue, modified));
	sori_venue_store_mark_counting_one(self, catalogue);
}

/**
 * sori_venue_store_remove:
 *
 * @id is served no more (a curator deleted it); the other venues are not touched.
 */
void
sori_venue_store_remove(SoriVenueStore *self, const gchar *id)
{
	g_return_if_fail(SORI_IS_VENUE_STORE(self));
	sori_venue_store_swap(self, id, NULL);
}

/**
 * sori_venue_store_get_database:
 *
 * Returns: (transfer none) (nullable): the store the venues come from, when
 *	it is not the data directory's files (for /healthz: sori_store_get_health())
 */
SoriStore *
sori_venue_store_get_database(SoriVenueStore *self)
{
	return self->database != NULL ? SORI_STORE(self->database) : NULL;
}

/**
 * sori_venue_store_set_database:
 * @database: (nullable): the PostgreSQL store the venues are read from; %NULL
 *	for the data directory's files
 */
void
sori_venue_store_set_database(SoriVenueStore *self, SoriStorePostgres *database)
{
	g_set_object(&self->database, database);
}

/**
 * sori_venue_store_lookup:
 *
 * An idle venue's catalogue is made whole again first (its file read
 * again, in a few milliseconds), and it becomes the most recently asked
 * for. A file changed since it was read is read as a reload would.
 *
 * Returns: (transfer none) (nullable): the venue's current snapshot, its
 *	catalogue whole
 */
SoriVenueSnapshot *
sori_venue_store_lookup(SoriVenueStore *self, const gchar *id)
{
	SoriVenueSnapshot *snapshot = g_hash_table_lookup(self->venues, id);

	if (snapshot == NULL)
		return NULL;
	return sori_venue_store_memory_touch(self, snapshot);
}

/**
 * sori_venue_store_peek:
 *
 * Returns: (transfer none) (nullable): the venue's current snapshot as it
 *	is: an idle venue's catalogue is a summary, not read again
 */
SoriVenueSnapshot *
sori_venue_store_peek(SoriVenueStore *self, const gchar *id)
{
	return g_hash_table_lookup(self->venues, id);
}

gboolean
sori_venue_store_is_failed(SoriVenueStore *self, const gchar *id)
{
	return g_ptr_array_find_with_equal_func(self->failed, id, g_str_equal, NULL);
}

/**
 * sori_venue_store_get_snapshots:
 *
 * Returns: (transfer none) (element-type SoriVenueSnapshot): the venues served, by id
 */
GPtrArray *
sori_venue_store_get_snapshots(SoriVenueStore *self)
{
	return self->ordered;
}

/**
 * sori_venue_store_set_registry_problem:
 * @problem: (nullable): why the beacon registry could not be read; the venues
 *	are served all the same, without Eddystone-EID
 */
void
sori_venue_store_set_registry_problem(SoriVenueStore *self, const gchar *problem)
{
	g_free(self->registry_problem);
	self->registry_problem = g_strdup(problem);
}

/**
 * sori_venue_store_get_registry_problem:
 *
 * Returns: (nullable): why the beacon registry was skipped
 */
const gchar *
sori_venue_store_get_registry_problem(SoriVenueStore *self)
{
	return self->registry_problem;
}

/**
 * sori_venue_store_get_failed_ids:
 *
 * Returns: (transfer none) (element-type utf8): venues whose catalogue did not load
 */
GPtrArray *
sori_venue_store_get_failed_ids(SoriVenueStore *self)
{
	return self->failed;
}

/**
 * sori_venue_store_get_failure_messages:
 *
 * Returns: (transfer none) (element-type utf8): why each failed venue failed, one
 * problem per line, for the daemon to log
 */
GPtrArray *
sori_venue_store_get_failure_messages(SoriVenueStore *self)
{
	return self->failure_messages;
}

/**
 * sori_venue_store_get_list_cache:
 *
 * Returns: (transfer none): representations of the venue list, emptied on every
 * load and when it grows past its bound
 */
GHashTable *
sori_venue_store_get_list_cache(SoriVenueStore *self)
{
	if (g_hash_table_size(self->list_cache) >= LIST_CACHE_MAX)
		g_hash_table_remove_all(self->list_cache);
	return self->list_cache;
}

/**
 * sori_venue_store_set_eid_resolver:
 * @resolver: (nullable): the city's Eddystone-EID beacons, from the private registry
 */
void
sori_venue_store_set_eid_resolver(SoriVenueStore *self, SoriEidResolver *resolver)
{
	g_set_object(&self->resolver, resolver);
}

/**
 * sori_venue_store_get_eid_resolver:
 *
 * Returns: (transfer none) (nullable): the resolver of EID sightings
 */
SoriEidResolver *
sori_venue_store_get_eid_resolver(SoriVenueStore *self)
{
	return self->resolver;
}

/**
 * sori_venue_store_set_usage:
 * @usage: (nullable): where visitors' usage counts go; %NULL: not counted
 */
void
sori_venue_store_set_usage(SoriVenueStore *self, SoriUsage *usage)
{
	g_set_object(&self->usage, usage);
	sori_venue_store_mark_counting(self);
}

/**
 * sori_venue_store_get_usage:
 *
 * Returns: (transfer none) (nullable): the usage counters
 */
SoriUsage *
sori_venue_store_get_usage(SoriVenueStore *self)
{
	return self->usage;
}
