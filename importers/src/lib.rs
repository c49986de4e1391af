//! Importers: turning the vendor's documents into draft spec files for a person to finish. [`page`]
//! reads an API doc page (`cargo xtask import-page`). The rest imports the vendor's Go SDK models into draft spec files, and reporting how the spec has drifted
//! from them: the library behind `cargo xtask import-go-model` and `cargo xtask spec-drift`.
//!
//! - [`go_model`] parses `model.go` and `config.go` (a hand-written parser of the Go subset they use).
//! - [`convert`] maps the model to actions and types (the rules are documented there, including
//!   [`convert::NAMING_RULES`] for nested types).
//! - [`import_go_model`] writes one draft file per action (`<Action>.yaml`; an older version of an action
//!   that already has a file goes to `<Action>.<version>.yaml` with `rust_name` `<action>_v<yyyymmdd>`),
//!   or updates the existing file ([`merge`]), and the family types the model's actions share.
//! - [`spec_drift`] compares a model with the spec ([`drift`]).
//!
//! Spec files are read with serde_yaml into [`codegen::spec`] directly, not through the generator's
//! checks (drafts are fine); keys [`codegen::spec`] does not know are set aside with a note.

#![warn(missing_docs)]

pub mod convert;
pub mod dedupe;
pub mod drift;
pub mod go_model;
pub mod merge;
pub mod page;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::PathBuf;

/// The English text the importer writes: a person replaces it.
pub const TODO_EN: &str = "TODO: write the English description";

/// The vendor commit the reference copy of the Go SDK was taken at.
pub const DEFAULT_COMMIT: &str = "26924eb540519b3cc5a9c6e8dae6f610c74d86ea";

/// What `cargo xtask import-go-model` was asked.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// `model.go`.
    pub model: PathBuf,
    /// `config.go`.
    pub config: PathBuf,
    /// The family (`rtc`).
    pub family: String,
    /// The directory of the family's action files (`api-spec/actions/rtc`).
    pub out: PathBuf,
    /// Only these actions (all when empty).
    pub actions: Vec<String>,
    /// The spec root whose `types/` files hold the family's types (default: `out/../..`).
    pub spec: Option<PathBuf>,
    /// The types file for the family types this model defines (default:
    /// `<spec>/types/<family>_v<yyyymmdd>.yaml`).
    pub types_out: Option<PathBuf>,
    /// The vendor commit named in `source:`.
    pub commit: String,
}

/// What happened to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// A new file.
    Written,
    /// An existing file, changed.
    Updated,
    /// An existing file the model does not change.
    Unchanged,
    /// An existing file of an older version, moved to a versioned name (with `rust_name` set).
    Moved {
        /// Where it was.
        from: String,
    },
    /// Not written (the reason is in the file's notes).
    Skipped,
}

/// One file of the report.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The file's path as written.
    pub file: String,
    /// The action (empty for a types file).
    pub action: String,
    /// What happened.
    pub status: Status,
    /// The changes made (update mode).
    pub changes: Vec<String>,
    /// What could not be mapped, and other notes.
    pub unmapped: Vec<String>,
}

/// What `import_go_model` did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// The family.
    pub family: String,
    /// The model's versions.
    pub versions: BTreeSet<String>,
    /// The model file.
    pub model: String,
    /// Every file touched (or looked at), actions in name order, then the types file.
    pub files: Vec<FileReport>,
    /// Model-wide notes (structs no action uses, ...).
    pub notes: Vec<String>,
    /// Actions converted.
    pub actions: usize,
    /// Fields in the converted actions (request, result and their types' fields).
    pub fields: usize,
    /// Types: action-local ones plus the family types this model defines.
    pub types: usize,
    /// Family types reused from other types files.
    pub reused: Vec<String>,
    /// Enums declared and reused for fields whose texts list values.
    pub enums: convert::EnumCounts,
}

impl ImportReport {
    /// How many things could not be mapped.
    pub fn unmapped(&self) -> usize {
        self.files.iter().map(|f| f.unmapped.len()).sum()
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let versions: Vec<&str> = self.versions.iter().map(String::as_str).collect();
        writeln!(
            f,
            "import-go-model: {} {} from {}",
            self.family,
            versions.join(", "),
            self.model
        )?;
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for file in &self.files {
            let word = match &file.status {
                Status::Written => "wrote".to_string(),
                Status::Updated => "updated".to_string(),
                Status::Unchanged => "unchanged".to_string(),
                Status::Moved { from } => format!("moved {from} →"),
                Status::Skipped => "skipped".to_string(),
            };
            *counts
                .entry(match file.status {
                    Status::Written => "written",
                    Status::Updated => "updated",
                    Status::Unchanged => "unchanged",
                    Status::Moved { .. } => "moved",
                    Status::Skipped => "skipped",
                })
                .or_default() += 1;
            writeln!(f, "  {word} {}", file.file)?;
            for c in &file.changes {
                writeln!(f, "      change: {c}")?;
            }
            for u in &file.unmapped {
                writeln!(f, "      unmapped: {u}")?;
            }
        }
        if !self.reused.is_empty() {
            writeln!(
                f,
                "  family types reused from other types files: {}",
                self.reused.join(", ")
            )?;
        }
        for n in &self.notes {
            writeln!(f, "  note: {n}")?;
        }
        let e = &self.enums;
        writeln!(
            f,
            "  enums: {} declared, {} fields typed with an enum the spec has, {} value lists left for a person (TODO)",
            e.declared, e.reused, e.unread
        )?;
        let counts: Vec<String> = counts.iter().map(|(k, v)| format!("{v} {k}")).collect();
        write!(
            f,
            "files: {}; {} actions, {} fields, {} types; {} unmapped",
            if counts.is_empty() {
                "none".to_string()
            } else {
                counts.join(", ")
            },
            self.actions,
            self.fields,
            self.types,
            self.unmapped()
        )
    }
}

mod files;
mod go_import;
mod spec_drift;
#[cfg(test)]
mod tests;

pub use files::{family_types, parse_go, parse_lenient, upstream_path, version_tag};
pub use go_import::import_go_model;
pub use spec_drift::{spec_drift, DriftOptions};
