//! An [`Analysis`] as Python dicts with the JSON contract's fields (see `whosaid::guide::json`):
//! the same keys, the same "left out when empty" rules, so that `json.dumps` of a result equals
//! `extract`'s output for the same text (with byte offsets).

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use whosaid::{Analysis, EntityKind, QuoteKind, Span};

fn span<'py>(py: Python<'py>, s: Span) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "start"), s.start)?;
    d.set_item(intern!(py, "end"), s.end)?;
    Ok(d)
}

fn opt_span<'py>(py: Python<'py>, s: Option<Span>) -> PyResult<Bound<'py, PyAny>> {
    match s {
        Some(s) => Ok(span(py, s)?.into_any()),
        None => Ok(py.None().into_bound(py)),
    }
}

/// A kind's JSON name, interned for the kinds known here.
/// A quote's `f32` confidence as the `f64` that its shortest decimal form (what the JSON of
/// `extract` prints) reads back as, so that Python's JSON of a result equals the crate's.
pub(crate) fn confidence(c: f32) -> f64 {
    c.to_string().parse().unwrap_or(f64::from(c))
}

fn entity_kind<'py>(py: Python<'py>, k: EntityKind) -> Bound<'py, PyString> {
    let s = match k {
        EntityKind::Person => intern!(py, "person"),
        EntityKind::Organization => intern!(py, "organization"),
        EntityKind::Country => intern!(py, "country"),
        EntityKind::Location => intern!(py, "location"),
        EntityKind::Nationality => intern!(py, "nationality"),
        EntityKind::Misc => intern!(py, "misc"),
        // A kind added by a later crate version.
        _ => return PyString::new(py, k.as_str()),
    };
    s.clone()
}

fn quote_kind<'py>(py: Python<'py>, k: QuoteKind) -> Bound<'py, PyString> {
    let s = match k {
        QuoteKind::Direct => intern!(py, "direct"),
        QuoteKind::Mixed => intern!(py, "mixed"),
        QuoteKind::Indirect => intern!(py, "indirect"),
        _ => return PyString::new(py, k.as_str()),
    };
    s.clone()
}

/// One analysis as a dict. `tokens`: include the token list (when not empty).
pub fn analysis<'py>(py: Python<'py>, a: &Analysis, tokens: bool) -> PyResult<Bound<'py, PyAny>> {
    let d = PyDict::new(py);
    let paragraphs = a
        .paragraphs
        .iter()
        .map(|&p| span(py, p))
        .collect::<PyResult<Vec<_>>>()?;
    d.set_item(intern!(py, "paragraphs"), PyList::new(py, paragraphs)?)?;

    let sentences = a
        .sentences
        .iter()
        .map(|s| {
            let o = span(py, s.span)?;
            o.set_item(intern!(py, "paragraph"), s.paragraph)?;
            o.set_item(intern!(py, "first_token"), s.first_token)?;
            o.set_item(intern!(py, "end_token"), s.end_token)?;
            Ok(o)
        })
        .collect::<PyResult<Vec<_>>>()?;
    d.set_item(intern!(py, "sentences"), PyList::new(py, sentences)?)?;

    if tokens && !a.tokens.is_empty() {
        let toks = a
            .tokens
            .iter()
            .map(|&t| span(py, t))
            .collect::<PyResult<Vec<_>>>()?;
        d.set_item(intern!(py, "tokens"), PyList::new(py, toks)?)?;
    }

    let entities = a
        .entities
        .iter()
        .map(|e| {
            let o = span(py, e.span)?;
            o.set_item(intern!(py, "text"), &e.text)?;
            o.set_item(intern!(py, "kind"), entity_kind(py, e.kind))?;
            if let Some(c) = e.country {
                o.set_item(intern!(py, "country"), c.as_str())?;
            }
            if let Some(g) = e.group {
                o.set_item(intern!(py, "group"), g.index())?;
            }
            Ok(o)
        })
        .collect::<PyResult<Vec<_>>>()?;
    d.set_item(intern!(py, "entities"), PyList::new(py, entities)?)?;

    let groups = a
        .groups
        .iter()
        .map(|g| {
            let o = PyDict::new(py);
            o.set_item(intern!(py, "id"), g.id.index())?;
            o.set_item(intern!(py, "kind"), entity_kind(py, g.kind))?;
            o.set_item(intern!(py, "name"), &g.name)?;
            if let Some(c) = g.country {
                o.set_item(intern!(py, "country"), c.as_str())?;
            }
            let mentions: Vec<usize> = g.mentions.iter().map(|m| m.index()).collect();
            o.set_item(intern!(py, "mentions"), PyList::new(py, mentions)?)?;
            Ok(o)
        })
        .collect::<PyResult<Vec<_>>>()?;
    d.set_item(intern!(py, "groups"), PyList::new(py, groups)?)?;

    let quotes = a
        .quotes
        .iter()
        .map(|q| {
            let o = PyDict::new(py);
            o.set_item(intern!(py, "kind"), quote_kind(py, q.kind))?;
            o.set_item(intern!(py, "content"), span(py, q.content)?)?;
            o.set_item(intern!(py, "cue"), opt_span(py, q.cue)?)?;
            o.set_item(intern!(py, "speaker"), opt_span(py, q.speaker)?)?;
            o.set_item(intern!(py, "speaker_name"), q.speaker_name.as_deref())?;
            if let Some(g) = q.speaker_group {
                o.set_item(intern!(py, "speaker_group"), g.index())?;
            }
            o.set_item(
                intern!(py, "speaker_kind"),
                q.speaker_kind.map(|k| entity_kind(py, k)),
            )?;
            o.set_item(intern!(py, "confidence"), confidence(q.confidence))?;
            o.set_item(intern!(py, "text"), &q.text)?;
            if let Some(t) = &q.speaker_text {
                o.set_item(intern!(py, "speaker_text"), t)?;
            }
            Ok(o)
        })
        .collect::<PyResult<Vec<_>>>()?;
    d.set_item(intern!(py, "quotes"), PyList::new(py, quotes)?)?;
    Ok(d.into_any())
}

/// A failed document in a batch: `{"error": message, "index": i}`.
pub fn error<'py>(py: Python<'py>, index: usize, message: &str) -> PyResult<Bound<'py, PyAny>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "error"), message)?;
    d.set_item(intern!(py, "index"), index)?;
    Ok(d.into_any())
}
