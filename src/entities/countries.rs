//! The country table: ISO 3166-1 alpha-2 codes, English names, aliases and demonyms.
//!
//! The table ships in the crate (`data/countries.tsv`, compiled by the whosaid authors from
//! ISO 3166-1 and common English usage) and resolves place and nationality mentions to
//! countries: "U.S.", "America" and "the United States" → `US`; "Estonian" → `EE`.

use crate::{CountryCode, Entity, EntityKind, Error, Result};
use std::collections::HashMap;
use std::sync::OnceLock;

const BUILTIN: &str = include_str!("../../data/countries.tsv");

/// One country.
#[derive(Debug, Clone)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code.
    pub code: CountryCode,
    /// Canonical English short name.
    pub name: String,
}

/// Looks up countries by name, alias or demonym.
#[derive(Debug, Clone)]
pub struct CountryTable {
    countries: Vec<Country>,
    names: HashMap<String, usize>,
    names_lower: HashMap<String, usize>,
    demonyms: HashMap<String, usize>,
    demonyms_lower: HashMap<String, usize>,
    max_name_words: usize,
}

fn normalize_apostrophes(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('’') {
        s.replace('’', "'").into()
    } else {
        s.into()
    }
}

impl CountryTable {
    /// The built-in table, parsed once.
    pub fn builtin() -> &'static CountryTable {
        static TABLE: OnceLock<CountryTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            CountryTable::parse(BUILTIN, "data/countries.tsv")
                .expect("the built-in country table is valid (tested)")
        })
    }

    /// Parses a table in the `countries.tsv` format: `code TAB name TAB aliases TAB demonyms`,
    /// lists separated by `|`, `#` comment lines.
    pub fn parse(tsv: &str, file: &str) -> Result<CountryTable> {
        let mut t = CountryTable {
            countries: Vec::new(),
            names: HashMap::new(),
            names_lower: HashMap::new(),
            demonyms: HashMap::new(),
            demonyms_lower: HashMap::new(),
            max_name_words: 1,
        };
        for (i, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |reason: &str| Error::Data {
                file: file.to_string(),
                line: i + 1,
                reason: reason.to_string(),
            };
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() != 4 {
                return Err(err("expected 4 tab-separated columns"));
            }
            let code = CountryCode::letters(cols[0]).ok_or_else(|| err("bad country code"))?;
            let idx = t.countries.len();
            t.countries.push(Country {
                code,
                name: cols[1].to_string(),
            });
            let names = std::iter::once(cols[1]).chain(cols[2].split('|'));
            for n in names.map(str::trim).filter(|n| !n.is_empty()) {
                let n = normalize_apostrophes(n);
                t.max_name_words = t.max_name_words.max(n.split(' ').count());
                t.names.entry(n.to_string()).or_insert(idx);
                if n.chars().filter(|c| c.is_alphabetic()).count() > 3 {
                    t.names_lower.entry(n.to_lowercase()).or_insert(idx);
                }
            }
            for d in cols[3].split('|').map(str::trim).filter(|n| !n.is_empty()) {
                t.demonyms.entry(d.to_string()).or_insert(idx);
                t.demonyms_lower.entry(d.to_lowercase()).or_insert(idx);
            }
        }
        if t.countries.is_empty() {
            return Err(Error::Data {
                file: file.to_string(),
                line: 0,
                reason: "no countries".into(),
            });
        }
        Ok(t)
    }

    /// All countries.
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// The most words a country name has ("Saint Vincent and the Grenadines").
    pub fn max_name_words(&self) -> usize {
        self.max_name_words
    }

    /// The country a name or alias denotes ("U.S.", "Britain", "Côte d’Ivoire"). A leading
    /// "the" is ignored; all-caps text ("GERMANY") matches names of four letters or more.
    pub fn by_name(&self, name: &str) -> Option<&Country> {
        let name = name
            .strip_prefix("the ")
            .or_else(|| name.strip_prefix("The "))
            .unwrap_or(name);
        let name = normalize_apostrophes(name);
        if let Some(&i) = self.names.get(name.as_ref()) {
            return Some(&self.countries[i]);
        }
        let is_caps =
            name.chars().any(char::is_alphabetic) && !name.chars().any(char::is_lowercase);
        if is_caps {
            return self
                .names_lower
                .get(&name.to_lowercase())
                .map(|&i| &self.countries[i]);
        }
        None
    }

    /// The country whose people a demonym names ("Estonian", "Britons"); all-caps matches.
    pub fn by_demonym(&self, word: &str) -> Option<&Country> {
        if let Some(&i) = self.demonyms.get(word) {
            return Some(&self.countries[i]);
        }
        if word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase) {
            return self
                .demonyms_lower
                .get(&word.to_lowercase())
                .map(|&i| &self.countries[i]);
        }
        None
    }

    /// Every demonym as written in the table.
    pub(crate) fn demonym_strings(&self) -> impl Iterator<Item = &str> {
        self.demonyms.keys().map(String::as_str)
    }

    /// Every word of every name and alias (names split at spaces, apostrophes made
    /// straight).
    pub(crate) fn name_words(&self) -> impl Iterator<Item = &str> {
        self.names.keys().flat_map(|n| n.split(' '))
    }

    /// The canonical name of a code.
    pub fn name_of(&self, code: CountryCode) -> Option<&str> {
        self.countries
            .iter()
            .find(|c| c.code == code)
            .map(|c| c.name.as_str())
    }

    /// Re-types tagged mentions: a location that names a country becomes `Country`, a
    /// nationality or misc mention that is a demonym becomes `Nationality`; both get codes.
    ///
    /// "Georgia" is read as the US state, a location without a code, when the article speaks
    /// of US politics or places (another US state, Atlanta, Congress, the Democratic or
    /// Republican party) and not of the Caucasus (Tbilisi, Georgian, Abkhazia, South Ossetia).
    pub fn resolve(&self, entities: &mut [Entity]) {
        let georgia_is_state = us_context(entities);
        for e in entities {
            if georgia_is_state && e.text == "Georgia" {
                if matches!(e.kind, EntityKind::Location | EntityKind::Country) {
                    e.kind = EntityKind::Location;
                    e.country = None;
                }
                continue;
            }
            match e.kind {
                EntityKind::Location | EntityKind::Country => {
                    if let Some(c) = self.by_name(&e.text) {
                        e.kind = EntityKind::Country;
                        e.country = Some(c.code);
                    } else if let Some(c) = self.by_demonym(&e.text) {
                        e.kind = EntityKind::Nationality;
                        e.country = Some(c.code);
                    }
                }
                EntityKind::Misc | EntityKind::Nationality => {
                    if let Some(c) = self.by_demonym(&e.text) {
                        e.kind = EntityKind::Nationality;
                        e.country = Some(c.code);
                    }
                }
                _ => {}
            }
        }
    }
}

/// Does the article speak of the US (and not of the Caucasus), so that "Georgia" is the
/// state? One pass over the mentions.
fn us_context(entities: &[Entity]) -> bool {
    const US: &[&str] = &[
        "Atlanta",
        "Savannah",
        "Congress",
        "Senate",
        "GOP",
        "Democrat",
        "Democrats",
        "Democratic",
        "Republican",
        "Republicans",
        "Democratic Party",
        "Republican Party",
    ];
    const CAUCASUS: &[&str] = &[
        "Tbilisi",
        "Georgian",
        "Georgians",
        "Abkhazia",
        "South Ossetia",
        "Ossetia",
        "Caucasus",
        "Saakashvili",
    ];
    let mut us = false;
    for e in entities {
        let t = e.text.as_str();
        if CAUCASUS.contains(&t) {
            return false;
        }
        us |= US.contains(&t) || (t != "Georgia" && super::perceptron::US_STATES.contains(&t));
    }
    us
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_parses_and_covers_aliases() {
        let t = CountryTable::builtin();
        assert!(t.countries().len() >= 240);
        let code = |s: &str| t.by_name(s).map(|c| c.code.to_string());
        for (name, want) in [
            ("United States", "US"),
            ("U.S.", "US"),
            ("US", "US"),
            ("America", "US"),
            ("the United States", "US"),
            ("United Kingdom", "GB"),
            ("U.K.", "GB"),
            ("Britain", "GB"),
            ("Russia", "RU"),
            ("Russian Federation", "RU"),
            ("Czechia", "CZ"),
            ("Czech Republic", "CZ"),
            ("Ivory Coast", "CI"),
            ("Côte d'Ivoire", "CI"),
            ("Côte d’Ivoire", "CI"),
            ("GERMANY", "DE"),
            ("Estonia", "EE"),
        ] {
            assert_eq!(code(name).as_deref(), Some(want), "{name}");
        }
        assert!(t.by_name("us").is_none());
        assert!(t.by_name("Tallinn").is_none());
        for (d, want) in [
            ("Estonian", "EE"),
            ("Lithuanian", "LT"),
            ("French", "FR"),
            ("Britons", "GB"),
        ] {
            assert_eq!(
                t.by_demonym(d).map(|c| c.code.to_string()).as_deref(),
                Some(want)
            );
        }
        assert_eq!(t.name_of(CountryCode::new("EE").unwrap()), Some("Estonia"));
    }

    #[test]
    fn bad_tables_are_typed_errors() {
        assert!(matches!(
            CountryTable::parse("EE\tEstonia\n", "x"),
            Err(Error::Data { line: 1, .. })
        ));
        assert!(matches!(
            CountryTable::parse("E1\tX\t\t\n", "x"),
            Err(Error::Data { .. })
        ));
        assert!(CountryTable::parse("# only a comment\n", "x").is_err());
    }

    #[test]
    fn resolve_retypes_mentions() {
        let mk = |text: &str, kind| Entity {
            span: crate::Span::new(0, text.len()),
            text: text.into(),
            kind,
            country: None,
            group: None,
        };
        let mut es = vec![
            mk("Estonia", EntityKind::Location),
            mk("Estonian", EntityKind::Misc),
            mk("Tallinn", EntityKind::Location),
            mk("NATO", EntityKind::Organization),
        ];
        CountryTable::builtin().resolve(&mut es);
        assert_eq!(es[0].kind, EntityKind::Country);
        assert_eq!(es[0].country.unwrap().as_str(), "EE");
        assert_eq!(es[1].kind, EntityKind::Nationality);
        assert_eq!(es[2].kind, EntityKind::Location);
        assert_eq!(es[3].kind, EntityKind::Organization);
    }

    #[test]
    fn georgia_is_the_state_in_us_politics() {
        let mk =
            |text: &str, kind| Entity::new(crate::Span::new(0, text.len()), kind).with_text(text);
        let t = CountryTable::builtin();
        let mut us = vec![
            mk("Democratic", EntityKind::Misc),
            mk("Georgia", EntityKind::Location),
            mk("Ohio", EntityKind::Location),
        ];
        t.resolve(&mut us);
        assert_eq!(us[1].kind, EntityKind::Location);
        assert_eq!(us[1].country, None);
        let mut caucasus = vec![
            mk("Georgia", EntityKind::Location),
            mk("Tbilisi", EntityKind::Location),
            mk("Senate", EntityKind::Organization),
        ];
        t.resolve(&mut caucasus);
        assert_eq!(caucasus[0].kind, EntityKind::Country);
        assert_eq!(caucasus[0].country.unwrap().as_str(), "GE");
        let mut alone = vec![mk("Georgia", EntityKind::Location)];
        t.resolve(&mut alone);
        assert_eq!(alone[0].country.unwrap().as_str(), "GE");
    }
}
