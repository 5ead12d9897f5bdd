/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Reading JSON of unknown shape: json-glib's getters raise a critical (fatal
 * in the tests, a crash waiting in production) when a member is of another
 * type; these answer %NULL instead, for files and bodies anyone may write.
 */

#include "config.h"

#include "sori-json.h"

/**
 * sori_json_parse:
 * @data: JSON text of @len bytes, not necessarily nul-terminated
 * @max_depth: the deepest nesting of arrays and objects taken
 * @error: (nullable): return location for a #GError
 *
 * Parses what anyone may have written (a body, a file on disk, a row): its
 * depth is measured before json-glib, which parses recursively with no limit
 * of its own, reads it (a file of 100,000 '[' exhausts a thread's stack), and
 * an empty text is refused rather than handed to json-glib.
 *
 * Returns: (transfer full) (nullable): the tree; %NULL with a
 *	%G_IO_ERROR_INVALID_DATA saying why
 */
JsonNode *
sori_json_parse(const gchar *data, gsize len, guint max_depth, GError **error)
{
	g_autoptr(JsonParser) parser = NULL;
	g_autoptr(GError) error_local = NULL;
	gsize offset = 0;

	if (data == NULL || len == 0) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no JSON: empty");
		return NULL;
	}
	if (!sori_json_check_depth(data, len, max_depth, &offset)) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
			    "JSON nested more than %u levels deep (at byte %" G_GSIZE_FORMAT ")",
			    max_depth, offset);
		return NULL;
	}
	parser = json_parser_new();
	if (!json_parser_load_from_data(parser, data, (gssize) len, &error_local)) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    error_local->message);
		return NULL;
	}
	if (json_parser_get_root(parser) == NULL) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    "no JSON: only white space");
		return NULL;
	}
	return json_parser_steal_root(parser);
}

/**
 * sori_json_object_get_string:
 *
 * Returns: (nullable): the member @name when it is a string
 */
const gchar *
sori_json_object_get_string(JsonObject *obj, const gchar *name)
{
	JsonNode *node = obj != NULL ? json_object_get_member(obj, name) : NULL;
	if (node == NULL || !JSON_NODE_HOLDS_VALUE(node)
	    || json_node_get_value_type(node) != G_TYPE_STRING)
		return NULL;
	return json_node_get_string(node);
}

/**
 * sori_json_object_get_array:
 *
 * Returns: (nullable): the member @name when it is an array
 */
JsonArray *
sori_json_object_get_array(JsonObject *obj, const gchar *name)
{
	JsonNode *node = obj != NULL ? json_object_get_member(obj, name) : NULL;
	return node != NULL && JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;
}

/**
 * sori_json_object_get_object:
 *
 * Returns: (nullable): the member @name when it is an object
 */
JsonObject *
sori_json_object_get_object(JsonObject *obj, const gchar *name)
{
	JsonNode *node = obj != NULL ? json_object_get_member(obj, name) : NULL;
	return sori_json_node_get_object(node);
}

/**
 * sori_json_object_get_int:
 * @value: (out): the member @name when it is a whole number
 *
 * Returns: %TRUE when @name is a whole number
 */
gboolean
sori_json_object_get_int(JsonObject *obj, const gchar *name, gint64 *value)
{
	JsonNode *node = obj != NULL ? json_object_get_member(obj, name) : NULL;
	if (node == NULL || !JSON_NODE_HOLDS_VALUE(node)
	    || json_node_get_value_type(node) != G_TYPE_INT64)
		return FALSE;
	*value = json_node_get_int(node);
	return TRUE;
}

/**
 * sori_json_object_get_boolean:
 * @value: (out): the member @name when it is true or false
 *
 * Returns: %TRUE when @name is a boolean
 */
gboolean
sori_json_object_get_boolean(JsonObject *obj, const gchar *name, gboolean *value)
{
	JsonNode *node = obj != NULL ? json_object_get_member(obj, name) : NULL;
	if (node == NULL || !JSON_NODE_HOLDS_VALUE(node)
	    || json_node_get_value_type(node) != G_TYPE_BOOLEAN)
		return FALSE;
	*value = json_node_get_boolean(node);
	return TRUE;
}

/**
 * sori_json_node_get_object:
 * @node: (nullable)
 *
 * Returns: (nullable): @node's object, when it is one
 */
JsonObject *
sori_json_node_get_object(JsonNode *node)
{
	return node != NULL && JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
}

/**
 * sori_json_array_get_object:
 * @index: less than @array's length
 *
 * Returns: (nullable): the element @index when it is an object
 */
JsonObject *
sori_json_array_get_object(JsonArray *array, guint index)
{
	return sori_json_node_get_object(json_array_get_element(array, index));
}

/**
 * sori_json_array_get_int:
 * @index: less than @array's length
 * @value: (out): the element @index when it is a whole number
 *
 * Returns: %TRUE when the element @index is a whole number
 */
gboolean
sori_json_array_get_int(JsonArray *array, guint index, gint64 *value)
{
	JsonNode *node = json_array_get_element(array, index);
	if (node == NULL || !JSON_NODE_HOLDS_VALUE(node)
	    || json_node_get_value_type(node) != G_TYPE_INT64)
		return FALSE;
	*value = json_node_get_int(node);
	return TRUE;
}
