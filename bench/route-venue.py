#!/usr/bin/env python3
# bench/route-venue.py: writes a generated venue for bench/route to stdout: a
# 5,000-place, 3-floor building (a 40 × 41 grid of corridors 4 m apart on each
# floor, four lifts and four staircases joining the floors, galleries, toilets
# and seats along the corridors), with a seeded mix of what real ways have:
# walls, open halls, tactile paving, a few steps, narrow doors and ramps.
import json, random, sys

rnd = random.Random(20261201)
W, H, FLOORS, SPACING = 40, 41, 3, 4.0
def t(en): return {"ko": en, "en": en}

places, ways = [], []
def place(pid, kind, floor, x, y, **extra):
    places.append(dict(id=pid, kind=kind, floor=floor, position=[x, y], name=t(pid), **extra))
def way(a, b, kind="level", **extra):
    ways.append({"from": a, "to": b, "kind": kind, **extra})
def grid(f, i, j): return f"f{f}-{i}-{j}"

galleries, exhibits, entrances, toilets = [], [], [], []
lifts = [{"id": f"lift-{k}", "name": t(f"Lift {k}"), "description": t("A lift"), "floors": [1, 2, 3]} for k in range(4)]
for f in range(1, FLOORS + 1):
    for j in range(H):
        for i in range(W):
            pid = grid(f, i, j)
            extra = {}
            if rnd.random() < 0.05:
                extra["landmark"] = t(f"the pillar at {i},{j}")
            place(pid, "junction", f, i * SPACING, j * SPACING, **extra)
    for j in range(H):
        for i in range(W):
            for (di, dj) in ((1, 0), (0, 1)):
                ni, nj = i + di, j + dj
                if ni >= W or nj >= H:
                    continue
                attrs = {}
                r = rnd.random()
                if r < 0.10:
                    attrs["along"] = "wall"
                elif r < 0.20:
                    attrs["along"] = "open"
                elif r < 0.25:
                    attrs["tactile_paving"] = True
                r = rnd.random()
                if r < 0.02:
                    attrs.update(steps=2, step_height_cm=15)
                elif r < 0.04:
                    attrs["width_cm"] = 80
                elif r < 0.05:
                    way(grid(f, i, j), grid(f, ni, nj), "ramp", slope_pct=rnd.choice([5, 8, 10]), rise_cm=30)
                    continue
                way(grid(f, i, j), grid(f, ni, nj), **attrs)
    # ten galleries a floor, each with an exhibit
    for g in range(10):
        gid = f"gallery-{f}-{g}"
        galleries.append({"id": gid, "name": t(f"Gallery {f}.{g}"), "floor": f, "step_free": False})
        exhibits.append({"id": f"exhibit-{f}-{g}", "gallery": gid, "code": f"{f}{g:02d}0",
                         "title": t(f"Exhibit {f}.{g}"), "description": t("An object."),
                         "audio_description": t("An object on a plinth."), "easy_read": t("An object."),
                         "access": {"display_height_cm": 100, "touchable": False, "seating_nearby": False}})
        i, j = rnd.randrange(W), rnd.randrange(H)
        place(gid, "gallery", f, i * SPACING + 1, j * SPACING + 1, gallery=gid)
        way(gid, grid(f, i, j), "door", door=rnd.choice(["automatic", "manual", "heavy"]), width_cm=100)
    for k in range(4):
        tid = f"toilet-{f}-{k}"
        toilets.append({"id": tid, "name": t(f"Toilet {f}.{k}"), "description": t("Accessible"), "floor": f})
        i, j = rnd.randrange(W), rnd.randrange(H)
        place(tid, "toilet", f, i * SPACING + 1, j * SPACING - 1, toilet=tid)
        way(tid, grid(f, i, j), "door", door="automatic", width_cm=100)
    # four lifts and four staircases at the corners
    for k, (i, j) in enumerate(((2, 2), (W - 3, 2), (2, H - 3), (W - 3, H - 3))):
        place(f"lift-{k}-{f}", "lift", f, i * SPACING + 2, j * SPACING, lift=f"lift-{k}")
        way(f"lift-{k}-{f}", grid(f, i, j))
        place(f"stairs-{k}-{f}", "stairs", f, i * SPACING - 2, j * SPACING)
        way(f"stairs-{k}-{f}", grid(f, i, j))
        if f > 1:
            way(f"lift-{k}-{f - 1}", f"lift-{k}-{f}", "lift", braille=True, audio=True)
            way(f"stairs-{k}-{f - 1}", f"stairs-{k}-{f}", "stairs", steps=24, handrail="both", length_m=10)
for e, (i, j) in enumerate(((0, 0), (W - 1, H - 1))):
    eid = f"entrance-{e}"
    entrances.append({"id": eid, "name": t(f"Entrance {e}"), "description": t("A door"), "floor": 1, "step_free": True})
    place(eid, "entrance", 1, i * SPACING - 1, j * SPACING - 1, entrance=eid)
    way(eid, grid(1, i, j), "door", door="automatic", width_cm=150)
# seats along the corridors, to make up 5,000 places
f = 1
while len(places) < 5000:
    i, j = rnd.randrange(W), rnd.randrange(H)
    sid = f"seat-{len(places)}"
    place(sid, "seating", f, i * SPACING + 0.5, j * SPACING + 0.5)
    way(sid, grid(f, i, j))
    f = f % FLOORS + 1

doc = {
    "format": "sori-catalogue/1",
    "venue": {
        "id": "bench-venue", "name": t("Bench venue"), "languages": ["ko", "en"], "default_language": "en",
        "timezone": "Asia/Seoul", "licence": "CC0-1.0", "address": t("1 Bench-ro"),
        "opening_hours": {"regular": [{"days": ["mon"], "opens": "09:00", "closes": "18:00"}]},
        "contact": {"email": "bench@bench.example"},
        "access": {"summary": t("A generated venue."), "entrances": entrances, "lifts": lifts, "toilets": toilets},
    },
    "galleries": galleries, "exhibits": exhibits, "beacons": [], "bindings": [],
    "map": {"floors": [{"level": f, "name": t(f"floor {f}")} for f in range(1, FLOORS + 1)],
            "places": places, "ways": ways},
}
json.dump(doc, sys.stdout, ensure_ascii=False)
