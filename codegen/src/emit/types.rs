//! Type declarations: objects (with a constructor from their required fields and setters for the
//! others), enums (constants, names, `Debug`/`Display` with the wire value) and unions.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::paths::{ident, rust_type};
use super::{serde, validate};
use crate::doc::{attrs, code};
use crate::ir::{Directions, EnumBase, EnumBody, FieldItem, RustTy, TypeBody, TypeItem, UnionBody};

/// A named type's items.
pub fn type_def(t: &TypeItem) -> TokenStream {
    match &t.body {
        TypeBody::Object(fields) => object_def(&t.name, fields, &t.doc, None, t.directions),
        TypeBody::Enum(e) => enum_def(t, e),
        TypeBody::Union(u) => union_def(t, u),
    }
}

/// An object type: the struct, its `Serialize` and `Deserialize`, its constructor and setters, its `Validate`.
/// `request` is the action's name and version when the object is an action's request.
pub fn object_def(
    name: &str,
    fields: &[FieldItem],
    doc: &str,
    request: Option<(&str, &str)>,
    directions: Directions,
) -> TokenStream {
    let id = ident(name);
    let has_required = fields.iter().any(|f| f.required);
    // Derive macros live in their own namespace: a spec type named `Debug` does not hide them.
    // A type with a secret writes its `Debug` out, showing `***` for the secret.
    let masked = fields
        .iter()
        .any(|f| f.sensitive || !f.sensitive_keys.is_empty());
    let mut derives = vec![quote! { Clone }, quote! { PartialEq }];
    if !masked {
        derives.insert(0, quote! { Debug });
    }
    if fields.iter().all(|f| f.ty.is_eq()) {
        derives.push(quote! { Eq });
    }
    if !has_required {
        derives.push(quote! { Default });
    }
    let serialize_impl = serde::object_serialize(name, fields, directions);
    let deserialize_impl = serde::object_deserialize(name, fields, directions);

    let decls = fields.iter().map(|f| {
        let fname = ident(&f.rust);
        let rt = rust_type(&f.ty);
        let d = attrs(&f.doc);
        if f.required {
            quote! { #d pub #fname: #rt }
        } else {
            quote! {
                #d
                pub #fname: ::std::option::Option<#rt>
            }
        }
    });

    // Constructor from the required fields, and setters for the optional ones.
    let ctor = has_required.then(|| {
        let req_id = format_ident!("{}Required", name.strip_suffix("Request").unwrap_or(name));
        let req_decls = fields.iter().filter(|f| f.required).map(|f| {
            let fname = ident(&f.rust);
            let rt = rust_type(&f.ty);
            let d = attrs(&format!("See [`{name}::{}`].", f.rust));
            quote! { #d pub #fname: #rt }
        });
        let inits = fields.iter().map(|f| {
            let fname = ident(&f.rust);
            if f.required {
                quote! { #fname: required.#fname }
            } else {
                quote! { #fname: ::std::option::Option::None }
            }
        });
        let req_doc = attrs(&format!(
            "The required fields of [`{name}`], by name: a missing one is a compile error naming it, and \
             two fields of one type cannot be swapped by position."
        ));
        let required: Vec<&FieldItem> = fields.iter().filter(|f| f.required).collect();
        let req_debug = masked_debug(&req_id.to_string(), &required);
        let req_derive = if masked {
            quote! { #[derive(Clone, PartialEq)] }
        } else {
            quote! { #[derive(Debug, Clone, PartialEq)] }
        };
        quote! {
            #req_doc
            #req_derive
            pub struct #req_id { #(#req_decls,)* }
            #req_debug
            impl #id {
                /// Builds the value from its required fields; every optional field starts empty.
                pub fn new(required: #req_id) -> Self {
                    Self { #(#inits,)* }
                }
            }
        }
    });
    let setters: Vec<TokenStream> = fields
        .iter()
        .filter(|f| !f.required)
        .map(|f| {
            let fname = ident(&f.rust);
            let rt = rust_type(&f.ty);
            let d = attrs(&format!("Sets {}.", code(&f.wire)));
            quote! {
                #d
                pub fn #fname(mut self, value: impl ::std::convert::Into<#rt>) -> Self {
                    self.#fname = ::std::option::Option::Some(value.into());
                    self
                }
            }
        })
        .collect();
    let setters = (!setters.is_empty()).then(|| quote! { impl #id { #(#setters)* } });
    // An answer's optional list reads as a slice, empty when absent (no `as_ref().and_then(..)`).
    let getters: Vec<TokenStream> = fields
        .iter()
        .filter(|f| directions.de && request.is_none() && !f.required)
        .filter_map(|f| {
            let RustTy::List(item) = &f.ty else {
                return None;
            };
            let (fname, it) = (ident(&f.rust), rust_type(item));
            let getter = format_ident!("{}_or_empty", f.rust.trim_end_matches('_'));
            let d = attrs(&format!(
                "{} as a slice: empty when the answer left it out.",
                code(&f.wire)
            ));
            Some(quote! {
                #d
                pub fn #getter(&self) -> &[#it] {
                    self.#fname.as_deref().unwrap_or_default()
                }
            })
        })
        .collect();
    let getters = (!getters.is_empty()).then(|| quote! { impl #id { #(#getters)* } });
    let validate = validate::object_validate(name, fields, request);
    let doc = attrs(doc);
    // Every object may gain optional fields as the service does (a minor change, VERSIONING.md):
    // users build one with its constructor and setters, and read or assign its fields, never
    // write it as a struct literal, so a new field breaks no user's build.
    let non_exhaustive = quote! { #[non_exhaustive] };
    let debug = masked_debug(name, &fields.iter().collect::<Vec<_>>());
    quote! {
        #doc
        #[derive(#(#derives),*)]
        #non_exhaustive
        pub struct #id { #(#decls,)* }
        #debug
        #serialize_impl
        #deserialize_impl
        #ctor
        #setters
        #getters
        #validate
    }
}

/// The written-out `Debug` of a struct with a sensitive field (`***` in its place, `Some(***)`
/// when optional), or nothing when no field is sensitive (the struct derives it).
fn masked_debug(name: &str, fields: &[&FieldItem]) -> Option<TokenStream> {
    let fields: Vec<Shown<'_>> = fields
        .iter()
        .map(|f| Shown {
            rust: &f.rust,
            sensitive: f.sensitive,
            required: f.required,
            keys: &f.sensitive_keys,
        })
        .collect();
    masked_debug_impl(name, &fields)
}

/// How a field shows in a written-out `Debug`.
pub(super) struct Shown<'a> {
    /// Its Rust name.
    pub rust: &'a str,
    /// A secret: shown as `***`.
    pub sensitive: bool,
    /// Present always (else `Option`).
    pub required: bool,
    /// A `json` field's secret keys: their values shown as `***`.
    pub keys: &'a [String],
}

/// The `Debug` impl of struct `name`, showing its secrets as `***` (a `sensitive` field whole, a
/// `json` field's `sensitive_keys` values inside it); nothing when it has none. Actions' types and
/// callback events share it.
pub(super) fn masked_debug_impl(name: &str, fields: &[Shown<'_>]) -> Option<TokenStream> {
    if !fields.iter().any(|f| f.sensitive || !f.keys.is_empty()) {
        return None;
    }
    let id = ident(name);
    let entries = fields.iter().map(|f| {
        let (rust, keys) = (f.rust, f.keys);
        let fname = ident(rust);
        let shown = match (f.sensitive, f.required) {
            (false, true) if !keys.is_empty() => quote! {
                &::volcengine_openapi::sensitive::MaskedKeys(&self.#fname, &[#(#keys),*])
            },
            (false, false) if !keys.is_empty() => quote! {
                &self.#fname.as_ref().map(|v| ::volcengine_openapi::sensitive::MaskedKeys(v, &[#(#keys),*]))
            },
            (false, _) => quote! { &self.#fname },
            (true, true) => quote! { &::volcengine_openapi::sensitive::Masked },
            (true, false) => {
                quote! { &::volcengine_openapi::sensitive::masked_option(&self.#fname) }
            }
        };
        quote! { .field(#rust, #shown) }
    });
    Some(quote! {
        /// Shows every field but the secrets, which print as `***`.
        impl ::std::fmt::Debug for #id {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name) #(#entries)* .finish()
            }
        }
    })
}

fn enum_def(t: &TypeItem, e: &EnumBody) -> TokenStream {
    let name = t.name.as_str();
    let id = ident(name);
    let doc = attrs(&t.doc);
    let string = e.base == EnumBase::String;
    let lit = |v: &serde_json::Value| {
        if string {
            let s = v.as_str().unwrap_or_default();
            quote! { #s }
        } else {
            let n = proc_macro2::Literal::i64_unsuffixed(v.as_i64().unwrap_or_default());
            quote! { #n }
        }
    };
    let consts = e.values.iter().map(|v| {
        let c = format_ident!("{}", v.constant);
        let d = attrs(&v.doc);
        let val = lit(&v.value);
        let val = if string {
            quote! { ::std::borrow::Cow::Borrowed(#val) }
        } else {
            val
        };
        quote! { #d pub const #c: Self = Self(#val); }
    });
    let names = e.values.iter().map(|v| {
        let (val, n) = (lit(&v.value), &v.name);
        quote! { #val => ::std::option::Option::Some(#n) }
    });
    let constants = e.values.iter().map(|v| {
        let (val, c) = (lit(&v.value), &v.constant);
        quote! { #val => ::std::option::Option::Some(#c) }
    });
    let documented = e
        .values
        .iter()
        .map(|v| format!("{} ({})", v.constant, v.value))
        .collect::<Vec<_>>()
        .join(", ");
    let scrut = if string {
        quote! { &*self.0 }
    } else {
        quote! { self.0 }
    };
    let common = quote! {
        /// The documented values as text (`NAME (value), ...`), for messages.
        pub const DOCUMENTED: &'static str = #documented;
        /// The documented name of this value (as the spec writes it), if it is a documented one.
        pub fn name(&self) -> ::std::option::Option<&'static str> {
            match #scrut { #(#names,)* _ => ::std::option::Option::None }
        }
        /// The constant's name of this value (`DARK_BLUE`), if it is a documented one.
        pub fn constant(&self) -> ::std::option::Option<&'static str> {
            match #scrut { #(#constants,)* _ => ::std::option::Option::None }
        }
        /// Whether this is one of the documented values.
        pub fn is_known(&self) -> bool { self.name().is_some() }
    };
    let fmt_impls = quote! {
        /// `Name::CONSTANT (value)` for a documented value, `Name(value)` for another.
        impl ::std::fmt::Debug for #id {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::volcengine_openapi::validate::fmt_enum(f, ::std::option::Option::Some(#name), self.constant(), &self.0)
            }
        }
        /// `CONSTANT (value)` for a documented value, the value alone for another.
        impl ::std::fmt::Display for #id {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::volcengine_openapi::validate::fmt_enum(f, ::std::option::Option::None, self.constant(), &self.0)
            }
        }
    };
    if string {
        quote! {
            #doc
            #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(transparent)]
            pub struct #id(pub ::std::borrow::Cow<'static, str>);
            impl #id {
                #(#consts)*
                #common
            }
            impl ::std::convert::From<&'static str> for #id {
                fn from(v: &'static str) -> Self { Self(::std::borrow::Cow::Borrowed(v)) }
            }
            impl ::std::convert::From<::std::string::String> for #id {
                fn from(v: ::std::string::String) -> Self { Self(::std::borrow::Cow::Owned(v)) }
            }
            #fmt_impls
        }
    } else {
        let bt = ident(if e.base == EnumBase::I64 {
            "i64"
        } else {
            "i32"
        });
        quote! {
            #doc
            #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(transparent)]
            pub struct #id(pub #bt);
            impl #id {
                #(#consts)*
                #common
            }
            impl ::std::convert::From<#bt> for #id {
                fn from(v: #bt) -> Self { Self(v) }
            }
            #fmt_impls
        }
    }
}

/// A union: one variant per listed discriminator value, holding that variant's object, and
/// `Other` for any other value (kept as JSON).
fn union_def(t: &TypeItem, u: &UnionBody) -> TokenStream {
    let id = ident(&t.name);
    let doc = attrs(&t.doc);
    let decls = u.variants.iter().map(|v| {
        let (vid, rt, d) = (ident(&v.name), rust_type(&v.ty), attrs(&v.doc));
        quote! { #d #vid(#rt) }
    });
    let other_doc = attrs(&format!(
        "Any other {}: the object as received (its `Debug` shows only the discriminator).",
        code(&u.discriminator)
    ));
    // `From` each variant's type, where no other variant holds the same type.
    let froms = u.variants.iter().filter_map(|v| {
        let unique = u.variants.iter().filter(|o| o.ty == v.ty).count() == 1;
        unique.then(|| {
            let (vid, rt) = (ident(&v.name), rust_type(&v.ty));
            quote! {
                impl ::std::convert::From<#rt> for #id {
                    fn from(v: #rt) -> Self { Self::#vid(v) }
                }
            }
        })
    });
    let serde_impls = serde::union_serde(t, u);
    let validate = validate::union_validate(t, u);
    // `Debug` written out: an `Other` object shows its discriminator and masks the rest (it may
    // carry secrets the spec does not describe); the variants' own types mask their secrets.
    let debug_arms = u.variants.iter().map(|v| {
        let (vid, name) = (ident(&v.name), v.name.as_str());
        quote! { Self::#vid(v) => f.debug_tuple(#name).field(v).finish(), }
    });
    let disc = &u.discriminator;
    quote! {
        #doc
        #[derive(Clone, PartialEq)]
        // A new variant (a new discriminator value in the spec) breaks no user's `match`.
        #[non_exhaustive]
        pub enum #id {
            #(#decls,)*
            #other_doc
            Other(::serde_json::Value),
        }
        /// Shows the variant; an `Other` object shows its discriminator only, the rest as `***`.
        impl ::std::fmt::Debug for #id {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#debug_arms)*
                    Self::Other(v) => f
                        .debug_tuple("Other")
                        .field(&::volcengine_openapi::union::MaskedOther { discriminator: #disc, value: v })
                        .finish(),
                }
            }
        }
        #serde_impls
        #(#froms)*
        #validate
    }
}
