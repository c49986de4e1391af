//! A hand-written parser of the subset of Go that the vendor's generated SDK models use.
//!
//! `model.go`: `type X struct { ... }` declarations (also inside `type ( ... )` groups), with fields
//! of a name, a type and a raw-string tag (`json:"Wire,omitempty" query:"Wire"`), embedded fields
//! (`*XQuery`), the types `*T`, `[]T`, `map[K]V`, `interface{}`/`any` and (qualified) names, and the
//! `//` comments above fields and types. `config.go`: the composite literals `ApiListInfo` (action → method, version) and
//! `ServiceInfoMap` (region → host, signing region). Everything else (`package`, `import`, `const`,
//! `func`) is skipped. Errors name `file:line`.

use std::collections::BTreeMap;
use std::fmt;

/// A parse error, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoError {
    /// The file as given to the parser.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for GoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for GoError {}

/// A Go type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GoType {
    /// A name: a predeclared type (`string`, `int32`), a struct of the file, or `pkg.Name`.
    Named(String),
    /// `*T`
    Pointer(Box<GoType>),
    /// `[]T`
    Slice(Box<GoType>),
    /// `[N]T`
    Array(String, Box<GoType>),
    /// `map[K]V`
    Map(Box<GoType>, Box<GoType>),
    /// `interface{}` or `any`.
    Interface,
}

impl GoType {
    /// The type without its pointers (`**T` → `T`).
    pub fn pointee(&self) -> &GoType {
        match self {
            GoType::Pointer(t) => t.pointee(),
            t => t,
        }
    }

    /// Whether the outermost type is a pointer.
    pub fn is_pointer(&self) -> bool {
        matches!(self, GoType::Pointer(_))
    }

    /// Every name the expression mentions (`map[string][]*X` → `string`, `X`).
    pub fn names(&self) -> Vec<&str> {
        match self {
            GoType::Named(n) => vec![n.as_str()],
            GoType::Pointer(t) | GoType::Slice(t) | GoType::Array(_, t) => t.names(),
            GoType::Map(k, v) => {
                let mut out = k.names();
                out.extend(v.names());
                out
            }
            GoType::Interface => Vec::new(),
        }
    }
}

impl fmt::Display for GoType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GoType::Named(n) => f.write_str(n),
            GoType::Pointer(t) => write!(f, "*{t}"),
            GoType::Slice(t) => write!(f, "[]{t}"),
            GoType::Array(n, t) => write!(f, "[{n}]{t}"),
            GoType::Map(k, v) => write!(f, "map[{k}]{v}"),
            GoType::Interface => f.write_str("interface{}"),
        }
    }
}

/// A field of a struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoField {
    /// The Go name (`AppID`).
    pub name: String,
    /// The type.
    pub ty: GoType,
    /// The struct tag's keys and values (`json` → `AppId,omitempty`).
    pub tags: BTreeMap<String, String>,
    /// The `//` comment lines directly above the field, without `//` and one following space.
    pub comment: Vec<String>,
    /// 1-based line of the field.
    pub line: usize,
}

impl GoField {
    /// The wire name: the `json` tag's name, or the Go name when the tag gives none.
    pub fn wire_name(&self) -> &str {
        match self
            .tags
            .get("json")
            .map(|t| t.split(',').next().unwrap_or(""))
        {
            Some(n) if !n.is_empty() => n,
            _ => &self.name,
        }
    }

    /// `json:"-"`: the field never travels.
    pub fn skipped(&self) -> bool {
        self.tags.get("json").is_some_and(|t| t == "-")
    }

    /// The comment marks the field `REQUIRED`.
    pub fn required(&self) -> bool {
        self.comment.first().is_some_and(|l| {
            let l = l.trim_start();
            l == "REQUIRED" || l.starts_with("REQUIRED;") || l.starts_with("REQUIRED ")
        })
    }

    /// The comment's text without the `REQUIRED` marker, lines joined with `\n` (empty when there
    /// is no comment).
    pub fn description(&self) -> String {
        let mut lines: Vec<String> = self.comment.clone();
        if self.required() {
            let first = lines[0].trim_start();
            let rest = first
                .strip_prefix("REQUIRED")
                .unwrap_or(first)
                .trim_start_matches(';')
                .trim_start()
                .to_string();
            if rest.is_empty() {
                lines.remove(0);
            } else {
                lines[0] = rest;
            }
        }
        join_comment(&lines)
    }
}

/// Joins comment lines, trimming trailing spaces and leading or trailing empty lines.
fn join_comment(lines: &[String]) -> String {
    let lines: Vec<&str> = lines.iter().map(|l| l.trim_end()).collect();
    let start = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |e| e + 1);
    lines[start..end].join("\n")
}

/// A struct declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoStruct {
    /// The type name.
    pub name: String,
    /// 1-based line of the declaration.
    pub line: usize,
    /// The `//` comment lines directly above the declaration.
    pub doc: Vec<String>,
    /// The named fields, in source order.
    pub fields: Vec<GoField>,
    /// Embedded fields, as written (`*XQuery`).
    pub embedded: Vec<GoType>,
}

impl GoStruct {
    /// The declaration's comment without a leading `<Name> - ` (the vendor's generator writes
    /// `// XResResult - 描述`), lines joined with `\n`.
    pub fn description(&self) -> String {
        let mut lines = self.doc.clone();
        if let Some(first) = lines.first_mut() {
            let prefix = format!("{} -", self.name);
            if let Some(rest) = first.strip_prefix(&prefix) {
                *first = rest.trim_start().to_string();
            }
        }
        join_comment(&lines)
    }

    /// The field with this Go name.
    pub fn field(&self, name: &str) -> Option<&GoField> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// A parsed `model.go`.
#[derive(Debug, Clone, Default)]
pub struct GoModel {
    /// The file name as given.
    pub file: String,
    /// Struct declarations by name.
    pub structs: BTreeMap<String, GoStruct>,
    /// Other type declarations (`type X Y`, `type X = Y`): name → (type, line).
    pub others: BTreeMap<String, (GoType, usize)>,
}

/// One action of `config.go`'s `ApiListInfo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiInfo {
    /// The action (the map key).
    pub action: String,
    /// `GET` or `POST`.
    pub method: String,
    /// The `Version` query value.
    pub version: String,
    /// 1-based line of the entry.
    pub line: usize,
}

/// One region of `config.go`'s `ServiceInfoMap`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceInfo {
    /// The map key (the region the SDK user names).
    pub region: String,
    /// The API host.
    pub host: String,
    /// The region written into the signature (`Credentials.Region`).
    pub signing_region: String,
    /// 1-based line of the entry.
    pub line: usize,
}

/// A parsed `config.go`.
#[derive(Debug, Clone, Default)]
pub struct GoConfig {
    /// The file name as given.
    pub file: String,
    /// `ApiListInfo`, in source order.
    pub apis: Vec<ApiInfo>,
    /// `ServiceInfoMap`, in source order.
    pub services: Vec<ServiceInfo>,
}

mod config;
mod lex;
mod model;
#[cfg(test)]
mod tests;

pub use config::parse_config;
pub use model::parse_model;
