/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Eddystone-EID. The vectors were computed independently of nettle, with
 * OpenSSL's AES-128-ECB following the two steps of the EID specification
 * (temporary key, then EID).
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sori-eid-resolver.h"
#include "sori-eid.h"

static void
unhex(const gchar *hex, guint8 *out, gsize n)
{
	g_assert_cmpuint(strlen(hex), ==, 2 * n);
	for (gsize i = 0; i < n; i++)
		out[i] = (guint8) (g_ascii_xdigit_value(hex[2 * i]) << 4
				   | g_ascii_xdigit_value(hex[2 * i + 1]));
}

static gchar *
tohex(const guint8 *data, gsize n)
{
	GString *s = g_string_new(NULL);
	for (gsize i = 0; i < n; i++)
		g_string_append_printf(s, "%02x", data[i]);
	return g_string_free(s, FALSE);
}

static void
test_vectors(void)
{
	struct {
		const gchar *identity_key;
		guint8 exponent;
		guint32 time;
		const gchar *temporary_key;
		const gchar *eid;
	} vectors[] = {
		{ "0102030405060708090a0b0c0d0e0f10", 10, 305419896,
		  "2e7612633fca946986944533f3f7e9c4", "88164c9e51dfbc05" },
		{ "553c66da1485e9f78849de00f2cb178e", 12, 0, "91e3e18b5dbf638e6b3f6c9e1e676026",
		  "326624ee16c9cc77" },
		{ "553c66da1485e9f78849de00f2cb178e", 12, 4096, "91e3e18b5dbf638e6b3f6c9e1e676026",
		  "8f56056bce87688d" },
		{ "ffffffffffffffffffffffffffffffff", 0, 4294967295u,
		  "c0afb9920f3133cf8ee539892189c4fe", "82dfcbb6a21e9a1a" },
		{ "00000000000000000000000000000000", 15, 65535, "3bce0eb045d5cc1fe00583ae08832823",
		  "ffbe3814546f36c1" },
		{ "00000000000000000000000000000000", 15, 65536, "50d40e022562cab6c25279b9e8a8829c",
		  "3408714409e1d6e5" },
	};
	for (guint i = 0; i < G_N_ELEMENTS(vectors); i++) {
		guint8 ik[16];
		guint8 tk[16];
		guint8 eid[8];
		g_autofree gchar *tk_hex = NULL;
		g_autofree gchar *eid_hex = NULL;

		unhex(vectors[i].identity_key, ik, 16);
		sori_eid_temporary_key(ik, vectors[i].time, tk);
		tk_hex = tohex(tk, 16);
		g_assert_cmpstr(tk_hex, ==, vectors[i].temporary_key);
		sori_eid_compute(ik, vectors[i].exponent, vectors[i].time, eid);
		eid_hex = tohex(eid, 8);
		g_assert_cmpstr(eid_hex, ==, vectors[i].eid);
	}
}

static void
test_rotation(void)
{
	guint8 ik[16];
	guint8 a[8];
	guint8 b[8];

	unhex("553c66da1485e9f78849de00f2cb178e", ik, 16);
	/* within one period of 2^12 s the EID holds; at the next it changes */
	sori_eid_compute(ik, 12, 0, a);
	sori_eid_compute(ik, 12, 4095, b);
	g_assert_cmpmem(a, 8, b, 8);
	sori_eid_compute(ik, 12, 4096, b);
	g_assert_true(memcmp(a, b, 8) != 0);
	/* the exponent is part of the input: same time, other K, other EID */
	sori_eid_compute(ik, 11, 0, b);
	g_assert_true(memcmp(a, b, 8) != 0);
}

/* ------------------------------------------------------------------------ */
/* the resolver */

#define N_BEACONS 10000

typedef struct {
	SoriEidResolver *resolver;
	guint8 keys[N_BEACONS][16];
	guint8 exponents[N_BEACONS];
	gint64 offsets[N_BEACONS];
} Fleet;

static Fleet *
fleet_new(void)
{
	Fleet *fleet = g_new0(Fleet, 1);
	GRand *rand = g_rand_new_with_seed(42);

	fleet->resolver = sori_eid_resolver_new();
	for (guint i = 0; i < N_BEACONS; i++) {
		g_autofree gchar *name = g_strdup_printf("beacon-%u", i);
		g_autoptr(GError) error = NULL;
		for (guint j = 0; j < 16; j++)
			fleet->keys[i][j] = (guint8) g_rand_int_range(rand, 0, 256);
		fleet->exponents[i] = (guint8) g_rand_int_range(rand, 4, 16);
		/* beacon counters start anywhere, as provisioning left them */
		fleet->offsets[i] = g_rand_int_range(rand, -1800000000, 100000);
		g_assert_true(sori_eid_resolver_add(fleet->resolver, name, fleet->keys[i],
						    fleet->exponents[i], fleet->offsets[i],
						    &error));
		g_assert_no_error(error);
	}
	g_rand_free(rand);
	return fleet;
}

static void
fleet_free(Fleet *fleet)
{
	g_object_unref(fleet->resolver);
	g_free(fleet);
}

/* the EID that beacon @i sends at Unix time @now, its clock @drift seconds off */
static void
fleet_eid(Fleet *fleet, guint i, gint64 now, gint64 drift, guint8 eid[8])
{
	guint32 beacon_time = (guint32) (now + fleet->offsets[i] + drift);
	sori_eid_compute(fleet->keys[i], fleet->exponents[i], beacon_time, eid);
}

static void
test_resolve_drift(void)
{
	Fleet *fleet = fleet_new();
	gint64 now = 1795000000;

	g_assert_cmpuint(sori_eid_resolver_get_size(fleet->resolver), ==, N_BEACONS);
	for (guint i = 0; i < N_BEACONS; i += 97) {
		g_autofree gchar *name = g_strdup_printf("beacon-%u", i);
		gint64 period = G_GINT64_CONSTANT(1) << fleet->exponents[i];
		guint8 eid[8];

		/* in step, and drifted by up to the tolerated periods either way */
		for (gint d = -SORI_EID_DRIFT_PERIODS; d <= SORI_EID_DRIFT_PERIODS; d++) {
			/* the middle of a period, so that the drift is exactly d periods */
			gint64 t = now - ((now + fleet->offsets[i]) % period) + period / 2;
			fleet_eid(fleet, i, t, d * period, eid);
			g_assert_cmpstr(sori_eid_resolver_lookup(fleet->resolver, eid, t), ==,
					name);
		}
		/* further off: not resolved, as a replayed old EID is not */
		{
			gint64 t = now - ((now + fleet->offsets[i]) % period) + period / 2;
			fleet_eid(fleet, i, t, -(SORI_EID_DRIFT_PERIODS + 1) * period, eid);
			g_assert_null(sori_eid_resolver_lookup(fleet->resolver, eid, t));
			fleet_eid(fleet, i, t, (SORI_EID_DRIFT_PERIODS + 1) * period, eid);
			g_assert_null(sori_eid_resolver_lookup(fleet->resolver, eid, t));
		}
	}
	/* random junk resolves to nothing */
	{
		guint8 junk[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
		g_assert_null(sori_eid_resolver_lookup(fleet->resolver, junk, now));
	}
	fleet_free(fleet);
}

static void
test_resolve_over_time(void)
{
	Fleet *fleet = fleet_new();
	gint64 start = 1795000000;

	/* as time passes, across many period boundaries and a temporary-key
	 * roll-over (every 65,536 s), what each beacon sends now keeps resolving */
	for (gint64 t = start; t < start + 200000; t += 997) {
		guint i = (guint) (t % N_BEACONS);
		g_autofree gchar *name = g_strdup_printf("beacon-%u", i);
		guint8 eid[8];
		fleet_eid(fleet, i, t, 0, eid);
		g_assert_cmpstr(sori_eid_resolver_lookup(fleet->resolver, eid, t), ==, name);
	}
	fleet_free(fleet);
}

static void
test_add_invalid(void)
{
	g_autoptr(SoriEidResolver) resolver = sori_eid_resolver_new();
	g_autoptr(GError) error = NULL;
	guint8 key[16] = { 0 };

	g_assert_true(sori_eid_resolver_add(resolver, "lobby-1", key, 10, 0, &error));
	g_assert_false(sori_eid_resolver_add(resolver, "lobby-1", key, 10, 0, &error));
	g_assert_error(error, SORI_EID_RESOLVER_ERROR, SORI_EID_RESOLVER_ERROR_INVALID);
	g_clear_error(&error);
	g_assert_false(sori_eid_resolver_add(resolver, "Lobby", key, 10, 0, &error));
	g_clear_error(&error);
	/* a name that reads as an ephemeral ID would be ambiguous */
	g_assert_false(sori_eid_resolver_add(resolver, "0123456789abcdef", key, 10, 0, &error));
	g_clear_error(&error);
	g_assert_false(sori_eid_resolver_add(resolver, "lobby-2", key, 16, 0, &error));
	g_assert_error(error, SORI_EID_RESOLVER_ERROR, SORI_EID_RESOLVER_ERROR_INVALID);
}

static gchar *
write_registry(const gchar *text, gint mode)
{
	g_autoptr(GError) error = NULL;
	gchar *path = NULL;
	gint fd = g_file_open_tmp("sori-registry-XXXXXX.json", &path, &error);
	g_assert_no_error(error);
	g_assert_cmpint(write(fd, text, strlen(text)), ==, strlen(text));
	close(fd);
	g_assert_cmpint(g_chmod(path, mode), ==, 0);
	return path;
}

static void
test_registry_file(void)
{
	const gchar *good = "{\"format\": \"sori-beacon-registry/1\", \"beacons\": ["
			    "{\"name\": \"lobby-1\", \"identity_key\": "
			    "\"0102030405060708090a0b0c0d0e0f10\", \"exponent\": 10, "
			    "\"clock_offset\": -1489580104}]}";
	struct {
		const gchar *text;
		const gchar *message;
	} bad[] = {
		{ "[]", "expected {\"format\"" },
		{ "{\"format\": \"sori-beacon-registry/1\", \"beacons\": [{\"name\": \"x\", "
		  "\"identity_key\": \"0102\", \"exponent\": 10, \"clock_offset\": 0}]}",
		  "/beacons/0/identity_key" },
		{ "{\"format\": \"sori-beacon-registry/1\", \"beacons\": [{\"name\": \"x\", "
		  "\"identity_key\": \"0102030405060708090a0b0c0d0e0f10\", \"exponent\": 99, "
		  "\"clock_offset\": 0}]}",
		  "/beacons/0/exponent" },
		{ "{\"format\": \"sori-beacon-registry/1\", \"beacons\": [{\"name\": \"x\", "
		  "\"identity_key\": \"0102030405060708090a0b0c0d0e0f10\", \"exponent\": 9, "
		  "\"clock_offset\": 0, \"colour\": 1}]}",
		  "/beacons/0/colour: unknown field" },
	};
	g_autofree gchar *path = write_registry(good, 0600);
	g_autofree gchar *open_path = write_registry(good, 0644);
	g_autoptr(SoriEidResolver) resolver = sori_eid_resolver_new();
	g_autoptr(GError) error = NULL;
	guint8 ik[16];
	guint8 eid[8];
	/* at Unix time 1795000000 the beacon's counter reads 305419896 */
	gint64 now = 1795000000;

	g_assert_true(sori_eid_resolver_load_registry(resolver, path, &error));
	g_assert_no_error(error);
	unhex("0102030405060708090a0b0c0d0e0f10", ik, 16);
	sori_eid_compute(ik, 10, (guint32) (now - 1489580104), eid);
	g_assert_cmpstr(sori_eid_resolver_lookup(resolver, eid, now), ==, "lobby-1");
	unhex("88164c9e51dfbc05", eid, 8);
	g_assert_cmpstr(sori_eid_resolver_lookup(resolver, eid, now), ==, "lobby-1");

	/* keys that others can read are refused */
	{
		g_autoptr(SoriEidResolver) other = sori_eid_resolver_new();
		g_assert_false(sori_eid_resolver_load_registry(other, open_path, &error));
		g_assert_error(error, SORI_EID_RESOLVER_ERROR, SORI_EID_RESOLVER_ERROR_INSECURE);
		g_assert_nonnull(strstr(error->message, "chmod 600"));
		g_clear_error(&error);
	}
	for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
		g_autoptr(SoriEidResolver) other = sori_eid_resolver_new();
		g_autofree gchar *bad_path = write_registry(bad[i].text, 0600);
		g_assert_false(sori_eid_resolver_load_registry(other, bad_path, &error));
		g_assert_nonnull(strstr(error->message, bad[i].message));
		g_clear_error(&error);
		g_unlink(bad_path);
	}
	g_unlink(path);
	g_unlink(open_path);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/eid/vectors", test_vectors);
	g_test_add_func("/eid/rotation", test_rotation);
	g_test_add_func("/eid/resolver/drift", test_resolve_drift);
	g_test_add_func("/eid/resolver/over-time", test_resolve_over_time);
	g_test_add_func("/eid/resolver/add-invalid", test_add_invalid);
	g_test_add_func("/eid/resolver/registry-file", test_registry_file);
	return g_test_run();
}
