/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-store.h"

G_BEGIN_DECLS

#define SORI_TYPE_STORE_FILES (sori_store_files_get_type())
G_DECLARE_FINAL_TYPE(SoriStoreFiles, sori_store_files, SORI, STORE_FILES, GObject)

SoriStore *sori_store_files_new(const gchar *data_dir, guint revisions_kept);
const gchar *sori_store_files_get_data_dir(SoriStoreFiles *self);
gchar *sori_store_files_state_dir(const gchar *data_dir);
gchar *sori_store_files_tokens_path(const gchar *data_dir);

G_END_DECLS
