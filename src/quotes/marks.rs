//! Pairing quotation marks into quoted spans.
//!
//! Works on tokens (the tokenizer makes every quotation mark its own token) paragraph by
//! paragraph:
//!
//! * `“ ”`, `« »`, `„ “`, ` `` '' ` pair as openers and closers; a straight `"` opens when it
//!   stands before a word and closes when it stands after one;
//! * `‘ ’` pair only at the top level (inside double quotes they are nested quotes and part of
//!   the content) and only when the opener starts a word, so apostrophes (`players’`, `’90s`,
//!   `rock ’n’ roll`) are never openers;
//! * a quote still open at the end of a paragraph continues into the next paragraph when that
//!   one opens with a quotation mark (the newspaper convention for long quotes); otherwise it
//!   ends with its paragraph, so one stray mark never swallows the rest of the article;
//! * a closer with no opener is ignored, unless it stands where an opener would (after a
//!   space or at a paragraph's start, with a word right after it): then it is a mistyped
//!   opener (`”Fear …”`), as a mistyped closer (`…here,“ said Roll`) is a closer.

use crate::segment::Segmentation;
use crate::Span;

/// One quoted stretch inside a paragraph.
#[derive(Debug, Clone)]
pub(crate) struct Quoted {
    /// Token index of the opening mark.
    pub open: usize,
    /// Token index of the closing mark, if the quote closes in this paragraph.
    pub close: Option<usize>,
    /// Tokens inside the marks.
    pub inner: std::ops::Range<usize>,
    /// Bytes inside the marks (trimmed).
    pub content: Span,
    /// Bytes from the opening mark through the closing mark (or the last word when the
    /// quote does not close in this paragraph).
    pub outer: Span,
    /// Index (into the output) of the fragment in the previous paragraph this one continues.
    pub continues: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mark {
    OpenDouble,
    CloseDouble,
    Straight,
    OpenSingle,
    CloseSingle,
    None,
}

fn mark_of(tok: &str) -> Mark {
    match tok {
        "“" | "«" | "„" | "``" => Mark::OpenDouble,
        "”" | "»" => Mark::CloseDouble,
        // `''` opens and closes in newswire archives that use it for both.
        "\"" | "''" => Mark::Straight,
        "‘" => Mark::OpenSingle,
        "’" => Mark::CloseSingle,
        _ => Mark::None,
    }
}

/// Finds quoted stretches; `tok_para[i]` is the paragraph of token `i`.
pub(crate) fn find_quotes(text: &str, seg: &Segmentation, tok_para: &[usize]) -> Vec<Quoted> {
    let toks = &seg.tokens;
    let mut out: Vec<Quoted> = Vec::new();
    let mut i = 0;
    // (open token, kind is single?, continues)
    let mut carried: Option<usize> = None;
    let push = |out: &mut Vec<Quoted>,
                o: usize,
                close: Option<usize>,
                end_tok: usize,
                cont: Option<usize>| {
        let inner = o + 1..end_tok;
        if inner.is_empty() {
            return None;
        }
        let content = Span::new(toks[inner.start].start, toks[inner.end - 1].end);
        let outer = Span::new(toks[o].start, close.map_or(content.end, |c| toks[c].end));
        out.push(Quoted {
            open: o,
            close,
            inner,
            content,
            outer,
            continues: cont,
        });
        Some(out.len() - 1)
    };
    while i < toks.len() {
        let para = tok_para[i];
        let para_start = i;
        let mut j = i;
        while j < toks.len() && tok_para[j] == para {
            j += 1;
        }
        // Tokens i..j form this paragraph.
        let first_mark = mark_of(&text[toks[i]]);
        let continues = carried.take().filter(|_| {
            matches!(
                first_mark,
                Mark::OpenDouble | Mark::Straight | Mark::OpenSingle
            )
        });
        let mut open: Option<(usize, bool, Option<usize>)> = None;
        let mut k = para_start;
        while k < j {
            let m = mark_of(&text[toks[k]]);
            let before_space = k == 0 || text[..toks[k].start].ends_with(char::is_whitespace);
            let after_space = toks[k].end >= text.len()
                || text[toks[k].end..].starts_with(|c: char| c.is_whitespace());
            let next_is_word = k + 1 < j
                && text[toks[k + 1]]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
                && toks[k + 1].start == toks[k].end;
            match (m, open) {
                (Mark::OpenDouble, None) => {
                    open = Some((k, false, if k == para_start { continues } else { None }))
                }
                (Mark::OpenDouble, Some((o, false, c))) if !before_space && after_space => {
                    // A mistyped closer: `…here,“ said Roll`.
                    push(&mut out, o, Some(k), k, c);
                    open = None;
                }
                (Mark::OpenDouble, Some((o, false, c))) => {
                    // Unclosed quote before a new one: end it here.
                    push(&mut out, o, None, k, c);
                    open = Some((k, false, None));
                }
                (Mark::CloseDouble, None) if (before_space || k == para_start) && next_is_word => {
                    // A mistyped opener: `”Fear. I am afraid …” ― Name`.
                    open = Some((k, false, if k == para_start { continues } else { None }));
                }
                (Mark::Straight, None) if !after_space || before_space => {
                    open = Some((k, false, if k == para_start { continues } else { None }));
                }
                (Mark::CloseDouble, Some((o, false, c)))
                | (Mark::Straight, Some((o, false, c))) => {
                    push(&mut out, o, Some(k), k, c);
                    open = None;
                }
                (Mark::CloseDouble, Some((o, true, c))) => {
                    // A double closer ends a single-quoted stretch that never closed.
                    push(&mut out, o, Some(k), k, c);
                    open = None;
                }
                (Mark::OpenSingle, None) if (before_space || k == para_start) && next_is_word => {
                    open = Some((k, true, if k == para_start { continues } else { None }));
                }
                (Mark::CloseSingle, Some((o, true, c))) if !next_is_word => {
                    push(&mut out, o, Some(k), k, c);
                    open = None;
                }
                _ => {}
            }
            k += 1;
        }
        if let Some((o, _, c)) = open.take() {
            // Runs to the paragraph's end; may continue in the next paragraph.
            if let Some(idx) = push(&mut out, o, None, j, c) {
                carried = Some(idx);
            }
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::NewsSegmenter;

    fn quotes(text: &str) -> Vec<(String, bool, Option<usize>)> {
        let seg = NewsSegmenter::default().segment(text);
        let mut tok_para = vec![0; seg.tokens.len()];
        for s in &seg.sentences {
            for t in s.tokens() {
                tok_para[t] = s.paragraph;
            }
        }
        find_quotes(text, &seg, &tok_para)
            .into_iter()
            .map(|q| (text[q.content].to_string(), q.close.is_some(), q.continues))
            .collect()
    }

    #[test]
    fn pairs_curly_straight_and_nested() {
        let q = quotes("“We said ‘no’ twice,” Roll said. Then \"it ends\" here, and «ça va» too.");
        assert_eq!(q[0].0, "We said ‘no’ twice,");
        assert_eq!(q[1].0, "it ends");
        assert_eq!(q[2].0, "ça va");
        assert_eq!(q.len(), 3);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        let q = quotes("The players’ union hit the ’90s rock ’n’ roll charts, Roll’s aide said.");
        assert!(q.is_empty(), "{q:?}");
        let q = quotes("He called it ‘a farce’ on Monday.");
        assert_eq!(q[0].0, "a farce");
    }

    #[test]
    fn multi_paragraph_quotes_continue() {
        let text = "“First part of it.\n\n“Second part,” she said.\n\nNo quote here.";
        let q = quotes(text);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].0, "First part of it.");
        assert!(!q[0].1);
        assert_eq!(q[1].0, "Second part,");
        assert_eq!(q[1].2, Some(0));
    }

    #[test]
    fn unbalanced_marks_stay_local() {
        let text = "He said “this never closes.\n\nThe next paragraph is plain. “But this,” she said, “is fine.”";
        let q = quotes(text);
        assert_eq!(q[0].0, "this never closes.");
        assert_eq!(q[1].0, "But this,");
        assert_eq!(q[2].0, "is fine.");
        let q = quotes("“Mistyped closer,“ he said. A stray closer” here and “a real one” there.");
        assert_eq!(q[0].0, "Mistyped closer,");
        let q = &q[1..];
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].0, "a real one");
    }
}
