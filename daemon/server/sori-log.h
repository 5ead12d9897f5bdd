/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void sori_log_setup(gboolean verbose);
gboolean sori_log_get_debug(void);

G_END_DECLS
