/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

#include "sori-audio.h"
#include "sori-speech.h"

G_BEGIN_DECLS

typedef struct {
	gchar *text;
	gchar *lang;
	guint rate;
	guint pitch;
	SoriAudioFormat format;
	/* an unusual variant (rate, pitch or format a visitor's app does not ask
	 * for): it waits behind the rest, on its own share of the workers */
	gboolean variant;
	/* work no visitor waits for (a publish's pre-rendering): taken only when
	 * no visitor's job waits */
	gboolean background;
} SoriSpeechJob;

/* what a worker made of a job */
typedef struct {
	GBytes *audio;
	gchar *vtt;
	gchar *transcript; /* JSON */
	guint duration_ms;
} SoriRendering;

SoriRendering *sori_rendering_ref(SoriRendering *self);
void sori_rendering_unref(SoriRendering *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SoriRendering, sori_rendering_unref)

#define SORI_TYPE_SPEECH_POOL (sori_speech_pool_get_type())
G_DECLARE_FINAL_TYPE(SoriSpeechPool, sori_speech_pool, SORI, SPEECH_POOL, GObject)

SoriSpeechPool *sori_speech_pool_new(const gchar *worker_path, guint n_workers,
				     guint timeout_seconds);
void sori_speech_pool_render_async(SoriSpeechPool *self, const SoriSpeechJob *job,
				   GCancellable *cancellable, GAsyncReadyCallback callback,
				   gpointer user_data);
SoriRendering *sori_speech_pool_render_finish(SoriSpeechPool *self, GAsyncResult *result,
					      GError **error);
guint sori_speech_pool_get_n_restarts(SoriSpeechPool *self);
guint sori_speech_pool_get_n_jobs(SoriSpeechPool *self);
gboolean sori_speech_pool_hurry(SoriSpeechPool *self, gpointer user_data);
guint sori_speech_pool_get_n_waiting(SoriSpeechPool *self, gboolean variant);

G_END_DECLS
