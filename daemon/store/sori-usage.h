/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sori-store-postgres.h"

G_BEGIN_DECLS

#define SORI_TYPE_USAGE (sori_usage_get_type())
G_DECLARE_FINAL_TYPE(SoriUsage, sori_usage, SORI, USAGE, GObject)

SoriUsage *sori_usage_new(const gchar *dir);
gboolean sori_usage_day_is_valid(const gchar *day);
void sori_usage_add(SoriUsage *self, const gchar *venue, const gchar *day, const gchar *const *keys,
		    guint n_keys);
GHashTable *sori_usage_get_counts(SoriUsage *self, const gchar *venue, const gchar *day);
gboolean sori_usage_get_counts_full(SoriUsage *self, const gchar *venue, const gchar *day,
				    GHashTable **counts, GError **error);
gboolean sori_usage_flush(SoriUsage *self, GError **error);
void sori_usage_set_database(SoriUsage *self, SoriStorePostgres *database);

gboolean sori_usage_period_is_valid(const gchar *period);
GDateTime *sori_usage_parse_day(const gchar *text);
const gchar *sori_usage_query_period(GHashTable *params, const gchar *fallback, GDateTime **date,
				     GError **error);
GDateTime *sori_usage_period_first(const gchar *period, GDateTime *date, guint *n_days);
GHashTable *sori_usage_sum_period(SoriUsage *self, const gchar *venue, GDateTime *first,
				  guint n_days, GError **error);

gint sori_usage_compare_keys(gconstpointer a, gconstpointer b);
void sori_usage_mark_counting(SoriUsage *self, const gchar *venue, const gchar *day);
gchar *sori_usage_get_counting_since(SoriUsage *self, const gchar *venue);

/* the defaults of the public release's privacy */
#define SORI_USAGE_EPSILON_DEFAULT 1.0
void sori_usage_set_epsilon(SoriUsage *self, gdouble epsilon);
gdouble sori_usage_get_epsilon(SoriUsage *self);
JsonNode *sori_usage_get_release(SoriUsage *self, const gchar *venue, const gchar *period,
				 const gchar *from);
JsonNode *sori_usage_keep_release(SoriUsage *self, const gchar *venue, const gchar *period,
				  const gchar *from, JsonNode *release, GError **error);

G_END_DECLS
