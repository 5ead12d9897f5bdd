/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The visitors' pages of a venue (sori-pages.c renders them): the venues,
 * the home page, a gallery, the number's keypad, access, the settings and
 * the not-found page.
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

/* ---------------------------------------------------------------------- */
/* the pages */

static void
sori_page_languages(SoriPage *p)
{
	const gchar *const *app_languages = sori_page_ui_languages();
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
		sori_page_lang(p, code);
		sori_page_attr(p, "hreflang", code);
		if (g_strcmp0(code, p->req->lang) == 0)
			g_string_append(p->out, " aria-current=\"true\"");
		g_string_append_c(p->out, '>');
		sori_page_esc(p, name);
		g_string_append(p->out, "</a></li>");
	}
	g_string_append(p->out, "</ul>");
}

void
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

void
sori_page_home(SoriPage *p)
{
	JsonObject *access = sori_json_object_get_object(p->venue, "access");
	JsonArray *galleries = sori_json_object_get_array(p->venue, "galleries");
	g_autofree gchar *keypad = sori_page_href(p, "keypad", NULL);
	g_autofree gchar *camera = sori_page_href(p, "camera", NULL);
	g_autofree gchar *nearby = sori_page_href(p, "nearby", NULL);
	g_autofree gchar *all_access = sori_page_href(p, "access", NULL);

	sori_page_text(p, "h1", p->venue, "name", NULL);
	sori_page_text(p, "p", p->venue, "description", " class=\"lead\"");
	sori_page_section(p, NULL, sori_page_t(p, "find_exhibit"));
	g_string_append(p->out, "<p class=\"actions\">");
	sori_page_link(p, "button primary", keypad, sori_page_t(p, "enter_number"));
	sori_page_link(p, "button", camera, sori_page_t(p, "camera_title"));
	/* shown by the app where the browser can scan for beacons */
	g_string_append(p->out, " <a class=\"button nearby-link\" hidden");
	sori_page_attr(p, "href", nearby);
	g_string_append_c(p->out, '>');
	sori_page_esc(p, sori_page_t(p, "find_nearby"));
	g_string_append(p->out, "</a></p>");
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
	sori_page_keep_offline(p);

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
void
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

void
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
		SORI_PAGE_MAX_CODE_DIGITS);
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

void
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
				p, "directions_to", sori_page_text_of(item, "name"), NULL);
			g_string_append(p->out, "<p>");
			sori_page_directions_link(p, sori_json_object_get_string(item, "id"),
						  label);
			g_string_append(p->out, "</p>");
		}
		g_string_append(p->out, "</li>");
	}
	g_string_append(p->out, "</ul></section>");
}

void
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
	if (sori_page_text_of(a, "seating") != NULL) {
		sori_page_section(p, NULL, sori_page_t(p, "seating"));
		sori_page_text(p, "p", a, "seating", NULL);
		sori_page_put(p, "</section>");
	}
	sori_page_access_list(p, a, "equipment", "equipment", sori_page_equipment_details, FALSE);
	sori_page_access_list(p, a, "quiet_spaces", "quiet_spaces", sori_page_floor, FALSE);
	if (sori_page_text_of(a, "assistance_dogs") != NULL) {
		sori_page_section(p, NULL, sori_page_t(p, "assistance_dogs"));
		sori_page_text(p, "p", a, "assistance_dogs", NULL);
		sori_page_put(p, "</section>");
	}
}

/* radio buttons under a legend (the settings, directions), each with its hint if given */
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

void
sori_page_settings(SoriPage *p)
{
	static const gchar *const modes[] = { "listen", "read", "sign", NULL };
	static const gchar *const sizes[] = { "100", "125", "150", "200", NULL };
	const gchar *mode_labels[] = { sori_page_t(p, "mode_listen"), sori_page_t(p, "mode_read"),
				       sori_page_t(p, "mode_sign") };
	const gchar *mode_hints[]
		= { sori_page_t(p, "mode_listen_hint"), sori_page_t(p, "mode_read_hint"),
		    sori_page_t(p, "mode_sign_hint") };
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
	sori_page_profiles(p, "general");
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

void
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
