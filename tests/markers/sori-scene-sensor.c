/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The camera's own degradations, in linear light: dim or uneven light,
 * defocus, motion blur; then its tone curve, sensor noise and 8 bits.
 */

#define G_LOG_DOMAIN "sori-scene"

#include "sori-scene-private.h"

#include <math.h>
#include <string.h>

void
sori_scene_gaussian_blur(float *image, int width, int height, double sigma)
{
	int radius = (int) ceil(3 * sigma);
	int size = 2 * radius + 1;
	g_autofree float *kernel = g_new(float, size);
	g_autofree float *line = g_new(float, MAX(width, height));
	g_autofree float *copy = NULL;
	double sum = 0;

	for (int i = 0; i < size; i++)
		sum += kernel[i] = exp(-0.5 * (i - radius) * (i - radius) / (sigma * sigma));
	for (int i = 0; i < size; i++)
		kernel[i] /= sum;
	/* rows, each padded with its edge pixels */
	line = g_renew(float, line, width + 2 * radius);
	for (int y = 0; y < height; y++) {
		float *row = &image[y * width];
		for (int i = 0; i < radius; i++) {
			line[i] = row[0];
			line[radius + width + i] = row[width - 1];
		}
		memcpy(line + radius, row, sizeof(float) * width);
		for (int x = 0; x < width; x++) {
			float v = 0;
			for (int k = 0; k < size; k++)
				v += kernel[k] * line[x + k];
			row[x] = v;
		}
	}
	/* columns, a whole row at a time */
	copy = g_memdup2(image, sizeof(float) * width * height);
	for (int y = 0; y < height; y++) {
		float *out = &image[y * width];
		memset(out, 0, sizeof(float) * width);
		for (int k = 0; k < size; k++) {
			const float *in = &copy[CLAMP(y + k - radius, 0, height - 1) * width];
			float w = kernel[k];
			for (int x = 0; x < width; x++)
				out[x] += w * in[x];
		}
	}
}

/* a straight motion blur: the mean of the frame shifted along the stroke,
 * each shift bilinear with weights that hold for the whole frame */
static void
motion_blur(float *image, int width, int height, double length, double angle_deg)
{
	int taps = (int) ceil(length) + 1;
	double dx = cos(angle_deg * G_PI / 180), dy = sin(angle_deg * G_PI / 180);
	g_autofree float *copy = g_memdup2(image, sizeof(float) * width * height);
	g_autofree int *columns = g_new(int, width * 2);

	memset(image, 0, sizeof(float) * width * height);
	for (int k = 0; k < taps; k++) {
		double t = -length / 2 + length * k / (taps - 1);
		double ox = t * dx, oy = t * dy;
		int ix = (int) floor(ox), iy = (int) floor(oy);
		float fx = ox - ix, fy = oy - iy;
		float w00 = (1 - fx) * (1 - fy) / taps, w10 = fx * (1 - fy) / taps;
		float w01 = (1 - fx) * fy / taps, w11 = fx * fy / taps;

		for (int x = 0; x < width; x++) {
			columns[2 * x] = CLAMP(x + ix, 0, width - 1);
			columns[2 * x + 1] = CLAMP(x + ix + 1, 0, width - 1);
		}
		for (int y = 0; y < height; y++) {
			const float *r0 = &copy[CLAMP(y + iy, 0, height - 1) * width];
			const float *r1 = &copy[CLAMP(y + iy + 1, 0, height - 1) * width];
			float *out = &image[y * width];
			for (int x = 0; x < width; x++) {
				int c0 = columns[2 * x], c1 = columns[2 * x + 1];
				out[x] += w00 * r0[c0] + w10 * r0[c1] + w01 * r1[c0] + w11 * r1[c1];
			}
		}
	}
}

void
sori_scene_sensor_expose(const SoriSceneParams *params, float *image, Rng *rng, guint8 *pixels)
{
	int width = params->width, height = params->height;
	double exposure = 1.0, veil = 0.0;
	guint8 gamma[4097];
	double exponent = params->gamma > 0 ? 1 / params->gamma : 1 / 2.2;

	/* the camera's tone curve, linear light to 8 bits */
	for (int i = 0; i <= 4096; i++)
		gamma[i] = (guint8) lround(255 * pow(i / 4096.0, exponent));

	/* light */
	if (params->dim) {
		exposure = 0.2;
		veil = 0.01;
	}
	if (params->uneven) {
		double angle = rng_range(rng, 0, 2 * G_PI);
		double ca = cos(angle), sa = sin(angle);
		double half = hypot(width, height) / 2;
		double depth = rng_range(rng, 0.4, 0.7);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				double dx = (x + 0.5 - width / 2.0) / half;
				double dy = (y + 0.5 - height / 2.0) / half;
				double t = 0.5 + 0.5 * (dx * ca + dy * sa);
				double light = (1 - depth * t) * (1 - 0.4 * (dx * dx + dy * dy));
				image[y * width + x] *= light;
			}
		}
	}
	for (int i = 0; i < width * height; i++)
		image[i] = image[i] * exposure + veil;
	if (params->defocus_px > 0)
		sori_scene_gaussian_blur(image, width, height, params->defocus_px);
	if (params->motion_px > 0)
		motion_blur(image, width, height, params->motion_px, params->motion_angle_deg);

	/* the camera's gamma, its noise (a stream of its own, per frame), 8 bits */
	rng_init(rng, params->seed ^ (0x9e3779b97f4a7c15ULL * (params->frame + 1)));
	for (int i = 0; i < width * height; i++) {
		double v = gamma[(int) (CLAMP(image[i], 0.0f, 1.0f) * 4096 + 0.5f)];
		if (params->noise_sigma > 0)
			v += params->noise_sigma * rng_gaussian_fast(rng);
		pixels[i] = (guint8) CLAMP((int) floor(v + 0.5), 0, 255);
	}
}
