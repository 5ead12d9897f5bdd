/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-beacon-emitter.h"

G_BEGIN_DECLS

GArray *sori_beacon_config_load(GKeyFile *keyfile, GError **error);

G_END_DECLS
