# bench/soak's visitors: phones reading a venue through the public API and
# the web app, each answer checked (status and body), and the record every
# part of the soak writes its requests and errors to.
#
# Python 3 standard library only, like every bench script.
import datetime
import gzip
import hashlib
import http.client
import json
import random
import sys
import threading
import time
import zoneinfo

# errors printed to stderr (at most a few of each kind), the rest only counted
ERRORS_SHOWN = 30
ERRORS_SHOWN_OF_A_KIND = 3


def percentile(values, p):
    values = sorted(values)
    if not values:
        return 0.0
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


class Record:
    """what every thread of the soak reports: requests by kind, unexpected
    answers, and the visitors' latencies while measuring"""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}
        self.errors = 0
        self.measuring = False
        self.latencies = []
        self.publish_ms = []
        self.shown = {}

    def count(self, kind, ms=None):
        with self.lock:
            self.counts[kind] = self.counts.get(kind, 0) + 1
            if kind == "visitor" and ms is not None and self.measuring:
                self.latencies.append(ms)

    def error(self, what, expected, got):
        kind = what.split("?")[0].split(" ")[0]
        with self.lock:
            self.errors += 1
            seen = self.shown.get(kind, 0)
            shown = seen < ERRORS_SHOWN_OF_A_KIND and sum(self.shown.values()) < ERRORS_SHOWN
            self.shown[kind] = seen + 1
        if shown:
            print(f"bench/soak: error: {what}: expected {expected}; got {got}",
                  file=sys.stderr, flush=True)

    def total(self, kind=None):
        with self.lock:
            if kind is None:
                return sum(self.counts.values())
            return self.counts.get(kind, 0)


class Answer:
    def __init__(self, status, headers, body, ms):
        self.status, self.headers, self.body, self.ms = status, headers, body, ms

    def header(self, name):
        return self.headers.get(name.lower())


class Connection:
    """a phone's connection: kept alive, or a new one for every request; a
    request on a kept connection that the server had closed meanwhile is
    sent again on a new one, as browsers do"""

    def __init__(self, port, keep_alive=True, timeout=30, record=None):
        self.port, self.keep_alive, self.timeout = port, keep_alive, timeout
        self.record = record  # counts the requests sent again
        self.conn = None

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method, path, headers=None, body=None):
        """an Answer; raises OSError or http.client.HTTPException when none came"""
        headers = dict(headers or {})
        if not self.keep_alive:
            headers["Connection"] = "close"
        for attempt in (0, 1):
            reused = self.conn is not None
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                                       timeout=self.timeout)
            start = time.monotonic()
            try:
                self.conn.request(method, path, body=body, headers=headers)
                reply = self.conn.getresponse()
                data = reply.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if reused and attempt == 0:
                    if self.record is not None:
                        self.record.count("retry")
                    continue
                raise
            except (OSError, http.client.HTTPException):
                self.close()
                raise
            ms = (time.monotonic() - start) * 1000
            answer = Answer(reply.status, {k.lower(): v for k, v in reply.getheaders()}, data, ms)
            if not self.keep_alive or reply.will_close:
                self.close()
            return answer
        raise AssertionError("not reached")


class Site:
    """what the visitors know of the venue: its ids, its media's bytes, and the
    two versions of its catalogue that the publisher alternates between"""

    def __init__(self, catalogue, media_dir, venue):
        self.venue = venue
        self.exhibits = [e["id"] for e in catalogue["exhibits"]]
        self.galleries = [g["id"] for g in catalogue.get("galleries", [])]
        self.places = [p["id"] for p in catalogue["map"]["places"]]
        self.codes = [e["code"] for e in catalogue["exhibits"] if "code" in e]
        self.timezone = zoneinfo.ZoneInfo(catalogue["venue"].get("timezone", "UTC"))
        self.lock = threading.Lock()
        self.media = {}  # url path: bytes
        self.routes = []  # (query, its answer's from id, to id, steps) found in the warm-up
        self.speech = []  # (exhibit, field, lang) rendered in the warm-up
        self.names = set()  # the venue's name in English, in either version
        self.media_dir = media_dir

    def add_media(self, path, data):
        with self.lock:
            self.media[path] = data

    def pick_media(self, rng):
        with self.lock:
            path = rng.choice(sorted(self.media))
            return path, self.media[path]

    def today(self):
        return datetime.datetime.now(self.timezone).strftime("%Y-%m-%d")


def check_json(answer, status=200):
    """the JSON of an answer of @status, or a string saying what is wrong"""
    if answer.status != status:
        return f"status {answer.status}: {answer.body[:200]!r}"
    if not (answer.header("content-type") or "").startswith("application/json"):
        return f"Content-Type {answer.header('content-type')}"
    try:
        return json.loads(answer.body)
    except ValueError as e:
        return f"a body that is not JSON ({e}): {answer.body[:200]!r}"


class Visitor(threading.Thread):
    """one phone: a request from the mix, checked, then a pause; until stopped"""

    # (weight, method name)
    MIX = [(22, "exhibit"), (5, "venue"), (4, "exhibit_list"), (3, "code"), (18, "page"),
           (3, "app_file"), (14, "media_range"), (9, "directions"), (9, "speech"),
           (5, "usage"), (2, "places")]

    def __init__(self, port, site, record, seed, keep_alive, pause_s):
        super().__init__(daemon=True)
        self.site, self.record = site, record
        self.conn = Connection(port, keep_alive, record=record)
        self.rng = random.Random(seed)
        self.pause_s = pause_s
        self.stop = threading.Event()
        self.etags = {}
        self.kinds = [name for weight, name in self.MIX for _ in range(weight)]

    def run(self):
        while not self.stop.is_set():
            kind = self.rng.choice(self.kinds)
            try:
                getattr(self, "visit_" + kind)()
            except (OSError, http.client.HTTPException) as e:
                self.record.count("visitor")
                self.record.error(f"visitor {kind}", "an answer", f"{type(e).__name__}: {e}")
            except Exception as e:  # an answer the checks could not read
                self.record.error(f"visitor {kind}", "an answer that can be checked",
                                  f"{type(e).__name__}: {e}")
            # a pause around the mean, so that the phones do not march in step
            self.stop.wait(self.rng.expovariate(1 / self.pause_s) if self.pause_s > 0 else 0)
        self.conn.close()

    def get(self, path, headers=None, method="GET", body=None):
        answer = self.conn.request(method, path, headers, body)
        self.record.count("visitor", answer.ms)
        return answer

    def expect(self, what, ok, expected, got):
        if not ok:
            self.record.error(what, expected, got)
        return ok

    def visit_exhibit(self):
        exhibit = self.rng.choice(self.site.exhibits)
        lang = self.rng.choice(("en", "ko"))
        path = f"/v1/venues/{self.site.venue}/exhibits/{exhibit}?lang={lang}"
        headers = {}
        # a phone that has it asks whether it changed
        if path in self.etags and self.rng.random() < 0.5:
            headers["If-None-Match"] = self.etags[path]
        answer = self.get(path, headers)
        if answer.status == 304 and headers:
            self.expect(path, answer.body == b"", "a 304 without a body", answer.body[:100])
            return
        doc = check_json(answer)
        if not self.expect(path, isinstance(doc, dict), "200 and an exhibit's JSON", doc):
            return
        self.expect(path, doc.get("id") == exhibit and doc.get("lang") == lang,
                    f"id {exhibit}, lang {lang}", f"id {doc.get('id')}, lang {doc.get('lang')}")
        if answer.header("etag"):
            self.etags[path] = answer.header("etag")

    def visit_venue(self):
        path = f"/v1/venues/{self.site.venue}?lang=en"
        doc = check_json(self.get(path))
        if self.expect(path, isinstance(doc, dict), "200 and the venue's JSON", doc):
            name = doc.get("name", {}).get("text") if isinstance(doc.get("name"), dict) \
                else doc.get("name")
            self.expect(path, doc.get("id") == self.site.venue and name in self.site.names,
                        f"the venue, named one of {sorted(self.site.names)}",
                        f"{doc.get('id')} named {name!r}")

    def visit_exhibit_list(self):
        path = f"/v1/venues/{self.site.venue}/exhibits?lang=ko"
        doc = check_json(self.get(path))
        if self.expect(path, isinstance(doc, dict), "200 and JSON", doc):
            ids = {e.get("id") for e in doc.get("exhibits", [])}
            self.expect(path, ids == set(self.site.exhibits), "every exhibit",
                        f"{len(ids)} exhibits")

    def visit_code(self):
        code = self.rng.choice(self.site.codes)
        path = f"/v1/venues/{self.site.venue}/codes/{code}"
        doc = check_json(self.get(path))
        if self.expect(path, isinstance(doc, dict), "200 and JSON", doc):
            self.expect(path, doc.get("code") == code and doc.get("target") in
                        ("exhibit", "gallery"), f"code {code} and its target", str(doc)[:200])

    def visit_page(self):
        venue = self.site.venue
        pages = [f"/v/{venue}", f"/v/{venue}/keypad", f"/v/{venue}/access",
                 f"/v/{venue}/e/{self.rng.choice(self.site.exhibits)}",
                 f"/v/{venue}/e/{self.rng.choice(self.site.exhibits)}?lang=en",
                 f"/v/{venue}/g/{self.rng.choice(self.site.galleries)}"]
        path = self.rng.choice(pages)
        answer = self.get(path, {"Accept-Encoding": "gzip"} if self.rng.random() < 0.3 else {})
        if not self.expect(path, answer.status == 200, "200", f"{answer.status}"):
            return
        body = answer.body
        if answer.header("content-encoding") == "gzip":
            try:
                body = gzip.decompress(body)
            except (OSError, EOFError) as e:
                self.record.error(path, "a whole gzip body", str(e))
                return
        self.expect(path, (answer.header("content-type") or "").startswith("text/html")
                    and b"<h1" in body and b"</h1>" in body and body.rstrip().endswith(b"</html>"),
                    "a whole HTML page with its <h1>", body[:120])

    def visit_app_file(self):
        path = self.rng.choice(["/app/main.js", "/app/sori.css", "/sw.js", "/manifest.webmanifest",
                                "/app/icon.svg"])
        answer = self.get(path)
        self.expect(path, answer.status == 200 and len(answer.body) > 100, "200 and the file",
                    f"{answer.status}, {len(answer.body)} bytes")

    def visit_media_range(self):
        path, data = self.site.pick_media(self.rng)
        size = len(data)
        choice = self.rng.random()
        if choice < 0.1 and size <= 1024 * 1024:
            answer = self.get(path)
            self.expect(path, answer.status == 200 and answer.body == data,
                        f"200 and the {size} bytes", f"{answer.status}, {len(answer.body)} bytes")
            return
        if choice < 0.2:
            answer = self.get(path, {"Range": f"bytes={size + self.rng.randrange(1, 1000)}-"})
            self.expect(path + " past the end", answer.status == 416 and
                        answer.header("content-range") == f"bytes */{size}",
                        f"416 with Content-Range bytes */{size}",
                        f"{answer.status} with {answer.header('content-range')}")
            return
        if choice < 0.25:
            # numbers past 64 bits (issue 24): a first byte past the end is
            # unsatisfiable, a last byte or a suffix past the end is the whole file
            huge = self.rng.choice(["99999999999999999999", "18446744073709551615",
                                    "18446744073709551616"])
            spec = self.rng.choice([f"bytes={huge}-", f"bytes=0-{huge}", f"bytes=-{huge}"])
            answer = self.get(path, {"Range": spec})
            if spec.startswith(f"bytes={huge}"):
                ok = answer.status == 416 and answer.header("content-range") == f"bytes */{size}"
                want = f"416 with Content-Range bytes */{size}"
            else:
                ok = answer.status == 206 and \
                    answer.header("content-range") == f"bytes 0-{size - 1}/{size}" and \
                    answer.body == data
                want = f"206, bytes 0-{size - 1}/{size} and the whole file"
            self.expect(f"{path} Range {spec}", ok, want,
                        f"{answer.status} with {answer.header('content-range')}, "
                        f"{len(answer.body)} bytes")
            return
        if choice < 0.35:
            n = self.rng.randrange(1, min(size, 65536))
            first, last, spec = size - n, size - 1, f"bytes=-{n}"
        else:
            first = self.rng.randrange(0, size)
            last = min(size - 1, first + self.rng.randrange(0, 256 * 1024))
            spec = f"bytes={first}-{last}" if self.rng.random() < 0.8 else f"bytes={first}-"
            if spec.endswith("-"):
                last = size - 1
        answer = self.get(path, {"Range": spec})
        want = f"bytes {first}-{last}/{size}"
        self.expect(f"{path} Range {spec}", answer.status == 206 and
                    answer.header("content-range") == want and
                    answer.body == data[first:last + 1],
                    f"206, {want} and its {last - first + 1} bytes",
                    f"{answer.status}, {answer.header('content-range')}, {len(answer.body)} bytes")

    def visit_directions(self):
        query, start, end, steps = self.rng.choice(self.site.routes)
        path = f"/v1/venues/{self.site.venue}/route?{query}"
        doc = check_json(self.get(path))
        if self.expect(path, isinstance(doc, dict), "200 and a route", doc):
            got = route_summary(doc)
            self.expect(path, got == (start, end, steps),
                        f"from {start} to {end} in {steps} steps, as in the warm-up",
                        f"from {got[0]} to {got[1]} in {got[2]} steps")

    def visit_speech(self):
        exhibit, field, lang = self.rng.choice(self.site.speech)
        kind = "captions" if self.rng.random() < 0.3 else "audio"
        path = (f"/v1/venues/{self.site.venue}/exhibits/{exhibit}/{kind}?lang={lang}"
                f"&field={field}")
        answer = self.get(path)
        location = answer.header("location") or ""
        if not self.expect(path, answer.status == 302 and location.startswith("/v1/media/"),
                           "302 to /v1/media/", f"{answer.status} to {location!r}"):
            return
        if kind == "captions":
            media = self.get(location)
            self.expect(location, media.status == 200 and media.body.startswith(b"WEBVTT")
                        and b"-->" in media.body, "200 and WebVTT captions",
                        f"{media.status}, {media.body[:60]!r}")
            return
        # Safari asks for the first two bytes first
        if self.rng.random() < 0.3:
            media = self.get(location, {"Range": "bytes=0-1"})
            self.expect(location + " Range bytes=0-1", media.status == 206 and
                        len(media.body) == 2 and
                        (media.header("content-range") or "").startswith("bytes 0-1/"),
                        "206 and two bytes", f"{media.status}, {len(media.body)} bytes")
            return
        media = self.get(location)
        self.expect(location, media.status == 200 and len(media.body) > 1000 and
                    (media.body[0] == 0xff or media.body.startswith(b"ID3")) and
                    media.header("content-type") == "audio/mpeg",
                    "200 and MP3 audio", f"{media.status}, {len(media.body)} bytes "
                    f"{media.header('content-type')} {media.body[:4]!r}")

    def visit_usage(self):
        events = []
        for exhibit in self.rng.sample(self.site.exhibits, 3):
            events.append({"exhibit": exhibit, "feature": "opened"})
        events.append({"exhibit": events[0]["exhibit"], "feature": "captions"})
        events.append({"place": self.rng.choice(["toilet-1", "toilet-2", "desk"]),
                       "feature": "directions:wheelchair"})
        body = json.dumps({"day": self.site.today(), "events": events,
                           "settings": {"high_contrast": self.rng.random() < 0.2,
                                        "mode": self.rng.choice(["listen", "read", "sign"])}})
        path = f"/v1/venues/{self.site.venue}/usage"
        answer = self.get(path, {"Content-Type": "application/json"}, "POST", body.encode())
        self.expect(path, answer.status == 204 and answer.body == b"", "204 and no body",
                    f"{answer.status}, {answer.body[:200]!r}")

    def visit_places(self):
        path = f"/v1/venues/{self.site.venue}/places?lang=en"
        doc = check_json(self.get(path))
        if self.expect(path, isinstance(doc, dict), "200 and JSON", doc):
            ids = {p.get("id") for p in doc.get("places", [])}
            self.expect(path, ids and ids <= set(self.site.places),
                        "places of the venue's map", f"{sorted(ids)}")


def route_summary(doc):
    """a route's answer in short: (from id, to id, steps)"""
    steps = doc.get("steps")
    return (doc.get("from", {}).get("id"), doc.get("to", {}).get("id"),
            len(steps) if isinstance(steps, list) else None)


def sha256(data):
    return hashlib.sha256(data).hexdigest()
