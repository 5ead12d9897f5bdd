/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void sori_background_lower_priority(void);
void sori_background_run_in_thread(GTask *task, GTaskThreadFunc func);

G_END_DECLS
