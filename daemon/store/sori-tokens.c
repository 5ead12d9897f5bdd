/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Curators' bearer tokens. A token is 256 random bits, shown once when it is
 * made; the tokens file (mode 0600) keeps only its SHA-256, its name and the
 * venues it may change. Presented tokens are compared against every stored
 * hash in constant time. sorid rereads the file when it changes, so a token
 * added or revoked with sorictl counts at once, without a restart.
 */

#define G_LOG_DOMAIN "sori-admin"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sori-file.h"
#include "sori-catalogue.h"
#include "sori-hex.h"
#include "sori-json.h"
#include "sori-tokens.h"

#define TOKEN_PREFIX "sori_"
#define TOKENS_MAX   10000
/* what one token may cover, and the largest tokens file read */
#define SORI_TOKENS_MAX_VENUES 1000
#define SORI_TOKENS_MAX_BYTES  (16 * 1024 * 1024)

typedef struct {
	gchar *name;
	guint8 hash[32];
	gchar **venues; /* "*" for every venue */
	gchar *created;
} Token;

struct _SoriTokens {
	GObject parent_instance;
	gchar *path;
	GPtrArray *tokens; /* Token */
	gint64 mtime;
	gint64 size;
	gboolean loaded;
};

G_DEFINE_TYPE(SoriTokens, sori_tokens, G_TYPE_OBJECT)

static void
sori_tokens_token_free(Token *token)
{
	if (token == NULL)
		return;
	g_free(token->name);
	g_strfreev(token->venues);
	g_free(token->created);
	g_free(token);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Token, sori_tokens_token_free)

static void
sori_tokens_finalize(GObject *object)
{
	SoriTokens *self = SORI_TOKENS(object);
	g_free(self->path);
	g_ptr_array_unref(self->tokens);
	G_OBJECT_CLASS(sori_tokens_parent_class)->finalize(object);
}

static void
sori_tokens_class_init(SoriTokensClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = sori_tokens_finalize;
}

static void
sori_tokens_init(SoriTokens *self)
{
	self->tokens = g_ptr_array_new_with_free_func((GDestroyNotify) sori_tokens_token_free);
}

/**
 * sori_tokens_new:
 * @path: (nullable): the tokens file; it need not exist yet. %NULL keeps the
 *	tokens in memory only, for a store that keeps the document itself
 *	(sori_tokens_load_data(), sori_tokens_to_data())
 */
SoriTokens *
sori_tokens_new(const gchar *path)
{
	SoriTokens *self = g_object_new(SORI_TYPE_TOKENS, NULL);
	self->path = g_strdup(path);
	return self;
}

static void
sori_tokens_hash_token(const gchar *token, guint8 hash[32])
{
	g_autoptr(GChecksum) checksum = g_checksum_new(G_CHECKSUM_SHA256);
	gsize len = 32;
	g_checksum_update(checksum, (const guchar *) token, strlen(token));
	g_checksum_get_digest(checksum, hash, &len);
}

/* one entry of the tokens file; %NULL when it is malformed */
static Token *
sori_tokens_parse_entry(JsonNode *node)
{
	g_autoptr(Token) token = g_new0(Token, 1);
	JsonObject *entry = sori_json_node_get_object(node);
	JsonArray *venues = sori_json_object_get_array(entry, "venues");
	const gchar *name = sori_json_object_get_string(entry, "name");
	const gchar *created = sori_json_object_get_string(entry, "created");
	guint n_venues = venues != NULL ? json_array_get_length(venues) : 0;

	if (venues == NULL || n_venues > SORI_TOKENS_MAX_VENUES
	    || !sori_hex_decode_exact(sori_json_object_get_string(entry, "sha256"), SORI_HEX_NONE,
				      token->hash, sizeof(token->hash)))
		return NULL;
	token->name = g_strdup(name != NULL ? name : "");
	token->created = g_strdup(created != NULL ? created : "");
	token->venues = g_new0(gchar *, n_venues + 1);
	for (guint v = 0; v < n_venues; v++) {
		JsonNode *venue = json_array_get_element(venues, v);
		if (!JSON_NODE_HOLDS_VALUE(venue)
		    || json_node_get_value_type(venue) != G_TYPE_STRING)
			return NULL;
		token->venues[v] = g_strdup(json_node_get_string(venue));
	}
	return g_steal_pointer(&token);
}

/**
 * sori_tokens_parse:
 * @data: the tokens file's content
 * @path: its name, for the messages
 *
 * Returns: (transfer container) (element-type Token) (nullable): the tokens
 *	of a well-formed file; %NULL with %SORI_TOKENS_ERROR_INVALID otherwise
 */
GPtrArray *
sori_tokens_parse(const gchar *data, gsize len, const gchar *path, GError **error)
{
	g_autoptr(JsonNode) root = NULL;
	g_autoptr(GPtrArray) tokens
		= g_ptr_array_new_with_free_func((GDestroyNotify) sori_tokens_token_free);
	g_autoptr(GError) error_local = NULL;
	JsonArray *array;

	root = sori_json_parse(data, len, 8, &error_local);
	if (root == NULL) {
		g_set_error(error, SORI_TOKENS_ERROR, SORI_TOKENS_ERROR_INVALID, "%s: %s", path,
			    error_local->message);
		return NULL;
	}
	array = sori_json_object_get_array(sori_json_node_get_object(root), "tokens");
	if (array == NULL) {
		g_set_error(error, SORI_TOKENS_ERROR, SORI_TOKENS_ERROR_INVALID,
			    "%s: expected {\"format\": \"sori-tokens/1\", \"tokens\": […]}", path);
		return NULL;
	}
	for (guint i = 0; i < json_array_get_length(array) && i < TOKENS_MAX; i++) {
		Token *token = sori_tokens_parse_entry(json_array_get_element(array, i));
		if (token == NULL) {
			g_set_error(error, SORI_TOKENS_ERROR, SORI_TOKENS_ERROR_INVALID,
				    "%s: /tokens/%u is malformed", path, i);
			return NULL;
		}
		g_ptr_array_add(tokens, token);
	}
	return g_steal_pointer(&tokens);
}

/**
 * sori_tokens_load_data:
 * @data: (array length=len): a tokens document, as sori_tokens_to_data() writes it
 *
 * Replaces the tokens in memory with @data's; nothing changes when it is not
 * a tokens document.
 */
gboolean
sori_tokens_load_data(SoriTokens *self, const gchar *data, gsize len, GError **error)
{
	g_autoptr(GPtrArray) tokens = NULL;

	if (len > SORI_TOKENS_MAX_BYTES) {
		g_set_error(error, SORI_TOKENS_ERROR, SORI_TOKENS_ERROR_INVALID,
			    "the tokens document is over %u bytes", (guint) SORI_TOKENS_MAX_BYTES);
		return FALSE;
	}
	tokens = len == 0 ? g_ptr_array_new_with_free_func((GDestroyNotify) sori_tokens_token_free)
			  : sori_tokens_parse(data, len, "tokens", error);
	if (tokens == NULL)
		return FALSE;
	g_ptr_array_unref(self->tokens);
	self->tokens = g_steal_pointer(&tokens);
	self->loaded = TRUE;
	return TRUE;
}

static gboolean
sori_tokens_load(SoriTokens *self, GError **error)
{
	g_autoptr(GPtrArray) tokens = NULL;
	g_autoptr(GMappedFile) mapped = NULL;
	g_autoptr(GError) error_local = NULL;
	struct stat st;

	if (self->path == NULL) {
		self->loaded = TRUE;
		return TRUE;
	}
	if (stat(self->path, &st) != 0) {
		if (errno == ENOENT) {
			/* no file: no tokens */
			g_ptr_array_set_size(self->tokens, 0);
			self->mtime = 0;
			self->size = -1;
			self->loaded = TRUE;
			return TRUE;
		}
		g_set_error(error, SORI_TOKENS_ERROR, SORI_TOKENS_ERROR_IO, "%s: %s", self->path,
			    g_strerror(errno));
		return FALSE;
	}
	if ((st.st_mode & 077) != 0) {
		g_set_error(error, SORI_TOKENS_ERROR, SORI_TOKENS_ERROR_INSECURE,
			    "%s: the tokens file must be readable by its owner only (chmod 600 %s)",
			    self->path, self->path);
		return FALSE;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > SORI_TOKENS_MAX_BYTES) {
		g_set_error(error, SORI_TOKENS_ERROR, SORI_TOKENS_ERROR_INVALID,
			    "%s: not a file of at most %u bytes", self->path,
			    (guint) SORI_TOKENS_MAX_BYTES);
		return FALSE;
	}
	mapped = g_mapped_file_new(self->path, FALSE, &error_local);
	if (mapped == NULL) {
		g_set_error(error, SORI_TOKENS_ERROR, SORI_TOKENS_ERROR_IO, "%s",
			    error_local->message);
		return FALSE;
	}
	tokens = sori_tokens_parse(g_mapped_file_get_contents(mapped),
				   g_mapped_file_get_length(mapped), self->path, error);
	if (tokens == NULL)
		return FALSE;
	g_ptr_array_unref(self->tokens);
	self->tokens = g_steal_pointer(&tokens);
	self->mtime = st.st_mtim.tv_sec * G_GINT64_CONSTANT(1000000000) + st.st_mtim.tv_nsec;
	self->size = st.st_size;
	self->loaded = TRUE;
	return TRUE;
}

/**
 * sori_tokens_reload_if_changed:
 *
 * Rereads the file when its size or modification time changed since the last read.
 */
gboolean
sori_tokens_reload_if_changed(SoriTokens *self, GError **error)
{
	struct stat st;
	if (self->path == NULL)
		return TRUE;
	if (self->loaded) {
		gboolean exists = stat(self->path, &st) == 0;
		gint64 mtime = exists ? st.st_mtim.tv_sec * G_GINT64_CONSTANT(1000000000)
						+ st.st_mtim.tv_nsec
				      : 0;
		if ((!exists && self->size == -1)
		    || (exists && mtime == self->mtime && st.st_size == self->size))
			return TRUE;
	}
	return sori_tokens_load(self, error);
}

/**
 * sori_tokens_to_data:
 *
 * Returns: (transfer full): the tokens document: names, hashes, venues, dates
 */
gchar *
sori_tokens_to_data(SoriTokens *self)
{
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;

	json_builder_begin_object(b);
	json_builder_set_member_name(b, "format");
	json_builder_add_string_value(b, "sori-tokens/1");
	json_builder_set_member_name(b, "tokens");
	json_builder_begin_array(b);
	for (guint i = 0; i < self->tokens->len; i++) {
		Token *token = g_ptr_array_index(self->tokens, i);
		g_autofree gchar *hex = sori_hex_encode(token->hash, sizeof(token->hash));
		json_builder_begin_object(b);
		json_builder_set_member_name(b, "name");
		json_builder_add_string_value(b, token->name);
		json_builder_set_member_name(b, "sha256");
		json_builder_add_string_value(b, hex);
		json_builder_set_member_name(b, "venues");
		json_builder_begin_array(b);
		for (guint v = 0; token->venues[v] != NULL; v++)
			json_builder_add_string_value(b, token->venues[v]);
		json_builder_end_array(b);
		json_builder_set_member_name(b, "created");
		json_builder_add_string_value(b, token->created);
		json_builder_end_object(b);
	}
	json_builder_end_array(b);
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	return json_to_string(root, TRUE);
}

static gboolean
sori_tokens_save(SoriTokens *self, GError **error)
{
	g_autofree gchar *text = NULL;

	/* in memory only: the store keeps the document (sori_tokens_to_data()) */
	if (self->path == NULL)
		return TRUE;
	text = sori_tokens_to_data(self);
	if (!sori_file_replace(self->path, (const guint8 *) text, strlen(text), 0600, error))
		return FALSE;
	return sori_tokens_load(self, error);
}

/**
 * sori_tokens_add:
 * @name: a name for the token: who holds it, what for
 * @venues: the venues it may change; `*` for all
 *
 * Returns: (transfer full) (nullable): the token, which is not kept and cannot be shown again
 */
gchar *
sori_tokens_add(SoriTokens *self, const gchar *name, const gchar *const *venues, GError **error)
{
	guint8 secret[32];
	g_autofree gchar *encoded = NULL;
	g_autofree gchar *token_text = NULL;
	g_autoptr(GDateTime) now = g_date_time_new_now_utc();
	Token *token;

	if (!sori_tokens_reload_if_changed(self, error))
		return NULL;
	if (name == NULL || *name == '\0' || strlen(name) > 64 || venues == NULL
	    || venues[0] == NULL) {
		g_set_error(error, SORI_TOKENS_ERROR, SORI_TOKENS_ERROR_INVALID,
			    "a token needs a name (at most 64 characters) and at least one venue");
		return NULL;
	}
	for (guint i = 0; i < self->tokens->len; i++) {
		if (g_str_equal(((Token *) g_ptr_array_index(self->tokens, i))->name, name)) {
			g_set_error(error, SORI_TOKENS_ERROR, SORI_TOKENS_ERROR_EXISTS,
				    "there is a token named '%s' already", name);
			return NULL;
		}
	}
	if (getrandom(secret, sizeof(secret), 0) != sizeof(secret)) {
		g_set_error(error, SORI_TOKENS_ERROR, SORI_TOKENS_ERROR_IO, "no randomness: %s",
			    g_strerror(errno));
		return NULL;
	}
	encoded = g_base64_encode(secret, sizeof(secret));
	/* base64url, no padding: safe in headers and shells */
	g_strdelimit(encoded, "+", '-');
	g_strdelimit(encoded, "/", '_');
	g_strdelimit(encoded, "=", '\0');
	token_text = g_strconcat(TOKEN_PREFIX, encoded, NULL);
	memset(secret, 0, sizeof(secret));
	token = g_new0(Token, 1);
	token->name = g_strdup(name);
	token->venues = g_strdupv((gchar **) venues);
	token->created = g_date_time_format_iso8601(now);
	sori_tokens_hash_token(token_text, token->hash);
	g_ptr_array_add(self->tokens, token);
	if (!sori_tokens_save(self, error))
		return NULL;
	return g_steal_pointer(&token_text);
}

gboolean
sori_tokens_revoke(SoriTokens *self, const gchar *name, GError **error)
{
	if (!sori_tokens_reload_if_changed(self, error))
		return FALSE;
	for (guint i = 0; i < self->tokens->len; i++) {
		if (g_str_equal(((Token *) g_ptr_array_index(self->tokens, i))->name, name)) {
			g_ptr_array_remove_index(self->tokens, i);
			return sori_tokens_save(self, error);
		}
	}
	g_set_error(error, SORI_TOKENS_ERROR, SORI_TOKENS_ERROR_NOT_FOUND, "no token is named '%s'",
		    name);
	return FALSE;
}

/**
 * sori_tokens_list:
 *
 * Returns: (transfer full) (element-type utf8): one line per token: name, venues, created
 */
GPtrArray *
sori_tokens_list(SoriTokens *self)
{
	GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < self->tokens->len; i++) {
		Token *token = g_ptr_array_index(self->tokens, i);
		g_autofree gchar *venues = g_strjoinv(",", token->venues);
		g_ptr_array_add(lines,
				g_strdup_printf("%s\t%s\t%s", token->name, venues, token->created));
	}
	return lines;
}

/**
 * sori_tokens_verify:
 * @token: as presented
 * @venue: (nullable): the venue the request would change
 * @allowed: (out): whether the token may change @venue
 *
 * Returns: (nullable): the token's name, or %NULL for an unknown token
 */
const gchar *
sori_tokens_verify(SoriTokens *self, const gchar *token, const gchar *venue, gboolean *allowed)
{
	guint8 hash[32];
	const Token *found = NULL;

	*allowed = FALSE;
	if (token == NULL)
		return NULL;
	sori_tokens_hash_token(token, hash);
	/* every stored hash is compared, all bytes of each: no early exit to time */
	for (guint i = 0; i < self->tokens->len; i++) {
		const Token *candidate = g_ptr_array_index(self->tokens, i);
		guint8 diff = 0;
		for (guint j = 0; j < 32; j++)
			diff |= candidate->hash[j] ^ hash[j];
		if (diff == 0)
			found = candidate;
	}
	if (found == NULL)
		return NULL;
	*allowed = venue == NULL || g_strv_contains((const gchar *const *) found->venues, "*")
		   || g_strv_contains((const gchar *const *) found->venues, venue);
	return found->name;
}
