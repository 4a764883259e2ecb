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

#[inline]
fn band_key(fp: &Fingerprint, b: usize) -> u64 {
    let mut x = BAND_SEED[b];
    for r in 0..ROWS {
        x = super::mix64(x ^ fp.minhash[b * ROWS + r] as u64);
    }
    x
}

/// Corpus-wide duplicate index. Feed it in input order; results depend only on that order.
pub struct Index {
    cfg: DedupConfig,
    entries: Entries,
    exact: Table,
    bands: Vec<Table>,
    cand: Vec<u32>,
}

impl Index {
    pub fn new(cfg: DedupConfig) -> Index {
        Index {
            cfg,
            entries: Entries::default(),
            exact: Table::new(),
            bands: (0..BANDS).map(|_| Table::new()).collect(),
            cand: Vec::new(),
        }
    }

    /// Returns the earlier paragraph this one duplicates, or records it and returns `None`.
    /// Paragraphs shorter than `min_exact_words` are neither matched nor recorded.
    pub fn find_or_insert(&mut self, fp: &Fingerprint, key: u64) -> Option<Match> {
        if (fp.words as usize) < self.cfg.min_exact_words {
            return None;
        }
        if let Some(m) = self.find_exact(fp) {
            return Some(m);
        }
        if (fp.words as usize) >= self.cfg.min_words {
            if let Some(m) = self.find_near(fp) {
                return Some(m);
            }
        }
        self.record(fp, key);
        None
    }

    /// Records a paragraph that can be pointed at but is never itself checked (titles).
    /// An exact duplicate of something already recorded is not recorded again.
    pub fn insert(&mut self, fp: &Fingerprint, key: u64) {
        if (fp.words as usize) < self.cfg.min_exact_words || self.find_exact(fp).is_some() {
            return;
        }
        self.record(fp, key);
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
            + self.cand.capacity() * 4
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

    fn find_near(&mut self, fp: &Fingerprint) -> Option<Match> {
        let mut cand = std::mem::take(&mut self.cand);
        cand.clear();
        for b in 0..BANDS {
            let mut seen = 0usize;
            let max = self.cfg.max_candidates;
            self.bands[b].for_each(band_key(fp, b), |i| {
                if !cand.contains(&i) {
                    cand.push(i);
                }
                seen += 1;
                seen < max
            });
        }
        let sk = sketch(&fp.minhash);
        let mut best: Option<(u32, Match)> = None;
        for &i in &cand {
            if best.as_ref().is_some_and(|(bi, _)| *bi < i) {
                continue;
            }
            let e = self.entries.get(i);
            if let Some(m) = self.verify(fp, &sk, e) {
                best = Some((i, m));
            }
        }
        self.cand = cand;
        best.map(|(_, m)| m)
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
            self.cfg.min_similarity.max(self.cfg.min_similarity_short)
        } else {
            self.cfg.min_similarity
        };
        let ok = j >= need || {
            // |A∩B| = J(|A|+|B|)/(1+J); containment relative to the smaller set.
            let inter = j * (na + nb) / (1.0 + j);
            small * 2.0 >= large && small > SMALL_SET as f32 && inter / small >= self.cfg.min_containment
        };
        ok.then_some(Match { key: e.key, exact: false, distance, similarity: j })
    }

    fn record(&mut self, fp: &Fingerprint, key: u64) {
        let idx = self.entries.push(Entry {
            key,
            simhash: fp.simhash,
            exact_hi_size: (fp.exact >> 16) << 16 | fp.set_size as u64,
            sketch: if fp.set_size as usize <= SMALL_SET { fp.small } else { sketch(&fp.minhash) },
        });
        self.exact.insert(fp.exact, idx);
        if (fp.words as usize) >= self.cfg.min_words {
            for b in 0..BANDS {
                let k = band_key(fp, b);
                self.bands[b].insert(k, idx);
            }
        }
    }
}
