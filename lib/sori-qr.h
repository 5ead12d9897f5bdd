/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>
#include <qrencode.h>

G_BEGIN_DECLS

gchar *sori_qr_parse_base_url(const gchar *text, gboolean *is_https, GError **error);
gchar *sori_qr_path(const gchar *text, QRecLevel level, guint *side, GError **error);
gchar *sori_qr_svg(const gchar *text, QRecLevel level, guint size_mm, GError **error);

G_END_DECLS
