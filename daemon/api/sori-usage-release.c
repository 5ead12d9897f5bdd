/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * GET /v1/venues/{venue}/usage?period=day|week|month&date=YYYY-MM-DD: the
 * usage counts of a closed period as open data, with differential privacy.
 * Every key of the venue's declared key space (each exhibit and gallery by
 * feature, each place by profile, the settings) gets two-sided geometric
 * noise scaled to what one phone's day can add (SORI_USAGE_PHONE_DAY_BOUND)
 * and the release's epsilon, zeros included. The noise is drawn once, kept
 * on disk before it is served, and served the same ever after: drawing again
 * for each request would let anyone average it away.
 *
 * A period is closed two days after its last day, the venue's time: a phone
 * may send yesterday's counts until midnight.
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include <math.h>

#include "sori-api.h"
#include "sori-noise.h"
#include "sori-query.h"
#include "sori-usage-api.h"

#define SORI_USAGE_RELEASE_METHOD                                                                  \
	"two-sided geometric mechanism (discrete Laplace noise) on every count of the "            \
	"declared key space"

/* the counts of the period, noise drawn on every key of the venue's key space */
static JsonNode *
sori_usage_release_draw(SoriUsage *usage, SoriCatalogue *catalogue, const gchar *period,
			GDateTime *first, guint n_days, const gchar *today, GError **error)
{
	const gchar *venue = sori_catalogue_get_id(catalogue);
	gdouble epsilon = sori_usage_get_epsilon(usage);
	guint bound = SORI_USAGE_PHONE_DAY_BOUND;
	gdouble alpha = sori_noise_geometric_alpha(epsilon, bound);
	g_autoptr(GPtrArray) keys = sori_usage_api_key_space(catalogue);
	g_autoptr(GHashTable) sums = sori_usage_sum_period(usage, venue, first, n_days, error);
	g_autoptr(GDateTime) last = g_date_time_add_days(first, (gint) n_days - 1);
	g_autofree gchar *from = g_date_time_format(first, "%F");
	g_autofree gchar *to = g_date_time_format(last, "%F");
	g_autoptr(SoriNoise) noise = sori_noise_new();
	g_autoptr(JsonBuilder) b = json_builder_new();

	/* every node's counts, or none: a release of some would be drawn once and wrong */
	if (sums == NULL)
		return NULL;
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "venue");
	json_builder_add_string_value(b, venue);
	json_builder_set_member_name(b, "period");
	json_builder_add_string_value(b, period);
	json_builder_set_member_name(b, "from");
	json_builder_add_string_value(b, from);
	json_builder_set_member_name(b, "to");
	json_builder_add_string_value(b, to);
	json_builder_set_member_name(b, "released");
	json_builder_add_string_value(b, today);
	json_builder_set_member_name(b, "privacy");
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "method");
	json_builder_add_string_value(b, SORI_USAGE_RELEASE_METHOD);
	json_builder_set_member_name(b, "unit");
	json_builder_add_string_value(b, "one phone's day at the venue");
	json_builder_set_member_name(b, "epsilon");
	json_builder_add_double_value(b, epsilon);
	json_builder_set_member_name(b, "contribution_bound");
	json_builder_add_int_value(b, bound);
	json_builder_set_member_name(b, "noise_scale");
	json_builder_add_double_value(b, (gdouble) bound / epsilon);
	json_builder_set_member_name(b, "noise_standard_deviation");
	json_builder_add_double_value(b, round(sqrt(2 * alpha) / (1 - alpha) * 10) / 10);
	json_builder_set_member_name(b, "margin_95");
	json_builder_add_int_value(b, sori_noise_geometric_bound(epsilon, bound, 0.95));
	json_builder_set_member_name(b, "about");
	json_builder_add_string_value(
		b, "Each count had noise added once, drawn from P(k) proportional to "
		   "exp(-epsilon*|k|/contribution_bound); 95 % of the noise lies within "
		   "margin_95 of zero and it averages zero, so a count may be negative. "
		   "What one phone did on one day, within the app's limits, changes the "
		   "chance of any release by a factor of at most exp(epsilon). A day is in "
		   "three releases (its day, its week, its month).");
	json_builder_end_object(b);
	json_builder_set_member_name(b, "counts");
	json_builder_begin_object(b);
	for (guint i = 0; i < keys->len; i++) {
		const gchar *key = g_ptr_array_index(keys, i);
		gint64 count = GPOINTER_TO_UINT(g_hash_table_lookup(sums, key));
		json_builder_set_member_name(b, key);
		json_builder_add_int_value(b, count + sori_noise_geometric(noise, epsilon, bound));
	}
	json_builder_end_object(b);
	json_builder_end_object(b);
	return json_builder_get_root(b);
}

/**
 * sori_usage_api_handle_release:
 *
 * GET /v1/venues/{venue}/usage: the released counts of a closed period; the
 * latest closed one when no date is given.
 */
gboolean
sori_usage_api_handle_release(gpointer store, const SoriHttpRequest *request,
			      const SoriRouteMatch *match, SoriHttpResponse *response)
{
	static const gchar *const allowed[] = { "period", "date", NULL };
	g_autoptr(GError) error = NULL;
	g_autoptr(GHashTable) params = NULL;
	g_autoptr(GDateTime) today = NULL;
	g_autoptr(GDateTime) closed = NULL;
	g_autoptr(GDateTime) date = NULL;
	g_autoptr(GDateTime) first = NULL;
	g_autoptr(GDateTime) last = NULL;
	g_autoptr(JsonNode) release = NULL;
	g_autoptr(SoriRepresentation) representation = NULL;
	g_autofree gchar *today_text = NULL;
	g_autofree gchar *from = NULL;
	g_autofree gchar *to = NULL;
	g_autofree gchar *since = NULL;
	SoriUsage *usage = sori_venue_store_get_usage(store);
	SoriVenueSnapshot *snapshot
		= sori_api_lookup_venue(store, sori_route_match_get(match, "venue"), &error);
	SoriCatalogue *catalogue;
	const gchar *period;
	const gchar *venue;
	guint n_days = 1;

	if (snapshot == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	catalogue = snapshot->catalogue;
	venue = sori_catalogue_get_id(catalogue);
	if (usage == NULL || !sori_catalogue_counts_usage(catalogue)) {
		sori_http_response_fail(response, request, SORI_PROBLEM_UNKNOWN_ROUTE,
					"venue '%s' does not count its guides' use", venue);
		return TRUE;
	}
	params = sori_query_parse(request->query, allowed, &error);
	if (params == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	period = sori_usage_query_period(params, "month", &date, &error);
	if (period == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	today = sori_catalogue_get_today(catalogue);
	today_text = g_date_time_format(today, "%F");
	closed = g_date_time_add_days(today, -2);
	if (date != NULL) {
		first = sori_usage_period_first(period, date, &n_days);
	} else {
		/* the latest period whose every day is closed */
		first = sori_usage_period_first(period, closed, &n_days);
		last = g_date_time_add_days(first, (gint) n_days - 1);
		if (g_date_time_compare(last, closed) > 0) {
			g_autoptr(GDateTime) before = g_date_time_add_days(first, -1);
			g_clear_pointer(&first, g_date_time_unref);
			first = sori_usage_period_first(period, before, &n_days);
		}
		g_clear_pointer(&last, g_date_time_unref);
	}
	last = g_date_time_add_days(first, (gint) n_days - 1);
	from = g_date_time_format(first, "%F");
	to = g_date_time_format(last, "%F");
	if (g_date_time_compare(last, closed) > 0) {
		g_autoptr(GDateTime) opens = g_date_time_add_days(last, 2);
		g_autofree gchar *opens_text = g_date_time_format(opens, "%F");
		sori_http_response_fail(response, request, SORI_PROBLEM_NO_RELEASE,
					"the %s %s to %s is not over yet: its counts are released "
					"on %s, the venue's time",
					period, from, to, opens_text);
		return TRUE;
	}
	since = sori_usage_get_counting_since(usage, venue);
	if (since == NULL || g_strcmp0(to, since) < 0) {
		sori_http_response_fail(response, request, SORI_PROBLEM_NO_RELEASE,
					"venue '%s' counts from %s: nothing is released before",
					venue, since != NULL ? since : today_text);
		return TRUE;
	}

	release = sori_usage_get_release(usage, venue, period, from);
	if (release == NULL) {
		g_autoptr(JsonNode) drawn = sori_usage_release_draw(usage, catalogue, period, first,
								    n_days, today_text, &error);
		if (drawn == NULL) {
			sori_http_response_set_error(response, request, error);
			return TRUE;
		}
		/* served only once kept: a second draw would give the noise away; with many
		 * nodes, the one kept first is the one every node serves */
		release = sori_usage_keep_release(usage, venue, period, from, drawn, &error);
		if (release == NULL) {
			g_warning("keeping the %s release of %s from %s: %s", period, venue, from,
				  error->message);
			sori_http_response_fail(response, request, SORI_PROBLEM_STORAGE_FAILED,
						"the release could not be kept; try again later");
			return TRUE;
		}
		g_message("released the usage counts of %s, %s %s to %s", venue, period, from, to);
	}
	if (!JSON_NODE_HOLDS_OBJECT(release)) {
		sori_http_response_fail(response, request, SORI_PROBLEM_INTERNAL,
					"the released counts of %s %s are damaged on the server",
					period, from);
		return TRUE;
	}
	representation = sori_representation_new_json_full(200, "application/json", NULL, release,
							   NULL, TRUE);
	sori_http_response_set_representation(response, request, representation, NULL);
	/* a release never changes */
	response->cache_control = "public, max-age=86400";
	return TRUE;
}
