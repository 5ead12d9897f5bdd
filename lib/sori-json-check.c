/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Checking JSON as a curator wrote it: each helper reads one member, says
 * what is wrong with it in plain words at its JSON Pointer, and carries on,
 * so that every problem of a document is found in one pass.
 */

#define G_LOG_DOMAIN "sori-catalogue"

#include "config.h"

#include <string.h>

#include "sori-catalogue-private.h"
#include "sori-json.h"
#include "sori-language.h"

void
sori_checker_clear(SoriCatalogueChecker *c)
{
	g_clear_pointer(&c->problems, g_ptr_array_unref);
	g_clear_pointer(&c->seen_codes, g_hash_table_unref);
	g_clear_pointer(&c->seen_beacons, g_hash_table_unref);
	g_clear_pointer(&c->languages, g_strfreev);
}

G_GNUC_PRINTF(3, 4)
void
sori_checker_report(SoriCatalogueChecker *c, const gchar *pointer, const gchar *format, ...)
{
	SoriCatalogueProblem *problem;
	va_list args;

	if (c->problems->len >= SORI_CATALOGUE_MAX_PROBLEMS) {
		c->too_many = TRUE;
		return;
	}
	problem = g_new0(SoriCatalogueProblem, 1);
	problem->pointer = g_strdup(pointer);
	va_start(args, format);
	problem->reason = g_strdup_vprintf(format, args);
	va_end(args);
	g_ptr_array_add(c->problems, problem);
}

/* RFC 6901: '~' is written "~0" and '/' is written "~1" */
gchar *
sori_json_pointer_member(const gchar *parent, const gchar *member)
{
	GString *s = g_string_new(parent);
	g_string_append_c(s, '/');
	for (const gchar *p = member; *p != '\0'; p++) {
		if (*p == '~')
			g_string_append(s, "~0");
		else if (*p == '/')
			g_string_append(s, "~1");
		else
			g_string_append_c(s, *p);
	}
	return g_string_free(s, FALSE);
}

gchar *
sori_json_pointer_index(const gchar *parent, guint index)
{
	return g_strdup_printf("%s/%u", parent, index);
}

const gchar *
sori_json_node_type_name(JsonNode *node)
{
	switch (JSON_NODE_TYPE(node)) {
	case JSON_NODE_OBJECT:
		return "an object";
	case JSON_NODE_ARRAY:
		return "an array";
	case JSON_NODE_NULL:
		return "null";
	case JSON_NODE_VALUE:
		break;
	default:
		return "something else";
	}
	switch (json_node_get_value_type(node)) {
	case G_TYPE_STRING:
		return "a string";
	case G_TYPE_BOOLEAN:
		return "a boolean";
	case G_TYPE_INT64:
		return "an integer";
	case G_TYPE_DOUBLE:
		return "a number with a fraction";
	default:
		return "a value of an unknown kind";
	}
}

static guint
sori_checker_edit_distance(const gchar *a, const gchar *b)
{
	gsize la = strlen(a);
	gsize lb = strlen(b);
	g_autofree guint *row = NULL;

	if (la > 64 || lb > 64)
		return G_MAXUINT;
	row = g_new(guint, lb + 1);
	for (gsize j = 0; j <= lb; j++)
		row[j] = j;
	for (gsize i = 1; i <= la; i++) {
		guint diagonal = row[0];
		row[0] = i;
		for (gsize j = 1; j <= lb; j++) {
			guint above = row[j];
			guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
			row[j] = MIN(MIN(row[j] + 1, row[j - 1] + 1), diagonal + cost);
			diagonal = above;
		}
	}
	return row[lb];
}

/* every member must be one that this object may have: a typo must not pass silently */
void
sori_checker_check_members(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
			   const gchar *const *allowed)
{
	JsonObjectIter iter;
	const gchar *name;

	json_object_iter_init(&iter, obj);
	while (json_object_iter_next(&iter, &name, NULL)) {
		const gchar *suggestion = NULL;
		g_autofree gchar *member_pointer = NULL;
		if (g_strv_contains(allowed, name))
			continue;
		for (guint i = 0; allowed[i] != NULL; i++) {
			if (sori_checker_edit_distance(name, allowed[i]) <= 2) {
				suggestion = allowed[i];
				break;
			}
		}
		member_pointer = sori_json_pointer_member(pointer, name);
		if (suggestion != NULL)
			sori_checker_report(c, member_pointer,
					    "unknown field '%s' (did you mean '%s'?)", name,
					    suggestion);
		else
			sori_checker_report(c, member_pointer, "unknown field '%s'", name);
	}
}

/* the member @name of @obj, reporting it when required and missing */
JsonNode *
sori_checker_get_member(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
			const gchar *name, gboolean required)
{
	JsonNode *node = json_object_get_member(obj, name);
	if (node == NULL && required) {
		g_autofree gchar *member_pointer = sori_json_pointer_member(pointer, name);
		sori_checker_report(c, member_pointer, "required field is missing");
	}
	return node;
}

gboolean
sori_checker_expect_type(SoriCatalogueChecker *c, JsonNode *node, const gchar *pointer,
			 JsonNodeType type, GType value_type)
{
	static const gchar *names[] = {
		[JSON_NODE_OBJECT] = "an object",
		[JSON_NODE_ARRAY] = "an array",
		[JSON_NODE_VALUE] = "a value",
		[JSON_NODE_NULL] = "null",
	};
	const gchar *wanted = names[type];

	if (type == JSON_NODE_VALUE) {
		if (value_type == G_TYPE_STRING)
			wanted = "a string";
		else if (value_type == G_TYPE_BOOLEAN)
			wanted = "true or false";
		else if (value_type == G_TYPE_INT64)
			wanted = "an integer";
	}
	if (JSON_NODE_TYPE(node) == type
	    && (type != JSON_NODE_VALUE || json_node_get_value_type(node) == value_type))
		return TRUE;
	sori_checker_report(c, pointer, "expected %s, got %s", wanted,
			    sori_json_node_type_name(node));
	return FALSE;
}

/* a string's content: not blank, within @max_len characters, no control characters */
gboolean
sori_checker_check_string_content(SoriCatalogueChecker *c, const gchar *value, const gchar *pointer,
				  guint max_len, SoriCheckerTextFlags flags)
{
	glong len = g_utf8_strlen(value, -1);
	gboolean blank = TRUE;

	if (len > max_len) {
		sori_checker_report(c, pointer, "text is %ld characters long; the limit is %u", len,
				    max_len);
		return FALSE;
	}
	for (const gchar *p = value; *p != '\0'; p++) {
		guchar ch = (guchar) *p;
		if (ch < 0x20 || ch == 0x7f) {
			if ((flags & SORI_CHECKER_TEXT_SINGLE_LINE) == 0
			    && (ch == '\n' || ch == '\t'))
				continue;
			sori_checker_report(c, pointer,
					    "text contains a control character (0x%02x)", ch);
			return FALSE;
		}
		if (!g_ascii_isspace(ch))
			blank = FALSE;
	}
	if (blank) {
		sori_checker_report(c, pointer, "text is empty");
		return FALSE;
	}
	return TRUE;
}

const gchar *
sori_checker_get_string(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
			const gchar *name, gboolean required, guint max_len)
{
	JsonNode *node = sori_checker_get_member(c, obj, pointer, name, required);
	g_autofree gchar *member_pointer = NULL;
	const gchar *value;

	if (node == NULL)
		return NULL;
	member_pointer = sori_json_pointer_member(pointer, name);
	if (!sori_checker_expect_type(c, node, member_pointer, JSON_NODE_VALUE, G_TYPE_STRING))
		return NULL;
	value = json_node_get_string(node);
	if (!sori_checker_check_string_content(c, value, member_pointer, max_len,
					       SORI_CHECKER_TEXT_SINGLE_LINE))
		return NULL;
	return value;
}

gboolean
sori_checker_get_boolean(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
			 const gchar *name, gboolean required, gboolean *out)
{
	JsonNode *node = sori_checker_get_member(c, obj, pointer, name, required);
	g_autofree gchar *member_pointer = NULL;

	if (node == NULL)
		return FALSE;
	member_pointer = sori_json_pointer_member(pointer, name);
	if (!sori_checker_expect_type(c, node, member_pointer, JSON_NODE_VALUE, G_TYPE_BOOLEAN))
		return FALSE;
	*out = json_node_get_boolean(node);
	return TRUE;
}

gboolean
sori_checker_check_integer_node(SoriCatalogueChecker *c, JsonNode *node, const gchar *pointer,
				gint64 min, gint64 max, gint64 *out)
{
	gint64 value;
	if (!sori_checker_expect_type(c, node, pointer, JSON_NODE_VALUE, G_TYPE_INT64))
		return FALSE;
	value = json_node_get_int(node);
	if (value < min || value > max) {
		sori_checker_report(c, pointer,
				    "%" G_GINT64_FORMAT
				    " is out of range: it must be from %" G_GINT64_FORMAT
				    " to %" G_GINT64_FORMAT,
				    value, min, max);
		return FALSE;
	}
	if (out != NULL)
		*out = value;
	return TRUE;
}

gboolean
sori_checker_get_integer(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
			 const gchar *name, gboolean required, gint64 min, gint64 max, gint64 *out)
{
	JsonNode *node = sori_checker_get_member(c, obj, pointer, name, required);
	g_autofree gchar *member_pointer = NULL;

	if (node == NULL)
		return FALSE;
	member_pointer = sori_json_pointer_member(pointer, name);
	return sori_checker_check_integer_node(c, node, member_pointer, min, max, out);
}

JsonObject *
sori_checker_get_object(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
			const gchar *name, gboolean required)
{
	JsonNode *node = sori_checker_get_member(c, obj, pointer, name, required);
	g_autofree gchar *member_pointer = NULL;

	if (node == NULL)
		return NULL;
	member_pointer = sori_json_pointer_member(pointer, name);
	if (!sori_checker_expect_type(c, node, member_pointer, JSON_NODE_OBJECT, G_TYPE_INVALID))
		return NULL;
	return json_node_get_object(node);
}

JsonArray *
sori_checker_get_array(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
		       const gchar *name, gboolean required, guint max_len)
{
	JsonNode *node = sori_checker_get_member(c, obj, pointer, name, required);
	g_autofree gchar *member_pointer = NULL;
	JsonArray *array;

	if (node == NULL)
		return NULL;
	member_pointer = sori_json_pointer_member(pointer, name);
	if (!sori_checker_expect_type(c, node, member_pointer, JSON_NODE_ARRAY, G_TYPE_INVALID))
		return NULL;
	array = json_node_get_array(node);
	if (json_array_get_length(array) > max_len) {
		sori_checker_report(c, member_pointer, "the list has %u entries; the limit is %u",
				    json_array_get_length(array), max_len);
		return NULL;
	}
	return array;
}

/* the element at @index of @array, which must be an object */
JsonObject *
sori_checker_array_object(SoriCatalogueChecker *c, JsonArray *array, const gchar *pointer,
			  guint index)
{
	JsonNode *node = json_array_get_element(array, index);
	g_autofree gchar *element_pointer = sori_json_pointer_index(pointer, index);
	if (!sori_checker_expect_type(c, node, element_pointer, JSON_NODE_OBJECT, G_TYPE_INVALID))
		return NULL;
	return json_node_get_object(node);
}

const gchar *
sori_checker_get_id(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
		    const gchar *name, gboolean required)
{
	const gchar *value = sori_checker_get_string(c, obj, pointer, name, required,
						     SORI_CATALOGUE_MAX_ID_LEN);
	if (value != NULL && !sori_catalogue_id_is_valid(value)) {
		g_autofree gchar *member_pointer = sori_json_pointer_member(pointer, name);
		sori_checker_report(
			c, member_pointer,
			"'%s' is not a valid id: use 1 to 64 characters from a-z, 0-9 and '-', "
			"starting with a letter or digit",
			value);
		return NULL;
	}
	return value;
}

const gchar *
sori_checker_get_url(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
		     const gchar *name, gboolean required)
{
	const gchar *value = sori_checker_get_string(c, obj, pointer, name, required,
						     SORI_CATALOGUE_MAX_URL_LEN);
	g_autofree gchar *member_pointer = NULL;
	g_autoptr(GUri) uri = NULL;

	if (value == NULL)
		return NULL;
	/* media uploaded to this sori: /v1/venues/<venue>/media/<sha256>.<ext> */
	if (g_str_has_prefix(value, "/v1/venues/")) {
		g_auto(GStrv) parts = g_strsplit(value + 1, "/", 6);
		const gchar *dot = g_strv_length(parts) == 5 ? strchr(parts[4], '.') : NULL;
		if (dot != NULL && g_str_equal(parts[3], "media")
		    && sori_catalogue_id_is_valid(parts[2]) && dot - parts[4] == 64
		    && strspn(parts[4], "0123456789abcdef") == 64)
			return value;
	}
	member_pointer = sori_json_pointer_member(pointer, name);
	uri = g_uri_parse(value, G_URI_FLAGS_ENCODED, NULL);
	if (uri == NULL || g_uri_get_host(uri) == NULL || *g_uri_get_host(uri) == '\0') {
		sori_checker_report(c, member_pointer, "'%s' is not a valid URL", value);
		return NULL;
	}
	if (g_strcmp0(g_uri_get_scheme(uri), "https") != 0) {
		sori_checker_report(c, member_pointer,
				    "URL must use https, not '%s' (visitors are on public Wi-Fi)",
				    g_uri_get_scheme(uri));
		return NULL;
	}
	if (g_uri_get_userinfo(uri) != NULL) {
		sori_checker_report(c, member_pointer,
				    "URL must not carry a user name or password");
		return NULL;
	}
	return value;
}

/**
 * sori_checker_check_language_tag:
 *
 * Returns: %TRUE for a canonical BCP 47 tag; otherwise the problem is
 *	reported, with the canonical form where there is one
 */
gboolean
sori_checker_check_language_tag(SoriCatalogueChecker *c, const gchar *lang, const gchar *pointer)
{
	g_autofree gchar *canonical = NULL;

	if (sori_language_tag_is_canonical(lang))
		return TRUE;
	canonical = sori_language_tag_canonicalize(lang);
	if (canonical != NULL)
		sori_checker_report(c, pointer, "write the language tag '%s' as '%s'", lang,
				    canonical);
	else
		sori_checker_report(c, pointer, "'%s' is not a BCP 47 language tag", lang);
	return FALSE;
}

/*
 * A text in the venue's languages: an object of language tag → string.
 * @required texts must have every declared language.
 */
void
sori_checker_check_text_node(SoriCatalogueChecker *c, JsonNode *node, const gchar *pointer,
			     gboolean required, guint max_len, SoriCheckerTextFlags flags)
{
	JsonObject *obj;
	JsonObjectIter iter;
	const gchar *lang;
	JsonNode *value;

	if (!sori_checker_expect_type(c, node, pointer, JSON_NODE_OBJECT, G_TYPE_INVALID))
		return;
	obj = json_node_get_object(node);
	if (json_object_get_size(obj) == 0) {
		sori_checker_report(c, pointer,
				    "text has no language: write it as {\"ko\": \"…\"}");
		return;
	}
	json_object_iter_init(&iter, obj);
	while (json_object_iter_next(&iter, &lang, &value)) {
		g_autofree gchar *lang_pointer = sori_json_pointer_member(pointer, lang);
		if (!sori_checker_check_language_tag(c, lang, lang_pointer))
			continue;
		if (c->languages != NULL
		    && !g_strv_contains((const gchar *const *) c->languages, lang)) {
			sori_checker_report(
				c, lang_pointer,
				"text in language '%s', which the venue does not declare in "
				"/venue/languages",
				lang);
			continue;
		}
		if (!sori_checker_expect_type(c, value, lang_pointer, JSON_NODE_VALUE,
					      G_TYPE_STRING))
			continue;
		sori_checker_check_string_content(c, json_node_get_string(value), lang_pointer,
						  max_len, flags);
	}
	if (required && c->languages != NULL) {
		for (guint i = 0; c->languages[i] != NULL; i++) {
			if (!json_object_has_member(obj, c->languages[i])) {
				g_autofree gchar *lang_pointer
					= sori_json_pointer_member(pointer, c->languages[i]);
				sori_checker_report(c, lang_pointer,
						    "missing text in declared language '%s'",
						    c->languages[i]);
			}
		}
	}
}

void
sori_checker_check_text(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
			const gchar *name, gboolean required, guint max_len,
			SoriCheckerTextFlags flags)
{
	JsonNode *node = sori_checker_get_member(c, obj, pointer, name, required);
	g_autofree gchar *member_pointer = NULL;
	if (node == NULL)
		return;
	member_pointer = sori_json_pointer_member(pointer, name);
	sori_checker_check_text_node(c, node, member_pointer, required, max_len, flags);
}

/* ids of one list must be unique within it */
void
sori_checker_check_unique_id(SoriCatalogueChecker *c, GHashTable *seen, const gchar *id,
			     const gchar *pointer, const gchar *what)
{
	const gchar *first = g_hash_table_lookup(seen, id);
	if (first != NULL) {
		sori_checker_report(c, pointer, "duplicate %s id '%s' (first at %s)", what, id,
				    first);
		return;
	}
	g_hash_table_insert(seen, g_strdup(id), g_strdup(pointer));
}

/*
 * json-glib parses recursively with no depth limit: a hostile upload of a
 * million '[' would exhaust the stack, so depth is measured first, in one pass.
 */
/**
 * sori_json_check_depth:
 * @data: JSON text of @len bytes
 * @max_depth: the deepest nesting of arrays and objects allowed
 * @offset: (out): where the limit is passed
 *
 * Returns: %TRUE if @data nests no deeper than @max_depth
 */
gboolean
sori_json_check_depth(const gchar *data, gsize len, guint max_depth, gsize *offset)
{
	guint depth = 0;
	gboolean in_string = FALSE;

	for (gsize i = 0; i < len; i++) {
		gchar ch = data[i];
		if (in_string) {
			if (ch == '\\')
				i++;
			else if (ch == '"')
				in_string = FALSE;
			continue;
		}
		if (ch == '"') {
			in_string = TRUE;
		} else if (ch == '[' || ch == '{') {
			if (++depth > max_depth) {
				*offset = i;
				return FALSE;
			}
		} else if ((ch == ']' || ch == '}') && depth > 0) {
			depth--;
		}
	}
	return TRUE;
}
