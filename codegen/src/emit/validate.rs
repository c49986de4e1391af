//! `Validate` impls: each constraint checked before any I/O, with the field's wire path.

use proc_macro2::TokenStream;
use quote::quote;

use super::paths::{ident, opt_i64, opt_usize, type_path};
use crate::ir::{
    ConditionKind, Constraints, EnumBase, FieldItem, NamedKind, RustTy, TypeItem, UnionBody,
};

/// The `Validate` impl of an object type: one check per constrained field.
pub fn object_validate(
    name: &str,
    fields: &[FieldItem],
    request: Option<(&str, &str)>,
) -> TokenStream {
    let id = ident(name);
    let checks: Vec<TokenStream> = fields
        .iter()
        .filter_map(|f| field_checks(f, request))
        .chain(fields.iter().flat_map(condition_checks))
        .collect();
    let v = if checks.is_empty() {
        quote! { _v }
    } else {
        quote! { v }
    };
    quote! {
        impl ::volcengine_openapi::validate::Validate for #id {
            fn validate(&self, #v: &mut ::volcengine_openapi::validate::Violations) {
                #(#checks)*
            }
        }
    }
}

/// The `Validate` impl of a union: the variant's, or a check that `Other` has a discriminator.
pub fn union_validate(t: &TypeItem, u: &UnionBody) -> TokenStream {
    let id = ident(&t.name);
    let disc = &u.discriminator;
    let arms = u.variants.iter().map(|v| {
        let vid = ident(&v.name);
        quote! { Self::#vid(x) => ::volcengine_openapi::validate::Validate::validate(x, v) }
    });
    if u.keyed() {
        return keyed_union_validate(t, u);
    }
    let missing = format!("required: the discriminator of {}, a string", t.name);
    quote! {
        impl ::volcengine_openapi::validate::Validate for #id {
            fn validate(&self, v: &mut ::volcengine_openapi::validate::Violations) {
                match self {
                    #(#arms,)*
                    Self::Other(x) => {
                        if ::volcengine_openapi::de::tag(x, #disc).is_none() {
                            v.push(#disc, #missing);
                        }
                    }
                }
            }
        }
    }
}

/// A keyed union's `Validate`: the variant's object's, under its field; `Other` must not be a
/// listed value without its object (a mismatched pair read from JSON) and must have a
/// discriminator.
fn keyed_union_validate(t: &TypeItem, u: &UnionBody) -> TokenStream {
    let id = ident(&t.name);
    let disc = &u.discriminator;
    let arms = u.variants.iter().map(|v| {
        let (vid, field) = (ident(&v.name), v.field.as_deref().unwrap_or_default());
        quote! { Self::#vid(x) => v.nested(#field, x) }
    });
    let tags: Vec<TokenStream> = u
        .variants
        .iter()
        .map(|v| super::serde::union_tag(u, &v.value))
        .collect();
    let needs = u.variants.iter().enumerate().map(|(i, v)| {
        let field = v.field.as_deref().unwrap_or_default();
        let msg = format!("required: {disc} {} goes with its object {field}", v.value);
        quote! { ::std::option::Option::Some(#i) => v.push(#field, #msg) }
    });
    let default = match &u.default {
        Some(d) => {
            let tag = super::serde::union_tag(u, d);
            quote! { ::std::option::Option::Some(#tag) }
        }
        None => quote! { ::std::option::Option::None },
    };
    let missing = format!("required: the discriminator of {}", t.name);
    quote! {
        impl ::volcengine_openapi::validate::Validate for #id {
            fn validate(&self, v: &mut ::volcengine_openapi::validate::Violations) {
                match self {
                    #(#arms,)*
                    Self::Other(x) => match ::volcengine_openapi::union::keyed_variant(x, #disc, #default, &[#(#tags),*]) {
                        #(#needs,)*
                        _ => if x.get(#disc).is_none_or(|d| d.is_null()) {
                            v.push(#disc, #missing);
                        },
                    },
                }
            }
        }
    }
}

/// The checks of a field's conditions: its presence against its sibling's value (compared as
/// JSON).
fn condition_checks(f: &FieldItem) -> Vec<TokenStream> {
    let (fname, wire) = (ident(&f.rust), &f.wire);
    f.conditions
        .iter()
        .map(|c| {
            let (sibling, values, msg) = (ident(&c.sibling), &c.values, &c.message);
            let holds = quote! {
                ::volcengine_openapi::validate::is_one_of(&self.#sibling, &[#(#values),*])
            };
            let broken = match c.kind {
                ConditionKind::Required => quote! { self.#fname.is_none() && #holds },
                ConditionKind::Only => quote! { self.#fname.is_some() && !#holds },
                ConditionKind::Forbidden => quote! { self.#fname.is_some() && #holds },
            };
            quote! { if #broken { v.push(#wire, #msg); } }
        })
        .collect()
}

/// Validation statements for one field, or None when nothing can be wrong with it. `request` is
/// the action's name and version, for `accepts_only` messages.
fn field_checks(f: &FieldItem, request: Option<(&str, &str)>) -> Option<TokenStream> {
    let wire = &f.wire;
    let mut stmts = value_checks(&f.ty, &f.constraints, wire, quote! { x });
    if let (Some(only), Some((action, version))) = (&f.accepts_only, request) {
        let msg = format!(
            "not accepted by {action} ({version}): it takes only {}",
            only.accepted.join(", ")
        );
        for (rust, iwire) in &only.rejected {
            let iname = ident(rust);
            stmts.push(quote! {
                if x.#iname.is_some() { v.nested_violation(#wire, #iwire, #msg); }
            });
        }
    }
    if stmts.is_empty() {
        return None;
    }
    let fname = ident(&f.rust);
    Some(if f.required {
        quote! { { let x = &self.#fname; #(#stmts)* } }
    } else {
        quote! { if let ::std::option::Option::Some(x) = &self.#fname { #(#stmts)* } }
    })
}

/// Checks of a value `x` (a reference) of type `ty` at field `wire` (`""` inside a list's or a
/// map's per-item check, whose path the runtime keeps).
fn value_checks(ty: &RustTy, c: &Constraints, wire: &str, x: TokenStream) -> Vec<TokenStream> {
    let mut s = Vec::new();
    let items = c.items.as_deref().cloned().unwrap_or_default();
    let object_like = |t: &RustTy| matches!(t, RustTy::Named(n) if matches!(n.kind, NamedKind::Object { .. } | NamedKind::Union));
    match ty {
        t if object_like(t) => s.push(quote! { v.nested(#wire, #x); }),
        RustTy::Named(n) if matches!(n.kind, NamedKind::Enum { open: false, .. }) => {
            let path = type_path(n);
            s.push(quote! { if !#x.is_known() { v.unknown_value(#wire, #x, #path::DOCUMENTED); } })
        }
        RustTy::List(inner) | RustTy::Map(inner) => {
            let list = matches!(ty, RustTy::List(_));
            let objects = object_like(inner) && items == Constraints::default();
            if objects && list {
                s.push(quote! { v.nested_each(#wire, #x); });
            } else if objects {
                s.push(quote! { v.nested_map(#wire, #x); });
            } else {
                let per_item = value_checks(inner, &items, "", quote! { item });
                if !per_item.is_empty() {
                    if list {
                        s.push(quote! { v.each(#wire, #x, |v, item| { #(#per_item)* }); });
                    } else {
                        s.push(quote! { v.each_value(#wire, #x, |v, item| { #(#per_item)* }); });
                    }
                }
            }
        }
        _ => {}
    }
    let enum_base = match ty {
        RustTy::Named(n) => match n.kind {
            NamedKind::Enum { base, .. } => Some(base),
            _ => None,
        },
        _ => None,
    };
    let enum_inner = enum_base.is_some();
    let is64 = matches!(ty, RustTy::I64) || enum_base == Some(EnumBase::I64);
    let num = |x: &TokenStream| match (enum_inner, is64) {
        (true, true) => quote! { #x.0 },
        (true, false) => quote! { i64::from(#x.0) },
        (false, true) => quote! { *#x },
        (false, false) => quote! { i64::from(*#x) },
    };
    let float = |n: &serde_json::Number| {
        let v = n.as_f64().unwrap_or_default();
        if matches!(ty, RustTy::F32) {
            proc_macro2::Literal::f32_suffixed(v as f32)
        } else {
            proc_macro2::Literal::f64_suffixed(v)
        }
    };
    let opt_float = |b: &Option<serde_json::Number>| match b {
        Some(n) => {
            let l = float(n);
            quote! { ::std::option::Option::Some(#l) }
        }
        None => quote! { ::std::option::Option::None },
    };
    if ty.is_float() {
        // Every float is checked, constrained or not: an infinity or NaN (a JSON number too large
        // for `f32`, say) would be sent as `null`.
        let name = if matches!(ty, RustTy::F32) {
            "f32"
        } else {
            "f64"
        };
        s.push(quote! { v.finite(#wire, *#x, #name); });
    }
    if c.min.is_some() || c.max.is_some() {
        if ty.is_float() {
            let (lo, hi) = (opt_float(&c.min), opt_float(&c.max));
            s.push(quote! { v.range_float(#wire, *#x, #lo, #hi); });
        } else {
            let n = num(&x);
            let lo = opt_i64(c.min.as_ref().and_then(|n| n.as_i64()));
            let hi = opt_i64(c.max.as_ref().and_then(|n| n.as_i64()));
            s.push(quote! { v.range(#wire, #n, #lo, #hi); });
        }
    }
    if let Some(m) = &c.multiple_of {
        if ty.is_float() {
            let m = proc_macro2::Literal::f64_suffixed(m.as_f64().unwrap_or(1.0));
            s.push(quote! { v.multiple_of_float(#wire, *#x, #m); });
        } else {
            let n = num(&x);
            let m = proc_macro2::Literal::i64_suffixed(m.as_i64().unwrap_or(1));
            s.push(quote! { v.multiple_of(#wire, #n, #m); });
        }
    }
    if c.min_len.is_some() || c.max_len.is_some() {
        let len = if matches!(ty, RustTy::String) {
            quote! { #x.chars().count() }
        } else {
            quote! { #x.len() }
        };
        let lo = opt_usize(c.min_len);
        let hi = opt_usize(c.max_len);
        s.push(quote! { v.length(#wire, #len, #lo, #hi); });
    }
    if c.min_bytes.is_some() || c.max_bytes.is_some() {
        let lo = opt_usize(c.min_bytes);
        let hi = opt_usize(c.max_bytes);
        s.push(quote! { v.byte_length(#wire, #x.len(), #lo, #hi); });
    }
    if let Some(p) = &c.pattern {
        s.push(quote! {
            {
                static PATTERN: ::volcengine_openapi::validate::Pattern =
                    ::volcengine_openapi::validate::Pattern::new(#p);
                v.pattern(#wire, #x, &PATTERN);
            }
        });
    }
    if let Some(vals) = &c.one_of {
        if vals.iter().all(|v| v.is_string()) {
            let strs = vals.iter().filter_map(|v| v.as_str());
            let val = if enum_inner {
                quote! { &#x.0 }
            } else {
                quote! { #x.as_str() }
            };
            s.push(quote! { v.one_of_str(#wire, #val, &[#(#strs),*]); });
        } else {
            let ints = vals
                .iter()
                .filter_map(|v| v.as_i64())
                .map(proc_macro2::Literal::i64_unsuffixed);
            let n = num(&x);
            s.push(quote! { v.one_of_int(#wire, #n, &[#(#ints),*]); });
        }
    }
    s
}
