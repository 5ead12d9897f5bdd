/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The catalogue's accessors: the table of an exhibit's texts, the one
 * language fallback every reader uses, and the venue's clock.
 */

#include "config.h"

#include <string.h>

#include "sori-catalogue.h"

/* texts-museum.json: five languages, two of them English, so that lookup, a
 * region-less match, the default language (Korean) and "any" each decide one
 * answer; the jar's creator is written in neither Korean nor English, only
 * British English, and its period in Korean and English only */
static gchar *
read_document(void)
{
	g_autofree gchar *path
		= g_build_filename(g_getenv("SORI_TEST_DATA"), "texts-museum.json", NULL);
	g_autoptr(GError) error = NULL;
	gchar *text = NULL;

	g_file_get_contents(path, &text, NULL, &error);
	g_assert_no_error(error);
	return text;
}

static SoriCatalogue *
load_document(const gchar *text)
{
	g_autoptr(GBytes) bytes = g_bytes_new(text, strlen(text));
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(GError) error = NULL;
	SoriCatalogue *catalogue = sori_catalogue_new_from_bytes(bytes, &problems, &error);

	for (guint i = 0; problems != NULL && i < problems->len; i++) {
		SoriCatalogueProblem *problem = g_ptr_array_index(problems, i);
		g_printerr("%s: %s\n", problem->pointer, problem->reason);
	}
	g_assert_no_error(error);
	g_assert_nonnull(catalogue);
	return catalogue;
}

static void
test_table(void)
{
	static const struct {
		const gchar *name;
		SoriExhibitTextFlags flags;
	} expected[] = {
		{ "title", SORI_EXHIBIT_TEXT_FLAG_REQUIRED | SORI_EXHIBIT_TEXT_FLAG_SPOKEN },
		{ "description", SORI_EXHIBIT_TEXT_FLAG_REQUIRED | SORI_EXHIBIT_TEXT_FLAG_VERSION
					 | SORI_EXHIBIT_TEXT_FLAG_SPOKEN },
		{ "audio_description", SORI_EXHIBIT_TEXT_FLAG_REQUIRED
					       | SORI_EXHIBIT_TEXT_FLAG_VERSION
					       | SORI_EXHIBIT_TEXT_FLAG_SPOKEN },
		{ "easy_read", SORI_EXHIBIT_TEXT_FLAG_REQUIRED | SORI_EXHIBIT_TEXT_FLAG_VERSION
				       | SORI_EXHIBIT_TEXT_FLAG_SPOKEN },
		{ "creator", SORI_EXHIBIT_TEXT_FLAG_NONE },
		{ "period", SORI_EXHIBIT_TEXT_FLAG_NONE },
	};
	g_autofree gchar *document = read_document();
	g_autoptr(SoriCatalogue) catalogue = load_document(document);
	SoriExhibit *jar = sori_catalogue_lookup_exhibit(catalogue, "jar");
	SoriExhibitText field = SORI_EXHIBIT_TEXT_N_FIELDS;

	g_assert_cmpuint(SORI_EXHIBIT_TEXT_N_FIELDS, ==, G_N_ELEMENTS(expected));
	for (guint f = 0; f < SORI_EXHIBIT_TEXT_N_FIELDS; f++) {
		const SoriExhibitTextInfo *info = sori_exhibit_text_get_info(f);
		g_autofree gchar *want = g_strdup_printf("%s-en", expected[f].name);
		const gchar *lang_used = NULL;

		g_assert_cmpstr(info->name, ==, expected[f].name);
		g_assert_cmpstr(sori_exhibit_text_to_string(f), ==, expected[f].name);
		g_assert_cmpint(info->flags, ==, expected[f].flags);
		g_assert_true(sori_exhibit_text_has_flags(f, expected[f].flags));
		g_assert_true(sori_exhibit_text_from_string(expected[f].name, &field));
		g_assert_cmpint(field, ==, f);
		/* every field reads from the exhibit: English is asked for, written for
		 * all but the creator (British English only, found by its primary) */
		if (f == SORI_EXHIBIT_TEXT_CREATOR) {
			g_free(want);
			want = g_strdup("creator-en-GB");
		}
		g_assert_cmpstr(
			sori_catalogue_get_exhibit_text(catalogue, jar, f, "en", &lang_used), ==,
			want);
		g_assert_nonnull(lang_used);
	}
	g_assert_false(sori_exhibit_text_has_flags(SORI_EXHIBIT_TEXT_TITLE,
						   SORI_EXHIBIT_TEXT_FLAG_VERSION));
	/* texts that are not an exhibit's own, and no text at all */
	g_assert_false(sori_exhibit_text_from_string("name", NULL));
	g_assert_false(sori_exhibit_text_from_string("narration", NULL));
	g_assert_false(sori_exhibit_text_from_string("Title", NULL));
	g_assert_false(sori_exhibit_text_from_string("", NULL));
	g_assert_false(sori_exhibit_text_from_string(NULL, NULL));
}

/* @field of the jar in @lang: the text, and the language it came in */
static void
assert_text(SoriCatalogue *catalogue, SoriExhibitText field, const gchar *lang,
	    const gchar *want_text, const gchar *want_lang)
{
	SoriExhibit *jar = sori_catalogue_lookup_exhibit(catalogue, "jar");
	const gchar *lang_used = "unset";
	const gchar *text
		= sori_catalogue_get_exhibit_text(catalogue, jar, field, lang, &lang_used);

	g_assert_cmpstr(text, ==, want_text);
	g_assert_cmpstr(lang_used, ==, want_lang);
}

static void
test_fallback(void)
{
	g_autofree gchar *document = read_document();
	g_autoptr(SoriCatalogue) catalogue = load_document(document);

	/* 1. the asked language, as written */
	assert_text(catalogue, SORI_EXHIBIT_TEXT_TITLE, "en-GB", "title-en-GB", "en-GB");
	assert_text(catalogue, SORI_EXHIBIT_TEXT_TITLE, "en", "title-en", "en");
	assert_text(catalogue, SORI_EXHIBIT_TEXT_TITLE, "zh-Hant", "title-zh", "zh-Hant");
	/* ... in any case, as tags are */
	assert_text(catalogue, SORI_EXHIBIT_TEXT_TITLE, "EN-gb", "title-en-GB", "en-GB");
	/* ... by RFC 4647 lookup: a region or script the text lacks is dropped */
	assert_text(catalogue, SORI_EXHIBIT_TEXT_TITLE, "en-AU", "title-en", "en");
	assert_text(catalogue, SORI_EXHIBIT_TEXT_PERIOD, "en-GB", "period-en", "en");
	assert_text(catalogue, SORI_EXHIBIT_TEXT_TITLE, "fr-CA", "title-fr", "fr");
	/* ... then a region-less match: the same language in another region or script */
	assert_text(catalogue, SORI_EXHIBIT_TEXT_CREATOR, "en", "creator-en-GB", "en-GB");
	assert_text(catalogue, SORI_EXHIBIT_TEXT_CREATOR, "en-US", "creator-en-GB", "en-GB");
	assert_text(catalogue, SORI_EXHIBIT_TEXT_CREATOR, "zh", "creator-zh", "zh-Hant");
	assert_text(catalogue, SORI_EXHIBIT_TEXT_CREATOR, "zh-Hans-CN", "creator-zh", "zh-Hant");
	/* 2. then the venue's default language, Korean */
	assert_text(catalogue, SORI_EXHIBIT_TEXT_PERIOD, "fr", "period-ko", "ko");
	assert_text(catalogue, SORI_EXHIBIT_TEXT_PERIOD, "zh-Hant", "period-ko", "ko");
	assert_text(catalogue, SORI_EXHIBIT_TEXT_TITLE, "de", "title-ko", "ko");
	assert_text(catalogue, SORI_EXHIBIT_TEXT_TITLE, NULL, "title-ko", "ko");
	assert_text(catalogue, SORI_EXHIBIT_TEXT_TITLE, "", "title-ko", "ko");
	/* 3. then any: the first of the venue's languages it is written in, not the
	 * document's first (French) */
	assert_text(catalogue, SORI_EXHIBIT_TEXT_CREATOR, "ko", "creator-en-GB", "en-GB");
	assert_text(catalogue, SORI_EXHIBIT_TEXT_CREATOR, "de", "creator-en-GB", "en-GB");
	/* with no fallback, for exports */
	{
		SoriExhibit *jar = sori_catalogue_lookup_exhibit(catalogue, "jar");
		g_assert_cmpstr(
			sori_catalogue_get_exhibit_text_exact(jar, SORI_EXHIBIT_TEXT_CREATOR, "fr"),
			==, "creator-fr");
		g_assert_null(sori_catalogue_get_exhibit_text_exact(jar, SORI_EXHIBIT_TEXT_CREATOR,
								    "en"));
		g_assert_null(
			sori_catalogue_get_exhibit_text_exact(jar, SORI_EXHIBIT_TEXT_PERIOD, "fr"));
	}
	/* the same fallback for the venue's and galleries' texts */
	{
		SoriGallery *hall = sori_catalogue_lookup_gallery(catalogue, "hall");
		const gchar *lang_used = NULL;
		g_assert_cmpstr(sori_catalogue_get_member_text(catalogue, hall->json, "name",
							       "en-NZ", &lang_used),
				==, "hall-en");
		g_assert_cmpstr(lang_used, ==, "en");
		g_assert_cmpstr(sori_catalogue_get_member_text(
					catalogue, sori_catalogue_get_venue_json(catalogue), "name",
					"de", &lang_used),
				==, "venue-ko");
		g_assert_cmpstr(lang_used, ==, "ko");
	}
}

static void
test_missing(void)
{
	g_autofree gchar *document = read_document();
	g_autoptr(SoriCatalogue) catalogue = load_document(document);
	SoriExhibit *vase = sori_catalogue_lookup_exhibit(catalogue, "vase");
	SoriExhibit *jar = sori_catalogue_lookup_exhibit(catalogue, "jar");
	g_autoptr(JsonObject) nothing = json_object_new();
	g_autoptr(JsonObject) empty_texts = json_object_new();
	SoriExhibit bare = { .id = (gchar *) "bare", .json = nothing };
	SoriExhibit empty = { .id = (gchar *) "empty", .json = empty_texts };
	const gchar *lang_used = "unset";
	const gchar *audio = NULL;
	const gchar *captions = NULL;

	/* an optional text the exhibit lacks, in every language */
	g_assert_null(sori_catalogue_get_exhibit_text(catalogue, vase, SORI_EXHIBIT_TEXT_CREATOR,
						      "en", &lang_used));
	g_assert_null(lang_used);
	g_assert_cmpstr(sori_catalogue_get_exhibit_text(catalogue, vase, SORI_EXHIBIT_TEXT_TITLE,
							"en", NULL),
			==, "vase-en");
	/* an exhibit with no texts at all, and one whose texts are written in no language */
	json_object_set_object_member(empty_texts, "title", json_object_new());
	json_object_set_string_member(empty_texts, "description", "not a text");
	for (guint f = 0; f < SORI_EXHIBIT_TEXT_N_FIELDS; f++) {
		lang_used = "unset";
		g_assert_null(
			sori_catalogue_get_exhibit_text(catalogue, &bare, f, "en", &lang_used));
		g_assert_null(lang_used);
		lang_used = "unset";
		g_assert_null(
			sori_catalogue_get_exhibit_text(catalogue, &empty, f, "ko", &lang_used));
		g_assert_null(lang_used);
		g_assert_null(sori_catalogue_get_exhibit_text_exact(&bare, f, "ko"));
		g_assert_null(sori_catalogue_get_exhibit_text_exact(&empty, f, "ko"));
	}
	g_assert_null(sori_catalogue_pick_text(catalogue, NULL, "en", NULL));
	/* a narration only in the language it was recorded in */
	g_assert_true(sori_catalogue_get_exhibit_narration(jar, "en", &audio, &captions));
	g_assert_cmpstr(audio, ==, "https://media.example/jar-en.mp3");
	g_assert_cmpstr(captions, ==, "https://media.example/jar-en.vtt");
	g_assert_false(sori_catalogue_get_exhibit_narration(jar, "en-GB", NULL, NULL));
	g_assert_false(sori_catalogue_get_exhibit_narration(jar, "ko", NULL, NULL));
	g_assert_false(sori_catalogue_get_exhibit_narration(vase, "en", NULL, NULL));
	g_assert_false(sori_catalogue_get_exhibit_narration(&bare, "en", NULL, NULL));
}

static void
test_clock(void)
{
	g_autofree gchar *document = read_document();
	g_autoptr(SoriCatalogue) catalogue = load_document(document);
	g_autoptr(GTimeZone) tz = sori_catalogue_get_time_zone(catalogue);
	g_autoptr(GDateTime) before = g_date_time_new_now(tz);
	g_autoptr(GDateTime) now = sori_catalogue_get_now(catalogue);
	g_autoptr(GDateTime) today = sori_catalogue_get_today(catalogue);
	g_autoptr(GDateTime) utc_now = g_date_time_new_now_utc();
	g_autofree gchar *counting = NULL;
	g_autoptr(SoriCatalogue) counted = NULL;

	g_assert_cmpstr(g_time_zone_get_identifier(tz), ==, "Pacific/Kiritimati");
	/* UTC+14: the venue's day is never UTC's day at the same hour */
	g_assert_cmpint(g_date_time_get_utc_offset(now) / G_TIME_SPAN_HOUR, ==, 14);
	g_assert_cmpint(g_date_time_compare(before, now), <=, 0);
	/* today is the venue's date, at midnight UTC */
	g_assert_cmpint(g_date_time_get_utc_offset(today), ==, 0);
	g_assert_cmpint(g_date_time_get_hour(today), ==, 0);
	g_assert_cmpint(g_date_time_get_minute(today), ==, 0);
	g_assert_cmpint(g_date_time_get_year(today), ==, g_date_time_get_year(now));
	g_assert_cmpint(g_date_time_get_month(today), ==, g_date_time_get_month(now));
	g_assert_cmpint(g_date_time_get_day_of_month(today), ==, g_date_time_get_day_of_month(now));
	if (g_date_time_get_hour(utc_now) >= 10)
		g_assert_cmpint(g_date_time_get_day_of_year(today), !=,
				g_date_time_get_day_of_year(utc_now));
	/* this venue said no to counting; one that says nothing counts */
	g_assert_false(sori_catalogue_counts_usage(catalogue));
	counting = g_strdup(document);
	g_assert_nonnull(strstr(counting, "\"usage_counting\": false,"));
	{
		g_autoptr(GString) s = g_string_new(counting);
		g_string_replace(s, "\"usage_counting\": false,", "", 1);
		counted = load_document(s->str);
	}
	g_assert_true(sori_catalogue_counts_usage(counted));
	/* a summary keeps the venue's clock */
	{
		g_autoptr(SoriCatalogue) summary = sori_catalogue_new_summary(catalogue);
		g_autoptr(GTimeZone) summary_tz = sori_catalogue_get_time_zone(summary);
		g_assert_cmpstr(g_time_zone_get_identifier(summary_tz), ==, "Pacific/Kiritimati");
		g_assert_false(sori_catalogue_counts_usage(summary));
	}
}

/* a time zone is an IANA name, never a path or a file of the zone database
 * that is no zone (GLib opens either, and raises a critical on the second) */
static void
test_time_zone_names(void)
{
	const gchar *good[] = { "Asia/Seoul",
				"UTC",
				"America/Argentina/Buenos_Aires",
				"Etc/GMT+5",
				"America/Port-au-Prince",
				"EST5EDT" };
	const gchar *bad[] = { "/etc/passwd",
			       "/dev/zero",
			       "zone.tab",
			       "iso3166.tab",
			       "tzdata.zi",
			       "leapseconds",
			       "../zoneinfo/Asia/Seoul",
			       "Asia//Seoul",
			       "Asia/Seoul/",
			       "Asia/./Seoul",
			       "Asia/",
			       "",
			       "Mars/Olympus_Mons" };
	g_autofree gchar *document = read_document();

	for (guint i = 0; i < G_N_ELEMENTS(good); i++) {
		g_autoptr(GTimeZone) tz = sori_catalogue_time_zone_new(good[i]);
		g_assert_nonnull(tz);
	}
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(GString) s = g_string_new(document);
		g_autofree gchar *tz = g_strdup_printf("\"timezone\": \"%s\"", bad[i]);
		g_autoptr(GBytes) bytes = NULL;
		g_autoptr(GPtrArray) problems = NULL;
		g_autoptr(GError) error = NULL;
		g_autoptr(SoriCatalogue) catalogue = NULL;
		gboolean said = FALSE;

		g_assert_null(sori_catalogue_time_zone_new(bad[i]));
		g_assert_cmpuint(g_string_replace(s, "\"timezone\": \"Pacific/Kiritimati\"", tz, 1),
				 ==, 1);
		bytes = g_bytes_new(s->str, s->len);
		catalogue = sori_catalogue_new_from_bytes(bytes, &problems, &error);
		g_assert_null(catalogue);
		for (guint j = 0; problems != NULL && j < problems->len; j++) {
			SoriCatalogueProblem *problem = g_ptr_array_index(problems, j);
			/* an empty one is refused as empty, the others as no zone */
			if (g_strcmp0(problem->pointer, "/venue/timezone") == 0
			    && (bad[i][0] == '\0'
				|| strstr(problem->reason, "is not a time zone") != NULL))
				said = TRUE;
		}
		g_assert_true(said);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/catalogue-texts/table", test_table);
	g_test_add_func("/catalogue-texts/fallback", test_fallback);
	g_test_add_func("/catalogue-texts/missing", test_missing);
	g_test_add_func("/catalogue-texts/clock", test_clock);
	g_test_add_func("/catalogue-texts/time-zone-names", test_time_zone_names);
	return g_test_run();
}
