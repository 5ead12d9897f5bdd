/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Requests and answers, the same for both HTTP front ends (libsoup's and the
 * keep-alive fast path): a handler fills a SoriHttpResponse, and each front
 * end writes it with the headers sori_http_response_foreach_header() gives.
 * Here too is the one responder for stored bytes (media, speech, uploads):
 * If-None-Match, Range and If-Range are answered in one place.
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include <string.h>

#include "sori-http-message.h"
#include "sori-metrics.h"
#include "sori-http-range.h"

#define CACHE_CONTROL_PROBLEM "no-store"
#define CACHE_CONTROL_DATA    "public, max-age=60"

void
sori_http_response_clear(SoriHttpResponse *self)
{
	g_clear_pointer(&self->representation, sori_representation_unref);
	g_clear_pointer(&self->bytes, g_bytes_unref);
	g_clear_pointer(&self->etag, g_free);
	g_clear_pointer(&self->content_range, g_free);
	g_clear_pointer(&self->location, g_free);
}

static void
sori_http_response_foreach_cors_header(const SoriHttpResponse *self, SoriHttpHeaderFunc func,
				       gpointer user_data)
{
	if (self->preflight) {
		func("Access-Control-Allow-Origin", "*", user_data);
		func("Access-Control-Allow-Methods", self->allow, user_data);
		func("Access-Control-Allow-Headers", self->preflight_headers, user_data);
		func("Access-Control-Max-Age", "86400", user_data);
		return;
	}
	switch (self->cors) {
	case SORI_HTTP_CORS_PUBLIC:
		/* the data is public, so a venue's own website may read it, errors included */
		func("Access-Control-Allow-Origin", "*", user_data);
		func("Access-Control-Expose-Headers",
		     self->accepts_ranges ? "Content-Range, Content-Length, ETag"
					  : "ETag, Content-Language",
		     user_data);
		break;
	case SORI_HTTP_CORS_NONE:
	default:
		break;
	}
}

/**
 * sori_http_response_foreach_header:
 * @func: called once per header, Content-Length and Date excepted
 *
 * The headers of an answer, the same for every front end.
 */
void
sori_http_response_foreach_header(const SoriHttpResponse *self, SoriHttpHeaderFunc func,
				  gpointer user_data)
{
	SoriRepresentation *rep = self->representation;

	if (self->webapp) {
		/* the app's own scripts only, no referrer leaves the phone, no framing */
		func("Content-Security-Policy", self->security_policy, user_data);
		func("Referrer-Policy", "no-referrer", user_data);
		/* the camera only where a page needs it (the camera and directions pages) */
		func("Permissions-Policy",
		     self->permissions_policy != NULL ? self->permissions_policy
						      : "camera=(), microphone=(), geolocation=()",
		     user_data);
		func("Cross-Origin-Opener-Policy", "same-origin", user_data);
	}
	sori_http_response_foreach_cors_header(self, func, user_data);
	if (self->allow != NULL)
		func("Allow", self->allow, user_data);
	if (self->cache_control != NULL)
		func("Cache-Control", self->cache_control, user_data);
	if (self->vary != NULL)
		func("Vary", self->vary, user_data);
	if (self->location != NULL)
		func("Location", self->location, user_data);
	if (self->www_authenticate != NULL)
		func("WWW-Authenticate", self->www_authenticate, user_data);
	if (self->retry_after > 0) {
		gchar seconds[16];
		g_snprintf(seconds, sizeof(seconds), "%u", self->retry_after);
		func("Retry-After", seconds, user_data);
	}
	func("X-Content-Type-Options", "nosniff", user_data);
	if (self->accepts_ranges)
		func("Accept-Ranges", "bytes", user_data);
	if (self->etag != NULL)
		func("ETag", self->etag, user_data);
	if (self->content_range != NULL)
		func("Content-Range", self->content_range, user_data);
	if (self->bytes != NULL && self->status != 304)
		func("Content-Type", self->bytes_type, user_data);
	if (rep == NULL)
		return;
	if (self->status != 304)
		func("Content-Type", rep->content_type, user_data);
	if (rep->content_language != NULL)
		func("Content-Language", rep->content_language, user_data);
	/* answers that are not to be kept have no validator either */
	if (sori_http_response_is_cacheable(self))
		func("ETag", self->gzip ? rep->etag_gzip : rep->etag, user_data);
	if (self->gzip && self->status != 304)
		func("Content-Encoding", "gzip", user_data);
}

/**
 * sori_http_response_is_cacheable:
 *
 * Returns: %TRUE for a representation that caches may keep, whose headers are
 *	then the same each time it is served
 */
gboolean
sori_http_response_is_cacheable(const SoriHttpResponse *self)
{
	return self->representation != NULL && (self->status == 200 || self->status == 304)
	       && (g_str_has_prefix(self->cache_control, "public") || self->webapp);
}

/**
 * sori_http_response_get_body:
 *
 * Returns: (transfer none) (nullable): the body to send, %NULL when there is none
 */
GBytes *
sori_http_response_get_body(const SoriHttpResponse *self)
{
	if (!self->send_body)
		return NULL;
	if (self->bytes != NULL)
		return self->bytes;
	if (self->representation == NULL)
		return NULL;
	return self->gzip ? self->representation->body_gzip : self->representation->body;
}

/**
 * sori_http_accepts_gzip:
 * @accept_encoding: (nullable): the Accept-Encoding header
 *
 * Returns: %TRUE when the client takes gzip (and did not refuse it with q=0)
 */
gboolean
sori_http_accepts_gzip(const gchar *accept_encoding)
{
	g_auto(GStrv) items = NULL;

	if (accept_encoding == NULL || strlen(accept_encoding) > 256)
		return FALSE;
	items = g_strsplit(accept_encoding, ",", 16);
	for (guint i = 0; items[i] != NULL; i++) {
		gchar *semicolon = strchr(items[i], ';');
		gchar *coding;
		if (semicolon != NULL)
			*semicolon = '\0';
		coding = g_strstrip(items[i]);
		if (g_ascii_strcasecmp(coding, "gzip") != 0)
			continue;
		/* gzip;q=0 refuses it */
		if (semicolon != NULL) {
			const gchar *q = strstr(semicolon + 1, "q=");
			if (q != NULL && g_ascii_strtod(q + 2, NULL) <= 0)
				return FALSE;
		}
		return TRUE;
	}
	return FALSE;
}

/* forgets what the answer was to be, keeping what the route said of it */
static void
sori_http_response_reset(SoriHttpResponse *self)
{
	SoriHttpCors cors = self->cors;
	const gchar *allow = self->allow;
	sori_http_response_clear(self);
	memset(self, 0, sizeof(*self));
	self->cors = cors;
	self->allow = allow;
}

/**
 * sori_http_response_set_error:
 * @request: what was asked; its path is the problem's instance
 * @error: why it failed, in %SORI_PROBLEM_ERROR or any domain that
 *	sori_problem_from_error() converts
 *
 * The one way a handler answers with a problem.
 */
void
sori_http_response_set_error(SoriHttpResponse *self, const SoriHttpRequest *request,
			     const GError *error)
{
	SoriRepresentation *problem = sori_problem_new_from_error(error, request->path);
	const gchar *allow = self->allow;

	sori_http_response_reset(self);
	/* Allow belongs to 405s only */
	if (problem->status == 405)
		self->allow = allow;
	self->status = problem->status;
	self->representation = problem;
	self->send_body = TRUE; /* libsoup drops it for HEAD */
	self->cache_control = CACHE_CONTROL_PROBLEM;
	/* an error says nothing private: a venue's own website may read why */
	self->cors = SORI_HTTP_CORS_PUBLIC;
	/* a venue being read at start-up is there in a moment */
	if (g_error_matches(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_VENUE_LOADING))
		self->retry_after = SORI_HTTP_VENUE_LOADING_RETRY_S;
}

/**
 * sori_http_response_fail:
 * @problem: what went wrong
 * @format: the detail, in plain words
 *
 * sori_http_response_set_error() with a %SORI_PROBLEM_ERROR made here.
 */
void
sori_http_response_fail(SoriHttpResponse *self, const SoriHttpRequest *request, SoriProblem problem,
			const gchar *format, ...)
{
	g_autoptr(GError) error = NULL;
	va_list args;

	va_start(args, format);
	error = g_error_new_valist(SORI_PROBLEM_ERROR, problem, format, args);
	va_end(args);
	sori_http_response_set_error(self, request, error);
}

/**
 * sori_http_response_set_representation:
 * @representation: (transfer none): what to answer with
 * @vary: (nullable): the request headers it depends on
 *
 * A representation that caches may keep for a minute; 304 when the client
 * has it, gzip when the client takes it.
 */
void
sori_http_response_set_representation(SoriHttpResponse *self, const SoriHttpRequest *request,
				      SoriRepresentation *representation, const gchar *vary)
{
	gboolean gzip = representation->body_gzip != NULL
			&& sori_http_accepts_gzip(request->accept_encoding);

	g_clear_pointer(&self->representation, sori_representation_unref);
	self->representation = sori_representation_ref(representation);
	self->gzip = gzip;
	self->cache_control = CACHE_CONTROL_DATA;
	self->vary = vary;
	if (sori_representation_matches_etag(representation, request->if_none_match, gzip)) {
		self->status = 304;
		self->send_body = FALSE;
		return;
	}
	self->status = representation->status;
	self->send_body = TRUE; /* libsoup drops it for HEAD */
}

/**
 * sori_http_response_set_json:
 * @content_type: (nullable): application/json when %NULL
 *
 * An answer for this request only (Cache-Control: no-store).
 */
void
sori_http_response_set_json(SoriHttpResponse *self, guint status, const gchar *content_type,
			    JsonNode *node)
{
	sori_http_response_reset(self);
	self->status = status;
	self->representation = sori_representation_new_json(
		status, content_type != NULL ? content_type : "application/json", NULL, node);
	self->send_body = TRUE;
	self->cache_control = "no-store";
}

/**
 * sori_http_response_set_body:
 * @content_type: (nullable): for a status without a body
 * @body: (nullable) (transfer none)
 *
 * Bytes for this request only (Cache-Control: no-store), with no validator.
 */
void
sori_http_response_set_body(SoriHttpResponse *self, guint status, const gchar *content_type,
			    GBytes *body)
{
	sori_http_response_reset(self);
	self->status = status;
	self->bytes = body != NULL ? g_bytes_ref(body) : NULL;
	self->bytes_type = content_type;
	self->send_body = body != NULL;
	self->cache_control = "no-store";
}

/**
 * sori_http_response_set_stored:
 * @bytes: (transfer none): the whole file
 * @content_type: its type
 * @name: its content-addressed name, which is its ETag too
 *
 * The one responder for stored, immutable bytes: media, speech and uploads.
 * If-None-Match (a list, weak or `*`) is a 304; a single satisfiable Range a
 * 206 (unless If-Range names another file); a Range outside the file a 416;
 * several ranges, or one that does not parse, the whole file.
 */
void
sori_http_response_set_stored(SoriHttpResponse *self, const SoriHttpRequest *request, GBytes *bytes,
			      const gchar *content_type, const gchar *name)
{
	gsize size = g_bytes_get_size(bytes);
	gsize start = 0;
	gsize end = 0;
	g_autofree gchar *etag = g_strdup_printf("\"%s\"", name);
	SoriHttpRange range = SORI_HTTP_RANGE_NONE;

	sori_http_response_reset(self);
	self->cache_control = "public, max-age=31536000, immutable";
	self->accepts_ranges = TRUE;
	if (sori_http_etag_matches(request->if_none_match, etag)) {
		self->status = 304;
		self->etag = g_steal_pointer(&etag);
		return;
	}
	/* If-Range: the range is of this very file, or the whole file is sent */
	if (request->range != NULL && g_strcmp0(request->method, "GET") == 0
	    && (request->if_range == NULL || g_strcmp0(request->if_range, etag) == 0))
		range = sori_http_range_parse(request->range, size, &start, &end);
	switch (range) {
	case SORI_HTTP_RANGE_UNSATISFIABLE: {
		g_autofree gchar *content_range = g_strdup_printf("bytes */%" G_GSIZE_FORMAT, size);
		sori_http_response_fail(self, request, SORI_PROBLEM_RANGE_NOT_SATISFIABLE,
					"the file is %" G_GSIZE_FORMAT " bytes long", size);
		self->accepts_ranges = TRUE;
		self->content_range = g_steal_pointer(&content_range);
		return;
	}
	case SORI_HTTP_RANGE_SATISFIABLE:
		self->status = 206;
		self->bytes = g_bytes_new_from_bytes(bytes, start, end - start + 1);
		self->content_range = g_strdup_printf("bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT
						      "/%" G_GSIZE_FORMAT,
						      start, end, size);
		break;
	case SORI_HTTP_RANGE_NONE:
	default:
		self->status = 200;
		self->bytes = g_bytes_ref(bytes);
		break;
	}
	self->etag = g_steal_pointer(&etag);
	self->bytes_type = content_type;
	self->send_body = TRUE; /* libsoup drops it for HEAD */
}

/**
 * sori_http_response_set_redirect:
 * @location: where to
 *
 * A 302 that caches may keep for a minute: where an exhibit's text leads
 * changes when its catalogue does.
 */
void
sori_http_response_set_redirect(SoriHttpResponse *self, const gchar *location)
{
	sori_http_response_reset(self);
	self->status = 302;
	self->location = g_strdup(location);
	self->cache_control = CACHE_CONTROL_DATA;
	self->vary = "Accept-Language";
}

static void
sori_http_append_soup_header_cb(const gchar *name, const gchar *value, gpointer user_data)
{
	soup_message_headers_append(user_data, name, value);
}

static void
sori_http_append_wire_header_cb(const gchar *name, const gchar *value, gpointer user_data)
{
	GString *head = user_data;
	g_string_append(head, name);
	g_string_append(head, ": ");
	g_string_append(head, value);
	g_string_append(head, "\r\n");
}

/**
 * sori_http_status_line:
 *
 * Returns: (nullable): the status line of the statuses sorid answers most,
 *	ready to send; %NULL for the others
 */
const gchar *
sori_http_status_line(guint status)
{
	switch (status) {
	case 200:
		return "HTTP/1.1 200 OK\r\n";
	case 206:
		return "HTTP/1.1 206 Partial Content\r\n";
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

/**
 * sori_http_response_build_head:
 * @closing: whether the connection closes after it
 *
 * Returns: (transfer full): the headers of @self as they go on the wire after
 *	the status line and Date, Content-Length included, ending the head
 */
GBytes *
sori_http_response_build_head(const SoriHttpResponse *response, gboolean closing)
{
	GBytes *body = sori_http_response_get_body(response);
	GString *head = g_string_sized_new(512);

	sori_http_response_foreach_header(response, sori_http_append_wire_header_cb, head);
	if (closing)
		g_string_append(head, "Connection: close\r\n");
	if (response->status != 304 && response->status != 204)
		g_string_append_printf(head, "Content-Length: %" G_GSIZE_FORMAT "\r\n",
				       body != NULL ? g_bytes_get_size(body) : 0);
	g_string_append(head, "\r\n");
	return g_string_free_to_bytes(head);
}

/**
 * sori_http_response_to_wire:
 * @date_line: "Date: …\r\n"
 *
 * Returns: (transfer full): the whole answer as it goes on the wire, for a
 *	connection that closes after it
 */
GBytes *
sori_http_response_to_wire(const SoriHttpResponse *self, const gchar *date_line)
{
	g_autoptr(GBytes) head = sori_http_response_build_head(self, TRUE);
	GBytes *body = sori_http_response_get_body(self);
	const gchar *status = sori_http_status_line(self->status);
	GString *wire = g_string_sized_new(1024);

	if (status != NULL)
		g_string_append(wire, status);
	else
		g_string_append_printf(wire, "HTTP/1.1 %u %s\r\n", self->status,
				       soup_status_get_phrase(self->status));
	g_string_append(wire, date_line);
	g_string_append_len(wire, g_bytes_get_data(head, NULL), g_bytes_get_size(head));
	if (body != NULL)
		g_string_append_len(wire, g_bytes_get_data(body, NULL), g_bytes_get_size(body));
	return g_string_free_to_bytes(wire);
}

/**
 * sori_http_response_send:
 * @msg: the libsoup message to answer
 *
 * Writes an answer the way the fast path would, less keep-alive: libsoup
 * 3.2 closes a connection it was handed after one response, and says so.
 */
void
sori_http_response_send(const SoriHttpResponse *self, SoupServerMessage *msg)
{
	SoupMessageHeaders *headers = soup_server_message_get_response_headers(msg);
	GBytes *body = sori_http_response_get_body(self);

	soup_server_message_set_status(msg, self->status, NULL);
	sori_http_response_foreach_header(self, sori_http_append_soup_header_cb, headers);
	soup_message_headers_replace(headers, "Connection", "close");
	/* ranges are answered above, once: libsoup is not to cut the body again */
	soup_message_headers_remove(soup_server_message_get_request_headers(msg), "Range");
	/* libsoup leaves the body out for HEAD itself, keeping its Content-Length */
	if (body != NULL)
		soup_message_body_append_bytes(soup_server_message_get_response_body(msg), body);
	if (body != NULL && self->accepts_ranges
	    && g_strcmp0(soup_server_message_get_method(msg), "HEAD") != 0)
		sori_metrics_count_media(g_bytes_get_size(body), self->content_range != NULL);
}

/**
 * sori_http_request_init_from_message:
 * @self: (out caller-allocates): borrows from @msg
 *
 * The request @msg makes, its body included when it has one.
 */
void
sori_http_request_init_from_message(SoriHttpRequest *self, SoupServerMessage *msg)
{
	SoupMessageHeaders *headers = soup_server_message_get_request_headers(msg);
	SoupMessageBody *body = soup_server_message_get_request_body(msg);
	GUri *uri = soup_server_message_get_uri(msg);

	memset(self, 0, sizeof(*self));
	self->method = soup_server_message_get_method(msg);
	self->path = g_uri_get_path(uri);
	self->query = g_uri_get_query(uri);
	self->accept_language = soup_message_headers_get_list(headers, "Accept-Language");
	self->accept_encoding = soup_message_headers_get_list(headers, "Accept-Encoding");
	self->if_none_match = soup_message_headers_get_list(headers, "If-None-Match");
	self->range = soup_message_headers_get_one(headers, "Range");
	self->if_range = soup_message_headers_get_one(headers, "If-Range");
	self->content_type = soup_message_headers_get_one(headers, "Content-Type");
	self->authorization = soup_message_headers_get_one(headers, "Authorization");
	self->msg = msg;
	/* the body stays the message's; a flattened copy is borrowed from it */
	if (body->length > 0) {
		GBytes *flat = soup_message_body_flatten(body);
		g_object_set_data_full(G_OBJECT(msg), "sori-request-body", flat,
				       (GDestroyNotify) g_bytes_unref);
		self->body = flat;
	}
}
