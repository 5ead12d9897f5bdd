/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The PostgreSQL store's schema: each migration from one version to the next,
 * all in one transaction under an advisory lock.
 */

#define G_LOG_DOMAIN "sori-store"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sori-file.h"
#include "sori-metrics.h"
#include "sori-problem.h"
#include "sori-store-postgres-private.h"
#include "sori-tokens.h"

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
