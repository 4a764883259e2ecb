//! ascii: word-at-a-time byte tests shared by the stages' scans over mostly-ASCII text
//! (normalize, the junk-character repair), so that each reads a line 8 bytes at a time.

/// True when all 8 bytes of `w` are printable ASCII (0x20..=0x7E): none is a C0 control, DEL
/// or non-ASCII. The "has a byte less than n" and "has a zero byte" word tricks: exact as a
/// yes/no answer for the whole word.
#[inline]
pub(crate) fn printable_word(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let control = w.wrapping_sub(0x20 * ONES) & !w;
    let d = w ^ (0x7F * ONES);
    let del = d.wrapping_sub(ONES) & !d;
    (w | control | del) & HIGH == 0
}

/// The first index from `i` on that does not start 8 printable ASCII bytes: a scan for anything
/// else (a control, a non-ASCII character) jumps there and looks at bytes one by one.
#[inline]
pub(crate) fn skip_printable(b: &[u8], mut i: usize) -> usize {
    while let Some(w) = b.get(i..i + 8)
        && printable_word(u64::from_le_bytes(w.try_into().unwrap()))
    {
        i += 8;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn printable_words() {
        let w = |s: &[u8; 8]| printable_word(u64::from_le_bytes(*s));
        assert!(w(b"Plain ok") && w(b"~~ !~~ 0"));
        for bad in [b"Plain\tok", b"Plain\x7fok", b"\x00lain ok", b"Plain o\x1f", b"Plain \xc3\xa9"] {
            assert!(!w(bad), "{bad:?}");
        }
    }

    #[test]
    fn skips_whole_printable_words_only() {
        assert_eq!(skip_printable(b"Plain ok and more", 0), 16);
        assert_eq!(skip_printable(b"Plain\tok", 0), 0);
        assert_eq!(skip_printable(b"12345678\x00", 0), 8);
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn printable_word_is_exact(b in proptest::array::uniform8(any::<u8>())) {
            let want = b.iter().all(|&c| (0x20..=0x7E).contains(&c));
            prop_assert_eq!(printable_word(u64::from_le_bytes(b)), want);
        }
    }
}
