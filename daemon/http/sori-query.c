/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The one query parser, for every route: bounded in length and count,
 * percent-decoded UTF-8, only the parameters a route takes, each at most
 * once. And the one choice of language a request asks for.
 */

#include "config.h"

#include <string.h>

#include "sori-language.h"
#include "sori-problem.h"
#include "sori-query.h"

/**
 * sori_query_parse:
 * @query: (nullable): a query, still percent-encoded
 * @allowed: the names this route takes
 * @error: a %SORI_PROBLEM_INVALID_PARAMETER saying what is wrong
 *
 * Returns: (transfer full) (nullable): name → value, both decoded
 */
GHashTable *
sori_query_parse(const gchar *query, const gchar *const *allowed, GError **error)
{
	g_autoptr(GHashTable) params
		= g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	g_auto(GStrv) pairs = NULL;

	if (query == NULL || *query == '\0')
		return g_steal_pointer(&params);
	if (strlen(query) > SORI_QUERY_MAX_LEN) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_PARAMETER,
			    "the query is longer than %u bytes", SORI_QUERY_MAX_LEN);
		return NULL;
	}
	pairs = g_strsplit(query, "&", SORI_QUERY_MAX_PARAMS + 1);
	if (g_strv_length(pairs) > SORI_QUERY_MAX_PARAMS) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_PARAMETER,
			    "the query has more than %u parameters", SORI_QUERY_MAX_PARAMS);
		return NULL;
	}
	for (guint i = 0; pairs[i] != NULL; i++) {
		gchar *eq = strchr(pairs[i], '=');
		g_autofree gchar *name = NULL;
		g_autofree gchar *value = NULL;
		if (*pairs[i] == '\0')
			continue;
		if (eq != NULL)
			*eq = '\0';
		/* a form's '+' is a space */
		g_strdelimit(pairs[i], "+", ' ');
		if (eq != NULL)
			g_strdelimit(eq + 1, "+", ' ');
		name = g_uri_unescape_string(pairs[i], NULL);
		value = g_uri_unescape_string(eq != NULL ? eq + 1 : "", NULL);
		if (name == NULL || value == NULL || !g_utf8_validate(value, -1, NULL)
		    || !g_utf8_validate(name, -1, NULL)) {
			g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_PARAMETER,
				    "the query is not validly percent-encoded UTF-8");
			return NULL;
		}
		if (!g_strv_contains(allowed, name)) {
			g_autofree gchar *known = g_strjoinv(", ", (gchar **) allowed);
			if (allowed[0] == NULL)
				g_set_error(
					error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_PARAMETER,
					"unknown parameter '%s': this resource takes none", name);
			else
				g_set_error(error, SORI_PROBLEM_ERROR,
					    SORI_PROBLEM_INVALID_PARAMETER,
					    "unknown parameter '%s': this resource takes %s", name,
					    known);
			return NULL;
		}
		if (g_hash_table_contains(params, name)) {
			g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_PARAMETER,
				    "parameter '%s' is given twice", name);
			return NULL;
		}
		g_hash_table_insert(params, g_steal_pointer(&name), g_steal_pointer(&value));
	}
	return g_steal_pointer(&params);
}

/**
 * sori_query_choose_language:
 * @params: from sori_query_parse()
 * @accept_language: (nullable): the Accept-Language header
 * @offered: the venue's languages
 * @fallback: its default language
 * @lang: (out) (transfer none): one of @offered
 *
 * The language to answer in: ?lang= when given (and well-formed), else
 * Accept-Language, else the venue's default. A language the venue does not
 * offer falls back to its default, and the body says so.
 *
 * Returns: %FALSE, with a %SORI_PROBLEM_INVALID_PARAMETER, for a ?lang=
 *	that is no language tag
 */
gboolean
sori_query_choose_language(GHashTable *params, const gchar *accept_language,
			   const gchar *const *offered, const gchar *fallback, const gchar **lang,
			   GError **error)
{
	const gchar *wanted = g_hash_table_lookup(params, "lang");

	if (wanted != NULL) {
		g_autofree gchar *canonical = sori_language_tag_canonicalize(wanted);
		const gchar *found;
		if (canonical == NULL) {
			g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_PARAMETER,
				    "lang: '%s' is not a BCP 47 language tag such as 'ko' or 'en'",
				    wanted);
			return FALSE;
		}
		found = sori_language_match(offered, canonical);
		*lang = found != NULL ? found : fallback;
		return TRUE;
	}
	*lang = sori_language_negotiate(offered, accept_language, fallback);
	return TRUE;
}

/**
 * sori_query_read_route:
 * @params: a parsed query with from, to and profile
 * @profile: (out)
 *
 * Returns: %FALSE with invalid-parameter when one is missing or unknown
 */
gboolean
sori_query_read_route(GHashTable *params, const gchar **from, const gchar **to,
		      SoriProfile *profile, GError **error)
{
	const gchar *profile_name = g_hash_table_lookup(params, "profile");

	*from = g_hash_table_lookup(params, "from");
	*to = g_hash_table_lookup(params, "to");
	if (*from == NULL || **from == '\0' || *to == NULL || **to == '\0') {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_PARAMETER,
			    "%s: say where the route starts (from=) and where it goes (to=), as "
			    "a place, exhibit, gallery or entrance id",
			    *from == NULL || **from == '\0' ? "from" : "to");
		return FALSE;
	}
	*profile = SORI_PROFILE_GENERAL;
	if (profile_name != NULL && !sori_profile_from_string(profile_name, profile)) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_PARAMETER,
			    "profile: '%s' is not one of general, wheelchair, step-free and blind",
			    profile_name);
		return FALSE;
	}
	return TRUE;
}
