/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Errors as RFC 9457 problem details. The type URIs are stable: clients
 * branch on them, never on the wording of title or detail.
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include <gio/gio.h>

#include "sori-error.h"
#include "sori-problem.h"

/* clang-format would split the quark's name at each '-' */
/* clang-format off */
G_DEFINE_QUARK(sori-problem-error-quark, sori_problem_error)
/* clang-format on */

typedef struct {
	guint status;
	const gchar *type;
	const gchar *title;
} ProblemInfo;

/* the one table that maps sorid's errors to HTTP statuses */
static const ProblemInfo problems[] = {
	[SORI_PROBLEM_UNKNOWN_ROUTE]
	= { 404, "urn:sori:problem:unknown-route", "No such resource" },
	[SORI_PROBLEM_UNKNOWN_VENUE] = { 404, "urn:sori:problem:unknown-venue", "No such venue" },
	[SORI_PROBLEM_UNKNOWN_EXHIBIT]
	= { 404, "urn:sori:problem:unknown-exhibit", "No such exhibit" },
	[SORI_PROBLEM_UNKNOWN_CODE]
	= { 404, "urn:sori:problem:unknown-code", "No exhibit has this code" },
	[SORI_PROBLEM_INVALID_PARAMETER]
	= { 400, "urn:sori:problem:invalid-parameter", "Invalid parameter" },
	[SORI_PROBLEM_METHOD_NOT_ALLOWED]
	= { 405, "urn:sori:problem:method-not-allowed", "Method not allowed" },
	[SORI_PROBLEM_VENUE_UNAVAILABLE]
	= { 503, "urn:sori:problem:venue-unavailable", "Venue temporarily unavailable" },
	[SORI_PROBLEM_INVALID_BODY]
	= { 400, "urn:sori:problem:invalid-body", "Invalid request body" },
	[SORI_PROBLEM_BODY_TOO_LARGE]
	= { 413, "urn:sori:problem:body-too-large", "Request body too large" },
	[SORI_PROBLEM_UNSUPPORTED_MEDIA_TYPE]
	= { 415, "urn:sori:problem:unsupported-media-type", "Unsupported media type" },
	[SORI_PROBLEM_NO_KNOWN_BEACON]
	= { 422, "urn:sori:problem:no-known-beacon", "No beacon of this venue was heard" },
	[SORI_PROBLEM_SPEECH_UNAVAILABLE]
	= { 503, "urn:sori:problem:speech-unavailable", "Speech temporarily unavailable" },
	[SORI_PROBLEM_INVALID_CATALOGUE]
	= { 422, "urn:sori:problem:invalid-catalogue", "The catalogue is not valid" },
	[SORI_PROBLEM_STORAGE_FAILED]
	= { 500, "urn:sori:problem:storage-failed", "The change could not be stored" },
	[SORI_PROBLEM_UNKNOWN_REVISION]
	= { 404, "urn:sori:problem:unknown-revision", "No such revision" },
	[SORI_PROBLEM_UNAUTHORIZED] = { 401, "urn:sori:problem:unauthorized", "Token required" },
	[SORI_PROBLEM_FORBIDDEN]
	= { 403, "urn:sori:problem:forbidden", "The token does not cover this venue" },
	[SORI_PROBLEM_INSUFFICIENT_STORAGE]
	= { 507, "urn:sori:problem:insufficient-storage", "The server's disk is full" },
	[SORI_PROBLEM_RANGE_NOT_SATISFIABLE]
	= { 416, "urn:sori:problem:range-not-satisfiable", "The range is outside the file" },
	[SORI_PROBLEM_INTERNAL]
	= { 500, "urn:sori:problem:internal-error", "Something went wrong in the server" },
	[SORI_PROBLEM_HEAD_TOO_LARGE]
	= { 431, "urn:sori:problem:head-too-large", "The request head is too large" },
	[SORI_PROBLEM_SPEECH_BUSY]
	= { 503, "urn:sori:problem:speech-busy", "Speech is busy; try again shortly" },
	[SORI_PROBLEM_NO_MAP] = { 404, "urn:sori:problem:no-map", "The venue has no map" },
	[SORI_PROBLEM_UNKNOWN_PLACE]
	= { 404, "urn:sori:problem:unknown-place", "No such place on the venue's map" },
	[SORI_PROBLEM_NO_ROUTE]
	= { 422, "urn:sori:problem:no-route", "No way the profile allows joins the places" },
	[SORI_PROBLEM_NO_RELEASE]
	= { 404, "urn:sori:problem:no-release", "No usage counts are released for that period" },
	[SORI_PROBLEM_STORE_UNAVAILABLE]
	= { 503, "urn:sori:problem:store-unavailable", "Changes cannot be kept just now" },
	[SORI_PROBLEM_VENUE_LOADING]
	= { 503, "urn:sori:problem:venue-loading", "Venue still loading" },
};
G_STATIC_ASSERT(G_N_ELEMENTS(problems) == SORI_PROBLEM_LAST);

guint
sori_problem_get_status(SoriProblem problem)
{
	g_return_val_if_fail(problem < SORI_PROBLEM_LAST, 500);
	return problems[problem].status;
}

const gchar *
sori_problem_get_type_uri(SoriProblem problem)
{
	g_return_val_if_fail(problem < SORI_PROBLEM_LAST, NULL);
	return problems[problem].type;
}

typedef struct {
	GQuark (*domain)(void);
	gint code; /* -1: any other code of the domain */
	SoriProblem problem;
} ProblemConversion;

/* every other domain's errors as problems, the first match winning */
static const ProblemConversion conversions[] = {
	{ g_io_error_quark, G_IO_ERROR_NO_SPACE, SORI_PROBLEM_INSUFFICIENT_STORAGE },
	{ g_file_error_quark, G_FILE_ERROR_NOSPC, SORI_PROBLEM_INSUFFICIENT_STORAGE },
	{ g_io_error_quark, -1, SORI_PROBLEM_STORAGE_FAILED },
	{ g_file_error_quark, -1, SORI_PROBLEM_STORAGE_FAILED },
	{ sori_catalogue_error_quark, SORI_CATALOGUE_ERROR_INVALID,
	  SORI_PROBLEM_INVALID_CATALOGUE },
	{ sori_catalogue_error_quark, SORI_CATALOGUE_ERROR_TOO_LARGE, SORI_PROBLEM_BODY_TOO_LARGE },
	{ sori_catalogue_error_quark, SORI_CATALOGUE_ERROR_IO, SORI_PROBLEM_STORAGE_FAILED },
	{ sori_speech_error_quark, SORI_SPEECH_ERROR_INVALID, SORI_PROBLEM_INVALID_PARAMETER },
	{ sori_speech_error_quark, SORI_SPEECH_ERROR_NO_VOICE, SORI_PROBLEM_INVALID_PARAMETER },
	{ sori_speech_error_quark, -1, SORI_PROBLEM_SPEECH_UNAVAILABLE },
	{ sori_tokens_error_quark, -1, SORI_PROBLEM_STORAGE_FAILED },
	{ sori_eid_resolver_error_quark, -1, SORI_PROBLEM_STORAGE_FAILED },
	{ sori_map_error_quark, SORI_MAP_ERROR_NO_MAP, SORI_PROBLEM_NO_MAP },
	{ sori_map_error_quark, SORI_MAP_ERROR_UNKNOWN_PLACE, SORI_PROBLEM_UNKNOWN_PLACE },
	{ sori_map_error_quark, SORI_MAP_ERROR_NO_ROUTE, SORI_PROBLEM_NO_ROUTE },
	/* labels asked for a floor with no codes, or on paper too small for one */
	{ sori_labels_error_quark, -1, SORI_PROBLEM_INVALID_PARAMETER },
};

/**
 * sori_problem_from_error:
 * @error: a GError of any domain
 *
 * The one table from the project's other error domains, and GIO's, to the
 * answers: a full disk is 507 insufficient-storage, a file that cannot be
 * written is 500 storage-failed (the message names the file), an error of a
 * domain no one expected is 500 internal-error.
 *
 * Returns: what to answer @error with
 */
SoriProblem
sori_problem_from_error(const GError *error)
{
	g_return_val_if_fail(error != NULL, SORI_PROBLEM_INTERNAL);
	if (error->domain == SORI_PROBLEM_ERROR)
		return error->code >= 0 && error->code < SORI_PROBLEM_LAST
			       ? (SoriProblem) error->code
			       : SORI_PROBLEM_INTERNAL;
	for (guint i = 0; i < G_N_ELEMENTS(conversions); i++) {
		if (error->domain == conversions[i].domain()
		    && (conversions[i].code == -1 || conversions[i].code == error->code))
			return conversions[i].problem;
	}
	return SORI_PROBLEM_INTERNAL;
}

/**
 * sori_problem_new_from_error:
 * @error: why the request failed; its message is the detail
 * @instance: (nullable): the path the request was for
 *
 * Returns: (transfer full): the problem+json answer to @error
 */
SoriRepresentation *
sori_problem_new_from_error(const GError *error, const gchar *instance)
{
	return sori_problem_new(sori_problem_from_error(error), instance, "%s", error->message);
}

/**
 * sori_problem_new:
 * @problem: what went wrong
 * @instance: (nullable): the path the request was for
 * @format: a printf() format for the detail, in plain words
 *
 * Returns: (transfer full): an application/problem+json representation
 */
SoriRepresentation *
sori_problem_new(SoriProblem problem, const gchar *instance, const gchar *format, ...)
{
	g_autoptr(JsonBuilder) builder = json_builder_new_immutable();
	g_autoptr(JsonNode) root = NULL;
	g_autofree gchar *detail = NULL;
	va_list args;

	g_return_val_if_fail(problem < SORI_PROBLEM_LAST, NULL);

	va_start(args, format);
	detail = g_strdup_vprintf(format, args);
	va_end(args);

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "type");
	json_builder_add_string_value(builder, problems[problem].type);
	json_builder_set_member_name(builder, "title");
	json_builder_add_string_value(builder, problems[problem].title);
	json_builder_set_member_name(builder, "status");
	json_builder_add_int_value(builder, problems[problem].status);
	json_builder_set_member_name(builder, "detail");
	json_builder_add_string_value(builder, detail);
	if (instance != NULL && g_utf8_validate(instance, -1, NULL)) {
		json_builder_set_member_name(builder, "instance");
		json_builder_add_string_value(builder, instance);
	}
	json_builder_end_object(builder);
	root = json_builder_get_root(builder);
	return sori_representation_new_json(problems[problem].status, SORI_PROBLEM_CONTENT_TYPE,
					    "en", root);
}
