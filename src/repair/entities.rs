//! entities: HTML character references (STUB: to be replaced).

/// `text` with HTML entities decoded, or None when it has none.
pub fn fix(text: &str) -> Option<String> {
    if !text.contains('&') {
        return None;
    }
    let out = html_escape::decode_html_entities(text);
    if out == text { None } else { Some(out.into_owned()) }
}
