/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The store interface: what the curators' API keeps, whatever keeps it.
 */

#include "config.h"

#include <string.h>

#include "sori-background.h"
#include "sori-store.h"

G_DEFINE_INTERFACE(SoriStore, sori_store, G_TYPE_OBJECT)

/* the default publishes, one at a time and in the order asked for: revision,
 * live pointer, audit, pruning. The background pool's threads may take their
 * jobs in any order, so each job publishes the oldest one waiting, not its own */
static GMutex sori_store_publish_lock;
static GQueue sori_store_publish_queue = G_QUEUE_INIT;

typedef struct {
	gchar *venue;
	GBytes *document;
	gchar *digest;
	gchar *who;
	gchar *action;
} SoriStorePublishing;

static void
sori_store_publishing_free(SoriStorePublishing *p)
{
	g_free(p->venue);
	g_bytes_unref(p->document);
	g_free(p->digest);
	g_free(p->who);
	g_free(p->action);
	g_free(p);
}

static void
sori_store_publish_thread(GTask *mine, gpointer source, gpointer task_data,
			  GCancellable *cancellable)
{
	g_autoptr(GTask) task = NULL;
	g_autoptr(GError) error = NULL;
	SoriStorePublishing *p;
	SoriStore *self;
	gchar *revision = NULL;

	/* returned under the lock, so that publishes are answered, and swapped
	 * in, in the order they were written */
	g_mutex_lock(&sori_store_publish_lock);
	task = g_queue_pop_head(&sori_store_publish_queue);
	self = g_task_get_source_object(task);
	p = g_task_get_task_data(task);
	if (sori_store_publish(self, p->venue, p->document, p->digest, p->who, p->action, &revision,
			       &error)) {
		sori_store_prune_revisions(self, p->venue, revision);
		g_task_return_pointer(task, revision, g_free);
	} else {
		g_task_return_error(task, g_steal_pointer(&error));
	}
	g_mutex_unlock(&sori_store_publish_lock);
}

/* sori_store_publish() and the pruning in a worker thread, one publish at a time */
static void
sori_store_real_publish_async(SoriStore *self, const gchar *venue, GBytes *document,
			      const gchar *digest, const gchar *who, const gchar *action,
			      GCancellable *cancellable, GAsyncReadyCallback callback,
			      gpointer user_data)
{
	g_autoptr(GTask) task = g_task_new(self, cancellable, callback, user_data);
	SoriStorePublishing *p = g_new0(SoriStorePublishing, 1);

	g_task_set_source_tag(task, sori_store_real_publish_async);
	p->venue = g_strdup(venue);
	p->document = g_bytes_ref(document);
	p->digest = g_strdup(digest);
	p->who = g_strdup(who);
	p->action = g_strdup(action);
	g_task_set_task_data(task, p, (GDestroyNotify) sori_store_publishing_free);
	g_mutex_lock(&sori_store_publish_lock);
	g_queue_push_tail(&sori_store_publish_queue, g_object_ref(task));
	g_mutex_unlock(&sori_store_publish_lock);
	sori_background_run_in_thread(task, sori_store_publish_thread);
}

static gchar *
sori_store_real_publish_finish(SoriStore *self, GAsyncResult *result, GError **error)
{
	g_return_val_if_fail(g_task_is_valid(result, self), NULL);
	return g_task_propagate_pointer(G_TASK(result), error);
}

/* sori_store_commit_media() at once (a rename on the same file system), answered
 * from the main loop */
static void
sori_store_real_commit_media_async(SoriStore *self, SoriFileWriter *writer, const gchar *name,
				   GCancellable *cancellable, GAsyncReadyCallback callback,
				   gpointer user_data)
{
	g_autoptr(GTask) task = g_task_new(self, cancellable, callback, user_data);
	g_autoptr(GError) error = NULL;

	g_task_set_source_tag(task, sori_store_real_commit_media_async);
	if (!sori_store_commit_media(self, writer, name, &error))
		g_task_return_error(task, g_steal_pointer(&error));
	else
		g_task_return_boolean(task, TRUE);
}

static gboolean
sori_store_real_commit_media_finish(SoriStore *self, GAsyncResult *result, GError **error)
{
	g_return_val_if_fail(g_task_is_valid(result, self), FALSE);
	return g_task_propagate_boolean(G_TASK(result), error);
}

static const gchar *
sori_store_real_get_health(SoriStore *self)
{
	return NULL;
}

static SoriTokens *
sori_store_real_get_tokens(SoriStore *self, GError **error)
{
	g_set_error(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s keeps no tokens",
		    G_OBJECT_TYPE_NAME(self));
	return NULL;
}

/* the tokens as read, changed by @edit, which saves them (sori_tokens_add()…) */
static gboolean
sori_store_real_edit_tokens(SoriStore *self, SoriStoreTokensFunc edit, gpointer user_data,
			    GError **error)
{
	SoriTokens *tokens = sori_store_get_tokens(self, error);
	return tokens != NULL && edit(tokens, user_data, error);
}

static void
sori_store_default_init(SoriStoreInterface *iface)
{
	iface->publish_async = sori_store_real_publish_async;
	iface->publish_finish = sori_store_real_publish_finish;
	iface->commit_media_async = sori_store_real_commit_media_async;
	iface->commit_media_finish = sori_store_real_commit_media_finish;
	iface->get_health = sori_store_real_get_health;
	iface->get_tokens = sori_store_real_get_tokens;
	iface->edit_tokens = sori_store_real_edit_tokens;
}

/**
 * sori_store_get_catalogue:
 * @venue: a venue id
 *
 * Returns: (transfer full) (nullable): the live catalogue document, as published
 */
GBytes *
sori_store_get_catalogue(SoriStore *self, const gchar *venue, GError **error)
{
	g_return_val_if_fail(SORI_IS_STORE(self), NULL);
	return SORI_STORE_GET_IFACE(self)->get_catalogue(self, venue, error);
}

/**
 * sori_store_publish:
 * @document: a valid catalogue of @venue
 * @digest: its SHA-256, in hex
 * @who: the curator's token's name, for the audit log
 * @action: what the curator did ("publish", "rollback", …), for the audit log
 * @revision: (out) (transfer full): the revision it is kept as: an earlier
 *	one when the same content was kept before (a rollback, an upload twice)
 *
 * Keeps @document as a revision, makes it the live one and logs who did
 * what: whatever happens, the live catalogue is the old one or the new one,
 * whole.
 */
gboolean
sori_store_publish(SoriStore *self, const gchar *venue, GBytes *document, const gchar *digest,
		   const gchar *who, const gchar *action, gchar **revision, GError **error)
{
	g_return_val_if_fail(SORI_IS_STORE(self), FALSE);
	return SORI_STORE_GET_IFACE(self)->publish(self, venue, document, digest, who, action,
						   revision, error);
}

/**
 * sori_store_delete_venue:
 *
 * @who: the curator's token's name, for the audit log
 *
 * The venue is served no longer; its revisions stay, so that it can be
 * brought back by rolling back.
 */
gboolean
sori_store_delete_venue(SoriStore *self, const gchar *venue, const gchar *who, GError **error)
{
	g_return_val_if_fail(SORI_IS_STORE(self), FALSE);
	return SORI_STORE_GET_IFACE(self)->delete_venue(self, venue, who, error);
}

/**
 * sori_store_list_revisions:
 *
 * Returns: (transfer container) (element-type utf8): revision ids, newest first
 */
GPtrArray *
sori_store_list_revisions(SoriStore *self, const gchar *venue)
{
	g_return_val_if_fail(SORI_IS_STORE(self), NULL);
	return SORI_STORE_GET_IFACE(self)->list_revisions(self, venue);
}

/**
 * sori_store_get_revision:
 * @revision: a revision id, checked with sori_store_revision_id_is_valid()
 *
 * Returns: (transfer full) (nullable): the document; %NULL with
 *	%SORI_PROBLEM_UNKNOWN_REVISION when there is none
 */
GBytes *
sori_store_get_revision(SoriStore *self, const gchar *venue, const gchar *revision, GError **error)
{
	g_return_val_if_fail(SORI_IS_STORE(self), NULL);
	return SORI_STORE_GET_IFACE(self)->get_revision(self, venue, revision, error);
}

/**
 * sori_store_prune_revisions:
 * @keep: (nullable): a revision never to delete: the live one
 *
 * Deletes the oldest revisions beyond the number the store keeps.
 */
void
sori_store_prune_revisions(SoriStore *self, const gchar *venue, const gchar *keep)
{
	g_return_if_fail(SORI_IS_STORE(self));
	SORI_STORE_GET_IFACE(self)->prune_revisions(self, venue, keep);
}

/**
 * sori_store_append_audit:
 * @who: the token's name
 * @action: what was done: put-catalogue, import-csv, rollback, delete, upload-media
 * @revision: (nullable): the revision it made live
 *
 * Appends to the audit log, which is never rewritten.
 */
gboolean
sori_store_append_audit(SoriStore *self, const gchar *who, const gchar *venue, const gchar *action,
			const gchar *revision, GError **error)
{
	g_return_val_if_fail(SORI_IS_STORE(self), FALSE);
	return SORI_STORE_GET_IFACE(self)->append_audit(self, who, venue, action, revision, error);
}

/**
 * sori_store_list_audit:
 * @venue: whose changes
 * @max_entries: the most to answer
 *
 * Returns: (transfer container) (element-type JsonObject): the venue's
 *	entries of the audit log, newest first: `time`, `token`, `action` and
 *	`revision` (null for a deletion)
 */
GPtrArray *
sori_store_list_audit(SoriStore *self, const gchar *venue, guint max_entries)
{
	g_return_val_if_fail(SORI_IS_STORE(self), NULL);
	return SORI_STORE_GET_IFACE(self)->list_audit(self, venue, max_entries);
}

/**
 * sori_store_put_media:
 * @name: `<sha256>.<ext>`, content-addressed
 *
 * Keeps an upload; one already kept is left as it is.
 */
gboolean
sori_store_put_media(SoriStore *self, const gchar *name, GBytes *data, GError **error)
{
	g_return_val_if_fail(SORI_IS_STORE(self), FALSE);
	return SORI_STORE_GET_IFACE(self)->put_media(self, name, data, error);
}

/**
 * sori_store_get_media:
 *
 * Returns: (transfer full) (nullable): an upload, mapped rather than read
 */
GBytes *
sori_store_get_media(SoriStore *self, const gchar *name, GError **error)
{
	g_return_val_if_fail(SORI_IS_STORE(self), NULL);
	return SORI_STORE_GET_IFACE(self)->get_media(self, name, error);
}

/**
 * sori_store_begin_media:
 *
 * Returns: (transfer full) (nullable): where an upload is written as it
 *	comes, to be kept with sori_store_commit_media()
 */
SoriFileWriter *
sori_store_begin_media(SoriStore *self, GError **error)
{
	g_return_val_if_fail(SORI_IS_STORE(self), NULL);
	return SORI_STORE_GET_IFACE(self)->begin_media(self, error);
}

/**
 * sori_store_commit_media:
 * @writer: from sori_store_begin_media(), all of the upload written
 * @name: `<sha256>.<ext>`, content-addressed
 *
 * Keeps an upload written as it came; one already kept is left as it is.
 */
gboolean
sori_store_commit_media(SoriStore *self, SoriFileWriter *writer, const gchar *name, GError **error)
{
	g_return_val_if_fail(SORI_IS_STORE(self), FALSE);
	return SORI_STORE_GET_IFACE(self)->commit_media(self, writer, name, error);
}

/**
 * sori_store_reload_tokens:
 *
 * Reads the tokens again when they changed since they were last read.
 */
gboolean
sori_store_reload_tokens(SoriStore *self, GError **error)
{
	g_return_val_if_fail(SORI_IS_STORE(self), FALSE);
	return SORI_STORE_GET_IFACE(self)->reload_tokens(self, error);
}

/**
 * sori_store_verify_token:
 * @allowed: (out): whether the token may change @venue
 *
 * Returns: (nullable): the token's name, %NULL for no valid token
 */
const gchar *
sori_store_verify_token(SoriStore *self, const gchar *token, const gchar *venue, gboolean *allowed)
{
	g_return_val_if_fail(SORI_IS_STORE(self), NULL);
	return SORI_STORE_GET_IFACE(self)->verify_token(self, token, venue, allowed);
}

/**
 * sori_store_publish_async:
 * @document: a valid catalogue of @venue
 * @digest: its SHA-256, in hex
 * @who: the curator's token's name, for the audit log
 * @action: what the curator did, for the audit log
 *
 * sori_store_publish() and sori_store_prune_revisions() off the main loop:
 * a visitor never waits for a curator's write. Publishes are answered in
 * the order they were made live. The files store's run in a worker thread,
 * one at a time; the PostgreSQL store's in a thread with a connection of its
 * own.
 */
void
sori_store_publish_async(SoriStore *self, const gchar *venue, GBytes *document, const gchar *digest,
			 const gchar *who, const gchar *action, GCancellable *cancellable,
			 GAsyncReadyCallback callback, gpointer user_data)
{
	g_return_if_fail(SORI_IS_STORE(self));
	SORI_STORE_GET_IFACE(self)->publish_async(self, venue, document, digest, who, action,
						  cancellable, callback, user_data);
}

/**
 * sori_store_publish_finish:
 *
 * Returns: (transfer full) (nullable): the revision made live, pruned after
 */
gchar *
sori_store_publish_finish(SoriStore *self, GAsyncResult *result, GError **error)
{
	g_return_val_if_fail(SORI_IS_STORE(self), NULL);
	return SORI_STORE_GET_IFACE(self)->publish_finish(self, result, error);
}

/**
 * sori_store_commit_media_async:
 * @writer: (transfer none): from sori_store_begin_media(), all of the upload
 *	written; kept alive by the caller until @callback
 * @name: `<sha256>.<ext>`, content-addressed
 *
 * sori_store_commit_media(), for a store whose keeping takes long (the
 * PostgreSQL store's chunks, written in a thread); the files store's is a
 * rename, done at once.
 */
void
sori_store_commit_media_async(SoriStore *self, SoriFileWriter *writer, const gchar *name,
			      GCancellable *cancellable, GAsyncReadyCallback callback,
			      gpointer user_data)
{
	g_return_if_fail(SORI_IS_STORE(self));
	SORI_STORE_GET_IFACE(self)->commit_media_async(self, writer, name, cancellable, callback,
						       user_data);
}

gboolean
sori_store_commit_media_finish(SoriStore *self, GAsyncResult *result, GError **error)
{
	g_return_val_if_fail(SORI_IS_STORE(self), FALSE);
	return SORI_STORE_GET_IFACE(self)->commit_media_finish(self, result, error);
}

/**
 * sori_store_get_health:
 *
 * Returns: (nullable): what /healthz says of the store as "database":
 *	"connected" or "away" for a store on a server; %NULL for one that
 *	cannot be away (the files store)
 */
const gchar *
sori_store_get_health(SoriStore *self)
{
	g_return_val_if_fail(SORI_IS_STORE(self), NULL);
	return SORI_STORE_GET_IFACE(self)->get_health(self);
}

/**
 * sori_store_get_tokens:
 *
 * Returns: (transfer none) (nullable): the curators' tokens, read again
 *	when they changed, for `sorictl token list`
 */
SoriTokens *
sori_store_get_tokens(SoriStore *self, GError **error)
{
	g_return_val_if_fail(SORI_IS_STORE(self), NULL);
	return SORI_STORE_GET_IFACE(self)->get_tokens(self, error);
}

/**
 * sori_store_edit_tokens:
 * @edit: (scope call): adds or revokes with sori_tokens_add() or
 *	sori_tokens_revoke(); %FALSE with @error to change nothing
 *
 * Changes the tokens so that no other change is lost meanwhile (the files
 * store's file is replaced whole; the PostgreSQL store's row is locked and
 * every node told), and so that a running sorid sees the change at once.
 */
gboolean
sori_store_edit_tokens(SoriStore *self, SoriStoreTokensFunc edit, gpointer user_data,
		       GError **error)
{
	g_return_val_if_fail(SORI_IS_STORE(self), FALSE);
	g_return_val_if_fail(edit != NULL, FALSE);
	return SORI_STORE_GET_IFACE(self)->edit_tokens(self, edit, user_data, error);
}

/**
 * sori_store_revision_id_is_valid:
 *
 * Returns: %TRUE for "<16 characters of UTC time>-<12 hex digits>"
 */
gboolean
sori_store_revision_id_is_valid(const gchar *revision)
{
	if (revision == NULL || strlen(revision) != SORI_STORE_REVISION_ID_LEN
	    || revision[16] != '-')
		return FALSE;
	for (guint i = 0; i < SORI_STORE_REVISION_ID_LEN; i++) {
		if (i != 16 && !g_ascii_isalnum(revision[i]))
			return FALSE;
	}
	return TRUE;
}

/**
 * sori_store_find_revision:
 * @revisions: (element-type utf8): ids, from sori_store_list_revisions()
 * @digest: a catalogue's SHA-256, in hex
 *
 * Returns: (nullable): the id of the revision with that content
 */
const gchar *
sori_store_find_revision(GPtrArray *revisions, const gchar *digest)
{
	for (guint i = 0; i < revisions->len; i++) {
		const gchar *id = g_ptr_array_index(revisions, i);
		if (strncmp(id + 17, digest, 12) == 0)
			return id;
	}
	return NULL;
}
