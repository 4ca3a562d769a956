//! Adversarial text families for the scaling checks (`examples/scaling.rs`), the adversarial
//! bench (`benches/adversarial.rs`) and the bounded fuzzer (`examples/fuzz_smoke.rs`).
//!
//! [`family`] makes about `bytes` bytes of one family, deterministically (a small linear
//! congruential generator, the same text on every run and machine), cut on a `char`
//! boundary. The `news` families read real news from `$WHOSAID_NEWS_DIR`, else
//! `$WHOSAID_DATA/polnear/train/text` (`WHOSAID_DATA` defaults to `../shared/data`); when that
//! is absent they fall back to sentences composed here, and [`news_source`] says which.
//!
//! Include it with `#[path = "…/examples/common/adversarial.rs"] mod adversarial;`.

// Each includer uses a different part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Every family, baseline first.
pub const FAMILIES: &[&str] = &[
    "news",
    "news_one_paragraph",
    "quote_dense",
    "said_dense",
    "and_participles",
    "nested_marks",
    "quote_marks_only",
    "periods_only",
    "mr_repeated",
    "capitalized_words",
    "one_token",
    "mixed_scripts_emoji",
    "random_unicode",
];

/// A tiny deterministic generator (64-bit LCG, high bits out).
pub struct Lcg(u64);

impl Lcg {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Lcg(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    /// The next 32 random bits.
    pub fn next_u32(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 32) as u32
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((u64::from(self.next_u32()) * n as u64) >> 32) as usize
    }

    /// One item of `items`.
    pub fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }

    /// True with probability `1 / n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

/// Every quotation mark the segmenter and the pairer know.
pub const QUOTE_MARKS: &[&str] = &[
    "“", "”", "‘", "’", "«", "»", "„", "‹", "›", "\"", "'", "``", "''",
];

/// `text` cut to at most `bytes` bytes, on a `char` boundary.
pub fn cut(mut text: String, bytes: usize) -> String {
    if text.len() > bytes {
        let mut end = bytes;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// Appends `piece()` until `out` holds at least `bytes` bytes, then cuts it to `bytes`.
fn fill(bytes: usize, mut piece: impl FnMut(&mut String)) -> String {
    let mut out = String::with_capacity(bytes + 64);
    while out.len() < bytes {
        let before = out.len();
        piece(&mut out);
        if out.len() == before {
            break;
        }
    }
    cut(out, bytes)
}

/// The folder real news is read from.
pub fn news_dir() -> PathBuf {
    if let Ok(d) = std::env::var("WHOSAID_NEWS_DIR") {
        return PathBuf::from(d);
    }
    let data = std::env::var("WHOSAID_DATA").unwrap_or_else(|_| "../shared/data".to_string());
    Path::new(&data).join("polnear/train/text")
}

/// The `.txt` articles of [`news_dir`], sorted by name (empty when the folder is absent).
fn news_articles() -> &'static [String] {
    static ARTICLES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    ARTICLES.get_or_init(|| {
        let mut files: Vec<PathBuf> = match std::fs::read_dir(news_dir()) {
            Ok(rd) => rd
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect(),
            Err(_) => Vec::new(),
        };
        files.sort();
        files
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect()
    })
}

/// Where the `news` families come from: the folder, or `composed` when it is absent.
pub fn news_source() -> String {
    if news_articles().is_empty() {
        "composed (no news found)".to_string()
    } else {
        format!(
            "{} ({} articles)",
            news_dir().display(),
            news_articles().len()
        )
    }
}

const FIRST: &[&str] = &[
    "Madis", "Kaja", "Anna", "Peter", "Laura", "Omar", "Ines", "Tomas", "Mari", "John",
];
const LAST: &[&str] = &[
    "Roll",
    "Tamm",
    "Smith",
    "Okafor",
    "Lindqvist",
    "Varga",
    "Moreau",
    "Ilves",
    "Novak",
];
const ORGS: &[&str] = &[
    "the ministry",
    "the city council",
    "Baltic Freight Ltd",
    "the central bank",
    "the union",
    "the European Commission",
];
const PLACES: &[&str] = &[
    "Tallinn", "Riga", "Vilnius", "Brussels", "Estonia", "Finland",
];
const SAYINGS: &[&str] = &[
    "We will go",
    "The talks are over",
    "Nobody expected this",
    "It is too early to tell",
    "We are ready",
    "The budget will not pass in this form",
    "Prices rose again in March",
];
const TOPICS: &[&str] = &[
    "the new port",
    "the budget",
    "the rail link",
    "winter heating prices",
    "the transfer",
    "the hospital plan",
];

fn name(r: &mut Lcg) -> String {
    let title = ["", "", "Mr. ", "Ms. ", "Dr. "][r.below(5)];
    format!("{title}{} {}", r.pick(FIRST), r.pick(LAST))
}

/// One sentence of news-like text composed from the lists above (the fallback for `news`).
fn composed_sentence(r: &mut Lcg, out: &mut String) {
    let n = name(r);
    let s = r.pick(SAYINGS);
    let t = r.pick(TOPICS);
    let o = r.pick(ORGS);
    let p = r.pick(PLACES);
    let sentence = match r.below(7) {
        0 => format!("“{s},” said {n}, who leads {o} in {p}."),
        1 => format!("{n} told reporters in {p} that {t} would be delayed until Jan. 12."),
        2 => format!("According to {o}, {t} will cost 4.5 million euros."),
        3 => format!("“{s}. {s},” {n} added. “We will see.”"),
        4 => format!("The U.S. embassy in {p} declined to comment on {t}."),
        5 => format!("{n} says {o} has “no plan” for {t}."),
        _ => format!("On Monday, {o} met in {p} to discuss {t}."),
    };
    out.push_str(&sentence);
}

fn composed_news(bytes: usize, paragraph_break: &str) -> String {
    let mut r = Lcg::new(7);
    fill(bytes, |out| {
        for i in 0..1 + r.below(3) {
            if i > 0 {
                out.push(' ');
            }
            composed_sentence(&mut r, out);
        }
        out.push_str(paragraph_break);
    })
}

/// Real news, article after article (cycling), joined by `sep`; with `one_paragraph`, blank
/// lines inside articles are dropped so that every line break is a single newline.
fn real_news(bytes: usize, one_paragraph: bool) -> String {
    let articles = news_articles();
    if articles.is_empty() {
        return composed_news(bytes, if one_paragraph { "\n" } else { "\n\n" });
    }
    let mut i = 0;
    fill(bytes, |out| {
        if !out.is_empty() {
            out.push_str(if one_paragraph { "\n" } else { "\n\n" });
        }
        let a = &articles[i % articles.len()];
        i += 1;
        if one_paragraph {
            let lines: Vec<&str> = a.lines().filter(|l| !l.trim().is_empty()).collect();
            out.push_str(&lines.join("\n"));
        } else {
            out.push_str(a);
        }
    })
}

fn quote_dense(bytes: usize) -> String {
    let mut r = Lcg::new(11);
    fill(bytes, |out| {
        let n = name(&mut r);
        let s = r.pick(SAYINGS);
        let cue = r.pick(&["said", "told reporters", "added", "says", "said on Monday"]);
        let piece = match r.below(6) {
            0 => format!("“{s},” {cue} {n}. "),
            1 => format!("“{s},” {n} {cue}. "),
            2 => format!("{n} said: “{s}.” "),
            3 => format!("«{s}», {cue} {n}. "),
            4 => format!("\"{s},\" {n} {cue}. "),
            _ => format!("According to {n}, “{s}.” "),
        };
        out.push_str(&piece);
        if r.one_in(8) {
            out.push('\n');
        }
    })
}

/// One sentence with a named subject and then participle cues joined by "and": each looks
/// back for the participle it continues (`…, calling it … and urging …`).
fn and_participles(bytes: usize) -> String {
    let mut text = String::from("Jaan Kask left the room");
    text.push_str(&repeated(bytes.saturating_sub(text.len()), " and urging"));
    cut(text, bytes)
}

fn repeated(bytes: usize, unit: &str) -> String {
    fill(bytes, |out| out.push_str(unit))
}

fn quote_marks_only(bytes: usize) -> String {
    let mut r = Lcg::new(13);
    fill(bytes, |out| {
        out.push_str(r.pick(QUOTE_MARKS));
        if r.one_in(2) {
            out.push(' ');
        }
    })
}

/// Capitalized made-up words of 3–12 letters, one space apart.
fn capitalized_words(bytes: usize) -> String {
    const SYL: &[&str] = &[
        "ka", "ro", "ta", "mi", "len", "vo", "sa", "dri", "ne", "hal", "or", "ju",
    ];
    let mut r = Lcg::new(17);
    fill(bytes, |out| {
        let mut w = String::new();
        for _ in 0..1 + r.below(4) {
            w.push_str(r.pick(SYL));
        }
        let mut c = w.chars();
        if let Some(f) = c.next() {
            out.extend(f.to_uppercase());
            out.push_str(c.as_str());
        }
        out.push(' ');
    })
}

/// One token of letters and digits, no space.
fn one_token(bytes: usize) -> String {
    let mut r = Lcg::new(19);
    const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    fill(bytes, |out| {
        out.push(char::from(ALNUM[r.below(ALNUM.len())]))
    })
}

fn mixed_scripts_emoji(bytes: usize) -> String {
    const WORDS: &[&str] = &[
        "Москва",
        "сказал",
        "Αθήνα",
        "είπε",
        "القاهرة",
        "قال",
        "東京",
        "言った",
        "北京",
        "नई",
        "दिल्ली",
        "Tallinn",
        "Łódź",
        "Ærø",
        "said",
        "😀",
        "👩‍👩‍👧",
        "👍🏽",
        "🇪🇪",
        "❤️",
        "e\u{301}",
        "\u{200d}",
        "ﬁ",
        "“",
        "”",
        "«",
        "»",
        "—",
        "…",
    ];
    let mut r = Lcg::new(23);
    fill(bytes, |out| {
        out.push_str(r.pick(WORDS));
        match r.below(12) {
            0 => out.push_str(". "),
            1 => out.push('\n'),
            2 => {}
            _ => out.push(' '),
        }
    })
}

/// Random printable characters from all planes (1- to 4-byte UTF-8), with some spaces and
/// line breaks.
fn random_unicode(bytes: usize) -> String {
    let mut r = Lcg::new(29);
    fill(bytes, |out| {
        let c = match r.below(10) {
            0 => ' ',
            1 if r.one_in(4) => '\n',
            2..=4 => char::from(0x21 + r.below(0x5e) as u8),
            5..=7 => char::from_u32(0xa0 + r.below(0x2000 - 0xa0) as u32).unwrap_or('?'),
            8 => char::from_u32(0x2000 + r.below(0xd800 - 0x2000) as u32).unwrap_or('?'),
            _ => char::from_u32(0x1_0000 + r.below(0x2_0000) as u32).unwrap_or('?'),
        };
        if !c.is_control() || c == '\n' {
            out.push(c);
        }
    })
}

/// About `bytes` bytes (never more) of the family `name`, or `None` for an unknown name.
pub fn family(name: &str, bytes: usize) -> Option<String> {
    Some(match name {
        "news" => real_news(bytes, false),
        "news_one_paragraph" => real_news(bytes, true),
        "quote_dense" => quote_dense(bytes),
        "said_dense" => repeated(bytes, "said "),
        "and_participles" => and_participles(bytes),
        "nested_marks" => repeated(bytes, "“‘“‘ "),
        "quote_marks_only" => quote_marks_only(bytes),
        "periods_only" => repeated(bytes, "."),
        "mr_repeated" => repeated(bytes, "Mr. "),
        "capitalized_words" => capitalized_words(bytes),
        "one_token" => one_token(bytes),
        "mixed_scripts_emoji" => mixed_scripts_emoji(bytes),
        "random_unicode" => random_unicode(bytes),
        _ => return None,
    })
}
