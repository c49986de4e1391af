//! Writing the draft as YAML, in the layout of the finished action files, with the importer's
//! notes and the values to rename as comments.

use serde_json::Value;

use codegen::spec::{ExampleSource, Field, Placement, Text, TypeKind};

use super::Draft;

/// A character YAML may hold as it is (no control character, no byte-order mark or non-character).
fn printable(c: char) -> bool {
    !c.is_control() && !matches!(c, '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// `s` as a YAML double-quoted scalar: `\\`, `"` and every character YAML may not hold escaped.
fn quoted(s: &str) -> String {
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

/// A note as one comment line: line breaks and characters YAML may not hold become spaces.
pub(super) fn comment_text(s: &str) -> String {
    s.chars()
        .map(|c| if printable(c) { c } else { ' ' })
        .collect()
}

/// A YAML scalar for `s`: plain where that reads back as the same string, else double-quoted.
pub(super) fn scalar(s: &str, flow: bool) -> String {
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

/// A JSON value in YAML flow style.
pub(super) fn flow(v: &Value) -> String {
    match v {
        Value::String(s) => scalar(s, true),
        Value::Array(a) => format!("[{}]", a.iter().map(flow).collect::<Vec<_>>().join(", ")),
        Value::Object(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{}: {}", scalar(k, true), flow(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    }
}

struct Out {
    text: String,
}

impl Out {
    fn line(&mut self, indent: usize, s: &str) {
        self.text.push_str(&" ".repeat(indent));
        self.text.push_str(s);
        self.text.push('\n');
    }

    /// `key: text`, a literal block for several lines.
    fn text_value(&mut self, indent: usize, key: &str, s: &str) {
        let block = s.contains('\n')
            && !s.ends_with('\n')
            && s.chars().all(|c| c == '\n' || printable(c))
            && s.lines()
                .all(|l| !l.starts_with([' ', '\t']) && !l.is_empty());
        if block {
            self.line(indent, &format!("{key}: |-"));
            for l in s.lines() {
                self.line(indent + 2, l);
            }
        } else {
            self.line(indent, &format!("{key}: {}", scalar(s, false)));
        }
    }

    fn texts(&mut self, indent: usize, key: &str, t: &Text) {
        self.line(indent, &format!("{key}:"));
        self.text_value(indent + 2, "zh", &t.zh);
        self.text_value(indent + 2, "en", &t.en);
    }

    fn fields(&mut self, indent: usize, fields: &[Field]) {
        for f in fields {
            self.line(indent, &format!("- name: {}", scalar(&f.name, false)));
            let i = indent + 2;
            self.line(i, &format!("doc_type: {}", scalar(&f.doc_type, false)));
            self.line(i, &format!("type: {}", scalar(&f.ty, false)));
            self.line(i, &format!("required: {}", f.required));
            if let Some(r) = &f.rust_name {
                self.line(i, &format!("rust_name: {}", scalar(r, false)));
            }
            if let Some(e) = &f.example {
                self.line(i, &format!("example: {}", flow(e)));
            }
            self.texts(i, "description", &f.description);
        }
    }

    /// A JSON object as a block mapping of flow values (`{}` when empty), its keys in the order of
    /// `fields` (the page's), others after them.
    fn object(&mut self, indent: usize, key: &str, v: &Value, fields: &[Field]) {
        match v.as_object() {
            Some(m) if !m.is_empty() => {
                self.line(indent, &format!("{key}:"));
                let rank = |k: &str| {
                    fields
                        .iter()
                        .position(|f| f.name == k)
                        .unwrap_or(usize::MAX)
                };
                let mut entries: Vec<(&String, &Value)> = m.iter().collect();
                entries.sort_by_key(|(k, _)| rank(k));
                for (k, x) in entries {
                    self.line(indent + 2, &format!("{}: {}", scalar(k, false), flow(x)));
                }
            }
            _ => self.line(indent, &format!("{key}: {}", flow(v))),
        }
    }
}

impl Draft {
    /// The draft as an action file, in the layout of the finished ones, with the notes as comments.
    pub fn to_yaml(&self) -> String {
        let s = &self.spec;
        let mut o = Out {
            text: String::new(),
        };
        o.line(0, crate::yaml::ACTION_HEADER);
        o.line(
            0,
            "# A draft made by `cargo xtask import-page`: write every English text that says TODO, check",
        );
        o.line(
            0,
            "# the values marked TODO and the notes below against the page, then remove `draft: true`.",
        );
        if !self.notes.is_empty() {
            o.line(
                0,
                "# Importer notes (what the importer did not understand or guessed):",
            );
            for n in &self.notes {
                o.line(0, &format!("#   TODO: {}", comment_text(&n.to_string())));
            }
        }
        o.line(0, &format!("action: {}", scalar(&s.action, false)));
        o.line(
            0,
            &format!("version: {}", serde_json::Value::from(s.version.as_str())),
        );
        o.line(0, &format!("family: {}", scalar(&s.family, false)));
        o.line(0, &format!("method: {:?}", s.method));
        let placement = match s.params_in {
            Placement::Body => "body",
            Placement::Query => "query",
        };
        o.line(0, &format!("params_in: {placement}"));
        o.line(0, &format!("draft: {}", s.draft));
        o.texts(0, "description", &s.description);
        o.text_value(0, "source", &s.source);
        if let Some(u) = &s.doc_url {
            o.line(0, &format!("doc_url: {}", scalar(u, false)));
        }
        if s.limits.qps.is_some() || s.limits.description.is_some() {
            o.line(0, "limits:");
            if let Some(q) = s.limits.qps {
                o.line(2, &format!("qps: {q}"));
            }
            if let Some(d) = &s.limits.description {
                o.texts(2, "description", d);
            }
        }
        if let Some(k) = &s.idempotency_key {
            o.line(0, &format!("idempotency_key: {}", scalar(k, false)));
        }
        if let Some(t) = &s.result_type {
            o.line(0, &format!("result_type: {}", scalar(t, false)));
        }
        if s.result_optional {
            o.line(0, "result_optional: true");
        }
        if s.request.is_empty() {
            o.line(0, "request: []");
        } else {
            o.line(0, "request:");
            o.fields(2, &s.request);
        }
        if !s.result.is_empty() {
            o.line(0, "result:");
            o.fields(2, &s.result);
        }
        if !s.types.is_empty() {
            o.line(0, "types:");
            for (name, def) in &s.types {
                o.line(2, &format!("{name}:"));
                let kind = match def.kind {
                    TypeKind::Object => "object",
                    TypeKind::Enum => "enum",
                    TypeKind::Union => "union",
                };
                o.line(4, &format!("kind: {kind}"));
                if let Some(b) = &def.base {
                    o.line(4, &format!("base: {b}"));
                }
                if def.open {
                    o.line(4, "open: true");
                }
                o.texts(4, "description", &def.description);
                if !def.fields.is_empty() {
                    o.line(4, "fields:");
                    o.fields(6, &def.fields);
                }
                if !def.values.is_empty() {
                    o.line(4, "values:");
                    for v in &def.values {
                        o.line(6, &format!("- value: {}", flow(&v.value)));
                        let mut line = format!("name: {}", scalar(&v.name, false));
                        if self
                            .placeholder_names
                            .contains(&(name.clone(), v.name.clone()))
                        {
                            line.push_str("  # TODO: name it after its description");
                        }
                        o.line(8, &line);
                        o.texts(8, "description", &v.description);
                    }
                }
            }
        }
        o.line(0, "examples:");
        for (i, e) in s.examples.iter().enumerate() {
            if i == 0 && !self.example_repairs.is_empty() {
                o.line(
                    2,
                    &format!(
                        "# The page's example is not JSON as written; repaired: {}.",
                        self.example_repairs.join("; ")
                    ),
                );
            }
            let src = match e.source {
                ExampleSource::Page => "page",
                ExampleSource::Written => "written",
            };
            o.line(2, &format!("- source: {src}"));
            o.object(4, "request", &e.request, &s.request);
            if let Some(r) = &e.result {
                o.object(4, "result", r, &s.result);
            }
        }
        o.text
    }
}
