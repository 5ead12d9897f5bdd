/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The PostgreSQL store: a data directory copied in and out (sorictl migrate):
 * revisions, live pointers, audit, tokens and media.
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

	return sori_tokens_load_data(sori_store_postgres_get_tokens(self), document,
				     strlen(document), error)
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
