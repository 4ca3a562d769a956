//! Segmentation: paragraphs, sentences and tokens, as byte spans.
//!
//! The [`Segmenter`] trait is the stage's seam; [`NewsSegmenter`] is the built-in rule-based
//! implementation tuned for news copy:
//!
//! * **paragraphs** end at blank lines;
//! * **lines** inside a paragraph (headline, subhead, byline) are separate sentences by
//!   default, except where a line break cuts a sentence (a line of 40 characters or more
//!   ends in a lower-case letter or a comma and the next starts with a lower-case letter, as
//!   in text extracted from PDFs or HTML); [`NewsSegmenter::with_line_breaks_as_spaces`] treats every single
//!   line break as a space, for hard-wrapped text;
//! * **sentences** are found by the rules in [`sentences`](self) (abbreviations, initials,
//!   decimals, ellipses, lists, URLs, quotation marks);
//! * **tokens** by [`Tokens`].
//!
//! **Cost:** linear in the text's length whatever its content: one pass over the bytes for
//! paragraphs and lines, one for sentence terminators (each judged from a few words around
//! it; list markers are chained through per-line tables, not pairwise), one for tokens.
//!
//! ```
//! use whosaid::segment::NewsSegmenter;
//! let text = "“It is done,” said Mr. Roll. He left.";
//! let seg = NewsSegmenter::default().segment(text);
//! let sents: Vec<&str> = seg.sentences.iter().map(|s| &text[s.span]).collect();
//! assert_eq!(sents, ["“It is done,” said Mr. Roll.", "He left."]);
//! ```

mod lexicon;
mod sentences;
mod tokens;

pub use tokens::{tokenize_into, Tokens};

use crate::{Sentence, Span};

/// The output of a [`Segmenter`]: reusable buffers of paragraphs, sentences and tokens.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segmentation {
    /// Paragraph spans.
    pub paragraphs: Vec<Span>,
    /// Sentences with their paragraph and token ranges.
    pub sentences: Vec<Sentence>,
    /// Token spans.
    pub tokens: Vec<Span>,
}

impl Segmentation {
    /// Empties the buffers, keeping their capacity.
    pub fn clear(&mut self) {
        self.paragraphs.clear();
        self.sentences.clear();
        self.tokens.clear();
    }
}

/// A segmentation stage.
///
/// # Contract
/// The pipeline checks what a segmenter returns (and reports a breach as
/// [`Error::Contract`](crate::Error::Contract) naming the segmenter): every span lies inside
/// the text, on `char` boundaries; paragraphs, sentences and tokens are each sorted and do
/// not overlap; a sentence's `paragraph` is an index into `paragraphs` and its token range
/// `first_token..end_token` follows the previous sentence's; every token belongs to a
/// sentence (a segmenter that fills tokens must fill sentences).
pub trait Segmenter: Send + Sync {
    /// Segments `text` into `out`, which is cleared first (reuse it in hot loops).
    fn segment_into(&self, text: &str, out: &mut Segmentation) -> crate::Result<()>;

    /// Segments `text` into a fresh [`Segmentation`].
    fn segment(&self, text: &str) -> crate::Result<Segmentation> {
        let mut out = Segmentation::default();
        self.segment_into(text, &mut out)?;
        Ok(out)
    }
}

/// The built-in rule-based segmenter for news text.
#[derive(Debug, Clone)]
pub struct NewsSegmenter {
    lines_are_sentences: bool,
}

impl Default for NewsSegmenter {
    fn default() -> Self {
        NewsSegmenter {
            lines_are_sentences: true,
        }
    }
}

impl NewsSegmenter {
    /// A segmenter that treats single line breaks inside a paragraph as spaces (for
    /// hard-wrapped text), instead of sentence boundaries.
    pub fn with_line_breaks_as_spaces() -> Self {
        NewsSegmenter {
            lines_are_sentences: false,
        }
    }

    /// Paragraph spans of `text` (trimmed, separated by blank lines).
    pub fn paragraphs<'t>(&self, text: &'t str) -> Paragraphs<'t> {
        Paragraphs { text, pos: 0 }
    }

    /// Sentence spans of `text`, lazily.
    pub fn sentences<'t>(&self, text: &'t str) -> Sentences<'t> {
        Sentences {
            text,
            lines_are_sentences: self.lines_are_sentences,
            paragraphs: self.paragraphs(text),
            buf: Vec::new(),
            markers: Vec::new(),
            next: 0,
        }
    }

    /// Appends the sentence spans of one paragraph span to `out`.
    fn paragraph_sentences(
        &self,
        text: &str,
        para: Span,
        markers: &mut Vec<sentences::Marker>,
        out: &mut Vec<Span>,
    ) {
        let p = &text[para];
        if self.lines_are_sentences {
            // Runs of lines that a line break cuts mid-sentence (text from PDFs or HTML) are
            // split as one; other lines are sentences of their own.
            let mut run_start = 0;
            let mut pos = 0;
            let mut lines = p.split('\n').peekable();
            while let Some(line) = lines.next() {
                let end = pos + line.len();
                let joins = lines
                    .peek()
                    .is_some_and(|next| breaks_mid_sentence(line, next));
                if !joins {
                    sentences::split_line(&p[run_start..end], para.start + run_start, markers, out);
                    run_start = end + 1;
                }
                pos = end + 1;
            }
        } else {
            sentences::split_line(p, para.start, markers, out);
        }
    }
}

/// True when a line break falls inside a sentence: the line is long (at least
/// [`WRAPPED_LINE`] characters, as wrapped lines are; headlines and bylines are short), ends in
/// a lower-case letter or a comma, and the next line starts with a lower-case letter
/// ("… said the\nminister on …").
fn breaks_mid_sentence(line: &str, next: &str) -> bool {
    let line = line.trim();
    let last = line.chars().next_back();
    let first = next.trim_start().chars().next();
    last.is_some_and(|c| c.is_lowercase() || c == ',')
        && first.is_some_and(char::is_lowercase)
        && line.chars().take(WRAPPED_LINE).count() == WRAPPED_LINE
}

/// The shortest line that [`breaks_mid_sentence`] takes for a wrapped one, in characters.
const WRAPPED_LINE: usize = 40;

impl NewsSegmenter {
    /// Segments `text` into a fresh [`Segmentation`] (the built-in segmenter cannot fail).
    pub fn segment(&self, text: &str) -> Segmentation {
        let mut out = Segmentation::default();
        self.segment_into(text, &mut out);
        out
    }

    /// Segments `text` into `out`, which is cleared first (reuse it in hot loops).
    pub fn segment_into(&self, text: &str, out: &mut Segmentation) {
        out.clear();
        let mut spans = Vec::new();
        let mut markers = Vec::new();
        for (pi, para) in self.paragraphs(text).enumerate() {
            out.paragraphs.push(para);
            spans.clear();
            self.paragraph_sentences(text, para, &mut markers, &mut spans);
            for &s in &spans {
                let first = out.tokens.len();
                tokenize_into(&text[s], s.start, &mut out.tokens);
                out.sentences.push(Sentence {
                    span: s,
                    paragraph: pi,
                    first_token: first,
                    end_token: out.tokens.len(),
                });
            }
        }
    }
}

impl Segmenter for NewsSegmenter {
    fn segment_into(&self, text: &str, out: &mut Segmentation) -> crate::Result<()> {
        NewsSegmenter::segment_into(self, text, out);
        Ok(())
    }
}

/// Iterator over paragraph spans; see [`NewsSegmenter::paragraphs`].
#[derive(Debug, Clone)]
pub struct Paragraphs<'t> {
    text: &'t str,
    pos: usize,
}

impl Iterator for Paragraphs<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        let text = self.text;
        let bytes = text.as_bytes();
        // Skip blank space up to the first line with content.
        let rest = &text[self.pos..];
        let start = self.pos + (rest.len() - rest.trim_start().len());
        if start >= text.len() {
            self.pos = text.len();
            return None;
        }
        // Walk lines until a blank one.
        let mut line_start = start;
        let mut end = text.len();
        loop {
            let nl = bytes[line_start..]
                .iter()
                .position(|&b| b == b'\n')
                .map(|p| line_start + p);
            match nl {
                None => break,
                Some(nl) => {
                    let next_line = nl + 1;
                    let next_end = bytes[next_line..]
                        .iter()
                        .position(|&b| b == b'\n')
                        .map_or(text.len(), |p| next_line + p);
                    if text[next_line..next_end].trim().is_empty() {
                        end = nl;
                        break;
                    }
                    line_start = next_line;
                }
            }
        }
        let para = text[start..end].trim_end();
        self.pos = end;
        Some(Span::new(start, start + para.len()))
    }
}

/// Iterator over sentence spans; see [`NewsSegmenter::sentences`].
#[derive(Debug)]
pub struct Sentences<'t> {
    text: &'t str,
    lines_are_sentences: bool,
    paragraphs: Paragraphs<'t>,
    buf: Vec<Span>,
    markers: Vec<sentences::Marker>,
    next: usize,
}

impl Iterator for Sentences<'_> {
    type Item = Span;

    fn next(&mut self) -> Option<Span> {
        while self.next >= self.buf.len() {
            let para = self.paragraphs.next()?;
            self.buf.clear();
            self.next = 0;
            let seg = NewsSegmenter {
                lines_are_sentences: self.lines_are_sentences,
            };
            seg.paragraph_sentences(self.text, para, &mut self.markers, &mut self.buf);
        }
        self.next += 1;
        Some(self.buf[self.next - 1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        NewsSegmenter::default()
            .sentences(text)
            .map(|s| &text[s])
            .collect()
    }

    #[test]
    fn paragraphs_split_at_blank_lines() {
        let text = "Headline here\nBy Jane Doe\n\n  First para.\r\nStill first.\n \t\nSecond.\n";
        let paras: Vec<&str> = NewsSegmenter::default()
            .paragraphs(text)
            .map(|s| &text[s])
            .collect();
        assert_eq!(
            paras,
            [
                "Headline here\nBy Jane Doe",
                "First para.\r\nStill first.",
                "Second."
            ]
        );
        assert_eq!(
            sents(text),
            [
                "Headline here",
                "By Jane Doe",
                "First para.",
                "Still first.",
                "Second."
            ]
        );
    }

    #[test]
    fn line_breaks_as_spaces() {
        let text = "A sentence that\nwraps here. Next one.";
        let s: Vec<&str> = NewsSegmenter::with_line_breaks_as_spaces()
            .sentences(text)
            .map(|s| &text[s])
            .collect();
        assert_eq!(s, ["A sentence that\nwraps here.", "Next one."]);
    }

    #[test]
    fn tricky_news_cases() {
        let cases: &[(&str, &[&str])] = &[
            ("“We will not back down,” said Roll. Talks resume Monday.", &[
                "“We will not back down,” said Roll.",
                "Talks resume Monday.",
            ]),
            ("It is not clear what it adds,” Pevkur said. He left.", &[
                "It is not clear what it adds,” Pevkur said.",
                "He left.",
            ]),
            ("“Is it over?” he asked. “No!” She left.", &[
                "“Is it over?” he asked.",
                "“No!”",
                "She left.",
            ]),
            ("Gen. Martin Herem and Sen. Jane Doe met on Jan. 5 at No. 10 Downing St. in London.", &[
                "Gen. Martin Herem and Sen. Jane Doe met on Jan. 5 at No. 10 Downing St. in London.",
            ]),
            ("Shares of Acme Corp. rose 3.5% to $12.40. It was a record.", &[
                "Shares of Acme Corp. rose 3.5% to $12.40.",
                "It was a record.",
            ]),
            ("Москва responded. Tallinn did not.", &["Москва responded.", "Tallinn did not."]),
            ("Contact j.doe@example.com or visit www.example.org. Thanks.", &[
                "Contact j.doe@example.com or visit www.example.org.",
                "Thanks.",
            ]),
        ];
        for (input, expected) in cases {
            assert_eq!(sents(input), *expected, "input: {input}");
        }
    }

    #[test]
    fn segmentation_links_tokens_to_sentences() {
        let text = "Roll’s plan.\n\nIt works.";
        let seg = NewsSegmenter::default().segment(text);
        assert_eq!(seg.sentences.len(), 2);
        assert_eq!(seg.sentences[1].paragraph, 1);
        let toks: Vec<&str> = seg.sentences[0]
            .tokens()
            .map(|i| &text[seg.tokens[i]])
            .collect();
        assert_eq!(toks, ["Roll", "’s", "plan", "."]);
    }
}
