//! normalize: splits decoded text into paragraphs and normalises each one.
//!
//! A paragraph is a non-empty line. Normalising means: odd spaces (no-break, thin, ideographic,
//! tabs) become plain spaces, runs of spaces collapse, the line is trimmed, C0 control characters
//! go, and the text is put in NFC. C1 controls stay: they are evidence for the mojibake repair.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::Paragraph;

/// The document's paragraphs, with `original` as read and `text` normalised.
pub fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    // Splitting on '\n' alone is a memchr scan; the Unicode separators are rare enough to
    // look for first rather than test every character.
    // (Searchers built once: `memmem::find` builds one per call, which costs more than
    // scanning a document.)
    static SEPS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 2]> = std::sync::LazyLock::new(|| {
        ["\u{2028}", "\u{2029}"].map(|s| memchr::memmem::Finder::new(s.as_bytes()))
    });
    let unicode_seps = SEPS.iter().any(|f| f.find(text.as_bytes()).is_some());
    let lines: Box<dyn Iterator<Item = &str>> = if unicode_seps {
        Box::new(text.split(['\n', '\u{2028}', '\u{2029}']).map(|l| l.strip_suffix('\r').unwrap_or(l)))
    } else {
        Box::new(lines(text))
    };
    for original in lines {
        let norm = normalize_line(original);
        if !norm.is_empty() {
            out.push(Paragraph::new(out.len() as u32, original.to_string(), norm));
        }
    }
    out
}

/// The lines of `text`: `text.split('\n')`, each without a trailing `'\r'`, found by memchr
/// (`str::split` and `str::lines` search with the standard library's slower byte loop).
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain(std::iter::once(text.len()));
    std::iter::from_fn(move || {
        let end = ends.next()?;
        let line = &text[start..end];
        start = end + 1;
        Some(line.strip_suffix('\r').unwrap_or(line))
    })
}

fn is_odd_space(c: char) -> bool {
    matches!(c, '\t' | '\u{0B}' | '\u{0C}' | '\r' | '\u{A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}')
}

/// True when NFC cannot change `c`: ASCII, Latin-1, Latin Extended-A/B, IPA, spacing
/// modifiers (all precomposed or non-combining), and General Punctuation from U+2002 (quotes,
/// dashes, ellipsis). Anything else goes through the full quick check.
#[inline]
fn nfc_stable(c: char) -> bool {
    matches!(c as u32, 0..=0x2FF | 0x2002..=0x206F)
}

/// Normalises one line (see the module docs).
pub fn normalize_line(line: &str) -> String {
    normalize_cow(line).into_owned()
}

/// [`normalize_line`], borrowing the line when it comes out unchanged (most lines do).
pub fn normalize_cow(line: &str) -> Cow<'_, str> {
    // One scan decides whether anything changes; most lines come out as they went in.
    let b = line.as_bytes();
    let edge_space = b.first().is_some_and(|&c| c == b' ') || b.last().is_some_and(|&c| c == b' ');
    let mut dirty = edge_space;
    let mut nfc_check = false;
    // Bytes, 8 at a time while they are plain printable ASCII, decoding only the non-ASCII
    // characters: for ASCII ones the test is the control range (the odd ASCII spaces are
    // controls), and NFC cannot change them. Two spaces in a row are looked for in the same
    // pass (a `memmem` search per line cost more, mostly in setting up its searcher).
    let mut space_before = false;
    let mut i = 0;
    while !dirty && i < b.len() {
        if let Some(w) = b.get(i..i + 8).map(|w| u64::from_le_bytes(w.try_into().unwrap()))
            && crate::ascii::printable_word(w)
        {
            let sp = crate::ascii::space_bytes(w);
            dirty = sp & (sp << 8) != 0 || (space_before && sp & 0x80 != 0);
            space_before = sp >> 63 != 0;
            i += 8;
            continue;
        }
        let x = b[i];
        if x < 0x80 {
            dirty = x < 0x20 || x == 0x7F || (x == b' ' && space_before);
            space_before = x == b' ';
            i += 1;
        } else {
            let c = line[i..].chars().next().unwrap_or(' ');
            dirty = is_odd_space(c);
            nfc_check |= !nfc_stable(c);
            space_before = false;
            i += c.len_utf8();
        }
    }
    if !dirty {
        if nfc_check && is_nfc_quick(line.chars()) != IsNormalized::Yes {
            return Cow::Owned(line.nfc().collect());
        }
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut pending_space = false;
    for c in line.chars() {
        if c == ' ' || is_odd_space(c) {
            pending_space = true;
        } else if (c as u32) < 0x20 || c == '\u{7F}' {
            continue;
        } else {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        }
    }
    if !out.chars().all(nfc_stable) && is_nfc_quick(out.chars()) != IsNormalized::Yes {
        out = out.nfc().collect();
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_paragraphs_and_blank_lines_vanish() {
        let ps = paragraphs("Title\r\n\r\n  First   line.\u{a0}\n\t\nSecond\u{2009}line.");
        let texts: Vec<&str> = ps.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["Title", "First line.", "Second line."]);
        assert_eq!(ps[1].original, "  First   line.\u{a0}");
        assert_eq!(ps[2].position, 2);
        let ps = paragraphs("One.\u{2028}Two.\u{2029}Three “quoted”.\nFour.");
        let texts: Vec<&str> = ps.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["One.", "Two.", "Three “quoted”.", "Four."]);
    }

    #[test]
    fn lines_are_split_as_str_split() {
        for t in ["", "a", "a\n", "\n\nb\r\nc\r", "x\r\r\ny\n\r", "é\n漢\r\n"] {
            let want: Vec<&str> = t.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
            assert_eq!(lines(t).collect::<Vec<_>>(), want, "{t:?}");
        }
    }

    #[test]
    fn nfc_and_controls() {
        assert_eq!(normalize_line("Cafe\u{301}\u{7} ok"), "Café ok");
        // C1 controls survive for the mojibake repair to see.
        assert_eq!(normalize_line("â\u{80}\u{99}"), "â\u{80}\u{99}");
    }


    #[test]
    fn double_spaces_anywhere_collapse() {
        for (s, want) in [
            ("abcdefg  hijklmnop", "abcdefg hijklmnop"),
            ("abcdefgh  ijklmnop", "abcdefgh ijklmnop"),
            ("abc  defghijklmnop", "abc defghijklmnop"),
            ("é abcdefghijkl  mn", "é abcdefghijkl mn"),
            ("abcdefghijklmn  op", "abcdefghijklmn op"),
            ("a b c d e f g h i j", "a b c d e f g h i j"),
        ] {
            assert_eq!(normalize_line(s), want, "{s:?}");
        }
    }

    #[test]
    fn clean_text_is_unchanged() {
        for s in ["Plain ASCII line.", "Grüße, “quotes” — and 漢字."] {
            assert_eq!(normalize_line(s), s);
        }
    }
}
