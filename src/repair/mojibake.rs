//! mojibake: undo UTF-8 that was decoded as a legacy single-byte code page ("cafÃ©" → "café"),
//! the way ftfy does it. Takes any `&str`; `fix` returns Some(repaired) only when the text
//! looks like mojibake (by `badness`) AND re-encoding through a candidate code page yields valid
//! UTF-8 that is less bad; clean text (and anything we cannot undo) gives None, untouched.
//!
//! Method (after ftfy 6, reimplemented): a cheap scan flags unlikely character sequences
//! (`badness`); only flagged lines are worked on. For a flagged line we try, in order, Latin-1,
//! sloppy windows-1252/1251/1250/1253/1254/1257, ISO-8859-2, MacRoman, cp437 and KOI8-R: encode,
//! patch bytes that are known to get lost (0xA0 turned into a space, bytes that became U+FFFD),
//! decode as UTF-8 (or CESU-8/Java variants). If no whole-line decoding works we fix runs that
//! look like UTF-8 on their own (partial mojibake), then map C1 controls through windows-1252.
//! This repeats (bounded) so double-encoded text is unwound layer by layer.

#[path = "codepages.rs"]
mod codepages;

use codepages::Cp;
use std::sync::OnceLock;

/// Enough for triple-encoded text plus the C1 clean-up; real text never needs more.
const MAX_ROUNDS: usize = 6;

// ---------------------------------------------------------------------------------------------
// Character classes
// ---------------------------------------------------------------------------------------------

const COMMON: u32 = 1 << 0;
const C1: u32 = 1 << 1;
const BAD: u32 = 1 << 2;
const LAW: u32 = 1 << 3;
const CURRENCY: u32 = 1 << 4;
const START_P: u32 = 1 << 5;
const END_P: u32 = 1 << 6;
const NUMERIC: u32 = 1 << 7;
const KAOMOJI: u32 = 1 << 8;
const UPPER_ACC: u32 = 1 << 9;
const LOWER_ACC: u32 = 1 << 10;
const UPPER_COMMON: u32 = 1 << 11;
const LOWER_COMMON: u32 = 1 << 12;
const BOX: u32 = 1 << 13;
const WS: u32 = 1 << 14;
/// Can start some badness pattern (any class above, or one of the literal pattern heads).
const START: u32 = 1 << 15;
/// Chars that some Latin-1-like code page produces from a UTF-8 lead byte C2..DF / E0..EF / F0,F3.
const F2: u32 = 1 << 16;
const F3: u32 = 1 << 17;
const F4: u32 = 1 << 18;
/// Chars produced from a UTF-8 continuation byte 80..BF (plus the space standing in for A0).
const CONT: u32 = 1 << 19;
/// CONT without the characters that commonly stand for themselves next to mojibake
/// (space, dashes, quotes, bullet, ellipsis).
const CONT_STRICT: u32 = 1 << 20;
/// Literal head of one of the specific (non-class) patterns.
const HEAD: u32 = 1 << 21;

const ACC: u32 = UPPER_ACC | LOWER_ACC;
/// "Could be the first half of a mojibake pair" — every class but common/kaomoji/letters.
const MOJI: u32 = BAD | LOWER_ACC | UPPER_ACC | BOX | START_P | END_P | CURRENCY | NUMERIC | LAW;

// The character inventories below are ftfy's (badness.py): the ~400 characters that appear in
// UTF-8 mojibake, grouped by how surprising they are next to each other.
const S_COMMON: &str = "\u{A0}\u{AD}·´–—―…’";
const S_BAD: &str = "¦¤¨¬¯¸ƒˆˇ˘˛˜†‡‰⌐◊\u{FFFD}ªº";
const S_LAW: &str = "¶§";
const S_CURRENCY: &str = "¢£¥₧€";
const S_START_P: &str = "¡«¿©΄΅‘‚“„•‹\u{F8FF}";
const S_END_P: &str = "®»˝”›™";
const S_NUMERIC: &str = "²³¹±¼½¾×µ÷⁄∂∆∏∑√∞∩∫≈≠≡≤≥№";
const S_KAOMOJI: &str = "ŐŌŪŲ°";
const S_UPPER_ACC: &str = "ØÜÝĂĀĄĆČĎĐĘĚĒĖĞĢİĪĶĹĽŁĻŃŇŅŒŘŚŞŠŢŤŮŰŸŹŻŽҐ";
const S_LOWER_ACC: &str = "ßăąāćčďđęěēėğģįīķĺľłļœŕśşšťüźżžґﬁﬂ";
const S_UPPER_COMMON: &str = "ÞΆΈΉΊΌΎΏΪΫ";
const S_LOWER_COMMON: &str = "άέήίΰ";
const S_BOX: &str = "│┌┐┘├┤┬┼▀▄█▌▐░▒▓";
/// Literal heads of the specific patterns (see `match_at`).
const S_HEADS: &str = "×à√≈‚вГВРСØÙβāΒΓΞΟŒœÂÃÎÐ";
/// Continuation-looking chars that are common on their own, excluded from CONT_STRICT.
const S_NOT_STRICT: &str = "–—―‘’‚“”„•…";

/// Table covers U+0000..U+2600; everything relevant above that is handled in `flags`.
const TABLE_LEN: usize = 0x2600;

fn table() -> &'static [u32] {
    static T: OnceLock<Vec<u32>> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = vec![0u32; TABLE_LEN];
        let mut set = |s: &str, f: u32| {
            for c in s.chars() {
                if (c as usize) < TABLE_LEN {
                    t[c as usize] |= f;
                }
            }
        };
        set(S_COMMON, COMMON);
        set(S_BAD, BAD);
        set(S_LAW, LAW);
        set(S_CURRENCY, CURRENCY);
        set(S_START_P, START_P);
        set(S_END_P, END_P);
        set(S_NUMERIC, NUMERIC);
        set(S_KAOMOJI, KAOMOJI);
        set(S_UPPER_ACC, UPPER_ACC);
        set(S_LOWER_ACC, LOWER_ACC);
        set(S_UPPER_COMMON, UPPER_COMMON);
        set(S_LOWER_COMMON, LOWER_COMMON);
        set(S_BOX, BOX);
        set(S_HEADS, START | HEAD);
        let mut range = |lo: u32, hi: u32, f: u32| {
            for u in lo..=hi {
                t[u as usize] |= f;
            }
        };
        range(0x80, 0x9F, C1);
        range(0xD2, 0xD6, KAOMOJI); // Ò-Ö
        range(0xD9, 0xDC, KAOMOJI); // Ù-Ü
        range(0xF2, 0xF6, KAOMOJI); // ò-ö
        range(0xF8, 0xFC, KAOMOJI); // ø-ü
        range(0xC0, 0xD1, UPPER_ACC); // À-Ñ
        range(0xE0, 0xF1, LOWER_ACC); // à-ñ
        range(0x391, 0x3A9, UPPER_COMMON); // Greek capitals
        range(0x401, 0x42F, UPPER_COMMON); // Cyrillic capitals
        range(0x3B1, 0x3C9, LOWER_COMMON); // Greek small
        range(0x430, 0x45F, LOWER_COMMON); // Cyrillic small
        range(0x2550, 0x256C, BOX); // double-line box drawing
        for (u, slot) in t.iter_mut().enumerate() {
            let c = char::from_u32(u as u32).unwrap_or('\0');
            if c.is_whitespace() {
                *slot |= WS;
            }
            if *slot & !WS != 0 || (*slot & WS != 0 && u >= 0x80) {
                *slot |= START;
            }
        }
        // UTF-8 clue classes, derived from the code pages themselves.
        let pages = [
            Cp::Latin1,
            Cp::Sloppy1252,
            Cp::Sloppy1250,
            Cp::Sloppy1251,
            Cp::Sloppy1253,
            Cp::Sloppy1254,
            Cp::Sloppy1257,
        ];
        for cp in pages {
            let page = codepages::get(cp);
            for b in 0x80..=0xFFu32 {
                let c = page.decode[b as usize] as usize;
                if c >= TABLE_LEN {
                    continue;
                }
                t[c] |= match b {
                    0x80..=0xBF => CONT | CONT_STRICT,
                    0xC2..=0xDF => F2,
                    0xE0..=0xEF => F3,
                    0xF0 | 0xF3 => F4,
                    _ => 0,
                };
            }
        }
        for c in S_NOT_STRICT.chars() {
            t[c as usize] &= !CONT_STRICT;
        }
        t[' ' as usize] |= CONT;
        t
    })
}

#[inline]
fn flags(t: &[u32], c: char) -> u32 {
    let u = c as usize;
    if u < TABLE_LEN {
        t[u]
    } else {
        match c {
            '\u{F8FF}' => START_P | START,
            '\u{FFFD}' => BAD | START,
            '\u{3000}' => WS | START,
            _ => 0,
        }
    }
}

#[inline]
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

// ---------------------------------------------------------------------------------------------
// Badness
// ---------------------------------------------------------------------------------------------

/// Length (in chars) of the badness pattern starting at the first char of `s`, or 0.
/// The patterns are ftfy's: each pairs character classes that real text does not put side
/// by side, e.g. a lowercase accented letter followed by a currency sign, or a C1 control.
#[inline]
fn match_at(t: &[u32], s: &str, at_start: bool) -> usize {
    let mut it = s.chars();
    let Some(c0) = it.next() else { return 0 };
    let f0 = flags(t, c0);
    let c1 = it.next();
    let f1 = c1.map_or(0, |c| flags(t, c));
    let c1 = c1.unwrap_or('\0');

    if c0.is_ascii() {
        // Every ASCII-headed pattern needs a non-ASCII char right after (or after one space).
        let lower = c0.is_ascii_lowercase();
        let c2 = it.next();
        let f2 = c2.map_or(0, |c| flags(t, c));
        let c2 = c2.unwrap_or('\0');
        if c0.is_ascii_alphabetic() && f1 & (LOWER_COMMON | UPPER_COMMON) != 0 && f2 & BAD != 0 {
            return 3;
        }
        if f0 & WS != 0 && f1 & UPPER_ACC != 0 && f2 & CURRENCY != 0 {
            return 3;
        }
        if lower && f1 & UPPER_ACC != 0 && f2 & (START_P | CURRENCY) != 0 {
            return 3;
        }
        if lower {
            if f1 & WS != 0 && matches!(c2, 'Ã' | 'Â') && it.next() == Some(' ') {
                return 4;
            }
            if matches!(c1, 'Ã' | 'Â') && c2 == ' ' {
                return 3;
            }
        }
        if (lower || matches!(c0, '.' | ',' | '?' | '!'))
            && c1 == 'Â'
            && (c2 == ' ' || flags(t, c2) & (START_P | END_P) != 0)
        {
            return 3;
        }
        return 0;
    }
    if f0 & START == 0 {
        return 0;
    }
    if f0 & C1 != 0 {
        return 1;
    }
    // Greek/Cyrillic letters (the bulk of those scripts' text) head only one class pattern.
    if f0 & (HEAD | MOJI | COMMON | KAOMOJI | WS) == 0 {
        return if f0 & LOWER_COMMON != 0 && f1 & UPPER_ACC != 0 {
            2
        } else {
            0
        };
    }
    if f0 & MOJI != 0 && f1 & BAD != 0 {
        return 2;
    }
    if f0 & BAD != 0 && f1 & MOJI & !BAD != 0 {
        return 2;
    }
    if f0 & (LOWER_ACC | LOWER_COMMON | BOX | END_P | CURRENCY | NUMERIC) != 0
        && f1 & UPPER_ACC != 0
    {
        return 2;
    }
    if f0 & (BOX | END_P | CURRENCY | NUMERIC) != 0 && f1 & LOWER_ACC != 0 {
        return 2;
    }
    if f0 & (LOWER_ACC | BOX | END_P) != 0 && f1 & CURRENCY != 0 {
        return 2;
    }
    // Three-char lookahead from here on.
    let c2 = it.next();
    let f2 = c2.map_or(0, |c| flags(t, c));
    let c2 = c2.unwrap_or('\0');
    if f0 & WS != 0 && f1 & UPPER_ACC != 0 && f2 & CURRENCY != 0 {
        return 3;
    }
    if f0 & (UPPER_ACC | BOX) != 0 && f1 & (NUMERIC | LAW) != 0 {
        return 2;
    }
    if f0 & (ACC | BOX | CURRENCY | END_P) != 0 && f1 & START_P != 0 && f2 & NUMERIC != 0 {
        return 3;
    }
    if f0 & (ACC | CURRENCY | NUMERIC | BOX | LAW) != 0 && f1 & END_P != 0 && f2 & START_P != 0 {
        return 3;
    }
    if f0 & (CURRENCY | NUMERIC | BOX) != 0 && f1 & START_P != 0 {
        return 2;
    }
    if f0 & BOX != 0 && f1 & KAOMOJI != 0 {
        return 2;
    }
    if f0 & (ACC | CURRENCY | NUMERIC | START_P | END_P | LAW) != 0 && f1 & BOX != 0 {
        return 2;
    }
    if f0 & BOX != 0 && f1 & END_P != 0 {
        return 2;
    }
    if f0 & ACC != 0 && f1 & (START_P | END_P) != 0 && is_word(c2) {
        return 3;
    }
    // The ligature œ when not followed by an unaccented Latin letter.
    if matches!(c0, 'Œ' | 'œ') && c1 != '\0' && !c1.is_ascii_alphabetic() {
        return 2;
    }
    // Degree sign after a capital accented letter.
    if f0 & UPPER_ACC != 0 && c1 == '°' {
        return 2;
    }
    // Common windows-1252 two-char mojibake not covered above.
    if matches!(c0, 'Â' | 'Ã' | 'Î' | 'Ð')
        && (matches!(
            c1,
            '€' | 'œ'
                | 'Š'
                | 'š'
                | '¢'
                | '£'
                | 'Ÿ'
                | 'ž'
                | '\u{A0}'
                | '\u{AD}'
                | '®'
                | '©'
                | '°'
                | '·'
                | '»'
                | '–'
                | '—'
                | '´'
        ) || f1 & (START_P | END_P) != 0)
    {
        return 2;
    }
    if c0 == '×' && matches!(c1, '²' | '³') {
        return 2;
    }
    // windows-1252 mojibake of Arabic: needs two pairs because the second chars are common.
    if matches!(c0, 'Ø' | 'Ù') {
        let arabic2 = |c: char, f: u32| {
            f & (COMMON | CURRENCY | BAD | NUMERIC | START_P) != 0
                || matches!(c, 'Ÿ' | 'Š' | '®' | '°' | 'µ' | '»')
        };
        if arabic2(c1, f1)
            && matches!(c2, 'Ø' | 'Ù')
            && let Some(c3) = it.clone().next()
            && arabic2(c3, flags(t, c3))
        {
            return 4;
        }
    }
    // windows-1252 heads of 3-byte sequences of South Asian scripts.
    if c0 == 'à' && matches!(c1, '²' | 'µ' | '¹' | '¼' | '½' | '¾') {
        return 2;
    }
    // MacRoman mojibake.
    if c0 == '√'
        && matches!(
            c1,
            '±' | '∂' | '†' | '≠' | '®' | '™' | '´' | '≤' | '≥' | '¥' | 'µ' | 'ø'
        )
    {
        return 2;
    }
    if c0 == '≈' && matches!(c1, '°' | '¢') {
        return 2;
    }
    if c0 == '‚' {
        if c1 == 'Ä'
            && matches!(
                c2,
                'ì' | 'î' | 'ï' | 'ò' | 'ô' | 'ú' | 'ù' | 'û' | '†' | '°' | '¢' | 'π'
            )
        {
            return 3;
        }
        if matches!(c1, 'â' | 'ó') && matches!(c2, 'à' | 'ä' | '°' | 'ê') {
            return 3;
        }
    }
    // windows-1251 mojibake.
    if c0 == 'в' && c1 == 'Ђ' {
        return 2;
    }
    let cyr_mid = |c: char, f: u32| {
        f & (C1 | BAD | START_P | END_P | CURRENCY) != 0 || matches!(c, '°' | 'µ')
    };
    if matches!(c0, 'В' | 'Г' | 'Р' | 'С') && cyr_mid(c1, f1) && matches!(c2, 'В' | 'Г' | 'Р' | 'С')
    {
        return 3;
    }
    if c0 == 'Г' && s.starts_with("ГўВЂВ") {
        let mut rest = s["ГўВЂВ".len()..].chars();
        if rest.next().is_some()
            && let Some(c) = rest.next()
            && (c.is_ascii_alphabetic() || c == ' ')
        {
            return 7;
        }
    }
    // windows-1252 encodings of 'à', 'á' and of U+A0 itself.
    if c0 == 'Ã' && matches!(c1, '\u{A0}' | '¡') {
        return 2;
    }
    if at_start && matches!(c0, 'Ã' | 'Â') && c1 == ' ' {
        return 2;
    }
    if f0 & END_P != 0 && c1 == 'Â' && (c2 == ' ' || f2 & (START_P | END_P) != 0) {
        return 3;
    }
    // windows-1253 mojibake.
    if c0 == 'β' && c1 == '€' && matches!(c2, '™' | '\u{A0}' | 'Ά' | '\u{AD}' | '®' | '°') {
        return 3;
    }
    if matches!(c0, 'Β' | 'Γ' | 'Ξ' | 'Ο')
        && (f1 & (C1 | BAD | START_P | END_P | CURRENCY) != 0 || c1 == '°')
        && matches!(c2, 'Β' | 'Γ' | 'Ξ' | 'Ο')
    {
        return 3;
    }
    // windows-1257 mojibake.
    if c0 == 'ā' && c1 == '€' {
        return 2;
    }
    0
}

/// Count (or, with `first_only`, detect) badness patterns, left to right, non-overlapping.
fn scan(text: &str, first_only: bool) -> u32 {
    let t = table();
    let b = text.as_bytes();
    let mut count = 0;
    let mut i = 0;
    while i < b.len() {
        // ASCII-headed patterns all need a non-ASCII char within the next two, so runs of
        // ASCII are skipped without decoding anything.
        let x = b[i];
        if x < 0x80 {
            if b.get(i + 1).is_none_or(|&y| y < 0x80) && b.get(i + 2).is_none_or(|&y| y < 0x80) {
                // Jump to two bytes before the next non-ASCII one, found 8 bytes at a time:
                // every ASCII byte before that would be skipped here one by one.
                match next_non_ascii(b, i + 3) {
                    Some(j) => i = j - 2,
                    None => break,
                }
                continue;
            }
            // Only letters, whitespace and . , ? ! head an ASCII pattern.
            if !(x.is_ascii_alphabetic()
                || x.is_ascii_whitespace()
                || matches!(x, b'.' | b',' | b'?' | b'!'))
            {
                i += 1;
                continue;
            }
        } else {
            // Most non-ASCII text (CJK, Indic, Arabic, ...) heads no pattern: skip it whole.
            let c = text[i..].chars().next().unwrap_or('\0');
            if flags(t, c) & START == 0 {
                i += c.len_utf8();
                continue;
            }
        }
        let rest = &text[i..];
        let m = match_at(t, rest, i == 0);
        if m > 0 {
            count += 1;
            if first_only {
                return 1;
            }
            i += rest.chars().take(m).map(char::len_utf8).sum::<usize>();
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    count
}

/// The position of the first byte at or after `from` that is not ASCII.
fn next_non_ascii(b: &[u8], from: usize) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut k = from;
    while k + 8 <= b.len() {
        let w = u64::from_le_bytes(b[k..k + 8].try_into().unwrap()) & HIGH;
        if w != 0 {
            return Some(k + w.trailing_zeros() as usize / 8);
        }
        k += 8;
    }
    (k..b.len()).find(|&j| b[j] >= 0x80)
}

/// How "bad" a string looks: the number of character sequences in it that are typical of
/// mojibake and rare in real text. 0 for clean text (and always 0 for ASCII).
pub fn badness(text: &str) -> u32 {
    if text.is_ascii() {
        return 0;
    }
    scan(text, false)
}

fn is_bad(text: &str) -> bool {
    !text.is_ascii() && scan(text, true) > 0
}

// ---------------------------------------------------------------------------------------------
// Byte-level repairs
// ---------------------------------------------------------------------------------------------

#[inline]
fn is_cont_byte(b: u8) -> bool {
    (0x80..=0xBF).contains(&b)
}

/// Continuation bytes that plausibly precede/follow a lost A0 (not 85, not A0 itself).
#[inline]
fn is_cont_x(b: u8) -> bool {
    matches!(b, 0x80..=0x84 | 0x86..=0x9F | 0xA1..=0xBF)
}

/// Where `b[i..]` is a UTF-8 sequence whose 0xA0 byte became a space: the offset of that
/// space and the sequence length. Limited (as in ftfy) to lead bytes whose A0 forms are
/// common characters (U+00A0, à, Š, Π, Р, ...) so ordinary "letter space" pairs are not hit.
fn altered_at(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let at = |k: usize| b.get(i + k).copied();
    match b[i] {
        0xC2 | 0xC3 | 0xC5 | 0xCE | 0xD0 | 0xD9 if at(1) == Some(b' ') => Some((1, 2)),
        0xE0..=0xE3 => {
            let (x, y) = (at(1)?, at(2)?);
            if matches!(b[i], 0xE2 | 0xE3) && x == b' ' && is_cont_x(y) {
                Some((1, 3))
            } else if is_cont_x(x) && y == b' ' {
                Some((2, 3))
            } else {
                None
            }
        }
        0xF0 => {
            let w = [at(1)?, at(2)?, at(3)?];
            let spaces = w.iter().filter(|&&x| x == b' ').count();
            let conts = w.iter().filter(|&&x| is_cont_byte(x)).count();
            if spaces == 1 && conts == 2 {
                Some((1 + w.iter().position(|&x| x == b' ').unwrap(), 4))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Put back 0xA0 bytes that a program turned into spaces; None when there are none.
fn restore_byte_a0(b: &[u8]) -> Option<Vec<u8>> {
    if !(0..b.len()).any(|i| altered_at(b, i).is_some()) {
        return None;
    }
    // "Ã " as a whole word is "à " whose A0 became the word-separating space: restore the A0
    // and keep a space, except before words where Portuguese "à" is not used that way.
    let mut v = Vec::with_capacity(b.len() + 4);
    let mut i = 0;
    while i < b.len() {
        if b[i] == 0xC3 && b.get(i + 1) == Some(&b' ') {
            let after = &b[i + 2..];
            let skip = [&b" "[..], b"quele", b"quela", b"quilo", b"s "]
                .iter()
                .any(|p| after.starts_with(p));
            if !skip {
                v.extend_from_slice(&[0xC3, 0xA0, b' ']);
                i += 2;
                continue;
            }
        }
        v.push(b[i]);
        i += 1;
    }
    let mut i = 0;
    while i < v.len() {
        if let Some((sp, len)) = altered_at(&v, i) {
            v[i + sp] = 0xA0;
            i += len;
        } else {
            i += 1;
        }
    }
    Some(v)
}

/// UTF-8 sequences that lost a byte to U+FFFD (encoded by the sloppy code pages as 0x1A)
/// become U+FFFD as a whole, so the rest of the line can still be decoded.
fn lossy_re() -> &'static regex::bytes::Regex {
    static RE: OnceLock<regex::bytes::Regex> = OnceLock::new();
    RE.get_or_init(|| {
        regex::bytes::Regex::new(
            r"(?-u)[\xc2-\xdf][\x1a]|[\xc2-\xc3][?]|\xed[\xa0-\xaf][\x1a?]\xed[\xb0-\xbf][\x1a?\x80-\xbf]|\xed[\xa0-\xaf][\x1a?\x80-\xbf]\xed[\xb0-\xbf][\x1a?]|[\xe0-\xef][\x1a?][\x1a\x80-\xbf]|[\xe0-\xef][\x1a\x80-\xbf][\x1a?]|[\xf0-\xf4][\x1a?][\x1a\x80-\xbf][\x1a\x80-\xbf]|[\xf0-\xf4][\x1a\x80-\xbf][\x1a?][\x1a\x80-\xbf]|[\xf0-\xf4][\x1a\x80-\xbf][\x1a\x80-\xbf][\x1a?]|\x1a",
        )
        .expect("valid regex")
    })
}

/// Decode UTF-8, also accepting CESU-8 surrogate pairs and Java's C0 80 for U+0000.
fn decode_utf8_variants(b: &[u8]) -> Option<String> {
    if let Ok(s) = std::str::from_utf8(b) {
        return Some(s.to_owned());
    }
    if !b.iter().any(|&x| x == 0xED || x == 0xC0) {
        return None;
    }
    let mut out = String::with_capacity(b.len());
    let mut rest = b;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let ok = e.valid_up_to();
                out.push_str(std::str::from_utf8(&rest[..ok]).ok()?);
                rest = &rest[ok..];
                if rest.len() >= 2 && rest[0] == 0xC0 && rest[1] == 0x80 {
                    out.push('\0');
                    rest = &rest[2..];
                } else if rest.len() >= 6
                    && rest[0] == 0xED
                    && (0xA0..=0xAF).contains(&rest[1])
                    && is_cont_byte(rest[2])
                    && rest[3] == 0xED
                    && (0xB0..=0xBF).contains(&rest[4])
                    && is_cont_byte(rest[5])
                {
                    let hi = 0xD000 | ((rest[1] as u32 & 0x3F) << 6) | (rest[2] as u32 & 0x3F);
                    let lo = 0xD000 | ((rest[4] as u32 & 0x3F) << 6) | (rest[5] as u32 & 0x3F);
                    let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    out.push(char::from_u32(cp)?);
                    rest = &rest[6..];
                } else {
                    return None;
                }
            }
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// Text-level repairs
// ---------------------------------------------------------------------------------------------

/// Re-encode through each candidate code page and decode as UTF-8; the first that works.
fn reencode(text: &str) -> Option<String> {
    for &cp in codepages::CANDIDATES.iter() {
        let page = codepages::get(cp);
        let Some(mut bytes) = page.encode(text) else {
            continue;
        };
        // MacRoman is excluded: there the pattern would match an en dash before a space.
        if cp != Cp::MacRoman
            && let Some(v) = restore_byte_a0(&bytes)
        {
            bytes = v;
        }
        if page.sloppy {
            let re = lossy_re();
            if re.is_match(&bytes) {
                bytes = re.replace_all(&bytes, "\u{FFFD}".as_bytes()).into_owned();
            }
        }
        if let Some(s) = decode_utf8_variants(&bytes) {
            return Some(s);
        }
    }
    None
}

/// Partial mojibake: fix runs that look like UTF-8 read as a single-byte code page, one run
/// at a time, when the whole line cannot be re-encoded (it also holds correct non-ASCII).
/// A run is only touched when it is bad by itself and shorter than the whole text (so the
/// recursion into `fix_encoding` always shrinks).
fn decode_inconsistent(text: &str) -> Option<String> {
    let t = table();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let fl = |k: usize| flags(t, chars[k].1);
    let byte_at = |k: usize| chars.get(k).map_or(text.len(), |p| p.0);
    let mut out = String::new();
    let mut last = 0;
    let mut i = 0;
    while i < n {
        // Do not start inside a larger garble: fixing a few chars of it makes things worse.
        if i > 0 && fl(i - 1) & CONT_STRICT != 0 {
            i += 1;
            continue;
        }
        let mut j = i;
        loop {
            let cont = |k: usize| k < n && fl(k) & CONT != 0;
            let f = if j < n { fl(j) } else { 0 };
            if f & F2 != 0 && cont(j + 1) {
                j += 2;
            } else if f & F3 != 0 && cont(j + 1) && cont(j + 2) {
                j += 3;
            } else if f & F4 != 0 && cont(j + 1) && cont(j + 2) && cont(j + 3) {
                j += 4;
            } else {
                break;
            }
        }
        if j == i {
            i += 1;
            continue;
        }
        let sub = &text[byte_at(i)..byte_at(j)];
        if j - i < n
            && is_bad(sub)
            && let Some(fixed) = fix_encoding(sub)
        {
            out.push_str(&text[last..byte_at(i)]);
            out.push_str(&fixed);
            last = byte_at(j);
        }
        i = j;
    }
    if last == 0 {
        return None;
    }
    out.push_str(&text[last..]);
    Some(out)
}

/// C1 controls are never intended; they are windows-1252 punctuation read as Latin-1.
/// The five bytes 1252 leaves undefined stay as they are.
fn fix_c1(text: &str) -> Option<String> {
    let t = table();
    if !text.chars().any(|c| flags(t, c) & C1 != 0) {
        return None;
    }
    let page = codepages::get(Cp::Sloppy1252);
    let out: String = text
        .chars()
        .map(|c| {
            if flags(t, c) & C1 != 0 {
                page.decode[c as usize]
            } else {
                c
            }
        })
        .collect();
    (out != text).then_some(out)
}

/// One repair step on a single line, or None when no step applies.
fn one_step(text: &str) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    let bad = badness(text);
    if bad == 0 {
        return None;
    }
    if let Some(fixed) = reencode(text) {
        // Keep a decoding only if it reads better than what we had: a safety net against
        // decodings that are valid UTF-8 by accident.
        if fixed != text && badness(&fixed) < bad {
            return Some(fixed);
        }
    }
    if let Some(fixed) = decode_inconsistent(text)
        && fixed != text
    {
        return Some(fixed);
    }
    fix_c1(text)
}

/// Repeat `one_step` until the text is stable (bounded); Some only if it changed.
fn fix_encoding(text: &str) -> Option<String> {
    let mut cur: Option<String> = None;
    for _ in 0..MAX_ROUNDS {
        let s = cur.as_deref().unwrap_or(text);
        match one_step(s) {
            Some(next) if next != s => cur = Some(next),
            _ => break,
        }
    }
    cur.filter(|c| c != text)
}

/// The repaired text when `text` is mojibake that can be undone, else None (clean text,
/// ASCII, or damage we cannot reverse). Lines are repaired independently, since one document
/// can mix correctly and wrongly decoded lines.
pub fn fix(text: &str) -> Option<String> {
    // Fast path: ASCII cannot be mojibake, and text without a single badness pattern is left
    // alone (every repair step below starts by requiring one), so clean text costs one scan.
    if text.is_ascii() || scan(text, true) == 0 {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    for line in text.split_inclusive('\n') {
        match fix_encoding(line) {
            Some(f) => {
                changed = true;
                out.push_str(&f);
            }
            None => out.push_str(line),
        }
    }
    changed.then_some(out)
}

/// The repair of one line of a document already shown to be mojibake: also a line whose
/// sequences are too few or too plausible to be called bad on their own ("nuorodÄ…", for
/// "nuorodą": an "Ä" and an ellipsis), as long as re-encoding it gives valid UTF-8 that reads
/// no worse. Correct text almost never survives that re-encoding ("Straße" is not valid UTF-8
/// in windows-1252 bytes), so the caller only needs the evidence that the page went through it.
pub fn fix_in_mojibake(text: &str) -> Option<String> {
    if text.is_ascii() {
        return None;
    }
    fix(text).or_else(|| {
        let fixed = reencode(text)?;
        (fixed != text && badness(&fixed) <= badness(text)).then_some(fixed)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Make mojibake the way it happens: UTF-8 bytes read with a single-byte code page.
    fn garble(s: &str, enc: &'static encoding_rs::Encoding) -> String {
        enc.decode_without_bom_handling(s.as_bytes()).0.into_owned()
    }

    fn latin1(s: &str) -> String {
        s.bytes().map(char::from).collect()
    }

    #[test]
    fn lines_of_a_mojibake_page_are_fixed_in_its_context() {
        let garbled = garble("Kopijuoti nuorodą", encoding_rs::WINDOWS_1252);
        assert_eq!(garbled, "Kopijuoti nuorodÄ…");
        // On its own the line could be German with an ellipsis: left alone.
        assert_eq!(fix(&garbled), None);
        assert_eq!(fix_in_mojibake(&garbled).as_deref(), Some("Kopijuoti nuorodą"));
        // Correct text is not valid UTF-8 once re-encoded, even on such a page.
        for clean in ["Straße und Ärger…", "Москва — столица", "Čeština, Łódź", "日本語"] {
            assert_eq!(fix_in_mojibake(clean), None, "{clean}");
        }
    }

    #[test]
    fn ascii_and_clean_text_untouched() {
        for s in [
            "plain ascii",
            "Crème brûlée à la carte, naïve façade",
            "Straße, Ærøskøbing, Łódź, Čeština, Türkçe",
            "“Quoted” — with ‘curly’ quotes… and €5, 10 °C, 5 × 3 ≥ 2",
            "Москва — столица России. Ελληνικά κείμενα.",
            "日本語のテキスト、中文文本、한국어 텍스트",
            "עברית וערבית: مرحبا بالعالم",
            "emoji 👍🏽 and 🇫🇷 flags",
            "Äpfel, Öl und Übermut; SELKÄ EDELLÄ",
            "L’été à Paris, où l’on s’amuse",
            "© 2024 ACME™ — all rights reserved ®",
        ] {
            assert_eq!(fix(s), None, "{s}");
            assert_eq!(badness(s), 0, "{s}");
        }
    }

    #[test]
    fn fixes_windows_1252_mojibake() {
        for s in [
            "café crème",
            "naïve “quotes” — dash",
            "Ärger über Öl",
            "Łódź and Čeština",
            "日本語",
        ] {
            let bad = garble(s, encoding_rs::WINDOWS_1252);
            assert_ne!(bad, s);
            assert!(badness(&bad) > 0, "{bad}");
            assert_eq!(fix(&bad).as_deref(), Some(s), "{bad}");
        }
    }

    #[test]
    fn fixes_other_code_pages() {
        let s = "Привет, мир";
        let bad = garble(s, encoding_rs::WINDOWS_1252);
        assert_eq!(fix(&bad).as_deref(), Some(s));
        let s = "Ελληνικά";
        assert_eq!(
            fix(&garble(s, encoding_rs::WINDOWS_1252)).as_deref(),
            Some(s)
        );
        let s = "שלום עולם";
        assert_eq!(fix(&garble(s, encoding_rs::MACINTOSH)).as_deref(), Some(s));
        let s = "Þórður – fóðrið";
        assert_eq!(
            fix(&garble(s, encoding_rs::WINDOWS_1250)).as_deref(),
            Some(s)
        );
        // cp437: decode with our own table.
        let cp = codepages::get(Cp::Cp437);
        let s = "Žluťoučký kůň";
        assert_eq!(fix(&cp.decode_bytes(s.as_bytes())).as_deref(), Some(s));
    }

    #[test]
    fn fixes_latin1_with_c1_controls() {
        let s = "“It’s fine” — really…";
        let bad = latin1(s);
        assert!(bad.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)));
        assert_eq!(fix(&bad).as_deref(), Some(s));
        // C1 controls that are 1252 punctuation read as Latin-1.
        assert_eq!(
            fix("parlé\u{85} Tu sais").as_deref(),
            Some("parlé… Tu sais")
        );
    }

    #[test]
    fn fixes_double_encoding() {
        let s = "don’t stop — señor";
        let once = garble(s, encoding_rs::WINDOWS_1252);
        let twice = garble(&once, encoding_rs::WINDOWS_1252);
        assert_eq!(fix(&twice).as_deref(), Some(s));
    }

    #[test]
    fn fixes_partial_mojibake() {
        // Correct é and broken Ã© on the same line: whole-line re-encoding is impossible.
        let line = format!(
            "résumé and {}",
            garble("café “noir”", encoding_rs::WINDOWS_1252)
        );
        assert_eq!(fix(&line).as_deref(), Some("résumé and café “noir”"));
    }

    #[test]
    fn fixes_nbsp_turned_into_space() {
        // 'à' is C3 A0; the A0 byte was turned into a plain space.
        let bad = garble("Voilà tout", encoding_rs::WINDOWS_1252).replace('\u{a0}', " ");
        assert_eq!(bad, "VoilÃ  tout");
        assert_eq!(fix(&bad).as_deref(), Some("Voilà tout"));
    }

    #[test]
    fn lossy_bytes_become_replacement_char() {
        // 'č' is C4 8D; 0x8D is undefined in strict 1252, so a strict decoder produced U+FFFD.
        let bad = "Slovenčina".replace('č', "Ä\u{FFFD}");
        assert_eq!(fix(&bad).as_deref(), Some("Sloven\u{FFFD}ina"));
    }

    #[test]
    fn lines_fixed_independently() {
        let text = format!(
            "good line: naïve\n{}\n",
            garble("bad line: naïve", encoding_rs::WINDOWS_1252)
        );
        assert_eq!(
            fix(&text).as_deref(),
            Some("good line: naïve\nbad line: naïve\n")
        );
    }

    #[test]
    fn tricky_clean_text_is_left_alone() {
        for s in [
            "I'm a fan of Charlotte Brontë…”",
            "a radius of 10 Å—",
            "( o¬ô )",
            "├┤a┼┐a┼┐",
            "C O N C L U S Ã O",
            "Offering 5×£35 pin ups",
            "ВІКІ is Ukrainian",
            "control \u{1a} and \u{81}",
        ] {
            assert_eq!(fix(s), None, "{s}");
        }
    }

    fn clean_char() -> impl Strategy<Value = char> {
        prop_oneof![
            prop::char::range('a', 'z'),
            prop::char::range('A', 'Z'),
            Just(' '),
            Just(' '),
            prop::sample::select(vec![',', '.', '!', '?', '-', '\'', '"', '(', ')', '\n']),
            prop::sample::select(vec!['“', '”', '‘', '’', '—', '–', '…', '«', '»']),
            prop::sample::select(
                "éèêëàâäçîïôöùûüÿñßáíóúãõåøæœÉÈÀÇÖÜÑ"
                    .chars()
                    .collect::<Vec<_>>()
            ),
            prop::sample::select("łśżźćńąęčšžřůěďťňŁŚŻČŠŽ".chars().collect::<Vec<_>>()),
            prop::char::range('а', 'я'),
            prop::char::range('α', 'ω'),
            prop::char::range('一', '龥'),
            prop::char::range('ぁ', 'ん'),
            prop::char::range('가', '힣'),
            prop::char::range('א', 'ת'),
            prop::char::range('ا', 'ي'),
            prop::char::range('😀', '🙏'),
        ]
    }

    /// Clean text is made of words: runs of one script, separated by spaces/punctuation.
    fn clean_text() -> impl Strategy<Value = String> {
        let word = prop_oneof![
            "[a-zà-öø-ÿ]{1,10}",
            "[A-Z][a-zéèàçôûî]{1,8}",
            "[а-яё]{1,10}",
            "[А-Я][а-я]{1,8}",
            "[α-ω]{1,10}",
            "[一-龥]{1,6}",
            "[가-힣]{1,6}",
            "[א-ת]{1,8}",
            "[0-9]{1,4}",
        ];
        let sep = prop::sample::select(vec![
            " ", " ", ", ", ". ", " — ", " “", "” ", "’", "… ", "\n", " 😀 ", "! ",
        ]);
        prop::collection::vec((word, sep), 1..20)
            .prop_map(|v| v.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn clean_words_never_change(s in clean_text()) {
            prop_assert_eq!(fix(&s), None);
        }

        #[test]
        fn roundtrip_mojibake_is_fixed(s in clean_text()) {
            let bad = garble(&s, encoding_rs::WINDOWS_1252);
            // Lines are judged independently; a line that is fixed must come back exactly as
            // it was before garbling (a line too short to look bad may stay garbled).
            if let Some(f) = fix(&bad) {
                let (orig, bad, f): (Vec<_>, Vec<_>, Vec<_>) = (
                    s.split('\n').collect(), bad.split('\n').collect(), f.split('\n').collect());
                prop_assert_eq!(orig.len(), f.len());
                for k in 0..orig.len() {
                    prop_assert!(f[k] == orig[k] || f[k] == bad[k], "{:?} {:?} {:?}", orig[k], bad[k], f[k]);
                }
            }
        }

        #[test]
        fn random_soup_without_mojibake_alphabet(s in prop::collection::vec(clean_char(), 0..60)) {
            // Letters of non-Latin scripts, ASCII and emoji only: nothing a legacy code page
            // produces from UTF-8 lead bytes, so there is nothing to undo.
            let s: String = s.into_iter().filter(|&c| c.is_ascii() || c as u32 >= 0x590).collect();
            prop_assert_eq!(fix(&s), None);
        }
    }
}
