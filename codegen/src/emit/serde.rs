//! Serde impls, gated by direction: the hand-written object `Serialize` and `Deserialize` and a union's
//! tagged `Serialize` and `Deserialize`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::paths::{ident, rust_type};
use crate::ir::{Directions, FieldItem, TypeItem, UnionBody};

/// `Serialize` for a generated struct, exactly what serde's derive writes for it (a struct of the
/// Rust name, each field under its wire name, an optional field skipped with `skip_field` when
/// `None`, the length counting the present fields, stopping at the first error), without the
/// derive's expansion and without a `?` per field: the runtime's `de::StructWriter` carries the
/// first error.
pub fn object_serialize(name: &str, fields: &[FieldItem], d: Directions) -> TokenStream {
    let gate = serialize_gate(d);
    let id = ident(name);
    let required = fields.iter().filter(|f| f.required).count();
    let optional: Vec<TokenStream> = fields
        .iter()
        .filter(|f| !f.required)
        .map(|f| {
            let fname = ident(&f.rust);
            quote! { self.#fname.is_some() }
        })
        .collect();
    let present = quote! { ::volcengine_openapi::de::present(&[#(#optional),*]) };
    let len = match (required, optional.is_empty()) {
        (_, true) => quote! { #required },
        (0, false) => present,
        _ => quote! { #required + #present },
    };
    let writes = fields.iter().map(|f| {
        let (fname, wire) = (ident(&f.rust), &f.wire);
        if f.required {
            quote! { ::volcengine_openapi::de::write(&mut w, #wire, &self.#fname); }
        } else {
            quote! { ::volcengine_openapi::de::write_optional(&mut w, #wire, &self.#fname); }
        }
    });
    let w = if fields.is_empty() {
        quote! { w }
    } else {
        quote! { mut w }
    };
    quote! {
        #gate
        impl ::serde::Serialize for #id {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let #w = ::volcengine_openapi::de::writer(::serde::Serializer::serialize_struct(serializer, #name, #len));
                #(#writes)*
                ::volcengine_openapi::de::end(w)
            }
        }
    }
}

/// The gate of a hand-written `Serialize` impl: none, or the `serde` feature (results).
fn serialize_gate(d: Directions) -> TokenStream {
    if d.ser {
        quote! {}
    } else {
        quote! { #[cfg(feature = "serde")] }
    }
}

/// The gate of a `Deserialize` impl: none, or the `serde` feature (requests).
pub fn deserialize_gate(d: Directions) -> TokenStream {
    if d.de {
        quote! {}
    } else {
        quote! { #[cfg(feature = "serde")] }
    }
}

/// `Deserialize` for a generated struct, from a JSON object only: unknown keys are skipped, a
/// missing optional field is `None`, a missing required one is an error naming it; a repeated key
/// keeps its last value, as `serde_json::Value` does. Written out here instead of derived because
/// serde's derive also emits sequence and byte-key paths JSON never takes. The visitor is the
/// runtime's (`de::object`), each entry is read by a runtime helper and the match has one `?`:
/// type-checking and borrow-checking these bodies is most of what the crate costs to compile.
pub fn object_deserialize(name: &str, fields: &[FieldItem], d: Directions) -> TokenStream {
    let gate = deserialize_gate(d);
    let id = ident(name);
    let expecting = format!("a `{name}` object");
    let de = quote! { ::volcengine_openapi::de };
    let read_loop = |arms: Vec<TokenStream>| {
        quote! {
            while let ::std::option::Option::Some(key) = map.next_key::<#de::Key<'de>>()? {
                match key.as_str() {
                    #(#arms)*
                    _ => #de::skip(&mut map),
                }?;
            }
        }
    };
    let body = if fields.is_empty() {
        quote! {
            while map.next_entry::<::serde::de::IgnoredAny, ::serde::de::IgnoredAny>()?.is_some() {}
            ::std::result::Result::Ok(#id {})
        }
    } else if fields.iter().all(|f| !f.required) {
        // Every field optional: the struct has `Default` and is filled in place.
        let arms = fields
            .iter()
            .map(|f| {
                let (wire, fname) = (&f.wire, ident(&f.rust));
                quote! { #wire => #de::field(&mut map, &mut out.#fname), }
            })
            .collect();
        let read = read_loop(arms);
        quote! {
            let mut out = <Self as ::std::default::Default>::default();
            #read
            ::std::result::Result::Ok(out)
        }
    } else {
        let vars: Vec<Ident> = (0..fields.len()).map(|i| format_ident!("f{i}")).collect();
        let decls = fields.iter().zip(&vars).map(|(f, var)| {
            let rt = rust_type(&f.ty);
            quote! { let mut #var: ::std::option::Option<#rt> = ::std::option::Option::None; }
        });
        let arms = fields
            .iter()
            .zip(&vars)
            .map(|(f, var)| {
                let wire = &f.wire;
                if f.required {
                    quote! { #wire => #de::required_field(&mut map, &mut #var), }
                } else {
                    quote! { #wire => #de::field(&mut map, &mut #var), }
                }
            })
            .collect();
        let read = read_loop(arms);
        let inits = fields.iter().zip(&vars).map(|(f, var)| {
            let fname = ident(&f.rust);
            let wire = &f.wire;
            if f.required {
                quote! { #fname: #de::required(#var, #wire)? }
            } else {
                quote! { #fname: #var }
            }
        });
        quote! {
            #(#decls)*
            #read
            ::std::result::Result::Ok(#id { #(#inits,)* })
        }
    };
    quote! {
        #gate
        impl<'de> ::serde::Deserialize<'de> for #id {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #de::object(deserializer)
            }
        }
        #gate
        impl<'de> #de::FromMap<'de> for #id {
            const EXPECTING: &'static str = #expecting;
            fn from_map<A: ::serde::de::MapAccess<'de>>(mut map: A) -> ::std::result::Result<Self, A::Error> {
                #body
            }
        }
    }
}

/// A union's serde: the discriminator field beside the variant's fields; decoding reads the
/// discriminator first (buffered as JSON) and keeps an unknown one as `Other`.
pub fn union_serde(t: &TypeItem, u: &UnionBody) -> TokenStream {
    let id = ident(&t.name);
    let disc = &u.discriminator;
    let ser_arms = u.variants.iter().map(|v| {
        let (vid, value) = (ident(&v.name), &v.value);
        quote! { Self::#vid(x) => ::volcengine_openapi::de::serialize_tagged(serializer, #disc, #value, x) }
    });
    let de_arms = u.variants.iter().enumerate().map(|(i, v)| {
        let vid = ident(&v.name);
        quote! {
            ::std::option::Option::Some(#i) => ::serde_json::from_value(value).map(Self::#vid).map_err(<D::Error as ::serde::de::Error>::custom)
        }
    });
    let values = u.variants.iter().map(|v| v.value.as_str());
    let ser_gate = serialize_gate(t.directions);
    let de_gate = deserialize_gate(t.directions);
    quote! {
        #ser_gate
        impl ::serde::Serialize for #id {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#ser_arms,)*
                    Self::Other(x) => ::serde::Serialize::serialize(x, serializer),
                }
            }
        }
        #de_gate
        impl<'de> ::serde::Deserialize<'de> for #id {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                match ::volcengine_openapi::de::variant(&value, #disc, &[#(#values),*]) {
                    #(#de_arms,)*
                    _ => ::std::result::Result::Ok(Self::Other(value)),
                }
            }
        }
    }
}
