#!/usr/bin/env python3
"""Safety check of the strip stage: text that is all content must survive.

usage: python3 benches/wcxb_safety.py SCOUR_BIN [--bench ../shared/bench/wcxb-dev] [--work DIR]

Writes each gold `main_content` of the development benchmark as a document of its own (one
paragraph per line), runs `SCOUR_BIN run DIR --stages strip` on them, and prints the share of
their words that land in kept rows (the `text` column) and in kept, title and meta rows.
"""
import csv, json, pathlib, re, subprocess, sys, tempfile

csv.field_size_limit(1 << 30)
W = re.compile(r"\w+")


def main():
    scour = sys.argv[1]
    bench = pathlib.Path(sys.argv[sys.argv.index("--bench") + 1]) if "--bench" in sys.argv else \
        pathlib.Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "wcxb-dev"
    work = pathlib.Path(sys.argv[sys.argv.index("--work") + 1]) if "--work" in sys.argv else pathlib.Path(tempfile.mkdtemp())
    docs = work / "goldtxt"
    docs.mkdir(parents=True, exist_ok=True)
    for line in open(bench / "gold.jsonl", encoding="utf-8"):
        g = json.loads(line)
        text = "\n".join(p for p in g["main_content"].split("\n") if p.strip())
        (docs / f"{g['id']}.txt").write_text(text + "\n", encoding="utf-8")
    out = work / "out"
    subprocess.run([scour, "run", str(docs), "-o", str(out), "--stages", "strip", "--progress", "never"], check=True)
    total = kept = kept_title_meta = 0
    with open(out / "paragraphs.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            n = len(W.findall(r["original"]))
            total += n
            kept += n if r["status"] == "kept" else 0
            kept_title_meta += n if r["status"] in ("kept", "title", "meta") else 0
    print(f"words kept in text {kept / total:.4f}   in kept, title and meta rows {kept_title_meta / total:.4f}")


if __name__ == "__main__":
    main()
