//! meta: recognises date lines and bylines, so they become the `published` and `author`
//! columns instead of being deleted.

// FxHash: the month set is probed per token of short lines (see `Lexicon::months`).
use rustc_hash::FxHashSet as HashSet;

use super::features::is_cjk;
use super::phrases::boundary_after;

/// True when the line is a date line: short, with a recognisable date (a month or weekday name
/// next to a number, or a numeric date such as 2022-04-27 or 27/04/2022) and little else.
pub fn is_date_line(text: &str, months: &HashSet<String>) -> bool {
    // Most lines are too long: the 13th token rules them out before anything else is read
    // (the bytes of long prose lines are most of the input). Every date shape below needs a
    // digit; most short lines have none.
    let mut toks = [""; 12];
    let Some(tokens) = first_tokens(text, &mut toks) else { return false };
    if tokens.is_empty() || !has_digit(text) {
        return false;
    }
    let mut date_tokens = 0;
    let mut has_number = false;
    let mut has_month = false;
    let mut numeric_date = false;
    let mut cjk_signs = 0u8;
    let mut buf = String::new();
    // Day and year figures; a time of day dates nothing ("Monday 8:00 am" and "Friday, 8am"
    // are opening hours), nor does a figure followed by "am"/"pm".
    let mut figures = 0u32;
    let mut last_was_figure = false;
    for t in tokens {
        let bare = bare_lower(t, &mut buf);
        if bare.is_empty() {
            date_tokens += 1;
            continue;
        }
        if is_ampm(bare) {
            if last_was_figure {
                figures -= 1;
                date_tokens += 1;
            }
            last_was_figure = false;
            continue;
        }
        last_was_figure = false;
        if is_month(bare, months) {
            has_month = true;
            date_tokens += 1;
        } else if let Some(signs) = cjk_date(bare.rsplit('：').next().unwrap_or(bare)) {
            // 2024年3月5日, 3月5日, 2024년 3월 5일, 10時30分: figures with their unit signs (after
            // a label such as "更新：").
            cjk_signs |= signs;
            has_number = true;
            date_tokens += 1;
        } else if bare.chars().count() == 1 && CJK_WEEKDAYS.contains(bare.chars().next().unwrap_or(' ')) {
            // (火), (水): the weekday of a Japanese or Chinese date.
            date_tokens += 1;
        } else if let Some(f) = figure(bare) {
            numeric_date |= f == Figure::NumericDate;
            if f != Figure::Time && !bare.ends_with("am") && !bare.ends_with("pm") {
                figures += 1;
                last_was_figure = true;
            }
            date_tokens += 1;
        }
    }
    has_number |= figures > 0;
    let other = tokens.len() - date_tokens;
    // A month with a day or a year, in CJK signs, is a date on its own; with more than two other
    // words it is a sentence that opens with the date ("2024년 3월 5일 서울시 새 정책 발표했다.").
    numeric_date |= cjk_signs & CJK_MONTH != 0 && cjk_signs & (CJK_DAY | CJK_YEAR) != 0 && other <= 2;
    ((has_month && has_number) || numeric_date) && other <= 4
}

/// The date inside a longer line ("Posted on June 29, 2020 by Jane", "By Jane Doe, 2024-03-05
/// 10:30"): from the first token that starts a date (a month name with a figure after it, a
/// numeric or CJK date) through its year, then a time and its "am"/"pm". None when there is none.
pub fn date_in<'a>(text: &'a str, months: &HashSet<String>) -> Option<&'a str> {
    if !has_digit(text) {
        return None;
    }
    let tokens: Vec<(usize, &str)> = text.split_whitespace().map(|t| (t.as_ptr() as usize - text.as_ptr() as usize, t)).collect();
    // Each token read once: is it a month name, and what figure of a date is it.
    let mut buf = String::new();
    // Per token: a month name; its figure; a year ("2024") or whole date; "am"/"pm".
    let read: Vec<(bool, Option<Figure>, bool, bool)> = tokens
        .iter()
        .map(|&(_, t)| {
            let b = bare_lower(t, &mut buf);
            let f = figure(b);
            let full = matches!(f, Some(Figure::NumericDate)) || (matches!(f, Some(Figure::Number)) && b.len() == 4);
            (is_month(b, months), f, full, is_ampm(b))
        })
        .collect();
    let month = |k: usize| read[k].0;
    let is_figure = |k: usize| read[k].1.is_some();
    let starts = |k: usize| match read[k].1 {
        Some(Figure::NumericDate) => true,
        Some(Figure::Cjk(s)) => s & CJK_MONTH != 0,
        // "June 29, 2020", "29 June 2020", "Sat 29 June": a month with a figure beside it.
        _ => month(k) && ((k + 1 < read.len() && is_figure(k + 1)) || (k > 0 && is_figure(k - 1))),
    };
    let mut first = (0..tokens.len()).find(|&k| starts(k))?;
    // "29 June 2020": the day before the month belongs to the date.
    if first > 0 && month(first) && is_figure(first - 1) {
        first -= 1;
    }
    // The date runs on through figures and month names until it has its year (or is a whole
    // numeric date); after that only a time and its "pm" belong to it, not a count ("December
    // 9, 2024 0 Comments") or a reading time ("June 11, 2025 5 min").
    let mut last = first;
    let mut complete = read[first].2;
    let mut timed = false;
    while last + 1 < tokens.len() {
        let (m, f, full, ampm) = read[last + 1];
        let time = matches!(f, Some(Figure::Time));
        // "27 April, 2022 - 16:25", "June 3, 2024 at 6:26 pm": a separator, then the time.
        let joiner = matches!(tokens[last + 1].1, "-" | "–" | "|" | "·" | "@" | "at" | "à" | "um");
        if complete && !timed && joiner && read.get(last + 2).is_some_and(|r| matches!(r.1, Some(Figure::Time))) {
            last += 1;
            continue;
        }
        if time || (timed && ampm) || (!complete && (f.is_some() || m)) {
            complete |= full;
            timed |= time;
            last += 1;
        } else {
            break;
        }
    }
    let (start, end) = (tokens[first].0, tokens[last].0 + tokens[last].1.len());
    Some(text[start..end].trim_end_matches([',', ';', '|', '-', '·']).trim_end())
}

/// What a date line gives the `published` column: the date in it ([`date_in`]) without the
/// words around it ("Updated", "Friday,", "0 Comments"), unless a figure comes before that date
/// ("2024 m. kovo 15 d.", "2024. gada 15. martā": the year first), where the line is the date.
pub fn published_of<'a>(text: &'a str, months: &HashSet<String>) -> &'a str {
    match date_in(text, months) {
        Some(d) if !has_digit(&text[..d.as_ptr() as usize - text.as_ptr() as usize]) => d,
        _ => text,
    }
}

/// True when the line is a relative date ("3 days ago", "vor 2 Stunden", "il y a 5 jours",
/// "2h ago"): a number, a time unit and an "ago" word, with at most one other word (a verb such
/// as "posted" or "updated").
pub fn is_relative_date(text: &str, rel: &crate::lexicon::meta_words::Relative) -> bool {
    // Most lines are too long (their 7th token rules them out); the number must be written in
    // digits, and most short lines have none.
    if rel.ago.is_empty() {
        return false;
    }
    let mut toks = [""; 6];
    let Some(tokens) = first_tokens(text, &mut toks) else { return false };
    // One token can be a whole relative date when it is glued ("3日前").
    if tokens.is_empty() || !has_digit(text) {
        return false;
    }
    let (mut number, mut unit, mut ago, mut other) = (false, false, false, 0);
    let mut buf = String::new();
    for t in tokens {
        let bare = bare_lower(t, &mut buf);
        if bare.is_empty() {
            continue;
        }
        let digits = bare.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits == bare.len() {
            number = true;
        } else if digits > 0 && rel.units.contains(&bare[digits..]) {
            // "3d", "2h", "5min"
            number = true;
            unit = true;
        } else if digits > 0 && bare.chars().any(is_cjk) && glued_unit_ago(&bare[digits..], rel) {
            // "3日前", "5分钟前": Chinese and Japanese write number, unit and "ago" as one word.
            number = true;
            unit = true;
            ago = true;
        } else if rel.units.contains(bare) && !(number && unit) {
            unit = true;
        } else if rel.ago.contains(bare) {
            ago = true;
        } else if bare.chars().any(is_cjk) && glued_unit_ago(bare, rel) {
            // "3 วันที่แล้ว": Thai writes the unit and "ago" as one word.
            unit = true;
            ago = true;
        } else {
            other += 1;
        }
    }
    number && unit && ago && other <= 1
}

/// A token trimmed of punctuation and lowercased into `buf`, as the date readers compare it.
fn bare_lower<'a>(token: &str, buf: &'a mut String) -> &'a str {
    crate::lexicon::lowercase_into(token.trim_matches(|c: char| !crate::lexicon::is_letter_or_digit(c)), buf);
    if !buf.is_ascii() && buf.chars().any(|c| ascii_digit(c).is_some()) {
        // "١٥", "۱۵", "१५", "１５": the digits of other scripts read as 0-9.
        let mapped: String = buf.chars().map(|c| ascii_digit(c).unwrap_or(c)).collect();
        *buf = mapped;
    }
    buf
}

/// The ASCII digit for a decimal digit of another script (Arabic-Indic, Persian, Devanagari,
/// Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, Thai, Lao, Tibetan,
/// Myanmar, Khmer, full-width), which dates on pages in those scripts are often written in.
fn ascii_digit(c: char) -> Option<char> {
    const ZEROS: [u32; 17] =
        [0x660, 0x6F0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xE50, 0xED0, 0xF20, 0x1040, 0x17E0, 0xFF10];
    let u = c as u32;
    if u < 0x660 {
        return None;
    }
    ZEROS.iter().find(|&&z| (z..z + 10).contains(&u)).and_then(|&z| char::from_digit(u - z, 10))
}

/// Whether the text holds a digit, in ASCII or in another script.
fn has_digit(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit()) || (!text.is_ascii() && text.chars().any(|c| ascii_digit(c).is_some()))
}

/// Whether a bare token is a month or weekday name ("june", "jan.").
fn is_month(bare: &str, months: &HashSet<String>) -> bool {
    months.contains(bare) || months.contains(bare.trim_end_matches('.'))
}

/// What figure of a date a bare token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Figure {
    /// Digits only: a day or a year.
    Number,
    /// 2022-04-27, 27/04/2022.
    NumericDate,
    /// 16:25.
    Time,
    /// Figures with CJK date signs ("2024年3月5日", "3월"): which signs ([`cjk_date`]).
    Cjk(u8),
    /// A short figure with letters: 1st, 27th, 16h25.
    Ordinal,
}

/// The figure a bare token is, or None for a word.
fn figure(bare: &str) -> Option<Figure> {
    if bare.is_empty() {
        return None;
    }
    // Only CJK signs and a short figure with letters can both fit a token ("3月"): the signs
    // come first.
    if bare.chars().all(|c| c.is_ascii_digit()) {
        Some(Figure::Number)
    } else if is_numeric_date(bare) {
        Some(Figure::NumericDate)
    } else if is_time(bare) {
        Some(Figure::Time)
    } else if let Some(signs) = cjk_date(bare) {
        Some(Figure::Cjk(signs))
    } else if bare.len() <= 4 && bare.starts_with(|c: char| c.is_ascii_digit()) {
        Some(Figure::Ordinal)
    } else {
        None
    }
}

/// Single-character weekdays written after Japanese and Chinese dates ("3月5日(火)").
const CJK_WEEKDAYS: &str = "月火水木金土日一二三四五六";

const CJK_YEAR: u8 = 1;
const CJK_MONTH: u8 = 2;
const CJK_DAY: u8 = 4;

/// A token of figures each followed by a CJK date or time sign ("2024年3月5日", "3월", "10時30分"):
/// which of year, month and day signs it holds (0 for a time), or None when it is not such a
/// token.
fn cjk_date(s: &str) -> Option<u8> {
    // Every sign is a CJK character: an ASCII token (most) is no such figure.
    if s.is_ascii() {
        return None;
    }
    // "3月5日(火)": the weekday in brackets is part of the date.
    let s = match s.find(['(', '（']) {
        Some(b) if s[b..].chars().nth(1).is_some_and(|w| CJK_WEEKDAYS.contains(w)) && s[b..].chars().count() <= 3 => &s[..b],
        _ => s,
    };
    let (mut digits, mut parts, mut signs) = (0usize, 0usize, 0u8);
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            continue;
        }
        if digits == 0 {
            return None;
        }
        signs |= match c {
            '年' | '년' => CJK_YEAR,
            '月' | '월' => CJK_MONTH,
            '日' | '号' | '일' => CJK_DAY,
            '時' | '时' | '시' | '点' | '分' | '분' | '秒' | '초' => 0,
            _ => return None,
        };
        digits = 0;
        parts += 1;
    }
    (digits == 0 && parts > 0).then_some(signs)
}

/// Whether `rest` is a time unit followed by an "ago" word, with no space between them.
fn glued_unit_ago(rest: &str, rel: &crate::lexicon::meta_words::Relative) -> bool {
    rel.ago.iter().any(|a| rest.len() > a.len() && rest.ends_with(a.as_str()) && rel.units.contains(&rest[..rest.len() - a.len()]))
}

/// The whitespace-separated tokens of `text` (as `split_whitespace` has them) in `buf`, or None
/// when it has more than fit: no allocation, and a long line is read only up to the token that
/// does not fit. A byte loop that decodes only non-ASCII characters: every line that reaches
/// the date checks is split, twice.
fn first_tokens<'a, const N: usize>(text: &'a str, buf: &'a mut [&'a str; N]) -> Option<&'a [&'a str]> {
    let b = text.as_bytes();
    // ASCII whitespace is at most a space: most bytes are ruled out by one compare.
    let space = |x: u8| x <= b' ' && matches!(x, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r');
    // The character at `i` (not ASCII) and whether it is whitespace.
    let wide = |i: usize| {
        let c = text[i..].chars().next().unwrap_or(' ');
        (c.len_utf8(), c.is_whitespace())
    };
    let (mut n, mut i) = (0, 0);
    loop {
        while let Some(&x) = b.get(i) {
            if x < 0x80 {
                if !space(x) {
                    break;
                }
                i += 1;
            } else {
                let (len, ws) = wide(i);
                if !ws {
                    break;
                }
                i += len;
            }
        }
        if i >= b.len() {
            return Some(&buf[..n]);
        }
        let start = i;
        loop {
            // The token's ASCII bytes up to whitespace or another character.
            i += b[i..].iter().position(|&x| x >= 0x80 || space(x)).unwrap_or(b.len() - i);
            if i >= b.len() || b[i] < 0x80 {
                break;
            }
            let (len, ws) = wide(i);
            if ws {
                break;
            }
            i += len;
        }
        *buf.get_mut(n)? = &text[start..i];
        n += 1;
    }
}

/// "am", "pm" and their dotted forms, as a bare token (trimmed of punctuation, lowercase).
fn is_ampm(bare: &str) -> bool {
    matches!(bare, "am" | "pm" | "a.m" | "p.m")
}

fn is_numeric_date(s: &str) -> bool {
    // Year-month-day or day-month-year (either order of day and month); phone numbers and
    // version strings fail the ranges. Three parts, split without a `Vec`: every token of a
    // short line with a digit that is no month name is asked (callgrind, 2 MB sample: the
    // allocations were most of `figure`'s 4.0 M instructions).
    let mut split = s.split(['-', '/', '.']);
    let (Some(a), Some(b), Some(c), None) = (split.next(), split.next(), split.next(), split.next()) else {
        return false;
    };
    let parts = [a, b, c];
    if parts.iter().any(|p| p.is_empty() || !p.bytes().all(|c| c.is_ascii_digit())) {
        return false;
    }
    let n = parts.map(|p| p.parse::<u32>().unwrap_or(9999));
    let day_month = |a: u32, b: u32| (1..=31).contains(&a) && (1..=12).contains(&b) || (1..=12).contains(&a) && (1..=31).contains(&b);
    let year = |p: &str, v: u32| (p.len() == 4 && (1900..=2100).contains(&v)) || p.len() == 2;
    (parts[0].len() == 4 && year(parts[0], n[0]) && parts[1].len() <= 2 && parts[2].len() <= 2 && day_month(n[2], n[1]))
        || (parts[2].len() >= 2 && year(parts[2], n[2]) && parts[0].len() <= 2 && parts[1].len() <= 2 && day_month(n[0], n[1]))
}

fn is_time(s: &str) -> bool {
    // Two parts or more: at least one ':'.
    s.contains(':') && s.split(':').all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|c| c.is_ascii_digit()))
}

/// The byline words of the meta lexicon, for reading an author's name off a byline.
pub struct Bylines {
    /// `prefix` entries, lowercase, longest first ("written by", "by", "作者：").
    prefixes: Vec<String>,
    /// For each first byte, the positions in `prefixes` of the entries that start with it, in
    /// `prefixes` order: a line is compared with the few entries it can start with, not all
    /// ~750 (a scan of all of them was 26 k instructions per byline, callgrind 2 MB sample).
    by_first_byte: Vec<Vec<u32>>,
    /// The prefixes without their trailing colons ("written by"), for a line that is one.
    bare_prefixes: HashSet<String>,
    /// Every word of every prefix ("written", "by", "published:").
    prefix_words: HashSet<String>,
    /// `suffix` entries, folded ("기자").
    suffixes: Vec<String>,
    /// The first words of the prefixes longer than three characters ("published:", "updated"):
    /// a name word is checked against those prefixes only when it is one of these.
    field_starts: HashSet<String>,
}

impl Bylines {
    pub fn new(mut prefixes: Vec<String>, suffixes: Vec<String>) -> Bylines {
        prefixes.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
        prefixes.dedup();
        let field_starts = prefixes
            .iter()
            .filter(|p| p.chars().count() > 3)
            .filter_map(|p| p.split_whitespace().next().map(str::to_string))
            .collect();
        let mut by_first_byte = vec![Vec::new(); 256];
        for (i, p) in prefixes.iter().enumerate() {
            match p.as_bytes().first() {
                Some(&b) => by_first_byte[b as usize].push(i as u32),
                // An empty entry starts every line.
                None => by_first_byte.iter_mut().for_each(|v| v.push(i as u32)),
            }
        }
        let bare_prefixes = prefixes.iter().map(|p| p.trim_end_matches([':', '：']).to_string()).collect();
        let prefix_words = prefixes.iter().flat_map(|p| p.split_whitespace()).map(str::to_string).collect();
        Bylines { prefixes, by_first_byte, bare_prefixes, prefix_words, suffixes, field_starts }
    }

    /// The prefixes that `lower` can start with, in order: those that share its first byte.
    /// (An empty line can only start with an empty entry, which every list holds.)
    fn candidates(&self, lower: &str) -> impl Iterator<Item = &String> {
        let first = lower.as_bytes().first().copied().unwrap_or(0);
        self.by_first_byte[first as usize].iter().map(|&i| &self.prefixes[i as usize])
    }

    /// The author's name: after a prefix ([`author_from_byline`]), else before a suffix
    /// ([`author_before_suffix`]).
    pub fn author(&self, text: &str, months: &HashSet<String>) -> Option<String> {
        author_from_byline(text, self, months).or_else(|| author_before_suffix(text, &self.suffixes))
    }
}

impl Bylines {
    /// The author named on a date line, when the byline and the date share a line the other
    /// way round: the date first and a byline after it ("Published August 7, 2023 by Nicole
    /// Burke"), or a bare name before the date ("Tom Talbot October 14, 2025"). A bare name is
    /// two to four capitalised words that are neither month or weekday names nor a field word
    /// ("Published", "Posted on"); one word alone could as well be a place ("London, 3 May").
    pub fn author_of_date_line(&self, text: &str, months: &HashSet<String>) -> Option<String> {
        let date = date_in(text, months)?;
        let at = date.as_ptr() as usize - text.as_ptr() as usize;
        let after = text[at + date.len()..].trim_start_matches([',', ';', '|', '-', '·', '–', '—', ' ']);
        if let Some(a) = author_from_byline(after, self, months) {
            return Some(a);
        }
        let before: Vec<&str> = text[..at].split_whitespace().collect();
        // Field words at the end of what comes before ("Tom Talbot Published 10:19am ...").
        let mut end = before.len();
        while end > 0 && self.prefix_words.contains(&before[end - 1].to_lowercase()) {
            end -= 1;
        }
        let name = &before[..end];
        is_name(name, months).then(|| name.join(" "))
    }
}

impl Bylines {
    /// Whether the line is a byline prefix and nothing else ("By", "Written by:"): the name is
    /// on the next line.
    pub fn is_bare_prefix(&self, text: &str) -> bool {
        let t = text.trim().trim_end_matches([':', '：']).trim_end().to_lowercase();
        !t.is_empty() && self.bare_prefixes.contains(&t)
    }
}

/// Whether words read as a person's name: two to four capitalised words ("Tom Talbot",
/// "Mary-Ann O’Neill") that are not month or weekday names.
pub fn is_name(words: &[&str], months: &HashSet<String>) -> bool {
    let name_word = |t: &&str| {
        let mut cs = t.chars();
        cs.next().is_some_and(char::is_uppercase)
            && cs.clone().any(char::is_lowercase)
            && cs.all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
            && !months.contains(&t.trim_end_matches('.').to_lowercase())
    };
    (2..=4).contains(&words.len()) && words.iter().all(name_word)
}

/// The author's name from a byline that matched a `meta` prefix ("By Jane Doe | April 2"):
/// the longest prefix that the line starts with removed, and the name ends at a separator, a
/// figure, a month name before a figure or another prefix ("By Jane Doe Published: Jan 29").
/// None when the line opens with no prefix (a "5 min read" line) or no name is left ("Posted
/// on March 3").
fn author_from_byline(text: &str, bylines: &Bylines, months: &HashSet<String>) -> Option<String> {
    let text = text.trim();
    let lower = text.to_lowercase();
    let p = bylines.candidates(&lower).find(|p| lower.starts_with(p.as_str()) && boundary_after(&lower, p.len()))?;
    // Lowercasing keeps the number of characters in all but a few letters (İ), so the prefix's
    // length in characters is its length in the line.
    let cut = text.char_indices().nth(p.chars().count()).map_or(text.len(), |(c, _)| c);
    let rest = text[cut..].trim_start_matches([':', '：', ' ', '-', '\u{a0}']).trim_start();
    let rest = &rest[..rest.find(['|', '•', '·', '—', '–', '/', '(']).unwrap_or(rest.len())];
    let mut end = 0;
    let toks: Vec<(usize, &str)> = rest.split_whitespace().map(|t| (t.as_ptr() as usize - rest.as_ptr() as usize, t)).collect();
    let is_month = |t: &str| months.contains(&t.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase());
    let mut lower_tok = String::new();
    for (k, &(at, tok)) in toks.iter().enumerate() {
        // Another field ("Published:", "Updated on") starts with one of the prefixes' first words.
        lower_tok.clear();
        lower_tok.extend(tok.chars().flat_map(char::to_lowercase));
        let field = bylines.field_starts.contains(&lower_tok) && {
            let tail = rest[at..].to_lowercase();
            bylines.candidates(&tail).any(|q| q.chars().count() > 3 && tail.starts_with(q.as_str()))
        };
        // A month starts the date only right before a figure or another month name ("April 25",
        // "Sat June 29"): "By May Chen, June 3" is by May Chen.
        let date_next = toks.get(k + 1).is_some_and(|&(_, t)| t.starts_with(|c: char| c.is_ascii_digit() || ascii_digit(c).is_some()) || is_month(t));
        if has_digit(tok)
            || (is_month(tok) && date_next)
            || field
        {
            break;
        }
        end = at + tok.len();
    }
    let name = rest[..end].trim().trim_end_matches([',', ';', ':', '-']).trim();
    let words = name.split_whitespace().count();
    // "By subscribing, you agree to our Privacy Policy", "By business type": a clause or a
    // facet, not a name. A lowercase handle of one word ("by jsteinhardt") is a user's name;
    // scripts without case have no lowercase letters and are not affected.
    let clause = words > 1 && name.starts_with(char::is_lowercase);
    (!name.is_empty() && words <= 8 && !clause).then(|| name.to_string())
}

/// The name of a byline that ends with one of `suffixes` (folded, "기자"): "홍길동 기자" gives
/// "홍길동". None when the line does not end so or nothing is left before it.
fn author_before_suffix(text: &str, suffixes: &[String]) -> Option<String> {
    let folded = crate::lexicon::fold_line(text);
    let s = suffixes.iter().find(|s| folded.len() > s.len() && folded.ends_with(s.as_str()) && folded[..folded.len() - s.len()].ends_with(' '))?;
    // Tokens with a letter, as the folded line has them ("홍길동 기자 =" ends with the suffix too).
    let tokens: Vec<&str> = text.split_whitespace().filter(|t| t.chars().any(char::is_alphabetic)).collect();
    let keep = tokens.len().checked_sub(s.split(' ').count())?;
    // A dateline in brackets before the name ("[서울=연합뉴스] 홍길동 기자") is not part of it.
    let from = tokens[..keep].iter().rposition(|t| t.ends_with([']', ')', '）', '】', '>'])).map_or(0, |p| p + 1);
    let name = tokens[from..keep].join(" ");
    let name = name.trim_matches(|c: char| !c.is_alphanumeric());
    (!name.is_empty() && keep - from <= 8).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { failure_persistence: None, ..Default::default() })]
        #[test]
        fn first_tokens_are_split_whitespace(s in "[a1 .\t\u{a0}\u{2028}\u{85}\u{b}é漢]{0,30}") {
            let want: Vec<&str> = s.split_whitespace().collect();
            let mut buf = [""; 6];
            let got = first_tokens(&s, &mut buf).map(|t| t.to_vec());
            proptest::prop_assert_eq!(got, (want.len() <= 6).then_some(want));
        }
    }

    #[test]
    fn relative_dates() {
        let lex = crate::lexicon::Lexicon::builtin();
        let r = |t: &str| is_relative_date(t, &lex.relative);
        assert!(r("1 year ago"));
        assert!(r("Posted 3 days ago"));
        assert!(r("2h ago"));
        assert!(r("vor 2 Stunden"));
        assert!(r("il y a 5 jours"));
        assert!(r("hace 3 días"));
        assert!(!r("3 days"));
        assert!(!r("Five years ago the town had no library at all"));
        assert!(!r("Ago"));
    }

    fn months() -> HashSet<String> {
        ["april", "june", "friday", "sat", "wednesday", "march", "mars", "monday", "august", "september", "october", "december"].iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn date_lines() {
        let m = months();
        assert!(is_date_line("Wednesday, 27 April, 2022 - 16:25", &m));
        assert!(is_date_line("Published 2022-04-27", &m));
        assert!(is_date_line("27/04/2022", &m));
        assert!(!is_date_line("On Tuesday (1 March), Kazakhstan became the first country to speak.", &m));
        assert!(!is_date_line("April", &m));
        assert!(!is_date_line("Call 800-970-7516", &m));
        assert!(!is_date_line("Version 1.10.3", &m));
        // Opening hours: a weekday and a time of day date nothing.
        assert!(!is_date_line("Monday 8:00 am", &m));
        assert!(!is_date_line("Friday, 8am", &m));
        assert!(!is_date_line("8 AM to 8 PM \u{2014} Monday - Friday", &m));
        assert!(is_date_line("June 3, 2024 at 6:26 pm", &m));
        assert!(is_date_line("Sat 29 June 8 pm", &m));
    }

    #[test]
    fn dates_in_the_digits_of_other_scripts() {
        let m: HashSet<String> = ["مارس", "मार्च", "march"].iter().map(|s| s.to_string()).collect();
        for d in ["١٥ مارس ٢٠٢٤", "۱۵ مارس ۲۰۲۴", "१५ मार्च २०२४", "２０２４年３月１５日", "１５ March ２０２４", "۱۵/۰۳/۲۰۲۴"] {
            assert!(is_date_line(d, &m), "{d}");
        }
        assert_eq!(date_in("نشر في ١٥ مارس ٢٠٢٤", &m), Some("١٥ مارس ٢٠٢٤"));
        // A Persian figure is no more a date than a Latin one.
        assert!(!is_date_line("۱۵ نفر", &m));
    }

    #[test]
    fn dates_inside_bylines() {
        let m: HashSet<String> = ["june", "november", "jan", "march"].iter().map(|s| s.to_string()).collect();
        // The first date (published, then updated), with its time but not what follows.
        assert_eq!(date_in("Posted on June 29, 2020 November 12, 2021", &m), Some("June 29, 2020"));
        assert_eq!(date_in("June 3, 2024 39 Comments", &m), Some("June 3, 2024"));
        assert_eq!(date_in("Susan June 9, 2024 2:06 pm 0 Comments", &m), Some("June 9, 2024 2:06 pm"));
        assert_eq!(date_in("Wednesday, 27 June, 2022 - 16:25", &m), Some("27 June, 2022 - 16:25"));
        assert_eq!(date_in("By Korin Miller Published: Jan 29, 2025", &m), Some("Jan 29, 2025"));
        assert_eq!(date_in("Travel 8 March 2021 -- 5 min read", &m), Some("8 March 2021"));
        assert_eq!(date_in("By Jane Doe, 2024-03-05 10:30", &m), Some("2024-03-05 10:30"));
        assert_eq!(date_in("By Jane Doe", &m), None);
        assert_eq!(published_of("Updated June 3, 2024 39 Comments", &m), "June 3, 2024");
        assert_eq!(published_of("2024 m. june 15 d.", &m), "2024 m. june 15 d.");
        assert_eq!(date_in("Top 10 tips for March", &m), None);
    }

    #[test]
    fn cjk_date_lines() {
        let m = months();
        assert!(is_date_line("2024年3月5日 10時30分", &m));
        assert!(is_date_line("2024年3月5日(火)", &m));
        assert!(is_date_line("2024년 3월 5일", &m));
        assert!(is_date_line("更新：3月5日 10:30", &m));
        // A sentence that opens with a date is prose; a bare year or time is not a date.
        assert!(!is_date_line("2024年3月5日、東京都は新しい方針を発表した。", &m));
        assert!(!is_date_line("2024年", &m));
        assert!(!is_date_line("10時30分", &m));
        assert!(!is_date_line("2024년 3월 5일 서울시 새 정책 발표했다.", &m));
    }

    #[test]
    fn glued_relative_dates() {
        let set = |w: &[&str]| w.iter().map(|s| s.to_string()).collect();
        let rel = crate::lexicon::meta_words::Relative { units: set(&["日", "天", "分钟", "일"]), ago: set(&["前", "전"]) };
        assert!(is_relative_date("3日前", &rel));
        assert!(is_relative_date("5分钟前", &rel));
        assert!(is_relative_date("3일 전", &rel));
        let thai = crate::lexicon::meta_words::Relative { units: set(&["วัน"]), ago: set(&["ที่แล้ว"]) };
        assert!(is_relative_date("3 วันที่แล้ว", &thai));
        assert!(!is_relative_date("วันที่แล้ว", &thai));
        assert!(!is_relative_date("3日", &rel));
        assert!(!is_relative_date("前", &rel));
        // Glued forms are read only in scripts without spaces: "10 ha" is ten hectares.
        let latin = crate::lexicon::meta_words::Relative { units: set(&["h", "m"]), ago: set(&["a", "il"]) };
        assert!(!is_relative_date("10 ha", &latin));
        assert!(!is_relative_date("3 mil euros", &latin));
    }

    #[test]
    fn bylines() {
        let p: Vec<String> = ["published:", "written by", "posted by", "posted on", "作者：", "автор:", "by"].iter().map(|s| s.to_string()).collect();
        let m = months();
        let b = Bylines::new(p, vec!["기자".to_string()]);
        let a = |t: &str| b.author(t, &m);
        assert_eq!(a("By admin").as_deref(), Some("admin"));
        assert_eq!(a("By Jane Doe | April 2, 2022").as_deref(), Some("Jane Doe"));
        assert_eq!(a("Posted by Max Müller").as_deref(), Some("Max Müller"));
        assert_eq!(a("作者：张伟").as_deref(), Some("张伟"));
        assert_eq!(a("Автор: Иван Петров").as_deref(), Some("Иван Петров"));
        // The name ends where the date or the next field begins.
        assert_eq!(a("By Korin Miller Published: Jan 29, 2025").as_deref(), Some("Korin Miller"));
        assert_eq!(a("By Jill Barshay April 25, 2025").as_deref(), Some("Jill Barshay"));
        assert_eq!(a("By April Jones").as_deref(), Some("April Jones"));
        assert_eq!(a("By April Jones, March 3, 2024").as_deref(), Some("April Jones"));
        let suffixes = vec!["기자".to_string()];
        assert_eq!(author_before_suffix("홍길동 기자", &suffixes).as_deref(), Some("홍길동"));
        assert_eq!(author_before_suffix("기자", &suffixes), None);
        assert_eq!(author_before_suffix("홍길동 기자 =", &suffixes).as_deref(), Some("홍길동"));
        assert_eq!(author_before_suffix("[서울=연합뉴스] 홍길동 기자", &suffixes).as_deref(), Some("홍길동"));
        // No prefix, or nothing but a date after it: no name.
        assert_eq!(a("16 min read"), None);
        assert_eq!(a("Posted on March 3, 2024"), None);
        // A name that starts like a prefix word is not a byline.
        assert_eq!(a("Byron Katie"), None);
        // A clause or a facet after "By" is no name; a one-word handle is.
        assert_eq!(a("By subscribing, you agree to our Privacy Policy."), None);
        assert_eq!(a("By business type"), None);
        assert_eq!(a("by jsteinhardt").as_deref(), Some("jsteinhardt"));
        // Date lines that name the author.
        let d = |t: &str| b.author_of_date_line(t, &m);
        assert_eq!(d("Published: August 7, 2023 by Nicole Burke").as_deref(), Some("Nicole Burke"));
        assert_eq!(d("September 1, 2023 By Emily Norwood").as_deref(), Some("Emily Norwood"));
        assert_eq!(d("Tom Talbot October 14, 2025").as_deref(), Some("Tom Talbot"));
        assert_eq!(d("Patrick Clarke Published: 19 December 2025").as_deref(), Some("Patrick Clarke"));
        // No name: a weekday, a place, a bare date, a field word.
        assert_eq!(d("Monday October 14, 2025"), None);
        assert_eq!(d("London, October 14, 2025"), None);
        assert_eq!(d("WASHINGTON DC October 14, 2025"), None);
        assert_eq!(d("October 14, 2025"), None);
        assert_eq!(d("Posted on October 14, 2025"), None);
        assert!(b.is_bare_prefix("By") && b.is_bare_prefix("Written by:") && b.is_bare_prefix("作者："));
        assert!(!b.is_bare_prefix("By Jane Doe") && !b.is_bare_prefix(""));
    }
}
