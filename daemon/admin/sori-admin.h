/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "sori-fleet.h"
#include "sori-speech-service.h"
#include "sori-tokens.h"
#include "sori-venue-store.h"

G_BEGIN_DECLS

/* the largest upload: a sign-language video */
#define SORI_ADMIN_MEDIA_MAX (256 * 1024 * 1024)

#define SORI_TYPE_ADMIN (sori_admin_get_type())
G_DECLARE_FINAL_TYPE(SoriAdmin, sori_admin, SORI, ADMIN, GObject)

gchar *sori_admin_state_dir(const gchar *data_dir);
gchar *sori_admin_tokens_path(const gchar *data_dir);
SoriAdmin *sori_admin_new(SoriVenueStore *store, const gchar *data_dir, guint revisions_kept);
gboolean sori_admin_owns_path(const gchar *path);
gsize sori_admin_max_body(void);
const gchar *sori_admin_sniff_media(const guint8 *data, gsize len);
void sori_admin_set_fleet(SoriAdmin *self, SoriFleet *fleet);
void sori_admin_set_speech_service(SoriAdmin *self, SoriSpeechService *speech);
void sori_admin_handle(SoriAdmin *self, SoupServerMessage *msg);

G_END_DECLS
