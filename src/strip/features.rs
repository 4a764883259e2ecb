//! features: what the strip stage measures on one line of text, with no HTML to help.
//!
//! Length in words (CJK characters count as half a word each, since those scripts do not space
//! words), share of stopwords, how the line ends, separators, URLs, capitalisation.

use std::collections::HashSet;

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
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0x0E00..=0x0E7F | 0xF900..=0xFAFF)
}

/// Strips leading and trailing punctuation from a token and lowercases it into `buf`, for
/// stopword lookup (no allocation once `buf` has grown).
pub(crate) fn bare<'a>(token: &str, buf: &'a mut String) -> &'a str {
    let t = token.trim_matches(|c: char| !c.is_alphanumeric());
    buf.clear();
    for c in t.chars() {
        if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            buf.extend(c.to_lowercase());
        }
    }
    buf
}

/// Measures `text`; `stopwords` is the document language's list, if there is one.
pub fn measure(text: &str, stopwords: Option<&HashSet<String>>) -> Features {
    let mut f = Features::default();
    let mut cjk = 0u32;
    let mut buf = String::new();
    for tok in text.split_whitespace() {
        match tok {
            "|" | "»" | "›" | "•" | "·" | "/" | "«" | "‹" | ">" | "–" => {
                f.separators += 1;
                continue;
            }
            _ => {}
        }
        f.separators += tok.chars().filter(|c| matches!(c, '|' | '»' | '›' | '•')).count() as u32;
        if !tok.chars().any(char::is_alphanumeric) {
            continue;
        }
        f.words += 1;
        f.numeric += tok.chars().any(|c| c.is_ascii_digit()) as u32;
        cjk += tok.chars().filter(|&c| is_cjk(c)).count() as u32;
        if tok.contains("://") || tok.starts_with("www.") || (tok.contains('@') && tok.contains('.')) {
            f.links += 1;
        }
        if tok.chars().next().is_some_and(char::is_uppercase) {
            f.capitalised += 1;
        }
        if let Some(sw) = stopwords
            && sw.contains(bare(tok, &mut buf))
        {
            f.stopwords += 1;
        }
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

impl Features {
    /// Share of tokens that are stopwords.
    pub fn stop_density(&self) -> f32 {
        if self.words == 0 { 0.0 } else { self.stopwords as f32 / self.words as f32 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> HashSet<String> {
        ["the", "of", "and", "a", "to", "in", "is", "was", "has", "with"].iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn prose_line() {
        let f = measure("The minister said the plan was a step in the right direction.", Some(&en()));
        assert_eq!((f.words, f.stopwords, f.sentence_end, f.truncated), (12, 6, true, false));
    }

    #[test]
    fn menu_and_teaser_shapes() {
        let f = measure("Home | News | Sport » Football", Some(&en()));
        assert_eq!((f.words, f.separators), (4, 3));
        let f = measure("As health care workers prepare for a third year, many...", Some(&en()));
        assert!(f.truncated && !f.sentence_end);
        let f = measure("How much does it cost to paint a room?", Some(&en()));
        assert!(f.question && f.sentence_end);
        assert!(!measure("The room was painted in a day.", Some(&en())).question);
        assert!(measure("Copyright © 2021 - New York Globe", None).copyright);
    }

    #[test]
    fn cjk_lengths_count() {
        let f = measure("政府は木曜日、長く待たれていた教育改革を発表した。", None);
        assert!(f.units >= 10, "{f:?}");
        assert!(f.sentence_end);
    }
}
