/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "sori-hex.h"

static void
test_decode(void)
{
	guint8 out[4] = { 0 };
	gsize n = 99;

	g_assert_true(sori_hex_decode("0aFf10", SORI_HEX_NONE, out, sizeof(out), &n));
	g_assert_cmpuint(n, ==, 3);
	g_assert_cmpmem(out, 3, "\x0a\xff\x10", 3);
	g_assert_true(sori_hex_decode("", SORI_HEX_NONE, out, sizeof(out), &n));
	g_assert_cmpuint(n, ==, 0);
	/* half a byte, a stray character, one byte too many, a separator not allowed */
	g_assert_false(sori_hex_decode("abc", SORI_HEX_NONE, out, sizeof(out), &n));
	g_assert_false(sori_hex_decode("zz", SORI_HEX_NONE, out, sizeof(out), &n));
	g_assert_false(sori_hex_decode("0102030405", SORI_HEX_NONE, out, sizeof(out), &n));
	g_assert_false(sori_hex_decode("01 02", SORI_HEX_NONE, out, sizeof(out), &n));
	g_assert_false(sori_hex_decode(NULL, SORI_HEX_NONE, out, sizeof(out), &n));
	/* as scanners print payloads */
	g_assert_true(sori_hex_decode("02 01:06", SORI_HEX_SEPARATORS, out, sizeof(out), &n));
	g_assert_cmpuint(n, ==, 3);
	g_assert_cmpmem(out, 3, "\x02\x01\x06", 3);
	/* a separator may not split a byte */
	g_assert_false(sori_hex_decode("0 2", SORI_HEX_SEPARATORS, out, sizeof(out), &n));
	g_assert_false(sori_hex_decode("AB", SORI_HEX_LOWERCASE, out, sizeof(out), &n));
}

static void
test_decode_exact(void)
{
	guint8 key[2];
	g_assert_true(sori_hex_decode_exact("beef", SORI_HEX_NONE, key, 2));
	g_assert_cmpmem(key, 2, "\xbe\xef", 2);
	g_assert_false(sori_hex_decode_exact("be", SORI_HEX_NONE, key, 2));
	g_assert_false(sori_hex_decode_exact("beef00", SORI_HEX_NONE, key, 2));
}

static void
test_is_digits(void)
{
	g_assert_true(sori_hex_is_digits("0123abcd.mp3", 8, SORI_HEX_LOWERCASE));
	g_assert_false(sori_hex_is_digits("0123ABCD.mp3", 8, SORI_HEX_LOWERCASE));
	g_assert_true(sori_hex_is_digits("0123ABCD", 8, SORI_HEX_NONE));
	/* too few, too many */
	g_assert_false(sori_hex_is_digits("0123abc.mp3", 8, SORI_HEX_NONE));
	g_assert_false(sori_hex_is_digits("0123abcde", 8, SORI_HEX_NONE));
	g_assert_false(sori_hex_is_digits(NULL, 8, SORI_HEX_NONE));
}

static void
test_encode(void)
{
	g_autofree gchar *hex = sori_hex_encode((const guint8 *) "\x00\x9f\xff", 3);
	g_autofree gchar *empty = sori_hex_encode(NULL, 0);
	g_assert_cmpstr(hex, ==, "009fff");
	g_assert_cmpstr(empty, ==, "");
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/hex/decode", test_decode);
	g_test_add_func("/hex/decode-exact", test_decode_exact);
	g_test_add_func("/hex/is-digits", test_is_digits);
	g_test_add_func("/hex/encode", test_encode);
	return g_test_run();
}
