/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The visitors' pages, whole, in the first response: HTML from the same
 * views of the same catalogue snapshot as the JSON API, in the visitor's
 * language, built once per catalogue version, page, language (and, for the
 * opening hours, the venue's day) and kept with the snapshot like the JSON.
 * Every page reads and works without JavaScript — <audio controls>, a plain
 * form for the number, links for the languages —; the app's scripts take
 * over the page they are given (app/main.js) rather than draw it again.
 *
 * The markup is the app's own (app/views.js, app/exhibit.js, app/player.js),
 * class for class, so that the app adopts it as it stands and its styles
 * apply; the words are the app's (app/i18n.js, as pages/strings.json).
 * Everything a catalogue says goes through sori_pages_escape(): no catalogue
 * text can become markup.
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include <string.h>

#include "sori-api.h"
#include "sori-json.h"
#include "sori-language.h"
#include "sori-open-data.h"
#include "sori-pages.h"
#include "sori-pages-private.h"
#include "sori-views.h"
#include "sori-wayfinding.h"
#include "sori-webapp.h"

#define PAGE_TYPE         "text/html; charset=utf-8"
#define VARY_PAGE         "Accept-Language, Accept-Encoding"
#define STRINGS_RESOURCE  "/org/sori/pages/strings.json"
#define MAX_CODE_DIGITS   6
#define DEFAULT_TEXT_SIZE 100
#define DEFAULT_RATE      "1"

/* main.js's names of the pages (route()), which it reads back from data-page */
static const gchar *const page_names[] = {
	"venues", "settings", "home",   "gallery",    "exhibit", "keypad",
	"access", "settings", "nearby", "directions", "camera",  "not-found",
};

/* exhibit.js's texts of an exhibit, in its order */
static const gchar *const versions[] = { "description", "audio_description", "easy_read" };

/* ---------------------------------------------------------------------- */
/* the app's words */

static JsonObject *
sori_pages_get_strings(void)
{
	static gsize once = 0;
	static JsonObject *strings = NULL;

	if (g_once_init_enter(&once)) {
		g_autoptr(GError) error = NULL;
		g_autoptr(GBytes) bytes = g_resources_lookup_data(
			STRINGS_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
		g_autoptr(JsonParser) parser = json_parser_new_immutable();
		JsonNode *root;

		/* compiled in: only a broken build lacks it */
		if (bytes == NULL
		    || !json_parser_load_from_data(parser, g_bytes_get_data(bytes, NULL),
						   (gssize) g_bytes_get_size(bytes), &error))
			g_error("the web app's words (%s): %s", STRINGS_RESOURCE, error->message);
		root = json_parser_get_root(parser);
		if (!JSON_NODE_HOLDS_OBJECT(root))
			g_error("the web app's words (%s) are not an object", STRINGS_RESOURCE);
		strings = json_object_ref(json_node_get_object(root));
		g_once_init_leave(&once, 1);
	}
	return strings;
}

/* the language the app's own words are in: the content's where it has them */
static const gchar *
sori_pages_ui_language(const gchar *lang)
{
	JsonObject *strings = sori_pages_get_strings();
	g_autofree gchar *base = NULL;

	if (lang == NULL)
		return "en";
	if (json_object_has_member(strings, lang))
		return g_intern_string(lang);
	base = g_strndup(lang, strcspn(lang, "-"));
	if (json_object_has_member(strings, base))
		return g_intern_string(base);
	return "en";
}

static JsonNode *
sori_page_word_node(SoriPage *p, const gchar *key)
{
	JsonNode *node = json_object_get_member(p->words, key);
	if (node == NULL)
		node = json_object_get_member(p->english, key);
	return node;
}

/* a word of the app's; its key when there is none, as i18n.js's t() does */
const gchar *
sori_page_t(SoriPage *p, const gchar *key)
{
	JsonNode *node = sori_page_word_node(p, key);
	if (node == NULL || !JSON_NODE_HOLDS_VALUE(node))
		return key;
	return json_node_get_string(node);
}

/* a template of the app's, {0} and {1} filled in */
gchar *
sori_page_tf(SoriPage *p, const gchar *key, const gchar *arg0, const gchar *arg1)
{
	g_autoptr(GString) text = g_string_new(sori_page_t(p, key));
	g_string_replace(text, "{0}", arg0 != NULL ? arg0 : "", 0);
	g_string_replace(text, "{1}", arg1 != NULL ? arg1 : "", 0);
	return g_string_free(g_steal_pointer(&text), FALSE);
}

/* a count, and @arg1 for {1}: the "one" form for 1 where the language has one */
static gchar *
sori_page_tn(SoriPage *p, const gchar *key, gint64 n, const gchar *arg1)
{
	JsonNode *node = sori_page_word_node(p, key);
	g_autofree gchar *number = g_strdup_printf("%" G_GINT64_FORMAT, n);
	g_autoptr(GString) text = NULL;

	if (node != NULL && JSON_NODE_HOLDS_OBJECT(node)) {
		JsonObject *forms = json_node_get_object(node);
		const gchar *form
			= n == 1 && json_object_has_member(forms, "one") ? "one" : "other";
		text = g_string_new(json_object_get_string_member_with_default(forms, form, key));
	} else {
		text = g_string_new(sori_page_t(p, key));
	}
	g_string_replace(text, "{0}", number, 0);
	g_string_replace(text, "{1}", arg1 != NULL ? arg1 : "", 0);
	return g_string_free(g_steal_pointer(&text), FALSE);
}

static const gchar *
sori_page_day_name(SoriPage *p, const gchar *day)
{
	JsonNode *node = sori_page_word_node(p, "days");
	if (node == NULL || !JSON_NODE_HOLDS_OBJECT(node))
		return day;
	return json_object_get_string_member_with_default(json_node_get_object(node), day, day);
}

/**
 * sori_pages_language_name:
 * @code: a BCP 47 tag
 *
 * Returns: (transfer full): the language's name in that language, as a
 *	language switch shows it, or @code when sori does not know it
 */
gchar *
sori_pages_language_name(const gchar *code)
{
	static const struct {
		const gchar *code;
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
		{ "ru", "Русский" },
		{ "vi", "Tiếng Việt" },
		{ "th", "ไทย" },
		{ "mn", "Монгол" },
		{ "id", "Indonesia" },
		{ "ar", "العربية" },
		{ "he", "עברית" },
		{ "fa", "فارسی" },
		{ "uz", "Oʻzbek" },
		{ "ne", "नेपाली" },
		{ "tl", "Filipino" },
		{ "kvk", "한국수어" },
	};
	for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
		if (g_ascii_strcasecmp(names[i].code, code) == 0)
			return g_strdup(names[i].name);
	}
	return g_strdup(code);
}

static gboolean
sori_pages_is_rtl(const gchar *lang)
{
	static const gchar *const rtl[]
		= { "ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb" };
	gsize len = strcspn(lang, "-");

	for (guint i = 0; i < G_N_ELEMENTS(rtl); i++) {
		if (strlen(rtl[i]) == len && g_ascii_strncasecmp(rtl[i], lang, len) == 0)
			return TRUE;
	}
	return FALSE;
}

/* ---------------------------------------------------------------------- */
/* markup */

/* text or an attribute's value, nothing of it markup */
static void
sori_pages_escape(GString *out, const gchar *text)
{
	for (const gchar *c = text != NULL ? text : ""; *c != '\0'; c++) {
		switch (*c) {
		case '&':
			g_string_append(out, "&amp;");
			break;
		case '<':
			g_string_append(out, "&lt;");
			break;
		case '>':
			g_string_append(out, "&gt;");
			break;
		case '"':
			g_string_append(out, "&quot;");
			break;
		case '\'':
			g_string_append(out, "&#39;");
			break;
		default:
			g_string_append_c(out, *c);
		}
	}
}

void
sori_page_put(SoriPage *p, const gchar *markup)
{
	g_string_append(p->out, markup);
}

void
sori_page_esc(SoriPage *p, const gchar *text)
{
	sori_pages_escape(p->out, text);
}

/* ` name="value"`, escaped */
void
sori_page_attr(SoriPage *p, const gchar *name, const gchar *value)
{
	if (value == NULL)
		return;
	g_string_append_printf(p->out, " %s=\"", name);
	sori_page_esc(p, value);
	g_string_append_c(p->out, '"');
}

/* <tag>word</tag> of the app's */
void
sori_page_word(SoriPage *p, const gchar *tag, const gchar *attrs, const gchar *key)
{
	g_string_append_printf(p->out, "<%s%s>", tag, attrs != NULL ? attrs : "");
	sori_page_esc(p, sori_page_t(p, key));
	g_string_append_printf(p->out, "</%s>", tag);
}

void
sori_page_plain(SoriPage *p, const gchar *tag, const gchar *attrs, const gchar *text)
{
	g_string_append_printf(p->out, "<%s%s>", tag, attrs != NULL ? attrs : "");
	sori_page_esc(p, text);
	g_string_append_printf(p->out, "</%s>", tag);
}

/* the text of a view's {text, lang}, or NULL */
static const gchar *
sori_pages_text_of(JsonObject *obj, const gchar *member)
{
	return sori_json_object_get_string(sori_json_object_get_object(obj, member), "text");
}

/* a catalogue text ({text, lang}) in an element that says its language, as
 * dom.js's text() writes it; nothing when there is none */
gboolean
sori_page_text(SoriPage *p, const gchar *tag, JsonObject *obj, const gchar *member,
	       const gchar *attrs)
{
	JsonObject *text = sori_json_object_get_object(obj, member);
	const gchar *value = sori_json_object_get_string(text, "text");

	if (value == NULL)
		return FALSE;
	g_string_append_printf(p->out, "<%s%s", tag, attrs != NULL ? attrs : "");
	sori_page_attr(p, "lang", sori_json_object_get_string(text, "lang"));
	g_string_append_c(p->out, '>');
	sori_page_esc(p, value);
	g_string_append_printf(p->out, "</%s>", tag);
	return TRUE;
}

/* an id of this page's: dom.js's uid() makes "h-1", so these cannot meet
 * those of what the app adds to the page */
gchar *
sori_page_uid(SoriPage *p, const gchar *prefix)
{
	return g_strdup_printf("%s-s%u", prefix, ++p->ids);
}

/* a section named by its h2; closed with sori_page_put(p, "</section>") */
void
sori_page_section(SoriPage *p, const gchar *id, const gchar *title)
{
	g_autofree gchar *hid = sori_page_uid(p, "h");
	g_string_append(p->out, "<section");
	sori_page_attr(p, "id", id);
	g_string_append_printf(p->out, " aria-labelledby=\"%s\"><h2 id=\"%s\">", hid, hid);
	sori_page_esc(p, title);
	g_string_append(p->out, "</h2>");
}

/* the app's address of a venue's page: /v/{venue}[/{part}[/{id}]], the
 * language kept when the visitor chose one with a link */
gchar *
sori_page_href(SoriPage *p, const gchar *part, const gchar *id)
{
	const gchar *venue = sori_catalogue_get_id(p->req->snapshot->catalogue);
	g_autoptr(GString) href = g_string_new("/v/");
	g_autofree gchar *v = g_uri_escape_string(venue, NULL, FALSE);

	g_string_append(href, v);
	if (part != NULL) {
		g_string_append_printf(href, "/%s", part);
		if (id != NULL) {
			g_autofree gchar *e = g_uri_escape_string(id, NULL, FALSE);
			g_string_append_printf(href, "/%s", e);
		}
	}
	if (p->req->sticky)
		g_string_append_printf(href, "?lang=%s", p->req->lang);
	return g_string_free(g_steal_pointer(&href), FALSE);
}

/* <a class="…" href="…">word</a> */
void
sori_page_link(SoriPage *p, const gchar *class, const gchar *href, const gchar *label)
{
	g_string_append(p->out, "<a");
	sori_page_attr(p, "class", class);
	sori_page_attr(p, "href", href);
	g_string_append_c(p->out, '>');
	sori_page_esc(p, label);
	g_string_append(p->out, "</a>");
}

gboolean
sori_page_has_map(SoriPage *p)
{
	return sori_json_object_get_string(sori_json_object_get_object(p->venue, "links"), "places")
	       != NULL;
}

/* "Directions here": the directions page, to a place, exhibit, gallery or entrance */
static void
sori_page_directions_link(SoriPage *p, const gchar *to, const gchar *label)
{
	g_autofree gchar *base = sori_page_href(p, "directions", NULL);
	g_autoptr(GString) href = g_string_new(base);

	if (to != NULL) {
		g_autofree gchar *escaped = g_uri_escape_string(to, NULL, FALSE);
		g_string_append_printf(href, "%sto=%s", p->req->sticky ? "&" : "?", escaped);
	}
	sori_page_link(p, "button directions-link", href->str,
		       label != NULL ? label : sori_page_t(p, "get_directions"));
}

/* the breadcrumb: the venue, [the gallery,] this page */
void
sori_page_breadcrumb(SoriPage *p, JsonObject *gallery, JsonObject *here, const gchar *member,
		     const gchar *here_plain)
{
	g_autofree gchar *home = sori_page_href(p, NULL, NULL);

	g_string_append(p->out, "<nav class=\"breadcrumb\"");
	sori_page_attr(p, "aria-label", sori_page_t(p, "breadcrumb"));
	g_string_append(p->out, "><ol><li>");
	{
		g_autofree gchar *attrs = g_strdup_printf(" href=\"%s\"", home);
		sori_page_text(p, "a", p->venue, "name", attrs);
	}
	g_string_append(p->out, "</li>");
	if (gallery != NULL) {
		g_autofree gchar *href
			= sori_page_href(p, "g", sori_json_object_get_string(gallery, "id"));
		g_autofree gchar *attrs = g_strdup_printf(" href=\"%s\"", href);
		g_string_append(p->out, "<li>");
		sori_page_text(p, "a", gallery, "name", attrs);
		g_string_append(p->out, "</li>");
	}
	g_string_append(p->out, "<li>");
	if (here != NULL)
		sori_page_text(p, "span", here, member, " aria-current=\"page\"");
	else
		sori_page_plain(p, "span", " aria-current=\"page\"", here_plain);
	g_string_append(p->out, "</li></ol></nav>");
}

/* "Floor 1 · Step-free · 6 exhibits" */
static void
sori_page_gallery_details(SoriPage *p, JsonObject *g)
{
	g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func(g_free);
	gint64 n;
	gboolean step_free;

	if (sori_json_object_get_int(g, "floor", &n)) {
		g_autofree gchar *floor = g_strdup_printf("%" G_GINT64_FORMAT, n);
		g_ptr_array_add(parts, sori_page_tf(p, "floor", floor, NULL));
	}
	if (sori_json_object_get_boolean(g, "step_free", &step_free))
		g_ptr_array_add(
			parts, g_strdup(sori_page_t(p, step_free ? "step_free" : "not_step_free")));
	if (sori_json_object_get_int(g, "exhibit_count", &n))
		g_ptr_array_add(parts, sori_page_tn(p, "exhibit_count", n, NULL));
	g_ptr_array_add(parts, NULL);
	{
		g_autofree gchar *text = g_strjoinv(" · ", (gchar **) parts->pdata);
		sori_page_plain(p, "span", " class=\"card-detail\"", text);
	}
}

/* ---------------------------------------------------------------------- */
/* the pages */

static void
sori_page_languages(SoriPage *p)
{
	static const gchar *const app_languages[] = { "ko", "en", NULL };
	g_autoptr(GPtrArray) codes = g_ptr_array_new();
	JsonArray *offered = sori_json_object_get_array(p->venue, "languages");

	if (offered != NULL) {
		for (guint i = 0; i < json_array_get_length(offered); i++)
			g_ptr_array_add(codes,
					(gpointer) json_array_get_string_element(offered, i));
	} else {
		for (guint i = 0; app_languages[i] != NULL; i++)
			g_ptr_array_add(codes, (gpointer) app_languages[i]);
	}
	g_string_append(p->out, "<ul class=\"choices\">");
	for (guint i = 0; i < codes->len; i++) {
		const gchar *code = g_ptr_array_index(codes, i);
		g_autofree gchar *name = sori_pages_language_name(code);
		g_autofree gchar *escaped = g_uri_escape_string(code, NULL, FALSE);
		g_autofree gchar *href = g_strdup_printf("%s?lang=%s", p->req->path, escaped);
		g_string_append(p->out, "<li><a class=\"choice\"");
		sori_page_attr(p, "href", href);
		sori_page_attr(p, "lang", code);
		sori_page_attr(p, "hreflang", code);
		if (g_strcmp0(code, p->req->lang) == 0)
			g_string_append(p->out, " aria-current=\"true\"");
		g_string_append_c(p->out, '>');
		sori_page_esc(p, name);
		g_string_append(p->out, "</a></li>");
	}
	g_string_append(p->out, "</ul>");
}

static void
sori_page_venues(SoriPage *p)
{
	sori_page_word(p, "h1", NULL, "choose_venue");
	sori_page_word(p, "p", NULL, "venues_intro");
	g_string_append(p->out, "<ul class=\"cards\">");
	for (guint i = 0; i < p->req->snapshots->len; i++) {
		SoriVenueSnapshot *snapshot = g_ptr_array_index(p->req->snapshots, i);
		g_autoptr(JsonNode) node = sori_view_venue_summary(
			snapshot->catalogue, g_ptr_array_index(p->req->langs, i));
		JsonObject *v = json_node_get_object(node);
		JsonArray *langs = sori_json_object_get_array(v, "languages");
		g_autoptr(GString) names = g_string_new(NULL);
		g_autofree gchar *id
			= g_uri_escape_string(sori_json_object_get_string(v, "id"), NULL, FALSE);

		for (guint j = 0; langs != NULL && j < json_array_get_length(langs); j++) {
			g_autofree gchar *name
				= sori_pages_language_name(json_array_get_string_element(langs, j));
			g_string_append_printf(names, "%s%s", j > 0 ? " · " : "", name);
		}
		g_string_append_printf(p->out, "<li><a class=\"card\" href=\"/v/%s\">", id);
		sori_page_text(p, "span", v, "name", " class=\"card-title\"");
		sori_page_plain(p, "span", " class=\"card-detail\"", names->str);
		g_string_append(p->out, "</a></li>");
	}
	g_string_append(p->out, "</ul>");
}

static void
sori_page_opening_hours(SoriPage *p)
{
	static const gchar *const days[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
	JsonObject *hours = sori_json_object_get_object(p->venue, "opening_hours");
	JsonArray *regular = sori_json_object_get_array(hours, "regular");
	JsonArray *closed = sori_json_object_get_array(hours, "closed_dates");
	gboolean closed_today = FALSE;

	if (hours == NULL)
		return;
	for (guint i = 0; closed != NULL && i < json_array_get_length(closed); i++) {
		if (g_strcmp0(json_array_get_string_element(closed, i), p->req->today) == 0)
			closed_today = TRUE;
	}
	sori_page_section(p, NULL, sori_page_t(p, "opening_hours"));
	g_string_append(p->out, "<dl class=\"hours\">");
	for (guint d = 0; d < G_N_ELEMENTS(days); d++) {
		g_autoptr(GString) value = g_string_new(NULL);
		gboolean is_today = p->req->weekday == (gint) d + 1;

		for (guint i = 0; regular != NULL && i < json_array_get_length(regular); i++) {
			JsonObject *r = json_array_get_object_element(regular, i);
			JsonArray *on = sori_json_object_get_array(r, "days");
			for (guint j = 0; on != NULL && j < json_array_get_length(on); j++) {
				if (!g_str_equal(json_array_get_string_element(on, j), days[d]))
					continue;
				g_string_append_printf(value, "%s%s–%s", value->len > 0 ? ", " : "",
						       sori_json_object_get_string(r, "opens"),
						       sori_json_object_get_string(r, "closes"));
			}
		}
		if (value->len == 0 || (is_today && closed_today))
			g_string_assign(value, sori_page_t(p, "closed"));
		g_string_append_printf(p->out, "<div class=\"%s\"><dt>",
				       is_today ? "row today" : "row");
		sori_page_esc(p, sori_page_day_name(p, days[d]));
		if (is_today) {
			g_string_append(p->out, " (");
			sori_page_esc(p, sori_page_t(p, "today"));
			g_string_append_c(p->out, ')');
		}
		g_string_append(p->out, "</dt>");
		sori_page_plain(p, "dd", NULL, value->str);
		g_string_append(p->out, "</div>");
	}
	g_string_append(p->out, "</dl>");
	if (closed_today)
		sori_page_word(p, "p", " class=\"notice\"", "closed_today");
	sori_page_text(p, "p", hours, "note", NULL);
	sori_page_put(p, "</section>");
}

/* a number for tel: and sms: links: + and digits only */
static gchar *
sori_pages_dial(const gchar *number)
{
	GString *out = g_string_new(NULL);
	for (const gchar *c = number; *c != '\0'; c++) {
		if (*c == '+' || g_ascii_isdigit(*c))
			g_string_append_c(out, *c);
	}
	return g_string_free(out, FALSE);
}

static void
sori_page_contact_item(SoriPage *p, const gchar *label_key, const gchar *href, const gchar *shown)
{
	g_string_append(p->out, "<li><span class=\"contact-label\">");
	sori_page_esc(p, sori_page_t(p, label_key));
	g_string_append(p->out, ": </span>");
	sori_page_link(p, NULL, href, shown);
	g_string_append(p->out, "</li>");
}

static void
sori_page_contact(SoriPage *p)
{
	JsonObject *c = sori_json_object_get_object(p->venue, "contact");
	const gchar *phone = sori_json_object_get_string(c, "phone");
	const gchar *sms = sori_json_object_get_string(c, "sms");
	const gchar *email = sori_json_object_get_string(c, "email");
	const gchar *website = sori_json_object_get_string(c, "website");

	if (c == NULL)
		return;
	sori_page_section(p, NULL, sori_page_t(p, "contact"));
	g_string_append(p->out, "<ul class=\"contact\">");
	if (phone != NULL) {
		g_autofree gchar *dial = sori_pages_dial(phone);
		g_autofree gchar *href = g_strdup_printf("tel:%s", dial);
		sori_page_contact_item(p, "phone", href, phone);
	}
	if (sms != NULL) {
		g_autofree gchar *dial = sori_pages_dial(sms);
		g_autofree gchar *href = g_strdup_printf("sms:%s", dial);
		sori_page_contact_item(p, "sms", href, sms);
	}
	if (email != NULL) {
		g_autofree gchar *href = g_strdup_printf("mailto:%s", email);
		sori_page_contact_item(p, "email", href, email);
	}
	if (website != NULL && g_str_has_prefix(website, "https://"))
		sori_page_contact_item(p, "website", website, website);
	g_string_append(p->out, "</ul></section>");
}

static void
sori_page_home(SoriPage *p)
{
	JsonObject *access = sori_json_object_get_object(p->venue, "access");
	JsonArray *galleries = sori_json_object_get_array(p->venue, "galleries");
	g_autofree gchar *keypad = sori_page_href(p, "keypad", NULL);
	g_autofree gchar *camera = sori_page_href(p, "camera", NULL);
	g_autofree gchar *all_access = sori_page_href(p, "access", NULL);

	sori_page_text(p, "h1", p->venue, "name", NULL);
	sori_page_text(p, "p", p->venue, "description", " class=\"lead\"");
	sori_page_section(p, NULL, sori_page_t(p, "find_exhibit"));
	g_string_append(p->out, "<p class=\"actions\">");
	sori_page_link(p, "button primary", keypad, sori_page_t(p, "enter_number"));
	sori_page_link(p, "button", camera, sori_page_t(p, "camera_title"));
	g_string_append(p->out, "</p>");
	sori_page_word(p, "p", NULL, "qr_hint");
	sori_page_put(p, "</section>");

	sori_page_section(p, NULL, sori_page_t(p, "galleries"));
	g_string_append(p->out, "<ul class=\"cards\">");
	for (guint i = 0; galleries != NULL && i < json_array_get_length(galleries); i++) {
		JsonObject *g = json_array_get_object_element(galleries, i);
		g_autofree gchar *href
			= sori_page_href(p, "g", sori_json_object_get_string(g, "id"));
		g_string_append(p->out, "<li><a class=\"card\"");
		sori_page_attr(p, "href", href);
		g_string_append_c(p->out, '>');
		sori_page_text(p, "span", g, "name", " class=\"card-title\"");
		sori_page_gallery_details(p, g);
		g_string_append(p->out, "</a></li>");
	}
	g_string_append(p->out, "</ul></section>");

	sori_page_section(p, NULL, sori_page_t(p, "access"));
	sori_page_text(p, "p", access, "summary", NULL);
	g_string_append(p->out, "<p>");
	sori_page_link(p, NULL, all_access, sori_page_t(p, "all_access"));
	g_string_append(p->out, "</p></section>");

	sori_page_section(p, NULL, sori_page_t(p, "languages"));
	sori_page_languages(p);
	sori_page_put(p, "</section>");
	sori_page_opening_hours(p);
	sori_page_contact(p);
}

/* the number of an exhibit in a card: "No. 101" read, "101" shown */
static void
sori_page_code(SoriPage *p, JsonObject *e, gboolean spoken_label)
{
	g_string_append(p->out, "<span class=\"code\">");
	if (spoken_label) {
		g_string_append(p->out, "<span class=\"visually-hidden\">");
		sori_page_esc(p, sori_page_t(p, "number"));
		g_string_append(p->out, " </span>");
	}
	sori_page_esc(p, sori_json_object_get_string(e, "code"));
	g_string_append(p->out, "</span>");
}

static void
sori_page_gallery(SoriPage *p)
{
	SoriCatalogue *catalogue = p->req->snapshot->catalogue;
	g_autoptr(JsonNode) list_node
		= sori_view_exhibit_list(catalogue, p->req->lang, p->req->gallery);
	JsonArray *exhibits
		= sori_json_object_get_array(json_node_get_object(list_node), "exhibits");
	JsonArray *galleries = sori_json_object_get_array(p->venue, "galleries");
	JsonObject *g = NULL;

	for (guint i = 0; galleries != NULL && i < json_array_get_length(galleries); i++) {
		JsonObject *candidate = json_array_get_object_element(galleries, i);
		if (g_strcmp0(sori_json_object_get_string(candidate, "id"), p->req->gallery->id)
		    == 0)
			g = candidate;
	}
	if (g == NULL)
		return;
	sori_page_breadcrumb(p, NULL, g, "name", NULL);
	sori_page_text(p, "h1", g, "name", NULL);
	sori_page_text(p, "p", g, "description", " class=\"lead\"");
	g_string_append(p->out, "<p>");
	sori_page_gallery_details(p, g);
	g_string_append(p->out, "</p>");
	if (sori_page_has_map(p)) {
		g_string_append(p->out, "<p>");
		sori_page_directions_link(p, p->req->gallery->id, NULL);
		g_string_append(p->out, "</p>");
	}
	sori_page_section(p, NULL, sori_page_t(p, "exhibits_in"));
	g_string_append(p->out, "<ul class=\"cards\">");
	for (guint i = 0; exhibits != NULL && i < json_array_get_length(exhibits); i++) {
		JsonObject *e = json_array_get_object_element(exhibits, i);
		g_autofree gchar *href
			= sori_page_href(p, "e", sori_json_object_get_string(e, "id"));
		gboolean sign = FALSE;

		g_string_append(p->out, "<li><a class=\"card\"");
		sori_page_attr(p, "href", href);
		g_string_append(p->out, "><span class=\"card-title\">");
		sori_page_code(p, e, TRUE);
		g_string_append_c(p->out, ' ');
		sori_page_text(p, "span", e, "title", NULL);
		g_string_append(p->out, "</span>");
		if (sori_json_object_get_boolean(e, "has_sign_language", &sign) && sign)
			sori_page_word(p, "span", " class=\"badge\"", "sign_language_badge");
		g_string_append(p->out, "</a></li>");
	}
	g_string_append(p->out, "</ul></section>");
}

/* the number's form: the keypad page's, and the camera page's when there is no camera */
void
sori_page_keypad_form(SoriPage *p)
{
	static const gchar *const digits[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9" };
	const gchar *venue = sori_catalogue_get_id(p->req->snapshot->catalogue);
	g_autofree gchar *v = g_uri_escape_string(venue, NULL, FALSE);
	const gchar *problem = p->req->problem;

	/* without JavaScript the form asks sorid, which answers with the exhibit */
	g_string_append_printf(
		p->out, "<form class=\"keypad\" novalidate method=\"get\" action=\"/v/%s/c\">", v);
	if (p->req->sticky)
		g_string_append_printf(p->out, "<input type=\"hidden\" name=\"lang\" value=\"%s\">",
				       p->req->lang);
	g_string_append(p->out, "<label for=\"code-s1\" class=\"code-label\">");
	sori_page_esc(p, sori_page_t(p, "keypad_label"));
	g_string_append(p->out, "</label>");
	sori_page_word(p, "p", " id=\"hint-s2\" class=\"hint\"", "keypad_hint");
	g_string_append_printf(
		p->out,
		"<input id=\"code-s1\" name=\"code\" class=\"code-input\" type=\"text\" "
		"inputmode=\"numeric\" pattern=\"[0-9]*\" maxlength=\"%d\" "
		"autocomplete=\"off\" aria-describedby=\"hint-s2 error-s3\"",
		MAX_CODE_DIGITS);
	if (p->req->code != NULL) {
		sori_page_attr(p, "value", p->req->code);
		g_string_append(p->out, " aria-invalid=\"true\"");
	}
	g_string_append(p->out, "><p id=\"error-s3\" class=\"error\" role=\"alert\">");
	if (problem != NULL && g_str_equal(problem, "keypad_unknown")) {
		g_autofree gchar *text = sori_page_tf(p, problem, p->req->code, NULL);
		sori_page_esc(p, text);
	} else if (problem != NULL) {
		sori_page_esc(p, sori_page_t(p, problem));
	}
	g_string_append(p->out, "</p><div class=\"keys\">");
	/* the keys type with JavaScript; without it the phone's own keyboard does */
	for (guint i = 0; i < G_N_ELEMENTS(digits); i++)
		g_string_append_printf(
			p->out, "<button type=\"button\" class=\"key\" data-key=\"%s\">%s</button>",
			digits[i], digits[i]);
	g_string_append(p->out,
			"<button type=\"button\" class=\"key key-action\" data-key=\"delete\">");
	sori_page_esc(p, sori_page_t(p, "keypad_delete"));
	g_string_append(p->out,
			"</button><button type=\"button\" class=\"key\" "
			"data-key=\"0\">0</button><button type=\"submit\" class=\"key key-go\">");
	sori_page_esc(p, sori_page_t(p, "keypad_go"));
	g_string_append(p->out, "</button></div></form>");
}

static void
sori_page_keypad(SoriPage *p)
{
	sori_page_word(p, "h1", NULL, "keypad_title");
	sori_page_keypad_form(p);
	sori_page_word(p, "p", NULL, "qr_hint");
}

typedef void (*SoriPageDetailsFunc)(SoriPage *p, JsonObject *item);

static void
sori_page_floor(SoriPage *p, JsonObject *item)
{
	gint64 floor;
	if (sori_json_object_get_int(item, "floor", &floor)) {
		g_autofree gchar *n = g_strdup_printf("%" G_GINT64_FORMAT, floor);
		g_autofree gchar *text = sori_page_tf(p, "floor", n, NULL);
		sori_page_plain(p, "p", " class=\"detail\"", text);
	}
}

static void
sori_page_entrance_details(SoriPage *p, JsonObject *item)
{
	g_autoptr(GString) text = g_string_new(NULL);
	gboolean step_free = FALSE;
	gint64 floor;

	if (sori_json_object_get_int(item, "floor", &floor)) {
		g_autofree gchar *n = g_strdup_printf("%" G_GINT64_FORMAT, floor);
		g_autofree gchar *f = sori_page_tf(p, "floor", n, NULL);
		g_string_append_printf(text, "%s · ", f);
	}
	sori_json_object_get_boolean(item, "step_free", &step_free);
	g_string_append(text, sori_page_t(p, step_free ? "step_free" : "not_step_free"));
	sori_page_plain(p, "p", " class=\"detail\"", text->str);
}

static void
sori_page_lift_details(SoriPage *p, JsonObject *item)
{
	JsonArray *floors = sori_json_object_get_array(item, "floors");
	g_autoptr(GString) list = g_string_new(NULL);
	g_autofree gchar *text = NULL;

	if (floors == NULL)
		return;
	for (guint i = 0; i < json_array_get_length(floors); i++)
		g_string_append_printf(list, "%s%" G_GINT64_FORMAT, i > 0 ? ", " : "",
				       json_array_get_int_element(floors, i));
	text = sori_page_tf(p, "lift_floors", list->str, NULL);
	sori_page_plain(p, "p", " class=\"detail\"", text);
}

static void
sori_page_toilet_details(SoriPage *p, JsonObject *item)
{
	gboolean changing = FALSE;
	sori_page_floor(p, item);
	if (sori_json_object_get_boolean(item, "changing_place", &changing) && changing)
		sori_page_word(p, "p", " class=\"detail\"", "changing_place");
}

static void
sori_page_equipment_details(SoriPage *p, JsonObject *item)
{
	gint64 n;
	if (sori_json_object_get_int(item, "available", &n)) {
		g_autofree gchar *count = g_strdup_printf("%" G_GINT64_FORMAT, n);
		g_autofree gchar *text = sori_page_tf(p, "available", count, NULL);
		sori_page_plain(p, "p", " class=\"detail\"", text);
	}
}

static void
sori_page_access_list(SoriPage *p, JsonObject *access, const gchar *member, const gchar *title_key,
		      SoriPageDetailsFunc details, gboolean directions)
{
	JsonArray *items = sori_json_object_get_array(access, member);

	if (items == NULL || json_array_get_length(items) == 0)
		return;
	sori_page_section(p, NULL, sori_page_t(p, title_key));
	g_string_append(p->out, "<ul class=\"plain-list\">");
	for (guint i = 0; i < json_array_get_length(items); i++) {
		JsonObject *item = json_array_get_object_element(items, i);
		g_string_append(p->out, "<li>");
		sori_page_text(p, "h3", item, "name", NULL);
		sori_page_text(p, "p", item, "description", NULL);
		if (details != NULL)
			details(p, item);
		if (directions && sori_page_has_map(p)) {
			g_autofree gchar *label = sori_page_tf(
				p, "directions_to", sori_pages_text_of(item, "name"), NULL);
			g_string_append(p->out, "<p>");
			sori_page_directions_link(p, sori_json_object_get_string(item, "id"),
						  label);
			g_string_append(p->out, "</p>");
		}
		g_string_append(p->out, "</li>");
	}
	g_string_append(p->out, "</ul></section>");
}

static void
sori_page_access(SoriPage *p)
{
	JsonObject *a = sori_json_object_get_object(p->venue, "access");

	sori_page_word(p, "h1", NULL, "access");
	sori_page_text(p, "p", a, "summary", " class=\"lead\"");
	if (sori_page_has_map(p)) {
		g_string_append(p->out, "<p>");
		sori_page_directions_link(p, NULL, sori_page_t(p, "directions"));
		g_string_append(p->out, "</p>");
	}
	sori_page_access_list(p, a, "entrances", "entrances", sori_page_entrance_details, TRUE);
	sori_page_access_list(p, a, "step_free_routes", "step_free_routes", NULL, FALSE);
	sori_page_access_list(p, a, "lifts", "lifts", sori_page_lift_details, FALSE);
	sori_page_access_list(p, a, "toilets", "toilets", sori_page_toilet_details, TRUE);
	if (sori_pages_text_of(a, "seating") != NULL) {
		sori_page_section(p, NULL, sori_page_t(p, "seating"));
		sori_page_text(p, "p", a, "seating", NULL);
		sori_page_put(p, "</section>");
	}
	sori_page_access_list(p, a, "equipment", "equipment", sori_page_equipment_details, FALSE);
	sori_page_access_list(p, a, "quiet_spaces", "quiet_spaces", sori_page_floor, FALSE);
	if (sori_pages_text_of(a, "assistance_dogs") != NULL) {
		sori_page_section(p, NULL, sori_page_t(p, "assistance_dogs"));
		sori_page_text(p, "p", a, "assistance_dogs", NULL);
		sori_page_put(p, "</section>");
	}
}

/* radio buttons under a legend, as dom.js's radioGroup() writes them */
void
sori_page_radios(SoriPage *p, const gchar *class, const gchar *legend, const gchar *name,
		 const gchar *const *values, const gchar *const *labels, const gchar *const *hints,
		 const gchar *checked)
{
	g_string_append_printf(p->out, "<fieldset class=\"%s\"><legend>", class);
	sori_page_esc(p, legend);
	g_string_append(p->out, "</legend>");
	for (guint i = 0; values[i] != NULL; i++) {
		g_autofree gchar *id = sori_page_uid(p, name);
		g_autofree gchar *hint_id = hints != NULL ? sori_page_uid(p, "hint") : NULL;
		g_string_append_printf(p->out,
				       "<div class=\"option\"><input type=\"radio\" id=\"%s\"", id);
		sori_page_attr(p, "name", name);
		sori_page_attr(p, "value", values[i]);
		if (g_strcmp0(values[i], checked) == 0)
			g_string_append(p->out, " checked");
		sori_page_attr(p, "aria-describedby", hint_id);
		g_string_append_printf(p->out, "><label for=\"%s\">", id);
		sori_page_esc(p, labels[i]);
		g_string_append(p->out, "</label>");
		if (hint_id != NULL) {
			g_string_append_printf(p->out, "<p id=\"%s\" class=\"hint\">", hint_id);
			sori_page_esc(p, hints[i]);
			g_string_append(p->out, "</p>");
		}
		g_string_append(p->out, "</div>");
	}
}

void
sori_page_checkbox(SoriPage *p, const gchar *name, const gchar *label_key, gboolean checked)
{
	g_autofree gchar *id = sori_page_uid(p, "check");
	g_string_append_printf(p->out,
			       "<div class=\"option\"><input type=\"checkbox\" id=\"%s\" "
			       "data-pref=\"%s\"%s><label for=\"%s\">",
			       id, name, checked ? " checked" : "", id);
	sori_page_esc(p, sori_page_t(p, label_key));
	g_string_append(p->out, "</label></div>");
}

static void
sori_page_settings(SoriPage *p)
{
	static const gchar *const modes[] = { "listen", "read", "sign", NULL };
	static const gchar *const profiles[]
		= { "general", "wheelchair", "step-free", "blind", NULL };
	static const gchar *const sizes[] = { "100", "125", "150", "200", NULL };
	const gchar *mode_labels[] = { sori_page_t(p, "mode_listen"), sori_page_t(p, "mode_read"),
				       sori_page_t(p, "mode_sign") };
	const gchar *mode_hints[]
		= { sori_page_t(p, "mode_listen_hint"), sori_page_t(p, "mode_read_hint"),
		    sori_page_t(p, "mode_sign_hint") };
	const gchar *profile_labels[]
		= { sori_page_t(p, "profile_general"), sori_page_t(p, "profile_wheelchair"),
		    sori_page_t(p, "profile_step_free"), sori_page_t(p, "profile_blind") };
	const gchar *size_labels[] = { "100%", "125%", "150%", "200%" };

	sori_page_word(p, "h1", NULL, "settings_title");
	sori_page_word(p, "p", NULL, "settings_intro");
	/* text size, contrast and motion are the phone's own until chosen here */
	sori_page_word(p, "p", NULL, "settings_phone");
	sori_page_word(p, "p", " class=\"no-script-only\"", "settings_no_script");
	sori_page_section(p, NULL, sori_page_t(p, "language"));
	sori_page_languages(p);
	sori_page_put(p, "</section>");
	/* the choices are kept by the app in the phone: they need JavaScript */
	g_string_append(p->out, "<div class=\"script-only\">");
	sori_page_radios(p, "options", sori_page_t(p, "mode"), "mode", modes, mode_labels,
			 mode_hints, "read");
	sori_page_put(p, "</fieldset>");
	sori_page_radios(p, "options", sori_page_t(p, "profile"), "profile", profiles,
			 profile_labels, NULL, "general");
	sori_page_put(p, "</fieldset>");
	sori_page_radios(p, "options", sori_page_t(p, "text_size"), "size", sizes, size_labels,
			 NULL, "100");
	sori_page_put(p, "</fieldset>");
	g_string_append(p->out, "<fieldset class=\"options\"><legend>");
	sori_page_esc(p, sori_page_t(p, "display"));
	g_string_append(p->out, "</legend>");
	sori_page_checkbox(p, "contrast", "high_contrast", FALSE);
	sori_page_checkbox(p, "motion", "reduce_motion", FALSE);
	g_string_append(p->out, "</fieldset>");
	sori_page_camera_settings(p);
	g_string_append(p->out, "<fieldset class=\"options\"><legend>");
	sori_page_esc(p, sori_page_t(p, "counting"));
	g_string_append(p->out, "</legend>");
	sori_page_word(p, "p", " class=\"counting-what\"", "counting_what");
	sori_page_checkbox(p, "counting", "counting_on", TRUE);
	g_string_append(p->out, "</fieldset><p class=\"status\" role=\"status\"></p><p>"
				"<button type=\"button\" class=\"button\" data-action=\"forget\">");
	sori_page_esc(p, sori_page_t(p, "forget"));
	g_string_append(p->out, "</button></p></div>");
}

static gboolean
sori_pages_usable_url(const gchar *url)
{
	return url != NULL && (g_str_has_prefix(url, "https://") || g_str_has_prefix(url, "/"));
}

static void
sori_page_figure(SoriPage *p, JsonObject *e)
{
	JsonArray *images = sori_json_object_get_array(e, "images");
	JsonObject *image;
	JsonObject *alt;
	gint64 width = 0;
	gint64 height = 0;

	if (images == NULL || json_array_get_length(images) == 0)
		return;
	image = json_array_get_object_element(images, 0);
	if (!sori_pages_usable_url(sori_json_object_get_string(image, "url")))
		return;
	alt = sori_json_object_get_object(image, "alt");
	g_string_append(p->out, "<figure class=\"exhibit-image\"><img");
	sori_page_attr(p, "src", sori_json_object_get_string(image, "url"));
	sori_page_attr(p, "alt", alt != NULL ? sori_json_object_get_string(alt, "text") : "");
	/* the picture's room is kept before it arrives: nothing moves when it does */
	if (sori_json_object_get_int(image, "width", &width)
	    && sori_json_object_get_int(image, "height", &height))
		g_string_append_printf(
			p->out, " width=\"%" G_GINT64_FORMAT "\" height=\"%" G_GINT64_FORMAT "\"",
			width, height);
	/* the page's largest part, as often as not: fetched before the scripts */
	g_string_append(p->out, " decoding=\"async\" fetchpriority=\"high\"");
	sori_page_attr(p, "lang", alt != NULL ? sori_json_object_get_string(alt, "lang") : NULL);
	g_string_append(p->out, "></figure>");
}

/* the player, as player.js draws it; the browser's own controls until the
 * app takes it over, and its captions as a file */
static void
sori_page_player(SoriPage *p, JsonObject *e, JsonObject *media)
{
	static const gchar *const rates[] = { "0.75", "1", "1.25", "1.5", "1.75", "2", "2.5", "3" };
	JsonObject *text = sori_json_object_get_object(e, p->version);
	const gchar *lang = sori_json_object_get_string(text, "lang");
	g_autofree gchar *position = sori_page_tf(p, "position_text", "0:00", "--:--");

	g_string_append(p->out, "<div class=\"player\"><audio controls preload=\"none\"");
	sori_page_attr(p, "src", sori_json_object_get_string(media, "audio"));
	g_string_append(p->out, "></audio><div class=\"player-buttons script-only\">");
	g_string_append(p->out, "<button type=\"button\" class=\"ctl\"><span class=\"ctl-icon "
				"back-icon\" aria-hidden=\"true\"></span>");
	sori_page_word(p, "span", " class=\"ctl-text\"", "back10");
	g_string_append(p->out, "</button><button type=\"button\" class=\"ctl ctl-play\"><span "
				"class=\"ctl-icon play-icon\" aria-hidden=\"true\"></span>");
	sori_page_word(p, "span", " class=\"ctl-text\"", "play");
	g_string_append(p->out, "</button><button type=\"button\" class=\"ctl\"><span "
				"class=\"ctl-icon forward-icon\" aria-hidden=\"true\"></span>");
	sori_page_word(p, "span", " class=\"ctl-text\"", "forward10");
	g_string_append(p->out, "</button></div><div class=\"player-position script-only\">"
				"<input type=\"range\" class=\"position\" min=\"0\" max=\"0\" "
				"step=\"1\" value=\"0\"");
	sori_page_attr(p, "aria-label", sori_page_t(p, "position"));
	sori_page_attr(p, "aria-valuetext", position);
	g_string_append(p->out, "><p class=\"time\" aria-hidden=\"true\">0:00 / --:--</p></div>"
				"<div class=\"player-speed script-only\"><label for=\"speed-s1\">");
	sori_page_esc(p, sori_page_t(p, "speed"));
	g_string_append(p->out, "</label><select id=\"speed-s1\" class=\"speed\">");
	for (guint i = 0; i < G_N_ELEMENTS(rates); i++)
		g_string_append_printf(p->out, "<option value=\"%s\"%s>%s×</option>", rates[i],
				       g_str_equal(rates[i], DEFAULT_RATE) ? " selected" : "",
				       rates[i]);
	g_string_append(p->out,
			"</select></div><p class=\"player-status\" role=\"status\"></p>"
			"<div class=\"captions-box script-only\"><p class=\"captions-label\">");
	sori_page_esc(p, sori_page_t(p, "captions"));
	g_string_append(p->out, "</p><p class=\"captions\"");
	sori_page_attr(p, "lang", lang);
	g_string_append(p->out, "></p></div><p class=\"captions-file no-script-only\">");
	sori_page_link(p, NULL, sori_json_object_get_string(media, "captions"),
		       sori_page_t(p, "captions_file"));
	g_string_append(p->out, "</p></div>");
}

static void
sori_page_sign(SoriPage *p, JsonObject *sign)
{
	const gchar *video = sori_json_object_get_string(sign, "video");
	const gchar *captions = sori_json_object_get_string(sign, "captions");

	if (!sori_pages_usable_url(video)) {
		sori_page_word(p, "p", NULL, "no_sign_video");
		return;
	}
	g_string_append(p->out, "<div class=\"sign-video\"><video controls playsinline "
				"preload=\"metadata\"");
	sori_page_attr(p, "src", video);
	if (sori_pages_usable_url(captions))
		g_string_append(p->out, " crossorigin=\"anonymous\"");
	g_string_append_c(p->out, '>');
	if (sori_pages_usable_url(captions)) {
		g_string_append(p->out, "<track kind=\"captions\"");
		sori_page_attr(p, "src", captions);
		sori_page_attr(p, "srclang",
			       sori_catalogue_get_default_language(p->req->snapshot->catalogue));
		sori_page_attr(p, "label", sori_page_t(p, "captions"));
		g_string_append(p->out, " default>");
	}
	g_string_append(p->out, "</video></div>");
}

static void
sori_page_visiting(SoriPage *p, JsonObject *access)
{
	g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func(g_free);
	gint64 cm;
	gboolean flag;

	if (sori_json_object_get_int(access, "display_height_cm", &cm)) {
		g_autofree gchar *n = g_strdup_printf("%" G_GINT64_FORMAT, cm);
		g_ptr_array_add(items, sori_page_tf(p, "display_height", n, NULL));
	}
	if (sori_json_object_get_boolean(access, "seating_nearby", &flag) && flag)
		g_ptr_array_add(items, g_strdup(sori_page_t(p, "seating_nearby")));
	if (sori_json_object_get_boolean(access, "touchable", &flag))
		g_ptr_array_add(items,
				g_strdup(sori_page_t(p, flag ? "touchable" : "not_touchable")));
	if (items->len == 0)
		return;
	sori_page_section(p, "visiting", sori_page_t(p, "exhibit_access"));
	g_string_append(p->out, "<ul class=\"plain-list details\">");
	for (guint i = 0; i < items->len; i++)
		sori_page_plain(p, "li", NULL, g_ptr_array_index(items, i));
	g_string_append(p->out, "</ul></section>");
}

/* previous and next in the gallery: a blind visitor walks the room in order */
static void
sori_page_sequence(SoriPage *p, SoriExhibit *exhibit)
{
	g_autoptr(JsonNode) node = NULL;
	JsonArray *list;
	guint at = G_MAXUINT;
	guint n;

	g_string_append(p->out, "<div class=\"around\">");
	if (exhibit->gallery == NULL)
		goto out;
	node = sori_view_exhibit_list(p->req->snapshot->catalogue, p->req->lang, exhibit->gallery);
	list = sori_json_object_get_array(json_node_get_object(node), "exhibits");
	n = list != NULL ? json_array_get_length(list) : 0;
	for (guint i = 0; i < n; i++) {
		if (g_strcmp0(sori_json_object_get_string(json_array_get_object_element(list, i),
							  "id"),
			      exhibit->id)
		    == 0)
			at = i;
	}
	if (at == G_MAXUINT || n < 2)
		goto out;
	{
		g_autofree gchar *hid = sori_page_uid(p, "h");
		g_string_append_printf(
			p->out, "<nav class=\"sequence\" aria-labelledby=\"%s\"><h2 id=\"%s\">",
			hid, hid);
		sori_page_esc(p, sori_page_t(p, "in_this_gallery"));
		g_string_append(p->out, "</h2><ul>");
		for (gint d = -1; d <= 1; d += 2) {
			JsonObject *x;
			g_autofree gchar *href = NULL;
			if ((d < 0 && at == 0) || (d > 0 && at + 1 >= n))
				continue;
			x = json_array_get_object_element(list, at + d);
			href = sori_page_href(p, "e", sori_json_object_get_string(x, "id"));
			g_string_append(p->out, "<li><a class=\"card\"");
			sori_page_attr(p, "href", href);
			g_string_append_c(p->out, '>');
			sori_page_word(p, "span", " class=\"card-detail\"",
				       d < 0 ? "previous_exhibit" : "next_exhibit");
			g_string_append(p->out, "<span class=\"card-title\">");
			sori_page_code(p, x, FALSE);
			g_string_append_c(p->out, ' ');
			sori_page_text(p, "span", x, "title", NULL);
			g_string_append(p->out, "</span></a></li>");
		}
		g_string_append(p->out, "</ul></nav>");
	}
out:
	g_string_append(p->out, "</div>");
}

static void
sori_page_exhibit(SoriPage *p)
{
	SoriExhibit *exhibit = p->req->exhibit;
	JsonObject *e = p->exhibit;
	JsonObject *media = sori_json_object_get_object(e, "media");
	JsonObject *gallery = sori_json_object_get_object(e, "gallery");
	JsonObject *sign = sori_json_object_get_object(e, "sign_language");
	JsonObject *chosen
		= p->version != NULL ? sori_json_object_get_object(media, p->version) : NULL;
	g_autofree gchar *number = sori_page_tf(p, "exhibit_number", exhibit->code, NULL);
	guint available = 0;

	sori_page_breadcrumb(p, gallery, e, "title", NULL);
	sori_page_text(p, "h1", e, "title", NULL);
	g_string_append(p->out, "<p class=\"meta\">");
	sori_page_esc(p, number);
	if (sori_pages_text_of(e, "period") != NULL) {
		g_string_append(p->out, " · ");
		sori_page_text(p, "span", e, "period", NULL);
	}
	g_string_append(p->out, "</p>");
	sori_page_figure(p, e);

	/* reading first, as the app's default mode has it (prefs.js) */
	if (chosen != NULL) {
		sori_page_section(p, "transcript", sori_page_t(p, "transcript"));
		g_string_append(p->out, "<div class=\"transcript-body\">");
		sori_page_text(p, "p", e, p->version, " class=\"transcript\"");
		g_string_append(p->out, "</div></section>");
		sori_page_section(p, "listen", sori_page_t(p, "listen"));
		for (guint i = 0; i < G_N_ELEMENTS(versions); i++) {
			if (sori_pages_text_of(e, versions[i]) != NULL
			    && sori_json_object_get_object(media, versions[i]) != NULL)
				available++;
		}
		if (available > 1) {
			/* a choice the app makes at once; without it, a form asks sorid */
			const gchar *values[G_N_ELEMENTS(versions) + 1] = { NULL };
			const gchar *labels[G_N_ELEMENTS(versions)] = { NULL };
			g_autofree gchar *action = sori_page_href(p, "e", exhibit->id);
			guint n = 0;
			for (guint i = 0; i < G_N_ELEMENTS(versions); i++) {
				if (sori_pages_text_of(e, versions[i]) == NULL
				    || sori_json_object_get_object(media, versions[i]) == NULL)
					continue;
				values[n] = versions[i];
				labels[n++] = sori_page_t(p, versions[i]);
			}
			g_string_append(p->out, "<form class=\"version-form\" method=\"get\"");
			/* the form's own query replaces the action's */
			{
				g_autofree gchar *bare = g_strdup(action);
				gchar *q = strchr(bare, '?');
				if (q != NULL)
					*q = '\0';
				sori_page_attr(p, "action", bare);
			}
			g_string_append_c(p->out, '>');
			if (p->req->sticky)
				g_string_append_printf(
					p->out,
					"<input type=\"hidden\" name=\"lang\" value=\"%s\">",
					p->req->lang);
			sori_page_radios(p, "options", sori_page_t(p, "version"), "version", values,
					 labels, NULL, p->version);
			g_string_append(p->out,
					"<p class=\"no-script-only\"><button type=\"submit\" "
					"class=\"button\">");
			sori_page_esc(p, sori_page_t(p, "show_version"));
			g_string_append(p->out, "</button></p></fieldset></form>");
		}
		g_string_append(p->out, "<div class=\"listen-body\">");
		sori_page_player(p, e, chosen);
		g_string_append(p->out, "</div></section>");
	} else {
		sori_page_section(p, "transcript", sori_page_t(p, "description"));
		sori_page_text(p, "p", e, "description", NULL);
		sori_page_put(p, "</section>");
	}
	if (sign != NULL && sori_pages_usable_url(sori_json_object_get_string(sign, "video"))) {
		sori_page_section(p, "sign", sori_page_t(p, "sign_video"));
		sori_page_sign(p, sign);
		sori_page_put(p, "</section>");
	}
	sori_page_visiting(p, sori_json_object_get_object(e, "access"));
	if (sori_page_has_map(p)) {
		sori_page_section(p, "getting-there", sori_page_t(p, "getting_there"));
		g_string_append(p->out, "<p>");
		sori_page_directions_link(p, exhibit->id, NULL);
		g_string_append(p->out, "</p></section>");
	}
	sori_page_sequence(p, exhibit);
}

/* a place to choose, the places by floor, @chosen (a place's id or what it is bound to) selected */
static void
sori_page_place_select(SoriPage *p, JsonObject *places, const gchar *name, const gchar *label_key,
		       const gchar *chosen)
{
	JsonArray *floors = sori_json_object_get_array(places, "floors");
	JsonArray *list = sori_json_object_get_array(places, "places");
	g_autofree gchar *id = sori_page_uid(p, name);
	static const gchar *const bindings[] = { "exhibit", "gallery", "entrance", NULL };

	g_string_append_printf(p->out, "<div class=\"field\"><label for=\"%s\">", id);
	sori_page_esc(p, sori_page_t(p, label_key));
	g_string_append_printf(p->out,
			       "</label><select class=\"place-select\" id=\"%s\" name=\"%s\">"
			       "<option value=\"\">",
			       id, name);
	sori_page_esc(p, sori_page_t(p, "choose_place"));
	g_string_append(p->out, "</option>");
	for (guint f = 0; floors != NULL && f < json_array_get_length(floors); f++) {
		JsonObject *floor = json_array_get_object_element(floors, f);
		gint64 level = 0;
		sori_json_object_get_int(floor, "level", &level);
		g_string_append(p->out, "<optgroup");
		sori_page_attr(p, "label", sori_pages_text_of(floor, "name"));
		g_string_append_c(p->out, '>');
		for (guint i = 0; list != NULL && i < json_array_get_length(list); i++) {
			JsonObject *place = json_array_get_object_element(list, i);
			const gchar *place_id = sori_json_object_get_string(place, "id");
			gint64 on = 0;
			gboolean selected = g_strcmp0(place_id, chosen) == 0;
			if (!sori_json_object_get_int(place, "floor", &on) || on != level)
				continue;
			for (guint b = 0; !selected && chosen != NULL && bindings[b] != NULL; b++)
				selected
					= g_strcmp0(sori_json_object_get_string(place, bindings[b]),
						    chosen)
					  == 0;
			g_string_append(p->out, "<option");
			sori_page_attr(p, "value", place_id);
			if (selected)
				g_string_append(p->out, " selected");
			g_string_append_c(p->out, '>');
			sori_page_esc(p, sori_pages_text_of(place, "name"));
			g_string_append(p->out, "</option>");
		}
		g_string_append(p->out, "</optgroup>");
	}
	g_string_append(p->out, "</select></div>");
}

/* the way, step by step, each with the browser's own player */
static void
sori_page_route(SoriPage *p, JsonObject *route)
{
	JsonArray *steps = sori_json_object_get_array(route, "steps");
	guint n = steps != NULL ? json_array_get_length(steps) : 0;
	JsonNode *distance = json_object_get_member(route, "distance_m");
	g_autofree gchar *metres
		= g_strdup_printf("%.0f", distance != NULL && JSON_NODE_HOLDS_VALUE(distance)
						  ? json_node_get_double(distance)
						  : 0.0);
	g_autofree gchar *summary = sori_page_tn(p, "route_summary", n, metres);

	sori_page_section(p, "route", sori_page_t(p, "all_steps"));
	sori_page_plain(p, "p", " class=\"route-summary\"", summary);
	g_string_append(p->out, "<ol class=\"step-list\">");
	for (guint i = 0; i < n; i++) {
		JsonObject *step = json_array_get_object_element(steps, i);
		g_string_append(p->out, "<li>");
		sori_page_text(p, "p", step, "instruction", " class=\"step-text\"");
		g_string_append(p->out, "<audio controls preload=\"none\"");
		sori_page_attr(p, "src", sori_json_object_get_string(step, "audio"));
		g_string_append(p->out, "></audio></li>");
	}
	g_string_append(p->out, "</ol></section>");
}

/* directions without JavaScript: a plain form, and the way when both places are chosen */
static void
sori_page_directions(SoriPage *p)
{
	static const gchar *const profiles[]
		= { "general", "wheelchair", "step-free", "blind", NULL };
	const gchar *profile_labels[]
		= { sori_page_t(p, "profile_general"), sori_page_t(p, "profile_wheelchair"),
		    sori_page_t(p, "profile_step_free"), sori_page_t(p, "profile_blind") };
	SoriCatalogue *catalogue = p->req->snapshot->catalogue;
	g_autoptr(JsonNode) places = NULL;
	g_autoptr(JsonNode) route = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *action = NULL;
	const gchar *problem = NULL;
	SoriProfile profile = SORI_PROFILE_GENERAL;

	sori_page_breadcrumb(p, NULL, NULL, NULL, sori_page_t(p, "directions"));
	sori_page_word(p, "h1", NULL, "directions");
	sori_page_word(p, "p", NULL, "directions_intro");
	g_string_append(p->out, "<div class=\"no-script-only\">");
	if (!sori_page_has_map(p)) {
		sori_page_word(p, "p", NULL, "no_map");
		g_string_append(p->out, "</div>");
		return;
	}
	if (p->req->profile != NULL)
		sori_profile_from_string(p->req->profile, &profile);
	if (p->req->from != NULL && p->req->to != NULL) {
		route = sori_wayfinding_directions_view(catalogue, p->req->from, p->req->to,
							profile, p->req->lang, NULL, &error);
		if (route == NULL)
			problem = g_error_matches(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_NO_ROUTE)
					  ? "no_route"
					  : "unknown_place";
	} else if (p->req->from != NULL) {
		problem = "need_to";
	}
	if (route != NULL)
		sori_page_route(p, json_node_get_object(route));
	places = sori_wayfinding_places_view(catalogue, p->req->lang);
	action = sori_page_href(p, "directions", NULL);
	{
		gchar *q = strchr(action, '?');
		if (q != NULL)
			*q = '\0';
	}
	g_string_append(p->out, "<form class=\"directions-form\" method=\"get\"");
	sori_page_attr(p, "action", action);
	g_string_append_c(p->out, '>');
	if (p->req->sticky)
		g_string_append_printf(p->out, "<input type=\"hidden\" name=\"lang\" value=\"%s\">",
				       p->req->lang);
	sori_page_place_select(p, json_node_get_object(places), "from", "from_label", p->req->from);
	sori_page_place_select(p, json_node_get_object(places), "to", "to_label", p->req->to);
	sori_page_radios(p, "options", sori_page_t(p, "profile"), "profile", profiles,
			 profile_labels, NULL, sori_profile_to_string(profile));
	sori_page_put(p, "</fieldset>");
	g_string_append(p->out, "<p><button type=\"submit\" class=\"button primary\">");
	sori_page_esc(p, sori_page_t(p, "show_way"));
	g_string_append(p->out, "</button></p></form><p class=\"error\" role=\"alert\">");
	if (problem != NULL)
		sori_page_esc(p, sori_page_t(p, problem));
	g_string_append(p->out, "</p></div>");
}

/* directions and nearby: the app draws them; without it, where to turn */
static void
sori_page_scripted(SoriPage *p, const gchar *title_key, const gchar *intro_key)
{
	g_autofree gchar *access = sori_page_href(p, "access", NULL);

	sori_page_breadcrumb(p, NULL, NULL, NULL, sori_page_t(p, title_key));
	sori_page_word(p, "h1", NULL, title_key);
	sori_page_word(p, "p", NULL, intro_key);
	g_string_append(p->out, "<div class=\"no-script-only\">");
	sori_page_word(p, "p", NULL, "needs_script");
	g_string_append(p->out, "<p>");
	sori_page_link(p, "button", access, sori_page_t(p, "all_access"));
	g_string_append(p->out, "</p></div>");
}

static void
sori_page_not_found(SoriPage *p)
{
	const gchar *home = "/";
	g_autofree gchar *venue_home = NULL;

	if (p->req->snapshot != NULL)
		home = venue_home = sori_page_href(p, NULL, NULL);
	sori_page_word(p, "h1", NULL, "not_found");
	sori_page_word(p, "p", " class=\"error\"",
		       p->req->problem != NULL ? p->req->problem : "not_found_text");
	g_string_append(p->out, "<p class=\"actions\">");
	sori_page_link(p, "button", home, sori_page_t(p, "back_home"));
	g_string_append(p->out, "</p>");
}

/* ---------------------------------------------------------------------- */
/* the frame: head, header, main, footer */

/* the page's title, as main.js sets it: "Exhibit — Venue" */
static gchar *
sori_page_title(SoriPage *p)
{
	const SoriPageRequest *req = p->req;
	const gchar *venue = sori_pages_text_of(p->venue, "name");
	const gchar *title = NULL;

	switch (req->kind) {
	case SORI_PAGE_VENUES:
		title = sori_page_t(p, "choose_venue");
		break;
	case SORI_PAGE_HOME:
		title = venue;
		break;
	case SORI_PAGE_GALLERY: {
		JsonArray *galleries = sori_json_object_get_array(p->venue, "galleries");
		for (guint i = 0; galleries != NULL && i < json_array_get_length(galleries); i++) {
			JsonObject *g = json_array_get_object_element(galleries, i);
			if (g_strcmp0(sori_json_object_get_string(g, "id"), req->gallery->id) == 0)
				title = sori_pages_text_of(g, "name");
		}
		break;
	}
	case SORI_PAGE_EXHIBIT:
		title = sori_pages_text_of(p->exhibit, "title");
		break;
	case SORI_PAGE_KEYPAD:
		title = sori_page_t(p, "keypad_title");
		break;
	case SORI_PAGE_ACCESS:
		title = sori_page_t(p, "access");
		break;
	case SORI_PAGE_SETTINGS:
	case SORI_PAGE_SETTINGS_GLOBAL:
		title = sori_page_t(p, "settings_title");
		break;
	case SORI_PAGE_NEARBY:
		title = sori_page_t(p, "nearby_title");
		break;
	case SORI_PAGE_DIRECTIONS:
		title = sori_page_t(p, "directions");
		break;
	case SORI_PAGE_CAMERA:
		title = sori_page_t(p, "camera_title");
		break;
	case SORI_PAGE_NOT_FOUND:
	default:
		title = sori_page_t(p, "not_found");
		break;
	}
	if (venue != NULL && g_strcmp0(title, venue) != 0)
		return g_strdup_printf("%s — %s", title, venue);
	return g_strdup(title != NULL ? title : "sori");
}

/* the page's description, for link previews: the exhibit's, the venue's */
static gchar *
sori_page_description(SoriPage *p)
{
	if (p->exhibit != NULL)
		return g_strdup(sori_pages_text_of(p->exhibit, "description"));
	if (p->venue != NULL)
		return g_strdup(sori_pages_text_of(p->venue, "description"));
	return g_strdup(sori_page_t(p, "venues_intro"));
}

static void
sori_page_schema(SoriPage *p)
{
	g_autoptr(JsonNode) schema = sori_open_data_build_schema(p->req->snapshot->catalogue);
	g_autofree gchar *json = json_to_string(schema, FALSE);
	g_autoptr(GString) safe = g_string_new(json);

	/* in a script element: nothing the catalogue says may close it */
	g_string_replace(safe, "<", "\\u003c", 0);
	g_string_replace(safe, ">", "\\u003e", 0);
	g_string_replace(safe, "&", "\\u0026", 0);
	g_string_append_printf(p->out,
			       "<script type=\"application/ld+json\" id=\"sori-venue-schema\">%s"
			       "</script>\n",
			       safe->str);
}

static void
sori_page_head(SoriPage *p)
{
	g_autofree gchar *title = sori_page_title(p);
	g_autofree gchar *description = sori_page_description(p);
	JsonArray *langs = sori_json_object_get_array(p->venue, "languages");

	g_string_append_printf(p->out, "<!doctype html>\n<html lang=\"%s\" dir=\"%s\">\n<head>\n",
			       p->ui_lang, sori_pages_is_rtl(p->ui_lang) ? "rtl" : "ltr");
	g_string_append(p->out,
			"<meta charset=\"utf-8\">\n"
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, "
			"viewport-fit=cover\">\n"
			"<meta name=\"color-scheme\" content=\"light dark\">\n"
			"<meta name=\"theme-color\" content=\"#0a4a6e\">\n"
			"<meta name=\"referrer\" content=\"no-referrer\">\n");
	/* scripts run: the app's controls show from the first paint, not after */
	g_string_append_printf(p->out, "<script>%s</script>\n", sori_webapp_get_boot_script());
	g_string_append(p->out, "<title>");
	sori_page_esc(p, title);
	g_string_append(p->out, "</title>\n");
	if (description != NULL) {
		g_string_append(p->out, "<meta name=\"description\"");
		sori_page_attr(p, "content", description);
		g_string_append(p->out, ">\n");
	}
	for (guint i = 0; langs != NULL && i < json_array_get_length(langs); i++) {
		const gchar *code = json_array_get_string_element(langs, i);
		g_autofree gchar *href = g_strdup_printf("%s?lang=%s", p->req->path, code);
		g_string_append(p->out, "<link rel=\"alternate\"");
		sori_page_attr(p, "hreflang", code);
		sori_page_attr(p, "href", href);
		g_string_append(p->out, ">\n");
	}
	g_string_append(p->out,
			"<link rel=\"manifest\" href=\"/manifest.webmanifest\">\n"
			"<link rel=\"icon\" href=\"/app/icon.svg\" type=\"image/svg+xml\">\n"
			"<link rel=\"stylesheet\" href=\"/app/sori.css\">\n");
	/* the app's modules load after what is read: nothing is fetched early
	 * (modulepreload) to compete with the page's own picture on a slow
	 * network, and the app only takes over what is already on the screen */
	g_string_append(p->out, "<script type=\"module\" src=\"/app/main.js\"></script>\n");
	if (p->req->kind == SORI_PAGE_HOME)
		sori_page_schema(p);
	g_string_append(p->out, "</head>\n");
}

static void
sori_page_nav(SoriPage *p)
{
	static const struct {
		SoriPageKind kind;
		const gchar *part;
		const gchar *key;
	} items[] = {
		{ SORI_PAGE_HOME, NULL, "nav_home" },
		{ SORI_PAGE_KEYPAD, "keypad", "nav_number" },
		{ SORI_PAGE_ACCESS, "access", "nav_access" },
		{ SORI_PAGE_CAMERA, "camera", "nav_camera" },
		{ SORI_PAGE_SETTINGS, "settings", "nav_settings" },
	};
	g_autofree gchar *home = NULL;

	if (p->venue == NULL) {
		g_string_append(p->out, "<a class=\"brand\" id=\"brand\" href=\"/\">sori</a>\n"
					"<nav id=\"site-nav\" aria-label=\"Main\" hidden></nav>\n");
		return;
	}
	home = sori_page_href(p, NULL, NULL);
	{
		g_autofree gchar *attrs
			= g_strdup_printf(" class=\"brand\" id=\"brand\" href=\"%s\"", home);
		sori_page_text(p, "a", p->venue, "name", attrs);
	}
	g_string_append(p->out, "\n<nav id=\"site-nav\"");
	sori_page_attr(p, "aria-label", sori_page_t(p, "nav_main"));
	g_string_append(p->out, "><ul>");
	for (guint i = 0; i < G_N_ELEMENTS(items); i++) {
		g_autofree gchar *href = sori_page_href(p, items[i].part, NULL);
		g_string_append(p->out, "<li><a");
		sori_page_attr(p, "href", href);
		if (items[i].kind == p->req->kind)
			g_string_append(p->out, " aria-current=\"page\"");
		g_string_append_c(p->out, '>');
		sori_page_esc(p, sori_page_t(p, items[i].key));
		g_string_append(p->out, "</a></li>");
	}
	g_string_append(p->out, "</ul></nav>\n");
}

/* an exhibit's text to listen to: the one asked for, else the first there is */
static const gchar *
sori_pages_choose_version(JsonObject *e, const gchar *asked)
{
	JsonObject *media = sori_json_object_get_object(e, "media");
	const gchar *first = NULL;

	for (guint i = 0; i < G_N_ELEMENTS(versions); i++) {
		if (sori_pages_text_of(e, versions[i]) == NULL
		    || sori_json_object_get_object(media, versions[i]) == NULL)
			continue;
		if (first == NULL)
			first = versions[i];
		if (g_strcmp0(asked, versions[i]) == 0)
			return versions[i];
	}
	return first;
}

static GBytes *
sori_pages_render(const SoriPageRequest *req)
{
	JsonObject *strings = sori_pages_get_strings();
	g_autoptr(JsonNode) venue = NULL;
	g_autoptr(JsonNode) exhibit = NULL;
	SoriPage page = {
		.out = g_string_sized_new(16 * 1024),
		.req = req,
		.ui_lang = sori_pages_ui_language(req->lang),
	};
	SoriPage *p = &page;

	page.words = json_object_get_object_member(strings, page.ui_lang);
	page.english = json_object_get_object_member(strings, "en");
	if (req->snapshot != NULL) {
		venue = sori_view_venue(req->snapshot->catalogue, req->lang);
		page.venue = json_node_get_object(venue);
	}
	/* the exhibit's view, once, for its title, description and body */
	if (req->kind == SORI_PAGE_EXHIBIT) {
		exhibit = sori_view_exhibit(req->snapshot->catalogue, req->exhibit, req->lang);
		page.exhibit = json_node_get_object(exhibit);
		page.version = sori_pages_choose_version(page.exhibit, req->version);
	}
	sori_page_head(p);
	g_string_append(p->out, "<body>\n<a class=\"skip-link\" href=\"#main\" id=\"skip-link\">");
	sori_page_esc(p, sori_page_t(p, "skip"));
	g_string_append(p->out, "</a>\n<header class=\"site-header\">\n");
	sori_page_nav(p);
	g_string_append(p->out, "</header>\n<main id=\"main\" tabindex=\"-1\"");
	sori_page_attr(p, "data-page", page_names[req->kind]);
	sori_page_attr(p, "data-lang", req->lang);
	sori_page_attr(p, "data-path", req->path);
	g_string_append(p->out, ">\n");
	switch (req->kind) {
	case SORI_PAGE_VENUES:
		sori_page_venues(p);
		break;
	case SORI_PAGE_HOME:
		sori_page_home(p);
		break;
	case SORI_PAGE_GALLERY:
		sori_page_gallery(p);
		break;
	case SORI_PAGE_EXHIBIT:
		sori_page_exhibit(p);
		break;
	case SORI_PAGE_KEYPAD:
		sori_page_keypad(p);
		break;
	case SORI_PAGE_ACCESS:
		sori_page_access(p);
		break;
	case SORI_PAGE_SETTINGS:
	case SORI_PAGE_SETTINGS_GLOBAL:
		sori_page_settings(p);
		break;
	case SORI_PAGE_NEARBY:
		sori_page_scripted(p, "nearby_title", "nearby_intro");
		break;
	case SORI_PAGE_DIRECTIONS:
		sori_page_directions(p);
		break;
	case SORI_PAGE_CAMERA:
		sori_page_camera(p);
		break;
	case SORI_PAGE_NOT_FOUND:
	default:
		sori_page_not_found(p);
		break;
	}
	g_string_append(p->out, "\n</main>\n<footer class=\"site-footer\"><p id=\"privacy-note\">");
	sori_page_esc(p, sori_page_t(p, "privacy"));
	g_string_append(p->out,
			"</p></footer>\n<div id=\"announcer\" class=\"visually-hidden\" "
			"aria-live=\"polite\" aria-atomic=\"true\"></div>\n</body>\n</html>\n");
	return g_string_free_to_bytes(page.out);
}

static SoriRepresentation *
sori_pages_build_cb(SoriVenueSnapshot *snapshot, gpointer user_data)
{
	const SoriPageRequest *req = user_data;
	g_autoptr(GBytes) body = sori_pages_render(req);
	return sori_representation_new(req->status, PAGE_TYPE, req->lang, body);
}

/* ---------------------------------------------------------------------- */
/* requests */

/* what a page's query may say; the rest (a poster's, a preview's) is ignored */
typedef struct {
	gchar *lang;
	gchar *version;
	gchar *code;
	gboolean has_code;
	gchar *from;
	gchar *to;
	gchar *profile;
} SoriPageQuery;

static void
sori_page_query_clear(SoriPageQuery *q)
{
	g_free(q->lang);
	g_free(q->version);
	g_free(q->code);
	g_free(q->from);
	g_free(q->to);
	g_free(q->profile);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(SoriPageQuery, sori_page_query_clear)

/* a parameter, or NULL when absent or empty */
static gchar *
sori_pages_param(GHashTable *params, const gchar *name)
{
	const gchar *value = g_hash_table_lookup(params, name);
	return value != NULL && value[0] != '\0' ? g_strdup(value) : NULL;
}

static gboolean
sori_pages_read_query(const gchar *query, SoriPageQuery *q)
{
	g_autoptr(GHashTable) params = NULL;

	if (query == NULL || query[0] == '\0')
		return TRUE;
	if (strlen(query) > SORI_PAGES_QUERY_MAX_LEN)
		return FALSE;
	params = g_uri_parse_params(query, -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
	if (params == NULL)
		return FALSE;
	q->lang = sori_pages_param(params, "lang");
	q->version = sori_pages_param(params, "version");
	q->code = g_strdup(g_hash_table_lookup(params, "code"));
	q->has_code = g_hash_table_contains(params, "code");
	q->from = sori_pages_param(params, "from");
	q->to = sori_pages_param(params, "to");
	q->profile = sori_pages_param(params, "profile");
	return TRUE;
}

/* the page's language: one of the venue's asked for with ?lang=, or the phone's */
static const gchar *
sori_pages_choose_language(const SoriHttpRequest *request, SoriCatalogue *catalogue,
			   const gchar *asked, gboolean *sticky)
{
	const gchar *const *offered = sori_catalogue_get_languages(catalogue);
	const gchar *lang = NULL;

	*sticky = FALSE;
	if (asked != NULL) {
		lang = sori_language_match(offered, asked);
		if (lang != NULL) {
			*sticky = TRUE;
			return lang;
		}
	}
	lang = sori_language_negotiate(offered, request->accept_language,
				       sori_catalogue_get_default_language(catalogue));
	return lang;
}

static void
sori_pages_answer(SoriHttpResponse *response, const SoriHttpRequest *request,
		  SoriRepresentation *rep, SoriPageKind kind)
{
	sori_http_response_set_representation(response, request, rep, VARY_PAGE);
	response->webapp = TRUE;
	response->security_policy = sori_webapp_get_security_policy();
	sori_pages_camera_allow(response, kind);
	/* a new catalogue or app shows at once; the service worker keeps it offline */
	response->cache_control = "no-cache";
}

/* a page built for this request only: one that says what a client typed */
static void
sori_pages_answer_once(SoriHttpResponse *response, const SoriHttpRequest *request,
		       const SoriPageRequest *req)
{
	g_autoptr(GBytes) body = sori_pages_render(req);
	g_autoptr(SoriRepresentation) rep
		= sori_representation_new(req->status, PAGE_TYPE, req->lang, body);
	sori_pages_answer(response, request, rep, req->kind);
}

/* a home page of another day than @today's: the opening hours mark today */
static gboolean
sori_pages_is_other_day_cb(gpointer key, gpointer value, gpointer user_data)
{
	const gchar *const *prefix_and_today = user_data;
	const gchar *k = key;
	return g_str_has_prefix(k, prefix_and_today[0])
	       && !g_str_has_suffix(k, prefix_and_today[1]);
}

static void
sori_pages_serve(SoriHttpResponse *response, const SoriHttpRequest *request, SoriPageRequest *req,
		 const gchar *id)
{
	/* only the home page changes with the day; the others are kept for the
	 * catalogue version, so the keys stay bounded by the catalogue */
	gboolean daily = req->kind == SORI_PAGE_HOME;
	g_autofree gchar *prefix
		= g_strdup_printf("page\x1f%s\x1f%s\x1f%s\x1f%d\x1f%s\x1f", page_names[req->kind],
				  id != NULL ? id : "", req->lang, req->sticky,
				  req->version != NULL ? req->version : "");
	g_autofree gchar *key = g_strconcat(prefix, daily ? req->today : "", NULL);
	SoriRepresentation *rep;

	if (daily && !g_hash_table_contains(req->snapshot->representations, key)) {
		/* yesterday's (and any before) go: one home page per language at a time */
		const gchar *prefix_and_today[] = { prefix, req->today };
		g_hash_table_foreach_remove(req->snapshot->representations,
					    sori_pages_is_other_day_cb, prefix_and_today);
	}
	rep = sori_venue_snapshot_get_representation(req->snapshot, key, sori_pages_build_cb, req);
	sori_pages_answer(response, request, rep, req->kind);
}

static void
sori_pages_redirect(SoriHttpResponse *response, SoriCatalogue *catalogue, const SoriTarget *target,
		    const gchar *via, const gchar *lang, gboolean sticky)
{
	g_autofree gchar *venue
		= g_uri_escape_string(sori_catalogue_get_id(catalogue), NULL, FALSE);
	g_autofree gchar *id = g_uri_escape_string(target->kind == SORI_TARGET_KIND_EXHIBIT
							   ? target->exhibit->id
							   : target->gallery->id,
						   NULL, FALSE);
	g_autofree gchar *location
		= g_strdup_printf("/v/%s/%s/%s?via=%s%s%s", venue,
				  target->kind == SORI_TARGET_KIND_EXHIBIT ? "e" : "g", id, via,
				  sticky ? "&lang=" : "", sticky ? lang : "");
	sori_http_response_set_redirect(response, location);
	response->cache_control = "no-store";
}

/* the path's segments after /v/, decoded; NULL for one that is not a page's */
static gchar **
sori_pages_split(const gchar *rest)
{
	g_auto(GStrv) raw = g_strsplit(rest, "/", -1);
	g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func(g_free);
	guint n = g_strv_length(raw);

	/* a trailing slash, as someone typing the address may add */
	if (n > 1 && raw[n - 1][0] == '\0')
		n--;
	if (n == 0 || n > 4)
		return NULL;
	for (guint i = 0; i < n; i++) {
		gchar *part = g_uri_unescape_string(raw[i], "/");
		if (part == NULL || part[0] == '\0' || strlen(part) > 128
		    || !g_utf8_validate(part, -1, NULL)) {
			g_free(part);
			return NULL;
		}
		g_ptr_array_add(parts, part);
	}
	g_ptr_array_add(parts, NULL);
	return (gchar **) g_ptr_array_free(g_steal_pointer(&parts), FALSE);
}

static void
sori_pages_set_today(SoriPageRequest *req)
{
	g_autoptr(GDateTime) now = NULL;

	if (req->snapshot == NULL)
		return;
	now = sori_usage_venue_now(req->snapshot->catalogue);
	req->weekday = g_date_time_get_day_of_week(now);
	g_snprintf(req->today, sizeof(req->today), "%04d-%02d-%02d", g_date_time_get_year(now),
		   g_date_time_get_month(now), g_date_time_get_day_of_month(now));
}

static void
sori_pages_not_found(SoriHttpResponse *response, const SoriHttpRequest *request,
		     SoriPageRequest *req, const gchar *problem)
{
	req->kind = SORI_PAGE_NOT_FOUND;
	req->status = 404;
	req->problem = problem;
	sori_pages_answer_once(response, request, req);
}

/* the venues page, or the one venue's when there is only one */
static void
sori_pages_handle_venues(SoriVenueStore *store, const SoriHttpRequest *request,
			 SoriHttpResponse *response, SoriPageRequest *req, const gchar *asked)
{
	static const gchar *const app_languages[] = { "ko", "en", NULL };
	GPtrArray *snapshots = sori_venue_store_get_snapshots(store);
	g_autoptr(GPtrArray) langs = g_ptr_array_new();
	g_autoptr(GString) key = g_string_new("page\x1f");
	GHashTable *cache;
	SoriRepresentation *rep;

	if (snapshots->len == 1) {
		SoriCatalogue *catalogue
			= ((SoriVenueSnapshot *) g_ptr_array_index(snapshots, 0))->catalogue;
		g_autofree gchar *id
			= g_uri_escape_string(sori_catalogue_get_id(catalogue), NULL, FALSE);
		g_autofree gchar *location = g_strdup_printf("/v/%s", id);
		sori_http_response_set_redirect(response, location);
		response->cache_control = "no-cache";
		return;
	}
	/* the app's words in the phone's language where sori has them */
	req->lang = asked != NULL ? sori_language_match(app_languages, asked) : NULL;
	if (req->lang == NULL)
		req->lang = sori_language_negotiate(app_languages, request->accept_language, "en");
	g_string_append_printf(key, "%s\x1f", req->lang);
	for (guint i = 0; i < snapshots->len; i++) {
		SoriCatalogue *catalogue
			= ((SoriVenueSnapshot *) g_ptr_array_index(snapshots, i))->catalogue;
		gboolean sticky;
		const gchar *lang
			= sori_pages_choose_language(request, catalogue, req->lang, &sticky);
		g_ptr_array_add(langs, (gpointer) lang);
		g_string_append_printf(key, "%s,", lang);
	}
	req->snapshots = snapshots;
	req->langs = langs;
	cache = sori_venue_store_get_list_cache(store);
	rep = g_hash_table_lookup(cache, key->str);
	if (rep == NULL) {
		g_autoptr(GBytes) body = sori_pages_render(req);
		rep = sori_representation_new(200, PAGE_TYPE, req->lang, body);
		g_hash_table_insert(cache, g_strdup(key->str), rep);
	}
	sori_pages_answer(response, request, rep, req->kind);
}

/* /v/{venue}/c?code=101, the keypad's form without JavaScript */
static void
sori_pages_handle_typed(SoriHttpResponse *response, const SoriHttpRequest *request,
			SoriPageRequest *req, const gchar *code)
{
	SoriCatalogue *catalogue = req->snapshot->catalogue;
	g_autofree gchar *digits = g_strstrip(g_strdup(code != NULL ? code : ""));
	const SoriTarget *target = NULL;

	req->kind = SORI_PAGE_KEYPAD;
	if (strlen(digits) > MAX_CODE_DIGITS)
		digits[MAX_CODE_DIGITS] = '\0';
	if (!sori_catalogue_code_is_valid(digits)) {
		req->status = 400;
		req->problem = "keypad_need_three";
		/* the number stays for correcting; anything not a digit does not */
		for (gchar *c = digits; *c != '\0'; c++) {
			if (!g_ascii_isdigit(*c))
				*c = '\0';
		}
		req->code = digits;
		sori_pages_answer_once(response, request, req);
		return;
	}
	target = sori_catalogue_lookup_code(catalogue, digits);
	if (target == NULL) {
		req->status = 404;
		req->problem = "keypad_unknown";
		req->code = digits;
		sori_pages_answer_once(response, request, req);
		return;
	}
	sori_pages_redirect(response, catalogue, target, "number", req->lang, req->sticky);
}

/**
 * sori_pages_handle:
 *
 * GET /, /settings and /v/{venue}[/…]: a visitors' page, whole; a QR code's
 * link (/v/{venue}/c/{code}) and the number form (/v/{venue}/c?code=)
 * answered with a redirect to what they lead to.
 */
gboolean
sori_pages_handle(gpointer store, const SoriHttpRequest *request, const SoriRouteMatch *match,
		  SoriHttpResponse *response)
{
	g_auto(SoriPageQuery) query = { 0 };
	g_auto(GStrv) parts = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = NULL;
	SoriPageRequest req = { .status = 200 };
	const gchar *asked;
	guint n;

	if (!sori_pages_read_query(request->query, &query)) {
		sori_http_response_fail(response, request, SORI_PROBLEM_INVALID_PARAMETER,
					"the query is too long or not a query");
		return TRUE;
	}
	asked = query.lang;
	if (g_str_equal(request->path, "/")) {
		req.kind = SORI_PAGE_VENUES;
		req.path = "/";
		req.today[0] = '\0';
		sori_pages_handle_venues(store, request, response, &req, asked);
		return TRUE;
	}
	if (g_str_equal(request->path, "/settings")) {
		static const gchar *const app_languages[] = { "ko", "en", NULL };
		req.kind = SORI_PAGE_SETTINGS_GLOBAL;
		req.path = "/settings";
		req.lang = asked != NULL ? sori_language_match(app_languages, asked) : NULL;
		req.sticky = req.lang != NULL;
		if (req.lang == NULL)
			req.lang = sori_language_negotiate(app_languages, request->accept_language,
							   "en");
		{
			g_autoptr(GBytes) body = NULL;
			g_autoptr(SoriRepresentation) rep = NULL;
			GHashTable *cache = sori_venue_store_get_list_cache(store);
			g_autofree gchar *key = g_strdup_printf("page\x1fsettings\x1f%s\x1f%d",
								req.lang, req.sticky);
			SoriRepresentation *kept = g_hash_table_lookup(cache, key);
			if (kept == NULL) {
				body = sori_pages_render(&req);
				kept = sori_representation_new(200, PAGE_TYPE, req.lang, body);
				g_hash_table_insert(cache, g_steal_pointer(&key), kept);
			}
			sori_pages_answer(response, request, kept, req.kind);
		}
		return TRUE;
	}
	parts = g_str_has_prefix(request->path, "/v/") ? sori_pages_split(request->path + 3) : NULL;
	if (parts == NULL) {
		sori_http_response_fail(response, request, SORI_PROBLEM_UNKNOWN_ROUTE,
					"there is no such page");
		return TRUE;
	}
	n = g_strv_length(parts);
	req.snapshot = sori_api_lookup_venue(store, parts[0], &error);
	if (req.snapshot == NULL) {
		static const gchar *const app_languages[] = { "ko", "en", NULL };
		req.lang = sori_language_negotiate(app_languages, request->accept_language, "en");
		req.path = "/";
		req.kind = SORI_PAGE_NOT_FOUND;
		req.problem = g_error_matches(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_UNKNOWN_VENUE)
				      ? "unknown_venue"
				      : "error";
		req.status = g_error_matches(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_UNKNOWN_VENUE)
				     ? 404
				     : 503;
		sori_pages_answer_once(response, request, &req);
		return TRUE;
	}
	req.lang = sori_pages_choose_language(request, req.snapshot->catalogue, asked, &req.sticky);
	/* the page's own address, as its language links and main.js name it */
	{
		g_autofree gchar *venue = g_uri_escape_string(parts[0], NULL, FALSE);
		g_autoptr(GString) own = g_string_new("/v/");
		g_string_append(own, venue);
		for (guint i = 1; i < n; i++) {
			g_autofree gchar *escaped = g_uri_escape_string(parts[i], NULL, FALSE);
			g_string_append_printf(own, "/%s", escaped);
		}
		path = g_string_free(g_steal_pointer(&own), FALSE);
		req.path = path;
	}
	if (n == 1) {
		/* only the home page says what day it is (its opening hours) */
		sori_pages_set_today(&req);
		req.kind = SORI_PAGE_HOME;
		sori_pages_serve(response, request, &req, NULL);
		return TRUE;
	}
	if (n == 2) {
		static const struct {
			const gchar *name;
			SoriPageKind kind;
		} pages[] = {
			{ "keypad", SORI_PAGE_KEYPAD },         { "access", SORI_PAGE_ACCESS },
			{ "settings", SORI_PAGE_SETTINGS },     { "nearby", SORI_PAGE_NEARBY },
			{ "directions", SORI_PAGE_DIRECTIONS }, { "camera", SORI_PAGE_CAMERA },
		};
		if (g_str_equal(parts[1], "c") && query.has_code) {
			sori_pages_handle_typed(response, request, &req, query.code);
			return TRUE;
		}
		/* directions asked for without JavaScript: this visitor's way, built for them */
		if (g_str_equal(parts[1], "directions")
		    && (query.from != NULL || query.to != NULL || query.profile != NULL)) {
			req.kind = SORI_PAGE_DIRECTIONS;
			req.from = query.from;
			req.to = query.to;
			req.profile = query.profile;
			sori_pages_answer_once(response, request, &req);
			return TRUE;
		}
		for (guint i = 0; i < G_N_ELEMENTS(pages); i++) {
			if (g_str_equal(parts[1], pages[i].name)) {
				req.kind = pages[i].kind;
				sori_pages_serve(response, request, &req, NULL);
				return TRUE;
			}
		}
		sori_pages_not_found(response, request, &req, "not_found_text");
		return TRUE;
	}
	if (n == 3 && g_str_equal(parts[1], "g")) {
		req.gallery = sori_catalogue_lookup_gallery(req.snapshot->catalogue, parts[2]);
		if (req.gallery == NULL) {
			sori_pages_not_found(response, request, &req, "not_found_text");
			return TRUE;
		}
		req.kind = SORI_PAGE_GALLERY;
		sori_pages_serve(response, request, &req, req.gallery->id);
		return TRUE;
	}
	if (n == 3 && g_str_equal(parts[1], "e")) {
		req.exhibit = sori_catalogue_lookup_exhibit(req.snapshot->catalogue, parts[2]);
		if (req.exhibit == NULL) {
			sori_pages_not_found(response, request, &req, "unknown_exhibit");
			return TRUE;
		}
		req.kind = SORI_PAGE_EXHIBIT;
		/* one of the three names or none: the pages kept stay four per exhibit */
		for (guint i = 0; i < G_N_ELEMENTS(versions); i++) {
			if (g_strcmp0(query.version, versions[i]) == 0)
				req.version = versions[i];
		}
		sori_pages_serve(response, request, &req, req.exhibit->id);
		return TRUE;
	}
	if (n == 3 && g_str_equal(parts[1], "c")) {
		const SoriTarget *target
			= sori_catalogue_code_is_valid(parts[2])
				  ? sori_catalogue_lookup_code(req.snapshot->catalogue, parts[2])
				  : NULL;
		if (target == NULL) {
			sori_pages_not_found(response, request, &req, "unknown_exhibit");
			return TRUE;
		}
		sori_pages_redirect(response, req.snapshot->catalogue, target, "qr", req.lang,
				    req.sticky);
		return TRUE;
	}
	sori_pages_not_found(response, request, &req, "not_found_text");
	return TRUE;
}
