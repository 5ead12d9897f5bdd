/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The catalogue's venue: opening hours, contact, access information,
 * languages and licence.
 */

#define G_LOG_DOMAIN "sori-catalogue"

#include "config.h"

#include <string.h>

#include "sori-catalogue-private.h"
#include "sori-language.h"
#include "sori-location-id.h"

static gboolean
sori_catalogue_parse_clock_time(const gchar *text, guint *minutes)
{
	if (strlen(text) != 5 || text[2] != ':' || !g_ascii_isdigit(text[0])
	    || !g_ascii_isdigit(text[1]) || !g_ascii_isdigit(text[3]) || !g_ascii_isdigit(text[4]))
		return FALSE;
	{
		guint h = (guint) (text[0] - '0') * 10 + (guint) (text[1] - '0');
		guint m = (guint) (text[3] - '0') * 10 + (guint) (text[4] - '0');
		if (h > 24 || m > 59 || (h == 24 && m != 0))
			return FALSE;
		*minutes = h * 60 + m;
	}
	return TRUE;
}

static gboolean
sori_catalogue_date_is_valid(const gchar *text)
{
	g_autoptr(GDateTime) dt = NULL;
	g_autofree gchar *iso = NULL;
	if (strlen(text) != 10 || text[4] != '-' || text[7] != '-')
		return FALSE;
	iso = g_strdup_printf("%sT00:00:00Z", text);
	dt = g_date_time_new_from_iso8601(iso, NULL);
	return dt != NULL;
}

static void
sori_catalogue_check_opening_hours(SoriCatalogueChecker *c, JsonObject *venue, const gchar *pointer)
{
	static const gchar *const allowed[] = { "regular", "closed_dates", "note", NULL };
	static const gchar *const period_allowed[] = { "days", "opens", "closes", NULL };
	JsonObject *hours = sori_checker_get_object(c, venue, pointer, "opening_hours", TRUE);
	g_autofree gchar *hours_pointer = sori_json_pointer_member(pointer, "opening_hours");
	g_autofree gchar *regular_pointer = NULL;
	g_autofree gchar *closed_pointer = NULL;
	JsonArray *regular;
	JsonArray *closed;

	if (hours == NULL)
		return;
	sori_checker_check_members(c, hours, hours_pointer, allowed);
	sori_checker_check_name(c, hours, hours_pointer, "note", FALSE);
	regular_pointer = sori_json_pointer_member(hours_pointer, "regular");
	regular = sori_checker_get_array(c, hours, hours_pointer, "regular", TRUE, 14);
	for (guint i = 0; regular != NULL && i < json_array_get_length(regular); i++) {
		g_autofree gchar *period_pointer = sori_json_pointer_index(regular_pointer, i);
		g_autofree gchar *days_pointer = NULL;
		JsonObject *period = sori_checker_array_object(c, regular, regular_pointer, i);
		JsonArray *days;
		const gchar *opens;
		const gchar *closes;
		guint opens_min = 0;
		guint closes_min = 0;
		gboolean times_ok = TRUE;

		if (period == NULL)
			continue;
		sori_checker_check_members(c, period, period_pointer, period_allowed);
		days_pointer = sori_json_pointer_member(period_pointer, "days");
		days = sori_checker_get_array(c, period, period_pointer, "days", TRUE, 7);
		for (guint d = 0; days != NULL && d < json_array_get_length(days); d++) {
			JsonNode *day = json_array_get_element(days, d);
			g_autofree gchar *day_pointer = sori_json_pointer_index(days_pointer, d);
			if (!sori_checker_expect_type(c, day, day_pointer, JSON_NODE_VALUE,
						      G_TYPE_STRING))
				continue;
			if (!g_strv_contains(sori_catalogue_weekdays, json_node_get_string(day)))
				sori_checker_report(c, day_pointer,
						    "'%s' is not a day: use mon, tue, wed, thu, "
						    "fri, sat or sun",
						    json_node_get_string(day));
		}
		opens = sori_checker_get_string(c, period, period_pointer, "opens", TRUE, 5);
		closes = sori_checker_get_string(c, period, period_pointer, "closes", TRUE, 5);
		if (opens != NULL && !sori_catalogue_parse_clock_time(opens, &opens_min)) {
			g_autofree gchar *p = sori_json_pointer_member(period_pointer, "opens");
			sori_checker_report(c, p,
					    "'%s' is not a time: write HH:MM, from 00:00 to 24:00",
					    opens);
			times_ok = FALSE;
		}
		if (closes != NULL && !sori_catalogue_parse_clock_time(closes, &closes_min)) {
			g_autofree gchar *p = sori_json_pointer_member(period_pointer, "closes");
			sori_checker_report(c, p,
					    "'%s' is not a time: write HH:MM, from 00:00 to 24:00",
					    closes);
			times_ok = FALSE;
		}
		if (opens != NULL && closes != NULL && times_ok && closes_min <= opens_min) {
			g_autofree gchar *p = sori_json_pointer_member(period_pointer, "closes");
			sori_checker_report(c, p, "closes at %s, which is not after it opens at %s",
					    closes, opens);
		}
	}
	closed_pointer = sori_json_pointer_member(hours_pointer, "closed_dates");
	closed = sori_checker_get_array(c, hours, hours_pointer, "closed_dates", FALSE, 366);
	for (guint i = 0; closed != NULL && i < json_array_get_length(closed); i++) {
		JsonNode *date = json_array_get_element(closed, i);
		g_autofree gchar *date_pointer = sori_json_pointer_index(closed_pointer, i);
		if (!sori_checker_expect_type(c, date, date_pointer, JSON_NODE_VALUE,
					      G_TYPE_STRING))
			continue;
		if (!sori_catalogue_date_is_valid(json_node_get_string(date)))
			sori_checker_report(c, date_pointer, "'%s' is not a date: write YYYY-MM-DD",
					    json_node_get_string(date));
	}
}

static void
sori_catalogue_check_contact(SoriCatalogueChecker *c, JsonObject *venue, const gchar *pointer)
{
	static const gchar *const allowed[] = { "phone", "email", "website", "sms", NULL };
	JsonObject *contact = sori_checker_get_object(c, venue, pointer, "contact", TRUE);
	g_autofree gchar *contact_pointer = sori_json_pointer_member(pointer, "contact");
	const gchar *email;

	if (contact == NULL)
		return;
	sori_checker_check_members(c, contact, contact_pointer, allowed);
	for (guint i = 0; i < 2; i++) {
		/* SMS matters: deaf visitors cannot phone */
		const gchar *field = i == 0 ? "phone" : "sms";
		const gchar *phone
			= sori_checker_get_string(c, contact, contact_pointer, field, FALSE, 32);
		if (phone != NULL && strspn(phone, "+0123456789 ()-") != strlen(phone)) {
			g_autofree gchar *p = sori_json_pointer_member(contact_pointer, field);
			sori_checker_report(
				c, p,
				"'%s' is not a phone number: use digits, spaces, '+', '(', ')' "
				"and '-'",
				phone);
		}
	}
	email = sori_checker_get_string(c, contact, contact_pointer, "email", FALSE, 254);
	if (email != NULL) {
		const gchar *at = strchr(email, '@');
		if (at == NULL || at == email || strchr(at + 1, '.') == NULL
		    || strchr(email, ' ') != NULL) {
			g_autofree gchar *p = sori_json_pointer_member(contact_pointer, "email");
			sori_checker_report(c, p, "'%s' is not an e-mail address", email);
		}
	}
	sori_checker_get_url(c, contact, contact_pointer, "website", FALSE);
	if (!json_object_has_member(contact, "phone") && !json_object_has_member(contact, "email")
	    && !json_object_has_member(contact, "sms"))
		sori_checker_report(c, contact_pointer, "give at least one of phone, sms or email");
}

/* a list of access features (entrances, lifts, …): each has an id, a name and a description */
static void
sori_catalogue_check_access_list(SoriCatalogueChecker *c, JsonObject *access, const gchar *pointer,
				 const gchar *name, const gchar *const *allowed, const gchar *what)
{
	g_autofree gchar *list_pointer = sori_json_pointer_member(pointer, name);
	g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	JsonArray *list
		= sori_checker_get_array(c, access, pointer, name, FALSE, SORI_CATALOGUE_MAX_LIST);

	for (guint i = 0; list != NULL && i < json_array_get_length(list); i++) {
		g_autofree gchar *item_pointer = sori_json_pointer_index(list_pointer, i);
		JsonObject *item = sori_checker_array_object(c, list, list_pointer, i);
		const gchar *id;
		gboolean flag;

		if (item == NULL)
			continue;
		sori_checker_check_members(c, item, item_pointer, allowed);
		id = sori_checker_get_id(c, item, item_pointer, "id", TRUE);
		if (id != NULL) {
			g_autofree gchar *id_pointer = sori_json_pointer_member(item_pointer, "id");
			sori_checker_check_unique_id(c, seen, id, id_pointer, what);
		}
		sori_checker_check_name(c, item, item_pointer, "name", TRUE);
		sori_checker_check_long_text(c, item, item_pointer, "description", TRUE);
		if (g_strv_contains(allowed, "floor"))
			sori_checker_get_integer(c, item, item_pointer, "floor", TRUE, -20, 200,
						 NULL);
		if (g_strv_contains(allowed, "step_free"))
			sori_checker_get_boolean(c, item, item_pointer, "step_free", TRUE, &flag);
		if (g_strv_contains(allowed, "changing_place"))
			sori_checker_get_boolean(c, item, item_pointer, "changing_place", FALSE,
						 &flag);
		if (g_strv_contains(allowed, "available"))
			sori_checker_get_integer(c, item, item_pointer, "available", FALSE, 0,
						 10000, NULL);
		if (g_strv_contains(allowed, "floors")) {
			g_autofree gchar *floors_pointer
				= sori_json_pointer_member(item_pointer, "floors");
			JsonArray *floors = sori_checker_get_array(c, item, item_pointer, "floors",
								   TRUE, 220);
			for (guint f = 0; floors != NULL && f < json_array_get_length(floors);
			     f++) {
				g_autofree gchar *fp = sori_json_pointer_index(floors_pointer, f);
				sori_checker_check_integer_node(
					c, json_array_get_element(floors, f), fp, -20, 200, NULL);
			}
			if (floors != NULL && json_array_get_length(floors) < 2)
				sori_checker_report(c, floors_pointer,
						    "a lift serves at least two floors");
		}
	}
}

static void
sori_catalogue_check_access(SoriCatalogueChecker *c, JsonObject *venue, const gchar *pointer)
{
	static const gchar *const allowed[]
		= { "summary", "entrances", "step_free_routes", "lifts",        "toilets",
		    "seating", "equipment", "assistance_dogs",  "quiet_spaces", NULL };
	static const gchar *const entrance_fields[]
		= { "id", "name", "description", "floor", "step_free", NULL };
	static const gchar *const route_fields[] = { "id", "name", "description", NULL };
	static const gchar *const lift_fields[] = { "id", "name", "description", "floors", NULL };
	static const gchar *const toilet_fields[]
		= { "id", "name", "description", "floor", "changing_place", NULL };
	static const gchar *const quiet_fields[] = { "id", "name", "description", "floor", NULL };
	static const gchar *const equipment_fields[]
		= { "id", "name", "description", "available", NULL };
	JsonObject *access = sori_checker_get_object(c, venue, pointer, "access", TRUE);
	g_autofree gchar *access_pointer = sori_json_pointer_member(pointer, "access");

	if (access == NULL)
		return;
	sori_checker_check_members(c, access, access_pointer, allowed);
	sori_checker_check_long_text(c, access, access_pointer, "summary", TRUE);
	sori_catalogue_check_access_list(c, access, access_pointer, "entrances", entrance_fields,
					 "entrance");
	sori_catalogue_check_access_list(c, access, access_pointer, "step_free_routes",
					 route_fields, "route");
	sori_catalogue_check_access_list(c, access, access_pointer, "lifts", lift_fields, "lift");
	sori_catalogue_check_access_list(c, access, access_pointer, "toilets", toilet_fields,
					 "toilet");
	sori_catalogue_check_access_list(c, access, access_pointer, "equipment", equipment_fields,
					 "equipment");
	sori_catalogue_check_access_list(c, access, access_pointer, "quiet_spaces", quiet_fields,
					 "quiet space");
	sori_checker_check_long_text(c, access, access_pointer, "seating", FALSE);
	sori_checker_check_long_text(c, access, access_pointer, "assistance_dogs", FALSE);
	if (!json_object_has_member(access, "entrances")) {
		g_autofree gchar *p = sori_json_pointer_member(access_pointer, "entrances");
		sori_checker_report(c, p, "required field is missing: list at least one entrance");
	}
}

static void
sori_catalogue_check_languages(SoriCatalogueChecker *c, JsonObject *venue, const gchar *pointer)
{
	g_autofree gchar *langs_pointer = sori_json_pointer_member(pointer, "languages");
	JsonArray *langs = sori_checker_get_array(c, venue, pointer, "languages", TRUE,
						  SORI_CATALOGUE_MAX_LANGUAGES);
	g_autoptr(GPtrArray) good = g_ptr_array_new_with_free_func(g_free);
	gboolean all_good = TRUE;
	const gchar *default_language;

	if (langs == NULL)
		return;
	if (json_array_get_length(langs) == 0) {
		sori_checker_report(c, langs_pointer, "declare at least one language");
		return;
	}
	for (guint i = 0; i < json_array_get_length(langs); i++) {
		JsonNode *node = json_array_get_element(langs, i);
		g_autofree gchar *lang_pointer = sori_json_pointer_index(langs_pointer, i);
		const gchar *lang;
		if (!sori_checker_expect_type(c, node, lang_pointer, JSON_NODE_VALUE,
					      G_TYPE_STRING)) {
			all_good = FALSE;
			continue;
		}
		lang = json_node_get_string(node);
		if (!sori_checker_check_language_tag(c, lang, lang_pointer)) {
			all_good = FALSE;
			continue;
		}
		if (g_ptr_array_find_with_equal_func(good, lang, g_str_equal, NULL)) {
			sori_checker_report(c, lang_pointer, "language '%s' is declared twice",
					    lang);
			continue;
		}
		g_ptr_array_add(good, g_strdup(lang));
	}
	default_language = sori_checker_get_string(c, venue, pointer, "default_language", TRUE, 35);
	if (default_language != NULL
	    && !g_ptr_array_find_with_equal_func(good, default_language, g_str_equal, NULL)) {
		g_autofree gchar *p = sori_json_pointer_member(pointer, "default_language");
		sori_checker_report(c, p,
				    "the default language '%s' is not one of /venue/languages",
				    default_language);
		all_good = FALSE;
	}
	/* texts are checked against the languages only when those are sound,
	 * so one typo here does not bury the curator under a problem per text */
	if (!all_good || default_language == NULL)
		return;
	g_ptr_array_add(good, NULL);
	c->languages = (gchar **) g_ptr_array_steal(good, NULL);
	c->catalogue->languages = g_strdupv(c->languages);
	c->catalogue->default_language = g_strdup(default_language);
}

void
sori_catalogue_check_venue(SoriCatalogueChecker *c, JsonObject *root)
{
	static const gchar *const allowed[]
		= { "id",       "name",           "description",   "languages", "default_language",
		    "timezone", "licence",        "opening_hours", "contact",   "access",
		    "address",  "usage_counting", "kind",          NULL };
	const gchar *pointer = "/venue";
	JsonObject *venue = sori_checker_get_object(c, root, "", "venue", TRUE);
	const gchar *id;
	const gchar *tz_name;
	const gchar *licence;

	if (venue == NULL)
		return;
	c->catalogue->venue_json = venue;
	sori_checker_check_members(c, venue, pointer, allowed);
	id = sori_checker_get_id(c, venue, pointer, "id", TRUE);
	c->catalogue->id = g_strdup(id);
	sori_catalogue_check_languages(c, venue, pointer);
	sori_checker_check_name(c, venue, pointer, "name", TRUE);
	sori_checker_check_long_text(c, venue, pointer, "description", FALSE);
	sori_checker_check_long_text(c, venue, pointer, "address", TRUE);
	tz_name = sori_checker_get_string(c, venue, pointer, "timezone", TRUE, 64);
	if (tz_name != NULL) {
		GTimeZone *tz = sori_catalogue_time_zone_new(tz_name);
		if (tz == NULL) {
			g_autofree gchar *p = sori_json_pointer_member(pointer, "timezone");
			sori_checker_report(
				c, p,
				"'%s' is not a time zone: use an IANA name such as Asia/Seoul",
				tz_name);
		}
		g_clear_pointer(&tz, g_time_zone_unref);
	}
	licence = sori_checker_get_string(c, venue, pointer, "licence", TRUE, 32);
	if (licence != NULL && !g_strv_contains(sori_catalogue_known_licences, licence)) {
		g_autofree gchar *p = sori_json_pointer_member(pointer, "licence");
		g_autofree gchar *known
			= g_strjoinv(", ", (gchar **) sori_catalogue_known_licences);
		sori_checker_report(c, p, "'%s' is not an open licence sori knows: use one of %s",
				    licence, known);
	} else {
		c->catalogue->licence = g_strdup(licence);
	}
	{
		const gchar *kind = sori_checker_get_string(c, venue, pointer, "kind", FALSE, 32);
		if (kind != NULL && !g_strv_contains(sori_catalogue_venue_kinds, kind)) {
			g_autofree gchar *p = sori_json_pointer_member(pointer, "kind");
			g_autofree gchar *known
				= g_strjoinv(", ", (gchar **) sori_catalogue_venue_kinds);
			sori_checker_report(c, p, "'%s' is not a kind of venue: use one of %s",
					    kind, known);
		}
	}
	{
		gboolean counting = TRUE;
		sori_checker_get_boolean(c, venue, pointer, "usage_counting", FALSE, &counting);
	}
	sori_catalogue_check_opening_hours(c, venue, pointer);
	sori_catalogue_check_contact(c, venue, pointer);
	sori_catalogue_check_access(c, venue, pointer);
}
