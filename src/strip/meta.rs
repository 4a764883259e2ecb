//! meta: recognises date lines and bylines, so they become the `published` and `author`
//! columns instead of being deleted.

use std::collections::HashSet;

/// True when the line is a date line: short, with a recognisable date (a month or weekday name
/// next to a number, or a numeric date such as 2022-04-27 or 27/04/2022) and little else.
pub fn is_date_line(text: &str, months: &HashSet<String>) -> bool {
    // Most lines are too long: the 13th token rules them out before anything else is read
    // (the bytes of long prose lines are most of the input). Every date shape below needs a
    // digit; most short lines have none.
    let mut toks = [""; 12];
    let Some(tokens) = first_tokens(text, &mut toks) else { return false };
    if tokens.is_empty() || !text.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let mut date_tokens = 0;
    let mut has_number = false;
    let mut has_month = false;
    let mut numeric_date = false;
    let mut buf = String::new();
    for t in tokens {
        crate::lexicon::lowercase_into(t.trim_matches(|c: char| !c.is_alphanumeric()), &mut buf);
        let bare = buf.as_str();
        if bare.is_empty() {
            date_tokens += 1;
            continue;
        }
        if months.contains(bare) || months.contains(bare.trim_end_matches('.')) {
            has_month = true;
            date_tokens += 1;
        } else if bare.chars().all(|c| c.is_ascii_digit()) {
            has_number = true;
            date_tokens += 1;
        } else if is_numeric_date(bare) || is_time(bare) {
            numeric_date |= is_numeric_date(bare);
            has_number = true;
            date_tokens += 1;
        } else if bare.len() <= 4 && bare.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            // 1st, 27th, 3rd, 16h25
            has_number = true;
            date_tokens += 1;
        }
    }
    let other = tokens.len() - date_tokens;
    ((has_month && has_number) || numeric_date) && other <= 4
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
    if tokens.len() < 2 || !text.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let (mut number, mut unit, mut ago, mut other) = (false, false, false, 0);
    let mut buf = String::new();
    for t in tokens {
        crate::lexicon::lowercase_into(t.trim_matches(|c: char| !c.is_alphanumeric()), &mut buf);
        let bare = buf.as_str();
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
        } else if rel.units.contains(bare) && !(number && unit) {
            unit = true;
        } else if rel.ago.contains(bare) {
            ago = true;
        } else {
            other += 1;
        }
    }
    number && unit && ago && other <= 1
}

/// The whitespace-separated tokens of `text` (as `split_whitespace` has them) in `buf`, or None
/// when it has more than fit: no allocation, and a long line is read only up to the token that
/// does not fit. A byte loop that decodes only non-ASCII characters: every line that reaches
/// the date checks is split, twice.
fn first_tokens<'a, const N: usize>(text: &'a str, buf: &'a mut [&'a str; N]) -> Option<&'a [&'a str]> {
    let b = text.as_bytes();
    // The length of the character at `i` and whether it is whitespace.
    let at = |i: usize| -> (usize, bool) {
        let x = b[i];
        if x < 0x80 {
            (1, matches!(x, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r'))
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c.len_utf8(), c.is_whitespace())
        }
    };
    let (mut n, mut i) = (0, 0);
    loop {
        while i < b.len() {
            let (len, space) = at(i);
            if !space {
                break;
            }
            i += len;
        }
        if i >= b.len() {
            return Some(&buf[..n]);
        }
        let start = i;
        while i < b.len() {
            let (len, space) = at(i);
            if space {
                break;
            }
            i += len;
        }
        *buf.get_mut(n)? = &text[start..i];
        n += 1;
    }
}

fn is_numeric_date(s: &str) -> bool {
    // Year-month-day or day-month-year (either order of day and month); phone numbers and
    // version strings fail the ranges.
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit())) {
        return false;
    }
    let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(9999)).collect();
    let day_month = |a: u32, b: u32| (1..=31).contains(&a) && (1..=12).contains(&b) || (1..=12).contains(&a) && (1..=31).contains(&b);
    let year = |p: &str, v: u32| (p.len() == 4 && (1900..=2100).contains(&v)) || p.len() == 2;
    (parts[0].len() == 4 && year(parts[0], n[0]) && parts[1].len() <= 2 && parts[2].len() <= 2 && day_month(n[2], n[1]))
        || (parts[2].len() >= 2 && year(parts[2], n[2]) && parts[0].len() <= 2 && parts[1].len() <= 2 && day_month(n[0], n[1]))
}

fn is_time(s: &str) -> bool {
    let parts: Vec<&str> = s.split(':').collect();
    parts.len() >= 2 && parts.iter().all(|p| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit()))
}

/// The author's name from a byline that matched a `meta` prefix ("By Jane Doe | April 2"):
/// the prefix and anything after a separator removed. None when nothing name-like is left.
pub fn author_from_byline(text: &str) -> Option<String> {
    let mut rest = text.trim();
    // Drop the leading byline words: "By", "Posted by", "Von".
    let tokens: Vec<&str> = rest.split_whitespace().collect();
    let skip = tokens.iter().position(|t| !is_prefix_word(t))?;
    let start = tokens[..skip].iter().map(|t| t.len() + 1).sum::<usize>();
    rest = rest.get(start..).unwrap_or(rest).trim();
    let cut = rest.find(['|', '•', '·', '—', '–', '\u{2014}']).unwrap_or(rest.len());
    let name = rest[..cut].trim().trim_end_matches([',', ';', ':', '-']).trim();
    (!name.is_empty() && name.split_whitespace().count() <= 8).then(|| name.to_string())
}

fn is_prefix_word(t: &str) -> bool {
    let l = t.to_lowercase();
    matches!(l.trim_end_matches(':'), "by" | "von" | "par" | "por" | "di" | "door" | "posted" | "written" | "autor" | "author" | "auteur" | "autore" | "автор" | "text" | "texte" | "publié" | "published")
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
        ["april", "wednesday", "march", "mars"].iter().map(|s| s.to_string()).collect()
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
    }

    #[test]
    fn bylines() {
        assert_eq!(author_from_byline("By admin").as_deref(), Some("admin"));
        assert_eq!(author_from_byline("By Jane Doe | April 2, 2022").as_deref(), Some("Jane Doe"));
        assert_eq!(author_from_byline("Posted by Max Müller").as_deref(), Some("Max Müller"));
    }
}
