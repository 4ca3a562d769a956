//! The one place where the pipeline checks each stage's output before the next stage reads
//! it, so that a wrong custom stage is reported as [`Error::Contract`] naming the stage,
//! never as a panic deep inside the next one. Every check is one pass: `O(n)` in the size
//! of the output.

use crate::segment::Segmentation;
use crate::{Entity, EntityGroup, EntityKind, Error, Quote, Result, Span, Stage};

fn breach(stage: Stage, reason: String) -> Error {
    Error::Contract { stage, reason }
}

/// `span` lies inside `text`, is not inverted and starts and ends on `char` boundaries.
pub(crate) fn check_span(stage: Stage, text: &str, what: &str, span: Span) -> Result<()> {
    if span.start > span.end {
        return Err(breach(
            stage,
            format!("{what} {}..{} is inverted", span.start, span.end),
        ));
    }
    if span.end > text.len() {
        return Err(breach(
            stage,
            format!(
                "{what} {}..{} ends past the text ({} bytes)",
                span.start,
                span.end,
                text.len()
            ),
        ));
    }
    if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
        return Err(breach(
            stage,
            format!(
                "{what} {}..{} cuts a character in two",
                span.start, span.end
            ),
        ));
    }
    Ok(())
}

/// Spans in bounds, each starting at or after the previous one's end.
fn check_sorted(stage: Stage, text: &str, what: &str, spans: &[Span]) -> Result<()> {
    let mut prev_end = 0;
    for (i, &s) in spans.iter().enumerate() {
        check_span(stage, text, what, s)?;
        if s.start < prev_end {
            return Err(breach(
                stage,
                format!(
                    "{what} #{i} ({}..{}) overlaps or precedes the previous one",
                    s.start, s.end
                ),
            ));
        }
        prev_end = s.end;
    }
    Ok(())
}

/// What the segmenter returned.
pub(crate) fn segmentation(text: &str, seg: &Segmentation) -> Result<()> {
    let st = Stage::Segmenter;
    check_sorted(st, text, "paragraph", &seg.paragraphs)?;
    check_sorted(st, text, "token", &seg.tokens)?;
    let mut prev_end = 0;
    let mut next_token = 0;
    for (i, s) in seg.sentences.iter().enumerate() {
        check_span(st, text, "sentence", s.span)?;
        if s.span.start < prev_end {
            return Err(breach(
                st,
                format!("sentence #{i} overlaps or precedes the previous one"),
            ));
        }
        prev_end = s.span.end;
        if s.paragraph >= seg.paragraphs.len() {
            return Err(breach(
                st,
                format!(
                    "sentence #{i} is in paragraph {} of {}",
                    s.paragraph,
                    seg.paragraphs.len()
                ),
            ));
        }
        if s.first_token != next_token || s.end_token < s.first_token {
            return Err(breach(
                st,
                format!(
                    "sentence #{i} has tokens {}..{}, expected to start at token {next_token}",
                    s.first_token, s.end_token
                ),
            ));
        }
        next_token = s.end_token;
        if next_token > seg.tokens.len() {
            return Err(breach(
                st,
                format!(
                    "sentence #{i} ends at token {next_token} of {}",
                    seg.tokens.len()
                ),
            ));
        }
        if let (Some(a), Some(b)) = (
            seg.tokens.get(s.first_token),
            seg.tokens[..s.end_token].last(),
        ) {
            if s.first_token < s.end_token && !(s.span.contains(*a) && s.span.contains(*b)) {
                return Err(breach(
                    st,
                    format!("sentence #{i} does not contain its tokens"),
                ));
            }
        }
    }
    if next_token != seg.tokens.len() {
        return Err(breach(
            st,
            format!(
                "{} tokens but the sentences cover {next_token} (every token must be in a sentence)",
                seg.tokens.len()
            ),
        ));
    }
    Ok(())
}

/// What the tagger returned; fills an empty `text` from the span.
pub(crate) fn entities(text: &str, entities: &mut [Entity]) -> Result<()> {
    let st = Stage::Tagger;
    let mut prev_end = 0;
    for (i, e) in entities.iter_mut().enumerate() {
        check_span(st, text, "entity", e.span)?;
        if e.span.is_empty() {
            return Err(breach(st, format!("entity #{i} is empty")));
        }
        if e.span.start < prev_end {
            return Err(breach(
                st,
                format!("entity #{i} overlaps or precedes the previous one (entities must be in text order)"),
            ));
        }
        prev_end = e.span.end;
        let words = &text[e.span];
        if e.text.is_empty() {
            e.text = words.to_string();
        } else if e.text != words {
            return Err(breach(
                st,
                format!(
                    "entity #{i} text {:?} is not the text of its span {:?}",
                    e.text, words
                ),
            ));
        }
    }
    Ok(())
}

/// What the attributor returned.
pub(crate) fn quotes(text: &str, groups: &[EntityGroup], quotes: &[Quote]) -> Result<()> {
    let st = Stage::Attributor;
    let mut prev_start = 0;
    for (i, q) in quotes.iter().enumerate() {
        check_span(st, text, "quote content", q.content)?;
        if let Some(c) = q.cue {
            check_span(st, text, "quote cue", c)?;
        }
        if let Some(s) = q.speaker {
            check_span(st, text, "quote speaker", s)?;
        }
        if q.content.start < prev_start {
            return Err(breach(
                st,
                format!("quote #{i} is out of order (quotes must be ordered by content start)"),
            ));
        }
        prev_start = q.content.start;
        let speaker_kind_ok =
            |k: EntityKind| matches!(k, EntityKind::Person | EntityKind::Organization);
        if let Some(g) = q.speaker_group {
            let Some(group) = groups.get(g.index()) else {
                return Err(breach(
                    st,
                    format!("quote #{i} names group {g} of {}", groups.len()),
                ));
            };
            if !speaker_kind_ok(group.kind) {
                return Err(breach(
                    st,
                    format!(
                        "quote #{i} names group {g}, a {} group (a speaker is a person or an organization)",
                        group.kind
                    ),
                ));
            }
        }
        if let Some(k) = q.speaker_kind {
            if !speaker_kind_ok(k) {
                return Err(breach(
                    st,
                    format!("quote #{i} has speaker kind {k} (a person or an organization)"),
                ));
            }
        }
        if !(0.0..=1.0).contains(&q.confidence) {
            return Err(breach(
                st,
                format!(
                    "quote #{i} has confidence {} (outside [0, 1])",
                    q.confidence
                ),
            ));
        }
    }
    Ok(())
}
