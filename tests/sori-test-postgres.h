/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A real PostgreSQL 15 for the tests that need one: made with initdb in a
 * temporary directory, listening on a Unix socket there only, run as nobody
 * when the tests run as root (PostgreSQL refuses root).
 */
#pragma once

#include <glib.h>

typedef struct {
	gchar *dir;      /* the cluster's files and its socket */
	guint port;      /* names the socket only: nothing listens on TCP */
	gchar *conninfo; /* libpq's */
	gchar *store;    /* sorid's `store=` setting: "postgresql:" and the conninfo */
} SoriTestPostgres;

gboolean sori_test_postgres_init(SoriTestPostgres *pg, const gchar *parent, guint salt);
void sori_test_postgres_start(SoriTestPostgres *pg);
void sori_test_postgres_stop(SoriTestPostgres *pg);
void sori_test_postgres_clear(SoriTestPostgres *pg);
