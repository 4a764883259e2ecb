//! pipeline: the only place that knows the order of the stages and runs them.
//!
//! Records are read in a fixed order and processed in batches: decode, normalize, strip and
//! repair run per document in parallel (rayon); dedup runs over each batch in input order, so
//! the output bytes are the same for any thread count. With the strip stage on, a first pass
//! counts line frequencies over the whole input (read twice, never held in memory). Beside
//! the workers, one thread reads (it only splits JSON lines; they are parsed on the workers)
//! and one writes (`write::Writer`).

use std::collections::HashSet;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::{Config, Progress};
use crate::dedup::{self, Fingerprint, Index};
use crate::error::{Error, InputError};
use crate::read::{self, InputFile, Raw, Record};
use crate::repair::Repairer;
use crate::stats::Stats;
use crate::strip::Stripper;
use crate::strip::linefreq::{self, LineCounts, NoCounts, Sketch};
use crate::write::{self, Writer};
use crate::{Document, Status, decode, normalize};

/// What a run did; written to summary.json and printed on stderr.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub version: &'static str,
    pub inputs: usize,
    pub input_errors: usize,
    pub stages: crate::Stages,
    pub threads: usize,
    pub wall_seconds: f64,
    pub mb_per_second: f64,
    pub dedup_index_paragraphs: usize,
    pub dedup_index_bytes: usize,
    pub linefreq_sketch_bytes: usize,
    pub counts: Stats,
}

/// The per-document stages, built once and shared by all threads.
pub struct Stages {
    pub strip: Option<Stripper>,
    pub repair: Option<Repairer>,
    pub dedup: Option<crate::dedup::DedupConfig>,
}

impl Stages {
    pub fn new(cfg: &Config) -> Result<Stages, Error> {
        // Both build large automata (most of the start-up time): side by side on 2+ threads.
        let (strip, repair) = rayon::join(
            || cfg.stages.strip.then(|| Stripper::new(&cfg.strip)).transpose(),
            || cfg.stages.repair.then(|| Repairer::new(&cfg.repair)).transpose(),
        );
        Ok(Stages { strip: strip?, repair: repair?, dedup: cfg.stages.dedup.then(|| cfg.dedup.clone()) })
    }

    /// Decodes, normalises, repairs and strips one record; computes paragraph fingerprints.
    pub fn process(&self, rec: Record, counts: &dyn LineCounts) -> Result<(Document, Vec<Option<Fingerprint>>), InputError> {
        let decoded = decode::decode(rec.payload).map_err(|e| InputError::new(&rec.source, e))?;
        let paragraphs = normalize::paragraphs(&decoded.text);
        if paragraphs.is_empty() {
            return Err(InputError::new(&rec.source, "empty document: no text after normalisation"));
        }
        let mut doc = Document {
            id: rec.id.unwrap_or(rec.fallback_id),
            source: rec.source,
            url: rec.url,
            encoding: decoded.encoding.to_string(),
            paragraphs,
            bytes: rec.bytes,
            ..Default::default()
        };
        // Character repairs come before the strip stage, so that its lexicons and stopwords
        // see the words the page was written in; the spin score after it, on the kept text.
        if let Some(r) = &self.repair {
            r.fix_text(&mut doc);
        }
        if let Some(s) = &self.strip {
            s.process(&mut doc, counts);
        }
        if let Some(r) = &self.repair {
            r.unspin(&mut doc);
        }
        let mut fps = Vec::new();
        if let Some(dc) = &self.dedup {
            for p in &mut doc.paragraphs {
                if matches!(p.status, Status::Kept | Status::Title) {
                    let fp = dedup::fingerprint(&p.text, dc);
                    p.simhash = fp.simhash;
                    fps.push(Some(fp));
                } else {
                    // Chrome and metadata only need the simhash column.
                    p.simhash = dedup::simhash_of(&p.text);
                    fps.push(None);
                }
            }
        }
        Ok((doc, fps))
    }
}

/// Corpus-wide dedup state: the index and the ids of the documents it points into.
struct Dedup {
    index: Index,
    doc_ids: Vec<Box<str>>,
}

impl Dedup {
    fn apply(&mut self, doc: &mut Document, fps: &[Option<Fingerprint>]) {
        let ordinal = self.doc_ids.len() as u64;
        self.doc_ids.push(doc.id.clone().into_boxed_str());
        for (k, (p, fp)) in doc.paragraphs.iter_mut().zip(fps).enumerate() {
            let Some(fp) = fp else { continue };
            // Start loading the next fingerprint's table groups (no effect on results).
            if let Some(next) = fps[k + 1..].iter().flatten().next() {
                self.index.prefetch(next);
            }
            if let Some(later) = fps.get(k + 4) {
                dedup::prefetch_value(later);
            }
            let key = (ordinal << 24) | (p.position as u64 & 0xFF_FFFF);
            if p.status == Status::Title {
                self.index.insert(fp, key);
                continue;
            }
            if let Some(m) = self.index.find_or_insert(fp, key) {
                let (d, pos) = ((m.key >> 24) as usize, m.key & 0xFF_FFFF);
                p.status = Status::Duplicate;
                p.reason = if m.exact {
                    "dup:exact".into()
                } else {
                    format!("dup:near(d={},sim={:.2})", m.distance, m.similarity)
                };
                p.duplicate_of = Some(format!("{}:{pos}", self.doc_ids[d]));
            }
        }
    }
}

/// Makes document ids unique, in input order: a repeated id gets `~2`, `~3`, ...
#[derive(Default)]
struct IdSet(HashSet<u128>);

impl IdSet {
    /// Makes `id` unique; true when it had to be renamed.
    fn claim(&mut self, id: &mut String) -> bool {
        let h = |s: &str| xxhash_rust::xxh3::xxh3_128(s.as_bytes());
        if self.0.insert(h(id)) {
            return false;
        }
        let mut n = 2;
        while !self.0.insert(h(&format!("{id}~{n}"))) {
            n += 1;
        }
        id.push_str(&format!("~{n}"));
        true
    }
}

/// Standard input cannot be read twice: it is copied to a temporary file in the output folder
/// first (removed at the end) and read from there as JSON lines.
fn spool_stdin(cfg: &Config) -> Result<Option<PathBuf>, Error> {
    if !cfg.inputs.iter().any(|p| p.as_os_str() == "-") {
        return Ok(None);
    }
    std::fs::create_dir_all(&cfg.out_dir).map_err(|e| Error::io(&cfg.out_dir, e))?;
    let path = cfg.out_dir.join(".stdin.jsonl.tmp");
    let mut f = std::fs::File::create(&path).map_err(|e| Error::io(&path, e))?;
    let mut buf = vec![0u8; 1 << 20];
    let mut stdin = std::io::stdin().lock();
    loop {
        let n = stdin.read(&mut buf).map_err(|e| Error::io("-", e))?;
        if n == 0 {
            break;
        }
        f.write_all(&buf[..n]).map_err(|e| Error::io(&path, e))?;
    }
    Ok(Some(path))
}

/// Progress on stderr: an indicatif bar (bytes, MB/s, ETA, documents) when stderr is a
/// terminal; with `--progress always` and stderr not a terminal (a log file, CI), a plain line
/// every 10 seconds instead, since indicatif draws nothing where no one is watching.
struct Meter {
    bar: indicatif::ProgressBar,
    log: Option<(Instant, Instant)>,
    msg: &'static str,
    total: u64,
}

impl Meter {
    fn new(cfg: &Config, total: u64, msg: &'static str) -> Meter {
        let tty = std::io::stderr().is_terminal();
        let (bar, log) = match (cfg.progress, tty) {
            (Progress::Never, _) | (Progress::Auto, false) => (indicatif::ProgressBar::hidden(), None),
            (Progress::Always, false) => (indicatif::ProgressBar::hidden(), Some((Instant::now(), Instant::now()))),
            (_, true) => {
                let pb = indicatif::ProgressBar::with_draw_target(Some(total), indicatif::ProgressDrawTarget::stderr());
                pb.set_style(
                    indicatif::ProgressStyle::with_template(
                        "{msg:>9} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta} {prefix}",
                    )
                    .unwrap()
                    .progress_chars("=> "),
                );
                pb.set_message(msg);
                (pb, None)
            }
        };
        Meter { bar, log, msg, total }
    }

    fn update(&mut self, done: u64, docs: u64) {
        self.bar.set_position(done.min(self.total));
        self.bar.set_prefix(format!("{docs} docs"));
        if let Some((start, last)) = &mut self.log
            && last.elapsed().as_secs() >= 10
        {
            *last = Instant::now();
            let secs = start.elapsed().as_secs_f64().max(1e-3);
            let rate = done as f64 / secs;
            let eta = if rate > 0.0 { self.total.saturating_sub(done) as f64 / rate } else { 0.0 };
            eprintln!(
                "scour: {} {:.0}/{:.0} MB ({:.0}%), {:.1} MB/s, eta {:.0}s, {docs} docs",
                self.msg,
                done as f64 / 1e6,
                self.total as f64 / 1e6,
                100.0 * done as f64 / self.total.max(1) as f64,
                rate / 1e6,
                eta
            );
        }
    }

    fn finish(self) {
        self.bar.finish_and_clear();
    }
}

/// Input bytes per batch. Two batches' documents are alive at once (one being processed, the
/// previous one being deduplicated and written), each several times its input size.
const BATCH_BYTES: u64 = 16 << 20;

/// Runs the whole pipeline as `cfg` says and writes the output folder.
pub fn run(cfg: &Config) -> Result<Summary, Error> {
    let start = Instant::now();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {} threads: {e}", cfg.threads)))?;
    let threads = pool.current_num_threads();
    pool.install(|| run_inner(cfg, start, threads))
}

/// A document after the per-document stages, with its paragraphs' fingerprints.
type Processed = (Document, Vec<Option<Fingerprint>>);

/// The in-order end of the pipeline: unique ids, the corpus dedup index, the writer, the
/// counts (summed per batch on the workers). Batches arrive here in input order, which is what
/// makes the output independent of the thread count.
struct Ordered<'a> {
    cfg: &'a Config,
    writer: &'a mut Writer,
    dedup: Option<Dedup>,
    ids: IdSet,
    stats: Stats,
    n_errors: usize,
    done_bytes: u64,
}

impl Ordered<'_> {
    fn consume(&mut self, processed: Vec<Result<Processed, InputError>>, pb: &mut Meter) -> Result<(), Error> {
        let mut docs = Vec::with_capacity(processed.len());
        for item in processed {
            match item {
                Ok((mut doc, fps)) => {
                    let before = doc.id.clone();
                    if self.ids.claim(&mut doc.id) {
                        // Within-document pointers (a repeated title) follow the renamed id.
                        let prefix = format!("{before}:");
                        for p in &mut doc.paragraphs {
                            if let Some(d) = &mut p.duplicate_of
                                && let Some(pos) = d.strip_prefix(&prefix)
                            {
                                *d = format!("{}:{pos}", doc.id);
                            }
                        }
                    }
                    if let Some(d) = &mut self.dedup {
                        d.apply(&mut doc, &fps);
                    }
                    docs.push(doc);
                }
                Err(e) => {
                    self.n_errors += 1;
                    self.writer.write_error(&e)?;
                }
            }
        }
        // Only the writes need the input order: the counts (sums, merged in any order), the
        // rows and dropping the documents (many small strings each) run on the workers.
        let spin_threshold = self.cfg.repair.spin_threshold;
        let stats = docs
            .par_iter()
            .fold(Stats::default, |mut s, doc| {
                s.add_document(doc, spin_threshold);
                s
            })
            .reduce(Stats::default, |mut a, b| {
                a.merge(&b);
                a
            });
        // Formatted here, written on the writer thread (see `Writer`) while the next batches run.
        let rows: Result<Vec<_>, Error> = docs.into_par_iter().map(|doc| write::format_rows(&doc)).collect();
        self.writer.write_rows(rows?)?;
        self.stats.merge(&stats);
        self.done_bytes += stats.bytes;
        pb.update(self.done_bytes, self.stats.documents);
        Ok(())
    }
}

fn run_inner(cfg: &Config, start: Instant, threads: usize) -> Result<Summary, Error> {
    // The counters of the line-frequency sketch (64 MB by default, written once to zero) are
    // made while the stages build: that building keeps one thread busy longer than the other.
    let (stages, empty_sketch) = rayon::join(
        || Stages::new(cfg),
        || (cfg.stages.strip && cfg.strip.linefreq).then(|| Sketch::with_bytes(cfg.strip.linefreq_bytes)),
    );
    let stages = stages?;
    let mut writer = Writer::create(&cfg.out_dir)?;
    let stdin_spool = spool_stdin(cfg)?;
    let inputs: Vec<PathBuf> = cfg
        .inputs
        .iter()
        .map(|p| if p.as_os_str() == "-" { stdin_spool.clone().unwrap() } else { p.clone() })
        .collect();
    let (mut files, discover_errors) = read::discover(&inputs);
    for f in &mut files {
        if Some(&f.path) == stdin_spool.as_ref() {
            f.display = "-".into();
            f.format = read::Format::Jsonl;
        }
    }
    let mut n_errors = discover_errors.len();
    for e in &discover_errors {
        writer.write_error(e)?;
    }
    let total: u64 = files.iter().map(|f| f.size).sum();

    let sketch = match (&stages.strip, empty_sketch) {
        (Some(s), Some(sketch)) if !files.is_empty() => Some(count_lines(cfg, &files, sketch, s, stages.repair.as_ref(), total)),
        _ => None,
    };
    let counts: &dyn LineCounts = match &sketch {
        Some(s) => s,
        None => &NoCounts,
    };

    let mut pb = Meter::new(cfg, total, "cleaning");
    let mut out = Ordered {
        cfg,
        writer: &mut writer,
        dedup: stages.dedup.clone().map(|c| Dedup { index: Index::new(c), doc_ids: Vec::new() }),
        ids: IdSet::default(),
        stats: Stats::default(),
        n_errors: 0,
        done_bytes: 0,
    };
    // Batch N's in-order work (ids, dedup, writing) runs beside the per-document work on batch
    // N+1 (rayon::join), so with 2+ threads no core waits for the sequential part; with one
    // thread the two simply run one after the other.
    let mut pending: Option<Vec<Result<Processed, InputError>>> = None;
    for_each_batch(cfg, &files, |batch| {
        let (processed, res) = rayon::join(
            || batch.into_par_iter().map(|r| r.and_then(|raw| stages.process(raw.parse(&cfg.fields)?, counts))).collect(),
            || pending.take().map_or(Ok(()), |prev| out.consume(prev, &mut pb)),
        );
        pending = Some(processed);
        res
    })?;
    if let Some(prev) = pending.take() {
        out.consume(prev, &mut pb)?;
    }
    let Ordered { dedup, stats, n_errors: late_errors, .. } = out;
    n_errors += late_errors;
    pb.finish();
    let wall = start.elapsed().as_secs_f64();
    let summary = Summary {
        version: env!("CARGO_PKG_VERSION"),
        inputs: files.len(),
        input_errors: n_errors,
        stages: cfg.stages,
        threads,
        wall_seconds: wall,
        mb_per_second: stats.bytes as f64 / 1e6 / wall.max(1e-9),
        dedup_index_paragraphs: dedup.as_ref().map_or(0, |d| d.index.len()),
        dedup_index_bytes: dedup.as_ref().map_or(0, |d| d.index.memory_bytes()),
        linefreq_sketch_bytes: sketch.as_ref().map_or(0, |s| s.memory_bytes()),
        counts: stats,
    };
    writer.finish(&summary)?;
    if let Some(p) = stdin_spool {
        std::fs::remove_file(&p).ok();
    }
    Ok(summary)
}

/// First pass: counts, for every short line, how many documents contain it.
/// Lines are counted as the decision pass will see them, after the character repairs.
fn count_lines(cfg: &Config, files: &[InputFile], sketch: Sketch, strip: &Stripper, repair: Option<&Repairer>, total: u64) -> Sketch {
    let max_words = strip.config().linefreq_max_words;
    let mut pb = Meter::new(cfg, total, "counting");
    let mut done = 0u64;
    let _ = for_each_batch(cfg, files, |batch| {
        done += batch.iter().filter_map(|r| r.as_ref().ok()).map(Raw::size).sum::<u64>();
        batch.into_par_iter().for_each(|r| {
            let Ok(rec) = r.and_then(|raw| raw.parse(&cfg.fields)) else { return };
            let Ok(decoded) = decode::decode(rec.payload) else { return };
            let mut folded = String::new();
            let mut keys: Vec<u64> = normalize::lines(&decoded.text)
                .filter(|l| linefreq::short_enough(l, max_words))
                .filter_map(|l| match repair.and_then(|r| r.fix_line(l, crate::repair::mojibake::fix)) {
                    Some((fixed, _)) => linefreq::line_key(&fixed, max_words, &mut folded),
                    None => linefreq::line_key(&normalize::normalize_cow(l), max_words, &mut folded),
                })
                .collect();
            sketch.add_document(&mut keys);
        });
        pb.update(done, 0);
        Ok(())
    });
    pb.finish();
    sketch
}

/// Reads the input in batches on a thread of its own (so reading and decompressing overlap
/// with the work on the previous batch) and hands each batch, in input order, to `f`. The
/// JSON lines in a batch are not parsed yet: `f` parses them on the workers.
fn for_each_batch<'a>(
    cfg: &Config,
    files: &'a [InputFile],
    mut f: impl FnMut(Vec<Result<Raw<'a>, InputError>>) -> Result<(), Error>,
) -> Result<(), Error> {
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Result<Raw<'a>, InputError>>>(1);
        let fields = &cfg.fields;
        let max_docs = cfg.batch_docs.max(1);
        scope.spawn(move || {
            // Records are pushed into the batch as the format readers produce them and the
            // batch is handed over when full, so even one huge JSON-lines file is never held
            // whole: at most the batch being filled, one waiting and one being worked on.
            let mut batch = Vec::new();
            let mut bytes = 0u64;
            let mut stopped = false;
            for file in files {
                read::read_raw(file, fields, &mut |r| {
                    if stopped {
                        return;
                    }
                    if let Ok(raw) = &r {
                        bytes += raw.size();
                    }
                    batch.push(r);
                    if batch.len() >= max_docs || bytes >= BATCH_BYTES {
                        stopped = tx.send(std::mem::take(&mut batch)).is_err();
                        bytes = 0;
                    }
                });
                if stopped {
                    return;
                }
            }
            if !batch.is_empty() {
                let _ = tx.send(batch);
            }
        });
        // On an error, dropping `rx` stops the reader at its next send.
        for batch in rx {
            f(batch)?;
        }
        Ok(())
    })
}

/// `scour inspect`: each paragraph of one file with its features, class, status and reason.
pub fn inspect(
    path: &std::path::Path,
    lexicons: &[PathBuf],
    stopwords: &[PathBuf],
    spin_lexicons: &[PathBuf],
) -> Result<String, Error> {
    use std::fmt::Write as _;
    let mut cfg = Config::default();
    cfg.strip.lexicons = lexicons.to_vec();
    cfg.strip.stopwords = stopwords.to_vec();
    cfg.repair.spin_lexicons = spin_lexicons.to_vec();
    let stages = Stages::new(&cfg)?;
    let (files, errors) = read::discover(&[path.to_path_buf()]);
    if let Some(e) = errors.first() {
        return Err(Error::Usage(format!("{}: {}", e.source, e.error)));
    }
    let mut first = None;
    if let Some(f) = files.first() {
        read::read_file(f, &cfg.fields, &mut |r| {
            if first.is_none() {
                first = Some(r);
            }
        });
    }
    let rec = match first {
        Some(Ok(r)) => r,
        Some(Err(e)) => return Err(Error::Usage(format!("{}: {}", e.source, e.error))),
        None => return Err(Error::Usage(format!("{}: no document found", path.display()))),
    };
    let (doc, _) = stages.process(rec.clone(), &NoCounts).map_err(|e| Error::Usage(format!("{}: {}", e.source, e.error)))?;
    let strip = stages.strip.as_ref().expect("strip stage is on");
    let decoded = decode::decode(rec.payload).map_err(Error::Usage)?;
    let mut raw = Document { paragraphs: normalize::paragraphs(&decoded.text), ..Default::default() };
    // The features of the lines as the strip stage saw them: after the character repairs.
    if let Some(r) = &stages.repair {
        r.fix_text(&mut raw);
    }
    let (lang, infos) = strip.explain(&raw, &NoCounts);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  language={lang} encoding={} spin_score={:.3}\ntitle: {}\nauthor: {}\npublished: {}\n",
        doc.source, doc.encoding, doc.spin_score, doc.title, doc.author, doc.published
    );
    let _ = writeln!(out, "{:>4} {:<9} {:<9} {:>7} {:>5} {:>5} {:<24} text", "pos", "status", "class", "weight", "units", "stop", "reason");
    for (p, info) in doc.paragraphs.iter().zip(&infos) {
        let mut text: String = p.text.chars().take(70).collect();
        if text.len() < p.text.len() {
            text.push('…');
        }
        let _ = writeln!(
            out,
            "{:>4} {:<9} {:<9} {:>7.1} {:>5} {:>5.2} {:<24} {}",
            p.position,
            p.status.as_str(),
            format!("{:?}", info.class),
            info.weight,
            info.features.units,
            info.features.stop_density(),
            write::reason(p),
            text
        );
    }
    Ok(out)
}
