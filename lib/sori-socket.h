/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSocket *sori_socket_listen(const gchar *address, guint16 port, gint backlog, guint16 *bound,
			    GError **error);

G_END_DECLS
