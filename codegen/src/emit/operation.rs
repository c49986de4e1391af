//! An action's module: its types, request and result, its `OPERATION` (wire facts and retry
//! policy), its registry `INFO` (behind the `registry` feature), its `Action` impl and its call
//! function on the client.

use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::paths::{ident, opt_str, opt_u32, rust_type};
use super::types::{object_def, type_def};
use crate::doc::{attrs, code};
use crate::ir::{
    ActionItem, Directions, EnumBase, Family, Method, NamedKind, Placement, ResultShape, RustTy,
};

/// The registry's kind of a value.
fn value_kind(t: &RustTy) -> TokenStream {
    match t {
        RustTy::I32 | RustTy::I64 | RustTy::U32 => quote! { Integer },
        RustTy::F32 | RustTy::F64 => quote! { Number },
        RustTy::Bool => quote! { Bool },
        RustTy::String => quote! { String },
        RustTy::List(_) => quote! { List },
        RustTy::Named(n) => match n.kind {
            NamedKind::Enum {
                base: EnumBase::String,
                ..
            } => quote! { String },
            NamedKind::Enum { .. } => quote! { Integer },
            _ => quote! { Json },
        },
        RustTy::Json | RustTy::Map(_) => quote! { Json },
    }
}

/// The registry's kind of a query parameter (the checker admits only scalars and enums there).
fn query_kind(t: &RustTy) -> TokenStream {
    match t {
        RustTy::I32 | RustTy::I64 | RustTy::U32 => quote! { Integer },
        RustTy::F32 | RustTy::F64 => quote! { Number },
        RustTy::Bool => quote! { Bool },
        RustTy::Named(n)
            if matches!(
                n.kind,
                NamedKind::Enum {
                    base: EnumBase::I32 | EnumBase::I64,
                    ..
                }
            ) =>
        {
            quote! { Integer }
        }
        _ => quote! { String },
    }
}

/// An action's module.
pub fn action_mod(fam: &Family, a: &ActionItem) -> TokenStream {
    let facts = &a.facts;
    let upper = &a.type_base;
    let req_name = format!("{upper}Request");
    let res_name = format!("{upper}Result");
    let req = ident(&req_name);
    let res = ident(&res_name);
    let fn_name = ident(&a.snake);
    let label = format!("{} ({})", code(&facts.action), facts.version);
    let optional = if facts.result_optional {
        " The call answers `None` when the `Result` is absent or `null`."
    } else {
        ""
    };

    let local_types = a.types.iter().map(type_def);
    let req_struct = object_def(
        &req_name,
        &a.request,
        &a.request_doc,
        Some((&facts.action, &facts.version)),
        Directions::REQUEST,
    );
    let res_struct = match &a.result {
        ResultShape::Value(ty) => {
            let rt = rust_type(ty);
            let d = attrs(&format!(
                "The `Result` of {label}: {} on the wire.{optional}",
                code(facts.result_type.as_deref().unwrap_or_default())
            ));
            quote! { #d pub type #res = #rt; }
        }
        ResultShape::Ack => {
            let d = attrs(&format!(
                "The `Result` of {label}: an acknowledgement (`\"ok\"`, `\"success\"`, `{{}}`, `null` or absent on \
                 success), nothing to unwrap; [`Ack::received`](::volcengine_openapi::Ack::received) keeps what was sent."
            ));
            quote! { #d pub type #res = ::volcengine_openapi::Ack; }
        }
        ResultShape::Object(fields) => {
            let res_doc = if fields.is_empty() {
                format!("The `Result` of {label}: empty (`{{}}`).{optional}")
            } else {
                format!("The `Result` of {label}.{optional}")
            };
            object_def(&res_name, fields, &res_doc, None, Directions::RESULT)
        }
    };
    let answer = if facts.result_optional {
        quote! { ::std::option::Option<#res> }
    } else {
        quote! { #res }
    };

    let action_name = &facts.action;
    let command = a.snake.replace('_', "-");
    let version = &facts.version;
    let method_tok = match facts.method {
        Method::GET => quote! { ::volcengine_openapi::Method::Get },
        Method::POST => quote! { ::volcengine_openapi::Method::Post },
    };
    let placement_tok = match facts.params_in {
        Placement::Body => quote! { ::volcengine_openapi::Placement::Body },
        Placement::Query => quote! { ::volcengine_openapi::Placement::Query },
    };
    let qps = opt_u32(facts.qps);
    let shared_limit = super::rate_limits::operation_field(facts.shared_limit.as_deref());
    let idem_key = opt_str(facts.idempotency_key.as_deref());
    let read_only = facts.read_only;
    let replay_safe = facts.replay_safe;
    let family_static = format_ident!("FAMILY_{}", fam.name.to_shouty_snake_case());
    let (example_request, example_result) = (&facts.example_request, &facts.example_result);
    let store = opt_str(facts.fake_store.as_deref());
    let new_ids = &facts.fake_new_ids;
    let membership = match &facts.fake_membership {
        Some(m) => {
            let (u, c, e) = (&m.user, &m.conversation, &m.error);
            quote! { ::std::option::Option::Some(::volcengine_openapi::registry::MemberRule { member: #u, group: #c, error: #e }) }
        }
        None => quote! { ::std::option::Option::None },
    };
    let idem_fn = a.idempotency_field.as_ref().map(|f| {
        let fname = ident(f);
        quote! {
            fn idempotency_token(&mut self) -> ::std::option::Option<&mut ::std::option::Option<::std::string::String>> { ::std::option::Option::Some(&mut self.#fname) }
        }
    });
    let query_fields: Vec<TokenStream> = if facts.params_in == Placement::Query {
        a.request
            .iter()
            .map(|f| {
                let (wire, kind) = (&f.wire, query_kind(&f.ty));
                quote! { (#wire, ::volcengine_openapi::registry::QueryKind::#kind) }
            })
            .collect()
    } else {
        Vec::new()
    };
    let paged = super::paging::paged_impl(a, &req);
    let (desc_zh, desc_en) = (&facts.description.zh, &facts.description.en);
    let (limits_text, fake_json) = (&facts.limits_text, &facts.fake_json);
    let field_infos = a.request.iter().map(|f| {
        let kind = value_kind(&f.ty);
        let item = match &f.ty {
            RustTy::List(t) => {
                let k = value_kind(t);
                quote! { ::std::option::Option::Some(::volcengine_openapi::registry::ValueKind::#k) }
            }
            _ => quote! { ::std::option::Option::None },
        };
        let (name, tyt, required) = (&f.wire, &f.spec_ty, f.required);
        let (zh, en) = (&f.description.zh, &f.description.en);
        let (constraints, example) = (&f.constraints_text, &f.example);
        quote! {
            ::volcengine_openapi::registry::FieldInfo {
                name: #name, ty: #tyt, kind: ::volcengine_openapi::registry::ValueKind::#kind,
                item_kind: #item, required: #required, description_zh: #zh, description_en: #en,
                constraints: #constraints, example: #example,
            }
        }
    });
    let (sensitive, sensitive_result) = (&a.sensitive_request, &a.sensitive_result);
    let call_doc = attrs(&format!(
        "Calls {label} with a [`{req_name}`] (its docs describe the action) and answers its `Result`.\n\n\
         The request is validated before any I/O (every violation is listed), signed, sent, retried as \
         the action's idempotency allows, and its `Result` decoded.{optional}"
    ));
    quote! {
        #(#local_types)*
        #req_struct
        #res_struct
        /// Static facts about the action, from the spec.
        pub static OPERATION: ::volcengine_openapi::Operation = ::volcengine_openapi::Operation {
            service: &crate::service::SERVICE,
            family: &crate::service::#family_static,
            action: #action_name,
            version: #version,
            method: #method_tok,
            placement: #placement_tok,
            qps: #qps,
            shared_limit: #shared_limit,
            idempotency_key: #idem_key,
            read_only: #read_only,
            replay_safe: #replay_safe,
        };
        /// What tools (command line, fake server, conformance tests) know of the action.
        #[cfg(feature = "registry")]
        pub static INFO: ::volcengine_openapi::ActionInfo = ::volcengine_openapi::ActionInfo {
            command: #command,
            description_zh: #desc_zh,
            description_en: #desc_en,
            limits: #limits_text,
            fields: &[#(#field_infos),*],
            example_request: #example_request,
            example_result: #example_result,
            fake: ::volcengine_openapi::registry::FakeSpec { store: #store, new_ids: &[#(#new_ids),*], membership: #membership },
            fake_json: #fake_json,
            query_fields: &[#(#query_fields),*],
            sensitive: &[#(#sensitive),*],
            sensitive_result: &[#(#sensitive_result),*],
        };
        #paged
        impl ::volcengine_openapi::Action for #req {
            type Result = #answer;
            const OPERATION: &'static ::volcengine_openapi::Operation = &OPERATION;
            #idem_fn
        }
        impl crate::Client {
            #call_doc
            pub fn #fn_name(&self, request: #req) -> impl ::std::future::Future<Output = ::std::result::Result<::volcengine_openapi::Response<#answer>, ::volcengine_openapi::Error>> + '_ {
                self.inner.call(request)
            }
        }
    }
}
