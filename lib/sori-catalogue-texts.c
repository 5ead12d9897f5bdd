/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An exhibit's texts, and the one language fallback every reader of a
 * catalogue's texts uses: the views, the pages, the speech service, the
 * labels. A text is a JSON object of one string per language; which of them
 * a visitor who asked for a language gets is decided here only:
 *
 *  1. the asked language, by RFC 4647 lookup: `en-GB` finds `en-GB`, then
 *     `en`; failing that, a text with the same primary language (`zh` finds
 *     `zh-Hant`, `en` finds `en-GB`);
 *  2. the venue's default language;
 *  3. any: the first of the venue's languages the text is written in (the
 *     order of `/venue/languages`), then the first the document holds.
 */

#define G_LOG_DOMAIN "sori-catalogue"

#include "config.h"

#include <string.h>

#include "sori-catalogue-private.h"
#include "sori-language.h"

/* the languages one text may be looked up among: the checker allows the
 * venue's declared ones only (SORI_CATALOGUE_MAX_LANGUAGES); a summary's
 * unchecked text keeps this bound too */
#define SORI_CATALOGUE_TEXTS_MAX_OFFERED (2 * SORI_CATALOGUE_MAX_LANGUAGES)

/* the one table of an exhibit's texts, in the order of SoriExhibitText */
static const SoriExhibitTextInfo sori_exhibit_texts[SORI_EXHIBIT_TEXT_N_FIELDS] = {
	[SORI_EXHIBIT_TEXT_TITLE]
	= { "title", SORI_EXHIBIT_TEXT_FLAG_REQUIRED | SORI_EXHIBIT_TEXT_FLAG_SPOKEN },
	[SORI_EXHIBIT_TEXT_DESCRIPTION]
	= { "description", SORI_EXHIBIT_TEXT_FLAG_REQUIRED | SORI_EXHIBIT_TEXT_FLAG_VERSION
				   | SORI_EXHIBIT_TEXT_FLAG_SPOKEN },
	[SORI_EXHIBIT_TEXT_AUDIO_DESCRIPTION]
	= { "audio_description", SORI_EXHIBIT_TEXT_FLAG_REQUIRED | SORI_EXHIBIT_TEXT_FLAG_VERSION
					 | SORI_EXHIBIT_TEXT_FLAG_SPOKEN },
	[SORI_EXHIBIT_TEXT_EASY_READ]
	= { "easy_read", SORI_EXHIBIT_TEXT_FLAG_REQUIRED | SORI_EXHIBIT_TEXT_FLAG_VERSION
				 | SORI_EXHIBIT_TEXT_FLAG_SPOKEN },
	[SORI_EXHIBIT_TEXT_CREATOR] = { "creator", SORI_EXHIBIT_TEXT_FLAG_NONE },
	[SORI_EXHIBIT_TEXT_PERIOD] = { "period", SORI_EXHIBIT_TEXT_FLAG_NONE },
};

/**
 * sori_exhibit_text_get_info:
 * @field: one of an exhibit's texts
 *
 * Returns: (transfer none): its name and flags
 */
const SoriExhibitTextInfo *
sori_exhibit_text_get_info(SoriExhibitText field)
{
	g_return_val_if_fail((guint) field < SORI_EXHIBIT_TEXT_N_FIELDS, NULL);
	return &sori_exhibit_texts[field];
}

/**
 * sori_exhibit_text_to_string:
 * @field: one of an exhibit's texts
 *
 * Returns: its member's name (`title`, `easy_read`, …)
 */
const gchar *
sori_exhibit_text_to_string(SoriExhibitText field)
{
	g_return_val_if_fail((guint) field < SORI_EXHIBIT_TEXT_N_FIELDS, NULL);
	return sori_exhibit_texts[field].name;
}

/**
 * sori_exhibit_text_from_string:
 * @name: a member's name, as a client or a document wrote it
 * @field: (out) (optional): the text it names
 *
 * Returns: whether @name is one of an exhibit's texts
 */
gboolean
sori_exhibit_text_from_string(const gchar *name, SoriExhibitText *field)
{
	if (name == NULL)
		return FALSE;
	for (guint i = 0; i < SORI_EXHIBIT_TEXT_N_FIELDS; i++) {
		if (g_str_equal(sori_exhibit_texts[i].name, name)) {
			if (field != NULL)
				*field = (SoriExhibitText) i;
			return TRUE;
		}
	}
	return FALSE;
}

/**
 * sori_exhibit_text_has_flags:
 *
 * Returns: whether @field has every one of @flags
 */
gboolean
sori_exhibit_text_has_flags(SoriExhibitText field, SoriExhibitTextFlags flags)
{
	g_return_val_if_fail((guint) field < SORI_EXHIBIT_TEXT_N_FIELDS, FALSE);
	return (sori_exhibit_texts[field].flags & flags) == flags;
}

static gboolean
sori_catalogue_texts_is_string(JsonObject *text, const gchar *lang)
{
	JsonNode *node = json_object_get_member(text, lang);
	return node != NULL && JSON_NODE_HOLDS_VALUE(node)
	       && json_node_get_value_type(node) == G_TYPE_STRING;
}

static gboolean
sori_catalogue_texts_contains(const gchar *const *offered, guint n, const gchar *lang)
{
	for (guint i = 0; i < n; i++) {
		if (g_str_equal(offered[i], lang))
			return TRUE;
	}
	return FALSE;
}

/* the languages @text is written in: the venue's order, then the document's */
static guint
sori_catalogue_texts_collect(SoriCatalogue *self, JsonObject *text, const gchar **offered,
			     guint max)
{
	const gchar *const *languages
		= self != NULL ? (const gchar *const *) self->languages : NULL;
	JsonObjectIter iter;
	const gchar *lang;
	JsonNode *value;
	guint n = 0;

	for (guint i = 0; languages != NULL && languages[i] != NULL && n < max; i++) {
		if (sori_catalogue_texts_is_string(text, languages[i]))
			offered[n++] = languages[i];
	}
	json_object_iter_init(&iter, text);
	while (n < max && json_object_iter_next(&iter, &lang, &value)) {
		if (JSON_NODE_HOLDS_VALUE(value) && json_node_get_value_type(value) == G_TYPE_STRING
		    && !sori_catalogue_texts_contains(offered, n, lang))
			offered[n++] = lang;
	}
	offered[n] = NULL;
	return n;
}

/**
 * sori_catalogue_pick_text:
 * @self: the catalogue @text belongs to
 * @text: (nullable): a text: one string per language
 * @lang: (nullable): the language a visitor asked for
 * @lang_used: (out) (optional) (transfer none): the language of the answer
 *
 * The catalogue's one language fallback (see the top of this file): the asked
 * language by RFC 4647 lookup, then the venue's default language, then any.
 *
 * Returns: (transfer none) (nullable): the text, or %NULL when @text is
 *	missing or written in no language
 */
const gchar *
sori_catalogue_pick_text(SoriCatalogue *self, JsonObject *text, const gchar *lang,
			 const gchar **lang_used)
{
	const gchar *offered[SORI_CATALOGUE_TEXTS_MAX_OFFERED + 1];
	const gchar *fallback = self != NULL ? self->default_language : NULL;
	const gchar *chosen = NULL;
	guint n;

	if (lang_used != NULL)
		*lang_used = NULL;
	if (text == NULL)
		return NULL;
	/* the common case, a text in the very language of the venue asked for
	 * (lookup's first step), answered with the catalogue's own string */
	for (guint i = 0;
	     lang != NULL && self != NULL && self->languages != NULL && self->languages[i] != NULL;
	     i++) {
		if (g_str_equal(self->languages[i], lang)
		    && sori_catalogue_texts_is_string(text, lang)) {
			if (lang_used != NULL)
				*lang_used = self->languages[i];
			return json_object_get_string_member(text, lang);
		}
	}
	n = sori_catalogue_texts_collect(self, text, offered, SORI_CATALOGUE_TEXTS_MAX_OFFERED);
	if (n == 0)
		return NULL;
	if (lang != NULL && *lang != '\0')
		chosen = sori_language_match(offered, lang);
	for (guint i = 0; chosen == NULL && fallback != NULL && i < n; i++) {
		if (g_str_equal(offered[i], fallback))
			chosen = offered[i];
	}
	if (chosen == NULL)
		chosen = offered[0];
	if (lang_used != NULL)
		*lang_used = chosen;
	return json_object_get_string_member(text, chosen);
}

/**
 * sori_catalogue_get_member_text:
 * @obj: (nullable): an object of the catalogue: the venue, a gallery, a place
 * @member: the name of its text (`name`, `description`, …)
 *
 * sori_catalogue_pick_text() of @obj's @member, when it is a text.
 *
 * Returns: (transfer none) (nullable): the text
 */
const gchar *
sori_catalogue_get_member_text(SoriCatalogue *self, JsonObject *obj, const gchar *member,
			       const gchar *lang, const gchar **lang_used)
{
	JsonNode *node = obj != NULL ? json_object_get_member(obj, member) : NULL;

	if (node == NULL || !JSON_NODE_HOLDS_OBJECT(node)) {
		if (lang_used != NULL)
			*lang_used = NULL;
		return NULL;
	}
	return sori_catalogue_pick_text(self, json_node_get_object(node), lang, lang_used);
}

/**
 * sori_catalogue_get_exhibit_text:
 * @self: the catalogue @exhibit belongs to
 * @exhibit: an exhibit of @self
 * @field: which of its texts
 * @lang: (nullable): the language a visitor asked for
 * @lang_used: (out) (optional) (transfer none): the language of the answer
 *
 * @exhibit's @field in @lang or its fallback (sori_catalogue_pick_text()).
 *
 * Returns: (transfer none) (nullable): the text, or %NULL when the exhibit
 *	has none (an optional text such as the creator)
 */
const gchar *
sori_catalogue_get_exhibit_text(SoriCatalogue *self, const SoriExhibit *exhibit,
				SoriExhibitText field, const gchar *lang, const gchar **lang_used)
{
	g_return_val_if_fail(exhibit != NULL, NULL);
	g_return_val_if_fail((guint) field < SORI_EXHIBIT_TEXT_N_FIELDS, NULL);
	return sori_catalogue_get_member_text(self, exhibit->json, sori_exhibit_texts[field].name,
					      lang, lang_used);
}

/**
 * sori_catalogue_get_exhibit_text_exact:
 * @lang: a language of the venue
 *
 * @exhibit's @field as written in @lang, with no fallback: what an export
 * or a pre-rendering of every language lists.
 *
 * Returns: (transfer none) (nullable): the text, or %NULL
 */
const gchar *
sori_catalogue_get_exhibit_text_exact(const SoriExhibit *exhibit, SoriExhibitText field,
				      const gchar *lang)
{
	JsonNode *node;

	g_return_val_if_fail(exhibit != NULL, NULL);
	g_return_val_if_fail((guint) field < SORI_EXHIBIT_TEXT_N_FIELDS, NULL);
	node = json_object_get_member(exhibit->json, sori_exhibit_texts[field].name);
	if (node == NULL || !JSON_NODE_HOLDS_OBJECT(node)
	    || !sori_catalogue_texts_is_string(json_node_get_object(node), lang))
		return NULL;
	return json_object_get_string_member(json_node_get_object(node), lang);
}

/**
 * sori_catalogue_get_exhibit_narration:
 * @lang: a language of the venue
 * @audio: (out) (optional) (transfer none): the recording's URL
 * @captions: (out) (optional) (transfer none): its captions' URL
 *
 * A recorded narration of @exhibit's description is offered only in the
 * language it was recorded in: no fallback.
 *
 * Returns: whether @exhibit has a narration recorded in @lang
 */
gboolean
sori_catalogue_get_exhibit_narration(const SoriExhibit *exhibit, const gchar *lang,
				     const gchar **audio, const gchar **captions)
{
	JsonNode *node;
	JsonObject *recording;

	g_return_val_if_fail(exhibit != NULL, FALSE);
	node = json_object_get_member(exhibit->json, "narration");
	if (node == NULL || !JSON_NODE_HOLDS_OBJECT(node) || lang == NULL)
		return FALSE;
	node = json_object_get_member(json_node_get_object(node), lang);
	if (node == NULL || !JSON_NODE_HOLDS_OBJECT(node))
		return FALSE;
	recording = json_node_get_object(node);
	if (audio != NULL)
		*audio = json_object_get_string_member_with_default(recording, "audio", NULL);
	if (captions != NULL)
		*captions = json_object_get_string_member_with_default(recording, "captions", NULL);
	return TRUE;
}
