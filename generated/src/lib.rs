//! Volcengine RTC and IM server OpenAPI for Rust, generated from the YAML spec in `api-spec/`.
//!
//! Each action is a request type, a result type and a method on [`Client`]; the request is checked
//! against the spec's constraints before any I/O, signed like the official SDKs sign, sent over one
//! pooled HTTPS client, retried only when replaying it is safe, and answered with a typed result or a
//! typed [`Error`].
//!
//! ```no_run
//! use volcengine_rtc::im::{SendMessageRequest, SendMessageRequired};
//! use volcengine_rtc::im::types::MsgType;
//! use volcengine_rtc::{Client, Credentials};
//!
//! # async fn demo() -> Result<(), volcengine_rtc::Error> {
//! let client = Client::builder()
//!     .credentials(Credentials::new("AK...", "SK..."))
//!     .region("cn-north-1")
//!     .build()?;
//! let request = SendMessageRequest::new(SendMessageRequired {
//!     app_id: 123456,
//!     sender: 10001,
//!     conversation_short_id: 7221856821303362000,
//!     msg_type: MsgType::TEXT,
//!     content: r#"{"text":"hello"}"#.to_string(),
//! })
//! .mentioned_users(vec![10002]);
//! let sent = client.send_message(request).await?;
//! println!("message {} (request {})", sent.message_id, sent.request_id());
//! # Ok(())
//! # }
//! ```
//!
//! The generated modules ([`im`], [`rtc`], [`service`]) are written by `cargo xtask codegen`; the
//! hand-written runtime lives in [`runtime`].
//!
//! Cargo features: `im` and `rtc` (default) select the action families; `registry` adds every action
//! as data, callable by name with JSON (`actions()`, `Client::call_json`); `fake-server` (implies
//! `registry`) adds the local fake server. Without `registry`, request types only serialise and
//! result types only deserialise, which keeps the crate cheap to build.

#![warn(missing_docs)]

#[rustfmt::skip]
mod api;
pub mod runtime;

#[cfg(feature = "im")]
pub use api::im;
#[cfg(feature = "rtc")]
pub use api::rtc;
pub use api::service;

pub use runtime::client::{
    Client, ClientBuilder, RateLimit, Response, ResponseMetadata, RetryPolicy,
};
pub use runtime::error::{ApiError, Error, HttpError, TransportError, ValidationError};
#[cfg(feature = "fake-server")]
pub use runtime::fake::{FakeServer, Fault};
#[cfg(feature = "registry")]
pub use runtime::registry::{actions, ActionEntry};
pub use runtime::signer::{Credentials, Secret};
pub use runtime::validate::Violation;

/// The generator's output for the shapes fixture (`tests/fixtures/shapes/`), compiled and tested here
/// because its code names this crate's runtime.
#[cfg(test)]
#[rustfmt::skip]
#[allow(dead_code, unused_imports)]
#[path = "../../tests/golden/shapes/mod.rs"]
mod golden_shapes;

#[cfg(test)]
mod golden_shapes_tests;
