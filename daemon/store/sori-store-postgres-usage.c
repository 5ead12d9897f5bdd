/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The PostgreSQL store: everyone's usage counts, each node adding what it
 * counted, the released days and when counting began.
 */

#define G_LOG_DOMAIN "sori-store"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sori-file.h"
#include "sori-problem.h"
#include "sori-store-postgres-private.h"
#include "sori-tokens.h"

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
