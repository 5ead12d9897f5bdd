/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The PostgreSQL store's tokens: one document, hashes only, told to every node.
 */

#define G_LOG_DOMAIN "sori-store"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sori-file.h"
#include "sori-metrics.h"
#include "sori-problem.h"
#include "sori-store-postgres-private.h"
#include "sori-tokens.h"

/* ---- tokens: one document, hashes only, told to every node ---- */

/* the tokens document, read again when a node changed it and after a reconnection */
gboolean
sori_store_postgres_read_tokens(SoriStorePostgres *self, GError **error)
{
	g_autoptr(PGresult) res = NULL;

	res = sori_store_postgres_exec(self, "SELECT document FROM sori_tokens WHERE id = 1", 0,
				       NULL, PGRES_TUPLES_OK, "reading the tokens", error);
	if (res == NULL)
		return FALSE;
	if (PQntuples(res) == 0)
		return sori_tokens_load_data(self->tokens, "", 0, error);
	return sori_tokens_load_data(self->tokens, PQgetvalue(res, 0, 0),
				     (gsize) PQgetlength(res, 0, 0), error);
}

/* what every curator's request asks: the tokens in memory are current, since every
 * change is told (sori_tokens), and while the database is away the last ones count */
gboolean
sori_store_postgres_reload_tokens(SoriStore *store, GError **error)
{
	return TRUE;
}

/* whether an unknown token may read the tokens again now: a budget of
 * TOKENS_REREAD_BURST reads, one given back every TOKENS_REREAD_US, so that a
 * read the notification of a revoke caused a moment ago does not refuse the
 * token made right after, and a stream of made-up tokens costs little */
static gboolean
sori_store_postgres_may_reread_tokens(SoriStorePostgres *self)
{
	gint64 now = g_get_monotonic_time();
	gint64 due = MAX(self->tokens_reread_due, now);

	if (due - now > (TOKENS_REREAD_BURST - 1) * TOKENS_REREAD_US)
		return FALSE;
	self->tokens_reread_due = due + TOKENS_REREAD_US;
	return TRUE;
}

/* A token unknown here may be one a curator has just made on another node or
 * with sorictl: its notification can come after the curator's first request.
 * The tokens are read again then, while the database is there and the
 * rereads' budget allows. */
const gchar *
sori_store_postgres_verify_token(SoriStore *store, const gchar *token, const gchar *venue,
				 gboolean *allowed)
{
	SoriStorePostgres *self = SORI_STORE_POSTGRES(store);
	const gchar *id = sori_tokens_verify(self->tokens, token, venue, allowed);
	g_autoptr(GError) error = NULL;

	if (id != NULL || !self->listening || !sori_store_postgres_may_reread_tokens(self))
		return id;
	if (!sori_store_postgres_read_tokens(self, &error)) {
		g_warning("reading the tokens again: %s", error->message);
		return NULL;
	}
	return sori_tokens_verify(self->tokens, token, venue, allowed);
}

/**
 * sori_store_postgres_edit_tokens:
 * @edit: (scope call): changes the tokens in memory; %FALSE with @error to change nothing
 *
 * Reads the tokens document under a row lock, lets @edit change it, writes
 * it back and tells every node, in one transaction: sorictl's token add and
 * revoke, from any machine, never lose another's change.
 */
gboolean
sori_store_postgres_edit_tokens(SoriStorePostgres *self, SoriStoreTokensFunc edit,
				gpointer user_data, GError **error)
{
	g_autoptr(PGresult) res = NULL;
	g_autoptr(SoriTokens) tokens = sori_tokens_new(NULL);
	g_autofree gchar *text = NULL;

	if (!sori_store_postgres_command(self, "BEGIN", 0, NULL, "changing the tokens", error)
	    || !sori_store_postgres_command(
		    self,
		    "INSERT INTO sori_tokens (id, document) VALUES (1, '') ON CONFLICT DO NOTHING",
		    0, NULL, "changing the tokens", error))
		return FALSE;
	res = sori_store_postgres_exec(self,
				       "SELECT document FROM sori_tokens WHERE id = 1 FOR UPDATE",
				       0, NULL, PGRES_TUPLES_OK, "changing the tokens", error);
	if (res == NULL
	    || !sori_tokens_load_data(tokens, PQgetvalue(res, 0, 0), (gsize) PQgetlength(res, 0, 0),
				      error)
	    || !edit(tokens, user_data, error)) {
		sori_store_postgres_rollback(self);
		return FALSE;
	}
	text = sori_tokens_to_data(tokens);
	{
		const gchar *params[] = { text };
		if (!sori_store_postgres_command(
			    self, "UPDATE sori_tokens SET document = $1 WHERE id = 1", 1, params,
			    "changing the tokens", error)
		    || !sori_store_postgres_notify(self, "sori_tokens", "", error)) {
			sori_store_postgres_rollback(self);
			return FALSE;
		}
	}
	if (!sori_store_postgres_command(self, "COMMIT", 0, NULL, "changing the tokens", error))
		return FALSE;
	return sori_tokens_load_data(self->tokens, text, strlen(text), error);
}
