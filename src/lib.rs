//! scour turns raw web scrapes into clean, deduplicated text.
//!
//! The pipeline reads like the module tree: [`read`] → [`decode`] → [`normalize`] → [`strip`] →
//! [`repair`] → [`dedup`] → [`write`] (the repair stage's character fixes run just before strip,
//! so that it reads repaired words; its spin score after). Per-document stages are pure functions of one
//! [`Document`] (plus read-only, corpus-wide state); only [`pipeline`] knows their order and runs
//! them in parallel. The two pieces of corpus-wide state, the strip stage's line-frequency counts
//! and the dedup index, sit behind small interfaces so another engine can own them.

mod ascii;
pub mod config;
pub mod decode;
pub mod dedup;
pub mod error;
pub mod lexicon;
mod memo;
pub mod normalize;
pub mod pipeline;
pub mod read;
pub mod repair;
pub mod stats;
pub mod strip;
pub mod write;

pub use config::{Config, Stages};
pub use error::Error;
pub use pipeline::{Summary, run};

/// What happened to a paragraph. Exactly one per paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Main text, kept in `documents.csv`'s `text`.
    Kept,
    /// The document's headline, moved to the `title` column.
    Title,
    /// A byline or date line, moved to the `author` / `published` columns.
    Meta,
    /// Site furniture, removed.
    Chrome,
    /// A near-duplicate of an earlier paragraph (`duplicate_of` says which), removed.
    Duplicate,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Kept => "kept",
            Status::Title => "title",
            Status::Meta => "meta",
            Status::Chrome => "chrome",
            Status::Duplicate => "duplicate",
        }
    }
}

/// One change the repair stage made to a paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repair {
    /// Which rule fired: `entity`, `mojibake`, `chars`, `spin`, ...
    pub rule: &'static str,
    pub before: String,
    pub after: String,
}

/// One input paragraph (a non-empty line of the decoded document) and its audit trail.
#[derive(Clone, Debug)]
pub struct Paragraph {
    /// 0-based index among the document's paragraphs.
    pub position: u32,
    /// The decoded line as read (only a trailing `\r` removed).
    pub original: String,
    /// The normalized, then repaired text.
    pub text: String,
    pub status: Status,
    /// Short machine-readable cause of the status (`body`, `lexicon:share`, `dup:near`, ...).
    pub reason: String,
    /// Changes made by the repair stage, in order.
    pub repairs: Vec<Repair>,
    /// 64-bit simhash of `text` (0 when dedup did not run).
    pub simhash: u64,
    /// `doc_id:position` of the paragraph kept in this one's place.
    pub duplicate_of: Option<String>,
}

impl Paragraph {
    pub fn new(position: u32, original: String, text: String) -> Paragraph {
        Paragraph {
            position,
            original,
            text,
            status: Status::Kept,
            reason: String::new(),
            repairs: Vec::new(),
            simhash: 0,
            duplicate_of: None,
        }
    }
}

/// A document as it flows through the stages.
#[derive(Clone, Debug, Default)]
pub struct Document {
    /// Position of the document in input order; the key to deterministic output.
    pub ordinal: u64,
    /// Unique, stable id (the record's `id` field where given, else derived from the path).
    pub id: String,
    /// Input path as given, plus `:LINE` for JSON lines and CSV records.
    pub source: String,
    /// Optional URL from the record.
    pub url: String,
    /// Detected source encoding (`UTF-8`, `windows-1252`, ...).
    pub encoding: String,
    /// ISO 639-3 code of the detected language, empty when unknown.
    pub language: String,
    pub title: String,
    pub author: String,
    pub published: String,
    pub paragraphs: Vec<Paragraph>,
    /// How likely the document is spun copy, in [0, 1].
    pub spin_score: f32,
    /// Size of the record as read, in bytes.
    pub bytes: u64,
}

impl Document {
    /// The kept paragraphs joined by a blank line: the `text` column.
    pub fn kept_text(&self) -> String {
        // Sized first: the text of a long article would otherwise be copied at every doubling.
        let kept = self.paragraphs.iter().filter(|p| p.status == Status::Kept);
        let mut out = String::with_capacity(kept.map(|p| p.text.len() + 2).sum());
        for p in self.paragraphs.iter().filter(|p| p.status == Status::Kept) {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&p.text);
        }
        out
    }

    pub fn count(&self, status: Status) -> usize {
        self.paragraphs.iter().filter(|p| p.status == status).count()
    }

    pub fn repair_count(&self) -> usize {
        self.paragraphs.iter().map(|p| p.repairs.len()).sum()
    }
}
