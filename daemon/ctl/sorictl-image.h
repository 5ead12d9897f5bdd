/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* the largest image sorictl marker detect decodes: 4096 pixels either way
 * (SORI_MARKER_FRAME_MAX) and at most a 12.6-megapixel phone photo's pixels */
#define SORICTL_IMAGE_PIXELS_MAX (4096 * 3072)

guint8 *sorictl_image_parse_pgm(const guint8 *data, gsize size, gint *width, gint *height,
				GError **error);
guint8 *sorictl_image_load_grey(const gchar *path, gint *width, gint *height, GError **error);

G_END_DECLS
