/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The encoders (LAME, libopusenc): lib/speech/, linked only where speech is
 * rendered. The formats' names are sori-audio.h.
 */
#pragma once

#include "sori-audio.h"

G_BEGIN_DECLS

GBytes *sori_audio_encode(const gint16 *samples, gsize n_samples, guint sample_rate,
			  SoriAudioFormat format, GError **error);

G_END_DECLS
