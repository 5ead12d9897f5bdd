/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * POST /v1/venues/{venue}/usage: a phone's small batch of what it used
 * today, checked against the catalogue and the limits, and added to the
 * day's counters. Nothing of the request is kept: not the address, not the
 * user agent, not the order of the events, not even that it was sent.
 *
 *   {"day": "2026-12-01",
 *    "events": [{"exhibit": "moon-jar", "feature": "opened"},
 *               {"exhibit": "moon-jar", "feature": "audio:synthetic:en"},
 *               {"place": "toilet-2", "feature": "directions:wheelchair"}],
 *    "settings": {"text_size_large": false, "high_contrast": true, "mode": "listen"}}
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include <string.h>

#include "sori-api.h"
#include "sori-metrics.h"
#include "sori-usage-api.h"

/* the features of an exhibit or gallery a phone may count, once a day each */
static const gchar *const target_features[] = {
	"opened",
	"reached:list",
	"reached:number",
	"reached:qr",
	"reached:beacon",
	"reached:directions",
	"reached:camera",
	"captions",
	"transcript",
	"sign-video",
	"version:easy-read",
	"version:audio-description",
	NULL,
};

/* @feature of an exhibit or gallery: one of the above, or audio in a language of the venue */
static gboolean
sori_usage_api_target_feature_is_valid(SoriCatalogue *catalogue, const gchar *feature)
{
	const gchar *lang = NULL;

	if (g_strv_contains(target_features, feature))
		return TRUE;
	if (g_str_has_prefix(feature, "audio:synthetic:"))
		lang = feature + strlen("audio:synthetic:");
	else if (g_str_has_prefix(feature, "audio:recorded:"))
		lang = feature + strlen("audio:recorded:");
	return lang != NULL && g_strv_contains(sori_catalogue_get_languages(catalogue), lang);
}

static const gchar *const profiles[] = { "general", "wheelchair", "step-free", "blind", NULL };
static const gchar *const settings_keys[] = {
	"settings:text_size_large", "settings:high_contrast", "settings:mode:listen",
	"settings:mode:read",       "settings:mode:sign",     NULL,
};

static void
sori_usage_api_add_target_keys(GPtrArray *keys, const gchar *kind, const gchar *id,
			       const gchar *const *languages)
{
	for (guint i = 0; target_features[i] != NULL; i++)
		g_ptr_array_add(keys, g_strdup_printf("%s:%s:%s", kind, id, target_features[i]));
	for (guint i = 0; languages[i] != NULL; i++) {
		g_ptr_array_add(
			keys, g_strdup_printf("%s:%s:audio:synthetic:%s", kind, id, languages[i]));
		g_ptr_array_add(keys,
				g_strdup_printf("%s:%s:audio:recorded:%s", kind, id, languages[i]));
	}
}

/**
 * sori_usage_api_key_space:
 *
 * Every key a phone may count at the venue as its catalogue is now: each
 * exhibit's and gallery's features, directions to each place of the map by
 * profile, the settings. A release puts noise on every one of them, zeros
 * included, so that which keys were used is not given away.
 *
 * Returns: (transfer full) (element-type utf8): the keys, sorted
 */
GPtrArray *
sori_usage_api_key_space(SoriCatalogue *catalogue)
{
	GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
	const gchar *const *languages = sori_catalogue_get_languages(catalogue);
	GPtrArray *exhibits = sori_catalogue_get_exhibits(catalogue);
	GPtrArray *galleries = sori_catalogue_get_galleries(catalogue);
	SoriMap *map = sori_catalogue_get_map(catalogue);

	for (guint i = 0; i < exhibits->len; i++) {
		SoriExhibit *exhibit = g_ptr_array_index(exhibits, i);
		sori_usage_api_add_target_keys(keys, "exhibit", exhibit->id, languages);
	}
	for (guint i = 0; i < galleries->len; i++) {
		SoriGallery *gallery = g_ptr_array_index(galleries, i);
		sori_usage_api_add_target_keys(keys, "gallery", gallery->id, languages);
	}
	for (guint i = 0; map != NULL && i < sori_map_get_n_places(map); i++) {
		const SoriPlace *place = sori_map_get_place(map, i);
		for (guint j = 0; profiles[j] != NULL; j++)
			g_ptr_array_add(keys, g_strdup_printf("place:%s:directions:%s", place->id,
							      profiles[j]));
	}
	for (guint i = 0; settings_keys[i] != NULL; i++)
		g_ptr_array_add(keys, g_strdup(settings_keys[i]));
	g_ptr_array_sort(keys, sori_usage_compare_keys);
	return keys;
}

static const gchar *
sori_usage_api_string(JsonObject *obj, const gchar *name)
{
	JsonNode *node = json_object_get_member(obj, name);
	return node != NULL && JSON_NODE_HOLDS_VALUE(node)
			       && json_node_get_value_type(node) == G_TYPE_STRING
		       ? json_node_get_string(node)
		       : NULL;
}

/* the venue's day, and the day before: a batch sent just after midnight is yesterday's */
static gboolean
sori_usage_api_day_is_current(SoriCatalogue *catalogue, GDateTime *when, const gchar *day)
{
	g_autoptr(GDateTime) venue_now = sori_catalogue_get_now(catalogue);
	g_autoptr(GDateTime) now
		= g_date_time_to_timezone(when, g_date_time_get_timezone(venue_now));
	g_autoptr(GDateTime) before = g_date_time_add_days(now, -1);
	g_autofree gchar *today = g_date_time_format(now, "%F");
	g_autofree gchar *yesterday = g_date_time_format(before, "%F");

	return g_strcmp0(day, today) == 0 || g_strcmp0(day, yesterday) == 0;
}

/* one event of a batch as a counter's key; %NULL with @error when it is not one */
static gchar *
sori_usage_api_event_key(SoriCatalogue *catalogue, JsonNode *node, guint index, GError **error)
{
	JsonObject *event = JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
	const gchar *feature = event != NULL ? sori_usage_api_string(event, "feature") : NULL;
	const gchar *exhibit = event != NULL ? sori_usage_api_string(event, "exhibit") : NULL;
	const gchar *gallery = event != NULL ? sori_usage_api_string(event, "gallery") : NULL;
	const gchar *place = event != NULL ? sori_usage_api_string(event, "place") : NULL;
	guint targets = (exhibit != NULL) + (gallery != NULL) + (place != NULL);
	guint at;

	if (event == NULL || feature == NULL || targets != 1 || json_object_get_size(event) != 2) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_BODY,
			    "events/%u: give one of exhibit, gallery or place, and a feature",
			    index);
		return NULL;
	}
	if (exhibit != NULL || gallery != NULL) {
		gboolean known
			= exhibit != NULL
				  ? sori_catalogue_lookup_exhibit(catalogue, exhibit) != NULL
				  : sori_catalogue_lookup_gallery(catalogue, gallery) != NULL;
		if (!known) {
			g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_BODY,
				    "events/%u: the venue has no %s '%s'", index,
				    exhibit != NULL ? "exhibit" : "gallery",
				    exhibit != NULL ? exhibit : gallery);
			return NULL;
		}
		if (!sori_usage_api_target_feature_is_valid(catalogue, feature)) {
			g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_BODY,
				    "events/%u: '%s' is not a feature sori counts", index, feature);
			return NULL;
		}
		return g_strdup_printf("%s:%s:%s", exhibit != NULL ? "exhibit" : "gallery",
				       exhibit != NULL ? exhibit : gallery, feature);
	}
	/* directions asked for, to a place of the map, by profile */
	{
		SoriProfile profile;
		if (!sori_catalogue_find_place(catalogue, place, &at)) {
			g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_BODY,
				    "events/%u: the venue's map has no place '%s'", index, place);
			return NULL;
		}
		if (!g_str_has_prefix(feature, "directions:")
		    || !sori_profile_from_string(feature + strlen("directions:"), &profile)) {
			g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_BODY,
				    "events/%u: a place counts directions:PROFILE", index);
			return NULL;
		}
		return g_strdup_printf(
			"place:%s:%s",
			sori_map_get_place(sori_catalogue_get_map(catalogue), at)->id, feature);
	}
}

/* the settings in use, as counts only */
static gboolean
sori_usage_api_settings_keys(JsonObject *settings, GPtrArray *keys, GError **error)
{
	static const gchar *const allowed[] = { "text_size_large", "high_contrast", "mode", NULL };
	static const gchar *const modes[] = { "listen", "read", "sign", NULL };
	JsonObjectIter iter;
	const gchar *name;
	JsonNode *value;

	json_object_iter_init(&iter, settings);
	while (json_object_iter_next(&iter, &name, &value)) {
		gboolean is_bool = JSON_NODE_HOLDS_VALUE(value)
				   && json_node_get_value_type(value) == G_TYPE_BOOLEAN;
		if (!g_strv_contains(allowed, name)) {
			g_set_error(
				error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_BODY,
				"settings/%s: sori counts text_size_large, high_contrast and mode",
				name);
			return FALSE;
		}
		if (g_str_equal(name, "mode")) {
			const gchar *mode = JSON_NODE_HOLDS_VALUE(value)
							    && json_node_get_value_type(value)
								       == G_TYPE_STRING
						    ? json_node_get_string(value)
						    : NULL;
			if (mode == NULL || !g_strv_contains(modes, mode)) {
				g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_BODY,
					    "settings/mode: listen, read or sign");
				return FALSE;
			}
			g_ptr_array_add(keys, g_strdup_printf("settings:mode:%s", mode));
			continue;
		}
		if (!is_bool) {
			g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_BODY,
				    "settings/%s: true or false", name);
			return FALSE;
		}
		if (json_node_get_boolean(value))
			g_ptr_array_add(keys, g_strdup_printf("settings:%s", name));
	}
	return TRUE;
}

/**
 * sori_usage_api_parse_batch:
 * @catalogue: the venue's
 * @body: (nullable): what the phone sent
 * @now: the time it came, to tell today and yesterday at the venue
 * @day: (out): the day it counts for, YYYY-MM-DD
 * @error: a %SORI_PROBLEM_INVALID_BODY problem saying what is wrong
 *
 * Checks a phone's batch against the catalogue and the limits, whole: a key
 * comes only from the venue's exhibits, galleries, places, features and
 * settings, so that no batch can make sorid keep anything else.
 *
 * Returns: (transfer full) (element-type utf8): the keys to count once each,
 *	or %NULL when any part of the batch is not what sori counts
 */
GPtrArray *
sori_usage_api_parse_batch(SoriCatalogue *catalogue, GBytes *body_bytes, GDateTime *now,
			   gchar **day, GError **error)
{
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
	JsonObject *body = NULL;
	JsonNode *events_node;
	JsonNode *settings_node;
	JsonArray *events;
	const gchar *day_text;

	if (body_bytes != NULL
	    && json_parser_load_from_data(parser, g_bytes_get_data(body_bytes, NULL),
					  (gssize) g_bytes_get_size(body_bytes), NULL)
	    && json_parser_get_root(parser) != NULL
	    && JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser)))
		body = json_node_get_object(json_parser_get_root(parser));
	day_text = body != NULL ? sori_usage_api_string(body, "day") : NULL;
	events_node = body != NULL ? json_object_get_member(body, "events") : NULL;
	settings_node = body != NULL ? json_object_get_member(body, "settings") : NULL;
	if (body == NULL || day_text == NULL || events_node == NULL
	    || !JSON_NODE_HOLDS_ARRAY(events_node)
	    || (settings_node != NULL && !JSON_NODE_HOLDS_OBJECT(settings_node))) {
		g_set_error_literal(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_BODY,
				    "send {\"day\": \"YYYY-MM-DD\", \"events\": [...]} as JSON");
		return NULL;
	}
	if (!sori_usage_day_is_valid(day_text)
	    || !sori_usage_api_day_is_current(catalogue, now, day_text)) {
		g_set_error_literal(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_BODY,
				    "day: today or yesterday at the venue, as YYYY-MM-DD");
		return NULL;
	}
	events = json_node_get_array(events_node);
	if (json_array_get_length(events) > SORI_USAGE_MAX_EVENTS) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_BODY,
			    "events: at most %u in one batch", (guint) SORI_USAGE_MAX_EVENTS);
		return NULL;
	}
	for (guint i = 0; i < json_array_get_length(events); i++) {
		gchar *key = sori_usage_api_event_key(catalogue, json_array_get_element(events, i),
						      i, error);
		if (key == NULL)
			return NULL;
		/* each key once a batch; the phone keeps to once a day */
		if (g_hash_table_contains(seen, key)) {
			g_free(key);
			continue;
		}
		g_hash_table_add(seen, key);
		g_ptr_array_add(keys, key);
	}
	if (settings_node != NULL
	    && !sori_usage_api_settings_keys(json_node_get_object(settings_node), keys, error))
		return NULL;
	*day = g_strdup(day_text);
	return g_steal_pointer(&keys);
}

/**
 * sori_usage_api_handle_post:
 *
 * POST /v1/venues/{venue}/usage: 204 when counted; 400 and nothing counted
 * when any part of the batch is not what sori counts.
 */
gboolean
sori_usage_api_handle_post(gpointer store, const SoriHttpRequest *request,
			   const SoriRouteMatch *match, SoriHttpResponse *response)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) keys = NULL;
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	g_autofree gchar *day = NULL;
	SoriUsage *usage = sori_venue_store_get_usage(store);
	SoriVenueSnapshot *snapshot
		= sori_api_lookup_venue(store, sori_route_match_get(match, "venue"), &error);
	SoriCatalogue *catalogue;

	if (snapshot == NULL) {
		sori_metrics_add(SORI_METRIC_USAGE_BATCHES, SORI_METRICS_USAGE_REFUSED, 1);
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	catalogue = snapshot->catalogue;
	if (usage == NULL || !sori_catalogue_counts_usage(catalogue)) {
		sori_metrics_add(SORI_METRIC_USAGE_BATCHES, SORI_METRICS_USAGE_REFUSED, 1);
		sori_http_response_fail(response, request, SORI_PROBLEM_UNKNOWN_ROUTE,
					"venue '%s' does not count its guides' use",
					sori_catalogue_get_id(catalogue));
		return TRUE;
	}
	keys = sori_usage_api_parse_batch(catalogue, request->body, now, &day, &error);
	if (keys == NULL) {
		sori_metrics_add(SORI_METRIC_USAGE_BATCHES, SORI_METRICS_USAGE_REFUSED, 1);
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	sori_usage_add(usage, sori_catalogue_get_id(catalogue), day,
		       (const gchar *const *) keys->pdata, keys->len);
	sori_metrics_add(SORI_METRIC_USAGE_BATCHES, SORI_METRICS_USAGE_ACCEPTED, 1);
	sori_metrics_add(SORI_METRIC_USAGE_EVENTS, 0, keys->len);
	sori_http_response_set_body(response, 204, NULL, NULL);
	return TRUE;
}

/**
 * sori_usage_api_handle:
 *
 * /v1/venues/{venue}/usage: phones POST what they used; anyone GETs the
 * released counts of a closed period.
 */
gboolean
sori_usage_api_handle(gpointer store, const SoriHttpRequest *request, const SoriRouteMatch *match,
		      SoriHttpResponse *response)
{
	if (g_str_equal(request->method, "POST"))
		return sori_usage_api_handle_post(store, request, match, response);
	return sori_usage_api_handle_release(store, request, match, response);
}
