/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The metrics' registry and text writer (daemon/metrics/): the exposition
 * format line by line, escaping, histograms' cumulative buckets, fixed
 * series, collectors, and metrics-address's parser.
 */

#include "config.h"

#include <string.h>

#include "sori-metrics-listener.h"
#include "sori-metrics-registry.h"
#include "sori-metrics.h"

static void
test_counter_and_gauge(void)
{
	g_autoptr(SoriMetricsRegistry) registry = sori_metrics_registry_new();
	const gchar *names[] = { "reason", NULL };
	const gchar *reasons[] = { "head_timeout", "making_room", NULL };
	const gchar *const *values[] = { reasons };
	SoriMetricFamily *closed
		= sori_metrics_registry_add(registry, "x_closed_total", "Connections closed",
					    SORI_METRIC_TYPE_COUNTER, names, values);
	SoriMetricFamily *open = sori_metrics_registry_add(registry, "x_open", "Connections open",
							   SORI_METRIC_TYPE_GAUGE, NULL, NULL);
	g_autofree gchar *text = NULL;

	g_assert_cmpuint(sori_metric_family_get_n_series(closed), ==, 2);
	g_assert_cmpuint(sori_metric_family_series(closed, 2, 0), ==, G_MAXUINT);
	sori_metric_family_add(closed, 1, 3);
	sori_metric_family_add(closed, 1, 2);
	sori_metric_family_set(open, 0, 7);
	sori_metric_family_add(open, 0, -2);
	text = sori_metrics_registry_write(registry);
	g_assert_cmpstr(text, ==,
			"# HELP x_closed_total Connections closed\n"
			"# TYPE x_closed_total counter\n"
			"x_closed_total{reason=\"head_timeout\"} 0\n"
			"x_closed_total{reason=\"making_room\"} 5\n"
			"# HELP x_open Connections open\n"
			"# TYPE x_open gauge\n"
			"x_open 5\n");
}

static void
test_escaping(void)
{
	g_autoptr(SoriMetricsRegistry) registry = sori_metrics_registry_new();
	const gchar *names[] = { "route", NULL };
	const gchar *routes[] = { "/a\\b", "say \"hi\"\nthere", NULL };
	const gchar *const *values[] = { routes };
	g_autofree gchar *text = NULL;

	sori_metrics_registry_add(registry, "x_total", "Back\\slash and\nline",
				  SORI_METRIC_TYPE_COUNTER, names, values);
	text = sori_metrics_registry_write(registry);
	g_assert_cmpstr(text, ==,
			"# HELP x_total Back\\\\slash and\\nline\n"
			"# TYPE x_total counter\n"
			"x_total{route=\"/a\\\\b\"} 0\n"
			"x_total{route=\"say \\\"hi\\\"\\nthere\"} 0\n");
}

static void
test_histogram(void)
{
	g_autoptr(SoriMetricsRegistry) registry = sori_metrics_registry_new();
	const gchar *names[] = { "route", "status_class", NULL };
	const gchar *routes[] = { "/a", "/b", NULL };
	const gchar *classes[] = { "2xx", "4xx", NULL };
	const gchar *const *values[] = { routes, classes };
	const gdouble bounds[] = { 0.01, 0.1, 1 };
	SoriMetricFamily *latency = sori_metrics_registry_add(
		registry, "x_seconds", "Latency", SORI_METRIC_TYPE_HISTOGRAM, names, values);
	g_autofree gchar *text = NULL;
	guint b4 = sori_metric_family_series(latency, 1, 1);

	sori_metric_family_set_buckets(latency, bounds, G_N_ELEMENTS(bounds));
	g_assert_cmpuint(sori_metric_family_get_n_series(latency), ==, 4);
	g_assert_cmpuint(b4, ==, 3);
	sori_metric_family_observe(latency, b4, 0.005);
	sori_metric_family_observe(latency, b4, 0.01); /* le is inclusive */
	sori_metric_family_observe(latency, b4, 0.5);
	sori_metric_family_observe(latency, b4, 7.25);
	text = sori_metrics_registry_write(registry);
	g_assert_nonnull(strstr(
		text, "# TYPE x_seconds histogram\n"
		      "x_seconds_bucket{route=\"/a\",status_class=\"2xx\",le=\"0.01\"} 0\n"));
	g_assert_nonnull(
		strstr(text, "x_seconds_bucket{route=\"/b\",status_class=\"4xx\",le=\"0.01\"} 2\n"
			     "x_seconds_bucket{route=\"/b\",status_class=\"4xx\",le=\"0.1\"} 2\n"
			     "x_seconds_bucket{route=\"/b\",status_class=\"4xx\",le=\"1\"} 3\n"
			     "x_seconds_bucket{route=\"/b\",status_class=\"4xx\",le=\"+Inf\"} 4\n"
			     "x_seconds_sum{route=\"/b\",status_class=\"4xx\"} 7.765000\n"
			     "x_seconds_count{route=\"/b\",status_class=\"4xx\"} 4\n"));
	/* every series written, observed or not: 4 × (4 buckets, sum, count) */
	{
		g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
		guint n = 0;
		for (guint i = 0; lines[i] != NULL; i++)
			n += lines[i][0] != '#' && lines[i][0] != '\0';
		g_assert_cmpuint(n, ==, 4 * 6);
	}
}

static void
collect_cb(gpointer user_data)
{
	SoriMetricFamily *family = user_data;
	sori_metric_family_add(family, 0, 1);
}

static void
test_collector(void)
{
	g_autoptr(SoriMetricsRegistry) registry = sori_metrics_registry_new();
	SoriMetricFamily *scrapes = sori_metrics_registry_add(registry, "x_scrapes", "Scrapes",
							      SORI_METRIC_TYPE_GAUGE, NULL, NULL);
	guint id = sori_metrics_registry_add_collector(registry, collect_cb, scrapes);
	g_autofree gchar *first = sori_metrics_registry_write(registry);
	g_autofree gchar *second = NULL;
	g_autofree gchar *third = NULL;

	g_assert_nonnull(strstr(first, "\nx_scrapes 1\n"));
	second = sori_metrics_registry_write(registry);
	g_assert_nonnull(strstr(second, "\nx_scrapes 2\n"));
	sori_metrics_registry_remove_collector(registry, id);
	third = sori_metrics_registry_write(registry);
	g_assert_nonnull(strstr(third, "\nx_scrapes 2\n"));
}

static void
test_names(void)
{
	g_assert_true(sori_metrics_name_is_valid("sori_http_requests_total"));
	g_assert_true(sori_metrics_name_is_valid("_x9"));
	g_assert_false(sori_metrics_name_is_valid("9x"));
	g_assert_false(sori_metrics_name_is_valid("a-b"));
	g_assert_false(sori_metrics_name_is_valid("a b"));
	g_assert_false(sori_metrics_name_is_valid(""));
}

/* sorid's own: the route table's entries and "unmatched", status classes */
static void
test_sorid_requests(void)
{
	const gchar *routes[] = { "/healthz", "/v1/venues/{venue}" };
	g_autofree gchar *text = NULL;

	sori_metrics_declare_routes(routes, G_N_ELEMENTS(routes));
	sori_metrics_count_request(1, 404, g_get_monotonic_time());
	sori_metrics_count_request(G_MAXUINT, 404, g_get_monotonic_time());
	sori_metrics_count_request(7, 200, g_get_monotonic_time()); /* past the table */
	sori_metrics_count_request(0, 0, g_get_monotonic_time());   /* no answer: not counted */
	sori_metrics_add(SORI_METRIC_HTTP_CONNECTIONS_CLOSED, SORI_METRICS_CLOSE_MAKING_ROOM, 2);
	sori_metrics_count_media(1234, TRUE);
	text = sori_metrics_write();
	g_assert_nonnull(strstr(text, "sori_http_requests_total{route=\"/v1/venues/{venue}\","
				      "status_class=\"4xx\"} 1\n"));
	g_assert_nonnull(strstr(
		text, "sori_http_requests_total{route=\"unmatched\",status_class=\"4xx\"} 1\n"
		      "sori_http_requests_total{route=\"unmatched\",status_class=\"5xx\"} 0\n"));
	g_assert_nonnull(strstr(
		text, "sori_http_requests_total{route=\"unmatched\",status_class=\"2xx\"} 1\n"));
	g_assert_nonnull(strstr(
		text, "sori_http_requests_total{route=\"/healthz\",status_class=\"2xx\"} 0\n"));
	g_assert_nonnull(
		strstr(text, "sori_http_request_duration_seconds_count{route=\"unmatched\"} 2\n"));
	g_assert_nonnull(
		strstr(text, "sori_http_connections_closed_total{reason=\"making_room\"} 2\n"));
	g_assert_nonnull(strstr(text, "sori_http_media_sent_bytes_total{part=\"range\"} 1234\n"));
	g_assert_nonnull(strstr(text, "sori_database_state{state=\"none\"} 1\n"));
	g_assert_nonnull(strstr(text, "\nprocess_open_fds "));
	/* declared once: the route table is the same for the life of the process */
	sori_metrics_declare_routes(routes, 1);
	g_assert_cmpint(sori_metrics_get(SORI_METRIC_HTTP_CONNECTIONS_CLOSED,
					 SORI_METRICS_CLOSE_MAKING_ROOM),
			==, 2);
}

static void
test_address(void)
{
	struct {
		const gchar *text;
		const gchar *host;
		guint16 port;
	} good[] = {
		{ "9100", "127.0.0.1", 9100 },       { "localhost:9100", "127.0.0.1", 9100 },
		{ "0.0.0.0:9100", "0.0.0.0", 9100 }, { "[::1]:9100", "::1", 9100 },
		{ "10.0.0.5:0", "10.0.0.5", 0 },
	};
	const gchar *bad[] = { "",
			       "abc",
			       "9100x",
			       "70000",
			       "::1:9100",
			       "[::1]9100",
			       "example.org:9100",
			       "127.0.0.1:",
			       "127.0.0.1:-1",
			       NULL };

	for (guint i = 0; i < G_N_ELEMENTS(good); i++) {
		g_autoptr(GError) error = NULL;
		g_autofree gchar *host = NULL;
		guint16 port = 1;
		g_assert_true(sori_metrics_parse_address(good[i].text, &host, &port, &error));
		g_assert_no_error(error);
		g_assert_cmpstr(host, ==, good[i].host);
		g_assert_cmpuint(port, ==, good[i].port);
	}
	for (guint i = 0; bad[i] != NULL; i++) {
		g_autoptr(GError) error = NULL;
		g_autofree gchar *host = NULL;
		guint16 port = 0;
		g_assert_false(sori_metrics_parse_address(bad[i], &host, &port, &error));
		g_assert_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
		g_assert_null(host);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/metrics/registry/counter-and-gauge", test_counter_and_gauge);
	g_test_add_func("/metrics/registry/escaping", test_escaping);
	g_test_add_func("/metrics/registry/histogram", test_histogram);
	g_test_add_func("/metrics/registry/collector", test_collector);
	g_test_add_func("/metrics/registry/names", test_names);
	g_test_add_func("/metrics/sorid/requests", test_sorid_requests);
	g_test_add_func("/metrics/address", test_address);
	return g_test_run();
}
