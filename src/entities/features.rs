//! Feature extraction for the perceptron tagger.
//!
//! Features are hashed to 64 bits from a template id and the bytes they look at, then folded
//! into a fixed number of weight rows; nothing is allocated per feature. Static features (the
//! words, shapes, affixes and gazetteers around a token, and document statistics)
//! are computed once per sentence; dynamic ones (previous labels, what earlier mentions of
//! the same word in the document were tagged) during decoding.

use super::countries::CountryTable;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

const FIRST_NAMES: &str = include_str!("../../data/first_names.txt");

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

/// Gazetteers shared by training and tagging.
pub(crate) struct Lexicons {
    pub countries: &'static CountryTable,
    first_names: HashMap<String, u8>,
    org_suffixes: HashSet<&'static str>,
    titles: HashSet<&'static str>,
}

impl Lexicons {
    pub fn builtin() -> &'static Lexicons {
        static L: OnceLock<Lexicons> = OnceLock::new();
        L.get_or_init(|| {
            let first_names = FIRST_NAMES
                .lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| {
                    let mut cols = l.split('\t');
                    let name = cols.next()?.trim().to_lowercase();
                    let gender = cols.next().and_then(|g| g.bytes().next()).unwrap_or(b'u');
                    (!name.is_empty()).then_some((name, gender))
                })
                .collect();
            Lexicons {
                countries: CountryTable::builtin(),
                first_names,
                org_suffixes: ORG_SUFFIXES.iter().copied().collect(),
                titles: crate::words::titles(crate::words::TAGGER).collect(),
            }
        })
    }

    pub fn is_first_name(&self, lower: &str) -> bool {
        self.first_names.contains_key(lower)
    }

    /// `b'm'`, `b'f'` or `b'u'` for a known given name (lower case).
    pub fn gender_of(&self, lower: &str) -> Option<u8> {
        self.first_names.get(lower).copied()
    }

    pub fn is_title(&self, lower: &str) -> bool {
        self.titles.contains(lower.trim_end_matches('.'))
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
        info.gaz = 0;
        if info.init_cap {
            if lex.is_first_name(&info.lower) {
                info.gaz |= G_FIRST;
            }
            if lex.countries.by_demonym(w).is_some() {
                info.gaz |= G_DEMONYM;
            }
        }
        if lex.org_suffixes.contains(info.lower.trim_end_matches('.')) && info.init_cap {
            info.gaz |= G_ORG;
        }
        if lex.is_title(&info.lower) {
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
            for len in (1..=max.min(words.len() - i)).rev() {
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
}

/// Document-level statistics of lower-cased words: how often they appear in lower case, and
/// capitalized away from the sentence start.
#[derive(Default)]
pub(crate) struct DocStats {
    pub counts: HashMap<u64, (u16, u16)>,
}

impl DocStats {
    pub fn add_sentence(&mut self, words: &[&str], infos: &[TokenInfo]) {
        for (i, (w, info)) in words.iter().zip(infos).enumerate() {
            let e = self.counts.entry(info.lower_h).or_default();
            if w.chars().next().is_some_and(char::is_lowercase) {
                e.0 = e.0.saturating_add(1);
            } else if info.init_cap && !info.all_caps && i > 0 {
                e.1 = e.1.saturating_add(1);
            }
        }
    }
}

/// Static features of token `i` (hashes, not yet folded into rows).
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
