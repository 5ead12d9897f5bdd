/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean sori_file_replace(const gchar *path, const guint8 *data, gsize len, gint mode,
			   GError **error);

/* the first bytes of a file written, kept to tell what it is */
#define SORI_FILE_WRITER_HEAD 4096

typedef struct _SoriFileWriter SoriFileWriter;

SoriFileWriter *sori_file_writer_new(const gchar *dir, gint mode, GError **error);
gboolean sori_file_writer_write(SoriFileWriter *self, const guint8 *data, gsize len,
				GError **error);
const guint8 *sori_file_writer_get_head(SoriFileWriter *self, gsize *len);
guint64 sori_file_writer_get_size(SoriFileWriter *self);
const gchar *sori_file_writer_get_digest(SoriFileWriter *self);
gboolean sori_file_writer_commit(SoriFileWriter *self, const gchar *path, GError **error);
void sori_file_writer_free(SoriFileWriter *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SoriFileWriter, sori_file_writer_free)

G_END_DECLS
