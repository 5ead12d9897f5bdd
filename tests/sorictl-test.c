/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sori-test-util.h"

#include <glib/gstdio.h>
#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

static gint
sorictl_valist(gchar **out, gchar **err, va_list args)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(GSubprocess) process = NULL;
	const gchar *arg;

	g_ptr_array_add(argv, (gpointer) g_getenv("SORICTL"));
	while ((arg = va_arg(args, const gchar *)) != NULL)
		g_ptr_array_add(argv, (gpointer) arg);
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

static gint
sorictl(gchar **out, gchar **err, ...)
{
	va_list args;
	gint status;

	va_start(args, err);
	status = sorictl_valist(out, err, args);
	va_end(args);
	return status;
}

/* sorictl with the arguments after @needle must exit with @status, saying
 * @needle on stderr */
static void
assert_sorictl_refuses(gint status, const gchar *needle, ...)
{
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	va_list args;

	va_start(args, needle);
	g_assert_cmpint(sorictl_valist(&out, &err, args), ==, status);
	va_end(args);
	g_assert_nonnull(strstr(err, needle));
}

static gchar *
test_file(const gchar *name)
{
	return g_build_filename(g_getenv("SORI_TEST_DATA"), name, NULL);
}

static void
test_validate_valid(void)
{
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *path = test_file("minimal.json");
	g_assert_cmpint(sorictl(&out, &err, "validate", path, NULL), ==, 0);
	g_assert_cmpstr(out, ==, "valid: venue 'test-museum', 1 galleries, 2 exhibits\n");
}

/* the directions a curator walks before the map goes live */
static void
test_route(void)
{
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *museum
		= g_build_filename(g_getenv("SORI_SAMPLE_DIR"), "dasol-museum.json", NULL);
	g_auto(GStrv) lines = NULL;

	g_assert_cmpint(sorictl(&out, &err, "validate", museum, NULL), ==, 0);
	g_assert_cmpstr(out, ==,
			"valid: venue 'dasol-museum', 4 galleries, 24 exhibits, a map of 18 places "
			"and 18 ways on 2 floors\n");
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);
	g_assert_cmpint(sorictl(&out, &err, "route", museum, "clay-and-fire", "wood-and-metal",
				"--profile", "wheelchair", "--lang", "en", NULL),
			==, 0);
	lines = g_strsplit(out, "\n", -1);
	g_assert_cmpstr(lines[0], ==, "clay-and-fire → wood-and-metal, wheelchair, 50 m, in en");
	g_assert_cmpstr(
		lines[4], ==,
		" 4. [lift, 0 m, floor 1 → 2] Take the lift up to the first floor. The lift "
		"has braille buttons and announces each floor.");
	g_assert_true(
		g_str_has_prefix(lines[6], " 6. [arrive] You have arrived at Wood and Metal"));
	g_clear_pointer(&out, g_free);
	g_clear_pointer(&err, g_free);
	/* no way for the profile: the reason, and exit 1 */
	g_assert_cmpint(
		sorictl(&out, &err, "route", museum, "garden", "threads", "-p", "step-free", NULL),
		==, 1);
	g_assert_nonnull(strstr(err, "no step-free way from"));
	g_assert_nonnull(strstr(err, "3 steps"));
	assert_sorictl_refuses(2, "FROM and TO", "route", museum, "garden", NULL);
	assert_sorictl_refuses(2, "--profile", "route", museum, "garden", "threads", "-p", "skates",
			       NULL);
}

static void
test_validate_invalid(void)
{
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *path = test_file("invalid/many-problems.json");
	g_auto(GStrv) lines = NULL;

	g_assert_cmpint(sorictl(&out, &err, "validate", path, NULL), ==, 1);
	lines = g_strsplit(out, "\n", -1);
	g_assert_cmpuint(g_strv_length(lines), ==, 5);
	g_assert_true(g_str_has_prefix(lines[0], "/venue/id: 'X' is not a valid id"));
	g_assert_cmpstr(lines[1], ==,
			"/exhibits/0/code: '1' is not a code: codes are 3 to 6 digits");
	g_assert_cmpstr(lines[2], ==, "/exhibits/1/title: required field is missing");
	g_assert_cmpstr(lines[3], ==, "3 problems");
}

static void
test_validate_several(void)
{
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *good = test_file("minimal.json");
	g_autofree gchar *bad = test_file("invalid/not-json.json");
	g_autofree gchar *expected_first = NULL;
	g_autofree gchar *expected_last = NULL;

	g_assert_cmpint(sorictl(&out, &err, "validate", good, bad, NULL), ==, 1);
	expected_first = g_strdup_printf("%s: valid", good);
	g_assert_true(g_str_has_prefix(out, expected_first));
	g_assert_nonnull(strstr(out, "(document): invalid JSON at line 1, column 30"));
	expected_last = g_strdup_printf("%s: 1 problem\n", bad);
	g_assert_true(g_str_has_suffix(out, expected_last));
}

static void
test_validate_json(void)
{
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *path = test_file("invalid/exhibit-duplicate-code.json");
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;
	JsonObject *file;
	JsonObject *problem;

	g_assert_cmpint(sorictl(&out, &err, "validate", "--json", path, NULL), ==, 1);
	g_assert_true(json_parser_load_from_data(parser, out, -1, &error));
	g_assert_no_error(error);
	file = json_array_get_object_element(
		json_object_get_array_member(json_node_get_object(json_parser_get_root(parser)),
					     "files"),
		0);
	g_assert_false(json_object_get_boolean_member(file, "valid"));
	problem = json_array_get_object_element(json_object_get_array_member(file, "problems"), 0);
	g_assert_cmpstr(json_object_get_string_member(problem, "pointer"), ==, "/exhibits/1/code");
	g_assert_nonnull(
		strstr(json_object_get_string_member(problem, "reason"), "duplicate code"));
}

static void
test_usage(void)
{
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *out2 = NULL;
	g_autofree gchar *err2 = NULL;
	g_autofree gchar *out3 = NULL;
	g_autofree gchar *err3 = NULL;
	g_autofree gchar *out4 = NULL;
	g_autofree gchar *err4 = NULL;
	g_autofree gchar *out5 = NULL;
	g_autofree gchar *err5 = NULL;

	g_assert_cmpint(sorictl(&out, &err, "--help", NULL), ==, 0);
	g_assert_nonnull(strstr(out, "validate"));
	/* every command's summary starts in the same column, as the eye sees it */
	{
		g_auto(GStrv) lines = g_strsplit(out, "\n", -1);
		glong column = -1;
		guint n_commands = 0;
		for (guint i = 0; lines[i] != NULL; i++) {
			const gchar *summary;
			glong at;
			/* a command's line: "  name  parameters  summary" */
			if (!g_str_has_prefix(lines[i], "  ") || !g_ascii_islower(lines[i][2]))
				continue;
			summary = g_strrstr(lines[i], "  ") + 2;
			at = g_utf8_pointer_to_offset(lines[i], summary);
			if (column < 0)
				column = at;
			g_assert_cmpint(at, ==, column);
			n_commands++;
		}
		g_assert_cmpuint(n_commands, >=, 12);
	}
	g_assert_cmpint(sorictl(&out2, &err2, "validate", "--help", NULL), ==, 0);
	g_assert_nonnull(strstr(out2, "JSON Pointer"));
	g_assert_nonnull(strstr(out2, "\n  sorictl validate [OPTION…] FILE…\n"));
	g_assert_cmpint(sorictl(&out3, &err3, "validate", NULL), ==, 2);
	g_assert_nonnull(strstr(err3, "at least one catalogue FILE"));
	g_assert_cmpint(sorictl(&out4, &err4, "frobnicate", NULL), ==, 2);
	g_assert_nonnull(strstr(err4, "unknown command 'frobnicate'"));
	g_assert_cmpint(sorictl(&out5, &err5, "validate", "/nonexistent.json", NULL), ==, 1);
	g_assert_true(g_str_has_prefix(out5, "(document): "));
	g_assert_nonnull(strstr(out5, "/nonexistent.json"));
	g_assert_nonnull(strstr(out5, "No such file"));
}

static void
test_beacon_decode(void)
{
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *out2 = NULL;
	g_autofree gchar *err2 = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *frame;

	g_assert_cmpint(
		sorictl(&out, &err, "beacon", "decode",
			"02 01 06 03 03 aa fe 15 16 aa fe 00 e7 6a 3b 1c 0e 9d 2f 4a 5b 8c 7d "
			"00 00 00 00 00 02",
			NULL),
		==, 0);
	g_assert_true(json_parser_load_from_data(parser, out, -1, NULL));
	frame = json_array_get_object_element(json_node_get_array(json_parser_get_root(parser)), 0);
	g_assert_cmpstr(json_object_get_string_member(frame, "type"), ==, "eddystone-uid");
	g_assert_cmpstr(json_object_get_string_member(frame, "location_id"), ==,
			"eddystone-uid:6a3b1c0e9d2f4a5b8c7d:000000000002");
	g_assert_cmpint(sorictl(&out2, &err2, "beacon", "decode", "02010605", NULL), ==, 1);
	g_assert_cmpstr(err2, ==,
			"sorictl beacon decode: byte 3: an AD structure is longer than the data "
			"left\n");
}

static void
test_beacon_encode_eid(void)
{
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *out2 = NULL;
	g_autofree gchar *err2 = NULL;
	g_autofree gchar *out3 = NULL;
	g_autofree gchar *err3 = NULL;

	g_assert_cmpint(sorictl(&out, &err, "beacon", "encode", "--type", "ibeacon", "--id",
				"ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:1:101", "--tx-power",
				"-60", NULL),
			==, 0);
	g_assert_cmpstr(out, ==, "0201061aff4c0002155a4bcfce174e4baca814092e77f6b7e500010065c4\n");
	/* the AltBeacon specification's example, built back */
	{
		g_autofree gchar *o = NULL;
		g_autofree gchar *e = NULL;
		g_assert_cmpint(sorictl(&o, &e, "beacon", "encode", "--type", "altbeacon",
					"--company", "0x0118", "--beacon-id",
					"2f234454cf6d4a0fadf2f4911ba9ffa600010002", "--no-flags",
					NULL),
				==, 0);
		g_assert_cmpstr(o, ==,
				"1bff1801beac2f234454cf6d4a0fadf2f4911ba9ffa600010002c500\n");
	}
	g_assert_cmpint(sorictl(&out2, &err2, "beacon", "eid", "--identity-key",
				"0102030405060708090a0b0c0d0e0f10", "--exponent", "10", "--time",
				"305419896", NULL),
			==, 0);
	g_assert_cmpstr(out2, ==, "88164c9e51dfbc05\n");
	g_assert_cmpint(sorictl(&out3, &err3, "beacon", "eid", "--identity-key", "0102",
				"--exponent", "10", "--time", "1", NULL),
			==, 2);
	g_assert_nonnull(strstr(err3, "32 hexadecimal digits"));
}

static void
test_beacon_provision(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("sorictl-test-XXXXXX", NULL);
	g_autofree gchar *registry = g_build_filename(dir, "beacons.json", NULL);
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *out2 = NULL;
	g_autofree gchar *err2 = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(JsonParser) registry_parser = json_parser_new();
	g_autofree gchar *eid_out = NULL;
	g_autofree gchar *eid_err = NULL;
	JsonObject *settings;
	JsonArray *beacons;
	GStatBuf st;

	g_assert_cmpint(sorictl(&out, &err, "beacon", "provision", "--name", "lobby-1",
				"--registry", registry, "--exponent", "8", NULL),
			==, 0);
	g_assert_cmpint(g_stat(registry, &st), ==, 0);
	/* secret keys: the owner's alone */
	g_assert_cmpint(st.st_mode & 0777, ==, 0600);
	g_assert_true(json_parser_load_from_data(parser, out, -1, NULL));
	settings = json_node_get_object(json_parser_get_root(parser));
	g_assert_cmpstr(json_object_get_string_member(settings, "bind_as"), ==, "eid:lobby-1");
	g_assert_cmpuint(strlen(json_object_get_string_member(settings, "identity_key")), ==, 32);
	/* what it printed is what the beacon will send */
	g_assert_cmpint(sorictl(&eid_out, &eid_err, "beacon", "eid", "--identity-key",
				json_object_get_string_member(settings, "identity_key"),
				"--exponent", "8", "--time", "65280", NULL),
			==, 0);
	g_assert_true(
		g_str_has_prefix(eid_out, json_object_get_string_member(settings, "initial_eid")));
	/* a second beacon is added; a name twice is refused */
	g_assert_cmpint(sorictl(&out2, &err2, "beacon", "provision", "--name", "hall-2",
				"--registry", registry, NULL),
			==, 0);
	g_assert_true(json_parser_load_from_file(registry_parser, registry, NULL));
	beacons = json_object_get_array_member(
		json_node_get_object(json_parser_get_root(registry_parser)), "beacons");
	g_assert_cmpuint(json_array_get_length(beacons), ==, 2);
	assert_sorictl_refuses(1, "registered twice", "beacon", "provision", "--name", "hall-2",
			       "--registry", registry, NULL);
	g_unlink(registry);
	g_rmdir(dir);
}

static void
test_speak(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("sorictl-speak-XXXXXX", NULL);
	g_autofree gchar *mp3 = g_build_filename(dir, "a.mp3", NULL);
	g_autofree gchar *vtt = g_build_filename(dir, "a.vtt", NULL);
	g_autofree gchar *json = g_build_filename(dir, "a.json", NULL);
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *out2 = NULL;
	g_autofree gchar *err2 = NULL;
	g_autofree gchar *captions = NULL;

	g_assert_cmpint(sorictl(&out, &err, "speak", "--lang", "en", "--rate", "250", "--text",
				"A big white jar. It is round like a full moon.", "--output", mp3,
				"--captions", vtt, "--transcript", json, NULL),
			==, 0);
	g_assert_nonnull(strstr(err, "11 words"));
	g_assert_true(g_file_test(mp3, G_FILE_TEST_IS_REGULAR));
	g_assert_true(g_file_get_contents(vtt, &captions, NULL, NULL));
	g_assert_true(g_str_has_prefix(captions, "WEBVTT\n"));
	g_assert_nonnull(strstr(captions, "<00:00:"));
	g_assert_cmpint(sorictl(&out2, &err2, "speak", "--lang", "en", "--rate", "500", "--text",
				"x", "--output", mp3, NULL),
			==, 2);
	g_assert_nonnull(strstr(err2, "rate 500 is out of range"));
	g_unlink(mp3);
	g_unlink(vtt);
	g_unlink(json);
	g_rmdir(dir);
}

static void
test_render(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("sorictl-render-XXXXXX", NULL);
	g_autofree gchar *cache = g_build_filename(dir, "cache", NULL);
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *out2 = NULL;
	g_autofree gchar *err2 = NULL;

	/* the park: 5 exhibits, 4 texts each, 2 languages */
	g_assert_cmpint(sorictl(&out, &err, "render", "--data-dir", g_getenv("SORI_SAMPLE_DIR"),
				"--cache-dir", cache, "--venue", "haneul-wetland", NULL),
			==, 0);
	g_assert_nonnull(strstr(err, "40 renderings: 40 new, 0 already cached, 0 failed"));
	/* again: everything is there already */
	g_assert_cmpint(sorictl(&out2, &err2, "render", "--data-dir", g_getenv("SORI_SAMPLE_DIR"),
				"--cache-dir", cache, "--venue", "haneul-wetland", NULL),
			==, 0);
	g_assert_nonnull(strstr(err2, "40 renderings: 0 new, 40 already cached, 0 failed"));
	sori_test_remove_tree(dir);
}

static void
test_token(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("sorictl-token-XXXXXX", NULL);
	g_autofree gchar *file = g_build_filename(dir, ".sori", "tokens.json", NULL);
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *list = NULL;
	g_autofree gchar *err2 = NULL;
	g_autofree gchar *out3 = NULL;
	g_autofree gchar *err3 = NULL;
	g_autofree gchar *stored = NULL;
	g_auto(GStrv) lines = NULL;
	GStatBuf st;

	g_assert_cmpint(sorictl(&out, &err, "token", "add", "--data-dir", dir, "--venue",
				"haneul-wetland", "--name", "park-curator", NULL),
			==, 0);
	/* the token, once, on the last line; only its hash is kept, in a private file */
	lines = g_strsplit(g_strstrip(out), "\n", -1);
	g_assert_true(g_str_has_prefix(lines[g_strv_length(lines) - 1], "sori_"));
	g_assert_cmpint(g_stat(file, &st), ==, 0);
	g_assert_cmpint(st.st_mode & 0777, ==, 0600);
	g_assert_true(g_file_get_contents(file, &stored, NULL, NULL));
	g_assert_null(strstr(stored, lines[g_strv_length(lines) - 1]));
	g_assert_cmpint(sorictl(&list, &err2, "token", "list", "--data-dir", dir, NULL), ==, 0);
	g_assert_true(g_str_has_prefix(list, "park-curator\thaneul-wetland\t"));
	g_assert_cmpint(sorictl(&out3, &err3, "token", "revoke", "--data-dir", dir, "--name",
				"park-curator", NULL),
			==, 0);
	assert_sorictl_refuses(1, "no token is named 'park-curator'", "token", "revoke",
			       "--data-dir", dir, "--name", "park-curator", NULL);
	g_unlink(file);
	{
		g_autofree gchar *state = g_build_filename(dir, ".sori", NULL);
		g_rmdir(state);
	}
	g_rmdir(dir);
}

static void
test_import(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("sorictl-import-XXXXXX", NULL);
	g_autofree gchar *csv = g_build_filename(dir, "exhibits.csv", NULL);
	g_autofree gchar *bad = g_build_filename(dir, "bad.csv", NULL);
	g_autofree gchar *base = g_build_filename(g_getenv("SORI_TEST_DATA"), "minimal.json", NULL);
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *out2 = NULL;
	g_autofree gchar *err2 = NULL;
	const gchar *header = "id,gallery,code,title.ko,title.en,description.ko,description.en,"
			      "audio_description.ko,audio_description.en,easy_read.ko,easy_read.en,"
			      "display_height_cm,touchable,seating_nearby\n";
	g_autofree gchar *good_text = g_strconcat(
		header,
		"moon-jar,hall,101,달항아리,Moon Jar,흰 항아리,A white jar,설명,Text,쉬운,Easy,90,"
		"no,yes\n",
		NULL);
	g_autofree gchar *bad_text = g_strconcat(
		header,
		"moon-jar,hall,101,달항아리,,흰 항아리,A white jar,설명,Text,쉬운,Easy,90,no,yes\n"
		"celadon,attic,1x2,청자,Celadon,설명,Text,설명,Text,쉬운,Easy,90,no,yes\n",
		NULL);

	g_assert_true(g_file_set_contents(csv, good_text, -1, NULL));
	g_assert_true(g_file_set_contents(bad, bad_text, -1, NULL));
	g_assert_cmpint(sorictl(&out, &err, "import", "--base", base, csv, NULL), ==, 0);
	g_assert_nonnull(strstr(out, "\"Moon Jar\""));
	g_assert_cmpint(sorictl(&out2, &err2, "import", "--base", base, bad, NULL), ==, 1);
	g_assert_nonnull(strstr(out2, "row 2, column title.en: missing text in declared language"));
	g_assert_nonnull(strstr(out2, "row 3, column gallery: unknown gallery 'attic'"));
	g_assert_nonnull(strstr(out2, "row 3, column code: '1x2' is not a code"));
	g_unlink(csv);
	g_unlink(bad);
	g_rmdir(dir);
}

/* the dark modules of an SVG that sorictl qr wrote, as rows of '#' and ' ' */
static GPtrArray *
svg_modules(const gchar *svg)
{
	g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func(g_free);
	const gchar *p = strstr(svg, " d=\"");
	guint side = 0;
	guint quiet = 4;

	g_assert_nonnull(strstr(svg, "viewBox=\"0 0 "));
	side = (guint) g_ascii_strtoull(strstr(svg, "viewBox=\"0 0 ") + 13, NULL, 10);
	g_assert_cmpuint(side, >, 2 * quiet);
	for (guint y = 0; y < side - 2 * quiet; y++)
		g_ptr_array_add(rows, g_strnfill(side - 2 * quiet, ' '));
	g_assert_nonnull(p);
	p += 4;
	while (*p == 'M') {
		guint x, y, run, run2;
		gint consumed = 0;
		g_assert_cmpint(sscanf(p, "M%u %uh%uv1h-%uz%n", &x, &y, &run, &run2, &consumed), ==,
				4);
		g_assert_cmpuint(run, ==, run2);
		g_assert_cmpuint(x, >=, quiet);
		g_assert_cmpuint(y, >=, quiet);
		g_assert_cmpuint(x + run, <=, side - quiet);
		g_assert_cmpuint(y, <, side - quiet);
		memset((gchar *) g_ptr_array_index(rows, y - quiet) + (x - quiet), '#', run);
		p += consumed;
	}
	g_assert_cmpint(*p, ==, '"');
	return g_steal_pointer(&rows);
}

static void
test_qr(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("sorictl-qr-XXXXXX", NULL);
	g_autofree gchar *catalogue
		= g_build_filename(g_getenv("SORI_SAMPLE_DIR"), "dasol-museum.json", NULL);
	g_autofree gchar *invalid = test_file("invalid/exhibit-code-letters.json");
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_auto(GStrv) lines = NULL;
	g_autofree gchar *svg = NULL;
	g_autofree gchar *label = g_build_filename(dir, "exhibit-101.svg", NULL);
	g_autoptr(GPtrArray) modules = NULL;
	g_autofree gchar *reference = NULL;
	g_auto(GStrv) reference_rows = NULL;
	const gchar *url = "https://guide.example.org/v/dasol-museum/c/101";

	g_assert_cmpint(sorictl(&out, &err, "qr", "--base-url", "https://guide.example.org/",
				"--output", dir, catalogue, NULL),
			==, 0);
	/* the entrance, 24 exhibits and the gallery codes of the bindings */
	lines = g_strsplit(g_strchomp(out), "\n", -1);
	g_assert_cmpuint(g_strv_length(lines), ==, 1 + 24 + 4);
	g_assert_true(g_str_has_suffix(lines[0],
				       "/entrance.svg\thttps://guide.example.org/v/dasol-museum"));
	g_assert_nonnull(
		strstr(out, "/gallery-100.svg\thttps://guide.example.org/v/dasol-museum/c/100\n"));
	g_assert_nonnull(strstr(err, "29 QR codes written"));

	/* what a phone's camera reads is exactly what libqrencode's own tool makes */
	g_assert_true(g_file_get_contents(label, &svg, NULL, NULL));
	g_assert_nonnull(
		strstr(svg, "<title>https://guide.example.org/v/dasol-museum/c/101</title>"));
	g_assert_nonnull(strstr(svg, "width=\"30mm\""));
	modules = svg_modules(svg);
	{
		const gchar *argv[]
			= { "qrencode", "-t", "ASCII", "-l", "Q", "-m", "0", url, NULL };
		g_autoptr(GError) error = NULL;
		g_autoptr(GSubprocess) qrencode
			= g_subprocess_newv(argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
		g_assert_no_error(error);
		g_assert_true(g_subprocess_communicate_utf8(qrencode, NULL, NULL, &reference, NULL,
							    &error));
		g_assert_no_error(error);
	}
	/* one line a row, each module two characters wide; trailing spaces kept */
	g_assert_true(g_str_has_suffix(reference, "\n"));
	reference[strlen(reference) - 1] = '\0';
	reference_rows = g_strsplit(reference, "\n", -1);
	g_assert_cmpuint(g_strv_length(reference_rows), ==, modules->len);
	for (guint y = 0; y < modules->len; y++) {
		const gchar *row = g_ptr_array_index(modules, y);
		g_assert_cmpuint(strlen(reference_rows[y]), ==, 2 * strlen(row));
		for (guint x = 0; x < strlen(row); x++)
			g_assert_cmpint(row[x], ==, reference_rows[y][2 * x]);
	}

	/* what cannot work is refused, saying why */
	assert_sorictl_refuses(2, "https://", "qr", "--base-url", "ftp://guide.example.org",
			       "--output", dir, catalogue, NULL);
	assert_sorictl_refuses(2, "root of its host", "qr", "--base-url",
			       "https://guide.example.org/guide", "--output", dir, catalogue, NULL);
	assert_sorictl_refuses(2, "root of its host", "qr", "--base-url",
			       "https://guide.example.org/?from=poster", "--output", dir, catalogue,
			       NULL);
	assert_sorictl_refuses(2, "guide.example.org", "qr", "--base-url", "guide.example.org",
			       "--output", dir, catalogue, NULL);
	assert_sorictl_refuses(2, "--base-url and --output are required", "qr", "--output", dir,
			       catalogue, NULL);
	assert_sorictl_refuses(2, "L, M, Q and H", "qr", "--base-url", "https://guide.example.org",
			       "--output", dir, "--level", "X", catalogue, NULL);
	assert_sorictl_refuses(1, "sorictl validate", "qr", "--base-url",
			       "https://guide.example.org", "--output", dir, invalid, NULL);
	{
		/* plain http works on a test bench, with a warning */
		g_autofree gchar *o = NULL;
		g_autofree gchar *e = NULL;
		g_assert_cmpint(sorictl(&o, &e, "qr", "--base-url", "http://127.0.0.1:8080",
					"--output", dir, catalogue, NULL),
				==, 0);
		g_assert_nonnull(strstr(e, "is not https"));
		g_assert_nonnull(strstr(o, "\thttp://127.0.0.1:8080/v/dasol-museum/c/101\n"));
	}
	sori_test_remove_tree(dir);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/sorictl/validate/valid", test_validate_valid);
	g_test_add_func("/sorictl/validate/invalid", test_validate_invalid);
	g_test_add_func("/sorictl/validate/several", test_validate_several);
	g_test_add_func("/sorictl/validate/json", test_validate_json);
	g_test_add_func("/sorictl/usage", test_usage);
	g_test_add_func("/sorictl/beacon/decode", test_beacon_decode);
	g_test_add_func("/sorictl/speak", test_speak);
	g_test_add_func("/sorictl/token", test_token);
	g_test_add_func("/sorictl/import", test_import);
	g_test_add_func("/sorictl/render", test_render);
	g_test_add_func("/sorictl/beacon/encode-eid", test_beacon_encode_eid);
	g_test_add_func("/sorictl/beacon/provision", test_beacon_provision);
	g_test_add_func("/sorictl/qr", test_qr);
	g_test_add_func("/sorictl/route", test_route);
	return g_test_run();
}
