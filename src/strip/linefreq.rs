//! linefreq: corpus-wide line frequency, "in how many documents does this line occur?".
//!
//! A line that recurs across many documents is site furniture (CCNet-style). The counting pass
//! feeds each document's distinct folded lines into a count-mean-min sketch of fixed size, so
//! memory is bounded whatever the corpus size; increments commute, so the counts do not depend on
//! thread scheduling.

use std::sync::atomic::{AtomicU32, Ordering};

use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::lexicon::fold_into;

/// Read-only view of corpus line counts used by the strip stage.
pub trait LineCounts: Sync {
    /// Estimated number of documents containing the line with this hash.
    fn docs_with(&self, hash: u64) -> u32;
}

/// No corpus statistics (a single document, `scour inspect`, or `--no-linefreq`).
pub struct NoCounts;

impl LineCounts for NoCounts {
    fn docs_with(&self, _hash: u64) -> u32 {
        0
    }
}

/// The hash under which a line is counted: its folded form (case, digits and punctuation gone,
/// so "© 2021 Globe" and "© 2024 Globe" count as one line). None for lines not worth counting.
/// `buf` is scratch space for the folded line, reused across calls.
pub fn line_key(text: &str, max_words: usize, buf: &mut String) -> Option<u64> {
    if !short_enough(text, max_words) {
        return None;
    }
    fold_into(text, buf);
    folded_key(buf, max_words)
}

/// False when `text` surely has no [`line_key`]: each token with a letter folds to at least one
/// word, so a line with more such tokens than `max_words` is not counted. Cheaper than folding
/// (or normalising), and long prose lines are most of the bytes: the count stops at the
/// `max_words + 1`st token.
///
/// The meaning of
/// `text.split_whitespace().filter(|t| t.chars().any(char::is_alphabetic)).nth(max_words).is_none()`:
/// it runs on every line of the input in the counting pass.
pub fn short_enough(text: &str, max_words: usize) -> bool {
    // Most lines of a scrape are short, and their count is bounded without reading them: k
    // tokens take 2k - 1 bytes at least.
    text.len() <= 2 * max_words || crate::ascii::count_tokens(text, false, max_words) <= max_words
}

/// [`line_key`] of a line already folded with [`crate::lexicon::fold_line`].
pub fn folded_key(folded: &str, max_words: usize) -> Option<u64> {
    if folded.is_empty() || memchr::memchr_iter(b' ', folded.as_bytes()).count() >= max_words {
        return None;
    }
    Some(xxh3_64_with_seed(folded.as_bytes(), 0x5c0))
}

/// Count-mean-min sketch: `ROWS` rows of `width` 32-bit counters.
pub struct Sketch {
    width: usize,
    counters: Vec<AtomicU32>,
    total: std::sync::atomic::AtomicU64,
}

const ROWS: usize = 4;

impl Sketch {
    /// A sketch using about `bytes` of memory.
    pub fn with_bytes(bytes: usize) -> Sketch {
        let width = (bytes / 4 / ROWS).next_power_of_two().max(1 << 10);
        Sketch { width, counters: (0..width * ROWS).map(|_| AtomicU32::new(0)).collect(), total: Default::default() }
    }

    pub fn memory_bytes(&self) -> usize {
        self.counters.len() * 4
    }

    fn slot(&self, row: usize, hash: u64) -> usize {
        let h = hash.rotate_left(16 * row as u32).wrapping_mul(0x9E37_79B9_7F4A_7C15 ^ row as u64);
        row * self.width + (h >> 32) as usize % self.width
    }

    /// Counts one document's lines (each distinct key once).
    pub fn add_document(&self, keys: &mut Vec<u64>) {
        keys.sort_unstable();
        keys.dedup();
        for &k in keys.iter() {
            for r in 0..ROWS {
                self.counters[self.slot(r, k)].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.total.fetch_add(keys.len() as u64, Ordering::Relaxed);
    }
}

impl LineCounts for Sketch {
    fn docs_with(&self, hash: u64) -> u32 {
        // Count-min, less the mean collision noise of a counter (count-mean-min in its cheap
        // form): a line never seen comes out 0 even in a crowded sketch.
        let mut min = u32::MAX;
        for r in 0..ROWS {
            min = min.min(self.counters[self.slot(r, hash)].load(Ordering::Relaxed));
        }
        let noise = self.total.load(Ordering::Relaxed) / self.width as u64;
        min.saturating_sub(noise.min(u32::MAX as u64) as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_documents_not_occurrences() {
        let s = Sketch::with_bytes(1 << 16);
        let k = line_key("Share this:", 20, &mut String::new()).unwrap();
        for _ in 0..12 {
            s.add_document(&mut vec![k, k, k]);
        }
        s.add_document(&mut vec![line_key("Something else entirely", 20, &mut String::new()).unwrap()]);
        assert_eq!(s.docs_with(k), 12);
        assert_eq!(s.docs_with(line_key("never seen", 20, &mut String::new()).unwrap()), 0);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { failure_persistence: None, ..Default::default() })]
        #[test]
        fn short_enough_on_long_lines(words in proptest::collection::vec("[a-c1.]{1,4}|—|\u{a0}|\t", 0..30), max in 0usize..25) {
            let s = words.join(" ");
            let want = s.split_whitespace().filter(|t| t.chars().any(char::is_alphabetic)).nth(max).is_none();
            proptest::prop_assert_eq!(short_enough(&s, max), want);
        }

        #[test]
        fn short_enough_counts_lettered_tokens(s in "[a-c1 .\t\u{a0}\u{2028}\u{85}\u{b}é漢]{0,40}", max in 0usize..6) {
            let want = s.split_whitespace().filter(|t| t.chars().any(char::is_alphabetic)).nth(max).is_none();
            proptest::prop_assert_eq!(short_enough(&s, max), want);
        }
    }

    #[test]
    fn folded_lines_share_a_key() {
        assert_eq!(line_key("Copyright © 2021 Globe", 20, &mut String::new()), line_key("copyright 2024 GLOBE", 20, &mut String::new()));
        assert_eq!(line_key("a b c d", 3, &mut String::new()), None);
    }
}
