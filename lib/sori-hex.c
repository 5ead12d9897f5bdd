/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The one hex codec: beacon payloads, identity keys, token hashes, media
 * names. (The firmware's freestanding code never reads hex.)
 */

#include "config.h"

#include <string.h>

#include "sori-hex.h"

static gint
sori_hex_digit_value(gchar c, SoriHexFlags flags)
{
	if ((flags & SORI_HEX_LOWERCASE) != 0 && g_ascii_isupper(c))
		return -1;
	return g_ascii_xdigit_value(c);
}

/**
 * sori_hex_decode:
 * @hex: the digits, NUL-terminated
 * @flags: what else is allowed
 * @out: (out caller-allocates) (array length=max): the bytes
 * @max: the most bytes @out holds
 * @n_out: (out): how many bytes were decoded
 *
 * Returns: %FALSE for anything but whole bytes of hex digits (and separators
 *	between bytes where @flags allows them), or more than @max bytes
 */
gboolean
sori_hex_decode(const gchar *hex, SoriHexFlags flags, guint8 *out, gsize max, gsize *n_out)
{
	gsize n = 0;

	g_return_val_if_fail(out != NULL || max == 0, FALSE);
	if (hex == NULL)
		return FALSE;
	for (const gchar *p = hex; *p != '\0';) {
		gint hi;
		gint lo;
		if ((flags & SORI_HEX_SEPARATORS) != 0 && (*p == ' ' || *p == ':')) {
			p++;
			continue;
		}
		hi = sori_hex_digit_value(p[0], flags);
		lo = p[1] != '\0' ? sori_hex_digit_value(p[1], flags) : -1;
		if (hi < 0 || lo < 0 || n >= max)
			return FALSE;
		out[n++] = (guint8) (hi << 4 | lo);
		p += 2;
	}
	if (n_out != NULL)
		*n_out = n;
	return TRUE;
}

/**
 * sori_hex_decode_exact:
 * @n: the number of bytes @hex must hold, no more and no fewer
 *
 * Returns: %TRUE when @hex is exactly @n bytes of hex digits
 */
gboolean
sori_hex_decode_exact(const gchar *hex, SoriHexFlags flags, guint8 *out, gsize n)
{
	gsize decoded = 0;
	return sori_hex_decode(hex, flags, out, n, &decoded) && decoded == n;
}

/**
 * sori_hex_is_digits:
 * @text: (nullable): the text to check; only its first @n_digits are read
 *	(and one more, which must not be a digit when @text is longer)
 * @n_digits: how many hex digits @text starts with
 *
 * Returns: %TRUE when @text starts with exactly @n_digits hex digits
 */
gboolean
sori_hex_is_digits(const gchar *text, gsize n_digits, SoriHexFlags flags)
{
	if (text == NULL)
		return FALSE;
	for (gsize i = 0; i < n_digits; i++) {
		if (sori_hex_digit_value(text[i], flags) < 0)
			return FALSE;
	}
	return sori_hex_digit_value(text[n_digits], flags) < 0;
}

/**
 * sori_hex_encode:
 *
 * Returns: (transfer full): @data as lowercase hex digits
 */
gchar *
sori_hex_encode(const guint8 *data, gsize n)
{
	static const gchar digits[] = "0123456789abcdef";
	gchar *hex = g_malloc(2 * n + 1);
	for (gsize i = 0; i < n; i++) {
		hex[2 * i] = digits[data[i] >> 4];
		hex[2 * i + 1] = digits[data[i] & 0xf];
	}
	hex[2 * n] = '\0';
	return hex;
}
