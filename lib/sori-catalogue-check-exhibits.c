/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The catalogue's galleries, exhibits (texts, media, access, codes),
 * beacons and the bindings of beacons to exhibits and galleries.
 */

#define G_LOG_DOMAIN "sori-catalogue"

#include "config.h"

#include <string.h>

#include "sori-catalogue-private.h"
#include "sori-language.h"
#include "sori-location-id.h"

/* the gallery or exhibit @id names, reported at @member when the catalogue has none */
static gpointer
sori_catalogue_lookup_declared(SoriCatalogueChecker *c, GHashTable *by_id,
			       const gchar *item_pointer, const gchar *member, const gchar *id)
{
	gpointer found = g_hash_table_lookup(by_id, id);
	if (found == NULL) {
		g_autofree gchar *p = sori_json_pointer_member(item_pointer, member);
		/* the member is "gallery" or "exhibit", the list "/galleries" or "/exhibits" */
		sori_checker_report(c, p, "unknown %s '%s': it is not in /%s", member, id,
				    g_str_equal(member, "gallery") ? "galleries" : "exhibits");
	}
	return found;
}

void
sori_catalogue_check_galleries(SoriCatalogueChecker *c, JsonObject *root)
{
	static const gchar *const allowed[]
		= { "id", "name", "description", "floor", "step_free", NULL };
	const gchar *pointer = "/galleries";
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	JsonArray *galleries = sori_checker_get_array(c, root, "", "galleries", TRUE,
						      SORI_CATALOGUE_MAX_GALLERIES);

	if (galleries == NULL)
		return;
	if (json_array_get_length(galleries) == 0)
		sori_checker_report(c, pointer, "list at least one gallery");
	for (guint i = 0; i < json_array_get_length(galleries); i++) {
		g_autofree gchar *item_pointer = sori_json_pointer_index(pointer, i);
		JsonObject *item = sori_checker_array_object(c, galleries, pointer, i);
		SoriGallery *gallery;
		const gchar *id;
		gint64 floor = 0;
		gboolean step_free = FALSE;

		if (item == NULL)
			continue;
		sori_checker_check_members(c, item, item_pointer, allowed);
		id = sori_checker_get_id(c, item, item_pointer, "id", TRUE);
		sori_checker_check_name(c, item, item_pointer, "name", TRUE);
		sori_checker_check_long_text(c, item, item_pointer, "description", FALSE);
		sori_checker_get_integer(c, item, item_pointer, "floor", TRUE, -20, 200, &floor);
		sori_checker_get_boolean(c, item, item_pointer, "step_free", TRUE, &step_free);
		if (id == NULL)
			continue;
		{
			g_autofree gchar *id_pointer = sori_json_pointer_member(item_pointer, "id");
			if (g_hash_table_contains(seen, id)) {
				sori_checker_check_unique_id(c, seen, id, id_pointer, "gallery");
				continue;
			}
			sori_checker_check_unique_id(c, seen, id, id_pointer, "gallery");
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
sori_catalogue_claim_code(SoriCatalogueChecker *c, const gchar *code, const gchar *pointer)
{
	const gchar *first;
	if (!sori_catalogue_code_is_valid(code)) {
		sori_checker_report(c, pointer, "'%s' is not a code: codes are 3 to 6 digits",
				    code);
		return FALSE;
	}
	first = g_hash_table_lookup(c->seen_codes, code);
	if (first != NULL) {
		sori_checker_report(c, pointer, "duplicate code '%s' (first at %s)", code, first);
		return FALSE;
	}
	g_hash_table_insert(c->seen_codes, g_strdup(code), g_strdup(pointer));
	return TRUE;
}

static SoriTarget *
sori_catalogue_add_target(SoriCatalogueChecker *c, SoriExhibit *exhibit, SoriGallery *gallery)
{
	SoriTarget *target = g_new0(SoriTarget, 1);
	target->kind = exhibit != NULL ? SORI_TARGET_KIND_EXHIBIT : SORI_TARGET_KIND_GALLERY;
	target->exhibit = exhibit;
	target->gallery = gallery;
	g_ptr_array_add(c->catalogue->targets, target);
	return target;
}

static void
sori_catalogue_check_exhibit_media(SoriCatalogueChecker *c, JsonObject *item,
				   const gchar *item_pointer)
{
	/* source_*: the remote URL sorid fetched a medium from (sori-admin-fetch.c) */
	static const gchar *const image_fields[]
		= { "url", "alt", "width", "height", "source_url", NULL };
	static const gchar *const sign_fields[]
		= { "video", "captions", "language", "source_video", "source_captions", NULL };
	static const gchar *const narration_fields[]
		= { "audio", "captions", "source_audio", "source_captions", NULL };
	g_autofree gchar *images_pointer = sori_json_pointer_member(item_pointer, "images");
	JsonArray *images = sori_checker_get_array(c, item, item_pointer, "images", FALSE,
						   SORI_CATALOGUE_MAX_IMAGES);
	JsonObject *sign = sori_checker_get_object(c, item, item_pointer, "sign_language", FALSE);
	JsonObject *narration = sori_checker_get_object(c, item, item_pointer, "narration", FALSE);

	for (guint i = 0; images != NULL && i < json_array_get_length(images); i++) {
		g_autofree gchar *image_pointer = sori_json_pointer_index(images_pointer, i);
		JsonObject *image = sori_checker_array_object(c, images, images_pointer, i);
		if (image == NULL)
			continue;
		sori_checker_check_members(c, image, image_pointer, image_fields);
		/* a picture sorid could not fetch is described in words alone */
		sori_checker_get_url(c, image, image_pointer, "source_url", FALSE);
		sori_checker_get_url(c, image, image_pointer, "url",
				     !json_object_has_member(image, "source_url"));
		/* every image is described: a blind visitor's screen reader reads the alt text */
		sori_checker_check_text(c, image, image_pointer, "alt", TRUE, 1000,
					SORI_CHECKER_TEXT_SINGLE_LINE);
		sori_checker_get_integer(c, image, image_pointer, "width", FALSE, 1, 20000, NULL);
		sori_checker_get_integer(c, image, image_pointer, "height", FALSE, 1, 20000, NULL);
	}
	if (sign != NULL) {
		g_autofree gchar *sign_pointer
			= sori_json_pointer_member(item_pointer, "sign_language");
		const gchar *lang;
		sori_checker_check_members(c, sign, sign_pointer, sign_fields);
		sori_checker_get_url(c, sign, sign_pointer, "video", TRUE);
		sori_checker_get_url(c, sign, sign_pointer, "captions", TRUE);
		sori_checker_get_url(c, sign, sign_pointer, "source_video", FALSE);
		sori_checker_get_url(c, sign, sign_pointer, "source_captions", FALSE);
		/* a sign language has its own tag (kvk, ase, bfi…), not one of the venue's */
		lang = sori_checker_get_string(c, sign, sign_pointer, "language", TRUE, 35);
		if (lang != NULL && !sori_language_tag_is_canonical(lang)) {
			g_autofree gchar *p = sori_json_pointer_member(sign_pointer, "language");
			sori_checker_report(
				c, p,
				"'%s' is not a BCP 47 language tag such as kvk (Korean Sign "
				"Language)",
				lang);
		}
	}
	if (narration != NULL) {
		g_autofree gchar *narration_pointer
			= sori_json_pointer_member(item_pointer, "narration");
		JsonObjectIter iter;
		const gchar *lang;
		JsonNode *node;
		json_object_iter_init(&iter, narration);
		while (json_object_iter_next(&iter, &lang, &node)) {
			g_autofree gchar *lang_pointer
				= sori_json_pointer_member(narration_pointer, lang);
			JsonObject *entry;
			if (c->languages != NULL
			    && !g_strv_contains((const gchar *const *) c->languages, lang)) {
				sori_checker_report(
					c, lang_pointer,
					"narration in language '%s', which the venue does not "
					"declare "
					"in /venue/languages",
					lang);
				continue;
			}
			if (!sori_checker_expect_type(c, node, lang_pointer, JSON_NODE_OBJECT,
						      G_TYPE_INVALID))
				continue;
			entry = json_node_get_object(node);
			sori_checker_check_members(c, entry, lang_pointer, narration_fields);
			sori_checker_get_url(c, entry, lang_pointer, "audio", TRUE);
			sori_checker_get_url(c, entry, lang_pointer, "captions", TRUE);
			sori_checker_get_url(c, entry, lang_pointer, "source_audio", FALSE);
			sori_checker_get_url(c, entry, lang_pointer, "source_captions", FALSE);
		}
	}
}

static void
sori_catalogue_check_exhibit_access(SoriCatalogueChecker *c, JsonObject *item,
				    const gchar *item_pointer)
{
	static const gchar *const allowed[]
		= { "display_height_cm", "touchable", "seating_nearby", "notes", NULL };
	g_autofree gchar *access_pointer = sori_json_pointer_member(item_pointer, "access");
	JsonObject *access = sori_checker_get_object(c, item, item_pointer, "access", TRUE);
	gboolean flag;

	if (access == NULL)
		return;
	sori_checker_check_members(c, access, access_pointer, allowed);
	sori_checker_get_integer(c, access, access_pointer, "display_height_cm", TRUE, 0, 1000,
				 NULL);
	sori_checker_get_boolean(c, access, access_pointer, "touchable", TRUE, &flag);
	sori_checker_get_boolean(c, access, access_pointer, "seating_nearby", TRUE, &flag);
	sori_checker_check_long_text(c, access, access_pointer, "notes", FALSE);
}

/* the exhibit's texts, as their table says (sori-catalogue-texts.c) */
static void
sori_catalogue_check_exhibit_texts(SoriCatalogueChecker *c, JsonObject *item,
				   const gchar *item_pointer)
{
	for (guint f = 0; f < SORI_EXHIBIT_TEXT_N_FIELDS; f++) {
		const SoriExhibitTextInfo *info = sori_exhibit_text_get_info(f);
		gboolean required = (info->flags & SORI_EXHIBIT_TEXT_FLAG_REQUIRED) != 0;
		if ((info->flags & SORI_EXHIBIT_TEXT_FLAG_VERSION) != 0)
			sori_checker_check_long_text(c, item, item_pointer, info->name, required);
		else
			sori_checker_check_name(c, item, item_pointer, info->name, required);
	}
}

void
sori_catalogue_check_exhibits(SoriCatalogueChecker *c, JsonObject *root)
{
	/* an exhibit's members, its texts (from their table) in the document's order */
	static const gchar *const before[] = { "id", "gallery", "code" };
	static const gchar *const after[]
		= { "images", "sign_language", "narration", "access", "licence" };
	const gchar *allowed[G_N_ELEMENTS(before) + SORI_EXHIBIT_TEXT_N_FIELDS + G_N_ELEMENTS(after)
			     + 1];
	guint n_allowed = 0;
	const gchar *pointer = "/exhibits";
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	JsonArray *exhibits = sori_checker_get_array(c, root, "", "exhibits", TRUE,
						     SORI_CATALOGUE_MAX_EXHIBITS);

	for (guint i = 0; i < G_N_ELEMENTS(before); i++)
		allowed[n_allowed++] = before[i];
	for (guint f = 0; f < SORI_EXHIBIT_TEXT_N_FIELDS; f++)
		allowed[n_allowed++] = sori_exhibit_text_to_string(f);
	for (guint i = 0; i < G_N_ELEMENTS(after); i++)
		allowed[n_allowed++] = after[i];
	allowed[n_allowed] = NULL;
	for (guint i = 0; exhibits != NULL && i < json_array_get_length(exhibits); i++) {
		g_autofree gchar *item_pointer = sori_json_pointer_index(pointer, i);
		JsonObject *item = sori_checker_array_object(c, exhibits, pointer, i);
		SoriExhibit *exhibit;
		SoriGallery *gallery = NULL;
		const gchar *id;
		const gchar *gallery_id;
		const gchar *code;
		const gchar *licence;
		gboolean code_ok = FALSE;

		if (item == NULL)
			continue;
		sori_checker_check_members(c, item, item_pointer, allowed);
		id = sori_checker_get_id(c, item, item_pointer, "id", TRUE);
		gallery_id = sori_checker_get_id(c, item, item_pointer, "gallery", TRUE);
		if (gallery_id != NULL) {
			gallery = sori_catalogue_lookup_declared(c, c->catalogue->galleries_by_id,
								 item_pointer, "gallery",
								 gallery_id);
		}
		code = sori_checker_get_string(c, item, item_pointer, "code", TRUE, 6 + 1);
		if (code != NULL) {
			g_autofree gchar *p = sori_json_pointer_member(item_pointer, "code");
			code_ok = sori_catalogue_claim_code(c, code, p);
		}
		sori_catalogue_check_exhibit_texts(c, item, item_pointer);
		sori_catalogue_check_exhibit_media(c, item, item_pointer);
		sori_catalogue_check_exhibit_access(c, item, item_pointer);
		licence = sori_checker_get_string(c, item, item_pointer, "licence", FALSE, 32);
		if (licence != NULL && !g_strv_contains(sori_catalogue_known_licences, licence)) {
			g_autofree gchar *p = sori_json_pointer_member(item_pointer, "licence");
			sori_checker_report(c, p, "'%s' is not an open licence sori knows",
					    licence);
			licence = NULL;
		}
		if (id == NULL)
			continue;
		{
			g_autofree gchar *id_pointer = sori_json_pointer_member(item_pointer, "id");
			gboolean duplicate = g_hash_table_contains(seen, id);
			sori_checker_check_unique_id(c, seen, id, id_pointer, "exhibit");
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
					    sori_catalogue_add_target(c, exhibit, NULL));
	}
}

void
sori_catalogue_check_beacons(SoriCatalogueChecker *c, JsonObject *root)
{
	static const gchar *const allowed[] = { "id", "placement", NULL };
	const gchar *pointer = "/beacons";
	JsonArray *beacons
		= sori_checker_get_array(c, root, "", "beacons", FALSE, SORI_CATALOGUE_MAX_BEACONS);

	for (guint i = 0; beacons != NULL && i < json_array_get_length(beacons); i++) {
		g_autofree gchar *item_pointer = sori_json_pointer_index(pointer, i);
		g_autofree gchar *id_pointer = sori_json_pointer_member(item_pointer, "id");
		JsonObject *item = sori_checker_array_object(c, beacons, pointer, i);
		const gchar *text;
		const gchar *reason = NULL;
		SoriLocationId location;
		gchar canonical[SORI_LOCATION_ID_TEXT_MAX];
		const gchar *first;

		if (item == NULL)
			continue;
		sori_checker_check_members(c, item, item_pointer, allowed);
		sori_checker_get_string(c, item, item_pointer, "placement", FALSE,
					SORI_CATALOGUE_MAX_NAME_LEN);
		text = sori_checker_get_string(c, item, item_pointer, "id", TRUE,
					       SORI_LOCATION_ID_TEXT_MAX);
		if (text == NULL)
			continue;
		if (!sori_location_id_parse(text, strlen(text), &location, &reason)) {
			sori_checker_report(c, id_pointer, "malformed beacon ID '%s': %s", text,
					    reason);
			continue;
		}
		if (location.kind == SORI_LOCATION_ID_KIND_EPHEMERAL) {
			sori_checker_report(
				c, id_pointer,
				"'%s' is an ephemeral ID, which changes: declare an EID beacon by "
				"its registry name, eid:<name>",
				text);
			continue;
		}
		sori_location_id_format(&location, canonical, sizeof(canonical));
		first = g_hash_table_lookup(c->seen_beacons, canonical);
		if (first != NULL) {
			sori_checker_report(c, id_pointer, "duplicate beacon '%s' (first at %s)",
					    text, first);
			continue;
		}
		g_hash_table_insert(c->seen_beacons, g_strdup(canonical), g_strdup(id_pointer));
		g_ptr_array_add(c->catalogue->beacons, g_strdup(canonical));
	}
}

void
sori_catalogue_check_bindings(SoriCatalogueChecker *c, JsonObject *root)
{
	static const gchar *const allowed[] = { "beacon", "code", "exhibit", "gallery", NULL };
	const gchar *pointer = "/bindings";
	g_autoptr(GHashTable) bound
		= g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	JsonArray *bindings = sori_checker_get_array(c, root, "", "bindings", FALSE,
						     SORI_CATALOGUE_MAX_BINDINGS);

	for (guint i = 0; bindings != NULL && i < json_array_get_length(bindings); i++) {
		g_autofree gchar *item_pointer = sori_json_pointer_index(pointer, i);
		JsonObject *item = sori_checker_array_object(c, bindings, pointer, i);
		gboolean has_beacon;
		gboolean has_code;
		const gchar *exhibit_id;
		const gchar *gallery_id;
		SoriExhibit *exhibit = NULL;
		SoriGallery *gallery = NULL;
		gboolean target_ok = FALSE;

		if (item == NULL)
			continue;
		sori_checker_check_members(c, item, item_pointer, allowed);
		has_beacon = json_object_has_member(item, "beacon");
		has_code = json_object_has_member(item, "code");
		if (has_beacon == has_code) {
			sori_checker_report(c, item_pointer,
					    "a binding has exactly one of 'beacon' or 'code'");
			continue;
		}
		if (json_object_has_member(item, "exhibit")
		    == json_object_has_member(item, "gallery")) {
			sori_checker_report(c, item_pointer,
					    "a binding leads to exactly one of 'exhibit' or "
					    "'gallery'");
			continue;
		}
		exhibit_id = sori_checker_get_id(c, item, item_pointer, "exhibit", FALSE);
		gallery_id = sori_checker_get_id(c, item, item_pointer, "gallery", FALSE);
		if (exhibit_id != NULL) {
			exhibit = sori_catalogue_lookup_declared(c, c->catalogue->exhibits_by_id,
								 item_pointer, "exhibit",
								 exhibit_id);
			target_ok = exhibit != NULL;
		} else if (gallery_id != NULL) {
			gallery = sori_catalogue_lookup_declared(c, c->catalogue->galleries_by_id,
								 item_pointer, "gallery",
								 gallery_id);
			target_ok = gallery != NULL;
		}
		if (has_code) {
			g_autofree gchar *p = sori_json_pointer_member(item_pointer, "code");
			const gchar *code
				= sori_checker_get_string(c, item, item_pointer, "code", TRUE, 7);
			if (code != NULL && sori_catalogue_claim_code(c, code, p) && target_ok)
				g_hash_table_insert(c->catalogue->targets_by_code, g_strdup(code),
						    sori_catalogue_add_target(c, exhibit, gallery));
		} else {
			g_autofree gchar *p = sori_json_pointer_member(item_pointer, "beacon");
			const gchar *text = sori_checker_get_string(
				c, item, item_pointer, "beacon", TRUE, SORI_LOCATION_ID_TEXT_MAX);
			SoriLocationId location;
			const gchar *reason = NULL;
			gchar canonical[SORI_LOCATION_ID_TEXT_MAX];
			const gchar *first;

			if (text == NULL)
				continue;
			if (!sori_location_id_parse(text, strlen(text), &location, &reason)) {
				sori_checker_report(c, p, "malformed beacon ID '%s': %s", text,
						    reason);
				continue;
			}
			sori_location_id_format(&location, canonical, sizeof(canonical));
			if (!g_hash_table_contains(c->seen_beacons, canonical)) {
				sori_checker_report(
					c, p, "unknown beacon '%s': declare it in /beacons", text);
				continue;
			}
			first = g_hash_table_lookup(bound, canonical);
			if (first != NULL) {
				sori_checker_report(c, p, "beacon '%s' is already bound (at %s)",
						    text, first);
				continue;
			}
			g_hash_table_insert(bound, g_strdup(canonical), g_strdup(p));
			if (target_ok)
				g_hash_table_insert(c->catalogue->targets_by_beacon,
						    g_strdup(canonical),
						    sori_catalogue_add_target(c, exhibit, gallery));
		}
	}
}
