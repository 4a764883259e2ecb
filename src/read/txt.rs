//! txt: a `.txt` file is one document; its bytes go to the decode stage as they are.

use std::io::Read;

use super::{InputFile, Payload, Record, compress, fallback_id};
use crate::error::InputError;

pub fn read(file: &InputFile, mut stream: Box<dyn Read + Send>, emit: &mut dyn FnMut(Result<Record, InputError>)) {
    let mut bytes = Vec::with_capacity(file.size as usize);
    if let Err(e) = stream.read_to_end(&mut bytes) {
        emit(Err(InputError::new(&file.display, compress::describe(&e, file.compression))));
        return;
    }
    emit(Ok(Record {
        source: file.display.clone(),
        id: None,
        fallback_id: fallback_id(&file.path, None),
        url: String::new(),
        bytes: bytes.len() as u64,
        payload: Payload::Bytes(bytes),
    }));
}
