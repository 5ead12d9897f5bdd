/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sorid's HTTP server: the listener, the dispatch of every request through
 * the route table (daemon/server/sori-routes.c), and libsoup, which answers
 * whatever the keep-alive fast path (sori-fast-path.c) leaves to it.
 *
 * No address of a client is read or kept: connections are handed to libsoup
 * without their remote address (the admin API's throttling keys a hash of
 * it, in memory only).
 *
 * libsoup 3.2 serves one request on a connection it is handed this way and
 * then closes it (its keep-alive needs connections it accepted itself), so
 * its answers say "Connection: close"; keep-alive is the fast path's.
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>

#include "sori-admin.h"
#include "sori-http-server-private.h"
#include "sori-log.h"
#include "sori-metrics.h"
#include "sori-socket.h"
#include "sori-webapp.h"

/* deadlines are kept to the second */
#define SORI_HTTP_SERVER_SWEEP_S 1

G_DEFINE_TYPE(SoriHttpServer, sori_http_server, G_TYPE_OBJECT)

/* ------------------------------------------------------------------------ */
/* the dispatch, for both front ends */

/**
 * sori_http_server_find_route:
 * @match: (out caller-allocates): zero-initialized
 *
 * Returns: (nullable): the route of @path, when its service is there
 */
const SoriRoute *
sori_http_server_find_route(SoriHttpServer *self, const gchar *path, SoriRouteMatch *match)
{
	const SoriRoute *route = sori_route_table_lookup(sori_routes_get_table(), path, match);
	if (route == NULL)
		return NULL;
	/* the speech service and the admin API are optional */
	if (route->service != SORI_ROUTE_SERVICE_NONE && self->services[route->service] == NULL) {
		sori_route_match_clear(match);
		return NULL;
	}
	return route;
}

/* the answer to a request for no route, or with a method the route has not */
static gboolean
sori_http_server_refuse(const SoriHttpRequest *request, const SoriRoute *route,
			SoriHttpResponse *response)
{
	if (route == NULL) {
		sori_http_response_fail(response, request, SORI_PROBLEM_UNKNOWN_ROUTE,
					"there is no such resource");
		return TRUE;
	}
	if (!sori_route_allows(route, request->method)) {
		response->allow = route->allow;
		sori_http_response_fail(response, request, SORI_PROBLEM_METHOD_NOT_ALLOWED,
					"%s is not allowed here: use %s", request->method,
					route->allow);
		return TRUE;
	}
	return FALSE;
}

/**
 * sori_http_server_dispatch:
 * @request: the request; its curator is set when its token is verified
 * @route: (nullable): from sori_http_server_find_route()
 * @response: (out caller-allocates): zero-initialized; the answer
 *
 * Answers a request as its route says: 404 without one, 405 for another
 * method, a CORS preflight, the curator's token checked, then the handler.
 *
 * Returns: %TRUE when @response is the answer; %FALSE when the handler (or a
 *	slowed-down refusal) paused @request->msg and answers it later
 */
gboolean
sori_http_server_dispatch(SoriHttpServer *self, SoriHttpRequest *request, const SoriRoute *route,
			  SoriRouteMatch *match, SoriHttpResponse *response)
{
	gpointer service;

	/* the idle venue an earlier request asked for is that request's business */
	g_free(sori_venue_store_steal_waiting(self->store));
	if (sori_http_server_refuse(request, route, response))
		return TRUE;
	response->cors = (route->flags & SORI_ROUTE_FLAG_PRIVATE) != 0 ? SORI_HTTP_CORS_NONE
								       : SORI_HTTP_CORS_PUBLIC;
	if (g_str_equal(request->method, "OPTIONS")) {
		response->status = 204;
		response->preflight = TRUE;
		response->allow = route->allow;
		response->preflight_headers = route->preflight_headers;
		return TRUE;
	}
	service = self->services[route->service];
	if ((route->flags & SORI_ROUTE_FLAG_TOKEN) != 0) {
		guint delay_ms = 0;
		request->curator
			= sori_admin_authorize(service, request, match, response, &delay_ms);
		if (request->curator == NULL) {
			if (delay_ms == 0 || request->msg == NULL)
				return TRUE;
			/* failed logins from one client are answered ever more slowly */
			sori_http_server_delay(request->msg, response, delay_ms);
			return FALSE;
		}
	}
	return route->handler(service, request, match, response);
}

/* ------------------------------------------------------------------------ */
/* metrics */

/* when a libsoup request's head came, and its route, for the metrics */
SoriHttpServerTiming *
sori_http_server_timing_get(SoupServerMessage *msg)
{
	static SoriHttpServerTiming none = { 0, G_MAXUINT, TRUE };
	SoriHttpServerTiming *timing = g_object_get_data(G_OBJECT(msg), "sori-timing");
	return timing != NULL ? timing : &none;
}

/* a libsoup request's answer counted, once */
void
sori_http_server_count(SoupServerMessage *msg, guint status)
{
	SoriHttpServerTiming *timing = sori_http_server_timing_get(msg);
	if (timing->counted)
		return;
	timing->counted = TRUE;
	sori_metrics_count_request(timing->route, status, timing->started);
}

/* at each scrape: the connections open and the venues, by state */
static void
sori_http_server_collect_cb(gpointer user_data)
{
	SoriHttpServer *self = SORI_HTTP_SERVER(user_data);
	g_autoptr(GPtrArray) loading = sori_venue_store_get_loading_ids(self->store);

	sori_metrics_set(SORI_METRIC_HTTP_CONNECTIONS_OPEN, 0, self->n_connections);
	sori_metrics_set(SORI_METRIC_VENUES, SORI_METRICS_VENUES_LOADED,
			 sori_venue_store_get_snapshots(self->store)->len);
	sori_metrics_set(SORI_METRIC_VENUES, SORI_METRICS_VENUES_FAILED,
			 sori_venue_store_get_failed_ids(self->store)->len);
	sori_metrics_set(SORI_METRIC_VENUES, SORI_METRICS_VENUES_LOADING, loading->len);
	{
		guint whole = 0;
		gsize bytes = sori_venue_store_get_parsed_bytes(self->store, &whole);
		sori_metrics_set(SORI_METRIC_VENUES_WHOLE, 0, whole);
		sori_metrics_set(SORI_METRIC_VENUES_WHOLE_BYTES, 0, bytes);
	}
}

/* ------------------------------------------------------------------------ */
/* libsoup: everything the fast path does not take */

typedef struct {
	SoupServerMessage *msg;
	SoriHttpResponse response;
} SoriHttpServerLater;

static void
sori_http_server_later_free(SoriHttpServerLater *later)
{
	sori_http_response_clear(&later->response);
	g_object_unref(later->msg);
	g_free(later);
}

static gboolean
sori_http_server_later_cb(gpointer user_data)
{
	SoriHttpServerLater *later = user_data;
	sori_route_finish(later->msg, &later->response);
	return G_SOURCE_REMOVE;
}

/* answers @msg with @response in @delay_ms; @response is emptied */
void
sori_http_server_delay(SoupServerMessage *msg, SoriHttpResponse *response, guint delay_ms)
{
	SoriHttpServerLater *later = g_new0(SoriHttpServerLater, 1);

	later->msg = g_object_ref(msg);
	later->response = *response;
	memset(response, 0, sizeof(*response));
	soup_server_message_pause(msg);
	/* milliseconds: second timeouts are rounded to whole seconds of the clock */
	g_timeout_add_full(G_PRIORITY_DEFAULT, delay_ms, sori_http_server_later_cb, later,
			   (GDestroyNotify) sori_http_server_later_free);
}

/**
 * sori_http_server_answer_late:
 *
 * A paused request not answered in time gets @problem; one answered
 * meanwhile is left as it is.
 *
 * Returns: %TRUE if it was answered now
 */
gboolean
sori_http_server_answer_late(SoupServerMessage *msg, SoriProblem problem, const gchar *detail)
{
	g_auto(SoriHttpResponse) response = { 0 };
	SoriHttpRequest request = { 0 };

	if (sori_route_is_finished(msg))
		return FALSE;
	request.path = g_uri_get_path(soup_server_message_get_uri(msg));
	sori_http_response_fail(&response, &request, problem, "%s", detail);
	sori_route_finish(msg, &response);
	return TRUE;
}

/* a paused handler that has not answered by its route's deadline */
static gboolean
sori_http_server_deadline_cb(gpointer user_data)
{
	SoupServerMessage *msg = user_data;

	if (sori_http_server_answer_late(msg, SORI_PROBLEM_SPEECH_UNAVAILABLE,
					 "the answer took too long; try again")) {
		sori_metrics_add(SORI_METRIC_HTTP_LATE_ANSWERS, 0, 1);
		g_message("%s: no answer by the route's deadline, answering 503",
			  g_uri_get_path(soup_server_message_get_uri(msg)));
	}
	return G_SOURCE_REMOVE;
}

/* a paused handler's answer is watched by its route's deadline */
void
sori_http_server_watch_paused(const SoriRoute *route, SoupServerMessage *msg)
{
	if (route != NULL && route->deadline_seconds > 0)
		g_timeout_add_seconds_full(G_PRIORITY_DEFAULT, route->deadline_seconds,
					   sori_http_server_deadline_cb, g_object_ref(msg),
					   g_object_unref);
}

static void
sori_http_server_soup_handler_cb(SoupServer *soup, SoupServerMessage *msg, const char *path,
				 GHashTable *query, gpointer user_data)
{
	SoriHttpServer *self = SORI_HTTP_SERVER(user_data);
	SoriHttpRequest request;
	g_auto(SoriHttpResponse) response = { 0 };
	g_auto(SoriRouteMatch) match = { 0 };
	g_autofree gchar *venue = NULL;
	const SoriRoute *route;

	sori_http_request_init_from_message(&request, msg);
	route = sori_http_server_find_route(self, request.path, &match);
	if (!sori_http_server_dispatch(self, &request, route, &match, &response)) {
		sori_http_server_watch_paused(route, msg);
		return;
	}
	/* an idle venue, read in a worker thread: the request waits for it, paused */
	venue = sori_venue_store_steal_waiting(self->store);
	if (venue != NULL && sori_http_server_wait_venue(self, msg, venue, 0))
		return;
	sori_http_response_send(&response, msg);
	if (sori_log_get_debug())
		g_debug("%s %s %u", request.method, request.path, response.status);
}

/* checks what can be checked before a body is read: route, method, size, token */
static void
sori_http_server_got_headers_cb(SoupServerMessage *msg, gpointer user_data)
{
	SoriHttpServer *self = SORI_HTTP_SERVER(user_data);
	SoupMessageHeaders *headers = soup_server_message_get_request_headers(msg);
	SoupEncoding encoding = soup_message_headers_get_encoding(headers);
	SoriHttpRequest request;
	g_auto(SoriHttpResponse) response = { 0 };
	g_auto(SoriRouteMatch) match = { 0 };
	const SoriRoute *route;
	goffset length = 0;
	guint delay_ms = 0;

	/* a request is in flight once its head has arrived; an idle keep-alive
	 * connection waiting for its next request is not */
	g_object_set_data(G_OBJECT(msg), "sori-in-flight", GINT_TO_POINTER(1));
	self->n_soup_in_flight++;

	sori_http_request_init_from_message(&request, msg);
	route = sori_http_server_find_route(self, request.path, &match);
	sori_http_server_timing_get(msg)->route = sori_routes_get_index(route);
	if (sori_http_server_refuse(&request, route, &response)) {
		sori_http_server_refuse_unread(self, msg, &response, 0);
		return;
	}
	/* bodies are read whole into memory: refuse large ones before reading them */
	if (encoding == SOUP_ENCODING_CONTENT_LENGTH)
		length = soup_message_headers_get_content_length(headers);
	if ((encoding != SOUP_ENCODING_NONE && encoding != SOUP_ENCODING_CONTENT_LENGTH)
	    || length < 0 || (guint64) length > route->max_body) {
		sori_http_response_fail(
			&response, &request, SORI_PROBLEM_BODY_TOO_LARGE,
			encoding == SOUP_ENCODING_CONTENT_LENGTH
				? "the body is over %" G_GSIZE_FORMAT " bytes"
				: "send a Content-Length of at most %" G_GSIZE_FORMAT " bytes",
			route->max_body);
		sori_metrics_add(SORI_METRIC_HTTP_BODIES_REFUSED, SORI_METRICS_BODY_TOO_LARGE, 1);
		sori_http_server_refuse_unread(self, msg, &response, 0);
		return;
	}
	/* every request libsoup reads: its body, then its answer, are watched */
	sori_http_server_watch_body(self, msg);
	/* whether a request may do what it asks is decided from its head: nobody
	 * without a token gets a body byte read (refusals slowed down as ever) */
	if ((route->flags & SORI_ROUTE_FLAG_TOKEN) != 0 && encoding != SOUP_ENCODING_NONE
	    && sori_admin_authorize(self->services[route->service], &request, &match, &response,
				    &delay_ms)
		       == NULL) {
		sori_metrics_add(SORI_METRIC_HTTP_BODIES_REFUSED, SORI_METRICS_BODY_NO_TOKEN, 1);
		sori_http_server_refuse_unread(self, msg, &response, delay_ms);
		return;
	}
	/* an upload goes to a file as it comes */
	if ((route->flags & SORI_ROUTE_FLAG_UPLOAD) != 0 && encoding != SOUP_ENCODING_NONE) {
		g_autoptr(GError) error = NULL;
		if (!sori_admin_begin_upload(self->services[route->service], msg, &error)) {
			sori_http_response_set_error(&response, &request, error);
			sori_metrics_add(SORI_METRIC_HTTP_BODIES_REFUSED, SORI_METRICS_BODY_UPLOAD,
					 1);
			sori_http_server_refuse_unread(self, msg, &response, 0);
		}
	}
}

static void
sori_http_server_request_started_cb(SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
	SoriHttpServerTiming *timing = g_new0(SoriHttpServerTiming, 1);

	timing->started = g_get_monotonic_time();
	timing->route = G_MAXUINT;
	g_object_set_data_full(G_OBJECT(msg), "sori-timing", timing, g_free);
	g_signal_connect(msg, "got-headers", G_CALLBACK(sori_http_server_got_headers_cb),
			 user_data);
}

static void
sori_http_server_request_done_cb(SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
	SoriHttpServer *self = SORI_HTTP_SERVER(user_data);
	if (g_object_get_data(G_OBJECT(msg), "sori-in-flight") == NULL)
		return;
	g_object_set_data(G_OBJECT(msg), "sori-in-flight", NULL);
	self->n_soup_in_flight--;
	sori_http_server_check_shutdown(self);
}

/* a request libsoup answered, counted in the metrics with its route and latency */
static void
sori_http_server_request_finished_cb(SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
	sori_http_server_count(msg, soup_server_message_get_status(msg));
	sori_http_server_request_done_cb(soup, msg, user_data);
}

static gboolean
sori_http_server_sweep_idle_cb(gpointer user_data)
{
	SoriHttpServer *self = SORI_HTTP_SERVER(user_data);
	gint64 now = sori_fast_conn_now();
	g_autoptr(GPtrArray) idle = g_ptr_array_new();
	GHashTableIter iter;
	gpointer key;

	g_hash_table_iter_init(&iter, self->fast_conns);
	while (g_hash_table_iter_next(&iter, &key, NULL)) {
		guint deadline = 0;
		if (sori_fast_conn_is_expired(key, now, &deadline)) {
			g_ptr_array_add(idle, key);
			sori_metrics_add(SORI_METRIC_HTTP_CONNECTIONS_CLOSED, deadline, 1);
		}
	}
	for (guint i = 0; i < idle->len; i++)
		sori_fast_conn_close(g_ptr_array_index(idle, i));
	return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------------ */
/* accepting */

static gboolean
sori_http_server_accept_cb(GSocket *listen_socket, GIOCondition condition, gpointer user_data)
{
	SoriHttpServer *self = SORI_HTTP_SERVER(user_data);

	/* accept what is waiting, a bounded number per wake-up */
	for (guint i = 0; i < 64; i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(GSocket) socket = g_socket_accept(listen_socket, NULL, &error);
		if (socket == NULL) {
			if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
				g_debug("accepting a connection failed: %s", error->message);
			break;
		}
		if (self->n_connections >= self->max_connections
		    && !sori_http_server_make_room(self)) {
			g_debug("connection limit of %u reached, every one busy answering; "
				"refusing a connection",
				self->max_connections);
			sori_metrics_add(SORI_METRIC_HTTP_CONNECTIONS_REFUSED, 0, 1);
			g_socket_close(socket, NULL);
			continue;
		}
		g_socket_set_option(socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
		self->n_connections++;
		sori_metrics_add(SORI_METRIC_HTTP_CONNECTIONS_ACCEPTED, 0, 1);
		if (self->fast_path)
			sori_fast_conn_new(self, socket);
		else
			sori_http_server_hand_to_soup(self, socket);
	}
	return G_SOURCE_CONTINUE;
}

/**
 * sori_http_server_listen:
 * @address: an IPv4 or IPv6 address to listen on
 * @port: the TCP port, or 0 for any free one (see sori_http_server_get_port())
 *
 * Returns: %TRUE if the server is listening
 */
gboolean
sori_http_server_listen(SoriHttpServer *self, const gchar *address, guint16 port, GError **error)
{
	g_autoptr(GSocket) socket = NULL;

	g_return_val_if_fail(SORI_IS_HTTP_SERVER(self), FALSE);
	g_return_val_if_fail(self->listen_socket == NULL, FALSE);

	/* sori_http_server_accept_cb() takes connections until the queue is empty */
	socket = sori_socket_listen(address, port, 511, &self->port, error);
	if (socket == NULL)
		return FALSE;
	self->accept_source = g_socket_create_source(socket, G_IO_IN, NULL);
	g_source_set_callback(self->accept_source, G_SOURCE_FUNC(sori_http_server_accept_cb), self,
			      NULL);
	g_source_attach(self->accept_source, NULL);
	self->listen_socket = g_steal_pointer(&socket);
	return TRUE;
}

guint16
sori_http_server_get_port(SoriHttpServer *self)
{
	return self->port;
}

/**
 * sori_http_server_get_soup_server:
 *
 * Returns: (transfer none): the libsoup server, for further handlers
 */
SoupServer *
sori_http_server_get_soup_server(SoriHttpServer *self)
{
	return self->soup;
}

void
sori_http_server_set_idle_timeout(SoriHttpServer *self, guint seconds)
{
	self->idle_timeout = seconds;
}

void
sori_http_server_set_max_connections(SoriHttpServer *self, guint max_connections)
{
	self->max_connections = max_connections;
}

/**
 * sori_http_server_set_deadlines:
 * @head_timeout: seconds from a request head's first byte to its last
 * @send_timeout: seconds a client may take nothing of an answer
 * @body_min_rate: bytes a second a request body must come at, on average,
 *	after its first SORI_HTTP_SERVER_BODY_GRACE_S seconds
 */
void
sori_http_server_set_deadlines(SoriHttpServer *self, guint head_timeout, guint send_timeout,
			       guint body_min_rate)
{
	self->head_timeout = head_timeout;
	self->send_timeout = send_timeout;
	self->body_min_rate = body_min_rate;
}

static void
sori_http_server_set_service(SoriHttpServer *self, SoriRouteService service, gpointer object)
{
	if (object != NULL)
		g_object_ref(object);
	g_clear_object(&self->services[service]);
	self->services[service] = object;
}

/**
 * sori_http_server_set_admin:
 * @admin: (nullable): answers the curators' routes and serves their uploads
 */
void
sori_http_server_set_admin(SoriHttpServer *self, SoriAdmin *admin)
{
	sori_http_server_set_service(self, SORI_ROUTE_SERVICE_ADMIN, admin);
}

/**
 * sori_http_server_set_speech_service:
 * @speech: (nullable): answers the audio, captions and media routes
 */
void
sori_http_server_set_speech_service(SoriHttpServer *self, SoriSpeechService *speech)
{
	sori_http_server_set_service(self, SORI_ROUTE_SERVICE_SPEECH, speech);
}

/**
 * sori_http_server_set_fast_path:
 * @enabled: %FALSE to let libsoup answer every request
 */
void
sori_http_server_set_fast_path(SoriHttpServer *self, gboolean enabled)
{
	self->fast_path = enabled;
}

/* ------------------------------------------------------------------------ */
/* shutting down: stop accepting, finish what is in flight */

/* a copy of the set, to close connections while walking it */
static GPtrArray *
sori_http_server_snapshot_fast_conns(SoriHttpServer *self)
{
	GPtrArray *conns = g_ptr_array_new();
	GHashTableIter iter;
	gpointer key;
	g_hash_table_iter_init(&iter, self->fast_conns);
	while (g_hash_table_iter_next(&iter, &key, NULL))
		g_ptr_array_add(conns, key);
	return conns;
}

static void
sori_http_server_finish_shutdown(SoriHttpServer *self)
{
	g_autoptr(GTask) task = g_steal_pointer(&self->shutdown_task);
	g_autoptr(GPtrArray) conns = sori_http_server_snapshot_fast_conns(self);

	g_clear_handle_id(&self->shutdown_timeout_id, g_source_remove);
	for (guint i = 0; i < conns->len; i++)
		sori_fast_conn_close(g_ptr_array_index(conns, i));
	soup_server_disconnect(self->soup);
	g_task_return_boolean(task, TRUE);
}

void
sori_http_server_check_shutdown(SoriHttpServer *self)
{
	if (self->shutdown_task == NULL)
		return;
	if (self->n_soup_in_flight > 0 || g_hash_table_size(self->fast_conns) > 0)
		return;
	sori_http_server_finish_shutdown(self);
}

static gboolean
sori_http_server_shutdown_timeout_cb(gpointer user_data)
{
	SoriHttpServer *self = SORI_HTTP_SERVER(user_data);
	self->shutdown_timeout_id = 0;
	g_warning("%u requests still in flight after the shutdown timeout, closing them",
		  self->n_soup_in_flight + g_hash_table_size(self->fast_conns));
	sori_http_server_finish_shutdown(self);
	return G_SOURCE_REMOVE;
}

/**
 * sori_http_server_shutdown_async:
 * @timeout_seconds: how long requests in flight get to finish
 *
 * Stops accepting connections at once, closes idle ones, lets the requests
 * in flight finish (up to @timeout_seconds), then closes everything.
 */
void
sori_http_server_shutdown_async(SoriHttpServer *self, guint timeout_seconds,
				GCancellable *cancellable, GAsyncReadyCallback callback,
				gpointer user_data)
{
	g_autoptr(GTask) task = g_task_new(self, cancellable, callback, user_data);
	g_autoptr(GPtrArray) conns = NULL;

	g_return_if_fail(SORI_IS_HTTP_SERVER(self));
	g_task_set_source_tag(task, sori_http_server_shutdown_async);
	if (self->shutdown_task != NULL) {
		g_task_return_new_error(task, G_IO_ERROR, G_IO_ERROR_PENDING,
					"already shutting down");
		return;
	}
	self->shutdown_task = g_steal_pointer(&task);
	if (self->accept_source != NULL) {
		g_source_destroy(self->accept_source);
		g_clear_pointer(&self->accept_source, g_source_unref);
	}
	if (self->listen_socket != NULL)
		g_socket_close(self->listen_socket, NULL);
	g_clear_handle_id(&self->sweep_id, g_source_remove);

	/* idle fast-path connections close now; busy ones after their response */
	conns = sori_http_server_snapshot_fast_conns(self);
	for (guint i = 0; i < conns->len; i++) {
		SoriFastConn *conn = g_ptr_array_index(conns, i);
		if (!sori_fast_conn_close_when_sent(conn))
			sori_fast_conn_close(conn);
	}
	if (self->shutdown_task == NULL)
		return; /* that closed the last one */
	self->shutdown_timeout_id = g_timeout_add_seconds(
		timeout_seconds, sori_http_server_shutdown_timeout_cb, self);
	sori_http_server_check_shutdown(self);
}

gboolean
sori_http_server_shutdown_finish(SoriHttpServer *self, GAsyncResult *result, GError **error)
{
	g_return_val_if_fail(g_task_is_valid(result, self), FALSE);
	return g_task_propagate_boolean(G_TASK(result), error);
}

/* ------------------------------------------------------------------------ */

static void
sori_http_server_dispose(GObject *object)
{
	SoriHttpServer *self = SORI_HTTP_SERVER(object);

	sori_http_server_forget_soup_conns(self);
	if (self->metrics_collector != 0) {
		sori_metrics_remove_collector(self->metrics_collector);
		self->metrics_collector = 0;
	}

	if (self->accept_source != NULL) {
		g_source_destroy(self->accept_source);
		g_clear_pointer(&self->accept_source, g_source_unref);
	}
	g_clear_handle_id(&self->sweep_id, g_source_remove);
	g_clear_handle_id(&self->shutdown_timeout_id, g_source_remove);
	if (self->fast_conns != NULL)
		g_hash_table_remove_all(self->fast_conns);
	if (self->soup != NULL) {
		g_signal_handlers_disconnect_by_data(self->soup, self);
		soup_server_disconnect(self->soup);
	}
	g_clear_object(&self->soup);
	for (guint i = 0; i < SORI_ROUTE_SERVICE_LAST; i++)
		g_clear_object(&self->services[i]);
	g_clear_object(&self->listen_socket);
	g_clear_object(&self->store);
	G_OBJECT_CLASS(sori_http_server_parent_class)->dispose(object);
}

static void
sori_http_server_finalize(GObject *object)
{
	SoriHttpServer *self = SORI_HTTP_SERVER(object);
	g_clear_pointer(&self->fast_conns, g_hash_table_unref);
	g_clear_pointer(&self->soup_conns, g_hash_table_unref);
	G_OBJECT_CLASS(sori_http_server_parent_class)->finalize(object);
}

static void
sori_http_server_class_init(SoriHttpServerClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	object_class->dispose = sori_http_server_dispose;
	object_class->finalize = sori_http_server_finalize;
}

static void
sori_http_server_init(SoriHttpServer *self)
{
	self->idle_timeout = 60;
	self->head_timeout = 10;
	self->send_timeout = 30;
	self->body_min_rate = 4096;
	self->max_connections = 4096;
	self->soup_conns = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, NULL);
	self->fast_path = TRUE;
	self->fast_conns = g_hash_table_new_full(g_direct_hash, g_direct_equal,
						 (GDestroyNotify) sori_fast_conn_free, NULL);
}

/**
 * sori_http_server_new:
 * @store: the venues to serve
 *
 * Returns: (transfer full): a server; call sori_http_server_listen()
 */
SoriHttpServer *
sori_http_server_new(SoriVenueStore *store)
{
	SoriHttpServer *self = g_object_new(SORI_TYPE_HTTP_SERVER, NULL);

	self->store = g_object_ref(store);
	sori_http_server_set_service(self, SORI_ROUTE_SERVICE_VENUES, store);
	/* the app's files are compressed once, here, not in a visitor's request */
	sori_webapp_init();
	self->soup = soup_server_new(NULL, NULL);
	soup_server_add_handler(self->soup, NULL, sori_http_server_soup_handler_cb, self, NULL);
	g_signal_connect(self->soup, "request-started",
			 G_CALLBACK(sori_http_server_request_started_cb), self);
	g_signal_connect(self->soup, "request-finished",
			 G_CALLBACK(sori_http_server_request_finished_cb), self);
	g_signal_connect(self->soup, "request-aborted",
			 G_CALLBACK(sori_http_server_request_done_cb), self);
	self->sweep_id = g_timeout_add_seconds(SORI_HTTP_SERVER_SWEEP_S,
					       sori_http_server_sweep_idle_cb, self);
	/* the route table made now, so that the metrics have every route from the start */
	sori_routes_get_table();
	self->metrics_collector = sori_metrics_add_collector(sori_http_server_collect_cb, self);
	return self;
}
