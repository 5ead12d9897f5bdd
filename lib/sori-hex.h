/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * SoriHexFlags:
 * @SORI_HEX_NONE: exactly pairs of hex digits, either case
 * @SORI_HEX_SEPARATORS: spaces and colons allowed between bytes, as scanners
 *	print payloads ("02 01 06", "C9:52:4F")
 * @SORI_HEX_LOWERCASE: only lowercase digits, as sori writes names and hashes
 */
typedef enum {
	SORI_HEX_NONE = 0,
	SORI_HEX_SEPARATORS = 1 << 0,
	SORI_HEX_LOWERCASE = 1 << 1,
} SoriHexFlags;

gboolean sori_hex_decode(const gchar *hex, SoriHexFlags flags, guint8 *out, gsize max,
			 gsize *n_out);
gboolean sori_hex_decode_exact(const gchar *hex, SoriHexFlags flags, guint8 *out, gsize n);
gboolean sori_hex_is_digits(const gchar *text, gsize n_digits, SoriHexFlags flags);
gchar *sori_hex_encode(const guint8 *data, gsize n);

G_END_DECLS
