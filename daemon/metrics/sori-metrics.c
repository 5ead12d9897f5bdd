/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sorid's metrics, one registry for the process: every family declared
 * here, with the values each label may take. No label takes a value a
 * client chose: routes are the route table's entries (or "unmatched"),
 * statuses are classes, the rest are the enums of sori-metrics.h. The
 * code that counts calls sori_metrics_add(); gauges are set at each scrape
 * by collectors (the process's own, here; the server's, the speech pool's).
 */

#define G_LOG_DOMAIN "sori-metrics"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "sori-metrics.h"

typedef struct {
	const gchar *name;
	SoriMetricType type;
	const gchar *help;
	const gchar *label;         /* nullable */
	const gchar *const *values; /* the label's values */
	gboolean micro;             /* in millionths: seconds from microseconds */
} SoriMetricDefinition;

static const gchar *const sori_metrics_close_values[]
	= { "head_timeout", "idle_timeout", "send_timeout", "body_min_rate", "making_room", NULL };
static const gchar *const sori_metrics_body_values[] = { "too_large", "no_token", "upload", NULL };
static const gchar *const sori_metrics_media_values[] = { "whole", "range", NULL };
static const gchar *const sori_metrics_result_values[] = { "ok", "failed", NULL };
static const gchar *const sori_metrics_publish_values[] = { "live", "invalid", "failed", NULL };
static const gchar *const sori_metrics_lane_values[] = { "usual", "variant", "background", NULL };
static const gchar *const sori_metrics_cache_values[] = { "hit", "miss", NULL };
static const gchar *const sori_metrics_venue_values[] = { "loaded", "failed", "loading", NULL };
static const gchar *const sori_metrics_database_values[] = { "none", "connecting", "up", NULL };
static const gchar *const sori_metrics_channel_values[] = { "sori_live", "sori_tokens", NULL };
static const gchar *const sori_metrics_usage_values[] = { "accepted", "refused", NULL };
static const gchar *const sori_metrics_version_values[] = { PACKAGE_VERSION, NULL };

#define COUNTER   SORI_METRIC_TYPE_COUNTER
#define GAUGE     SORI_METRIC_TYPE_GAUGE
#define NO_LABELS NULL, NULL, FALSE

/* in the order of SoriMetric */
static const SoriMetricDefinition sori_metrics_definitions[] = {
	{ "sori_http_connections_open", GAUGE,
	  "Connections open on the visitors' port, on either front end", NO_LABELS },
	{ "sori_http_connections_accepted_total", COUNTER,
	  "Connections accepted on the visitors' port", NO_LABELS },
	{ "sori_http_connections_refused_total", COUNTER,
	  "Connections closed on arrival: at max-connections, every one busy answering",
	  NO_LABELS },
	{ "sori_http_connections_closed_total", COUNTER,
	  "Connections closed by sorid, by the deadline they missed or to make room at "
	  "max-connections",
	  "reason", sori_metrics_close_values, FALSE },
	{ "sori_http_bodies_refused_total", COUNTER,
	  "Requests refused from their head, before a byte of their body was read", "reason",
	  sori_metrics_body_values, FALSE },
	{ "sori_http_late_answers_total", COUNTER,
	  "Requests answered 503 because their handler passed its route's deadline", NO_LABELS },
	{ "sori_http_media_sent_bytes_total", COUNTER,
	  "Bytes of stored media (speech, captions, uploads) answered, whole or a Range", "part",
	  sori_metrics_media_values, FALSE },
	{ "sori_speech_queue_depth", GAUGE, "Renderings waiting for a speech worker", "lane",
	  sori_metrics_lane_values, FALSE },
	{ "sori_speech_renders_total", COUNTER, "Renderings a speech worker finished", "result",
	  sori_metrics_result_values, FALSE },
	{ "sori_speech_refusals_total", COUNTER,
	  "Requests for speech refused 503 because too many renderings were waiting", "lane",
	  sori_metrics_lane_values, FALSE },
	{ "sori_speech_cache_lookups_total", COUNTER,
	  "Requests for speech found in the cache, or to be rendered", "result",
	  sori_metrics_cache_values, FALSE },
	{ "sori_speech_worker_restarts_total", COUNTER,
	  "Speech workers replaced after they crashed or passed speech-timeout", NO_LABELS },
	{ "sori_venues", GAUGE, "Venues by state: served, failed to load, being loaded", "state",
	  sori_metrics_venue_values, FALSE },
	{ "sori_venues_whole", GAUGE,
	  "Venues served whose catalogue is whole in memory; the others are idle, read again "
	  "when asked for (venues-memory-mb)",
	  NO_LABELS },
	{ "sori_venues_whole_bytes", GAUGE,
	  "About what the whole catalogues cost in memory together (venues-memory-mb bounds it)",
	  NO_LABELS },
	{ "sori_admin_publishes_total", COUNTER,
	  "Catalogues curators published or rolled back: made live, invalid, or not kept by the "
	  "store",
	  "result", sori_metrics_publish_values, FALSE },
	{ "sori_database_state", GAUGE,
	  "The PostgreSQL store's state: 1 for the current one (none with store=files)", "state",
	  sori_metrics_database_values, FALSE },
	{ "sori_database_notifications_total", COUNTER,
	  "Notifications of other nodes' changes heard from PostgreSQL", "channel",
	  sori_metrics_channel_values, FALSE },
	{ "sori_database_connections_lost_total", COUNTER,
	  "Times the connection listening to PostgreSQL was lost or could not be made", NO_LABELS },
	{ "sori_usage_batches_total", COUNTER,
	  "Batches of usage events phones sent, counted or refused whole", "result",
	  sori_metrics_usage_values, FALSE },
	{ "sori_usage_events_total", COUNTER, "Usage events counted, from accepted batches",
	  NO_LABELS },
	{ "process_resident_memory_bytes", GAUGE, "Resident memory size in bytes", NO_LABELS },
	{ "process_virtual_memory_bytes", GAUGE, "Virtual memory size in bytes", NO_LABELS },
	{ "process_open_fds", GAUGE, "Number of open file descriptors", NO_LABELS },
	{ "process_max_fds", GAUGE, "Maximum number of open file descriptors", NO_LABELS },
	{ "process_cpu_seconds_total", COUNTER, "Total user and system CPU time spent in seconds",
	  NULL, NULL, TRUE },
	{ "process_start_time_seconds", GAUGE,
	  "Start time of the process since unix epoch in seconds", NO_LABELS },
	{ "sori_build_info", GAUGE, "Always 1: the version of sorid that answers", "version",
	  sori_metrics_version_values, FALSE },
};
G_STATIC_ASSERT(G_N_ELEMENTS(sori_metrics_definitions) == SORI_METRIC_LAST);

/* latency buckets, in seconds: the fast path's answers are well under a
 * millisecond, a speech rendering or a publish may take many seconds */
static const gdouble sori_metrics_latency_bounds[]
	= { 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30 };

static const gchar *const sori_metrics_class_values[] = { "1xx", "2xx", "3xx", "4xx", "5xx", NULL };

typedef struct {
	SoriMetricsRegistry *registry;
	SoriMetricFamily *families[SORI_METRIC_LAST];
	/* declared by the server once its route table is made */
	SoriMetricFamily *requests;
	SoriMetricFamily *latency;
	guint n_routes; /* without "unmatched", the last value */
} SoriMetrics;

static void
sori_metrics_read_proc_self(void)
{
	g_autofree gchar *stat = NULL;
	g_autofree gchar *statm = NULL;
	g_autofree gchar *boot = NULL;
	g_autoptr(GDir) fds = g_dir_open("/proc/self/fd", 0, NULL);
	glong page = sysconf(_SC_PAGESIZE);
	glong ticks = sysconf(_SC_CLK_TCK);
	struct rlimit limit;

	if (fds != NULL) {
		gint64 n = 0;
		while (g_dir_read_name(fds) != NULL)
			n++;
		/* not the one reading the folder */
		sori_metrics_set(SORI_METRIC_PROCESS_OPEN_FDS, 0, MAX(n - 1, 0));
	}
	if (getrlimit(RLIMIT_NOFILE, &limit) == 0)
		sori_metrics_set(SORI_METRIC_PROCESS_MAX_FDS, 0,
				 limit.rlim_cur == RLIM_INFINITY ? G_MAXINT64
								 : (gint64) limit.rlim_cur);
	if (g_file_get_contents("/proc/self/statm", &statm, NULL, NULL)) {
		guint64 size = 0;
		guint64 resident = 0;
		if (sscanf(statm, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, &size, &resident)
		    == 2) {
			sori_metrics_set(SORI_METRIC_PROCESS_VIRTUAL_MEMORY, 0, size * page);
			sori_metrics_set(SORI_METRIC_PROCESS_RESIDENT_MEMORY, 0, resident * page);
		}
	}
	/* the fields after the command's name, which may hold spaces and ')' */
	if (ticks > 0 && g_file_get_contents("/proc/self/stat", &stat, NULL, NULL)) {
		const gchar *after = strrchr(stat, ')');
		g_auto(GStrv) fields = after != NULL ? g_strsplit(after + 2, " ", 24) : NULL;
		if (fields != NULL && g_strv_length(fields) >= 20) {
			/* utime and stime are fields 14 and 15 of proc(5), starttime 22 */
			guint64 cpu = g_ascii_strtoull(fields[11], NULL, 10)
				      + g_ascii_strtoull(fields[12], NULL, 10);
			guint64 started = g_ascii_strtoull(fields[19], NULL, 10);
			sori_metrics_set(SORI_METRIC_PROCESS_CPU, 0, cpu * 1000000 / ticks);
			if (g_file_get_contents("/proc/stat", &boot, NULL, NULL)) {
				const gchar *btime = strstr(boot, "\nbtime ");
				if (btime != NULL)
					sori_metrics_set(SORI_METRIC_PROCESS_START_TIME, 0,
							 g_ascii_strtoull(btime + 7, NULL, 10)
								 + started / ticks);
			}
		}
	}
}

static void
sori_metrics_collect_process_cb(gpointer user_data)
{
	sori_metrics_read_proc_self();
}

static SoriMetrics *
sori_metrics_get_default(void)
{
	static SoriMetrics *metrics = NULL;

	if (g_once_init_enter(&metrics)) {
		SoriMetrics *self = g_new0(SoriMetrics, 1);
		self->registry = sori_metrics_registry_new();
		for (guint i = 0; i < SORI_METRIC_LAST; i++) {
			const SoriMetricDefinition *d = &sori_metrics_definitions[i];
			const gchar *names[] = { d->label, NULL };
			const gchar *const *values[] = { d->values, NULL };
			self->families[i] = sori_metrics_registry_add(
				self->registry, d->name, d->help, d->type,
				d->label != NULL ? names : NULL, d->label != NULL ? values : NULL);
			if (d->micro)
				sori_metric_family_set_micro(self->families[i]);
		}
		sori_metric_family_set(self->families[SORI_METRIC_BUILD_INFO], 0, 1);
		sori_metric_family_set(self->families[SORI_METRIC_DATABASE_STATE],
				       SORI_METRICS_DATABASE_NONE, 1);
		sori_metrics_registry_add_collector(self->registry, sori_metrics_collect_process_cb,
						    NULL);
		g_once_init_leave(&metrics, self);
	}
	return metrics;
}

/**
 * sori_metrics_get_registry:
 *
 * Returns: (transfer none): sorid's metrics, for the life of the process
 */
SoriMetricsRegistry *
sori_metrics_get_registry(void)
{
	return sori_metrics_get_default()->registry;
}

/**
 * sori_metrics_add:
 * @label: the index of the label's value (its enum), 0 for a family without
 *
 * Counts @n; from any thread.
 */
void
sori_metrics_add(SoriMetric metric, guint label, gint64 n)
{
	SoriMetricFamily *family;

	g_return_if_fail(metric < SORI_METRIC_LAST);
	family = sori_metrics_get_default()->families[metric];
	sori_metric_family_add(family, sori_metric_family_series(family, label, 0), n);
}

void
sori_metrics_set(SoriMetric metric, guint label, gint64 value)
{
	SoriMetricFamily *family;

	g_return_if_fail(metric < SORI_METRIC_LAST);
	family = sori_metrics_get_default()->families[metric];
	sori_metric_family_set(family, sori_metric_family_series(family, label, 0), value);
}

gint64
sori_metrics_get(SoriMetric metric, guint label)
{
	SoriMetricFamily *family;

	g_return_val_if_fail(metric < SORI_METRIC_LAST, 0);
	family = sori_metrics_get_default()->families[metric];
	return sori_metric_family_get(family, sori_metric_family_series(family, label, 0));
}

/* the database's state: its gauge 1, the others 0 */
void
sori_metrics_set_database_state(SoriMetricsDatabaseState state)
{
	for (guint i = 0; i < SORI_METRICS_DATABASE_LAST; i++)
		sori_metrics_set(SORI_METRIC_DATABASE_STATE, i, i == state ? 1 : 0);
}

/* stored bytes answered: a Range's part, or the whole file */
void
sori_metrics_count_media(gsize bytes, gboolean range)
{
	sori_metrics_add(SORI_METRIC_HTTP_MEDIA_BYTES,
			 range ? SORI_METRICS_MEDIA_RANGE : SORI_METRICS_MEDIA_WHOLE,
			 (gint64) bytes);
}

/**
 * sori_metrics_declare_routes:
 * @names: (array length=n_names): the route table's patterns, in its order
 *
 * Declares the requests' families, with a series for each route and one,
 * "unmatched", for every path no route has. Once per process: the route
 * table is; later calls are ignored.
 */
void
sori_metrics_declare_routes(const gchar *const *names, guint n_names)
{
	SoriMetrics *self = sori_metrics_get_default();
	g_autoptr(GPtrArray) routes = g_ptr_array_new();
	const gchar *route_label[] = { "route", NULL };
	const gchar *both_labels[] = { "route", "status_class", NULL };
	const gchar *const *values[] = { NULL, sori_metrics_class_values };

	if (self->requests != NULL)
		return;
	for (guint i = 0; i < n_names; i++)
		g_ptr_array_add(routes, (gpointer) names[i]);
	g_ptr_array_add(routes, (gpointer) "unmatched");
	g_ptr_array_add(routes, NULL);
	values[0] = (const gchar *const *) routes->pdata;
	self->n_routes = n_names;
	self->requests = sori_metrics_registry_add(self->registry, "sori_http_requests_total",
						   "Requests answered, by route and status class",
						   SORI_METRIC_TYPE_COUNTER, both_labels, values);
	self->latency
		= sori_metrics_registry_add(self->registry, "sori_http_request_duration_seconds",
					    "Seconds from a request's head to its answer, by route",
					    SORI_METRIC_TYPE_HISTOGRAM, route_label, values);
	sori_metric_family_set_buckets(self->latency, sori_metrics_latency_bounds,
				       G_N_ELEMENTS(sori_metrics_latency_bounds));
}

/**
 * sori_metrics_count_request:
 * @route: the route's index in the table, G_MAXUINT for none
 * @status: the answer's status
 * @started_us: the monotonic time its head came
 *
 * Counts an answered request and its latency.
 */
void
sori_metrics_count_request(guint route, guint status, gint64 started_us)
{
	SoriMetrics *self = sori_metrics_get_default();
	gint64 elapsed = g_get_monotonic_time() - started_us;

	if (self->requests == NULL)
		return;
	if (route >= self->n_routes)
		route = self->n_routes;
	/* a status libsoup set for a connection it dropped is no answer */
	if (status < 100 || status >= 600)
		return;
	sori_metric_family_add(self->requests,
			       sori_metric_family_series(self->requests, route, status / 100 - 1),
			       1);
	sori_metric_family_observe(self->latency, route, MAX(elapsed, 0) / 1e6);
}

guint
sori_metrics_add_collector(SoriMetricsCollectFunc func, gpointer user_data)
{
	return sori_metrics_registry_add_collector(sori_metrics_get_registry(), func, user_data);
}

void
sori_metrics_remove_collector(guint id)
{
	sori_metrics_registry_remove_collector(sori_metrics_get_registry(), id);
}

/**
 * sori_metrics_write:
 *
 * Returns: (transfer full): sorid's metrics, in the text format
 */
gchar *
sori_metrics_write(void)
{
	return sori_metrics_registry_write(sori_metrics_get_registry());
}
