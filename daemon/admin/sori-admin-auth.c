/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Curators' tokens: checked before any handler runs. Failed attempts are
 * counted per client under a keyed hash of its address, in memory only, and
 * from the sixth in a quarter of an hour answered ever more slowly.
 */

#define G_LOG_DOMAIN "sori-admin"

#include "config.h"

#include <string.h>

#include "sori-admin-private.h"
#include "sori-catalogue.h"

#define SORI_ADMIN_THROTTLE_FREE     5
#define SORI_ADMIN_THROTTLE_WINDOW_S (15 * 60)
#define SORI_ADMIN_THROTTLE_MAX_S    30
#define SORI_ADMIN_THROTTLE_CLIENTS  10000

typedef struct {
	guint count;
	gint64 first;
} SoriAdminFailures;

static gchar *
sori_admin_client_key(SoriAdmin *self, const SoriHttpRequest *request)
{
	g_autoptr(GHmac) hmac = g_hmac_copy(self->client_key);
	const gchar *host
		= request->msg != NULL ? soup_server_message_get_remote_host(request->msg) : NULL;

	/* behind the venue's TLS proxy every client comes from this machine: the
	 * proxy, and only the proxy, says who it is */
	if (self->trust_proxy && host != NULL
	    && (g_str_equal(host, "127.0.0.1") || g_str_equal(host, "::1"))) {
		const gchar *forwarded = soup_message_headers_get_one(
			soup_server_message_get_request_headers(request->msg), "X-Forwarded-For");
		const gchar *last = forwarded != NULL ? strrchr(forwarded, ',') : NULL;
		if (forwarded != NULL)
			host = last != NULL ? last + 1 : forwarded;
	}
	g_hmac_update(hmac, (const guchar *) (host != NULL ? host : "?"), -1);
	return g_strdup(g_hmac_get_string(hmac));
}

/* a failed attempt: the answer, and how long to hold it back */
static void
sori_admin_refuse(SoriAdmin *self, const SoriHttpRequest *request, SoriHttpResponse *response,
		  SoriProblem problem, const gchar *detail, guint *delay_ms)
{
	g_autofree gchar *key = sori_admin_client_key(self, request);
	gint64 now = g_get_monotonic_time() / G_USEC_PER_SEC;
	SoriAdminFailures *f = g_hash_table_lookup(self->failures, key);

	/* the table forgets old entries as it goes */
	if (g_hash_table_size(self->failures) > SORI_ADMIN_THROTTLE_CLIENTS)
		g_hash_table_remove_all(self->failures);
	if (f == NULL || now - f->first > SORI_ADMIN_THROTTLE_WINDOW_S) {
		f = g_new0(SoriAdminFailures, 1);
		f->first = now;
		g_hash_table_replace(self->failures, g_steal_pointer(&key), f);
	}
	f->count++;
	sori_http_response_fail(response, request, problem, "%s", detail);
	if (problem == SORI_PROBLEM_UNAUTHORIZED)
		response->www_authenticate = "Bearer realm=\"sori\"";
	if (f->count > SORI_ADMIN_THROTTLE_FREE)
		*delay_ms = 1000
			    * MIN(1u << MIN(f->count - SORI_ADMIN_THROTTLE_FREE - 1, 5u),
				  SORI_ADMIN_THROTTLE_MAX_S);
}

/**
 * sori_admin_authorize:
 * @request: a request for a route that needs a curator's token
 * @match: its captures; "venue" is the venue the token must cover (a
 *	route with no capture needs only a valid token)
 * @response: the refusal, when there is one
 * @delay_ms: (out): how long to hold a refusal back; 0 for at once
 *
 * Returns: (nullable): the token's name, or %NULL with @response set
 */
const gchar *
sori_admin_authorize(SoriAdmin *self, const SoriHttpRequest *request, const SoriRouteMatch *match,
		     SoriHttpResponse *response, guint *delay_ms)
{
	const gchar *venue = sori_route_match_get(match, "venue");
	g_autoptr(GError) error = NULL;
	const gchar *authorization = request->authorization;
	const gchar *name;
	gboolean allowed = FALSE;

	*delay_ms = 0;
	/* a route of no venue (the token itself) needs only a valid token */
	if (match->n_captures == 0) {
		venue = NULL;
	} else if (venue == NULL || !sori_catalogue_id_is_valid(venue)) {
		sori_http_response_fail(response, request, SORI_PROBLEM_UNKNOWN_ROUTE,
					"there is no such resource");
		return NULL;
	}
	if (!sori_store_reload_tokens(self->store, &error)) {
		g_warning("tokens: %s", error->message);
		sori_http_response_fail(response, request, SORI_PROBLEM_STORAGE_FAILED,
					"the tokens file cannot be read");
		return NULL;
	}
	if (authorization == NULL || !g_str_has_prefix(authorization, "Bearer ")) {
		sori_admin_refuse(
			self, request, response, SORI_PROBLEM_UNAUTHORIZED,
			"send a token: Authorization: Bearer <token> (sorictl token add makes one)",
			delay_ms);
		return NULL;
	}
	name = sori_store_verify_token(self->store, authorization + strlen("Bearer "), venue,
				       &allowed);
	if (name == NULL) {
		sori_admin_refuse(self, request, response, SORI_PROBLEM_UNAUTHORIZED,
				  "the token is not valid", delay_ms);
		return NULL;
	}
	if (!allowed) {
		sori_admin_refuse(self, request, response, SORI_PROBLEM_FORBIDDEN,
				  "the token may not change this venue", delay_ms);
		return NULL;
	}
	return name;
}

/**
 * sori_admin_handle_token:
 *
 * GET /v1/admin/token: the token's name and the venues served here that it
 * may change, for the console to offer.
 */
gboolean
sori_admin_handle_token(gpointer admin, const SoriHttpRequest *request, const SoriRouteMatch *match,
			SoriHttpResponse *response)
{
	SoriAdmin *self = admin;
	GPtrArray *snapshots = sori_venue_store_get_snapshots(self->venues);
	const gchar *token = request->authorization + strlen("Bearer ");
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "name");
	json_builder_add_string_value(b, request->curator);
	json_builder_set_member_name(b, "venues");
	json_builder_begin_array(b);
	for (guint i = 0; i < snapshots->len; i++) {
		SoriVenueSnapshot *snapshot = g_ptr_array_index(snapshots, i);
		const gchar *id = sori_catalogue_get_id(snapshot->catalogue);
		gboolean allowed = FALSE;
		if (sori_store_verify_token(self->store, token, id, &allowed) != NULL && allowed)
			json_builder_add_string_value(b, id);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	sori_http_response_set_json(response, 200, NULL, root);
	return TRUE;
}
