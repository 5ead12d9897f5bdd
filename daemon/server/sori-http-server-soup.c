/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The connections handed to libsoup, guarded: libsoup 3.2's server has no
 * deadline of its own and reads a whole body before any answer. sorid keeps
 * what it needs of each (when it was handed, whether its request is in),
 * watches its body's and its answer's pace, answers refusals from the head
 * alone on a connection taken from libsoup, and makes room at the cap.
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include <string.h>

#include "sori-http-server-private.h"
#include "sori-metrics.h"

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
gboolean
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
	sori_metrics_add(SORI_METRIC_HTTP_CONNECTIONS_CLOSED, SORI_METRICS_CLOSE_MAKING_ROOM, 1);
	return TRUE;
}

/**
 * sori_http_server_forget_soup_conns:
 *
 * The connections libsoup still holds outlive the server: they are forgotten.
 */
void
sori_http_server_forget_soup_conns(SoriHttpServer *self)
{
	GHashTableIter iter;
	gpointer key;
	gpointer value;

	g_hash_table_iter_init(&iter, self->soup_conns);
	while (g_hash_table_iter_next(&iter, &key, &value)) {
		g_object_weak_unref(key, sori_http_server_connection_closed_cb, value);
		g_free(value);
		g_hash_table_iter_remove(&iter);
	}
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
		sori_metrics_add(SORI_METRIC_HTTP_CONNECTIONS_CLOSED,
				 SORI_METRICS_CLOSE_SEND_TIMEOUT, 1);
	} else {
		if (elapsed <= SORI_HTTP_SERVER_BODY_GRACE_S
		    || watch->received >= (guint64) (elapsed - SORI_HTTP_SERVER_BODY_GRACE_S)
						  * server->body_min_rate)
			return G_SOURCE_CONTINUE;
		g_message("a request body came at %" G_GUINT64_FORMAT " bytes in %" G_GINT64_FORMAT
			  " s, below body-min-rate: closing its connection",
			  watch->received, elapsed);
		sori_metrics_add(SORI_METRIC_HTTP_CONNECTIONS_CLOSED,
				 SORI_METRICS_CLOSE_BODY_MIN_RATE, 1);
	}
	sori_http_server_find_connection(server, msg, &socket);
	if (socket != NULL)
		g_socket_shutdown(socket, TRUE, TRUE, NULL);
	watch->timeout_id = 0;
	return G_SOURCE_REMOVE;
}

static void sori_http_server_got_body_cb(SoupServerMessage *msg, gpointer user_data);
static void sori_http_server_wrote_headers_cb(SoupServerMessage *msg, gpointer user_data);

/**
 * sori_http_server_watch_body:
 * @msg: a request whose head libsoup has read
 *
 * Watches its body's pace, then its answer's, until it is finished.
 */
void
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
	g_signal_connect(msg, "got-body", G_CALLBACK(sori_http_server_got_body_cb), self);
	g_signal_connect(msg, "wrote-headers", G_CALLBACK(sori_http_server_wrote_headers_cb), NULL);
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
	SoriHttpServer *server; /* weak */
	gboolean delayed;       /* held back, counted in the server's n_delayed */
	GIOStream *stream;
	GSocket *socket;     /* under @stream, which libsoup may have wrapped */
	GObject *connection; /* the one handed to libsoup: its dispose would close @socket */
	GBytes *wire;
	GCancellable *linger; /* cancelled when lingering has gone on long enough */
	guint linger_id;
	gint64 linger_until; /* monotonic µs: the end of lingering, however much comes */
	gboolean lingering;  /* counted in the server's n_lingering */
	guint8 sink[16384];
} SoriUnreadAnswer;

/* after the answer, what the client still sends is read and dropped, as
 * nginx's lingering close does, so that a client still sending its body
 * reads the answer instead of a reset: while bytes keep coming, with no
 * pause longer than this (nginx's lingering_timeout) … */
#define SORI_HTTP_SERVER_LINGER_PAUSE_S 5
/* … and never longer than this in all (nginx's lingering_time) */
#define SORI_HTTP_SERVER_LINGER_TOTAL_S 30
/* connections lingering at once; past this a refusal closes at once */
#define SORI_HTTP_SERVER_MAX_LINGERING 256
/* refusals held back at once (failed logins slowed down) */
#define SORI_HTTP_SERVER_MAX_DELAYED 256

static void
sori_unread_answer_free(SoriUnreadAnswer *answer)
{
	g_clear_handle_id(&answer->linger_id, g_source_remove);
	if (answer->lingering && answer->server != NULL)
		answer->server->n_lingering--;
	g_clear_weak_pointer(&answer->server);
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
	gint64 left_us = answer->linger_until - g_get_monotonic_time();

	if (n > 0 && left_us > 0) {
		/* bytes came: the pause starts again, within the total */
		guint pause_ms
			= (guint) MIN(left_us / 1000 + 1, SORI_HTTP_SERVER_LINGER_PAUSE_S * 1000);
		g_clear_handle_id(&answer->linger_id, g_source_remove);
		answer->linger_id
			= g_timeout_add(pause_ms, sori_http_server_linger_done_cb, answer);
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
	if (answer->server == NULL
	    || answer->server->n_lingering >= SORI_HTTP_SERVER_MAX_LINGERING) {
		g_io_stream_close_async(answer->stream, G_PRIORITY_DEFAULT, NULL,
					sori_http_server_unread_closed_cb, answer);
		return;
	}
	answer->lingering = TRUE;
	answer->server->n_lingering++;
	answer->linger = g_cancellable_new();
	answer->linger_until
		= g_get_monotonic_time() + SORI_HTTP_SERVER_LINGER_TOTAL_S * G_USEC_PER_SEC;
	answer->linger_id = g_timeout_add_seconds(SORI_HTTP_SERVER_LINGER_PAUSE_S,
						  sori_http_server_linger_done_cb, answer);
	g_input_stream_read_async(g_io_stream_get_input_stream(answer->stream), answer->sink,
				  sizeof(answer->sink), G_PRIORITY_LOW, answer->linger,
				  sori_http_server_linger_read_cb, answer);
}

static gboolean
sori_http_server_unread_send_cb(gpointer user_data)
{
	SoriUnreadAnswer *answer = user_data;
	if (answer->delayed) {
		answer->delayed = FALSE;
		if (answer->server != NULL)
			answer->server->n_delayed--;
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
void
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
	sori_http_server_count(msg, response->status);
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
	/* weak: a connection answered or lingering never keeps a server alive */
	g_set_weak_pointer(&answer->server, self);
	if (delay_ms > 0) {
		answer->delayed = TRUE;
		self->n_delayed++;
		g_timeout_add(delay_ms, sori_http_server_unread_send_cb, answer);
	} else
		sori_http_server_unread_send_cb(answer);
	sori_http_server_check_shutdown(self);
}
