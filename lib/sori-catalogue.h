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

typedef struct _SoriCatalogue SoriCatalogue;

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

SoriMap *sori_catalogue_get_map(SoriCatalogue *self);
gboolean sori_catalogue_find_place(SoriCatalogue *self, const gchar *id, guint *index);

gboolean sori_catalogue_code_is_valid(const gchar *code);
gboolean sori_json_check_depth(const gchar *data, gsize len, guint max_depth, gsize *offset);
gboolean sori_catalogue_id_is_valid(const gchar *id);

G_END_DECLS
