//! The result of analysing one document: owned, `Send`, serializable.
//!
//! Every type that may grow is `#[non_exhaustive]`: read its fields freely, build it with
//! its constructor (`Entity::new`, `Quote::new`, `Sentence::new`) so that a field added in a
//! later version does not break your code.

use crate::Span;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The id of an [`EntityGroup`]: its index in [`Analysis::groups`]. Serializes as a plain
/// integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GroupId(pub usize);

/// The id of an [`Entity`] mention: its index in [`Analysis::entities`]. Serializes as a
/// plain integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntityId(pub usize);

impl GroupId {
    /// The index into [`Analysis::groups`].
    pub const fn index(self) -> usize {
        self.0
    }
}

impl EntityId {
    /// The index into [`Analysis::entities`].
    pub const fn index(self) -> usize {
        self.0
    }
}

impl fmt::Display for GroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// One sentence: its span, its paragraph and its tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Sentence {
    /// Byte span of the sentence (no surrounding whitespace).
    #[serde(flatten)]
    pub span: Span,
    /// Index of the paragraph that holds it.
    pub paragraph: usize,
    /// Index of its first token in [`Analysis::tokens`] (0 when the pipeline keeps no
    /// tokens, see [`PipelineBuilder::keep_tokens`](crate::PipelineBuilder::keep_tokens)).
    pub first_token: usize,
    /// One past its last token (0 when the pipeline keeps no tokens).
    pub end_token: usize,
}

impl Sentence {
    /// A sentence of paragraph `paragraph` covering `tokens` (for custom segmenters).
    pub fn new(span: Span, paragraph: usize, tokens: std::ops::Range<usize>) -> Self {
        Sentence {
            span,
            paragraph,
            first_token: tokens.start,
            end_token: tokens.end,
        }
    }

    /// Token indices of this sentence; empty when the pipeline keeps no tokens.
    pub fn tokens(&self) -> std::ops::Range<usize> {
        self.first_token..self.end_token
    }
}

/// What kind of entity a mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum EntityKind {
    /// A person ("Madis Roll").
    Person,
    /// An organization, company, party, team or media outlet.
    Organization,
    /// A sovereign country ("Estonia", "U.S."); carries a country code.
    Country,
    /// Any other place: city, region, continent, river.
    Location,
    /// A demonym or nationality adjective ("Estonian"); carries a country code when known.
    Nationality,
    /// Other names: events, products, laws, non-country adjectives.
    Misc,
}

impl EntityKind {
    /// All kinds, in a stable order.
    pub const ALL: [EntityKind; 6] = [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Country,
        EntityKind::Location,
        EntityKind::Nationality,
        EntityKind::Misc,
    ];

    /// The lower-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organization => "organization",
            EntityKind::Country => "country",
            EntityKind::Location => "location",
            EntityKind::Nationality => "nationality",
            EntityKind::Misc => "misc",
        }
    }

    /// The CoNLL-2003 type this kind is scored as (PER, ORG, LOC, MISC).
    pub fn conll_type(self) -> &'static str {
        match self {
            EntityKind::Person => "PER",
            EntityKind::Organization => "ORG",
            EntityKind::Country | EntityKind::Location => "LOC",
            EntityKind::Nationality | EntityKind::Misc => "MISC",
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An ISO 3166-1 alpha-2 country code such as `EE`; serializes as a two-letter string.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// Two ASCII letters, upper-cased, without checking that a country has them.
    pub(crate) fn letters(code: &str) -> Option<Self> {
        let b = code.as_bytes();
        if b.len() == 2 && b.iter().all(u8::is_ascii_alphabetic) {
            Some(CountryCode([
                b[0].to_ascii_uppercase(),
                b[1].to_ascii_uppercase(),
            ]))
        } else {
            None
        }
    }

    /// Parses an assigned ISO 3166-1 alpha-2 code (case-insensitive), one of the 250 in the
    /// built-in table (`XK`, Kosovo, included); `None` otherwise.
    ///
    /// ```
    /// use whosaid::CountryCode;
    /// assert_eq!(CountryCode::new("ee").unwrap().as_str(), "EE");
    /// assert!(CountryCode::new("zz").is_none());   // not assigned to a country
    /// assert!(CountryCode::new("EST").is_none());  // alpha-3
    /// ```
    pub fn new(code: &str) -> Option<Self> {
        Self::letters(code).filter(|c| {
            crate::entities::CountryTable::builtin()
                .name_of(*c)
                .is_some()
        })
    }

    /// Parses a code that ISO 3166-1 leaves for private use (`AA`, `QM`–`QZ`, `XA`–`XZ`,
    /// `ZZ`), for regions or entities of a custom
    /// [`CountryTable`](crate::entities::CountryTable); `None` for any other string.
    pub fn private_use(code: &str) -> Option<Self> {
        Self::letters(code).filter(|c| {
            matches!(&c.0, [b'A', b'A'] | [b'Z', b'Z'] | [b'X', _])
                || (c.0[0] == b'Q' && c.0[1] >= b'M')
        })
    }

    /// The code as a string slice.
    pub fn as_str(&self) -> &str {
        // Always two ASCII letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CountryCode({})", self.as_str())
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CountryCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        CountryCode::new(&s)
            .or_else(|| CountryCode::private_use(&s))
            .ok_or_else(|| serde::de::Error::custom("expected an ISO 3166-1 alpha-2 code"))
    }
}

/// One entity mention.
///
/// A custom [`EntityTagger`](crate::entities::EntityTagger) builds mentions with
/// [`Entity::new`]; the pipeline fills `text` (when left empty) and `group`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Entity {
    /// Byte span of the mention.
    #[serde(flatten)]
    pub span: Span,
    /// The mention's text (`&text[span]`).
    pub text: String,
    /// Its kind.
    pub kind: EntityKind,
    /// The country it names or whose nationality it is, when known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub country: Option<CountryCode>,
    /// The group of the entity it refers to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub group: Option<GroupId>,
}

impl Entity {
    /// A mention of `kind` at `span`, its text to be filled by the pipeline.
    ///
    /// ```
    /// use whosaid::{Entity, EntityKind, Span};
    /// let e = Entity::new(Span::new(0, 6), EntityKind::Location).with_text("Москва");
    /// assert_eq!(e.text, "Москва");
    /// ```
    pub fn new(span: Span, kind: EntityKind) -> Self {
        Entity {
            span,
            text: String::new(),
            kind,
            country: None,
            group: None,
        }
    }

    /// Sets the mention's text (it must be `&text[span]`).
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.text = text.into();
        self
    }

    /// Sets the country it names.
    pub fn with_country(mut self, country: CountryCode) -> Self {
        self.country = Some(country);
        self
    }
}

/// All the mentions of one entity within a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct EntityGroup {
    /// The group's id: its index in [`Analysis::groups`].
    pub id: GroupId,
    /// The kind shared by its mentions (`Nationality` mentions join `Country` groups).
    pub kind: EntityKind,
    /// The canonical name: the longest full name seen, or the country's English name.
    pub name: String,
    /// The country, for country groups.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub country: Option<CountryCode>,
    /// Its mentions, in text order.
    pub mentions: Vec<EntityId>,
}

/// How a quote is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum QuoteKind {
    /// Verbatim words inside quotation marks: `“We are ready,” Roll said.`
    Direct,
    /// A reported clause with quoted fragments: `Roll said the talks were “ongoing.”`
    Mixed,
    /// Reported speech without quotation marks: `Roll said the talks continue.`
    Indirect,
}

impl QuoteKind {
    /// All kinds, in a stable order.
    pub const ALL: [QuoteKind; 3] = [QuoteKind::Direct, QuoteKind::Mixed, QuoteKind::Indirect];

    /// The lower-case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Mixed => "mixed",
            QuoteKind::Indirect => "indirect",
        }
    }
}

impl fmt::Display for QuoteKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

fn full_confidence() -> f32 {
    1.0
}

/// One attributed quote.
///
/// A custom [`QuoteAttributor`](crate::quotes::QuoteAttributor) builds quotes with
/// [`Quote::new`] and the `with_*` methods; the pipeline fills `text` and `speaker_text`.
/// Not `Eq`/`Hash`: it carries a confidence score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Quote {
    /// Direct, mixed or indirect.
    pub kind: QuoteKind,
    /// What was said. For direct quotes this includes the quotation marks
    /// (`“We are ready,”`), as attribution corpora annotate it; see [`Quote::words`].
    pub content: Span,
    /// The reporting cue ("said", "according to"), if any.
    pub cue: Option<Span>,
    /// The speaker mention in this attribution ("Roll", "he", "the ministry").
    pub speaker: Option<Span>,
    /// The resolved speaker's canonical name ("Madis Roll").
    pub speaker_name: Option<String>,
    /// The resolved speaker's entity group: always a person or an organization group.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub speaker_group: Option<GroupId>,
    /// What the speaker is, when known: [`EntityKind::Person`] or
    /// [`EntityKind::Organization`], never another kind. Known from the resolved group, or
    /// from the mention alone ("the minister", "officials": a person, even with no name;
    /// "the ministry": an organization). `None` for a source that is neither ("the report")
    /// or that cannot be told ("it", "they" unresolved).
    #[serde(default)]
    pub speaker_kind: Option<EntityKind>,
    /// How likely the attribution is right, in [0, 1]: the share of attributions like it
    /// (same pattern, or for the learned stage the same margin) that were right on a held-out
    /// part of PolNeAR train. Filter with it to trade recall for precision. A custom
    /// attributor that does not set it ([`Quote::with_confidence`]) reports 1.
    #[serde(default = "full_confidence")]
    pub confidence: f32,
    /// The text of `content` (`&text[content]`), filled by the pipeline.
    #[serde(default)]
    pub text: String,
    /// The text of the speaker mention (`&text[speaker]`), filled by the pipeline.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub speaker_text: Option<String>,
}

impl Quote {
    /// A quote of `kind` whose content is `content`, with no cue or speaker yet.
    ///
    /// ```
    /// use whosaid::{Quote, QuoteKind, Span};
    /// let q = Quote::new(QuoteKind::Direct, Span::new(0, 9)).with_cue(Span::new(10, 14));
    /// assert_eq!(q.cue, Some(Span::new(10, 14)));
    /// ```
    pub fn new(kind: QuoteKind, content: Span) -> Self {
        Quote {
            kind,
            content,
            cue: None,
            speaker: None,
            speaker_name: None,
            speaker_group: None,
            speaker_kind: None,
            confidence: 1.0,
            text: String::new(),
            speaker_text: None,
        }
    }

    /// Sets the cue span.
    pub fn with_cue(mut self, cue: Span) -> Self {
        self.cue = Some(cue);
        self
    }

    /// Sets the speaker mention's span.
    pub fn with_speaker(mut self, speaker: Span) -> Self {
        self.speaker = Some(speaker);
        self
    }

    /// Sets the resolved speaker: its name and, when known, its entity group.
    pub fn with_speaker_name(mut self, name: impl Into<String>, group: Option<GroupId>) -> Self {
        self.speaker_name = Some(name.into());
        self.speaker_group = group;
        self
    }

    /// Sets the speaker's kind (a person or an organization).
    pub fn with_speaker_kind(mut self, kind: EntityKind) -> Self {
        self.speaker_kind = Some(kind);
        self
    }

    /// Sets the confidence, in [0, 1].
    pub fn with_confidence(mut self, confidence: f32) -> Self {
        self.confidence = confidence;
        self
    }

    /// The content without surrounding quotation marks and whitespace.
    ///
    /// ```
    /// use whosaid::Pipeline;
    /// let text = "“We are ready,” said Madis Roll.";
    /// let a = Pipeline::default().analyze(text);
    /// assert_eq!(&text[a.quotes[0].content], "“We are ready,”");
    /// assert_eq!(a.quotes[0].words(text), "We are ready,");
    /// ```
    pub fn words<'t>(&self, text: &'t str) -> &'t str {
        self.content
            .get(text)
            .unwrap_or("")
            .trim_matches(|c: char| {
                c.is_whitespace()
                    || matches!(
                        c,
                        '“' | '”' | '"' | '«' | '»' | '„' | '`' | '\'' | '‘' | '’'
                    )
            })
    }
}

/// Everything whosaid found in one document. Owns its data (no borrow of the input), so it can
/// be sent across threads and serialized; all spans index the original text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Analysis {
    /// Paragraph spans.
    pub paragraphs: Vec<Span>,
    /// Sentences, in order.
    pub sentences: Vec<Sentence>,
    /// Tokens, in order (omitted from JSON when empty).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub tokens: Vec<Span>,
    /// Entity mentions, in order.
    pub entities: Vec<Entity>,
    /// Entities grouped across mentions.
    pub groups: Vec<EntityGroup>,
    /// Attributed quotes, in order of their content.
    pub quotes: Vec<Quote>,
}

/// One speaker of a document: an entity group with at least one attributed quote; see
/// [`Analysis::speakers`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Speaker<'a> {
    /// The speaker's group.
    pub group: GroupId,
    /// Its canonical name.
    pub name: &'a str,
    /// Its kind (a person, an organization, …).
    pub kind: EntityKind,
    /// How many quotes are attributed to it.
    pub quotes: usize,
    /// How many times it is mentioned.
    pub mentions: usize,
}

impl Analysis {
    /// The group with this id.
    pub fn group(&self, id: GroupId) -> Option<&EntityGroup> {
        self.groups.get(id.0)
    }

    /// The entity group of a mention, if it has one.
    pub fn group_of(&self, entity: EntityId) -> Option<&EntityGroup> {
        self.entities
            .get(entity.0)
            .and_then(|e| e.group)
            .and_then(|g| self.group(g))
    }

    /// The mentions of a group, in text order.
    pub fn mentions(&self, group: GroupId) -> impl Iterator<Item = &Entity> + '_ {
        self.group(group)
            .map_or(&[][..], |g| &g.mentions[..])
            .iter()
            .filter_map(|m| self.entities.get(m.0))
    }

    /// The quotes attributed to a group, in text order.
    ///
    /// ```
    /// use whosaid::Pipeline;
    /// let text = "“We will stay,” said Madis Roll. Roll added that talks would go on.";
    /// let a = Pipeline::default().analyze(text);
    /// let roll = a.speakers()[0].group;
    /// let said: Vec<&str> = a.quotes_by(roll).map(|q| q.text.as_str()).collect();
    /// assert_eq!(said, ["“We will stay,”", "that talks would go on"]);
    /// ```
    pub fn quotes_by(&self, group: GroupId) -> impl Iterator<Item = &Quote> + '_ {
        self.quotes
            .iter()
            .filter(move |q| q.speaker_group == Some(group))
    }

    /// Who speaks in the document: each group with attributed quotes, with its quote and
    /// mention counts, most quoted first (ties in order of first quote).
    pub fn speakers(&self) -> Vec<Speaker<'_>> {
        let mut counts: Vec<(usize, usize)> = Vec::new(); // (quotes, first quote) per group
        for (i, q) in self.quotes.iter().enumerate() {
            if let Some(g) = q.speaker_group.filter(|g| g.0 < self.groups.len()) {
                if counts.len() <= g.0 {
                    counts.resize(g.0 + 1, (0, usize::MAX));
                }
                counts[g.0].0 += 1;
                counts[g.0].1 = counts[g.0].1.min(i);
            }
        }
        let mut out: Vec<(usize, Speaker<'_>)> = counts
            .iter()
            .enumerate()
            .filter(|(_, c)| c.0 > 0)
            .map(|(g, c)| {
                let grp = &self.groups[g];
                (
                    c.1,
                    Speaker {
                        group: GroupId(g),
                        name: &grp.name,
                        kind: grp.kind,
                        quotes: c.0,
                        mentions: grp.mentions.len(),
                    },
                )
            })
            .collect();
        out.sort_by(|a, b| b.1.quotes.cmp(&a.1.quotes).then(a.0.cmp(&b.0)));
        out.into_iter().map(|(_, s)| s).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_serialize_lowercase() {
        assert_eq!(
            serde_json::to_string(&EntityKind::Person).unwrap(),
            "\"person\""
        );
        assert_eq!(
            serde_json::to_string(&QuoteKind::Mixed).unwrap(),
            "\"mixed\""
        );
        for k in EntityKind::ALL {
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.as_str())
            );
        }
        for k in QuoteKind::ALL {
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{k}\""));
        }
    }

    #[test]
    fn country_code_round_trips() {
        let c = CountryCode::new("ee").unwrap();
        assert_eq!(c.as_str(), "EE");
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"EE\"");
        let back: CountryCode = serde_json::from_str("\"EE\"").unwrap();
        assert_eq!(back, c);
        assert!(CountryCode::new("EST").is_none());
        assert!(CountryCode::new("zz").is_none());
        assert_eq!(CountryCode::private_use("zz").unwrap().as_str(), "ZZ");
        assert_eq!(CountryCode::private_use("QM").unwrap().as_str(), "QM");
        assert!(CountryCode::private_use("QA").is_none()); // Qatar is assigned
        assert!(serde_json::from_str::<CountryCode>("\"ZQ\"").is_err());
        assert!(CountryCode::new("é").is_none());
    }

    #[test]
    fn entity_json_has_contract_fields() {
        let mut e = Entity::new(Span::new(0, 10), EntityKind::Person).with_text("Madis Roll");
        e.group = Some(GroupId(0));
        let v: serde_json::Value = serde_json::to_value(&e).unwrap();
        assert_eq!(v["start"], 0);
        assert_eq!(v["end"], 10);
        assert_eq!(v["text"], "Madis Roll");
        assert_eq!(v["kind"], "person");
        assert_eq!(v["group"], 0);
    }

    #[test]
    fn quote_json_has_contract_fields() {
        let q = Quote::new(QuoteKind::Direct, Span::new(1, 5));
        let v: serde_json::Value = serde_json::to_value(&q).unwrap();
        assert_eq!(v["kind"], "direct");
        assert_eq!(v["content"]["start"], 1);
        assert!(v["cue"].is_null() && v["speaker"].is_null() && v["speaker_name"].is_null());
    }
}
