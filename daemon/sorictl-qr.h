/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <qrencode.h>

G_BEGIN_DECLS

gchar *sorictl_qr_svg(const gchar *text, QRecLevel level, guint size_mm, GError **error);
gint sorictl_qr_run(gint argc, gchar **argv);

G_END_DECLS
