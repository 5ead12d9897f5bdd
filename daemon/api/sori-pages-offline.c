/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A venue kept for offline (sori-pages.c renders these): the home page's
 * "Keep this venue for offline" control, which app/offline.js drives, and
 * /offline, what the service worker answers without the network for a page
 * neither opened nor kept.
 */

#define G_LOG_DOMAIN "sori-http"

#include "config.h"

#include "sori-pages-private.h"

/*
 * The control: without JavaScript, why it needs the app; with it, a button,
 * the size once known, a progress bar and a polite status (app/offline.js
 * fills them; a browser that cannot keep pages says so there too).
 */
void
sori_page_keep_offline(SoriPage *p)
{
	g_autofree gchar *bar = sori_page_uid(p, "keep");

	sori_page_section(p, "keep-offline", sori_page_t(p, "keep_title"));
	sori_page_word(p, "p", NULL, "keep_intro");
	sori_page_word(p, "p", " class=\"no-script-only\"", "keep_no_script");
	g_string_append(p->out,
			"<div class=\"keep-offline script-only\">"
			"<p class=\"keep-size\"></p><p class=\"actions\">"
			"<button type=\"button\" class=\"button primary\" data-action=\"keep\">");
	sori_page_esc(p, sori_page_t(p, "keep_button"));
	g_string_append(p->out, "</button> <button type=\"button\" class=\"button\" "
				"data-action=\"unkeep\" hidden>");
	sori_page_esc(p, sori_page_t(p, "keep_remove"));
	/* named by its label; by aria-labelledby too, for the tools that read only that */
	g_string_append_printf(p->out,
			       "</button></p><p class=\"keep-bar\" hidden>"
			       "<label id=\"%s-label\" for=\"%s\">",
			       bar, bar);
	sori_page_esc(p, sori_page_t(p, "keep_progress"));
	g_string_append_printf(
		p->out,
		"</label> <progress id=\"%s\" aria-labelledby=\"%s-label\" max=\"100\" "
		"value=\"0\"></progress></p>"
		"<p class=\"keep-status\" role=\"status\"></p></div>",
		bar, bar);
	sori_page_put(p, "</section>");
}

/* the words are the app's too (data-word): pages.js says them in the visitor's chosen language */
void
sori_page_offline(SoriPage *p)
{
	sori_page_word(p, "h1", " data-word=\"offline_title\"", "offline_title");
	sori_page_word(p, "p", " class=\"error\" data-word=\"offline\"", "offline");
	g_string_append(p->out, "<p class=\"actions\"><button type=\"button\" class=\"button\" "
				"data-action=\"retry\" data-word=\"retry\">");
	sori_page_esc(p, sori_page_t(p, "retry"));
	g_string_append(p->out,
			"</button> <a class=\"button\" href=\"/\" data-word=\"back_home\">");
	sori_page_esc(p, sori_page_t(p, "back_home"));
	g_string_append(p->out, "</a></p>");
}
