//! Sentence boundaries inside one line of text.
//!
//! A single pass over the bytes finds candidate terminators (`.`, `!`, `?`, `…`); each is
//! judged by what stands around it: abbreviations and initials, the next word's case,
//! ellipses, closing quotation marks followed by an attribution (`“Why?” Roll asked.`),
//! and numbered or bulleted lists. Decisions look at a few bytes on either side, so the cost
//! is linear in the text and nothing is allocated besides the output.

use super::lexicon;
use crate::{boundary, Span};
use std::collections::HashMap;

/// Bullet characters that open a list item.
const BULLETS: &[char] = &['•', '⁃', '‣', '◦', '▪', '●', '■', '►'];

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '}' | '»' | '›')
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '(' | '[' | '{' | '«' | '‹' | '„'
    )
}

fn is_quote_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '›')
}

/// A list-item marker such as `2.`, `2.)`, `2)` or `b.` at a word start.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Marker {
    start: usize,
    /// Byte of the marker's period, if it has one (never a terminator).
    period: Option<usize>,
    value: u32,
    style: u8,
}

/// Finds the list markers of a line that belong to a run of consecutive items (`1.` … `2.`).
fn list_markers(line: &str, out: &mut Vec<Marker>) {
    out.clear();
    let b = line.as_bytes();
    let mut found: Vec<Marker> = Vec::new();
    let mut prev_ws = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if prev_ws && (c.is_ascii_digit() || c.is_ascii_lowercase()) {
            let mut j = i;
            let (value, alpha) = if c.is_ascii_digit() {
                let mut v = 0u32;
                while j < b.len() && b[j].is_ascii_digit() && j - i < 3 {
                    v = v * 10 + u32::from(b[j] - b'0');
                    j += 1;
                }
                (v, false)
            } else {
                j += 1;
                (u32::from(c - b'a') + 1, true)
            };
            let (style, period, end) = if b.get(j) == Some(&b'.') && b.get(j + 1) == Some(&b')') {
                (1u8, Some(j), j + 2)
            } else if b.get(j) == Some(&b'.') {
                (2, Some(j), j + 1)
            } else if b.get(j) == Some(&b')') {
                (3, None, j + 1)
            } else {
                (0, None, j)
            };
            let followed_by_space = b.get(end).is_some_and(|&x| x == b' ' || x == b'\t');
            if style != 0 && followed_by_space && !(alpha && style == 3) {
                found.push(Marker {
                    start: i,
                    period,
                    value,
                    style: style + if alpha { 10 } else { 0 },
                });
            }
        }
        // A bullet counts as a word separator for markers ("⁃9.").
        prev_ws = c == b' ' || c == b'\t' || (c >= 0x80 && bullet_ends_at(line, i + 1));
        i += 1;
    }
    // A marker belongs to a list when the next value of its style comes later in the line,
    // or the previous value earlier: first and last positions per (style, value) decide it
    // in linear time.
    let mut first: HashMap<(u8, u32), usize> = HashMap::new();
    let mut last: HashMap<(u8, u32), usize> = HashMap::new();
    for (k, m) in found.iter().enumerate() {
        first.entry((m.style, m.value)).or_insert(k);
        last.insert((m.style, m.value), k);
    }
    for (k, m) in found.iter().enumerate() {
        let chained = last.get(&(m.style, m.value + 1)).is_some_and(|&n| n > k)
            || m.value
                .checked_sub(1)
                .and_then(|v| first.get(&(m.style, v)))
                .is_some_and(|&p| p < k);
        if chained {
            out.push(*m);
        }
    }
}

/// True when a bullet character ends exactly at byte `end`.
fn bullet_ends_at(line: &str, end: usize) -> bool {
    line.get(..end)
        .and_then(|s| s.chars().next_back())
        .is_some_and(|c| BULLETS.contains(&c))
}

/// The word that ends at byte `end` (exclusive), without leading openers.
fn word_before(line: &str, end: usize) -> &str {
    let head = boundary::head(line, end);
    let start = head
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    head[start..].trim_start_matches(is_opener)
}

/// The word that starts at byte `start`: letters, digits, and inner `.`/`’`/`-`.
fn word_at(line: &str, start: usize) -> &str {
    let tail = boundary::tail(line, start);
    let end = tail
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '’'))
        .map_or(tail.len(), |(i, _)| i);
    &tail[..end]
}

/// After a closing quotation mark: do a few capitalised words and a speech verb follow?
fn attribution_follows(line: &str, start: usize) -> bool {
    let mut pos = start;
    for _ in 0..5 {
        let w = word_at(line, pos);
        if w.is_empty() {
            return false;
        }
        let w_clean = w.trim_end_matches(['\'', '’']);
        if lexicon::is_speech_verb(w_clean) {
            let after = line[pos + w.len()..].chars().next();
            return after.is_none_or(|c| matches!(c, '.' | ',' | ';' | ':' | ' ' | '!' | '?'));
        }
        if !w.chars().next().is_some_and(char::is_uppercase) && w != "the" {
            return false;
        }
        pos += w.len();
        let rest = &line[pos..];
        let skipped = rest.len() - rest.trim_start_matches([' ', ',']).len();
        if skipped == 0 {
            return false;
        }
        pos += skipped;
    }
    false
}

/// "a.m", "p.m", "A.M", "P.M" (the word before the final period).
fn is_time_of_day(word: &str) -> bool {
    matches!(word, "a.m" | "p.m" | "A.M" | "P.M")
}

/// True when the sentence so far is only a time phrase: at most one word (a preposition
/// such as "At"), then the number before the time word that starts at `time_start`.
fn time_opens_sentence(line: &str, sent_start: usize, time_start: usize) -> bool {
    let Some(before) = line.get(sent_start..time_start) else {
        return false;
    };
    let mut words = before.split_whitespace();
    let number = words.next_back();
    number.is_some_and(|n| n.chars().all(|c| c.is_ascii_digit() || c == ':')) && words.count() <= 1
}

/// A period glued to the next sentence ("the world.Today"): lower-case letters before it, a
/// capitalized word after it, and nothing of a URL, an e-mail address, a file name or an
/// abbreviation ("Mr.Smith", "U.S.Army", "example.com/News.Today", "john.Smith@x.org").
fn missing_space(line: &str, period: usize, next: usize) -> bool {
    // Cheap tests first: a capital and a lower-case letter after, two lower-case before.
    let mut tail = line[next..].chars();
    let (Some(a), Some(b)) = (tail.next(), tail.next()) else {
        return false;
    };
    let lower_last = line.as_bytes()[..period]
        .last()
        .is_some_and(u8::is_ascii_lowercase);
    if !(a.is_uppercase() && b.is_lowercase() && lower_last) {
        return false;
    }
    let before = word_before(line, period);
    let mut back = before.chars().rev();
    let lower_before =
        back.next().is_some_and(char::is_lowercase) && back.next().is_some_and(char::is_lowercase);
    if !lower_before || lexicon::is_abbreviation(before) || before.contains('.') {
        return false;
    }
    // The whole whitespace-separated token must not look like an address.
    let rest = boundary::tail(line, next);
    let token_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let token = &rest[..token_end];
    let odd = |t: &str| t.contains(['@', '/', ':', '\\', '=', '?', '#', '_']) || t.contains("www");
    !odd(before) && !odd(token)
}

/// Splits one line (or a run of lines whose breaks count as spaces) into sentence spans,
/// offset by `base`.
pub(crate) fn split_line(line: &str, base: usize, markers: &mut Vec<Marker>, out: &mut Vec<Span>) {
    let b = line.as_bytes();
    if b.is_empty() {
        return;
    }
    list_markers(line, markers);
    let mut marker_idx = 0;
    let mut period_idx = 0;
    let mut sent_start = 0usize;
    let push = |out: &mut Vec<Span>, s: usize, e: usize| {
        let piece = &line[s..e];
        let trimmed_start = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            let st = s + trimmed_start;
            out.push(Span::new(base + st, base + st + trimmed.len()));
        }
    };
    let mut i = 0usize;
    while i < b.len() {
        let c = b[i];
        // Forced starts: list markers and bullets.
        if marker_idx < markers.len() && markers[marker_idx].start == i {
            if i > sent_start {
                let before = &line[sent_start..i];
                let before =
                    before.trim_end_matches(|ch: char| ch.is_whitespace() || BULLETS.contains(&ch));
                if !before.trim().is_empty() {
                    // Keep a bullet that precedes the marker with the marker.
                    let cut = sent_start + before.len();
                    push(out, sent_start, cut);
                    sent_start = cut;
                }
            }
            marker_idx += 1;
        }
        if c >= 0x80 && c & 0xC0 != 0x80 {
            let ch = line[i..].chars().next().unwrap_or(' ');
            if BULLETS.contains(&ch) && i > 0 && line[..i].ends_with(char::is_whitespace) {
                if !line[sent_start..i].trim().is_empty() {
                    push(out, sent_start, i);
                    sent_start = i;
                }
                i += ch.len_utf8();
                continue;
            }
            if ch != '…' {
                i += ch.len_utf8();
                continue;
            }
        } else if c != b'.' && c != b'!' && c != b'?' {
            i += 1;
            continue;
        }
        // Markers are sorted by position: skip those whose period lies behind.
        while period_idx < markers.len() && markers[period_idx].period.is_none_or(|p| p < i) {
            period_idx += 1;
        }
        if markers.get(period_idx).is_some_and(|m| m.period == Some(i)) {
            i += 1;
            continue;
        }
        // Consume the terminator run.
        let run_start = i;
        let mut dots = 0usize;
        let mut spaced = false;
        let mut bang = false;
        let mut j = i;
        loop {
            if j < b.len() && b[j] == b'.' {
                dots += 1;
                j += 1;
            } else if j < b.len() && (b[j] == b'!' || b[j] == b'?') {
                bang = true;
                j += 1;
            } else if line[j..].starts_with('…') {
                dots += 3;
                j += '…'.len_utf8();
            } else if dots > 0
                && !bang
                && j + 1 < b.len()
                && b[j] == b' '
                && b[j + 1] == b'.'
                && (dots > 1 || line[j + 1..].starts_with(". ."))
            {
                spaced = true;
                j += 1;
            } else {
                break;
            }
        }
        let run_end = j;
        let attached = run_start > 0 && !b[run_start - 1].is_ascii_whitespace();
        // “[...]” marks an omission, never an end.
        if dots >= 3 && run_start > 0 && b[run_start - 1] == b'[' && b.get(run_end) == Some(&b']') {
            i = run_end;
            continue;
        }
        // Closing quotes and brackets stay with the sentence.
        let mut k = run_end;
        let mut quote_closed = false;
        while let Some(ch) = line[k..].chars().next() {
            if is_closer(ch) {
                quote_closed |= is_quote_closer(ch);
                k += ch.len_utf8();
            } else {
                break;
            }
        }
        if k >= b.len() {
            break;
        }
        let next_ch = line[k..].chars().next().unwrap_or(' ');
        if !next_ch.is_whitespace() {
            // "the world.Today": a sentence end that lost its space.
            if dots == 1 && !spaced && missing_space(line, run_start, k) {
                push(out, sent_start, k);
                sent_start = k;
            }
            i = k.max(i + 1);
            continue;
        }
        let mut n = k;
        while let Some(ch) = line[n..].chars().next() {
            if ch.is_whitespace() {
                n += ch.len_utf8();
            } else {
                break;
            }
        }
        if n >= b.len() {
            break;
        }
        let mut w = n;
        while let Some(ch) = line[w..].chars().next() {
            if is_opener(ch) {
                w += ch.len_utf8();
            } else {
                break;
            }
        }
        let first = line[w..].chars().next().unwrap_or(' ');
        let next_word = word_at(line, w);
        let mut is_end = if first.is_lowercase() || first.is_ascii_digit() {
            false
        } else if first == '.' {
            // A spaced ellipsis opening the next sentence is handled below.
            false
        } else {
            !matches!(first, ',' | ';' | ':' | '-' | '–' | '—' | ')' | ']' | '%')
        };
        let mut end = k;
        let mut next_start = n;
        if is_end && !bang {
            if dots == 1 {
                let prev = word_before(line, run_start);
                if lexicon::is_prefix_abbreviation(prev) {
                    is_end = false;
                } else if prev.chars().count() == 1 && prev.chars().all(char::is_uppercase) {
                    // An initial, unless it is the pronoun "I" after a lower-case word.
                    let pronoun = prev == "I" && {
                        // The word before "I": step back over "I" and one more character.
                        let i_start = boundary::prev(line, run_start);
                        let before = word_before(line, i_start).trim_end();
                        let before = if before.is_empty() {
                            word_before(line, boundary::prev(line, i_start))
                        } else {
                            before
                        };
                        before.chars().next().is_some_and(char::is_lowercase)
                    };
                    is_end = pronoun;
                } else if is_time_of_day(prev) && lexicon::is_prefix_abbreviation(next_word) {
                    // "left the bank at 6 P.M. Mr. Smith then …": a time closes the
                    // sentence before a title, unless the time opens it ("At 5 a.m. Mr.
                    // Smith went …").
                    is_end = !time_opens_sentence(line, sent_start, run_start - prev.len());
                } else if prev.chars().count() == 1 && prev.chars().all(char::is_lowercase)
                    || lexicon::is_dotted_abbreviation(prev)
                    || lexicon::is_ambiguous_abbreviation(prev)
                {
                    is_end = lexicon::is_sentence_starter(next_word);
                }
            } else if dots >= 3 {
                if attached && spaced && dots >= 4 {
                    // "compounds. . . . The": the period ends, the ellipsis opens the next.
                    let first_len = line[run_start..].chars().next().map_or(1, char::len_utf8);
                    end = run_start + first_len;
                    let rest = &line[end..];
                    next_start = end + (rest.len() - rest.trim_start().len());
                } else if next_word == "I" {
                    is_end = false;
                }
            }
        }
        if is_end && quote_closed && attribution_follows(line, w) {
            is_end = false;
        }
        if is_end {
            push(out, sent_start, end);
            sent_start = next_start;
        }
        i = k.max(i + 1);
    }
    if sent_start < b.len() {
        push(out, sent_start, b.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut m = Vec::new();
        split_line(s, 0, &mut m, &mut out);
        out.iter().map(|sp| &s[*sp]).collect()
    }

    #[test]
    fn titles_and_initials() {
        assert_eq!(
            split("Mr. Fox met Dr. J. R. R. Tolkien. He left."),
            vec!["Mr. Fox met Dr. J. R. R. Tolkien.", "He left."]
        );
    }

    #[test]
    fn quotes_with_attribution() {
        assert_eq!(
            split("“Why now?” Roll asked. “Because,” said Pevkur."),
            vec!["“Why now?” Roll asked.", "“Because,” said Pevkur."]
        );
        assert_eq!(
            split("“We are ready.” She held the map."),
            vec!["“We are ready.”", "She held the map."]
        );
    }

    #[test]
    fn lists() {
        assert_eq!(
            split("1. The first item 2. The second item"),
            vec!["1. The first item", "2. The second item"]
        );
    }
}
