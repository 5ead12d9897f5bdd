/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Exhibits from a spreadsheet: one row per exhibit, one column per field and
 * language (title.ko, title.en, description.ko, …), as data/README.md lays
 * out. The rows replace the exhibits of a base catalogue, keeping for each
 * exhibit id what the spreadsheet has no column for (images, sign-language
 * video, narration). Problems are named by row number and column name.
 */

#define G_LOG_DOMAIN "sori-catalogue"

#include "config.h"

#include <string.h>

#include "sori-csv.h"

#define CSV_MAX_ROWS    SORI_CATALOGUE_MAX_EXHIBITS
#define CSV_MAX_COLUMNS 200

static const gchar *const access_fields[]
	= { "display_height_cm", "touchable", "seating_nearby", NULL };

G_GNUC_PRINTF(4, 5)
static void
sori_csv_problem(GPtrArray *problems, guint row, const gchar *column, const gchar *format, ...)
{
	SoriCatalogueProblem *p = g_new0(SoriCatalogueProblem, 1);
	va_list args;
	p->pointer = column != NULL ? g_strdup_printf("row %u, column %s", row, column)
				    : g_strdup_printf("row %u", row);
	va_start(args, format);
	p->reason = g_strdup_vprintf(format, args);
	va_end(args);
	g_ptr_array_add(problems, p);
}

/* RFC 4180: "," between fields, '"' around fields, '""' for a quote inside one */
static GPtrArray *
sori_csv_parse_rows(const gchar *data, gsize len, GPtrArray *problems)
{
	GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify) g_strfreev);
	g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GString) field = g_string_new(NULL);
	gboolean quoted = FALSE;
	gboolean was_quoted = FALSE;
	guint row = 1;
	gsize i = 0;

	/* a spreadsheet's UTF-8 byte order mark */
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	for (; i <= len; i++) {
		gchar c = i < len ? data[i] : '\n';
		if (quoted) {
			if (i == len) {
				sori_csv_problem(problems, row, NULL,
						 "a quoted field is never closed");
				break;
			}
			if (c == '"' && i + 1 < len && data[i + 1] == '"') {
				g_string_append_c(field, '"');
				i++;
			} else if (c == '"') {
				quoted = FALSE;
			} else {
				g_string_append_c(field, c);
			}
			continue;
		}
		if (c == '"' && field->len == 0 && !was_quoted) {
			quoted = TRUE;
			was_quoted = TRUE;
		} else if (c == ',') {
			g_ptr_array_add(fields, g_string_free(g_steal_pointer(&field), FALSE));
			field = g_string_new(NULL);
			was_quoted = FALSE;
		} else if (c == '\n' || c == '\r') {
			if (c == '\r' && i + 1 < len && data[i + 1] == '\n')
				i++;
			g_ptr_array_add(fields, g_string_free(g_steal_pointer(&field), FALSE));
			field = g_string_new(NULL);
			was_quoted = FALSE;
			/* blank lines are skipped, but counted */
			if (!(fields->len == 1
			      && *(gchar *) g_ptr_array_index(fields, 0) == '\0')) {
				if (rows->len >= CSV_MAX_ROWS + 1) {
					sori_csv_problem(problems, row, NULL, "more than %u rows",
							 (guint) CSV_MAX_ROWS);
					break;
				}
				g_ptr_array_add(fields, NULL);
				g_ptr_array_add(rows, g_ptr_array_steal(fields, NULL));
				g_ptr_array_unref(fields);
				fields = g_ptr_array_new_with_free_func(g_free);
				/* the row number of the next row */
			} else {
				g_ptr_array_set_size(fields, 0);
			}
			row++;
			if (i >= len)
				break;
		} else {
			g_string_append_c(field, c);
		}
	}
	return rows;
}

static gboolean
sori_csv_parse_bool(const gchar *text, gboolean *out)
{
	static const gchar *const yes[] = { "yes", "true", "1", "y", NULL };
	static const gchar *const no[] = { "no", "false", "0", "n", NULL };
	g_autofree gchar *lower = g_ascii_strdown(text, -1);
	g_strstrip(lower);
	if (g_strv_contains(yes, lower))
		*out = TRUE;
	else if (g_strv_contains(no, lower))
		*out = FALSE;
	else
		return FALSE;
	return TRUE;
}

/* the header row: known columns, each once, an id among them */
static void
sori_csv_check_header(GPtrArray *found, gchar **header, guint n_columns)
{
	if (n_columns > CSV_MAX_COLUMNS)
		sori_csv_problem(found, 1, NULL, "more than %u columns", (guint) CSV_MAX_COLUMNS);
	for (guint c = 0; c < n_columns; c++) {
		g_auto(GStrv) parts = g_strsplit(g_strstrip(header[c]), ".", 2);
		gboolean known = g_str_equal(header[c], "id") || g_str_equal(header[c], "gallery")
				 || g_str_equal(header[c], "code")
				 || g_str_equal(header[c], "licence")
				 || g_strv_contains(access_fields, header[c])
				 || (parts[0] != NULL && parts[1] != NULL
				     && sori_exhibit_text_from_string(parts[0], NULL));
		if (!known)
			sori_csv_problem(
				found, 1, header[c],
				"unknown column: use id, gallery, code, licence, "
				"display_height_cm, "
				"touchable, seating_nearby, or FIELD.LANG for title, description, "
				"audio_description, easy_read, creator and period");
		for (guint d = 0; d < c; d++) {
			if (g_str_equal(header[d], header[c]))
				sori_csv_problem(found, 1, header[c], "the column appears twice");
		}
	}
	if (!g_strv_contains((const gchar *const *) header, "id"))
		sori_csv_problem(found, 1, "id", "the id column is missing");
}

/* a deep copy, through text: json_node_copy() shares objects */
static JsonNode *
sori_csv_copy_node(JsonNode *node)
{
	g_autofree gchar *text = json_to_string(node, FALSE);
	return json_from_string(text, NULL);
}

/* one cell into the exhibit (or its access facts) */
static void
sori_csv_set_cell(GPtrArray *found, JsonObject *exhibit, JsonObject *access, guint row,
		  const gchar *column, const gchar *value)
{
	g_auto(GStrv) parts = g_strsplit(column, ".", 2);
	JsonObject *text;

	if (g_str_equal(column, "id") || g_str_equal(column, "gallery")
	    || g_str_equal(column, "code") || g_str_equal(column, "licence")) {
		if (*value != '\0')
			json_object_set_string_member(exhibit, column, value);
		else if (!g_str_equal(column, "licence"))
			sori_csv_problem(found, row, column, "the cell is empty");
	} else if (g_str_equal(column, "display_height_cm")) {
		guint64 cm;
		if (!g_ascii_string_to_unsigned(value, 10, 0, 1000, &cm, NULL))
			sori_csv_problem(found, row, column,
					 "'%s' is not a height in whole centimetres, 0 to 1000",
					 value);
		else
			json_object_set_int_member(access, column, (gint64) cm);
	} else if (g_strv_contains(access_fields, column)) {
		gboolean flag;
		if (!sori_csv_parse_bool(value, &flag))
			sori_csv_problem(found, row, column, "'%s' is not yes or no", value);
		else
			json_object_set_boolean_member(access, column, flag);
	} else if (parts[0] != NULL && parts[1] != NULL
		   && sori_exhibit_text_from_string(parts[0], NULL) && *value != '\0') {
		/* an empty cell is no text in that language */
		text = json_object_has_member(exhibit, parts[0])
			       ? json_object_get_object_member(exhibit, parts[0])
			       : NULL;
		if (text == NULL) {
			text = json_object_new();
			json_object_set_object_member(exhibit, parts[0], text);
		}
		json_object_set_string_member(text, parts[1], value);
	}
}

/* one row: the base catalogue's exhibit of that id (or a new one) with the row's cells */
static JsonObject *
sori_csv_read_row(GPtrArray *found, gchar **header, guint n_columns, gchar **cells, guint row,
		  GHashTable *base_exhibits)
{
	JsonObject *exhibit = NULL;
	JsonObject *access;
	const gchar *id = NULL;

	if (g_strv_length(cells) != n_columns) {
		sori_csv_problem(found, row, NULL, "%u cells, but the header has %u columns",
				 g_strv_length(cells), n_columns);
		return NULL;
	}
	for (guint c = 0; c < n_columns; c++) {
		if (g_str_equal(header[c], "id"))
			id = g_strstrip(cells[c]);
	}
	if (id != NULL && g_hash_table_contains(base_exhibits, id)) {
		g_autoptr(JsonNode) node = json_node_init_object(
			json_node_alloc(), g_hash_table_lookup(base_exhibits, id));
		g_autoptr(JsonNode) copy = sori_csv_copy_node(node);
		exhibit = json_object_ref(json_node_get_object(copy));
	} else {
		exhibit = json_object_new();
	}
	/* the spreadsheet is the truth for the texts it has columns for: an empty
	 * cell is a missing text, not the old one kept */
	for (guint c = 0; c < n_columns; c++) {
		g_auto(GStrv) parts = g_strsplit(header[c], ".", 2);
		if (parts[0] != NULL && parts[1] != NULL
		    && sori_exhibit_text_from_string(parts[0], NULL)
		    && json_object_has_member(exhibit, parts[0]))
			json_object_remove_member(exhibit, parts[0]);
	}
	access = json_object_has_member(exhibit, "access")
			 ? json_object_get_object_member(exhibit, "access")
			 : NULL;
	if (access == NULL) {
		access = json_object_new();
		json_object_set_object_member(exhibit, "access", access);
	}
	for (guint c = 0; c < n_columns; c++)
		sori_csv_set_cell(found, exhibit, access, row, header[c], g_strstrip(cells[c]));
	return exhibit;
}

/**
 * sori_csv_import:
 * @data: the spreadsheet as CSV, UTF-8, with or without a byte order mark
 * @base: the catalogue whose exhibits the rows replace
 * @problems: (out) (element-type SoriCatalogueProblem) (transfer container): what is
 *	wrong, each named "row N, column C"
 *
 * Returns: (transfer full) (nullable): the new catalogue, not yet checked: check it
 *	with sori_catalogue_new_from_bytes() and name its problems with
 *	sori_csv_describe_pointer()
 */
JsonNode *
sori_csv_import(const gchar *data, gsize len, JsonNode *base, GPtrArray **problems)
{
	g_autoptr(GPtrArray) found
		= g_ptr_array_new_with_free_func((GDestroyNotify) sori_catalogue_problem_free);
	g_autoptr(GPtrArray) rows = NULL;
	g_autoptr(GHashTable) base_exhibits = g_hash_table_new(g_str_hash, g_str_equal);
	g_autoptr(JsonNode) result = NULL;
	JsonObject *root;
	JsonArray *old;
	JsonArray *exhibits;
	gchar **header;
	guint n_columns;

	if (!g_utf8_validate(data, len, NULL)) {
		sori_csv_problem(found, 1, NULL,
				 "the file is not UTF-8: save the spreadsheet as \"CSV UTF-8\"");
		*problems = g_steal_pointer(&found);
		return NULL;
	}
	rows = sori_csv_parse_rows(data, len, found);
	if (found->len > 0 || rows->len == 0) {
		if (rows->len == 0)
			sori_csv_problem(found, 1, NULL, "the file has no header row");
		*problems = g_steal_pointer(&found);
		return NULL;
	}
	header = g_ptr_array_index(rows, 0);
	n_columns = g_strv_length(header);
	sori_csv_check_header(found, header, n_columns);

	result = sori_csv_copy_node(base);
	root = json_node_get_object(result);
	old = json_object_has_member(root, "exhibits")
		      ? json_object_get_array_member(root, "exhibits")
		      : NULL;
	for (guint i = 0; old != NULL && i < json_array_get_length(old); i++) {
		JsonObject *e = json_array_get_object_element(old, i);
		if (e != NULL && json_object_has_member(e, "id"))
			g_hash_table_insert(base_exhibits,
					    (gpointer) json_object_get_string_member(e, "id"), e);
	}
	exhibits = json_array_new();
	for (guint r = 1; r < rows->len; r++) {
		JsonObject *exhibit = sori_csv_read_row(
			found, header, n_columns, g_ptr_array_index(rows, r), r + 1, base_exhibits);
		if (exhibit != NULL)
			json_array_add_object_element(exhibits, exhibit);
	}
	json_object_set_array_member(root, "exhibits", exhibits);
	if (found->len > 0) {
		*problems = g_steal_pointer(&found);
		return NULL;
	}
	*problems = NULL;
	return g_steal_pointer(&result);
}

/**
 * sori_csv_describe_pointer:
 * @pointer: a JSON Pointer into a catalogue imported from CSV
 *
 * Returns: (transfer full): "row N, column C" for what came from the
 *	spreadsheet (`/exhibits/2/title/en` is row 4, column title.en), else @pointer
 */
gchar *
sori_csv_describe_pointer(const gchar *pointer)
{
	g_auto(GStrv) parts = NULL;
	guint64 index;

	if (!g_str_has_prefix(pointer, "/exhibits/"))
		return g_strdup(pointer);
	parts = g_strsplit(pointer + strlen("/exhibits/"), "/", 4);
	if (parts[0] == NULL
	    || !g_ascii_string_to_unsigned(parts[0], 10, 0, G_MAXUINT32, &index, NULL))
		return g_strdup(pointer);
	/* the header is row 1 */
	if (parts[1] == NULL)
		return g_strdup_printf("row %u", (guint) index + 2);
	if (g_str_equal(parts[1], "access") && parts[2] != NULL)
		return g_strdup_printf("row %u, column %s", (guint) index + 2, parts[2]);
	if (sori_exhibit_text_from_string(parts[1], NULL) && parts[2] != NULL)
		return g_strdup_printf("row %u, column %s.%s", (guint) index + 2, parts[1],
				       parts[2]);
	return g_strdup_printf("row %u, column %s", (guint) index + 2, parts[1]);
}

/* one cell, quoted when it holds a comma, a quote or a line break (RFC 4180) */
static void
sori_csv_append_cell(GString *out, const gchar *value, gboolean first)
{
	if (!first)
		g_string_append_c(out, ',');
	if (value == NULL)
		return;
	if (strpbrk(value, ",\"\r\n") == NULL) {
		g_string_append(out, value);
		return;
	}
	g_string_append_c(out, '"');
	for (const gchar *p = value; *p != '\0'; p++) {
		if (*p == '"')
			g_string_append_c(out, '"');
		g_string_append_c(out, *p);
	}
	g_string_append_c(out, '"');
}

/**
 * sori_csv_export:
 * @catalogue: a valid catalogue
 *
 * The exhibits as a spreadsheet in the layout sori_csv_import() reads (see
 * data/README.md): one row per exhibit, a text column per field and language
 * of the venue; what a spreadsheet has no column for (images, sign-language
 * video, narration) stays in the catalogue and is kept by an import.
 *
 * Returns: (transfer full): UTF-8 CSV, with a byte order mark so that
 *	spreadsheet programs read it as UTF-8, lines ending in CRLF
 */
gchar *
sori_csv_export(SoriCatalogue *catalogue)
{
	return sori_csv_export_full(catalogue, SORI_CSV_EXPORT_NONE);
}

/**
 * sori_csv_export_full:
 * @catalogue: a valid catalogue
 * @flags: %SORI_CSV_EXPORT_EFFECTIVE_LICENCE for open data
 *
 * sori_csv_export(), the licence column as @flags say.
 *
 * Returns: (transfer full): UTF-8 CSV with a byte order mark, lines ending in CRLF
 */
gchar *
sori_csv_export_full(SoriCatalogue *catalogue, SoriCsvExportFlags flags)
{
	const gchar *const *langs = sori_catalogue_get_languages(catalogue);
	GPtrArray *exhibits = sori_catalogue_get_exhibits(catalogue);
	GString *out = g_string_new("\xef\xbb\xbf");

	g_string_append(out, "id,gallery,code");
	for (guint f = 0; f < SORI_EXHIBIT_TEXT_N_FIELDS; f++) {
		for (guint l = 0; langs[l] != NULL; l++)
			g_string_append_printf(out, ",%s.%s", sori_exhibit_text_to_string(f),
					       langs[l]);
	}
	for (guint a = 0; access_fields[a] != NULL; a++)
		g_string_append_printf(out, ",%s", access_fields[a]);
	g_string_append(out, ",licence\r\n");

	for (guint i = 0; i < exhibits->len; i++) {
		SoriExhibit *exhibit = g_ptr_array_index(exhibits, i);
		JsonObject *access
			= json_object_has_member(exhibit->json, "access")
				  ? json_object_get_object_member(exhibit->json, "access")
				  : NULL;
		sori_csv_append_cell(out, exhibit->id, TRUE);
		sori_csv_append_cell(out, exhibit->gallery->id, FALSE);
		sori_csv_append_cell(out, exhibit->code, FALSE);
		for (guint f = 0; f < SORI_EXHIBIT_TEXT_N_FIELDS; f++) {
			for (guint l = 0; langs[l] != NULL; l++)
				sori_csv_append_cell(
					out,
					sori_catalogue_get_exhibit_text_exact(exhibit, f, langs[l]),
					FALSE);
		}
		for (guint a = 0; access_fields[a] != NULL; a++) {
			JsonNode *node = access != NULL
						 ? json_object_get_member(access, access_fields[a])
						 : NULL;
			g_autofree gchar *value = NULL;
			if (node != NULL && json_node_get_value_type(node) == G_TYPE_BOOLEAN)
				value = g_strdup(json_node_get_boolean(node) ? "yes" : "no");
			else if (node != NULL && json_node_get_value_type(node) == G_TYPE_INT64)
				value = g_strdup_printf("%" G_GINT64_FORMAT,
							json_node_get_int(node));
			sori_csv_append_cell(out, value, FALSE);
		}
		sori_csv_append_cell(
			out,
			(flags & SORI_CSV_EXPORT_EFFECTIVE_LICENCE) != 0
				? (exhibit->licence != NULL ? exhibit->licence
							    : sori_catalogue_get_licence(catalogue))
				: json_object_get_string_member_with_default(exhibit->json,
									     "licence", NULL),
			FALSE);
		g_string_append(out, "\r\n");
	}
	return g_string_free(out, FALSE);
}

/* an access list's name in the CSV's kind column: "entrances" is "entrance" */
static const struct {
	const gchar *member;
	const gchar *kind;
	gboolean is_list;
} access_items[] = {
	{ "summary", "summary", FALSE },
	{ "entrances", "entrance", TRUE },
	{ "step_free_routes", "step_free_route", TRUE },
	{ "lifts", "lift", TRUE },
	{ "toilets", "toilet", TRUE },
	{ "seating", "seating", FALSE },
	{ "equipment", "equipment", TRUE },
	{ "assistance_dogs", "assistance_dogs", FALSE },
	{ "quiet_spaces", "quiet_space", TRUE },
};

static const gchar *const access_facts[]
	= { "floor", "floors", "step_free", "changing_place", "available", NULL };

static void
sori_csv_append_texts(GString *out, JsonObject *text, const gchar *const *langs)
{
	for (guint l = 0; langs[l] != NULL; l++)
		sori_csv_append_cell(out,
				     text != NULL ? json_object_get_string_member_with_default(
					     text, langs[l], NULL)
						  : NULL,
				     FALSE);
}

static gchar *
sori_csv_fact(JsonNode *node)
{
	GString *joined;
	JsonArray *array;

	if (node == NULL)
		return NULL;
	if (JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_BOOLEAN)
		return g_strdup(json_node_get_boolean(node) ? "yes" : "no");
	if (JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == G_TYPE_INT64)
		return g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(node));
	if (!JSON_NODE_HOLDS_ARRAY(node))
		return NULL;
	/* a lift's floors, "1;2" */
	array = json_node_get_array(node);
	joined = g_string_new(NULL);
	for (guint i = 0; i < json_array_get_length(array); i++)
		g_string_append_printf(joined, "%s%" G_GINT64_FORMAT, i > 0 ? ";" : "",
				       json_array_get_int_element(array, i));
	return g_string_free(joined, FALSE);
}

/**
 * sori_csv_export_access:
 * @catalogue: a valid catalogue
 *
 * The venue's access facts as open data (see data/README.md): one row per
 * entrance, step-free route, lift, toilet, piece of equipment and quiet
 * space, and one for each text about the whole venue (summary, seating,
 * assistance dogs); columns kind, id, name and description per language,
 * then floor, floors (";" between), step_free, changing_place and available.
 *
 * Returns: (transfer full): UTF-8 CSV with a byte order mark, lines ending in CRLF
 */
gchar *
sori_csv_export_access(SoriCatalogue *catalogue)
{
	const gchar *const *langs = sori_catalogue_get_languages(catalogue);
	JsonObject *venue = sori_catalogue_get_venue_json(catalogue);
	JsonObject *access = json_object_get_object_member(venue, "access");
	GString *out = g_string_new("\xef\xbb\xbf");

	g_string_append(out, "kind,id");
	for (guint l = 0; langs[l] != NULL; l++)
		g_string_append_printf(out, ",name.%s", langs[l]);
	for (guint l = 0; langs[l] != NULL; l++)
		g_string_append_printf(out, ",description.%s", langs[l]);
	for (guint f = 0; access_facts[f] != NULL; f++)
		g_string_append_printf(out, ",%s", access_facts[f]);
	g_string_append(out, "\r\n");

	for (guint i = 0; i < G_N_ELEMENTS(access_items); i++) {
		JsonNode *node = json_object_get_member(access, access_items[i].member);
		JsonArray *list;
		if (node == NULL)
			continue;
		if (!access_items[i].is_list) {
			sori_csv_append_cell(out, access_items[i].kind, TRUE);
			sori_csv_append_cell(out, NULL, FALSE);
			sori_csv_append_texts(out, NULL, langs);
			sori_csv_append_texts(out, json_node_get_object(node), langs);
			for (guint f = 0; access_facts[f] != NULL; f++)
				sori_csv_append_cell(out, NULL, FALSE);
			g_string_append(out, "\r\n");
			continue;
		}
		list = json_node_get_array(node);
		for (guint j = 0; j < json_array_get_length(list); j++) {
			JsonObject *item = json_array_get_object_element(list, j);
			sori_csv_append_cell(out, access_items[i].kind, TRUE);
			sori_csv_append_cell(out, json_object_get_string_member(item, "id"), FALSE);
			sori_csv_append_texts(out, json_object_get_object_member(item, "name"),
					      langs);
			sori_csv_append_texts(
				out, json_object_get_object_member(item, "description"), langs);
			for (guint f = 0; access_facts[f] != NULL; f++) {
				g_autofree gchar *value = sori_csv_fact(
					json_object_get_member(item, access_facts[f]));
				sori_csv_append_cell(out, value, FALSE);
			}
			g_string_append(out, "\r\n");
		}
	}
	return g_string_free(out, FALSE);
}
