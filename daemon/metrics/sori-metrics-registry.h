/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* the label sets are fixed when a family is added: at most this many labels */
#define SORI_METRIC_FAMILY_MAX_LABELS 2

typedef enum {
	SORI_METRIC_TYPE_COUNTER,
	SORI_METRIC_TYPE_GAUGE,
	SORI_METRIC_TYPE_HISTOGRAM,
} SoriMetricType;

typedef struct _SoriMetricsRegistry SoriMetricsRegistry;
typedef struct _SoriMetricFamily SoriMetricFamily;

/* called at every scrape, before the text is written, to set gauges */
typedef void (*SoriMetricsCollectFunc)(gpointer user_data);

SoriMetricsRegistry *sori_metrics_registry_new(void);
void sori_metrics_registry_free(SoriMetricsRegistry *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SoriMetricsRegistry, sori_metrics_registry_free)

SoriMetricFamily *sori_metrics_registry_add(SoriMetricsRegistry *self, const gchar *name,
					    const gchar *help, SoriMetricType type,
					    const gchar *const *label_names,
					    const gchar *const *const *label_values);
guint sori_metrics_registry_add_collector(SoriMetricsRegistry *self, SoriMetricsCollectFunc func,
					  gpointer user_data);
void sori_metrics_registry_remove_collector(SoriMetricsRegistry *self, guint id);
gchar *sori_metrics_registry_write(SoriMetricsRegistry *self);

void sori_metric_family_set_buckets(SoriMetricFamily *self, const gdouble *bounds, guint n_bounds);
void sori_metric_family_set_micro(SoriMetricFamily *self);
guint sori_metric_family_get_n_series(const SoriMetricFamily *self);
guint sori_metric_family_series(const SoriMetricFamily *self, guint first, guint second);
void sori_metric_family_add(SoriMetricFamily *self, guint series, gint64 n);
void sori_metric_family_set(SoriMetricFamily *self, guint series, gint64 value);
gint64 sori_metric_family_get(const SoriMetricFamily *self, guint series);
void sori_metric_family_observe(SoriMetricFamily *self, guint series, gdouble value);

gboolean sori_metrics_name_is_valid(const gchar *name);
void sori_metrics_append_escaped(GString *out, const gchar *text, gboolean quote);

G_END_DECLS
