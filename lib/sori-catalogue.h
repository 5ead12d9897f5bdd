/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sori-error.h"
#include "sori-map.h"

G_BEGIN_DECLS

/* limits on what a curator's document may hold; see data/README.md */
#define SORI_CATALOGUE_MAX_BYTES     (16 * 1024 * 1024)
#define SORI_CATALOGUE_MAX_DEPTH     32
#define SORI_CATALOGUE_MAX_LANGUAGES 16
#define SORI_CATALOGUE_MAX_GALLERIES 500
#define SORI_CATALOGUE_MAX_EXHIBITS  5000
#define SORI_CATALOGUE_MAX_BEACONS   10000
#define SORI_CATALOGUE_MAX_BINDINGS  20000
#define SORI_CATALOGUE_MAX_LIST      100
#define SORI_CATALOGUE_MAX_IMAGES    16
#define SORI_CATALOGUE_MAX_ID_LEN    64
#define SORI_CATALOGUE_MAX_NAME_LEN  200
#define SORI_CATALOGUE_MAX_TEXT_LEN  8000
#define SORI_CATALOGUE_MAX_URL_LEN   2048
#define SORI_CATALOGUE_MAX_PROBLEMS  1000
/* printed codes (/markers): as many as the family has, tagStandard41h12's 2,115, at a printed
 * size a phone reads beyond arm's length (a 20 mm code is 20 px wide at 1 m in a 720p frame
 * with a 68 degree field of view) that still fits an A3 sheet with its quiet zone and cut
 * margins (220 mm and a cell each side is 269 mm, of the 277 mm inside 10 mm margins) */
#define SORI_CATALOGUE_MAX_MARKERS   2115
#define SORI_CATALOGUE_MARKER_MIN_MM 20
#define SORI_CATALOGUE_MARKER_MAX_MM 220
#define SORI_CATALOGUE_MARKER_FAMILY "tagStandard41h12"

/**
 * SoriCatalogueProblem:
 * @pointer: a JSON Pointer (RFC 6901) to the offending value, "" for the whole document
 * @reason: what is wrong, in plain words
 */
typedef struct {
	gchar *pointer;
	gchar *reason;
} SoriCatalogueProblem;

void sori_catalogue_problem_free(SoriCatalogueProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SoriCatalogueProblem, sori_catalogue_problem_free)

typedef struct {
	gchar *id;
	gint floor;
	gboolean step_free;
	guint n_exhibits;
	JsonObject *json; /* borrowed from the catalogue's document */
} SoriGallery;

typedef struct {
	gchar *id;
	gchar *code;
	SoriGallery *gallery;
	const gchar *licence; /* nullable: the exhibit's own; the venue's applies otherwise */
	JsonObject *json;
} SoriExhibit;

typedef enum {
	SORI_TARGET_KIND_EXHIBIT,
	SORI_TARGET_KIND_GALLERY,
} SoriTargetKind;

/* what a code or a beacon leads to */
typedef struct {
	SoriTargetKind kind;
	SoriExhibit *exhibit; /* set when kind is EXHIBIT */
	SoriGallery *gallery; /* set when kind is GALLERY */
} SoriTarget;

/* what a printed code (/markers/codes) stands beside */
typedef enum {
	SORI_MARKER_BINDS_EXHIBIT,
	SORI_MARKER_BINDS_GALLERY,
	SORI_MARKER_BINDS_ENTRANCE,
	SORI_MARKER_BINDS_PLACE,
} SoriMarkerBinding;

typedef struct {
	guint number; /* in the family, 0..2114, unique in the venue */
	SoriMarkerBinding binding;
	const gchar *id;        /* the exhibit's, gallery's, entrance's or map place's id */
	SoriExhibit *exhibit;   /* set when binding is EXHIBIT */
	SoriGallery *gallery;   /* set when binding is GALLERY */
	JsonObject *entrance;   /* set when binding is ENTRANCE: its /venue/access item */
	const SoriPlace *place; /* nullable: the map place it stands at */
	gboolean has_floor;
	gint floor;       /* its place's floor, or its gallery's or entrance's */
	guint size_mm;    /* printed width of the code's grid */
	JsonObject *name; /* per language: the title, name or place's name */
} SoriMarkerCode;

const gchar *sori_marker_binding_to_string(SoriMarkerBinding binding);

typedef struct _SoriCatalogue SoriCatalogue;
gchar *sori_marker_code_get_href(SoriCatalogue *catalogue, const SoriMarkerCode *code);

SoriCatalogue *sori_catalogue_new_from_bytes(GBytes *bytes, GPtrArray **problems, GError **error);
SoriCatalogue *sori_catalogue_new_from_file(const gchar *path, GPtrArray **problems,
					    GError **error);
SoriCatalogue *sori_catalogue_ref(SoriCatalogue *self);
void sori_catalogue_unref(SoriCatalogue *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SoriCatalogue, sori_catalogue_unref)

const gchar *sori_catalogue_get_id(SoriCatalogue *self);
const gchar *const *sori_catalogue_get_languages(SoriCatalogue *self);
const gchar *sori_catalogue_get_default_language(SoriCatalogue *self);
const gchar *sori_catalogue_get_licence(SoriCatalogue *self);
const gchar *sori_catalogue_get_digest(SoriCatalogue *self);
JsonObject *sori_catalogue_get_venue_json(SoriCatalogue *self);
JsonNode *sori_catalogue_get_root(SoriCatalogue *self);
GPtrArray *sori_catalogue_get_galleries(SoriCatalogue *self);
GPtrArray *sori_catalogue_get_exhibits(SoriCatalogue *self);
GPtrArray *sori_catalogue_get_beacons(SoriCatalogue *self);
GPtrArray *sori_catalogue_get_codes(SoriCatalogue *self);
SoriGallery *sori_catalogue_lookup_gallery(SoriCatalogue *self, const gchar *id);
SoriExhibit *sori_catalogue_lookup_exhibit(SoriCatalogue *self, const gchar *id);
const SoriTarget *sori_catalogue_lookup_code(SoriCatalogue *self, const gchar *code);
const SoriTarget *sori_catalogue_lookup_beacon(SoriCatalogue *self, const gchar *location_id);

GPtrArray *sori_catalogue_get_markers(SoriCatalogue *self);
guint sori_catalogue_get_marker_size_mm(SoriCatalogue *self);
const SoriMarkerCode *sori_catalogue_lookup_marker(SoriCatalogue *self, guint number);

SoriMap *sori_catalogue_get_map(SoriCatalogue *self);
gboolean sori_catalogue_has_map(SoriCatalogue *self);

/* what an idle venue keeps (sori-catalogue-summary.c) */
SoriCatalogue *sori_catalogue_new_summary(SoriCatalogue *self);
gboolean sori_catalogue_is_summary(SoriCatalogue *self);
JsonNode *sori_catalogue_summary_to_json(SoriCatalogue *self);
SoriCatalogue *sori_catalogue_new_summary_from_json(JsonNode *node, GError **error);
gboolean sori_catalogue_is_shared(SoriCatalogue *self);
gsize sori_catalogue_get_memory_size(SoriCatalogue *self);
gboolean sori_catalogue_find_place(SoriCatalogue *self, const gchar *id, guint *index);

gboolean sori_catalogue_code_is_valid(const gchar *code);
gboolean sori_json_check_depth(const gchar *data, gsize len, guint max_depth, gsize *offset);
gboolean sori_catalogue_id_is_valid(const gchar *id);

G_END_DECLS
