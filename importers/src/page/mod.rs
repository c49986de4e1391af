//! `cargo xtask import-page`: a Volcengine or BytePlus API page (Markdown) into a draft action file.
//!
//! [`import_page`] reads one page and returns a [`Draft`]: an [`ActionSpec`] with `draft: true`, every
//! text in the page's language and the other language's set to [`TODO_EN`] or [`TODO_ZH`], and
//! [`Note`]s saying what could not be mapped, each with its page line. [`import_page_in`] is the
//! command's two-pass import (family first, then that family's shared types). [`Draft::to_yaml`]
//! writes it in the layout of the finished files under `api-spec/actions/`. The loader refuses a draft
//! (`draft: true`) until a person has written the English texts and removed the key.
//!
//! One concern per module: `read` (the page's sections, tables and code blocks, on pulldown-cmark),
//! `request_info` (method, URL, action, version, family), `types` (type words to spec types, value
//! lists), `json` (example JSON and its repairs), `nest` (fields and nested types from the tables),
//! `examples` (the action's example), `driver` ([`import_page`]) and `write` ([`Draft::to_yaml`]).
//!
//! # Page formats
//!
//! Either language and edition: `lang` holds the words (section headings, column names such as
//! `参数名称`/`Parameter name`, `数据类型`/`Data Type`/`Type`, `示例值`/`Sample Value`/`Example`,
//! required marks 是/否, Yes/No, Y/N, ✓/✗, nested-type headings `Object of X`, `Array of X`,
//! `X 对象`). The method and version come from wherever the page states them: a labelled line, a
//! request line `POST https://host?Action=X&Version=V` (in prose or a code block), any URL with
//! `Action=`, the `Action`/`Version` rows of any table, the title (`# X (Version V)`, a
//! PascalCase word of a Chinese title). A result that is a bare string (`Result returns "ok"`, a lone
//! `Result | String` row, an example whose `Result` is a string) gives `result_type`. Examples may
//! be fenced, indented or bare JSON below their heading. `split` turns rows split over source lines
//! into continuation rows; `prose` notes every paragraph of the parameter sections not read. The
//! page's language (by its share of CJK characters) decides where descriptions go. A page whose
//! URL names a host of one of `service.yaml`'s editions that serves one family is of that family.
//!
//! - **The vendor's page** (the authority; `tests/fixtures/pages/SendMessage.md` is a copy of the
//!   SendMessage page): YAML front matter between `---` lines; intro prose (the action's
//!   description); `## 注意事项` (limits: `QPS 不得超过 50。` gives `limits.qps`); `## 请求说明` with
//!   `请求方式：**POST**` and `请求地址：**https://host?Action=X&Version=Y**`; `## 请求参数` with
//!   `### Query` and `### Body` tables (`| 参数 | 类型 | 是否必选 | 示例值 | 描述 |`) and one `### <Type>`
//!   table per nested type (`Object of [RefMsgInfo](#refmsginfo)`, `Array of [X](#x)`); `## 返回参数`
//!   (the same tables without 是否必选); `## 请求示例` and `## 返回示例` with a fenced JSON block each.
//!   A row whose 参数 cell is empty continues the row above it (the page ends such rows with `\`): its
//!   描述 cell is appended to the field's description on a new line.
//! - **The reference digests** (`shared/reference/volcengine/actions/*/*.md`, made from the Go SDK's
//!   model): `# Action (Version V)`, `- **HTTP method:** POST`, `- **URL:** ...`, `- **Family:** IM`,
//!   `## Request` / `## Response` with `| 参数 | 类型 | Go 类型 | 是否必选 | 描述 |` tables, nested tables
//!   headed by the field's path (`#### Result.FailedInfos — ...`), `<br>` line breaks in cells, and no
//!   examples. Columns are found by their header, so both layouts read the same way; the digest's
//!   `ResponseMetadata` tables are skipped and its envelope's optional `Result` gives
//!   `result_optional: true`.
//!
//! # Mapping
//!
//! - `type` from the type words (`doc_type` keeps them, links removed): Integer → `i32`, Long → `i64`,
//!   String → `string`, Boolean → `bool`, Float/Double → `f64`, JSON → `json`, `Array of X` →
//!   `list<X>`, `Object of X` → the named type `X` defined in the file's `types:` from X's table,
//!   `JSON Map` → `map<string,string>` when the description says key and value are String, else
//!   `map<string,json>`; `JSON Map<String,V>` → `map<string,V>`.
//! - `required` from 是否必选 (是/否); a table without that column (the page's result tables) gives
//!   `required: true`, with a note.
//! - `example` from the 示例值 column: the backticked text read as JSON where it fits the type
//!   (leading zeros dropped: `000010` is 10), else as the text itself for a string field; `-` means
//!   none.
//! - **Value lists** (description lines `- \`0\`：低优先级。`, or `* 0：...` in the digests) on an integer
//!   or string field become a closed `kind: enum` type named after the field, with the field's type
//!   set to it. Chinese value names cannot be made up automatically, so integer values are named
//!   `Value0`, `Value1`, ... (string values after the value itself where it gives a name), marked
//!   with a `# TODO` comment for a person to rename; each value's Chinese text is the text after the
//!   colon. The value lines leave the field's description (they live in the enum); its other lines
//!   stay. On other types (bool) the lines stay in the description, with a note.
//! - Named types get the first sentence of the describing field's description.
//! - The request example from `## 请求示例` (its `POST https://...` line skipped; a bare
//!   `GET https://...?A=1` gives the query parameters), the result from `## 返回示例`'s `Result`. Page
//!   JSON that is not JSON is repaired where the fault is obvious (leading zeros, trailing commas,
//!   comments), with a note; otherwise the fault is noted and a `source: written` example is made from
//!   the tables' example column.
//! - No-break spaces (U+00A0, which the rendered pages put around inline code) are read as spaces.
//! - `limits.qps` from the first number after `QPS` in `## 注意事项`, whose text becomes
//!   `limits.description.zh`.
//! - `idempotency_key`: the one optional string request field whose description says 幂等, if any
//!   (a guess, noted).
//! - The family: [`Options::family`] when given; else the family of an existing action file of the
//!   same name ([`Options::known_actions`]); else a digest's `**Family:**` line; else `im` when the
//!   page links the IM OpenAPI's common pages (docs 6348/412251 调用 OpenAPI, 6348/412253 公共错误码:
//!   the host `rtc.volcengineapi.com` serves both families and cannot tell); else an error asking for
//!   the family.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use codegen::spec::ActionSpec;

mod driver;
mod examples;
mod json;
mod lang;
mod nest;
mod prose;
mod read;
mod request_info;
mod split;
#[cfg(test)]
mod tests;
mod types;
mod write;

pub use driver::import_page;
pub use lang::Language;

/// The English text of every description a draft of a Chinese page carries, for a person to write.
pub const TODO_EN: &str = "TODO: write the English description";

/// The Chinese text of every description a draft of an English page carries, for a person to write.
pub const TODO_ZH: &str = "TODO: 填写中文描述 (write the Chinese description)";

/// What the importer needs besides the page.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The family (`im`, `rtc`); guessed when absent (see the module documentation).
    pub family: Option<String>,
    /// What the draft's `source:` says: the page file.
    pub source: String,
    /// Names of the family's shared types: a nested type of the same name is defined under another
    /// name (`<Action><Name>`), with a note, because a local type may not shadow a shared one.
    pub shared_types: BTreeSet<String>,
    /// Existing actions by name, with their family (to guess the family of a page re-imported).
    pub known_actions: BTreeMap<String, String>,
    /// The families each edition's host serves (`open.byteplusapi.com` → `rtc`, from
    /// `service.yaml`'s editions): a page whose URL names a host serving one family is of it.
    pub host_families: BTreeMap<String, Vec<String>>,
}

/// Something the importer could not map, or guessed: for the person finishing the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The page's 1-based line the note is about; 0 for the page as a whole.
    pub line: usize,
    /// What happened.
    pub message: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "page: {}", self.message)
        } else {
            write!(f, "line {}: {}", self.line, self.message)
        }
    }
}

/// A page from which no draft can be made (no action name, no family).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The page's 1-based line, 0 for the page as a whole.
    pub line: usize,
    /// What is missing.
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Note {
            line: self.line,
            message: self.message.clone(),
        }
        .fmt(f)
    }
}

impl std::error::Error for ImportError {}

/// An imported page: the draft action and what the importer could not map.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The draft (`draft: true`, English texts [`TODO_EN`]).
    pub spec: ActionSpec,
    /// What could not be mapped, was repaired or guessed, in page order.
    pub notes: Vec<Note>,
    /// Enum values whose names were made up (`Value0`, ...), as (type, value name): to rename.
    pub placeholder_names: BTreeSet<(String, String)>,
    /// How the page's example JSON was repaired (written above the example in the YAML).
    pub example_repairs: Vec<String>,
}

/// What the project already has, as the importer needs it (read from an `api-spec` directory).
#[derive(Debug, Clone, Default)]
pub struct Project {
    /// The families of `service.yaml`.
    pub families: Vec<String>,
    /// Every action file's action name (its file name), with its family (its folder).
    pub known_actions: BTreeMap<String, String>,
    /// The shared type names of each family's types files.
    pub shared_types: BTreeMap<String, BTreeSet<String>>,
    /// The families each edition's host serves.
    pub host_families: BTreeMap<String, Vec<String>>,
}

/// Imports a page as `cargo xtask import-page` does: with `family` when given, else with the
/// family guessed from the page (see the module documentation) and then again with that family's
/// shared types, which decide the names of the draft's local types.
pub fn import_page_in(
    text: &str,
    project: &Project,
    family: Option<String>,
    source: impl Into<String>,
) -> Result<Draft, ImportError> {
    let mut opts = Options {
        family: family.clone(),
        source: source.into(),
        shared_types: BTreeSet::new(),
        known_actions: project.known_actions.clone(),
        host_families: project.host_families.clone(),
    };
    let family = match family {
        Some(f) => f,
        None => import_page(text, &opts)?.spec.family,
    };
    opts.shared_types = project
        .shared_types
        .get(&family)
        .cloned()
        .unwrap_or_default();
    import_page(text, &opts)
}

impl Project {
    /// Reads `service.yaml`, `types/*.yaml` and the names of `actions/<family>/*.yaml` below
    /// `api_spec`, leniently: what cannot be read is left out (the loader reports it elsewhere).
    pub fn read(api_spec: &std::path::Path) -> Project {
        let yaml = |p: &std::path::Path| -> Option<serde_yaml::Value> {
            serde_yaml::from_str(&std::fs::read_to_string(p).ok()?).ok()
        };
        let mut project = Project::default();
        if let Some(service) = yaml(&api_spec.join("service.yaml")) {
            if let Some(fams) = service.get("families").and_then(|f| f.as_sequence()) {
                project.families = fams
                    .iter()
                    .filter_map(|f| f.get("name")?.as_str().map(str::to_string))
                    .collect();
            }
        }
        if let Some(service) = yaml(&api_spec.join("service.yaml")) {
            let editions = service.get("editions").and_then(|e| e.as_sequence());
            for e in editions.into_iter().flatten() {
                let families: Vec<String> = e
                    .get("families")
                    .and_then(|v| v.as_sequence())
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect();
                let regions = e.get("regions").and_then(|r| r.as_sequence());
                for r in regions.into_iter().flatten() {
                    if let Some(host) = r.get("host").and_then(|h| h.as_str()) {
                        project
                            .host_families
                            .insert(host.to_string(), families.clone());
                    }
                }
            }
        }
        for p in codegen::yaml_files(&api_spec.join("types")).unwrap_or_default() {
            let Some(v) = yaml(&p) else { continue };
            let Some(family) = v.get("family").and_then(|f| f.as_str()) else {
                continue;
            };
            let names = project.shared_types.entry(family.to_string()).or_default();
            if let Some(types) = v.get("types").and_then(|t| t.as_mapping()) {
                names.extend(types.keys().filter_map(|k| k.as_str().map(str::to_string)));
            }
        }
        let actions = api_spec.join("actions");
        for p in codegen::yaml_files(&actions).unwrap_or_default() {
            let family = p
                .parent()
                .and_then(|d| d.file_name())
                .map(|d| d.to_string_lossy().into_owned());
            let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned());
            if let (Some(family), Some(stem)) = (family, stem) {
                project.known_actions.insert(stem, family);
            }
        }
        project
    }
}

/// How much of a page a draft holds: what `cargo xtask import-page` prints after a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    /// Request fields, result fields and the fields of the nested object types.
    pub fields: usize,
    /// Named types (objects and enums).
    pub types: usize,
    /// Example exchanges read from the page (a request and a response example count one each).
    pub examples: usize,
    /// Notes: what the importer did not understand or guessed.
    pub warnings: usize,
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} fields, {} types, {} examples read; {} warnings",
            self.fields, self.types, self.examples, self.warnings
        )
    }
}

impl Draft {
    /// What the draft holds (see [`Counts`]).
    pub fn counts(&self) -> Counts {
        let s = &self.spec;
        let nested: usize = s.types.values().map(|t| t.fields.len()).sum();
        let examples = s
            .examples
            .iter()
            .filter(|e| e.source == codegen::spec::ExampleSource::Page)
            .map(|e| 1 + usize::from(e.result.is_some()))
            .sum();
        Counts {
            fields: s.request.len() + s.result.len() + nested,
            types: s.types.len(),
            examples,
            warnings: self.notes.len(),
        }
    }
}
