/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SORI_TYPE_NOISE (sori_noise_get_type())
G_DECLARE_FINAL_TYPE(SoriNoise, sori_noise, SORI, NOISE, GObject)

SoriNoise *sori_noise_new(void);
SoriNoise *sori_noise_new_seeded(guint32 seed);
gint64 sori_noise_geometric(SoriNoise *self, gdouble epsilon, guint sensitivity);
gdouble sori_noise_geometric_alpha(gdouble epsilon, guint sensitivity);
guint sori_noise_geometric_bound(gdouble epsilon, guint sensitivity, gdouble confidence);

G_END_DECLS
