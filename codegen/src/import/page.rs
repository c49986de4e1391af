//! `cargo xtask import-page`: a Volcengine API page (Markdown) into a draft action file.
//!
//! [`import_page`] reads one page and returns a [`Draft`]: an [`ActionSpec`] with `draft: true`, every
//! English text set to [`TODO_EN`], and [`Note`]s saying what could not be mapped. [`Draft::to_yaml`]
//! writes it in the layout of the finished files under `api-spec/actions/`. The loader refuses a draft
//! (`draft: true`) until a person has written the English texts and removed the key.
//!
//! # Page formats
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

use heck::{ToSnakeCase, ToUpperCamelCase};
use serde_json::{Map, Value};

use crate::model::RUST_KEYWORDS;

/// Names a generated type may not take (the generator qualifies every path, so only its own
/// per-action items remain).
const RESERVED_TYPE_NAMES: &[&str] = crate::model::ACTION_ITEM_NAMES;
use crate::spec::{
    ActionSpec, EnumValue, Example, ExampleSource, FakeBehaviour, Field, Limits, Method, Placement,
    Text, TypeDef, TypeKind,
};

/// The English text of every description a draft carries, for a person to write.
pub const TODO_EN: &str = "TODO: write the English description";

/// Field names the generated code takes for its own methods (as the loader's check).
const RESERVED_FIELD_NAMES: &[&str] = &["new", "validate", "builder"];

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
        for p in crate::load::yaml_files(&api_spec.join("types")).unwrap_or_default() {
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
        for p in crate::load::yaml_files(&actions).unwrap_or_default() {
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

// ---------------------------------------------------------------------------------------------
// Reading the page: blocks under headings, tables, cells.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Intro,
    Title,
    Limits,
    RequestInfo,
    Request,
    Response,
    RequestExample,
    ResponseExample,
    Other,
}

fn role_of(title: &str) -> Option<Role> {
    let t = title.trim();
    let starts = |p: &[&str]| p.iter().any(|p| t.starts_with(p));
    if starts(&["注意事项", "使用限制"]) {
        Some(Role::Limits)
    } else if starts(&["请求说明"]) {
        Some(Role::RequestInfo)
    } else if starts(&["请求参数"]) || normalise_heading(t) == "Request" {
        Some(Role::Request)
    } else if starts(&["返回参数", "响应参数"]) || normalise_heading(t) == "Response" {
        Some(Role::Response)
    } else if starts(&["请求示例"]) || t.eq_ignore_ascii_case("Request example") {
        Some(Role::RequestExample)
    } else if starts(&["返回示例", "响应示例"]) || t.eq_ignore_ascii_case("Response example")
    {
        Some(Role::ResponseExample)
    } else {
        None
    }
}

/// The lines under one heading (or before the first).
#[derive(Debug)]
struct Block<'a> {
    role: Role,
    /// The sub-heading (level 3 and below) inside a section, normalised.
    sub: Option<String>,
    /// The line of the heading that opened the section (level 1 or 2, or a known section), 0 for
    /// the intro.
    section: usize,
    lines: Vec<(usize, &'a str)>,
}

/// `### Body (\`XBody\`)` → `Body`; `#### RefMsgInfo — \`Go\`` → `RefMsgInfo`.
fn normalise_heading(title: &str) -> String {
    let mut t = title.trim();
    if let Some(i) = t.find(" — ") {
        t = &t[..i];
    }
    if let Some(i) = t.find(" (") {
        t = &t[..i];
    }
    strip_links(t).trim_matches('`').trim().to_string()
}

struct Page<'a> {
    blocks: Vec<Block<'a>>,
    /// Every line outside code fences, for the request-info patterns.
    prose: Vec<(usize, &'a str)>,
    /// `# Action (Version V)` of a digest.
    title: Option<(usize, String)>,
    /// Level-2 sections the importer does not read: (heading line, title).
    others: Vec<(usize, String)>,
}

fn read_page(text: &str) -> Page<'_> {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
    let mut start = 0;
    if lines.first().is_some_and(|(_, l)| l.trim() == "---") {
        if let Some(end) = lines.iter().skip(1).position(|(_, l)| l.trim() == "---") {
            start = end + 2;
        }
    }
    let mut blocks = vec![Block {
        role: Role::Intro,
        sub: None,
        section: 0,
        lines: Vec::new(),
    }];
    let mut others = Vec::new();
    let mut section = 0;
    let mut prose = Vec::new();
    let mut title = None;
    let mut in_fence = false;
    let mut role = Role::Intro;
    for &(no, l) in &lines[start..] {
        let trimmed = l.trim_start();
        if trimmed.starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence {
            prose.push((no, l));
            let level = trimmed.chars().take_while(|c| *c == '#').count();
            if level > 0 && trimmed[level..].starts_with(' ') {
                let heading = trimmed[level..].trim();
                let sub = match role_of(heading) {
                    Some(r) => {
                        role = r;
                        section = no;
                        None
                    }
                    None if level == 1 => {
                        role = Role::Title;
                        section = no;
                        title = Some((no, heading.to_string()));
                        None
                    }
                    None if level == 2 => {
                        role = Role::Other;
                        section = no;
                        others.push((no, heading.to_string()));
                        None
                    }
                    None => Some(normalise_heading(heading)),
                };
                blocks.push(Block {
                    role,
                    sub,
                    section,
                    lines: Vec::new(),
                });
                continue;
            }
        }
        if let Some(b) = blocks.last_mut() {
            b.lines.push((no, l));
        }
    }
    Page {
        blocks,
        prose,
        title,
        others,
    }
}

/// A Markdown table.
#[derive(Debug)]
struct Table {
    line: usize,
    header: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

/// The cells of a table line (`| a | b |`, a trailing `\` of a continued row dropped; `\|` is a `|`).
fn cells(line: &str) -> Vec<String> {
    let mut s = line.trim();
    if let Some(r) = s.strip_suffix('\\') {
        s = r.trim_end();
    }
    let s = s.strip_prefix('|').unwrap_or(s);
    let s = s.strip_suffix('|').unwrap_or(s);
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek() == Some(&'|') {
            cur.push('|');
            chars.next();
        } else if c == '|' {
            out.push(cur.trim().to_string());
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    out.push(cur.trim().to_string());
    out
}

fn is_separator(cells: &[String]) -> bool {
    !cells.is_empty()
        && cells.iter().all(|c| {
            let c = c.trim_matches(':');
            !c.is_empty() && c.chars().all(|x| x == '-')
        })
}

fn tables(lines: &[(usize, &str)]) -> Vec<Table> {
    let mut out: Vec<Table> = Vec::new();
    let mut current: Option<Table> = None;
    for &(no, l) in lines {
        if l.trim_start().starts_with('|') {
            let row = cells(l);
            match &mut current {
                None => {
                    current = Some(Table {
                        line: no,
                        header: row,
                        rows: Vec::new(),
                    })
                }
                Some(t) if t.rows.is_empty() && is_separator(&row) => {}
                Some(t) => t.rows.push((no, row)),
            }
        } else if let Some(t) = current.take() {
            out.push(t);
        }
    }
    out.extend(current);
    out
}

/// One parameter row, with its continuation rows.
#[derive(Debug, Clone)]
struct RawField {
    line: usize,
    name: String,
    doc_type: String,
    required: Option<bool>,
    example: Option<String>,
    desc: Vec<String>,
}

/// Splits a description cell into lines (`<br>` is a line break).
fn desc_lines(cell: &str) -> Vec<String> {
    if cell.trim() == "-" {
        return Vec::new();
    }
    let mut s = cell.to_string();
    for br in ["<br />", "<br/>", "<BR>", "<br>"] {
        s = s.replace(br, "\n");
    }
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// The rows of a parameter table; `None` (with a note) when it is not one.
fn param_rows(t: &Table, notes: &mut Vec<Note>) -> Option<Vec<RawField>> {
    let col = |names: &[&str]| {
        t.header
            .iter()
            .position(|h| names.iter().any(|n| h.trim() == *n || h.starts_with(n)))
    };
    let (Some(name), Some(ty)) = (col(&["参数", "参数名", "名称"]), col(&["类型"])) else {
        notes.push(Note {
            line: t.line,
            message: format!(
                "a table without 参数 and 类型 columns ({}): not imported",
                t.header.join(" | ")
            ),
        });
        return None;
    };
    // `Go 类型` also starts with a type word: the 类型 column is the one named exactly so.
    let ty = t
        .header
        .iter()
        .position(|h| h.trim() == "类型")
        .unwrap_or(ty);
    let required = col(&["是否必选", "必选", "是否必填", "必填"]);
    let example = col(&["示例值", "示例"]);
    let desc = col(&["描述", "说明"]);
    let cell = |row: &[String], i: Option<usize>| i.and_then(|i| row.get(i)).cloned();
    let mut out: Vec<RawField> = Vec::new();
    for (no, row) in &t.rows {
        let n = cell(row, Some(name)).unwrap_or_default();
        let n = n.trim_matches('`').trim_matches('*').trim().to_string();
        let d = cell(row, desc).unwrap_or_default();
        if n.is_empty() {
            match out.last_mut() {
                Some(prev) => {
                    prev.desc.extend(desc_lines(&d));
                    let others = row
                        .iter()
                        .enumerate()
                        .any(|(i, c)| Some(i) != desc && !c.is_empty());
                    if others {
                        notes.push(Note {
                            line: *no,
                            message: format!(
                                "a continuation row of `{}` with other cells than 描述: only 描述 is read",
                                prev.name
                            ),
                        });
                    }
                }
                None => notes.push(Note {
                    line: *no,
                    message: "a row without a parameter name and no row above it: skipped".into(),
                }),
            }
            continue;
        }
        let req = cell(row, required).map(|r| r.trim_matches('`').trim().to_string());
        let req = match req.as_deref() {
            None => None,
            Some("是" | "Yes" | "yes" | "true" | "必选" | "Y") => Some(true),
            Some("否" | "No" | "no" | "false" | "可选" | "N") => Some(false),
            Some(other) => {
                notes.push(Note {
                    line: *no,
                    message: format!("`{n}`: 是否必选 `{other}` is neither 是 nor 否: read as 否"),
                });
                Some(false)
            }
        };
        out.push(RawField {
            line: *no,
            name: n,
            doc_type: cell(row, Some(ty)).unwrap_or_default(),
            required: req,
            example: cell(row, example),
            desc: desc_lines(&d),
        });
    }
    Some(out)
}

/// `Object of [RefMsgInfo](#refmsginfo)` → `Object of RefMsgInfo`.
fn strip_links(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find("](").map(|c| open + c) else {
            break;
        };
        let Some(end) = rest[close..].find(')').map(|e| close + e) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..close]);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out.trim().to_string()
}

// ---------------------------------------------------------------------------------------------
// Types.

/// A mapped type before named types get their final names.
#[derive(Debug, Clone, PartialEq)]
enum T {
    Scalar(&'static str),
    List(Box<T>),
    Map(Box<T>),
    Named(String),
}

impl T {
    fn render(&self) -> String {
        match self {
            T::Scalar(s) => (*s).to_string(),
            T::List(t) => format!("list<{}>", t.render()),
            T::Map(t) => format!("map<string,{}>", t.render()),
            T::Named(n) => n.clone(),
        }
    }

    /// The scalar a value list applies to: the type itself, or the item of a list.
    fn innermost(&mut self) -> &mut T {
        match self {
            T::List(t) => t.innermost(),
            other => other,
        }
    }
}

/// The description says the map's keys and values are strings.
fn says_string_map(desc: &str) -> bool {
    let lower = desc.to_lowercase();
    let (Some(k), Some(v)) = (lower.find("key"), lower.find("value")) else {
        return false;
    };
    k < v && lower[k..v].contains("string") && lower[v..].contains("string")
}

/// A PascalCase name (`RefMsgInfo`, `FailedInfosItem`).
fn is_type_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_uppercase()) && s.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Maps the page's type words to a type.
fn map_type(words: &str, desc: &str) -> Result<T, String> {
    let w = words.trim();
    let scalar = match w.to_ascii_lowercase().as_str() {
        "integer" | "int" | "int32" => Some("i32"),
        "long" | "int64" => Some("i64"),
        "string" => Some("string"),
        "boolean" | "bool" => Some("bool"),
        "float" | "double" | "number" => Some("f64"),
        "json" | "object" | "any" => Some("json"),
        _ => None,
    };
    if let Some(s) = scalar {
        return Ok(T::Scalar(s));
    }
    if let Some(inner) = w.strip_prefix("Array of ") {
        // `Array of FailedInfosItem`: a bare type name is an object type's.
        let inner = inner.trim();
        let item = match map_type(inner, "") {
            Ok(t) => t,
            Err(_) if is_type_name(inner) => T::Named(inner.to_string()),
            Err(e) => return Err(e),
        };
        return Ok(T::List(Box::new(item)));
    }
    if let Some(name) = w.strip_prefix("Object of ") {
        let name = name.trim();
        if name.is_empty() {
            return Err(format!("`{w}` names no type"));
        }
        return Ok(T::Named(name.to_string()));
    }
    if w == "JSON Map" || w == "Map" {
        return Ok(T::Map(Box::new(T::Scalar(if says_string_map(desc) {
            "string"
        } else {
            "json"
        }))));
    }
    for prefix in ["JSON Map<", "Map<"] {
        if let Some(inner) = w.strip_prefix(prefix).and_then(|r| r.strip_suffix('>')) {
            let (k, v) = inner
                .split_once(',')
                .ok_or_else(|| format!("`{w}`: a map needs key and value types"))?;
            if !k.trim().eq_ignore_ascii_case("string") {
                return Err(format!("`{w}`: map keys must be strings"));
            }
            return Ok(T::Map(Box::new(map_type(v, "")?)));
        }
    }
    Err(format!("unknown type words `{w}`"))
}

fn fits(v: &Value, t: &T, types: &BTreeMap<String, TypeDef>) -> bool {
    match t {
        T::Scalar("i32") => v.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        T::Scalar("i64") => v.as_i64().is_some(),
        T::Scalar("string") => v.is_string(),
        T::Scalar("bool") => v.is_boolean(),
        T::Scalar("f64") => v.is_number(),
        T::Scalar(_) => true,
        T::List(inner) => v
            .as_array()
            .is_some_and(|a| a.iter().all(|x| fits(x, inner, types))),
        T::Map(inner) => v
            .as_object()
            .is_some_and(|m| m.values().all(|x| fits(x, inner, types))),
        T::Named(n) => match types.get(n) {
            Some(def) if def.kind == TypeKind::Enum => {
                let base = match def.base.as_deref() {
                    Some("i64") => T::Scalar("i64"),
                    Some("string") => T::Scalar("string"),
                    _ => T::Scalar("i32"),
                };
                fits(v, &base, types) && (def.open || def.values.iter().any(|x| &x.value == v))
            }
            _ => v.is_object(),
        },
    }
}

/// A value-list line: `- \`0\`：低优先级。`, `* 0：普通成员。`, `- \`audio\`: 音频`.
fn value_line(line: &str) -> Option<(String, bool, String)> {
    let s = line.trim();
    let s = ["- ", "* ", "• ", "-", "*"]
        .iter()
        .find_map(|p| s.strip_prefix(p))?
        .trim_start();
    let (tok, quoted, rest) = if let Some(r) = s.strip_prefix('`') {
        let end = r.find('`')?;
        (&r[..end], true, &r[end + 1..])
    } else {
        let end = s.find(['：', ':'])?;
        (&s[..end], false, &s[end..])
    };
    let rest = rest.trim_start();
    let rest = rest.strip_prefix('：').or_else(|| rest.strip_prefix(':'))?;
    let tok = tok.trim();
    if tok.is_empty() {
        return None;
    }
    Some((tok.to_string(), quoted, rest.trim().to_string()))
}

/// The value of a value-list token for a base type.
fn value_of(tok: &str, quoted: bool, base: &str) -> Option<Value> {
    match base {
        "i32" | "i64" => tok.parse::<i64>().ok().map(Value::from),
        "string" => {
            let t = tok.trim_matches('"').trim_matches('\'');
            // A bare CJK word before a colon is prose (`注意：...`), not a value.
            (quoted || (t.is_ascii() && !t.contains(' '))).then(|| Value::String(t.to_string()))
        }
        "bool" => match tok {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        _ => None,
    }
}

/// The first sentence of a text, through its `。` (the whole first line when there is none).
fn first_sentence(desc: &[String]) -> String {
    let first = desc.first().map(String::as_str).unwrap_or("");
    match first.find('。') {
        Some(i) => first[..i + '。'.len_utf8()].to_string(),
        None => first.to_string(),
    }
}

fn todo_text(zh: impl Into<String>) -> Text {
    Text {
        zh: zh.into(),
        en: TODO_EN.into(),
    }
}

// ---------------------------------------------------------------------------------------------
// JSON: reading the page's examples, repairing the obvious faults.

/// Repairs leading zeros in numbers, trailing commas and comments outside strings; says which.
fn repair_json(text: &str) -> (String, Vec<&'static str>) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut repairs = Vec::new();
    let note = |r: &'static str, repairs: &mut Vec<&'static str>| {
        if !repairs.contains(&r) {
            repairs.push(r);
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            out.push(c);
            i += 1;
            while i < chars.len() {
                out.push(chars[i]);
                if chars[i] == '\\' && i + 1 < chars.len() {
                    out.push(chars[i + 1]);
                    i += 2;
                    continue;
                }
                i += 1;
                if chars[i - 1] == '"' {
                    break;
                }
            }
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            note("comments removed", &mut repairs);
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
            note("comments removed", &mut repairs);
            continue;
        }
        if c == ',' {
            let mut j = i + 1;
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            if matches!(chars.get(j), Some('}' | ']')) {
                note("trailing commas removed", &mut repairs);
                i += 1;
                continue;
            }
        }
        let starts_number = c.is_ascii_digit()
            && !out
                .chars()
                .last()
                .is_some_and(|p| p.is_ascii_alphanumeric() || p == '.');
        if starts_number {
            let mut j = i;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            let digits: String = chars[i..j].iter().collect();
            let fraction = chars.get(j) == Some(&'.');
            if digits.len() > 1 && digits.starts_with('0') && !fraction {
                let trimmed = digits.trim_start_matches('0');
                out.push_str(if trimmed.is_empty() { "0" } else { trimmed });
                note("leading zeros of numbers dropped", &mut repairs);
            } else {
                out.push_str(&digits);
            }
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    (out, repairs)
}

/// Parses page JSON (repairing it); on failure the page line of the fault and serde's message.
fn parse_json(text: &str, first_line: usize) -> Result<(Value, Vec<&'static str>), Note> {
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        return Ok((v, Vec::new()));
    }
    let (repaired, repairs) = repair_json(text);
    match serde_json::from_str::<Value>(&repaired) {
        Ok(v) => Ok((v, repairs)),
        Err(e) => Err(Note {
            line: first_line + e.line().saturating_sub(1),
            message: format!("not JSON, and not repaired: {e}"),
        }),
    }
}

/// Reads an example cell: `\`x\`` → x; `-` or nothing → `None`.
fn example_text(cell: &Option<String>) -> Option<String> {
    let c = cell.as_deref()?.trim();
    let c = c
        .strip_prefix('`')
        .and_then(|r| r.strip_suffix('`'))
        .unwrap_or(c)
        .trim();
    (!c.is_empty() && c != "-" && c != "—").then(|| c.to_string())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `https://host/path?A=1&B=2` → (host, parameters).
fn parse_url(url: &str) -> (String, Vec<(String, String)>) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (before, query) = rest.split_once('?').unwrap_or((rest, ""));
    let host = before.split('/').next().unwrap_or("").to_string();
    let params = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect();
    (host, params)
}

/// The text after a label (`请求方式：**POST**`, `- **HTTP method:** POST`): its first word.
fn after_label(line: &str, labels: &[&str]) -> Option<String> {
    let at = labels
        .iter()
        .find_map(|l| line.find(l).map(|i| i + l.len()))?;
    let rest = line[at..].trim_start_matches(|c: char| {
        c == ':' || c == '：' || c == '*' || c == '`' || c.is_whitespace()
    });
    let word: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '*' && *c != '`')
        .collect();
    (!word.is_empty()).then_some(word)
}

// ---------------------------------------------------------------------------------------------
// Building the draft.

/// A nested type's table.
struct Nested {
    name: String,
    line: usize,
    rows: Vec<RawField>,
    response: bool,
    used: bool,
}

struct Ctx {
    action: String,
    notes: Vec<Note>,
    nested: Vec<Nested>,
    types: BTreeMap<String, TypeDef>,
    /// The page's type name → the name in `types`.
    named: BTreeMap<String, String>,
    shared: BTreeSet<String>,
    placeholder: BTreeSet<(String, String)>,
    leading_zeros: Vec<String>,
}

impl Ctx {
    fn note(&mut self, line: usize, message: impl Into<String>) {
        self.notes.push(Note {
            line,
            message: message.into(),
        });
    }

    /// A type name nobody has taken: `name`, else `<prefix><name>`, else numbered.
    fn free_name(&self, name: &str, prefix: &str) -> String {
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

    fn find_nested(&self, name: &str, path: &str, response: bool) -> Option<usize> {
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
    fn resolve(&mut self, t: &mut T, raw: &RawField, path: &str, response: bool) {
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
                            "table `{}` has no 是否必选 column: its fields are marked required",
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
                        description: todo_text(first_sentence(&raw.desc)),
                        source: None,
                        fields,
                        base: None,
                        open: false,
                        values: Vec::new(),
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
    fn field(&mut self, raw: &RawField, path: &str, response: bool, owner: &str) -> Field {
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
            description: todo_text(desc.join("\n")),
            constraints: Default::default(),
            accepts_only: None,
            source: None,
            not_enum: None,
            sensitive: false,
        }
    }

    /// Defines (or reuses) the enum type of a field's value list; returns its name.
    fn value_enum(
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
                description: todo_text(text.clone()),
            });
        }
        let def = TypeDef {
            kind: TypeKind::Enum,
            description: todo_text(first_sentence(&raw.desc)),
            source: None,
            fields: Vec::new(),
            base: Some(base.to_string()),
            open: false,
            values: enum_values,
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
    fn example(&mut self, raw: &RawField, path: &str, t: &T) -> Option<Value> {
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

/// A value for a required field the page gives no example of.
fn placeholder(f: &Field, types: &BTreeMap<String, TypeDef>) -> Value {
    match f.ty.as_str() {
        "i32" | "i64" | "u32" => Value::from(0),
        "f64" => Value::from(0.0),
        "bool" => Value::Bool(false),
        "string" => Value::String(String::new()),
        t if t.starts_with("list<") => Value::Array(Vec::new()),
        t if t.starts_with("map<") => Value::Object(Map::new()),
        "json" => Value::Object(Map::new()),
        t => match types.get(t) {
            Some(def) if def.kind == TypeKind::Enum => def
                .values
                .first()
                .map(|v| v.value.clone())
                .unwrap_or(Value::Null),
            Some(def) => {
                let mut m = Map::new();
                for x in def.fields.iter().filter(|x| x.required) {
                    m.insert(
                        x.name.clone(),
                        x.example.clone().unwrap_or_else(|| placeholder(x, types)),
                    );
                }
                Value::Object(m)
            }
            None => Value::Null,
        },
    }
}

/// An object of the fields' column examples (required fields without one get a placeholder).
fn written_object(
    fields: &[Field],
    types: &BTreeMap<String, TypeDef>,
    what: &str,
    notes: &mut Vec<Note>,
) -> Value {
    let mut m = Map::new();
    let mut placed = Vec::new();
    for f in fields {
        match &f.example {
            Some(v) => {
                m.insert(f.name.clone(), v.clone());
            }
            None if f.required => {
                m.insert(f.name.clone(), placeholder(f, types));
                placed.push(f.name.as_str());
            }
            None => {}
        }
    }
    if !placed.is_empty() {
        notes.push(Note {
            line: 0,
            message: format!(
                "the written {what} example has placeholder values for {} (no example on the page): replace them",
                placed.join(", ")
            ),
        });
    }
    Value::Object(m)
}

/// The first fenced block in the blocks of `role`: (first line of its content, its lines).
fn fenced<'a>(page: &Page<'a>, role: Role) -> Option<(usize, Vec<(usize, &'a str)>)> {
    for b in page.blocks.iter().filter(|b| b.role == role) {
        let mut inside: Option<Vec<(usize, &str)>> = None;
        for &(no, l) in &b.lines {
            if l.trim_start().starts_with("```") {
                match inside.take() {
                    Some(body) => {
                        let first = body.first().map_or(no, |(n, _)| *n);
                        return Some((first, body));
                    }
                    None => inside = Some(Vec::new()),
                }
            } else if let Some(body) = &mut inside {
                body.push((no, l));
            }
        }
    }
    None
}

/// A query parameter's text as the field's JSON value.
fn query_value(text: &str, f: Option<&Field>, types: &BTreeMap<String, TypeDef>) -> Value {
    let ty = f.map_or("string", |f| f.ty.as_str());
    let base = match types.get(ty) {
        Some(d) if d.kind == TypeKind::Enum => d.base.as_deref().unwrap_or("i32"),
        _ => ty,
    };
    match base {
        "i32" | "i64" | "u32" => {
            let digits = text.trim_start_matches('0');
            let digits = if digits.is_empty() && !text.is_empty() {
                "0"
            } else {
                digits
            };
            digits
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::String(text.into()))
        }
        "f64" => text
            .parse::<f64>()
            .ok()
            .and_then(|n| serde_json::Number::from_f64(n).map(Value::Number))
            .unwrap_or_else(|| Value::String(text.into())),
        "bool" => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => Value::String(text.into()),
        },
        _ => Value::String(text.into()),
    }
}

/// Notes the top-level keys of an example that the fields do not have, and missing required ones.
fn check_example(v: &Value, fields: &[Field], what: &str, line: usize, notes: &mut Vec<Note>) {
    let Some(obj) = v.as_object() else {
        notes.push(Note {
            line,
            message: format!("the {what} example is not an object"),
        });
        return;
    };
    for k in obj.keys() {
        if !fields.iter().any(|f| &f.name == k) {
            notes.push(Note {
                line,
                message: format!("the {what} example has `{k}`, which no table lists"),
            });
        }
    }
    for f in fields.iter().filter(|f| f.required) {
        if !obj.contains_key(&f.name) {
            notes.push(Note {
                line,
                message: format!("the {what} example lacks the required `{}`", f.name),
            });
        }
    }
}

/// Reads a Volcengine API page and makes a draft action of it (see the module documentation).
pub fn import_page(text: &str, opts: &Options) -> Result<Draft, ImportError> {
    let mut notes: Vec<Note> = Vec::new();
    // The rendered pages put no-break spaces around inline code: typography, read as spaces.
    let text = &text.replace('\u{a0}', " ");
    let page = read_page(text);

    // Method, URL, action, version.
    let mut method_word = None;
    let mut url = None;
    let mut family_line = None;
    let mut doc_url = None;
    for &(no, l) in &page.prose {
        if method_word.is_none() {
            if let Some(m) = after_label(l, &["请求方式", "HTTP method", "请求方法"]) {
                method_word = Some((no, m));
            }
        }
        if url.is_none() {
            if let Some(u) = after_label(l, &["请求地址", "**URL", "URL:**"]) {
                if u.starts_with("http") {
                    url = Some((no, u));
                }
            }
        }
        if family_line.is_none() {
            if let Some(f) = after_label(l, &["**Family:**"]) {
                family_line = Some(f.to_lowercase());
            }
        }
        if doc_url.is_none() {
            if let Some(u) = after_label(l, &["**Doc page:**"]) {
                if u.starts_with("http") {
                    doc_url = Some(u);
                }
            }
        }
    }
    let (host, params) = url.as_ref().map(|(_, u)| parse_url(u)).unwrap_or_default();
    let param = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let mut action = param("Action");
    let mut version = param("Version");
    if let Some((no, title)) = &page.title {
        // `SendMessage (Version 2020-12-01)`
        let (name, rest) = title.split_once(' ').unwrap_or((title.as_str(), ""));
        let v = rest
            .trim()
            .strip_prefix("(Version ")
            .and_then(|r| r.strip_suffix(')'))
            .map(str::to_string);
        if action.is_none() {
            action = Some(name.to_string());
        } else if action.as_deref() != Some(name) {
            notes.push(Note {
                line: *no,
                message: format!("the title names `{name}`, the URL {action:?}: the URL wins"),
            });
        }
        if version.is_none() {
            version = v;
        }
    }

    // Tables.
    let mut query_rows: Vec<RawField> = Vec::new();
    let mut body_rows: Vec<RawField> = Vec::new();
    let mut result_rows: Vec<RawField> = Vec::new();
    let mut has_body = false;
    let mut result_optional = false;
    let mut nested: Vec<Nested> = Vec::new();
    let mut result_line = 0;
    let mut common: BTreeMap<&str, String> = BTreeMap::new();
    for b in &page.blocks {
        let response = match b.role {
            Role::Request => false,
            Role::Response => true,
            _ => continue,
        };
        let sub = b.sub.as_deref().map(str::to_ascii_lowercase);
        for t in tables(&b.lines) {
            let Some(rows) = param_rows(&t, &mut notes) else {
                continue;
            };
            match (response, sub.as_deref()) {
                (false, Some(s)) if s.starts_with("query") => {
                    for r in rows {
                        if r.name == "Action" || r.name == "Version" {
                            if let Some(e) = example_text(&r.example) {
                                common.insert(
                                    if r.name == "Action" {
                                        "Action"
                                    } else {
                                        "Version"
                                    },
                                    e,
                                );
                            }
                        } else {
                            query_rows.push(r);
                        }
                    }
                }
                (false, Some(s)) if s.starts_with("body") => {
                    has_body = true;
                    body_rows.extend(rows);
                }
                (false, None) => {
                    notes.push(Note {
                        line: t.line,
                        message: "a request table under no Query/Body heading: read as the body"
                            .into(),
                    });
                    has_body = true;
                    body_rows.extend(rows);
                }
                (true, None) if rows.iter().any(|r| r.name == "ResponseMetadata") => {
                    // A digest's envelope: only whether `Result` may be absent.
                    if let Some(r) = rows.iter().find(|r| r.name == "Result") {
                        result_optional = r.required == Some(false);
                    }
                }
                (true, None) => {
                    result_line = t.line;
                    result_rows.extend(rows);
                }
                (true, Some("result")) => {
                    result_line = t.line;
                    result_rows.extend(rows);
                }
                (true, Some(s)) if s.starts_with("responsemetadata") => {}
                (_, Some(_)) => nested.push(Nested {
                    name: b.sub.clone().unwrap_or_default(),
                    line: t.line,
                    rows,
                    response,
                    used: false,
                }),
            }
        }
    }
    if action.is_none() {
        action = common.get("Action").cloned();
    }
    if version.is_none() {
        version = common.get("Version").cloned();
    }
    let Some(action) = action else {
        return Err(ImportError {
            line: 0,
            message: "no action name: neither a 请求地址 URL with `Action=`, a `# Action` title nor a Query table's Action row".into(),
        });
    };
    let Some(version) = version else {
        return Err(ImportError {
            line: 0,
            message: format!("no version of `{action}`: neither a URL with `Version=`, a title `(Version V)` nor a Query table's Version row"),
        });
    };

    // Family.
    let im_links = ["6348/412251", "6348/412253", "(412251#", "(412253#"];
    let family = if let Some(f) = &opts.family {
        f.clone()
    } else if let Some(f) = opts.known_actions.get(&action) {
        notes.push(Note {
            line: 0,
            message: format!("family `{f}`: the family of the existing `{action}` action file (pass --family to choose)"),
        });
        f.clone()
    } else if let Some(f) = family_line
        .as_deref()
        .and_then(|f| f.split_whitespace().next())
    {
        f.to_string()
    } else if im_links.iter().any(|l| text.contains(l)) {
        notes.push(Note {
            line: 0,
            message: "family `im`: guessed because the page links the IM OpenAPI's common pages (docs 6348/412251, 6348/412253); pass --family to choose".into(),
        });
        "im".into()
    } else {
        return Err(ImportError {
            line: url.as_ref().map_or(0, |(n, _)| *n),
            message: format!("cannot tell the family of `{action}` (host `{host}` serves several): pass --family"),
        });
    };

    // Method and placement.
    let method = match method_word
        .as_ref()
        .map(|(n, m)| (*n, m.to_ascii_uppercase()))
    {
        Some((_, m)) if m == "POST" => Method::POST,
        Some((_, m)) if m == "GET" => Method::GET,
        Some((no, m)) => {
            notes.push(Note {
                line: no,
                message: format!("method `{m}` is neither GET nor POST: POST"),
            });
            Method::POST
        }
        None => {
            let m = if has_body { Method::POST } else { Method::GET };
            notes.push(Note {
                line: 0,
                message: format!(
                    "no 请求说明 section (请求方式): method {m:?} guessed from the tables"
                ),
            });
            m
        }
    };
    let params_in = if has_body || (query_rows.is_empty() && method == Method::POST) {
        Placement::Body
    } else {
        Placement::Query
    };
    if has_body && !query_rows.is_empty() {
        for r in &query_rows {
            notes.push(Note {
                line: r.line,
                message: format!("query parameter `{}` of an action with a body: not imported (an action's fields travel in one place)", r.name),
            });
        }
    }
    if method == Method::GET && has_body {
        notes.push(Note {
            line: 0,
            message: "a GET action with a Body table: the loader will refuse it".into(),
        });
    }
    if !page.blocks.iter().any(|b| b.role == Role::Request) {
        notes.push(Note {
            line: 0,
            message: "no 请求参数 section: the request has no fields".into(),
        });
    }
    if !page.blocks.iter().any(|b| b.role == Role::Response) {
        notes.push(Note {
            line: 0,
            message: "no 返回参数 section: the result has no fields".into(),
        });
    } else if result_rows.iter().any(|r| r.required.is_none()) {
        notes.push(Note {
            line: result_line,
            message: "the result table has no 是否必选 column: its fields are marked required"
                .into(),
        });
    }

    // Fields and types.
    let mut ctx = Ctx {
        action: action.clone(),
        notes,
        nested,
        types: BTreeMap::new(),
        named: BTreeMap::new(),
        shared: opts.shared_types.clone(),
        placeholder: BTreeSet::new(),
        leading_zeros: Vec::new(),
    };
    let request_rows = if params_in == Placement::Body {
        body_rows
    } else {
        query_rows
    };
    let request: Vec<Field> = request_rows
        .iter()
        .map(|r| ctx.field(r, &r.name, false, ""))
        .collect();
    let result: Vec<Field> = result_rows
        .iter()
        .map(|r| ctx.field(r, &format!("Result.{}", r.name), true, ""))
        .collect();
    for n in ctx.nested.iter().filter(|n| !n.used) {
        ctx.notes.push(Note {
            line: n.line,
            message: format!("table `{}` describes no field's type: not imported", n.name),
        });
    }
    if !ctx.leading_zeros.is_empty() {
        ctx.notes.push(Note {
            line: 0,
            message: format!(
                "examples with leading zeros read as decimal numbers: {}",
                ctx.leading_zeros.join(", ")
            ),
        });
    }
    let Ctx {
        mut notes,
        types,
        placeholder: placeholder_names,
        ..
    } = ctx;

    // Description, limits, idempotency key.
    let intro: Vec<&str> = page
        .blocks
        .iter()
        .filter(|b| b.role == Role::Intro)
        .flat_map(|b| b.lines.iter().map(|(_, l)| l.trim()))
        .filter(|l| !l.is_empty())
        .collect();
    if intro.is_empty() {
        notes.push(Note {
            line: 0,
            message: "no intro prose: the action's Chinese description is empty".into(),
        });
    }
    for (line, title) in &page.others {
        let has_text = page
            .blocks
            .iter()
            .filter(|b| b.section == *line)
            .any(|b| b.lines.iter().any(|(_, l)| !l.trim().is_empty()));
        if has_text {
            notes.push(Note {
                line: *line,
                message: format!("section `{title}` not imported"),
            });
        }
    }
    let mut limits = Limits::default();
    let limit_lines: Vec<(usize, &str)> = page
        .blocks
        .iter()
        .filter(|b| b.role == Role::Limits)
        .flat_map(|b| b.lines.iter().copied())
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    if !limit_lines.is_empty() {
        let text: Vec<&str> = limit_lines.iter().map(|(_, l)| l.trim()).collect();
        limits.description = Some(todo_text(text.join("\n")));
        let qps = limit_lines.iter().find_map(|(_, l)| {
            let at = l.find("QPS")? + 3;
            let digits: String = l[at..]
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse::<u32>().ok()
        });
        match qps {
            Some(q) => limits.qps = Some(q),
            None => notes.push(Note {
                line: limit_lines[0].0,
                message: "注意事项 states no QPS number: only limits.description is set".into(),
            }),
        }
        if text.len() > 1 {
            notes.push(Note {
                line: limit_lines[0].0,
                message: "注意事项 has more than the QPS limit: check limits.description and write any rates".into(),
            });
        }
    }
    let keys: Vec<&Field> = request
        .iter()
        .filter(|f| !f.required && f.ty == "string" && f.description.zh.contains("幂等"))
        .collect();
    let idempotency_key = match keys.as_slice() {
        [one] => {
            notes.push(Note {
                line: 0,
                message: format!(
                    "idempotency_key `{}`: guessed from its description (幂等)",
                    one.name
                ),
            });
            Some(one.name.clone())
        }
        _ => None,
    };

    // Examples.
    let mut example_repairs = Vec::new();
    let mut request_example = None;
    match fenced(&page, Role::RequestExample) {
        None => notes.push(Note {
            line: 0,
            message:
                "no 请求示例 section with a code block: the example is written from the tables"
                    .into(),
        }),
        Some((first, lines)) => {
            let mut body: Vec<(usize, &str)> = lines
                .into_iter()
                .skip_while(|(_, l)| l.trim().is_empty())
                .collect();
            let mut request_line = None;
            if let Some((no, l)) = body.first().copied() {
                let t = l.trim();
                if ["POST ", "GET ", "http"].iter().any(|p| t.starts_with(p)) {
                    request_line = Some((no, t.to_string()));
                    body.remove(0);
                }
            }
            let json: String = body.iter().map(|(_, l)| *l).collect::<Vec<_>>().join("\n");
            if json.trim().is_empty() {
                match &request_line {
                    Some((_, l)) if l.contains('?') => {
                        let u = l.split_whitespace().last().unwrap_or("");
                        let mut m = Map::new();
                        for (k, v) in parse_url(u).1 {
                            if k != "Action" && k != "Version" {
                                let f = request.iter().find(|f| f.name == k);
                                m.insert(k, query_value(&v, f, &types));
                            }
                        }
                        request_example = Some((first, Value::Object(m)));
                    }
                    _ => notes.push(Note {
                        line: first,
                        message: "the request example has no JSON and no query: the example is written from the tables".into(),
                    }),
                }
            } else {
                let start = body.first().map_or(first, |(n, _)| *n);
                match parse_json(&json, start) {
                    Ok((v, repairs)) => {
                        for r in &repairs {
                            notes.push(Note {
                                line: start,
                                message: format!("the request example is not JSON: {r}"),
                            });
                            example_repairs.push(format!("request: {r}"));
                        }
                        request_example = Some((start, v));
                    }
                    Err(n) => notes.push(Note {
                        line: n.line,
                        message: format!(
                            "the request example is {}: the example is written from the tables",
                            n.message
                        ),
                    }),
                }
            }
        }
    }
    let mut result_example = None;
    match fenced(&page, Role::ResponseExample) {
        None => notes.push(Note {
            line: 0,
            message: "no 返回示例 section with a code block".into(),
        }),
        Some((first, lines)) => {
            let json: String = lines.iter().map(|(_, l)| *l).collect::<Vec<_>>().join("\n");
            match parse_json(&json, first) {
                Ok((v, repairs)) => {
                    for r in &repairs {
                        notes.push(Note {
                            line: first,
                            message: format!("the response example is not JSON: {r}"),
                        });
                        example_repairs.push(format!("result: {r}"));
                    }
                    match v.get("Result") {
                        Some(r) => result_example = Some((first, r.clone())),
                        None => notes.push(Note {
                            line: first,
                            message: "the response example has no `Result`".into(),
                        }),
                    }
                }
                Err(n) => notes.push(Note {
                    line: n.line,
                    message: format!("the response example is {}", n.message),
                }),
            }
        }
    }
    let example = match request_example {
        Some((line, req)) => {
            check_example(&req, &request, "request", line, &mut notes);
            if let Some((rl, r)) = &result_example {
                check_example(r, &result, "result", *rl, &mut notes);
            }
            Example {
                source: ExampleSource::Page,
                request: req,
                result: result_example.map(|(_, r)| r),
            }
        }
        None => {
            example_repairs.clear();
            let req = written_object(&request, &types, "request", &mut notes);
            let res = result_example.map(|(_, r)| r).or_else(|| {
                (!result.is_empty()).then(|| written_object(&result, &types, "result", &mut notes))
            });
            Example {
                source: ExampleSource::Written,
                request: req,
                result: res,
            }
        }
    };
    notes.sort_by_key(|n| n.line);

    let spec = ActionSpec {
        action,
        version,
        family,
        rust_name: None,
        method,
        params_in,
        description: todo_text(intro.join("\n")),
        source: opts.source.clone(),
        doc_url,
        limits,
        idempotency_key,
        read_only: false,
        replay_safe: None,
        group: None,
        paging: None,
        draft: true,
        deviations: Vec::new(),
        request,
        result,
        result_type: None,
        result_optional,
        types,
        examples: vec![example],
        fake: FakeBehaviour::default(),
    };
    Ok(Draft {
        spec,
        notes,
        placeholder_names,
        example_repairs,
    })
}

// ---------------------------------------------------------------------------------------------
// Writing the draft as YAML.

/// A YAML scalar for `s`: plain where that reads back as the same string, else double-quoted.
fn scalar(s: &str, flow: bool) -> String {
    let plain = !s.is_empty()
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
        serde_json::to_string(s).unwrap_or_default()
    }
}

/// A JSON value in YAML flow style.
fn flow(v: &Value) -> String {
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
            && !s.contains('\r')
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
        o.line(0, super::yaml::ACTION_HEADER);
        o.line(
            0,
            "# A draft made by `cargo xtask import-page`: write every English text that says TODO, check",
        );
        o.line(
            0,
            "# the values marked TODO and the notes below against the page, then remove `draft: true`.",
        );
        if !self.notes.is_empty() {
            o.line(0, "# Importer notes:");
            for n in &self.notes {
                o.line(0, &format!("#   {n}"));
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A page in the vendor's layout around the given request and response sections.
    fn page(request: &str, rest: &str) -> String {
        format!(
            "---\nkeywords: 实时音视频\n---\n\n测试接口。\n## 注意事项\nQPS 不得超过 20。\n## 请求说明\n- 请求方式：**POST**\n- 请求地址：**https://rtc.volcengineapi.com?Action=DoIt&Version=2020-12-01**\n## 请求参数\n### Query\n| 参数 | 类型 | 是否必选 | 示例值 | 描述 |\n| ---- | ---- | ---- | ---- | ---- |\n| Action | String | 是 | `DoIt` | 接口名称。 |\n| Version | String | 是 | `2020-12-01` | 接口版本。 |\n{request}{rest}"
        )
    }

    fn body(rows: &str) -> String {
        format!("### Body\n| 参数 | 类型 | 是否必选 | 示例值 | 描述 |\n| ---- | ---- | ---- | ---- | ---- |\n{rows}")
    }

    const RESULT: &str = "## 返回参数\n| 参数 | 类型 | 示例值 | 描述 |\n| ---- | ---- | ---- | ---- |\n| Id | Long | `7` | 编号 |\n";

    fn opts() -> Options {
        Options {
            family: Some("im".into()),
            source: "test.md".into(),
            ..Default::default()
        }
    }

    fn import(text: &str) -> Draft {
        import_page(text, &opts()).unwrap_or_else(|e| panic!("{e}"))
    }

    fn has_note(d: &Draft, part: &str) -> bool {
        d.notes.iter().any(|n| n.message.contains(part))
    }

    #[test]
    fn continuation_rows_give_a_value_list_and_more_description() {
        let rows = "| AppId | Integer | 是 | `000001` | 应用 |\n| Level | Integer | 否 | `1` | 等级。 |\\\n|  |  |  |  | - `0`：低。 |\\\n|  |  |  |  | - `1`：高。 |\\\n|  |  |  |  | 仅对直播群有效。 |\n";
        let d = import(&page(&body(rows), RESULT));
        let f = &d.spec.request[1];
        assert_eq!((f.name.as_str(), f.ty.as_str()), ("Level", "Level"));
        assert_eq!(f.doc_type, "Integer");
        assert_eq!(f.description.zh, "等级。\n仅对直播群有效。");
        assert_eq!(f.description.en, TODO_EN);
        assert_eq!(f.example, Some(Value::from(1)));
        let e = &d.spec.types["Level"];
        assert_eq!(e.kind, TypeKind::Enum);
        assert_eq!(e.base.as_deref(), Some("i32"));
        let values: Vec<(Value, &str, &str)> = e
            .values
            .iter()
            .map(|v| (v.value.clone(), v.name.as_str(), v.description.zh.as_str()))
            .collect();
        assert_eq!(
            values,
            vec![
                (Value::from(0), "Value0", "低。"),
                (Value::from(1), "Value1", "高。")
            ]
        );
        assert!(d
            .placeholder_names
            .contains(&("Level".to_string(), "Value0".to_string())));
        assert!(d.to_yaml().contains("name: Value0  # TODO"));
        // `000001` is 1; the whole example is written from the column (the page has none).
        assert_eq!(d.spec.request[0].example, Some(Value::from(1)));
        assert_eq!(d.spec.limits.qps, Some(20));
        assert_eq!(d.spec.action, "DoIt");
        assert_eq!(d.spec.description.zh, "测试接口。");
    }

    #[test]
    fn value_lists_on_bool_fields_stay_in_the_description() {
        let rows = "| On | Boolean | 否 | `true` | 开关。 |\\\n|  |  |  |  | - `true`：开。 |\\\n|  |  |  |  | - `false`：关。 |\n";
        let d = import(&page(&body(rows), RESULT));
        let f = &d.spec.request[0];
        assert_eq!(f.ty, "bool");
        assert_eq!(f.description.zh, "开关。\n- `true`：开。\n- `false`：关。");
        assert!(has_note(&d, "stays in the description"));
    }

    #[test]
    fn nested_types_come_from_their_tables() {
        let rows = "| Ref | Object of [RefInfo](#refinfo) | 否 | `-` | 引用。只需传入 `Id`。 |\n| Items | Array of [Item](#item) | 是 | `-` | 条目 |\n| Ext | JSON Map | 否 | `{\"k\":\"v\"}` | 扩展，key 的数据类型为 String，value 的数据类型为 String。 |\n| Any | JSON Map | 否 | `-` | 任意 |\n\n### RefInfo\n\n| 参数 | 类型 | 是否必选 | 示例值 | 描述 |\n| ---- | ---- | ---- | ---- | ---- |\n| Id | Long | 是 | `000013` | 编号 |\n| Hint | String | 否 | `[图片]` | 提示 |\n### Item\n| 参数 | 类型 | 是否必选 | 示例值 | 描述 |\n| ---- | ---- | ---- | ---- | ---- |\n| Name | String | 是 | `123` | 名称 |\n";
        let d = import(&page(&body(rows), RESULT));
        let r = &d.spec.request;
        assert_eq!(r[0].doc_type, "Object of RefInfo");
        assert_eq!(r[0].ty, "RefInfo");
        assert_eq!(r[0].example, None);
        assert_eq!(r[1].doc_type, "Array of Item");
        assert_eq!(r[1].ty, "list<Item>");
        assert_eq!(r[2].ty, "map<string,string>");
        assert_eq!(r[3].ty, "map<string,json>");
        let refinfo = &d.spec.types["RefInfo"];
        assert_eq!(refinfo.kind, TypeKind::Object);
        assert_eq!(refinfo.description.zh, "引用。");
        let f: Vec<(&str, &str, bool, Option<Value>)> = refinfo
            .fields
            .iter()
            .map(|f| {
                (
                    f.name.as_str(),
                    f.ty.as_str(),
                    f.required,
                    f.example.clone(),
                )
            })
            .collect();
        assert_eq!(
            f,
            vec![
                ("Id", "i64", true, Some(Value::from(13))),
                ("Hint", "string", false, Some(Value::from("[图片]")))
            ]
        );
        // A string field's example that reads as a number stays the text.
        assert_eq!(
            d.spec.types["Item"].fields[0].example,
            Some(Value::from("123"))
        );
        // The result table has no 是否必选 column.
        assert!(d.spec.result[0].required);
        assert!(has_note(&d, "no 是否必选 column"));
    }

    #[test]
    fn a_missing_nested_table_is_noted_and_typed_json() {
        let rows = "| Ref | Object of [RefInfo](#refinfo) | 否 | `-` | 引用 |\n";
        let d = import(&page(&body(rows), RESULT));
        assert_eq!(d.spec.request[0].ty, "json");
        assert!(has_note(&d, "no table describes `RefInfo`"));
    }

    #[test]
    fn a_query_only_get_page() {
        let text = "---\nx: 1\n---\n\n查询房间。\n## 请求说明\n- 请求方式：**GET**\n- 请求地址：**https://rtc.volcengineapi.com?Action=GetRoom&Version=2023-11-01**\n## 请求参数\n### Query\n| 参数 | 类型 | 是否必选 | 示例值 | 描述 |\n| ---- | ---- | ---- | ---- | ---- |\n| Action | String | 是 | `GetRoom` | 接口名称。 |\n| Version | String | 是 | `2023-11-01` | 接口版本。 |\n| AppId | String | 是 | `661e` | 应用 |\n| RoomId | String | 是 | `Room1` | 房间 |\n| Limit | Integer | 否 | `10` | 数量 |\n## 返回参数\n| 参数 | 类型 | 示例值 | 描述 |\n| ---- | ---- | ---- | ---- |\n| Total | Integer | `1` | 总数 |\n## 请求示例\n```json\nGET https://rtc.volcengineapi.com?Action=GetRoom&Version=2023-11-01&AppId=661e&RoomId=Room1&Limit=010\n```\n## 返回示例\n```json\n{\"ResponseMetadata\": {\"RequestId\": \"r\"}, \"Result\": {\"Total\": 1}}\n```\n";
        let d = import_page(
            text,
            &Options {
                family: Some("rtc".into()),
                ..opts()
            },
        )
        .unwrap();
        let s = &d.spec;
        assert_eq!((s.method, s.params_in), (Method::GET, Placement::Query));
        assert_eq!(
            (s.action.as_str(), s.version.as_str()),
            ("GetRoom", "2023-11-01")
        );
        let names: Vec<&str> = s.request.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["AppId", "RoomId", "Limit"]);
        let e = &s.examples[0];
        assert_eq!(e.source, ExampleSource::Page);
        assert_eq!(
            e.request,
            serde_json::json!({"AppId": "661e", "RoomId": "Room1", "Limit": 10})
        );
        assert_eq!(e.result, Some(serde_json::json!({"Total": 1})));
        assert_eq!(s.limits.qps, None);
    }

    #[test]
    fn invalid_example_json_is_repaired() {
        let rows = "| AppId | Integer | 是 | `000000` | 应用 |\n| Ids | Array of Long | 否 | `[1,2]` | 编号 |\n";
        let examples = "## 请求示例\n```json\nPOST https://rtc.volcengineapi.com?Action=DoIt&Version=2020-12-01\n{\n    \"AppId\":000000, // the app\n    \"Ids\": [1, 2,],\n}\n```\n## 返回示例\n```json\n{\"Result\": {\"Id\": 0007}}\n```\n";
        let d = import(&page(&body(rows), &format!("{RESULT}{examples}")));
        let e = &d.spec.examples[0];
        assert_eq!(e.source, ExampleSource::Page);
        assert_eq!(e.request, serde_json::json!({"AppId": 0, "Ids": [1, 2]}));
        assert_eq!(e.result, Some(serde_json::json!({"Id": 7})));
        assert!(has_note(&d, "leading zeros"));
        assert!(has_note(&d, "trailing commas"));
        assert!(has_note(&d, "comments"));
        assert!(d
            .to_yaml()
            .contains("# The page's example is not JSON as written; repaired"));
    }

    #[test]
    fn invalid_example_json_beyond_repair_is_reported_and_written_from_the_tables() {
        let rows = "| AppId | Integer | 是 | `000000` | 应用 |\n| Name | String | 是 | `-` | 名称 |\n| Ids | Array of Long | 否 | `[1,2]` | 编号 |\n";
        let examples = "## 请求示例\n```json\nPOST https://rtc.volcengineapi.com?Action=DoIt&Version=2020-12-01\n{\n    \"AppId\": 1,\n    \"Ids\": [1 2]\n}\n```\n";
        let d = import(&page(&body(rows), &format!("{RESULT}{examples}")));
        let e = &d.spec.examples[0];
        assert_eq!(e.source, ExampleSource::Written);
        assert_eq!(
            e.request,
            serde_json::json!({"AppId": 0, "Name": "", "Ids": [1, 2]})
        );
        assert_eq!(e.result, Some(serde_json::json!({"Id": 7})));
        let bad = d
            .notes
            .iter()
            .find(|n| n.message.contains("not JSON, and not repaired"))
            .expect("the fault is noted");
        // The page's line of the fault: `"Ids": [1 2]` is line 32 of the page.
        assert_eq!(bad.line, 32, "{bad}");
        assert!(has_note(&d, "placeholder values for Name"));
        assert!(has_note(&d, "no 返回示例"));
    }

    #[test]
    fn missing_sections_are_reported() {
        let text = "---\nx: 1\n---\n\n测试。\n## 请求参数\n### Body\n| 参数 | 类型 | 是否必选 | 示例值 | 描述 |\n| ---- | ---- | ---- | ---- | ---- |\n| AppId | Integer | 是 | `1` | 应用 |\n| Query | String | 是 | `q` | 查询 |\n";
        // No URL: the action comes from nowhere.
        let e = import_page(text, &opts()).unwrap_err();
        assert!(e.message.contains("no action name"), "{e}");
        let text = text.replace(
            "## 请求参数",
            "## 请求说明\n- 请求地址：**https://rtc.volcengineapi.com?Action=DoIt&Version=2020-12-01**\n## 请求参数",
        );
        let d = import(&text);
        assert!(has_note(&d, "no 请求说明 section (请求方式)"));
        assert!(has_note(&d, "no 返回参数 section"));
        assert!(has_note(&d, "no 请求示例 section"));
        assert!(has_note(&d, "no 返回示例 section"));
        assert_eq!(d.spec.method, Method::POST);
        assert!(d.spec.result.is_empty());
        assert_eq!(d.spec.examples[0].source, ExampleSource::Written);
        assert_eq!(
            d.spec.examples[0].request,
            serde_json::json!({"AppId": 1, "Query": "q"})
        );
    }

    #[test]
    fn the_family_is_the_flag_or_a_guess_or_an_error() {
        let text = page(&body("| AppId | Integer | 是 | `1` | 应用 |\n"), RESULT);
        let no_flag = Options {
            family: None,
            ..opts()
        };
        let e = import_page(&text, &no_flag).unwrap_err();
        assert!(e.message.contains("pass --family"), "{e}");
        assert_eq!(e.line, 10, "located at the URL");
        let linked = format!(
            "{text}## 错误码\n见[公共错误码](https://www.volcengine.com/docs/6348/412253)。\n"
        );
        let d = import_page(&linked, &no_flag).unwrap();
        assert_eq!(d.spec.family, "im");
        assert!(has_note(&d, "guessed"));
        let known = Options {
            family: None,
            known_actions: [("DoIt".to_string(), "rtc".to_string())].into(),
            ..opts()
        };
        assert_eq!(import_page(&linked, &known).unwrap().spec.family, "rtc");
        let flagged = Options {
            family: Some("rtc".into()),
            ..known
        };
        assert_eq!(import_page(&linked, &flagged).unwrap().spec.family, "rtc");
    }

    #[test]
    fn a_shared_type_name_is_not_shadowed_and_std_names_are_fine() {
        let rows = "| Info | Object of [Error](#error) | 否 | `-` | 信息 |\n| Core | Object of [Core](#core) | 否 | `-` | 核心 |\n### Error\n| 参数 | 类型 | 是否必选 | 示例值 | 描述 |\n| ---- | ---- | ---- | ---- | ---- |\n| A | Integer | 否 | `1` | 甲 |\n### Core\n| 参数 | 类型 | 是否必选 | 示例值 | 描述 |\n| ---- | ---- | ---- | ---- | ---- |\n| B | Integer | 否 | `1` | 乙 |\n";
        let o = Options {
            shared_types: ["Core".to_string()].into(),
            ..opts()
        };
        let d = import_page(&page(&body(rows), RESULT), &o).unwrap();
        // The generator qualifies every path: a type may be called `Error`.
        assert_eq!(d.spec.request[0].ty, "Error");
        assert_eq!(d.spec.request[1].ty, "DoItCore");
        assert!(has_note(&d, "the family's types already have a `Core`"));
    }

    #[test]
    fn a_reference_digest_reads_like_a_page() {
        let text = "# AddThing (Version 2020-12-01)\n\n> **Doc page:** https://www.volcengine.com/docs/6348/1\n\n- **Family:** IM (即时通讯)\n- **HTTP method:** POST\n- **URL:** `https://rtc.volcengineapi.com?Action=AddThing&Version=2020-12-01` (overseas: x)\n\n## Request\n\n### Query\n\n| 参数 | 类型 | 是否必选 | 示例值 | 描述 |\n|---|---|---|---|---|\n| Action | String | 是 | AddThing | 接口名称 |\n| Version | String | 是 | 2020-12-01 | 接口版本 |\n\n### Body (`AddThingBody`)\n\n| 参数 | 类型 | Go 类型 | 是否必选 | 描述 |\n|---|---|---|---|---|\n| AppId | Integer | `int32` | 是 | 应用 |\n| Role | Long | `*int64` | 否 | 身份。<br>* 0：成员。<br>* 1：群主。 |\n\n## Response (`AddThingRes`)\n\nTop-level envelope:\n\n| 参数 | 类型 | Go 类型 | 是否必选 | 描述 |\n|---|---|---|---|---|\n| ResponseMetadata | Object of ResponseMetadata | `M` | 是 | - |\n| Result | Object of Result | `*R` | 否 | - |\n\n#### ResponseMetadata — `M`\n\n| 参数 | 类型 | Go 类型 | 是否必选 | 描述 |\n|---|---|---|---|---|\n| RequestId | String | `string` | 是 | 请求 ID |\n\n#### Result — `R`\n\n| 参数 | 类型 | Go 类型 | 是否必选 | 描述 |\n|---|---|---|---|---|\n| FailedInfos | Array of FailedInfosItem | `[]F` | 是 | 失败的用户 |\n\n#### Result.FailedInfos — `F`\n\n| 参数 | 类型 | Go 类型 | 是否必选 | 描述 |\n|---|---|---|---|---|\n| UserId | Long | `int64` | 是 | 用户 |\n\n## Notable features (auto-extracted)\n\n- Request: 2 fields\n";
        let d = import_page(
            text,
            &Options {
                family: None,
                ..opts()
            },
        )
        .unwrap();
        let s = &d.spec;
        assert_eq!(s.family, "im");
        assert_eq!(
            s.doc_url.as_deref(),
            Some("https://www.volcengine.com/docs/6348/1")
        );
        assert!(s.result_optional);
        assert_eq!(s.request[1].ty, "Role");
        assert_eq!(s.request[1].description.zh, "身份。");
        assert_eq!(s.types["Role"].base.as_deref(), Some("i64"));
        assert_eq!(s.types["Role"].values.len(), 2);
        assert_eq!(s.result.len(), 1);
        assert_eq!(s.result[0].ty, "list<FailedInfosItem>");
        assert_eq!(s.types["FailedInfosItem"].fields[0].name, "UserId");
        assert_eq!(s.examples[0].source, ExampleSource::Written);
        assert_eq!(
            s.examples[0].result,
            Some(serde_json::json!({"FailedInfos": []}))
        );
    }

    #[test]
    fn json_repairs_leave_strings_alone() {
        let (fixed, repairs) =
            repair_json("{\"a\": \"000, ]\", \"b\": 007, \"c\": 0.5, \"d\": [0,],}");
        assert_eq!(
            serde_json::from_str::<Value>(&fixed).unwrap(),
            serde_json::json!({"a": "000, ]", "b": 7, "c": 0.5, "d": [0]})
        );
        assert_eq!(
            repairs,
            [
                "leading zeros of numbers dropped",
                "trailing commas removed"
            ]
        );
    }

    #[test]
    fn scalars_read_back_as_the_same_strings() {
        for s in [
            "plain",
            "123",
            "true",
            "null",
            "- x",
            "a: b",
            "",
            "2020-12-01",
            "[图片]",
            "a #b",
            "TODO: x",
            "消息：`0`",
            " lead",
            "x,y",
            "{k}",
            "'q'",
            "\"q\"",
            "a\\b",
            "~",
        ] {
            for in_flow in [false, true] {
                let yaml = format!("k: {}", scalar(s, in_flow));
                let v: BTreeMap<String, String> =
                    serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"));
                assert_eq!(v["k"], s, "{yaml}");
            }
        }
        let v = serde_json::json!({"a b": [1, "x, y", {"k": "v: w"}], "n": null});
        let yaml = format!("k: {}", flow(&v));
        let back: BTreeMap<String, Value> = serde_yaml::from_str(&yaml).unwrap();
        assert_eq!(back["k"], v, "{yaml}");
    }

    #[test]
    fn the_seed_page_draft_reads_back_as_the_same_spec() {
        let text = include_str!("../../../tests/fixtures/pages/SendMessage.md");
        let d = import(text);
        let yaml = d.to_yaml();
        let back: ActionSpec =
            serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
        assert_eq!(
            serde_json::to_value(&back).unwrap(),
            serde_json::to_value(&d.spec).unwrap()
        );
        assert!(back.draft);
        assert_eq!(back.source, "test.md");
    }
}
