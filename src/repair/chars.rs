//! chars: soft hyphens, zero-width and stray control characters (STUB: to be replaced).

/// `text` without invisible junk characters, or None when it has none.
pub fn fix(text: &str) -> Option<String> {
    let bad = |c: char| matches!(c, '\u{00AD}' | '\u{200B}' | '\u{FEFF}');
    if !text.chars().any(bad) {
        return None;
    }
    Some(text.chars().filter(|&c| !bad(c)).collect())
}
