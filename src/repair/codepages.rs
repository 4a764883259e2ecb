//! codepages: the single-byte code pages that UTF-8 gets mis-decoded as, as reversible tables.
//! Takes `&str`, gives back the bytes the text was decoded from (or None if some character is
//! not in the code page); never substitutes, so an encode→decode round trip is exact.
//!
//! encoding_rs lacks true ISO-8859-1 (its "latin1" label means windows-1252), cp437, and the
//! "sloppy" variants ftfy uses, so the tables are built here: true Latin-1 is the identity on
//! 0..=255, cp437 is written out below, and the windows-125x tables come from encoding_rs's own
//! decoder (one byte at a time; WHATWG already passes 1252's five holes through as U+0081 etc.),
//! with any remaining holes filled by the Latin-1 code point of the same value. A table built
//! from the decoder is exactly the encoder's mapping, and it also gives the sloppy variants.

use std::sync::OnceLock;

/// The code pages tried, in the order ftfy tries them (KOI8-R added last: it only runs when
/// every earlier candidate failed, so it cannot change what the others would have done).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cp {
    Latin1,
    Sloppy1252,
    Sloppy1251,
    Sloppy1250,
    Sloppy1253,
    Sloppy1254,
    Sloppy1257,
    Iso8859_2,
    MacRoman,
    Cp437,
    Koi8R,
}

pub const CANDIDATES: [Cp; 11] = [
    Cp::Latin1,
    Cp::Sloppy1252,
    Cp::Sloppy1251,
    Cp::Sloppy1250,
    Cp::Sloppy1253,
    Cp::Sloppy1254,
    Cp::Sloppy1257,
    Cp::Iso8859_2,
    Cp::MacRoman,
    Cp::Cp437,
    Cp::Koi8R,
];

/// One code page: byte → char, and a sorted char → byte list for the non-ASCII half.
pub struct Codepage {
    pub decode: [char; 256],
    rev: Vec<(char, u8)>,
    /// Sloppy code pages (as in ftfy) use byte 0x1A for U+FFFD, so text that already lost a
    /// byte to U+FFFD can still be re-encoded; the literal control U+001A then cannot be.
    pub sloppy: bool,
}

impl Codepage {
    fn build(decode: [char; 256], sloppy: bool, extra: &[(char, u8)]) -> Codepage {
        let mut decode = decode;
        if sloppy {
            decode[0x1A] = '\u{FFFD}';
        }
        let mut rev: Vec<(char, u8)> = (0..256usize)
            .filter(|&b| b >= 0x80 || (sloppy && b == 0x1A))
            .map(|b| (decode[b], b as u8))
            .collect();
        rev.extend_from_slice(extra);
        rev.sort();
        rev.dedup_by_key(|p| p.0);
        Codepage {
            decode,
            rev,
            sloppy,
        }
    }

    /// The byte for `c`, if this code page has one.
    #[inline]
    pub fn encode_char(&self, c: char) -> Option<u8> {
        if (c as u32) < 0x80 {
            if self.sloppy && c == '\u{1A}' {
                return None;
            }
            return Some(c as u8);
        }
        self.rev
            .binary_search_by_key(&c, |p| p.0)
            .ok()
            .map(|i| self.rev[i].1)
    }

    /// The bytes `s` was decoded from, or None if some character has no byte here.
    pub fn encode(&self, s: &str) -> Option<Vec<u8>> {
        let mut out = Vec::with_capacity(s.len());
        for c in s.chars() {
            out.push(self.encode_char(c)?);
        }
        Some(out)
    }

    /// Decode bytes with this table (total: every byte has a char).
    #[cfg(test)]
    pub fn decode_bytes(&self, b: &[u8]) -> String {
        b.iter().map(|&x| self.decode[x as usize]).collect()
    }
}

/// Byte-at-a-time table from an encoding_rs decoder; holes get the Latin-1 code point.
fn table_from(enc: &'static encoding_rs::Encoding) -> [char; 256] {
    let mut t = ['\0'; 256];
    for (b, slot) in t.iter_mut().enumerate() {
        let byte = [b as u8];
        let (s, had_errors) = enc.decode_without_bom_handling(&byte);
        let mut it = s.chars();
        *slot = match (had_errors, it.next(), it.next()) {
            (false, Some(c), None) => c,
            _ => char::from(b as u8),
        };
    }
    t
}

fn latin1_table() -> [char; 256] {
    let mut t = ['\0'; 256];
    for (b, slot) in t.iter_mut().enumerate() {
        *slot = char::from(b as u8);
    }
    t
}

/// IBM code page 437 (the DOS console), upper half; the lower half is ASCII.
const CP437_HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{A0}";

fn cp437_table() -> [char; 256] {
    let mut t = latin1_table();
    for (i, c) in CP437_HIGH.chars().enumerate() {
        t[0x80 + i] = c;
    }
    t
}

/// The table for `cp`, built once.
pub fn get(cp: Cp) -> &'static Codepage {
    static TABLES: OnceLock<Vec<Codepage>> = OnceLock::new();
    let all = TABLES.get_or_init(|| {
        use encoding_rs as e;
        CANDIDATES
            .iter()
            .map(|&cp| match cp {
                Cp::Latin1 => Codepage::build(latin1_table(), false, &[]),
                Cp::Sloppy1252 => Codepage::build(table_from(e::WINDOWS_1252), true, &[]),
                Cp::Sloppy1251 => Codepage::build(table_from(e::WINDOWS_1251), true, &[]),
                Cp::Sloppy1250 => Codepage::build(table_from(e::WINDOWS_1250), true, &[]),
                Cp::Sloppy1253 => Codepage::build(table_from(e::WINDOWS_1253), true, &[]),
                Cp::Sloppy1254 => Codepage::build(table_from(e::WINDOWS_1254), true, &[]),
                Cp::Sloppy1257 => Codepage::build(table_from(e::WINDOWS_1257), true, &[]),
                Cp::Iso8859_2 => Codepage::build(table_from(e::ISO_8859_2), false, &[]),
                // Older Mac software put the currency sign at 0xDB where newer puts the euro;
                // accept both when re-encoding.
                Cp::MacRoman => {
                    Codepage::build(table_from(e::MACINTOSH), false, &[('\u{A4}', 0xDB)])
                }
                Cp::Cp437 => Codepage::build(cp437_table(), false, &[]),
                Cp::Koi8R => Codepage::build(table_from(e::KOI8_R), false, &[]),
            })
            .collect()
    });
    &all[CANDIDATES.iter().position(|&c| c == cp).unwrap()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_round_trip_every_byte() {
        for &cp in CANDIDATES.iter() {
            let t = get(cp);
            for b in 0..=255u8 {
                let c = t.decode[b as usize];
                if t.sloppy && b == 0x1A {
                    assert_eq!(c, '\u{FFFD}');
                }
                assert_eq!(t.encode_char(c), Some(b), "{cp:?} byte {b:#x} char {c:?}");
            }
        }
    }

    #[test]
    fn known_bytes() {
        assert_eq!(get(Cp::Sloppy1252).decode[0x80], '€');
        assert_eq!(get(Cp::Sloppy1252).decode[0x81], '\u{81}');
        assert_eq!(get(Cp::Latin1).decode[0x80], '\u{80}');
        assert_eq!(get(Cp::Cp437).decode[0xC4], '─');
        assert_eq!(get(Cp::Cp437).decode[0xFF], '\u{A0}');
        assert_eq!(get(Cp::MacRoman).decode[0xD7], '◊');
        assert_eq!(get(Cp::Sloppy1251).decode[0xC0], 'А');
        assert_eq!(get(Cp::Sloppy1250).encode_char('ř'), Some(0xF8));
        assert_eq!(get(Cp::Sloppy1252).encode_char('\u{1A}'), None);
        assert_eq!(get(Cp::Latin1).encode("é€"), None);
        assert_eq!(get(Cp::Latin1).encode("é").unwrap(), vec![0xE9]);
    }
}
