//! The Arrow batch API: a string array in through the Arrow C data interface, four record
//! batches out. No Python object is made per row: texts are read from the Arrow buffers in
//! place and the results are built as Arrow columns.
//!
//! Each table's first column is `doc`, the row index of the document in the input array; the
//! Python wrapper (`whosaid.arrow`) swaps it for the caller's `id` column.

use crate::offsets::{length, Offsets};
use crate::{Engine, Outcome};
use arrow_array::builder::{Float64Builder, Int32Builder, Int64Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{make_array, Array, ArrayRef, RecordBatch};
use arrow_data::ArrayData;
use arrow_pyarrow::{FromPyArrow, ToPyArrow};
use arrow_schema::{DataType, Field, Schema};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use std::sync::Arc;

fn field(name: &str, t: DataType, nullable: bool) -> Field {
    Field::new(name, t, nullable)
}

pub fn documents_schema() -> Schema {
    Schema::new(vec![
        field("doc", DataType::Int64, false),
        field("length", DataType::Int64, false),
        field("paragraphs", DataType::Int32, false),
        field("sentences", DataType::Int32, false),
        field("entities", DataType::Int32, false),
        field("groups", DataType::Int32, false),
        field("quotes", DataType::Int32, false),
    ])
}

pub fn quotes_schema() -> Schema {
    Schema::new(vec![
        field("doc", DataType::Int64, false),
        field("quote", DataType::Int32, false),
        field("kind", DataType::Utf8, false),
        field("content_start", DataType::Int64, false),
        field("content_end", DataType::Int64, false),
        field("cue_start", DataType::Int64, true),
        field("cue_end", DataType::Int64, true),
        field("speaker_start", DataType::Int64, true),
        field("speaker_end", DataType::Int64, true),
        field("speaker_name", DataType::Utf8, true),
        field("speaker_group", DataType::Int32, true),
        field("text", DataType::Utf8, false),
        field("speaker_text", DataType::Utf8, true),
        field("confidence", DataType::Float64, true),
    ])
}

pub fn entities_schema() -> Schema {
    Schema::new(vec![
        field("doc", DataType::Int64, false),
        field("entity", DataType::Int32, false),
        field("start", DataType::Int64, false),
        field("end", DataType::Int64, false),
        field("text", DataType::Utf8, false),
        field("kind", DataType::Utf8, false),
        field("country", DataType::Utf8, true),
        field("group", DataType::Int32, true),
    ])
}

pub fn errors_schema() -> Schema {
    Schema::new(vec![
        field("doc", DataType::Int64, false),
        field("error", DataType::Utf8, false),
    ])
}

fn i64_of(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn i32_of(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// The four tables for `outcomes` (one per input row, `texts[i]` its text when not null).
pub fn tables(
    texts: &[Option<&str>],
    outcomes: &[Outcome],
    offsets: Offsets,
) -> Result<[RecordBatch; 4], arrow_schema::ArrowError> {
    let n_quotes: usize = outcomes
        .iter()
        .map(|o| o.as_ref().map_or(0, |a| a.quotes.len()))
        .sum();
    let n_entities: usize = outcomes
        .iter()
        .map(|o| o.as_ref().map_or(0, |a| a.entities.len()))
        .sum();

    let mut d_doc = Int64Builder::with_capacity(outcomes.len());
    let mut d_len = Int64Builder::with_capacity(outcomes.len());
    let mut d_par = Int32Builder::with_capacity(outcomes.len());
    let mut d_sen = Int32Builder::with_capacity(outcomes.len());
    let mut d_ent = Int32Builder::with_capacity(outcomes.len());
    let mut d_grp = Int32Builder::with_capacity(outcomes.len());
    let mut d_quo = Int32Builder::with_capacity(outcomes.len());

    let mut q_doc = Int64Builder::with_capacity(n_quotes);
    let mut q_idx = Int32Builder::with_capacity(n_quotes);
    let mut q_kind = StringBuilder::with_capacity(n_quotes, n_quotes * 8);
    let mut q_cs = Int64Builder::with_capacity(n_quotes);
    let mut q_ce = Int64Builder::with_capacity(n_quotes);
    let mut q_us = Int64Builder::with_capacity(n_quotes);
    let mut q_ue = Int64Builder::with_capacity(n_quotes);
    let mut q_ss = Int64Builder::with_capacity(n_quotes);
    let mut q_se = Int64Builder::with_capacity(n_quotes);
    let mut q_name = StringBuilder::with_capacity(n_quotes, n_quotes * 12);
    let mut q_group = Int32Builder::with_capacity(n_quotes);
    let mut q_text = StringBuilder::with_capacity(n_quotes, n_quotes * 80);
    let mut q_stext = StringBuilder::with_capacity(n_quotes, n_quotes * 12);
    let mut q_conf = Float64Builder::with_capacity(n_quotes);

    let mut e_doc = Int64Builder::with_capacity(n_entities);
    let mut e_idx = Int32Builder::with_capacity(n_entities);
    let mut e_s = Int64Builder::with_capacity(n_entities);
    let mut e_e = Int64Builder::with_capacity(n_entities);
    let mut e_text = StringBuilder::with_capacity(n_entities, n_entities * 12);
    let mut e_kind = StringBuilder::with_capacity(n_entities, n_entities * 8);
    let mut e_country = StringBuilder::with_capacity(n_entities, n_entities * 2);
    let mut e_group = Int32Builder::with_capacity(n_entities);

    let mut x_doc = Int64Builder::new();
    let mut x_msg = StringBuilder::new();

    for (row, outcome) in outcomes.iter().enumerate() {
        let doc = i64_of(row);
        let a = match outcome {
            Ok(a) => a,
            Err(e) => {
                x_doc.append_value(doc);
                x_msg.append_value(e);
                continue;
            }
        };
        d_doc.append_value(doc);
        d_len.append_value(i64_of(length(texts[row].unwrap_or(""), offsets)));
        d_par.append_value(i32_of(a.paragraphs.len()));
        d_sen.append_value(i32_of(a.sentences.len()));
        d_ent.append_value(i32_of(a.entities.len()));
        d_grp.append_value(i32_of(a.groups.len()));
        d_quo.append_value(i32_of(a.quotes.len()));
        for (i, q) in a.quotes.iter().enumerate() {
            q_doc.append_value(doc);
            q_idx.append_value(i32_of(i));
            q_kind.append_value(q.kind.as_str());
            q_cs.append_value(i64_of(q.content.start));
            q_ce.append_value(i64_of(q.content.end));
            q_us.append_option(q.cue.map(|s| i64_of(s.start)));
            q_ue.append_option(q.cue.map(|s| i64_of(s.end)));
            q_ss.append_option(q.speaker.map(|s| i64_of(s.start)));
            q_se.append_option(q.speaker.map(|s| i64_of(s.end)));
            q_name.append_option(q.speaker_name.as_deref());
            q_group.append_option(q.speaker_group.map(|g| i32_of(g.index())));
            q_text.append_value(&q.text);
            q_stext.append_option(q.speaker_text.as_deref());
            q_conf.append_value(crate::convert::confidence(q.confidence));
        }
        for (i, e) in a.entities.iter().enumerate() {
            e_doc.append_value(doc);
            e_idx.append_value(i32_of(i));
            e_s.append_value(i64_of(e.span.start));
            e_e.append_value(i64_of(e.span.end));
            e_text.append_value(&e.text);
            e_kind.append_value(e.kind.as_str());
            e_country.append_option(e.country.as_ref().map(|c| c.as_str()));
            e_group.append_option(e.group.map(|g| i32_of(g.index())));
        }
    }

    let batch = |schema: Schema, cols: Vec<ArrayRef>| RecordBatch::try_new(Arc::new(schema), cols);
    Ok([
        batch(
            documents_schema(),
            vec![
                Arc::new(d_doc.finish()),
                Arc::new(d_len.finish()),
                Arc::new(d_par.finish()),
                Arc::new(d_sen.finish()),
                Arc::new(d_ent.finish()),
                Arc::new(d_grp.finish()),
                Arc::new(d_quo.finish()),
            ],
        )?,
        batch(
            quotes_schema(),
            vec![
                Arc::new(q_doc.finish()),
                Arc::new(q_idx.finish()),
                Arc::new(q_kind.finish()),
                Arc::new(q_cs.finish()),
                Arc::new(q_ce.finish()),
                Arc::new(q_us.finish()),
                Arc::new(q_ue.finish()),
                Arc::new(q_ss.finish()),
                Arc::new(q_se.finish()),
                Arc::new(q_name.finish()),
                Arc::new(q_group.finish()),
                Arc::new(q_text.finish()),
                Arc::new(q_stext.finish()),
                Arc::new(q_conf.finish()),
            ],
        )?,
        batch(
            entities_schema(),
            vec![
                Arc::new(e_doc.finish()),
                Arc::new(e_idx.finish()),
                Arc::new(e_s.finish()),
                Arc::new(e_e.finish()),
                Arc::new(e_text.finish()),
                Arc::new(e_kind.finish()),
                Arc::new(e_country.finish()),
                Arc::new(e_group.finish()),
            ],
        )?,
        batch(
            errors_schema(),
            vec![Arc::new(x_doc.finish()), Arc::new(x_msg.finish())],
        )?,
    ])
}

/// The texts of a string array (`string`, `large_string` or `string_view`), `None` for nulls.
fn strings(array: &ArrayRef) -> PyResult<Vec<Option<&str>>> {
    Ok(match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().iter().collect(),
        DataType::LargeUtf8 => array.as_string::<i64>().iter().collect(),
        DataType::Utf8View => array.as_string_view().iter().collect(),
        t => {
            return Err(PyTypeError::new_err(format!(
                "expected an Arrow array of strings (string, large_string or string_view), not {t}"
            )))
        }
    })
}

pub fn analyze<'py>(
    py: Python<'py>,
    engine: &Engine,
    texts: &Bound<'py, PyAny>,
    offsets: Offsets,
) -> PyResult<Bound<'py, PyTuple>> {
    let data = ArrayData::from_pyarrow_bound(texts)?;
    let array = make_array(data);
    let texts = strings(&array)?;
    let tables = py.detach(|| {
        let inputs: Vec<Result<&str, String>> = texts
            .iter()
            .map(|t| t.ok_or_else(|| "text is null".to_string()))
            .collect();
        let outcomes = engine.run(&inputs, offsets);
        tables(&texts, &outcomes, offsets)
    });
    let tables = tables.map_err(|e| PyValueError::new_err(e.to_string()))?;
    let out = tables
        .iter()
        .map(|b| b.to_pyarrow(py))
        .collect::<PyResult<Vec<_>>>()?;
    PyTuple::new(py, out)
}
