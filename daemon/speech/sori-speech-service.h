/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-media-cache.h"
#include "sori-route.h"
#include "sori-speech-pool.h"
#include "sori-speech-renderer.h"
#include "sori-venue-store.h"

G_BEGIN_DECLS

#define SORI_TYPE_SPEECH_SERVICE (sori_speech_service_get_type())
G_DECLARE_FINAL_TYPE(SoriSpeechService, sori_speech_service, SORI, SPEECH_SERVICE, GObject)

SoriSpeechService *sori_speech_service_new(SoriVenueStore *store, SoriSpeechPool *pool,
					   SoriMediaCache *cache);
void sori_speech_service_set_variant_cache(SoriSpeechService *self, SoriMediaCache *cache);
gchar *sori_speech_default_worker_path(void);
SoriSpeechRenderer *sori_speech_service_get_renderer(SoriSpeechService *self);
GBytes *sori_speech_service_lookup_media(SoriSpeechService *self, const gchar *name);
const gchar *sori_speech_service_media_type(const gchar *name);
guint sori_speech_service_prerender(SoriSpeechService *self, SoriCatalogue *catalogue);
gboolean sori_speech_service_handle_media(gpointer service, const SoriHttpRequest *request,
					  const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_speech_service_handle_audio(gpointer service, const SoriHttpRequest *request,
					  const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_speech_service_handle_captions(gpointer service, const SoriHttpRequest *request,
					     const SoriRouteMatch *match,
					     SoriHttpResponse *response);

gboolean sori_speech_service_handle_route_audio(gpointer service, const SoriHttpRequest *request,
						const SoriRouteMatch *match,
						SoriHttpResponse *response);
gboolean sori_speech_service_handle_route_captions(gpointer service, const SoriHttpRequest *request,
						   const SoriRouteMatch *match,
						   SoriHttpResponse *response);

gboolean sori_speech_service_preview(SoriSpeechService *self, const SoriHttpRequest *request,
				     SoriHttpResponse *response, const gchar *text,
				     const gchar *lang);

G_END_DECLS
