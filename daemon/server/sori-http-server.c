/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sorid's HTTP front end.
 *
 * libsoup answers everything. In front of it sits a small keep-alive fast
 * path for the one request that visitors' phones make most: a complete,
 * plain GET of the public read API. It peeks at the socket (MSG_PEEK), and
 * only when the whole request head is there and is one it fully understands
 * does it consume it and answer with the representation that the API
 * serialized once per catalogue version. Anything else — a body, a Range,
 * HEAD, an admin route, an odd header, a request split over several packets —
 * leaves the bytes untouched in the kernel and hands the connection to
 * libsoup, which then owns it for good. libsoup's per-request cost (a GObject
 * message, signal emissions, header tables) is several times what serving a
 * ready buffer takes, and this is what lets one core keep up with a crowd.
 *
 * No address of a client is read or kept: connections are handed to libsoup
 * without their remote address.
 *
 * libsoup 3.2 serves one request on a connection it is handed this way and
 * then closes it (its keep-alive needs connections it accepted itself), so
 * its answers say "Connection: close"; keep-alive is the fast path's.
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>

#include "sori-api.h"
#include "sori-http-server.h"
#include "sori-webapp.h"
#include "sori-locate.h"
#include "sori-problem.h"
#include "sori-admin.h"
#include "sori-speech-service.h"

/* the largest request body read; the admin API will want its own limit */
#define SORI_HTTP_MAX_BODY SORI_LOCATE_MAX_BODY

/* a request head larger than this goes to libsoup, which has its own limits */
#define FAST_HEAD_MAX       8192
#define FAST_HEADERS_MAX    48
#define SWEEP_INTERVAL_SECS 5

typedef struct _FastConn FastConn;

struct _SoriHttpServer {
	GObject parent_instance;
	SoriVenueStore *store;
	SoupServer *soup;
	SoriSpeechService *speech; /* nullable */
	SoriAdmin *admin;          /* nullable */
	GSocket *listen_socket;
	GSource *accept_source;
	guint16 port;
	guint idle_timeout;
	guint max_connections;
	gboolean fast_path;
	guint n_connections;    /* fast-path ones and those handed to libsoup */
	GHashTable *fast_conns; /* FastConn set */
	guint sweep_id;
	gchar head_buf[FAST_HEAD_MAX + 1];
	/* the Date header, formatted once a second */
	gint64 date_second;
	gchar date_line[64];
	/* shutting down */
	GTask *shutdown_task;
	guint shutdown_timeout_id;
	guint n_soup_in_flight;
};

G_DEFINE_TYPE(SoriHttpServer, sori_http_server, G_TYPE_OBJECT)

struct _FastConn {
	SoriHttpServer *server;
	GSocket *socket;
	gint fd;
	GSource *source;
	gpointer tag;
	GByteArray *pending; /* unsent output, after a short write */
	gsize pending_offset;
	gboolean close_after_write;
	gint64 last_active; /* monotonic seconds */
};

typedef struct {
	GSource source;
	FastConn *conn;
} FastConnSource;

static void fast_conn_close(FastConn *conn);
static void maybe_finish_shutdown(SoriHttpServer *self);

static gint64
now_seconds(void)
{
	return g_get_monotonic_time() / G_USEC_PER_SEC;
}

static void
connection_closed_cb(gpointer data, GObject *where_the_object_was)
{
	SoriHttpServer *self = data;
	g_debug("libsoup let go of a connection");
	self->n_connections--;
}

/* ------------------------------------------------------------------------ */
/* libsoup: everything the fast path does not take */

typedef struct {
	SoupMessageHeaders *headers;
} SoupHeaderCtx;

static void
add_soup_header_cb(const gchar *name, const gchar *value, gpointer user_data)
{
	SoupHeaderCtx *ctx = user_data;
	soup_message_headers_append(ctx->headers, name, value);
}

static void
soup_handler_cb(SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query,
		gpointer user_data)
{
	SoriHttpServer *self = SORI_HTTP_SERVER(user_data);
	SoupMessageHeaders *req_headers = soup_server_message_get_request_headers(msg);
	GUri *uri = soup_server_message_get_uri(msg);
	g_auto(SoriApiResponse) response = { 0 };
	SoupHeaderCtx ctx = { soup_server_message_get_response_headers(msg) };
	SoriApiRequest request = {
		.method = soup_server_message_get_method(msg),
		.path = g_uri_get_path(uri),
		.query = g_uri_get_query(uri),
		.accept_language = soup_message_headers_get_list(req_headers, "Accept-Language"),
		.accept_encoding = soup_message_headers_get_list(req_headers, "Accept-Encoding"),
		.if_none_match = soup_message_headers_get_list(req_headers, "If-None-Match"),
		.content_type = soup_message_headers_get_one(req_headers, "Content-Type"),
	};
	g_autoptr(GBytes) request_body = NULL;
	GBytes *body;

	if (self->admin != NULL && sori_admin_owns_path(request.path)) {
		sori_admin_handle(self->admin, msg);
		soup_message_headers_replace(ctx.headers, "Connection", "close");
		return;
	}
	if (self->speech != NULL && sori_speech_service_owns_path(request.path)) {
		sori_speech_service_handle(self->speech, msg);
		soup_message_headers_replace(ctx.headers, "Connection", "close");
		return;
	}
	if (soup_server_message_get_request_body(msg)->length > 0) {
		request_body = soup_message_body_flatten(soup_server_message_get_request_body(msg));
		request.body = request_body;
	}

	sori_api_handle(self->store, &request, &response);
	soup_server_message_set_status(msg, response.status, NULL);
	sori_api_response_foreach_header(&response, add_soup_header_cb, &ctx);
	/* libsoup 3.2 closes a connection it was handed with accept_iostream()
	 * after one response; say so, rather than let the client find out */
	soup_message_headers_replace(ctx.headers, "Connection", "close");
	body = sori_api_response_get_body(&response);
	/* libsoup leaves the body out for HEAD itself, keeping its Content-Length */
	if (body != NULL)
		soup_message_body_append_bytes(soup_server_message_get_response_body(msg), body);
	g_debug("%s %s %u", request.method, request.path, response.status);
}

static void
refuse_body(SoupServerMessage *msg, SoriRepresentation *problem)
{
	SoupMessageHeaders *headers = soup_server_message_get_response_headers(msg);
	soup_server_message_set_status(msg, problem->status, NULL);
	soup_message_headers_replace(headers, "Content-Type", problem->content_type);
	soup_message_headers_replace(headers, "Access-Control-Allow-Origin", "*");
	soup_message_headers_replace(headers, "Cache-Control", "no-store");
	soup_message_headers_replace(headers, "Connection", "close");
	soup_message_body_append_bytes(soup_server_message_get_response_body(msg), problem->body);
	sori_representation_unref(problem);
}

static void
soup_got_headers_cb(SoupServerMessage *msg, gpointer user_data)
{
	SoriHttpServer *self = SORI_HTTP_SERVER(user_data);
	SoupMessageHeaders *headers = soup_server_message_get_request_headers(msg);
	const gchar *path = g_uri_get_path(soup_server_message_get_uri(msg));
	/* a catalogue for the admin API; sightings for everything else */
	gsize max_body = sori_admin_owns_path(path) ? sori_admin_max_body() : SORI_HTTP_MAX_BODY;

	/* bodies are read whole into memory: refuse large ones before reading them */
	switch (soup_message_headers_get_encoding(headers)) {
	case SOUP_ENCODING_NONE:
		break;
	case SOUP_ENCODING_CONTENT_LENGTH:
		if ((gsize) soup_message_headers_get_content_length(headers) > max_body)
			refuse_body(msg,
				    sori_problem_new(SORI_PROBLEM_BODY_TOO_LARGE, path,
						     "the body is over %" G_GSIZE_FORMAT " bytes",
						     max_body));
		break;
	case SOUP_ENCODING_CHUNKED:
	case SOUP_ENCODING_EOF:
	case SOUP_ENCODING_UNRECOGNIZED:
	case SOUP_ENCODING_BYTERANGES:
	default:
		refuse_body(msg,
			    sori_problem_new(SORI_PROBLEM_BODY_TOO_LARGE, path,
					     "send a Content-Length of at most %" G_GSIZE_FORMAT
					     " bytes",
					     max_body));
		break;
	}
	/* a request is in flight once its head has arrived; an idle keep-alive
	 * connection waiting for its next request is not */
	g_object_set_data(G_OBJECT(msg), "sori-in-flight", GINT_TO_POINTER(1));
	self->n_soup_in_flight++;
}

static void
soup_request_started_cb(SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
	g_signal_connect(msg, "got-headers", G_CALLBACK(soup_got_headers_cb), user_data);
}

static void
soup_request_done_cb(SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
	SoriHttpServer *self = SORI_HTTP_SERVER(user_data);
	if (g_object_get_data(G_OBJECT(msg), "sori-in-flight") == NULL)
		return;
	g_object_set_data(G_OBJECT(msg), "sori-in-flight", NULL);
	self->n_soup_in_flight--;
	maybe_finish_shutdown(self);
}

static void
hand_to_soup(SoriHttpServer *self, GSocket *socket)
{
	g_autoptr(GSocketConnection) connection
		= g_socket_connection_factory_create_connection(socket);
	g_autoptr(GError) error = NULL;

	g_autoptr(GSocketAddress) local = g_socket_get_local_address(socket, NULL);
	g_autoptr(GSocketAddress) remote = g_socket_get_remote_address(socket, NULL);

	g_object_weak_ref(G_OBJECT(connection), connection_closed_cb, self);
	if (local == NULL || remote == NULL) {
		g_debug("a connection closed before it could be handed to libsoup");
		return;
	}
	/* the public API never reads the remote address and nothing logs it; the
	 * admin API keys its slowing of failed logins on a keyed hash of it, in
	 * memory only */
	if (!soup_server_accept_iostream(self->soup, G_IO_STREAM(connection), local, remote,
					 &error))
		g_debug("handing a connection to libsoup failed, closing it: %s", error->message);
}

/* ------------------------------------------------------------------------ */
/* the fast path */

static void
fast_conn_free(FastConn *conn)
{
	if (conn->source != NULL) {
		g_source_destroy(conn->source);
		g_source_unref(conn->source);
	}
	if (conn->pending != NULL)
		g_byte_array_unref(conn->pending);
	g_clear_object(&conn->socket);
	g_free(conn);
}

static void
fast_conn_close(FastConn *conn)
{
	SoriHttpServer *self = conn->server;
	g_socket_close(conn->socket, NULL);
	g_hash_table_remove(self->fast_conns, conn);
	self->n_connections--;
	maybe_finish_shutdown(self);
}

/* the connection leaves the fast path; its unread bytes stay in the kernel for libsoup */
static void
fast_conn_hand_off(FastConn *conn)
{
	SoriHttpServer *self = conn->server;
	g_autoptr(GSocket) socket = g_object_ref(conn->socket);

	/* still one connection: hand_to_soup() takes over counting it */
	g_hash_table_remove(self->fast_conns, conn);
	hand_to_soup(self, socket);
}

static const gchar *
date_line(SoriHttpServer *self)
{
	gint64 second = g_get_real_time() / G_USEC_PER_SEC;
	if (second != self->date_second) {
		static const gchar *const days[]
			= { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
		static const gchar *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
						       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
		time_t t = (time_t) second;
		struct tm tm;
		gmtime_r(&t, &tm);
		g_snprintf(self->date_line, sizeof(self->date_line),
			   "Date: %s, %02d %s %04d %02d:%02d:%02d GMT\r\n", days[tm.tm_wday],
			   tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
			   tm.tm_sec);
		self->date_second = second;
	}
	return self->date_line;
}

static void
fast_conn_set_condition(FastConn *conn, GIOCondition condition)
{
	g_source_modify_unix_fd(conn->source, conn->tag, condition);
}

/* %FALSE when the connection was closed */
static gboolean
fast_conn_flush(FastConn *conn)
{
	while (conn->pending_offset < conn->pending->len) {
		gssize n = send(conn->fd, conn->pending->data + conn->pending_offset,
				conn->pending->len - conn->pending_offset, MSG_NOSIGNAL);
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			fast_conn_set_condition(conn, G_IO_OUT);
			return TRUE;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fast_conn_close(conn);
			return FALSE;
		}
		conn->pending_offset += n;
	}
	g_clear_pointer(&conn->pending, g_byte_array_unref);
	conn->pending_offset = 0;
	if (conn->close_after_write) {
		fast_conn_close(conn);
		return FALSE;
	}
	fast_conn_set_condition(conn, G_IO_IN);
	return TRUE;
}

static void
append_header_cb(const gchar *name, const gchar *value, gpointer user_data)
{
	GString *head = user_data;
	g_string_append(head, name);
	g_string_append(head, ": ");
	g_string_append(head, value);
	g_string_append(head, "\r\n");
}

static const gchar *
status_line(guint status)
{
	switch (status) {
	case 200:
		return "HTTP/1.1 200 OK\r\n";
	case 304:
		return "HTTP/1.1 304 Not Modified\r\n";
	case 400:
		return "HTTP/1.1 400 Bad Request\r\n";
	case 404:
		return "HTTP/1.1 404 Not Found\r\n";
	case 503:
		return "HTTP/1.1 503 Service Unavailable\r\n";
	default:
		return NULL;
	}
}

/* the headers of @response after the status line and Date, ending the head */
static GBytes *
build_head(const SoriApiResponse *response, gboolean closing)
{
	GBytes *body = sori_api_response_get_body(response);
	GString *head = g_string_sized_new(512);

	sori_api_response_foreach_header(response, append_header_cb, head);
	if (closing)
		g_string_append(head, "Connection: close\r\n");
	if (response->status != 304 && response->status != 204)
		g_string_append_printf(head, "Content-Length: %" G_GSIZE_FORMAT "\r\n",
				       body != NULL ? g_bytes_get_size(body) : 0);
	g_string_append(head, "\r\n");
	return g_string_free_to_bytes(head);
}

/* sends a response: the status line, Date, @head (the other headers and the
 * blank line) and @body; %FALSE when the connection was closed */
static gboolean
fast_conn_send(FastConn *conn, const gchar *status, GBytes *head, GBytes *body)
{
	SoriHttpServer *self = conn->server;
	const gchar *date = date_line(self);
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
		fast_conn_close(conn);
		return FALSE;
	}
	if (n < 0)
		n = 0;
	if ((gsize) n < total) {
		/* a short write: keep the rest and wait until the socket drains */
		gsize skip = (gsize) n;
		conn->pending = g_byte_array_sized_new(total - n);
		for (guint i = 0; i < G_N_ELEMENTS(iov); i++) {
			if (skip >= iov[i].iov_len) {
				skip -= iov[i].iov_len;
				continue;
			}
			g_byte_array_append(conn->pending, (const guint8 *) iov[i].iov_base + skip,
					    iov[i].iov_len - skip);
			skip = 0;
		}
		conn->pending_offset = 0;
		fast_conn_set_condition(conn, G_IO_OUT);
		return TRUE;
	}
	if (conn->close_after_write) {
		fast_conn_close(conn);
		return FALSE;
	}
	return TRUE;
}

/* %FALSE when the connection was closed */
static gboolean
fast_conn_respond(FastConn *conn, const SoriApiResponse *response)
{
	SoriHttpServer *self = conn->server;
	SoriRepresentation *rep = response->representation;
	GBytes *body = sori_api_response_get_body(response);
	g_autoptr(GBytes) head = NULL;
	g_autofree gchar *status_owned = NULL;
	const gchar *status = status_line(response->status);
	gboolean closing = self->shutdown_task != NULL;

	if (status == NULL) {
		status_owned = g_strdup_printf("HTTP/1.1 %u %s\r\n", response->status,
					       soup_status_get_phrase(response->status));
		status = status_owned;
	}
	/* the headers of a served representation are the same every time: build them once */
	if (!closing && sori_api_response_is_cacheable(response)) {
		guint index = (response->gzip ? 2 : 0) + (response->status == 304 ? 1 : 0);
		if (rep->wire_head[index] == NULL)
			rep->wire_head[index] = build_head(response, FALSE);
		head = g_bytes_ref(rep->wire_head[index]);
	} else {
		head = build_head(response, closing);
	}
	if (closing)
		conn->close_after_write = TRUE;
	return fast_conn_send(conn, status, head, body);
}

static gboolean
is_token_char(gchar c)
{
	return g_ascii_isalnum(c) || strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

typedef enum {
	FAST_OK,
	FAST_HAND_OFF,
} FastVerdict;

/*
 * Parses a complete request head in @buf (NUL-terminated at its end).
 * Anything it does not fully understand is handed to libsoup.
 */
static FastVerdict
parse_head(gchar *buf, SoriApiRequest *request, gchar **path_storage, const gchar **range)
{
	gchar *line = buf;
	gchar *eol;
	gchar *target;
	gchar *space;
	gboolean has_host = FALSE;
	guint n_headers = 0;

	/* request line: exactly "GET <origin-form> HTTP/1.1" */
	if (strncmp(line, "GET /", 5) != 0)
		return FAST_HAND_OFF;
	eol = strstr(line, "\r\n");
	*eol = '\0';
	target = line + 4;
	space = strchr(target, ' ');
	if (space == NULL || strcmp(space, " HTTP/1.1") != 0)
		return FAST_HAND_OFF;
	*space = '\0';
	for (gchar *p = target; *p != '\0'; p++) {
		/* visible ASCII only; no fragments */
		if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7f || *p == '#')
			return FAST_HAND_OFF;
	}
	/* dot segments are normalised by libsoup; the fast path does not try */
	if (strstr(target, "/.") != NULL || strstr(target, "//") != NULL)
		return FAST_HAND_OFF;
	{
		gchar *question = strchr(target, '?');
		if (question != NULL) {
			*question = '\0';
			request->query = question + 1;
		}
		*path_storage = target;
		request->path = target;
		/* only the public read API and the web app: the admin API and anything
		 * new stays with libsoup */
		if (!g_str_has_prefix(target, "/v1/venues") && !g_str_has_prefix(target, "/healthz")
		    && !g_str_has_prefix(target, "/v1/media/")
		    && sori_webapp_route(target, NULL) == SORI_WEBAPP_ROUTE_NONE)
			return FAST_HAND_OFF;
		/* audio and captions may need rendering: libsoup can wait for that */
		if (sori_speech_service_owns_path(target)
		    && !g_str_has_prefix(target, "/v1/media/"))
			return FAST_HAND_OFF;
		/* curators' uploads are served from disk by the admin module */
		if (sori_admin_owns_path(target))
			return FAST_HAND_OFF;
	}
	request->method = "GET";

	for (line = eol + 2; *line != '\0'; line = eol + 2) {
		gchar *colon;
		gchar *value;
		gchar *end;
		gsize name_len;

		eol = strstr(line, "\r\n");
		if (eol == NULL)
			return FAST_HAND_OFF;
		*eol = '\0';
		if (*line == '\0')
			break; /* the empty line that ends the head */
		if (++n_headers > FAST_HEADERS_MAX)
			return FAST_HAND_OFF;
		colon = strchr(line, ':');
		if (colon == NULL || colon == line)
			return FAST_HAND_OFF;
		name_len = colon - line;
		for (gsize i = 0; i < name_len; i++) {
			if (!is_token_char(line[i]))
				return FAST_HAND_OFF;
		}
		value = colon + 1;
		while (*value == ' ' || *value == '\t')
			value++;
		end = eol;
		while (end > value && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		*end = '\0';
		for (gchar *p = value; *p != '\0'; p++) {
			if (((guchar) *p < 0x20 && *p != '\t') || *p == 0x7f)
				return FAST_HAND_OFF;
		}
		*colon = '\0';
#define IS(h) (name_len == strlen(h) && g_ascii_strcasecmp(line, h) == 0)
		if (IS("Host")) {
			if (has_host)
				return FAST_HAND_OFF;
			has_host = TRUE;
		} else if (IS("Accept-Language")) {
			if (request->accept_language != NULL)
				return FAST_HAND_OFF;
			request->accept_language = value;
		} else if (IS("Accept-Encoding")) {
			if (request->accept_encoding != NULL)
				return FAST_HAND_OFF;
			request->accept_encoding = value;
		} else if (IS("If-None-Match")) {
			if (request->if_none_match != NULL)
				return FAST_HAND_OFF;
			request->if_none_match = value;
		} else if (IS("Connection")) {
			/* keep-alive is HTTP/1.1's default; anything else is libsoup's to honour */
			if (g_ascii_strcasecmp(value, "keep-alive") != 0)
				return FAST_HAND_OFF;
		} else if (IS("Range") && g_str_has_prefix(request->path, "/v1/media/")) {
			/* media: the player's Range requests are the fast path's to answer */
			if (*range != NULL)
				return FAST_HAND_OFF;
			*range = value;
		} else if (IS("Content-Length") || IS("Transfer-Encoding") || IS("Range")
			   || IS("If-Range") || IS("Expect") || IS("Upgrade")
			   || IS("If-Modified-Since") || IS("If-Match") || IS("If-Unmodified-Since")
			   || IS("Authorization") || IS("TE")) {
			return FAST_HAND_OFF;
		}
#undef IS
	}
	if (!has_host)
		return FAST_HAND_OFF;
	return FAST_OK;
}

/* a single byte range of @size bytes: "bytes=A-B", "bytes=A-" or "bytes=-N" */
static gboolean
parse_range(const gchar *range, gsize size, gsize *start, gsize *end)
{
	guint64 a = 0;
	guint64 b = 0;
	const gchar *dash;
	if (!g_str_has_prefix(range, "bytes=") || strchr(range, ',') != NULL || size == 0)
		return FALSE;
	range += 6;
	dash = strchr(range, '-');
	if (dash == NULL)
		return FALSE;
	if (dash == range) {
		if (!g_ascii_string_to_unsigned(dash + 1, 10, 1, G_MAXUINT64, &b, NULL))
			return FALSE;
		*start = b >= size ? 0 : size - b;
		*end = size - 1;
		return TRUE;
	}
	{
		g_autofree gchar *first = g_strndup(range, dash - range);
		if (!g_ascii_string_to_unsigned(first, 10, 0, G_MAXUINT64, &a, NULL) || a >= size)
			return FALSE;
	}
	if (dash[1] == '\0')
		b = size - 1;
	else if (!g_ascii_string_to_unsigned(dash + 1, 10, a, G_MAXUINT64, &b, NULL))
		return FALSE;
	*start = a;
	*end = MIN(b, size - 1);
	return TRUE;
}

/* media from the speech cache, with Range; %FALSE when it is libsoup's to answer */
static gboolean
fast_conn_media(FastConn *conn, const gchar *name, const gchar *range, const gchar *if_none_match,
		gboolean *alive)
{
	SoriHttpServer *self = conn->server;
	g_autoptr(GBytes) bytes = NULL;
	g_autoptr(GBytes) body = NULL;
	g_autoptr(GString) head = g_string_sized_new(400);
	g_autoptr(GBytes) head_bytes = NULL;
	g_autofree gchar *etag = g_strdup_printf("\"%s\"", name);
	const gchar *status = "HTTP/1.1 200 OK\r\n";
	gsize size;
	gsize start = 0;
	gsize end = 0;

	if (self->speech == NULL || self->shutdown_task != NULL
	    || (bytes = sori_speech_service_lookup_media(self->speech, name)) == NULL)
		return FALSE;
	size = g_bytes_get_size(bytes);
	if (range != NULL && !parse_range(range, size, &start, &end))
		return FALSE; /* unsatisfiable or several ranges: libsoup's 416 or multipart */
	g_string_append_printf(head,
			       "ETag: %s\r\nCache-Control: public, max-age=31536000, immutable\r\n"
			       "Access-Control-Allow-Origin: *\r\nAccess-Control-Expose-Headers: "
			       "Content-Range, Content-Length, ETag\r\nAccept-Ranges: bytes\r\n"
			       "X-Content-Type-Options: nosniff\r\n",
			       etag);
	if (if_none_match != NULL && strstr(if_none_match, etag) != NULL) {
		status = "HTTP/1.1 304 Not Modified\r\n";
	} else {
		g_string_append_printf(head, "Content-Type: %s\r\n",
				       sori_speech_service_media_type(name));
		if (range != NULL) {
			status = "HTTP/1.1 206 Partial Content\r\n";
			g_string_append_printf(head,
					       "Content-Range: bytes %" G_GSIZE_FORMAT
					       "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT "\r\n",
					       start, end, size);
			body = g_bytes_new_from_bytes(bytes, start, end - start + 1);
		} else {
			body = g_bytes_ref(bytes);
		}
		g_string_append_printf(head, "Content-Length: %" G_GSIZE_FORMAT "\r\n",
				       g_bytes_get_size(body));
	}
	g_string_append(head, "\r\n");
	head_bytes = g_bytes_new(head->str, head->len);
	*alive = fast_conn_send(conn, status, head_bytes, body);
	return TRUE;
}

/* %FALSE when the connection is gone from the fast path (closed or handed off) */
static gboolean
fast_conn_serve_one(FastConn *conn)
{
	SoriHttpServer *self = conn->server;
	gchar *buf = self->head_buf;
	SoriApiRequest request = { 0 };
	g_auto(SoriApiResponse) response = { 0 };
	gchar *path = NULL;
	const gchar *range = NULL;
	gchar *end;
	gssize n;
	gsize head_len;

	do {
		n = recv(conn->fd, buf, FAST_HEAD_MAX, MSG_PEEK);
	} while (n < 0 && errno == EINTR);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
		fast_conn_close(conn);
		return FALSE;
	}
	if (n < 0)
		return TRUE; /* spurious wake-up */
	buf[n] = '\0';
	end = g_strstr_len(buf, n, "\r\n\r\n");
	if (end == NULL || memchr(buf, '\0', n) != NULL) {
		/* incomplete, oversized or binary: libsoup reads it, slowly if need be */
		fast_conn_hand_off(conn);
		return FALSE;
	}
	head_len = (end - buf) + 4;
	end[2] = '\0';
	end[3] = '\0';
	if (parse_head(buf, &request, &path, &range) != FAST_OK) {
		fast_conn_hand_off(conn);
		return FALSE;
	}
	if (g_str_has_prefix(request.path, "/v1/media/")) {
		gboolean alive = TRUE;
		g_autofree gchar *name = g_strdup(request.path + strlen("/v1/media/"));
		g_autofree gchar *if_none_match = g_strdup(request.if_none_match);
		g_autofree gchar *range_copy = g_strdup(range);
		g_autoptr(GBytes) media
			= self->speech != NULL && request.query == NULL
				  ? sori_speech_service_lookup_media(self->speech, name)
				  : NULL;
		gsize start;
		gsize stop;
		/* missing, or a range to refuse (416) or to split: libsoup answers those */
		if (media == NULL
		    || (range != NULL
			&& !parse_range(range, g_bytes_get_size(media), &start, &stop))) {
			fast_conn_hand_off(conn);
			return FALSE;
		}
		/* a response is ready: take the head off the socket, then answer */
		do {
			n = recv(conn->fd, buf, head_len, 0);
		} while (n < 0 && errno == EINTR);
		if (n != (gssize) head_len) {
			fast_conn_close(conn);
			return FALSE;
		}
		conn->last_active = now_seconds();
		if (!fast_conn_media(conn, name, range_copy, if_none_match, &alive)) {
			fast_conn_close(conn);
			return FALSE;
		}
		return alive && conn->pending == NULL;
	}
	sori_api_handle(self->store, &request, &response);
	g_debug("%s %s %u (fast path)", request.method, request.path, response.status);

	/* the head was peeked; now take it off the socket */
	do {
		n = recv(conn->fd, buf, head_len, 0);
	} while (n < 0 && errno == EINTR);
	if (n != (gssize) head_len) {
		fast_conn_close(conn);
		return FALSE;
	}
	conn->last_active = now_seconds();
	if (!fast_conn_respond(conn, &response))
		return FALSE;
	return conn->pending == NULL;
}

static gboolean
fast_conn_dispatch(GSource *source, GSourceFunc callback, gpointer user_data)
{
	FastConnSource *fsource = (FastConnSource *) source;
	FastConn *conn = fsource->conn;
	GIOCondition condition = g_source_query_unix_fd(source, conn->tag);

	if (conn->pending != NULL) {
		if (condition & (G_IO_ERR | G_IO_NVAL)) {
			fast_conn_close(conn);
			return G_SOURCE_CONTINUE;
		}
		if (condition & (G_IO_OUT | G_IO_HUP))
			fast_conn_flush(conn);
		return G_SOURCE_CONTINUE;
	}
	if (condition & (G_IO_IN | G_IO_HUP | G_IO_ERR | G_IO_NVAL)) {
		/* one request per wake-up: a pipelining client cannot starve the others */
		fast_conn_serve_one(conn);
	}
	return G_SOURCE_CONTINUE;
}

static GSourceFuncs fast_conn_source_funcs = {
	.dispatch = fast_conn_dispatch,
};

static void
fast_conn_new(SoriHttpServer *self, GSocket *socket)
{
	FastConn *conn = g_new0(FastConn, 1);
	FastConnSource *fsource;

	conn->server = self;
	conn->socket = g_object_ref(socket);
	conn->fd = g_socket_get_fd(socket);
	conn->last_active = now_seconds();
	conn->source = g_source_new(&fast_conn_source_funcs, sizeof(FastConnSource));
	fsource = (FastConnSource *) conn->source;
	fsource->conn = conn;
	conn->tag = g_source_add_unix_fd(conn->source, conn->fd, G_IO_IN);
	g_source_set_name(conn->source, "sori-fast-conn");
	g_source_attach(conn->source, NULL);
	g_hash_table_add(self->fast_conns, conn);
}

static gboolean
sweep_idle_cb(gpointer user_data)
{
	SoriHttpServer *self = SORI_HTTP_SERVER(user_data);
	gint64 now = now_seconds();
	g_autoptr(GPtrArray) idle = g_ptr_array_new();
	GHashTableIter iter;
	gpointer key;

	g_hash_table_iter_init(&iter, self->fast_conns);
	while (g_hash_table_iter_next(&iter, &key, NULL)) {
		FastConn *conn = key;
		if (conn->pending == NULL && now - conn->last_active >= self->idle_timeout)
			g_ptr_array_add(idle, conn);
	}
	for (guint i = 0; i < idle->len; i++)
		fast_conn_close(g_ptr_array_index(idle, i));
	return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------------ */
/* accepting */

static gboolean
accept_cb(GSocket *listen_socket, GIOCondition condition, gpointer user_data)
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
		if (self->n_connections >= self->max_connections) {
			g_debug("connection limit of %u reached, refusing a connection",
				self->max_connections);
			g_socket_close(socket, NULL);
			continue;
		}
		g_socket_set_option(socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
		self->n_connections++;
		if (self->fast_path)
			fast_conn_new(self, socket);
		else
			hand_to_soup(self, socket);
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
	/* accept_cb() takes connections until the queue is empty */
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
	g_source_set_callback(self->accept_source, G_SOURCE_FUNC(accept_cb), self, NULL);
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
 * sori_http_server_set_admin:
 * @admin: (nullable): answers /v1/admin/
 */
void
sori_http_server_set_admin(SoriHttpServer *self, SoriAdmin *admin)
{
	g_set_object(&self->admin, admin);
}

/**
 * sori_http_server_set_speech_service:
 * @speech: (nullable): answers the audio, captions and media routes
 */
void
sori_http_server_set_speech_service(SoriHttpServer *self, SoriSpeechService *speech)
{
	g_set_object(&self->speech, speech);
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
fast_conns_snapshot(SoriHttpServer *self)
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
finish_shutdown(SoriHttpServer *self)
{
	g_autoptr(GTask) task = g_steal_pointer(&self->shutdown_task);
	g_autoptr(GPtrArray) conns = fast_conns_snapshot(self);

	g_clear_handle_id(&self->shutdown_timeout_id, g_source_remove);
	for (guint i = 0; i < conns->len; i++)
		fast_conn_close(g_ptr_array_index(conns, i));
	soup_server_disconnect(self->soup);
	g_task_return_boolean(task, TRUE);
}

static void
maybe_finish_shutdown(SoriHttpServer *self)
{
	if (self->shutdown_task == NULL)
		return;
	if (self->n_soup_in_flight > 0 || g_hash_table_size(self->fast_conns) > 0)
		return;
	finish_shutdown(self);
}

static gboolean
shutdown_timeout_cb(gpointer user_data)
{
	SoriHttpServer *self = SORI_HTTP_SERVER(user_data);
	self->shutdown_timeout_id = 0;
	g_warning("%u requests still in flight after the shutdown timeout, closing them",
		  self->n_soup_in_flight + g_hash_table_size(self->fast_conns));
	finish_shutdown(self);
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
	conns = fast_conns_snapshot(self);
	for (guint i = 0; i < conns->len; i++) {
		FastConn *conn = g_ptr_array_index(conns, i);
		if (conn->pending != NULL)
			conn->close_after_write = TRUE;
		else
			fast_conn_close(conn);
	}
	if (self->shutdown_task == NULL)
		return; /* that closed the last one */
	self->shutdown_timeout_id
		= g_timeout_add_seconds(timeout_seconds, shutdown_timeout_cb, self);
	maybe_finish_shutdown(self);
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
	g_clear_object(&self->speech);
	g_clear_object(&self->admin);
	g_clear_object(&self->listen_socket);
	g_clear_object(&self->store);
	G_OBJECT_CLASS(sori_http_server_parent_class)->dispose(object);
}

static void
sori_http_server_finalize(GObject *object)
{
	SoriHttpServer *self = SORI_HTTP_SERVER(object);
	g_clear_pointer(&self->fast_conns, g_hash_table_unref);
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
	self->max_connections = 4096;
	self->fast_path = TRUE;
	self->fast_conns = g_hash_table_new_full(g_direct_hash, g_direct_equal,
						 (GDestroyNotify) fast_conn_free, NULL);
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
	/* the app's files are compressed once, here, not in a visitor's request */
	sori_webapp_init();
	self->soup = soup_server_new(NULL, NULL);
	soup_server_add_handler(self->soup, NULL, soup_handler_cb, self, NULL);
	g_signal_connect(self->soup, "request-started", G_CALLBACK(soup_request_started_cb), self);
	g_signal_connect(self->soup, "request-finished", G_CALLBACK(soup_request_done_cb), self);
	g_signal_connect(self->soup, "request-aborted", G_CALLBACK(soup_request_done_cb), self);
	self->sweep_id = g_timeout_add_seconds(SWEEP_INTERVAL_SECS, sweep_idle_cb, self);
	return self;
}
