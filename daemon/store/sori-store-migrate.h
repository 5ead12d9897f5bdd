/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * SoriStoreMigrateProgress:
 * @stage: a stage begins: @total of @unit ("venues", "uploads") to copy
 * @step: one more of the stage's done: @what, and the bytes the stage copied so far
 * @left_out: (nullable): a file not copied, and why (not a failure)
 *
 * What sori_store_migrate() tells as it goes, all on the calling thread.
 */
typedef struct {
	void (*stage)(const gchar *unit, guint total, gpointer user_data);
	void (*step)(const gchar *what, guint64 bytes, gpointer user_data);
	void (*left_out)(const gchar *path, const gchar *why, gpointer user_data);
} SoriStoreMigrateProgress;

/* what was copied, for the last line */
typedef struct {
	guint venues;
	guint live;
	guint revisions;
	guint uploads;
	gboolean tokens; /* into PostgreSQL: there was a tokens file */
} SoriStoreMigrateSummary;

gboolean sori_store_migrate(const gchar *from, const gchar *to,
			    const SoriStoreMigrateProgress *progress, gpointer user_data,
			    SoriStoreMigrateSummary *summary, GError **error);

G_END_DECLS
