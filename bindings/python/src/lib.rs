//! `whosaid._whosaid`: the native half of the `whosaid` Python package.
//!
//! One class, `Engine`: a built [`whosaid::Pipeline`] and a rayon pool of its own. The Python
//! class `whosaid.Pipeline` wraps it (configuration, pickling, fork detection); this module does
//! the work with the GIL released and converts the results to Python dicts or Arrow batches.

mod arrow;
mod convert;
mod offsets;

use offsets::{CharTable, Offsets};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};
use rayon::prelude::*;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use whosaid::segment::Segmentation;
use whosaid::{Analysis, Pipeline};

create_exception!(
    whosaid,
    AnalysisError,
    PyException,
    "A document could not be analyzed (a stage failed, or the text is not valid Unicode)."
);

/// A document's outcome: its analysis, or why there is none.
pub(crate) type Outcome = Result<Analysis, String>;

/// A built pipeline with its own thread pool. Not meant to be used directly: see
/// `whosaid.Pipeline`.
#[pyclass(frozen, module = "whosaid._whosaid")]
struct Engine {
    pipeline: Pipeline,
    pool: rayon::ThreadPool,
    threads: usize,
    tokens: bool,
    /// The process that built the pool: a forked child has the pool's memory but not its
    /// threads, so an engine must not be used there.
    pid: u32,
}

fn parse_offsets(offsets: &str) -> PyResult<Offsets> {
    Offsets::parse(offsets).ok_or_else(|| {
        PyValueError::new_err(format!(
            "offsets must be \"char\" or \"byte\", not {offsets:?}"
        ))
    })
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// The UTF-8 text of a Python `str`; `Err` (a per-document error) for a string that is not
/// valid Unicode (lone surrogates, as `errors="surrogateescape"` decoding leaves them).
fn text_of(s: &Bound<'_, PyString>) -> Result<String, String> {
    s.to_cow()
        .map(|c| c.into_owned())
        .map_err(|e| format!("text is not valid Unicode: {e}"))
}

/// Runs the pipeline on one document, reusing `seg` and `table`, a panic in a stage caught
/// (as `Pipeline::try_analyze_batch` does), spans converted to `offsets`.
fn analyze_doc(
    pipeline: &Pipeline,
    text: &str,
    offsets: Offsets,
    seg: &mut Segmentation,
    table: &mut CharTable,
) -> Outcome {
    let run = AssertUnwindSafe(|| pipeline.try_analyze_with(text, seg));
    let mut a = match std::panic::catch_unwind(run) {
        Ok(Ok(a)) => a,
        Ok(Err(e)) => return Err(e.to_string()),
        Err(payload) => {
            // The scratch buffers may hold anything after a panic.
            *seg = Segmentation::default();
            return Err(whosaid::Error::from_panic(payload.as_ref()).to_string());
        }
    };
    if offsets == Offsets::Char {
        offsets::to_chars(text, &mut a, table)?;
    }
    Ok(a)
}

impl Engine {
    fn check_process(&self) -> PyResult<()> {
        if std::process::id() != self.pid {
            return Err(PyRuntimeError::new_err(
                "this whosaid engine was built in another process (before a fork); \
                 use whosaid.Pipeline, which rebuilds its engine in each process",
            ));
        }
        Ok(())
    }

    /// Analyzes `texts` on every thread of the pool, each taking the next document in input
    /// order, and sends `(index, outcome)` for each; stops early when the receiver is gone.
    fn stream<S: AsRef<str> + Sync>(
        &self,
        texts: &[Result<S, String>],
        offsets: Offsets,
        tx: std::sync::mpsc::Sender<(usize, Outcome)>,
    ) {
        let next = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        self.pool.scope(|s| {
            for _ in 0..self.threads {
                let tx = tx.clone();
                let (next, stop) = (&next, &stop);
                s.spawn(move |_| {
                    let (mut seg, mut table) = (Segmentation::default(), CharTable::default());
                    while !stop.load(Ordering::Relaxed) {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(text) = texts.get(i) else { break };
                        let outcome = match text {
                            Ok(t) => analyze_doc(
                                &self.pipeline,
                                t.as_ref(),
                                offsets,
                                &mut seg,
                                &mut table,
                            ),
                            Err(e) => Err(e.clone()),
                        };
                        if tx.send((i, outcome)).is_err() {
                            stop.store(true, Ordering::Relaxed);
                        }
                    }
                });
            }
        });
    }

    /// Analyzes `texts` in the engine's pool with the crate's `try_analyze_batch`, spans
    /// converted to `offsets`, in input order (an `Err` text, a per-document error already
    /// known, is passed through). The Arrow API's path: nothing to overlap with there.
    pub(crate) fn run<S: AsRef<str> + Sync>(
        &self,
        texts: &[Result<S, String>],
        offsets: Offsets,
    ) -> Vec<Outcome> {
        self.pool.install(|| {
            let ok: Vec<&str> = texts
                .iter()
                .filter_map(|t| t.as_ref().ok().map(AsRef::as_ref))
                .collect();
            let mut analyses = self.pipeline.try_analyze_batch(&ok).into_iter();
            let mut out: Vec<Outcome> = texts
                .iter()
                .map(|t| match t {
                    Ok(_) => match analyses.next() {
                        Some(Ok(a)) => Ok(a),
                        Some(Err(e)) => Err(e.to_string()),
                        None => Err("no analysis came back".into()),
                    },
                    Err(e) => Err(e.clone()),
                })
                .collect();
            if offsets == Offsets::Char {
                out.par_iter_mut().zip(texts.par_iter()).for_each_init(
                    CharTable::default,
                    |table, (r, t)| {
                        if let (Ok(a), Ok(t)) = (r.as_mut(), t.as_ref()) {
                            if let Err(e) = offsets::to_chars(t.as_ref(), a, table) {
                                *r = Err(e);
                            }
                        }
                    },
                );
            }
            out
        })
    }
}

/// Pauses Python's cyclic garbage collector while results are turned into dicts and lists,
/// and restores it when dropped. Those containers hold only strings, numbers and each other
/// (no cycles), but creating 100,000s of them would otherwise run collections that traverse
/// every tracked object, for nothing: about a tenth of a batch's time.
struct GcPause<'py> {
    gc: Option<Bound<'py, PyModule>>,
}

impl<'py> GcPause<'py> {
    fn new(py: Python<'py>) -> PyResult<Self> {
        let gc = py.import("gc")?;
        if gc.call_method0("isenabled")?.is_truthy()? {
            gc.call_method0("disable")?;
            Ok(GcPause { gc: Some(gc) })
        } else {
            Ok(GcPause { gc: None })
        }
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.gc {
            let _ = gc.call_method0("enable");
        }
    }
}

/// Reads an iterable of `str` (not a `str` itself): `TypeError` for anything else.
fn texts_of(texts: &Bound<'_, PyAny>) -> PyResult<Vec<Result<String, String>>> {
    if texts.is_instance_of::<PyString>() || texts.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(format!(
            "texts must be an iterable of str, not a single {}",
            type_name(texts)
        )));
    }
    let iter = texts.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "texts must be an iterable of str, not {}",
            type_name(texts)
        ))
    })?;
    let mut out = Vec::with_capacity(texts.len().unwrap_or(0));
    for (i, item) in iter.enumerate() {
        let item = item?;
        let s = item.cast::<PyString>().map_err(|_| {
            PyTypeError::new_err(format!("texts[{i}] must be str, not {}", type_name(&item)))
        })?;
        out.push(text_of(s));
    }
    Ok(out)
}

#[pymethods]
impl Engine {
    #[new]
    #[pyo3(signature = (threads, tokens = false))]
    fn new(threads: usize, tokens: bool) -> PyResult<Self> {
        if threads == 0 {
            return Err(PyValueError::new_err("threads must be at least 1"));
        }
        let pipeline = Pipeline::builder()
            .build()
            .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("whosaid-{i}"))
            .build()
            .map_err(|e| PyRuntimeError::new_err(format!("cannot start {threads} threads: {e}")))?;
        Ok(Engine {
            pipeline,
            pool,
            threads,
            tokens,
            pid: std::process::id(),
        })
    }

    /// Worker threads of this engine's pool.
    #[getter]
    fn threads(&self) -> usize {
        self.threads
    }

    /// Whether results include the token list.
    #[getter]
    fn tokens(&self) -> bool {
        self.tokens
    }

    /// One document, analyzed on the calling thread with the GIL released.
    #[pyo3(signature = (text, offsets = "char"))]
    fn analyze<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        offsets: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.check_process()?;
        let offsets = parse_offsets(offsets)?;
        let s = text.cast::<PyString>().map_err(|_| {
            PyTypeError::new_err(format!("text must be str, not {}", type_name(text)))
        })?;
        let text = text_of(s).map_err(AnalysisError::new_err)?;
        let pipeline = &self.pipeline;
        let outcome = py.detach(|| {
            let (mut seg, mut table) = (Segmentation::default(), CharTable::default());
            analyze_doc(pipeline, &text, offsets, &mut seg, &mut table)
        });
        match outcome {
            Ok(a) => {
                let _pause = GcPause::new(py)?;
                convert::analysis(py, &a, self.tokens)
            }
            Err(e) => Err(AnalysisError::new_err(e)),
        }
    }

    /// Many documents in parallel, in input order; a failed document is a dict
    /// `{"error": message, "index": i}` in its place.
    #[pyo3(signature = (texts, offsets = "char"))]
    fn analyze_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        offsets: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        self.check_process()?;
        let offsets = parse_offsets(offsets)?;
        let texts = texts_of(texts)?;
        let n = texts.len();
        let mut items: Vec<Bound<'py, PyAny>> = Vec::with_capacity(n);
        // The pool's threads take documents in input order from a shared counter and send each
        // result as soon as it is ready; this thread, holding the GIL, turns them into dicts in
        // input order meanwhile. So the conversion overlaps the analysis, with no barrier
        // between chunks of documents.
        std::thread::scope(|scope| -> PyResult<()> {
            let (tx, rx) = std::sync::mpsc::channel::<(usize, Outcome)>();
            let texts = &texts;
            scope.spawn(move || self.stream(texts, offsets, tx));
            let mut ready: Vec<Option<Outcome>> = Vec::new();
            ready.resize_with(n, || None);
            let mut rx = Some(rx);
            while items.len() < n {
                let Some(r) = rx.take() else { break };
                // Wait for at least one result, then take all that are there.
                let (got, r) = py.detach(move || {
                    let mut got = Vec::new();
                    if let Ok(first) = r.recv() {
                        got.push(first);
                        got.extend(r.try_iter());
                    }
                    (got, r)
                });
                if got.is_empty() {
                    break; // every sender is gone
                }
                for (i, outcome) in got {
                    ready[i] = Some(outcome);
                }
                let _pause = GcPause::new(py)?;
                while let Some(outcome) = ready.get_mut(items.len()).and_then(Option::take) {
                    let i = items.len();
                    items.push(match &outcome {
                        Ok(a) => convert::analysis(py, a, self.tokens)?,
                        Err(e) => convert::error(py, i, e)?,
                    });
                }
                drop(_pause);
                // Ctrl-C stops the batch (the workers stop at their next send).
                py.check_signals()?;
                rx = Some(r);
            }
            Ok(())
        })?;
        if items.len() != n {
            return Err(PyRuntimeError::new_err("a batch result went missing"));
        }
        PyList::new(py, items)
    }

    /// The Arrow batch API's native half: a pyarrow string array in, four pyarrow record
    /// batches out (documents, quotes, entities, errors), rows keyed by `doc`, the row's index.
    #[pyo3(signature = (texts, offsets = "char"))]
    fn analyze_arrow<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        offsets: &str,
    ) -> PyResult<Bound<'py, PyTuple>> {
        self.check_process()?;
        let offsets = parse_offsets(offsets)?;
        arrow::analyze(py, self, texts, offsets)
    }

    /// For benchmarks: the crate's own `analyze_batch` on `texts` in this engine's pool, with
    /// no conversion to Python; returns (seconds spent in `analyze_batch`, quotes found).
    fn _rust_batch(&self, py: Python<'_>, texts: &Bound<'_, PyAny>) -> PyResult<(f64, usize)> {
        self.check_process()?;
        let texts: Vec<String> = texts_of(texts)?
            .into_iter()
            .collect::<Result<_, _>>()
            .map_err(AnalysisError::new_err)?;
        Ok(py.detach(|| {
            let t0 = std::time::Instant::now();
            let out = self.pool.install(|| self.pipeline.analyze_batch(&texts));
            let secs = t0.elapsed().as_secs_f64();
            (secs, out.iter().map(|a| a.quotes.len()).sum())
        }))
    }
}

#[pymodule]
fn _whosaid(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Engine>()?;
    m.add("AnalysisError", m.py().get_type::<AnalysisError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
