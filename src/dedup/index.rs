//! index: the corpus-wide duplicate index behind `dedup::Index` — chunked entry store, an
//! exact-key table and 4 MinHash LSH band tables, all with 8-byte slots in 16-slot groups
//! (tags compared 16 at a time) in staggered shards; simhashes in a dense side array for the first candidate check.
//! Takes fingerprints in call order; guarantees first-recorded-wins and ~106 bytes/paragraph.

use super::{BANDS, DedupConfig, Fingerprint, MINHASHES, Match, ROWS, SMALL_SET, jaccard, sketch, small_jaccard};

/// One recorded paragraph: 32 bytes (two per cache line); its simhash lives apart in
/// [`Entries::sims`] so the first, usually final, check of a candidate reads 8 bytes from
/// a dense array (1/5 of the footprint of whole entries) instead of a whole entry.
/// Aligned to its size so that no entry straddles two cache lines (a verify reads one line).
#[derive(Clone, Copy)]
#[repr(align(32))]
struct Entry {
    key: u64,
    /// Bits 16..64 of the exact hash (bits 0..32 are the exact table's tag) | set size.
    exact_hi_size: u64,
    /// 32 four-bit minhash values, or for sets of at most `SMALL_SET` content tokens the
    /// set itself (sorted 8-bit token hashes).
    sketch: [u8; MINHASHES / 2],
}

const CHUNK_BITS: u32 = 12;
const CHUNK: usize = 1 << CHUNK_BITS;

/// Append-only entry store in fixed chunks: no doubling slack, indices stay valid.
#[derive(Default)]
struct Entries {
    chunks: Vec<Vec<Entry>>,
    /// Simhash of each entry, chunked the same way.
    sims: Vec<Vec<u64>>,
    len: usize,
}

impl Entries {
    fn push(&mut self, e: Entry, simhash: u64) -> u32 {
        if self.len.is_multiple_of(CHUNK) {
            self.chunks.push(Vec::with_capacity(CHUNK));
            self.sims.push(Vec::with_capacity(CHUNK));
        }
        self.chunks.last_mut().expect("chunk").push(e);
        self.sims.last_mut().expect("chunk").push(simhash);
        let i = self.len;
        self.len += 1;
        u32::try_from(i).expect("dedup index holds at most 2^32 distinct paragraphs")
    }
    #[inline]
    fn get(&self, i: u32) -> &Entry {
        let i = i as usize;
        &self.chunks[i >> CHUNK_BITS][i & (CHUNK - 1)]
    }
    #[inline]
    fn prefetch_sim(&self, i: u32) {
        let i = i as usize;
        if let Some(c) = self.sims.get(i >> CHUNK_BITS) {
            prefetch(c.as_ptr().wrapping_add(i & (CHUNK - 1)));
        }
    }
    #[inline]
    fn sim(&self, i: u32) -> u64 {
        let i = i as usize;
        self.sims[i >> CHUNK_BITS][i & (CHUNK - 1)]
    }
    fn bytes(&self) -> usize {
        self.chunks.len() * CHUNK * (std::mem::size_of::<Entry>() + 8)
            + self.chunks.capacity() * std::mem::size_of::<Vec<Entry>>()
            + self.sims.capacity() * std::mem::size_of::<Vec<u64>>()
    }
}

const SHARD_BITS: u32 = 6;
const SHARDS: usize = 1 << SHARD_BITS;
/// Slots per group: 16 tags (one cache line) followed by their 16 entry indices (the next).
const GROUP: usize = 16;

/// 16 slots of a [`Table`]: `tags[k] == 0` means slot `k` is empty. Slots fill from the
/// front (a group is only ever appended to), so the group is full iff its last tag is set.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Group {
    tags: [u32; GROUP],
    idx: [u32; GROUP],
}

const EMPTY_GROUP: Group = Group { tags: [0; GROUP], idx: [0; GROUP] };

impl Group {
    /// Bit `k` set iff `tags[k] == tag` (SSE2: four 4-lane compares packed to one mask).
    #[inline]
    fn matches(&self, tag: u32) -> u32 {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::x86_64::*;
            // SAFETY: SSE2 is part of x86_64; `tags` is 64 bytes, 64-aligned (repr(align(64))).
            unsafe {
                let t = _mm_set1_epi32(tag as i32);
                let p = self.tags.as_ptr() as *const __m128i;
                let q0 = _mm_cmpeq_epi32(_mm_load_si128(p), t);
                let q1 = _mm_cmpeq_epi32(_mm_load_si128(p.add(1)), t);
                let q2 = _mm_cmpeq_epi32(_mm_load_si128(p.add(2)), t);
                let q3 = _mm_cmpeq_epi32(_mm_load_si128(p.add(3)), t);
                let w = _mm_packs_epi16(_mm_packs_epi32(q0, q1), _mm_packs_epi32(q2, q3));
                _mm_movemask_epi8(w) as u32
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            self.tags.iter().enumerate().fold(0u32, |m, (k, &t)| m | ((t == tag) as u32) << k)
        }
    }

    #[inline]
    fn is_full(&self) -> bool {
        self.tags[GROUP - 1] != 0
    }
}

/// Multimap from a 64-bit hash to entry indices: 64 shards of 16-slot groups, probed group
/// by group (SwissTable-like, with 32-bit tags compared 16 at a time). The shard comes from
/// the top 6 hash bits, the tag is the low 32 bits (0 taken as 1: 0 marks an empty slot)
/// and also gives the home group (`tag * groups >> 32`), so a shard can be rebuilt from its
/// tags alone. An element goes to the first free slot of the first non-full group from its
/// home on; nothing is ever removed, so equal tags sit in insertion order along the probe
/// path and a lookup ends at the first non-full group. Shard `i` has `round(2^(k + i/64))`
/// groups after `k` doublings, so that shards double at different times and the whole table
/// stays near its average load (max load 7/8).
struct Table {
    shards: Vec<Shard>,
}

struct Shard {
    groups: Vec<Group>,
    len: usize,
    /// `2^(i/64)` for shard `i`, 32.32 fixed point: the shard has
    /// `round(scale · 2^doublings)` groups, so shards keep staggered sizes as they grow.
    scale: u64,
    doublings: u32,
}

impl Table {
    fn new() -> Table {
        let shards = (0..SHARDS)
            .map(|i| {
                // 2^(i/64) in 32.32 fixed point (integers from here on: sizes are the same
                // on every platform).
                let scale = ((i as f64 / SHARDS as f64).exp2() * (1u64 << 32) as f64) as u64;
                Shard { groups: vec![EMPTY_GROUP; Shard::groups_at(scale, 0)], len: 0, scale, doublings: 0 }
            })
            .collect();
        Table { shards }
    }

    #[inline]
    fn split(h: u64) -> (usize, u32) {
        ((h >> (64 - SHARD_BITS)) as usize, (h as u32).max(1))
    }

    #[inline]
    fn home(tag: u32, n: usize) -> usize {
        ((tag as u64 * n as u64) >> 32) as usize
    }

    /// Starts loading the home group of `h` (see [`prefetch`]): tags and indices.
    #[inline]
    fn prefetch(&self, h: u64) {
        let (s, tag) = Self::split(h);
        let groups = &self.shards[s].groups;
        let g = groups.as_ptr().wrapping_add(Self::home(tag, groups.len()));
        prefetch(g);
        prefetch((g as *const u8).wrapping_add(64));
    }

    /// Calls `f(index)` for every slot whose tag matches, in insertion order, until `f`
    /// says stop.
    #[inline]
    fn for_each(&self, h: u64, mut f: impl FnMut(u32) -> bool) {
        let (s, tag) = Self::split(h);
        let groups = &self.shards[s].groups;
        let n = groups.len();
        let mut g = Self::home(tag, n);
        loop {
            let grp = &groups[g];
            let mut m = grp.matches(tag);
            while m != 0 {
                if !f(grp.idx[m.trailing_zeros() as usize]) {
                    return;
                }
                m &= m - 1;
            }
            if !grp.is_full() {
                return;
            }
            g += 1;
            if g == n {
                g = 0;
            }
        }
    }

    fn insert(&mut self, h: u64, idx: u32) {
        let (s, tag) = Self::split(h);
        let shard = &mut self.shards[s];
        if (shard.len + 1) * 8 > shard.groups.len() * GROUP * 7 {
            shard.grow();
        }
        shard.put(tag, idx);
        shard.len += 1;
    }

    fn bytes(&self) -> usize {
        self.shards.iter().map(|s| s.groups.capacity() * std::mem::size_of::<Group>()).sum::<usize>()
            + self.shards.capacity() * std::mem::size_of::<Shard>()
    }
}

impl Shard {
    /// Appends to the first non-full group from the home group on (load <= 7/8: one exists).
    #[inline]
    fn put(&mut self, tag: u32, idx: u32) {
        let n = self.groups.len();
        let mut g = Table::home(tag, n);
        loop {
            let grp = &mut self.groups[g];
            if !grp.is_full() {
                let k = grp.matches(0).trailing_zeros() as usize;
                grp.tags[k] = tag;
                grp.idx[k] = idx;
                return;
            }
            g += 1;
            if g == n {
                g = 0;
            }
        }
    }

    fn groups_at(scale: u64, doublings: u32) -> usize {
        ((((scale as u128) << doublings) + (1 << 31)) >> 32).max(1) as usize
    }

    fn grow(&mut self) {
        self.doublings += 1;
        let n = Shard::groups_at(self.scale, self.doublings);
        let old = std::mem::replace(&mut self.groups, vec![EMPTY_GROUP; n]);
        // Re-insert group by group, starting just after a non-full group: no probe path runs
        // through a non-full group, so every path is visited front to back and equal tags
        // keep their insertion order. Deterministic given the call sequence.
        // Same placement as `put`, with the fill count of each new group kept aside: `put`
        // reads a group's tags with 16-byte loads, which cannot be forwarded from the 4-byte
        // tag store just made to the same group (consecutive elements mostly land in the
        // same group here), and that stall was most of the time of a grow (perf).
        let start = old.iter().position(|g| !g.is_full()).map_or(0, |p| p + 1);
        let mut fill = vec![0u8; n];
        for k in start..start + old.len() {
            let grp = &old[if k < old.len() { k } else { k - old.len() }];
            for j in 0..GROUP {
                let tag = grp.tags[j];
                if tag == 0 {
                    break;
                }
                let mut g = Table::home(tag, n);
                while fill[g] as usize == GROUP {
                    g += 1;
                    if g == n {
                        g = 0;
                    }
                }
                let f = &mut fill[g];
                let new = &mut self.groups[g];
                new.tags[*f as usize] = tag;
                new.idx[*f as usize] = grp.idx[j];
                *f += 1;
            }
        }
    }
}

/// Seeds that make the band keys of different bands unrelated.
const BAND_SEED: [u64; BANDS] =
    [0x243f_6a88_85a3_08d3, 0x1319_8a2e_0370_7344, 0xa409_3822_299f_31d0, 0x082e_fa98_ec4e_6c89];

/// Keys of band `b` at refinement levels `0..=MAX_LEVEL`: level `l` hashes the band's first
/// `ROWS + l` minhash values (one mixing chain, so each level costs one more mix). A bucket
/// that already holds `max_candidates` entries sends later entries one level down (one more
/// row), so crowded buckets (shared boilerplate words) split instead of growing, and a query
/// scans at most `max_candidates` per level.
#[inline]
fn band_keys(fp: &Fingerprint, b: usize) -> [u64; MAX_LEVEL + 1] {
    let m = &fp.minhash[b * BAND_WIDTH..];
    let mut x = BAND_SEED[b];
    for &v in &m[..ROWS - 1] {
        x = super::mix64(x ^ v as u64);
    }
    let mut keys = [0u64; MAX_LEVEL + 1];
    for (k, &v) in keys.iter_mut().zip(&m[ROWS - 1..]) {
        x = super::mix64(x ^ v as u64);
        *k = x;
    }
    keys
}

/// What an entry stores of `fp`: the small set itself, or the 4-bit minhash sketch (which is
/// also what [`Index::verify`] compares when both sides are sketched).
#[inline]
fn entry_sketch(fp: &Fingerprint) -> [u8; MINHASHES / 2] {
    if fp.set_size as usize <= SMALL_SET { fp.small } else { sketch(&fp.minhash) }
}

/// Minhash values reserved per band (`ROWS` + refinement levels).
const BAND_WIDTH: usize = MINHASHES / BANDS;
/// Deepest refinement level.
const MAX_LEVEL: usize = 3;

/// Band levels whose groups [`Index::prefetch`] loads ahead. A query scans ~2.5 levels
/// per band on planted (crowded buckets go deeper); loading levels 0-2 ahead was faster
/// than 0, 0-1 or all four (index_speed, interleaved runs: median on-CPU 1.28 M/s vs
/// 1.13 / 1.16 / 1.12).
const PREFETCH_LEVELS: usize = 3;

/// Extra simhash distance (beyond `max_distance`) accepted when both content sets are
/// sketched (more than `SMALL_SET` tokens) and their estimated Jaccard is at least
/// `SLACK_SIMILARITY`. Simhash distance of 10%-edited copies has a long tail (95th
/// percentile 13), and a sketch agreeing on ~26 of 32 values is strong evidence on its
/// own; unrelated templated paragraphs rarely reach 0.8. Measured on planted (see module docs).
const SLACK_DISTANCE: u32 = 3;
/// Smallest content-set size (both sides) at which an exactly stored small set may differ
/// in one token (Jaccard >= `SHORT_LONG_SIMILARITY`) at up to `max_distance`.
const SHORT_LONG: usize = 14;
const SHORT_LONG_SIMILARITY: f32 = 0.85;
const SLACK_SIMILARITY: f32 = 0.8;

/// Corpus-wide duplicate index. Feed it in input order; results depend only on that order.
pub struct Index {
    cfg: DedupConfig,
    entries: Entries,
    exact: Table,
    bands: Vec<Table>,
    /// Scratch: candidate entry indices of the current query (reused, never shrinks;
    /// at most `BANDS * (MAX_LEVEL + 1) * max_candidates` long).
    cands: Vec<u32>,
    /// The CPU has the `popcnt` instruction (x86_64).
    popcnt: bool,
}

/// Starts loading every cache line of `*v` (no effect on results). Callers feeding the
/// index a stream of fingerprints call it a few paragraphs ahead (4 in the pipeline): the
/// fingerprint itself (~3 cache lines) is otherwise the first miss of
/// [`Index::prefetch`], ~20% of the index time on planted 100k (perf).
pub fn prefetch_value<T>(v: &T) {
    let p = v as *const T as *const u8;
    for off in (0..std::mem::size_of::<T>()).step_by(64) {
        prefetch(p.wrapping_add(off));
    }
}

/// Hints the CPU to start loading the cache line at `p` (no effect on results; a prefetch
/// of any address is harmless, it never faults).
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    #[allow(unused_unsafe)]
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p as *const i8);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

impl Index {
    pub fn new(cfg: DedupConfig) -> Index {
        Index {
            cfg,
            entries: Entries::default(),
            exact: Table::new(),
            bands: (0..BANDS).map(|_| Table::new()).collect(),
            cands: Vec::new(),
            #[cfg(target_arch = "x86_64")]
            popcnt: std::arch::is_x86_feature_detected!("popcnt"),
            #[cfg(not(target_arch = "x86_64"))]
            popcnt: false,
        }
    }

    /// Returns the earlier paragraph this one duplicates, or records it and returns `None`.
    /// Paragraphs shorter than `min_exact_words` are neither matched nor recorded.
    ///
    /// Latency-bound (table slots and candidate entries are cache misses on a large index),
    /// so the work is ordered for memory-level parallelism: the home slots of the exact
    /// table and of the 4 band tables are prefetched together up front, all band buckets
    /// are scanned before any candidate is verified (each candidate entry is prefetched
    /// when found), and the bucket levels found by the query are reused when recording.
    /// Results are those of the straightforward version: the earliest recorded candidate
    /// that passes [`Index::verify`] wins (candidates are verified in ascending index
    /// order and the first pass returns), and a paragraph is recorded at the first
    /// level whose bucket holds fewer than `max_candidates` (the same count the scan saw).
    pub fn find_or_insert(&mut self, fp: &Fingerprint, key: u64) -> Option<Match> {
        #[cfg(target_arch = "x86_64")]
        if self.popcnt {
            // SAFETY: `popcnt` was detected on this CPU in `Index::new`.
            return unsafe { self.find_or_insert_popcnt(fp, key) };
        }
        self.find_or_insert_impl(fp, key)
    }

    /// [`Index::find_or_insert`] compiled with the `popcnt` instruction for the simhash
    /// distances (the baseline x86_64 target has none: `count_ones` is ~12 instructions).
    /// Same code, same results.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "popcnt")]
    unsafe fn find_or_insert_popcnt(&mut self, fp: &Fingerprint, key: u64) -> Option<Match> {
        self.find_or_insert_impl(fp, key)
    }

    #[inline(always)]
    fn find_or_insert_impl(&mut self, fp: &Fingerprint, key: u64) -> Option<Match> {
        if (fp.words as usize) < self.cfg.min_exact_words {
            return None;
        }
        self.exact.prefetch(fp.exact);
        let near = (fp.words as usize) >= self.cfg.min_words;
        let mut keys = [[0u64; MAX_LEVEL + 1]; BANDS];
        if near {
            for (b, k) in keys.iter_mut().enumerate() {
                *k = band_keys(fp, b);
                self.bands[b].prefetch(k[0]);
            }
        }
        if let Some(m) = self.find_exact(fp) {
            return Some(m);
        }
        if !near {
            self.record(fp, key, entry_sketch(fp), None);
            return None;
        }
        let max = self.cfg.max_candidates.max(1);
        let mut levels = [0u8; BANDS];
        let mut cands = std::mem::take(&mut self.cands);
        cands.clear();
        // Pass 1, tables only: the bucket members of every band and level, level by level
        // across the 4 bands (their groups load in parallel), starting to load each
        // member's simhash. Which levels are scanned depends on the bucket counts alone.
        let entries = &self.entries;
        let mut deeper = [true; BANDS];
        for level in 0..=MAX_LEVEL {
            for b in 0..BANDS {
                if !deeper[b] {
                    continue;
                }
                let mut seen = 0usize;
                self.bands[b].for_each(keys[b][level], |i| {
                    entries.prefetch_sim(i);
                    cands.push(i);
                    seen += 1;
                    seen < max
                });
                levels[b] = level as u8;
                // A full bucket: the query goes one level down (start loading that group).
                deeper[b] = seen >= max && level < MAX_LEVEL;
                if deeper[b] {
                    self.bands[b].prefetch(keys[b][level + 1]);
                }
            }
        }
        // Pass 2: simhash distance first, from the dense array: most members of a crowded
        // bucket (shared boilerplate words) stop here. Skipping them now is what `verify`
        // would do first anyway.
        let maxd = self.cfg.max_distance + SLACK_DISTANCE;
        // (A plain loop, not `retain`, so that it is compiled into this function, with popcnt.)
        let mut kept = 0;
        for k in 0..cands.len() {
            let i = cands[k];
            if (fp.simhash ^ entries.sim(i)).count_ones() <= maxd {
                prefetch(entries.get(i));
                cands[kept] = i;
                kept += 1;
            }
        }
        cands.truncate(kept);
        // Earliest recorded paragraph that passes wins: verify in ascending order.
        cands.sort_unstable();
        cands.dedup();
        let sk = entry_sketch(fp);
        let found = cands.iter().find_map(|&i| self.verify(fp, &sk, i));
        self.cands = cands;
        if found.is_none() {
            self.record(fp, key, sk, Some((&keys, levels)));
        }
        found
    }

    /// A hint that `fp` is queried next (or soon): starts loading the table groups its
    /// lookup reads first (exact key, levels `0..PREFETCH_LEVELS` of each band), so that their cache misses
    /// overlap the current query's work. Never changes any result. Callers feeding a
    /// stream call it one paragraph ahead of [`Index::find_or_insert`] / [`Index::insert`].
    pub fn prefetch(&self, fp: &Fingerprint) {
        if (fp.words as usize) < self.cfg.min_exact_words {
            return;
        }
        self.exact.prefetch(fp.exact);
        if (fp.words as usize) >= self.cfg.min_words {
            for b in 0..BANDS {
                let keys = band_keys(fp, b);
                for &k in &keys[..PREFETCH_LEVELS] {
                    self.bands[b].prefetch(k);
                }
            }
        }
    }

    /// Records a paragraph that can be pointed at but is never itself checked (titles).
    /// An exact duplicate of something already recorded is not recorded again.
    pub fn insert(&mut self, fp: &Fingerprint, key: u64) {
        if (fp.words as usize) < self.cfg.min_exact_words || self.find_exact(fp).is_some() {
            return;
        }
        self.record(fp, key, entry_sketch(fp), None);
    }

    /// Number of distinct paragraphs recorded.
    pub fn len(&self) -> usize {
        self.entries.len
    }

    pub fn is_empty(&self) -> bool {
        self.entries.len == 0
    }

    /// Bytes held by the index: entry chunks, all table slots (by capacity), headers.
    pub fn memory_bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.entries.bytes()
            + self.exact.bytes()
            + self.bands.iter().map(Table::bytes).sum::<usize>()
    }

    fn find_exact(&self, fp: &Fingerprint) -> Option<Match> {
        let hi = fp.exact >> 16;
        let mut found = None;
        self.exact.for_each(fp.exact, |i| {
            let e = self.entries.get(i);
            if e.exact_hi_size >> 16 == hi {
                found = Some(Match { key: e.key, exact: true, distance: 0, similarity: 1.0 });
                false
            } else {
                true
            }
        });
        found
    }

    /// The near-duplicate test: simhash distance and sketch similarity (see module docs).
    #[inline(always)]
    fn verify(&self, fp: &Fingerprint, sk: &[u8; MINHASHES / 2], i: u32) -> Option<Match> {
        let distance = (fp.simhash ^ self.entries.sim(i)).count_ones();
        if distance > self.cfg.max_distance + SLACK_DISTANCE {
            return None;
        }
        let e = self.entries.get(i);
        let (sa, sb) = (fp.set_size as usize, (e.exact_hi_size & 0xffff) as usize);
        let j = match (sa <= SMALL_SET, sb <= SMALL_SET) {
            (true, true) => small_jaccard(&fp.small, sa, &e.sketch, sb),
            (false, false) => jaccard(sk, &e.sketch),
            _ => return None, // different forms: sizes differ, at most 16 vs 17+; too short to guess
        };
        let (na, nb) = (sa as f32, sb as f32);
        let (small, large) = if na < nb { (na, nb) } else { (nb, na) };
        if distance > self.cfg.max_distance {
            // Beyond max_distance only with a high similarity of two sketched (large) sets.
            return (small > SMALL_SET as f32 && j >= SLACK_SIMILARITY)
                .then_some(Match { key: e.key, exact: false, distance, similarity: j });
        }
        let need = if small <= SMALL_SET as f32 {
            // Short: near-identical sets and simhash (word order, 8-bit collisions) required.
            // Sets of SHORT_LONG..=SMALL_SET tokens on both sides (a 20-30 word sentence) may
            // differ in one token with the usual distance: J(one swap in 16) = 15/17 = 0.88.
            // Formulaic one-liners (scores, weather, datelines) have about 10 content tokens
            // and keep the strict rule.
            let long_short = small >= SHORT_LONG as f32;
            if distance > if long_short { self.cfg.max_distance } else { self.cfg.max_distance / 3 } {
                return None;
            }
            if long_short {
                self.cfg.min_similarity.max(SHORT_LONG_SIMILARITY)
            } else {
                self.cfg.min_similarity.max(self.cfg.min_similarity_short)
            }
        } else {
            self.cfg.min_similarity
        };
        let ok = j >= need || {
            // |A∩B| = J(|A|+|B|)/(1+J); containment relative to the smaller set.
            let inter = j * (na + nb) / (1.0 + j);
            j >= 0.45 && small * 2.0 >= large && small > SMALL_SET as f32 && inter / small >= self.cfg.min_containment
        };
        ok.then_some(Match { key: e.key, exact: false, distance, similarity: j })
    }

    /// Records a paragraph. `scan`: the band keys and the bucket level per band chosen by a
    /// scan just done on this same index state (else they are found here the same way).
    fn record(&mut self, fp: &Fingerprint, key: u64, sketch: [u8; MINHASHES / 2], scan: Option<(&[[u64; MAX_LEVEL + 1]; BANDS], [u8; BANDS])>) {
        let idx = self.entries.push(
            Entry {
                key,
                exact_hi_size: (fp.exact >> 16) << 16 | fp.set_size as u64,
                sketch,
            },
            fp.simhash,
        );
        self.exact.insert(fp.exact, idx);
        if (fp.words as usize) >= self.cfg.min_words {
            let max = self.cfg.max_candidates.max(1);
            for b in 0..BANDS {
                let (key, level) = match scan {
                    Some((keys, levels)) => (keys[b], levels[b] as usize),
                    None => {
                        let keys = band_keys(fp, b);
                        let level = (0..=MAX_LEVEL)
                            .find(|&level| {
                                let mut n = 0usize;
                                self.bands[b].for_each(keys[level], |_| {
                                    n += 1;
                                    n < max
                                });
                                n < max
                            })
                            .unwrap_or(MAX_LEVEL);
                        (keys, level)
                    }
                };
                self.bands[b].insert(key[level], idx);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fingerprint;
    use super::*;

    const A: &str = "The city council voted on Tuesday to expand the bus network into the \
        northern suburbs, a plan that will add 14 new routes and cost about 3 million dollars \
        over the next two years, according to the transport department.";
    const A_EDIT: &str = "The city council voted on Tuesday to expand the bus network into \
        the northern suburbs, a plan which will add 14 new routes and cost roughly 3 million \
        dollars over the next two years, according to the transport department.";
    const B: &str = "Researchers at the university have found that honey bees can recognise \
        human faces, storing the features of a face as a pattern and recalling it days later \
        when rewarded with sugar water during the trials.";

    fn ix() -> (Index, DedupConfig) {
        let cfg = DedupConfig::default();
        (Index::new(cfg.clone()), cfg)
    }

    #[test]
    fn exact_duplicates_across_case_quotes_spacing() {
        let (mut ix, c) = ix();
        assert!(ix.find_or_insert(&fingerprint(A, &c), 1).is_none());
        let shouty = A.to_uppercase().replace(", ", " ,  ");
        let m = ix.find_or_insert(&fingerprint(&shouty, &c), 2).expect("exact dup");
        assert!(m.exact && m.key == 1 && m.distance == 0);
        let h1 = "“Floods close the main road between the two towns” says mayor";
        let h2 = "\"floods close the main road between the two towns\" says Mayor";
        assert!(ix.find_or_insert(&fingerprint(h1, &c), 3).is_none());
        assert_eq!(ix.find_or_insert(&fingerprint(h2, &c), 4).map(|m| m.key), Some(3));
        assert_eq!(ix.len(), 2);
    }

    #[test]
    fn lightly_edited_copy_found_unrelated_not() {
        let (mut ix, c) = ix();
        assert!(ix.find_or_insert(&fingerprint(A, &c), 10).is_none());
        assert!(ix.find_or_insert(&fingerprint(B, &c), 11).is_none());
        let m = ix.find_or_insert(&fingerprint(A_EDIT, &c), 12).expect("near dup");
        assert_eq!(m.key, 10);
        assert!(!m.exact && m.distance <= c.max_distance && m.similarity >= c.min_similarity);
    }

    #[test]
    fn short_and_formulaic_lines_never_merged() {
        let (mut ix, c) = ix();
        for (i, t) in ["Read more", "Share this:", "Read more", "Share this:"].iter().enumerate() {
            assert!(ix.find_or_insert(&fingerprint(t, &c), i as u64).is_none(), "{t}");
        }
        assert_eq!(ix.len(), 0);
        let lines = [
            "The weather in Leeds on Tuesday will be sunny with a high of 21 degrees.",
            "The weather in Leeds on Tuesday will be sunny with a high of 12 degrees.",
            "The weather in Leeds on Monday will be sunny with a high of 21 degrees.",
            "The weather in Perth on Tuesday will be sunny with a high of 21 degrees.",
            "Leeds beat Bristol 2 to 1 at home on Saturday to move third in the table.",
            "Bristol beat Leeds 2 to 1 at home on Saturday to move third in the table.",
            "Leeds beat Bristol 1 to 2 at home on Saturday to move third in the table.",
        ];
        for (i, t) in lines.iter().enumerate() {
            let m = ix.find_or_insert(&fingerprint(t, &c), 100 + i as u64);
            assert!(m.is_none(), "{t} merged with {:?}", m);
        }
        assert_eq!(ix.len(), lines.len());
    }

    #[test]
    fn first_occurrence_wins_and_order_decides() {
        let c = DedupConfig::default();
        let (fa, fe) = (fingerprint(A, &c), fingerprint(A_EDIT, &c));
        let mut x = Index::new(c.clone());
        assert!(x.find_or_insert(&fa, 1).is_none());
        assert_eq!(x.find_or_insert(&fe, 2).unwrap().key, 1);
        assert_eq!(x.find_or_insert(&fa, 3).unwrap().key, 1);
        let mut y = Index::new(c.clone());
        assert!(y.find_or_insert(&fe, 2).is_none());
        assert_eq!(y.find_or_insert(&fa, 1).unwrap().key, 2);
        // insert() records without checking and keeps the first of exact repeats
        let mut z = Index::new(c);
        z.insert(&fa, 7);
        z.insert(&fa, 8);
        assert_eq!(z.len(), 1);
        assert_eq!(z.find_or_insert(&fe, 9).unwrap().key, 7);
    }

    #[test]
    fn memory_per_entry_within_budget() {
        let (mut ix, c) = ix();
        let mut s: u64 = 1;
        let words = ["river", "council", "budget", "school", "harbour", "station", "market",
            "festival", "bridge", "energy", "tram", "library", "election", "museum", "rain", "pension"];
        let n = 60_000;
        for i in 0..n {
            let mut t = String::new();
            for _ in 0..30 {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                t.push_str(words[(s >> 60) as usize]);
                t.push_str(&((s >> 40) % 1000).to_string());
                t.push(' ');
            }
            assert!(ix.find_or_insert(&fingerprint(&t, &c), i).is_none());
        }
        assert_eq!(ix.len(), n as usize);
        let per = ix.memory_bytes() as f64 / n as f64;
        assert!(per <= 128.0, "{per} bytes per paragraph");
        assert_eq!(std::mem::size_of::<Entry>() + 8, 40);
    }

    #[test]
    fn table_is_a_multimap_in_insertion_order() {
        // Skewed keys (few hot keys with many values, many single ones) across growth.
        let mut t = Table::new();
        let mut want: std::collections::HashMap<u64, Vec<u32>> = Default::default();
        let mut s: u64 = 7;
        for i in 0..50_000u32 {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let k = if s >> 62 == 0 { super::super::mix64(s % 50) } else { super::super::mix64(s >> 8) };
            t.insert(k, i);
            want.entry(k).or_default().push(i);
        }
        for (k, v) in &want {
            let mut got = Vec::new();
            t.for_each(*k, |i| {
                got.push(i);
                true
            });
            assert_eq!(&got, v);
        }
        let mut none = 0;
        t.for_each(super::super::mix64(u64::MAX), |_| {
            none += 1;
            true
        });
        assert_eq!(none, 0);
    }

    #[test]
    fn high_similarity_accepts_slightly_larger_distance_only_for_long_paragraphs() {
        // The slack branch of verify: a long copy with most content words intact.
        let (mut ix, c) = ix();
        let base = format!("{A} {B}");
        let copy = base
            .replace("voted on Tuesday", "met on Tuesday and voted")
            .replace("a plan that will add", "in a plan which would add")
            .replace("when rewarded", "once rewarded");
        assert!(ix.find_or_insert(&fingerprint(&base, &c), 1).is_none());
        let m = ix.find_or_insert(&fingerprint(&copy, &c), 2).expect("near dup");
        assert_eq!(m.key, 1);
        assert!(m.distance <= c.max_distance + SLACK_DISTANCE);
    }

    #[test]
    fn one_word_swap_in_a_short_news_sentence_is_found() {
        // 16 content tokens: stored exactly; one swapped word is J = 15/17.
        let (mut ix, c) = ix();
        let a = "The harbour authority approved a plan on Thursday to dredge the main channel, \
            allowing larger container ships to dock at the port from next year.";
        let b = "The harbour authority approved a plan on Thursday to dredge the main channel, \
            allowing bigger container ships to dock at the port from next year.";
        let (fa, fb) = (fingerprint(a, &c), fingerprint(b, &c));
        assert!(fa.set_size as usize >= SHORT_LONG && fa.set_size as usize <= SMALL_SET);
        assert!(ix.find_or_insert(&fa, 1).is_none());
        assert_eq!(ix.find_or_insert(&fb, 2).map(|m| m.key), Some(1));
        // ...while a different fact in the same sentence frame is not one swap away.
        let d = "The harbour authority rejected a plan on Monday to widen the north channel, \
            allowing larger cruise ships to dock at the port from next spring.";
        assert!(ix.find_or_insert(&fingerprint(d, &c), 3).is_none());
    }
}
