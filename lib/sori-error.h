/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SORI_CATALOGUE_ERROR (sori_catalogue_error_quark())

/**
 * SoriCatalogueError:
 * @SORI_CATALOGUE_ERROR_INVALID: the catalogue has problems; each one is listed
 * @SORI_CATALOGUE_ERROR_TOO_LARGE: the document is over the size limit
 * @SORI_CATALOGUE_ERROR_IO: the file could not be read
 */
typedef enum {
	SORI_CATALOGUE_ERROR_INVALID,
	SORI_CATALOGUE_ERROR_TOO_LARGE,
	SORI_CATALOGUE_ERROR_IO,
} SoriCatalogueError;

GQuark sori_catalogue_error_quark(void);

G_END_DECLS
