//! Reading documents: UTF-8 decoding and file reading with errors that name their source,
//! as [`Pipeline::analyze_files`](crate::Pipeline::analyze_files) uses them.

use crate::{Error, Result};

/// Decodes bytes as UTF-8, naming the source in the error.
pub fn decode_utf8(name: &str, bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        let source = e.utf8_error();
        Error::InvalidUtf8 {
            name: name.to_string(),
            offset: source.valid_up_to(),
            source,
        }
    })
}

/// Reads a file as UTF-8 text with errors that name the file.
pub fn read_text(path: &std::path::Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    decode_utf8(&path.display().to_string(), bytes)
}
