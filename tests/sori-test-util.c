/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "sori-test-util.h"

void
sori_test_copy_file(const gchar *from, const gchar *to)
{
	g_autofree gchar *text = NULL;
	gsize len = 0;
	g_assert_true(g_file_get_contents(from, &text, &len, NULL));
	g_assert_true(g_file_set_contents(to, text, len, NULL));
}

/* a temporary directory of the tests, and all in it */
void
sori_test_remove_tree(const gchar *path)
{
	g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
	const gchar *name;
	while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *child = g_build_filename(path, name, NULL);
		if (g_file_test(child, G_FILE_TEST_IS_DIR)
		    && !g_file_test(child, G_FILE_TEST_IS_SYMLINK))
			sori_test_remove_tree(child);
		else
			g_unlink(child);
	}
	g_rmdir(path);
}

/**
 * sori_test_hex:
 *
 * Returns: (transfer full): @data in lower-case hexadecimal
 */
gchar *
sori_test_hex(const guint8 *data, gsize len)
{
	GString *s = g_string_new(NULL);
	for (gsize i = 0; i < len; i++)
		g_string_append_printf(s, "%02x", data[i]);
	return g_string_free(s, FALSE);
}
