//! The built-in entity tagger: a greedy averaged perceptron over BILOU labels.
//!
//! **Why this model.** An averaged structured perceptron with rich, hashed features is the
//! classic fast, strong linear tagger for news NER (Collins 2002; Ratinov & Roth 2009 showed
//! that greedy left-to-right decoding with label-history and document-memory features matches
//! Viterbi). It trains in a minute on two cores, tags hundreds of thousands of tokens a
//! second, and its weights quantize to a few MB. BILOU labels (Begin/Inside/Last/Unit/Out)
//! beat BIO for linear models, and decoding only allows well-formed label sequences.
//!
//! **Features** (see `features.rs`): words and lower-cased words in a ±2 window, word shapes,
//! prefixes and suffixes, bigrams, capitalization in context (sentence start, all-caps
//! headlines), gazetteers (countries and demonyms from the country table, first names,
//! organization suffixes, person titles), document statistics (is this word
//! usually lower case in this article?), the previous two labels, and what earlier mentions
//! of the same word in the document were tagged ("Roll" after "Madis Roll").
//!
//! **Word clusters and lexicons.** Cluster paths of the words around the token (learned from
//! unlabeled news text, `data/word_clusters.tsv`, and from the word embeddings of the
//! all-MiniLM-L6-v2 encoder, `data/embedding_clusters.tsv`), the organization gazetteer
//! (`data/organizations.tsv`), the entity lexicon (names tagged in CoNLL train,
//! `data/entity_lexicon.tsv`, jackknifed in training) and what the article's other mentions of
//! a capitalized word say about it (a title or a given name before it, an organization word
//! after it).
//!
//! **Two passes.** The tagger reads each article twice (stacking, after Ratinov & Roth): the
//! second pass also sees what the first made of the same word elsewhere in the article,
//! later mentions included, and of the longer names it was part of (`first_pass.rs`). Both
//! passes use the same weights; the first simply has no such evidence. In training, each
//! article is first tagged by the model as it stands, then the second pass is trained.
//!
//! **Seed ensemble.** The shipped weights are the mean of four models trained in different
//! document orders (`PerceptronModel::mean`): scores are linear in the weights, so the mean
//! model scores like the average of the four at the cost of one (see `data/README.md`).
//!
//! **Speed.** A lower-case word or a punctuation mark outside a name is tagged O without
//! scoring (0.1% of CoNLL's names start with one; two thirds of news tokens are such words),
//! and a loaded model scores with the file's 16-bit weights.
//!
//! **Rules after decoding.** A title is no part of a name; a given name followed by an unknown
//! word of another type is one person ("Arvo Kübarsepp"); an adjective of place before
//! acronyms is not part of the organization ("a Nordic NATO ally"); a country before a job title
//! is the country alone ("U.S. Deputy Secretary of State"); a name does not end in a lower-case
//! word; a US state tagged as an organization is a place unless a score follows; a place joined
//! to a participle ("Tallinn-based") is one misc mention; names joined by "&" with an
//! organization on one side are one organization; a gazetteer platform after "on" or "via" is
//! an organization; a capitalized run before an apposition naming an outlet (", a trade
//! publication,") is one organization; a geographic feature ("Gulf of Finland") is a place.
//!
//! **Rules over the final output** (`final_rules.rs`, after the second pass only, so they
//! change no weight): a name with its country ("Fenerbahce of Turkey") is the name and the
//! country; "Truth and" joins "Reconciliation Commission"; both names of a score line ("Los
//! Angeles 5 Montreal 1") are teams; a one-word part of a person's full name in the article is
//! that person; a "person" the article treats as a company ("said it downgraded", "shares in
//! X") and never as a person is an organization; a name and an untagged geographic head word
//! after it ("Baltic" + "Sea") are one place.
//!
//! **Model file.** `WSNERPER` magic, a format version, the hashing size and label count, then
//! the non-zero weight rows as 16-bit integers with one scale, and an FNV-1a checksum of
//! everything before it. A wrong, truncated or corrupt file is an [`Error::Model`].

use super::features::{self, DocStats, Lexicons, TokenInfo};
use super::final_rules;
use super::first_pass::FirstPass;
use super::EntityTagger;
use crate::linear::{Averager, LinearModel, QuantTable};
use crate::segment::Segmentation;
use crate::{Entity, EntityKind, Error, Result, Span};

const MAGIC: &[u8; 8] = b"WSNERPER";

/// Entity types the tagger predicts, in label order.
pub(crate) const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];
const N_LABELS: usize = 1 + 4 * TYPES.len();
pub(super) const O: usize = 0;
/// Type indices, in [`TYPES`] order.
pub(super) const PER: usize = 0;
pub(super) const ORG: usize = 1;
pub(super) const LOC: usize = 2;
pub(super) const MISC: usize = 3;

#[inline]
fn label(t: usize, part: usize) -> usize {
    1 + t * 4 + part
}
const B: usize = 0;
const I: usize = 1;
const L: usize = 2;
const U: usize = 3;

#[inline]
fn type_of(l: usize) -> Option<usize> {
    (l != O).then(|| (l - 1) / 4)
}
#[inline]
fn part_of(l: usize) -> usize {
    (l - 1) % 4
}

/// Labels allowed after `prev`, given whether the token is the sentence's last.
#[inline]
fn allowed(prev: usize, l: usize, last: bool) -> bool {
    let open = prev != O && matches!(part_of(prev), B | I);
    if open {
        let t = type_of(prev);
        l != O && type_of(l) == t && (part_of(l) == L || (part_of(l) == I && !last))
    } else {
        l == O || matches!(part_of(l), U) || (part_of(l) == B && !last)
    }
}

/// Perceptron weights for the NER labels: a hashed linear model, stored as a versioned,
/// checksummed file (see `models/README.md`).
///
/// A trained model holds `f32` weights; a loaded one the file's 16-bit weights, which score
/// the same labels while reading half the memory.
#[derive(Clone, Debug)]
pub struct PerceptronModel(Weights);

#[derive(Clone, Debug)]
enum Weights {
    /// Built by training only.
    #[cfg_attr(not(feature = "training"), allow(dead_code))]
    Float(LinearModel),
    Quant(QuantTable),
}

impl PerceptronModel {
    #[cfg(feature = "training")]
    fn zeros(bits: u32) -> Self {
        PerceptronModel(Weights::Float(LinearModel::zeros(bits, N_LABELS)))
    }

    /// The `f32` weights of a model being trained.
    fn float(&self) -> &LinearModel {
        match &self.0 {
            Weights::Float(m) => m,
            Weights::Quant(_) => unreachable!("training starts from zeros"),
        }
    }

    #[cfg(feature = "training")]
    fn float_mut(&mut self) -> &mut LinearModel {
        match &mut self.0 {
            Weights::Float(m) => m,
            Weights::Quant(_) => unreachable!("training starts from zeros"),
        }
    }

    /// Adds the weights of the row of feature hash `h` to `score`.
    #[inline]
    fn add_row(&self, h: u64, score: &mut [f32; N_LABELS]) {
        match &self.0 {
            Weights::Float(m) => {
                let r = m.row(h);
                for (sc, w) in score.iter_mut().zip(&m.weights[r..r + N_LABELS]) {
                    *sc += *w;
                }
            }
            Weights::Quant(q) => {
                let r = q.row(h);
                for (sc, &w) in score.iter_mut().zip(&q.weights[r..r + N_LABELS]) {
                    *sc += f32::from(w);
                }
            }
        }
    }

    /// Serializes the model; weights below `prune` in magnitude are dropped.
    #[cfg(feature = "training")]
    pub fn to_bytes(&self, prune: f32) -> Vec<u8> {
        match &self.0 {
            Weights::Float(m) => m.to_bytes(MAGIC, prune),
            Weights::Quant(q) => q.to_float().to_bytes(MAGIC, prune),
        }
    }

    /// The mean of models of the same size (as [`train`] gives them for different seeds).
    /// A label's score is a sum of weights, so the mean model scores every label with the
    /// mean of the models' scores, in both passes: an ensemble that costs one model at run
    /// time. `None` when `models` is empty or their sizes differ.
    #[cfg(feature = "training")]
    pub fn mean(models: &[&PerceptronModel]) -> Option<PerceptronModel> {
        let floats: Vec<LinearModel> = models
            .iter()
            .map(|m| match &m.0 {
                Weights::Float(f) => f.clone(),
                Weights::Quant(q) => q.to_float(),
            })
            .collect();
        let (first, rest) = floats.split_first()?;
        let mut mean = first.clone();
        for m in rest {
            if m.weights.len() != mean.weights.len() {
                return None;
            }
            for (w, x) in mean.weights.iter_mut().zip(&m.weights) {
                *w += x;
            }
        }
        let k = floats.len() as f32;
        for w in &mut mean.weights {
            *w /= k;
        }
        Some(PerceptronModel(Weights::Float(mean)))
    }

    /// Loads a model file (as `examples/train_ner.rs` writes it), checking magic, version,
    /// label count, checksum and every header field against the file's length before
    /// allocating.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        QuantTable::from_bytes(bytes, MAGIC, N_LABELS, "perceptron NER")
            .map(|q| PerceptronModel(Weights::Quant(q)))
    }
}

/// Scratch buffers for decoding one document.
#[derive(Default)]
struct Scratch {
    feats: Vec<u64>,
    scores: Vec<[f32; N_LABELS]>,
    labels: Vec<usize>,
}

/// Decoding state shared across the sentences of one document.
#[derive(Default)]
struct DocMemory {
    /// Lower-cased word hash → type (1 + type index) it was last tagged with, or 0.
    last_type: features::IdMap<u8>,
    /// Lower-cased word hash → how often it was tagged O and each type so far.
    history: features::IdMap<[u8; 5]>,
}

const N_DYNAMIC: usize = 5;

const NONE_LABEL: u64 = 99;

fn dynamic_features(
    infos: &[TokenInfo],
    labels: &[usize],
    mem: &DocMemory,
    i: usize,
    out: &mut [u64; N_DYNAMIC],
) {
    let p1 = if i >= 1 {
        labels[i - 1] as u64
    } else {
        NONE_LABEL
    };
    let p2 = if i >= 2 {
        labels[i - 2] as u64
    } else {
        NONE_LABEL
    };
    out[0] = features::hash_parts(100, p1, 0);
    out[1] = features::hash_parts(101, p1, p2);
    out[2] = features::hash_parts(102, p1, infos[i].lower_h);
    let m = mem.last_type.get(&infos[i].lower_h).copied().unwrap_or(0);
    out[3] = features::hash_parts(103, u64::from(m), u64::from(infos[i].init_cap));
    // The majority of earlier decisions on this word, and whether they all agreed.
    out[4] = match mem.history.get(&infos[i].lower_h) {
        Some(h) => {
            let (best, &n) = h
                .iter()
                .enumerate()
                .max_by_key(|&(t, n)| (*n, std::cmp::Reverse(t)))
                .unwrap_or((0, &0));
            let total: u32 = h.iter().map(|&x| u32::from(x)).sum();
            let unanimous = u32::from(n) == total;
            features::hash_parts(104, best as u64, u64::from(unanimous))
        }
        None => features::hash_parts(104, 9, 0),
    };
}

/// Per-token facts of every sentence of a document, and the document's word statistics:
/// the first pass before decoding, computed once per sentence.
fn document_infos<'w>(
    lex: &Lexicons,
    sentences: impl Iterator<Item = &'w [&'w str]>,
) -> (Vec<Vec<TokenInfo>>, DocStats) {
    let mut doc = DocStats::default();
    let infos = sentences
        .map(|words| {
            let mut infos = Vec::new();
            features::token_infos(lex, words, &mut infos);
            doc.add_sentence(words, &infos);
            infos
        })
        .collect();
    (infos, doc)
}

/// The greedy decoder, shared by tagging and training.
#[allow(clippy::too_many_arguments)] // one sentence's inputs, document state and trainer
fn decode_sentence(
    model: &PerceptronModel,
    lex: &Lexicons,
    words: &[&str],
    infos: &[TokenInfo],
    doc: &DocStats,
    mem: &mut DocMemory,
    s: &mut Scratch,
    first: Option<&FirstPass>,
    mut train: Option<(&[usize], &mut Averager)>,
) {
    let n = words.len();
    let letters = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    let sentence_caps =
        letters >= 3 && infos.iter().filter(|t| t.all_caps).count() * 10 >= letters * 8;
    s.labels.clear();
    s.scores.clear();
    for i in 0..n {
        // A lower-case word or a punctuation mark outside a name opens no name (0.1% of the
        // names in CoNLL-2003 train do): it is O without scoring, in training as in tagging.
        // Two thirds of the tokens of news text are such words.
        let prev = s.labels.last().copied().unwrap_or(O);
        let open = prev != O && matches!(part_of(prev), B | I);
        if !open && infos[i].plain {
            let mut l = O;
            if let Some((gold, _)) = train.as_ref() {
                if allowed(prev, gold[i], i + 1 == n) {
                    l = gold[i];
                }
            }
            s.labels.push(l);
            continue;
        }
        features::static_features(words, infos, doc, sentence_caps, i, &mut s.feats);
        if let Some(fp) = first {
            fp.features(infos, i, &mut s.feats);
        }
        let mut dynf = [0u64; N_DYNAMIC];
        dynamic_features(infos, &s.labels, mem, i, &mut dynf);
        let mut score = [0f32; N_LABELS];
        for &h in s.feats.iter().chain(dynf.iter()) {
            model.add_row(h, &mut score);
        }
        let prev = if i > 0 { s.labels[i - 1] } else { O };
        let last = i + 1 == n;
        let mut best = O;
        let mut best_score = f32::NEG_INFINITY;
        for (l, &sc) in score.iter().enumerate() {
            if allowed(prev, l, last) && sc > best_score {
                best = l;
                best_score = sc;
            }
        }
        if let Some((gold, trainer)) = train.as_mut() {
            let g = gold[i];
            if best != g {
                trainer.update(model.float(), s.feats.iter().chain(dynf.iter()), g, best);
            }
            // Follow the gold path when the gold label is reachable, else the prediction.
            if allowed(prev, g, last) {
                best = g;
            }
        }
        s.labels.push(best);
    }
    if train.is_none() {
        trim_lowercase_tails(words, &mut s.labels);
        split_titles(words, lex, &mut s.labels);
        join_first_names(words, infos, &mut s.labels);
        split_adjectives(words, lex, &mut s.labels);
        split_country_titles(words, lex, &mut s.labels);
        states_as_places(words, &mut s.labels);
        hyphen_modifiers(words, &mut s.labels);
        ampersand_names(words, &mut s.labels);
        platforms_in_context(words, infos, &mut s.labels);
        outlet_appositions(words, &mut s.labels);
        geographic_names(words, &mut s.labels);
        if first.is_some() {
            final_rules::sentence(words, infos, lex, &mut s.labels);
        }
        for (a, b, t) in chunks(&s.labels) {
            // "Nordic", "Scandinavian" alone are adjectives (misc), not places.
            if b - a == 1 && t == LOC && ADJECTIVES_NOT_PLACES.contains(&words[a]) {
                s.labels[a] = label(MISC, U);
            }
        }
    }
    // Remember what each capitalized word was tagged as.
    for (info, &l) in infos.iter().zip(&s.labels) {
        if info.init_cap {
            let t = type_of(l).map_or(0, |t| t as u8 + 1);
            mem.last_type.insert(info.lower_h, t);
            let h = mem.history.entry(info.lower_h).or_default();
            h[usize::from(t)] = h[usize::from(t)].saturating_add(1);
        }
    }
}

/// Splits a predicted chunk that swallowed a title and a name ("British Defence Secretary
/// Alistair Penhallow" as one organization) into the name as a person and, when the chunk
/// opens with a demonym, that demonym as a nationality. Titles are not part of names.
fn split_titles(words: &[&str], lex: &Lexicons, labels: &mut [usize]) {
    for (a, b, _) in chunks(labels) {
        if b - a < 2 {
            continue;
        }
        let is_title = crate::words::is_split_title;
        let Some(k) = (a..b - 1).rev().find(|&k| is_title(words[k])) else {
            continue;
        };
        let tail = k + 1..b;
        let name_like = tail.len() <= 3
            && words[tail.clone()]
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase) && !is_title(w));
        if !name_like {
            continue;
        }
        for l in &mut labels[a..b] {
            *l = O;
        }
        if k > a && lex.countries.by_demonym(words[a]).is_some() {
            labels[a] = label(MISC, U);
        }
        if tail.len() == 1 {
            labels[k + 1] = label(PER, U);
        } else {
            labels[k + 1] = label(PER, B);
            for l in &mut labels[k + 2..b - 1] {
                *l = label(PER, I);
            }
            labels[b - 1] = label(PER, L);
        }
    }
}

/// Names do not end in a lower-case word: a chunk that swallowed one ("BBC reported") ends
/// before it.
fn trim_lowercase_tails(words: &[&str], labels: &mut [usize]) {
    let is_lower = |w: &str| w.chars().all(char::is_lowercase);
    for (a, b, t) in chunks(labels) {
        let mut end = b;
        while end > a && is_lower(words[end - 1]) {
            end -= 1;
        }
        if end == b {
            continue;
        }
        for l in &mut labels[end..b] {
            *l = O;
        }
        match end - a {
            0 => {}
            1 => labels[a] = label(t, U),
            _ => labels[end - 1] = label(t, L),
        }
    }
}

/// A known given name tagged as a one-word person and directly followed by a one-word
/// mention of another type ("Arvo" PER, "Kübarsepp" LOC) is one person: a surname the model
/// did not know.
fn join_first_names(words: &[&str], infos: &[TokenInfo], labels: &mut [usize]) {
    let cs = chunks(labels);
    for pair in cs.windows(2) {
        let ((a, b, t), (c, d, u)) = (pair[0], pair[1]);
        let name_like = words[c].chars().next().is_some_and(char::is_uppercase)
            && !infos[c].all_caps
            && infos[c].gaz & (features::G_COUNTRY_B | features::G_DEMONYM) == 0;
        if t == PER
            && b - a == 1
            && c == b
            && d - c == 1
            && u != PER
            && name_like
            && infos[a].gaz & features::G_FIRST != 0
        {
            labels[a] = label(PER, B);
            labels[c] = label(PER, L);
        }
    }
}

/// Words that open a job title after a country ("U.S. Deputy Secretary of State").
const TITLE_OPENERS: &[&str] = &[
    "Deputy",
    "Vice",
    "Assistant",
    "Acting",
    "Foreign",
    "Defence",
    "Defense",
    "Interior",
    "Finance",
    "Prime",
    "Trade",
    "Health",
    "Energy",
    "Economy",
];

/// A chunk made of a country (or demonym) and a job title ("U.S. Deputy Secretary of State"
/// as one mention) keeps only the country: the title is no name.
fn split_country_titles(words: &[&str], lex: &Lexicons, labels: &mut [usize]) {
    for (a, b, _) in chunks(labels) {
        if b - a < 2 {
            continue;
        }
        let next = words[a + 1];
        let title = TITLE_OPENERS.contains(&next) || crate::words::is_split_title(next);
        let kind = if lex.countries.by_name(words[a]).is_some() {
            LOC
        } else if lex.countries.by_demonym(words[a]).is_some() {
            MISC
        } else {
            continue;
        };
        if !title {
            continue;
        }
        labels[a] = label(kind, U);
        for l in &mut labels[a + 1..b] {
            *l = O;
        }
    }
}

/// The fifty US states.
pub(crate) const US_STATES: &[&str] = &[
    "Alabama",
    "Alaska",
    "Arizona",
    "Arkansas",
    "California",
    "Colorado",
    "Connecticut",
    "Delaware",
    "Florida",
    "Georgia",
    "Hawaii",
    "Idaho",
    "Illinois",
    "Indiana",
    "Iowa",
    "Kansas",
    "Kentucky",
    "Louisiana",
    "Maine",
    "Maryland",
    "Massachusetts",
    "Michigan",
    "Minnesota",
    "Mississippi",
    "Missouri",
    "Montana",
    "Nebraska",
    "Nevada",
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Ohio",
    "Oklahoma",
    "Oregon",
    "Pennsylvania",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "Tennessee",
    "Texas",
    "Utah",
    "Vermont",
    "Virginia",
    "Washington",
    "West Virginia",
    "Wisconsin",
    "Wyoming",
];

/// A US state tagged as an organization ("Clinton won Nevada") is a place, unless a score
/// follows it ("Arizona 5 Colorado 3": the team named after the state, an organization).
fn states_as_places(words: &[&str], labels: &mut [usize]) {
    for (a, b, t) in chunks(labels) {
        if t != ORG || b - a > 2 {
            continue;
        }
        let is_state = match b - a {
            1 => US_STATES.contains(&words[a]),
            _ => US_STATES
                .iter()
                .any(|s| s.split_once(' ') == Some((words[a], words[a + 1]))),
        };
        let score = words
            .get(b)
            .is_some_and(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()));
        if !is_state || score {
            continue;
        }
        for l in &mut labels[a..b] {
            *l = label(LOC, part_of(*l));
        }
    }
}

/// Participles that make a capitalized word before a hyphen a modifier ("Tallinn-based").
const HYPHEN_PARTICIPLES: &[&str] = &[
    "based",
    "born",
    "listed",
    "led",
    "controlled",
    "owned",
    "backed",
    "run",
    "made",
    "registered",
    "sponsored",
    "held",
    "bound",
    "funded",
    "speaking",
    "trained",
    "flagged",
];

/// Whether `w` is a capitalized word, a hyphen and a participle of [`HYPHEN_PARTICIPLES`].
fn is_hyphen_modifier(w: &str) -> bool {
    w.rsplit_once('-').is_some_and(|(head, tail)| {
        head.chars().next().is_some_and(char::is_uppercase) && HYPHEN_PARTICIPLES.contains(&tail)
    })
}

/// Writes one well-formed chunk of type `t` over `labels[a..b]`.
pub(super) fn set_chunk(labels: &mut [usize], a: usize, b: usize, t: usize) {
    if b - a == 1 {
        labels[a] = label(t, U);
        return;
    }
    labels[a] = label(t, B);
    for l in &mut labels[a + 1..b - 1] {
        *l = label(t, I);
    }
    labels[b - 1] = label(t, L);
}

/// A place joined to a participle ("Tallinn-based", "Hong Kong-listed", "Brazilian-born")
/// is one misc mention (CoNLL's convention): never the first word of a longer name of
/// another kind ("Minneapolis-based First Bank System Inc." is the modifier and the
/// organization; "Urdu-speaking Moslems" stays one misc mention), and
/// it takes in a name the tagger split off right before it ("Hong" + "Kong-listed").
fn hyphen_modifiers(words: &[&str], labels: &mut [usize]) {
    let mut prev: Option<(usize, usize)> = None;
    for (a, b, t) in chunks(labels) {
        if let Some(i) = (a..b).find(|&i| is_hyphen_modifier(words[i])) {
            if i == a && b > a + 1 && t != MISC {
                set_chunk(labels, a, a + 1, MISC);
                set_chunk(labels, a + 1, b, t);
            } else if i + 1 == b {
                let start = match prev {
                    Some((pa, pb)) if pb == a && a == i => pa,
                    _ => a,
                };
                set_chunk(labels, start, b, MISC);
            }
        }
        prev = Some((a, b));
    }
}

/// Names joined by an ampersand where either side is an organization ("Douglas & Lomason",
/// "Bear Stearns & Co Inc", "A.G. Edwards & Sons") are one organization: the tagger often
/// reads the first part as a person. The parts run over the chunks next to the "&", or over
/// the capitalized words there when a side is untagged.
fn ampersand_names(words: &[&str], labels: &mut [usize]) {
    let n = words.len();
    let cap = |k: usize| words[k].chars().next().is_some_and(char::is_uppercase);
    for k in 1..n.saturating_sub(1) {
        if words[k] != "&" || labels[k] != O {
            continue;
        }
        // The left part: the chunk ending right before, else a capitalized word.
        let left_type = type_of(labels[k - 1]).filter(|_| matches!(part_of(labels[k - 1]), L | U));
        let mut a = k - 1;
        if left_type.is_some() {
            while a > 0 && matches!(part_of(labels[a]), I | L) {
                a -= 1;
            }
        } else if !cap(k - 1) || labels[k - 1] != O {
            continue;
        }
        // The right part: the chunk starting right after, else the run of capitalized words.
        let right_type = type_of(labels[k + 1]).filter(|_| matches!(part_of(labels[k + 1]), B | U));
        let mut b = k + 2;
        if right_type.is_some() {
            while b <= n && !matches!(part_of(labels[b - 1]), L | U) {
                b += 1;
            }
        } else {
            if !cap(k + 1) || labels[k + 1] != O {
                continue;
            }
            while b < n && cap(b) && labels[b] == O {
                b += 1;
            }
        }
        if left_type != Some(ORG) && right_type != Some(ORG) || b > n {
            continue;
        }
        set_chunk(labels, a, b, ORG);
    }
}

/// A platform of the organization gazetteer after "on" or "via" ("follow him on Twitter",
/// "posted via Telegram") is an organization even where the tagger, reading it as the common
/// noun its word also is, left it out.
fn platforms_in_context(words: &[&str], infos: &[TokenInfo], labels: &mut [usize]) {
    const PLATFORM: u8 = 3;
    let n = words.len();
    for i in 1..n {
        let (pos, class) = (infos[i].org & 7, infos[i].org >> 3);
        if class != PLATFORM || !matches!(pos, 1 | 4) || !infos[i].init_cap {
            continue;
        }
        if !["on", "via"]
            .iter()
            .any(|p| words[i - 1].eq_ignore_ascii_case(p))
        {
            continue;
        }
        // The whole match: through its last token (position 3) when it has several.
        let end = if pos == 4 {
            i + 1
        } else {
            match (i + 1..n).find(|&k| infos[k].org & 7 == 3) {
                Some(k) => k + 1,
                None => continue,
            }
        };
        if labels[i..end].iter().all(|&l| l == O) {
            set_chunk(labels, i, end, ORG);
        }
    }
}

/// Nouns that say, in an apposition, that the name before it is a news outlet.
const OUTLET_NOUNS: &[&str] = &[
    "publication",
    "newspaper",
    "magazine",
    "daily",
    "weekly",
    "tabloid",
    "broadcaster",
    "website",
    "journal",
    "newsletter",
];

/// A run of capitalized words followed by an apposition naming an outlet ("Baltic Shipping
/// Review, a trade publication, …", "Päevaleht, the Tallinn daily, …") is one organization,
/// whatever the tagger made of its words. The outlet noun must end the apposition (a comma,
/// period, "in" or "that" follows it), so that "Roll, a weekly columnist" stays a person.
fn outlet_appositions(words: &[&str], labels: &mut [usize]) {
    let n = words.len();
    let cap = |k: usize| words[k].chars().next().is_some_and(char::is_uppercase);
    let starts = |l: usize| l == O || matches!(part_of(l), B | U);
    let ends = |l: usize| l == O || matches!(part_of(l), L | U);
    for k in 1..n {
        if words[k] != "," || !cap(k - 1) {
            continue;
        }
        let det = words
            .get(k + 1)
            .is_some_and(|w| ["a", "an", "the"].iter().any(|d| w.eq_ignore_ascii_case(d)));
        let outlet = det
            && (k + 2..(k + 5).min(n)).any(|j| {
                OUTLET_NOUNS.contains(&words[j])
                    && words
                        .get(j + 1)
                        .is_none_or(|w| matches!(*w, "," | "." | "in" | "that"))
            });
        if !outlet {
            continue;
        }
        let mut a = k - 1;
        while a > 0 && cap(a - 1) {
            a -= 1;
        }
        if starts(labels[a]) && ends(labels[k - 1]) {
            set_chunk(labels, a, k, ORG);
        }
    }
}

/// Head words of the names of seas, gulfs, straits, lakes and other geographic features.
pub(super) const GEO_HEADS: &[&str] = &[
    "Gulf",
    "Bay",
    "Sea",
    "Strait",
    "Straits",
    "Lake",
    "Cape",
    "Isle",
    "Isles",
    "Ocean",
    "Peninsula",
    "River",
    "Island",
    "Islands",
];

/// A name of a geographic feature ("Gulf of Finland", "Bay of Biscay", "Baltic Sea") is a
/// place, whatever other type the tagger gave it: its head word opens it before "of" or
/// closes it.
fn geographic_names(words: &[&str], labels: &mut [usize]) {
    for (a, b, t) in chunks(labels) {
        let opens = b - a >= 3 && GEO_HEADS.contains(&words[a]) && words[a + 1] == "of";
        let closes = b - a >= 2 && GEO_HEADS.contains(&words[b - 1]);
        if t != LOC && (opens || closes) {
            set_chunk(labels, a, b, LOC);
        }
    }
}

/// Regional adjectives that are not demonyms of one country but open a name the way a
/// demonym does ("a Nordic NATO ally").
const REGION_ADJECTIVES: &[&str] = &[
    "Nordic",
    "Baltic",
    "Scandinavian",
    "European",
    "Western",
    "Eastern",
    "Arab",
    "African",
    "Asian",
    "Latin",
    "Balkan",
    "Caucasian",
];

/// Regional adjectives that never name a place on their own ("Baltic" may: the sea).
const ADJECTIVES_NOT_PLACES: &[&str] = &[
    "Nordic",
    "Scandinavian",
    "European",
    "Arab",
    "African",
    "Asian",
    "Balkan",
    "Caucasian",
];

/// True for an acronym: two or more letters (dots allowed), all capitals.
fn is_acronym(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && w.chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '-' || c.is_ascii_digit())
}

/// Splits a chunk made of an adjective of place and acronyms ("Nordic NATO", "Estonian EKRE")
/// into the adjective (a nationality or misc mention) and the acronyms as an organization:
/// the adjective describes the organization, it is not part of its name. Lower-case words
/// the chunk swallowed after the acronyms ("a Nordic NATO ally") are left out. "European
/// Union" is untouched (its second word is no acronym).
fn split_adjectives(words: &[&str], lex: &Lexicons, labels: &mut [usize]) {
    for (a, b, _) in chunks(labels) {
        let first = words[a];
        // An all-caps first word is a headline ("ENGLISH FA CUP"), not an adjective.
        if b - a < 2
            || is_acronym(first)
            || !(lex.countries.by_demonym(first).is_some() || REGION_ADJECTIVES.contains(&first))
        {
            continue;
        }
        let acr_end = (a + 1..b).find(|&k| !is_acronym(words[k])).unwrap_or(b);
        let rest_lower = words[acr_end..b]
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_lowercase));
        if acr_end == a + 1 || !rest_lower {
            continue;
        }
        labels[a] = label(MISC, U);
        if acr_end - a == 2 {
            labels[a + 1] = label(ORG, U);
        } else {
            labels[a + 1] = label(ORG, B);
            for l in &mut labels[a + 2..acr_end - 1] {
                *l = label(ORG, I);
            }
            labels[acr_end - 1] = label(ORG, L);
        }
        for l in &mut labels[acr_end..b] {
            *l = O;
        }
    }
}

/// The built-in perceptron entity tagger.
#[derive(Clone)]
pub struct PerceptronTagger {
    model: std::sync::Arc<PerceptronModel>,
    /// Word lists other than the built-in ones (another word-cluster table).
    lex: Option<std::sync::Arc<Lexicons>>,
}

impl std::fmt::Debug for PerceptronTagger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PerceptronTagger")
            .field("model", &self.model)
            .field("builtin_word_lists", &self.lex.is_none())
            .finish()
    }
}

const BUILTIN_MODEL: &[u8] = include_bytes!("../../models/ner-perceptron.bin");

impl PerceptronTagger {
    /// The model shipped in the crate.
    ///
    /// The model is parsed once per process and shared by every tagger made this way.
    pub fn builtin() -> Result<Self> {
        static MODEL: std::sync::OnceLock<Result<std::sync::Arc<PerceptronModel>, String>> =
            std::sync::OnceLock::new();
        match MODEL.get_or_init(|| {
            PerceptronModel::from_bytes(BUILTIN_MODEL)
                .map(std::sync::Arc::new)
                .map_err(|e| e.to_string())
        }) {
            Ok(m) => Ok(PerceptronTagger {
                model: m.clone(),
                lex: None,
            }),
            Err(reason) => Err(Error::Model {
                what: "built-in perceptron NER".into(),
                reason: reason.clone(),
            }),
        }
    }

    /// Loads a model file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        Ok(PerceptronTagger {
            model: std::sync::Arc::new(PerceptronModel::from_bytes(bytes)?),
            lex: None,
        })
    }

    /// Loads a model file.
    pub fn from_file(path: &std::path::Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_bytes(&bytes)
    }

    /// Wraps a trained model.
    pub fn from_model(model: PerceptronModel) -> Self {
        PerceptronTagger {
            model: std::sync::Arc::new(model),
            lex: None,
        }
    }

    /// Uses another word-cluster table (the format of `data/word_clusters.tsv`) instead of
    /// the built-in one: for a model trained with that table
    /// ([`TrainOptions::word_clusters`]).
    #[cfg(feature = "training")]
    pub fn with_word_clusters(mut self, tsv: &str) -> Result<Self> {
        self.lex = Some(std::sync::Arc::new(
            self.lexicons().with_word_clusters(tsv)?,
        ));
        Ok(self)
    }

    /// Uses another embedding-cluster table (the format of `data/embedding_clusters.tsv`)
    /// instead of the built-in one: for a model trained with that table
    /// ([`TrainOptions::embedding_clusters`]).
    #[cfg(feature = "training")]
    pub fn with_embedding_clusters(mut self, tsv: &str) -> Result<Self> {
        self.lex = Some(std::sync::Arc::new(
            self.lexicons().with_embedding_clusters(tsv)?,
        ));
        Ok(self)
    }

    /// Uses another entity lexicon (the format of `data/entity_lexicon.tsv`, see
    /// [`entity_lexicon`]) instead of the built-in one: for a model trained on other data.
    #[cfg(feature = "training")]
    pub fn with_entity_lexicon(mut self, tsv: &str) -> Result<Self> {
        self.lex = Some(std::sync::Arc::new(
            self.lexicons().with_entity_lexicon(tsv)?,
        ));
        Ok(self)
    }

    fn lexicons(&self) -> &Lexicons {
        self.lex.as_deref().unwrap_or_else(|| Lexicons::builtin())
    }

    #[cfg(feature = "training")]
    /// Tags pre-tokenized sentences of one document with CoNLL types; returns for each
    /// sentence the `(first token, end token, type)` chunks.
    pub fn tag_tokens(&self, sentences: &[Vec<&str>]) -> Vec<Vec<(usize, usize, &'static str)>> {
        self.tag_document(sentences.iter().map(Vec::as_slice))
            .into_iter()
            .map(|cs| cs.into_iter().map(|(a, b, t)| (a, b, TYPES[t])).collect())
            .collect()
    }

    /// The chunks of every sentence of one document.
    fn tag_document<'w>(
        &self,
        sentences: impl Iterator<Item = &'w [&'w str]> + Clone,
    ) -> Vec<Vec<(usize, usize, usize)>> {
        let lex = self.lexicons();
        let (infos, doc) = document_infos(lex, sentences.clone());
        let mut s = Scratch::default();
        let fp = first_pass(&self.model, lex, sentences.clone(), &infos, &doc, &mut s);
        let mut mem = DocMemory::default();
        let words: Vec<&[&str]> = sentences.collect();
        let mut out: Vec<Vec<(usize, usize, usize)>> = words
            .iter()
            .zip(&infos)
            .map(|(words, infos)| {
                decode_sentence(
                    &self.model,
                    lex,
                    words,
                    infos,
                    &doc,
                    &mut mem,
                    &mut s,
                    Some(&fp),
                    None,
                );
                chunks(&s.labels)
            })
            .collect();
        final_rules::article(&words, &mut out);
        out
    }
}

/// The first pass over a document: its decisions, without document-level evidence.
fn first_pass<'w>(
    model: &PerceptronModel,
    lex: &Lexicons,
    sentences: impl Iterator<Item = &'w [&'w str]>,
    infos: &[Vec<TokenInfo>],
    doc: &DocStats,
    s: &mut Scratch,
) -> FirstPass {
    let mut fp = FirstPass::default();
    let mut mem = DocMemory::default();
    for (words, infos) in sentences.zip(infos) {
        decode_sentence(model, lex, words, infos, doc, &mut mem, s, None, None);
        fp.add_sentence(infos, &chunks(&s.labels));
    }
    fp
}

/// Turns BILOU labels into `(start, end, type)` token chunks.
pub(super) fn chunks(labels: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &l) in labels.iter().enumerate() {
        let Some(t) = type_of(l) else {
            start = None;
            continue;
        };
        match part_of(l) {
            U => out.push((i, i + 1, t)),
            B => start = Some(i),
            L => {
                if let Some(s) = start.take() {
                    out.push((s, i + 1, t));
                }
            }
            _ => {}
        }
    }
    out
}

fn kind_of(t: usize) -> EntityKind {
    match t {
        0 => EntityKind::Person,
        1 => EntityKind::Organization,
        2 => EntityKind::Location,
        _ => EntityKind::Misc,
    }
}

impl EntityTagger for PerceptronTagger {
    fn tag(&self, text: &str, seg: &Segmentation, out: &mut Vec<Entity>) -> Result<()> {
        self.tag_into(text, seg, out);
        Ok(())
    }
}

impl PerceptronTagger {
    /// Appends the entity mentions of `text` to `out` (the built-in tagger cannot fail).
    pub fn tag_into(&self, text: &str, seg: &Segmentation, out: &mut Vec<Entity>) {
        let words: Vec<&str> = seg.tokens.iter().map(|&t| &text[t]).collect();
        let sentence_words = || seg.sentences.iter().map(|sent| &words[sent.tokens()]);
        let chunks = self.tag_document(sentence_words());
        for (sent, cs) in seg.sentences.iter().zip(chunks) {
            let toks = &seg.tokens[sent.tokens()];
            for (a, b, t) in cs {
                let span = Span::new(toks[a].start, toks[b - 1].end);
                out.push(Entity {
                    span,
                    text: text[span].to_string(),
                    kind: kind_of(t),
                    country: None,
                    group: None,
                });
            }
        }
    }
}

/// A CoNLL-style training sentence: tokens and their IOB2 tags (`B-PER`, `I-ORG`, `O`).
#[cfg(feature = "training")]
#[derive(Debug, Clone)]
pub struct TaggedSentence {
    /// Tokens.
    pub tokens: Vec<String>,
    /// IOB2 tags, one per token.
    pub tags: Vec<String>,
}

/// Converts IOB2 tags to BILOU label ids; unknown types become `O`.
#[cfg(feature = "training")]
fn bilou(tags: &[String]) -> Vec<usize> {
    let ty = |t: &str| TYPES.iter().position(|x| *x == t);
    let parsed: Vec<Option<(bool, usize)>> = tags
        .iter()
        .map(|t| {
            let (p, rest) = t.split_once('-')?;
            Some((p == "B", ty(rest)?))
        })
        .collect();
    let mut out = vec![O; tags.len()];
    for i in 0..tags.len() {
        let Some((begin, t)) = parsed[i] else {
            continue;
        };
        let starts = begin || i == 0 || parsed[i - 1].map(|(_, pt)| pt) != Some(t);
        let continues = parsed
            .get(i + 1)
            .copied()
            .flatten()
            .is_some_and(|(b, nt)| !b && nt == t);
        out[i] = label(
            t,
            match (starts, continues) {
                (true, false) => U,
                (true, true) => B,
                (false, true) => I,
                (false, false) => L,
            },
        );
    }
    out
}

/// Training settings.
#[cfg(feature = "training")]
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training documents.
    pub epochs: usize,
    /// log2 of the number of weight rows.
    pub bits: u32,
    /// Seed for the document order.
    pub seed: u64,
    /// A word-cluster table to train with instead of the built-in `data/word_clusters.tsv`
    /// (tag with the same table: [`PerceptronTagger::with_word_clusters`]).
    pub word_clusters: Option<String>,
    /// An embedding-cluster table to train with instead of the built-in
    /// `data/embedding_clusters.tsv` (tag with the same table:
    /// [`PerceptronTagger::with_embedding_clusters`]).
    pub embedding_clusters: Option<String>,
}

#[cfg(feature = "training")]
impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 10,
            bits: 20,
            seed: 7,
            word_clusters: None,
            embedding_clusters: None,
        }
    }
}

/// Folds of the jackknifed entity lexicon in training.
#[cfg(feature = "training")]
const LEXICON_FOLDS: usize = 5;

/// The entity lexicon of tagged documents, in the format of `data/entity_lexicon.tsv`: every
/// name tagged as an entity (tokens joined by a space), its most frequent type (ties: the
/// first of PER, ORG, LOC, MISC) and how often it was tagged. Deterministic (sorted by name).
#[cfg(feature = "training")]
pub fn entity_lexicon<'a>(docs: impl IntoIterator<Item = &'a Vec<TaggedSentence>>) -> String {
    let mut counts: std::collections::BTreeMap<String, [u32; 4]> = Default::default();
    for doc in docs {
        for s in doc {
            for (a, b, t) in chunks(&bilou(&s.tags)) {
                counts.entry(s.tokens[a..b].join(" ")).or_default()[t] += 1;
            }
        }
    }
    let mut out = String::from(
        "# Entity lexicon: names tagged as entities in CoNLL-2003 English train, their most\n\
         # frequent type and count. Derived by `cargo run --release --features training --example\n\
         # reproduce`; do not edit. See data/README.md.\n",
    );
    for (name, n) in counts {
        let (t, _) = n
            .iter()
            .enumerate()
            .max_by_key(|&(t, c)| (*c, std::cmp::Reverse(t)))
            .unwrap_or((0, &0));
        let total: u32 = n.iter().sum();
        out.push_str(&format!("{name}\t{}\t{total}\n", TYPES[t]));
    }
    out
}

/// Trains a model on documents (each a list of IOB2-tagged sentences). `on_epoch` sees the
/// averaged model after each epoch (for evaluation on held-out data).
#[cfg(feature = "training")]
pub fn train(
    docs: &[Vec<TaggedSentence>],
    opts: &TrainOptions,
    mut on_epoch: impl FnMut(usize, &PerceptronModel),
) -> Result<PerceptronModel> {
    if opts.epochs == 0 || !(8..=24).contains(&opts.bits) {
        return Err(Error::Config(
            "epochs must be ≥ 1 and bits within 8..=24".into(),
        ));
    }
    let mut own_lex = match &opts.word_clusters {
        Some(tsv) => Some(Lexicons::builtin().with_word_clusters(tsv)?),
        None => None,
    };
    if let Some(tsv) = &opts.embedding_clusters {
        let base = own_lex.as_ref().unwrap_or_else(|| Lexicons::builtin());
        own_lex = Some(base.with_embedding_clusters(tsv)?);
    }
    let lex = own_lex.as_ref().unwrap_or_else(|| Lexicons::builtin());
    // The entity lexicon, jackknifed: a training document sees the names of the documents in
    // the other folds only, as text outside the training data will.
    let fold_lex = (0..LEXICON_FOLDS)
        .map(|f| {
            let others = docs
                .iter()
                .enumerate()
                .filter(|(i, _)| i % LEXICON_FOLDS != f)
                .map(|(_, d)| d);
            lex.with_entity_lexicon(&entity_lexicon(others))
        })
        .collect::<Result<Vec<Lexicons>>>()?;
    let prepared: Vec<Prepared> = docs
        .iter()
        .enumerate()
        .map(|(d, doc)| {
            let words: Vec<Vec<&str>> = doc
                .iter()
                .map(|s| s.tokens.iter().map(String::as_str).collect())
                .collect();
            let lex = &fold_lex[d % LEXICON_FOLDS];
            let (infos, stats) = document_infos(lex, words.iter().map(Vec::as_slice));
            let gold = doc.iter().map(|s| bilou(&s.tags)).collect();
            Prepared {
                words,
                infos,
                stats,
                gold,
                lex,
            }
        })
        .collect();
    let m = train_run(&prepared, opts, |epoch, m| {
        on_epoch(epoch, &PerceptronModel(Weights::Float(m.clone())))
    });
    Ok(PerceptronModel(Weights::Float(m)))
}

/// A training document with what the decoder needs of it, computed once.
#[cfg(feature = "training")]
struct Prepared<'a> {
    words: Vec<Vec<&'a str>>,
    infos: Vec<Vec<TokenInfo>>,
    stats: DocStats,
    gold: Vec<Vec<usize>>,
    lex: &'a Lexicons,
}

/// Trains the tagger on the documents. Each document is first tagged by the model as it
/// stands (the first pass, which is not trained on its own), then decoded again with that
/// evidence and the weights updated. `on_epoch` sees the averaged weights after each epoch.
#[cfg(feature = "training")]
fn train_run(
    docs: &[Prepared],
    opts: &TrainOptions,
    mut on_epoch: impl FnMut(usize, &LinearModel),
) -> LinearModel {
    let (epochs, seed) = (opts.epochs, opts.seed);
    let mut model = PerceptronModel::zeros(opts.bits);
    let mut trainer = Averager::new(model.float());
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut rng = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut s = Scratch::default();
    for epoch in 0..epochs {
        crate::linear::shuffle(&mut order, &mut rng);
        for &d in &order {
            let p = &docs[d];
            let sentences = p.words.iter().map(Vec::as_slice);
            let first = first_pass(&model, p.lex, sentences, &p.infos, &p.stats, &mut s);
            let mut mem = DocMemory::default();
            for ((w, g), infos) in p.words.iter().zip(&p.gold).zip(&p.infos) {
                decode_sentence(
                    &model,
                    p.lex,
                    w,
                    infos,
                    &p.stats,
                    &mut mem,
                    &mut s,
                    Some(&first),
                    Some((g, &mut trainer)),
                );
                trainer.apply(model.float_mut());
            }
        }
        on_epoch(epoch + 1, &trainer.averaged(model.float()));
    }
    trainer.averaged(model.float())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "training")]
    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    #[cfg(feature = "training")]
    fn iob2_to_bilou() {
        let tags = strings(&[
            "B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-MISC", "I-ORG", "I-ORG", "I-ORG",
        ]);
        let got = bilou(&tags);
        assert_eq!(
            got,
            vec![
                label(0, B),
                label(0, L),
                O,
                label(2, U),
                label(2, U),
                label(3, U),
                label(1, B),
                label(1, I),
                label(1, L),
            ]
        );
        assert_eq!(
            chunks(&got),
            vec![(0, 2, 0), (3, 4, 2), (4, 5, 2), (5, 6, 3), (6, 9, 1)]
        );
    }

    /// Labels from chunk notation: `("PER", 0, 2)` over `n` tokens (types by name).
    fn labelled(n: usize, chunks_: &[(&str, usize, usize)]) -> Vec<usize> {
        let mut labels = vec![O; n];
        for &(t, a, b) in chunks_ {
            let t = TYPES.iter().position(|&x| x == t).unwrap();
            set_chunk(&mut labels, a, b, t);
        }
        labels
    }

    fn named(words: &[&str], labels: &[usize]) -> Vec<(String, &'static str)> {
        chunks(labels)
            .into_iter()
            .map(|(a, b, t)| (words[a..b].join(" "), TYPES[t]))
            .collect()
    }

    #[test]
    fn hyphen_modifiers_are_misc_and_stay_out_of_names() {
        let words = [
            "the",
            "Tartu-based",
            "Nordhavn",
            "Shipping",
            "Group",
            "said",
        ];
        let mut labels = labelled(words.len(), &[("ORG", 1, 5)]);
        hyphen_modifiers(&words, &mut labels);
        assert_eq!(
            named(&words, &labels),
            [
                ("Tartu-based".into(), "MISC"),
                ("Nordhavn Shipping Group".into(), "ORG")
            ]
        );
        // A name split off right before it joins it.
        let words = ["a", "Hong", "Kong-listed", "firm"];
        let mut labels = labelled(words.len(), &[("LOC", 1, 2), ("MISC", 2, 3)]);
        hyphen_modifiers(&words, &mut labels);
        assert_eq!(
            named(&words, &labels),
            [("Hong Kong-listed".into(), "MISC")]
        );
        // A misc name that opens with one stays whole; other hyphens are left alone.
        let words = ["Urdu-speaking", "voters", "and", "Pro-Kask", "Party"];
        let mut labels = labelled(words.len(), &[("MISC", 0, 2), ("ORG", 3, 5)]);
        let before = labels.clone();
        hyphen_modifiers(&words, &mut labels);
        assert_eq!(labels, before);
        assert!(!is_hyphen_modifier("well-based"));
        assert!(is_hyphen_modifier("Москва-based"));
    }

    #[test]
    fn names_joined_by_an_ampersand_are_one_organization() {
        let words = ["shares", "of", "Kask", "&", "Saar", "Co", "rose"];
        let mut labels = labelled(words.len(), &[("PER", 2, 3), ("ORG", 4, 6)]);
        ampersand_names(&words, &mut labels);
        assert_eq!(named(&words, &labels), [("Kask & Saar Co".into(), "ORG")]);
        // An untagged right side: the capitalized words after the "&".
        let words = ["at", "A.J.", "Tamm", "&", "Sons", "Ltd", "in", "Tallinn"];
        let mut labels = labelled(words.len(), &[("ORG", 1, 3), ("LOC", 7, 8)]);
        ampersand_names(&words, &mut labels);
        assert_eq!(
            named(&words, &labels),
            [
                ("A.J. Tamm & Sons Ltd".into(), "ORG"),
                ("Tallinn".into(), "LOC")
            ]
        );
        // Neither side an organization: two places stay two places.
        let words = ["Trinidad", "&", "Tobago", "won"];
        let mut labels = labelled(words.len(), &[("LOC", 0, 1), ("LOC", 2, 3)]);
        let before = labels.clone();
        ampersand_names(&words, &mut labels);
        assert_eq!(labels, before);
        // An "&" at either end of the sentence is left alone.
        let words = ["&", "Kask"];
        let mut labels = labelled(words.len(), &[("ORG", 1, 2)]);
        ampersand_names(&words, &mut labels);
        assert_eq!(named(&words, &labels), [("Kask".into(), "ORG")]);
    }

    #[test]
    fn an_apposition_naming_an_outlet_makes_an_organization() {
        let words = [
            "Baltic",
            "Shipping",
            "Review",
            ",",
            "a",
            "trade",
            "publication",
            ",",
            "has",
        ];
        let mut labels = labelled(words.len(), &[("MISC", 0, 1)]);
        outlet_appositions(&words, &mut labels);
        assert_eq!(
            named(&words, &labels),
            [("Baltic Shipping Review".into(), "ORG")]
        );
        // The noun must end the apposition: a weekly columnist is a person.
        let words = [
            "Madis",
            "Roll",
            ",",
            "a",
            "weekly",
            "columnist",
            ",",
            "said",
        ];
        let mut labels = labelled(words.len(), &[("PER", 0, 2)]);
        let before = labels.clone();
        outlet_appositions(&words, &mut labels);
        assert_eq!(labels, before);
        // A run that starts inside a longer name is left alone.
        let words = ["Bank", "of", "England", ",", "the", "daily", ","];
        let mut labels = labelled(words.len(), &[("ORG", 0, 3)]);
        let before = labels.clone();
        outlet_appositions(&words, &mut labels);
        assert_eq!(labels, before);
    }

    #[test]
    fn names_of_geographic_features_are_places() {
        let words = [
            "the", "Gulf", "of", "Finland", "and", "the", "Baltic", "Sea", "near", "Gulf", "Air",
        ];
        let mut labels = labelled(
            words.len(),
            &[("ORG", 1, 4), ("MISC", 6, 8), ("ORG", 9, 11)],
        );
        geographic_names(&words, &mut labels);
        assert_eq!(
            named(&words, &labels),
            [
                ("Gulf of Finland".into(), "LOC"),
                ("Baltic Sea".into(), "LOC"),
                ("Gulf Air".into(), "ORG"),
            ]
        );
    }

    #[test]
    fn transitions_are_well_formed() {
        assert!(allowed(O, label(0, B), false));
        assert!(!allowed(O, label(0, B), true));
        assert!(!allowed(O, label(0, I), false));
        assert!(allowed(label(0, B), label(0, L), true));
        assert!(!allowed(label(0, B), label(1, L), false));
        assert!(!allowed(label(0, I), O, false));
    }

    #[test]
    #[cfg(feature = "training")]
    fn mean_model_scores_with_the_mean_of_the_scores() {
        let mut a = PerceptronModel::zeros(10);
        let mut b = PerceptronModel::zeros(10);
        a.float_mut().weights[5] = 1.0;
        b.float_mut().weights[5] = 3.0;
        b.float_mut().weights[N_LABELS * 7] = -2.0;
        let loaded = PerceptronModel::from_bytes(&b.to_bytes(0.0)).unwrap();
        let m = PerceptronModel::mean(&[&a, &loaded]).unwrap();
        let w = &m.float().weights;
        assert!((w[5] - 2.0).abs() < 1e-3);
        assert!((w[N_LABELS * 7] + 1.0).abs() < 1e-3);
        assert!(PerceptronModel::mean(&[]).is_none());
        let other = PerceptronModel::zeros(11);
        assert!(PerceptronModel::mean(&[&a, &other]).is_none());
    }

    #[test]
    #[cfg(feature = "training")]
    fn model_bytes_round_trip_and_reject_corruption() {
        let mut m = PerceptronModel::zeros(10);
        m.float_mut().weights[5] = 1.5;
        m.float_mut().weights[N_LABELS * 700 + 3] = -0.25;
        let bytes = m.to_bytes(0.0);
        let back = PerceptronModel::from_bytes(&bytes).unwrap();
        let Weights::Quant(q) = &back.0 else {
            panic!("a loaded model holds the file's 16-bit weights")
        };
        let w = q.to_float().weights;
        assert!((w[5] - 1.5).abs() < 1e-3);
        assert!((w[N_LABELS * 700 + 3] + 0.25).abs() < 1e-3);
        // Saving a loaded model gives the same file back.
        assert_eq!(back.to_bytes(0.0), bytes);
        let mut bad = bytes.clone();
        let mid = bad.len() / 2;
        bad[mid] ^= 0x40;
        assert!(matches!(
            PerceptronModel::from_bytes(&bad),
            Err(Error::Model { .. })
        ));
        assert!(PerceptronModel::from_bytes(&bytes[..bytes.len() - 3]).is_err());
        assert!(PerceptronModel::from_bytes(b"not a model at all, just some text").is_err());
        let mut v2 = bytes.clone();
        v2[8] = 2;
        let n = v2.len() - 8;
        let sum = crate::linear::fnv(&v2[..n]);
        v2[n..].copy_from_slice(&sum.to_le_bytes());
        let err = PerceptronModel::from_bytes(&v2).unwrap_err().to_string();
        assert!(err.contains("version 2"), "{err}");
    }

    #[test]
    #[cfg(feature = "training")]
    fn learns_a_toy_pattern() {
        let sent = |t: &[&str], g: &[&str]| TaggedSentence {
            tokens: strings(t),
            tags: strings(g),
        };
        let docs = vec![vec![
            sent(
                &["Kalev", "Tamm", "visited", "Tartu", "."],
                &["B-PER", "I-PER", "O", "B-LOC", "O"],
            ),
            sent(
                &["Mari", "Tamm", "left", "Narva", "."],
                &["B-PER", "I-PER", "O", "B-LOC", "O"],
            ),
            sent(
                &["Acme", "Corp", "hired", "Jaan", "Kask", "."],
                &["B-ORG", "I-ORG", "O", "B-PER", "I-PER", "O"],
            ),
        ]];
        let opts = TrainOptions {
            epochs: 5,
            bits: 16,
            seed: 1,
            word_clusters: None,
            embedding_clusters: None,
        };
        let m = train(&docs, &opts, |_, _| {}).unwrap();
        let t = PerceptronTagger::from_model(m);
        let out = t.tag_tokens(&[vec!["Kalev", "Tamm", "visited", "Narva", "."]]);
        assert_eq!(out[0], vec![(0, 2, "PER"), (3, 4, "LOC")]);
        assert!(train(&docs, &TrainOptions { epochs: 0, ..opts }, |_, _| {}).is_err());
    }
}
