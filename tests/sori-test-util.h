/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Helpers the tests share.
 */
#pragma once

#include <gio/gio.h>

void sori_test_copy_file(const gchar *from, const gchar *to);
void sori_test_remove_tree(const gchar *path);
guint16 sori_test_free_port(void);
gchar *sori_test_find_in_tree(const gchar *path, const gchar *needle);
gchar *sori_test_hex(const guint8 *data, gsize len);
void sori_test_die_with_parent(gpointer user_data);
GSubprocess *sori_test_start_sorid(GSubprocessLauncher *launcher, const gchar *const *args,
				   guint16 *port);
