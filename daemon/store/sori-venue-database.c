/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A node's venues, read from PostgreSQL in a worker thread on a connection
 * of its own: at start-up every live venue is "loading" until it is read,
 * parsed and checked, each swapped in whole on the main loop as soon as it
 * is ready; a NOTIFY from another node reads the venue it names and nothing
 * else; a listener that reconnects (NOTIFY is never replayed) or a SIGHUP
 * compares every venue's live revision with the one served and reads only
 * those that differ. No visitor's request waits for the database or a parse.
 */

#define G_LOG_DOMAIN "sori-store"

#include "config.h"

#include <string.h>

#include "sori-background.h"
#include "sori-store-postgres-private.h"
#include "sori-venue-database.h"
#include "sori-venue-store-private.h"

/* the documents read in one statement: a few MB at most for a city's catalogues */
#define READ_BATCH 16
/* the venues one pass reads at most: the others wait for the next, after the
 * venues another node changed meanwhile (a city's start-up does not hold
 * back a publish heard during it) */
#define PASS_MAX READ_BATCH
/* every venue's live revision, its digest and its summary, when there is one */
#define LIVE_SQL                                                                                   \
	"SELECT l.venue, l.revision, r.digest, extract(epoch FROM l.changed)::bigint, s.summary"   \
	" FROM sori_live l JOIN sori_revisions r ON r.venue = l.venue AND r.id = l.revision"       \
	" LEFT JOIN sori_summaries s ON s.venue = l.venue AND s.digest = r.digest"                 \
	" AND s.format = $2"
/* a pass that could not reach the database is tried again after this */
#define RETRY_MS                 1000
#define READER_STATEMENT_TIMEOUT "30s"

struct _SoriVenueDatabase {
	GObject parent_instance;
	SoriVenueStore *store;
	SoriStorePostgres *database;
	gchar *conninfo;
	PGconn *conn;        /* the worker's, touched only by the pass running */
	GHashTable *pending; /* ids to read in the next pass: told changed */
	GQueue *backlog;     /* gchar* ids found changed, beyond a pass's PASS_MAX */
	gboolean pending_all;
	gboolean running;
	gboolean ready; /* the first pass is done */
	guint retry_source;
	guint64 reloads;
	gulong changed_handler;
};

G_DEFINE_TYPE(SoriVenueDatabase, sori_venue_database, G_TYPE_OBJECT)

enum { SIGNAL_READY, SIGNAL_LAST };
static guint signals[SIGNAL_LAST];

typedef enum {
	READ_CHANGED, /* a new catalogue, checked */
	READ_FAILED,  /* a catalogue that does not load: not served, never half */
	READ_GONE,    /* no longer live: deleted */
} ReadKind;

/* what the worker made of one venue */
typedef struct {
	ReadKind kind;
	gchar *id;
	gchar *revision;
	gint64 modified;
	SoriCatalogue *catalogue; /* READ_CHANGED */
	GPtrArray *messages;      /* gchar*: why it failed */
} SoriVenueDatabaseRead;

/* one pass: the venues named, or all of them */
typedef struct {
	SoriVenueDatabase *owner;
	GPtrArray *ids;      /* nullable: every live venue */
	GHashTable *known;   /* id → the digest served when the pass began */
	GPtrArray *leftover; /* gchar*: found changed, left for the next passes */
	GAsyncQueue *reads;  /* SoriVenueDatabaseRead, from the thread to the main loop */
	GMainContext *context;
} SoriVenueDatabasePass;

static void
sori_venue_database_read_free(SoriVenueDatabaseRead *read)
{
	g_free(read->id);
	g_free(read->revision);
	g_clear_pointer(&read->catalogue, sori_catalogue_unref);
	g_clear_pointer(&read->messages, g_ptr_array_unref);
	g_free(read);
}

/* the contents of a pass, when its last holder lets go (an rc box: the
 * thread's task and the main loop's drains each hold it) */
static void
sori_venue_database_pass_free(SoriVenueDatabasePass *pass)
{
	SoriVenueDatabaseRead *read;

	while ((read = g_async_queue_try_pop(pass->reads)) != NULL)
		sori_venue_database_read_free(read);
	g_object_unref(pass->owner);
	g_clear_pointer(&pass->ids, g_ptr_array_unref);
	g_hash_table_unref(pass->known);
	g_ptr_array_unref(pass->leftover);
	g_async_queue_unref(pass->reads);
	g_main_context_unref(pass->context);
}

/* ---- the worker thread ---- */

static PGconn *
sori_venue_database_conn(SoriVenueDatabase *self, GError **error)
{
	return sori_store_postgres_keep_conn(&self->conn, self->conninfo, READER_STATEMENT_TIMEOUT,
					     error);
}

static PGresult *
sori_venue_database_query(PGconn *conn, const gchar *sql, gint n_params, const gchar *const *params,
			  GError **error)
{
	PGresult *res = PQexecParams(conn, sql, n_params, NULL, params, NULL, NULL, 0);

	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		return res;
	if (PQstatus(conn) != CONNECTION_OK)
		sori_store_postgres_unavailable(error, conn);
	else
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "reading the venues: %s",
			    PQresultErrorMessage(res));
	PQclear(res);
	return NULL;
}

static void
sori_venue_database_pass_unref(SoriVenueDatabasePass *pass)
{
	g_atomic_rc_box_release_full(pass, (GDestroyNotify) sori_venue_database_pass_free);
}

static void sori_venue_database_push(SoriVenueDatabasePass *pass, SoriVenueDatabaseRead *read);

/* parses and checks one catalogue, as the files store does its files */
static SoriVenueDatabaseRead *
sori_venue_database_parse(const gchar *id, const gchar *revision, gint64 modified,
			  const gchar *text, gsize size)
{
	SoriVenueDatabaseRead *read = g_new0(SoriVenueDatabaseRead, 1);
	g_autoptr(GBytes) document = g_bytes_new(text, size);
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(GError) error = NULL;

	read->id = g_strdup(id);
	read->revision = g_strdup(revision);
	read->modified = modified;
	read->messages = g_ptr_array_new_with_free_func(g_free);
	read->catalogue = sori_catalogue_new_from_bytes(document, &problems, &error);
	read->kind = READ_CHANGED;
	if (read->catalogue == NULL) {
		for (guint j = 0; problems != NULL && j < problems->len; j++) {
			SoriCatalogueProblem *problem = g_ptr_array_index(problems, j);
			g_ptr_array_add(read->messages,
					g_strdup_printf("venue %s: %s: %s", id, problem->pointer,
							problem->reason));
		}
		g_ptr_array_add(read->messages,
				g_strdup_printf("venue %s not served: %s", id, error->message));
		read->kind = READ_FAILED;
	} else if (g_strcmp0(sori_catalogue_get_id(read->catalogue), id) != 0) {
		g_ptr_array_add(read->messages,
				g_strdup_printf("venue %s not served: its /venue/id is '%s'", id,
						sori_catalogue_get_id(read->catalogue)));
		g_clear_pointer(&read->catalogue, sori_catalogue_unref);
		read->kind = READ_FAILED;
	}
	return read;
}

/* the documents of @ids at @revisions, parsed one by one and handed to the main loop */
static gboolean
sori_venue_database_fetch(SoriVenueDatabasePass *pass, PGconn *conn, GPtrArray *ids,
			  GPtrArray *revisions, GHashTable *modified, GError **error)
{
	g_autofree gchar *id_array = sori_store_postgres_array(ids);
	g_autofree gchar *revision_array = sori_store_postgres_array(revisions);
	const gchar *params[] = { id_array, revision_array };
	g_autoptr(PGresult) res = sori_venue_database_query(
		conn,
		"SELECT r.venue, r.id, r.document FROM sori_revisions r"
		" JOIN unnest($1::text[], $2::text[]) AS w(venue, id)"
		" ON r.venue = w.venue AND r.id = w.id ORDER BY r.venue",
		2, params, error);
	g_autoptr(GPtrArray) parsed
		= g_ptr_array_new_with_free_func((GDestroyNotify) sori_catalogue_unref);
	g_autoptr(GError) unkept = NULL;

	if (res == NULL)
		return FALSE;
	/* a revision gone meanwhile was replaced: its NOTIFY reads the new one */
	for (gint i = 0; i < PQntuples(res); i++) {
		const gchar *id = PQgetvalue(res, i, 0);
		const gint64 *when = g_hash_table_lookup(modified, id);
		SoriVenueDatabaseRead *read = sori_venue_database_parse(
			id, PQgetvalue(res, i, 1), when != NULL ? *when : 0, PQgetvalue(res, i, 2),
			(gsize) PQgetlength(res, i, 2));
		if (read->catalogue != NULL)
			g_ptr_array_add(parsed, sori_catalogue_ref(read->catalogue));
		sori_venue_database_push(pass, read);
	}
	/* their summaries, for the next start of any node: only a shortcut */
	if (!sori_store_postgres_put_summaries(conn, parsed, &unkept))
		g_debug("%s, going on", unkept->message);
	return TRUE;
}

/* @id idle from its summary in the database when it is not served yet and
 * venues may be idle: nothing to read or parse until a visitor asks */
static gboolean
sori_venue_database_idle(SoriVenueDatabasePass *pass, PGresult *live, gint row, gint64 modified)
{
	const gchar *id = PQgetvalue(live, row, 0);
	SoriVenueDatabaseRead *read;
	SoriCatalogue *summary;

	if (pass->owner->store->memory_budget == 0 || g_hash_table_contains(pass->known, id)
	    || PQgetisnull(live, row, 4))
		return FALSE;
	summary = sori_store_postgres_summary_parse(id, PQgetvalue(live, row, 2),
						    PQgetvalue(live, row, 4));
	if (summary == NULL)
		return FALSE;
	read = g_new0(SoriVenueDatabaseRead, 1);
	read->kind = READ_CHANGED;
	read->id = g_strdup(id);
	read->revision = g_strdup(PQgetvalue(live, row, 1));
	read->modified = modified;
	read->messages = g_ptr_array_new_with_free_func(g_free);
	read->catalogue = summary;
	sori_venue_database_push(pass, read);
	return TRUE;
}

static gboolean sori_venue_database_drain_cb(gpointer user_data);

static void
sori_venue_database_push(SoriVenueDatabasePass *pass, SoriVenueDatabaseRead *read)
{
	g_async_queue_push(pass->reads, read);
	g_main_context_invoke_full(pass->context, G_PRIORITY_DEFAULT, sori_venue_database_drain_cb,
				   g_atomic_rc_box_acquire(pass),
				   (GDestroyNotify) sori_venue_database_pass_unref);
}

static void
sori_venue_database_gone(SoriVenueDatabasePass *pass, const gchar *id)
{
	SoriVenueDatabaseRead *read = g_new0(SoriVenueDatabaseRead, 1);
	read->kind = READ_GONE;
	read->id = g_strdup(id);
	sori_venue_database_push(pass, read);
}

/* which live revisions differ from those served; their documents, a batch at a time */
static gboolean
sori_venue_database_run(SoriVenueDatabasePass *pass, GError **error)
{
	PGconn *conn = sori_venue_database_conn(pass->owner, error);
	g_autofree gchar *wanted = NULL;
	g_autoptr(PGresult) live = NULL;
	g_autoptr(GHashTable) present = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(GHashTable) modified
		= g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
	g_autoptr(GPtrArray) ids = g_ptr_array_new();
	g_autoptr(GPtrArray) revisions = g_ptr_array_new();
	const gchar *params[2];
	guint fetched = 0;

	if (conn == NULL)
		return FALSE;
	if (pass->ids != NULL)
		wanted = sori_store_postgres_array(pass->ids);
	params[0] = wanted;
	/* one query: every venue's live revision, its digest and its summary */
	params[1] = SORI_CATALOGUE_SUMMARY_FORMAT;
	live = sori_venue_database_query(
		conn,
		/* the venues named by their key (a notification's: one), or all */
		wanted != NULL ? LIVE_SQL " WHERE l.venue = ANY($1::text[]) ORDER BY l.venue"
			       : LIVE_SQL " WHERE $1::text[] IS NULL ORDER BY l.venue",
		2, params, error);
	if (live == NULL)
		return FALSE;
	for (gint i = 0; i < PQntuples(live); i++) {
		const gchar *id = PQgetvalue(live, i, 0);
		const gchar *served = g_hash_table_lookup(pass->known, id);
		gint64 *when = g_new(gint64, 1);

		g_hash_table_add(present, (gpointer) id);
		*when = g_ascii_strtoll(PQgetvalue(live, i, 3), NULL, 10);
		g_hash_table_insert(modified, (gpointer) id, when);
		/* unchanged: the snapshot, and its warm representations, stay */
		if (g_strcmp0(served, PQgetvalue(live, i, 2)) == 0)
			continue;
		if (sori_venue_database_idle(pass, live, i, *when))
			continue;
		if (++fetched > PASS_MAX) {
			g_ptr_array_add(pass->leftover, g_strdup(id));
			continue;
		}
		g_ptr_array_add(ids, (gpointer) id);
		g_ptr_array_add(revisions, PQgetvalue(live, i, 1));
		if (ids->len == READ_BATCH) {
			if (!sori_venue_database_fetch(pass, conn, ids, revisions, modified, error))
				return FALSE;
			g_ptr_array_set_size(ids, 0);
			g_ptr_array_set_size(revisions, 0);
		}
	}
	if (ids->len > 0 && !sori_venue_database_fetch(pass, conn, ids, revisions, modified, error))
		return FALSE;
	/* what is served, or was asked for, and is no longer live: deleted */
	if (pass->ids != NULL) {
		for (guint i = 0; i < pass->ids->len; i++) {
			const gchar *id = g_ptr_array_index(pass->ids, i);
			if (!g_hash_table_contains(present, id))
				sori_venue_database_gone(pass, id);
		}
	} else {
		GHashTableIter iter;
		gpointer key;
		g_hash_table_iter_init(&iter, pass->known);
		while (g_hash_table_iter_next(&iter, &key, NULL)) {
			if (!g_hash_table_contains(present, key))
				sori_venue_database_gone(pass, key);
		}
	}
	return TRUE;
}

static void
sori_venue_database_thread(GTask *task, gpointer source, gpointer task_data,
			   GCancellable *cancellable)
{
	g_autoptr(GError) error = NULL;

	if (!sori_venue_database_run(task_data, &error)) {
		g_task_return_error(task, g_steal_pointer(&error));
		return;
	}
	g_task_return_boolean(task, TRUE);
}

/* ---- the main loop ---- */

/* one venue read into the store: served, failed, or gone */
static void
sori_venue_database_apply(SoriVenueDatabasePass *pass, SoriVenueDatabaseRead *read)
{
	SoriVenueDatabase *self = pass->owner;
	SoriVenueStore *store = self->store;
	SoriVenueSnapshot *served = sori_venue_store_peek(store, read->id);
	const gchar *now = served != NULL ? sori_catalogue_get_digest(served->catalogue) : NULL;

	/* swapped meanwhile (this node's own publish, rollback or deletion): what
	 * was read may be older than what is served, so it is read again */
	if (g_strcmp0(now, g_hash_table_lookup(pass->known, read->id)) != 0) {
		g_hash_table_add(self->pending, g_strdup(read->id));
		return;
	}
	g_hash_table_remove(store->loading, read->id);
	switch (read->kind) {
	case READ_GONE:
		if (served == NULL && !sori_venue_store_is_failed(store, read->id))
			return;
		g_message("venue %s: no longer live in the database, no longer served", read->id);
		sori_venue_store_swap(store, read->id, NULL);
		return;
	case READ_FAILED:
		for (guint i = 0; i < read->messages->len; i++)
			g_warning("%s", (const gchar *) g_ptr_array_index(read->messages, i));
		sori_venue_store_swap(store, read->id, NULL);
		g_ptr_array_add(store->failed, g_strdup(read->id));
		return;
	case READ_CHANGED:
	default:
		if (now != NULL && g_str_equal(now, sori_catalogue_get_digest(read->catalogue)))
			return;
		sori_venue_store_swap(store, read->id,
				      sori_venue_snapshot_new(read->catalogue, read->modified));
		sori_venue_store_mark_counting_one(store, read->catalogue);
		if (self->ready) {
			self->reloads++;
			g_message("venue %s: reloaded from the database, revision %s", read->id,
				  read->revision);
		}
		return;
	}
}

static void
sori_venue_database_drain(SoriVenueDatabasePass *pass)
{
	SoriVenueDatabaseRead *read;

	while ((read = g_async_queue_try_pop(pass->reads)) != NULL) {
		sori_venue_database_apply(pass, read);
		sori_venue_database_read_free(read);
	}
}

static gboolean
sori_venue_database_drain_cb(gpointer user_data)
{
	sori_venue_database_drain(user_data);
	return G_SOURCE_REMOVE;
}

static void sori_venue_database_next(SoriVenueDatabase *self);

static gboolean
sori_venue_database_retry_cb(gpointer user_data)
{
	SoriVenueDatabase *self = user_data;
	self->retry_source = 0;
	sori_venue_database_next(self);
	return G_SOURCE_REMOVE;
}

static void
sori_venue_database_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	SoriVenueDatabasePass *pass = g_task_get_task_data(G_TASK(result));
	SoriVenueDatabase *self = pass->owner;
	g_autoptr(GError) error = NULL;

	sori_venue_database_drain(pass);
	self->running = FALSE;
	if (!g_task_propagate_boolean(G_TASK(result), &error)) {
		/* what is served goes on being served; this pass's venues are read again */
		g_warning("reading the venues from the database: %s; trying again", error->message);
		if (pass->ids == NULL)
			self->pending_all = TRUE;
		for (guint i = 0; pass->ids != NULL && i < pass->ids->len; i++)
			g_hash_table_add(self->pending, g_strdup(g_ptr_array_index(pass->ids, i)));
		if (self->retry_source == 0)
			self->retry_source
				= g_timeout_add(RETRY_MS, sori_venue_database_retry_cb, self);
		return;
	}
	for (guint i = 0; i < pass->leftover->len; i++)
		g_queue_push_tail(self->backlog, g_strdup(g_ptr_array_index(pass->leftover, i)));
	if (!self->ready && g_queue_is_empty(self->backlog)) {
		/* a venue listed at start but not live by the time it was read */
		g_hash_table_remove_all(self->store->loading);
		self->ready = TRUE;
		g_signal_emit(self, signals[SIGNAL_READY], 0);
	}
	sori_venue_database_next(self);
}

/* the next pass, if anything is asked for and none runs */
static void
sori_venue_database_next(SoriVenueDatabase *self)
{
	g_autoptr(GTask) task = NULL;
	SoriVenueDatabasePass *pass;
	GHashTableIter iter;
	gpointer key;

	if (self->running || self->retry_source != 0
	    || (!self->pending_all && g_hash_table_size(self->pending) == 0
		&& g_queue_is_empty(self->backlog)))
		return;
	if (self->pending_all) {
		/* every venue compared again: what was left over is found again */
		g_queue_clear_full(self->backlog, g_free);
	} else {
		/* the venues told changed, and some of those found changed before */
		for (guint n = 0; n < PASS_MAX && !g_queue_is_empty(self->backlog); n++)
			g_hash_table_add(self->pending, g_queue_pop_head(self->backlog));
	}
	pass = g_atomic_rc_box_new0(SoriVenueDatabasePass);
	pass->owner = g_object_ref(self);
	pass->leftover = g_ptr_array_new_with_free_func(g_free);
	pass->known = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	pass->reads = g_async_queue_new();
	pass->context = g_main_context_ref_thread_default();
	if (!self->pending_all) {
		pass->ids = g_ptr_array_new_with_free_func(g_free);
		g_hash_table_iter_init(&iter, self->pending);
		while (g_hash_table_iter_next(&iter, &key, NULL))
			g_ptr_array_add(pass->ids, g_strdup(key));
	}
	/* what is served now, to be compared with what is live */
	{
		GPtrArray *snapshots = sori_venue_store_get_snapshots(self->store);
		for (guint i = 0; i < snapshots->len; i++) {
			SoriVenueSnapshot *s = g_ptr_array_index(snapshots, i);
			const gchar *id = sori_catalogue_get_id(s->catalogue);
			if (pass->ids == NULL || g_hash_table_contains(self->pending, id))
				g_hash_table_insert(
					pass->known, g_strdup(id),
					g_strdup(sori_catalogue_get_digest(s->catalogue)));
		}
	}
	g_hash_table_remove_all(self->pending);
	self->pending_all = FALSE;
	self->running = TRUE;
	task = g_task_new(NULL, NULL, sori_venue_database_done_cb, NULL);
	g_task_set_task_data(task, pass, (GDestroyNotify) sori_venue_database_pass_unref);
	sori_background_run_in_thread(task, sori_venue_database_thread);
}

static void
sori_venue_database_changed_cb(SoriStorePostgres *database, const gchar *venue, gpointer user_data)
{
	sori_venue_database_reload(SORI_VENUE_DATABASE(user_data), venue);
}

/**
 * sori_venue_database_reload:
 * @venue: (nullable): the venue another node changed; %NULL or "*" for every
 *	venue, whose live revisions are compared with those served
 *
 * Reads, in the worker thread, what changed: one venue named by a NOTIFY,
 * or, after the listener reconnected or on SIGHUP, every venue whose live
 * revision is not the one served. Asked for while a pass runs, it is done
 * by the next.
 */
void
sori_venue_database_reload(SoriVenueDatabase *self, const gchar *venue)
{
	g_return_if_fail(SORI_IS_VENUE_DATABASE(self));
	if (venue == NULL || g_str_equal(venue, "*") || venue[0] == '\0')
		self->pending_all = TRUE;
	else
		g_hash_table_add(self->pending, g_strdup(venue));
	sori_venue_database_next(self);
}

/**
 * sori_venue_database_start:
 *
 * Lists the live venues (one small query, before sorid answers), each
 * "loading" from now on, and reads them in the worker thread; listens to
 * the database's changes from then on ("ready" is emitted once every venue
 * listed was read).
 *
 * Returns: %FALSE with @error when the database cannot be read at all
 */
gboolean
sori_venue_database_start(SoriVenueDatabase *self, GError **error)
{
	PGconn *conn = sori_venue_database_conn(self, error);
	g_autoptr(PGresult) res = NULL;

	g_return_val_if_fail(SORI_IS_VENUE_DATABASE(self), FALSE);
	if (conn == NULL) {
		g_prefix_error(error, "reading the venues: ");
		return FALSE;
	}
	res = sori_venue_database_query(conn, "SELECT venue FROM sori_live", 0, NULL, error);
	if (res == NULL)
		return FALSE;
	for (gint i = 0; i < PQntuples(res); i++) {
		const gchar *id = PQgetvalue(res, i, 0);
		if (sori_venue_store_peek(self->store, id) == NULL)
			g_hash_table_add(self->store->loading, g_strdup(id));
	}
	self->changed_handler = g_signal_connect(self->database, "changed",
						 G_CALLBACK(sori_venue_database_changed_cb), self);
	sori_venue_database_reload(self, NULL);
	return TRUE;
}

/**
 * sori_venue_database_is_ready:
 *
 * Returns: %TRUE once every venue live at start-up was read
 */
gboolean
sori_venue_database_is_ready(SoriVenueDatabase *self)
{
	return self->ready;
}

/**
 * sori_venue_database_get_reloads:
 *
 * Returns: how many venues were swapped in since start-up, one per changed venue
 */
guint64
sori_venue_database_get_reloads(SoriVenueDatabase *self)
{
	return self->reloads;
}

static void
sori_venue_database_dispose(GObject *object)
{
	SoriVenueDatabase *self = SORI_VENUE_DATABASE(object);
	if (self->changed_handler != 0)
		g_clear_signal_handler(&self->changed_handler, self->database);
	g_clear_handle_id(&self->retry_source, g_source_remove);
	G_OBJECT_CLASS(sori_venue_database_parent_class)->dispose(object);
}

static void
sori_venue_database_finalize(GObject *object)
{
	SoriVenueDatabase *self = SORI_VENUE_DATABASE(object);
	g_clear_pointer(&self->conn, PQfinish);
	g_clear_object(&self->store);
	g_clear_object(&self->database);
	g_free(self->conninfo);
	g_hash_table_unref(self->pending);
	g_queue_free_full(self->backlog, g_free);
	G_OBJECT_CLASS(sori_venue_database_parent_class)->finalize(object);
}

static void
sori_venue_database_class_init(SoriVenueDatabaseClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	object_class->dispose = sori_venue_database_dispose;
	object_class->finalize = sori_venue_database_finalize;
	/* every venue live at start-up has been read */
	signals[SIGNAL_READY] = g_signal_new("ready", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
					     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sori_venue_database_init(SoriVenueDatabase *self)
{
	self->pending = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	self->backlog = g_queue_new();
}

/**
 * sori_venue_database_new:
 * @store: where the venues are served from
 * @database: where they are read, and whose NOTIFYs say what changed
 *
 * Returns: (transfer full): call sori_venue_database_start()
 */
SoriVenueDatabase *
sori_venue_database_new(SoriVenueStore *store, SoriStorePostgres *database)
{
	SoriVenueDatabase *self = g_object_new(SORI_TYPE_VENUE_DATABASE, NULL);
	self->store = g_object_ref(store);
	self->database = g_object_ref(database);
	self->conninfo = g_strdup(sori_store_postgres_get_conninfo(database));
	return self;
}
