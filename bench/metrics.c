/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What the metrics cost sorid: a request counted (counter, histogram and the
 * clock read it needs), alone and from two threads at once, against the
 * clock read alone in the same run; and a scrape of every series.
 *
 *   build/bench/metrics-bench
 */

#include "config.h"

#include <string.h>

#include "sori-bench.h"
#include "sori-metrics.h"

#define ROUNDS    15
#define PER_ROUND 1000000
#define SCRAPES   200
#define N_ROUTES  50

static volatile gint64 sink;

static gdouble
ns_per_clock_read(void)
{
	gint64 start = g_get_monotonic_time();
	for (guint i = 0; i < PER_ROUND; i++)
		sink += g_get_monotonic_time();
	return (g_get_monotonic_time() - start) * 1000.0 / PER_ROUND;
}

static gpointer
count_requests_thread(gpointer user_data)
{
	for (guint i = 0; i < PER_ROUND; i++)
		sori_metrics_count_request(i % N_ROUTES, 200, g_get_monotonic_time());
	return NULL;
}

static gdouble
ns_per_request(guint n_threads)
{
	GThread *threads[2];
	gint64 start = g_get_monotonic_time();

	for (guint t = 0; t < n_threads; t++)
		threads[t] = g_thread_new("count", count_requests_thread, NULL);
	for (guint t = 0; t < n_threads; t++)
		g_thread_join(threads[t]);
	return (g_get_monotonic_time() - start) * 1000.0 / PER_ROUND;
}

int
main(int argc, char **argv)
{
	const gchar *names[N_ROUTES];
	gdouble clock[ROUNDS];
	gdouble one[ROUNDS];
	gdouble two[ROUNDS];
	gdouble scrape[SCRAPES];
	gsize bytes = 0;
	guint series = 0;

	for (guint i = 0; i < N_ROUTES; i++)
		names[i] = g_intern_string(g_strdup_printf("/route/%u/{id}", i));
	sori_metrics_declare_routes(names, N_ROUTES);
	for (guint r = 0; r < ROUNDS; r++) {
		clock[r] = ns_per_clock_read();
		one[r] = ns_per_request(1);
		two[r] = ns_per_request(2);
	}
	for (guint s = 0; s < SCRAPES; s++) {
		gint64 start = g_get_monotonic_time();
		g_autofree gchar *text = sori_metrics_write();
		scrape[s] = (gdouble) (g_get_monotonic_time() - start);
		bytes = strlen(text);
		series = 0;
		for (const gchar *p = text; *p != '\0'; p++) {
			if ((p == text || p[-1] == '\n') && *p != '#')
				series++;
		}
	}
	g_print("metrics_clock_read_ns: %.1f\n", sori_bench_percentile(clock, ROUNDS, 50));
	g_print("metrics_count_request_ns: %.1f\n", sori_bench_percentile(one, ROUNDS, 50));
	g_print("metrics_count_request_2_threads_ns: %.1f\n",
		sori_bench_percentile(two, ROUNDS, 50));
	g_print("metrics_count_request_over_clock: %.2f\n",
		sori_bench_percentile(one, ROUNDS, 50) / sori_bench_percentile(clock, ROUNDS, 50));
	g_print("metrics_scrape_us: %.0f\n", sori_bench_percentile(scrape, SCRAPES, 50));
	g_print("metrics_scrape_bytes: %" G_GSIZE_FORMAT "\n", bytes);
	g_print("metrics_series: %u\n", series);
	return 0;
}
