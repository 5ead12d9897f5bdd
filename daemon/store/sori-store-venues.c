/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What keeps the served venues current, whatever the store: the files
 * store's data directory is read in a worker thread at start-up and on
 * SIGHUP (sori-venue-store-reload.c); the PostgreSQL store's venues are read
 * by a worker of their own (sori-venue-database.c), which then reads a venue
 * again as another node's NOTIFY names it.
 */

/* its lines are sorid's start-up lines, as they were when sorid printed them */
#define G_LOG_DOMAIN "sorid"

#include "config.h"

#include "sori-store-files.h"
#include "sori-store-postgres.h"
#include "sori-store-venues.h"
#include "sori-venue-database.h"

struct _SoriStoreVenues {
	GObject parent_instance;
	SoriStore *store;
	SoriVenueStore *venues;
	SoriVenueDatabase *database; /* nullable: the venues are the data directory's files */
	SoriStoreVenuesFunc ready;
	gpointer ready_data;
};

G_DEFINE_TYPE(SoriStoreVenues, sori_store_venues, G_TYPE_OBJECT)

/**
 * sori_store_venues_new:
 * @store: where curators' work is kept, from sori_store_open()
 * @venues: what is served; its usage counts (sori_venue_store_set_usage())
 *	set already, so that on PostgreSQL every node's are added up there
 *
 * Ties @venues to @store: on PostgreSQL, the venues (and the usage counts)
 * are the database's; with files, the data directory's, which must be a
 * directory.
 *
 * Returns: (transfer full) (nullable): %NULL with the reason @venues cannot
 *	be read
 */
SoriStoreVenues *
sori_store_venues_new(SoriStore *store, SoriVenueStore *venues, GError **error)
{
	g_autoptr(SoriStoreVenues) self = NULL;

	g_return_val_if_fail(SORI_IS_STORE(store), NULL);
	g_return_val_if_fail(SORI_IS_VENUE_STORE(venues), NULL);
	if (SORI_IS_STORE_FILES(store)) {
		const gchar *dir = sori_store_files_get_data_dir(SORI_STORE_FILES(store));
		if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
			g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
				    "reading the data directory: %s is not a directory", dir);
			return NULL;
		}
	}
	self = g_object_new(SORI_TYPE_STORE_VENUES, NULL);
	self->store = g_object_ref(store);
	self->venues = g_object_ref(venues);
	if (SORI_IS_STORE_POSTGRES(store)) {
		SoriUsage *usage = sori_venue_store_get_usage(venues);
		sori_venue_store_set_database(venues, SORI_STORE_POSTGRES(store));
		if (usage != NULL)
			sori_usage_set_database(usage, SORI_STORE_POSTGRES(store));
	}
	return g_steal_pointer(&self);
}

static void
sori_store_venues_log_failures(SoriStoreVenues *self)
{
	GPtrArray *messages = sori_venue_store_get_failure_messages(self->venues);
	for (guint i = 0; i < messages->len; i++)
		g_warning("%s", (const gchar *) g_ptr_array_index(messages, i));
}

static void
sori_store_venues_loaded_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	g_autoptr(SoriStoreVenues) self = user_data;
	g_autoptr(GError) error = NULL;

	if (!sori_venue_store_reload_finish(SORI_VENUE_STORE(source), result, &error))
		g_warning("loading the venues: %s", error->message);
	sori_store_venues_log_failures(self);
	self->ready(self, NULL, self->ready_data);
}

static void
sori_store_venues_database_ready_cb(SoriVenueDatabase *database, gpointer user_data)
{
	SoriStoreVenues *self = user_data;
	self->ready(self, NULL, self->ready_data);
}

/**
 * sori_store_venues_start:
 * @ready: (scope forever): called once, when every venue has been read (or
 *	has failed to be, which is logged); each answers venue-loading until then
 *
 * Reads the venues in a worker thread; on PostgreSQL, hears other nodes'
 * changes from now on.
 *
 * Returns: %FALSE when the venues cannot be read at all
 */
gboolean
sori_store_venues_start(SoriStoreVenues *self, SoriStoreVenuesFunc ready, gpointer user_data,
			GError **error)
{
	g_return_val_if_fail(SORI_IS_STORE_VENUES(self), FALSE);
	g_return_val_if_fail(ready != NULL, FALSE);
	self->ready = ready;
	self->ready_data = user_data;
	if (SORI_IS_STORE_POSTGRES(self->store)) {
		/* every venue "loading" until the worker has read it; a NOTIFY
		 * heard from now on reads its venue again */
		self->database
			= sori_venue_database_new(self->venues, SORI_STORE_POSTGRES(self->store));
		g_signal_connect(self->database, "ready",
				 G_CALLBACK(sori_store_venues_database_ready_cb), self);
		if (!sori_venue_database_start(self->database, error)) {
			g_prefix_error(error, "the PostgreSQL store: ");
			return FALSE;
		}
		sori_store_postgres_listen(SORI_STORE_POSTGRES(self->store));
		return TRUE;
	}
	sori_venue_store_reload_async(self->venues, NULL, sori_store_venues_loaded_cb,
				      g_object_ref(self));
	return TRUE;
}

typedef struct {
	SoriStoreVenues *self;
	SoriStoreVenuesFunc done;
	gpointer user_data;
} SoriStoreVenuesReload;

static void
sori_store_venues_reloaded_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	SoriStoreVenuesReload *reload = user_data;
	g_autoptr(GError) error = NULL;

	if (sori_venue_store_reload_finish(SORI_VENUE_STORE(source), result, &error))
		sori_store_venues_log_failures(reload->self);
	reload->done(reload->self, error, reload->user_data);
	g_object_unref(reload->self);
	g_free(reload);
}

/**
 * sori_store_venues_reload:
 * @done: (scope async): told when the venues have been read again, with the
 *	error that kept them as they were (failed venues are logged)
 *
 * SIGHUP: only the catalogues that changed, off the main loop. On
 * PostgreSQL, those whose live revision is not the one served are read
 * again in the background, and @done is never called: the venues are
 * served, and kept current, meanwhile.
 *
 * Returns: %TRUE when @done will be called; %FALSE for a background resync
 */
gboolean
sori_store_venues_reload(SoriStoreVenues *self, SoriStoreVenuesFunc done, gpointer user_data)
{
	SoriStoreVenuesReload *reload;

	g_return_val_if_fail(SORI_IS_STORE_VENUES(self), FALSE);
	if (self->database != NULL) {
		sori_venue_database_reload(self->database, NULL);
		return FALSE;
	}
	reload = g_new0(SoriStoreVenuesReload, 1);
	reload->self = g_object_ref(self);
	reload->done = done;
	reload->user_data = user_data;
	sori_venue_store_reload_async(self->venues, NULL, sori_store_venues_reloaded_cb, reload);
	return TRUE;
}

/**
 * sori_store_venues_get_source:
 *
 * Returns: where the venues are read from, for the log: the data directory,
 *	or "PostgreSQL"
 */
const gchar *
sori_store_venues_get_source(SoriStoreVenues *self)
{
	g_return_val_if_fail(SORI_IS_STORE_VENUES(self), NULL);
	if (SORI_IS_STORE_FILES(self->store))
		return sori_store_files_get_data_dir(SORI_STORE_FILES(self->store));
	return "PostgreSQL";
}

static void
sori_store_venues_dispose(GObject *object)
{
	SoriStoreVenues *self = SORI_STORE_VENUES(object);
	if (self->database != NULL)
		g_signal_handlers_disconnect_by_data(self->database, self);
	g_clear_object(&self->database);
	g_clear_object(&self->venues);
	g_clear_object(&self->store);
	G_OBJECT_CLASS(sori_store_venues_parent_class)->dispose(object);
}

static void
sori_store_venues_class_init(SoriStoreVenuesClass *klass)
{
	G_OBJECT_CLASS(klass)->dispose = sori_store_venues_dispose;
}

static void
sori_store_venues_init(SoriStoreVenues *self)
{
}
