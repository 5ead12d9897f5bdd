/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What the benchmarks share: the figures they print are percentiles of rounds.
 */

#include "config.h"

#include <stdlib.h>

#include "sori-bench.h"

static gint
sori_bench_compare_doubles(gconstpointer a, gconstpointer b)
{
	gdouble x = *(const gdouble *) a;
	gdouble y = *(const gdouble *) b;
	return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * sori_bench_percentile:
 * @values: (array length=n): measurements, sorted in place
 * @p: the percentile, 50 for the median
 *
 * Returns: the @p-th percentile of @values (nearest rank)
 */
gdouble
sori_bench_percentile(gdouble *values, guint n, guint p)
{
	qsort(values, n, sizeof(gdouble), sori_bench_compare_doubles);
	return values[MIN(n - 1, (n * p + 99) / 100 - 1)];
}
