/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-catalogue.h"
#include "sori-media-cache.h"
#include "sori-speech-pool.h"

G_BEGIN_DECLS

/* renders visitors may keep waiting at once, and of them unusual variants;
 * more are refused with speech-busy, to be asked again after this long */
#define SORI_SPEECH_RENDERER_MAX_PENDING         512
#define SORI_SPEECH_RENDERER_MAX_PENDING_VARIANT 32
#define SORI_SPEECH_RENDERER_RETRY_AFTER_S       5

typedef enum {
	SORI_SPEECH_RENDER_FLAG_NONE = 0,
	/* captions: any audio format's rendering of the text will do */
	SORI_SPEECH_RENDER_FLAG_ANY_FORMAT = 1 << 0,
	/* work queued ahead of visitors (a publish, sorictl render): never
	 * refused, and not counted against what visitors may keep waiting */
	SORI_SPEECH_RENDER_FLAG_BACKGROUND = 1 << 1,
} SoriSpeechRenderFlags;

#define SORI_TYPE_SPEECH_RENDERER (sori_speech_renderer_get_type())
G_DECLARE_FINAL_TYPE(SoriSpeechRenderer, sori_speech_renderer, SORI, SPEECH_RENDERER, GObject)

SoriSpeechRenderer *sori_speech_renderer_new(SoriSpeechPool *pool, SoriMediaCache *cache);
void sori_speech_renderer_set_variant_cache(SoriSpeechRenderer *self, SoriMediaCache *cache);
gchar *sori_speech_renderer_key(const gchar *text, const gchar *lang, guint rate, guint pitch);
gchar *sori_speech_renderer_audio_name(const gchar *key, SoriAudioFormat format);
GBytes *sori_speech_renderer_lookup(SoriSpeechRenderer *self, const gchar *name);
void sori_speech_renderer_render_async(SoriSpeechRenderer *self, const SoriSpeechJob *job,
				       SoriSpeechRenderFlags flags, GCancellable *cancellable,
				       GAsyncReadyCallback callback, gpointer user_data);
SoriRendering *sori_speech_renderer_render_finish(SoriSpeechRenderer *self, GAsyncResult *result,
						  gboolean *kept, GError **error);
guint sori_speech_renderer_get_n_pending(SoriSpeechRenderer *self);
typedef void (*SoriSpeechTextFunc)(SoriExhibit *exhibit, const gchar *field, const gchar *lang,
				   const gchar *text, gpointer user_data);
void sori_speech_renderer_foreach_text(SoriCatalogue *catalogue, SoriSpeechTextFunc func,
				       gpointer user_data);
guint sori_speech_renderer_prerender(SoriSpeechRenderer *self, SoriCatalogue *catalogue);

G_END_DECLS
