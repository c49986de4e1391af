//! The `callbacks` module of the generated crate: per family, one struct per documented
//! `EventData`, the event files' own types, and a non-exhaustive `Event` enum decoding an envelope's
//! `EventType` and `EventData` (through the `volcengine-rtc-auth` crate's `CallbackEvent` trait).
//!
//! Event types are decoded, not validated: a field's constraints are documentation, so that an
//! event the service sends is never dropped for a value the documentation did not foresee. Enums
//! are open (any value decodes; the documented ones are constants), and unknown fields are ignored.

use heck::{ToShoutySnakeCase, ToSnakeCase};
use proc_macro2::TokenStream;
use quote::quote;

use super::paths::ident;
use super::{file, GeneratedFile, Timings};
use crate::cache::Cache;
use crate::doc;
use crate::events::{EventFamilyModel, EventModel};
use crate::lower::docs::{field_doc, text};
use crate::model::Spec;
use crate::spec::{Field, TypeDef, TypeKind};
use crate::ty::Ty;

/// The callbacks module's files (none when the spec has no events).
pub(super) fn files(
    spec: &Spec,
    crate_dir: &str,
    cache: Option<&Cache>,
    t: &mut Timings,
) -> Result<Vec<GeneratedFile>, String> {
    if spec.callbacks.is_empty() {
        return Ok(Vec::new());
    }
    let dir = format!("{crate_dir}/src/callbacks");
    let all: Vec<String> = spec
        .callbacks
        .iter()
        .flat_map(|f| f.events.iter().map(|e| e.file.clone()))
        .collect();
    let mut out = vec![file(
        format!("{dir}/mod.rs"),
        &folder_sources(
            spec,
            "every family's event files in api-spec/callbacks/",
            &all,
        ),
        None,
        &|| callbacks_mod(spec),
        cache,
        t,
    )?];
    for fam in &spec.callbacks {
        let sources: Vec<String> = fam.events.iter().map(|e| e.file.clone()).collect();
        out.push(file(
            format!("{dir}/{}.rs", fam.name),
            &folder_sources(
                spec,
                &format!("the event files in api-spec/callbacks/{}/", fam.name),
                &sources,
            ),
            None,
            &|| family_mod(fam),
            cache,
            t,
        )?);
    }
    Ok(out)
}

/// A header's sources for a file made from a folder's event files: the folder, how many files, and
/// the SHA-256 over them (the headers stay one short line however many events there are).
fn folder_sources(spec: &Spec, folder: &str, files: &[String]) -> String {
    let refs: Vec<&str> = files.iter().map(String::as_str).collect();
    let full = super::own_sources(spec, &refs);
    let hash = full
        .rsplit_once("(SHA-256 ")
        .map_or("", |(_, h)| h.trim_end_matches(')'));
    format!("{folder} ({} files, SHA-256 {hash})", files.len())
}

/// `pub mod callbacks;` for the crate root, when the spec has events.
pub(super) fn lib_item(spec: &Spec) -> TokenStream {
    if spec.callbacks.is_empty() {
        return TokenStream::new();
    }
    quote! {
        #[rustfmt::skip]
        pub mod callbacks;
    }
}

fn callbacks_mod(spec: &Spec) -> TokenStream {
    let mods = spec.callbacks.iter().map(|f| {
        let name = ident(&f.name);
        // Documented by its own file's inner docs only: rustdoc reads intra-doc links of a
        // module's inner docs in the parent's scope when the declaration has docs too.
        quote! { pub mod #name; }
    });
    let d = doc::inner_attrs(
        "Server callbacks: the events Volcengine POSTs to your callback URL, generated from \
         `api-spec/callbacks/`. One module per family, each with an `Event` enum that decodes an \
         envelope's `EventType` and `EventData`. The envelope itself (parsing, signature, freshness, \
         de-duplication) is the `volcengine-rtc-auth` crate's: verify with it, then decode with \
         `envelope.event::<callbacks::<family>::Event>()`.",
    );
    quote! {
        #d
        #(#mods)*
    }
}

fn family_mod(fam: &EventFamilyModel) -> TokenStream {
    let d = doc::inner_attrs(&format!(
        "The callback events of the `{}` family. [`Event`] is what an envelope decodes to: a \
         variant per event type, typed where its `EventData` is documented, raw JSON where it is \
         not, and [`Event::Unknown`] for a type the spec does not know yet.",
        fam.name
    ));
    let structs = fam.events.iter().filter_map(event_struct);
    let types = fam
        .events
        .iter()
        .flat_map(|e| e.spec.types.iter().map(|(n, d)| type_item(n, d)));
    let variants = fam.events.iter().map(|e| {
        let v = ident(&e.spec.event);
        let d = doc::attrs(&event_doc(e));
        match data_type(e) {
            Some(t) => quote! { #d #v(#t), },
            None => quote! { #d #v(::serde_json::Value), },
        }
    });
    let names: Vec<&str> = fam.events.iter().map(|e| e.spec.event.as_str()).collect();
    let decode_arms = fam.events.iter().map(|e| {
        let name = &e.spec.event;
        let v = ident(name);
        if data_type(e).is_some() {
            quote! { #name => Self::#v(::serde_json::from_value(data).map_err(wrong_shape)?), }
        } else {
            quote! { #name => Self::#v(data), }
        }
    });
    let type_arms = fam.events.iter().map(|e| {
        let (name, v) = (&e.spec.event, ident(&e.spec.event));
        quote! { Self::#v(_) => #name, }
    });
    let sensitive_arms: Vec<TokenStream> = fam
        .events
        .iter()
        .filter_map(|e| {
            let paths = sensitive_paths(fam, e);
            if paths.is_empty() {
                return None;
            }
            let v = ident(&e.spec.event);
            Some(quote! { Self::#v(_) => &[#(#paths),*], })
        })
        .collect();
    let sensitive_body = if sensitive_arms.is_empty() {
        quote! { &[] }
    } else {
        quote! {
            match self {
                #(#sensitive_arms)*
                _ => &[],
            }
        }
    };
    let ser_arms = fam.events.iter().map(|e| {
        let v = ident(&e.spec.event);
        quote! { Self::#v(e) => ::serde::Serialize::serialize(e, s), }
    });
    quote! {
        #d
        #(#structs)*
        #(#types)*

        /// A callback event of this family, decoded from an envelope's `EventType` and `EventData`.
        /// Serialises as its `EventData`.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum Event {
            #(#variants)*
            /// An event type the spec does not know (yet), with its `EventData` as JSON.
            Unknown {
                /// `EventType`, as sent.
                event_type: ::std::string::String,
                /// `EventData`, parsed.
                data: ::serde_json::Value,
            },
        }

        impl Event {
            /// Every event type of this family the spec knows, sorted.
            pub const EVENT_TYPES: &'static [&'static str] = &[#(#names),*];

            /// Decodes `event_data` (an envelope's `EventData` text) of an event of `event_type`:
            /// not JSON, or JSON not of the documented shape (a missing required field, a wrongly
            /// typed value), is an error naming the event type.
            pub fn decode(
                event_type: &str,
                event_data: &str,
            ) -> ::std::result::Result<Self, ::volcengine_rtc_auth::EventError> {
                let data: ::serde_json::Value = ::serde_json::from_str(event_data).map_err(|e| {
                    ::volcengine_rtc_auth::EventError::NotJson {
                        event_type: event_type.to_string(),
                        reason: e.to_string(),
                    }
                })?;
                #[allow(unused_variables)]
                let wrong_shape = |e: ::serde_json::Error| ::volcengine_rtc_auth::EventError::WrongShape {
                    event_type: event_type.to_string(),
                    reason: e.to_string(),
                };
                ::std::result::Result::Ok(match event_type {
                    #(#decode_arms)*
                    _ => Self::Unknown { event_type: event_type.to_string(), data },
                })
            }

            /// The paths of this event's `sensitive` fields in its JSON (wire names joined by
            /// `.`, as `volcengine_openapi::sensitive::mask_json` takes them): what a tool that
            /// prints events masks.
            pub fn sensitive_paths(&self) -> &'static [&'static str] {
                #sensitive_body
            }

            /// The `EventType` this event came with.
            pub fn event_type(&self) -> &str {
                match self {
                    #(#type_arms)*
                    Self::Unknown { event_type, .. } => event_type,
                }
            }
        }

        impl ::serde::Serialize for Event {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#ser_arms)*
                    Self::Unknown { data, .. } => ::serde::Serialize::serialize(data, s),
                }
            }
        }

        impl ::volcengine_rtc_auth::CallbackEvent for Event {
            fn decode(
                event_type: &str,
                event_data: &str,
            ) -> ::std::result::Result<Self, ::volcengine_rtc_auth::EventError> {
                Event::decode(event_type, event_data)
            }
            fn event_type(&self) -> &str {
                Event::event_type(self)
            }
        }
    }
}

/// The sensitive paths of an event's `EventData` (its fields, or its `data` type's).
fn sensitive_paths(fam: &EventFamilyModel, e: &EventModel) -> Vec<String> {
    let lookup = |name: &str| fam.events.iter().find_map(|e| e.spec.types.get(name));
    let fields = match (&e.spec.fields, &e.spec.data) {
        (Some(f), _) => f.as_slice(),
        (None, Some(t)) => lookup(t).map_or(&[][..], |d| d.fields.as_slice()),
        (None, None) => &[],
    };
    crate::sensitive::sensitive_paths(fields, &lookup)
}

/// The type an event's variant carries when its `EventData` is typed: its own struct (`fields`)
/// or the family type it shares (`data`).
fn data_type(e: &EventModel) -> Option<proc_macro2::Ident> {
    match (&e.spec.fields, &e.spec.data) {
        (Some(_), _) => Some(ident(&e.spec.event)),
        (None, Some(t)) => Some(ident(t)),
        (None, None) => None,
    }
}

fn event_doc(e: &EventModel) -> String {
    let mut d = format!(
        "{}: {}",
        doc::code(&e.spec.event),
        text(&e.spec.description)
    );
    if e.spec.fields.is_none() && e.spec.data.is_none() {
        d.push_str(
            "\n\nIts `EventData` is not documented: it is carried as JSON (fields written into \
             the event's spec file make it typed).",
        );
    }
    d
}

fn event_struct(e: &EventModel) -> Option<TokenStream> {
    let fields = e.spec.fields.as_ref()?;
    let d = doc::attrs(&format!("The `EventData` of {}", event_doc(e)));
    Some(object(&e.spec.event, d, fields))
}

fn object(name: &str, d: TokenStream, fields: &[Field]) -> TokenStream {
    let n = ident(name);
    let debug = masked_debug(name, fields);
    let fields = fields.iter().map(|f| {
        let ty = Ty::parse(&f.ty).unwrap_or(Ty::Json);
        let rust = ident(
            &f.rust_name
                .clone()
                .unwrap_or_else(|| f.name.to_snake_case()),
        );
        let wire = &f.name;
        let fd = doc::attrs(&field_doc(f, &ty));
        let t = rust_type(&ty);
        if f.required {
            quote! { #fd #[serde(rename = #wire)] pub #rust: #t, }
        } else {
            quote! {
                #fd
                #[serde(rename = #wire, default, skip_serializing_if = "::std::option::Option::is_none")]
                pub #rust: ::std::option::Option<#t>,
            }
        }
    });
    let derive_debug = if debug.is_none() {
        quote! { Debug, }
    } else {
        TokenStream::new()
    };
    quote! {
        #d
        #[derive(Clone, #derive_debug PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #n { #(#fields)* }
        #debug
    }
}

/// The written-out `Debug` of an event struct with a `sensitive` field (`***` in its place, as
/// for actions), or nothing when no field is sensitive (the struct derives it).
fn masked_debug(name: &str, fields: &[Field]) -> Option<TokenStream> {
    let names: Vec<String> = fields
        .iter()
        .map(|f| {
            f.rust_name
                .clone()
                .unwrap_or_else(|| f.name.to_snake_case())
        })
        .collect();
    let fields: Vec<(&str, bool, bool)> = fields
        .iter()
        .zip(&names)
        .map(|(f, n)| (n.as_str(), f.sensitive, f.required))
        .collect();
    super::types::masked_debug_impl(name, &fields)
}

fn type_item(name: &str, def: &TypeDef) -> TokenStream {
    let d = doc::attrs(&text(&def.description));
    match def.kind {
        TypeKind::Enum => enum_item(name, d, def),
        _ => object(name, d, &def.fields),
    }
}

fn enum_item(name: &str, d: TokenStream, def: &TypeDef) -> TokenStream {
    let n = ident(name);
    let string = def.base.as_deref() == Some("string");
    let consts = def.values.iter().map(|v| {
        let k = ident(&v.name.to_shouty_snake_case());
        let vd = doc::attrs(&format!("`{}`: {}", v.value, text(&v.description)));
        let value = literal(&v.value, string);
        quote! { #vd pub const #k: Self = Self(#value); }
    });
    let arms = def.values.iter().map(|v| {
        let name = &v.name;
        let pat = match (&v.value, string) {
            (serde_json::Value::String(s), true) => quote! { #s },
            (other, _) => {
                let i = proc_macro2::Literal::i64_unsuffixed(other.as_i64().unwrap_or_default());
                quote! { #i }
            }
        };
        quote! { #pat => ::std::option::Option::Some(#name), }
    });
    let (inner, scrutinee) = if string {
        (
            quote! { ::std::borrow::Cow<'static, str> },
            quote! { &*self.0 },
        )
    } else if def.base.as_deref() == Some("i32") {
        (quote! { i32 }, quote! { self.0 })
    } else {
        (quote! { i64 }, quote! { self.0 })
    };
    quote! {
        #d
        ///
        /// Open: any value decodes; the documented ones are the constants.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct #n(pub #inner);
        impl #n {
            #(#consts)*
            /// The documented name of this value (as the spec writes it), if it is a documented one.
            pub fn name(&self) -> ::std::option::Option<&'static str> {
                match #scrutinee {
                    #(#arms)*
                    _ => ::std::option::Option::None,
                }
            }
            /// Whether this is one of the documented values.
            pub fn is_known(&self) -> bool {
                self.name().is_some()
            }
        }
    }
}

fn literal(v: &serde_json::Value, string: bool) -> TokenStream {
    match v {
        serde_json::Value::String(s) if string => quote! { ::std::borrow::Cow::Borrowed(#s) },
        other => {
            let i = proc_macro2::Literal::i64_unsuffixed(other.as_i64().unwrap_or_default());
            quote! { #i }
        }
    }
}

fn rust_type(ty: &Ty) -> TokenStream {
    match ty {
        Ty::I32 => quote! { i32 },
        Ty::I64 => quote! { i64 },
        Ty::U32 => quote! { u32 },
        Ty::F32 => quote! { f32 },
        Ty::F64 => quote! { f64 },
        Ty::Bool => quote! { bool },
        Ty::String => quote! { ::std::string::String },
        Ty::Json => quote! { ::serde_json::Value },
        Ty::List(t) => {
            let t = rust_type(t);
            quote! { ::std::vec::Vec<#t> }
        }
        Ty::Map(t) => {
            let t = rust_type(t);
            quote! { ::std::collections::BTreeMap<::std::string::String, #t> }
        }
        Ty::Named(n) => {
            let n = ident(n);
            quote! { #n }
        }
    }
}
