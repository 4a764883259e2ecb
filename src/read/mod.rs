//! read: finds the input files and turns them into a stream of raw records, in a fixed order.
//!
//! Formats by extension: `.txt` (one document per file), `.jsonl`/`.ndjson` (one per line),
//! `.csv` (one per row), each optionally `.gz` or `.zst` (chosen in [`compress`]). A file or
//! record that cannot be read becomes an [`InputError`] and the stream goes on.

pub mod compress;
pub mod csv;
pub mod jsonl;
pub mod txt;

use std::path::{Path, PathBuf};

use crate::config::Fields;
use crate::error::InputError;

/// The text of a record, before decoding.
#[derive(Clone, Debug)]
pub enum Payload {
    /// Raw bytes of unknown encoding (`.txt` files).
    Bytes(Vec<u8>),
    /// Text already decoded by its container (JSON strings, CSV fields are UTF-8).
    Text(String),
}

/// One document as read.
#[derive(Clone, Debug)]
pub struct Record {
    /// Input path as given, plus `:LINE` for JSON lines and CSV records.
    pub source: String,
    /// The id field where the record has one.
    pub id: Option<String>,
    /// A stable id derived from the path (and line) for records without one.
    pub fallback_id: String,
    pub url: String,
    pub payload: Payload,
    /// Size as read, in bytes.
    pub bytes: u64,
}

/// How a file's records are laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Txt,
    Jsonl,
    Csv,
}

/// One input file to read.
#[derive(Clone, Debug)]
pub struct InputFile {
    pub path: PathBuf,
    /// The name used in `source` and error rows.
    pub display: String,
    pub format: Format,
    pub compression: compress::Compression,
    /// Size on disk (compressed), for progress.
    pub size: u64,
}

/// Splits `name.jsonl.gz` into its format and compression. `None` when the extension is not one
/// scour reads (only relevant while walking directories; a file named explicitly is read as text).
pub fn classify(path: &Path) -> Option<(Format, compress::Compression)> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let (base, compression) = compress::Compression::from_name(&name);
    let ext = base.rsplit_once('.').map(|(_, e)| e)?;
    let format = match ext {
        "txt" | "text" => Format::Txt,
        "jsonl" | "ndjson" | "json" => Format::Jsonl,
        "csv" => Format::Csv,
        _ => return None,
    };
    Some((format, compression))
}

/// Expands the command-line inputs into files, in a deterministic order: inputs as given,
/// directories walked recursively in sorted order (hidden entries skipped, only known extensions).
pub fn discover(inputs: &[PathBuf]) -> (Vec<InputFile>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        let display = input.display().to_string();
        let meta = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(e) => {
                errors.push(InputError::new(display, format!("cannot read: {e}")));
                continue;
            }
        };
        if meta.is_dir() {
            let walker = walkdir::WalkDir::new(input)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() => {
                        if let Some((format, compression)) = classify(e.path()) {
                            let size = e.metadata().map(|m| m.len()).unwrap_or(0);
                            files.push(InputFile {
                                path: e.path().to_path_buf(),
                                display: e.path().display().to_string(),
                                format,
                                compression,
                                size,
                            });
                        }
                    }
                    Ok(_) => {}
                    Err(e) => {
                        let p = e.path().map(|p| p.display().to_string()).unwrap_or(display.clone());
                        errors.push(InputError::new(p, format!("cannot read: {e}")));
                    }
                }
            }
        } else {
            let (format, compression) = classify(input).unwrap_or_else(|| {
                let name = input.file_name().and_then(|n| n.to_str()).unwrap_or("");
                (Format::Txt, compress::Compression::from_name(&name.to_ascii_lowercase()).1)
            });
            files.push(InputFile { path: input.clone(), display, format, compression, size: meta.len() });
        }
    }
    (files, errors)
}

/// A record as the reader thread hands it over: complete, or a JSON line still to be parsed
/// (on a worker: see [`jsonl::Line`]). [`Raw::parse`] makes it a record.
pub enum Raw<'a> {
    Ready(Record),
    Json(jsonl::Line<'a>),
}

impl Raw<'_> {
    /// Size of the record, as `Record::bytes` will say (for batching and progress).
    pub fn size(&self) -> u64 {
        match self {
            Raw::Ready(r) => r.bytes,
            Raw::Json(l) => l.size(),
        }
    }

    /// The record, or the error row of a line that is not a proper record.
    pub fn parse(self, fields: &Fields) -> Result<Record, InputError> {
        match self {
            Raw::Ready(r) => Ok(r),
            Raw::Json(l) => l.parse(fields),
        }
    }
}

/// The records of one file, or the errors met reading it, in file order. JSON lines come out
/// unparsed ([`Raw::parse`] finishes them), so that the parsing can run in parallel.
pub fn read_raw<'a>(file: &'a InputFile, fields: &Fields, emit: &mut dyn FnMut(Result<Raw<'a>, InputError>)) {
    let stream = match compress::open(&file.path, file.compression) {
        Ok(s) => s,
        Err(e) => {
            emit(Err(InputError::new(&file.display, format!("cannot open: {e}"))));
            return;
        }
    };
    match file.format {
        Format::Txt => txt::read(file, stream, &mut |r| emit(r.map(Raw::Ready))),
        Format::Jsonl => jsonl::read(file, stream, emit),
        Format::Csv => csv::read(file, stream, fields, &mut |r| emit(r.map(Raw::Ready))),
    }
}

/// The records of one file, or the errors met reading it, in file order, parsed.
pub fn read_file(file: &InputFile, fields: &Fields, emit: &mut dyn FnMut(Result<Record, InputError>)) {
    read_raw(file, fields, &mut |r| emit(r.and_then(|raw| raw.parse(fields))));
}

/// The id scour gives a document without an id field: the file name without its extensions,
/// plus `:LINE` for records inside a file.
pub fn fallback_id(path: &Path, line: Option<u64>) -> String {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("-");
    let stem = name.split('.').next().filter(|s| !s.is_empty()).unwrap_or(name);
    match line {
        Some(l) => format!("{stem}:{l}"),
        None => stem.to_string(),
    }
}
