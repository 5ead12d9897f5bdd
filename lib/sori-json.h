/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gboolean sori_json_check_depth(const gchar *data, gsize len, guint max_depth, gsize *offset);
JsonNode *sori_json_parse(const gchar *data, gsize len, guint max_depth, GError **error);

const gchar *sori_json_object_get_string(JsonObject *obj, const gchar *name);
JsonArray *sori_json_object_get_array(JsonObject *obj, const gchar *name);
JsonObject *sori_json_object_get_object(JsonObject *obj, const gchar *name);
gboolean sori_json_object_get_int(JsonObject *obj, const gchar *name, gint64 *value);
gboolean sori_json_object_get_boolean(JsonObject *obj, const gchar *name, gboolean *value);
JsonObject *sori_json_node_get_object(JsonNode *node);
JsonObject *sori_json_array_get_object(JsonArray *array, guint index);
gboolean sori_json_array_get_int(JsonArray *array, guint index, gint64 *value);

G_END_DECLS
