//! The `scour` command: parses flags, builds a `Config`, calls the library, sets the exit code.
//! Exit codes: 0 every input was read, 1 some inputs failed (see errors.csv), 2 usage or fatal error.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use scour::config::{Config, Fields, Progress, Stages};

// The pipeline allocates many small, short-lived strings and vectors per document (paragraph
// texts, features, CSV rows); mimalloc's thread-local free lists cost about half of glibc's
// malloc/free here (README, "Where it stands"). The library leaves the choice to its user.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "scour", version, about = "Turns raw web scrapes into clean, deduplicated text.",
    long_about = "Turns raw web scrapes into clean, deduplicated text: strips site chrome, repairs mojibake \
and spun copy, removes near-duplicate paragraphs, and writes CSV with an audit trail \
(documents.csv, paragraphs.csv, repairs.csv, errors.csv, summary.json).")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Clean inputs and write the CSV output folder.
    Run(RunArgs),
    /// Show what each paragraph of one file becomes, and why.
    Inspect(InspectArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum ProgressArg {
    Auto,
    Always,
    Never,
}

#[derive(Args)]
struct DataArgs {
    /// Extra chrome lexicon (kind<TAB>phrase lines; the category is the file stem). Repeatable.
    #[arg(long = "lexicon", value_name = "FILE")]
    lexicons: Vec<PathBuf>,
    /// Extra stopword list (one word per line; the file stem is the ISO 639-3 code, e.g.
    /// eng.txt). Repeatable.
    #[arg(long = "stopwords", value_name = "FILE")]
    stopwords: Vec<PathBuf>,
    /// Extra reverse-spinner lexicon (same format as data/spin/*.tsv). Named after a language
    /// (deu.tsv) it applies to documents in that language, otherwise to all. Repeatable.
    #[arg(long = "spin-lexicon", value_name = "FILE")]
    spin_lexicons: Vec<PathBuf>,
}

#[derive(Args)]
struct RunArgs {
    /// Files or directories (walked recursively): .txt, .jsonl/.ndjson, .csv, optionally .gz or
    /// .zst. `-` reads JSON lines from standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Output folder (created if missing).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    out: PathBuf,
    /// Which stages run, comma-separated: strip, repair, dedup. Decoding and normalisation always
    /// run.
    #[arg(long, default_value = "strip,repair,dedup", value_name = "LIST")]
    stages: String,
    /// Worker threads (default: all cores). Output is identical for any number.
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    threads: usize,
    /// Progress bar on stderr: auto (when stderr is a terminal), always or never.
    #[arg(long, value_enum, default_value = "auto")]
    progress: ProgressArg,
    /// JSON/CSV field holding the text.
    #[arg(long, default_value = "text", value_name = "NAME")]
    text_field: String,
    /// JSON/CSV field holding the document id.
    #[arg(long, default_value = "id", value_name = "NAME")]
    id_field: String,
    /// JSON/CSV field holding the URL.
    #[arg(long, default_value = "url", value_name = "NAME")]
    url_field: String,
    /// Turn curly quotes into straight ones during repair.
    #[arg(long)]
    ascii_quotes: bool,
    /// Spin score at or above which spun phrases are reversed.
    #[arg(long, default_value_t = 0.5, value_name = "X")]
    spin_threshold: f32,
    /// Do not count line frequencies over the corpus (skips the first pass).
    #[arg(long)]
    no_linefreq: bool,
    /// A line found in at least this many documents is chrome.
    #[arg(long, default_value_t = 10, value_name = "N")]
    linefreq_min_docs: u32,
    /// Near-duplicate threshold: maximum simhash Hamming distance of candidates.
    #[arg(long, value_name = "BITS")]
    dedup_max_distance: Option<u32>,
    /// Paragraphs with fewer words take part only in exact dedup.
    #[arg(long, value_name = "N")]
    dedup_min_words: Option<usize>,
    #[command(flatten)]
    data: DataArgs,
}

#[derive(Args)]
struct InspectArgs {
    /// A .txt file (or the first record of a .jsonl/.csv file).
    file: PathBuf,
    #[command(flatten)]
    data: DataArgs,
}

fn config(a: RunArgs) -> Result<Config, String> {
    let mut cfg = Config {
        inputs: a.inputs,
        out_dir: a.out,
        stages: Stages::parse(&a.stages)?,
        threads: a.threads,
        progress: match a.progress {
            ProgressArg::Auto => Progress::Auto,
            ProgressArg::Always => Progress::Always,
            ProgressArg::Never => Progress::Never,
        },
        fields: Fields { text: a.text_field, id: a.id_field, url: a.url_field },
        ..Config::default()
    };
    cfg.strip.lexicons = a.data.lexicons;
    cfg.strip.stopwords = a.data.stopwords;
    cfg.strip.linefreq = !a.no_linefreq;
    cfg.strip.linefreq_min_docs = a.linefreq_min_docs;
    cfg.repair.spin_lexicons = a.data.spin_lexicons;
    cfg.repair.ascii_quotes = a.ascii_quotes;
    cfg.repair.spin_threshold = a.spin_threshold;
    if let Some(d) = a.dedup_max_distance {
        cfg.dedup.max_distance = d;
    }
    if let Some(w) = a.dedup_min_words {
        cfg.dedup.min_words = w;
    }
    Ok(cfg)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.cmd {
        Cmd::Run(a) => match config(a) {
            Ok(cfg) => run(&cfg),
            Err(e) => Err(e),
        },
        Cmd::Inspect(a) => scour::pipeline::inspect(&a.file, &a.data.lexicons, &a.data.stopwords, &a.data.spin_lexicons)
            .map(|text| {
                use std::io::Write;
                // A closed pipe (`scour inspect f | head`) is a normal end, not an error.
                let _ = std::io::stdout().lock().write_all(text.as_bytes());
                ExitCode::SUCCESS
            })
            .map_err(|e| e.to_string()),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("scour: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cfg: &Config) -> Result<ExitCode, String> {
    let s = scour::run(cfg).map_err(|e| e.to_string())?;
    if s.inputs == 0 {
        eprintln!(
            "scour: warning: no input files found (from directories scour reads .txt, .jsonl, .ndjson, \
             .json and .csv, optionally .gz or .zst; name a file explicitly to read it as text)"
        );
    }
    let c = &s.counts;
    eprintln!(
        "scour: {} documents, {} paragraphs: {} kept, {} title, {} meta, {} chrome, {} duplicate; {} repairs; {:.1} MB in {:.2}s ({:.1} MB/s)",
        c.documents, c.paragraphs, c.kept, c.title, c.meta, c.chrome, c.duplicate, c.repairs,
        c.bytes as f64 / 1e6, s.wall_seconds, s.mb_per_second
    );
    if s.input_errors > 0 {
        eprintln!("scour: {} inputs could not be read: see {}", s.input_errors, cfg.out_dir.join("errors.csv").display());
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
