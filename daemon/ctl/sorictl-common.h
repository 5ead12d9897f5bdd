/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* sorictl's exit codes: 0 success, 1 the command ran and found a problem, 2 a
 * usage error */
#define SORICTL_EXIT_PROBLEM 1
#define SORICTL_EXIT_USAGE   2

gint sorictl_usage_error(const gchar *message);

G_END_DECLS
