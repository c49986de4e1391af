//! Reading spec files: strict deserialisation that reports every structural error with its location.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::span::{join_index, join_key, SpanIndex};

/// One problem in the spec, located.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SpecError {
    /// The file, relative to the spec root's parent (e.g. `api-spec/actions/im/SendMessage.yaml`).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The field path inside the file (`request[3].type`); empty for the whole file.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(file)"
        } else {
            &self.path
        };
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file, self.line, self.column, path, self.message
        )
    }
}

/// All the problems of one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecErrors(pub Vec<SpecError>);

impl fmt::Display for SpecErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.0 {
            writeln!(f, "{e}")?;
        }
        write!(f, "{} error(s) in the spec", self.0.len())
    }
}

impl std::error::Error for SpecErrors {}

/// A file's text, name and span index.
pub struct Source {
    /// Display name (relative path).
    pub name: String,
    /// The file's text.
    pub text: String,
    /// Node positions, indexed on first use: only a file with an error needs them, so a clean
    /// spec is parsed once, not twice.
    spans: std::sync::OnceLock<SpanIndex>,
}

impl Source {
    /// Wraps a text.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
            spans: std::sync::OnceLock::new(),
        }
    }

    /// The file's node positions.
    pub fn spans(&self) -> &SpanIndex {
        self.spans.get_or_init(|| SpanIndex::build(&self.text))
    }

    /// An error located at the value `path` points at.
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> SpecError {
        let pos = self.spans().value(path);
        SpecError {
            file: self.name.clone(),
            line: pos.line,
            column: pos.column,
            path: path.to_string(),
            message: message.into(),
        }
    }

    /// An error located at the key of the map entry `path` points at.
    pub fn error_at_key(&self, path: &str, message: impl Into<String>) -> SpecError {
        let pos = self.spans().key(path);
        SpecError {
            file: self.name.clone(),
            line: pos.line,
            column: pos.column,
            path: path.to_string(),
            message: message.into(),
        }
    }

    /// Deserialises the file strictly into `T`, collecting every structural error.
    ///
    /// serde stops at the first error, so after each one the innermost list item holding it (or,
    /// where there is none, the offending map entry) is set aside and deserialisation runs again;
    /// errors in other items are still found. Returns the value only when there was no error.
    pub fn parse<T: DeserializeOwned>(&self, errors: &mut Vec<SpecError>) -> Option<T> {
        let mut value: serde_yaml::Value = match serde_yaml::from_str(&self.text) {
            Ok(v) => v,
            Err(e) => {
                let full = strip_location(&e.to_string());
                let (mut line, mut column) =
                    e.location().map_or((1, 1), |l| (l.line(), l.column()));
                let mut path = String::new();
                // serde_yaml places a repeated key at the start of its mapping: point at the repeat.
                // (It may prefix its own path to the message: the error's path says it.)
                let mut message = full.as_str();
                if let Some(at) = message.find("duplicate entry") {
                    if let Some((p, pos)) = self.spans().first_duplicate_key() {
                        (line, column, path) = (pos.line, pos.column, p.to_string());
                        message = &message[at..];
                    }
                }
                errors.push(SpecError {
                    file: self.name.clone(),
                    line,
                    column,
                    path,
                    message: format!("not valid YAML: {message}"),
                });
                return None;
            }
        };
        // Items set aside so far, by (original) sequence path, to map indices back.
        let mut removed: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        // Map entries set aside so far (original paths): a struct then misses them, which is no news.
        let mut removed_entries: Vec<String> = Vec::new();
        let mut failed = false;
        for _ in 0..200 {
            match serde_path_to_error::deserialize::<_, T>(value.clone()) {
                Ok(v) => return if failed { None } else { Some(v) },
                Err(err) => {
                    failed = true;
                    let segments = segments(err.path());
                    let original = original_path(&segments, &removed);
                    let message = err.inner().to_string();
                    let set_aside_here = message
                        .strip_prefix("missing field `")
                        .and_then(|rest| rest.strip_suffix('`'))
                        .is_some_and(|key| removed_entries.contains(&join_key(&original, key)));
                    if !set_aside_here {
                        errors.push(self.structural_error(&original, &message));
                    }
                    if !prune(&mut value, &segments, &mut removed, &mut removed_entries) {
                        return None;
                    }
                }
            }
        }
        None
    }

    fn structural_error(&self, path: &str, message: &str) -> SpecError {
        // "unknown field `x`, expected ..." names the key at fault: point at it.
        if let Some(rest) = message.strip_prefix("unknown field `") {
            if let Some(end) = rest.find('`') {
                let key = &rest[..end];
                let key_path = if path == key || path.ends_with(&format!(".{key}")) {
                    path.to_string()
                } else {
                    join_key(path, key)
                };
                return self.error_at_key(&key_path, message);
            }
        }
        self.error_at(path, message)
    }
}

/// Drops the problem's own ` at line L column C` (the error carries it), keeping any context after it
/// (`, while scanning a quoted scalar at line 8 column 9` says where the unclosed quote opened).
fn strip_location(msg: &str) -> String {
    let Some(start) = msg.find(" at line ") else {
        return msg.to_string();
    };
    let rest = &msg[start + " at line ".len()..];
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = rest
        .strip_prefix(" column ")
        .map_or(rest, |r| r.trim_start_matches(|c: char| c.is_ascii_digit()));
    format!("{}{rest}", &msg[..start])
}

#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Index(usize),
}

fn segments(path: &serde_path_to_error::Path) -> Vec<Seg> {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|s| match s {
            Segment::Seq { index } => Some(Seg::Index(*index)),
            Segment::Map { key } => Some(Seg::Key(key.clone())),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .collect()
}

/// The path in the original file of an error found after some items were set aside.
fn original_path(segs: &[Seg], removed: &BTreeMap<String, Vec<usize>>) -> String {
    let mut path = String::new();
    for seg in segs {
        path = match seg {
            Seg::Key(k) => join_key(&path, k),
            Seg::Index(i) => {
                let mut idx = *i;
                if let Some(gone) = removed.get(&path) {
                    // The i-th surviving item: skip the removed ones in order.
                    let mut sorted = gone.clone();
                    sorted.sort_unstable();
                    for g in sorted {
                        if g <= idx {
                            idx += 1;
                        }
                    }
                }
                join_index(&path, idx)
            }
        };
    }
    path
}

/// Sets aside the innermost list item holding the error, or the map entry at fault.
fn prune(
    value: &mut serde_yaml::Value,
    segs: &[Seg],
    removed: &mut BTreeMap<String, Vec<usize>>,
    removed_entries: &mut Vec<String>,
) -> bool {
    let Some(last_seq) = segs.iter().rposition(|s| matches!(s, Seg::Index(_))) else {
        // No list item to set aside: drop the entry at fault when it is a map entry.
        if !remove_at(value, segs) {
            return false;
        }
        removed_entries.push(original_path(segs, removed));
        return true;
    };
    // The original path of the sequence and the original index of the item.
    let orig_item = original_path(&segs[..=last_seq], removed);
    let Some(open) = orig_item.rfind('[') else {
        return false;
    };
    let seq_path = orig_item[..open].to_string();
    let orig_index: usize = orig_item[open + 1..orig_item.len() - 1]
        .parse()
        .unwrap_or(0);
    if !remove_at(value, &segs[..=last_seq]) {
        return false;
    }
    removed.entry(seq_path).or_default().push(orig_index);
    true
}

fn remove_at(value: &mut serde_yaml::Value, segs: &[Seg]) -> bool {
    let Some((last, init)) = segs.split_last() else {
        return false;
    };
    let mut node = value;
    for seg in init {
        node = match (seg, node) {
            (Seg::Key(k), serde_yaml::Value::Mapping(m)) => match m.get_mut(k.as_str()) {
                Some(n) => n,
                None => return false,
            },
            (Seg::Index(i), serde_yaml::Value::Sequence(s)) => match s.get_mut(*i) {
                Some(n) => n,
                None => return false,
            },
            _ => return false,
        };
    }
    match (last, node) {
        (Seg::Key(k), serde_yaml::Value::Mapping(m)) => m.remove(k.as_str()).is_some(),
        (Seg::Index(i), serde_yaml::Value::Sequence(s)) if *i < s.len() => {
            s.remove(*i);
            true
        }
        _ => false,
    }
}

/// Reads a file; an unreadable file is an error located at its start.
pub fn read_source(root_parent: &Path, path: &Path, errors: &mut Vec<SpecError>) -> Option<Source> {
    let name = display_name(root_parent, path);
    match std::fs::read_to_string(path) {
        Ok(text) => Some(Source::new(name, text)),
        Err(e) => {
            errors.push(SpecError {
                file: name,
                line: 1,
                column: 1,
                path: String::new(),
                message: format!("cannot read: {e}"),
            });
            None
        }
    }
}

/// `path` relative to `base`, with `/` separators.
pub fn display_name(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every `*.yaml` file below `dir`, sorted.
pub fn yaml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let p = entry?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        name: String,
        n: u32,
    }

    /// Parses `text` as a [`Doc`], which must fail, and returns the errors.
    fn errors_of(text: &str) -> Vec<SpecError> {
        let mut errors = Vec::new();
        let doc: Option<Doc> = Source::new("f.yaml", text).parse(&mut errors);
        assert!(doc.is_none(), "{text}");
        errors
    }

    #[test]
    fn reports_every_bad_item_with_original_indices() {
        let text = "items:\n  - {name: a, n: 1}\n  - {name: b, n: x}\n  - {name: c, n: 3}\n  - {name: d, n: 4, bad: 1}\n";
        let errors = errors_of(text);
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].path, "items[1].n");
        assert_eq!((errors[0].line, errors[0].column), (3, 18));
        assert!(
            errors[0].message.contains("invalid type"),
            "{}",
            errors[0].message
        );
        assert_eq!(errors[1].path, "items[3].bad");
        assert_eq!(errors[1].line, 5);
        assert!(errors[1].message.contains("unknown field `bad`"));
    }

    #[test]
    fn a_struct_missing_an_entry_set_aside_is_not_reported_again() {
        let errors = errors_of("items:\n  - {name: a, n: 1}\nextra: 1\n");
        assert_eq!(errors.len(), 1, "{errors:?}");
        let errors = errors_of("items: 3\n");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].path, "items");
    }

    #[test]
    fn a_repeated_key_is_located_at_the_repeat() {
        let errors = errors_of("items: []\nitems: []\n");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            (errors[0].line, errors[0].column, errors[0].path.as_str()),
            (2, 1, "items")
        );
    }

    #[test]
    fn syntax_errors_keep_their_context() {
        assert_eq!(
            strip_location(
                "found unexpected end of stream at line 13 column 1, while scanning a quoted scalar at line 8 column 9"
            ),
            "found unexpected end of stream, while scanning a quoted scalar at line 8 column 9"
        );
        assert_eq!(
            strip_location("did not find expected key at line 4 column 3"),
            "did not find expected key"
        );
    }

    #[test]
    fn syntax_errors_are_located() {
        let errors = errors_of("items:\n  - {name: a\n");
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.starts_with("not valid YAML"),
            "{}",
            errors[0].message
        );
        assert!(errors[0].line >= 2, "{:?}", errors[0]);
    }
}
