/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The metrics' own listener (metrics-address in sorid.conf): GET /metrics
 * and nothing else, on a port apart from the visitors', loopback unless an
 * address is written. libsoup answers; sorid accepts, so that connections
 * are bounded in number and in time like everything a client can hold.
 */

#define G_LOG_DOMAIN "sori-metrics"

#include "config.h"

#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>

#include "sori-metrics-listener.h"
#include "sori-metrics.h"
#include "sori-socket.h"

#define SORI_METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

struct _SoriMetricsListener {
	SoupServer *soup;
	GSocket *socket;
	GSource *accept_source;
	guint16 port;
	GHashTable *conns; /* GSocketConnection → SoriMetricsConn */
};

/* a scrape's connection, until libsoup lets go of it */
typedef struct {
	SoriMetricsListener *listener;
	GSocket *socket; /* borrowed from the connection */
	guint deadline_id;
} SoriMetricsConn;

/**
 * sori_metrics_parse_address:
 * @text: "PORT", "HOST:PORT" or "[IPv6]:PORT"; HOST an IP address or localhost
 * @host: (out) (transfer full): 127.0.0.1 when only a port is written
 * @port: (out): 0 for a free one
 *
 * Returns: %TRUE when @text is an address to listen on
 */
gboolean
sori_metrics_parse_address(const gchar *text, gchar **host, guint16 *port, GError **error)
{
	g_autofree gchar *name = NULL;
	g_autoptr(GInetAddress) inet = NULL;
	const gchar *port_text = text;
	guint64 number = 0;

	if (text == NULL || *text == '\0' || strlen(text) > 64) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
				    "write PORT, HOST:PORT or [IPv6]:PORT");
		return FALSE;
	}
	if (text[0] == '[') {
		const gchar *end = strstr(text, "]:");
		if (end == NULL) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
				    "'%s': write [IPv6]:PORT", text);
			return FALSE;
		}
		name = g_strndup(text + 1, end - text - 1);
		port_text = end + 2;
	} else if (strchr(text, ':') != NULL) {
		const gchar *colon = strrchr(text, ':');
		name = g_strndup(text, colon - text);
		port_text = colon + 1;
		if (strchr(name, ':') != NULL) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
				    "'%s': write an IPv6 address in brackets, [IPv6]:PORT", text);
			return FALSE;
		}
	}
	if (!g_ascii_string_to_unsigned(port_text, 10, 0, 65535, &number, NULL)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
			    "'%s': the port is a number from 0 to 65535", text);
		return FALSE;
	}
	if (name == NULL || g_ascii_strcasecmp(name, "localhost") == 0) {
		g_free(name);
		name = g_strdup("127.0.0.1");
	}
	inet = g_inet_address_new_from_string(name);
	if (inet == NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
			    "'%s': '%s' is not an IP address", text, name);
		return FALSE;
	}
	*host = g_steal_pointer(&name);
	*port = (guint16) number;
	return TRUE;
}

static void
sori_metrics_listener_handler_cb(SoupServer *soup, SoupServerMessage *msg, const char *path,
				 GHashTable *query, gpointer user_data)
{
	const gchar *method = soup_server_message_get_method(msg);
	SoupMessageHeaders *headers = soup_server_message_get_response_headers(msg);
	g_autofree gchar *text = NULL;
	gsize len;

	soup_message_headers_replace(headers, "Cache-Control", "no-store");
	soup_message_headers_replace(headers, "X-Content-Type-Options", "nosniff");
	if (g_strcmp0(path, "/metrics") != 0) {
		soup_server_message_set_status(msg, SOUP_STATUS_NOT_FOUND, NULL);
		soup_server_message_set_response(msg, "text/plain; charset=utf-8",
						 SOUP_MEMORY_STATIC, "only /metrics is here\n",
						 strlen("only /metrics is here\n"));
		return;
	}
	if (g_strcmp0(method, "GET") != 0 && g_strcmp0(method, "HEAD") != 0) {
		soup_message_headers_replace(headers, "Allow", "GET, HEAD");
		soup_server_message_set_status(msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
		return;
	}
	text = sori_metrics_write();
	len = strlen(text);
	soup_server_message_set_status(msg, SOUP_STATUS_OK, NULL);
	soup_server_message_set_response(msg, SORI_METRICS_CONTENT_TYPE, SOUP_MEMORY_TAKE,
					 g_steal_pointer(&text), len);
}

/* a scrape still open past the deadline is closed under libsoup */
static gboolean
sori_metrics_listener_deadline_cb(gpointer user_data)
{
	SoriMetricsConn *conn = user_data;
	conn->deadline_id = 0;
	g_debug("a metrics connection passed its deadline, closing it");
	g_socket_shutdown(conn->socket, TRUE, TRUE, NULL);
	return G_SOURCE_REMOVE;
}

static void
sori_metrics_listener_conn_closed_cb(gpointer data, GObject *where_the_object_was)
{
	SoriMetricsConn *conn = data;
	g_clear_handle_id(&conn->deadline_id, g_source_remove);
	g_hash_table_remove(conn->listener->conns, where_the_object_was);
	g_free(conn);
}

static void
sori_metrics_listener_accept_one(SoriMetricsListener *self, GSocket *socket)
{
	g_autoptr(GSocketConnection) connection
		= g_socket_connection_factory_create_connection(socket);
	g_autoptr(GSocketAddress) local = g_socket_get_local_address(socket, NULL);
	g_autoptr(GSocketAddress) remote = g_socket_get_remote_address(socket, NULL);
	g_autoptr(GError) error = NULL;
	SoriMetricsConn *conn;

	if (local == NULL || remote == NULL)
		return;
	conn = g_new0(SoriMetricsConn, 1);
	conn->listener = self;
	conn->socket = socket;
	conn->deadline_id = g_timeout_add_seconds(SORI_METRICS_LISTENER_DEADLINE_S,
						  sori_metrics_listener_deadline_cb, conn);
	g_hash_table_insert(self->conns, connection, conn);
	g_object_weak_ref(G_OBJECT(connection), sori_metrics_listener_conn_closed_cb, conn);
	if (!soup_server_accept_iostream(self->soup, G_IO_STREAM(connection), local, remote,
					 &error))
		g_debug("handing a metrics connection to libsoup: %s", error->message);
}

static gboolean
sori_metrics_listener_accept_cb(GSocket *listen_socket, GIOCondition condition, gpointer user_data)
{
	SoriMetricsListener *self = user_data;

	for (guint i = 0; i < SORI_METRICS_LISTENER_MAX_CONNECTIONS; i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(GSocket) socket = g_socket_accept(listen_socket, NULL, &error);
		if (socket == NULL)
			break;
		if (g_hash_table_size(self->conns) >= SORI_METRICS_LISTENER_MAX_CONNECTIONS) {
			g_debug("%u metrics connections open already, closing a new one",
				SORI_METRICS_LISTENER_MAX_CONNECTIONS);
			g_socket_close(socket, NULL);
			continue;
		}
		sori_metrics_listener_accept_one(self, socket);
	}
	return G_SOURCE_CONTINUE;
}

/**
 * sori_metrics_listener_new:
 *
 * Returns: (transfer full): a listener; call sori_metrics_listener_listen()
 */
SoriMetricsListener *
sori_metrics_listener_new(void)
{
	SoriMetricsListener *self = g_new0(SoriMetricsListener, 1);
	self->soup = soup_server_new("server-header", "sorid-metrics", NULL);
	soup_server_add_handler(self->soup, NULL, sori_metrics_listener_handler_cb, self, NULL);
	self->conns = g_hash_table_new(g_direct_hash, g_direct_equal);
	return self;
}

void
sori_metrics_listener_free(SoriMetricsListener *self)
{
	GHashTableIter iter;
	gpointer key;
	gpointer value;

	if (self == NULL)
		return;
	if (self->accept_source != NULL) {
		g_source_destroy(self->accept_source);
		g_source_unref(self->accept_source);
	}
	/* connections libsoup still holds outlive the listener: forgotten */
	g_hash_table_iter_init(&iter, self->conns);
	while (g_hash_table_iter_next(&iter, &key, &value)) {
		SoriMetricsConn *conn = value;
		g_object_weak_unref(key, sori_metrics_listener_conn_closed_cb, conn);
		g_clear_handle_id(&conn->deadline_id, g_source_remove);
		g_free(conn);
	}
	g_hash_table_unref(self->conns);
	soup_server_disconnect(self->soup);
	g_object_unref(self->soup);
	if (self->socket != NULL)
		g_socket_close(self->socket, NULL);
	g_clear_object(&self->socket);
	g_free(self);
}

/**
 * sori_metrics_listener_listen:
 * @host: an IP address, from sori_metrics_parse_address()
 * @port: a TCP port, 0 for a free one
 *
 * Returns: %TRUE when listening
 */
gboolean
sori_metrics_listener_listen(SoriMetricsListener *self, const gchar *host, guint16 port,
			     GError **error)
{
	g_autoptr(GInetAddress) inet = g_inet_address_new_from_string(host);
	g_autoptr(GSocket) socket = NULL;

	g_return_val_if_fail(self->socket == NULL, FALSE);
	socket = sori_socket_listen(host, port, 0, &self->port, error);
	if (socket == NULL) {
		g_prefix_error(error, "metrics-address: ");
		return FALSE;
	}
	self->accept_source = g_socket_create_source(socket, G_IO_IN, NULL);
	g_source_set_callback(self->accept_source, G_SOURCE_FUNC(sori_metrics_listener_accept_cb),
			      self, NULL);
	g_source_attach(self->accept_source, NULL);
	self->socket = g_steal_pointer(&socket);
	if (!g_inet_address_get_is_loopback(inet))
		g_message("metrics-address %s is not loopback: whoever reaches it reads sorid's "
			  "metrics",
			  host);
	return TRUE;
}

guint16
sori_metrics_listener_get_port(SoriMetricsListener *self)
{
	return self->port;
}
