//! The page's prose around the tables: its language, a result that is a bare string
//! (`Result returns "ok"`, `返回值为 "ok"`), and every paragraph of the parameter sections the
//! importer does not read (noted, never dropped silently).

use std::collections::BTreeSet;

use serde_json::Value;

use super::json::example_text;
use super::lang::{language_of, Language};
use super::read::{Page, RawField, Role};
use super::Note;

/// The page's language, from its prose and tables (code blocks aside).
pub(super) fn page_language(page: &Page<'_>) -> Language {
    let text: Vec<&str> = page.prose.iter().map(|(_, l)| *l).collect();
    language_of(&text.join("\n"))
}

/// A result that is not an object: its type and example.
#[derive(Debug, Clone)]
pub(super) struct BareResult {
    /// The spec type (`string`, `i32`, ...).
    pub(super) ty: String,
    /// The page's example of it.
    pub(super) example: Option<Value>,
    /// The line that says so.
    pub(super) line: usize,
}

/// The quoted value of a sentence: `"ok"`, `` `ok` ``, `“ok”`.
fn quoted(line: &str) -> Option<String> {
    for (open, close) in [('"', '"'), ('`', '`'), ('“', '”'), ('\'', '\'')] {
        if let Some(a) = line.find(open) {
            let rest = &line[a + open.len_utf8()..];
            if let Some(b) = rest.find(close) {
                let v = rest[..b].trim();
                let word = !v.is_empty()
                    && v.len() <= 32
                    && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if word && v != "Result" {
                    return Some(v.to_string());
                }
            }
        }
    }
    None
}

/// The result as a bare value: a result table of one `Result` row of a scalar type, or a sentence
/// of the response section saying what `Result` returns.
pub(super) fn bare_result(page: &Page<'_>, result_rows: &[RawField]) -> Option<BareResult> {
    if let [only] = result_rows {
        let ty = match only.doc_type.trim().to_ascii_lowercase().as_str() {
            "string" => Some("string"),
            "integer" | "int" | "int32" => Some("i32"),
            "long" | "int64" => Some("i64"),
            "boolean" | "bool" => Some("bool"),
            _ => None,
        };
        if let (true, Some(ty)) = (only.name == "Result", ty) {
            let example = example_text(&only.example).map(|e| {
                serde_json::from_str::<Value>(&e)
                    .ok()
                    .filter(|v| !v.is_object() && !v.is_array())
                    .unwrap_or(Value::String(e.trim_matches('"').to_string()))
            });
            return Some(BareResult {
                ty: ty.to_string(),
                example,
                line: only.line,
            });
        }
    }
    if !result_rows.is_empty() {
        return None;
    }
    let says = |l: &str| {
        let lower = l.to_lowercase();
        ["result", "return"].iter().any(|w| lower.contains(w)) || l.contains("返回")
    };
    let prose = prose_lines(page);
    page.blocks
        .iter()
        .filter(|b| b.role == Role::Response)
        .flat_map(|b| b.lines.iter())
        .filter(|(no, l)| prose.contains(no) && !l.trim_start().starts_with('|') && says(l))
        .find_map(|&(no, l)| {
            quoted(l).map(|v| BareResult {
                ty: "string".into(),
                example: Some(Value::String(v)),
                line: no,
            })
        })
}

fn prose_lines(page: &Page<'_>) -> BTreeSet<usize> {
    page.prose.iter().map(|(n, _)| *n).collect()
}

/// Notes each paragraph of the request and response sections that is neither a table, a code
/// block, a heading nor a line in `read` (lines the importer used).
pub(super) fn unread_text(page: &Page<'_>, read: &BTreeSet<usize>, notes: &mut Vec<Note>) {
    let prose = prose_lines(page);
    for b in page
        .blocks
        .iter()
        .filter(|b| matches!(b.role, Role::Request | Role::Response))
    {
        let mut in_paragraph = false;
        for &(no, l) in &b.lines {
            let t = l.trim();
            let text = prose.contains(&no)
                && !t.is_empty()
                && !t.starts_with('|')
                && !t.starts_with("<!--")
                && !read.contains(&no);
            if text && !in_paragraph {
                let shown: String = t.chars().take(60).collect();
                let more = if t.chars().count() > 60 { "…" } else { "" };
                notes.push(Note {
                    line: no,
                    message: format!("text not imported: {shown}{more}"),
                });
            }
            in_paragraph = text;
        }
    }
}
