//! features: what the strip stage measures on one line of text, with no HTML to help.
//!
//! Length in words, and in units (words plus half the CJK, kana, Hangul and Thai characters: a
//! paragraph of Chinese is one whitespace token), share of stopwords, how the line ends,
//! separators, URLs, capitalisation.

use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashSet};

/// Measurements of one line.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Features {
    /// Whitespace tokens that contain a letter or digit.
    pub words: u32,
    /// Length units: words plus half the CJK/Thai characters.
    pub units: u32,
    /// Tokens found in the document language's stopword list.
    pub stopwords: u32,
    /// Tokens starting with an uppercase letter.
    pub capitalised: u32,
    /// Ends in sentence punctuation (. ! ? … and CJK equivalents), ignoring closing quotes.
    pub sentence_end: bool,
    /// Ends in a question mark.
    pub question: bool,
    /// Ends in "..." or "…": a truncated teaser snippet.
    pub truncated: bool,
    /// Menu-style separators: | » › • · and " / " between words.
    pub separators: u32,
    /// Tokens that are URLs or e-mail addresses.
    pub links: u32,
    /// Contains © or starts with "(c) ".
    pub copyright: bool,
    /// Tokens containing a digit.
    pub numeric: u32,
    /// Tokens containing a letter. Folding a line for lexicon lookup never yields fewer words.
    pub lettered: u32,
}

/// Length in units of a piece of text without measuring it fully: whitespace tokens plus half
/// the CJK/Thai characters (see [`Features::units`]).
pub(crate) fn units_of(text: &str) -> usize {
    let tokens = text.split_whitespace().count();
    if text.is_ascii() {
        return tokens;
    }
    tokens + text.chars().filter(|&c| is_cjk(c)).count() / 2
}

/// Characters that count half a unit: CJK, kana, Thai (written without spaces between words)
/// and Hangul (spaced, but a Korean word holds several syllables and its particles).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0x0E00..=0x0E7F | 0xF900..=0xFAFF)
}

/// Strips leading and trailing punctuation from a token and lowercases it into `buf`, for
/// stopword lookup (no allocation once `buf` has grown); a token that is already bare is
/// returned as it is.
///
/// The test for an already bare token is inlined into the callers and the rest is a call: as
/// one function, every call paid the register saves of the non-ASCII path (bare was 120
/// instructions per call in the language vote, callgrind 2 MB sample).
#[inline]
pub(crate) fn bare<'a>(token: &'a str, buf: &'a mut String) -> &'a str {
    // Most words of prose are already bare (lowercase letters and digits): no copy at all.
    if token.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
        return token;
    }
    bare_copy(token, buf)
}

#[inline(never)]
fn bare_copy<'a>(token: &'a str, buf: &'a mut String) -> &'a str {
    buf.clear();
    if token.is_ascii() {
        // Trimmed by bytes: for ASCII, `char::is_alphanumeric` is `u8::is_ascii_alphanumeric`,
        // and the language vote calls this for every word of its sample. A trimmed word with
        // no capital is a slice of the token, not a copy ("word," "(the"): the copy's
        // `memcpy` call was most of this function's 119 instructions per call (callgrind,
        // 2 MB sample).
        let b = token.as_bytes();
        let start = b.iter().position(u8::is_ascii_alphanumeric).unwrap_or(b.len());
        let end = b.iter().rposition(u8::is_ascii_alphanumeric).map_or(start, |e| e + 1);
        let t = &token[start..end];
        if !t.bytes().any(|b| b.is_ascii_uppercase()) {
            return t;
        }
        buf.extend(t.bytes().map(|b| b.to_ascii_lowercase() as char));
        return buf;
    }
    let t = token.trim_matches(|c: char| !crate::lexicon::is_letter_or_digit(c));
    if t.is_ascii() {
        buf.push_str(t);
        buf.make_ascii_lowercase();
        return buf;
    }
    for c in t.chars() {
        if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            crate::lexicon::push_lower(c, buf);
        }
    }
    buf
}

/// `text.split_whitespace()`, with ASCII bytes (most of them) classified by a table instead of
/// being decoded and tested as `char`s: std's iterator was ~10 instructions per byte of the
/// language vote's sample (callgrind, 2 MB sample).
pub(crate) fn words(text: &str) -> Words<'_> {
    Words { text, i: 0 }
}

/// The iterator of [`words`].
pub(crate) struct Words<'a> {
    text: &'a str,
    i: usize,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let n = bytes.len();
        // Whether the character at `i` (a char boundary) is whitespace, and its length.
        let space_at = |i: usize| {
            let b = bytes[i];
            if b < 0x80 {
                (BYTE_FLAGS[b as usize] & SPACE != 0, 1)
            } else {
                let c = self.text[i..].chars().next().unwrap_or(' ');
                (c.is_whitespace(), c.len_utf8())
            }
        };
        let mut i = self.i;
        while i < n {
            let (space, len) = space_at(i);
            if !space {
                break;
            }
            i += len;
        }
        if i >= n {
            self.i = n;
            return None;
        }
        let start = i;
        while i < n {
            let (space, len) = space_at(i);
            if space {
                break;
            }
            i += len;
        }
        self.i = i;
        Some(&self.text[start..i])
    }
}

/// Every language's stopword list folded into one table: a word maps to the set of languages
/// that list it (bit i for the i-th code), so detecting the language costs one lookup per word
/// instead of one per language. Up to 64 languages; lists past the 64th (in code order) are
/// ignored.
///
/// The lookups are a fifth of the strip stage (one per token of every line, and per word of
/// the language sample), so words of up to 15 bytes (nearly all) sit in an open-addressed
/// table of their bytes packed into two `u64`s with the length in the top byte: a lookup is a
/// copy into 16 bytes, a multiply and usually one slot compare, against FxHash over the bytes,
/// a SwissTable probe and a `memcmp` of a boxed key. Longer words are in an FxHashMap.
#[derive(Clone, Debug, Default)]
pub struct StopTable {
    /// Tells tables (and so strip stages) apart in the strip stage's memory of short lines: a
    /// table's own number (a clone has the same words and the same number; the empty default
    /// table has 0).
    id: u64,
    codes: Vec<String>,
    /// (low 8 bytes, next 7 bytes | length << 56, languages); languages 0 marks a free slot.
    short: Vec<(u64, u64, u64)>,
    /// Words of 16 bytes or more.
    long: FxHashMap<Box<[u8]>, u64>,
    /// Longest word in bytes (at most 64: longer entries are not stored).
    max_len: usize,
}

/// Longest word of [`StopTable`]'s packed table.
const SHORT_WORD: usize = 15;

/// A short word's key in [`StopTable`]'s packed table: its bytes in order (zero-padded) and its
/// length in the top byte. Read with overlapping loads instead of a copy into a buffer (a
/// `memcpy` call for every token).
#[inline(always)]
fn pack(w: &[u8]) -> (u64, u64) {
    let n = w.len();
    debug_assert!(n <= SHORT_WORD);
    let u32_at = |i: usize| u32::from_le_bytes(w[i..i + 4].try_into().unwrap()) as u64;
    let u64_at = |i: usize| u64::from_le_bytes(w[i..i + 8].try_into().unwrap());
    let (lo, hi) = match n {
        // Bytes 8..n are the top n-8 bytes of the load ending at n.
        9.. => (u64_at(0), u64_at(n - 8) >> (8 * (16 - n))),
        8 => (u64_at(0), 0),
        // Bytes 4..n are the top n-4 bytes of the load ending at n.
        4..=7 => (u32_at(0) | (u32_at(n - 4) >> (8 * (8 - n))) << 32, 0),
        _ => (w.iter().rev().fold(0u64, |acc, &b| acc << 8 | b as u64), 0),
    };
    (lo, hi | (n as u64) << 56)
}

#[inline]
fn slot(lo: u64, hi: u64, mask: usize) -> usize {
    let h = (lo ^ hi.rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> 40) as usize & mask
}

/// One language of a [`StopTable`]: what [`measure`] counts stopwords with.
#[derive(Clone, Copy, Debug)]
pub struct Stopwords<'a> {
    table: &'a StopTable,
    bit: u64,
}

impl StopTable {
    pub fn new(lists: &BTreeMap<String, HashSet<String>>) -> StopTable {
        static TABLES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let mut t = StopTable { id: TABLES.fetch_add(1, std::sync::atomic::Ordering::Relaxed), ..StopTable::default() };
        let mut words: FxHashMap<&[u8], u64> = FxHashMap::default();
        for (i, (code, list)) in lists.iter().take(64).enumerate() {
            t.codes.push(code.clone());
            for w in list.iter().filter(|w| w.len() <= 64) {
                t.max_len = t.max_len.max(w.len());
                *words.entry(w.as_bytes()).or_insert(0) |= 1 << i;
            }
        }
        // At most half full, so a miss (most tokens of a non-stopword) ends after a slot or two.
        let n_short = words.keys().filter(|w| w.len() <= SHORT_WORD).count();
        let size = (2 * n_short).next_power_of_two().max(16);
        t.short = vec![(0, 0, 0); size];
        for (w, langs) in words {
            if w.len() > SHORT_WORD {
                t.long.insert(w.into(), langs);
                continue;
            }
            let (lo, hi) = pack(w);
            let mut i = slot(lo, hi, size - 1);
            while t.short[i].2 != 0 {
                i = (i + 1) & (size - 1);
            }
            t.short[i] = (lo, hi, langs);
        }
        t
    }

    /// Languages (ISO 639-3 codes) in bit order.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    /// The languages whose lists contain `word` (already lowercased), as bits.
    #[inline]
    pub fn langs(&self, word: &str) -> u64 {
        self.langs_bytes(word.as_bytes())
    }

    #[inline(always)]
    fn langs_bytes(&self, word: &[u8]) -> u64 {
        if word.len() > SHORT_WORD {
            return self.long.get(word).copied().unwrap_or(0);
        }
        if self.short.is_empty() {
            return 0;
        }
        let (lo, hi) = pack(word);
        let mask = self.short.len() - 1;
        let mut i = slot(lo, hi, mask);
        loop {
            let (a, b, langs) = self.short[i];
            if langs == 0 || (a == lo && b == hi) {
                return langs;
            }
            i = (i + 1) & mask;
        }
    }

    /// The table's own number: a strip stage builds its own table, so this also tells strip
    /// stages apart.
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// The list of one language, if the table has it.
    pub fn lang(&self, code: &str) -> Option<Stopwords<'_>> {
        let i = self.codes.iter().position(|c| c == code)?;
        Some(Stopwords { table: self, bit: 1 << i })
    }
}

impl Stopwords<'_> {
    /// The language's bit in its table (never 0).
    pub(crate) fn bit(&self) -> u64 {
        self.bit
    }

    pub fn contains(&self, word: &str) -> bool {
        self.contains_bytes(word.as_bytes())
    }

    // Inlined into the token loop of `measure`: left to the compiler, whether it is inlined
    // changes with unrelated code elsewhere in the crate (2-3 instructions per input byte).
    #[inline(always)]
    fn contains_bytes(&self, word: &[u8]) -> bool {
        self.table.langs_bytes(word) & self.bit != 0
    }
}

// Per-byte flags, for the token scan in `measure`. Every byte of a multi-byte character
// (0x80 and up) is NON_ASCII only: the scan decodes those characters.
const SPACE: u16 = 1;
const ALPHA: u16 = 2;
const UPPER: u16 = 4;
const DIGIT: u16 = 8;
const PIPE: u16 = 16;
const COLON: u16 = 32;
const AT: u16 = 64;
const DOT: u16 = 128;
const NON_ASCII: u16 = 256;

const BYTE_FLAGS: [u16; 256] = {
    let mut t = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if c >= 0x80 {
            NON_ASCII
        } else if c.is_ascii_whitespace() || c == 0x0B {
            SPACE
        } else if c.is_ascii_uppercase() {
            ALPHA | UPPER
        } else if c.is_ascii_lowercase() {
            ALPHA
        } else if c.is_ascii_digit() {
            DIGIT
        } else {
            match c {
                b'|' => PIPE,
                b':' => COLON,
                b'@' => AT,
                b'.' => DOT,
                _ => 0,
            }
        };
        i += 1;
    }
    t
};

/// What `measure` learns of one token's characters.
#[derive(Default)]
struct TokenScan {
    /// OR of the ASCII bytes' flags.
    flags: u16,
    non_ascii: bool,
    /// A non-ASCII letter or digit.
    alnum: bool,
    letter: bool,
    cjk: u32,
    seps: u32,
}

/// Measures `text`; `stopwords` is the document language's list, if there is one.
///
/// One pass over the bytes: ASCII characters (most of them) are classified by a table, other
/// characters decoded; whitespace ends a token, as `split_whitespace` would. The inner loop
/// runs over a token's ASCII bytes with nothing but the table lookup, since it is most of the
/// strip stage's work on prose.
pub fn measure(text: &str, stopwords: Option<Stopwords<'_>>) -> Features {
    let mut f = Features::default();
    let mut cjk = 0u32;
    let mut buf = String::new();
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    loop {
        // Skip whitespace to the next token.
        while i < n {
            let fl = BYTE_FLAGS[bytes[i] as usize];
            if fl & SPACE != 0 {
                i += 1;
                continue;
            }
            if fl & NON_ASCII == 0 {
                break;
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            if !c.is_whitespace() {
                break;
            }
            i += c.len_utf8();
        }
        if i >= n {
            break;
        }
        let start = i;
        let mut scan = TokenScan::default();
        loop {
            // A run of ASCII bytes up to whitespace or a multi-byte character, with nothing but
            // the table lookup per byte: most bytes of prose. The flags of the byte that stops
            // the run are SPACE or NON_ASCII alone, masked off below. Before, testing each byte
            // for ASCII, then for space, was ~13 instructions per byte (callgrind, 2 MB sample).
            let mut acc = 0;
            let run = bytes[i..]
                .iter()
                .position(|&b| {
                    let fl = BYTE_FLAGS[b as usize];
                    acc |= fl;
                    fl & (SPACE | NON_ASCII) != 0
                })
                .unwrap_or(n - i);
            scan.flags |= acc & !(SPACE | NON_ASCII);
            i += run;
            if i >= n || bytes[i] < 0x80 {
                break;
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                break;
            }
            scan.non_ascii = true;
            // lexicon's block fast paths, not std's table search for every non-ASCII
            // character (std's `alphabetic::lookup_slow` was ~3 instructions per byte).
            scan.letter |= crate::lexicon::is_letter(c);
            scan.alnum |= crate::lexicon::is_letter_or_digit(c);
            scan.cjk += is_cjk(c) as u32;
            scan.seps += matches!(c, '»' | '›' | '•') as u32;
            i += c.len_utf8();
        }
        token(&text[start..i], &scan, stopwords, &mut buf, &mut f, &mut cjk);
    }
    f.units = f.words + cjk / 2;
    let end = text.trim_end_matches(|c: char| matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '*' | ' '));
    f.truncated = end.ends_with("...") || end.ends_with('…');
    f.sentence_end = !f.truncated
        && end.chars().next_back().is_some_and(|c| matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | '؟' | '।'));
    f.question = f.sentence_end && end.chars().next_back().is_some_and(|c| matches!(c, '?' | '？' | '؟'));
    f.copyright = text.contains('©') || text.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("(c) "));
    f
}

/// Adds one whitespace-separated token to `f`.
fn token(tok: &str, scan: &TokenScan, stopwords: Option<Stopwords<'_>>, buf: &mut String, f: &mut Features, cjk: &mut u32) {
    let fl = scan.flags;
    let letter = fl & ALPHA != 0 || scan.letter;
    let digit = fl & DIGIT != 0;
    let wordless = !(letter || digit || scan.alnum);
    // Only a token without letters or digits can be a separator of its own.
    if wordless && matches!(tok, "|" | "»" | "›" | "•" | "·" | "/" | "«" | "‹" | ">" | "–") {
        f.separators += 1;
        return;
    }
    if fl & PIPE != 0 {
        f.separators += tok.bytes().filter(|&b| b == b'|').count() as u32;
    }
    f.separators += scan.seps;
    if wordless {
        return;
    }
    f.words += 1;
    f.lettered += letter as u32;
    f.numeric += digit as u32;
    *cjk += scan.cjk;
    if (fl & COLON != 0 && tok.contains("://")) || (fl & DOT != 0 && tok.starts_with("www.")) || (fl & AT != 0 && fl & DOT != 0) {
        f.links += 1;
    }
    let first_upper = if tok.as_bytes()[0] < 0x80 {
        tok.as_bytes()[0].is_ascii_uppercase()
    } else {
        tok.chars().next().is_some_and(char::is_uppercase)
    };
    f.capitalised += first_upper as u32;
    if let Some(sw) = stopwords {
        let hit = if !scan.non_ascii {
            // Most tokens: trimmed in place, looked up by their bytes without a copy unless
            // they have capitals, and only when no longer than the longest stopword. A token
            // that starts and ends with a letter or digit (most) is already trimmed.
            let b = tok.as_bytes();
            let alnum = |x: &u8| BYTE_FLAGS[*x as usize] & (ALPHA | DIGIT) != 0;
            let t = if alnum(&b[0]) && alnum(&b[b.len() - 1]) {
                b
            } else {
                let start = b.iter().position(alnum).unwrap_or(b.len());
                let end = b.iter().rposition(alnum).map_or(start, |e| e + 1);
                &b[start..end]
            };
            if t.len() > sw.table.max_len {
                false
            } else if fl & UPPER != 0 {
                let mut low = [0u8; 64];
                for (l, &c) in low.iter_mut().zip(t) {
                    *l = c.to_ascii_lowercase();
                }
                sw.contains_bytes(&low[..t.len()])
            } else {
                sw.contains_bytes(t)
            }
        } else {
            sw.contains(bare(tok, buf))
        };
        f.stopwords += hit as u32;
    }
}

impl Features {
    /// Share of tokens that are stopwords.
    pub fn stop_density(&self) -> f32 {
        if self.words == 0 { 0.0 } else { self.stopwords as f32 / self.words as f32 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> StopTable {
        let en: HashSet<String> = ["the", "of", "and", "a", "to", "in", "is", "was", "has", "with"].iter().map(|s| s.to_string()).collect();
        let de: HashSet<String> = ["der", "die", "und", "in"].iter().map(|s| s.to_string()).collect();
        StopTable::new(&[("deu".to_string(), de), ("eng".to_string(), en)].into_iter().collect())
    }

    fn en(t: &StopTable) -> Stopwords<'_> {
        t.lang("eng").unwrap()
    }

    #[test]
    fn stop_table_maps_words_to_languages() {
        let t = table();
        assert_eq!(t.codes(), ["deu", "eng"]);
        assert_eq!(t.langs("in"), 0b11);
        assert_eq!(t.langs("der"), 0b01);
        assert_eq!(t.langs("the"), 0b10);
        assert_eq!(t.langs("haus"), 0);
        assert!(t.lang("deu").unwrap().contains("und") && !en(&t).contains("und"));
        assert!(t.lang("fra").is_none());
        // Words past the packed table's 15 bytes, and prefixes of packed words.
        let long: HashSet<String> = ["fünfzehnbuchstaben", "abcdefghijklmno", "abcdefghijklmnop"].iter().map(|s| s.to_string()).collect();
        let t = StopTable::new(&[("deu".to_string(), long)].into_iter().collect());
        assert_eq!(t.langs("fünfzehnbuchstaben"), 1);
        assert_eq!(t.langs("abcdefghijklmno"), 1);
        assert_eq!(t.langs("abcdefghijklmnop"), 1);
        assert_eq!(t.langs("abcdefghijklmn"), 0);
        assert_eq!(t.langs("abcdefghijklmnopq"), 0);
        assert_eq!(t.langs(""), 0);
        assert_eq!(StopTable::default().langs("the"), 0);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { failure_persistence: None, ..Default::default() })]
        // The overlapping loads give the bytes in order, zero-padded, length on top.
        #[test]
        fn pack_is_the_padded_bytes(w in proptest::collection::vec(1u8..=255, 0..=SHORT_WORD)) {
            let mut b = [0u8; 16];
            b[..w.len()].copy_from_slice(&w);
            let lo = u64::from_le_bytes(b[..8].try_into().unwrap());
            let hi = u64::from_le_bytes(b[8..].try_into().unwrap()) | (w.len() as u64) << 56;
            proptest::prop_assert_eq!(pack(&w), (lo, hi));
        }

        #[test]
        fn words_are_split_whitespace(s in "[a-zA-Z0-9 .,'\t\n\u{b}\u{c}\r\u{1c}\u{1f}\u{85}\u{a0}\u{2028}\u{3000}é漢—]{0,60}") {
            proptest::prop_assert_eq!(words(&s).collect::<Vec<_>>(), s.split_whitespace().collect::<Vec<_>>());
        }

        #[test]
        fn bare_is_trimmed_and_lowercased(s in "[a-zA-Z0-9.,'()ÉéÀßİΣ漢-]{0,12}") {
            let mut buf = String::from("stale");
            let want: String = s.trim_matches(|c: char| !c.is_alphanumeric()).chars().map(|c| {
                let mut l = String::new();
                crate::lexicon::push_lower(c, &mut l);
                l
            }).collect();
            proptest::prop_assert_eq!(bare(&s, &mut buf), want.as_str());
        }
    }

    #[test]
    fn prose_line() {
        let t = table();
        let f = measure("The minister said the plan was a step in the right direction.", Some(en(&t)));
        assert_eq!((f.words, f.stopwords, f.sentence_end, f.truncated), (12, 6, true, false));
    }

    #[test]
    fn menu_and_teaser_shapes() {
        let t = table();
        let f = measure("Home | News | Sport » Football", Some(en(&t)));
        assert_eq!((f.words, f.separators), (4, 3));
        let f = measure("As health care workers prepare for a third year, many...", Some(en(&t)));
        assert!(f.truncated && !f.sentence_end);
        let f = measure("How much does it cost to paint a room?", Some(en(&t)));
        assert!(f.question && f.sentence_end);
        assert!(!measure("The room was painted in a day.", Some(en(&t))).question);
        assert!(measure("Copyright © 2021 - New York Globe", None).copyright);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { failure_persistence: None, ..Default::default() })]
        // The byte scanner counts the tokens `split_whitespace` finds, whatever the text.
        #[test]
        fn words_are_split_whitespace_tokens(s in "[a-zA-Z0-9 .,:|»\u{a0}\u{2028}\u{85}\t\u{b}éß漢–-]{0,60}") {
            let f = measure(&s, None);
            let want = s
                .split_whitespace()
                .filter(|t| !matches!(*t, "|" | "»" | "›" | "•" | "·" | "/" | "«" | "‹" | ">" | "–"))
                .filter(|t| t.chars().any(char::is_alphanumeric))
                .count();
            proptest::prop_assert_eq!(f.words as usize, want);
            let lettered = s.split_whitespace().filter(|t| t.chars().any(char::is_alphabetic)).count();
            proptest::prop_assert_eq!(f.lettered as usize, lettered);
        }
    }

    #[test]
    fn cjk_lengths_count() {
        let f = measure("政府は木曜日、長く待たれていた教育改革を発表した。", None);
        assert!(f.units >= 10, "{f:?}");
        assert!(f.sentence_end);
    }
}
