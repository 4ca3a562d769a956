//! Stepping to `char` boundaries: the one place where a byte offset computed by arithmetic
//! becomes safe to slice with.
//!
//! Every slice that the segmenter and the quote stage take at an offset they computed
//! (`end - 1`, `pos + len`, …) goes through these helpers, so that a multi-byte character
//! next to a computed offset (a curly quote `“`, `«`, Cyrillic, an emoji) can never make a
//! slice panic. Offsets past the end clamp to the end.

/// The largest char boundary of `s` at or before `i` (clamped to `s.len()`).
#[inline]
pub(crate) fn floor(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    let mut i = i;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The start of the character that ends at or spans byte `i - 1`: one character back from
/// `i` (0 stays 0).
#[inline]
pub(crate) fn prev(s: &str, i: usize) -> usize {
    floor(s, i.min(s.len()).saturating_sub(1))
}

/// `&s[..i]`, with `i` stepped back to a char boundary.
#[inline]
pub(crate) fn head(s: &str, i: usize) -> &str {
    &s[..floor(s, i)]
}

/// `&s[i..]`, with `i` stepped back to a char boundary.
#[inline]
pub(crate) fn tail(s: &str, i: usize) -> &str {
    &s[floor(s, i)..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_inside_multibyte_chars() {
        let s = "a“Мb";
        // a(0) “(1..4) М(4..6) b(6)
        assert_eq!(floor(s, 2), 1);
        assert_eq!(floor(s, 3), 1);
        assert_eq!(floor(s, 5), 4);
        assert_eq!(floor(s, 99), s.len());
        assert_eq!(prev(s, 4), 1);
        assert_eq!(prev(s, 0), 0);
        assert_eq!(prev(s, 1), 0);
        assert_eq!(head(s, 3), "a");
        assert_eq!(tail(s, 5), "Мb");
    }

    #[test]
    fn every_offset_of_a_mixed_string_is_safe() {
        let s = "«Я» 😀 “I.” — ok";
        for i in 0..=s.len() + 2 {
            assert!(s.is_char_boundary(floor(s, i)));
            assert!(s.is_char_boundary(prev(s, i)));
            assert_eq!(head(s, i).len() + tail(s, i).len(), s.len());
        }
    }
}
