//! dedup bench: fingerprint throughput (bytes/s) of `scour::dedup::fingerprint` vs the
//! `simhash` crate on the same paragraphs, and `Index::find_or_insert` throughput
//! (paragraphs/s, one core).
//!
//! Inputs (fixed seeds, built once outside the timed loops):
//! * `planted`: the news-style corpus of `examples/planted.rs` (shared source file): base
//!   paragraphs, formulaic one-liners, short boilerplate, and lightly-to-heavily edited
//!   copies of 60% of the news paragraphs, in stream order.
//! * `vocab73`: paragraphs drawn uniformly from a 73-word vocabulary, plus 30% exact or
//!   one-word-changed repeats. Adversarial for the index: every pair of paragraphs shares
//!   most of its words, so LSH buckets are crowded and the candidate caps do the work.
//!
//! Both fingerprinters get the same `&str` slices and the same `Throughput::Bytes`.
//! The index bench times `Index::new` + `find_or_insert` over precomputed fingerprints
//! (fingerprinting is measured separately above), with `Index::prefetch` one paragraph
//! ahead as the pipeline does. `cargo run --release --example index_speed` times the same
//! loop on planted 100k outside criterion (on-CPU rate too; `--no-prefetch`).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scour::dedup::{DedupConfig, Index, fingerprint, prefetch_value};
use std::hint::black_box;

#[path = "../examples/planted.rs"]
#[allow(dead_code)]
mod planted;

#[path = "../examples/support/rng.rs"]
mod rng;
use rng::Rng;

const WORDS: &[&str] = &[
    "the", "council", "voted", "on", "Tuesday", "to", "expand", "bus", "network", "into",
    "northern", "suburbs", "a", "plan", "that", "will", "add", "new", "routes", "and", "cost",
    "about", "million", "dollars", "over", "next", "two", "years", "according", "transport",
    "department", "researchers", "university", "found", "honey", "bees", "recognise", "human",
    "faces", "storing", "features", "pattern", "recalling", "days", "later", "rewarded",
    "sugar", "water", "during", "trials", "fans", "queued", "overnight", "stadium", "tickets",
    "final", "sold", "out", "within", "minutes", "online", "leaving", "thousands", "angry",
    "company", "said", "residents", "feared", "colour", "neighbourhood", "metres", "harbour",
];

fn vocab_paragraphs(n: usize, r: &mut Rng) -> Vec<String> {
    (0..n)
        .map(|_| {
            let len = 30 + r.below(80);
            let mut s = String::new();
            for i in 0..len {
                if i > 0 {
                    s.push_str(if r.below(12) == 0 { ", " } else { " " });
                }
                s.push_str(WORDS[r.below(WORDS.len())]);
                if r.below(8) == 0 {
                    s.push_str(&r.below(100).to_string());
                }
            }
            s.push('.');
            s
        })
        .collect()
}

/// 100k vocab73 paragraphs plus 30k repeats (exact in upper case, or one word changed),
/// each repeat placed after its original (stable sort by position).
fn vocab_stream() -> Vec<String> {
    let mut r = Rng(42);
    let base = vocab_paragraphs(100_000, &mut r);
    let mut keyed: Vec<(usize, String)> = base.iter().enumerate().map(|(i, p)| (2 * i, p.clone())).collect();
    for _ in 0..30_000 {
        let i = r.below(base.len());
        let p = &base[i];
        let q = if r.below(2) == 0 { p.to_uppercase() } else { p.replacen(" the ", " a ", 1) };
        let at = i + r.below(base.len() - i);
        keyed.push((2 * at + 1, q));
    }
    keyed.sort_by_key(|k| k.0);
    keyed.into_iter().map(|k| k.1).collect()
}

fn bench(c: &mut Criterion) {
    let cfg = DedupConfig::default();
    let (items, order) = planted::generate(100_000, 7);
    let planted: Vec<&str> = order.iter().map(|&i| items[i].text.as_str()).collect();
    let vocab = vocab_stream();
    let vocab: Vec<&str> = vocab.iter().map(String::as_str).collect();

    for (name, paras) in [("planted", &planted[..5_000]), ("vocab73", &vocab[..2_000])] {
        let bytes: usize = paras.iter().map(|p| p.len()).sum();
        let mut g = c.benchmark_group(format!("fingerprint/{name}"));
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function("scour", |b| {
            b.iter(|| {
                for p in paras {
                    black_box(fingerprint(black_box(p), &cfg));
                }
            })
        });
        g.bench_function("simhash_crate", |b| {
            b.iter(|| {
                for p in paras {
                    black_box(simhash::simhash(black_box(p)));
                }
            })
        });
        g.finish();
    }

    for (name, paras) in [("planted", &planted[..]), ("vocab73", &vocab[..])] {
        let fps: Vec<_> = paras.iter().map(|p| fingerprint(p, &cfg)).collect();
        let mut g = c.benchmark_group(format!("index/{name}"));
        g.sample_size(10);
        g.throughput(Throughput::Elements(fps.len() as u64));
        g.bench_function("find_or_insert", |b| {
            b.iter(|| {
                let mut ix = Index::new(cfg.clone());
                let mut dups = 0usize;
                for (i, fp) in fps.iter().enumerate() {
                    // as the pipeline does
                    if let Some(next) = fps.get(i + 1) {
                        ix.prefetch(next);
                    }
                    if let Some(later) = fps.get(i + 4) {
                        prefetch_value(later);
                    }
                    dups += ix.find_or_insert(fp, i as u64).is_some() as usize;
                }
                black_box((dups, ix.memory_bytes()))
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
