/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include <string.h>

#include "sori-catalogue.h"

static gchar *
data_path(const gchar *env, const gchar *name)
{
	return g_build_filename(g_getenv(env), name, NULL);
}

static SoriCatalogue *
load_ok(const gchar *path)
{
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(GError) error = NULL;
	SoriCatalogue *catalogue = sori_catalogue_new_from_file(path, &problems, &error);
	for (guint i = 0; problems != NULL && i < problems->len; i++) {
		SoriCatalogueProblem *problem = g_ptr_array_index(problems, i);
		g_printerr("%s: %s\n", problem->pointer, problem->reason);
	}
	g_assert_no_error(error);
	g_assert_nonnull(catalogue);
	return catalogue;
}

static void
test_sample_museum(void)
{
	g_autofree gchar *path = data_path("SORI_SAMPLE_DIR", "dasol-museum.json");
	g_autoptr(SoriCatalogue) catalogue = load_ok(path);
	GPtrArray *galleries = sori_catalogue_get_galleries(catalogue);
	GPtrArray *exhibits = sori_catalogue_get_exhibits(catalogue);
	g_autoptr(GHashTable) floors = g_hash_table_new(g_direct_hash, g_direct_equal);
	const SoriTarget *target;

	g_assert_cmpstr(sori_catalogue_get_id(catalogue), ==, "dasol-museum");
	g_assert_cmpstr(sori_catalogue_get_default_language(catalogue), ==, "ko");
	g_assert_true(g_strv_contains(sori_catalogue_get_languages(catalogue), "en"));
	/* the floor for a realistic sample */
	g_assert_cmpuint(exhibits->len, >=, 24);
	g_assert_cmpuint(galleries->len, >=, 3);
	for (guint i = 0; i < galleries->len; i++) {
		SoriGallery *gallery = g_ptr_array_index(galleries, i);
		g_hash_table_add(floors, GINT_TO_POINTER(gallery->floor));
	}
	g_assert_cmpuint(g_hash_table_size(floors), >=, 2);
	/* every exhibit speaks both languages in every text */
	for (guint i = 0; i < exhibits->len; i++) {
		SoriExhibit *exhibit = g_ptr_array_index(exhibits, i);
		const gchar *fields[]
			= { "title", "description", "audio_description", "easy_read" };
		for (guint f = 0; f < G_N_ELEMENTS(fields); f++) {
			JsonObject *text = json_object_get_object_member(exhibit->json, fields[f]);
			g_assert_true(json_object_has_member(text, "ko"));
			g_assert_true(json_object_has_member(text, "en"));
		}
		g_assert_true(sori_catalogue_code_is_valid(exhibit->code));
	}
	target = sori_catalogue_lookup_code(catalogue, "101");
	g_assert_nonnull(target);
	g_assert_cmpint(target->kind, ==, SORI_TARGET_KIND_EXHIBIT);
	g_assert_cmpstr(target->exhibit->id, ==, "moon-jar");
	target = sori_catalogue_lookup_code(catalogue, "100");
	g_assert_nonnull(target);
	g_assert_cmpint(target->kind, ==, SORI_TARGET_KIND_GALLERY);
	g_assert_null(sori_catalogue_lookup_code(catalogue, "999"));
	/* beacon IDs are looked up in canonical (lowercase) form */
	target = sori_catalogue_lookup_beacon(catalogue,
					      "ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:1:101");
	g_assert_nonnull(target);
	g_assert_cmpstr(target->exhibit->id, ==, "moon-jar");
	g_assert_nonnull(sori_catalogue_lookup_beacon(catalogue, "eid:lobby-1"));
}

static void
test_sample_park(void)
{
	g_autofree gchar *path = data_path("SORI_SAMPLE_DIR", "haneul-wetland.json");
	g_autoptr(SoriCatalogue) catalogue = load_ok(path);
	g_assert_cmpstr(sori_catalogue_get_id(catalogue), ==, "haneul-wetland");
	g_assert_cmpuint(sori_catalogue_get_exhibits(catalogue)->len, >=, 3);
}

static void
test_minimal(void)
{
	g_autofree gchar *path = data_path("SORI_TEST_DATA", "minimal.json");
	g_autoptr(SoriCatalogue) catalogue = load_ok(path);
	SoriExhibit *exhibit = sori_catalogue_lookup_exhibit(catalogue, "celadon");
	g_assert_nonnull(exhibit);
	g_assert_cmpstr(exhibit->gallery->id, ==, "hall");
	g_assert_cmpuint(exhibit->gallery->n_exhibits, ==, 2);
	g_assert_null(sori_catalogue_lookup_exhibit(catalogue, "ghost"));
	g_assert_cmpuint(strlen(sori_catalogue_get_digest(catalogue)), ==, 64);
}

/* one invalid catalogue of tests/data/invalid: exactly the expected problems */
static void
test_invalid_case(gconstpointer user_data)
{
	const gchar *json_path = user_data;
	g_autofree gchar *stem = g_strndup(json_path, strlen(json_path) - strlen(".json"));
	g_autofree gchar *expected_path = g_strconcat(stem, ".expected", NULL);
	g_autofree gchar *expected_text = NULL;
	g_auto(GStrv) lines = NULL;
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriCatalogue) catalogue = NULL;
	guint n_expected = 0;

	g_assert_true(g_file_get_contents(expected_path, &expected_text, NULL, NULL));
	catalogue = sori_catalogue_new_from_file(json_path, &problems, &error);
	g_assert_null(catalogue);
	g_assert_error(error, SORI_CATALOGUE_ERROR, SORI_CATALOGUE_ERROR_INVALID);
	g_assert_nonnull(problems);

	lines = g_strsplit(expected_text, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		g_auto(GStrv) parts = NULL;
		gboolean found = FALSE;
		if (*lines[i] == '\0')
			continue;
		parts = g_strsplit(lines[i], "\t", 2);
		g_assert_cmpuint(g_strv_length(parts), ==, 2);
		n_expected++;
		for (guint j = 0; j < problems->len; j++) {
			SoriCatalogueProblem *problem = g_ptr_array_index(problems, j);
			if (g_strcmp0(problem->pointer, parts[0]) == 0
			    && strstr(problem->reason, parts[1]) != NULL)
				found = TRUE;
		}
		if (!found) {
			for (guint j = 0; j < problems->len; j++) {
				SoriCatalogueProblem *problem = g_ptr_array_index(problems, j);
				g_printerr("got '%s': %s\n", problem->pointer, problem->reason);
			}
			g_error("expected '%s': …%s…", parts[0], parts[1]);
		}
	}
	/* nothing reported twice, nothing spurious */
	g_assert_cmpuint(problems->len, ==, n_expected);
}

static void
test_many_errors_are_all_reported(void)
{
	g_autofree gchar *path = data_path("SORI_TEST_DATA", "minimal.json");
	g_autofree gchar *text = NULL;
	g_autoptr(GString) broken = NULL;
	g_autoptr(GBytes) bytes = NULL;
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriCatalogue) catalogue = NULL;

	/* every English text renamed to an undeclared language: one problem per text, at once */
	g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
	broken = g_string_new(text);
	g_string_replace(broken, "\"en\": ", "\"fr\": ", 0);
	bytes = g_bytes_new(broken->str, broken->len);
	catalogue = sori_catalogue_new_from_bytes(bytes, &problems, &error);
	g_assert_null(catalogue);
	g_assert_nonnull(problems);
	/* each text: once in an undeclared language, once for its missing English */
	{
		guint n_texts = 0;
		for (const gchar *p = text; (p = strstr(p, "\"en\": ")) != NULL; p++)
			n_texts++;
		g_assert_cmpuint(n_texts, >, 10);
		g_assert_cmpuint(problems->len, ==, 2 * n_texts);
	}
}

static void
test_too_large(void)
{
	gsize len = SORI_CATALOGUE_MAX_BYTES + 1;
	g_autofree gchar *data = g_malloc(len);
	g_autoptr(GBytes) bytes = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriCatalogue) catalogue = NULL;

	memset(data, ' ', len);
	bytes = g_bytes_new_static(data, len);
	catalogue = sori_catalogue_new_from_bytes(bytes, NULL, &error);
	g_assert_null(catalogue);
	g_assert_error(error, SORI_CATALOGUE_ERROR, SORI_CATALOGUE_ERROR_TOO_LARGE);
}

static void
test_missing_file(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriCatalogue) catalogue
		= sori_catalogue_new_from_file("/nonexistent/venue.json", NULL, &error);
	g_assert_null(catalogue);
	g_assert_error(error, SORI_CATALOGUE_ERROR, SORI_CATALOGUE_ERROR_IO);
}

/* a 0-byte file on disk: a problem, not a crash */
static void
test_empty_file(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("sori-catalogue-test-XXXXXX", NULL);
	g_autofree gchar *path = g_build_filename(dir, "empty.json", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(SoriCatalogue) catalogue = NULL;
	SoriCatalogueProblem *problem;

	g_assert_true(g_file_set_contents(path, "", 0, NULL));
	catalogue = sori_catalogue_new_from_file(path, &problems, &error);
	g_assert_null(catalogue);
	g_assert_error(error, SORI_CATALOGUE_ERROR, SORI_CATALOGUE_ERROR_INVALID);
	g_assert_cmpuint(problems->len, ==, 1);
	problem = g_ptr_array_index(problems, 0);
	g_assert_cmpstr(problem->pointer, ==, "");
	g_assert_cmpstr(problem->reason, ==, "the document is empty");
	g_unlink(path);
	g_rmdir(dir);
}

/* the sample museum's printed codes: what each binds, where it stands, its size */
static void
test_markers_sample(void)
{
	g_autofree gchar *path = data_path("SORI_SAMPLE_DIR", "dasol-museum.json");
	g_autoptr(SoriCatalogue) catalogue = load_ok(path);
	GPtrArray *markers = sori_catalogue_get_markers(catalogue);
	const SoriMarkerCode *code;

	g_assert_cmpuint(sori_catalogue_get_marker_size_mm(catalogue), ==, 150);
	g_assert_cmpuint(markers->len, >=, 24 + 4 + 2);
	for (guint i = 1; i < markers->len; i++) {
		const SoriMarkerCode *a = g_ptr_array_index(markers, i - 1);
		const SoriMarkerCode *b = g_ptr_array_index(markers, i);
		g_assert_cmpuint(a->number, <, b->number);
		g_assert_true(sori_catalogue_lookup_marker(catalogue, b->number) == b);
	}
	/* the lift the camera page's browser test walks toward */
	code = sori_catalogue_lookup_marker(catalogue, 20);
	g_assert_nonnull(code);
	g_assert_cmpint(code->binding, ==, SORI_MARKER_BINDS_PLACE);
	g_assert_cmpstr(code->id, ==, "lift-1");
	g_assert_cmpstr(code->place->id, ==, "lift-1");
	g_assert_cmpint(code->place->kind, ==, SORI_PLACE_LIFT);
	g_assert_true(code->has_floor);
	g_assert_cmpint(code->floor, ==, 1);
	g_assert_cmpuint(code->size_mm, ==, 150);
	g_assert_cmpstr(json_object_get_string_member(code->name, "en"), ==, "Lift, ground floor");
	/* an exhibit with a place of its own, and one found at its gallery's */
	code = sori_catalogue_lookup_marker(catalogue, 101);
	g_assert_cmpint(code->binding, ==, SORI_MARKER_BINDS_EXHIBIT);
	g_assert_cmpstr(code->exhibit->id, ==, "moon-jar");
	g_assert_cmpstr(code->place->id, ==, "moon-jar");
	g_assert_cmpuint(code->size_mm, ==, 100);
	code = sori_catalogue_lookup_marker(catalogue, 301);
	g_assert_cmpstr(code->exhibit->id, ==, "bandaji");
	g_assert_cmpstr(code->place->id, ==, "wood-and-metal");
	g_assert_cmpint(code->floor, ==, 2);
	code = sori_catalogue_lookup_marker(catalogue, 11);
	g_assert_cmpint(code->binding, ==, SORI_MARKER_BINDS_ENTRANCE);
	g_assert_cmpstr(json_object_get_string_member(code->entrance, "id"), ==, "garden");
	g_assert_cmpstr(code->place->id, ==, "garden");
	code = sori_catalogue_lookup_marker(catalogue, 200);
	g_assert_cmpint(code->binding, ==, SORI_MARKER_BINDS_GALLERY);
	g_assert_cmpstr(code->gallery->id, ==, "threads");
	g_assert_null(sori_catalogue_lookup_marker(catalogue, 0));
	g_assert_null(sori_catalogue_lookup_marker(catalogue, 2114));
	g_assert_null(sori_catalogue_lookup_marker(catalogue, 5000));
	g_assert_cmpstr(sori_marker_binding_to_string(SORI_MARKER_BINDS_PLACE), ==, "place");
}

/* every number of the family, 0 to 2114, at the sizes' bounds; none when there is no list */
static void
test_markers_whole_family(void)
{
	g_autofree gchar *path = data_path("SORI_TEST_DATA", "minimal.json");
	g_autofree gchar *text = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(JsonBuilder) builder = json_builder_new();
	g_autoptr(JsonNode) codes = NULL;
	g_autoptr(SoriCatalogue) plain = load_ok(path);
	g_autoptr(SoriCatalogue) catalogue = NULL;
	g_autoptr(GBytes) bytes = NULL;
	g_autoptr(GError) error = NULL;
	JsonObject *root;
	JsonObject *markers;
	const SoriMarkerCode *code;

	g_assert_cmpuint(sori_catalogue_get_markers(plain)->len, ==, 0);
	g_assert_cmpuint(sori_catalogue_get_marker_size_mm(plain), ==, 0);
	g_assert_null(sori_catalogue_lookup_marker(plain, 0));

	g_assert_true(json_parser_load_from_file(parser, path, &error));
	root = json_node_get_object(json_parser_get_root(parser));
	json_builder_begin_array(builder);
	/* backwards, so that the model's order is its own */
	for (gint i = SORI_CATALOGUE_MAX_MARKERS - 1; i >= 0; i--) {
		json_builder_begin_object(builder);
		json_builder_set_member_name(builder, "marker");
		json_builder_add_int_value(builder, i);
		json_builder_set_member_name(builder, i % 2 == 0 ? "gallery" : "exhibit");
		json_builder_add_string_value(builder, i % 2 == 0 ? "hall" : "celadon");
		if (i == 0 || i == 1) {
			json_builder_set_member_name(builder, "size_mm");
			json_builder_add_int_value(builder, i == 0 ? SORI_CATALOGUE_MARKER_MIN_MM
								   : SORI_CATALOGUE_MARKER_MAX_MM);
		}
		json_builder_end_object(builder);
	}
	json_builder_end_array(builder);
	codes = json_builder_get_root(builder);
	markers = json_object_new();
	json_object_set_int_member(markers, "size_mm", 120);
	json_object_set_member(markers, "codes", g_steal_pointer(&codes));
	json_object_set_object_member(root, "markers", markers);
	text = json_to_string(json_parser_get_root(parser), FALSE);
	bytes = g_bytes_new(text, strlen(text));
	catalogue = sori_catalogue_new_from_bytes(bytes, NULL, &error);
	g_assert_no_error(error);
	g_assert_nonnull(catalogue);
	g_assert_cmpuint(sori_catalogue_get_markers(catalogue)->len, ==, 2115);
	code = sori_catalogue_lookup_marker(catalogue, 0);
	g_assert_cmpuint(code->size_mm, ==, 20);
	g_assert_cmpstr(code->gallery->id, ==, "hall");
	/* no map: no place, the gallery's floor */
	g_assert_null(code->place);
	g_assert_true(code->has_floor);
	g_assert_cmpint(code->floor, ==, 1);
	g_assert_cmpuint(sori_catalogue_lookup_marker(catalogue, 1)->size_mm, ==, 220);
	code = sori_catalogue_lookup_marker(catalogue, 2114);
	g_assert_cmpuint(code->size_mm, ==, 120);
	g_assert_cmpstr(code->gallery->id, ==, "hall");
	g_assert_cmpstr(sori_catalogue_lookup_marker(catalogue, 2113)->exhibit->id, ==, "celadon");
	g_assert_null(sori_catalogue_lookup_marker(catalogue, 2115));
}

static gint
compare_names(gconstpointer a, gconstpointer b, gpointer user_data)
{
	return g_strcmp0(*(const gchar *const *) a, *(const gchar *const *) b);
}

int
main(int argc, char **argv)
{
	g_autofree gchar *invalid_dir = NULL;
	g_autoptr(GDir) dir = NULL;
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
	const gchar *name;

	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/catalogue/sample/museum", test_sample_museum);
	g_test_add_func("/catalogue/sample/park", test_sample_park);
	g_test_add_func("/catalogue/minimal", test_minimal);
	g_test_add_func("/catalogue/markers/sample", test_markers_sample);
	g_test_add_func("/catalogue/markers/whole-family", test_markers_whole_family);
	g_test_add_func("/catalogue/invalid/all-reported", test_many_errors_are_all_reported);
	g_test_add_func("/catalogue/invalid/too-large", test_too_large);
	g_test_add_func("/catalogue/invalid/missing-file", test_missing_file);
	g_test_add_func("/catalogue/invalid/empty-file", test_empty_file);

	invalid_dir = data_path("SORI_TEST_DATA", "invalid");
	dir = g_dir_open(invalid_dir, 0, NULL);
	g_assert_nonnull(dir);
	while ((name = g_dir_read_name(dir)) != NULL) {
		if (g_str_has_suffix(name, ".json"))
			g_ptr_array_add(names, g_strdup(name));
	}
	g_ptr_array_sort_with_data(names, compare_names, NULL);
	/* the corpus the issue asks for */
	g_assert_cmpuint(names->len, >=, 40);
	for (guint i = 0; i < names->len; i++) {
		const gchar *file = g_ptr_array_index(names, i);
		g_autofree gchar *test_name = g_strdup_printf("/catalogue/invalid/%.*s",
							      (int) (strlen(file) - 5), file);
		gchar *path = g_build_filename(invalid_dir, file, NULL);
		g_test_add_data_func_full(test_name, path, test_invalid_case, g_free);
	}
	return g_test_run();
}
