/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Hear it before publishing: POST /v1/admin/venues/{venue}/speak
 * {"text": "…", "lang": "ko"} speaks a text as it stands in the curator's
 * editor, unsaved, exactly as visitors will hear it once it is live, and
 * answers the links of its audio and word-timed captions.
 */

#define G_LOG_DOMAIN "sori-admin"

#include "config.h"

#include <string.h>

#include "sori-admin-private.h"
#include "sori-json.h"

/**
 * sori_admin_handle_speak:
 *
 * POST /v1/admin/venues/{venue}/speak: a preview of speech, for a curator.
 */
gboolean
sori_admin_handle_speak(gpointer admin, const SoriHttpRequest *request, const SoriRouteMatch *match,
			SoriHttpResponse *response)
{
	SoriAdmin *self = admin;
	const gchar *venue = sori_route_match_get(match, "venue");
	SoriVenueSnapshot *live = sori_admin_lookup_live(self, request, venue, response);
	g_autoptr(JsonNode) root = NULL;
	const gchar *const *langs;
	JsonObject *body = NULL;
	JsonNode *text_node = NULL;
	JsonNode *lang_node = NULL;
	const gchar *text;
	const gchar *lang;
	glong chars;

	if (live == NULL)
		return TRUE;
	if (self->speech == NULL) {
		sori_http_response_fail(response, request, SORI_PROBLEM_SPEECH_UNAVAILABLE,
					"this sorid does not speak: give it a cache-dir");
		return TRUE;
	}
	if (request->body != NULL)
		root = sori_json_parse(g_bytes_get_data(request->body, NULL),
				       g_bytes_get_size(request->body), 8, NULL);
	if (root != NULL && JSON_NODE_HOLDS_OBJECT(root))
		body = json_node_get_object(root);
	if (body != NULL) {
		text_node = json_object_get_member(body, "text");
		lang_node = json_object_get_member(body, "lang");
	}
	if (text_node == NULL || lang_node == NULL || !JSON_NODE_HOLDS_VALUE(text_node)
	    || json_node_get_value_type(text_node) != G_TYPE_STRING
	    || !JSON_NODE_HOLDS_VALUE(lang_node)
	    || json_node_get_value_type(lang_node) != G_TYPE_STRING) {
		sori_http_response_fail(response, request, SORI_PROBLEM_INVALID_BODY,
					"send {\"text\": \"…\", \"lang\": \"ko\"} as JSON");
		return TRUE;
	}
	text = json_node_get_string(text_node);
	lang = json_node_get_string(lang_node);
	chars = g_utf8_strlen(text, -1);
	/* what a catalogue's longest text may be, and not blank */
	if (chars > SORI_CATALOGUE_MAX_TEXT_LEN || strspn(text, " \t\r\n") == strlen(text)) {
		sori_http_response_fail(response, request, SORI_PROBLEM_INVALID_BODY,
					"text: 1 to %u characters, not blank",
					(guint) SORI_CATALOGUE_MAX_TEXT_LEN);
		return TRUE;
	}
	langs = sori_catalogue_get_languages(live->catalogue);
	if (!g_strv_contains(langs, lang)) {
		g_autofree gchar *offered = g_strjoinv(", ", (gchar **) langs);
		sori_http_response_fail(response, request, SORI_PROBLEM_INVALID_BODY,
					"lang: '%s' is not one of the venue's languages (%s)", lang,
					offered);
		return TRUE;
	}
	/* the text's language is one of the venue's, and sori knows it: it is static */
	for (guint i = 0; langs[i] != NULL; i++) {
		if (g_str_equal(langs[i], lang))
			lang = langs[i];
	}
	return sori_speech_service_preview(self->speech, request, response, text, lang);
}
