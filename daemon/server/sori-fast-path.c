/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The keep-alive fast path, in front of libsoup, for what visitors' phones
 * ask most: a complete, plain GET of a route the table marks fast. It peeks
 * at the socket (MSG_PEEK), and only when the whole head is there and
 * sori_http_head_parse() takes it does it consume the head and answer, with
 * the same handler and headers as libsoup would. Anything else — a body,
 * HEAD, an odd header, a request split over several packets, a route that
 * is not fast — leaves the bytes untouched in the kernel and hands the
 * connection to libsoup, which then owns it for good. libsoup's per-request
 * cost (a GObject message, signal emissions, header tables) is several
 * times what serving a ready buffer takes.
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "sori-http-server-private.h"
#include "sori-log.h"
#include "sori-metrics.h"

struct _SoriFastConn {
	SoriHttpServer *server;
	GSocket *socket;
	gint fd;
	GSource *source;
	gpointer tag;
	/* unsent output after a short write: the parts themselves, never a copy of
	 * what is left (a slow reader of a large file costs a reference) */
	GBytes *pending[3];
	gsize pending_offset; /* into the parts, as one */
	gboolean close_after_write;
	gint64 last_active;   /* monotonic seconds: the last request served */
	gint64 last_progress; /* monotonic seconds: the last byte sent, while output is pending */
	gint64 head_started;  /* monotonic seconds: the first part of a head; 0 when none */
	gboolean lowat_set;   /* SO_RCVLOWAT raised while part of a head waits */
};

typedef struct {
	GSource source;
	SoriFastConn *conn;
} SoriFastConnSource;

gint64
sori_fast_conn_now(void)
{
	return g_get_monotonic_time() / G_USEC_PER_SEC;
}

void
sori_fast_conn_free(SoriFastConn *conn)
{
	if (conn->source != NULL) {
		g_source_destroy(conn->source);
		g_source_unref(conn->source);
	}
	for (guint i = 0; i < G_N_ELEMENTS(conn->pending); i++)
		g_clear_pointer(&conn->pending[i], g_bytes_unref);
	g_clear_object(&conn->socket);
	g_free(conn);
}

void
sori_fast_conn_close(SoriFastConn *conn)
{
	SoriHttpServer *self = conn->server;
	g_socket_close(conn->socket, NULL);
	g_hash_table_remove(self->fast_conns, conn);
	self->n_connections--;
	sori_http_server_check_shutdown(self);
}

static gboolean
sori_fast_conn_has_pending(SoriFastConn *conn)
{
	return conn->pending[0] != NULL;
}

/**
 * sori_fast_conn_is_expired:
 * @now: monotonic seconds
 * @deadline: (out): which one it is past, a #SoriMetricsClose
 *
 * Returns: %TRUE for a connection past one of its deadlines: a head not
 *	complete within head-timeout of its first byte (trickled bytes do not
 *	extend it), an answer of which nothing was taken for send-timeout, or
 *	nothing asked for idle-timeout
 */
gboolean
sori_fast_conn_is_expired(SoriFastConn *conn, gint64 now, guint *deadline)
{
	SoriHttpServer *self = conn->server;

	if (sori_fast_conn_has_pending(conn)) {
		*deadline = SORI_METRICS_CLOSE_SEND_TIMEOUT;
		return now - conn->last_progress >= self->send_timeout;
	}
	if (conn->head_started != 0) {
		*deadline = SORI_METRICS_CLOSE_HEAD_TIMEOUT;
		return now - conn->head_started >= self->head_timeout;
	}
	*deadline = SORI_METRICS_CLOSE_IDLE_TIMEOUT;
	return now - conn->last_active >= self->idle_timeout;
}

/**
 * sori_fast_conn_waiting_since:
 * @partial: (out): whether part of a head is waiting
 *
 * Returns: since when the connection has waited for a complete request;
 *	%G_MAXINT64 for one sending an answer, which is never made room from
 */
gint64
sori_fast_conn_waiting_since(SoriFastConn *conn, gboolean *partial)
{
	*partial = conn->head_started != 0;
	if (sori_fast_conn_has_pending(conn))
		return G_MAXINT64;
	return conn->head_started != 0 ? conn->head_started : conn->last_active;
}

/* poll wakes a connection with part of a head only when more has come */
static void
sori_fast_conn_set_lowat(SoriFastConn *conn, gint bytes)
{
	if (setsockopt(conn->fd, SOL_SOCKET, SO_RCVLOWAT, &bytes, sizeof(bytes)) == 0)
		conn->lowat_set = bytes > 1;
}

/* shutting down: %TRUE when @conn is busy sending and closes when done */
gboolean
sori_fast_conn_close_when_sent(SoriFastConn *conn)
{
	if (!sori_fast_conn_has_pending(conn))
		return FALSE;
	conn->close_after_write = TRUE;
	return TRUE;
}

/* the connection leaves the fast path; its unread bytes stay in the kernel for libsoup */
static void
sori_fast_conn_hand_off(SoriFastConn *conn)
{
	SoriHttpServer *self = conn->server;
	g_autoptr(GSocket) socket = g_object_ref(conn->socket);

	/* still one connection: sori_http_server_hand_to_soup() takes over counting it */
	g_hash_table_remove(self->fast_conns, conn);
	sori_http_server_hand_to_soup(self, socket);
}

/* "Date: …\r\n", formatted by libsoup once a second */
static const gchar *
sori_fast_conn_date_line(SoriHttpServer *self)
{
	gint64 second = g_get_real_time() / G_USEC_PER_SEC;
	if (second != self->date_second) {
		g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc(second);
		g_autofree gchar *date = soup_date_time_to_string(now, SOUP_DATE_HTTP);
		g_snprintf(self->date_line, sizeof(self->date_line), "Date: %s\r\n", date);
		self->date_second = second;
	}
	return self->date_line;
}

static void
sori_fast_conn_set_condition(SoriFastConn *conn, GIOCondition condition)
{
	g_source_modify_unix_fd(conn->source, conn->tag, condition);
}

/* what is left of the pending parts, as iovecs; the count */
static guint
sori_fast_conn_pending_iov(SoriFastConn *conn, struct iovec *iov)
{
	gsize skip = conn->pending_offset;
	guint n = 0;

	for (guint i = 0; i < G_N_ELEMENTS(conn->pending) && conn->pending[i] != NULL; i++) {
		gsize len = 0;
		const guint8 *data = g_bytes_get_data(conn->pending[i], &len);
		if (skip >= len) {
			skip -= len;
			continue;
		}
		iov[n].iov_base = (void *) (data + skip);
		iov[n].iov_len = len - skip;
		skip = 0;
		n++;
	}
	return n;
}

static void
sori_fast_conn_clear_pending(SoriFastConn *conn)
{
	for (guint i = 0; i < G_N_ELEMENTS(conn->pending); i++)
		g_clear_pointer(&conn->pending[i], g_bytes_unref);
	conn->pending_offset = 0;
}

/* %FALSE when the connection was closed */
static gboolean
sori_fast_conn_flush(SoriFastConn *conn)
{
	struct iovec iov[G_N_ELEMENTS(conn->pending)];
	guint n_iov;

	while ((n_iov = sori_fast_conn_pending_iov(conn, iov)) > 0) {
		struct msghdr mh = { .msg_iov = iov, .msg_iovlen = n_iov };
		gssize n = sendmsg(conn->fd, &mh, MSG_NOSIGNAL);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			sori_fast_conn_set_condition(conn, G_IO_OUT);
			return TRUE;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			sori_fast_conn_close(conn);
			return FALSE;
		}
		conn->pending_offset += n;
		conn->last_progress = sori_fast_conn_now();
	}
	sori_fast_conn_clear_pending(conn);
	if (conn->close_after_write) {
		sori_fast_conn_close(conn);
		return FALSE;
	}
	sori_fast_conn_set_condition(conn, G_IO_IN);
	return TRUE;
}

/* what a short write left: the parts kept, by reference, until the socket drains */
static void
sori_fast_conn_keep_rest(SoriFastConn *conn, const struct iovec *iov, GBytes *head, GBytes *body,
			 gsize sent)
{
	/* the status line and Date are small and change: copied */
	g_autoptr(GByteArray) first = g_byte_array_sized_new(iov[0].iov_len + iov[1].iov_len);

	g_byte_array_append(first, iov[0].iov_base, iov[0].iov_len);
	g_byte_array_append(first, iov[1].iov_base, iov[1].iov_len);
	conn->pending[0] = g_byte_array_free_to_bytes(g_steal_pointer(&first));
	conn->pending[1] = g_bytes_ref(head);
	conn->pending[2] = body != NULL && g_bytes_get_size(body) > 0 ? g_bytes_ref(body) : NULL;
	conn->pending_offset = sent;
	conn->last_progress = sori_fast_conn_now();
	sori_fast_conn_set_condition(conn, G_IO_OUT);
}

/* sends the status line, Date, @head (the other headers and the blank line)
 * and @body; %FALSE when the connection was closed */
static gboolean
sori_fast_conn_send(SoriFastConn *conn, const gchar *status, GBytes *head, GBytes *body)
{
	const gchar *date = sori_fast_conn_date_line(conn->server);
	struct iovec iov[4];
	gsize total = 0;
	gssize n;

	iov[0].iov_base = (void *) status;
	iov[0].iov_len = strlen(status);
	iov[1].iov_base = (void *) date;
	iov[1].iov_len = strlen(date);
	iov[2].iov_base = (void *) g_bytes_get_data(head, &iov[2].iov_len);
	iov[3].iov_base = body != NULL ? (void *) g_bytes_get_data(body, &iov[3].iov_len) : NULL;
	if (body == NULL)
		iov[3].iov_len = 0;
	for (guint i = 0; i < G_N_ELEMENTS(iov); i++)
		total += iov[i].iov_len;
	do {
		struct msghdr mh = { .msg_iov = iov, .msg_iovlen = iov[3].iov_len > 0 ? 4 : 3 };
		n = sendmsg(conn->fd, &mh, MSG_NOSIGNAL);
	} while (n < 0 && errno == EINTR);
	if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
		sori_fast_conn_close(conn);
		return FALSE;
	}
	if (n < 0)
		n = 0;
	if ((gsize) n < total) {
		sori_fast_conn_keep_rest(conn, iov, head, body, (gsize) n);
		return TRUE;
	}
	if (conn->close_after_write) {
		sori_fast_conn_close(conn);
		return FALSE;
	}
	return TRUE;
}

/* %FALSE when the connection was closed */
static gboolean
sori_fast_conn_respond(SoriFastConn *conn, const SoriHttpResponse *response)
{
	SoriHttpServer *self = conn->server;
	SoriRepresentation *rep = response->representation;
	GBytes *body = sori_http_response_get_body(response);
	g_autoptr(GBytes) head = NULL;
	g_autofree gchar *status_owned = NULL;
	const gchar *status = sori_http_status_line(response->status);
	gboolean closing = self->shutdown_task != NULL;

	if (status == NULL) {
		status_owned = g_strdup_printf("HTTP/1.1 %u %s\r\n", response->status,
					       soup_status_get_phrase(response->status));
		status = status_owned;
	}
	/* the headers of a served representation are the same every time: build them once */
	if (!closing && sori_http_response_is_cacheable(response)) {
		guint index = (response->gzip ? 2 : 0) + (response->status == 304 ? 1 : 0);
		if (rep->wire_head[index] == NULL)
			rep->wire_head[index] = sori_http_response_build_head(response, FALSE);
		head = g_bytes_ref(rep->wire_head[index]);
	} else {
		head = sori_http_response_build_head(response, closing);
	}
	if (closing)
		conn->close_after_write = TRUE;
	if (body != NULL && response->accepts_ranges)
		sori_metrics_count_media(g_bytes_get_size(body), response->content_range != NULL);
	return sori_fast_conn_send(conn, status, head, body);
}

/* takes the peeked head off the socket; %FALSE when the connection was closed */
static gboolean
sori_fast_conn_consume(SoriFastConn *conn, gsize head_len)
{
	gssize n;

	do {
		n = recv(conn->fd, conn->server->head_buf, head_len, 0);
	} while (n < 0 && errno == EINTR);
	if (n != (gssize) head_len) {
		sori_fast_conn_close(conn);
		return FALSE;
	}
	conn->last_active = sori_fast_conn_now();
	return TRUE;
}

/* a head over SORI_HTTP_HEAD_MAX: 431, and the connection closes */
static void
sori_fast_conn_refuse_head(SoriFastConn *conn)
{
	SoriHttpRequest request = { .path = NULL };
	g_auto(SoriHttpResponse) response = { 0 };

	gssize n;

	sori_http_response_fail(&response, &request, SORI_PROBLEM_HEAD_TOO_LARGE,
				"a request head is at most %u bytes", (guint) SORI_HTTP_HEAD_MAX);
	sori_metrics_count_request(G_MAXUINT, response.status, g_get_monotonic_time());
	/* taken off the socket, so that closing it after the answer does not reset it */
	do {
		n = recv(conn->fd, conn->server->head_buf, SORI_HTTP_HEAD_MAX, 0);
	} while (n < 0 && errno == EINTR);
	conn->close_after_write = TRUE;
	sori_fast_conn_respond(conn, &response);
}

/* %FALSE when the connection is gone from the fast path (closed or handed off) */
static gboolean
sori_fast_conn_serve_one(SoriFastConn *conn)
{
	SoriHttpServer *self = conn->server;
	SoriHttpRequest request = { 0 };
	g_auto(SoriHttpResponse) response = { 0 };
	g_auto(SoriRouteMatch) match = { 0 };
	g_autofree gchar *waiting = NULL;
	const SoriRoute *route;
	gsize head_len = 0;
	gint64 started = g_get_monotonic_time();
	gssize n;

	do {
		n = recv(conn->fd, self->head_buf, SORI_HTTP_HEAD_MAX, MSG_PEEK);
	} while (n < 0 && errno == EINTR);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
		sori_fast_conn_close(conn);
		return FALSE;
	}
	if (n < 0)
		return TRUE; /* spurious wake-up */
	/* part of a head: wait for the rest here, within head-timeout of its
	 * first byte; libsoup only ever gets whole heads */
	if (sori_http_head_find_end(self->head_buf, (gsize) n) == NULL) {
		if (n >= SORI_HTTP_HEAD_MAX) {
			sori_fast_conn_refuse_head(conn);
			return FALSE;
		}
		if (conn->head_started == 0)
			conn->head_started = sori_fast_conn_now();
		sori_fast_conn_set_lowat(conn, (gint) n + 1);
		return TRUE;
	}
	conn->head_started = 0;
	if (conn->lowat_set)
		sori_fast_conn_set_lowat(conn, 1);
	/* binary or unusual: libsoup reads it */
	if (!sori_http_head_parse(self->head_buf, (gsize) n, &request, &head_len)) {
		sori_fast_conn_hand_off(conn);
		return FALSE;
	}
	route = sori_http_server_find_route(self, request.path, &match);
	if (route == NULL || (route->flags & SORI_ROUTE_FLAG_FAST_PATH) == 0) {
		sori_fast_conn_hand_off(conn);
		return FALSE;
	}
	/* a fast route's handler answers at once: the fast path cannot wait */
	if (!sori_http_server_dispatch(self, &request, route, &match, &response)) {
		g_warning("%s: a fast route paused its request", route->pattern);
		sori_fast_conn_close(conn);
		return FALSE;
	}
	/* an idle venue, read in a worker thread: libsoup's request waits for it */
	waiting = sori_venue_store_steal_waiting(self->store);
	if (waiting != NULL) {
		sori_fast_conn_hand_off(conn);
		return FALSE;
	}
	if (sori_log_get_debug())
		g_debug("%s %s %u (fast path)", request.method, request.path, response.status);
	sori_metrics_count_request(sori_routes_get_index(route), response.status, started);
	/* the head was only peeked: take it off the socket, then answer */
	if (!sori_fast_conn_consume(conn, head_len) || !sori_fast_conn_respond(conn, &response))
		return FALSE;
	return !sori_fast_conn_has_pending(conn);
}

static gboolean
sori_fast_conn_dispatch_cb(GSource *source, GSourceFunc callback, gpointer user_data)
{
	SoriFastConnSource *fsource = (SoriFastConnSource *) source;
	SoriFastConn *conn = fsource->conn;
	GIOCondition condition = g_source_query_unix_fd(source, conn->tag);

	if (sori_fast_conn_has_pending(conn)) {
		if (condition & (G_IO_ERR | G_IO_NVAL)) {
			sori_fast_conn_close(conn);
			return G_SOURCE_CONTINUE;
		}
		if (condition & (G_IO_OUT | G_IO_HUP))
			sori_fast_conn_flush(conn);
		return G_SOURCE_CONTINUE;
	}
	/* one request per wake-up: a pipelining client cannot starve the others */
	if (condition & (G_IO_IN | G_IO_HUP | G_IO_ERR | G_IO_NVAL))
		sori_fast_conn_serve_one(conn);
	return G_SOURCE_CONTINUE;
}

static GSourceFuncs sori_fast_conn_source_funcs = {
	.dispatch = sori_fast_conn_dispatch_cb,
};

/**
 * sori_fast_conn_new:
 * @socket: a connection just accepted
 *
 * Returns: (transfer none): the connection, owned by the server's set
 */
SoriFastConn *
sori_fast_conn_new(SoriHttpServer *self, GSocket *socket)
{
	SoriFastConn *conn = g_new0(SoriFastConn, 1);
	SoriFastConnSource *fsource;

	conn->server = self;
	conn->socket = g_object_ref(socket);
	conn->fd = g_socket_get_fd(socket);
	conn->last_active = sori_fast_conn_now();
	conn->last_progress = conn->last_active;
	conn->source = g_source_new(&sori_fast_conn_source_funcs, sizeof(SoriFastConnSource));
	fsource = (SoriFastConnSource *) conn->source;
	fsource->conn = conn;
	conn->tag = g_source_add_unix_fd(conn->source, conn->fd, G_IO_IN);
	g_source_set_name(conn->source, "sori-fast-conn");
	g_source_attach(conn->source, NULL);
	g_hash_table_add(self->fast_conns, conn);
	return conn;
}
