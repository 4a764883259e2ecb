//! dedup bench: fingerprint throughput (MB/s) of `scour::dedup::fingerprint` vs the `simhash`
//! crate on the same generated paragraphs, and `Index::find_or_insert` throughput
//! (paragraphs/s, one core) on 100k distinct fingerprints with 30% near/exact repeats.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scour::dedup::{DedupConfig, Index, fingerprint};
use std::hint::black_box;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

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

fn paragraphs(n: usize) -> Vec<String> {
    let mut r = Rng(42);
    (0..n)
        .map(|_| {
            let len = 30 + r.below(80);
            let mut s = String::new();
            for i in 0..len {
                if i > 0 {
                    s.push_str(if r.below(12) == 0 { ", " } else { " " });
                }
                s.push_str(WORDS[r.below(WORDS.len())]);
                s.push_str(&format!("{}", if r.below(8) == 0 { r.below(100).to_string() } else { String::new() }));
            }
            s.push('.');
            s
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let cfg = DedupConfig::default();
    let paras = paragraphs(2_000);
    let bytes: usize = paras.iter().map(String::len).sum();

    let mut g = c.benchmark_group("fingerprint");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("scour", |b| {
        b.iter(|| {
            for p in &paras {
                black_box(fingerprint(black_box(p), &cfg));
            }
        })
    });
    g.bench_function("simhash_crate", |b| {
        b.iter(|| {
            for p in &paras {
                black_box(simhash::simhash(black_box(p)));
            }
        })
    });
    g.finish();

    // Index: 100k distinct paragraphs' fingerprints, plus 30% repeats (exact or one word
    // changed), all through find_or_insert in one fixed order.
    let base = paragraphs(100_000);
    let mut r = Rng(7);
    let mut stream: Vec<String> = base.clone();
    for _ in 0..30_000 {
        let p = &base[r.below(base.len())];
        let q = if r.below(2) == 0 { p.to_uppercase() } else { p.replacen(" the ", " a ", 1) };
        stream.insert(r.below(stream.len()), q);
    }
    let fps: Vec<_> = stream.iter().map(|p| fingerprint(p, &cfg)).collect();
    let mut g = c.benchmark_group("index");
    g.sample_size(10);
    g.throughput(Throughput::Elements(fps.len() as u64));
    g.bench_function("find_or_insert", |b| {
        b.iter(|| {
            let mut ix = Index::new(cfg.clone());
            let mut dups = 0usize;
            for (i, fp) in fps.iter().enumerate() {
                dups += ix.find_or_insert(fp, i as u64).is_some() as usize;
            }
            black_box((dups, ix.memory_bytes()))
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
