//! Grouping the mentions of one entity within a document.
//!
//! * **People**: a multi-word name opens a group; a later (or earlier) one-word mention joins
//!   the group whose name contains that word ("Roll" → "Madis Roll"), the most recent one
//!   when several do; titles ("Mr.", "President") are ignored.
//! * **Organizations**: the same name joins; an acronym joins the name whose initials it
//!   spells ("NATO" ↔ "North Atlantic Treaty Organization"), skipping "of", "the", "and".
//! * **Countries**: country and nationality mentions join by country code; the group is named
//!   after the country.
//! * Everything else joins by identical text.
//!
//! The group's name is its longest member (for people and organizations) or the country's
//! canonical name.

use super::countries::CountryTable;
use crate::{Entity, EntityGroup, EntityId, EntityKind, GroupId};
use std::collections::{BTreeSet, HashMap};

const STOP: &[&str] = &[
    "of", "the", "and", "for", "de", "du", "des", "la", "le", "&", "on", "in",
];

/// The name words of a person mention, without titles or a possessive.
fn name_words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace())
        .map(|w| w.trim_end_matches(['.', ',']))
        .map(|w| w.trim_end_matches("’s").trim_end_matches("'s"))
        .filter(|w| !w.is_empty() && !crate::words::is_group_title(w))
        .collect()
}

fn initials(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && !STOP.contains(&w.to_lowercase().as_str()))
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

fn is_acronym(text: &str) -> bool {
    let letters: String = text.chars().filter(|c| *c != '.').collect();
    letters.chars().count() >= 2
        && letters
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit())
}

fn normalized(text: &str) -> String {
    let t = text
        .strip_prefix("the ")
        .or_else(|| text.strip_prefix("The "))
        .unwrap_or(text);
    t.replace('’', "'")
}

/// Organization groups by the keys that join an acronym and its expansion, so that a
/// mention finds its group by lookup instead of a scan over all groups.
#[derive(Default)]
struct OrgIndex {
    /// Groups by the initials of their name ("North Atlantic Treaty Organization" → NATO).
    by_initials: HashMap<String, BTreeSet<usize>>,
    /// Groups whose name is an acronym, by the acronym without dots ("U.N." → UN).
    by_acronym: HashMap<String, BTreeSet<usize>>,
}

impl OrgIndex {
    fn insert(&mut self, g: usize, name: &str) {
        self.by_initials
            .entry(initials(name))
            .or_default()
            .insert(g);
        if is_acronym(name) {
            self.by_acronym
                .entry(name.replace('.', ""))
                .or_default()
                .insert(g);
        }
    }

    fn remove(&mut self, g: usize, name: &str) {
        if let Some(gs) = self.by_initials.get_mut(&initials(name)) {
            gs.remove(&g);
        }
        if let Some(gs) = self.by_acronym.get_mut(&name.replace('.', "")) {
            gs.remove(&g);
        }
    }
}

/// Groups `entities` (in text order), sets each mention's `group`, and returns the groups.
/// `countries` names country groups (without a table, a country group is named after its
/// first mention).
pub fn group_entities(
    entities: &mut [Entity],
    countries: Option<&CountryTable>,
) -> Vec<EntityGroup> {
    let mut groups: Vec<EntityGroup> = Vec::new();
    let mut by_key: HashMap<(EntityKind, String), usize> = HashMap::new();
    let mut by_country: HashMap<crate::CountryCode, usize> = HashMap::new();
    let mut pending_single: Vec<usize> = Vec::new();
    // Multi-word person groups by each of their name words, in creation order.
    let mut person_word: HashMap<String, Vec<usize>> = HashMap::new();
    let mut orgs = OrgIndex::default();

    let new_group = |groups: &mut Vec<EntityGroup>, kind, name: String, e: usize| {
        groups.push(EntityGroup {
            id: GroupId(groups.len()),
            kind,
            name,
            country: None,
            mentions: vec![EntityId(e)],
        });
        groups.len() - 1
    };

    #[allow(clippy::needless_range_loop)] // the body reads `entities[i]` and then writes it
    for i in 0..entities.len() {
        let e = &entities[i];
        let g = match e.kind {
            EntityKind::Country | EntityKind::Nationality if e.country.is_some() => {
                let code = e.country.unwrap_or_else(|| unreachable!());
                match by_country.get(&code) {
                    Some(&g) => {
                        groups[g].mentions.push(EntityId(i));
                        g
                    }
                    None => {
                        let name = countries
                            .and_then(|t| t.name_of(code))
                            .unwrap_or(&e.text)
                            .to_string();
                        let g = new_group(&mut groups, EntityKind::Country, name, i);
                        groups[g].country = Some(code);
                        by_country.insert(code, g);
                        g
                    }
                }
            }
            EntityKind::Person => {
                let words = name_words(&e.text);
                let key = words.join(" ");
                if let Some(&g) = by_key.get(&(EntityKind::Person, key.clone())) {
                    groups[g].mentions.push(EntityId(i));
                    g
                } else if words.len() == 1 {
                    // Most recent person group whose name has this word.
                    let found = person_word.get(words[0]).and_then(|gs| gs.last()).copied();
                    match found {
                        Some(g) => {
                            groups[g].mentions.push(EntityId(i));
                            g
                        }
                        None => {
                            let g = new_group(&mut groups, EntityKind::Person, key.clone(), i);
                            by_key.insert((EntityKind::Person, key), g);
                            pending_single.push(g);
                            g
                        }
                    }
                } else if words.is_empty() {
                    new_group(&mut groups, EntityKind::Person, e.text.clone(), i)
                } else {
                    let g = new_group(&mut groups, EntityKind::Person, key.clone(), i);
                    for w in &words {
                        let gs = person_word.entry(w.to_string()).or_default();
                        if gs.last() != Some(&g) {
                            gs.push(g);
                        }
                    }
                    by_key.insert((EntityKind::Person, key), g);
                    g
                }
            }
            EntityKind::Organization => {
                let key = normalized(&e.text);
                if let Some(&g) = by_key.get(&(EntityKind::Organization, key.clone())) {
                    groups[g].mentions.push(EntityId(i));
                    g
                } else {
                    let acr = is_acronym(&key).then(|| key.replace('.', ""));
                    // The most recent organization whose initials the acronym spells, or the
                    // most recent acronym that the name's initials spell.
                    let found = match &acr {
                        Some(a) => orgs.by_initials.get(a),
                        None => orgs.by_acronym.get(&initials(&key)),
                    }
                    .and_then(|gs| gs.last())
                    .copied();
                    match found {
                        Some(g) => {
                            groups[g].mentions.push(EntityId(i));
                            if acr.is_none() {
                                orgs.remove(g, &groups[g].name);
                                groups[g].name = key.clone();
                                orgs.insert(g, &groups[g].name);
                            }
                            by_key.insert((EntityKind::Organization, key), g);
                            g
                        }
                        None => {
                            let g =
                                new_group(&mut groups, EntityKind::Organization, key.clone(), i);
                            orgs.insert(g, &key);
                            by_key.insert((EntityKind::Organization, key), g);
                            g
                        }
                    }
                }
            }
            kind => {
                let key = normalized(&e.text);
                match by_key.get(&(kind, key.clone())) {
                    Some(&g) => {
                        groups[g].mentions.push(EntityId(i));
                        g
                    }
                    None => {
                        let g = new_group(&mut groups, kind, key.clone(), i);
                        by_key.insert((kind, key), g);
                        g
                    }
                }
            }
        };
        entities[i].group = Some(GroupId(g));
    }

    // One-word person groups opened before the full name appeared ("Roll" in a headline):
    // merge into the single full-name group that contains the word, if there is exactly one.
    let mut merged_into: HashMap<usize, usize> = HashMap::new();
    for &g in &pending_single {
        let word = groups[g].name.clone();
        if let Some([t]) = person_word.get(&word).map(Vec::as_slice) {
            if *t != g {
                merged_into.insert(g, *t);
            }
        }
    }
    if merged_into.is_empty() {
        return groups;
    }
    // Rebuild ids densely.
    let mut remap = vec![usize::MAX; groups.len()];
    let mut out: Vec<EntityGroup> = Vec::new();
    for g in 0..groups.len() {
        if !merged_into.contains_key(&g) {
            remap[g] = out.len();
            let mut grp = groups[g].clone();
            grp.id = GroupId(out.len());
            grp.mentions.clear();
            out.push(grp);
        }
    }
    for g in 0..groups.len() {
        if let Some(&t) = merged_into.get(&g) {
            remap[g] = remap[t];
        }
    }
    for (i, e) in entities.iter_mut().enumerate() {
        if let Some(g) = e.group {
            let ng = remap[g.index()];
            out[ng].mentions.push(EntityId(i));
            e.group = Some(GroupId(ng));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ents(text: &str, spans: &[(&str, EntityKind)]) -> Vec<Entity> {
        let mut from = 0;
        spans
            .iter()
            .map(|&(s, kind)| {
                let start = from + text[from..].find(s).expect("mention in text");
                from = start + s.len();
                Entity {
                    span: crate::Span::new(start, start + s.len()),
                    text: s.to_string(),
                    kind,
                    country: None,
                    group: None,
                }
            })
            .collect()
    }

    #[test]
    fn people_acronyms_and_countries() {
        use EntityKind::*;
        let text =
            "Roll said. Madis Roll, an Estonian, met NATO. The North Atlantic Treaty Organization \
                    and Estonia agreed. Roll and Mr. Roll left. Kaja Kask spoke.";
        let mut es = ents(
            text,
            &[
                ("Roll", Person),
                ("Madis Roll", Person),
                ("Estonian", Misc),
                ("NATO", Organization),
                ("North Atlantic Treaty Organization", Organization),
                ("Estonia", Location),
                ("Roll", Person),
                ("Mr. Roll", Person),
                ("Kaja Kask", Person),
            ],
        );
        CountryTable::builtin().resolve(&mut es);
        let groups = group_entities(&mut es, Some(CountryTable::builtin()));
        let g = |i: usize| es[i].group.unwrap().index();
        assert_eq!(g(0), g(1));
        assert_eq!(g(1), g(6));
        assert_eq!(g(6), g(7));
        assert_eq!(groups[g(1)].name, "Madis Roll");
        let ms: Vec<usize> = groups[g(1)].mentions.iter().map(|m| m.index()).collect();
        assert_eq!(ms, vec![0, 1, 6, 7]);
        assert_eq!(g(3), g(4));
        assert_eq!(groups[g(3)].name, "North Atlantic Treaty Organization");
        assert_eq!(g(2), g(5));
        assert_eq!(groups[g(2)].name, "Estonia");
        assert_eq!(groups[g(2)].country.unwrap().as_str(), "EE");
        assert_ne!(g(8), g(1));
        for (id, grp) in groups.iter().enumerate() {
            assert_eq!(grp.id, GroupId(id));
            for &m in &grp.mentions {
                assert_eq!(es[m.index()].group, Some(GroupId(id)));
            }
        }
    }
}
