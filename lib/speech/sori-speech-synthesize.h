/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Text to speech with espeak-ng: lib/speech/, linked only where speech is
 * rendered. The words, their timings and the parameters are sori-speech.h.
 */
#pragma once

#include "sori-speech.h"

G_BEGIN_DECLS

SoriSpeechResult *sori_speech_synthesize(const gchar *text, const gchar *lang, guint rate,
					 guint pitch, GError **error);

G_END_DECLS
