#!/usr/bin/env python3
# Copies a file from data/ as it is used in the source tree (./quickstart serve)
# to what is installed, with the installed paths: each OLD=>NEW replaces text
# that must be there once, so a file that drifts from its rule fails the build
# rather than installing the source tree's paths.
#
#   install-paths.py INPUT OUTPUT OLD=>NEW...
import sys

source, target, rules = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(source, encoding="utf-8") as f:
    text = f.read()
for rule in rules:
    old, new = rule.split("=>", 1)
    if text.count(old) != 1:
        sys.exit(f"install-paths.py: '{old}' is in {source} {text.count(old)} times, not once")
    text = text.replace(old, new)
with open(target, "w", encoding="utf-8") as f:
    f.write(text)
