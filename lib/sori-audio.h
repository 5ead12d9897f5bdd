/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
	SORI_AUDIO_FORMAT_MP3,
	SORI_AUDIO_FORMAT_OPUS,
	SORI_AUDIO_FORMAT_WAV,
	SORI_AUDIO_FORMAT_LAST,
} SoriAudioFormat;

gboolean sori_audio_format_from_string(const gchar *name, SoriAudioFormat *format);
const gchar *sori_audio_format_to_string(SoriAudioFormat format);
const gchar *sori_audio_format_get_mime_type(SoriAudioFormat format);

G_END_DECLS
