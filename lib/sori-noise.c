/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Noise for differentially private counts: the two-sided geometric
 * mechanism (Ghosh, Roughgarden and Sundararajan 2009), the discrete form
 * of the Laplace mechanism. A count whose one contributor can change it by
 * at most @sensitivity, released plus noise k drawn with
 * P(k) = (1 - a) / (1 + a) * a^|k|, a = exp(-epsilon / sensitivity), is
 * epsilon-differentially private. The answer is a whole number, so no
 * low-order bits of a floating-point sample can give the true count away
 * (Mironov 2012).
 *
 * A release draws from the kernel's random number generator; tests draw
 * from a seeded one to check the distribution.
 */

#define G_LOG_DOMAIN "sori"

#include "config.h"

#include <math.h>
#include <sys/random.h>

#include "sori-noise.h"

struct _SoriNoise {
	GObject parent_instance;
	GRand *seeded; /* nullable: the kernel's generator */
};

G_DEFINE_TYPE(SoriNoise, sori_noise, G_TYPE_OBJECT)

static void
sori_noise_finalize(GObject *object)
{
	SoriNoise *self = SORI_NOISE(object);
	if (self->seeded != NULL)
		g_rand_free(self->seeded);
	G_OBJECT_CLASS(sori_noise_parent_class)->finalize(object);
}

static void
sori_noise_class_init(SoriNoiseClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = sori_noise_finalize;
}

static void
sori_noise_init(SoriNoise *self)
{
}

/**
 * sori_noise_new:
 *
 * Returns: (transfer full): noise from getrandom(2), for releases
 */
SoriNoise *
sori_noise_new(void)
{
	return g_object_new(SORI_TYPE_NOISE, NULL);
}

/**
 * sori_noise_new_seeded:
 *
 * Returns: (transfer full): noise that is the same for the same @seed, for tests only
 */
SoriNoise *
sori_noise_new_seeded(guint32 seed)
{
	SoriNoise *self = g_object_new(SORI_TYPE_NOISE, NULL);
	self->seeded = g_rand_new_with_seed(seed);
	return self;
}

/* uniform in (0, 1), never 0 so that its logarithm is finite */
static gdouble
sori_noise_uniform(SoriNoise *self)
{
	guint64 bits = 0;

	if (self->seeded != NULL) {
		bits = ((guint64) g_rand_int(self->seeded) << 32) | g_rand_int(self->seeded);
	} else {
		gsize got = 0;
		while (got < sizeof(bits)) {
			gssize n = getrandom((guint8 *) &bits + got, sizeof(bits) - got, 0);
			/* the kernel's generator does not fail once booted; EINTR is retried */
			if (n > 0)
				got += (gsize) n;
		}
	}
	/* 53 random bits, offset by half a step: strictly inside (0, 1) */
	return ((gdouble) (bits >> 11) + 0.5) / 9007199254740992.0;
}

/**
 * sori_noise_geometric_alpha:
 *
 * Returns: the mechanism's a = exp(-@epsilon / @sensitivity)
 */
gdouble
sori_noise_geometric_alpha(gdouble epsilon, guint sensitivity)
{
	g_return_val_if_fail(epsilon > 0 && sensitivity > 0, 0);
	return exp(-epsilon / (gdouble) sensitivity);
}

/* failures before the first success, P(n) = (1 - a) a^n, by inversion */
static gint64
sori_noise_one_sided(SoriNoise *self, gdouble alpha)
{
	gdouble n = floor(log(sori_noise_uniform(self)) / log(alpha));
	return n < (gdouble) G_MAXINT32 ? (gint64) n : G_MAXINT32;
}

/**
 * sori_noise_geometric:
 * @epsilon: the privacy loss the count may cost, > 0
 * @sensitivity: the most one contributor can change the count by, > 0
 *
 * Draws the two-sided geometric noise for one count: the difference of two
 * independent one-sided geometric draws has exactly that distribution.
 *
 * Returns: the noise to add
 */
gint64
sori_noise_geometric(SoriNoise *self, gdouble epsilon, guint sensitivity)
{
	gdouble alpha = sori_noise_geometric_alpha(epsilon, sensitivity);

	g_return_val_if_fail(SORI_IS_NOISE(self), 0);
	g_return_val_if_fail(alpha > 0 && alpha < 1, 0);
	return sori_noise_one_sided(self, alpha) - sori_noise_one_sided(self, alpha);
}

/**
 * sori_noise_geometric_bound:
 * @confidence: e.g. 0.95
 *
 * Returns: the least k with P(|noise| <= k) >= @confidence, what a reader of a
 *	release is told as its margin of error
 */
guint
sori_noise_geometric_bound(gdouble epsilon, guint sensitivity, gdouble confidence)
{
	gdouble alpha = sori_noise_geometric_alpha(epsilon, sensitivity);
	gdouble k;

	g_return_val_if_fail(confidence > 0 && confidence < 1, 0);
	/* P(|noise| > k) = 2 a^(k+1) / (1 + a) */
	k = ceil(log((1 - confidence) * (1 + alpha) / 2) / log(alpha)) - 1;
	return k > 0 ? (guint) k : 0;
}
