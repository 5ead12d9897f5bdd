/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The visitors' pages' insides, shared by sori-pages.c and the pages kept in
 * files of their own (sori-pages-frame.c, sori-pages-venue.c,
 * sori-pages-exhibit.c, sori-pages-directions.c, sori-pages-camera.c): what a page is asked for,
 * the page being written, and the helpers that write its markup, every catalogue text escaped.
 */
#pragma once

#include "sori-http-message.h"
#include "sori-venue-store.h"

G_BEGIN_DECLS

/* the longest number the keypad takes */
#define SORI_PAGE_MAX_CODE_DIGITS 6

typedef enum {
	SORI_PAGE_VENUES,
	SORI_PAGE_SETTINGS_GLOBAL,
	SORI_PAGE_HOME,
	SORI_PAGE_GALLERY,
	SORI_PAGE_EXHIBIT,
	SORI_PAGE_KEYPAD,
	SORI_PAGE_ACCESS,
	SORI_PAGE_SETTINGS,
	SORI_PAGE_NEARBY,
	SORI_PAGE_DIRECTIONS,
	SORI_PAGE_CAMERA,
	SORI_PAGE_NOT_FOUND,
	SORI_PAGE_OFFLINE,
} SoriPageKind;

typedef struct {
	SoriPageKind kind;
	SoriVenueSnapshot *snapshot; /* nullable: the venues and the global settings */
	GPtrArray *snapshots;        /* the venues page's */
	GPtrArray *langs;            /* the venues page's: each venue's language */
	const gchar *lang;           /* the content's language */
	gboolean sticky;             /* asked for with ?lang=: links keep it */
	SoriGallery *gallery;
	SoriExhibit *exhibit;
	const gchar *version; /* the exhibit's text asked for (one of versions[]), or NULL */
	const gchar *path;    /* the page's own, for data-path and the language links */
	const gchar *code;    /* the keypad's number, typed without JavaScript */
	const gchar *from;    /* directions asked for without JavaScript: the places' ids */
	const gchar *to;
	const gchar *profile;
	const gchar *problem; /* the keypad's, or the not-found page's, i18n key */
	guint status;
	gint weekday; /* the venue's today: 1 (Monday) to 7 */
	gchar today[11];
} SoriPageRequest;

typedef struct {
	GString *out;
	const SoriPageRequest *req;
	JsonObject *words;   /* the UI language's */
	JsonObject *english; /* where it has no word */
	const gchar *ui_lang;
	JsonObject *venue;    /* the venue view, nullable */
	JsonObject *exhibit;  /* the exhibit's view, on its page */
	const gchar *version; /* the exhibit's text to listen to, on its page */
	guint ids;
} SoriPage;

/* the app's words */
const gchar *sori_page_t(SoriPage *p, const gchar *key);
gchar *sori_page_tf(SoriPage *p, const gchar *key, const gchar *arg0, const gchar *arg1);

/* markup */
void sori_page_put(SoriPage *p, const gchar *markup);
void sori_page_esc(SoriPage *p, const gchar *text);
void sori_page_attr(SoriPage *p, const gchar *name, const gchar *value);
void sori_page_lang(SoriPage *p, const gchar *lang);
void sori_page_word(SoriPage *p, const gchar *tag, const gchar *attrs, const gchar *key);
void sori_page_plain(SoriPage *p, const gchar *tag, const gchar *attrs, const gchar *text);
gboolean sori_page_text(SoriPage *p, const gchar *tag, JsonObject *obj, const gchar *member,
			const gchar *attrs);
gchar *sori_page_uid(SoriPage *p, const gchar *prefix);
void sori_page_section(SoriPage *p, const gchar *id, const gchar *title);
gchar *sori_page_href(SoriPage *p, const gchar *part, const gchar *id);
void sori_page_link(SoriPage *p, const gchar *class, const gchar *href, const gchar *label);
gboolean sori_page_has_map(SoriPage *p);
void sori_page_breadcrumb(SoriPage *p, JsonObject *gallery, JsonObject *here, const gchar *member,
			  const gchar *here_plain);
void sori_page_radios(SoriPage *p, const gchar *class, const gchar *legend, const gchar *name,
		      const gchar *const *values, const gchar *const *labels,
		      const gchar *const *hints, const gchar *checked);
void sori_page_checkbox(SoriPage *p, const gchar *name, const gchar *label_key, gboolean checked);
void sori_page_keypad_form(SoriPage *p);

/* sori-pages.c: exhibit.js's texts of an exhibit, in its order */
extern const gchar *const sori_page_versions[3];

/* sori-pages-frame.c: the app's words, and the frame of every page */
JsonObject *sori_page_get_strings(void);
const gchar *sori_page_ui_language(const gchar *lang);
const gchar *const *sori_page_ui_languages(void);
gchar *sori_page_tn(SoriPage *p, const gchar *key, gint64 n, const gchar *arg1);
const gchar *sori_page_day_name(SoriPage *p, const gchar *day);
const gchar *sori_page_text_of(JsonObject *obj, const gchar *member);
void sori_page_directions_link(SoriPage *p, const gchar *to, const gchar *label);
void sori_page_gallery_details(SoriPage *p, JsonObject *g);
void sori_page_head(SoriPage *p);
void sori_page_nav(SoriPage *p);

/* sori-pages-venue.c: the venue's pages */
void sori_page_venues(SoriPage *p);
void sori_page_home(SoriPage *p);
void sori_page_code(SoriPage *p, JsonObject *e, gboolean spoken_label);
void sori_page_gallery(SoriPage *p);
void sori_page_keypad(SoriPage *p);
void sori_page_access(SoriPage *p);
void sori_page_settings(SoriPage *p);
void sori_page_not_found(SoriPage *p);

/* sori-pages-offline.c */
void sori_page_offline(SoriPage *p);
void sori_page_keep_offline(SoriPage *p);

/* sori-pages-exhibit.c: the exhibit's page, and the player (directions' too) */
void sori_page_exhibit(SoriPage *p);
void sori_page_player(SoriPage *p, const gchar *audio, const gchar *captions, const gchar *lang,
		      const gchar *attrs);

/* sori-pages-directions.c: directions and nearby */
void sori_page_directions(SoriPage *p);
void sori_page_nearby(SoriPage *p);
void sori_page_profiles(SoriPage *p, const gchar *checked);

/* sori-pages-camera.c: "Find with camera" */
void sori_page_camera(SoriPage *p);
void sori_page_camera_settings(SoriPage *p);
void sori_page_camera_markers(SoriPage *p);
void sori_pages_camera_allow(SoriHttpResponse *response, SoriPageKind kind);

G_END_DECLS
