//! lexicon: the language data files (`data/`), loaded once and shared read-only by the stages.
//!
//! Every file under `data/` is compiled into the binary (see `build.rs`); users add their own with
//! `--lexicon FILE` (chrome phrases) and `--stopwords FILE` without rebuilding.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use crate::error::Error;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/data_files.rs"));
}

/// The data files compiled into the binary, as (path relative to `data/`, contents).
pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
    embedded::BUILTIN
}

/// How a chrome phrase is matched against a line (see `data/chrome/*.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatchKind {
    /// The whole line, folded to lowercase letters and single spaces, equals the phrase.
    Line,
    /// The lowercased line (punctuation kept) starts with the phrase.
    Prefix,
    /// The lowercased line (punctuation kept) contains the phrase.
    Contains,
    /// The folded line ends with the phrase after at least one other word ("Jane Doe says",
    /// "홍길동 기자"): a name and the word that makes it a comment header or a byline.
    Suffix,
}

/// One chrome phrase and the category (file stem) it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phrase {
    pub kind: MatchKind,
    pub phrase: String,
    pub category: String,
}

/// Parses one chrome lexicon file: `kind<TAB>phrase` lines, `#` comments.
pub fn parse_chrome(category: &str, text: &str, origin: &str) -> Result<Vec<Phrase>, Error> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((kind, phrase)) = line.split_once('\t') else {
            return Err(Error::Usage(format!(
                "{origin}:{}: expected 'kind<TAB>phrase' (kind is line, prefix, contains or suffix)",
                i + 1
            )));
        };
        let kind = match kind.trim() {
            "line" => MatchKind::Line,
            "prefix" => MatchKind::Prefix,
            "contains" => MatchKind::Contains,
            "suffix" => MatchKind::Suffix,
            other => {
                return Err(Error::Usage(format!(
                    "{origin}:{}: unknown kind '{other}' (use line, prefix, contains or suffix)",
                    i + 1
                )));
            }
        };
        let phrase = match kind {
            MatchKind::Line | MatchKind::Suffix => fold_line(phrase),
            _ => phrase.trim().to_lowercase(),
        };
        if !phrase.is_empty() {
            out.push(Phrase { kind, phrase, category: category.to_string() });
        }
    }
    Ok(out)
}

/// Folds a line for `line` matching: lowercase, apostrophes deleted, every other non-letter
/// character a space, spaces collapsed, trimmed.
pub fn fold_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Pushes the lowercase of a non-ASCII character. The dotted capital İ (Turkish, Azerbaijani)
/// becomes a plain 'i', not Unicode's "i" plus a combining dot, so that "İçeriğe geç" matches
/// the entry "içeriğe geç" and "İle" is the stopword "ile".
#[inline]
pub(crate) fn push_lower(c: char, out: &mut String) {
    if c == 'İ' {
        out.push('i');
    } else {
        out.extend(c.to_lowercase());
    }
}

/// `c.is_alphabetic()`, answered without the standard library's table search (a few hundred
/// instructions for a character far into the table, such as a curly quote) for the blocks
/// scraped text (and the lexicons) are mostly made of: Latin-1, Latin Extended, General
/// Punctuation, currency signs, and the letters of Greek, Cyrillic, Hebrew, Arabic,
/// Devanagari, Bengali, Thai, kana, CJK ideographs and Hangul syllables (checked against
/// `char::is_alphabetic` for every code point).
#[inline]
pub(crate) fn is_letter(c: char) -> bool {
    match fast_class(c) {
        Some(letter) => letter,
        None => c.is_alphabetic(),
    }
}

/// `c.is_alphanumeric()` by way of the same blocks as [`is_letter`] (the only numeric
/// characters among them are ASCII digits and Latin-1's ¹ ² ³ ¼ ½ ¾).
#[inline]
pub(crate) fn is_letter_or_digit(c: char) -> bool {
    match fast_class(c) {
        Some(letter) => letter || c.is_ascii_digit() || matches!(c, '¹' | '²' | '³' | '¼' | '½' | '¾'),
        None => c.is_alphanumeric(),
    }
}

/// Whether `c` is alphabetic, for the blocks where that is known without a table (else None).
#[inline]
fn fast_class(c: char) -> Option<bool> {
    match c as u32 {
        0..=0x7F => Some(c.is_ascii_alphabetic()),
        0x80..=0xBF => Some(matches!(c, 'ª' | 'µ' | 'º')),
        0xD7 | 0xF7 => Some(false),
        0xC0..=0x24F | 0x391..=0x3A1 | 0x3A3..=0x3A9 | 0x3B1..=0x3C9 | 0x400..=0x481 | 0x5D0..=0x5EA | 0x620..=0x64A => Some(true),
        0x905..=0x939 | 0x995..=0x9A8 | 0xE01..=0xE30 | 0x3041..=0x3096 | 0x30A1..=0x30FA | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3 => Some(true),
        0x2000..=0x206F | 0x20A0..=0x20CF => Some(false),
        _ => None,
    }
}

/// [`fold_line`] into a reused buffer. Pure-ASCII lines (most lines) take a byte loop.
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    let mut space = false;
    if s.is_ascii() {
        for &b in s.as_bytes() {
            if b.is_ascii_alphabetic() {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(b.to_ascii_lowercase() as char);
            } else if b != b'\'' {
                space = true;
            }
        }
        return;
    }
    for c in s.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphabetic() {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c.to_ascii_lowercase());
            } else if c != '\'' {
                space = true;
            }
        } else if is_letter(c) {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            push_lower(c, out);
        } else if !matches!(c, '’' | '‘' | 'ʼ') {
            space = true;
        }
    }
}

/// `s.to_lowercase()` into a reused buffer, the same characters: runs of ASCII are copied and
/// lowercased in place, and only the other characters go through `char::to_lowercase`. The
/// standard version leaves its ASCII fast path at the first non-ASCII character (a curly quote
/// early in a line) and decodes everything after it. A capital sigma lowercases by context
/// (word-final ς), which only `str::to_lowercase` knows, so a line with one is left to it. The
/// dotted capital İ becomes a plain 'i' ([`push_lower`]).
pub fn lowercase_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
        return;
    }
    if s.contains('Σ') {
        out.push_str(&s.replace('İ', "I").to_lowercase());
        return;
    }
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let end = next_non_ascii(b, i);
        let start = out.len();
        out.push_str(&s[i..end]);
        out[start..].make_ascii_lowercase();
        i = end;
        if let Some(c) = s[i..].chars().next() {
            push_lower(c, out);
            i += c.len_utf8();
        }
    }
}

/// The position of the first byte at or after `from` that is not ASCII (`b.len()` if none),
/// read 8 bytes at a time.
fn next_non_ascii(b: &[u8], from: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut k = from;
    while k + 8 <= b.len() {
        let w = u64::from_le_bytes(b[k..k + 8].try_into().unwrap()) & HIGH;
        if w != 0 {
            return k + w.trailing_zeros() as usize / 8;
        }
        k += 8;
    }
    (k..b.len()).find(|&j| b[j] >= 0x80).unwrap_or(b.len())
}

/// The words of a one-word-per-line file, lowercased, comments skipped.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines().map(str::trim).filter(|w| !w.is_empty() && !w.starts_with('#')).map(str::to_lowercase)
}

/// All language data a run uses.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    pub chrome: Vec<Phrase>,
    /// Stopwords per ISO 639-3 code.
    pub stopwords: BTreeMap<String, HashSet<String>>,
    /// Month and weekday names, for date lines (`data/meta/months.txt`). FxHash, not the
    /// default SipHash: looked up for every bare token of every short line with a digit
    /// (`is_date_line`); SipHash was ~4 instructions per input byte of the 2 MB sample.
    pub months: rustc_hash::FxHashSet<String>,
    /// Time units and "ago" words, for relative date lines (`data/meta/relative.txt`).
    pub relative: meta_words::Relative,
}

pub mod meta_words {
    use rustc_hash::FxHashSet as HashSet;

    /// The words of relative dates (FxHash sets, as for `months`) ("3 days ago", "vor 2 Stunden").
    #[derive(Clone, Debug, Default)]
    pub struct Relative {
        pub units: HashSet<String>,
        pub ago: HashSet<String>,
    }
}

impl Lexicon {
    /// The lexicon compiled from `data/`.
    pub fn builtin() -> Lexicon {
        let mut lex = Lexicon::default();
        for (path, text) in builtin_files() {
            // The embedded files were checked by the tests; a malformed line is skipped here
            // rather than failing every run.
            lex.add_file(path, text).ok();
        }
        lex
    }

    /// Adds a file by its path relative to `data/` (`chrome/share.tsv`, `stopwords/eng.txt`).
    fn add_file(&mut self, rel: &str, text: &str) -> Result<(), Error> {
        let stem = Path::new(rel).file_stem().and_then(|s| s.to_str()).unwrap_or("");
        if rel.starts_with("chrome/") {
            self.chrome.extend(parse_chrome(stem, text, rel)?);
        } else if rel.starts_with("stopwords/") {
            self.add_stopwords(stem, text);
        } else if rel == "meta/months.txt" {
            self.months.extend(words(text));
        } else if rel == "meta/relative.txt" {
            for line in words(text) {
                match line.split_once('\t') {
                    Some(("unit", w)) => self.relative.units.insert(w.trim().to_string()),
                    Some(("ago", w)) => self.relative.ago.insert(w.trim().to_string()),
                    _ => return Err(Error::Usage(format!("data/{rel}: bad line '{line}'"))),
                };
            }
        }
        Ok(())
    }

    fn add_stopwords(&mut self, code: &str, text: &str) {
        self.stopwords.entry(code.to_string()).or_default().extend(words(text));
    }

    /// Adds a user's chrome lexicon; the category is the file stem.
    pub fn extend_chrome_file(&mut self, path: &Path) -> Result<(), Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("user");
        self.chrome.extend(parse_chrome(stem, &text, &path.display().to_string())?);
        Ok(())
    }

    /// Adds a user's stopword list; the language code is the file stem (`eng.txt`).
    pub fn extend_stopwords_file(&mut self, path: &Path) -> Result<(), Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        self.add_stopwords(stem, &text);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_letter_classes_are_exact() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_letter_or_digit(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn fold_line_drops_punctuation_digits_and_apostrophes() {
        assert_eq!(fold_line("  Share this: »"), "share this");
        assert_eq!(fold_line("Editor's choice"), "editors choice");
        assert_eq!(fold_line("Comments (12)"), "comments");
        assert_eq!(fold_line("Ähnliche Artikel"), "ähnliche artikel");
    }

    #[test]
    fn dotted_capital_i_folds_to_a_plain_i() {
        assert_eq!(fold_line("İçeriğe geç"), "içeriğe geç");
        let mut out = String::new();
        lowercase_into("İle birlikte", &mut out);
        assert_eq!(out, "ile birlikte");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { failure_persistence: None, ..Default::default() })]
        #[test]
        fn lowercase_into_is_to_lowercase(s in "[a-zA-Z .,’'ÉéÀßİΣσΑΩ漢\u{212a}\u{1e9e}ǅ]{0,40}") {
            let mut out = String::from("stale");
            lowercase_into(&s, &mut out);
            proptest::prop_assert_eq!(out, s.replace('İ', "I").to_lowercase());
        }
    }

    #[test]
    fn every_embedded_data_file_parses() {
        for (path, text) in builtin_files() {
            if path.starts_with("chrome/") {
                let stem = Path::new(path).file_stem().unwrap().to_str().unwrap();
                let parsed = parse_chrome(stem, text, path).unwrap();
                assert!(!parsed.is_empty(), "{path} has no entries");
            }
        }
    }

    #[test]
    fn parse_rejects_unknown_kind_with_line_number() {
        let err = parse_chrome("x", "# c\nline\tok\nfuzzy\tno\n", "x.tsv").unwrap_err();
        assert!(err.to_string().contains("x.tsv:3"), "{err}");
    }
}
