//! index: the corpus-wide duplicate index behind `dedup::Index` — chunked entry store, an
//! exact-key table and 4 MinHash LSH band tables, all with 8-byte slots in staggered shards.
//! Takes fingerprints in call order; guarantees first-recorded-wins and ~106 bytes/paragraph.

use super::{BANDS, DedupConfig, Fingerprint, MINHASHES, Match, ROWS, SMALL_SET, jaccard, sketch, small_jaccard};

/// One recorded paragraph: 40 bytes.
#[derive(Clone, Copy)]
struct Entry {
    key: u64,
    simhash: u64,
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
    len: usize,
}

impl Entries {
    fn push(&mut self, e: Entry) -> u32 {
        if self.len % CHUNK == 0 {
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        self.chunks.last_mut().expect("chunk").push(e);
        let i = self.len;
        self.len += 1;
        u32::try_from(i).expect("dedup index holds at most 2^32-1 distinct paragraphs")
    }
    #[inline]
    fn get(&self, i: u32) -> &Entry {
        let i = i as usize;
        &self.chunks[i >> CHUNK_BITS][i & (CHUNK - 1)]
    }
    fn bytes(&self) -> usize {
        self.chunks.len() * CHUNK * std::mem::size_of::<Entry>()
            + self.chunks.capacity() * std::mem::size_of::<Vec<Entry>>()
    }
}

const SHARD_BITS: u32 = 6;
const SHARDS: usize = 1 << SHARD_BITS;
const EMPTY: u64 = u64::MAX;

/// Multimap from a 64-bit hash to entry indices: 64 shards of linear-probing slots
/// `tag << 32 | index`. The shard comes from the top 6 hash bits, the tag is the low 32
/// bits and also gives the home slot (`tag * cap >> 32`), so a shard can be rebuilt from
/// its slots alone. Shard capacities start at `16·2^(i/64)` so that they double at
/// different times and the whole table stays near its average load.
struct Table {
    shards: Vec<Shard>,
}

struct Shard {
    slots: Vec<u64>,
    len: usize,
}

impl Table {
    fn new() -> Table {
        let shards = (0..SHARDS)
            .map(|i| {
                let cap = (16.0 * (i as f64 / SHARDS as f64).exp2()).round() as usize;
                Shard { slots: vec![EMPTY; cap], len: 0 }
            })
            .collect();
        Table { shards }
    }

    #[inline]
    fn split(h: u64) -> (usize, u32) {
        ((h >> (64 - SHARD_BITS)) as usize, h as u32)
    }

    #[inline]
    fn home(tag: u32, cap: usize) -> usize {
        ((tag as u64 * cap as u64) >> 32) as usize
    }

    /// Starts loading the home slot of `h` (see [`prefetch`]).
    #[inline]
    fn prefetch(&self, h: u64) {
        let (s, tag) = Self::split(h);
        let slots = &self.shards[s].slots;
        prefetch(slots.as_ptr().wrapping_add(Self::home(tag, slots.len())));
    }

    /// Calls `f(index)` for every slot whose tag matches, in probe order, until `f` says stop.
    #[inline]
    fn for_each(&self, h: u64, mut f: impl FnMut(u32) -> bool) {
        let (s, tag) = Self::split(h);
        let slots = &self.shards[s].slots;
        let cap = slots.len();
        let mut p = Self::home(tag, cap);
        loop {
            let v = slots[p];
            if v == EMPTY {
                return;
            }
            if (v >> 32) as u32 == tag && !f(v as u32) {
                return;
            }
            p += 1;
            if p == cap {
                p = 0;
            }
        }
    }

    fn insert(&mut self, h: u64, idx: u32) {
        let (s, tag) = Self::split(h);
        let shard = &mut self.shards[s];
        if (shard.len + 1) * 8 > shard.slots.len() * 7 {
            shard.grow();
        }
        shard.put(tag, idx);
        shard.len += 1;
    }

    fn bytes(&self) -> usize {
        self.shards.iter().map(|s| s.slots.capacity() * 8).sum::<usize>()
            + self.shards.capacity() * std::mem::size_of::<Shard>()
    }
}

impl Shard {
    #[inline]
    fn put(&mut self, tag: u32, idx: u32) {
        let cap = self.slots.len();
        let mut p = Table::home(tag, cap);
        while self.slots[p] != EMPTY {
            p += 1;
            if p == cap {
                p = 0;
            }
        }
        self.slots[p] = (tag as u64) << 32 | idx as u64;
    }

    fn grow(&mut self) {
        let cap = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; cap]);
        // Re-insert in old slot order: deterministic given the call sequence.
        for v in old {
            if v != EMPTY {
                self.put((v >> 32) as u32, v as u32);
            }
        }
    }
}

/// Seeds that make the band keys of different bands unrelated.
const BAND_SEED: [u64; BANDS] =
    [0x243f_6a88_85a3_08d3, 0x1319_8a2e_0370_7344, 0xa409_3822_299f_31d0, 0x082e_fa98_ec4e_6c89];

/// Key of band `b` at refinement level `level` (0-based): the band's first `ROWS + level`
/// minhash values. A bucket that already holds `max_candidates` entries sends later entries
/// one level down (one more row), so crowded buckets (shared boilerplate words) split
/// instead of growing, and a query scans at most `max_candidates` per level.
#[inline]
fn band_key(fp: &Fingerprint, b: usize, level: usize) -> u64 {
    let mut x = BAND_SEED[b] ^ level as u64;
    for r in 0..ROWS + level {
        x = super::mix64(x ^ fp.minhash[b * BAND_WIDTH + r] as u64);
    }
    x
}

/// Minhash values reserved per band (`ROWS` + refinement levels).
const BAND_WIDTH: usize = MINHASHES / BANDS;
/// Deepest refinement level.
const MAX_LEVEL: usize = 3;

/// Corpus-wide duplicate index. Feed it in input order; results depend only on that order.
pub struct Index {
    cfg: DedupConfig,
    entries: Entries,
    exact: Table,
    bands: Vec<Table>,
    /// Scratch: candidate entry indices of the current query (reused, never shrinks;
    /// at most `BANDS * (MAX_LEVEL + 1) * max_candidates` long).
    cands: Vec<u32>,
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
        if (fp.words as usize) < self.cfg.min_exact_words {
            return None;
        }
        self.exact.prefetch(fp.exact);
        let near = (fp.words as usize) >= self.cfg.min_words;
        let mut k0 = [0u64; BANDS];
        if near {
            for (b, k) in k0.iter_mut().enumerate() {
                *k = band_key(fp, b, 0);
                self.bands[b].prefetch(*k);
            }
        }
        if let Some(m) = self.find_exact(fp) {
            return Some(m);
        }
        if !near {
            self.record(fp, key, None);
            return None;
        }
        let max = self.cfg.max_candidates.max(1);
        let mut levels = [0u8; BANDS];
        let mut cands = std::mem::take(&mut self.cands);
        cands.clear();
        for b in 0..BANDS {
            for level in 0..=MAX_LEVEL {
                let k = if level == 0 { k0[b] } else { band_key(fp, b, level) };
                let mut seen = 0usize;
                self.bands[b].for_each(k, |i| {
                    prefetch(self.entries.get(i));
                    cands.push(i);
                    seen += 1;
                    seen < max
                });
                levels[b] = level as u8;
                if seen < max {
                    break; // this bucket never overflowed: nothing one level down
                }
            }
        }
        // Earliest recorded paragraph that passes wins: verify in ascending order.
        cands.sort_unstable();
        cands.dedup();
        let sk = sketch(&fp.minhash);
        let found = cands.iter().find_map(|&i| self.verify(fp, &sk, self.entries.get(i)));
        self.cands = cands;
        if found.is_none() {
            self.record(fp, key, Some(levels));
        }
        found
    }

    /// Records a paragraph that can be pointed at but is never itself checked (titles).
    /// An exact duplicate of something already recorded is not recorded again.
    pub fn insert(&mut self, fp: &Fingerprint, key: u64) {
        if (fp.words as usize) < self.cfg.min_exact_words || self.find_exact(fp).is_some() {
            return;
        }
        self.record(fp, key, None);
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
    fn verify(&self, fp: &Fingerprint, sk: &[u8; MINHASHES / 2], e: &Entry) -> Option<Match> {
        let distance = (fp.simhash ^ e.simhash).count_ones();
        if distance > self.cfg.max_distance {
            return None;
        }
        let (sa, sb) = (fp.set_size as usize, (e.exact_hi_size & 0xffff) as usize);
        let j = match (sa <= SMALL_SET, sb <= SMALL_SET) {
            (true, true) => small_jaccard(&fp.small, sa, &e.sketch, sb),
            (false, false) => jaccard(sk, &e.sketch),
            _ => return None, // different forms: sizes differ, at most 16 vs 17+; too short to guess
        };
        let (na, nb) = (sa as f32, sb as f32);
        let (small, large) = if na < nb { (na, nb) } else { (nb, na) };
        let need = if small <= SMALL_SET as f32 {
            // Short: near-identical sets and simhash (word order, 8-bit collisions) required.
            if distance > self.cfg.max_distance / 3 {
                return None;
            }
            self.cfg.min_similarity.max(self.cfg.min_similarity_short)
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

    /// Records a paragraph. `levels`: the bucket level per band chosen by a scan just
    /// done on this same index state (else they are found here the same way).
    fn record(&mut self, fp: &Fingerprint, key: u64, levels: Option<[u8; BANDS]>) {
        let idx = self.entries.push(Entry {
            key,
            simhash: fp.simhash,
            exact_hi_size: (fp.exact >> 16) << 16 | fp.set_size as u64,
            sketch: if fp.set_size as usize <= SMALL_SET { fp.small } else { sketch(&fp.minhash) },
        });
        self.exact.insert(fp.exact, idx);
        if (fp.words as usize) >= self.cfg.min_words {
            let max = self.cfg.max_candidates.max(1);
            for b in 0..BANDS {
                let level = match levels {
                    Some(l) => l[b] as usize,
                    None => (0..=MAX_LEVEL)
                        .find(|&level| {
                            let mut n = 0usize;
                            self.bands[b].for_each(band_key(fp, b, level), |_| {
                                n += 1;
                                n < max
                            });
                            n < max
                        })
                        .unwrap_or(MAX_LEVEL),
                };
                self.bands[b].insert(band_key(fp, b, level), idx);
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
        assert_eq!(std::mem::size_of::<Entry>(), 40);
    }
}
