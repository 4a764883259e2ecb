//! memo: a bounded memory of short lines, shared by the stages that meet the same line on page
//! after page (a site's menus, footers and bylines): the strip stage's line classes and dedup's
//! simhashes. Each stage keeps its own per thread; the value must depend only on the line (and
//! whatever the stage stores beside it), so a memory changes no output, only the work done.

use rustc_hash::FxHashMap;

/// Per short line, a value computed once. Lines longer than [`LineMemo::MAX_BYTES`] are not
/// held (long lines are prose and rarely recur); after [`LineMemo::MAX_LINES`] lines it starts
/// over, so a thread's memory stays at a few MB whatever the input.
pub(crate) struct LineMemo<V> {
    map: FxHashMap<Box<str>, V>,
}

impl<V> Default for LineMemo<V> {
    fn default() -> Self {
        LineMemo { map: FxHashMap::default() }
    }
}

impl<V> LineMemo<V> {
    /// Longest line held, in bytes: labels, menu entries and bylines are shorter.
    pub(crate) const MAX_BYTES: usize = 160;
    /// Lines held before the memory starts over.
    pub(crate) const MAX_LINES: usize = 1 << 14;

    /// Whether `text` is short enough to be held.
    pub(crate) fn holds(text: &str) -> bool {
        text.len() <= Self::MAX_BYTES
    }

    pub(crate) fn get_mut(&mut self, text: &str) -> Option<&mut V> {
        self.map.get_mut(text)
    }

    /// Holds `value` for `text` (a line that [`LineMemo::holds`]), replacing what was there;
    /// when full, forgets every line first.
    pub(crate) fn insert(&mut self, text: &str, value: V) {
        debug_assert!(Self::holds(text));
        if self.map.len() >= Self::MAX_LINES && !self.map.contains_key(text) {
            self.map.clear();
        }
        self.map.insert(text.into(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_short_lines_and_starts_over_when_full() {
        assert!(LineMemo::<u8>::holds("Home"));
        assert!(!LineMemo::<u8>::holds(&"x".repeat(LineMemo::<u8>::MAX_BYTES + 1)));
        let mut m = LineMemo::default();
        for i in 0..LineMemo::<usize>::MAX_LINES {
            m.insert(&i.to_string(), i);
        }
        assert_eq!(m.get_mut("7").copied(), Some(7));
        // Replacing a held line does not start over.
        m.insert("7", 70);
        assert_eq!(m.get_mut("8").copied(), Some(8));
        m.insert("one more", 1);
        assert_eq!(m.get_mut("8"), None);
        assert_eq!(m.get_mut("one more").copied(), Some(1));
    }
}
