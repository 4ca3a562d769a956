//! Every word list of the crate, in one place: what the quote stage, the segmenter, the
//! tagger's features and the entity grouping look words up in. Each list is defined once;
//! a list that another one must agree with (a cue that is never a stop word, a title that is
//! never a speech verb) is checked by the tests at the bottom, which fail on a conflicting
//! entry.
//!
//! All entries are lower case; the quote stage compares them with its lower-cased tokens,
//! in which `’` is written `'`.

// ---------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------

/// The days of the week.
pub(crate) const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The months.
pub(crate) const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Abbreviated months and days, which the segmenter reads as abbreviations that may end a
/// sentence ("on Jan. 5", "Fri.").
pub(crate) const DATE_ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon",
    "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
];

/// A word that dates a statement (`said Roll Tuesday`, `said Roll last week`).
pub(crate) fn is_time_word(w: &str) -> bool {
    WEEKDAYS.contains(&w) || TIME_WORDS.contains(&w)
}

/// A word that cannot end a speaker phrase: [`NOT_SPEAKER`] and the months ("may", a modal
/// as often as a month, is judged by the other lists).
pub(crate) fn not_speaker(w: &str) -> bool {
    NOT_SPEAKER.contains(&w) || (MONTHS.contains(&w) && w != "may")
}

// ---------------------------------------------------------------------------------------
// Person titles
// ---------------------------------------------------------------------------------------

/// A title's uses: the entity tagger's gazetteer feature "is a title" (changing these words
/// changes the features, so `models/ner-perceptron.bin` must be retrained).
pub(crate) const TAGGER: u8 = 1;
/// The tagger splits a chunk at this word when it precedes a name ("Defence Secretary
/// Alistair Penhallow"): the plain form.
pub(crate) const SPLIT: u8 = 2;
/// The same for the abbreviated form with its period ("Sen. Warren").
pub(crate) const SPLIT_ABBR: u8 = 4;
/// Entity grouping ignores the capitalised word in a person's name ("President Roll" joins
/// "Madis Roll").
pub(crate) const GROUP: u8 = 8;
/// A person noun that can be a speaker on its own ("the minister said"), resolved like a
/// name by the quote stage.
pub(crate) const SPEAKER: u8 = 16;

/// Titles and roles that precede or stand for a person's name, lower case, without a
/// final period, with their uses.
pub(crate) const TITLES: &[(&str, u8)] = &[
    ("mr", TAGGER | SPLIT_ABBR | GROUP),
    ("mrs", TAGGER | SPLIT_ABBR | GROUP),
    ("ms", TAGGER | SPLIT_ABBR | GROUP),
    ("dr", TAGGER | SPLIT_ABBR | GROUP),
    ("prof", TAGGER | SPLIT_ABBR | GROUP),
    ("sir", TAGGER | GROUP),
    ("dame", TAGGER | GROUP),
    ("miss", GROUP),
    ("councillor", GROUP | SPLIT),
    ("councilor", GROUP | SPLIT),
    ("councilman", GROUP | SPLIT),
    ("councilwoman", GROUP | SPLIT),
    ("alderman", GROUP | SPLIT),
    ("lord", TAGGER | GROUP),
    ("lady", TAGGER | GROUP),
    ("president", TAGGER | SPLIT | GROUP | SPEAKER),
    ("minister", TAGGER | SPLIT | GROUP | SPEAKER),
    ("senator", TAGGER | SPLIT | GROUP | SPEAKER),
    ("sen", TAGGER | SPLIT_ABBR | GROUP),
    ("rep", TAGGER | SPLIT_ABBR | GROUP),
    ("gov", TAGGER | SPLIT_ABBR | GROUP),
    ("governor", TAGGER | SPLIT | GROUP | SPEAKER),
    ("gen", TAGGER | SPLIT_ABBR | GROUP),
    ("general", TAGGER | SPLIT | GROUP),
    ("col", TAGGER | SPLIT_ABBR | GROUP),
    ("colonel", TAGGER | SPLIT | SPEAKER),
    ("capt", TAGGER | SPLIT_ABBR | GROUP),
    ("captain", TAGGER | SPLIT | SPEAKER),
    ("lt", TAGGER | SPLIT_ABBR | GROUP),
    ("sgt", TAGGER | SPLIT_ABBR | GROUP),
    ("adm", TAGGER | GROUP),
    ("admiral", TAGGER | SPLIT | SPEAKER),
    ("judge", TAGGER | SPLIT | GROUP | SPEAKER),
    ("justice", TAGGER | SPLIT),
    ("chancellor", TAGGER | SPLIT | GROUP | SPEAKER),
    ("premier", TAGGER | SPLIT | GROUP | SPEAKER),
    ("king", TAGGER | SPLIT | SPEAKER),
    ("queen", TAGGER | SPLIT | SPEAKER),
    ("prince", TAGGER | SPLIT | SPEAKER),
    ("princess", TAGGER | SPLIT | SPEAKER),
    ("pope", TAGGER | SPLIT | SPEAKER),
    ("rev", TAGGER | SPLIT_ABBR | GROUP),
    ("father", TAGGER),
    ("mayor", TAGGER | SPLIT | GROUP | SPEAKER),
    ("ambassador", TAGGER | SPLIT | GROUP | SPEAKER),
    ("secretary", TAGGER | SPLIT | GROUP | SPEAKER),
    ("chairman", TAGGER | SPLIT | SPEAKER),
    ("chairwoman", TAGGER | SPLIT | SPEAKER),
    ("chief", TAGGER | SPLIT),
    ("director", TAGGER | SPLIT | SPEAKER),
    ("spokesman", TAGGER | SPLIT | SPEAKER),
    ("spokeswoman", TAGGER | SPLIT | SPEAKER),
    ("spokesperson", TAGGER | SPLIT | SPEAKER),
    ("coach", TAGGER | SPLIT | SPEAKER),
    ("manager", TAGGER | SPEAKER),
    ("striker", TAGGER),
    ("midfielder", TAGGER),
    ("defender", TAGGER),
    ("goalkeeper", TAGGER),
    ("advisor", TAGGER | SPEAKER),
    ("adviser", TAGGER | SPEAKER),
    ("analyst", TAGGER | SPEAKER),
    ("professor", TAGGER | SPLIT | SPEAKER),
    ("economist", TAGGER | SPEAKER),
    ("officer", TAGGER | SPLIT | SPEAKER),
    ("commander", TAGGER | SPEAKER),
    ("commissioner", SPLIT | SPEAKER),
    ("prosecutor", SPLIT | SPEAKER),
    ("lieutenant", SPLIT),
    ("sergeant", SPLIT),
    ("executive", SPLIT | SPEAKER),
    ("envoy", SPLIT | SPEAKER),
    ("leader", SPLIT | SPEAKER),
    ("chair", SPLIT),
    ("lawmaker", SPLIT | SPEAKER),
    ("representative", SPLIT | SPEAKER),
    ("attorney", SPLIT | SPEAKER),
    ("prime", GROUP),
];

/// The titles with one of the uses in `uses`.
pub(crate) fn titles(uses: u8) -> impl Iterator<Item = &'static str> {
    TITLES
        .iter()
        .filter(move |(_, u)| u & uses != 0)
        .map(|(w, _)| *w)
}

/// Whether `word` (any case; "Sen." with its period) is a title the tagger splits a chunk at.
pub(crate) fn is_split_title(word: &str) -> bool {
    let (base, flag) = match word.strip_suffix('.') {
        Some(b) => (b, SPLIT_ABBR),
        None => (word, SPLIT),
    };
    TITLES
        .iter()
        .any(|(w, u)| u & flag != 0 && w.eq_ignore_ascii_case(base))
}

/// Whether `word` (period and comma already trimmed) is a capitalised title that entity
/// grouping leaves out of a person's name: "President", "Mr" (not "president", "MR").
pub(crate) fn is_group_title(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    first.is_ascii_uppercase()
        && TITLES.iter().any(|(w, u)| {
            u & GROUP != 0 && w.as_bytes()[0] == first.to_ascii_lowercase() as u8 && &w[1..] == rest
        })
}

// ---------------------------------------------------------------------------------------
// Speakers and their phrases
// ---------------------------------------------------------------------------------------

/// Common nouns for people that can be a speaker ("officials said", "a campaign aide
/// said"), singular and plural; with the [`SPEAKER`] titles, a phrase headed by one of them
/// names a person.
pub(crate) const PERSON_NOUNS: &[&str] = &[
    "official",
    "officials",
    "aide",
    "aides",
    "advisers",
    "advisors",
    "voter",
    "voters",
    "candidate",
    "candidates",
    "nominee",
    "nominees",
    "supporter",
    "supporters",
    "leaders",
    "expert",
    "experts",
    "ally",
    "allies",
    "strategist",
    "strategists",
    "critic",
    "critics",
    "analysts",
    "source",
    "sources",
    "lawmakers",
    "member",
    "members",
    "reporter",
    "reporters",
    "politician",
    "politicians",
    "opponent",
    "opponents",
    "activist",
    "activists",
    "executives",
    "economists",
    "delegate",
    "delegates",
    "donor",
    "donors",
    "friend",
    "friends",
    "employee",
    "employees",
    "insider",
    "insiders",
    "observer",
    "observers",
    "lawyer",
    "lawyers",
    "attorneys",
    "woman",
    "women",
    "man",
    "men",
    "people",
    "person",
    "pollster",
    "pollsters",
    "rival",
    "rivals",
    "advocate",
    "advocates",
    "backer",
    "backers",
    "protester",
    "protesters",
    "organizer",
    "organizers",
    "researcher",
    "researchers",
    "scientist",
    "scientists",
    "prosecutors",
    "investigator",
    "investigators",
    "journalist",
    "journalists",
    "host",
    "anchor",
    "worker",
    "workers",
    "resident",
    "residents",
    "student",
    "students",
    "directors",
    "managers",
    "representatives",
    "senators",
    "governors",
    "ministers",
    "officers",
    "businessman",
    "businesswoman",
    "mogul",
    "tycoon",
    "speaker",
    "speechwriter",
    "contender",
    "contenders",
    "operative",
    "operatives",
    "attendee",
    "attendees",
    "fan",
    "fans",
    "guy",
    "wife",
    "husband",
    "mother",
    "son",
    "daughter",
    "narrator",
    "participant",
    "participants",
    "respondent",
    "respondents",
    "veteran",
    "veterans",
    "colleague",
    "colleagues",
    "staffer",
    "staffers",
    "surrogate",
    "surrogates",
    "conservatives",
    "liberals",
    "progressives",
    "superdelegates",
    "everyone",
    "somebody",
    "someone",
    "nobody",
    "witness",
    "witnesses",
    "owner",
    "owners",
    "founder",
    "consultant",
    "consultants",
    "historian",
    "historians",
    "professors",
    "doctor",
    "doctors",
    "author",
    "authors",
    "writer",
    "writers",
    "columnist",
    "columnists",
    "editor",
    "editors",
    "correspondent",
    "commentator",
    "commentators",
    "pundit",
    "pundits",
    "father-in-law",
    "deputy",
    "secretaries",
    "negotiator",
    "negotiators",
    "diplomat",
    "diplomats",
    "envoys",
    "mayors",
    "judges",
    "justices",
];

/// Common nouns for organizations that can be a speaker ("the ministry said", "the
/// campaign said"); a phrase headed by one of them names an organization.
pub(crate) const ORG_NOUNS: &[&str] = &[
    "campaign",
    "campaigns",
    "company",
    "companies",
    "administration",
    "group",
    "groups",
    "party",
    "parties",
    "team",
    "office",
    "agency",
    "agencies",
    "board",
    "government",
    "governments",
    "organization",
    "organizations",
    "organisation",
    "committee",
    "court",
    "police",
    "department",
    "ministry",
    "firm",
    "firms",
    "network",
    "networks",
    "newspaper",
    "newspapers",
    "paper",
    "outlet",
    "outlets",
    "media",
    "establishment",
    "foundation",
    "union",
    "unions",
    "council",
    "commission",
    "bank",
    "banks",
    "university",
    "institute",
    "embassy",
    "army",
    "military",
    "navy",
    "magazine",
    "website",
    "site",
    "publication",
    "station",
    "channel",
    "camp",
    "staff",
    "leadership",
    "panel",
    "coalition",
    "alliance",
    "center",
    "centre",
    "association",
    "federation",
    "bureau",
    "service",
    "authorities",
    "authority",
    "legislature",
    "parliament",
    "cabinet",
    "regime",
    "prosecution",
    "studio",
    "club",
    "league",
    "charity",
    "think-tank",
    "watchdog",
    "regulator",
    "regulators",
];

/// Common nouns for documents and evidence that can be a source without being a person or
/// an organization ("the poll found", "a statement said").
pub(crate) const SOURCE_NOUNS: &[&str] = &[
    "poll",
    "polls",
    "survey",
    "surveys",
    "report",
    "reports",
    "statement",
    "statements",
    "study",
    "studies",
    "data",
    "analysis",
    "records",
    "filings",
    "filing",
    "letter",
    "letters",
    "messages",
    "sign",
    "signs",
    "headline",
    "caption",
    "memo",
    "email",
    "emails",
    "ad",
    "ads",
    "advertisement",
    "video",
    "tweet",
    "tweets",
    "post",
    "article",
    "editorial",
    "book",
    "lawsuit",
    "complaint",
    "document",
    "documents",
    "research",
    "results",
    "figures",
    "numbers",
    "polling",
    "investigation",
    "review",
    "audit",
    "findings",
    "leaks",
    "message",
    "speech",
    "remarks",
    "order",
    "ruling",
    "legislation",
    "platform",
    "transcript",
    "release",
    "interview",
    "column",
    "footage",
    "recording",
    "testimony",
    "indictment",
    "estimates",
    "projections",
    "forecast",
    "forecasts",
    "tally",
    "average",
    "bill",
    "law",
    "rules",
    "notice",
    "note",
    "announcement",
    "obituary",
    "transcripts",
    "summary",
    "guidance",
    "story",
    "stories",
    "piece",
    "cable",
    "dispatch",
    "memoir",
    "blog",
    "page",
    "profile",
];

/// Prepositions that open a phrase inside a subject ("officials at the ministry", "talk
/// about troops"): a noun after one is not the subject's head.
pub(crate) const PREPOSITIONS: &[&str] = &[
    "to", "about", "of", "in", "for", "with", "from", "on", "at", "by", "over", "into", "against",
    "among", "between", "near", "inside", "behind", "around", "across", "within",
];

/// Words that open an adverbial between a cue and its clause (`said on Monday that …`,
/// `said in a statement that …`, `said last week that …`).
pub(crate) const ADVERBIAL_OPENERS: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "to",
    "via",
    "through",
    "after",
    "before",
    "from",
    "with",
    "over",
    "while",
    "last",
    "this",
    "earlier",
    "late",
    "early",
    "yesterday",
    "today",
    "tonight",
    "again",
    "repeatedly",
    "privately",
    "publicly",
    "recently",
    "later",
    "also",
    "once",
    "previously",
    "then",
    "now",
    ",",
];

/// Determiners and possessives: a cue word right after one is a noun (`his tweets`, `the
/// report`, `Trump's claims`).
pub(crate) const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "these", "those",
    "'s", "whose",
];

/// Verbs of intention whose content is an infinitive (`Trump wants to build a wall`, `Cruz
/// pledged to oppose …`): cues when "to" follows and the subject names someone.
pub(crate) const INTENTION_VERBS: &[&str] = &[
    "want",
    "wants",
    "wanted",
    "plan",
    "plans",
    "planned",
    "intend",
    "intends",
    "intended",
    "hope",
    "hopes",
    "hoped",
    "vow",
    "vows",
    "vowed",
    "pledge",
    "pledges",
    "pledged",
    "promise",
    "promises",
    "promised",
    "agree",
    "agrees",
    "agreed",
    "refuse",
    "refuses",
    "refused",
    "seek",
    "seeks",
    "sought",
    "threaten",
    "threatens",
    "threatened",
    "decline",
    "declines",
    "declined",
];

/// Verbs of evidence (`a poll found that …`, `records show …`): cues when the subject is a
/// document, an organization or a person.
pub(crate) const EVIDENCE_VERBS: &[&str] = &[
    "found",
    "finds",
    "show",
    "shows",
    "showed",
    "suggest",
    "suggests",
    "suggested",
    "indicate",
    "indicates",
    "indicated",
];

/// Particles that belong to the cue before them (`pointed out that …`, `shot back`).
pub(crate) const PARTICLES: &[&str] = &["out", "back"];

/// Object pronouns: a listener after a cue (`told him (that) …`).
pub(crate) const OBJECT_PRONOUNS: &[&str] = &["him", "her", "them", "me", "us", "you", "it"];

// ---------------------------------------------------------------------------------------
// Speech verbs
// ---------------------------------------------------------------------------------------

/// Reporting verbs that, right after a closing quotation mark and a name, keep the
/// attribution in the quote's sentence for the segmenter (`“Why now?” Roll asked.`), with
/// [`MANNER_VERBS`]. All of them are in `data/reporting_verbs.txt` (a test checks).
pub(crate) const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "asked",
    "asks",
    "added",
    "adds",
    "told",
    "tells",
    "replied",
    "replies",
    "explained",
    "explains",
    "noted",
    "notes",
    "stated",
    "states",
    "wrote",
    "writes",
    "continued",
    "insisted",
    "argued",
    "argues",
    "warned",
    "warns",
    "recalled",
    "declared",
    "cautioned",
    "conceded",
    "acknowledged",
    "admitted",
    "claimed",
    "countered",
    "shouted",
    "joked",
    "quipped",
    "remarked",
    "responded",
    "suggested",
    "agreed",
    "concluded",
    "observed",
    "stressed",
    "tweeted",
    "announced",
    "confirmed",
    "exclaimed",
    "insists",
    "predicted",
    "promised",
    "wondered",
];

/// Verbs of the manner of speaking (`“Never,” she whispered.`), which the segmenter reads
/// like [`SPEECH_VERBS`]; not cues of the quote stage.
pub(crate) const MANNER_VERBS: &[&str] = &["whispered", "laughed", "cried", "yelled", "sighed"];

/// Whether the segmenter reads `word` as a speech verb after a quote and a name.
pub(crate) fn is_speech_verb(word: &str) -> bool {
    SPEECH_VERBS.contains(&word) || MANNER_VERBS.contains(&word)
}

// ---------------------------------------------------------------------------------------
// Quote attribution
// ---------------------------------------------------------------------------------------
/// Verb forms that are not speech often enough to need a clear speech frame: never strict
/// cues, whichever list names them (they stay loose cues, for quotes framed by quotation
/// marks). No word here may be in `data/cue_words.tsv` (a test checks). Sixteen words that
/// were in both ("say", "adding", "cited", …) were taken out of this list rather than out of
/// the cue words, as the held-out sixth of PolNeAR train preferred (`data/README.md`).
pub(crate) const AMBIGUOUS: &[&str] = &[
    "accept",
    "accepted",
    "accepts",
    "accepting",
    "continue",
    "continues",
    "continuing",
    "add",
    "order",
    "orders",
    "charge",
    "charged",
    "charges",
    "describe",
    "estimate",
    "estimated",
    "decline",
    "declines",
    "note",
    "blame",
    "report",
    "reports",
    "fear",
    "hope",
    "promise",
    "state",
    "states",
    "write",
    "tell",
    "ask",
    "think",
    "worry",
    "reply",
    "recall",
    "observe",
    "stress",
    "urge",
    "maintain",
    "question",
    "hold",
    "held",
    "holds",
    "quote",
    "convince",
    "convinces",
    "convincing",
    "drew",
    "draws",
    "caution",
    "rule",
    "ruled",
    "rules",
];

/// Irregular verbs that frame a quote they follow (`“Vote Kask,” the sign read`); after a
/// quoted sentence handed over by a comma, `!` or `?`, a past tense in `-ed` does the same
/// (`“Never,” Tamm retorted`). Only the direct-quote pass reads them.
pub(crate) const QUOTE_FRAME_VERBS: &[&str] = &["read", "reads", "answers", "jokes", "retorts"];

/// Verbs that report speech only when quoted words go with them (`called it “a farce”`).
pub(crate) const FRAMING_VERBS: &[&str] = &[
    "call",
    "calls",
    "called",
    "calling",
    "label",
    "labels",
    "labeled",
    "labelled",
    "dub",
    "dubs",
    "dubbed",
    "brand",
    "brands",
    "branded",
    "term",
    "terms",
    "termed",
    "refer",
    "refers",
    "referred",
    "mock",
    "mocked",
    "mocks",
    "tout",
    "touts",
    "touted",
    "hail",
    "hails",
    "hailed",
    "deride",
    "derided",
    "dismiss",
    "dismissed",
    "dismisses",
    "promised",
    "vowed",
    "described",
    "describes",
    "describing",
];

/// Times and dates besides the days of the week ([`WEEKDAYS`]), which end a speaker phrase
/// after a verb (`said Roll Tuesday`); see [`is_time_word`].
pub(crate) const TIME_WORDS: &[&str] = &[
    "today",
    "yesterday",
    "tonight",
    "tomorrow",
    "morning",
    "afternoon",
    "evening",
    "night",
    "week",
    "weekend",
    "month",
    "year",
    "earlier",
    "ago",
    "last",
    "later",
];

/// Words besides dates ([`is_time_word`]) and month names that cannot end a speaker phrase:
/// determiners, possessives, adverbs, modals; see [`not_speaker`].
pub(crate) const NOT_SPEAKER: &[&str] = &[
    "years",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "your",
    "another",
    "other",
    "out",
    "ever",
    "up",
    "down",
    "a",
    "an",
    "the",
    "this",
    "one",
    "statement",
    "interview",
    "time",
    "times",
    "day",
    "days",
    "once",
    "previously",
    "recently",
    "too",
    "here",
    "there",
    "now",
    "then",
    "well",
    "instead",
    "however",
    "though",
    "again",
    "also",
];

/// Verbs whose first object is the listener: `told reporters (that) …`.
pub(crate) const LISTENER_VERBS: &[&str] = &[
    "told",
    "tells",
    "tell",
    "telling",
    "asked",
    "asks",
    "warned",
    "warns",
    "assured",
    "assures",
    "reminded",
    "reminds",
    "informed",
    "informs",
    "urged",
    "urges",
    "briefed",
    "advised",
    "advises",
    "promised",
    "promises",
    "convinced",
];

/// Cues whose attributions PolNeAR leaves without a source: impressions (`It seems …`, `The
/// email appears to contradict …`) and titles (`a thriller titled “…”`). On the fit part of
/// PolNeAR train, gold attributions with these cues have no source 126 times against 3
/// (seem/appear) and 7 against 3 (titled); the quote stage gives them no speaker.
pub(crate) const SOURCELESS_CUES: &[&str] = &[
    "seem", "seems", "seemed", "appear", "appears", "appeared", "titled",
];

/// Words that open a subordinate clause before a sentence's main clause (`When Kask
/// announced his bid, he called …`).
pub(crate) const SUBORDINATORS: &[&str] = &[
    "when", "while", "though", "although", "after", "before", "since", "because", "if", "once",
    "until", "whereas", "ever", "even",
];

/// Words that stand alone as a speaker (`Another said he …`).
pub(crate) const LONE_SPEAKERS: &[&str] = &["another", "others"];

/// Nouns of `at the time` / `at that moment`, an aside between a subject and its verb.
pub(crate) const MOMENT_NOUNS: &[&str] = &["time", "moment"];

/// Words that can stand between a subject and its verb ("has also said", "have long argued").
pub(crate) const AUX: &[&str] = &[
    "has",
    "have",
    "had",
    "also",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "must",
    "can",
    "later",
    "previously",
    "repeatedly",
    "further",
    "then",
    "reportedly",
    "recently",
    "once",
    "again",
    "publicly",
    "privately",
    "initially",
    "still",
    "already",
    "never",
    "often",
    "even",
    "just",
    "only",
    "now",
    "first",
    "did",
    "does",
    "do",
    "'s",
    "'ve",
    "'d",
    "not",
    "n't",
    "flatly",
    "angrily",
    "quickly",
    "separately",
    "last",
    "explicitly",
    "openly",
    "simply",
    "finally",
    "herself",
    "himself",
    "themselves",
    "long",
    "since",
    "twice",
    "always",
    "consistently",
    "frequently",
    "routinely",
];

/// Words that end a noun phrase when scanning for a speaker.
pub(crate) const NP_STOP: &[&str] = &[
    "that", "which", "who", "whom", "and", "but", "or", "as", "when", "while", "because", "if",
    "after", "before", "since", "where", "than", "though", "although", "to", "in", "on", "at",
    "during", "by", "from", "into", "over", "about", "with", "without", "under", "not", "is",
    "was", "are", "were", "be", "been", "has", "have", "had", "it's", "there", "this", "these",
    "so", "yet", "also", "then", "what", "how", "why", "whether", "said", "says", "say",
];

/// Numbers and quantifiers, which cannot end a speaker phrase ("three early", "a few").
pub(crate) const QUANTIFIERS: &[&str] = &[
    "few",
    "many",
    "several",
    "some",
    "most",
    "all",
    "both",
    "each",
    "none",
    "more",
    "less",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "dozen",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "percent",
    "percentage",
    "point",
    "points",
    "overall",
    "early",
    "late",
    "first",
    "second",
    "third",
    "half",
    "majority",
    "minority",
    "number",
];

/// Forms of "be" that make a following participle passive.
pub(crate) const PASSIVE: &[&str] = &["is", "was", "were", "are", "be", "been", "being", "'s"];

pub(crate) const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you"];

/// The reporting verbs in all their forms, one per line (`data/reporting_verbs.txt`).
pub(crate) const REPORTING_VERBS: &str = include_str!("../data/reporting_verbs.txt");

/// The cue words counted on PolNeAR train (`data/cue_words.tsv`, generated by `reproduce`).
pub(crate) const CUE_WORDS: &str = include_str!("../data/cue_words.tsv");

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn reporting_verbs() -> HashSet<&'static str> {
        REPORTING_VERBS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    }

    fn lists() -> Vec<(&'static str, Vec<&'static str>)> {
        vec![
            ("WEEKDAYS", WEEKDAYS.to_vec()),
            ("MONTHS", MONTHS.to_vec()),
            ("DATE_ABBREVIATIONS", DATE_ABBREVIATIONS.to_vec()),
            ("TITLES", TITLES.iter().map(|(w, _)| *w).collect()),
            ("SPEECH_VERBS", SPEECH_VERBS.to_vec()),
            ("MANNER_VERBS", MANNER_VERBS.to_vec()),
            ("AMBIGUOUS", AMBIGUOUS.to_vec()),
            ("FRAMING_VERBS", FRAMING_VERBS.to_vec()),
            ("TIME_WORDS", TIME_WORDS.to_vec()),
            ("NOT_SPEAKER", NOT_SPEAKER.to_vec()),
            ("LISTENER_VERBS", LISTENER_VERBS.to_vec()),
            ("AUX", AUX.to_vec()),
            ("NP_STOP", NP_STOP.to_vec()),
            ("QUANTIFIERS", QUANTIFIERS.to_vec()),
            ("PASSIVE", PASSIVE.to_vec()),
            ("PRONOUNS", PRONOUNS.to_vec()),
            ("PERSON_NOUNS", PERSON_NOUNS.to_vec()),
            ("ORG_NOUNS", ORG_NOUNS.to_vec()),
            ("SOURCE_NOUNS", SOURCE_NOUNS.to_vec()),
            ("PREPOSITIONS", PREPOSITIONS.to_vec()),
            ("ADVERBIAL_OPENERS", ADVERBIAL_OPENERS.to_vec()),
            ("PARTICLES", PARTICLES.to_vec()),
            ("OBJECT_PRONOUNS", OBJECT_PRONOUNS.to_vec()),
            ("DETERMINERS", DETERMINERS.to_vec()),
            ("INTENTION_VERBS", INTENTION_VERBS.to_vec()),
            ("EVIDENCE_VERBS", EVIDENCE_VERBS.to_vec()),
            ("SOURCELESS_CUES", SOURCELESS_CUES.to_vec()),
            ("SUBORDINATORS", SUBORDINATORS.to_vec()),
            ("LONE_SPEAKERS", LONE_SPEAKERS.to_vec()),
            ("MOMENT_NOUNS", MOMENT_NOUNS.to_vec()),
        ]
    }

    /// A word in both lists, if any.
    fn common<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<&'a str> {
        a.iter().copied().filter(|w| b.contains(w)).collect()
    }

    #[test]
    fn entries_are_lower_case_and_listed_once() {
        for (name, list) in lists() {
            let mut seen = HashSet::new();
            for w in &list {
                assert_eq!(*w, w.to_lowercase(), "{name}: {w:?} is not lower case");
                assert!(
                    !w.contains('’'),
                    "{name}: {w:?} has a curly apostrophe (use ')"
                );
                assert!(seen.insert(*w), "{name}: {w:?} is listed twice");
            }
        }
    }

    #[test]
    fn the_lists_do_not_contradict_each_other() {
        let titles: Vec<&str> = TITLES.iter().map(|(w, _)| *w).collect();
        let verbs = reporting_verbs();
        // The segmenter's speech verbs are reporting verbs.
        for v in SPEECH_VERBS {
            assert!(
                verbs.contains(v),
                "SPEECH_VERBS: {v:?} is not in reporting_verbs.txt"
            );
        }
        // A title is a noun in no other list: never a verb, a date or a function word.
        let others = lists().into_iter().filter(|(name, _)| *name != "TITLES");
        for (name, other) in others.chain([(
            "reporting_verbs.txt",
            verbs.iter().copied().collect::<Vec<_>>(),
        )]) {
            assert_eq!(
                common(&titles, &other),
                Vec::<&str>::new(),
                "TITLES and {name}"
            );
        }
        // A word that can end a speaker phrase (a pronoun) is never one that cannot.
        assert_eq!(common(PRONOUNS, NOT_SPEAKER), Vec::<&str>::new());
        assert_eq!(common(PRONOUNS, NP_STOP), Vec::<&str>::new());
        // Words that stand between a subject and its verb are no cues and no listeners.
        let strict: Vec<&str> = verbs
            .iter()
            .copied()
            .filter(|v| !AMBIGUOUS.contains(v))
            .collect();
        assert_eq!(common(AUX, &strict), Vec::<&str>::new(), "AUX and cues");
        assert_eq!(common(AUX, LISTENER_VERBS), Vec::<&str>::new());
        // Dates: the month names and the days are not plain time words twice over.
        assert_eq!(common(WEEKDAYS, TIME_WORDS), Vec::<&str>::new());
        assert_eq!(common(MONTHS, NOT_SPEAKER), Vec::<&str>::new());
        // A noun names one kind of source: a person, an organization or a document.
        let nouns = [
            ("PERSON_NOUNS", PERSON_NOUNS),
            ("ORG_NOUNS", ORG_NOUNS),
            ("SOURCE_NOUNS", SOURCE_NOUNS),
            ("TITLES", &titles[..]),
        ];
        for (i, (a, x)) in nouns.iter().enumerate() {
            for (b, y) in &nouns[i + 1..] {
                assert_eq!(common(x, y), Vec::<&str>::new(), "{a} and {b}");
            }
            assert_eq!(common(x, NP_STOP), Vec::<&str>::new(), "{a} and NP_STOP");
            assert_eq!(common(x, PRONOUNS), Vec::<&str>::new(), "{a} and PRONOUNS");
        }
        // Framing verbs frame quotes only; listener verbs take a listener: both are verbs
        // the quote stage knows, never stop words.
        assert_eq!(common(FRAMING_VERBS, NP_STOP), Vec::<&str>::new());
        assert_eq!(common(LISTENER_VERBS, NP_STOP), Vec::<&str>::new());
    }

    #[test]
    fn title_helpers() {
        assert!(is_split_title("Secretary") && is_split_title("SEN.") && is_split_title("sen."));
        assert!(!is_split_title("Sen") && !is_split_title("Secretary."));
        assert!(is_group_title("President") && is_group_title("Mr") && is_group_title("Prime"));
        assert!(!is_group_title("president") && !is_group_title("MR") && !is_group_title(""));
        assert!(titles(TAGGER).any(|t| t == "mr") && !titles(TAGGER).any(|t| t == "prime"));
        assert!(is_time_word("tuesday") && is_time_word("ago") && !is_time_word("may"));
        assert!(not_speaker("june") && !not_speaker("may") && not_speaker("the"));
    }
}
