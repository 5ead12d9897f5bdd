/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What the curators see of their guides' use: GET
 * /v1/admin/venues/{venue}/usage?period=day|week|month&date=YYYY-MM-DD, the
 * counts of the period that holds @date, summed per key; a count under the
 * threshold is shown as "< 5", so that no curator can single out the one
 * visitor who used something.
 */

#define G_LOG_DOMAIN "sori-admin"

#include "config.h"

#include "sori-admin-private.h"
#include "sori-query.h"

#define SORI_ADMIN_USAGE_THRESHOLD 5

/**
 * sori_admin_handle_usage:
 *
 * GET /v1/admin/venues/{venue}/usage: the period's counts, small ones hidden.
 */
gboolean
sori_admin_handle_usage(gpointer admin, const SoriHttpRequest *request, const SoriRouteMatch *match,
			SoriHttpResponse *response)
{
	static const gchar *const allowed[] = { "period", "date", NULL };
	SoriAdmin *self = admin;
	const gchar *venue = sori_route_match_get(match, "venue");
	SoriVenueSnapshot *live = sori_admin_lookup_live(self, request, venue, response);
	SoriUsage *usage = sori_venue_store_get_usage(self->venues);
	g_autoptr(GHashTable) params = NULL;
	g_autoptr(GHashTable) sums = NULL;
	g_autoptr(GPtrArray) keys = g_ptr_array_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(GDateTime) date = NULL;
	g_autoptr(GDateTime) first = NULL;
	g_autoptr(GDateTime) last = NULL;
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;
	g_autofree gchar *from = NULL;
	g_autofree gchar *to = NULL;
	const gchar *period;
	GHashTableIter iter;
	gpointer key;
	guint n_days = 1;

	if (live == NULL)
		return TRUE;
	params = sori_query_parse(request->query, allowed, &error);
	if (params == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	period = sori_usage_query_period(params, "day", &date, &error);
	if (period == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	if (date == NULL) {
		/* today at the venue, not in UTC: a Seoul museum's morning is its today */
		date = sori_catalogue_get_today(live->catalogue);
	}
	first = sori_usage_period_first(period, date, &n_days);
	last = g_date_time_add_days(first, (gint) n_days - 1);
	from = g_date_time_format(first, "%F");
	to = g_date_time_format(last, "%F");
	sums = usage != NULL ? sori_usage_sum_period(usage, venue, first, n_days, &error)
			     : g_hash_table_new(g_str_hash, g_str_equal);
	if (sums == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	g_hash_table_iter_init(&iter, sums);
	while (g_hash_table_iter_next(&iter, &key, NULL))
		g_ptr_array_add(keys, key);
	g_ptr_array_sort(keys, sori_usage_compare_keys);

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "venue");
	json_builder_add_string_value(b, venue);
	json_builder_set_member_name(b, "period");
	json_builder_add_string_value(b, period);
	json_builder_set_member_name(b, "from");
	json_builder_add_string_value(b, from);
	json_builder_set_member_name(b, "to");
	json_builder_add_string_value(b, to);
	json_builder_set_member_name(b, "counting");
	json_builder_add_boolean_value(b, usage != NULL);
	json_builder_set_member_name(b, "threshold");
	json_builder_add_int_value(b, SORI_ADMIN_USAGE_THRESHOLD);
	json_builder_set_member_name(b, "counts");
	json_builder_begin_object(b);
	for (guint i = 0; i < keys->len; i++) {
		guint n = GPOINTER_TO_UINT(g_hash_table_lookup(sums, g_ptr_array_index(keys, i)));
		json_builder_set_member_name(b, g_ptr_array_index(keys, i));
		if (n < SORI_ADMIN_USAGE_THRESHOLD)
			json_builder_add_string_value(b, "< 5");
		else
			json_builder_add_int_value(b, n);
	}
	json_builder_end_object(b);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	sori_http_response_set_json(response, 200, NULL, root);
	return TRUE;
}
