//! The crate's error type.

use std::path::PathBuf;

/// Everything that can go wrong in whosaid.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading a file failed.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// Input bytes were not valid UTF-8.
    #[error("{name} is not valid UTF-8 (first bad byte at offset {offset})")]
    InvalidUtf8 {
        /// Where the bytes came from (a file name, or `<stdin>`).
        name: String,
        /// Byte offset of the first invalid sequence.
        offset: usize,
        /// The underlying error.
        #[source]
        source: std::str::Utf8Error,
    },
    /// A model file is malformed, truncated or of an unsupported version.
    #[error("model {what}: {reason}")]
    Model {
        /// Which model.
        what: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A builder was given settings that cannot work together.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// A data file (country table, gazetteer, corpus) could not be parsed.
    #[error("{file}, line {line}: {reason}")]
    Data {
        /// The file.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// A pipeline stage returned an error; `source` is that error.
    #[error("{stage} failed: {source}")]
    Stage {
        /// The stage that failed.
        stage: Stage,
        /// The stage's error.
        #[source]
        source: Box<Error>,
    },
    /// A stage's output broke the pipeline's contract (out of order, out of bounds, off a
    /// `char` boundary, …); see each stage trait's "Contract" section.
    #[error("{stage} output breaks the pipeline contract: {reason}")]
    Contract {
        /// The stage whose output is wrong.
        stage: Stage,
        /// What is wrong with it.
        reason: String,
    },
    /// A stage panicked while analyzing a document; the panic was caught so that the rest of
    /// a batch goes on (see [`Pipeline::try_analyze_batch`](crate::Pipeline::try_analyze_batch)).
    #[error("panic while analyzing the document: {message}")]
    Panic {
        /// The panic message.
        message: String,
    },
    /// A model backend (libtorch, for the transformer tagger) failed.
    #[error("{what}: {reason}")]
    Backend {
        /// Which backend.
        what: String,
        /// What it reported.
        reason: String,
    },
    /// JSON (de)serialization failed.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// libtorch reported an error (feature `transformer`).
    #[cfg(feature = "transformer")]
    #[error("libtorch: {0}")]
    Torch(#[from] tch::TchError),
}

/// A stage of the [`Pipeline`](crate::Pipeline), as named in errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Stage {
    /// The [`Segmenter`](crate::segment::Segmenter).
    Segmenter,
    /// The [`EntityTagger`](crate::entities::EntityTagger).
    Tagger,
    /// The [`QuoteAttributor`](crate::quotes::QuoteAttributor).
    Attributor,
}

impl Stage {
    /// The stage's name: `"segmenter"`, `"tagger"` or `"attributor"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Stage::Segmenter => "segmenter",
            Stage::Tagger => "tagger",
            Stage::Attributor => "attributor",
        }
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// An [`Error::Panic`] for a panic payload caught with [`std::panic::catch_unwind`], for
    /// callers that run the pipeline under their own `catch_unwind` (as the Python bindings
    /// do), so that their error reads like the pipeline's own.
    pub fn from_panic(payload: &(dyn std::any::Any + Send)) -> Self {
        Error::Panic {
            message: panic_message(payload),
        }
    }
}

/// The message of a caught panic payload.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_string()
    }
}

/// Result with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::{decode_utf8, read_text};
    use std::error::Error as _;

    #[test]
    fn caught_panics_keep_their_message() {
        let payload = std::panic::catch_unwind(|| panic!("stage broke at {}", 7)).unwrap_err();
        let err = Error::from_panic(payload.as_ref());
        assert!(matches!(&err, Error::Panic { message } if message == "stage broke at 7"));
        assert_eq!(
            err.to_string(),
            "panic while analyzing the document: stage broke at 7"
        );
        let payload = std::panic::catch_unwind(|| std::panic::panic_any(3u8)).unwrap_err();
        assert_eq!(
            Error::from_panic(payload.as_ref()).to_string(),
            "panic while analyzing the document: unknown panic payload"
        );
    }

    #[test]
    fn invalid_utf8_names_source_and_offset() {
        let err = decode_utf8("a.txt", vec![b'o', b'k', 0xff, b'x']).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("a.txt") && msg.contains("offset 2"), "{msg}");
        assert!(err.source().is_some());
    }

    #[test]
    fn missing_file_is_io_error() {
        let err = read_text(std::path::Path::new("/nonexistent/whosaid.txt")).unwrap_err();
        assert!(matches!(err, Error::Io { .. }));
        assert!(err.to_string().contains("/nonexistent/whosaid.txt"));
    }
}
