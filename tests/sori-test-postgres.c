/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "sori-test-postgres.h"

#define SORI_TEST_PG_BIN "/usr/lib/postgresql/15/bin/"

/* runs a PostgreSQL program, as nobody under root; FALSE if it failed */
static gboolean
sori_test_postgres_run(const gchar *const *args, gboolean check)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new();
	g_autofree gchar *err = NULL;
	g_autoptr(GError) error = NULL;
	gint status = 0;

	if (getuid() == 0) {
		const gchar *as_nobody[]
			= { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups" };
		for (guint i = 0; i < G_N_ELEMENTS(as_nobody); i++)
			g_ptr_array_add(argv, (gpointer) as_nobody[i]);
	}
	for (guint i = 0; args[i] != NULL; i++)
		g_ptr_array_add(argv, (gpointer) args[i]);
	g_ptr_array_add(argv, NULL);
	g_assert_true(g_spawn_sync(NULL, (gchar **) argv->pdata, NULL,
				   G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
				   NULL, &err, &status, &error));
	g_assert_no_error(error);
	if (check && !g_spawn_check_wait_status(status, NULL))
		g_error("%s failed: %s", args[0], err);
	return g_spawn_check_wait_status(status, NULL);
}

/**
 * sori_test_postgres_init:
 * @parent: a directory of the test's, which the cluster's folder goes in
 * @salt: told apart from the other tests' sockets
 *
 * Makes a cluster (user "sori", trusted, UTF-8) and starts it. A machine
 * without PostgreSQL 15 fails the test, saying what to install.
 *
 * Returns: FALSE if PostgreSQL is missing
 */
gboolean
sori_test_postgres_init(SoriTestPostgres *pg, const gchar *parent, guint salt)
{
	const gchar *initdb = SORI_TEST_PG_BIN "initdb";

	if (!g_file_test(initdb, G_FILE_TEST_IS_EXECUTABLE)) {
		g_test_fail_printf("no PostgreSQL 15: install postgresql-15 (.ci/test-packages)");
		return FALSE;
	}
	pg->dir = g_build_filename(parent, "pg", NULL);
	g_assert_cmpint(g_mkdir(pg->dir, 0700), ==, 0);
	if (getuid() == 0) {
		g_assert_cmpint(g_chmod(parent, 0755), ==, 0);
		g_assert_cmpint(chown(pg->dir, 65534, 65534), ==, 0);
	}
	{
		const gchar *args[] = { initdb, "-D",   pg->dir,
					"-U",   "sori", "--auth=trust",
					"-E",   "UTF8", "--locale=C.UTF-8",
					NULL };
		sori_test_postgres_run(args, TRUE);
	}
	pg->port = 20000 + (guint) ((getpid() + salt) % 20000);
	pg->conninfo
		= g_strdup_printf("host=%s port=%u user=sori dbname=postgres", pg->dir, pg->port);
	pg->store = g_strconcat("postgresql:", pg->conninfo, NULL);
	sori_test_postgres_start(pg);
	return TRUE;
}

/* (again, after sori_test_postgres_stop()) */
void
sori_test_postgres_start(SoriTestPostgres *pg)
{
	g_autofree gchar *options = g_strdup_printf(
		"-c listen_addresses='' -c unix_socket_directories='%s' -p %u -c fsync=off",
		pg->dir, pg->port);
	g_autofree gchar *log = g_build_filename(pg->dir, "log", NULL);
	const gchar *args[] = { SORI_TEST_PG_BIN "pg_ctl",
				"-D",
				pg->dir,
				"-w",
				"-l",
				log,
				"-o",
				options,
				"start",
				NULL };
	sori_test_postgres_run(args, TRUE);
}

/* as an operator would: connections closed, the server gone */
void
sori_test_postgres_stop(SoriTestPostgres *pg)
{
	const gchar *args[]
		= { SORI_TEST_PG_BIN "pg_ctl", "-D", pg->dir, "-w", "-m", "fast", "stop", NULL };
	sori_test_postgres_run(args, TRUE);
}

/* the server stopped at once, if it runs; the test removes @parent */
void
sori_test_postgres_clear(SoriTestPostgres *pg)
{
	if (pg->dir != NULL) {
		const gchar *args[] = {
			SORI_TEST_PG_BIN "pg_ctl", "-D", pg->dir, "-m", "immediate", "stop", NULL
		};
		sori_test_postgres_run(args, FALSE);
	}
	g_clear_pointer(&pg->dir, g_free);
	g_clear_pointer(&pg->conninfo, g_free);
	g_clear_pointer(&pg->store, g_free);
}
