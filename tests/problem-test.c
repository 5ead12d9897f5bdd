/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One problem domain: every error of every domain as the answer a client gets.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sori-error.h"
#include "sori-problem.h"
#include "sori-store-files.h"

/* clang-format once split these names at each '-'; they must stay whole */
static void
test_quark_names(void)
{
	g_assert_cmpstr(g_quark_to_string(SORI_CATALOGUE_ERROR), ==, "sori-catalogue-error-quark");
	g_assert_cmpstr(g_quark_to_string(SORI_SPEECH_ERROR), ==, "sori-speech-error-quark");
	g_assert_cmpstr(g_quark_to_string(SORI_TOKENS_ERROR), ==, "sori-tokens-error-quark");
	g_assert_cmpstr(g_quark_to_string(SORI_EID_RESOLVER_ERROR), ==,
			"sori-eid-resolver-error-quark");
	g_assert_cmpstr(g_quark_to_string(SORI_MAP_ERROR), ==, "sori-map-error-quark");
	g_assert_cmpstr(g_quark_to_string(SORI_LABELS_ERROR), ==, "sori-labels-error-quark");
	g_assert_cmpstr(g_quark_to_string(SORI_PROBLEM_ERROR), ==, "sori-problem-error-quark");
}

static void
test_conversions(void)
{
	struct {
		GQuark domain;
		gint code;
		SoriProblem problem;
		guint status;
	} cases[] = {
		{ G_IO_ERROR, G_IO_ERROR_NO_SPACE, SORI_PROBLEM_INSUFFICIENT_STORAGE, 507 },
		{ G_FILE_ERROR, G_FILE_ERROR_NOSPC, SORI_PROBLEM_INSUFFICIENT_STORAGE, 507 },
		{ G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, SORI_PROBLEM_STORAGE_FAILED, 500 },
		{ G_FILE_ERROR, G_FILE_ERROR_ACCES, SORI_PROBLEM_STORAGE_FAILED, 500 },
		{ SORI_CATALOGUE_ERROR, SORI_CATALOGUE_ERROR_INVALID,
		  SORI_PROBLEM_INVALID_CATALOGUE, 422 },
		{ SORI_CATALOGUE_ERROR, SORI_CATALOGUE_ERROR_TOO_LARGE, SORI_PROBLEM_BODY_TOO_LARGE,
		  413 },
		{ SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_NO_VOICE, SORI_PROBLEM_INVALID_PARAMETER,
		  400 },
		{ SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_SYNTHESIS, SORI_PROBLEM_SPEECH_UNAVAILABLE,
		  503 },
		{ SORI_TOKENS_ERROR, SORI_TOKENS_ERROR_INSECURE, SORI_PROBLEM_STORAGE_FAILED, 500 },
		{ SORI_PROBLEM_ERROR, SORI_PROBLEM_UNKNOWN_VENUE, SORI_PROBLEM_UNKNOWN_VENUE, 404 },
		{ SORI_MAP_ERROR, SORI_MAP_ERROR_NO_MAP, SORI_PROBLEM_NO_MAP, 404 },
		{ SORI_MAP_ERROR, SORI_MAP_ERROR_UNKNOWN_PLACE, SORI_PROBLEM_UNKNOWN_PLACE, 404 },
		{ SORI_MAP_ERROR, SORI_MAP_ERROR_NO_ROUTE, SORI_PROBLEM_NO_ROUTE, 422 },
		/* a domain nobody expected: a 500 that says so, not a storage failure */
		{ G_OPTION_ERROR, G_OPTION_ERROR_FAILED, SORI_PROBLEM_INTERNAL, 500 },
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GError) error = g_error_new(cases[i].domain, cases[i].code, "case %u", i);
		g_assert_cmpint(sori_problem_from_error(error), ==, cases[i].problem);
		g_assert_cmpuint(sori_problem_get_status(sori_problem_from_error(error)), ==,
				 cases[i].status);
	}
}

/* the answer is RFC 9457 problem details, the error's message its detail */
static void
test_answer(void)
{
	g_autoptr(GError) error = g_error_new(G_IO_ERROR, G_IO_ERROR_NO_SPACE,
					      "writing /var/lib/sori/x.json: No space left");
	g_autoptr(SoriRepresentation) rep = sori_problem_new_from_error(error, "/v1/x");
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *obj;

	g_assert_cmpuint(rep->status, ==, 507);
	g_assert_cmpstr(rep->content_type, ==, "application/problem+json");
	g_assert_true(json_parser_load_from_data(parser, g_bytes_get_data(rep->body, NULL),
						 g_bytes_get_size(rep->body), NULL));
	obj = json_node_get_object(json_parser_get_root(parser));
	g_assert_cmpstr(json_object_get_string_member(obj, "type"), ==,
			"urn:sori:problem:insufficient-storage");
	g_assert_cmpint(json_object_get_int_member(obj, "status"), ==, 507);
	g_assert_cmpstr(json_object_get_string_member(obj, "detail"), ==,
			"writing /var/lib/sori/x.json: No space left");
	g_assert_cmpstr(json_object_get_string_member(obj, "instance"), ==, "/v1/x");
}

/* a store that cannot write says which file, and the answer says it too */
static void
test_store_failure_names_the_file(void)
{
	g_autofree gchar *dir = g_dir_make_tmp("sori-problem-test-XXXXXX", NULL);
	g_autofree gchar *state = g_build_filename(dir, ".sori", NULL);
	g_autoptr(SoriStore) store = sori_store_files_new(dir, 3);
	g_autoptr(GBytes) document = g_bytes_new_static("{}", 2);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *revision = NULL;

	/* where the revisions' folder should be, a file: nothing can go under it */
	g_assert_true(g_file_set_contents(state, "", 0, NULL));
	g_assert_false(sori_store_publish(store, "v", document, "0123456789abcdef0123456789abcdef",
					  "test", "publish", &revision, &error));
	g_assert_nonnull(error);
	g_assert_cmpint(sori_problem_from_error(error), ==, SORI_PROBLEM_STORAGE_FAILED);
	g_assert_nonnull(strstr(error->message, state));
	g_assert_null(revision);
	/* and nothing went live */
	{
		g_autofree gchar *live = g_build_filename(dir, "v.json", NULL);
		g_assert_false(g_file_test(live, G_FILE_TEST_EXISTS));
	}
	g_unlink(state);
	g_rmdir(dir);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/problem/quark-names", test_quark_names);
	g_test_add_func("/problem/conversions", test_conversions);
	g_test_add_func("/problem/answer", test_answer);
	g_test_add_func("/problem/store-failure-names-the-file", test_store_failure_names_the_file);
	return g_test_run();
}
