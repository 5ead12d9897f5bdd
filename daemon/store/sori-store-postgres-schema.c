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
#include "sori-store-schema-resources.h"
#include "sori-tokens.h"

/* pg_advisory_xact_lock's key for migrations: "sori" */
#define MIGRATION_LOCK "1936683625"

/* each migration takes the schema from the version before it to its own:
 * schema/NNN-*.sql, compiled in (sori-store-schema.gresource.xml) and
 * registered when first needed */
/* one version a line */
/* clang-format off */
static const gchar *const migrations[] = {
	"/org/sori/store/schema/001-tables.sql",
	"/org/sori/store/schema/002-audit-by-venue.sql",
	"/org/sori/store/schema/003-usage.sql",
	"/org/sori/store/schema/004-lz4.sql",
	"/org/sori/store/schema/005-summaries.sql",
};
/* clang-format on */

/* a migration's SQL, as one string for PQexec() */
static gchar *
sori_store_postgres_schema_sql(guint version, GError **error)
{
	static gsize registered = 0;
	g_autoptr(GBytes) bytes = NULL;

	if (g_once_init_enter(&registered)) {
		sori_store_schema_register_resource();
		g_once_init_leave(&registered, 1);
	}
	bytes = g_resources_lookup_data(migrations[version], G_RESOURCE_LOOKUP_FLAGS_NONE, error);
	if (bytes == NULL)
		return NULL;
	return g_strndup(g_bytes_get_data(bytes, NULL), g_bytes_get_size(bytes));
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
		g_autofree gchar *sql = sori_store_postgres_schema_sql(version, error);
		g_autoptr(PGresult) step = NULL;
		g_autofree gchar *set = NULL;
		g_autoptr(PGresult) bump = NULL;
		/* compiled in: only a broken build lacks it */
		if (sql == NULL)
			return 0;
		step = PQexec(conn, sql);
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
