//! # whosaid
//!
//! Who is in a news article, and who said what.
//!
//! The [`Pipeline`] runs these stages, each behind a small trait so that backends can be
//! swapped:
//!
//! 1. [`segment`] — paragraphs, sentences and tokens ([`segment::Segmenter`]);
//! 2. [`entities`] — people, organizations, countries, other places, nationalities
//!    ([`entities::EntityTagger`]), grouped per entity;
//! 3. [`quotes`] — direct, mixed and indirect quotes with their speakers
//!    ([`quotes::QuoteAttributor`]).
//!
//! Every position is a [`Span`]: a half-open byte range into the text you passed in, so
//! `&text[span]` gives the words back.
//!
//! ## The types
//!
//! * [`Pipeline`] (built by [`PipelineBuilder`]) turns a `&str` into an [`Analysis`]:
//!   `analyze` for one document, `try_analyze` to get a failing custom stage's [`Error`],
//!   `analyze_batch` / `try_analyze_batch` / `analyze_files` for many, in parallel.
//! * [`Analysis`] owns the results: paragraphs and tokens as [`Span`]s, [`Sentence`]s,
//!   [`Entity`] mentions (with an [`EntityKind`] and, for countries and nationalities, a
//!   [`CountryCode`]), [`EntityGroup`]s (mentions of one entity, by [`GroupId`] and
//!   [`EntityId`]) and [`Quote`]s (a [`QuoteKind`], content, cue, speaker mention, resolved
//!   speaker). Helpers: [`Analysis::speakers`], [`Analysis::quotes_by`],
//!   [`Analysis::mentions`].
//! * Stages are traits: [`segment::Segmenter`], [`entities::EntityTagger`],
//!   [`quotes::QuoteAttributor`]; [`entities::Gazetteer`] adds your own names,
//!   [`entities::CountryTable`] your own country table.
//! * [`Error`] is the one error type; [`guide`] covers custom stages, the transformer
//!   tagger, the JSON contract, threads and errors.
//!
//! ```
//! use whosaid::Pipeline;
//!
//! let text = "Tallinn, Estonia\n\n“The talks are over,” said Mr. Roll. Москва did not reply.";
//! let analysis = Pipeline::default().analyze(text);
//!
//! let sentences: Vec<&str> = analysis.sentences.iter().map(|s| &text[s.span]).collect();
//! assert_eq!(sentences, [
//!     "Tallinn, Estonia",
//!     "“The talks are over,” said Mr. Roll.",
//!     "Москва did not reply.",
//! ]);
//! assert_eq!((analysis.sentences[2].span.start, analysis.sentences[2].span.end), (59, 86));
//! assert_eq!(analysis.paragraphs.len(), 2);
//!
//! // Entities: Estonia is a country with its ISO code.
//! let estonia = analysis.entities.iter().find(|e| e.text == "Estonia").unwrap();
//! assert_eq!((estonia.span.start, estonia.span.end), (9, 16));
//! assert_eq!(estonia.kind, whosaid::EntityKind::Country);
//! assert_eq!(estonia.country.unwrap().as_str(), "EE");
//!
//! // The quote, its cue and its speaker, as byte spans.
//! let q = &analysis.quotes[0];
//! assert_eq!(q.kind, whosaid::QuoteKind::Direct);
//! assert_eq!(&text[q.content], "“The talks are over,”");
//! assert_eq!(&text[q.cue.unwrap()], "said");
//! assert_eq!(&text[q.speaker.unwrap()], "Mr. Roll");
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

#[doc(hidden)]
#[path = "fuzz.rs"]
pub mod __fuzz;
mod analysis;
mod boundary;
mod contract;
pub mod entities;
mod error;
pub mod guide;
pub mod io;
mod linear;
pub mod pipeline;
pub mod quotes;
pub mod segment;
pub mod span;
mod words;

pub use analysis::{
    Analysis, CountryCode, Entity, EntityGroup, EntityId, EntityKind, GroupId, Quote, QuoteKind,
    Sentence, Speaker,
};
pub use error::{Error, Result, Stage};
pub use pipeline::{Pipeline, PipelineBuilder};
pub use span::Span;

/// The README's code, compiled and run as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
