/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * libsoup's requests for an idle venue wait, paused, while its catalogue is
 * read in a worker thread (sori-venue-store-wait.c), then are handled again
 * and answered; the main loop answers everyone else meanwhile. The fast
 * path hands such a request to libsoup, which can pause it.
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include "sori-http-server-private.h"
#include "sori-log.h"

/* the longest a request waits for its venue's read before 503 venue-loading */
#define SORI_HTTP_SERVER_VENUE_WAIT_S 10
/* a venue gone idle again before its waiting request was answered: waited for again, so often */
#define SORI_HTTP_SERVER_VENUE_WAIT_ROUNDS 3

typedef struct {
	SoriHttpServer *server;
	SoupServerMessage *msg;
	guint rounds;
} SoriHttpServerWait;

static void
sori_http_server_wait_free(SoriHttpServerWait *wait)
{
	g_object_unref(wait->server);
	g_object_unref(wait->msg);
	g_free(wait);
}

/* the venue's read is done: the request is handled again, and answered */
static void
sori_http_server_venue_ready_cb(gpointer user_data)
{
	SoriHttpServerWait *wait = user_data;
	SoriHttpServer *self = wait->server;
	SoriHttpRequest request;
	g_auto(SoriHttpResponse) response = { 0 };
	g_auto(SoriRouteMatch) match = { 0 };
	g_autofree gchar *venue = NULL;
	const SoriRoute *route;

	if (sori_route_is_finished(wait->msg))
		return;
	sori_http_request_init_from_message(&request, wait->msg);
	route = sori_http_server_find_route(self, request.path, &match);
	if (!sori_http_server_dispatch(self, &request, route, &match, &response)) {
		sori_http_server_watch_paused(route, wait->msg);
		return;
	}
	venue = sori_venue_store_steal_waiting(self->store);
	if (venue != NULL && sori_http_server_wait_venue(self, wait->msg, venue, wait->rounds + 1))
		return;
	sori_route_finish(wait->msg, &response);
	if (sori_log_get_debug())
		g_debug("%s %s %u (after its venue's read)", request.method, request.path,
			response.status);
}

/* a request still waiting for its venue: 503 venue-loading, to try again */
static gboolean
sori_http_server_venue_late_cb(gpointer user_data)
{
	sori_http_server_answer_late(user_data, SORI_PROBLEM_VENUE_LOADING,
				     "the venue is still being read; try again in a moment");
	return G_SOURCE_REMOVE;
}

/* @msg paused until @venue's read is done; %FALSE: answer it now (503
 * venue-loading), too many wait or it was waited for often enough */
gboolean
sori_http_server_wait_venue(SoriHttpServer *self, SoupServerMessage *msg, const gchar *venue,
			    guint rounds)
{
	SoriHttpServerWait *wait;

	if (rounds >= SORI_HTTP_SERVER_VENUE_WAIT_ROUNDS)
		return FALSE;
	wait = g_new0(SoriHttpServerWait, 1);
	wait->server = g_object_ref(self);
	wait->msg = g_object_ref(msg);
	wait->rounds = rounds;
	if (!sori_venue_store_wait(self->store, venue, sori_http_server_venue_ready_cb, wait,
				   (GDestroyNotify) sori_http_server_wait_free)) {
		sori_http_server_wait_free(wait);
		return FALSE;
	}
	if (rounds == 0) {
		soup_server_message_pause(msg);
		g_timeout_add_seconds_full(G_PRIORITY_DEFAULT, SORI_HTTP_SERVER_VENUE_WAIT_S,
					   sori_http_server_venue_late_cb, g_object_ref(msg),
					   g_object_unref);
	}
	return TRUE;
}
