//! Scalars: when a string may be written plain, as a literal (`|-`) or folded (`>-`) block, or must
//! be double-quoted; comment text.

/// The widest line the writer aims at (a word longer than that overflows).
pub const WIDTH: usize = 100;

/// A character YAML may hold as it is (no control character, no byte-order mark or non-character).
pub(crate) fn printable(c: char) -> bool {
    !c.is_control() && !matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// `s` as a YAML double-quoted scalar: `\\`, `"` and every character YAML may not hold escaped.
pub(crate) fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if printable(c) => out.push(c),
            c => out.push_str(&format!("\\u{:04X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// A comment's text on one line: line breaks and characters YAML may not hold become spaces.
pub fn comment_text(s: &str) -> String {
    s.chars()
        .map(|c| if printable(c) { c } else { ' ' })
        .collect()
}

/// A YAML scalar for `s` on one line: plain where that reads back as the same string, else
/// double-quoted. `flow`: inside `[...]`/`{...}`, where `,[]{}` end a plain scalar.
pub fn scalar(s: &str, flow: bool) -> String {
    let plain = !s.is_empty()
        && s.chars().all(printable)
        && s.trim() == s
        && !s.contains(['\n', '\r', '\t'])
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !(flow && s.contains([',', '[', ']', '{', '}']))
        && !s.chars().next().is_some_and(|c| c.is_ascii_digit())
        && serde_yaml::from_str::<serde_yaml::Value>(s).ok()
            == Some(serde_yaml::Value::String(s.to_string()));
    if plain {
        s.to_string()
    } else {
        quoted(s)
    }
}

/// Whether `s` (several lines) reads back exactly from a literal block `|-`: printable lines, none
/// ending in white space, the first not starting with it, and no line break at the end.
fn literal_ok(s: &str) -> bool {
    s.contains('\n')
        && !s.ends_with('\n')
        && !s.starts_with([' ', '\t', '\n'])
        && s.chars().all(|c| c == '\n' || printable(c))
        && s.lines().all(|l| !l.ends_with([' ', '\t']))
}

/// Whether `s` (one line) reads back exactly from a folded block `>-` broken at single spaces.
fn folded_ok(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| printable(c) && c != '\t')
        && s.trim() == s
        && !s.contains("  ")
}

/// The lines of `s` folded at single spaces to fit `width` columns after `indent`.
fn fold(s: &str, indent: usize, width: usize) -> Vec<String> {
    let room = width.saturating_sub(indent).max(20);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > room {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// A string value after `key: ` (or `- `) at `indent`: the text for the first line and the
/// block's lines (indented by the caller at `indent + 2`), if it is a block. Several lines give a
/// literal block, one line too long for `head` columns a folded block, else one scalar.
pub(crate) fn text_value(s: &str, indent: usize, head: usize) -> (String, Vec<String>) {
    if literal_ok(s) {
        return ("|-".into(), s.lines().map(str::to_string).collect());
    }
    let one = scalar(s, false);
    if head + one.chars().count() > WIDTH && !s.contains('\n') && folded_ok(s) {
        let lines = fold(s, indent + 2, WIDTH);
        if lines.len() > 1 {
            return (">-".into(), lines);
        }
    }
    (one, Vec::new())
}
