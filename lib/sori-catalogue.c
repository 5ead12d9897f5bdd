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
#include <stdlib.h>
#include <string.h>

#include "sori-catalogue-private.h"
#include "sori-json.h"
#include "sori-language.h"
#include "sori-location-id.h"
#include "sori-map-private.h"

/* open licences a venue may publish its texts under (SPDX identifiers, plus the
 * Korea Open Government Licence types that Korean public museums use) */
const gchar *const sori_catalogue_known_licences[] = {
	"CC0-1.0",      "CC-BY-4.0",       "CC-BY-SA-4.0", "CC-BY-NC-4.0", "CC-BY-NC-SA-4.0",
	"CC-BY-ND-4.0", "CC-BY-NC-ND-4.0", "ODbL-1.0",     "KOGL-Type1",   "KOGL-Type2",
	"KOGL-Type3",   "KOGL-Type4",      NULL,
};

/* what a venue is, for the open data's schema.org type */
const gchar *const sori_catalogue_venue_kinds[] = {
	"museum", "gallery", "library", "park", "heritage", "venue", NULL,
};

const gchar *const sori_catalogue_weekdays[]
	= { "mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL };

void
sori_catalogue_problem_free(SoriCatalogueProblem *problem)
{
	if (problem == NULL)
		return;
	g_free(problem->pointer);
	g_free(problem->reason);
	g_free(problem);
}

void
sori_gallery_free(SoriGallery *gallery)
{
	if (gallery == NULL)
		return;
	g_free(gallery->id);
	g_free(gallery);
}

void
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
	g_clear_pointer(&self->venue_ref, json_object_unref);
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
	g_clear_pointer(&self->markers, g_ptr_array_unref);
	g_clear_pointer(&self->map, sori_map_free);
	g_free(self);
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
	g_atomic_int_inc(&self->ref_count);
	return self;
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
	if (g_atomic_int_dec_and_test(&self->ref_count))
		sori_catalogue_free(self);
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

static void
sori_catalogue_set_invalid_error(SoriCatalogueChecker *c, GPtrArray **problems, GError **error)
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
	g_auto(SoriCatalogueChecker) c = { 0 };
	g_autoptr(GError) error_local = NULL;
	static const gchar *const allowed[]
		= { "format",   "venue", "galleries", "exhibits", "beacons",
		    "bindings", "map",   "markers",   NULL };
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

	/* a 0-byte file maps to no data at all, which json-glib refuses with a critical */
	if (len == 0) {
		sori_checker_report(&c, "", "the document is empty");
		sori_catalogue_set_invalid_error(&c, problems, error);
		return NULL;
	}
	if (!sori_json_check_depth(data, len, SORI_CATALOGUE_MAX_DEPTH, &offset)) {
		sori_checker_report(
			&c, "",
			"JSON is nested more than %u levels deep (at byte %" G_GSIZE_FORMAT ")",
			(guint) SORI_CATALOGUE_MAX_DEPTH, offset);
		sori_catalogue_set_invalid_error(&c, problems, error);
		return NULL;
	}
	if (!g_utf8_validate(data, len, NULL)) {
		sori_checker_report(&c, "", "the document is not valid UTF-8");
		sori_catalogue_set_invalid_error(&c, problems, error);
		return NULL;
	}
	if (!json_parser_load_from_data(parser, data, len, &error_local)) {
		/* "<data>:3:14: Parse error: …" → "invalid JSON at line 3, column 14: …" */
		const gchar *msg = error_local->message;
		guint line = 0;
		guint column = 0;
		const gchar *rest = strstr(msg, "Parse error: ");
		if (sscanf(msg, "<data>:%u:%u", &line, &column) == 2 && rest != NULL)
			sori_checker_report(&c, "", "invalid JSON at line %u, column %u: %s", line,
					    column, rest + strlen("Parse error: "));
		else
			sori_checker_report(&c, "", "invalid JSON: %s", msg);
		sori_catalogue_set_invalid_error(&c, problems, error);
		return NULL;
	}

	self = g_new0(SoriCatalogue, 1);
	self->ref_count = 1;
	self->root = json_parser_steal_root(parser);
	self->galleries = g_ptr_array_new_with_free_func((GDestroyNotify) sori_gallery_free);
	self->exhibits = g_ptr_array_new_with_free_func((GDestroyNotify) sori_exhibit_free);
	self->targets = g_ptr_array_new_with_free_func(g_free);
	self->beacons = g_ptr_array_new_with_free_func(g_free);
	self->markers = g_ptr_array_new_with_free_func(g_free);
	self->galleries_by_id = g_hash_table_new(g_str_hash, g_str_equal);
	self->exhibits_by_id = g_hash_table_new(g_str_hash, g_str_equal);
	self->targets_by_code = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	self->targets_by_beacon = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	c.catalogue = self;

	root = self->root;
	if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
		sori_checker_report(&c, "", "the catalogue must be a JSON object, not %s",
				    root == NULL ? "empty" : sori_json_node_type_name(root));
		sori_catalogue_set_invalid_error(&c, problems, error);
		return NULL;
	}
	root_obj = json_node_get_object(root);
	sori_checker_check_members(&c, root_obj, "", allowed);
	format = sori_checker_get_string(&c, root_obj, "", "format", TRUE, 64);
	if (format != NULL && g_strcmp0(format, "sori-catalogue/1") != 0)
		sori_checker_report(&c, "/format",
				    "unknown format '%s': this sori reads sori-catalogue/1",
				    format);
	sori_catalogue_check_venue(&c, root_obj);
	sori_catalogue_check_galleries(&c, root_obj);
	sori_catalogue_check_exhibits(&c, root_obj);
	sori_catalogue_check_beacons(&c, root_obj);
	sori_catalogue_check_bindings(&c, root_obj);
	sori_catalogue_check_map(&c, root_obj);
	/* after the map: a code may stand at one of its places */
	sori_catalogue_check_markers(&c, root_obj);

	if (c.problems->len > 0) {
		sori_catalogue_set_invalid_error(&c, problems, error);
		return NULL;
	}
	self->digest = g_compute_checksum_for_bytes(G_CHECKSUM_SHA256, bytes);
	self->document_size = len;
	self->has_map = self->map != NULL;
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

	if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
		g_set_error(error, SORI_CATALOGUE_ERROR, SORI_CATALOGUE_ERROR_IO,
			    "%s: a directory, not a catalogue file", path);
		return NULL;
	}
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
sori_catalogue_compare_codes_cb(gconstpointer a, gconstpointer b)
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
	g_warn_if_fail(!self->summary);
	GPtrArray *codes = g_ptr_array_sized_new(g_hash_table_size(self->targets_by_code));
	GHashTableIter iter;
	gpointer code;

	g_hash_table_iter_init(&iter, self->targets_by_code);
	while (g_hash_table_iter_next(&iter, &code, NULL))
		g_ptr_array_add(codes, code);
	g_ptr_array_sort(codes, sori_catalogue_compare_codes_cb);
	return codes;
}

JsonObject *
sori_catalogue_get_venue_json(SoriCatalogue *self)
{
	return self->venue_json;
}

/**
 * sori_catalogue_time_zone_new:
 * @name: what a catalogue says its venue's time zone is
 *
 * An IANA name only: GLib takes any path (`/etc/passwd`, a FIFO that would
 * block the reader) and raises a critical on a file of the zone database
 * that is no zone (`zone.tab`), so the name's shape is checked first: parts
 * of letters, digits, `_`, `+` and `-` between single slashes, each part
 * starting with a letter, the first with a capital, as every zone's name does.
 *
 * Returns: (transfer full) (nullable): the zone, or %NULL when @name is none
 */
GTimeZone *
sori_catalogue_time_zone_new(const gchar *name)
{
	gboolean part_start = TRUE;

	if (name == NULL || !g_ascii_isupper(name[0]) || strlen(name) > 64)
		return NULL;
	for (const gchar *p = name; *p != '\0'; p++) {
		if (*p == '/') {
			if (part_start)
				return NULL;
			part_start = TRUE;
			continue;
		}
		if (part_start ? !g_ascii_isalpha(*p)
			       : !(g_ascii_isalnum(*p) || *p == '_' || *p == '+' || *p == '-'))
			return NULL;
		part_start = FALSE;
	}
	if (part_start)
		return NULL;
	return g_time_zone_new_identifier(name);
}

/**
 * sori_catalogue_get_time_zone:
 * @self: a catalogue, or its summary
 *
 * Returns: (transfer full): the venue's time zone (`/venue/timezone`, an IANA
 *	identifier the checker accepted), UTC when it has none
 */
GTimeZone *
sori_catalogue_get_time_zone(SoriCatalogue *self)
{
	JsonNode *node = json_object_get_member(self->venue_json, "timezone");
	const gchar *name = node != NULL && JSON_NODE_HOLDS_VALUE(node)
					    && json_node_get_value_type(node) == G_TYPE_STRING
				    ? json_node_get_string(node)
				    : NULL;
	GTimeZone *tz = sori_catalogue_time_zone_new(name);

	return tz != NULL ? tz : g_time_zone_new_utc();
}

/**
 * sori_catalogue_get_now:
 *
 * Returns: (transfer full): now, in the venue's time zone, whose date is the
 *	venue's day and whose weekday its opening hours follow
 */
GDateTime *
sori_catalogue_get_now(SoriCatalogue *self)
{
	g_autoptr(GTimeZone) tz = sori_catalogue_get_time_zone(self);
	return g_date_time_new_now(tz);
}

/**
 * sori_catalogue_get_today:
 *
 * Returns: (transfer full): the venue's today, as midnight UTC so that days
 *	add without time zones
 */
GDateTime *
sori_catalogue_get_today(SoriCatalogue *self)
{
	g_autoptr(GDateTime) now = sori_catalogue_get_now(self);
	return g_date_time_new_utc(g_date_time_get_year(now), g_date_time_get_month(now),
				   g_date_time_get_day_of_month(now), 0, 0, 0);
}

/**
 * sori_catalogue_counts_usage:
 *
 * Returns: whether the venue lets its anonymous usage be counted
 *	(`/venue/usage_counting`, true unless it says false)
 */
gboolean
sori_catalogue_counts_usage(SoriCatalogue *self)
{
	JsonNode *node = json_object_get_member(self->venue_json, "usage_counting");
	return node == NULL || !JSON_NODE_HOLDS_VALUE(node)
	       || json_node_get_value_type(node) != G_TYPE_BOOLEAN || json_node_get_boolean(node);
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
	g_warn_if_fail(!self->summary);
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
	g_warn_if_fail(!self->summary);
	return self->exhibits;
}

SoriGallery *
sori_catalogue_lookup_gallery(SoriCatalogue *self, const gchar *id)
{
	g_warn_if_fail(!self->summary);
	return g_hash_table_lookup(self->galleries_by_id, id);
}

SoriExhibit *
sori_catalogue_lookup_exhibit(SoriCatalogue *self, const gchar *id)
{
	g_warn_if_fail(!self->summary);
	return g_hash_table_lookup(self->exhibits_by_id, id);
}

const SoriTarget *
sori_catalogue_lookup_code(SoriCatalogue *self, const gchar *code)
{
	g_warn_if_fail(!self->summary);
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
	g_warn_if_fail(!self->summary);
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

/**
 * sori_catalogue_get_map:
 *
 * Returns: (transfer none) (nullable): the venue's map, when it has one
 */
SoriMap *
sori_catalogue_get_map(SoriCatalogue *self)
{
	g_warn_if_fail(!self->summary);
	return self->map;
}

/**
 * sori_catalogue_find_place:
 * @id: a place's id, or an exhibit's, gallery's or entrance's
 * @index: (out): the place's index on the map
 *
 * An exhibit with no place of its own is found at its gallery's place.
 *
 * Returns: %TRUE when @id names a place on the venue's map
 */
gboolean
sori_catalogue_find_place(SoriCatalogue *self, const gchar *id, guint *index)
{
	g_warn_if_fail(!self->summary);
	SoriExhibit *exhibit;
	gpointer bound;

	if (self->map == NULL)
		return FALSE;
	if (sori_map_lookup_place(self->map, id, index))
		return TRUE;
	bound = g_hash_table_lookup(self->map->place_by_binding, id);
	if (bound != NULL) {
		*index = GPOINTER_TO_UINT(bound) - 1;
		return TRUE;
	}
	exhibit = sori_catalogue_lookup_exhibit(self, id);
	if (exhibit != NULL && exhibit->gallery != NULL)
		return sori_catalogue_find_place(self, exhibit->gallery->id, index);
	return FALSE;
}

/**
 * sori_catalogue_get_markers:
 *
 * Returns: (transfer none) (element-type SoriMarkerCode): the venue's printed
 *	codes (/markers/codes), in the order of their numbers; empty when it has none
 */
GPtrArray *
sori_catalogue_get_markers(SoriCatalogue *self)
{
	g_warn_if_fail(!self->summary);
	return self->markers;
}

/**
 * sori_catalogue_get_marker_size_mm:
 *
 * Returns: the printed size of the venue's codes, unless a code says its own;
 *	0 when the venue has no codes
 */
guint
sori_catalogue_get_marker_size_mm(SoriCatalogue *self)
{
	return self->marker_size_mm;
}

static gint
sori_catalogue_compare_marker_number_cb(gconstpointer key, gconstpointer element)
{
	guint number = *(const guint *) key;
	const SoriMarkerCode *code = *(const SoriMarkerCode *const *) element;
	return number < code->number ? -1 : number > code->number ? 1 : 0;
}

/**
 * sori_catalogue_lookup_marker:
 * @number: a code's number in the family
 *
 * Returns: (transfer none) (nullable): what the code of that number stands beside
 */
const SoriMarkerCode *
sori_catalogue_lookup_marker(SoriCatalogue *self, guint number)
{
	g_warn_if_fail(!self->summary);
	SoriMarkerCode **found;

	/* an empty array may have no storage at all, which bsearch() must not be given */
	if (self->markers->len == 0)
		return NULL;
	found = bsearch(&number, self->markers->pdata, self->markers->len, sizeof(gpointer),
			sori_catalogue_compare_marker_number_cb);
	return found != NULL ? *found : NULL;
}

/**
 * sori_catalogue_get_root:
 *
 * Returns: (transfer none): the whole document, as checked
 */
JsonNode *
sori_catalogue_get_root(SoriCatalogue *self)
{
	g_warn_if_fail(!self->summary);
	return self->root;
}
