//! compress: picks gzip, zstd or plain reading from the file name, in one place.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

impl Compression {
    /// Splits a lowercase file name into (name without the compression suffix, compression).
    pub fn from_name(name: &str) -> (&str, Compression) {
        if let Some(b) = name.strip_suffix(".gz") {
            (b, Compression::Gzip)
        } else if let Some(b) = name.strip_suffix(".zst").or_else(|| name.strip_suffix(".zstd")) {
            (b, Compression::Zstd)
        } else {
            (name, Compression::None)
        }
    }
}

/// Opens `path` and returns a reader of its decompressed bytes. A truncated archive shows up as
/// an error from `read` (an `UnexpectedEof`), which the format readers report.
pub fn open(path: &Path, compression: Compression) -> std::io::Result<Box<dyn Read + Send>> {
    let file = BufReader::with_capacity(1 << 16, File::open(path)?);
    Ok(match compression {
        Compression::None => Box::new(file),
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(file)),
        Compression::Zstd => Box::new(zstd::Decoder::with_buffer(file)?),
    })
}

/// Describes an I/O error met while reading a (possibly compressed) stream, for `errors.csv`.
pub fn describe(err: &std::io::Error, compression: Compression) -> String {
    match (err.kind(), compression) {
        (std::io::ErrorKind::UnexpectedEof, Compression::Gzip) => {
            "truncated gzip archive: the records before the cut were read".into()
        }
        (std::io::ErrorKind::UnexpectedEof, Compression::Zstd) => {
            "truncated zstd archive: the records before the cut were read".into()
        }
        (_, Compression::None) => format!("read error: {err}"),
        _ => format!("corrupt or truncated archive: {err}"),
    }
}
