/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-admin.h"
#include "sori-speech-service.h"
#include "sori-venue-store.h"

G_BEGIN_DECLS

#define SORI_TYPE_HTTP_SERVER (sori_http_server_get_type())
G_DECLARE_FINAL_TYPE(SoriHttpServer, sori_http_server, SORI, HTTP_SERVER, GObject)

SoriHttpServer *sori_http_server_new(SoriVenueStore *store);
void sori_http_server_set_idle_timeout(SoriHttpServer *self, guint seconds);
void sori_http_server_set_max_connections(SoriHttpServer *self, guint max_connections);
void sori_http_server_set_deadlines(SoriHttpServer *self, guint head_timeout, guint send_timeout,
				    guint body_min_rate);
void sori_http_server_set_speech_service(SoriHttpServer *self, SoriSpeechService *speech);
void sori_http_server_set_admin(SoriHttpServer *self, SoriAdmin *admin);
void sori_http_server_set_fast_path(SoriHttpServer *self, gboolean enabled);
gboolean sori_http_server_listen(SoriHttpServer *self, const gchar *address, guint16 port,
				 GError **error);
guint16 sori_http_server_get_port(SoriHttpServer *self);
SoupServer *sori_http_server_get_soup_server(SoriHttpServer *self);
void sori_http_server_shutdown_async(SoriHttpServer *self, guint timeout_seconds,
				     GCancellable *cancellable, GAsyncReadyCallback callback,
				     gpointer user_data);
gboolean sori_http_server_shutdown_finish(SoriHttpServer *self, GAsyncResult *result,
					  GError **error);

G_END_DECLS
