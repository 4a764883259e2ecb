//! gencorpus: a deterministic, realistic "large web scrape" generator with ground truth, for
//! benchmarking scour's speed and quality (see benches/README.md).
//!
//! cargo run --release --example gencorpus -- (--docs N | --bytes 2G) [--format jsonl|txt|csv]
//!     [--gzip] --out DIR [--seed 42]
//!
//! Writes `DIR/corpus.jsonl` (or `DIR/corpus.csv`, or `DIR/docs/NNNN/<id>.txt`, each optionally
//! `.gz`) and `DIR/truth.jsonl`: one line per document,
//! {"id","site","lang","paragraphs":[{"position","label","dup_of"}],"mojibake","spun","encoding",
//!  "syndicated_from"}. Labels are body|title|meta|chrome|dup; positions are 0-based over the
//! non-empty lines of the text (split on '\n', lines empty after trimming skipped), as scour
//! counts paragraphs. Pass `DIR/corpus.jsonl` or `DIR/docs` to scour, not `DIR` (the truth file
//! is JSON lines too).
//!
//! What is in a document: one of 24 site templates (fixed navigation at the head, optional
//! breadcrumb / search prompt / cookie notice, title, optional byline and date line, body
//! paragraphs with islands such as "Advertisement" and photo captions, and tail furniture:
//! related-article teasers drawn from a per-site pool, comment forms, share buttons, tags,
//! newsletter boxes, copyright). Bodies come from a sentence grammar (English, plus German,
//! French and Spanish sites). About 10% of documents are syndicated copies of an earlier
//! document from another site with light edits, 2% are mojibake (UTF-8 read as windows-1252),
//! 2% are spun (synonym spinner), and in txt format 1% of files are windows-1252 encoded.
//!
//! Only std and crates scour already depends on. Memory is bounded (a ring of recent documents
//! for syndication); generation runs on the main thread, writing/compression on a second one.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;
use std::time::Instant;

// ---------------------------------------------------------------------------------------------
// PRNG (splitmix64)

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

// ---------------------------------------------------------------------------------------------
// English vocabulary

const FIRST: &[&str] = &[
    "Anna", "David", "Maria", "James", "Sofia", "Peter", "Laura", "Ahmed", "Chen", "Fatima", "Oliver",
    "Grace", "Lucas", "Hannah", "Mateo", "Priya", "Tom", "Elena", "Samuel", "Yuki", "Daniel", "Ruth",
    "Kwame", "Ingrid", "Marco", "Nadia", "Owen", "Leila", "Victor", "Zoë", "José", "Renée", "Søren",
    "Chloé", "André", "Amélie", "Björn", "Inés", "Rafael", "Noémie", "Kassym", "Olena", "Tariq",
    "Mei", "Aisha", "Liam", "Emma", "Noah", "Ava", "Ethan", "Isla", "Jonas", "Freya", "Hugo",
];
const LAST: &[&str] = &[
    "Smith", "Okafor", "García", "Novak", "Tanaka", "Brown", "Kowalski", "Haddad", "Murphy",
    "Lindqvist", "Rossi", "Patel", "Dubois", "Schmidt", "Nguyen", "Walker", "Costa", "Fischer",
    "Ibrahim", "Jensen", "Moreau", "Silva", "Kim", "Reyes", "Adeyemi", "Hughes", "Petrov", "Müller",
    "Álvarez", "O’Brien", "Lefèvre", "Søndergaard", "Şahin", "Núñez", "Weiß", "Kovalenko",
    "Abdullah", "Chaudhry", "Baker", "Young", "Evans", "Mensah", "Duarte", "Hoffmann", "Berg",
];
const ROLE: &[&str] = &[
    "chief executive", "spokesperson", "foreign minister", "mayor", "professor", "analyst",
    "director", "chairman", "researcher", "coach", "economist", "governor", "lawyer", "head teacher",
    "police chief", "senior engineer", "union leader", "curator", "finance minister", "ambassador",
    "health secretary", "senator", "city councillor", "trade envoy", "defence minister",
];
const PLACE: &[&str] = &[
    "Leeds", "Toronto", "Lagos", "Melbourne", "Dublin", "Denver", "Glasgow", "Nairobi", "Auckland",
    "Bristol", "Vancouver", "Cardiff", "Perth", "Boston", "Manchester", "Ottawa", "Cape Town",
    "Brisbane", "Edinburgh", "Seattle", "Belfast", "Calgary", "Adelaide", "Austin", "Kyiv", "Almaty",
    "Tbilisi", "Yerevan", "Baku", "Warsaw", "Vilnius", "Bucharest", "Zürich", "Montréal", "São Paulo",
    "Bogotá", "Kraków", "Reykjavík", "Málaga", "Brussels", "Geneva", "Istanbul", "Nur-Sultan",
];
const COUNTRY: &[&str] = &[
    "Kazakhstan", "Ukraine", "Georgia", "Armenia", "Azerbaijan", "Poland", "Canada", "Kenya",
    "Nigeria", "Brazil", "Colombia", "Turkey", "Uzbekistan", "Moldova", "Romania", "Lithuania",
    "Finland", "Ireland", "Portugal", "Chile", "Ghana", "Vietnam", "Indonesia", "Mongolia",
];
const ORG: &[&str] = &[
    "the city council", "the health authority", "the transport agency", "the central bank",
    "the energy regulator", "the university", "the port authority", "the water company",
    "the teachers’ union", "the chamber of commerce", "the environment ministry", "the national railway",
    "the housing association", "the football club", "the European Commission", "the World Bank",
    "the Eurasian Economic Union", "the parliament", "the electoral commission", "the airline",
    "the mining company", "the steel producer", "the statistics office", "the supreme court",
];
const NOUN: &[&str] = &[
    "budget", "plan", "scheme", "project", "policy", "reform", "proposal", "strategy", "contract",
    "pipeline", "bridge", "tariff", "treaty", "investigation", "programme", "ceasefire", "agreement",
    "referendum", "strike", "merger", "subsidy", "loan", "tax cut", "inquiry", "corridor", "dam",
    "vaccine rollout", "census", "stadium", "motorway", "sanctions package", "peace process",
];
const ADJ: &[&str] = &[
    "controversial", "ambitious", "long-awaited", "delayed", "revised", "costly", "popular",
    "temporary", "regional", "national", "new", "joint", "landmark", "modest", "sweeping",
    "disputed", "emergency", "five-year", "cross-border", "multi-billion", "green", "digital",
];
const VERB_PAST: &[&str] = &[
    "approved", "rejected", "announced", "suspended", "expanded", "postponed", "unveiled",
    "defended", "criticised", "welcomed", "signed", "scrapped", "revised", "launched", "blocked",
    "endorsed", "challenged", "extended",
];
const VERB_INF: &[&str] = &[
    "reduce", "improve", "double", "protect", "replace", "modernise", "support", "review", "cut",
    "boost", "stabilise", "restore", "expand", "limit", "simplify", "fund",
];
const THING: &[&str] = &[
    "waiting times", "energy bills", "rents", "bus fares", "emissions", "youth unemployment",
    "food prices", "hospital admissions", "school places", "traffic", "exports", "flood risk",
    "the economy", "remittances", "grain shipments", "gas supplies", "inflation", "the currency",
    "public debt", "border crossings", "wages", "pension payments", "mortgage rates", "tourism",
];
const GROUP: &[&str] = &[
    "residents", "parents", "passengers", "staff", "businesses", "patients", "farmers", "students",
    "people", "pensioners", "drivers", "voters", "refugees", "workers",
];
const DAY: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTH: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
];
const QUOTE_BODY: &[&str] = &[
    "There is no other way",
    "We will not accept another delay",
    "A bad peace is better than a good war",
    "This is the most important decision of the decade",
    "We have listened and we will act",
    "The numbers speak for themselves",
    "Nobody should have to choose between heating and eating",
    "It is too early to say what this means for the economy",
    "We are clear on that: disengagement is not an option",
    "Thousands of families are waiting for an answer",
    "People are tired of promises",
    "The war has changed everything for us",
];
const CONNECT: &[&str] = &[
    "However", "Meanwhile", "At the same time", "In addition", "Nevertheless", "By contrast",
    "Separately", "Earlier this year", "According to officials", "In a statement",
];

fn num(r: &mut Rng) -> String {
    match r.below(5) {
        0 => format!("{}", 2 + r.below(98)),
        1 => format!("{}.{}", 1 + r.below(20), r.below(10)),
        2 => format!("{},{:03}", 1 + r.below(90), r.below(1000)),
        3 => format!("{}", 100 + r.below(900)),
        _ => format!("{}", 1 + r.below(12)),
    }
}

fn person(r: &mut Rng) -> String {
    format!("{} {}", r.pick(FIRST), r.pick(LAST))
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// One English sentence; quotes use straight ASCII marks (sites curl them).
fn sentence_en(r: &mut Rng, t: usize) -> String {
    let org = r.pick(ORG);
    let place = r.pick(PLACE);
    match t {
        0 => format!(
            "{} {} the {} {} on {}, a move that will {} {} across {} by {} percent.",
            cap(org), r.pick(VERB_PAST), r.pick(ADJ), r.pick(NOUN), r.pick(DAY), r.pick(VERB_INF),
            r.pick(THING), place, num(r)
        ),
        1 => format!(
            "The {} {} is expected to cost about {} million euros and will not be finished before {} {}.",
            r.pick(ADJ), r.pick(NOUN), num(r), r.pick(MONTH), 2027 + r.below(8)
        ),
        2 => format!(
            "\"{},\" said {}, the {} of {}.",
            r.pick(QUOTE_BODY), person(r), r.pick(ROLE), r.pick(COUNTRY)
        ),
        3 => format!(
            "{}, a {} in {}, said the {} had been {} twice since {} and that {} had risen sharply.",
            person(r), r.pick(ROLE), place, r.pick(NOUN), r.pick(VERB_PAST), r.pick(MONTH), r.pick(THING)
        ),
        4 => format!(
            "Engineers will build a {} {} {} kilometres long near {}, with work starting in {}.",
            r.pick(ADJ), r.pick(NOUN), num(r), place, r.pick(MONTH)
        ),
        5 => format!(
            "Critics argue the {} will do little to {} {}, pointing to a {} report by {} that found {} of {} households were worse off.",
            r.pick(NOUN), r.pick(VERB_INF), r.pick(THING), r.pick(ADJ), org, num(r), num(r)
        ),
        6 => format!(
            "Thousands of {} gathered in {} on {} to protest against the {} {}, the largest demonstration since {}.",
            r.pick(GROUP), place, r.pick(DAY), r.pick(ADJ), r.pick(NOUN), 1990 + r.below(34)
        ),
        7 => format!(
            "{} has {} the {} in favour of a {} {}, saying {} had become {}.",
            cap(org), r.pick(VERB_PAST), r.pick(NOUN), r.pick(ADJ), r.pick(NOUN), r.pick(THING),
            r.pick(&["unaffordable", "unsustainable", "too high", "a priority", "a concern", "unpredictable"])
        ),
        8 => format!(
            "The foreign minister of {} said on {} that the war in {} had cost the economy {} billion dollars so far.",
            r.pick(COUNTRY), r.pick(DAY), r.pick(COUNTRY), num(r)
        ),
        9 => format!(
            "{} of {} told reporters they had not been consulted and feared the {} would {} {}.",
            cap(r.pick(GROUP)), place, r.pick(NOUN), r.pick(&["change", "damage", "transform", "harm"]),
            r.pick(&["everything", "a great deal", "their livelihoods", "the neighbourhood"])
        ),
        10 => format!(
            "The {} of {}, {}, {} to comment, but another {} said a decision on the {} was due in {}.",
            r.pick(ROLE), org, person(r), r.pick(&["declined", "refused", "was unavailable"]),
            r.pick(ROLE), r.pick(NOUN), r.pick(MONTH)
        ),
        11 => format!(
            "Figures published on {} show {} fell by {} percent in {} while {} rose in {}.",
            r.pick(DAY), r.pick(THING), num(r), place, r.pick(THING), r.pick(PLACE)
        ),
        12 => format!(
            "{} travelled from {} to {} to see the {} {} for herself and described it as \"{}\".",
            person(r), r.pick(PLACE), place, r.pick(ADJ), r.pick(NOUN),
            r.pick(&["impressive", "a disgrace", "overdue", "remarkable", "a good start", "confusing"])
        ),
        13 => format!(
            "Under the {} {}, {} will {} {} and {} the {} by {} {}.",
            r.pick(ADJ), r.pick(NOUN), org, r.pick(VERB_INF), r.pick(THING), r.pick(VERB_INF), r.pick(NOUN),
            r.pick(MONTH), 2026 + r.below(6)
        ),
        14 => format!(
            "{}, {} remains one of the most {} issues in {} — and one that {} cannot ignore.",
            r.pick(CONNECT), r.pick(THING), r.pick(&["divisive", "urgent", "debated", "sensitive"]),
            r.pick(COUNTRY), org
        ),
        15 => format!(
            "In {} {}, {} people were registered as {} in {}, up from {} a year earlier.",
            r.pick(MONTH), 2015 + r.below(10), num(r),
            r.pick(&["unemployed", "displaced", "homeless", "self-employed", "on waiting lists"]), r.pick(COUNTRY), num(r)
        ),
        16 => format!(
            "{} said it would {} its {} in {} after talks with {} broke down on {}.",
            cap(org), r.pick(&["review", "suspend", "double", "move", "close"]),
            r.pick(&["operations", "office", "funding", "exports", "investment"]), place, r.pick(ORG), r.pick(DAY)
        ),
        17 => format!(
            "The agreement, signed in {} on {} {}, gives {} access to {} and {} in exchange for {}.",
            place, 1 + r.below(28), r.pick(MONTH), r.pick(COUNTRY),
            r.pick(&["mineral deposits", "port facilities", "farmland", "gas fields", "rail links"]),
            r.pick(&["pipelines", "airspace", "fishing waters", "data centres"]),
            r.pick(&["debt relief", "security guarantees", "lower tariffs", "a new loan", "grain"])
        ),
        18 => format!(
            "{} analysts at {} expect {} to {} by {} percent next year, citing {} and weaker demand from {}.",
            r.pick(&["Most", "Several", "Independent", "Senior"]), r.pick(ORG), r.pick(THING),
            r.pick(&["grow", "shrink", "rise", "fall", "recover"]), num(r), r.pick(THING), r.pick(COUNTRY)
        ),
        19 => format!(
            "Asked whether the {} would survive another {}, {} replied: \"{}.\"",
            r.pick(NOUN), r.pick(&["winter", "election", "year", "court challenge", "budget round"]),
            person(r), r.pick(QUOTE_BODY)
        ),
        20 => format!(
            "The {}-year-old {} from {} was {} after {} {} in {}.",
            18 + r.below(60), r.pick(ROLE), place,
            r.pick(&["arrested", "released", "promoted", "re-elected", "dismissed", "honoured"]),
            r.pick(&["a hearing", "an inquiry", "a vote", "a ceremony", "a raid"]),
            r.pick(&["last week", "on Tuesday", "earlier this month", "in the spring"]), r.pick(PLACE)
        ),
        _ => format!(
            "{} {} billion euros has been set aside for {}, {} and {}, according to {}.",
            r.pick(&["Some", "About", "Nearly", "More than"]), num(r), r.pick(THING), r.pick(THING), r.pick(THING),
            r.pick(ORG)
        ),
    }
}
const EN_TEMPLATES: usize = 22;

fn title_en(r: &mut Rng) -> String {
    match r.below(8) {
        0 => format!("{} tries to manage fallout from the {} crisis", r.pick(COUNTRY), r.pick(COUNTRY)),
        1 => format!("{} {} {} {} amid protests", cap(r.pick(ORG)), r.pick(VERB_PAST), r.pick(ADJ), r.pick(NOUN)),
        2 => format!("Why {} matters for {}", r.pick(THING), r.pick(PLACE)),
        3 => format!("{} and {} sign deal on {}", r.pick(COUNTRY), r.pick(COUNTRY), r.pick(NOUN)),
        4 => format!("{} warns {} could {} {}", person(r), r.pick(NOUN), r.pick(VERB_INF), r.pick(THING)),
        5 => format!("{} {} {} as {} {}", r.pick(COUNTRY), r.pick(&["struggles", "moves", "plans"]),
            r.pick(&["to cut", "to protect", "to limit"]), r.pick(THING), r.pick(&["soar", "fall", "stall"])),
        6 => format!("{}: {} {} after {} years", r.pick(PLACE), r.pick(NOUN), r.pick(VERB_PAST), 2 + r.below(30)),
        _ => format!("{} {} {} in {}", cap(r.pick(ADJ)), r.pick(NOUN), r.pick(&["faces delay", "wins backing", "draws criticism", "goes ahead"]), r.pick(PLACE)),
    }
}

// ---------------------------------------------------------------------------------------------
// German, French, Spanish (cheap grammars)

const DE_SUBJ: &[&str] = &["Die Bundesregierung", "Der Stadtrat", "Die Zentralbank", "Die Gewerkschaft", "Der Verkehrsverbund", "Die Landesregierung", "Das Gesundheitsministerium", "Die Universität", "Der Energiekonzern", "Die Opposition"];
const DE_OBJ: &[&str] = &["den Haushaltsplan", "die Reform", "das Förderprogramm", "den Vertrag", "die Mietpreisbremse", "das Bauprojekt", "die Steuerentlastung", "den Ausbau der Radwege", "die Schulreform", "das Klimapaket"];
const DE_VERB: &[&str] = &["hat am Montag", "hat überraschend", "will bis Ende des Jahres", "hat nach langen Verhandlungen", "hat erneut"];
const DE_PART: &[&str] = &["beschlossen", "abgelehnt", "vorgestellt", "verschoben", "gestoppt", "überarbeitet", "verteidigt"];
const DE_PLACE: &[&str] = &["Berlin", "München", "Köln", "Düsseldorf", "Nürnberg", "Wien", "Zürich", "Graz", "Leipzig", "Münster"];
fn sentence_de(r: &mut Rng, t: usize) -> String {
    match t % 10 {
        0 => format!("{} {} {} {}.", r.pick(DE_SUBJ), r.pick(DE_VERB), r.pick(DE_OBJ), r.pick(DE_PART)),
        1 => format!("Nach Angaben der Behörden in {} kostet das Vorhaben rund {} Millionen Euro.", r.pick(DE_PLACE), num(r)),
        2 => format!("„Wir werden {} nicht einfach hinnehmen“, sagte {} am {}.", r.pick(DE_OBJ), person(r), r.pick(&["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"])),
        3 => format!("Kritiker befürchten, dass die Mieten in {} um bis zu {} Prozent steigen könnten.", r.pick(DE_PLACE), num(r)),
        4 => format!("Bereits im {} hatten mehr als {} Menschen in {} gegen {} demonstriert.", r.pick(&["Januar", "März", "Mai", "Juli", "Oktober", "Dezember"]), num(r), r.pick(DE_PLACE), r.pick(DE_OBJ)),
        5 => format!("Eine endgültige Entscheidung über {} wird frühestens {} {} erwartet.", r.pick(DE_OBJ), r.pick(&["im Frühjahr", "im Herbst", "Ende"]), 2026 + r.below(4)),
        6 => format!("{}, {} der {}, verwies auf steigende Kosten für {} und forderte mehr Geld vom Bund.", person(r), r.pick(&["Sprecherin", "Vorsitzender", "Chefin", "Geschäftsführer", "Bürgermeisterin"]), r.pick(&["Stadtwerke", "Handwerkskammer", "Landesbank", "Verbraucherzentrale", "Feuerwehr"]), r.pick(&["Energie", "Personal", "Baumaterial", "Mieten", "Lebensmittel"])),
        7 => format!("Im {} Quartal stieg die Zahl der {} in {} auf {}, teilte das Statistikamt mit.", r.pick(&["ersten", "zweiten", "dritten", "vierten"]), r.pick(&["Arbeitslosen", "Insolvenzen", "Baugenehmigungen", "Geburten", "Übernachtungen"]), r.pick(DE_PLACE), num(r)),
        8 => format!("Der Streit um {} schwelt seit {} Jahren; zuletzt scheiterte ein Kompromiss am Widerstand {}.", r.pick(DE_OBJ), 2 + r.below(20), r.pick(&["der Grünen", "der Länder", "der Kommunen", "des Finanzministers", "der Arbeitgeber"])),
        _ => format!("Wie {} berichtet, sollen die Arbeiten in {} im {} beginnen und rund {} Jahre dauern.", r.pick(&["die Lokalzeitung", "der Rundfunk", "eine Sprecherin", "das Rathaus"]), r.pick(DE_PLACE), r.pick(&["Frühjahr", "Sommer", "Herbst", "Winter"]), 2 + r.below(8)),
    }
}
const FR_SUBJ: &[&str] = &["Le gouvernement", "La mairie", "La Banque centrale", "Le syndicat", "La région", "Le ministère de la Santé", "L’université", "Le groupe énergétique", "L’opposition", "Le conseil municipal"];
const FR_OBJ: &[&str] = &["le projet de loi", "la réforme des retraites", "le plan de relance", "le contrat", "la nouvelle ligne de tramway", "le budget", "la baisse d’impôts", "le programme de rénovation", "l’accord commercial"];
const FR_PLACE: &[&str] = &["Paris", "Lyon", "Marseille", "Toulouse", "Lille", "Nantes", "Genève", "Bruxelles", "Montréal", "Bordeaux"];
fn sentence_fr(r: &mut Rng, t: usize) -> String {
    match t % 10 {
        0 => format!("{} a {} {} {}.", r.pick(FR_SUBJ), r.pick(&["approuvé", "rejeté", "présenté", "reporté", "défendu", "suspendu"]), r.pick(FR_OBJ), r.pick(&["lundi", "mardi", "mercredi", "jeudi", "vendredi"])),
        1 => format!("Selon les autorités de {}, le coût du projet s’élève à environ {} millions d’euros.", r.pick(FR_PLACE), num(r)),
        2 => format!("« Nous ne laisserons pas passer {} », a déclaré {} à la presse.", r.pick(FR_OBJ), person(r)),
        3 => format!("Les critiques estiment que les loyers à {} pourraient augmenter de {} % d’ici {}.", r.pick(FR_PLACE), num(r), 2027 + r.below(4)),
        4 => format!("Plus de {} personnes ont manifesté à {} contre {} au mois de {}.", num(r), r.pick(FR_PLACE), r.pick(FR_OBJ), r.pick(&["janvier", "février", "mars", "mai", "août", "décembre"])),
        5 => format!("Une décision définitive sur {} n’est pas attendue avant {}.", r.pick(FR_OBJ), r.pick(&["l’été", "l’automne", "la fin de l’année", "le printemps prochain"])),
        6 => format!("{}, {} de {}, a dénoncé la hausse du prix {} et réclamé un soutien de l’État.", person(r), r.pick(&["porte-parole", "président", "directrice", "secrétaire générale"]), r.pick(&["la chambre de commerce", "l’association des locataires", "la fédération agricole", "la CGT"]), r.pick(&["de l’énergie", "des loyers", "du carburant", "des matériaux"])),
        7 => format!("Au {} trimestre, le nombre de {} à {} a atteint {}, selon l’Insee.", r.pick(&["premier", "deuxième", "troisième", "quatrième"]), r.pick(&["chômeurs", "faillites", "permis de construire", "nuitées"]), r.pick(FR_PLACE), num(r)),
        8 => format!("Le conflit autour {} dure depuis {} ans et un compromis a échoué face à l’opposition {}.", r.pick(&["du projet", "de la réforme", "du budget", "du chantier"]), 2 + r.below(20), r.pick(&["des élus locaux", "des syndicats", "du Sénat", "des riverains"])),
        _ => format!("D’après {}, les travaux à {} doivent commencer {} et durer environ {} ans.", r.pick(&["la presse locale", "la préfecture", "un porte-parole", "la mairie"]), r.pick(FR_PLACE), r.pick(&["au printemps", "cet été", "à l’automne", "en hiver"]), 2 + r.below(8)),
    }
}
const ES_SUBJ: &[&str] = &["El Gobierno", "El ayuntamiento", "El Banco Central", "El sindicato", "La comunidad autónoma", "El Ministerio de Sanidad", "La universidad", "La compañía eléctrica", "La oposición", "El Parlamento"];
const ES_OBJ: &[&str] = &["el proyecto de ley", "la reforma laboral", "el plan de vivienda", "el contrato", "la nueva línea de metro", "el presupuesto", "la rebaja fiscal", "el programa de ayudas", "el acuerdo comercial"];
const ES_PLACE: &[&str] = &["Madrid", "Barcelona", "Sevilla", "Valencia", "Bilbao", "Málaga", "Zaragoza", "Bogotá", "Lima", "Córdoba"];
fn sentence_es(r: &mut Rng, t: usize) -> String {
    match t % 10 {
        0 => format!("{} ha {} {} este {}.", r.pick(ES_SUBJ), r.pick(&["aprobado", "rechazado", "presentado", "aplazado", "defendido", "suspendido"]), r.pick(ES_OBJ), r.pick(&["lunes", "martes", "miércoles", "jueves", "viernes"])),
        1 => format!("Según las autoridades de {}, el coste del proyecto asciende a unos {} millones de euros.", r.pick(ES_PLACE), num(r)),
        2 => format!("«No vamos a aceptar {} sin más», declaró {} a los periodistas.", r.pick(ES_OBJ), person(r)),
        3 => format!("Los críticos advierten de que los alquileres en {} podrían subir un {} % hasta {}.", r.pick(ES_PLACE), num(r), 2027 + r.below(4)),
        4 => format!("Más de {} personas se manifestaron en {} contra {} en el mes de {}.", num(r), r.pick(ES_PLACE), r.pick(ES_OBJ), r.pick(&["enero", "febrero", "marzo", "mayo", "agosto", "diciembre"])),
        5 => format!("No se espera una decisión definitiva sobre {} antes de {}.", r.pick(ES_OBJ), r.pick(&["el verano", "el otoño", "finales de año", "la próxima primavera"])),
        6 => format!("{}, {} de {}, denunció la subida del precio {} y pidió ayudas al Estado.", person(r), r.pick(&["portavoz", "presidente", "directora", "secretaria general"]), r.pick(&["la cámara de comercio", "la asociación de inquilinos", "la federación agraria", "Comisiones Obreras"]), r.pick(&["de la energía", "del alquiler", "del combustible", "de los materiales"])),
        7 => format!("En el {} trimestre, el número de {} en {} alcanzó los {}, según el INE.", r.pick(&["primer", "segundo", "tercer", "cuarto"]), r.pick(&["parados", "concursos de acreedores", "licencias de obra", "pernoctaciones"]), r.pick(ES_PLACE), num(r)),
        8 => format!("La disputa sobre {} dura ya {} años y el último acuerdo fracasó por la oposición de {}.", r.pick(ES_OBJ), 2 + r.below(20), r.pick(&["los vecinos", "los sindicatos", "el Senado", "las comunidades"])),
        _ => format!("Según {}, las obras en {} comenzarán {} y durarán unos {} años.", r.pick(&["la prensa local", "el ayuntamiento", "un portavoz", "fuentes oficiales"]), r.pick(ES_PLACE), r.pick(&["en primavera", "este verano", "en otoño", "en invierno"]), 2 + r.below(8)),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    En,
    De,
    Fr,
    Es,
}
impl Lang {
    fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
        }
    }
}

fn paragraph(r: &mut Rng, lang: Lang) -> String {
    let ntemp = if lang == Lang::En { EN_TEMPLATES } else { 10 };
    let n = if lang == Lang::En { r.range(2, 6) } else { r.range(2, 4) };
    let mut out = String::with_capacity(n * 110);
    let mut used: u64 = 0;
    let mut k = 0;
    while k < n {
        let t = r.below(ntemp);
        if used & (1 << t) != 0 {
            continue;
        }
        used |= 1 << t;
        if k > 0 {
            out.push(' ');
        }
        let s = match lang {
            Lang::En => sentence_en(r, t),
            Lang::De => sentence_de(r, t),
            Lang::Fr => sentence_fr(r, t),
            Lang::Es => sentence_es(r, t),
        };
        out.push_str(&s);
        k += 1;
    }
    out
}

fn title(r: &mut Rng, lang: Lang) -> String {
    match lang {
        Lang::En => title_en(r),
        Lang::De => format!("{}: {} {} {}", r.pick(DE_PLACE), r.pick(DE_SUBJ), r.pick(DE_PART).replace("en", "t"), r.pick(DE_OBJ)),
        Lang::Fr => format!("{} : {} {} {}", r.pick(FR_PLACE), r.pick(FR_SUBJ).to_lowercase(), r.pick(&["adopte", "rejette", "reporte", "défend"]), r.pick(FR_OBJ)),
        Lang::Es => format!("{}: {} {} {}", r.pick(ES_PLACE), r.pick(ES_SUBJ), r.pick(&["aprueba", "rechaza", "aplaza", "defiende"]), r.pick(ES_OBJ)),
    }
}

// ---------------------------------------------------------------------------------------------
// Localised site furniture

struct Loc {
    nav: &'static [&'static str],
    skip: &'static str,
    search: &'static [&'static str],
    ads: &'static [&'static str],
    photo: &'static [&'static str],
    agencies: &'static [&'static str],
    related: &'static [&'static str],
    reply: &'static [&'static str],
    email_note: &'static str,
    rights: &'static str,
    share: &'static [&'static str],
    by: &'static [&'static str],
    tags: &'static str,
    prev_next: (&'static str, &'static str),
    newsletter: &'static [&'static str],
    most_read: &'static str,
    comments: &'static str,
    months: &'static [&'static str],
    cookie: &'static [&'static str],
    follow: &'static str,
    read_more: &'static str,
}

static EN: Loc = Loc {
    nav: &["Home", "World", "News", "Politics", "Business", "Economy", "Opinion", "Sport", "Culture", "Science", "Tech", "Europe", "Asia", "Analysis", "Video", "Podcasts", "Editor's choice", "Latest", "Live", "Weather", "Menu", "Log in", "Register", "Subscribe", "Donate", "Newsletters", "Contact us", "About us", "Jobs"],
    skip: "Skip to content",
    search: &["Search", "Search for:", "Type your search and press Enter", "What are you looking for?", "Search …"],
    ads: &["Advertisement", "ADVERTISEMENT", "Advertisement - scroll to continue", "Sponsored content", "Story continues below advertisement"],
    photo: &["Photo: {} / {}", "Picture: {} ({})", "{} / {}", "Image: {}/{}"],
    agencies: &["Reuters", "AP", "AFP", "Getty Images", "EPA", "Shutterstock", "Alamy", "Bloomberg"],
    related: &["Related articles", "Related", "You may also like", "More from this section", "Read next", "Recommended"],
    reply: &["Leave a Reply", "Leave a comment", "Join the discussion"],
    email_note: "Your email address will not be published. Required fields are marked *",
    rights: "All rights reserved.",
    share: &["Share this:", "Share", "Facebook", "Twitter", "WhatsApp", "Email", "Print", "LinkedIn", "Telegram", "Copy link", "Click to share on Twitter (Opens in new window)", "Click to share on Facebook (Opens in new window)"],
    by: &["By {}", "By {}, Staff Reporter", "Written by {}", "{} | Correspondent", "Author: {}"],
    tags: "Tags:",
    prev_next: ("Previous article", "Next article"),
    newsletter: &["Sign up for our newsletter", "Get the best of our journalism in your inbox every morning.", "Enter your email address", "Sign up", "You can unsubscribe at any time."],
    most_read: "Most read",
    comments: "Comments",
    months: MONTH,
    cookie: &["We use cookies to improve your experience on our website. By continuing to browse, you agree to our use of cookies.", "Accept", "Cookie settings"],
    follow: "Follow us on",
    read_more: "Read more:",
};
static DE: Loc = Loc {
    nav: &["Startseite", "Politik", "Wirtschaft", "Sport", "Kultur", "Panorama", "Wissen", "Meinung", "Regional", "Video", "Anmelden", "Abo", "Newsletter", "Kontakt", "Impressum"],
    skip: "Zum Inhalt springen",
    search: &["Suche", "Suchbegriff eingeben", "Suchen …"],
    ads: &["Anzeige", "ANZEIGE", "Werbung"],
    photo: &["Foto: {} / {}", "Bild: {} ({})"],
    agencies: &["dpa", "Reuters", "AFP", "imago", "picture alliance"],
    related: &["Weitere Artikel", "Das könnte Sie auch interessieren", "Mehr zum Thema"],
    reply: &["Kommentar schreiben", "Schreibe einen Kommentar"],
    email_note: "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert",
    rights: "Alle Rechte vorbehalten.",
    share: &["Teilen:", "Facebook", "Twitter", "WhatsApp", "E-Mail", "Drucken"],
    by: &["Von {}", "Autor: {}"],
    tags: "Schlagworte:",
    prev_next: ("Vorheriger Artikel", "Nächster Artikel"),
    newsletter: &["Newsletter abonnieren", "E-Mail-Adresse eingeben", "Jetzt anmelden"],
    most_read: "Meistgelesen",
    comments: "Kommentare",
    months: &["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
    cookie: &["Wir verwenden Cookies, um Ihnen ein optimales Nutzererlebnis zu bieten.", "Akzeptieren", "Einstellungen"],
    follow: "Folgen Sie uns auf",
    read_more: "Lesen Sie auch:",
};
static FR: Loc = Loc {
    nav: &["Accueil", "International", "Politique", "Économie", "Société", "Sport", "Culture", "Idées", "Vidéos", "Se connecter", "S’abonner", "Newsletters", "Contact"],
    skip: "Aller au contenu",
    search: &["Rechercher", "Rechercher sur le site", "Tapez votre recherche"],
    ads: &["Publicité", "PUBLICITÉ", "Contenu sponsorisé"],
    photo: &["Photo : {} / {}", "Crédit : {} ({})"],
    agencies: &["AFP", "Reuters", "AP", "Hans Lucas", "MaxPPP"],
    related: &["Articles similaires", "À lire aussi", "Sur le même sujet"],
    reply: &["Laisser un commentaire", "Réagir"],
    email_note: "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *",
    rights: "Tous droits réservés.",
    share: &["Partager :", "Facebook", "Twitter", "WhatsApp", "E-mail", "Imprimer"],
    by: &["Par {}", "Auteur : {}"],
    tags: "Mots-clés :",
    prev_next: ("Article précédent", "Article suivant"),
    newsletter: &["Inscrivez-vous à notre newsletter", "Votre adresse e-mail", "S’inscrire"],
    most_read: "Les plus lus",
    comments: "commentaires",
    months: &["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    cookie: &["Nous utilisons des cookies pour améliorer votre expérience.", "Accepter", "Paramétrer les cookies"],
    follow: "Suivez-nous sur",
    read_more: "Lire aussi :",
};
static ES: Loc = Loc {
    nav: &["Inicio", "Internacional", "Política", "Economía", "Sociedad", "Deportes", "Cultura", "Opinión", "Vídeos", "Iniciar sesión", "Suscríbete", "Boletines", "Contacto"],
    skip: "Ir al contenido",
    search: &["Buscar", "Buscar en el sitio", "Escribe tu búsqueda"],
    ads: &["Publicidad", "PUBLICIDAD", "Contenido patrocinado"],
    photo: &["Foto: {} / {}", "Imagen: {} ({})"],
    agencies: &["EFE", "Reuters", "AFP", "Europa Press", "AP"],
    related: &["Artículos relacionados", "También te puede interesar", "Más noticias"],
    reply: &["Deja una respuesta", "Deja un comentario"],
    email_note: "Tu dirección de correo electrónico no será publicada. Los campos obligatorios están marcados con *",
    rights: "Todos los derechos reservados.",
    share: &["Compartir:", "Facebook", "Twitter", "WhatsApp", "Correo", "Imprimir"],
    by: &["Por {}", "Autor: {}"],
    tags: "Etiquetas:",
    prev_next: ("Artículo anterior", "Artículo siguiente"),
    newsletter: &["Suscríbete a nuestro boletín", "Tu correo electrónico", "Suscribirse"],
    most_read: "Lo más leído",
    comments: "comentarios",
    months: &["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
    cookie: &["Utilizamos cookies para mejorar tu experiencia.", "Aceptar", "Configurar cookies"],
    follow: "Síguenos en",
    read_more: "Lee también:",
};

fn loc(lang: Lang) -> &'static Loc {
    match lang {
        Lang::En => &EN,
        Lang::De => &DE,
        Lang::Fr => &FR,
        Lang::Es => &ES,
    }
}

fn fill(pattern: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut it = args.iter();
    let mut rest = pattern;
    while let Some(i) = rest.find("{}") {
        out.push_str(&rest[..i]);
        out.push_str(it.next().copied().unwrap_or(""));
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------------------------
// Sites

#[derive(Clone, Copy)]
enum Tail {
    Related,
    Reply,
    Share,
    Copyright,
    Tags,
    PrevNext,
    Newsletter,
    MostRead,
    Follow,
    CommentCount,
}

struct Site {
    name: &'static str,
    lang: Lang,
    head: Vec<String>,
    byline: &'static str,
    byline_p: f64,
    date_style: usize,
    date_p: f64,
    curly: bool,
    islands: Vec<usize>, // 0 ad, 1 photo caption, 2 read-more teaser, 3 "Continue reading"
    island_p: f64,
    ad: &'static str,
    photo: &'static str,
    related: &'static str,
    snippets: bool,
    teasers: Vec<(String, String)>,
    share: Vec<String>,
    tail: Vec<Tail>,
    copyright: String,
    british: bool,
}

const SITES: &[(&str, &str, Lang)] = &[
    ("CommonSpace.eu", "commonspace.eu", Lang::En),
    ("The Daily Ledger", "dailyledger.com", Lang::En),
    ("Northern Courier", "northerncourier.co.uk", Lang::En),
    ("Eurasia Review Today", "eurasiareview.today", Lang::En),
    ("Metro Herald", "metroherald.com", Lang::En),
    ("bne Wire", "bnewire.com", Lang::En),
    ("The Capital Post", "capitalpost.org", Lang::En),
    ("Pacific Observer", "pacificobserver.com.au", Lang::En),
    ("Harbour Times", "harbourtimes.ie", Lang::En),
    ("Steppe Monitor", "steppemonitor.kz", Lang::En),
    ("Global Brief", "globalbrief.net", Lang::En),
    ("Westside Gazette", "westsidegazette.com", Lang::En),
    ("The Civic Record", "civicrecord.ca", Lang::En),
    ("Market Signal", "marketsignal.io", Lang::En),
    ("Caucasus Watch", "caucasuswatch.ge", Lang::En),
    ("Riverside Chronicle", "riversidechronicle.com", Lang::En),
    ("Policy Desk", "policydesk.eu", Lang::En),
    ("The Evening Standard-Bearer", "eveningbearer.co.uk", Lang::En),
    ("Rheinische Rundschau", "rheinische-rundschau.de", Lang::De),
    ("Alpenblick Nachrichten", "alpenblick.at", Lang::De),
    ("Le Quotidien du Rhône", "quotidien-rhone.fr", Lang::Fr),
    ("L’Écho de Genève", "echo-geneve.ch", Lang::Fr),
    ("Diario del Sur", "diariodelsur.es", Lang::Es),
    ("La Voz Andina", "lavozandina.co", Lang::Es),
];
/// Relative traffic per site (English sites dominate).
fn site_weight(i: usize) -> u32 {
    match SITES[i].2 {
        Lang::En => if i < 6 { 9 } else { 5 },
        _ => 3,
    }
}

fn build_site(i: usize, seed: u64) -> Site {
    let (name, domain, lang) = SITES[i];
    let mut r = Rng::new(seed ^ (0xA11CE + i as u64 * 7919));
    let l = loc(lang);
    let mut head = Vec::new();
    if r.chance(0.5) {
        head.push(l.skip.to_string());
    }
    if r.chance(0.3) {
        head.push(name.to_string());
    }
    if r.chance(0.2) {
        for c in l.cookie {
            head.push(c.to_string());
        }
    }
    let nnav = r.range(4, 10.min(l.nav.len()));
    let start = r.below(l.nav.len() - nnav + 1);
    let mut nav: Vec<String> = l.nav[start..start + nnav].iter().map(|s| s.to_string()).collect();
    if r.chance(0.5) {
        nav.insert(0, l.nav[0].to_string());
        nav.dedup();
    }
    if r.chance(0.25) {
        // all navigation on one line, separated by pipes or bullets
        let sep = *[" | ", " · ", "  "].get(r.below(3)).unwrap();
        head.push(nav.join(sep));
    } else {
        head.extend(nav);
    }
    if r.chance(0.6) {
        head.push(r.pick(l.search).to_string());
    }
    if r.chance(0.3) {
        head.push(format!("{} › {}", l.nav[0], l.nav[1 + r.below(l.nav.len() - 1)]));
    }
    let curly = r.chance(0.6);
    let mut teasers = Vec::new();
    let nteasers = r.range(25, 60);
    for _ in 0..nteasers {
        let t = title(&mut r, lang);
        let s = match lang {
            Lang::En => sentence_en(&mut r, 0),
            Lang::De => sentence_de(&mut r, 0),
            Lang::Fr => sentence_fr(&mut r, 0),
            Lang::Es => sentence_es(&mut r, 0),
        };
        teasers.push((t, s));
    }
    let mut share = vec![l.share[0].to_string()];
    let nshare = r.range(2, 5);
    let mut s = 1 + r.below(l.share.len() - 1);
    for _ in 0..nshare {
        let v = l.share[s].to_string();
        if !share.contains(&v) {
            share.push(v);
        }
        s = 1 + (s % (l.share.len() - 1));
    }
    let all = [
        Tail::Tags,
        Tail::Share,
        Tail::Related,
        Tail::PrevNext,
        Tail::CommentCount,
        Tail::Reply,
        Tail::Newsletter,
        Tail::MostRead,
        Tail::Follow,
        Tail::Copyright,
    ];
    let mut tail = Vec::new();
    for t in all {
        let p = match t {
            Tail::Related | Tail::Copyright => 0.9,
            Tail::Share => 0.7,
            Tail::Reply => 0.5,
            _ => 0.3,
        };
        if r.chance(p) {
            tail.push(t);
        }
    }
    if r.chance(0.3) && tail.len() > 2 {
        // some sites put share buttons before the related block, others after
        let a = r.below(tail.len());
        let b = r.below(tail.len());
        tail.swap(a, b);
    }
    let year = 2019 + r.below(7);
    let copyright = match r.below(4) {
        0 => format!("Copyright © {year} {name}. {}", l.rights),
        1 => format!("© {year} {name}"),
        2 => format!("© {}–{year} {domain} | {}", year - r.range(3, 15), l.rights),
        _ => format!("Copyright {year} {name}. {}", l.rights),
    };
    let mut islands = vec![0];
    if r.chance(0.7) {
        islands.push(1);
    }
    if r.chance(0.4) {
        islands.push(2);
    }
    if lang == Lang::En && r.chance(0.3) {
        islands.push(3);
    }
    Site {
        name,
        lang,
        head,
        byline: r.pick(l.by),
        byline_p: [0.0, 0.5, 0.9][r.below(3)],
        date_style: r.below(5),
        date_p: [0.3, 0.8, 1.0][r.below(3)],
        curly,
        islands,
        island_p: 0.1 + r.unit() * 0.25,
        ad: r.pick(l.ads),
        photo: r.pick(l.photo),
        related: r.pick(l.related),
        snippets: r.chance(0.5),
        teasers,
        share,
        tail,
        copyright,
        british: r.chance(0.6),
    }
}

fn date_line(r: &mut Rng, site: &Site) -> String {
    let l = loc(site.lang);
    let (d, m, y) = (1 + r.below(28), r.below(12), 2019 + r.below(7));
    let (hh, mm) = (r.below(24), r.below(60));
    match (site.lang, site.date_style) {
        (Lang::En, 0) => format!("Published {d} {} {y}", l.months[m]),
        (Lang::En, 1) => format!("{} {d}, {y} {}:{:02} {}", l.months[m], 1 + hh % 12, mm, if hh < 12 { "am" } else { "pm" }),
        (Lang::En, 2) => format!("Updated: {y}-{:02}-{:02} {hh:02}:{mm:02}", m + 1, d),
        (Lang::En, 3) => format!("{} {d} {}, {y}", DAY[r.below(7)], l.months[m]),
        (Lang::En, _) => format!("{d}/{}/{y}", m + 1),
        (Lang::De, s) if s % 2 == 0 => format!("{d:02}.{:02}.{y}, {hh:02}:{mm:02} Uhr", m + 1),
        (Lang::De, _) => format!("Veröffentlicht am {d}. {} {y}", l.months[m]),
        (Lang::Fr, _) => format!("Publié le {d} {} {y} à {hh}h{mm:02}", l.months[m]),
        (Lang::Es, _) => format!("{d} de {} de {y} - {hh:02}:{mm:02}", l.months[m]),
    }
}

// ---------------------------------------------------------------------------------------------
// Edits, spinner, quotes

const SPELL: &[(&str, &str)] = &[
    ("favour", "favor"), ("criticised", "criticized"), ("modernise", "modernize"), ("stabilise", "stabilize"),
    ("programme", "program"), ("travelled", "traveled"), ("neighbourhood", "neighborhood"), ("defence", "defense"),
    ("centres", "centers"), ("councillor", "councilor"), ("honoured", "honored"), ("kilometres", "kilometers"),
];

const SPIN: &[(&str, &str)] = &[
    (" said ", " stated "), ("foreign minister", "international minister"), (" war ", " warfare "),
    (" people ", " individuals "), (" another ", " one other "), ("economy", "economic system"),
    ("Thousands ", "1000's "), (" thousands ", " 1000's "), ("the most ", "probably the most "),
    (" residents ", " inhabitants "), (" families ", " households "), (" expected ", " anticipated "),
    (" important ", " essential "), (" decision ", " choice "),
];

fn to_curly(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev = ' ';
    for c in s.chars() {
        match c {
            '"' => out.push(if prev.is_whitespace() || prev == '(' { '\u{201C}' } else { '\u{201D}' }),
            '\'' => out.push('\u{2019}'),
            c => out.push(c),
        }
        prev = c;
    }
    out
}

fn to_straight(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{201C}' | '\u{201D}' => '"',
            '\u{2019}' | '\u{2018}' => '\'',
            c => c,
        })
        .collect()
}

fn spelling(s: &str, british: bool) -> String {
    if british {
        return s.to_string();
    }
    let mut p = s.to_string();
    for (b, a) in SPELL {
        if p.contains(b) {
            p = p.replace(b, a);
        }
    }
    p
}

/// A light edit of a syndicated paragraph: 1–2 of word swap, word substitution, spelling
/// variant, quote style, added comma.
fn light_edit(s: &str, r: &mut Rng) -> String {
    let mut p = s.to_string();
    for _ in 0..r.range(1, 2) {
        match r.below(5) {
            0 => {
                let mut w: Vec<&str> = p.split(' ').collect();
                if w.len() > 4 {
                    let i = 1 + r.below(w.len() - 2);
                    w.swap(i, i - 1);
                }
                p = w.join(" ");
            }
            1 => {
                const SUB: &[(&str, &str)] = &[
                    (" said", " says"), (" about ", " around "), (" sharply", " steeply"), (" percent", " per cent"),
                    (" before ", " until "), (" build ", " construct "), (" little ", " not much "),
                    (" fell ", " dropped "), (" rose ", " increased "), (" the ", " this "),
                ];
                let start = r.below(SUB.len());
                for k in 0..SUB.len() {
                    let (a, b) = SUB[(start + k) % SUB.len()];
                    if let Some(i) = p.find(a) {
                        p.replace_range(i..i + a.len(), b);
                        break;
                    }
                }
            }
            2 => {
                let mut done = false;
                for (b, a) in SPELL {
                    if p.contains(b) {
                        p = p.replace(b, a);
                        done = true;
                        break;
                    } else if p.contains(a) {
                        p = p.replace(a, b);
                        done = true;
                        break;
                    }
                }
                if !done {
                    p = p.replacen(" percent", "%", 1);
                }
            }
            3 => {
                p = if p.contains('"') || p.contains('\'') { to_curly(&p) } else { to_straight(&p) };
            }
            _ => {
                let spaces: Vec<usize> = p.match_indices(' ').map(|(i, _)| i).collect();
                if spaces.len() > 3 {
                    let i = spaces[1 + r.below(spaces.len() - 2)];
                    if !p[..i].ends_with([',', '.', ':', ';']) {
                        p.insert(i, ',');
                    }
                }
            }
        }
    }
    p
}

fn spin(s: &str) -> (String, bool) {
    let mut p = format!(" {s} ");
    let mut changed = false;
    for (a, b) in SPIN {
        if p.contains(a) {
            p = p.replace(a, b);
            changed = true;
        }
    }
    (p[1..p.len() - 1].to_string(), changed)
}

// ---------------------------------------------------------------------------------------------
// Documents

#[derive(Clone, Copy, PartialEq, Eq)]
enum Label {
    Body,
    Title,
    Meta,
    Chrome,
    Dup,
}
impl Label {
    fn as_str(self) -> &'static str {
        match self {
            Label::Body => "body",
            Label::Title => "title",
            Label::Meta => "meta",
            Label::Chrome => "chrome",
            Label::Dup => "dup",
        }
    }
}

struct Line {
    text: String,
    label: Label,
    dup_of: Option<(u64, u32)>,
    gap: bool,
}

/// An original body kept for later syndication.
struct Original {
    doc: u64,
    site: usize,
    lang: Lang,
    title: String,
    paras: Vec<(u32, String)>,
}

fn doc_id(i: u64) -> String {
    format!("doc{i:08}")
}

struct Gen {
    rng: Rng,
    sites: Vec<Site>,
    cum: Vec<u32>,
    ring: VecDeque<Original>,
    txt: bool,
}

struct Doc {
    id: String,
    site: usize,
    lines: Vec<Line>,
    mojibake: bool,
    spun: bool,
    legacy: bool,
    syndicated_from: Option<u64>,
    url: String,
}

const RING: usize = 2048;

impl Gen {
    fn pick_site(&mut self) -> usize {
        let total = *self.cum.last().unwrap();
        let x = self.rng.below(total as usize) as u32;
        self.cum.iter().position(|&c| x < c).unwrap()
    }

    fn doc(&mut self, idx: u64) -> Doc {
        let si = self.pick_site();
        let r = &mut self.rng;
        let site = &self.sites[si];
        let l = loc(site.lang);
        let mut lines: Vec<Line> = Vec::with_capacity(48);
        let push = |lines: &mut Vec<Line>, text: String, label: Label, gap: bool| {
            lines.push(Line { text, label, dup_of: None, gap })
        };
        for h in &site.head {
            push(&mut lines, h.clone(), Label::Chrome, false);
        }

        // syndication source: an earlier original of another site with the same language
        let mut source: Option<usize> = None;
        if !self.ring.is_empty() && r.chance(0.11) {
            for _ in 0..8 {
                let k = r.below(self.ring.len());
                let o = &self.ring[k];
                if o.site != si && o.lang == site.lang {
                    source = Some(k);
                    break;
                }
            }
        }
        let title_text = match source {
            Some(k) if r.chance(0.5) => self.ring[k].title.clone(),
            _ => title(r, site.lang),
        };
        push(&mut lines, title_text.clone(), Label::Title, true);
        if r.chance(site.byline_p) {
            let who = person(r);
            push(&mut lines, fill(site.byline, &[&who]), Label::Meta, true);
        }
        if r.chance(site.date_p) {
            let d = date_line(r, site);
            push(&mut lines, d, Label::Meta, false);
        }

        // body: (text, Some(source coordinates)) for copies
        let mut body: Vec<(String, Option<(u64, u32)>)> = Vec::new();
        if let Some(k) = source {
            let o = &self.ring[k];
            if r.chance(0.4) {
                body.push((paragraph(r, site.lang), None));
            }
            let n = o.paras.len();
            let take = ((n as f64) * (0.6 + 0.4 * r.unit())).ceil() as usize;
            let from = r.below(n - take.min(n) + 1);
            for (pos, text) in &o.paras[from..(from + take).min(n)] {
                let t = if r.chance(0.7) { light_edit(text, r) } else { text.clone() };
                body.push((t, Some((o.doc, *pos))));
            }
            if r.chance(0.3) {
                body.push((paragraph(r, site.lang), None));
            }
        } else {
            for _ in 0..r.range(3, 15) {
                let p = paragraph(r, site.lang);
                body.push((p, None));
            }
        }
        let spun = site.lang == Lang::En && r.chance(0.02);
        let mut any_spun = false;
        let mut originals = Vec::new();
        let nbody = body.len();
        for (bi, (text, from)) in body.into_iter().enumerate() {
            let mut text = if from.is_none() { spelling(&text, site.british) } else { text };
            if site.curly && from.is_none() {
                text = to_curly(&text);
            }
            if from.is_none() {
                originals.push(text.clone());
            }
            if spun {
                let (s, c) = spin(&text);
                text = s;
                any_spun |= c;
            }
            let pos_label = if from.is_some() { Label::Dup } else { Label::Body };
            lines.push(Line { text, label: pos_label, dup_of: from.map(|(d, p)| (d, p)), gap: true });
            // islands between paragraphs
            if bi + 1 < nbody && r.chance(site.island_p) {
                match site.islands[r.below(site.islands.len())] {
                    0 => push(&mut lines, site.ad.to_string(), Label::Chrome, true),
                    1 => {
                        let cap_text = title(r, site.lang);
                        let ag = r.pick(l.agencies);
                        push(&mut lines, fill(site.photo, &[&cap_text, ag]), Label::Chrome, true)
                    }
                    2 => {
                        let t = &site.teasers[r.below(site.teasers.len())].0;
                        push(&mut lines, format!("{} {}", l.read_more, t), Label::Chrome, true)
                    }
                    _ => push(&mut lines, "Continue reading below".to_string(), Label::Chrome, true),
                }
            }
        }
        if r.chance(0.3) && site.lang == Lang::En {
            let src = format!("Sources: {} with {} and other media outlets", site.name, r.pick(EN.agencies));
            push(&mut lines, src, Label::Chrome, true);
        }

        for t in &site.tail {
            match t {
                Tail::Related => {
                    push(&mut lines, site.related.to_string(), Label::Chrome, true);
                    for _ in 0..r.range(3, 6) {
                        let (h, s) = &site.teasers[r.below(site.teasers.len())];
                        push(&mut lines, h.clone(), Label::Chrome, true);
                        if site.snippets {
                            push(&mut lines, s.clone(), Label::Chrome, false);
                        }
                    }
                }
                Tail::Reply => {
                    push(&mut lines, r.pick(l.reply).to_string(), Label::Chrome, true);
                    push(&mut lines, l.email_note.to_string(), Label::Chrome, false);
                    if site.lang == Lang::En {
                        for f in ["Comment *", "Name *", "Email *", "Website", "Post Comment"] {
                            push(&mut lines, f.to_string(), Label::Chrome, false);
                        }
                    }
                }
                Tail::Share => {
                    for s in &site.share {
                        push(&mut lines, s.clone(), Label::Chrome, false);
                    }
                }
                Tail::Copyright => push(&mut lines, site.copyright.clone(), Label::Chrome, true),
                Tail::Tags => {
                    let mut tags: Vec<&str> = Vec::new();
                    for _ in 0..r.range(2, 5) {
                        let t = match r.below(3) {
                            0 => r.pick(COUNTRY),
                            1 => r.pick(PLACE),
                            _ => r.pick(&l.nav[1..]),
                        };
                        if !tags.contains(&t) {
                            tags.push(t);
                        }
                    }
                    push(&mut lines, format!("{} {}", l.tags, tags.join(", ")), Label::Chrome, true)
                }
                Tail::PrevNext => {
                    let a = site.teasers[r.below(site.teasers.len())].0.clone();
                    let b = site.teasers[r.below(site.teasers.len())].0.clone();
                    push(&mut lines, l.prev_next.0.to_string(), Label::Chrome, true);
                    push(&mut lines, a, Label::Chrome, false);
                    push(&mut lines, l.prev_next.1.to_string(), Label::Chrome, false);
                    push(&mut lines, b, Label::Chrome, false);
                }
                Tail::Newsletter => {
                    for n in l.newsletter {
                        push(&mut lines, n.to_string(), Label::Chrome, false);
                    }
                }
                Tail::MostRead => {
                    push(&mut lines, l.most_read.to_string(), Label::Chrome, true);
                    for k in 1..=5 {
                        let h = &site.teasers[r.below(site.teasers.len())].0;
                        push(&mut lines, format!("{k}. {h}"), Label::Chrome, false);
                    }
                }
                Tail::Follow => {
                    push(&mut lines, format!("{} Facebook, Twitter {} Instagram", l.follow, if site.lang == Lang::En { "and" } else { "&" }), Label::Chrome, true);
                }
                Tail::CommentCount => {
                    let n = r.below(40);
                    push(&mut lines, format!("{n} {}", l.comments), Label::Chrome, true);
                }
            }
        }

        // remember this document's original body paragraphs (positions are final now)
        if source.is_none() {
            let mut paras = Vec::new();
            let mut oi = 0;
            for (pos, ln) in lines.iter().enumerate() {
                if ln.label == Label::Body {
                    paras.push((pos as u32, originals[oi].clone()));
                    oi += 1;
                }
            }
            if self.ring.len() == RING {
                self.ring.pop_front();
            }
            self.ring.push_back(Original { doc: idx, site: si, lang: site.lang, title: title_text, paras });
        }

        let mojibake = r.chance(0.02);
        let legacy = self.txt && !mojibake && r.chance(0.01);
        let id = doc_id(idx);
        let url = format!("https://www.{}/{}/{}", SITES[si].1, r.pick(&["news", "world", "2024", "article", "a"]), id);
        Doc { id, site: si, lines, mojibake, spun: any_spun, legacy, syndicated_from: source.map(|k| self.ring[k].doc), url }
    }
}

impl Doc {
    fn text(&self) -> String {
        let mut s = String::with_capacity(self.lines.iter().map(|l| l.text.len() + 2).sum());
        for (i, l) in self.lines.iter().enumerate() {
            if i > 0 {
                s.push_str(if l.gap { "\n\n" } else { "\n" });
            }
            s.push_str(&l.text);
        }
        s.push('\n');
        s
    }

    fn truth(&self, out: &mut Vec<u8>, mojibake: bool, encoding: &str) {
        out.extend_from_slice(b"{\"id\":\"");
        out.extend_from_slice(self.id.as_bytes());
        out.extend_from_slice(b"\",\"site\":");
        json_str(out, SITES[self.site].0);
        out.extend_from_slice(format!(",\"lang\":\"{}\",\"paragraphs\":[", SITES[self.site].2.code()).as_bytes());
        for (pos, l) in self.lines.iter().enumerate() {
            if pos > 0 {
                out.push(b',');
            }
            let dup = match l.dup_of {
                Some((d, p)) => format!("\"{}:{p}\"", doc_id(d)),
                None => "null".into(),
            };
            out.extend_from_slice(format!("{{\"position\":{pos},\"label\":\"{}\",\"dup_of\":{dup}}}", l.label.as_str()).as_bytes());
        }
        let synd = match self.syndicated_from {
            Some(d) => format!("\"{}\"", doc_id(d)),
            None => "null".into(),
        };
        out.extend_from_slice(
            format!("],\"mojibake\":{mojibake},\"spun\":{},\"encoding\":\"{encoding}\",\"syndicated_from\":{synd}}}\n", self.spun)
                .as_bytes(),
        );
    }
}

fn json_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let b = s.as_bytes();
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        let esc: Option<&[u8]> = match c {
            b'"' => Some(b"\\\""),
            b'\\' => Some(b"\\\\"),
            b'\n' => Some(b"\\n"),
            b'\r' => Some(b"\\r"),
            b'\t' => Some(b"\\t"),
            c if c < 0x20 => None,
            _ => continue,
        };
        out.extend_from_slice(&b[start..i]);
        match esc {
            Some(e) => out.extend_from_slice(e),
            None => out.extend_from_slice(format!("\\u{c:04x}").as_bytes()),
        }
        start = i + 1;
    }
    out.extend_from_slice(&b[start..]);
    out.push(b'"');
}

/// UTF-8 bytes read as windows-1252 and written back as UTF-8.
fn mojibake(s: &str) -> String {
    let (cow, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(s.as_bytes());
    cow.into_owned()
}

// ---------------------------------------------------------------------------------------------
// Output

enum Msg {
    Append(Vec<u8>),
    File(PathBuf, Vec<u8>),
}

fn writer_thread(path: Option<PathBuf>, gzip: bool, rx: std::sync::mpsc::Receiver<Msg>) -> std::io::Result<u64> {
    let mut sink: Option<Box<dyn Write>> = match &path {
        Some(p) => {
            let f = BufWriter::with_capacity(1 << 20, File::create(p)?);
            Some(if gzip { Box::new(flate2::write::GzEncoder::new(f, flate2::Compression::fast())) } else { Box::new(f) })
        }
        None => None,
    };
    let mut written = 0u64;
    for m in rx {
        match m {
            Msg::Append(b) => {
                written += b.len() as u64;
                sink.as_mut().unwrap().write_all(&b)?;
            }
            Msg::File(p, b) => {
                written += b.len() as u64;
                if let Some(d) = p.parent() {
                    std::fs::create_dir_all(d)?;
                }
                let f = File::create(&p)?;
                if gzip {
                    let mut g = flate2::write::GzEncoder::new(f, flate2::Compression::fast());
                    g.write_all(&b)?;
                    g.finish()?;
                } else {
                    let mut f = f;
                    f.write_all(&b)?;
                }
            }
        }
    }
    if let Some(mut s) = sink {
        s.flush()?;
        drop(s); // GzEncoder finishes on drop
    }
    Ok(written)
}

fn parse_bytes(s: &str) -> u64 {
    let s = s.trim();
    let (num, mult) = match s.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('K') => (&s[..s.len() - 1], 1u64 << 10),
        Some('M') => (&s[..s.len() - 1], 1 << 20),
        Some('G') => (&s[..s.len() - 1], 1 << 30),
        Some('T') => (&s[..s.len() - 1], 1 << 40),
        _ => (s, 1),
    };
    let v: f64 = num.parse().unwrap_or_else(|_| usage(&format!("bad --bytes value {s}")));
    (v * mult as f64) as u64
}

fn usage(msg: &str) -> ! {
    eprintln!("gencorpus: {msg}\nusage: gencorpus (--docs N | --bytes 2G) [--format jsonl|txt|csv] [--gzip] --out DIR [--seed 42]");
    std::process::exit(2)
}

fn main() {
    let mut docs: Option<u64> = None;
    let mut bytes: Option<u64> = None;
    let mut format = "jsonl".to_string();
    let mut gzip = false;
    let mut out: Option<PathBuf> = None;
    let mut seed = 42u64;
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut i = 0;
    while i < args.len() {
        let val = |i: usize| args.get(i + 1).cloned().unwrap_or_else(|| usage(&format!("{} needs a value", args[i])));
        match args[i].as_str() {
            "--docs" => docs = Some(val(i).parse().unwrap_or_else(|_| usage("bad --docs"))),
            "--bytes" => bytes = Some(parse_bytes(&val(i))),
            "--format" => format = val(i),
            "--out" | "-o" => out = Some(PathBuf::from(val(i))),
            "--seed" => seed = val(i).parse().unwrap_or_else(|_| usage("bad --seed")),
            "--gzip" => {
                gzip = true;
                i += 1;
                continue;
            }
            "-h" | "--help" => usage("help"),
            a => usage(&format!("unknown argument {a}")),
        }
        i += 2;
    }
    let out = out.unwrap_or_else(|| usage("--out DIR is required"));
    if !["jsonl", "txt", "csv"].contains(&format.as_str()) {
        usage("--format must be jsonl, txt or csv");
    }
    if docs.is_none() && bytes.is_none() {
        docs = Some(1000);
    }
    std::fs::create_dir_all(&out).expect("create --out");
    let gz = if gzip { ".gz" } else { "" };
    let corpus_path = match format.as_str() {
        "jsonl" => Some(out.join(format!("corpus.jsonl{gz}"))),
        "csv" => Some(out.join(format!("corpus.csv{gz}"))),
        _ => None,
    };
    let (tx, rx) = sync_channel::<Msg>(16);
    let wpath = corpus_path.clone();
    let writer = std::thread::spawn(move || writer_thread(wpath, gzip, rx));
    let mut truth = BufWriter::with_capacity(1 << 20, File::create(out.join("truth.jsonl")).expect("create truth.jsonl"));

    let mut sites = Vec::new();
    let mut cum = Vec::new();
    let mut acc = 0;
    for i in 0..SITES.len() {
        sites.push(build_site(i, seed));
        acc += site_weight(i);
        cum.push(acc);
    }
    let txt = format == "txt";
    let mut g = Gen { rng: Rng::new(seed), sites, cum, ring: VecDeque::with_capacity(RING), txt };

    let t0 = Instant::now();
    let mut buf: Vec<u8> = Vec::with_capacity(2 << 20);
    let mut tbuf: Vec<u8> = Vec::with_capacity(1 << 20);
    if format == "csv" {
        buf.extend_from_slice(b"id,text,url\n");
    }
    let mut total = 0u64;
    let mut n = 0u64;
    let (mut n_moji, mut n_spun, mut n_legacy, mut n_synd) = (0u64, 0u64, 0u64, 0u64);
    let mut labels = [0u64; 5];
    loop {
        if let Some(d) = docs {
            if n >= d {
                break;
            }
        }
        if let Some(b) = bytes {
            if total >= b {
                break;
            }
        }
        let doc = g.doc(n);
        let mut text = doc.text();
        let mut is_moji = false;
        if doc.mojibake && !text.is_ascii() {
            text = mojibake(&text);
            is_moji = true;
        }
        let mut encoding = "utf-8";
        let mut legacy_bytes = None;
        if doc.legacy {
            let (enc, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
            if !unmappable && !text.is_ascii() {
                legacy_bytes = Some(enc.into_owned());
                encoding = "windows-1252";
            }
        }
        let start = buf.len();
        match format.as_str() {
            "jsonl" => {
                buf.extend_from_slice(b"{\"id\":\"");
                buf.extend_from_slice(doc.id.as_bytes());
                buf.extend_from_slice(b"\",\"url\":");
                json_str(&mut buf, &doc.url);
                buf.extend_from_slice(b",\"text\":");
                json_str(&mut buf, &text);
                buf.extend_from_slice(b"}\n");
            }
            "csv" => {
                let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(std::mem::take(&mut buf));
                w.write_record([doc.id.as_str(), text.as_str(), doc.url.as_str()]).unwrap();
                buf = w.into_inner().unwrap();
            }
            _ => {
                let bytes = legacy_bytes.unwrap_or_else(|| text.into_bytes());
                total += bytes.len() as u64;
                let p = out.join("docs").join(format!("{:05}", n / 1000)).join(format!("{}.txt{gz}", doc.id));
                tx.send(Msg::File(p, bytes)).expect("writer thread died");
            }
        }
        total += (buf.len() - start) as u64;
        if buf.len() >= 1 << 20 {
            tx.send(Msg::Append(std::mem::replace(&mut buf, Vec::with_capacity(2 << 20)))).expect("writer thread died");
        }
        doc.truth(&mut tbuf, is_moji, encoding);
        if tbuf.len() >= 1 << 20 {
            truth.write_all(&tbuf).expect("write truth");
            tbuf.clear();
        }
        n_moji += is_moji as u64;
        n_spun += doc.spun as u64;
        n_legacy += (encoding != "utf-8") as u64;
        n_synd += doc.syndicated_from.is_some() as u64;
        for l in &doc.lines {
            labels[l.label as usize] += 1;
        }
        n += 1;
    }
    if !buf.is_empty() {
        tx.send(Msg::Append(buf)).expect("writer thread died");
    }
    drop(tx);
    truth.write_all(&tbuf).expect("write truth");
    truth.flush().expect("write truth");
    let written = writer.join().expect("writer thread panicked").expect("write corpus");
    let secs = t0.elapsed().as_secs_f64();
    let mb = total as f64 / 1e6;
    let shown: &Path = corpus_path.as_deref().unwrap_or(&out);
    eprintln!(
        "gencorpus: {n} documents, {mb:.1} MB ({written} bytes written{}) in {secs:.2}s = {:.1} MB/s -> {}",
        if gzip { " before gzip" } else { "" },
        mb / secs,
        if txt { out.join("docs").display().to_string() } else { shown.display().to_string() }
    );
    eprintln!(
        "  syndicated {n_synd}, mojibake {n_moji}, spun {n_spun}, windows-1252 {n_legacy}; paragraphs: body {}, title {}, meta {}, chrome {}, dup {}",
        labels[0], labels[1], labels[2], labels[3], labels[4]
    );
    eprintln!("  truth: {}", out.join("truth.jsonl").display());
}
