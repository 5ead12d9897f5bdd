/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sori-language.h"

static void
test_canonicalize(void)
{
	struct {
		const gchar *in;
		const gchar *out;
	} cases[] = {
		{ "ko", "ko" },         { "EN", "en" },
		{ "en-gb", "en-GB" },   { "zh-hant-tw", "zh-Hant-TW" },
		{ "es-419", "es-419" }, { "de-CH-1996", "de-CH-1996" },
		{ "kvk", "kvk" },       { "english", NULL },
		{ "e", NULL },          { "", NULL },
		{ "en-", NULL },        { "en--GB", NULL },
		{ "en_GB", NULL },      { "12", NULL },
		{ "en-GB-x", NULL },    { "ko-Kore-KR-KR", NULL },
	};
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree gchar *out = sori_language_tag_canonicalize(cases[i].in);
		g_assert_cmpstr(out, ==, cases[i].out);
	}
	g_assert_true(sori_language_tag_is_canonical("en-GB"));
	g_assert_false(sori_language_tag_is_canonical("en-gb"));
}

static void
test_match(void)
{
	const gchar *offered[] = { "ko", "en", "zh-Hant", NULL };
	g_assert_cmpstr(sori_language_match(offered, "ko"), ==, "ko");
	g_assert_cmpstr(sori_language_match(offered, "en-GB"), ==, "en");
	g_assert_cmpstr(sori_language_match(offered, "EN-us"), ==, "en");
	g_assert_cmpstr(sori_language_match(offered, "zh"), ==, "zh-Hant");
	g_assert_cmpstr(sori_language_match(offered, "zh-Hant-HK"), ==, "zh-Hant");
	g_assert_null(sori_language_match(offered, "fr"));
	g_assert_null(sori_language_match(offered, "kor"));
}

static void
test_negotiate(void)
{
	const gchar *offered[] = { "ko", "en", NULL };
	g_assert_cmpstr(sori_language_negotiate(offered, NULL, "ko"), ==, "ko");
	g_assert_cmpstr(sori_language_negotiate(offered, "en-US,en;q=0.9", "ko"), ==, "en");
	g_assert_cmpstr(sori_language_negotiate(offered, "fr-FR, fr;q=0.9, en;q=0.5", "ko"), ==,
			"en");
	/* q-values order the list, not its order of writing */
	g_assert_cmpstr(sori_language_negotiate(offered, "en;q=0.2, ko;q=0.8", "en"), ==, "ko");
	/* q=0 refuses */
	g_assert_cmpstr(sori_language_negotiate(offered, "en;q=0", "ko"), ==, "ko");
	/* nothing offered: the fallback */
	g_assert_cmpstr(sori_language_negotiate(offered, "ja, fr", "ko"), ==, "ko");
	g_assert_cmpstr(sori_language_negotiate(offered, "*", "en"), ==, "en");
	/* junk entries are skipped, not fatal */
	g_assert_cmpstr(sori_language_negotiate(offered, "@@@, en;q=abc, en;q=0.3", "ko"), ==,
			"en");
	/* an absurdly long header is ignored */
	{
		g_autoptr(GString) s = g_string_new(NULL);
		for (guint i = 0; i < 300; i++)
			g_string_append(s, "fr, ");
		g_string_append(s, "en");
		g_assert_cmpstr(sori_language_negotiate(offered, s->str, "ko"), ==, "ko");
	}
}

static void
test_direction(void)
{
	g_assert_cmpint(sori_language_get_direction("ar"), ==, SORI_LANGUAGE_DIRECTION_RTL);
	g_assert_cmpint(sori_language_get_direction("ar-EG"), ==, SORI_LANGUAGE_DIRECTION_RTL);
	g_assert_cmpint(sori_language_get_direction("he"), ==, SORI_LANGUAGE_DIRECTION_RTL);
	g_assert_cmpint(sori_language_get_direction("fa-IR"), ==, SORI_LANGUAGE_DIRECTION_RTL);
	g_assert_cmpint(sori_language_get_direction("ur"), ==, SORI_LANGUAGE_DIRECTION_RTL);
	g_assert_cmpint(sori_language_get_direction("ckb"), ==, SORI_LANGUAGE_DIRECTION_RTL);
	/* the script decides where the tag says it */
	g_assert_cmpint(sori_language_get_direction("az-Arab"), ==, SORI_LANGUAGE_DIRECTION_RTL);
	g_assert_cmpint(sori_language_get_direction("ku-arab-IQ"), ==, SORI_LANGUAGE_DIRECTION_RTL);
	g_assert_cmpint(sori_language_get_direction("ar-Latn"), ==, SORI_LANGUAGE_DIRECTION_LTR);
	g_assert_cmpint(sori_language_get_direction("ko"), ==, SORI_LANGUAGE_DIRECTION_LTR);
	g_assert_cmpint(sori_language_get_direction("zh-Hant"), ==, SORI_LANGUAGE_DIRECTION_LTR);
	g_assert_cmpint(sori_language_get_direction("en"), ==, SORI_LANGUAGE_DIRECTION_LTR);
	/* "art" and "heb-x" are not Arabic nor Hebrew */
	g_assert_cmpint(sori_language_get_direction("art"), ==, SORI_LANGUAGE_DIRECTION_LTR);
	g_assert_cmpint(sori_language_get_direction(NULL), ==, SORI_LANGUAGE_DIRECTION_LTR);
	g_assert_cmpstr(sori_language_direction_to_string(SORI_LANGUAGE_DIRECTION_RTL), ==, "rtl");
	g_assert_cmpstr(sori_language_direction_to_string(SORI_LANGUAGE_DIRECTION_LTR), ==, "ltr");
}

static void
test_endonym(void)
{
	g_assert_cmpstr(sori_language_get_endonym("ko"), ==, "한국어");
	g_assert_cmpstr(sori_language_get_endonym("zh-hant"), ==, "中文（繁體）");
	g_assert_cmpstr(sori_language_get_endonym("ar"), ==, "العربية");
	g_assert_null(sori_language_get_endonym("x-klingon"));
	g_assert_null(sori_language_get_endonym(NULL));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/language/canonicalize", test_canonicalize);
	g_test_add_func("/language/match", test_match);
	g_test_add_func("/language/negotiate", test_negotiate);
	g_test_add_func("/language/direction", test_direction);
	g_test_add_func("/language/endonym", test_endonym);
	return g_test_run();
}
