//! config: everything a run needs to know, in one serde-friendly struct.
//!
//! The CLI builds a `Config`; a Python binding or a distributed driver can build the same thing.
//! Each stage owns its own sub-config with documented defaults.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Which optional stages run. Decoding and normalisation always run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stages {
    pub strip: bool,
    pub repair: bool,
    pub dedup: bool,
}

impl Default for Stages {
    fn default() -> Self {
        Stages { strip: true, repair: true, dedup: true }
    }
}

impl Stages {
    /// Parses a comma-separated list such as `strip,dedup`.
    pub fn parse(list: &str) -> Result<Stages, String> {
        let mut s = Stages { strip: false, repair: false, dedup: false };
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match name {
                "strip" => s.strip = true,
                "repair" => s.repair = true,
                "dedup" => s.dedup = true,
                "all" => s = Stages::default(),
                other => {
                    return Err(format!(
                        "unknown stage '{other}': the stages are strip, repair and dedup"
                    ));
                }
            }
        }
        Ok(s)
    }
}

/// When to draw the progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Progress {
    /// On stderr when it is a terminal.
    #[default]
    Auto,
    Always,
    Never,
}

/// Names of the fields read from JSON lines and CSV records.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Fields {
    pub text: String,
    pub id: String,
    pub url: String,
}

impl Default for Fields {
    fn default() -> Self {
        Fields { text: "text".into(), id: "id".into(), url: "url".into() }
    }
}

/// A whole run.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Config {
    /// Files or directories (walked recursively); `-` is JSON lines on standard input.
    pub inputs: Vec<PathBuf>,
    /// Where documents.csv, paragraphs.csv, repairs.csv, errors.csv and summary.json go.
    pub out_dir: PathBuf,
    pub stages: Stages,
    /// Worker threads; 0 means all cores.
    pub threads: usize,
    pub progress: Progress,
    pub fields: Fields,
    /// Documents per parallel batch (bounds memory; output does not depend on it).
    pub batch_docs: usize,
    pub strip: crate::strip::StripConfig,
    pub repair: crate::repair::RepairConfig,
    pub dedup: crate::dedup::DedupConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            inputs: Vec::new(),
            out_dir: PathBuf::from("output"),
            stages: Stages::default(),
            threads: 0,
            progress: Progress::Auto,
            fields: Fields::default(),
            batch_docs: 1024,
            strip: Default::default(),
            repair: Default::default(),
            dedup: Default::default(),
        }
    }
}
