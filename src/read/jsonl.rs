//! jsonl: one JSON object per line; the text, id and url fields are named by `--text-field` etc.
//!
//! A broken line or one without a text field is one error row; the lines around it are read.
//! The reader thread only splits lines; each line is parsed later, on a worker ([`Line`]).

use std::io::{BufRead, BufReader, Read};

use super::{InputFile, Payload, Raw, Record, compress, fallback_id};
use crate::config::Fields;
use crate::error::InputError;

pub fn read<'a>(
    file: &'a InputFile,
    stream: Box<dyn Read + Send>,
    emit: &mut dyn FnMut(Result<Raw<'a>, InputError>),
) {
    let mut reader = BufReader::with_capacity(1 << 16, stream);
    let mut line_no = 0u64;
    let mut buf = Vec::new();
    loop {
        match read_line(&mut reader, &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                emit(Err(InputError::new(&file.display, compress::describe(&e, file.compression))));
                return;
            }
        }
        line_no += 1;
        let len = trim_ascii(&buf).len() as u64;
        if len == 0 {
            buf.clear();
            continue;
        }
        emit(Ok(Raw::Json(Line { file, line_no, len, bytes: std::mem::take(&mut buf) })));
    }
}

/// One non-empty line of a JSON-lines file, split off but not parsed yet: the reader thread
/// only finds the newlines, and the JSON decoding (most of the cost of reading) runs on the
/// workers, in parallel, as [`Line::parse`].
pub struct Line<'a> {
    file: &'a InputFile,
    line_no: u64,
    /// Length without the BOM and surrounding whitespace (the record's `bytes`).
    len: u64,
    /// The line as read, newline included.
    bytes: Vec<u8>,
}

impl Line<'_> {
    /// Size of the record, as `Record::bytes` will say.
    pub fn size(&self) -> u64 {
        self.len
    }

    /// The record of this line, or its error row.
    pub fn parse(self, fields: &Fields) -> Result<Record, InputError> {
        let source = format!("{}:{}", self.file.display, self.line_no);
        parse_line(trim_ascii(&self.bytes), source, fallback_id(&self.file.path, Some(self.line_no)), fields)
    }
}

/// `BufRead::read_until(b'\n', buf)`, with the newline found by the memchr crate (the
/// standard library's search is a plain word loop; each line of a JSON-lines file is a
/// whole document, and this runs on the reader thread in both passes).
fn read_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut read = 0;
    loop {
        let avail = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(read);
        }
        let (n, done) = match memchr::memchr(b'\n', avail) {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        buf.extend_from_slice(&avail[..n]);
        reader.consume(n);
        read += n;
        if done {
            return Ok(read);
        }
    }
}

fn trim_ascii(b: &[u8]) -> &[u8] {
    let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
    b.trim_ascii()
}

/// `line` with every `\uD800`–`\uDFFF` escape that is not half of a proper pair replaced by
/// `\uFFFD`; None when there is none.
fn replace_lone_surrogates(line: &[u8]) -> Option<Vec<u8>> {
    let hex4 = |at: usize| -> Option<u16> {
        let h = line.get(at..at + 4)?;
        u16::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()
    };
    // The code unit of a \uXXXX escape starting at `at` (the backslash).
    let escape = |at: usize| -> Option<u16> { (line.get(at) == Some(&b'\\') && line.get(at + 1) == Some(&b'u')).then(|| hex4(at + 2)).flatten() };
    let mut out = Vec::with_capacity(line.len());
    let mut changed = false;
    let mut i = 0;
    while i < line.len() {
        if line[i] != b'\\' {
            out.push(line[i]);
            i += 1;
            continue;
        }
        match escape(i) {
            Some(0xD800..=0xDBFF) if matches!(escape(i + 6), Some(0xDC00..=0xDFFF)) => {
                out.extend_from_slice(&line[i..i + 12]);
                i += 12;
            }
            Some(0xD800..=0xDFFF) => {
                out.extend_from_slice(b"\\ufffd");
                changed = true;
                i += 6;
            }
            _ => {
                // Any other escape (\\, \", \n, a BMP \uXXXX) is copied whole.
                let n = if line.get(i + 1) == Some(&b'u') { 6 } else { 2 };
                out.extend_from_slice(&line[i..(i + n).min(line.len())]);
                i += n;
            }
        }
    }
    changed.then_some(out)
}

/// Parses one JSON line into a record.
pub fn parse_line(line: &[u8], source: String, fallback: String, fields: &Fields) -> Result<Record, InputError> {
    let value: serde_json::Value = match serde_json::from_slice(line) {
        Ok(v) => v,
        // Scrapers that cut text between the halves of a surrogate pair write JSON serde
        // rejects ("\ud83d" alone); such a line is read with U+FFFD in place of the half.
        Err(e) => match replace_lone_surrogates(line).map(|fixed| serde_json::from_slice(&fixed)) {
            Some(Ok(v)) => v,
            _ => return Err(InputError::new(source, format!("invalid JSON: {e}"))),
        },
    };
    let serde_json::Value::Object(mut obj) = value else {
        return Err(InputError::new(source, "not a JSON object: each line must be {\"text\": ...}"));
    };
    // Taken out of the object, not cloned: the text is most of the line.
    let text = match obj.remove(&fields.text) {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Null) | None => {
            let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
            return Err(InputError::new(
                source,
                format!(
                    "no '{}' field (fields present: {}); pass --text-field to name the text field",
                    fields.text,
                    keys.join(", ")
                ),
            ));
        }
        Some(_) => return Err(InputError::new(source, format!("field '{}' is not a string", fields.text))),
    };
    let id = match obj.get(&fields.id) {
        Some(serde_json::Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let url = obj.get(&fields.url).and_then(|v| v.as_str()).unwrap_or("").to_string();
    Ok(Record { source, id, fallback_id: fallback, url, bytes: line.len() as u64, payload: Payload::Text(text) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(line: &str) -> Result<String, String> {
        match parse_line(line.as_bytes(), "t:1".into(), "t".into(), &Fields::default()) {
            Ok(Record { payload: Payload::Text(t), .. }) => Ok(t),
            Ok(_) => Err("not text".into()),
            Err(e) => Err(e.error),
        }
    }

    #[test]
    fn lines_are_read_as_read_until_reads_them() {
        let text = b"{\"a\":1}\n\n{\"b\":2}\r\nlast line without newline";
        // A tiny buffer, so lines span several refills.
        let mut r = BufReader::with_capacity(3, &text[..]);
        let mut want = BufReader::with_capacity(3, &text[..]);
        loop {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let n = read_line(&mut r, &mut a).unwrap();
            assert_eq!(n, want.read_until(b'\n', &mut b).unwrap());
            assert_eq!(a, b);
            if n == 0 {
                break;
            }
        }
    }

    #[test]
    fn lines_parsed_later_are_the_records_parsed_at_once() {
        let text = b"{\"text\":\"a\",\"id\":\"x\"}\n\n  \r\n\xEF\xBB\xBF{\"text\":\"b\"} \nbroken\n{\"text\":\"c\"}";
        let file = InputFile {
            path: "dir/f.jsonl".into(),
            display: "f.jsonl".into(),
            format: super::super::Format::Jsonl,
            compression: compress::Compression::None,
            size: text.len() as u64,
        };
        let mut got = Vec::new();
        read(&file, Box::new(&text[..]), &mut |r| got.push(r.map(|raw| (raw.size(), raw.parse(&Fields::default())))));
        let want: Vec<(u64, &str, Result<&str, &str>)> =
            vec![(21, "f.jsonl:1", Ok("a")), (12, "f.jsonl:4", Ok("b")), (6, "f.jsonl:5", Err("invalid JSON")), (12, "f.jsonl:6", Ok("c"))];
        assert_eq!(got.len(), want.len());
        for (g, (size, source, text)) in got.into_iter().zip(want) {
            let (n, rec) = g.unwrap();
            assert_eq!(n, size);
            match (rec, text) {
                (Ok(r), Ok(t)) => {
                    assert_eq!(r.source, source);
                    assert_eq!(r.bytes, size);
                    assert!(matches!(r.payload, Payload::Text(ref s) if s == t));
                }
                (Err(e), Err(t)) => {
                    assert_eq!(e.source, source);
                    assert!(e.error.contains(t), "{}", e.error);
                }
                (r, t) => panic!("{r:?} for {t:?}"),
            }
        }
    }

    #[test]
    fn a_lone_surrogate_half_becomes_a_replacement_character() {
        // A scraper cut "🙂" (\ud83d\ude42) after its first half.
        assert_eq!(text_of(r#"{"text": "Nice day \ud83d and more"}"#).unwrap(), "Nice day \u{fffd} and more");
        assert_eq!(text_of(r#"{"text": "\ude42 at start"}"#).unwrap(), "\u{fffd} at start");
        // A proper pair and escaped backslashes are left alone.
        assert_eq!(text_of(r#"{"text": "ok \ud83d\ude42 \\ud83d \ud83d"}"#).unwrap(), "ok 🙂 \\ud83d \u{fffd}");
    }

    #[test]
    fn other_broken_lines_stay_errors() {
        let e = text_of(r#"{"text": "unterminated"#).unwrap_err();
        assert!(e.contains("invalid JSON"), "{e}");
        assert!(text_of(r#"{"text": "bad \u12"}"#).unwrap_err().contains("invalid JSON"));
    }
}
