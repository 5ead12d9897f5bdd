/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

gint sorictl_admin_run(const gchar *command, gint argc, gchar **argv);
