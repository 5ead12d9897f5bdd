/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Idle venues made whole again off the main loop. A visitor's request for an
 * idle venue (its catalogue a summary: sori-venue-store-memory.c) queues the
 * read of its catalogue file to a few worker threads and waits, paused,
 * while the main loop goes on answering everyone else; the venue is swapped
 * whole on the main loop when it is parsed, and the requests waiting for it
 * are answered then. The reads queued or running at once are bounded
 * (SORI_VENUE_READS_MAX), and so are the requests waiting for each: past
 * either, a request is answered 503 venue-loading, with Retry-After, at once.
 */

#define G_LOG_DOMAIN "sori-store"

#include "config.h"

#include "sori-venue-store-private.h"

/* idle venues read at once, queued or parsing: a client asking for many
 * idle venues in a row fills this, and is told to try again */
#define SORI_VENUE_READS_MAX 16
/* requests waiting for one venue's read */
#define SORI_VENUE_READ_WAITERS_MAX 512
/* worker threads: the main loop keeps a core to itself */
#define SORI_VENUE_READ_THREADS_MAX 2

typedef struct {
	SoriVenueStoreWaitFunc func;
	gpointer user_data;
	GDestroyNotify notify;
} SoriVenueWaiter;

/* one idle venue's read */
typedef struct {
	SoriVenueStore *store;       /* ref */
	SoriVenueSnapshot *snapshot; /* ref: the idle one asked for */
	gchar *id;
	gchar *path;          /* nullable: its file; %NULL on PostgreSQL */
	SoriCatalogue *whole; /* parsed by the worker; nullable: it did not load */
	GPtrArray *messages;  /* gchar*: why not */
	gboolean gone;        /* not live in the database any more */
	GArray *waiters;      /* SoriVenueWaiter */
	GMainContext *context;
} SoriVenueRead;

static void
sori_venue_read_free(SoriVenueRead *read)
{
	for (guint i = 0; i < read->waiters->len; i++) {
		SoriVenueWaiter *waiter = &g_array_index(read->waiters, SoriVenueWaiter, i);
		if (waiter->notify != NULL)
			waiter->notify(waiter->user_data);
	}
	g_array_unref(read->waiters);
	g_clear_pointer(&read->whole, sori_catalogue_unref);
	g_ptr_array_unref(read->messages);
	sori_venue_snapshot_unref(read->snapshot);
	g_main_context_unref(read->context);
	g_free(read->id);
	g_free(read->path);
	g_object_unref(read->store);
	g_free(read);
}

/* on the main loop: the venue swapped whole, and those waiting for it told */
static gboolean
sori_venue_read_done_cb(gpointer user_data)
{
	SoriVenueRead *read = user_data;
	SoriVenueStore *self = read->store;
	SoriVenueSnapshot *current = g_hash_table_lookup(self->venues, read->id);

	g_hash_table_remove(self->reads, read->id);
	/* unless a reload, a publish or a curator's lookup changed it meanwhile */
	if (current == read->snapshot && sori_catalogue_is_summary(current->catalogue)) {
		sori_venue_store_memory_whole(self, current, read->whole, read->path,
					      read->messages, read->gone);
		sori_venue_store_memory_schedule_evict(self);
	}
	for (guint i = 0; i < read->waiters->len; i++) {
		SoriVenueWaiter *waiter = &g_array_index(read->waiters, SoriVenueWaiter, i);
		waiter->func(waiter->user_data);
	}
	sori_venue_read_free(read);
	return G_SOURCE_REMOVE;
}

/* in a worker thread: the parse and the checks, the costly part */
static void
sori_venue_read_thread(gpointer data, gpointer user_data)
{
	SoriVenueRead *read = data;
	read->whole = sori_venue_store_memory_parse(read->store, read->id, NULL, read->path,
						    read->messages, &read->gone);
	g_main_context_invoke_full(read->context, G_PRIORITY_DEFAULT, sori_venue_read_done_cb, read,
				   NULL);
}

/* @snapshot's read, queued or joined; %FALSE when too many are */
static gboolean
sori_venue_store_queue_read(SoriVenueStore *self, SoriVenueSnapshot *snapshot, const gchar *id)
{
	SoriVenueRead *read;

	if (g_hash_table_contains(self->reads, id))
		return TRUE;
	if (g_hash_table_size(self->reads) >= SORI_VENUE_READS_MAX)
		return FALSE;
	if (self->readers == NULL) {
		guint threads
			= MAX(1, MIN(g_get_num_processors() - 1, SORI_VENUE_READ_THREADS_MAX));
		self->readers = g_thread_pool_new(sori_venue_read_thread, NULL, (gint) threads,
						  FALSE, NULL);
	}
	read = g_new0(SoriVenueRead, 1);
	read->store = g_object_ref(self);
	read->snapshot = sori_venue_snapshot_ref(snapshot);
	read->id = g_strdup(id);
	read->path = sori_venue_store_memory_path(self, id);
	read->messages = g_ptr_array_new_with_free_func(g_free);
	read->waiters = g_array_new(FALSE, FALSE, sizeof(SoriVenueWaiter));
	read->context = g_main_context_ref_thread_default();
	g_hash_table_insert(self->reads, read->id, read);
	g_thread_pool_push(self->readers, read, NULL);
	return TRUE;
}

/**
 * sori_venue_store_lookup_nowait:
 * @reading: (out): set when @id is idle: its catalogue is being read (see
 *	sori_venue_store_steal_waiting()), or too many are, to try again shortly
 *
 * sori_venue_store_lookup() for visitors' requests, on the main loop: it
 * never parses a catalogue there. An idle venue's read is queued to a
 * worker thread, and the venue named by sori_venue_store_steal_waiting()
 * for the server to pause the request until sori_venue_store_wait() says it
 * is whole.
 *
 * Returns: (transfer none) (nullable): the venue's snapshot, whole; %NULL
 *	when it is idle (@reading set), or not served
 */
SoriVenueSnapshot *
sori_venue_store_lookup_nowait(SoriVenueStore *self, const gchar *id, gboolean *reading)
{
	SoriVenueSnapshot *snapshot = g_hash_table_lookup(self->venues, id);

	*reading = FALSE;
	if (snapshot == NULL)
		return NULL;
	if (!sori_catalogue_is_summary(snapshot->catalogue)
	    || !sori_venue_store_memory_may_idle(self))
		return sori_venue_store_memory_touch(self, snapshot);
	*reading = TRUE;
	/* its last read failed a moment ago: told at once to try again */
	{
		const gint64 *until = g_hash_table_lookup(self->unread, id);
		if (until != NULL && g_get_monotonic_time() < *until)
			return NULL;
		g_hash_table_remove(self->unread, id);
	}
	if (sori_venue_store_queue_read(self, snapshot, id)) {
		g_free(self->waiting_for);
		self->waiting_for = g_strdup(id);
	}
	return NULL;
}

/**
 * sori_venue_store_steal_waiting:
 *
 * Returns: (transfer full) (nullable): the idle venue the request just
 *	handled asked for, whose read is queued: the request waits for it
 *	(sori_venue_store_wait()) rather than being answered
 */
gchar *
sori_venue_store_steal_waiting(SoriVenueStore *self)
{
	g_return_val_if_fail(SORI_IS_VENUE_STORE(self), NULL);
	return g_steal_pointer(&self->waiting_for);
}

/**
 * sori_venue_store_wait:
 * @func: called on the main loop once @id's read is done, whatever became of it
 * @notify: (nullable): frees @user_data, after @func or when the store goes
 *
 * Returns: %FALSE, @func never called, when no read of @id is under way or
 *	too many requests wait for it
 */
gboolean
sori_venue_store_wait(SoriVenueStore *self, const gchar *id, SoriVenueStoreWaitFunc func,
		      gpointer user_data, GDestroyNotify notify)
{
	SoriVenueRead *read = g_hash_table_lookup(self->reads, id);
	SoriVenueWaiter waiter = { func, user_data, notify };

	if (read == NULL || read->waiters->len >= SORI_VENUE_READ_WAITERS_MAX)
		return FALSE;
	g_array_append_val(read->waiters, waiter);
	return TRUE;
}

/**
 * sori_venue_store_get_reads:
 *
 * Returns: how many idle venues are being read, queued or parsing
 */
guint
sori_venue_store_get_reads(SoriVenueStore *self)
{
	return g_hash_table_size(self->reads);
}
