//! Speaker resolution: from the mention in an attribution ("Roll", "she", "the ministry") to
//! the entity group it names.
//!
//! A person or organization mention resolves to its group's canonical name (never a place,
//! nationality or other entity: "The Indiana governor" is a person with no name, not
//! "Indiana"); a relative pronoun (`Virtanen, who said`) to the phrase before it; he/she to
//! the nearest earlier person group of compatible gender (given-name list, Mr./Ms.), they/it
//! to the nearest earlier organization group; a definite description to the nearest earlier
//! person with that title ("the minister" → "Jaan Tamm, the defence minister") or
//! organization with that word in its name ("the ministry"). When nothing fits, the name
//! stays `None`, never a guess, and the speaker's kind still says what the phrase names
//! ("officials": people). The pronoun antecedents and the descriptions are tables per
//! document, built on first use in `O(entities)`; each lookup is a binary search.

use super::candidate::Candidate;
use super::view::View;
use crate::entities::features::Lexicons;
use crate::words::{ORG_NOUNS, PERSON_NOUNS, PREPOSITIONS, SPEAKER, TITLES};
use crate::{boundary, EntityGroup, EntityKind, GroupId, Quote};
use std::cell::OnceCell;
use std::collections::HashMap;
use std::ops::Range;

/// For each entity index `k`, the last entity at or before `k` that each kind of pronoun
/// can refer to.
struct Antecedents {
    he: Vec<Option<usize>>,
    she: Vec<Option<usize>>,
    it: Vec<Option<usize>>,
}

/// Per document: the people each title was given to, and the organizations whose names
/// hold each organization noun, as (token position, entity) in text order.
#[derive(Default)]
struct Descriptions {
    titled: HashMap<String, Vec<(usize, usize)>>,
    orgs: HashMap<String, Vec<(usize, usize)>>,
}

/// A resolved speaker.
#[derive(Default)]
pub(crate) struct Resolved {
    pub(crate) name: Option<String>,
    pub(crate) group: Option<GroupId>,
    pub(crate) kind: Option<EntityKind>,
}

/// Resolves the speakers of one document.
pub(crate) struct Resolver<'v, 'a> {
    view: &'v View<'a>,
    antecedents: OnceCell<Antecedents>,
    descriptions: OnceCell<Descriptions>,
}

/// Whether a speaker can be of this kind.
fn speaker_kind(kind: EntityKind) -> bool {
    matches!(kind, EntityKind::Person | EntityKind::Organization)
}

/// Last words of company names ("Acme Inc.").
const CORPORATE: &[&str] = &[
    "inc", "corp", "co", "ltd", "llc", "plc", "group", "holdings",
];

/// The head word of a phrase: its last word before a preposition ("officials at the
/// ministry") or a parenthesis ("Rep. Jaan Tamm (R-Ohio)"), the preposition not first.
fn head_of(view: &View<'_>, sp: &Range<usize>) -> Option<usize> {
    let head_end = sp
        .clone()
        .skip(1)
        .find(|&k| PREPOSITIONS.contains(&view.lower(k)) || view.tok(k) == "(")
        .unwrap_or(sp.end);
    (sp.start..head_end).rev().find(|&k| view.is_word(k))
}

/// A title written out: "gov" → "governor".
fn full_title(w: &str) -> &str {
    match w {
        "gov" => "governor",
        "sen" => "senator",
        "rep" => "representative",
        "gen" => "general",
        "capt" => "captain",
        "col" => "colonel",
        "adm" => "admiral",
        "prof" => "professor",
        "pres" => "president",
        other => other,
    }
}

/// A title that can name a speaker on its own ("the minister").
fn is_speaker_title(w: &str) -> bool {
    TITLES.iter().any(|(t, u)| u & SPEAKER != 0 && *t == w)
}

impl<'v, 'a> Resolver<'v, 'a> {
    pub(crate) fn new(view: &'v View<'a>) -> Self {
        Resolver {
            view,
            antecedents: OnceCell::new(),
            descriptions: OnceCell::new(),
        }
    }

    /// The [`Quote`] for a candidate: spans of its cue and speaker, resolved speaker.
    pub(crate) fn quote(&self, c: &Candidate) -> Quote {
        let view = self.view;
        let r = c
            .attr
            .speaker
            .as_ref()
            .map_or_else(Resolved::default, |s| self.resolve(s));
        let mut q = Quote::new(c.kind, c.content);
        q.cue = c.attr.cue.as_ref().map(|r| view.span(r));
        q.speaker = c.attr.speaker.as_ref().map(|s| view.span(s));
        q.speaker_name = r.name;
        q.speaker_group = r.group;
        q.speaker_kind = r.kind;
        q
    }

    /// The group of entity `e` when it is a person or organization group.
    fn group_of(&self, e: usize) -> Option<(GroupId, &EntityGroup)> {
        let doc = self.view.doc;
        let g = doc.entities[e].group?;
        let grp = doc.groups.get(g.index())?;
        speaker_kind(grp.kind).then_some((g, grp))
    }

    /// Entity `e` as the speaker: its group, or its own text without one.
    fn entity(&self, e: usize) -> Resolved {
        let doc = self.view.doc;
        match (doc.entities[e].group, self.group_of(e)) {
            (_, Some((g, grp))) => Resolved {
                name: Some(grp.name.clone()),
                group: Some(g),
                kind: Some(grp.kind),
            },
            // In a group of another kind: the mention is not trusted as a speaker.
            (Some(_), None) => Resolved::default(),
            (None, None) => Resolved {
                name: Some(doc.entities[e].text.clone()),
                group: None,
                kind: Some(doc.entities[e].kind),
            },
        }
    }

    /// Resolves a speaker mention (token range): the head of the phrase decides. A head in
    /// a person or organization mention is that entity ("Senate leader Mitch McConnell");
    /// a person noun or title is a person ("Paulistano’s president", "a spokesperson for
    /// the Office of …"), named only when a description resolves it; an organization noun
    /// is an organization ("the Trump campaign"). Only person and organization groups are
    /// ever named.
    pub(crate) fn resolve(&self, sp: &Range<usize>) -> Resolved {
        let view = self.view;
        let doc = view.doc;
        if sp.len() == 1 && view.relative_pronoun(sp.start) {
            // `Virtanen, who said …`: the phrase before the relative pronoun.
            let mut k = sp.start;
            if k > 0 && view.tok(k - 1) == "," {
                k -= 1;
            }
            let floor = view.sent_range(sp.start).start;
            return view
                .np_before(floor, k)
                .filter(|np| !(np.len() == 1 && view.relative_pronoun(np.start)))
                .map_or_else(Resolved::default, |np| self.resolve(&np));
        }
        if sp.len() == 1 && view.is_pronoun(sp.start) {
            return self.pronoun(sp.start);
        }
        let usable = |e: usize| speaker_kind(doc.entities[e].kind);
        if let Some(head) = head_of(view, sp) {
            if let Some(e) = view.tok_entity[head].filter(|&e| usable(e)) {
                return self.entity(e);
            }
            let d = self.description(sp, head);
            if d.kind.is_some() {
                return d;
            }
        }
        // No telling head: a person named in the phrase, else an organization.
        sp.clone()
            .filter_map(|i| view.tok_entity[i])
            .filter(|&e| usable(e))
            .min_by_key(|&e| u8::from(doc.entities[e].kind != EntityKind::Person))
            .map_or_else(Resolved::default, |e| self.entity(e))
    }

    /// He/she: the nearest earlier person of compatible gender; they/it: the nearest earlier
    /// organization. I: a person with no name.
    fn pronoun(&self, i: usize) -> Resolved {
        let view = self.view;
        let doc = view.doc;
        let (table, kind) = match view.lower(i) {
            "he" => (&self.antecedents().he, EntityKind::Person),
            "she" => (&self.antecedents().she, EntityKind::Person),
            "they" | "it" => (&self.antecedents().it, EntityKind::Organization),
            "i" => {
                return Resolved {
                    kind: Some(EntityKind::Person),
                    ..Resolved::default()
                }
            }
            _ => return Resolved::default(),
        };
        let at = doc.seg.tokens[i].start;
        // The latest entity that ends before the pronoun and can be its antecedent.
        let before = doc.entities.partition_point(|e| e.span.end <= at);
        let found = before.checked_sub(1).and_then(|k| table[k]);
        match found.and_then(|e| self.group_of(e)) {
            Some((g, grp)) if grp.kind == kind => Resolved {
                name: Some(grp.name.clone()),
                group: Some(g),
                kind: Some(kind),
            },
            // He and she are people even when no one fits; they and it are not told.
            _ => Resolved {
                kind: (kind == EntityKind::Person).then_some(kind),
                ..Resolved::default()
            },
        }
    }

    /// A phrase with no name: its head noun tells a person ("the minister", "officials") or
    /// an organization ("the ministry"); a definite description ("the minister", "the
    /// ministry") resolves to the nearest earlier person with that title, or organization
    /// with that word in its name. Nothing that fits: no name, never a guess.
    fn description(&self, sp: &Range<usize>, head: usize) -> Resolved {
        let view = self.view;
        let w = view.lower(head).trim_end_matches('.');
        let definite = matches!(view.lower(sp.start), "the" | "this" | "that");
        let title = full_title(w);
        if is_speaker_title(title) || PERSON_NOUNS.contains(&w) {
            let found = if definite && is_speaker_title(title) {
                self.titled_before(title, sp.start)
            } else {
                None
            };
            return found.map_or(
                Resolved {
                    kind: Some(EntityKind::Person),
                    ..Resolved::default()
                },
                |e| self.entity(e),
            );
        }
        if ORG_NOUNS.contains(&w) {
            let found = if definite {
                self.org_before(w, sp.start)
            } else {
                None
            };
            return found.map_or(
                Resolved {
                    kind: Some(EntityKind::Organization),
                    ..Resolved::default()
                },
                |e| self.entity(e),
            );
        }
        Resolved::default()
    }

    /// The latest person mention before token `at` that carries `title` (before the name:
    /// "Defence Minister Jaan Tamm", or in an apposition after it: "Jaan Tamm, the defence
    /// minister,"). `O(log n)` after the per-document table.
    fn titled_before(&self, title: &str, at: usize) -> Option<usize> {
        let list = self.descriptions().titled.get(title)?;
        let k = list.partition_point(|&(pos, _)| pos < at);
        k.checked_sub(1).map(|k| list[k].1)
    }

    /// The latest organization mention before token `at` whose name holds `noun` ("the
    /// ministry" → "the Defence Ministry"; "the company" → a name ending in Inc., Corp., …).
    fn org_before(&self, noun: &str, at: usize) -> Option<usize> {
        let list = self.descriptions().orgs.get(noun)?;
        let k = list.partition_point(|&(pos, _)| pos < at);
        k.checked_sub(1).map(|k| list[k].1)
    }

    /// The per-document tables of titled people and named organizations, built on first
    /// use: `O(entities · w)` with `w` the few tokens around each mention.
    fn descriptions(&self) -> &Descriptions {
        self.descriptions.get_or_init(|| {
            let view = self.view;
            let doc = view.doc;
            let toks = &doc.seg.tokens;
            let mut d = Descriptions::default();
            for (k, e) in doc.entities.iter().enumerate() {
                let first = toks.partition_point(|t| t.end <= e.span.start);
                if first >= view.n() {
                    break;
                }
                let Some(run) = view.entity_range(first) else {
                    continue;
                };
                match e.kind {
                    EntityKind::Person => {
                        let mut add = |w: &str| {
                            let t = full_title(w.trim_end_matches('.'));
                            if is_speaker_title(t) {
                                d.titled.entry(t.to_string()).or_default().push((first, k));
                            }
                        };
                        // Titles right before the name, within its sentence.
                        let floor = view.sent_range(first).start.max(first.saturating_sub(4));
                        for i in floor..first {
                            add(view.lower(i));
                        }
                        // An apposition after it: `Jaan Tamm, the defence minister,`.
                        if run.end < view.n() && view.tok(run.end) == "," {
                            let sent_end = view.sent_range(first).end;
                            for i in run.end + 1..(run.end + 9).min(sent_end) {
                                if matches!(view.tok(i), "," | "." | ";") {
                                    break;
                                }
                                add(view.lower(i));
                            }
                        }
                    }
                    EntityKind::Organization => {
                        let lower = e.text.to_lowercase();
                        let words: Vec<&str> = lower
                            .split(|c: char| !c.is_alphanumeric() && c != '-')
                            .filter(|w| !w.is_empty())
                            .collect();
                        for w in &words {
                            if ORG_NOUNS.contains(w) {
                                d.orgs.entry((*w).to_string()).or_default().push((first, k));
                            }
                        }
                        if words.last().is_some_and(|w| CORPORATE.contains(w)) {
                            for noun in ["company", "firm"] {
                                d.orgs.entry(noun.to_string()).or_default().push((first, k));
                            }
                        }
                    }
                    _ => {}
                }
            }
            d
        })
    }

    /// Pronoun antecedents, computed once per document on first use: `O(entities)`.
    fn antecedents(&self) -> &Antecedents {
        self.antecedents.get_or_init(|| {
            let doc = self.view.doc;
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
}
