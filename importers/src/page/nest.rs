//! Building fields and types from the tables: nested types found by name or path, value lists
//! made enums, examples read from the 示例值 column.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_json::Value;

use codegen::spec::{EnumValue, Field, TypeDef, TypeKind};
use codegen::RUST_KEYWORDS;

use super::json::{example_text, repair_json};
use super::lang::Language;
use super::read::{strip_links, RawField};
use super::types::{first_sentence, fits, map_type, todo_text, value_line, value_of, T};
use super::Note;

/// Names a generated type may not take (the generator qualifies every path, so only its own
/// per-action items remain).
const RESERVED_TYPE_NAMES: &[&str] = codegen::ACTION_ITEM_NAMES;

/// Field names the generated code takes for its own methods (as the loader's check).
const RESERVED_FIELD_NAMES: &[&str] = &["new", "validate", "builder"];

/// A nested type's table.
pub(super) struct Nested {
    pub(super) name: String,
    pub(super) line: usize,
    pub(super) rows: Vec<RawField>,
    pub(super) response: bool,
    pub(super) used: bool,
}

pub(super) struct Ctx {
    pub(super) action: String,
    /// The page's language: descriptions go to it.
    pub(super) lang: Language,
    pub(super) notes: Vec<Note>,
    pub(super) nested: Vec<Nested>,
    pub(super) types: BTreeMap<String, TypeDef>,
    /// The page's type name → the name in `types`.
    pub(super) named: BTreeMap<String, String>,
    pub(super) shared: BTreeSet<String>,
    pub(super) placeholder: BTreeSet<(String, String)>,
    pub(super) leading_zeros: Vec<String>,
}

impl Ctx {
    pub(super) fn note(&mut self, line: usize, message: impl Into<String>) {
        self.notes.push(Note {
            line,
            message: message.into(),
        });
    }

    /// A type name nobody has taken: `name`, else `<prefix><name>`, else numbered.
    pub(super) fn free_name(&self, name: &str, prefix: &str) -> String {
        let taken = |n: &str| {
            self.types.contains_key(n)
                || self.shared.contains(n)
                || RESERVED_TYPE_NAMES.contains(&n)
                || RUST_KEYWORDS.contains(&n)
                || ["Request", "Required", "Result"]
                    .iter()
                    .any(|g| n == format!("{}{g}", self.action))
        };
        let base = name.to_upper_camel_case();
        if !taken(&base) {
            return base;
        }
        let prefixed = format!("{}{base}", prefix.to_upper_camel_case());
        if !taken(&prefixed) {
            return prefixed;
        }
        (2..)
            .map(|i| format!("{prefixed}{i}"))
            .find(|n| !taken(n))
            .unwrap_or(prefixed)
    }

    pub(super) fn find_nested(&self, name: &str, path: &str, response: bool) -> Option<usize> {
        let eq = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
        let candidates = |pred: &dyn Fn(&Nested) -> bool| {
            let same = self
                .nested
                .iter()
                .position(|n| n.response == response && pred(n));
            same.or_else(|| self.nested.iter().position(pred))
        };
        candidates(&|n| eq(&n.name, name))
            .or_else(|| candidates(&|n| eq(&n.name, path)))
            .or_else(|| {
                let field = path.rsplit('.').next().unwrap_or(path);
                candidates(&|n| !n.used && eq(n.name.rsplit('.').next().unwrap_or(""), field))
            })
    }

    /// Gives every named type in `t` its final name, defining object types from their tables.
    pub(super) fn resolve(&mut self, t: &mut T, raw: &RawField, path: &str, response: bool) {
        match t {
            T::List(inner) | T::Map(inner) => self.resolve(inner, raw, path, response),
            T::Named(name) => {
                if let Some(done) = self.named.get(name.as_str()) {
                    *name = done.clone();
                    return;
                }
                let Some(i) = self.find_nested(name, path, response) else {
                    self.note(
                        raw.line,
                        format!("`{path}`: no table describes `{name}`: typed `json`"),
                    );
                    *t = T::Scalar("json");
                    return;
                };
                let page_name = name.clone();
                let final_name = self.free_name(&page_name, &self.action.clone());
                if final_name != page_name {
                    let why = if self.shared.contains(&page_name) {
                        format!("the family's types already have a `{page_name}` (use it instead if it is the same type)")
                    } else {
                        format!("`{page_name}` is taken")
                    };
                    self.note(
                        raw.line,
                        format!("type `{page_name}` defined as `{final_name}`: {why}"),
                    );
                }
                self.named.insert(page_name, final_name.clone());
                self.nested[i].used = true;
                let rows = self.nested[i].rows.clone();
                let table_line = self.nested[i].line;
                if rows.iter().any(|r| r.required.is_none()) {
                    self.note(
                        table_line,
                        format!(
                            "table `{}` has no required column (是否必选/Required): its fields are marked required",
                            self.nested[i].name
                        ),
                    );
                }
                let fields = rows
                    .iter()
                    .map(|r| self.field(r, &format!("{path}.{}", r.name), response, &final_name))
                    .collect();
                self.types.insert(
                    final_name.clone(),
                    TypeDef {
                        kind: TypeKind::Object,
                        description: todo_text(self.lang, first_sentence(&raw.desc)),
                        source: None,
                        fields,
                        base: None,
                        open: false,
                        values: Vec::new(),
                        values_from: None,
                        discriminator: None,
                        discriminator_default: None,
                        variants: Vec::new(),
                    },
                );
                *name = final_name;
            }
            T::Scalar(_) => {}
        }
    }

    /// One field: type, enum from a value list, example, description.
    pub(super) fn field(
        &mut self,
        raw: &RawField,
        path: &str,
        response: bool,
        owner: &str,
    ) -> Field {
        let doc_type = strip_links(&raw.doc_type);
        let all = raw.desc.join("\n");
        let mut t = match map_type(&doc_type, &all) {
            Ok(t) => t,
            Err(e) => {
                self.note(raw.line, format!("`{path}`: {e}: typed `json`"));
                T::Scalar("json")
            }
        };
        self.resolve(&mut t, raw, path, response);
        let mut desc = raw.desc.clone();
        let base = match t.innermost() {
            T::Scalar(s) => Some(*s),
            _ => None,
        };
        // Value lists.
        let mut values: Vec<(usize, Value, String)> = Vec::new();
        for (i, l) in raw.desc.iter().enumerate() {
            // A bullet whose token is no value of the field's type is prose, and stays.
            if let Some((tok, quoted, text)) = value_line(l) {
                if let Some(v) = base.and_then(|b| value_of(&tok, quoted, b)) {
                    values.push((i, v, text));
                }
            }
        }
        if !values.is_empty() {
            match base {
                Some(b @ ("i32" | "i64" | "string")) => {
                    let enum_name = self.value_enum(raw, path, owner, b, &values);
                    *t.innermost() = T::Named(enum_name);
                    let lines: BTreeSet<usize> = values.iter().map(|(i, _, _)| *i).collect();
                    desc = raw
                        .desc
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| !lines.contains(i))
                        .map(|(_, l)| l.clone())
                        .collect();
                }
                _ => self.note(
                    raw.line,
                    format!(
                        "`{path}`: a value list on a `{}` field stays in the description (enums are integers or strings)",
                        t.render()
                    ),
                ),
            }
        }
        let example = self.example(raw, path, &t);
        let snake = raw.name.to_snake_case();
        let rust_name = if RUST_KEYWORDS.contains(&snake.as_str())
            || RESERVED_FIELD_NAMES.contains(&snake.as_str())
        {
            self.note(
                raw.line,
                format!(
                    "`{path}` would be `{snake}` in Rust, which is taken: rust_name `{snake}_`"
                ),
            );
            Some(format!("{snake}_"))
        } else {
            None
        };
        if raw.name.is_empty()
            || !raw
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.note(raw.line, format!("`{}` is not a plain wire name", raw.name));
        }
        Field {
            name: raw.name.clone(),
            doc_type,
            ty: t.render(),
            required: raw.required.unwrap_or(true),
            rust_name,
            example,
            description: todo_text(self.lang, desc.join("\n")),
            constraints: Default::default(),
            accepts_only: None,
            required_when: None,
            only_when: None,
            forbidden_when: None,
            source: None,
            not_enum: None,
            sensitive: false,
            sensitive_keys: Vec::new(),
        }
    }

    /// Defines (or reuses) the enum type of a field's value list; returns its name.
    pub(super) fn value_enum(
        &mut self,
        raw: &RawField,
        path: &str,
        owner: &str,
        base: &str,
        values: &[(usize, Value, String)],
    ) -> String {
        let mut enum_values: Vec<EnumValue> = Vec::new();
        let mut placeholders = Vec::new();
        let mut names = BTreeSet::new();
        for (i, (_, v, text)) in values.iter().enumerate() {
            if enum_values.iter().any(|e| &e.value == v) {
                self.note(raw.line, format!("`{path}`: value {v} listed twice"));
                continue;
            }
            let from_value = v
                .as_str()
                .map(|s| s.to_upper_camel_case())
                .filter(|n| n.starts_with(|c: char| c.is_ascii_uppercase()) && !names.contains(n));
            let name = match (from_value, v.as_i64()) {
                (Some(n), _) => n,
                (None, Some(n)) if n < 0 => format!("ValueMinus{}", n.unsigned_abs()),
                (None, Some(n)) => format!("Value{n}"),
                (None, None) => format!("Value{i}"),
            };
            if name.starts_with("Value")
                && v.as_str().is_none_or(|s| s.to_upper_camel_case() != name)
            {
                placeholders.push(name.clone());
            }
            names.insert(name.clone());
            enum_values.push(EnumValue {
                value: v.clone(),
                name,
                description: todo_text(self.lang, text.clone()),
            });
        }
        let def = TypeDef {
            kind: TypeKind::Enum,
            description: todo_text(self.lang, first_sentence(&raw.desc)),
            source: None,
            fields: Vec::new(),
            base: Some(base.to_string()),
            open: false,
            values: enum_values,
            values_from: None,
            discriminator: None,
            discriminator_default: None,
            variants: Vec::new(),
        };
        // The same list under the same name (a field in both request and result): one type.
        let wanted = raw.name.to_upper_camel_case();
        for candidate in [
            wanted.clone(),
            format!("{}{wanted}", owner.to_upper_camel_case()),
        ] {
            if let Some(existing) = self.types.get(&candidate) {
                if existing.kind == TypeKind::Enum
                    && existing.base == def.base
                    && existing
                        .values
                        .iter()
                        .map(|v| &v.value)
                        .eq(def.values.iter().map(|v| &v.value))
                {
                    return candidate;
                }
            }
        }
        let prefix = if owner.is_empty() {
            self.action.clone()
        } else {
            owner.to_string()
        };
        let name = self.free_name(&raw.name, &prefix);
        if !placeholders.is_empty() {
            self.note(
                raw.line,
                format!(
                    "`{path}`: its value list is the enum `{name}`; rename its values {} after their descriptions",
                    placeholders.join(", ")
                ),
            );
        }
        for p in placeholders {
            self.placeholder.insert((name.clone(), p));
        }
        self.types.insert(name.clone(), def);
        name
    }

    /// A field's example from the 示例值 column.
    pub(super) fn example(&mut self, raw: &RawField, path: &str, t: &T) -> Option<Value> {
        let text = example_text(&raw.example)?;
        let parsed = serde_json::from_str::<Value>(&text).ok().or_else(|| {
            let (repaired, repairs) = repair_json(&text);
            let v = serde_json::from_str::<Value>(&repaired).ok()?;
            if repairs.contains(&"leading zeros of numbers dropped") {
                self.leading_zeros.push(raw.name.clone());
            }
            Some(v)
        });
        if let Some(v) = parsed.filter(|v| fits(v, t, &self.types)) {
            return Some(v);
        }
        let string = Value::String(text.clone());
        if fits(&string, t, &self.types) {
            return Some(string);
        }
        self.note(
            raw.line,
            format!(
                "`{path}`: example `{text}` does not fit `{}`: left out",
                t.render()
            ),
        );
        None
    }
}
