/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Runs a fuzz target over files and directories of inputs, without libFuzzer:
 * the seed corpora are replayed this way in every build, gcc's included.
 */

#include "config.h"

#include <glib.h>
#include <stdio.h>

#include "fuzz.h"

static guint n_inputs;

static gboolean
replay_path(const gchar *path)
{
	g_autoptr(GError) error = NULL;
	if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
		g_autoptr(GDir) dir = g_dir_open(path, 0, &error);
		const gchar *name;
		if (dir == NULL) {
			fprintf(stderr, "replay: %s\n", error->message);
			return FALSE;
		}
		while ((name = g_dir_read_name(dir)) != NULL) {
			g_autofree gchar *child = g_build_filename(path, name, NULL);
			if (!replay_path(child))
				return FALSE;
		}
		return TRUE;
	} else {
		g_autofree gchar *data = NULL;
		gsize len = 0;
		if (!g_file_get_contents(path, &data, &len, &error)) {
			fprintf(stderr, "replay: %s\n", error->message);
			return FALSE;
		}
		LLVMFuzzerTestOneInput((const uint8_t *) data, len);
		n_inputs++;
		return TRUE;
	}
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR…\n", argv[0]);
		return 2;
	}
	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		if (!replay_path(argv[i]))
			return 1;
	}
	if (n_inputs == 0) {
		fprintf(stderr, "replay: no inputs\n");
		return 1;
	}
	/* TAP, so the test runner counts what ran */
	printf("1..1\nok 1 - %u inputs replayed\n", n_inputs);
	return 0;
}
