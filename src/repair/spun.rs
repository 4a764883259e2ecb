//! spun: detect and reverse synonym-spun copy ("article spinner" output such as
//! "Chilly Warfare" for "Cold War" or "in keeping with" for "according to"), driven by
//! a plain-text lexicon shipped in `data/spin/` and extensible by users.
//!
//! # Lexicon
//!
//! Each data file (`data/spin/eng.tsv`, compiled in with `include_str!`) holds one entry
//! a line, tab separated. A lexicon belongs to the language its file is named after (ISO
//! 639-3, as in the `language` column); documents detected as another language are not
//! scored. A user file not named after a language applies to every document.
//!
//! ```text
//! spun <TAB> original <TAB> kind [<TAB> context]
//! @class <TAB> word|word|two+words        (a named word class usable in contexts)
//! # comment
//! ```
//!
//! `kind` is `fp` (fingerprint: a phrase no careful writer produces; counts fully toward
//! the score and is repaired), `weak` (usually spun, counts 0.4 toward the score),
//! `amb` (an ambiguous substitution, e.g. "stated" for "said": never counts toward the
//! score, repaired only because the pipeline calls `repair` on spun documents), or `off`
//! (a user entry that disables a phrase). Matching is ASCII case-insensitive, on whole
//! words (a pattern ending in `-` works as a prefix, e.g. `nicely-` → `well-`), and an
//! apostrophe `'` in a pattern also matches `’`. When several entries share a spun
//! phrase the first whose context holds wins; entries from `extend_from_file` take
//! precedence over the built-in ones. The longest match starting leftmost wins.
//!
//! The optional context is a space-separated list of conditions, all of which must hold:
//! `prev=A|B` / `!prev=A|B` (the word(s) just before the phrase are / are not one of the
//! alternatives), `next=…` / `!next=…` (same after the phrase), `lower` / `cap` (the
//! phrase as found starts with a lower-case / capital letter), `and<=N` (the word "and"
//! follows within N tokens). An alternative is a word, a sequence of words joined by `+`
//! (`prev=one+of`), a punctuation character, a class `@name` defined in the file, or a
//! built-in class: `@start` (start of paragraph, sentence or quotation), `@end`, `@punct`,
//! `@num` (starts with a digit), `@Name` (capitalised word that is not a function word),
//! `@Cap`, `@lower`, `@poss` (ends in 's), `@plural` (lower-case word ending in s),
//! `@ing`, `@sup` (superlative). Tokens are runs of letters/digits with inner apostrophes;
//! every other non-space character is a token of its own.
//!
//! # Scoring model
//!
//! `score` makes one pass over the paragraphs and counts context-checked hits. Let `W` be
//! the weighted hit count (fp = 1, weak = 0.4, each entry counted at most 3 times), `V`
//! the weighted number of *distinct* entries hit, and `n` the number of words (at least
//! 120, so a short text cannot reach a high density from one hit). With the density
//! `d = 100·W/n` (hits per 100 words) the score is
//! `(1 − e^(−d/D0)) · (1 − e^(−V/V0))`: both a density of spin tells and a variety of
//! them are needed. One stray fingerprint in a clean article (`V = 1`) can never reach
//! 0.5; typical spun news carries 3–8 tells per 100 words of a dozen kinds and scores
//! above 0.9. The pipeline repairs paragraphs only when the score is at least 0.5.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::collections::HashMap;

const BUILTIN: &[(&str, &str)] = &[("eng.tsv", include_str!("../../data/spin/eng.tsv"))];

/// Density (hits per 100 words) at which the density factor reaches 1 - 1/e.
const D0: f32 = 0.75;
/// Variety (distinct weighted entries) at which the variety factor reaches 1 - 1/e.
const V0: f32 = 2.0;
/// Minimum word count used for the density.
const MIN_WORDS: usize = 120;
/// Repeats of one entry counted toward the density.
const MAX_REPEATS: u32 = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Fp,
    Weak,
    Amb,
    Off,
}

impl Kind {
    fn weight(self) -> f32 {
        match self {
            Kind::Fp => 1.0,
            Kind::Weak => 0.4,
            Kind::Amb | Kind::Off => 0.0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Builtin {
    Start,
    End,
    Punct,
    Num,
    Name,
    Cap,
    Lower,
    Poss,
    Plural,
    Ing,
    Sup,
}

#[derive(Clone, Debug)]
enum Elem {
    Word(String),
    Class(Builtin),
}

#[derive(Clone, Debug)]
enum Cond {
    Prev(bool, Vec<Vec<Elem>>),
    Next(bool, Vec<Vec<Elem>>),
    Lower,
    Cap,
    AndWithin(usize),
}

#[derive(Clone, Debug)]
struct Entry {
    spun: String,
    orig: String,
    kind: Kind,
    conds: Vec<Cond>,
    /// Load generation: later files take precedence.
    generation: u32,
}

/// A reverse-spinner lexicon.
#[derive(Clone, Debug, Default)]
pub struct SpinLexicon {
    entries: Vec<Entry>,
    classes: HashMap<String, Vec<String>>,
    ac: Option<AhoCorasick>,
    /// For each automaton pattern, the entries (in precedence order) it stands for.
    pat_entries: Vec<Vec<u32>>,
    generation: u32,
    /// Languages (ISO 639-3) the loaded files are for.
    languages: Vec<String>,
    /// A loaded file names no language: every document is scored.
    any_language: bool,
}

/// One phrase replaced by `repair`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpinFix {
    pub before: String,
    pub after: String,
}

/// A context-checked match.
#[derive(Clone, Copy, Debug)]
struct Hit {
    start: usize,
    end: usize,
    entry: u32,
}

impl SpinLexicon {
    /// The lexicon shipped in `data/spin/`, compiled into the binary.
    pub fn builtin() -> SpinLexicon {
        let mut lex = SpinLexicon::default();
        for (name, text) in BUILTIN {
            // The shipped data is tested; a bad line is a programming error.
            lex.parse(text, name).expect("built-in spin lexicon");
            lex.add_language(name);
        }
        lex.build();
        lex
    }

    /// Adds the entries of a user's lexicon file (same format as `data/spin/*.tsv`).
    /// Its entries take precedence over those loaded before.
    pub fn extend_from_file(&mut self, path: &std::path::Path) -> Result<(), String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        self.generation += 1;
        self.parse(&text, &path.display().to_string())?;
        self.add_language(path.file_name().and_then(|n| n.to_str()).unwrap_or(""));
        self.build();
        Ok(())
    }

    /// Records the language a file named `eng.tsv` is for; a file not named so applies to all.
    fn add_language(&mut self, file_name: &str) {
        let stem = file_name.split('.').next().unwrap_or("");
        if stem.len() == 3 && stem.bytes().all(|b| b.is_ascii_lowercase()) {
            self.languages.push(stem.to_string());
        } else {
            self.any_language = true;
        }
    }

    /// True when documents in `language` (ISO 639-3; empty when unknown) are scored.
    pub fn applies_to(&self, language: &str) -> bool {
        language.is_empty() || self.any_language || self.languages.iter().any(|l| l == language)
    }

    /// Number of entries (all kinds).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the lexicon has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Likelihood in [0, 1] that the document made of these paragraphs is spun.
    pub fn score(&self, paragraphs: &[&str]) -> f32 {
        let mut words = 0usize;
        // Ordered by entry: the weights (0.4) are not exact in binary, so summing them in a
        // hash map's random order could change the score's last bits from run to run.
        let mut counts: std::collections::BTreeMap<u32, u32> = std::collections::BTreeMap::new();
        let mut hits = Vec::new();
        for p in paragraphs {
            words += count_words(p);
            hits.clear();
            self.find(p, &mut hits, true);
            for h in &hits {
                *counts.entry(h.entry).or_insert(0) += 1;
            }
        }
        let (mut w, mut v) = (0.0f32, 0.0f32);
        for (e, c) in counts {
            let wt = self.entries[e as usize].kind.weight();
            w += wt * c.min(MAX_REPEATS) as f32;
            v += wt;
        }
        if w == 0.0 {
            return 0.0;
        }
        let d = 100.0 * w / words.max(MIN_WORDS) as f32;
        let s = (1.0 - (-d / D0).exp()) * (1.0 - (-v / V0).exp());
        s.clamp(0.0, 1.0)
    }

    /// The paragraph with spun phrases reversed, and the list of changes; None when unchanged.
    pub fn repair(&self, text: &str) -> Option<(String, Vec<SpinFix>)> {
        let mut hits = Vec::new();
        self.find(text, &mut hits, false);
        if hits.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(text.len() + 16);
        let mut fixes = Vec::new();
        let mut last = 0;
        for h in hits {
            let e = &self.entries[h.entry as usize];
            if e.kind == Kind::Off {
                continue;
            }
            let before = &text[h.start..h.end];
            let mut after = apply_case(before, &e.orig);
            // "1000's" opening a sentence becomes "Thousands".
            if !before.starts_with(|c: char| c.is_alphabetic())
                && class_matches(Builtin::Start, prev_tokens(text, h.start, 1).first().copied(), true)
            {
                after = capitalize(&after);
            }
            if after == before {
                continue;
            }
            out.push_str(&text[last..h.start]);
            out.push_str(&after);
            last = h.end;
            fixes.push(SpinFix { before: before.to_string(), after });
        }
        if fixes.is_empty() {
            return None;
        }
        out.push_str(&text[last..]);
        Some((out, fixes))
    }

    // ---- matching -------------------------------------------------------------------

    /// Leftmost-longest, non-overlapping, boundary- and context-checked hits.
    /// `scoring` skips entries that weigh nothing.
    fn find(&self, text: &str, out: &mut Vec<Hit>, scoring: bool) {
        let Some(ac) = &self.ac else { return };
        let bytes = text.as_bytes();
        let mut cands: Vec<Hit> = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let (s, e) = (m.start(), m.end());
            // Word boundaries (only where the pattern itself begins/ends with a word char).
            if is_word_byte_at_start(bytes, s) && prev_is_word(text, s) {
                continue;
            }
            if is_word_byte_at_end(bytes, e) && next_is_word(text, e) {
                continue;
            }
            for &ei in &self.pat_entries[m.pattern().as_usize()] {
                let entry = &self.entries[ei as usize];
                if self.context_ok(entry, text, s, e) {
                    if !(scoring && entry.kind != Kind::Off && entry.kind.weight() == 0.0) {
                        cands.push(Hit { start: s, end: e, entry: ei });
                    } else {
                        // An ambiguous entry still claims the span (it blocks shorter ones).
                        cands.push(Hit { start: s, end: e, entry: u32::MAX });
                    }
                    break;
                }
            }
        }
        if cands.is_empty() {
            return;
        }
        cands.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut last_end = 0;
        for c in cands {
            if c.start < last_end {
                continue;
            }
            last_end = c.end;
            if c.entry != u32::MAX {
                out.push(c);
            }
        }
    }

    fn context_ok(&self, e: &Entry, text: &str, s: usize, t: usize) -> bool {
        for c in &e.conds {
            let ok = match c {
                Cond::Lower => text[s..].chars().next().is_some_and(|ch| ch.is_lowercase()),
                Cond::Cap => text[s..].chars().next().is_some_and(|ch| ch.is_uppercase()),
                Cond::AndWithin(n) => next_tokens(text, t, *n)
                    .iter()
                    .any(|tok| tok.eq_ignore_ascii_case("and")),
                Cond::Prev(neg, alts) => {
                    let k = alts.iter().map(|a| a.len()).max().unwrap_or(1);
                    let toks = prev_tokens(text, s, k);
                    alts.iter().any(|a| seq_matches(a, &toks, true)) != *neg
                }
                Cond::Next(neg, alts) => {
                    let k = alts.iter().map(|a| a.len()).max().unwrap_or(1);
                    let toks = next_tokens(text, t, k);
                    alts.iter().any(|a| seq_matches(a, &toks, false)) != *neg
                }
            };
            if !ok {
                return false;
            }
        }
        true
    }

    // ---- loading --------------------------------------------------------------------

    fn parse(&mut self, text: &str, name: &str) -> Result<(), String> {
        // Classes first, so entries may use classes defined anywhere in the file.
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix('@') {
                let mut cols = rest.split('\t');
                let cname = cols.next().unwrap_or("").trim().to_string();
                let words = cols.next().unwrap_or("");
                let list = words
                    .split('|')
                    .map(|w| w.trim().to_string())
                    .filter(|w| !w.is_empty())
                    .collect();
                self.classes.insert(cname, list);
            }
        }
        let generation = self.generation;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') || line.starts_with('@') {
                continue;
            }
            let err = |m: &str| format!("{name}:{}: {m}", i + 1);
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 3 {
                return Err(err("expected spun<TAB>original<TAB>kind[<TAB>context]"));
            }
            let spun = cols[0].trim();
            let orig = cols[1].trim();
            if spun.is_empty() {
                return Err(err("empty spun phrase"));
            }
            let kind = match cols[2].trim() {
                "fp" => Kind::Fp,
                "weak" => Kind::Weak,
                "amb" => Kind::Amb,
                "off" => Kind::Off,
                k => return Err(err(&format!("unknown kind {k:?}"))),
            };
            let mut conds = Vec::new();
            // Further columns are all context (conditions may be spread over columns).
            for ctx in cols.iter().skip(3) {
                for c in ctx.split_whitespace() {
                    conds.push(self.parse_cond(c).map_err(|m| err(&m))?);
                }
            }
            self.entries.push(Entry {
                spun: spun.to_string(),
                orig: orig.to_string(),
                kind,
                conds,
                generation,
            });
        }
        Ok(())
    }

    fn parse_cond(&self, c: &str) -> Result<Cond, String> {
        match c {
            "lower" => return Ok(Cond::Lower),
            "cap" => return Ok(Cond::Cap),
            _ => {}
        }
        if let Some(n) = c.strip_prefix("and<=") {
            return n.parse().map(Cond::AndWithin).map_err(|_| format!("bad condition {c:?}"));
        }
        let (neg, c2) = match c.strip_prefix('!') {
            Some(r) => (true, r),
            None => (false, c),
        };
        let (is_prev, list) = if let Some(l) = c2.strip_prefix("prev=") {
            (true, l)
        } else if let Some(l) = c2.strip_prefix("next=") {
            (false, l)
        } else {
            return Err(format!("unknown condition {c:?}"));
        };
        let mut alts = Vec::new();
        self.expand_alts(list, &mut alts, 0)?;
        Ok(if is_prev { Cond::Prev(neg, alts) } else { Cond::Next(neg, alts) })
    }

    fn expand_alts(&self, list: &str, alts: &mut Vec<Vec<Elem>>, depth: usize) -> Result<(), String> {
        if depth > 4 {
            return Err("class nesting too deep".into());
        }
        for alt in list.split('|').filter(|a| !a.is_empty()) {
            // A bare user class expands to its alternatives.
            if let Some(words) = alt.strip_prefix('@').and_then(|cn| self.classes.get(cn)) {
                let joined = words.join("|");
                self.expand_alts(&joined, alts, depth + 1)?;
                continue;
            }
            let mut seq = Vec::new();
            for part in alt.split('+') {
                seq.push(parse_elem(part)?);
            }
            alts.push(seq);
        }
        Ok(())
    }

    fn build(&mut self) {
        let mut order: Vec<u32> = (0..self.entries.len() as u32).collect();
        // Later generations first, file order within a generation.
        order.sort_by_key(|&i| std::cmp::Reverse(self.entries[i as usize].generation));
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut pats: Vec<String> = Vec::new();
        let mut pat_entries: Vec<Vec<u32>> = Vec::new();
        for i in order {
            let spun = self.entries[i as usize].spun.clone();
            let mut variants = vec![spun.clone()];
            if spun.contains('\'') {
                variants.push(spun.replace('\'', "\u{2019}"));
            }
            for v in variants {
                let key = v.to_ascii_lowercase();
                let slot = *index.entry(key).or_insert_with(|| {
                    pats.push(v.clone());
                    pat_entries.push(Vec::new());
                    pats.len() - 1
                });
                pat_entries[slot].push(i);
            }
        }
        self.ac = if pats.is_empty() {
            None
        } else {
            Some(
                // A full DFA: every kept paragraph is scanned with overlapping matches, and
                // the DFA's one table lookup per byte beat the default contiguous NFA's
                // failure-transition walk 1.8× in callgrind instructions for scoring (the build costs
                // about 250 M instructions more, once per run).
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&pats)
                    .expect("spin lexicon automaton"),
            )
        };
        self.pat_entries = pat_entries;
    }
}

fn parse_elem(part: &str) -> Result<Elem, String> {
    if let Some(cn) = part.strip_prefix('@') {
        let b = match cn {
            "start" => Builtin::Start,
            "end" => Builtin::End,
            "punct" => Builtin::Punct,
            "num" => Builtin::Num,
            "Name" => Builtin::Name,
            "Cap" => Builtin::Cap,
            "lower" => Builtin::Lower,
            "poss" => Builtin::Poss,
            "plural" => Builtin::Plural,
            "ing" => Builtin::Ing,
            "sup" => Builtin::Sup,
            _ => return Err(format!("unknown class @{cn}")),
        };
        return Ok(Elem::Class(b));
    }
    if part.is_empty() {
        return Err("empty alternative".into());
    }
    Ok(Elem::Word(norm_word(part)))
}

// ---- tokens and classes -----------------------------------------------------------------

fn norm_word(w: &str) -> String {
    w.to_lowercase().replace('\u{2019}', "'")
}

fn is_word_char(c: char) -> bool {
    crate::lexicon::is_letter_or_digit(c)
}

fn is_apos(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_word_byte_at_start(b: &[u8], s: usize) -> bool {
    // Pattern starts with an ASCII alphanumeric (patterns starting otherwise need no check).
    b.get(s).is_some_and(|c| c.is_ascii_alphanumeric())
}

fn is_word_byte_at_end(b: &[u8], e: usize) -> bool {
    e > 0 && b[e - 1].is_ascii_alphanumeric()
}

fn prev_is_word(text: &str, s: usize) -> bool {
    text[..s].chars().next_back().is_some_and(is_word_char)
}

fn next_is_word(text: &str, e: usize) -> bool {
    text[e..].chars().next().is_some_and(is_word_char)
}

/// Up to `n` tokens before byte `s`, nearest first.
fn prev_tokens(text: &str, s: usize, n: usize) -> Vec<&str> {
    let mut out = Vec::with_capacity(n);
    let mut end = s;
    while out.len() < n {
        let head = &text[..end];
        let trimmed = head.trim_end();
        if trimmed.is_empty() {
            break;
        }
        let tend = trimmed.len();
        let last = trimmed.chars().next_back().unwrap();
        if is_word_char(last) {
            let mut start = tend;
            let mut it = trimmed.char_indices().rev().peekable();
            while let Some((i, c)) = it.next() {
                let inner_apos = is_apos(c)
                    && it.peek().is_some_and(|&(_, p)| is_word_char(p))
                    && start == i + c.len_utf8();
                if is_word_char(c) || inner_apos {
                    start = i;
                } else {
                    break;
                }
            }
            out.push(&text[start..tend]);
            end = start;
        } else {
            let start = tend - last.len_utf8();
            out.push(&text[start..tend]);
            end = start;
        }
    }
    out
}

/// Up to `n` tokens after byte `e`.
fn next_tokens(text: &str, e: usize, n: usize) -> Vec<&str> {
    let mut out = Vec::with_capacity(n);
    let mut pos = e;
    while out.len() < n {
        let rest = &text[pos..];
        let trimmed = rest.trim_start();
        if trimmed.is_empty() {
            break;
        }
        let tstart = pos + (rest.len() - trimmed.len());
        let first = trimmed.chars().next().unwrap();
        let mut tend = tstart + first.len_utf8();
        if is_word_char(first) {
            let mut chars = trimmed.char_indices().peekable();
            chars.next();
            while let Some((i, c)) = chars.next() {
                if is_word_char(c) {
                    tend = tstart + i + c.len_utf8();
                } else if is_apos(c) && chars.peek().is_some_and(|&(_, p)| is_word_char(p)) {
                    continue;
                } else {
                    break;
                }
            }
        }
        out.push(&text[tstart..tend]);
        pos = tend;
    }
    out
}

const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "in", "on", "at", "for", "of", "during",
    "over", "by", "with", "from", "to", "and", "but", "or", "it", "its", "he", "she", "they",
    "we", "i", "you", "his", "her", "their", "our", "my", "your", "as", "if", "when", "while",
    "after", "before", "since", "each", "every", "some", "any", "no", "all", "both", "one",
    "what", "which", "who", "how", "why", "where", "there", "here", "then", "so", "not", "also",
    "however", "although", "though", "because", "in", "into", "under", "between", "among",
    "such", "many", "most", "more", "other", "another", "only", "just", "even", "still", "yet",
];

const SENTENCE_START: &[&str] = &[".", "!", "?", "\u{201c}", "\"", "(", ":", "\u{2018}", "\u{00ab}", "\u{2014}", "\u{2013}", "[", "\u{2022}", "-"];
const SENTENCE_END: &[&str] = &[".", "!", "?", "\u{201d}", "\"", ")", ":", ";", "\u{2019}", "\u{00bb}", "]"];

const SUP_EXTRA: &[&str] = &[
    "most", "least", "best", "worst", "first", "last", "top", "main", "leading", "key", "major",
    "only", "few", "finest", "foremost", "greatest",
];
const NOT_SUP: &[&str] = &[
    "interest", "forest", "protest", "request", "guest", "harvest", "honest", "modest",
    "contest", "arrest", "invest", "suggest", "digest", "manifest", "unrest", "behest",
    "conquest", "quest", "inquest", "attest", "detest", "infest", "ingest", "divest", "molest",
    "west", "rest", "test", "nest", "chest", "pest", "vest", "crest", "zest", "jest", "midwest",
    "interests", "earnest", "tempest", "priest", "bequest", "lest", "southwest", "northwest",
];

fn class_matches(b: Builtin, tok: Option<&str>, is_prev_first: bool) -> bool {
    match b {
        Builtin::Start => match tok {
            None => true,
            Some(t) => is_prev_first && SENTENCE_START.contains(&t),
        },
        Builtin::End => match tok {
            None => true,
            Some(t) => SENTENCE_END.contains(&t),
        },
        _ => {
            let Some(t) = tok else { return false };
            let first = t.chars().next().unwrap_or(' ');
            let word = is_word_char(first);
            match b {
                Builtin::Punct => !word,
                Builtin::Num => first.is_ascii_digit(),
                Builtin::Cap => first.is_uppercase(),
                Builtin::Lower => first.is_lowercase(),
                Builtin::Name => {
                    first.is_uppercase() && !FUNCTION_WORDS.contains(&t.to_lowercase().as_str())
                }
                Builtin::Poss => {
                    let l = norm_word(t);
                    l.len() > 2 && l.ends_with("'s")
                }
                Builtin::Plural => {
                    first.is_lowercase()
                        && t.len() >= 4
                        && t.ends_with('s')
                        && !t.ends_with("ss")
                        && !t.ends_with("us")
                        && !t.ends_with("is")
                        && !t.contains(['\'', '\u{2019}'])
                }
                Builtin::Ing => first.is_lowercase() && t.len() >= 5 && t.ends_with("ing"),
                Builtin::Sup => {
                    let l = t.to_lowercase();
                    SUP_EXTRA.contains(&l.as_str())
                        || (l.len() >= 5 && l.ends_with("est") && !NOT_SUP.contains(&l.as_str()))
                }
                Builtin::Start | Builtin::End => unreachable!(),
            }
        }
    }
}

/// Does the sequence `alt` match the context tokens? For `prev`, `toks` is nearest-first
/// and the sequence is compared from its last element backwards.
fn seq_matches(alt: &[Elem], toks: &[&str], prev: bool) -> bool {
    let k = alt.len();
    for j in 0..k {
        let (elem, ti) = if prev { (&alt[k - 1 - j], j) } else { (&alt[j], j) };
        let tok = toks.get(ti).copied();
        let ok = match elem {
            Elem::Word(w) => tok.is_some_and(|t| norm_word(t) == *w),
            Elem::Class(b) => class_matches(*b, tok, ti == 0 || !prev),
        };
        if !ok {
            return false;
        }
    }
    true
}

/// Whitespace-separated tokens holding a letter or digit.
fn count_words(p: &str) -> usize {
    crate::ascii::count_tokens(p, true, usize::MAX)
}

// ---- case --------------------------------------------------------------------------------

const SMALL_WORDS: &[&str] = &["of", "the", "and", "for", "in", "on", "at", "to", "a", "an", "or"];

/// The replacement `orig` with the case pattern of the matched text `found`.
fn apply_case(found: &str, orig: &str) -> String {
    let letters: Vec<char> = found.chars().filter(|c| c.is_alphabetic()).collect();
    let mut out = if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
        orig.to_uppercase()
    } else {
        let words: Vec<&str> = found.split_whitespace().collect();
        let title = words.len() >= 2
            && words.iter().enumerate().all(|(i, w)| {
                let c = w.chars().find(|c| c.is_alphabetic());
                c.is_none_or(|c| c.is_uppercase() || (i > 0 && SMALL_WORDS.contains(&w.to_lowercase().as_str())))
            });
        if title {
            orig.split(' ')
                .enumerate()
                .map(|(i, w)| if i > 0 && SMALL_WORDS.contains(&w) { w.to_string() } else { capitalize(w) })
                .collect::<Vec<_>>()
                .join(" ")
        } else if found.chars().next().is_some_and(|c| c.is_uppercase()) {
            capitalize(orig)
        } else {
            orig.to_string()
        }
    };
    if found.contains('\u{2019}') {
        out = out.replace('\'', "\u{2019}");
    }
    out
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> SpinLexicon {
        SpinLexicon::builtin()
    }

    fn fix(s: &str) -> String {
        lex().repair(s).map(|(t, _)| t).unwrap_or_else(|| s.to_string())
    }

    const SPUN: &[&str] = &[
        "The international minister instructed reporters on Tuesday that the nation would search to keep away from sanctions, in keeping with a press release.",
        "1000's of individuals rallied towards the warfare final month, one other signal of probably the most severe unrest for the reason that the Chilly Warfare.",
        "Analysts stated the economic system depends closely on exports, however the central financial institution has saved rates of interest on maintain this yr.",
        "Listed here are the important thing modifications, which embrace a brand new tax on well being insurance coverage and larger share factors for lenders.",
        "Well being officers stated most cancers sufferers ought to keep away from the hospital except they've signs, in keeping with the World Well being Group.",
    ];

    const CLEAN: &[&str] = &[
        "The foreign minister told reporters on Tuesday that the country would seek to avoid sanctions, according to a statement.",
        "Thousands of people rallied against the war last month, another sign of the most serious unrest since the Cold War.",
        "Analysts said the economy relies heavily on exports, but the central bank has kept interest rates on hold this year.",
        "The committee stated its position in a letter and mentioned the international community's response, which was muted.",
        "In keeping with tradition, the nation's oldest club held its final match of the season in the eastern stands.",
    ];

    #[test]
    fn spun_text_scores_high() {
        assert!(lex().score(SPUN) >= 0.8, "{}", lex().score(SPUN));
    }

    #[test]
    fn clean_text_scores_low() {
        let s = lex().score(CLEAN);
        assert!(s < 0.2, "{s}");
    }

    #[test]
    fn repairs_spun_sentences() {
        assert_eq!(
            fix(SPUN[0]),
            "The foreign minister told reporters on Tuesday that the country would seek to avoid sanctions, according to a press release."
        );
        assert_eq!(
            fix(SPUN[1]),
            "Thousands of people rallied against the war last month, another signal of the most severe unrest since the Cold War."
        );
        let r = fix(SPUN[2]);
        assert!(r.contains("the economy depends heavily"), "{r}");
        assert!(r.contains("but the central bank"), "{r}");
        assert!(r.contains("this year"), "{r}");
    }

    #[test]
    fn preserves_case() {
        assert_eq!(fix("Probably the most dramatic shift came one yr later."), "The most dramatic shift came one year later.");
        assert_eq!(fix("CHILLY WARFARE"), "COLD WAR");
        assert_eq!(fix("the Chilly Warfare ended"), "the Cold War ended");
        assert_eq!(fix("He met the International Minister."), "He met the Foreign Minister.");
        assert_eq!(fix("Russia’s economic system shrank"), "Russia’s economy shrank");
    }

    #[test]
    fn context_rules() {
        // "final" is only "last" before a period of time and not after a determiner.
        assert_eq!(fix("He resigned final week."), "He resigned last week.");
        assert_eq!(fix("the final week of the campaign"), "the final week of the campaign");
        // "deliberate" is "planned" only before the nouns it is usually spun from.
        assert_eq!(fix("the deliberate reforms"), "the planned reforms");
        assert_eq!(fix("a deliberate attempt to mislead"), "a deliberate attempt to mislead");
        // lowercase "japanese" before a place is "eastern"; the adjective of Japan is not.
        assert_eq!(fix("fighting in japanese Ukraine"), "fighting in eastern Ukraine");
        assert_eq!(fix("Japanese carmakers rallied"), "Japanese carmakers rallied");
        // "towards" is "against" only after protest words.
        assert_eq!(fix("a rally towards the invasion"), "a rally against the invasion");
        assert_eq!(fix("they walked towards the station"), "they walked towards the station");
    }

    #[test]
    fn clean_sentences_untouched_when_not_spun() {
        let lx = lex();
        let s = lx.score(CLEAN);
        assert!(s < 0.5);
        // The pipeline does not call repair below 0.5; fingerprint-free text is stable anyway.
        assert!(lx.repair("Thousands of people rallied against the war last month.").is_none());
    }

    #[test]
    fn user_file_overrides() {
        let dir = std::env::temp_dir().join(format!("spin_test_{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("user.tsv");
        std::fs::write(&p, "# test\nstated\tstated\toff\nfrobnicated widget\tgadget\tfp\n").unwrap();
        let mut lx = lex();
        lx.extend_from_file(&p).unwrap();
        assert_eq!(lx.repair("He stated it.").map(|r| r.0), None);
        assert_eq!(lx.repair("A frobnicated widget.").unwrap().0, "A gadget.");
        assert!(lx.extend_from_file(&dir.join("missing.tsv")).is_err());
        std::fs::write(&p, "bad line\n").unwrap();
        assert!(SpinLexicon::default().extend_from_file(&p).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn tokens() {
        let t = "Russia’s transfer, “however all";
        assert_eq!(prev_tokens(t, t.find("transfer").unwrap(), 2), vec!["Russia’s"]);
        assert_eq!(next_tokens(t, t.find(" transfer").unwrap(), 3), vec!["transfer", ",", "“"]);
    }
}
