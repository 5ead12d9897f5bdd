/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-catalogue.h"
#include "sori-map.h"

G_BEGIN_DECLS

/*
 * A route put into words, as the Wayfindr standard (ITU-T F.921) words
 * directions: each step oriented from where it starts ("At the bench against
 * the wall, turn left and …"), "move" rather than "walk", turns by angle
 * (sori_turn_from_angle()), and on arrival the destination's layout.
 */

typedef enum {
	SORI_TURN_STRAIGHT,
	SORI_TURN_SLIGHT_LEFT,
	SORI_TURN_LEFT,
	SORI_TURN_SHARP_LEFT,
	SORI_TURN_SLIGHT_RIGHT,
	SORI_TURN_RIGHT,
	SORI_TURN_SHARP_RIGHT,
	SORI_TURN_AROUND,
} SoriTurn;

typedef struct {
	gchar *instruction;
	gdouble distance_m;
	gboolean arrive; /* the last step: no way, the destination described */
	SoriWayKind via;
	gint floor_from;
	gint floor_to;
	const SoriPlace *start;
	const SoriPlace *end;
	guint first_leg; /* the route's legs this step walks */
	guint n_legs;
} SoriDirectionStep;

typedef struct {
	const gchar *lang; /* the language the instructions are in */
	GPtrArray *steps;  /* element-type SoriDirectionStep */
} SoriDirections;

void sori_directions_free(SoriDirections *directions);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SoriDirections, sori_directions_free)

SoriTurn sori_turn_from_angle(gdouble degrees);
const gchar *sori_turn_to_string(SoriTurn turn);
const gchar *sori_directions_choose_language(const gchar *lang, const gchar *default_lang);
const gchar *sori_directions_pick_text(JsonObject *text, const gchar *lang,
				       const gchar *default_lang);
SoriDirections *sori_directions_new(SoriMap *map, const SoriMapRoute *route, const gchar *lang,
				    const gchar *default_lang);

SoriDirections *sori_directions_find(SoriCatalogue *catalogue, const gchar *from_id,
				     const gchar *to_id, SoriProfile profile, const gchar *lang,
				     SoriMapRoute **route, GError **error);

G_END_DECLS
