//! planted: generates N realistic news-style paragraphs (fixed seed), plants copies with
//! controlled edits at several word-edit rates, runs `scour::dedup` and reports precision and
//! recall per edit rate, throughput and index bytes per paragraph. `--emit-jsonl PATH` writes
//! the same stream as JSON lines {"id","text","dup_of"} for `benches/dedup_peer.py`.
//!
//! cargo run --release --example planted -- [--n 100000] [--seed 7] [--emit-jsonl out.jsonl] [--stats]
//!     [--max-candidates N] [--max-distance N]

use scour::dedup::{DedupConfig, Fingerprint, Index, fingerprint};
use std::time::Instant;

// ---------------------------------------------------------------------------------------------
// PRNG

#[path = "support/args.rs"]
pub mod args;
#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

// ---------------------------------------------------------------------------------------------
// Vocabulary

const FIRST: &[&str] = &[
    "Anna", "David", "Maria", "James", "Sofia", "Peter", "Laura", "Ahmed", "Chen", "Fatima",
    "Oliver", "Grace", "Lucas", "Hannah", "Mateo", "Priya", "Tom", "Elena", "Samuel", "Yuki",
    "Daniel", "Ruth", "Kwame", "Ingrid", "Marco", "Nadia", "Owen", "Leila", "Victor", "Zoe",
];
const LAST: &[&str] = &[
    "Smith", "Okafor", "Garcia", "Novak", "Tanaka", "Brown", "Kowalski", "Haddad", "Murphy",
    "Lindqvist", "Rossi", "Patel", "Dubois", "Schmidt", "Nguyen", "Walker", "Costa", "Fischer",
    "Ibrahim", "Jensen", "Moreau", "Silva", "Kim", "Reyes", "Adeyemi", "Hughes", "Petrov",
];
const ROLE: &[&str] = &[
    "chief executive", "spokesperson", "minister", "mayor", "professor", "analyst",
    "director", "chairman", "researcher", "coach", "economist", "governor", "lawyer",
    "head teacher", "police chief", "senior engineer", "union leader", "curator",
];
const PLACE: &[&str] = &[
    "Leeds", "Toronto", "Lagos", "Melbourne", "Dublin", "Denver", "Glasgow", "Nairobi",
    "Auckland", "Bristol", "Vancouver", "Cardiff", "Perth", "Boston", "Manchester", "Ottawa",
    "Cape Town", "Brisbane", "Edinburgh", "Seattle", "Belfast", "Calgary", "Adelaide", "Austin",
];
const ORG: &[&str] = &[
    "the city council", "the health authority", "the national rail operator",
    "the central bank", "the football club", "the university", "the water company",
    "the energy regulator", "the teachers' union", "the airport operator", "the museum",
    "the housing association", "the transport department", "the environment agency",
    "the hospital trust", "the local police", "the chamber of commerce", "the supermarket chain",
];
const NOUN: &[&str] = &[
    "budget", "project", "plan", "report", "scheme", "network", "contract", "strike",
    "proposal", "investigation", "bridge", "school", "hospital", "station", "stadium",
    "festival", "election", "market", "policy", "deal", "system", "service", "road",
    "reservoir", "factory", "library", "campaign", "survey", "trial", "exhibition", "tunnel",
    "harbour", "pipeline", "motorway", "airport", "council tax", "rent", "wage", "pension",
    "flood defence", "cycle lane", "tram line", "housing estate", "power station", "vaccine",
    "wind farm", "ferry route", "curriculum", "orchestra", "league", "season", "tournament",
];
const ADJ: &[&str] = &[
    "new", "controversial", "ambitious", "delayed", "costly", "popular", "long-awaited",
    "revised", "temporary", "major", "modest", "unexpected", "record", "disputed", "historic",
    "small", "expanded", "regional", "national", "private", "public", "emergency", "annual",
    "independent", "joint", "final", "early", "planned", "proposed", "former", "local",
];
const VERB_PAST: &[&str] = &[
    "approved", "rejected", "delayed", "announced", "criticised", "defended", "launched",
    "cancelled", "reviewed", "expanded", "postponed", "welcomed", "questioned", "funded",
    "opposed", "completed", "suspended", "unveiled", "scrapped", "backed", "challenged",
];
const VERB_INF: &[&str] = &[
    "reduce", "improve", "increase", "cut", "protect", "replace", "extend", "upgrade",
    "modernise", "prioritise", "stabilise", "close", "reopen", "rebuild", "simplify",
];
const THING: &[&str] = &[
    "waiting times", "ticket prices", "carbon emissions", "staff numbers", "traffic",
    "energy bills", "class sizes", "crime rates", "water quality", "air pollution",
    "journey times", "tax revenue", "visitor numbers", "house prices", "youth unemployment",
    "bus services", "hospital beds", "school meals", "rainfall records", "road safety",
];
const DAY: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTH: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
];
const UNIT: &[&str] = &["metres", "kilometres", "litres", "tonnes", "centimetres"];
const CLAUSES: &[&str] = &[
    "according to figures seen by reporters",
    "officials said on condition of anonymity",
    "in a statement released late in the evening",
    "despite objections from local residents",
    "for the first time in more than a decade",
    "although details have yet to be confirmed",
    "after months of negotiations behind closed doors",
    "as campaigners gathered outside the building",
];

/// British ↔ American variants (spelling edits swap them; normalisation folds most of them,
/// not all: `defence/defense`, `tyre/tire`, `cheque/check` are left as real edits).
const VARIANTS: &[(&str, &str)] = &[
    ("criticised", "criticized"), ("modernise", "modernize"), ("prioritise", "prioritize"),
    ("stabilise", "stabilize"), ("metres", "meters"), ("kilometres", "kilometers"),
    ("litres", "liters"), ("centimetres", "centimeters"), ("harbour", "harbor"),
    ("centre", "center"), ("colour", "color"), ("favour", "favor"), ("labour", "labor"),
    ("programme", "program"), ("analysed", "analyzed"), ("organisers", "organizers"),
    ("defence", "defense"), ("travelled", "traveled"), ("neighbours", "neighbors"),
    ("behaviour", "behavior"), ("theatre", "theater"), ("catalogue", "catalog"),
];

/// Word swaps a copy editor makes (either direction).
const SWAPS: &[(&str, &str)] = &[
    ("that", "which"), ("about", "roughly"), ("said", "stated"), ("big", "large"),
    ("but", "however"), ("started", "began"), ("help", "assist"), ("show", "reveal"),
    ("people", "residents"), ("about", "around"), ("also", "additionally"), ("buy", "purchase"),
    ("need", "require"), ("enough", "sufficient"), ("fast", "quick"), ("after", "following"),
    ("will", "would"), ("the", "a"), ("more", "further"), ("told", "informed"),
    ("percent", "per cent"), ("plan", "proposal"), ("new", "fresh"), ("cost", "price"),
];

fn num(r: &mut Rng) -> String {
    match r.below(4) {
        0 => format!("{}", 2 + r.below(98)),
        1 => format!("{}.{}", 1 + r.below(20), r.below(10)),
        2 => format!("{},{:03}", 1 + r.below(90), r.below(1000)),
        _ => format!("{}", 100 + r.below(900)),
    }
}

fn person(r: &mut Rng) -> String {
    format!("{} {}", r.pick(FIRST), r.pick(LAST))
}

fn sentence(r: &mut Rng, quote: bool, template: usize) -> String {
    let org = r.pick(ORG);
    let place = r.pick(PLACE);
    match template {
        0 => format!(
            "{} {} the {} {} on {}, a move that will {} {} across {} by {} percent.",
            cap(org), r.pick(VERB_PAST), r.pick(ADJ), r.pick(NOUN), r.pick(DAY),
            r.pick(VERB_INF), r.pick(THING), place, num(r)
        ),
        1 => format!(
            "The {} {} is expected to cost about {} million dollars and will not be finished before {} {}.",
            r.pick(ADJ), r.pick(NOUN), num(r), r.pick(MONTH), 2027 + r.below(8)
        ),
        2 if quote => format!(
            "\"We have listened to {} and we will {} the {} this year,\" said {}, the {} of {}.",
            r.pick(&["residents", "parents", "passengers", "staff", "businesses", "patients"]),
            r.pick(VERB_INF), r.pick(NOUN), person(r), r.pick(ROLE), org
        ),
        3 => format!(
            "{}, a {} in {}, said the {} had been {} twice since {} and that {} had risen sharply.",
            person(r), r.pick(ROLE), place, r.pick(NOUN), r.pick(VERB_PAST), r.pick(MONTH),
            r.pick(THING)
        ),
        4 => format!(
            "Engineers will build a {} {} {} long near the {} in {}, with work starting in {}.",
            r.pick(ADJ), r.pick(NOUN), format!("{} {}", num(r), r.pick(UNIT)),
            r.pick(&["centre", "harbour", "theatre", "old market", "river", "ring road"]),
            place, r.pick(MONTH)
        ),
        5 => format!(
            "Critics argue the {} will do little to {} {}, pointing to a {} report by {} that found {} of {} families were worse off.",
            r.pick(NOUN), r.pick(VERB_INF), r.pick(THING), r.pick(ADJ), org, num(r), num(r)
        ),
        6 => format!(
            "Around {} people attended the {} in {} on {}, where the organisers {} a {} {}.",
            num(r), r.pick(&["meeting", "protest", "festival", "match", "hearing", "vigil"]),
            place, r.pick(DAY), r.pick(VERB_PAST), r.pick(ADJ), r.pick(NOUN)
        ),
        7 => format!(
            "{} has {} the {} in favour of a {} {}, saying {} had become {}.",
            cap(org), r.pick(VERB_PAST), r.pick(NOUN), r.pick(ADJ), r.pick(NOUN), r.pick(THING),
            r.pick(&["unaffordable", "unsustainable", "too high", "a priority", "a concern", "unpredictable"])
        ),
        8 => format!(
            "Last year the {} {} {} {} and analysed {} complaints about {}.",
            r.pick(ADJ), r.pick(&["programme", "centre", "labour market", "service", "agency"]),
            r.pick(&["handled", "received", "logged", "reviewed"]), num(r), num(r), r.pick(THING)
        ),
        9 => format!(
            "Residents of {} told reporters they had not been consulted and feared the {} would {} {} in the colour and behaviour of the neighbourhood.",
            place, r.pick(NOUN), r.pick(&["change", "damage", "transform", "harm"]),
            r.pick(&["everything", "a great deal", "little", "much"])
        ),
        10 => format!(
            "The {} of {}, {}, {} to comment, but a {} said a decision on the {} was due in {}.",
            r.pick(ROLE), org, person(r), r.pick(&["declined", "refused", "was unavailable"]),
            r.pick(ROLE), r.pick(NOUN), r.pick(MONTH)
        ),
        11 => format!(
            "Figures published on {} show {} fell by {} percent in {} while {} rose in {}.",
            r.pick(DAY), r.pick(THING), num(r), place, r.pick(THING), r.pick(PLACE)
        ),
        12 => format!(
            "{} travelled from {} to {} to see the {} {} for herself, and described it as {}.",
            person(r), r.pick(PLACE), place, r.pick(ADJ), r.pick(NOUN),
            r.pick(&["impressive", "a disgrace", "overdue", "remarkable", "a good start", "confusing"])
        ),
        _ => format!(
            "Under the {} {}, {} will {} {} and {} the {} by {} {}.",
            r.pick(ADJ), r.pick(NOUN), org, r.pick(VERB_INF), r.pick(THING), r.pick(VERB_INF),
            r.pick(NOUN), r.pick(MONTH), 2026 + r.below(6)
        ),
    }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A multi-sentence news paragraph (about 25–120 words).
fn base_paragraph(r: &mut Rng) -> String {
    let n = 2 + r.below(4);
    let mut out = Vec::with_capacity(n);
    let mut used = Vec::with_capacity(n);
    while out.len() < n {
        let t = r.below(14); // no template twice in one paragraph
        if !used.contains(&t) {
            used.push(t);
            out.push(sentence(r, true, t));
        }
    }
    let mut p = out.join(" ");
    if r.chance(0.5) {
        // American spelling for half the sources
        for (b, a) in VARIANTS {
            p = p.replace(b, a);
        }
    }
    p
}

/// Formulaic one-liners from a narrow template: distinct paragraphs that share most words.
fn formulaic(r: &mut Rng) -> String {
    match r.below(3) {
        0 => format!(
            "Shares of {} {} {} percent to {} dollars in {} trading on {}.",
            r.pick(&["Acme Corp", "Northwind", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay"]),
            r.pick(&["rose", "fell", "climbed", "slipped"]), num(r), num(r), r.pick(PLACE), r.pick(DAY)
        ),
        1 => format!(
            "The weather in {} on {} will be {} with a high of {} degrees and winds from the {}.",
            r.pick(PLACE), r.pick(DAY), r.pick(&["sunny", "cloudy", "wet", "windy", "cold", "mild"]),
            r.below(35), r.pick(&["north", "south", "east", "west"])
        ),
        _ => format!(
            "{} beat {} {} to {} at home on {} to move {} in the league table.",
            r.pick(PLACE), r.pick(PLACE), 1 + r.below(5), r.below(3), r.pick(DAY),
            r.pick(&["second", "third", "fourth", "fifth", "top", "clear"])
        ),
    }
}

const SHORT: &[&str] = &[
    "Share this:", "Read more", "Advertisement", "Photo: Reuters", "Related articles",
    "Click here to subscribe.", "Updated at 14:05", "Sign up for our newsletter",
];

// ---------------------------------------------------------------------------------------------
// Edits

fn curly(s: &str, r: &mut Rng) -> String {
    let mut open = true;
    s.chars()
        .map(|c| match c {
            '"' => {
                open = !open;
                if !open { '\u{201C}' } else { '\u{201D}' }
            }
            '\'' => '\u{2019}',
            c => c,
        })
        .collect::<String>()
        + if r.chance(0.1) { " " } else { "" }
}

/// Copies `base` changing about `rate` of its words (swaps, spelling variants, random
/// replacements, drops, inserts, an added or dropped clause), plus cosmetic changes
/// (quotes, commas, spacing, case) that do not count as word changes.
fn edit(base: &str, rate: f64, r: &mut Rng) -> String {
    let mut words: Vec<String> = base.split(' ').map(str::to_string).collect();
    let n = words.len();
    let mut budget = (rate * n as f64).round() as usize;
    if rate > 0.0 && budget == 0 && r.chance(rate * n as f64) {
        budget = 1;
    }
    // an added or dropped clause (counts against the budget)
    if budget >= 5 && r.chance(0.4) {
        if r.chance(0.5) {
            let c = r.pick(CLAUSES);
            let len = c.split(' ').count();
            if len <= budget {
                let at = r.below(n);
                if words[at].ends_with('.') {
                    let w = words[at].trim_end_matches('.').to_string();
                    words[at] = format!("{w}, {c}.");
                    budget -= len;
                }
            }
        } else {
            // drop a trailing clause: the words after the last comma of some sentence
            if let Some(i) = (0..n).find(|&i| words[i].ends_with(',') && r.chance(0.3)) {
                let end = (i + 1..n).find(|&j| words[j].ends_with('.')).unwrap_or(n - 1);
                let len = end - i;
                if len >= 2 && len <= budget {
                    let last = words[end].clone();
                    words[i] = words[i].trim_end_matches(',').to_string()
                        + if last.ends_with('"') { ".\"" } else { "." };
                    words.drain(i + 1..=end);
                    budget -= len;
                }
            }
        }
    }
    let mut done = 0;
    let mut guard = 0;
    while done < budget && guard < 100 * (budget + 1) {
        guard += 1;
        let n = words.len();
        let i = r.below(n);
        let w = words[i].clone();
        let core: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
        let lower = core.to_lowercase();
        let ok = match r.below(6) {
            0 | 1 => {
                // synonym swap
                let hit = SWAPS.iter().find_map(|&(a, b)| {
                    if lower == a { Some(b) } else if lower == b { Some(a) } else { None }
                });
                match hit {
                    Some(to) if !core.is_empty() => {
                        words[i] = w.replacen(&core, to, 1);
                        true
                    }
                    _ => false,
                }
            }
            2 => {
                let hit = VARIANTS.iter().find_map(|&(a, b)| {
                    if lower == a { Some(b) } else if lower == b { Some(a) } else { None }
                });
                match hit {
                    Some(to) if !core.is_empty() => {
                        words[i] = w.replacen(&core, to, 1);
                        true
                    }
                    _ => false,
                }
            }
            3 => {
                // replace with another word
                if core.is_empty() { false } else {
                    let pool = [NOUN, ADJ, THING, VERB_INF][r.below(4)];
                    words[i] = w.replacen(&core, r.pick(pool), 1);
                    true
                }
            }
            4 => {
                if n > 10 && !w.ends_with('.') && !w.starts_with('"') {
                    words.remove(i);
                    true
                } else { false }
            }
            _ => {
                let pool = [ADJ, NOUN][r.below(2)];
                words.insert(i, r.pick(pool).to_string());
                true
            }
        };
        if ok {
            done += 1;
        }
    }
    let mut s = words.join(" ");
    if r.chance(0.5) {
        s = curly(&s, r);
    }
    if r.chance(0.3) {
        s = s.replacen(" and ", ", and ", 1);
    }
    if r.chance(0.2) {
        s = s.replacen(". ", ".  ", 2);
    }
    if r.chance(0.1) {
        s = s.to_uppercase();
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Driver

const RATES: &[f64] = &[0.0, 0.02, 0.05, 0.10, 0.15, 0.20, 0.30];

pub struct Item {
    pub text: String,
    /// Cluster id: the base's id for copies, own id otherwise.
    pub cluster: usize,
    /// Index into RATES for copies.
    pub rate: Option<usize>,
    pub kind: &'static str,
}

/// On-CPU time of this thread in ns (Linux schedstat; 0 elsewhere, making on-CPU rates inf).
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// The planted corpus: all items, and the stream order (indices into items) they are fed in.
/// Deterministic in `(n, seed)`. Also used by `benches/dedup.rs`.
pub fn generate(n: usize, seed: u64) -> (Vec<Item>, Vec<usize>) {
    let mut r = Rng(seed);

    // 1. bases (80% news paragraphs, 15% formulaic one-liners, 5% short lines), copies of
    //    60% of the news paragraphs at a random edit rate, placed later in the stream.
    let mut items: Vec<Item> = Vec::new();
    let mut order: Vec<(f64, usize)> = Vec::new();
    for b in 0..n {
        let pos = b as f64;
        let roll = r.unit();
        let (text, kind) = if roll < 0.80 {
            (base_paragraph(&mut r), "news")
        } else if roll < 0.95 {
            (formulaic(&mut r), "formulaic")
        } else {
            (r.pick(SHORT).to_string(), "short")
        };
        let id = items.len();
        let news = kind == "news";
        items.push(Item { text, cluster: id, rate: None, kind });
        order.push((pos, id));
        if news && r.chance(0.6) {
            let ri = r.below(RATES.len());
            let text = edit(&items[id].text, RATES[ri], &mut r);
            let cid = items.len();
            items.push(Item { text, cluster: id, rate: Some(ri), kind: "copy" });
            order.push((pos + 1.0 + r.unit() * (n as f64 / 4.0), cid));
        }
    }
    order.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Bases that came out word-for-word identical (formulaic lines) are one cluster.
    let mut first: std::collections::HashMap<String, usize> = Default::default();
    let mut copies: std::collections::HashMap<usize, Vec<usize>> = Default::default();
    for (cid, it) in items.iter().enumerate() {
        if it.rate.is_some() {
            copies.entry(it.cluster).or_default().push(cid);
        }
    }
    for &(_, id) in &order {
        if items[id].rate.is_none() {
            let c = *first.entry(items[id].text.clone()).or_insert(id);
            if c != id {
                items[id].cluster = c;
                for &cid in copies.get(&id).into_iter().flatten() {
                    items[cid].cluster = c;
                }
            }
        }
    }
    let stream: Vec<usize> = order.iter().map(|&(_, id)| id).collect();
    (items, stream)
}

fn main() {
    let flags = args::Flags::parse(&["--n", "--seed", "--emit-jsonl", "--max-candidates", "--max-distance"], &["--stats"]);
    let mut cfg = DedupConfig::default();
    let (n, seed) = (flags.get("--n", 100_000usize), flags.get("--seed", 7u64));
    let emit = flags.string("--emit-jsonl");
    let stats = flags.has("--stats");
    cfg.max_candidates = flags.get("--max-candidates", cfg.max_candidates);
    cfg.max_distance = flags.get("--max-distance", cfg.max_distance);
    let (items, stream) = generate(n, seed);
    let mut r = Rng(seed ^ 0x5eed);

    if let Some(path) = &emit {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("create jsonl"));
        for &id in &stream {
            let it = &items[id];
            let dup = if it.cluster != id { it.cluster.to_string() } else { "null".into() };
            let rate = it.rate.map_or("null".to_string(), |ri| RATES[ri].to_string());
            writeln!(f, "{{\"id\":{},\"text\":{},\"dup_of\":{},\"edit_rate\":{},\"kind\":\"{}\"}}", id,
                serde_json::to_string(&it.text).unwrap(), dup, rate, it.kind).unwrap();
        }
        eprintln!("wrote {} lines to {path}", stream.len());
    }

    // 2. fingerprint (single thread) and index (single thread), timed separately
    let bytes: usize = stream.iter().map(|&id| items[id].text.len()).sum();
    let c = cpu_ns();
    let t = Instant::now();
    let fps: Vec<Fingerprint> = stream.iter().map(|&id| fingerprint(&items[id].text, &cfg)).collect();
    let t_fp = t.elapsed().as_secs_f64();
    let c_fp = (cpu_ns() - c) as f64 / 1e9;
    let mut index = Index::new(cfg.clone());
    let c = cpu_ns();
    let t = Instant::now();
    let matches: Vec<_> = stream
        .iter()
        .zip(&fps)
        .enumerate()
        .map(|(k, (&id, fp))| {
            // as the pipeline does
            if let Some(next) = fps.get(k + 1) {
                index.prefetch(next);
            }
            if let Some(later) = fps.get(k + 4) {
                scour::dedup::prefetch_value(later);
            }
            index.find_or_insert(fp, id as u64)
        })
        .collect();
    let t_ix = t.elapsed().as_secs_f64();
    let c_ix = (cpu_ns() - c) as f64 / 1e9;

    // 3. score
    let mut tp = 0usize;
    let mut fp_n = 0usize;
    let mut per_rate = vec![(0usize, 0usize); RATES.len()]; // (found, total)
    let mut fp_kind: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut exact_n = 0;
    let mut examples = Vec::new();
    for (&id, m) in stream.iter().zip(&matches) {
        let it = &items[id];
        if let Some(ri) = it.rate {
            per_rate[ri].1 += 1;
        }
        if let Some(m) = m {
            exact_n += m.exact as usize;
            let other = &items[m.key as usize];
            if other.cluster == it.cluster {
                tp += 1;
                if let Some(ri) = it.rate {
                    per_rate[ri].0 += 1;
                }
            } else {
                fp_n += 1;
                *fp_kind.entry(it.kind).or_default() += 1;
                if examples.len() < 5 {
                    examples.push(format!("  d={} j={:.2}\n    {}\n    {}", m.distance, m.similarity, it.text, other.text));
                }
            }
        }
    }
    let reported = tp + fp_n;
    println!("planted: {} bases, {} copies, {} paragraphs, {:.1} MB, seed {seed}", n,
        items.len() - n, stream.len(), bytes as f64 / 1e6);
    println!("config: {:?}", cfg);
    println!("reported {reported} ({exact_n} exact), true {tp}, false {fp_n}; precision {:.4}",
        if reported > 0 { tp as f64 / reported as f64 } else { 1.0 });
    if !fp_kind.is_empty() {
        println!("false positives by kind: {fp_kind:?}");
        for e in &examples {
            println!("{e}");
        }
    }
    println!("{:>10} {:>8} {:>8} {:>8}", "edit rate", "copies", "found", "recall");
    let (mut f10, mut t10) = (0, 0);
    for (ri, &(f, t)) in per_rate.iter().enumerate() {
        println!("{:>9.0}% {:>8} {:>8} {:>8.4}", RATES[ri] * 100.0, t, f, f as f64 / t.max(1) as f64);
        if RATES[ri] <= 0.10 + 1e-9 {
            f10 += f;
            t10 += t;
        }
    }
    println!("recall for copies with <=10% of words changed: {:.4}", f10 as f64 / t10.max(1) as f64);
    // On-CPU rates (this thread's scheduled time) are also shown: the wall-clock ones
    // drop when other processes share the cores.
    println!("fingerprint: {:.1} MB/s, {:.2} M paragraphs/s (1 thread; on-CPU {:.1} MB/s)",
        bytes as f64 / 1e6 / t_fp, stream.len() as f64 / 1e6 / t_fp, bytes as f64 / 1e6 / c_fp);
    println!("index: {:.2} M find_or_insert/s (1 thread; on-CPU {:.2} M/s), {} entries, {:.1} bytes/entry ({:.1} MB)",
        stream.len() as f64 / 1e6 / t_ix, stream.len() as f64 / 1e6 / c_ix, index.len(),
        index.memory_bytes() as f64 / index.len().max(1) as f64, index.memory_bytes() as f64 / 1e6);

    if stats {
        // Simhash distance distribution per edit rate and for unrelated news pairs.
        let pos: std::collections::HashMap<usize, usize> =
            stream.iter().enumerate().map(|(p, &id)| (id, p)).collect();
        let mut by_rate: Vec<Vec<u32>> = vec![Vec::new(); RATES.len()];
        for (p, &id) in stream.iter().enumerate() {
            if let Some(ri) = items[id].rate {
                let bp = pos[&items[id].cluster];
                by_rate[ri].push((fps[p].simhash ^ fps[bp].simhash).count_ones());
            }
        }
        let news: Vec<usize> = (0..stream.len()).filter(|&p| items[stream[p]].kind == "news").collect();
        let mut unrel = Vec::new();
        for _ in 0..20_000 {
            let (a, b) = (news[r.below(news.len())], news[r.below(news.len())]);
            if a != b {
                unrel.push((fps[a].simhash ^ fps[b].simhash).count_ones());
            }
        }
        let form: Vec<usize> = (0..stream.len()).filter(|&p| items[stream[p]].kind == "formulaic").collect();
        let mut unrel_f = Vec::new();
        for _ in 0..20_000 {
            let (a, b) = (form[r.below(form.len())], form[r.below(form.len())]);
            if a != b && fps[a].exact != fps[b].exact {
                unrel_f.push((fps[a].simhash ^ fps[b].simhash).count_ones());
            }
        }
        let q = |v: &mut Vec<u32>, f: f64| { v.sort(); v[((v.len() - 1) as f64 * f) as usize] };
        println!("simhash distance percentiles (5/50/95/99):");
        for (ri, v) in by_rate.iter_mut().enumerate() {
            if !v.is_empty() {
                println!("  copies {:>3.0}%: {:>3} {:>3} {:>3} {:>3}", RATES[ri] * 100.0, q(v, 0.05), q(v, 0.5), q(v, 0.95), q(v, 0.99));
            }
        }
        println!("  unrelated news: {:>3} {:>3} {:>3} min {}", q(&mut unrel, 0.05), q(&mut unrel, 0.5), q(&mut unrel, 0.95), unrel[0]);
        println!("  unrelated formulaic: {:>3} {:>3} {:>3} min {}", q(&mut unrel_f, 0.05), q(&mut unrel_f, 0.5), q(&mut unrel_f, 0.95), unrel_f[0]);
    }
}
