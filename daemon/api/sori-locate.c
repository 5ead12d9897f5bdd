/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * "Where am I?": from what a phone heard in the last seconds to the nearest
 * exhibit or gallery. Nothing about the phone is kept: the request is read,
 * answered and forgotten.
 *
 * Each beacon's readings are smoothed as android-beacon-library's running
 * average does: readings too old are dropped, the rest sorted, the top and
 * bottom tenth (at least one each, from three readings on) thrown away and
 * the remainder averaged, so one reflection or one body in the way cannot
 * swing the answer. The mean RSSI then gives a distance by the log-distance
 * path-loss model, d = 10 ^ ((P1m - RSSI) / (10 n)).
 */

#define G_LOG_DOMAIN "sori-locate"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sori-beacon-frame.h"
#include "sori-hex.h"
#include "sori-locate.h"

typedef struct {
	gchar *beacon; /* canonical location ID */
	const SoriTarget *target;
	GArray *rssi;        /* gdouble */
	gint measured_power; /* 0 when unknown */
} BeaconReadings;

static void
beacon_readings_free(BeaconReadings *readings)
{
	g_free(readings->beacon);
	g_array_unref(readings->rssi);
	g_free(readings);
}

static gint
compare_doubles(gconstpointer a, gconstpointer b)
{
	gdouble x = *(const gdouble *) a;
	gdouble y = *(const gdouble *) b;
	return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * sori_locate_smooth_rssi:
 * @readings: (array length=n_readings): RSSI readings of one beacon; sorted in place
 *
 * Returns: the mean of the readings without the top and bottom tenth
 */
gdouble
sori_locate_smooth_rssi(gdouble *readings, guint n_readings)
{
	guint drop;
	gdouble sum = 0;

	g_return_val_if_fail(n_readings > 0, 0);
	qsort(readings, n_readings, sizeof(gdouble), compare_doubles);
	drop = n_readings >= 3 ? MAX(1, n_readings / 10) : 0;
	for (guint i = drop; i < n_readings - drop; i++)
		sum += readings[i];
	return sum / (n_readings - 2 * drop);
}

/**
 * sori_locate_distance:
 * @rssi: a smoothed RSSI, in dBm
 * @measured_power: the RSSI expected at 1 m
 *
 * Returns: the estimated distance in metres, between 0.1 and 100
 */
gdouble
sori_locate_distance(gdouble rssi, gint measured_power)
{
	gdouble d = pow(10.0, (measured_power - rssi) / (10.0 * SORI_LOCATE_PATH_LOSS));
	return CLAMP(d, 0.1, 100.0);
}

#define FAIL(kind, ...)                                                                            \
	G_STMT_START                                                                               \
	{                                                                                          \
		*problem = kind;                                                                   \
		*detail = g_strdup_printf(__VA_ARGS__);                                            \
		return NULL;                                                                       \
	}                                                                                          \
	G_STMT_END

/* a whole number within [min, max]; FALSE with a reason otherwise */
static gboolean
get_integer(JsonObject *obj, const gchar *name, gint64 min, gint64 max, gint64 *out)
{
	JsonNode *node = json_object_get_member(obj, name);
	gdouble value;
	if (node == NULL || !JSON_NODE_HOLDS_VALUE(node))
		return FALSE;
	if (json_node_get_value_type(node) == G_TYPE_INT64) {
		*out = json_node_get_int(node);
	} else if (json_node_get_value_type(node) == G_TYPE_DOUBLE) {
		/* phones average RSSI into fractions: round them */
		value = json_node_get_double(node);
		if (!isfinite(value))
			return FALSE;
		*out = (gint64) llround(value);
	} else {
		return FALSE;
	}
	return *out >= min && *out <= max;
}

static void
add_target(JsonBuilder *builder, SoriCatalogue *catalogue, const SoriTarget *target,
	   gdouble distance, gdouble confidence, guint readings)
{
	const gchar *kind = target->kind == SORI_TARGET_KIND_EXHIBIT ? "exhibit" : "gallery";
	const gchar *id = target->kind == SORI_TARGET_KIND_EXHIBIT ? target->exhibit->id
								   : target->gallery->id;
	g_autofree gchar *href = target->kind == SORI_TARGET_KIND_EXHIBIT
					 ? g_strdup_printf("/v1/venues/%s/exhibits/%s",
							   sori_catalogue_get_id(catalogue), id)
					 : g_strdup_printf("/v1/venues/%s/exhibits?gallery=%s",
							   sori_catalogue_get_id(catalogue), id);

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "kind");
	json_builder_add_string_value(builder, kind);
	json_builder_set_member_name(builder, "id");
	json_builder_add_string_value(builder, id);
	if (target->kind == SORI_TARGET_KIND_EXHIBIT) {
		json_builder_set_member_name(builder, "code");
		json_builder_add_string_value(builder, target->exhibit->code);
	}
	json_builder_set_member_name(builder, "href");
	json_builder_add_string_value(builder, href);
	json_builder_set_member_name(builder, "distance_m");
	json_builder_add_double_value(builder, round(distance * 10) / 10);
	json_builder_set_member_name(builder, "confidence");
	json_builder_add_double_value(builder, round(confidence * 100) / 100);
	json_builder_set_member_name(builder, "readings");
	json_builder_add_int_value(builder, readings);
	json_builder_end_object(builder);
}

typedef struct {
	const SoriTarget *target;
	gdouble distance;
	guint readings;
	gdouble confidence;
} Candidate;

static gint
compare_candidates(gconstpointer a, gconstpointer b)
{
	const Candidate *x = a;
	const Candidate *y = b;
	if (x->distance != y->distance)
		return x->distance < y->distance ? -1 : 1;
	return (gint) y->readings - (gint) x->readings;
}

/**
 * sori_locate:
 * @catalogue: the venue
 * @resolver: (nullable): resolves Eddystone-EID sightings
 * @body: the request body, `{"sightings": [{"id"|"payload", "rssi", "tx_power", "age_ms"}]}`
 * @now: Unix time, in seconds
 * @problem: (out): what is wrong with the request, when %NULL is returned
 * @detail: (out) (transfer full): the problem in plain words
 *
 * Returns: (transfer full) (nullable): the answer: the nearest exhibit or gallery and
 *	the ranked candidates
 */
JsonNode *
sori_locate(SoriCatalogue *catalogue, SoriEidResolver *resolver, GBytes *body, gint64 now,
	    SoriProblem *problem, gchar **detail)
{
	static const gchar *const top_fields[] = { "sightings", NULL };
	static const gchar *const fields[]
		= { "id", "payload", "rssi", "tx_power", "age_ms", NULL };
	g_autoptr(JsonParser) parser = json_parser_new_immutable();
	g_autoptr(GError) error = NULL;
	g_autoptr(GHashTable) beacons = g_hash_table_new_full(
		g_str_hash, g_str_equal, NULL, (GDestroyNotify) beacon_readings_free);
	g_autoptr(GHashTable) by_target
		= g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	g_autoptr(GArray) candidates = g_array_new(FALSE, FALSE, sizeof(Candidate));
	g_autoptr(JsonBuilder) builder = json_builder_new_immutable();
	gsize len = 0;
	const gchar *data = g_bytes_get_data(body, &len);
	gsize offset = 0;
	JsonNode *root;
	JsonObject *obj;
	JsonArray *sightings;
	JsonObjectIter iter;
	const gchar *member;
	GHashTableIter hiter;
	gpointer value;
	guint ignored = 0;
	gdouble weight_sum = 0;

	if (len > SORI_LOCATE_MAX_BODY)
		FAIL(SORI_PROBLEM_BODY_TOO_LARGE, "the body is over %u bytes",
		     SORI_LOCATE_MAX_BODY);
	if (!sori_json_check_depth(data, len, 8, &offset))
		FAIL(SORI_PROBLEM_INVALID_BODY,
		     "the JSON is nested too deep (at byte %" G_GSIZE_FORMAT ")", offset);
	if (!g_utf8_validate(data, len, NULL))
		FAIL(SORI_PROBLEM_INVALID_BODY, "the body is not UTF-8");
	if (!json_parser_load_from_data(parser, data, len, &error))
		FAIL(SORI_PROBLEM_INVALID_BODY, "the body is not JSON: %s", error->message);
	root = json_parser_get_root(parser);
	if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root))
		FAIL(SORI_PROBLEM_INVALID_BODY, "expected {\"sightings\": […]}");
	obj = json_node_get_object(root);
	json_object_iter_init(&iter, obj);
	while (json_object_iter_next(&iter, &member, NULL)) {
		if (!g_strv_contains(top_fields, member))
			FAIL(SORI_PROBLEM_INVALID_BODY, "/%s: unknown field", member);
	}
	if (!json_object_has_member(obj, "sightings")
	    || !JSON_NODE_HOLDS_ARRAY(json_object_get_member(obj, "sightings")))
		FAIL(SORI_PROBLEM_INVALID_BODY, "/sightings: required, a list");
	sightings = json_object_get_array_member(obj, "sightings");
	if (json_array_get_length(sightings) == 0)
		FAIL(SORI_PROBLEM_INVALID_BODY, "/sightings: the list is empty");
	if (json_array_get_length(sightings) > SORI_LOCATE_MAX_SIGHTINGS)
		FAIL(SORI_PROBLEM_INVALID_BODY, "/sightings: %u sightings; the limit is %u",
		     json_array_get_length(sightings), (guint) SORI_LOCATE_MAX_SIGHTINGS);

	for (guint i = 0; i < json_array_get_length(sightings); i++) {
		JsonNode *node = json_array_get_element(sightings, i);
		JsonObject *sighting;
		const gchar *id_text = NULL;
		const gchar *payload = NULL;
		SoriLocationId location;
		gchar canonical[SORI_LOCATION_ID_TEXT_MAX];
		gint measured_power = 0;
		gint64 rssi = 0;
		gint64 tx_power = 0;
		gint64 age_ms = 0;
		BeaconReadings *readings;
		gdouble reading;

		if (!JSON_NODE_HOLDS_OBJECT(node))
			FAIL(SORI_PROBLEM_INVALID_BODY, "/sightings/%u: expected an object", i);
		sighting = json_node_get_object(node);
		json_object_iter_init(&iter, sighting);
		while (json_object_iter_next(&iter, &member, NULL)) {
			if (!g_strv_contains(fields, member))
				FAIL(SORI_PROBLEM_INVALID_BODY, "/sightings/%u/%s: unknown field",
				     i, member);
		}
		if (json_object_has_member(sighting, "id"))
			id_text = json_object_get_string_member_with_default(sighting, "id", NULL);
		if (json_object_has_member(sighting, "payload"))
			payload = json_object_get_string_member_with_default(sighting, "payload",
									     NULL);
		if ((id_text == NULL) == (payload == NULL))
			FAIL(SORI_PROBLEM_INVALID_BODY,
			     "/sightings/%u: give exactly one of 'id' (a location ID) or 'payload' "
			     "(advertising data in hex), as a string",
			     i);
		if (!get_integer(sighting, "rssi", -127, 20, &rssi))
			FAIL(SORI_PROBLEM_INVALID_BODY,
			     "/sightings/%u/rssi: required, a number of dBm from -127 to 0", i);
		if (rssi > 0)
			FAIL(SORI_PROBLEM_INVALID_BODY,
			     "/sightings/%u/rssi: %" G_GINT64_FORMAT " dBm is impossible for a "
			     "received signal",
			     i, rssi);
		if (json_object_has_member(sighting, "tx_power")
		    && !get_integer(sighting, "tx_power", -127, 20, &tx_power))
			FAIL(SORI_PROBLEM_INVALID_BODY,
			     "/sightings/%u/tx_power: the RSSI measured at 1 m, from -127 to 20 "
			     "dBm",
			     i);
		if (json_object_has_member(sighting, "age_ms")
		    && !get_integer(sighting, "age_ms", 0, 3600000, &age_ms))
			FAIL(SORI_PROBLEM_INVALID_BODY,
			     "/sightings/%u/age_ms: milliseconds since the reading, from 0 to "
			     "3600000",
			     i);

		if (id_text != NULL) {
			const gchar *reason = NULL;
			if (!sori_location_id_parse(id_text, strlen(id_text), &location, &reason))
				FAIL(SORI_PROBLEM_INVALID_BODY, "/sightings/%u/id: %s", i, reason);
			if (location.kind == SORI_LOCATION_ID_KIND_EID)
				FAIL(SORI_PROBLEM_INVALID_BODY,
				     "/sightings/%u/id: send the ephemeral ID heard "
				     "(eid:<16 hex digits>), not a beacon name",
				     i);
		} else {
			guint8 bytes[255];
			gsize n_bytes = 0;
			SoriFrame frames[8];
			SoriFrameError frame_error = { 0 };
			gint n_frames;
			gboolean found = FALSE;

			if (!sori_hex_decode(payload, SORI_HEX_NONE, bytes, sizeof(bytes),
					     &n_bytes))
				FAIL(SORI_PROBLEM_INVALID_BODY,
				     "/sightings/%u/payload: expected an even number of "
				     "hexadecimal "
				     "digits, at most 510",
				     i);
			n_frames = sori_frame_parse_advertisement(
				bytes, n_bytes, frames, G_N_ELEMENTS(frames), &frame_error);
			if (n_frames < 0)
				FAIL(SORI_PROBLEM_INVALID_BODY,
				     "/sightings/%u/payload: byte %" G_GSIZE_FORMAT ": %s", i,
				     frame_error.offset, frame_error.reason);
			for (gint f = 0; f < n_frames && !found; f++) {
				if (sori_frame_get_location_id(&frames[f], &location)) {
					measured_power = sori_frame_measured_power(&frames[f]);
					found = TRUE;
				}
			}
			if (!found) {
				/* telemetry or a URL: nothing to place the phone by */
				ignored++;
				continue;
			}
		}
		if (rssi == 0 || age_ms > SORI_LOCATE_MAX_AGE_MS) {
			/* iOS says 0 when it could not measure; old readings are stale */
			ignored++;
			continue;
		}
		if (location.kind == SORI_LOCATION_ID_KIND_EPHEMERAL) {
			const gchar *name = resolver != NULL ? sori_eid_resolver_lookup(
						    resolver, location.u.ephemeral.eid, now)
							     : NULL;
			if (name == NULL) {
				/* a beacon sori does not know, or a clone replaying an old EID */
				ignored++;
				continue;
			}
			location.kind = SORI_LOCATION_ID_KIND_EID;
			g_strlcpy(location.u.eid.name, name, sizeof(location.u.eid.name));
		}
		sori_location_id_format(&location, canonical, sizeof(canonical));
		readings = g_hash_table_lookup(beacons, canonical);
		if (readings == NULL) {
			const SoriTarget *target
				= sori_catalogue_lookup_beacon(catalogue, canonical);
			if (target == NULL) {
				ignored++;
				continue;
			}
			readings = g_new0(BeaconReadings, 1);
			readings->beacon = g_strdup(canonical);
			readings->target = target;
			readings->rssi = g_array_new(FALSE, FALSE, sizeof(gdouble));
			g_hash_table_insert(beacons, readings->beacon, readings);
		}
		if (json_object_has_member(sighting, "tx_power"))
			measured_power = (gint) tx_power;
		if (measured_power != 0)
			readings->measured_power = measured_power;
		reading = (gdouble) rssi;
		g_array_append_val(readings->rssi, reading);
	}

	/* per beacon, a distance; per exhibit or gallery, its nearest beacon */
	g_hash_table_iter_init(&hiter, beacons);
	while (g_hash_table_iter_next(&hiter, NULL, &value)) {
		BeaconReadings *readings = value;
		gdouble mean = sori_locate_smooth_rssi((gdouble *) readings->rssi->data,
						       readings->rssi->len);
		gdouble distance = sori_locate_distance(mean, readings->measured_power != 0
								      ? readings->measured_power
								      : SORI_LOCATE_DEFAULT_POWER);
		Candidate *candidate = g_hash_table_lookup(by_target, readings->target);
		if (candidate == NULL) {
			candidate = g_new0(Candidate, 1);
			candidate->target = readings->target;
			candidate->distance = distance;
			g_hash_table_insert(by_target, (gpointer) readings->target, candidate);
		}
		candidate->distance = MIN(candidate->distance, distance);
		candidate->readings += readings->rssi->len;
	}
	if (g_hash_table_size(by_target) == 0)
		FAIL(SORI_PROBLEM_NO_KNOWN_BEACON,
		     "none of the %u sightings is a beacon of venue '%s' heard in the last %u "
		     "seconds",
		     json_array_get_length(sightings), sori_catalogue_get_id(catalogue),
		     SORI_LOCATE_MAX_AGE_MS / 1000);
	g_hash_table_iter_init(&hiter, by_target);
	while (g_hash_table_iter_next(&hiter, NULL, &value)) {
		Candidate *candidate = value;
		g_array_append_val(candidates, *candidate);
		weight_sum += 1.0 / (candidate->distance * candidate->distance);
	}
	g_array_sort(candidates, compare_candidates);
	for (guint i = 0; i < candidates->len; i++) {
		Candidate *candidate = &g_array_index(candidates, Candidate, i);
		/* the share of the signal, as 1/d² */
		candidate->confidence
			= (1.0 / (candidate->distance * candidate->distance)) / weight_sum;
	}

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "venue");
	json_builder_add_string_value(builder, sori_catalogue_get_id(catalogue));
	json_builder_set_member_name(builder, "nearest");
	{
		Candidate *best = &g_array_index(candidates, Candidate, 0);
		add_target(builder, catalogue, best->target, best->distance, best->confidence,
			   best->readings);
	}
	json_builder_set_member_name(builder, "candidates");
	json_builder_begin_array(builder);
	for (guint i = 0; i < candidates->len; i++) {
		Candidate *candidate = &g_array_index(candidates, Candidate, i);
		add_target(builder, catalogue, candidate->target, candidate->distance,
			   candidate->confidence, candidate->readings);
	}
	json_builder_end_array(builder);
	json_builder_set_member_name(builder, "ignored");
	json_builder_add_int_value(builder, ignored);
	json_builder_end_object(builder);
	return json_builder_get_root(builder);
}
