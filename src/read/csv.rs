//! csv: one document per CSV row, with a header naming the text (and optional id, url) columns.

use std::io::Read;

use super::{InputFile, Payload, Record, compress, fallback_id};
use crate::config::Fields;
use crate::error::InputError;

pub fn read(
    file: &InputFile,
    stream: Box<dyn Read + Send>,
    fields: &Fields,
    emit: &mut dyn FnMut(Result<Record, InputError>),
) {
    let mut rdr = ::csv::ReaderBuilder::new().flexible(true).has_headers(true).from_reader(stream);
    let headers = match rdr.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            emit(Err(InputError::new(&file.display, describe(&e, file))));
            return;
        }
    };
    let col = |name: &str| headers.iter().position(|h| h == name.as_bytes());
    let Some(text_col) = col(&fields.text) else {
        let names: Vec<String> = headers.iter().map(|h| String::from_utf8_lossy(h).into_owned()).collect();
        emit(Err(InputError::new(
            &file.display,
            format!(
                "no '{}' column (columns: {}); pass --text-field to name the text column",
                fields.text,
                names.join(", ")
            ),
        )));
        return;
    };
    let (id_col, url_col) = (col(&fields.id), col(&fields.url));
    let mut rec = ::csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let fatal = matches!(e.kind(), ::csv::ErrorKind::Io(_));
                emit(Err(InputError::new(&file.display, describe(&e, file))));
                if fatal {
                    return;
                }
                continue;
            }
        }
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        let source = format!("{}:{line}", file.display);
        let field = |i: Option<usize>| i.and_then(|i| rec.get(i)).map(|b| String::from_utf8_lossy(b).into_owned());
        let Some(text) = rec.get(text_col) else {
            emit(Err(InputError::new(source, format!("row has no '{}' field", fields.text))));
            continue;
        };
        let text = match std::str::from_utf8(text) {
            Ok(t) => t.to_string(),
            Err(_) => {
                emit(Err(InputError::new(source, "text field is not valid UTF-8")));
                continue;
            }
        };
        let id = field(id_col).filter(|s| !s.is_empty());
        let url = field(url_col).unwrap_or_default();
        emit(Ok(Record {
            source,
            id,
            fallback_id: fallback_id(&file.path, Some(line)),
            url,
            bytes: rec.as_slice().len() as u64,
            payload: Payload::Text(text),
        }));
    }
}

fn describe(e: &::csv::Error, file: &InputFile) -> String {
    match e.kind() {
        ::csv::ErrorKind::Io(io) => compress::describe(io, file.compression),
        _ => format!("invalid CSV: {e}"),
    }
}
