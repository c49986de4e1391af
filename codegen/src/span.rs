//! Where each node of a YAML file is: field path → line and column.
//!
//! serde_yaml reports the location of syntax errors only; semantic checks run on deserialised values.
//! This index, built from the YAML parser's marked events, lets every error name the line and column
//! of the node its field path points at.

use std::collections::hash_map::Entry;
use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// Field path (as `a.b[2].c`) → position of the key (for map entries) and of the value.
#[derive(Debug, Default)]
pub struct SpanIndex {
    keys: HashMap<String, Pos>,
    values: HashMap<String, Pos>,
    duplicate: Option<(String, Pos)>,
}

impl SpanIndex {
    /// Indexes `text`; a file that does not parse gives an empty index (serde_yaml reports the error).
    pub fn build(text: &str) -> Self {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(text);
        if parser.load(&mut builder, false).is_err() {
            return Self::default();
        }
        builder.index
    }

    /// Where the value at `path` is, else its key, else the nearest ancestor's, else 1:1.
    pub fn value(&self, path: &str) -> Pos {
        self.lookup(path, true)
    }

    /// Where the key of the map entry at `path` is, else the value, else the nearest ancestor's.
    pub fn key(&self, path: &str) -> Pos {
        self.lookup(path, false)
    }

    /// Where each node below the root starts, as (1-based line, path), by line and, on one line,
    /// outer nodes first: a map entry at its key, a sequence item at its value. The importers use
    /// it to keep a file's comments with the nodes they stand before.
    pub fn starts(&self) -> Vec<(usize, &str)> {
        let items = self.values.iter().filter(|(p, _)| p.ends_with(']'));
        let mut out: Vec<(usize, &str)> = self
            .keys
            .iter()
            .chain(items)
            .map(|(p, pos)| (pos.line, p.as_str()))
            .collect();
        out.sort_by_key(|(line, p)| (*line, p.len(), *p));
        out
    }

    /// The first key that repeats an earlier key of the same mapping: its path and where it is.
    pub fn first_duplicate_key(&self) -> Option<(&str, Pos)> {
        self.duplicate.as_ref().map(|(p, pos)| (p.as_str(), *pos))
    }

    fn lookup(&self, path: &str, prefer_value: bool) -> Pos {
        let mut p = path;
        loop {
            let (first, second) = if prefer_value {
                (&self.values, &self.keys)
            } else {
                (&self.keys, &self.values)
            };
            if let Some(pos) = first.get(p).or_else(|| second.get(p)) {
                return *pos;
            }
            match parent(p) {
                Some(up) => p = up,
                None => return Pos { line: 1, column: 1 },
            }
        }
    }
}

/// The parent of a path: `a.b[2]` → `a.b`, `a.b` → `a`, `a` → ``.
pub fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    Some(&path[..cut])
}

/// Appends a map key to a path.
pub fn join_key(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Appends a sequence index to a path.
pub fn join_index(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

enum Frame {
    Map {
        path: String,
        pending_key: Option<String>,
        keys_seen: usize,
    },
    Seq {
        path: String,
        next: usize,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    index: SpanIndex,
}

fn pos(mark: Marker) -> Pos {
    Pos {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

impl Builder {
    /// The path of the node that starts now, and whether it is a map key.
    fn next_node(&mut self, scalar: Option<&str>) -> (Option<String>, bool) {
        match self.stack.last_mut() {
            None => (Some(String::new()), false),
            Some(Frame::Seq { path, next }) => {
                let p = join_index(path, *next);
                *next += 1;
                (Some(p), false)
            }
            Some(Frame::Map {
                path,
                pending_key,
                keys_seen,
            }) => match pending_key.take() {
                Some(key) => (Some(join_key(path, &key)), false),
                None => {
                    // This node is a key. Only scalar keys get a path.
                    *pending_key = Some(scalar.unwrap_or("?").to_string());
                    *keys_seen += 1;
                    (scalar.map(|k| join_key(path, k)), true)
                }
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, ..) => {
                let (path, is_key) = self.next_node(Some(&value));
                let Some(p) = path else {
                    return;
                };
                if !is_key {
                    self.index.values.entry(p).or_insert(pos(mark));
                    return;
                }
                // A block mapping's start event is marked at its first key's colon: the mapping
                // starts at its first key.
                if let Some(Frame::Map {
                    path: map_path,
                    keys_seen: 1,
                    ..
                }) = self.stack.last()
                {
                    if let Some(start) = self.index.values.get_mut(map_path) {
                        let here = pos(mark);
                        if (here.line, here.column) < (start.line, start.column) {
                            *start = here;
                        }
                    }
                }
                match self.index.keys.entry(p) {
                    Entry::Vacant(v) => {
                        v.insert(pos(mark));
                    }
                    Entry::Occupied(o) => {
                        if self.index.duplicate.is_none() {
                            self.index.duplicate = Some((o.key().clone(), pos(mark)));
                        }
                    }
                }
            }
            Event::Alias(_) => {
                let (path, _) = self.next_node(None);
                if let Some(p) = path {
                    self.index.values.entry(p).or_insert(pos(mark));
                }
            }
            Event::MappingStart(..) => {
                let (path, _) = self.next_node(None);
                let path = path.unwrap_or_default();
                self.index.values.entry(path.clone()).or_insert(pos(mark));
                self.stack.push(Frame::Map {
                    path,
                    pending_key: None,
                    keys_seen: 0,
                });
            }
            Event::SequenceStart(..) => {
                let (path, _) = self.next_node(None);
                let path = path.unwrap_or_default();
                self.index.values.entry(path.clone()).or_insert(pos(mark));
                self.stack.push(Frame::Seq { path, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_keys_values_and_sequence_items() {
        let text = "a: 1\nb:\n  - x: 2\n    y: [3, 4]\n  - x: 5\n";
        let idx = SpanIndex::build(text);
        assert_eq!(idx.key("a"), Pos { line: 1, column: 1 });
        assert_eq!(idx.value("a"), Pos { line: 1, column: 4 });
        assert_eq!(idx.key("b[0].y"), Pos { line: 4, column: 5 });
        assert_eq!(
            idx.value("b[0].y[1]"),
            Pos {
                line: 4,
                column: 12
            }
        );
        assert_eq!(idx.key("b[1].x"), Pos { line: 5, column: 5 });
        // Unknown paths fall back to the nearest ancestor.
        assert_eq!(idx.value("b[1].zzz").line, 5);
        assert_eq!(idx.first_duplicate_key(), None);
    }

    #[test]
    fn a_block_mapping_starts_at_its_first_key() {
        let text = "# c\nname: a\nitem:\n    kind: x\nlist:\n  - k: 1\n    j: 2\nflow: {k: 1}\n";
        let idx = SpanIndex::build(text);
        assert_eq!(idx.value(""), Pos { line: 2, column: 1 });
        assert_eq!(idx.value("item"), Pos { line: 4, column: 5 });
        assert_eq!(idx.value("list[0]"), Pos { line: 6, column: 5 });
        assert_eq!(idx.value("flow"), Pos { line: 8, column: 7 });
    }

    #[test]
    fn finds_the_first_repeated_key() {
        let idx = SpanIndex::build("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n");
        assert_eq!(
            idx.first_duplicate_key(),
            Some(("b.c", Pos { line: 4, column: 3 }))
        );
        assert_eq!(idx.key("b.c"), Pos { line: 3, column: 3 });
    }

    #[test]
    fn parent_paths() {
        assert_eq!(parent("a.b[2]"), Some("a.b"));
        assert_eq!(parent("a.b"), Some("a"));
        assert_eq!(parent("a"), Some(""));
        assert_eq!(parent(""), None);
    }
}
