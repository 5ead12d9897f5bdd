/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SORI_TYPE_MEDIA_CACHE (sori_media_cache_get_type())
G_DECLARE_FINAL_TYPE(SoriMediaCache, sori_media_cache, SORI, MEDIA_CACHE, GObject)

SoriMediaCache *sori_media_cache_new(const gchar *dir, guint64 max_bytes, GError **error);
gboolean sori_media_cache_name_is_valid(const gchar *name);
GBytes *sori_media_cache_lookup(SoriMediaCache *self, const gchar *name);
gboolean sori_media_cache_store(SoriMediaCache *self, const gchar *name, GBytes *data,
				GError **error);
gchar *sori_media_cache_get_path(SoriMediaCache *self, const gchar *name);

G_END_DECLS
