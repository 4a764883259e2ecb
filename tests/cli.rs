//! End-to-end tests of the `scour` binary on small fixtures written here, and on `input/`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scour() -> Command {
    Command::new(env!("CARGO_BIN_EXE_scour"))
}

fn run(args: &[&str]) -> Output {
    let out = scour().args(args).output().expect("scour runs");
    assert!(out.status.code().is_some(), "scour was killed");
    out
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let headers = rdr.headers().unwrap().iter().map(String::from).collect();
    let rows = rdr.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    (headers, rows)
}

fn col<'a>(headers: &[String], row: &'a [String], name: &str) -> &'a str {
    &row[headers.iter().position(|h| h == name).unwrap()]
}

const ARTICLE: &str = "Skip to content\n\nCity council approves new cycling lanes\n\nBy Jane Doe\n\n\
The city council voted on Tuesday to build twelve kilometres of protected cycling lanes across the centre, after a debate that lasted most of the evening.\n\n\
Supporters said the lanes would make the streets safer for children and older residents, while shop owners worried about the loss of parking.\n\n\
Advertisement\n\n\
Construction is expected to begin in the spring and to last for about two years, according to the council's own estimate of the work.\n\n\
Share this:\n";

#[test]
fn sample_output_is_what_the_run_command_produces() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = run(&["run", root.join("input").to_str().unwrap(), "-o", tmp.path().to_str().unwrap(), "--progress", "never"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    for name in ["documents.csv", "paragraphs.csv", "repairs.csv", "errors.csv"] {
        let want = fs::read_to_string(root.join("output").join(name)).unwrap();
        let got = fs::read_to_string(tmp.path().join(name)).unwrap();
        // output/ was produced with the README's command, whose sources are "input/...".
        let got = got.replace(&format!("{}/", root.join("input").display()), "input/");
        assert!(want == got, "output/{name} differs from a fresh run: regenerate it with the README's run command and review the diff");
    }
}

#[test]
fn same_bytes_for_any_thread_count() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let input = root.join("input");
    for t in ["1", "2", "4"] {
        let o = tmp.path().join(t);
        let out = run(&["run", input.to_str().unwrap(), "-o", o.to_str().unwrap(), "--threads", t, "--progress", "never"]);
        assert_eq!(out.status.code(), Some(0));
    }
    for name in ["documents.csv", "paragraphs.csv", "repairs.csv"] {
        let one = fs::read(tmp.path().join("1").join(name)).unwrap();
        for t in ["2", "4"] {
            assert!(one == fs::read(tmp.path().join(t).join(name)).unwrap(), "{name} differs with {t} threads");
        }
    }
}

#[test]
fn article_is_cleaned_with_columns_and_audit_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("cycling.txt");
    fs::write(&f, ARTICLE).unwrap();
    let o = tmp.path().join("out");
    let out = run(&["run", f.to_str().unwrap(), "-o", o.to_str().unwrap(), "--progress", "never"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let (h, docs) = read_csv(&o.join("documents.csv"));
    assert_eq!(h, scour::write::DOCUMENT_COLUMNS);
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(col(&h, d, "doc_id"), "cycling");
    assert_eq!(col(&h, d, "title"), "City council approves new cycling lanes");
    assert_eq!(col(&h, d, "author"), "Jane Doe");
    let text = col(&h, d, "text");
    assert!(text.starts_with("The city council voted"), "{text}");
    assert!(text.contains("\n\nSupporters said"));
    assert!(!text.contains("Advertisement") && !text.contains("Share this") && !text.contains("Skip to"));
    let (ph, paras) = read_csv(&o.join("paragraphs.csv"));
    assert_eq!(ph, scour::write::PARAGRAPH_COLUMNS);
    // Every non-empty input line has a row.
    assert_eq!(paras.len(), ARTICLE.lines().filter(|l| !l.trim().is_empty()).count());
    let ad = paras.iter().find(|r| col(&ph, r, "original") == "Advertisement").unwrap();
    assert_eq!(col(&ph, ad, "status"), "chrome");
    assert!(col(&ph, ad, "reason").starts_with("lexicon:"));
    assert!(paras.iter().all(|r| col(&ph, r, "simhash").len() == 16));
    assert!(o.join("summary.json").exists());
    assert!(fs::read_dir(&o).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().ends_with(".tmp")));
}

#[test]
fn bad_inputs_are_reported_and_the_run_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("in");
    fs::create_dir(&d).unwrap();
    fs::write(d.join("a_good.txt"), ARTICLE).unwrap();
    fs::write(d.join("b_empty.txt"), "").unwrap();
    fs::write(d.join("c_binary.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0").unwrap();
    fs::write(
        d.join("d_lines.jsonl"),
        "{\"id\": \"ok1\", \"text\": \"A first document with one sentence in it, long enough to be read as prose by anyone.\"}\n\
         {\"id\": \"broken\", \"text\": \"never closed\n\
         {\"id\": \"notext\", \"body\": \"wrong field\"}\n\
         {\"id\": \"ok2\", \"text\": \"A second document that follows the broken lines and must still be read in full.\"}\n",
    )
    .unwrap();
    fs::write(d.join("e_rows.csv"), "id,text\nr1,\"A row with text, which is read as a document like any other one here.\"\nr2\n").unwrap();
    fs::write(d.join("f_nocol.csv"), "id,body\nx,hello\n").unwrap();
    // A gzip archive cut in half.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for i in 0..200 {
        writeln!(gz, "{{\"id\": \"z{i}\", \"text\": \"Document number {i} of the archive, with enough words to matter here.\"}}").unwrap();
    }
    let gz = gz.finish().unwrap();
    fs::write(d.join("g_cut.jsonl.gz"), &gz[..gz.len() / 2]).unwrap();
    let missing = tmp.path().join("no-such-file.txt");
    let o = tmp.path().join("out");
    let out = run(&["run", d.to_str().unwrap(), missing.to_str().unwrap(), "-o", o.to_str().unwrap(), "--progress", "never"]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("errors.csv"));
    let (_, errors) = read_csv(&o.join("errors.csv"));
    let has = |src: &str, msg: &str| errors.iter().any(|e| e[0].ends_with(src) && e[1].contains(msg));
    assert!(has("no-such-file.txt", "cannot read"), "{errors:?}");
    assert!(has("b_empty.txt", "empty"), "{errors:?}");
    assert!(has("c_binary.txt", "binary"), "{errors:?}");
    assert!(has("d_lines.jsonl:2", "invalid JSON"), "{errors:?}");
    assert!(has("d_lines.jsonl:3", "no 'text' field"), "{errors:?}");
    assert!(has("e_rows.csv:3", "no 'text' field"), "{errors:?}");
    assert!(has("f_nocol.csv", "no 'text' column"), "{errors:?}");
    assert!(has("g_cut.jsonl.gz", "truncated gzip"), "{errors:?}");
    let (h, docs) = read_csv(&o.join("documents.csv"));
    let ids: Vec<&str> = docs.iter().map(|r| col(&h, r, "doc_id")).collect();
    for want in ["a_good", "ok1", "ok2", "r1", "z0"] {
        assert!(ids.contains(&want), "{want} missing from {ids:?}");
    }
    // The records before the cut of the archive were read.
    assert!(ids.iter().filter(|i| i.starts_with('z')).count() > 10);
}

#[test]
fn compressed_inputs_and_stdin() {
    let tmp = tempfile::tempdir().unwrap();
    let line = "{\"id\": \"s1\", \"url\": \"https://example.org/a\", \"text\": \"Prices rose again in March, the statistics office said on Friday, driven by food and energy.\"}\n";
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(line.replace("s1", "g1").as_bytes()).unwrap();
    fs::write(tmp.path().join("a.jsonl.gz"), gz.finish().unwrap()).unwrap();
    fs::write(tmp.path().join("b.ndjson.zst"), zstd::encode_all(line.replace("s1", "z1").as_bytes(), 3).unwrap()).unwrap();
    let o = tmp.path().join("out");
    let out = run(&["run", tmp.path().to_str().unwrap(), "-o", o.to_str().unwrap(), "--progress", "never"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let (h, docs) = read_csv(&o.join("documents.csv"));
    let ids: Vec<&str> = docs.iter().map(|r| col(&h, r, "doc_id")).collect();
    assert_eq!(ids, ["g1", "z1"]);

    let o2 = tmp.path().join("out2");
    let mut child = scour()
        .args(["run", "-", "-o", o2.to_str().unwrap(), "--progress", "never"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(line.as_bytes()).unwrap();
    assert!(child.wait().unwrap().success());
    let (h, docs) = read_csv(&o2.join("documents.csv"));
    assert_eq!(col(&h, &docs[0], "doc_id"), "s1");
    assert_eq!(col(&h, &docs[0], "source"), "-:1");
    assert!(!o2.join(".stdin.jsonl.tmp").exists());
}

#[test]
fn legacy_encoded_file_is_decoded() {
    let tmp = tempfile::tempdir().unwrap();
    let text = "Le gouvernement a annoncé jeudi une réforme très attendue de l’école publique, « enfin », disent les élèves.\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
    let f = tmp.path().join("fr.txt");
    fs::write(&f, &bytes).unwrap();
    let o = tmp.path().join("out");
    assert_eq!(run(&["run", f.to_str().unwrap(), "-o", o.to_str().unwrap(), "--progress", "never"]).status.code(), Some(0));
    let (h, docs) = read_csv(&o.join("documents.csv"));
    assert_eq!(col(&h, &docs[0], "encoding"), "windows-1252");
    assert_eq!(col(&h, &docs[0], "text"), text.trim());
}

#[test]
fn each_stage_runs_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("a.txt");
    fs::write(&f, format!("{ARTICLE}\nFish &amp; chips are popular in the town, the survey of two thousand residents found last year.\n")).unwrap();
    for stage in ["strip", "repair", "dedup"] {
        let o = tmp.path().join(stage);
        let out = run(&["run", f.to_str().unwrap(), "-o", o.to_str().unwrap(), "--stages", stage, "--progress", "never"]);
        assert_eq!(out.status.code(), Some(0), "{stage}: {}", String::from_utf8_lossy(&out.stderr));
        let (h, paras) = read_csv(&o.join("paragraphs.csv"));
        let chrome = paras.iter().filter(|r| col(&h, r, "status") == "chrome").count();
        let fish = paras.iter().find(|r| col(&h, r, "original").starts_with("Fish")).unwrap();
        let simhash_set = paras.iter().any(|r| col(&h, r, "simhash") != "0000000000000000");
        match stage {
            "strip" => assert!(chrome > 0 && !simhash_set && col(&h, fish, "text").contains("&amp;")),
            "repair" => assert!(chrome == 0 && col(&h, fish, "text").starts_with("Fish & chips")),
            _ => assert!(chrome == 0 && simhash_set),
        }
    }
}

#[test]
fn usage_errors_exit_2() {
    let out = run(&["run", "input", "-o", "/tmp/x", "--stages", "strip,polish"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown stage 'polish'"));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn csv_is_readable_by_python() {
    let python = ["python3", "python"].into_iter().find(|p| Command::new(p).arg("--version").output().is_ok());
    let Some(python) = python else {
        eprintln!("no python on this machine: skipped");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("tricky.txt");
    fs::write(&f, "He said \"yes, no\" and left, again.\n\nA line with a comma, a \"quote\" and ünïcödé, long enough to be kept as prose here.\n").unwrap();
    let o: PathBuf = tmp.path().join("out");
    run(&["run", root.join("input").to_str().unwrap(), f.to_str().unwrap(), "-o", o.to_str().unwrap(), "--progress", "never"]);
    let script = r#"
import csv, sys
d = sys.argv[1]
docs = list(csv.DictReader(open(d + "/documents.csv", newline="", encoding="utf-8")))
paras = list(csv.DictReader(open(d + "/paragraphs.csv", newline="", encoding="utf-8")))
assert list(docs[0].keys())[:3] == ["doc_id", "source", "title"], docs[0].keys()
assert all(int(r["paragraphs"]) >= int(r["kept"]) for r in docs)
n = sum(int(r["paragraphs"]) for r in docs)
assert n == len(paras), (n, len(paras))
assert any('"quote"' in r["original"] for r in paras)
assert any("\n\n" in r["text"] for r in docs)
print(len(docs), len(paras))
"#;
    let out = Command::new(python).args(["-c", script, o.to_str().unwrap()]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

const SPUN: &str = "Government pledges to cut energy bills this winter\n\n\
The nation's prime minister has stated that the economic system will develop by three per cent this yr, in keeping with figures printed by the finance ministry on Monday.\n\n\
1000's of individuals have been affected by rising costs, and probably the most weak households will obtain one other cost earlier than the top of the month.\n\n\
Opposition leaders mentioned the plan was too little, too late, and known as for a full inquiry into the well being of the nation's hospitals.\n\n\
The international minister instructed reporters that the federal government would carry talks with its neighbours final week.\n";

const CLEAN: &str = "Government pledges to cut energy bills this winter\n\n\
The prime minister said on Monday that the economy would grow by three per cent this year, according to figures published by the finance ministry.\n\n\
Thousands of families have been hit by rising prices, and the most vulnerable households will receive another payment before the end of the month.\n\n\
Opposition leaders said the plan came too late and called for an inquiry into the state of the country's hospitals.\n";

#[test]
fn spun_copy_is_detected_and_reversed_but_clean_copy_is_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("a_spun.txt"), SPUN).unwrap();
    fs::write(tmp.path().join("b_clean.txt"), CLEAN).unwrap();
    let o = tmp.path().join("out");
    assert_eq!(run(&["run", tmp.path().to_str().unwrap(), "-o", o.to_str().unwrap(), "--progress", "never", "--stages", "strip,repair"]).status.code(), Some(0));
    let (h, docs) = read_csv(&o.join("documents.csv"));
    let spun = docs.iter().find(|d| col(&h, d, "doc_id") == "a_spun").unwrap();
    let clean = docs.iter().find(|d| col(&h, d, "doc_id") == "b_clean").unwrap();
    let score = |d: &[String]| col(&h, d, "spin_score").parse::<f32>().unwrap();
    assert!(score(spun) >= 0.5, "spun copy scored {}", score(spun));
    assert!(score(clean) < 0.2, "clean copy scored {}", score(clean));
    let text = col(&h, spun, "text");
    for fixed in ["economy", "Thousands", "the most", "another"] {
        assert!(text.contains(fixed), "'{fixed}' not restored in: {text}");
    }
    for spun_phrase in ["economic system", "1000's", "probably the most", "one other"] {
        assert!(!text.contains(spun_phrase), "'{spun_phrase}' left in: {text}");
    }
    assert_eq!(col(&h, clean, "text"), CLEAN.split("\n\n").skip(1).map(str::trim).collect::<Vec<_>>().join("\n\n"));
    assert_eq!(col(&h, clean, "repairs"), "0");
    let (rh, reps) = read_csv(&o.join("repairs.csv"));
    assert!(reps.iter().any(|r| col(&rh, r, "rule") == "spin" && col(&rh, r, "before") == "1000's"), "{reps:?}");
}

#[test]
fn mojibake_and_entities_are_repaired_with_an_audit_row() {
    let tmp = tempfile::tempdir().unwrap();
    let good = "The café’s owner said the “new menu” would cost €12 — more than last year’s.";
    // UTF-8 bytes read as Windows-1252, then saved as UTF-8: the classic mojibake.
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(good);
    let _ = bytes;
    let broken: String = good.as_bytes().iter().map(|&b| encoding_rs::WINDOWS_1252.decode_without_bom_handling(&[b]).0.into_owned()).collect();
    assert_ne!(broken, good);
    let doc = format!("{broken}\n\nFish &amp; chips &#8211; a local favourite, according to the survey of residents.\n");
    let f = tmp.path().join("m.txt");
    fs::write(&f, doc).unwrap();
    let o = tmp.path().join("out");
    assert_eq!(run(&["run", f.to_str().unwrap(), "-o", o.to_str().unwrap(), "--progress", "never", "--stages", "repair"]).status.code(), Some(0));
    let (h, paras) = read_csv(&o.join("paragraphs.csv"));
    assert_eq!(col(&h, &paras[0], "text"), good);
    assert!(col(&h, &paras[0], "reason").contains("repair:mojibake"), "{:?}", paras[0]);
    assert_eq!(col(&h, &paras[1], "text"), "Fish & chips – a local favourite, according to the survey of residents.");
    let (rh, reps) = read_csv(&o.join("repairs.csv"));
    assert!(reps.iter().any(|r| col(&rh, r, "rule") == "mojibake" && col(&rh, r, "after") == good));
}

#[test]
fn syndicated_paragraphs_point_at_the_first_copy() {
    let tmp = tempfile::tempdir().unwrap();
    let a = "Harbour plan approved after long debate\n\nThe harbour authority approved a plan on Thursday to dredge the main channel, allowing larger container ships to dock at the port from next year.\n\nLocal fishermen, who had opposed the plan for months, said they would study the decision before deciding whether to appeal it in court.\n";
    // The same wire copy, lightly edited: a word swapped, curly quotes, "next year" -> "2026".
    let b = "Port expansion gets green light\n\nThe harbour authority approved a plan on Thursday to dredge the main channel, allowing bigger container ships to dock at the port from next year.\n\nA spokesman for the city council said the decision was “good news for jobs” and thanked the authority for its work on the project.\n";
    fs::write(tmp.path().join("a.txt"), a).unwrap();
    fs::write(tmp.path().join("b.txt"), b).unwrap();
    let o = tmp.path().join("out");
    assert_eq!(run(&["run", tmp.path().to_str().unwrap(), "-o", o.to_str().unwrap(), "--progress", "never"]).status.code(), Some(0));
    let (h, paras) = read_csv(&o.join("paragraphs.csv"));
    let row = |doc: &str, start: &str| paras.iter().find(|r| col(&h, r, "doc_id") == doc && col(&h, r, "original").starts_with(start)).unwrap().clone();
    let dup = row("b", "The harbour authority");
    assert_eq!(col(&h, &dup, "status"), "duplicate");
    assert_eq!(col(&h, &dup, "duplicate_of"), "a:1");
    assert_eq!(col(&h, &row("a", "The harbour authority"), "status"), "kept");
    assert_eq!(col(&h, &row("b", "A spokesman"), "status"), "kept");
    assert_eq!(col(&h, &row("a", "Local fishermen"), "status"), "kept");
}

/// Hand-written pages in 25 languages that the development benchmark lacks
/// (tests/fixtures/multilingual): the headline, byline and date become columns, whatever the
/// script, and the copyright footer is not text.
#[test]
fn pages_in_many_languages_get_their_columns_and_lose_their_footer() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let input = root.join("tests/fixtures/multilingual");
    let out = run(&["run", input.to_str().unwrap(), "-o", tmp.path().to_str().unwrap(), "--progress", "never"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    // (file, language, title, author, published, the page's last line: its copyright footer).
    // Serbian in Latin letters reads as Croatian too, with nearly the same function words.
    // Malay reads as Indonesian (whatlang has no Malay, and the two share their function words).
    let want: &[(&str, &str, &str, &str, &str, &str)] = &[
        ("ar", "ara", "البنك المركزي يرفع سعر الفائدة للمرة الثالثة هذا العام", "أحمد محمود", "15 مارس 2024", "جميع الحقوق محفوظة © 2024"),
        ("az", "aze", "Mərkəzi Bank uçot dərəcəsini dəyişməz saxladı", "Elvin Məmmədov", "15 mart 2024", "© 2024 Nümunə Xəbər. Bütün hüquqlar qorunur."),
        ("be", "bel", "Нацбанк пакінуў стаўку рэфінансавання без змен", "Алесь Каваленка", "15 сакавіка 2024", "© 2024 Прыклад Навін. Усе правы абаронены."),
        ("bg", "bul", "БНБ запазва основния лихвен процент без промяна", "Иван Петров", "15 март 2024", "© 2024 Примерни новини. Всички права запазени."),
        ("bn", "ben", "সুদের হার অপরিবর্তিত রাখল বাংলাদেশ ব্যাংক", "রহিম উদ্দিন", "15 মার্চ 2024", "© 2024 উদাহরণ নিউজ। সর্বস্বত্ব সংরক্ষিত।"),
        ("et", "est", "Eesti Pank: intressimäärad jäävad muutumatuks", "Mari Tamm", "15. märts 2024", "© 2024 Näide. Kõik õigused kaitstud."),
        ("fa", "pes", "بانک مرکزی نرخ سود سپرده‌ها را افزایش داد", "علی رضایی", "2024-03-15", "کلیه حقوق مادی و معنوی این سایت محفوظ است."),
        ("he", "heb", "בנק ישראל הותיר את הריבית ללא שינוי", "דני כהן", "15 במרץ 2024", "כל הזכויות שמורות © 2024"),
        ("hi", "hin", "रिज़र्व बैंक ने रेपो दर में कोई बदलाव नहीं किया", "राहुल शर्मा", "15 मार्च 2024", "सर्वाधिकार सुरक्षित © 2024"),
        ("hr", "hrv", "HNB: Kamatne stope ostaju nepromijenjene", "Ivana Horvat", "15. ožujka 2024.", "© 2024 Primjer d.o.o. Sva prava pridržana."),
        ("ja", "jpn", "日銀、追加利上げを見送り 円相場は一時急落", "山田太郎", "2024年3月15日 10:30", "無断転載を禁じます。"),
        ("ko", "kor", "한국은행, 기준금리 3.5% 동결", "홍길동", "2024.03.15 10:30", "<저작권자 © 예시일보, 무단 전재 및 재배포 금지>"),
        ("lt", "lit", "Lietuvos bankas: palūkanų normos nesikeis", "Jonas Petraitis", "2024 m. kovo 15 d.", "© 2024 Pavyzdys. Visos teisės saugomos."),
        ("lv", "lav", "Latvijas Banka: procentu likmes nemainīsies", "Jānis Bērziņš", "2024. gada 15. martā", "© 2024 Piemērs. Visas tiesības aizsargātas."),
        ("mk", "mkd", "Народната банка ја задржа основната каматна стапка", "Марко Стојановски", "15 март 2024", "© 2024 Пример Вести. Сите права се задржани."),
        ("ms", "ind", "Bank Negara kekalkan kadar dasar semalaman pada 3 peratus", "Ahmad Faizal", "12 Februari 2024", "© 2024 Berita Contoh. Hak cipta terpelihara."),
        ("sk", "slk", "Národná banka ponechala úrokové sadzby bez zmeny", "Peter Novák", "15. marca 2024", "© 2024 Príklad, a.s. Všetky práva vyhradené."),
        ("sl", "slv", "Banka Slovenije: obrestne mere ostajajo nespremenjene", "Janez Novak", "15. marca 2024", "© 2024 Primer d.o.o. Vse pravice pridržane."),
        ("sr-cyrl", "srp", "Народна банка задржала референтну каматну стопу", "Марко Петровић", "15. март 2024.", "© 2024 Пример вести. Сва права задржана."),
        ("sr", "srp|hrv", "Narodna banka zadržala referentnu kamatnu stopu", "Marko Petrović", "15. mart 2024.", "© 2024 Primer vesti. Sva prava zadržana."),
        ("sw", "swa", "Benki Kuu yabakiza riba ya msingi kwa asilimia 6", "Juma Hamisi", "15 Machi 2024", "© 2024 Habari Mfano. Haki zote zimehifadhiwa."),
        ("th", "tha", "แบงก์ชาติคงอัตราดอกเบี้ยนโยบายที่ร้อยละ 2.5", "สมชาย ใจดี", "15 มี.ค. 2567", "© 2567 ตัวอย่างนิวส์ สงวนลิขสิทธิ์"),
        ("tl", "tgl", "Bangko Sentral, pinanatili ang interest rate sa 6.5 porsiyento", "Maria Santos", "15 Marso 2024", "© 2024 Halimbawang Balita. Lahat ng karapatan ay nakalaan."),
        ("ur", "urd", "اسٹیٹ بینک نے شرح سود برقرار رکھنے کا اعلان کر دیا", "احمد علی", "15 مارچ 2024", "جملہ حقوق محفوظ ہیں © 2024"),
        ("vi", "vie", "Ngân hàng Nhà nước giữ nguyên lãi suất điều hành", "Nguyễn Văn An", "15/3/2024 10:30", "© 2024 Báo Ví Dụ. Giữ bản quyền nội dung."),
        ("zh-tw", "cmn", "台積電宣布在高雄加蓋新廠", "陳志明", "2024/03/15 10:30", "版權所有 © 2024 範例新聞"),
        ("zh", "cmn", "央行宣布下调存款准备金率0.5个百分点", "李明", "2024-03-15 10:30", "Copyright © 2024 示例新闻网 版权所有"),
    ];
    let (h, docs) = read_csv(&tmp.path().join("documents.csv"));
    assert_eq!(docs.len(), want.len());
    for &(id, lang, title, author, published, footer) in want {
        let d = docs.iter().find(|d| col(&h, d, "doc_id") == id).unwrap_or_else(|| panic!("{id} missing"));
        assert!(lang.split('|').any(|l| l == col(&h, d, "language")), "{id}: {}", col(&h, d, "language"));
        assert_eq!(col(&h, d, "title"), title, "{id}");
        assert_eq!((col(&h, d, "author"), col(&h, d, "published")), (author, published), "{id}");
        let text = col(&h, d, "text");
        assert!(!text.is_empty() && !text.contains(footer), "{id}: {text}");
        // The menu above the headline ("Naujienos", "Verslas", "Sportas") is not text either,
        // even on the pages too short for a run of prose to anchor the text.
        let page = fs::read_to_string(input.join(format!("{id}.txt"))).unwrap();
        let words = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
        let head: Vec<String> = page.lines().map(words).take_while(|l| l != title).collect();
        assert!(head.len() < page.lines().count(), "{id}: no headline line");
        for p in text.split("\n\n") {
            assert!(!head.iter().any(|l| l == p), "{id}: menu line {p:?} kept");
        }
    }
}

/// A page whose UTF-8 was read as windows-1252 ("Palikite komentarÄ…" for "Palikite
/// komentarą") is repaired before it is stripped: the same pages as above, garbled that way,
/// give the same language, columns, text and paragraph statuses as the clean ones.
#[test]
fn mojibake_pages_are_stripped_as_the_pages_they_were() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let garbled = tmp.path().join("garbled");
    fs::create_dir(&garbled).unwrap();
    let clean = root.join("tests/fixtures/multilingual");
    let mut n = 0;
    for e in fs::read_dir(&clean).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "txt") {
            let text = fs::read_to_string(&path).unwrap();
            let (bad, _, _) = encoding_rs::WINDOWS_1252.decode(text.as_bytes());
            assert_ne!(bad, text);
            fs::write(garbled.join(path.file_name().unwrap()), bad.as_bytes()).unwrap();
            n += 1;
        }
    }
    let mut results = Vec::new();
    for (name, input) in [("clean", clean.as_path()), ("garbled", garbled.as_path())] {
        let out_dir = tmp.path().join(format!("out-{name}"));
        let out = run(&["run", input.to_str().unwrap(), "-o", out_dir.to_str().unwrap(), "--progress", "never"]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let (h, mut docs) = read_csv(&out_dir.join("documents.csv"));
        docs.sort_by(|a, b| col(&h, a, "doc_id").cmp(col(&h, b, "doc_id")));
        let fields = ["doc_id", "language", "title", "author", "published", "text"];
        let docs: Vec<Vec<String>> = docs.iter().map(|d| fields.iter().map(|f| col(&h, d, f).to_string()).collect()).collect();
        let (h, paras) = read_csv(&out_dir.join("paragraphs.csv"));
        let mut statuses: Vec<(String, String, String)> =
            paras.iter().map(|p| (col(&h, p, "doc_id").into(), col(&h, p, "position").into(), col(&h, p, "status").into())).collect();
        statuses.sort();
        results.push((docs, statuses));
    }
    assert_eq!(results[0].0.len(), n);
    for (c, g) in results[0].0.iter().zip(&results[1].0) {
        assert_eq!(c, g);
    }
    assert_eq!(results[0].1, results[1].1);
}

#[test]
fn a_killed_run_leaves_no_output_that_looks_complete() {
    // A finished run first, so the folder holds complete outputs from before.
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("a.txt");
    fs::write(&input, ARTICLE).unwrap();
    let o = tmp.path().join("out");
    let out = run(&["run", input.to_str().unwrap(), "-o", o.to_str().unwrap(), "--progress", "never"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(o.join("documents.csv").exists() && o.join("summary.json").exists());

    // A second run into the same folder, reading standard input that never ends, killed once
    // it has started writing.
    let mut child = scour()
        .args(["run", "-", "-o", o.to_str().unwrap(), "--progress", "never"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"{\"id\": \"k1\", \"text\": \"Prices rose again in March, the statistics office said.\"}\n").unwrap();
    let started = std::time::Instant::now();
    while !o.join("documents.csv.tmp").exists() {
        assert!(started.elapsed().as_secs() < 60, "the run never started writing");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    drop(stdin);
    // Nothing under a final name: the earlier run's files were removed when this one started,
    // and this one's are still temporary.
    let names: Vec<String> = fs::read_dir(&o).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    for done in ["documents.csv", "paragraphs.csv", "repairs.csv", "errors.csv", "summary.json"] {
        assert!(!names.iter().any(|n| n == done), "{done} looks complete after a kill: {names:?}");
    }
}
