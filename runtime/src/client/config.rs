//! Client configuration: the builder and idempotency tokens.

use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sha2::{Digest, Sha256};

use super::endpoint::Endpoint;
use super::policy::{RateLimit, RetryPolicy};
use super::ratelimit::RateLimiter;
use super::{Client, Inner};
use crate::config::{self as settings, FileChoice, Given};
use crate::credentials::{CredentialSource, ProvideCredentials};
use crate::error::{
    ConfigErrorKind, CredentialsError, CredentialsErrorKind, Error, SettingSource, SourceTried,
};
use crate::service::ServiceInfo;
use crate::signer::{Credentials, KeyCache};

pub(crate) type TokenSource = Arc<dyn Fn() -> String + Send + Sync>;

/// The default idempotency tokens: random (version 4) UUIDs, each from SHA-256 of a 256-bit seed
/// drawn from the operating system once per client and a counter. Unique and unpredictable like
/// `Uuid::new_v4`, without a system call per token (which costs more than signing the request).
pub(crate) fn random_tokens() -> TokenSource {
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

/// Builds a client of one service: a [`Client`], or the typed client of a generated crate (any
/// `C: From<Client>`).
pub struct ClientBuilder<C = Client> {
    service: &'static ServiceInfo,
    credentials: Option<CredentialSource>,
    profile: Option<String>,
    config_file: FileChoice,
    region: Option<String>,
    endpoint: Option<String>,
    edition: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: Option<String>,
    retry: RetryPolicy,
    rate_limit: RateLimit,
    max_answer_bytes: u64,
    tokens: Option<TokenSource>,
    root_certificates: Vec<Vec<u8>>,
    output: PhantomData<fn() -> C>,
}

impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        Self {
            service: self.service,
            credentials: self.credentials.clone(),
            profile: self.profile.clone(),
            config_file: self.config_file.clone(),
            region: self.region.clone(),
            endpoint: self.endpoint.clone(),
            edition: self.edition.clone(),
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            user_agent: self.user_agent.clone(),
            retry: self.retry,
            rate_limit: self.rate_limit,
            max_answer_bytes: self.max_answer_bytes,
            tokens: self.tokens.clone(),
            root_certificates: self.root_certificates.clone(),
            output: PhantomData,
        }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("service", &self.service.name)
            .field("credentials", &self.credentials)
            .field("profile", &self.profile)
            .field("config_file", &self.config_file)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("edition", &self.edition)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("max_answer_bytes", &self.max_answer_bytes)
            .finish_non_exhaustive()
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder for `service` with the defaults: its default region, 10 s per attempt, 3
    /// attempts, each action's documented QPS.
    pub fn new(service: &'static ServiceInfo) -> Self {
        Self {
            service,
            credentials: None,
            profile: None,
            config_file: FileChoice::Default,
            region: None,
            endpoint: None,
            edition: None,
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
            user_agent: None,
            retry: RetryPolicy::default(),
            rate_limit: RateLimit::Documented,
            max_answer_bytes: super::DEFAULT_MAX_ANSWER_BYTES,
            tokens: None,
            root_certificates: Vec::new(),
            output: PhantomData,
        }
    }

    /// Explicit credentials, over those of the environment (`VOLC_ACCESSKEY` / `VOLC_SECRETKEY` /
    /// `VOLC_SESSION_TOKEN`) and of the configuration file (see [`config`](crate::config)).
    /// Replaces a [`credentials_provider`](Self::credentials_provider).
    pub fn credentials(mut self, c: Credentials) -> Self {
        self.credentials = Some(CredentialSource::Fixed(Arc::new(c)));
        self
    }

    /// Credentials that change (STS): `provider` is asked before an attempt whenever its last
    /// answer is near the expiry it stated (see [`credentials`](crate::credentials)). Takes
    /// precedence over the environment and the file, as [`credentials`](Self::credentials) does,
    /// and replaces them.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials) -> Self {
        self.credentials = Some(CredentialSource::provider(provider));
        self
    }

    /// Reads this named profile of the configuration file (over `VOLC_PROFILE`); it must exist.
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Reads this configuration file instead of `$HOME/.volc/config`.
    pub fn config_file(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.config_file = FileChoice::Path(path.into());
        self
    }

    /// Reads no configuration file.
    pub fn no_config_file(mut self) -> Self {
        self.config_file = FileChoice::Off;
        self
    }

    /// The region (its host comes from the service's region table), over `VOLC_REGION` and the
    /// profile's `region`; default: the service's.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sends to this base URL instead of the region's host (e.g. `http://127.0.0.1:8080`), over
    /// `VOLC_ENDPOINT` and the profile's `endpoint`.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// Targets another edition of the service's API by its name, over `VOLC_EDITION` and the
    /// profile's `edition` (the service's [`editions`](ServiceInfo::editions); `default` is the
    /// service's own). The edition gives the hosts, the default region and the signing name, and
    /// calls of families it does not serve are refused before any I/O. For the RTC service,
    /// `edition("byteplus")` sends to `open.byteplusapi.com`, region `ap-singapore-1`, service `rtc`.
    pub fn edition(mut self, name: impl Into<String>) -> Self {
        self.edition = Some(name.into());
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

    /// The `User-Agent` header (default `<service user agent>/<runtime version>`).
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
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

    /// The most bytes of an answer the client reads (default
    /// [`DEFAULT_MAX_ANSWER_BYTES`](super::DEFAULT_MAX_ANSWER_BYTES), 16 MiB, far above any
    /// documented answer). A larger answer stops reading at the limit and fails the attempt with
    /// [`Error::AnswerTooLarge`]; it is tried again only when the action is replay-safe.
    pub fn max_answer_bytes(mut self, limit: u64) -> Self {
        self.max_answer_bytes = limit;
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

    /// Builds the client, taking what the builder leaves open from the environment and the
    /// configuration file (precedence: builder, environment, file, service default; see
    /// [`config`](crate::config)).
    pub fn build(self) -> Result<C, Error> {
        self.build_client().map(C::from)
    }

    /// Builds the runtime's own client (also for [`build_blocking`](Self::build_blocking)).
    pub(crate) fn build_client(self) -> Result<Client, Error> {
        let resolved = settings::resolve(
            &Given {
                credentials: self.credentials.is_some(),
                region: self.region.as_deref(),
                endpoint: self.endpoint.as_deref(),
                edition: self.edition.as_deref(),
                profile: self.profile.as_deref(),
                file: &self.config_file,
            },
            &settings::process_env,
        )?;
        let credentials = match (self.credentials, resolved.credentials) {
            (Some(c), _) => c,
            (None, Some(c)) => CredentialSource::Fixed(Arc::new(c)),
            (None, None) => {
                let tried = vec![SourceTried::new(SettingSource::Builder, "none given")];
                let kind = CredentialsErrorKind::NotFound { tried };
                return Err(CredentialsError::new(kind).into());
            }
        };
        let given = |v: Option<String>| v.map(|v| (v, SettingSource::Builder));
        let edition = match given(self.edition).or(resolved.edition) {
            None => None,
            Some((name, _)) if name == "default" => None,
            Some((name, from)) => Some(self.service.edition(&name).ok_or_else(|| {
                Error::config(ConfigErrorKind::UnknownEdition {
                    name: name.clone(),
                    from,
                    known: self.service.editions.iter().map(|e| e.name).collect(),
                })
            })?),
        };
        let (regions, default_region) = match edition {
            Some(e) => (e.regions, e.default_region),
            None => (self.service.regions, self.service.default_region),
        };
        let (region, region_from) = match given(self.region).or(resolved.region) {
            Some((region, from)) => (region, Some(from)),
            None => (default_region.to_string(), None),
        };
        let explicit_endpoint = given(self.endpoint).or(resolved.endpoint);
        let endpoint = Endpoint::resolve(
            regions,
            &region,
            region_from.as_ref(),
            explicit_endpoint
                .as_ref()
                .map(|(e, from)| (e.as_str(), from)),
        )?;
        // An alias names its region: calls are signed with the region's own name.
        let region = regions
            .iter()
            .find(|r| r.name == region || r.aliases.contains(&region.as_str()))
            .map_or(region, |r| r.name.to_string());
        let user_agent = self.user_agent.unwrap_or_else(|| {
            format!("{}/{}", self.service.user_agent, env!("CARGO_PKG_VERSION"))
        });
        let mut http = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .user_agent(user_agent)
            .pool_max_idle_per_host(256)
            // Retries are the client's own (re-signed, and never a replay of what is not
            // idempotent); a redirect is an answer to report, not to follow with a signed request.
            .retry(reqwest::retry::never())
            .redirect(reqwest::redirect::Policy::none());
        for pem in &self.root_certificates {
            let cert = reqwest::Certificate::from_pem(pem).map_err(|e| {
                let reason = "bad root certificate".to_string();
                Error::config_from(ConfigErrorKind::HttpClient { reason }, e)
            })?;
            http = http.add_root_certificate(cert);
        }
        let http = http.build().map_err(|e| {
            let reason = "cannot build the HTTP client".to_string();
            Error::config_from(ConfigErrorKind::HttpClient { reason }, e)
        })?;
        Ok(Client {
            inner: Arc::new(Inner {
                service: self.service,
                http,
                credentials,
                region,
                edition,
                endpoint,
                retry: self.retry,
                max_answer_bytes: self.max_answer_bytes,
                limiter: RateLimiter::new(self.rate_limit),
                tokens: self.tokens.unwrap_or_else(random_tokens),
                keys: KeyCache::default(),
                clock_offset: AtomicI64::new(0),
                locations: Default::default(),
            }),
        })
    }
}
