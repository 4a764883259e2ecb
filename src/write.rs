//! write: all output files, written under temporary names and renamed when complete.
//!
//! `documents.csv`, `paragraphs.csv`, `repairs.csv` and `errors.csv` are RFC 4180 CSV (UTF-8, no
//! BOM, quoted as needed, `\n` kept inside fields); `summary.json` is renamed last, so its
//! presence means the run finished. A killed run leaves only `*.tmp` files.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, InputError};
use crate::{Document, Status};

pub const DOCUMENT_COLUMNS: [&str; 14] = [
    "doc_id", "source", "title", "author", "published", "language", "encoding", "text", "paragraphs", "kept",
    "chrome", "duplicates", "repairs", "spin_score",
];
pub const PARAGRAPH_COLUMNS: [&str; 8] =
    ["doc_id", "position", "status", "reason", "simhash", "duplicate_of", "original", "text"];
pub const REPAIR_COLUMNS: [&str; 5] = ["doc_id", "position", "rule", "before", "after"];
pub const ERROR_COLUMNS: [&str; 2] = ["source", "error"];

const FILES: [&str; 5] = ["documents.csv", "paragraphs.csv", "repairs.csv", "errors.csv", "summary.json"];

fn csv_writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(w)
}

/// The CSV rows of one document, formatted off the writer thread.
#[derive(Default)]
pub struct Rows {
    pub documents: Vec<u8>,
    pub paragraphs: Vec<u8>,
    pub repairs: Vec<u8>,
}

/// The `reason` column: the stage's reason, plus the repair rules that fired.
pub fn reason(p: &crate::Paragraph) -> String {
    if p.repairs.is_empty() {
        return p.reason.clone();
    }
    let mut rules: Vec<&str> = Vec::new();
    for r in &p.repairs {
        if !rules.contains(&r.rule) {
            rules.push(r.rule);
        }
    }
    let rep = format!("repair:{}", rules.join("+"));
    if p.reason.is_empty() { rep } else { format!("{};{rep}", p.reason) }
}

/// Appends one field as the csv crate's writer (necessary quoting, `\n` terminator) writes
/// it: quoted, with quotes doubled, when it holds a comma, a quote, `\r` or `\n`, else as is.
/// The per-row formatting is most of the in-order end of the pipeline, and the crate's writer
/// classifies every byte through a table and copies through its own buffer; memchr finds
/// whether a field needs quotes (a plain loop for short fields, where the two memchr calls'
/// setup costs more than the bytes) and the copy is one memcpy per run between quotes.
fn push_field(out: &mut Vec<u8>, f: &[u8]) {
    let plain = if f.len() < 32 {
        !f.iter().any(|&b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
    } else {
        memchr::memchr3(b',', b'"', b'\n', f).is_none() && memchr::memchr(b'\r', f).is_none()
    };
    if plain {
        out.extend_from_slice(f);
        return;
    }
    out.push(b'"');
    let mut rest = f;
    while let Some(q) = memchr::memchr(b'"', rest) {
        out.extend_from_slice(&rest[..=q]);
        out.push(b'"');
        rest = &rest[q + 1..];
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

/// Appends one record (see [`push_field`]); a record of one empty field is `""`, as the
/// crate writes it, so that it still reads as a record.
fn push_record(out: &mut Vec<u8>, fields: &[&[u8]]) {
    if let [f] = fields
        && f.is_empty()
    {
        out.extend_from_slice(b"\"\"\n");
        return;
    }
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_field(out, f);
    }
    out.push(b'\n');
}

/// Formats one document's rows.
pub fn format_rows(doc: &Document) -> Result<Rows, Error> {
    let mut d = Vec::with_capacity(doc.bytes as usize + 256);
    let text = doc.kept_text();
    push_record(
        &mut d,
        &[
            doc.id.as_bytes(),
            doc.source.as_bytes(),
            doc.title.as_bytes(),
            doc.author.as_bytes(),
            doc.published.as_bytes(),
            doc.language.as_bytes(),
            doc.encoding.as_bytes(),
            text.as_bytes(),
            doc.paragraphs.len().to_string().as_bytes(),
            doc.count(Status::Kept).to_string().as_bytes(),
            doc.count(Status::Chrome).to_string().as_bytes(),
            doc.count(Status::Duplicate).to_string().as_bytes(),
            doc.repair_count().to_string().as_bytes(),
            format!("{:.3}", doc.spin_score).as_bytes(),
        ],
    );
    // Each paragraph's original and text, and per row its id, position, status, reason,
    // simhash and commas (~60 bytes besides the id): sized for that, the buffer of a page of
    // many short lines no longer grows (and is copied) on the way (reallocations were 3.8 M
    // instructions of 20.9 M in `push_record`, callgrind 2 MB sample).
    let mut p = Vec::with_capacity(doc.bytes as usize * 2 + doc.paragraphs.len() * (doc.id.len() + 64) + 256);
    let mut r = Vec::new();
    let mut pos = [0u8; 10];
    let mut hex = [0u8; 16];
    for para in &doc.paragraphs {
        let pos = decimal(para.position, &mut pos);
        // The stage's reason is borrowed unless repair rules are appended to it.
        let with_rules;
        let why = if para.repairs.is_empty() {
            para.reason.as_str()
        } else {
            with_rules = reason(para);
            with_rules.as_str()
        };
        push_record(
            &mut p,
            &[
                doc.id.as_bytes(),
                pos,
                para.status.as_str().as_bytes(),
                why.as_bytes(),
                hex16(para.simhash, &mut hex),
                para.duplicate_of.as_deref().unwrap_or("").as_bytes(),
                para.original.as_bytes(),
                para.text.as_bytes(),
            ],
        );
        for rep in &para.repairs {
            push_record(&mut r, &[doc.id.as_bytes(), pos, rep.rule.as_bytes(), rep.before.as_bytes(), rep.after.as_bytes()]);
        }
    }
    Ok(Rows { documents: d, paragraphs: p, repairs: r })
}

/// `n` in decimal, as `to_string` writes it, without the allocation.
fn decimal(mut n: u32, buf: &mut [u8; 10]) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            return &buf[i..];
        }
    }
}

/// `n` as 16 lowercase hex digits (`{:016x}`), without the allocation.
fn hex16(n: u64, buf: &mut [u8; 16]) -> &[u8] {
    for (i, b) in buf.iter_mut().enumerate() {
        *b = b"0123456789abcdef"[(n >> (60 - 4 * i)) as usize & 15];
    }
    buf
}

struct TmpFile {
    tmp: PathBuf,
    path: PathBuf,
    w: BufWriter<File>,
}

impl TmpFile {
    fn create(dir: &Path, name: &str) -> Result<TmpFile, Error> {
        let path = dir.join(name);
        let tmp = dir.join(format!("{name}.tmp"));
        let f = File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        Ok(TmpFile { tmp, path, w: BufWriter::with_capacity(1 << 20, f) })
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.w.write_all(bytes).map_err(|e| Error::io(&self.tmp, e))
    }

    fn finish(mut self) -> Result<(), Error> {
        self.w.flush().map_err(|e| Error::io(&self.tmp, e))?;
        std::fs::rename(&self.tmp, &self.path).map_err(|e| Error::io(&self.path, e))
    }
}

/// The three per-document files, owned by the writer thread while the run goes on.
struct RowFiles {
    documents: TmpFile,
    paragraphs: TmpFile,
    repairs: TmpFile,
}

impl RowFiles {
    fn write(&mut self, rows: &Rows) -> Result<(), Error> {
        self.documents.write(&rows.documents)?;
        self.paragraphs.write(&rows.paragraphs)?;
        self.repairs.write(&rows.repairs)
    }
}

/// Writes the output folder of one run. The rows go to the files on a thread of its own:
/// copying a run's output into the page cache is a large, strictly sequential part of the
/// in-order end (most of it kernel time), and there it overlaps with the work on the next
/// batches instead of holding up a worker.
pub struct Writer {
    dir: PathBuf,
    /// Batches of rows to the writer thread, in order; at most two waiting.
    tx: Option<std::sync::mpsc::SyncSender<Vec<Rows>>>,
    /// The writer thread; it stops at the first failed write and returns that error.
    thread: Option<std::thread::JoinHandle<Result<RowFiles, Error>>>,
    errors: csv::Writer<Vec<u8>>,
}

fn header(cols: &[&str]) -> Vec<u8> {
    let mut w = csv_writer(Vec::new());
    w.write_record(cols).expect("writing to memory");
    w.into_inner().expect("writing to memory")
}

impl Writer {
    /// Creates the folder and the temporary files. Finished outputs of an earlier run are
    /// removed first, so a run that dies never leaves stale files that look current.
    pub fn create(dir: &Path) -> Result<Writer, Error> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        for name in FILES {
            let p = dir.join(name);
            if p.exists() {
                std::fs::remove_file(&p).map_err(|e| Error::io(&p, e))?;
            }
        }
        let mut files = RowFiles {
            documents: TmpFile::create(dir, "documents.csv")?,
            paragraphs: TmpFile::create(dir, "paragraphs.csv")?,
            repairs: TmpFile::create(dir, "repairs.csv")?,
        };
        files.documents.write(&header(&DOCUMENT_COLUMNS))?;
        files.paragraphs.write(&header(&PARAGRAPH_COLUMNS))?;
        files.repairs.write(&header(&REPAIR_COLUMNS))?;
        let mut errors = csv_writer(Vec::new());
        errors.write_record(ERROR_COLUMNS)?;
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Rows>>(2);
        let thread = std::thread::Builder::new()
            .name("scour-writer".into())
            .spawn(move || {
                for batch in rx {
                    for rows in &batch {
                        files.write(rows)?;
                    }
                }
                Ok(files)
            })
            .map_err(|e| Error::io(dir, e))?;
        Ok(Writer { dir: dir.to_path_buf(), tx: Some(tx), thread: Some(thread), errors })
    }

    /// Queues a batch of documents' rows, written in the order given.
    pub fn write_rows(&mut self, rows: Vec<Rows>) -> Result<(), Error> {
        let sent = self.tx.as_ref().is_some_and(|tx| tx.send(rows).is_ok());
        if sent {
            return Ok(());
        }
        // The thread has stopped: a write failed, and joining it gives that error.
        self.stop()?;
        Err(Error::Csv("the writer thread stopped".into()))
    }

    /// Waits for the queued rows to be written and takes the files back.
    fn stop(&mut self) -> Result<RowFiles, Error> {
        drop(self.tx.take());
        match self.thread.take() {
            Some(t) => t.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
            None => Err(Error::Csv("the writer thread stopped".into())),
        }
    }

    pub fn write_error(&mut self, e: &InputError) -> Result<(), Error> {
        self.errors.write_record([&e.source, &e.error])?;
        Ok(())
    }

    /// Completes the CSV files, then writes summary.json last.
    pub fn finish(mut self, summary: &impl serde::Serialize) -> Result<(), Error> {
        let files = self.stop()?;
        let errors = std::mem::replace(&mut self.errors, csv_writer(Vec::new()))
            .into_inner()
            .map_err(|e| Error::Csv(e.to_string()))?;
        let mut ef = TmpFile::create(&self.dir, "errors.csv")?;
        ef.write(&errors)?;
        files.documents.finish()?;
        files.paragraphs.finish()?;
        files.repairs.finish()?;
        ef.finish()?;
        let mut sf = TmpFile::create(&self.dir, "summary.json")?;
        let json = serde_json::to_vec_pretty(summary).map_err(|e| Error::Csv(e.to_string()))?;
        sf.write(&json)?;
        sf.write(b"\n")?;
        sf.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { failure_persistence: None, ..Default::default() })]
        // The hand-written rows are byte for byte what the csv crate writes.
        #[test]
        fn records_match_the_csv_crate(fields in proptest::collection::vec("[a-c,\"\r\n é]{0,8}|[a-c,\"\r\n é]{30,40}", 1..5)) {
            let mut want = csv_writer(Vec::new());
            want.write_record(&fields).unwrap();
            let mut got = Vec::new();
            push_record(&mut got, &fields.iter().map(|f| f.as_bytes()).collect::<Vec<_>>());
            proptest::prop_assert_eq!(got, want.into_inner().unwrap());
        }

        #[test]
        fn numbers_match_format(n in proptest::num::u32::ANY, h in proptest::num::u64::ANY) {
            let (mut d, mut x) = ([0; 10], [0; 16]);
            proptest::prop_assert_eq!(decimal(n, &mut d), n.to_string().into_bytes());
            proptest::prop_assert_eq!(hex16(h, &mut x), format!("{h:016x}").into_bytes());
        }
    }

    #[test]
    fn edge_numbers() {
        let (mut d, mut x) = ([0; 10], [0; 16]);
        assert_eq!(decimal(0, &mut d), b"0");
        assert_eq!(decimal(u32::MAX, &mut d), b"4294967295");
        assert_eq!(hex16(0, &mut x), b"0000000000000000");
    }
}
