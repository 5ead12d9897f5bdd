/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>

#include "sori-error.h"

G_BEGIN_DECLS

#define SORI_TYPE_TOKENS (sori_tokens_get_type())
G_DECLARE_FINAL_TYPE(SoriTokens, sori_tokens, SORI, TOKENS, GObject)

SoriTokens *sori_tokens_new(const gchar *path);
GPtrArray *sori_tokens_parse(const gchar *data, gsize len, const gchar *path, GError **error);
gboolean sori_tokens_reload_if_changed(SoriTokens *self, GError **error);
gboolean sori_tokens_load_data(SoriTokens *self, const gchar *data, gsize len, GError **error);
gchar *sori_tokens_to_data(SoriTokens *self);
gchar *sori_tokens_add(SoriTokens *self, const gchar *name, const gchar *const *venues,
		       GError **error);
gboolean sori_tokens_revoke(SoriTokens *self, const gchar *name, GError **error);
GPtrArray *sori_tokens_list(SoriTokens *self);
const gchar *sori_tokens_verify(SoriTokens *self, const gchar *token, const gchar *venue,
				gboolean *allowed);

G_END_DECLS
