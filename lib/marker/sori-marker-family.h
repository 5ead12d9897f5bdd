/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The printed codes' family, tagStandard41h12: a 9 × 9 grid of cells. Ring 1
 * (the square of cells 1..7) is black and ring 2 (cells 2..6) white; the 41
 * data bits are ring 0 (the outermost 32 cells) and the 3 × 3 centre. A bit
 * set is a white cell. Printed on white, with a quiet zone of at least one
 * cell around the grid. A code's printed size is the width of its whole grid.
 *
 * Freestanding: no GLib, no libc.
 */
#pragma once

#include <stdint.h>

#define SORI_MARKER_FAMILY_NAME    "tagStandard41h12"
#define SORI_MARKER_FAMILY_CODES   2115
#define SORI_MARKER_FAMILY_BITS    41
#define SORI_MARKER_FAMILY_HAMMING 12
/* cells across the whole grid, and across the white square inside the black ring */
#define SORI_MARKER_FAMILY_GRID   9
#define SORI_MARKER_FAMILY_BORDER 5

extern const uint8_t sori_marker_family_bit_cells[SORI_MARKER_FAMILY_BITS][2];
extern const uint64_t sori_marker_family_codes[SORI_MARKER_FAMILY_CODES];
