//! Word tokens with byte spans.
//!
//! Text is cut at whitespace into chunks; each chunk sheds leading and trailing punctuation
//! (a period stays on a known abbreviation such as `U.S.` or `Mr.`), then splits off
//! possessives and contractions (`Roll’s` → `Roll` `’s`, `don't` → `do` `n't`) and any hard
//! punctuation inside (`word—word`). Hyphenated words, decimals (`4.5`, `1,000`), URLs and
//! e-mail addresses stay whole. Runs of a script written without spaces (Chinese, Japanese,
//! Thai) are split by UAX #29 word boundaries from `unicode-segmentation`.

use super::lexicon;
use crate::Span;
use unicode_segmentation::UnicodeSegmentation;

/// An iterator over the token spans of a piece of text; spans are offset by the piece's base.
///
/// ```
/// use whosaid::segment::Tokens;
/// let text = "Roll’s “plan” costs $4.5 billion.";
/// let toks: Vec<&str> = Tokens::new(text, 0).map(|s| &text[s]).collect();
/// assert_eq!(toks, ["Roll", "’s", "“", "plan", "”", "costs", "$", "4.5", "billion", "."]);
/// ```
#[derive(Debug, Clone)]
pub struct Tokens<'t> {
    text: &'t str,
    base: usize,
    pos: usize,
    pending: Vec<Span>,
    next_pending: usize,
}

impl<'t> Tokens<'t> {
    /// Tokens of `text`, whose first byte sits at `base` in the original document.
    pub fn new(text: &'t str, base: usize) -> Self {
        Tokens {
            text,
            base,
            pos: 0,
            pending: Vec::new(),
            next_pending: 0,
        }
    }
}

impl Iterator for Tokens<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        loop {
            if self.next_pending < self.pending.len() {
                let s = self.pending[self.next_pending];
                self.next_pending += 1;
                return Some(s);
            }
            let rest = &self.text[self.pos..];
            let skip = rest.len() - rest.trim_start().len();
            self.pos += skip;
            if self.pos >= self.text.len() {
                return None;
            }
            let rest = &self.text[self.pos..];
            let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
            self.pending.clear();
            self.next_pending = 0;
            split_chunk(&rest[..len], self.base + self.pos, &mut self.pending);
            self.pos += len;
        }
    }
}

/// Appends the tokens of `text` (offset by `base`) to `out`.
pub fn tokenize_into(text: &str, base: usize, out: &mut Vec<Span>) {
    let mut pos = 0;
    while pos < text.len() {
        let rest = &text[pos..];
        let skip = rest.len() - rest.trim_start().len();
        pos += skip;
        if pos >= text.len() {
            break;
        }
        let rest = &text[pos..];
        let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        split_chunk(&rest[..len], base + pos, out);
        pos += len;
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_url_or_email(s: &str) -> bool {
    let lower_start = |p: &str| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    if lower_start("http://") || lower_start("https://") || lower_start("www.") {
        return true;
    }
    if let Some(at) = s.find('@') {
        let (user, host) = (&s[..at], &s[at + 1..]);
        return !user.is_empty()
            && host.contains('.')
            && host.chars().next().is_some_and(char::is_alphanumeric);
    }
    false
}

fn needs_word_segmentation(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF | // Thai, Lao
        0x1000..=0x109F | // Myanmar
        0x1780..=0x17FF | // Khmer
        0x3040..=0x30FF | // Hiragana, Katakana
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Pushes one run of identical punctuation characters starting at `s`'s first char.
fn punct_run(s: &str) -> usize {
    let mut it = s.chars();
    let c = match it.next() {
        Some(c) => c,
        None => return 0,
    };
    let mut len = c.len_utf8();
    for d in it {
        if d == c {
            len += d.len_utf8();
        } else {
            break;
        }
    }
    len
}

/// Contractions and possessives written apart from their word ("Burma 's", "do n't", as in
/// tokenized corpora): one token each, not a quotation mark and a letter.
const LONE_CLITICS: &[&str] = &[
    "'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m", "n't", "n’t",
];

fn split_chunk(chunk: &str, base: usize, out: &mut Vec<Span>) {
    if chunk.len() <= 5 && LONE_CLITICS.iter().any(|c| c.eq_ignore_ascii_case(chunk)) {
        out.push(Span::new(base, base + chunk.len()));
        return;
    }
    let mut start = 0usize;
    let mut end = chunk.len();
    // Leading punctuation.
    while start < end {
        let c = chunk[start..end].chars().next().unwrap_or('a');
        if c.is_alphanumeric() {
            break;
        }
        let next = chunk[start + c.len_utf8()..end].chars().next();
        if (c == '-' || c == '+') && next.is_some_and(|n| n.is_ascii_digit()) && start == 0 {
            break;
        }
        let n = punct_run(&chunk[start..end]);
        out.push(Span::new(base + start, base + start + n));
        start += n;
    }
    if start >= end {
        return;
    }
    // Trailing punctuation, collected in reverse.
    let mark = out.len();
    let url = is_url_or_email(&chunk[start..end]);
    while end > start {
        let c = chunk[start..end].chars().next_back().unwrap_or('a');
        if c.is_alphanumeric() || (url && c == '/') {
            break;
        }
        if c == '.' {
            let word = &chunk[start..end - 1];
            if !word.ends_with('.') && lexicon::is_abbreviation(word) {
                break;
            }
        }
        // Run of the same character, from the end.
        let mut n = c.len_utf8();
        while end - n > start && chunk[start..end - n].ends_with(c) {
            n += c.len_utf8();
        }
        out.push(Span::new(base + end - n, base + end));
        end -= n;
    }
    let trailing: Vec<Span> = out.drain(mark..).rev().collect();
    if start < end {
        if url {
            out.push(Span::new(base + start, base + end));
        } else {
            split_core(&chunk[start..end], base + start, out);
        }
    }
    out.extend(trailing);
}

/// Length of a contraction or possessive suffix at the end of `word`, if any.
fn clitic_len(word: &str) -> usize {
    let lower_ends = |suffix: &str| {
        word.len() > suffix.len() + 1
            && word.is_char_boundary(word.len() - suffix.len())
            && word[word.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
    };
    for suffix in ["n't", "n’t"] {
        if lower_ends(suffix) {
            return suffix.len();
        }
    }
    for suffix in [
        "'s", "’s", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m",
    ] {
        if lower_ends(suffix) {
            return suffix.len();
        }
    }
    0
}

fn split_core(core: &str, base: usize, out: &mut Vec<Span>) {
    let clitic = clitic_len(core);
    let word = &core[..core.len() - clitic];
    let mut piece_start = 0usize;
    let mut prev: Option<char> = None;
    let mut iter = word.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_alphanumeric() {
            prev = Some(c);
            continue;
        }
        let next = iter.peek().map(|&(_, n)| n);
        let prev_alnum = prev.is_some_and(char::is_alphanumeric);
        let next_alnum = next.is_some_and(char::is_alphanumeric);
        let connector = match c {
            '.' => prev_alnum && (next_alnum || next == Some('-') || next.is_none()),
            '-' | '‐' | '‑' => (prev_alnum || prev == Some('.') || i == 0) && next_alnum,
            ',' | ':' => {
                prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit())
            }
            '+' => (prev_alnum || i == 0) && next_alnum,
            '&' | '_' | '@' | '/' | '·' => prev_alnum && next_alnum,
            c if is_apostrophe(c) => prev_alnum && next_alnum,
            _ => false,
        };
        if connector {
            prev = Some(c);
            continue;
        }
        if piece_start < i {
            push_word(&word[piece_start..i], base + piece_start, out);
        }
        let n = punct_run(&word[i..]);
        out.push(Span::new(base + i, base + i + n));
        // Skip the rest of the run.
        let stop = i + n;
        while iter.peek().is_some_and(|&(j, _)| j < stop) {
            iter.next();
        }
        piece_start = stop;
        prev = Some(c);
    }
    if piece_start < word.len() {
        push_word(&word[piece_start..], base + piece_start, out);
    }
    if clitic > 0 {
        out.push(Span::new(base + word.len(), base + core.len()));
    }
}

fn push_word(word: &str, base: usize, out: &mut Vec<Span>) {
    if word.is_ascii() || !word.chars().any(needs_word_segmentation) {
        out.push(Span::new(base, base + word.len()));
        return;
    }
    for (i, w) in word.split_word_bound_indices() {
        if !w.trim().is_empty() {
            out.push(Span::new(base + i, base + i + w.len()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize_into(s, 0, &mut out);
        let it: Vec<Span> = Tokens::new(s, 0).collect();
        assert_eq!(it, out, "iterator and buffer forms agree");
        out.iter().map(|sp| &s[*sp]).collect()
    }

    #[test]
    fn table() {
        let cases: &[(&str, &[&str])] = &[
            ("Roll’s plan", &["Roll", "’s", "plan"]),
            ("don't can’t", &["do", "n't", "ca", "n’t"]),
            (
                "state-designated U.S.-led",
                &["state-designated", "U.S.-led"],
            ),
            ("(Mr. Fox)", &["(", "Mr.", "Fox", ")"]),
            ("in the U.S.", &["in", "the", "U.S."]),
            (
                "“Yes,” he said.",
                &["“", "Yes", ",", "”", "he", "said", "."],
            ),
            ("\"No\" 'maybe'", &["\"", "No", "\"", "'", "maybe", "'"]),
            ("$1,000.50 and 3.2%", &["$", "1,000.50", "and", "3.2", "%"]),
            (
                "see https://x.example/a_b. Or mail jane.doe@example.com.",
                &[
                    "see",
                    "https://x.example/a_b",
                    ".",
                    "Or",
                    "mail",
                    "jane.doe@example.com",
                    ".",
                ],
            ),
            ("word—word…", &["word", "—", "word", "…"]),
            (
                "players’ ’90s rock ’n’ roll",
                &["players", "’", "’", "90s", "rock", "’", "n", "’", "roll"],
            ),
            ("Москва, Zürich", &["Москва", ",", "Zürich"]),
            ("東京は大きい", &["東", "京", "は", "大", "き", "い"]),
            ("Wait...", &["Wait", "..."]),
            ("-5 degrees", &["-5", "degrees"]),
            (
                "Burma 's leader do n't 'so",
                &["Burma", "'s", "leader", "do", "n't", "'", "so"],
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(toks(input), *expected, "input: {input}");
        }
    }
}
