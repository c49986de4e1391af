//! Text that came from a server, made safe to show: control characters escaped, long texts cut with
//! their size stated.
//!
//! A server's `Error.Message`, code, request id or body may hold terminal escapes (`\x1b[2J` clears
//! the screen), carriage returns or newlines (which forge lines of output), or megabytes of text.
//! Every error of this crate shows such text through [`Shown`], and a program printing it itself
//! can use [`shown`].

use std::fmt::{self, Write as _};

/// How many characters of a server's message are shown before it is cut.
pub const MESSAGE_CHARS: usize = 1024;

/// How many characters of a short server value (a code, a request id) are shown before it is cut.
pub const SHORT_CHARS: usize = 128;

/// Whether `c` must not reach a terminal as it is: C0 and C1 controls, DEL, and the Unicode
/// bidirectional overrides and isolates (which reorder what the reader sees).
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text shown with every unsafe character escaped (`\u{1b}`, `\r`, `\n`, ...) and, when it has
/// more than `max` characters, cut after them with its full size stated.
#[derive(Debug, Clone, Copy)]
pub struct Shown<'a> {
    text: &'a str,
    max: usize,
}

/// `text` made safe to show, at most `max` characters of it.
pub fn shown(text: &str, max: usize) -> Shown<'_> {
    Shown { text, max }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (count, c) in self.text.chars().enumerate() {
            if count == self.max {
                return write!(f, "… (cut: {} bytes in all)", self.text.len());
            }
            if is_unsafe(c) {
                for e in c.escape_default() {
                    f.write_char(e)?;
                }
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::shown;

    #[test]
    fn control_characters_are_escaped_and_long_text_cut_with_its_size() {
        let s = shown("a\x1b[2J\r\nb\u{202E}c\u{9b}", 100).to_string();
        assert_eq!(s, "a\\u{1b}[2J\\r\\nb\\u{202e}c\\u{9b}");
        assert!(!s.contains('\x1b'));
        let long = "x".repeat(5000);
        let s = shown(&long, 10).to_string();
        assert_eq!(s, "xxxxxxxxxx… (cut: 5000 bytes in all)");
        assert_eq!(shown("héllo", 5).to_string(), "héllo");
    }
}
