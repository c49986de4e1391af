//! Shared rate limits: one static per `rate_limits` entry of `service.yaml` in the service module
//! (where its documented text is stated, once), which each action drawing from it points to.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::doc;
use crate::ir::RateLimitItem;
use crate::model::shared_limit_static as static_name;

/// `Some(&crate::service::RATE_LIMIT_..)` for an action drawing from `shared`, else `None`.
pub fn operation_field(shared: Option<&str>) -> TokenStream {
    match shared {
        Some(name) => {
            let id = format_ident!("{}", static_name(name));
            quote! { ::std::option::Option::Some(&crate::service::#id) }
        }
        None => quote! { ::std::option::Option::None },
    }
}

/// The service module's statics: one per shared limit, and `RATE_LIMITS` listing them.
pub fn statics(limits: &[RateLimitItem]) -> TokenStream {
    let items = limits.iter().map(|r| {
        let id = format_ident!("{}", r.static_name);
        let (name, qps) = (&r.name, proc_macro2::Literal::u32_unsuffixed(r.qps));
        let d = doc::attrs(&r.doc);
        quote! {
            #d
            pub static #id: ::volcengine_openapi::SharedRateLimit = ::volcengine_openapi::SharedRateLimit { name: #name, qps: #qps };
        }
    });
    let refs = limits.iter().map(|r| {
        let id = format_ident!("{}", r.static_name);
        quote! { &#id }
    });
    quote! {
        #(#items)*
        /// The rate limits several actions share (`rate_limits` in the spec).
        pub static RATE_LIMITS: &[&::volcengine_openapi::SharedRateLimit] = &[#(#refs),*];
    }
}
