//! The client: configuration, preparation, signing, sending, retries, rate limits.
//!
//! Everything action-specific arrives as data ([`Operation`]) or through the [`Action`] trait that the
//! generated code implements; the generic part of a call is small and the rest is shared.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use reqwest::header::{self, HeaderName, HeaderValue};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use tracing::Instrument;

use crate::runtime::error::{excerpt, ApiError, Error, HttpError, TransportError, ValidationError};
use crate::runtime::operation::{Action, Method, Operation, Placement};
use crate::runtime::signer::{
    format_x_date, push_canonical_query, sign_compact, Credentials, KeyCache, Pair, Parts, Signed,
};
use crate::runtime::validate::Violations;

/// Retry rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = no retry).
    pub max_attempts: u32,
    /// First backoff; doubled per attempt, with full jitter in its upper half.
    pub initial_backoff: Duration,
    /// Largest backoff.
    pub max_backoff: Duration,
    /// No retry starts after this much time since the call began.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }
}

/// Client-side rate limiting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RateLimit {
    /// Each action's documented QPS (the default).
    #[default]
    Documented,
    /// The same limit for every action, in requests per second.
    PerSecond(u32),
    /// No client-side limit.
    Off,
}

type TokenSource = Arc<dyn Fn() -> String + Send + Sync>;

/// The default idempotency tokens: random (version 4) UUIDs, each from SHA-256 of a 256-bit seed
/// drawn from the operating system once per client and a counter. Unique and unpredictable like
/// `Uuid::new_v4`, without a system call per token (which costs more than signing the request).
fn random_tokens() -> TokenSource {
    let mut seed = [0u8; 32];
    seed[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    seed[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
    let counter = AtomicU64::new(0);
    Arc::new(move || {
        let n = counter.fetch_add(1, Ordering::Relaxed);
        let digest = Sha256::new()
            .chain_update(seed)
            .chain_update(n.to_le_bytes())
            .finalize();
        let mut random = [0u8; 16];
        random.copy_from_slice(&digest[..16]);
        let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
        uuid::Builder::from_random_bytes(random)
            .into_uuid()
            .hyphenated()
            .encode_lower(&mut text)
            .to_owned()
    })
}

/// Builds a [`Client`].
#[derive(Clone)]
pub struct ClientBuilder {
    credentials: Option<Credentials>,
    region: Option<String>,
    endpoint: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    rate_limit: RateLimit,
    tokens: Option<TokenSource>,
    root_certificates: Vec<Vec<u8>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .finish_non_exhaustive()
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            credentials: None,
            region: None,
            endpoint: None,
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            user_agent: format!("volcengine-rtc-rust/{}", env!("CARGO_PKG_VERSION")),
            retry: RetryPolicy::default(),
            rate_limit: RateLimit::Documented,
            tokens: None,
            root_certificates: Vec::new(),
        }
    }
}

impl ClientBuilder {
    /// Explicit credentials (otherwise `VOLC_ACCESSKEY` / `VOLC_SECRETKEY` / `VOLC_SESSION_TOKEN`).
    pub fn credentials(mut self, c: Credentials) -> Self {
        self.credentials = Some(c);
        self
    }

    /// The region (its host comes from the spec's region table); default `cn-north-1`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sends to this base URL instead of the region's host (e.g. `http://127.0.0.1:8080`).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Timeout of one attempt (default 10 s).
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }

    /// Connect timeout (default 5 s).
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = t;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }

    /// Retry rules.
    pub fn retry(mut self, r: RetryPolicy) -> Self {
        self.retry = r;
        self
    }

    /// Client-side rate limiting.
    pub fn rate_limit(mut self, r: RateLimit) -> Self {
        self.rate_limit = r;
        self
    }

    /// Where idempotency tokens come from (default: random UUIDs).
    pub fn idempotency_tokens(
        mut self,
        source: impl Fn() -> String + Send + Sync + 'static,
    ) -> Self {
        self.tokens = Some(Arc::new(source));
        self
    }

    /// Trusts this PEM certificate as a root, in addition to the built-in ones (for test servers).
    pub fn add_root_certificate_pem(mut self, pem: &[u8]) -> Self {
        self.root_certificates.push(pem.to_vec());
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let credentials = match self.credentials.or_else(Credentials::from_env) {
            Some(c) => c,
            None => return Err(Error::Config(
                "no credentials: pass them to the builder or set VOLC_ACCESSKEY and VOLC_SECRETKEY"
                    .into(),
            )),
        };
        let region = self
            .region
            .unwrap_or_else(|| crate::api::service::DEFAULT_REGION.to_string());
        let base = match self.endpoint {
            Some(e) => e,
            None => match crate::api::service::REGIONS
                .iter()
                .find(|r| r.name == region)
            {
                Some(r) => format!("https://{}", r.host),
                None => {
                    let known: Vec<&str> = crate::api::service::REGIONS
                        .iter()
                        .map(|r| r.name)
                        .collect();
                    return Err(Error::Config(format!(
                        "unknown region `{region}` (known: {})",
                        known.join(", ")
                    )));
                }
            },
        };
        let url = reqwest::Url::parse(&base)
            .map_err(|e| Error::Config(format!("bad endpoint `{base}`: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(Error::Config(format!(
                "bad endpoint `{base}`: needs http(s)://host"
            )));
        }
        let host = match (url.host_str(), url.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            (None, _) => String::new(),
        };
        let mut path = url.path().to_string();
        if path.is_empty() {
            path = "/".into();
        }
        let origin = format!("{}://{host}", url.scheme());
        // Every request's URL is this one with its query set: parsed once, here.
        let base_url = reqwest::Url::parse(&format!("{origin}{path}"))
            .map_err(|e| Error::Config(format!("bad endpoint `{base}`: {e}")))?;
        let sign_headers = vec![
            ("Host".to_string(), host.clone()),
            ("Content-Type".to_string(), "application/json".to_string()),
        ];
        let mut http = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .user_agent(self.user_agent)
            .pool_max_idle_per_host(256);
        for pem in &self.root_certificates {
            let cert = reqwest::Certificate::from_pem(pem)
                .map_err(|e| Error::Config(format!("bad certificate: {e}")))?;
            http = http.add_root_certificate(cert);
        }
        let http = http
            .build()
            .map_err(|e| Error::Config(format!("HTTP client: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                credentials,
                region,
                origin,
                path,
                base_url,
                sign_headers,
                retry: self.retry,
                rate_limit: self.rate_limit,
                tokens: self.tokens.unwrap_or_else(random_tokens),
                keys: KeyCache::default(),
                clock_offset: AtomicI64::new(0),
                slots: Mutex::new(HashMap::new()),
            }),
        })
    }
}

/// A Volcengine RTC/IM client: one pooled HTTPS connection pool, cheap to clone and share.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    credentials: Credentials,
    region: String,
    origin: String,
    path: String,
    /// `origin` and `path`, parsed.
    base_url: reqwest::Url,
    /// The headers signed besides the signer's own: `Host`, then `Content-Type` (sent with a JSON
    /// body only, so signed as the first one or both).
    sign_headers: Vec<(String, String)>,
    retry: RetryPolicy,
    rate_limit: RateLimit,
    tokens: TokenSource,
    keys: KeyCache,
    /// Correction added to the local clock, in seconds (learnt from a skew error).
    clock_offset: AtomicI64,
    /// Per action: the earliest instant the next request may start.
    slots: Mutex<HashMap<&'static str, Instant>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("credentials", &self.inner.credentials)
            .field("region", &self.inner.region)
            .field("endpoint", &self.inner.origin)
            .field("retry", &self.inner.retry)
            .field("rate_limit", &self.inner.rate_limit)
            .finish_non_exhaustive()
    }
}

/// `ResponseMetadata` of an answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct ResponseMetadata {
    /// The request's id, for support.
    #[serde(rename = "RequestId", default)]
    pub request_id: String,
    /// The action.
    #[serde(rename = "Action", default)]
    pub action: String,
    /// The version.
    #[serde(rename = "Version", default)]
    pub version: String,
    /// The service.
    #[serde(rename = "Service", default)]
    pub service: String,
    /// The region.
    #[serde(rename = "Region", default)]
    pub region: String,
}

/// A successful answer: the decoded `Result` and its metadata.
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    /// The decoded `Result`.
    pub result: T,
    /// `ResponseMetadata` (request id and echo of the call).
    pub metadata: ResponseMetadata,
    /// How many attempts the call took.
    pub attempts: u32,
    /// The idempotency token sent, for actions that have one.
    pub idempotency_token: Option<String>,
}

impl<T> Response<T> {
    /// `ResponseMetadata.RequestId`.
    pub fn request_id(&self) -> &str {
        &self.metadata.request_id
    }
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.result
    }
}

/// A request ready to send: query pairs (after Action and Version) and body.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub query: Vec<(String, String)>,
    /// Shared bytes: each attempt sends the same buffer without copying it.
    pub body: bytes::Bytes,
}

/// A prepared request with its query (`Action` and `Version` first) and full URL, parsed once per
/// call: what every attempt sends, signed afresh each time.
pub(crate) struct Target {
    query: Vec<Pair<'static>>,
    url: reqwest::Url,
    body: bytes::Bytes,
}

/// A request exactly as the client would send it now: validated, serialised and signed.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct PreparedRequest {
    /// HTTP method.
    pub method: Method,
    /// The full URL, with the canonical query string.
    pub url: String,
    /// Every header the client sets on the request (reqwest adds `User-Agent` when sending):
    /// `Accept`, `Host`, `Content-Type` (JSON body), `X-Date`, `X-Content-Sha256`,
    /// `X-Security-Token` (with a session token), `Authorization`.
    pub headers: reqwest::header::HeaderMap,
    /// The body.
    pub body: bytes::Bytes,
    /// The idempotency token filled in, for actions that have one.
    pub idempotency_token: Option<String>,
}

/// The raw successful answer.
pub(crate) struct RawAnswer {
    pub metadata: ResponseMetadata,
    pub result: Option<Box<serde_json::value::RawValue>>,
    pub attempts: u32,
}

#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "ResponseMetadata")]
    metadata: Option<WireMetadata>,
    #[serde(rename = "Result")]
    result: Option<Box<serde_json::value::RawValue>>,
}

/// `ResponseMetadata` with its `Error`, read field by field: [`ResponseMetadata`]'s fields are
/// repeated here rather than flattened, since `#[serde(flatten)]` buffers every field of the object.
#[derive(Deserialize)]
struct WireMetadata {
    #[serde(rename = "RequestId", default)]
    request_id: String,
    #[serde(rename = "Action", default)]
    action: String,
    #[serde(rename = "Version", default)]
    version: String,
    #[serde(rename = "Service", default)]
    service: String,
    #[serde(rename = "Region", default)]
    region: String,
    #[serde(rename = "Error")]
    error: Option<WireError>,
}

impl WireMetadata {
    /// The metadata and the error apart.
    fn split(self) -> (ResponseMetadata, Option<WireError>) {
        let meta = ResponseMetadata {
            request_id: self.request_id,
            action: self.action,
            version: self.version,
            service: self.service,
            region: self.region,
        };
        (meta, self.error)
    }
}

#[derive(Deserialize)]
struct WireError {
    #[serde(rename = "Code", default)]
    code: String,
    #[serde(rename = "CodeN", default)]
    code_n: Option<u32>,
    #[serde(rename = "Message", default)]
    message: String,
}

/// Turns a request's fields into query pairs: scalars as text, anything else as JSON.
pub(crate) fn query_pairs(value: &serde_json::Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(obj) = value.as_object() {
        for (k, v) in obj {
            let s = match v {
                serde_json::Value::Null => continue,
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            out.push((k.clone(), s));
        }
    }
    out
}

enum Outcome {
    Done(RawAnswer),
    Retry {
        error: Error,
        after: Option<Duration>,
    },
    Fail(Error),
}

impl Client {
    /// A builder with the defaults: region `cn-north-1`, 10 s timeout, 3 attempts, documented QPS.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The configured region.
    pub fn region(&self) -> &str {
        &self.inner.region
    }

    /// Calls any action: validate, fill the idempotency key, serialise, send, decode.
    pub async fn call<R: Action>(&self, request: R) -> Result<Response<R::Result>, Error> {
        let (target, token) = self.target(request)?;
        let raw = self.execute(R::OPERATION, target).await?;
        decode::<R::Result>(R::OPERATION, raw, token)
    }

    /// Runs exactly what [`call`](Self::call) does before sending, without any I/O: validation,
    /// idempotency token, serialisation and signing with the current time. For benchmarks and
    /// debugging; each real attempt signs afresh.
    #[doc(hidden)]
    pub fn prepare_signed<R: Action>(&self, request: R) -> Result<PreparedRequest, Error> {
        let op = R::OPERATION;
        let (target, idempotency_token) = self.target(request)?;
        let request = self.request(op, &target)?;
        Ok(PreparedRequest {
            method: op.method,
            url: target.url.into(),
            headers: request.headers().clone(),
            body: target.body,
            idempotency_token,
        })
    }

    /// Validates, fills the idempotency key and serialises: the generic part of a call.
    fn target<R: Action>(&self, mut request: R) -> Result<(Target, Option<String>), Error> {
        let op = R::OPERATION;
        let violations = Violations::of(&request);
        if !violations.is_empty() {
            return Err(Error::Validation(ValidationError {
                action: op.action,
                violations,
            }));
        }
        let token = self.fill_token(request.idempotency_token());
        let prepared = prepare(op, &request)?;
        Ok((self.locate(op, prepared), token))
    }

    /// The query (`Action` and `Version` first) and URL of a prepared request.
    fn locate(&self, op: &'static Operation, prepared: Prepared) -> Target {
        let mut query: Vec<Pair<'static>> = Vec::with_capacity(prepared.query.len() + 2);
        query.push((Cow::Borrowed("Action"), Cow::Borrowed(op.action)));
        query.push((Cow::Borrowed("Version"), Cow::Borrowed(op.version)));
        query.extend(
            prepared
                .query
                .into_iter()
                .map(|(k, v)| (Cow::Owned(k), Cow::Owned(v))),
        );
        let mut query_string = String::new();
        push_canonical_query(&mut query_string, &query);
        // The canonical query holds only unreserved characters, `%XX`, `=` and `&`: setting it
        // leaves it as it is, as parsing `origin + path + "?" + query` would.
        let mut url = self.inner.base_url.clone();
        url.set_query(Some(&query_string));
        Target {
            query,
            url,
            body: prepared.body,
        }
    }

    /// Signs one attempt with the current (corrected) time: its `X-Date` and the signer's values.
    fn sign(&self, op: &'static Operation, target: &Target) -> (String, Signed) {
        let inner = &*self.inner;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        let x_date = format_x_date(now + inner.clock_offset.load(Ordering::Relaxed));
        let signed_count = if json_body(op) { 2 } else { 1 };
        let signed = sign_compact(
            &inner.credentials,
            &Parts {
                method: op.method.as_str(),
                path: &inner.path,
                query: &target.query,
                headers: &inner.sign_headers[..signed_count],
                body: &target.body,
                region: &inner.region,
                service: crate::api::service::SERVICE_NAME,
                x_date: &x_date,
            },
            &inner.keys,
        );
        (x_date, signed)
    }

    /// The request of one attempt, signed now. A header value that HTTP cannot carry (a control
    /// character in the access key, session token or endpoint host) is a configuration error naming
    /// the header, never its value.
    fn request(&self, op: &'static Operation, target: &Target) -> Result<reqwest::Request, Error> {
        let inner = &*self.inner;
        let invalid = |name: &str| {
            Error::Config(format!(
                "{}: the {name} header would not be valid HTTP (check the credentials and endpoint)",
                op.action
            ))
        };
        let (x_date, signed) = self.sign(op, target);
        let method = match op.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
        };
        let mut request = reqwest::Request::new(method, target.url.clone());
        let headers = request.headers_mut();
        headers.reserve(8);
        headers.append(header::ACCEPT, HeaderValue::from_static("application/json"));
        headers.append(
            header::HOST,
            HeaderValue::from_str(&inner.sign_headers[0].1).map_err(|_| invalid("Host"))?,
        );
        if json_body(op) {
            headers.append(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
        }
        headers.append(
            X_DATE,
            HeaderValue::try_from(x_date).map_err(|_| invalid("X-Date"))?,
        );
        headers.append(
            X_CONTENT_SHA256,
            HeaderValue::from_bytes(&signed.content_sha256)
                .map_err(|_| invalid("X-Content-Sha256"))?,
        );
        if let Some(t) = inner.credentials.session_token() {
            let mut v =
                HeaderValue::from_str(t.expose()).map_err(|_| invalid("X-Security-Token"))?;
            v.set_sensitive(true);
            headers.append(X_SECURITY_TOKEN, v);
        }
        let mut auth =
            HeaderValue::try_from(signed.authorization).map_err(|_| invalid("Authorization"))?;
        auth.set_sensitive(true);
        headers.append(header::AUTHORIZATION, auth);
        if !target.body.is_empty() || op.method == Method::Post {
            *request.body_mut() = Some(target.body.clone().into());
        }
        Ok(request)
    }

    fn fill_token(&self, slot: Option<&mut Option<String>>) -> Option<String> {
        let slot = slot?;
        if slot.as_deref().is_none_or(str::is_empty) {
            *slot = Some((self.inner.tokens)());
        }
        slot.clone()
    }

    /// Prepares, signs and sends a request given as JSON, answering the `Result` as JSON
    /// (feature `registry`).
    #[cfg(feature = "registry")]
    pub async fn call_json<R>(&self, request: serde_json::Value) -> Result<serde_json::Value, Error>
    where
        R: Action + serde::de::DeserializeOwned,
        R::Result: serde::Serialize,
    {
        let op = R::OPERATION;
        let typed: R = crate::runtime::json::from_value(&request).map_err(|e| {
            Error::Validation(ValidationError {
                action: op.action,
                violations: vec![crate::runtime::validate::Violation {
                    path: String::new(),
                    message: e.to_string(),
                }],
            })
        })?;
        let response = self.call(typed).await?;
        crate::runtime::json::to_value(&response.result)
            .map_err(|e| Error::Config(format!("cannot render the result: {e}")))
    }

    /// Sends a prepared request with signing, retries and rate limiting. Not generic: one copy serves
    /// every action.
    pub(crate) async fn execute(
        &self,
        op: &'static Operation,
        target: Target,
    ) -> Result<RawAnswer, Error> {
        let span = tracing::info_span!("volc_rtc.call", action = op.action, version = op.version);
        self.execute_inner(op, target).instrument(span).await
    }

    async fn execute_inner(
        &self,
        op: &'static Operation,
        target: Target,
    ) -> Result<RawAnswer, Error> {
        let started = Instant::now();
        let policy = self.inner.retry;
        let mut attempt: u32 = 0;
        let mut skew_corrected = false;
        loop {
            attempt += 1;
            self.wait_for_slot(op).await;
            let outcome = self
                .attempt(op, &target, attempt)
                .instrument(tracing::debug_span!("volc_rtc.attempt", attempt))
                .await;
            match outcome {
                Outcome::Done(raw) => return Ok(raw),
                Outcome::Fail(e) => {
                    // A skew error: correct the clock once and retry at once.
                    if !skew_corrected {
                        if let Some(offset) = skew_offset(&e) {
                            skew_corrected = true;
                            self.inner.clock_offset.store(offset, Ordering::Relaxed);
                            tracing::warn!(
                                offset_seconds = offset,
                                "clock skew detected; corrected and retrying"
                            );
                            attempt -= 1;
                            continue;
                        }
                    }
                    return Err(e);
                }
                Outcome::Retry { error, after } => {
                    if attempt >= policy.max_attempts {
                        return Err(error);
                    }
                    let backoff = after.unwrap_or_else(|| backoff(policy, attempt));
                    if started.elapsed() + backoff > policy.max_elapsed {
                        return Err(error);
                    }
                    tracing::debug!(attempt, backoff_ms = backoff.as_millis() as u64, error = %error, "retrying");
                    tokio::time::sleep(backoff).await;
                }
            }
        }
    }

    async fn attempt(&self, op: &'static Operation, target: &Target, attempt: u32) -> Outcome {
        let request = match self.request(op, target) {
            Ok(request) => request,
            Err(e) => return Outcome::Fail(e),
        };
        let idempotent = op.is_idempotent();
        let resp = match self.inner.http.execute(request).await {
            Ok(r) => r,
            Err(e) => {
                let connect = e.is_connect();
                let err = Error::Transport(Box::new(TransportError {
                    message: transport_message(&e),
                    timed_out: e.is_timeout(),
                    connect,
                    action: op.action,
                }));
                tracing::debug!(attempt, connect, "transport error");
                // A request that never connected cannot have reached the server.
                return if connect || idempotent {
                    Outcome::Retry {
                        error: err,
                        after: None,
                    }
                } else {
                    Outcome::Fail(err)
                };
            }
        };
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        // Parsed only for an error answer (which reports it, and a skew error needs it).
        let date = resp.headers().get(header::DATE).cloned();
        let bytes = match resp.bytes().await {
            Ok(b) => b,
            Err(e) => {
                let err = Error::Transport(Box::new(TransportError {
                    message: format!(
                        "reading the answer (HTTP {status}): {}",
                        transport_message(&e)
                    ),
                    timed_out: e.is_timeout(),
                    connect: false,
                    action: op.action,
                }));
                return if idempotent {
                    Outcome::Retry {
                        error: err,
                        after: None,
                    }
                } else {
                    Outcome::Fail(err)
                };
            }
        };
        interpret_answer(op, status, &bytes, retry_after, date.as_ref(), attempt)
    }

    async fn wait_for_slot(&self, op: &'static Operation) {
        let qps = match self.inner.rate_limit {
            RateLimit::Off => return,
            RateLimit::PerSecond(q) => Some(q),
            RateLimit::Documented => op.qps,
        };
        let Some(qps) = qps.filter(|q| *q > 0) else {
            return;
        };
        let interval = Duration::from_secs(1) / qps;
        let start = {
            let mut slots = self.inner.slots.lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            let slot = slots.entry(op.action).or_insert(now);
            let start = (*slot).max(now);
            *slot = start + interval;
            start
        };
        if start > Instant::now() {
            tokio::time::sleep_until(start.into()).await;
        }
    }
}

const X_DATE: HeaderName = HeaderName::from_static("x-date");
const X_CONTENT_SHA256: HeaderName = HeaderName::from_static("x-content-sha256");
const X_SECURITY_TOKEN: HeaderName = HeaderName::from_static("x-security-token");

/// Whether the request carries a JSON body (and so a signed `Content-Type`).
fn json_body(op: &Operation) -> bool {
    op.method == Method::Post && op.placement == Placement::Body
}

/// The clock offset to apply when `e` is a skew error carrying the server's clock.
fn skew_offset(e: &Error) -> Option<i64> {
    let api = e.as_api()?;
    if !api.is_clock_skew() {
        return None;
    }
    let server = api.server_date?.duration_since(UNIX_EPOCH).ok()?.as_secs() as i64;
    let local = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs() as i64;
    let offset = server - local;
    // Only a real skew (over a minute) is corrected; otherwise the error stands.
    (offset.abs() > 60).then_some(offset)
}

/// An answer that is neither a success nor an API error. Retried when throttled (429), or when the
/// request is idempotent (replayed under its key) and the server may not have done as asked: a 5xx,
/// or an answer that is not the envelope at all (truncated, HTML from a proxy), whatever its status.
fn classify_http(
    status: u16,
    undecodable: bool,
    idempotent: bool,
    err: Error,
    after: Option<Duration>,
) -> Outcome {
    if status == 429 || (idempotent && (undecodable || status >= 500)) {
        Outcome::Retry { error: err, after }
    } else {
        Outcome::Fail(err)
    }
}

fn transport_message(e: &reqwest::Error) -> String {
    // reqwest's Display includes the URL, which holds no secret (the query is the request's fields).
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

fn parse_retry_after(v: &str) -> Option<Duration> {
    if let Ok(secs) = v.trim().parse::<u64>() {
        return Some(Duration::from_secs(secs.min(60)));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO)
            .min(Duration::from_secs(60)),
    )
}

fn backoff(p: RetryPolicy, attempt: u32) -> Duration {
    let exp = p
        .initial_backoff
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
    let cap = exp.min(p.max_backoff);
    // Jitter: a random point in [cap/2, cap].
    let r = (uuid::Uuid::new_v4().as_u128() % 1000) as u32;
    cap / 2 + cap / 2 * r / 1000
}

/// Serialises a request for its placement.
pub(crate) fn prepare<R: Action>(op: &Operation, request: &R) -> Result<Prepared, Error> {
    let fail = |e: serde_json::Error| {
        Error::Config(format!("{}: cannot serialise the request: {e}", op.action))
    };
    match op.placement {
        Placement::Body => Ok(Prepared {
            query: Vec::new(),
            body: serde_json::to_vec(request).map_err(fail)?.into(),
        }),
        Placement::Query => {
            let v = crate::runtime::json::to_value(request).map_err(fail)?;
            Ok(Prepared {
                query: query_pairs(&v),
                body: bytes::Bytes::new(),
            })
        }
    }
}

/// What one answer means: its raw `Result`, or a typed error to retry or to return. No I/O, so that
/// [`decode_answer`] runs exactly what every attempt runs.
fn interpret_answer(
    op: &'static Operation,
    status: u16,
    bytes: &[u8],
    retry_after: Option<Duration>,
    date: Option<&HeaderValue>,
    attempt: u32,
) -> Outcome {
    let idempotent = op.is_idempotent();
    let envelope: Envelope = match serde_json::from_slice(bytes) {
        Ok(e) => e,
        Err(e) => {
            let err = Error::Http(Box::new(HttpError {
                status,
                reason: format!("the body is not the JSON envelope ({e})"),
                body_excerpt: excerpt(bytes),
                request_id: None,
                action: op.action,
            }));
            tracing::debug!(attempt, status, "undecodable answer");
            return classify_http(status, true, idempotent, err, retry_after);
        }
    };
    let Some(wire) = envelope.metadata else {
        let err = Error::Http(Box::new(HttpError {
            status,
            reason: "the answer has no ResponseMetadata".into(),
            body_excerpt: excerpt(bytes),
            request_id: None,
            action: op.action,
        }));
        return classify_http(status, true, idempotent, err, retry_after);
    };
    let (meta, error) = wire.split();
    tracing::debug!(attempt, status, request_id = %meta.request_id, "answer");
    if let Some(werr) = error {
        let api = ApiError {
            code: werr.code,
            code_n: werr.code_n,
            message: werr.message,
            request_id: Some(meta.request_id).filter(|s| !s.is_empty()),
            http_status: status,
            action: op.action,
            server_date: date
                .and_then(|v| v.to_str().ok())
                .and_then(|d| httpdate::parse_http_date(d).ok()),
        };
        if api.is_clock_skew() {
            return Outcome::Fail(Error::Api(Box::new(api)));
        }
        let throttled = api.is_throttling();
        let retryable = api.is_retryable();
        let err = Error::Api(Box::new(api));
        return if throttled || (retryable && idempotent) {
            Outcome::Retry {
                error: err,
                after: retry_after,
            }
        } else {
            Outcome::Fail(err)
        };
    }
    if status != 200 {
        let err = Error::Http(Box::new(HttpError {
            status,
            reason: "a non-200 status without ResponseMetadata.Error".into(),
            body_excerpt: excerpt(bytes),
            request_id: Some(meta.request_id).filter(|s| !s.is_empty()),
            action: op.action,
        }));
        return classify_http(status, false, idempotent, err, retry_after);
    }
    Outcome::Done(RawAnswer {
        metadata: meta,
        result: envelope.result,
        attempts: attempt,
    })
}

/// Runs the client's whole answer path on one answer, as if the server had sent this status and body:
/// the envelope, the mapping of errors and the typed decoding of `Result`. A retryable error is
/// answered as after the last attempt. For fuzzing and tests; every failure is a typed [`Error`].
#[doc(hidden)]
pub fn decode_answer<T: serde::de::DeserializeOwned>(
    op: &'static Operation,
    status: u16,
    body: &[u8],
) -> Result<Response<T>, Error> {
    match interpret_answer(op, status, body, None, None, 1) {
        Outcome::Done(raw) => decode::<T>(op, raw, None),
        Outcome::Retry { error, .. } | Outcome::Fail(error) => Err(error),
    }
}

fn decode<T: serde::de::DeserializeOwned>(
    op: &'static Operation,
    raw: RawAnswer,
    token: Option<String>,
) -> Result<Response<T>, Error> {
    let text = raw
        .result
        .as_ref()
        .map(|r| r.get())
        .filter(|t| *t != "null")
        .unwrap_or("{}");
    match serde_json::from_str::<T>(text) {
        Ok(result) => Ok(Response {
            result,
            metadata: raw.metadata,
            attempts: raw.attempts,
            idempotency_token: token,
        }),
        Err(e) => Err(Error::Http(Box::new(HttpError {
            status: 200,
            reason: format!("the Result does not match the spec: {e}"),
            body_excerpt: excerpt(text.as_bytes()),
            request_id: Some(raw.metadata.request_id).filter(|s| !s.is_empty()),
            action: op.action,
        }))),
    }
}
