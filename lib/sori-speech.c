/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Speech's words and when each is spoken: the parameters a listener may
 * choose, the text split into words and into pieces espeak-ng speaks whole,
 * and espeak-ng's word events aligned to the text's own words. No espeak-ng
 * here: the synthesis is lib/speech/sori-speech-synthesize.c, which sorid
 * never links (it renders in worker processes).
 *
 * Two faults of espeak-ng 1.51 are worked around here, for the synthesis:
 *  - it silently drops the tail of long unpunctuated Korean clauses: texts are
 *    split into short pieces before synthesis (sori_speech_split());
 *  - it gives no WORD event for Korean words starting with ㅁ or ㄴ, and one
 *    event for some English word pairs: the words are the source text's own,
 *    and those without an event get times interpolated between their
 *    neighbours' (sori_speech_align()).
 */

#define G_LOG_DOMAIN "sori-speech"

#include "config.h"

#include <string.h>

#include "sori-speech.h"

void
sori_speech_result_free(SoriSpeechResult *self)
{
	if (self == NULL)
		return;
	g_free(self->text);
	g_free(self->lang);
	g_clear_pointer(&self->samples, g_array_unref);
	g_clear_pointer(&self->words, g_array_unref);
	g_free(self);
}

guint
sori_speech_result_get_duration_ms(SoriSpeechResult *self)
{
	return (guint) ((guint64) self->samples->len * 1000 / self->sample_rate);
}

/**
 * sori_speech_check_parameters:
 * @rate: words per minute, 80 to 449
 * @pitch: 0 to 99
 *
 * Out-of-range values are refused, never clamped: a listener who asked for
 * 500 words a minute should hear why they did not get it.
 */
gboolean
sori_speech_check_parameters(guint rate, guint pitch, GError **error)
{
	if (rate < SORI_SPEECH_RATE_MIN || rate > SORI_SPEECH_RATE_MAX) {
		g_set_error(error, SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_INVALID,
			    "rate %u is out of range: speech rates are %u to %u words per minute",
			    rate, SORI_SPEECH_RATE_MIN, SORI_SPEECH_RATE_MAX);
		return FALSE;
	}
	if (pitch > SORI_SPEECH_PITCH_MAX) {
		g_set_error(error, SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_INVALID,
			    "pitch %u is out of range: 0 to %u", pitch, SORI_SPEECH_PITCH_MAX);
		return FALSE;
	}
	return TRUE;
}

/**
 * sori_speech_tokenize:
 * @text: UTF-8 text
 *
 * Returns: (transfer full) (element-type SoriSpeechWord): its words: runs of
 *	characters between white space, punctuation attached, untimed
 */
GArray *
sori_speech_tokenize(const gchar *text)
{
	GArray *words = g_array_new(FALSE, TRUE, sizeof(SoriSpeechWord));
	const gchar *p = text;

	while (*p != '\0') {
		SoriSpeechWord word = { 0 };
		while (*p != '\0' && g_unichar_isspace(g_utf8_get_char(p)))
			p = g_utf8_next_char(p);
		if (*p == '\0')
			break;
		word.offset = (guint) (p - text);
		while (*p != '\0' && !g_unichar_isspace(g_utf8_get_char(p)))
			p = g_utf8_next_char(p);
		word.length = (guint) (p - text) - word.offset;
		g_array_append_val(words, word);
	}
	return words;
}

static gboolean
sori_speech_ends_sentence(const gchar *word, gsize len)
{
	static const gchar *const marks[]
		= { ".", "!", "?", "…", "。", "！", "？", ":", ";", NULL };
	for (guint i = 0; marks[i] != NULL; i++) {
		gsize l = strlen(marks[i]);
		if (len >= l && memcmp(word + len - l, marks[i], l) == 0)
			return TRUE;
	}
	return FALSE;
}

static gboolean
sori_speech_ends_clause(const gchar *word, gsize len)
{
	return len > 0 && (word[len - 1] == ',' || sori_speech_ends_sentence(word, len));
}

/**
 * sori_speech_split:
 * @text: the text to speak
 * @max_words: the most words in one piece
 *
 * Splits @text into pieces that espeak-ng speaks whole: at the end of each
 * sentence, and a sentence of more than @max_words words at its commas or,
 * failing those, every @max_words words.
 *
 * Returns: (transfer full) (element-type utf8): the pieces, which joined with
 *	spaces hold every word of @text in order
 */
GPtrArray *
sori_speech_split(const gchar *text, guint max_words)
{
	g_autoptr(GArray) words = sori_speech_tokenize(text);
	GPtrArray *pieces = g_ptr_array_new_with_free_func(g_free);
	guint start = 0;

	g_return_val_if_fail(max_words > 0, pieces);

	while (start < words->len) {
		guint end = start; /* exclusive */
		guint last_clause = 0;
		SoriSpeechWord *first = &g_array_index(words, SoriSpeechWord, start);
		SoriSpeechWord *last;

		while (end < words->len) {
			SoriSpeechWord *w = &g_array_index(words, SoriSpeechWord, end);
			end++;
			if (sori_speech_ends_sentence(text + w->offset, w->length))
				break;
			if (sori_speech_ends_clause(text + w->offset, w->length))
				last_clause = end;
			if (end - start >= max_words) {
				/* too long: back to the last comma, if there was one */
				if (last_clause > start)
					end = last_clause;
				break;
			}
		}
		last = &g_array_index(words, SoriSpeechWord, end - 1);
		g_ptr_array_add(pieces, g_strndup(text + first->offset,
						  last->offset + last->length - first->offset));
		start = end;
	}
	return pieces;
}

static guint
sori_speech_find_word(GArray *words, guint offset)
{
	guint lo = 0;
	guint hi = words->len;
	/* the last word starting at or before @offset */
	while (hi - lo > 1) {
		guint mid = (lo + hi) / 2;
		if (g_array_index(words, SoriSpeechWord, mid).offset <= offset)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/**
 * sori_speech_align:
 * @words: (element-type SoriSpeechWord): the words of @text, from sori_speech_tokenize()
 * @event_offsets: (array length=n_events): where each WORD event starts, in bytes
 * @event_ms: (array length=n_events): when
 * @duration_ms: the length of the audio
 *
 * Times every word: a word with an event starts at it; runs of words without
 * one share the time between their neighbours in proportion to their length.
 */
void
sori_speech_align(GArray *words, const gchar *text, const guint *event_offsets,
		  const guint *event_ms, guint n_events, guint duration_ms)
{
	guint last_ms = 0;
	guint i = 0;

	if (words->len == 0)
		return;
	for (guint w = 0; w < words->len; w++)
		g_array_index(words, SoriSpeechWord, w).timed = FALSE;
	for (guint e = 0; e < n_events; e++) {
		guint w = sori_speech_find_word(words, event_offsets[e]);
		SoriSpeechWord *word = &g_array_index(words, SoriSpeechWord, w);
		/* the first event of a word, and never going back in time */
		if (word->timed || event_ms[e] < last_ms || event_ms[e] > duration_ms)
			continue;
		word->timed = TRUE;
		word->start_ms = event_ms[e];
		last_ms = event_ms[e];
	}
	/* a timed word after a later-timed one was dropped above; now fill the gaps */
	while (i < words->len) {
		guint j;
		guint t_a;
		guint t_b;
		guint first;
		guint total = 0;
		guint acc = 0;

		if (g_array_index(words, SoriSpeechWord, i).timed) {
			i++;
			continue;
		}
		/* words i..j-1 are untimed; the anchor before is i-1 (or the start) */
		j = i;
		while (j < words->len && !g_array_index(words, SoriSpeechWord, j).timed)
			j++;
		first = i > 0 ? i - 1 : i;
		t_a = i > 0 ? g_array_index(words, SoriSpeechWord, i - 1).start_ms : 0;
		t_b = j < words->len ? g_array_index(words, SoriSpeechWord, j).start_ms
				     : duration_ms;
		if (t_b < t_a)
			t_b = t_a;
		for (guint k = first; k < j; k++)
			total += g_utf8_strlen(
					 text + g_array_index(words, SoriSpeechWord, k).offset,
					 g_array_index(words, SoriSpeechWord, k).length)
				 + 1;
		for (guint k = first; k < j; k++) {
			SoriSpeechWord *word = &g_array_index(words, SoriSpeechWord, k);
			if (k >= i)
				word->start_ms
					= t_a + (guint) ((guint64) (t_b - t_a) * acc / total);
			acc += g_utf8_strlen(text + word->offset, word->length) + 1;
		}
		i = j;
	}
	for (guint w = 0; w < words->len; w++) {
		SoriSpeechWord *word = &g_array_index(words, SoriSpeechWord, w);
		guint next = w + 1 < words->len
				     ? g_array_index(words, SoriSpeechWord, w + 1).start_ms
				     : duration_ms;
		word->end_ms = MAX(next, word->start_ms);
	}
}

/* ------------------------------------------------------------------------ */
