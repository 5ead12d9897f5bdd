/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The PostgreSQL store's publish: the revision, the live pointer, the audit
 * line and the NOTIFY in one transaction, in a thread of its own.
 */

#define G_LOG_DOMAIN "sori-store"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sori-background.h"
#include "sori-file.h"
#include "sori-metrics.h"
#include "sori-problem.h"
#include "sori-store-postgres-private.h"
#include "sori-tokens.h"

/* ---- a publish in a thread of its own ---- */

typedef struct {
	gchar *conninfo;
	gchar *venue;
	GBytes *document;
	gchar *digest;
	gchar *who;
	gchar *action;
	guint revisions_kept;
} SoriStorePostgresPublish;

static void
sori_store_postgres_publish_free(SoriStorePostgresPublish *p)
{
	g_free(p->conninfo);
	g_free(p->venue);
	g_bytes_unref(p->document);
	g_free(p->digest);
	g_free(p->who);
	g_free(p->action);
	g_free(p);
}

/*
 * a publish on @conn, one transaction: the revision (unless the same content
 * was kept before), the live pointer, the audit entry, and NOTIFY at commit;
 * rolled back on any failure
 */
gchar *
sori_store_postgres_publish_on(PGconn *conn, const gchar *venue, GBytes *document,
			       const gchar *digest, const gchar *who, const gchar *action,
			       GError **error)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	g_autofree gchar *stamp = g_date_time_format(now, "%Y%m%dT%H%M%SZ");
	g_autofree gchar *id = g_strdup_printf("%s-%.12s", stamp, digest);
	g_autofree gchar *text
		= g_strndup(g_bytes_get_data(document, NULL), g_bytes_get_size(document));
	g_autoptr(PGresult) found = NULL;
	g_autoptr(PGresult) notified = NULL;
	const gchar *find_params[] = { venue, digest };
	const gchar *notify_params[] = { "sori_live", venue };

	if (!sori_store_postgres_thread_exec(conn, "BEGIN", 0, NULL, NULL, NULL, "publishing",
					     error))
		return NULL;
	found = PQexecParams(conn, "SELECT id FROM sori_revisions WHERE venue = $1 AND digest = $2",
			     2, NULL, find_params, NULL, NULL, 0);
	if (PQresultStatus(found) != PGRES_TUPLES_OK) {
		if (PQstatus(conn) != CONNECTION_OK)
			sori_store_postgres_unavailable(error, conn);
		else
			sori_store_postgres_fail_result(error, found, "publishing");
		sori_store_postgres_thread_exec(conn, "ROLLBACK", 0, NULL, NULL, NULL, "publishing",
						NULL);
		return NULL;
	}
	if (PQntuples(found) > 0) {
		g_free(id);
		id = g_strdup(PQgetvalue(found, 0, 0));
	}
	{
		const gchar *revision_params[] = { venue, id, digest, text };
		const gchar *live_params[] = { venue, id };
		const gchar *audit_params[] = { who, venue, action, id };
		if ((PQntuples(found) == 0
		     && !sori_store_postgres_thread_exec(
			     conn,
			     "INSERT INTO sori_revisions (venue, id, digest, document)"
			     " VALUES ($1, $2, $3, $4)",
			     4, revision_params, NULL, NULL, "publishing", error))
		    || !sori_store_postgres_thread_exec(
			    conn,
			    "INSERT INTO sori_live (venue, revision) VALUES ($1, $2)"
			    " ON CONFLICT (venue) DO UPDATE SET revision = $2, changed = now()",
			    2, live_params, NULL, NULL, "publishing", error)
		    || !sori_store_postgres_thread_exec(
			    conn,
			    "INSERT INTO sori_audit (who, venue, action, revision)"
			    " VALUES ($1, $2, $3, $4)",
			    4, audit_params, NULL, NULL, "publishing", error)) {
			sori_store_postgres_thread_exec(conn, "ROLLBACK", 0, NULL, NULL, NULL,
							"publishing", NULL);
			return NULL;
		}
	}
	notified = PQexecParams(conn, "SELECT pg_notify($1, $2)", 2, NULL, notify_params, NULL,
				NULL, 0);
	if (PQresultStatus(notified) != PGRES_TUPLES_OK) {
		sori_store_postgres_fail_result(error, notified, "telling the other nodes");
		sori_store_postgres_thread_exec(conn, "ROLLBACK", 0, NULL, NULL, NULL, "publishing",
						NULL);
		return NULL;
	}
	if (!sori_store_postgres_thread_exec(conn, "COMMIT", 0, NULL, NULL, NULL, "publishing",
					     error))
		return NULL;
	return g_steal_pointer(&id);
}

static void
sori_store_postgres_publish_thread(GTask *task, gpointer source, gpointer task_data,
				   GCancellable *cancellable)
{
	SoriStorePostgresPublish *p = task_data;
	g_autoptr(PGconn) conn = sori_store_postgres_connect_start(p->conninfo, TRUE);
	g_autoptr(GError) error = NULL;
	gchar *id;

	if (conn == NULL || PQstatus(conn) != CONNECTION_OK) {
		sori_store_postgres_unavailable(&error, conn);
		g_task_return_error(task, g_steal_pointer(&error));
		return;
	}
	if (!sori_store_postgres_thread_exec(conn,
					     "SET statement_timeout = '" STATEMENT_TIMEOUT "'", 0,
					     NULL, NULL, NULL, "publishing", &error)) {
		g_task_return_error(task, g_steal_pointer(&error));
		return;
	}
	id = sori_store_postgres_publish_on(conn, p->venue, p->document, p->digest, p->who,
					    p->action, &error);
	if (id == NULL) {
		g_task_return_error(task, g_steal_pointer(&error));
		return;
	}
	/* the oldest revisions pruned here too, not on the main loop */
	{
		g_autofree gchar *kept = g_strdup_printf("%u", p->revisions_kept);
		const gchar *params[] = { p->venue, id, kept };
		g_autoptr(GError) ignored = NULL;
		if (!sori_store_postgres_thread_exec(conn, PRUNE_SQL, 3, params, NULL, NULL,
						     "pruning revisions", &ignored))
			g_message("%s, ignoring", ignored->message);
		/* and the summaries of catalogues no longer live: the nodes that
		 * read the new one keep its own */
		g_clear_error(&ignored);
		if (!sori_store_postgres_thread_exec(conn, SORI_STORE_POSTGRES_PRUNE_SUMMARIES_SQL,
						     1, params, NULL, NULL, "pruning summaries",
						     &ignored))
			g_message("%s, ignoring", ignored->message);
	}
	g_task_return_pointer(task, id, g_free);
}

/*
 * sori_store_publish_async(): sori_store_publish() and the pruning of the
 * oldest revisions in a thread of its own, on a connection of its own: the
 * main loop (and every visitor) never waits for the database.
 */
void
sori_store_postgres_publish_async(SoriStore *store, const gchar *venue, GBytes *document,
				  const gchar *digest, const gchar *who, const gchar *action,
				  GCancellable *cancellable, GAsyncReadyCallback callback,
				  gpointer user_data)
{
	SoriStorePostgres *self = SORI_STORE_POSTGRES(store);
	g_autoptr(GTask) task = g_task_new(self, cancellable, callback, user_data);
	g_autoptr(GError) error = NULL;
	SoriStorePostgresPublish *p;

	if (!sori_store_postgres_may_write(self, &error)) {
		g_task_return_error(task, g_steal_pointer(&error));
		return;
	}
	p = g_new0(SoriStorePostgresPublish, 1);
	p->conninfo = g_strdup(self->conninfo);
	p->venue = g_strdup(venue);
	p->document = g_bytes_ref(document);
	p->digest = g_strdup(digest);
	p->who = g_strdup(who);
	p->action = g_strdup(action);
	p->revisions_kept = self->revisions_kept;
	g_task_set_task_data(task, p, (GDestroyNotify) sori_store_postgres_publish_free);
	sori_background_run_in_thread(task, sori_store_postgres_publish_thread);
}

/* Returns: (transfer full) (nullable): the revision made live */
gchar *
sori_store_postgres_publish_finish(SoriStore *store, GAsyncResult *result, GError **error)
{
	g_return_val_if_fail(g_task_is_valid(result, store), NULL);
	return g_task_propagate_pointer(G_TASK(result), error);
}

/* each thread's connection for sori_store_postgres_read_document(), closed with the thread */
static GPrivate sori_store_postgres_reader = G_PRIVATE_INIT((GDestroyNotify) PQfinish);

/**
 * sori_store_postgres_read_document:
 * @digest: (nullable): the catalogue's digest: which of @venue's revisions;
 *	%NULL for the live one
 *
 * A catalogue of an idle venue, read again to make it whole: in any
 * thread, on a connection of that thread's own (kept for its next read), so
 * that the reads never wait for, nor hold, the main loop's connection.
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 *	(unavailable while the database is away; %G_IO_ERROR_NOT_FOUND when
 *	there is no such revision, or none live: the venue was deleted)
 */
GBytes *
sori_store_postgres_read_document(SoriStorePostgres *self, const gchar *venue, const gchar *digest,
				  GError **error)
{
	PGconn *conn = g_private_get(&sori_store_postgres_reader);
	const gchar *params[] = { venue, digest };
	g_autoptr(PGresult) res = NULL;
	PGconn *kept
		= sori_store_postgres_keep_conn(&conn, self->conninfo, STATEMENT_TIMEOUT, error);

	/* the thread's connection, replaced when it went */
	g_private_set(&sori_store_postgres_reader, conn);
	if (kept == NULL)
		return NULL;
	if (digest != NULL)
		res = PQexecParams(
			conn,
			"SELECT document FROM sori_revisions WHERE venue = $1 AND digest = $2"
			" LIMIT 1",
			2, NULL, params, NULL, NULL, 0);
	else
		res = PQexecParams(conn,
				   "SELECT r.document FROM sori_live l JOIN sori_revisions r"
				   " ON r.venue = l.venue AND r.id = l.revision WHERE l.venue = $1",
				   1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		if (PQstatus(conn) != CONNECTION_OK)
			sori_store_postgres_unavailable(error, conn);
		else
			sori_store_postgres_fail_result(error, res, "reading a venue again");
		return NULL;
	}
	if (PQntuples(res) == 0) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
			    "venue %s: its revision %s is no longer in the database", venue,
			    digest != NULL ? digest : "live");
		return NULL;
	}
	return g_bytes_new(PQgetvalue(res, 0, 0), (gsize) PQgetlength(res, 0, 0));
}
