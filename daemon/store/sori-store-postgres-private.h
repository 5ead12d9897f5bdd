/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The PostgreSQL store's connections, for those that read or write the
 * database beside it: the venues' worker thread (sori-venue-database.c),
 * sorictl migrate's copying (sori-store-migrate.c) and the store's own files.
 */
#pragma once

#include <libpq-fe.h>

#include "sori-catalogue.h"
#include "sori-store-postgres.h"
#include "sori-tokens.h"

G_BEGIN_DECLS

/* seconds: how long a write waits for the database, and a statement may run */
#define CONNECT_TIMEOUT_S 3
#define STATEMENT_TIMEOUT "10s"

/* an unknown token reads the tokens again, since one made a moment ago on
 * another node may not have been told yet: in bursts of at most
 * TOKENS_REREAD_BURST reads, and on average at most one every TOKENS_REREAD_US */
#define TOKENS_REREAD_US    (250 * G_TIME_SPAN_MILLISECOND)
#define TOKENS_REREAD_BURST 8

/* the live revision of any node's venue is never pruned (the foreign key) */
#define PRUNE_SQL                                                                                  \
	"DELETE FROM sori_revisions WHERE venue = $1 AND id <> $2"                                 \
	" AND id NOT IN (SELECT revision FROM sori_live WHERE venue = $1)"                         \
	" AND id NOT IN (SELECT id FROM sori_revisions WHERE venue = $1"                           \
	" ORDER BY id DESC LIMIT $3::integer)"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(PGresult, PQclear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PGconn, PQfinish)

struct _SoriStorePostgres {
	GObject parent_instance;
	gchar *conninfo;
	guint revisions_kept;
	gchar *media_dir; /* this node's copies of the uploads */
	PGconn *conn;     /* writes and what curators read, blocking with timeouts */
	SoriTokens *tokens;
	GHashTable *media; /* name → GBytes: one mapping of each upload */
	/* the listener */
	PGconn *listener;
	gboolean listening; /* connected, LISTENing */
	guint listener_watch;
	guint retry_source;
	guint retry_ms;
	PostgresPollingStatusType polling;
	gboolean listen_wanted;   /* a node; sorictl writes without listening */
	gint64 tokens_reread_due; /* monotonic µs: when the rereads' budget is whole again */
};

PGconn *sori_store_postgres_connect_start(const gchar *conninfo, gboolean blocking);
gboolean sori_store_postgres_unavailable(GError **error, PGconn *conn);
PGconn *sori_store_postgres_get_conn(SoriStorePostgres *self, GError **error);
PGconn *sori_store_postgres_keep_conn(PGconn **conn, const gchar *conninfo,
				      const gchar *statement_timeout, GError **error);
const gchar *sori_store_postgres_get_conninfo(SoriStorePostgres *self);

/* for the store's own files (-usage.c, -migrate.c) */
PGresult *sori_store_postgres_exec(SoriStorePostgres *self, const gchar *sql, gint n_params,
				   const gchar *const *params, ExecStatusType expected,
				   const gchar *what, GError **error);
gboolean sori_store_postgres_command(SoriStorePostgres *self, const gchar *sql, gint n_params,
				     const gchar *const *params, const gchar *what, GError **error);
gboolean sori_store_postgres_notify(SoriStorePostgres *self, const gchar *channel,
				    const gchar *payload, GError **error);
gboolean sori_store_postgres_put_file(SoriStorePostgres *self, const gchar *name, const gchar *path,
				      GError **error);
gboolean sori_store_postgres_fetch_media(SoriStorePostgres *self, const gchar *name,
					 const gchar *path, GError **error);

GBytes *sori_store_postgres_get_media(SoriStore *store, const gchar *name, GError **error);
SoriFileWriter *sori_store_postgres_begin_media(SoriStore *store, GError **error);
gchar *sori_store_postgres_publish_on(PGconn *conn, const gchar *venue, GBytes *document,
				      const gchar *digest, const gchar *who, const gchar *action,
				      GError **error);
const gchar *sori_store_postgres_verify_token(SoriStore *store, const gchar *token,
					      const gchar *venue, gboolean *allowed);

gboolean sori_store_postgres_put_media(SoriStore *store, const gchar *name, GBytes *data,
				       GError **error);
gboolean sori_store_postgres_commit_media(SoriStore *store, SoriFileWriter *writer,
					  const gchar *name, GError **error);
gboolean sori_store_postgres_reload_tokens(SoriStore *store, GError **error);
gboolean sori_store_postgres_read_tokens(SoriStorePostgres *self, GError **error);
gboolean sori_store_postgres_may_write(SoriStorePostgres *self, GError **error);
void sori_store_postgres_fail_result(GError **error, const PGresult *res, const gchar *what);
gboolean sori_store_postgres_check(SoriStorePostgres *self, PGresult *res, ExecStatusType expected,
				   const gchar *what, GError **error);
gboolean sori_store_postgres_thread_exec(PGconn *conn, const gchar *sql, gint n_params,
					 const gchar *const *values, const gint *lengths,
					 const gint *formats, const gchar *what, GError **error);
void sori_store_postgres_rollback(SoriStorePostgres *self);
gchar *sori_store_postgres_array(GPtrArray *values);

/* the venues' summaries (-summaries.c) */
#define SORI_STORE_POSTGRES_PRUNE_SUMMARIES_SQL                                                    \
	"DELETE FROM sori_summaries WHERE venue = $1 AND digest IS DISTINCT FROM"                  \
	" (SELECT r.digest FROM sori_live l JOIN sori_revisions r ON r.venue = l.venue"            \
	" AND r.id = l.revision WHERE l.venue = $1)"
gchar *sori_store_postgres_summary_text(SoriCatalogue *catalogue);
SoriCatalogue *sori_store_postgres_summary_parse(const gchar *venue, const gchar *digest,
						 const gchar *text);
gboolean sori_store_postgres_put_summaries(PGconn *conn, GPtrArray *catalogues, GError **error);

/* the interface's asynchronous methods (-publish.c, -media.c) */
void sori_store_postgres_publish_async(SoriStore *store, const gchar *venue, GBytes *document,
				       const gchar *digest, const gchar *who, const gchar *action,
				       GCancellable *cancellable, GAsyncReadyCallback callback,
				       gpointer user_data);
gchar *sori_store_postgres_publish_finish(SoriStore *store, GAsyncResult *result, GError **error);
void sori_store_postgres_commit_media_async(SoriStore *store, SoriFileWriter *writer,
					    const gchar *name, GCancellable *cancellable,
					    GAsyncReadyCallback callback, gpointer user_data);
gboolean sori_store_postgres_commit_media_finish(SoriStore *store, GAsyncResult *result,
						 GError **error);
G_END_DECLS
