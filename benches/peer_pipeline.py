#!/usr/bin/env python3
"""Side-by-side: scour vs. the usual Python cleaning stack, on a generated corpus with truth.

    python3 benches/peer_pipeline.py --corpus DIR [--limit-mb 20] [--scour target/release/scour]
    python3 benches/peer_pipeline.py --score OUTDIR --truth DIR/truth.jsonl   # score one output only

DIR comes from `cargo run --release --example gencorpus -- --docs N --out DIR` (JSONL format).

The reference pipeline (run in a venv at /tmp/scour-peer-venv, created on first use with
ftfy, justext and datasketch): per document ftfy.fix_text; jusText (English stoplist) on the
text wrapped as one <p> per non-empty line; datasketch MinHash (num_perm=128, word 3-shingles)
with MinHashLSH(threshold=0.8) for paragraph dedup in input order (only paragraphs jusText
keeps are indexed); documents.csv / paragraphs.csv written in scour's format.

Both run on the same prefix of the corpus (whole lines, at most --limit-mb MB). scour runs
with --threads 1 and with its default thread count. `wc -w` on the same bytes is the
speed-of-counting-words reference. Quality is scored against truth.jsonl (see score()).
Only the standard library is needed outside the venv; CSVs are streamed.
"""
import argparse
import collections
import csv
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time

VENV = "/tmp/scour-peer-venv"
# lxml 5.2+ moved lxml.html.clean, which jusText imports, into its own package.
PEER_PACKAGES = ["ftfy", "justext", "lxml_html_clean", "datasketch"]
csv.field_size_limit(1 << 30)


def open_text(path, mode="rt"):
    if path.endswith(".gz"):
        return gzip.open(path, mode, encoding="utf-8", newline="")
    if path.endswith(".zst"):
        sys.exit(f"{path}: .zst not supported by this script; decompress it first")
    return open(path, mode, encoding="utf-8", newline="")


# ---------------------------------------------------------------------------------------------
# Scoring

class TruthCursor:
    """Truth documents by id, read lazily. When the output lists documents in corpus order
    (scour does, for any thread count) only a handful are held at once; otherwise it degrades
    to holding every document read so far."""

    def __init__(self, path):
        self.f = open_text(path)
        self.cache = {}
        self.done = False

    def get(self, doc_id):
        while doc_id not in self.cache and not self.done:
            line = self.f.readline()
            if not line:
                self.done = True
                break
            t = json.loads(line)
            self.cache[t["id"]] = t
        return self.cache.get(doc_id)

    def drop(self, doc_id):
        self.cache.pop(doc_id, None)


NORM_DIGITS = re.compile(r"\d+")


def score(truth_path, outdir, top=12):
    """Streams OUTDIR/paragraphs.csv against truth. Returns a dict of metrics:

    body_recall       body paragraphs whose status is kept / body paragraphs
    chrome_removed    chrome paragraphs whose status is not kept / chrome paragraphs
    dup_recall        dup paragraphs whose status is duplicate / dup paragraphs
    dup_removed       dup paragraphs whose status is not kept (any reason) / dup paragraphs
    dup_target_exact  dup paragraphs marked duplicate whose duplicate_of is the truth dup_of
    false_dup_rate    body paragraphs whose status is duplicate / body paragraphs
    keep_precision    kept paragraphs labelled body / kept paragraphs labelled body|chrome|dup
                      (titles and meta lines are scored separately)
    title_ok, meta_ok titles with status title, meta lines with status meta
    """
    c = collections.Counter()
    kept_chrome = collections.Counter()   # (site, normalised line) of chrome that was kept
    lost_body = collections.Counter()     # (status, reason) of body paragraphs not kept
    per_site = collections.defaultdict(collections.Counter)
    truth = TruthCursor(truth_path)
    path = os.path.join(outdir, "paragraphs.csv")
    if not os.path.exists(path) and os.path.exists(path + ".gz"):
        path += ".gz"
    prev = None
    with open_text(path) as f:
        rd = csv.reader(f)
        hdr = next(rd)
        ix = {h: i for i, h in enumerate(hdr)}
        i_doc, i_pos, i_st, i_rs, i_dup, i_org = (ix["doc_id"], ix["position"], ix["status"],
                                                  ix["reason"], ix["duplicate_of"], ix["original"])
        t = None
        for row in rd:
            doc = row[i_doc]
            if doc != prev:
                if prev is not None:
                    truth.drop(prev)
                prev = doc
                t = truth.get(doc)
                if t is None:
                    c["docs_not_in_truth"] += 1
                else:
                    c["docs"] += 1
            if t is None:
                continue
            pos = int(row[i_pos])
            paras = t["paragraphs"]
            if pos >= len(paras):
                c["unaligned"] += 1
                continue
            lab = paras[pos]["label"]
            st = row[i_st]
            site = t.get("site", "?")
            c[lab] += 1
            c[f"{lab}:{st}"] += 1
            ps = per_site[site]
            ps[lab] += 1
            if st == "kept":
                ps[f"{lab}:kept"] += 1
            if lab == "chrome" and st == "kept":
                line = NORM_DIGITS.sub("#", row[i_org].strip())[:90]
                kept_chrome[(site, line)] += 1
                if len(kept_chrome) > 200_000:
                    kept_chrome = collections.Counter(dict(kept_chrome.most_common(50_000)))
            elif lab == "body" and st != "kept":
                lost_body[(st, row[i_rs])] += 1
            elif lab == "dup" and st == "duplicate":
                if row[i_dup] == paras[pos]["dup_of"]:
                    c["dup_target_exact"] += 1
            if t["paragraphs"] and pos == len(paras) - 1:
                pass
    for k in ("body", "chrome", "dup", "title", "meta"):
        c.setdefault(k, 0)

    def ratio(a, b):
        return a / b if b else float("nan")

    kept_scored = c["body:kept"] + c["chrome:kept"] + c["dup:kept"]
    m = {
        "documents": c["docs"],
        "paragraphs": sum(c[k] for k in ("body", "chrome", "dup", "title", "meta")),
        "body_recall": ratio(c["body:kept"], c["body"]),
        "chrome_removed": ratio(c["chrome"] - c["chrome:kept"], c["chrome"]),
        "dup_recall": ratio(c["dup:duplicate"], c["dup"]),
        "dup_removed": ratio(c["dup"] - c["dup:kept"], c["dup"]),
        "dup_target_exact": ratio(c["dup_target_exact"], c["dup:duplicate"]),
        "false_dup_rate": ratio(c["body:duplicate"], c["body"]),
        "keep_precision": ratio(c["body:kept"], kept_scored),
        "title_ok": ratio(c["title:title"], c["title"]),
        "meta_ok": ratio(c["meta:meta"], c["meta"]),
        "counts": {k: v for k, v in sorted(c.items())},
        "kept_chrome_top": [[s, l, n] for (s, l), n in kept_chrome.most_common(top)],
        "lost_body_top": [[s, r, n] for (s, r), n in lost_body.most_common(top)],
        "per_site": {
            s: {
                "body_recall": round(ratio(v["body:kept"], v["body"]), 4),
                "chrome_kept": v["chrome:kept"],
                "chrome_removed": round(ratio(v["chrome"] - v["chrome:kept"], v["chrome"]), 4),
            }
            for s, v in sorted(per_site.items())
        },
    }
    return m


def print_scores(name, m, detail=True):
    print(f"\n== quality: {name} ({m['documents']} documents, {m['paragraphs']} paragraphs)")
    for k in ("body_recall", "chrome_removed", "dup_recall", "dup_removed", "dup_target_exact",
              "false_dup_rate", "keep_precision", "title_ok", "meta_ok"):
        print(f"  {k:<17} {m[k]:.4f}")
    if m["counts"].get("unaligned") or m["counts"].get("docs_not_in_truth"):
        print(f"  WARNING: unaligned rows {m['counts'].get('unaligned', 0)}, "
              f"documents not in truth {m['counts'].get('docs_not_in_truth', 0)}")
    if detail:
        print("  most frequent chrome lines kept (site | line, digits as #):")
        for s, l, n in m["kept_chrome_top"]:
            print(f"    {n:>6}  {s} | {l}")
        print("  body paragraphs not kept, by status/reason:")
        for s, r, n in m["lost_body_top"]:
            print(f"    {n:>6}  {s} {r}")
        worst = sorted(m["per_site"].items(), key=lambda kv: kv[1]["chrome_removed"])[:5]
        print("  sites with the lowest chrome removal:")
        for s, v in worst:
            print(f"    {s}: chrome_removed {v['chrome_removed']}, chrome kept {v['chrome_kept']}, "
                  f"body_recall {v['body_recall']}")


# ---------------------------------------------------------------------------------------------
# The reference Python pipeline (runs inside the venv)

def python_pipeline(prefix, outdir):
    import html
    import ftfy
    import justext
    from datasketch import MinHash, MinHashLSH

    stop = justext.get_stoplist("English")
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    template = MinHash(num_perm=128)  # permutations generated once and shared
    # datasketch >= 2.0 wants the scheme named when permutations are passed in
    scheme = {"scheme": template.scheme} if hasattr(template, "scheme") else {}
    os.makedirs(outdir, exist_ok=True)
    t = collections.Counter()
    t0 = time.perf_counter()
    nbytes = 0
    with open(prefix, "rb") as fin, \
            open(os.path.join(outdir, "documents.csv"), "w", newline="", encoding="utf-8") as fd, \
            open(os.path.join(outdir, "paragraphs.csv"), "w", newline="", encoding="utf-8") as fp:
        wd, wp = csv.writer(fd), csv.writer(fp)
        wd.writerow(["doc_id", "source", "title", "author", "published", "language", "encoding",
                     "text", "paragraphs", "kept", "chrome", "duplicates", "repairs", "spin_score"])
        wp.writerow(["doc_id", "position", "status", "reason", "simhash", "duplicate_of",
                     "original", "text"])
        for ln, raw in enumerate(fin):
            nbytes += len(raw)
            rec = json.loads(raw)
            doc = rec.get("id") or f"prefix:{ln + 1}"
            orig = [l for l in rec["text"].split("\n") if l.strip()]
            a = time.perf_counter()
            fixed = [l for l in ftfy.fix_text(rec["text"]).split("\n") if l.strip()]
            if len(fixed) != len(orig):
                fixed = [ftfy.fix_text(l) for l in orig]
            b = time.perf_counter()
            page = "<html><body>" + "".join(f"<p>{html.escape(l)}</p>" for l in fixed) + "</body></html>"
            jp = justext.justext(page, stop)
            boiler = [True] * len(fixed)
            reasons = [""] * len(fixed)
            if len(jp) == len(fixed):
                for i, p in enumerate(jp):
                    boiler[i], reasons[i] = p.is_boilerplate, p.class_type
            else:  # map by text, in order
                j = 0
                norm = lambda s: " ".join(s.split())
                for p in jp:
                    pt = norm(p.text)
                    while j < len(fixed) and norm(fixed[j]) != pt:
                        j += 1
                    if j < len(fixed):
                        boiler[j], reasons[j] = p.is_boilerplate, p.class_type
                        j += 1
            c = time.perf_counter()
            status, dups = [], [""] * len(fixed)
            for i, l in enumerate(fixed):
                if boiler[i]:
                    status.append("chrome")
                    continue
                words = l.lower().split()
                sh = [" ".join(words[k:k + 3]) for k in range(max(1, len(words) - 2))]
                m = MinHash(num_perm=128, permutations=template.permutations, **scheme)
                m.update_batch([s.encode("utf-8") for s in sh])
                hit = lsh.query(m)
                if hit:
                    status.append("duplicate")
                    dups[i] = min(hit)
                else:
                    lsh.insert(f"{doc}:{i}", m)
                    status.append("kept")
            d = time.perf_counter()
            for i, l in enumerate(fixed):
                st = status[i]
                reason = f"justext:{reasons[i]}" if st == "chrome" else ("minhash" if st == "duplicate" else "body")
                wp.writerow([doc, i, st, reason, "", dups[i], orig[i], l])
            kept = [l for l, s in zip(fixed, status) if s == "kept"]
            wd.writerow([doc, prefix, fixed[0] if fixed else "", "", "", "en", "utf-8", "\n".join(kept),
                         len(fixed), len(kept), status.count("chrome"), status.count("duplicate"),
                         sum(1 for x, y in zip(orig, fixed) if x != y), ""])
            e = time.perf_counter()
            t["ftfy"] += b - a
            t["justext"] += c - b
            t["minhash"] += d - c
            t["write"] += e - d
    wall = time.perf_counter() - t0
    summary = {"wall_seconds": wall, "mb_per_second": nbytes / 1e6 / wall, "bytes": nbytes,
               "stage_seconds": dict(t)}
    with open(os.path.join(outdir, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)


# ---------------------------------------------------------------------------------------------
# Orchestration (system python)

def ensure_venv():
    py = os.path.join(VENV, "bin", "python")
    probe = [py, "-c", "import ftfy, justext, datasketch"]
    if os.path.exists(py) and subprocess.run(probe, capture_output=True).returncode == 0:
        return py
    print(f"creating {VENV} (pip install {' '.join(PEER_PACKAGES)}) ...", flush=True)
    subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    subprocess.run([py, "-m", "pip", "install", "-q", *PEER_PACKAGES], check=True)
    return py


def make_prefix(corpus, limit_mb, dest):
    src = None
    for name in ("corpus.jsonl", "corpus.jsonl.gz"):
        if os.path.exists(os.path.join(corpus, name)):
            src = os.path.join(corpus, name)
            break
    if src is None:
        sys.exit(f"{corpus}: no corpus.jsonl(.gz); generate with --format jsonl")
    limit = int(limit_mb * 1e6)
    n = docs = 0
    opener = gzip.open if src.endswith(".gz") else open
    with opener(src, "rb") as fin, open(dest, "wb") as fout:
        for line in fin:
            if n + len(line) > limit and docs > 0:
                break
            fout.write(line)
            n += len(line)
            docs += 1
    return n, docs


def timed(cmd, **kw):
    t = time.perf_counter()
    r = subprocess.run(cmd, **kw)
    return time.perf_counter() - t, r


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", help="directory written by the gencorpus example (JSONL)")
    ap.add_argument("--limit-mb", type=float, default=20.0, help="prefix size in MB (default 20)")
    ap.add_argument("--scour", default="target/release/scour", help="scour binary")
    ap.add_argument("--work", default="/tmp/scour-peer", help="scratch directory (outputs, prefix)")
    ap.add_argument("--skip-python", action="store_true", help="only run scour (and wc)")
    ap.add_argument("--score", metavar="OUTDIR", help="only score OUTDIR against --truth")
    ap.add_argument("--truth", help="truth.jsonl (default CORPUS/truth.jsonl)")
    ap.add_argument("--json", metavar="FILE", help="also write all numbers as JSON")
    ap.add_argument("--_python-pipeline", nargs=2, metavar=("PREFIX", "OUTDIR"), help=argparse.SUPPRESS)
    a = ap.parse_args()

    if a._python_pipeline:
        python_pipeline(*a._python_pipeline)
        return
    if a.score:
        truth = a.truth or (a.corpus and os.path.join(a.corpus, "truth.jsonl"))
        if not truth:
            sys.exit("--score needs --truth (or --corpus)")
        m = score(truth, a.score)
        print_scores(a.score, m)
        if a.json:
            json.dump(m, open(a.json, "w"), indent=1)
        return
    if not a.corpus:
        ap.error("--corpus DIR is required")
    truth = a.truth or os.path.join(a.corpus, "truth.jsonl")
    os.makedirs(a.work, exist_ok=True)
    prefix = os.path.join(a.work, "prefix.jsonl")
    nbytes, ndocs = make_prefix(a.corpus, a.limit_mb, prefix)
    mb = nbytes / 1e6
    print(f"prefix: {ndocs} documents, {mb:.2f} MB -> {prefix}")
    results = {"prefix_mb": mb, "prefix_docs": ndocs, "runs": {}}

    # wc -w: best of 5
    best = min(timed(["wc", "-w", prefix], capture_output=True)[0] for _ in range(5))
    results["runs"]["wc -w"] = {"seconds": best, "mb_per_second": mb / best}

    scour = os.path.abspath(a.scour)
    if not os.access(scour, os.X_OK):
        sys.exit(f"{scour}: not found; cargo build --release first, or pass --scour")
    for label, extra in (("scour --threads 1", ["--threads", "1"]), ("scour (default threads)", [])):
        out = os.path.join(a.work, "scour-t1" if extra else "scour-default")
        shutil.rmtree(out, ignore_errors=True)
        secs, r = timed([scour, "run", prefix, "-o", out, "--progress", "never", *extra],
                        capture_output=True, text=True)
        if r.returncode != 0:
            print(r.stderr, file=sys.stderr)
            sys.exit(f"{label} failed ({r.returncode})")
        summ = json.load(open(os.path.join(out, "summary.json")))
        results["runs"][label] = {"seconds": secs, "mb_per_second": mb / secs,
                                  "summary_mb_per_second": summ.get("mb_per_second"),
                                  "threads": summ.get("threads"), "out": out}

    if not a.skip_python:
        py = ensure_venv()
        out = os.path.join(a.work, "python")
        shutil.rmtree(out, ignore_errors=True)
        print(f"running the Python pipeline on {mb:.1f} MB (about {mb / 0.14 / 60:.0f} min at 0.14 MB/s) ...",
              flush=True)
        secs, r = timed([py, os.path.abspath(__file__), "--_python-pipeline", prefix, out])
        if r.returncode != 0:
            sys.exit("the Python pipeline failed")
        summ = json.load(open(os.path.join(out, "summary.json")))
        results["runs"]["python (ftfy+jusText+datasketch)"] = {
            "seconds": secs, "mb_per_second": mb / secs, "stage_seconds": summ["stage_seconds"], "out": out}

    print(f"\n== speed on {mb:.2f} MB ({ndocs} documents); wall time of the whole process")
    py_rate = results["runs"].get("python (ftfy+jusText+datasketch)", {}).get("mb_per_second")
    for name, r in results["runs"].items():
        extra = ""
        if py_rate and name != "wc -w":
            extra = f"  ({r['mb_per_second'] / py_rate:,.1f}x python)"
        if "stage_seconds" in r:
            extra += "  stages: " + ", ".join(f"{k} {v:.1f}s" for k, v in r["stage_seconds"].items())
        print(f"  {name:<34} {r['seconds']:9.3f} s  {r['mb_per_second']:9.2f} MB/s{extra}")

    results["quality"] = {}
    for name, r in results["runs"].items():
        if "out" not in r or name == "scour (default threads)":
            continue
        m = score(truth, r["out"])
        results["quality"][name] = m
        print_scores(name, m)
    if a.json:
        json.dump(results, open(a.json, "w"), indent=1)


if __name__ == "__main__":
    main()
