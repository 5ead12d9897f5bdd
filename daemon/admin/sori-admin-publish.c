/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Catalogues and their revisions: a curator's upload (JSON, or CSV of the
 * exhibits) is checked in full; an invalid one is a 422 with every problem
 * and changes nothing; a valid one is kept as a revision, made live and
 * swapped in, and the answer says what changed. Rollback publishes an older
 * revision again.
 */

#define G_LOG_DOMAIN "sori-admin"

#include "config.h"

#include <string.h>

#include "sori-background.h"
#include "sori-admin-private.h"
#include "sori-csv.h"
#include "sori-metrics.h"

/* a list of one problem */
G_GNUC_PRINTF(2, 3)
static GPtrArray *
sori_admin_one_problem(const gchar *pointer, const gchar *format, ...)
{
	GPtrArray *problems
		= g_ptr_array_new_with_free_func((GDestroyNotify) sori_catalogue_problem_free);
	SoriCatalogueProblem *p = g_new0(SoriCatalogueProblem, 1);
	va_list args;

	p->pointer = g_strdup(pointer);
	va_start(args, format);
	p->reason = g_strdup_vprintf(format, args);
	va_end(args);
	g_ptr_array_add(problems, p);
	return problems;
}

/* "problems": each with its pointer, and for a spreadsheet its row and column */
static void
sori_admin_add_problems(JsonBuilder *b, GPtrArray *problems, gboolean from_csv)
{
	json_builder_set_member_name(b, "problems");
	json_builder_begin_array(b);
	for (guint i = 0; problems != NULL && i < problems->len; i++) {
		SoriCatalogueProblem *p = g_ptr_array_index(problems, i);
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "pointer");
		json_builder_add_string_value(b, p->pointer);
		if (from_csv) {
			g_autofree gchar *where = g_str_has_prefix(p->pointer, "row ")
							  ? g_strdup(p->pointer)
							  : sori_csv_describe_pointer(p->pointer);
			json_builder_set_member_name(b, "where");
			json_builder_add_string_value(b, where);
		}
		json_builder_set_member_name(b, "reason");
		json_builder_add_string_value(b, p->reason);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
}

/* an invalid catalogue: 422, with every problem */
static void
sori_admin_set_invalid(SoriHttpResponse *response, GPtrArray *problems, gboolean from_csv,
		       const gchar *detail)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "type");
	json_builder_add_string_value(b, sori_problem_get_type_uri(SORI_PROBLEM_INVALID_CATALOGUE));
	json_builder_set_member_name(b, "title");
	json_builder_add_string_value(b, "The catalogue is not valid");
	json_builder_set_member_name(b, "status");
	json_builder_add_int_value(b, 422);
	json_builder_set_member_name(b, "detail");
	json_builder_add_string_value(b, detail);
	sori_admin_add_problems(b, problems, from_csv);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	sori_http_response_set_json(response, 422, SORI_PROBLEM_CONTENT_TYPE, root);
}

/* what the answer says once @id is live: the venue swapped in, old revisions pruned */
static void
sori_admin_published(SoriAdmin *self, SoriHttpResponse *response, const SoriHttpRequest *request,
		     const gchar *venue, SoriCatalogue *old, SoriCatalogue *catalogue,
		     const gchar *action, const gchar *id, gboolean pruned)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;

	/* the swap, of this venue alone: requests answered from here on see the
	 * new catalogue, and no other venue is read again */
	sori_venue_store_put(self->venues, catalogue, g_get_real_time() / G_USEC_PER_SEC);
	sori_metrics_add(SORI_METRIC_PUBLISHES, SORI_METRICS_PUBLISH_LIVE, 1);
	if (!pruned)
		sori_store_prune_revisions(self->store, venue, id);
	if (self->speech != NULL) {
		guint queued = sori_speech_service_prerender(self->speech, catalogue);
		g_debug("venue %s: %u renderings queued", venue, queued);
	}
	g_message("venue %s: %s by '%s', revision %s", venue, action, request->curator, id);

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "venue");
	json_builder_add_string_value(b, venue);
	json_builder_set_member_name(b, "revision");
	json_builder_add_string_value(b, id);
	json_builder_set_member_name(b, "changes");
	json_builder_add_value(b, sori_admin_diff(old, catalogue));
	sori_admin_fetch_add_problems(b, request->msg);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	sori_http_response_set_json(response, old == NULL ? 201 : 200, NULL, root);
}

/* a publish under way in the store (a worker thread), its message paused */
typedef struct {
	SoriAdmin *admin;
	SoupServerMessage *msg;
	gchar *venue;
	gchar *action;
	gchar *curator;
	SoriCatalogue *old; /* nullable */
	SoriCatalogue *catalogue;
} SoriAdminPublishing;

static void
sori_admin_publishing_free(SoriAdminPublishing *p)
{
	g_object_unref(p->admin);
	g_object_unref(p->msg);
	g_free(p->venue);
	g_free(p->action);
	g_free(p->curator);
	g_clear_pointer(&p->old, sori_catalogue_unref);
	sori_catalogue_unref(p->catalogue);
	g_free(p);
}

static void
sori_admin_publish_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	SoriAdminPublishing *p = user_data;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *id = NULL;
	g_auto(SoriHttpResponse) response = { 0 };
	SoriHttpRequest request = { 0 };

	request.path = g_uri_get_path(soup_server_message_get_uri(p->msg));
	request.curator = p->curator;
	request.msg = p->msg;
	id = sori_store_publish_finish(SORI_STORE(source), result, &error);
	if (id == NULL) {
		sori_metrics_add(SORI_METRIC_PUBLISHES, SORI_METRICS_PUBLISH_FAILED, 1);
		sori_http_response_set_error(&response, &request, error);
	} else {
		/* pruned already, in the publish's thread */
		sori_admin_published(p->admin, &response, &request, p->venue, p->old, p->catalogue,
				     p->action, id, TRUE);
	}
	sori_route_finish(p->msg, &response);
	sori_admin_publishing_free(p);
}

/*
 * the live catalogue of @venue, whole, for the answer's diff: @idle when it is
 * still the live one (an idle venue's, read whole off the main loop)
 */
static SoriCatalogue *
sori_admin_live_catalogue(SoriAdmin *self, const gchar *venue, SoriCatalogue *idle)
{
	SoriVenueSnapshot *before = sori_venue_store_peek(self->venues, venue);

	if (before != NULL && idle != NULL
	    && g_strcmp0(sori_catalogue_get_digest(before->catalogue),
			 sori_catalogue_get_digest(idle))
		       == 0)
		return sori_catalogue_ref(idle);
	if (before != NULL)
		before = sori_venue_store_lookup(self->venues, venue);
	/* held: the swap lets the snapshot, and so its catalogue, go */
	return before != NULL ? sori_catalogue_ref(before->catalogue) : NULL;
}

/*
 * makes @bytes (a valid catalogue of @venue) live; the answer says what changed.
 * @idle: (nullable): the live catalogue, whole, if it was read already
 * Returns: %FALSE when the answer comes later (a request through the server:
 * the store's write runs in a worker thread, the message paused)
 */
static gboolean
sori_admin_publish(SoriAdmin *self, const SoriHttpRequest *request, SoriHttpResponse *response,
		   const gchar *venue, GBytes *bytes, SoriCatalogue *catalogue, const gchar *action,
		   SoriCatalogue *idle, gboolean paused)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriCatalogue) old = sori_admin_live_catalogue(self, venue, idle);
	g_autofree gchar *id = NULL;

	if (request->msg != NULL) {
		SoriAdminPublishing *p = g_new0(SoriAdminPublishing, 1);
		p->admin = g_object_ref(self);
		p->msg = g_object_ref(request->msg);
		p->venue = g_strdup(venue);
		p->action = g_strdup(action);
		p->curator = g_strdup(request->curator);
		p->old = g_steal_pointer(&old);
		p->catalogue = sori_catalogue_ref(catalogue);
		if (!paused)
			soup_server_message_pause(request->msg);
		sori_store_publish_async(self->store, venue, bytes,
					 sori_catalogue_get_digest(catalogue), request->curator,
					 action, NULL, sori_admin_publish_done_cb, p);
		return FALSE;
	}
	if (!sori_store_publish(self->store, venue, bytes, sori_catalogue_get_digest(catalogue),
				request->curator, action, &id, &error)) {
		sori_metrics_add(SORI_METRIC_PUBLISHES, SORI_METRICS_PUBLISH_FAILED, 1);
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	sori_admin_published(self, response, request, venue, old, catalogue, action, id, FALSE);
	return TRUE;
}

/* a catalogue being checked in a worker thread, its message paused */
typedef struct {
	SoriAdmin *admin;
	SoupServerMessage *msg;
	gchar *venue;
	gchar *action;
	gchar *curator;
	GBytes *bytes;
	gboolean from_csv;
	gchar *idle_digest; /* nullable: the live venue's, idle (its catalogue a summary) */
	guint waiting;      /* the threads still working: the check, and the old one's read */
	/* the threads' answers */
	SoriCatalogue *old; /* nullable: the idle live venue, read whole again for the diff */
	SoriCatalogue *catalogue;
	GPtrArray *problems;
	GError *error;
} SoriAdminChecking;

static void
sori_admin_checking_clear(SoriAdminChecking *c)
{
	g_object_unref(c->admin);
	g_object_unref(c->msg);
	g_free(c->venue);
	g_free(c->action);
	g_free(c->curator);
	g_bytes_unref(c->bytes);
	g_clear_pointer(&c->catalogue, sori_catalogue_unref);
	g_clear_pointer(&c->old, sori_catalogue_unref);
	g_free(c->idle_digest);
	g_clear_pointer(&c->problems, g_ptr_array_unref);
	g_clear_error(&c->error);
}

static void
sori_admin_checking_unref(SoriAdminChecking *c)
{
	g_rc_box_release_full(c, (GDestroyNotify) sori_admin_checking_clear);
}

static void
sori_admin_check_thread(GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
	SoriAdminChecking *c = task_data;
	c->catalogue = sori_catalogue_new_from_bytes(c->bytes, &c->problems, &c->error);
	/* the hook: the remote media a valid catalogue names fetched into the media
	 * store, and the catalogue pointed at sorid's copies (sori-admin-fetch-catalogue.c) */
	if (c->catalogue != NULL && g_strcmp0(sori_catalogue_get_id(c->catalogue), c->venue) == 0)
		sori_admin_fetch_for_publish(c->admin, c->venue, c->msg, &c->bytes, &c->catalogue,
					     &c->problems, &c->error);
	g_task_return_boolean(task, TRUE);
}

/* an idle venue's live catalogue, for the answer's diff, read whole rather
 * than on the main loop, from its file or the database: beside the check,
 * in a thread of its own, so that a publish costs the longer of the two */
static void
sori_admin_read_old_thread(GTask *task, gpointer source, gpointer task_data,
			   GCancellable *cancellable)
{
	SoriAdminChecking *c = task_data;
	c->old = sori_venue_store_read_catalogue(c->admin->venues, c->venue, c->idle_digest);
	g_task_return_boolean(task, TRUE);
}

static void
sori_admin_check_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	SoriAdminChecking *c = g_task_get_task_data(G_TASK(result));
	g_auto(SoriHttpResponse) response = { 0 };
	SoriHttpRequest request = { 0 };
	g_autoptr(SoriCatalogue) catalogue = NULL;

	/* both threads done: the check, and the old catalogue's read */
	if (--c->waiting > 0)
		return;
	request.path = g_uri_get_path(soup_server_message_get_uri(c->msg));
	request.curator = c->curator;
	request.msg = c->msg;
	if (c->catalogue == NULL || g_strcmp0(sori_catalogue_get_id(c->catalogue), c->venue) != 0)
		sori_metrics_add(SORI_METRIC_PUBLISHES, SORI_METRICS_PUBLISH_INVALID, 1);
	if (c->catalogue == NULL) {
		sori_admin_set_invalid(&response, c->problems, c->from_csv,
				       c->error != NULL ? c->error->message
							: "the document is not valid");
	} else if (g_strcmp0(sori_catalogue_get_id(c->catalogue), c->venue) != 0) {
		g_autoptr(GPtrArray) mismatch = sori_admin_one_problem(
			"/venue/id", "the catalogue is of venue '%s', not '%s'",
			sori_catalogue_get_id(c->catalogue), c->venue);
		sori_admin_set_invalid(&response, mismatch, FALSE, "1 problem");
	} else {
		catalogue = g_steal_pointer(&c->catalogue);
		/* the store's write answers later, from its worker thread */
		if (!sori_admin_publish(c->admin, &request, &response, c->venue, c->bytes,
					catalogue, c->action, c->old, TRUE))
			return;
	}
	sori_route_finish(c->msg, &response);
}

/*
 * checks @bytes in a worker thread, then publishes it: parsing and checking a
 * large catalogue never holds the main loop, and so every visitor. Returns
 * %FALSE: the answer comes later, the message paused meanwhile.
 */
static gboolean
sori_admin_check_async(SoriAdmin *self, const SoriHttpRequest *request, const gchar *venue,
		       GBytes *bytes, gboolean from_csv, const gchar *action)
{
	SoriAdminChecking *c = g_rc_box_new0(SoriAdminChecking);
	g_autoptr(GTask) task = g_task_new(NULL, NULL, sori_admin_check_done_cb, NULL);

	c->admin = g_object_ref(self);
	c->msg = g_object_ref(request->msg);
	c->venue = g_strdup(venue);
	c->action = g_strdup(action);
	c->curator = g_strdup(request->curator);
	c->bytes = g_bytes_ref(bytes);
	c->from_csv = from_csv;
	{
		SoriVenueSnapshot *live = sori_venue_store_peek(self->venues, venue);
		if (live != NULL && sori_catalogue_is_summary(live->catalogue)) {
			c->idle_digest = g_strdup(sori_catalogue_get_digest(live->catalogue));
		}
	}
	g_task_set_task_data(task, c, (GDestroyNotify) sori_admin_checking_unref);
	soup_server_message_pause(request->msg);
	c->waiting = 1;
	if (c->idle_digest != NULL) {
		g_autoptr(GTask) old = g_task_new(NULL, NULL, sori_admin_check_done_cb, NULL);
		g_task_set_task_data(old, g_rc_box_acquire(c),
				     (GDestroyNotify) sori_admin_checking_unref);
		c->waiting++;
		sori_background_run_in_thread(old, sori_admin_read_old_thread);
	}
	sori_background_run_in_thread(task, sori_admin_check_thread);
	return FALSE;
}

/* a spreadsheet of exhibits, merged into the live catalogue; %NULL with the answer set,
 * or with @problems when the spreadsheet has some */
static GBytes *
sori_admin_import_csv(SoriAdmin *self, const SoriHttpRequest *request, const gchar *venue,
		      SoriHttpResponse *response, GPtrArray **csv_problems)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) live = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(JsonNode) imported = NULL;
	g_autoptr(GPtrArray) problems = NULL;
	g_autofree gchar *text = NULL;
	gsize len = 0;
	const gchar *data = request->body != NULL ? g_bytes_get_data(request->body, &len) : "";

	if (sori_venue_store_peek(self->venues, venue) == NULL) {
		sori_http_response_fail(response, request, SORI_PROBLEM_UNKNOWN_VENUE,
					"a spreadsheet replaces the exhibits of a venue that "
					"exists: create '%s' with a JSON catalogue first",
					venue);
		return NULL;
	}
	live = sori_store_get_catalogue(self->store, venue, &error);
	if (live == NULL
	    || !json_parser_load_from_data(parser, g_bytes_get_data(live, NULL),
					   g_bytes_get_size(live), &error)) {
		g_prefix_error(&error, "the live catalogue of '%s': ", venue);
		sori_http_response_set_error(response, request, error);
		return NULL;
	}
	imported = sori_csv_import(data, len, json_parser_get_root(parser), &problems);
	if (imported == NULL) {
		*csv_problems = g_steal_pointer(&problems);
		return NULL;
	}
	text = json_to_string(imported, TRUE);
	len = strlen(text);
	return g_bytes_new_take(g_steal_pointer(&text), len);
}

/* checks @bytes in full; %NULL with the answer (422) set */
static SoriCatalogue *
sori_admin_check(const gchar *venue, GBytes *bytes, gboolean from_csv, SoriHttpResponse *response)
{
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriCatalogue) catalogue
		= sori_catalogue_new_from_bytes(bytes, &problems, &error);
	g_autoptr(GPtrArray) mismatch = NULL;

	if (catalogue == NULL) {
		sori_admin_set_invalid(response, problems, from_csv, error->message);
		return NULL;
	}
	if (g_strcmp0(sori_catalogue_get_id(catalogue), venue) == 0)
		return g_steal_pointer(&catalogue);
	mismatch = sori_admin_one_problem("/venue/id", "the catalogue is of venue '%s', not '%s'",
					  sori_catalogue_get_id(catalogue), venue);
	sori_admin_set_invalid(response, mismatch, FALSE, "1 problem");
	return NULL;
}

/* what a PUT or a check sends: JSON, or CSV merged into the live catalogue;
 * %NULL with the answer set, or with @problems of the spreadsheet */
static GBytes *
sori_admin_read_upload(SoriAdmin *self, const SoriHttpRequest *request, const gchar *venue,
		       SoriHttpResponse *response, gboolean *csv, GPtrArray **problems)
{
	g_autofree gchar *media_type = NULL;

	if (request->content_type != NULL)
		media_type = g_strstrip(
			g_strndup(request->content_type, strcspn(request->content_type, ";")));
	*csv = g_strcmp0(media_type, "text/csv") == 0;
	if (*csv)
		return sori_admin_import_csv(self, request, venue, response, problems);
	if (g_strcmp0(media_type, "application/json") == 0)
		return request->body != NULL ? g_bytes_ref(request->body) : g_bytes_new(NULL, 0);
	sori_http_response_fail(response, request, SORI_PROBLEM_UNSUPPORTED_MEDIA_TYPE,
				"send a catalogue as application/json, or exhibits as text/csv");
	return NULL;
}

/**
 * sori_admin_handle_put_catalogue:
 *
 * PUT /v1/admin/venues/{venue}/catalogue: a catalogue (application/json) or
 * the exhibits as a spreadsheet (text/csv), made live when valid.
 */
gboolean
sori_admin_handle_put_catalogue(gpointer admin, const SoriHttpRequest *request,
				const SoriRouteMatch *match, SoriHttpResponse *response)
{
	SoriAdmin *self = admin;
	const gchar *venue = sori_route_match_get(match, "venue");
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(GBytes) bytes = NULL;
	g_autoptr(SoriCatalogue) catalogue = NULL;
	gboolean csv = FALSE;

	if (sori_admin_refuse_loading(self, request, venue, response))
		return TRUE;
	bytes = sori_admin_read_upload(self, request, venue, response, &csv, &problems);
	if (problems != NULL)
		sori_admin_set_invalid(response, problems, TRUE, "the spreadsheet has problems");
	if (bytes == NULL)
		return TRUE;
	if (request->msg != NULL)
		return sori_admin_check_async(self, request, venue, bytes, csv,
					      csv ? "import-csv" : "put-catalogue");
	catalogue = sori_admin_check(venue, bytes, csv, response);
	if (catalogue != NULL)
		return sori_admin_publish(self, request, response, venue, bytes, catalogue,
					  csv ? "import-csv" : "put-catalogue", NULL, FALSE);
	return TRUE;
}

/**
 * sori_admin_handle_check:
 *
 * POST /v1/admin/venues/{venue}/check: what a PUT of the same body would
 * find, without publishing anything: every problem with its JSON Pointer
 * (and row and column for a spreadsheet), or, when it is valid, what it
 * would change. Always 200 for a body that could be read.
 */
gboolean
sori_admin_handle_check(gpointer admin, const SoriHttpRequest *request, const SoriRouteMatch *match,
			SoriHttpResponse *response)
{
	SoriAdmin *self = admin;
	const gchar *venue = sori_route_match_get(match, "venue");
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(GBytes) bytes = NULL;
	g_autoptr(SoriCatalogue) catalogue = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;
	gboolean waiting = FALSE;
	SoriVenueSnapshot *live = sori_admin_lookup_whole(self, request, venue, response, &waiting);
	gboolean csv = FALSE;

	if (waiting)
		return TRUE;
	bytes = sori_admin_read_upload(self, request, venue, response, &csv, &problems);
	if (bytes == NULL && problems == NULL)
		return TRUE;
	if (bytes != NULL)
		catalogue = sori_catalogue_new_from_bytes(bytes, &problems, &error);
	if (catalogue != NULL && g_strcmp0(sori_catalogue_get_id(catalogue), venue) != 0) {
		problems = sori_admin_one_problem("/venue/id",
						  "the catalogue is of venue '%s', not '%s'",
						  sori_catalogue_get_id(catalogue), venue);
		g_clear_pointer(&catalogue, sori_catalogue_unref);
	}
	/* too large, say: one problem for the whole document */
	if (catalogue == NULL && problems == NULL)
		problems = sori_admin_one_problem(
			"", "%s", error != NULL ? error->message : "the document is not valid");
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "venue");
	json_builder_add_string_value(b, venue);
	json_builder_set_member_name(b, "valid");
	json_builder_add_boolean_value(b, catalogue != NULL);
	json_builder_set_member_name(b, "count");
	json_builder_add_int_value(b, problems != NULL ? problems->len : 0);
	sori_admin_add_problems(b, problems, csv);
	if (catalogue != NULL) {
		json_builder_set_member_name(b, "revision");
		json_builder_add_string_value(b, sori_catalogue_get_digest(catalogue));
		sori_admin_add_summary(b, live != NULL ? live->catalogue : NULL, catalogue);
	}
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	sori_http_response_set_json(response, 200, NULL, root);
	return TRUE;
}

/**
 * sori_admin_handle_catalogue_csv:
 *
 * GET /v1/admin/venues/{venue}/catalogue.csv: the live exhibits as a
 * spreadsheet, in the layout a PUT of text/csv reads.
 */
gboolean
sori_admin_handle_catalogue_csv(gpointer admin, const SoriHttpRequest *request,
				const SoriRouteMatch *match, SoriHttpResponse *response)
{
	SoriAdmin *self = admin;
	const gchar *venue = sori_route_match_get(match, "venue");
	SoriVenueSnapshot *live = sori_admin_lookup_live(self, request, venue, response);
	g_autoptr(GBytes) bytes = NULL;
	gchar *csv;

	if (live == NULL)
		return TRUE;
	csv = sori_csv_export(live->catalogue);
	bytes = g_bytes_new_take(csv, strlen(csv));
	sori_http_response_set_body(response, 200, "text/csv; charset=utf-8", bytes);
	return TRUE;
}

/* a stored catalogue document, or why there is none */
static gboolean
sori_admin_set_document(SoriHttpResponse *response, const SoriHttpRequest *request, GBytes *bytes,
			const GError *error)
{
	if (bytes == NULL)
		sori_http_response_set_error(response, request, error);
	else
		sori_http_response_set_body(response, 200, "application/json", bytes);
	return TRUE;
}

/**
 * sori_admin_handle_get_catalogue:
 *
 * GET /v1/admin/venues/{venue}/catalogue: the live catalogue, as published.
 */
gboolean
sori_admin_handle_get_catalogue(gpointer admin, const SoriHttpRequest *request,
				const SoriRouteMatch *match, SoriHttpResponse *response)
{
	SoriAdmin *self = admin;
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) bytes = sori_store_get_catalogue(
		self->store, sori_route_match_get(match, "venue"), &error);

	return sori_admin_set_document(response, request, bytes, error);
}

/**
 * sori_admin_handle_delete_venue:
 *
 * DELETE /v1/admin/venues/{venue}: no longer served; its revisions stay, so
 * that rolling back brings it back.
 */
gboolean
sori_admin_handle_delete_venue(gpointer admin, const SoriHttpRequest *request,
			       const SoriRouteMatch *match, SoriHttpResponse *response)
{
	SoriAdmin *self = admin;
	const gchar *venue = sori_route_match_get(match, "venue");
	g_autoptr(GError) error = NULL;

	if (sori_admin_refuse_loading(self, request, venue, response))
		return TRUE;
	if (!sori_store_delete_venue(self->store, venue, request->curator, &error)) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	sori_venue_store_remove(self->venues, venue);
	sori_http_response_set_body(response, 204, NULL, NULL);
	return TRUE;
}

/**
 * sori_admin_handle_revisions:
 *
 * GET /v1/admin/venues/{venue}/revisions: the ids, newest first, and the live one.
 */
gboolean
sori_admin_handle_revisions(gpointer admin, const SoriHttpRequest *request,
			    const SoriRouteMatch *match, SoriHttpResponse *response)
{
	SoriAdmin *self = admin;
	const gchar *venue = sori_route_match_get(match, "venue");
	g_autoptr(GPtrArray) ids = sori_store_list_revisions(self->store, venue);
	g_autoptr(GPtrArray) history = sori_store_list_audit(self->store, venue, 100);
	/* the live revision is known by its digest, which an idle venue keeps */
	SoriVenueSnapshot *snapshot = sori_venue_store_peek(self->venues, venue);
	const gchar *live = snapshot != NULL ? sori_store_find_revision(
				    ids, sori_catalogue_get_digest(snapshot->catalogue))
					     : NULL;
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "venue");
	json_builder_add_string_value(b, venue);
	json_builder_set_member_name(b, "live");
	if (live != NULL)
		json_builder_add_string_value(b, live);
	else
		json_builder_add_null_value(b);
	json_builder_set_member_name(b, "revisions");
	json_builder_begin_array(b);
	for (guint i = 0; i < ids->len; i++)
		json_builder_add_string_value(b, g_ptr_array_index(ids, i));
	json_builder_end_array(b);
	/* who made what live, and when, newest first */
	json_builder_set_member_name(b, "history");
	json_builder_begin_array(b);
	for (guint i = 0; i < history->len; i++)
		json_builder_add_value(
			b, json_node_init_object(json_node_alloc(), g_ptr_array_index(history, i)));
	json_builder_end_array(b);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	sori_http_response_set_json(response, 200, NULL, root);
	return TRUE;
}

/**
 * sori_admin_handle_revision:
 *
 * GET /v1/admin/venues/{venue}/revisions/{revision}: one revision's document.
 */
gboolean
sori_admin_handle_revision(gpointer admin, const SoriHttpRequest *request,
			   const SoriRouteMatch *match, SoriHttpResponse *response)
{
	SoriAdmin *self = admin;
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) bytes
		= sori_store_get_revision(self->store, sori_route_match_get(match, "venue"),
					  sori_route_match_get(match, "revision"), &error);

	return sori_admin_set_document(response, request, bytes, error);
}

/**
 * sori_admin_handle_rollback:
 *
 * POST /v1/admin/venues/{venue}/rollback {"revision": "…"}: an older revision
 * live again, checked again first.
 */
gboolean
sori_admin_handle_rollback(gpointer admin, const SoriHttpRequest *request,
			   const SoriRouteMatch *match, SoriHttpResponse *response)
{
	SoriAdmin *self = admin;
	const gchar *venue = sori_route_match_get(match, "venue");
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(SoriCatalogue) catalogue = NULL;
	g_autoptr(GBytes) bytes = NULL;
	const gchar *id = NULL;

	if (sori_admin_refuse_loading(self, request, venue, response))
		return TRUE;
	if (request->body != NULL
	    && json_parser_load_from_data(parser, g_bytes_get_data(request->body, NULL),
					  g_bytes_get_size(request->body), NULL)
	    && JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser)))
		id = json_object_get_string_member_with_default(
			json_node_get_object(json_parser_get_root(parser)), "revision", NULL);
	if (id == NULL || !sori_store_revision_id_is_valid(id)) {
		sori_http_response_fail(response, request, SORI_PROBLEM_INVALID_BODY,
					"send {\"revision\": \"<revision id>\"}");
		return TRUE;
	}
	bytes = sori_store_get_revision(self->store, venue, id, &error);
	if (bytes == NULL) {
		sori_http_response_set_error(response, request, error);
		return TRUE;
	}
	/* a revision was valid when written; it is checked again all the same */
	if (request->msg != NULL)
		return sori_admin_check_async(self, request, venue, bytes, FALSE, "rollback");
	catalogue = sori_admin_check(venue, bytes, FALSE, response);
	if (catalogue != NULL)
		return sori_admin_publish(self, request, response, venue, bytes, catalogue,
					  "rollback", NULL, FALSE);
	return TRUE;
}

/**
 * sori_admin_handle_catalogue:
 *
 * /v1/admin/venues/{venue}/catalogue: read with GET, replaced with PUT.
 */
gboolean
sori_admin_handle_catalogue(gpointer admin, const SoriHttpRequest *request,
			    const SoriRouteMatch *match, SoriHttpResponse *response)
{
	if (g_str_equal(request->method, "PUT"))
		return sori_admin_handle_put_catalogue(admin, request, match, response);
	return sori_admin_handle_get_catalogue(admin, request, match, response);
}
