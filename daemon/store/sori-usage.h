/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SORI_TYPE_USAGE (sori_usage_get_type())
G_DECLARE_FINAL_TYPE(SoriUsage, sori_usage, SORI, USAGE, GObject)

SoriUsage *sori_usage_new(const gchar *dir);
gboolean sori_usage_day_is_valid(const gchar *day);
void sori_usage_add(SoriUsage *self, const gchar *venue, const gchar *day, const gchar *const *keys,
		    guint n_keys);
GHashTable *sori_usage_get_counts(SoriUsage *self, const gchar *venue, const gchar *day);
gboolean sori_usage_flush(SoriUsage *self, GError **error);

G_END_DECLS
