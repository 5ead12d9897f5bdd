/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Captions for deaf visitors: the source text, every word of it, timed by
 * when it is spoken. WebVTT with one cue per phrase (at most two lines of 42
 * characters) and a timestamp before each word, for the web app to highlight
 * the word being said; and a JSON transcript of every word's start and end.
 */

#define G_LOG_DOMAIN "sori-speech"

#include "config.h"

#include <string.h>

#include "sori-captions.h"

static void
sori_captions_append_timestamp(GString *out, guint ms)
{
	g_string_append_printf(out, "%02u:%02u:%02u.%03u", ms / 3600000, ms / 60000 % 60,
			       ms / 1000 % 60, ms % 1000);
}

static gboolean
sori_captions_ends_phrase(const gchar *word, gsize len)
{
	static const gchar *const marks[] = { ".", "!", "?", "…", "。", "！", "？", ";", NULL };
	for (guint i = 0; marks[i] != NULL; i++) {
		gsize l = strlen(marks[i]);
		if (len >= l && memcmp(word + len - l, marks[i], l) == 0)
			return TRUE;
	}
	return FALSE;
}

typedef struct {
	guint first;
	guint last;         /* inclusive */
	guint break_before; /* the word that starts the second line, or 0 */
} Cue;

/**
 * sori_captions_to_webvtt:
 *
 * Returns: (transfer full): a WebVTT file
 */
gchar *
sori_captions_to_webvtt(SoriSpeechResult *result)
{
	GString *out = g_string_new("WEBVTT\n");
	GArray *words = result->words;
	g_autoptr(GArray) cues = g_array_new(FALSE, TRUE, sizeof(Cue));
	Cue cue = { 0 };
	glong line_len = 0;
	guint line = 1;
	gboolean open = FALSE;

	/* the language in a comment: a "Language:" header line is not WebVTT (W3C's
	 * validator says "No blank line after the signature"); players take it from
	 * the track's srclang and the answer's Content-Language */
	g_string_append_printf(out, "\nNOTE language: %s\n", result->lang);
	for (guint i = 0; i < words->len; i++) {
		SoriSpeechWord *w = &g_array_index(words, SoriSpeechWord, i);
		glong len = g_utf8_strlen(result->text + w->offset, w->length);
		if (!open) {
			cue.first = i;
			cue.break_before = 0;
			line = 1;
			line_len = len;
			open = TRUE;
		} else if (line_len + 1 + len <= SORI_CAPTIONS_LINE_MAX) {
			line_len += 1 + len;
		} else if (line == 1) {
			cue.break_before = i;
			line = 2;
			line_len = len;
		} else {
			/* both lines full: this word opens the next cue */
			cue.last = i - 1;
			g_array_append_val(cues, cue);
			cue.first = i;
			cue.break_before = 0;
			line = 1;
			line_len = len;
		}
		if (sori_captions_ends_phrase(result->text + w->offset, w->length)) {
			cue.last = i;
			g_array_append_val(cues, cue);
			open = FALSE;
		}
	}
	if (open) {
		cue.last = words->len - 1;
		g_array_append_val(cues, cue);
	}

	for (guint c = 0; c < cues->len; c++) {
		Cue *q = &g_array_index(cues, Cue, c);
		SoriSpeechWord *first = &g_array_index(words, SoriSpeechWord, q->first);
		SoriSpeechWord *last = &g_array_index(words, SoriSpeechWord, q->last);
		g_string_append_printf(out, "\n%u\n", c + 1);
		sori_captions_append_timestamp(out, first->start_ms);
		g_string_append(out, " --> ");
		sori_captions_append_timestamp(out, MAX(last->end_ms, first->start_ms + 1));
		g_string_append_c(out, '\n');
		for (guint i = q->first; i <= q->last; i++) {
			SoriSpeechWord *w = &g_array_index(words, SoriSpeechWord, i);
			if (i > q->first) {
				g_string_append_c(out, i == q->break_before ? '\n' : ' ');
				/* WebVTT's timestamp tag: the web app highlights from here */
				g_string_append_c(out, '<');
				sori_captions_append_timestamp(out, w->start_ms);
				g_string_append_c(out, '>');
			}
			/* a cue's text must not hold "-->", '<' or '&' unescaped */
			for (guint b = 0; b < w->length; b++) {
				gchar ch = result->text[w->offset + b];
				if (ch == '<')
					g_string_append(out, "&lt;");
				else if (ch == '>')
					g_string_append(out, "&gt;");
				else if (ch == '&')
					g_string_append(out, "&amp;");
				else
					g_string_append_c(out, ch);
			}
		}
		g_string_append_c(out, '\n');
	}
	return g_string_free(out, FALSE);
}

/**
 * sori_captions_to_transcript:
 *
 * Returns: (transfer full): `{"lang", "duration_ms", "text", "words": [{"text",
 *	"start_ms", "end_ms", "interpolated"}]}`
 */
JsonNode *
sori_captions_to_transcript(SoriSpeechResult *result)
{
	g_autoptr(JsonBuilder) b = json_builder_new_immutable();

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "lang");
	json_builder_add_string_value(b, result->lang);
	json_builder_set_member_name(b, "duration_ms");
	json_builder_add_int_value(b, sori_speech_result_get_duration_ms(result));
	json_builder_set_member_name(b, "text");
	json_builder_add_string_value(b, result->text);
	json_builder_set_member_name(b, "words");
	json_builder_begin_array(b);
	for (guint i = 0; i < result->words->len; i++) {
		SoriSpeechWord *w = &g_array_index(result->words, SoriSpeechWord, i);
		g_autofree gchar *text = g_strndup(result->text + w->offset, w->length);
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "text");
		json_builder_add_string_value(b, text);
		json_builder_set_member_name(b, "start_ms");
		json_builder_add_int_value(b, w->start_ms);
		json_builder_set_member_name(b, "end_ms");
		json_builder_add_int_value(b, w->end_ms);
		if (!w->timed) {
			json_builder_set_member_name(b, "interpolated");
			json_builder_add_boolean_value(b, TRUE);
		}
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	return json_builder_get_root(b);
}
