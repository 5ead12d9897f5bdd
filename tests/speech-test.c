/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What a blind visitor hears and a deaf visitor reads: the audio decodes and
 * lasts as long as its words take; the captions hold every word of the
 * source, in order, with times that rise and end within the audio.
 */

#include "config.h"

#include <mpg123.h>
#include <opusfile.h>
#include <stdio.h>
#include <string.h>

#include "sori-audio-encode.h"
#include "sori-captions.h"
#include "sori-speech-synthesize.h"

static const gchar *english
	= "A porcelain jar from a royal kiln of the late Joseon dynasty. The potter threw the top "
	  "and bottom halves separately and joined them, so a seam runs around the middle and the "
	  "shape is not perfectly round.";

/* the words of @vtt's cues, tags and cue timings stripped, in order */
static GPtrArray *
vtt_words(const gchar *vtt, GArray *cue_starts, GArray *cue_ends)
{
	g_auto(GStrv) lines = g_strsplit(vtt, "\n", -1);
	GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
	gboolean in_cue = FALSE;

	g_assert_true(g_str_has_prefix(vtt, "WEBVTT\n"));
	for (guint i = 1; lines[i] != NULL; i++) {
		const gchar *line = lines[i];
		guint h1, m1, s1, ms1, h2, m2, s2, ms2;
		if (*line == '\0') {
			in_cue = FALSE;
			continue;
		}
		if (sscanf(line, "%u:%u:%u.%u --> %u:%u:%u.%u", &h1, &m1, &s1, &ms1, &h2, &m2, &s2,
			   &ms2)
		    == 8) {
			guint start = ((h1 * 60 + m1) * 60 + s1) * 1000 + ms1;
			guint end = ((h2 * 60 + m2) * 60 + s2) * 1000 + ms2;
			g_array_append_val(cue_starts, start);
			g_array_append_val(cue_ends, end);
			in_cue = TRUE;
			continue;
		}
		if (!in_cue)
			continue;
		/* at most 42 characters a line, tags aside */
		{
			g_autoptr(GString) plain = g_string_new(NULL);
			g_auto(GStrv) tokens = NULL;
			for (const gchar *p = line; *p != '\0'; p++) {
				if (*p == '<') {
					p = strchr(p, '>');
					g_assert_nonnull(p);
					continue;
				}
				g_string_append_c(plain, *p);
			}
			g_assert_cmpint(g_utf8_strlen(plain->str, -1), <=, SORI_CAPTIONS_LINE_MAX);
			tokens = g_strsplit(plain->str, " ", -1);
			for (guint t = 0; tokens[t] != NULL; t++) {
				if (*tokens[t] != '\0')
					g_ptr_array_add(words, g_strdup(tokens[t]));
			}
		}
	}
	return words;
}

static void
assert_captions_hold_the_text(SoriSpeechResult *result)
{
	g_autofree gchar *vtt = sori_captions_to_webvtt(result);
	g_autoptr(GArray) starts = g_array_new(FALSE, FALSE, sizeof(guint));
	g_autoptr(GArray) ends = g_array_new(FALSE, FALSE, sizeof(guint));
	g_autoptr(GPtrArray) words = vtt_words(vtt, starts, ends);
	g_auto(GStrv) source = g_strsplit_set(result->text, " \n\t", -1);
	guint duration = sori_speech_result_get_duration_ms(result);
	guint n = 0;

	/* every word of the source, in order, nothing else */
	for (guint i = 0; source[i] != NULL; i++) {
		if (*source[i] == '\0')
			continue;
		g_assert_cmpuint(n, <, words->len);
		g_assert_cmpstr(g_ptr_array_index(words, n), ==, source[i]);
		n++;
	}
	g_assert_cmpuint(n, ==, words->len);
	/* cue times rise, and end within the audio */
	g_assert_cmpuint(starts->len, >, 0);
	for (guint c = 0; c < starts->len; c++) {
		g_assert_cmpuint(g_array_index(starts, guint, c), <, g_array_index(ends, guint, c));
		g_assert_cmpuint(g_array_index(ends, guint, c), <=, duration);
		if (c > 0)
			g_assert_cmpuint(g_array_index(starts, guint, c), >=,
					 g_array_index(ends, guint, c - 1));
	}
	/* word times never go back */
	for (guint i = 1; i < result->words->len; i++)
		g_assert_cmpuint(g_array_index(result->words, SoriSpeechWord, i).start_ms, >=,
				 g_array_index(result->words, SoriSpeechWord, i - 1).start_ms);
}

static guint
count_words(const gchar *text)
{
	g_autoptr(GArray) words = sori_speech_tokenize(text);
	return words->len;
}

static void
test_english(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriSpeechResult) result = sori_speech_synthesize(english, "en", 175, 50, &error);
	guint duration;
	guint expected;

	g_assert_no_error(error);
	duration = sori_speech_result_get_duration_ms(result);
	/* 175 words a minute, give or take pauses between sentences */
	expected = count_words(english) * 60000 / 175;
	g_assert_cmpuint(duration, >, expected * 6 / 10);
	g_assert_cmpuint(duration, <, expected * 16 / 10);
	assert_captions_hold_the_text(result);

	/* twice the rate, about half the time */
	{
		g_autoptr(SoriSpeechResult) fast
			= sori_speech_synthesize(english, "en", 350, 50, &error);
		g_assert_no_error(error);
		g_assert_cmpuint(sori_speech_result_get_duration_ms(fast), <, duration * 7 / 10);
		assert_captions_hold_the_text(fast);
	}
}

static void
test_korean_missing_events(void)
{
	/* 만든, 모양이 and 넓습니다 start with ㅁ or ㄴ: espeak-ng 1.51 gives them no event */
	const gchar *text
		= "백자 달항아리는 조선 후기 왕실 가마에서 만든 항아리입니다. 모양이 둥글고 "
		  "넓습니다.";
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriSpeechResult) result = sori_speech_synthesize(text, "ko", 175, 50, &error);
	guint interpolated = 0;

	g_assert_no_error(error);
	g_assert_cmpuint(result->words->len, ==, 11);
	for (guint i = 0; i < result->words->len; i++) {
		SoriSpeechWord *w = &g_array_index(result->words, SoriSpeechWord, i);
		if (!w->timed)
			interpolated++;
		/* every word takes some time */
		g_assert_cmpuint(w->end_ms, >, w->start_ms);
	}
	g_assert_cmpuint(interpolated, >=, 1);
	assert_captions_hold_the_text(result);
}

static void
test_korean_long_clause(void)
{
	g_autoptr(GString) text = g_string_new(NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriSpeechResult) result = NULL;
	static const gchar *const words[]
		= { "흙으로", "빚은",     "그릇은",   "가마에서", "오래",
		    "구워",   "단단하고", "아름다운", "도자기가", "됩니다" };
	guint timed = 0;
	SoriSpeechWord *last;

	/* 90 words, no punctuation at all */
	for (guint i = 0; i < 90; i++)
		g_string_append_printf(text, "%s%s", i > 0 ? " " : "",
				       words[i % G_N_ELEMENTS(words)]);
	result = sori_speech_synthesize(text->str, "ko", 175, 50, &error);
	g_assert_no_error(error);
	g_assert_cmpuint(result->words->len, ==, 90);
	for (guint i = 0; i < result->words->len; i++)
		timed += g_array_index(result->words, SoriSpeechWord, i).timed;
	/* espeak-ng spoke it whole: events to the end, and time for every word */
	g_assert_cmpuint(timed, >=, 70);
	last = &g_array_index(result->words, SoriSpeechWord, 89);
	g_assert_cmpuint(sori_speech_result_get_duration_ms(result), >, 90 * 250);
	g_assert_true(g_array_index(result->words, SoriSpeechWord, 88).timed);
	g_assert_cmpuint(last->start_ms, >, sori_speech_result_get_duration_ms(result) * 9 / 10);
	assert_captions_hold_the_text(result);
}

static void
test_split(void)
{
	g_autoptr(GPtrArray) pieces
		= sori_speech_split("one two three, four five six seven. eight", 3);
	g_assert_cmpuint(pieces->len, ==, 4);
	g_assert_cmpstr(g_ptr_array_index(pieces, 0), ==, "one two three,");
	g_assert_cmpstr(g_ptr_array_index(pieces, 1), ==, "four five six");
	g_assert_cmpstr(g_ptr_array_index(pieces, 2), ==, "seven.");
	g_assert_cmpstr(g_ptr_array_index(pieces, 3), ==, "eight");
}

static void
test_align_interpolates(void)
{
	const gchar *text = "aa bb cccc dd";
	g_autoptr(GArray) words = sori_speech_tokenize(text);
	/* an event for "aa" and "dd" only: "bb" and "cccc" share the time between, by length;
	 * an event going back in time is ignored */
	guint offsets[] = { 0, 11, 3 };
	guint ms[] = { 0, 1000, 900 };
	sori_speech_align(words, text, offsets, ms, 2, 1500);
	g_assert_cmpuint(words->len, ==, 4);
	g_assert_true(g_array_index(words, SoriSpeechWord, 0).timed);
	g_assert_false(g_array_index(words, SoriSpeechWord, 1).timed);
	g_assert_cmpuint(g_array_index(words, SoriSpeechWord, 1).start_ms, ==, 1000 * 3 / 11);
	g_assert_cmpuint(g_array_index(words, SoriSpeechWord, 2).start_ms, ==, 1000 * 6 / 11);
	g_assert_cmpuint(g_array_index(words, SoriSpeechWord, 3).start_ms, ==, 1000);
	g_assert_cmpuint(g_array_index(words, SoriSpeechWord, 3).end_ms, ==, 1500);
	sori_speech_align(words, text, offsets, ms, 3, 1500);
	g_assert_false(g_array_index(words, SoriSpeechWord, 1).timed);
}

static void
test_parameters(void)
{
	g_autoptr(GError) error = NULL;
	g_assert_false(sori_speech_check_parameters(79, 50, &error));
	g_assert_error(error, SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_INVALID);
	g_clear_error(&error);
	g_assert_false(sori_speech_check_parameters(450, 50, &error));
	g_clear_error(&error);
	g_assert_false(sori_speech_check_parameters(175, 100, &error));
	g_clear_error(&error);
	g_assert_true(sori_speech_check_parameters(449, 0, &error));
	g_assert_null(sori_speech_synthesize("hello", "en", 500, 50, &error));
	g_assert_error(error, SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_INVALID);
	g_clear_error(&error);
	g_assert_null(sori_speech_synthesize("hello", "xx", 175, 50, &error));
	g_assert_error(error, SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_NO_VOICE);
	g_clear_error(&error);
	g_assert_null(sori_speech_synthesize("   ", "en", 175, 50, &error));
	g_assert_error(error, SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_INVALID);
}

static gdouble
mp3_duration(GBytes *mp3, glong *rate)
{
	mpg123_handle *h = mpg123_new(NULL, NULL);
	gsize total = 0;
	guchar out[16384];
	gsize done = 0;
	gint channels = 0;
	gint encoding = 0;
	gint rc;

	g_assert_nonnull(h);
	g_assert_cmpint(mpg123_open_feed(h), ==, MPG123_OK);
	rc = mpg123_decode(h, g_bytes_get_data(mp3, NULL), g_bytes_get_size(mp3), out, sizeof(out),
			   &done);
	while (rc != MPG123_ERR && rc != MPG123_NEED_MORE) {
		if (rc == MPG123_NEW_FORMAT)
			mpg123_getformat(h, rate, &channels, &encoding);
		total += done;
		rc = mpg123_decode(h, NULL, 0, out, sizeof(out), &done);
	}
	total += done;
	g_assert_cmpint(rc, !=, MPG123_ERR);
	g_assert_cmpint(channels, ==, 1);
	mpg123_delete(h);
	return (gdouble) total / 2 / *rate;
}

static void
test_encoders(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriSpeechResult) result = sori_speech_synthesize(english, "en", 175, 50, &error);
	gdouble seconds = sori_speech_result_get_duration_ms(result) / 1000.0;
	g_autoptr(GBytes) mp3 = NULL;
	g_autoptr(GBytes) opus = NULL;
	g_autoptr(GBytes) wav = NULL;
	glong rate = 0;
	const gint16 *pcm = (const gint16 *) result->samples->data;

	g_assert_no_error(error);
	mp3 = sori_audio_encode(pcm, result->samples->len, result->sample_rate,
				SORI_AUDIO_FORMAT_MP3, &error);
	g_assert_no_error(error);
	/* it decodes, and lasts as long as the speech (the encoder pads a frame or two) */
	g_assert_cmpfloat_with_epsilon(mp3_duration(mp3, &rate), seconds, 0.2);
	g_assert_cmpint(rate, ==, result->sample_rate);
	/* under 200 KB a minute */
	g_assert_cmpfloat(g_bytes_get_size(mp3) / 1024.0 / (seconds / 60), <=, 200);

	opus = sori_audio_encode(pcm, result->samples->len, result->sample_rate,
				 SORI_AUDIO_FORMAT_OPUS, &error);
	g_assert_no_error(error);
	{
		gint rc = 0;
		OggOpusFile *of
			= op_open_memory(g_bytes_get_data(opus, NULL), g_bytes_get_size(opus), &rc);
		g_assert_nonnull(of);
		/* Opus counts at 48 kHz */
		g_assert_cmpfloat_with_epsilon(op_pcm_total(of, -1) / 48000.0, seconds, 0.1);
		op_free(of);
	}
	g_assert_cmpuint(g_bytes_get_size(opus), <, g_bytes_get_size(mp3));

	wav = sori_audio_encode(pcm, result->samples->len, result->sample_rate,
				SORI_AUDIO_FORMAT_WAV, &error);
	g_assert_cmpuint(g_bytes_get_size(wav), ==, 44 + 2 * result->samples->len);
	g_assert_cmpmem(g_bytes_get_data(wav, NULL), 4, "RIFF", 4);
}

static void
test_transcript(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriSpeechResult) result
		= sori_speech_synthesize("Hello, world. The moon jar.", "en", 175, 50, &error);
	g_autoptr(JsonNode) node = sori_captions_to_transcript(result);
	JsonObject *obj = json_node_get_object(node);
	JsonArray *words = json_object_get_array_member(obj, "words");

	g_assert_cmpuint(json_array_get_length(words), ==, 5);
	g_assert_cmpstr(
		json_object_get_string_member(json_array_get_object_element(words, 0), "text"), ==,
		"Hello,");
	g_assert_cmpstr(
		json_object_get_string_member(json_array_get_object_element(words, 4), "text"), ==,
		"jar.");
	g_assert_cmpint(
		json_object_get_int_member(json_array_get_object_element(words, 4), "end_ms"), ==,
		json_object_get_int_member(obj, "duration_ms"));
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	mpg123_init();
	g_test_add_func("/speech/english", test_english);
	g_test_add_func("/speech/korean-missing-events", test_korean_missing_events);
	g_test_add_func("/speech/korean-long-clause", test_korean_long_clause);
	g_test_add_func("/speech/split", test_split);
	g_test_add_func("/speech/align-interpolates", test_align_interpolates);
	g_test_add_func("/speech/parameters", test_parameters);
	g_test_add_func("/speech/encoders", test_encoders);
	g_test_add_func("/speech/transcript", test_transcript);
	return g_test_run();
}
