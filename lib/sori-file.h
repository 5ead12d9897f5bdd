/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean sori_file_replace(const gchar *path, const guint8 *data, gsize len, gint mode,
			   GError **error);

G_END_DECLS
