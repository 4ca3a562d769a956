//! One view of a document for the quote stage, computed once per document and read by every
//! pass (the rule patterns, speaker resolution and the learned stage).
//!
//! It holds the token table (lower-cased forms in one buffer), each token's sentence,
//! paragraph and entity mention, the quoted stretches and which tokens they cover, and the
//! per-document indexes that keep every look-around `O(1)` or bounded: word-count prefix
//! sums, paragraph token ranges, entity runs, the next comma after each token and each
//! sentence's clause end. Building it is `O(n)` in tokens plus the entities.

use super::cues::CueWords;
use super::marks::{find_quotes, Quoted};
use super::Document;
use crate::words::PRONOUNS;
use crate::Span;
use std::collections::HashSet;
use std::ops::Range;

/// The quote stage's view of one document.
pub(crate) struct View<'a> {
    pub(crate) doc: &'a Document<'a>,
    cues: &'a CueWords,
    /// Sentence index of each token.
    pub(crate) tok_sent: Vec<usize>,
    /// Paragraph index of each token.
    pub(crate) tok_para: Vec<usize>,
    /// Entity mention covering each token.
    pub(crate) tok_entity: Vec<Option<usize>>,
    /// Whether each token is inside quotation marks.
    pub(crate) in_quote: Vec<bool>,
    /// The quoted stretches, in text order.
    pub(crate) quotes: Vec<Quoted>,
    /// Lower-cased tokens (`’` written `'`), one after another; token `i` is
    /// `lower_buf[lower_at[i]..lower_at[i + 1]]`.
    lower_buf: String,
    lower_at: Vec<usize>,
    /// `word_prefix[i]`: how many of the tokens before `i` are words ([`View::is_word`]).
    word_prefix: Vec<u32>,
    /// Token range of each paragraph, by paragraph index.
    para_tokens: Vec<Range<usize>>,
    /// Token range of the entity run covering each token (empty when none).
    ent_run: Vec<Range<usize>>,
    /// Index of the first `,` token at or after each token (`n` when none).
    next_comma: Vec<usize>,
    /// End of each sentence's reported clause: its end without trailing punctuation (quoted
    /// tokens and closing marks stay).
    pub(crate) clause_end: Vec<usize>,
    /// Whether each token is a strict cue ([`View::is_cue`]) and a loose one, looked up once.
    strict_cue: Vec<bool>,
    loose_cue: Vec<bool>,
}

impl<'a> View<'a> {
    /// Builds the view of `doc`, reading cues from `cues`.
    pub(crate) fn new(doc: &'a Document<'a>, cues: &'a CueWords) -> Self {
        let seg = doc.seg;
        let n = seg.tokens.len();
        let mut tok_sent = vec![0; n];
        let mut tok_para = vec![0; n];
        for (si, s) in seg.sentences.iter().enumerate() {
            for t in s.tokens() {
                tok_sent[t] = si;
                tok_para[t] = s.paragraph;
            }
        }
        let mut tok_entity = vec![None; n];
        let mut t = 0;
        for (ei, e) in doc.entities.iter().enumerate() {
            while t < n && seg.tokens[t].end <= e.span.start {
                t += 1;
            }
            let mut k = t;
            while k < n && seg.tokens[k].start < e.span.end {
                tok_entity[k] = Some(ei);
                k += 1;
            }
        }
        let mut lower_buf = String::with_capacity(doc.text.len());
        let mut lower_at = Vec::with_capacity(n + 1);
        lower_at.push(0);
        let mut word_prefix = Vec::with_capacity(n + 1);
        word_prefix.push(0u32);
        let mut para_tokens = vec![0..0; seg.paragraphs.len()];
        let mut ent_run = vec![0..0; n];
        let mut next_comma = vec![n; n];
        for i in 0..n {
            let tok = &doc.text[seg.tokens[i]];
            if tok.is_ascii() {
                lower_buf.extend(tok.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                // `str::to_lowercase` (not per char) for the final sigma rule.
                lower_buf.push_str(&tok.to_lowercase().replace('’', "'"));
            }
            lower_at.push(lower_buf.len());
            let word = tok.chars().next().is_some_and(char::is_alphanumeric);
            word_prefix.push(word_prefix[i] + u32::from(word));
            if let Some(p) = para_tokens.get_mut(tok_para[i]) {
                if p.start == p.end {
                    *p = i..i + 1;
                } else {
                    p.end = i + 1;
                }
            }
        }
        for i in (0..n).rev() {
            let tok = &doc.text[seg.tokens[i]];
            next_comma[i] = if tok == "," {
                i
            } else {
                next_comma.get(i + 1).copied().unwrap_or(n)
            };
        }
        let mut a = 0;
        while a < n {
            let mut b = a + 1;
            while b < n && tok_entity[b] == tok_entity[a] {
                b += 1;
            }
            if tok_entity[a].is_some() {
                for r in &mut ent_run[a..b] {
                    *r = a..b;
                }
            }
            a = b;
        }
        let quotes = find_quotes(doc.text, seg, &tok_para);
        let mut in_quote = vec![false; n];
        for q in &quotes {
            for i in q.inner.clone() {
                in_quote[i] = true;
            }
        }
        let mut view = View {
            doc,
            cues,
            tok_sent,
            tok_para,
            tok_entity,
            in_quote,
            quotes,
            lower_buf,
            lower_at,
            word_prefix,
            para_tokens,
            ent_run,
            next_comma,
            clause_end: Vec::new(),
            strict_cue: Vec::new(),
            loose_cue: Vec::new(),
        };
        view.strict_cue = (0..n).map(|i| view.cue_in(i, &cues.strict)).collect();
        view.loose_cue = (0..n).map(|i| view.cue_in(i, &cues.loose)).collect();
        view.clause_end = seg
            .sentences
            .iter()
            .map(|sent| {
                let mut end = sent.end_token;
                while end > sent.first_token && !view.is_word(end - 1) && !view.in_quote[end - 1] {
                    if matches!(view.tok(end - 1), "”" | "\"" | "’") {
                        break;
                    }
                    end -= 1;
                }
                end
            })
            .collect();
        view
    }

    /// The number of tokens.
    pub(crate) fn n(&self) -> usize {
        self.lower_at.len() - 1
    }

    /// Token `i` as written.
    pub(crate) fn tok(&self, i: usize) -> &str {
        &self.doc.text[self.doc.seg.tokens[i]]
    }

    /// Token `i` lower-cased, with `’` written `'`.
    pub(crate) fn lower(&self, i: usize) -> &str {
        &self.lower_buf[self.lower_at[i]..self.lower_at[i + 1]]
    }

    /// Whether token `i` starts with a letter or digit.
    pub(crate) fn is_word(&self, i: usize) -> bool {
        self.tok(i)
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    }

    /// How many tokens of `r` are words; `O(1)`.
    pub(crate) fn words_in(&self, r: &Range<usize>) -> usize {
        if r.start >= r.end {
            return 0;
        }
        (self.word_prefix[r.end] - self.word_prefix[r.start]) as usize
    }

    /// The first `,` token in `from..to`.
    pub(crate) fn comma_in(&self, from: usize, to: usize) -> Option<usize> {
        let k = *self.next_comma.get(from)?;
        (k < to).then_some(k)
    }

    /// A strict cue: a reporting verb or counted cue word outside quotation marks.
    pub(crate) fn is_cue(&self, i: usize) -> bool {
        self.strict_cue[i]
    }

    /// A cue from the wider list, for attributions framed by quotation marks.
    pub(crate) fn is_loose_cue(&self, i: usize) -> bool {
        self.loose_cue[i]
    }

    fn cue_in(&self, i: usize, set: &HashSet<&'static str>) -> bool {
        if !set.contains(self.lower(i)) || self.in_quote[i] {
            return false;
        }
        // A capitalized verb in mid-sentence is a name ("Said", "Warren").
        let first = self.doc.seg.sentences[self.tok_sent[i]].first_token;
        i == first || !self.tok(i).starts_with(char::is_uppercase)
    }

    /// Whether token `i` is a word that can be part of a cue (a loose cue or a word of the
    /// cue vocabulary).
    pub(crate) fn in_cue_vocabulary(&self, i: usize) -> bool {
        self.cues.in_vocabulary(self.lower(i)) || self.is_according(i)
    }

    /// Whether token `k` is a closing quotation mark right after a comma (`… this race,”`):
    /// the comma that ends a clause, written inside the mark.
    pub(crate) fn comma_in_closing_mark(&self, k: usize) -> bool {
        k > 0 && self.tok(k - 1) == "," && matches!(self.tok(k), "”" | "''" | "\"")
    }

    /// "according" followed by "to".
    pub(crate) fn is_according(&self, i: usize) -> bool {
        self.lower(i) == "according" && i + 1 < self.n() && self.lower(i + 1) == "to"
    }

    /// The token range of token `i`'s sentence.
    pub(crate) fn sent_range(&self, i: usize) -> Range<usize> {
        let s = &self.doc.seg.sentences[self.tok_sent[i]];
        s.first_token..s.end_token
    }

    /// The token range of token `i`'s paragraph.
    pub(crate) fn para_range(&self, i: usize) -> Range<usize> {
        self.para_tokens[self.tok_para[i]].clone()
    }

    /// The runs of tokens of one paragraph, in order.
    pub(crate) fn paragraphs(&self) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for i in 1..=self.n() {
            if i == self.n() || self.tok_para[i] != self.tok_para[start] {
                out.push(start..i);
                start = i;
            }
        }
        out
    }

    /// The byte span of a non-empty token range.
    pub(crate) fn span(&self, r: &Range<usize>) -> Span {
        let t = &self.doc.seg.tokens;
        Span::new(t[r.start].start, t[r.end - 1].end)
    }

    /// A personal pronoun that can be a speaker ("he", "they", "we", …).
    pub(crate) fn is_pronoun(&self, i: usize) -> bool {
        PRONOUNS.contains(&self.lower(i))
    }

    /// The entity mention covering token `i`, as a token range.
    pub(crate) fn entity_range(&self, i: usize) -> Option<Range<usize>> {
        self.tok_entity[i]?;
        Some(self.ent_run[i].clone())
    }

    /// Indexes of the quoted stretches whose content overlaps `span`: they are sorted and
    /// disjoint, so they are one range, found by binary search.
    pub(crate) fn overlapping_quotes(&self, span: Span) -> Range<usize> {
        let quotes = &self.quotes;
        let lo = quotes.partition_point(|q| q.content.end <= span.start);
        let hi = lo + quotes[lo..].partition_point(|q| q.content.start < span.end);
        lo..hi
    }
}
