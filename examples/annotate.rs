//! Writes one self-contained HTML page per article, showing what whosaid found, and an
//! `index.html` listing the articles with their speakers.
//!
//! ```text
//! cargo run --release --example annotate -- ARTICLE_OR_DIR... -o OUT_DIR
//! ```
//! Each page shows the article with its entities highlighted by kind (countries and
//! nationalities with their ISO code), each quote marked in its speaker's colour with a margin
//! note (number, kind, cue, speaker; also on hover), its cue and speaker mention, and a "who
//! said what" table. Pages have inline CSS, no script and no link to any other host; all text
//! is HTML-escaped.

mod corpus;

use corpus::Progress;
use rayon::prelude::*;
use std::fmt::Write as _;
use std::path::PathBuf;
use whosaid::{Analysis, GroupId, Pipeline, Quote, Span};

const HELP: &str = "\
annotate: an HTML page per article showing its entities and quotes, and an index

usage: annotate [OPTIONS] ARTICLE_OR_DIR... -o OUT_DIR

A directory stands for the .txt files inside it, sorted by name. For each article,
OUT_DIR/NAME.html is written (NAME: the file name without .txt; -2, -3... when names
repeat), and OUT_DIR/index.html lists the articles with their speakers. Pages are
self-contained: inline CSS, no script, nothing loaded from another host.

Options:
  -o, --out DIR   Folder for the pages (created if needed). Required.
  --threads N     Worker threads (default: all cores).
  --quiet         No progress bar and no summary line (the bar is drawn on stderr only
                  when stderr is a terminal).
  -h, --help      Print this help.

Exit status: 0 when every article was rendered; 1 when one could not be read or analyzed
(it is reported on stderr and listed as failed in the index; the others are rendered);
2 for a usage error.
";

fn usage_error(msg: &str) -> ! {
    eprintln!(
        "annotate: {msg}\nusage: annotate [OPTIONS] ARTICLE_OR_DIR... -o OUT_DIR   (see --help)"
    );
    std::process::exit(2);
}

/// Escapes text for HTML content and attribute values alike.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push_esc(&mut out, s);
    out
}

fn push_esc(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Number of distinct speaker colours (`.s0` … `.s9` in the CSS); speakers beyond reuse them.
const COLOURS: usize = 10;

const CSS: &str = "
:root{--person:#1d4ed8;--organization:#7e22ce;--country:#047857;--location:#0e7490;
--nationality:#b45309;--misc:#4b5563}
*{box-sizing:border-box}
body{margin:0;background:#fff;color:#111;font:17px/1.65 Georgia,'DejaVu Serif',serif}
main{max-width:64rem;margin:0 auto;padding:1.2rem 1.5rem 3rem}
h1,h2,.meta,table,.legend,nav{font-family:system-ui,'DejaVu Sans',sans-serif}
h1{font-size:1.45rem;line-height:1.3;margin:.2rem 0}
h2{font-size:1.1rem;margin:2rem 0 .6rem;border-bottom:1px solid #ddd}
.meta{color:#555;font-size:.85rem}
nav{font-size:.85rem;margin-bottom:.6rem}
.legend{font-size:.8rem;margin:.8rem 0 1.2rem;color:#333}
.legend>span{margin-right:.9em;white-space:nowrap}
article{margin-right:16rem}
article p{white-space:pre-wrap;margin:0 0 .9em}
.e{font-weight:600;color:var(--k);border-bottom:2px solid var(--k)}
.e-person{--k:var(--person)}.e-organization{--k:var(--organization)}
.e-country{--k:var(--country)}.e-location{--k:var(--location)}
.e-nationality{--k:var(--nationality)}.e-misc{--k:var(--misc)}
.e[data-cc]::after{content:attr(data-cc);font:700 .6em/1 system-ui,sans-serif;
vertical-align:super;margin-left:.15em;padding:.05em .25em;border-radius:.2em;
background:var(--k);color:#fff}
.q{background:var(--bg);box-shadow:0 0 0 1px var(--bd);border-radius:.15em}
.q.first::before{content:attr(data-note);float:right;clear:right;width:15rem;
margin:0 -16rem .3rem 0;padding:.15rem .4rem;font:400 .72rem/1.35 system-ui,sans-serif;
color:#222;background:var(--bg);border-left:4px solid var(--bd);white-space:normal}
.q.unattributed{box-shadow:0 0 0 1px var(--bd);outline:1px dashed #6b7280}
.cue{font-style:italic;text-decoration:underline dotted 2px;text-underline-offset:.2em}
.spk{outline:2px solid var(--bd);outline-offset:1px;border-radius:.15em}
.s0{--bg:#fef3c7;--bd:#d97706}.s1{--bg:#dbeafe;--bd:#2563eb}.s2{--bg:#dcfce7;--bd:#16a34a}
.s3{--bg:#fee2e2;--bd:#dc2626}.s4{--bg:#f3e8ff;--bd:#9333ea}.s5{--bg:#cffafe;--bd:#0891b2}
.s6{--bg:#ffedd5;--bd:#ea580c}.s7{--bg:#fce7f3;--bd:#db2777}.s8{--bg:#ecfccb;--bd:#65a30d}
.s9{--bg:#e0e7ff;--bd:#4f46e5}.unattributed{--bg:#f3f4f6;--bd:#9ca3af}
table{border-collapse:collapse;width:100%;font-size:.85rem}
th,td{border:1px solid #ddd;padding:.3rem .5rem;vertical-align:top;text-align:left}
th{background:#f7f7f7}
td ol{margin:0;padding-left:1.2rem}
.sw{display:inline-block;width:.8em;height:.8em;margin-right:.4em;border-radius:.15em;
background:var(--bg);border:2px solid var(--bd)}
.kind{color:#555;font-variant:small-caps}
.failed{color:#b91c1c}
";

/// What an element marks.
#[derive(Clone, Copy)]
enum What {
    Quote(usize),
    Speaker(usize),
    Cue(usize),
    Entity(usize),
}

impl What {
    /// Outer elements first when two marks cover the same text.
    fn rank(self) -> u8 {
        match self {
            What::Quote(_) => 0,
            What::Speaker(_) => 1,
            What::Cue(_) => 2,
            What::Entity(_) => 3,
        }
    }
}

#[derive(Clone, Copy)]
struct Mark {
    span: Span,
    what: What,
}

/// Who a quote belongs to: an entity group, a resolved name without a group, or nobody.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Who {
    Group(GroupId),
    Name(String),
}

fn who(q: &Quote) -> Option<Who> {
    match (&q.speaker_group, &q.speaker_name) {
        (Some(g), _) => Some(Who::Group(*g)),
        (None, Some(n)) => Some(Who::Name(n.clone())),
        (None, None) => None,
    }
}

/// One speaker of a page: who, its colour, its name, kind and mention count, its quotes.
struct Voice {
    who: Who,
    name: String,
    kind: String,
    mentions: Option<usize>,
    quotes: Vec<usize>,
}

/// The speakers of an article: [`Analysis::speakers`] (most quoted first), then speakers
/// resolved to a name without an entity group, in order of first quote.
fn voices(a: &Analysis) -> Vec<Voice> {
    let mut out: Vec<Voice> = a
        .speakers()
        .iter()
        .map(|s| Voice {
            who: Who::Group(s.group),
            name: s.name.to_string(),
            kind: s.kind.to_string(),
            mentions: Some(s.mentions),
            quotes: Vec::new(),
        })
        .collect();
    for (i, q) in a.quotes.iter().enumerate() {
        let Some(w) = who(q) else { continue };
        let pos = match out.iter().position(|v| v.who == w) {
            Some(p) => p,
            None => {
                // A group that `speakers` does not know (out of range) or a bare name.
                let name = match &w {
                    Who::Group(g) => a.group(*g).map_or("?", |g| g.name.as_str()),
                    Who::Name(n) => n.as_str(),
                };
                out.push(Voice {
                    name: q.speaker_name.clone().unwrap_or_else(|| name.to_string()),
                    who: w,
                    kind: "—".into(),
                    mentions: None,
                    quotes: Vec::new(),
                });
                out.len() - 1
            }
        };
        out[pos].quotes.push(i);
    }
    out
}

/// The page of one article, and its line in the index.
struct Page {
    html: String,
    title: String,
    quotes: usize,
    entities: usize,
    speakers: Vec<(String, usize)>,
    unattributed: usize,
}

/// The article's headline: its first line when it is short, else the file name.
fn title_of(text: &str, fallback: &str) -> String {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    match first {
        Some(l) if l.chars().count() <= 160 => l.to_string(),
        _ => fallback.to_string(),
    }
}

fn render_page(name: &str, text: &str, a: &Analysis) -> Page {
    let voices = voices(a);
    let mut colour: Vec<Option<usize>> = vec![None; a.quotes.len()];
    for (k, v) in voices.iter().enumerate() {
        for &q in &v.quotes {
            colour[q] = Some(k % COLOURS);
        }
    }
    let title = title_of(text, name);
    let mut h = String::with_capacity(text.len() * 4 + 8192);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{}</title><style>{CSS}</style></head><body><main>\n\
         <nav><a href=\"index.html\">← all articles</a></nav>\n<header><h1>{}</h1>\
         <div class=\"meta\">{} · {} entities in {} groups · {} quotes · {} speakers</div>\
         </header>\n",
        esc(&title),
        esc(&title),
        esc(name),
        a.entities.len(),
        a.groups.len(),
        a.quotes.len(),
        voices.len()
    );
    h.push_str("<div class=\"legend\">");
    for k in whosaid::EntityKind::ALL {
        let _ = write!(h, "<span class=\"e e-{k}\">{k}</span>");
    }
    h.push_str(
        "<span class=\"q s1\">quote, in its speaker’s colour</span>\
         <span class=\"q unattributed\">unattributed quote</span>\
         <span class=\"cue\">cue</span> <span class=\"spk s1\">speaker mention</span></div>\n",
    );
    h.push_str("<article>\n");
    render_text(&mut h, text, a, &colour);
    h.push_str("</article>\n");
    render_who_table(&mut h, text, a, &voices);
    render_entity_table(&mut h, a);
    h.push_str("</main></body></html>\n");
    Page {
        html: h,
        title,
        quotes: a.quotes.len(),
        entities: a.entities.len(),
        speakers: voices
            .iter()
            .map(|v| (v.name.clone(), v.quotes.len()))
            .collect(),
        unattributed: colour.iter().filter(|c| c.is_none()).count(),
    }
}

/// The article's paragraphs with every mark as an element. Marks may nest (a quote holds
/// entities, a mixed quote a direct one) and, in principle, cross; each paragraph is one
/// sweep over its sorted boundaries with a stack of open marks: a mark that ends inside an
/// open one closes those above it and reopens them (as further fragments), so the HTML always
/// nests. A mark spanning paragraphs is cut at each paragraph's edges.
fn render_text(h: &mut String, text: &str, a: &Analysis, colour: &[Option<usize>]) {
    let mut marks: Vec<Mark> = Vec::with_capacity(a.entities.len() + a.quotes.len() * 3);
    for (i, q) in a.quotes.iter().enumerate() {
        marks.push(Mark {
            span: q.content,
            what: What::Quote(i),
        });
        if let Some(s) = q.speaker {
            marks.push(Mark {
                span: s,
                what: What::Speaker(i),
            });
        }
        if let Some(c) = q.cue {
            marks.push(Mark {
                span: c,
                what: What::Cue(i),
            });
        }
    }
    for (i, e) in a.entities.iter().enumerate() {
        marks.push(Mark {
            span: e.span,
            what: What::Entity(i),
        });
    }
    marks.retain(|m| !m.span.is_empty() && m.span.get(text).is_some());
    marks.sort_by(|x, y| {
        (x.span.start, std::cmp::Reverse(x.span.end), x.what.rank()).cmp(&(
            y.span.start,
            std::cmp::Reverse(y.span.end),
            y.what.rank(),
        ))
    });
    let mut opened = vec![false; marks.len()]; // whether a mark's first fragment is written
    let mut next = 0; // next mark (by start) not yet seen by a paragraph
    let mut carried: Vec<usize> = Vec::new(); // marks reaching past the previous paragraph
    let mut last = 0;
    for &p in &a.paragraphs {
        if p.get(text).is_none() || p.start < last {
            continue;
        }
        last = p.end;
        let mut here: Vec<usize> = carried
            .drain(..)
            .filter(|&m| marks[m].span.end > p.start)
            .collect();
        while next < marks.len() && marks[next].span.start < p.end {
            if marks[next].span.end > p.start {
                here.push(next);
            }
            next += 1;
        }
        h.push_str("<p>");
        sweep(h, text, p, &marks, &here, &mut opened, a, colour);
        h.push_str("</p>\n");
        carried = here
            .into_iter()
            .filter(|&m| marks[m].span.end > p.end)
            .collect();
    }
}

/// Writes paragraph `p` with the marks `here` (indices into `marks`, sorted), clipped to it.
#[allow(clippy::too_many_arguments)]
fn sweep(
    h: &mut String,
    text: &str,
    p: Span,
    marks: &[Mark],
    here: &[usize],
    opened: &mut [bool],
    a: &Analysis,
    colour: &[Option<usize>],
) {
    let clip = |m: usize| {
        let s = marks[m].span;
        (s.start.max(p.start), s.end.min(p.end))
    };
    // Marks carried from the previous paragraph start here first; keep the order of `marks`
    // (outer first) among the ones starting at the same place.
    let mut starts: Vec<usize> = here.to_vec();
    starts.sort_by_key(|&m| (clip(m).0, m));
    let mut bounds: Vec<usize> = here.iter().flat_map(|&m| [clip(m).0, clip(m).1]).collect();
    bounds.push(p.end);
    bounds.sort_unstable();
    bounds.dedup();
    let mut stack: Vec<usize> = Vec::new();
    let mut pos = p.start;
    let mut s = 0;
    for b in bounds {
        push_esc(h, &text[pos..b]);
        pos = b;
        // Close the marks ending here, and reopen those above them that go on.
        if let Some(lowest) = stack.iter().position(|&m| clip(m).1 <= b) {
            let above: Vec<usize> = stack.drain(lowest..).collect();
            for _ in &above {
                h.push_str("</span>");
            }
            for m in above {
                if clip(m).1 > b {
                    open(h, text, m, marks, opened, a, colour);
                    stack.push(m);
                }
            }
        }
        while s < starts.len() && clip(starts[s]).0 == b {
            let m = starts[s];
            s += 1;
            if clip(m).1 > b {
                open(h, text, m, marks, opened, a, colour);
                stack.push(m);
            }
        }
    }
    for _ in &stack {
        h.push_str("</span>");
    }
}

/// Writes the opening tag of a mark's next fragment.
fn open(
    h: &mut String,
    text: &str,
    m: usize,
    marks: &[Mark],
    opened: &mut [bool],
    a: &Analysis,
    colour: &[Option<usize>],
) {
    let first = !opened[m];
    opened[m] = true;
    let sc = |q: usize| colour[q].map_or("unattributed".to_string(), |c| format!("s{c}"));
    match marks[m].what {
        What::Entity(i) => {
            let e = &a.entities[i];
            let group = e.group.and_then(|g| a.group(g));
            let mut tip = e.kind.to_string();
            if let Some(c) = &e.country {
                let _ = write!(tip, " {c}");
            }
            if let Some(g) = group {
                let _ = write!(tip, " · {} ({} mentions)", g.name, g.mentions.len());
            }
            let _ = write!(h, "<span class=\"e e-{}\" data-e=\"{i}\"", e.kind);
            if first {
                let _ = write!(h, " id=\"e{i}\"");
            }
            if let Some(c) = &e.country {
                let _ = write!(h, " data-cc=\"{c}\"");
            }
            let _ = write!(h, " title=\"{}\">", esc(&tip));
        }
        What::Quote(i) => {
            let q = &a.quotes[i];
            let note = quote_note(i, q, text);
            let _ = write!(
                h,
                "<span class=\"q {}{}\" data-q=\"{i}\" data-kind=\"{}\"",
                sc(i),
                if first { " first" } else { "" },
                q.kind
            );
            if first {
                let _ = write!(h, " id=\"q{i}\" data-note=\"{}\"", esc(&note));
            }
            let _ = write!(h, " title=\"{}\">", esc(&note));
        }
        What::Speaker(i) => {
            let _ = write!(
                h,
                "<span class=\"spk {}\" data-spk=\"{i}\" title=\"speaker of Q{}\">",
                sc(i),
                i + 1
            );
        }
        What::Cue(i) => {
            let _ = write!(
                h,
                "<span class=\"cue\" data-cue=\"{i}\" title=\"cue of Q{}\">",
                i + 1
            );
        }
    }
}

/// A quote's note: its number, kind, cue and speaker.
fn quote_note(i: usize, q: &Quote, text: &str) -> String {
    let mut n = format!("Q{} · {}", i + 1, q.kind);
    if let Some(cue) = q.cue.and_then(|c| c.get(text)) {
        let _ = write!(n, " · cue “{cue}”");
    }
    match (&q.speaker_name, q.speaker.and_then(|s| s.get(text))) {
        (Some(name), Some(m)) if name != m => {
            let _ = write!(n, " · {name} (as “{m}”)");
        }
        (Some(name), _) => {
            let _ = write!(n, " · {name}");
        }
        (None, Some(m)) => {
            let _ = write!(n, " · “{m}” (unresolved)");
        }
        (None, None) => n.push_str(" · unattributed"),
    }
    n
}

/// One quote as a table item: link, kind, cue and words.
fn quote_item(h: &mut String, i: usize, q: &Quote, text: &str) {
    let _ = write!(
        h,
        "<li data-item=\"{i}\"><a href=\"#q{i}\">Q{}</a> <span class=\"kind\">{}</span>",
        i + 1,
        q.kind
    );
    if let Some(cue) = q.cue.and_then(|c| c.get(text)) {
        let _ = write!(h, " · <span class=\"cue\">{}</span>", esc(cue));
    }
    if let Some(m) = q.speaker.and_then(|s| s.get(text)) {
        let _ = write!(h, " · as “{}”", esc(m));
    }
    let _ = write!(h, ": {}</li>", esc(q.content.get(text).unwrap_or("")));
}

/// The "who said what" table: each speaker with their quotes in order, kind and mention
/// count, then the unattributed quotes.
fn render_who_table(h: &mut String, text: &str, a: &Analysis, voices: &[Voice]) {
    h.push_str(
        "<section id=\"who\"><h2>Who said what</h2>\n<table><thead><tr><th>Speaker</th>\
         <th>Kind</th><th>Mentions</th><th>Quotes, in order</th></tr></thead><tbody>\n",
    );
    for (k, v) in voices.iter().enumerate() {
        let _ = write!(
            h,
            "<tr class=\"s{}\" data-speaker=\"{k}\"><td><span class=\"sw\"></span>{}</td>\
             <td>{}</td><td>{}</td><td><ol>",
            k % COLOURS,
            esc(&v.name),
            esc(&v.kind),
            v.mentions.map_or("—".to_string(), |m| m.to_string())
        );
        for &q in &v.quotes {
            quote_item(h, q, &a.quotes[q], text);
        }
        h.push_str("</ol></td></tr>\n");
    }
    let orphans: Vec<usize> = (0..a.quotes.len())
        .filter(|&i| who(&a.quotes[i]).is_none())
        .collect();
    if !orphans.is_empty() {
        h.push_str(
            "<tr class=\"unattributed\" data-speaker=\"none\"><td><span class=\"sw\"></span>\
             Unattributed</td><td>—</td><td>—</td><td><ol>",
        );
        for q in orphans {
            quote_item(h, q, &a.quotes[q], text);
        }
        h.push_str("</ol></td></tr>\n");
    }
    if a.quotes.is_empty() {
        h.push_str("<tr><td colspan=\"4\">No quotes found.</td></tr>\n");
    }
    h.push_str("</tbody></table></section>\n");
}

/// The entities, one row per group: name, kind, country code, mentions.
fn render_entity_table(h: &mut String, a: &Analysis) {
    h.push_str(
        "<section id=\"entities\"><h2>Entities</h2>\n<table><thead><tr><th>Entity</th>\
         <th>Kind</th><th>Country</th><th>Mentions</th></tr></thead><tbody>\n",
    );
    for g in &a.groups {
        let mentions: Vec<String> = g
            .mentions
            .iter()
            .filter_map(|id| a.entities.get(id.index()).map(|e| (id.index(), e)))
            .map(|(i, e)| format!("<a href=\"#e{i}\">{}</a>", esc(&e.text)))
            .collect();
        let _ = writeln!(
            h,
            "<tr><td><span class=\"e e-{}\">{}</span></td><td>{}</td><td>{}</td><td>{}: {}</td></tr>",
            g.kind,
            esc(&g.name),
            g.kind,
            g.country.as_ref().map_or("", |c| c.as_str()),
            g.mentions.len(),
            mentions.join(", ")
        );
    }
    h.push_str("</tbody></table></section>\n");
}

/// The index page: each article with its title, counts and speakers.
fn render_index(entries: &[(String, String, Result<Page, String>)]) -> String {
    let mut h = String::new();
    let ok = entries.iter().filter(|e| e.2.is_ok()).count();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>whosaid: {} articles</title><style>{CSS}</style></head><body><main>\n\
         <header><h1>{} articles</h1><div class=\"meta\">who is in each article, and who said \
         what</div></header>\n<table><thead><tr><th>Article</th><th>Quotes</th>\
         <th>Speakers (quotes)</th><th>Entities</th></tr></thead><tbody>\n",
        ok, ok
    );
    for (source, page, result) in entries {
        match result {
            Ok(p) => {
                let speakers: Vec<String> = p
                    .speakers
                    .iter()
                    .enumerate()
                    .map(|(k, (name, n))| {
                        format!(
                            "<span class=\"s{}\"><span class=\"sw\"></span>{} ({n})</span>",
                            k % COLOURS,
                            esc(name)
                        )
                    })
                    .collect();
                let mut who = speakers.join(", ");
                if p.unattributed > 0 {
                    let _ = write!(who, "; {} unattributed", p.unattributed);
                }
                let _ = writeln!(
                    h,
                    "<tr><td><a href=\"{}\" title=\"{}\">{}</a><div class=\"meta\">{}</div>\
                     </td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    esc(page),
                    esc(source),
                    esc(&p.title),
                    esc(source),
                    p.quotes,
                    who,
                    p.entities
                );
            }
            Err(e) => {
                let _ = writeln!(
                    h,
                    "<tr class=\"failed\"><td>{}</td><td colspan=\"3\">failed: {}</td></tr>",
                    esc(source),
                    esc(e)
                );
            }
        }
    }
    h.push_str("</tbody></table></main></body></html>\n");
    h
}

/// A page file name for each article: its file stem, made safe for a link, `-2`, `-3`, …
/// when stems repeat (`index` is taken).
fn page_names(files: &[PathBuf]) -> Vec<String> {
    let mut used = std::collections::HashSet::new();
    used.insert("index".to_string());
    files
        .iter()
        .map(|f| {
            let stem: String = f
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let stem = if stem.is_empty() || stem.starts_with('.') {
                format!("article{stem}")
            } else {
                stem
            };
            let mut name = stem.clone();
            let mut n = 1;
            while !used.insert(name.to_lowercase()) {
                n += 1;
                name = format!("{stem}-{n}");
            }
            format!("{name}.html")
        })
        .collect()
}

fn main() {
    let mut inputs: Vec<String> = Vec::new();
    let mut out_dir: Option<PathBuf> = None;
    let mut threads = None;
    let mut quiet = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-o" | "--out" => {
                let d = args
                    .next()
                    .unwrap_or_else(|| usage_error("-o needs a folder"));
                out_dir = Some(PathBuf::from(d));
            }
            "--threads" => {
                threads = Some(
                    corpus::count("--threads", args.next()).unwrap_or_else(|e| usage_error(&e)),
                )
            }
            "--quiet" | "-q" => quiet = true,
            "-h" | "--help" => {
                print!("{HELP}");
                std::process::exit(0);
            }
            "--" => inputs.extend(args.by_ref()),
            a if a.starts_with('-') => usage_error(&format!("unknown option {a}")),
            a => inputs.push(a.to_string()),
        }
    }
    let Some(out_dir) = out_dir else {
        usage_error("-o OUT_DIR is required")
    };
    if inputs.is_empty() {
        usage_error("no article given");
    }
    if let Err(e) = corpus::set_threads(threads) {
        usage_error(&e);
    }
    if let Err(e) = std::fs::create_dir_all(&out_dir) {
        eprintln!("error: cannot create {}: {e}", out_dir.display());
        std::process::exit(1);
    }
    let pipeline = match Pipeline::builder().build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    let (files, mut failed) = corpus::expand_inputs(&inputs);
    let names = page_names(&files);
    let total = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    let mut progress = Progress::new(quiet, Some(total));
    let mut index: Vec<(String, String, Result<Page, String>)> = Vec::with_capacity(files.len());
    let jobs: Vec<(&PathBuf, &String)> = files.iter().zip(&names).collect();
    for chunk in jobs.chunks(256) {
        let texts: Vec<Result<String, String>> = chunk
            .par_iter()
            .map(|(f, _)| corpus::read_article(f))
            .collect();
        let ok: Vec<&str> = texts.iter().filter_map(|t| t.as_deref().ok()).collect();
        let mut analyses = pipeline.try_analyze_batch(&ok).into_iter();
        let work: Vec<_> = chunk
            .iter()
            .zip(&texts)
            .map(|(job, t)| (job, t, t.is_ok().then(|| analyses.next()).flatten()))
            .collect();
        let pages: Vec<(String, String, Result<Page, String>)> = work
            .into_par_iter()
            .map(|((file, page), text, analysis)| {
                let source = file.display().to_string();
                let result = (|| {
                    let text = text.as_deref()?;
                    let a = analysis
                        .ok_or("no analysis came back")?
                        .map_err(|e| format!("{source}: {e}"))?;
                    let p = render_page(&source, text, &a);
                    std::fs::write(out_dir.join(page), &p.html).map_err(|e| {
                        format!("cannot write {}: {e}", out_dir.join(page).display())
                    })?;
                    Ok(Page {
                        html: String::new(),
                        ..p
                    })
                })();
                (source, page.to_string(), result)
            })
            .collect();
        let bytes: u64 = texts
            .iter()
            .filter_map(|t| t.as_ref().ok())
            .map(|t| t.len() as u64)
            .sum();
        for (_, _, r) in &pages {
            if let Err(e) = r {
                progress.warn(&format!("error: {e}"));
                failed = true;
            }
        }
        progress.advance(chunk.len() as u64, bytes);
        index.extend(pages);
    }
    progress.finish();
    let index_path = out_dir.join("index.html");
    if let Err(e) = std::fs::write(&index_path, render_index(&index)) {
        eprintln!("error: cannot write {}: {e}", index_path.display());
        std::process::exit(1);
    }
    if !quiet {
        let ok = index.iter().filter(|e| e.2.is_ok()).count();
        eprintln!("annotate: {ok} pages and {}", index_path.display());
    }
    if failed {
        std::process::exit(1);
    }
}

// Run by `cargo test` (`test = true` for this example in Cargo.toml): the sweep on marks
// that the built-in pipeline rarely makes (crossing, spanning paragraphs, nested quotes).
#[cfg(test)]
mod tests {
    use super::*;
    use whosaid::{Entity, EntityKind, QuoteKind};

    /// The concatenated text of each element with `data-{key}="i"`, and whether tags nest.
    fn fragments(html: &str, key: &str) -> HashMap<usize, String> {
        let mut out: HashMap<usize, String> = HashMap::new();
        let mut stack: Vec<Option<usize>> = Vec::new();
        let needle = format!("data-{key}=\"");
        let mut rest = html;
        while let Some(lt) = rest.find('<') {
            for i in stack.iter().flatten() {
                out.entry(*i).or_default().push_str(&rest[..lt]);
            }
            let gt = lt + rest[lt..].find('>').unwrap();
            let tag = &rest[lt + 1..gt];
            rest = &rest[gt + 1..];
            if tag.starts_with("/span") {
                stack.pop().expect("a </span> closes an open span");
            } else if tag.starts_with("span") {
                let id = tag.find(&needle).map(|at| {
                    let v = &tag[at + needle.len()..];
                    v[..v.find('"').unwrap()].parse().unwrap()
                });
                stack.push(id);
            }
        }
        assert!(stack.is_empty(), "every span is closed");
        out
    }

    use std::collections::HashMap;

    #[test]
    fn crossing_and_multi_paragraph_marks_nest_and_keep_their_words() {
        let text = "Ann Lee said “we stay” here.\n\n“Part one\n\npart two,” Ann said: “in “quotes” & <b>”.";
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            Span::new(i, i + s.len())
        };
        let mut a = Analysis::default();
        let cut = text.find("\n\npart").unwrap();
        a.paragraphs = vec![
            Span::new(0, 28),
            Span::new(30, cut),
            Span::new(cut + 2, text.len()),
        ];
        a.entities = vec![
            Entity::new(at("Ann Lee"), EntityKind::Person).with_text("Ann Lee"),
            // Crosses the quote's opening boundary.
            Entity::new(at("said “we"), EntityKind::Misc).with_text("said “we"),
        ];
        let two_paras = Span::new(text.find("“Part").unwrap(), text.find(" Ann said").unwrap());
        a.quotes = vec![
            Quote::new(QuoteKind::Direct, at("“we stay”")).with_cue(at("said")),
            Quote::new(QuoteKind::Direct, two_paras),
            // A mixed quote holding a direct one that starts at the same place.
            Quote::new(QuoteKind::Mixed, at("“in “quotes” & <b>”")),
            Quote::new(QuoteKind::Direct, at("“in “quotes”")),
        ];
        for q in &mut a.quotes {
            q.text = text[q.content].to_string();
        }
        let page = render_page("t.txt", text, &a);
        let body = &page.html[page.html.find("<article>").unwrap()..];
        let unescape = |s: &str| {
            s.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        };
        let ents = fragments(body.split("</article>").next().unwrap(), "e");
        let quotes = fragments(body.split("</article>").next().unwrap(), "q");
        for (i, e) in a.entities.iter().enumerate() {
            assert_eq!(unescape(&ents[&i]), e.text);
        }
        for (i, q) in a.quotes.iter().enumerate() {
            // A quote cut at paragraph edges loses only the whitespace between paragraphs.
            let want: String = q.text.replace("\n\n", "");
            assert_eq!(unescape(&quotes[&i]), want, "quote {i}");
        }
        assert!(body.contains("&lt;b&gt;") && !body.contains("<b>"));
        // One id per mark, on its first fragment.
        assert_eq!(body.matches("id=\"q1\"").count(), 1);
        assert!(body.matches("data-q=\"1\"").count() >= 2);
        assert_eq!(page.unattributed, 4);
    }

    #[test]
    fn page_names_are_safe_and_unique() {
        let files: Vec<PathBuf> = ["a/x.txt", "b/x.txt", "index.txt", "c/<é \"1\">.txt", ".txt"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(
            page_names(&files),
            [
                "x.html",
                "x-2.html",
                "index-2.html",
                "_é__1__.html",
                "article.txt.html"
            ]
        );
    }
}
