//! Code shared by the corpus examples (`extract`, `annotate`): input lists, reading articles,
//! threads and the progress bar.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Expands the command line's inputs: a directory stands for the `.txt` files inside it,
/// sorted by name; anything else is kept as given. An unreadable directory is reported on
/// stderr and sets the returned flag.
pub fn expand_inputs(args: &[String]) -> (Vec<PathBuf>, bool) {
    let mut files = Vec::new();
    let mut failed = false;
    for a in args {
        let p = PathBuf::from(a);
        if !p.is_dir() {
            files.push(p);
            continue;
        }
        match std::fs::read_dir(&p) {
            Ok(rd) => {
                let mut found: Vec<PathBuf> = rd
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|f| f.extension().is_some_and(|x| x == "txt"))
                    .collect();
                found.sort();
                files.extend(found);
            }
            Err(e) => {
                eprintln!("error: cannot read directory {}: {e}", p.display());
                failed = true;
            }
        }
    }
    (files, failed)
}

/// The message for bytes that are not UTF-8, naming where they came from.
pub fn not_utf8(name: &str, e: &std::str::Utf8Error) -> String {
    format!(
        "{name} is not valid UTF-8 (first bad byte at offset {})",
        e.valid_up_to()
    )
}

/// Reads a file as UTF-8 text; the error names the file.
pub fn read_article(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| not_utf8(&path.display().to_string(), &e.utf8_error()))
}

/// Parses `--threads N` and sizes rayon's global pool (which the pipeline uses when it is
/// built without `threads`); without the option rayon takes all cores.
pub fn set_threads(n: Option<usize>) -> Result<(), String> {
    match n {
        None => Ok(()),
        Some(0) => Err("--threads must be at least 1".into()),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .map_err(|e| format!("cannot start {n} threads: {e}")),
    }
}

/// Parses a positive count given to an option.
pub fn count(option: &str, value: Option<String>) -> Result<usize, String> {
    let v = value.ok_or_else(|| format!("{option} needs a number"))?;
    match v.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("{option} needs a positive number, not {v:?}")),
    }
}

/// A progress bar on stderr: documents, bytes, MB/s and, when the total size is known, a bar
/// and the ETA. Drawn only when stderr is a terminal and not `--quiet`.
pub struct Progress {
    bar: Option<ProgressBar>,
    docs: u64,
}

impl Progress {
    /// A bar for `total_bytes` of input (`None`: unknown, as for stdin).
    pub fn new(quiet: bool, total_bytes: Option<u64>) -> Self {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress { bar: None, docs: 0 };
        }
        let (bar, template) = match total_bytes {
            Some(n) => (
                ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()),
                "{spinner} {elapsed_precise} [{wide_bar}] {percent}% {msg} \
                 {decimal_bytes}/{decimal_total_bytes} {decimal_bytes_per_sec} ETA {eta}",
            ),
            None => (
                ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
                "{spinner} {elapsed_precise} {msg} {decimal_bytes} {decimal_bytes_per_sec}",
            ),
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message("0 docs");
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        Progress {
            bar: Some(bar),
            docs: 0,
        }
    }

    /// Counts `docs` more documents read from `bytes` more bytes of input.
    pub fn advance(&mut self, docs: u64, bytes: u64) {
        self.docs += docs;
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
            bar.set_message(format!("{} docs", self.docs));
        }
    }

    /// Prints a line on stderr above the bar.
    pub fn warn(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    /// Leaves the bar's last state on screen.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish();
        }
    }
}
