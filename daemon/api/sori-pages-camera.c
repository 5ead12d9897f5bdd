/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * "Find with camera": the page from which a blind visitor points the phone
 * and hears the name, distance and direction of each printed code in view
 * (app/camera.js does the finding, in the phone, with the detector in a Web
 * Worker). sorid sends it whole like every other page: what it does, that no
 * picture leaves the phone, the button, the live region the app speaks
 * through, the codes' meanings for this language, and, for a browser
 * without JavaScript or a phone without a camera, the number's form.
 *
 * Only this page and the directions page (whose steps the codes confirm) may
 * ask for the camera and compile WebAssembly: sori_pages_camera_allow().
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include "sori-json.h"
#include "sori-pages-private.h"
#include "sori-views.h"
#include "sori-webapp.h"

/**
 * sori_page_camera_markers:
 *
 * The codes' meanings in the page's language, in the page (the camera's and
 * the directions', whose steps the codes confirm), so that the app needs no
 * second request.
 */
void
sori_page_camera_markers(SoriPage *p)
{
	g_autoptr(JsonNode) markers = sori_view_markers(p->req->snapshot->catalogue, p->req->lang);
	g_autofree gchar *json = NULL;
	g_autoptr(GString) safe = NULL;

	if (markers == NULL)
		return;
	json = json_to_string(markers, FALSE);
	safe = g_string_new(json);
	/* in a script element: nothing the catalogue says may close it */
	g_string_replace(safe, "<", "\\u003c", 0);
	g_string_replace(safe, ">", "\\u003e", 0);
	g_string_replace(safe, "&", "\\u0026", 0);
	g_string_append_printf(p->out,
			       "<script type=\"application/json\" id=\"sori-markers\">%s</script>",
			       safe->str);
}

/**
 * sori_page_camera:
 *
 * The camera page's main: its heading, what it does and what it keeps
 * (nothing), the app's controls, and the number's form for whoever has no
 * camera or no JavaScript.
 */
void
sori_page_camera(SoriPage *p)
{
	g_autofree gchar *in_view = sori_page_uid(p, "h");
	g_autofree gchar *number = sori_page_uid(p, "h");

	sori_page_breadcrumb(p, NULL, NULL, NULL, sori_page_t(p, "camera_title"));
	sori_page_word(p, "h1", NULL, "camera_title");
	sori_page_word(p, "p", " class=\"lead\"", "camera_intro");
	sori_page_word(p, "p", " class=\"camera-privacy\"", "camera_privacy");

	/* the app's: shown from the first paint when scripts run (.sori-js) */
	g_string_append(p->out, "<div class=\"script-only camera\"><p class=\"actions\">"
				"<button type=\"button\" class=\"button primary camera-start\">");
	sori_page_esc(p, sori_page_t(p, "camera_start"));
	g_string_append(p->out, "</button> <button type=\"button\" class=\"button camera-torch\" "
				"aria-pressed=\"false\" hidden>");
	sori_page_esc(p, sori_page_t(p, "camera_torch"));
	/* what is found, said politely: VoiceOver and TalkBack read it as it changes */
	g_string_append(p->out, "</button></p><p class=\"camera-live\" aria-live=\"polite\" "
				"aria-atomic=\"true\"></p>");
	g_string_append_printf(p->out,
			       "<section class=\"camera-in-view\" aria-labelledby=\"%s\" hidden>"
			       "<h2 id=\"%s\">",
			       in_view, in_view);
	sori_page_esc(p, sori_page_t(p, "camera_in_view"));
	/* a code found: the app copies this for each, and fills it in */
	g_string_append(
		p->out,
		"</h2><ul class=\"camera-found\"></ul><template class=\"camera-found-item\">"
		"<li><button type=\"button\" class=\"button camera-code\"><span "
		"class=\"camera-name\"></span> <span class=\"camera-detail\"></span>"
		"</button></li></template></section>"
		"<div class=\"camera-view\" hidden><video class=\"camera-video\" "
		"muted playsinline aria-hidden=\"true\"></video></div></div>");

	/* no JavaScript, or (the app shows it) no camera: the number instead */
	g_string_append_printf(p->out,
			       "<section class=\"camera-fallback no-script-only\" "
			       "aria-labelledby=\"%s\"><p class=\"camera-unavailable\">",
			       number);
	sori_page_esc(p, sori_page_t(p, "camera_needs_script"));
	g_string_append_printf(p->out, "</p><h2 id=\"%s\">", number);
	sori_page_esc(p, sori_page_t(p, "enter_number"));
	g_string_append(p->out, "</h2>");
	sori_page_keypad_form(p);
	g_string_append(p->out, "</section>");
	sori_page_camera_markers(p);
}

/**
 * sori_page_camera_settings:
 *
 * The settings page's part for the camera: distances in metres or steps,
 * the phone's own voice, the guiding sound. Kept by the app, in the phone.
 */
void
sori_page_camera_settings(SoriPage *p)
{
	static const gchar *const units[] = { "metres", "steps", NULL };
	const gchar *unit_labels[]
		= { sori_page_t(p, "units_metres"), sori_page_t(p, "units_steps") };
	const gchar *unit_hints[]
		= { sori_page_t(p, "units_metres_hint"), sori_page_t(p, "units_steps_hint") };

	sori_page_radios(p, "options", sori_page_t(p, "units"), "units", units, unit_labels,
			 unit_hints, "metres");
	sori_page_put(p, "</fieldset>");
	g_string_append(p->out, "<fieldset class=\"options\"><legend>");
	sori_page_esc(p, sori_page_t(p, "camera_settings"));
	g_string_append(p->out, "</legend>");
	sori_page_checkbox(p, "speak", "camera_speak", FALSE);
	sori_page_checkbox(p, "sound", "camera_sound", TRUE);
	g_string_append(p->out, "</fieldset>");
}

/**
 * sori_pages_camera_allow:
 * @response: a page's answer
 * @kind: the page
 *
 * Lets the camera page and the directions page use the camera
 * (Permissions-Policy) and compile the detector's WebAssembly (the CSP's
 * 'wasm-unsafe-eval'); every other page keeps neither.
 */
void
sori_pages_camera_allow(SoriHttpResponse *response, SoriPageKind kind)
{
	switch (kind) {
	case SORI_PAGE_CAMERA:
	case SORI_PAGE_DIRECTIONS:
		response->security_policy = sori_webapp_get_camera_security_policy();
		response->permissions_policy = sori_webapp_get_camera_permissions();
		break;
	case SORI_PAGE_VENUES:
	case SORI_PAGE_SETTINGS_GLOBAL:
	case SORI_PAGE_HOME:
	case SORI_PAGE_GALLERY:
	case SORI_PAGE_EXHIBIT:
	case SORI_PAGE_KEYPAD:
	case SORI_PAGE_ACCESS:
	case SORI_PAGE_SETTINGS:
	case SORI_PAGE_NEARBY:
	case SORI_PAGE_NOT_FOUND:
	case SORI_PAGE_OFFLINE:
	default:
		break;
	}
}
