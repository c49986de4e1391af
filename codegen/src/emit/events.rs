//! The `callbacks` module of the generated crate: per family, one struct per documented
//! `EventData`, the event files' own types, and a non-exhaustive `Event` enum decoding an envelope's
//! `EventType` and `EventData` (through the `volcengine-rtc-auth` crate's `CallbackEvent` trait).
//!
//! Event types are decoded, not validated: a field's constraints are documentation, so that an
//! event the service sends is never dropped for a value the documentation did not foresee. Enums
//! are open (any value decodes; the documented ones are constants), and unknown fields are ignored.

use proc_macro2::TokenStream;
use quote::quote;

use super::paths::{ident, rust_type};
use super::{file, GeneratedFile, Timings};
use crate::cache::Cache;
use crate::doc;
use crate::ir::{
    Api, EnumBase, EventFamily, EventField, EventItem, EventTypeItem, EventValue, Provenance,
};

/// The callbacks module's files (none when the spec has no events).
pub(super) fn files(
    api: &Api,
    crate_dir: &str,
    cache: Option<&Cache>,
    t: &mut Timings,
) -> Result<Vec<GeneratedFile>, String> {
    if api.callbacks.is_empty() {
        return Ok(Vec::new());
    }
    let p = &api.provenance;
    let dir = format!("{crate_dir}/src/callbacks");
    let all: Vec<String> = api
        .callbacks
        .iter()
        .flat_map(|f| f.files.iter().cloned())
        .collect();
    let mut out = vec![file(
        format!("{dir}/mod.rs"),
        &folder_sources(p, "every family's event files in api-spec/callbacks/", &all),
        None,
        &|| callbacks_mod(api),
        cache,
        t,
    )?];
    for fam in &api.callbacks {
        out.push(file(
            format!("{dir}/{}.rs", fam.name),
            &folder_sources(
                p,
                &format!("the event files in api-spec/callbacks/{}/", fam.name),
                &fam.files,
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
fn folder_sources(p: &Provenance, folder: &str, files: &[String]) -> String {
    let refs: Vec<&str> = files.iter().map(String::as_str).collect();
    let full = super::own_sources(p, &refs);
    let hash = full
        .rsplit_once("(SHA-256 ")
        .map_or("", |(_, h)| h.trim_end_matches(')'));
    format!("{folder} ({} files, SHA-256 {hash})", files.len())
}

/// `pub mod callbacks;` for the crate root, when the spec has events.
pub(super) fn lib_item(api: &Api) -> TokenStream {
    if api.callbacks.is_empty() {
        return TokenStream::new();
    }
    quote! {
        #[rustfmt::skip]
        pub mod callbacks;
    }
}

fn callbacks_mod(api: &Api) -> TokenStream {
    let mods = api.callbacks.iter().map(|f| {
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

fn family_mod(fam: &EventFamily) -> TokenStream {
    let d = doc::inner_attrs(&format!(
        "The callback events of the `{}` family. [`Event`] is what an envelope decodes to: a \
         variant per event type, typed where its `EventData` is documented, raw JSON where it is \
         not, and [`Event::Unknown`] for a type the spec does not know yet.",
        fam.name
    ));
    let structs = fam.events.iter().filter_map(event_struct);
    let types = fam.types.iter().map(type_item);
    let variants = fam.events.iter().map(|e| {
        let v = ident(&e.name);
        let d = doc::attrs(&e.doc);
        match data_type(e) {
            Some(t) => quote! { #d #v(#t), },
            None => quote! { #d #v(::serde_json::Value), },
        }
    });
    let names: Vec<&str> = fam.events.iter().map(|e| e.name.as_str()).collect();
    let decode_arms = fam.events.iter().map(|e| {
        let name = &e.name;
        let v = ident(name);
        if data_type(e).is_some() {
            quote! { #name => Self::#v(::serde_json::from_value(data).map_err(wrong_shape)?), }
        } else {
            quote! { #name => Self::#v(data), }
        }
    });
    let type_arms = fam.events.iter().map(|e| {
        let (name, v) = (&e.name, ident(&e.name));
        quote! { Self::#v(_) => #name, }
    });
    let sensitive_arms: Vec<TokenStream> = fam
        .events
        .iter()
        .filter(|e| !e.sensitive.is_empty())
        .map(|e| {
            let (v, paths) = (ident(&e.name), &e.sensitive);
            quote! { Self::#v(_) => &[#(#paths),*], }
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
        let v = ident(&e.name);
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

/// The type an event's variant carries when its `EventData` is typed: its own struct (`fields`)
/// or the family type it shares (`data`).
fn data_type(e: &EventItem) -> Option<proc_macro2::Ident> {
    match (&e.fields, &e.data_type) {
        (Some(_), _) => Some(ident(&e.name)),
        (None, Some(t)) => Some(ident(t)),
        (None, None) => None,
    }
}

fn event_struct(e: &EventItem) -> Option<TokenStream> {
    let fields = e.fields.as_ref()?;
    Some(object(&e.name, doc::attrs(&e.data_doc), fields))
}

fn object(name: &str, d: TokenStream, fields: &[EventField]) -> TokenStream {
    let n = ident(name);
    let masked: Vec<super::types::Shown<'_>> = fields
        .iter()
        .map(|f| super::types::Shown {
            rust: &f.rust,
            sensitive: f.sensitive,
            required: f.required,
            keys: &f.sensitive_keys,
        })
        .collect();
    // A struct with a secret writes its `Debug` out, as actions' types do.
    let debug = super::types::masked_debug_impl(name, &masked);
    let derive_debug = if debug.is_none() {
        quote! { Debug, }
    } else {
        TokenStream::new()
    };
    let fields = fields.iter().map(|f| {
        let rust = ident(&f.rust);
        let wire = &f.wire;
        let fd = doc::attrs(&f.doc);
        let t = rust_type(&f.ty);
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
    quote! {
        #d
        #[derive(Clone, #derive_debug PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #n { #(#fields)* }
        #debug
    }
}

fn type_item(t: &EventTypeItem) -> TokenStream {
    match t {
        EventTypeItem::Enum {
            name,
            doc: d,
            base,
            values,
        } => enum_item(name, doc::attrs(d), *base, values),
        EventTypeItem::Object {
            name,
            doc: d,
            fields,
        } => object(name, doc::attrs(d), fields),
    }
}

fn enum_item(name: &str, d: TokenStream, base: EnumBase, values: &[EventValue]) -> TokenStream {
    let n = ident(name);
    let string = base == EnumBase::String;
    let consts = values.iter().map(|v| {
        let k = ident(&v.constant);
        let vd = doc::attrs(&v.doc);
        let value = literal(&v.value, string);
        quote! { #vd pub const #k: Self = Self(#value); }
    });
    let arms = values.iter().map(|v| {
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
    } else if base == EnumBase::I32 {
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
