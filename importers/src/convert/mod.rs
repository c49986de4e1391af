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
//!   the model a named object type; pointers only mean optional. `doc_type` is the documented word
//!   of the type (`Integer`, `Array of String`, `Object of Layout`: see [`doc_type`]), never the Go
//!   type.
//! - A field whose text lists values with meanings (`0：…`, `- 1: …`, `取值：`, what spec-check's
//!   `enum-description` rule reports) is typed with an enum: one of the spec's when it stands for the
//!   same values and meanings, else one declared from the list (see the `enums` module).
//!   `REQUIRED` in the comment makes a field required. Wire names come from the `json` tag.
//! - `read_only: true` when the action's name starts with Get, List, Query, Describe, Search or Check;
//!   `paging:` when the request has `PageNum` and `PageSize` (or `Offset` and `Limit`) and the result
//!   exactly one list field.
//!
//! Names of nested types (see [`NAMING_RULES`]).

use std::collections::{BTreeMap, BTreeSet};

use crate::go_model::{ApiInfo, GoConfig, GoField, GoModel, GoStruct, GoType};

/// Names a generated type may not take (the generator qualifies every path, so only its own
/// per-action items remain).
const RESERVED_TYPE_NAMES: &[&str] = codegen::ACTION_ITEM_NAMES;
use codegen::spec::{ActionSpec, Placement, TypeDef};

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
    /// What the enum pass did.
    pub enums: EnumCounts,
}

/// What the conversion needs besides the model.
pub struct ConvertOptions<'a> {
    /// The family (`rtc`).
    pub family: &'a str,
    /// The family's types defined in other types files (not rewritten by this run), by name.
    pub existing_shared: &'a BTreeMap<String, TypeDef>,
    /// Per action, the types of the file this run updates (same version): its enums are reused
    /// for the same value lists.
    pub existing_local: &'a BTreeMap<String, BTreeMap<String, TypeDef>>,
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
                f.example = field_example(f, opts.existing_shared);
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
    out.enums = enums::declare(&mut out, opts);
    doc_types::document(&mut out, opts.existing_shared, opts.existing_local);
    let mut family = opts.existing_shared.clone();
    family.extend(out.shared.iter().map(|(k, v)| (k.clone(), v.clone())));
    for def in out.shared.values_mut() {
        for f in &mut def.fields {
            f.example = field_example(f, &family);
        }
    }
    let empty = BTreeMap::new();
    for a in &mut out.actions {
        let mut lookup = family.clone();
        let own = opts.existing_local.get(&a.spec.action).unwrap_or(&empty);
        lookup.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
        lookup.extend(a.spec.types.iter().map(|(k, v)| (k.clone(), v.clone())));
        examples::refresh(&mut a.spec, &lookup);
    }
    Ok(out)
}

mod action;
mod doc_types;
mod enum_values;
mod enums;
mod examples;
mod naming;
#[cfg(test)]
mod tests;
mod types;

pub use doc_types::doc_type;
pub use enums::EnumCounts;
pub use naming::singular;
pub use types::{map_type, norm_ty, same_fields};

use action::convert_action;
use examples::field_example;
use naming::strip_item;
use types::{reach, typedef_of};
