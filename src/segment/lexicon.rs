//! Word lists the segmenter consults: abbreviations and sentence starters (the speech verbs
//! and the abbreviated dates are in [`crate::words`]).
//!
//! The lists are our own compilation of common English news abbreviations.

/// Abbreviations that precede a name or number and never end a sentence ("Mr. Fox", "St. Paul",
/// "No. 5"). Compared case-sensitively, without the final period.
const PREFIX_ABBREVIATIONS: &[&str] = &[
    "Adm", "Amb", "Atty", "Brig", "Capt", "Cmdr", "Col", "Cpl", "Cpt", "Dr", "Drs", "Fr", "Ft",
    "Gen", "Gov", "Hon", "Insp", "Lt", "Maj", "Messrs", "Mlle", "Mme", "Mmes", "Mr", "Mrs", "Ms",
    "Msgr", "Mt", "Mx", "Pfc", "Pres", "Prof", "Pvt", "Rep", "Reps", "Rev", "Rt", "Sen", "Sens",
    "Sgt", "Sr", "St", "Supt", "Sup", "Sra", "Srta", "Gens", "Dist", "Cdr", "vs", "v", "No", "Nos",
    "no", "nos", "Vol", "vol", "Fig", "fig", "Art", "art", "pp", "p", "Ch", "ch", "Sec", "sec",
    "cf", "viz", "Nr", "Nº", "N°", "Ald", "Asst", "Assoc", "Dept", "Gens", "Mssrs", "Op",
];

/// Abbreviations that can also end a sentence ("Acme Inc. It closed…", "in the U.S. How…"),
/// besides the abbreviated dates of [`crate::words::DATE_ABBREVIATIONS`]: a capitalised word
/// after them starts a new sentence only when it is a typical sentence starter. Compared
/// case-insensitively, without the final period.
const AMBIGUOUS_ABBREVIATIONS: &[&str] = &[
    "inc", "corp", "co", "ltd", "llc", "plc", "bros", "jr", "etc", "approx", "est", "dept", "univ",
    "ave", "blvd", "rd", "hwy", "min", "max", "govt", "intl", "natl", "assn", "ft", "mi", "km",
    "lb", "lbs", "oz", "pct", "yr", "yrs", "mo", "mos", "hr", "hrs", "sq", "al", "ca", "esp",
    "ibid", "misc",
];

/// Capitalised words that typically open an English sentence.
const SENTENCE_STARTERS: &[&str] = &[
    "A",
    "About",
    "According",
    "After",
    "Again",
    "Against",
    "All",
    "Also",
    "Although",
    "Among",
    "An",
    "And",
    "Another",
    "Any",
    "Are",
    "As",
    "Asked",
    "At",
    "Because",
    "Before",
    "Both",
    "But",
    "By",
    "Can",
    "Could",
    "Despite",
    "Did",
    "Do",
    "Does",
    "During",
    "Each",
    "Earlier",
    "Even",
    "Every",
    "Few",
    "For",
    "From",
    "Had",
    "Has",
    "Have",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Instead",
    "Is",
    "It",
    "Its",
    "Last",
    "Later",
    "Let",
    "Many",
    "May",
    "Meanwhile",
    "Might",
    "More",
    "Most",
    "Must",
    "My",
    "Neither",
    "Next",
    "No",
    "None",
    "Nor",
    "Not",
    "Now",
    "Of",
    "On",
    "Once",
    "One",
    "Only",
    "Or",
    "Other",
    "Our",
    "Over",
    "Please",
    "Several",
    "She",
    "Should",
    "Since",
    "So",
    "Some",
    "Still",
    "Such",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Thus",
    "To",
    "Today",
    "Two",
    "Under",
    "Unlike",
    "Until",
    "Was",
    "We",
    "Were",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Why",
    "Will",
    "With",
    "Without",
    "Would",
    "Yesterday",
    "Yet",
    "You",
    "Your",
];

/// True for abbreviations like "Mr" that never end a sentence.
pub fn is_prefix_abbreviation(word: &str) -> bool {
    PREFIX_ABBREVIATIONS.contains(&word)
}

/// True for abbreviations like "Inc" or "Jan" that may end a sentence.
pub fn is_ambiguous_abbreviation(word: &str) -> bool {
    word.len() <= 6
        && AMBIGUOUS_ABBREVIATIONS
            .iter()
            .chain(crate::words::DATE_ABBREVIATIONS)
            .any(|a| a.eq_ignore_ascii_case(word))
}

/// True for words with inner periods made of short letter groups: "U.S", "a.m", "e.g", "Ph.D".
pub fn is_dotted_abbreviation(word: &str) -> bool {
    if !word.contains('.') {
        return false;
    }
    word.split('.').all(|part| {
        !part.is_empty() && part.chars().count() <= 3 && part.chars().all(char::is_alphabetic)
    })
}

/// True for a known abbreviation of any sort (used by the tokenizer to keep the period).
pub fn is_abbreviation(word: &str) -> bool {
    is_prefix_abbreviation(word)
        || is_ambiguous_abbreviation(word)
        || is_dotted_abbreviation(word)
        || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
}

/// True for a capitalised word that typically opens a sentence.
pub fn is_sentence_starter(word: &str) -> bool {
    SENTENCE_STARTERS.binary_search(&word).is_ok()
}

/// True for a reporting verb such as "said".
pub fn is_speech_verb(word: &str) -> bool {
    crate::words::is_speech_verb(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starters_are_sorted_for_binary_search() {
        let mut sorted = SENTENCE_STARTERS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, SENTENCE_STARTERS);
        assert!(is_sentence_starter("How") && !is_sentence_starter("Government"));
    }

    #[test]
    fn date_and_title_abbreviations_agree_with_the_shared_lists() {
        for d in crate::words::DATE_ABBREVIATIONS {
            assert!(
                !AMBIGUOUS_ABBREVIATIONS.contains(d),
                "{d:?} is listed twice"
            );
            assert!(is_ambiguous_abbreviation(&d.to_uppercase()));
        }
        // Abbreviated titles ("Sen. Warren") never end a sentence.
        for t in crate::words::titles(crate::words::SPLIT_ABBR) {
            let cap = format!("{}{}", t[..1].to_uppercase(), &t[1..]);
            assert!(is_prefix_abbreviation(&cap), "{cap:?}");
        }
    }

    #[test]
    fn dotted() {
        assert!(is_dotted_abbreviation("U.S"));
        assert!(is_dotted_abbreviation("a.m"));
        assert!(!is_dotted_abbreviation("example.com"));
        assert!(!is_dotted_abbreviation("3.5"));
    }
}
