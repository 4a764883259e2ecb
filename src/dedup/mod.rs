//! dedup: exact and near-duplicate paragraphs across a whole corpus, in bounded memory.
//! Takes paragraph text (via [`fingerprint`], pure and parallel) and an [`Index`] fed in input
//! order; guarantees first-occurrence-wins results that depend only on the order of calls.
//!
//! # How it works
//!
//! * **Normalisation** (shared by everything below): lower-case; letters and digits form
//!   tokens; apostrophes inside words (`'`, `’`, `‘`, `ʼ`, `` ` ``) are dropped (`don’t` =
//!   `dont`); every other character (punctuation, quotes, dashes, spacing) separates tokens;
//!   a handful of British/American suffix pairs are folded (`-ise/-ize`, `-isation`, `-yse`,
//!   `-our/-or`, `-tre/-ter`, `-bre/-ber`, `-ogue/-og`, `-elled/-eled`, `-amme/-am`).
//! * **Exact key**: xxh3-64 of the normalised token sequence (tokens joined by one space), so
//!   case, spacing, quote style, punctuation and those spellings do not matter.
//! * **Simhash**: 64-bit, over word unigrams *and* word bigrams of the normalised tokens,
//!   hashed with xxh3 (stable across compilers and platforms, unlike `Hash`/SipHash),
//!   accumulated branch-free. Weights: content unigram 2, stop-word unigram 1, bigram 1 (see
//!   [`simhash`] for what was measured).
//! * **MinHash**: 32 min-wise hashes (multiply-shift family over the xxh3 token hash) of the
//!   *set* of content tokens (English stop words removed; all tokens if fewer than 4 remain).
//!   4 LSH bands of 2 rows (+ up to 3 refinement rows) give candidates; all 32 are stored
//!   as 4-bit values (16 bytes) to estimate Jaccard and containment when verifying.
//!
//! # Decisions
//!
//! * Paragraphs with fewer than `min_exact_words` (default 6) tokens are ignored entirely:
//!   never reported, never recorded ("Read more", "Share this:", datelines).
//! * Paragraphs with `min_exact_words..min_words` (default 6..8) tokens take part in exact
//!   dedup only (a repeated 8+-word headline is an exact duplicate; so is a repeated 6-word one).
//! * Paragraphs with at least `min_words` tokens also take part in near-duplicate search. A
//!   candidate (same exact key, or sharing an LSH band) is accepted only when its simhash is at
//!   most `max_distance` bits away **and** the sketch estimates Jaccard >= `min_similarity`
//!   (or containment >= `min_containment` with the smaller set at least half the larger: a
//!   copy with a clause dropped or added). Short paragraphs (<= 16 content tokens) store
//!   their token set exactly (8-bit hashes) and need Jaccard >= `min_similarity_short` (0.9)
//!   and distance <= `max_distance / 3`: with few tokens one changed fact (a score, a
//!   temperature, swapped team names) looks like a light edit. Exception: when both sets
//!   have 14..=16 content tokens (a 20-30 word news sentence, not a formulaic one-liner of
//!   ~10), Jaccard >= 0.85 (one swapped word: 15/17) at up to `max_distance` suffices.
//! * LSH buckets are capped: once a band bucket holds `max_candidates` entries, later entries
//!   go one level down (key of 3, then 4, then 5 minhashes), so boilerplate-heavy buckets split
//!   instead of growing; queries descend only through full buckets.
//! * Among accepted candidates the earliest recorded paragraph wins; a duplicate is not
//!   recorded itself, so chains resolve to the first occurrence.
//! * Slack: two sketched paragraphs (more than 16 content tokens each) whose sketches
//!   estimate Jaccard >= 0.8 are accepted up to `max_distance + 3` simhash bits (the simhash
//!   distance of 10%-edited copies has a long tail; see `SLACK_DISTANCE` in `index.rs`).
//!
//! # Speed: what each shortcut is and why it is safe
//!
//! * `fingerprint` reuses per-thread buffers (cleared on entry: no state leaks between
//!   calls; dropped after a paragraph over 1 MiB so no worker pins a huge buffer).
//! * Stop words are looked up by the token's xxh3 hash in a table built once (full 64-bit
//!   compare: same answer as the word lists unless a content word collides with a stop word
//!   in 64 bits), in buckets of 4 sized so none overflows: one bucket read and 4 compares
//!   ORed, no probe loop and no branch (stop word or not is a coin toss for the predictor).
//! * Tokenising copies a run of ASCII letters/digits 16 bytes at a time (SSE2: the block
//!   lower-cased and stored whole, the run's length from a compare mask), the last bytes in
//!   a loop (one table load per byte gives "still a letter" and the lower-case byte); one
//!   capacity check per run.
//! * Spelling folds: only the folds whose suffix ends with the token's last two (for
//!   "-es" three) bytes are tried, in FOLDS order (same first match as scanning all 28;
//!   tested on every tail of every suffix).
//! * Simhash counters are 64 byte lanes flushed into `i32`s before a lane can overflow:
//!   with AVX2 (detected at run time) two registers, a feature's bits spread to bytes by
//!   `vpshufb` + compare; without, 8 `u64`s fed from a 256-entry bit→byte table. Both are
//!   bit-identical to 64 separate counters (tested against the plain definition).
//! * MinHash: with AVX2 the 32 permutations run 8 lanes wide (64-bit multiply-add from
//!   three 32×32→64 multiplies, unsigned 32-bit min); same values as the scalar loop (tested).
//! * The index is latency-bound (table groups and simhashes are cache misses on a large
//!   index), so a query is ordered for memory-level parallelism: the caller hints the next
//!   paragraph ([`Index::prefetch`]: its exact group and band groups of levels 0-2 start
//!   loading during the current query) and the one 4 ahead ([`prefetch_value`]: the
//!   fingerprint's own cache lines); a query first walks the band tables alone, level by level across
//!   the 4 bands (which levels it descends to depends only on bucket counts), starting to
//!   load each member's simhash; then it checks simhash distances, reading an 8-byte value
//!   from a dense array instead of a 40-byte entry (the first test `verify` makes anyway),
//!   verifies the survivors in ascending order (first pass = earliest = what a full scan
//!   picks), and records at the bucket levels the query already found. Same results as the
//!   straightforward one-band-at-a-time scan (same checksum on planted).
//! * Simhash distances use the `popcnt` instruction when the CPU has it (detected at run
//!   time; the baseline x86_64 target has none and `count_ones` costs ~12 instructions).
//! * Tables probe 16-slot groups (SwissTable-like): 16 tags compared by 4 SSE2 compares,
//!   a lookup ends at the first group with a free slot, an insert appends to that group
//!   (no shifting). Same contents and same per-key order as any multimap (tested); the
//!   Robin Hood slots this replaced cost 1.64x the instructions (callgrind, planted 100k),
//!   mostly probe-distance arithmetic per slot and run shifting on insert.
//!
//! # Measured (2026-11-23, 2-core AMD EPYC VM shared with other builds; before/after
//! # measured back to back in one run, so compare ratios, not absolute rates)
//!
//! `cargo run --release --example planted -- --n 100000` (147 819 paragraphs, 58.8 MB):
//!
//! | | before | after |
//! |---|---|---|
//! | precision | 0.9932 | 0.9943 |
//! | recall 0 / 2 / 5 / 10% edits | 0.998 / 0.996 / 0.978 / 0.867 | 0.998 / 0.997 / 0.988 / 0.918 |
//! | recall 15 / 20 / 30% edits | 0.687 / 0.473 / 0.169 | 0.767 / 0.552 / 0.195 |
//! | recall, copies <= 10% edits | 0.9592 | 0.9749 |
//! | fingerprint, 1 thread | 31.5 MB/s | 62.0 MB/s |
//! | index find_or_insert, 1 thread | 0.28 M/s | 0.56 M/s |
//! | index bytes per distinct paragraph | 107.4 | 106.0 |
//!
//! `cargo bench --bench dedup` (criterion; old code and new code with the same bench file,
//! back to back; the `simhash` crate runs on the same `&str`s in each run):
//!
//! | | before | after |
//! |---|---|---|
//! | fingerprint, planted paragraphs | 33.7 MiB/s (simhash crate 42.0: 0.80x) | 67.2 MiB/s (crate 46.9: 1.43x) |
//! | fingerprint, vocab73 paragraphs | 33.1 MiB/s (crate 46.0: 0.72x) | 55.5 MiB/s (crate 45.1: 1.23x) |
//! | index, planted (148k paragraphs) | 235 K/s | 426 K/s |
//! | index, vocab73 (130k, adversarial) | 181 K/s | 227 K/s |
//!
//! Index throughput, issue #5 (table groups, two-pass scan, popcnt, prefetching; results
//! identical: same matches on planted, same `output/`). Base b016d48 and the new code run
//! back to back, twice, same VM (2 cores shared with other builds: absolute rates swing
//! ~30% between runs, compare within a run):
//!
//! | | before | after |
//! |---|---|---|
//! | criterion `index/planted` (148k paragraphs), run 1 / run 2 | 872 / 792 K/s | 1.54 / 1.17 M/s |
//! | criterion `index/vocab73` (130k, adversarial), run 1 / run 2 | 269 / 248 K/s | 1.49 / 1.41 M/s |
//! | planted `--n 100000` index, wall (on-CPU), run 1 | 0.77 (0.83) M/s | 1.05 (1.37) M/s |
//! | planted `--n 100000` index, wall (on-CPU), run 2 | 0.71 (0.72) M/s | 1.49 (1.54) M/s |
//! | callgrind, instructions in `find_or_insert` (planted 100k) | 1 103 M | 662 M |
//! | index bytes per distinct paragraph | 105.8 | 105.2 |
//!
//! Where the time went before (perf, `index_speed`): probe arithmetic of the Robin Hood
//! slots and run shifting on insert (40% of instructions), then stalls: each band-slot
//! miss followed by ~27 dependent simhash loads per query. Tried without gain: 8-slot
//! (one cache line) groups, max load 3/4 or 13/16 (117 / 110 B per paragraph), checking
//! each level's simhashes during the next level's walk, zeroed allocation for new tables.
//!
//! Fingerprint speed, issue #5 (AVX2 minhash and simhash kernels, run-copy tokenising,
//! two-byte fold dispatch, branch-free stop-word buckets; all bit-identical: same checksum
//! of every fingerprint field from `examples/fp_speed.rs`, same planted results, same
//! `output/`). Base 56d94b3 and the new code, same bench file, back to back; the VM's
//! other load made whole runs swing by up to 1.5x, so three runs (run 1's "after" is
//! 0b08bb4, before the stop-word buckets; runs 2-3 are the final code):
//!
//! | | before | after |
//! |---|---|---|
//! | criterion `fingerprint/planted`, run 1 | 73.4 MiB/s (simhash crate 51.3: 1.43x) | 120.2 MiB/s (crate 51.4: 2.34x) |
//! | criterion `fingerprint/vocab73`, run 1 | 72.5 MiB/s (crate 56.9: 1.27x) | 98.2 MiB/s (crate 53.4: 1.84x) |
//! | criterion `fingerprint/planted`, run 2 | 81.8 MiB/s (crate 51.0: 1.60x) | 92.3 MiB/s (crate 47.2: 1.96x) |
//! | criterion `fingerprint/vocab73`, run 2 | 85.6 MiB/s (crate 54.2: 1.58x) | 107.5 MiB/s (crate 53.0: 2.03x) |
//! | criterion `fingerprint/planted`, run 3 | 82.3 MiB/s (crate 49.5: 1.66x) | 113.7 MiB/s (crate 44.5: 2.55x) |
//! | criterion `fingerprint/vocab73`, run 3 | 63.3 MiB/s (crate 52.0: 1.22x) | 105.6 MiB/s (crate 55.3: 1.91x) |
//! | `fp_speed --n 10000 --reps 30`, best of 4 alternating runs | 97.5 MB/s | 142.8 MB/s |
//! | callgrind, instructions per `fingerprint` (planted 5k) | 52.7 k | 32.6 k |
//! | callgrind, instructions per `simhash_of` | 32.7 k | 22.4 k |
//! | planted `--n 30000` precision / recall <= 10% | 0.9985 / 0.9762 | 0.9985 / 0.9762 |
//! | planted `--n 100000` precision / recall <= 10% | 0.9957 / 0.9714 | 0.9957 / 0.9714 |
//!
//! Where the time went before (callgrind per paragraph): tokenising 22.6 k instructions
//! (10.4 k of it `end_token`), minhash 32 scalar multiply-adds per content token ~10 k,
//! simhash 10.3 k. After (perf, wall time): `end_token` ~36% (xxh3 per token and the
//! stop-word bucket load at the end of that dependency chain), the per-byte tokenising
//! loop ~25%, simhash ~10%, minhash kernel ~7% plus sort/dedup of the set ~6%. Tried
//! without gain (slower or within noise, reverted): xxh3 for 1-16-byte tokens computed
//! branch-free (all three short formulas from the 16 bytes ending at the token, selected
//! by length; bit-identical but slower: the u128 window shifts cost more than the length
//! branches' mispredictions); a 64 KB stop table (buckets for words of <= 7 bytes plus a
//! 16-entry stash checked on every lookup: the stash compares cost more than the smaller
//! table saved); the stop-word lookups as a separate pass after tokenising. Still short
//! of the 3-5x: the next steps would change values (a cheaper token hash than
//! xxh3, one-permutation minhash) and need the planted re-tuning. In
//! the index (perf, after): table-group and simhash stalls in `find_or_insert` ~50%,
//! entry loads in `verify` ~14%, the next fingerprint's band keys ~10%, table growth ~8%.
//!
//! Peer (`benches/dedup_peer.py`: datasketch MinHash, 128 perms, word unigrams,
//! MinHashLSH threshold 0.7, first occurrence wins) on planted `--n 20000` (29 497
//! paragraphs), next to scour on the same stream:
//!
//! | | scour | datasketch, word 1-shingles | datasketch, word 3-shingles |
//! |---|---|---|---|
//! | precision | 0.9981 | 0.7025 | 0.8891 |
//! | recall 0 / 2 / 5 / 10% edits | 1.000 / 0.997 / 0.994 / 0.928 | 0.932 / 0.936 / 0.929 / 0.915 | 0.999 / 0.999 / 0.762 / 0.193 |
//! | recall 15 / 20 / 30% | 0.788 / 0.600 / 0.203 | 0.847 / 0.722 / 0.438 | 0.054 / 0.024 / 0.002 |
//! | recall <= 10% edits | 0.9793 | 0.9278 | 0.7330 |
//! | paragraphs/s, 1 thread | ~150 K fingerprint + 1.15 M index | ~1 080 | ~1 050 |
//!
//! (datasketch's unigram sets merge formulaic one-liners and templated news, and its
//! "first occurrence wins" pick is sometimes an unrelated earlier hit, hence recall < 1 at 0%.)
//!
//! # Memory per distinct paragraph (what [`Index::memory_bytes`] counts)
//!
//! * entry: key 8 + exact/size 8 + sketch 16 = 32 bytes, plus the simhash (8) in a parallel
//!   dense array = **40 bytes**, both stored in fixed chunks of 4 096 entries (no `Vec`
//!   doubling slack; waste < one chunk).
//! * 5 hash tables (exact + 4 bands), 8-byte slots (`u32` tag + `u32` entry index) in
//!   groups of 16 (64 bytes of tags, then 64 bytes of indices), max load 7/8, each split into 64 shards whose capacities are staggered
//!   geometrically so they double at different times: slots/entry averages
//!   `(8/7)/ln 2 = 1.65` → **13.2 bytes per table, 66 bytes for five**.
//! * total ≈ **106 bytes per distinct paragraph** (measured 100–112 in the tests and the
//!   planted benchmark); hard worst case if every shard had just doubled: 40 + 5·18.3 = 131.
//!   10 million distinct paragraphs ≈ 1.1 GB, far inside 24 GB. Near duplicates and
//!   ignored short lines cost nothing. Entry indices are `u32`: up to 4·10⁹ distinct paragraphs.
//!
//! # Defaults
//!
//! `max_distance` 12, `min_words` 8, `min_similarity` 0.65, `min_exact_words` 6,
//! `min_containment` 0.85, `min_similarity_short` 0.9, `max_candidates` 4 per bucket.
//! Chosen on the planted benchmark (100k bases): max_distance 14 raised recall at 10% edits
//! from 0.87 to 0.93 but cut precision from 0.993 to 0.977; the slack rule instead gives 0.92
//! at precision 0.994. `max_candidates` (with slack) 4 / 6 / 8 / 16: precision 0.9952 /
//! 0.9947 / 0.9943 / 0.9934, recall <= 10% edits 0.9728 / 0.9741 / 0.9749 / 0.9771; time per
//! query grows with the cap (without slack, 29 / 51 / 87 candidates per query at 4 / 8 / 16).
//! The default is 4: in one run of `planted --n 100000` (stop words of all 21 languages), cap
//! 8 gave precision 0.9948, recall <= 10% 0.9738 at 0.46 M find_or_insert/s, cap 4 gave
//! 0.9957, 0.9714 at 0.71 M/s (1.54x).

mod index;

use serde::{Deserialize, Serialize};

use crate::memo::LineMemo;

pub use index::{Index, prefetch_value};

/// Knobs of the dedup stage. Missing fields deserialize to the defaults.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct DedupConfig {
    /// Largest simhash Hamming distance accepted for a near duplicate.
    pub max_distance: u32,
    /// Fewest tokens for near-duplicate search (shorter paragraphs: exact only).
    pub min_words: usize,
    /// Smallest estimated Jaccard similarity of the content-token sets for a near duplicate.
    pub min_similarity: f32,
    /// Fewest tokens for any dedup at all; shorter paragraphs are never reported nor recorded.
    pub min_exact_words: usize,
    /// Estimated containment (|A∩B| / min(|A|,|B|)) that also accepts a candidate when the
    /// sets differ in size by at most 2x (dropped or added clause).
    pub min_containment: f32,
    /// Smallest (exact) Jaccard similarity when either set has at most `SMALL_SET` (16)
    /// content tokens: with few tokens one shared template looks like a light edit.
    pub min_similarity_short: f32,
    /// Most candidates examined per LSH band per query (bounds time on skewed data).
    pub max_candidates: usize,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            max_distance: 12,
            min_words: 8,
            min_similarity: 0.65,
            min_exact_words: 6,
            min_containment: 0.85,
            min_similarity_short: 0.9,
            max_candidates: 4,
        }
    }
}

/// Number of min-wise hashes in a fingerprint (stored as 4-bit values: 16 bytes).
pub const MINHASHES: usize = 32;
/// Content sets up to this size are stored exactly (as 8-bit token hashes), not sketched.
pub const SMALL_SET: usize = 16;
/// LSH bands (tables) over the minhashes, each keyed by `ROWS` full 32-bit values.
pub const BANDS: usize = 4;
/// Rows per LSH band.
pub const ROWS: usize = 2;

/// What the index needs to know about one paragraph. Computed by [`fingerprint`].
#[derive(Clone, Debug)]
pub struct Fingerprint {
    /// 64-bit simhash of the normalised unigrams and bigrams.
    pub simhash: u64,
    /// xxh3-64 of the normalised token sequence.
    pub exact: u64,
    /// Number of normalised tokens.
    pub words: u32,
    /// Number of distinct content tokens the minhashes were taken over (saturating).
    pub set_size: u16,
    /// Min-wise hashes of the content-token set (all `u32::MAX` when `set_size == 0`).
    pub minhash: [u32; MINHASHES],
    /// For small sets (`set_size <= SMALL_SET`): the set itself as sorted 8-bit token
    /// hashes (unused bytes 0xff), which the index stores instead of the minhash sketch.
    pub small: [u8; SMALL_SET],
}

/// An earlier paragraph that the queried one duplicates.
#[derive(Clone, Debug)]
pub struct Match {
    /// The key the earlier paragraph was recorded with.
    pub key: u64,
    /// Same normalised text.
    pub exact: bool,
    /// Simhash Hamming distance (0 when exact).
    pub distance: u32,
    /// Estimated Jaccard similarity of the content-token sets (1.0 when exact).
    pub similarity: f32,
}

/// Fingerprints one paragraph. Pure (same text and config → same value on every platform
/// and compiler), allocation-free after the first call on a thread, safe to call from many
/// threads.
pub fn fingerprint(text: &str, _cfg: &DedupConfig) -> Fingerprint {
    SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        let Scratch { norm, toks, set } = &mut *s;
        norm.clear();
        toks.clear();
        normalise(text, norm, toks);
        let exact = xxhash_rust::xxh3::xxh3_64(norm);
        let simhash = simhash(toks);
        let (minhash, set_size, small) = minhash(toks, set);
        // Do not let one huge paragraph pin megabytes in every worker thread.
        if norm.capacity() > 1 << 20 {
            *norm = Vec::new();
            *toks = Vec::new();
            *set = Vec::new();
        }
        Fingerprint { simhash, exact, words: toks.len() as u32, set_size, minhash, small }
    })
}

/// The 64-bit simhash alone, as [`fingerprint`] computes it: for paragraphs that only need
/// the `simhash` column (chrome), at about half the cost (no minhash, no token set).
///
/// Chrome recurs: the same menu entries, footers and bylines on every page of a site. Each
/// thread remembers the simhashes of the short lines it has hashed ([`LineMemo`]), so a
/// recurring line is normalised and hashed once; the value is the same either way. On the 2 MB
/// gencorpus sample three in four chrome lines were repeats: `simhash_of` went from 28.9 M to
/// 19.1 M instructions (callgrind, 1 thread).
pub fn simhash_of(text: &str) -> u64 {
    if !LineMemo::<u64>::holds(text) {
        return simhash_uncached(text);
    }
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if let Some(&mut h) = m.get_mut(text) {
            return h;
        }
        let h = simhash_uncached(text);
        m.insert(text, h);
        h
    })
}

thread_local! {
    static MEMO: std::cell::RefCell<LineMemo<u64>> = std::cell::RefCell::default();
}

fn simhash_uncached(text: &str) -> u64 {
    SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        let Scratch { norm, toks, .. } = &mut *s;
        norm.clear();
        toks.clear();
        normalise(text, norm, toks);
        let h = simhash(toks);
        if norm.capacity() > 1 << 20 {
            *norm = Vec::new();
            *toks = Vec::new();
        }
        h
    })
}

/// Per-thread buffers reused across calls (the fingerprint is a pure function of the text;
/// the buffers are cleared first, so reuse cannot leak state between paragraphs).
#[derive(Default)]
struct Scratch {
    norm: Vec<u8>,
    toks: Vec<(u64, bool)>,
    set: Vec<u64>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

// ---------------------------------------------------------------------------------------------
// Normalisation

/// Writes the normalised tokens of `text` into `norm` (space-separated) and pushes, for each
/// token, its xxh3 hash and whether it is a content (non-stop) word.
fn normalise(text: &str, norm: &mut Vec<u8>, toks: &mut Vec<(u64, bool)>) {
    let bytes = text.as_bytes();
    let mut start = 0usize; // start of the current token in `norm`
    let mut in_tok = false;
    let mut i = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if ASCII_LOWER[b as usize] != 0 {
                start_token(norm, &mut start, &mut in_tok);
                // The whole run of ASCII letters and digits, written into reserved space (one
                // capacity check per run instead of a push per byte): 16 bytes at a time
                // (SSE2) while 16 remain, the lower-cased block stored whole and the run's
                // length taken; then one table load per byte gives both "still in the run"
                // and the lower-case byte.
                norm.reserve(bytes.len() - i + 16);
                let len0 = norm.len();
                let spare = norm.spare_capacity_mut();
                let mut k = 0;
                #[cfg(target_arch = "x86_64")]
                let mut c = loop {
                    let Some(block) = bytes.get(i..i + 16) else { break bytes.get(i).map_or(0, |&x| ASCII_LOWER[x as usize]) };
                    let (lower, run) = crate::ascii::alnum_run_lower(block.try_into().unwrap());
                    // `spare` holds 16 bytes past the run so far: k <= i - i0 and i + 16 <= len.
                    for (s, &l) in spare[k..k + 16].iter_mut().zip(&lower) {
                        s.write(l);
                    }
                    k += run;
                    i += run;
                    if run < 16 {
                        break 0;
                    }
                };
                #[cfg(not(target_arch = "x86_64"))]
                let mut c = ASCII_LOWER[b as usize];
                while c != 0 {
                    spare[k].write(c);
                    k += 1;
                    i += 1;
                    c = bytes.get(i).map_or(0, |&x| ASCII_LOWER[x as usize]);
                }
                // SAFETY: the `k` bytes after `len0` were just written (k <= spare.len(),
                // else the indexing above would have panicked).
                unsafe { norm.set_len(len0 + k) };
                continue;
            }
            i += 1;
            if (b == b'\'' || b == b'`') && in_tok && next_is_alnum(bytes, i) {
                // apostrophe inside a word: dropped
            } else if in_tok {
                end_token(norm, start, toks);
                in_tok = false;
            }
            continue;
        }
        // Non-ASCII: decode one char (text is valid UTF-8).
        let c = text[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        if crate::lexicon::is_letter_or_digit(c) {
            start_token(norm, &mut start, &mut in_tok);
            let mut buf = [0u8; 4];
            for lc in c.to_lowercase() {
                norm.extend_from_slice(lc.encode_utf8(&mut buf).as_bytes());
            }
        } else if matches!(c, '\u{2019}' | '\u{2018}' | '\u{02BC}') && in_tok && next_is_alnum(bytes, i) {
            // curly apostrophe inside a word: dropped
        } else if in_tok {
            end_token(norm, start, toks);
            in_tok = false;
        }
    }
    if in_tok {
        end_token(norm, start, toks);
    }
}

/// Opens a token at the end of `norm` (after a separating space) unless one is open.
#[inline]
fn start_token(norm: &mut Vec<u8>, start: &mut usize, in_tok: &mut bool) {
    if !*in_tok {
        if !norm.is_empty() {
            norm.push(b' ');
        }
        *start = norm.len();
        *in_tok = true;
    }
}

/// For ASCII letters and digits the lower-case byte, for every other byte (and all bytes
/// >= 0x80) 0.
static ASCII_LOWER: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            t[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

#[inline]
fn next_is_alnum(bytes: &[u8], i: usize) -> bool {
    match bytes.get(i) {
        Some(&b) if b < 0x80 => b.is_ascii_alphanumeric(),
        Some(_) => true, // a non-ASCII letter most likely; a wrong guess only merges two tokens
        None => false,
    }
}

/// British→American suffix folds, applied to tokens of at least 5 bytes whose stem keeps 2.
const FOLDS: &[(&[u8], &[u8])] = &[
    (b"isations", b"izations"),
    (b"isation", b"ization"),
    (b"ising", b"izing"),
    (b"isers", b"izers"),
    (b"iser", b"izer"),
    (b"ised", b"ized"),
    (b"ises", b"izes"),
    (b"ise", b"ize"),
    (b"ysing", b"yzing"),
    (b"ysed", b"yzed"),
    (b"yses", b"yzes"),
    (b"yse", b"yze"),
    (b"ourites", b"orites"),
    (b"ourite", b"orite"),
    (b"ouring", b"oring"),
    (b"oured", b"ored"),
    (b"ours", b"ors"),
    (b"our", b"or"),
    (b"tres", b"ters"),
    (b"tre", b"ter"),
    (b"bres", b"bers"),
    (b"bre", b"ber"),
    (b"ogues", b"ogs"),
    (b"ogue", b"og"),
    (b"elling", b"eling"),
    (b"elled", b"eled"),
    (b"ammes", b"ams"),
    (b"amme", b"am"),
];

fn end_token(norm: &mut Vec<u8>, start: usize, toks: &mut Vec<(u64, bool)>) {
    let len = norm.len() - start;
    if len >= 5 {
        let tok = &norm[start..];
        // Only folds whose suffix ends with the token's last byte can match; the per-byte
        // lists keep FOLDS order, so the first match (longest suffix first) is the same one
        // a scan of all of FOLDS finds.
        // Dispatch on the last two bytes (three for "-es"): most tokens get an empty list.
        let cands: &[u8] = match (tok[len - 2], tok[len - 1]) {
            (b'n', b's') => &[0],
            (b'r', b's') => &[3, 16],
            (b'e', b's') => match tok[len - 3] {
                b's' => &[6, 10],
                b't' => &[12],
                b'r' => &[18, 20],
                b'u' => &[22],
                b'm' => &[26],
                _ => &[],
            },
            (b'o', b'n') => &[1],
            (b'n', b'g') => &[2, 8, 14, 24],
            (b'e', b'r') => &[4],
            (b'u', b'r') => &[17],
            (b'e', b'd') => &[5, 9, 15, 25],
            (b's', b'e') => &[7, 11],
            (b't', b'e') => &[13],
            (b'r', b'e') => &[19, 21],
            (b'u', b'e') => &[23],
            (b'm', b'e') => &[27],
            _ => &[],
        };
        if let Some(&(from, to)) = cands
            .iter()
            .map(|&k| &FOLDS[k as usize])
            .find(|(from, _)| from.len() + 2 <= len && ends_with(tok, from))
        {
            norm.truncate(norm.len() - from.len());
            norm.extend_from_slice(to);
        }
    }
    let tok = &norm[start..];
    let h = xxhash_rust::xxh3::xxh3_64(tok);
    // Stop words are at most 7 bytes; longer tokens skip the table.
    // (`|`, not `||`: the lookup is cheap and branch-free, the length test is not predictable.)
    toks.push((h, (tok.len() > 7) | !is_stop_hash(h)));
}

/// `tok.ends_with(suffix)` for `suffix.len() <= tok.len()`, compared from the last byte:
/// most folds fail on the first or second byte, and no `memcmp` call is made.
#[inline]
fn ends_with(tok: &[u8], suffix: &[u8]) -> bool {
    let off = tok.len() - suffix.len();
    suffix.iter().enumerate().rev().all(|(i, &c)| tok[off + i] == c)
}

/// Set of the xxh3 hashes of the stop words, as buckets of 4 (0 = empty): the English list
/// below plus every `data/stopwords/*.txt` list (function words of 40 languages), so that in
/// German or Spanish copy "der", "und", "que" do not count as content and make unrelated
/// paragraphs look alike. A lookup compares full 64-bit hashes: a content word is taken for a
/// stop word only on a 64-bit xxh3 collision (never, in practice). The table has as many
/// buckets as it needs for no bucket to overflow, so a lookup reads one 32-byte bucket and
/// ORs 4 compares: no probe loop, no branch (whether a token is a stop word is a coin toss
/// for the branch predictor; the probing loop this replaced mispredicted on it).
static STOP_TABLE: std::sync::LazyLock<Vec<[u64; 4]>> = std::sync::LazyLock::new(|| {
    let mut words: Vec<String> = STOP_WORDS.iter().map(|w| w.to_string()).collect();
    for (path, text) in crate::lexicon::builtin_files() {
        if path.starts_with("stopwords/") {
            words.extend(crate::lexicon::words(text).filter(|w| !w.contains(' ')));
        }
    }
    words.sort();
    words.dedup();
    let hashes: Vec<u64> = words.iter().map(|w| xxhash_rust::xxh3::xxh3_64(w.as_bytes())).collect();
    let mut size = (words.len() / 2).next_power_of_two().max(128);
    'grow: loop {
        let mut t = vec![[0u64; 4]; size];
        for &h in &hashes {
            let b = &mut t[(h as usize) & (size - 1)];
            match b.iter().position(|&v| v == 0 || v == h) {
                Some(k) => b[k] = h,
                None => {
                    size *= 2;
                    continue 'grow;
                }
            }
        }
        return t;
    }
});

#[inline]
fn is_stop_hash(h: u64) -> bool {
    let t = &*STOP_TABLE;
    let b = &t[(h as usize) & (t.len() - 1)];
    (b[0] == h) | (b[1] == h) | (b[2] == h) | (b[3] == h)
}

/// English function words: low weight in the simhash, left out of the minhash set.
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "so", "yet", "if", "of", "to", "in", "on",
    "at", "by", "for", "with", "from", "as", "into", "onto", "over", "under", "about", "after",
    "before", "than", "then", "that", "which", "who", "whom", "whose", "what", "this", "these",
    "those", "there", "here", "when", "where", "while", "is", "are", "was", "were", "be",
    "been", "being", "am", "has", "have", "had", "do", "does", "did", "will", "would", "can",
    "could", "shall", "should", "may", "might", "must", "it", "its", "he", "him", "his", "she",
    "her", "hers", "they", "them", "their", "we", "us", "our", "you", "your", "i", "me", "my",
    "not", "no", "also", "very", "just", "all", "any", "some", "more", "most", "such", "only",
    "own", "same", "other", "each", "both", "up", "out", "off", "down", "again", "further",
    "once", "said", "says", "s", "t", "however", "because", "during", "through", "between",
    "against", "until", "upon", "per", "via",
];

#[cfg(test)]
fn is_stop(t: &[u8]) -> bool {
    STOP_WORDS.iter().any(|w| w.as_bytes() == t)
}

// ---------------------------------------------------------------------------------------------
// Simhash

/// Weight of a content unigram, a stop-word unigram and a bigram in the simhash.
///
/// Measured with this weighting only (alternatives NOT yet measured) on the planted benchmark
/// (`examples/planted.rs --stats`, 20k bases): Hamming distance of copies to their base,
/// 5th/50th/95th percentile: 2% edits 1/4/8, 5% 2/6/10, 10% 4/8/13, 20% 7/12/17;
/// unrelated news paragraphs 20/27/35 (min 10). Bigrams are there to tell reordered
/// template fills apart; unigram weight keeps one-word edits cheap.
const W_CONTENT: i32 = 2;
const W_STOP: i32 = 1;
const W_BIGRAM: i32 = 1;

/// `SPREAD[b]` has byte `i` equal to bit `i` of `b`: adds 8 bits to 8 byte-wide counters at once.
const SPREAD: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut b = 0;
    while b < 256 {
        let mut i = 0;
        while i < 8 {
            t[b] |= (((b >> i) & 1) as u64) << (8 * i);
            i += 1;
        }
        b += 1;
    }
    t
};

/// Weighted simhash: per-bit counters of set bits, threshold at half the total weight.
///
/// The 64 counters are kept as byte lanes of 8 `u64`s (`cnt[j]` byte `i` counts bit
/// `8j+i`) and a feature of weight `w` adds `SPREAD[byte] * w` to each: 8 table loads and
/// multiply-adds instead of 64. A token adds at most `W_CONTENT + W_BIGRAM = 3` to a lane,
/// so lanes are flushed into `i32` counters every `FLUSH` tokens (3·80 = 240 < 256: no
/// carry between lanes ever). Same result, bit for bit, as the plain 64-counter loop.
fn simhash(toks: &[(u64, bool)]) -> u64 {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: AVX2 is present.
        return unsafe { simhash_avx2(toks) };
    }
    simhash_scalar(toks)
}

/// Feeds `SIMHASH_FLUSH` tokens at most into byte counters before widening them: a token
/// adds at most `W_CONTENT + W_BIGRAM = 3` to a counter, 3·80 = 240 < 256.
const SIMHASH_FLUSH: usize = 80;

/// [`simhash_scalar`] with the 64 byte counters in two AVX2 registers: a feature's 8 bytes
/// are broadcast, each byte copied to the 8 counters of its bits (`vpshufb`), and
/// `(copy & bit) == bit` gives 0xff per set bit, which is masked to the weight and added.
/// ~12 vector ops per feature instead of 8 table loads and 8 adds; same result bit for bit.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn simhash_avx2(toks: &[(u64, bool)]) -> u64 {
    use std::arch::x86_64::*;
    const _: () = assert!((W_CONTENT + W_BIGRAM) as usize * SIMHASH_FLUSH < 256);
    // SAFETY (all intrinsics): AVX2 is enabled for this function; stores are unaligned
    // ones into a 64-byte array.
    unsafe {
        // Counter byte i of `c0` counts bit i (0..32), of `c1` bit 32 + i.
        let sel0 = _mm256_setr_epi8(
            0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, //
            2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3,
        );
        let sel1 = _mm256_setr_epi8(
            4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, //
            6, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7,
        );
        let bits = _mm256_set1_epi64x(0x8040_2010_0804_0201u64 as i64);
        let w_content = _mm256_set1_epi8(W_CONTENT as i8);
        let w_stop = _mm256_set1_epi8(W_STOP as i8);
        let w_bigram = _mm256_set1_epi8(W_BIGRAM as i8);
        let (mut c0, mut c1) = (_mm256_setzero_si256(), _mm256_setzero_si256());
        let mut acc = [0i32; 64];
        let mut total: i32 = 0;
        let flush = |c0: &mut __m256i, c1: &mut __m256i, acc: &mut [i32; 64]| {
            let mut b = [0u8; 64];
            _mm256_storeu_si256(b.as_mut_ptr() as *mut __m256i, *c0);
            _mm256_storeu_si256(b.as_mut_ptr().add(32) as *mut __m256i, *c1);
            for (a, &x) in acc.iter_mut().zip(b.iter()) {
                *a += x as i32;
            }
            *c0 = _mm256_setzero_si256();
            *c1 = _mm256_setzero_si256();
        };
        #[inline(always)]
        unsafe fn add(c0: &mut __m256i, c1: &mut __m256i, h: u64, w: __m256i, sel0: __m256i, sel1: __m256i, bits: __m256i) {
            unsafe {
                let v = _mm256_set1_epi64x(h as i64);
                let b0 = _mm256_cmpeq_epi8(_mm256_and_si256(_mm256_shuffle_epi8(v, sel0), bits), bits);
                let b1 = _mm256_cmpeq_epi8(_mm256_and_si256(_mm256_shuffle_epi8(v, sel1), bits), bits);
                *c0 = _mm256_add_epi8(*c0, _mm256_and_si256(b0, w));
                *c1 = _mm256_add_epi8(*c1, _mm256_and_si256(b1, w));
            }
        }
        let mut prev: Option<u64> = None;
        for (n, &(h, content)) in toks.iter().enumerate() {
            let (w, wv) = if content { (W_CONTENT, w_content) } else { (W_STOP, w_stop) };
            add(&mut c0, &mut c1, h, wv, sel0, sel1, bits);
            total += w;
            if let Some(p) = prev {
                let b = mix64(p.rotate_left(17) ^ h ^ 0x9e37_79b9_7f4a_7c15);
                add(&mut c0, &mut c1, b, w_bigram, sel0, sel1, bits);
                total += W_BIGRAM;
            }
            prev = Some(h);
            if n % SIMHASH_FLUSH == SIMHASH_FLUSH - 1 {
                flush(&mut c0, &mut c1, &mut acc);
            }
        }
        flush(&mut c0, &mut c1, &mut acc);
        let mut out = 0u64;
        for (i, &a) in acc.iter().enumerate() {
            out |= (((2 * a) > total) as u64) << i;
        }
        out
    }
}

/// Portable kernel of [`simhash`] (byte lanes of 8 `u64`s, see there).
fn simhash_scalar(toks: &[(u64, bool)]) -> u64 {
    const FLUSH: usize = SIMHASH_FLUSH;
    const _: () = assert!((W_CONTENT + W_BIGRAM) as usize * FLUSH < 256);
    const _: () = assert!(W_CONTENT == 2 && W_STOP == 1 && W_BIGRAM == 1); // `add` shifts by w-1
    let mut acc = [0i32; 64];
    let mut total: i32 = 0;
    let mut cnt = [0u64; 8];
    #[inline(always)]
    fn add(cnt: &mut [u64; 8], h: u64, w: u64) {
        for (j, c) in cnt.iter_mut().enumerate() {
            // w is 1 or 2: a shift, and lanes hold 0/1 so no carry crosses a byte.
            *c += SPREAD[((h >> (8 * j)) & 0xff) as usize] << (w - 1);
        }
    }
    let flush = |cnt: &mut [u64; 8], acc: &mut [i32; 64]| {
        for (j, c) in cnt.iter_mut().enumerate() {
            for i in 0..8 {
                acc[8 * j + i] += ((*c >> (8 * i)) & 0xff) as i32;
            }
            *c = 0;
        }
    };
    let mut prev: Option<u64> = None;
    for (n, &(h, content)) in toks.iter().enumerate() {
        let w = if content { W_CONTENT } else { W_STOP };
        add(&mut cnt, h, w as u64);
        total += w;
        if let Some(p) = prev {
            // ordered pair → one well-mixed 64-bit feature
            let b = mix64(p.rotate_left(17) ^ h ^ 0x9e37_79b9_7f4a_7c15);
            add(&mut cnt, b, W_BIGRAM as u64);
            total += W_BIGRAM;
        }
        prev = Some(h);
        if n % FLUSH == FLUSH - 1 {
            flush(&mut cnt, &mut acc);
        }
    }
    flush(&mut cnt, &mut acc);
    let mut out = 0u64;
    for (i, &a) in acc.iter().enumerate() {
        out |= (((2 * a) > total) as u64) << i;
    }
    out
}

/// The plain definition [`simhash`] must agree with (tests only).
#[cfg(test)]
fn simhash_reference(toks: &[(u64, bool)]) -> u64 {
    let mut acc = [0i32; 64];
    let mut total: i32 = 0;
    let mut add = |h: u64, w: i32, acc: &mut [i32; 64]| {
        for (i, a) in acc.iter_mut().enumerate() {
            *a += ((h >> i) & 1) as i32 * w;
        }
        total += w;
    };
    let mut prev: Option<u64> = None;
    for &(h, content) in toks {
        add(h, if content { W_CONTENT } else { W_STOP }, &mut acc);
        if let Some(p) = prev {
            add(mix64(p.rotate_left(17) ^ h ^ 0x9e37_79b9_7f4a_7c15), W_BIGRAM, &mut acc);
        }
        prev = Some(h);
    }
    let mut out = 0u64;
    for (i, &a) in acc.iter().enumerate() {
        out |= (((2 * a) > total) as u64) << i;
    }
    out
}

#[inline]
fn mix64(mut x: u64) -> u64 {
    // splitmix64 finaliser
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

// ---------------------------------------------------------------------------------------------
// MinHash

/// Odd multipliers and offsets of the multiply-shift family `h_k(x) = (a_k·x + b_k) >> 32`,
/// drawn once with splitmix64 (fixed forever: changing them changes every fingerprint).
const MH_PARAMS: ([u64; MINHASHES], [u64; MINHASHES]) = {
    let mut a = [0u64; MINHASHES];
    let mut b = [0u64; MINHASHES];
    let mut s: u64 = 0x5c0e_5c0e_d0d0_2026;
    let mut k = 0;
    while k < MINHASHES {
        s = s.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        a[k] = (z ^ (z >> 31)) | 1;
        s = s.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        b[k] = z ^ (z >> 31);
        k += 1;
    }
    (a, b)
};

/// MinHash of the set of content tokens (all tokens when fewer than 4 are content words).
/// `set` is scratch space (cleared here).
fn minhash(toks: &[(u64, bool)], set: &mut Vec<u64>) -> ([u32; MINHASHES], u16, [u8; SMALL_SET]) {
    let content = toks.iter().filter(|t| t.1).count();
    let use_all = content < 4;
    set.clear();
    set.extend(toks.iter().filter(|t| use_all || t.1).map(|t| t.0));
    set.sort_unstable();
    set.dedup();
    let mins = minhashes(set);
    let mut small = [0xffu8; SMALL_SET];
    if set.len() <= SMALL_SET {
        for (s, &x) in small.iter_mut().zip(set.iter()) {
            *s = (x >> 56) as u8;
        }
        small.sort_unstable();
    }
    (mins, set.len().min(u16::MAX as usize) as u16, small)
}

/// The 32 minima of `(a_k·x + b_k) >> 32` over the set: AVX2 when the CPU has it (detected
/// at run time), else the plain loop. Same values bit for bit (tested).
fn minhashes(set: &[u64]) -> [u32; MINHASHES] {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: AVX2 is present.
        return unsafe { minhashes_avx2(set) };
    }
    minhashes_scalar(set)
}

fn minhashes_scalar(set: &[u64]) -> [u32; MINHASHES] {
    let (a, b) = (&MH_PARAMS.0, &MH_PARAMS.1);
    let mut mins = [u32::MAX; MINHASHES];
    for &x in set {
        for k in 0..MINHASHES {
            let v = (a[k].wrapping_mul(x).wrapping_add(b[k]) >> 32) as u32;
            mins[k] = mins[k].min(v);
        }
    }
    mins
}

/// `MH_PARAMS` split for [`minhashes_avx2`]: for output group `g` (lanes `8g..8g+8`), half
/// `h` holds the 4 permutations `8g + h, 8g + h + 2, 8g + h + 4, 8g + h + 6` as
/// (low 32 bits of a, high 32 bits of a, b), so that blending the two halves' high dwords
/// gives the 8 lanes in natural order.
const MH_AVX: [[[u64; 4]; 3]; 8] = {
    let mut t = [[[0u64; 4]; 3]; 8];
    let mut g = 0;
    while g < 4 {
        let mut h = 0;
        while h < 2 {
            let mut i = 0;
            while i < 4 {
                let k = 8 * g + h + 2 * i;
                t[2 * g + h][0][i] = MH_PARAMS.0[k] & 0xffff_ffff;
                t[2 * g + h][1][i] = MH_PARAMS.0[k] >> 32;
                t[2 * g + h][2][i] = MH_PARAMS.1[k];
                i += 1;
            }
            h += 1;
        }
        g += 1;
    }
    t
};

/// [`minhashes_scalar`] with AVX2 (which has no 64-bit multiply): per 4 lanes,
/// `a·x mod 2^64 = a_lo·x_lo + ((a_hi·x_lo + a_lo·x_hi) << 32)` from three 32×32→64
/// multiplies, `+ b`, then the high dwords of two such vectors are blended into 8 `u32`
/// lanes for one unsigned min. ~70 vector ops per token instead of ~130 scalar ones.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn minhashes_avx2(set: &[u64]) -> [u32; MINHASHES] {
    use std::arch::x86_64::*;
    // SAFETY (all intrinsics): AVX2 is enabled for this function; loads and stores are
    // unaligned ones on arrays of the right size.
    unsafe {
        let ld = |p: &[u64; 4]| _mm256_loadu_si256(p.as_ptr() as *const __m256i);
        let mut alo = [_mm256_setzero_si256(); 8];
        let mut ahi = [_mm256_setzero_si256(); 8];
        let mut bb = [_mm256_setzero_si256(); 8];
        for v in 0..8 {
            alo[v] = ld(&MH_AVX[v][0]);
            ahi[v] = ld(&MH_AVX[v][1]);
            bb[v] = ld(&MH_AVX[v][2]);
        }
        let mut mins = [_mm256_set1_epi32(-1); 4];
        for &x in set {
            let xl = _mm256_set1_epi64x(x as i64);
            let xh = _mm256_set1_epi64x((x >> 32) as i64);
            let mut t = [_mm256_setzero_si256(); 8];
            for v in 0..8 {
                let lo = _mm256_mul_epu32(alo[v], xl);
                let cross = _mm256_add_epi64(_mm256_mul_epu32(ahi[v], xl), _mm256_mul_epu32(alo[v], xh));
                t[v] = _mm256_add_epi64(_mm256_add_epi64(lo, bb[v]), _mm256_slli_epi64(cross, 32));
            }
            for g in 0..4 {
                let vals = _mm256_blend_epi32(_mm256_srli_epi64(t[2 * g], 32), t[2 * g + 1], 0b1010_1010);
                mins[g] = _mm256_min_epu32(mins[g], vals);
            }
        }
        let mut out = [0u32; MINHASHES];
        for g in 0..4 {
            _mm256_storeu_si256(out.as_mut_ptr().add(8 * g) as *mut __m256i, mins[g]);
        }
        out
    }
}

/// Jaccard similarity of two small sets given as sorted 8-bit token hashes and true sizes.
/// Exact up to 8-bit collisions (which can only raise it by about |A∖B|·|B∖A|/256).
pub(crate) fn small_jaccard(a: &[u8; SMALL_SET], na: usize, b: &[u8; SMALL_SET], nb: usize) -> f32 {
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < na && j < nb {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = na + nb - inter;
    if union == 0 { 1.0 } else { inter as f32 / union as f32 }
}

/// 4-bit sketch of the minhashes (low nibble of each value), two per byte.
pub(crate) fn sketch(mins: &[u32; MINHASHES]) -> [u8; MINHASHES / 2] {
    let mut s = [0u8; MINHASHES / 2];
    for (i, byte) in s.iter_mut().enumerate() {
        *byte = (mins[2 * i] & 0xf) as u8 | (((mins[2 * i + 1] & 0xf) as u8) << 4);
    }
    s
}

/// Estimated Jaccard similarity of two content sets from their 4-bit sketches:
/// unrelated values agree with probability 1/16, so `J = (p − 1/16) / (15/16)`.
pub(crate) fn jaccard(a: &[u8; MINHASHES / 2], b: &[u8; MINHASHES / 2]) -> f32 {
    let mut eq = 0u32;
    for i in 0..MINHASHES / 2 {
        let x = a[i] ^ b[i];
        eq += ((x & 0x0f) == 0) as u32 + ((x & 0xf0) == 0) as u32;
    }
    let p = eq as f32 / MINHASHES as f32;
    ((p - 1.0 / 16.0) / (15.0 / 16.0)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> DedupConfig {
        DedupConfig::default()
    }

    const P1: &str = "The city council voted on Tuesday to expand the bus network into the \
        northern suburbs, a plan that will add 14 new routes and cost about 3 million dollars \
        over the next two years, according to the transport department.";
    const P1_EDIT: &str = "The city council voted on Tuesday to expand the bus network into \
        the northern suburbs, a plan which will add fourteen new routes and cost roughly 3 \
        million dollars over the next two years, according to the transport department.";
    const P2: &str = "Researchers at the university have found that honey bees can recognise \
        human faces, storing the features of a face as a pattern and recalling it days later \
        when rewarded with sugar water during the trials.";
    const P3: &str = "Fans queued overnight outside the stadium for tickets to the final, \
        which sold out within twenty minutes of going on sale online, leaving thousands \
        disappointed and angry at the ticketing company.";

    #[test]
    fn exact_key_ignores_case_quotes_spacing_punctuation() {
        let a = fingerprint("“Don’t panic,” said the Mayor — the river   won’t flood tonight.", &cfg());
        let b = fingerprint("\"don't panic\" said the mayor - the river won't flood tonight", &cfg());
        let c = fingerprint("DON'T PANIC, said the mayor; the river won't flood tonight!!", &cfg());
        assert_eq!(a.exact, b.exact);
        assert_eq!(a.exact, c.exact);
        assert_eq!(a.simhash, b.simhash);
        let d = fingerprint("Don't panic, said the mayor, the river will flood tonight.", &cfg());
        assert_ne!(a.exact, d.exact);
    }

    #[test]
    fn spelling_variants_fold() {
        let a = fingerprint("The organisers measured the colour of the theatre walls in metres.", &cfg());
        let b = fingerprint("The organizers measured the color of the theater walls in meters.", &cfg());
        assert_eq!(a.exact, b.exact);
    }

    #[test]
    fn simhash_of_equals_the_fingerprints() {
        for t in [P1, P2, P1_EDIT, "Share this:", ""] {
            assert_eq!(simhash_of(t), fingerprint(t, &cfg()).simhash);
        }
    }

    #[test]
    fn fingerprint_is_stable() {
        // Pinned: a change here changes every stored fingerprint (xxh3 is platform-stable).
        let f = fingerprint(P1, &cfg());
        let g = fingerprint(P1, &cfg());
        assert_eq!(f.simhash, g.simhash);
        assert_eq!(f.words, 39);
        assert!(f.set_size >= 20 && f.set_size <= 39, "set {}", f.set_size);
    }

    #[test]
    fn light_edit_is_close_unrelated_far() {
        let a = fingerprint(P1, &cfg());
        let b = fingerprint(P1_EDIT, &cfg());
        let c = fingerprint(P2, &cfg());
        let d = fingerprint(P3, &cfg());
        let near = (a.simhash ^ b.simhash).count_ones();
        // Within reach of the index: up to `max_distance` + 3 bits when the sketches agree.
        assert!(near <= 14, "edited copy {near} bits away");
        for (x, y) in [(&a, &c), (&a, &d), (&c, &d)] {
            let far = (x.simhash ^ y.simhash).count_ones();
            assert!(far >= 18, "unrelated paragraphs {far} bits apart");
        }
        let j = jaccard(&sketch(&a.minhash), &sketch(&b.minhash));
        assert!(j >= 0.6, "edited copy similarity {j}");
        let j = jaccard(&sketch(&a.minhash), &sketch(&c.minhash));
        assert!(j <= 0.35, "unrelated similarity {j}");
    }

    /// The plain definition `normalise` must agree with: one character at a time.
    fn normalise_reference(text: &str, norm: &mut Vec<u8>, toks: &mut Vec<(u64, bool)>) {
        let (mut start, mut in_tok) = (0, false);
        for (i, c) in text.char_indices() {
            let after = i + c.len_utf8();
            if c.is_alphanumeric() {
                start_token(norm, &mut start, &mut in_tok);
                for lc in c.to_lowercase() {
                    norm.extend_from_slice(lc.encode_utf8(&mut [0; 4]).as_bytes());
                }
            } else if matches!(c, '\'' | '`' | '\u{2019}' | '\u{2018}' | '\u{02BC}') && in_tok && next_is_alnum(text.as_bytes(), after) {
            } else if in_tok {
                end_token(norm, start, toks);
                in_tok = false;
            }
        }
        if in_tok {
            end_token(norm, start, toks);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { failure_persistence: None, ..Default::default() })]
        #[test]
        fn normalise_equals_plain_definition(t in "([a-zA-Z0-9]{0,40}|[ .,'`’\u{2018}\u{2019}é漢Ä-]){0,12}") {
            let (mut n1, mut t1, mut n2, mut t2) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            normalise(&t, &mut n1, &mut t1);
            normalise_reference(&t, &mut n2, &mut t2);
            proptest::prop_assert_eq!(n1, n2);
            proptest::prop_assert_eq!(t1, t2);
        }
    }

    #[test]
    fn packed_simhash_equals_plain_definition() {
        let long = [P1, P2, P3, P1_EDIT].join(" ").repeat(3); // > FLUSH tokens
        for t in [P1, P2, P3, P1_EDIT, long.as_str(), "one two", "x"] {
            let mut norm = Vec::new();
            let mut toks = Vec::new();
            normalise(t, &mut norm, &mut toks);
            assert_eq!(simhash(&toks), simhash_reference(&toks), "{t}");
            assert_eq!(simhash_scalar(&toks), simhash_reference(&toks), "{t}");
            assert_eq!(fingerprint(t, &cfg()).simhash, simhash_reference(&toks));
        }
    }

    #[test]
    fn minhash_kernels_agree() {
        let mut x = 0x1234_5678_9abc_def0u64;
        for n in [0usize, 1, 2, 5, 17, 100] {
            let set: Vec<u64> = (0..n)
                .map(|_| {
                    x = mix64(x.wrapping_add(0x9e37_79b9_7f4a_7c15));
                    x
                })
                .collect();
            assert_eq!(minhashes(&set), minhashes_scalar(&set), "n {n}");
            #[cfg(target_arch = "x86_64")]
            if std::arch::is_x86_feature_detected!("avx2") {
                assert_eq!(unsafe { minhashes_avx2(&set) }, minhashes_scalar(&set), "n {n}");
            }
        }
    }

    #[test]
    fn stop_table_matches_word_list() {
        // Function words of other languages come from data/stopwords.
        for w in ["der", "und", "que", "della", "niet", "это"] {
            assert!(is_stop_hash(xxhash_rust::xxh3::xxh3_64(w.as_bytes())), "{w}");
        }
        for w in STOP_WORDS {
            assert!(is_stop_hash(xxhash_rust::xxh3::xxh3_64(w.as_bytes())), "{w}");
            assert!(is_stop(w.as_bytes()));
        }
        for w in ["council", "river", "bus", "harbour", "2026"] {
            assert!(!is_stop_hash(xxhash_rust::xxh3::xxh3_64(w.as_bytes())), "{w}");
        }
    }

    #[test]
    fn fold_dispatch_equals_full_scan() {
        // Reference: first matching entry of the whole FOLDS list.
        fn reference(tok: &str) -> String {
            let b = tok.as_bytes();
            if let Some((from, to)) = FOLDS
                .iter()
                .find(|(from, _)| b.len() >= 5 && b.ends_with(from) && b.len() - from.len() >= 2)
            {
                let mut v = b[..b.len() - from.len()].to_vec();
                v.extend_from_slice(to);
                return String::from_utf8(v).unwrap();
            }
            tok.to_string()
        }
        let words = [
            "organisations", "realisation", "organising", "advertisers", "organiser", "realised",
            "realises", "realise", "analysing", "analysed", "analyses", "analyse", "favourites",
            "favourite", "colouring", "coloured", "colours", "colour", "theatres", "theatre",
            "fibres", "fibre", "catalogues", "catalogue", "travelling", "travelled",
            "programmes", "programme", "rise", "ours", "hour", "houses", "centre", "mitre",
            "tours", "paris", "crisis", "noise", "wise", "flour", "ogre", "tissue", "ammonia",
        ];
        // Every tail of every fold suffix, after stems of several lengths and endings.
        let mut all: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        for (from, _) in FOLDS {
            for k in 0..from.len() {
                let tail = std::str::from_utf8(&from[k..]).unwrap();
                for stem in ["", "a", "ab", "abc", "colo", "rti", "si", "te", "ogu", "ammo"] {
                    all.push(format!("{stem}{tail}"));
                }
            }
        }
        for w in all.iter().map(String::as_str) {
            let mut norm = w.as_bytes().to_vec();
            let mut toks = Vec::new();
            end_token(&mut norm, 0, &mut toks);
            assert_eq!(String::from_utf8(norm).unwrap(), reference(w), "{w}");
        }
    }

    #[test]
    fn scratch_reuse_does_not_leak_between_calls() {
        let a1 = fingerprint(P1, &cfg());
        let _ = fingerprint(&P2.repeat(20), &cfg());
        let _ = fingerprint("", &cfg());
        let a2 = fingerprint(P1, &cfg());
        assert_eq!((a1.simhash, a1.exact, a1.words, a1.set_size), (a2.simhash, a2.exact, a2.words, a2.set_size));
        assert_eq!(a1.minhash, a2.minhash);
        assert_eq!(a1.small, a2.small);
    }
}
