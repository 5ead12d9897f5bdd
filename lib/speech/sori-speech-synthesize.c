/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Speech from text with espeak-ng, and when each word of the text is spoken.
 *
 * espeak-ng keeps global state and is not thread-safe: sori_speech_synthesize()
 * runs in one thread of one process at a time (sorid runs it in worker
 * processes, and links none of lib/speech/). The words and their alignment
 * are lib/sori-speech.c's, where espeak-ng 1.51's faults are worked around.
 */

#define G_LOG_DOMAIN "sori-speech"

#include "config.h"

#include <espeak-ng/speak_lib.h>
#include <string.h>

#include "sori-speech-synthesize.h"

typedef struct {
	GArray *samples;
	GArray *event_offsets; /* guint, bytes into the whole text */
	GArray *event_ms;
	const gchar *piece; /* the piece being spoken */
	guint piece_offset; /* its offset in the whole text */
	guint piece_start_sample;
	guint sample_rate;
} SoriSpeechSynthesizeState;

static SoriSpeechSynthesizeState *sori_speech_synthesize_state;

static int
sori_speech_synthesize_cb(short *wav, int n_samples, espeak_EVENT *events)
{
	SoriSpeechSynthesizeState *state = sori_speech_synthesize_state;
	if (wav != NULL && n_samples > 0)
		g_array_append_vals(state->samples, wav, n_samples);
	for (espeak_EVENT *ev = events; ev->type != espeakEVENT_LIST_TERMINATED; ev++) {
		glong chars;
		const gchar *at;
		guint offset;
		guint ms;
		if (ev->type != espeakEVENT_WORD || ev->text_position < 1)
			continue;
		/* text_position counts characters from 1 */
		chars = g_utf8_strlen(state->piece, -1);
		if (ev->text_position - 1 >= chars)
			continue;
		at = g_utf8_offset_to_pointer(state->piece, ev->text_position - 1);
		offset = state->piece_offset + (guint) (at - state->piece);
		ms = (guint) ((guint64) (state->piece_start_sample + ev->sample) * 1000
			      / state->sample_rate);
		g_array_append_val(state->event_offsets, offset);
		g_array_append_val(state->event_ms, ms);
	}
	return 0;
}

static guint
sori_speech_synthesize_sample_rate(GError **error)
{
	static gint rate = 0;
	if (rate <= 0) {
		rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 500, NULL,
					 espeakINITIALIZE_DONT_EXIT);
		if (rate <= 0) {
			g_set_error(error, SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_SYNTHESIS,
				    "espeak-ng did not start (is espeak-ng-data installed?)");
			return 0;
		}
		espeak_SetSynthCallback(sori_speech_synthesize_cb);
	}
	return (guint) rate;
}

/**
 * sori_speech_synthesize:
 * @text: the text to speak, at most %SORI_SPEECH_TEXT_MAX characters
 * @lang: a language tag; espeak-ng's voice for it speaks
 * @rate: words per minute
 * @pitch: 0 to 99
 *
 * Not thread-safe: espeak-ng has global state.
 *
 * Returns: (transfer full) (nullable): the audio, 16-bit mono, and every word's timing
 */
SoriSpeechResult *
sori_speech_synthesize(const gchar *text, const gchar *lang, guint rate, guint pitch,
		       GError **error)
{
	g_autoptr(SoriSpeechResult) result = NULL;
	g_autoptr(GPtrArray) pieces = NULL;
	g_autoptr(GArray) event_offsets = g_array_new(FALSE, FALSE, sizeof(guint));
	g_autoptr(GArray) event_ms = g_array_new(FALSE, FALSE, sizeof(guint));
	espeak_VOICE voice = { 0 };
	SoriSpeechSynthesizeState state = { 0 };
	guint sample_rate;
	const gchar *cursor = text;
	gboolean korean;

	if (!sori_speech_check_parameters(rate, pitch, error))
		return NULL;
	if (!g_utf8_validate(text, -1, NULL) || g_utf8_strlen(text, -1) > SORI_SPEECH_TEXT_MAX) {
		g_set_error(error, SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_INVALID,
			    "the text must be UTF-8 of at most %u characters",
			    SORI_SPEECH_TEXT_MAX);
		return NULL;
	}
	sample_rate = sori_speech_synthesize_sample_rate(error);
	if (sample_rate == 0)
		return NULL;
	voice.languages = lang;
	if (espeak_SetVoiceByProperties(&voice) != EE_OK) {
		g_set_error(error, SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_NO_VOICE,
			    "espeak-ng has no voice for '%s'", lang);
		return NULL;
	}
	espeak_SetParameter(espeakRATE, (int) rate, 0);
	espeak_SetParameter(espeakPITCH, (int) pitch, 0);

	result = g_new0(SoriSpeechResult, 1);
	result->text = g_strdup(text);
	result->lang = g_strdup(lang);
	result->sample_rate = sample_rate;
	result->samples = g_array_new(FALSE, FALSE, sizeof(gint16));
	result->words = sori_speech_tokenize(text);
	if (result->words->len == 0) {
		g_set_error(error, SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_INVALID,
			    "the text is empty");
		return NULL;
	}

	/* short pieces for Korean, whose long clauses espeak-ng cuts short */
	korean = g_str_has_prefix(lang, "ko");
	pieces = sori_speech_split(text, korean ? 8 : 40);
	state.samples = result->samples;
	state.event_offsets = event_offsets;
	state.event_ms = event_ms;
	state.sample_rate = sample_rate;
	sori_speech_synthesize_state = &state;
	for (guint i = 0; i < pieces->len; i++) {
		const gchar *piece = g_ptr_array_index(pieces, i);
		const gchar *found = strstr(cursor, piece);
		espeak_ERROR rc;
		g_assert(found != NULL);
		state.piece = piece;
		state.piece_offset = (guint) (found - text);
		state.piece_start_sample = result->samples->len;
		cursor = found + strlen(piece);
		rc = espeak_Synth(piece, strlen(piece) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8,
				  NULL, NULL);
		if (rc == EE_OK)
			rc = espeak_Synchronize();
		if (rc != EE_OK) {
			sori_speech_synthesize_state = NULL;
			g_set_error(error, SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_SYNTHESIS,
				    "espeak-ng failed (%d)", rc);
			return NULL;
		}
	}
	sori_speech_synthesize_state = NULL;
	sori_speech_align(result->words, text, (guint *) event_offsets->data,
			  (guint *) event_ms->data, event_offsets->len,
			  sori_speech_result_get_duration_ms(result));
	return g_steal_pointer(&result);
}
