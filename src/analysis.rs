//! The result of analysing one document: owned, `Send`, serializable.

use crate::Span;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One sentence: its span, its paragraph and its tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Byte span of the sentence (no surrounding whitespace).
    #[serde(flatten)]
    pub span: Span,
    /// Index of the paragraph that holds it.
    pub paragraph: usize,
    /// Index of its first token in [`Analysis::tokens`].
    pub first_token: usize,
    /// One past its last token.
    pub end_token: usize,
}

impl Sentence {
    /// Token indices of this sentence.
    pub fn tokens(&self) -> std::ops::Range<usize> {
        self.first_token..self.end_token
    }
}

/// What kind of entity a mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
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
    /// Parses two ASCII letters (case-insensitive) into a code.
    pub fn new(code: &str) -> Option<Self> {
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
        CountryCode::new(&s).ok_or_else(|| serde::de::Error::custom("expected a 2-letter code"))
    }
}

/// One entity mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Index into [`Analysis::groups`] of the entity it refers to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub group: Option<usize>,
}

/// All the mentions of one entity within a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityGroup {
    /// The group's id: its index in [`Analysis::groups`].
    pub id: usize,
    /// The kind shared by its mentions (`Nationality` mentions join `Country` groups).
    pub kind: EntityKind,
    /// The canonical name: the longest full name seen, or the country's English name.
    pub name: String,
    /// The country, for country groups.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub country: Option<CountryCode>,
    /// Indices into [`Analysis::entities`].
    pub mentions: Vec<usize>,
}

/// How a quote is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Verbatim words inside quotation marks: `“We are ready,” Roll said.`
    Direct,
    /// A reported clause with quoted fragments: `Roll said the talks were “ongoing.”`
    Mixed,
    /// Reported speech without quotation marks: `Roll said the talks continue.`
    Indirect,
}

/// One attributed quote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The resolved speaker's entity group.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub speaker_group: Option<usize>,
}

impl Quote {
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

impl Analysis {
    /// The entity group of a mention, if it has one.
    pub fn group_of(&self, entity: usize) -> Option<&EntityGroup> {
        self.entities
            .get(entity)
            .and_then(|e| e.group)
            .and_then(|g| self.groups.get(g))
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
    }

    #[test]
    fn country_code_round_trips() {
        let c = CountryCode::new("ee").unwrap();
        assert_eq!(c.as_str(), "EE");
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"EE\"");
        let back: CountryCode = serde_json::from_str("\"EE\"").unwrap();
        assert_eq!(back, c);
        assert!(CountryCode::new("EST").is_none());
        assert!(CountryCode::new("é").is_none());
    }

    #[test]
    fn entity_json_has_contract_fields() {
        let e = Entity {
            span: Span::new(0, 10),
            text: "Madis Roll".into(),
            kind: EntityKind::Person,
            country: None,
            group: Some(0),
        };
        let v: serde_json::Value = serde_json::to_value(&e).unwrap();
        assert_eq!(v["start"], 0);
        assert_eq!(v["end"], 10);
        assert_eq!(v["text"], "Madis Roll");
        assert_eq!(v["kind"], "person");
        assert_eq!(v["group"], 0);
    }

    #[test]
    fn quote_json_has_contract_fields() {
        let q = Quote {
            kind: QuoteKind::Direct,
            content: Span::new(1, 5),
            cue: None,
            speaker: None,
            speaker_name: None,
            speaker_group: None,
        };
        let v: serde_json::Value = serde_json::to_value(&q).unwrap();
        assert_eq!(v["kind"], "direct");
        assert_eq!(v["content"]["start"], 1);
        assert!(v["cue"].is_null() && v["speaker"].is_null() && v["speaker_name"].is_null());
    }
}
