//! The service module (the service's facts as statics) and the provenance table (every spec file
//! with its SHA-256).

use heck::ToShoutySnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::paths::opt_u32;
use crate::doc;
use crate::ir::{Api, RegionItem};

/// The service module: its facts as statics (signing name, regions, editions, error codes,
/// families).
pub fn service_mod(api: &Api) -> TokenStream {
    let s = &api.service;
    let name = &s.name;
    let default_region = &s.default_region;
    let user_agent = format!("{}-rust", s.package);
    let region_info = |r: &RegionItem| {
        let (n, h, zh, en) = (&r.name, &r.host, &r.description.zh, &r.description.en);
        let aliases = &r.aliases;
        quote! { ::volcengine_openapi::RegionInfo { name: #n, aliases: &[#(#aliases),*], host: #h, description_zh: #zh, description_en: #en } }
    };
    let regions = s.regions.iter().map(region_info);
    let editions = s.editions.iter().map(|e| {
        let (n, svc, dr, zh, en) = (
            &e.name,
            &e.service,
            &e.default_region,
            &e.description.zh,
            &e.description.en,
        );
        let regions = e.regions.iter().map(region_info);
        let families = &e.families;
        quote! {
            ::volcengine_openapi::EditionInfo {
                name: #n, service: #svc, default_region: #dr, regions: &[#(#regions),*],
                families: &[#(#families),*], description_zh: #zh, description_en: #en,
            }
        }
    });
    let editions_doc = doc::attrs(&s.editions_doc);
    let consts = s.errors.iter().map(|e| {
        let c = format_ident!("{}", e.constant);
        let code = &e.code;
        let doc = doc::attrs(&e.doc);
        quote! { #doc pub const #c: &str = #code; }
    });
    let infos = s.errors.iter().map(|e| {
        let code = &e.code;
        let code_n = opt_u32(e.code_n);
        let status = match e.http_status {
            Some(v) => quote! { ::std::option::Option::Some(#v) },
            None => quote! { ::std::option::Option::None },
        };
        let (r, t, c) = (e.retryable, e.throttling, e.clock_skew);
        let (zh, en) = (&e.description.zh, &e.description.en);
        quote! {
            ::volcengine_openapi::ErrorCodeInfo {
                code: #code, code_n: #code_n, http_status: #status, retryable: #r, throttling: #t,
                clock_skew: #c, description_zh: #zh, description_en: #en,
            }
        }
    });
    let families = s.families.iter().map(|f| {
        let (n, c) = (&f.name, &f.invalid_request_code);
        let id = format_ident!("FAMILY_{}", f.name.to_shouty_snake_case());
        let doc = &f.doc;
        let pairs = f.signing_regions.iter().map(|(k, v)| quote! { (#k, #v) });
        quote! {
            #[doc = #doc]
            pub static #id: ::volcengine_openapi::FamilyInfo = ::volcengine_openapi::FamilyInfo {
                name: #n, invalid_request_code: #c, signing_regions: &[#(#pairs),*],
            };
        }
    });
    let family_refs = s.families.iter().map(|f| {
        let id = format_ident!("FAMILY_{}", f.name.to_shouty_snake_case());
        quote! { &#id }
    });
    let version = crate::GENERATOR_VERSION;
    let rate_limits = super::rate_limits::statics(&s.rate_limits);
    quote! {
        #![doc = "The service's facts: signing name, regions, families, error codes, and the spec files this crate was generated from."]
        pub use super::provenance::{SPEC_FILES, SPEC_FILE_HASHES, SPEC_HASH};
        /// The service, as the runtime reads it: signing name, regions, error codes.
        pub static SERVICE: ::volcengine_openapi::ServiceInfo = ::volcengine_openapi::ServiceInfo {
            name: #name,
            default_region: #default_region,
            regions: REGIONS,
            error_codes: ERROR_CODES,
            user_agent: #user_agent,
            editions: EDITIONS,
        };
        /// The service name in the signature's credential scope.
        pub const SERVICE_NAME: &str = #name;
        /// The region used when none is configured.
        pub const DEFAULT_REGION: &str = #default_region;
        /// Regions and their hosts.
        pub static REGIONS: &[::volcengine_openapi::RegionInfo] = &[#(#regions),*];
        #editions_doc
        pub static EDITIONS: &[::volcengine_openapi::EditionInfo] = &[#(#editions),*];
        /// Documented error codes (`ResponseMetadata.Error.Code`).
        pub mod codes {
            #(#consts)*
        }
        #(#families)*
        /// The action families.
        pub static FAMILIES: &[&::volcengine_openapi::FamilyInfo] = &[#(#family_refs),*];
        /// What the spec says of each documented error code.
        pub static ERROR_CODES: &[::volcengine_openapi::ErrorCodeInfo] = &[#(#infos),*];
        #rate_limits
        /// The version of the generator that wrote this crate.
        pub const GENERATOR_VERSION: &str = #version;
    }
}

/// The provenance table: every spec file the crate was generated from, with its SHA-256, and the
/// hash over them all. The one generated file that changes whenever any spec file does.
pub fn provenance_mod(api: &Api) -> TokenStream {
    let p = &api.provenance;
    let hash = &p.hash;
    let files = &p.files;
    let rows = files.iter().map(|f| {
        let sha = p.file_hashes.get(f).map(hex::encode).unwrap_or_default();
        quote! { (#f, #sha) }
    });
    quote! {
        #![doc = "Where the crate comes from: every spec file with its SHA-256 (the other files' headers name only their own)."]
        /// SHA-256 over the spec files this crate was generated from (each file's name and SHA-256).
        pub const SPEC_HASH: &str = #hash;
        /// The spec files this crate was generated from.
        pub const SPEC_FILES: &[&str] = &[#(#files),*];
        /// Each spec file with its SHA-256 (hex).
        pub const SPEC_FILE_HASHES: &[(&str, &str)] = &[#(#rows),*];
    }
}
