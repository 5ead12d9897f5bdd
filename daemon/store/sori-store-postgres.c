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

/* seconds: how long a write waits for the database, and a statement may run */
#define CONNECT_TIMEOUT_S 3
#define STATEMENT_TIMEOUT "10s"
/* how soon a lost listener tries again, and at most */
#define RETRY_FIRST_MS 250
#define RETRY_MAX_MS   4000
/* uploads are written and read in chunks of this size */
#define MEDIA_CHUNK (1024 * 1024)
/* pg_advisory_xact_lock's key for migrations: "sori" */
#define MIGRATION_LOCK "1936683625"

/* each migration takes the schema from the version before it to its own */
static const gchar *const migrations[] = {
	/* 1: venues, revisions, the live pointers, audit, tokens, media */
	"CREATE TABLE sori_revisions ("
	"  venue text NOT NULL, id text NOT NULL, digest text NOT NULL,"
	"  document text NOT NULL, created timestamptz NOT NULL DEFAULT now(),"
	"  PRIMARY KEY (venue, id));"
	"CREATE TABLE sori_live ("
	"  venue text PRIMARY KEY, revision text NOT NULL,"
	"  changed timestamptz NOT NULL DEFAULT now(),"
	"  FOREIGN KEY (venue, revision) REFERENCES sori_revisions (venue, id));"
	"CREATE TABLE sori_audit ("
	"  id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(),"
	"  who text, venue text NOT NULL, action text NOT NULL, revision text);"
	"CREATE TABLE sori_tokens (id integer PRIMARY KEY CHECK (id = 1), document text NOT NULL);"
	"CREATE TABLE sori_media ("
	"  name text PRIMARY KEY, size bigint NOT NULL, created timestamptz NOT NULL DEFAULT "
	"now());"
	"CREATE TABLE sori_media_chunks ("
	"  name text NOT NULL REFERENCES sori_media ON DELETE CASCADE, n integer NOT NULL,"
	"  data bytea NOT NULL, PRIMARY KEY (name, n));",
	/* 2: a venue's history without reading everyone's */
	"CREATE INDEX sori_audit_venue ON sori_audit (venue, id);",
	/* 3: usage counts of every node, the releases drawn from them, when counting began */
	"CREATE TABLE sori_usage ("
	"  venue text NOT NULL, day date NOT NULL, key text NOT NULL, count bigint NOT NULL,"
	"  PRIMARY KEY (venue, day, key));"
	"CREATE TABLE sori_usage_releases ("
	"  venue text NOT NULL, period text NOT NULL, first_day date NOT NULL,"
	"  document text NOT NULL, PRIMARY KEY (venue, period, first_day));"
	"CREATE TABLE sori_usage_since (venue text PRIMARY KEY, day date NOT NULL);",
	/* 4: catalogues compressed with lz4, not pglz: a city's migrate twice as fast */
	"ALTER TABLE sori_revisions ALTER COLUMN document SET COMPRESSION lz4;",
};

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
	gboolean listen_wanted; /* a node; sorictl writes without listening */
};

enum { SIGNAL_CHANGED, SIGNAL_LAST };
static guint signals[SIGNAL_LAST];

static void sori_store_postgres_iface_init(SoriStoreInterface *iface);
static void sori_store_postgres_listen_start(SoriStorePostgres *self);
static gboolean sori_store_postgres_read_tokens(SoriStorePostgres *self, GError **error);

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

static void
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
	if (self->conn != NULL && PQstatus(self->conn) == CONNECTION_OK)
		return self->conn;
	g_clear_pointer(&self->conn, PQfinish);
	self->conn = sori_store_postgres_connect_start(self->conninfo, TRUE);
	if (self->conn == NULL || PQstatus(self->conn) != CONNECTION_OK) {
		sori_store_postgres_unavailable(error, self->conn);
		g_clear_pointer(&self->conn, PQfinish);
		return NULL;
	}
	{
		g_autoptr(PGresult) res
			= PQexec(self->conn, "SET statement_timeout = '" STATEMENT_TIMEOUT
					     "'; SET client_encoding = 'UTF8'");
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			sori_store_postgres_unavailable(error, self->conn);
			g_clear_pointer(&self->conn, PQfinish);
			return NULL;
		}
	}
	return self->conn;
}

/* @res's failure as a GError: unavailable when the connection went, else what PostgreSQL said */
static gboolean
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
static PGresult *
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

static gboolean
sori_store_postgres_command(SoriStorePostgres *self, const gchar *sql, gint n_params,
			    const gchar *const *params, const gchar *what, GError **error)
{
	g_autoptr(PGresult) res = sori_store_postgres_exec(self, sql, n_params, params,
							   PGRES_COMMAND_OK, what, error);
	return res != NULL;
}

/* tells every node, at commit */
static gboolean
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
static gboolean
sori_store_postgres_may_write(SoriStorePostgres *self, GError **error)
{
	if (self->listening || !self->listen_wanted)
		return TRUE;
	g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_STORE_UNAVAILABLE,
		    "the database is unavailable; this node goes on serving what it has, and "
		    "takes changes again when it is back");
	return FALSE;
}

static void
sori_store_postgres_rollback(SoriStorePostgres *self)
{
	if (self->conn != NULL && PQstatus(self->conn) == CONNECTION_OK) {
		g_autoptr(PGresult) res = PQexec(self->conn, "ROLLBACK");
	}
}

/* ---- the schema ---- */

/**
 * sori_store_postgres_migrate:
 * @conninfo: libpq's connection string or URI
 * @target: the version to stop at; 0 for the newest
 *
 * Brings the database's schema up to @target, one transaction for all.
 *
 * Returns: the version it is at, or 0 with @error set
 */
guint
sori_store_postgres_migrate(const gchar *conninfo, guint target, GError **error)
{
	g_autoptr(PGconn) conn = sori_store_postgres_connect_start(conninfo, TRUE);
	g_autoptr(PGresult) begin = NULL;
	g_autoptr(PGresult) version_res = NULL;
	g_autoptr(PGresult) commit = NULL;
	guint version;

	if (target == 0 || target > G_N_ELEMENTS(migrations))
		target = G_N_ELEMENTS(migrations);
	if (conn == NULL || PQstatus(conn) != CONNECTION_OK) {
		sori_store_postgres_unavailable(error, conn);
		return 0;
	}
	begin = PQexec(
		conn,
		"BEGIN; SELECT pg_advisory_xact_lock(" MIGRATION_LOCK ");"
		"SET LOCAL client_min_messages = warning;"
		"CREATE TABLE IF NOT EXISTS sori_schema (version integer NOT NULL);"
		"INSERT INTO sori_schema SELECT 0 WHERE NOT EXISTS (SELECT FROM sori_schema)");
	if (PQresultStatus(begin) != PGRES_COMMAND_OK) {
		sori_store_postgres_fail_result(error, begin, "preparing the schema");
		return 0;
	}
	version_res = PQexec(conn, "SELECT version FROM sori_schema");
	if (PQresultStatus(version_res) != PGRES_TUPLES_OK || PQntuples(version_res) != 1) {
		sori_store_postgres_fail_result(error, version_res, "reading the schema's version");
		return 0;
	}
	version = (guint) g_ascii_strtoull(PQgetvalue(version_res, 0, 0), NULL, 10);
	if (version > G_N_ELEMENTS(migrations)) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_STORAGE_FAILED,
			    "the database's schema is version %u, newer than this sorid knows "
			    "(%u): upgrade sorid",
			    version, (guint) G_N_ELEMENTS(migrations));
		return 0;
	}
	for (; version < target; version++) {
		g_autoptr(PGresult) step = PQexec(conn, migrations[version]);
		g_autofree gchar *set = NULL;
		g_autoptr(PGresult) bump = NULL;
		if (PQresultStatus(step) != PGRES_COMMAND_OK) {
			sori_store_postgres_fail_result(error, step, "migrating the schema");
			return 0;
		}
		set = g_strdup_printf("UPDATE sori_schema SET version = %u", version + 1);
		bump = PQexec(conn, set);
		if (PQresultStatus(bump) != PGRES_COMMAND_OK) {
			sori_store_postgres_fail_result(error, bump, "migrating the schema");
			return 0;
		}
		g_message("database schema migrated to version %u", version + 1);
	}
	commit = PQexec(conn, "COMMIT");
	if (PQresultStatus(commit) != PGRES_COMMAND_OK) {
		sori_store_postgres_fail_result(error, commit, "migrating the schema");
		return 0;
	}
	return version;
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

/* ---- venues and revisions ---- */

/* the live revision of any node's venue is never pruned (the foreign key) */
#define PRUNE_SQL                                                                                  \
	"DELETE FROM sori_revisions WHERE venue = $1 AND id <> $2"                                 \
	" AND id NOT IN (SELECT revision FROM sori_live WHERE venue = $1)"                         \
	" AND id NOT IN (SELECT id FROM sori_revisions WHERE venue = $1"                           \
	" ORDER BY id DESC LIMIT $3::integer)"

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

static gchar *sori_store_postgres_publish_on(PGconn *conn, const gchar *venue, GBytes *document,
					     const gchar *digest, const gchar *who,
					     const gchar *action, GError **error);

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
	if (!sori_store_postgres_command(self,
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

/* ---- media: chunks in the database, a copy on this node's disk ---- */

static gchar *
sori_store_postgres_media_path(SoriStorePostgres *self, const gchar *name)
{
	return g_build_filename(self->media_dir, name, NULL);
}

static gboolean sori_store_postgres_keep_media_on(PGconn *conn, const gchar *name,
						  const gchar *path, GCancellable *cancellable,
						  GError **error);

/* the upload at @path kept in the database, on this thread (sorictl, and no server) */
static gboolean
sori_store_postgres_put_file(SoriStorePostgres *self, const gchar *name, const gchar *path,
			     GError **error)
{
	PGconn *conn;
	gboolean ok;

	if (!sori_store_postgres_may_write(self, error))
		return FALSE;
	conn = sori_store_postgres_get_conn(self, error);
	if (conn == NULL)
		return FALSE;
	ok = sori_store_postgres_keep_media_on(conn, name, path, NULL, error);
	if (PQstatus(conn) != CONNECTION_OK)
		g_clear_pointer(&self->conn, PQfinish);
	return ok;
}

static gboolean
sori_store_postgres_put_media(SoriStore *store, const gchar *name, GBytes *data, GError **error)
{
	SoriStorePostgres *self = SORI_STORE_POSTGRES(store);
	g_autofree gchar *path = sori_store_postgres_media_path(self, name);

	if (g_mkdir_with_parents(self->media_dir, 0750) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "making %s: %s",
			    self->media_dir, g_strerror(errno));
		return FALSE;
	}
	if (!g_file_test(path, G_FILE_TEST_EXISTS)
	    && !sori_file_replace(path, g_bytes_get_data(data, NULL), g_bytes_get_size(data), 0644,
				  error))
		return FALSE;
	return sori_store_postgres_put_file(self, name, path, error);
}

/* ---- an upload kept in the database by a thread of its own ---- */

/* one statement on @conn, its failure as a GError */
static gboolean
sori_store_postgres_thread_exec(PGconn *conn, const gchar *sql, gint n_params,
				const gchar *const *values, const gint *lengths,
				const gint *formats, const gchar *what, GError **error)
{
	g_autoptr(PGresult) res
		= PQexecParams(conn, sql, n_params, NULL, values, lengths, formats, 0);

	if (PQresultStatus(res) == PGRES_COMMAND_OK)
		return TRUE;
	if (PQstatus(conn) != CONNECTION_OK)
		return sori_store_postgres_unavailable(error, conn);
	sori_store_postgres_fail_result(error, res, what);
	return FALSE;
}

typedef struct {
	gchar *conninfo;
	gchar *name;
	gchar *path;
} SoriStorePostgresKeep;

static void
sori_store_postgres_keep_free(SoriStorePostgresKeep *keep)
{
	g_free(keep->conninfo);
	g_free(keep->name);
	g_free(keep->path);
	g_free(keep);
}

/* in a thread, on a connection of its own: a large upload's chunks never hold the main loop */
/*
 * the upload at @path kept in the database as @name on @conn, one
 * transaction, chunk by chunk; content-addressed, so one that is there already
 * is this very file
 */
static gboolean
sori_store_postgres_keep_media_on(PGconn *conn, const gchar *name, const gchar *path,
				  GCancellable *cancellable, GError **error)
{
	g_autoptr(GMappedFile) mapped = g_mapped_file_new(path, FALSE, error);
	g_autofree gchar *size_text = NULL;
	g_autoptr(PGresult) res = NULL;
	const gchar *data;
	gsize size;

	if (mapped == NULL)
		return FALSE;
	data = g_mapped_file_get_contents(mapped);
	size = g_mapped_file_get_length(mapped);
	size_text = g_strdup_printf("%" G_GSIZE_FORMAT, size);
	if (!sori_store_postgres_thread_exec(conn, "BEGIN", 0, NULL, NULL, NULL,
					     "keeping the upload", error))
		return FALSE;
	{
		const gchar *params[] = { name, size_text };
		res = PQexecParams(conn,
				   "INSERT INTO sori_media (name, size) VALUES ($1, $2::bigint)"
				   " ON CONFLICT (name) DO NOTHING",
				   2, NULL, params, NULL, NULL, 0);
	}
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		if (PQstatus(conn) != CONNECTION_OK)
			sori_store_postgres_unavailable(error, conn);
		else
			sori_store_postgres_fail_result(error, res, "keeping the upload");
		sori_store_postgres_thread_exec(conn, "ROLLBACK", 0, NULL, NULL, NULL, "", NULL);
		return FALSE;
	}
	if (g_strcmp0(PQcmdTuples(res), "0") == 0)
		return sori_store_postgres_thread_exec(conn, "COMMIT", 0, NULL, NULL, NULL,
						       "keeping the upload", error);
	for (gsize at = 0, n = 0; at < size; at += MEDIA_CHUNK, n++) {
		g_autofree gchar *n_text = g_strdup_printf("%" G_GSIZE_FORMAT, n);
		const gchar *values[] = { name, n_text, data + at };
		const gint lengths[] = { 0, 0, (gint) MIN(MEDIA_CHUNK, size - at) };
		const gint formats[] = { 0, 0, 1 };
		if (g_cancellable_set_error_if_cancelled(cancellable, error)
		    || !sori_store_postgres_thread_exec(
			    conn,
			    "INSERT INTO sori_media_chunks (name, n, data) VALUES ($1, $2, $3)", 3,
			    values, lengths, formats, "keeping the upload", error)) {
			sori_store_postgres_thread_exec(conn, "ROLLBACK", 0, NULL, NULL, NULL, "",
							NULL);
			return FALSE;
		}
	}
	return sori_store_postgres_thread_exec(conn, "COMMIT", 0, NULL, NULL, NULL,
					       "keeping the upload", error);
}

/* in a thread, on a connection of its own: a large upload's chunks never hold the main loop */
static void
sori_store_postgres_keep_thread(GTask *task, gpointer source, gpointer task_data,
				GCancellable *cancellable)
{
	SoriStorePostgresKeep *keep = task_data;
	g_autoptr(PGconn) conn = sori_store_postgres_connect_start(keep->conninfo, TRUE);
	g_autoptr(GError) error = NULL;

	if (conn == NULL || PQstatus(conn) != CONNECTION_OK) {
		sori_store_postgres_unavailable(&error, conn);
		g_task_return_error(task, g_steal_pointer(&error));
		return;
	}
	if (!sori_store_postgres_thread_exec(conn,
					     "SET statement_timeout = '" STATEMENT_TIMEOUT "'", 0,
					     NULL, NULL, NULL, "keeping the upload", &error)
	    || !sori_store_postgres_keep_media_on(conn, keep->name, keep->path, cancellable,
						  &error)) {
		g_task_return_error(task, g_steal_pointer(&error));
		return;
	}
	g_task_return_boolean(task, TRUE);
}

/**
 * sori_store_postgres_keep_media_async:
 * @writer: (transfer none): the upload, written and hashed
 * @name: its content-addressed name
 *
 * Commits @writer to this node's copy at once, then keeps the upload in the
 * database in a thread of its own, so that a large upload never holds the
 * main loop (and every visitor) while its chunks are written.
 */
void
sori_store_postgres_keep_media_async(SoriStorePostgres *self, SoriFileWriter *writer,
				     const gchar *name, GCancellable *cancellable,
				     GAsyncReadyCallback callback, gpointer user_data)
{
	g_autoptr(GTask) task = g_task_new(self, cancellable, callback, user_data);
	g_autoptr(GError) error = NULL;
	SoriStorePostgresKeep *keep;
	g_autofree gchar *path = sori_store_postgres_media_path(self, name);

	if (!sori_store_postgres_may_write(self, &error)
	    || (!g_file_test(path, G_FILE_TEST_EXISTS)
		&& !sori_file_writer_commit(writer, path, &error))) {
		g_task_return_error(task, g_steal_pointer(&error));
		return;
	}
	keep = g_new0(SoriStorePostgresKeep, 1);
	keep->conninfo = g_strdup(self->conninfo);
	keep->name = g_strdup(name);
	keep->path = g_steal_pointer(&path);
	g_task_set_task_data(task, keep, (GDestroyNotify) sori_store_postgres_keep_free);
	g_task_run_in_thread(task, sori_store_postgres_keep_thread);
}

gboolean
sori_store_postgres_keep_media_finish(SoriStorePostgres *self, GAsyncResult *result, GError **error)
{
	g_return_val_if_fail(g_task_is_valid(result, self), FALSE);
	return g_task_propagate_boolean(G_TASK(result), error);
}

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
static gchar *
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
	}
	g_task_return_pointer(task, id, g_free);
}

/**
 * sori_store_postgres_publish_async:
 *
 * sori_store_publish() and the pruning of the oldest revisions in a thread
 * of its own, on a connection of its own: the main loop (and every visitor)
 * never waits for the database.
 */
void
sori_store_postgres_publish_async(SoriStorePostgres *self, const gchar *venue, GBytes *document,
				  const gchar *digest, const gchar *who, const gchar *action,
				  GAsyncReadyCallback callback, gpointer user_data)
{
	g_autoptr(GTask) task = g_task_new(self, NULL, callback, user_data);
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
	g_task_run_in_thread(task, sori_store_postgres_publish_thread);
}

/**
 * sori_store_postgres_publish_finish:
 *
 * Returns: (transfer full) (nullable): the revision made live
 */
gchar *
sori_store_postgres_publish_finish(SoriStorePostgres *self, GAsyncResult *result, GError **error)
{
	g_return_val_if_fail(g_task_is_valid(result, self), NULL);
	return g_task_propagate_pointer(G_TASK(result), error);
}

/* the upload from the database into this node's copy, a chunk at a time */
static gboolean
sori_store_postgres_fetch_media(SoriStorePostgres *self, const gchar *name, const gchar *path,
				GError **error)
{
	g_autoptr(SoriFileWriter) writer = NULL;
	g_autoptr(PGresult) count = NULL;
	const gchar *params[] = { name };
	gint64 n_chunks;

	count = sori_store_postgres_exec(self,
					 "SELECT count(*) FROM sori_media_chunks WHERE name = $1",
					 1, params, PGRES_TUPLES_OK, "reading the upload", error);
	if (count == NULL)
		return FALSE;
	n_chunks = g_ascii_strtoll(PQgetvalue(count, 0, 0), NULL, 10);
	if (n_chunks == 0) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_UNKNOWN_ROUTE, "no such media");
		return FALSE;
	}
	if (g_mkdir_with_parents(self->media_dir, 0750) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "making %s: %s",
			    self->media_dir, g_strerror(errno));
		return FALSE;
	}
	writer = sori_file_writer_new(self->media_dir, 0644, error);
	if (writer == NULL)
		return FALSE;
	for (gint64 n = 0; n < n_chunks; n++) {
		g_autofree gchar *n_text = g_strdup_printf("%" G_GINT64_FORMAT, n);
		const gchar *values[] = { name, n_text };
		g_autoptr(PGresult) res = PQexecParams(
			self->conn, "SELECT data FROM sori_media_chunks WHERE name = $1 AND n = $2",
			2, NULL, values, NULL, NULL, 1);
		if (!sori_store_postgres_check(self, res, PGRES_TUPLES_OK, "reading the upload",
					       error))
			return FALSE;
		if (PQntuples(res) != 1) {
			g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_STORAGE_FAILED,
				    "upload %s lacks its chunk %" G_GINT64_FORMAT, name, n);
			return FALSE;
		}
		if (!sori_file_writer_write(writer, (const guint8 *) PQgetvalue(res, 0, 0),
					    (gsize) PQgetlength(res, 0, 0), error))
			return FALSE;
	}
	return sori_file_writer_commit(writer, path, error);
}

static GBytes *
sori_store_postgres_get_media(SoriStore *store, const gchar *name, GError **error)
{
	SoriStorePostgres *self = SORI_STORE_POSTGRES(store);
	g_autofree gchar *path = sori_store_postgres_media_path(self, name);
	g_autoptr(GMappedFile) mapped = NULL;
	GBytes *bytes = g_hash_table_lookup(self->media, name);

	if (bytes != NULL)
		return g_bytes_ref(bytes);
	if (!g_file_test(path, G_FILE_TEST_IS_REGULAR)
	    && !sori_store_postgres_fetch_media(self, name, path, error))
		return NULL;
	mapped = g_mapped_file_new(path, FALSE, error);
	if (mapped == NULL)
		return NULL;
	bytes = g_mapped_file_get_bytes(mapped);
	if (g_hash_table_size(self->media) >= 64)
		g_hash_table_remove_all(self->media);
	g_hash_table_insert(self->media, g_strdup(name), g_bytes_ref(bytes));
	return bytes;
}

static SoriFileWriter *
sori_store_postgres_begin_media(SoriStore *store, GError **error)
{
	SoriStorePostgres *self = SORI_STORE_POSTGRES(store);

	if (!sori_store_postgres_may_write(self, error))
		return NULL;
	if (g_mkdir_with_parents(self->media_dir, 0750) != 0) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno), "making %s: %s",
			    self->media_dir, g_strerror(errno));
		return NULL;
	}
	return sori_file_writer_new(self->media_dir, 0644, error);
}

static gboolean
sori_store_postgres_commit_media(SoriStore *store, SoriFileWriter *writer, const gchar *name,
				 GError **error)
{
	SoriStorePostgres *self = SORI_STORE_POSTGRES(store);
	g_autofree gchar *path = sori_store_postgres_media_path(self, name);

	if (!g_file_test(path, G_FILE_TEST_EXISTS) && !sori_file_writer_commit(writer, path, error))
		return FALSE;
	return sori_store_postgres_put_file(self, name, path, error);
}

/* ---- tokens: one document, hashes only, told to every node ---- */

/* the tokens document, read again when a node changed it and after a reconnection */
static gboolean
sori_store_postgres_read_tokens(SoriStorePostgres *self, GError **error)
{
	g_autoptr(PGresult) res = NULL;

	res = sori_store_postgres_exec(self, "SELECT document FROM sori_tokens WHERE id = 1", 0,
				       NULL, PGRES_TUPLES_OK, "reading the tokens", error);
	if (res == NULL)
		return FALSE;
	if (PQntuples(res) == 0)
		return sori_tokens_load_data(self->tokens, "", 0, error);
	return sori_tokens_load_data(self->tokens, PQgetvalue(res, 0, 0),
				     (gsize) PQgetlength(res, 0, 0), error);
}

/* what every curator's request asks: the tokens in memory are current, since every
 * change is told (sori_tokens), and while the database is away the last ones count */
static gboolean
sori_store_postgres_reload_tokens(SoriStore *store, GError **error)
{
	return TRUE;
}

static const gchar *
sori_store_postgres_verify_token(SoriStore *store, const gchar *token, const gchar *venue,
				 gboolean *allowed)
{
	return sori_tokens_verify(SORI_STORE_POSTGRES(store)->tokens, token, venue, allowed);
}

/**
 * sori_store_postgres_edit_tokens:
 * @edit: (scope call): changes the tokens in memory; %FALSE with @error to change nothing
 *
 * Reads the tokens document under a row lock, lets @edit change it, writes
 * it back and tells every node, in one transaction: sorictl's token add and
 * revoke, from any machine, never lose another's change.
 */
gboolean
sori_store_postgres_edit_tokens(SoriStorePostgres *self, SoriStorePostgresTokensFunc edit,
				gpointer user_data, GError **error)
{
	g_autoptr(PGresult) res = NULL;
	g_autoptr(SoriTokens) tokens = sori_tokens_new(NULL);
	g_autofree gchar *text = NULL;

	if (!sori_store_postgres_command(self, "BEGIN", 0, NULL, "changing the tokens", error)
	    || !sori_store_postgres_command(
		    self,
		    "INSERT INTO sori_tokens (id, document) VALUES (1, '') ON CONFLICT DO NOTHING",
		    0, NULL, "changing the tokens", error))
		return FALSE;
	res = sori_store_postgres_exec(self,
				       "SELECT document FROM sori_tokens WHERE id = 1 FOR UPDATE",
				       0, NULL, PGRES_TUPLES_OK, "changing the tokens", error);
	if (res == NULL
	    || !sori_tokens_load_data(tokens, PQgetvalue(res, 0, 0), (gsize) PQgetlength(res, 0, 0),
				      error)
	    || !edit(tokens, user_data, error)) {
		sori_store_postgres_rollback(self);
		return FALSE;
	}
	text = sori_tokens_to_data(tokens);
	{
		const gchar *params[] = { text };
		if (!sori_store_postgres_command(
			    self, "UPDATE sori_tokens SET document = $1 WHERE id = 1", 1, params,
			    "changing the tokens", error)
		    || !sori_store_postgres_notify(self, "sori_tokens", "", error)) {
			sori_store_postgres_rollback(self);
			return FALSE;
		}
	}
	if (!sori_store_postgres_command(self, "COMMIT", 0, NULL, "changing the tokens", error))
		return FALSE;
	return sori_tokens_load_data(self->tokens, text, strlen(text), error);
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

/* ---- usage counts of every node ---- */

/**
 * sori_store_postgres_usage_add:
 * @deltas: (element-type utf8 guint): key → what this node counted since it last added
 *
 * Adds one node's counts of a day to everyone's, in one transaction.
 */
gboolean
sori_store_postgres_usage_add(SoriStorePostgres *self, const gchar *venue, const gchar *day,
			      GHashTable *deltas, GError **error)
{
	GHashTableIter iter;
	gpointer key;
	gpointer value;

	g_autoptr(GString) keys = g_string_new("{");
	g_autoptr(GString) counts = g_string_new("{");

	if (g_hash_table_size(deltas) == 0)
		return TRUE;
	/* one statement for the day, however many keys: arrays, quoted as PostgreSQL reads them */
	g_hash_table_iter_init(&iter, deltas);
	while (g_hash_table_iter_next(&iter, &key, &value)) {
		if (keys->len > 1) {
			g_string_append_c(keys, ',');
			g_string_append_c(counts, ',');
		}
		g_string_append_c(keys, '"');
		for (const gchar *p = key; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				g_string_append_c(keys, '\\');
			g_string_append_c(keys, *p);
		}
		g_string_append_c(keys, '"');
		g_string_append_printf(counts, "%u", GPOINTER_TO_UINT(value));
	}
	g_string_append_c(keys, '}');
	g_string_append_c(counts, '}');
	{
		const gchar *params[] = { venue, day, keys->str, counts->str };
		return sori_store_postgres_command(self,
						   "INSERT INTO sori_usage (venue, day, key, count)"
						   " SELECT $1, $2::date, k, n FROM "
						   "unnest($3::text[], $4::bigint[]) AS u (k, n)"
						   " ON CONFLICT (venue, day, key) DO UPDATE SET "
						   "count = sori_usage.count + EXCLUDED.count",
						   4, params, "adding usage counts", error);
	}
}

/**
 * sori_store_postgres_usage_counts:
 *
 * Returns: (transfer full) (element-type utf8 guint): key → every node's count of the day
 */
GHashTable *
sori_store_postgres_usage_counts(SoriStorePostgres *self, const gchar *venue, const gchar *day,
				 GError **error)
{
	const gchar *params[] = { venue, day };
	g_autoptr(PGresult) res = sori_store_postgres_exec(
		self, "SELECT key, count FROM sori_usage WHERE venue = $1 AND day = $2::date", 2,
		params, PGRES_TUPLES_OK, "reading usage counts", error);
	GHashTable *counts;

	if (res == NULL)
		return NULL;
	counts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	for (gint i = 0; i < PQntuples(res); i++) {
		guint64 n = g_ascii_strtoull(PQgetvalue(res, i, 1), NULL, 10);
		g_hash_table_insert(counts, g_strdup(PQgetvalue(res, i, 0)),
				    GUINT_TO_POINTER((guint) MIN(n, G_MAXUINT32)));
	}
	return counts;
}

/**
 * sori_store_postgres_usage_release:
 * @document: (nullable): a release just drawn, kept unless another node's is there
 *
 * Returns: (transfer full) (nullable): the period's release, the same for
 *	every node (the first drawn wins); %NULL with no @error when there is none
 */
gchar *
sori_store_postgres_usage_release(SoriStorePostgres *self, const gchar *venue, const gchar *period,
				  const gchar *first_day, const gchar *document, GError **error)
{
	const gchar *params[] = { venue, period, first_day, document };
	g_autoptr(PGresult) res = NULL;

	if (document != NULL
	    && !sori_store_postgres_command(
		    self,
		    "INSERT INTO sori_usage_releases (venue, period, first_day, document)"
		    " VALUES ($1, $2, $3::date, $4) ON CONFLICT DO NOTHING",
		    4, params, "keeping the release", error))
		return NULL;
	res = sori_store_postgres_exec(self,
				       "SELECT document FROM sori_usage_releases WHERE venue = $1"
				       " AND period = $2 AND first_day = $3::date",
				       3, params, PGRES_TUPLES_OK, "reading the release", error);
	if (res == NULL || PQntuples(res) == 0)
		return NULL;
	return g_strdup(PQgetvalue(res, 0, 0));
}

/**
 * sori_store_postgres_usage_since:
 * @day: (nullable): the day the venue is first seen counting, kept unless one is there
 *
 * Returns: (transfer full) (nullable): the day the venue began counting, on any node
 */
gchar *
sori_store_postgres_usage_since(SoriStorePostgres *self, const gchar *venue, const gchar *day,
				GError **error)
{
	const gchar *params[] = { venue, day };
	g_autoptr(PGresult) res = NULL;

	if (day != NULL
	    && !sori_store_postgres_command(self,
					    "INSERT INTO sori_usage_since (venue, day)"
					    " VALUES ($1, $2::date) ON CONFLICT DO NOTHING",
					    2, params, "noting when counting began", error))
		return NULL;
	res = sori_store_postgres_exec(
		self, "SELECT to_char(day, 'YYYY-MM-DD') FROM sori_usage_since WHERE venue = $1", 1,
		params, PGRES_TUPLES_OK, "reading when counting began", error);
	if (res == NULL || PQntuples(res) == 0)
		return NULL;
	return g_strdup(PQgetvalue(res, 0, 0));
}

/* ---- copying a data directory in and out (sorictl migrate) ---- */

/**
 * sori_store_postgres_import_revision:
 *
 * Keeps a revision as it was made elsewhere, its id unchanged; one already
 * there is left as it is (a migration started again goes on where it stopped).
 */
gboolean
sori_store_postgres_import_revision(SoriStorePostgres *self, const gchar *venue,
				    const gchar *revision, GBytes *document, GError **error)
{
	g_autofree gchar *digest = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, document);
	g_autofree gchar *text
		= g_strndup(g_bytes_get_data(document, NULL), g_bytes_get_size(document));
	const gchar *params[] = { venue, revision, digest, text };

	if (!sori_store_revision_id_is_valid(revision)) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_UNKNOWN_REVISION,
			    "'%s' is not a revision id", revision);
		return FALSE;
	}
	if (strlen(text) != g_bytes_get_size(document)) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_CATALOGUE,
			    "revision %s of %s holds a NUL byte", revision, venue);
		return FALSE;
	}
	return sori_store_postgres_command(
		self,
		"INSERT INTO sori_revisions (venue, id, digest, document)"
		" VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
		4, params, "copying a revision", error);
}

/**
 * sori_store_postgres_import_live:
 *
 * Makes @revision (kept already) the live one of @venue, and tells every node.
 */
gboolean
sori_store_postgres_import_live(SoriStorePostgres *self, const gchar *venue, const gchar *revision,
				GError **error)
{
	const gchar *params[] = { venue, revision };

	return sori_store_postgres_command(
		       self,
		       "INSERT INTO sori_live (venue, revision) VALUES ($1, $2)"
		       " ON CONFLICT (venue) DO UPDATE SET revision = $2, changed = now()",
		       2, params, "making a copied revision live", error)
	       && sori_store_postgres_notify(self, "sori_live", venue, error);
}

/**
 * sori_store_postgres_import_audit:
 * @entry: an audit entry, as SoriStore's list_audit gives them
 *
 * Copies an entry, unless the very same is there already.
 */
gboolean
sori_store_postgres_import_audit(SoriStorePostgres *self, JsonObject *entry, GError **error)
{
	const gchar *params[] = {
		json_object_get_string_member_with_default(entry, "time", NULL),
		json_object_get_string_member_with_default(entry, "token", NULL),
		json_object_get_string_member_with_default(entry, "venue", NULL),
		json_object_get_string_member_with_default(entry, "action", NULL),
		json_object_get_string_member_with_default(entry, "revision", NULL),
	};

	if (params[0] == NULL || params[2] == NULL || params[3] == NULL) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_BODY,
			    "an audit entry without its time, venue or action");
		return FALSE;
	}
	return sori_store_postgres_command(
		self,
		"INSERT INTO sori_audit (at, who, venue, action, revision)"
		" SELECT $1::timestamptz, $2, $3, $4, $5 WHERE NOT EXISTS (SELECT FROM sori_audit"
		" WHERE at = $1::timestamptz AND who IS NOT DISTINCT FROM $2 AND venue = $3"
		" AND action = $4 AND revision IS NOT DISTINCT FROM $5)",
		5, params, "copying the audit log", error);
}

/**
 * sori_store_postgres_import_media:
 * @path: the upload's file
 */
gboolean
sori_store_postgres_import_media(SoriStorePostgres *self, const gchar *name, const gchar *path,
				 GError **error)
{
	return sori_store_postgres_put_file(self, name, path, error);
}

/**
 * sori_store_postgres_import_tokens:
 * @document: a tokens document (names, hashes, venues)
 */
gboolean
sori_store_postgres_import_tokens(SoriStorePostgres *self, const gchar *document, GError **error)
{
	const gchar *params[] = { document };

	return sori_tokens_load_data(self->tokens, document, strlen(document), error)
	       && sori_store_postgres_command(
		       self,
		       "INSERT INTO sori_tokens (id, document) VALUES (1, $1)"
		       " ON CONFLICT (id) DO UPDATE SET document = $1",
		       1, params, "copying the tokens", error)
	       && sori_store_postgres_notify(self, "sori_tokens", "", error);
}

/**
 * sori_store_postgres_list_live:
 *
 * Returns: (transfer full) (element-type utf8 utf8): venue → its live revision
 */
GHashTable *
sori_store_postgres_list_live(SoriStorePostgres *self, GError **error)
{
	g_autoptr(PGresult) res = sori_store_postgres_exec(
		self, "SELECT venue, revision FROM sori_live ORDER BY venue", 0, NULL,
		PGRES_TUPLES_OK, "listing the venues", error);
	GHashTable *live;

	if (res == NULL)
		return NULL;
	live = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	for (gint i = 0; i < PQntuples(res); i++)
		g_hash_table_insert(live, g_strdup(PQgetvalue(res, i, 0)),
				    g_strdup(PQgetvalue(res, i, 1)));
	return live;
}

/**
 * sori_store_postgres_list_venues:
 *
 * Returns: (transfer full) (element-type utf8): every venue with revisions, live or not
 */
GPtrArray *
sori_store_postgres_list_venues(SoriStorePostgres *self, GError **error)
{
	g_autoptr(PGresult) res = sori_store_postgres_exec(
		self, "SELECT DISTINCT venue FROM sori_revisions ORDER BY venue", 0, NULL,
		PGRES_TUPLES_OK, "listing the venues", error);
	GPtrArray *venues;

	if (res == NULL)
		return NULL;
	venues = g_ptr_array_new_with_free_func(g_free);
	for (gint i = 0; i < PQntuples(res); i++)
		g_ptr_array_add(venues, g_strdup(PQgetvalue(res, i, 0)));
	return venues;
}

/**
 * sori_store_postgres_list_media:
 *
 * Returns: (transfer full) (element-type utf8): every upload's name
 */
GPtrArray *
sori_store_postgres_list_media(SoriStorePostgres *self, GError **error)
{
	g_autoptr(PGresult) res
		= sori_store_postgres_exec(self, "SELECT name FROM sori_media ORDER BY name", 0,
					   NULL, PGRES_TUPLES_OK, "listing the uploads", error);
	GPtrArray *names;

	if (res == NULL)
		return NULL;
	names = g_ptr_array_new_with_free_func(g_free);
	for (gint i = 0; i < PQntuples(res); i++)
		g_ptr_array_add(names, g_strdup(PQgetvalue(res, i, 0)));
	return names;
}

/**
 * sori_store_postgres_export_media:
 * @path: where the upload's bytes go
 */
gboolean
sori_store_postgres_export_media(SoriStorePostgres *self, const gchar *name, const gchar *path,
				 GError **error)
{
	return sori_store_postgres_fetch_media(self, name, path, error);
}
