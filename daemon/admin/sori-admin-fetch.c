/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One remote medium fetched into the media store, safely on a hostile
 * network: https only, each of at most three redirects checked again, never
 * a connection to a loopback, private, link-local, multicast or otherwise
 * non-global address whatever the name resolves to (the address is checked
 * as the socket is about to connect, which DNS rebinding cannot slip past),
 * a deadline, the body streamed to a file and never past the size uploads
 * of its kind may have, and its type read from its bytes, not from what the
 * server says. Operators may open chosen host:port pairs (and a CA) for
 * test servers: `[sorid] fetch-media-from`.
 */

#define G_LOG_DOMAIN "sori-admin"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "sori-admin-fetch.h"
#include "sori-admin-private.h"
#include "sori-problem.h"

struct _SoriAdminFetch {
	GObject parent_instance;
	SoupSession *session;
	GStrv allowed;     /* host:port, fetched from even when not global */
	GTlsDatabase *cas; /* nullable: trusted for the allowed hosts */
	guint medium_s;
	guint publish_s;
	GHashTable *cache; /* "<kind> <url>" → the file it was kept as */
};

G_DEFINE_TYPE(SoriAdminFetch, sori_admin_fetch, G_TYPE_OBJECT)

static void
sori_admin_fetch_finalize(GObject *object)
{
	SoriAdminFetch *self = SORI_ADMIN_FETCH(object);
	g_clear_object(&self->session);
	g_strfreev(self->allowed);
	g_clear_object(&self->cas);
	g_hash_table_unref(self->cache);
	G_OBJECT_CLASS(sori_admin_fetch_parent_class)->finalize(object);
}

static void
sori_admin_fetch_class_init(SoriAdminFetchClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = sori_admin_fetch_finalize;
}

static void
sori_admin_fetch_init(SoriAdminFetch *self)
{
	self->medium_s = SORI_ADMIN_FETCH_MEDIUM_S;
	self->publish_s = SORI_ADMIN_FETCH_PUBLISH_S;
	self->cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	/* no proxy: the connection must go to the address checked */
	self->session = soup_session_new_with_options("user-agent", "sorid/" PACKAGE_VERSION,
						      "timeout", SORI_ADMIN_FETCH_MEDIUM_S,
						      "idle-timeout", 60, NULL);
	soup_session_set_proxy_resolver(self->session, NULL);
}

/**
 * sori_admin_fetch_new:
 *
 * Returns: (transfer full): a fetcher on the thread-default main context
 */
SoriAdminFetch *
sori_admin_fetch_new(void)
{
	return g_object_new(SORI_TYPE_ADMIN_FETCH, NULL);
}

/**
 * sori_admin_fetch_set_allowed:
 * @hosts: (nullable): `host:port` pairs fetched from even when their
 *	address is not a global one (a test server on this machine)
 * @ca_file: (nullable): PEM certificates trusted for those hosts alone
 *
 * Returns: %FALSE when @ca_file cannot be read or a pair is malformed
 */
gboolean
sori_admin_fetch_set_allowed(SoriAdminFetch *self, const gchar *const *hosts, const gchar *ca_file,
			     GError **error)
{
	g_autoptr(GTlsDatabase) cas = NULL;

	for (guint i = 0; hosts != NULL && hosts[i] != NULL; i++) {
		const gchar *colon = strrchr(hosts[i], ':');
		guint64 port = 0;
		if (colon == NULL || colon == hosts[i]
		    || !g_ascii_string_to_unsigned(colon + 1, 10, 1, 65535, &port, NULL)) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
				    "'%s' is not host:port", hosts[i]);
			return FALSE;
		}
	}
	if (ca_file != NULL) {
		cas = g_tls_file_database_new(ca_file, error);
		if (cas == NULL)
			return FALSE;
	}
	g_strfreev(self->allowed);
	self->allowed = g_strdupv((gchar **) hosts);
	g_set_object(&self->cas, cas);
	return TRUE;
}

/* for tests: shorter deadlines than a real network needs */
void
sori_admin_fetch_set_deadlines(SoriAdminFetch *self, guint medium_s, guint publish_s)
{
	self->medium_s = medium_s;
	self->publish_s = publish_s;
}

static gboolean
sori_admin_fetch_host_is_allowed(SoriAdminFetch *self, GUri *uri)
{
	g_autofree gchar *host_port = NULL;
	const gchar *host = g_uri_get_host(uri);
	gint port = g_uri_get_port(uri);

	if (self->allowed == NULL || host == NULL)
		return FALSE;
	/* an IPv6 literal is written [addr]:port in the list */
	host_port = g_strdup_printf(strchr(host, ':') != NULL ? "[%s]:%d" : "%s:%d", host,
				    port > 0 ? port : 443);
	for (guint i = 0; self->allowed[i] != NULL; i++) {
		if (g_ascii_strcasecmp(self->allowed[i], host_port) == 0)
			return TRUE;
	}
	return FALSE;
}

/* ---- one medium ---- */

typedef struct {
	SoriAdminFetch *fetch;
	SoriStore *store;
	gchar *url;
	GUri *uri; /* the current one, after redirects */
	SoriAdminFetchKind kind;
	guint redirects;
	SoupMessage *msg;
	GInputStream *body;
	SoriFileWriter *writer;
	gsize limit;
	GCancellable *cancellable; /* the deadline's, linked to the caller's */
	gulong linked;
	GCancellable *caller; /* nullable */
	GSource *deadline;
	gchar *refused; /* why a connection was refused */
	gboolean timed_out;
} SoriAdminFetchOne;

static void
sori_admin_fetch_one_free(SoriAdminFetchOne *one)
{
	if (one->deadline != NULL) {
		g_source_destroy(one->deadline);
		g_source_unref(one->deadline);
	}
	if (one->caller != NULL) {
		g_cancellable_disconnect(one->caller, one->linked);
		g_object_unref(one->caller);
	}
	g_object_unref(one->fetch);
	g_object_unref(one->store);
	g_free(one->url);
	g_clear_pointer(&one->uri, g_uri_unref);
	g_clear_object(&one->msg);
	g_clear_object(&one->body);
	g_clear_pointer(&one->writer, sori_file_writer_free);
	g_object_unref(one->cancellable);
	g_free(one->refused);
	g_free(one);
}

static const gchar *const sori_admin_fetch_types[][3] = {
	[SORI_ADMIN_FETCH_IMAGE] = { "image/jpeg", "image/png", "image/webp" },
	[SORI_ADMIN_FETCH_VIDEO] = { "video/mp4", "video/webm", NULL },
	[SORI_ADMIN_FETCH_CAPTIONS] = { "text/vtt", NULL, NULL },
	[SORI_ADMIN_FETCH_AUDIO] = { "audio/mpeg", "audio/ogg", NULL },
};

static const gchar *const sori_admin_fetch_kind_names[] = {
	[SORI_ADMIN_FETCH_IMAGE] = "a picture (PNG, JPEG or WebP)",
	[SORI_ADMIN_FETCH_VIDEO] = "a video (MP4 or WebM)",
	[SORI_ADMIN_FETCH_CAPTIONS] = "WebVTT captions",
	[SORI_ADMIN_FETCH_AUDIO] = "audio (MP3 or Ogg Opus)",
};

/* the largest file @kind may be: the largest of its types' upload limits */
static gsize
sori_admin_fetch_kind_limit(SoriAdminFetchKind kind)
{
	gsize limit = 0;
	for (guint i = 0; i < 3 && sori_admin_fetch_types[kind][i] != NULL; i++)
		limit = MAX(limit, sori_admin_media_max_bytes(sori_admin_fetch_types[kind][i]));
	return limit;
}

static gboolean
sori_admin_fetch_kind_takes(SoriAdminFetchKind kind, const gchar *mime_type)
{
	for (guint i = 0; i < 3 && sori_admin_fetch_types[kind][i] != NULL; i++) {
		if (g_strcmp0(sori_admin_fetch_types[kind][i], mime_type) == 0)
			return TRUE;
	}
	return FALSE;
}

static void
sori_admin_fetch_network_event_cb(SoupMessage *msg, GSocketClientEvent event, GIOStream *conn,
				  gpointer user_data)
{
	GTask *task = user_data;
	SoriAdminFetchOne *one = g_task_get_task_data(task);
	g_autoptr(GSocketAddress) remote = NULL;
	GInetAddress *address;

	if (event != G_SOCKET_CLIENT_CONNECTING || !G_IS_SOCKET_CONNECTION(conn))
		return;
	if (sori_admin_fetch_host_is_allowed(one->fetch, soup_message_get_uri(msg)))
		return;
	/* GIO gives the address this socket is about to connect to */
	remote = g_socket_connection_get_remote_address(G_SOCKET_CONNECTION(conn), NULL);
	address = G_IS_INET_SOCKET_ADDRESS(remote)
			  ? g_inet_socket_address_get_address(G_INET_SOCKET_ADDRESS(remote))
			  : NULL;
	if (address != NULL && sori_admin_fetch_address_is_global(address))
		return;
	g_free(one->refused);
	if (address != NULL) {
		g_autofree gchar *text = g_inet_address_to_string(address);
		one->refused = g_strdup_printf("%s is at %s, which is not a public address: sorid "
					       "fetches from the Internet only",
					       g_uri_get_host(soup_message_get_uri(msg)), text);
	} else {
		one->refused = g_strdup("not an Internet address");
	}
	/* no packet leaves: the socket is closed before it connects (GIO then
	 * tries the name's next address, checked in turn) */
	g_socket_close(g_socket_connection_get_socket(G_SOCKET_CONNECTION(conn)), NULL);
}

/* a certificate the system does not trust, from an allowed host: trusted
 * when the operator's CA file vouches for it */
static gboolean
sori_admin_fetch_accept_certificate_cb(SoupMessage *msg, GTlsCertificate *certificate,
				       GTlsCertificateFlags errors, gpointer user_data)
{
	GTask *task = user_data;
	SoriAdminFetchOne *one = g_task_get_task_data(task);
	GUri *uri = soup_message_get_uri(msg);
	g_autoptr(GSocketConnectable) identity = NULL;

	if (one->fetch->cas == NULL || !sori_admin_fetch_host_is_allowed(one->fetch, uri))
		return FALSE;
	identity = g_network_address_new(
		g_uri_get_host(uri), g_uri_get_port(uri) > 0 ? (guint16) g_uri_get_port(uri) : 443);
	return g_tls_database_verify_chain(one->fetch->cas, certificate,
					   G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER, identity,
					   NULL, G_TLS_DATABASE_VERIFY_NONE, NULL, NULL)
	       == 0;
}

static void sori_admin_fetch_send(GTask *task);

static void
sori_admin_fetch_fail(GTask *task, GError *error)
{
	SoriAdminFetchOne *one = g_task_get_task_data(task);

	if (one->timed_out) {
		g_clear_error(&error);
		g_task_return_new_error(task, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
					"not whole within %u s", one->fetch->medium_s);
	} else if (one->refused != NULL) {
		g_clear_error(&error);
		g_task_return_new_error(task, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "%s",
					one->refused);
	} else {
		g_task_return_error(task, error);
	}
	g_object_unref(task);
}

static void
sori_admin_fetch_kept_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	GTask *task = user_data;
	GError *error = NULL;

	if (!sori_store_commit_media_finish(SORI_STORE(source), result, &error)) {
		sori_admin_fetch_fail(task, error);
		return;
	}
	g_task_return_pointer(task, g_strdup(g_object_get_data(G_OBJECT(task), "sori-file")),
			      g_free);
	g_object_unref(task);
}

/* the whole body read: its type checked from its bytes, then kept */
static void
sori_admin_fetch_keep(GTask *task)
{
	SoriAdminFetchOne *one = g_task_get_task_data(task);
	gsize head_len = 0;
	const guint8 *head = sori_file_writer_get_head(one->writer, &head_len);
	const gchar *sniffed = sori_admin_sniff_media(head, head_len);
	guint64 size = sori_file_writer_get_size(one->writer);
	g_autofree gchar *file = NULL;

	if (size == 0) {
		sori_admin_fetch_fail(task, g_error_new(G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
							"the server sent nothing"));
		return;
	}
	if (!sori_admin_fetch_kind_takes(one->kind, sniffed)) {
		sori_admin_fetch_fail(task,
				      g_error_new(G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
						  "its content is %s, not %s",
						  sniffed != NULL ? sniffed : "nothing sori takes",
						  sori_admin_fetch_kind_names[one->kind]));
		return;
	}
	if (size > sori_admin_media_max_bytes(sniffed)) {
		sori_admin_fetch_fail(task,
				      g_error_new(G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
						  "%s files are at most %" G_GSIZE_FORMAT " bytes",
						  sniffed, sori_admin_media_max_bytes(sniffed)));
		return;
	}
	file = g_strdup_printf("%s.%s", sori_file_writer_get_digest(one->writer),
			       sori_admin_media_extension(sniffed));
	/* the store keeps it in its own time: a database's copy in a thread of its own */
	g_object_set_data_full(G_OBJECT(task), "sori-file", g_steal_pointer(&file), g_free);
	sori_store_commit_media_async(one->store, one->writer,
				      g_object_get_data(G_OBJECT(task), "sori-file"), NULL,
				      sori_admin_fetch_kept_cb, task);
}

static void
sori_admin_fetch_read_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	GTask *task = user_data;
	SoriAdminFetchOne *one = g_task_get_task_data(task);
	GError *error = NULL;
	g_autoptr(GBytes) chunk
		= g_input_stream_read_bytes_finish(G_INPUT_STREAM(source), result, &error);
	gsize len = 0;
	const guint8 *data;

	if (chunk == NULL) {
		sori_admin_fetch_fail(task, error);
		return;
	}
	data = g_bytes_get_data(chunk, &len);
	if (len == 0) {
		sori_admin_fetch_keep(task);
		return;
	}
	/* never more than its kind may be, whatever the server said it would send */
	if (sori_file_writer_get_size(one->writer) + len > one->limit) {
		sori_admin_fetch_fail(task, g_error_new(G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
							"larger than %" G_GSIZE_FORMAT
							" bytes, the most %s may be",
							one->limit,
							sori_admin_fetch_kind_names[one->kind]));
		return;
	}
	if (!sori_file_writer_write(one->writer, data, len, &error)) {
		sori_admin_fetch_fail(task, error);
		return;
	}
	g_input_stream_read_bytes_async(one->body, 64 * 1024, G_PRIORITY_DEFAULT, one->cancellable,
					sori_admin_fetch_read_cb, task);
}

/* a 3xx with a Location: followed, checked as the first URL was */
static gboolean
sori_admin_fetch_redirect(GTask *task, GError **error)
{
	SoriAdminFetchOne *one = g_task_get_task_data(task);
	const gchar *location = soup_message_headers_get_one(
		soup_message_get_response_headers(one->msg), "Location");
	GUri *next;

	if (location == NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED,
			    "the server answered %u with nowhere to go",
			    soup_message_get_status(one->msg));
		return FALSE;
	}
	if (++one->redirects > SORI_ADMIN_FETCH_MAX_REDIRECTS) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_TOO_MANY_LINKS, "more than %u redirects",
			    SORI_ADMIN_FETCH_MAX_REDIRECTS);
		return FALSE;
	}
	next = g_uri_parse_relative(one->uri, location, G_URI_FLAGS_ENCODED, error);
	if (next == NULL)
		return FALSE;
	g_uri_unref(one->uri);
	one->uri = next;
	g_clear_object(&one->body);
	g_clear_object(&one->msg);
	return TRUE;
}

static void
sori_admin_fetch_sent_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	GTask *task = user_data;
	SoriAdminFetchOne *one = g_task_get_task_data(task);
	GError *error = NULL;
	guint status;
	goffset declared;

	one->body = soup_session_send_finish(SOUP_SESSION(source), result, &error);
	if (one->body == NULL) {
		sori_admin_fetch_fail(task, error);
		return;
	}
	status = soup_message_get_status(one->msg);
	if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
		if (!sori_admin_fetch_redirect(task, &error)) {
			sori_admin_fetch_fail(task, error);
			return;
		}
		sori_admin_fetch_send(task);
		return;
	}
	if (status != SOUP_STATUS_OK) {
		sori_admin_fetch_fail(task, g_error_new(G_IO_ERROR, G_IO_ERROR_FAILED,
							"the server answered %u %s", status,
							soup_message_get_reason_phrase(one->msg)));
		return;
	}
	declared = soup_message_headers_get_content_length(
		soup_message_get_response_headers(one->msg));
	if (declared > 0 && (guint64) declared > one->limit) {
		sori_admin_fetch_fail(task, g_error_new(G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
							"%" G_GOFFSET_FORMAT
							" bytes, more than the %" G_GSIZE_FORMAT
							" %s may be",
							declared, one->limit,
							sori_admin_fetch_kind_names[one->kind]));
		return;
	}
	one->writer = sori_store_begin_media(one->store, &error);
	if (one->writer == NULL) {
		sori_admin_fetch_fail(task, error);
		return;
	}
	g_input_stream_read_bytes_async(one->body, 64 * 1024, G_PRIORITY_DEFAULT, one->cancellable,
					sori_admin_fetch_read_cb, task);
}

/* a GET of the current URL, which must be https */
static void
sori_admin_fetch_send(GTask *task)
{
	SoriAdminFetchOne *one = g_task_get_task_data(task);

	if (g_strcmp0(g_uri_get_scheme(one->uri), "https") != 0) {
		sori_admin_fetch_fail(task, g_error_new(G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
							"%s is not https: sorid fetches over "
							"https only",
							g_uri_get_scheme(one->uri)));
		return;
	}
	if (g_uri_get_host(one->uri) == NULL || *g_uri_get_host(one->uri) == '\0'
	    || g_uri_get_userinfo(one->uri) != NULL) {
		sori_admin_fetch_fail(task, g_error_new(G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
							"not a URL sorid fetches from"));
		return;
	}
	if (sori_admin_fetch_is_special_use(g_uri_get_host(one->uri))
	    && !sori_admin_fetch_host_is_allowed(one->fetch, one->uri)) {
		sori_admin_fetch_fail(task, g_error_new(G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
							"%s is a special-use name, never a host "
							"on the public Internet",
							g_uri_get_host(one->uri)));
		return;
	}
	one->msg = soup_message_new_from_uri("GET", one->uri);
	soup_message_add_flags(one->msg, SOUP_MESSAGE_NO_REDIRECT);
	g_signal_connect(one->msg, "network-event", G_CALLBACK(sori_admin_fetch_network_event_cb),
			 task);
	g_signal_connect(one->msg, "accept-certificate",
			 G_CALLBACK(sori_admin_fetch_accept_certificate_cb), task);
	soup_session_send_async(one->fetch->session, one->msg, G_PRIORITY_DEFAULT, one->cancellable,
				sori_admin_fetch_sent_cb, task);
}

static gboolean
sori_admin_fetch_deadline_cb(gpointer user_data)
{
	SoriAdminFetchOne *one = user_data;
	one->timed_out = TRUE;
	g_cancellable_cancel(one->cancellable);
	g_clear_pointer(&one->deadline, g_source_unref);
	return G_SOURCE_REMOVE;
}

static void
sori_admin_fetch_caller_cancelled_cb(GCancellable *caller, gpointer user_data)
{
	g_cancellable_cancel(G_CANCELLABLE(user_data));
}

/**
 * sori_admin_fetch_one_async:
 * @url: https, of a file of @kind
 * @cancellable: (nullable): cancelled, the fetch ends with %G_IO_ERROR_CANCELLED
 *
 * Fetches @url into @store as an upload of the same kind would be kept.
 */
void
sori_admin_fetch_one_async(SoriAdminFetch *self, SoriStore *store, const gchar *url,
			   SoriAdminFetchKind kind, GCancellable *cancellable,
			   GAsyncReadyCallback callback, gpointer user_data)
{
	GTask *task = g_task_new(self, NULL, callback, user_data);
	SoriAdminFetchOne *one = g_new0(SoriAdminFetchOne, 1);
	GError *error = NULL;

	one->fetch = g_object_ref(self);
	one->store = g_object_ref(store);
	one->url = g_strdup(url);
	one->kind = kind;
	one->limit = sori_admin_fetch_kind_limit(kind);
	one->cancellable = g_cancellable_new();
	if (cancellable != NULL) {
		one->caller = g_object_ref(cancellable);
		one->linked = g_cancellable_connect(
			cancellable, G_CALLBACK(sori_admin_fetch_caller_cancelled_cb),
			one->cancellable, NULL);
	}
	g_task_set_task_data(task, one, (GDestroyNotify) sori_admin_fetch_one_free);
	one->deadline = g_timeout_source_new_seconds(self->medium_s);
	g_source_set_callback(one->deadline, sori_admin_fetch_deadline_cb, one, NULL);
	g_source_attach(one->deadline, g_main_context_get_thread_default());
	one->uri = g_uri_parse(url, G_URI_FLAGS_ENCODED, &error);
	if (one->uri == NULL) {
		sori_admin_fetch_fail(task, error);
		return;
	}
	sori_admin_fetch_send(task);
}

/**
 * sori_admin_fetch_one_finish:
 *
 * Returns: (transfer full) (nullable): the kept file's name, `<sha256>.<ext>`
 */
gchar *
sori_admin_fetch_one_finish(SoriAdminFetch *self, GAsyncResult *result, GError **error)
{
	g_return_val_if_fail(g_task_is_valid(result, self), NULL);
	return g_task_propagate_pointer(G_TASK(result), error);
}

/**
 * sori_admin_fetch_remember:
 * @key: "<kind> <url>"
 * @file: the file @key was kept as, `<sha256>.<ext>`
 *
 * Not fetched again: a live catalogue's `source_*` fields say what sorid
 * already has, from an earlier publish (and an earlier run).
 */
void
sori_admin_fetch_remember(SoriAdminFetch *self, const gchar *key, const gchar *file)
{
	if (g_hash_table_size(self->cache) >= SORI_ADMIN_FETCH_CACHE_MAX)
		g_hash_table_remove_all(self->cache);
	g_hash_table_replace(self->cache, g_strdup(key), g_strdup(file));
}

/* what a restart does: every remote medium is fetched again, unless a live
 * catalogue says sorid has it */
void
sori_admin_fetch_forget(SoriAdminFetch *self)
{
	g_hash_table_remove_all(self->cache);
}

/* ---- a publish's media, a few at a time, within the publish's deadline ---- */

typedef struct {
	SoriAdminFetch *fetch;
	SoriStore *store;
	GPtrArray *wanted; /* "<kind> <url>" */
	guint next;
	guint in_flight;
	GHashTable *files;   /* "<kind> <url>" → file */
	JsonArray *problems; /* {url, reason} */
	GCancellable *cancellable;
	GSource *deadline;
	gboolean timed_out;
} SoriAdminFetchBatch;

static void
sori_admin_fetch_batch_free(SoriAdminFetchBatch *batch)
{
	if (batch->deadline != NULL) {
		g_source_destroy(batch->deadline);
		g_source_unref(batch->deadline);
	}
	g_object_unref(batch->fetch);
	g_object_unref(batch->store);
	g_ptr_array_unref(batch->wanted);
	g_hash_table_unref(batch->files);
	json_array_unref(batch->problems);
	g_object_unref(batch->cancellable);
	g_free(batch);
}

static void
sori_admin_fetch_add_problem(SoriAdminFetchBatch *batch, const gchar *key, const gchar *reason)
{
	JsonObject *problem = json_object_new();
	json_object_set_string_member(problem, "url", strchr(key, ' ') + 1);
	json_object_set_string_member(problem, "reason", reason);
	json_array_add_object_element(batch->problems, problem);
}

static void sori_admin_fetch_batch_next(GTask *task);

static void
sori_admin_fetch_batch_one_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	GTask *task = user_data;
	SoriAdminFetchBatch *batch = g_task_get_task_data(task);
	g_autoptr(GError) error = NULL;
	SoriAdminFetchOne *one = g_task_get_task_data(G_TASK(result));
	g_autofree gchar *key = g_strdup_printf("%d %s", one->kind, one->url);
	g_autofree gchar *file = sori_admin_fetch_one_finish(batch->fetch, result, &error);

	batch->in_flight--;
	if (file != NULL) {
		sori_admin_fetch_remember(batch->fetch, key, file);
		g_hash_table_replace(batch->files, g_strdup(key), g_steal_pointer(&file));
	} else if (batch->timed_out) {
		g_autofree gchar *reason = g_strdup_printf(
			"not fetched: the publish's %u s for fetching media ran out",
			batch->fetch->publish_s);
		sori_admin_fetch_add_problem(batch, key, reason);
	} else {
		g_message("fetching %s: %s", strchr(key, ' ') + 1, error->message);
		sori_admin_fetch_add_problem(batch, key, error->message);
	}
	sori_admin_fetch_batch_next(task);
}

static void
sori_admin_fetch_batch_next(GTask *task)
{
	SoriAdminFetchBatch *batch = g_task_get_task_data(task);

	while (batch->next < batch->wanted->len && batch->in_flight < SORI_ADMIN_FETCH_PARALLEL) {
		const gchar *key = g_ptr_array_index(batch->wanted, batch->next++);
		const gchar *cached = g_hash_table_lookup(batch->fetch->cache, key);
		if (cached != NULL) {
			g_hash_table_replace(batch->files, g_strdup(key), g_strdup(cached));
			continue;
		}
		batch->in_flight++;
		sori_admin_fetch_one_async(batch->fetch, batch->store, strchr(key, ' ') + 1,
					   (SoriAdminFetchKind) (key[0] - '0'), batch->cancellable,
					   sori_admin_fetch_batch_one_cb, task);
	}
	if (batch->in_flight == 0 && batch->next == batch->wanted->len) {
		g_task_return_boolean(task, TRUE);
		g_object_unref(task);
	}
}

static gboolean
sori_admin_fetch_batch_deadline_cb(gpointer user_data)
{
	SoriAdminFetchBatch *batch = user_data;
	batch->timed_out = TRUE;
	g_cancellable_cancel(batch->cancellable);
	g_clear_pointer(&batch->deadline, g_source_unref);
	return G_SOURCE_REMOVE;
}

/**
 * sori_admin_fetch_media_async:
 * @wanted: what sori_admin_fetch_collect() found
 *
 * Fetches each medium into @store, a few at a time, all within the
 * publish's deadline; one fetched before (by this sorid) is not fetched
 * again.
 */
void
sori_admin_fetch_media_async(SoriAdminFetch *self, SoriStore *store, GPtrArray *wanted,
			     GAsyncReadyCallback callback, gpointer user_data)
{
	GTask *task = g_task_new(self, NULL, callback, user_data);
	SoriAdminFetchBatch *batch = g_new0(SoriAdminFetchBatch, 1);

	batch->fetch = g_object_ref(self);
	batch->store = g_object_ref(store);
	batch->wanted = g_ptr_array_ref(wanted);
	batch->files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	batch->problems = json_array_new();
	batch->cancellable = g_cancellable_new();
	batch->deadline = g_timeout_source_new_seconds(self->publish_s);
	g_source_set_callback(batch->deadline, sori_admin_fetch_batch_deadline_cb, batch, NULL);
	g_source_attach(batch->deadline, g_main_context_get_thread_default());
	g_task_set_task_data(task, batch, (GDestroyNotify) sori_admin_fetch_batch_free);
	sori_admin_fetch_batch_next(task);
}

/**
 * sori_admin_fetch_media_finish:
 * @problems: (out) (transfer full): `[{url, reason}]`, for each medium not fetched
 *
 * Returns: (transfer full): "<kind> <url>" → the file each was kept as
 */
GHashTable *
sori_admin_fetch_media_finish(SoriAdminFetch *self, GAsyncResult *result, JsonNode **problems)
{
	SoriAdminFetchBatch *batch = g_task_get_task_data(G_TASK(result));

	g_return_val_if_fail(g_task_is_valid(result, self), NULL);
	*problems = json_node_init_array(json_node_alloc(), batch->problems);
	return g_hash_table_ref(batch->files);
}
