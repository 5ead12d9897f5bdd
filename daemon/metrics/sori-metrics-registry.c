/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A registry of counters, gauges and histograms, written out in
 * Prometheus's text exposition format (version 0.0.4).
 *
 * Every family's labels and their values are fixed when it is added: a
 * series is an index into an array, so the number of series is known up
 * front and never grows with what clients send. Values are 64-bit integers
 * updated with relaxed atomics, so worker threads may count without a lock;
 * the registry's shape (its families and collectors) is only changed from
 * the main thread.
 */

#define G_LOG_DOMAIN "sori-metrics"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sori-metrics-registry.h"

struct _SoriMetricFamily {
	gchar *name;
	gchar *help;
	SoriMetricType type;
	guint n_labels;
	gchar *label_names[SORI_METRIC_FAMILY_MAX_LABELS];
	GStrv label_values[SORI_METRIC_FAMILY_MAX_LABELS];
	guint n_values[SORI_METRIC_FAMILY_MAX_LABELS];
	guint n_series;
	gboolean micro; /* values are millionths of the unit */
	/* histograms: the upper bounds, ascending, without +Inf */
	gdouble *bounds;
	guint n_bounds;
	/* counters and gauges: one value a series; histograms: per series, a
	 * count for each bound and one for +Inf (not cumulative), the sum in
	 * millionths, and the count */
	gint64 *values;
};

typedef struct {
	guint id;
	SoriMetricsCollectFunc func;
	gpointer user_data;
} SoriMetricsCollector;

struct _SoriMetricsRegistry {
	GPtrArray *families; /* of SoriMetricFamily */
	GArray *collectors;  /* of SoriMetricsCollector */
	guint last_collector_id;
};

static void
sori_metric_family_free(SoriMetricFamily *self)
{
	g_free(self->name);
	g_free(self->help);
	for (guint i = 0; i < self->n_labels; i++) {
		g_free(self->label_names[i]);
		g_strfreev(self->label_values[i]);
	}
	g_free(self->bounds);
	g_free(self->values);
	g_free(self);
}

/**
 * sori_metrics_registry_new:
 *
 * Returns: (transfer full): an empty registry
 */
SoriMetricsRegistry *
sori_metrics_registry_new(void)
{
	SoriMetricsRegistry *self = g_new0(SoriMetricsRegistry, 1);
	self->families = g_ptr_array_new_with_free_func((GDestroyNotify) sori_metric_family_free);
	self->collectors = g_array_new(FALSE, FALSE, sizeof(SoriMetricsCollector));
	return self;
}

void
sori_metrics_registry_free(SoriMetricsRegistry *self)
{
	if (self == NULL)
		return;
	g_ptr_array_unref(self->families);
	g_array_unref(self->collectors);
	g_free(self);
}

/**
 * sori_metrics_name_is_valid:
 *
 * Returns: whether @name is a metric or label name: [a-zA-Z_][a-zA-Z0-9_]*
 *	(colons are for recording rules, not exporters)
 */
gboolean
sori_metrics_name_is_valid(const gchar *name)
{
	if (name == NULL || name[0] == '\0' || g_ascii_isdigit(name[0]))
		return FALSE;
	for (const gchar *p = name; *p != '\0'; p++) {
		if (!g_ascii_isalnum(*p) && *p != '_')
			return FALSE;
	}
	return TRUE;
}

/**
 * sori_metrics_registry_add:
 * @name: the family's name, with its unit and `_total` for a counter
 * @help: one line on what it counts
 * @label_names: (nullable) (array zero-terminated=1): at most
 *	%SORI_METRIC_FAMILY_MAX_LABELS names
 * @label_values: (nullable): for each label, its every value, %NULL-terminated
 *
 * Adds a family whose series are every combination of its labels' values,
 * all written at every scrape, zero or not.
 *
 * Returns: (transfer none): the family, owned by the registry
 */
SoriMetricFamily *
sori_metrics_registry_add(SoriMetricsRegistry *self, const gchar *name, const gchar *help,
			  SoriMetricType type, const gchar *const *label_names,
			  const gchar *const *const *label_values)
{
	SoriMetricFamily *family;

	g_return_val_if_fail(sori_metrics_name_is_valid(name), NULL);
	g_return_val_if_fail(help != NULL, NULL);

	family = g_new0(SoriMetricFamily, 1);
	family->name = g_strdup(name);
	family->help = g_strdup(help);
	family->type = type;
	family->n_series = 1;
	for (guint i = 0; label_names != NULL && label_names[i] != NULL; i++) {
		g_return_val_if_fail(i < SORI_METRIC_FAMILY_MAX_LABELS, NULL);
		g_return_val_if_fail(sori_metrics_name_is_valid(label_names[i]), NULL);
		g_return_val_if_fail(!g_str_equal(label_names[i], "le"), NULL);
		family->label_names[i] = g_strdup(label_names[i]);
		family->label_values[i] = g_strdupv((gchar **) label_values[i]);
		family->n_values[i] = g_strv_length(family->label_values[i]);
		g_return_val_if_fail(family->n_values[i] > 0, NULL);
		family->n_series *= family->n_values[i];
		family->n_labels++;
	}
	family->values = g_new0(gint64, family->n_series);
	g_ptr_array_add(self->families, family);
	return family;
}

/**
 * sori_metric_family_set_buckets:
 * @bounds: (array length=n_bounds): the buckets' upper bounds, ascending;
 *	+Inf is added
 */
void
sori_metric_family_set_buckets(SoriMetricFamily *self, const gdouble *bounds, guint n_bounds)
{
	g_return_if_fail(self->type == SORI_METRIC_TYPE_HISTOGRAM);
	for (guint i = 1; i < n_bounds; i++)
		g_return_if_fail(bounds[i] > bounds[i - 1]);
	g_free(self->bounds);
	g_free(self->values);
	self->bounds = g_memdup2(bounds, n_bounds * sizeof(gdouble));
	self->n_bounds = n_bounds;
	self->values = g_new0(gint64, (gsize) self->n_series * (n_bounds + 3));
}

/**
 * sori_metric_family_set_micro:
 *
 * The family's values are millionths of its unit (microseconds of a
 * `_seconds` family), written with six decimals.
 */
void
sori_metric_family_set_micro(SoriMetricFamily *self)
{
	self->micro = TRUE;
}

guint
sori_metric_family_get_n_series(const SoriMetricFamily *self)
{
	return self->n_series;
}

/**
 * sori_metric_family_series:
 * @first: the index of the first label's value (0 without labels)
 * @second: the index of the second label's value (0 with fewer labels)
 *
 * Returns: the series, or G_MAXUINT for a value the family does not have
 */
guint
sori_metric_family_series(const SoriMetricFamily *self, guint first, guint second)
{
	if (self->n_labels == 0)
		return first == 0 && second == 0 ? 0 : G_MAXUINT;
	if (first >= self->n_values[0])
		return G_MAXUINT;
	if (self->n_labels == 1)
		return second == 0 ? first : G_MAXUINT;
	if (second >= self->n_values[1])
		return G_MAXUINT;
	return first * self->n_values[1] + second;
}

/* a counter or gauge goes up (or a gauge down) by @n */
void
sori_metric_family_add(SoriMetricFamily *self, guint series, gint64 n)
{
	g_return_if_fail(self->type != SORI_METRIC_TYPE_HISTOGRAM);
	g_return_if_fail(series < self->n_series);
	g_return_if_fail(self->type == SORI_METRIC_TYPE_GAUGE || n >= 0);
	__atomic_add_fetch(&self->values[series], n, __ATOMIC_RELAXED);
}

/* a gauge, or a counter a collector reads from elsewhere, is @value */
void
sori_metric_family_set(SoriMetricFamily *self, guint series, gint64 value)
{
	g_return_if_fail(self->type != SORI_METRIC_TYPE_HISTOGRAM);
	g_return_if_fail(series < self->n_series);
	__atomic_store_n(&self->values[series], value, __ATOMIC_RELAXED);
}

gint64
sori_metric_family_get(const SoriMetricFamily *self, guint series)
{
	g_return_val_if_fail(self->type != SORI_METRIC_TYPE_HISTOGRAM, 0);
	g_return_val_if_fail(series < self->n_series, 0);
	return __atomic_load_n(&self->values[series], __ATOMIC_RELAXED);
}

/* a histogram's observation of @value (seconds, bytes…) */
void
sori_metric_family_observe(SoriMetricFamily *self, guint series, gdouble value)
{
	gint64 *slots;
	guint bucket = 0;

	g_return_if_fail(self->type == SORI_METRIC_TYPE_HISTOGRAM && self->bounds != NULL);
	g_return_if_fail(series < self->n_series);
	if (isnan(value))
		return;
	slots = self->values + (gsize) series * (self->n_bounds + 3);
	while (bucket < self->n_bounds && value > self->bounds[bucket])
		bucket++;
	__atomic_add_fetch(&slots[bucket], 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&slots[self->n_bounds + 1], (gint64) llround(value * 1e6),
			   __ATOMIC_RELAXED);
	__atomic_add_fetch(&slots[self->n_bounds + 2], 1, __ATOMIC_RELAXED);
}

/**
 * sori_metrics_registry_add_collector:
 * @func: sets the gauges it knows, at every scrape, on the scraping thread
 *
 * Returns: an id for sori_metrics_registry_remove_collector()
 */
guint
sori_metrics_registry_add_collector(SoriMetricsRegistry *self, SoriMetricsCollectFunc func,
				    gpointer user_data)
{
	SoriMetricsCollector collector = { ++self->last_collector_id, func, user_data };
	g_array_append_val(self->collectors, collector);
	return collector.id;
}

void
sori_metrics_registry_remove_collector(SoriMetricsRegistry *self, guint id)
{
	for (guint i = 0; i < self->collectors->len; i++) {
		if (g_array_index(self->collectors, SoriMetricsCollector, i).id == id) {
			g_array_remove_index(self->collectors, i);
			return;
		}
	}
}

/**
 * sori_metrics_append_escaped:
 * @quote: a label value (`"` escaped too), else a HELP text
 *
 * Backslash and line feed escaped as the text format asks.
 */
void
sori_metrics_append_escaped(GString *out, const gchar *text, gboolean quote)
{
	for (const gchar *p = text; *p != '\0'; p++) {
		if (*p == '\\')
			g_string_append(out, "\\\\");
		else if (*p == '\n')
			g_string_append(out, "\\n");
		else if (*p == '"' && quote)
			g_string_append(out, "\\\"");
		else
			g_string_append_c(out, *p);
	}
}

static void
sori_metrics_append_value(GString *out, gint64 value, gboolean micro)
{
	if (!micro) {
		g_string_append_printf(out, "%" G_GINT64_FORMAT, value);
		return;
	}
	if (value < 0) {
		g_string_append_c(out, '-');
		value = -value;
	}
	g_string_append_printf(out, "%" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT, value / 1000000,
			       value % 1000000);
}

/* `name{a="x",b="y",le="0.5"}`: the series' labels, and an extra one */
static void
sori_metrics_append_series(GString *out, const SoriMetricFamily *family, const gchar *suffix,
			   guint series, const gchar *extra_name, const gchar *extra_value)
{
	guint index[SORI_METRIC_FAMILY_MAX_LABELS] = { 0 };
	guint rest = series;

	for (gint i = (gint) family->n_labels - 1; i >= 0; i--) {
		index[i] = rest % family->n_values[i];
		rest /= family->n_values[i];
	}
	g_string_append(out, family->name);
	g_string_append(out, suffix);
	if (family->n_labels == 0 && extra_name == NULL) {
		g_string_append_c(out, ' ');
		return;
	}
	g_string_append_c(out, '{');
	for (guint i = 0; i < family->n_labels; i++) {
		g_string_append_printf(out, "%s%s=\"", i > 0 ? "," : "", family->label_names[i]);
		sori_metrics_append_escaped(out, family->label_values[i][index[i]], TRUE);
		g_string_append_c(out, '"');
	}
	if (extra_name != NULL) {
		g_string_append_printf(out, "%s%s=\"", family->n_labels > 0 ? "," : "", extra_name);
		sori_metrics_append_escaped(out, extra_value, TRUE);
		g_string_append_c(out, '"');
	}
	g_string_append(out, "} ");
}

static void
sori_metrics_write_histogram(GString *out, const SoriMetricFamily *family, guint series)
{
	const gint64 *slots = family->values + (gsize) series * (family->n_bounds + 3);
	gint64 cumulative = 0;
	gint64 count;

	/* read the count first: the buckets, read after, are never fewer */
	count = __atomic_load_n(&slots[family->n_bounds + 2], __ATOMIC_RELAXED);
	for (guint b = 0; b <= family->n_bounds; b++) {
		gchar le[G_ASCII_DTOSTR_BUF_SIZE];
		cumulative += __atomic_load_n(&slots[b], __ATOMIC_RELAXED);
		if (b < family->n_bounds)
			g_ascii_formatd(le, sizeof(le), "%g", family->bounds[b]);
		else
			g_strlcpy(le, "+Inf", sizeof(le));
		sori_metrics_append_series(out, family, "_bucket", series, "le", le);
		/* +Inf is the count, as the format asks */
		sori_metrics_append_value(
			out, b < family->n_bounds ? MIN(cumulative, count) : count, FALSE);
		g_string_append_c(out, '\n');
	}
	sori_metrics_append_series(out, family, "_sum", series, NULL, NULL);
	sori_metrics_append_value(
		out, __atomic_load_n(&slots[family->n_bounds + 1], __ATOMIC_RELAXED), TRUE);
	g_string_append_c(out, '\n');
	sori_metrics_append_series(out, family, "_count", series, NULL, NULL);
	sori_metrics_append_value(out, count, FALSE);
	g_string_append_c(out, '\n');
}

static const gchar *
sori_metric_type_to_string(SoriMetricType type)
{
	switch (type) {
	case SORI_METRIC_TYPE_COUNTER:
		return "counter";
	case SORI_METRIC_TYPE_GAUGE:
		return "gauge";
	case SORI_METRIC_TYPE_HISTOGRAM:
		return "histogram";
	default:
		return "untyped";
	}
}

/**
 * sori_metrics_registry_write:
 *
 * Runs the collectors, then writes every family: `# HELP`, `# TYPE`, then
 * each series, histograms as cumulative `_bucket{le=…}` up to `+Inf`, `_sum`
 * and `_count`.
 *
 * Returns: (transfer full): the text, ending with a line feed
 */
gchar *
sori_metrics_registry_write(SoriMetricsRegistry *self)
{
	GString *out = g_string_sized_new(16384);

	for (guint i = 0; i < self->collectors->len; i++) {
		SoriMetricsCollector *collector
			= &g_array_index(self->collectors, SoriMetricsCollector, i);
		collector->func(collector->user_data);
	}
	for (guint i = 0; i < self->families->len; i++) {
		const SoriMetricFamily *family = g_ptr_array_index(self->families, i);
		g_string_append_printf(out, "# HELP %s ", family->name);
		sori_metrics_append_escaped(out, family->help, FALSE);
		g_string_append_printf(out, "\n# TYPE %s %s\n", family->name,
				       sori_metric_type_to_string(family->type));
		for (guint s = 0; s < family->n_series; s++) {
			if (family->type == SORI_METRIC_TYPE_HISTOGRAM) {
				sori_metrics_write_histogram(out, family, s);
				continue;
			}
			sori_metrics_append_series(out, family, "", s, NULL, NULL);
			sori_metrics_append_value(out, sori_metric_family_get(family, s),
						  family->micro);
			g_string_append_c(out, '\n');
		}
	}
	return g_string_free(out, FALSE);
}
