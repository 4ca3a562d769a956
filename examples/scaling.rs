//! Times `Pipeline::default().analyze` on each adversarial text family at two sizes and checks
//! that time grows about linearly with the size of the input.
//!
//! ```text
//! cargo run --release --example scaling -- [--runs N] [--families a,b] [--sizes SMALL,LARGE]
//!     [--small] [--max-ratio R] [--timeout SECS] [--list]
//! ```
//!
//! For each family (see `examples/common/adversarial.rs`; `news`, the baseline, is always
//! timed) it prints the best of `--runs` runs (default 3; runs are repeated for about 0.3 s
//! when they are quicker) at 64 KB and at 1 MB, the ratio
//! 1 MB / 64 KB (16 for linear time), and the 1 MB time relative to 1 MB of real news. The
//! exit code is 1 when a family's ratio exceeds `--max-ratio` (default 40, that is 2.5×
//! linear, scaled with `--sizes`), or when a measurement ran past `--timeout` seconds
//! (default 120 per family and size, 0 for none) or crashed. The targets `ratio ≤ 20`
//! (1.25× linear) and `1 MB ≤ 3× news` are printed for information.
//! Ratios compare two sizes measured in the same run, so they hold across machines better than
//! times do. `--small` is `--sizes 4096,16384`, for a quick run of the whole table.
//!
//! Each measurement runs in a child process (this program with `--measure`), so that a run
//! that stalls can be stopped at the timeout without holding a core for the next ones.

#[path = "common/adversarial.rs"]
mod adversarial;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use whosaid::Pipeline;

fn usage() -> ! {
    eprintln!(
        "usage: scaling [--runs N] [--families a,b] [--sizes SMALL,LARGE] [--small] \
         [--max-ratio R] [--timeout SECS] [--list]\n\
         families: {}",
        adversarial::FAMILIES.join(", ")
    );
    std::process::exit(2)
}

/// The child: times `runs` analyses of one family at one size, printing `run SECONDS` after
/// each.
fn measure(name: &str, bytes: usize, runs: usize) {
    let Some(text) = adversarial::family(name, bytes) else {
        eprintln!("unknown family {name}");
        std::process::exit(2)
    };
    let pipeline = Pipeline::default();
    // First use of the lazily built tables is not part of any measurement.
    std::hint::black_box(pipeline.analyze("Warm up. “Yes,” said Mr. Roll in Tallinn."));
    let mut out = std::io::stdout();
    let started = Instant::now();
    let mut done = 0;
    // Quick runs are repeated (up to 50, for about 0.3 s) so that their minimum is not noise.
    while done < runs || (done < 50 && started.elapsed() < Duration::from_millis(300)) {
        let t = Instant::now();
        let a = pipeline.analyze(&text);
        let secs = t.elapsed().as_secs_f64();
        std::hint::black_box(a);
        writeln!(out, "run {secs}").ok();
        out.flush().ok();
        done += 1;
    }
}

/// What one family at one size gave.
#[derive(Clone, Copy)]
struct Measured {
    /// Best completed run.
    best: Option<f64>,
    /// Stopped at the timeout.
    timed_out: bool,
    /// The child failed (a panic, most likely).
    crashed: bool,
}

fn run_child(name: &str, bytes: usize, runs: usize, timeout: Option<Duration>) -> Measured {
    let exe = std::env::current_exe().expect("own path");
    let mut child = Command::new(exe)
        .args(["--measure", name, &bytes.to_string(), &runs.to_string()])
        .stdout(Stdio::piped())
        .stdin(Stdio::null())
        .spawn()
        .expect("start a measuring child");
    let stdout = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel::<f64>();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(s) = line.strip_prefix("run ").and_then(|s| s.parse().ok()) {
                if tx.send(s).is_err() {
                    break;
                }
            }
        }
    });
    let deadline = timeout.map(|t| Instant::now() + t);
    let mut best: Option<f64> = None;
    let mut timed_out = false;
    loop {
        let got = match deadline {
            Some(d) => rx.recv_timeout(d.saturating_duration_since(Instant::now())),
            None => rx.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected),
        };
        match got {
            Ok(s) => best = Some(best.map_or(s, |b: f64| b.min(s))),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                timed_out = true;
                child.kill().ok();
                break;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    let status = child.wait().expect("wait for the measuring child");
    reader.join().ok();
    Measured {
        best,
        timed_out,
        crashed: !timed_out && !status.success(),
    }
}

fn fmt_time(m: &Measured, timeout: Option<Duration>) -> String {
    match (m.best, m.crashed, m.timed_out) {
        (_, true, _) => "CRASHED".into(),
        (Some(s), _, _) if s >= 1.0 => format!("{s:.2} s"),
        (Some(s), _, _) if s >= 1e-3 => format!("{:.1} ms", s * 1e3),
        (Some(s), _, _) => format!("{:.0} µs", s * 1e6),
        (None, _, true) => format!(">{} s", timeout.map_or(0, |t| t.as_secs())),
        (None, _, _) => "-".into(),
    }
}

fn value(args: &mut impl Iterator<Item = String>) -> String {
    args.next().unwrap_or_else(|| usage())
}

fn fmt_size(bytes: usize) -> String {
    if bytes >= 1 << 20 && bytes % (1 << 20) == 0 {
        format!("{} MB", bytes >> 20)
    } else if bytes >= 1 << 10 && bytes % (1 << 10) == 0 {
        format!("{} KB", bytes >> 10)
    } else {
        format!("{bytes} B")
    }
}

fn main() {
    let mut runs = 3usize;
    let mut only: Option<Vec<String>> = None;
    let mut sizes = [64 << 10, 1 << 20];
    let mut max_ratio: Option<f64> = None;
    let mut timeout_secs = 120u64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--measure" => {
                let name = value(&mut args);
                let bytes = value(&mut args).parse().unwrap_or_else(|_| usage());
                let runs = value(&mut args).parse().unwrap_or_else(|_| usage());
                measure(&name, bytes, runs);
                return;
            }
            "--runs" => runs = value(&mut args).parse().unwrap_or_else(|_| usage()),
            "--families" => {
                only = Some(
                    value(&mut args)
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect(),
                )
            }
            "--sizes" => {
                let v: Vec<usize> = value(&mut args)
                    .split(',')
                    .map(|s| s.trim().parse().unwrap_or_else(|_| usage()))
                    .collect();
                if v.len() != 2 || v[0] == 0 || v[0] >= v[1] {
                    eprintln!("--sizes takes two sizes in bytes, smaller first");
                    usage()
                }
                sizes = [v[0], v[1]];
            }
            "--small" => sizes = [4 << 10, 16 << 10],
            "--max-ratio" => max_ratio = Some(value(&mut args).parse().unwrap_or_else(|_| usage())),
            "--timeout" => timeout_secs = value(&mut args).parse().unwrap_or_else(|_| usage()),
            "--list" => {
                for f in adversarial::FAMILIES {
                    println!("{f}");
                }
                return;
            }
            _ => usage(),
        }
    }
    if runs == 0 {
        usage()
    }
    let families: Vec<&str> = match &only {
        None => adversarial::FAMILIES.to_vec(),
        Some(names) => {
            for n in names {
                if !adversarial::FAMILIES.contains(&n.as_str()) {
                    eprintln!("unknown family {n}");
                    usage()
                }
            }
            // The baseline is always timed: the last column needs it.
            adversarial::FAMILIES
                .iter()
                .copied()
                .filter(|f| *f == "news" || names.iter().any(|n| n == f))
                .collect()
        }
    };
    let timeout = (timeout_secs > 0).then(|| Duration::from_secs(timeout_secs));
    let linear = sizes[1] as f64 / sizes[0] as f64;
    // 40 and 20 at the default sizes (a ratio of 16 is linear), scaled for other sizes.
    let max_ratio = max_ratio.unwrap_or(2.5 * linear);
    let target_ratio = 1.25 * linear;
    let (small, large) = (fmt_size(sizes[0]), fmt_size(sizes[1]));
    println!("news: {}", adversarial::news_source());
    println!(
        "best of {runs}+ run(s) of Pipeline::default().analyze; linear time gives a ratio of {linear:.0}"
    );
    println!(
        "{:<22} {:>12} {:>12} {:>9} {:>12}",
        "family",
        small,
        large,
        format!("{large}/{small}"),
        format!("vs news {large}")
    );
    let mut news_large: Option<f64> = None;
    let mut failures: Vec<String> = Vec::new();
    let mut over_target: Vec<&str> = Vec::new();
    let mut over_news: Vec<&str> = Vec::new();
    for name in families {
        let ms = run_child(name, sizes[0], runs, timeout);
        let ml = run_child(name, sizes[1], runs, timeout);
        if name == "news" {
            news_large = ml.best;
        }
        let ratio = match (ms.best, ml.best) {
            (Some(s), Some(l)) if s > 0.0 => Some(l / s),
            _ => None,
        };
        let rel = match (ml.best, news_large) {
            (Some(l), Some(n)) if n > 0.0 => Some(l / n),
            _ => None,
        };
        let ratio_s = match (ratio, ml.timed_out, ms.best) {
            (Some(r), _, _) => format!("{r:.1}"),
            (None, true, Some(s)) if s > 0.0 => {
                format!(">{:.0}", timeout_secs as f64 / s)
            }
            _ => "-".into(),
        };
        let rel_s = match (rel, ml.timed_out) {
            (Some(r), _) => format!("{r:.2}×"),
            (None, true) => "slow".into(),
            _ => "-".into(),
        };
        println!(
            "{:<22} {:>12} {:>12} {:>9} {:>12}",
            name,
            fmt_time(&ms, timeout),
            fmt_time(&ml, timeout),
            ratio_s,
            rel_s
        );
        std::io::stdout().flush().ok();
        if ms.crashed || ml.crashed {
            failures.push(format!("{name}: the measuring run crashed"));
        } else if ms.timed_out || ml.timed_out {
            failures.push(format!("{name}: a run took over {timeout_secs} s"));
        } else if let Some(r) = ratio.filter(|r| *r > max_ratio) {
            failures.push(format!("{name}: ratio {r:.1} > {max_ratio}"));
        }
        if ratio.is_none_or(|r| r > target_ratio) {
            over_target.push(name);
        }
        if rel.is_none_or(|r| r > 3.0) {
            over_news.push(name);
        }
    }
    let list = |v: &[&str]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.join(", ")
        }
    };
    println!(
        "target (informational): ratio ≤ {target_ratio:.0} — over: {}",
        list(&over_target)
    );
    println!(
        "target (informational): {large} ≤ 3× news — over: {}",
        list(&over_news)
    );
    if failures.is_empty() {
        println!("ok: every ratio ≤ {max_ratio:.0}");
    } else {
        for f in &failures {
            println!("FAIL {f}");
        }
        std::process::exit(1);
    }
}
