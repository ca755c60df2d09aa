#!/usr/bin/env python3
"""Cuts the golden scenarios into seed corpora: one file per clinic, bookings document and request."""
import hashlib
import json
import pathlib
import sys

scenarios, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
kinds = {"clinic": "clinic", "bookings": "bookings", "request": "request",
         "draft": "config", "published": "config", "versions": "config", "after": "config"}
for k in set(kinds.values()) | {"engine"}:
    (out / k).mkdir(parents=True, exist_ok=True)
for path in sorted(scenarios.glob("*.json")):
    s = json.loads(path.read_text())
    for key, kind in kinds.items():
        if key in s:
            doc = s[key] if isinstance(s[key], str) else json.dumps(s[key])
            name = hashlib.sha1(doc.encode()).hexdigest()[:16]
            (out / kind / name).write_text(doc)
# Issue 17: nlohmann's callback parser took quadratic time on many small objects (800,000 empty
# objects, 2.4 MB: 381 s). scripts/fuzz.sh runs with -max_len=65536, which would cut the 2.4 MB
# document, so the seed holds as many empty objects as fit: 21,845 (65,536 bytes). Its time is in
# bench/ (BM_parse_empty_objects); here it is a start for mutations of long arrays.
empty = "[" + ",".join(["{}"] * 21845) + "]"
assert len(empty) <= 65536
for kind in ("clinic", "bookings", "config"):
    (out / kind / "empty-objects-21845").write_text(empty)
# The engine harness reads raw bytes as a recipe; a few fixed seeds are enough to start.
for i in range(8):
    (out / "engine" / f"seed{i}").write_bytes(bytes((i * 37 + j * 11) % 256 for j in range(64)))
