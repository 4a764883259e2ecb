//! chars: remove invisible junk characters: soft hyphens, zero-width space / word joiner /
//! BOM, deprecated format controls, object-replacement marks and stray C0/C1 controls (meant
//! to run after mojibake repair, which turns meaningful C1s into punctuation first).
//! Takes any `&str`; returns None when nothing was removed. Keeps \t \n \r \x0c, ZWNJ/ZWJ
//! (U+200C/U+200D, needed by Persian, Indic scripts and emoji sequences) and U+FFFD.

/// True for characters that carry no text and only get in the way of matching and dedup.
#[inline]
fn is_junk(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' | '\u{0C}' => false,
        // C0 and DEL; C1 controls left after mojibake repair are the five bytes
        // windows-1252 never defined, i.e. lost information, not text.
        '\0'..='\u{1F}' | '\u{7F}' | '\u{80}'..='\u{9F}' => true,
        // Soft hyphen (a hyphenation hint), zero-width space, word joiner, BOM / ZWNBSP.
        '\u{AD}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}' => true,
        // Deprecated format characters (symmetric swapping, digit shapes).
        '\u{206A}'..='\u{206F}' => true,
        // Interlinear annotation marks and the object replacement character.
        '\u{FFF9}'..='\u{FFFC}' => true,
        _ => false,
    }
}

/// Bytes that can start (or be) a junk character: C0/DEL, and the lead bytes of U+0080..U+00BF
/// (0xC2), U+2000..U+203F/U+2040..U+207F (0xE2) and U+F000..U+FFFF (0xEF). Every other byte
/// starts a character that `is_junk` rejects, so the scan never decodes it.
const fn interesting() -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = !matches!(b, 0x09 | 0x0A | 0x0D | 0x0C);
        b += 1;
    }
    t[0x7F] = true;
    t[0xC2] = true;
    t[0xE2] = true;
    t[0xEF] = true;
    t
}
static INTERESTING: [bool; 256] = interesting();

/// Byte offset of the first junk character, scanning bytes without decoding clean text.
fn first_junk(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Eight bytes of printable ASCII at once: none of them is interesting.
        i = crate::ascii::skip_printable(b, i);
        let Some(&x) = b.get(i) else { break };
        if INTERESTING[x as usize] {
            // `i` is a char boundary: only lead or ASCII bytes are marked interesting.
            let c = text[i..].chars().next()?;
            if is_junk(c) {
                return Some(i);
            }
            i += c.len_utf8();
        } else {
            i += 1;
        }
    }
    None
}

/// `text` without invisible junk characters, or None when it has none.
pub fn fix(text: &str) -> Option<String> {
    let start = first_junk(text)?;
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..start]);
    out.extend(text[start..].chars().filter(|&c| !is_junk(c)));
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn removes_junk() {
        assert_eq!(
            fix("hy\u{AD}phen\u{AD}ation").as_deref(),
            Some("hyphenation")
        );
        assert_eq!(fix("\u{FEFF}Title").as_deref(), Some("Title"));
        assert_eq!(
            fix("zero\u{200B}width\u{2060}join").as_deref(),
            Some("zerowidthjoin")
        );
        assert_eq!(
            fix("bell\u{7}\u{1A} and \u{81}\u{9D}del\u{7F}").as_deref(),
            Some("bell and del")
        );
        assert_eq!(fix("image\u{FFFC} here").as_deref(), Some("image here"));
    }

    #[test]
    fn keeps_meaningful_characters() {
        for s in [
            "tab\tnewline\ncr\r\nform\u{0C}feed",
            "می\u{200C}خواهم",        // Persian ZWNJ
            "👨\u{200D}👩\u{200D}👧", // emoji ZWJ sequence
            "lost byte \u{FFFD} stays",
            "naïve café — “quotes” … ½ € ™",
            "नमस्ते ﷺ ￥ ｆｕｌｌ",
            "",
        ] {
            assert_eq!(fix(s), None, "{s:?}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn clean_text_is_untouched(s in "[\\PC&&[^\u{AD}\u{200B}\u{2060}\u{FEFF}\u{206A}-\u{206F}\u{FFF9}-\u{FFFC}]]{0,80}") {
            prop_assert_eq!(fix(&s), None);
        }

        #[test]
        fn output_has_no_junk_and_keeps_the_rest(s in "\\PC{0,40}", junk in "[\u{AD}\u{200B}\u{FEFF}\u{1}\u{90}]{1,4}") {
            let mixed = format!("{junk}{s}{junk}");
            let out = fix(&mixed).unwrap();
            prop_assert!(!out.chars().any(is_junk));
            let expect: String = s.chars().filter(|&c| !is_junk(c)).collect();
            prop_assert_eq!(out, expect);
        }
    }
}
