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
#include "sori-json.h"
#include "sori-locate.h"

typedef struct {
	gchar *beacon; /* canonical location ID */
	const SoriTarget *target;
	GArray *rssi;        /* gdouble */
	gint measured_power; /* 0 when unknown */
} SoriLocateReadings;

static void
sori_locate_readings_free(SoriLocateReadings *readings)
{
	g_free(readings->beacon);
	g_array_unref(readings->rssi);
	g_free(readings);
}

static gint
sori_locate_compare_doubles(gconstpointer a, gconstpointer b)
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
	qsort(readings, n_readings, sizeof(gdouble), sori_locate_compare_doubles);
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

/* a whole number within [min, max]; FALSE with a reason otherwise */
static gboolean
sori_locate_get_integer(JsonObject *obj, const gchar *name, gint64 min, gint64 max, gint64 *out)
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
sori_locate_add_target(JsonBuilder *builder, SoriCatalogue *catalogue, const SoriTarget *target,
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
} SoriLocateCandidate;

static gint
sori_locate_compare_candidates(gconstpointer a, gconstpointer b)
{
	const SoriLocateCandidate *x = a;
	const SoriLocateCandidate *y = b;
	if (x->distance != y->distance)
		return x->distance < y->distance ? -1 : 1;
	return (gint) y->readings - (gint) x->readings;
}

#define SORI_LOCATE_FAIL(error, ...)                                                               \
	G_STMT_START                                                                               \
	{                                                                                          \
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_BODY, __VA_ARGS__);    \
		return FALSE;                                                                      \
	}                                                                                          \
	G_STMT_END

/* what one request's sightings add up to */
typedef struct {
	SoriCatalogue *catalogue;
	SoriEidResolver *resolver; /* nullable */
	gint64 now;
	GHashTable *beacons; /* canonical location ID → SoriLocateReadings */
	guint ignored;
} SoriLocateContext;

/* the body's envelope: {"sightings": [ 1 to 64 of them ]} */
static JsonArray *
sori_locate_parse_body(JsonParser *parser, GBytes *body, GError **error)
{
	static const gchar *const top_fields[] = { "sightings", NULL };
	g_autoptr(GError) json_error = NULL;
	gsize len = 0;
	const gchar *data = g_bytes_get_data(body, &len);
	gsize offset = 0;
	JsonNode *root;
	JsonObject *obj;
	JsonArray *sightings;
	JsonObjectIter iter;
	const gchar *member;

	if (len > SORI_LOCATE_MAX_BODY) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_BODY_TOO_LARGE,
			    "the body is over %u bytes", SORI_LOCATE_MAX_BODY);
		return NULL;
	}
	if (!sori_json_check_depth(data, len, 8, &offset)) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_BODY,
			    "the JSON is nested too deep (at byte %" G_GSIZE_FORMAT ")", offset);
		return NULL;
	}
	if (!g_utf8_validate(data, len, NULL)) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_BODY,
			    "the body is not UTF-8");
		return NULL;
	}
	if (!json_parser_load_from_data(parser, data, len, &json_error)) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_BODY,
			    "the body is not JSON: %s", json_error->message);
		return NULL;
	}
	root = json_parser_get_root(parser);
	if (root == NULL || !JSON_NODE_HOLDS_OBJECT(root)) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_BODY,
			    "expected {\"sightings\": […]}");
		return NULL;
	}
	obj = json_node_get_object(root);
	json_object_iter_init(&iter, obj);
	while (json_object_iter_next(&iter, &member, NULL)) {
		if (!g_strv_contains(top_fields, member)) {
			g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_BODY,
				    "/%s: unknown field", member);
			return NULL;
		}
	}
	if (!json_object_has_member(obj, "sightings")
	    || !JSON_NODE_HOLDS_ARRAY(json_object_get_member(obj, "sightings"))) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_BODY,
			    "/sightings: required, a list");
		return NULL;
	}
	sightings = json_object_get_array_member(obj, "sightings");
	if (json_array_get_length(sightings) == 0) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_BODY,
			    "/sightings: the list is empty");
		return NULL;
	}
	if (json_array_get_length(sightings) > SORI_LOCATE_MAX_SIGHTINGS) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_INVALID_BODY,
			    "/sightings: %u sightings; the limit is %u",
			    json_array_get_length(sightings), (guint) SORI_LOCATE_MAX_SIGHTINGS);
		return NULL;
	}
	return sightings;
}

/* the numbers of sighting @i: rssi required, tx_power and age_ms optional */
static gboolean
sori_locate_read_numbers(JsonObject *sighting, guint i, gint64 *rssi, gint64 *tx_power,
			 gint64 *age_ms, GError **error)
{
	if (!sori_locate_get_integer(sighting, "rssi", -127, 20, rssi))
		SORI_LOCATE_FAIL(error,
				 "/sightings/%u/rssi: required, a number of dBm from -127 to 0", i);
	if (*rssi > 0)
		SORI_LOCATE_FAIL(error,
				 "/sightings/%u/rssi: %" G_GINT64_FORMAT
				 " dBm is impossible for a received signal",
				 i, *rssi);
	if (json_object_has_member(sighting, "tx_power")
	    && !sori_locate_get_integer(sighting, "tx_power", -127, 20, tx_power))
		SORI_LOCATE_FAIL(
			error,
			"/sightings/%u/tx_power: the RSSI measured at 1 m, from -127 to 20 "
			"dBm",
			i);
	if (json_object_has_member(sighting, "age_ms")
	    && !sori_locate_get_integer(sighting, "age_ms", 0, 3600000, age_ms))
		SORI_LOCATE_FAIL(error,
				 "/sightings/%u/age_ms: milliseconds since the reading, from 0 to "
				 "3600000",
				 i);
	return TRUE;
}

/* advertising data in hex: the first frame that names a place; %FALSE with
 * *found unset for data with none (telemetry, a URL) */
static gboolean
sori_locate_read_payload(const gchar *payload, guint i, SoriLocationId *location,
			 gint *measured_power, gboolean *found, GError **error)
{
	guint8 bytes[255];
	gsize n_bytes = 0;
	SoriFrame frames[8];
	SoriFrameError frame_error = { 0 };
	gint n_frames;

	*found = FALSE;
	if (!sori_hex_decode(payload, SORI_HEX_NONE, bytes, sizeof(bytes), &n_bytes))
		SORI_LOCATE_FAIL(error,
				 "/sightings/%u/payload: expected an even number of hexadecimal "
				 "digits, at most 510",
				 i);
	n_frames = sori_frame_parse_advertisement(bytes, n_bytes, frames, G_N_ELEMENTS(frames),
						  &frame_error);
	if (n_frames < 0)
		SORI_LOCATE_FAIL(error, "/sightings/%u/payload: byte %" G_GSIZE_FORMAT ": %s", i,
				 frame_error.offset, frame_error.reason);
	for (gint f = 0; f < n_frames && !*found; f++) {
		if (sori_frame_get_location_id(&frames[f], location)) {
			*measured_power = sori_frame_measured_power(&frames[f]);
			*found = TRUE;
		}
	}
	return TRUE;
}

/* where sighting @i says the phone is: a location ID, or advertising data */
static gboolean
sori_locate_read_location(JsonObject *sighting, guint i, SoriLocationId *location,
			  gint *measured_power, gboolean *found, GError **error)
{
	const gchar *id_text = NULL;
	const gchar *payload = NULL;
	const gchar *reason = NULL;

	/* a member of another type is refused, never read as a string */
	id_text = sori_json_object_get_string(sighting, "id");
	if (id_text == NULL && json_object_has_member(sighting, "id"))
		SORI_LOCATE_FAIL(error, "/sightings/%u/id: a location ID, as a string", i);
	payload = sori_json_object_get_string(sighting, "payload");
	if (payload == NULL && json_object_has_member(sighting, "payload"))
		SORI_LOCATE_FAIL(error,
				 "/sightings/%u/payload: advertising data in hex, as a string", i);
	if ((id_text == NULL) == (payload == NULL))
		SORI_LOCATE_FAIL(error,
				 "/sightings/%u: give exactly one of 'id' (a location ID) or "
				 "'payload' (advertising data in hex), as a string",
				 i);
	if (payload != NULL)
		return sori_locate_read_payload(payload, i, location, measured_power, found, error);
	if (!sori_location_id_parse(id_text, strlen(id_text), location, &reason))
		SORI_LOCATE_FAIL(error, "/sightings/%u/id: %s", i, reason);
	if (location->kind == SORI_LOCATION_ID_KIND_EID)
		SORI_LOCATE_FAIL(error,
				 "/sightings/%u/id: send the ephemeral ID heard (eid:<16 hex "
				 "digits>), not a beacon name",
				 i);
	*found = TRUE;
	return TRUE;
}

/* the readings of the venue's beacon at @location, or %NULL for one it does not have */
static SoriLocateReadings *
sori_locate_readings_for(SoriLocateContext *ctx, SoriLocationId *location)
{
	gchar canonical[SORI_LOCATION_ID_TEXT_MAX];
	SoriLocateReadings *readings;
	const SoriTarget *target;

	if (location->kind == SORI_LOCATION_ID_KIND_EPHEMERAL) {
		const gchar *name = ctx->resolver != NULL ? sori_eid_resolver_lookup(
					    ctx->resolver, location->u.ephemeral.eid, ctx->now)
							  : NULL;
		/* a beacon sori does not know, or a clone replaying an old EID */
		if (name == NULL)
			return NULL;
		location->kind = SORI_LOCATION_ID_KIND_EID;
		g_strlcpy(location->u.eid.name, name, sizeof(location->u.eid.name));
	}
	sori_location_id_format(location, canonical, sizeof(canonical));
	readings = g_hash_table_lookup(ctx->beacons, canonical);
	if (readings != NULL)
		return readings;
	target = sori_catalogue_lookup_beacon(ctx->catalogue, canonical);
	if (target == NULL)
		return NULL;
	readings = g_new0(SoriLocateReadings, 1);
	readings->beacon = g_strdup(canonical);
	readings->target = target;
	readings->rssi = g_array_new(FALSE, FALSE, sizeof(gdouble));
	g_hash_table_insert(ctx->beacons, readings->beacon, readings);
	return readings;
}

/* one sighting: checked in full, then added to its beacon's readings or ignored */
static gboolean
sori_locate_add_sighting(SoriLocateContext *ctx, JsonNode *node, guint i, GError **error)
{
	static const gchar *const fields[]
		= { "id", "payload", "rssi", "tx_power", "age_ms", NULL };
	JsonObject *sighting;
	JsonObjectIter iter;
	const gchar *member;
	SoriLocationId location;
	SoriLocateReadings *readings;
	gint measured_power = 0;
	gint64 rssi = 0;
	gint64 tx_power = 0;
	gint64 age_ms = 0;
	gboolean found = FALSE;
	gdouble reading;

	if (!JSON_NODE_HOLDS_OBJECT(node))
		SORI_LOCATE_FAIL(error, "/sightings/%u: expected an object", i);
	sighting = json_node_get_object(node);
	json_object_iter_init(&iter, sighting);
	while (json_object_iter_next(&iter, &member, NULL)) {
		if (!g_strv_contains(fields, member))
			SORI_LOCATE_FAIL(error, "/sightings/%u/%s: unknown field", i, member);
	}
	if (!sori_locate_read_location(sighting, i, &location, &measured_power, &found, error)
	    || !sori_locate_read_numbers(sighting, i, &rssi, &tx_power, &age_ms, error))
		return FALSE;
	/* nothing to place the phone by; iOS says 0 dBm when it could not measure;
	 * old readings are stale */
	if (!found || rssi == 0 || age_ms > SORI_LOCATE_MAX_AGE_MS
	    || (readings = sori_locate_readings_for(ctx, &location)) == NULL) {
		ctx->ignored++;
		return TRUE;
	}
	if (json_object_has_member(sighting, "tx_power"))
		measured_power = (gint) tx_power;
	if (measured_power != 0)
		readings->measured_power = measured_power;
	reading = (gdouble) rssi;
	g_array_append_val(readings->rssi, reading);
	return TRUE;
}

/* per beacon, a distance; per exhibit or gallery, its nearest beacon; ranked */
static GArray *
sori_locate_rank(SoriLocateContext *ctx)
{
	g_autoptr(GHashTable) by_target
		= g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	GArray *candidates = g_array_new(FALSE, FALSE, sizeof(SoriLocateCandidate));
	GHashTableIter iter;
	gpointer value;
	gdouble weight_sum = 0;

	g_hash_table_iter_init(&iter, ctx->beacons);
	while (g_hash_table_iter_next(&iter, NULL, &value)) {
		SoriLocateReadings *readings = value;
		gdouble mean = sori_locate_smooth_rssi((gdouble *) readings->rssi->data,
						       readings->rssi->len);
		gdouble distance = sori_locate_distance(mean, readings->measured_power != 0
								      ? readings->measured_power
								      : SORI_LOCATE_DEFAULT_POWER);
		SoriLocateCandidate *candidate = g_hash_table_lookup(by_target, readings->target);
		if (candidate == NULL) {
			candidate = g_new0(SoriLocateCandidate, 1);
			candidate->target = readings->target;
			candidate->distance = distance;
			g_hash_table_insert(by_target, (gpointer) readings->target, candidate);
		}
		candidate->distance = MIN(candidate->distance, distance);
		candidate->readings += readings->rssi->len;
	}
	g_hash_table_iter_init(&iter, by_target);
	while (g_hash_table_iter_next(&iter, NULL, &value)) {
		SoriLocateCandidate *candidate = value;
		g_array_append_val(candidates, *candidate);
		weight_sum += 1.0 / (candidate->distance * candidate->distance);
	}
	g_array_sort(candidates, sori_locate_compare_candidates);
	for (guint i = 0; i < candidates->len; i++) {
		SoriLocateCandidate *candidate = &g_array_index(candidates, SoriLocateCandidate, i);
		/* the share of the signal, as 1/d² */
		candidate->confidence
			= (1.0 / (candidate->distance * candidate->distance)) / weight_sum;
	}
	return candidates;
}

static JsonNode *
sori_locate_build_answer(SoriLocateContext *ctx, GArray *candidates)
{
	g_autoptr(JsonBuilder) builder = json_builder_new_immutable();
	SoriLocateCandidate *best = &g_array_index(candidates, SoriLocateCandidate, 0);

	json_builder_begin_object(builder);
	json_builder_set_member_name(builder, "venue");
	json_builder_add_string_value(builder, sori_catalogue_get_id(ctx->catalogue));
	json_builder_set_member_name(builder, "nearest");
	sori_locate_add_target(builder, ctx->catalogue, best->target, best->distance,
			       best->confidence, best->readings);
	json_builder_set_member_name(builder, "candidates");
	json_builder_begin_array(builder);
	for (guint i = 0; i < candidates->len; i++) {
		SoriLocateCandidate *candidate = &g_array_index(candidates, SoriLocateCandidate, i);
		sori_locate_add_target(builder, ctx->catalogue, candidate->target,
				       candidate->distance, candidate->confidence,
				       candidate->readings);
	}
	json_builder_end_array(builder);
	json_builder_set_member_name(builder, "ignored");
	json_builder_add_int_value(builder, ctx->ignored);
	json_builder_end_object(builder);
	return json_builder_get_root(builder);
}

/**
 * sori_locate:
 * @catalogue: the venue
 * @resolver: (nullable): resolves Eddystone-EID sightings
 * @body: the request body, `{"sightings": [{"id"|"payload", "rssi", "tx_power", "age_ms"}]}`
 * @now: Unix time, in seconds
 * @error: a %SORI_PROBLEM_ERROR saying what is wrong with the request
 *
 * Returns: (transfer full) (nullable): the answer: the nearest exhibit or gallery and
 *	the ranked candidates
 */
JsonNode *
sori_locate(SoriCatalogue *catalogue, SoriEidResolver *resolver, GBytes *body, gint64 now,
	    GError **error)
{
	g_autoptr(JsonParser) parser = json_parser_new_immutable();
	g_autoptr(GHashTable) beacons = g_hash_table_new_full(
		g_str_hash, g_str_equal, NULL, (GDestroyNotify) sori_locate_readings_free);
	g_autoptr(GArray) candidates = NULL;
	SoriLocateContext ctx = { catalogue, resolver, now, beacons, 0 };
	JsonArray *sightings = sori_locate_parse_body(parser, body, error);

	if (sightings == NULL)
		return NULL;
	for (guint i = 0; i < json_array_get_length(sightings); i++) {
		if (!sori_locate_add_sighting(&ctx, json_array_get_element(sightings, i), i, error))
			return NULL;
	}
	if (g_hash_table_size(beacons) == 0) {
		g_set_error(error, SORI_PROBLEM_ERROR, SORI_PROBLEM_NO_KNOWN_BEACON,
			    "none of the %u sightings is a beacon of venue '%s' heard in the last "
			    "%u seconds",
			    json_array_get_length(sightings), sori_catalogue_get_id(catalogue),
			    SORI_LOCATE_MAX_AGE_MS / 1000);
		return NULL;
	}
	candidates = sori_locate_rank(&ctx);
	return sori_locate_build_answer(&ctx, candidates);
}
