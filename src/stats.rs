//! stats: counters of a run, mergeable across batches and threads, written to summary.json.
//!
//! Every status, reason and repair rule that appears in paragraphs.csv has a same-named counter.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::{Document, Status};

#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Stats {
    pub documents: u64,
    pub paragraphs: u64,
    pub kept: u64,
    pub title: u64,
    pub meta: u64,
    pub chrome: u64,
    pub duplicate: u64,
    pub repairs: u64,
    pub spun_documents: u64,
    /// Input bytes of the documents read.
    pub bytes: u64,
    /// Paragraphs per `reason` value.
    pub reasons: BTreeMap<String, u64>,
    /// Repairs per rule (`entity`, `mojibake`, `chars`, `spin`, ...).
    pub repair_rules: BTreeMap<String, u64>,
    /// Documents per detected language.
    pub languages: BTreeMap<String, u64>,
}

/// Adds one to `key`'s counter, copying the key only the first time it is seen (`entry`
/// would take an owned key for every paragraph).
fn bump(map: &mut BTreeMap<String, u64>, key: &str) {
    match map.get_mut(key) {
        Some(n) => *n += 1,
        None => {
            map.insert(key.to_string(), 1);
        }
    }
}

impl Stats {
    pub fn add_document(&mut self, doc: &Document, spin_threshold: f32) {
        self.documents += 1;
        self.bytes += doc.bytes;
        self.spun_documents += (doc.spin_score >= spin_threshold) as u64;
        bump(&mut self.languages, &doc.language);
        for p in &doc.paragraphs {
            self.paragraphs += 1;
            match p.status {
                Status::Kept => self.kept += 1,
                Status::Title => self.title += 1,
                Status::Meta => self.meta += 1,
                Status::Chrome => self.chrome += 1,
                Status::Duplicate => self.duplicate += 1,
            }
            if !p.reason.is_empty() {
                bump(&mut self.reasons, &p.reason);
            }
            for r in &p.repairs {
                self.repairs += 1;
                bump(&mut self.repair_rules, r.rule);
            }
        }
    }

    pub fn merge(&mut self, o: &Stats) {
        self.documents += o.documents;
        self.paragraphs += o.paragraphs;
        self.kept += o.kept;
        self.title += o.title;
        self.meta += o.meta;
        self.chrome += o.chrome;
        self.duplicate += o.duplicate;
        self.repairs += o.repairs;
        self.spun_documents += o.spun_documents;
        self.bytes += o.bytes;
        for (k, v) in &o.reasons {
            *self.reasons.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &o.repair_rules {
            *self.repair_rules.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &o.languages {
            *self.languages.entry(k.clone()).or_default() += v;
        }
    }
}
