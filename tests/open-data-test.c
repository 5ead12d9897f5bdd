/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The open-data exports over real HTTP, through both front ends: the CSV of
 * exhibits (read back by sori's own importer into the same exhibits) and of
 * access facts, the venue as schema.org JSON-LD, and the DCAT catalogue a
 * portal harvests; texts full of commas, quotes and line breaks kept whole.
 */

#include "config.h"

#include <string.h>

#include "sori-csv.h"
#include "sori-test-api.h"
#include "sori-test-util.h"

#define MUSEUM "/v1/venues/dasol-museum"

static gchar **
csv_lines(SoriTestReply *reply)
{
	gsize size = 0;
	const gchar *data = g_bytes_get_data(reply->body, &size);
	g_autofree gchar *text = NULL;

	/* UTF-8 with a byte order mark, lines ending in CRLF */
	g_assert_cmpuint(size, >, 3);
	g_assert_cmpmem(data, 3, "\xef\xbb\xbf", 3);
	g_assert_true(g_utf8_validate(data, (gssize) size, NULL));
	text = g_strndup(data + 3, size - 3);
	g_assert_true(g_str_has_suffix(text, "\r\n"));
	return g_strsplit(text, "\r\n", -1);
}

/* the exhibits' CSV, read back by sori's importer, gives the catalogue's exhibits */
static void
test_exhibits_csv(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) reply = sori_test_api_fetch(f, MUSEUM "/exhibits.csv", NULL);
	g_autoptr(SoriTestReply) again = NULL;
	g_autoptr(SoriTestReply) bad = NULL;
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(JsonNode) imported = NULL;
	g_autofree gchar *path = g_build_filename(f->data_dir, "dasol-museum.json", NULL);
	g_autoptr(GError) error = NULL;
	g_auto(GStrv) lines = NULL;
	SoriVenueSnapshot *snapshot = sori_venue_store_lookup(f->store, "dasol-museum");
	GPtrArray *exhibits = sori_catalogue_get_exhibits(snapshot->catalogue);
	JsonArray *rows;

	g_assert_cmpuint(reply->status, ==, 200);
	g_assert_cmpstr(sori_test_api_header(reply, "Content-Type"), ==,
			"text/csv; charset=utf-8; header=present");
	g_assert_cmpstr(sori_test_api_header(reply, "Access-Control-Allow-Origin"), ==, "*");
	lines = csv_lines(reply);
	g_assert_true(g_str_has_prefix(lines[0], "id,gallery,code,title.ko,title.en,"));
	g_assert_true(g_str_has_suffix(lines[0], ",licence"));
	/* a header, a line per exhibit, and the empty string after the last CRLF */
	g_assert_cmpuint(g_strv_length(lines), ==, exhibits->len + 2);
	/* every exhibit states its licence, its own or the venue's */
	for (guint i = 1; i <= exhibits->len; i++)
		g_assert_true(g_str_has_suffix(lines[i], ",KOGL-Type1")
			      || g_str_has_suffix(lines[i], ",CC-BY-4.0")
			      || g_str_has_suffix(lines[i], ",CC0-1.0"));

	g_assert_true(json_parser_load_from_file(parser, path, &error));
	imported = sori_csv_import(g_bytes_get_data(reply->body, NULL),
				   g_bytes_get_size(reply->body), json_parser_get_root(parser),
				   &problems);
	g_assert_nonnull(imported);
	rows = json_object_get_array_member(json_node_get_object(imported), "exhibits");
	g_assert_cmpuint(json_array_get_length(rows), ==, exhibits->len);
	for (guint i = 0; i < exhibits->len; i++) {
		SoriExhibit *exhibit = g_ptr_array_index(exhibits, i);
		JsonObject *row = json_array_get_object_element(rows, i);
		g_assert_cmpstr(json_object_get_string_member(row, "id"), ==, exhibit->id);
		g_assert_cmpstr(json_object_get_string_member(row, "code"), ==, exhibit->code);
		g_assert_true(json_node_equal(json_object_get_member(row, "title"),
					      json_object_get_member(exhibit->json, "title")));
		g_assert_true(
			json_node_equal(json_object_get_member(row, "description"),
					json_object_get_member(exhibit->json, "description")));
	}

	again = sori_test_api_fetch(f, MUSEUM "/exhibits.csv", "If-None-Match",
				    sori_test_api_header(reply, "ETag"), NULL);
	g_assert_cmpuint(again->status, ==, 304);
	bad = sori_test_api_fetch(f, MUSEUM "/exhibits.csv?lang=en", NULL);
	sori_test_api_assert_problem(bad, SORI_PROBLEM_INVALID_PARAMETER, NULL);
}

/* a row per access item, a column per language and fact */
static void
test_access_csv(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) reply = sori_test_api_fetch(f, MUSEUM "/access.csv", NULL);
	g_autoptr(SoriTestReply) unknown = NULL;
	g_auto(GStrv) lines = NULL;
	guint entrances = 0;
	gboolean lift = FALSE;
	gboolean changing = FALSE;

	g_assert_cmpuint(reply->status, ==, 200);
	lines = csv_lines(reply);
	g_assert_cmpstr(lines[0], ==,
			"kind,id,name.ko,name.en,description.ko,description.en,floor,floors,"
			"step_free,changing_place,available");
	g_assert_true(g_str_has_prefix(lines[1], "summary,,,,"));
	for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++) {
		if (g_str_has_prefix(lines[i], "entrance,"))
			entrances++;
		/* a text with a comma is quoted; the garden entrance has steps */
		if (g_str_has_prefix(lines[i], "entrance,garden,"))
			g_assert_true(g_str_has_suffix(
				lines[i], ",\"From the back garden, with three steps. For a "
					  "step-free way in, use the main entrance.\",1,,no,,"));
		lift = lift
		       || (g_str_has_prefix(lines[i], "lift,lift-a,")
			   && strstr(lines[i], ",,1;2,,,"));
		changing = changing
			   || (g_str_has_prefix(lines[i], "toilet,toilet-2,")
			       && g_str_has_suffix(lines[i], ",2,,,yes,"));
		if (g_str_has_prefix(lines[i], "equipment,wheelchair,"))
			g_assert_true(g_str_has_suffix(lines[i], ",,,,,4"));
	}
	g_assert_cmpuint(entrances, ==, 2);
	g_assert_true(lift);
	g_assert_true(changing);
	unknown = sori_test_api_fetch(f, "/v1/venues/nowhere/access.csv", NULL);
	sori_test_api_assert_problem(unknown, SORI_PROBLEM_UNKNOWN_VENUE, NULL);
}

static gboolean
array_has_string(JsonArray *array, const gchar *value)
{
	for (guint i = 0; i < json_array_get_length(array); i++) {
		if (g_strcmp0(json_array_get_string_element(array, i), value) == 0)
			return TRUE;
	}
	return FALSE;
}

static gboolean
has_amenity(JsonObject *venue, const gchar *name)
{
	JsonArray *features = json_object_get_array_member(venue, "amenityFeature");
	for (guint i = 0; i < json_array_get_length(features); i++) {
		JsonObject *feature = json_array_get_object_element(features, i);
		if (g_strcmp0(json_object_get_string_member(feature, "name"), name) == 0)
			return TRUE;
	}
	return FALSE;
}

static void
test_schema(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) museum = sori_test_api_fetch(f, MUSEUM "/schema.jsonld", NULL);
	g_autoptr(SoriTestReply) park
		= sori_test_api_fetch(f, "/v1/venues/haneul-wetland/schema.jsonld", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(JsonParser) parser2 = json_parser_new();
	JsonObject *venue;
	JsonObject *saturday = NULL;
	JsonArray *hours;
	JsonArray *types;

	g_assert_cmpuint(museum->status, ==, 200);
	g_assert_cmpstr(sori_test_api_header(museum, "Content-Type"), ==, "application/ld+json");
	venue = sori_test_api_json(museum, parser);
	g_assert_cmpstr(json_object_get_string_member(venue, "@context"), ==, "https://schema.org");
	types = json_object_get_array_member(venue, "@type");
	g_assert_true(array_has_string(types, "Museum"));
	g_assert_true(array_has_string(types, "TouristAttraction"));
	g_assert_cmpstr(json_object_get_string_member(venue, "name"), ==, "다솔 공예 박물관");
	g_assert_cmpstr(json_object_get_string_member(venue, "url"), ==, "/v/dasol-museum");
	g_assert_cmpstr(json_object_get_string_member(venue, "telephone"), ==, "+82 2 555 0142");
	hours = json_object_get_array_member(venue, "openingHoursSpecification");
	for (guint i = 0; i < json_array_get_length(hours); i++) {
		JsonObject *spec = json_array_get_object_element(hours, i);
		if (array_has_string(json_object_get_array_member(spec, "dayOfWeek"),
				     "https://schema.org/Saturday"))
			saturday = spec;
		g_assert_false(array_has_string(json_object_get_array_member(spec, "dayOfWeek"),
						"https://schema.org/Monday"));
	}
	g_assert_nonnull(saturday);
	g_assert_cmpstr(json_object_get_string_member(saturday, "closes"), ==, "21:00");
	g_assert_cmpuint(json_array_get_length(json_object_get_array_member(
				 venue, "specialOpeningHoursSpecification")),
			 ==, 3);
	g_assert_true(has_amenity(venue, "Step-free entrance"));
	g_assert_true(has_amenity(venue, "Lift"));
	g_assert_true(has_amenity(venue, "Changing Places toilet"));
	g_assert_true(has_amenity(venue, "휠체어"));
	g_assert_true(array_has_string(json_object_get_array_member(venue, "accessibilityFeature"),
				       "captions"));
	g_assert_true(array_has_string(json_object_get_array_member(venue, "accessibilityFeature"),
				       "signLanguage"));
	g_assert_cmpstr(json_object_get_string_member(venue, "hasMap"), ==, MUSEUM "/map");
	g_assert_cmpfloat_with_epsilon(
		json_object_get_double_member(json_object_get_object_member(venue, "geo"),
					      "latitude"),
		37.5724, 1e-9);

	/* a park without lifts, a map or a changing place */
	venue = sori_test_api_json(park, parser2);
	types = json_object_get_array_member(venue, "@type");
	g_assert_true(array_has_string(types, "Park"));
	g_assert_false(has_amenity(venue, "Lift"));
	g_assert_false(has_amenity(venue, "Changing Places toilet"));
	g_assert_false(json_object_has_member(venue, "hasMap"));
}

static JsonObject *
dataset_of(JsonObject *catalog, const gchar *id)
{
	JsonArray *datasets = json_object_get_array_member(catalog, "dcat:dataset");
	for (guint i = 0; i < json_array_get_length(datasets); i++) {
		JsonObject *dataset = json_array_get_object_element(datasets, i);
		if (g_strcmp0(json_object_get_string_member(dataset, "dct:identifier"), id) == 0)
			return dataset;
	}
	return NULL;
}

static JsonObject *
distribution_of(JsonObject *dataset, const gchar *url)
{
	JsonArray *list = json_object_get_array_member(dataset, "dcat:distribution");
	for (guint i = 0; i < json_array_get_length(list); i++) {
		JsonObject *d = json_array_get_object_element(list, i);
		JsonObject *download = json_object_get_object_member(d, "dcat:downloadURL");
		if (g_strcmp0(json_object_get_string_member(download, "@id"), url) == 0)
			return d;
	}
	return NULL;
}

static void
test_catalog(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) reply = sori_test_api_fetch(f, "/v1/catalog.jsonld", NULL);
	g_autoptr(SoriTestReply) after = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(JsonParser) parser2 = json_parser_new();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *file = g_build_filename(f->data_dir, "haneul-wetland.json", NULL);
	g_autofree gchar *text = NULL;
	g_autoptr(GString) changed = NULL;
	JsonObject *catalog;
	JsonObject *museum;
	JsonObject *park;
	JsonObject *csv;
	const gchar *modified;

	g_assert_cmpuint(reply->status, ==, 200);
	g_assert_cmpstr(sori_test_api_header(reply, "Content-Type"), ==, "application/ld+json");
	catalog = sori_test_api_json(reply, parser);
	g_assert_cmpstr(json_object_get_string_member(catalog, "@type"), ==, "dcat:Catalog");
	g_assert_cmpstr(json_object_get_string_member(
				json_object_get_object_member(catalog, "@context"), "dcat"),
			==, "http://www.w3.org/ns/dcat#");
	/* the venues served, not the broken ones */
	g_assert_cmpuint(
		json_array_get_length(json_object_get_array_member(catalog, "dcat:dataset")), ==,
		2);
	museum = dataset_of(catalog, "dasol-museum");
	park = dataset_of(catalog, "haneul-wetland");
	g_assert_nonnull(museum);
	g_assert_nonnull(park);
	g_assert_cmpstr(json_object_get_string_member(
				json_object_get_object_member(museum, "dct:license"), "@id"),
			==, "https://www.kogl.or.kr/info/licenseType1.do");
	g_assert_cmpstr(json_object_get_string_member(
				json_object_get_object_member(park, "dct:license"), "@id"),
			==, "https://creativecommons.org/licenses/by/4.0/");
	modified = json_object_get_string_member(
		json_object_get_object_member(museum, "dct:modified"), "@value");
	{
		g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601(modified, NULL);
		g_autoptr(GDateTime) now = g_date_time_new_now_utc();
		g_assert_nonnull(dt);
		g_assert_cmpint(g_date_time_difference(now, dt), <, 3600 * G_TIME_SPAN_SECOND);
	}
	/* each distribution is served where it says, as what it says */
	csv = distribution_of(museum, MUSEUM "/exhibits.csv");
	g_assert_nonnull(csv);
	g_assert_cmpstr(json_object_get_string_member(
				json_object_get_object_member(csv, "dcat:mediaType"), "@id"),
			==, "https://www.iana.org/assignments/media-types/text/csv");
	g_assert_nonnull(distribution_of(museum, MUSEUM "/access.csv"));
	g_assert_nonnull(distribution_of(museum, MUSEUM "/schema.jsonld"));
	g_assert_nonnull(distribution_of(museum, MUSEUM "/export"));
	g_assert_nonnull(distribution_of(museum, MUSEUM "/map"));
	g_assert_nonnull(distribution_of(museum, MUSEUM "/usage"));
	g_assert_null(distribution_of(park, "/v1/venues/haneul-wetland/map"));
	{
		JsonArray *list = json_object_get_array_member(museum, "dcat:distribution");
		for (guint i = 0; i < json_array_get_length(list); i++) {
			JsonObject *d = json_array_get_object_element(list, i);
			const gchar *url = json_object_get_string_member(
				json_object_get_object_member(d, "dcat:downloadURL"), "@id");
			g_autoptr(SoriTestReply) got = sori_test_api_fetch(f, url, NULL);
			g_test_message("%s", url);
			/* the usage release of a venue that began counting today is not out yet */
			g_assert_cmpuint(got->status, ==,
					 g_str_has_suffix(url, "/usage") ? 404 : 200);
		}
	}

	/* a change to a catalogue is in the next answer */
	g_assert_true(g_file_get_contents(file, &text, NULL, NULL));
	changed = g_string_new(text);
	g_assert_cmpuint(g_string_replace(changed, "\"licence\": \"CC-BY-4.0\"",
					  "\"licence\": \"CC0-1.0\"", 1),
			 ==, 1);
	g_assert_true(g_file_set_contents(file, changed->str, changed->len, NULL));
	g_assert_true(sori_venue_store_load(f->store, &error));
	g_assert_no_error(error);
	after = sori_test_api_fetch(f, "/v1/catalog.jsonld", "If-None-Match",
				    sori_test_api_header(reply, "ETag"), NULL);
	g_assert_cmpuint(after->status, ==, 200);
	park = dataset_of(sori_test_api_json(after, parser2), "haneul-wetland");
	g_assert_cmpstr(json_object_get_string_member(
				json_object_get_object_member(park, "dct:license"), "@id"),
			==, "https://creativecommons.org/publicdomain/zero/1.0/");
}

/* texts with commas, quotes, line breaks, markup and right-to-left marks, whole in the CSV */
static void
test_hostile_texts(SoriTestApi *f, gconstpointer user_data)
{
	/* a title may not break lines, a description may */
	const gchar *nasty_title = "He said \\\"no, never\\\" <b>&amp;</b> \u200f=SUM(A1)";
	const gchar *title = "He said \"no, never\" <b>&amp;</b> \u200f=SUM(A1)";
	const gchar *nasty_description = "First, \\\"this\\\";\\nthen, that.";
	const gchar *description = "First, \"this\";\nthen, that.";
	g_autofree gchar *file = g_build_filename(f->data_dir, "haneul-wetland.json", NULL);
	g_autofree gchar *text = NULL;
	g_autoptr(GString) changed = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriTestReply) reply = NULL;
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(JsonNode) imported = NULL;
	JsonObject *row;

	g_assert_true(g_file_get_contents(file, &text, NULL, NULL));
	changed = g_string_new(text);
	{
		g_autofree gchar *quoted = g_strdup_printf("\"%s\"", nasty_title);
		g_autofree gchar *quoted2 = g_strdup_printf("\"%s\"", nasty_description);
		g_assert_cmpuint(g_string_replace(changed, "\"Stuffed Eurasian Otter\"", quoted, 1),
				 ==, 1);
		g_assert_cmpuint(g_string_replace(changed,
						  "\"A Eurasian otter, a protected species that "
						  "lives in the Haneul wetland and hunts fish at "
						  "night. This specimen was prepared from an otter "
						  "that died naturally in 2019.\"",
						  quoted2, 1),
				 ==, 1);
	}
	g_assert_true(g_file_set_contents(file, changed->str, changed->len, NULL));
	g_assert_true(sori_venue_store_load(f->store, &error));
	g_assert_no_error(error);
	g_assert_nonnull(sori_venue_store_lookup(f->store, "haneul-wetland"));
	reply = sori_test_api_fetch(f, "/v1/venues/haneul-wetland/exhibits.csv", NULL);
	g_assert_cmpuint(reply->status, ==, 200);
	g_assert_nonnull(g_strstr_len(g_bytes_get_data(reply->body, NULL),
				      (gssize) g_bytes_get_size(reply->body),
				      "\"He said \"\"no, never\"\" <b>&amp;</b> "));
	g_assert_true(json_parser_load_from_data(parser, changed->str, -1, &error));
	imported = sori_csv_import(g_bytes_get_data(reply->body, NULL),
				   g_bytes_get_size(reply->body), json_parser_get_root(parser),
				   &problems);
	g_assert_nonnull(imported);
	row = NULL;
	{
		JsonArray *rows
			= json_object_get_array_member(json_node_get_object(imported), "exhibits");
		for (guint i = 0; i < json_array_get_length(rows); i++) {
			JsonObject *r = json_array_get_object_element(rows, i);
			if (g_strcmp0(json_object_get_string_member(r, "id"), "otter") == 0)
				row = r;
		}
	}
	g_assert_nonnull(row);
	g_assert_cmpstr(
		json_object_get_string_member(json_object_get_object_member(row, "title"), "en"),
		==, title);
	g_assert_cmpstr(json_object_get_string_member(
				json_object_get_object_member(row, "description"), "en"),
			==, description);
}

/* the API's description, served as it is in the repository */
static void
test_openapi(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) reply = sori_test_api_fetch(f, "/v1/openapi.json", NULL);
	g_autofree gchar *path = g_build_filename(g_getenv("SORI_SAMPLE_DIR"), "..", "..", "daemon",
						  "api", "openapi.json", NULL);
	g_autofree gchar *text = NULL;
	gsize len = 0;

	g_assert_cmpuint(reply->status, ==, 200);
	g_assert_cmpstr(sori_test_api_header(reply, "Content-Type"), ==, "application/json");
	g_assert_cmpstr(sori_test_api_header(reply, "Access-Control-Allow-Origin"), ==, "*");
	g_assert_nonnull(sori_test_api_header(reply, "ETag"));
	g_assert_true(g_file_get_contents(path, &text, &len, NULL));
	g_assert_cmpmem(g_bytes_get_data(reply->body, NULL), g_bytes_get_size(reply->body), text,
			len);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	sori_test_api_add("open-data", "exhibits-csv", test_exhibits_csv);
	sori_test_api_add("open-data", "access-csv", test_access_csv);
	sori_test_api_add("open-data", "schema", test_schema);
	sori_test_api_add("open-data", "catalog", test_catalog);
	sori_test_api_add("open-data", "hostile-texts", test_hostile_texts);
	sori_test_api_add("open-data", "openapi", test_openapi);
	return g_test_run();
}
