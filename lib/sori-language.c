/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * BCP 47 language tags, as far as a venue's catalogue and a browser's
 * Accept-Language need them: well-formedness (RFC 5646 without extlangs,
 * extensions, private use or grandfathered tags), canonical case, and lookup (RFC 4647).
 */

#include "config.h"

#include <string.h>

#include "sori-language.h"

/* Accept-Language headers longer than this, or with more entries, are ignored */
#define ACCEPT_LANGUAGE_MAX_LEN     1024
#define ACCEPT_LANGUAGE_MAX_ENTRIES 32

static gboolean
sori_language_all_chars(const gchar *s, gsize len, gboolean (*pred)(gchar))
{
	for (gsize i = 0; i < len; i++) {
		if (!pred(s[i]))
			return FALSE;
	}
	return TRUE;
}

static gboolean
sori_language_is_alpha(gchar c)
{
	return g_ascii_isalpha(c);
}

static gboolean
sori_language_is_digit(gchar c)
{
	return g_ascii_isdigit(c);
}

static gboolean
sori_language_is_alnum(gchar c)
{
	return g_ascii_isalnum(c);
}

/**
 * sori_language_tag_canonicalize:
 * @tag: a language tag such as `ko`, `en-GB` or `zh-hant-tw`
 *
 * Checks that @tag is a well-formed language tag and writes it in canonical
 * case: language lowercase, script in title case, region uppercase.
 *
 * Returns: (transfer full) (nullable): the canonical tag, or %NULL if @tag is
 * not well-formed
 */
gchar *
sori_language_tag_canonicalize(const gchar *tag)
{
	g_auto(GStrv) subtags = NULL;
	guint n;
	guint i = 1;
	/* 0: language, 1: script allowed, 2: region allowed, 3: only variants */
	guint state = 1;

	g_return_val_if_fail(tag != NULL, NULL);

	if (*tag == '\0' || strlen(tag) > SORI_LANGUAGE_TAG_MAX)
		return NULL;
	subtags = g_strsplit(tag, "-", -1);
	n = g_strv_length(subtags);

	/* language: an ISO 639 code of 2 or 3 letters; RFC 5646 also reserves 4–8
	 * letters, but nothing is registered there and "english" must not pass */
	{
		gsize len = strlen(subtags[0]);
		if (len < 2 || len > 3
		    || !sori_language_all_chars(subtags[0], len, sori_language_is_alpha))
			return NULL;
		for (gchar *c = subtags[0]; *c; c++)
			*c = g_ascii_tolower(*c);
	}
	for (; i < n; i++) {
		gchar *sub = subtags[i];
		gsize len = strlen(sub);
		if (state <= 1 && len == 4
		    && sori_language_all_chars(sub, len, sori_language_is_alpha)) {
			sub[0] = g_ascii_toupper(sub[0]);
			for (gsize j = 1; j < len; j++)
				sub[j] = g_ascii_tolower(sub[j]);
			state = 2;
			continue;
		}
		if (state <= 2
		    && ((len == 2 && sori_language_all_chars(sub, len, sori_language_is_alpha))
			|| (len == 3
			    && sori_language_all_chars(sub, len, sori_language_is_digit)))) {
			for (gsize j = 0; j < len; j++)
				sub[j] = g_ascii_toupper(sub[j]);
			state = 3;
			continue;
		}
		/* variants: 5–8 alphanumerics, or a digit and 3 alphanumerics */
		if (((len >= 5 && len <= 8) || (len == 4 && g_ascii_isdigit(sub[0])))
		    && sori_language_all_chars(sub, len, sori_language_is_alnum)) {
			for (gsize j = 0; j < len; j++)
				sub[j] = g_ascii_tolower(sub[j]);
			state = 3;
			continue;
		}
		return NULL;
	}
	return g_strjoinv("-", subtags);
}

/**
 * sori_language_tag_is_canonical:
 * @tag: a language tag
 *
 * Returns: %TRUE if @tag is well-formed and written in canonical case
 */
gboolean
sori_language_tag_is_canonical(const gchar *tag)
{
	g_autofree gchar *canonical = sori_language_tag_canonicalize(tag);
	return canonical != NULL && g_strcmp0(canonical, tag) == 0;
}

static const gchar *
sori_language_find_offered(const gchar *const *offered, const gchar *tag, gsize len)
{
	for (guint i = 0; offered[i] != NULL; i++) {
		if (strlen(offered[i]) == len && g_ascii_strncasecmp(offered[i], tag, len) == 0)
			return offered[i];
	}
	return NULL;
}

/**
 * sori_language_match:
 * @offered: (array zero-terminated=1): the languages on offer, canonical
 * @wanted: the language a client asked for
 *
 * RFC 4647 lookup, truncating @wanted one subtag at a time (`en-GB` finds
 * `en`), then, failing that, an offered tag with the same primary language
 * (`zh` finds `zh-Hant`).
 *
 * Returns: (transfer none) (nullable): a member of @offered, or %NULL
 */
const gchar *
sori_language_match(const gchar *const *offered, const gchar *wanted)
{
	gsize len = strlen(wanted);
	gsize primary_len = strcspn(wanted, "-");

	while (len > 0) {
		const gchar *found = sori_language_find_offered(offered, wanted, len);
		if (found != NULL)
			return found;
		while (len > 0 && wanted[len - 1] != '-')
			len--;
		if (len > 0)
			len--;
		/* a single-letter subtag never stands at the end of a lookup */
		if (len >= 2 && wanted[len - 2] == '-')
			len -= 2;
	}
	for (guint i = 0; offered[i] != NULL; i++) {
		if (strcspn(offered[i], "-") == primary_len
		    && g_ascii_strncasecmp(offered[i], wanted, primary_len) == 0)
			return offered[i];
	}
	return NULL;
}

typedef struct {
	gchar *tag;
	gdouble q;
	guint order;
} AcceptEntry;

static gint
sori_language_accept_entry_compare(gconstpointer a, gconstpointer b)
{
	const AcceptEntry *ea = a;
	const AcceptEntry *eb = b;
	if (ea->q != eb->q)
		return ea->q > eb->q ? -1 : 1;
	return (gint) ea->order - (gint) eb->order;
}

static gboolean
sori_language_parse_qvalue(const gchar *text, gdouble *q)
{
	gchar *end = NULL;
	gdouble value;
	while (*text == ' ' || *text == '\t')
		text++;
	if (g_ascii_strncasecmp(text, "q=", 2) != 0)
		return FALSE;
	value = g_ascii_strtod(text + 2, &end);
	if (end == text + 2 || value < 0 || value > 1)
		return FALSE;
	while (*end == ' ' || *end == '\t')
		end++;
	if (*end != '\0')
		return FALSE;
	*q = value;
	return TRUE;
}

/**
 * sori_language_negotiate:
 * @offered: (array zero-terminated=1): the languages on offer
 * @accept_language: (nullable): an Accept-Language header value
 * @fallback: what to answer when nothing in the header is on offer
 *
 * Malformed entries of the header are skipped; a header that is too long or
 * has too many entries is ignored as a whole.
 *
 * Returns: (transfer none): a member of @offered, or @fallback
 */
const gchar *
sori_language_negotiate(const gchar *const *offered, const gchar *accept_language,
			const gchar *fallback)
{
	g_auto(GStrv) items = NULL;
	g_autoptr(GArray) entries = NULL;
	const gchar *result = fallback;

	if (accept_language == NULL || strlen(accept_language) > ACCEPT_LANGUAGE_MAX_LEN)
		return fallback;
	items = g_strsplit(accept_language, ",", ACCEPT_LANGUAGE_MAX_ENTRIES + 1);
	if (g_strv_length(items) > ACCEPT_LANGUAGE_MAX_ENTRIES)
		return fallback;

	entries = g_array_new(FALSE, FALSE, sizeof(AcceptEntry));
	for (guint i = 0; items[i] != NULL; i++) {
		AcceptEntry entry = { NULL, 1.0, i };
		gchar *semicolon = strchr(items[i], ';');
		if (semicolon != NULL) {
			*semicolon = '\0';
			if (!sori_language_parse_qvalue(semicolon + 1, &entry.q))
				continue;
		}
		g_strstrip(items[i]);
		if (entry.q <= 0)
			continue;
		entry.tag = items[i];
		g_array_append_val(entries, entry);
	}
	g_array_sort(entries, sori_language_accept_entry_compare);
	for (guint i = 0; i < entries->len; i++) {
		AcceptEntry *entry = &g_array_index(entries, AcceptEntry, i);
		const gchar *found;
		if (g_strcmp0(entry->tag, "*") == 0)
			break;
		if (!sori_language_tag_is_canonical(entry->tag)) {
			g_autofree gchar *canonical = sori_language_tag_canonicalize(entry->tag);
			if (canonical == NULL)
				continue;
		}
		found = sori_language_match(offered, entry->tag);
		if (found != NULL) {
			result = found;
			break;
		}
	}
	return result;
}

/* the script subtag of @tag ("Arab" of "az-Arab-IR"), or NULL */
static const gchar *
sori_language_find_script(const gchar *tag, gsize *len)
{
	for (const gchar *part = strchr(tag, '-'); part != NULL; part = strchr(part + 1, '-')) {
		gsize n = strcspn(part + 1, "-");
		if (n == 4 && sori_language_all_chars(part + 1, n, sori_language_is_alpha)) {
			*len = n;
			return part + 1;
		}
		/* the script comes straight after the language (and its extlangs) */
		if (n != 3)
			break;
	}
	return NULL;
}

/**
 * sori_language_get_direction:
 * @tag: a BCP 47 tag
 *
 * The direction a text in @tag is written in: right to left for Arabic,
 * Hebrew, Persian, Urdu and the other languages written in those scripts
 * (and for any tag whose script subtag is one of them), else left to right.
 *
 * Returns: a #SoriLanguageDirection
 */
SoriLanguageDirection
sori_language_get_direction(const gchar *tag)
{
	static const gchar *const rtl_languages[] = { "ar", "he", "iw", "fa",  "ur",  "yi", "ps",
						      "sd", "ug", "dv", "ckb", "syr", NULL };
	static const gchar *const rtl_scripts[]
		= { "Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg", NULL };
	static const gchar *const ltr_scripts[] = { "Latn", "Cyrl", NULL };
	const gchar *script;
	gsize len = 0;

	if (tag == NULL)
		return SORI_LANGUAGE_DIRECTION_LTR;
	script = sori_language_find_script(tag, &len);
	for (guint i = 0; script != NULL && rtl_scripts[i] != NULL; i++) {
		if (g_ascii_strncasecmp(rtl_scripts[i], script, len) == 0)
			return SORI_LANGUAGE_DIRECTION_RTL;
	}
	for (guint i = 0; script != NULL && ltr_scripts[i] != NULL; i++) {
		if (g_ascii_strncasecmp(ltr_scripts[i], script, len) == 0)
			return SORI_LANGUAGE_DIRECTION_LTR;
	}
	len = strcspn(tag, "-");
	for (guint i = 0; rtl_languages[i] != NULL; i++) {
		if (strlen(rtl_languages[i]) == len
		    && g_ascii_strncasecmp(rtl_languages[i], tag, len) == 0)
			return SORI_LANGUAGE_DIRECTION_RTL;
	}
	return SORI_LANGUAGE_DIRECTION_LTR;
}

/**
 * sori_language_direction_to_string:
 *
 * Returns: "ltr" or "rtl", as HTML's dir attribute takes it
 */
const gchar *
sori_language_direction_to_string(SoriLanguageDirection direction)
{
	switch (direction) {
	case SORI_LANGUAGE_DIRECTION_RTL:
		return "rtl";
	case SORI_LANGUAGE_DIRECTION_LTR:
	default:
		return "ltr";
	}
}

/**
 * sori_language_get_endonym:
 * @tag: a BCP 47 tag
 *
 * The one table of languages' names in their own language, as a language
 * switch shows them (the web app's too: sorid writes them in its pages).
 *
 * Returns: (nullable): the name of @tag's language in that language, or
 *	%NULL when sori does not know it
 */
const gchar *
sori_language_get_endonym(const gchar *tag)
{
	static const struct {
		const gchar *tag;
		const gchar *name;
	} names[] = {
		{ "ko", "한국어" },
		{ "en", "English" },
		{ "ja", "日本語" },
		{ "zh", "中文" },
		{ "zh-Hans", "中文（简体）" },
		{ "zh-Hant", "中文（繁體）" },
		{ "fr", "Français" },
		{ "de", "Deutsch" },
		{ "es", "Español" },
		{ "it", "Italiano" },
		{ "pt", "Português" },
		{ "pt-BR", "Português (Brasil)" },
		{ "ru", "Русский" },
		{ "vi", "Tiếng Việt" },
		{ "th", "ไทย" },
		{ "mn", "Монгол" },
		{ "id", "Indonesia" },
		{ "ar", "العربية" },
		{ "he", "עברית" },
		{ "fa", "فارسی" },
		{ "ur", "اردو" },
		{ "uz", "Oʻzbek" },
		{ "ne", "नेपाली" },
		{ "tl", "Filipino" },
		{ "kvk", "한국수어" },
	};

	if (tag == NULL)
		return NULL;
	for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
		if (g_ascii_strcasecmp(names[i].tag, tag) == 0)
			return names[i].name;
	}
	return NULL;
}
