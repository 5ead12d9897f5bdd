/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Directions in Korean and English. Each language composes whole sentences
 * its own way (Korean puts the verb last and its particles depend on the
 * noun, so sentences are built to need none); a venue language sori has no
 * wording for is answered in the venue's default language, or English, and
 * the answer says which.
 */

#define G_LOG_DOMAIN "sori-map"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sori-directions.h"
#include "sori-error.h"

/* the languages directions are worded in */
static const gchar *const worded[] = { "en", "ko", NULL };

static const gchar *const turn_names[] = {
	[SORI_TURN_STRAIGHT] = "straight",
	[SORI_TURN_SLIGHT_LEFT] = "slight-left",
	[SORI_TURN_LEFT] = "left",
	[SORI_TURN_SHARP_LEFT] = "sharp-left",
	[SORI_TURN_SLIGHT_RIGHT] = "slight-right",
	[SORI_TURN_RIGHT] = "right",
	[SORI_TURN_SHARP_RIGHT] = "sharp-right",
	[SORI_TURN_AROUND] = "around",
};

void
sori_directions_free(SoriDirections *directions)
{
	if (directions == NULL)
		return;
	g_ptr_array_unref(directions->steps);
	g_free(directions);
}

static void
sori_direction_step_free(SoriDirectionStep *step)
{
	g_free(step->instruction);
	g_free(step);
}

/**
 * sori_turn_from_angle:
 * @degrees: the change of heading, anticlockwise (to the left) positive
 *
 * Bands of 45° around the eight directions, as NavCog3 words them: under
 * 22.5° is straight on, then slight (to 67.5°), a turn (to 112.5°), sharp (to
 * 157.5°) and beyond that a U-turn.
 */
SoriTurn
sori_turn_from_angle(gdouble degrees)
{
	gdouble a = fmod(degrees, 360.0);
	gboolean left;

	if (a > 180.0)
		a -= 360.0;
	else if (a <= -180.0)
		a += 360.0;
	left = a > 0;
	a = fabs(a);
	if (a < 22.5)
		return SORI_TURN_STRAIGHT;
	if (a >= 157.5)
		return SORI_TURN_AROUND;
	if (a < 67.5)
		return left ? SORI_TURN_SLIGHT_LEFT : SORI_TURN_SLIGHT_RIGHT;
	if (a < 112.5)
		return left ? SORI_TURN_LEFT : SORI_TURN_RIGHT;
	return left ? SORI_TURN_SHARP_LEFT : SORI_TURN_SHARP_RIGHT;
}

const gchar *
sori_turn_to_string(SoriTurn turn)
{
	return turn <= SORI_TURN_AROUND ? turn_names[turn] : NULL;
}

static const gchar *
sori_directions_worded(const gchar *lang)
{
	if (lang == NULL)
		return NULL;
	for (guint i = 0; worded[i] != NULL; i++) {
		gsize len = strlen(worded[i]);
		if (g_ascii_strncasecmp(lang, worded[i], len) == 0
		    && (lang[len] == '\0' || lang[len] == '-'))
			return worded[i];
	}
	return NULL;
}

/**
 * sori_directions_choose_language:
 *
 * Returns: the language directions asked for in @lang are worded in: @lang's
 *	own when sori words it, else the venue's default language's, else English
 */
const gchar *
sori_directions_choose_language(const gchar *lang, const gchar *default_lang)
{
	const gchar *chosen = sori_directions_worded(lang);
	if (chosen == NULL)
		chosen = sori_directions_worded(default_lang);
	return chosen != NULL ? chosen : "en";
}

/**
 * sori_directions_pick_text:
 * @text: (nullable): a text per language
 *
 * Returns: (nullable): @text in @lang, or a language @lang is a variant of,
 *	or the default language, or any
 */
const gchar *
sori_directions_pick_text(JsonObject *text, const gchar *lang, const gchar *default_lang)
{
	JsonObjectIter iter;
	const gchar *name;
	JsonNode *value;
	const gchar *any = NULL;

	if (text == NULL)
		return NULL;
	if (json_object_has_member(text, lang))
		return json_object_get_string_member(text, lang);
	json_object_iter_init(&iter, text);
	while (json_object_iter_next(&iter, &name, &value)) {
		gsize len = strlen(lang);
		if (g_ascii_strncasecmp(name, lang, len) == 0 && name[len] == '-')
			return json_node_get_string(value);
		if (any == NULL)
			any = json_node_get_string(value);
	}
	if (default_lang != NULL && json_object_has_member(text, default_lang))
		return json_object_get_string_member(text, default_lang);
	return any;
}

/* what one step says, in words of any language */
typedef struct {
	const gchar *lang;
	gboolean first;
	SoriTurn turn;
	const gchar *at; /* the start's landmark, or its name */
	const gchar *start;
	const gchar *end;
	const gchar *floor; /* the floor the step ends on, when it changes floor */
	gint updown;        /* +1 up, -1 down, 0 neither */
	guint metres;
	const SoriWay *way;
	SoriHandrail handrail; /* as walked */
	const gchar *note;
} SoriStepWords;

static void
sori_words_append_sentence(GString *s, const gchar *sentence)
{
	if (sentence == NULL || sentence[0] == '\0')
		return;
	if (s->len > 0)
		g_string_append_c(s, ' ');
	g_string_append(s, sentence);
	if (!g_str_has_suffix(sentence, ".") && !g_str_has_suffix(sentence, "!")
	    && !g_str_has_suffix(sentence, "?"))
		g_string_append_c(s, '.');
}

/* the sentences after a step's first, in one language */
typedef struct {
	const gchar *handrail_left;
	const gchar *handrail_right;
	const gchar *handrail_both;
	const gchar *handrail_none;
	const gchar *tactile;
	const gchar *lift_braille_audio;
	const gchar *lift_braille;
	const gchar *lift_audio;
} SoriExtraWords;

static const SoriExtraWords extras_en = {
	"The handrail is on your left",
	"The handrail is on your right",
	"There are handrails on both sides",
	"There is no handrail",
	"Follow the tactile paving",
	"The lift has braille buttons and announces each floor",
	"The lift has braille buttons",
	"The lift announces each floor",
};

static const SoriExtraWords extras_ko = {
	"손잡이는 왼쪽에 있습니다",
	"손잡이는 오른쪽에 있습니다",
	"양쪽에 손잡이가 있습니다",
	"손잡이가 없습니다",
	"점자블록을 따라가세요",
	"엘리베이터에 점자 버튼과 음성 안내가 있습니다",
	"엘리베이터에 점자 버튼이 있습니다",
	"엘리베이터에 음성 안내가 있습니다",
};

/* what a visitor needs to know of the way besides where it goes: the handrail
 * (said on stairs and ramps even when there is none), tactile paving, a
 * lift's controls */
static void
sori_words_append_extras(GString *s, const SoriStepWords *w, const SoriExtraWords *words)
{
	const SoriWay *way = w->way;

	if (w->handrail == SORI_HANDRAIL_LEFT)
		sori_words_append_sentence(s, words->handrail_left);
	else if (w->handrail == SORI_HANDRAIL_RIGHT)
		sori_words_append_sentence(s, words->handrail_right);
	else if (w->handrail == SORI_HANDRAIL_BOTH)
		sori_words_append_sentence(s, words->handrail_both);
	else if (w->handrail == SORI_HANDRAIL_NONE
		 && (way->kind == SORI_WAY_STAIRS || way->kind == SORI_WAY_RAMP))
		sori_words_append_sentence(s, words->handrail_none);
	if (way->tactile_paving)
		sori_words_append_sentence(s, words->tactile);
	if (way->braille && way->audio)
		sori_words_append_sentence(s, words->lift_braille_audio);
	else if (way->braille)
		sori_words_append_sentence(s, words->lift_braille);
	else if (way->audio)
		sori_words_append_sentence(s, words->lift_audio);
}

static gchar *
sori_words_metres_en(guint metres)
{
	return metres == 1 ? g_strdup("1 metre") : g_strdup_printf("%u metres", metres);
}

static const gchar *
sori_words_turn_en(SoriTurn turn)
{
	static const gchar *const words[] = {
		[SORI_TURN_STRAIGHT] = "go straight on",
		[SORI_TURN_SLIGHT_LEFT] = "turn slightly left",
		[SORI_TURN_LEFT] = "turn left",
		[SORI_TURN_SHARP_LEFT] = "turn sharp left",
		[SORI_TURN_SLIGHT_RIGHT] = "turn slightly right",
		[SORI_TURN_RIGHT] = "turn right",
		[SORI_TURN_SHARP_RIGHT] = "turn sharp right",
		[SORI_TURN_AROUND] = "turn around",
	};
	return words[turn];
}

static const gchar *
sori_words_door_en(SoriDoor door)
{
	switch (door) {
	case SORI_DOOR_AUTOMATIC:
		return "the automatic door";
	case SORI_DOOR_HEAVY:
		return "the heavy door";
	case SORI_DOOR_REVOLVING:
		return "the revolving door";
	case SORI_DOOR_NONE:
	case SORI_DOOR_MANUAL:
	default:
		return "the door";
	}
}

static gchar *
sori_words_en(const SoriStepWords *w)
{
	const gchar *updown = w->updown > 0 ? "up" : w->updown < 0 ? "down" : NULL;
	g_autofree gchar *metres = sori_words_metres_en(w->metres);
	g_autofree gchar *to
		= w->floor != NULL ? g_strdup_printf("%s, %s", w->end, w->floor) : g_strdup(w->end);
	g_autofree gchar *move = NULL;
	g_autofree gchar *first = NULL;
	GString *s = g_string_new(NULL);
	const SoriWay *way = w->way;

	switch (way->kind) {
	case SORI_WAY_RAMP:
		move = g_strdup_printf("move %s the ramp for %s to %s",
				       updown != NULL ? updown : "along", metres, to);
		break;
	case SORI_WAY_STAIRS:
		move = g_strdup_printf("take the stairs%s%s, %u step%s, to %s",
				       updown != NULL ? " " : "", updown != NULL ? updown : "",
				       way->steps, way->steps == 1 ? "" : "s", to);
		break;
	case SORI_WAY_LIFT:
		move = g_strdup_printf("take the lift %s to %s", updown != NULL ? updown : "",
				       w->floor != NULL ? w->floor : w->end);
		break;
	case SORI_WAY_ESCALATOR:
		move = g_strdup_printf("take the escalator %s to %s", updown != NULL ? updown : "",
				       w->floor != NULL ? w->floor : w->end);
		break;
	case SORI_WAY_DOOR:
		move = g_strdup_printf("go through %s to %s", sori_words_door_en(way->door), to);
		break;
	case SORI_WAY_LEVEL:
	case SORI_WAY_LAST:
	default:
		move = g_strdup_printf("move %s to %s", metres, to);
		break;
	}
	if (way->kind == SORI_WAY_LIFT || way->kind == SORI_WAY_ESCALATOR) {
		first = g_strdup(move);
	} else if (w->first) {
		first = g_strdup_printf("From %s, %s", w->start, move);
	} else {
		first = g_strdup_printf("At %s, %s and %s", w->at, sori_words_turn_en(w->turn),
					move);
	}
	first[0] = g_ascii_toupper(first[0]);
	sori_words_append_sentence(s, first);
	if (way->steps > 0 && way->kind != SORI_WAY_STAIRS) {
		g_autofree gchar *steps = g_strdup_printf(
			"There %s %u step%s%s%s on the way", way->steps == 1 ? "is" : "are",
			way->steps, way->steps == 1 ? "" : "s", updown != NULL ? " " : "",
			updown != NULL ? updown : "");
		sori_words_append_sentence(s, steps);
	}
	sori_words_append_extras(s, w, &extras_en);
	sori_words_append_sentence(s, w->note);
	return g_string_free(s, FALSE);
}

static const gchar *
sori_words_turn_ko(SoriTurn turn)
{
	static const gchar *const words[] = {
		[SORI_TURN_STRAIGHT] = "곧장",
		[SORI_TURN_SLIGHT_LEFT] = "왼쪽으로 살짝 돌아",
		[SORI_TURN_LEFT] = "왼쪽으로 돌아",
		[SORI_TURN_SHARP_LEFT] = "왼쪽으로 크게 돌아",
		[SORI_TURN_SLIGHT_RIGHT] = "오른쪽으로 살짝 돌아",
		[SORI_TURN_RIGHT] = "오른쪽으로 돌아",
		[SORI_TURN_SHARP_RIGHT] = "오른쪽으로 크게 돌아",
		[SORI_TURN_AROUND] = "뒤로 돌아",
	};
	return words[turn];
}

static const gchar *
sori_words_door_ko(SoriDoor door)
{
	switch (door) {
	case SORI_DOOR_AUTOMATIC:
		return "자동문";
	case SORI_DOOR_HEAVY:
		return "무거운 문";
	case SORI_DOOR_REVOLVING:
		return "회전문";
	case SORI_DOOR_NONE:
	case SORI_DOOR_MANUAL:
	default:
		return "문";
	}
}

static gchar *
sori_words_ko(const SoriStepWords *w)
{
	const gchar *go = w->updown > 0 ? "올라가세요" : w->updown < 0 ? "내려가세요" : "가세요";
	g_autofree gchar *to
		= w->floor != NULL ? g_strdup_printf("%s %s", w->floor, w->end) : g_strdup(w->end);
	g_autofree gchar *move = NULL;
	g_autofree gchar *first = NULL;
	GString *s = g_string_new(NULL);
	const SoriWay *way = w->way;

	switch (way->kind) {
	case SORI_WAY_RAMP:
		move = g_strdup_printf("경사로를 따라 %s까지 %u미터 %s", to, w->metres,
				       w->updown != 0 ? go : "이동하세요");
		break;
	case SORI_WAY_STAIRS:
		move = g_strdup_printf("계단 %u개를 %s %s까지 가세요", way->steps,
				       w->updown > 0   ? "올라"
				       : w->updown < 0 ? "내려가"
						       : "지나",
				       to);
		break;
	case SORI_WAY_LIFT:
		move = g_strdup_printf("엘리베이터를 타고 %s까지 %s",
				       w->floor != NULL ? w->floor : w->end, go);
		break;
	case SORI_WAY_ESCALATOR:
		move = g_strdup_printf("에스컬레이터를 타고 %s까지 %s",
				       w->floor != NULL ? w->floor : w->end, go);
		break;
	case SORI_WAY_DOOR:
		move = g_strdup_printf("%s을 지나 %s까지 가세요", sori_words_door_ko(way->door),
				       to);
		break;
	case SORI_WAY_LEVEL:
	case SORI_WAY_LAST:
	default:
		move = g_strdup_printf("%s까지 %u미터 이동하세요", to, w->metres);
		break;
	}
	if (way->kind == SORI_WAY_LIFT || way->kind == SORI_WAY_ESCALATOR)
		first = g_strdup(move);
	else if (w->first)
		first = g_strdup_printf("%s에서 %s", w->start, move);
	else
		first = g_strdup_printf("%s에서 %s %s", w->at, sori_words_turn_ko(w->turn), move);
	sori_words_append_sentence(s, first);
	if (way->steps > 0 && way->kind != SORI_WAY_STAIRS) {
		g_autofree gchar *steps = g_strdup_printf("가는 길에 %s계단이 %u개 있습니다",
							  w->updown > 0   ? "오르는 "
							  : w->updown < 0 ? "내려가는 "
									  : "",
							  way->steps);
		sori_words_append_sentence(s, steps);
	}
	sori_words_append_extras(s, w, &extras_ko);
	sori_words_append_sentence(s, w->note);
	return g_string_free(s, FALSE);
}

static gchar *
sori_words_arrive(const gchar *lang, const gchar *end, const gchar *landmark, const gchar *layout)
{
	GString *s = g_string_new(NULL);
	g_autofree gchar *first = NULL;
	g_autofree gchar *near = NULL;

	if (g_str_equal(lang, "ko")) {
		first = g_strdup_printf("%s에 도착했습니다", end);
		if (landmark != NULL)
			near = g_strdup_printf("%s 옆입니다", landmark);
	} else {
		first = g_strdup_printf("You have arrived at %s", end);
		if (landmark != NULL)
			near = g_strdup_printf("It is by %s", landmark);
	}
	sori_words_append_sentence(s, first);
	sori_words_append_sentence(s, near);
	sori_words_append_sentence(s, layout);
	return g_string_free(s, FALSE);
}

/* a leg's heading on the plan in degrees anticlockwise from the x axis, or NAN when it
 * does not move across the plan */
static gdouble
sori_leg_heading(const SoriPlace *a, const SoriPlace *b)
{
	if (hypot(b->x - a->x, b->y - a->y) < 0.3)
		return NAN;
	return atan2(b->y - a->y, b->x - a->x) * 180.0 / G_PI;
}

/* a junction with nothing to find, passed straight on, joins two level ways into one step */
static gboolean
sori_leg_continues(const SoriLeg *prev, const SoriLeg *leg, const SoriPlace *at, SoriTurn turn)
{
	return at->kind == SORI_PLACE_JUNCTION && at->landmark == NULL && turn == SORI_TURN_STRAIGHT
	       && prev->way->kind == SORI_WAY_LEVEL && leg->way->kind == SORI_WAY_LEVEL
	       && prev->way->steps == 0 && leg->way->steps == 0 && prev->way->note == NULL
	       && leg->way->note == NULL && !prev->way->tactile_paving && !leg->way->tactile_paving;
}

static SoriHandrail
sori_leg_handrail(const SoriLeg *leg)
{
	SoriHandrail h = leg->way->handrail;
	if (leg->forward)
		return h;
	if (h == SORI_HANDRAIL_LEFT)
		return SORI_HANDRAIL_RIGHT;
	if (h == SORI_HANDRAIL_RIGHT)
		return SORI_HANDRAIL_LEFT;
	return h;
}

static gint
sori_leg_updown(const SoriLeg *leg, const SoriPlace *start, const SoriPlace *end)
{
	gint rise = leg->forward ? leg->way->rise_cm : -leg->way->rise_cm;
	if (start->floor != end->floor)
		return end->floor > start->floor ? 1 : -1;
	return rise > 0 ? 1 : rise < 0 ? -1 : 0;
}

/* whether a place's name says its floor already */
static gboolean
sori_words_names_floor(const gchar *name, const gchar *floor)
{
	g_autofree gchar *n = g_utf8_casefold(name, -1);
	g_autofree gchar *f = g_utf8_casefold(floor, -1);
	const gchar *bare = g_str_has_prefix(f, "the ") ? f + 4 : f;
	g_strdelimit(n, "-", ' ');
	return strstr(n, bare) != NULL;
}

static gchar *
sori_directions_compose(SoriMap *map, SoriDirectionStep *step, const GArray *legs, gboolean first,
			SoriTurn turn, const gchar *lang, const gchar *default_lang)
{
	const SoriLeg *leg = &g_array_index(legs, SoriLeg, step->first_leg);
	const SoriLeg *last = &g_array_index(legs, SoriLeg, step->first_leg + step->n_legs - 1);
	SoriStepWords w = { 0 };
	const SoriFloor *floor = sori_map_lookup_floor(map, step->floor_to);

	w.lang = lang;
	w.first = first;
	w.turn = turn;
	w.start = sori_directions_pick_text(step->start->name, lang, default_lang);
	w.at = step->start->landmark != NULL
		       ? sori_directions_pick_text(step->start->landmark, lang, default_lang)
		       : w.start;
	w.end = sori_directions_pick_text(step->end->name, lang, default_lang);
	if (step->floor_from != step->floor_to && floor != NULL)
		w.floor = sori_directions_pick_text(floor->name, lang, default_lang);
	/* "to 2층 계단참", not "to 2층 2층 계단참" */
	if (w.floor != NULL
	    && (leg->way->kind == SORI_WAY_STAIRS || leg->way->kind == SORI_WAY_RAMP)
	    && sori_words_names_floor(w.end, w.floor))
		w.floor = NULL;
	w.updown = sori_leg_updown(leg, step->start, step->end);
	w.metres = (guint) MAX(1.0, round(step->distance_m));
	w.way = last->way;
	w.handrail = sori_leg_handrail(last);
	w.note = sori_directions_pick_text(last->way->note, lang, default_lang);
	if (g_str_equal(lang, "ko"))
		return sori_words_ko(&w);
	return sori_words_en(&w);
}

/**
 * sori_directions_new:
 * @lang: the visitor's language
 * @default_lang: the venue's
 *
 * Returns: (transfer full): the steps of @route, the last one the arrival
 */
SoriDirections *
sori_directions_new(SoriMap *map, const SoriMapRoute *route, const gchar *lang,
		    const gchar *default_lang)
{
	SoriDirections *self = g_new0(SoriDirections, 1);
	gdouble heading = NAN;
	SoriDirectionStep *arrive;
	const SoriPlace *end = sori_map_get_place(map, route->to);

	self->lang = sori_directions_choose_language(lang, default_lang);
	self->steps = g_ptr_array_new_with_free_func((GDestroyNotify) sori_direction_step_free);
	for (guint i = 0; i < route->legs->len;) {
		const SoriLeg *leg = &g_array_index(route->legs, SoriLeg, i);
		SoriDirectionStep *step = g_new0(SoriDirectionStep, 1);
		SoriTurn turn = SORI_TURN_STRAIGHT;
		gdouble h;
		gboolean first = self->steps->len == 0;

		step->start = sori_map_get_place(map, leg->forward ? leg->way->from : leg->way->to);
		step->end = sori_map_get_place(map, leg->forward ? leg->way->to : leg->way->from);
		step->via = leg->way->kind;
		step->first_leg = i;
		step->n_legs = 1;
		step->distance_m = leg->way->length_m;
		step->floor_from = step->start->floor;
		h = sori_leg_heading(step->start, step->end);
		if (!isnan(h) && !isnan(heading))
			turn = sori_turn_from_angle(h - heading);
		/* a lift is left facing the way one came in */
		if (leg->way->kind == SORI_WAY_LIFT && !isnan(heading))
			h = fmod(heading + 180.0, 360.0);
		if (!isnan(h))
			heading = h;
		for (i++; i < route->legs->len; i++) {
			const SoriLeg *next = &g_array_index(route->legs, SoriLeg, i);
			const SoriPlace *next_end = sori_map_get_place(
				map, next->forward ? next->way->to : next->way->from);
			gdouble nh = sori_leg_heading(step->end, next_end);
			SoriTurn t = !isnan(nh) && !isnan(heading)
					     ? sori_turn_from_angle(nh - heading)
					     : SORI_TURN_STRAIGHT;
			const SoriLeg *prev = &g_array_index(route->legs, SoriLeg, i - 1);
			if (!sori_leg_continues(prev, next, step->end, t))
				break;
			if (!isnan(nh))
				heading = nh;
			step->end = next_end;
			step->n_legs++;
			step->distance_m += next->way->length_m;
		}
		step->floor_to = step->end->floor;
		step->instruction = sori_directions_compose(map, step, route->legs, first, turn,
							    self->lang, default_lang);
		g_ptr_array_add(self->steps, step);
	}
	arrive = g_new0(SoriDirectionStep, 1);
	arrive->arrive = TRUE;
	arrive->start = end;
	arrive->end = end;
	arrive->via = SORI_WAY_LEVEL;
	arrive->floor_from = end->floor;
	arrive->floor_to = end->floor;
	arrive->first_leg = route->legs->len;
	arrive->instruction = sori_words_arrive(
		self->lang, sori_directions_pick_text(end->name, self->lang, default_lang),
		sori_directions_pick_text(end->landmark, self->lang, default_lang),
		sori_directions_pick_text(end->layout, self->lang, default_lang));
	g_ptr_array_add(self->steps, arrive);
	return self;
}

/* why @way is not for @profile, in words */
static gchar *
sori_directions_why_not(const SoriWay *way, SoriProfile profile)
{
	gdouble max_slope = profile == SORI_PROFILE_WHEELCHAIR ? SORI_PROFILE_WHEELCHAIR_MAX_SLOPE
							       : SORI_PROFILE_STEP_FREE_MAX_SLOPE;
	guint min_width = profile == SORI_PROFILE_WHEELCHAIR ? SORI_PROFILE_WHEELCHAIR_MIN_WIDTH_CM
							     : SORI_PROFILE_STEP_FREE_MIN_WIDTH_CM;

	if (way->kind == SORI_WAY_ESCALATOR)
		return g_strdup("it is an escalator");
	if (way->kind == SORI_WAY_STAIRS)
		return g_strdup_printf("it is a staircase of %u steps", way->steps);
	if (!sori_way_is_step_free(way))
		return g_strdup_printf("it has %u step%s", way->steps, way->steps == 1 ? "" : "s");
	if (way->door == SORI_DOOR_REVOLVING)
		return g_strdup("its door revolves");
	if (way->slope_pct > max_slope)
		return g_strdup_printf("its slope is %g %%, steeper than %g %%", way->slope_pct,
				       max_slope);
	return g_strdup_printf("it is %u cm wide, narrower than %u cm", way->width_cm, min_width);
}

static const gchar *
sori_directions_profile_words(SoriProfile profile)
{
	switch (profile) {
	case SORI_PROFILE_WHEELCHAIR:
		return "wheelchair-accessible ";
	case SORI_PROFILE_STEP_FREE:
		return "step-free ";
	case SORI_PROFILE_BLIND:
		return "escalator-free ";
	case SORI_PROFILE_GENERAL:
	case SORI_PROFILE_LAST:
	default:
		return "";
	}
}

/**
 * sori_directions_find:
 * @from_id: a place's id, or an exhibit's, gallery's or entrance's
 * @to_id: likewise
 * @lang: the visitor's language
 * @route: (out) (optional) (transfer full): the route
 * @error: %SORI_MAP_ERROR_NO_MAP, _UNKNOWN_PLACE or _NO_ROUTE, which says why
 *
 * Returns: (transfer full) (nullable): the directions
 */
SoriDirections *
sori_directions_find(SoriCatalogue *catalogue, const gchar *from_id, const gchar *to_id,
		     SoriProfile profile, const gchar *lang, SoriMapRoute **route, GError **error)
{
	SoriMap *map = sori_catalogue_get_map(catalogue);
	const gchar *default_lang = sori_catalogue_get_default_language(catalogue);
	g_autoptr(SoriMapRoute) found = NULL;
	SoriDirections *directions;
	guint from = 0;
	guint to = 0;

	if (map == NULL) {
		g_set_error(error, SORI_MAP_ERROR, SORI_MAP_ERROR_NO_MAP,
			    "venue '%s' has no map yet, so sori cannot give directions there",
			    sori_catalogue_get_id(catalogue));
		return NULL;
	}
	if (!sori_catalogue_find_place(catalogue, from_id, &from)) {
		g_set_error(error, SORI_MAP_ERROR, SORI_MAP_ERROR_UNKNOWN_PLACE,
			    "from: venue '%s' has no place '%s' on its map",
			    sori_catalogue_get_id(catalogue), from_id);
		return NULL;
	}
	if (!sori_catalogue_find_place(catalogue, to_id, &to)) {
		g_set_error(error, SORI_MAP_ERROR, SORI_MAP_ERROR_UNKNOWN_PLACE,
			    "to: venue '%s' has no place '%s' on its map",
			    sori_catalogue_get_id(catalogue), to_id);
		return NULL;
	}
	found = sori_map_find_route(map, from, to, profile);
	if (found == NULL) {
		const SoriWay *blocked = NULL;
		sori_map_explain_no_route(map, from, to, profile, &blocked);
		const gchar *from_name = sori_directions_pick_text(
			sori_map_get_place(map, from)->name, lang, default_lang);
		const gchar *to_name = sori_directions_pick_text(sori_map_get_place(map, to)->name,
								 lang, default_lang);
		if (blocked != NULL) {
			g_autofree gchar *why = sori_directions_why_not(blocked, profile);
			const SoriPlace *a = sori_map_get_place(map, blocked->from);
			const SoriPlace *b = sori_map_get_place(map, blocked->to);
			g_set_error(error, SORI_MAP_ERROR, SORI_MAP_ERROR_NO_ROUTE,
				    "no %sway from %s to %s: the shortest way there passes "
				    "between %s and %s, and %s",
				    sori_directions_profile_words(profile), from_name, to_name,
				    sori_directions_pick_text(a->name, lang, default_lang),
				    sori_directions_pick_text(b->name, lang, default_lang), why);
		} else {
			g_set_error(error, SORI_MAP_ERROR, SORI_MAP_ERROR_NO_ROUTE,
				    "no way at all leads from %s to %s: check the map's one-way "
				    "ways",
				    from_name, to_name);
		}
		return NULL;
	}
	directions = sori_directions_new(map, found, lang, default_lang);
	if (route != NULL)
		*route = g_steal_pointer(&found);
	return directions;
}
