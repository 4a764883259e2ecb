#!/usr/bin/env python3
"""Scores the title, author and published columns of a scour run on the development benchmark.

usage: python3 benches/wcxb_meta.py OUT_DIR [--bench ../shared/bench/wcxb-dev]

OUT_DIR is `scour run ../shared/bench/wcxb-dev/input -o OUT_DIR` (any stages with strip).
title / author: exactly right after folding (lowercase, runs of non-word characters to one space)
against the gold `title` / `author`, over the pages whose gold has one; `filled where the gold has
none` counts columns scour filled that the gold leaves empty. published: the column parsed with
dateutil (fuzzy) equals the gold date (YYYY-MM-DD); needs `pip install python-dateutil`.
"""
import csv, json, pathlib, re, sys, warnings

csv.field_size_limit(1 << 30)
warnings.filterwarnings("ignore")


def fold(s):
    return re.sub(r"\W+", " ", (s or "").lower()).strip()


def main():
    out = pathlib.Path(sys.argv[1])
    bench = pathlib.Path(sys.argv[sys.argv.index("--bench") + 1]) if "--bench" in sys.argv else \
        pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "wcxb-dev"
    gold = {}
    for line in open(bench / "gold.jsonl", encoding="utf-8"):
        g = json.loads(line)
        gold[g["id"]] = g
    try:
        from dateutil import parser
    except ImportError:
        parser = None
    n = {k: [0, 0, 0] for k in ("title", "author", "published")}  # right, gold has one, filled where gold has none
    with open(out / "documents.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            g = gold.get(pathlib.PurePath(r["source"]).stem)
            if g is None:
                continue
            for k in n:
                want, got = g.get(k) or "", r[k]
                if not want:
                    n[k][2] += bool(got)
                    continue
                n[k][1] += 1
                if k == "published":
                    if got and parser:
                        try:
                            n[k][0] += parser.parse(got, fuzzy=True).strftime("%Y-%m-%d") == want[:10]
                        except (ValueError, OverflowError):
                            pass
                else:
                    n[k][0] += fold(got) == fold(want)
    for k, (right, total, extra) in n.items():
        note = "" if k != "published" or parser else " (dateutil missing: not scored)"
        print(f"{k:10} right {right}/{total} ({right / max(total, 1):.3f})   filled where the gold has none: {extra}{note}")


if __name__ == "__main__":
    main()
