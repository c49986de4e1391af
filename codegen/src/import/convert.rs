//! From a parsed Go model to spec actions and types: the mapping rules of `cargo xtask import-go-model`.
//!
//! Per action of `config.go`:
//! - request: `<Action>Body` (`params_in: body`) or `<Action>Query` (`params_in: query`), whichever
//!   has fields (both empty: no fields, placed by the method: GET query, POST body);
//! - result: the `Result` field of `<Action>Res`: a struct gives `result:` fields, any other type
//!   `result_type:` (`*string` → `string`, `[]T` → `list<T>`, `interface{}` → `json`); a pointer or a
//!   `Result` not marked `REQUIRED`, or no `Result` at all, gives `result_optional: true`;
//! - Go types: `string` string, `int32` i32, `int64`/`int` i64, `uint32` u32, `float32` f32, `float64`
//!   f64, `bool` bool, `[]T` `list<T>`, `map[string]T` `map<string,T>`, `interface{}` json, a struct of
//!   the model a named object type; pointers only mean optional. `doc_type` is the Go type as written.
//!   `REQUIRED` in the comment makes a field required. Wire names come from the `json` tag.
//! - `read_only: true` when the action's name starts with Get, List, Query, Describe, Search or Check;
//!   `paging:` when the request has `PageNum` and `PageSize` (or `Offset` and `Limit`) and the result
//!   exactly one list field.
//!
//! Names of nested types (see [`NAMING_RULES`]).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use heck::ToSnakeCase;
use serde_json::{json, Value};

use super::go_model::{ApiInfo, GoConfig, GoField, GoModel, GoStruct, GoType};
use super::TODO_EN;
use crate::model::RUST_KEYWORDS;

/// Names a generated type may not take (the generator qualifies every path, so only its own
/// per-action items remain).
const RESERVED_TYPE_NAMES: &[&str] = crate::model::ACTION_ITEM_NAMES;
use crate::spec::{
    ActionSpec, Example, ExampleSource, FakeBehaviour, Field, Limits, Method, Paging, PagingStyle,
    Placement, Text, TypeDef, TypeKind,
};

/// The naming rules for nested types, as documented in the importer's report and README.
pub const NAMING_RULES: &str = "\
1. A struct reached from one action only is a type of that action file. Reached from the request or the \
result itself, its name is its Go name without the action's prefix (the longest of `<Action>ResResult`, \
`<Action>Body`, `<Action>Query`, `<Action>Res`, `<Action>` that ends before a new word): `GetPushMixedStreamToCDNTaskResResultPushMixedStreamToCDNTask` \
→ `PushMixedStreamToCDNTask`. Reached from another type, whose Go name its Go name extends, its name is that \
type's name followed by the rest of its Go name: `...PushMixedStreamToCDNTaskControl` → \
`PushMixedStreamToCDNTaskControl`, `...LayoutCustomLayoutRegionsItemSourceCrop` → \
`LayoutCustomLayoutRegionSourceCrop`.
2. A name (or rest of a name) that ends in `Item` (the vendor's name for a list element) loses the `Item` \
and its last word is made singular (`RegionsItem` → `Region`, `PoliciesItem` → `Policy`, `StreamListItem` → \
`StreamList`).
3. A Go name holding `PropertiesItems` (the vendor's name for the elements of a list inside a list element, \
which drops the field's name) is named after its field instead: the parent type's name followed by the field's \
Go name, singular when the field is a list (`RecordTaskRecordFileListPropertiesItemsItem`, field `StreamList` \
of `RecordTaskRecordFileList` → `RecordTaskRecordFileListStreamList`).
4. An empty name (the element of a list `Result`, `<Action>ResResultItem`) becomes `<Action>Item`.
5. A struct reached from two or more actions is a family type (types file), named by rule 2 from its full Go \
name; when another types file of the family already defines that name with the same fields (name, type, \
required) it is reused, else the name gets the version appended (`Event20231101V20201201`).
6. A local name that is taken (by another type of the action, a family type, a name the generated code uses \
such as `Result`, or `<Action>Request`/`<Action>Required`/`<Action>Result`) is prefixed with `Request` or \
`Result` (the side it was first reached from); if that is taken too, the full Go name is used; then a number \
is appended.";

/// Field names the generated code uses for methods (kept in step with `model.rs`).
const RESERVED_FIELD_NAMES: &[&str] = &["new", "validate", "builder"];

/// Action name prefixes that make `read_only: true`.
pub const READ_ONLY_PREFIXES: &[&str] = &["Get", "List", "Query", "Describe", "Search", "Check"];

/// One action converted from the model.
#[derive(Debug, Clone)]
pub struct ConvertedAction {
    /// The action, ready to write (a draft).
    pub spec: ActionSpec,
    /// What could not be mapped, each a sentence naming the place (`request.Foo: ...`).
    pub unmapped: Vec<String>,
    /// The Go structs imported into it, in the order reached.
    pub structs: Vec<String>,
    /// The family types it uses (spec names).
    pub shared_used: BTreeSet<String>,
}

/// A model converted.
#[derive(Debug, Clone, Default)]
pub struct Converted {
    /// The actions, sorted by name.
    pub actions: Vec<ConvertedAction>,
    /// Family types newly defined by this model (to write into its types file), by spec name.
    pub shared: BTreeMap<String, TypeDef>,
    /// Family types reused from other types files (spec names).
    pub reused: BTreeSet<String>,
    /// Model-wide notes (structs no action uses, declarations that are not structs).
    pub notes: Vec<String>,
}

/// What the conversion needs besides the model.
pub struct ConvertOptions<'a> {
    /// The family (`rtc`).
    pub family: &'a str,
    /// The family's types defined in other types files (not rewritten by this run), by name.
    pub existing_shared: &'a BTreeMap<String, TypeDef>,
    /// The `source:` text of an action, given its Go structs.
    pub source: &'a dyn Fn(&ApiInfo, &[String]) -> String,
}

/// Where a struct was reached from first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Result,
}

/// How an action's result is shaped in the model.
enum ResultShape<'a> {
    /// No `<Action>Res` or no `Result` field.
    Absent,
    /// A struct: its fields.
    Fields(&'a GoStruct),
    /// Another type.
    Type(&'a GoType),
}

struct Roots<'a> {
    request: Option<&'a GoStruct>,
    placement: Placement,
    result: ResultShape<'a>,
    result_optional: bool,
    res_struct: Option<&'a GoStruct>,
    notes: Vec<String>,
}

fn non_empty<'a>(model: &'a GoModel, name: &str) -> Option<&'a GoStruct> {
    model.structs.get(name).filter(|s| !s.fields.is_empty())
}

fn roots<'a>(model: &'a GoModel, api: &ApiInfo) -> Roots<'a> {
    let a = &api.action;
    let mut notes = Vec::new();
    let body = non_empty(model, &format!("{a}Body"));
    let query = non_empty(model, &format!("{a}Query"));
    let get = api.method == "GET";
    let (request, placement) = match (body, query) {
        (Some(b), Some(q)) => {
            let (keep, drop, p) = if get {
                (q, b, Placement::Query)
            } else {
                (b, q, Placement::Body)
            };
            notes.push(format!(
                "request: both {} and {} have fields; {} is imported (the method is {}), {} is not",
                b.name, q.name, keep.name, api.method, drop.name
            ));
            (Some(keep), p)
        }
        (Some(b), None) => (Some(b), Placement::Body),
        (None, Some(q)) => (Some(q), Placement::Query),
        (None, None) => {
            if !model.structs.contains_key(&format!("{a}Body"))
                && !model.structs.contains_key(&format!("{a}Query"))
            {
                notes.push(format!(
                    "request: the model has no {a}Body or {a}Query struct; no request fields"
                ));
            }
            (
                None,
                if get {
                    Placement::Query
                } else {
                    Placement::Body
                },
            )
        }
    };
    if get && placement == Placement::Body {
        notes.push("params_in: a GET action with a JSON body (the format refuses it)".into());
    }
    let res_struct = model.structs.get(&format!("{a}Res"));
    let (result, result_optional) = match res_struct {
        None => {
            notes.push(format!(
                "result: the model has no {a}Res struct; written as an optional result"
            ));
            (ResultShape::Absent, true)
        }
        Some(res) => match res
            .fields
            .iter()
            .find(|f| f.name == "Result" || f.wire_name() == "Result")
        {
            None => (ResultShape::Absent, true),
            Some(f) => {
                let optional = !f.required();
                match f.ty.pointee() {
                    GoType::Named(n) if model.structs.contains_key(n) => {
                        (ResultShape::Fields(&model.structs[n]), optional)
                    }
                    _ => (ResultShape::Type(&f.ty), optional),
                }
            }
        },
    };
    Roots {
        request,
        placement,
        result,
        result_optional,
        res_struct,
        notes,
    }
}

/// The structs a type mentions, in order.
fn struct_refs<'a>(model: &'a GoModel, t: &GoType) -> Vec<&'a GoStruct> {
    t.names()
        .into_iter()
        .filter_map(|n| model.structs.get(n))
        .collect()
}

/// Singular of the last word of a PascalCase name, for regular English plurals.
pub fn singular(name: &str) -> String {
    let lower_end = name.len() > 1 && name.ends_with(|c: char| c.is_ascii_lowercase());
    if !lower_end {
        return name.to_string();
    }
    let cut = |n: usize| name[..name.len() - n].to_string();
    if name.ends_with("ies") && name.len() > 4 {
        return format!("{}y", cut(3));
    }
    for suffix in ["sses", "xes", "ches", "shes", "uses"] {
        if name.ends_with(suffix) && name.len() > suffix.len() + 1 {
            return cut(2);
        }
    }
    if name.ends_with("ss") || name.ends_with("us") || name.ends_with("is") {
        return name.to_string();
    }
    if name.ends_with('s') {
        return cut(1);
    }
    name.to_string()
}

/// Rule 2: drop a trailing `Item` and make the last word singular.
fn strip_item(name: &str) -> String {
    match name.strip_suffix("Item") {
        Some(rest) if !rest.is_empty() => singular(rest),
        Some(_) => String::new(),
        None => name.to_string(),
    }
}

/// `name` without `prefix` when the rest is empty or starts a new word (an uppercase letter or a digit).
fn strip_word_prefix<'a>(name: &'a str, prefix: &str) -> Option<&'a str> {
    name.strip_prefix(prefix).filter(|r| {
        r.is_empty() || r.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit())
    })
}

/// Rules 1 to 4 for a struct reached from `action` through `field` of the struct `parent` (whose
/// local name is `parent_local`, empty for the request, the result and the `Res` struct).
fn local_base(go: &str, action: &str, parent: &str, parent_local: &str, field: &GoField) -> String {
    let roots = [
        format!("{action}ResResult"),
        format!("{action}Body"),
        format!("{action}Query"),
        format!("{action}Res"),
    ];
    let from_root = roots.iter().any(|r| r == parent);
    let below_parent = strip_word_prefix(go, parent).filter(|r| !r.is_empty() && !from_root);
    let name = if go.contains("PropertiesItems") {
        let list = matches!(field.ty.pointee(), GoType::Slice(_));
        let f = if list {
            singular(&field.name)
        } else {
            field.name.clone()
        };
        format!("{parent_local}{f}")
    } else if let Some(rest) = below_parent {
        format!("{parent_local}{}", strip_item(rest))
    } else {
        let rem = roots
            .iter()
            .map(String::as_str)
            .chain([action])
            .filter_map(|p| strip_word_prefix(go, p))
            .min_by_key(|r| r.len())
            .unwrap_or(go);
        strip_item(rem)
    };
    if name.is_empty() {
        format!("{action}Item")
    } else {
        name
    }
}

/// Maps a Go type to a spec type expression; `Err` says what could not be mapped.
pub fn map_type(t: &GoType, resolve: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    match t {
        GoType::Pointer(inner) => map_type(inner, resolve),
        GoType::Interface => Ok("json".into()),
        GoType::Named(n) => match n.as_str() {
            "string" => Ok("string".into()),
            "int32" => Ok("i32".into()),
            "int64" | "int" => Ok("i64".into()),
            "uint32" => Ok("u32".into()),
            "float32" => Ok("f32".into()),
            "float64" => Ok("f64".into()),
            "bool" => Ok("bool".into()),
            _ => resolve(n).ok_or_else(|| format!("unknown Go type `{n}`")),
        },
        GoType::Slice(inner) => {
            if *inner.pointee() == GoType::Named("byte".into()) {
                return Err("`[]byte` is not mapped".into());
            }
            Ok(format!("list<{}>", map_type(inner, resolve)?))
        }
        GoType::Array(..) => Err(format!("array type `{t}` is not mapped")),
        GoType::Map(k, v) => {
            if *k.pointee() != GoType::Named("string".into()) {
                return Err(format!("map key type in `{t}` is not `string`"));
            }
            Ok(format!("map<string,{}>", map_type(v, resolve)?))
        }
    }
}

/// Whether a spec type expression is a scalar (travels in a query string).
fn is_scalar(ty: &str) -> bool {
    matches!(
        ty,
        "string" | "i32" | "i64" | "u32" | "f32" | "f64" | "bool"
    )
}

/// Builds a spec field from a Go field; `place` names it in notes (`request.Foo`).
fn field_of(
    f: &GoField,
    place: &str,
    file: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
    notes: &mut Vec<String>,
) -> Field {
    let wire = f.wire_name().to_string();
    let (ty, source) = match map_type(&f.ty, resolve) {
        Ok(t) => (t, None),
        Err(e) => {
            notes.push(format!("{place} ({file}:{}): {e}; written as json", f.line));
            (
                "json".to_string(),
                Some(format!(
                    "importer: the Go type `{}` is not mapped; written as json",
                    f.ty
                )),
            )
        }
    };
    let snake = wire.to_snake_case();
    let rust_name = if RUST_KEYWORDS.contains(&snake.as_str())
        || RESERVED_FIELD_NAMES.contains(&snake.as_str())
    {
        Some(format!("{snake}_"))
    } else {
        None
    };
    let valid = snake.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && snake
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid {
        notes.push(format!(
            "{place} ({file}:{}): the wire name `{wire}` gives no snake_case Rust name (`{snake}`); set rust_name",
            f.line
        ));
    }
    Field {
        name: wire,
        doc_type: f.ty.to_string(),
        ty,
        required: f.required(),
        rust_name,
        example: None,
        description: Text {
            zh: f.description(),
            en: TODO_EN.into(),
        },
        constraints: Default::default(),
        accepts_only: None,
        source,
        not_enum: None,
        sensitive: false,
    }
}

fn fields_of(
    s: &GoStruct,
    place: &str,
    file: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
    notes: &mut Vec<String>,
) -> Vec<Field> {
    let mut out: Vec<Field> = Vec::new();
    let mut snakes: BTreeMap<String, String> = BTreeMap::new();
    for e in &s.embedded {
        notes.push(format!(
            "{place} ({file}:{}): the embedded field `{e}` of {} is not imported",
            s.line, s.name
        ));
    }
    for f in &s.fields {
        if f.skipped() {
            continue;
        }
        let p = format!("{place}.{}", f.wire_name());
        let field = field_of(f, &p, file, resolve, notes);
        let snake = field
            .rust_name
            .clone()
            .unwrap_or_else(|| field.name.to_snake_case());
        if let Some(prev) = snakes.insert(snake.clone(), field.name.clone()) {
            notes.push(format!(
                "{p} ({file}:{}): collides with `{prev}` as the Rust name `{snake}`; set rust_name on one",
                f.line
            ));
        }
        if out.iter().any(|x| x.name == field.name) {
            notes.push(format!(
                "{p} ({file}:{}): the wire name is used twice in {}",
                f.line, s.name
            ));
            continue;
        }
        out.push(field);
    }
    out
}

fn typedef_of(
    s: &GoStruct,
    place: &str,
    file: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
    notes: &mut Vec<String>,
) -> TypeDef {
    TypeDef {
        kind: TypeKind::Object,
        description: Text {
            zh: s.description(),
            en: TODO_EN.into(),
        },
        source: None,
        fields: fields_of(s, place, file, resolve, notes),
        base: None,
        open: false,
        values: Vec::new(),
        discriminator: None,
        discriminator_default: None,
        variants: Vec::new(),
    }
}

/// Whether two object types have the same fields (name, type, required).
pub fn same_fields(a: &TypeDef, b: &TypeDef) -> bool {
    a.kind == b.kind
        && a.fields.len() == b.fields.len()
        && a.fields.iter().zip(&b.fields).all(|(x, y)| {
            x.name == y.name && norm_ty(&x.ty) == norm_ty(&y.ty) && x.required == y.required
        })
}

/// A type expression without spaces (`map<string, T>` → `map<string,T>`).
pub fn norm_ty(t: &str) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The action's reachable structs: (struct, parent struct, field, side), breadth first from the
/// request's fields, then the result's.
fn reach<'a>(
    model: &'a GoModel,
    r: &Roots<'a>,
) -> Vec<(&'a GoStruct, &'a GoStruct, &'a GoField, Side)> {
    let mut out = Vec::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut queue: VecDeque<(&GoStruct, Side)> = VecDeque::new();
    if let Some(req) = r.request {
        seen.insert(&req.name);
        queue.push_back((req, Side::Request));
    }
    match &r.result {
        ResultShape::Fields(s) => {
            seen.insert(&s.name);
            queue.push_back((s, Side::Result));
        }
        ResultShape::Type(t) => {
            // A list Result: its element struct, reached through the Res struct's Result field.
            if let Some(res) = r.res_struct {
                if let Some(f) = res.fields.iter().find(|f| f.name == "Result") {
                    for s in struct_refs(model, t) {
                        if seen.insert(&s.name) {
                            out.push((s, res, f, Side::Result));
                            queue.push_back((s, Side::Result));
                        }
                    }
                }
            }
        }
        ResultShape::Absent => {}
    }
    while let Some((s, side)) = queue.pop_front() {
        for f in &s.fields {
            for t in struct_refs(model, &f.ty) {
                if seen.insert(&t.name) {
                    out.push((t, s, f, side));
                    queue.push_back((t, side));
                }
            }
        }
    }
    out
}

/// Converts every action of `config` (or only those named in `only`, when not empty).
pub fn convert(
    model: &GoModel,
    config: &GoConfig,
    only: &[String],
    opts: &ConvertOptions<'_>,
) -> Result<Converted, String> {
    for name in only {
        if !config.apis.iter().any(|a| &a.action == name) {
            return Err(format!(
                "--action {name}: no such action in {}",
                config.file
            ));
        }
    }
    let mut apis: Vec<&ApiInfo> = config.apis.iter().collect();
    apis.sort_by(|a, b| a.action.cmp(&b.action));
    let all_roots: Vec<(&ApiInfo, Roots<'_>)> =
        apis.iter().map(|a| (*a, roots(model, a))).collect();

    // Which actions reach which struct (over all actions, whatever `only` says).
    let mut users: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut reached: Vec<Vec<(&GoStruct, &GoStruct, &GoField, Side)>> = Vec::new();
    for (api, r) in &all_roots {
        let list = reach(model, r);
        for (s, ..) in &list {
            users.entry(&s.name).or_default().insert(&api.action);
        }
        reached.push(list);
    }
    let mut out = Converted::default();
    let root_names: BTreeSet<String> = apis
        .iter()
        .flat_map(|a| {
            [
                "Body",
                "Query",
                "Res",
                "ResResult",
                "Req",
                "",
                "ResResponseMetadata",
                "ResResponseMetadataError",
            ]
            .into_iter()
            .map(move |s| format!("{}{s}", a.action))
        })
        .collect();
    for s in model.structs.values() {
        if !users.contains_key(s.name.as_str())
            && !root_names.contains(&s.name)
            && !s.name.ends_with("ResResponseMetadata")
            && !s.name.ends_with("ResResponseMetadataError")
        {
            out.notes.push(format!(
                "{}:{}: struct {} is used by no action; not imported",
                model.file, s.line, s.name
            ));
        }
    }
    for (name, (ty, line)) in &model.others {
        out.notes.push(format!(
            "{}:{line}: `type {name} {ty}` is not a struct; not imported",
            model.file
        ));
    }

    // Family types: structs reached from two or more actions.
    let shared_go: Vec<&str> = users
        .iter()
        .filter(|(_, u)| u.len() > 1)
        .map(|(s, _)| *s)
        .collect();
    let version_tag = |v: &str| format!("V{}", v.replace('-', ""));
    let main_version = apis.first().map(|a| a.version.clone()).unwrap_or_default();
    let mut shared_names: BTreeMap<String, String> = BTreeMap::new();
    for g in &shared_go {
        let mut base = strip_item(g);
        if base.is_empty() || RESERVED_TYPE_NAMES.contains(&base.as_str()) {
            base = (*g).to_string();
        }
        shared_names.insert((*g).to_string(), base);
    }
    // Reuse a family type of another file when its fields are the same; rename otherwise, until
    // nothing changes (a renamed type changes the fields of the types that use it).
    let mut scratch = Vec::new();
    loop {
        let resolve_shared = |n: &str| shared_names.get(n).cloned();
        let mut rename = None;
        for g in &shared_go {
            let name = &shared_names[*g];
            if let Some(existing) = opts.existing_shared.get(name) {
                let def = typedef_of(
                    &model.structs[*g],
                    "",
                    &model.file,
                    &resolve_shared,
                    &mut scratch,
                );
                if !same_fields(existing, &def) {
                    rename = Some((g.to_string(), name.clone()));
                    break;
                }
            }
        }
        match rename {
            Some((g, name)) => {
                let tag = version_tag(&main_version);
                let mut new = format!("{name}{tag}");
                let mut n = 2;
                while opts.existing_shared.contains_key(&new)
                    || shared_names.values().any(|v| *v == new)
                {
                    new = format!("{name}{tag}{n}");
                    n += 1;
                }
                shared_names.insert(g, new);
            }
            None => break,
        }
    }
    let mut shared_taken: BTreeSet<String> = opts.existing_shared.keys().cloned().collect();
    shared_taken.extend(shared_names.values().cloned());
    {
        let resolve_shared = |n: &str| shared_names.get(n).cloned();
        for g in &shared_go {
            let name = &shared_names[*g];
            if opts.existing_shared.contains_key(name) {
                out.reused.insert(name.clone());
                continue;
            }
            let mut notes = Vec::new();
            let mut def = typedef_of(
                &model.structs[*g],
                &format!("type.{name}"),
                &model.file,
                &resolve_shared,
                &mut notes,
            );
            for f in &mut def.fields {
                f.example = field_example(f);
            }
            out.notes.extend(notes);
            out.shared.insert(name.clone(), def);
        }
    }

    for ((api, r), list) in all_roots.iter().zip(&reached) {
        if !only.is_empty() && !only.contains(&api.action) {
            continue;
        }
        out.actions.push(convert_action(
            model,
            api,
            r,
            list,
            &shared_names,
            &shared_taken,
            opts,
            &out.shared,
        ));
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn convert_action(
    model: &GoModel,
    api: &ApiInfo,
    r: &Roots<'_>,
    list: &[(&GoStruct, &GoStruct, &GoField, Side)],
    shared_names: &BTreeMap<String, String>,
    shared_taken: &BTreeSet<String>,
    opts: &ConvertOptions<'_>,
    new_shared: &BTreeMap<String, TypeDef>,
) -> ConvertedAction {
    let a = api.action.as_str();
    let mut notes = r.notes.clone();
    // Local names, in the order reached.
    let mut local: BTreeMap<String, String> = BTreeMap::new();
    let mut taken: BTreeSet<String> = shared_taken.clone();
    taken.extend(RESERVED_TYPE_NAMES.iter().map(|s| s.to_string()));
    taken.extend(RUST_KEYWORDS.iter().map(|s| s.to_string()));
    for g in ["Request", "Required", "Result"] {
        taken.insert(format!("{a}{g}"));
    }
    let mut shared_used = BTreeSet::new();
    let mut structs = Vec::new();
    for (s, parent, field, side) in list {
        structs.push(s.name.clone());
        if let Some(n) = shared_names.get(&s.name) {
            shared_used.insert(n.clone());
            continue;
        }
        let parent_local = local.get(&parent.name).cloned().unwrap_or_default();
        let base = local_base(&s.name, a, &parent.name, &parent_local, field);
        let prefixed = format!(
            "{}{base}",
            match side {
                Side::Request => "Request",
                Side::Result => "Result",
            }
        );
        let mut name = [base.clone(), prefixed, s.name.clone()]
            .into_iter()
            .find(|n| !taken.contains(n))
            .unwrap_or_default();
        let mut i = 2;
        while name.is_empty() || taken.contains(&name) {
            name = format!("{base}{i}");
            i += 1;
        }
        taken.insert(name.clone());
        local.insert(s.name.clone(), name);
    }
    let resolve = |n: &str| {
        local
            .get(n)
            .cloned()
            .or_else(|| shared_names.get(n).cloned())
    };
    let request = match r.request {
        Some(s) => {
            let fields = fields_of(s, "request", &model.file, &resolve, &mut notes);
            if r.placement == Placement::Query {
                for f in &fields {
                    if !is_scalar(&f.ty) {
                        notes.push(format!(
                            "request.{}: `{}` cannot travel in a query string",
                            f.name, f.ty
                        ));
                    }
                }
            }
            fields
        }
        None => Vec::new(),
    };
    let (result, result_type) = match &r.result {
        ResultShape::Absent => (Vec::new(), None),
        ResultShape::Fields(s) => (
            fields_of(s, "result", &model.file, &resolve, &mut notes),
            None,
        ),
        ResultShape::Type(t) => match map_type(t, &resolve) {
            Ok(ty) => (Vec::new(), Some(ty)),
            Err(e) => {
                notes.push(format!("result: {e}; written as json"));
                (Vec::new(), Some("json".into()))
            }
        },
    };
    let mut types = BTreeMap::new();
    for (s, ..) in list {
        if let Some(name) = local.get(&s.name) {
            let def = typedef_of(
                s,
                &format!("type.{name}"),
                &model.file,
                &resolve,
                &mut notes,
            );
            types.insert(name.clone(), def);
        }
    }
    let mut used_structs: Vec<String> = Vec::new();
    if let Some(s) = r.request {
        used_structs.push(s.name.clone());
    }
    if let Some(s) = r.res_struct {
        used_structs.push(s.name.clone());
    }
    if let ResultShape::Fields(s) = &r.result {
        used_structs.push(s.name.clone());
    }
    let nested = structs.len();
    let mut source_structs = used_structs.clone();
    if nested > 0 {
        source_structs.push(format!("{nested} nested"));
    }
    let mut all_types: BTreeMap<String, TypeDef> = opts.existing_shared.clone();
    all_types.extend(new_shared.iter().map(|(k, v)| (k.clone(), v.clone())));
    all_types.extend(types.iter().map(|(k, v)| (k.clone(), v.clone())));
    let lookup = &all_types;
    let mut request = request;
    let mut result = result;
    for f in request.iter_mut().chain(result.iter_mut()) {
        f.example = field_example(f);
    }
    for def in types.values_mut() {
        for f in &mut def.fields {
            f.example = field_example(f);
        }
    }
    let request_example = object_example(&request, lookup, 2, &mut Vec::new());
    let result_example = match (&result_type, r.result_optional, &r.result) {
        (Some(t), _, _) if t == "json" => None,
        (Some(t), _, _) if t == "string" => Some(Value::String("ok".into())),
        (Some(t), _, _) => Some(value_example("Result", t, lookup, 2, &mut Vec::new())),
        (None, _, ResultShape::Fields(_)) => {
            Some(object_example(&result, lookup, 3, &mut Vec::new()))
        }
        (None, _, _) => None,
    };
    let zh = r.request.map(|s| s.description()).unwrap_or_default();
    let paging = detect_paging(&request, &result);
    let spec = ActionSpec {
        action: a.to_string(),
        version: api.version.clone(),
        family: opts.family.to_string(),
        rust_name: None,
        method: if api.method == "GET" {
            Method::GET
        } else {
            Method::POST
        },
        params_in: r.placement,
        description: Text {
            zh,
            en: TODO_EN.into(),
        },
        source: (opts.source)(api, &source_structs),
        doc_url: None,
        limits: Limits::default(),
        idempotency_key: None,
        read_only: READ_ONLY_PREFIXES.iter().any(|p| {
            a.strip_prefix(p).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_uppercase())
            })
        }),
        replay_safe: None,
        group: None,
        paging,
        draft: true,
        deviations: Vec::new(),
        request,
        result,
        result_type,
        result_optional: r.result_optional,
        types,
        examples: vec![Example {
            source: ExampleSource::Written,
            request: request_example,
            result: result_example,
        }],
        fake: FakeBehaviour::default(),
    };
    ConvertedAction {
        spec,
        unmapped: notes,
        structs,
        shared_used,
    }
}

/// `paging:` when the request has PageNum+PageSize or Offset+Limit and the result one list field.
fn detect_paging(request: &[Field], result: &[Field]) -> Option<Paging> {
    let has = |n: &str| request.iter().any(|f| f.name == n);
    let lists: Vec<&Field> = result
        .iter()
        .filter(|f| f.ty.starts_with("list<"))
        .collect();
    let [items] = lists.as_slice() else {
        return None;
    };
    let total = ["Total", "TotalCount"]
        .into_iter()
        .find(|n| result.iter().any(|f| f.name == *n))
        .map(String::from);
    let base = Paging {
        style: PagingStyle::PageNumber,
        items: items.name.clone(),
        page: None,
        size: None,
        offset: None,
        cursor: None,
        next_cursor: None,
        has_more: None,
        total,
    };
    if has("PageNum") && has("PageSize") {
        Some(Paging {
            page: Some("PageNum".into()),
            size: Some("PageSize".into()),
            ..base
        })
    } else if has("Offset") && has("Limit") {
        Some(Paging {
            style: PagingStyle::Offset,
            offset: Some("Offset".into()),
            size: Some("Limit".into()),
            ..base
        })
    } else {
        None
    }
}

/// A string example chosen by the field's name.
fn string_example(name: &str) -> String {
    match name {
        "AppId" | "AppID" => return "your_app_id".into(),
        "RoomId" | "RoomID" => return "Room1".into(),
        "UserId" | "UserID" => return "User1".into(),
        "TaskId" | "TaskID" => return "Task1".into(),
        _ => {}
    }
    if name.contains("Url") || name.contains("URL") {
        return "https://example.com/".into();
    }
    for suffix in ["Id", "ID"] {
        if let Some(stem) = name.strip_suffix(suffix) {
            if !stem.is_empty() {
                return format!("{stem}1");
            }
        }
    }
    format!("your_{}", name.to_snake_case())
}

/// An example value of type `ty` for a field named `name`; `stack` holds the named types being
/// built (a recursive type gets an empty list or is left out).
fn value_example(
    name: &str,
    ty: &str,
    lookup: &BTreeMap<String, TypeDef>,
    optional: usize,
    stack: &mut Vec<String>,
) -> Value {
    let ty = norm_ty(ty);
    match ty.as_str() {
        "string" => return Value::String(string_example(name)),
        "i32" | "i64" | "u32" => return json!(1),
        "f32" | "f64" => return json!(1.0),
        "bool" => return json!(true),
        "json" => return json!({}),
        _ => {}
    }
    if let Some(inner) = ty.strip_prefix("list<").and_then(|r| r.strip_suffix('>')) {
        if stack.iter().any(|s| s == inner) || stack.len() > 6 {
            return json!([]);
        }
        return json!([value_example(name, inner, lookup, optional, stack)]);
    }
    if let Some(inner) = ty
        .strip_prefix("map<string,")
        .and_then(|r| r.strip_suffix('>'))
    {
        if stack.iter().any(|s| s == inner) || stack.len() > 6 {
            return json!({});
        }
        return json!({ "key": value_example(name, inner, lookup, optional, stack) });
    }
    match lookup.get(&ty) {
        Some(def) if def.kind == TypeKind::Object => {
            stack.push(ty.clone());
            let v = object_example(&def.fields, lookup, optional.min(1), stack);
            stack.pop();
            v
        }
        Some(def) => def
            .values
            .first()
            .map(|v| v.value.clone())
            .unwrap_or(Value::Null),
        None => Value::Null,
    }
}

/// An object with every required field and up to `optional` optional ones (scalars first).
fn object_example(
    fields: &[Field],
    lookup: &BTreeMap<String, TypeDef>,
    optional: usize,
    stack: &mut Vec<String>,
) -> Value {
    let mut obj = serde_json::Map::new();
    let mut picked: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let scalar_optional = fields
        .iter()
        .filter(|f| !f.required && is_scalar(&norm_ty(&f.ty)));
    let other_optional = fields
        .iter()
        .filter(|f| !f.required && !is_scalar(&norm_ty(&f.ty)));
    picked.extend(scalar_optional.chain(other_optional).take(optional));
    for f in fields {
        if !picked.iter().any(|p| std::ptr::eq(*p, f)) {
            continue;
        }
        let recursive = stack.iter().any(|s| *s == norm_ty(&f.ty));
        if recursive {
            continue;
        }
        let v = value_example(&f.name, &f.ty, lookup, optional, stack);
        if !v.is_null() {
            obj.insert(f.name.clone(), v);
        }
    }
    Value::Object(obj)
}

/// A field's `example:`: for scalars and lists or maps of scalars.
fn field_example(f: &Field) -> Option<Value> {
    let t = norm_ty(&f.ty);
    let inner = t
        .strip_prefix("list<")
        .or_else(|| t.strip_prefix("map<string,"))
        .and_then(|r| r.strip_suffix('>'))
        .unwrap_or(&t);
    if is_scalar(inner) {
        Some(value_example(
            &f.name,
            &t,
            &BTreeMap::new(),
            0,
            &mut Vec::new(),
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singular_forms() {
        assert_eq!(singular("Regions"), "Region");
        assert_eq!(singular("Policies"), "Policy");
        assert_eq!(singular("StreamList"), "StreamList");
        assert_eq!(singular("Status"), "Status");
        assert_eq!(singular("Addresses"), "Address");
        assert_eq!(singular("Data"), "Data");
        assert_eq!(singular("TargetStreams"), "TargetStream");
        assert_eq!(
            strip_item("LayoutCustomLayoutRegionsItem"),
            "LayoutCustomLayoutRegion"
        );
        assert_eq!(strip_item("Item"), "");
    }

    #[test]
    fn maps_go_types() {
        let none = |_: &str| None;
        let t = |s: GoType| map_type(&s, &none);
        let named = |n: &str| GoType::Named(n.into());
        let ptr = |t: GoType| GoType::Pointer(Box::new(t));
        assert_eq!(t(ptr(named("int64"))).unwrap(), "i64");
        assert_eq!(t(named("int")).unwrap(), "i64");
        assert_eq!(t(ptr(named("float32"))).unwrap(), "f32");
        assert_eq!(
            t(GoType::Slice(Box::new(ptr(named("string"))))).unwrap(),
            "list<string>"
        );
        assert_eq!(
            t(GoType::Map(
                Box::new(named("string")),
                Box::new(named("int64"))
            ))
            .unwrap(),
            "map<string,i64>"
        );
        assert_eq!(t(GoType::Interface).unwrap(), "json");
        assert!(t(named("time.Time")).unwrap_err().contains("time.Time"));
    }

    #[test]
    fn string_examples() {
        assert_eq!(string_example("AppId"), "your_app_id");
        assert_eq!(string_example("RoomId"), "Room1");
        assert_eq!(string_example("BusinessId"), "Business1");
        assert_eq!(string_example("PushURL"), "https://example.com/");
        assert_eq!(string_example("Message"), "your_message");
    }
}
