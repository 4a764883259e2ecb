//! linefreq: corpus-wide line frequency, "in how many documents does this line occur?".
//!
//! A line that recurs across many documents is site furniture (CCNet-style). The counting pass
//! feeds each document's distinct folded lines into a count-mean-min sketch of fixed size, so
//! memory is bounded whatever the corpus size; increments commute, so the counts do not depend on
//! thread scheduling.

use std::sync::atomic::{AtomicU32, Ordering};

use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::lexicon::fold_line;

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
pub fn line_key(text: &str, max_words: usize) -> Option<u64> {
    if !short_enough(text, max_words) {
        return None;
    }
    folded_key(&fold_line(text), max_words)
}

/// False when `text` surely has no [`line_key`]: each token with a letter folds to at least one
/// word, so a line with more such tokens than `max_words` is not counted. Cheaper than folding
/// (or normalising), and long prose lines are most of the bytes.
///
/// A byte loop (non-ASCII characters decoded one by one) with the meaning of
/// `text.split_whitespace().filter(|t| t.chars().any(char::is_alphabetic)).nth(max_words).is_none()`:
/// it runs on every line of the input in the counting pass.
pub fn short_enough(text: &str, max_words: usize) -> bool {
    let b = text.as_bytes();
    // Most lines of a scrape are short, and their count is bounded without reading them: k
    // tokens take 2k - 1 bytes at least, and one more than the separators. A separator is
    // ASCII whitespace or a non-ASCII character (counted by its lead byte, an upper bound).
    if b.len() <= 2 * max_words || separators(b) < max_words {
        return true;
    }
    let mut words = 0;
    let mut lettered = false;
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        let (space, letter) = if x < 0x80 {
            i += 1;
            (matches!(x, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r'), x.is_ascii_alphabetic())
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            (c.is_whitespace(), c.is_alphabetic())
        };
        if space {
            if lettered {
                words += 1;
                if words > max_words {
                    return false;
                }
            }
            lettered = false;
        } else {
            lettered |= letter;
        }
    }
    words + lettered as usize <= max_words
}

/// How many bytes of `b` are ASCII whitespace (\t to \r, space) or start a non-ASCII
/// character, 8 bytes at a time.
fn separators(b: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Per byte of a word of 7-bit bytes, the high bit set when the byte is below n: with each
    // byte's high bit set first, no subtraction borrows from the next byte, so every byte's
    // answer is exact (the usual "has a byte below n" trick is exact only for the word).
    let below = |w: u64, n: u64| !((w | HIGH) - n * ONES) & HIGH;
    let mut count = 0;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().unwrap());
        let ascii = !w & HIGH;
        // 0x09..=0x0D: below 0x0E and not below 0x09; the space: zero after xor.
        let low = w & !HIGH;
        let ctrl = below(low, 0x0E) & !below(low, 0x09);
        let x = low ^ (0x20 * ONES);
        let space = below(x, 0x01);
        // Lead bytes of non-ASCII characters are 0xC0 and up: both top bits set.
        let lead = w & (w << 1) & HIGH;
        count += ((ctrl | space) & ascii | lead).count_ones() as usize;
    }
    count + chunks.remainder().iter().filter(|&&x| (0x09..=0x0D).contains(&x) || x == b' ' || x >= 0xC0).count()
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
        let k = line_key("Share this:", 20).unwrap();
        for _ in 0..12 {
            s.add_document(&mut vec![k, k, k]);
        }
        s.add_document(&mut vec![line_key("Something else entirely", 20).unwrap()]);
        assert_eq!(s.docs_with(k), 12);
        assert_eq!(s.docs_with(line_key("never seen", 20).unwrap()), 0);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { failure_persistence: None, ..Default::default() })]
        #[test]
        fn separators_counts_bytes(b in proptest::collection::vec(proptest::num::u8::ANY, 0..40)) {
            let want = b.iter().filter(|&&x| (0x09..=0x0D).contains(&x) || x == b' ' || x >= 0xC0).count();
            proptest::prop_assert_eq!(separators(&b), want);
        }

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
        assert_eq!(line_key("Copyright © 2021 Globe", 20), line_key("copyright 2024 GLOBE", 20));
        assert_eq!(line_key("a b c d", 3), None);
    }
}
