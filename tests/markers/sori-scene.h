/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The scene generator: grey camera frames that show printed codes the way a
 * phone's camera would, each with its truth, for the detector's known-answer
 * tests, the benchmark, the fuzzer's seeds and the browser tests' fake camera.
 *
 * Test code, not shipped. Every frame is a function of its parameters and
 * seed alone (own PRNG, never rand()).
 *
 * Geometry: a pinhole camera with square pixels, the principal point at the
 * frame's centre, f = (width / 2) / tan(fov / 2), x right, y down, z ahead,
 * optionally with a radial distortion x_d = x_u (1 + k1 r_u²) in normalised
 * coordinates. Pixel (i, j) covers [i, i + 1) × [j, j + 1), its centre at
 * (i + 0.5, j + 0.5), as libapriltag counts (the test checks corners against
 * it), and the principal point is (width / 2, height / 2). A code is placed
 * by its grid's centre: at distance_m from the camera, bearing_deg to the
 * right of straight ahead (horizontally) and elevation_deg above it. At
 * yaw 0 the label faces the camera (its normal points at it, whatever the
 * bearing); yaw turns it about its own vertical axis (positive: its right
 * edge goes away), so the off-axis angle is |yaw|; roll then turns it in its
 * own plane (positive: clockwise as seen).
 */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdio.h>

G_BEGIN_DECLS

#define SORI_SCENE_ERROR (sori_scene_error_quark())

typedef enum {
	SORI_SCENE_ERROR_INVALID, /* a parameter out of range */
	SORI_SCENE_ERROR_FAILED,  /* an encoder or a file failed */
} SoriSceneError;

GQuark sori_scene_error_quark(void);

/* at most this many codes in one scene */
#define SORI_SCENE_CODES_MAX 8
/* the white quiet zone around a label's grid, in cells (a cell is size/9):
 * one, as sori prints its labels (lib/sori-labels.c) */
#define SORI_SCENE_QUIET_CELLS 1
/* the frame sizes accepted */
#define SORI_SCENE_FRAME_MIN 16
#define SORI_SCENE_FRAME_MAX 4096

/* ---- the printed label ---------------------------------------------------
 *
 * Layout, in millimetres from the label's top-left, with s the code's size
 * (its 9 × 9 grid's width) and c = s / 9:
 *   the grid at (c, c)..(c + s, c + s), a white quiet zone of c around it;
 *   with a URL, its QR code to the right, its symbol (modules without quiet
 *   zone) s wide, its own 4-module white quiet zone, top-aligned with the grid;
 *   below, the code's number in block digits 0.45 s high, then a c margin.
 * Reflectances: paper 0.85, ink 0.04.
 */
typedef struct _SoriSceneLabel SoriSceneLabel;

/**
 * sori_scene_label_new:
 * @id: the code's number, 0..2114
 * @size_mm: the printed width of its 9 × 9 grid, 5..2000 mm
 * @qr_url: (nullable): a URL to print as a QR code beside it, or %NULL for none
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the label, or %NULL with @error set
 */
SoriSceneLabel *sori_scene_label_new(int id, double size_mm, const char *qr_url, GError **error);
void sori_scene_label_free(SoriSceneLabel *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SoriSceneLabel, sori_scene_label_free)

int sori_scene_label_get_id(const SoriSceneLabel *self);
double sori_scene_label_get_size_mm(const SoriSceneLabel *self);
double sori_scene_label_get_width_mm(const SoriSceneLabel *self);
double sori_scene_label_get_height_mm(const SoriSceneLabel *self);

/**
 * sori_scene_label_get_grid_corners_mm:
 * @corners: (out): the grid's corners in label millimetres, clockwise from its
 *   top-left (the convention of sori-marker.h)
 */
void sori_scene_label_get_grid_corners_mm(const SoriSceneLabel *self, double corners[4][2]);

/**
 * sori_scene_label_reflectance:
 * @x_mm, @y_mm: a point in label millimetres
 *
 * Returns: the printed label's reflectance there, 0..1 (exact, any
 * resolution); outside the label, -1
 */
double sori_scene_label_reflectance(const SoriSceneLabel *self, double x_mm, double y_mm);

/**
 * sori_scene_label_rasterise:
 * @px_per_mm: the resolution
 * @width, @height: (out): the image's size
 *
 * The label as a flat grey image (reflectance 0..1 mapped to 0..255), each
 * pixel area-sampled 4 × 4.
 *
 * Returns: (transfer full): @width × @height bytes, rows @width apart
 */
guint8 *sori_scene_label_rasterise(const SoriSceneLabel *self, double px_per_mm, int *width,
				   int *height);

/* ---- the scene ---------------------------------------------------------- */

typedef struct {
	int id;               /* 0..2114 */
	double size_mm;       /* the grid's printed width */
	double distance_m;    /* camera to the grid's centre */
	double bearing_deg;   /* horizontal, + right, -80..80 */
	double elevation_deg; /* + up, -60..60 */
	double yaw_deg;       /* off-axis turn about the label's vertical, -80..80 */
	double roll_deg;      /* in its own plane, + clockwise */
	const char *qr_url;   /* (nullable): a QR code beside it */
	/* a shape laid on the label covering this fraction of its area (0..0.9);
	 * by default only the quiet zone, the QR and number area, never the grid */
	double occlude;
	gboolean occlude_grid; /* let it cover part of the grid too (then not readable) */
	/* the print: its paper's and ink's reflectances, 0 for 0.85 and 0.04 */
	double paper;
	double ink;
	/* a lamp's reflection on the label (gloss, lamination): a soft spot a
	 * third of the label wide, adding this much of full white at its peak, 0..1 */
	double glare;
} SoriSceneCode;

typedef enum {
	SORI_SCENE_NEGATIVE_NONE,     /* a positive frame: the codes asked for */
	SORI_SCENE_NEGATIVE_PICTURE,  /* the textured background only */
	SORI_SCENE_NEGATIVE_TEXT,     /* a printed sheet of text-like blocks */
	SORI_SCENE_NEGATIVE_QR,       /* QR codes */
	SORI_SCENE_NEGATIVE_TAG36H11, /* other AprilTag families, libapriltag's */
	SORI_SCENE_NEGATIVE_TAG25H9,
	SORI_SCENE_NEGATIVE_TAGCIRCLE21H7,
	SORI_SCENE_NEGATIVE_TAG16H5,
	SORI_SCENE_NEGATIVE_CHECKERBOARD, /* a printed checkerboard */
	SORI_SCENE_NEGATIVE_NOISE,        /* random noise, fine and blocky */
	SORI_SCENE_NEGATIVE_COUNT,
} SoriSceneNegative;

const char *sori_scene_negative_to_string(SoriSceneNegative kind);
/* Returns: the kind, or -1 for an unknown name */
int sori_scene_negative_from_string(const char *name);

typedef enum {
	SORI_SCENE_BACKGROUND_TEXTURED, /* gradients, rectangles, strokes, text-like clutter */
	SORI_SCENE_BACKGROUND_PLAIN,    /* a flat wall, for exact tests */
} SoriSceneBackground;

typedef struct {
	int width;      /* default 1280 */
	int height;     /* default 720 */
	double fov_deg; /* horizontal, default 68 */
	guint64 seed;
	SoriSceneBackground background;
	/* degradations, all off by default */
	double defocus_px;       /* Gaussian sigma of the defocus, pixels */
	double motion_px;        /* length of a straight motion blur, pixels */
	double motion_angle_deg; /* its direction, 0 = horizontal */
	double noise_sigma;      /* sensor noise, grey levels */
	gboolean dim;            /* a fifth of the light, a little veiling glare */
	gboolean uneven;         /* a light gradient across the frame and a vignette */
	double distortion_k1;    /* radial lens distortion, -0.3..0.3 */
	/* the camera's tone curve, 8 bits = 255 · light^(1/gamma): 0 is the
	 * default 2.2 (a phone's, sRGB-like); 1 is linear. A blurred black and
	 * white edge's mid-grey is lighter than the midpoint of black and white
	 * after it, so that white shapes look slightly larger, as in real frames */
	double gamma;
	/* a video's frame number: the scene (background, covers) comes from the
	 * seed alone, the sensor noise from the seed and the frame */
	guint frame;
	/* the background drawn moved by this many pixels (-256..256), as a
	 * shaking hand moves the wall along with the codes */
	double background_shift_px[2];
	/* no code, one of these instead (codes are then ignored) */
	SoriSceneNegative negative;
	int n_codes;
	SoriSceneCode codes[SORI_SCENE_CODES_MAX];
} SoriSceneParams;

/* fills @params with the defaults: 1280 × 720, 68°, textured, no code */
void sori_scene_params_init(SoriSceneParams *params);

/**
 * sori_scene_params_random:
 * @params: (out): filled in
 * @seed: the frame's seed
 * @negative: %FALSE for one code, %TRUE for a negative frame
 *
 * A varied frame covering the ranges: 0.5–15 m, 0–75° off axis,
 * rotated, defocused, motion blur, noise, dim, uneven, partly covered, mild
 * distortion, one code (sometimes two) of 40..300 mm. Deterministic from @seed.
 */
void sori_scene_params_random(SoriSceneParams *params, guint64 seed, gboolean negative);
/* the same for a frame @width × @height with the horizontal @fov_deg (the
 * codes' poses are chosen to fit it, so the frames differ from the default's) */
void sori_scene_params_random_framed(SoriSceneParams *params, guint64 seed, gboolean negative,
				     int width, int height, double fov_deg);

/**
 * sori_scene_params_random_band:
 * @params: (out): filled in
 * @seed: the frame's seed
 * @width_px: how wide the code's grid would be facing the camera (its size
 *   over its distance, so f · size / distance; turned off axis it looks narrower)
 * @off_axis_min_deg, @off_axis_max_deg: its off-axis angle's range, 0..80,
 *   turned either way
 *
 * A benchmark band's frame: one code of 40..300 mm placed so, whole in the
 * frame with a cell's margin, any roll, with an ordinary phone frame's mild
 * degradations (noise mostly, sometimes a slight defocus, motion, dim or
 * uneven light, a mild distortion); never covered. Deterministic from @seed.
 */
void sori_scene_params_random_band(SoriSceneParams *params, guint64 seed, double width_px,
				   double off_axis_min_deg, double off_axis_max_deg);

/* the focal length in pixels of a frame @width wide with the horizontal @fov_deg */
double sori_scene_focal_px(int width, double fov_deg);
/* the distance at which a code @size_mm wide, facing the camera, is @width_px wide */
double sori_scene_distance_for_width(double size_mm, double width_px, int width, double fov_deg);

typedef struct {
	int id;
	/* the grid's corners in pixels, clockwise from the code's own top-left */
	double corners[4][2];
	double centre[2]; /* the grid's centre, projected */
	double width_px;  /* mean of the grid's four sides */
	double distance_m;
	double bearing_deg;
	int clock; /* round(bearing / 30) mod 12, 0 shown as 12 */
	double off_axis_deg;
	double occluded; /* the fraction of the label covered */
	/* whole grid in the frame, in front of the camera, at least 9 px wide (a
	 * pixel a cell), not covered; blur, noise and light are not considered */
	gboolean readable;
} SoriSceneTruth;

typedef struct {
	int width;
	int height;
	guint8 *pixels; /* rows width apart */
	SoriSceneNegative negative;
	int n_truths;
	SoriSceneTruth truths[SORI_SCENE_CODES_MAX];
} SoriSceneFrame;

/**
 * sori_scene_render:
 * @params: the scene
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the frame and its truth, or %NULL with @error set
 *   (a parameter out of range)
 */
SoriSceneFrame *sori_scene_render(const SoriSceneParams *params, GError **error);
void sori_scene_frame_free(SoriSceneFrame *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SoriSceneFrame, sori_scene_frame_free)

/* the frame as a binary PGM (P5) */
gboolean sori_scene_frame_write_pgm(const SoriSceneFrame *self, const char *path, GError **error);

/**
 * sori_scene_frame_truth_to_json:
 * @file: (nullable): a file name to put in the object
 *
 * Returns: (transfer full): one line of JSON, without a newline:
 *   {"file":…,"width":…,"height":…,"negative":…,"codes":[{"id":…,"corners":[[x,y]…],
 *   "centre":[x,y],"width_px":…,"distance_m":…,"bearing_deg":…,"clock":…,
 *   "off_axis_deg":…,"occluded":…,"readable":…}…]}
 */
char *sori_scene_frame_truth_to_json(const SoriSceneFrame *self, const char *file);

/* ---- YUV4MPEG2 (what Chromium's fake camera reads) ---------------------- */

/* writes the stream header: 4:2:0 (C420jpeg), progressive, square pixels,
 * video range (XCOLORRANGE=LIMITED) */
gboolean sori_scene_y4m_write_header(FILE *out, int width, int height, int fps, GError **error);
/* writes one frame: the grey frame as luma in video range (grey g as
 * 16 + 219 g / 255, which a player turns back into g), flat chroma (128); even
 * sizes only */
gboolean sori_scene_y4m_write_frame(FILE *out, const SoriSceneFrame *frame, GError **error);

int sori_scene_clock_from_bearing(double bearing_deg);

G_END_DECLS
