//! Paths and literals: every emitted path is fully qualified (`::std::string::String`,
//! `::std::option::Option`, `::serde::..`, `::volcengine_openapi::..`), so that a spec type may be
//! named `Error`, `Value`, `Result` or `Option` without hiding anything the generated code uses.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{NamedTy, RustTy};

/// An identifier.
pub fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// The Rust type of a resolved type.
pub fn rust_type(ty: &RustTy) -> TokenStream {
    match ty {
        RustTy::I32 => quote! { i32 },
        RustTy::I64 => quote! { i64 },
        RustTy::U32 => quote! { u32 },
        RustTy::F32 => quote! { f32 },
        RustTy::F64 => quote! { f64 },
        RustTy::Bool => quote! { bool },
        RustTy::String => quote! { ::std::string::String },
        RustTy::Json => quote! { ::serde_json::Value },
        RustTy::List(t) => {
            let inner = rust_type(t);
            quote! { ::std::vec::Vec<#inner> }
        }
        RustTy::Map(t) => {
            let inner = rust_type(t);
            quote! { ::std::collections::BTreeMap<::std::string::String, #inner> }
        }
        RustTy::Named(n) => type_path(n),
    }
}

/// The path of a named type from where it is used: its name in its own module, or
/// `super::types::Name` from an action module.
pub fn type_path(n: &NamedTy) -> TokenStream {
    let id = ident(&n.name);
    if n.shared {
        quote! { super::types::#id }
    } else {
        quote! { #id }
    }
}

/// `Some(v)` or `None`, of a `u32`.
pub fn opt_u32(v: Option<u32>) -> TokenStream {
    match v {
        Some(v) => quote! { ::std::option::Option::Some(#v) },
        None => quote! { ::std::option::Option::None },
    }
}

/// `Some(v)` or `None`, of an `i64` (suffixed).
pub fn opt_i64(v: Option<i64>) -> TokenStream {
    match v {
        Some(n) => {
            let l = proc_macro2::Literal::i64_suffixed(n);
            quote! { ::std::option::Option::Some(#l) }
        }
        None => quote! { ::std::option::Option::None },
    }
}

/// `Some(v)` or `None`, of a `usize` (unsuffixed).
pub fn opt_usize(v: Option<u32>) -> TokenStream {
    match v {
        Some(n) => {
            let l = proc_macro2::Literal::usize_unsuffixed(n as usize);
            quote! { ::std::option::Option::Some(#l) }
        }
        None => quote! { ::std::option::Option::None },
    }
}

/// `Some("s")` or `None`.
pub fn opt_str(v: Option<&str>) -> TokenStream {
    match v {
        Some(s) => quote! { ::std::option::Option::Some(#s) },
        None => quote! { ::std::option::Option::None },
    }
}
