//! jsonl: one JSON object per line; the text, id and url fields are named by `--text-field` etc.
//!
//! A broken line or one without a text field is one error row; the lines around it are read.

use std::io::{BufRead, BufReader, Read};

use super::{InputFile, Payload, Record, compress, fallback_id};
use crate::config::Fields;
use crate::error::InputError;

pub fn read(
    file: &InputFile,
    stream: Box<dyn Read + Send>,
    fields: &Fields,
    emit: &mut dyn FnMut(Result<Record, InputError>),
) {
    let mut reader = BufReader::with_capacity(1 << 16, stream);
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                emit(Err(InputError::new(&file.display, compress::describe(&e, file.compression))));
                return;
            }
        }
        line_no += 1;
        let line = trim_ascii(&buf);
        if line.is_empty() {
            continue;
        }
        let source = format!("{}:{line_no}", file.display);
        emit(parse_line(line, source, fallback_id(&file.path, Some(line_no)), fields));
    }
}

fn trim_ascii(b: &[u8]) -> &[u8] {
    let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
    b.trim_ascii()
}

/// Parses one JSON line into a record.
pub fn parse_line(line: &[u8], source: String, fallback: String, fields: &Fields) -> Result<Record, InputError> {
    let value: serde_json::Value = match serde_json::from_slice(line) {
        Ok(v) => v,
        Err(e) => return Err(InputError::new(source, format!("invalid JSON: {e}"))),
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
