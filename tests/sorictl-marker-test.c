/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sorictl marker detect: the codes in a generated frame (tests/markers),
 * read from PGM (P5 and P2, 8 and 16 bits), PNG and JPEG; every unreadable
 * image an error naming it, the others still read; bad options a usage
 * error. The PGM parser on its own, strict.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <zlib.h>

#include "sori-marker.h"
#include "sori-scene.h"
#include "sori-test-util.h"
#include "sorictl-image.h"

#define CODE_ID      1234
#define CODE_SIZE_MM 150.0

typedef struct {
	gchar *dir;
	SoriSceneFrame *frame;
	gchar *pgm;
} Fixture;

static gint
run_sorictl(gchar **out, gchar **err, const gchar *const *args)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(GSubprocess) process = NULL;

	g_ptr_array_add(argv, (gpointer) g_getenv("SORICTL"));
	g_ptr_array_add(argv, (gpointer) "marker");
	for (guint i = 0; args[i] != NULL; i++)
		g_ptr_array_add(argv, (gpointer) args[i]);
	g_ptr_array_add(argv, NULL);
	process = g_subprocess_newv((const gchar *const *) argv->pdata,
				    G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
				    &error);
	g_assert_no_error(error);
	g_assert_true(g_subprocess_communicate_utf8(process, NULL, NULL, out, err, &error));
	g_assert_no_error(error);
	g_assert_true(g_subprocess_get_if_exited(process));
	return g_subprocess_get_exit_status(process);
}

static gchar *
fixture_path(Fixture *f, const gchar *name)
{
	return g_build_filename(f->dir, name, NULL);
}

static void
write_file(const gchar *path, const void *data, gsize size)
{
	g_autoptr(GError) error = NULL;
	g_assert_true(g_file_set_contents(path, data, (gssize) size, &error));
	g_assert_no_error(error);
}

/* the frame as an RGB image in @type (png or jpeg) */
static gchar *
fixture_write_pixbuf(Fixture *f, const gchar *name, const gchar *type)
{
	gchar *path = fixture_path(f, name);
	g_autoptr(GdkPixbuf) pixbuf
		= gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, f->frame->width, f->frame->height);
	guint8 *pixels = gdk_pixbuf_get_pixels(pixbuf);
	gint stride = gdk_pixbuf_get_rowstride(pixbuf);
	g_autoptr(GError) error = NULL;

	for (gint y = 0; y < f->frame->height; y++) {
		for (gint x = 0; x < f->frame->width; x++) {
			guint8 v = f->frame->pixels[(gsize) y * f->frame->width + x];
			guint8 *p = pixels + (gsize) y * stride + (gsize) x * 3;
			p[0] = p[1] = p[2] = v;
		}
	}
	if (g_str_equal(type, "jpeg"))
		g_assert_true(gdk_pixbuf_save(pixbuf, path, type, &error, "quality", "92", NULL));
	else
		g_assert_true(gdk_pixbuf_save(pixbuf, path, type, &error, NULL));
	g_assert_no_error(error);
	return path;
}

/* the frame as a plain 16-bit PGM: P2, maxval 65535 */
static gchar *
fixture_write_plain_pgm(Fixture *f, const gchar *name)
{
	gchar *path = fixture_path(f, name);
	g_autoptr(GString) text = g_string_new(NULL);

	g_string_append_printf(text, "P2\n# a comment\n%d %d\n65535\n", f->frame->width,
			       f->frame->height);
	for (gsize i = 0; i < (gsize) f->frame->width * f->frame->height; i++)
		g_string_append_printf(text, "%u%c", f->frame->pixels[i] * 257u,
				       i % 16 == 15 ? '\n' : ' ');
	write_file(path, text->str, text->len);
	return path;
}

static void
fixture_set_up(Fixture *f, gconstpointer user_data)
{
	SoriSceneParams params;
	g_autoptr(GError) error = NULL;

	f->dir = g_dir_make_tmp("sorictl-marker-XXXXXX", &error);
	g_assert_no_error(error);
	sori_scene_params_init(&params);
	params.seed = 23;
	params.background = SORI_SCENE_BACKGROUND_PLAIN;
	params.noise_sigma = 2.0;
	params.n_codes = 1;
	params.codes[0].id = CODE_ID;
	params.codes[0].size_mm = CODE_SIZE_MM;
	params.codes[0].distance_m = 2.5;
	params.codes[0].bearing_deg = 22.0;
	params.codes[0].yaw_deg = 15.0;
	params.codes[0].roll_deg = 8.0;
	f->frame = sori_scene_render(&params, &error);
	g_assert_no_error(error);
	g_assert_cmpint(f->frame->n_truths, ==, 1);
	g_assert_true(f->frame->truths[0].readable);
	f->pgm = fixture_path(f, "frame.pgm");
	g_assert_true(sori_scene_frame_write_pgm(f->frame, f->pgm, &error));
	g_assert_no_error(error);
}

static void
fixture_tear_down(Fixture *f, gconstpointer user_data)
{
	sori_test_remove_tree(f->dir);
	g_free(f->dir);
	g_free(f->pgm);
	sori_scene_frame_free(f->frame);
}

/* one line of output: the code, where the truth says, from @file */
static void
assert_detection_line(Fixture *f, const gchar *line, const gchar *file)
{
	const SoriSceneTruth *truth = &f->frame->truths[0];
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;
	JsonObject *object;
	JsonArray *centre, *corners;

	g_assert_true(json_parser_load_from_data(parser, line, -1, &error));
	g_assert_no_error(error);
	object = json_node_get_object(json_parser_get_root(parser));
	g_assert_cmpstr(json_object_get_string_member(object, "file"), ==, file);
	g_assert_cmpint(json_object_get_int_member(object, "id"), ==, CODE_ID);
	centre = json_object_get_array_member(object, "centre");
	g_assert_cmpuint(json_array_get_length(centre), ==, 2);
	g_assert_cmpfloat_with_epsilon(json_array_get_double_element(centre, 0), truth->centre[0],
				       3.0);
	g_assert_cmpfloat_with_epsilon(json_array_get_double_element(centre, 1), truth->centre[1],
				       3.0);
	corners = json_object_get_array_member(object, "corners");
	g_assert_cmpuint(json_array_get_length(corners), ==, 4);
	for (guint i = 0; i < 4; i++) {
		JsonArray *corner = json_array_get_array_element(corners, i);
		/* clockwise from the code's own top left, as the truth */
		g_assert_cmpfloat_with_epsilon(json_array_get_double_element(corner, 0),
					       truth->corners[i][0], 3.0);
		g_assert_cmpfloat_with_epsilon(json_array_get_double_element(corner, 1),
					       truth->corners[i][1], 3.0);
	}
	/* the 10 % */
	g_assert_cmpfloat_with_epsilon(json_object_get_double_member(object, "distance_m"),
				       truth->distance_m, truth->distance_m * 0.10);
	g_assert_cmpfloat_with_epsilon(json_object_get_double_member(object, "bearing_deg"),
				       truth->bearing_deg, 2.0);
	g_assert_cmpint(json_object_get_int_member(object, "clock"), ==, truth->clock);
}

static void
assert_detects(Fixture *f, const gchar *path, const gchar *const *options)
{
	g_autoptr(GPtrArray) args = g_ptr_array_new();
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_auto(GStrv) lines = NULL;

	g_ptr_array_add(args, (gpointer) "detect");
	for (guint i = 0; options != NULL && options[i] != NULL; i++)
		g_ptr_array_add(args, (gpointer) options[i]);
	g_ptr_array_add(args, (gpointer) path);
	g_ptr_array_add(args, NULL);
	g_assert_cmpint(run_sorictl(&out, &err, (const gchar *const *) args->pdata), ==, 0);
	g_assert_cmpstr(err, ==, "");
	lines = g_strsplit(out, "\n", -1);
	g_assert_cmpuint(g_strv_length(lines), ==, 2);
	g_assert_cmpstr(lines[1], ==, "");
	assert_detection_line(f, lines[0], path);
}

static void
test_detect_formats(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *png = fixture_write_pixbuf(f, "frame.png", "png");
	g_autofree gchar *jpeg = fixture_write_pixbuf(f, "frame.jpg", "jpeg");
	g_autofree gchar *plain = fixture_write_plain_pgm(f, "frame-plain.pgm");
	/* a name JSON must escape */
	g_autofree gchar *odd = fixture_path(f, "a \"quoted\"\\name\t.pgm");

	sori_test_copy_file(f->pgm, odd);
	assert_detects(f, f->pgm, (const gchar *const[]){ "--size-mm", "150", NULL });
	/* 150 mm and 68° are the defaults */
	assert_detects(f, png, NULL);
	assert_detects(f, jpeg, NULL);
	assert_detects(f, plain, NULL);
	assert_detects(f, odd, (const gchar *const[]){ "--fov-deg", "68", NULL });
}

/* distance scales with the printed size; the field of view changes the bearing */
static void
test_detect_camera(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;
	JsonObject *object;

	g_assert_cmpint(run_sorictl(&out, &err,
				    (const gchar *const[]){ "detect", "--size-mm", "300",
							    "--fov-deg", "90", f->pgm, NULL }),
			==, 0);
	g_assert_true(json_parser_load_from_data(parser, out, -1, &error));
	g_assert_no_error(error);
	object = json_node_get_object(json_parser_get_root(parser));
	g_assert_cmpint(json_object_get_int_member(object, "id"), ==, CODE_ID);
	/* twice the size: twice as far, less the change of focal length (68° → 90°) */
	{
		double f68 = 640.0 / tan(34.0 * G_PI / 180.0);
		double f90 = 640.0 / tan(45.0 * G_PI / 180.0);
		double expected = f->frame->truths[0].distance_m * 2.0 * f90 / f68;
		g_assert_cmpfloat_with_epsilon(json_object_get_double_member(object, "distance_m"),
					       expected, expected * 0.10);
	}
	g_assert_cmpfloat(json_object_get_double_member(object, "bearing_deg"), >,
			  f->frame->truths[0].bearing_deg + 3.0);
}

/* each file that cannot be read is named, the others are still read, exit 1 */
static void
test_detect_unreadable(Fixture *f, gconstpointer user_data)
{
	g_autofree gchar *dir = fixture_path(f, "a-folder.png");
	g_autofree gchar *empty = fixture_path(f, "empty.png");
	g_autofree gchar *missing = fixture_path(f, "missing.pgm");
	g_autofree gchar *text = fixture_path(f, "notes.png");
	g_autofree gchar *huge = fixture_path(f, "huge.png");
	g_autofree gchar *huge_pgm = fixture_path(f, "huge.pgm");
	g_autofree gchar *truncated_pgm = fixture_path(f, "truncated.pgm");
	g_autofree gchar *truncated_png = fixture_path(f, "truncated.png");
	g_autofree gchar *truncated_jpeg = fixture_path(f, "truncated.jpg");
	g_autofree gchar *png = fixture_write_pixbuf(f, "frame.png", "png");
	g_autofree gchar *jpeg = fixture_write_pixbuf(f, "frame.jpg", "jpeg");
	g_autofree gchar *contents = NULL;
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_auto(GStrv) lines = NULL;
	gsize size = 0;
	const gchar *broken[] = { dir,      empty,         missing,       text,          huge,
				  huge_pgm, truncated_pgm, truncated_png, truncated_jpeg };

	g_assert_cmpint(g_mkdir(dir, 0755), ==, 0);
	write_file(empty, "", 0);
	write_file(text, "not an image\n", 13);
	/* a 20000 × 20000 PNG: its header, and a little of its data, is all it takes */
	{
		g_autoptr(GdkPixbuf) small = gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, 64, 64);
		g_autofree gchar *bytes = NULL;
		gsize len = 0;
		gdk_pixbuf_fill(small, 0xffffffff);
		g_assert_true(gdk_pixbuf_save_to_buffer(small, &bytes, &len, "png", NULL, NULL));
		/* IHDR's width and height (and its CRC, recomputed) */
		{
			guint8 *ihdr = (guint8 *) bytes + 8;
			guint32 crc;
			ihdr[8] = 0, ihdr[9] = 0, ihdr[10] = 0x4e, ihdr[11] = 0x20;
			ihdr[12] = 0, ihdr[13] = 0, ihdr[14] = 0x4e, ihdr[15] = 0x20;
			crc = (guint32) crc32(0L, ihdr + 4, 17);
			ihdr[21] = crc >> 24, ihdr[22] = crc >> 16, ihdr[23] = crc >> 8,
			ihdr[24] = crc;
		}
		write_file(huge, bytes, len);
	}
	{
		const gchar *header = "P5\n20000 20000\n255\n";
		write_file(huge_pgm, header, strlen(header));
	}
	g_assert_true(g_file_get_contents(f->pgm, &contents, &size, NULL));
	write_file(truncated_pgm, contents, size - 1000);
	g_clear_pointer(&contents, g_free);
	g_assert_true(g_file_get_contents(png, &contents, &size, NULL));
	write_file(truncated_png, contents, size / 2);
	g_clear_pointer(&contents, g_free);
	g_assert_true(g_file_get_contents(jpeg, &contents, &size, NULL));
	write_file(truncated_jpeg, contents, size / 2);

	for (guint i = 0; i < G_N_ELEMENTS(broken); i++) {
		g_autofree gchar *one_out = NULL;
		g_autofree gchar *one_err = NULL;
		g_autofree gchar *needle
			= g_strdup_printf("sorictl marker detect: %s: ", broken[i]);
		g_test_message("%s", broken[i]);
		g_assert_cmpint(run_sorictl(&one_out, &one_err,
					    (const gchar *const[]){ "detect", broken[i], NULL }),
				==, 1);
		g_assert_cmpstr(one_out, ==, "");
		g_assert_true(g_str_has_prefix(one_err, needle));
		g_assert_cmpuint(strlen(one_err), >, strlen(needle) + 1);
	}

	/* all at once, between the readable ones: each named once, the good ones read */
	g_assert_cmpint(
		run_sorictl(&out, &err,
			    (const gchar *const[]){ "detect", f->pgm, dir, empty, missing, text,
						    huge, huge_pgm, truncated_pgm, truncated_png,
						    truncated_jpeg, png, NULL }),
		==, 1);
	lines = g_strsplit(out, "\n", -1);
	g_assert_cmpuint(g_strv_length(lines), ==, 3);
	assert_detection_line(f, lines[0], f->pgm);
	assert_detection_line(f, lines[1], png);
	for (guint i = 0; i < G_N_ELEMENTS(broken); i++) {
		g_autofree gchar *needle = g_strdup_printf(": %s: ", broken[i]);
		g_assert_nonnull(strstr(err, needle));
	}
	g_assert_nonnull(strstr(err, "larger than 4096 pixels"));
	g_assert_nonnull(strstr(err, "truncated"));
	g_assert_nonnull(strstr(err, "is a directory"));
	g_assert_nonnull(strstr(err, "empty"));
}

static void
test_detect_usage(Fixture *f, gconstpointer user_data)
{
	const gchar *const *refused[] = {
		(const gchar *const[]){ "detect", NULL },
		(const gchar *const[]){ "detect", "--size-mm", "9", f->pgm, NULL },
		(const gchar *const[]){ "detect", "--size-mm", "1001", f->pgm, NULL },
		(const gchar *const[]){ "detect", "--size-mm", "nan", f->pgm, NULL },
		(const gchar *const[]){ "detect", "--size-mm", "big", f->pgm, NULL },
		(const gchar *const[]){ "detect", "--fov-deg", "19.9", f->pgm, NULL },
		(const gchar *const[]){ "detect", "--fov-deg", "151", f->pgm, NULL },
		(const gchar *const[]){ "detect", "--fov-deg", "inf", f->pgm, NULL },
		(const gchar *const[]){ "detect", "--no-such-option", f->pgm, NULL },
		(const gchar *const[]){ "undetect", f->pgm, NULL },
		(const gchar *const[]){ NULL },
	};
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;

	for (guint i = 0; i < G_N_ELEMENTS(refused); i++) {
		g_autofree gchar *one_out = NULL;
		g_autofree gchar *one_err = NULL;
		g_assert_cmpint(run_sorictl(&one_out, &one_err, refused[i]), ==, 2);
		g_assert_cmpstr(one_out, ==, "");
		g_assert_cmpstr(one_err, !=, "");
	}
	/* --help explains, on stdout */
	g_assert_cmpint(run_sorictl(&out, &err, (const gchar *const[]){ "detect", "--help", NULL }),
			==, 0);
	g_assert_nonnull(strstr(out, "--size-mm"));
	g_assert_nonnull(strstr(out, "--fov-deg"));
	g_assert_nonnull(strstr(out, "distance_m"));
	g_assert_nonnull(strstr(out, "Exit status"));
}

/* ---- the PGM parser, in-process ---- */

static guint8 *
parse_pgm(const gchar *text, gsize size, gint *width, gint *height, GError **error)
{
	return sorictl_image_parse_pgm((const guint8 *) text, size, width, height, error);
}

static void
test_pgm_parse(void)
{
	g_autoptr(GString) p5 = g_string_new("P5\n# made by hand\n16 16\n255\n");
	g_autoptr(GString) p5_16 = g_string_new("P5 16\t16\r1000\n");
	g_autoptr(GString) p2 = g_string_new("P2\n16 16 4\n");
	g_autofree guint8 *grey = NULL;
	g_autoptr(GError) error = NULL;
	gint width = 0, height = 0;

	for (guint i = 0; i < 256; i++) {
		g_string_append_c(p5, (gchar) i);
		g_string_append_c(p5_16, (gchar) ((i * 1000 / 255) >> 8));
		g_string_append_c(p5_16, (gchar) ((i * 1000 / 255) & 0xff));
		g_string_append_printf(p2, "%u\n", i % 5);
	}
	grey = parse_pgm(p5->str, p5->len, &width, &height, &error);
	g_assert_no_error(error);
	g_assert_cmpint(width, ==, 16);
	g_assert_cmpint(height, ==, 16);
	for (guint i = 0; i < 256; i++)
		g_assert_cmpuint(grey[i], ==, i);
	g_clear_pointer(&grey, g_free);

	/* 16 bits, big-endian, scaled to 0..255 */
	grey = parse_pgm(p5_16->str, p5_16->len, &width, &height, &error);
	g_assert_no_error(error);
	for (guint i = 0; i < 256; i++)
		g_assert_cmpint(ABS((gint) grey[i] - (gint) i), <=, 1);
	g_clear_pointer(&grey, g_free);

	grey = parse_pgm(p2->str, p2->len, &width, &height, &error);
	g_assert_no_error(error);
	for (guint i = 0; i < 256; i++)
		g_assert_cmpuint(grey[i], ==, ((i % 5) * 255 + 2) / 4);
}

static void
test_pgm_refused(void)
{
	const struct {
		const gchar *text;
		gsize size; /* 0: strlen, padded with pixels to the size given by the header */
		gint pixels;
		GIOErrorEnum code;
	} cases[] = {
		{ "P6\n16 16\n255\n", 0, 768, G_IO_ERROR_INVALID_DATA },
		{ "P5\n16 16\n0\n", 0, 256, G_IO_ERROR_INVALID_DATA },
		{ "P5\n16 16\n65536\n", 0, 512, G_IO_ERROR_INVALID_DATA },
		{ "P5\n16 -16\n255\n", 0, 256, G_IO_ERROR_INVALID_DATA },
		{ "P5\n16 16 255\n", 0, 255, G_IO_ERROR_PARTIAL_INPUT },
		{ "P5\n16 16 255\n", 0, 257, G_IO_ERROR_INVALID_DATA },
		{ "P5\n16 16 256\n", 0, 511, G_IO_ERROR_PARTIAL_INPUT },
		{ "P5\n15 16 255\n", 0, 240, G_IO_ERROR_INVALID_DATA },
		{ "P5\n4097 16 255\n", 0, 0, G_IO_ERROR_NO_SPACE },
		{ "P5\n4096 4096 255\n", 0, 0, G_IO_ERROR_NO_SPACE },
		{ "P5\n99999999999999999999 16 255\n", 0, 0, G_IO_ERROR_INVALID_DATA },
		{ "P5\n16 16 255", 0, 0, G_IO_ERROR_INVALID_DATA },
		{ "P5\n16 16 255x", 0, 0, G_IO_ERROR_INVALID_DATA },
		{ "P5", 0, 0, G_IO_ERROR_INVALID_DATA },
		{ "", 0, 0, G_IO_ERROR_INVALID_DATA },
		{ "P2\n16 16 4\n5", 0, 0, G_IO_ERROR_INVALID_DATA },
		{ "P2\n16 16 4\n1 2 3", 0, 0, G_IO_ERROR_PARTIAL_INPUT },
		{ "P2\n16 16 4\n-1", 0, 0, G_IO_ERROR_INVALID_DATA },
		{ "P2\n16 16 4\n1x", 0, 0, G_IO_ERROR_INVALID_DATA },
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GString) text = g_string_new(cases[i].text);
		g_autoptr(GError) error = NULL;
		g_autofree guint8 *grey = NULL;
		gint width = -1, height = -1;

		for (gint p = 0; p < cases[i].pixels; p++)
			g_string_append_c(text, 'A');
		g_test_message("case %u: %s", i, cases[i].text);
		grey = parse_pgm(text->str, text->len, &width, &height, &error);
		g_assert_null(grey);
		g_assert_error(error, G_IO_ERROR, (gint) cases[i].code);
		g_assert_cmpint(width, ==, -1);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add("/sorictl/marker/detect/formats", Fixture, NULL, fixture_set_up,
		   test_detect_formats, fixture_tear_down);
	g_test_add("/sorictl/marker/detect/camera", Fixture, NULL, fixture_set_up,
		   test_detect_camera, fixture_tear_down);
	g_test_add("/sorictl/marker/detect/unreadable", Fixture, NULL, fixture_set_up,
		   test_detect_unreadable, fixture_tear_down);
	g_test_add("/sorictl/marker/detect/usage", Fixture, NULL, fixture_set_up, test_detect_usage,
		   fixture_tear_down);
	g_test_add_func("/sorictl/marker/pgm/parse", test_pgm_parse);
	g_test_add_func("/sorictl/marker/pgm/refused", test_pgm_refused);
	return g_test_run();
}
