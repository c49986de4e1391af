//! The service-agnostic runtime of Volcengine OpenAPI clients.
//!
//! It signs requests exactly as the official SDKs sign them (HMAC-SHA256 over a canonical request),
//! sends them over one pooled HTTPS client, retries only what is safe to replay, rate-limits per
//! action, and decodes the `ResponseMetadata` / `Result` envelope into typed values or typed errors.
//! It knows no service and no action: a generated crate (such as `volcengine-rtc`) describes its
//! service as a static [`ServiceInfo`] and each action as an [`Operation`] plus request and result
//! types implementing [`Action`].
//!
//! Calling any action of any service needs only that data. For example, `ListUsers` of IAM with
//! a hand-written request type:
//!
//! ```no_run
//! use volcengine_openapi::{
//!     Action, Client, Credentials, FamilyInfo, Method, Operation, Placement, RegionInfo,
//!     ServiceInfo, Validate, Violations,
//! };
//!
//! static IAM: ServiceInfo = ServiceInfo {
//!     name: "iam",
//!     default_region: "cn-north-1",
//!     regions: &[RegionInfo {
//!         name: "cn-north-1",
//!         aliases: &[],
//!         host: "iam.volcengineapi.com",
//!         description_zh: "华北",
//!         description_en: "North China",
//!     }],
//!     error_codes: &[],
//!     user_agent: "my-app",
//!     editions: &[],
//! };
//! static USERS: FamilyInfo = FamilyInfo {
//!     name: "users",
//!     invalid_request_code: "InvalidParameter",
//!     signing_regions: &[],
//! };
//! static LIST_USERS: Operation = Operation {
//!     service: &IAM,
//!     family: &USERS,
//!     action: "ListUsers",
//!     version: "2018-01-01",
//!     method: Method::Get,
//!     placement: Placement::Query,
//!     qps: None,
//!     shared_limit: None,
//!     idempotency_key: None,
//!     read_only: true,
//!     replay_safe: false,
//! };
//!
//! #[derive(serde::Serialize)]
//! struct ListUsers {
//!     #[serde(rename = "Limit")]
//!     limit: i32,
//! }
//! impl Validate for ListUsers {
//!     fn validate(&self, _: &mut Violations) {}
//! }
//! impl Action for ListUsers {
//!     type Result = serde_json::Value;
//!     const OPERATION: &'static Operation = &LIST_USERS;
//! }
//!
//! # async fn demo() -> Result<(), volcengine_openapi::Error> {
//! let client = Client::builder(&IAM)
//!     .credentials(Credentials::new("AK...", "SK..."))
//!     .build()?;
//! let users = client.call(ListUsers { limit: 10 }).await?;
//! println!("{} {}", users.result, users.request_id());
//! # Ok(())
//! # }
//! ```
//!
//! # Configuration
//!
//! What the builder leaves open comes from the environment (`VOLC_ACCESSKEY`, `VOLC_SECRETKEY`,
//! `VOLC_SESSION_TOKEN`, `VOLC_REGION`, `VOLC_ENDPOINT`, `VOLC_PROFILE`), then from the file the
//! official Go SDK reads, `$HOME/.volc/config`, extended with named profiles: each setting from the
//! builder, else the environment, else the profile, else the service's default. See [`config`] for
//! the file's format and [`credentials`] for credentials that change (STS), asked for before each
//! attempt when near their expiry.
//!
//! # Per-call control
//!
//! [`Client::call_with`] takes [`CallOptions`]: a deadline for the whole call (retries and backoff
//! included), a per-attempt timeout, retry rules, rate limiting and the idempotency token. A
//! generated crate's typed client dereferences to this client, so `client.call_with(request,
//! &options)` works with its request types too. Retrying an ambiguous failure (the request may have
//! been carried out) with the same idempotency token makes the server do the work at most once:
//!
//! ```no_run
//! use std::time::Duration;
//! use volcengine_openapi::{Action, CallOptions, Client, Error, Response};
//!
//! async fn send_once<R: Action + Clone>(
//!     client: &Client,
//!     request: R,
//! ) -> Result<Response<R::Result>, Error> {
//!     let options = CallOptions::new().timeout(Duration::from_secs(5));
//!     match client.call_with(request.clone(), &options).await {
//!         Err(e) if e.is_ambiguous() && e.idempotency_token().is_some() => {
//!             let token = e.idempotency_token().unwrap_or_default().to_string();
//!             let again = options.clone().idempotency_token(token);
//!             client.call_with(request, &again).await
//!         }
//!         other => other,
//!     }
//! }
//! ```
//!
//! # Pages, blocking calls, traces
//!
//! - [`Client::pages`] and [`Client::items`] stream every page or item of an action implementing
//!   [`Paged`] (see [`paging`]).
//! - Feature `blocking`: `blocking::Client`, the same calls for synchronous programs.
//! - Each call runs in an INFO span `call` with `service`, `action`, `version`, and, once it ends,
//!   `request_id`, `attempts` and `outcome` (`ok` or `error`); at DEBUG each attempt has a span
//!   `attempt` and an event `signed request` with the method, URL and headers, the signature and
//!   session token masked. With tracing off (no subscriber, or one below those levels) a call does
//!   nothing for them beyond `tracing::enabled!` checks.

#![warn(missing_docs)]

pub mod ack;
#[cfg(feature = "blocking")]
pub mod blocking;
pub mod client;
pub mod config;
pub mod credentials;
#[doc(hidden)]
pub mod de;
pub mod error;
#[doc(hidden)]
pub mod json;
pub mod longs;
pub mod operation;
pub mod paging;
#[cfg(feature = "registry")]
pub mod registry;
pub mod sensitive;
pub mod service;
pub mod signer;
pub mod text;
pub mod union;
pub mod validate;

pub use ack::Ack;
pub use client::{
    CallOptions, Client, ClientBuilder, PreparedRequest, RateLimit, Response, ResponseMetadata,
    RetryPolicy,
};
pub use error::{
    AnswerTooLargeError, ApiError, CallInfo, ConfigError, ConfigErrorKind, CredentialsError,
    CredentialsErrorKind, Error, HttpError, PagingError, TransportError, ValidationError,
};
pub use operation::{Action, Method, Operation, Placement, SharedRateLimit};
pub use paging::{Paged, PagingStyle};
#[cfg(feature = "registry")]
pub use registry::{ActionEntry, ActionInfo};
pub use service::{EditionInfo, ErrorCodeInfo, FamilyInfo, RegionInfo, ServiceInfo};
pub use signer::{Credentials, Secret};
pub use validate::{Validate, Violation, Violations};
