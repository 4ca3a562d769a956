//! The cue-word sets the quote stage reads: strict cues, which make an attribution on their
//! own (`X said the talks are over`), and loose ones, which need quotation marks to frame
//! them (`called it “a farce”`). Built once per attributor from the word lists of
//! [`crate::words`] and the two data tables.

use crate::words::{AMBIGUOUS, CUE_WORDS, FRAMING_VERBS, REPORTING_VERBS};
use std::collections::HashSet;

/// The strict and loose cue words of one attributor.
#[derive(Debug, Clone)]
pub(crate) struct CueWords {
    /// Reporting verbs and the counted cue words, less [`AMBIGUOUS`].
    pub(crate) strict: HashSet<&'static str>,
    /// All of those, the ambiguous verbs and [`FRAMING_VERBS`].
    pub(crate) loose: HashSet<&'static str>,
    /// The wider vocabulary of cues (the table's `~` lines): a cue of the learned stage must
    /// hold one of these words or a loose cue.
    pub(crate) vocabulary: HashSet<&'static str>,
}

impl CueWords {
    /// The sets with the built-in cue-word table.
    pub(crate) fn builtin() -> Self {
        Self::with_table(CUE_WORDS)
    }

    /// The sets with another cue-word table (format of `data/cue_words.tsv`).
    pub(crate) fn with_table(cue_words: &'static str) -> Self {
        let all: Vec<&'static str> = REPORTING_VERBS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let learned = table_words(cue_words);
        let strict: HashSet<&'static str> = all
            .iter()
            .copied()
            .chain(learned)
            .filter(|v| !AMBIGUOUS.contains(v))
            .collect();
        let loose = all
            .iter()
            .chain(FRAMING_VERBS)
            .copied()
            .chain(strict.iter().copied())
            .collect();
        let vocabulary = cue_words
            .lines()
            .filter_map(|l| l.strip_prefix('~'))
            .filter_map(|l| l.split('\t').next())
            .filter(|w| !w.is_empty())
            .collect();
        CueWords {
            strict,
            loose,
            vocabulary,
        }
    }

    /// Whether the (lower-cased) word can be part of a cue: a loose cue or a word of the
    /// vocabulary.
    pub(crate) fn in_vocabulary(&self, w: &str) -> bool {
        self.loose.contains(w) || self.vocabulary.contains(w)
    }
}

/// The words of a cue-word table: the first column of each line that is neither a comment
/// nor a vocabulary line (`~`).
pub(crate) fn table_words(table: &'static str) -> impl Iterator<Item = &'static str> {
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with('~'))
        .filter_map(|l| l.split('\t').next())
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ambiguous_words_are_neither_strict_cues_nor_listed_cue_words() {
        let cues = CueWords::builtin();
        let table: Vec<&str> = table_words(CUE_WORDS).collect();
        for w in AMBIGUOUS {
            assert!(
                !cues.strict.contains(w),
                "{w:?} is excluded as ambiguous and yet a strict cue"
            );
            assert!(
                !table.contains(w),
                "{w:?} is in data/cue_words.tsv and in AMBIGUOUS: drop it from one \
                 (data/cue_words.overrides.tsv or AMBIGUOUS)"
            );
        }
        assert!(cues.strict.contains("said") && cues.strict.contains("say"));
    }
}
