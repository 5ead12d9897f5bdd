/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The scene generator's outputs: the truth as JSON, a video's frames (the
 * same wall moved by the shake, fresh noise), YUV4MPEG2 as a player reads
 * it, and the sori-scene tool's video, truth lines and exit codes.
 */

#include "scene-test-common.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* a video's frames: the same wall every frame, moved by the shake; fresh noise */
static void
test_scene_video_frames(void)
{
	SoriSceneParams params;
	g_autoptr(SoriSceneFrame) first = NULL;
	g_autoptr(SoriSceneFrame) second = NULL;
	g_autoptr(SoriSceneFrame) shifted = NULL;
	g_autoptr(SoriSceneFrame) noisy = NULL;
	g_autoptr(SoriSceneFrame) noisy_next = NULL;
	int same = 0, total = 0;

	sori_scene_params_init(&params);
	params.seed = 5;
	params.n_codes = 0;
	first = render(&params);
	params.frame = 1;
	second = render(&params);
	g_assert_cmpmem(first->pixels, 1280 * 720, second->pixels, 1280 * 720);
	/* moved 12 px right and 5 up: the wall's pixels follow */
	params.background_shift_px[0] = 12;
	params.background_shift_px[1] = -5;
	shifted = render(&params);
	for (int y = 10; y < 700; y += 7) {
		for (int x = 20; x < 1260; x += 7) {
			total++;
			same += shifted->pixels[(y - 5) * 1280 + x + 12]
				== first->pixels[y * 1280 + x];
		}
	}
	g_assert_cmpint(same, ==, total);
	params.background_shift_px[0] = params.background_shift_px[1] = 0;
	params.noise_sigma = 3;
	params.frame = 0;
	noisy = render(&params);
	params.frame = 1;
	noisy_next = render(&params);
	g_assert_true(memcmp(noisy->pixels, noisy_next->pixels, 1280 * 720) != 0);
}

static int
run_tool(const char *const *argv, char **out, char **err)
{
	g_autoptr(GError) error = NULL;
	int status;
	g_autoptr(GPtrArray) args = g_ptr_array_new();

	g_ptr_array_add(args, (char *) g_getenv("SORI_SCENE"));
	for (int i = 0; argv[i] != NULL; i++)
		g_ptr_array_add(args, (char *) argv[i]);
	g_ptr_array_add(args, NULL);
	g_spawn_sync(NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
		     &status, &error);
	g_assert_no_error(error);
	g_assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* the video: YUV4MPEG2 header, N frames of luma and flat chroma, a truth line each */
static void
test_scene_video(void)
{
	g_autofree char *dir = g_dir_make_tmp("scene-test-XXXXXX", NULL);
	g_autofree char *video = g_build_filename(dir, "walk.y4m", NULL);
	g_autofree char *truth = g_build_filename(dir, "walk.jsonl", NULL);
	g_autofree char *bytes = NULL;
	g_autofree char *lines = NULL;
	g_auto(GStrv) truths = NULL;
	gsize length;
	const char *header = "YUV4MPEG2 W640 H480 F15:1 Ip A1:1 C420jpeg XCOLORRANGE=LIMITED\n";
	gsize frame_size = 6 + 640 * 480 * 3 / 2;
	const char *argv[] = { "video",
			       "--out",
			       video,
			       "--truth",
			       truth,
			       "--frames",
			       "6",
			       "--fps",
			       "15",
			       "--width",
			       "640",
			       "--height",
			       "480",
			       "--code",
			       "17:150:6-2:10",
			       "--code",
			       "18:150:7-3:-15",
			       "--gap",
			       "4-4",
			       NULL };
	double first = 0, last = 0;

	g_assert_cmpint(run_tool(argv, NULL, NULL), ==, 0);
	g_assert_true(g_file_get_contents(video, &bytes, &length, NULL));
	g_assert_cmpuint(length, ==, strlen(header) + 6 * frame_size);
	g_assert_true(strncmp(bytes, header, strlen(header)) == 0);
	for (int f = 0; f < 6; f++) {
		const char *frame = bytes + strlen(header) + f * frame_size;
		g_assert_true(strncmp(frame, "FRAME\n", 6) == 0);
		/* video-range luma */
		for (gsize i = 6; i < 6 + 640 * 480; i++) {
			g_assert_cmpint((guint8) frame[i], >=, 16);
			g_assert_cmpint((guint8) frame[i], <=, 235);
		}
		/* flat chroma */
		for (gsize i = 6 + 640 * 480; i < frame_size; i += 997)
			g_assert_cmpint((guint8) frame[i], ==, 128);
	}
	g_assert_true(g_file_get_contents(truth, &lines, NULL, NULL));
	truths = g_strsplit(g_strchomp(lines), "\n", -1);
	g_assert_cmpuint(g_strv_length(truths), ==, 6);
	for (int f = 0; f < 6; f++) {
		g_autofree char *start = g_strdup_printf("{\"frame\":%d,\"width\":640,", f);
		g_assert_true(g_str_has_prefix(truths[f], start));
	}
	g_assert_nonnull(strstr(truths[0], "\"id\":17"));
	g_assert_nonnull(strstr(truths[0], "\"id\":18"));
	/* the gap shows no code */
	g_assert_nonnull(strstr(truths[4], "\"codes\":[]"));
	/* the walker gets nearer: 6 m then 2 m */
	sscanf(strstr(truths[0], "\"distance_m\":") + 13, "%lf", &first);
	sscanf(strstr(truths[5], "\"distance_m\":") + 13, "%lf", &last);
	g_assert_cmpfloat(fabs(first - 6), <, 0.01);
	g_assert_cmpfloat(fabs(last - 2), <, 0.01);
	g_remove(video);
	g_remove(truth);
	g_rmdir(dir);
}

/* a frame's greys as video-range luma, which a player maps back to the greys */
static void
test_scene_y4m_luma(void)
{
	SoriSceneParams params;
	g_autoptr(SoriSceneFrame) frame = NULL;
	g_autoptr(GError) error = NULL;
	char *bytes = NULL;
	size_t length = 0;
	FILE *out = open_memstream(&bytes, &length);
	const guint8 *luma;

	params_one_code(&params, 20, 150, 1.5, 10, 20, 0);
	params.width = 64 * 4;
	params.height = 48 * 4;
	params.noise_sigma = 4;
	frame = render(&params);
	g_assert_true(sori_scene_y4m_write_header(out, frame->width, frame->height, 30, &error));
	g_assert_true(sori_scene_y4m_write_frame(out, frame, &error));
	g_assert_no_error(error);
	fclose(out);
	luma = (const guint8 *) strstr(bytes, "FRAME\n") + 6;
	g_assert_cmpuint(length, ==, (const char *) luma - bytes + 256 * 192 * 3 / 2);
	for (int i = 0; i < 256 * 192; i++) {
		/* 16 + 219 g / 255, and back: within half a level */
		double back = (luma[i] - 16) * 255.0 / 219;
		g_assert_cmpfloat(fabs(back - frame->pixels[i]), <=, 0.6);
	}
	free(bytes);
}

/* the truth as JSON: valid, whatever the file's name, and the truth's numbers */
static void
test_scene_truth_json(void)
{
	SoriSceneParams params;
	g_autoptr(SoriSceneFrame) frame = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;
	g_autofree char *json = NULL;
	const char *name = "a \"quoted\" \\ name\twith\n\x01 한글 \xff.pgm";
	JsonObject *root;
	JsonArray *codes;

	params_one_code(&params, 20, 150, 2.5, 18, 30, 40);
	params.n_codes = 2;
	params.codes[1] = params.codes[0];
	params.codes[1].id = 2114;
	params.codes[1].bearing_deg = -20;
	params.codes[1].distance_m = 4;
	frame = render(&params);
	json = sori_scene_frame_truth_to_json(frame, name);
	g_assert_null(strchr(json, '\n'));
	json_parser_load_from_data(parser, json, -1, &error);
	g_assert_no_error(error);
	root = json_node_get_object(json_parser_get_root(parser));
	/* the name as given, its one invalid byte replaced */
	g_assert_cmpstr(json_object_get_string_member(root, "file"), ==,
			"a \"quoted\" \\ name\twith\n\x01 한글 \xef\xbf\xbd.pgm");
	g_assert_cmpint(json_object_get_int_member(root, "width"), ==, 1280);
	g_assert_true(json_object_get_null_member(root, "negative"));
	codes = json_object_get_array_member(root, "codes");
	g_assert_cmpuint(json_array_get_length(codes), ==, 2);
	for (int i = 0; i < 2; i++) {
		JsonObject *code = json_array_get_object_element(codes, i);
		const SoriSceneTruth *t = &frame->truths[i];
		JsonArray *corners = json_object_get_array_member(code, "corners");
		g_assert_cmpint(json_object_get_int_member(code, "id"), ==, t->id);
		g_assert_cmpfloat(
			fabs(json_object_get_double_member(code, "distance_m") - t->distance_m), <,
			1e-4);
		g_assert_cmpfloat(
			fabs(json_object_get_double_member(code, "bearing_deg") - t->bearing_deg),
			<, 1e-3);
		g_assert_cmpfloat(
			fabs(json_object_get_double_member(code, "width_px") - t->width_px), <,
			1e-3);
		g_assert_cmpint(json_object_get_int_member(code, "clock"), ==, t->clock);
		g_assert_cmpint(json_object_get_boolean_member(code, "readable"), ==, t->readable);
		g_assert_cmpuint(json_array_get_length(corners), ==, 4);
		for (int c = 0; c < 4; c++) {
			JsonArray *xy = json_array_get_array_element(corners, c);
			g_assert_cmpfloat(
				fabs(json_array_get_double_element(xy, 0) - t->corners[c][0]), <,
				1e-3);
			g_assert_cmpfloat(
				fabs(json_array_get_double_element(xy, 1) - t->corners[c][1]), <,
				1e-3);
		}
	}
	g_assert_cmpint(frame->truths[0].clock, ==, 1);
	g_assert_cmpint(frame->truths[1].clock, ==, 11);
}

/* usage errors exit 2, failures 1, each said */
static void
test_scene_tool_errors(void)
{
	g_autofree char *err = NULL;
	const char *no_command[] = { NULL };
	const char *bad_code[] = { "frame", "--out", "/tmp/x.pgm", "--code", "5000:100:1:0", NULL };
	const char *bad_option[] = { "frame", "--out", "/tmp/x.pgm", "--frobnicate", NULL };
	const char *out_of_range[]
		= { "frame", "--out", "/tmp/x.pgm", "--code", "5:100:1:0:85", NULL };
	const char *unwritable[]
		= { "frame", "--out", "/nonexistent/dir/x.pgm", "--code", "5:100:1:0", NULL };
	const char *odd_video[] = { "video",   "--out", "/tmp/x.y4m", "--frames",    "1",
				    "--width", "641",   "--code",     "5:100:2-1:0", NULL };

	g_assert_cmpint(run_tool(no_command, NULL, NULL), ==, 2);
	g_assert_cmpint(run_tool(bad_code, NULL, &err), ==, 2);
	g_assert_nonnull(strstr(err, "--code"));
	g_clear_pointer(&err, g_free);
	g_assert_cmpint(run_tool(bad_option, NULL, &err), ==, 2);
	g_assert_nonnull(strstr(err, "--frobnicate"));
	g_clear_pointer(&err, g_free);
	g_assert_cmpint(run_tool(out_of_range, NULL, &err), ==, 2);
	g_assert_nonnull(strstr(err, "off-axis"));
	g_clear_pointer(&err, g_free);
	g_assert_cmpint(run_tool(unwritable, NULL, &err), ==, 1);
	g_assert_nonnull(strstr(err, "/nonexistent/dir/x.pgm"));
	g_clear_pointer(&err, g_free);
	g_assert_cmpint(run_tool(odd_video, NULL, &err), ==, 2);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/scene/video-frames", test_scene_video_frames);
	g_test_add_func("/scene/truth-json", test_scene_truth_json);
	g_test_add_func("/scene/video", test_scene_video);
	g_test_add_func("/scene/y4m-luma", test_scene_y4m_luma);
	g_test_add_func("/scene/tool-errors", test_scene_tool_errors);
	return g_test_run();
}
