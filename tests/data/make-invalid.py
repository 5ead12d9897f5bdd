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
