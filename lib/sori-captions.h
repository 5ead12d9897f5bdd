/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sori-speech.h"

G_BEGIN_DECLS

/* a caption cue is at most two lines of at most this many characters */
#define SORI_CAPTIONS_LINE_MAX 42

gchar *sori_captions_to_webvtt(SoriSpeechResult *result);
JsonNode *sori_captions_to_transcript(SoriSpeechResult *result);

G_END_DECLS
