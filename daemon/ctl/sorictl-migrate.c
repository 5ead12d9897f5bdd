/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sorictl migrate: a files data directory into PostgreSQL, or back. The
 * copying is the store's (sori_store_migrate(), daemon/store/); here are
 * its command line, its progress bar and what it says.
 */

#define G_LOG_DOMAIN "sorictl"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include "sori-store-migrate.h"
#include "sorictl-common.h"
#include "sorictl-migrate.h"

typedef struct {
	guint done;
	guint total;
	gboolean tty;
	gint64 last_line;
	gint64 started;
	guint64 bytes;     /* copied so far */
	const gchar *unit; /* what is counted: "venues", "uploads" */
} Progress;

static void
progress_start(Progress *p, const gchar *unit, guint total)
{
	p->done = 0;
	p->total = total;
	p->unit = unit;
	p->started = g_get_monotonic_time();
	p->last_line = p->started;
	p->bytes = 0;
}

/* a bar on a terminal, redrawn at most ten times a second; a line every few
 * seconds elsewhere (a log, a CI job): done / total, MB, the rate, what is left */
static void
progress_step(Progress *p, const gchar *what)
{
	gint64 now = g_get_monotonic_time();
	gdouble elapsed = MAX((gdouble) (now - p->started) / G_USEC_PER_SEC, 1e-3);
	gdouble rate;
	guint width = 24;
	guint filled;
	g_autofree gchar *eta = NULL;

	p->done++;
	rate = p->done / elapsed;
	if (p->done < p->total && now - p->last_line < (p->tty ? 100 : 2000) * 1000)
		return;
	p->last_line = now;
	eta = p->done < p->total && rate > 0
		      ? g_strdup_printf("%.0f s left", (p->total - p->done) / rate)
		      : g_strdup_printf("%.1f s", elapsed);
	filled = p->total > 0 ? p->done * width / p->total : width;
	if (p->tty) {
		g_autofree gchar *bar = g_strnfill(filled, '#');
		g_autofree gchar *rest = g_strnfill(width - filled, ' ');
		fprintf(stderr, "\r\033[K[%s%s] %u/%u %s, %.1f MB, %.1f/s, %s  %.30s", bar, rest,
			p->done, p->total, p->unit, p->bytes / 1e6, rate, eta, what);
		if (p->done == p->total)
			fprintf(stderr, "\n");
		fflush(stderr);
		return;
	}
	fprintf(stderr, "%u/%u %s, %.1f MB, %.1f/s, %s (%s)\n", p->done, p->total, p->unit,
		p->bytes / 1e6, rate, eta, what);
}

/* sori_store_migrate()'s progress, drawn */
static void
migrate_stage_cb(const gchar *unit, guint total, gpointer user_data)
{
	progress_start(user_data, unit, total);
}

static void
migrate_step_cb(const gchar *what, guint64 bytes, gpointer user_data)
{
	Progress *p = user_data;
	p->bytes = bytes;
	progress_step(p, what);
}

static void
migrate_left_out_cb(const gchar *path, const gchar *why, gpointer user_data)
{
	fprintf(stderr, "%s: %s: %s; left out\n", g_get_prgname(), path, why);
}

/* the error, on a line of its own when the bar is still drawn */
static gint
migrate_fail(Progress *p, GError *error)
{
	gboolean drawn = p->tty && p->unit != NULL && p->done < p->total;
	fprintf(stderr, "%s%s: %s\n", drawn ? "\n" : "", g_get_prgname(), error->message);
	return SORICTL_EXIT_PROBLEM;
}

static gint
migrate(const gchar *from, const gchar *to, const gchar *data_dir)
{
	const SoriStoreMigrateProgress callbacks
		= { migrate_stage_cb, migrate_step_cb, migrate_left_out_cb };
	Progress progress = { 0, 0, isatty(STDERR_FILENO), 0, 0, 0, NULL };
	SoriStoreMigrateSummary summary;
	g_autoptr(GError) error = NULL;

	if (!sori_store_migrate(from, to, &callbacks, &progress, &summary, &error))
		return migrate_fail(&progress, error);
	if (g_str_has_prefix(to, "postgresql:"))
		printf("copied %u venues (%u live), %u revisions, %u uploads%s into PostgreSQL; "
		       "checked\n",
		       summary.venues, summary.live, summary.revisions, summary.uploads,
		       summary.tokens ? " and the tokens" : "");
	else
		printf("copied %u venues (%u live), %u revisions, %u uploads and the tokens into "
		       "%s; checked\n",
		       summary.venues, summary.live, summary.revisions, summary.uploads, data_dir);
	return EXIT_SUCCESS;
}

/**
 * sorictl_migrate_run:
 *
 * sorictl migrate --data-dir DIR --to postgresql:CONNINFO, or
 * sorictl migrate --from postgresql:CONNINFO --data-dir DIR
 */
gint
sorictl_migrate_run(gint argc, gchar **argv)
{
	g_autofree gchar *data_dir = NULL;
	g_autofree gchar *to = NULL;
	g_autofree gchar *from = NULL;
	g_autoptr(GOptionContext) context = g_option_context_new("");
	g_autoptr(GError) error = NULL;
	const GOptionEntry entries[] = {
		{ "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir,
		  "the files store: sorid's data directory", "DIR" },
		{ "to", 't', 0, G_OPTION_ARG_STRING, &to,
		  "copy DIR into this PostgreSQL store (postgresql:CONNINFO)", "STORE" },
		{ "from", 'f', 0, G_OPTION_ARG_STRING, &from, "copy this PostgreSQL store into DIR",
		  "STORE" },
		{ NULL },
	};

	g_option_context_set_summary(
		context,
		"Copies a files data directory into PostgreSQL (--to), or PostgreSQL into a data\n"
		"directory (--from): every venue's revisions with their ids, its live revision, "
		"the\n"
		"audit log, the tokens and the uploads. Stop sorid, or at least the curators'\n"
		"changes, while it runs. It can be run again after it stopped: what was copied is\n"
		"left as it is. At the end it checks that every live catalogue is the same, byte\n"
		"for byte, on both sides. The source is never changed.");
	g_option_context_add_main_entries(context, entries, NULL);
	if (!g_option_context_parse(context, &argc, &argv, &error))
		return sorictl_usage_error(error->message);
	if (argc != 1)
		return sorictl_usage_error("migrate takes options only");
	if (data_dir == NULL || (to == NULL) == (from == NULL))
		return sorictl_usage_error("give --data-dir and one of --to or --from");
	if (!g_str_has_prefix(to != NULL ? to : from, "postgresql:"))
		return sorictl_usage_error("--to and --from: postgresql:CONNINFO");
	if (to != NULL)
		return migrate(data_dir, to, data_dir);
	return migrate(from, data_dir, data_dir);
}
