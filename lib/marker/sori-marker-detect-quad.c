/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A quadrilateral fitted to a cluster of boundary points. The points are
 * ordered by their angle around the cluster's centre; a line fitted to a
 * short window of them fits badly where the window straddles a corner, so
 * the windows' errors peak at the corners. Of the strongest peaks, the four
 * whose sides' lines fit best are the quad. Its edges are then found again,
 * to a fraction of a pixel, where the image's grey level rises fastest across
 * each side, and the corners are where those lines meet.
 */

#include "sori-marker-detect-private.h"
#include "sori-marker-family.h"
#include "sori-marker-math-private.h"

/* how badly a side may fit its line, mean squared pixels */
#define MAX_LINE_MSE 10.0
/* the peaks of the corner score tried four at a time */
#define MAX_PEAKS 10
/* a corner's angle must lie between this and its supplement (cos 10°) */
#define MAX_CORNER_COS 0.985
/* the shortest side of a white square, in pixels */
#define MIN_SIDE_PX 2.5

typedef struct {
	double px; /* a point on the line */
	double py;
	double nx; /* its unit normal */
	double ny;
	double mse;
	double error;
} Line;

/* a cheap angle around the origin, increasing with the true one, 0..4 */
static double
pseudo_angle(double dx, double dy)
{
	double sum = sori_marker_abs(dx) + sori_marker_abs(dy);
	if (sum == 0)
		return 0;
	double t = dx / sum; /* 1 .. -1 */
	return dy >= 0 ? 1 - t : 3 + t;
}

static void
sift_down(SoriMarkerFitPoint *p, uint32_t root, uint32_t n)
{
	for (;;) {
		uint32_t child = 2 * root + 1;
		if (child >= n)
			return;
		if (child + 1 < n && p[child + 1].angle > p[child].angle)
			child++;
		if (p[root].angle >= p[child].angle)
			return;
		SoriMarkerFitPoint t = p[root];
		p[root] = p[child];
		p[child] = t;
		root = child;
	}
}

/* heapsort: in place, O(n log n) whatever the order, no recursion */
static void
sort_by_angle(SoriMarkerFitPoint *p, uint32_t n)
{
	for (uint32_t i = n / 2; i-- > 0;)
		sift_down(p, i, n);
	for (uint32_t end = n; end-- > 1;) {
		SoriMarkerFitPoint t = p[0];
		p[0] = p[end];
		p[end] = t;
		sift_down(p, 0, end);
	}
}

/* fits a line to points i0..i1 inclusive, wrapping around the end */
static void
fit_line(const SoriMarkerMoments *m, uint32_t n, uint32_t i0, uint32_t i1, Line *line)
{
	SoriMarkerMoments s;
	const SoriMarkerMoments *a = &m[i0];
	const SoriMarkerMoments *b = &m[i1 + 1];
	s.w = b->w - a->w;
	s.mx = b->mx - a->mx;
	s.my = b->my - a->my;
	s.mxx = b->mxx - a->mxx;
	s.mxy = b->mxy - a->mxy;
	s.myy = b->myy - a->myy;
	if (i1 < i0) {
		const SoriMarkerMoments *end = &m[n];
		s.w += end->w;
		s.mx += end->mx;
		s.my += end->my;
		s.mxx += end->mxx;
		s.mxy += end->mxy;
		s.myy += end->myy;
	}
	if (s.w <= 0) {
		line->px = line->py = 0;
		line->nx = 1;
		line->ny = 0;
		line->mse = line->error = 1e30;
		return;
	}
	double ex = s.mx / s.w;
	double ey = s.my / s.w;
	double cxx = s.mxx / s.w - ex * ex;
	double cxy = s.mxy / s.w - ex * ey;
	double cyy = s.myy / s.w - ey * ey;
	/* the smaller eigenvalue is the mean squared distance to the best line */
	double root = sori_marker_sqrt((cxx - cyy) * (cxx - cyy) + 4 * cxy * cxy);
	double small = (cxx + cyy - root) / 2;
	if (small < 0)
		small = 0;
	/* the normal is that eigenvalue's eigenvector */
	double nx, ny;
	if (sori_marker_abs(cxx - small) >= sori_marker_abs(cyy - small)) {
		nx = -cxy;
		ny = cxx - small;
	} else {
		nx = cyy - small;
		ny = -cxy;
	}
	double len = sori_marker_sqrt(nx * nx + ny * ny);
	if (len == 0) {
		nx = 1;
		ny = 0;
		len = 1;
	}
	line->px = ex;
	line->py = ey;
	line->nx = nx / len;
	line->ny = ny / len;
	line->mse = small;
	line->error = small * s.w;
}

static int
intersect(const Line *a, const Line *b, double out[2])
{
	double ca = a->nx * a->px + a->ny * a->py;
	double cb = b->nx * b->px + b->ny * b->py;
	double det = a->nx * b->ny - a->ny * b->nx;
	if (sori_marker_abs(det) < 1e-6)
		return 0;
	out[0] = (ca * b->ny - a->ny * cb) / det;
	out[1] = (a->nx * cb - ca * b->nx) / det;
	return 1;
}

/* the peaks of the smoothed corner score, at most MAX_PEAKS, in point order */
static int
find_peaks(SoriMarkerContext *ctx, uint32_t n, uint32_t peaks[MAX_PEAKS])
{
	const SoriMarkerMoments *m = ctx->moments;
	uint32_t half = n / 12;
	if (half > 20)
		half = 20;
	if (half < 1)
		half = 1;
	for (uint32_t i = 0; i < n; i++) {
		Line line;
		fit_line(m, n, (i + n - half) % n, (i + half) % n, &line);
		ctx->errors[i] = line.error;
	}
	/* a small Gaussian (σ = 1 point) so that one noisy point is no corner */
	static const double kernel[7]
		= { 0.011109, 0.135335, 0.606531, 1.0, 0.606531, 0.135335, 0.011109 };
	for (uint32_t i = 0; i < n; i++) {
		double sum = 0;
		for (int k = -3; k <= 3; k++)
			sum += kernel[k + 3] * ctx->errors[(i + n + (uint32_t) (k + 3) - 3) % n];
		ctx->errors_smooth[i] = sum;
	}
	double peak_value[MAX_PEAKS];
	int n_peaks = 0;
	for (uint32_t i = 0; i < n; i++) {
		double v = ctx->errors_smooth[i];
		if (v <= ctx->errors_smooth[(i + n - 1) % n] || v < ctx->errors_smooth[(i + 1) % n])
			continue;
		/* keep the strongest, in point order */
		int slot = n_peaks;
		if (n_peaks == MAX_PEAKS) {
			int weakest = 0;
			for (int k = 1; k < MAX_PEAKS; k++)
				if (peak_value[k] < peak_value[weakest])
					weakest = k;
			if (peak_value[weakest] >= v)
				continue;
			for (int k = weakest; k + 1 < MAX_PEAKS; k++) {
				peaks[k] = peaks[k + 1];
				peak_value[k] = peak_value[k + 1];
			}
			slot = MAX_PEAKS - 1;
		} else {
			n_peaks++;
		}
		peaks[slot] = i;
		peak_value[slot] = v;
	}
	return n_peaks;
}

/* the four peaks whose sides fit lines best; FALSE when no four do */
static int
choose_corners(SoriMarkerContext *ctx, uint32_t n, Line lines[4])
{
	uint32_t peaks[MAX_PEAKS];
	int n_peaks = find_peaks(ctx, n, peaks);
	if (n_peaks < 4)
		return 0;
	double best = 1e300;
	int found = 0;
	for (int a = 0; a < n_peaks - 3; a++)
		for (int b = a + 1; b < n_peaks - 2; b++)
			for (int c = b + 1; c < n_peaks - 1; c++)
				for (int d = c + 1; d < n_peaks; d++) {
					uint32_t idx[4]
						= { peaks[a], peaks[b], peaks[c], peaks[d] };
					Line fit[4];
					double total = 0;
					int ok = 1;
					for (int s = 0; s < 4 && ok; s++) {
						uint32_t from = idx[s];
						uint32_t to = idx[(s + 1) % 4];
						uint32_t count = (to + n - from) % n + 1;
						if (count < 3) {
							ok = 0;
							break;
						}
						fit_line(ctx->moments, n, from, to, &fit[s]);
						ok = fit[s].mse <= MAX_LINE_MSE;
						total += fit[s].error;
					}
					if (!ok || total >= best)
						continue;
					best = total;
					found = 1;
					for (int s = 0; s < 4; s++)
						lines[s] = fit[s];
				}
	return found;
}

/* FALSE unless the corners make a convex quad, clockwise in the image, not too thin */
static int
quad_is_plausible(const double c[4][2])
{
	for (int i = 0; i < 4; i++) {
		const double *p = c[(i + 3) % 4];
		const double *q = c[i];
		const double *r = c[(i + 1) % 4];
		double ax = p[0] - q[0], ay = p[1] - q[1];
		double bx = r[0] - q[0], by = r[1] - q[1];
		double la = sori_marker_sqrt(ax * ax + ay * ay);
		double lb = sori_marker_sqrt(bx * bx + by * by);
		if (la < MIN_SIDE_PX || lb < MIN_SIDE_PX)
			return 0;
		/* clockwise on screen (y down): each turn has a negative cross product */
		if (bx * ay - by * ax <= 0)
			return 0;
		if (sori_marker_abs(ax * bx + ay * by) > MAX_CORNER_COS * la * lb)
			return 0;
	}
	return 1;
}

static double
sample_light(const SoriMarkerContext *ctx, double x, double y)
{
	double fx = sori_marker_clamp(x - 0.5, 0, ctx->width - 1);
	double fy = sori_marker_clamp(y - 0.5, 0, ctx->height - 1);
	int ix = (int) fx, iy = (int) fy;
	ix = ix > ctx->width - 2 ? ctx->width - 2 : ix;
	iy = iy > ctx->height - 2 ? ctx->height - 2 : iy;
	double ax = fx - ix, ay = fy - iy;
	const uint8_t *p = ctx->grey + (size_t) iy * ctx->stride + ix;
	double top = sori_marker_linear_light[p[0]]
		     + (sori_marker_linear_light[p[1]] - sori_marker_linear_light[p[0]]) * ax;
	double bottom = sori_marker_linear_light[p[ctx->stride]]
			+ (sori_marker_linear_light[p[ctx->stride + 1]]
			   - sori_marker_linear_light[p[ctx->stride]])
				  * ax;
	return top + (bottom - top) * ay;
}

/* where, along the normal (nx, ny) through (px, py), the grey level crosses the
 * middle of its dark and bright levels at its steepest rise: @offset in
 * pixels and the rise's @strength; FALSE when no rise stands out */
static int
edge_across(const SoriMarkerContext *ctx, double px, double py, double nx, double ny, int steps,
	    double *offset, double *strength)
{
	/* the grey level every quarter pixel from -(steps / 4 + 0.5) to +(…) */
	double profile[2 * 16 + 5];
	int n = 2 * steps + 5;
	for (int j = 0; j < n; j++) {
		double o = (j - steps - 2) * 0.25;
		profile[j] = sample_light(ctx, px + nx * o, py + ny * o);
	}
	/* the steepest rise over one pixel, centred on profile[best + 2] */
	int best = 0;
	for (int s = 1; s <= 2 * steps; s++)
		if (profile[s + 4] - profile[s] > profile[best + 4] - profile[best])
			best = s;
	double rise = profile[best + 4] - profile[best];
	/* a peak on the window's rim is no edge; too faint is no edge either */
	if (rise < 4 || best == 0 || best == 2 * steps)
		return 0;
	double dark = profile[best + 2], bright = profile[best + 2];
	for (int j = 0; j <= best + 2; j++)
		dark = profile[j] < dark ? profile[j] : dark;
	for (int j = best + 2; j < n; j++)
		bright = profile[j] > bright ? profile[j] : bright;
	double middle = (dark + bright) / 2;
	int j = best + 2;
	if (profile[j] > middle)
		while (j > 0 && profile[j] > middle)
			j--;
	else
		while (j + 2 < n && profile[j + 1] <= middle)
			j++;
	double step = profile[j + 1] - profile[j];
	double within = step > 0 ? (middle - profile[j]) / step : 0.5;
	*offset = (j - steps - 2 + sori_marker_clamp(within, 0, 1)) * 0.25;
	*strength = rise;
	return 1;
}

/* the edge from a to b found again where the grey level rises fastest toward
 * the inside; FALSE leaves @line as it was */
static int
refine_edge(const SoriMarkerContext *ctx, const double a[2], const double b[2],
	    const double inside[2], double across, Line *line)
{
	double dx = b[0] - a[0], dy = b[1] - a[1];
	double length = sori_marker_sqrt(dx * dx + dy * dy);
	if (length < 1)
		return 0;
	dx /= length;
	dy /= length;
	double nx = -dy, ny = dx;
	if (nx * (inside[0] - a[0]) + ny * (inside[1] - a[1]) < 0) {
		nx = -nx;
		ny = -ny;
	}
	/* search up to most of a cell either side, a cell across the edge (@across
	 * is the square's extent that way): the ring's other edges fall the other
	 * way, but the data's rise two cells in */
	double reach = sori_marker_clamp(0.6 * across / SORI_MARKER_FAMILY_BORDER, 0.75, 4.0);
	int steps = (int) (reach * 4);
	int samples = (int) sori_marker_clamp(length / 1.5, 3, 24);
	double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
	int used = 0;
	for (int k = 0; k < samples; k++) {
		double t = (0.1 + 0.8 * (k + 0.5) / samples) * length;
		double px = a[0] + dx * t, py = a[1] + dy * t;
		double o, w;
		if (!edge_across(ctx, px, py, nx, ny, steps, &o, &w))
			continue;
		double ex = px + nx * o, ey = py + ny * o;
		sw += w;
		sx += w * ex;
		sy += w * ey;
		sxx += w * ex * ex;
		sxy += w * ex * ey;
		syy += w * ey * ey;
		used++;
	}
	if (used < 3)
		return 0;
	SoriMarkerMoments m[2] = { { 0, 0, 0, 0, 0, 0 }, { sw, sx, sy, sxx, sxy, syy } };
	Line refined;
	fit_line(m, 1, 0, 0, &refined);
	if (refined.mse > 1.0)
		return 0;
	*line = refined;
	return 1;
}

static void
corners_from_lines(const Line lines[4], double corners[4][2], int *ok)
{
	/* corner i joins side i - 1 and side i */
	*ok = 1;
	for (int i = 0; i < 4; i++)
		if (!intersect(&lines[(i + 3) % 4], &lines[i], corners[i]))
			*ok = 0;
}

/* loads the cluster's points sorted by angle; FALSE if its white is not inside */
static int
load_points(SoriMarkerContext *ctx, const SoriMarkerCluster *cluster)
{
	const SoriMarkerEdgePoint *src = ctx->sorted_points + cluster->offset;
	uint32_t n = cluster->count;
	double cx = 0, cy = 0;
	int min_x = 65535, max_x = 0, min_y = 65535, max_y = 0;
	for (uint32_t i = 0; i < n; i++) {
		cx += src[i].x2;
		cy += src[i].y2;
		min_x = src[i].x2 < min_x ? src[i].x2 : min_x;
		max_x = src[i].x2 > max_x ? src[i].x2 : max_x;
		min_y = src[i].y2 < min_y ? src[i].y2 : min_y;
		max_y = src[i].y2 > max_y ? src[i].y2 : max_y;
	}
	/* a closed outline crosses each column and row of its box twice */
	if ((uint32_t) (max_x - min_x + max_y - min_y) * 2 > n * 3)
		return 0;
	/* and the white it encloses does not spread beyond it (its inside may be
	 * unknown, too flat to tell, so it may be much less) */
	double white = ctx->runs[(uint32_t) (cluster->key >> 32)].pixels;
	double box = (max_x - min_x) * (max_y - min_y) / 4.0;
	if (white > 1.5 * box + 16)
		return 0;
	cx /= n;
	cy /= n;
	/* a code's square is white inside: the gradients point at its centre */
	double inward = 0;
	for (uint32_t i = 0; i < n; i++)
		inward -= (src[i].x2 - cx) * src[i].gx + (src[i].y2 - cy) * src[i].gy;
	if (inward <= 0)
		return 0;
	for (uint32_t i = 0; i < n; i++) {
		SoriMarkerFitPoint *p = &ctx->fit_points[i];
		p->x = src[i].x2 * 0.5;
		p->y = src[i].y2 * 0.5;
		double g = sori_marker_abs(src[i].gx) + sori_marker_abs(src[i].gy);
		p->weight = g + 1;
		p->angle = pseudo_angle(src[i].x2 - cx, src[i].y2 - cy);
	}
	sort_by_angle(ctx->fit_points, n);
	SoriMarkerMoments *m = ctx->moments;
	m[0] = (SoriMarkerMoments){ 0, 0, 0, 0, 0, 0 };
	for (uint32_t i = 0; i < n; i++) {
		const SoriMarkerFitPoint *p = &ctx->fit_points[i];
		double w = p->weight;
		m[i + 1].w = m[i].w + w;
		m[i + 1].mx = m[i].mx + w * p->x;
		m[i + 1].my = m[i].my + w * p->y;
		m[i + 1].mxx = m[i].mxx + w * p->x * p->x;
		m[i + 1].mxy = m[i].mxy + w * p->x * p->y;
		m[i + 1].myy = m[i].myy + w * p->y * p->y;
	}
	return 1;
}

int
sori_marker_fit_quad(SoriMarkerContext *ctx, const SoriMarkerCluster *cluster, SoriMarkerQuad *quad)
{
	uint32_t n = cluster->count;
	if (n < SORI_MARKER_MIN_CLUSTER || n > ctx->fit_max)
		return 0;
	if (!load_points(ctx, cluster))
		return 0;
	Line lines[4];
	if (!choose_corners(ctx, n, lines))
		return 0;
	double corners[4][2];
	int ok;
	corners_from_lines(lines, corners, &ok);
	if (!ok || !quad_is_plausible(corners))
		return 0;

	for (int i = 0; i < 4; i++) {
		quad->corners[i][0] = corners[i][0];
		quad->corners[i][1] = corners[i][1];
	}
	return 1;
}

void
sori_marker_refine_quad(const SoriMarkerContext *ctx, SoriMarkerQuad *quad)
{
	double(*corners)[2] = quad->corners;
	double centre[2] = { 0, 0 };
	for (int i = 0; i < 4; i++) {
		centre[0] += corners[i][0] / 4;
		centre[1] += corners[i][1] / 4;
	}
	/* side i runs from corner i to corner i + 1; unrefined, it is their line */
	double sides[4];
	Line refined[4];
	for (int i = 0; i < 4; i++) {
		double dx = corners[(i + 1) % 4][0] - corners[i][0];
		double dy = corners[(i + 1) % 4][1] - corners[i][1];
		sides[i] = sori_marker_sqrt(dx * dx + dy * dy);
		refined[i].px = corners[i][0];
		refined[i].py = corners[i][1];
		refined[i].nx = sides[i] > 0 ? -dy / sides[i] : 1;
		refined[i].ny = sides[i] > 0 ? dx / sides[i] : 0;
	}
	for (int i = 0; i < 4; i++) {
		double across = sori_marker_min(sides[(i + 1) % 4], sides[(i + 3) % 4]);
		refine_edge(ctx, corners[i], corners[(i + 1) % 4], centre, across, &refined[i]);
	}
	double better[4][2];
	int ok;
	corners_from_lines(refined, better, &ok);
	if (!ok || !quad_is_plausible(better))
		return;
	for (int i = 0; i < 4; i++) {
		double mx = better[i][0] - corners[i][0], my = better[i][1] - corners[i][1];
		/* a refinement that jumps far found some other edge */
		if (mx * mx + my * my > 9)
			return;
	}
	for (int i = 0; i < 4; i++) {
		corners[i][0] = better[i][0];
		corners[i][1] = better[i][1];
	}
}
