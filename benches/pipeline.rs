//! Criterion benches of the per-document stages and of the whole per-document pipeline, on the
//! sample scrapes in `input/` (the same bytes every run). Throughput is input bytes per second.
//!
//! `cargo bench --bench pipeline`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scour::Document;
use scour::config::Config;
use scour::pipeline::Stages;
use scour::read::{Payload, Record};
use scour::strip::linefreq::NoCounts;

fn samples() -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.into_iter().map(|p| (p.display().to_string(), std::fs::read(&p).unwrap())).collect()
}

fn record(name: &str, bytes: &[u8]) -> Record {
    Record {
        source: name.to_string(),
        id: None,
        fallback_id: name.to_string(),
        url: String::new(),
        payload: Payload::Bytes(bytes.to_vec()),
        bytes: bytes.len() as u64,
    }
}

fn docs(samples: &[(String, Vec<u8>)]) -> Vec<Document> {
    samples
        .iter()
        .map(|(n, b)| {
            let text = String::from_utf8(b.clone()).unwrap();
            Document { id: n.clone(), paragraphs: scour::normalize::paragraphs(&text), ..Default::default() }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let samples = samples();
    let total: u64 = samples.iter().map(|(_, b)| b.len() as u64).sum();
    let cfg = Config::default();
    let stages = Stages::new(&cfg).unwrap();

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(total));
    g.bench_function("normalize", |b| {
        b.iter(|| {
            for (_, bytes) in &samples {
                black_box(scour::normalize::paragraphs(std::str::from_utf8(bytes).unwrap()));
            }
        })
    });
    let base = docs(&samples);
    let strip = stages.strip.as_ref().unwrap();
    g.bench_function("strip", |b| {
        b.iter_batched(
            || base.clone(),
            |mut ds| {
                for d in &mut ds {
                    strip.process(d, &NoCounts);
                }
                ds
            },
            criterion::BatchSize::SmallInput,
        )
    });
    let repair = stages.repair.as_ref().unwrap();
    g.bench_function("repair", |b| {
        b.iter_batched(
            || base.clone(),
            |mut ds| {
                for d in &mut ds {
                    repair.process(d);
                }
                ds
            },
            criterion::BatchSize::SmallInput,
        )
    });
    g.bench_function("whole_document_pipeline", |b| {
        b.iter(|| {
            for (n, bytes) in &samples {
                let (doc, _) = stages.process(record(n, bytes), &NoCounts).unwrap();
                black_box(scour::write::format_rows(&doc).unwrap());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
