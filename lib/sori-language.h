/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* the longest language tag sori accepts, in bytes */
#define SORI_LANGUAGE_TAG_MAX 35

gchar *sori_language_tag_canonicalize(const gchar *tag);
gboolean sori_language_tag_is_canonical(const gchar *tag);
const gchar *sori_language_match(const gchar *const *offered, const gchar *wanted);
const gchar *sori_language_negotiate(const gchar *const *offered, const gchar *accept_language,
				     const gchar *fallback);

typedef enum {
	SORI_LANGUAGE_DIRECTION_LTR,
	SORI_LANGUAGE_DIRECTION_RTL,
} SoriLanguageDirection;

SoriLanguageDirection sori_language_get_direction(const gchar *tag);
const gchar *sori_language_direction_to_string(SoriLanguageDirection direction);
const gchar *sori_language_get_endonym(const gchar *tag);

G_END_DECLS
