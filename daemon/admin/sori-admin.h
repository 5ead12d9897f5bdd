/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-admin-fetch.h"
#include "sori-fleet.h"
#include "sori-route.h"
#include "sori-speech-service.h"
#include "sori-store.h"
#include "sori-venue-store.h"

G_BEGIN_DECLS

/* the largest upload: a sign-language video */
#define SORI_ADMIN_MEDIA_MAX (256 * 1024 * 1024)
/* how long an upload may take to be kept once it is whole (on PostgreSQL, its chunks) */
#define SORI_ADMIN_MEDIA_DEADLINE_S 120
/* how long a publish may take to be kept (on PostgreSQL, its transaction) */
#define SORI_ADMIN_PUBLISH_DEADLINE_S 30
/* how long a publish may take with its remote media fetched first (sori-admin-fetch.c) */
#define SORI_ADMIN_PUBLISH_FETCH_DEADLINE_S                                                        \
	(SORI_ADMIN_FETCH_PUBLISH_S + SORI_ADMIN_PUBLISH_DEADLINE_S)
/* the largest catalogue, as JSON or CSV */
#define SORI_ADMIN_CATALOGUE_MAX (16 * 1024 * 1024)
/* the largest speech preview: a text of 8,000 characters, escaped */
#define SORI_ADMIN_SPEAK_MAX (64 * 1024)
/* the largest rollback request: {"revision": "…"} */
#define SORI_ADMIN_ROLLBACK_MAX 1024

#define SORI_TYPE_ADMIN (sori_admin_get_type())
G_DECLARE_FINAL_TYPE(SoriAdmin, sori_admin, SORI, ADMIN, GObject)

gchar *sori_admin_state_dir(const gchar *data_dir);
gchar *sori_admin_tokens_path(const gchar *data_dir);
SoriAdmin *sori_admin_new(SoriVenueStore *store, const gchar *data_dir, guint revisions_kept);
SoriAdmin *sori_admin_new_with_store(SoriVenueStore *venues, SoriStore *store);
void sori_admin_set_fleet(SoriAdmin *self, SoriFleet *fleet);
void sori_admin_set_trust_proxy(SoriAdmin *self, gboolean trust_proxy);
gboolean sori_admin_set_fetch_media_from(SoriAdmin *self, const gchar *const *hosts,
					 const gchar *ca_file, GError **error);
SoriAdminFetch *sori_admin_get_fetch(SoriAdmin *self);
void sori_admin_set_speech_service(SoriAdmin *self, SoriSpeechService *speech);
const gchar *sori_admin_sniff_media(const guint8 *data, gsize len);

/* authentication (sori-admin-auth.c), asked by the server before any handler */
const gchar *sori_admin_authorize(SoriAdmin *self, const SoriHttpRequest *request,
				  const SoriRouteMatch *match, SoriHttpResponse *response,
				  guint *delay_ms);

gboolean sori_admin_begin_upload(SoriAdmin *self, SoupServerMessage *msg, GError **error);

/* the handlers; their service is the SoriAdmin */
gboolean sori_admin_handle_catalogue(gpointer admin, const SoriHttpRequest *request,
				     const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_admin_handle_get_catalogue(gpointer admin, const SoriHttpRequest *request,
					 const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_admin_handle_put_catalogue(gpointer admin, const SoriHttpRequest *request,
					 const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_admin_handle_check(gpointer admin, const SoriHttpRequest *request,
				 const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_admin_handle_catalogue_csv(gpointer admin, const SoriHttpRequest *request,
					 const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_admin_handle_speak(gpointer admin, const SoriHttpRequest *request,
				 const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_admin_handle_token(gpointer admin, const SoriHttpRequest *request,
				 const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_admin_handle_usage(gpointer admin, const SoriHttpRequest *request,
				 const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_admin_handle_labels(gpointer admin, const SoriHttpRequest *request,
				  const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_admin_handle_marker_labels(gpointer admin, const SoriHttpRequest *request,
					 const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_admin_handle_delete_venue(gpointer admin, const SoriHttpRequest *request,
					const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_admin_handle_revisions(gpointer admin, const SoriHttpRequest *request,
				     const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_admin_handle_revision(gpointer admin, const SoriHttpRequest *request,
				    const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_admin_handle_rollback(gpointer admin, const SoriHttpRequest *request,
				    const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_admin_handle_beacons(gpointer admin, const SoriHttpRequest *request,
				   const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_admin_handle_put_media(gpointer admin, const SoriHttpRequest *request,
				     const SoriRouteMatch *match, SoriHttpResponse *response);
gboolean sori_admin_handle_get_media(gpointer admin, const SoriHttpRequest *request,
				     const SoriRouteMatch *match, SoriHttpResponse *response);

G_END_DECLS
