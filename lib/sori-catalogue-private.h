/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What the catalogue's model (sori-catalogue.c, its texts in
 * sori-catalogue-texts.c), its JSON-checking helpers
 * (sori-json-check.c) and its checkers (sori-catalogue-check-venue.c,
 * sori-catalogue-check-exhibits.c, sori-catalogue-check-map.c and its
 * whole-map checks, sori-catalogue-check-graph.c) share; nothing outside lib/
 * includes it.
 */
#pragma once

#include "sori-catalogue.h"
#include "sori-map.h"

G_BEGIN_DECLS

struct _SoriCatalogue {
	gint ref_count;
	JsonNode *root; /* %NULL in a summary */
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
	GPtrArray *beacons;   /* canonical location IDs of the declared beacons */
	SoriMap *map;         /* nullable: the venue's map, its graph built */
	GPtrArray *markers;   /* element-type SoriMarkerCode, owned, by number */
	guint marker_size_mm; /* the venue's default; 0 when it has no codes */
	/* what a venue keeps while idle (sori-catalogue-summary.c) */
	gsize document_size; /* the checked document's length */
	gboolean summary;    /* only the venue's own part: see sori_catalogue_new_summary() */
	gboolean has_map;
	JsonObject *venue_ref; /* a summary's: what @venue_json points to */
};

/* the open licences a catalogue may name, and the days of the week */
extern const gchar *const sori_catalogue_known_licences[];
extern const gchar *const sori_catalogue_weekdays[];
extern const gchar *const sori_catalogue_venue_kinds[];

/* the checker: every problem of a document, with its JSON Pointer */
typedef struct {
	GPtrArray *problems;
	gboolean too_many;
	/* the venue's declared languages, once they are known to be good */
	gchar **languages;
	SoriCatalogue *catalogue;
	/* first pointer of each id, code and beacon, to name both in duplicates */
	GHashTable *seen_codes;
	GHashTable *seen_beacons;
} SoriCatalogueChecker;
void sori_checker_clear(SoriCatalogueChecker *c);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(SoriCatalogueChecker, sori_checker_clear)

typedef enum {
	SORI_CHECKER_TEXT_NONE = 0,
	SORI_CHECKER_TEXT_SINGLE_LINE = 1 << 0,
} SoriCheckerTextFlags;

void sori_checker_report(SoriCatalogueChecker *c, const gchar *pointer, const gchar *format, ...)
	G_GNUC_PRINTF(3, 4);
gchar *sori_json_pointer_member(const gchar *parent, const gchar *member);
gchar *sori_json_pointer_index(const gchar *parent, guint index);
const gchar *sori_json_node_type_name(JsonNode *node);
void sori_checker_check_members(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
				const gchar *const *allowed);
JsonNode *sori_checker_get_member(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
				  const gchar *name, gboolean required);
gboolean sori_checker_expect_type(SoriCatalogueChecker *c, JsonNode *node, const gchar *pointer,
				  JsonNodeType type, GType value_type);
gboolean sori_checker_check_string_content(SoriCatalogueChecker *c, const gchar *value,
					   const gchar *pointer, guint max_len,
					   SoriCheckerTextFlags flags);
const gchar *sori_checker_get_string(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
				     const gchar *name, gboolean required, guint max_len);
gboolean sori_checker_get_boolean(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
				  const gchar *name, gboolean required, gboolean *out);
gboolean sori_checker_check_integer_node(SoriCatalogueChecker *c, JsonNode *node,
					 const gchar *pointer, gint64 min, gint64 max, gint64 *out);
gboolean sori_checker_get_integer(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
				  const gchar *name, gboolean required, gint64 min, gint64 max,
				  gint64 *out);
JsonObject *sori_checker_get_object(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
				    const gchar *name, gboolean required);
JsonArray *sori_checker_get_array(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
				  const gchar *name, gboolean required, guint max_len);
JsonObject *sori_checker_array_object(SoriCatalogueChecker *c, JsonArray *array,
				      const gchar *pointer, guint index);
const gchar *sori_checker_get_id(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
				 const gchar *name, gboolean required);
const gchar *sori_checker_get_url(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
				  const gchar *name, gboolean required);
void sori_checker_check_text_node(SoriCatalogueChecker *c, JsonNode *node, const gchar *pointer,
				  gboolean required, guint max_len, SoriCheckerTextFlags flags);
void sori_checker_check_text(SoriCatalogueChecker *c, JsonObject *obj, const gchar *pointer,
			     const gchar *name, gboolean required, guint max_len,
			     SoriCheckerTextFlags flags);
gboolean sori_checker_check_language_tag(SoriCatalogueChecker *c, const gchar *lang,
					 const gchar *pointer);
void sori_checker_check_unique_id(SoriCatalogueChecker *c, GHashTable *seen, const gchar *id,
				  const gchar *pointer, const gchar *what);

#define sori_checker_check_name(c, obj, pointer, name, required)                                   \
	sori_checker_check_text(c, obj, pointer, name, required, SORI_CATALOGUE_MAX_NAME_LEN,      \
				SORI_CHECKER_TEXT_SINGLE_LINE)
#define sori_checker_check_long_text(c, obj, pointer, name, required)                              \
	sori_checker_check_text(c, obj, pointer, name, required, SORI_CATALOGUE_MAX_TEXT_LEN,      \
				SORI_CHECKER_TEXT_NONE)

void sori_catalogue_check_venue(SoriCatalogueChecker *c, JsonObject *root);
void sori_catalogue_check_galleries(SoriCatalogueChecker *c, JsonObject *root);
void sori_catalogue_check_exhibits(SoriCatalogueChecker *c, JsonObject *root);
void sori_catalogue_check_beacons(SoriCatalogueChecker *c, JsonObject *root);
void sori_catalogue_check_bindings(SoriCatalogueChecker *c, JsonObject *root);
void sori_catalogue_check_map(SoriCatalogueChecker *c, JsonObject *root);
void sori_catalogue_check_graph(SoriCatalogueChecker *c, SoriMap *map, GHashTable *access_entrances,
				GHashTable *bound, JsonObject *root);
void sori_catalogue_check_markers(SoriCatalogueChecker *c, JsonObject *root);

void sori_gallery_free(SoriGallery *gallery);
void sori_exhibit_free(SoriExhibit *exhibit);

G_END_DECLS
