/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Resolves the Eddystone-EID ephemeral IDs that phones hear to the beacons
 * that sent them, as the venue's own trusted resolver (Google's is gone).
 *
 * For every registered beacon the table holds the EIDs of its current
 * rotation period and SORI_EID_DRIFT_PERIODS either side, so a beacon whose
 * clock drifted still resolves, and a lookup is one probe of an open-addressed
 * table. Windows slide as periods roll over: a lookup first checks one
 * timestamp, and only when some beacon's period has ended does it recompute
 * that beacon's EIDs.
 */

#define G_LOG_DOMAIN "sori-eid"

#include "config.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>

#include "sori-eid-resolver.h"
#include "sori-catalogue.h"
#include "sori-hex.h"
#include "sori-json.h"
#include "sori-location-id.h"

#define WINDOW (2 * SORI_EID_DRIFT_PERIODS + 1)

typedef struct {
	gchar *name;
	guint8 identity_key[SORI_EID_KEY_SIZE];
	guint8 exponent;
	gint64 clock_offset;
	gboolean has_window;
	gint64 quantum;       /* the period at the centre of the window */
	guint64 eids[WINDOW]; /* EIDs of periods quantum - DRIFT … quantum + DRIFT */
	gint64 next_change;   /* Unix time at which the current period ends */
	guint32 tk_epoch;     /* the top 16 bits of beacon time the cached key is for */
	gboolean tk_valid;
	guint8 temporary_key[SORI_EID_KEY_SIZE];
} Beacon;

struct _SoriEidResolver {
	GObject parent_instance;
	GArray *beacons; /* Beacon */
	GHashTable *names;
	/* open addressing, linear probing: EID → beacon index + 1 (0 is empty) */
	guint64 *keys;
	guint32 *values;
	gsize capacity;
	gsize used;
	gint64 next_change;
	gint64 window_time; /* the time the windows were last computed for */
};

G_DEFINE_TYPE(SoriEidResolver, sori_eid_resolver, G_TYPE_OBJECT)

static void
sori_eid_resolver_beacon_clear(Beacon *beacon)
{
	g_free(beacon->name);
	memset(beacon->identity_key, 0, sizeof(beacon->identity_key));
	memset(beacon->temporary_key, 0, sizeof(beacon->temporary_key));
}

static void
sori_eid_resolver_finalize(GObject *object)
{
	SoriEidResolver *self = SORI_EID_RESOLVER(object);
	g_array_unref(self->beacons);
	g_hash_table_unref(self->names);
	g_free(self->keys);
	g_free(self->values);
	G_OBJECT_CLASS(sori_eid_resolver_parent_class)->finalize(object);
}

static void
sori_eid_resolver_class_init(SoriEidResolverClass *klass)
{
	G_OBJECT_CLASS(klass)->finalize = sori_eid_resolver_finalize;
}

static void
sori_eid_resolver_init(SoriEidResolver *self)
{
	self->beacons = g_array_new(FALSE, TRUE, sizeof(Beacon));
	g_array_set_clear_func(self->beacons, (GDestroyNotify) sori_eid_resolver_beacon_clear);
	self->names = g_hash_table_new(g_str_hash, g_str_equal);
	self->next_change = G_MININT64;
	self->window_time = G_MININT64;
}

SoriEidResolver *
sori_eid_resolver_new(void)
{
	return g_object_new(SORI_TYPE_EID_RESOLVER, NULL);
}

/* ------------------------------------------------------------------------ */
/* the table */

static gsize
sori_eid_resolver_slot_of(SoriEidResolver *self, guint64 key)
{
	/* EIDs are AES output, already uniform: the low bits will do, mixed a little */
	return (gsize) ((key ^ (key >> 29)) & (self->capacity - 1));
}

static void sori_eid_resolver_table_insert(SoriEidResolver *self, guint64 key, guint32 value);

static void
sori_eid_resolver_table_grow(SoriEidResolver *self, gsize capacity)
{
	guint64 *old_keys = self->keys;
	guint32 *old_values = self->values;
	gsize old_capacity = self->capacity;

	self->keys = g_new0(guint64, capacity);
	self->values = g_new0(guint32, capacity);
	self->capacity = capacity;
	self->used = 0;
	for (gsize i = 0; i < old_capacity; i++) {
		if (old_values[i] != 0)
			sori_eid_resolver_table_insert(self, old_keys[i], old_values[i]);
	}
	g_free(old_keys);
	g_free(old_values);
}

static void
sori_eid_resolver_table_insert(SoriEidResolver *self, guint64 key, guint32 value)
{
	gsize i;

	/* at most half full, so probes stay short */
	if ((self->used + 1) * 2 > self->capacity)
		sori_eid_resolver_table_grow(self, MAX(self->capacity * 2, 1024));
	for (i = sori_eid_resolver_slot_of(self, key); self->values[i] != 0;
	     i = (i + 1) & (self->capacity - 1)) {
		/* two beacons with one EID in the same hour: 2^-64 odds; the first keeps it */
		if (self->keys[i] == key)
			return;
	}
	self->keys[i] = key;
	self->values[i] = value;
	self->used++;
}

/* removes @key if it maps to @value; backward-shift deletion keeps probing correct */
static void
sori_eid_resolver_table_remove(SoriEidResolver *self, guint64 key, guint32 value)
{
	gsize mask = self->capacity - 1;
	gsize i;
	gsize j;

	for (i = sori_eid_resolver_slot_of(self, key); self->values[i] != 0; i = (i + 1) & mask) {
		if (self->keys[i] == key)
			break;
	}
	if (self->values[i] == 0 || self->values[i] != value)
		return;
	self->values[i] = 0;
	self->used--;
	for (j = (i + 1) & mask; self->values[j] != 0; j = (j + 1) & mask) {
		gsize home = sori_eid_resolver_slot_of(self, self->keys[j]);
		/* move j back into the hole at i when its home is not between i and j */
		gboolean between = i <= j ? (home > i && home <= j) : (home > i || home <= j);
		if (!between) {
			self->keys[i] = self->keys[j];
			self->values[i] = self->values[j];
			self->values[j] = 0;
			i = j;
		}
	}
}

static guint32
sori_eid_resolver_table_lookup(SoriEidResolver *self, guint64 key)
{
	if (self->capacity == 0)
		return 0;
	for (gsize i = sori_eid_resolver_slot_of(self, key); self->values[i] != 0;
	     i = (i + 1) & (self->capacity - 1)) {
		if (self->keys[i] == key)
			return self->values[i];
	}
	return 0;
}

/* ------------------------------------------------------------------------ */
/* windows */

static guint64
sori_eid_resolver_eid_to_key(const guint8 eid[SORI_EID_SIZE])
{
	guint64 key = 0;
	for (guint i = 0; i < SORI_EID_SIZE; i++)
		key = (key << 8) | eid[i];
	return key;
}

static guint64
sori_eid_resolver_beacon_eid_for_quantum(Beacon *beacon, gint64 quantum)
{
	/* the beacon's counter is 32 bits and wraps */
	guint32 beacon_time = (guint32) ((guint64) quantum << beacon->exponent);
	guint8 eid[SORI_EID_SIZE];

	if (!beacon->tk_valid || beacon->tk_epoch != beacon_time >> 16) {
		sori_eid_temporary_key(beacon->identity_key, beacon_time, beacon->temporary_key);
		beacon->tk_epoch = beacon_time >> 16;
		beacon->tk_valid = TRUE;
	}
	sori_eid_from_temporary_key(beacon->temporary_key, beacon->exponent, beacon_time, eid);
	return sori_eid_resolver_eid_to_key(eid);
}

static void
sori_eid_resolver_beacon_update_window(SoriEidResolver *self, guint index, gint64 now)
{
	Beacon *beacon = &g_array_index(self->beacons, Beacon, index);
	gint64 beacon_time = now + beacon->clock_offset;
	/* floor division, for beacon times before the epoch of their counter */
	gint64 period = G_GINT64_CONSTANT(1) << beacon->exponent;
	gint64 quantum
		= beacon_time >= 0 ? beacon_time / period : -((-beacon_time + period - 1) / period);
	guint64 eids[WINDOW];

	if (beacon->has_window && beacon->quantum == quantum)
		return;
	for (gint j = 0; j < WINDOW; j++) {
		gint64 q = quantum - SORI_EID_DRIFT_PERIODS + j;
		gint64 offset = q - (beacon->quantum - SORI_EID_DRIFT_PERIODS);
		/* reuse what the old window computed */
		if (beacon->has_window && offset >= 0 && offset < WINDOW)
			eids[j] = beacon->eids[offset];
		else
			eids[j] = sori_eid_resolver_beacon_eid_for_quantum(beacon, q);
	}
	if (beacon->has_window) {
		for (gint j = 0; j < WINDOW; j++)
			sori_eid_resolver_table_remove(self, beacon->eids[j], index + 1);
	}
	for (gint j = 0; j < WINDOW; j++)
		sori_eid_resolver_table_insert(self, eids[j], index + 1);
	memcpy(beacon->eids, eids, sizeof(eids));
	beacon->quantum = quantum;
	beacon->has_window = TRUE;
	beacon->next_change = (quantum + 1) * period - beacon->clock_offset;
}

static void
sori_eid_resolver_update_windows(SoriEidResolver *self, gint64 now)
{
	gint64 next = G_MAXINT64;

	/* a clock that went backwards recomputes everything, as any change does */
	if (now >= self->next_change || now < self->window_time) {
		for (guint i = 0; i < self->beacons->len; i++) {
			Beacon *beacon = &g_array_index(self->beacons, Beacon, i);
			sori_eid_resolver_beacon_update_window(self, i, now);
			next = MIN(next, beacon->next_change);
		}
		self->next_change = next;
		self->window_time = now;
	}
}

/**
 * sori_eid_resolver_add:
 * @name: the beacon's name, as catalogues bind it (`eid:<name>`)
 * @identity_key: its 128-bit identity key
 * @exponent: its rotation period exponent, 0 to 15
 * @clock_offset: its time counter minus Unix time, in seconds
 *
 * Returns: %FALSE if the name is taken or malformed, or the exponent out of range
 */
gboolean
sori_eid_resolver_add(SoriEidResolver *self, const gchar *name,
		      const guint8 identity_key[SORI_EID_KEY_SIZE], guint8 exponent,
		      gint64 clock_offset, GError **error)
{
	Beacon beacon = { 0 };

	if (!sori_location_id_is_valid_eid_name(name, strlen(name))) {
		g_set_error(error, SORI_EID_RESOLVER_ERROR, SORI_EID_RESOLVER_ERROR_INVALID,
			    "'%s' is not a beacon name: 1 to 64 characters from a-z, 0-9, '-', "
			    "'_' and '.', and not 16 hexadecimal digits",
			    name);
		return FALSE;
	}
	if (exponent > SORI_EID_EXPONENT_MAX) {
		g_set_error(error, SORI_EID_RESOLVER_ERROR, SORI_EID_RESOLVER_ERROR_INVALID,
			    "rotation exponent %u is out of range (0 to 15)", exponent);
		return FALSE;
	}
	if (g_hash_table_contains(self->names, name)) {
		g_set_error(error, SORI_EID_RESOLVER_ERROR, SORI_EID_RESOLVER_ERROR_INVALID,
			    "beacon '%s' is registered twice", name);
		return FALSE;
	}
	if (self->beacons->len >= SORI_EID_REGISTRY_MAX) {
		g_set_error(error, SORI_EID_RESOLVER_ERROR, SORI_EID_RESOLVER_ERROR_INVALID,
			    "more than %u beacons", (guint) SORI_EID_REGISTRY_MAX);
		return FALSE;
	}
	beacon.name = g_strdup(name);
	memcpy(beacon.identity_key, identity_key, SORI_EID_KEY_SIZE);
	beacon.exponent = exponent;
	beacon.clock_offset = clock_offset;
	g_array_append_val(self->beacons, beacon);
	/* the name string stays put when the array grows */
	g_hash_table_add(self->names, beacon.name);
	/* the new beacon's window is computed at the next lookup */
	self->next_change = G_MININT64;
	return TRUE;
}

guint
sori_eid_resolver_get_size(SoriEidResolver *self)
{
	return self->beacons->len;
}

/**
 * sori_eid_resolver_lookup:
 * @eid: an ephemeral ID as heard
 * @now: the current Unix time, in seconds
 *
 * Returns: (transfer none) (nullable): the name of the beacon that sent @eid
 *	within the tolerated drift of @now
 */
const gchar *
sori_eid_resolver_lookup(SoriEidResolver *self, const guint8 eid[SORI_EID_SIZE], gint64 now)
{
	guint32 value;

	sori_eid_resolver_update_windows(self, now);
	value = sori_eid_resolver_table_lookup(self, sori_eid_resolver_eid_to_key(eid));
	if (value == 0)
		return NULL;
	return g_array_index(self->beacons, Beacon, value - 1).name;
}

/* ------------------------------------------------------------------------ */
/* the registry file */

/* one beacon of the registry, added; %FALSE with an error naming its field */
static gboolean
sori_eid_resolver_add_entry(SoriEidResolver *self, JsonNode *node, guint i, GError **error)
{
	static const gchar *const fields[]
		= { "name", "identity_key", "exponent", "clock_offset", "note", NULL };
	JsonObject *entry = sori_json_node_get_object(node);
	JsonObjectIter iter;
	const gchar *member;
	const gchar *name;
	guint8 key[SORI_EID_KEY_SIZE];
	gint64 exponent = -1;
	gint64 offset = 0;
	gboolean ok;

	if (entry == NULL) {
		g_set_error(error, SORI_EID_RESOLVER_ERROR, SORI_EID_RESOLVER_ERROR_INVALID,
			    "/beacons/%u: expected an object", i);
		return FALSE;
	}
	json_object_iter_init(&iter, entry);
	while (json_object_iter_next(&iter, &member, NULL)) {
		if (!g_strv_contains(fields, member)) {
			g_set_error(error, SORI_EID_RESOLVER_ERROR, SORI_EID_RESOLVER_ERROR_INVALID,
				    "/beacons/%u/%s: unknown field", i, member);
			return FALSE;
		}
	}
	name = sori_json_object_get_string(entry, "name");
	if (name == NULL) {
		g_set_error(error, SORI_EID_RESOLVER_ERROR, SORI_EID_RESOLVER_ERROR_INVALID,
			    "/beacons/%u/name: required", i);
		return FALSE;
	}
	if (!sori_hex_decode_exact(sori_json_object_get_string(entry, "identity_key"),
				   SORI_HEX_NONE, key, SORI_EID_KEY_SIZE)) {
		g_set_error(error, SORI_EID_RESOLVER_ERROR, SORI_EID_RESOLVER_ERROR_INVALID,
			    "/beacons/%u/identity_key: expected 32 hexadecimal digits", i);
		return FALSE;
	}
	if (!sori_json_object_get_int(entry, "exponent", &exponent) || exponent < 0
	    || exponent > SORI_EID_EXPONENT_MAX) {
		memset(key, 0, sizeof(key));
		g_set_error(error, SORI_EID_RESOLVER_ERROR, SORI_EID_RESOLVER_ERROR_INVALID,
			    "/beacons/%u/exponent: expected an integer from 0 to 15", i);
		return FALSE;
	}
	if (!sori_json_object_get_int(entry, "clock_offset", &offset)
	    || offset < -(G_GINT64_CONSTANT(1) << 33) || offset > (G_GINT64_CONSTANT(1) << 33)) {
		memset(key, 0, sizeof(key));
		g_set_error(error, SORI_EID_RESOLVER_ERROR, SORI_EID_RESOLVER_ERROR_INVALID,
			    "/beacons/%u/clock_offset: expected the beacon's counter minus Unix "
			    "time, in seconds",
			    i);
		return FALSE;
	}
	ok = sori_eid_resolver_add(self, name, key, (guint8) exponent, offset, error);
	/* a copy of the key is a clone of the beacon: none is left lying about */
	memset(key, 0, sizeof(key));
	if (!ok)
		g_prefix_error(error, "/beacons/%u: ", i);
	return ok;
}

/**
 * sori_eid_resolver_load_registry_data:
 * @data: the registry's content
 * @path: its name, for the messages
 *
 * Returns: %TRUE when every beacon of @data was added
 */
gboolean
sori_eid_resolver_load_registry_data(SoriEidResolver *self, const gchar *data, gsize len,
				     const gchar *path, GError **error)
{
	g_autoptr(JsonNode) node = NULL;
	g_autoptr(GError) error_local = NULL;
	JsonObject *root;
	JsonArray *beacons;

	node = sori_json_parse(data, len, 8, &error_local);
	if (node == NULL) {
		g_set_error(error, SORI_EID_RESOLVER_ERROR, SORI_EID_RESOLVER_ERROR_INVALID,
			    "%s: %s", path, error_local->message);
		return FALSE;
	}
	root = sori_json_node_get_object(node);
	beacons = sori_json_object_get_array(root, "beacons");
	if (g_strcmp0(sori_json_object_get_string(root, "format"), "sori-beacon-registry/1") != 0
	    || beacons == NULL) {
		g_set_error(
			error, SORI_EID_RESOLVER_ERROR, SORI_EID_RESOLVER_ERROR_INVALID,
			"%s: expected {\"format\": \"sori-beacon-registry/1\", \"beacons\": […]}",
			path);
		return FALSE;
	}
	for (guint i = 0; i < json_array_get_length(beacons); i++) {
		if (!sori_eid_resolver_add_entry(self, json_array_get_element(beacons, i), i,
						 error)) {
			g_prefix_error(error, "%s: ", path);
			return FALSE;
		}
	}
	return TRUE;
}

/**
 * sori_eid_resolver_load_registry:
 * @path: the private beacon registry, a JSON file of mode 0600
 *
 * The registry holds identity keys: a copy is a clone of every beacon, so a
 * file that others can read is refused.
 *
 * Returns: %TRUE when every beacon of the file was added
 */
gboolean
sori_eid_resolver_load_registry(SoriEidResolver *self, const gchar *path, GError **error)
{
	g_autoptr(GMappedFile) mapped = NULL;
	g_autoptr(GError) error_local = NULL;
	struct stat st;

	if (stat(path, &st) != 0) {
		g_set_error(error, SORI_EID_RESOLVER_ERROR, SORI_EID_RESOLVER_ERROR_IO, "%s: %s",
			    path, g_strerror(errno));
		return FALSE;
	}
	if (!S_ISREG(st.st_mode) || (st.st_mode & 077) != 0) {
		g_set_error(error, SORI_EID_RESOLVER_ERROR, SORI_EID_RESOLVER_ERROR_INSECURE,
			    "%s: the beacon registry holds secret keys and must be a file only "
			    "its owner can read (chmod 600 %s)",
			    path, path);
		return FALSE;
	}
	if (st.st_size > 64 * 1024 * 1024) {
		g_set_error(error, SORI_EID_RESOLVER_ERROR, SORI_EID_RESOLVER_ERROR_INVALID,
			    "%s: larger than 64 MiB", path);
		return FALSE;
	}
	mapped = g_mapped_file_new(path, FALSE, &error_local);
	if (mapped == NULL) {
		g_set_error(error, SORI_EID_RESOLVER_ERROR, SORI_EID_RESOLVER_ERROR_IO, "%s",
			    error_local->message);
		return FALSE;
	}
	return sori_eid_resolver_load_registry_data(self, g_mapped_file_get_contents(mapped),
						    g_mapped_file_get_length(mapped), path, error);
}
