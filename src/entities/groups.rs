//! Grouping the mentions of one entity within a document. The rules are documented on
//! [`group_entities`].

use super::countries::CountryTable;
use crate::{Entity, EntityGroup, EntityId, EntityKind, GroupId};
use std::collections::{BTreeSet, HashMap};

const STOP: &[&str] = &[
    "of", "the", "and", "for", "de", "du", "des", "la", "le", "&", "on", "in",
];

/// The name words of a person mention, without titles or a possessive; initials keep
/// their period ("Loretta E. Lynch" → `Loretta`, `E.`, `Lynch`).
fn name_words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace())
        .map(|w| w.trim_end_matches(','))
        .map(|w| w.trim_end_matches("’s").trim_end_matches("'s"))
        .map(|w| {
            if is_initial(w) {
                w
            } else {
                w.trim_end_matches('.')
            }
        })
        .filter(|w| !w.is_empty() && !crate::words::is_group_title(w.trim_end_matches('.')))
        .collect()
}

/// An initial: one capital letter, with or without a period ("E.", "E"), or several joined
/// by periods ("J.R.").
fn is_initial(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    let periods = w.chars().filter(|&c| c == '.').count();
    (1..=3).contains(&letters)
        && w.chars().all(|c| c.is_uppercase() || c == '.')
        && (letters == 1 || periods >= letters)
}

/// Generational suffixes, not part of the name key.
const SUFFIXES: &[&str] = &["Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV"];

/// The words that identify a person: name words without initials and suffixes
/// ("Loretta E. Lynch" → `Loretta Lynch`).
fn key_words<'a>(words: &[&'a str]) -> Vec<&'a str> {
    words
        .iter()
        .copied()
        .filter(|w| !is_initial(w) && !SUFFIXES.contains(w))
        .collect()
}

/// What a title before a name says about the person's gender: `b'm'`, `b'f'` or none.
fn title_gender(text: &str) -> Option<u8> {
    let first = text.split_whitespace().next()?.trim_end_matches('.');
    match first {
        "Mr" | "Sir" | "Lord" | "King" | "Prince" => Some(b'm'),
        "Mrs" | "Ms" | "Miss" | "Dame" | "Lady" | "Queen" | "Princess" => Some(b'f'),
        _ => None,
    }
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

/// The person group a one-word mention ("Clinton", "Mr. Clinton") belongs to, among the
/// multi-word groups that contain the word: the only one; else the only one whose given name
/// fits the title's gender ("Mr." → not a woman's name); else the clearly most mentioned so
/// far (at least twice as many mentions as any other). Otherwise none: the mention stays
/// unresolved rather than joining the wrong person.
fn choose_person(
    candidates: &[usize],
    groups: &[EntityGroup],
    gender: Option<u8>,
) -> Option<usize> {
    match candidates {
        [] => return None,
        [g] => return Some(*g),
        _ => {}
    }
    if let Some(want) = gender {
        let lex = super::features::Lexicons::builtin();
        let fits: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&g| {
                let first = groups[g].name.split(' ').next().unwrap_or_default();
                let got = lex.gender_of(&first.to_lowercase()).unwrap_or(b'u');
                got == want || got == b'u'
            })
            .collect();
        if let [g] = fits.as_slice() {
            return Some(*g);
        }
    }
    let mut by_salience: Vec<(usize, usize)> = candidates
        .iter()
        .map(|&g| (groups[g].mentions.len(), g))
        .collect();
    by_salience.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let (top, g) = by_salience[0];
    (top >= 2 * by_salience[1].0).then_some(g)
}

/// Groups `entities` (in text order), sets each mention's `group`, and returns the groups.
/// `countries` names country groups (without a table, a country group is named after its
/// first mention).
///
/// # The grouping rules
///
/// * **People.** A mention's *name words* are its words without titles ("Mr.", "Sen.",
///   "President"), a possessive `'s`, initials ("E.", "J.R.") and suffixes ("Jr.", "III").
///   * Mentions with the same name words are one person: "Loretta E. Lynch", "Loretta
///     Lynch" and "Ms. Lynch's" … ; so are two mentions with the same first and last name
///     word ("Hillary Rodham Clinton", "Hillary Clinton").
///   * A one-word mention ("Lynch", "Mr. Clinton", or "E. Lynch" once the initial is set
///     aside) joins the multi-word person whose name contains the word. When several do
///     ("Clinton" in an article about Hillary and Chelsea Clinton), it joins the one whose
///     given name fits the gender of its title ("Mr.", "Mrs.", "Ms."; by the given-name
///     list, a heuristic: see `data/README.md`), else the one mentioned clearly most so far
///     (at least twice as often as any other); otherwise it stays **unresolved**, in a group
///     of its own named after the word, rather than joining a person it may not be.
///   * A one-word mention seen before any full name (a headline's "Lynch") joins the full
///     name that appears later, when exactly one does.
///   * The group is named after its longest mention's name words, initials included
///     ("Loretta E. Lynch").
/// * **Organizations.** The same name (a leading "the" aside) is one organization; an
///   acronym joins the name whose initials it spells, skipping "of", "the", "and"
///   ("NATO" ↔ "North Atlantic Treaty Organization"), and the group takes the long name.
/// * **Countries.** Country and nationality mentions join by country code, and the group is
///   named after the country ("Estonian", "Estonia" → Estonia).
/// * **Everything else** joins by identical text.
///
/// Cost: `O(m log m)` for `m` mentions (lookups by name word, initials and acronym).
///
/// ```
/// use whosaid::{Entity, EntityKind, Span};
/// use whosaid::entities::group_entities;
///
/// let text = "Loretta E. Lynch met Hillary Clinton and Chelsea Clinton. Lynch and Clinton spoke.";
/// let mut es: Vec<Entity> = ["Loretta E. Lynch", "Hillary Clinton", "Chelsea Clinton", "Lynch", "Clinton"]
///     .iter()
///     .scan(0, |from, m| {
///         let start = *from + text[*from..].find(m).unwrap();
///         *from = start + m.len();
///         Some(Entity::new(Span::new(start, *from), EntityKind::Person).with_text(*m))
///     })
///     .collect();
/// let groups = group_entities(&mut es, None);
/// let name = |i: usize| groups[es[i].group.unwrap().index()].name.as_str();
/// assert_eq!(name(3), "Loretta E. Lynch"); // the surname joins the full name
/// assert_eq!(name(4), "Clinton"); // two Clintons, equally salient: left unresolved
/// ```
pub fn group_entities(
    entities: &mut [Entity],
    countries: Option<&CountryTable>,
) -> Vec<EntityGroup> {
    let mut groups: Vec<EntityGroup> = Vec::new();
    let mut by_key: HashMap<(EntityKind, String), usize> = HashMap::new();
    let mut by_country: HashMap<crate::CountryCode, usize> = HashMap::new();
    // One-word person groups and their word.
    let mut pending_single: Vec<(usize, String)> = Vec::new();
    // Multi-word person groups by each of their name words, in creation order.
    let mut person_word: HashMap<String, Vec<usize>> = HashMap::new();
    // Multi-word person groups by their first and last name words.
    let mut by_first_last: HashMap<(String, String), usize> = HashMap::new();
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
                let core = key_words(&words);
                let key = core.join(" ");
                let display = words.join(" ");
                let found = if core.is_empty() {
                    None
                } else if let Some(&g) = by_key.get(&(EntityKind::Person, key.clone())) {
                    Some(g)
                } else if core.len() == 1 {
                    let candidates = person_word.get(core[0]).map_or(&[][..], Vec::as_slice);
                    choose_person(candidates, &groups, title_gender(&e.text))
                } else {
                    // "Hillary Rodham Clinton" after "Hillary Clinton": same first and last.
                    by_first_last
                        .get(&(core[0].to_string(), core[core.len() - 1].to_string()))
                        .copied()
                };
                match found {
                    Some(g) => {
                        groups[g].mentions.push(EntityId(i));
                        if core.len() >= 2 {
                            by_key.entry((EntityKind::Person, key)).or_insert(g);
                        }
                        if words.len() > groups[g].name.split(' ').count() {
                            groups[g].name = display;
                        }
                        g
                    }
                    None if core.is_empty() => {
                        new_group(&mut groups, EntityKind::Person, e.text.clone(), i)
                    }
                    None if core.len() == 1 => {
                        // "J. R. Okafor" alone is named with its initials.
                        let g = new_group(&mut groups, EntityKind::Person, display, i);
                        by_key.insert((EntityKind::Person, key.clone()), g);
                        pending_single.push((g, key));
                        g
                    }
                    None => {
                        let g = new_group(&mut groups, EntityKind::Person, display, i);
                        for w in &core {
                            let gs = person_word.entry(w.to_string()).or_default();
                            if gs.last() != Some(&g) {
                                gs.push(g);
                            }
                        }
                        by_first_last
                            .insert((core[0].to_string(), core[core.len() - 1].to_string()), g);
                        by_key.insert((EntityKind::Person, key), g);
                        g
                    }
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
    for (g, word) in &pending_single {
        let g = *g;
        if let Some([t]) = person_word.get(word).map(Vec::as_slice) {
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

    fn person_groups(text: &str, names: &[&str]) -> Vec<String> {
        let spans: Vec<(&str, EntityKind)> =
            names.iter().map(|n| (*n, EntityKind::Person)).collect();
        let mut es = ents(text, &spans);
        let groups = group_entities(&mut es, None);
        es.iter()
            .map(|e| groups[e.group.unwrap().index()].name.clone())
            .collect()
    }

    #[test]
    fn middle_initials_stay_inside_the_name() {
        let text = "Loretta E. Lynch spoke. Loretta Lynch left. E. Lynch and Ms. Lynch's aide.";
        let got = person_groups(
            text,
            &[
                "Loretta E. Lynch",
                "Loretta Lynch",
                "E. Lynch",
                "Ms. Lynch's",
            ],
        );
        assert_eq!(got, ["Loretta E. Lynch"; 4]);
        // The longest mention names the group even when it comes later.
        let got = person_groups(
            "Loretta Lynch spoke. Loretta E. Lynch left.",
            &["Loretta Lynch", "Loretta E. Lynch"],
        );
        assert_eq!(got, ["Loretta E. Lynch"; 2]);
        let got = person_groups(
            "Hillary Clinton met Hillary Rodham Clinton.",
            &["Hillary Clinton", "Hillary Rodham Clinton"],
        );
        assert_eq!(got, ["Hillary Rodham Clinton"; 2]);
    }

    #[test]
    fn shared_surname_by_salience_title_or_unresolved() {
        // Hillary is the subject (three mentions), Chelsea is named once, last: "Clinton"
        // is Hillary, not the most recent full name.
        let text = "Hillary Clinton spoke. Hillary Clinton left. Hillary Clinton won. \
                    Chelsea Clinton watched. Clinton smiled.";
        let got = person_groups(
            text,
            &[
                "Hillary Clinton",
                "Hillary Clinton",
                "Hillary Clinton",
                "Chelsea Clinton",
                "Clinton",
            ],
        );
        assert_eq!(got[4], "Hillary Clinton");
        // "Mr. Clinton" is the man of the two.
        let text = "Hillary Clinton met Bill Clinton. Mr. Clinton left.";
        let got = person_groups(text, &["Hillary Clinton", "Bill Clinton", "Mr. Clinton"]);
        assert_eq!(got[2], "Bill Clinton");
        // Equally salient and no title: left unresolved, not given to the latest.
        let text = "Hillary Clinton met Chelsea Clinton. Clinton left.";
        let got = person_groups(text, &["Hillary Clinton", "Chelsea Clinton", "Clinton"]);
        assert_eq!(got[2], "Clinton");
    }
}
