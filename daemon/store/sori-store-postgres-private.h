/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The PostgreSQL store's connections, for those that read or write the
 * database beside it: the venues' worker thread (sori-venue-database.c) and
 * sorictl migrate's transactions.
 */
#pragma once

#include <libpq-fe.h>

#include "sori-store-postgres.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC(PGresult, PQclear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PGconn, PQfinish)

PGconn *sori_store_postgres_connect_start(const gchar *conninfo, gboolean blocking);
gboolean sori_store_postgres_unavailable(GError **error, PGconn *conn);
PGconn *sori_store_postgres_get_conn(SoriStorePostgres *self, GError **error);
const gchar *sori_store_postgres_get_conninfo(SoriStorePostgres *self);

G_END_DECLS
