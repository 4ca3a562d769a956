//! The built-in rule-based quote attributor.
//!
//! 1. **Quoted stretches** are found by pairing quotation marks (see `marks.rs`). A direct
//!    quote's content runs from its opening through its closing mark, as news attribution
//!    corpora (PARC, PolNeAR) annotate it; [`Quote::words`](crate::Quote::words) gives the
//!    words without the marks.
//! 2. **Direct quotes** take the attribution that stands right next to them: after the
//!    closing mark (`“…,” said Roll` / `“…,” Roll said` / `“…,” Roll, the minister, said`),
//!    or before the opening mark (`Roll said: “…”`, `Roll told reporters: “…”`,
//!    `According to Roll, “…”`). An interrupted quote (`“A,” she said, “B.”`) gives both
//!    halves the same cue; a quote that runs over several paragraphs takes the attribution of
//!    its last paragraph; a quote that opens a paragraph (or a sentence) right after an
//!    attribution, with no cue of its own, continues that attribution (same cue and speaker,
//!    so the pieces read as one attribution). A quoted passage with neither cue nor speaker is not reported (see
//!    [`RuleAttributor::with_unattributed`]); a short one (three words or fewer) is a scare
//!    quote or a title, never speech on its own.
//! 3. **Indirect and mixed quotes** come from the remaining reporting cues (a reporting-verb
//!    list, plus "according to"): `X said (that) …`, `X told Y (that) …`, `…, X said.`,
//!    `…, said X.`, `According to X, …`, `…, according to X.` The content is the reported
//!    clause; when it holds quoted fragments the quote is *mixed*.
//! 4. **Speakers** are the words that name the source in that attribution (an entity, a
//!    pronoun, or a noun phrase such as "a spokeswoman for the navy"); an apposition
//!    (`Roll, the president’s advisor, said`) points to the name before it. The speaker is
//!    then resolved: an entity mention to its group's canonical name, he/she to the nearest
//!    earlier person of compatible gender (given-name list, Mr./Ms.), they/it to the nearest
//!    organization. When nothing fits, the name stays `None`.

use super::learned;
use super::marks::{find_quotes, Quoted};
use super::{Document, QuoteAttributor};
use crate::entities::features::Lexicons;
use crate::linear::LinearModel;
use crate::{boundary, EntityKind, GroupId, Quote, QuoteKind, Span};
use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

const VERBS: &str = include_str!("../../data/reporting_verbs.txt");
const LEARNED: &str = include_str!("../../data/cue_words.tsv");

/// Verb forms that are not speech often enough to need a clear speech frame: never strict
/// cues, whichever list names them (they stay loose cues, for quotes framed by quotation
/// marks). No word here may be in `data/cue_words.tsv` (a test checks). Sixteen words that
/// were in both ("say", "adding", "cited", …) were taken out of this list rather than out of
/// the cue words, as the held-out sixth of PolNeAR train preferred (`data/README.md`).
const AMBIGUOUS: &[&str] = &[
    "accept",
    "accepted",
    "accepts",
    "accepting",
    "continue",
    "continues",
    "continuing",
    "add",
    "order",
    "orders",
    "charge",
    "charged",
    "charges",
    "describe",
    "estimate",
    "estimated",
    "decline",
    "declines",
    "note",
    "blame",
    "report",
    "reports",
    "fear",
    "hope",
    "promise",
    "state",
    "write",
    "tell",
    "ask",
    "think",
    "worry",
    "reply",
    "recall",
    "observe",
    "stress",
    "urge",
    "maintain",
    "question",
    "hold",
    "held",
    "holds",
    "quote",
    "convince",
    "convinces",
    "convincing",
    "drew",
    "draws",
    "caution",
    "rule",
    "ruled",
    "rules",
];

/// Verbs that report speech only when quoted words go with them (`called it “a farce”`).
const FRAMING_VERBS: &[&str] = &[
    "call",
    "calls",
    "called",
    "calling",
    "label",
    "labels",
    "labeled",
    "labelled",
    "dub",
    "dubs",
    "dubbed",
    "brand",
    "brands",
    "branded",
    "term",
    "terms",
    "termed",
    "refer",
    "refers",
    "referred",
    "mock",
    "mocked",
    "mocks",
    "tout",
    "touts",
    "touted",
    "hail",
    "hails",
    "hailed",
    "deride",
    "derided",
    "dismiss",
    "dismissed",
    "dismisses",
    "promised",
    "vowed",
    "described",
    "describes",
    "describing",
];

/// Times and dates, which end a speaker phrase after a verb (`said Roll Tuesday`).
const TIME_WORDS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "today",
    "yesterday",
    "tonight",
    "tomorrow",
    "morning",
    "afternoon",
    "evening",
    "night",
    "week",
    "weekend",
    "month",
    "year",
    "earlier",
    "ago",
    "last",
    "later",
];

/// Words besides dates ([`TIME_WORDS`]) that cannot end a speaker phrase: determiners,
/// possessives, adverbs, modals.
const NOT_SPEAKER: &[&str] = &[
    "years",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "another",
    "other",
    "out",
    "ever",
    "up",
    "down",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "a",
    "an",
    "the",
    "this",
    "one",
    "statement",
    "interview",
    "time",
    "times",
    "day",
    "days",
    "once",
    "previously",
    "recently",
    "too",
    "here",
    "there",
    "now",
    "then",
    "well",
    "instead",
    "however",
    "though",
    "again",
    "also",
];

/// Verbs whose first object is the listener: `told reporters (that) …`.
const LISTENER_VERBS: &[&str] = &[
    "told",
    "tells",
    "tell",
    "telling",
    "asked",
    "asks",
    "warned",
    "warns",
    "assured",
    "assures",
    "reminded",
    "reminds",
    "informed",
    "informs",
    "urged",
    "urges",
    "briefed",
    "advised",
    "advises",
    "promised",
    "promises",
    "convinced",
];

/// Words that can stand between a subject and its verb ("has also said").
const AUX: &[&str] = &[
    "has",
    "have",
    "had",
    "also",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "must",
    "can",
    "later",
    "previously",
    "repeatedly",
    "further",
    "then",
    "reportedly",
    "recently",
    "once",
    "again",
    "publicly",
    "privately",
    "initially",
    "still",
    "already",
    "never",
    "often",
    "even",
    "just",
    "only",
    "now",
    "first",
    "did",
    "does",
    "do",
    "’s",
    "'s",
    "’ve",
    "'ve",
    "’d",
    "'d",
    "had",
    "not",
    "n't",
    "n’t",
    "flatly",
    "angrily",
    "quickly",
    "separately",
    "last",
    "explicitly",
    "openly",
    "simply",
    "finally",
    "herself",
    "himself",
    "themselves",
];

/// Words that end a noun phrase when scanning for a speaker.
const NP_STOP: &[&str] = &[
    "that", "which", "who", "whom", "and", "but", "or", "as", "when", "while", "because", "if",
    "after", "before", "since", "where", "than", "though", "although", "to", "in", "on", "at",
    "during", "by", "from", "into", "over", "about", "with", "without", "under", "not", "is",
    "was", "are", "were", "be", "been", "has", "have", "had", "it's", "there", "this", "these",
    "so", "yet", "also", "then", "what", "how", "why", "whether", "said", "says", "say",
];

/// Numbers and quantifiers, which cannot end a speaker phrase ("three early", "a few").
const QUANTIFIERS: &[&str] = &[
    "few",
    "many",
    "several",
    "some",
    "most",
    "all",
    "both",
    "each",
    "none",
    "more",
    "less",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "dozen",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "percent",
    "percentage",
    "point",
    "points",
    "overall",
    "early",
    "late",
    "first",
    "second",
    "third",
    "half",
    "majority",
    "minority",
    "number",
];

/// Forms of "be" that make a following participle passive.
const PASSIVE: &[&str] = &["is", "was", "were", "are", "be", "been", "being", "'s"];

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you"];

/// The built-in rule-based quote attributor.
#[derive(Debug, Clone)]
pub struct RuleAttributor {
    verbs: HashSet<&'static str>,
    loose: HashSet<&'static str>,
    keep_unattributed: bool,
    learned: Option<Arc<LinearModel>>,
    o_penalty: Option<f32>,
}

/// The strict cue words (reporting verbs and the learned cue words, less [`AMBIGUOUS`]) and
/// the loose ones (all of those, the ambiguous verbs and [`FRAMING_VERBS`]).
fn word_sets(cue_words: &'static str) -> (HashSet<&'static str>, HashSet<&'static str>) {
    let all: Vec<&'static str> = VERBS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let learned = cue_words
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').next())
        .filter(|w| !w.is_empty());
    let verbs: HashSet<&'static str> = all
        .iter()
        .copied()
        .chain(learned)
        .filter(|v| !AMBIGUOUS.contains(v))
        .collect();
    let loose = all
        .iter()
        .chain(FRAMING_VERBS)
        .copied()
        .chain(verbs.iter().copied())
        .collect();
    (verbs, loose)
}

impl Default for RuleAttributor {
    /// The rules with the built-in learned stage.
    ///
    /// # Panics
    /// Only if the model embedded in the crate fails its checks (a corrupted build; the
    /// crate's tests load it). [`RuleAttributor::builtin`] returns that as an error.
    fn default() -> Self {
        RuleAttributor::builtin().unwrap_or_else(|e| panic!("whosaid: {e}"))
    }
}

impl RuleAttributor {
    /// The rules with the built-in learned stage; an error if the embedded model is corrupt.
    pub fn builtin() -> crate::Result<Self> {
        Ok(RuleAttributor {
            learned: Some(learned::builtin()?),
            ..RuleAttributor::rules_only()
        })
    }

    /// The rules alone, without the learned attribution stage.
    pub fn rules_only() -> Self {
        let (verbs, loose) = word_sets(LEARNED);
        RuleAttributor {
            verbs,
            loose,
            keep_unattributed: false,
            o_penalty: None,
            learned: None,
        }
    }

    /// Uses a learned attribution model (bytes written by `examples/train_attribution.rs`)
    /// instead of the built-in one.
    pub fn with_learned_model(mut self, bytes: &[u8]) -> crate::Result<Self> {
        self.learned = Some(Arc::new(learned::load(bytes)?));
        Ok(self)
    }

    /// Uses another cue-word table, in the format of `data/cue_words.tsv` (word, tab, counts;
    /// `#` comments), instead of the built-in one. `examples/reproduce.rs` uses it to train
    /// and score with a freshly generated table before it is compiled in.
    pub fn with_cue_words(mut self, table: &'static str) -> Self {
        (self.verbs, self.loose) = word_sets(table);
        self
    }

    /// Decodes the learned stage with this penalty on the "outside" label instead of the tuned
    /// one (higher: more and longer attributions). For tuning; see `examples/reproduce.rs`.
    pub fn with_o_penalty(mut self, penalty: f32) -> Self {
        self.o_penalty = Some(penalty);
        self
    }

    /// Also report quoted passages that have neither a cue nor a speaker nearby (with `cue`
    /// and `speaker` null). Off by default: such passages are as often titles, slogans or
    /// excerpts as speech.
    pub fn with_unattributed(mut self, keep: bool) -> Self {
        self.keep_unattributed = keep;
        self
    }
}

/// A found attribution before it becomes a [`Quote`].
#[derive(Debug, Clone)]
struct Attr {
    cue: Option<Range<usize>>,
    speaker: Option<Range<usize>>,
}

pub(super) struct Ctx<'a> {
    pub(super) doc: &'a Document<'a>,
    verbs: &'a HashSet<&'static str>,
    loose: &'a HashSet<&'static str>,
    pub(super) tok_sent: Vec<usize>,
    pub(super) tok_para: Vec<usize>,
    pub(super) tok_entity: Vec<Option<usize>>,
    pub(super) in_quote: Vec<bool>,
    pub(super) lower: Vec<String>,
    /// `word_prefix[i]`: how many of the tokens before `i` are words ([`Ctx::is_word`]).
    word_prefix: Vec<u32>,
    /// Token range of each paragraph, by paragraph index.
    para_tokens: Vec<Range<usize>>,
    /// Token range of the entity run covering each token (empty when none).
    ent_run: Vec<Range<usize>>,
    /// Index of the first `,` token at or after each token (`n` when none).
    next_comma: Vec<usize>,
    /// End of each sentence's reported clause: its end without trailing punctuation (set by
    /// [`Ctx::index_quotes`], since it depends on the quotation state).
    clause_end: Vec<usize>,
    /// Per entity, the latest entity at or before it that "he", "she" and "they"/"it" can
    /// refer to; built on first use.
    antecedents: std::cell::OnceCell<Antecedents>,
}

/// For each entity index `k`, the last entity at or before `k` that each kind of pronoun
/// can refer to.
struct Antecedents {
    he: Vec<Option<usize>>,
    she: Vec<Option<usize>>,
    it: Vec<Option<usize>>,
}

impl<'a> Ctx<'a> {
    fn new(
        doc: &'a Document<'a>,
        verbs: &'a HashSet<&'static str>,
        loose: &'a HashSet<&'static str>,
    ) -> Self {
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
        let lower = seg
            .tokens
            .iter()
            .map(|&s| doc.text[s].to_lowercase().replace('’', "'"))
            .collect();
        let mut word_prefix = Vec::with_capacity(n + 1);
        word_prefix.push(0u32);
        let mut para_tokens = vec![0..0; seg.paragraphs.len()];
        let mut ent_run = vec![0..0; n];
        let mut next_comma = vec![n; n];
        for i in 0..n {
            let tok = &doc.text[seg.tokens[i]];
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
        Ctx {
            doc,
            verbs,
            loose,
            tok_sent,
            tok_para,
            tok_entity,
            in_quote: vec![false; n],
            lower,
            word_prefix,
            para_tokens,
            ent_run,
            next_comma,
            clause_end: Vec::new(),
            antecedents: std::cell::OnceCell::new(),
        }
    }

    /// Marks the tokens inside quotation marks and computes what depends on them.
    fn index_quotes(&mut self, quotes: &[Quoted]) {
        for q in quotes {
            for i in q.inner.clone() {
                self.in_quote[i] = true;
            }
        }
        self.clause_end = self
            .doc
            .seg
            .sentences
            .iter()
            .map(|sent| {
                let mut end = sent.end_token;
                while end > sent.first_token && !self.is_word(end - 1) && !self.in_quote[end - 1] {
                    if matches!(self.tok(end - 1), "”" | "\"" | "’") {
                        break;
                    }
                    end -= 1;
                }
                end
            })
            .collect();
    }

    /// Pronoun antecedents, computed once per document on first use: `O(entities)`.
    fn antecedents(&self) -> &Antecedents {
        self.antecedents.get_or_init(|| {
            let doc = self.doc;
            let lex = Lexicons::builtin();
            let gender = |e: &crate::Entity| -> u8 {
                let name = e
                    .group
                    .and_then(|g| doc.groups.get(g.index()))
                    .map_or(e.text.as_str(), |g| g.name.as_str());
                let first = name.split_whitespace().next().unwrap_or("").to_lowercase();
                let title = boundary::head(doc.text, e.span.start).trim_end();
                let by_title = if title.ends_with("Mr.") || title.ends_with("Mr") {
                    Some(b'm')
                } else if title.ends_with("Ms.") || title.ends_with("Mrs.") {
                    Some(b'f')
                } else {
                    None
                };
                by_title.or_else(|| lex.gender_of(&first)).unwrap_or(b'u')
            };
            let mut a = Antecedents {
                he: Vec::with_capacity(doc.entities.len()),
                she: Vec::with_capacity(doc.entities.len()),
                it: Vec::with_capacity(doc.entities.len()),
            };
            let (mut he, mut she, mut it) = (None, None, None);
            for (k, e) in doc.entities.iter().enumerate() {
                match e.kind {
                    EntityKind::Person => match gender(e) {
                        b'm' => he = Some(k),
                        b'f' => she = Some(k),
                        _ => (he, she) = (Some(k), Some(k)),
                    },
                    EntityKind::Organization => it = Some(k),
                    _ => {}
                }
                a.he.push(he);
                a.she.push(she);
                a.it.push(it);
            }
            a
        })
    }

    /// The first `,` token in `from..to`.
    fn comma_in(&self, from: usize, to: usize) -> Option<usize> {
        let k = *self.next_comma.get(from)?;
        (k < to).then_some(k)
    }

    pub(super) fn n(&self) -> usize {
        self.lower.len()
    }

    pub(super) fn tok(&self, i: usize) -> &str {
        &self.doc.text[self.doc.seg.tokens[i]]
    }

    pub(super) fn is_word(&self, i: usize) -> bool {
        self.tok(i)
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    }

    pub(super) fn is_cue(&self, i: usize) -> bool {
        self.cue_in(i, self.verbs)
    }

    /// A cue from the wider list, for attributions framed by quotation marks.
    pub(super) fn is_loose_cue(&self, i: usize) -> bool {
        self.cue_in(i, self.loose)
    }

    fn cue_in(&self, i: usize, set: &HashSet<&'static str>) -> bool {
        let w = self.lower[i].as_str();
        if !set.contains(w) || self.in_quote[i] {
            return false;
        }
        // A capitalized verb in mid-sentence is a name ("Said", "Warren").
        let first = self.doc.seg.sentences[self.tok_sent[i]].first_token;
        i == first || !self.tok(i).starts_with(char::is_uppercase)
    }

    pub(super) fn is_according(&self, i: usize) -> bool {
        self.lower[i] == "according" && i + 1 < self.n() && self.lower[i + 1] == "to"
    }

    pub(super) fn sent_range(&self, i: usize) -> Range<usize> {
        let s = &self.doc.seg.sentences[self.tok_sent[i]];
        s.first_token..s.end_token
    }

    fn para_range(&self, i: usize) -> Range<usize> {
        self.para_tokens[self.tok_para[i]].clone()
    }

    pub(super) fn span(&self, r: &Range<usize>) -> Span {
        let t = &self.doc.seg.tokens;
        Span::new(t[r.start].start, t[r.end - 1].end)
    }

    pub(super) fn is_pronoun(&self, i: usize) -> bool {
        PRONOUNS.contains(&self.lower[i].as_str())
    }

    /// The entity mention covering token `i`, as a token range.
    fn entity_range(&self, i: usize) -> Option<Range<usize>> {
        self.tok_entity[i]?;
        Some(self.ent_run[i].clone())
    }

    /// A phrase can name a speaker when its last word is not a time, number or function word.
    fn speaker_ok(&self, r: &Range<usize>) -> bool {
        let last = r.end - 1;
        let w = self.lower[last].as_str();
        (self.is_pronoun(last) && !matches!(w, "his" | "her"))
            || self.tok_entity[last].is_some()
            || (!NOT_SPEAKER.contains(&w)
                && !TIME_WORDS.contains(&w)
                && !QUANTIFIERS.contains(&w)
                && !w.ends_with("ly")
                && !w
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == ',' || c == '.'))
    }

    fn np_token(&self, i: usize) -> bool {
        let w = self.lower[i].as_str();
        (self.is_word(i) || w == "'s" || w == "-" || w == "&" || w == ".")
            && !NP_STOP.contains(&w)
            && !self.is_cue(i)
            && !self.in_quote[i]
    }

    /// The noun phrase that ends just before token `end` (exclusive), not reaching `floor`.
    fn np_before(&self, floor: usize, end: usize) -> Option<Range<usize>> {
        if end <= floor {
            return None;
        }
        let last = end - 1;
        if self.is_pronoun(last) {
            return Some(last..end);
        }
        if let Some(r) = self.entity_range(last) {
            if r.start >= floor {
                // Extend left over a determiner/title/possessive part of the same phrase.
                return Some(self.extend_left(floor, r));
            }
        }
        if !self.np_token(last) || !self.is_word(last) || !self.speaker_ok(&(last..end)) {
            return None;
        }
        let mut a = last;
        while a > floor && end - a < 8 && self.np_token(a - 1) {
            a -= 1;
        }
        Some(self.trim_prepositions(a..end))
    }

    /// Drops prepositions that open a phrase ("of Clinton" → "Clinton").
    fn trim_prepositions(&self, mut r: Range<usize>) -> Range<usize> {
        while r.len() > 1
            && matches!(
                self.lower[r.start].as_str(),
                "of" | "for" | "against" | "like" | "per"
            )
        {
            r.start += 1;
        }
        r
    }

    fn extend_left(&self, floor: usize, r: Range<usize>) -> Range<usize> {
        let mut a = r.start;
        while a > floor && r.end - a < 10 && self.np_token(a - 1) && !self.is_pronoun(a - 1) {
            a -= 1;
        }
        self.trim_prepositions(a..r.end)
    }

    /// The noun phrase that starts at token `start`, not reaching `ceil`.
    fn np_after(&self, start: usize, ceil: usize) -> Option<Range<usize>> {
        if start >= ceil {
            return None;
        }
        if self.is_pronoun(start) {
            return Some(start..start + 1);
        }
        if !self.np_token(start) || !self.is_word(start) {
            return None;
        }
        if let Some(r) = self.entity_range(start) {
            if r.start == start && r.end <= ceil {
                return Some(r);
            }
        }
        // A date word ends the phrase (`said Roll Tuesday`) unless a determiner makes it part
        // of it (`a Wednesday editorial`).
        let ends_phrase = |b: usize| {
            let after_determiner = matches!(
                self.lower[b - 1].as_str(),
                "a" | "an" | "the" | "this" | "last"
            );
            TIME_WORDS.contains(&self.lower[b].as_str()) && !after_determiner
        };
        let mut b = start + 1;
        while b < ceil && b - start < 10 && self.np_token(b) && !ends_phrase(b) {
            b += 1;
        }
        // Trim trailing non-words.
        while b > start + 1 && !self.is_word(b - 1) {
            b -= 1;
        }
        let r = start..b;
        self.speaker_ok(&r).then_some(r)
    }

    /// Subject of a verb at token `v`, searching back to `floor`. A passive (`is believed`)
    /// has no speaker subject.
    fn subject_before(&self, floor: usize, v: usize) -> Option<Range<usize>> {
        if v > floor && PASSIVE.contains(&self.lower[v - 1].as_str()) {
            return None;
        }
        let mut j = v;
        while j > floor && AUX.contains(&self.lower[j - 1].as_str()) {
            j -= 1;
        }
        if j <= floor {
            return None;
        }
        if self.tok(j - 1) == "," {
            // "Roll, the president’s advisor, said": the name before the apposition.
            let k = (floor..j - 1)
                .rev()
                .take(25)
                .find(|&k| self.tok(k) == ",")?;
            let np = self.np_before(floor, k)?;
            return Some(np);
        }
        self.np_before(floor, j)
    }
}

/// How many tokens of `r` are words; `O(1)`.
pub(super) fn words_in(ctx: &Ctx<'_>, r: &Range<usize>) -> usize {
    if r.start >= r.end {
        return 0;
    }
    (ctx.word_prefix[r.end] - ctx.word_prefix[r.start]) as usize
}

impl RuleAttributor {
    /// After a closing mark: `, said X` / `, X said` / `, X, the …, said`.
    fn after_quote(&self, ctx: &Ctx<'_>, close: usize) -> Option<Attr> {
        let para = ctx.para_range(close);
        let mut t = close + 1;
        while t < para.end && matches!(ctx.tok(t), "," | "—" | "–" | "--") {
            t += 1;
        }
        if t >= para.end {
            return None;
        }
        let ceil = (t + 30).min(para.end).min(ctx.sent_range(close).end);
        let stop = (t..ceil)
            .find(|&k| matches!(ctx.tok(k), "." | "!" | "?" | ";" | "“" | "\"") || ctx.in_quote[k])
            .unwrap_or(ceil);
        if ctx.is_loose_cue(t) {
            let sp = ctx.np_after(t + 1, stop)?;
            return Some(Attr {
                cue: Some(t..t + 1),
                speaker: Some(sp),
            });
        }
        if ctx.is_according(t) {
            let sp = ctx.np_after(t + 2, stop)?;
            return Some(Attr {
                cue: Some(t..t + 2),
                speaker: Some(sp),
            });
        }
        let v = (t..stop).find(|&k| ctx.is_loose_cue(k))?;
        let sp = ctx.subject_before(t, v)?;
        // The subject must start right after the quote (allowing an apposition).
        if sp.start != t {
            return None;
        }
        Some(Attr {
            cue: Some(v..v + 1),
            speaker: Some(sp),
        })
    }

    /// Before an opening mark: `X said: “` / `X told reporters: “` / `According to X, “`.
    fn before_quote(&self, ctx: &Ctx<'_>, open: usize) -> Option<Attr> {
        let para = ctx.para_range(open);
        let mut h = open;
        while h > para.start && matches!(ctx.tok(h - 1), ":" | "," | "that") {
            h -= 1;
        }
        if h == open && open > para.start && !ctx.is_loose_cue(open - 1) {
            // Allow `said “` with no punctuation only directly after the verb.
            return None;
        }
        if h <= para.start || ctx.sent_range(open).start == h {
            return self.previous_sentence(ctx, open);
        }
        let sent = ctx.sent_range(h - 1);
        let floor = sent.start.max(para.start);
        // `according to X, “…”`
        if let Some(a) = (floor..h).rev().take(8).find(|&k| ctx.is_according(k)) {
            let sp = ctx.np_after(a + 2, h)?;
            return Some(Attr {
                cue: Some(a..a + 2),
                speaker: Some(sp),
            });
        }
        // The verb, possibly followed by a short listener ("told reporters").
        let v = (floor..h).rev().take(5).find(|&k| ctx.is_loose_cue(k))?;
        if ctx.lower[v].ends_with("ing") && v > floor && ctx.tok(v - 1) == "," {
            // `Roll left the room, telling reporters: “…”`: the clause's subject speaks.
            let sp = ctx.np_after(floor, v - 1)?;
            return Some(Attr {
                cue: Some(v..v + 1),
                speaker: Some(sp),
            });
        }
        if v + 1 < h && !LISTENER_VERBS.contains(&ctx.lower[v].as_str()) {
            // Words between a plain verb and the quote: an inverted subject (`said Roll: “`).
            let sp = ctx.np_after(v + 1, h)?;
            if sp.end != h {
                return None;
            }
            return Some(Attr {
                cue: Some(v..v + 1),
                speaker: Some(sp),
            });
        }
        let sp = ctx.subject_before(floor, v)?;
        Some(Attr {
            cue: Some(v..v + 1),
            speaker: Some(sp),
        })
    }

    /// A quote that opens its sentence, after a sentence that ends in an attribution
    /// (`Roll said Monday.` / `Roll wrote on Facebook:` / a paragraph ending in a colon).
    fn previous_sentence(&self, ctx: &Ctx<'_>, open: usize) -> Option<Attr> {
        let sent = ctx.sent_range(open);
        if sent.start != open || sent.start == 0 {
            return None;
        }
        let prev = ctx.sent_range(sent.start - 1);
        let last = prev.end - 1;
        let colon = ctx.tok(last) == ":";
        if ctx.tok_para[prev.start] != ctx.tok_para[open] && !colon {
            return None;
        }
        let v = (prev.start..prev.end)
            .rev()
            .take(if colon { 12 } else { 7 })
            .find(|&k| ctx.is_loose_cue(k) || ctx.is_according(k))?;
        if ctx.is_according(v) {
            let sp = ctx.np_after(v + 2, prev.end)?;
            return Some(Attr {
                cue: Some(v..v + 2),
                speaker: Some(sp),
            });
        }
        let sp = ctx
            .subject_before(prev.start, v)
            .or_else(|| ctx.np_after(v + 1, prev.end))?;
        Some(Attr {
            cue: Some(v..v + 1),
            speaker: Some(sp),
        })
    }

    /// An indirect attribution around cue token `v`: (attribution, content tokens).
    fn indirect(&self, ctx: &Ctx<'_>, v: usize) -> Option<(Attr, Range<usize>)> {
        let sent = ctx.sent_range(v);
        let end = ctx.clause_end[ctx.tok_sent[v]];
        if ctx.is_according(v) {
            let sp = ctx.np_after(v + 2, end)?;
            let content = if v == sent.start
                || (v > sent.start && !ctx.is_word(v - 1) && v - 1 == sent.start)
            {
                let mut c = ctx.comma_in(sp.end, end)? + 1;
                // Skip an apposition: `According to X, an analyst at Y, CONTENT`.
                if c < end && matches!(ctx.lower[c].as_str(), "a" | "an" | "the") {
                    if let Some(k) = (c..end.min(c + 14)).find(|&k| ctx.tok(k) == ",") {
                        if words_in(ctx, &(k + 1..end)) >= 2 && (c..k).all(|i| !ctx.is_cue(i)) {
                            c = k + 1;
                        }
                    }
                }
                c..end
            } else {
                let mut e = v;
                while e > sent.start && ctx.tok(e - 1) == "," {
                    e -= 1;
                }
                sent.start..e
            };
            return (words_in(ctx, &content) >= 2).then_some((
                Attr {
                    cue: Some(v..v + 2),
                    speaker: Some(sp),
                },
                content,
            ));
        }
        let verb = ctx.lower[v].as_str();
        if verb.ends_with("ing") {
            // `Roll left early, saying (that) CONTENT`: the clause's subject speaks.
            if v <= sent.start + 2 || ctx.tok(v - 1) != "," {
                return None;
            }
            let subject = ctx.np_after(sent.start, v - 1)?;
            let named = subject
                .clone()
                .any(|i| ctx.tok_entity[i].is_some() || ctx.is_pronoun(i));
            if !named {
                return None;
            }
            let mut c = v + 1;
            if LISTENER_VERBS.contains(&verb) {
                c = (c..end.min(c + 8))
                    .find(|&k| ctx.lower[k] == "that")
                    .map_or(c + 1, |t| t + 1);
            }
            while c < end && matches!(ctx.lower[c].as_str(), "that" | ":" | ",") {
                c += 1;
            }
            let content = c..end;
            return (words_in(ctx, &content) >= 2).then_some((
                Attr {
                    cue: Some(v..v + 1),
                    speaker: Some(subject),
                },
                content,
            ));
        }
        // Post-posed: `CONTENT, X said.` or `CONTENT, said X.`
        let after_words = words_in(ctx, &(v + 1..end));
        if let Some(sp) = ctx.np_after(v + 1, end).filter(|sp| sp.end == end) {
            if v > sent.start && ctx.tok(v - 1) == "," {
                let content = sent.start..v - 1;
                if words_in(ctx, &content) >= 2 {
                    return Some((
                        Attr {
                            cue: Some(v..v + 1),
                            speaker: Some(sp),
                        },
                        content,
                    ));
                }
            }
        }
        let subject = ctx.subject_before(sent.start, v)?;
        if after_words == 0 || (after_words <= 2 && end == sent.end) {
            // `…, X said.`: content is what precedes the subject.
            let mut c_end = subject.start;
            while c_end > sent.start && !ctx.is_word(c_end - 1) && !ctx.in_quote[c_end - 1] {
                c_end -= 1;
            }
            let content = sent.start..c_end;
            if subject.start > sent.start
                && ctx.tok(subject.start - 1) == ","
                && words_in(ctx, &content) >= 2
            {
                return Some((
                    Attr {
                        cue: Some(v..v + 1),
                        speaker: Some(subject),
                    },
                    content,
                ));
            }
            return None;
        }
        // `X said (that) CONTENT` / `X told Y (that) CONTENT`.
        let mut c = v + 1;
        if matches!(verb, "asked" | "asks" | "ask") {
            if let Some(t) = (c..end.min(c + 8)).find(|&k| {
                matches!(
                    ctx.lower[k].as_str(),
                    "whether" | "if" | "what" | "why" | "how" | "when" | "about" | "to" | "for"
                )
            }) {
                c = t;
            }
        } else if LISTENER_VERBS.contains(&verb) {
            if let Some(t) = (c..end.min(c + 8)).find(|&k| ctx.lower[k] == "that") {
                c = t + 1;
            } else if let Some(r) = ctx.entity_range(c) {
                c = r.end;
            } else if ctx.np_token(c) {
                c += 1;
            }
        }
        while c < end && matches!(ctx.lower[c].as_str(), "that" | ":" | ",") {
            c += 1;
        }
        let content = c..end;
        if words_in(ctx, &content) < 2 {
            return None;
        }
        Some((
            Attr {
                cue: Some(v..v + 1),
                speaker: Some(subject),
            },
            content,
        ))
    }

    /// The [`Quote`] for an attribution: spans of its cue and speaker, resolved speaker.
    fn quote(&self, ctx: &Ctx<'_>, kind: QuoteKind, content: Span, attr: &Attr) -> Quote {
        let (speaker_name, speaker_group) = attr
            .speaker
            .as_ref()
            .map_or((None, None), |s| self.resolve(ctx, s));
        let mut q = Quote::new(kind, content);
        q.cue = attr.cue.as_ref().map(|c| ctx.span(c));
        q.speaker = attr.speaker.as_ref().map(|s| ctx.span(s));
        q.speaker_name = speaker_name;
        q.speaker_group = speaker_group;
        q
    }

    /// Resolves a speaker mention to (name, group).
    pub(super) fn resolve(
        &self,
        ctx: &Ctx<'_>,
        sp: &Range<usize>,
    ) -> (Option<String>, Option<GroupId>) {
        let doc = ctx.doc;
        let ent = sp
            .clone()
            .filter_map(|i| ctx.tok_entity[i])
            .min_by_key(|&e| match doc.entities[e].kind {
                EntityKind::Person => 0,
                EntityKind::Organization => 1,
                _ => 2,
            });
        if let Some(e) = ent {
            if let Some(g) = doc.entities[e].group {
                if let Some(grp) = doc.groups.get(g.index()) {
                    return (Some(grp.name.clone()), Some(g));
                }
            }
            return (Some(doc.entities[e].text.clone()), None);
        }
        if sp.len() == 1 && ctx.is_pronoun(sp.start) {
            let want = match ctx.lower[sp.start].as_str() {
                "he" => Some(b'm'),
                "she" => Some(b'f'),
                "they" | "it" => None,
                _ => return (None, None),
            };
            let at = doc.seg.tokens[sp.start].start;
            // The latest entity that ends before the pronoun and can be its antecedent.
            let before = doc.entities.partition_point(|e| e.span.end <= at);
            let ante = ctx.antecedents();
            let table = match want {
                Some(b'm') => &ante.he,
                Some(_) => &ante.she,
                None => &ante.it,
            };
            let found = before
                .checked_sub(1)
                .and_then(|k| table[k])
                .map(|k| &doc.entities[k]);
            if let Some(e) = found {
                if let Some(g) = e.group {
                    if let Some(grp) = doc.groups.get(g.index()) {
                        return (Some(grp.name.clone()), Some(g));
                    }
                }
            }
            return (None, None);
        }
        (None, None)
    }
}

impl QuoteAttributor for RuleAttributor {
    fn attribute(&self, doc: &Document<'_>, out: &mut Vec<Quote>) -> crate::Result<()> {
        if doc.seg.tokens.is_empty() {
            return Ok(());
        }
        let (mut found, extra) = with_context(self, doc, |ctx, rule_quotes| {
            let extra = self.learned.as_ref().map(|model| {
                let mut extra = learned::with_o_penalty(self.o_penalty, || {
                    learned::attributions(model, self, ctx, rule_quotes)
                });
                // The learned stage adds only attributions it finds a speaker for: without
                // one, a cue it takes is more often an expectation or a belief ("Repairs
                // are expected to take weeks") than speech. Chosen on the held-out sixth
                // of PolNeAR train (data/README.md).
                extra.retain(|q| q.speaker.is_some());
                extra
            });
            (rule_quotes.to_vec(), extra.unwrap_or_default())
        });
        found.extend(extra);
        found.sort_by_key(|q| (q.content.start, q.content.end));
        out.extend(found);
        Ok(())
    }
}

/// Indexes of the quotes whose content overlaps `span`: quotes are sorted and disjoint, so
/// they are one range, found by binary search.
fn overlapping_quotes(quotes: &[Quoted], span: Span) -> Range<usize> {
    let lo = quotes.partition_point(|q| q.content.end <= span.start);
    let hi = lo + quotes[lo..].partition_point(|q| q.content.start < span.end);
    lo..hi
}

/// Runs `f` with the attribution context of a document and the rules' quotes.
pub(super) fn with_context<R>(
    attributor: &RuleAttributor,
    doc: &Document<'_>,
    f: impl FnOnce(&Ctx<'_>, &[Quote]) -> R,
) -> R {
    let mut ctx = Ctx::new(doc, &attributor.verbs, &attributor.loose);
    let quotes: Vec<Quoted> = find_quotes(doc.text, doc.seg, &ctx.tok_para);
    ctx.index_quotes(&quotes);
    let rule_quotes = attributor.rules(&ctx, &quotes);
    f(&ctx, &rule_quotes)
}

impl RuleAttributor {
    /// The rule stage: quotes found by the rules alone.
    pub(super) fn rules(&self, ctx: &Ctx<'_>, quotes: &[Quoted]) -> Vec<Quote> {
        let doc = ctx.doc;
        let mut used_cue = vec![false; ctx.n()];
        let mut attrs: Vec<Option<Attr>> = quotes
            .iter()
            .map(|q| {
                // A short quote (a title, a phrase) is speech on its own only when it opens
                // its sentence or follows a colon.
                let short = words_in(ctx, &q.inner) <= 3;
                let opens = ctx.sent_range(q.open).start == q.open
                    || (q.open > 0 && ctx.tok(q.open - 1) == ":");
                if short && !opens {
                    return None;
                }
                q.close
                    .and_then(|c| self.after_quote(ctx, c))
                    .or_else(|| self.before_quote(ctx, q.open))
            })
            .collect();
        // Interrupted quotes (`“A,” she said, “B.”`) and later quotes of the same paragraph
        // with no cue of their own share the attribution before them.
        for k in 1..quotes.len() {
            if attrs[k].is_none() && attrs[k - 1].is_some() {
                let same_para = ctx.tok_para[quotes[k - 1].open] == ctx.tok_para[quotes[k].open];
                let other_cue = (quotes[k - 1].inner.end..quotes[k].open).any(|i| {
                    ctx.is_cue(i)
                        && attrs[k - 1]
                            .as_ref()
                            .and_then(|a| a.cue.clone())
                            .is_none_or(|c| !c.contains(&i))
                });
                if same_para && !other_cue && words_in(ctx, &quotes[k].inner) > 3 {
                    attrs[k] = attrs[k - 1].clone();
                }
            }
        }
        // Multi-paragraph quotes: fragments share the attribution of the chain.
        for k in (0..quotes.len()).rev() {
            if let Some(p) = quotes[k].continues {
                if attrs[p].is_none() && attrs[k].is_some() {
                    attrs[p] = attrs[k].clone();
                }
            }
        }
        for k in 0..quotes.len() {
            if let Some(p) = quotes[k].continues {
                if attrs[k].is_none() && attrs[p].is_some() {
                    attrs[k] = attrs[p].clone();
                }
            }
        }
        for a in attrs.iter().flatten() {
            if let Some(c) = &a.cue {
                for i in c.clone() {
                    used_cue[i] = true;
                }
            }
        }
        // Indirect and mixed attributions from the remaining cues.
        let mut claimed = vec![false; quotes.len()];
        for (k, a) in attrs.iter().enumerate() {
            claimed[k] = a.is_some();
        }
        let mut found: Vec<(Quote, usize)> = Vec::new();
        // Known speakers by position, for quotes that carry on after an attribution.
        let mut known: Vec<(usize, Range<usize>, Option<Range<usize>>)> = Vec::new();
        let mut v = 0;
        while v < ctx.n() {
            let strict = ctx.is_cue(v) || ctx.is_according(v);
            // Beyond the strict list, a cue must read as a verb of framing ("called",
            // "slammed"), not a word that is as often a noun ("island state").
            let framing = ctx.is_loose_cue(v)
                && (FRAMING_VERBS.contains(&ctx.lower[v].as_str()) || ctx.lower[v].ends_with("ed"));
            let cue_here = (strict || framing) && !used_cue[v] && !ctx.in_quote[v];
            if !cue_here {
                v += 1;
                continue;
            }
            let Some((attr, content)) = self.indirect(ctx, v) else {
                v += 1;
                continue;
            };
            let cspan = ctx.span(&content);
            let mut mixed = false;
            let mut all_quote = None;
            let overlapping = overlapping_quotes(quotes, cspan);
            for (k, q) in quotes
                .iter()
                .enumerate()
                .take(overlapping.end)
                .skip(overlapping.start)
            {
                {
                    if claimed[k] {
                        // Content already given to a direct quote: drop this reading.
                        mixed = false;
                        all_quote = Some(usize::MAX);
                        break;
                    }
                    mixed = true;
                    if words_in(ctx, &(content.start..q.open)) == 0
                        && (q.inner.end..content.end).all(|i| !ctx.is_word(i))
                    {
                        all_quote = Some(k);
                    }
                }
            }
            if all_quote == Some(usize::MAX)
                || (!strict && !mixed)
                || (!mixed && words_in(ctx, &content) < 3)
            {
                v += 1;
                continue;
            }
            if let Some(k) = all_quote {
                // The clause is one quote: a direct quote cued by this verb.
                attrs[k] = Some(attr.clone());
                claimed[k] = true;
                v += 1;
                continue;
            }
            for c in &mut claimed[overlapping] {
                *c = true;
            }
            if let Some(sp) = &attr.speaker {
                known.push((v, sp.clone(), attr.cue.clone()));
            }
            let kind = if mixed {
                QuoteKind::Mixed
            } else {
                QuoteKind::Indirect
            };
            found.push((self.quote(ctx, kind, cspan, &attr), content.start));
            for i in attr.cue.clone().unwrap_or(v..v + 1) {
                used_cue[i] = true;
            }
            v = content.end.max(v + 1);
        }
        // Headline-style attributions: `Roll: Talks Are Over` (a name, a colon, a clause).
        for sent in &doc.seg.sentences {
            let r = sent.tokens();
            let Some(c) = r.clone().take(7).find(|&k| ctx.tok(k) == ":") else {
                continue;
            };
            if c == r.start || used_cue[c] || ctx.in_quote[c] {
                continue;
            }
            let Some(sp) = ctx.np_before(r.start, c).filter(|sp| sp.start == r.start) else {
                continue;
            };
            let named = sp.clone().any(|i| ctx.tok_entity[i].is_some())
                || sp
                    .clone()
                    .all(|i| ctx.tok(i).starts_with(char::is_uppercase));
            let mut end = r.end;
            while end > c + 1 && !ctx.is_word(end - 1) && !ctx.in_quote[end - 1] {
                end -= 1;
            }
            let content = c + 1..end;
            if !named || words_in(ctx, &content) < 3 {
                continue;
            }
            let cspan = ctx.span(&content);
            let overlapping: Vec<usize> = overlapping_quotes(quotes, cspan).collect();
            if overlapping.iter().any(|&k| claimed[k]) {
                continue;
            }
            let attr = Attr {
                cue: Some(c..c + 1),
                speaker: Some(sp),
            };
            if let [k] = overlapping[..] {
                if words_in(ctx, &(content.start..quotes[k].open)) == 0 {
                    attrs[k] = Some(attr);
                    claimed[k] = true;
                    continue;
                }
            }
            for &k in &overlapping {
                claimed[k] = true;
            }
            used_cue[c] = true;
            let kind = if overlapping.is_empty() {
                QuoteKind::Indirect
            } else {
                QuoteKind::Mixed
            };
            found.push((self.quote(ctx, kind, cspan, &attr), content.start));
        }
        // Direct quotes: attributed ones, quote paragraphs continuing a speaker, and long
        // uncued quotes (speaker unknown). Short uncued ones are scare quotes.
        for (k, a) in attrs.iter().enumerate() {
            if let Some(a) = a {
                if let Some(sp) = &a.speaker {
                    known.push((quotes[k].open, sp.clone(), a.cue.clone()));
                }
            }
        }
        known.sort_by_key(|(p, _, _)| *p);
        let mut last_attr: Option<(usize, Attr)> = None;
        for (k, q) in quotes.iter().enumerate() {
            if claimed[k] && attrs[k].is_none() {
                continue;
            }
            let para = ctx.tok_para[q.open];
            let attr = match &attrs[k] {
                Some(a) => Some(a.clone()),
                None => {
                    let para_start = ctx.para_range(q.open).start;
                    let opens_para = q.open == para_start;
                    let opens_sentence = ctx.sent_range(q.open).start == q.open;
                    let before = known[..known.partition_point(|(p, _, _)| *p < q.open)].last();
                    match (&last_attr, before) {
                        (Some((p, a)), _) if opens_para && para <= p + 1 => Some(Attr {
                            cue: a.cue.clone(),
                            speaker: a.speaker.clone(),
                        }),
                        (_, Some((p, sp, cue)))
                            if (opens_para || (opens_sentence && ctx.tok_para[*p] == para))
                                && ctx.tok_para[*p] + 1 >= para =>
                        {
                            Some(Attr {
                                cue: cue.clone(),
                                speaker: Some(sp.clone()),
                            })
                        }
                        _ => None,
                    }
                }
            };
            if attr.is_none() && (words_in(ctx, &q.inner) <= 3 || !self.keep_unattributed) {
                continue;
            }
            let attr = attr.unwrap_or(Attr {
                cue: None,
                speaker: None,
            });
            if attrs[k].is_some() || attr.speaker.is_some() {
                last_attr = Some((para, attr.clone()));
            }
            found.push((
                self.quote(ctx, QuoteKind::Direct, q.outer, &attr),
                q.inner.start,
            ));
        }
        found.into_iter().map(|(q, _)| q).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ambiguous_words_are_neither_strict_cues_nor_listed_cue_words() {
        let a = RuleAttributor::default();
        let table: Vec<&str> = LEARNED
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').next())
            .collect();
        for w in AMBIGUOUS {
            assert!(
                !a.verbs.contains(w),
                "{w:?} is excluded as ambiguous and yet a strict cue"
            );
            assert!(
                !table.contains(w),
                "{w:?} is in data/cue_words.tsv and in AMBIGUOUS: drop it from one \
                 (data/cue_words.overrides.tsv or AMBIGUOUS)"
            );
        }
        assert!(a.verbs.contains("said") && a.verbs.contains("say"));
    }
}
