//! Emitting Rust for a checked spec: one module per family, one file per action, a service module and
//! the action registry, each formatted with prettyplease and headed with the spec files it came from.

use heck::{ToShoutySnakeCase, ToSnakeCase};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::doc;
use crate::model::{Action, FamilyModel, NamedType, Spec};
use crate::spec::{Constraints, Field, Method, Placement, Text, TypeDef, TypeKind};
use crate::ty::Ty;

/// Directory (relative to the workspace root) of the generated crate.
pub const CRATE_DIR: &str = "generated";
/// Directory (relative to the workspace root) the generator owns in the generated crate: all of
/// its sources.
pub const API_DIR: &str = "generated/src";
/// The shapes fixture's spec (a second, synthetic service exercising every shape of the format).
pub const SHAPES_SPEC: &str = "tests/fixtures/shapes/api-spec";
/// The shapes fixture's generated crate (checked in, compiled and tested).
pub const SHAPES_CRATE: &str = "tests/golden/shapes";
/// Directory (relative to the workspace root) of the generated JSON Schemas.
pub const SCHEMA_DIR: &str = "api-spec/schema";

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the workspace root, `/`-separated.
    pub path: String,
    /// Full contents.
    pub contents: String,
}

/// The generated crate's package name.
pub fn package_name(spec: &Spec) -> String {
    spec.service
        .package
        .clone()
        .unwrap_or_else(|| format!("volcengine-{}", spec.service.service))
}

/// Generates every file for `spec` into the crate at [`CRATE_DIR`]: its sources (the facade
/// `lib.rs` and the `api` module tree) and the spec's JSON Schemas.
pub fn generate(spec: &Spec) -> Result<Vec<GeneratedFile>, String> {
    generate_into(spec, CRATE_DIR, true)
}

/// Generates the sources of `spec`'s crate into `crate_dir/src` (relative to the workspace root),
/// with the JSON Schemas of the format when `schemas` is set.
pub fn generate_into(
    spec: &Spec,
    crate_dir: &str,
    schemas: bool,
) -> Result<Vec<GeneratedFile>, String> {
    let api_dir = format!("{crate_dir}/src/api");
    let api_dir = api_dir.as_str();
    let mut out = Vec::new();
    let all_files = spec.files.join(", ");
    let service_file = spec
        .files
        .iter()
        .find(|f| f.ends_with("service.yaml"))
        .cloned()
        .unwrap_or_default();

    out.push(file(
        format!("{api_dir}/mod.rs"),
        &all_files,
        api_mod(spec),
    )?);
    out.push(file(
        format!("{api_dir}/service.rs"),
        &service_file,
        service_mod(spec),
    )?);
    out.push(file(
        format!("{api_dir}/registry.rs"),
        &all_files,
        registry_mod(spec),
    )?);
    for fam in &spec.families {
        let mut sources: Vec<String> = fam.type_files.clone();
        sources.extend(fam.actions.iter().map(|a| a.file.clone()));
        out.push(file(
            format!("{api_dir}/{}/mod.rs", fam.name),
            &sources.join(", "),
            family_mod(fam),
        )?);
        if !fam.types.is_empty() {
            let ctx = Ctx::new(fam, None);
            let items: Vec<TokenStream> = fam.types.iter().map(|t| named_type(&ctx, t)).collect();
            let ts = quote! {
                #[allow(unused_imports)]
                use ::volcengine_openapi::validate::{Validate, Violations};
                #(#items)*
            };
            out.push(file(
                format!("{api_dir}/{}/types.rs", fam.name),
                &fam.type_files.join(", "),
                ts,
            )?);
        }
    }
    out.push(file(
        format!("{crate_dir}/src/lib.rs"),
        &all_files,
        lib_rs(spec),
    )?);
    out.extend(action_files(spec, api_dir)?);
    if schemas {
        for (name, schema) in crate::schema::schemas() {
            out.push(GeneratedFile {
                path: format!("{SCHEMA_DIR}/{name}"),
                contents: schema,
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// One file per action, emitted and formatted on every core: actions are independent, and parsing
/// and pretty-printing dominate the generator's time. Token streams are not `Send`, so each worker
/// builds its own from the shared, read-only spec; the output order does not depend on scheduling.
fn action_files(spec: &Spec, api_dir: &str) -> Result<Vec<GeneratedFile>, String> {
    let jobs: Vec<(&FamilyModel, &Action)> = spec
        .families
        .iter()
        .flat_map(|f| f.actions.iter().map(move |a| (f, a)))
        .collect();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let emit_one = |(fam, a): (&FamilyModel, &Action)| {
        file(
            format!("{api_dir}/{}/{}.rs", fam.name, a.snake),
            &a.file,
            action_mod(fam, a),
        )
    };
    let mut results: Vec<(usize, Result<GeneratedFile, String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        done.push((i, emit_one(*job)));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

fn file(path: String, sources: &str, ts: TokenStream) -> Result<GeneratedFile, String> {
    let parsed: syn::File =
        syn::parse2(ts).map_err(|e| format!("{path}: generated tokens do not parse: {e}"))?;
    let body = prettyplease::unparse(&parsed);
    let contents = format!(
        "// @generated by `cargo xtask codegen` from {sources}.\n// Do not edit by hand: change the spec and regenerate.\n\n{body}"
    );
    Ok(GeneratedFile { path, contents })
}

fn ident(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

/// The crate's facade: its docs, its `Client` (the runtime's, typed for this service), the
/// families and the runtime's public types.
fn lib_rs(spec: &Spec) -> TokenStream {
    let s = &spec.service;
    let package = package_name(spec);
    let families: Vec<String> = s.families.iter().map(|f| f.name.clone()).collect();
    let fam_list = families
        .iter()
        .map(|f| format!("`{f}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let doc = format!(
        "{}\n\nGenerated by `cargo xtask codegen` from the YAML spec in `api-spec/`: each action \
         is a request type, a result type and a method on [`Client`]. The request is checked against the \
         spec's constraints before any I/O, signed as the official SDKs sign, sent over one pooled HTTPS \
         client, retried only when replaying it is safe, and answered with a typed result or a typed \
         [`Error`]. The engine is the service-agnostic runtime crate `volcengine-openapi`.\n\n\
         Cargo features: one per family ({fam_list}); `registry` adds every action as data, callable \
         by name with JSON ([`registry::actions`]).\n\n\
         ```no_run\n\
         # async fn demo() -> Result<(), {krate}::Error> {{\n\
         let client = {krate}::Client::builder()\n\
         \x20   .credentials({krate}::Credentials::new(\"AK...\", \"SK...\"))\n\
         \x20   .build()?;\n\
         println!(\"calling region {{}}\", client.region());\n\
         # Ok(())\n\
         # }}\n\
         ```",
        text_doc(&s.description),
        krate = package.replace('-', "_"),
    );
    let doc = doc::inner_attrs(&doc);
    // `pub use api::..` items in the order rustfmt sorts them, each behind its feature.
    let mut reexports: Vec<(String, String)> = s
        .families
        .iter()
        .map(|f| (f.name.clone(), f.name.clone()))
        .collect();
    reexports.push(("registry".into(), "registry".into()));
    reexports.push(("registry::actions".into(), "registry".into()));
    reexports.push(("service".into(), String::new()));
    reexports.sort();
    let reexports = reexports.iter().map(|(path, feature)| {
        let path: syn::Path =
            syn::parse_str(&format!("api::{path}")).unwrap_or_else(|_| syn::parse_quote!(api));
        let cfg = (!feature.is_empty()).then(|| quote! { #[cfg(feature = #feature)] });
        quote! { #cfg pub use #path; }
    });
    quote! {
        #doc
        #![warn(missing_docs)]
        #[rustfmt::skip]
        mod api;
        #[cfg(feature = "registry")]
        pub use ::volcengine_openapi::ActionEntry;
        pub use ::volcengine_openapi::{
            ApiError, CallInfo, CallOptions, Credentials, Error, HttpError, RateLimit, Response,
            ResponseMetadata, RetryPolicy, Secret, TransportError, ValidationError, Violation,
        };
        #(#reexports)*

        /// The client of this service: the runtime's client with one typed method per action.
        /// Cheap to clone and share.
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: ::volcengine_openapi::Client,
        }

        /// Builds a [`Client`].
        pub type ClientBuilder = ::volcengine_openapi::ClientBuilder<Client>;

        impl ::std::convert::From<::volcengine_openapi::Client> for Client {
            fn from(inner: ::volcengine_openapi::Client) -> Self {
                Self { inner }
            }
        }

        impl Client {
            /// A builder with the service's defaults (its default region, 10 s per attempt, 3
            /// attempts, documented QPS).
            pub fn builder() -> ClientBuilder {
                ::volcengine_openapi::ClientBuilder::new(&service::SERVICE)
            }

            /// The runtime's client underneath, for calls by name or with per-call options.
            pub fn runtime(&self) -> &::volcengine_openapi::Client {
                &self.inner
            }
        }

        impl ::std::ops::Deref for Client {
            type Target = ::volcengine_openapi::Client;
            fn deref(&self) -> &::volcengine_openapi::Client {
                &self.inner
            }
        }
    }
}

fn api_mod(spec: &Spec) -> TokenStream {
    let fams = spec.families.iter().map(|f| {
        let name = ident(&f.name);
        let feature = &f.name;
        quote! {
            #[cfg(feature = #feature)]
            pub mod #name;
        }
    });
    quote! {
        #![doc = "The generated API: one module per action family, the service's facts and the action registry."]
        pub mod service;
        #[cfg(feature = "registry")]
        pub mod registry;
        #(#fams)*
    }
}

fn service_mod(spec: &Spec) -> TokenStream {
    let s = &spec.service;
    let name = &s.service;
    let default_region = &s.default_region;
    let user_agent = format!("{}-rust", package_name(spec));
    let regions = s.regions.iter().map(|r| {
        let (n, h, zh, en) = (&r.name, &r.host, &r.description.zh, &r.description.en);
        let aliases = &r.aliases;
        quote! { ::volcengine_openapi::RegionInfo { name: #n, aliases: &[#(#aliases),*], host: #h, description_zh: #zh, description_en: #en } }
    });
    let consts = s.errors.iter().map(|e| {
        let c = format_ident!("{}", e.code.replace('.', "_").to_shouty_snake_case());
        let code = &e.code;
        let doc = doc::attrs(&format!(
            "{}{}: {}",
            doc::code(&e.code),
            e.code_n.map_or(String::new(), |n| format!(" (CodeN {n})")),
            text_doc(&e.description),
        ));
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
        let doc = format!(
            "The `{n}` family: {}",
            doc::render_inline(&f.description.en)
        );
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
    let hash = &spec.hash;
    let files = &spec.files;
    let version = crate::GENERATOR_VERSION;
    quote! {
        #![doc = "The service's facts: signing name, regions, families, error codes, and the spec files this crate was generated from."]
        /// The service, as the runtime reads it: signing name, regions, error codes.
        pub static SERVICE: ::volcengine_openapi::ServiceInfo = ::volcengine_openapi::ServiceInfo {
            name: #name,
            default_region: #default_region,
            regions: REGIONS,
            error_codes: ERROR_CODES,
            user_agent: #user_agent,
        };
        /// The service name in the signature's credential scope.
        pub const SERVICE_NAME: &str = #name;
        /// The region used when none is configured.
        pub const DEFAULT_REGION: &str = #default_region;
        /// Regions and their hosts.
        pub static REGIONS: &[::volcengine_openapi::RegionInfo] = &[#(#regions),*];
        /// Documented error codes (`ResponseMetadata.Error.Code`).
        pub mod codes {
            #(#consts)*
        }
        #(#families)*
        /// The action families.
        pub static FAMILIES: &[&::volcengine_openapi::FamilyInfo] = &[#(#family_refs),*];
        /// What the spec says of each documented error code.
        pub static ERROR_CODES: &[::volcengine_openapi::ErrorCodeInfo] = &[#(#infos),*];
        /// SHA-256 over the spec files this crate was generated from.
        pub const SPEC_HASH: &str = #hash;
        /// The version of the generator that wrote this crate.
        pub const GENERATOR_VERSION: &str = #version;
        /// The spec files this crate was generated from.
        pub const SPEC_FILES: &[&str] = &[#(#files),*];
    }
}

fn opt_u32(v: Option<u32>) -> TokenStream {
    match v {
        Some(v) => quote! { ::std::option::Option::Some(#v) },
        None => quote! { ::std::option::Option::None },
    }
}

fn registry_mod(spec: &Spec) -> TokenStream {
    let entries = spec.families.iter().flat_map(|f| {
        let feature = &f.name;
        let fam = ident(&f.name);
        f.actions.iter().map(move |a| {
            let m = ident(&a.snake);
            let req = format_ident!("{}Request", type_base(a));
            quote! {
                #[cfg(feature = #feature)]
                ::volcengine_openapi::ActionEntry::of::<super::#fam::#m::#req>(&super::#fam::#m::INFO)
            }
        })
    });
    quote! {
        #![doc = "Every action of the spec, for spec-driven tools (the `volc-rtc` command, the fake server, conformance tests)."]
        /// Every action enabled by the crate's features, sorted by family and name.
        pub static ACTIONS: &[::volcengine_openapi::ActionEntry] = &[#(#entries),*];
        /// Every action enabled by the crate's features, sorted by family and name.
        pub fn actions() -> &'static [::volcengine_openapi::ActionEntry] {
            ACTIONS
        }
        /// The action with this name and version (the newest version when `version` is `None`).
        pub fn find(action: &str, version: ::std::option::Option<&str>) -> ::std::option::Option<&'static ::volcengine_openapi::ActionEntry> {
            ::volcengine_openapi::registry::find(ACTIONS, action, version)
        }
    }
}

fn family_mod(fam: &FamilyModel) -> TokenStream {
    let doc = doc::inner_attrs(&text_doc(&fam.description));
    let types = (!fam.types.is_empty()).then(|| {
        quote! {
            /// Types shared by this family's actions.
            pub mod types;
        }
    });
    let mods = fam.actions.iter().map(|a| {
        let m = ident(&a.snake);
        let upper = type_base(a);
        let doc = doc::attrs(&format!(
            "{} ({}): [`{upper}Request`], [`{upper}Result`], [`Client::{}`](crate::Client::{}).",
            doc::code(&a.spec.action),
            a.spec.version,
            a.snake,
            a.snake
        ));
        let req = format_ident!("{upper}Request");
        let res = format_ident!("{upper}Result");
        let required = a.spec.request.iter().any(|f| f.required).then(|| {
            let r = format_ident!("{upper}Required");
            quote! { , #r }
        });
        quote! {
            #doc
            pub mod #m;
            pub use #m::{#req, #res #required};
        }
    });
    quote! {
        #doc
        #types
        #(#mods)*
    }
}

/// The prefix of an action's generated type names (see [`Action::type_base`]).
fn type_base(a: &Action) -> String {
    a.type_base.clone()
}

/// Where names resolve while emitting.
struct Ctx<'a> {
    family: &'a FamilyModel,
    /// The action's local types, when emitting an action module.
    local: Option<&'a std::collections::BTreeMap<String, TypeDef>>,
    /// Which way each named object type travels (see [`Directions`]).
    directions: std::collections::HashMap<String, Directions>,
}

/// Which serde impls a type needs without the `registry` feature: `Serialize` when it travels in a
/// request, `Deserialize` when it arrives in a `Result`. The other direction is derived only with
/// the `registry` feature (JSON in and out for any action: `volc-rtc`, the fake server), which keeps
/// the default build from compiling serde code nobody calls: the crate's build cost is mostly
/// monomorphised serde code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Directions {
    ser: bool,
    de: bool,
}

impl Directions {
    const REQUEST: Directions = Directions {
        ser: true,
        de: false,
    };
    const RESULT: Directions = Directions {
        ser: false,
        de: true,
    };

    /// The `Serialize` derive: always, or only with the `registry` feature.
    fn serialize_derive(self) -> TokenStream {
        if self.ser {
            quote! { #[derive(::serde::Serialize)] }
        } else {
            quote! { #[cfg_attr(feature = "registry", derive(::serde::Serialize))] }
        }
    }

    /// A `#[serde(..)]` field attribute, present whenever the `Serialize` derive is.
    fn serde_attr(self, inner: TokenStream) -> TokenStream {
        if self.ser {
            quote! { #[serde(#inner)] }
        } else {
            quote! { #[cfg_attr(feature = "registry", serde(#inner))] }
        }
    }

    /// The `Deserialize` impl's gate: none, or the `registry` feature.
    fn deserialize_gate(self) -> TokenStream {
        if self.de {
            quote! {}
        } else {
            quote! { #[cfg(feature = "registry")] }
        }
    }
}

impl<'a> Ctx<'a> {
    /// The context of an action's module, or of the family's shared types (`action` None).
    fn new(family: &'a FamilyModel, action: Option<&'a Action>) -> Self {
        let mut ctx = Ctx {
            family,
            local: action.map(|a| &a.spec.types),
            directions: Default::default(),
        };
        let mut directions = std::collections::HashMap::new();
        match action {
            // An action module: its own request and result reach its local types.
            Some(a) => {
                ctx.mark_fields(&a.spec.request, Directions::REQUEST, &mut directions);
                ctx.mark_fields(&a.spec.result, Directions::RESULT, &mut directions);
                ctx.mark_result_type(a, &mut directions);
            }
            // The family's shared types: every action of the family, through its local types.
            None => {
                for a in &family.actions {
                    let action_ctx = Ctx {
                        family,
                        local: Some(&a.spec.types),
                        directions: Default::default(),
                    };
                    let mut found = std::collections::HashMap::new();
                    action_ctx.mark_fields(&a.spec.request, Directions::REQUEST, &mut found);
                    action_ctx.mark_fields(&a.spec.result, Directions::RESULT, &mut found);
                    action_ctx.mark_result_type(a, &mut found);
                    for (name, d) in found {
                        if !a.spec.types.contains_key(&name) {
                            let e: &mut Directions = directions.entry(name).or_default();
                            e.ser |= d.ser;
                            e.de |= d.de;
                        }
                    }
                }
            }
        }
        ctx.directions = directions;
        ctx
    }

    fn mark_result_type(
        &self,
        a: &Action,
        out: &mut std::collections::HashMap<String, Directions>,
    ) {
        if let Some(Ok(t)) = a.spec.result_type.as_deref().map(Ty::parse) {
            self.mark(&t, Directions::RESULT, out);
        }
    }

    fn mark_fields(
        &self,
        fields: &[Field],
        dir: Directions,
        out: &mut std::collections::HashMap<String, Directions>,
    ) {
        for f in fields {
            if let Ok(t) = Ty::parse(&f.ty) {
                self.mark(&t, dir, out);
            }
        }
    }

    fn mark(
        &self,
        ty: &Ty,
        dir: Directions,
        out: &mut std::collections::HashMap<String, Directions>,
    ) {
        match ty {
            Ty::List(t) | Ty::Map(t) => self.mark(t, dir, out),
            Ty::Named(n) => {
                let e = out.entry(n.clone()).or_default();
                let before = *e;
                e.ser |= dir.ser;
                e.de |= dir.de;
                if before != *e {
                    if let Some(def) = self.lookup(n) {
                        self.mark_fields(&def.fields, dir, out);
                        for v in &def.variants {
                            if let Ok(t) = Ty::parse(&v.ty) {
                                self.mark(&t, dir, out);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    /// The directions of a named type; one no request or result reaches gets both.
    fn directions_of(&self, name: &str) -> Directions {
        self.directions.get(name).copied().unwrap_or(Directions {
            ser: true,
            de: true,
        })
    }

    fn lookup(&self, name: &str) -> Option<&TypeDef> {
        self.local.and_then(|l| l.get(name)).or_else(|| {
            self.family
                .types
                .iter()
                .find(|t| t.name == name)
                .map(|t| &t.def)
        })
    }

    fn type_path(&self, name: &str) -> TokenStream {
        let id = ident(name);
        let is_local = self.local.is_some_and(|l| l.contains_key(name));
        if is_local || self.local.is_none() {
            quote! { #id }
        } else {
            quote! { super::types::#id }
        }
    }

    fn rust_type(&self, ty: &Ty) -> TokenStream {
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
                let inner = self.rust_type(t);
                quote! { ::std::vec::Vec<#inner> }
            }
            Ty::Map(t) => {
                let inner = self.rust_type(t);
                quote! { ::std::collections::BTreeMap<::std::string::String, #inner> }
            }
            Ty::Named(n) => self.type_path(n),
        }
    }

    fn is_closed_enum(&self, name: &str) -> bool {
        self.lookup(name)
            .is_some_and(|d| d.kind == TypeKind::Enum && !d.open)
    }

    /// An object or a union: validated as a nested value.
    fn is_object_like(&self, name: &str) -> bool {
        self.lookup(name)
            .is_some_and(|d| matches!(d.kind, TypeKind::Object | TypeKind::Union))
    }

    fn is_eq(&self, ty: &Ty, depth: usize) -> bool {
        if depth > 16 {
            return false;
        }
        match ty {
            Ty::F32 | Ty::F64 | Ty::Json => false,
            Ty::List(t) | Ty::Map(t) => self.is_eq(t, depth + 1),
            Ty::Named(n) => match self.lookup(n) {
                Some(d) if d.kind == TypeKind::Union => false,
                Some(d) if d.kind == TypeKind::Object => d.fields.iter().all(|f| {
                    Ty::parse(&f.ty)
                        .map(|t| self.is_eq(&t, depth + 1))
                        .unwrap_or(false)
                }),
                _ => true,
            },
            _ => true,
        }
    }
}

fn rust_field_name(f: &Field) -> Ident {
    ident(
        &f.rust_name
            .clone()
            .unwrap_or_else(|| f.name.to_snake_case()),
    )
}

/// A field's doc: its descriptions, then its wire facts.
fn field_doc(f: &Field, ty: &Ty) -> String {
    let mut d = text_doc(&f.description);
    if !d.is_empty() {
        d.push_str("\n\n");
    }
    d.push_str(&format!("- Wire name: {}\n", doc::code(&f.name)));
    d.push_str(&format!(
        "- Type: {} ({})\n",
        doc::render_inline(&f.doc_type),
        doc::code(&ty.to_string())
    ));
    d.push_str(&format!(
        "- Required: {}\n",
        if f.required { "yes" } else { "no" }
    ));
    if let Some(ex) = &f.example {
        d.push_str(&format!("- Example: {}\n", doc::code(&ex.to_string())));
    }
    let c = constraints_text(&f.constraints);
    if !c.is_empty() {
        d.push_str(&format!("- Constraints: {}\n", doc::code(&c)));
    }
    if let Some(only) = &f.accepts_only {
        d.push_str(&format!(
            "- Accepts only: {}\n",
            only.iter()
                .map(|s| doc::code(s))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    d
}

fn constraints_text(c: &Constraints) -> String {
    let mut parts = Vec::new();
    if let Some(v) = &c.min {
        parts.push(format!("at least {v}"));
    }
    if let Some(v) = &c.max {
        parts.push(format!("at most {v}"));
    }
    if let Some(v) = &c.multiple_of {
        parts.push(format!("a multiple of {v}"));
    }
    if let Some(v) = c.min_len {
        parts.push(format!("length at least {v}"));
    }
    if let Some(v) = c.max_len {
        parts.push(format!("length at most {v}"));
    }
    if let Some(v) = c.min_bytes {
        parts.push(format!("at least {v} bytes (UTF-8)"));
    }
    if let Some(v) = c.max_bytes {
        parts.push(format!("at most {v} bytes (UTF-8)"));
    }
    if let Some(p) = &c.pattern {
        parts.push(format!("matches the pattern {p}"));
    }
    if let Some(v) = &c.one_of {
        parts.push(format!(
            "one of {}",
            v.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(items) = &c.items {
        let inner = constraints_text(items);
        if !inner.is_empty() {
            parts.push(format!("each item: {inner}"));
        }
    }
    parts.join("; ")
}

/// Both languages of a text, rendered, each once (an empty one left out).
fn text_doc(t: &Text) -> String {
    let parts: Vec<String> = [doc::render(&t.zh), doc::render(&t.en)]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    parts.join("\n\n")
}

fn named_type(ctx: &Ctx<'_>, t: &NamedType) -> TokenStream {
    type_def(ctx, &t.name, &t.def)
}

fn type_def(ctx: &Ctx<'_>, name: &str, def: &TypeDef) -> TokenStream {
    let doc = text_doc(&def.description);
    match def.kind {
        TypeKind::Enum => enum_def(name, def, &doc),
        TypeKind::Object => object_def(ctx, name, &def.fields, &doc, None, ctx.directions_of(name)),
        TypeKind::Union => union_def(ctx, name, def, &doc, ctx.directions_of(name)),
    }
}

fn enum_def(name: &str, def: &TypeDef, doc: &str) -> TokenStream {
    let id = ident(name);
    let base = def.base.as_deref().unwrap_or("i32");
    let mut doc = doc.to_string();
    doc.push_str(if def.open {
        "\n\nAn open set: the constants are the documented values; any other value is accepted too."
    } else {
        "\n\nA closed set in requests (other values are rejected before sending); in responses, an unknown value still decodes."
    });
    let doc = doc::attrs(&doc);
    let consts = def.values.iter().map(|v| {
        let c = format_ident!("{}", v.name.to_shouty_snake_case());
        let mut d = doc::code(&v.value.to_string());
        let text = text_doc(&v.description);
        if !text.is_empty() {
            d.push_str(": ");
            d.push_str(&text);
        }
        let d = doc::attrs(&d);
        let val = literal_of(&v.value, base);
        quote! { #d pub const #c: Self = Self(#val); }
    });
    let names = def.values.iter().map(|v| {
        let val = pattern_of(&v.value, base);
        let n = &v.name;
        quote! { #val => ::std::option::Option::Some(#n) }
    });
    let constants = def.values.iter().map(|v| {
        let val = pattern_of(&v.value, base);
        let c = v.name.to_shouty_snake_case();
        quote! { #val => ::std::option::Option::Some(#c) }
    });
    let documented = def
        .values
        .iter()
        .map(|v| format!("{} ({})", v.name.to_shouty_snake_case(), v.value))
        .collect::<Vec<_>>()
        .join(", ");
    let scrut = if base == "string" {
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
    if base == "string" {
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
        let bt = ident(base);
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
/// `Other` for any other value (kept as JSON). On the wire, the discriminator field sits beside
/// the variant's fields.
fn union_def(
    ctx: &Ctx<'_>,
    name: &str,
    def: &TypeDef,
    doc: &str,
    directions: Directions,
) -> TokenStream {
    let id = ident(name);
    let disc = def.discriminator.as_deref().unwrap_or_default();
    let mut doc = doc.to_string();
    doc.push_str(&format!(
        "\n\nA union selected by the string field {}: each variant holds the other fields of its object; \
         any other value of {} decodes as `Other`, kept as JSON.",
        doc::code(disc),
        doc::code(disc)
    ));
    let doc = doc::attrs(&doc);
    let variants: Vec<(Ident, &str, TokenStream)> = def
        .variants
        .iter()
        .map(|v| {
            let ty = Ty::parse(&v.ty).unwrap_or(Ty::Json);
            (
                ident(&crate::model::variant_name(v)),
                v.value.as_str(),
                ctx.rust_type(&ty),
            )
        })
        .collect();
    let decls = def
        .variants
        .iter()
        .zip(&variants)
        .map(|(v, (vid, value, rt))| {
            let mut d = format!("{} = {}", doc::code(disc), doc::code(value));
            let text = text_doc(&v.description);
            if !text.is_empty() {
                d.push_str(": ");
                d.push_str(&text);
            }
            let d = doc::attrs(&d);
            quote! { #d #vid(#rt) }
        });
    let other_doc = doc::attrs(&format!(
        "Any other {}: the object as received.",
        doc::code(disc)
    ));
    let ser_arms = variants.iter().map(|(vid, value, _)| {
        quote! { Self::#vid(x) => ::volcengine_openapi::de::serialize_tagged(serializer, #disc, #value, x) }
    });
    let de_arms = variants.iter().enumerate().map(|(i, (vid, _, _))| {
        quote! {
            ::std::option::Option::Some(#i) => ::serde_json::from_value(value).map(Self::#vid).map_err(<D::Error as ::serde::de::Error>::custom)
        }
    });
    let values = variants.iter().map(|(_, value, _)| *value);
    let validate_arms = variants.iter().map(|(vid, _, _)| {
        quote! { Self::#vid(x) => ::volcengine_openapi::validate::Validate::validate(x, v) }
    });
    let missing = format!("required: the discriminator of {name}, a string");
    let froms = variants.iter().enumerate().filter_map(|(i, (vid, _, rt))| {
        let unique = variants
            .iter()
            .enumerate()
            .all(|(j, (_, _, other))| i == j || other.to_string() != rt.to_string());
        unique.then(|| {
            quote! {
                impl ::std::convert::From<#rt> for #id {
                    fn from(v: #rt) -> Self { Self::#vid(v) }
                }
            }
        })
    });
    let ser_gate = if directions.ser {
        quote! {}
    } else {
        quote! { #[cfg(feature = "registry")] }
    };
    let de_gate = directions.deserialize_gate();
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #id {
            #(#decls,)*
            #other_doc
            Other(::serde_json::Value),
        }
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
        #(#froms)*
        impl ::volcengine_openapi::validate::Validate for #id {
            fn validate(&self, v: &mut ::volcengine_openapi::validate::Violations) {
                match self {
                    #(#validate_arms,)*
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

fn literal_of(v: &serde_json::Value, base: &str) -> TokenStream {
    let lit = pattern_of(v, base);
    if base == "string" {
        quote! { std::borrow::Cow::Borrowed(#lit) }
    } else {
        lit
    }
}

fn pattern_of(v: &serde_json::Value, base: &str) -> TokenStream {
    match base {
        "string" => {
            let s = v.as_str().unwrap_or_default();
            quote! { #s }
        }
        _ => {
            let n = proc_macro2::Literal::i64_unsuffixed(v.as_i64().unwrap_or_default());
            quote! { #n }
        }
    }
}

/// For a request: the action's name and version (for `accepts_only` messages).
struct RequestInfo<'a> {
    action: &'a str,
    version: &'a str,
}

fn object_def(
    ctx: &Ctx<'_>,
    name: &str,
    fields: &[Field],
    doc: &str,
    request: Option<RequestInfo<'_>>,
    directions: Directions,
) -> TokenStream {
    let id = ident(name);
    let typed: Vec<(&Field, Ty)> = fields
        .iter()
        .map(|f| (f, Ty::parse(&f.ty).unwrap_or(Ty::Json)))
        .collect();
    let has_required = fields.iter().any(|f| f.required);
    let eq = typed.iter().all(|(_, t)| ctx.is_eq(t, 0));
    // Derive macros live in their own namespace: a spec type named `Debug` does not hide them.
    let mut derives = vec![quote! { Debug }, quote! { Clone }, quote! { PartialEq }];
    if eq {
        derives.push(quote! { Eq });
    }
    if !has_required {
        derives.push(quote! { Default });
    }
    let serialize_derive = directions.serialize_derive();
    let deserialize_impl = deserialize_impl(ctx, name, &typed, directions.deserialize_gate());

    let decls = typed.iter().map(|(f, ty)| {
        let fname = rust_field_name(f);
        let wire = &f.name;
        let rt = ctx.rust_type(ty);
        let d = doc::attrs(&field_doc(f, ty));
        if f.required {
            let attr = directions.serde_attr(quote! { rename = #wire });
            quote! { #d #attr pub #fname: #rt }
        } else {
            let attr = directions.serde_attr(
                quote! { rename = #wire, skip_serializing_if = "::std::option::Option::is_none" },
            );
            quote! {
                #d
                #attr
                pub #fname: ::std::option::Option<#rt>
            }
        }
    });

    // Constructor from the required fields, and setters for the optional ones.
    let ctor = if has_required {
        let req_id = format_ident!("{}Required", name.strip_suffix("Request").unwrap_or(name));
        let req_decls = typed.iter().filter(|(f, _)| f.required).map(|(f, ty)| {
            let fname = rust_field_name(f);
            let rt = ctx.rust_type(ty);
            let d = doc::attrs(&format!("See [`{name}::{fname}`]."));
            quote! { #d pub #fname: #rt }
        });
        let inits = typed.iter().map(|(f, _)| {
            let fname = rust_field_name(f);
            if f.required {
                quote! { #fname: required.#fname }
            } else {
                quote! { #fname: ::std::option::Option::None }
            }
        });
        let req_doc = format!(
            "The required fields of [`{name}`], by name: a missing one is a compile error naming it, and \
             two fields of one type cannot be swapped by position."
        );
        let req_doc = doc::attrs(&req_doc);
        quote! {
            #req_doc
            #[derive(Debug, Clone, PartialEq)]
            pub struct #req_id { #(#req_decls,)* }
            impl #id {
                /// Builds the value from its required fields; every optional field starts empty.
                pub fn new(required: #req_id) -> Self {
                    Self { #(#inits,)* }
                }
            }
        }
    } else {
        quote! {}
    };
    let setters = typed.iter().filter(|(f, _)| !f.required).map(|(f, ty)| {
        let fname = rust_field_name(f);
        let rt = ctx.rust_type(ty);
        let d = doc::attrs(&format!("Sets {}.", doc::code(&f.name)));
        quote! {
            #d
            pub fn #fname(mut self, value: impl ::std::convert::Into<#rt>) -> Self {
                self.#fname = ::std::option::Option::Some(value.into());
                self
            }
        }
    });
    let setters: Vec<_> = setters.collect();
    let setters = (!setters.is_empty()).then(|| quote! { impl #id { #(#setters)* } });

    let checks: Vec<TokenStream> = typed
        .iter()
        .filter_map(|(f, ty)| field_checks(ctx, f, ty, request.as_ref()))
        .collect();
    let v = if checks.is_empty() {
        quote! { _v }
    } else {
        quote! { v }
    };
    let doc = doc::attrs(doc);
    quote! {
        #doc
        #[derive(#(#derives),*)]
        #serialize_derive
        pub struct #id { #(#decls,)* }
        #deserialize_impl
        #ctor
        #setters
        impl ::volcengine_openapi::validate::Validate for #id {
            fn validate(&self, #v: &mut ::volcengine_openapi::validate::Violations) {
                #(#checks)*
            }
        }
    }
}

/// `Deserialize` for a generated struct, from a JSON object only: unknown keys are skipped, a
/// missing optional field is `None`, a missing required one is an error naming it; a repeated key
/// keeps its last value, as `serde_json::Value` does. Written out here instead of derived because
/// serde's derive also emits sequence and byte-key paths JSON never takes, and that unused code is
/// much of what the crate costs to compile per action.
fn deserialize_impl(
    ctx: &Ctx<'_>,
    name: &str,
    typed: &[(&Field, Ty)],
    gate: TokenStream,
) -> TokenStream {
    let id = ident(name);
    let expecting = format!("a `{name}` object");
    let body = if typed.is_empty() {
        quote! {
            while map.next_entry::<::serde::de::IgnoredAny, ::serde::de::IgnoredAny>()?.is_some() {}
            ::std::result::Result::Ok(#id {})
        }
    } else {
        let vars: Vec<Ident> = (0..typed.len()).map(|i| format_ident!("f{i}")).collect();
        let decls = typed.iter().zip(&vars).map(|((_, ty), var)| {
            let rt = ctx.rust_type(ty);
            quote! { let mut #var: ::std::option::Option<#rt> = ::std::option::Option::None; }
        });
        let arms = typed.iter().zip(&vars).map(|((f, _), var)| {
            let wire = &f.name;
            if f.required {
                quote! { #wire => #var = ::std::option::Option::Some(map.next_value()?), }
            } else {
                quote! { #wire => #var = map.next_value()?, }
            }
        });
        let inits = typed.iter().zip(&vars).map(|((f, _), var)| {
            let fname = rust_field_name(f);
            let wire = &f.name;
            if f.required {
                quote! { #fname: ::volcengine_openapi::de::required(#var, #wire)? }
            } else {
                quote! { #fname: #var }
            }
        });
        quote! {
            #(#decls)*
            while let ::std::option::Option::Some(key) = map.next_key::<::volcengine_openapi::de::Key<'de>>()? {
                match key.as_str() {
                    #(#arms)*
                    _ => {
                        map.next_value::<::serde::de::IgnoredAny>()?;
                    }
                }
            }
            ::std::result::Result::Ok(#id { #(#inits,)* })
        }
    };
    quote! {
        #gate
        impl<'de> ::serde::Deserialize<'de> for #id {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                struct __Visitor;
                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = #id;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<#id, A::Error> {
                        #body
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    }
}

/// Validation statements for one field, or None when nothing can be wrong with it.
fn field_checks(
    ctx: &Ctx<'_>,
    f: &Field,
    ty: &Ty,
    request: Option<&RequestInfo<'_>>,
) -> Option<TokenStream> {
    let wire = &f.name;
    let mut stmts = value_checks(ctx, ty, &f.constraints, wire, quote! { x });
    if let (Some(only), Some(req), Ty::Named(n)) = (&f.accepts_only, request, ty) {
        if let Some(def) = ctx.lookup(n) {
            let (action, version) = (req.action, req.version);
            for inner in def
                .fields
                .iter()
                .filter(|i| !only.contains(&i.name) && !i.required)
            {
                let iname = rust_field_name(inner);
                let iwire = &inner.name;
                let msg = format!(
                    "not accepted by {action} ({version}): it takes only {}",
                    only.join(", ")
                );
                stmts.push(quote! {
                    if x.#iname.is_some() { v.nested_violation(#wire, #iwire, #msg); }
                });
            }
        }
    }
    if stmts.is_empty() {
        return None;
    }
    let fname = rust_field_name(f);
    Some(if f.required {
        quote! { { let x = &self.#fname; #(#stmts)* } }
    } else {
        quote! { if let ::std::option::Option::Some(x) = &self.#fname { #(#stmts)* } }
    })
}

/// Checks of a value `x` (a reference) of type `ty` at field `wire` (`""` inside a list's or a
/// map's per-item check, whose path the runtime keeps).
fn value_checks(
    ctx: &Ctx<'_>,
    ty: &Ty,
    c: &Constraints,
    wire: &str,
    x: TokenStream,
) -> Vec<TokenStream> {
    let mut s = Vec::new();
    let items = c.items.as_deref().cloned().unwrap_or_default();
    match ty {
        Ty::Named(n) if ctx.is_object_like(n) => s.push(quote! { v.nested(#wire, #x); }),
        Ty::Named(n) if ctx.is_closed_enum(n) => {
            let path = ctx.type_path(n);
            s.push(quote! { if !#x.is_known() { v.unknown_value(#wire, #x, #path::DOCUMENTED); } })
        }
        Ty::List(inner) | Ty::Map(inner) => {
            let list = matches!(ty, Ty::List(_));
            let objects = matches!(&**inner, Ty::Named(n) if ctx.is_object_like(n))
                && items == Constraints::default();
            if objects && list {
                s.push(quote! { v.nested_each(#wire, #x); });
            } else if objects {
                s.push(quote! { v.nested_map(#wire, #x); });
            } else {
                let per_item = value_checks(ctx, inner, &items, "", quote! { item });
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
    let enum_def = match ty {
        Ty::Named(n) => ctx.lookup(n).filter(|d| d.kind == TypeKind::Enum),
        _ => None,
    };
    let enum_inner = enum_def.is_some();
    let is64 = matches!(ty, Ty::I64) || enum_def.is_some_and(|d| d.base.as_deref() == Some("i64"));
    let num = |x: &TokenStream| match (enum_inner, is64) {
        (true, true) => quote! { #x.0 },
        (true, false) => quote! { i64::from(#x.0) },
        (false, true) => quote! { *#x },
        (false, false) => quote! { i64::from(*#x) },
    };
    let float = |n: &serde_json::Number| {
        let v = n.as_f64().unwrap_or_default();
        if matches!(ty, Ty::F32) {
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
        let len = if matches!(ty, Ty::String) {
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
                quote! { &*#x.0 }
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

fn opt_i64(v: Option<i64>) -> TokenStream {
    match v {
        Some(n) => {
            let l = proc_macro2::Literal::i64_suffixed(n);
            quote! { ::std::option::Option::Some(#l) }
        }
        None => quote! { ::std::option::Option::None },
    }
}

fn opt_usize(v: Option<u32>) -> TokenStream {
    match v {
        Some(n) => {
            let l = proc_macro2::Literal::usize_unsuffixed(n as usize);
            quote! { ::std::option::Option::Some(#l) }
        }
        None => quote! { ::std::option::Option::None },
    }
}

fn action_mod(fam: &FamilyModel, a: &Action) -> TokenStream {
    let spec = &a.spec;
    let ctx = Ctx::new(fam, Some(a));
    let upper = type_base(a);
    let req_name = format!("{upper}Request");
    let res_name = format!("{upper}Result");
    let req = ident(&req_name);
    let res = ident(&res_name);
    let fn_name = ident(&a.snake);
    let label = format!("{} ({})", doc::code(&spec.action), spec.version);

    let local_types = spec.types.iter().map(|(n, d)| type_def(&ctx, n, d));
    let method = match spec.method {
        Method::GET => "GET",
        Method::POST => "POST",
    };
    let placement = match spec.params_in {
        Placement::Body => "a JSON body",
        Placement::Query => "the query string",
    };
    let mut about = text_doc(&spec.description);
    if !about.is_empty() {
        about.push_str("\n\n");
    }
    about.push_str(&format!(
        "- Action: {}, version `{}`\n- HTTP: `{method}`, parameters in {placement}\n",
        doc::code(&spec.action),
        spec.version
    ));
    if let Some(q) = spec.limits.qps {
        about.push_str(&format!(
            "- Limit: {q} requests per second (enforced client-side by default)\n"
        ));
    }
    if let Some(d) = &spec.limits.description {
        about.push_str(&format!(
            "- Limit as documented: {} / {}\n",
            doc::render_inline(&d.zh),
            doc::render_inline(&d.en)
        ));
    }
    for r in &spec.limits.rates {
        about.push_str(&format!(
            "- Rate `{}`: {} per second. {} / {}\n",
            r.name,
            r.per_second,
            doc::render_inline(&r.description.zh),
            doc::render_inline(&r.description.en)
        ));
    }
    if let Some(k) = &spec.idempotency_key {
        about.push_str(&format!(
            "- Idempotency key: {} (filled once per call when empty; reused on every retry)\n",
            doc::code(k)
        ));
    } else if spec.read_only {
        about.push_str("- Read-only: retried on any transient failure\n");
    } else if spec.replay_safe.is_some() {
        about.push_str("- Replay-safe: retried on any transient failure\n");
    } else {
        about.push_str(
            "- Not idempotent: retried only when the request surely did not reach the server\n",
        );
    }
    if let Some(u) = &spec.doc_url {
        about.push_str(&format!("- Page: <{u}>\n"));
    }

    let req_doc = format!(
        "The request of {label}: [`Client::{}`](crate::Client::{}) sends it.\n\n{about}",
        a.snake, a.snake
    );
    let req_struct = object_def(
        &ctx,
        &req_name,
        &spec.request,
        &req_doc,
        Some(RequestInfo {
            action: &spec.action,
            version: &spec.version,
        }),
        Directions::REQUEST,
    );
    let result_ty = spec
        .result_type
        .as_deref()
        .map(|t| Ty::parse(t).unwrap_or(Ty::Json));
    let optional = if spec.result_optional {
        " The call answers `None` when the `Result` is absent or `null`."
    } else {
        ""
    };
    let res_struct = match &result_ty {
        Some(ty) => {
            let rt = ctx.rust_type(ty);
            let d = doc::attrs(&format!(
                "The `Result` of {label}: {} on the wire.{optional}",
                doc::code(&ty.to_string())
            ));
            quote! { #d pub type #res = #rt; }
        }
        None => {
            let res_doc = if spec.result.is_empty() {
                format!("The `Result` of {label}: empty (`{{}}`).{optional}")
            } else {
                format!("The `Result` of {label}.{optional}")
            };
            object_def(
                &ctx,
                &res_name,
                &spec.result,
                &res_doc,
                None,
                Directions::RESULT,
            )
        }
    };
    let answer = if spec.result_optional {
        quote! { ::std::option::Option<#res> }
    } else {
        quote! { #res }
    };

    let action_name = &spec.action;
    let command = a.snake.replace('_', "-");
    let version = &spec.version;
    let method_tok = match spec.method {
        Method::GET => quote! { ::volcengine_openapi::Method::Get },
        Method::POST => quote! { ::volcengine_openapi::Method::Post },
    };
    let placement_tok = match spec.params_in {
        Placement::Body => quote! { ::volcengine_openapi::Placement::Body },
        Placement::Query => quote! { ::volcengine_openapi::Placement::Query },
    };
    let qps = opt_u32(spec.limits.qps);
    let idem_key = match &spec.idempotency_key {
        Some(k) => quote! { ::std::option::Option::Some(#k) },
        None => quote! { ::std::option::Option::None },
    };
    let read_only = spec.read_only;
    let replay_safe = spec.replay_safe.is_some();
    let family_static = format_ident!("FAMILY_{}", fam.name.to_shouty_snake_case());
    let example_request = spec
        .examples
        .first()
        .map(|e| e.request.to_string())
        .unwrap_or_else(|| "{}".into());
    let example_result = spec
        .examples
        .iter()
        .find_map(|e| e.result.as_ref())
        .map(|r| r.to_string())
        .unwrap_or_else(|| if spec.result_optional { "null" } else { "{}" }.into());
    let store = match &spec.fake.store {
        Some(s) => quote! { ::std::option::Option::Some(#s) },
        None => quote! { ::std::option::Option::None },
    };
    let new_ids = &spec.fake.new_ids;
    let membership = match &spec.fake.membership {
        Some(m) => {
            let (u, c, e) = (&m.user, &m.conversation, &m.error);
            quote! { ::std::option::Option::Some(::volcengine_openapi::registry::MemberRule { member: #u, group: #c, error: #e }) }
        }
        None => quote! { ::std::option::Option::None },
    };
    let idem_fn = spec.idempotency_key.as_ref().and_then(|k| spec.request.iter().find(|f| &f.name == k)).map(|f| {
        let fname = rust_field_name(f);
        quote! {
            fn idempotency_token(&mut self) -> ::std::option::Option<&mut ::std::option::Option<::std::string::String>> { ::std::option::Option::Some(&mut self.#fname) }
        }
    });
    let kind_of = |t: &Ty| match t {
        Ty::I32 | Ty::I64 | Ty::U32 => quote! { Integer },
        Ty::F32 | Ty::F64 => quote! { Number },
        Ty::Bool => quote! { Bool },
        Ty::String => quote! { String },
        Ty::List(_) => quote! { List },
        Ty::Named(n) => match ctx.lookup(n) {
            Some(d) if d.kind == TypeKind::Enum && d.base.as_deref() == Some("string") => {
                quote! { String }
            }
            Some(d) if d.kind == TypeKind::Enum => quote! { Integer },
            _ => quote! { Json },
        },
        _ => quote! { Json },
    };
    let query_fields = if spec.params_in == Placement::Query {
        spec.request
            .iter()
            .map(|f| {
                let wire = &f.name;
                // The checker admits only scalars and enums in a query.
                let kind = match Ty::parse(&f.ty).map(|t| kind_of(&t).to_string()) {
                    Ok(k) if k == "Integer" => quote! { Integer },
                    Ok(k) if k == "Number" => quote! { Number },
                    Ok(k) if k == "Bool" => quote! { Bool },
                    _ => quote! { String },
                };
                quote! { (#wire, ::volcengine_openapi::registry::QueryKind::#kind) }
            })
            .collect::<Vec<_>>()
    } else {
        Vec::new()
    };
    let fake_json = {
        let mut o = serde_json::Map::new();
        if let Some(r) = &spec.fake.records {
            o.insert(
                "records".into(),
                serde_json::to_value(r).unwrap_or_default(),
            );
        }
        if let Some(p) = &spec.paging {
            o.insert("paging".into(), serde_json::to_value(p).unwrap_or_default());
        }
        serde_json::Value::Object(o).to_string()
    };
    let desc_zh = spec.description.zh.trim();
    let desc_en = spec.description.en.trim();
    let mut limits_text = String::new();
    if let Some(q) = spec.limits.qps {
        limits_text.push_str(&format!("{q} requests per second. "));
    }
    if let Some(d) = &spec.limits.description {
        limits_text.push_str(&format!("{} / {}", d.zh.trim(), d.en.trim()));
    }
    let limits_text = limits_text.trim().to_string();
    let field_infos: Vec<TokenStream> = spec
        .request
        .iter()
        .map(|f| {
            let ty = Ty::parse(&f.ty).unwrap_or(Ty::Json);
            let kind = kind_of(&ty);
            let item = match &ty {
                Ty::List(t) => {
                    let k = kind_of(t);
                    quote! { ::std::option::Option::Some(::volcengine_openapi::registry::ValueKind::#k) }
                }
                _ => quote! { ::std::option::Option::None },
            };
            let (name, tyt, required) = (&f.name, &f.ty, f.required);
            let (zh, en) = (f.description.zh.trim(), f.description.en.trim());
            let constraints = constraints_text(&f.constraints);
            let example = f.example.as_ref().map(|e| e.to_string()).unwrap_or_default();
            quote! {
                ::volcengine_openapi::registry::FieldInfo {
                    name: #name, ty: #tyt, kind: ::volcengine_openapi::registry::ValueKind::#kind,
                    item_kind: #item, required: #required, description_zh: #zh, description_en: #en,
                    constraints: #constraints, example: #example,
                }
            }
        })
        .collect();
    let call_doc = doc::attrs(&format!(
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
        };
        impl ::volcengine_openapi::Action for #req {
            type Result = #answer;
            const OPERATION: &'static ::volcengine_openapi::Operation = &OPERATION;
            #idem_fn
        }
        impl crate::Client {
            #call_doc
            pub async fn #fn_name(&self, request: #req) -> ::std::result::Result<::volcengine_openapi::Response<#answer>, ::volcengine_openapi::Error> {
                self.inner.call(request).await
            }
        }
    }
}
