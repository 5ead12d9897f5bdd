/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sori-error.h"

/* clang-format would split each quark's name at its '-': the names are kept
 * whole by hand, and tests/problem-test.c checks them */
/* clang-format off */
G_DEFINE_QUARK(sori-catalogue-error-quark, sori_catalogue_error)
G_DEFINE_QUARK(sori-speech-error-quark, sori_speech_error)
G_DEFINE_QUARK(sori-tokens-error-quark, sori_tokens_error)
G_DEFINE_QUARK(sori-eid-resolver-error-quark, sori_eid_resolver_error)
G_DEFINE_QUARK(sori-map-error-quark, sori_map_error)
G_DEFINE_QUARK(sori-labels-error-quark, sori_labels_error)
/* clang-format on */
