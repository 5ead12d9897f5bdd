/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Remote media a catalogue names, fetched at publish into the media store
 * (sori-admin-fetch.c), so that a visitor's phone talks to sorid alone.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sori-store.h"

G_BEGIN_DECLS

/* what a catalogue's field holds, and so which types its file may be */
typedef enum {
	SORI_ADMIN_FETCH_IMAGE,
	SORI_ADMIN_FETCH_VIDEO,
	SORI_ADMIN_FETCH_CAPTIONS,
	SORI_ADMIN_FETCH_AUDIO,
} SoriAdminFetchKind;

/* the deadlines a fetch keeps: one medium, and all of one publish's */
#define SORI_ADMIN_FETCH_MEDIUM_S  30
#define SORI_ADMIN_FETCH_PUBLISH_S 120
/* how many redirects one medium may take */
#define SORI_ADMIN_FETCH_MAX_REDIRECTS 3
/* how many remote URLs this sorid remembers having fetched */
#define SORI_ADMIN_FETCH_CACHE_MAX 10000
/* how many media are fetched at once */
#define SORI_ADMIN_FETCH_PARALLEL 4

#define SORI_TYPE_ADMIN_FETCH (sori_admin_fetch_get_type())
G_DECLARE_FINAL_TYPE(SoriAdminFetch, sori_admin_fetch, SORI, ADMIN_FETCH, GObject)

SoriAdminFetch *sori_admin_fetch_new(void);
gboolean sori_admin_fetch_set_allowed(SoriAdminFetch *self, const gchar *const *hosts,
				      const gchar *ca_file, GError **error);
void sori_admin_fetch_set_deadlines(SoriAdminFetch *self, guint medium_s, guint publish_s);
gboolean sori_admin_fetch_address_is_global(GInetAddress *address);
gboolean sori_admin_fetch_is_special_use(const gchar *host);

/* one medium into @store: its file's name (`<sha256>.<ext>`) */
void sori_admin_fetch_one_async(SoriAdminFetch *self, SoriStore *store, const gchar *url,
				SoriAdminFetchKind kind, GCancellable *cancellable,
				GAsyncReadyCallback callback, gpointer user_data);
gchar *sori_admin_fetch_one_finish(SoriAdminFetch *self, GAsyncResult *result, GError **error);

void sori_admin_fetch_remember(SoriAdminFetch *self, const gchar *key, const gchar *file);
void sori_admin_fetch_forget(SoriAdminFetch *self);
void sori_admin_fetch_learn(SoriAdminFetch *self, JsonNode *root);

/* a catalogue's remote media: found (in any thread), fetched, then rewritten */
GPtrArray *sori_admin_fetch_collect(JsonNode *root);
void sori_admin_fetch_media_async(SoriAdminFetch *self, SoriStore *store, GPtrArray *wanted,
				  GAsyncReadyCallback callback, gpointer user_data);
GHashTable *sori_admin_fetch_media_finish(SoriAdminFetch *self, GAsyncResult *result,
					  JsonNode **problems);
void sori_admin_fetch_rewrite(JsonNode *root, const gchar *venue, GHashTable *files);

G_END_DECLS
