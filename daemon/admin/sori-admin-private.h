/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What the curators' API's three files (auth, publishing, media) share.
 */
#pragma once

#include "sori-admin.h"

G_BEGIN_DECLS

#include "sori-admin-fetch.h"

struct _SoriAdmin {
	GObject parent_instance;
	SoriVenueStore *venues;    /* what is served */
	SoriStore *store;          /* what is kept */
	SoriSpeechService *speech; /* nullable: pre-renders what goes live */
	SoriFleet *fleet;          /* nullable: the beacons heard */
	GHashTable *failures;      /* keyed hash of a client address → SoriAdminFailures */
	GHmac *client_key;         /* keys that hash: a client is never identifiable from it */
	gboolean trust_proxy;      /* the throttle keys X-Forwarded-For from a local proxy */
	SoriAdminFetch *fetch;     /* remote media, fetched at publish */
};

SoriVenueSnapshot *sori_admin_lookup_whole(SoriAdmin *self, const SoriHttpRequest *request,
					   const gchar *venue, SoriHttpResponse *response,
					   gboolean *waiting);
SoriVenueSnapshot *sori_admin_lookup_live(SoriAdmin *self, const SoriHttpRequest *request,
					  const gchar *venue, SoriHttpResponse *response);
gboolean sori_admin_refuse_loading(SoriAdmin *self, const SoriHttpRequest *request,
				   const gchar *venue, SoriHttpResponse *response);
void sori_admin_audit(SoriAdmin *self, const SoriHttpRequest *request, const gchar *venue,
		      const gchar *action, const gchar *revision);

/* sori-admin-media.c: the kinds uploads (and fetched media) may be */
gsize sori_admin_media_max_bytes(const gchar *mime_type);
const gchar *sori_admin_media_extension(const gchar *mime_type);

/* sori-admin-fetch-catalogue.c: a publish's remote media fetched first */
void sori_admin_fetch_add_problems(JsonBuilder *b, SoupServerMessage *msg);
void sori_admin_fetch_for_publish(SoriAdmin *admin, const gchar *venue, SoupServerMessage *msg,
				  GBytes **bytes, SoriCatalogue **catalogue, GPtrArray **problems,
				  GError **error);

/* sori-admin-diff.c: what a publish changes */
JsonNode *sori_admin_diff(SoriCatalogue *old, SoriCatalogue *new_);
void sori_admin_add_summary(JsonBuilder *b, SoriCatalogue *old, SoriCatalogue *new_);

G_END_DECLS
