//! Reading CoNLL-2003 files (`token POS chunk NER` columns, IOB2, `-DOCSTART-` lines).

use super::perceptron::TaggedSentence;
use crate::{Error, Result};

/// Parses a CoNLL-2003 file into documents of tagged sentences. The NER tag is the last
/// column; IOB1 tags are converted to IOB2.
pub fn parse(text: &str, file: &str) -> Result<Vec<Vec<TaggedSentence>>> {
    let mut docs: Vec<Vec<TaggedSentence>> = Vec::new();
    let mut doc: Vec<TaggedSentence> = Vec::new();
    let mut cur = TaggedSentence {
        tokens: Vec::new(),
        tags: Vec::new(),
    };
    let flush = |cur: &mut TaggedSentence, doc: &mut Vec<TaggedSentence>| {
        if !cur.tokens.is_empty() {
            to_iob2(&mut cur.tags);
            doc.push(std::mem::replace(
                cur,
                TaggedSentence {
                    tokens: Vec::new(),
                    tags: Vec::new(),
                },
            ));
        }
    };
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.starts_with("-DOCSTART-") {
            flush(&mut cur, &mut doc);
            if !doc.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        if line.is_empty() {
            flush(&mut cur, &mut doc);
            continue;
        }
        let mut cols = line.split_whitespace();
        let token = cols.next().unwrap_or_default();
        let tag = cols.last().ok_or_else(|| Error::Data {
            file: file.to_string(),
            line: i + 1,
            reason: "expected at least two columns".into(),
        })?;
        if tag != "O" && !(tag.starts_with("B-") || tag.starts_with("I-")) {
            return Err(Error::Data {
                file: file.to_string(),
                line: i + 1,
                reason: format!("bad NER tag {tag:?}"),
            });
        }
        cur.tokens.push(token.to_string());
        cur.tags.push(tag.to_string());
    }
    flush(&mut cur, &mut doc);
    if !doc.is_empty() {
        docs.push(doc);
    }
    Ok(docs)
}

fn to_iob2(tags: &mut [String]) {
    for i in 0..tags.len() {
        if let Some(t) = tags[i].strip_prefix("I-") {
            let prev_same = i > 0 && tags[i - 1].len() > 2 && &tags[i - 1][2..] == t;
            if !prev_same {
                tags[i] = format!("B-{t}");
            }
        }
    }
}

/// Chunks `(start, end, type)` of an IOB2 tag sequence.
pub fn chunks(tags: &[String]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        if let Some(t) = tags[i].strip_prefix("B-") {
            let mut j = i + 1;
            while j < tags.len() && tags[j].strip_prefix("I-") == Some(t) {
                j += 1;
            }
            out.push((i, j, t.to_string()));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_documents_and_converts_iob1() {
        let text = "-DOCSTART- -X- -X- O\n\nKalev NNP B-NP I-PER\nTamm NNP I-NP I-PER\nspoke VBD B-VP O\n\n-DOCSTART- -X- O O\n\nTartu NNP B-NP B-LOC\n";
        let docs = parse(text, "t").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0][0].tags, ["B-PER", "I-PER", "O"]);
        assert_eq!(chunks(&docs[0][0].tags), vec![(0, 2, "PER".to_string())]);
        assert!(matches!(
            parse("x y Z-FOO\n", "t"),
            Err(Error::Data { line: 1, .. })
        ));
    }
}
