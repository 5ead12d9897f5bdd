/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The store interface: what the curators' API keeps, whatever keeps it.
 */

#include "config.h"

#include <string.h>

#include "sori-store.h"

G_DEFINE_INTERFACE(SoriStore, sori_store, G_TYPE_OBJECT)

static void
sori_store_default_init(SoriStoreInterface *iface)
{
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
