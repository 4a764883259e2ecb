//! phrases: matches lines against the chrome lexicons (`data/chrome/*.tsv`).
//!
//! `line` entries are one hash lookup of the folded line; `prefix` and `contains` entries are one
//! aho-corasick pass each over the lowercased line; `suffix` entries are a hash lookup of the
//! folded line's last words. Matches must fall on word boundaries, so "by" does not fire on
//! "bypass", except for entries of five or more Chinese, Japanese or Thai characters, scripts with
//! no spaces between words.

// FxHash instead of the default SipHash: `line` is probed with the folded text of every line
// of up to 16 words, `suffix` with several tails of short lines (only looked up, never
// iterated in an order that matters).
use rustc_hash::FxHashMap as HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind as AcKind, StartKind};

use super::features::{is_cjk, units_of};
use crate::lexicon::{MatchKind, Phrase, fold_line, lowercase_into};

/// Longest line (in words) a `line` entry can match: entries are labels, not sentences.
pub const LINE_MAX_WORDS: usize = 16;
/// Longest line (in words) `suffix` entries are applied to: a name and its "says" or "reporter".
pub const SUFFIX_MAX_WORDS: usize = 6;
/// Longest line (in words) `prefix` and `contains` entries are applied to.
pub const PHRASE_MAX_WORDS: usize = 40;

/// CJK characters an entry needs to match without word boundaries: shorter ones ("广告",
/// "分享") are everyday words inside sentences, longer ones ("继续浏览即表示您同意") are not.
const CJK_UNBOUNDED: usize = 5;

/// A lexicon hit: which category and which kind of entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit<'a> {
    pub category: &'a str,
    pub kind: MatchKind,
}

pub struct PhraseMatcher {
    categories: Vec<String>,
    line: HashMap<String, usize>,
    /// `suffix` entries (folded), and the most words one has.
    suffix: HashMap<String, usize>,
    suffix_words: usize,
    prefix: Option<AhoCorasick>,
    prefix_cat: Vec<usize>,
    contains: Option<AhoCorasick>,
    /// A DFA of the `contains` entries' first [`CONTAINS_PREFIX`] bytes: a line it finds
    /// nothing in has no `contains` match, and most lines have none, so the slower
    /// leftmost-longest search (a contiguous NFA for this many patterns) runs only on the few
    /// it flags.
    contains_filter: Option<AhoCorasick>,
    contains_cat: Vec<usize>,
    /// Per `prefix` / `contains` entry: it is written in a script without spaces and long
    /// enough (CJK_UNBOUNDED characters) to be specific, so it needs no word boundary (Chinese
    /// and Japanese have none to find).
    prefix_cjk: Vec<bool>,
    contains_cjk: Vec<bool>,
    /// The `prefix` and `contains` entries, for [`PhraseMatcher::category_filter`].
    partial: Vec<(String, usize)>,
}

/// Bytes of each phrase a [`CategoryFilter`] looks for.
const FILTER_PREFIX: usize = 12;

/// Bytes of each `contains` entry the pre-filter of [`PhraseMatcher::find_folded`] looks for.
/// Measured (callgrind, 2 MB gencorpus sample): the filter takes 4.5 instructions per input
/// byte off at 8 bytes, 4.7 at 12, 2.9 at 6; building it costs 43 M instructions at start-up
/// at 8 bytes, 78 M at 12, 26 M at 6 (a DFA of the whole entries instead of the NFA: 4.5 per
/// byte for 210 M).
const CONTAINS_PREFIX: usize = 8;

/// The `prefix` and `contains` entries of a few categories (their first [`FILTER_PREFIX`]
/// bytes) in one unanchored automaton: a line none of them occurs in cannot have a sentence
/// that [`PhraseMatcher::find_sentences`] counts, so it is ruled out with one scan. Cut to 12
/// bytes, the patterns build a DFA at a quarter of the start-up cost of whole phrases (30 M
/// instructions more than the NFA instead of 116 M) with no more false alarms; at 8 bytes the
/// false alarms cost 3% more instructions per byte in all.
pub struct CategoryFilter {
    cats: Vec<String>,
    ac: Option<AhoCorasick>,
}

impl PhraseMatcher {
    pub fn new(phrases: &[Phrase]) -> PhraseMatcher {
        let mut categories: Vec<String> = Vec::new();
        let mut cat_id = |c: &str| match categories.iter().position(|x| x == c) {
            Some(i) => i,
            None => {
                categories.push(c.to_string());
                categories.len() - 1
            }
        };
        let mut line = HashMap::default();
        let mut suffix = HashMap::default();
        let (mut pre, mut pre_cat, mut con, mut con_cat) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for p in phrases {
            let c = cat_id(&p.category);
            match p.kind {
                MatchKind::Line => {
                    line.entry(p.phrase.clone()).or_insert(c);
                }
                MatchKind::Prefix => {
                    pre.push(p.phrase.clone());
                    pre_cat.push(c);
                }
                MatchKind::Contains => {
                    con.push(p.phrase.clone());
                    con_cat.push(c);
                }
                MatchKind::Suffix => {
                    suffix.entry(p.phrase.clone()).or_insert(c);
                }
            }
        }
        let build = |pats: &Vec<String>, anchored: bool| {
            if pats.is_empty() {
                return None;
            }
            AhoCorasickBuilder::new()
                .match_kind(AcKind::LeftmostLongest)
                .start_kind(if anchored { StartKind::Anchored } else { StartKind::Unanchored })
                .build(pats)
                .ok()
        };
        let partial = pre.iter().zip(&pre_cat).chain(con.iter().zip(&con_cat)).map(|(p, &c)| (p.clone(), c)).collect();
        // Hangul does not count: Korean spaces its words and glues particles on ("금지를").
        let unspaced = |c: char| is_cjk(c) && !('\u{AC00}'..='\u{D7AF}').contains(&c);
        let cjk = |pats: &Vec<String>| pats.iter().map(|p| p.chars().filter(|&c| unspaced(c)).count() >= CJK_UNBOUNDED).collect();
        let suffix_words = suffix.keys().map(|k: &String| k.split(' ').count()).max().unwrap_or(0);
        PhraseMatcher {
            suffix,
            suffix_words,
            prefix_cjk: cjk(&pre),
            contains_cjk: cjk(&con),
            contains_filter: prefix_dfa(con.iter().map(String::as_str), CONTAINS_PREFIX),
            partial,
            prefix: build(&pre, true),
            contains: build(&con, false),
            categories,
            line,
            prefix_cat: pre_cat,
            contains_cat: con_cat,
        }
    }

    /// The first lexicon entry the line matches: whole-line entries first, then prefixes, then
    /// contained phrases, then suffixes. `words` is the line's length in units (words, and half the CJK
    /// characters: [`super::features::Features::units`]).
    pub fn find(&self, text: &str, words: usize) -> Option<Hit<'_>> {
        self.find_folded(text, &fold_line(text), words)
    }

    /// [`PhraseMatcher::find`] with the line already folded by [`fold_line`].
    pub fn find_folded(&self, text: &str, folded: &str, words: usize) -> Option<Hit<'_>> {
        if words <= LINE_MAX_WORDS
            && let Some(&c) = self.line.get(folded)
        {
            return Some(Hit { category: &self.categories[c], kind: MatchKind::Line });
        }
        if words > PHRASE_MAX_WORDS {
            return None;
        }
        let mut lower = String::with_capacity(text.len());
        lowercase_into(text, &mut lower);
        if let Some(c) = self.prefix_of(&lower, |_| true) {
            return Some(Hit { category: &self.categories[c], kind: MatchKind::Prefix });
        }
        if let Some(ac) = &self.contains
            && self.contains_filter.as_ref().is_none_or(|f| f.is_match(&lower))
        {
            for m in ac.find_iter(&lower) {
                if self.contains_cjk[m.pattern()] || (boundary_before(&lower, m.start()) && boundary_after(&lower, m.end())) {
                    return Some(Hit {
                        category: &self.categories[self.contains_cat[m.pattern()]],
                        kind: MatchKind::Contains,
                    });
                }
            }
        }
        // In words, not units: Korean spaces its words ("연합뉴스 홍길동 기자" is 3 words, 7 units).
        // `split(' ').nth(SUFFIX_MAX_WORDS).is_none()`: fewer than SUFFIX_MAX_WORDS spaces,
        // counted by memchr instead of `split`'s char searcher (3.6 M instructions on the
        // 2 MB sample).
        if memchr::memchr_iter(b' ', folded.as_bytes()).nth(SUFFIX_MAX_WORDS - 1).is_none()
            && let Some(c) = self.suffix_of(folded)
        {
            return Some(Hit { category: &self.categories[c], kind: MatchKind::Suffix });
        }
        // "59 Comments on “Title”", "3 Kommentare zu „Titel“": a comment counter is a `prefix`
        // entry of the comments after a number. Only that category: "2 by 4 lumber" is no byline.
        let digits = lower.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0
            && lower.as_bytes().get(digits) == Some(&b' ')
            && let Some(c) = self.prefix_of(&lower[digits + 1..], |c| self.categories[c] == COUNTED_CATEGORY)
        {
            return Some(Hit { category: &self.categories[c], kind: MatchKind::Prefix });
        }
        None
    }
}

/// The category whose `prefix` entries also match after a count ("59 comments on “").
const COUNTED_CATEGORY: &str = "comments";

impl PhraseMatcher {
    /// The category of the first `prefix` entry of a category `keep` accepts that the lowercased
    /// line starts with, up to a word boundary (none needed for long CJK entries).
    #[inline]
    fn prefix_of(&self, lower: &str, keep: impl Fn(usize) -> bool) -> Option<usize> {
        let ac = self.prefix.as_ref()?;
        ac.find_iter(Input::new(lower).anchored(Anchored::Yes))
            .find(|m| keep(self.prefix_cat[m.pattern()]) && (self.prefix_cjk[m.pattern()] || boundary_after(lower, m.end())))
            .map(|m| self.prefix_cat[m.pattern()])
    }

    /// The category of the `suffix` entry the folded line ends with, after at least one word.
    fn suffix_of(&self, folded: &str) -> Option<usize> {
        if self.suffix.is_empty() {
            return None;
        }
        // The last 1..=suffix_words words, shortest first; each must leave a word before it.
        let mut cut = folded.len();
        for _ in 0..self.suffix_words {
            cut = folded[..cut].rfind(' ')?;
            if let Some(&c) = self.suffix.get(&folded[cut + 1..]) {
                return Some(c);
            }
        }
        None
    }

    /// The filter [`PhraseMatcher::find_sentences`] needs for these categories.
    pub fn category_filter(&self, cats: &[&str]) -> CategoryFilter {
        let ac = prefix_dfa(
            self.partial
                .iter()
                .filter(|(_, c)| cats.contains(&self.categories[*c].as_str()))
                .map(|(p, _)| p.as_str()),
            FILTER_PREFIX,
        );
        CategoryFilter { cats: cats.iter().map(|c| c.to_string()).collect(), ac }
    }

    /// For a line too long for `prefix`/`contains` entries (a paragraph of cookie, consent or
    /// disclaimer sentences): splits it into sentences, matches each sentence on its own, and
    /// returns the first category among `cats` whose sentences hold at least `min_share` of the
    /// line's words. Whole-line entries are not used: a sentence equal to a label is still prose.
    pub fn find_sentences<'a>(&'a self, text: &str, filter: &CategoryFilter, min_share: f32) -> Option<&'a str> {
        // Most long lines are prose with none of these categories' phrases: one scan of the
        // small filter automaton says so (any phrase a sentence could match occurs in the
        // line), and the sentence-by-sentence matching is left to the few lines that have one.
        // Without this the split cost a quarter of a whole run's time.
        let Some(ac) = &filter.ac else { return None };
        let mut lower = String::with_capacity(text.len());
        lowercase_into(text, &mut lower);
        if !ac.is_match(&lower) {
            return None;
        }
        // Lengths in units: a Chinese or Japanese sentence is one whitespace token.
        let total = units_of(text);
        if total == 0 {
            return None;
        }
        // Words in matching sentences per category, in order of first match.
        let mut hit_words: Vec<(&'a str, usize)> = Vec::new();
        for s in sentences(text) {
            let words = units_of(s);
            if words == 0 || words > PHRASE_MAX_WORDS {
                continue;
            }
            if let Some(h) = self.find_folded(s, "", words)
                && h.kind != MatchKind::Line
                && filter.cats.iter().any(|c| c == h.category)
            {
                match hit_words.iter_mut().find(|(c, _)| *c == h.category) {
                    Some((_, w)) => *w += words,
                    None => hit_words.push((h.category, words)),
                }
            }
        }
        hit_words.iter().find(|&&(_, w)| w as f32 >= min_share * total as f32).map(|&(c, _)| c)
    }
}

/// An unanchored DFA of the phrases' first `len` bytes, for an `is_match` test: a text holding
/// a phrase holds them too, and the shorter patterns share their states, which keeps the DFA
/// small to build. A DFA because its search is a table lookup per byte, where
/// the default for this many patterns (a contiguous NFA) follows failure links.
fn prefix_dfa<'a>(phrases: impl Iterator<Item = &'a str>, len: usize) -> Option<AhoCorasick> {
    let mut pats: Vec<&[u8]> = phrases.map(|p| &p.as_bytes()[..p.len().min(len)]).collect();
    pats.sort_unstable();
    pats.dedup();
    if pats.is_empty() {
        return None;
    }
    AhoCorasickBuilder::new().kind(Some(AhoCorasickKind::DFA)).build(&pats).ok()
}

/// Splits text after '.', '!', '?' followed by a space, and after their full-width forms.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut out = Vec::new();
    if memchr::memchr2(0xE3, 0xEF, text.as_bytes()).is_none() {
        // No full-width stop (their UTF-8 starts with E3 or EF): only ASCII '.', '!', '?' can
        // end a sentence, and memchr finds them.
        for p in memchr::memchr3_iter(b'.', b'!', b'?', text.as_bytes()) {
            if text[p + 1..].chars().next().is_some_and(char::is_whitespace) {
                out.push(&text[start..p + 1]);
                start = p + 1;
            }
        }
    } else {
        let mut prev: Option<char> = None;
        // A full-width stop ends a sentence with or without a space after it (Chinese and
        // Japanese put none), after the closing quotes or brackets that follow it.
        let mut stopped = false;
        for (i, c) in text.char_indices() {
            let closing = matches!(c, '」' | '』' | '）' | '”' | '’');
            if (c.is_whitespace() && matches!(prev, Some('.' | '!' | '?'))) || (stopped && !closing) {
                if i > start {
                    out.push(&text[start..i]);
                }
                start = i;
            }
            stopped = matches!(c, '。' | '！' | '？' | '．') || (stopped && closing);
            prev = Some(c);
        }
    }
    out.push(&text[start..]);
    out.into_iter().map(str::trim).filter(|s| !s.is_empty())
}

/// True when the match does not end inside a word (a match ending in punctuation always counts).
pub(super) fn boundary_after(s: &str, end: usize) -> bool {
    let last = s[..end].chars().next_back();
    let next = s[end..].chars().next();
    !(last.is_some_and(crate::lexicon::is_letter_or_digit) && next.is_some_and(crate::lexicon::is_letter_or_digit))
}

fn boundary_before(s: &str, start: usize) -> bool {
    let first = s[start..].chars().next();
    let prev = s[..start].chars().next_back();
    !(first.is_some_and(crate::lexicon::is_letter_or_digit) && prev.is_some_and(crate::lexicon::is_letter_or_digit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse_chrome;

    fn matcher() -> PhraseMatcher {
        let mut p = parse_chrome("share", "line\tshare this\n", "t").unwrap();
        p.extend(parse_chrome("meta", "prefix\tby\n", "t").unwrap());
        p.extend(parse_chrome("caption", "prefix\tpicture:\ncontains\tpicture credit:\n", "t").unwrap());
        p.extend(parse_chrome("ad", "line\tadvertisement\n", "t").unwrap());
        PhraseMatcher::new(&p)
    }

    #[test]
    fn whole_line_entries_ignore_punctuation_but_not_extra_words() {
        let m = matcher();
        assert_eq!(m.find("Share this:", 2).unwrap().category, "share");
        assert_eq!(m.find("ADVERTISEMENT", 1).unwrap().category, "ad");
        assert!(m.find("Advertisement revenue fell by a third last year.", 8).is_none());
    }

    #[test]
    fn prefixes_respect_word_boundaries() {
        let m = matcher();
        assert_eq!(m.find("By Jane Doe", 3).unwrap().category, "meta");
        assert!(m.find("Bypass surgery is common.", 4).is_none());
        assert_eq!(m.find("Picture: the harbour at dawn", 5).unwrap().category, "caption");
    }

    #[test]
    fn suffixes_need_a_word_before_them_and_a_short_line() {
        let p = parse_chrome("comments", "suffix\twrote\nsuffix\ta écrit\n", "t").unwrap();
        let m = PhraseMatcher::new(&p);
        assert_eq!(m.find("tom_k wrote:", 2).map(|h| h.kind), Some(MatchKind::Suffix));
        assert_eq!(m.find("Jean Dupont a écrit :", 4).unwrap().category, "comments");
        assert!(m.find("wrote", 1).is_none());
        assert!(m.find("Nobody remembers what the young poet in the attic wrote", 10).is_none());
        // Six words at most, counted as words: Hangul syllables are half units each.
        let k = PhraseMatcher::new(&parse_chrome("meta", "suffix\t기자\n", "t").unwrap());
        assert_eq!(k.find("연합뉴스 홍길동 기자", 7).map(|h| h.category), Some("meta"));
    }

    #[test]
    fn comment_counters_match_after_their_number() {
        let mut p = parse_chrome("comments", "prefix\tcomments on “\n", "t").unwrap();
        p.extend(parse_chrome("meta", "prefix\tby\n", "t").unwrap());
        let m = PhraseMatcher::new(&p);
        assert_eq!(m.find("59 Comments on “The Best Films of the Year”", 9).unwrap().category, "comments");
        assert!(m.find("2 by 4 lumber costs more this year", 7).is_none());
        assert!(m.find("59 comments were sent to the council", 7).is_none());
    }

    #[test]
    fn long_cjk_entries_need_no_boundary_but_korean_ones_do() {
        let p = parse_chrome("copyright", "contains\t无断转载禁止\ncontains\t무단 재배포 금지\n", "t").unwrap();
        let m = PhraseMatcher::new(&p);
        assert!(m.find("本文版权归作者所有无断转载禁止违者必究", 10).is_some());
        // Korean is spaced and glues its particles on: "금지를" is a word of a sentence.
        assert!(m.find("법원은 해당 언론사에 기사 무단 재배포 금지를 명령했다.", 7).is_none());
        assert!(m.find("무단 재배포 금지", 3).is_some());
    }

    #[test]
    fn full_width_stops_split_sentences_after_their_closing_quotes() {
        let s: Vec<&str> = sentences("彼は「行く。」と言った。次の文。").collect();
        assert_eq!(s, vec!["彼は「行く。」", "と言った。", "次の文。"]);
    }

    #[test]
    fn contained_phrases() {
        let m = matcher();
        let hit = m.find("A military parade in Almaty. Picture credit: Flickr", 8).unwrap();
        assert_eq!((hit.category, hit.kind), ("caption", MatchKind::Contains));
    }

    #[test]
    fn long_paragraphs_of_boilerplate_sentences() {
        let mut p = parse_chrome("cookie", "contains\twe use cookies\ncontains\tcookie settings\n", "t").unwrap();
        p.extend(parse_chrome("share", "line\tshare this\n", "t").unwrap());
        let m = PhraseMatcher::new(&p);
        let cats = m.category_filter(&["cookie", "share"]);
        let notice = "We use cookies to remember your choices and to count visits to each page of the site. \
            You can change this at any time from the cookie settings link at the foot of every page. \
            Thank you for reading.";
        assert_eq!(m.find_sentences(notice, &cats, 0.5), Some("cookie"));
        let prose = "The bakery on the corner has sold the same rye loaf for forty years, and the owner still \
            rises at four to feed the starter. We use cookies, she joked, only on Sundays. \
            Regulars queue around the block before the doors open, and the loaves are gone by nine.";
        assert_eq!(m.find_sentences(prose, &cats, 0.5), None);
        // A sentence equal to a whole-line label is not chrome inside a paragraph.
        assert_eq!(m.find_sentences("Share this. It matters.", &cats, 0.5), None);
    }
}
