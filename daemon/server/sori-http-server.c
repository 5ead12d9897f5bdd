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
#include "sori-webapp.h"

/* deadlines are kept to the second */
#define SORI_HTTP_SERVER_SWEEP_S 1

G_DEFINE_TYPE(SoriHttpServer, sori_http_server, G_TYPE_OBJECT)

/* a connection handed to libsoup, until libsoup lets go of it */
typedef struct {
	SoriHttpServer *server;
	GSocket *socket;      /* borrowed from the connection */
	gconstpointer remote; /* the address libsoup was handed: how its messages name it */
	gint64 handed;        /* monotonic seconds */
	gboolean closed;      /* closed by sorid to make room; already uncounted */
	gboolean asked;       /* its request is in (head and body): it waits for its answer */
} SoriSoupConn;

/*
 * The connection a libsoup message came on. libsoup 3.2 has no socket for a
 * connection it was handed as a stream, but keeps the remote address object
 * it was handed with it.
 */
static GObject *
sori_http_server_find_connection(SoriHttpServer *self, SoupServerMessage *msg, GSocket **socket)
{
	GSocketAddress *remote = soup_server_message_get_remote_address(msg);
	GHashTableIter iter;
	gpointer key;
	gpointer value;

	g_hash_table_iter_init(&iter, self->soup_conns);
	while (remote != NULL && g_hash_table_iter_next(&iter, &key, &value)) {
		SoriSoupConn *conn = value;
		if (conn->remote == (gconstpointer) remote && !conn->closed) {
			*socket = conn->socket;
			return key;
		}
	}
	*socket = NULL;
	return NULL;
}

static void
sori_http_server_connection_closed_cb(gpointer data, GObject *where_the_object_was)
{
	SoriSoupConn *conn = data;
	SoriHttpServer *self = conn->server;

	g_debug("libsoup let go of a connection");
	if (!conn->closed)
		self->n_connections--;
	if (self->soup_conns != NULL)
		g_hash_table_remove(self->soup_conns, where_the_object_was);
	g_free(conn);
}

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

/* a paused handler that has not answered by its route's deadline */
static gboolean
sori_http_server_deadline_cb(gpointer user_data)
{
	SoupServerMessage *msg = user_data;
	g_auto(SoriHttpResponse) response = { 0 };
	SoriHttpRequest request = { 0 };

	if (sori_route_is_finished(msg))
		return G_SOURCE_REMOVE;
	request.path = g_uri_get_path(soup_server_message_get_uri(msg));
	sori_http_response_fail(&response, &request, SORI_PROBLEM_SPEECH_UNAVAILABLE,
				"the answer took too long; try again");
	g_message("%s: no answer by the route's deadline, answering 503", request.path);
	sori_route_finish(msg, &response);
	return G_SOURCE_REMOVE;
}

static void
sori_http_server_soup_handler_cb(SoupServer *soup, SoupServerMessage *msg, const char *path,
				 GHashTable *query, gpointer user_data)
{
	SoriHttpServer *self = SORI_HTTP_SERVER(user_data);
	SoriHttpRequest request;
	g_auto(SoriHttpResponse) response = { 0 };
	g_auto(SoriRouteMatch) match = { 0 };
	const SoriRoute *route;

	sori_http_request_init_from_message(&request, msg);
	route = sori_http_server_find_route(self, request.path, &match);
	if (!sori_http_server_dispatch(self, &request, route, &match, &response)) {
		if (route != NULL && route->deadline_seconds > 0)
			g_timeout_add_seconds_full(G_PRIORITY_DEFAULT, route->deadline_seconds,
						   sori_http_server_deadline_cb, g_object_ref(msg),
						   g_object_unref);
		return;
	}
	sori_http_response_send(&response, msg);
	g_debug("%s %s %u", request.method, request.path, response.status);
}

/* seconds a request body may take before its rate is held to body-min-rate */
#define SORI_HTTP_SERVER_BODY_GRACE_S 10

/* a request as libsoup reads its body and writes its answer, and how fast */
typedef struct {
	GWeakRef server; /* a message may outlive the server */
	GWeakRef msg;
	gint64 started; /* monotonic seconds */
	guint64 received;
	gboolean body_done;   /* the body is in: the handler has it */
	gboolean answering;   /* the answer's head is written: its body is being written */
	gint64 last_progress; /* monotonic seconds: the last byte of the answer taken */
	guint timeout_id;
} SoriBodyWatch;

static void
sori_body_watch_free(SoriBodyWatch *watch)
{
	g_clear_handle_id(&watch->timeout_id, g_source_remove);
	g_weak_ref_clear(&watch->msg);
	g_weak_ref_clear(&watch->server);
	g_free(watch);
}

static void
sori_http_server_got_chunk_cb(SoupServerMessage *msg, GBytes *chunk, gpointer user_data)
{
	SoriBodyWatch *watch = user_data;
	watch->received += g_bytes_get_size(chunk);
}

static void
sori_http_server_wrote_body_data_cb(SoupServerMessage *msg, guint chunk_size, gpointer user_data)
{
	SoriBodyWatch *watch = user_data;
	watch->last_progress = sori_fast_conn_now();
}

/* a body slower than body-min-rate, or an answer of which nothing was taken
 * for send-timeout, closes its connection: a deadline on what a client can
 * stall, as on the fast path */
static gboolean
sori_http_server_body_watch_cb(gpointer user_data)
{
	SoriBodyWatch *watch = user_data;
	g_autoptr(SoupServerMessage) msg = g_weak_ref_get(&watch->msg);
	g_autoptr(SoriHttpServer) server = g_weak_ref_get(&watch->server);
	gint64 now = sori_fast_conn_now();
	gint64 elapsed = now - watch->started;
	GSocket *socket;

	if (msg == NULL || server == NULL)
		return G_SOURCE_CONTINUE; /* freed with the message's data */
	if (watch->body_done && !watch->answering)
		return G_SOURCE_CONTINUE; /* the handler's: a paused one has its route's deadline */
	if (watch->answering) {
		if (now - watch->last_progress < server->send_timeout)
			return G_SOURCE_CONTINUE;
		g_message("an answer was not taken for %u s: closing its connection",
			  server->send_timeout);
	} else {
		if (elapsed <= SORI_HTTP_SERVER_BODY_GRACE_S
		    || watch->received >= (guint64) (elapsed - SORI_HTTP_SERVER_BODY_GRACE_S)
						  * server->body_min_rate)
			return G_SOURCE_CONTINUE;
		g_message("a request body came at %" G_GUINT64_FORMAT " bytes in %" G_GINT64_FORMAT
			  " s, below body-min-rate: closing its connection",
			  watch->received, elapsed);
	}
	sori_http_server_find_connection(server, msg, &socket);
	if (socket != NULL)
		g_socket_shutdown(socket, TRUE, TRUE, NULL);
	watch->timeout_id = 0;
	return G_SOURCE_REMOVE;
}

static void
sori_http_server_watch_body(SoriHttpServer *self, SoupServerMessage *msg)
{
	SoriBodyWatch *watch = g_new0(SoriBodyWatch, 1);

	g_weak_ref_init(&watch->server, self);
	g_weak_ref_init(&watch->msg, msg);
	watch->started = sori_fast_conn_now();
	watch->last_progress = watch->started;
	g_signal_connect(msg, "got-chunk", G_CALLBACK(sori_http_server_got_chunk_cb), watch);
	g_signal_connect(msg, "wrote-body-data", G_CALLBACK(sori_http_server_wrote_body_data_cb),
			 watch);
	watch->timeout_id = g_timeout_add_seconds(1, sori_http_server_body_watch_cb, watch);
	/* the watch goes with the message */
	g_object_set_data_full(G_OBJECT(msg), "sori-body-watch", watch,
			       (GDestroyNotify) sori_body_watch_free);
}

static void
sori_http_server_got_body_cb(SoupServerMessage *msg, gpointer user_data)
{
	SoriHttpServer *self = SORI_HTTP_SERVER(user_data);
	SoriBodyWatch *watch = g_object_get_data(G_OBJECT(msg), "sori-body-watch");
	GSocket *socket = NULL;
	GObject *connection = sori_http_server_find_connection(self, msg, &socket);

	if (watch != NULL)
		watch->body_done = TRUE;
	if (connection != NULL)
		((SoriSoupConn *) g_hash_table_lookup(self->soup_conns, connection))->asked = TRUE;
}

static void
sori_http_server_wrote_headers_cb(SoupServerMessage *msg, gpointer user_data)
{
	SoriBodyWatch *watch = g_object_get_data(G_OBJECT(msg), "sori-body-watch");
	/* from here on, the answer's pace is watched */
	if (watch != NULL) {
		watch->answering = TRUE;
		watch->last_progress = sori_fast_conn_now();
	}
}

/* an answer given from a request's head alone, on a connection taken from libsoup */
typedef struct {
	SoriHttpServer *server; /* set while the answer is held back */
	GIOStream *stream;
	GSocket *socket;     /* under @stream, which libsoup may have wrapped */
	GObject *connection; /* the one handed to libsoup: its dispose would close @socket */
	GBytes *wire;
	GCancellable *linger; /* cancelled when lingering has gone on long enough */
	guint linger_id;
	guint64 discarded;
	guint8 sink[16384];
} SoriUnreadAnswer;

/* after the answer, what the client still sends is read and dropped for a
 * while, as nginx's lingering close does, so that a client sending its body
 * reads the answer instead of a reset; never more than this */
#define SORI_HTTP_SERVER_LINGER_S 5
/* refusals held back at once (failed logins slowed down) */
#define SORI_HTTP_SERVER_MAX_DELAYED 256
#define SORI_HTTP_SERVER_LINGER_MAX  (64 * 1024 * 1024)

static void
sori_unread_answer_free(SoriUnreadAnswer *answer)
{
	g_clear_handle_id(&answer->linger_id, g_source_remove);
	g_clear_object(&answer->linger);
	g_clear_object(&answer->stream);
	g_clear_object(&answer->socket);
	g_clear_object(&answer->connection);
	g_clear_pointer(&answer->wire, g_bytes_unref);
	g_free(answer);
}

static void sori_http_server_unread_closed_cb(GObject *source, GAsyncResult *result,
					      gpointer user_data);

static gboolean
sori_http_server_linger_done_cb(gpointer user_data)
{
	SoriUnreadAnswer *answer = user_data;
	answer->linger_id = 0;
	g_cancellable_cancel(answer->linger);
	return G_SOURCE_REMOVE;
}

static void
sori_http_server_linger_read_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	SoriUnreadAnswer *answer = user_data;
	gssize n = g_input_stream_read_finish(G_INPUT_STREAM(source), result, NULL);

	if (n > 0 && answer->discarded + n < SORI_HTTP_SERVER_LINGER_MAX) {
		answer->discarded += n;
		g_input_stream_read_async(G_INPUT_STREAM(source), answer->sink,
					  sizeof(answer->sink), G_PRIORITY_LOW, answer->linger,
					  sori_http_server_linger_read_cb, answer);
		return;
	}
	g_io_stream_close_async(answer->stream, G_PRIORITY_DEFAULT, NULL,
				sori_http_server_unread_closed_cb, answer);
}

static void
sori_http_server_unread_closed_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	g_io_stream_close_finish(G_IO_STREAM(source), result, NULL);
	sori_unread_answer_free(user_data);
}

static void
sori_http_server_unread_written_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	SoriUnreadAnswer *answer = user_data;
	g_autoptr(GError) error = NULL;

	if (!g_output_stream_write_all_finish(G_OUTPUT_STREAM(source), result, NULL, &error)
	    || answer->socket == NULL) {
		if (error != NULL)
			g_debug("answering from the head: %s", error->message);
		g_io_stream_close_async(answer->stream, G_PRIORITY_DEFAULT, NULL,
					sori_http_server_unread_closed_cb, answer);
		return;
	}
	/* the answer is sent: no more will be; what comes is dropped, then the close */
	g_socket_shutdown(answer->socket, FALSE, TRUE, NULL);
	answer->linger = g_cancellable_new();
	answer->linger_id = g_timeout_add_seconds(SORI_HTTP_SERVER_LINGER_S,
						  sori_http_server_linger_done_cb, answer);
	g_input_stream_read_async(g_io_stream_get_input_stream(answer->stream), answer->sink,
				  sizeof(answer->sink), G_PRIORITY_LOW, answer->linger,
				  sori_http_server_linger_read_cb, answer);
}

static gboolean
sori_http_server_unread_send_cb(gpointer user_data)
{
	SoriUnreadAnswer *answer = user_data;
	if (answer->server != NULL) {
		answer->server->n_delayed--;
		g_clear_object(&answer->server);
	}
	gsize len = 0;
	const guint8 *data = g_bytes_get_data(answer->wire, &len);

	g_output_stream_write_all_async(g_io_stream_get_output_stream(answer->stream), data, len,
					G_PRIORITY_DEFAULT, NULL,
					sori_http_server_unread_written_cb, answer);
	return G_SOURCE_REMOVE;
}

/*
 * A refusal from the head alone: libsoup 3.2 reads a request's whole body
 * before it writes any answer, even one set in got-headers, so the connection
 * is taken from it, answered (after @delay_ms, for a slowed-down refusal)
 * and closed. Not a byte of the body is read.
 */
static void
sori_http_server_refuse_unread(SoriHttpServer *self, SoupServerMessage *msg,
			       const SoriHttpResponse *response, guint delay_ms)
{
	SoriUnreadAnswer *answer = g_new0(SoriUnreadAnswer, 1);
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	g_autofree gchar *date = soup_date_time_to_string(now, SOUP_DATE_HTTP);
	g_autofree gchar *date_line = g_strdup_printf("Date: %s\r\n", date);

	/* a slowed-down refusal holds its connection: not more of them than this */
	if (delay_ms > 0 && self->n_delayed >= SORI_HTTP_SERVER_MAX_DELAYED)
		delay_ms = 0;
	answer->wire = sori_http_response_to_wire(response, date_line);
	if (g_object_get_data(G_OBJECT(msg), "sori-in-flight") != NULL) {
		g_object_set_data(G_OBJECT(msg), "sori-in-flight", NULL);
		self->n_soup_in_flight--;
	}
	{
		GSocket *socket = NULL;
		GObject *connection = sori_http_server_find_connection(self, msg, &socket);
		answer->connection = connection != NULL ? g_object_ref(connection) : NULL;
		answer->socket = socket != NULL ? g_object_ref(socket) : NULL;
	}
	answer->stream = soup_server_message_steal_connection(msg);
	if (delay_ms > 0) {
		answer->server = g_object_ref(self);
		self->n_delayed++;
		g_timeout_add(delay_ms, sori_http_server_unread_send_cb, answer);
	} else
		sori_http_server_unread_send_cb(answer);
	sori_http_server_check_shutdown(self);
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
		sori_http_server_refuse_unread(self, msg, &response, 0);
		return;
	}
	/* every request libsoup reads: its body, then its answer, are watched */
	sori_http_server_watch_body(self, msg);
	g_signal_connect(msg, "got-body", G_CALLBACK(sori_http_server_got_body_cb), self);
	g_signal_connect(msg, "wrote-headers", G_CALLBACK(sori_http_server_wrote_headers_cb), NULL);
	/* whether a request may do what it asks is decided from its head: nobody
	 * without a token gets a body byte read (refusals slowed down as ever) */
	if ((route->flags & SORI_ROUTE_FLAG_TOKEN) != 0 && encoding != SOUP_ENCODING_NONE
	    && sori_admin_authorize(self->services[route->service], &request, &match, &response,
				    &delay_ms)
		       == NULL) {
		sori_http_server_refuse_unread(self, msg, &response, delay_ms);
		return;
	}
	/* an upload goes to a file as it comes */
	if ((route->flags & SORI_ROUTE_FLAG_UPLOAD) != 0 && encoding != SOUP_ENCODING_NONE) {
		g_autoptr(GError) error = NULL;
		if (!sori_admin_begin_upload(self->services[route->service], msg, &error)) {
			sori_http_response_set_error(&response, &request, error);
			sori_http_server_refuse_unread(self, msg, &response, 0);
		}
	}
}

static void
sori_http_server_request_started_cb(SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
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

/**
 * sori_http_server_hand_to_soup:
 * @socket: a connection, counted in n_connections until libsoup lets go of it
 */
void
sori_http_server_hand_to_soup(SoriHttpServer *self, GSocket *socket)
{
	g_autoptr(GSocketConnection) connection
		= g_socket_connection_factory_create_connection(socket);
	g_autoptr(GError) error = NULL;
	g_autoptr(GSocketAddress) local = g_socket_get_local_address(socket, NULL);
	g_autoptr(GSocketAddress) remote = g_socket_get_remote_address(socket, NULL);

	SoriSoupConn *conn = g_new0(SoriSoupConn, 1);

	conn->server = self;
	conn->socket = socket;
	conn->remote = remote;
	conn->handed = sori_fast_conn_now();
	g_hash_table_insert(self->soup_conns, connection, conn);
	g_object_weak_ref(G_OBJECT(connection), sori_http_server_connection_closed_cb, conn);
	if (local == NULL || remote == NULL) {
		g_debug("a connection closed before it could be handed to libsoup");
		return;
	}
	if (!soup_server_accept_iostream(self->soup, G_IO_STREAM(connection), local, remote,
					 &error))
		g_debug("handing a connection to libsoup failed, closing it: %s", error->message);
}

/*
 * At the connection cap, room for a new visitor: the fast-path connection
 * whose head has been coming in longest goes first, then the connection
 * libsoup has been reading a request from longest, then the keep-alive
 * connection idle longest. One whose request is in (waiting for its answer,
 * or being sent it) is never closed for room. %FALSE when none can go.
 */
static gboolean
sori_http_server_make_room(SoriHttpServer *self)
{
	SoriFastConn *oldest_partial = NULL;
	SoriFastConn *oldest_idle = NULL;
	SoriSoupConn *oldest_soup = NULL;
	gint64 partial_since = G_MAXINT64;
	gint64 idle_since = G_MAXINT64;
	gint64 soup_since = G_MAXINT64;
	GHashTableIter iter;
	gpointer key;
	gpointer value;

	g_hash_table_iter_init(&iter, self->fast_conns);
	while (g_hash_table_iter_next(&iter, &key, NULL)) {
		gboolean partial = FALSE;
		gint64 since = sori_fast_conn_waiting_since(key, &partial);
		if (partial && since < partial_since) {
			partial_since = since;
			oldest_partial = key;
		} else if (!partial && since < idle_since) {
			idle_since = since;
			oldest_idle = key;
		}
	}
	g_hash_table_iter_init(&iter, self->soup_conns);
	while (g_hash_table_iter_next(&iter, NULL, &value)) {
		SoriSoupConn *conn = value;
		/* one whose request is in waits for its answer, as a visitor would */
		if (!conn->closed && !conn->asked && conn->handed < soup_since) {
			soup_since = conn->handed;
			oldest_soup = conn;
		}
	}
	if (oldest_partial != NULL) {
		sori_fast_conn_close(oldest_partial);
	} else if (oldest_soup != NULL) {
		/* libsoup lets go of it when it next reads or writes; the slot is free now */
		oldest_soup->closed = TRUE;
		self->n_connections--;
		g_socket_shutdown(oldest_soup->socket, TRUE, TRUE, NULL);
	} else if (oldest_idle != NULL) {
		sori_fast_conn_close(oldest_idle);
	} else {
		return FALSE;
	}
	g_debug("connection limit of %u reached: made room", self->max_connections);
	return TRUE;
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
		if (sori_fast_conn_is_expired(key, now))
			g_ptr_array_add(idle, key);
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
			g_socket_close(socket, NULL);
			continue;
		}
		g_socket_set_option(socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
		self->n_connections++;
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
	g_autoptr(GInetAddress) inet = g_inet_address_new_from_string(address);
	g_autoptr(GSocketAddress) socket_address = NULL;
	g_autoptr(GSocketAddress) bound = NULL;
	g_autoptr(GSocket) socket = NULL;

	g_return_val_if_fail(SORI_IS_HTTP_SERVER(self), FALSE);
	g_return_val_if_fail(self->listen_socket == NULL, FALSE);

	if (inet == NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
			    "'%s' is not an IP address", address);
		return FALSE;
	}
	socket = g_socket_new(g_inet_address_get_family(inet), G_SOCKET_TYPE_STREAM,
			      G_SOCKET_PROTOCOL_TCP, error);
	if (socket == NULL)
		return FALSE;
	socket_address = g_inet_socket_address_new(inet, port);
	g_socket_set_listen_backlog(socket, 511);
	/* sori_http_server_accept_cb() takes connections until the queue is empty */
	g_socket_set_blocking(socket, FALSE);
	if (!g_socket_bind(socket, socket_address, TRUE, error)) {
		g_prefix_error(error, "binding %s port %u: ", address, port);
		return FALSE;
	}
	if (!g_socket_listen(socket, error))
		return FALSE;
	bound = g_socket_get_local_address(socket, error);
	if (bound == NULL)
		return FALSE;
	self->port = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(bound));
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

guint
sori_http_server_get_n_connections(SoriHttpServer *self)
{
	return self->n_connections;
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
	GHashTableIter iter;
	gpointer key;
	gpointer value;

	/* the connections libsoup still holds outlive the server: forget them */
	g_hash_table_iter_init(&iter, self->soup_conns);
	while (g_hash_table_iter_next(&iter, &key, &value)) {
		g_object_weak_unref(key, sori_http_server_connection_closed_cb, value);
		g_free(value);
		g_hash_table_iter_remove(&iter);
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
			 G_CALLBACK(sori_http_server_request_done_cb), self);
	g_signal_connect(self->soup, "request-aborted",
			 G_CALLBACK(sori_http_server_request_done_cb), self);
	self->sweep_id = g_timeout_add_seconds(SORI_HTTP_SERVER_SWEEP_S,
					       sori_http_server_sweep_idle_cb, self);
	return self;
}
