/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sori-file.h"
#include "sori-tokens.h"

G_BEGIN_DECLS

/* a revision id: "<UTC time>-<the first 12 hex digits of its SHA-256>" */
#define SORI_STORE_REVISION_ID_LEN 29

#define SORI_TYPE_STORE (sori_store_get_type())
G_DECLARE_INTERFACE(SoriStore, sori_store, SORI, STORE, GObject)

/* changes @tokens in memory; %FALSE with @error to change nothing */
typedef gboolean (*SoriStoreTokensFunc)(SoriTokens *tokens, gpointer user_data, GError **error);

/**
 * SoriStoreInterface:
 *
 * Where curators' work is kept: each venue's live catalogue and its
 * revisions, the tokens, the audit log and uploaded media. Files in the data
 * directory are the embedded default (SoriStoreFiles), PostgreSQL the store of
 * many nodes (SoriStorePostgres); every method
 * fails with a GIO or %SORI_PROBLEM_ERROR error that names what failed.
 *
 * The asynchronous methods, the health and the tokens' editing have defaults
 * (sori-store.c) built on the synchronous methods, for a store whose writes
 * may run in a worker thread one at a time, as the files store's do; a store
 * that talks to a server overrides them.
 */
struct _SoriStoreInterface {
	GTypeInterface parent_iface;

	GBytes *(*get_catalogue)(SoriStore *self, const gchar *venue, GError **error);
	gboolean (*publish)(SoriStore *self, const gchar *venue, GBytes *document,
			    const gchar *digest, const gchar *who, const gchar *action,
			    gchar **revision, GError **error);
	gboolean (*delete_venue)(SoriStore *self, const gchar *venue, const gchar *who,
				 GError **error);
	GPtrArray *(*list_revisions)(SoriStore *self, const gchar *venue);
	GBytes *(*get_revision)(SoriStore *self, const gchar *venue, const gchar *revision,
				GError **error);
	void (*prune_revisions)(SoriStore *self, const gchar *venue, const gchar *keep);
	gboolean (*append_audit)(SoriStore *self, const gchar *who, const gchar *venue,
				 const gchar *action, const gchar *revision, GError **error);
	GPtrArray *(*list_audit)(SoriStore *self, const gchar *venue, guint max_entries);
	gboolean (*put_media)(SoriStore *self, const gchar *name, GBytes *data, GError **error);
	GBytes *(*get_media)(SoriStore *self, const gchar *name, GError **error);
	SoriFileWriter *(*begin_media)(SoriStore *self, GError **error);
	gboolean (*commit_media)(SoriStore *self, SoriFileWriter *writer, const gchar *name,
				 GError **error);
	gboolean (*reload_tokens)(SoriStore *self, GError **error);
	const gchar *(*verify_token)(SoriStore *self, const gchar *token, const gchar *venue,
				     gboolean *allowed);

	/* optional */
	void (*publish_async)(SoriStore *self, const gchar *venue, GBytes *document,
			      const gchar *digest, const gchar *who, const gchar *action,
			      GCancellable *cancellable, GAsyncReadyCallback callback,
			      gpointer user_data);
	gchar *(*publish_finish)(SoriStore *self, GAsyncResult *result, GError **error);
	void (*commit_media_async)(SoriStore *self, SoriFileWriter *writer, const gchar *name,
				   GCancellable *cancellable, GAsyncReadyCallback callback,
				   gpointer user_data);
	gboolean (*commit_media_finish)(SoriStore *self, GAsyncResult *result, GError **error);
	const gchar *(*get_health)(SoriStore *self);
	SoriTokens *(*get_tokens)(SoriStore *self, GError **error);
	gboolean (*edit_tokens)(SoriStore *self, SoriStoreTokensFunc edit, gpointer user_data,
				GError **error);
};

GBytes *sori_store_get_catalogue(SoriStore *self, const gchar *venue, GError **error);
gboolean sori_store_publish(SoriStore *self, const gchar *venue, GBytes *document,
			    const gchar *digest, const gchar *who, const gchar *action,
			    gchar **revision, GError **error);
gboolean sori_store_delete_venue(SoriStore *self, const gchar *venue, const gchar *who,
				 GError **error);
GPtrArray *sori_store_list_revisions(SoriStore *self, const gchar *venue);
GBytes *sori_store_get_revision(SoriStore *self, const gchar *venue, const gchar *revision,
				GError **error);
void sori_store_prune_revisions(SoriStore *self, const gchar *venue, const gchar *keep);
gboolean sori_store_append_audit(SoriStore *self, const gchar *who, const gchar *venue,
				 const gchar *action, const gchar *revision, GError **error);
GPtrArray *sori_store_list_audit(SoriStore *self, const gchar *venue, guint max_entries);
gboolean sori_store_put_media(SoriStore *self, const gchar *name, GBytes *data, GError **error);
GBytes *sori_store_get_media(SoriStore *self, const gchar *name, GError **error);
SoriFileWriter *sori_store_begin_media(SoriStore *self, GError **error);
gboolean sori_store_commit_media(SoriStore *self, SoriFileWriter *writer, const gchar *name,
				 GError **error);
gboolean sori_store_reload_tokens(SoriStore *self, GError **error);
const gchar *sori_store_verify_token(SoriStore *self, const gchar *token, const gchar *venue,
				     gboolean *allowed);
void sori_store_publish_async(SoriStore *self, const gchar *venue, GBytes *document,
			      const gchar *digest, const gchar *who, const gchar *action,
			      GCancellable *cancellable, GAsyncReadyCallback callback,
			      gpointer user_data);
gchar *sori_store_publish_finish(SoriStore *self, GAsyncResult *result, GError **error);
void sori_store_commit_media_async(SoriStore *self, SoriFileWriter *writer, const gchar *name,
				   GCancellable *cancellable, GAsyncReadyCallback callback,
				   gpointer user_data);
gboolean sori_store_commit_media_finish(SoriStore *self, GAsyncResult *result, GError **error);
const gchar *sori_store_get_health(SoriStore *self);
SoriTokens *sori_store_get_tokens(SoriStore *self, GError **error);
gboolean sori_store_edit_tokens(SoriStore *self, SoriStoreTokensFunc edit, gpointer user_data,
				GError **error);

gboolean sori_store_revision_id_is_valid(const gchar *revision);
const gchar *sori_store_find_revision(GPtrArray *revisions, const gchar *digest);

G_END_DECLS
