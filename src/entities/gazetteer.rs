//! A tagger built from the user's own list of names.

use super::{EntityTagger, TagInput};
use crate::segment::{tokenize_into, Segmentation};
use crate::{CountryCode, Entity, EntityKind, Error, Result, Span};
use std::collections::{HashMap, HashSet};

/// Longest name a gazetteer takes, in tokens.
const MAX_TOKENS: usize = 16;
/// Separates tokens in the lookup keys (never inside a token).
const SEP: char = '\u{1f}';

/// Finds the names of a list you give it (the media-monitoring case: "always find these
/// organizations"), as an [`EntityTagger`] of its own or layered over another tagger with
/// [`PipelineBuilder::gazetteer`](crate::PipelineBuilder::gazetteer).
///
/// Names are matched token by token with the crate's tokenizer, case-sensitively, within a
/// sentence; where names overlap, the longest match starting first wins. Matching costs
/// `O(n × L)` for `n` tokens and names of at most `L` tokens (at most 16).
///
/// ```
/// use whosaid::entities::Gazetteer;
/// use whosaid::{EntityKind, Pipeline};
///
/// let mut names = Gazetteer::new();
/// names.add("Baltic Energy Watch", EntityKind::Organization, None)?;
/// let pipeline = Pipeline::builder().gazetteer(names).build()?;
/// let text = "“Prices will rise,” said Baltic Energy Watch in Москва.";
/// let a = pipeline.analyze(text);
/// let org = a.entities.iter().find(|e| e.kind == EntityKind::Organization).unwrap();
/// assert_eq!(&text[org.span], "Baltic Energy Watch");
/// assert_eq!(a.quotes[0].speaker_name.as_deref(), Some("Baltic Energy Watch"));
/// # Ok::<(), whosaid::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    /// Full names (tokens joined by [`SEP`]) → kind and country.
    names: HashMap<String, (EntityKind, Option<CountryCode>)>,
    /// Every token prefix of every name, to stop a match early.
    prefixes: HashSet<String>,
}

impl Gazetteer {
    /// An empty gazetteer.
    pub fn new() -> Self {
        Gazetteer::default()
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when it holds no name.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Adds a name of `kind`, with the country it names or belongs to, if any. A name added
    /// twice keeps its last kind. An empty name, or one of more than 16 tokens, is an
    /// [`Error::Config`].
    pub fn add(
        &mut self,
        name: &str,
        kind: EntityKind,
        country: Option<CountryCode>,
    ) -> Result<&mut Self> {
        let mut spans = Vec::new();
        tokenize_into(name, 0, &mut spans);
        if spans.is_empty() || spans.len() > MAX_TOKENS {
            return Err(Error::Config(format!(
                "gazetteer name {name:?} must have 1 to {MAX_TOKENS} tokens"
            )));
        }
        let mut key = String::new();
        for (i, &s) in spans.iter().enumerate() {
            if i > 0 {
                key.push(SEP);
            }
            key.push_str(&name[s]);
            self.prefixes.insert(key.clone());
        }
        self.names.insert(key, (kind, country));
        Ok(self)
    }

    /// Reads a gazetteer from tab-separated lines `name<TAB>kind[<TAB>country code]`, where
    /// kind is one of `person`, `organization`, `country`, `location`, `nationality`, `misc`;
    /// blank lines and lines starting with `#` are skipped. `file` names the source in
    /// errors ([`Error::Data`], with the line number).
    ///
    /// ```
    /// use whosaid::entities::Gazetteer;
    /// let g = Gazetteer::from_tsv("# outlets\nEesti Päevaleht\torganization\tEE\n", "outlets.tsv")?;
    /// assert_eq!(g.len(), 1);
    /// assert!(Gazetteer::from_tsv("Nobody\tplanet\n", "bad.tsv").is_err());
    /// # Ok::<(), whosaid::Error>(())
    /// ```
    pub fn from_tsv(tsv: &str, file: &str) -> Result<Self> {
        let mut g = Gazetteer::new();
        for (i, line) in tsv.lines().enumerate() {
            let err = |reason: String| Error::Data {
                file: file.to_string(),
                line: i + 1,
                reason,
            };
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if !(2..=3).contains(&cols.len()) {
                return Err(err("expected name<TAB>kind[<TAB>country]".into()));
            }
            let kind = EntityKind::ALL
                .into_iter()
                .find(|k| k.as_str() == cols[1].trim())
                .ok_or_else(|| err(format!("unknown kind {:?}", cols[1])))?;
            let country = match cols.get(2).map(|c| c.trim()).filter(|c| !c.is_empty()) {
                None => None,
                Some(c) => Some(
                    CountryCode::new(c)
                        .or_else(|| CountryCode::private_use(c))
                        .ok_or_else(|| err(format!("unknown country code {c:?}")))?,
                ),
            };
            g.add(cols[0].trim(), kind, country)
                .map_err(|e| err(e.to_string()))?;
        }
        Ok(g)
    }

    /// The matches in one run of tokens, appended to `out` in text order.
    fn find(&self, text: &str, tokens: &[Span], out: &mut Vec<Entity>) {
        let mut key = String::new();
        let mut i = 0;
        while i < tokens.len() {
            key.clear();
            let mut best: Option<(usize, EntityKind, Option<CountryCode>)> = None;
            for (k, &t) in tokens[i..].iter().enumerate().take(MAX_TOKENS) {
                if k > 0 {
                    key.push(SEP);
                }
                key.push_str(&text[t]);
                if !self.prefixes.contains(&key) {
                    break;
                }
                if let Some(&(kind, country)) = self.names.get(&key) {
                    best = Some((i + k + 1, kind, country));
                }
            }
            match best {
                Some((end, kind, country)) => {
                    let span = Span::new(tokens[i].start, tokens[end - 1].end);
                    let mut e = Entity::new(span, kind).with_text(&text[span]);
                    e.country = country;
                    out.push(e);
                    i = end;
                }
                None => i += 1,
            }
        }
    }
}

impl EntityTagger for Gazetteer {
    fn tag(&self, text: &str, seg: &Segmentation, out: &mut Vec<Entity>) -> Result<()> {
        for s in &seg.sentences {
            if let Some(tokens) = seg.tokens.get(s.tokens()) {
                self.find(text, tokens, out);
            }
        }
        Ok(())
    }
}

/// A tagger whose mentions are completed by a gazetteer's: a gazetteer match replaces every
/// mention of the base tagger that overlaps it.
pub(crate) struct Layered {
    pub(crate) base: Option<Box<dyn EntityTagger>>,
    pub(crate) names: Gazetteer,
}

impl Layered {
    /// Merges the base tagger's mentions with the names found in `text`, in text order; a base
    /// mention overlapping a name is dropped.
    fn merge(
        &self,
        text: &str,
        seg: &Segmentation,
        base: Vec<Entity>,
        out: &mut Vec<Entity>,
    ) -> Result<()> {
        let mut names = Vec::new();
        self.names.tag(text, seg, &mut names)?;
        let mut n = names.into_iter().peekable();
        let mut last_name_end = 0;
        for e in base {
            while let Some(g) = n.next_if(|g| g.span.start < e.span.end) {
                last_name_end = g.span.end;
                out.push(g);
            }
            let overlaps_next = n.peek().is_some_and(|g| g.span.overlaps(e.span));
            if e.span.start >= last_name_end && !overlaps_next {
                out.push(e);
            }
        }
        out.extend(n);
        Ok(())
    }
}

impl EntityTagger for Layered {
    fn tag(&self, text: &str, seg: &Segmentation, out: &mut Vec<Entity>) -> Result<()> {
        let mut base = Vec::new();
        if let Some(b) = &self.base {
            b.tag(text, seg, &mut base)?;
        }
        self.merge(text, seg, base, out)
    }

    fn tag_batch(&self, docs: &[TagInput<'_>]) -> Vec<Result<Vec<Entity>>> {
        let base = match &self.base {
            Some(b) => b.tag_batch(docs),
            None => docs.iter().map(|_| Ok(Vec::new())).collect(),
        };
        if base.len() != docs.len() {
            // The pipeline reports the wrong length as a contract breach.
            return base;
        }
        docs.iter()
            .zip(base)
            .map(|(d, base)| {
                let mut out = Vec::new();
                self.merge(d.text, d.seg, base?, &mut out).map(|()| out)
            })
            .collect()
    }

    fn batches_documents(&self) -> bool {
        self.base.as_ref().is_some_and(|b| b.batches_documents())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::NewsSegmenter;

    fn tag(g: &Layered, text: &str) -> Vec<(String, EntityKind)> {
        let seg = NewsSegmenter::default().segment(text);
        let mut out = Vec::new();
        g.tag(text, &seg, &mut out).unwrap();
        out.into_iter().map(|e| (e.text, e.kind)).collect()
    }

    /// A base tagger with fixed mentions.
    struct Fixed(Vec<(&'static str, EntityKind)>);
    impl EntityTagger for Fixed {
        fn tag(&self, text: &str, _: &Segmentation, out: &mut Vec<Entity>) -> Result<()> {
            let mut from = 0;
            for &(s, kind) in &self.0 {
                let start = from + text[from..].find(s).unwrap();
                from = start + s.len();
                out.push(Entity::new(Span::new(start, from), kind).with_text(s));
            }
            Ok(())
        }
    }

    #[test]
    fn longest_match_wins_and_overlapping_base_mentions_go() {
        let mut names = Gazetteer::new();
        names
            .add("Tallinn Port", EntityKind::Organization, None)
            .unwrap()
            .add("Tallinn Port Authority", EntityKind::Organization, None)
            .unwrap()
            .add("Москва", EntityKind::Location, None)
            .unwrap();
        let text = "Kask of Tallinn Port Authority met Tallinn Port staff in Москва.";
        let base = Fixed(vec![
            ("Kask", EntityKind::Person),
            ("Tallinn", EntityKind::Location),
            ("Port Authority", EntityKind::Organization),
            ("Tallinn", EntityKind::Location),
            ("Москва", EntityKind::Location),
        ]);
        let layered = Layered {
            base: Some(Box::new(base)),
            names,
        };
        assert_eq!(
            tag(&layered, text),
            [
                ("Kask".to_string(), EntityKind::Person),
                (
                    "Tallinn Port Authority".to_string(),
                    EntityKind::Organization
                ),
                ("Tallinn Port".to_string(), EntityKind::Organization),
                ("Москва".to_string(), EntityKind::Location),
            ]
        );
    }

    #[test]
    fn bad_names_and_lines_are_typed_errors() {
        let mut g = Gazetteer::new();
        assert!(matches!(
            g.add("  ", EntityKind::Person, None),
            Err(Error::Config(_))
        ));
        let long = "A ".repeat(17);
        assert!(g.add(&long, EntityKind::Person, None).is_err());
        let err = Gazetteer::from_tsv("Ok\tperson\nBad\tperson\tZQ\n", "names.tsv").unwrap_err();
        assert!(matches!(err, Error::Data { line: 2, .. }), "{err}");
    }
}
