/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>

#include "sori-eid.h"

#include "sori-error.h"

G_BEGIN_DECLS

/* how many rotation periods of clock drift are tolerated, either way */
#define SORI_EID_DRIFT_PERIODS 3
#define SORI_EID_REGISTRY_MAX  100000

#define SORI_TYPE_EID_RESOLVER (sori_eid_resolver_get_type())
G_DECLARE_FINAL_TYPE(SoriEidResolver, sori_eid_resolver, SORI, EID_RESOLVER, GObject)

SoriEidResolver *sori_eid_resolver_new(void);
gboolean sori_eid_resolver_add(SoriEidResolver *self, const gchar *name,
			       const guint8 identity_key[SORI_EID_KEY_SIZE], guint8 exponent,
			       gint64 clock_offset, GError **error);
gboolean sori_eid_resolver_load_registry_data(SoriEidResolver *self, const gchar *data, gsize len,
					      const gchar *path, GError **error);
gboolean sori_eid_resolver_load_registry(SoriEidResolver *self, const gchar *path, GError **error);
guint sori_eid_resolver_get_size(SoriEidResolver *self);
const gchar *sori_eid_resolver_lookup(SoriEidResolver *self, const guint8 eid[SORI_EID_SIZE],
				      gint64 now);

G_END_DECLS
