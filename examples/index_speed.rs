//! index_speed: times `Index::find_or_insert` alone (fingerprints precomputed) on the planted
//! stream, best of `--reps` runs, plus a checksum of the results (for A/B runs of two builds).
//!
//! cargo run --release --example index_speed -- [--n 100000] [--reps 5] [--seed 7] [--cache PATH] [--no-prefetch]
//!
//! `--cache PATH` stores the fingerprints in PATH (or reads them from it when it exists), so
//! that `valgrind --tool=callgrind` spends its time in the index, not in generating text.

use scour::dedup::{DedupConfig, Fingerprint, Index, fingerprint};
use std::time::Instant;

#[path = "planted.rs"]
#[allow(dead_code)]
mod planted;

fn main() {
    let flags = planted::args::Flags::parse(&["--n", "--reps", "--seed", "--cache"], &["--no-prefetch"]);
    let (n, reps, seed) = (flags.get("--n", 100_000usize), flags.get("--reps", 5usize), flags.get("--seed", 7u64));
    let cache = flags.string("--cache");
    let prefetch = !flags.has("--no-prefetch");
    let cfg = DedupConfig::default();
    let fps: Vec<Fingerprint> = match cache.as_deref().map(std::fs::read) {
        Some(Ok(bytes)) => bytes.chunks_exact(RECORD).map(decode).collect(),
        _ => {
            let (items, order) = planted::generate(n, seed);
            let fps: Vec<_> = order.iter().map(|&i| fingerprint(&items[i].text, &cfg)).collect();
            if let Some(path) = &cache {
                std::fs::write(path, fps.iter().flat_map(encode).collect::<Vec<u8>>()).expect("write cache");
            }
            fps
        }
    };
    let mut best = f64::MAX;
    let mut best_cpu = f64::MAX;
    let mut sum = 0u64;
    let mut bytes = 0.0;
    for _ in 0..reps {
        let c = cpu_ns();
        let t = Instant::now();
        let mut ix = Index::new(cfg.clone());
        let mut s = 0u64;
        for (i, fp) in fps.iter().enumerate() {
            if prefetch {
                if let Some(next) = fps.get(i + 1) {
                    ix.prefetch(next);
                }
                if let Some(later) = fps.get(i + 4) {
                    scour::dedup::prefetch_value(later);
                }
            }
            if let Some(m) = ix.find_or_insert(fp, i as u64) {
                s = s.wrapping_mul(31).wrapping_add(i as u64 ^ m.key << 20 ^ (m.distance as u64) << 50);
            }
        }
        best = best.min(t.elapsed().as_secs_f64());
        best_cpu = best_cpu.min((cpu_ns() - c) as f64 / 1e9);
        sum = s;
        bytes = ix.memory_bytes() as f64 / ix.len() as f64;
    }
    // On-CPU time (this thread's scheduled time) is also shown: wall-clock rates drop when
    // other processes share the cores.
    println!("{} paragraphs: best {:.2} M find_or_insert/s (on-CPU {:.2} M/s), checksum {sum:016x}, {bytes:.1} B/entry",
        fps.len(), fps.len() as f64 / best / 1e6, fps.len() as f64 / best_cpu / 1e6);
}

const RECORD: usize = 8 + 8 + 4 + 2 + 4 * 32 + 16;

fn encode(fp: &Fingerprint) -> Vec<u8> {
    let mut v = Vec::with_capacity(RECORD);
    v.extend_from_slice(&fp.simhash.to_le_bytes());
    v.extend_from_slice(&fp.exact.to_le_bytes());
    v.extend_from_slice(&fp.words.to_le_bytes());
    v.extend_from_slice(&fp.set_size.to_le_bytes());
    for m in fp.minhash {
        v.extend_from_slice(&m.to_le_bytes());
    }
    v.extend_from_slice(&fp.small);
    v
}

fn decode(b: &[u8]) -> Fingerprint {
    let u64_at = |o: usize| u64::from_le_bytes(b[o..o + 8].try_into().unwrap());
    let u32_at = |o: usize| u32::from_le_bytes(b[o..o + 4].try_into().unwrap());
    Fingerprint {
        simhash: u64_at(0),
        exact: u64_at(8),
        words: u32_at(16),
        set_size: u16::from_le_bytes(b[20..22].try_into().unwrap()),
        minhash: std::array::from_fn(|k| u32_at(22 + 4 * k)),
        small: b[150..166].try_into().unwrap(),
    }
}

fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}
