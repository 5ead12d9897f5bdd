/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The curators' API (routes under /v1/admin/ in daemon/server/sori-routes.c):
 * the object its handlers share. Authentication is in sori-admin-auth.c,
 * catalogues and revisions in sori-admin-publish.c, uploads in
 * sori-admin-media.c; what is kept, and where, is the SoriStore's business.
 */

#define G_LOG_DOMAIN "sori-admin"

#include "config.h"

#include "sori-admin-private.h"
#include "sori-store-files.h"

G_DEFINE_TYPE(SoriAdmin, sori_admin, G_TYPE_OBJECT)

static void
sori_admin_finalize(GObject *object)
{
	SoriAdmin *self = SORI_ADMIN(object);
	g_clear_object(&self->venues);
	g_clear_object(&self->store);
	g_clear_object(&self->speech);
	g_clear_object(&self->fleet);
	g_clear_object(&self->fetch);
	g_hash_table_unref(self->failures);
	g_hmac_unref(self->client_key);
	G_OBJECT_CLASS(sori_admin_parent_class)->finalize(object);
}

static void
sori_admin_class_init(SoriAdminClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = sori_admin_finalize;
}

static void
sori_admin_init(SoriAdmin *self)
{
	guint8 key[32];
	for (guint i = 0; i < sizeof(key); i++)
		key[i] = (guint8) g_random_int_range(0, 256);
	self->client_key = g_hmac_new(G_CHECKSUM_SHA256, key, sizeof(key));
	self->failures = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	self->fetch = sori_admin_fetch_new();
}

/**
 * sori_admin_state_dir:
 *
 * Returns: (transfer full): `<data-dir>/.sori`, where the files store keeps
 *	tokens, revisions and the audit log
 */
gchar *
sori_admin_state_dir(const gchar *data_dir)
{
	return sori_store_files_state_dir(data_dir);
}

/**
 * sori_admin_tokens_path:
 *
 * Returns: (transfer full): the files store's tokens file
 */
gchar *
sori_admin_tokens_path(const gchar *data_dir)
{
	return sori_store_files_tokens_path(data_dir);
}

/**
 * sori_admin_new_with_store:
 * @venues: what is served, reloaded when a change goes live
 * @store: what is kept
 *
 * Returns: (transfer full): the curators' API
 */
SoriAdmin *
sori_admin_new_with_store(SoriVenueStore *venues, SoriStore *store)
{
	SoriAdmin *self = g_object_new(SORI_TYPE_ADMIN, NULL);
	self->venues = g_object_ref(venues);
	self->store = g_object_ref(store);
	return self;
}

/**
 * sori_admin_new:
 * @data_dir: the venues' data directory, kept in by a files store
 * @revisions_kept: how many revisions of each venue it keeps
 *
 * Returns: (transfer full): the curators' API over the files store
 */
SoriAdmin *
sori_admin_new(SoriVenueStore *store, const gchar *data_dir, guint revisions_kept)
{
	g_autoptr(SoriStore) files = sori_store_files_new(data_dir, revisions_kept);
	return sori_admin_new_with_store(store, files);
}

/**
 * sori_admin_set_fleet:
 * @fleet: answers GET /v1/admin/venues/{v}/beacons
 */
void
sori_admin_set_fleet(SoriAdmin *self, SoriFleet *fleet)
{
	g_set_object(&self->fleet, fleet);
}

/**
 * sori_admin_set_speech_service:
 * @speech: (nullable): pre-renders the speech of each catalogue that goes live
 */
void
sori_admin_set_speech_service(SoriAdmin *self, SoriSpeechService *speech)
{
	g_set_object(&self->speech, speech);
}

/**
 * sori_admin_set_fetch_media_from:
 * @hosts: (nullable): `host:port` pairs a publish may fetch media from even
 *	when their address is not a global one (`[sorid] fetch-media-from`)
 * @ca_file: (nullable): certificates trusted for those hosts alone
 *
 * Returns: %FALSE when @ca_file cannot be read or a pair is malformed
 */
gboolean
sori_admin_set_fetch_media_from(SoriAdmin *self, const gchar *const *hosts, const gchar *ca_file,
				GError **error)
{
	return sori_admin_fetch_set_allowed(self->fetch, hosts, ca_file, error);
}

/**
 * sori_admin_get_fetch:
 *
 * Returns: (transfer none): what fetches a publish's remote media
 */
SoriAdminFetch *
sori_admin_get_fetch(SoriAdmin *self)
{
	return self->fetch;
}

/**
 * sori_admin_set_trust_proxy:
 * @trust_proxy: whether a connection from this machine is a TLS proxy whose
 *	X-Forwarded-For names the client (data/nginx/sori.conf sets it)
 */
void
sori_admin_set_trust_proxy(SoriAdmin *self, gboolean trust_proxy)
{
	self->trust_proxy = trust_proxy;
}

/* every change, in the audit log; a log that cannot be written is logged */
void
sori_admin_audit(SoriAdmin *self, const SoriHttpRequest *request, const gchar *venue,
		 const gchar *action, const gchar *revision)
{
	g_autoptr(GError) error = NULL;
	if (!sori_store_append_audit(self->store, request->curator, venue, action, revision,
				     &error))
		g_warning("the audit log: %s", error->message);
}

/**
 * sori_admin_handle_beacons:
 *
 * GET /v1/admin/venues/{venue}/beacons: the fleet's health.
 */
gboolean
sori_admin_handle_beacons(gpointer admin, const SoriHttpRequest *request,
			  const SoriRouteMatch *match, SoriHttpResponse *response)
{
	SoriAdmin *self = admin;
	const gchar *venue = sori_route_match_get(match, "venue");
	g_autoptr(JsonNode) report
		= self->fleet != NULL ? sori_fleet_report(self->fleet, venue) : NULL;

	if (report == NULL) {
		sori_http_response_fail(response, request, SORI_PROBLEM_UNKNOWN_VENUE,
					"sorid serves no venue '%s'", venue);
		return TRUE;
	}
	sori_http_response_set_json(response, 200, NULL, report);
	return TRUE;
}

/**
 * sori_admin_lookup_whole:
 * @venue: from the path
 * @waiting: (out): set, with @response set to venue-loading, when @venue is
 *	idle: its catalogue is read in a worker thread, and the server pauses
 *	the request until it is whole, then handles it again
 *
 * A curator's request never parses a catalogue on the main loop either: that
 * would make every visitor wait.
 *
 * Returns: (transfer none) (nullable): the venue as it is served now, its
 *	catalogue whole; %NULL when it is idle (@waiting) or not served
 */
SoriVenueSnapshot *
sori_admin_lookup_whole(SoriAdmin *self, const SoriHttpRequest *request, const gchar *venue,
			SoriHttpResponse *response, gboolean *waiting)
{
	gboolean reading = FALSE;
	SoriVenueSnapshot *live;

	*waiting = FALSE;
	/* a request without a message to pause (the tests' direct calls) */
	if (request->msg == NULL)
		return sori_venue_store_lookup(self->venues, venue);
	live = sori_venue_store_lookup_nowait(self->venues, venue, &reading);
	if (live == NULL && reading) {
		*waiting = TRUE;
		sori_http_response_fail(response, request, SORI_PROBLEM_VENUE_LOADING,
					"venue '%s' is being read; try again in a moment", venue);
	}
	return live;
}

/**
 * sori_admin_lookup_live:
 * @venue: from the path
 *
 * Returns: (transfer none) (nullable): the venue as it is served now, or
 *	%NULL with @response set to unknown-venue
 */
SoriVenueSnapshot *
sori_admin_lookup_live(SoriAdmin *self, const SoriHttpRequest *request, const gchar *venue,
		       SoriHttpResponse *response)
{
	gboolean waiting = FALSE;
	SoriVenueSnapshot *live = sori_admin_lookup_whole(self, request, venue, response, &waiting);
	if (live == NULL && !waiting && !sori_admin_refuse_loading(self, request, venue, response))
		sori_http_response_fail(response, request, SORI_PROBLEM_UNKNOWN_VENUE,
					"there is no venue '%s'", venue);
	return live;
}

/**
 * sori_admin_refuse_loading:
 * @venue: from the path
 *
 * A curator's change to a venue still being read at start-up waits for it:
 * it would otherwise race the catalogue being read.
 *
 * Returns: %TRUE, with @response set to venue-loading (and Retry-After), when
 *	@venue is still loading
 */
gboolean
sori_admin_refuse_loading(SoriAdmin *self, const SoriHttpRequest *request, const gchar *venue,
			  SoriHttpResponse *response)
{
	if (!sori_venue_store_is_loading(self->venues, venue))
		return FALSE;
	sori_http_response_fail(response, request, SORI_PROBLEM_VENUE_LOADING,
				"venue '%s' is still being loaded; try again in a moment", venue);
	return TRUE;
}
