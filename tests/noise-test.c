/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The released counts' noise has the distribution the README states: a
 * chi-square test of the two-sided geometric law over many draws from a
 * fixed seed, its variance, its margin of error, and its symmetry.
 */

#include "config.h"

#include <math.h>

#include "sori-noise.h"

#define DRAWS 200000

static gdouble
expected_probability(gdouble alpha, gint64 k)
{
	return (1 - alpha) / (1 + alpha) * pow(alpha, (gdouble) ABS(k));
}

/* the draws' histogram against P(k) over -span..span, the tails lumped in two bins */
static void
check_distribution(SoriNoise *noise, gdouble epsilon, guint sensitivity, gint64 span)
{
	gdouble alpha = sori_noise_geometric_alpha(epsilon, sensitivity);
	guint n_bins = (guint) (2 * span + 3);
	g_autofree guint *observed = g_new0(guint, n_bins);
	gdouble sum = 0, sum_squares = 0, chi2 = 0, tail = 0;
	gdouble variance = 2 * alpha / ((1 - alpha) * (1 - alpha));
	guint bound = sori_noise_geometric_bound(epsilon, sensitivity, 0.95);
	guint within = 0;

	for (guint i = 0; i < DRAWS; i++) {
		gint64 k = sori_noise_geometric(noise, epsilon, sensitivity);
		guint bin = k < -span ? 0 : k > span ? n_bins - 1 : (guint) (k + span + 1);
		observed[bin]++;
		sum += (gdouble) k;
		sum_squares += (gdouble) k * (gdouble) k;
		within += (guint) (ABS(k) <= (gint64) bound);
	}
	for (gint64 k = -span; k <= span; k++)
		tail += expected_probability(alpha, k);
	tail = (1 - tail) / 2;
	for (guint bin = 0; bin < n_bins; bin++) {
		gdouble p = bin == 0 || bin == n_bins - 1
				    ? tail
				    : expected_probability(alpha, (gint64) bin - span - 1);
		gdouble e = p * DRAWS;
		chi2 += (observed[bin] - e) * (observed[bin] - e) / e;
	}
	g_test_message("epsilon %.2f sensitivity %u: chi2 %.1f over %u bins, mean %.3f, "
		       "variance %.2f (expected %.2f), %.4f within +/-%u",
		       epsilon, sensitivity, chi2, n_bins, sum / DRAWS, sum_squares / DRAWS,
		       variance, (gdouble) within / DRAWS, bound);
	/* the 99.9th percentile of chi-square with n_bins - 1 degrees of freedom is under
	 * 2 * (n_bins - 1) + 10 for the sizes used here */
	g_assert_cmpfloat(chi2, <, 2.0 * (n_bins - 1) + 10);
	/* unbiased, and as wide as stated: 5 standard errors */
	g_assert_cmpfloat(fabs(sum / DRAWS), <, 5 * sqrt(variance / DRAWS));
	g_assert_cmpfloat(fabs(sum_squares / DRAWS - variance) / variance, <, 0.03);
	/* the stated margin holds 95 % of the noise, and is the least that does */
	g_assert_cmpfloat((gdouble) within / DRAWS, >=, 0.945);
	g_assert_cmpfloat(2 * pow(alpha, bound) / (1 + alpha), >, 0.05);
}

static void
test_geometric_unit(void)
{
	g_autoptr(SoriNoise) noise = sori_noise_new_seeded(20261201);
	/* a = 1/e: P(0) = 0.462, P(±1) = 0.170, ... */
	check_distribution(noise, 1.0, 1, 8);
}

static void
test_geometric_release(void)
{
	g_autoptr(SoriNoise) noise = sori_noise_new_seeded(4242);
	/* what a release of usage counts draws: a phone's day counts 63 at the most */
	check_distribution(noise, 1.0, 63, 150);
	check_distribution(noise, 0.25, 10, 120);
}

static void
test_kernel_generator(void)
{
	g_autoptr(SoriNoise) noise = sori_noise_new();
	/* the kernel's generator has the same law; not reproducible, so a looser check */
	check_distribution(noise, 1.0, 2, 12);
}

static void
test_seeded_is_reproducible(void)
{
	g_autoptr(SoriNoise) a = sori_noise_new_seeded(7);
	g_autoptr(SoriNoise) b = sori_noise_new_seeded(7);
	g_autoptr(SoriNoise) c = sori_noise_new_seeded(8);
	guint differ = 0;

	for (guint i = 0; i < 100; i++) {
		gint64 x = sori_noise_geometric(a, 1.0, 63);
		g_assert_cmpint(x, ==, sori_noise_geometric(b, 1.0, 63));
		differ += (guint) (x != sori_noise_geometric(c, 1.0, 63));
	}
	g_assert_cmpuint(differ, >, 90);
}

static void
test_bound(void)
{
	/* a = 1/e: P(|k| > 2) = 2 e^-3 / (1 + e^-1) = 0.073, P(|k| > 3) = 0.027 */
	g_assert_cmpuint(sori_noise_geometric_bound(1.0, 1, 0.95), ==, 3);
	g_assert_cmpuint(sori_noise_geometric_bound(1.0, 1, 0.90), ==, 2);
	/* wider with the sensitivity, narrower with epsilon */
	g_assert_cmpuint(sori_noise_geometric_bound(1.0, 63, 0.95), >, 150);
	g_assert_cmpuint(sori_noise_geometric_bound(1.0, 63, 0.95), <, 200);
	g_assert_cmpuint(sori_noise_geometric_bound(2.0, 63, 0.95), <,
			 sori_noise_geometric_bound(1.0, 63, 0.95));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/noise/geometric-unit", test_geometric_unit);
	g_test_add_func("/noise/geometric-release", test_geometric_release);
	g_test_add_func("/noise/kernel-generator", test_kernel_generator);
	g_test_add_func("/noise/seeded", test_seeded_is_reproducible);
	g_test_add_func("/noise/bound", test_bound);
	return g_test_run();
}
