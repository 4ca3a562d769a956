//! Byte offsets to character (code point) offsets, one linear pass per document.

use whosaid::{Analysis, Span};

/// Which unit the spans given to Python are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offsets {
    /// Code points: what Python's `str` slicing counts.
    Char,
    /// UTF-8 bytes: the Rust crate's own spans.
    Byte,
}

impl Offsets {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "char" => Some(Offsets::Char),
            "byte" => Some(Offsets::Byte),
            _ => None,
        }
    }
}

/// The character index of every byte offset of one text: `table[b]` is the number of code
/// points before byte `b` (for `b` on a character boundary), `table[len]` the text's length in
/// code points. Built in one pass over the bytes; reused across documents by one thread.
#[derive(Default)]
pub struct CharTable {
    table: Vec<u32>,
}

impl CharTable {
    /// Fills the table for `text`. `false` when the text is too long for `u32` offsets.
    pub fn fill(&mut self, text: &str) -> bool {
        let bytes = text.as_bytes();
        if bytes.len() >= u32::MAX as usize {
            return false;
        }
        self.table.clear();
        self.table.reserve(bytes.len() + 1);
        let mut chars = 0u32;
        for &b in bytes {
            self.table.push(chars);
            // Every byte but a UTF-8 continuation byte (10xxxxxx) starts a code point.
            chars += u32::from(b & 0xC0 != 0x80);
        }
        self.table.push(chars);
        true
    }

    #[inline]
    fn at(&self, byte: usize) -> usize {
        self.table[byte] as usize
    }

    #[inline]
    fn span(&self, s: Span) -> Span {
        Span::new(self.at(s.start), self.at(s.end))
    }
}

/// Rewrites every span of `a` (an analysis of `text`) from bytes to code points. ASCII text
/// is left as it is (both units agree). Errors only for a text of 4 GiB or more.
pub fn to_chars(text: &str, a: &mut Analysis, table: &mut CharTable) -> Result<(), String> {
    if text.is_ascii() {
        return Ok(());
    }
    if !table.fill(text) {
        return Err("document too long for character offsets (4 GiB or more)".into());
    }
    for p in &mut a.paragraphs {
        *p = table.span(*p);
    }
    for s in &mut a.sentences {
        s.span = table.span(s.span);
    }
    for t in &mut a.tokens {
        *t = table.span(*t);
    }
    for e in &mut a.entities {
        e.span = table.span(e.span);
    }
    for q in &mut a.quotes {
        q.content = table.span(q.content);
        q.cue = q.cue.map(|s| table.span(s));
        q.speaker = q.speaker.map(|s| table.span(s));
    }
    Ok(())
}

/// The length of `text` in the unit of `offsets`.
pub fn length(text: &str, offsets: Offsets) -> usize {
    match offsets {
        Offsets::Byte => text.len(),
        Offsets::Char if text.is_ascii() => text.len(),
        Offsets::Char => text.chars().count(),
    }
}
