/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The venue's map as a graph, and routes on it: A* over the legs of every
 * place, with each profile's rules (which ways it may use) and costs (which
 * it prefers). The graph is built once per catalogue version; a route costs
 * a few arrays the size of the map.
 */

#define G_LOG_DOMAIN "sori-map"

#include "config.h"

#include <math.h>
#include <string.h>

#include "sori-map-private.h"

static const gchar *const place_kinds[] = {
	[SORI_PLACE_ENTRANCE] = "entrance",
	[SORI_PLACE_EXIT] = "exit",
	[SORI_PLACE_GALLERY] = "gallery",
	[SORI_PLACE_EXHIBIT] = "exhibit",
	[SORI_PLACE_LIFT] = "lift",
	[SORI_PLACE_STAIRS] = "stairs",
	[SORI_PLACE_RAMP] = "ramp",
	[SORI_PLACE_ESCALATOR] = "escalator",
	[SORI_PLACE_DOOR] = "door",
	[SORI_PLACE_TOILET] = "toilet",
	[SORI_PLACE_INFORMATION] = "information",
	[SORI_PLACE_SEATING] = "seating",
	[SORI_PLACE_JUNCTION] = "junction",
};

static const gchar *const way_kinds[] = {
	[SORI_WAY_LEVEL] = "level",         [SORI_WAY_RAMP] = "ramp",
	[SORI_WAY_STAIRS] = "stairs",       [SORI_WAY_LIFT] = "lift",
	[SORI_WAY_ESCALATOR] = "escalator", [SORI_WAY_DOOR] = "door",
};

static const gchar *const profiles[] = {
	[SORI_PROFILE_GENERAL] = "general",
	[SORI_PROFILE_WHEELCHAIR] = "wheelchair",
	[SORI_PROFILE_STEP_FREE] = "step-free",
	[SORI_PROFILE_BLIND] = "blind",
};

G_STATIC_ASSERT(G_N_ELEMENTS(place_kinds) == SORI_PLACE_LAST);
G_STATIC_ASSERT(G_N_ELEMENTS(way_kinds) == SORI_WAY_LAST);
G_STATIC_ASSERT(G_N_ELEMENTS(profiles) == SORI_PROFILE_LAST);

static gboolean
sori_map_enum_from_string(const gchar *const *names, guint n, const gchar *text, guint *out)
{
	for (guint i = 0; i < n; i++) {
		if (g_strcmp0(names[i], text) == 0) {
			*out = i;
			return TRUE;
		}
	}
	return FALSE;
}

const gchar *
sori_place_kind_to_string(SoriPlaceKind kind)
{
	return kind < SORI_PLACE_LAST ? place_kinds[kind] : NULL;
}

gboolean
sori_place_kind_from_string(const gchar *text, SoriPlaceKind *kind)
{
	guint value;
	if (!sori_map_enum_from_string(place_kinds, SORI_PLACE_LAST, text, &value))
		return FALSE;
	*kind = value;
	return TRUE;
}

const gchar *
sori_way_kind_to_string(SoriWayKind kind)
{
	return kind < SORI_WAY_LAST ? way_kinds[kind] : NULL;
}

gboolean
sori_way_kind_from_string(const gchar *text, SoriWayKind *kind)
{
	guint value;
	if (!sori_map_enum_from_string(way_kinds, SORI_WAY_LAST, text, &value))
		return FALSE;
	*kind = value;
	return TRUE;
}

const gchar *
sori_profile_to_string(SoriProfile profile)
{
	return profile < SORI_PROFILE_LAST ? profiles[profile] : NULL;
}

gboolean
sori_profile_from_string(const gchar *text, SoriProfile *profile)
{
	guint value;
	if (!sori_map_enum_from_string(profiles, SORI_PROFILE_LAST, text, &value))
		return FALSE;
	*profile = value;
	return TRUE;
}

static void
sori_place_free(SoriPlace *place)
{
	g_free(place->id);
	g_free(place->bound_id);
	g_free(place);
}

SoriMap *
sori_map_new(void)
{
	SoriMap *self = g_new0(SoriMap, 1);
	self->places = g_ptr_array_new_with_free_func((GDestroyNotify) sori_place_free);
	self->ways = g_array_new(FALSE, TRUE, sizeof(SoriWay));
	self->floors = g_array_new(FALSE, TRUE, sizeof(SoriFloor));
	self->place_by_id = g_hash_table_new(g_str_hash, g_str_equal);
	self->place_by_binding = g_hash_table_new(g_str_hash, g_str_equal);
	return self;
}

void
sori_map_free(SoriMap *self)
{
	if (self == NULL)
		return;
	g_ptr_array_unref(self->places);
	g_array_unref(self->ways);
	g_array_unref(self->floors);
	g_hash_table_unref(self->place_by_id);
	g_hash_table_unref(self->place_by_binding);
	g_free(self->adj_start);
	g_free(self->adj);
	g_free(self->leg_next);
	for (guint p = 0; p < SORI_PROFILE_LAST; p++)
		g_free(self->leg_cost[p]);
	g_free(self->position);
	g_free(self);
}

void
sori_map_route_free(SoriMapRoute *route)
{
	if (route == NULL)
		return;
	g_array_unref(route->legs);
	g_free(route);
}

/* straight-line distance on the plan, floors apart or not */
gdouble
sori_map_place_distance(const SoriPlace *a, const SoriPlace *b)
{
	gdouble dx = a->x - b->x;
	gdouble dy = a->y - b->y;
	return sqrt(dx * dx + dy * dy);
}

static gdouble sori_map_leg_cost(SoriMap *self, const SoriLeg *leg, SoriProfile profile);

/* every way a leg in each direction it may be walked, grouped by the place it leaves */
void
sori_map_build_graph(SoriMap *self)
{
	guint n = self->places->len;
	g_autofree guint *fill = g_new0(guint, n + 1);
	guint n_legs = 0;

	g_clear_pointer(&self->adj_start, g_free);
	g_clear_pointer(&self->adj, g_free);
	self->adj_start = g_new0(guint, n + 1);
	for (guint i = 0; i < self->ways->len; i++) {
		SoriWay *way = &g_array_index(self->ways, SoriWay, i);
		self->adj_start[way->from + 1]++;
		n_legs++;
		if (!way->one_way) {
			self->adj_start[way->to + 1]++;
			n_legs++;
		}
	}
	for (guint i = 0; i < n; i++)
		self->adj_start[i + 1] += self->adj_start[i];
	self->adj = g_new0(SoriLeg, MAX(n_legs, 1));
	for (guint i = 0; i < self->ways->len; i++) {
		SoriWay *way = &g_array_index(self->ways, SoriWay, i);
		SoriLeg *leg = &self->adj[self->adj_start[way->from] + fill[way->from]++];
		leg->way = way;
		leg->forward = TRUE;
		if (!way->one_way) {
			leg = &self->adj[self->adj_start[way->to] + fill[way->to]++];
			leg->way = way;
			leg->forward = FALSE;
		}
	}
	/* what the search reads, in flat arrays */
	g_clear_pointer(&self->leg_next, g_free);
	g_clear_pointer(&self->position, g_free);
	self->leg_next = g_new(guint, MAX(n_legs, 1));
	self->position = g_new(gdouble, 2 * MAX(n, 1));
	for (guint p = 0; p < SORI_PROFILE_LAST; p++) {
		g_free(self->leg_cost[p]);
		self->leg_cost[p] = g_new(gdouble, MAX(n_legs, 1));
	}
	for (guint i = 0; i < n; i++) {
		const SoriPlace *place = g_ptr_array_index(self->places, i);
		self->position[2 * i] = place->x;
		self->position[2 * i + 1] = place->y;
	}
	for (guint l = 0; l < n_legs; l++) {
		const SoriLeg *leg = &self->adj[l];
		self->leg_next[l] = leg->forward ? leg->way->to : leg->way->from;
		for (SoriProfile p = 0; p < SORI_PROFILE_LAST; p++) {
			self->leg_cost[p][l] = sori_way_allowed(leg->way, p)
						       ? sori_map_leg_cost(self, leg, p)
						       : INFINITY;
		}
	}
}

guint
sori_map_get_n_places(SoriMap *self)
{
	return self->places->len;
}

const SoriPlace *
sori_map_get_place(SoriMap *self, guint index)
{
	g_return_val_if_fail(index < self->places->len, NULL);
	return g_ptr_array_index(self->places, index);
}

guint
sori_map_get_n_ways(SoriMap *self)
{
	return self->ways->len;
}

const SoriWay *
sori_map_get_way(SoriMap *self, guint index)
{
	g_return_val_if_fail(index < self->ways->len, NULL);
	return &g_array_index(self->ways, SoriWay, index);
}

guint
sori_map_get_n_floors(SoriMap *self)
{
	return self->floors->len;
}

const SoriFloor *
sori_map_get_floor(SoriMap *self, guint index)
{
	g_return_val_if_fail(index < self->floors->len, NULL);
	return &g_array_index(self->floors, SoriFloor, index);
}

const SoriFloor *
sori_map_lookup_floor(SoriMap *self, gint level)
{
	for (guint i = 0; i < self->floors->len; i++) {
		const SoriFloor *floor = &g_array_index(self->floors, SoriFloor, i);
		if (floor->level == level)
			return floor;
	}
	return NULL;
}

gboolean
sori_map_lookup_place(SoriMap *self, const gchar *id, guint *index)
{
	gpointer value = g_hash_table_lookup(self->place_by_id, id);
	if (value == NULL)
		return FALSE;
	*index = GPOINTER_TO_UINT(value) - 1;
	return TRUE;
}

/**
 * sori_map_get_origin:
 *
 * Returns: %TRUE when the map says where its plan lies on the Earth: the
 *	WGS 84 position of the plan's (0, 0) and the bearing of its y axis
 */
gboolean
sori_map_get_origin(SoriMap *self, gdouble *lat, gdouble *lon, gdouble *bearing)
{
	*lat = self->origin_lat;
	*lon = self->origin_lon;
	*bearing = self->origin_bearing;
	return self->has_origin;
}

/**
 * sori_way_is_step_free:
 *
 * Returns: %TRUE for a way with no stairs, escalator or steps (a threshold of
 *	up to 2 cm is not a step)
 */
gboolean
sori_way_is_step_free(const SoriWay *way)
{
	if (way->kind == SORI_WAY_STAIRS || way->kind == SORI_WAY_ESCALATOR)
		return FALSE;
	return way->steps == 0
	       || (way->step_height_cm > 0 && way->step_height_cm <= SORI_MAP_THRESHOLD_MAX_CM);
}

/**
 * sori_way_allowed:
 *
 * Returns: %TRUE when a visitor of @profile may be sent along @way
 */
gboolean
sori_way_allowed(const SoriWay *way, SoriProfile profile)
{
	switch (profile) {
	case SORI_PROFILE_WHEELCHAIR:
		return sori_way_is_step_free(way) && way->door != SORI_DOOR_REVOLVING
		       && way->slope_pct <= SORI_PROFILE_WHEELCHAIR_MAX_SLOPE
		       && (way->width_cm == 0
			   || way->width_cm >= SORI_PROFILE_WHEELCHAIR_MIN_WIDTH_CM);
	case SORI_PROFILE_STEP_FREE:
		return sori_way_is_step_free(way) && way->door != SORI_DOOR_REVOLVING
		       && way->slope_pct <= SORI_PROFILE_STEP_FREE_MAX_SLOPE
		       && (way->width_cm == 0
			   || way->width_cm >= SORI_PROFILE_STEP_FREE_MIN_WIDTH_CM);
	case SORI_PROFILE_BLIND:
		return way->kind != SORI_WAY_ESCALATOR;
	case SORI_PROFILE_GENERAL:
	case SORI_PROFILE_LAST:
	default:
		return TRUE;
	}
}

/* the least any profile's cost multiplies a way's length by, for A*'s estimate */
#define SORI_MAP_BLIND_TACTILE_FACTOR 0.6
#define SORI_MAP_BLIND_GUIDED_FACTOR  0.8
#define SORI_MAP_BLIND_OPEN_FACTOR    1.5
#define SORI_MAP_BLIND_LANDMARK_BONUS 0.9
#define SORI_MAP_HEAVY_DOOR_M         10.0
/* a curator's length may be this much shorter than the straight line */
#define SORI_MAP_LENGTH_SLACK 0.9

static gdouble
sori_profile_min_factor(SoriProfile profile)
{
	return profile == SORI_PROFILE_BLIND
		       ? SORI_MAP_BLIND_TACTILE_FACTOR * SORI_MAP_BLIND_LANDMARK_BONUS
		       : 1.0;
}

/* what walking @leg costs a visitor of @profile, in metres of an easy level way */
static gdouble
sori_map_leg_cost(SoriMap *self, const SoriLeg *leg, SoriProfile profile)
{
	const SoriWay *way = leg->way;
	gdouble cost = way->length_m;
	gdouble factor = 1.0;

	if (way->kind == SORI_WAY_LIFT)
		cost += SORI_MAP_LIFT_WAIT_M;
	switch (profile) {
	case SORI_PROFILE_WHEELCHAIR:
	case SORI_PROFILE_STEP_FREE:
		if (way->door == SORI_DOOR_HEAVY)
			cost += SORI_MAP_HEAVY_DOOR_M;
		break;
	case SORI_PROFILE_BLIND: {
		const SoriPlace *end
			= g_ptr_array_index(self->places, leg->forward ? way->to : way->from);
		if (way->tactile_paving)
			factor = SORI_MAP_BLIND_TACTILE_FACTOR;
		else if (way->along == SORI_ALONG_WALL
			 || (way->handrail != SORI_HANDRAIL_NONE
			     && way->handrail != SORI_HANDRAIL_UNKNOWN))
			factor = SORI_MAP_BLIND_GUIDED_FACTOR;
		else if (way->along == SORI_ALONG_OPEN)
			factor = SORI_MAP_BLIND_OPEN_FACTOR;
		if (end->landmark != NULL)
			factor *= SORI_MAP_BLIND_LANDMARK_BONUS;
		break;
	}
	case SORI_PROFILE_GENERAL:
	case SORI_PROFILE_LAST:
	default:
		break;
	}
	return cost * factor;
}

/* a binary heap of (cost, place), ordered by cost */
typedef struct {
	gdouble key;
	guint place;
} SoriHeapItem;

typedef struct {
	SoriHeapItem *items;
	guint len;
	guint size;
} SoriHeap;

static void
sori_heap_push(SoriHeap *heap, gdouble key, guint place)
{
	guint i;
	if (heap->len == heap->size) {
		heap->size = MAX(64, heap->size * 2);
		heap->items = g_renew(SoriHeapItem, heap->items, heap->size);
	}
	i = heap->len++;
	while (i > 0) {
		guint parent = (i - 1) / 2;
		if (heap->items[parent].key <= key)
			break;
		heap->items[i] = heap->items[parent];
		i = parent;
	}
	heap->items[i].key = key;
	heap->items[i].place = place;
}

static SoriHeapItem
sori_heap_pop(SoriHeap *heap)
{
	SoriHeapItem top = heap->items[0];
	SoriHeapItem last = heap->items[--heap->len];
	guint i = 0;

	for (;;) {
		guint child = 2 * i + 1;
		if (child >= heap->len)
			break;
		if (child + 1 < heap->len && heap->items[child + 1].key < heap->items[child].key)
			child++;
		if (last.key <= heap->items[child].key)
			break;
		heap->items[i] = heap->items[child];
		i = child;
	}
	if (heap->len > 0)
		heap->items[i] = last;
	return top;
}

/* what a search writes, kept per thread between searches: a place's entries
 * are current only when its stamp is the search's */
typedef struct {
	guint size;
	guint32 search;
	guint32 *stamp;
	gdouble *best;
	gint *via; /* the leg that reached each place */
	guint8 *done;
	SoriHeap heap;
} SoriMapScratch;

static void
sori_map_scratch_free(gpointer data)
{
	SoriMapScratch *scratch = data;
	g_free(scratch->stamp);
	g_free(scratch->best);
	g_free(scratch->via);
	g_free(scratch->done);
	g_free(scratch->heap.items);
	g_free(scratch);
}

static GPrivate sori_map_scratch_key = G_PRIVATE_INIT(sori_map_scratch_free);

static SoriMapScratch *
sori_map_scratch_get(guint n)
{
	SoriMapScratch *scratch = g_private_get(&sori_map_scratch_key);
	if (scratch == NULL) {
		scratch = g_new0(SoriMapScratch, 1);
		g_private_set(&sori_map_scratch_key, scratch);
	}
	if (scratch->size < n) {
		scratch->size = n;
		scratch->stamp = g_renew(guint32, scratch->stamp, n);
		scratch->best = g_renew(gdouble, scratch->best, n);
		scratch->via = g_renew(gint, scratch->via, n);
		scratch->done = g_renew(guint8, scratch->done, n);
		memset(scratch->stamp, 0, n * sizeof(guint32));
		scratch->search = 0;
	}
	/* a new stamp makes every entry stale at once; on wrapping, clear them */
	if (++scratch->search == 0) {
		memset(scratch->stamp, 0, scratch->size * sizeof(guint32));
		scratch->search = 1;
	}
	scratch->heap.len = 0;
	return scratch;
}

/* A* from @from to @to, on the legs @profile may use, at @cost_profile's costs */
static SoriMapRoute *
sori_map_search(SoriMap *self, guint from, guint to, SoriProfile profile, SoriProfile cost_profile)
{
	const gdouble *cost = self->leg_cost[cost_profile];
	const gdouble *allowed = self->leg_cost[profile];
	const gdouble *pos = self->position;
	gdouble tx = pos[2 * to];
	gdouble ty = pos[2 * to + 1];
	gdouble estimate = sori_profile_min_factor(cost_profile) * SORI_MAP_LENGTH_SLACK;
	SoriMapScratch *scratch = sori_map_scratch_get(self->places->len);
	guint32 search = scratch->search;
	guint32 *stamp = scratch->stamp;
	gdouble *best = scratch->best;
	gint *via = scratch->via;
	guint8 *done = scratch->done;
	gboolean found = FALSE;
	SoriMapRoute *route = NULL;

	stamp[from] = search;
	best[from] = 0;
	via[from] = -1;
	done[from] = FALSE;
	sori_heap_push(&scratch->heap, 0, from);
	while (scratch->heap.len > 0) {
		SoriHeapItem item = sori_heap_pop(&scratch->heap);
		guint place = item.place;
		if (done[place])
			continue;
		done[place] = TRUE;
		if (place == to) {
			found = TRUE;
			break;
		}
		for (guint l = self->adj_start[place]; l < self->adj_start[place + 1]; l++) {
			guint next = self->leg_next[l];
			gdouble c;
			gdouble dx;
			gdouble dy;
			if (allowed[l] == INFINITY)
				continue;
			if (stamp[next] != search) {
				stamp[next] = search;
				best[next] = G_MAXDOUBLE;
				done[next] = FALSE;
			} else if (done[next]) {
				continue;
			}
			c = best[place] + cost[l];
			if (c >= best[next])
				continue;
			best[next] = c;
			via[next] = (gint) l;
			dx = pos[2 * next] - tx;
			dy = pos[2 * next + 1] - ty;
			sori_heap_push(&scratch->heap, c + estimate * sqrt(dx * dx + dy * dy),
				       next);
		}
	}
	if (!found)
		return NULL;

	route = g_new0(SoriMapRoute, 1);
	route->profile = profile;
	route->from = from;
	route->to = to;
	route->legs = g_array_new(FALSE, FALSE, sizeof(SoriLeg));
	for (guint place = to; place != from;) {
		const SoriLeg *leg = &self->adj[via[place]];
		g_array_append_val(route->legs, *leg);
		route->length_m += leg->way->length_m;
		place = leg->forward ? leg->way->from : leg->way->to;
	}
	/* walked back from the end: turn it round */
	for (guint i = 0; i < route->legs->len / 2; i++) {
		SoriLeg tmp = g_array_index(route->legs, SoriLeg, i);
		g_array_index(route->legs, SoriLeg, i)
			= g_array_index(route->legs, SoriLeg, route->legs->len - 1 - i);
		g_array_index(route->legs, SoriLeg, route->legs->len - 1 - i) = tmp;
	}
	return route;
}

/**
 * sori_map_find_route:
 * @from: a place's index
 * @to: a place's index
 *
 * Returns: (transfer full) (nullable): the best way for @profile, never one
 *	that breaks its rules; %NULL when there is none
 */
SoriMapRoute *
sori_map_find_route(SoriMap *self, guint from, guint to, SoriProfile profile)
{
	g_return_val_if_fail(from < self->places->len && to < self->places->len, NULL);
	return sori_map_search(self, from, to, profile, profile);
}

/**
 * sori_map_explain_no_route:
 * @blocked: (out): the first way of the shortest unrestricted route that
 *	@profile may not use, or %NULL when no way at all joins the places
 *
 * Returns: %TRUE when anyone could go from @from to @to
 */
gboolean
sori_map_explain_no_route(SoriMap *self, guint from, guint to, SoriProfile profile,
			  const SoriWay **blocked)
{
	g_autoptr(SoriMapRoute) route
		= sori_map_search(self, from, to, SORI_PROFILE_GENERAL, SORI_PROFILE_GENERAL);
	*blocked = NULL;
	for (guint i = 0; route != NULL && i < route->legs->len; i++) {
		const SoriLeg *leg = &g_array_index(route->legs, SoriLeg, i);
		if (!sori_way_allowed(leg->way, profile)) {
			*blocked = leg->way;
			break;
		}
	}
	return route != NULL;
}

/**
 * sori_map_reachable:
 * @sources: places to start from
 * @reverse: %TRUE to walk every leg backwards: which places lead to @sources
 * @allowed: (nullable): which ways may be used; %NULL for every one
 *
 * Returns: (transfer full): for each place, whether it can be reached from
 *	one of @sources (or, with @reverse, whether one of them can be reached
 *	from it)
 */
gboolean *
sori_map_reachable(SoriMap *self, const guint *sources, guint n_sources, gboolean reverse,
		   gboolean (*allowed)(const SoriWay *way, gpointer user_data), gpointer user_data)
{
	guint n = self->places->len;
	guint n_legs = self->adj_start[n];
	gboolean *seen = g_new0(gboolean, MAX(n, 1));
	g_autofree guint *queue = g_new(guint, MAX(n, 1));
	g_autofree guint *start = NULL;
	g_autofree guint *legs = NULL;
	g_autofree guint *ends = NULL;
	guint head = 0;
	guint tail = 0;

	/* the legs arriving at each place, for a walk backwards */
	if (reverse) {
		g_autofree guint *fill = g_new0(guint, n + 1);
		start = g_new0(guint, n + 1);
		legs = g_new(guint, MAX(n_legs, 1));
		ends = g_new(guint, MAX(n_legs, 1));
		for (guint l = 0; l < n_legs; l++)
			start[self->leg_next[l] + 1]++;
		for (guint i = 0; i < n; i++)
			start[i + 1] += start[i];
		for (guint p = 0; p < n; p++) {
			for (guint l = self->adj_start[p]; l < self->adj_start[p + 1]; l++) {
				guint at = self->leg_next[l];
				guint k = start[at] + fill[at]++;
				legs[k] = l;
				ends[k] = p;
			}
		}
	}
	for (guint i = 0; i < n_sources; i++) {
		if (!seen[sources[i]]) {
			seen[sources[i]] = TRUE;
			queue[tail++] = sources[i];
		}
	}
	while (head < tail) {
		guint place = queue[head++];
		guint first = reverse ? start[place] : self->adj_start[place];
		guint last = reverse ? start[place + 1] : self->adj_start[place + 1];
		for (guint k = first; k < last; k++) {
			guint l = reverse ? legs[k] : k;
			guint next = reverse ? ends[k] : self->leg_next[l];
			if (seen[next]
			    || (allowed != NULL && !allowed(self->adj[l].way, user_data)))
				continue;
			seen[next] = TRUE;
			queue[tail++] = next;
		}
	}
	return seen;
}
