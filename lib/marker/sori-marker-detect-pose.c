/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Where a code is, through the pinhole camera (square pixels, principal point
 * at the frame's centre, f = (width / 2) / tan(fov / 2)): the bearing is the
 * direction of the ray through the code's centre; the distance is the scale
 * of the code as seen square to that ray, in its least foreshortened
 * direction, which needs no estimate of its tilt (a small code's tilt is the
 * least certain thing about it).
 */

#include "sori-marker-detect-private.h"
#include "sori-marker-math-private.h"

/* tan(x) for 0 < x < π/2, without libm: sin and cos of x / 8 by their series,
 * then doubled three times */
static double
tangent(double x)
{
	double half = x / 8;
	double h2 = half * half;
	double s = half, c = 1, term_s = half, term_c = 1;
	for (int k = 1; k <= 10; k++) {
		term_s = -term_s * h2 / ((2 * k) * (2 * k + 1));
		term_c = -term_c * h2 / ((2 * k - 1) * (2 * k));
		s += term_s;
		c += term_c;
	}
	for (int i = 0; i < 3; i++) {
		double s2 = 2 * s * c;
		double c2 = c * c - s * s;
		s = s2;
		c = c2;
	}
	return s / c;
}

/* where the homography puts a point of the code's plane, seen along the code's
 * centre ray: coordinates in the plane square to that ray, at unit depth */
static void
view_along_ray(const double g[9], const double basis[3][3], double x, double y, double out[2])
{
	double seen[2];
	sori_marker_homography_apply(g, x, y, seen);
	double v[3] = { seen[0], seen[1], 1 };
	double depth = basis[2][0] * v[0] + basis[2][1] * v[1] + basis[2][2] * v[2];
	out[0] = (basis[0][0] * v[0] + basis[0][1] * v[1] + basis[0][2] * v[2]) / depth;
	out[1] = (basis[1][0] * v[0] + basis[1][1] * v[1] + basis[1][2] * v[2]) / depth;
}

void
sori_marker_pose(SoriMarkerDetection *det, int width, int height, const SoriMarkerCamera *camera)
{
	double focal = (width / 2.0) / tangent(camera->fov_deg * SORI_MARKER_PI / 360.0);
	double half = camera->size_mm / 2000.0;
	/* the grid's corners in metres in its own plane, x right and y down as printed */
	const double plane[4][2]
		= { { -half, -half }, { half, -half }, { half, half }, { -half, half } };
	/* and where they are seen, in normalised image coordinates (pixels / f) */
	double seen[4][2];
	for (int i = 0; i < 4; i++) {
		seen[i][0] = (det->corners[i][0] - width / 2.0) / focal;
		seen[i][1] = (det->corners[i][1] - height / 2.0) / focal;
	}
	det->distance_m = 0;
	det->bearing_deg = 0;
	det->clock = 12;
	double g[9];
	if (!sori_marker_homography(plane, seen, g))
		return;

	/* the ray to the code's centre, and two axes square to it */
	double centre[2];
	sori_marker_homography_apply(g, 0, 0, centre);
	double ray_length = sori_marker_sqrt(centre[0] * centre[0] + centre[1] * centre[1] + 1);
	double basis[3][3];
	basis[2][0] = centre[0] / ray_length;
	basis[2][1] = centre[1] / ray_length;
	basis[2][2] = 1 / ray_length;
	double e1[3] = { 1 - basis[2][0] * basis[2][0], -basis[2][0] * basis[2][1],
			 -basis[2][0] * basis[2][2] };
	double e1_length = sori_marker_sqrt(e1[0] * e1[0] + e1[1] * e1[1] + e1[2] * e1[2]);
	for (int k = 0; k < 3; k++)
		basis[0][k] = e1[k] / e1_length;
	basis[1][0] = basis[2][1] * basis[0][2] - basis[2][2] * basis[0][1];
	basis[1][1] = basis[2][2] * basis[0][0] - basis[2][0] * basis[0][2];
	basis[1][2] = basis[2][0] * basis[0][1] - basis[2][1] * basis[0][0];

	/* Seen along its ray from d metres, the code's plane maps to that view by
	 * a 2 × 2 block of a rotation divided by d, whose larger singular value is
	 * 1 / d whatever the code's tilt: the direction it is not foreshortened in.
	 * Its columns from the homography at the code's edges' middles. */
	double px[2], nx[2], py[2], ny[2];
	view_along_ray(g, basis, half, 0, px);
	view_along_ray(g, basis, -half, 0, nx);
	view_along_ray(g, basis, 0, half, py);
	view_along_ray(g, basis, 0, -half, ny);
	double j00 = (px[0] - nx[0]) / (2 * half), j10 = (px[1] - nx[1]) / (2 * half);
	double j01 = (py[0] - ny[0]) / (2 * half), j11 = (py[1] - ny[1]) / (2 * half);
	double squares = j00 * j00 + j01 * j01 + j10 * j10 + j11 * j11;
	double det2 = j00 * j11 - j01 * j10;
	double spread = squares * squares - 4 * det2 * det2;
	double largest = sori_marker_sqrt((squares + sori_marker_sqrt(spread)) / 2);
	if (!(largest > 0))
		return;
	det->distance_m = 1 / largest;
	/* horizontal angle of the centre's ray; the pixel centre is the projective one */
	det->bearing_deg = sori_marker_atan2(centre[0], 1) * 180.0 / SORI_MARKER_PI;
	det->clock = sori_marker_clock_from_bearing(det->bearing_deg);
}
