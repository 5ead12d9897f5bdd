/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The venue store's memory: whole catalogues (their JSON trees, about six
 * times the document's bytes) for the venues visited most recently, within
 * a budget; every other venue idle, as a summary (its name, languages,
 * beacons, digest: what the venue list, the open data and the beacons need),
 * its catalogue file read again when it is asked for. What a city costs
 * grows with what is visited, not with every venue it has.
 *
 * An idle venue is made whole again from its file, or on PostgreSQL from
 * its live revision, on a connection of the reading thread's own: a newer
 * one than it had (another node's publish whose notification is still on
 * its way) is served from then on, as the notification would have it. A
 * venue whose read fails there (the database away) stays idle and served,
 * and is tried again when next asked for.
 */

#define G_LOG_DOMAIN "sori-store"

#include "config.h"

#include <string.h>

#include "sori-venue-store-private.h"

/* @snapshot, whole, is counted among the parsed, as the most recent */
void
sori_venue_store_memory_add(SoriVenueStore *self, SoriVenueSnapshot *snapshot)
{
	if (snapshot->parsed_link != NULL || sori_catalogue_is_summary(snapshot->catalogue))
		return;
	g_queue_push_head(&self->parsed, snapshot);
	snapshot->parsed_link = self->parsed.head;
	self->parsed_bytes += sori_catalogue_get_memory_size(snapshot->catalogue);
}

/* @snapshot leaves the store, or goes idle: no longer counted */
void
sori_venue_store_memory_forget(SoriVenueStore *self, SoriVenueSnapshot *snapshot)
{
	if (snapshot->parsed_link == NULL)
		return;
	g_queue_delete_link(&self->parsed, snapshot->parsed_link);
	snapshot->parsed_link = NULL;
	self->parsed_bytes
		-= MIN(self->parsed_bytes, sori_catalogue_get_memory_size(snapshot->catalogue));
}

/* every snapshot forgotten, before the store's table is replaced or freed */
void
sori_venue_store_memory_clear(SoriVenueStore *self)
{
	for (GList *l = self->parsed.head; l != NULL; l = l->next)
		((SoriVenueSnapshot *) l->data)->parsed_link = NULL;
	g_queue_clear(&self->parsed);
	self->parsed_bytes = 0;
}

/* whether a venue can be read again once idle: from its file or the database */
gboolean
sori_venue_store_memory_may_idle(SoriVenueStore *self)
{
	return self->database != NULL || self->data_dir != NULL;
}

/* the file an idle venue is read again from; %NULL on PostgreSQL, or with no data directory */
gchar *
sori_venue_store_memory_path(SoriVenueStore *self, const gchar *id)
{
	g_autofree gchar *name = NULL;

	if (self->database != NULL || self->data_dir == NULL)
		return NULL;
	name = g_strconcat(id, ".json", NULL);
	return g_build_filename(self->data_dir, name, NULL);
}

/* @snapshot goes idle, unless someone holds it or its catalogue */
static gboolean
sori_venue_store_memory_idle(SoriVenueStore *self, SoriVenueSnapshot *snapshot)
{
	SoriCatalogue *summary;

	if (!sori_venue_store_memory_may_idle(self))
		return FALSE;
	/* the store's table holds one reference: a request in flight holds another */
	if (g_atomic_int_get(&snapshot->ref_count) > 1
	    || sori_catalogue_is_shared(snapshot->catalogue))
		return FALSE;
	summary = sori_catalogue_new_summary(snapshot->catalogue);
	sori_venue_store_memory_forget(self, snapshot);
	sori_catalogue_unref(snapshot->catalogue);
	snapshot->catalogue = summary;
	return TRUE;
}

/**
 * sori_venue_store_memory_evict:
 * @keep: (nullable): a snapshot that stays whole whatever its place
 *
 * The least recently asked for whole catalogues go idle until the others fit
 * the budget.
 */
void
sori_venue_store_memory_evict(SoriVenueStore *self, SoriVenueSnapshot *keep)
{
	GList *l = self->parsed.tail;
	guint idled = 0;

	if (self->memory_budget == 0)
		return;
	while (l != NULL && self->parsed_bytes > self->memory_budget) {
		GList *previous = l->prev;
		if (l->data != keep && sori_venue_store_memory_idle(self, l->data))
			idled++;
		l = previous;
	}
	/* no malloc_trim(): it walks every arena, up to a quarter of a second
	 * on the main loop with a city's heap; the trees' memory stays with
	 * malloc and serves the next venues read */
	if (idled > 0)
		g_debug("%u venues idle, %" G_GSIZE_FORMAT " MiB whole", idled,
			self->parsed_bytes / (1024 * 1024));
}

static gboolean
sori_venue_store_memory_evict_cb(gpointer user_data)
{
	SoriVenueStore *self = user_data;
	self->evict_source = 0;
	sori_venue_store_memory_evict(self, NULL);
	return G_SOURCE_REMOVE;
}

/* @whole, read when @id was asked for and found changed, served from now on */
static SoriVenueSnapshot *
sori_venue_store_memory_swap_in(SoriVenueStore *self, const gchar *id, SoriCatalogue *whole,
				gint64 modified)
{
	SoriVenueSnapshot *snapshot = sori_venue_snapshot_new(whole, modified);
	sori_venue_store_swap(self, id, snapshot);
	sori_venue_store_mark_counting_one(self, whole);
	return snapshot;
}

/* the file changed since the venue was read, and no reload has read it yet:
 * read now as a reload would, @whole being what it holds (%NULL: broken) */
static SoriVenueSnapshot *
sori_venue_store_memory_changed(SoriVenueStore *self, const gchar *id, const gchar *path,
				SoriCatalogue *whole, GPtrArray *messages)
{
	SoriFileStamp stamp = { 0 };
	gint64 modified;

	g_message("venue %s: its catalogue file changed since it was read; read again now, as a "
		  "reload would",
		  id);
	if (sori_file_stamp_read(path, &stamp))
		g_hash_table_replace(self->stamps, g_strdup(id), g_memdup2(&stamp, sizeof(stamp)));
	if (whole == NULL || g_strcmp0(sori_catalogue_get_id(whole), id) != 0) {
		if (whole != NULL)
			g_ptr_array_add(
				messages,
				g_strdup_printf("venue %s not served: its /venue/id is '%s'", id,
						sori_catalogue_get_id(whole)));
		/* a venue whose catalogue does not load is not served at all, never half */
		sori_venue_store_swap(self, id, NULL);
		g_ptr_array_add(self->failed, g_strdup(id));
		for (guint i = 0; i < messages->len; i++) {
			g_warning("%s", (const gchar *) g_ptr_array_index(messages, i));
			g_ptr_array_add(self->failure_messages,
					g_strdup(g_ptr_array_index(messages, i)));
		}
		return NULL;
	}
	modified = stamp.mtime_ns != 0 ? stamp.mtime_ns / G_GINT64_CONSTANT(1000000000)
				       : g_get_real_time() / G_USEC_PER_SEC;
	return sori_venue_store_memory_swap_in(self, id, whole, modified);
}

/* an idle venue's catalogue, parsed and checked (in any thread): from @path,
 * or from the database's revision of @digest (%NULL: the live one); @messages: why not;
 * @gone: set when the database has no such revision (another node deleted the venue) */
SoriCatalogue *
sori_venue_store_memory_parse(SoriVenueStore *self, const gchar *id, const gchar *digest,
			      const gchar *path, GPtrArray *messages, gboolean *gone)
{
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(GError) error = NULL;
	SoriCatalogue *whole = NULL;

	/* the tests' slowed parse (SORI_TEST_VENUE_READ_DELAY_MS) */
	if (self->read_delay_ms > 0)
		g_usleep(self->read_delay_ms * G_GUINT64_CONSTANT(1000));
	if (self->database != NULL) {
		g_autoptr(GBytes) document
			= sori_store_postgres_read_document(self->database, id, digest, &error);
		if (document != NULL)
			whole = sori_catalogue_new_from_bytes(document, &problems, &error);
		else if (g_error_matches(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
			*gone = TRUE;
	} else {
		whole = sori_catalogue_new_from_file(path, &problems, &error);
	}

	for (guint i = 0; problems != NULL && i < problems->len; i++) {
		SoriCatalogueProblem *problem = g_ptr_array_index(problems, i);
		g_ptr_array_add(messages, g_strdup_printf("venue %s: %s: %s", id, problem->pointer,
							  problem->reason));
	}
	if (error != NULL)
		g_ptr_array_add(messages,
				g_strdup_printf("venue %s not served: %s", id, error->message));
	return whole;
}

/**
 * sori_venue_store_read_catalogue:
 * @digest: the catalogue wanted: an idle venue's, from its summary
 *
 * An idle venue's catalogue read whole again, for a curator's request that
 * compares it (a publish's diff), in any thread: the store's own read, from
 * the venue's file or the database, never the main loop's connection.
 *
 * Returns: (transfer full) (nullable): the catalogue, %NULL when it cannot
 *	be read or is no longer the one of @digest
 */
SoriCatalogue *
sori_venue_store_read_catalogue(SoriVenueStore *self, const gchar *id, const gchar *digest)
{
	g_autofree gchar *path = sori_venue_store_memory_path(self, id);
	g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(SoriCatalogue) whole = NULL;
	gboolean gone = FALSE;

	g_return_val_if_fail(SORI_IS_VENUE_STORE(self), NULL);
	if (!sori_venue_store_memory_may_idle(self))
		return NULL;
	whole = sori_venue_store_memory_parse(self, id, digest, path, messages, &gone);
	if (whole == NULL || g_strcmp0(sori_catalogue_get_digest(whole), digest) != 0)
		return NULL;
	return g_steal_pointer(&whole);
}

/* the idle @snapshot made whole with @whole, as parsed from @path (%NULL: it
 * did not load; @gone: the database has it live no more) */
SoriVenueSnapshot *
sori_venue_store_memory_whole(SoriVenueStore *self, SoriVenueSnapshot *snapshot,
			      SoriCatalogue *whole, const gchar *path, GPtrArray *messages,
			      gboolean gone)
{
	g_autofree gchar *id = g_strdup(sori_catalogue_get_id(snapshot->catalogue));

	/* deleted on another node, whose notification is on its way: not
	 * served from now on, as the notification would have it */
	if (self->database != NULL && whole == NULL && gone) {
		g_message("venue %s: no longer live in the database, no longer served", id);
		sori_venue_store_swap(self, id, NULL);
		return NULL;
	}

	/* on PostgreSQL a read that failed leaves the venue idle, served, to be
	 * tried again; a newer live revision is served from now on, as the
	 * notification on its way would have it (which then finds it served) */
	if (self->database != NULL && whole == NULL) {
		gint64 *until = g_new(gint64, 1);
		for (guint i = 0; i < messages->len; i++)
			g_warning("%s", (const gchar *) g_ptr_array_index(messages, i));
		/* not tried again for a while: a database away is not asked,
		 * nor the log written, at the rate visitors ask */
		*until = g_get_monotonic_time() + SORI_VENUE_UNREAD_RETRY_US;
		g_hash_table_replace(self->unread, g_strdup(id), until);
		return NULL;
	}
	if (self->database != NULL
	    && g_strcmp0(sori_catalogue_get_digest(whole),
			 sori_catalogue_get_digest(snapshot->catalogue))
		       != 0) {
		g_message("venue %s: read again from the database, a newer revision than it had",
			  id);
		return sori_venue_store_memory_swap_in(self, id, whole,
						       g_get_real_time() / G_USEC_PER_SEC);
	}
	if (whole != NULL
	    && g_strcmp0(sori_catalogue_get_digest(whole),
			 sori_catalogue_get_digest(snapshot->catalogue))
		       == 0) {
		/* a request in flight may hold the summary: it goes with its last holder */
		sori_catalogue_unref(snapshot->catalogue);
		snapshot->catalogue = sori_catalogue_ref(whole);
		sori_venue_store_memory_add(self, snapshot);
		return snapshot;
	}
	return sori_venue_store_memory_changed(self, id, path, whole, messages);
}

/* an idle venue's catalogue, read again from its file */
static SoriVenueSnapshot *
sori_venue_store_memory_read(SoriVenueStore *self, SoriVenueSnapshot *snapshot)
{
	const gchar *id = sori_catalogue_get_id(snapshot->catalogue);
	g_autofree gchar *path = sori_venue_store_memory_path(self, id);
	g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func(g_free);
	gboolean gone = FALSE;
	g_autoptr(SoriCatalogue) whole
		= sori_venue_store_memory_parse(self, id, NULL, path, messages, &gone);

	return sori_venue_store_memory_whole(self, snapshot, whole, path, messages, gone);
}

/**
 * sori_venue_store_memory_touch:
 *
 * @snapshot is asked for: whole again if it was idle (its file read again),
 * and the most recent. The venues that go idle for it do so once the
 * request asking is answered.
 *
 * Returns: (transfer none) (nullable): the snapshot to serve: @snapshot, or
 *	a newer one when the file changed meanwhile; %NULL when it no longer
 *	loads (logged, and the venue failed)
 */
SoriVenueSnapshot *
sori_venue_store_memory_touch(SoriVenueStore *self, SoriVenueSnapshot *snapshot)
{
	if (sori_catalogue_is_summary(snapshot->catalogue)) {
		snapshot = sori_venue_store_memory_read(self, snapshot);
		if (snapshot == NULL)
			return NULL;
	} else if (snapshot->parsed_link != NULL && snapshot->parsed_link != self->parsed.head) {
		g_queue_unlink(&self->parsed, snapshot->parsed_link);
		g_queue_push_head_link(&self->parsed, snapshot->parsed_link);
	}
	sori_venue_store_memory_schedule_evict(self);
	return snapshot;
}

/* over budget: the venues asked for least recently go idle once the request
 * that asked is answered */
void
sori_venue_store_memory_schedule_evict(SoriVenueStore *self)
{
	if (self->memory_budget != 0 && self->parsed_bytes > self->memory_budget
	    && self->evict_source == 0)
		self->evict_source = g_idle_add(sori_venue_store_memory_evict_cb, self);
}

/**
 * sori_venue_store_set_memory_budget:
 * @bytes: about how much the whole catalogues (their JSON trees) may cost
 *	together; 0: no bound, every venue stays whole
 *
 * The venues asked for least recently go idle beyond it: each keeps a
 * summary, and its file is read again, in a few milliseconds, when it is
 * next asked for. Only the files store's venues go idle.
 */
void
sori_venue_store_set_memory_budget(SoriVenueStore *self, gsize bytes)
{
	g_return_if_fail(SORI_IS_VENUE_STORE(self));
	self->memory_budget = bytes;
	sori_venue_store_memory_evict(self, NULL);
}

/**
 * sori_venue_store_get_parsed_bytes:
 * @parsed: (out) (optional): how many venues are whole
 *
 * Returns: about what the whole catalogues cost together
 */
gsize
sori_venue_store_get_parsed_bytes(SoriVenueStore *self, guint *parsed)
{
	if (parsed != NULL)
		*parsed = self->parsed.length;
	return self->parsed_bytes;
}
