/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The sockets sorid listens on: the visitors' and curators' HTTP, and the
 * metrics. Each is non-blocking, its owner accepting from its own source.
 */

#include "config.h"

#include "sori-socket.h"

/**
 * sori_socket_listen:
 * @address: an IP address, never a name
 * @port: a TCP port, 0 for a free one
 * @backlog: connections the kernel queues before they are accepted, 0 for GLib's
 * @bound: (out): the port listened on
 *
 * Returns: (transfer full): a listening, non-blocking socket, or %NULL
 */
GSocket *
sori_socket_listen(const gchar *address, guint16 port, gint backlog, guint16 *bound, GError **error)
{
	g_autoptr(GInetAddress) inet = g_inet_address_new_from_string(address);
	g_autoptr(GSocketAddress) socket_address = NULL;
	g_autoptr(GSocketAddress) local = NULL;
	g_autoptr(GSocket) socket = NULL;

	if (inet == NULL) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
			    "'%s' is not an IP address", address);
		return NULL;
	}
	socket = g_socket_new(g_inet_address_get_family(inet), G_SOCKET_TYPE_STREAM,
			      G_SOCKET_PROTOCOL_TCP, error);
	if (socket == NULL)
		return NULL;
	socket_address = g_inet_socket_address_new(inet, port);
	if (backlog > 0)
		g_socket_set_listen_backlog(socket, backlog);
	g_socket_set_blocking(socket, FALSE);
	if (!g_socket_bind(socket, socket_address, TRUE, error)) {
		g_prefix_error(error, "binding %s port %u: ", address, port);
		return NULL;
	}
	if (!g_socket_listen(socket, error))
		return NULL;
	local = g_socket_get_local_address(socket, error);
	if (local == NULL)
		return NULL;
	*bound = g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(local));
	return g_steal_pointer(&socket);
}
