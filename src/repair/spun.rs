//! spun: detect and reverse synonym-spun copy (STUB: to be replaced).

/// A reverse-spinner lexicon.
#[derive(Clone, Debug, Default)]
pub struct SpinLexicon {}

/// One phrase replaced by `repair`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpinFix {
    pub before: String,
    pub after: String,
}

impl SpinLexicon {
    /// The lexicon shipped in `data/spin/`, compiled into the binary.
    pub fn builtin() -> SpinLexicon {
        SpinLexicon {}
    }
    /// Adds the entries of a user's lexicon file (same format as `data/spin/*.tsv`).
    pub fn extend_from_file(&mut self, _path: &std::path::Path) -> Result<(), String> {
        Ok(())
    }
    /// Likelihood in [0, 1] that the document made of these paragraphs is spun.
    pub fn score(&self, _paragraphs: &[&str]) -> f32 {
        0.0
    }
    /// The paragraph with spun phrases reversed, and the list of changes; None when unchanged.
    pub fn repair(&self, _text: &str) -> Option<(String, Vec<SpinFix>)> {
        None
    }
}
