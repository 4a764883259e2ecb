#!/usr/bin/env python3
"""Peer baseline for scour's dedup: datasketch MinHash + MinHashLSH on the planted corpus.

    cargo run --release --example planted -- --n 20000 --emit-jsonl /tmp/planted.jsonl
    python3 benches/dedup_peer.py /tmp/planted.jsonl [--shingle 1] [--threshold 0.7]

Creates (once) a venv in /tmp/scour-peer with datasketch, re-executes itself there, then
runs MinHash(num_perm=128) over word k-shingles (default k=1: the set of lower-cased
alphanumeric words, the closest analogue of scour's content-token sets; k=3 optional) and
MinHashLSH(threshold, num_perm=128) in input order: query, and if any earlier paragraph
is returned the earliest one is the match (first occurrence wins), else insert. A
duplicate is not inserted (as in scour). No length cut-off (scour ignores < 6 words).

Prints precision (a reported pair is true when both are in the same planted cluster),
recall per edit rate of planted copies, and paragraphs/s (MinHash + LSH, one thread;
MinHash alone also shown). JSONL lines: {"id","text","dup_of","edit_rate","kind"}.
"""
import json, os, re, subprocess, sys, time

VENV = "/tmp/scour-peer"


def ensure_venv():
    py = os.path.join(VENV, "bin", "python")
    if os.path.realpath(sys.prefix) == os.path.realpath(VENV):
        return
    if not os.path.exists(py):
        subprocess.check_call([sys.executable, "-m", "venv", VENV])
        subprocess.check_call([py, "-m", "pip", "install", "-q", "datasketch"])
    os.execv(py, [py] + sys.argv)


def main():
    ensure_venv()
    import argparse
    from datasketch import MinHash, MinHashLSH

    ap = argparse.ArgumentParser()
    ap.add_argument("jsonl")
    ap.add_argument("--shingle", type=int, default=1)
    ap.add_argument("--threshold", type=float, default=0.7)
    ap.add_argument("--num-perm", type=int, default=128)
    a = ap.parse_args()

    rows = [json.loads(l) for l in open(a.jsonl, encoding="utf-8")]
    cluster = {}
    for r in rows:
        cluster[r["id"]] = r["dup_of"] if r["dup_of"] is not None else r["id"]
    tok = re.compile(r"\w+")

    def shingles(text):
        w = tok.findall(text.lower().replace("\u2019", "").replace("'", ""))
        k = a.shingle
        if len(w) < k:
            return {" ".join(w)}
        return {" ".join(w[i:i + k]) for i in range(len(w) - k + 1)}

    t0 = time.perf_counter()
    mhs = []
    for r in rows:
        m = MinHash(num_perm=a.num_perm)
        m.update_batch([s.encode("utf-8") for s in shingles(r["text"])])
        mhs.append(m)
    t_mh = time.perf_counter() - t0

    lsh = MinHashLSH(threshold=a.threshold, num_perm=a.num_perm)
    pos = {}
    matches = []
    t1 = time.perf_counter()
    for i, (r, m) in enumerate(zip(rows, mhs)):
        hits = lsh.query(m)
        if hits:
            first = min(hits, key=lambda k: pos[k])
            matches.append(first)
        else:
            lsh.insert(r["id"], m)
            pos[r["id"]] = i
            matches.append(None)
    t_lsh = time.perf_counter() - t1

    tp = fp = 0
    per = {}
    for r, m in zip(rows, matches):
        er = r.get("edit_rate")
        if er is not None:
            per.setdefault(er, [0, 0])[1] += 1
        if m is None:
            continue
        if cluster[m] == cluster[r["id"]]:
            tp += 1
            if er is not None:
                per[er][0] += 1
        else:
            fp += 1
    n = len(rows)
    rep = tp + fp
    print(f"datasketch MinHash(num_perm={a.num_perm}) word {a.shingle}-shingles, "
          f"MinHashLSH(threshold={a.threshold}); {n} paragraphs")
    print(f"reported {rep}, true {tp}, false {fp}; precision {tp / rep if rep else 1.0:.4f}")
    print(f"{'edit rate':>10} {'copies':>8} {'found':>8} {'recall':>8}")
    f10 = t10 = 0
    for er in sorted(per):
        f, t = per[er]
        print(f"{er * 100:>9.0f}% {t:>8} {f:>8} {f / max(t, 1):>8.4f}")
        if er <= 0.10 + 1e-9:
            f10 += f
            t10 += t
    print(f"recall for copies with <=10% of words changed: {f10 / max(t10, 1):.4f}")
    print(f"throughput: {n / (t_mh + t_lsh):.0f} paragraphs/s overall (1 thread); "
          f"MinHash {n / t_mh:.0f}/s, LSH query+insert {n / t_lsh:.0f}/s")


if __name__ == "__main__":
    main()
