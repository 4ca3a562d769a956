//! Byte spans into the caller's text.

use serde::{Deserialize, Serialize};
use std::ops::{Index, Range};

/// A half-open range of **byte** offsets `[start, end)` into the original `&str`.
///
/// `Span` is `Copy` and indexes a `str` directly:
///
/// ```
/// use whosaid::Span;
/// let text = "Москва said “no”.";
/// let span = Span::new(0, 12);
/// assert_eq!(&text[span], "Москва");
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(try_from = "RawSpan")]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

/// A span as read from JSON, checked before it becomes a [`Span`].
#[derive(Deserialize)]
struct RawSpan {
    start: usize,
    end: usize,
}

impl TryFrom<RawSpan> for Span {
    type Error = String;
    fn try_from(r: RawSpan) -> Result<Self, String> {
        Span::try_new(r.start, r.end)
            .ok_or_else(|| format!("inverted span: start {} > end {}", r.start, r.end))
    }
}

impl Span {
    /// Builds a span.
    ///
    /// # Panics
    /// When `start > end`; [`Span::try_new`] returns `None` instead.
    #[inline]
    #[track_caller]
    pub const fn new(start: usize, end: usize) -> Self {
        assert!(start <= end, "Span::new: start > end");
        Span { start, end }
    }

    /// Builds a span, or `None` when `start > end`.
    ///
    /// ```
    /// use whosaid::Span;
    /// assert_eq!(Span::try_new(2, 5), Some(Span::new(2, 5)));
    /// assert_eq!(Span::try_new(5, 2), None);
    /// ```
    #[inline]
    pub const fn try_new(start: usize, end: usize) -> Option<Self> {
        if start <= end {
            Some(Span { start, end })
        } else {
            None
        }
    }

    /// Length in bytes (0 for an inverted span).
    #[inline]
    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True when the span covers no byte.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// True when `other` lies inside `self`.
    #[inline]
    pub const fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    #[inline]
    pub const fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest span covering both.
    #[inline]
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The span moved right by `offset` bytes.
    #[inline]
    pub const fn shift(&self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }

    /// The text this span covers.
    ///
    /// # Panics
    /// Panics like `&text[start..end]` if the span is out of range or not on `char` boundaries.
    #[inline]
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// The text this span covers, or `None` when it is out of range or cuts a `char`.
    #[inline]
    pub fn get<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.start..self.end)
    }

    /// The span as a `Range<usize>`.
    #[inline]
    pub const fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

impl From<Span> for Range<usize> {
    fn from(s: Span) -> Self {
        s.start..s.end
    }
}

impl Index<Span> for str {
    type Output = str;
    #[inline]
    fn index(&self, span: Span) -> &str {
        &self[span.start..span.end]
    }
}

impl Index<Span> for String {
    type Output = str;
    #[inline]
    fn index(&self, span: Span) -> &str {
        &self.as_str()[span.start..span.end]
    }
}

/// Converts a character-offset range (as reported by libraries that count Unicode scalar
/// values, such as rust-bert) into a byte [`Span`] of `text`.
///
/// Returns `None` when the character range lies outside the text or is inverted.
///
/// ```
/// use whosaid::span::char_range_to_span;
/// let text = "Москва and Tallinn";
/// let span = char_range_to_span(text, 11, 18).unwrap();
/// assert_eq!(&text[span], "Tallinn");
/// ```
pub fn char_range_to_span(text: &str, char_start: usize, char_end: usize) -> Option<Span> {
    if char_start > char_end {
        return None;
    }
    let mut start = None;
    let mut count = 0usize;
    for (byte, _) in text.char_indices() {
        if count == char_start {
            start = Some(byte);
        }
        if count == char_end {
            return start.map(|s| Span::new(s, byte));
        }
        count += 1;
    }
    // char_end may equal the number of characters (end of text).
    if count == char_start {
        start = Some(text.len());
    }
    if count == char_end {
        return start.map(|s| Span::new(s, text.len()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_str_and_string() {
        let text = String::from("“Roll’s” plan");
        let s = Span::new(3, 11);
        assert_eq!(&text[s], "Roll’s");
        assert_eq!(&text.as_str()[s], "Roll’s");
        assert_eq!(s.get("short"), None);
    }

    #[test]
    fn char_offsets_convert_on_non_ascii() {
        let text = "“Москва” — Tallinn";
        // chars: “ М о с к в а ” space — space T...
        let s = char_range_to_span(text, 1, 7).unwrap();
        assert_eq!(&text[s], "Москва");
        let s = char_range_to_span(text, 11, 18).unwrap();
        assert_eq!(&text[s], "Tallinn");
        assert_eq!(char_range_to_span(text, 11, 19), None);
        assert_eq!(char_range_to_span(text, 5, 2), None);
        let e = char_range_to_span(text, 18, 18).unwrap();
        assert!(e.is_empty());
        assert_eq!(e.start, text.len());
    }

    #[test]
    fn serde_form() {
        let s = Span::new(3, 9);
        assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"start":3,"end":9}"#);
        let back: Span = serde_json::from_str(r#"{"start":3,"end":9}"#).unwrap();
        assert_eq!(back, s);
        assert!(serde_json::from_str::<Span>(r#"{"start":9,"end":3}"#).is_err());
    }

    #[test]
    #[should_panic(expected = "start > end")]
    fn new_rejects_inverted() {
        let _ = Span::new(5, 2);
    }
}
