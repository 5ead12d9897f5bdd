/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The visitors' pages as sorid sends them, through both front ends: whole,
 * in the visitor's language, readable and usable without JavaScript (the
 * audio, the number form, the language links), cached and compressed like
 * the JSON, and nothing a catalogue says ever markup.
 */

#include "config.h"

#include <string.h>

#include "sori-test-api.h"
#include "sori-test-util.h"
#include "sori-webapp.h"

#define MUSEUM "/v/dasol-museum"

static gchar *
html_of(SoriTestReply *reply)
{
	return g_strndup(g_bytes_get_data(reply->body, NULL), g_bytes_get_size(reply->body));
}

static SoriTestReply *
page(SoriTestApi *f, const gchar *path, const gchar *lang)
{
	return sori_test_api_fetch(f, path, "Accept-Language", lang, NULL);
}

static void
assert_contains(const gchar *html, const gchar *needle)
{
	if (strstr(html, needle) == NULL)
		g_error("the page lacks «%s»", needle);
}

static void
assert_lacks(const gchar *html, const gchar *needle)
{
	if (strstr(html, needle) != NULL)
		g_error("the page has «%s»", needle);
}

/* the page's own escaping, for comparing a text */
static void
sori_pages_escape_for_test(GString *out, const gchar *text)
{
	g_autoptr(GString) s = g_string_new(text);
	g_string_replace(s, "&", "&amp;", 0);
	g_string_replace(s, "<", "&lt;", 0);
	g_string_replace(s, ">", "&gt;", 0);
	g_string_replace(s, "\"", "&quot;", 0);
	g_string_replace(s, "'", "&#39;", 0);
	g_string_append(out, s->str);
}

static void
assert_page(SoriTestReply *reply, guint status, const gchar *lang)
{
	g_assert_cmpuint(reply->status, ==, status);
	g_assert_cmpstr(sori_test_api_header(reply, "Content-Type"), ==,
			"text/html; charset=utf-8");
	g_assert_cmpstr(sori_test_api_header(reply, "Content-Language"), ==, lang);
	g_assert_cmpstr(sori_test_api_header(reply, "Cache-Control"), ==, "no-cache");
	g_assert_null(sori_test_api_header(reply, "Set-Cookie"));
	g_assert_nonnull(strstr(sori_test_api_header(reply, "Content-Security-Policy"),
				"script-src 'self' 'sha256-"));
}

/* the one inline script of a page is the one the policy allows, by its hash */
static void
test_boot_script(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) home = page(f, MUSEUM, "en");
	g_autoptr(SoriTestReply) shell = page(f, "/offline", "en");
	g_autofree gchar *html = html_of(home);
	g_autofree gchar *shell_html = html_of(shell);
	g_autoptr(GChecksum) checksum = g_checksum_new(G_CHECKSUM_SHA256);
	g_autofree gchar *expected = NULL;
	g_autofree gchar *script = NULL;
	guint8 digest[32];
	gsize len = sizeof(digest);
	const gchar *start = strstr(html, "<script>");
	const gchar *end;
	const gchar *policy = sori_test_api_header(home, "Content-Security-Policy");

	g_assert_nonnull(start);
	start += strlen("<script>");
	end = strstr(start, "</script>");
	g_assert_nonnull(end);
	script = g_strndup(start, end - start);
	g_assert_cmpstr(script, ==, sori_webapp_get_boot_script());
	g_checksum_update(checksum, (const guchar *) script, strlen(script));
	g_checksum_get_digest(checksum, digest, &len);
	{
		g_autofree gchar *b64 = g_base64_encode(digest, len);
		expected = g_strdup_printf("script-src 'self' 'sha256-%s';", b64);
	}
	g_assert_nonnull(strstr(policy, expected));
	/* no other inline script: the JSON-LD is data, which the policy does not run */
	{
		const gchar *next = strstr(end, "<script>");
		g_assert_null(next);
	}
	/* the offline page has the same one, so the same policy lets it run */
	g_assert_cmpuint(shell->status, ==, 200);
	assert_contains(shell_html, "<script>");
	assert_contains(shell_html, sori_webapp_get_boot_script());
	/* and says why it is shown, with a way to try again */
	assert_contains(shell_html, "data-page=\"offline\"");
	assert_contains(shell_html, ">You are offline</h1>");
	assert_contains(shell_html, "data-action=\"retry\"");
}

static void
test_home(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) en = page(f, MUSEUM, "en-GB,en;q=0.8");
	g_autoptr(SoriTestReply) ko = page(f, MUSEUM, "ko-KR");
	g_autoptr(SoriTestReply) asked = page(f, MUSEUM "?lang=en&utm_source=poster", "ko");
	g_autoptr(SoriTestReply) again = NULL;
	g_autoptr(SoriTestReply) gzipped = NULL;
	g_autofree gchar *html = html_of(en);
	g_autofree gchar *ko_html = html_of(ko);
	g_autofree gchar *asked_html = html_of(asked);

	assert_page(en, 200, "en");
	g_assert_cmpstr(sori_test_api_header(en, "Vary"), ==, "Accept-Language, Accept-Encoding");
	assert_contains(html, "<html lang=\"en\" dir=\"ltr\">");
	assert_contains(html, "<title>Dasol Museum of Crafts</title>");
	assert_contains(html,
			"<meta name=\"description\" content=\"A city museum of Korean crafts");
	assert_contains(html, "<h1 lang=\"en\">Dasol Museum of Crafts</h1>");
	assert_contains(html, "data-page=\"home\" data-lang=\"en\" data-path=\"/v/dasol-museum\"");
	/* the galleries, each with its details, as the app lists them */
	assert_contains(html,
			"<a class=\"card\" href=\"/v/dasol-museum/g/clay-and-fire\"><span "
			"class=\"card-title\" lang=\"en\">Clay and Fire: Korean Ceramics</span>"
			"<span class=\"card-detail\">Floor 1 · Step-free · 6 exhibits</span>");
	/* keeping the venue for offline: the app's button, and without it why not */
	assert_contains(html, "<section id=\"keep-offline\"");
	assert_contains(html, "<p class=\"no-script-only\">Keeping a venue for offline is done by "
			      "the app, which runs only with JavaScript on");
	assert_contains(html, "<div class=\"keep-offline script-only\">");
	assert_contains(html, "data-action=\"keep\">Keep for offline</button>");
	assert_contains(html, "<progress id=\"");
	/* seven days of opening hours, today's marked */
	{
		guint rows = 0;
		for (const gchar *p = strstr(html, "<div class=\"row"); p != NULL;
		     p = strstr(p + 1, "<div class=\"row"))
			rows++;
		g_assert_cmpuint(rows, ==, 7);
		assert_contains(html, "<div class=\"row today\"><dt>");
		assert_contains(html, " (today)</dt>");
	}
	/* the languages as links; this one the current */
	assert_contains(html, "<a class=\"choice\" href=\"/v/dasol-museum?lang=ko\" lang=\"ko\" "
			      "hreflang=\"ko\">한국어</a>");
	assert_contains(html, "href=\"/v/dasol-museum?lang=en\" lang=\"en\" hreflang=\"en\" "
			      "aria-current=\"true\">English</a>");
	assert_contains(
		html, "<link rel=\"alternate\" hreflang=\"ko\" href=\"/v/dasol-museum?lang=ko\">");
	/* schema.org in the head, for search engines and link previews */
	assert_contains(html, "<script type=\"application/ld+json\" id=\"sori-venue-schema\">{");
	assert_contains(html, "\"@context\":\"https://schema.org\"");
	/* the main menu, this page the current */
	assert_contains(html,
			"<li><a href=\"/v/dasol-museum\" aria-current=\"page\">Home</a></li>");
	/* no "Loading…", no "needs JavaScript" */
	assert_lacks(html, "Loading");
	assert_lacks(html, "needs JavaScript");

	assert_page(ko, 200, "ko");
	assert_contains(ko_html, "<html lang=\"ko\" dir=\"ltr\">");
	assert_contains(ko_html, "<title>다솔 공예 박물관</title>");
	assert_contains(ko_html, "aria-current=\"true\">한국어</a>");

	/* a language link beats the phone's, and the page's links keep it */
	assert_page(asked, 200, "en");
	assert_contains(asked_html, "<html lang=\"en\"");
	assert_contains(asked_html, "href=\"/v/dasol-museum/g/clay-and-fire?lang=en\"");
	assert_contains(asked_html, "href=\"/v/dasol-museum/keypad?lang=en\"");

	/* kept: the same bytes and ETag again, 304 for a phone that has it, gzip for one that takes
	 * it */
	again = sori_test_api_fetch(f, MUSEUM, "Accept-Language", "en", "If-None-Match",
				    sori_test_api_header(en, "ETag"), NULL);
	g_assert_cmpuint(again->status, ==, 304);
	gzipped = sori_test_api_fetch(f, MUSEUM, "Accept-Language", "en", "Accept-Encoding", "gzip",
				      NULL);
	g_assert_cmpuint(gzipped->status, ==, 200);
	g_assert_cmpstr(sori_test_api_header(gzipped, "Content-Encoding"), ==, "gzip");
	g_assert_cmpuint(g_bytes_get_size(gzipped->body), <, g_bytes_get_size(en->body) / 2);
}

static void
test_exhibit(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) reply = page(f, MUSEUM "/e/moon-jar", "en");
	g_autoptr(SoriTestReply) easy = page(f, MUSEUM "/e/moon-jar?version=easy_read", "en");
	g_autoptr(SoriTestReply) odd = page(f, MUSEUM "/e/moon-jar?version=%3Cx%3E", "en");
	const gchar *const in_english[] = { "Accept-Language", "en", NULL };
	g_autoptr(SoriTestReply) head
		= sori_test_api_fetch_full(f, "HEAD", MUSEUM "/e/moon-jar", in_english);
	g_autofree gchar *html = html_of(reply);
	g_autofree gchar *easy_html = html_of(easy);
	g_autoptr(GTimeZone) seoul = g_time_zone_new_identifier("Asia/Seoul");
	g_autoptr(GDateTime) now = g_date_time_new_now(seoul);
	g_autofree gchar *today = g_date_time_format(now, "data-venue-day=\"%Y-%m-%d\">");

	assert_page(reply, 200, "en");
	assert_contains(html, "<title>White Porcelain Moon Jar — Dasol Museum of Crafts</title>");
	assert_contains(html, "<h1 lang=\"en\">White Porcelain Moon Jar</h1>");
	assert_contains(html, "<p class=\"meta\">Exhibit number 101 · <span lang=\"en\">18th "
			      "century</span></p>");
	/* the picture's room, from the catalogue */
	assert_contains(html, "width=\"800\" height=\"600\" decoding=\"async\"");
	/* the browser's own player, the captions as a file, the whole text on the page */
	assert_contains(html, "<audio controls preload=\"none\" src=\"/v1/venues/dasol-museum/"
			      "exhibits/moon-jar/audio?lang=en&amp;field=description\"></audio>");
	assert_contains(html, "<a href=\"/v1/venues/dasol-museum/exhibits/moon-jar/captions?"
			      "lang=en&amp;field=description\">Captions (WebVTT file)</a>");
	assert_contains(
		html, "<p class=\"transcript\" data-version=\"description\" "
		      "data-recorded=\"false\" data-audio=\"/v1/venues/dasol-museum/exhibits/"
		      "moon-jar/audio?lang=en&amp;field=description\" data-vtt=\"/v1/venues/"
		      "dasol-museum/exhibits/moon-jar/captions?lang=en&amp;field=description\" "
		      "lang=\"en\">A porcelain jar from a royal kiln of the late Joseon dynasty.");
	/* the other texts to listen to, for the app to show at once: in templates */
	assert_contains(html, "<template><p class=\"transcript\" data-version=\"easy_read\"");
	/* what the app reads of the page rather than ask the API */
	assert_contains(html, "data-venue=\"dasol-museum\" data-timezone=\"Asia/Seoul\" "
			      "data-exhibit=\"moon-jar\" data-venue-day=\"");
	/* the venue's day, by its time zone: the app counts usage by it */
	assert_contains(html, today);
	/* the versions: a plain form without JavaScript */
	assert_contains(html, "<form class=\"version-form\" method=\"get\" "
			      "action=\"/v/dasol-museum/e/moon-jar\">");
	assert_contains(html, "name=\"version\" value=\"description\" checked>");
	/* the sign-language video with its captions, the neighbours in the gallery */
	assert_contains(html,
			"<track kind=\"captions\" src=\"/v1/venues/dasol-museum/media/"
			"38680a656277f8c29998b46790443a3fc86a6b27feda7e99171fe8a479fa121f.vtt\" "
			"srclang=\"ko\" label=\"Captions\" default>");
	assert_contains(html, "<span class=\"card-detail\">Next</span>");
	assert_lacks(html, "<span class=\"card-detail\">Previous</span>");
	assert_contains(html, "href=\"/v/dasol-museum/directions?to=moon-jar\"");

	/* another version chosen without JavaScript */
	assert_page(easy, 200, "en");
	assert_contains(easy_html, "audio?lang=en&amp;field=easy_read\"></audio>");
	assert_contains(easy_html, "name=\"version\" value=\"easy_read\" checked>");
	/* one that is not is the first there is, not an error */
	g_assert_cmpuint(odd->status, ==, 200);
	g_assert_true(g_bytes_equal(odd->body, reply->body));

	g_assert_cmpuint(head->status, ==, 200);
	g_assert_cmpuint(g_bytes_get_size(head->body), ==, 0);
	g_assert_cmpstr(sori_test_api_header(head, "ETag"), ==,
			sori_test_api_header(reply, "ETag"));
}

/* a QR code's link and the number typed without JavaScript */
static void
test_redirects(SoriTestApi *f, gconstpointer user_data)
{
	struct {
		const gchar *path;
		guint status;
		const gchar *location; /* or a text of the page */
	} cases[] = {
		{ MUSEUM "/c/101", 302, "/v/dasol-museum/e/moon-jar?via=qr" },
		{ MUSEUM "/c/101?from=poster", 302, "/v/dasol-museum/e/moon-jar?via=qr" },
		{ MUSEUM "/c/101?lang=ko", 302, "/v/dasol-museum/e/moon-jar?via=qr&lang=ko" },
		{ MUSEUM "/c?code=201", 302, "/v/dasol-museum/e/bojagi?via=number" },
		{ MUSEUM "/c?code=+201+", 302, "/v/dasol-museum/e/bojagi?via=number" },
		{ MUSEUM "/c?code=999", 404, "No exhibit has the number 999." },
		{ MUSEUM "/c?code=12", 400, "Enter at least 3 digits" },
		{ MUSEUM "/c?code=", 400, "Enter at least 3 digits" },
		{ MUSEUM "/c?code=%3Cscript%3E1", 400, "Enter at least 3 digits" },
		{ MUSEUM "/c/998", 404, "This exhibit is not in the guide." },
		{ MUSEUM "/c/12x", 404, "This exhibit is not in the guide." },
		{ MUSEUM "/e/no-such", 404, "This exhibit is not in the guide." },
		{ MUSEUM "/g/no-such", 404, "There is nothing at this address." },
		{ MUSEUM "/elsewhere", 404, "There is nothing at this address." },
		{ "/v/nowhere", 404, "This place is not in the guide." },
		{ "/v/nowhere/e/x", 404, "This place is not in the guide." },
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(SoriTestReply) reply = page(f, cases[i].path, "en");
		g_test_message("%s", cases[i].path);
		g_assert_cmpuint(reply->status, ==, cases[i].status);
		if (cases[i].status == 302) {
			g_assert_cmpstr(sori_test_api_header(reply, "Location"), ==,
					cases[i].location);
		} else {
			g_autofree gchar *html = html_of(reply);
			g_assert_cmpstr(sori_test_api_header(reply, "Content-Type"), ==,
					"text/html; charset=utf-8");
			assert_contains(html, cases[i].location);
			assert_lacks(html, "<script>1");
		}
	}
	/* the number stays in the field for correcting, digits only */
	{
		g_autoptr(SoriTestReply) reply = page(f, MUSEUM "/c?code=999", "en");
		g_autoptr(SoriTestReply) odd = page(f, MUSEUM "/c?code=%3Cscript%3E12", "en");
		g_autofree gchar *html = html_of(reply);
		g_autofree gchar *odd_html = html_of(odd);
		assert_contains(html, "value=\"999\" aria-invalid=\"true\"");
		assert_contains(html, "<form class=\"keypad\" novalidate method=\"get\" "
				      "action=\"/v/dasol-museum/c\">");
		assert_lacks(odd_html, "&lt;script");
		assert_lacks(odd_html, "<script>1");
	}
}

/* directions without JavaScript: a plain form, and the way, step by step */
static void
test_directions(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(SoriTestReply) form = page(f, MUSEUM "/directions?to=moon-jar", "en");
	g_autoptr(SoriTestReply) way
		= page(f, MUSEUM "/directions?from=main&to=moon-jar&profile=wheelchair", "en");
	g_autoptr(SoriTestReply) lost
		= page(f, MUSEUM "/directions?from=nowhere&to=moon-jar", "en");
	g_autoptr(SoriTestReply) half = page(f, MUSEUM "/directions?from=main", "en");
	g_autoptr(SoriTestReply) park = page(f, "/v/haneul-wetland/directions", "en");
	/* an exhibit with no place of its own on the map, as its "Directions here" links it */
	g_autoptr(SoriTestReply) unplaced = page(f, MUSEUM "/directions?to=norigae", "en");
	g_autoptr(SoriTestReply) route = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autofree gchar *form_html = html_of(form);
	g_autofree gchar *way_html = html_of(way);
	g_autofree gchar *lost_html = html_of(lost);
	g_autofree gchar *half_html = html_of(half);
	g_autofree gchar *park_html = html_of(park);
	JsonArray *steps;

	assert_page(form, 200, "en");
	assert_contains(form_html, "<form class=\"directions-form\" method=\"get\" "
				   "action=\"/v/dasol-museum/directions\">");
	/* the exhibit's place chosen as where to go, by what it is bound to */
	assert_contains(form_html, "<option value=\"moon-jar\" selected>White Porcelain Moon "
				   "Jar</option>");
	assert_contains(form_html, "name=\"profile\" value=\"general\" checked>");
	assert_lacks(form_html, "class=\"step-list\"");

	/* the way, as the route API gives it, each step with the browser's own player */
	assert_page(way, 200, "en");
	route = sori_test_api_fetch(f,
				    "/v1/venues/dasol-museum/route?from=main&to=moon-jar&"
				    "profile=wheelchair&lang=en",
				    NULL);
	g_assert_cmpuint(route->status, ==, 200);
	steps = json_object_get_array_member(sori_test_api_json(route, parser), "steps");
	for (guint i = 0; i < json_array_get_length(steps); i++) {
		JsonObject *step = json_array_get_object_element(steps, i);
		g_autoptr(GString) text = g_string_new(NULL);
		g_autoptr(GString) audio
			= g_string_new(json_object_get_string_member(step, "audio"));
		sori_pages_escape_for_test(
			text, json_object_get_string_member(
				      json_object_get_object_member(step, "instruction"), "text"));
		g_string_replace(audio, "&", "&amp;", 0);
		assert_contains(way_html, text->str);
		assert_contains(way_html, audio->str);
	}
	/* the first step is the current one, once and before the app adopts the page */
	g_assert_nonnull(strstr(way_html, "aria-current=\"step\""));
	g_assert_null(
		strstr(strstr(way_html, "aria-current=\"step\"") + 1, "aria-current=\"step\""));
	{
		const gchar *list = strstr(way_html, "<ol class=\"step-list\"><li");
		const gchar *current = strstr(way_html, "aria-current=\"step\"");
		g_assert_nonnull(list);
		/* in the list's first item */
		g_assert_true(list < current);
		g_assert_true(current < strstr(list, "</li>"));
	}
	assert_contains(way_html, "name=\"profile\" value=\"wheelchair\" checked>");
	assert_contains(way_html, "<option value=\"main\" selected>");

	assert_contains(lost_html, "role=\"alert\">That place is not on the map.</p>");
	{
		g_autofree gchar *html = g_strndup(g_bytes_get_data(unplaced->body, NULL),
						   g_bytes_get_size(unplaced->body));
		const gchar *to = strstr(html, "name=\"to\"");
		/* named as asked, and its gallery's place chosen, where the route finds it */
		assert_contains(html, "<h1>Directions to Norigae Pendant</h1>");
		g_assert_nonnull(to);
		g_assert_nonnull(strstr(to, "<option value=\"threads\" selected>"));
	}
	assert_contains(half_html, "role=\"alert\">Choose where you want to go.</p>");
	/* a venue without a map says so */
	assert_contains(park_html, "cannot give directions");
	assert_lacks(park_html, "directions-form");
}

/* every page of both venues, in each of their languages, whole */
static void
test_every_page(SoriTestApi *f, gconstpointer user_data)
{
	const gchar *venues[] = { "dasol-museum", "haneul-wetland" };

	for (guint v = 0; v < G_N_ELEMENTS(venues); v++) {
		SoriVenueSnapshot *snapshot = sori_venue_store_lookup(f->store, venues[v]);
		SoriCatalogue *catalogue = snapshot->catalogue;
		const gchar *const *langs = sori_catalogue_get_languages(catalogue);
		GPtrArray *galleries = sori_catalogue_get_galleries(catalogue);
		GPtrArray *exhibits = sori_catalogue_get_exhibits(catalogue);
		g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func(g_free);

		g_ptr_array_add(paths, g_strdup_printf("/v/%s", venues[v]));
		for (guint i = 0; i < 5; i++) {
			const gchar *pages[]
				= { "keypad", "access", "settings", "nearby", "directions" };
			g_ptr_array_add(paths, g_strdup_printf("/v/%s/%s", venues[v], pages[i]));
		}
		for (guint i = 0; i < galleries->len; i++)
			g_ptr_array_add(paths,
					g_strdup_printf("/v/%s/g/%s", venues[v],
							((SoriGallery *) galleries->pdata[i])->id));
		for (guint i = 0; i < exhibits->len; i++)
			g_ptr_array_add(paths,
					g_strdup_printf("/v/%s/e/%s", venues[v],
							((SoriExhibit *) exhibits->pdata[i])->id));
		for (guint l = 0; langs[l] != NULL; l++) {
			for (guint i = 0; i < paths->len; i++) {
				const gchar *path = g_ptr_array_index(paths, i);
				g_autoptr(SoriTestReply) reply = page(f, path, langs[l]);
				g_autofree gchar *html = html_of(reply);
				g_autofree gchar *data_path
					= g_strdup_printf("data-path=\"%s\"", path);
				g_test_message("%s in %s", path, langs[l]);
				assert_page(reply, 200, langs[l]);
				assert_contains(html, "<h1");
				assert_contains(html, data_path);
				assert_contains(html, "</html>\n");
				assert_lacks(html, "<title>sori</title>");
			}
		}
	}
	/* the venues and the settings of none */
	{
		g_autoptr(SoriTestReply) list = page(f, "/", "en");
		g_autoptr(SoriTestReply) settings = page(f, "/settings", "ko");
		g_autofree gchar *html = html_of(list);
		g_autofree gchar *settings_html = html_of(settings);
		assert_page(list, 200, "en");
		assert_contains(html, "<h1>Choose a place</h1>");
		assert_contains(html,
				"<a class=\"card\" href=\"/v/dasol-museum\"><span "
				"class=\"card-title\" lang=\"en\">Dasol Museum of Crafts</span>"
				"<span class=\"card-detail\">한국어 · English</span></a>");
		assert_page(settings, 200, "ko");
		assert_contains(settings_html, "<h1>설정</h1>");
		/* the phone's own settings, said */
		assert_contains(settings_html, "휴대전화 설정을 따릅니다");
	}
}

/* texts with markup, ampersands, quotes and right-to-left marks: never markup */
static void
test_hostile_texts(SoriTestApi *f, gconstpointer user_data)
{
	/* as JSON in the catalogue file */
	const gchar *nasty = "<script>alert(1)</script> & \\\"dq\\\" 'sq' \u200fמוזיאון</p>";
	const gchar *nasty_venue = "A centre </script><script>alert(2)</script> & <!-- -->";
	g_autofree gchar *file = g_build_filename(f->data_dir, "haneul-wetland.json", NULL);
	g_autofree gchar *text = NULL;
	g_autoptr(GString) changed = NULL;
	g_autoptr(GError) error = NULL;

	g_assert_true(g_file_get_contents(file, &text, NULL, NULL));
	changed = g_string_new(text);
	{
		g_autofree gchar *quoted = g_strdup_printf("\"%s\"", nasty);
		g_autofree gchar *quoted2 = g_strdup_printf("\"%s\"", nasty_venue);
		g_assert_cmpuint(g_string_replace(changed, "\"Stuffed Eurasian Otter\"", quoted, 1),
				 ==, 1);
		g_assert_cmpuint(
			g_string_replace(changed,
					 "\"A small visitor centre about the wetland, and the "
					 "start of the park's trails.\"",
					 quoted2, 1),
			==, 1);
		/* the JSON-LD has the venue's own language's */
		g_assert_cmpuint(g_string_replace(changed,
						  "\"습지 생태를 소개하는 작은 방문자센터입니다. "
						  "탐방로 출발점이기도 합니다.\"",
						  quoted2, 1),
				 ==, 1);
	}
	g_assert_true(g_file_set_contents(file, changed->str, changed->len, NULL));
	g_assert_true(sori_venue_store_load(f->store, &error));
	g_assert_no_error(error);

	{
		SoriCatalogue *catalogue
			= sori_venue_store_lookup(f->store, "haneul-wetland")->catalogue;
		GPtrArray *exhibits = sori_catalogue_get_exhibits(catalogue);
		const gchar *otter = NULL;
		g_autofree gchar *path = NULL;
		g_autoptr(SoriTestReply) reply = NULL;
		g_autoptr(SoriTestReply) home = page(f, "/v/haneul-wetland", "en");
		g_autofree gchar *html = NULL;
		g_autofree gchar *home_html = html_of(home);
		const gchar *escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;dq&quot; "
				       "&#39;sq&#39; \u200fמוזיאון&lt;/p&gt;";

		for (guint i = 0; i < exhibits->len; i++) {
			SoriExhibit *e = exhibits->pdata[i];
			g_autofree gchar *title
				= json_to_string(json_object_get_member(e->json, "title"), FALSE);
			if (strstr(title, "alert(1)") != NULL)
				otter = e->id;
		}
		g_assert_nonnull(otter);
		path = g_strdup_printf("/v/haneul-wetland/e/%s", otter);
		reply = page(f, path, "en");
		html = html_of(reply);
		g_assert_cmpuint(reply->status, ==, 200);
		assert_contains(html, escaped);
		/* in the title, the heading and the breadcrumb */
		{
			g_autofree gchar *title = g_strdup_printf("<title>%s — ", escaped);
			g_autofree gchar *h1 = g_strdup_printf("<h1 lang=\"en\">%s</h1>", escaped);
			assert_contains(html, title);
			assert_contains(html, h1);
		}
		assert_lacks(html, "<script>alert");
		assert_lacks(html, "</p> &");

		/* the venue's description: in an attribute and in the JSON-LD script */
		g_assert_cmpuint(home->status, ==, 200);
		assert_contains(home_html, "<meta name=\"description\" content=\"A centre "
					   "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt; "
					   "&amp; &lt;!-- --&gt;\">");
		assert_contains(home_html, "\\u003c/script\\u003e\\u003cscript\\u003ealert(2)");
		assert_lacks(home_html, "<script>alert");
		assert_lacks(home_html, "</script><script>");
		assert_lacks(home_html, "<!-- -->");
	}
}

/* the pages kept stay bounded by the catalogue: only the home page is kept per
 * venue day (its opening hours mark today), and another day's goes */
static void
test_kept_per_day(SoriTestApi *f, gconstpointer user_data)
{
	SoriVenueSnapshot *snapshot = sori_venue_store_lookup(f->store, "dasol-museum");
	const gchar *yesterday = "page\x1fhome\x1f\x1f"
				 "en\x1f"
				 "0\x1f\x1f"
				 "2000-01-01";
	const gchar *other_lang = "page\x1fhome\x1f\x1f"
				  "ko\x1f"
				  "0\x1f\x1f"
				  "2000-01-01";
	g_autoptr(GBytes) body = g_bytes_new_static("old", 3);
	g_autoptr(SoriTestReply) home = NULL;
	g_autoptr(SoriTestReply) exhibit = NULL;
	GHashTableIter iter;
	gpointer key;
	guint homes = 0;
	guint before;

	g_hash_table_insert(snapshot->representations, g_strdup(yesterday),
			    sori_representation_new(200, "text/html; charset=utf-8", "en", body));
	g_hash_table_insert(snapshot->representations, g_strdup(other_lang),
			    sori_representation_new(200, "text/html; charset=utf-8", "ko", body));
	home = page(f, MUSEUM, "en");
	g_assert_cmpuint(home->status, ==, 200);
	g_assert_false(g_hash_table_contains(snapshot->representations, yesterday));
	/* another language's is its own page's business */
	g_assert_true(g_hash_table_contains(snapshot->representations, other_lang));
	g_hash_table_iter_init(&iter, snapshot->representations);
	while (g_hash_table_iter_next(&iter, &key, NULL)) {
		if (g_str_has_prefix(key, "page\x1fhome\x1f\x1f"
					  "en\x1f"
					  "0\x1f"))
			homes++;
	}
	g_assert_cmpuint(homes, ==, 1);
	/* the other pages are not kept per day: asked again, nothing new is kept */
	exhibit = page(f, MUSEUM "/e/moon-jar", "en");
	before = g_hash_table_size(snapshot->representations);
	for (guint i = 0; i < 3; i++) {
		g_autoptr(SoriTestReply) again = page(f, MUSEUM "/e/moon-jar", "en");
		g_autoptr(SoriTestReply) home_again = page(f, MUSEUM, "en");
		g_assert_cmpuint(again->status, ==, 200);
		g_assert_cmpuint(home_again->status, ==, 200);
	}
	g_assert_cmpuint(g_hash_table_size(snapshot->representations), ==, before);
}

/* what a client sends is bounded: a query too long is refused, not rendered */
static void
test_limits(SoriTestApi *f, gconstpointer user_data)
{
	g_autoptr(GString) path = g_string_new(MUSEUM "/c?code=101&pad=");
	g_autoptr(SoriTestReply) reply = NULL;

	for (guint i = 0; i < 600; i++)
		g_string_append_c(path, 'x');
	reply = page(f, path->str, "en");
	sori_test_api_assert_problem(reply, SORI_PROBLEM_INVALID_PARAMETER, NULL);
	{
		g_autoptr(SoriTestReply) deep = page(f, MUSEUM "/e/moon-jar/more/still-more", "en");
		g_autoptr(SoriTestReply) empty = page(f, "/v//keypad", "en");
		g_autoptr(SoriTestReply) dots = page(f, "/v/%2e%2e/keypad", "en");
		sori_test_api_assert_problem(deep, SORI_PROBLEM_UNKNOWN_ROUTE, NULL);
		sori_test_api_assert_problem(empty, SORI_PROBLEM_UNKNOWN_ROUTE, NULL);
		g_assert_cmpuint(dots->status, ==, 404);
	}
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	sori_test_api_add("pages", "boot-script", test_boot_script);
	sori_test_api_add("pages", "home", test_home);
	sori_test_api_add("pages", "exhibit", test_exhibit);
	sori_test_api_add("pages", "redirects", test_redirects);
	sori_test_api_add("pages", "directions", test_directions);
	sori_test_api_add("pages", "every-page", test_every_page);
	sori_test_api_add("pages", "hostile-texts", test_hostile_texts);
	sori_test_api_add("pages", "kept-per-day", test_kept_per_day);
	sori_test_api_add("pages", "limits", test_limits);
	return g_test_run();
}
