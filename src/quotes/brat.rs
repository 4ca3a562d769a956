//! Reading brat standoff attribution annotations (PolNeAR, PARC-style): `T` lines hold
//! `Source`, `Cue` and `Content` spans in character offsets (possibly in fragments
//! `a b;c d`), `E` lines tie them into one attribution each.

use crate::Span;
use std::collections::HashMap;

/// One annotated attribution, in byte spans of the article text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attribution {
    /// Content fragments, sorted.
    pub content: Vec<Span>,
    /// Cue spans.
    pub cues: Vec<Span>,
    /// Source spans (empty when the attribution has no source).
    pub sources: Vec<Span>,
}

/// The attributions of one annotation file, and what could not be read.
#[derive(Debug, Clone, Default)]
pub struct Annotations {
    /// Attributions in file order.
    pub attributions: Vec<Attribution>,
    /// Lines or references that were skipped, with the reason.
    pub warnings: Vec<String>,
}

#[derive(Default)]
struct Relation {
    content: Vec<String>,
    cues: Vec<String>,
    sources: Vec<String>,
}

/// Parses an annotation file `ann` for the article `text`. Malformed lines never fail the
/// parse: they are skipped and listed in [`Annotations::warnings`].
pub fn parse(text: &str, ann: &str) -> Annotations {
    let mut spans: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    let mut relations: Vec<Relation> = Vec::new();
    let mut warnings = Vec::new();
    for line in ann.lines() {
        let mut fields = line.split('\t');
        let (Some(id), Some(body)) = (fields.next(), fields.next()) else {
            continue;
        };
        if id.starts_with('T') {
            let Some((_, offsets)) = body.split_once(' ') else {
                continue;
            };
            let frags: Option<Vec<(usize, usize)>> = offsets
                .split(';')
                .map(|f| {
                    let (a, b) = f.trim().split_once(' ')?;
                    Some((a.parse().ok()?, b.parse().ok()?))
                })
                .collect();
            match frags {
                Some(f) => {
                    spans.insert(id.to_string(), f);
                }
                None => warnings.push(format!("bad span line {line:?}")),
            }
        } else if id.starts_with('E') {
            let mut rel = Relation::default();
            // The first argument is the trigger (`Attribution:T4`).
            for arg in body.split_whitespace().skip(1) {
                let Some((role, t)) = arg.split_once(':') else {
                    continue;
                };
                match role.trim_end_matches(|c: char| c.is_ascii_digit()) {
                    "Content" => rel.content.push(t.to_string()),
                    "Cue" => rel.cues.push(t.to_string()),
                    "Source" => rel.sources.push(t.to_string()),
                    _ => warnings.push(format!("{id}: unknown role {arg}")),
                }
            }
            relations.push(rel);
        }
    }
    let mut c2b: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    c2b.push(text.len());
    let resolve = |ids: &[String], warnings: &mut Vec<String>| -> Vec<Span> {
        let mut out = Vec::new();
        for id in ids {
            let Some(frags) = spans.get(id) else {
                warnings.push(format!("relation points to missing span {id}"));
                continue;
            };
            for &(a, b) in frags {
                if a > b || b >= c2b.len() {
                    warnings.push(format!("span {id} ({a}, {b}) is outside the text"));
                }
                let a = c2b[a.min(c2b.len() - 1)];
                let b = c2b[b.min(c2b.len() - 1)];
                out.push(Span::new(a.min(b), b));
            }
        }
        out.sort();
        out
    };
    let attributions = relations
        .iter()
        .map(|rel| Attribution {
            content: resolve(&rel.content, &mut warnings),
            cues: resolve(&rel.cues, &mut warnings),
            sources: resolve(&rel.sources, &mut warnings),
        })
        .collect();
    Annotations {
        attributions,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fragments_and_char_offsets() {
        let text = "“Москва,” said Roll, “is far.”";
        let ann = "T1\tSource 15 19\tRoll\nT2\tCue 10 14\tsaid\nT3\tContent 0 9;21 30\t…\n\
                   T4\tAttribution 10 14\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n\
                   E2\tAttribution:T4 Content:T9\nbad line\n";
        let a = parse(text, ann);
        assert_eq!(a.attributions.len(), 2);
        let g = &a.attributions[0];
        assert_eq!(&text[g.sources[0]], "Roll");
        assert_eq!(&text[g.cues[0]], "said");
        assert_eq!(&text[g.content[0]], "“Москва,”");
        assert_eq!(&text[g.content[1]], "“is far.”");
        assert!(a.warnings.iter().any(|w| w.contains("T9")));
    }
}
