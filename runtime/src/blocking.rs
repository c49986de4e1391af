//! A blocking client (feature `blocking`), for scripts and synchronous programs.
//!
//! [`Client`] wraps the async [`Client`](crate::Client) with a tokio runtime of its own (one
//! worker thread, which also keeps the pooled connections alive between calls): the same
//! configuration, requests, responses, errors and per-call options, each call run to its end on the
//! calling thread. It is cheap to clone and can be shared between threads. Call it outside any
//! async runtime: called from inside one, a call answers an [`Error::Config`]
//! ([`ConfigErrorKind::Blocking`]) instead of blocking
//! that runtime's thread (use the async client there). Dropping it is safe anywhere.
//!
//! ```no_run
//! # use volcengine_openapi::{FamilyInfo, Method, Operation, Placement, ServiceInfo, Validate, Violations};
//! # static SERVICE: ServiceInfo = ServiceInfo {
//! #     name: "demo", default_region: "cn-north-1", regions: &[], error_codes: &[], user_agent: "x", editions: &[] };
//! # static F: FamilyInfo = FamilyInfo { name: "things", invalid_request_code: "InvalidParameter", signing_regions: &[] };
//! # static OP: Operation = Operation { service: &SERVICE, family: &F, action: "PutThing", version: "2020-12-01",
//! #     method: Method::Post, placement: Placement::Body, qps: None, shared_limit: None, idempotency_key: None, read_only: false, replay_safe: false };
//! # #[derive(serde::Serialize)] struct PutThing {}
//! # impl Validate for PutThing { fn validate(&self, _: &mut Violations) {} }
//! # impl volcengine_openapi::Action for PutThing { type Result = serde_json::Value; const OPERATION: &'static Operation = &OP; }
//! use volcengine_openapi::{CallOptions, Client, Credentials};
//! use std::time::Duration;
//!
//! fn main() -> Result<(), volcengine_openapi::Error> {
//!     let client = Client::builder(&SERVICE)
//!         .credentials(Credentials::new("AK...", "SK..."))
//!         .build_blocking()?;
//!     let sent = client.call(PutThing {})?;
//!     let quick = CallOptions::new().timeout(Duration::from_secs(2));
//!     let again = client.call_with(PutThing {}, &quick)?;
//!     println!("{} {}", sent.request_id(), again.request_id());
//!     Ok(())
//! }
//! ```
//!
//! With a generated crate, wrap its client's runtime client:
//! `volcengine_openapi::blocking::Client::new(typed.runtime().clone())`.

use std::fmt;
use std::sync::Arc;

use crate::client::{CallOptions, Response};
use crate::error::{ConfigErrorKind, Error};
use crate::operation::Action;
use crate::paging::{self, Paged};

/// The blocking client: see the [module documentation](self).
#[derive(Clone)]
pub struct Client {
    inner: crate::Client,
    runtime: Arc<Runtime>,
}

/// The runtime, shut down without waiting when the last clone goes: dropping a client is then safe
/// anywhere, inside an async context too (where dropping a tokio runtime would panic).
struct Runtime(Option<tokio::runtime::Runtime>);

impl Drop for Runtime {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::Client")
            .field("client", &self.inner)
            .finish_non_exhaustive()
    }
}

impl<C: From<crate::Client>> crate::ClientBuilder<C> {
    /// Builds a [`blocking::Client`](crate::blocking::Client) (feature `blocking`) with this
    /// configuration.
    pub fn build_blocking(self) -> Result<Client, Error> {
        Client::new(self.build_client()?)
    }
}

impl Client {
    /// Wraps an async client, starting the runtime its calls run on.
    pub fn new(client: crate::Client) -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("volcengine-blocking")
            .enable_all()
            .build()
            .map_err(|e| {
                let reason = "cannot start the blocking client's runtime".to_string();
                Error::config_from(ConfigErrorKind::Blocking { reason }, e)
            })?;
        Ok(Self {
            inner: client,
            runtime: Arc::new(Runtime(Some(runtime))),
        })
    }

    /// The async client underneath.
    pub fn async_client(&self) -> &crate::Client {
        &self.inner
    }

    fn block_on<T>(
        &self,
        what: &str,
        f: impl std::future::Future<Output = Result<T, Error>>,
    ) -> Result<T, Error> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::config(ConfigErrorKind::Blocking {
                reason: format!(
                    "the blocking client's {what} was called inside an async runtime, where it \
                     would block the runtime's thread: use the async client there"
                ),
            }));
        }
        match &self.runtime.0 {
            Some(rt) => rt.block_on(f),
            None => Err(Error::config(ConfigErrorKind::Blocking {
                reason: "the blocking client's runtime is gone".into(),
            })),
        }
    }

    /// Calls an action and waits for its answer: see [`crate::Client::call`].
    pub fn call<R: Action>(&self, request: R) -> Result<Response<R::Result>, Error> {
        self.block_on("call", self.inner.call(request))
    }

    /// [`call`](Self::call) with per-call settings: see [`crate::Client::call_with`].
    pub fn call_with<R: Action>(
        &self,
        request: R,
        options: &CallOptions,
    ) -> Result<Response<R::Result>, Error> {
        self.block_on("call_with", self.inner.call_with(request, options))
    }

    /// Every page of a paged call, fetched one at a time as the iterator is advanced: see
    /// [`crate::Client::pages`].
    pub fn pages<R: Paged>(&self, request: R) -> Pages<R> {
        self.pages_with(request, &CallOptions::default())
    }

    /// [`pages`](Self::pages) with per-call settings.
    pub fn pages_with<R: Paged>(&self, request: R, options: &CallOptions) -> Pages<R> {
        Pages {
            client: self.clone(),
            inner: self.inner.pages_with(request, options),
            done: false,
        }
    }

    /// Every item of a paged call: see [`crate::Client::items`].
    pub fn items<R: Paged>(&self, request: R) -> Items<R> {
        self.items_with(request, &CallOptions::default())
    }

    /// [`items`](Self::items) with per-call settings.
    pub fn items_with<R: Paged>(&self, request: R, options: &CallOptions) -> Items<R> {
        Items {
            client: self.clone(),
            inner: self.inner.items_with(request, options),
            done: false,
        }
    }
}

/// The pages of a paged call, as an iterator: see [`Client::pages`].
#[derive(Debug)]
pub struct Pages<R: Paged> {
    client: Client,
    inner: paging::Pages<R>,
    done: bool,
}

impl<R: Paged> Iterator for Pages<R> {
    type Item = Result<Response<R::Result>, Error>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let inner = &mut self.inner;
        let next = self
            .client
            .block_on("pages", async { Ok(inner.next().await) })
            .unwrap_or_else(|e| Some(Err(e)));
        if matches!(next, None | Some(Err(_))) {
            self.done = true;
        }
        next
    }
}

/// The items of a paged call, as an iterator: see [`Client::items`].
#[derive(Debug)]
pub struct Items<R: Paged> {
    client: Client,
    inner: paging::Items<R>,
    done: bool,
}

impl<R: Paged> Iterator for Items<R> {
    type Item = Result<R::Item, Error>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let inner = &mut self.inner;
        let next = self
            .client
            .block_on("items", async { Ok(inner.next().await) })
            .unwrap_or_else(|e| Some(Err(e)));
        if matches!(next, None | Some(Err(_))) {
            self.done = true;
        }
        next
    }
}
