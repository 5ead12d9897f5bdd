/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sori-file.h"

static gboolean
sori_file_fail(GError **error, const gchar *what, const gchar *path)
{
	gint saved = errno;
	g_set_error(error, G_IO_ERROR, g_io_error_from_errno(saved), "%s %s: %s", what, path,
		    g_strerror(saved));
	return FALSE;
}

/**
 * sori_file_replace:
 * @path: the file to write, created with @mode if missing
 * @data: (array length=len): the new content
 *
 * Replaces a file so that, whatever happens, even a crash or a power cut, it
 * holds the old content or the new, whole: a temporary file beside it is
 * written and synced, renamed into place, and the directory synced. The
 * parent directory is created if need be.
 *
 * Returns: %TRUE when the new content is durable
 */
gboolean
sori_file_replace(const gchar *path, const guint8 *data, gsize len, gint mode, GError **error)
{
	g_autofree gchar *dir = g_path_get_dirname(path);
	g_autofree gchar *tmp = g_strconcat(path, ".tmp.XXXXXX", NULL);
	gint fd;
	gsize done = 0;

	if (g_mkdir_with_parents(dir, 0750) != 0)
		return sori_file_fail(error, "creating", dir);
	fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, mode);
	if (fd < 0)
		return sori_file_fail(error, "creating", tmp);
	while (done < len) {
		gssize n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			sori_file_fail(error, "writing", tmp);
			close(fd);
			g_unlink(tmp);
			return FALSE;
		}
		done += n;
	}
	if (fsync(fd) != 0) {
		sori_file_fail(error, "syncing", tmp);
		close(fd);
		g_unlink(tmp);
		return FALSE;
	}
	close(fd);
	if (g_rename(tmp, path) != 0) {
		sori_file_fail(error, "renaming to", path);
		g_unlink(tmp);
		return FALSE;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		if (fd >= 0)
			close(fd);
		return sori_file_fail(error, "syncing", dir);
	}
	close(fd);
	return TRUE;
}

struct _SoriFileWriter {
	gchar *dir;
	gchar *tmp; /* %NULL once committed */
	gint fd;
	GChecksum *checksum;
	guint64 size;
	guint8 head[SORI_FILE_WRITER_HEAD];
	gsize head_len;
};

/**
 * sori_file_writer_new:
 * @dir: where the file will go; created if need be
 * @mode: its mode
 *
 * A file written as it comes (an upload, say), hashed as it is, never held
 * whole in memory; it is a temporary file beside its destination until
 * sori_file_writer_commit() puts it in place.
 *
 * Returns: (transfer full) (nullable): the writer
 */
SoriFileWriter *
sori_file_writer_new(const gchar *dir, gint mode, GError **error)
{
	g_autoptr(SoriFileWriter) self = g_new0(SoriFileWriter, 1);

	self->fd = -1;
	self->dir = g_strdup(dir);
	if (g_mkdir_with_parents(dir, 0750) != 0) {
		sori_file_fail(error, "creating", dir);
		return NULL;
	}
	self->tmp = g_build_filename(dir, ".upload.tmp.XXXXXX", NULL);
	self->fd = g_mkstemp_full(self->tmp, O_WRONLY | O_CLOEXEC, mode);
	if (self->fd < 0) {
		sori_file_fail(error, "creating", self->tmp);
		g_clear_pointer(&self->tmp, g_free);
		return NULL;
	}
	self->checksum = g_checksum_new(G_CHECKSUM_SHA256);
	return g_steal_pointer(&self);
}

/**
 * sori_file_writer_write:
 *
 * Returns: %TRUE when @data is written; a full disk is %G_IO_ERROR_NO_SPACE
 */
gboolean
sori_file_writer_write(SoriFileWriter *self, const guint8 *data, gsize len, GError **error)
{
	gsize done = 0;

	g_return_val_if_fail(self->fd >= 0, FALSE);
	if (self->head_len < sizeof(self->head)) {
		gsize n = MIN(len, sizeof(self->head) - self->head_len);
		memcpy(self->head + self->head_len, data, n);
		self->head_len += n;
	}
	while (done < len) {
		gssize n = write(self->fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return sori_file_fail(error, "writing", self->tmp);
		done += n;
	}
	g_checksum_update(self->checksum, data, len);
	self->size += len;
	return TRUE;
}

/**
 * sori_file_writer_get_head:
 * @len: (out): how many bytes: the first SORI_FILE_WRITER_HEAD at most
 *
 * Returns: (array length=len): the first bytes written, to sniff the content by
 */
const guint8 *
sori_file_writer_get_head(SoriFileWriter *self, gsize *len)
{
	*len = self->head_len;
	return self->head;
}

guint64
sori_file_writer_get_size(SoriFileWriter *self)
{
	return self->size;
}

/**
 * sori_file_writer_get_digest:
 *
 * Returns: the SHA-256 of what was written, in hex; no more may be written
 */
const gchar *
sori_file_writer_get_digest(SoriFileWriter *self)
{
	return g_checksum_get_string(self->checksum);
}

/**
 * sori_file_writer_commit:
 * @path: where the file goes, in the writer's directory
 *
 * Syncs the file, renames it into place and syncs the directory: whatever
 * happens, @path is missing or whole.
 */
gboolean
sori_file_writer_commit(SoriFileWriter *self, const gchar *path, GError **error)
{
	gint dir_fd;

	g_return_val_if_fail(self->fd >= 0, FALSE);
	if (fsync(self->fd) != 0)
		return sori_file_fail(error, "syncing", self->tmp);
	close(self->fd);
	self->fd = -1;
	if (g_rename(self->tmp, path) != 0)
		return sori_file_fail(error, "renaming to", path);
	g_clear_pointer(&self->tmp, g_free);
	dir_fd = open(self->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir_fd < 0 || fsync(dir_fd) != 0) {
		if (dir_fd >= 0)
			close(dir_fd);
		return sori_file_fail(error, "syncing", self->dir);
	}
	close(dir_fd);
	return TRUE;
}

/**
 * sori_file_writer_free:
 *
 * Closes the writer; a file never committed is deleted.
 */
void
sori_file_writer_free(SoriFileWriter *self)
{
	if (self == NULL)
		return;
	if (self->fd >= 0)
		close(self->fd);
	if (self->tmp != NULL)
		g_unlink(self->tmp);
	g_free(self->tmp);
	g_free(self->dir);
	if (self->checksum != NULL)
		g_checksum_free(self->checksum);
	g_free(self);
}
