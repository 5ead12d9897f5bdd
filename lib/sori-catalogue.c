/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A venue's catalogue: one JSON document, checked in full before anything of
 * it is served. Every problem is collected with its JSON Pointer, so a curator
 * fixes them all in one round instead of one per upload.
 */

#define G_LOG_DOMAIN "sori-catalogue"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sori-catalogue.h"
#include "sori-language.h"
#include "sori-location-id.h"

struct _SoriCatalogue {
	JsonNode *root;
	gchar *id;
	gchar **languages;
	gchar *default_language;
	gchar *licence;
	gchar *digest;
	JsonObject *venue_json;
	GPtrArray *galleries; /* element-type SoriGallery */
	GPtrArray *exhibits;  /* element-type SoriExhibit */
	GPtrArray *targets;   /* element-type SoriTarget, owns them */
	GHashTable *galleries_by_id;
	GHashTable *exhibits_by_id;
	GHashTable *targets_by_code;
	GHashTable *targets_by_beacon;
	GPtrArray *beacons; /* canonical location IDs of the declared beacons */
};

/* open licences a venue may publish its texts under (SPDX identifiers, plus the
 * Korea Open Government Licence types that Korean public museums use) */
static const gchar *const known_licences[] = {
	"CC0-1.0",      "CC-BY-4.0",       "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0",
	"CC-BY-ND-4.0", "CC-BY-NC-ND-4.0", "ODbL-1.0",     "KOGL-Type1",   "KOGL-Type2",
	"KOGL-Type3",   "KOGL-Type4",      NULL,
};

static const gchar *const weekdays[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL };

void
sori_catalogue_problem_free(SoriCatalogueProblem *problem)
{
	if (problem == NULL)
		return;
	g_free(problem->pointer);
	g_free(problem->reason);
	g_free(problem);
}

static void
sori_gallery_free(SoriGallery *gallery)
{
	if (gallery == NULL)
		return;
	g_free(gallery->id);
	g_free(gallery);
}

static void
sori_exhibit_free(SoriExhibit *exhibit)
{
	if (exhibit == NULL)
		return;
	g_free(exhibit->id);
	g_free(exhibit->code);
	g_free(exhibit);
}

static void
sori_catalogue_free(SoriCatalogue *self)
{
	g_clear_pointer(&self->root, json_node_unref);
	g_free(self->id);
	g_strfreev(self->languages);
	g_free(self->default_language);
	g_free(self->licence);
	g_free(self->digest);
	g_clear_pointer(&self->galleries, g_ptr_array_unref);
	g_clear_pointer(&self->exhibits, g_ptr_array_unref);
	g_clear_pointer(&self->targets, g_ptr_array_unref);
	g_clear_pointer(&self->galleries_by_id, g_hash_table_unref);
	g_clear_pointer(&self->exhibits_by_id, g_hash_table_unref);
	g_clear_pointer(&self->targets_by_code, g_hash_table_unref);
	g_clear_pointer(&self->targets_by_beacon, g_hash_table_unref);
	g_clear_pointer(&self->beacons, g_ptr_array_unref);
}

/**
 * sori_catalogue_ref:
 * @self: a catalogue
 *
 * Returns: (transfer full): @self
 */
SoriCatalogue *
sori_catalogue_ref(SoriCatalogue *self)
{
	g_return_val_if_fail(self != NULL, NULL);
	return g_atomic_rc_box_acquire(self);
}

/**
 * sori_catalogue_unref:
 * @self: (nullable): a catalogue
 */
void
sori_catalogue_unref(SoriCatalogue *self)
{
	if (self == NULL)
		return;
	g_atomic_rc_box_release_full(self, (GDestroyNotify) sori_catalogue_free);
}

/* ------------------------------------------------------------------------ */
/* the checker */

typedef struct {
	GPtrArray *problems;
	gboolean too_many;
	/* the venue's declared languages, once they are known to be good */
	gchar **languages;
	SoriCatalogue *catalogue;
	/* first pointer of each id, code and beacon, to name both in duplicates */
	GHashTable *seen_codes;
	GHashTable *seen_beacons;
} Checker;

static void
checker_clear(Checker *c)
{
	g_clear_pointer(&c->problems, g_ptr_array_unref);
	g_clear_pointer(&c->seen_codes, g_hash_table_unref);
	g_clear_pointer(&c->seen_beacons, g_hash_table_unref);
	g_clear_pointer(&c->languages, g_strfreev);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Checker, checker_clear)

G_GNUC_PRINTF(3, 4)
static void
report(Checker *c, const gchar *pointer, const gchar *format, ...)
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
static gchar *
pointer_member(const gchar *parent, const gchar *member)
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

static gchar *
pointer_index(const gchar *parent, guint index)
{
	return g_strdup_printf("%s/%u", parent, index);
}

static const gchar *
node_type_name(JsonNode *node)
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
edit_distance(const gchar *a, const gchar *b)
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
static void
check_members(Checker *c, JsonObject *obj, const gchar *pointer, const gchar *const *allowed)
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
			if (edit_distance(name, allowed[i]) <= 2) {
				suggestion = allowed[i];
				break;
			}
		}
		member_pointer = pointer_member(pointer, name);
		if (suggestion != NULL)
			report(c, member_pointer, "unknown field '%s' (did you mean '%s'?)", name,
			       suggestion);
		else
			report(c, member_pointer, "unknown field '%s'", name);
	}
}

/* the member @name of @obj, reporting it when required and missing */
static JsonNode *
get_member(Checker *c, JsonObject *obj, const gchar *pointer, const gchar *name, gboolean required)
{
	JsonNode *node = json_object_get_member(obj, name);
	if (node == NULL && required) {
		g_autofree gchar *member_pointer = pointer_member(pointer, name);
		report(c, member_pointer, "required field is missing");
	}
	return node;
}

static gboolean
expect_type(Checker *c, JsonNode *node, const gchar *pointer, JsonNodeType type, GType value_type)
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
	report(c, pointer, "expected %s, got %s", wanted, node_type_name(node));
	return FALSE;
}

typedef enum {
	TEXT_FLAG_NONE = 0,
	TEXT_FLAG_SINGLE_LINE = 1 << 0,
} TextFlags;

/* a string's content: not blank, within @max_len characters, no control characters */
static gboolean
check_string_content(Checker *c, const gchar *value, const gchar *pointer, guint max_len,
		     TextFlags flags)
{
	glong len = g_utf8_strlen(value, -1);
	gboolean blank = TRUE;

	if (len > max_len) {
		report(c, pointer, "text is %ld characters long; the limit is %u", len, max_len);
		return FALSE;
	}
	for (const gchar *p = value; *p != '\0'; p++) {
		guchar ch = (guchar) *p;
		if (ch < 0x20 || ch == 0x7f) {
			if ((flags & TEXT_FLAG_SINGLE_LINE) == 0 && (ch == '\n' || ch == '\t'))
				continue;
			report(c, pointer, "text contains a control character (0x%02x)", ch);
			return FALSE;
		}
		if (!g_ascii_isspace(ch))
			blank = FALSE;
	}
	if (blank) {
		report(c, pointer, "text is empty");
		return FALSE;
	}
	return TRUE;
}

static const gchar *
get_string(Checker *c, JsonObject *obj, const gchar *pointer, const gchar *name, gboolean required,
	   guint max_len)
{
	JsonNode *node = get_member(c, obj, pointer, name, required);
	g_autofree gchar *member_pointer = NULL;
	const gchar *value;

	if (node == NULL)
		return NULL;
	member_pointer = pointer_member(pointer, name);
	if (!expect_type(c, node, member_pointer, JSON_NODE_VALUE, G_TYPE_STRING))
		return NULL;
	value = json_node_get_string(node);
	if (!check_string_content(c, value, member_pointer, max_len, TEXT_FLAG_SINGLE_LINE))
		return NULL;
	return value;
}

static gboolean
get_boolean(Checker *c, JsonObject *obj, const gchar *pointer, const gchar *name, gboolean required,
	    gboolean *out)
{
	JsonNode *node = get_member(c, obj, pointer, name, required);
	g_autofree gchar *member_pointer = NULL;

	if (node == NULL)
		return FALSE;
	member_pointer = pointer_member(pointer, name);
	if (!expect_type(c, node, member_pointer, JSON_NODE_VALUE, G_TYPE_BOOLEAN))
		return FALSE;
	*out = json_node_get_boolean(node);
	return TRUE;
}

static gboolean
check_integer_node(Checker *c, JsonNode *node, const gchar *pointer, gint64 min, gint64 max,
		   gint64 *out)
{
	gint64 value;
	if (!expect_type(c, node, pointer, JSON_NODE_VALUE, G_TYPE_INT64))
		return FALSE;
	value = json_node_get_int(node);
	if (value < min || value > max) {
		report(c, pointer,
		       "%" G_GINT64_FORMAT " is out of range: it must be from %" G_GINT64_FORMAT
		       " to %" G_GINT64_FORMAT,
		       value, min, max);
		return FALSE;
	}
	if (out != NULL)
		*out = value;
	return TRUE;
}

static gboolean
get_integer(Checker *c, JsonObject *obj, const gchar *pointer, const gchar *name, gboolean required,
	    gint64 min, gint64 max, gint64 *out)
{
	JsonNode *node = get_member(c, obj, pointer, name, required);
	g_autofree gchar *member_pointer = NULL;

	if (node == NULL)
		return FALSE;
	member_pointer = pointer_member(pointer, name);
	return check_integer_node(c, node, member_pointer, min, max, out);
}

static JsonObject *
get_object(Checker *c, JsonObject *obj, const gchar *pointer, const gchar *name, gboolean required)
{
	JsonNode *node = get_member(c, obj, pointer, name, required);
	g_autofree gchar *member_pointer = NULL;

	if (node == NULL)
		return NULL;
	member_pointer = pointer_member(pointer, name);
	if (!expect_type(c, node, member_pointer, JSON_NODE_OBJECT, G_TYPE_INVALID))
		return NULL;
	return json_node_get_object(node);
}

static JsonArray *
get_array(Checker *c, JsonObject *obj, const gchar *pointer, const gchar *name, gboolean required,
	  guint max_len)
{
	JsonNode *node = get_member(c, obj, pointer, name, required);
	g_autofree gchar *member_pointer = NULL;
	JsonArray *array;

	if (node == NULL)
		return NULL;
	member_pointer = pointer_member(pointer, name);
	if (!expect_type(c, node, member_pointer, JSON_NODE_ARRAY, G_TYPE_INVALID))
		return NULL;
	array = json_node_get_array(node);
	if (json_array_get_length(array) > max_len) {
		report(c, member_pointer, "the list has %u entries; the limit is %u",
		       json_array_get_length(array), max_len);
		return NULL;
	}
	return array;
}

/* the element at @index of @array, which must be an object */
static JsonObject *
array_object(Checker *c, JsonArray *array, const gchar *pointer, guint index)
{
	JsonNode *node = json_array_get_element(array, index);
	g_autofree gchar *element_pointer = pointer_index(pointer, index);
	if (!expect_type(c, node, element_pointer, JSON_NODE_OBJECT, G_TYPE_INVALID))
		return NULL;
	return json_node_get_object(node);
}

/**
 * sori_catalogue_id_is_valid:
 * @id: an identifier of a venue, gallery, exhibit or access feature
 *
 * Identifiers appear in URLs: 1 to 64 characters from `a-z 0-9 -`, starting
 * with a letter or digit.
 */
gboolean
sori_catalogue_id_is_valid(const gchar *id)
{
	gsize len = strlen(id);
	if (len == 0 || len > SORI_CATALOGUE_MAX_ID_LEN)
		return FALSE;
	for (gsize i = 0; i < len; i++) {
		gchar ch = id[i];
		gboolean alnum = (ch >= 'a' && ch <= 'z') || g_ascii_isdigit(ch);
		if (!alnum && (i == 0 || ch != '-'))
			return FALSE;
	}
	return TRUE;
}

/**
 * sori_catalogue_code_is_valid:
 * @code: a code printed next to an exhibit, or in its QR code
 *
 * Codes are 3 to 6 decimal digits, so a visitor can type them on a keypad.
 */
gboolean
sori_catalogue_code_is_valid(const gchar *code)
{
	gsize len = strlen(code);
	if (len < 3 || len > 6)
		return FALSE;
	for (gsize i = 0; i < len; i++) {
		if (!g_ascii_isdigit(code[i]))
			return FALSE;
	}
	return TRUE;
}

static const gchar *
get_id(Checker *c, JsonObject *obj, const gchar *pointer, const gchar *name, gboolean required)
{
	const gchar *value = get_string(c, obj, pointer, name, required, SORI_CATALOGUE_MAX_ID_LEN);
	if (value != NULL && !sori_catalogue_id_is_valid(value)) {
		g_autofree gchar *member_pointer = pointer_member(pointer, name);
		report(c, member_pointer,
		       "'%s' is not a valid id: use 1 to 64 characters from a-z, 0-9 and '-', "
		       "starting with a letter or digit",
		       value);
		return NULL;
	}
	return value;
}

static const gchar *
get_url(Checker *c, JsonObject *obj, const gchar *pointer, const gchar *name, gboolean required)
{
	const gchar *value
		= get_string(c, obj, pointer, name, required, SORI_CATALOGUE_MAX_URL_LEN);
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
	member_pointer = pointer_member(pointer, name);
	uri = g_uri_parse(value, G_URI_FLAGS_ENCODED, NULL);
	if (uri == NULL || g_uri_get_host(uri) == NULL || *g_uri_get_host(uri) == '\0') {
		report(c, member_pointer, "'%s' is not a valid URL", value);
		return NULL;
	}
	if (g_strcmp0(g_uri_get_scheme(uri), "https") != 0) {
		report(c, member_pointer,
		       "URL must use https, not '%s' (visitors are on public Wi-Fi)",
		       g_uri_get_scheme(uri));
		return NULL;
	}
	if (g_uri_get_userinfo(uri) != NULL) {
		report(c, member_pointer, "URL must not carry a user name or password");
		return NULL;
	}
	return value;
}

/*
 * A text in the venue's languages: an object of language tag → string.
 * @required texts must have every declared language.
 */
static void
check_text_node(Checker *c, JsonNode *node, const gchar *pointer, gboolean required, guint max_len,
		TextFlags flags)
{
	JsonObject *obj;
	JsonObjectIter iter;
	const gchar *lang;
	JsonNode *value;

	if (!expect_type(c, node, pointer, JSON_NODE_OBJECT, G_TYPE_INVALID))
		return;
	obj = json_node_get_object(node);
	if (json_object_get_size(obj) == 0) {
		report(c, pointer, "text has no language: write it as {\"ko\": \"…\"}");
		return;
	}
	json_object_iter_init(&iter, obj);
	while (json_object_iter_next(&iter, &lang, &value)) {
		g_autofree gchar *lang_pointer = pointer_member(pointer, lang);
		if (!sori_language_tag_is_canonical(lang)) {
			g_autofree gchar *canonical = sori_language_tag_canonicalize(lang);
			if (canonical != NULL)
				report(c, lang_pointer, "write the language tag '%s' as '%s'", lang,
				       canonical);
			else
				report(c, lang_pointer, "'%s' is not a BCP 47 language tag", lang);
			continue;
		}
		if (c->languages != NULL
		    && !g_strv_contains((const gchar *const *) c->languages, lang)) {
			report(c, lang_pointer,
			       "text in language '%s', which the venue does not declare in "
			       "/venue/languages",
			       lang);
			continue;
		}
		if (!expect_type(c, value, lang_pointer, JSON_NODE_VALUE, G_TYPE_STRING))
			continue;
		check_string_content(c, json_node_get_string(value), lang_pointer, max_len, flags);
	}
	if (required && c->languages != NULL) {
		for (guint i = 0; c->languages[i] != NULL; i++) {
			if (!json_object_has_member(obj, c->languages[i])) {
				g_autofree gchar *lang_pointer
					= pointer_member(pointer, c->languages[i]);
				report(c, lang_pointer, "missing text in declared language '%s'",
				       c->languages[i]);
			}
		}
	}
}

static void
check_text(Checker *c, JsonObject *obj, const gchar *pointer, const gchar *name, gboolean required,
	   guint max_len, TextFlags flags)
{
	JsonNode *node = get_member(c, obj, pointer, name, required);
	g_autofree gchar *member_pointer = NULL;
	if (node == NULL)
		return;
	member_pointer = pointer_member(pointer, name);
	check_text_node(c, node, member_pointer, required, max_len, flags);
}

#define check_name(c, obj, pointer, name, required)                                                \
	check_text(c, obj, pointer, name, required, SORI_CATALOGUE_MAX_NAME_LEN,                   \
		   TEXT_FLAG_SINGLE_LINE)
#define check_long_text(c, obj, pointer, name, required)                                           \
	check_text(c, obj, pointer, name, required, SORI_CATALOGUE_MAX_TEXT_LEN, TEXT_FLAG_NONE)

/* ids of one list must be unique within it */
static void
check_unique_id(Checker *c, GHashTable *seen, const gchar *id, const gchar *pointer,
		const gchar *what)
{
	const gchar *first = g_hash_table_lookup(seen, id);
	if (first != NULL) {
		report(c, pointer, "duplicate %s id '%s' (first at %s)", what, id, first);
		return;
	}
	g_hash_table_insert(seen, g_strdup(id), g_strdup(pointer));
}

static gboolean
parse_clock_time(const gchar *text, guint *minutes)
{
	if (strlen(text) != 5 || text[2] != ':' || !g_ascii_isdigit(text[0])
	    || !g_ascii_isdigit(text[1]) || !g_ascii_isdigit(text[3]) || !g_ascii_isdigit(text[4]))
		return FALSE;
	{
		guint h = (guint) (text[0] - '0') * 10 + (guint) (text[1] - '0');
		guint m = (guint) (text[3] - '0') * 10 + (guint) (text[4] - '0');
		if (h > 24 || m > 59 || (h == 24 && m != 0))
			return FALSE;
		*minutes = h * 60 + m;
	}
	return TRUE;
}

static gboolean
date_is_valid(const gchar *text)
{
	g_autoptr(GDateTime) dt = NULL;
	g_autofree gchar *iso = NULL;
	if (strlen(text) != 10 || text[4] != '-' || text[7] != '-')
		return FALSE;
	iso = g_strdup_printf("%sT00:00:00Z", text);
	dt = g_date_time_new_from_iso8601(iso, NULL);
	return dt != NULL;
}

static void
check_opening_hours(Checker *c, JsonObject *venue, const gchar *pointer)
{
	static const gchar *const allowed[] = { "regular", "closed_dates", "note", NULL };
	static const gchar *const period_allowed[] = { "days", "opens", "closes", NULL };
	JsonObject *hours = get_object(c, venue, pointer, "opening_hours", TRUE);
	g_autofree gchar *hours_pointer = pointer_member(pointer, "opening_hours");
	g_autofree gchar *regular_pointer = NULL;
	g_autofree gchar *closed_pointer = NULL;
	JsonArray *regular;
	JsonArray *closed;

	if (hours == NULL)
		return;
	check_members(c, hours, hours_pointer, allowed);
	check_name(c, hours, hours_pointer, "note", FALSE);
	regular_pointer = pointer_member(hours_pointer, "regular");
	regular = get_array(c, hours, hours_pointer, "regular", TRUE, 14);
	for (guint i = 0; regular != NULL && i < json_array_get_length(regular); i++) {
		g_autofree gchar *period_pointer = pointer_index(regular_pointer, i);
		g_autofree gchar *days_pointer = NULL;
		JsonObject *period = array_object(c, regular, regular_pointer, i);
		JsonArray *days;
		const gchar *opens;
		const gchar *closes;
		guint opens_min = 0;
		guint closes_min = 0;
		gboolean times_ok = TRUE;

		if (period == NULL)
			continue;
		check_members(c, period, period_pointer, period_allowed);
		days_pointer = pointer_member(period_pointer, "days");
		days = get_array(c, period, period_pointer, "days", TRUE, 7);
		for (guint d = 0; days != NULL && d < json_array_get_length(days); d++) {
			JsonNode *day = json_array_get_element(days, d);
			g_autofree gchar *day_pointer = pointer_index(days_pointer, d);
			if (!expect_type(c, day, day_pointer, JSON_NODE_VALUE, G_TYPE_STRING))
				continue;
			if (!g_strv_contains(weekdays, json_node_get_string(day)))
				report(c, day_pointer,
				       "'%s' is not a day: use mon, tue, wed, thu, fri, sat or sun",
				       json_node_get_string(day));
		}
		opens = get_string(c, period, period_pointer, "opens", TRUE, 5);
		closes = get_string(c, period, period_pointer, "closes", TRUE, 5);
		if (opens != NULL && !parse_clock_time(opens, &opens_min)) {
			g_autofree gchar *p = pointer_member(period_pointer, "opens");
			report(c, p, "'%s' is not a time: write HH:MM, from 00:00 to 24:00", opens);
			times_ok = FALSE;
		}
		if (closes != NULL && !parse_clock_time(closes, &closes_min)) {
			g_autofree gchar *p = pointer_member(period_pointer, "closes");
			report(c, p, "'%s' is not a time: write HH:MM, from 00:00 to 24:00",
			       closes);
			times_ok = FALSE;
		}
		if (opens != NULL && closes != NULL && times_ok && closes_min <= opens_min) {
			g_autofree gchar *p = pointer_member(period_pointer, "closes");
			report(c, p, "closes at %s, which is not after it opens at %s", closes,
			       opens);
		}
	}
	closed_pointer = pointer_member(hours_pointer, "closed_dates");
	closed = get_array(c, hours, hours_pointer, "closed_dates", FALSE, 366);
	for (guint i = 0; closed != NULL && i < json_array_get_length(closed); i++) {
		JsonNode *date = json_array_get_element(closed, i);
		g_autofree gchar *date_pointer = pointer_index(closed_pointer, i);
		if (!expect_type(c, date, date_pointer, JSON_NODE_VALUE, G_TYPE_STRING))
			continue;
		if (!date_is_valid(json_node_get_string(date)))
			report(c, date_pointer, "'%s' is not a date: write YYYY-MM-DD",
			       json_node_get_string(date));
	}
}

static void
check_contact(Checker *c, JsonObject *venue, const gchar *pointer)
{
	static const gchar *const allowed[] = { "phone", "email", "website", "sms", NULL };
	JsonObject *contact = get_object(c, venue, pointer, "contact", TRUE);
	g_autofree gchar *contact_pointer = pointer_member(pointer, "contact");
	const gchar *email;

	if (contact == NULL)
		return;
	check_members(c, contact, contact_pointer, allowed);
	for (guint i = 0; i < 2; i++) {
		/* SMS matters: deaf visitors cannot phone */
		const gchar *field = i == 0 ? "phone" : "sms";
		const gchar *phone = get_string(c, contact, contact_pointer, field, FALSE, 32);
		if (phone != NULL && strspn(phone, "+0123456789 ()-") != strlen(phone)) {
			g_autofree gchar *p = pointer_member(contact_pointer, field);
			report(c, p,
			       "'%s' is not a phone number: use digits, spaces, '+', '(', ')' "
			       "and '-'",
			       phone);
		}
	}
	email = get_string(c, contact, contact_pointer, "email", FALSE, 254);
	if (email != NULL) {
		const gchar *at = strchr(email, '@');
		if (at == NULL || at == email || strchr(at + 1, '.') == NULL
		    || strchr(email, ' ') != NULL) {
			g_autofree gchar *p = pointer_member(contact_pointer, "email");
			report(c, p, "'%s' is not an e-mail address", email);
		}
	}
	get_url(c, contact, contact_pointer, "website", FALSE);
	if (!json_object_has_member(contact, "phone") && !json_object_has_member(contact, "email")
	    && !json_object_has_member(contact, "sms"))
		report(c, contact_pointer, "give at least one of phone, sms or email");
}

/* a list of access features (entrances, lifts, …): each has an id, a name and a description */
static void
check_access_list(Checker *c, JsonObject *access, const gchar *pointer, const gchar *name,
		  const gchar *const *allowed, const gchar *what)
{
	g_autofree gchar *list_pointer = pointer_member(pointer, name);
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	JsonArray *list = get_array(c, access, pointer, name, FALSE, SORI_CATALOGUE_MAX_LIST);

	for (guint i = 0; list != NULL && i < json_array_get_length(list); i++) {
		g_autofree gchar *item_pointer = pointer_index(list_pointer, i);
		JsonObject *item = array_object(c, list, list_pointer, i);
		const gchar *id;
		gboolean flag;

		if (item == NULL)
			continue;
		check_members(c, item, item_pointer, allowed);
		id = get_id(c, item, item_pointer, "id", TRUE);
		if (id != NULL) {
			g_autofree gchar *id_pointer = pointer_member(item_pointer, "id");
			check_unique_id(c, seen, id, id_pointer, what);
		}
		check_name(c, item, item_pointer, "name", TRUE);
		check_long_text(c, item, item_pointer, "description", TRUE);
		if (g_strv_contains(allowed, "floor"))
			get_integer(c, item, item_pointer, "floor", TRUE, -20, 200, NULL);
		if (g_strv_contains(allowed, "step_free"))
			get_boolean(c, item, item_pointer, "step_free", TRUE, &flag);
		if (g_strv_contains(allowed, "changing_place"))
			get_boolean(c, item, item_pointer, "changing_place", FALSE, &flag);
		if (g_strv_contains(allowed, "available"))
			get_integer(c, item, item_pointer, "available", FALSE, 0, 10000, NULL);
		if (g_strv_contains(allowed, "floors")) {
			g_autofree gchar *floors_pointer = pointer_member(item_pointer, "floors");
			JsonArray *floors = get_array(c, item, item_pointer, "floors", TRUE, 220);
			for (guint f = 0; floors != NULL && f < json_array_get_length(floors);
			     f++) {
				g_autofree gchar *fp = pointer_index(floors_pointer, f);
				check_integer_node(c, json_array_get_element(floors, f), fp, -20,
						   200, NULL);
			}
			if (floors != NULL && json_array_get_length(floors) < 2)
				report(c, floors_pointer, "a lift serves at least two floors");
		}
	}
}

static void
check_access(Checker *c, JsonObject *venue, const gchar *pointer)
{
	static const gchar *const allowed[]
		= { "summary", "entrances", "step_free_routes", "lifts",        "toilets",
		    "seating", "equipment", "assistance_dogs",  "quiet_spaces", NULL };
	static const gchar *const entrance_fields[]
		= { "id", "name", "description", "floor", "step_free", NULL };
	static const gchar *const route_fields[] = { "id", "name", "description", NULL };
	static const gchar *const lift_fields[] = { "id", "name", "description", "floors", NULL };
	static const gchar *const toilet_fields[]
		= { "id", "name", "description", "floor", "changing_place", NULL };
	static const gchar *const quiet_fields[] = { "id", "name", "description", "floor", NULL };
	static const gchar *const equipment_fields[]
		= { "id", "name", "description", "available", NULL };
	JsonObject *access = get_object(c, venue, pointer, "access", TRUE);
	g_autofree gchar *access_pointer = pointer_member(pointer, "access");

	if (access == NULL)
		return;
	check_members(c, access, access_pointer, allowed);
	check_long_text(c, access, access_pointer, "summary", TRUE);
	check_access_list(c, access, access_pointer, "entrances", entrance_fields, "entrance");
	check_access_list(c, access, access_pointer, "step_free_routes", route_fields, "route");
	check_access_list(c, access, access_pointer, "lifts", lift_fields, "lift");
	check_access_list(c, access, access_pointer, "toilets", toilet_fields, "toilet");
	check_access_list(c, access, access_pointer, "equipment", equipment_fields, "equipment");
	check_access_list(c, access, access_pointer, "quiet_spaces", quiet_fields, "quiet space");
	check_long_text(c, access, access_pointer, "seating", FALSE);
	check_long_text(c, access, access_pointer, "assistance_dogs", FALSE);
	if (!json_object_has_member(access, "entrances")) {
		g_autofree gchar *p = pointer_member(access_pointer, "entrances");
		report(c, p, "required field is missing: list at least one entrance");
	}
}

static void
check_languages(Checker *c, JsonObject *venue, const gchar *pointer)
{
	g_autofree gchar *langs_pointer = pointer_member(pointer, "languages");
	JsonArray *langs
		= get_array(c, venue, pointer, "languages", TRUE, SORI_CATALOGUE_MAX_LANGUAGES);
	g_autoptr(GPtrArray) good = g_ptr_array_new_with_free_func(g_free);
	gboolean all_good = TRUE;
	const gchar *default_language;

	if (langs == NULL)
		return;
	if (json_array_get_length(langs) == 0) {
		report(c, langs_pointer, "declare at least one language");
		return;
	}
	for (guint i = 0; i < json_array_get_length(langs); i++) {
		JsonNode *node = json_array_get_element(langs, i);
		g_autofree gchar *lang_pointer = pointer_index(langs_pointer, i);
		const gchar *lang;
		if (!expect_type(c, node, lang_pointer, JSON_NODE_VALUE, G_TYPE_STRING)) {
			all_good = FALSE;
			continue;
		}
		lang = json_node_get_string(node);
		if (!sori_language_tag_is_canonical(lang)) {
			g_autofree gchar *canonical = sori_language_tag_canonicalize(lang);
			if (canonical != NULL)
				report(c, lang_pointer, "write the language tag '%s' as '%s'", lang,
				       canonical);
			else
				report(c, lang_pointer, "'%s' is not a BCP 47 language tag", lang);
			all_good = FALSE;
			continue;
		}
		if (g_ptr_array_find_with_equal_func(good, lang, g_str_equal, NULL)) {
			report(c, lang_pointer, "language '%s' is declared twice", lang);
			continue;
		}
		g_ptr_array_add(good, g_strdup(lang));
	}
	default_language = get_string(c, venue, pointer, "default_language", TRUE, 35);
	if (default_language != NULL
	    && !g_ptr_array_find_with_equal_func(good, default_language, g_str_equal, NULL)) {
		g_autofree gchar *p = pointer_member(pointer, "default_language");
		report(c, p, "the default language '%s' is not one of /venue/languages",
		       default_language);
		all_good = FALSE;
	}
	/* texts are checked against the languages only when those are sound,
	 * so one typo here does not bury the curator under a problem per text */
	if (!all_good || default_language == NULL)
		return;
	g_ptr_array_add(good, NULL);
	c->languages = (gchar **) g_ptr_array_steal(good, NULL);
	c->catalogue->languages = g_strdupv(c->languages);
	c->catalogue->default_language = g_strdup(default_language);
}

static void
check_venue(Checker *c, JsonObject *root)
{
	static const gchar *const allowed[]
		= { "id",       "name",    "description",   "languages", "default_language",
		    "timezone", "licence", "opening_hours", "contact",   "access",
		    "address",  NULL };
	const gchar *pointer = "/venue";
	JsonObject *venue = get_object(c, root, "", "venue", TRUE);
	const gchar *id;
	const gchar *tz_name;
	const gchar *licence;

	if (venue == NULL)
		return;
	c->catalogue->venue_json = venue;
	check_members(c, venue, pointer, allowed);
	id = get_id(c, venue, pointer, "id", TRUE);
	c->catalogue->id = g_strdup(id);
	check_languages(c, venue, pointer);
	check_name(c, venue, pointer, "name", TRUE);
	check_long_text(c, venue, pointer, "description", FALSE);
	check_long_text(c, venue, pointer, "address", TRUE);
	tz_name = get_string(c, venue, pointer, "timezone", TRUE, 64);
	if (tz_name != NULL) {
		GTimeZone *tz = g_time_zone_new_identifier(tz_name);
		if (tz == NULL) {
			g_autofree gchar *p = pointer_member(pointer, "timezone");
			report(c, p, "'%s' is not a time zone: use an IANA name such as Asia/Seoul",
			       tz_name);
		}
		g_clear_pointer(&tz, g_time_zone_unref);
	}
	licence = get_string(c, venue, pointer, "licence", TRUE, 32);
	if (licence != NULL && !g_strv_contains(known_licences, licence)) {
		g_autofree gchar *p = pointer_member(pointer, "licence");
		g_autofree gchar *known = g_strjoinv(", ", (gchar **) known_licences);
		report(c, p, "'%s' is not an open licence sori knows: use one of %s", licence,
		       known);
	} else {
		c->catalogue->licence = g_strdup(licence);
	}
	check_opening_hours(c, venue, pointer);
	check_contact(c, venue, pointer);
	check_access(c, venue, pointer);
}

static void
check_galleries(Checker *c, JsonObject *root)
{
	static const gchar *const allowed[]
		= { "id", "name", "description", "floor", "step_free", NULL };
	const gchar *pointer = "/galleries";
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	JsonArray *galleries
		= get_array(c, root, "", "galleries", TRUE, SORI_CATALOGUE_MAX_GALLERIES);

	if (galleries == NULL)
		return;
	if (json_array_get_length(galleries) == 0)
		report(c, pointer, "list at least one gallery");
	for (guint i = 0; i < json_array_get_length(galleries); i++) {
		g_autofree gchar *item_pointer = pointer_index(pointer, i);
		JsonObject *item = array_object(c, galleries, pointer, i);
		SoriGallery *gallery;
		const gchar *id;
		gint64 floor = 0;
		gboolean step_free = FALSE;

		if (item == NULL)
			continue;
		check_members(c, item, item_pointer, allowed);
		id = get_id(c, item, item_pointer, "id", TRUE);
		check_name(c, item, item_pointer, "name", TRUE);
		check_long_text(c, item, item_pointer, "description", FALSE);
		get_integer(c, item, item_pointer, "floor", TRUE, -20, 200, &floor);
		get_boolean(c, item, item_pointer, "step_free", TRUE, &step_free);
		if (id == NULL)
			continue;
		{
			g_autofree gchar *id_pointer = pointer_member(item_pointer, "id");
			if (g_hash_table_contains(seen, id)) {
				check_unique_id(c, seen, id, id_pointer, "gallery");
				continue;
			}
			check_unique_id(c, seen, id, id_pointer, "gallery");
		}
		gallery = g_new0(SoriGallery, 1);
		gallery->id = g_strdup(id);
		gallery->floor = (gint) floor;
		gallery->step_free = step_free;
		gallery->json = item;
		g_ptr_array_add(c->catalogue->galleries, gallery);
		g_hash_table_insert(c->catalogue->galleries_by_id, gallery->id, gallery);
	}
}

/* codes are unique across exhibits and bindings */
static gboolean
claim_code(Checker *c, const gchar *code, const gchar *pointer)
{
	const gchar *first;
	if (!sori_catalogue_code_is_valid(code)) {
		report(c, pointer, "'%s' is not a code: codes are 3 to 6 digits", code);
		return FALSE;
	}
	first = g_hash_table_lookup(c->seen_codes, code);
	if (first != NULL) {
		report(c, pointer, "duplicate code '%s' (first at %s)", code, first);
		return FALSE;
	}
	g_hash_table_insert(c->seen_codes, g_strdup(code), g_strdup(pointer));
	return TRUE;
}

static SoriTarget *
add_target(Checker *c, SoriExhibit *exhibit, SoriGallery *gallery)
{
	SoriTarget *target = g_new0(SoriTarget, 1);
	target->kind = exhibit != NULL ? SORI_TARGET_KIND_EXHIBIT : SORI_TARGET_KIND_GALLERY;
	target->exhibit = exhibit;
	target->gallery = gallery;
	g_ptr_array_add(c->catalogue->targets, target);
	return target;
}

static void
check_exhibit_media(Checker *c, JsonObject *item, const gchar *item_pointer)
{
	static const gchar *const image_fields[] = { "url", "alt", "width", "height", NULL };
	static const gchar *const sign_fields[] = { "video", "captions", "language", NULL };
	static const gchar *const narration_fields[] = { "audio", "captions", NULL };
	g_autofree gchar *images_pointer = pointer_member(item_pointer, "images");
	JsonArray *images
		= get_array(c, item, item_pointer, "images", FALSE, SORI_CATALOGUE_MAX_IMAGES);
	JsonObject *sign = get_object(c, item, item_pointer, "sign_language", FALSE);
	JsonObject *narration = get_object(c, item, item_pointer, "narration", FALSE);

	for (guint i = 0; images != NULL && i < json_array_get_length(images); i++) {
		g_autofree gchar *image_pointer = pointer_index(images_pointer, i);
		JsonObject *image = array_object(c, images, images_pointer, i);
		if (image == NULL)
			continue;
		check_members(c, image, image_pointer, image_fields);
		get_url(c, image, image_pointer, "url", TRUE);
		/* every image is described: a blind visitor's screen reader reads the alt text */
		check_text(c, image, image_pointer, "alt", TRUE, 1000, TEXT_FLAG_SINGLE_LINE);
		get_integer(c, image, image_pointer, "width", FALSE, 1, 20000, NULL);
		get_integer(c, image, image_pointer, "height", FALSE, 1, 20000, NULL);
	}
	if (sign != NULL) {
		g_autofree gchar *sign_pointer = pointer_member(item_pointer, "sign_language");
		const gchar *lang;
		check_members(c, sign, sign_pointer, sign_fields);
		get_url(c, sign, sign_pointer, "video", TRUE);
		get_url(c, sign, sign_pointer, "captions", TRUE);
		/* a sign language has its own tag (kvk, ase, bfi…), not one of the venue's */
		lang = get_string(c, sign, sign_pointer, "language", TRUE, 35);
		if (lang != NULL && !sori_language_tag_is_canonical(lang)) {
			g_autofree gchar *p = pointer_member(sign_pointer, "language");
			report(c, p,
			       "'%s' is not a BCP 47 language tag such as kvk (Korean Sign "
			       "Language)",
			       lang);
		}
	}
	if (narration != NULL) {
		g_autofree gchar *narration_pointer = pointer_member(item_pointer, "narration");
		JsonObjectIter iter;
		const gchar *lang;
		JsonNode *node;
		json_object_iter_init(&iter, narration);
		while (json_object_iter_next(&iter, &lang, &node)) {
			g_autofree gchar *lang_pointer = pointer_member(narration_pointer, lang);
			JsonObject *entry;
			if (c->languages != NULL
			    && !g_strv_contains((const gchar *const *) c->languages, lang)) {
				report(c, lang_pointer,
				       "narration in language '%s', which the venue does not "
				       "declare "
				       "in /venue/languages",
				       lang);
				continue;
			}
			if (!expect_type(c, node, lang_pointer, JSON_NODE_OBJECT, G_TYPE_INVALID))
				continue;
			entry = json_node_get_object(node);
			check_members(c, entry, lang_pointer, narration_fields);
			get_url(c, entry, lang_pointer, "audio", TRUE);
			get_url(c, entry, lang_pointer, "captions", TRUE);
		}
	}
}

static void
check_exhibit_access(Checker *c, JsonObject *item, const gchar *item_pointer)
{
	static const gchar *const allowed[]
		= { "display_height_cm", "touchable", "seating_nearby", "notes", NULL };
	g_autofree gchar *access_pointer = pointer_member(item_pointer, "access");
	JsonObject *access = get_object(c, item, item_pointer, "access", TRUE);
	gboolean flag;

	if (access == NULL)
		return;
	check_members(c, access, access_pointer, allowed);
	get_integer(c, access, access_pointer, "display_height_cm", TRUE, 0, 1000, NULL);
	get_boolean(c, access, access_pointer, "touchable", TRUE, &flag);
	get_boolean(c, access, access_pointer, "seating_nearby", TRUE, &flag);
	check_long_text(c, access, access_pointer, "notes", FALSE);
}

static void
check_exhibits(Checker *c, JsonObject *root)
{
	static const gchar *const allowed[] = { "id",        "gallery",       "code",
						"title",     "description",   "audio_description",
						"easy_read", "creator",       "period",
						"images",    "sign_language", "narration",
						"access",    "licence",       NULL };
	const gchar *pointer = "/exhibits";
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	JsonArray *exhibits = get_array(c, root, "", "exhibits", TRUE, SORI_CATALOGUE_MAX_EXHIBITS);

	for (guint i = 0; exhibits != NULL && i < json_array_get_length(exhibits); i++) {
		g_autofree gchar *item_pointer = pointer_index(pointer, i);
		JsonObject *item = array_object(c, exhibits, pointer, i);
		SoriExhibit *exhibit;
		SoriGallery *gallery = NULL;
		const gchar *id;
		const gchar *gallery_id;
		const gchar *code;
		const gchar *licence;
		gboolean code_ok = FALSE;

		if (item == NULL)
			continue;
		check_members(c, item, item_pointer, allowed);
		id = get_id(c, item, item_pointer, "id", TRUE);
		gallery_id = get_id(c, item, item_pointer, "gallery", TRUE);
		if (gallery_id != NULL) {
			gallery = g_hash_table_lookup(c->catalogue->galleries_by_id, gallery_id);
			if (gallery == NULL) {
				g_autofree gchar *p = pointer_member(item_pointer, "gallery");
				report(c, p, "unknown gallery '%s': it is not in /galleries",
				       gallery_id);
			}
		}
		code = get_string(c, item, item_pointer, "code", TRUE, 6 + 1);
		if (code != NULL) {
			g_autofree gchar *p = pointer_member(item_pointer, "code");
			code_ok = claim_code(c, code, p);
		}
		check_name(c, item, item_pointer, "title", TRUE);
		check_long_text(c, item, item_pointer, "description", TRUE);
		check_long_text(c, item, item_pointer, "audio_description", TRUE);
		check_long_text(c, item, item_pointer, "easy_read", TRUE);
		check_name(c, item, item_pointer, "creator", FALSE);
		check_name(c, item, item_pointer, "period", FALSE);
		check_exhibit_media(c, item, item_pointer);
		check_exhibit_access(c, item, item_pointer);
		licence = get_string(c, item, item_pointer, "licence", FALSE, 32);
		if (licence != NULL && !g_strv_contains(known_licences, licence)) {
			g_autofree gchar *p = pointer_member(item_pointer, "licence");
			report(c, p, "'%s' is not an open licence sori knows", licence);
			licence = NULL;
		}
		if (id == NULL)
			continue;
		{
			g_autofree gchar *id_pointer = pointer_member(item_pointer, "id");
			gboolean duplicate = g_hash_table_contains(seen, id);
			check_unique_id(c, seen, id, id_pointer, "exhibit");
			if (duplicate)
				continue;
		}
		exhibit = g_new0(SoriExhibit, 1);
		exhibit->id = g_strdup(id);
		exhibit->code = g_strdup(code);
		exhibit->gallery = gallery;
		exhibit->json = item;
		exhibit->licence = licence;
		if (gallery != NULL)
			gallery->n_exhibits++;
		g_ptr_array_add(c->catalogue->exhibits, exhibit);
		g_hash_table_insert(c->catalogue->exhibits_by_id, exhibit->id, exhibit);
		if (code_ok)
			g_hash_table_insert(c->catalogue->targets_by_code, g_strdup(exhibit->code),
					    add_target(c, exhibit, NULL));
	}
}

static void
check_beacons(Checker *c, JsonObject *root)
{
	static const gchar *const allowed[] = { "id", "placement", NULL };
	const gchar *pointer = "/beacons";
	JsonArray *beacons = get_array(c, root, "", "beacons", FALSE, SORI_CATALOGUE_MAX_BEACONS);

	for (guint i = 0; beacons != NULL && i < json_array_get_length(beacons); i++) {
		g_autofree gchar *item_pointer = pointer_index(pointer, i);
		g_autofree gchar *id_pointer = pointer_member(item_pointer, "id");
		JsonObject *item = array_object(c, beacons, pointer, i);
		const gchar *text;
		const gchar *reason = NULL;
		SoriLocationId location;
		gchar canonical[SORI_LOCATION_ID_TEXT_MAX];
		const gchar *first;

		if (item == NULL)
			continue;
		check_members(c, item, item_pointer, allowed);
		get_string(c, item, item_pointer, "placement", FALSE, SORI_CATALOGUE_MAX_NAME_LEN);
		text = get_string(c, item, item_pointer, "id", TRUE, SORI_LOCATION_ID_TEXT_MAX);
		if (text == NULL)
			continue;
		if (!sori_location_id_parse(text, strlen(text), &location, &reason)) {
			report(c, id_pointer, "malformed beacon ID '%s': %s", text, reason);
			continue;
		}
		if (location.kind == SORI_LOCATION_ID_KIND_EPHEMERAL) {
			report(c, id_pointer,
			       "'%s' is an ephemeral ID, which changes: declare an EID beacon by "
			       "its registry name, eid:<name>",
			       text);
			continue;
		}
		sori_location_id_format(&location, canonical, sizeof(canonical));
		first = g_hash_table_lookup(c->seen_beacons, canonical);
		if (first != NULL) {
			report(c, id_pointer, "duplicate beacon '%s' (first at %s)", text, first);
			continue;
		}
		g_hash_table_insert(c->seen_beacons, g_strdup(canonical), g_strdup(id_pointer));
		g_ptr_array_add(c->catalogue->beacons, g_strdup(canonical));
	}
}

static void
check_bindings(Checker *c, JsonObject *root)
{
	static const gchar *const allowed[] = { "beacon", "code", "exhibit", "gallery", NULL };
	const gchar *pointer = "/bindings";
	g_autoptr(GHashTable) bound
		= g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	JsonArray *bindings
		= get_array(c, root, "", "bindings", FALSE, SORI_CATALOGUE_MAX_BINDINGS);

	for (guint i = 0; bindings != NULL && i < json_array_get_length(bindings); i++) {
		g_autofree gchar *item_pointer = pointer_index(pointer, i);
		JsonObject *item = array_object(c, bindings, pointer, i);
		gboolean has_beacon;
		gboolean has_code;
		const gchar *exhibit_id;
		const gchar *gallery_id;
		SoriExhibit *exhibit = NULL;
		SoriGallery *gallery = NULL;
		gboolean target_ok = FALSE;

		if (item == NULL)
			continue;
		check_members(c, item, item_pointer, allowed);
		has_beacon = json_object_has_member(item, "beacon");
		has_code = json_object_has_member(item, "code");
		if (has_beacon == has_code) {
			report(c, item_pointer, "a binding has exactly one of 'beacon' or 'code'");
			continue;
		}
		if (json_object_has_member(item, "exhibit")
		    == json_object_has_member(item, "gallery")) {
			report(c, item_pointer,
			       "a binding leads to exactly one of 'exhibit' or "
			       "'gallery'");
			continue;
		}
		exhibit_id = get_id(c, item, item_pointer, "exhibit", FALSE);
		gallery_id = get_id(c, item, item_pointer, "gallery", FALSE);
		if (exhibit_id != NULL) {
			exhibit = g_hash_table_lookup(c->catalogue->exhibits_by_id, exhibit_id);
			if (exhibit == NULL) {
				g_autofree gchar *p = pointer_member(item_pointer, "exhibit");
				report(c, p, "unknown exhibit '%s': it is not in /exhibits",
				       exhibit_id);
			}
			target_ok = exhibit != NULL;
		} else if (gallery_id != NULL) {
			gallery = g_hash_table_lookup(c->catalogue->galleries_by_id, gallery_id);
			if (gallery == NULL) {
				g_autofree gchar *p = pointer_member(item_pointer, "gallery");
				report(c, p, "unknown gallery '%s': it is not in /galleries",
				       gallery_id);
			}
			target_ok = gallery != NULL;
		}
		if (has_code) {
			g_autofree gchar *p = pointer_member(item_pointer, "code");
			const gchar *code = get_string(c, item, item_pointer, "code", TRUE, 7);
			if (code != NULL && claim_code(c, code, p) && target_ok)
				g_hash_table_insert(c->catalogue->targets_by_code, g_strdup(code),
						    add_target(c, exhibit, gallery));
		} else {
			g_autofree gchar *p = pointer_member(item_pointer, "beacon");
			const gchar *text = get_string(c, item, item_pointer, "beacon", TRUE,
						       SORI_LOCATION_ID_TEXT_MAX);
			SoriLocationId location;
			const gchar *reason = NULL;
			gchar canonical[SORI_LOCATION_ID_TEXT_MAX];
			const gchar *first;

			if (text == NULL)
				continue;
			if (!sori_location_id_parse(text, strlen(text), &location, &reason)) {
				report(c, p, "malformed beacon ID '%s': %s", text, reason);
				continue;
			}
			sori_location_id_format(&location, canonical, sizeof(canonical));
			if (!g_hash_table_contains(c->seen_beacons, canonical)) {
				report(c, p, "unknown beacon '%s': declare it in /beacons", text);
				continue;
			}
			first = g_hash_table_lookup(bound, canonical);
			if (first != NULL) {
				report(c, p, "beacon '%s' is already bound (at %s)", text, first);
				continue;
			}
			g_hash_table_insert(bound, g_strdup(canonical), g_strdup(p));
			if (target_ok)
				g_hash_table_insert(c->catalogue->targets_by_beacon,
						    g_strdup(canonical),
						    add_target(c, exhibit, gallery));
		}
	}
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

static void
set_invalid_error(Checker *c, GPtrArray **problems, GError **error)
{
	g_set_error(error, SORI_CATALOGUE_ERROR, SORI_CATALOGUE_ERROR_INVALID, "%u problem%s%s",
		    c->problems->len, c->problems->len == 1 ? "" : "s",
		    c->too_many ? " (only the first are listed)" : "");
	if (problems != NULL)
		*problems = g_ptr_array_ref(c->problems);
}

/**
 * sori_catalogue_new_from_bytes:
 * @bytes: a catalogue document
 * @problems: (out) (optional) (element-type SoriCatalogueProblem) (transfer container):
 *	every problem found, when the document is invalid
 * @error: (nullable): return location for a #GError
 *
 * Parses and checks a catalogue. Nothing of an invalid catalogue is kept: the
 * result is complete and consistent, or %NULL.
 *
 * Returns: (transfer full) (nullable): the catalogue
 */
SoriCatalogue *
sori_catalogue_new_from_bytes(GBytes *bytes, GPtrArray **problems, GError **error)
{
	g_autoptr(JsonParser) parser = json_parser_new_immutable();
	g_autoptr(SoriCatalogue) self = NULL;
	g_auto(Checker) c = { 0 };
	g_autoptr(GError) error_local = NULL;
	static const gchar *const allowed[]
		= { "format", "venue", "galleries", "exhibits", "beacons", "bindings", NULL };
	gsize len = 0;
	const gchar *data = g_bytes_get_data(bytes, &len);
	gsize offset = 0;
	JsonNode *root;
	JsonObject *root_obj;
	const gchar *format;

	g_return_val_if_fail(bytes != NULL, NULL);

	if (len > SORI_CATALOGUE_MAX_BYTES) {
		g_set_error(error, SORI_CATALOGUE_ERROR, SORI_CATALOGUE_ERROR_TOO_LARGE,
			    "the catalogue is %" G_GSIZE_FORMAT " bytes; the limit is %u", len,
			    (guint) SORI_CATALOGUE_MAX_BYTES);
		return NULL;
	}

	c.problems = g_ptr_array_new_with_free_func((GDestroyNotify) sori_catalogue_problem_free);
	c.seen_codes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	c.seen_beacons = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

	if (!sori_json_check_depth(data, len, SORI_CATALOGUE_MAX_DEPTH, &offset)) {
		report(&c, "",
		       "JSON is nested more than %u levels deep (at byte %" G_GSIZE_FORMAT ")",
		       (guint) SORI_CATALOGUE_MAX_DEPTH, offset);
		set_invalid_error(&c, problems, error);
		return NULL;
	}
	if (!g_utf8_validate(data, len, NULL)) {
		report(&c, "", "the document is not valid UTF-8");
		set_invalid_error(&c, problems, error);
		return NULL;
	}
	if (!json_parser_load_from_data(parser, data, len, &error_local)) {
		/* "<data>:3:14: Parse error: …" → "invalid JSON at line 3, column 14: …" */
		const gchar *msg = error_local->message;
		guint line = 0;
		guint column = 0;
		const gchar *rest = strstr(msg, "Parse error: ");
		if (sscanf(msg, "<data>:%u:%u", &line, &column) == 2 && rest != NULL)
			report(&c, "", "invalid JSON at line %u, column %u: %s", line, column,
			       rest + strlen("Parse error: "));
		else
			report(&c, "", "invalid JSON: %s", msg);
		set_invalid_error(&c, problems, error);
		return NULL;
	}

	self = g_atomic_rc_box_new0(SoriCatalogue);
	self->root = json_parser_steal_root(parser);
	self->galleries = g_ptr_array_new_with_free_func((GDestroyNotify) sori_gallery_free);
	self->exhibits = g_ptr_array_new_with_free_func((GDestroyNotify) sori_exhibit_free);
	self->targets = g_ptr_array_new_with_free_func(g_free);
	self->beacons = g_ptr_array_new_with_free_func(g_free);
	self->galleries_by_id = g_hash_table_new(g_str_hash, g_str_equal);
	self->exhibits_by_id = g_hash_table_new(g_str_hash, g_str_equal);
	self->targets_by_code = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	self->targets_by_beacon = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	c.catalogue = self;

	root = self->root;
	if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
		report(&c, "", "the catalogue must be a JSON object, not %s",
		       root == NULL ? "empty" : node_type_name(root));
		set_invalid_error(&c, problems, error);
		return NULL;
	}
	root_obj = json_node_get_object(root);
	check_members(&c, root_obj, "", allowed);
	format = get_string(&c, root_obj, "", "format", TRUE, 64);
	if (format != NULL && g_strcmp0(format, "sori-catalogue/1") != 0)
		report(&c, "/format", "unknown format '%s': this sori reads sori-catalogue/1",
		       format);
	check_venue(&c, root_obj);
	check_galleries(&c, root_obj);
	check_exhibits(&c, root_obj);
	check_beacons(&c, root_obj);
	check_bindings(&c, root_obj);

	if (c.problems->len > 0) {
		set_invalid_error(&c, problems, error);
		return NULL;
	}
	self->digest = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, bytes);
	return g_steal_pointer(&self);
}

/**
 * sori_catalogue_new_from_file:
 * @path: a catalogue file
 * @problems: (out) (optional) (element-type SoriCatalogueProblem) (transfer container):
 *	every problem found, when the document is invalid
 * @error: (nullable): return location for a #GError
 *
 * Returns: (transfer full) (nullable): the catalogue
 */
SoriCatalogue *
sori_catalogue_new_from_file(const gchar *path, GPtrArray **problems, GError **error)
{
	g_autoptr(GMappedFile) mapped = NULL;
	g_autoptr(GBytes) bytes = NULL;
	g_autoptr(GError) error_local = NULL;
	SoriCatalogue *self;

	g_return_val_if_fail(path != NULL, NULL);

	mapped = g_mapped_file_new(path, FALSE, &error_local);
	if (mapped == NULL) {
		g_set_error(error, SORI_CATALOGUE_ERROR, SORI_CATALOGUE_ERROR_IO, "%s",
			    error_local->message);
		return NULL;
	}
	bytes = g_mapped_file_get_bytes(mapped);
	self = sori_catalogue_new_from_bytes(bytes, problems, error);
	if (self == NULL)
		g_prefix_error(error, "%s: ", path);
	return self;
}

const gchar *
sori_catalogue_get_id(SoriCatalogue *self)
{
	return self->id;
}

const gchar *const *
sori_catalogue_get_languages(SoriCatalogue *self)
{
	return (const gchar *const *) self->languages;
}

const gchar *
sori_catalogue_get_default_language(SoriCatalogue *self)
{
	return self->default_language;
}

const gchar *
sori_catalogue_get_licence(SoriCatalogue *self)
{
	return self->licence;
}

/**
 * sori_catalogue_get_digest:
 * @self: a catalogue
 *
 * Returns: the SHA-256 of the document, in hexadecimal: it names this version
 */
const gchar *
sori_catalogue_get_digest(SoriCatalogue *self)
{
	return self->digest;
}

static gint
compare_codes_cb(gconstpointer a, gconstpointer b)
{
	const gchar *x = *(const gchar *const *) a;
	const gchar *y = *(const gchar *const *) b;
	gsize len_x = strlen(x);
	gsize len_y = strlen(y);
	/* all digits: shorter is smaller, then as text */
	return len_x != len_y ? (len_x < len_y ? -1 : 1) : strcmp(x, y);
}

/**
 * sori_catalogue_get_codes:
 * @self: a catalogue
 *
 * Returns: (transfer container) (element-type utf8): every code, an
 *	exhibit's or a binding's, in numeric order; the strings are the catalogue's
 */
GPtrArray *
sori_catalogue_get_codes(SoriCatalogue *self)
{
	GPtrArray *codes = g_ptr_array_sized_new(g_hash_table_size(self->targets_by_code));
	GHashTableIter iter;
	gpointer code;

	g_hash_table_iter_init(&iter, self->targets_by_code);
	while (g_hash_table_iter_next(&iter, &code, NULL))
		g_ptr_array_add(codes, code);
	g_ptr_array_sort(codes, compare_codes_cb);
	return codes;
}

JsonObject *
sori_catalogue_get_venue_json(SoriCatalogue *self)
{
	return self->venue_json;
}

/**
 * sori_catalogue_get_galleries:
 * @self: a catalogue
 *
 * Returns: (transfer none) (element-type SoriGallery): the galleries, in document order
 */
GPtrArray *
sori_catalogue_get_galleries(SoriCatalogue *self)
{
	return self->galleries;
}

/**
 * sori_catalogue_get_exhibits:
 * @self: a catalogue
 *
 * Returns: (transfer none) (element-type SoriExhibit): the exhibits, in document order
 */
GPtrArray *
sori_catalogue_get_exhibits(SoriCatalogue *self)
{
	return self->exhibits;
}

SoriGallery *
sori_catalogue_lookup_gallery(SoriCatalogue *self, const gchar *id)
{
	return g_hash_table_lookup(self->galleries_by_id, id);
}

SoriExhibit *
sori_catalogue_lookup_exhibit(SoriCatalogue *self, const gchar *id)
{
	return g_hash_table_lookup(self->exhibits_by_id, id);
}

const SoriTarget *
sori_catalogue_lookup_code(SoriCatalogue *self, const gchar *code)
{
	return g_hash_table_lookup(self->targets_by_code, code);
}

/**
 * sori_catalogue_lookup_beacon:
 * @self: a catalogue
 * @location_id: a location ID in canonical form (see sori_location_id_format())
 *
 * Returns: (transfer none) (nullable): where the beacon is bound to
 */
const SoriTarget *
sori_catalogue_lookup_beacon(SoriCatalogue *self, const gchar *location_id)
{
	return g_hash_table_lookup(self->targets_by_beacon, location_id);
}

/**
 * sori_catalogue_get_beacons:
 *
 * Returns: (transfer none) (element-type utf8): the canonical location IDs of the
 *	venue's declared beacons, in document order
 */
GPtrArray *
sori_catalogue_get_beacons(SoriCatalogue *self)
{
	return self->beacons;
}
