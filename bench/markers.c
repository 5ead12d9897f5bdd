/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * bench/markers' C half: the printed codes' detector (lib/marker) against
 * Debian's libapriltag (tagStandard41h12, its default settings) on the scene
 * generator's 1280 × 720 frames (tests/markers, 68° field of view), and its
 * range against zbar reading the label's QR code at the same printed size.
 * Run by bench/markers, which adds the WebAssembly timing under Node. Every
 * frame is a function of its seed: two runs print the same rates.
 *
 * A code counts as detected when the right number is found with its centre
 * within CENTRE_PX of the truth's; any other number found is a false code.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <apriltag/apriltag.h>
#include <apriltag/tagStandard41h12.h>
#include <zbar.h>

#include "sori-bench.h"
#include "sori-marker.h"
#include "sori-scene.h"

#define WIDTH     1280
#define HEIGHT    720
#define FOV_DEG   68.0
#define CENTRE_PX 4.0
/* the label of the range test, and the URL its QR code carries */
#define RANGE_SIZE_MM 150.0
#define RANGE_URL     "https://guide.example.org/v/dasol-museum/c/101"
/* negative frames: this many variants of each one rendered (mirrored, lit,
 * noisy or zoomed), rendering being ten times slower than detecting */
#define NEGATIVE_VARIANTS 20

typedef struct {
	apriltag_detector_t *apriltag;
	apriltag_family_t *family;
	zbar_image_scanner_t *zbar;
	void *workspace;
	gsize workspace_size;
	GArray *marker_ms;       /* gdouble: native detection times, every band frame */
	GArray *apriltag_ms;     /* gdouble */
	GArray *marker_cpu_ms;   /* gdouble: the same, processor time */
	GArray *apriltag_cpu_ms; /* gdouble */
	GArray *wasm_ms;         /* gdouble: native times of the frames written for Node */
	FILE *wasm_frames;       /* (nullable): frames for bench/markers-wasm.mjs */
	guint false_in_positives;
	guint apriltag_false_in_positives;
} Bench;

typedef struct {
	const gchar *name;
	double width_px; /* face-on width of the grid, ±5 %; 0: 50..100 */
	double yaw_min, yaw_max;
} Band;

static const Band bands[] = {
	{ "20px", 20, 0, 45 },   { "30px", 30, 0, 45 },     { "50px", 50, 0, 45 },
	{ "100px", 100, 0, 45 }, { "angle_60", 0, 57, 63 }, { "angle_75", 0, 72, 78 },
};

static double
elapsed_ms(gint64 since)
{
	return (g_get_monotonic_time() - since) / 1000.0;
}

/* this thread's processor time, ms: what a detection costs however busy the
 * machine is with other work */
static double
cpu_ms(void)
{
	struct timespec now;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
	return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

static gboolean
centre_matches(const double centre[2], const SoriSceneTruth *truth)
{
	return hypot(centre[0] - truth->centre[0], centre[1] - truth->centre[1]) <= CENTRE_PX;
}

/* the native detector on @frame: which of its truths it found, and its false codes */
static int
bench_marker(Bench *self, const SoriSceneFrame *frame, double size_mm, SoriMarkerDetection *found,
	     gboolean *truth_found, double *ms)
{
	SoriMarkerCamera camera = { .size_mm = size_mm, .fov_deg = FOV_DEG };
	double cpu_start = cpu_ms();
	gint64 start = g_get_monotonic_time();
	int n = sori_marker_detect(frame->pixels, frame->width, frame->height, frame->width,
				   &camera, self->workspace, self->workspace_size, found,
				   SORI_MARKER_DETECTIONS_MAX);
	int n_false = 0;

	if (ms != NULL) {
		double cpu = cpu_ms() - cpu_start;
		*ms = elapsed_ms(start);
		g_array_append_val(self->marker_cpu_ms, cpu);
	}
	g_assert(n >= 0);
	for (int t = 0; t < frame->n_truths; t++)
		truth_found[t] = FALSE;
	for (int i = 0; i < n; i++) {
		gboolean matched = FALSE;
		for (int t = 0; t < frame->n_truths; t++) {
			if (found[i].id == frame->truths[t].id
			    && centre_matches(found[i].centre, &frame->truths[t])) {
				truth_found[t] = TRUE;
				matched = TRUE;
			}
		}
		/* the same code as another's, elsewhere, is as false as a wrong number */
		if (!matched)
			n_false++;
	}
	return n_false;
}

static int
bench_apriltag(Bench *self, const SoriSceneFrame *frame, gboolean *truth_found, double *ms)
{
	image_u8_t image = {
		.width = frame->width,
		.height = frame->height,
		.stride = frame->width,
		.buf = frame->pixels,
	};
	double cpu_start = cpu_ms();
	gint64 start = g_get_monotonic_time();
	zarray_t *detections = apriltag_detector_detect(self->apriltag, &image);
	int n_false = 0;
	double cpu = cpu_ms() - cpu_start;

	*ms = elapsed_ms(start);
	g_array_append_val(self->apriltag_cpu_ms, cpu);
	for (int t = 0; t < frame->n_truths; t++)
		truth_found[t] = FALSE;
	for (int i = 0; i < zarray_size(detections); i++) {
		apriltag_detection_t *detection;
		gboolean matched = FALSE;
		zarray_get(detections, i, &detection);
		for (int t = 0; t < frame->n_truths; t++) {
			if (detection->id == frame->truths[t].id
			    && centre_matches(detection->c, &frame->truths[t])) {
				truth_found[t] = TRUE;
				matched = TRUE;
			}
		}
		if (!matched)
			n_false++;
	}
	apriltag_detections_destroy(detections);
	return n_false;
}

static gboolean
bench_qr(Bench *self, const SoriSceneFrame *frame)
{
	zbar_image_t *image = zbar_image_create();
	gboolean found = FALSE;

	zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(image, frame->width, frame->height);
	zbar_image_set_data(image, frame->pixels, (unsigned long) frame->width * frame->height,
			    NULL);
	if (zbar_scan_image(self->zbar, image) > 0) {
		for (const zbar_symbol_t *symbol = zbar_image_first_symbol(image); symbol != NULL;
		     symbol = zbar_symbol_next(symbol)) {
			if (zbar_symbol_get_type(symbol) == ZBAR_QRCODE
			    && g_strcmp0(zbar_symbol_get_data(symbol), RANGE_URL) == 0)
				found = TRUE;
		}
	}
	zbar_image_destroy(image);
	return found;
}

static SoriSceneFrame *
render(const SoriSceneParams *params)
{
	g_autoptr(GError) error = NULL;
	SoriSceneFrame *frame = sori_scene_render(params, &error);

	if (frame == NULL)
		g_error("rendering a frame: %s", error->message);
	return frame;
}

/*
 * Frames are rendered on every core (rendering takes several times longer
 * than detecting), then detected one at a time on one core, timed alone.
 */
typedef SoriSceneFrame *(*RenderFunc)(gconstpointer data, guint index, SoriSceneParams *params);

typedef struct {
	RenderFunc func;
	gconstpointer data;
	guint n;
	gint next;
	SoriSceneFrame **frames;
	SoriSceneParams *params;
} RenderJob;

static gpointer
render_worker(gpointer user_data)
{
	RenderJob *job = user_data;

	for (;;) {
		guint i = (guint) g_atomic_int_add(&job->next, 1);
		if (i >= job->n)
			return NULL;
		job->frames[i] = job->func(job->data, i, &job->params[i]);
	}
}

/* @n frames from @func, with their parameters; free with render_all_free() */
static SoriSceneFrame **
render_all(RenderFunc func, gconstpointer data, guint n, SoriSceneParams **params)
{
	RenderJob job
		= { func, data, n, 0, g_new0(SoriSceneFrame *, n), g_new0(SoriSceneParams, n) };
	guint n_threads = CLAMP(g_get_num_processors(), 1, 16);
	GThread *threads[16];

	for (guint t = 0; t < n_threads; t++)
		threads[t] = g_thread_new("render", render_worker, &job);
	for (guint t = 0; t < n_threads; t++)
		g_thread_join(threads[t]);
	*params = job.params;
	return job.frames;
}

static void
render_all_free(SoriSceneFrame **frames, SoriSceneParams *params, guint n)
{
	for (guint i = 0; i < n; i++)
		sori_scene_frame_free(frames[i]);
	g_free(frames);
	g_free(params);
}

/* the degradations of a varied frame: some blur, noise and poor light */
static void
vary_light(SoriSceneParams *params, GRand *rand)
{
	if (g_rand_double(rand) < 0.5)
		params->defocus_px = g_rand_double_range(rand, 0.3, 1.0);
	if (g_rand_double(rand) < 0.2) {
		params->motion_px = g_rand_double_range(rand, 1, 4);
		params->motion_angle_deg = g_rand_double_range(rand, 0, 180);
	}
	params->noise_sigma = g_rand_double_range(rand, 0, 5);
	params->dim = g_rand_double(rand) < 0.2;
	params->uneven = g_rand_double(rand) < 0.3;
}

/* a frame of @band: one code, in the frame, the band's width and angle */
static SoriSceneFrame *
render_band_frame(gconstpointer data, guint index, SoriSceneParams *params)
{
	const Band *band = data;
	guint64 seed = (guint64) (band - bands) * 100000 + index;
	g_autoptr(GRand) rand = g_rand_new_with_seed((guint32) (seed * 2654435761u));

	for (guint attempt = 0;; attempt++) {
		SoriSceneCode *code = &params->codes[0];
		SoriSceneFrame *frame;
		double width_px = band->width_px > 0
					  ? band->width_px * g_rand_double_range(rand, 0.95, 1.05)
					  : g_rand_double_range(rand, 50, 100);

		sori_scene_params_init(params);
		params->seed = seed * 1000 + attempt;
		vary_light(params, rand);
		params->n_codes = 1;
		code->id = g_rand_int_range(rand, 0, 2115);
		code->size_mm = g_rand_double_range(rand, 60, 250);
		code->distance_m
			= sori_scene_distance_for_width(code->size_mm, width_px, WIDTH, FOV_DEG);
		code->bearing_deg = g_rand_double_range(rand, -25, 25);
		code->elevation_deg = g_rand_double_range(rand, -12, 12);
		code->yaw_deg = g_rand_double_range(rand, band->yaw_min, band->yaw_max)
				* (g_rand_boolean(rand) ? 1 : -1);
		code->roll_deg = g_rand_double_range(rand, -180, 180);
		frame = render(params);
		if (frame->n_truths == 1 && frame->truths[0].readable)
			return frame;
		sori_scene_frame_free(frame);
		if (attempt > 50)
			g_error("band %s: no readable frame from seed %" G_GUINT64_FORMAT,
				band->name, seed);
	}
}

static void
bench_bands(Bench *self, guint n_frames, guint n_wasm_frames)
{
	for (guint b = 0; b < G_N_ELEMENTS(bands); b++) {
		SoriSceneParams *params = NULL;
		SoriSceneFrame **frames
			= render_all(render_band_frame, &bands[b], n_frames, &params);
		guint marker_found = 0, apriltag_found = 0;

		for (guint i = 0; i < n_frames; i++) {
			const SoriSceneFrame *frame = frames[i];
			SoriMarkerDetection found[SORI_MARKER_DETECTIONS_MAX];
			gboolean marker_ok[SORI_SCENE_CODES_MAX], apriltag_ok[SORI_SCENE_CODES_MAX];
			double marker_ms, apriltag_ms;

			self->false_in_positives
				+= bench_marker(self, frame, params[i].codes[0].size_mm, found,
						marker_ok, &marker_ms);
			self->apriltag_false_in_positives
				+= bench_apriltag(self, frame, apriltag_ok, &apriltag_ms);
			marker_found += marker_ok[0];
			apriltag_found += apriltag_ok[0];
			g_array_append_val(self->marker_ms, marker_ms);
			g_array_append_val(self->apriltag_ms, apriltag_ms);
			/* the first frames of each band, for the WebAssembly's timing */
			if (self->wasm_frames != NULL && i < n_wasm_frames) {
				if (fwrite(frame->pixels, 1, (gsize) WIDTH * HEIGHT,
					   self->wasm_frames)
				    != (gsize) WIDTH * HEIGHT)
					g_error("writing the frames for Node failed");
				g_array_append_val(self->wasm_ms, marker_ms);
			}
		}
		render_all_free(frames, params, n_frames);
		printf("marker_detect_pct_%s: %.1f\n", bands[b].name,
		       100.0 * marker_found / n_frames);
		printf("apriltag_detect_pct_%s: %.1f\n", bands[b].name,
		       100.0 * apriltag_found / n_frames);
		fflush(stdout);
	}
}

/* the generator's varied frames (0.5–15 m, 0–75°, every degradation):
 * distance error within 10 m and clock hours of the codes found */
static SoriSceneFrame *
render_varied_frame(gconstpointer data, guint index, SoriSceneParams *params)
{
	sori_scene_params_random(params, 700000 + index, FALSE);
	return render(params);
}

static void
bench_varied(Bench *self, guint n_frames)
{
	g_autoptr(GArray) errors = g_array_new(FALSE, FALSE, sizeof(gdouble));
	guint n_found = 0, n_clock_ok = 0, n_readable = 0;
	SoriSceneParams *params = NULL;
	SoriSceneFrame **frames = render_all(render_varied_frame, NULL, n_frames, &params);

	for (guint i = 0; i < n_frames; i++) {
		const SoriSceneFrame *frame = frames[i];
		SoriMarkerDetection found[SORI_MARKER_DETECTIONS_MAX];
		gboolean truth_found[SORI_SCENE_CODES_MAX];

		for (int t = 0; t < frame->n_truths; t++) {
			/* each code's own printed size, as the catalogue says it */
			SoriMarkerCamera camera
				= { .size_mm = params[i].codes[t].size_mm, .fov_deg = FOV_DEG };
			int n = sori_marker_detect(frame->pixels, frame->width, frame->height,
						   frame->width, &camera, self->workspace,
						   self->workspace_size, found,
						   SORI_MARKER_DETECTIONS_MAX);
			const SoriSceneTruth *truth = &frame->truths[t];
			n_readable += truth->readable;
			for (int d = 0; d < n; d++) {
				double error;
				if (found[d].id != truth->id
				    || !centre_matches(found[d].centre, truth))
					continue;
				n_found++;
				n_clock_ok += found[d].clock == truth->clock;
				if (truth->distance_m > 10.0)
					continue;
				error = 100.0 * fabs(found[d].distance_m - truth->distance_m)
					/ truth->distance_m;
				g_array_append_val(errors, error);
			}
		}
		self->false_in_positives += bench_marker(self, frame, params[i].codes[0].size_mm,
							 found, truth_found, NULL);
	}
	render_all_free(frames, params, n_frames);
	printf("marker_distance_err_pct_p95: %.1f\n",
	       errors->len > 0 ? sori_bench_percentile((gdouble *) errors->data, errors->len, 95)
			       : NAN);
	printf("marker_clock_ok_pct: %.1f\n", n_found > 0 ? 100.0 * n_clock_ok / n_found : NAN);
	fprintf(stderr, "# varied: %u frames, %u codes readable, %u found, %u within 10 m\n",
		n_frames, n_readable, n_found, errors->len);
	fflush(stdout);
}

/* a cheap variant of a rendered negative frame: mirrored, lit, noisy or zoomed */
static void
negative_variant(const SoriSceneFrame *base, guint variant, GRand *rand, guint8 *out)
{
	gboolean mirror_x = variant & 1, mirror_y = variant & 2;
	guint look = (variant / 4) % 5;
	double zoom = look == 4 ? 1.5 : 1.0;
	double x0 = (WIDTH - WIDTH / zoom) / 2, y0 = (HEIGHT - HEIGHT / zoom) / 2;

	for (int y = 0; y < HEIGHT; y++) {
		for (int x = 0; x < WIDTH; x++) {
			int sx = (int) (x0 + x / zoom), sy = (int) (y0 + y / zoom);
			double v;
			if (mirror_x)
				sx = WIDTH - 1 - sx;
			if (mirror_y)
				sy = HEIGHT - 1 - sy;
			v = base->pixels[(gsize) sy * WIDTH + sx];
			switch (look) {
			case 1: /* low contrast */
				v = 60 + v * 0.5;
				break;
			case 2: /* dark */
				v = v * 0.35;
				break;
			case 3: /* noisy */
				v += (g_rand_double(rand) + g_rand_double(rand)
				      + g_rand_double(rand) - 1.5)
				     * 16;
				break;
			default:
				break;
			}
			out[(gsize) y * WIDTH + x] = (guint8) CLAMP(v + 0.5, 0, 255);
		}
	}
}

typedef struct {
	guint n_frames;
	gint next_base;
	gint n_false;
	gint n_false_frames;
	gint per_kind[SORI_SCENE_NEGATIVE_COUNT];
	GMutex lock;
} NegativeJob;

static gpointer
negative_worker(gpointer user_data)
{
	NegativeJob *job = user_data;
	g_autofree guint8 *pixels = g_malloc((gsize) WIDTH * HEIGHT);
	gsize workspace_size = sori_marker_workspace_size(WIDTH, HEIGHT);
	g_autofree void *workspace = g_malloc(workspace_size);
	SoriMarkerCamera camera = { .size_mm = 150.0, .fov_deg = FOV_DEG };

	for (;;) {
		guint base_index = (guint) g_atomic_int_add(&job->next_base, 1);
		guint first = base_index * NEGATIVE_VARIANTS;
		SoriSceneParams params;
		g_autoptr(SoriSceneFrame) base = NULL;
		g_autoptr(GRand) rand = g_rand_new_with_seed(base_index);

		if (first >= job->n_frames)
			return NULL;
		sori_scene_params_random(&params, 900000 + base_index, TRUE);
		base = render(&params);
		for (guint v = 0; v < NEGATIVE_VARIANTS && first + v < job->n_frames; v++) {
			SoriMarkerDetection found[SORI_MARKER_DETECTIONS_MAX];
			int n;
			negative_variant(base, v, rand, pixels);
			n = sori_marker_detect(pixels, WIDTH, HEIGHT, WIDTH, &camera, workspace,
					       workspace_size, found, SORI_MARKER_DETECTIONS_MAX);
			g_assert(n >= 0);
			if (n > 0) {
				g_atomic_int_add(&job->n_false, n);
				g_atomic_int_add(&job->n_false_frames, 1);
				g_atomic_int_add(&job->per_kind[base->negative], 1);
				g_mutex_lock(&job->lock);
				fprintf(stderr, "# false code %d in negative %u (%s, variant %u)\n",
					found[0].id, base_index,
					sori_scene_negative_to_string(base->negative), v);
				g_mutex_unlock(&job->lock);
			}
		}
	}
}

static void
bench_negatives(Bench *self, guint n_frames)
{
	NegativeJob job = { .n_frames = n_frames };
	guint n_threads = CLAMP(g_get_num_processors(), 1, 16);
	GThread *threads[16];

	g_mutex_init(&job.lock);
	for (guint t = 0; t < n_threads; t++)
		threads[t] = g_thread_new("negatives", negative_worker, &job);
	for (guint t = 0; t < n_threads; t++)
		g_thread_join(threads[t]);
	g_mutex_clear(&job.lock);

	printf("marker_false_per_10k: %.1f\n", 10000.0 * job.n_false / n_frames);
	fprintf(stderr,
		"# negatives: %u frames (%u rendered, %u variants each), %d false codes in %d "
		"frames\n",
		n_frames, (n_frames + NEGATIVE_VARIANTS - 1) / NEGATIVE_VARIANTS, NEGATIVE_VARIANTS,
		job.n_false, job.n_false_frames);
	for (guint k = 0; k < SORI_SCENE_NEGATIVE_COUNT; k++) {
		if (job.per_kind[k] > 0)
			fprintf(stderr, "#   %d frames with a false code among %s\n",
				job.per_kind[k], sori_scene_negative_to_string(k));
	}
	fflush(stdout);
}

/* the 15 cm label with its QR code, facing the camera ±30° */
static SoriSceneFrame *
render_range_frame(gconstpointer data, guint index, SoriSceneParams *params)
{
	const double *step = data; /* its number, its distance */
	guint64 seed = (guint64) step[0] * 1000 + index;
	g_autoptr(GRand) rand = g_rand_new_with_seed((guint32) (seed * 2654435761u) + 7);
	SoriSceneCode *code = &params->codes[0];

	sori_scene_params_init(params);
	params->seed = seed;
	params->noise_sigma = g_rand_double_range(rand, 1, 4);
	if (g_rand_double(rand) < 0.5)
		params->defocus_px = g_rand_double_range(rand, 0.3, 0.8);
	params->n_codes = 1;
	code->id = g_rand_int_range(rand, 0, 2115);
	code->size_mm = RANGE_SIZE_MM;
	code->qr_url = RANGE_URL;
	code->distance_m = step[1];
	/* the label's QR code is to the right of its grid: keep both in the frame */
	code->bearing_deg = g_rand_double_range(rand, -10, 5);
	code->elevation_deg = g_rand_double_range(rand, -5, 5);
	code->yaw_deg = g_rand_double_range(rand, -30, 30);
	code->roll_deg = g_rand_double_range(rand, -15, 15);
	return render(params);
}

static void
bench_range(Bench *self, guint n_frames)
{
	static const double distances_m[]
		= { 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0,  2.5,  3.0,  3.5,  4.0,  4.5,
		    5.0, 5.5,  6.0, 7.0,  8.0, 9.0,  10.0, 11.0, 12.0, 13.0, 14.0, 15.0 };
	double marker_range = 0, qr_range = 0;
	gboolean marker_failed = FALSE, qr_failed = FALSE;

	for (guint s = 0; s < G_N_ELEMENTS(distances_m) && !(marker_failed && qr_failed); s++) {
		const double step[2] = { s, distances_m[s] };
		SoriSceneParams *params = NULL;
		SoriSceneFrame **frames = render_all(render_range_frame, step, n_frames, &params);
		guint marker_found = 0, qr_found = 0;

		for (guint i = 0; i < n_frames; i++) {
			SoriMarkerDetection found[SORI_MARKER_DETECTIONS_MAX];
			gboolean truth_found[SORI_SCENE_CODES_MAX];
			if (!marker_failed) {
				self->false_in_positives += bench_marker(
					self, frames[i], RANGE_SIZE_MM, found, truth_found, NULL);
				marker_found += truth_found[0];
			}
			if (!qr_failed)
				qr_found += bench_qr(self, frames[i]);
		}
		render_all_free(frames, params, n_frames);
		fprintf(stderr, "# range %.2f m: code %u/%u, QR %u/%u\n", distances_m[s],
			marker_found, n_frames, qr_found, n_frames);
		/* the farthest step before the first below 90 % */
		if (!marker_failed && marker_found * 10 >= n_frames * 9)
			marker_range = distances_m[s];
		else
			marker_failed = TRUE;
		if (!qr_failed && qr_found * 10 >= n_frames * 9)
			qr_range = distances_m[s];
		else
			qr_failed = TRUE;
	}
	printf("marker_range_m: %.2f\n", marker_range);
	printf("qr_range_m: %.2f\n", qr_range);
	printf("range_ratio_vs_qr: %.1f\n", qr_range > 0 ? marker_range / qr_range : INFINITY);
	fflush(stdout);
}

static guint
env_uint(const gchar *name, guint fallback)
{
	const gchar *value = g_getenv(name);
	guint64 n;

	if (value == NULL || *value == '\0')
		return fallback;
	if (!g_ascii_string_to_unsigned(value, 10, 1, 1000000, &n, NULL)) {
		fprintf(stderr, "markers-bench: %s is a whole number from 1\n", name);
		exit(2);
	}
	return (guint) n;
}

int
main(int argc, char **argv)
{
	gboolean quick = FALSE;
	g_autofree gchar *wasm_frames = NULL;
	g_autoptr(GOptionContext) context = g_option_context_new("");
	g_autoptr(GError) error = NULL;
	const GOptionEntry entries[] = {
		{ "quick", 0, 0, G_OPTION_ARG_NONE, &quick,
		  "Fewer frames: a tenth of the negatives, a third of the rest", NULL },
		{ "wasm-frames", 0, 0, G_OPTION_ARG_FILENAME, &wasm_frames,
		  "Write frames for the WebAssembly's timing here, raw 1280×720 bytes", "FILE" },
		{ NULL },
	};
	Bench self = { 0 };
	guint band_frames, varied_frames, negative_frames, range_frames, wasm_per_band;

	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, &error)) {
		fprintf(stderr, "markers-bench: %s\n", error->message);
		return 2;
	}
	band_frames = env_uint("MARKER_BENCH_BAND_FRAMES", quick ? 60 : 200);
	varied_frames = env_uint("MARKER_BENCH_VARIED_FRAMES", quick ? 100 : 300);
	negative_frames = env_uint("MARKER_BENCH_FRAMES", quick ? 1000 : 10000);
	range_frames = env_uint("MARKER_BENCH_RANGE_FRAMES", 20);
	wasm_per_band = MIN(band_frames, 16);

	self.apriltag = apriltag_detector_create();
	self.family = tagStandard41h12_create();
	apriltag_detector_add_family(self.apriltag, self.family);
	self.zbar = zbar_image_scanner_create();
	zbar_image_scanner_set_config(self.zbar, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(self.zbar, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	self.workspace_size = sori_marker_workspace_size(WIDTH, HEIGHT);
	self.workspace = g_malloc(self.workspace_size);
	self.marker_ms = g_array_new(FALSE, FALSE, sizeof(gdouble));
	self.apriltag_ms = g_array_new(FALSE, FALSE, sizeof(gdouble));
	self.wasm_ms = g_array_new(FALSE, FALSE, sizeof(gdouble));
	self.marker_cpu_ms = g_array_new(FALSE, FALSE, sizeof(gdouble));
	self.apriltag_cpu_ms = g_array_new(FALSE, FALSE, sizeof(gdouble));
	if (wasm_frames != NULL) {
		self.wasm_frames = fopen(wasm_frames, "wb");
		if (self.wasm_frames == NULL) {
			fprintf(stderr, "markers-bench: cannot write %s\n", wasm_frames);
			return 1;
		}
	}

	bench_bands(&self, band_frames, wasm_per_band);
	printf("marker_ms_720p_native: %.1f\n",
	       sori_bench_percentile((gdouble *) self.marker_ms->data, self.marker_ms->len, 50));
	printf("apriltag_ms_720p: %.1f\n", sori_bench_percentile((gdouble *) self.apriltag_ms->data,
								 self.apriltag_ms->len, 50));
	fprintf(stderr, "# processor time, medians: native %.1f ms, libapriltag %.1f ms\n",
		sori_bench_percentile((gdouble *) self.marker_cpu_ms->data, self.marker_cpu_ms->len,
				      50),
		sori_bench_percentile((gdouble *) self.apriltag_cpu_ms->data,
				      self.apriltag_cpu_ms->len, 50));
	if (self.wasm_frames != NULL) {
		fclose(self.wasm_frames);
		/* the native median of just the frames Node times, to compare like with like */
		fprintf(stderr, "# native median of the %u frames Node times: %.1f ms\n",
			self.wasm_ms->len,
			sori_bench_percentile((gdouble *) self.wasm_ms->data, self.wasm_ms->len,
					      50));
	}
	fflush(stdout);
	bench_varied(&self, varied_frames);
	bench_range(&self, range_frames);
	bench_negatives(&self, negative_frames);
	fprintf(stderr, "# false codes in frames with a code: %u (libapriltag: %u)\n",
		self.false_in_positives, self.apriltag_false_in_positives);

	g_array_unref(self.marker_ms);
	g_array_unref(self.apriltag_ms);
	g_array_unref(self.wasm_ms);
	g_array_unref(self.marker_cpu_ms);
	g_array_unref(self.apriltag_cpu_ms);
	g_free(self.workspace);
	zbar_image_scanner_destroy(self.zbar);
	apriltag_detector_destroy(self.apriltag);
	tagStandard41h12_destroy(self.family);
	return 0;
}
