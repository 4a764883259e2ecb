#!/usr/bin/env python3
"""Where the development benchmark's 'with' snippets were lost.

usage: python3 benches/wcxb_lost.py OUT_DIR [--bench ../shared/bench/wcxb-dev] [--show STATUS:REASON N]

OUT_DIR is `scour run ../shared/bench/wcxb-dev/input -o OUT_DIR` (any stages with strip). For each
'with' snippet missing from a document's text column (the scorer's test: whitespace-normalised,
lowercased substring), finds the lines of the scraped page that hold it and counts the
status:reason of those that were not kept (`context:head` = above the text, `teaser-block`,
...). Snippets not in the scraped text at all are counted apart: no line filter can keep them.
"""
import csv, json, re, sys, pathlib, collections

csv.field_size_limit(1 << 30)


def norm(s):
    return re.sub(r"\s+", " ", s or "").strip().lower()


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    out = pathlib.Path(args[0])
    bench = pathlib.Path(args[args.index("--bench") + 1]) if "--bench" in args else pathlib.Path("../shared/bench/wcxb-dev")
    show = (args[args.index("--show") + 1], int(args[args.index("--show") + 2])) if "--show" in args else None
    gold = [json.loads(l) for l in open(bench / "gold.jsonl", encoding="utf-8")]
    docs = {r["doc_id"]: r["text"] for r in csv.DictReader(open(out / "documents.csv", newline="", encoding="utf-8"))}
    paras = collections.defaultdict(list)
    for r in csv.DictReader(open(out / "paragraphs.csv", newline="", encoding="utf-8")):
        paras[r["doc_id"]].append(r)
    total = absent = 0
    reasons, by_type, examples = collections.Counter(), collections.Counter(), collections.defaultdict(list)
    for g in gold:
        text = norm(docs.get(g["id"], ""))
        ps = paras[g["id"]]
        lines = [norm(p["original"]) for p in ps]
        # The page as one string, with where each line starts, to find snippets across lines.
        full, starts = "", []
        for l in lines:
            starts.append(len(full))
            full += l + " "
        for s in g.get("with", []):
            total += 1
            ns = norm(s)
            if ns in text:
                continue
            k = full.find(ns)
            if k < 0:
                absent += 1
                continue
            end = k + len(ns)
            cover = [j for j in range(len(lines)) if starts[j] < end and starts[j] + len(lines[j]) > k]
            key = " + ".join(sorted({ps[j]["status"] + ":" + ps[j]["reason"] for j in cover if ps[j]["status"] != "kept"})) or "all lines kept"
            reasons[key] += 1
            by_type[g["page_type"]] += 1
            examples[key].append((g["id"], s[:100]))
    lost = sum(reasons.values())
    print(f"'with' snippets {total}: kept {total - lost - absent}, not in the scraped text {absent}, lost {lost}")
    print("lost by page type:", ", ".join(f"{t} {n}" for t, n in by_type.most_common()))
    for k, n in reasons.most_common(25):
        print(f"{n:5}  {k}")
    if show:
        for i, s in examples[show[0]][: show[1]]:
            print(i, repr(s))


if __name__ == "__main__":
    main()
