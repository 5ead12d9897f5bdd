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

/**
 * SoriExhibitText:
 *
 * The texts an exhibit has, each a member of its JSON object holding one
 * string per language (`{"ko": "…", "en": "…"}`); the order is the CSV's
 * and the views' (sori-catalogue-texts.c holds their table).
 */
typedef enum {
	SORI_EXHIBIT_TEXT_TITLE,
	SORI_EXHIBIT_TEXT_DESCRIPTION,
	SORI_EXHIBIT_TEXT_AUDIO_DESCRIPTION,
	SORI_EXHIBIT_TEXT_EASY_READ,
	SORI_EXHIBIT_TEXT_CREATOR,
	SORI_EXHIBIT_TEXT_PERIOD,
	SORI_EXHIBIT_TEXT_N_FIELDS,
} SoriExhibitText;

typedef enum {
	SORI_EXHIBIT_TEXT_FLAG_NONE = 0,
	/* written in every language the venue declares */
	SORI_EXHIBIT_TEXT_FLAG_REQUIRED = 1 << 0,
	/* one telling of the exhibit (paragraphs, up to SORI_CATALOGUE_MAX_TEXT_LEN),
	 * which a visitor chooses among; otherwise one line, up to _MAX_NAME_LEN */
	SORI_EXHIBIT_TEXT_FLAG_VERSION = 1 << 1,
	/* the speech service narrates it (?field= of audio and captions) */
	SORI_EXHIBIT_TEXT_FLAG_SPOKEN = 1 << 2,
} SoriExhibitTextFlags;

typedef struct {
	const gchar *name; /* its member in the exhibit's JSON, and its name in the API */
	SoriExhibitTextFlags flags;
} SoriExhibitTextInfo;

const SoriExhibitTextInfo *sori_exhibit_text_get_info(SoriExhibitText field);
const gchar *sori_exhibit_text_to_string(SoriExhibitText field);
gboolean sori_exhibit_text_from_string(const gchar *name, SoriExhibitText *field);
gboolean sori_exhibit_text_has_flags(SoriExhibitText field, SoriExhibitTextFlags flags);

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

/* what an idle venue keeps (sori-catalogue-summary.c); a summary kept on
 * disk or in the database says this format, and one of another is ignored */
#define SORI_CATALOGUE_SUMMARY_FORMAT "sori-venue-summary/1"
/* a summary is a venue's own part: anything larger is not one of ours */
#define SORI_CATALOGUE_SUMMARY_MAX_BYTES (1024 * 1024)
SoriCatalogue *sori_catalogue_new_summary(SoriCatalogue *self);
gboolean sori_catalogue_is_summary(SoriCatalogue *self);
JsonNode *sori_catalogue_summary_to_json(SoriCatalogue *self);
SoriCatalogue *sori_catalogue_new_summary_from_json(JsonNode *node, GError **error);
gboolean sori_catalogue_is_shared(SoriCatalogue *self);
gsize sori_catalogue_get_memory_size(SoriCatalogue *self);
gboolean sori_catalogue_find_place(SoriCatalogue *self, const gchar *id, guint *index);

/* an exhibit's texts, and any text of the catalogue, in one language fallback
 * (sori-catalogue-texts.c) */
const gchar *sori_catalogue_get_exhibit_text(SoriCatalogue *self, const SoriExhibit *exhibit,
					     SoriExhibitText field, const gchar *lang,
					     const gchar **lang_used);
const gchar *sori_catalogue_get_exhibit_text_exact(const SoriExhibit *exhibit,
						   SoriExhibitText field, const gchar *lang);
gboolean sori_catalogue_get_exhibit_narration(const SoriExhibit *exhibit, const gchar *lang,
					      const gchar **audio, const gchar **captions);
const gchar *sori_catalogue_pick_text(SoriCatalogue *self, JsonObject *text, const gchar *lang,
				      const gchar **lang_used);
const gchar *sori_catalogue_get_member_text(SoriCatalogue *self, JsonObject *obj,
					    const gchar *member, const gchar *lang,
					    const gchar **lang_used);

/* the venue's clock, and whether it lets its usage be counted */
GTimeZone *sori_catalogue_time_zone_new(const gchar *name);
GTimeZone *sori_catalogue_get_time_zone(SoriCatalogue *self);
GDateTime *sori_catalogue_get_now(SoriCatalogue *self);
GDateTime *sori_catalogue_get_today(SoriCatalogue *self);
gboolean sori_catalogue_counts_usage(SoriCatalogue *self);

gboolean sori_catalogue_code_is_valid(const gchar *code);
gboolean sori_catalogue_id_is_valid(const gchar *id);

G_END_DECLS
