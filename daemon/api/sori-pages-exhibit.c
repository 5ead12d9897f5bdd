/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The visitors' exhibit page (sori-pages.c renders it): its figure, its
 * texts, the player to listen to them, its sign and its place in the visit.
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

#define DEFAULT_RATE "1"

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
	alt = sori_json_object_get_object(image, "alt");
	/* a picture sorid could not fetch: what it shows, said in words */
	if (sori_json_object_get_string(image, "url") == NULL && alt != NULL) {
		g_string_append(p->out,
				"<figure class=\"exhibit-image\"><p class=\"image-missing\">");
		sori_page_esc(p, sori_page_t(p, "image_missing"));
		g_string_append_c(p->out, ' ');
		sori_page_text(p, "span", image, "alt", NULL);
		g_string_append(p->out, "</p></figure>");
		return;
	}
	if (!sori_pages_usable_url(sori_json_object_get_string(image, "url")))
		return;
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
	sori_page_lang(p, alt != NULL ? sori_json_object_get_string(alt, "lang") : NULL);
	/* what it shows, said in its place when it does not come (exhibit.js) */
	g_string_append(p->out, "><p class=\"image-missing\" hidden>");
	sori_page_esc(p, sori_page_t(p, "image_missing"));
	g_string_append_c(p->out, ' ');
	sori_page_text(p, "span", image, "alt", NULL);
	g_string_append(p->out, "</p></figure>");
}

/* the player, as player.js draws it; the browser's own controls until the
 * app takes it over, and its captions as a file */
void
sori_page_player(SoriPage *p, const gchar *audio, const gchar *captions, const gchar *lang,
		 const gchar *attrs)
{
	static const gchar *const rates[] = { "0.75", "1", "1.25", "1.5", "1.75", "2", "2.5", "3" };
	g_autofree gchar *position = sori_page_tf(p, "position_text", "0:00", "--:--");
	g_autofree gchar *speed = sori_page_uid(p, "speed");

	g_string_append_printf(p->out, "<div class=\"player\"%s", attrs != NULL ? attrs : "");
	sori_page_attr(p, "data-vtt", captions);
	g_string_append(p->out, "><audio controls preload=\"none\"");
	sori_page_attr(p, "src", audio);
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
				"<div class=\"player-speed script-only\">");
	g_string_append_printf(p->out, "<label for=\"%s\">", speed);
	sori_page_esc(p, sori_page_t(p, "speed"));
	g_string_append_printf(p->out, "</label><select id=\"%s\" class=\"speed\">", speed);
	for (guint i = 0; i < G_N_ELEMENTS(rates); i++)
		g_string_append_printf(p->out, "<option value=\"%s\"%s>%s×</option>", rates[i],
				       g_str_equal(rates[i], DEFAULT_RATE) ? " selected" : "",
				       rates[i]);
	g_string_append(p->out,
			"</select></div><p class=\"player-status\" role=\"status\"></p>"
			"<div class=\"captions-box script-only\"><p class=\"captions-label\">");
	sori_page_esc(p, sori_page_t(p, "captions"));
	g_string_append(p->out, "</p><p class=\"captions\"");
	sori_page_lang(p, lang);
	g_string_append(p->out, "></p></div><p class=\"captions-file no-script-only\">");
	sori_page_link(p, NULL, captions, sori_page_t(p, "captions_file"));
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

/* the texts to listen to, the chosen one shown and the others in templates,
 * each with where to hear it and read its captions */
static void
sori_page_transcripts(SoriPage *p, const gchar *const *versions, guint available)
{
	JsonObject *e = p->exhibit;
	JsonObject *media = sori_json_object_get_object(e, "media");
	JsonObject *narration = sori_json_object_get_object(e, "narration");

	sori_page_section(p, "transcript", sori_page_t(p, "transcript"));
	g_string_append(p->out, "<div class=\"transcript-body\">");
	for (guint i = 0; i < available; i++) {
		JsonObject *m = sori_json_object_get_object(media, versions[i]);
		JsonObject *text = sori_json_object_get_object(e, versions[i]);
		gboolean shown = g_str_equal(versions[i], p->version);
		/* the curator's own recording, or speech made by sorid (usage.js counts which) */
		gboolean recorded = g_str_equal(versions[i], "description")
				    && g_strcmp0(sori_json_object_get_string(narration, "lang"),
						 sori_json_object_get_string(text, "lang"))
					       == 0;
		g_autofree gchar *audio
			= g_markup_escape_text(sori_json_object_get_string(m, "audio") ?: "", -1);
		g_autofree gchar *captions = g_markup_escape_text(
			sori_json_object_get_string(m, "captions") ?: "", -1);
		g_autofree gchar *attrs = g_strdup_printf(
			" class=\"transcript\" data-version=\"%s\" data-recorded=\"%s\" "
			"data-audio=\"%s\" data-vtt=\"%s\"",
			versions[i], recorded ? "true" : "false", audio, captions);
		if (!shown)
			g_string_append(p->out, "<template>");
		sori_page_text(p, "p", e, versions[i], attrs);
		if (!shown)
			g_string_append(p->out, "</template>");
	}
}

/* the texts to listen to: a choice the app makes at once; without it, the form asks sorid */
static void
sori_page_version_form(SoriPage *p, const gchar *const *versions, guint n)
{
	const gchar *labels[G_N_ELEMENTS(sori_page_versions)] = { NULL };
	g_autofree gchar *action = sori_page_href(p, "e", p->req->exhibit->id);
	gchar *q = strchr(action, '?');

	for (guint i = 0; i < n; i++)
		labels[i] = sori_page_t(p, versions[i]);
	/* the form's own query replaces the action's */
	if (q != NULL)
		*q = '\0';
	g_string_append(p->out, "<form class=\"version-form\" method=\"get\"");
	sori_page_attr(p, "action", action);
	g_string_append_c(p->out, '>');
	if (p->req->sticky)
		g_string_append_printf(p->out, "<input type=\"hidden\" name=\"lang\" value=\"%s\">",
				       p->req->lang);
	sori_page_radios(p, "options", sori_page_t(p, "version"), "version", versions, labels, NULL,
			 p->version);
	g_string_append(p->out, "<p class=\"no-script-only\"><button type=\"submit\" "
				"class=\"button\">");
	sori_page_esc(p, sori_page_t(p, "show_version"));
	g_string_append(p->out, "</button></p></fieldset></form>");
}

void
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
	const gchar *versions[G_N_ELEMENTS(sori_page_versions) + 1] = { NULL };
	guint available = 0;

	sori_page_breadcrumb(p, gallery, e, "title", NULL);
	sori_page_text(p, "h1", e, "title", NULL);
	g_string_append(p->out, "<p class=\"meta\">");
	sori_page_esc(p, number);
	if (sori_page_text_of(e, "period") != NULL) {
		g_string_append(p->out, " · ");
		sori_page_text(p, "span", e, "period", NULL);
	}
	g_string_append(p->out, "</p>");
	sori_page_figure(p, e);

	/* reading first, as the app's default mode has it (prefs.js): the chosen
	 * text, and the others to listen to in templates, each with where to hear
	 * it, for the app to show at once (without it, the form asks sorid) */
	for (guint i = 0; i < G_N_ELEMENTS(sori_page_versions); i++) {
		if (sori_page_text_of(e, sori_page_versions[i]) != NULL
		    && sori_json_object_get_object(media, sori_page_versions[i]) != NULL)
			versions[available++] = sori_page_versions[i];
	}
	if (chosen != NULL) {
		JsonObject *text = sori_json_object_get_object(e, p->version);
		sori_page_transcripts(p, versions, available);
		g_string_append(p->out, "</div></section>");
		sori_page_section(p, "listen", sori_page_t(p, "listen"));
		if (available > 1)
			sori_page_version_form(p, versions, available);
		g_string_append(p->out, "<div class=\"listen-body\">");
		sori_page_player(p, sori_json_object_get_string(chosen, "audio"),
				 sori_json_object_get_string(chosen, "captions"),
				 sori_json_object_get_string(text, "lang"), NULL);
		g_string_append(p->out, "</div></section>");
	} else {
		sori_page_section(p, "transcript", sori_page_t(p, "description"));
		sori_page_text(p, "p", e, "description", NULL);
		sori_page_put(p, "</section>");
	}
	/* the video, or for a visitor who came for it (the app shows it), that there is none */
	if (sign != NULL && sori_pages_usable_url(sori_json_object_get_string(sign, "video"))) {
		sori_page_section(p, "sign", sori_page_t(p, "sign_video"));
		sori_page_sign(p, sign);
		sori_page_put(p, "</section>");
	} else {
		g_autofree gchar *hid = sori_page_uid(p, "h");
		g_string_append_printf(p->out,
				       "<section id=\"sign\" aria-labelledby=\"%s\" hidden>"
				       "<h2 id=\"%s\">",
				       hid, hid);
		sori_page_esc(p, sori_page_t(p, "sign_video"));
		g_string_append(p->out, "</h2>");
		sori_page_word(p, "p", NULL, "no_sign_video");
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
