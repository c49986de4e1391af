//! Keeping a file's comments through a rewrite (`import-go-model` updating an action file).
//!
//! The writer lays a file out its own way, so a rewrite cannot keep the old text; it keeps the
//! comments instead, each with the node it belongs to:
//! - a comment on lines of its own belongs to the node that starts after it (a map entry at its key,
//!   a list item at its `- `), and one after the last node ends the file;
//! - a comment at the end of a line belongs to the outermost node that starts on that line;
//! - a `#` inside a block scalar (`|-`, `>-`) or a quoted text is text, not a comment, and the
//!   schema line is the writer's own.
//!
//! In the new file a node is found again by its path, where a list item is identified by its
//! `value` (enum values, union variants) or `name` (fields) rather than its position, so that a comment stays with its field
//! when fields are added or reordered. A comment whose node is gone, or that the writer cannot
//! place (inside what it writes as one flow line), is answered back so the caller can report it.

use serde_yaml::Value;

use super::emit::Comments;
use super::scalar::comment_text;

/// The comments of a file, at the paths of that file's nodes.
#[derive(Debug, Default)]
pub struct FileComments {
    before: Vec<(String, Vec<String>)>,
    after: Vec<(String, String)>,
    footer: Vec<String>,
}

impl FileComments {
    /// How many comments the file has (a run of comment lines counts once).
    pub fn len(&self) -> usize {
        self.before.len() + self.after.len() + usize::from(!self.footer.is_empty())
    }

    /// Whether the file has no comment besides the schema line.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Whether a line's last token opens a block scalar (`|`, `>-`, `|+2`, ...).
fn opens_block(content: &str) -> bool {
    let token = content.rsplit([' ', '\t']).next().unwrap_or(content);
    let mut chars = token.chars();
    matches!(chars.next(), Some('|' | '>'))
        && token.len() <= 3
        && chars.all(|c| matches!(c, '+' | '-') || c.is_ascii_digit())
}

/// The line without its trailing comment, and the comment's text: a `#` after a space, outside a
/// quoted scalar (a quote opens a scalar only where a value starts: at the line's start, after
/// `: `, `- `, `, `, `[` or `{`).
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    let mut value_starts = true;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some('\'') if c == '\'' => {
                if chars.peek().is_some_and(|(_, n)| *n == '\'') {
                    chars.next();
                } else {
                    quote = None;
                }
            }
            Some('"') if c == '\\' => {
                chars.next();
            }
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '#' && prev.is_whitespace() => {
                return (&line[..i], Some(line[i + 1..].trim()));
            }
            None if matches!(c, '\'' | '"') && value_starts => quote = Some(c),
            None => {}
        }
        value_starts = if c.is_whitespace() {
            value_starts || matches!(prev, ':' | '-' | ',')
        } else {
            matches!(c, '[' | '{') && quote.is_none()
        };
        prev = c;
    }
    (line, None)
}

/// Reads the comments of a spec file's `text`, each at the path of its node.
pub fn read(text: &str) -> FileComments {
    let index = codegen::span::SpanIndex::build(text);
    let starts = index.starts();
    // The first node starting after line `line`, or on it.
    let owner = |line: usize, on: bool| {
        let at = starts.partition_point(|(l, _)| if on { *l < line } else { *l <= line });
        starts
            .get(at)
            .filter(|(l, _)| !on || *l == line)
            .map(|(_, p)| p.to_string())
    };
    let mut out = FileComments::default();
    let mut pending: Vec<String> = Vec::new();
    let mut block: Option<usize> = None;
    for (n, line) in text.lines().enumerate() {
        let number = n + 1;
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(base) = block {
            if trimmed.is_empty() || indent > base {
                continue;
            }
            block = None;
        }
        if trimmed.is_empty() {
            continue;
        }
        if let Some(comment) = trimmed.strip_prefix('#') {
            if !comment.contains("yaml-language-server") {
                pending.push(comment.trim().to_string());
            }
            continue;
        }
        if !pending.is_empty() {
            match owner(number - 1, false) {
                Some(path) => out.before.push((path, std::mem::take(&mut pending))),
                None => out.footer.append(&mut pending),
            }
        }
        let (content, comment) = split_comment(line);
        if let (Some(comment), Some(path)) = (comment, owner(number, true)) {
            out.after.push((path, comment.to_string()));
        }
        if opens_block(content.trim_end()) {
            block = Some(indent);
        }
    }
    out.footer.append(&mut pending);
    out
}

enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Option<Vec<Step<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !key.is_empty() {
            out.push(Step::Key(key));
        }
        while let Some(r) = rest.strip_prefix('[') {
            let end = r.find(']')?;
            out.push(Step::Index(r[..end].parse().ok()?));
            rest = &r[end + 1..];
        }
    }
    Some(out)
}

/// A list item's identity: its `value` (an enum value or a union variant: the wire value), else its
/// `name` (a field).
fn identity(item: &Value) -> Option<&Value> {
    item.get("value").or_else(|| item.get("name"))
}

/// The path in `new` of the node at `path` in `old`.
fn remap(path: &str, old: &Value, new: &Value) -> Option<String> {
    let (mut old, mut new) = (old, new);
    let mut out = String::new();
    for step in steps(path)? {
        match step {
            Step::Key(k) => {
                (old, new) = (old.get(k)?, new.get(k)?);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => {
                let item = old.as_sequence()?.get(i)?;
                let items = new.as_sequence()?;
                let j = match identity(item) {
                    Some(id) => items.iter().position(|x| identity(x) == Some(id))?,
                    None => i.min(items.len().checked_sub(1)?),
                };
                (old, new) = (item, items.get(j)?);
                out.push_str(&format!("[{j}]"));
            }
        }
    }
    Some(out)
}

/// The comments of a file whose value was `old`, placed for the file the writer makes of `new`;
/// the texts of those whose node is gone.
pub fn carry(comments: &FileComments, old: &Value, new: &Value) -> (Comments, Vec<String>) {
    let mut out = Comments::default();
    let mut lost = Vec::new();
    for (path, lines) in &comments.before {
        match remap(path, old, new) {
            Some(p) => out
                .before
                .entry(p)
                .or_default()
                .extend(lines.iter().cloned()),
            None => lost.extend(lines.iter().cloned()),
        }
    }
    for (path, text) in &comments.after {
        match remap(path, old, new) {
            Some(p) if !out.after.contains_key(&p) => {
                out.after.insert(p, text.clone());
            }
            _ => lost.push(text.clone()),
        }
    }
    out.footer.clone_from(&comments.footer);
    (out, lost)
}

/// The comments of `comments` that `written` does not hold (the writer could not place them).
pub fn missing(comments: &Comments, written: &str) -> Vec<String> {
    let texts = comments
        .before
        .values()
        .flatten()
        .chain(comments.after.values())
        .chain(&comments.footer);
    texts
        .filter(|t| !written.contains(&format!("# {}", comment_text(t))))
        .cloned()
        .collect()
}

#[cfg(test)]
#[path = "keep_tests.rs"]
mod tests;
