/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The formats speech is served in, by name and media type. The encoders
 * themselves (LAME, libopusenc) are lib/speech/sori-audio-encode.c, which
 * only the speech worker, sorictl and the speech benchmark link: sorid names
 * formats but never encodes in its own process.
 */

#define G_LOG_DOMAIN "sori-speech"

#include "config.h"

#include "sori-audio.h"

static const struct {
	const gchar *name;
	const gchar *mime_type;
} formats[] = {
	[SORI_AUDIO_FORMAT_MP3] = { "mp3", "audio/mpeg" },
	[SORI_AUDIO_FORMAT_OPUS] = { "opus", "audio/ogg; codecs=opus" },
	[SORI_AUDIO_FORMAT_WAV] = { "wav", "audio/wav" },
};
G_STATIC_ASSERT(G_N_ELEMENTS(formats) == SORI_AUDIO_FORMAT_LAST);

gboolean
sori_audio_format_from_string(const gchar *name, SoriAudioFormat *format)
{
	for (guint i = 0; i < SORI_AUDIO_FORMAT_LAST; i++) {
		if (g_strcmp0(name, formats[i].name) == 0) {
			*format = (SoriAudioFormat) i;
			return TRUE;
		}
	}
	return FALSE;
}

const gchar *
sori_audio_format_to_string(SoriAudioFormat format)
{
	g_return_val_if_fail(format < SORI_AUDIO_FORMAT_LAST, NULL);
	return formats[format].name;
}

const gchar *
sori_audio_format_get_mime_type(SoriAudioFormat format)
{
	g_return_val_if_fail(format < SORI_AUDIO_FORMAT_LAST, NULL);
	return formats[format].mime_type;
}
