/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every error domain of sori's own, in one place, so that one table
 * (daemon/http/sori-problem.c) can turn any of them into an HTTP answer.
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

#define SORI_SPEECH_ERROR (sori_speech_error_quark())

typedef enum {
	SORI_SPEECH_ERROR_INVALID,   /* a parameter out of range, an empty text */
	SORI_SPEECH_ERROR_NO_VOICE,  /* espeak-ng speaks no such language */
	SORI_SPEECH_ERROR_SYNTHESIS, /* espeak-ng failed */
	SORI_SPEECH_ERROR_ENCODING,  /* an encoder failed */
} SoriSpeechError;

GQuark sori_speech_error_quark(void);

#define SORI_TOKENS_ERROR (sori_tokens_error_quark())

typedef enum {
	SORI_TOKENS_ERROR_IO,
	SORI_TOKENS_ERROR_INSECURE,
	SORI_TOKENS_ERROR_INVALID,
	SORI_TOKENS_ERROR_EXISTS,
	SORI_TOKENS_ERROR_NOT_FOUND,
} SoriTokensError;

GQuark sori_tokens_error_quark(void);

#define SORI_EID_RESOLVER_ERROR (sori_eid_resolver_error_quark())

typedef enum {
	SORI_EID_RESOLVER_ERROR_IO,
	SORI_EID_RESOLVER_ERROR_INSECURE,
	SORI_EID_RESOLVER_ERROR_INVALID,
} SoriEidResolverError;

GQuark sori_eid_resolver_error_quark(void);

#define SORI_MAP_ERROR (sori_map_error_quark())

typedef enum {
	SORI_MAP_ERROR_NO_MAP,        /* the venue has no map (or none placed on the Earth) */
	SORI_MAP_ERROR_UNKNOWN_PLACE, /* no place, exhibit, gallery or entrance of that id */
	SORI_MAP_ERROR_NO_ROUTE,      /* no way the profile allows joins the places */
} SoriMapError;

GQuark sori_map_error_quark(void);

#define SORI_LABELS_ERROR (sori_labels_error_quark())

typedef enum {
	SORI_LABELS_ERROR_NO_CODES,  /* the venue has no printed codes (on that floor) */
	SORI_LABELS_ERROR_TOO_LARGE, /* a code does not fit the paper asked for */
} SoriLabelsError;

GQuark sori_labels_error_quark(void);

G_END_DECLS
