//! fp_speed: times `fingerprint` (and `simhash_of`) alone on the planted stream, best of
//! `--reps` runs, plus a checksum of every field of every fingerprint (for A/B runs of two
//! builds: equal checksums = bit-identical fingerprints).
//!
//! cargo run --release --example fp_speed -- [--n 20000] [--reps 5] [--seed 7]
//!
//! Under `valgrind --tool=callgrind` use `--reps 1`: the instruction count of `fingerprint`
//! (inclusive) is then a deterministic before/after measure.

use scour::dedup::{DedupConfig, fingerprint, simhash_of};
use std::hint::black_box;
use std::time::Instant;

#[path = "planted.rs"]
#[allow(dead_code)]
mod planted;

fn main() {
    let flags = planted::args::Flags::parse(&["--n", "--reps", "--seed"], &[]);
    let (n, reps, seed) = (flags.get("--n", 20_000usize), flags.get("--reps", 5usize), flags.get("--seed", 7u64));
    let cfg = DedupConfig::default();
    let (items, order) = planted::generate(n, seed);
    let texts: Vec<&str> = order.iter().map(|&i| items[i].text.as_str()).collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();

    let mut sum = 0u64;
    let fold = |s: u64, v: u64| (s ^ v).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(23);
    for t in &texts {
        let f = fingerprint(t, &cfg);
        sum = fold(sum, f.simhash);
        sum = fold(sum, f.exact);
        sum = fold(sum, ((f.words as u64) << 16) | f.set_size as u64);
        for &m in &f.minhash {
            sum = fold(sum, m as u64);
        }
        sum = fold(sum, u64::from_le_bytes(f.small[..8].try_into().unwrap()));
        sum = fold(sum, u64::from_le_bytes(f.small[8..].try_into().unwrap()));
        sum = fold(sum, simhash_of(t));
    }

    let mut best = f64::MAX;
    let mut best_sh = f64::MAX;
    for _ in 0..reps {
        let t0 = Instant::now();
        for t in &texts {
            black_box(fingerprint(black_box(t), &cfg));
        }
        best = best.min(t0.elapsed().as_secs_f64());
        let t0 = Instant::now();
        for t in &texts {
            black_box(simhash_of(black_box(t)));
        }
        best_sh = best_sh.min(t0.elapsed().as_secs_f64());
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "{} paragraphs, {:.1} MB: fingerprint {:.1} MB/s, simhash_of {:.1} MB/s, checksum {:016x}",
        texts.len(),
        mb,
        mb / best,
        mb / best_sh,
        sum
    );
}
