/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sori-error.h"

/* clang-format would split the quark's name at each '-' */
/* clang-format off */
G_DEFINE_QUARK(sori-catalogue-error-quark, sori_catalogue_error)
/* clang-format on */
