/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The visitors' directions and nearby pages (sori-pages.c renders them):
 * the places' form and, asked for without JavaScript, the route.
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
		sori_page_attr(p, "label", sori_page_text_of(floor, "name"));
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
			sori_page_esc(p, sori_page_text_of(place, "name"));
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
void
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
void
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
