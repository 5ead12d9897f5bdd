#!/usr/bin/python3
# Copyright 2026 The sori authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Make a city of venues from the sample museum, for tests/city-test.c and bench/city.

Each venue is data/venues/dasol-museum.json under another id, its exhibits
copied (new ids and numbers, the same texts, galleries and media) up to the
number asked for, its map, beacons and printed codes as they are.
"""

import argparse
import copy
import json
import os
import sys


def with_exhibits(sample, exhibits):
    """the sample with its exhibits copied (new ids and numbers) up to @exhibits"""
    base = copy.deepcopy(sample)
    originals = sample["exhibits"]
    used = {e["code"] for e in originals if "code" in e}
    code = 1000
    k = 0
    while len(base["exhibits"]) < exhibits:
        original = originals[k % len(originals)]
        clone = copy.deepcopy(original)
        clone["id"] = f"{original['id']}-{k}"
        while str(code) in used:
            code += 1
        clone["code"] = str(code)
        used.add(str(code))
        base["exhibits"].append(clone)
        k += 1
    return base


def make_venue(base, index):
    """@base under its own id and name: only the venue's own part is copied"""
    venue = dict(base)
    venue["venue"] = copy.deepcopy(base["venue"])
    venue_id = f"city-{index:04d}"
    venue["venue"]["id"] = venue_id
    for lang, name in venue["venue"]["name"].items():
        venue["venue"]["name"][lang] = f"{name} {index}"
    return venue_id, venue


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--venues", type=int, default=1000, help="how many venues (1-9999)")
    parser.add_argument("--exhibits", type=int, default=200,
                        help="exhibits per venue, at least the sample's (24), at most 8000")
    parser.add_argument("--sample", required=True, help="the sample catalogue to copy")
    parser.add_argument("--out", required=True, help="an empty or new directory")
    args = parser.parse_args()
    if not 1 <= args.venues <= 9999 or not 1 <= args.exhibits <= 8000:
        parser.error("--venues is 1 to 9999 and --exhibits 1 to 8000")
    with open(args.sample, encoding="utf-8") as f:
        sample = json.load(f)
    os.makedirs(args.out, exist_ok=True)
    base = with_exhibits(sample, args.exhibits)
    total = 0
    for i in range(args.venues):
        venue_id, venue = make_venue(base, i)
        text = json.dumps(venue, ensure_ascii=False, separators=(",", ":"))
        with open(os.path.join(args.out, venue_id + ".json"), "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text.encode())
    print(f"{args.venues} venues, {total / 1e6:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
