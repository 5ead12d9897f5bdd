/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
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
