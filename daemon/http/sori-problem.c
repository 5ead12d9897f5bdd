/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Errors as RFC 9457 problem details. The type URIs are stable: clients
 * branch on them, never on the wording of title or detail.
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include "sori-problem.h"

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
