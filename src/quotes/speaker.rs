//! Speaker resolution: from the mention in an attribution ("Roll", "she", "the ministry") to
//! the entity group it names.
//!
//! An entity mention resolves to its group's canonical name; he/she to the nearest earlier
//! person of compatible gender (given-name list, Mr./Ms.), they/it to the nearest earlier
//! organization. When nothing fits, the name stays `None`. The pronoun antecedents are one
//! table per document, built on first use in `O(entities)`; each lookup is a binary search.

use super::candidate::Candidate;
use super::view::View;
use crate::entities::features::Lexicons;
use crate::{boundary, EntityKind, GroupId, Quote};
use std::cell::OnceCell;
use std::ops::Range;

/// For each entity index `k`, the last entity at or before `k` that each kind of pronoun
/// can refer to.
struct Antecedents {
    he: Vec<Option<usize>>,
    she: Vec<Option<usize>>,
    it: Vec<Option<usize>>,
}

/// Resolves the speakers of one document.
pub(crate) struct Resolver<'v, 'a> {
    view: &'v View<'a>,
    antecedents: OnceCell<Antecedents>,
}

impl<'v, 'a> Resolver<'v, 'a> {
    pub(crate) fn new(view: &'v View<'a>) -> Self {
        Resolver {
            view,
            antecedents: OnceCell::new(),
        }
    }

    /// The [`Quote`] for a candidate: spans of its cue and speaker, resolved speaker.
    pub(crate) fn quote(&self, c: &Candidate) -> Quote {
        let view = self.view;
        let (speaker_name, speaker_group) = c
            .attr
            .speaker
            .as_ref()
            .map_or((None, None), |s| self.resolve(s));
        let mut q = Quote::new(c.kind, c.content);
        q.cue = c.attr.cue.as_ref().map(|r| view.span(r));
        q.speaker = c.attr.speaker.as_ref().map(|s| view.span(s));
        q.speaker_name = speaker_name;
        q.speaker_group = speaker_group;
        q
    }

    /// Resolves a speaker mention (token range) to (name, group).
    pub(crate) fn resolve(&self, sp: &Range<usize>) -> (Option<String>, Option<GroupId>) {
        let view = self.view;
        let doc = view.doc;
        let ent = sp
            .clone()
            .filter_map(|i| view.tok_entity[i])
            .min_by_key(|&e| match doc.entities[e].kind {
                EntityKind::Person => 0,
                EntityKind::Organization => 1,
                _ => 2,
            });
        if let Some(e) = ent {
            if let Some(g) = doc.entities[e].group {
                if let Some(grp) = doc.groups.get(g.index()) {
                    return (Some(grp.name.clone()), Some(g));
                }
            }
            return (Some(doc.entities[e].text.clone()), None);
        }
        if sp.len() == 1 && view.is_pronoun(sp.start) {
            let want = match view.lower(sp.start) {
                "he" => Some(b'm'),
                "she" => Some(b'f'),
                "they" | "it" => None,
                _ => return (None, None),
            };
            let at = doc.seg.tokens[sp.start].start;
            // The latest entity that ends before the pronoun and can be its antecedent.
            let before = doc.entities.partition_point(|e| e.span.end <= at);
            let ante = self.antecedents();
            let table = match want {
                Some(b'm') => &ante.he,
                Some(_) => &ante.she,
                None => &ante.it,
            };
            let found = before
                .checked_sub(1)
                .and_then(|k| table[k])
                .map(|k| &doc.entities[k]);
            if let Some(e) = found {
                if let Some(g) = e.group {
                    if let Some(grp) = doc.groups.get(g.index()) {
                        return (Some(grp.name.clone()), Some(g));
                    }
                }
            }
            return (None, None);
        }
        (None, None)
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
