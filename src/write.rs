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

/// Formats one document's rows.
pub fn format_rows(doc: &Document) -> Result<Rows, Error> {
    let mut d = csv_writer(Vec::with_capacity(doc.bytes as usize + 256));
    let text = doc.kept_text();
    d.write_record([
        doc.id.as_str(),
        &doc.source,
        &doc.title,
        &doc.author,
        &doc.published,
        &doc.language,
        &doc.encoding,
        &text,
        &doc.paragraphs.len().to_string(),
        &doc.count(Status::Kept).to_string(),
        &doc.count(Status::Chrome).to_string(),
        &doc.count(Status::Duplicate).to_string(),
        &doc.repair_count().to_string(),
        &format!("{:.3}", doc.spin_score),
    ])?;
    let mut p = csv_writer(Vec::with_capacity(doc.bytes as usize * 2 + 256));
    let mut r = csv_writer(Vec::new());
    for para in &doc.paragraphs {
        let pos = para.position.to_string();
        p.write_record([
            doc.id.as_str(),
            &pos,
            para.status.as_str(),
            &reason(para),
            &format!("{:016x}", para.simhash),
            para.duplicate_of.as_deref().unwrap_or(""),
            &para.original,
            &para.text,
        ])?;
        for rep in &para.repairs {
            r.write_record([doc.id.as_str(), &pos, rep.rule, &rep.before, &rep.after])?;
        }
    }
    let inner = |w: csv::Writer<Vec<u8>>| w.into_inner().map_err(|e| Error::Csv(e.to_string()));
    Ok(Rows { documents: inner(d)?, paragraphs: inner(p)?, repairs: inner(r)? })
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

/// Writes the output folder of one run.
pub struct Writer {
    dir: PathBuf,
    documents: TmpFile,
    paragraphs: TmpFile,
    repairs: TmpFile,
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
        let mut w = Writer {
            dir: dir.to_path_buf(),
            documents: TmpFile::create(dir, "documents.csv")?,
            paragraphs: TmpFile::create(dir, "paragraphs.csv")?,
            repairs: TmpFile::create(dir, "repairs.csv")?,
            errors: csv_writer(Vec::new()),
        };
        w.documents.write(&header(&DOCUMENT_COLUMNS))?;
        w.paragraphs.write(&header(&PARAGRAPH_COLUMNS))?;
        w.repairs.write(&header(&REPAIR_COLUMNS))?;
        w.errors.write_record(ERROR_COLUMNS)?;
        Ok(w)
    }

    pub fn write_rows(&mut self, rows: &Rows) -> Result<(), Error> {
        self.documents.write(&rows.documents)?;
        self.paragraphs.write(&rows.paragraphs)?;
        self.repairs.write(&rows.repairs)
    }

    pub fn write_error(&mut self, e: &InputError) -> Result<(), Error> {
        self.errors.write_record([&e.source, &e.error])?;
        Ok(())
    }

    /// Completes the CSV files, then writes summary.json last.
    pub fn finish(self, summary: &impl serde::Serialize) -> Result<(), Error> {
        let errors = self.errors.into_inner().map_err(|e| Error::Csv(e.to_string()))?;
        let mut ef = TmpFile::create(&self.dir, "errors.csv")?;
        ef.write(&errors)?;
        self.documents.finish()?;
        self.paragraphs.finish()?;
        self.repairs.finish()?;
        ef.finish()?;
        let mut sf = TmpFile::create(&self.dir, "summary.json")?;
        let json = serde_json::to_vec_pretty(summary).map_err(|e| Error::Csv(e.to_string()))?;
        sf.write(&json)?;
        sf.write(b"\n")?;
        sf.finish()
    }
}
