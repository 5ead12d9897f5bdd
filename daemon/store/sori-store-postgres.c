/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The store in PostgreSQL, for a city's many sorid nodes on one database:
 * venues' revisions (the catalogue document as text, byte for byte), the
 * live revision of each venue, the audit log, the tokens document (hashes
 * only) and uploaded media (chunked bytea, content-addressed, streamed in
 * and out, cached on each node's disk after first use).
 *
 * Every node is equal. A publish is one transaction (revision, live pointer,
 * audit entry) that ends with NOTIFY sori_live; every node LISTENs on a
 * connection of its own, watched by the main loop without blocking it, and
 * reloads its venues when told. PostgreSQL does not replay notifications
 * missed while a node was cut off, so a node that reconnects reloads
 * everything. Reads never touch the database: visitors are answered from
 * the snapshots in memory, whether the database is up or not. Writes need
 * it: while the listener is cut off they fail at once with
 * store-unavailable, and a write's own connection has a connect and a
 * statement timeout, so a database that goes away mid-write costs seconds,
 * not the node.
 *
 * The schema's version is kept in sori_schema; sori_store_postgres_new()
 * brings an older schema up to date in one transaction, under an advisory
 * lock so that nodes starting together do not race, and refuses a schema
 * newer than it knows.
 */

#define G_LOG_DOMAIN "sori-store"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>
#include <string.h>

#include "sori-file.h"
#include "sori-metrics.h"
#include "sori-problem.h"
#include "sori-store-postgres-private.h"
#include "sori-tokens.h"

/* how soon a lost listener tries again, and at most */
#define RETRY_FIRST_MS 250
#define RETRY_MAX_MS   4000

enum { SIGNAL_CHANGED, SIGNAL_LAST };
static guint signals[SIGNAL_LAST];

static void sori_store_postgres_iface_init(SoriStoreInterface *iface);
static void sori_store_postgres_listen_start(SoriStorePostgres *self);

G_DEFINE_TYPE_WITH_CODE(SoriStorePostgres, sori_store_postgres, G_TYPE_OBJECT,
			G_IMPLEMENT_INTERFACE(SORI_TYPE_STORE, sori_store_postgres_iface_init))

/* a connection, its parameters added to the curator's conninfo: a database cut off
 * over TCP is noticed in seconds (keepalives, and an unanswered write given up) */
PGconn *
sori_store_postgres_connect_start(const gchar *conninfo, gboolean blocking)
{
	const gchar *keys[] = { "dbname",           "connect_timeout",  "application_name",
				"keepalives",       "keepalives_idle",  "keepalives_interval",
				"keepalives_count", "tcp_user_timeout", NULL };
	g_autofree gchar *timeout = g_strdup_printf("%d", CONNECT_TIMEOUT_S);
	const gchar *values[] = { conninfo, timeout, "sorid", "1", "5", "2", "2", "5000", NULL };

	return blocking ? PQconnectdbParams(keys, values, 1)
			: PQconnectStartParams(keys, values, 1);
}

static gchar *
sori_store_postgres_message(PGconn *conn)
{
	g_autofree gchar *text = g_strdup(conn != NULL ? PQerrorMessage(conn) : "out of memory");
	return g_strdup(g_strstrip(text));
}

/* what PostgreSQL said of @res, trimmed (libpq's own string is not ours to change) */
static gchar *
sori_store_postgres_result_message(const PGresult *res)
{
	g_autofree gchar *text
		= g_strdup(res != NULL ? PQresultErrorMessage(res) : "out of memory");
	return g_strdup(g_strstrip(text));
}

void
sori_store_postgres_fail_result(GError **error, const PGresult *res, const gchar *what)
{
	g_autofree gchar *message = sori_store_postgres_result_message(res);
	g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_STORAGE_FAILED, "%s: %s", what,
		    message);
}

/* the database is away: writes wait for it to come back */
gboolean
sori_store_postgres_unavailable(GError **error, PGconn *conn)
{
	g_autofree gchar *message = sori_store_postgres_message(conn);
	g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_STORE_UNAVAILABLE,
		    "the database is unavailable; try again shortly (%s)", message);
	return FALSE;
}

/* the write connection, made or mended */
PGconn *
sori_store_postgres_get_conn(SoriStorePostgres *self, GError **error)
{
	return sori_store_postgres_keep_conn(&self->conn, self->conninfo, STATEMENT_TIMEOUT, error);
}

/**
 * sori_store_postgres_keep_conn:
 * @conn: (inout): a blocking connection kept between calls
 * @statement_timeout: how long a statement may run, as PostgreSQL writes it
 *
 * Returns: (transfer none): @conn if it is still up, else a new one in its
 *	place with the session's settings, or %NULL with @error set
 */
PGconn *
sori_store_postgres_keep_conn(PGconn **conn, const gchar *conninfo, const gchar *statement_timeout,
			      GError **error)
{
	g_autofree gchar *settings = NULL;
	g_autoptr(PGresult) res = NULL;

	if (*conn != NULL && PQstatus(*conn) == CONNECTION_OK)
		return *conn;
	g_clear_pointer(conn, PQfinish);
	*conn = sori_store_postgres_connect_start(conninfo, TRUE);
	if (*conn == NULL || PQstatus(*conn) != CONNECTION_OK) {
		sori_store_postgres_unavailable(error, *conn);
		g_clear_pointer(conn, PQfinish);
		return NULL;
	}
	settings = g_strdup_printf("SET statement_timeout = '%s'; SET client_encoding = 'UTF8'",
				   statement_timeout);
	res = PQexec(*conn, settings);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		sori_store_postgres_unavailable(error, *conn);
		g_clear_pointer(conn, PQfinish);
		return NULL;
	}
	return *conn;
}

/* @res's failure as a GError: unavailable when the connection went, else what PostgreSQL said */
gboolean
sori_store_postgres_check(SoriStorePostgres *self, PGresult *res, ExecStatusType expected,
			  const gchar *what, GError **error)
{
	if (res != NULL && PQresultStatus(res) == expected)
		return TRUE;
	if (self->conn == NULL || PQstatus(self->conn) != CONNECTION_OK) {
		sori_store_postgres_unavailable(error, self->conn);
		g_clear_pointer(&self->conn, PQfinish);
		return FALSE;
	}
	{
		g_autofree gchar *message = sori_store_postgres_result_message(res);
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_STORAGE_FAILED, "%s: %s", what,
			    message);
	}
	return FALSE;
}

/* a statement with text parameters, on the write connection */
PGresult *
sori_store_postgres_exec(SoriStorePostgres *self, const gchar *sql, gint n_params,
			 const gchar *const *params, ExecStatusType expected, const gchar *what,
			 GError **error)
{
	PGconn *conn = sori_store_postgres_get_conn(self, error);
	PGresult *res;

	if (conn == NULL)
		return NULL;
	res = PQexecParams(conn, sql, n_params, NULL, params, NULL, NULL, 0);
	if (!sori_store_postgres_check(self, res, expected, what, error)) {
		PQclear(res);
		return NULL;
	}
	return res;
}

gboolean
sori_store_postgres_command(SoriStorePostgres *self, const gchar *sql, gint n_params,
			    const gchar *const *params, const gchar *what, GError **error)
{
	g_autoptr(PGresult) res = sori_store_postgres_exec(self, sql, n_params, params,
							   PGRES_COMMAND_OK, what, error);
	return res != NULL;
}

/* tells every node, at commit */
gboolean
sori_store_postgres_notify(SoriStorePostgres *self, const gchar *channel, const gchar *payload,
			   GError **error)
{
	const gchar *params[] = { channel, payload };
	g_autoptr(PGresult) res
		= sori_store_postgres_exec(self, "SELECT pg_notify($1, $2)", 2, params,
					   PGRES_TUPLES_OK, "telling the other nodes", error);
	return res != NULL;
}

/* a write, refused at once while the listener knows the database is away */
gboolean
sori_store_postgres_may_write(SoriStorePostgres *self, GError **error)
{
	if (self->listening || !self->listen_wanted)
		return TRUE;
	g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_STORE_UNAVAILABLE,
		    "the database is unavailable; this node goes on serving what it has, and "
		    "takes changes again when it is back");
	return FALSE;
}

void
sori_store_postgres_rollback(SoriStorePostgres *self)
{
	if (self->conn != NULL && PQstatus(self->conn) == CONNECTION_OK) {
		g_autoptr(PGresult) res = PQexec(self->conn, "ROLLBACK");
	}
}

/* ---- the listener ---- */

static void
sori_store_postgres_listen_stop(SoriStorePostgres *self)
{
	g_clear_handle_id(&self->listener_watch, g_source_remove);
	g_clear_pointer(&self->listener, PQfinish);
	self->listening = FALSE;
}

static gboolean
sori_store_postgres_retry_cb(gpointer user_data)
{
	SoriStorePostgres *self = user_data;
	self->retry_source = 0;
	sori_store_postgres_listen_start(self);
	return G_SOURCE_REMOVE;
}

/* the listener is lost: serve on, try again, a little later each time */
static void
sori_store_postgres_listen_lost(SoriStorePostgres *self, const gchar *why)
{
	if (self->listening)
		g_warning("lost the database (%s): serving what this node has, refusing changes "
			  "until it is back",
			  why);
	sori_metrics_add(SORI_METRIC_DATABASE_LOST, 0, 1);
	sori_metrics_set_database_state(SORI_METRICS_DATABASE_CONNECTING);
	sori_store_postgres_listen_stop(self);
	if (self->retry_source == 0) {
		self->retry_source
			= g_timeout_add(self->retry_ms, sori_store_postgres_retry_cb, self);
		self->retry_ms = MIN(self->retry_ms * 2, RETRY_MAX_MS);
	}
}

static void sori_store_postgres_watch(SoriStorePostgres *self, GIOCondition condition);

static gboolean
sori_store_postgres_listener_cb(gint fd, GIOCondition condition, gpointer user_data)
{
	SoriStorePostgres *self = user_data;
	PGnotify *notify;

	self->listener_watch = 0;
	if (!self->listening) {
		/* still connecting */
		self->polling = PQconnectPoll(self->listener);
		switch (self->polling) {
		case PGRES_POLLING_READING:
			sori_store_postgres_watch(self, G_IO_IN);
			return G_SOURCE_REMOVE;
		case PGRES_POLLING_WRITING:
			sori_store_postgres_watch(self, G_IO_OUT);
			return G_SOURCE_REMOVE;
		case PGRES_POLLING_OK: {
			g_autoptr(PGresult) res
				= PQexec(self->listener, "LISTEN sori_live; LISTEN sori_tokens");
			if (PQresultStatus(res) != PGRES_COMMAND_OK
			    || PQsetnonblocking(self->listener, 1) != 0) {
				g_autofree gchar *why = sori_store_postgres_message(self->listener);
				sori_store_postgres_listen_lost(self, why);
				return G_SOURCE_REMOVE;
			}
			self->listening = TRUE;
			self->retry_ms = RETRY_FIRST_MS;
			sori_metrics_set_database_state(SORI_METRICS_DATABASE_UP);
			g_message("listening to the database for other nodes' changes");
			/* what was missed while away is not replayed: everything again */
			{
				g_autoptr(GError) error = NULL;
				if (!sori_store_postgres_read_tokens(self, &error))
					g_warning("reloading the tokens: %s", error->message);
			}
			g_signal_emit(self, signals[SIGNAL_CHANGED], 0, "*");
			sori_store_postgres_watch(self, G_IO_IN);
			return G_SOURCE_REMOVE;
		}
		case PGRES_POLLING_FAILED:
		case PGRES_POLLING_ACTIVE:
		default: {
			g_autofree gchar *why = sori_store_postgres_message(self->listener);
			sori_store_postgres_listen_lost(self, why);
			return G_SOURCE_REMOVE;
		}
		}
	}
	if (!PQconsumeInput(self->listener) || PQstatus(self->listener) != CONNECTION_OK) {
		g_autofree gchar *why = sori_store_postgres_message(self->listener);
		sori_store_postgres_listen_lost(self, why);
		return G_SOURCE_REMOVE;
	}
	while ((notify = PQnotifies(self->listener)) != NULL) {
		g_autofree gchar *channel = g_strdup(notify->relname);
		g_autofree gchar *payload = g_strdup(notify->extra);
		PQfreemem(notify);
		g_debug("database: %s %s", channel, payload);
		sori_metrics_add(SORI_METRIC_DATABASE_NOTIFICATIONS,
				 g_str_equal(channel, "sori_tokens") ? SORI_METRICS_CHANNEL_TOKENS
								     : SORI_METRICS_CHANNEL_LIVE,
				 1);
		if (g_str_equal(channel, "sori_tokens")) {
			g_autoptr(GError) error = NULL;
			if (!sori_store_postgres_read_tokens(self, &error))
				g_warning("reloading the tokens: %s", error->message);
		} else {
			g_signal_emit(self, signals[SIGNAL_CHANGED], 0, payload);
		}
	}
	sori_store_postgres_watch(self, G_IO_IN);
	return G_SOURCE_REMOVE;
}

static void
sori_store_postgres_watch(SoriStorePostgres *self, GIOCondition condition)
{
	gint fd = PQsocket(self->listener);
	if (fd < 0) {
		sori_store_postgres_listen_lost(self, "no socket");
		return;
	}
	self->listener_watch = g_unix_fd_add(fd, condition | G_IO_HUP | G_IO_ERR,
					     sori_store_postgres_listener_cb, self);
}

static void
sori_store_postgres_listen_start(SoriStorePostgres *self)
{
	sori_store_postgres_listen_stop(self);
	self->listener = sori_store_postgres_connect_start(self->conninfo, FALSE);
	if (self->listener == NULL || PQstatus(self->listener) == CONNECTION_BAD) {
		g_autofree gchar *why = sori_store_postgres_message(self->listener);
		sori_store_postgres_listen_lost(self, why);
		return;
	}
	/* PQconnectStart wants to be polled first as if writing */
	sori_store_postgres_watch(self, G_IO_OUT);
}

/**
 * sori_store_postgres_is_listening:
 *
 * Returns: whether this node hears other nodes' changes (the database is up)
 */
gboolean
sori_store_postgres_is_listening(SoriStorePostgres *self)
{
	return self->listening;
}

static const gchar *
sori_store_postgres_get_health(SoriStore *store)
{
	return sori_store_postgres_is_listening(SORI_STORE_POSTGRES(store)) ? "connected" : "away";
}

/* ---- venues and revisions ---- */

static GBytes *
sori_store_postgres_bytes(PGresult *res, gint row, gint column)
{
	return g_bytes_new(PQgetvalue(res, row, column), (gsize) PQgetlength(res, row, column));
}

static GBytes *
sori_store_postgres_get_catalogue(SoriStore *store, const gchar *venue, GError **error)
{
	SoriStorePostgres *self = SORI_STORE_POSTGRES(store);
	const gchar *params[] = { venue };
	g_autoptr(PGresult) res = sori_store_postgres_exec(
		self,
		"SELECT r.document FROM sori_live l JOIN sori_revisions r"
		" ON r.venue = l.venue AND r.id = l.revision WHERE l.venue = $1",
		1, params, PGRES_TUPLES_OK, "reading the catalogue", error);

	if (res == NULL)
		return NULL;
	if (PQntuples(res) == 0) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_UNKNOWN_VENUE,
			    "there is no venue '%s'", venue);
		return NULL;
	}
	return sori_store_postgres_bytes(res, 0, 0);
}

/**
 * sori_store_postgres_load_live:
 * @known: (nullable) (element-type utf8 utf8): venue → the digest of the catalogue
 *	served now, which is not read again when it is still the live one
 * @documents: (out) (element-type utf8 GBytes): venue → its live catalogue, or
 *	%NULL for a venue of @known whose catalogue did not change
 * @modified: (out) (element-type utf8 gint64): venue → when it went live, seconds
 *
 * Reads what changed only: a publish on any node costs every node one small
 * query and the one catalogue that changed, however many venues there are.
 *
 * Returns: %FALSE with @error when the database could not be read
 */
gboolean
sori_store_postgres_load_live(SoriStorePostgres *self, GHashTable *known, GHashTable **documents,
			      GHashTable **modified, GError **error)
{
	g_autoptr(PGresult) res = sori_store_postgres_exec(
		self, "SELECT venue, revision, extract(epoch FROM changed)::bigint FROM sori_live",
		0, NULL, PGRES_TUPLES_OK, "reading the live catalogues", error);
	g_autoptr(GHashTable) docs = NULL;
	g_autoptr(GHashTable) when = NULL;

	if (res == NULL)
		return FALSE;
	docs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
				     (GDestroyNotify) g_bytes_unref);
	when = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	for (gint i = 0; i < PQntuples(res); i++) {
		const gchar *venue = PQgetvalue(res, i, 0);
		const gchar *revision = PQgetvalue(res, i, 1);
		const gchar *digest = known != NULL ? g_hash_table_lookup(known, venue) : NULL;
		gint64 *at = g_new(gint64, 1);
		const gchar *dash = strrchr(revision, '-');

		*at = g_ascii_strtoll(PQgetvalue(res, i, 2), NULL, 10);
		g_hash_table_insert(when, g_strdup(venue), at);
		/* a revision's id ends in the first 12 hex digits of its digest */
		if (digest != NULL && dash != NULL && strlen(dash + 1) == 12
		    && g_str_has_prefix(digest, dash + 1)) {
			g_hash_table_insert(docs, g_strdup(venue), NULL);
			continue;
		}
		{
			const gchar *params[] = { venue, revision };
			g_autoptr(PGresult) doc = sori_store_postgres_exec(
				self,
				"SELECT document FROM sori_revisions WHERE venue = $1 AND id = $2",
				2, params, PGRES_TUPLES_OK, "reading a live catalogue", error);
			if (doc == NULL)
				return FALSE;
			if (PQntuples(doc) != 1)
				continue;
			g_hash_table_insert(docs, g_strdup(venue),
					    sori_store_postgres_bytes(doc, 0, 0));
		}
	}
	*documents = g_steal_pointer(&docs);
	*modified = g_steal_pointer(&when);
	return TRUE;
}

static GPtrArray *
sori_store_postgres_list_revisions(SoriStore *store, const gchar *venue)
{
	SoriStorePostgres *self = SORI_STORE_POSTGRES(store);
	const gchar *params[] = { venue };
	g_autoptr(GError) error = NULL;
	g_autoptr(PGresult) res = sori_store_postgres_exec(
		self, "SELECT id FROM sori_revisions WHERE venue = $1 ORDER BY id DESC", 1, params,
		PGRES_TUPLES_OK, "listing revisions", &error);
	GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);

	if (res == NULL) {
		g_warning("%s", error->message);
		return ids;
	}
	for (gint i = 0; i < PQntuples(res); i++)
		g_ptr_array_add(ids, g_strdup(PQgetvalue(res, i, 0)));
	return ids;
}

/* the same transaction as sori_store_postgres_publish_async(), on this thread */
static gboolean
sori_store_postgres_publish(SoriStore *store, const gchar *venue, GBytes *document,
			    const gchar *digest, const gchar *who, const gchar *action,
			    gchar **revision, GError **error)
{
	SoriStorePostgres *self = SORI_STORE_POSTGRES(store);
	PGconn *conn;

	if (!sori_store_postgres_may_write(self, error))
		return FALSE;
	conn = sori_store_postgres_get_conn(self, error);
	if (conn == NULL)
		return FALSE;
	*revision
		= sori_store_postgres_publish_on(conn, venue, document, digest, who, action, error);
	if (PQstatus(conn) != CONNECTION_OK)
		g_clear_pointer(&self->conn, PQfinish);
	return *revision != NULL;
}

static gboolean
sori_store_postgres_delete_venue(SoriStore *store, const gchar *venue, const gchar *who,
				 GError **error)
{
	SoriStorePostgres *self = SORI_STORE_POSTGRES(store);
	const gchar *params[] = { venue };
	const gchar *audit_params[] = { who, venue };
	g_autoptr(PGresult) res = NULL;

	if (!sori_store_postgres_may_write(self, error)
	    || !sori_store_postgres_command(self, "BEGIN", 0, NULL, "deleting", error))
		return FALSE;
	res = sori_store_postgres_exec(self, "DELETE FROM sori_live WHERE venue = $1", 1, params,
				       PGRES_COMMAND_OK, "deleting", error);
	if (res == NULL) {
		sori_store_postgres_rollback(self);
		return FALSE;
	}
	if (g_strcmp0(PQcmdTuples(res), "0") == 0) {
		sori_store_postgres_rollback(self);
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_UNKNOWN_VENUE,
			    "there is no venue '%s'", venue);
		return FALSE;
	}
	/* a deleted venue is no node's to start: its summaries go too */
	if (!sori_store_postgres_command(self, "DELETE FROM sori_summaries WHERE venue = $1", 1,
					 params, "deleting", error)
	    || !sori_store_postgres_command(self,
					    "INSERT INTO sori_audit (who, venue, action)"
					    " VALUES ($1, $2, 'delete')",
					    2, audit_params, "the audit log", error)
	    || !sori_store_postgres_notify(self, "sori_live", venue, error)) {
		sori_store_postgres_rollback(self);
		return FALSE;
	}
	return sori_store_postgres_command(self, "COMMIT", 0, NULL, "deleting", error);
}

static GBytes *
sori_store_postgres_get_revision(SoriStore *store, const gchar *venue, const gchar *revision,
				 GError **error)
{
	SoriStorePostgres *self = SORI_STORE_POSTGRES(store);
	const gchar *params[] = { venue, revision };
	g_autoptr(PGresult) res = NULL;

	if (!sori_store_revision_id_is_valid(revision)) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_UNKNOWN_REVISION,
			    "venue '%s' has no revision '%s'", venue, revision);
		return NULL;
	}
	res = sori_store_postgres_exec(
		self, "SELECT document FROM sori_revisions WHERE venue = $1 AND id = $2", 2, params,
		PGRES_TUPLES_OK, "reading the revision", error);
	if (res == NULL)
		return NULL;
	if (PQntuples(res) == 0) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_UNKNOWN_REVISION,
			    "venue '%s' has no revision '%s'", venue, revision);
		return NULL;
	}
	return sori_store_postgres_bytes(res, 0, 0);
}

static void
sori_store_postgres_prune_revisions(SoriStore *store, const gchar *venue, const gchar *keep)
{
	SoriStorePostgres *self = SORI_STORE_POSTGRES(store);
	g_autofree gchar *kept = g_strdup_printf("%u", self->revisions_kept);
	const gchar *params[] = { venue, keep, kept };
	g_autoptr(GError) error = NULL;

	if (!sori_store_postgres_command(self, PRUNE_SQL, 3, params, "pruning revisions", &error))
		g_message("%s, ignoring", error->message);
}

static gboolean
sori_store_postgres_append_audit(SoriStore *store, const gchar *who, const gchar *venue,
				 const gchar *action, const gchar *revision, GError **error)
{
	SoriStorePostgres *self = SORI_STORE_POSTGRES(store);
	const gchar *params[] = { who, venue, action, revision };

	return sori_store_postgres_command(
		self,
		"INSERT INTO sori_audit (who, venue, action, revision) VALUES ($1, $2, $3, $4)", 4,
		params, "the audit log", error);
}

static GPtrArray *
sori_store_postgres_list_audit(SoriStore *store, const gchar *venue, guint max_entries)
{
	SoriStorePostgres *self = SORI_STORE_POSTGRES(store);
	g_autofree gchar *limit = g_strdup_printf("%u", max_entries);
	const gchar *params[] = { venue, limit };
	g_autoptr(GError) error = NULL;
	g_autoptr(PGresult) res = sori_store_postgres_exec(
		self,
		"SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),"
		" who, venue, action, revision FROM sori_audit WHERE venue = $1"
		" ORDER BY id DESC LIMIT $2::bigint",
		2, params, PGRES_TUPLES_OK, "reading the audit log", &error);
	GPtrArray *entries = g_ptr_array_new_with_free_func((GDestroyNotify) json_object_unref);

	if (res == NULL) {
		g_warning("%s", error->message);
		return entries;
	}
	for (gint i = 0; i < PQntuples(res); i++) {
		JsonObject *entry = json_object_new();
		json_object_set_string_member(entry, "time", PQgetvalue(res, i, 0));
		json_object_set_string_member(entry, "token", PQgetvalue(res, i, 1));
		json_object_set_string_member(entry, "venue", PQgetvalue(res, i, 2));
		json_object_set_string_member(entry, "action", PQgetvalue(res, i, 3));
		if (PQgetisnull(res, i, 4))
			json_object_set_null_member(entry, "revision");
		else
			json_object_set_string_member(entry, "revision", PQgetvalue(res, i, 4));
		g_ptr_array_add(entries, entry);
	}
	return entries;
}

/**
 * sori_store_postgres_get_tokens:
 *
 * Returns: (transfer none): the tokens as last read
 */
SoriTokens *
sori_store_postgres_get_tokens(SoriStorePostgres *self)
{
	return self->tokens;
}

const gchar *
sori_store_postgres_get_conninfo(SoriStorePostgres *self)
{
	return self->conninfo;
}

/* as read when the store was made, and again at each NOTIFY */
static SoriTokens *
sori_store_postgres_iface_get_tokens(SoriStore *store, GError **error)
{
	return sori_store_postgres_get_tokens(SORI_STORE_POSTGRES(store));
}

static gboolean
sori_store_postgres_iface_edit_tokens(SoriStore *store, SoriStoreTokensFunc edit,
				      gpointer user_data, GError **error)
{
	return sori_store_postgres_edit_tokens(SORI_STORE_POSTGRES(store), edit, user_data, error);
}

static void
sori_store_postgres_iface_init(SoriStoreInterface *iface)
{
	iface->get_catalogue = sori_store_postgres_get_catalogue;
	iface->publish = sori_store_postgres_publish;
	iface->delete_venue = sori_store_postgres_delete_venue;
	iface->list_revisions = sori_store_postgres_list_revisions;
	iface->get_revision = sori_store_postgres_get_revision;
	iface->prune_revisions = sori_store_postgres_prune_revisions;
	iface->append_audit = sori_store_postgres_append_audit;
	iface->list_audit = sori_store_postgres_list_audit;
	iface->put_media = sori_store_postgres_put_media;
	iface->get_media = sori_store_postgres_get_media;
	iface->begin_media = sori_store_postgres_begin_media;
	iface->commit_media = sori_store_postgres_commit_media;
	iface->reload_tokens = sori_store_postgres_reload_tokens;
	iface->verify_token = sori_store_postgres_verify_token;
	iface->publish_async = sori_store_postgres_publish_async;
	iface->publish_finish = sori_store_postgres_publish_finish;
	iface->commit_media_async = sori_store_postgres_commit_media_async;
	iface->commit_media_finish = sori_store_postgres_commit_media_finish;
	iface->get_health = sori_store_postgres_get_health;
	iface->get_tokens = sori_store_postgres_iface_get_tokens;
	iface->edit_tokens = sori_store_postgres_iface_edit_tokens;
}

static void
sori_store_postgres_finalize(GObject *object)
{
	SoriStorePostgres *self = SORI_STORE_POSTGRES(object);

	sori_store_postgres_listen_stop(self);
	g_clear_handle_id(&self->retry_source, g_source_remove);
	g_clear_pointer(&self->conn, PQfinish);
	g_free(self->conninfo);
	g_free(self->media_dir);
	g_clear_object(&self->tokens);
	g_hash_table_unref(self->media);
	G_OBJECT_CLASS(sori_store_postgres_parent_class)->finalize(object);
}

static void
sori_store_postgres_class_init(SoriStorePostgresClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = sori_store_postgres_finalize;
	/**
	 * SoriStorePostgres::changed:
	 * @venue: the venue another node changed, or "*" for any (after a reconnection)
	 */
	signals[SIGNAL_CHANGED]
		= g_signal_new("changed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
			       NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
sori_store_postgres_init(SoriStorePostgres *self)
{
	self->tokens = sori_tokens_new(NULL);
	self->media = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
					    (GDestroyNotify) g_bytes_unref);
	self->retry_ms = RETRY_FIRST_MS;
}

/**
 * sori_store_postgres_new:
 * @conninfo: libpq's connection string or URI (`host=/run/postgresql dbname=sori`)
 * @media_dir: where this node keeps its copies of the uploads
 * @revisions_kept: revisions kept per venue, the live one always among them
 *
 * Connects, brings the schema up to date, reads the tokens, and starts
 * listening for other nodes' changes.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL when the database
 *	cannot be reached or its schema not brought up to date
 */
SoriStorePostgres *
sori_store_postgres_new(const gchar *conninfo, const gchar *media_dir, guint revisions_kept,
			GError **error)
{
	g_autoptr(SoriStorePostgres) self = g_object_new(SORI_TYPE_STORE_POSTGRES, NULL);

	self->conninfo = g_strdup(conninfo);
	self->media_dir = g_strdup(media_dir);
	self->revisions_kept = MAX(revisions_kept, 1);
	if (sori_store_postgres_migrate(conninfo, 0, error) == 0)
		return NULL;
	if (sori_store_postgres_get_conn(self, error) == NULL)
		return NULL;
	if (!sori_store_postgres_read_tokens(self, error))
		return NULL;
	return g_steal_pointer(&self);
}

/**
 * sori_store_postgres_listen:
 *
 * Starts hearing other nodes' changes (the ::changed signal), in the main
 * loop; until it is connected, and whenever it loses the database, writes
 * are refused with store-unavailable.
 */
void
sori_store_postgres_listen(SoriStorePostgres *self)
{
	self->listen_wanted = TRUE;
	sori_metrics_set_database_state(SORI_METRICS_DATABASE_CONNECTING);
	sori_store_postgres_listen_start(self);
}
