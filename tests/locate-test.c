/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Where am I, from noisy readings whose right answer is known.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sori-locate.h"

static void
test_smoothing(void)
{
	gdouble three[] = { -70, -71, -69 };
	gdouble spike[] = { -80, -81, -79, -40 };
	gdouble two[] = { -60, -70 };
	gdouble ten[] = { -60, -61, -62, -60, -61, -62, -60, -61, -20, -99 };

	/* from three readings on, the highest and lowest are set aside */
	g_assert_cmpfloat(sori_locate_smooth_rssi(three, 3), ==, -70);
	g_assert_cmpfloat(sori_locate_smooth_rssi(spike, 4), ==, -79.5);
	g_assert_cmpfloat(sori_locate_smooth_rssi(two, 2), ==, -65);
	g_assert_cmpfloat_with_epsilon(sori_locate_smooth_rssi(ten, 10), -61.0, 0.2);
}

static void
test_distance(void)
{
	/* at the measured power, one metre; 22 dB weaker, ten metres (n = 2.2) */
	g_assert_cmpfloat_with_epsilon(sori_locate_distance(-59, -59), 1.0, 1e-9);
	g_assert_cmpfloat_with_epsilon(sori_locate_distance(-81, -59), 10.0, 1e-9);
	/* clamped to what a phone can tell */
	g_assert_cmpfloat(sori_locate_distance(-20, -59), ==, 0.1);
	g_assert_cmpfloat(sori_locate_distance(-127, -59), ==, 100.0);
}

static SoriCatalogue *
load_sample(void)
{
	g_autofree gchar *path
		= g_build_filename(g_getenv("SORI_SAMPLE_DIR"), "dasol-museum.json", NULL);
	g_autoptr(GError) error = NULL;
	SoriCatalogue *catalogue = sori_catalogue_new_from_file(path, NULL, &error);
	g_assert_no_error(error);
	return catalogue;
}

/* the RSSI a phone reports at @distance metres: path loss, gaussian noise and,
 * one time in ten, a reflection 25 dB too strong */
static gint
noisy_rssi(GRand *rand, gdouble distance)
{
	gdouble u1 = g_rand_double_range(rand, 1e-9, 1.0);
	gdouble u2 = g_rand_double(rand);
	gdouble noise = sqrt(-2 * log(u1)) * cos(2 * G_PI * u2) * 4.0;
	gdouble rssi = -59 - 10 * SORI_LOCATE_PATH_LOSS * log10(distance) + noise;
	if (g_rand_int_range(rand, 0, 10) == 0)
		rssi += 25;
	return (gint) CLAMP(round(rssi), -127, -1);
}

static void
test_noisy_sequences(void)
{
	g_autoptr(SoriCatalogue) catalogue = load_sample();
	GRand *rand = g_rand_new_with_seed(2026);
	const gchar *uuid = "5a4bcfce-174e-4bac-a814-092e77f6b7e5";
	guint right = 0;
	const guint trials = 300;

	/* a visitor 1.5 m from the moon jar (beacon 1:101), 4 m from the celadon (1:102)
	 * and 6 m from the buncheong flask (1:103); eight readings of each */
	for (guint t = 0; t < trials; t++) {
		g_autoptr(GString) body = g_string_new("{\"sightings\": [");
		g_autoptr(GBytes) bytes = NULL;
		g_autoptr(JsonNode) answer = NULL;
		g_autoptr(GError) error = NULL;
		const struct {
			guint minor;
			gdouble distance;
		} beacons[] = { { 101, 1.5 }, { 102, 4.0 }, { 103, 6.0 } };
		for (guint b = 0; b < G_N_ELEMENTS(beacons); b++) {
			for (guint r = 0; r < 8; r++)
				g_string_append_printf(
					body,
					"%s{\"id\": \"ibeacon:%s:1:%u\", \"rssi\": %d, "
					"\"age_ms\": %u}",
					b + r > 0 ? ", " : "", uuid, beacons[b].minor,
					noisy_rssi(rand, beacons[b].distance), r * 1000);
		}
		g_string_append(body, "]}");
		bytes = g_bytes_new(body->str, body->len);
		answer = sori_locate(catalogue, NULL, bytes, 0, &error);
		g_assert_nonnull(answer);
		if (g_strcmp0(json_object_get_string_member(
				      json_object_get_object_member(json_node_get_object(answer),
								    "nearest"),
				      "id"),
			      "moon-jar")
		    == 0)
			right++;
	}
	g_rand_free(rand);
	g_test_message("nearest right in %u of %u trials", right, trials);
	g_assert_cmpuint(right, >=, trials * 95 / 100);
}

static void
test_one_reading_cannot_swing(void)
{
	g_autoptr(SoriCatalogue) catalogue = load_sample();
	const gchar *body
		= "{\"sightings\": ["
		  "{\"id\": \"ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:1:101\", \"rssi\": -66},"
		  "{\"id\": \"ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:1:101\", \"rssi\": -67},"
		  "{\"id\": \"ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:1:101\", \"rssi\": -65},"
		  "{\"id\": \"ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:1:102\", \"rssi\": -78},"
		  "{\"id\": \"ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:1:102\", \"rssi\": -79},"
		  "{\"id\": \"ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:1:102\", \"rssi\": "
		  "-35}]}";
	g_autoptr(GBytes) bytes = g_bytes_new_static(body, strlen(body));
	g_autoptr(JsonNode) answer = NULL;
	g_autoptr(GError) error = NULL;
	JsonObject *nearest;

	answer = sori_locate(catalogue, NULL, bytes, 0, &error);
	g_assert_nonnull(answer);
	nearest = json_object_get_object_member(json_node_get_object(answer), "nearest");
	g_assert_cmpstr(json_object_get_string_member(nearest, "id"), ==, "moon-jar");
	/* -66 dBm against -59 at 1 m: about 2.1 m */
	g_assert_cmpfloat_with_epsilon(json_object_get_double_member(nearest, "distance_m"), 2.1,
				       0.05);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/locate/smoothing", test_smoothing);
	g_test_add_func("/locate/distance", test_distance);
	g_test_add_func("/locate/noisy-sequences", test_noisy_sequences);
	g_test_add_func("/locate/one-reading-cannot-swing", test_one_reading_cannot_swing);
	return g_test_run();
}
