/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What a city's open-data portal harvests, beside sori's own JSON export:
 *
 *   GET /v1/venues/{venue}/exhibits.csv  the exhibits, a column per field and language
 *   GET /v1/venues/{venue}/access.csv    the access facts, a row per item
 *   GET /v1/venues/{venue}/schema.jsonld the venue as schema.org (Museum, …)
 *   GET /v1/catalog.jsonld               DCAT: every venue's datasets, licence, date
 *
 * Each is built once per catalogue version and served from memory. Links are
 * relative references, resolved against the address the document was fetched
 * from (JSON-LD's base), so that no Host header of a client's choosing ever
 * ends up in a cached answer.
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include <string.h>

#include "sori-api.h"
#include "sori-csv.h"
#include "sori-open-data.h"
#include "sori-query.h"

#define CSV_TYPE    "text/csv; charset=utf-8; header=present"
#define JSONLD_TYPE "application/ld+json"

/* the media types of the distributions, as DCAT wants them: IANA's IRIs */
#define IANA "https://www.iana.org/assignments/media-types/"

static const gchar *
sori_open_data_text(JsonObject *obj, const gchar *member, const gchar *lang)
{
	JsonNode *node = obj != NULL ? json_object_get_member(obj, member) : NULL;
	if (node == NULL || !JSON_NODE_HOLDS_OBJECT(node))
		return NULL;
	return json_object_get_string_member_with_default(json_node_get_object(node), lang, NULL);
}

static const gchar *
sori_open_data_string(JsonObject *obj, const gchar *member)
{
	JsonNode *node = obj != NULL ? json_object_get_member(obj, member) : NULL;
	return node != NULL && JSON_NODE_HOLDS_VALUE(node)
			       && json_node_get_value_type(node) == G_TYPE_STRING
		       ? json_node_get_string(node)
		       : NULL;
}

static JsonArray *
sori_open_data_array(JsonObject *obj, const gchar *member)
{
	JsonNode *node = obj != NULL ? json_object_get_member(obj, member) : NULL;
	return node != NULL && JSON_NODE_HOLDS_ARRAY(node) ? json_node_get_array(node) : NULL;
}

/**
 * sori_open_data_licence_url:
 * @licence: a licence identifier of the catalogue (SPDX, or KOGL-TypeN)
 *
 * Returns: the licence's own page
 */
gchar *
sori_open_data_licence_url(const gchar *licence)
{
	static const struct {
		const gchar *id;
		const gchar *url;
	} known[] = {
		{ "CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/" },
		{ "CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/" },
		{ "CC-BY-SA-4.0", "https://creativecommons.org/licenses/by-sa/4.0/" },
		{ "CC-BY-NC-4.0", "https://creativecommons.org/licenses/by-nc/4.0/" },
		{ "CC-BY-NC-SA-4.0", "https://creativecommons.org/licenses/by-nc-sa/4.0/" },
		{ "CC-BY-ND-4.0", "https://creativecommons.org/licenses/by-nd/4.0/" },
		{ "CC-BY-NC-ND-4.0", "https://creativecommons.org/licenses/by-nc-nd/4.0/" },
		{ "ODbL-1.0", "https://opendatacommons.org/licenses/odbl/1-0/" },
	};

	for (guint i = 0; i < G_N_ELEMENTS(known); i++) {
		if (g_strcmp0(licence, known[i].id) == 0)
			return g_strdup(known[i].url);
	}
	/* the Korea Open Government Licence's four types */
	if (g_str_has_prefix(licence, "KOGL-Type"))
		return g_strdup_printf("https://www.kogl.or.kr/info/licenseType%s.do",
				       licence + strlen("KOGL-Type"));
	return g_strdup_printf("https://spdx.org/licenses/%s.html", licence);
}

/* ---- schema.org ---- */

static const gchar *
sori_open_data_schema_type(const gchar *kind)
{
	static const struct {
		const gchar *kind;
		const gchar *type;
	} types[] = {
		{ "museum", "Museum" },
		{ "gallery", "ArtGallery" },
		{ "library", "Library" },
		{ "park", "Park" },
		{ "heritage", "LandmarksOrHistoricalBuildings" },
	};
	for (guint i = 0; kind != NULL && i < G_N_ELEMENTS(types); i++) {
		if (g_str_equal(kind, types[i].kind))
			return types[i].type;
	}
	return NULL;
}

static const gchar *
sori_open_data_day_of_week(const gchar *day)
{
	static const gchar *const days[][2] = {
		{ "mon", "https://schema.org/Monday" },    { "tue", "https://schema.org/Tuesday" },
		{ "wed", "https://schema.org/Wednesday" }, { "thu", "https://schema.org/Thursday" },
		{ "fri", "https://schema.org/Friday" },    { "sat", "https://schema.org/Saturday" },
		{ "sun", "https://schema.org/Sunday" },
	};
	for (guint i = 0; i < G_N_ELEMENTS(days); i++) {
		if (g_strcmp0(day, days[i][0]) == 0)
			return days[i][1];
	}
	return NULL;
}

static void
sori_open_data_add_hours(JsonBuilder *b, JsonObject *venue)
{
	JsonNode *node = json_object_get_member(venue, "opening_hours");
	JsonObject *hours
		= node != NULL && JSON_NODE_HOLDS_OBJECT(node) ? json_node_get_object(node) : NULL;
	JsonArray *regular = sori_open_data_array(hours, "regular");
	JsonArray *closed = sori_open_data_array(hours, "closed_dates");

	json_builder_set_member_name(b, "openingHoursSpecification");
	json_builder_begin_array(b);
	for (guint i = 0; regular != NULL && i < json_array_get_length(regular); i++) {
		JsonObject *period = json_array_get_object_element(regular, i);
		JsonArray *days = sori_open_data_array(period, "days");
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "@type");
		json_builder_add_string_value(b, "OpeningHoursSpecification");
		json_builder_set_member_name(b, "dayOfWeek");
		json_builder_begin_array(b);
		for (guint d = 0; days != NULL && d < json_array_get_length(days); d++) {
			const gchar *iri = sori_open_data_day_of_week(
				json_array_get_string_element(days, d));
			if (iri != NULL)
				json_builder_add_string_value(b, iri);
		}
		json_builder_end_array(b);
		json_builder_set_member_name(b, "opens");
		json_builder_add_string_value(b, sori_open_data_string(period, "opens"));
		json_builder_set_member_name(b, "closes");
		json_builder_add_string_value(b, sori_open_data_string(period, "closes"));
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	if (closed == NULL || json_array_get_length(closed) == 0)
		return;
	/* schema.org's way of saying closed all day: opens and closes at 00:00 */
	json_builder_set_member_name(b, "specialOpeningHoursSpecification");
	json_builder_begin_array(b);
	for (guint i = 0; i < json_array_get_length(closed); i++) {
		const gchar *date = json_array_get_string_element(closed, i);
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "@type");
		json_builder_add_string_value(b, "OpeningHoursSpecification");
		json_builder_set_member_name(b, "validFrom");
		json_builder_add_string_value(b, date);
		json_builder_set_member_name(b, "validThrough");
		json_builder_add_string_value(b, date);
		json_builder_set_member_name(b, "opens");
		json_builder_add_string_value(b, "00:00");
		json_builder_set_member_name(b, "closes");
		json_builder_add_string_value(b, "00:00");
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
}

/* @value: (transfer full) (nullable): the feature's value, true when %NULL */
static void
sori_open_data_add_feature(JsonBuilder *b, const gchar *name, JsonNode *value)
{
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "@type");
	json_builder_add_string_value(b, "LocationFeatureSpecification");
	json_builder_set_member_name(b, "name");
	json_builder_add_string_value(b, name);
	json_builder_set_member_name(b, "value");
	if (value != NULL)
		json_builder_add_value(b, value);
	else
		json_builder_add_boolean_value(b, TRUE);
	json_builder_end_object(b);
}

/* whether any item of access list @member has @flag true (any item at all when %NULL) */
static gboolean
sori_open_data_any(JsonObject *access, const gchar *member, const gchar *flag)
{
	JsonArray *list = sori_open_data_array(access, member);

	for (guint i = 0; list != NULL && i < json_array_get_length(list); i++) {
		JsonObject *item = json_array_get_object_element(list, i);
		if (flag == NULL || json_object_get_boolean_member_with_default(item, flag, FALSE))
			return TRUE;
	}
	return FALSE;
}

/* the venue's facilities, from its access facts */
static void
sori_open_data_add_amenities(JsonBuilder *b, JsonObject *access, const gchar *lang)
{
	JsonArray *equipment = sori_open_data_array(access, "equipment");

	json_builder_set_member_name(b, "amenityFeature");
	json_builder_begin_array(b);
	if (sori_open_data_any(access, "entrances", "step_free"))
		sori_open_data_add_feature(b, "Step-free entrance", NULL);
	if (sori_open_data_any(access, "step_free_routes", NULL))
		sori_open_data_add_feature(b, "Step-free route", NULL);
	if (sori_open_data_any(access, "lifts", NULL))
		sori_open_data_add_feature(b, "Lift", NULL);
	if (sori_open_data_any(access, "toilets", NULL))
		sori_open_data_add_feature(b, "Accessible toilet", NULL);
	if (sori_open_data_any(access, "toilets", "changing_place"))
		sori_open_data_add_feature(b, "Changing Places toilet", NULL);
	if (sori_open_data_any(access, "quiet_spaces", NULL))
		sori_open_data_add_feature(b, "Quiet space", NULL);
	if (json_object_has_member(access, "seating"))
		sori_open_data_add_feature(b, "Seating", NULL);
	if (json_object_has_member(access, "assistance_dogs"))
		sori_open_data_add_feature(b, "Assistance dogs welcome", NULL);
	/* what is lent, by its own name, and how many when the catalogue says */
	for (guint i = 0; equipment != NULL && i < json_array_get_length(equipment); i++) {
		JsonObject *item = json_array_get_object_element(equipment, i);
		const gchar *name = sori_open_data_text(item, "name", lang);
		JsonNode *available = json_object_get_member(item, "available");
		if (name != NULL)
			sori_open_data_add_feature(
				b, name, available != NULL ? json_node_copy(available) : NULL);
	}
	json_builder_end_array(b);
}

/* what the guide offers, in schema.org's accessibilityFeature vocabulary */
static void
sori_open_data_add_guide_features(JsonBuilder *b, SoriCatalogue *catalogue)
{
	GPtrArray *exhibits = sori_catalogue_get_exhibits(catalogue);
	gboolean sign = FALSE;
	gboolean tactile = FALSE;

	for (guint i = 0; i < exhibits->len; i++) {
		SoriExhibit *exhibit = g_ptr_array_index(exhibits, i);
		JsonNode *access = json_object_get_member(exhibit->json, "access");
		sign = sign || json_object_has_member(exhibit->json, "sign_language");
		if (access != NULL && JSON_NODE_HOLDS_OBJECT(access))
			tactile = tactile
				  || json_object_get_boolean_member_with_default(
					  json_node_get_object(access), "touchable", FALSE);
	}
	json_builder_set_member_name(b, "accessibilityFeature");
	json_builder_begin_array(b);
	json_builder_add_string_value(b, "captions");
	json_builder_add_string_value(b, "transcript");
	json_builder_add_string_value(b, "synthesizedSpeech");
	json_builder_add_string_value(b, "audioDescription");
	json_builder_add_string_value(b, "highContrastDisplay");
	json_builder_add_string_value(b, "displayTransformability");
	if (sign)
		json_builder_add_string_value(b, "signLanguage");
	if (tactile)
		json_builder_add_string_value(b, "tactileObject");
	json_builder_end_array(b);
}

/**
 * sori_open_data_build_schema:
 *
 * Returns: (transfer full): the venue as schema.org JSON-LD, in its default language
 */
JsonNode *
sori_open_data_build_schema(SoriCatalogue *catalogue)
{
	g_autoptr(JsonBuilder) b = json_builder_new_immutable();
	JsonObject *venue = sori_catalogue_get_venue_json(catalogue);
	JsonNode *access_node = json_object_get_member(venue, "access");
	JsonObject *access = access_node != NULL && JSON_NODE_HOLDS_OBJECT(access_node)
				     ? json_node_get_object(access_node)
				     : NULL;
	JsonNode *contact_node = json_object_get_member(venue, "contact");
	JsonObject *contact = contact_node != NULL && JSON_NODE_HOLDS_OBJECT(contact_node)
				      ? json_node_get_object(contact_node)
				      : NULL;
	const gchar *id = sori_catalogue_get_id(catalogue);
	const gchar *lang = sori_catalogue_get_default_language(catalogue);
	const gchar *const *langs = sori_catalogue_get_languages(catalogue);
	const gchar *type = sori_open_data_schema_type(sori_open_data_string(venue, "kind"));
	SoriMap *map = sori_catalogue_get_map(catalogue);
	g_autofree gchar *page = g_strdup_printf("/v/%s", id);
	g_autofree gchar *self_id = g_strdup_printf("/v/%s#venue", id);
	gdouble lat, lon, bearing;

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "@context");
	json_builder_add_string_value(b, "https://schema.org");
	json_builder_set_member_name(b, "@type");
	json_builder_begin_array(b);
	if (type != NULL)
		json_builder_add_string_value(b, type);
	json_builder_add_string_value(b, "TouristAttraction");
	json_builder_end_array(b);
	json_builder_set_member_name(b, "@id");
	json_builder_add_string_value(b, self_id);
	json_builder_set_member_name(b, "identifier");
	json_builder_add_string_value(b, id);
	json_builder_set_member_name(b, "name");
	json_builder_add_string_value(b, sori_open_data_text(venue, "name", lang));
	json_builder_set_member_name(b, "alternateName");
	json_builder_begin_array(b);
	for (guint i = 0; langs[i] != NULL; i++) {
		const gchar *name = sori_open_data_text(venue, "name", langs[i]);
		if (g_str_equal(langs[i], lang) || name == NULL)
			continue;
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "@language");
		json_builder_add_string_value(b, langs[i]);
		json_builder_set_member_name(b, "@value");
		json_builder_add_string_value(b, name);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	if (sori_open_data_text(venue, "description", lang) != NULL) {
		json_builder_set_member_name(b, "description");
		json_builder_add_string_value(b, sori_open_data_text(venue, "description", lang));
	}
	json_builder_set_member_name(b, "url");
	json_builder_add_string_value(b, page);
	json_builder_set_member_name(b, "inLanguage");
	json_builder_add_string_value(b, lang);
	json_builder_set_member_name(b, "availableLanguage");
	json_builder_begin_array(b);
	for (guint i = 0; langs[i] != NULL; i++)
		json_builder_add_string_value(b, langs[i]);
	json_builder_end_array(b);
	json_builder_set_member_name(b, "address");
	json_builder_add_string_value(b, sori_open_data_text(venue, "address", lang));
	if (sori_open_data_string(contact, "phone") != NULL) {
		json_builder_set_member_name(b, "telephone");
		json_builder_add_string_value(b, sori_open_data_string(contact, "phone"));
	}
	if (sori_open_data_string(contact, "email") != NULL) {
		json_builder_set_member_name(b, "email");
		json_builder_add_string_value(b, sori_open_data_string(contact, "email"));
	}
	if (sori_open_data_string(contact, "website") != NULL) {
		json_builder_set_member_name(b, "sameAs");
		json_builder_add_string_value(b, sori_open_data_string(contact, "website"));
	}
	json_builder_set_member_name(b, "publicAccess");
	json_builder_add_boolean_value(b, TRUE);
	sori_open_data_add_hours(b, venue);
	if (access != NULL) {
		json_builder_set_member_name(b, "accessibilitySummary");
		json_builder_add_string_value(b, sori_open_data_text(access, "summary", lang));
		sori_open_data_add_amenities(b, access, lang);
	}
	sori_open_data_add_guide_features(b, catalogue);
	if (map != NULL) {
		g_autofree gchar *map_url = g_strdup_printf("/v1/venues/%s/map", id);
		json_builder_set_member_name(b, "hasMap");
		json_builder_add_string_value(b, map_url);
		if (sori_map_get_origin(map, &lat, &lon, &bearing)) {
			json_builder_set_member_name(b, "geo");
			json_builder_begin_object(b);
			json_builder_set_member_name(b, "@type");
			json_builder_add_string_value(b, "GeoCoordinates");
			json_builder_set_member_name(b, "latitude");
			json_builder_add_double_value(b, lat);
			json_builder_set_member_name(b, "longitude");
			json_builder_add_double_value(b, lon);
			json_builder_end_object(b);
		}
	}
	json_builder_end_object(b);
	return json_builder_get_root(b);
}

/* ---- DCAT ---- */

static void
sori_open_data_add_iri(JsonBuilder *b, const gchar *member, const gchar *iri)
{
	json_builder_set_member_name(b, member);
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "@id");
	json_builder_add_string_value(b, iri);
	json_builder_end_object(b);
}

static void
sori_open_data_add_date(JsonBuilder *b, const gchar *member, gint64 when)
{
	g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc(when);
	g_autofree gchar *text = g_date_time_format(dt, "%FT%TZ");

	json_builder_set_member_name(b, member);
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "@value");
	json_builder_add_string_value(b, text);
	json_builder_set_member_name(b, "@type");
	json_builder_add_string_value(b, "xsd:dateTime");
	json_builder_end_object(b);
}

/* a text in every language of the venue, as language-tagged literals */
static void
sori_open_data_add_texts(JsonBuilder *b, const gchar *member, JsonObject *obj, const gchar *field,
			 const gchar *const *langs)
{
	json_builder_set_member_name(b, member);
	json_builder_begin_array(b);
	for (guint i = 0; langs[i] != NULL; i++) {
		const gchar *text = sori_open_data_text(obj, field, langs[i]);
		if (text == NULL)
			continue;
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "@language");
		json_builder_add_string_value(b, langs[i]);
		json_builder_set_member_name(b, "@value");
		json_builder_add_string_value(b, text);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
}

static void
sori_open_data_add_distribution(JsonBuilder *b, const gchar *venue, const gchar *path,
				const gchar *title, const gchar *format, const gchar *media_type,
				const gchar *licence_url, gint64 modified)
{
	g_autofree gchar *url = g_strdup_printf("/v1/venues/%s%s", venue, path);
	g_autofree gchar *id = g_strdup_printf("/v1/venues/%s%s#distribution", venue, path);
	g_autofree gchar *type = g_strconcat(IANA, media_type, NULL);

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "@id");
	json_builder_add_string_value(b, id);
	json_builder_set_member_name(b, "@type");
	json_builder_add_string_value(b, "dcat:Distribution");
	json_builder_set_member_name(b, "dct:title");
	json_builder_add_string_value(b, title);
	json_builder_set_member_name(b, "dct:format");
	json_builder_add_string_value(b, format);
	sori_open_data_add_iri(b, "dcat:mediaType", type);
	sori_open_data_add_iri(b, "dcat:accessURL", url);
	sori_open_data_add_iri(b, "dcat:downloadURL", url);
	sori_open_data_add_iri(b, "dct:license", licence_url);
	if (modified > 0)
		sori_open_data_add_date(b, "dct:modified", modified);
	json_builder_end_object(b);
}

static void
sori_open_data_add_dataset(JsonBuilder *b, SoriVenueSnapshot *snapshot, gboolean counts)
{
	SoriCatalogue *catalogue = snapshot->catalogue;
	JsonObject *venue = sori_catalogue_get_venue_json(catalogue);
	JsonNode *contact_node = json_object_get_member(venue, "contact");
	JsonObject *contact = contact_node != NULL && JSON_NODE_HOLDS_OBJECT(contact_node)
				      ? json_node_get_object(contact_node)
				      : NULL;
	const gchar *id = sori_catalogue_get_id(catalogue);
	const gchar *const *langs = sori_catalogue_get_languages(catalogue);
	const gchar *lang = sori_catalogue_get_default_language(catalogue);
	g_autofree gchar *licence
		= sori_open_data_licence_url(sori_catalogue_get_licence(catalogue));
	g_autofree gchar *dataset_id = g_strdup_printf("/v1/venues/%s#dataset", id);
	g_autofree gchar *page = g_strdup_printf("/v/%s", id);
	const gchar *email = sori_open_data_string(contact, "email");

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "@id");
	json_builder_add_string_value(b, dataset_id);
	json_builder_set_member_name(b, "@type");
	json_builder_add_string_value(b, "dcat:Dataset");
	json_builder_set_member_name(b, "dct:identifier");
	json_builder_add_string_value(b, id);
	sori_open_data_add_texts(b, "dct:title", venue, "name", langs);
	sori_open_data_add_texts(b, "dct:description", venue, "description", langs);
	json_builder_set_member_name(b, "dct:language");
	json_builder_begin_array(b);
	for (guint i = 0; langs[i] != NULL; i++)
		json_builder_add_string_value(b, langs[i]);
	json_builder_end_array(b);
	json_builder_set_member_name(b, "dcat:keyword");
	json_builder_begin_array(b);
	json_builder_add_string_value(b, "accessibility");
	json_builder_add_string_value(b, "barrier-free");
	json_builder_add_string_value(b, "audio guide");
	json_builder_add_string_value(b, "captions");
	json_builder_add_string_value(b, "culture");
	json_builder_end_array(b);
	sori_open_data_add_iri(b, "dct:license", licence);
	sori_open_data_add_date(b, "dct:modified", snapshot->modified);
	sori_open_data_add_iri(b, "dcat:landingPage", page);
	json_builder_set_member_name(b, "dct:publisher");
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "@type");
	json_builder_add_string_value(b, "foaf:Agent");
	json_builder_set_member_name(b, "foaf:name");
	json_builder_add_string_value(b, sori_open_data_text(venue, "name", lang));
	json_builder_end_object(b);
	if (email != NULL) {
		g_autofree gchar *mailto = g_strconcat("mailto:", email, NULL);
		json_builder_set_member_name(b, "dcat:contactPoint");
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "@type");
		json_builder_add_string_value(b, "vcard:Organization");
		json_builder_set_member_name(b, "vcard:fn");
		json_builder_add_string_value(b, sori_open_data_text(venue, "name", lang));
		sori_open_data_add_iri(b, "vcard:hasEmail", mailto);
		json_builder_end_object(b);
	}
	json_builder_set_member_name(b, "dcat:distribution");
	json_builder_begin_array(b);
	sori_open_data_add_distribution(b, id, "/export", "Catalogue, every language (JSON)",
					"JSON", "application/json", licence, snapshot->modified);
	sori_open_data_add_distribution(b, id, "/exhibits.csv", "Exhibits (CSV)", "CSV", "text/csv",
					licence, snapshot->modified);
	sori_open_data_add_distribution(b, id, "/access.csv", "Access facts (CSV)", "CSV",
					"text/csv", licence, snapshot->modified);
	sori_open_data_add_distribution(b, id, "/schema.jsonld", "The venue as schema.org",
					"JSON-LD", "application/ld+json", licence,
					snapshot->modified);
	if (sori_catalogue_has_map(catalogue))
		sori_open_data_add_distribution(b, id, "/map", "Map of the venue (GeoJSON, IMDF)",
						"GeoJSON", "application/geo+json", licence,
						snapshot->modified);
	if (counts)
		sori_open_data_add_distribution(
			b, id, "/usage",
			"Usage of the guides, per month, with differential privacy (JSON)", "JSON",
			"application/json", licence, 0);
	json_builder_end_array(b);
	json_builder_end_object(b);
}

/**
 * sori_open_data_build_catalog:
 * @snapshots: (element-type SoriVenueSnapshot): the venues served
 * @usage: (nullable): the usage counts, when sorid keeps them
 *
 * Returns: (transfer full): a DCAT catalogue of every venue's datasets, JSON-LD
 */
JsonNode *
sori_open_data_build_catalog(GPtrArray *snapshots, SoriUsage *usage)
{
	g_autoptr(JsonBuilder) b = json_builder_new_immutable();
	gint64 modified = 0;

	for (guint i = 0; i < snapshots->len; i++) {
		SoriVenueSnapshot *snapshot = g_ptr_array_index(snapshots, i);
		modified = MAX(modified, snapshot->modified);
	}
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "@context");
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "dcat");
	json_builder_add_string_value(b, "http://www.w3.org/ns/dcat#");
	json_builder_set_member_name(b, "dct");
	json_builder_add_string_value(b, "http://purl.org/dc/terms/");
	json_builder_set_member_name(b, "foaf");
	json_builder_add_string_value(b, "http://xmlns.com/foaf/0.1/");
	json_builder_set_member_name(b, "vcard");
	json_builder_add_string_value(b, "http://www.w3.org/2006/vcard/ns#");
	json_builder_set_member_name(b, "xsd");
	json_builder_add_string_value(b, "http://www.w3.org/2001/XMLSchema#");
	json_builder_end_object(b);
	json_builder_set_member_name(b, "@id");
	json_builder_add_string_value(b, "/v1/catalog.jsonld");
	json_builder_set_member_name(b, "@type");
	json_builder_add_string_value(b, "dcat:Catalog");
	json_builder_set_member_name(b, "dct:title");
	json_builder_add_string_value(b, "sori: the venues' accessible guides as open data");
	json_builder_set_member_name(b, "dct:description");
	json_builder_add_string_value(
		b, "Exhibits, access facts, maps and the guides' use, venue by venue, for "
		   "disabled visitors and for anyone who builds on them.");
	if (modified > 0)
		sori_open_data_add_date(b, "dct:modified", modified);
	json_builder_set_member_name(b, "dcat:dataset");
	json_builder_begin_array(b);
	for (guint i = 0; i < snapshots->len; i++) {
		SoriVenueSnapshot *snapshot = g_ptr_array_index(snapshots, i);
		sori_open_data_add_dataset(
			b, snapshot,
			usage != NULL && sori_catalogue_counts_usage(snapshot->catalogue));
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	return json_builder_get_root(b);
}

/* ---- handlers ---- */

typedef enum {
	SORI_OPEN_DATA_EXHIBITS_CSV,
	SORI_OPEN_DATA_ACCESS_CSV,
	SORI_OPEN_DATA_SCHEMA,
} SoriOpenDataKind;

static SoriRepresentation *
sori_open_data_build_cb(SoriVenueSnapshot *snapshot, gpointer user_data)
{
	SoriOpenDataKind kind = GPOINTER_TO_UINT(user_data);
	g_autoptr(GBytes) bytes = NULL;
	g_autoptr(JsonNode) node = NULL;
	gchar *text;

	switch (kind) {
	case SORI_OPEN_DATA_EXHIBITS_CSV:
		text = sori_csv_export_full(snapshot->catalogue, SORI_CSV_EXPORT_EFFECTIVE_LICENCE);
		bytes = g_bytes_new_take(text, strlen(text));
		return sori_representation_new(200, CSV_TYPE, NULL, bytes);
	case SORI_OPEN_DATA_ACCESS_CSV:
		text = sori_csv_export_access(snapshot->catalogue);
		bytes = g_bytes_new_take(text, strlen(text));
		return sori_representation_new(200, CSV_TYPE, NULL, bytes);
	case SORI_OPEN_DATA_SCHEMA:
	default:
		node = sori_open_data_build_schema(snapshot->catalogue);
		return sori_representation_new_json(200, JSONLD_TYPE, NULL, node);
	}
}

static gboolean
sori_open_data_serve(SoriVenueStore *store, const SoriHttpRequest *request,
		     const SoriRouteMatch *match, SoriHttpResponse *response, SoriOpenDataKind kind)
{
	static const gchar *const allowed[] = { NULL };
	static const gchar *const keys[]
		= { "open:exhibits.csv", "open:access.csv", "open:schema.jsonld" };
	g_autoptr(GError) error = NULL;
	g_autoptr(GHashTable) params = NULL;
	SoriVenueSnapshot *snapshot
		= sori_api_lookup_venue(store, sori_route_match_get(match, "venue"), &error);
	SoriRepresentation *rep;

	if (snapshot == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	params = sori_query_parse(request->query, allowed, &error);
	if (params == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	rep = sori_venue_snapshot_get_representation(snapshot, keys[kind], sori_open_data_build_cb,
						     GUINT_TO_POINTER(kind));
	sori_http_response_set_representation(response, request, rep, "Accept-Encoding");
	return TRUE;
}

/**
 * sori_open_data_handle_exhibits_csv:
 *
 * GET /v1/venues/{venue}/exhibits.csv
 */
gboolean
sori_open_data_handle_exhibits_csv(gpointer store, const SoriHttpRequest *request,
				   const SoriRouteMatch *match, SoriHttpResponse *response)
{
	return sori_open_data_serve(store, request, match, response, SORI_OPEN_DATA_EXHIBITS_CSV);
}

/**
 * sori_open_data_handle_access_csv:
 *
 * GET /v1/venues/{venue}/access.csv
 */
gboolean
sori_open_data_handle_access_csv(gpointer store, const SoriHttpRequest *request,
				 const SoriRouteMatch *match, SoriHttpResponse *response)
{
	return sori_open_data_serve(store, request, match, response, SORI_OPEN_DATA_ACCESS_CSV);
}

/**
 * sori_open_data_handle_schema:
 *
 * GET /v1/venues/{venue}/schema.jsonld
 */
gboolean
sori_open_data_handle_schema(gpointer store, const SoriHttpRequest *request,
			     const SoriRouteMatch *match, SoriHttpResponse *response)
{
	return sori_open_data_serve(store, request, match, response, SORI_OPEN_DATA_SCHEMA);
}

/**
 * sori_open_data_handle_catalog:
 *
 * GET /v1/catalog.jsonld: the DCAT catalogue, rebuilt when a catalogue changes.
 */
gboolean
sori_open_data_handle_catalog(gpointer store, const SoriHttpRequest *request,
			      const SoriRouteMatch *match, SoriHttpResponse *response)
{
	static const gchar *const allowed[] = { NULL };
	g_autoptr(GError) error = NULL;
	g_autoptr(GHashTable) params = sori_query_parse(request->query, allowed, &error);
	GHashTable *cache = sori_venue_store_get_list_cache(store);
	SoriRepresentation *rep;

	if (params == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	rep = g_hash_table_lookup(cache, "\x1f"
					 "dcat");
	if (rep == NULL) {
		g_autoptr(JsonNode) node = sori_open_data_build_catalog(
			sori_venue_store_get_snapshots(store), sori_venue_store_get_usage(store));
		rep = sori_representation_new_json(200, JSONLD_TYPE, NULL, node);
		g_hash_table_insert(cache,
				    g_strdup("\x1f"
					     "dcat"),
				    rep);
	}
	sori_http_response_set_representation(response, request, rep, "Accept-Encoding");
	return TRUE;
}
