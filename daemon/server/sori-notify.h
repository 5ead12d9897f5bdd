/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SoriNotify SoriNotify;

SoriNotify *sori_notify_new_from_environment(void);
void sori_notify_free(SoriNotify *self);
gboolean sori_notify_is_enabled(SoriNotify *self);
void sori_notify_send(SoriNotify *self, const gchar *format, ...) G_GNUC_PRINTF(2, 3);
guint64 sori_notify_start_watchdog(SoriNotify *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SoriNotify, sori_notify_free)

G_END_DECLS
