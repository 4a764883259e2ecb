//! error: the one error type of the library, and the per-input failures a run records.
//!
//! `Error` is for failures that stop a run (bad options, unwritable output). A bad input never
//! stops a run: it becomes an [`InputError`] row in `errors.csv` and the run goes on.

use std::fmt;
use std::path::PathBuf;

/// A failure that stops the run.
#[derive(Debug)]
pub enum Error {
    /// Bad options or data files: the user must change the command line.
    Usage(String),
    /// Reading a data file or writing output failed.
    Io { path: PathBuf, err: std::io::Error },
    /// Writing CSV failed.
    Csv(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(msg) => write!(f, "{msg}"),
            Error::Io { path, err } => write!(f, "{}: {err}", path.display()),
            Error::Csv(msg) => write!(f, "writing CSV: {msg}"),
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    pub fn io(path: impl Into<PathBuf>, err: std::io::Error) -> Error {
        Error::Io { path: path.into(), err }
    }
}

impl From<csv::Error> for Error {
    fn from(e: csv::Error) -> Error {
        Error::Csv(e.to_string())
    }
}

/// An input (file, line or record) that could not be read; one row of `errors.csv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The path as given, plus `:LINE` where the failure is one record.
    pub source: String,
    /// One line saying what went wrong and, where it helps, what to do.
    pub error: String,
}

impl InputError {
    pub fn new(source: impl Into<String>, error: impl Into<String>) -> InputError {
        InputError { source: source.into(), error: error.into() }
    }
}
