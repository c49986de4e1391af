//! The emitter: a YAML value as block YAML in the project's layout, with comments at paths.
//!
//! - Mappings and sequences are block style; a sequence's items are indented under their key
//!   (`request:` then `  - name: ...`).
//! - Strings follow [`super::scalar`]: plain when that reads back the same, a literal block (`|-`)
//!   for several lines, a folded block (`>-`) for one line too long for [`WIDTH`], else
//!   double-quoted.
//! - JSON data (a field's `example`, an example's `request` and `result`, an enum value's `value`,
//!   everything under `fake`) and each enum value (`types.X.values[i]`) are one flow line (`{...}`,
//!   `[...]`) when that fits in [`WIDTH`] columns and holds no line break; else block, by the same
//!   rule one level down.
//! - Paths name nodes as `request[0].name`, `types.Layout.values[1]`, `examples[0]`.

use std::collections::BTreeMap;

use serde_yaml::Value;

use super::scalar::{comment_text, scalar, text_value, WIDTH};

/// Comments to write into a file.
#[derive(Debug, Clone, Default)]
pub struct Comments {
    /// Lines after the schema line, before the first key (each written as `# line`).
    pub header: Vec<String>,
    /// Comment lines before the node at a path (its key line or its `- ` item line).
    pub before: BTreeMap<String, Vec<String>>,
    /// A comment at the end of the line of the node at a path (`name: Value0  # TODO: ...`).
    pub after: BTreeMap<String, String>,
    /// Lines after the last node (each written as `# line`).
    pub footer: Vec<String>,
}

fn key_text(k: &Value) -> String {
    match k {
        Value::String(s) => scalar(s, false),
        other => flow(other),
    }
}

fn num_or_plain(v: &Value) -> Option<String> {
    match v {
        Value::Null => Some("null".into()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A value in flow style on one line.
pub(crate) fn flow(v: &Value) -> String {
    if let Some(s) = num_or_plain(v) {
        return s;
    }
    match v {
        Value::String(s) => scalar(s, true),
        Value::Sequence(a) => format!("[{}]", a.iter().map(flow).collect::<Vec<_>>().join(", ")),
        Value::Mapping(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{}: {}", flow_key(k), flow(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Value::Tagged(t) => format!("{} {}", t.tag, flow(&t.value)),
        _ => String::new(),
    }
}

fn flow_key(k: &Value) -> String {
    match k {
        Value::String(s) => scalar(s, true),
        other => flow(other),
    }
}

/// Whether a value holds a string with a line break (a flow line cannot show it readably).
fn has_break(v: &Value) -> bool {
    match v {
        Value::String(s) => s.contains('\n'),
        Value::Sequence(a) => a.iter().any(has_break),
        Value::Mapping(m) => m.iter().any(|(k, v)| has_break(k) || has_break(v)),
        Value::Tagged(t) => has_break(&t.value),
        _ => false,
    }
}

/// Whether the node at `path` is JSON data or an enum value: written in flow style when it fits.
fn flowable(path: &str) -> bool {
    let last = path.rsplit('.').next().unwrap_or(path);
    let in_examples =
        path.starts_with("examples[") && (path.contains("].request") || path.contains("].result"));
    last == "example"
        || path.contains(".example.")
        || in_examples
        || path == "fake"
        || path.starts_with("fake.")
        || (last.starts_with("values[") && path.starts_with("types."))
        || path.contains(".values[") && path.starts_with("types.") && path.ends_with(".value")
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

pub(crate) struct Emitter<'a> {
    pub(crate) out: String,
    pub(crate) comments: &'a Comments,
}

impl Emitter<'_> {
    fn push(&mut self, indent: usize, s: &str) {
        self.out.push_str(&" ".repeat(indent));
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn before(&mut self, indent: usize, path: &str) {
        if let Some(lines) = self.comments.before.get(path) {
            for l in lines {
                self.push(indent, &format!("# {}", comment_text(l)));
            }
        }
    }

    /// The trailing comments of the node at `path` and, when it is written as one flow line,
    /// of the nodes inside it.
    fn after(&self, path: &str, inside: bool) -> String {
        let dot = format!("{path}.");
        let bracket = format!("{path}[");
        self.comments
            .after
            .iter()
            .filter(|(p, _)| {
                p.as_str() == path || (inside && (p.starts_with(&dot) || p.starts_with(&bracket)))
            })
            .map(|(_, c)| format!("  # {}", comment_text(c)))
            .collect()
    }

    /// `head` (`key:` or `-`, at `indent`) followed by the value at `path`.
    fn node(&mut self, indent: usize, head: &str, path: &str, v: &Value) {
        let lead = indent + head.chars().count() + 1;
        if let Some(s) = num_or_plain(v) {
            let c = self.after(path, false);
            self.push(indent, &format!("{head} {s}{c}"));
            return;
        }
        match v {
            Value::String(s) => {
                let (first, block) = text_value(s, indent, lead);
                let c = self.after(path, false);
                self.push(indent, &format!("{head} {first}{c}"));
                for l in block {
                    if l.is_empty() {
                        self.out.push('\n');
                    } else {
                        self.push(indent + 2, &l);
                    }
                }
            }
            Value::Sequence(a) if a.is_empty() => {
                let c = self.after(path, false);
                self.push(indent, &format!("{head} []{c}"));
            }
            Value::Mapping(m) if m.is_empty() => {
                let c = self.after(path, false);
                self.push(indent, &format!("{head} {{}}{c}"));
            }
            _ if flowable(path) && !has_break(v) && lead + flow(v).chars().count() <= WIDTH => {
                let c = self.after(path, true);
                self.push(indent, &format!("{head} {}{c}", flow(v)));
            }
            Value::Sequence(a) => {
                let c = self.after(path, false);
                self.push(indent, &format!("{head}{c}"));
                self.items(indent + 2, path, a);
            }
            Value::Mapping(m) => {
                let c = self.after(path, false);
                self.push(indent, &format!("{head}{c}"));
                self.entries(indent + 2, path, m);
            }
            other => {
                let c = self.after(path, false);
                self.push(indent, &format!("{head} {}{c}", flow(other)));
            }
        }
    }

    pub(crate) fn entries(&mut self, indent: usize, path: &str, m: &serde_yaml::Mapping) {
        for (k, v) in m {
            let name = match k {
                Value::String(s) => s.clone(),
                other => flow(other),
            };
            let p = child(path, &name);
            self.before(indent, &p);
            self.node(indent, &format!("{}:", key_text(k)), &p, v);
        }
    }

    fn items(&mut self, indent: usize, path: &str, a: &[Value]) {
        // The items of one list are all flow lines or none (an enum's values read alike).
        let fits = |i: usize, v: &Value| {
            flowable(&format!("{path}[{i}]"))
                && !has_break(v)
                && indent + 2 + flow(v).chars().count() <= WIDTH
        };
        let all_flow = a.iter().enumerate().all(|(i, v)| fits(i, v));
        for (i, v) in a.iter().enumerate() {
            let p = format!("{path}[{i}]");
            self.before(indent, &p);
            match v {
                // A mapping item: its first entry on the `- ` line, the others under it.
                Value::Mapping(m) if !m.is_empty() && !all_flow => {
                    let mut first = true;
                    let c = self.after(&p, false);
                    for (k, x) in m {
                        let name = match k {
                            Value::String(s) => s.clone(),
                            other => flow(other),
                        };
                        let cp = child(&p, &name);
                        let head = format!("{}:", key_text(k));
                        if first {
                            first = false;
                            // Written at indent + 2, then the indentation becomes `- `.
                            let start = self.out.len();
                            self.before(indent + 2, &cp);
                            self.node(indent + 2, &head, &cp, x);
                            let dash_at = start
                                + self.out[start..]
                                    .lines()
                                    .take_while(|l| l.trim_start().starts_with('#'))
                                    .map(|l| l.len() + 1)
                                    .sum::<usize>();
                            self.out
                                .replace_range(dash_at + indent..dash_at + indent + 2, "- ");
                            if !c.is_empty() {
                                let end = dash_at + self.out[dash_at..].find('\n').unwrap_or(0);
                                self.out.insert_str(end, &c);
                            }
                        } else {
                            self.before(indent + 2, &cp);
                            self.node(indent + 2, &head, &cp, x);
                        }
                    }
                }
                _ => self.node(indent, "-", &p, v),
            }
        }
    }
}
