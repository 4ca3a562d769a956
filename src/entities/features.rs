//! Feature extraction for the perceptron tagger.
//!
//! Features are hashed to 64 bits from a template id and the bytes they look at, then folded
//! into a fixed number of weight rows; nothing is allocated per feature. Static features (the
//! words, shapes, affixes and gazetteers around a token, and document statistics)
//! are computed once per sentence; dynamic ones (previous labels, what earlier mentions of
//! the same word in the document were tagged) during decoding.

use super::clusters::WordClusters;
use super::countries::CountryTable;
use crate::segment::tokenize_into;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

/// A hasher for keys that are already well-mixed 64-bit hashes (the feature hashes): it
/// passes them through instead of hashing them again.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0 ^ u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by a feature hash.
pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;
/// A set of feature hashes.
pub(crate) type IdSet = HashSet<u64, BuildHasherDefault<IdHasher>>;

const FIRST_NAMES: &str = include_str!("../../data/first_names.txt");
const WORD_CLUSTERS: &str = include_str!("../../data/word_clusters.tsv");
const EMBEDDING_CLUSTERS: &str = include_str!("../../data/embedding_clusters.tsv");
const ORGANIZATIONS: &str = include_str!("../../data/organizations.tsv");
const ENTITY_LEXICON: &str = include_str!("../../data/entity_lexicon.tsv");

/// Words that end organization names.
const ORG_SUFFIXES: &[&str] = &[
    "inc",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "plc",
    "llc",
    "ag",
    "gmbh",
    "sa",
    "nv",
    "bv",
    "group",
    "party",
    "ministry",
    "bank",
    "university",
    "council",
    "association",
    "union",
    "club",
    "fc",
    "united",
    "city",
    "agency",
    "commission",
    "committee",
    "institute",
    "foundation",
    "department",
    "office",
    "court",
    "army",
    "police",
    "airlines",
    "airways",
    "motors",
    "holdings",
    "industries",
    "international",
    "federation",
    "league",
    "society",
    "times",
    "post",
    "news",
    "press",
    "journal",
    "herald",
    "tribune",
    "review",
    "magazine",
    "gazette",
    "monitor",
    "observer",
    "chronicle",
    "radio",
    "television",
    "broadcasting",
    "media",
    "newspaper",
    "network",
    "board",
    "authority",
    "organization",
    "organisation",
    "alliance",
    "front",
    "movement",
    "parliament",
    "senate",
    "congress",
    "assembly",
    "service",
    "services",
    "systems",
    "technologies",
    "energy",
    "oil",
    "petroleum",
    "telecom",
    "communications",
    "exchange",
    "fund",
    "trust",
];

pub(crate) const G_COUNTRY_B: u8 = 1;
pub(crate) const G_COUNTRY_I: u8 = 2;
pub(crate) const G_DEMONYM: u8 = 4;
pub(crate) const G_FIRST: u8 = 8;
pub(crate) const G_ORG: u8 = 16;
pub(crate) const G_TITLE: u8 = 32;

/// Classes of the organization gazetteer (`data/organizations.tsv`), in column order.
pub(crate) const ORG_CLASSES: [&str; 6] = [
    "outlet",
    "agency",
    "international",
    "platform",
    "company",
    "party",
];

/// A table of names as chains of token hashes (see [`chain`]), each with a small value: the
/// organization gazetteer (value: class) and the entity lexicon (value: CoNLL type).
#[derive(Default, Clone)]
pub(crate) struct OrgNames {
    /// Full names → class index.
    names: IdMap<u8>,
    /// Every proper token prefix of a name.
    prefixes: IdSet,
    max_tokens: usize,
}

/// Hash of a token sequence, extended one token (its `word_h`) at a time.
#[inline]
fn chain(prev: u64, word_h: u64) -> u64 {
    hash_parts(7, prev, word_h)
}

impl OrgNames {
    /// Parses `name<TAB>TYPE<TAB>count` lines of the entity lexicon (`#` comments); names are
    /// tokens joined by single spaces, types `PER`, `ORG`, `LOC`, `MISC`.
    pub(crate) fn parse_lexicon(tsv: &str, file: &str) -> crate::Result<Self> {
        let mut g = OrgNames::default();
        for (i, line) in tsv.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(name), Some(ty)) = (cols.next(), cols.next()) else {
                return Err(crate::Error::Data {
                    file: file.to_string(),
                    line: i + 1,
                    reason: "expected name<TAB>TYPE<TAB>count".into(),
                });
            };
            let Some(t) = super::perceptron::TYPES.iter().position(|x| *x == ty) else {
                return Err(crate::Error::Data {
                    file: file.to_string(),
                    line: i + 1,
                    reason: format!("unknown type {ty:?}"),
                });
            };
            let tokens: Vec<&str> = name.split(' ').collect();
            let mut h = 0;
            for (k, w) in tokens.iter().enumerate() {
                h = chain(h, hash_bytes(2, w.as_bytes()));
                if k + 1 < tokens.len() {
                    g.prefixes.insert(h);
                }
            }
            g.names.insert(h, t as u8);
            g.max_tokens = g.max_tokens.max(tokens.len());
        }
        Ok(g)
    }

    /// Marks the longest matches in a sentence: `set(info, position, value)` with position 1
    /// (begin), 2 (inside), 3 (last) or 4 (a one-token match). Linear: matches are at most
    /// `max_tokens` long.
    fn mark(&self, infos: &mut [TokenInfo], set: impl Fn(&mut TokenInfo, u8, u8)) {
        let mut i = 0;
        while i < infos.len() {
            let mut best: Option<(usize, u8)> = None;
            let mut h = 0;
            for (k, info) in infos.iter().enumerate().take(i + self.max_tokens).skip(i) {
                h = chain(h, info.word_h);
                if let Some(&v) = self.names.get(&h) {
                    best = Some((k + 1, v));
                }
                if !self.prefixes.contains(&h) {
                    break;
                }
            }
            match best {
                Some((end, v)) => {
                    if end == i + 1 {
                        set(&mut infos[i], 4, v);
                    } else {
                        set(&mut infos[i], 1, v);
                        for info in &mut infos[i + 1..end - 1] {
                            set(info, 2, v);
                        }
                        set(&mut infos[end - 1], 3, v);
                    }
                    i = end;
                }
                None => i += 1,
            }
        }
    }

    /// Parses `name<TAB>class` lines (`#` comments). Names are tokenized like text.
    pub(crate) fn parse(tsv: &str, file: &str) -> crate::Result<Self> {
        let mut g = OrgNames::default();
        let mut spans = Vec::new();
        for (i, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |reason: String| crate::Error::Data {
                file: file.to_string(),
                line: i + 1,
                reason,
            };
            let mut cols = line.split('\t');
            let (Some(name), Some(class)) = (cols.next(), cols.next()) else {
                return Err(err("expected name<TAB>class".into()));
            };
            let class = ORG_CLASSES
                .iter()
                .position(|c| *c == class.trim())
                .ok_or_else(|| err(format!("unknown class {class:?}")))?;
            spans.clear();
            tokenize_into(name, 0, &mut spans);
            if spans.is_empty() {
                return Err(err("empty name".into()));
            }
            let mut h = 0;
            for (k, &sp) in spans.iter().enumerate() {
                h = chain(h, hash_bytes(2, name[sp].as_bytes()));
                if k + 1 < spans.len() {
                    g.prefixes.insert(h);
                }
            }
            g.names.insert(h, class as u8);
            g.max_tokens = g.max_tokens.max(spans.len());
        }
        Ok(g)
    }
}

/// The two clusterings of an embedding-cluster table (its second and third columns).
fn embedding_tables(tsv: &str, file: &str) -> crate::Result<[WordClusters; 2]> {
    Ok([
        WordClusters::parse_column(tsv, file, 1)?,
        WordClusters::parse_column(tsv, file, 2)?,
    ])
}

/// Gazetteers and word clusters shared by training and tagging.
#[derive(Clone)]
pub(crate) struct Lexicons {
    pub countries: &'static CountryTable,
    first_names: HashMap<String, u8>,
    clusters: WordClusters,
    /// Two clusterings of a pretrained encoder's word embeddings
    /// (`data/embedding_clusters.tsv`, second and third columns), looked up in lower case.
    emb: [WordClusters; 2],
    orgs: OrgNames,
    /// Names seen as entities in the training data, with their usual type.
    lexicon: OrgNames,
    /// The same word lists by the hashes the tagger computes for each token (`lower_h`,
    /// `word_h`), so that a token costs no string hashing: given names, demonyms as written
    /// and in lower case, and the lower-case words of country names ("and", "of").
    first_name_h: IdSet,
    demonym_h: IdSet,
    demonym_lower_h: IdSet,
    country_connectors: IdSet,
    /// Organization words and person titles, with and without a final period.
    org_suffix_h: IdSet,
    title_h: IdSet,
}

impl Lexicons {
    pub fn builtin() -> &'static Lexicons {
        static L: OnceLock<Lexicons> = OnceLock::new();
        L.get_or_init(|| {
            Lexicons::new(WORD_CLUSTERS).expect("the built-in word lists are valid (tested)")
        })
    }

    /// The built-in word lists with the word-cluster table `clusters`.
    fn new(clusters: &str) -> crate::Result<Lexicons> {
        let first_names: HashMap<String, u8> = FIRST_NAMES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut cols = l.split('\t');
                let name = cols.next()?.trim().to_lowercase();
                let gender = cols.next().and_then(|g| g.bytes().next()).unwrap_or(b'u');
                (!name.is_empty()).then_some((name, gender))
            })
            .collect();
        let countries = CountryTable::builtin();
        let first_name_h = first_names
            .keys()
            .map(|n: &String| hash_bytes(1, n.as_bytes()))
            .collect();
        let mut demonym_h = IdSet::default();
        let mut demonym_lower_h = IdSet::default();
        for d in countries.demonym_strings() {
            demonym_h.insert(hash_bytes(2, d.as_bytes()));
            demonym_lower_h.insert(hash_bytes(1, d.to_lowercase().as_bytes()));
        }
        let mut country_connectors = IdSet::default();
        let mut lower = String::new();
        for w in countries.name_words() {
            if !w.chars().next().is_some_and(char::is_uppercase) {
                normalize_lower(w, &mut lower);
                country_connectors.insert(hash_bytes(1, lower.as_bytes()));
            }
        }
        let with_periods = |words: &mut dyn Iterator<Item = &str>| -> IdSet {
            words
                .flat_map(|w| {
                    [
                        hash_bytes(1, w.as_bytes()),
                        hash_bytes(1, format!("{w}.").as_bytes()),
                    ]
                })
                .collect()
        };
        Ok(Lexicons {
            org_suffix_h: with_periods(&mut ORG_SUFFIXES.iter().copied()),
            title_h: with_periods(&mut crate::words::titles(crate::words::TAGGER)),
            countries,
            first_name_h,
            demonym_h,
            demonym_lower_h,
            country_connectors,
            first_names,
            clusters: WordClusters::parse(clusters, "data/word_clusters.tsv")?,
            emb: embedding_tables(EMBEDDING_CLUSTERS, "data/embedding_clusters.tsv")?,
            orgs: OrgNames::parse(ORGANIZATIONS, "data/organizations.tsv")?,
            lexicon: OrgNames::parse_lexicon(ENTITY_LEXICON, "data/entity_lexicon.tsv")?,
        })
    }

    /// These lexicons with another word-cluster table (`word<TAB>path<TAB>count`).
    #[cfg(feature = "training")]
    pub fn with_word_clusters(&self, tsv: &str) -> crate::Result<Lexicons> {
        let mut l = self.clone();
        l.clusters = WordClusters::parse(tsv, "data/word_clusters.tsv")?;
        Ok(l)
    }

    /// These lexicons with another embedding-cluster table (the format of
    /// `data/embedding_clusters.tsv`).
    #[cfg(feature = "training")]
    pub fn with_embedding_clusters(&self, tsv: &str) -> crate::Result<Lexicons> {
        let mut l = self.clone();
        l.emb = embedding_tables(tsv, "embedding clusters")?;
        Ok(l)
    }

    /// These lexicons with another entity lexicon (the format of `data/entity_lexicon.tsv`).
    #[cfg(feature = "training")]
    pub fn with_entity_lexicon(&self, tsv: &str) -> crate::Result<Lexicons> {
        let mut l = self.clone();
        l.lexicon = OrgNames::parse_lexicon(tsv, "entity lexicon")?;
        Ok(l)
    }

    /// `b'm'`, `b'f'` or `b'u'` for a known given name (lower case).
    pub fn gender_of(&self, lower: &str) -> Option<u8> {
        self.first_names.get(lower).copied()
    }
}

#[inline]
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Hash of a template id and bytes.
#[inline]
pub(crate) fn hash_bytes(template: u64, bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ template.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h)
}

/// Hash of a template id and already-hashed parts.
#[inline]
pub(crate) fn hash_parts(template: u64, a: u64, b: u64) -> u64 {
    mix(template.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ a ^ b.rotate_left(29))
}

/// Per-token facts computed once per sentence.
#[derive(Default, Clone)]
pub(crate) struct TokenInfo {
    /// Normalized lower-case form (curly quotes made straight).
    pub lower: String,
    pub lower_h: u64,
    pub word_h: u64,
    pub shape_h: u64,
    pub gaz: u8,
    pub init_cap: bool,
    pub all_caps: bool,
    /// Word cluster path plus one (0: none).
    pub cluster: u16,
    /// Embedding cluster paths (two clusterings) plus one (0: none).
    pub emb: [u16; 2],
    /// Organization gazetteer: position in a match (1 B, 2 I, 3 L, 4 U; 0 none) and class.
    pub org: u8,
    /// Entity lexicon: position in a match (as `org`) and type.
    pub lexe: u8,
    /// A lower-case word or punctuation: no capital, no digit, and not a letter of a script
    /// without case.
    pub plain: bool,
}

/// Word shape: letters mapped to X/x, digits to d, runs compressed to length 2.
fn shape_hash(word: &str) -> u64 {
    let mut buf = [0u8; 24];
    let mut n = 0;
    let mut last = 0u8;
    let mut run = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_numeric() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'~'
        };
        if s == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 1;
        }
        last = s;
        if n < buf.len() {
            buf[n] = s;
            n += 1;
        }
    }
    hash_bytes(3, &buf[..n])
}

pub(crate) fn normalize_lower(word: &str, out: &mut String) {
    out.clear();
    for c in word.chars() {
        match c {
            '’' | '‘' | '`' => out.push('\''),
            '“' | '”' | '„' => out.push('"'),
            _ => out.extend(c.to_lowercase()),
        }
    }
}

/// Fills `infos` for the tokens of a sentence.
pub(crate) fn token_infos(lex: &Lexicons, words: &[&str], infos: &mut Vec<TokenInfo>) {
    infos.resize_with(words.len(), TokenInfo::default);
    for (w, info) in words.iter().zip(infos.iter_mut()) {
        normalize_lower(w, &mut info.lower);
        info.lower_h = hash_bytes(1, info.lower.as_bytes());
        info.word_h = hash_bytes(2, w.as_bytes());
        info.shape_h = shape_hash(w);
        info.init_cap = w.chars().next().is_some_and(char::is_uppercase);
        info.all_caps = info.init_cap && !w.chars().any(char::is_lowercase);
        info.plain = w
            .chars()
            .all(|c| c.is_lowercase() || !(c.is_alphanumeric() || c.is_uppercase()));
        info.gaz = 0;
        info.org = 0;
        // Punctuation gets no cluster: the corpora use different marks (CoNLL has no "—").
        info.cluster = if w.chars().any(char::is_alphanumeric) {
            lex.clusters.get(w, &info.lower, info.word_h)
        } else {
            0
        };
        // The encoder's vocabulary is lower case and has no digits.
        info.emb = if w.chars().any(char::is_alphabetic) {
            lex.emb
                .each_ref()
                .map(|t| t.get(w, &info.lower, info.word_h))
        } else {
            [0; 2]
        };
        if info.init_cap {
            if lex.first_name_h.contains(&info.lower_h) {
                info.gaz |= G_FIRST;
            }
            // As `CountryTable::by_demonym`: as written, or in lower case when all caps.
            if lex.demonym_h.contains(&info.word_h)
                || (info.all_caps && lex.demonym_lower_h.contains(&info.lower_h))
            {
                info.gaz |= G_DEMONYM;
            }
        }
        if info.init_cap && lex.org_suffix_h.contains(&info.lower_h) {
            info.gaz |= G_ORG;
        }
        if lex.title_h.contains(&info.lower_h) {
            info.gaz |= G_TITLE;
        }
    }
    // Country names, longest match first.
    let max = lex.countries.max_name_words();
    let mut buf = String::new();
    let mut i = 0;
    while i < words.len() {
        let mut matched = 0;
        if infos[i].init_cap {
            // A name is made of capitalized words and a few lower-case ones ("and", "of"):
            // no longer candidate can match.
            let run = 1 + infos[i + 1..]
                .iter()
                .take(max - 1)
                .take_while(|t| t.init_cap || lex.country_connectors.contains(&t.lower_h))
                .count();
            for len in (1..=run.min(words.len() - i)).rev() {
                buf.clear();
                for (k, w) in words[i..i + len].iter().enumerate() {
                    if k > 0 {
                        buf.push(' ');
                    }
                    buf.push_str(w);
                }
                if lex.countries.by_name(&buf).is_some() {
                    matched = len;
                    break;
                }
            }
        }
        if matched > 0 {
            infos[i].gaz |= G_COUNTRY_B;
            for info in &mut infos[i + 1..i + matched] {
                info.gaz |= G_COUNTRY_I;
            }
            i += matched;
        } else {
            i += 1;
        }
    }
    // Organization names and lexicon names, longest match first (bounded length: linear).
    lex.orgs
        .mark(infos, |t, pos, class| t.org = pos | class << 3);
    lex.lexicon.mark(infos, |t, pos, ty| t.lexe = pos | ty << 3);
}

/// Document-level statistics of lower-cased words: how often they appear in lower case, and
/// capitalized away from the sentence start; and, for capitalized words, the evidence that
/// other mentions in the article give about them (a title before one, an organization word
/// after one, a given name before one, a gazetteer organization around one).
#[derive(Default)]
pub(crate) struct DocStats {
    pub counts: IdMap<(u16, u16)>,
    pub evidence: IdMap<u8>,
}

/// A capitalized word seen after a person title ("Mr. Roll").
const E_AFTER_TITLE: u8 = 1;
/// … after a known given name ("Madis Roll").
const E_AFTER_FIRST: u8 = 2;
/// … before an organization word ("Roll Holdings").
const E_BEFORE_ORG: u8 = 4;
/// … inside an organization gazetteer match.
const E_ORG_GAZ: u8 = 8;
/// … inside a country name, or a demonym.
const E_COUNTRY: u8 = 16;

impl DocStats {
    pub fn add_sentence(&mut self, words: &[&str], infos: &[TokenInfo]) {
        // All-caps headlines say nothing about runs.
        let caps = infos.iter().filter(|t| t.all_caps).count() * 2 > infos.len();
        for (i, (w, info)) in words.iter().zip(infos).enumerate() {
            let e = self.counts.entry(info.lower_h).or_default();
            if w.chars().next().is_some_and(char::is_lowercase) {
                e.0 = e.0.saturating_add(1);
            } else if info.init_cap && !info.all_caps && i > 0 {
                e.1 = e.1.saturating_add(1);
            }
            if !info.init_cap {
                continue;
            }
            let mut f = 0;
            if info.org != 0 {
                f |= E_ORG_GAZ;
            }
            if info.gaz & (G_COUNTRY_B | G_COUNTRY_I | G_DEMONYM) != 0 {
                f |= E_COUNTRY;
            }
            if f != 0 {
                *self.evidence.entry(info.lower_h).or_default() |= f;
            }
        }
        // Runs of capitalized words: a title before the run, a given name opening it, an
        // organization word closing it tell about every other word of the run.
        let mut a = if caps { infos.len() } else { 0 };
        while a < infos.len() {
            if !infos[a].init_cap {
                a += 1;
                continue;
            }
            let mut b = a + 1;
            while b < infos.len() && infos[b].init_cap {
                b += 1;
            }
            let run = &infos[a..b];
            let title = a > 0 && infos[a - 1].gaz & G_TITLE != 0;
            let org_end = run.len() >= 2 && run[run.len() - 1].gaz & G_ORG != 0;
            let first = run.len() >= 2 && run[0].gaz & G_FIRST != 0;
            for (k, t) in run.iter().enumerate() {
                let mut f = 0;
                if title {
                    f |= E_AFTER_TITLE;
                }
                if first && k > 0 {
                    f |= E_AFTER_FIRST;
                }
                if org_end && k + 1 < run.len() {
                    f |= E_BEFORE_ORG;
                }
                if f != 0 {
                    *self.evidence.entry(t.lower_h).or_default() |= f;
                }
            }
            a = b;
        }
    }
}

/// Static features of token `i` (hashes, not yet folded into rows).
/// The coarse, middle and fine levels of cluster path `p` (12 bits) as features of templates
/// `base`, `base + 1` and `base + 2`.
#[inline]
fn push_paths(out: &mut Vec<u64>, base: u64, p: u64) {
    out.push(hash_parts(base, p >> 8, 0));
    out.push(hash_parts(base + 1, p >> 4, 0));
    out.push(hash_parts(base + 2, p, 0));
}

pub(crate) fn static_features(
    words: &[&str],
    infos: &[TokenInfo],
    doc: &DocStats,
    sentence_caps: bool,
    i: usize,
    out: &mut Vec<u64>,
) {
    out.clear();
    let n = words.len();
    let at = |k: isize| -> Option<&TokenInfo> {
        let j = i as isize + k;
        if j >= 0 && (j as usize) < n {
            Some(&infos[j as usize])
        } else {
            None
        }
    };
    const BOS: u64 = 0x1111;
    const EOS: u64 = 0x2222;
    let lh = |k: isize| at(k).map_or(if k < 0 { BOS } else { EOS }, |t| t.lower_h);
    let sh = |k: isize| at(k).map_or(if k < 0 { BOS } else { EOS }, |t| t.shape_h);
    let me = &infos[i];
    let w = words[i];
    out.push(hash_parts(10, 0, 0));
    out.push(hash_parts(11, me.lower_h, 0));
    out.push(hash_parts(12, me.word_h, 0));
    for k in [-2isize, -1, 1, 2] {
        out.push(hash_parts((15 + k) as u64, lh(k), 0));
    }
    out.push(hash_parts(20, me.shape_h, 0));
    out.push(hash_parts(21, sh(-1), 0));
    out.push(hash_parts(22, sh(1), 0));
    out.push(hash_parts(23, hash_parts(0, sh(-1), me.shape_h), sh(1)));
    out.push(hash_parts(24, lh(-1), me.lower_h));
    out.push(hash_parts(25, me.lower_h, lh(1)));
    out.push(hash_parts(26, sh(-1), me.lower_h));
    out.push(hash_parts(27, me.lower_h, sh(1)));
    // Affixes (on the cased word: case matters for names).
    let chars: Vec<(usize, char)> = w.char_indices().take(5).collect();
    let len = w.chars().count();
    if len > 1 {
        for k in 1..=4.min(len) {
            let end = chars.get(k).map_or(w.len(), |&(b, _)| b);
            out.push(hash_bytes(30 + k as u64, &w.as_bytes()[..end]));
        }
        let mut suffix_starts = w.char_indices().rev().take(4).map(|(b, _)| b);
        for k in 1..=4.min(len) {
            if let Some(b) = suffix_starts.next() {
                out.push(hash_bytes(
                    40 + k as u64,
                    &me.lower.as_bytes()[me.lower.len().min(b)..],
                ));
            }
        }
    }
    let len_bucket = len.min(8) as u64;
    out.push(hash_parts(50, len_bucket, u64::from(me.init_cap)));
    out.push(hash_parts(
        51,
        u64::from(i == 0) | u64::from(me.init_cap) << 1 | u64::from(sentence_caps) << 2,
        u64::from(me.all_caps),
    ));
    // Gazetteers around the token.
    for k in [-1isize, 0, 1] {
        if let Some(t) = at(k) {
            if t.gaz != 0 {
                for bit in 0..6 {
                    if t.gaz & (1 << bit) != 0 {
                        out.push(hash_parts(60 + (k + 1) as u64, bit, 0));
                    }
                }
            }
        }
    }
    if me.gaz & G_FIRST != 0 {
        out.push(hash_parts(64, sh(1), 0));
    }
    if at(-1).is_some_and(|t| t.gaz & G_TITLE != 0) {
        out.push(hash_parts(65, me.shape_h, 0));
    }
    // Wider context: words three away, and the two words before and after as pairs
    // ("according to", "told the", "has reported", "said in").
    out.push(hash_parts(80, lh(-3), 0));
    out.push(hash_parts(81, lh(3), 0));
    out.push(hash_parts(82, lh(-2), lh(-1)));
    out.push(hash_parts(83, lh(1), lh(2)));
    // Word clusters: coarse, middle and fine paths of the token and its neighbours.
    for k in [-2isize, -1, 0, 1, 2] {
        let c = at(k).map_or(0, |t| t.cluster);
        if c == 0 {
            continue;
        }
        let p = u64::from(c - 1);
        let base = 84 + 3 * (k + 2) as u64;
        if k.abs() == 2 {
            out.push(hash_parts(base + 1, p >> 4, 0));
            continue;
        }
        push_paths(out, base, p);
    }
    // Embedding clusters (a pretrained encoder's view of the word): coarse, middle and fine
    // paths of the token and its neighbours.
    for (table, first) in [(0, 150), (1, 180)] {
        for k in [-1isize, 0, 1] {
            let c = at(k).map_or(0, |t| t.emb[table]);
            if c == 0 {
                continue;
            }
            let p = u64::from(c - 1);
            push_paths(out, first + 3 * (k + 1) as u64, p);
        }
    }
    if me.cluster != 0 {
        out.push(hash_parts(99, u64::from(me.cluster - 1) >> 4, me.shape_h));
    }
    // Organization gazetteer around the token.
    for k in [-1isize, 0, 1] {
        if let Some(t) = at(k).filter(|t| t.org != 0) {
            out.push(hash_parts(110 + (k + 1) as u64, u64::from(t.org & 7), 0));
            out.push(hash_parts(113 + (k + 1) as u64, u64::from(t.org), 0));
        }
    }
    // Names seen as entities in the training data.
    for k in [-1isize, 0, 1] {
        if let Some(t) = at(k).filter(|t| t.lexe != 0) {
            out.push(hash_parts(130 + (k + 1) as u64, u64::from(t.lexe), 0));
        }
    }
    // What other mentions of this word in the article say about it.
    if me.init_cap {
        if let Some(&f) = doc.evidence.get(&me.lower_h) {
            out.push(hash_parts(116, u64::from(f), 0));
            for bit in 0..5 {
                if f & (1 << bit) != 0 {
                    out.push(hash_parts(117, bit, u64::from(i == 0)));
                }
            }
        }
    }
    // Document statistics: is this word usually lower case, or a mid-sentence capital?
    if let Some(&(low, cap)) = doc.counts.get(&me.lower_h) {
        let cls = match (low > 0, cap > 0) {
            (false, false) => 0,
            (true, false) => 1,
            (false, true) => 2,
            (true, true) => 3,
        };
        out.push(hash_parts(
            70,
            cls,
            u64::from(me.init_cap && (i == 0 || sentence_caps)),
        ));
    }
}
