#!/usr/bin/python3
# Copyright 2026 The sori authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""
The sample venues' pictures: simple illustrations drawn by this script (a
vessel's outline, a wrapping cloth's patches, a chest and its fittings), not
photographs of the objects, and said to be so in their alt text. They ship as
the venue's own media in data/venues/media/, named by their SHA-256 as sorid
names an upload, so the quick start shows pictures and keeps them offline
without reaching anyone else's server.

    data/sample-pictures.py        draw them and point the catalogues at them

Python's standard library only: PNG is zlib and a CRC.
"""

import hashlib
import json
import math
import os
import random
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
VENUES = os.path.join(HERE, 'venues')
MEDIA = os.path.join(VENUES, 'media')
WIDTH, HEIGHT = 800, 600
LABEL = {'en': 'Illustration (sample): ', 'ko': '예시 그림: '}


def png(pixels):
    """An RGB PNG of rows of (r, g, b) tuples."""
    raw = bytearray()
    for row in pixels:
        raw.append(0)
        for r, g, b in row:
            raw += bytes((r, g, b))

    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    head = struct.pack('>IIBBBBB', WIDTH, HEIGHT, 8, 2, 0, 0, 0)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', head) + chunk(b'IDAT', zlib.compress(bytes(raw), 9)) + chunk(b'IEND', b'')


def canvas(wall, floor):
    rows = []
    for y in range(HEIGHT):
        colour = wall if y < HEIGHT * 0.78 else floor
        rows.append([colour] * WIDTH)
    return rows


def shade(colour, k):
    return tuple(max(0, min(255, int(c * k))) for c in colour)


def rect(rows, x0, y0, x1, y1, colour):
    for y in range(max(0, int(y0)), min(HEIGHT, int(y1))):
        row = rows[y]
        for x in range(max(0, int(x0)), min(WIDTH, int(x1))):
            row[x] = colour


def vessel(rows, profile, colour, top=90, bottom=470):
    """A turned pot: @profile gives its half-width at t (0 top, 1 foot), lit from the left."""
    cx = WIDTH // 2
    for y in range(top, bottom):
        t = (y - top) / (bottom - top)
        half = profile(t)
        for x in range(int(cx - half), int(cx + half)):
            u = (x - (cx - half)) / max(1, 2 * half)
            k = 1.12 if u < 0.3 else 1.0 if u < 0.7 else 0.82
            rows[y][x] = shade(colour, k)
    # the plinth it stands on
    rect(rows, cx - 190, bottom, cx + 190, bottom + 24, (150, 140, 128))


def patchwork(rows, seed, colours, cells=5):
    """A wrapping cloth: patches of colour, seamed."""
    rnd = random.Random(seed)
    x0, y0, size = 170, 60, 460
    rect(rows, x0 - 6, y0 - 6, x0 + size + 6, y0 + size * 0.9 + 6, (90, 70, 60))
    edges_x = sorted(rnd.sample(range(40, size - 40), cells - 1))
    edges_y = sorted(rnd.sample(range(40, int(size * 0.9) - 40), cells - 1))
    xs = [0] + edges_x + [size]
    ys = [0] + edges_y + [int(size * 0.9)]
    for i in range(len(xs) - 1):
        for j in range(len(ys) - 1):
            rect(rows, x0 + xs[i] + 2, y0 + ys[j] + 2, x0 + xs[i + 1] - 2, y0 + ys[j + 1] - 2, rnd.choice(colours))


def chest(rows, body, metal, legs=True):
    """A wooden chest with metal fittings."""
    x0, y0, x1, y1 = 190, 150, 610, 440
    rect(rows, x0, y0, x1, y1, body)
    rect(rows, x0, y0, x1, y0 + 14, shade(body, 1.2))
    rect(rows, x0, (y0 + y1) // 2 - 4, x1, (y0 + y1) // 2 + 4, shade(body, 0.7))
    for fx in (x0 + 20, x1 - 60):
        for fy in (y0 + 30, y1 - 70):
            rect(rows, fx, fy, fx + 40, fy + 40, metal)
    rect(rows, (x0 + x1) // 2 - 35, (y0 + y1) // 2 - 40, (x0 + x1) // 2 + 35, (y0 + y1) // 2 + 40, metal)
    if legs:
        rect(rows, x0 + 10, y1, x0 + 40, y1 + 30, shade(body, 0.6))
        rect(rows, x1 - 40, y1, x1 - 10, y1 + 30, shade(body, 0.6))


WALL, FLOOR = (236, 231, 222), (196, 186, 170)
CLOTHS = [(196, 50, 60), (40, 90, 160), (230, 190, 60), (60, 140, 90), (240, 236, 226), (120, 60, 130)]
DYES = [(40, 60, 140), (200, 140, 40), (170, 50, 60), (90, 120, 60), (230, 210, 150)]


def moon(t):
    return 40 + 160 * math.sin(math.pi * (0.08 + 0.86 * t))


def maebyeong(t):
    return 30 + 130 * math.sin(math.pi * min(1, 0.15 + 1.1 * t) * 0.9) * (1 - 0.45 * t)


def flask(t):
    return 50 + 120 * math.sin(math.pi * (0.1 + 0.8 * t))


def onggi(t):
    return 110 + 90 * math.sin(math.pi * (0.05 + 0.7 * t))


def bowl(t):
    return 60 + 150 * math.sqrt(max(0.0, 1 - t)) if t > 0.35 else 210


def drawing(exhibit):
    """What to draw for an exhibit of the samples, by its id."""
    rows = canvas(WALL, FLOOR)
    kind = {
        'moon-jar': ('vessel', moon, (245, 243, 236)),
        'touch-moon-jar': ('vessel', moon, (240, 238, 228)),
        'celadon-maebyeong': ('vessel', maebyeong, (150, 186, 160)),
        'buncheong-flask': ('vessel', flask, (190, 186, 172)),
        'onggi-jar': ('vessel', onggi, (96, 62, 44)),
        'tea-bowl': ('vessel', lambda t: bowl(t) * 0.9, (170, 120, 80)),
        'brass-bowls': ('vessel', lambda t: bowl(t) * 0.8, (200, 160, 70)),
        'touch-brass': ('vessel', lambda t: bowl(t) * 0.7, (205, 165, 75)),
    }.get(exhibit)
    if kind:
        vessel(rows, kind[1], kind[2], top=250 if 'bowl' in exhibit or 'brass' in exhibit else 90)
    elif exhibit in ('bojagi', 'wedding-robe', 'embroidered-screen', 'norigae', 'touch-hanji', 'ramie-loom',
                     'natural-dyes'):
        patchwork(rows, exhibit, DYES if exhibit == 'natural-dyes' else CLOTHS, 4 if exhibit == 'touch-hanji' else 5)
    else:
        body = {'soban': (120, 70, 40), 'mother-of-pearl-box': (30, 30, 34), 'touch-roof-tile': (80, 84, 90),
                'kiln-model': (150, 90, 60), 'touch-map': (180, 170, 140)}.get(exhibit, (140, 90, 50))
        chest(rows, body, (200, 170, 90), legs=exhibit not in ('touch-roof-tile', 'touch-map'))
    return png(rows)


def main():
    os.makedirs(MEDIA, exist_ok=True)
    kept = set()
    for name in sorted(os.listdir(VENUES)):
        if not name.endswith('.json'):
            continue
        path = os.path.join(VENUES, name)
        with open(path, encoding='utf-8') as f:
            text = f.read()
        catalogue = json.loads(text)
        venue = catalogue['venue']['id']
        changed = False
        for exhibit in catalogue.get('exhibits', []):
            for image in exhibit.get('images', [])[:1]:
                data = drawing(exhibit['id'])
                digest = hashlib.sha256(data).hexdigest()
                file = f'{digest}.png'
                with open(os.path.join(MEDIA, file), 'wb') as out:
                    out.write(data)
                kept.add(file)
                image['url'] = f'/v1/venues/{venue}/media/{file}'
                image['width'], image['height'] = WIDTH, HEIGHT
                for lang, label in LABEL.items():
                    alt = image.get('alt', {})
                    if isinstance(alt, dict) and lang in alt and not alt[lang].startswith(label):
                        alt[lang] = label + alt[lang]
                changed = True
        if changed:
            with open(path, 'w', encoding='utf-8') as f:
                json.dump(catalogue, f, ensure_ascii=False, indent=1)
                if text.endswith('\n'):
                    f.write('\n')
    for file in os.listdir(MEDIA):
        if file.endswith('.png') and file not in kept:
            os.remove(os.path.join(MEDIA, file))


if __name__ == '__main__':
    main()
