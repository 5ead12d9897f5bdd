/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-store.h"

G_BEGIN_DECLS

SoriStore *sori_store_open(const gchar *spec, const gchar *data_dir, guint revisions_kept,
			   GError **error);
gboolean sori_store_spec_is_valid(const gchar *spec, GError **error);

G_END_DECLS
