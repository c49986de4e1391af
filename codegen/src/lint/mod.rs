//! Curation checks over a loaded spec: what a spec that loads may still lack to read like a
//! hand-made API. Each finding names its rule, file, line, column and field path. `cargo xtask
//! spec-check` prints them; the rules in [`DENIED`] fail it, the others are warnings until the
//! spec has none (then the rule moves into [`DENIED`]).
//!
//! - [`Rule::EnumDescription`]: a field whose description lists values with meanings (`0：…`,
//!   `- 1: …`, `取值：`, `Values:`) is neither an enum nor marked `not_enum: <reason>`.
//! - [`Rule::GoDocType`]: a `doc_type` that is a Go type (`*int32`, `[]*X`, a Go struct name)
//!   instead of the documented type word (`Integer`, `Array of Stream`, `Object of Layout`).
//! - [`Rule::SameShape`]: two object types of one family whose wire fields, types and required
//!   flags are equal (one type per shape: `cargo xtask dedupe-types` merges them); and two
//!   callback events of one family whose `EventData` have the same shape (one names the other's
//!   type with `data`).
//! - [`Rule::UnusedRateLimit`]: a shared rate limit (`rate_limits` in `service.yaml`) that no
//!   action's `limits.shared` names.

mod doc_types;
mod enums;
mod shapes;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use crate::load::{read_source, Source, SpecError};
use crate::model::Spec;
use crate::spec::Field;

pub use doc_types::is_go_type;
pub use enums::{
    enumerated_values, finding as enum_description_finding, listed_values, ListedValue,
};
pub use shapes::{event_shape_pairs, same_shape_pairs};

/// A curation rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// A description enumerates values, the field is not an enum and has no `not_enum`.
    EnumDescription,
    /// A `doc_type` is a Go type.
    GoDocType,
    /// Two object types of a family have the same wire shape.
    SameShape,
    /// A shared rate limit of `service.yaml` that no action draws from.
    UnusedRateLimit,
}

impl Rule {
    /// Every rule.
    pub const ALL: [Rule; 4] = [
        Rule::EnumDescription,
        Rule::GoDocType,
        Rule::SameShape,
        Rule::UnusedRateLimit,
    ];

    /// The rule's name on the command line (`enum-description`, `go-doc-type`, `same-shape`).
    pub fn name(self) -> &'static str {
        match self {
            Rule::EnumDescription => "enum-description",
            Rule::GoDocType => "go-doc-type",
            Rule::SameShape => "same-shape",
            Rule::UnusedRateLimit => "unused-rate-limit",
        }
    }

    /// The rule named `name`.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == name)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The rules whose findings are errors of `cargo xtask spec-check` (the others are warnings).
/// A rule moves here once the spec has no finding of it.
pub const DENIED: &[Rule] = &[
    Rule::EnumDescription,
    Rule::GoDocType,
    Rule::SameShape,
    Rule::UnusedRateLimit,
];

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// The rule.
    pub rule: Rule,
    /// Where, and what.
    pub at: SpecError,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.at, self.rule)
    }
}

/// Every finding of every rule over a spec loaded from `root` (the `api-spec` directory; files
/// are read again to locate the findings), sorted by file and line.
pub fn lint(root: &Path, spec: &Spec) -> Vec<Finding> {
    let base = root.parent().unwrap_or(root);
    let mut unread = Vec::new();
    let sources: BTreeMap<String, Source> = spec
        .files
        .iter()
        .filter_map(|f| read_source(base, &base.join(f), &mut unread))
        .map(|s| (s.name.clone(), s))
        .collect();
    let mut out = Vec::new();
    let mut at = |rule: Rule, file: &str, path: &str, message: String| {
        let at = match sources.get(file) {
            Some(src) => src.error_at_key(path, message),
            None => SpecError {
                file: file.into(),
                line: 1,
                column: 1,
                path: path.into(),
                message,
            },
        };
        out.push(Finding { rule, at });
    };
    for fam in &spec.families {
        for t in &fam.types {
            let path = format!("types.{}.fields", t.name);
            for_fields(&t.def.fields, &path, &mut |f, p| {
                check_field(f, &t.file, p, &mut at)
            });
        }
        for a in &fam.actions {
            let mut each = |f: &Field, p: &str| check_field(f, &a.file, p, &mut at);
            for_fields(&a.spec.request, "request", &mut each);
            for_fields(&a.spec.result, "result", &mut each);
            for (name, def) in &a.spec.types {
                for_fields(&def.fields, &format!("types.{name}.fields"), &mut each);
            }
        }
        for pair in same_shape_pairs(fam) {
            at(
                Rule::SameShape,
                &pair.first.0,
                &format!("types.{}", pair.first.1),
                format!(
                    "`{}` has the same wire fields, types and required flags as `{}` ({}): one type per shape",
                    pair.first.1, pair.second.1, pair.second.0
                ),
            );
        }
    }
    for fam in &spec.callbacks {
        for pair in event_shape_pairs(fam) {
            let (file, path) = &pair.first;
            let (earlier_file, earlier) = &pair.second;
            at(
                Rule::SameShape,
                file,
                path,
                format!(
                    "this EventData has the same wire fields, types and required flags as `{earlier}` ({earlier_file}): one type per shape (name one type with `data`)"
                ),
            );
        }
    }
    let service_file = format!(
        "{}/service.yaml",
        root.file_name().unwrap_or_default().to_string_lossy()
    );
    for (i, r) in spec.service.rate_limits.iter().enumerate() {
        let drawn = spec
            .families
            .iter()
            .flat_map(|f| &f.actions)
            .any(|a| a.spec.limits.shared.as_deref() == Some(r.name.as_str()));
        if !drawn {
            at(
                Rule::UnusedRateLimit,
                &service_file,
                &format!("rate_limits[{i}].name"),
                format!(
                    "no action draws from the shared rate limit `{}`: name it in the `limits.shared` of the actions that share it, or remove it",
                    r.name
                ),
            );
        }
    }
    out.sort();
    out
}

fn for_fields(fields: &[Field], path: &str, each: &mut dyn FnMut(&Field, &str)) {
    for (i, f) in fields.iter().enumerate() {
        each(f, &format!("{path}[{i}]"));
    }
}

fn check_field(f: &Field, file: &str, path: &str, at: &mut dyn FnMut(Rule, &str, &str, String)) {
    if let Some(message) = enums::finding(f) {
        at(
            Rule::EnumDescription,
            file,
            &format!("{path}.description"),
            message,
        );
    }
    if is_go_type(&f.doc_type) {
        at(
            Rule::GoDocType,
            file,
            &format!("{path}.doc_type"),
            format!(
                "`{}` of `{}` is a Go type: write the documented type (`Integer`, `String`, `Array of X`, `Object of X`)",
                f.doc_type, f.name
            ),
        );
    }
}
