//! ascii: word-at-a-time byte tests shared by the stages' scans over mostly-ASCII text
//! (normalize's cleanliness test, the junk-character repair, the word counts of line frequency
//! and spin scoring, dedup's tokeniser), so that each reads a line 8 or 16 bytes at a time.

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

/// For a word of ASCII bytes, the high bit of each byte that is a space (0x20): the zero bytes
/// of `w ^ 0x2020..`, exact per byte (each byte's high bit is set before the subtraction, so
/// none borrows from the next).
#[inline]
pub(crate) fn space_bytes(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    !(((w ^ (0x20 * ONES)) | HIGH) - ONES) & HIGH
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

/// How many whitespace-separated tokens of `text` hold a letter (with `digits`, a letter or a
/// digit), counted up to `limit + 1`: the count stops as soon as it passes `limit`. Same as
/// `text.split_whitespace().filter(|t| t.chars().any(keep)).count().min(limit + 1)`, with
/// `keep` `char::is_alphabetic` or `char::is_alphanumeric`.
///
/// Hand-written because it runs over every line of the input (line frequency) and all kept
/// text (spin scoring), several times cheaper than the iterator chain, which decodes every
/// character twice. ASCII runs go 16 bytes at a time (SSE2, part of the x86_64 baseline):
/// with the space and letter bytes as bit masks, in a mask with 1 at each non-space byte and
/// 0 at each space, adding 1 at each letter carries through the rest of its token into the
/// space that ends it; so the spaces that became 1 end lettered tokens (a space takes at
/// most one carry), and the carry out says whether the token still open has a letter.
/// Other characters (and elsewhere than x86_64, all) are decoded one by one.
pub(crate) fn count_tokens(text: &str, digits: bool, limit: usize) -> usize {
    let b = text.as_bytes();
    let mut count = 0;
    // The current token (since the last whitespace) holds a letter.
    let mut lettered = false;
    let mut i = 0;
    while i < b.len() {
        #[cfg(target_arch = "x86_64")]
        if let Some(c) = b.get(i..i + 16) {
            let (n, space, keep) = ascii_classes(c.try_into().unwrap(), digits);
            if n > 0 {
                // Bytes from `n` on count as neither space nor letter: the carry runs through
                // them, so it comes out as the state at byte `n`.
                let t = (!space & 0xFFFF) + keep + lettered as u32;
                count += POPCOUNT8[(t & space & 0xFF) as usize] as usize + POPCOUNT8[((t & space) >> 8) as usize] as usize;
                if count > limit {
                    return limit + 1;
                }
                lettered = t >> 16 != 0;
                i += n;
                continue;
            }
        }
        // One character at a time: a non-ASCII one, or the last 15 bytes.
        let x = b[i];
        let (space, letter) = if x < 0x80 {
            i += 1;
            (matches!(x, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r'), x.is_ascii_alphabetic() || (digits && x.is_ascii_digit()))
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            (c.is_whitespace(), if digits { crate::lexicon::is_letter_or_digit(c) } else { crate::lexicon::is_letter(c) })
        };
        if space {
            if lettered {
                count += 1;
                if count > limit {
                    return count;
                }
            }
            lettered = false;
        } else {
            lettered |= letter;
        }
    }
    count + lettered as usize
}

/// For 16 bytes: how many lead the block before the first non-ASCII byte, and as bit masks
/// over those bytes, the whitespace bytes (`char::is_whitespace` in ASCII: \t \n \v \f \r and
/// the space) and the letter (with `digits`, letter or digit) bytes.
#[cfg(target_arch = "x86_64")]
#[inline]
fn ascii_classes(c: &[u8; 16], digits: bool) -> (usize, u32, u32) {
    use std::arch::x86_64::*;
    // SAFETY: SSE2 is part of the x86_64 baseline; the load is an unaligned one of 16 bytes.
    unsafe {
        let w = _mm_loadu_si128(c.as_ptr() as *const __m128i);
        let high = _mm_movemask_epi8(w) as u32;
        let n = if high == 0 { 16 } else { high.trailing_zeros() };
        let valid = ((1u32 << n) - 1) & 0xFFFF;
        let space = _mm_or_si128(_mm_cmpeq_epi8(w, _mm_set1_epi8(b' ' as i8)), within(0x09, 0x0D, w));
        let mut keep = within(b'a', b'z', _mm_or_si128(w, _mm_set1_epi8(0x20)));
        if digits {
            keep = _mm_or_si128(keep, within(b'0', b'9', w));
        }
        (n as usize, _mm_movemask_epi8(space) as u32 & valid, _mm_movemask_epi8(keep) as u32 & valid)
    }
}

/// 0xFF in each byte of `v` in `lo..=hi` (both ASCII), else 0. Signed compares: non-ASCII
/// bytes are negative and fall outside every such range.
#[cfg(target_arch = "x86_64")]
#[inline]
fn within(lo: u8, hi: u8, v: std::arch::x86_64::__m128i) -> std::arch::x86_64::__m128i {
    use std::arch::x86_64::*;
    // SAFETY: SSE2 is part of the x86_64 baseline.
    unsafe { _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(lo as i8 - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8(hi as i8 + 1))) }
}

/// The ASCII letters and digits that lead 16 bytes, lower-cased: all 16 bytes with 'A'..='Z'
/// lower-cased, and how many lead before the first other byte (16 when all are).
#[cfg(target_arch = "x86_64")]
#[inline]
pub(crate) fn alnum_run_lower(c: &[u8; 16]) -> ([u8; 16], usize) {
    use std::arch::x86_64::*;
    // SAFETY: SSE2 is part of the x86_64 baseline; unaligned load and store of 16 bytes.
    unsafe {
        let w = _mm_loadu_si128(c.as_ptr() as *const __m128i);
        let upper = within(b'A', b'Z', w);
        let lower = _mm_or_si128(w, _mm_and_si128(upper, _mm_set1_epi8(0x20)));
        let alnum = _mm_or_si128(within(b'a', b'z', lower), within(b'0', b'9', w));
        let mut out = [0u8; 16];
        _mm_storeu_si128(out.as_mut_ptr() as *mut __m128i, lower);
        (out, (_mm_movemask_epi8(alnum) as u32).trailing_ones() as usize)
    }
}

/// Set bits of each byte value.
#[cfg(target_arch = "x86_64")]
static POPCOUNT8: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).count_ones() as u8;
        b += 1;
    }
    t
};

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
    fn space_bytes_are_exact() {
        let w = |s: &[u8; 8]| space_bytes(u64::from_le_bytes(*s));
        assert_eq!(w(b"a b  c!~"), 0x0000_0080_8000_8000);
        assert_eq!(w(b"        "), 0x8080_8080_8080_8080);
        assert_eq!(w(b"\x00\x21\x7f\x20abc\x1f"), 0x0000_0000_8000_0000);
    }

    #[test]
    fn skips_whole_printable_words_only() {
        assert_eq!(skip_printable(b"Plain ok and more", 0), 16);
        assert_eq!(skip_printable(b"Plain\tok", 0), 0);
        assert_eq!(skip_printable(b"12345678\x00", 0), 8);
    }

    fn want_tokens(s: &str, digits: bool, limit: usize) -> usize {
        let keep = |c: char| if digits { c.is_alphanumeric() } else { c.is_alphabetic() };
        s.split_whitespace().filter(|t| t.chars().any(keep)).count().min(limit.saturating_add(1))
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn alnum_runs() {
        assert_eq!(alnum_run_lower(b"HeLLo9 World....").1, 6);
        assert_eq!(&alnum_run_lower(b"HeLLo9 World....").0[..6], b"hello9");
        assert_eq!(alnum_run_lower(b"ABCDEFGHIJKLMNOP"), (*b"abcdefghijklmnop", 16));
        assert_eq!(alnum_run_lower(b"Z@[`{\xc3\xa9aaaaaaaaa").1, 1);
    }

    #[test]
    fn counts_tokens_with_letters() {
        let s = "One, two 3 -- x4\tfive\u{b}six\u{a0}seven\u{85}ë  漢字 .. 42 ";
        assert_eq!(count_tokens(s, false, usize::MAX), want_tokens(s, false, usize::MAX));
        assert_eq!(count_tokens(s, true, usize::MAX), want_tokens(s, true, usize::MAX));
        assert_eq!(count_tokens(s, false, 2), 3);
        assert_eq!(count_tokens("", true, 0), 0);
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn count_tokens_is_exact(s in "[a-cA-Z0-9 .,'\t\n\u{b}\u{c}\r\u{a0}\u{2028}\u{85}é漢—]{0,60}", digits in any::<bool>(), limit in 0usize..30) {
            prop_assert_eq!(count_tokens(&s, digits, limit), want_tokens(&s, digits, limit));
            prop_assert_eq!(count_tokens(&s, digits, usize::MAX), want_tokens(&s, digits, usize::MAX));
        }

        #[test]
        fn count_tokens_on_any_bytes(b in proptest::collection::vec(0u8..0x80, 0..90), digits in any::<bool>()) {
            let s = String::from_utf8(b).unwrap();
            prop_assert_eq!(count_tokens(&s, digits, usize::MAX), want_tokens(&s, digits, usize::MAX));
        }
        #[test]
        fn printable_word_is_exact(b in proptest::array::uniform8(any::<u8>())) {
            let want = b.iter().all(|&c| (0x20..=0x7E).contains(&c));
            prop_assert_eq!(printable_word(u64::from_le_bytes(b)), want);
        }
    }
}
