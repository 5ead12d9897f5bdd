/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * bench/route (the C half): directions across a generated venue, on one
 * core. Each route is timed from the two ids to its worded steps, as the
 * route API finds them (places looked up, A*, the words, or on no route the
 * reason); the reference, in the same run, is one breadth-first walk of the
 * whole graph, the least any search that visits every place could cost.
 *
 *   route-bench CATALOGUE [N]
 */

#include "config.h"

#include "sori-bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "sori-catalogue.h"
#include "sori-directions.h"

static gdouble
now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int
main(int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriCatalogue) catalogue = NULL;
	g_autoptr(GRand) rand = g_rand_new_with_seed(20261201);
	g_autofree gdouble *route_us = NULL;
	g_autofree gdouble *search_us = NULL;
	gdouble bfs_us[64];
	guint n = argc > 2 ? (guint) g_ascii_strtoull(argv[2], NULL, 10) : 4000;
	guint n_found = 0;
	guint n_steps = 0;
	gdouble load_start;
	gdouble load_ms;
	SoriMap *map;
	guint n_places;

	if (argc < 2) {
		g_printerr("usage: route-bench CATALOGUE [N]\n");
		return 2;
	}
	load_start = now_us();
	catalogue = sori_catalogue_new_from_file(argv[1], NULL, &error);
	load_ms = (now_us() - load_start) / 1000;
	if (catalogue == NULL) {
		g_printerr("route-bench: %s\n", error->message);
		return 1;
	}
	map = sori_catalogue_get_map(catalogue);
	n_places = sori_map_get_n_places(map);
	route_us = g_new(gdouble, n);
	search_us = g_new(gdouble, n);

	for (guint i = 0; i < n; i++) {
		const SoriPlace *from
			= sori_map_get_place(map, g_rand_int_range(rand, 0, n_places));
		const SoriPlace *to = sori_map_get_place(map, g_rand_int_range(rand, 0, n_places));
		SoriProfile profile = g_rand_int_range(rand, 0, SORI_PROFILE_LAST);
		g_autoptr(SoriDirections) directions = NULL;
		g_autoptr(SoriMapRoute) route = NULL;
		g_autoptr(GError) no_route = NULL;
		guint a;
		guint b;
		gdouble start = now_us();

		directions = sori_directions_find(catalogue, from->id, to->id, profile, "en", NULL,
						  &no_route);
		route_us[i] = now_us() - start;
		if (directions != NULL) {
			n_found++;
			n_steps += directions->steps->len;
		}
		/* the search alone */
		sori_map_lookup_place(map, from->id, &a);
		sori_map_lookup_place(map, to->id, &b);
		start = now_us();
		route = sori_map_find_route(map, a, b, profile);
		search_us[i] = now_us() - start;
	}
	for (guint i = 0; i < G_N_ELEMENTS(bfs_us); i++) {
		guint source = g_rand_int_range(rand, 0, n_places);
		gdouble start = now_us();
		gboolean *seen = sori_map_reachable(map, &source, 1, FALSE, NULL, NULL);
		bfs_us[i] = now_us() - start;
		g_free(seen);
	}

	printf("places: %u\n", n_places);
	printf("ways: %u\n", sori_map_get_n_ways(map));
	printf("floors: %u\n", sori_map_get_n_floors(map));
	printf("catalogue_load_ms: %.1f\n", load_ms);
	printf("routes_timed: %u\n", n);
	printf("routes_found_pct: %.1f\n", 100.0 * n_found / n);
	printf("steps_per_route: %.1f\n", n_found > 0 ? (gdouble) n_steps / n_found : 0);
	printf("route_p50_us: %.0f\n", sori_bench_percentile(route_us, n, 50));
	printf("route_p95_us: %.0f\n", sori_bench_percentile(route_us, n, 95));
	printf("route_p99_us: %.0f\n", sori_bench_percentile(route_us, n, 99));
	printf("search_p50_us: %.0f\n", sori_bench_percentile(search_us, n, 50));
	printf("search_p95_us: %.0f\n", sori_bench_percentile(search_us, n, 95));
	printf("bfs_whole_graph_p50_us: %.0f\n",
	       sori_bench_percentile(bfs_us, G_N_ELEMENTS(bfs_us), 50));
	return 0;
}
