/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What every sorictl command shares.
 */

#define G_LOG_DOMAIN "sorictl"

#include "config.h"

#include <stdio.h>

#include "sorictl-common.h"

/**
 * sorictl_usage_error:
 * @message: what was wrong with the command line
 *
 * Says so on stderr, with where to find help.
 *
 * Returns: %SORICTL_EXIT_USAGE
 */
gint
sorictl_usage_error(const gchar *message)
{
	fprintf(stderr, "%s: %s\nTry '%s --help'.\n", g_get_prgname(), message, g_get_prgname());
	return SORICTL_EXIT_USAGE;
}
