/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-representation.h"

G_BEGIN_DECLS

/*
 * Every error sorid answers with, and the codes of the SORI_PROBLEM_ERROR
 * GError domain: a handler fails with a GError in this domain (or any domain
 * sori_problem_from_error() knows), and one function turns it into the
 * problem+json answer. See sori-problem.c for each one's status and type URI.
 */
typedef enum {
	SORI_PROBLEM_UNKNOWN_ROUTE,
	SORI_PROBLEM_UNKNOWN_VENUE,
	SORI_PROBLEM_UNKNOWN_EXHIBIT,
	SORI_PROBLEM_UNKNOWN_CODE,
	SORI_PROBLEM_INVALID_PARAMETER,
	SORI_PROBLEM_METHOD_NOT_ALLOWED,
	SORI_PROBLEM_VENUE_UNAVAILABLE,
	SORI_PROBLEM_INVALID_BODY,
	SORI_PROBLEM_BODY_TOO_LARGE,
	SORI_PROBLEM_UNSUPPORTED_MEDIA_TYPE,
	SORI_PROBLEM_NO_KNOWN_BEACON,
	SORI_PROBLEM_SPEECH_UNAVAILABLE,
	SORI_PROBLEM_INVALID_CATALOGUE,
	SORI_PROBLEM_STORAGE_FAILED,
	SORI_PROBLEM_UNKNOWN_REVISION,
	SORI_PROBLEM_UNAUTHORIZED,
	SORI_PROBLEM_FORBIDDEN,
	SORI_PROBLEM_INSUFFICIENT_STORAGE,
	SORI_PROBLEM_RANGE_NOT_SATISFIABLE,
	SORI_PROBLEM_INTERNAL,
	SORI_PROBLEM_HEAD_TOO_LARGE,
	SORI_PROBLEM_SPEECH_BUSY,
	SORI_PROBLEM_NO_MAP,
	SORI_PROBLEM_UNKNOWN_PLACE,
	SORI_PROBLEM_NO_ROUTE,
	SORI_PROBLEM_NO_RELEASE,
	SORI_PROBLEM_STORE_UNAVAILABLE,
	SORI_PROBLEM_VENUE_LOADING,
	SORI_PROBLEM_LAST,
} SoriProblem;

#define SORI_PROBLEM_ERROR (sori_problem_error_quark())
GQuark sori_problem_error_quark(void);

#define SORI_PROBLEM_CONTENT_TYPE "application/problem+json"

guint sori_problem_get_status(SoriProblem problem);
const gchar *sori_problem_get_type_uri(SoriProblem problem);
SoriProblem sori_problem_from_error(const GError *error);
SoriRepresentation *sori_problem_new(SoriProblem problem, const gchar *instance,
				     const gchar *format, ...) G_GNUC_PRINTF(3, 4);
SoriRepresentation *sori_problem_new_from_error(const GError *error, const gchar *instance);

G_END_DECLS
