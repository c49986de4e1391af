//! Building what is sent: the serialised request, its URL and query, and each attempt's signed
//! HTTP request.

use std::borrow::Cow;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::{self, HeaderName, HeaderValue};

use super::Client;
use crate::error::{ConfigErrorKind, Error};
use crate::operation::{Action, Method, Operation, Placement};
use crate::signer::{
    format_x_date, push_canonical_query, sign, Credentials, Pair, SignRequest, Signature,
};

/// A request ready to send: query pairs (after Action and Version) and body.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    pub query: Vec<(String, String)>,
    /// Shared bytes: each attempt sends the same buffer without copying it.
    pub body: bytes::Bytes,
}

/// Where a request goes: its query (`Action` and `Version` first) and full URL. Built once per
/// action for actions without query fields (and kept by the client), once per call otherwise.
#[derive(Debug)]
pub(crate) struct Location {
    pub query: Vec<Pair<'static>>,
    pub url: reqwest::Url,
}

/// A prepared request with where it goes: what every attempt sends, signed afresh each time.
pub(crate) struct Target {
    pub location: std::sync::Arc<Location>,
    pub body: bytes::Bytes,
}

/// A request exactly as the client would send it now: validated, serialised and signed.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct PreparedRequest {
    /// HTTP method.
    pub method: Method,
    /// The full URL, with the canonical query string.
    pub url: String,
    /// Every header the client sets on the request (reqwest adds `User-Agent` when sending):
    /// `Accept`, `Host`, `Content-Type` (JSON body), `X-Date`, `X-Content-Sha256`,
    /// `X-Security-Token` (with a session token), `Authorization`. The last two are marked
    /// sensitive.
    pub headers: reqwest::header::HeaderMap,
    /// The body.
    pub body: bytes::Bytes,
    /// The idempotency token filled in, for actions that have one.
    pub idempotency_token: Option<String>,
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

/// Serialises a request for its placement.
#[doc(hidden)]
pub fn prepare<R: Action>(
    op: &Operation,
    request: &R,
) -> Result<(Vec<(String, String)>, bytes::Bytes), Error> {
    let p = prepare_inner(op, request)?;
    Ok((p.query, p.body))
}

pub(crate) fn prepare_inner<R: Action>(op: &Operation, request: &R) -> Result<Prepared, Error> {
    let fail = |e: serde_json::Error| {
        let kind = ConfigErrorKind::Serialize {
            action: op.action,
            version: op.version,
        };
        Error::config_from(kind, e)
    };
    match op.placement {
        Placement::Body => Ok(Prepared {
            query: Vec::new(),
            body: serde_json::to_vec(request).map_err(fail)?.into(),
        }),
        Placement::Query => {
            let v = crate::json::to_value(request).map_err(fail)?;
            Ok(Prepared {
                query: query_pairs(&v),
                body: bytes::Bytes::new(),
            })
        }
    }
}

/// Whether the request carries a JSON body (and so a signed `Content-Type`).
pub(crate) fn json_body(op: &Operation) -> bool {
    op.method == Method::Post && op.placement == Placement::Body
}

const X_DATE: HeaderName = HeaderName::from_static("x-date");
const X_CONTENT_SHA256: HeaderName = HeaderName::from_static("x-content-sha256");
const X_SECURITY_TOKEN: HeaderName = HeaderName::from_static("x-security-token");

impl Client {
    /// The query (`Action` and `Version` first) and URL of a prepared request. An action whose
    /// fields all go in the body has one URL: built the first time, then shared.
    pub(crate) fn locate(&self, op: &'static Operation, prepared: Prepared) -> Target {
        let location = if prepared.query.is_empty() {
            let key = op as *const Operation as usize;
            let cached = self
                .inner
                .locations
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .get(&key)
                .cloned();
            match cached {
                Some(location) => location,
                None => {
                    let location = std::sync::Arc::new(self.location(op, Vec::new()));
                    self.inner
                        .locations
                        .write()
                        .unwrap_or_else(|p| p.into_inner())
                        .insert(key, location.clone());
                    location
                }
            }
        } else {
            std::sync::Arc::new(self.location(op, prepared.query))
        };
        Target {
            location,
            body: prepared.body,
        }
    }

    fn location(&self, op: &'static Operation, fields: Vec<(String, String)>) -> Location {
        let mut query: Vec<Pair<'static>> = Vec::with_capacity(fields.len() + 2);
        query.push((Cow::Borrowed("Action"), Cow::Borrowed(op.action)));
        query.push((Cow::Borrowed("Version"), Cow::Borrowed(op.version)));
        query.extend(
            fields
                .into_iter()
                .map(|(k, v)| (Cow::Owned(k), Cow::Owned(v))),
        );
        let mut query_string = String::new();
        push_canonical_query(&mut query_string, &query);
        // The canonical query holds only unreserved characters, `%XX`, `=` and `&`: setting it
        // leaves it as it is, as parsing `origin + path + "?" + query` would.
        let mut url = self.inner.endpoint.base_url.clone();
        url.set_query(Some(&query_string));
        Location { query, url }
    }

    /// Signs one attempt with the current (corrected) time: its `X-Date` and the signature.
    fn sign_attempt(
        &self,
        op: &'static Operation,
        target: &Target,
        credentials: &Credentials,
    ) -> (String, Signature) {
        let inner = &*self.inner;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        let x_date = format_x_date(
            now + inner
                .clock_offset
                .load(std::sync::atomic::Ordering::Relaxed),
        );
        let signed_count = if json_body(op) { 2 } else { 1 };
        let signature = sign(
            credentials,
            &SignRequest {
                method: op.method.as_str(),
                path: &inner.endpoint.path,
                query: &target.location.query,
                headers: &inner.endpoint.sign_headers[..signed_count],
                body: &target.body,
                // An edition signs its own region names, with its own service name.
                region: match inner.edition {
                    Some(_) => &inner.region,
                    None => op.family.signing_region(&inner.region),
                },
                service: inner.edition.map_or(op.service.name, |e| e.service),
                x_date: &x_date,
            },
            &inner.keys,
        );
        (x_date, signature)
    }

    /// The request of one attempt, signed now (see [`signed_headers`](Self::signed_headers)).
    pub(crate) fn attempt_request(
        &self,
        op: &'static Operation,
        target: &Target,
        timeout: Option<Duration>,
        credentials: &Credentials,
    ) -> Result<reqwest::Request, Error> {
        let method = match op.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
        };
        let mut request = reqwest::Request::new(method, target.location.url.clone());
        *request.timeout_mut() = timeout;
        *request.headers_mut() = self.signed_headers(op, target, credentials)?;
        if !target.body.is_empty() || op.method == Method::Post {
            *request.body_mut() = Some(target.body.clone().into());
        }
        Ok(request)
    }

    /// Every header of one attempt, signed now. A header value that HTTP cannot carry (a control
    /// character in the access key or session token) is a configuration error naming the header,
    /// never its value.
    pub(crate) fn signed_headers(
        &self,
        op: &'static Operation,
        target: &Target,
        credentials: &Credentials,
    ) -> Result<reqwest::header::HeaderMap, Error> {
        let inner = &*self.inner;
        let invalid = |name: &str| {
            Error::config(ConfigErrorKind::InvalidHeader {
                action: op.action,
                version: op.version,
                header: name.to_string(),
            })
        };
        let (x_date, signed) = self.sign_attempt(op, target, credentials);
        let mut headers = reqwest::header::HeaderMap::with_capacity(8);
        headers.append(header::ACCEPT, HeaderValue::from_static("application/json"));
        headers.append(header::HOST, inner.endpoint.host_value.clone());
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
            HeaderValue::from_bytes(signed.content_sha256_bytes())
                .map_err(|_| invalid("X-Content-Sha256"))?,
        );
        if let Some(t) = credentials.session_token() {
            let mut v =
                HeaderValue::from_str(t.expose()).map_err(|_| invalid("X-Security-Token"))?;
            v.set_sensitive(true);
            headers.append(X_SECURITY_TOKEN, v);
        }
        let mut auth =
            HeaderValue::try_from(signed.authorization).map_err(|_| invalid("Authorization"))?;
        auth.set_sensitive(true);
        headers.append(header::AUTHORIZATION, auth);
        Ok(headers)
    }
}
