/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The visitors' pages' frame (sori-pages.c renders them): the app's words,
 * the helpers that write markup, every catalogue text escaped through
 * sori_pages_escape(), and the head and the navigation of every page.
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

#define STRINGS_RESOURCE "/org/sori/pages/strings.json"

/* ---------------------------------------------------------------------- */
/* the app's words */

JsonObject *
sori_page_get_strings(void)
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
/*
 * the interface's languages: those pages/strings.json has words in (the
 * one place they are written), in its order
 */
const gchar *const *
sori_page_ui_languages(void)
{
	static gsize once = 0;
	static gchar **languages = NULL;

	if (g_once_init_enter(&once)) {
		g_autoptr(GList) members = json_object_get_members(sori_page_get_strings());
		GPtrArray *list = g_ptr_array_new();
		for (GList *l = members; l != NULL; l = l->next)
			g_ptr_array_add(list, g_strdup(l->data));
		g_ptr_array_add(list, NULL);
		languages = (gchar **) g_ptr_array_free(list, FALSE);
		g_once_init_leave(&once, 1);
	}
	return (const gchar *const *) languages;
}

const gchar *
sori_page_ui_language(const gchar *lang)
{
	JsonObject *strings = sori_page_get_strings();
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

/* a word of pages/strings.json; its key when there is none, as the app's t() (i18n.js) does */
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
gchar *
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

const gchar *
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
 * Returns: (transfer full): the language's name in that language
 *	(sori_language_get_endonym()), or @code when sori does not know it
 */
gchar *
sori_pages_language_name(const gchar *code)
{
	const gchar *name = sori_language_get_endonym(code);
	return g_strdup(name != NULL ? name : code);
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

/*
 * a catalogue text's language, and its direction where it is not the
 * page's: an Arabic or Hebrew text is laid out right to left wherever it is
 */
void
sori_page_lang(SoriPage *p, const gchar *lang)
{
	SoriLanguageDirection direction;

	if (lang == NULL)
		return;
	sori_page_attr(p, "lang", lang);
	direction = sori_language_get_direction(lang);
	if (direction != sori_language_get_direction(p->ui_lang))
		sori_page_attr(p, "dir", sori_language_direction_to_string(direction));
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
const gchar *
sori_page_text_of(JsonObject *obj, const gchar *member)
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
	sori_page_lang(p, sori_json_object_get_string(text, "lang"));
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
void
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
void
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
/* the frame: head, header, main, footer */

/* the page's title, as main.js sets it: "Exhibit — Venue" */
static gchar *
sori_page_title(SoriPage *p)
{
	const SoriPageRequest *req = p->req;
	const gchar *venue = sori_page_text_of(p->venue, "name");
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
				title = sori_page_text_of(g, "name");
		}
		break;
	}
	case SORI_PAGE_EXHIBIT:
		title = sori_page_text_of(p->exhibit, "title");
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
	case SORI_PAGE_OFFLINE:
		title = sori_page_t(p, "offline_title");
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
		return g_strdup(sori_page_text_of(p->exhibit, "description"));
	if (p->venue != NULL)
		return g_strdup(sori_page_text_of(p->venue, "description"));
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

void
sori_page_head(SoriPage *p)
{
	g_autofree gchar *title = sori_page_title(p);
	g_autofree gchar *description = sori_page_description(p);
	JsonArray *langs = sori_json_object_get_array(p->venue, "languages");

	g_string_append_printf(
		p->out, "<!doctype html>\n<html lang=\"%s\" dir=\"%s\">\n<head>\n", p->ui_lang,
		sori_language_direction_to_string(sori_language_get_direction(p->ui_lang)));
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

void
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
