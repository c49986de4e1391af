//! Names of nested types and singular forms (the rules: [`super::NAMING_RULES`]).

use crate::go_model::{GoField, GoModel, GoStruct, GoType};

/// The structs a type mentions, in order.
pub(crate) fn struct_refs<'a>(model: &'a GoModel, t: &GoType) -> Vec<&'a GoStruct> {
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
pub(crate) fn strip_item(name: &str) -> String {
    match name.strip_suffix("Item") {
        Some(rest) if !rest.is_empty() => singular(rest),
        Some(_) => String::new(),
        None => name.to_string(),
    }
}

/// `name` without `prefix` when the rest is empty or starts a new word (an uppercase letter or a digit).
pub(crate) fn strip_word_prefix<'a>(name: &'a str, prefix: &str) -> Option<&'a str> {
    name.strip_prefix(prefix).filter(|r| {
        r.is_empty() || r.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit())
    })
}

/// Rules 1 to 4 for a struct reached from `action` through `field` of the struct `parent` (whose
/// local name is `parent_local`, empty for the request, the result and the `Res` struct).
pub(crate) fn local_base(
    go: &str,
    action: &str,
    parent: &str,
    parent_local: &str,
    field: &GoField,
) -> String {
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
