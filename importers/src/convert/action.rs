//! One action: its request, result, types, paging and example.

use std::collections::{BTreeMap, BTreeSet};

use super::examples::{field_example, object_example, result_example};
use super::naming::local_base;
use super::types::{fields_of, is_scalar, map_type, typedef_of};
use super::{
    ConvertOptions, ConvertedAction, ResultShape, Roots, Side, READ_ONLY_PREFIXES,
    RESERVED_TYPE_NAMES,
};
use crate::go_model::{ApiInfo, GoField, GoModel, GoStruct};
use crate::TODO_EN;
use codegen::spec::{
    ActionSpec, Example, ExampleSource, FakeBehaviour, Field, Limits, Method, Paging, PagingStyle,
    Placement, Text, TypeDef,
};
use codegen::RUST_KEYWORDS;

#[allow(clippy::too_many_arguments)]
pub(crate) fn convert_action(
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
        f.example = field_example(f, lookup);
    }
    for def in types.values_mut() {
        for f in &mut def.fields {
            f.example = field_example(f, lookup);
        }
    }
    let request_example = object_example(&request, lookup, 2, &mut Vec::new());
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
            result: None,
        }],
        fake: FakeBehaviour::default(),
    };
    let mut spec = spec;
    spec.examples[0].result =
        result_example(&spec, lookup, matches!(r.result, ResultShape::Fields(_)));
    ConvertedAction {
        spec,
        unmapped: notes,
        structs,
        shared_used,
    }
}

/// `paging:` when the request has PageNum+PageSize or Offset+Limit and the result one list field.
pub(crate) fn detect_paging(request: &[Field], result: &[Field]) -> Option<Paging> {
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
