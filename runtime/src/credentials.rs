//! Where a client's credentials come from, and credentials that change (STS session tokens).
//!
//! A client is given fixed [`Credentials`] (by the builder, the environment or the configuration
//! file, see [`config`](crate::config)) or a provider: anything implementing [`ProvideCredentials`].
//! The client asks the provider before every attempt, but only when what it last answered is about
//! to expire: the answer is cached until [`REFRESH_MARGIN`] before the expiry it states (an answer
//! without an expiry is kept for the client's life). When a refresh fails while the cached
//! credentials are still valid, the attempt goes on with those (and a warning is logged); otherwise
//! the attempt fails with an [`Error::Credentials`] whose `source()` is the provider's own error.
//!
//! ```no_run
//! use std::time::Duration;
//! use volcengine_openapi::credentials::{provide_fn, ProvidedCredentials};
//! use volcengine_openapi::Credentials;
//! # static SERVICE: volcengine_openapi::ServiceInfo = volcengine_openapi::ServiceInfo {
//! #     name: "demo", default_region: "cn-north-1", regions: &[], error_codes: &[], user_agent: "x", editions: &[] };
//!
//! // A synchronous provider: e.g. read a file a sidecar keeps fresh. An async one (an STS call)
//! // implements `ProvideCredentials` directly.
//! let provider = provide_fn(|| {
//!     let (ak, sk, token) = ("AKTP...", "...", "STS...");
//!     Ok(ProvidedCredentials::expiring_in(
//!         Credentials::new(ak, sk).with_session_token(token),
//!         Duration::from_secs(900),
//!     ))
//! });
//! let client = volcengine_openapi::Client::builder(&SERVICE)
//!     .credentials_provider(provider)
//!     .endpoint("http://127.0.0.1:8080")
//!     .build()?;
//! # Ok::<(), volcengine_openapi::Error>(())
//! ```

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use crate::error::{CredentialsError, CredentialsErrorKind, Error};
pub use crate::signer::{Credentials, Secret};

/// How long before the expiry a provider states its credentials are refreshed.
pub const REFRESH_MARGIN: Duration = Duration::from_secs(60);

/// Credentials as a provider answers them: with the time they stop being valid, if they do.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProvidedCredentials {
    /// The credentials.
    pub credentials: Credentials,
    /// When they expire (`None`: never, as far as the provider knows).
    pub expires_at: Option<SystemTime>,
}

impl ProvidedCredentials {
    /// Credentials that do not expire.
    pub fn new(credentials: Credentials) -> Self {
        Self {
            credentials,
            expires_at: None,
        }
    }

    /// Credentials that expire at `at`.
    pub fn expiring_at(credentials: Credentials, at: SystemTime) -> Self {
        Self {
            credentials,
            expires_at: Some(at),
        }
    }

    /// Credentials that expire `after` from now.
    pub fn expiring_in(credentials: Credentials, after: Duration) -> Self {
        Self::expiring_at(credentials, SystemTime::now() + after)
    }
}

/// What a provider fails with: any error (its `Display` must not show a secret).
pub type ProvideError = Box<dyn std::error::Error + Send + Sync>;

/// The future a provider answers with.
pub type ProvideFuture<'a> =
    Pin<Box<dyn Future<Output = Result<ProvidedCredentials, ProvideError>> + Send + 'a>>;

/// A source of credentials that may change: asked before an attempt whenever the credentials it
/// answered last are within [`REFRESH_MARGIN`] of their expiry (or were never fetched).
///
/// Calls are not concurrent: while one refresh runs, other attempts wait for its answer.
pub trait ProvideCredentials: Send + Sync + 'static {
    /// Fetches credentials.
    fn provide_credentials(&self) -> ProvideFuture<'_>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        let c = ProvidedCredentials::new(self.clone());
        Box::pin(async move { Ok(c) })
    }
}

/// A provider from a synchronous function (which should not block for long: it runs on the
/// caller's task).
pub fn provide_fn<F>(f: F) -> ProvideFn<F>
where
    F: Fn() -> Result<ProvidedCredentials, ProvideError> + Send + Sync + 'static,
{
    ProvideFn(f)
}

/// See [`provide_fn`].
pub struct ProvideFn<F>(F);

impl<F> fmt::Debug for ProvideFn<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ProvideFn")
    }
}

impl<F> ProvideCredentials for ProvideFn<F>
where
    F: Fn() -> Result<ProvidedCredentials, ProvideError> + Send + Sync + 'static,
{
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        let answer = (self.0)();
        Box::pin(async move { answer })
    }
}

/// What a client signs with: fixed credentials, or a provider and its cached answer.
#[derive(Clone)]
pub(crate) enum CredentialSource {
    Fixed(Arc<Credentials>),
    Provider(Arc<Cached>),
}

pub(crate) struct Cached {
    provider: Box<dyn ProvideCredentials>,
    current: RwLock<Option<(Arc<Credentials>, Option<SystemTime>)>>,
    refresh: tokio::sync::Mutex<()>,
}

impl fmt::Debug for CredentialSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialSource::Fixed(c) => c.fmt(f),
            CredentialSource::Provider(p) => {
                let current = p.read();
                f.debug_struct("CredentialsProvider")
                    .field("access_key", &current.as_ref().map(|(c, _)| c.access_key()))
                    .field("expires_at", &current.as_ref().and_then(|(_, e)| *e))
                    .finish_non_exhaustive()
            }
        }
    }
}

fn fresh(expires_at: Option<SystemTime>, now: SystemTime) -> bool {
    expires_at.is_none_or(|at| now + REFRESH_MARGIN < at)
}

impl Cached {
    fn read(&self) -> Option<(Arc<Credentials>, Option<SystemTime>)> {
        self.current
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

impl CredentialSource {
    pub(crate) fn provider(p: impl ProvideCredentials) -> Self {
        CredentialSource::Provider(Arc::new(Cached {
            provider: Box::new(p),
            current: RwLock::new(None),
            refresh: tokio::sync::Mutex::new(()),
        }))
    }

    /// The credentials to sign the next attempt with (asking the provider when needed).
    pub(crate) async fn current(&self) -> Result<Arc<Credentials>, Error> {
        let cached = match self {
            CredentialSource::Fixed(c) => return Ok(c.clone()),
            CredentialSource::Provider(p) => p,
        };
        if let Some((c, exp)) = cached.read() {
            if fresh(exp, SystemTime::now()) {
                return Ok(c);
            }
        }
        let _one_at_a_time = cached.refresh.lock().await;
        // Another attempt may have refreshed while this one waited.
        let before = cached.read();
        if let Some((c, exp)) = &before {
            if fresh(*exp, SystemTime::now()) {
                return Ok(c.clone());
            }
        }
        match cached.provider.provide_credentials().await {
            Ok(p) => {
                let c = Arc::new(p.credentials);
                *cached.current.write().unwrap_or_else(|p| p.into_inner()) =
                    Some((c.clone(), p.expires_at));
                tracing::debug!(access_key = c.access_key(), expires_at = ?p.expires_at, "credentials refreshed");
                Ok(c)
            }
            Err(e) => match before {
                Some((c, exp)) if exp.is_some_and(|at| SystemTime::now() < at) => {
                    tracing::warn!(error = %e, "refreshing credentials failed; using the cached ones until they expire");
                    Ok(c)
                }
                _ => Err(CredentialsError::provider(e).into()),
            },
        }
    }

    /// The credentials known now without asking a provider (for signing without I/O).
    pub(crate) fn known(&self) -> Result<Arc<Credentials>, Error> {
        match self {
            CredentialSource::Fixed(c) => Ok(c.clone()),
            CredentialSource::Provider(p) => p
                .read()
                .map(|(c, _)| c)
                .ok_or_else(|| CredentialsError::new(CredentialsErrorKind::NotProvidedYet).into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test]
    async fn a_provider_is_asked_again_only_near_expiry() {
        let asked = Arc::new(AtomicU32::new(0));
        let counter = asked.clone();
        let long = CredentialSource::provider(provide_fn(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            Ok(ProvidedCredentials::expiring_in(
                Credentials::new(format!("AK{n}"), "SK"),
                Duration::from_secs(3600),
            ))
        }));
        assert!(long.known().is_err());
        assert_eq!(long.current().await.expect("c").access_key(), "AK0");
        assert_eq!(long.current().await.expect("c").access_key(), "AK0");
        assert_eq!(long.known().expect("cached").access_key(), "AK0");
        assert_eq!(asked.load(Ordering::SeqCst), 1);

        let asked = Arc::new(AtomicU32::new(0));
        let counter = asked.clone();
        let short = CredentialSource::provider(provide_fn(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            Ok(ProvidedCredentials::expiring_in(
                Credentials::new(format!("AK{n}"), "SK"),
                REFRESH_MARGIN / 2,
            ))
        }));
        assert_eq!(short.current().await.expect("c").access_key(), "AK0");
        assert_eq!(short.current().await.expect("c").access_key(), "AK1");
    }

    #[tokio::test]
    async fn a_failed_refresh_keeps_valid_credentials_and_reports_otherwise() {
        let asked = Arc::new(AtomicU32::new(0));
        let counter = asked.clone();
        let flaky = CredentialSource::provider(provide_fn(move || {
            match counter.fetch_add(1, Ordering::SeqCst) {
                0 => Ok(ProvidedCredentials::expiring_in(
                    Credentials::new("AK", "SK"),
                    REFRESH_MARGIN / 2,
                )),
                _ => Err("sts unreachable".into()),
            }
        }));
        flaky.current().await.expect("first");
        assert_eq!(
            flaky.current().await.expect("still valid").access_key(),
            "AK"
        );
        let failing = CredentialSource::provider(provide_fn(|| Err("sts unreachable".into())));
        let e = failing.current().await.expect_err("no credentials");
        assert!(
            matches!(&e, Error::Credentials(c) if c.kind == CredentialsErrorKind::Provider),
            "{e:?}"
        );
        assert!(e.to_string().contains("sts unreachable"), "{e}");
        // The provider's own error is the source, not a copy of its text.
        let source = std::error::Error::source(&e).expect("the provider's error");
        assert_eq!(source.to_string(), "sts unreachable");
    }
}
