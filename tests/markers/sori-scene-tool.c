/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sori-scene: camera frames, videos and data sets of printed codes, with
 * their truth, from the scene generator (sori-scene.h). Test tool, not
 * installed. Exit 2 for a usage error, 1 for a failure.
 */

#include "sori-scene.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_USAGE 2

static const char usage_text[]
	= "Usage:\n"
	  "  sori-scene frame --out F.pgm [--truth F.json] [OPTION…] --code SPEC [--code SPEC…]\n"
	  "  sori-scene frame --out F.pgm [--truth F.json] [OPTION…] --negative KIND\n"
	  "  sori-scene video --out F.y4m [--truth F.jsonl] --frames N [--fps N] [OPTION…]\n"
	  "                   --code SPEC [--code SPEC…] [--gap FROM-TO]\n"
	  "  sori-scene set --out DIR --count N [--seed S] [--kind positive|negative]\n"
	  "                 [--width W --height H --fov-deg F]\n"
	  "\n"
	  "Frames that show printed tagStandard41h12 codes as a phone's camera would,\n"
	  "each with its truth (the codes' numbers, the grids' corners in pixels\n"
	  "clockwise from the code's own top-left, distance, bearing, clock hour).\n"
	  "Frames are binary PGM; a video is YUV4MPEG2 4:2:0 (C420jpeg, video-range\n"
	  "luma, flat chroma), what Chromium's --use-file-for-fake-video-capture\n"
	  "reads. Every output is a function of the options and the seed alone.\n"
	  "\n"
	  "frame: one frame, its truth as one JSON object.\n"
	  "  --code ID:SIZE_MM:DIST_M:BEARING_DEG[:YAW_DEG[:ROLL_DEG[:ELEVATION_DEG]]]\n"
	  "       a label: code ID (0..2114), its grid SIZE_MM wide, DIST_M from the\n"
	  "       camera, BEARING_DEG to the right; YAW_DEG off axis (turned about its\n"
	  "       vertical, 0 = facing the camera, up to 80), ROLL_DEG in its plane\n"
	  "  --negative KIND  no code: picture, text, qr, tag36h11, tag25h9,\n"
	  "       tagCircle21h7, tag16h5, checkerboard or noise\n"
	  "\n"
	  "video: a walk toward the code(s), a little hand shake, YUV4MPEG2.\n"
	  "  --code ID:SIZE_MM:FROM_M-TO_M:BEARING_DEG[:YAW_DEG[:ROLL_DEG]]\n"
	  "       the distance goes from FROM_M to TO_M at a steady pace, the\n"
	  "       bearing stays (the phone held toward the code), give or take a shake\n"
	  "  --frames N   how many frames (1..100000)      --fps N  frames a second (30)\n"
	  "  --gap A-B    frames A..B (from 0) show no code (the walker looks away)\n"
	  "  --truth F    one JSON line a frame, its number first: {\"frame\":N,...}\n"
	  "\n"
	  "set: N frames NAME.pgm in DIR and DIR/truth.jsonl, varied over 0.5-15 m,\n"
	  "  0-75° off axis, rotation, defocus, motion blur, noise, dim and uneven\n"
	  "  light, partial cover, mild lens distortion; --kind negative for frames\n"
	  "  with no code of the family (pictures, text, QR codes, other tag\n"
	  "  families, checkerboards, noise).\n"
	  "\n"
	  "Options of frame and video:\n"
	  "  --seed N          the random seed (0)\n"
	  "  --width W --height H   the frame's size (1280 × 720)\n"
	  "  --fov-deg F       the horizontal field of view (68)\n"
	  "  --plain           a flat wall behind the labels, not a textured one\n"
	  "  --linear          no tone curve (gamma 2.2 by default): edges exactly\n"
	  "                    where the geometry puts them, however blurred\n"
	  "  --blur PX         defocus, a Gaussian of PX sigma\n"
	  "  --motion PX[:DEG] motion blur PX long, DEG from horizontal (0)\n"
	  "  --noise SIGMA     sensor noise, grey levels\n"
	  "  --dim             a fifth of the light\n"
	  "  --uneven          a light gradient and a vignette\n"
	  "  --occlude FRAC    cover FRAC of each label (not its grid)\n"
	  "  --occlude-grid    let the cover reach the grid (the code is then not readable)\n"
	  "  --glare PEAK      a lamp's reflection on each label, 0..1 of white\n"
	  "  --print PAPER:INK the labels' reflectances (0.85:0.04)\n"
	  "  --distortion K1   radial lens distortion\n"
	  "  --qr URL          a QR code of URL beside each label\n"
	  "\n"
	  "Exit status: 0 done, 1 a failure (writing, encoding), 2 a usage error.\n";

typedef struct {
	int id;
	double size_mm;
	double from_m, to_m;
	double bearing_deg, yaw_deg, roll_deg, elevation_deg;
} CodeSpec;

typedef struct {
	const char *command;
	const char *out;
	const char *truth;
	SoriSceneParams params;
	CodeSpec codes[SORI_SCENE_CODES_MAX];
	int n_codes;
	gboolean occlude_grid;
	double occlude;
	double glare;
	double paper, ink;
	const char *qr_url;
	int frames, fps;
	int gap_from, gap_to;
	int count;
	gboolean negative_set;
} Options;

static int usage_error(const char *format, ...) G_GNUC_PRINTF(1, 2);

static int
usage_error(const char *format, ...)
{
	va_list args;
	g_autofree char *message = NULL;

	va_start(args, format);
	message = g_strdup_vprintf(format, args);
	va_end(args);
	g_printerr("sori-scene: %s\nTry 'sori-scene --help'.\n", message);
	return EXIT_USAGE;
}

static gboolean
parse_double(const char *text, double *out)
{
	char *end = NULL;
	if (text == NULL || *text == '\0')
		return FALSE;
	errno = 0;
	*out = g_ascii_strtod(text, &end);
	return errno == 0 && *end == '\0' && isfinite(*out);
}

static gboolean
parse_int(const char *text, gint64 min, gint64 max, gint64 *out)
{
	return text != NULL && g_ascii_string_to_signed(text, 10, min, max, out, NULL);
}

/* ID:SIZE_MM:DIST_M:BEARING_DEG[:YAW_DEG[:ROLL_DEG[:ELEVATION_DEG]]]; DIST may be FROM-TO */
static gboolean
parse_code(const char *text, gboolean range, CodeSpec *spec)
{
	g_auto(GStrv) parts = g_strsplit(text, ":", -1);
	guint n = g_strv_length(parts);
	gint64 id;

	memset(spec, 0, sizeof *spec);
	if (n < 4 || n > 7)
		return FALSE;
	if (!parse_int(parts[0], 0, 2114, &id) || !parse_double(parts[1], &spec->size_mm)
	    || !parse_double(parts[3], &spec->bearing_deg))
		return FALSE;
	spec->id = id;
	if (range) {
		/* FROM-TO, or one distance for a still walker */
		const char *dash = strchr(parts[2] + 1, '-');
		if (dash != NULL) {
			g_autofree char *from = g_strndup(parts[2], dash - parts[2]);
			if (!parse_double(from, &spec->from_m)
			    || !parse_double(dash + 1, &spec->to_m))
				return FALSE;
		} else {
			if (!parse_double(parts[2], &spec->from_m))
				return FALSE;
			spec->to_m = spec->from_m;
		}
	} else {
		if (!parse_double(parts[2], &spec->from_m))
			return FALSE;
		spec->to_m = spec->from_m;
	}
	if (n > 4 && !parse_double(parts[4], &spec->yaw_deg))
		return FALSE;
	if (n > 5 && !parse_double(parts[5], &spec->roll_deg))
		return FALSE;
	if (n > 6 && !parse_double(parts[6], &spec->elevation_deg))
		return FALSE;
	return TRUE;
}

static void
code_at(const Options *options, const CodeSpec *spec, double distance_m, double bearing_deg,
	SoriSceneCode *code)
{
	memset(code, 0, sizeof *code);
	code->id = spec->id;
	code->size_mm = spec->size_mm;
	code->distance_m = distance_m;
	code->bearing_deg = bearing_deg;
	code->elevation_deg = spec->elevation_deg;
	code->yaw_deg = spec->yaw_deg;
	code->roll_deg = spec->roll_deg;
	code->qr_url = options->qr_url;
	code->occlude = options->occlude;
	code->occlude_grid = options->occlude_grid;
	code->glare = options->glare;
	code->paper = options->paper;
	code->ink = options->ink;
}

static gboolean
write_text(const char *path, const char *text, GError **error)
{
	g_autoptr(GError) local = NULL;
	if (!g_file_set_contents(path, text, -1, &local)) {
		g_set_error(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_FAILED, "writing %s: %s",
			    path, local->message);
		return FALSE;
	}
	return TRUE;
}

static gboolean
command_frame(Options *options, GError **error)
{
	g_autoptr(SoriSceneFrame) frame = NULL;
	SoriSceneParams *params = &options->params;

	params->n_codes = options->n_codes;
	for (int i = 0; i < options->n_codes; i++)
		code_at(options, &options->codes[i], options->codes[i].from_m,
			options->codes[i].bearing_deg, &params->codes[i]);
	frame = sori_scene_render(params, error);
	if (frame == NULL)
		return FALSE;
	if (!sori_scene_frame_write_pgm(frame, options->out, error))
		return FALSE;
	if (options->truth != NULL) {
		g_autofree char *json = sori_scene_frame_truth_to_json(frame, options->out);
		g_autofree char *line = g_strconcat(json, "\n", NULL);
		if (!write_text(options->truth, line, error))
			return FALSE;
	}
	return TRUE;
}

/*
 * The walker heads for the codes, the phone held toward them: each code's
 * distance goes from FROM_M to TO_M at a steady pace, its bearing stays as
 * given. The hand shakes a little: a slow sway of the bearing and elevation
 * (the wall moving along), and some roll.
 */
static gboolean
command_video(Options *options, GError **error)
{
	SoriSceneParams *params = &options->params;
	g_autoptr(GString) truth = g_string_new(NULL);
	FILE *out;
	gboolean ok = TRUE;

	out = fopen(options->out, "wb");
	if (out == NULL) {
		g_set_error(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_FAILED, "writing %s: %s",
			    options->out, g_strerror(errno));
		return FALSE;
	}
	ok = sori_scene_y4m_write_header(out, params->width, params->height, options->fps, error);
	for (int f = 0; ok && f < options->frames; f++) {
		g_autoptr(SoriSceneFrame) frame = NULL;
		SoriSceneParams frame_params = *params;
		double t = options->frames > 1 ? (double) f / (options->frames - 1) : 0;
		double seconds = (double) f / options->fps;
		double sway
			= 1.2 * sin(2 * G_PI * 0.7 * seconds) + 0.5 * sin(2 * G_PI * 1.9 * seconds);
		double nod = 0.8 * sin(2 * G_PI * 0.5 * seconds + 1.0);
		gboolean gap = f >= options->gap_from && f <= options->gap_to;

		double f_px = sori_scene_focal_px(params->width, params->fov_deg);

		frame_params.frame = f;
		frame_params.n_codes = gap ? 0 : options->n_codes;
		/* the wall moves with the codes as the hand shakes */
		frame_params.background_shift_px[0] = f_px * tan(sway * G_PI / 180);
		frame_params.background_shift_px[1] = -f_px * tan(nod * G_PI / 180);
		for (int i = 0; !gap && i < options->n_codes; i++) {
			const CodeSpec *spec = &options->codes[i];
			double distance = spec->from_m + (spec->to_m - spec->from_m) * t;
			double bearing = spec->bearing_deg + sway;
			SoriSceneCode *code = &frame_params.codes[i];
			code_at(options, spec, distance, CLAMP(bearing, -80, 80), code);
			code->elevation_deg = CLAMP(spec->elevation_deg + nod, -60, 60);
			code->roll_deg = spec->roll_deg + 1.5 * sin(2 * G_PI * 0.3 * seconds);
		}
		frame = sori_scene_render(&frame_params, error);
		if (frame == NULL) {
			ok = FALSE;
			break;
		}
		ok = sori_scene_y4m_write_frame(out, frame, error);
		if (ok && options->truth != NULL) {
			g_autofree char *json = sori_scene_frame_truth_to_json(frame, NULL);
			/* the frame's number first, then the frame's own truth */
			g_string_append_printf(truth, "{\"frame\":%d,%s\n", f, json + 1);
		}
	}
	if (fclose(out) != 0 && ok) {
		g_set_error(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_FAILED, "writing %s: %s",
			    options->out, g_strerror(errno));
		ok = FALSE;
	}
	if (ok && options->truth != NULL)
		ok = write_text(options->truth, truth->str, error);
	return ok;
}

static gboolean
command_set(Options *options, GError **error)
{
	g_autoptr(GString) truth = g_string_new(NULL);
	g_autofree char *truth_path = g_build_filename(options->out, "truth.jsonl", NULL);

	if (g_mkdir_with_parents(options->out, 0755) != 0) {
		g_set_error(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_FAILED, "creating %s: %s",
			    options->out, g_strerror(errno));
		return FALSE;
	}
	for (int i = 0; i < options->count; i++) {
		g_autoptr(SoriSceneFrame) frame = NULL;
		g_autofree char *name = NULL;
		g_autofree char *path = NULL;
		g_autofree char *json = NULL;
		SoriSceneParams params;
		guint64 seed = options->params.seed * 1000003 + i;

		sori_scene_params_random_framed(&params, seed, options->negative_set,
						options->params.width, options->params.height,
						options->params.fov_deg);
		frame = sori_scene_render(&params, error);
		if (frame == NULL)
			return FALSE;
		name = g_strdup_printf("%s-%05d.pgm",
				       options->negative_set ? "negative" : "positive", i);
		path = g_build_filename(options->out, name, NULL);
		if (!sori_scene_frame_write_pgm(frame, path, error))
			return FALSE;
		json = sori_scene_frame_truth_to_json(frame, name);
		g_string_append_printf(truth, "%s\n", json);
	}
	return write_text(truth_path, truth->str, error);
}

/* an option without a value; FALSE for an unknown one */
static gboolean
parse_flag(const char *name, Options *options)
{
	if (g_str_equal(name, "--dim"))
		options->params.dim = TRUE;
	else if (g_str_equal(name, "--uneven"))
		options->params.uneven = TRUE;
	else if (g_str_equal(name, "--plain"))
		options->params.background = SORI_SCENE_BACKGROUND_PLAIN;
	else if (g_str_equal(name, "--linear"))
		options->params.gamma = 1;
	else if (g_str_equal(name, "--occlude-grid"))
		options->occlude_grid = TRUE;
	else
		return FALSE;
	return TRUE;
}

static int
parse_options(int argc, char **argv, Options *options)
{
	sori_scene_params_init(&options->params);
	options->fps = 30;
	options->gap_from = options->gap_to = -1;
	options->command = argv[1];
	for (int i = 2; i < argc; i++) {
		const char *name = argv[i];
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;
		gint64 n;
		double d;
		gboolean takes_value = TRUE;

#define NEED_VALUE()                                                                               \
	do {                                                                                       \
		if (value == NULL)                                                                 \
			return usage_error("%s needs a value", name);                              \
	} while (0)
		if (g_str_equal(name, "--out")) {
			NEED_VALUE();
			options->out = value;
		} else if (g_str_equal(name, "--truth")) {
			NEED_VALUE();
			options->truth = value;
		} else if (g_str_equal(name, "--seed")) {
			guint64 seed;
			NEED_VALUE();
			if (!g_ascii_string_to_unsigned(value, 10, 0, G_MAXUINT64, &seed, NULL))
				return usage_error("--seed wants a whole number, not '%s'", value);
			options->params.seed = seed;
		} else if (g_str_equal(name, "--width") || g_str_equal(name, "--height")) {
			NEED_VALUE();
			if (!parse_int(value, SORI_SCENE_FRAME_MIN, SORI_SCENE_FRAME_MAX, &n))
				return usage_error("%s wants %d..%d pixels, not '%s'", name,
						   SORI_SCENE_FRAME_MIN, SORI_SCENE_FRAME_MAX,
						   value);
			if (name[2] == 'w')
				options->params.width = n;
			else
				options->params.height = n;
		} else if (g_str_equal(name, "--fov-deg")) {
			NEED_VALUE();
			if (!parse_double(value, &d) || d < 10 || d > 140)
				return usage_error("--fov-deg wants 10..140, not '%s'", value);
			options->params.fov_deg = d;
		} else if (g_str_equal(name, "--code")) {
			NEED_VALUE();
			if (options->n_codes == SORI_SCENE_CODES_MAX)
				return usage_error("at most %d codes", SORI_SCENE_CODES_MAX);
			if (!parse_code(value, g_str_equal(options->command, "video"),
					&options->codes[options->n_codes]))
				return usage_error("--code wants ID:SIZE_MM:DIST_M:BEARING_DEG"
						   "[:YAW_DEG[:ROLL_DEG]], not '%s'",
						   value);
			options->n_codes++;
		} else if (g_str_equal(name, "--blur")) {
			NEED_VALUE();
			if (!parse_double(value, &d) || d < 0)
				return usage_error("--blur wants pixels, not '%s'", value);
			options->params.defocus_px = d;
		} else if (g_str_equal(name, "--motion")) {
			g_auto(GStrv) parts = NULL;
			NEED_VALUE();
			parts = g_strsplit(value, ":", 2);
			if (!parse_double(parts[0], &options->params.motion_px)
			    || (parts[1] != NULL
				&& !parse_double(parts[1], &options->params.motion_angle_deg)))
				return usage_error("--motion wants PX[:DEG], not '%s'", value);
		} else if (g_str_equal(name, "--noise")) {
			NEED_VALUE();
			if (!parse_double(value, &options->params.noise_sigma))
				return usage_error("--noise wants grey levels, not '%s'", value);
		} else if (g_str_equal(name, "--occlude")) {
			NEED_VALUE();
			if (!parse_double(value, &options->occlude))
				return usage_error("--occlude wants a fraction, not '%s'", value);
		} else if (g_str_equal(name, "--glare")) {
			NEED_VALUE();
			if (!parse_double(value, &options->glare))
				return usage_error("--glare wants 0..1, not '%s'", value);
		} else if (g_str_equal(name, "--print")) {
			g_auto(GStrv) parts = NULL;
			NEED_VALUE();
			parts = g_strsplit(value, ":", 2);
			if (!parse_double(parts[0], &options->paper) || parts[1] == NULL
			    || !parse_double(parts[1], &options->ink))
				return usage_error("--print wants PAPER:INK, not '%s'", value);
		} else if (g_str_equal(name, "--distortion")) {
			NEED_VALUE();
			if (!parse_double(value, &options->params.distortion_k1))
				return usage_error("--distortion wants k1, not '%s'", value);
		} else if (g_str_equal(name, "--qr")) {
			NEED_VALUE();
			options->qr_url = value;
		} else if (g_str_equal(name, "--negative")) {
			int kind;
			NEED_VALUE();
			kind = sori_scene_negative_from_string(value);
			if (kind <= 0)
				return usage_error("unknown kind of negative frame '%s'", value);
			options->params.negative = kind;
		} else if (g_str_equal(name, "--frames") || g_str_equal(name, "--count")) {
			NEED_VALUE();
			if (!parse_int(value, 1, 100000, &n))
				return usage_error("%s wants 1..100000, not '%s'", name, value);
			if (name[2] == 'f')
				options->frames = n;
			else
				options->count = n;
		} else if (g_str_equal(name, "--fps")) {
			NEED_VALUE();
			if (!parse_int(value, 1, 240, &n))
				return usage_error("--fps wants 1..240, not '%s'", value);
			options->fps = n;
		} else if (g_str_equal(name, "--gap")) {
			gint64 from, to;
			g_auto(GStrv) parts = NULL;
			NEED_VALUE();
			parts = g_strsplit(value, "-", 2);
			if (!parse_int(parts[0], 0, 100000, &from)
			    || !parse_int(parts[1], from, 100000, &to))
				return usage_error("--gap wants FROM-TO frames, not '%s'", value);
			options->gap_from = from;
			options->gap_to = to;
		} else if (g_str_equal(name, "--kind")) {
			NEED_VALUE();
			if (g_str_equal(value, "positive"))
				options->negative_set = FALSE;
			else if (g_str_equal(value, "negative"))
				options->negative_set = TRUE;
			else
				return usage_error("--kind wants positive or negative, not '%s'",
						   value);
		} else {
			takes_value = FALSE;
			if (!parse_flag(name, options))
				return usage_error("unknown option '%s'", name);
		}
#undef NEED_VALUE
		if (takes_value)
			i++;
	}
	if (options->out == NULL)
		return usage_error("%s needs --out", options->command);
	return 0;
}

int
main(int argc, char **argv)
{
	Options options = { 0 };
	g_autoptr(GError) error = NULL;
	gboolean ok;
	int status;

	if (argc >= 2
	    && (g_str_equal(argv[1], "--help") || g_str_equal(argv[1], "-h")
		|| g_str_equal(argv[1], "help"))) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (argc < 2)
		return usage_error("a command is needed: frame, video or set");
	if (!g_str_equal(argv[1], "frame") && !g_str_equal(argv[1], "video")
	    && !g_str_equal(argv[1], "set"))
		return usage_error("unknown command '%s'", argv[1]);
	status = parse_options(argc, argv, &options);
	if (status != 0)
		return status;

	if (g_str_equal(options.command, "frame")) {
		if (options.n_codes == 0 && options.params.negative == SORI_SCENE_NEGATIVE_NONE)
			return usage_error("frame needs --code or --negative");
		ok = command_frame(&options, &error);
	} else if (g_str_equal(options.command, "video")) {
		if (options.frames == 0)
			return usage_error("video needs --frames");
		if (options.n_codes == 0)
			return usage_error("video needs --code");
		if (options.params.width % 2 != 0 || options.params.height % 2 != 0)
			return usage_error("a 4:2:0 video needs an even width and height");
		ok = command_video(&options, &error);
	} else {
		if (options.count == 0)
			return usage_error("set needs --count");
		ok = command_set(&options, &error);
	}
	if (!ok) {
		g_printerr("sori-scene: %s\n", error->message);
		return g_error_matches(error, SORI_SCENE_ERROR, SORI_SCENE_ERROR_INVALID)
			       ? EXIT_USAGE
			       : EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}
