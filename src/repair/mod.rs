//! repair: restores damaged text without touching clean text.
//!
//! Per paragraph, in order: HTML entities ([`entities`]), mojibake ([`mojibake`]), invisible junk
//! characters ([`chars`]), optionally straight quotes ([`Repairer::fix_text`], which the pipeline
//! runs before the strip stage). Per document, on the kept text: a spin score ([`spun`]), and
//! reversal of spun phrases only when the score says the document is spun ([`Repairer::unspin`]). Every change is a
//! [`Repair`] on the paragraph (rule, before, after), counted and written to `repairs.csv`.

pub mod chars;
pub mod entities;
pub mod mojibake;
pub mod spun;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::normalize::normalize_line;
use crate::{Document, Repair, Status};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RepairConfig {
    /// Documents with a spin score at or above this get their spun phrases reversed.
    pub spin_threshold: f32,
    /// Turn curly quotes into straight ones (off by default: curly quotes are not damage).
    pub ascii_quotes: bool,
    /// Extra reverse-spinner lexicons (same format as `data/spin/*.tsv`).
    pub spin_lexicons: Vec<PathBuf>,
}

impl Default for RepairConfig {
    fn default() -> Self {
        RepairConfig { spin_threshold: 0.5, ascii_quotes: false, spin_lexicons: Vec::new() }
    }
}

/// Fewest lines repaired as mojibake that show a page was decoded with the wrong code page.
const MOJIBAKE_PAGE_LINES: usize = 2;

/// The repair stage, built once per run and shared by all threads.
pub struct Repairer {
    cfg: RepairConfig,
    spin: spun::SpinLexicon,
}

impl Repairer {
    pub fn new(cfg: &RepairConfig) -> Result<Repairer, Error> {
        let mut spin = spun::SpinLexicon::builtin();
        for p in &cfg.spin_lexicons {
            spin.extend_from_file(p).map_err(|e| Error::Usage(format!("{}: {e}", p.display())))?;
        }
        Ok(Repairer { cfg: cfg.clone(), spin })
    }

    /// Repairs every paragraph of `doc` and sets its spin score: [`Repairer::fix_text`], then
    /// [`Repairer::unspin`].
    pub fn process(&self, doc: &mut Document) {
        self.fix_text(doc);
        self.unspin(doc);
    }

    /// The character-level repairs (entities, mojibake, junk characters, quotes) of every
    /// paragraph, chrome or not. They need nothing but the line, so the pipeline runs them
    /// before the strip stage, which then reads "Publicité" where the scrape had "PublicitÃ©".
    pub fn fix_text(&self, doc: &mut Document) {
        let mut mojibake = 0usize;
        let mut non_ascii = 0usize;
        for p in &mut doc.paragraphs {
            non_ascii += usize::from(!p.original.is_ascii());
            if let Some((text, repairs)) = self.fix_line(&p.original, mojibake::fix) {
                mojibake += usize::from(repairs.iter().any(|r| r.rule == "mojibake"));
                p.text = text;
                p.repairs.extend(repairs);
            }
        }
        // A page that was decoded with the wrong code page is wrong in every line: once most of
        // its non-ASCII lines are shown to be mojibake, the rest are read the same way, also
        // those whose damage looks plausible on its own ("nuorodÄ…").
        if mojibake >= MOJIBAKE_PAGE_LINES && 2 * mojibake >= non_ascii {
            for p in doc.paragraphs.iter_mut().filter(|p| p.repairs.is_empty()) {
                if let Some((text, repairs)) = self.fix_line(&p.original, mojibake::fix_in_mojibake) {
                    p.text = text;
                    p.repairs.extend(repairs);
                }
            }
        }
    }

    /// The normalised repaired text of one line as read and the repairs made, or `None` when
    /// nothing changes it.
    pub fn fix_line(&self, original: &str, mojibake: fn(&str) -> Option<String>) -> Option<(String, Vec<Repair>)> {
        // Work from the line as read: normalisation turns U+00A0 into a space, which can be
        // the last byte of a mojibake sequence ("Ã\u{a0}" for "à"). Each result is
        // normalised again, so a line nothing fires on keeps exactly its normalised text.
        if original.is_ascii() && memchr::memchr(b'&', original.as_bytes()).is_none() {
            return None;
        }
        // Borrowed until a step changes it: on most lines none does.
        let mut raw = std::borrow::Cow::Borrowed(original);
        let mut repairs = Vec::new();
        let mut step = |rule: &'static str, fixed: Option<String>, raw: &mut std::borrow::Cow<str>| {
            if let Some(after) = fixed {
                let (b, a) = (normalize_line(raw), normalize_line(&after));
                if a != b {
                    repairs.push(Repair { rule, before: b, after: a });
                }
                *raw = std::borrow::Cow::Owned(after);
            }
        };
        let fixed = entities::fix(&raw);
        step("entity", fixed, &mut raw);
        let fixed = mojibake(&raw);
        step("mojibake", fixed, &mut raw);
        let fixed = chars::fix(&raw);
        step("chars", fixed, &mut raw);
        if self.cfg.ascii_quotes {
            let fixed = ascii_quotes(&raw);
            step("quotes", fixed, &mut raw);
        }
        (!repairs.is_empty()).then(|| (normalize_line(&raw), repairs))
    }

    /// The spin score of the kept text and, when it says the document is spun, the reversal
    /// of its spun phrases in the kept text and the title. Runs after the strip stage: the
    /// score is of the article, not of its menus.
    pub fn unspin(&self, doc: &mut Document) {
        let body: Vec<&str> = doc
            .paragraphs
            .iter()
            .filter(|p| p.status == Status::Kept)
            .map(|p| p.text.as_str())
            .collect();
        // A lexicon is for one language: English spinner swaps say nothing about German copy
        // (and scanning it would be wasted work).
        doc.spin_score = if self.spin.applies_to(&doc.language) { self.spin.score(&body) } else { 0.0 };
        if doc.spin_score >= self.cfg.spin_threshold {
            for p in doc.paragraphs.iter_mut().filter(|p| matches!(p.status, Status::Kept | Status::Title)) {
                if let Some((after, fixes)) = self.spin.repair(&p.text) {
                    for f in fixes {
                        p.repairs.push(Repair { rule: "spin", before: f.before, after: f.after });
                    }
                    p.text = after;
                }
            }
            if let Some(t) = doc.paragraphs.iter().find(|p| p.status == Status::Title) {
                doc.title = t.text.clone();
            }
        }
    }
}

fn ascii_quotes(text: &str) -> Option<String> {
    let curly = |c: char| matches!(c, '‘' | '’' | '“' | '”' | '„' | '‚');
    if !text.chars().any(curly) {
        return None;
    }
    Some(
        text.chars()
            .map(|c| match c {
                '‘' | '’' | '‚' => '\'',
                '“' | '”' | '„' => '"',
                c => c,
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Paragraph;

    fn doc(lines: &[&str]) -> Document {
        let mut d = Document::default();
        for (i, l) in lines.iter().enumerate() {
            d.paragraphs.push(Paragraph::new(i as u32, l.to_string(), l.to_string()));
        }
        d
    }

    #[test]
    fn entities_are_decoded_and_recorded() {
        let r = Repairer::new(&RepairConfig::default()).unwrap();
        let mut d = doc(&["Fish &amp; chips&nbsp;today", "AT&T and R&D stay as written."]);
        r.process(&mut d);
        assert_eq!(d.paragraphs[0].text, "Fish & chips today");
        assert_eq!(d.paragraphs[0].repairs[0].rule, "entity");
        assert_eq!(d.paragraphs[1].text, "AT&T and R&D stay as written.");
        assert!(d.paragraphs[1].repairs.is_empty());
    }

    #[test]
    fn spin_lexicons_apply_to_their_language() {
        let r = Repairer::new(&RepairConfig::default()).unwrap();
        let spun = "The nation's deputy international minister has stated the deal was struck throughout \
                    the Chilly Warfare, and 1000's of individuals marched in the capital metropolis.";
        let mut en = doc(&[spun]);
        r.process(&mut en);
        assert!(en.spin_score >= 0.5, "{}", en.spin_score);
        assert!(en.paragraphs[0].text.contains("Cold War"), "{}", en.paragraphs[0].text);
        // The same words in a document detected as German: the English lexicon says nothing.
        let mut de = doc(&[spun]);
        de.language = "deu".into();
        r.process(&mut de);
        assert_eq!(de.spin_score, 0.0);
        assert_eq!(de.paragraphs[0].text, spun);
    }

    #[test]
    fn ascii_quotes_only_when_asked() {
        let text = "He said “yes” and ‘no’.";
        let mut d = doc(&[text]);
        Repairer::new(&RepairConfig::default()).unwrap().process(&mut d);
        assert_eq!(d.paragraphs[0].text, text);
        let cfg = RepairConfig { ascii_quotes: true, ..Default::default() };
        let mut d = doc(&[text]);
        Repairer::new(&cfg).unwrap().process(&mut d);
        assert_eq!(d.paragraphs[0].text, "He said \"yes\" and 'no'.");
    }

    use proptest::prelude::*;

    /// Words of clean text in several scripts, with the punctuation real text uses.
    fn clean_word() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z]{1,12}",
            // Real accented words: random accented letters side by side ("âœ") are exactly
            // what mojibake looks like, so they would not be clean text.
            proptest::sample::select(vec![
                "été", "déjà", "où", "garçon", "cœur", "Noël", "naïve", "façade", "théâtre", "élève",
                "Straße", "Grüße", "Köln", "über", "Mädchen", "Zürich", "año", "niño", "acción", "São",
                "coração", "Kraków", "Łódź", "žena", "český", "İstanbul", "şehir", "Ørsted", "Århus",
            ])
            .prop_map(str::to_string),
            "[а-яА-ЯёЁ]{1,12}",
            "[α-ωΑ-Ω]{1,10}",
            "[一-龥]{1,6}",
            "[ぁ-ゖ]{1,6}",
            "[가-힣]{1,5}",
            "[0-9]{1,4}",
            Just("“quoted”".to_string()),
            Just("it’s".to_string()),
            Just("—".to_string()),
            Just("…".to_string()),
            Just("€5".to_string()),
            Just("😀".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, cases: 512, ..ProptestConfig::default() })]

        /// The first rule of repair: clean text comes out unchanged, with no repair recorded.
        #[test]
        fn clean_text_is_never_changed(words in proptest::collection::vec(clean_word(), 1..30)) {
            static R: std::sync::OnceLock<Repairer> = std::sync::OnceLock::new();
            let r = R.get_or_init(|| Repairer::new(&RepairConfig::default()).unwrap());
            let line = words.join(" ");
            let mut d = doc(&[&line]);
            r.process(&mut d);
            prop_assert_eq!(&d.paragraphs[0].text, &line);
            prop_assert!(d.paragraphs[0].repairs.is_empty());
        }
    }
}
