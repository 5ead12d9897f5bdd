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

/* a place of the map by its id or what it is bound to (an exhibit, a gallery, an entrance) */
static JsonObject *
sori_page_find_place(JsonObject *places, const gchar *id)
{
	static const gchar *const bindings[] = { "id", "exhibit", "gallery", "entrance", NULL };
	JsonArray *list = sori_json_object_get_array(places, "places");

	for (guint b = 0; id != NULL && bindings[b] != NULL; b++) {
		for (guint i = 0; list != NULL && i < json_array_get_length(list); i++) {
			JsonObject *place = json_array_get_object_element(list, i);
			if (g_strcmp0(sori_json_object_get_string(place, bindings[b]), id) == 0)
				return place;
		}
	}
	return NULL;
}

/* what is said under a step: how far, and to which floor */
static gchar *
sori_page_step_meta(SoriPage *p, JsonObject *step)
{
	JsonNode *distance = json_object_get_member(step, "distance_m");
	JsonObject *floor_change = sori_json_object_get_object(step, "floor_change");
	const gchar *floor = sori_page_text_of(floor_change, "name");
	gdouble metres = distance != NULL && JSON_NODE_HOLDS_VALUE(distance)
				 ? json_node_get_double(distance)
				 : 0.0;
	g_autoptr(GString) meta = g_string_new(NULL);

	if (g_strcmp0(sori_json_object_get_string(step, "via"), "arrive") != 0 && metres >= 1) {
		g_autofree gchar *n = g_strdup_printf("%.0f", metres);
		g_autofree gchar *about = sori_page_tf(p, "about_metres", n, NULL);
		g_string_append(meta, about);
	}
	if (floor != NULL)
		g_string_append_printf(meta, "%s%s", meta->len > 0 ? " · " : "", floor);
	return g_string_free(g_steal_pointer(&meta), FALSE);
}

/* "Step 2 of 5", said before a step's words */
static gchar *
sori_page_step_of(SoriPage *p, guint i, guint n)
{
	g_autofree gchar *at = g_strdup_printf("%u", i + 1);
	g_autofree gchar *of = g_strdup_printf("%u", n);
	return sori_page_tf(p, "step_of", at, of);
}

/*
 * The step card: one step at a time, large, with its player and the
 * buttons to move on; the app (directions.js) moves it along the list
 * below. Without JavaScript the list alone, each step with its audio.
 */
static void
sori_page_step_card(SoriPage *p, JsonObject *route, JsonArray *steps, guint n)
{
	JsonObject *first = json_array_get_object_element(steps, 0);
	JsonObject *instruction = sori_json_object_get_object(first, "instruction");
	JsonObject *to = sori_json_object_get_object(route, "to");
	g_autofree gchar *hid = sori_page_uid(p, "h");
	g_autofree gchar *step_of = sori_page_step_of(p, 0, n);
	g_autofree gchar *meta = sori_page_step_meta(p, first);
	g_autofree gchar *arrived = sori_page_tf(p, "arrived", sori_page_text_of(to, "name"), NULL);

	g_string_append_printf(
		p->out, "<section class=\"step-card script-only\" aria-labelledby=\"%s\"", hid);
	sori_page_attr(p, "data-arrived", arrived);
	g_string_append_printf(p->out, "><h2 id=\"%s\" class=\"step-counter\">", hid);
	sori_page_esc(p, step_of);
	/* the step's words in their own language, as in the list (the app copies them) */
	g_string_append(p->out, "</h2><p class=\"step-text\" tabindex=\"-1\">"
				"<span class=\"visually-hidden\">");
	sori_page_esc(p, step_of);
	g_string_append(p->out, ". </span><span class=\"step-instruction\"");
	sori_page_lang(p, sori_json_object_get_string(instruction, "lang"));
	g_string_append_c(p->out, '>');
	sori_page_esc(p, sori_json_object_get_string(instruction, "text"));
	g_string_append(p->out, "</span></p>");
	sori_page_plain(p, "p", " class=\"step-meta\"", meta);
	g_string_append(p->out, "<div class=\"step-player\">");
	sori_page_player(p, sori_json_object_get_string(first, "audio"),
			 sori_json_object_get_string(first, "captions"),
			 sori_json_object_get_string(instruction, "lang"), NULL);
	g_string_append(p->out, "</div><p class=\"step-actions\">"
				"<button type=\"button\" class=\"button step-previous\" disabled>");
	sori_page_esc(p, sori_page_t(p, "previous_step"));
	g_string_append(p->out, "</button> <button type=\"button\" class=\"button primary "
				"step-next\"");
	if (n < 2)
		g_string_append(p->out, " disabled");
	g_string_append_c(p->out, '>');
	sori_page_esc(p, sori_page_t(p, "next_step"));
	/* the beacons' button where the browser can listen (the app shows it) */
	g_string_append(p->out, "</button></p><p class=\"follow-beacons\" hidden>"
				"<button type=\"button\" class=\"button\">");
	sori_page_esc(p, sori_page_t(p, "follow_beacons"));
	g_string_append(p->out, "</button></p><p><button type=\"button\" class=\"button "
				"camera-follow\" aria-pressed=\"false\">");
	sori_page_esc(p, sori_page_t(p, "camera_follow"));
	g_string_append(p->out, "</button></p><div class=\"camera-view\" hidden><video "
				"class=\"camera-video\" muted playsinline aria-hidden=\"true\">"
				"</video></div></section>");
	/* the codes the camera may see on the way */
	sori_page_camera_markers(p);
}

/* the way: the step card, then every step, each with the browser's own player */
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
	g_autofree gchar *summary = sori_page_tn(p, "route_summary", n > 0 ? n - 1 : 0, metres);
	g_autofree gchar *profile
		= g_strdup_printf("profile_%s", sori_json_object_get_string(route, "profile"));

	if (n == 0)
		return;
	g_strdelimit(profile, "-", '_');
	g_string_append(p->out, "<div class=\"route-result\"><p class=\"route-summary\">");
	sori_page_esc(p, summary);
	g_string_append(p->out, " · ");
	sori_page_esc(p, sori_page_t(p, profile));
	g_string_append(p->out, "</p>");
	sori_page_step_card(p, route, steps, n);
	sori_page_section(p, "route", sori_page_t(p, "all_steps"));
	g_string_append(p->out, "<ol class=\"step-list\">");
	for (guint i = 0; i < n; i++) {
		JsonObject *step = json_array_get_object_element(steps, i);
		JsonObject *instruction = sori_json_object_get_object(step, "instruction");
		JsonObject *ends_at = sori_json_object_get_object(step, "ends_at");
		const gchar *bound = sori_json_object_get_string(ends_at, "exhibit");
		g_autofree gchar *meta = sori_page_step_meta(p, step);
		g_autofree gchar *step_of = sori_page_step_of(p, i, n);

		if (bound == NULL)
			bound = sori_json_object_get_string(ends_at, "gallery");
		/* what the step card needs of each step, for the app not to ask again */
		g_string_append(p->out, "<li");
		sori_page_attr(p, "data-audio", sori_json_object_get_string(step, "audio"));
		sori_page_attr(p, "data-vtt", sori_json_object_get_string(step, "captions"));
		sori_page_attr(p, "data-via", sori_json_object_get_string(step, "via"));
		sori_page_attr(p, "data-meta", meta);
		sori_page_attr(p, "data-step-of", step_of);
		sori_page_attr(p, "data-place", sori_json_object_get_string(ends_at, "id"));
		sori_page_attr(p, "data-place-name", sori_page_text_of(ends_at, "name"));
		sori_page_attr(p, "data-bound", bound);
		/* the first step is the card's until the app moves it on */
		if (i == 0)
			g_string_append(p->out, " aria-current=\"step\"");
		g_string_append(p->out, "><span class=\"step-instruction\"");
		sori_page_lang(p, sori_json_object_get_string(instruction, "lang"));
		g_string_append_c(p->out, '>');
		sori_page_esc(p, sori_json_object_get_string(instruction, "text"));
		g_string_append(p->out, "</span><audio class=\"no-script-only\" controls "
					"preload=\"none\"");
		sori_page_attr(p, "src", sori_json_object_get_string(step, "audio"));
		g_string_append(p->out, "></audio></li>");
	}
	g_string_append(p->out, "</ol></section></div>");
}

/* the way's form: from, to, how the visitor gets around */
static void
sori_page_directions_form(SoriPage *p, JsonObject *places, const gchar *to, const gchar *profile)
{
	g_autofree gchar *action = sori_page_href(p, "directions", NULL);
	gchar *q = strchr(action, '?');

	if (q != NULL)
		*q = '\0';
	sori_page_section(p, NULL, sori_page_t(p, "plan_route"));
	g_string_append(p->out, "<form class=\"directions-form\" method=\"get\"");
	sori_page_attr(p, "action", action);
	g_string_append_c(p->out, '>');
	if (p->req->sticky)
		g_string_append_printf(p->out, "<input type=\"hidden\" name=\"lang\" value=\"%s\">",
				       p->req->lang);
	sori_page_place_select(p, places, "from", "from_label", p->req->from);
	sori_page_place_select(p, places, "to", "to_label", to);
	sori_page_profiles(p, profile);
	g_string_append(p->out, "<p><button type=\"submit\" class=\"button primary\">");
	sori_page_esc(p, sori_page_t(p, "show_way"));
	g_string_append(p->out, "</button></p>");
}

/*
 * Directions, one page with or without JavaScript: the way when both places
 * are chosen (the step card the app moves along), and the form.
 */
void
sori_page_directions(SoriPage *p)
{
	SoriCatalogue *catalogue = p->req->snapshot->catalogue;
	g_autoptr(JsonNode) places = NULL;
	g_autoptr(JsonNode) route = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *heading = NULL;
	g_autoptr(JsonNode) exhibit_view = NULL;
	const gchar *problem = NULL;
	JsonObject *destination;
	const gchar *name;
	SoriExhibit *exhibit;
	guint index = 0;
	SoriProfile profile = SORI_PROFILE_GENERAL;

	if (!sori_page_has_map(p)) {
		sori_page_breadcrumb(p, NULL, NULL, NULL, sori_page_t(p, "directions"));
		sori_page_word(p, "h1", NULL, "directions");
		sori_page_word(p, "p", NULL, "no_map");
		return;
	}
	places = sori_wayfinding_places_view(catalogue, p->req->lang);
	destination = sori_page_find_place(json_node_get_object(places), p->req->to);
	name = sori_page_text_of(destination, "name");
	/* an exhibit with no place of its own ("Directions here" on its page):
	 * at its gallery's place, as the route finds it, and named as asked */
	exhibit = p->req->to != NULL ? sori_catalogue_lookup_exhibit(catalogue, p->req->to) : NULL;
	if (destination == NULL && exhibit != NULL
	    && sori_catalogue_find_place(catalogue, p->req->to, &index)) {
		const SoriPlace *place
			= sori_map_get_place(sori_catalogue_get_map(catalogue), index);
		destination = sori_page_find_place(json_node_get_object(places), place->id);
		exhibit_view = sori_view_exhibit(catalogue, exhibit, p->req->lang);
		name = sori_page_text_of(json_node_get_object(exhibit_view), "title");
	}
	heading = destination != NULL ? sori_page_tf(p, "directions_to", name, NULL)
				      : g_strdup(sori_page_t(p, "directions"));
	sori_page_breadcrumb(p, NULL, NULL, NULL, heading);
	sori_page_plain(p, "h1", NULL, heading);
	sori_page_word(p, "p", NULL, "directions_intro");
	g_string_append(p->out, "<p class=\"status\" role=\"status\"></p>");
	if (p->req->profile != NULL)
		sori_profile_from_string(p->req->profile, &profile);
	if (p->req->from != NULL && p->req->to != NULL) {
		route = sori_wayfinding_directions_view(catalogue, p->req->from, p->req->to,
							profile, p->req->lang, NULL, &error);
		if (route == NULL)
			problem = g_error_matches(error, SORI_MAP_ERROR, SORI_MAP_ERROR_NO_ROUTE)
					  ? "no_route"
					  : "unknown_place";
	} else if (p->req->from != NULL) {
		problem = "need_to";
	}
	if (route != NULL)
		sori_page_route(p, json_node_get_object(route));
	sori_page_directions_form(
		p, json_node_get_object(places),
		destination != NULL ? sori_json_object_get_string(destination, "id") : p->req->to,
		sori_profile_to_string(profile));
	g_string_append(p->out, "<p class=\"error\" tabindex=\"-1\" role=\"alert\">");
	if (problem != NULL)
		sori_page_esc(p, sori_page_t(p, problem));
	/* why, in the words of the map's check (English) */
	if (g_strcmp0(problem, "no_route") == 0) {
		g_string_append(p->out, " <span lang=\"en\">");
		sori_page_esc(p, error->message);
		g_string_append(p->out, "</span>");
	}
	g_string_append(p->out, "</p></form></section>");
}

/**
 * sori_page_profiles:
 * @checked: the profile chosen
 *
 * How the visitor gets around, as radio buttons: the profiles are
 * lib/sori-map.c's (SoriProfile), their words "profile_" and the name.
 */
void
sori_page_profiles(SoriPage *p, const gchar *checked)
{
	const gchar *values[SORI_PROFILE_LAST + 1] = { NULL };
	const gchar *labels[SORI_PROFILE_LAST] = { NULL };
	g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(g_free);

	for (guint i = 0; i < SORI_PROFILE_LAST; i++) {
		gchar *key = g_strconcat("profile_", sori_profile_to_string(i), NULL);
		g_strdelimit(key, "-", '_');
		g_ptr_array_add(keys, key);
		values[i] = sori_profile_to_string(i);
		labels[i] = sori_page_t(p, key);
	}
	sori_page_radios(p, "options", sori_page_t(p, "profile"), "profile", values, labels, NULL,
			 checked);
	sori_page_put(p, "</fieldset>");
}

/* one place the beacons may say is near, as a card the app copies from the template */
static void
sori_page_nearby_place(SoriPage *p, const gchar *kind, JsonObject *place, const gchar *member)
{
	const gchar *id = sori_json_object_get_string(place, "id");
	g_autofree gchar *key = g_strdup_printf("%s:%s", kind, id);
	g_autofree gchar *href = sori_page_href(p, g_str_equal(kind, "gallery") ? "g" : "e", id);

	g_string_append(p->out, "<li");
	sori_page_attr(p, "data-place", key);
	g_string_append(p->out, "><a class=\"card\"");
	sori_page_attr(p, "href", href);
	g_string_append(p->out, ">");
	sori_page_text(p, "span", place, member, " class=\"card-title\"");
	g_string_append(p->out, "</a></li>");
}

/*
 * The venue's galleries and exhibits, named in the page's language: sorid's
 * locate answers with ids, and the app shows the nearest of these by them,
 * without asking for their names.
 */
static void
sori_page_nearby_places(SoriPage *p)
{
	g_autoptr(JsonNode) list
		= sori_view_exhibit_list(p->req->snapshot->catalogue, p->req->lang, NULL);
	JsonArray *exhibits = sori_json_object_get_array(json_node_get_object(list), "exhibits");
	JsonArray *galleries = sori_json_object_get_array(p->venue, "galleries");

	g_string_append(p->out, "<template class=\"nearby-places\">");
	for (guint i = 0; galleries != NULL && i < json_array_get_length(galleries); i++)
		sori_page_nearby_place(p, "gallery", json_array_get_object_element(galleries, i),
				       "name");
	for (guint i = 0; exhibits != NULL && i < json_array_get_length(exhibits); i++)
		sori_page_nearby_place(p, "exhibit", json_array_get_object_element(exhibits, i),
				       "title");
	g_string_append(p->out, "</template>");
}

/* beacons near me: the app listens where the browser can; without it, where to turn */
void
sori_page_nearby(SoriPage *p)
{
	g_autofree gchar *access = sori_page_href(p, "access", NULL);
	g_autofree gchar *keypad = sori_page_href(p, "keypad", NULL);

	sori_page_breadcrumb(p, NULL, NULL, NULL, sori_page_t(p, "nearby_title"));
	sori_page_word(p, "h1", NULL, "nearby_title");
	sori_page_word(p, "p", NULL, "nearby_intro");
	g_string_append(p->out, "<div class=\"no-script-only\">");
	sori_page_word(p, "p", NULL, "needs_script");
	g_string_append(p->out, "<p>");
	sori_page_link(p, "button", access, sori_page_t(p, "all_access"));
	g_string_append(p->out, "</p></div><div class=\"script-only nearby\">");
	sori_page_word(p, "p", " class=\"error nearby-unsupported\" hidden", "nearby_unsupported");
	g_string_append(p->out, "<p class=\"nearby-unsupported\" hidden>");
	sori_page_link(p, "button primary", keypad, sori_page_t(p, "enter_number"));
	/* shown by the app once it has the button listen: never a button that does nothing */
	g_string_append(p->out, "</p><p class=\"nearby-controls\" hidden><button type=\"button\" "
				"class=\"button primary nearby-start\">");
	sori_page_esc(p, sori_page_t(p, "nearby_start"));
	g_string_append(p->out,
			"</button></p><p class=\"status\" role=\"status\" "
			"aria-live=\"polite\"></p><ul class=\"cards nearby-results\"></ul></div>");
	sori_page_nearby_places(p);
}
