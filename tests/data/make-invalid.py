#!/usr/bin/env python3
# Writes tests/data/invalid/: one broken catalogue per case, made from
# tests/data/minimal.json by one edit, and beside it NAME.expected with one
# "POINTER<TAB>words the reason must contain" line per problem sorid must report.
# Run it again after changing minimal.json or the cases below.
import copy, json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
base = json.load(open(os.path.join(here, "minimal.json")))
out = os.path.join(here, "invalid")
cases = []

def case(name, edit, *expected, raw=None):
    cases.append((name, edit, expected, raw))

def setp(doc, path, value):
    *parents, last = path
    for p in parents:
        doc = doc[p]
    doc[last] = value

def delp(doc, path):
    *parents, last = path
    for p in parents:
        doc = doc[p]
    del doc[last]

S = lambda path, value: (lambda d: setp(d, path, value))
D = lambda path: (lambda d: delp(d, path))

case("not-json", None, ("", "invalid JSON at line 1"), raw=b'{"format": "sori-catalogue/1",,}')
case("not-an-object", None, ("", "must be a JSON object"), raw=b'[1, 2, 3]')
case("too-deep", None, ("", "nested more than 32 levels"), raw=b'{"x":' + b'[' * 40 + b']' * 40 + b'}')
case("not-utf8", None, ("", "not valid UTF-8"), raw=b'{"format": "sori-catalogue/1\xff"}')
case("wrong-format", S(["format"], "sori-catalogue/9"), ("/format", "unknown format"))
case("unknown-top-level", S(["exhibtis"], []), ("/exhibtis", "unknown field 'exhibtis' (did you mean 'exhibits'?)"))
case("missing-venue", D(["venue"]), ("/venue", "required field is missing"))
case("venue-id-bad", S(["venue", "id"], "My Museum"), ("/venue/id", "not a valid id"))
case("venue-id-number", S(["venue", "id"], 7), ("/venue/id", "expected a string, got an integer"))
case("language-not-bcp47", S(["venue", "languages"], ["ko", "english"]), ("/venue/languages/1", "not a BCP 47 language tag"))
case("language-wrong-case", S(["venue", "languages"], ["ko", "EN"]), ("/venue/languages/1", "write the language tag 'EN' as 'en'"))
case("language-twice", S(["venue", "languages"], ["ko", "en", "ko"]), ("/venue/languages/2", "declared twice"))
case("languages-empty", S(["venue", "languages"], []), ("/venue/languages", "at least one language"))
case("default-language-undeclared", S(["venue", "default_language"], "ja"), ("/venue/default_language", "not one of /venue/languages"))
case("text-undeclared-language", S(["venue", "name", "fr"], "Musée"), ("/venue/name/fr", "does not declare"))
case("text-missing-language", D(["exhibits", 0, "description", "en"]), ("/exhibits/0/description/en", "missing text in declared language 'en'"))
case("text-empty", S(["exhibits", 0, "title", "ko"], "   "), ("/exhibits/0/title/ko", "text is empty"))
case("text-too-long", S(["exhibits", 0, "title", "en"], "x" * 201), ("/exhibits/0/title/en", "201 characters long; the limit is 200"))
case("description-too-long", S(["exhibits", 1, "description", "ko"], "가" * 8001), ("/exhibits/1/description/ko", "the limit is 8000"))
case("title-control-char", S(["exhibits", 0, "title", "en"], "Moon\u0007Jar"), ("/exhibits/0/title/en", "control character"))
case("title-newline", S(["exhibits", 0, "title", "en"], "Moon\nJar"), ("/exhibits/0/title/en", "control character (0x0a)"))
case("text-not-object", S(["exhibits", 0, "easy_read"], "just a string"), ("/exhibits/0/easy_read", "expected an object, got a string"))
case("text-no-language", S(["exhibits", 0, "easy_read"], {}), ("/exhibits/0/easy_read", "has no language"))
case("timezone-unknown", S(["venue", "timezone"], "Mars/Olympus"), ("/venue/timezone", "not a time zone"))
case("licence-unknown", S(["venue", "licence"], "CC-BY-99"), ("/venue/licence", "not an open licence"))
case("venue-kind-unknown", S(["venue", "kind"], "zoo"), ("/venue/kind", "not a kind of venue"))
case("opening-time-bad", S(["venue", "opening_hours", "regular", 0, "opens"], "9am"), ("/venue/opening_hours/regular/0/opens", "not a time"))
case("closes-before-opens", S(["venue", "opening_hours", "regular", 0, "closes"], "08:00"), ("/venue/opening_hours/regular/0/closes", "not after it opens"))
case("weekday-bad", S(["venue", "opening_hours", "regular", 0, "days"], ["mon", "funday"]), ("/venue/opening_hours/regular/0/days/1", "'funday' is not a day"))
case("closed-date-bad", S(["venue", "opening_hours", "closed_dates"], ["2027-02-30"]), ("/venue/opening_hours/closed_dates/0", "not a date"))
case("email-bad", S(["venue", "contact", "email"], "museum at example"), ("/venue/contact/email", "not an e-mail address"))
case("website-http", S(["venue", "contact", "website"], "http://museum.example"), ("/venue/contact/website", "must use https"))
case("phone-bad", S(["venue", "contact", "phone"], "call us!"), ("/venue/contact/phone", "not a phone number"))
case("no-entrance", D(["venue", "access", "entrances"]), ("/venue/access/entrances", "list at least one entrance"))
case("entrance-duplicate-id", lambda d: d["venue"]["access"]["entrances"].append(copy.deepcopy(d["venue"]["access"]["entrances"][0])), ("/venue/access/entrances/1/id", "duplicate entrance id 'main' (first at /venue/access/entrances/0/id)"))
case("step-free-not-bool", S(["venue", "access", "entrances", 0, "step_free"], "yes"), ("/venue/access/entrances/0/step_free", "expected true or false, got a string"))
case("lift-one-floor", S(["venue", "access", "lifts"], [{"id": "l", "name": {"ko": "승강기", "en": "Lift"}, "description": {"ko": "설명", "en": "Text"}, "floors": [1]}]), ("/venue/access/lifts/0/floors", "at least two floors"))
case("gallery-duplicate", lambda d: d["galleries"].append(copy.deepcopy(d["galleries"][0])), ("/galleries/1/id", "duplicate gallery id 'hall'"))
case("gallery-floor-fraction", S(["galleries", 0, "floor"], 1.5), ("/galleries/0/floor", "expected an integer, got a number with a fraction"))
case("gallery-floor-range", S(["galleries", 0, "floor"], 900), ("/galleries/0/floor", "900 is out of range"))
case("exhibit-unknown-gallery", S(["exhibits", 1, "gallery"], "attic"), ("/exhibits/1/gallery", "unknown gallery 'attic'"))
case("exhibit-duplicate-id", S(["exhibits", 1, "id"], "moon-jar"), ("/exhibits/1/id", "duplicate exhibit id 'moon-jar' (first at /exhibits/0/id)"))
case("exhibit-duplicate-code", S(["exhibits", 1, "code"], "101"), ("/exhibits/1/code", "duplicate code '101' (first at /exhibits/0/code)"))
case("exhibit-code-letters", S(["exhibits", 0, "code"], "10a"), ("/exhibits/0/code", "codes are 3 to 6 digits"))
case("exhibit-code-number", S(["exhibits", 0, "code"], 101), ("/exhibits/0/code", "expected a string, got an integer"))
case("exhibit-missing-audio-description", D(["exhibits", 0, "audio_description"]), ("/exhibits/0/audio_description", "required field is missing"))
case("exhibit-field-typo", lambda d: d["exhibits"][0].update({"titel": d["exhibits"][0]["title"]}), ("/exhibits/0/titel", "did you mean 'title'?"))
case("image-http", S(["exhibits", 0, "images", 0, "url"], "http://media.example/jar.jpg"), ("/exhibits/0/images/0/url", "must use https"))
case("image-no-alt", D(["exhibits", 0, "images", 0, "alt"]), ("/exhibits/0/images/0/alt", "required field is missing"))
case("image-url-garbage", S(["exhibits", 0, "images", 0, "url"], "not a url"), ("/exhibits/0/images/0/url", "not a valid URL"))
# an image has a url, or, one sorid could not fetch at publish, its source_url
case("image-no-url", D(["exhibits", 0, "images", 0, "url"]), ("/exhibits/0/images/0/url", "required field is missing"))
case("image-source-http", S(["exhibits", 0, "images", 0, "source_url"], "http://media.example/jar.jpg"), ("/exhibits/0/images/0/source_url", "must use https"))
case("too-many-images", S(["exhibits", 0, "images"], [{"url": "https://m.example/a.jpg", "alt": {"ko": "사진", "en": "Photo"}}] * 17), ("/exhibits/0/images", "17 entries; the limit is 16"))
case("sign-language-bad-tag", S(["exhibits", 0, "sign_language"], {"video": "https://m.example/s.mp4", "captions": "https://m.example/s.vtt", "language": "Korean Sign"}), ("/exhibits/0/sign_language/language", "not a BCP 47 language tag"))
case("narration-undeclared", S(["exhibits", 0, "narration"], {"ja": {"audio": "https://m.example/n.mp3", "captions": "https://m.example/n.vtt"}}), ("/exhibits/0/narration/ja", "does not declare"))
case("display-height-negative", S(["exhibits", 0, "access", "display_height_cm"], -5), ("/exhibits/0/access/display_height_cm", "-5 is out of range"))
case("exhibit-licence-unknown", S(["exhibits", 0, "licence"], "all-rights-reserved"), ("/exhibits/0/licence", "not an open licence"))
case("beacon-malformed-uuid", S(["beacons", 0, "id"], "ibeacon:not-a-uuid:1:101"), ("/beacons/0/id", "malformed beacon ID"), ("/bindings/0/beacon", "unknown beacon"))
case("beacon-major-range", S(["beacons", 0, "id"], "ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:70000:1"), ("/beacons/0/id", "major must be a decimal number from 0 to 65535"), ("/bindings/0/beacon", "unknown beacon"))
case("beacon-eddystone-short", S(["beacons", 1, "id"], "eddystone-uid:abcd:000000000001"), ("/beacons/1/id", "namespace must be 20 hexadecimal digits"), ("/bindings/1/beacon", "unknown beacon"))
case("beacon-unknown-scheme", S(["beacons", 0, "id"], "altbeacon:1234"), ("/beacons/0/id", "expected ibeacon:, eddystone-uid: or eid:"), ("/bindings/0/beacon", "unknown beacon"))
case("beacon-duplicate", S(["beacons", 1, "id"], "ibeacon:5A4BCFCE-174E-4BAC-A814-092E77F6B7E5:1:101"), ("/beacons/1/id", "duplicate beacon"), ("/bindings/1/beacon", "unknown beacon"))
case("binding-undeclared-beacon", S(["bindings", 0, "beacon"], "ibeacon:5a4bcfce-174e-4bac-a814-092e77f6b7e5:9:9"), ("/bindings/0/beacon", "unknown beacon"))
case("binding-unknown-exhibit", S(["bindings", 0, "exhibit"], "ghost"), ("/bindings/0/exhibit", "unknown exhibit 'ghost'"))
case("binding-both-targets", S(["bindings", 0, "gallery"], "hall"), ("/bindings/0", "exactly one of 'exhibit' or 'gallery'"))
case("binding-neither-key", D(["bindings", 0, "beacon"]), ("/bindings/0", "exactly one of 'beacon' or 'code'"))
case("binding-code-clash", S(["bindings", 2, "code"], "102"), ("/bindings/2/code", "duplicate code '102' (first at /exhibits/1/code)"))
case("beacon-ephemeral", lambda d: d["beacons"].append({"id": "eid:88164c9e51dfbc05"}), ("/beacons/2/id", "is an ephemeral ID"))
case("binding-eid-name-bad", lambda d: (d["beacons"].append({"id": "eid:Lobby One"}),), ("/beacons/2/id", "EID beacon name"))
case("beacon-bound-twice", lambda d: d["bindings"].append({"beacon": d["bindings"][0]["beacon"], "exhibit": "celadon"}), ("/bindings/3/beacon", "already bound (at /bindings/0/beacon)"))
case("many-problems", lambda d: (setp(d, ["venue", "id"], "X"), setp(d, ["exhibits", 0, "code"], "1"), delp(d, ["exhibits", 1, "title"])),
     ("/venue/id", "not a valid id"), ("/exhibits/0/code", "codes are 3 to 6 digits"), ("/exhibits/1/title", "required field is missing"))

# the map: a small one on minimal.json, then one edit
def T(en): return {"ko": en, "en": en}
BASE_MAP = {
    "floors": [{"level": 1, "name": T("Ground floor")}],
    "places": [
        {"id": "main", "kind": "entrance", "floor": 1, "position": [0, 0], "entrance": "main", "name": T("Main door")},
        {"id": "hall", "kind": "gallery", "floor": 1, "position": [0, 10], "gallery": "hall", "name": T("Great Hall")},
    ],
    "ways": [{"from": "main", "to": "hall", "kind": "level"}],
}
def M(*edits):
    def edit(d):
        d["map"] = copy.deepcopy(BASE_MAP)
        for e in edits:
            e(d)
    return edit
def add_place(place): return lambda d: d["map"]["places"].append(place)
def add_way(way): return lambda d: d["map"]["ways"].append(way)
WAY = ["map", "ways", 0]
PLACE = ["map", "places", 1]
case("map-place-kind-unknown", M(S(PLACE + ["kind"], "stairwell")), ("/map/places/1/kind", "'stairwell' is not a kind of place"))
case("map-place-floor-undeclared", M(S(PLACE + ["floor"], 3)), ("/map/places/1/floor", "floor 3 is not in /map/floors"), ("/map/places/1/gallery", "gallery 'hall' is on floor 1, this place on floor 3"), ("/map/ways/0/kind", "a level way joins places on one floor"))
case("map-position-short", M(S(PLACE + ["position"], [1])), ("/map/places/1/position", "give the position as [x, y]"))
case("map-position-string", M(S(PLACE + ["position"], ["north", 2])), ("/map/places/1/position/0", "expected a number of metres, got a string"))
case("map-place-duplicate", M(S(PLACE + ["id"], "main"), D(PLACE + ["gallery"]), S(PLACE + ["kind"], "junction")), ("/map/places/1/id", "duplicate place id 'main'"), ("/map/ways/0/to", "unknown place 'hall'"))
case("map-place-id-collision", M(add_place({"id": "moon-jar", "kind": "junction", "floor": 1, "position": [5, 5], "name": T("Corner")})), ("/map/places/2/id", "'moon-jar' is the id of exhibit 'moon-jar'"))
case("map-binding-unknown", M(S(PLACE + ["gallery"], "attic"), S(PLACE + ["id"], "attic")), ("/map/places/1/gallery", "unknown gallery 'attic'"), ("/map/ways/0/to", "unknown place 'hall'"))
case("map-binding-wrong-kind", M(S(PLACE + ["kind"], "junction")), ("/map/places/1/gallery", "'gallery' binds only a place of kind gallery, not junction"))
case("map-bound-twice", M(add_place({"id": "hall-2", "kind": "gallery", "floor": 1, "position": [0, 20], "gallery": "hall", "name": T("Hall, far end")})), ("/map/places/2/gallery", "gallery 'hall' is bound already, at /map/places/1/gallery"))
case("map-gallery-not-on-map", M(S(PLACE + ["id"], "great-hall"), D(PLACE + ["gallery"]), S(PLACE + ["kind"], "junction"), S(WAY + ["to"], "great-hall")), ("/galleries/0", "gallery 'hall' is not on the map"))
case("map-no-entrance", M(S(["map", "places", 0, "kind"], "junction"), D(["map", "places", 0, "entrance"]), S(["map", "places", 0, "id"], "door"), S(WAY + ["from"], "door")), ("/map/places", "no place of kind entrance"))
case("map-way-unknown-place", M(S(WAY + ["to"], "attic")), ("/map/ways/0/to", "unknown place 'attic'"))
case("map-way-kind-unknown", M(S(WAY + ["kind"], "slide")), ("/map/ways/0/kind", "'slide' is not a kind of way"))
case("map-way-field-typo", M(S(WAY + ["widht_cm"], 90)), ("/map/ways/0/widht_cm", "did you mean 'width_cm'?"))
case("map-way-to-itself", M(S(WAY + ["to"], "main")), ("/map/ways/0/to", "two different places"))
case("map-stairs-no-steps", M(S(WAY + ["kind"], "stairs")), ("/map/ways/0/steps", "how many steps"))
case("map-ramp-no-slope", M(S(WAY + ["kind"], "ramp")), ("/map/ways/0/slope_pct", "a ramp's slope"))
case("map-door-no-type", M(S(WAY + ["kind"], "door")), ("/map/ways/0/door", "automatic, manual, heavy or revolving"))
case("map-door-on-level", M(S(WAY + ["door"], "heavy")), ("/map/ways/0/door", "a level way has no door"))
case("map-handrail-bad", M(S(WAY + ["handrail"], "middle")), ("/map/ways/0/handrail", "'middle' is not one of none, left, right, both"))
case("map-slope-range", M(S(WAY + ["slope_pct"], 150)), ("/map/ways/0/slope_pct", "150 is out of range"))
case("map-step-height-alone", M(S(WAY + ["step_height_cm"], 15)), ("/map/ways/0/step_height_cm", "needs the number of steps"))
case("map-way-too-short", M(S(WAY + ["length_m"], 2)), ("/map/ways/0/length_m", "shorter than the straight line"))
case("map-same-position", M(S(PLACE + ["position"], [0, 0])), ("/map/ways/0/length_m", "at the same position"))
case("map-way-duplicate", M(add_way({"from": "hall", "to": "main", "kind": "level"})), ("/map/ways/1", "the same level way between these places is at /map/ways/0"))
case("map-level-across-floors", M(lambda d: d["map"]["floors"].append({"level": 2, "name": T("First floor")}), lambda d: d["galleries"][0].update({"floor": 2}), S(PLACE + ["floor"], 2)), ("/map/ways/0/kind", "a level way joins places on one floor"))
case("map-lift-same-floor", M(add_place({"id": "lift-a", "kind": "lift", "floor": 1, "position": [5, 0], "name": T("Lift")}), add_place({"id": "lift-b", "kind": "lift", "floor": 1, "position": [5, 1], "name": T("Lift")}), add_way({"from": "lift-a", "to": "lift-b", "kind": "lift"})), ("/map/ways/1/kind", "a lift way joins two floors"))
case("map-lift-floor-missing", M(S(["venue", "access", "lifts"], [{"id": "l", "name": T("Lift"), "description": T("By the door"), "floors": [1, 2]}])), ("/venue/access/lifts/0/floors/1", "floor 2, which is not in /map/floors"))
case("map-unreachable", M(add_place({"id": "store", "kind": "junction", "floor": 1, "position": [9, 9], "name": T("Store")})), ("/map/places/2", "no way reaches 'store' from an entrance"))
case("map-one-way-trap", M(S(WAY + ["one_way"], True)), ("/map/places/1", "no way leads from 'hall' back to an entrance or exit"))
case("map-step-free-claim", M(S(WAY + ["steps"], 2)), ("/galleries/0/step_free", "gallery 'hall' says it is step-free, but every way to it from a step-free entrance uses stairs, steps or an escalator"))
case("map-step-free-no-entrance", M(S(["venue", "access", "entrances", 0, "step_free"], False)), ("/galleries/0/step_free", "no entrance on the map is step-free"))
case("map-origin-range", M(S(["map", "origin"], {"lat": 95, "lon": 127})), ("/map/origin/lat", "95 is out of range"))

# printed codes (/markers): a valid set on minimal.json, then one edit
def K(*edits, codes=None, map=False):
    def edit(d):
        if map:
            d["map"] = copy.deepcopy(BASE_MAP)
        d["markers"] = {"family": "tagStandard41h12", "size_mm": 150, "codes": codes if codes is not None else [
            {"marker": 1, "exhibit": "moon-jar", "size_mm": 100},
            {"marker": 2, "gallery": "hall"},
            {"marker": 3, "entrance": "main"},
        ]}
        for e in edits:
            e(d)
    return edit
CODE = ["markers", "codes", 1]
case("markers-not-object", S(["markers"], []), ("/markers", "expected an object, got an array"))
case("markers-field-typo", K(S(["markers", "sizes_mm"], 150)), ("/markers/sizes_mm", "did you mean 'size_mm'?"))
case("markers-family-other", K(S(["markers", "family"], "tag36h11")), ("/markers/family", "'tag36h11' is not a family of codes sori reads: use tagStandard41h12"))
case("markers-codes-missing", K(D(["markers", "codes"])), ("/markers/codes", "required field is missing"))
case("markers-size-missing", K(D(["markers", "size_mm"])), ("/markers/size_mm", "required field is missing"))
case("markers-size-small", K(S(["markers", "size_mm"], 10)), ("/markers/size_mm", "10 mm is not a printable size: use 20 to 220 mm"))
case("markers-size-large", K(S(CODE + ["size_mm"], 300)), ("/markers/codes/1/size_mm", "300 mm is not a printable size: use 20 to 220 mm (smaller is read only at arm's length, larger does not fit an A3 sheet with its quiet zone)"))
case("markers-size-fraction", K(S(["markers", "size_mm"], 99.5)), ("/markers/size_mm", "expected an integer, got a number"))
case("markers-number-range", K(S(CODE + ["marker"], 2115)), ("/markers/codes/1/marker", "2115 is out of range: it must be from 0 to 2114"))
case("markers-number-negative", K(S(CODE + ["marker"], -1)), ("/markers/codes/1/marker", "-1 is out of range: it must be from 0 to 2114"))
case("markers-number-string", K(S(CODE + ["marker"], "2")), ("/markers/codes/1/marker", "expected an integer, got a string"))
case("markers-number-missing", K(D(CODE + ["marker"])), ("/markers/codes/1/marker", "required field is missing"))
case("markers-duplicate", K(S(CODE + ["marker"], 1)), ("/markers/codes/1/marker", "duplicate code 1 (first at /markers/codes/0/marker)"))
case("markers-two-targets", K(S(CODE + ["exhibit"], "celadon")), ("/markers/codes/1", "a code binds exactly one of 'exhibit', 'gallery', 'entrance' or 'place', not several"))
case("markers-no-target", K(D(CODE + ["gallery"])), ("/markers/codes/1", "a code binds exactly one of 'exhibit', 'gallery', 'entrance' or 'place'"))
case("markers-unknown-exhibit", K(S(["markers", "codes", 0, "exhibit"], "ghost")), ("/markers/codes/0/exhibit", "unknown exhibit 'ghost': it is not in /exhibits"))
case("markers-unknown-gallery", K(S(CODE + ["gallery"], "attic")), ("/markers/codes/1/gallery", "unknown gallery 'attic': it is not in /galleries"))
case("markers-unknown-entrance", K(S(["markers", "codes", 2, "entrance"], "back")), ("/markers/codes/2/entrance", "unknown entrance 'back': it is not in /venue/access/entrances"))
case("markers-bad-id", K(S(CODE + ["gallery"], "Great Hall")), ("/markers/codes/1/gallery", "not a valid id"))
case("markers-place-no-map", K(codes=[{"marker": 5, "place": "hall"}]), ("/markers/codes/0/place", "place 'hall' is not on the map: the venue has no /map"))
case("markers-place-unknown", K(codes=[{"marker": 5, "place": "attic"}], map=True), ("/markers/codes/0/place", "unknown place 'attic': it is not in /map/places"))
case("markers-code-not-object", K(S(CODE, 7)), ("/markers/codes/1", "expected an object, got an integer"))
case("markers-code-field-typo", K(S(CODE + ["galery"], "hall")), ("/markers/codes/1/galery", "did you mean 'gallery'?"))
case("markers-too-many", K(codes=[{"marker": i % 2115, "gallery": "hall"} for i in range(2116)]), ("/markers/codes", "2116"))

os.makedirs(out, exist_ok=True)
for f in os.listdir(out):
    os.remove(os.path.join(out, f))
for name, edit, expected, raw in cases:
    if raw is None:
        doc = copy.deepcopy(base)
        edit(doc)
        raw = json.dumps(doc, ensure_ascii=False, indent=1).encode()
    open(os.path.join(out, name + ".json"), "wb").write(raw)
    with open(os.path.join(out, name + ".expected"), "w") as f:
        for pointer, reason in expected:
            f.write(f"{pointer}\t{reason}\n")
print(f"{len(cases)} invalid catalogues written to {out}", file=sys.stderr)
