/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A full disk, injected: preloaded into sorid, write() to any file under
 * $SORI_ENOSPC_UNDER fails with ENOSPC, as on a disk that filled up.
 */

#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

ssize_t write(int fd, const void *buf, size_t count);

static int
is_under_full_disk(int fd)
{
	const char *under = getenv("SORI_ENOSPC_UNDER");
	char link[64];
	char path[PATH_MAX];
	ssize_t n;

	if (under == NULL || *under == '\0')
		return 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n <= 0)
		return 0;
	path[n] = '\0';
	return strncmp(path, under, strlen(under)) == 0;
}

ssize_t
write(int fd, const void *buf, size_t count)
{
	static ssize_t (*real_write)(int, const void *, size_t) = NULL;

	if (real_write == NULL)
		real_write = (ssize_t(*)(int, const void *, size_t)) dlsym(RTLD_NEXT, "write");
	if (count > 0 && is_under_full_disk(fd)) {
		errno = ENOSPC;
		return -1;
	}
	return real_write(fd, buf, count);
}
