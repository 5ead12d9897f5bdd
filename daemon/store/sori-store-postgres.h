/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sori-store.h"
#include "sori-tokens.h"

G_BEGIN_DECLS

#define SORI_TYPE_STORE_POSTGRES (sori_store_postgres_get_type())
G_DECLARE_FINAL_TYPE(SoriStorePostgres, sori_store_postgres, SORI, STORE_POSTGRES, GObject)

/* the schema versions this sorid knows */
#define SORI_STORE_POSTGRES_SCHEMA_VERSION 5

guint sori_store_postgres_migrate(const gchar *conninfo, guint target, GError **error);
SoriStorePostgres *sori_store_postgres_new(const gchar *conninfo, const gchar *media_dir,
					   guint revisions_kept, GError **error);
void sori_store_postgres_listen(SoriStorePostgres *self);
gboolean sori_store_postgres_is_listening(SoriStorePostgres *self);
gboolean sori_store_postgres_load_live(SoriStorePostgres *self, GHashTable *known,
				       GHashTable **documents, GHashTable **modified,
				       GError **error);
GBytes *sori_store_postgres_read_document(SoriStorePostgres *self, const gchar *venue,
					  const gchar *digest, GError **error);
SoriTokens *sori_store_postgres_get_tokens(SoriStorePostgres *self);
gboolean sori_store_postgres_edit_tokens(SoriStorePostgres *self, SoriStoreTokensFunc edit,
					 gpointer user_data, GError **error);

gboolean sori_store_postgres_import_revision(SoriStorePostgres *self, const gchar *venue,
					     const gchar *revision, GBytes *document,
					     GError **error);
gboolean sori_store_postgres_import_live(SoriStorePostgres *self, const gchar *venue,
					 const gchar *revision, GError **error);
gboolean sori_store_postgres_import_audit(SoriStorePostgres *self, JsonObject *entry,
					  GError **error);
gboolean sori_store_postgres_import_media(SoriStorePostgres *self, const gchar *name,
					  const gchar *path, GError **error);
gboolean sori_store_postgres_import_tokens(SoriStorePostgres *self, const gchar *document,
					   GError **error);
GHashTable *sori_store_postgres_list_live(SoriStorePostgres *self, GError **error);
GPtrArray *sori_store_postgres_list_venues(SoriStorePostgres *self, GError **error);
GPtrArray *sori_store_postgres_list_media(SoriStorePostgres *self, GError **error);
gboolean sori_store_postgres_export_media(SoriStorePostgres *self, const gchar *name,
					  const gchar *path, GError **error);

gboolean sori_store_postgres_usage_add(SoriStorePostgres *self, const gchar *venue,
				       const gchar *day, GHashTable *deltas, GError **error);
GHashTable *sori_store_postgres_usage_counts(SoriStorePostgres *self, const gchar *venue,
					     const gchar *day, GError **error);
gchar *sori_store_postgres_usage_release(SoriStorePostgres *self, const gchar *venue,
					 const gchar *period, const gchar *first_day,
					 const gchar *document, GError **error);
gchar *sori_store_postgres_usage_since(SoriStorePostgres *self, const gchar *venue,
				       const gchar *day, GError **error);

G_END_DECLS
