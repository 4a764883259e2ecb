//! decode: raw bytes to Unicode text, recording which encoding was found.
//!
//! Order: byte-order mark (UTF-8, UTF-16), BOM-less UTF-16 by its NUL pattern, valid UTF-8, and
//! otherwise a legacy encoding guessed by chardetng and decoded by encoding_rs. Empty, binary and
//! undecodable inputs are errors (one row in errors.csv), never a crash.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

use crate::read::Payload;

/// Decoded text and the name of the encoding it was decoded from.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decodes one record's payload.
pub fn decode(payload: Payload) -> Result<Decoded, String> {
    match payload {
        Payload::Text(text) => Ok(Decoded { text, encoding: "UTF-8" }),
        Payload::Bytes(bytes) => decode_bytes(bytes),
    }
}

/// Decodes bytes of unknown encoding.
pub fn decode_bytes(bytes: Vec<u8>) -> Result<Decoded, String> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("empty file: no text to read".into());
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(&bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return check(text.into_owned(), enc.name(), had_errors);
    }
    if let Some(enc) = sniff_utf16(&bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes);
        return check(text.into_owned(), enc.name(), had_errors);
    }
    if memchr::memchr(0, &bytes).is_some() {
        return Err("binary file: contains NUL bytes, not text".into());
    }
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return Ok(Decoded { text, encoding: "UTF-8" }),
        Err(e) => e.into_bytes(),
    };
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(&bytes, true);
    let enc = det.guess(None, chardetng::Utf8Detection::Deny);
    let (text, had_errors) = enc.decode_without_bom_handling(&bytes);
    check(text.into_owned(), enc.name(), had_errors)
}

/// UTF-16 without a BOM shows as NUL bytes in every other position for Latin-script text.
fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd_nul * 10 >= pairs * 7 && even_nul * 10 <= pairs {
        Some(UTF_16LE)
    } else if even_nul * 10 >= pairs * 7 && odd_nul * 10 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Rejects decoded text that is mostly replacement or control characters (a binary file or a
/// wrong guess), so garbage never passes for a document.
fn check(text: String, encoding: &'static str, had_errors: bool) -> Result<Decoded, String> {
    if had_errors || text.contains('\0') {
        let total = text.chars().count().max(1);
        let bad = text
            .chars()
            .filter(|&c| c == '\u{FFFD}' || (c.is_control() && !c.is_whitespace()))
            .count();
        if bad * 20 > total {
            return Err(format!(
                "undecodable: {bad} of {total} characters are invalid as {encoding} (binary or unknown encoding)"
            ));
        }
    }
    if text.trim().is_empty() {
        return Err("empty file: no text to read".into());
    }
    Ok(Decoded { text, encoding })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(name: &str, s: &str) -> Vec<u8> {
        let e = Encoding::for_label(name.as_bytes()).unwrap();
        let (b, _, unmappable) = e.encode(s);
        assert!(!unmappable, "{name} cannot encode {s}");
        b.into_owned()
    }

    #[test]
    fn utf8_passes_through() {
        let d = decode_bytes("Zürich – “quoted”".as_bytes().to_vec()).unwrap();
        assert_eq!(d.text, "Zürich – “quoted”");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn windows_1252_is_detected() {
        let s = "Le gouvernement a annoncé jeudi une réforme très attendue de l’école, « enfin », disent les élèves.";
        let d = decode_bytes(enc("windows-1252", s)).unwrap();
        assert_eq!(d.text, s);
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn cyrillic_legacy_encodings_are_detected() {
        let s = "Правительство объявило в четверг о новой реформе образования, которую давно ждали учителя и родители.";
        for label in ["koi8-r", "iso-8859-5", "windows-1251"] {
            let d = decode_bytes(enc(label, s)).unwrap();
            assert_eq!(d.text, s, "{label}");
        }
    }

    #[test]
    fn shift_jis_is_detected() {
        let s = "政府は木曜日、長く待たれていた教育改革を発表した。教師と保護者は歓迎している。";
        let d = decode_bytes(enc("shift_jis", s)).unwrap();
        assert_eq!(d.text, s);
        assert_eq!(d.encoding, "Shift_JIS");
    }

    #[test]
    fn utf16_with_bom_and_without() {
        let s = "Grüße aus Köln";
        let mut le = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode_bytes(le.clone()).unwrap().text, s);
        let bare: Vec<u8> = le[2..].to_vec();
        let d = decode_bytes(bare).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), (s, "UTF-16LE"));
    }

    #[test]
    fn empty_and_binary_are_errors() {
        assert!(decode_bytes(Vec::new()).unwrap_err().contains("empty"));
        assert!(decode_bytes(b"  \n\n ".to_vec()).unwrap_err().contains("empty"));
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0".to_vec();
        assert!(decode_bytes(png).unwrap_err().contains("binary"));
    }
}
