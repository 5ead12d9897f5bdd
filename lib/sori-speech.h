/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

#include "sori-error.h"

G_BEGIN_DECLS

/* what blind listeners choose goes far beyond the default of 175 */
#define SORI_SPEECH_RATE_MIN      80
#define SORI_SPEECH_RATE_MAX      449
#define SORI_SPEECH_RATE_DEFAULT  175
#define SORI_SPEECH_PITCH_MAX     99
#define SORI_SPEECH_PITCH_DEFAULT 50
#define SORI_SPEECH_TEXT_MAX      20000 /* characters */
/* bumped whenever a change alters the audio or the timings: part of every cache key */
#define SORI_SPEECH_RENDERER_VERSION "sori-speech/2 espeak-ng/1.51"

/* a word of the source text, with when it is spoken */
typedef struct {
	guint offset; /* in bytes, into the source text */
	guint length; /* in bytes */
	guint start_ms;
	guint end_ms;
	gboolean timed; /* FALSE: espeak-ng gave no event; the times are interpolated */
} SoriSpeechWord;

typedef struct {
	gchar *text; /* the source text, as given */
	gchar *lang;
	guint sample_rate;
	GArray *samples; /* gint16, mono */
	GArray *words;   /* SoriSpeechWord, every word of the text, in order */
} SoriSpeechResult;

void sori_speech_result_free(SoriSpeechResult *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SoriSpeechResult, sori_speech_result_free)

guint sori_speech_result_get_duration_ms(SoriSpeechResult *self);

gboolean sori_speech_check_parameters(guint rate, guint pitch, GError **error);
GPtrArray *sori_speech_split(const gchar *text, guint max_words);
GArray *sori_speech_tokenize(const gchar *text);
void sori_speech_align(GArray *words, const gchar *text, const guint *event_offsets,
		       const guint *event_ms, guint n_events, guint duration_ms);

G_END_DECLS
