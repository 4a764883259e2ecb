//! Throughput of the repair fixers (entities, mojibake, chars) on clean and damaged text,
//! paragraph by paragraph as the pipeline calls them. Fixtures are written here: a handful of
//! multilingual paragraphs, repeated to ~100 KB, and their mojibake'd / escaped versions.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use scour::repair::{chars, entities, mojibake};
use std::hint::black_box;
use std::time::Duration;

const CLEAN: &[&str] = &[
    "The committee met on Tuesday to review the budget, and nobody expected the meeting to run past six.",
    "“We’re not there yet,” the director said — adding that the final figures would arrive “within a week or so…”",
    "Le marché de Noël ouvre ses portes vendredi ; les exposants déballent déjà leurs créations à côté de la cathédrale.",
    "Die Bürgerinitiative fordert größere Grünflächen und eine verkehrsberuhigte Straße vor der Grundschule.",
    "Żółta łódź przypłynęła do brzegu, a rybacy zaczęli rozładowywać świeże ryby na targ.",
    "Московский метрополитен перевёз в прошлом году более двух миллиардов пассажиров.",
    "Η παράσταση θα ξεκινήσει στις εννέα το βράδυ στο ανοιχτό θέατρο της πόλης.",
    "東京の桜は今年、例年より一週間早く満開になりました。観光客で公園は大変混雑しています。",
    "新的图书馆将于明年春天开放，藏书超过五十万册，并提供免费的无线网络。",
    "서울의 새로운 지하철 노선은 내년 말에 개통될 예정이며 출퇴근 시간을 크게 줄일 것입니다.",
    "افتتحت المدينة حديقة جديدة على ضفاف النهر، وتضم ممرات للدراجات وملاعب للأطفال.",
    "Prices start at €12.50 (about £11) — that’s 15 % less than last year’s 10 °C-rated model.",
    "São Paulo, Bogotá and Cancún were the top destinations; the café on Rua Augusta stays open until 2 a.m.",
];

/// The same paragraphs as they arrive broken: UTF-8 read as windows-1252 (sometimes twice),
/// Latin-1 with C1 controls, HTML-escaped, and sprinkled with invisible characters.
fn damaged(clean: &[String]) -> Vec<String> {
    let w1252 = |s: &str| {
        encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(s.as_bytes())
            .0
            .into_owned()
    };
    clean
        .iter()
        .enumerate()
        .map(|(i, s)| match i % 5 {
            0 => w1252(s),
            1 => w1252(&w1252(s)),
            2 => s.bytes().map(char::from).collect(),
            3 => format!(
                "{}&nbsp;&#8212;&#x2019;",
                s.replace('’', "&#8217;").replace(' ', "&nbsp;")
            ),
            _ => s
                .chars()
                .enumerate()
                .flat_map(|(k, c)| [Some(c), (k % 7 == 6).then_some('\u{AD}')])
                .flatten()
                .chain(['\u{200B}'])
                .collect(),
        })
        .collect()
}

fn corpus(target_bytes: usize, ascii_only: bool) -> Vec<String> {
    let src: Vec<&str> = if ascii_only {
        CLEAN.iter().copied().filter(|s| s.is_ascii()).collect()
    } else {
        CLEAN.to_vec()
    };
    let mut out = Vec::new();
    let mut n = 0;
    while n < target_bytes {
        let s = src[out.len() % src.len()].to_string();
        n += s.len();
        out.push(s);
    }
    out
}

fn run_all(lines: &[String]) -> usize {
    let mut changed = 0;
    for line in lines {
        let a = entities::fix(line);
        let s = a.as_deref().unwrap_or(line);
        let b = mojibake::fix(s);
        let s = b.as_deref().unwrap_or(s);
        let c = chars::fix(s);
        changed += (a.is_some() || b.is_some() || c.is_some()) as usize;
    }
    changed
}

fn bench(c: &mut Criterion) {
    let clean = corpus(100_000, false);
    let ascii = corpus(100_000, true);
    let broken = damaged(&clean);
    // Sanity: the fixers do their job on the fixtures (not timed).
    assert_eq!(run_all(&ascii), 0);
    assert_eq!(run_all(&clean), 0);
    assert!(run_all(&broken) * 10 >= broken.len() * 9);

    for (name, lines) in [
        ("clean_ascii", &ascii),
        ("clean_multilingual", &clean),
        ("damaged", &broken),
    ] {
        let bytes: usize = lines.iter().map(String::len).sum();
        let mut g = c.benchmark_group(format!("repair/{name}"));
        g.throughput(Throughput::Bytes(bytes as u64));
        g.sample_size(20).measurement_time(Duration::from_secs(3));
        g.bench_function("mojibake", |b| {
            b.iter(|| {
                lines
                    .iter()
                    .filter(|l| mojibake::fix(black_box(l)).is_some())
                    .count()
            })
        });
        g.bench_function("entities", |b| {
            b.iter(|| {
                lines
                    .iter()
                    .filter(|l| entities::fix(black_box(l)).is_some())
                    .count()
            })
        });
        g.bench_function("chars", |b| {
            b.iter(|| {
                lines
                    .iter()
                    .filter(|l| chars::fix(black_box(l)).is_some())
                    .count()
            })
        });
        g.bench_function("all_three", |b| b.iter(|| run_all(black_box(lines))));
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
