//! Volcengine HMAC-SHA256 request signing, as volc-sdk-python's `SignerV4` and volc-sdk-golang sign.
//!
//! Signed headers: `Content-Type`, `Content-Md5`, `Host`, `X-Security-Token` and every `X-*` header,
//! matched by exact name as the official SDKs match them; values as given. The signing key is derived
//! once per (date, secret, region, service) and cached.
//!
//! One path signs: [`sign`] builds the canonical request into a buffer reused per thread and feeds
//! the string to sign to an HMAC keyed once per day; [`signing_steps`] runs the same code keeping
//! the intermediate strings, for debugging and test vectors.

mod canonical;
mod credentials;
mod date;
mod escape;
mod key;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

pub use canonical::{canonical_query, push_canonical_query, Pair, QueryPair};
pub use credentials::{Credentials, Secret};
pub use date::{format_x_date, parse_x_date};
#[doc(hidden)]
pub use escape::{percent_decode, percent_encode};
pub use key::{derive_key, KeyCache};

use canonical::{push_canonical_request, push_scope};
use escape::push_hex;

type HmacSha256 = Hmac<Sha256>;

/// What is signed.
#[derive(Debug, Clone, Copy)]
pub struct SignRequest<'a, P = (String, String)> {
    /// `GET` or `POST`.
    pub method: &'a str,
    /// Path, `/` for most services.
    pub path: &'a str,
    /// Query pairs (any order; no repeated keys).
    pub query: &'a [P],
    /// Headers before signing, including `Host` and `Content-Type` where sent.
    pub headers: &'a [(String, String)],
    /// The exact body bytes.
    pub body: &'a [u8],
    /// Signing region.
    pub region: &'a str,
    /// Service name.
    pub service: &'a str,
    /// `X-Date`, `YYYYMMDDTHHMMSSZ`.
    pub x_date: &'a str,
}

/// What a request is sent with: the `X-Content-Sha256` and `Authorization` values.
#[derive(Clone, PartialEq, Eq)]
pub struct Signature {
    content_sha256: [u8; 64],
    /// The `Authorization` header value.
    pub authorization: String,
}

impl std::fmt::Debug for Signature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The signature is not a secret, but it authorises one request: show only its shape.
        f.debug_struct("Signature")
            .field("content_sha256", &self.content_sha256())
            .finish_non_exhaustive()
    }
}

impl Signature {
    /// Lowercase hex SHA-256 of the body.
    pub fn content_sha256(&self) -> &str {
        // Only hex digits were written: this cannot fail.
        std::str::from_utf8(&self.content_sha256).unwrap_or_default()
    }

    /// The hash as bytes (ASCII hex).
    pub fn content_sha256_bytes(&self) -> &[u8; 64] {
        &self.content_sha256
    }

    /// The headers the signer adds, in order: `X-Date`, `X-Content-Sha256`, `X-Security-Token`
    /// (when a token is used) and `Authorization`. Borrowed from the signature, the date and the
    /// credentials: nothing is copied.
    pub fn headers<'a>(
        &'a self,
        x_date: &'a str,
        creds: &'a Credentials,
    ) -> impl Iterator<Item = (&'static str, &'a str)> + 'a {
        [
            Some(("X-Date", x_date)),
            Some(("X-Content-Sha256", self.content_sha256())),
            creds
                .session_token()
                .map(|t| ("X-Security-Token", t.expose())),
            Some(("Authorization", self.authorization.as_str())),
        ]
        .into_iter()
        .flatten()
    }
}

/// Every intermediate value of a signature, for debugging and test vectors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningSteps {
    /// Hex SHA-256 of the body.
    pub content_sha256: String,
    /// The canonical request.
    pub canonical_request: String,
    /// `;`-joined lowercase signed header names.
    pub signed_headers: String,
    /// The string to sign.
    pub string_to_sign: String,
    /// Hex signature.
    pub signature: String,
    /// The `Authorization` header value.
    pub authorization: String,
}

thread_local! {
    /// The canonical request and string to sign under construction, reused by every signature on
    /// this thread.
    static BUFFERS: std::cell::RefCell<(String, String)> =
        const { std::cell::RefCell::new((String::new(), String::new())) };
}

/// A reused buffer larger than this is freed after use.
const KEEP_BUFFER: usize = 16 * 1024;

/// The date part (`YYYYMMDD`) of an `X-Date`.
fn date_of(x_date: &str) -> &str {
    x_date.get(..8).unwrap_or(x_date)
}

/// The one signing path: writes the canonical request into `canonical` and the string to sign into
/// `sts`, and answers the signature. Allocates only the `Authorization` value.
fn sign_with<P: QueryPair>(
    creds: &Credentials,
    req: &SignRequest<'_, P>,
    cache: &KeyCache,
    canonical: &mut String,
    sts: &mut String,
) -> (Signature, std::ops::Range<usize>, std::ops::Range<usize>) {
    let mut content_sha256 = [0u8; 64];
    // 32 bytes into 64 hex digits: cannot fail.
    let _ = ::hex::encode_to_slice(Sha256::digest(req.body), &mut content_sha256);
    let hash_text = std::str::from_utf8(&content_sha256).unwrap_or_default();
    let token = creds.session_token().map(Secret::expose);
    let date = date_of(req.x_date);
    canonical.clear();
    let names = push_canonical_request(canonical, req, hash_text, token);

    sts.clear();
    sts.push_str("HMAC-SHA256\n");
    sts.push_str(req.x_date);
    sts.push('\n');
    let scope_at = sts.len();
    push_scope(sts, date, req.region, req.service);
    let scope = scope_at..sts.len();
    sts.push('\n');
    push_hex(sts, &Sha256::digest(canonical.as_bytes()));

    let mut mac = cache.mac(creds.secret_key(), date, req.region, req.service);
    mac.update(sts.as_bytes());
    let access_key = creds.access_key();
    let signed_headers = &canonical[names.clone()];
    let mut authorization =
        String::with_capacity(60 + access_key.len() + scope.len() + signed_headers.len() + 64);
    authorization.push_str("HMAC-SHA256 Credential=");
    authorization.push_str(access_key);
    authorization.push('/');
    authorization.push_str(&sts[scope.clone()]);
    authorization.push_str(", SignedHeaders=");
    authorization.push_str(signed_headers);
    authorization.push_str(", Signature=");
    push_hex(&mut authorization, &mac.finalize().into_bytes());
    (
        Signature {
            content_sha256,
            authorization,
        },
        names,
        scope,
    )
}

/// Signs a request with the cached key.
pub fn sign<P: QueryPair>(
    creds: &Credentials,
    req: &SignRequest<'_, P>,
    cache: &KeyCache,
) -> Signature {
    let run = |bufs: &mut (String, String)| {
        let (sig, _, _) = sign_with(creds, req, cache, &mut bufs.0, &mut bufs.1);
        if bufs.0.capacity() > KEEP_BUFFER {
            bufs.0 = String::new();
        }
        sig
    };
    BUFFERS
        .try_with(|b| match b.try_borrow_mut() {
            Ok(mut b) => run(&mut b),
            Err(_) => run(&mut Default::default()),
        })
        .unwrap_or_else(|_| run(&mut Default::default()))
}

/// Signs as [`sign`] does, keeping every intermediate value.
pub fn signing_steps<P: QueryPair>(
    creds: &Credentials,
    req: &SignRequest<'_, P>,
    cache: &KeyCache,
) -> SigningSteps {
    let (mut canonical, mut sts) = (String::new(), String::new());
    let (sig, names, _) = sign_with(creds, req, cache, &mut canonical, &mut sts);
    let signature = sig
        .authorization
        .rsplit_once("Signature=")
        .map(|(_, s)| s.to_string())
        .unwrap_or_default();
    SigningSteps {
        content_sha256: sig.content_sha256().to_string(),
        signed_headers: canonical[names].to_string(),
        canonical_request: canonical,
        string_to_sign: sts,
        signature,
        authorization: sig.authorization,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        assert_eq!(format_x_date(0), "19700101T000000Z");
        assert_eq!(format_x_date(1_609_316_285), "20201230T081805Z");
        assert_eq!(format_x_date(951_782_400), "20000229T000000Z");
        assert_eq!(format_x_date(-62_135_596_800), "00010101T000000Z");
        assert_eq!(format_x_date(253_402_300_799), "99991231T235959Z");
        assert_eq!(format_x_date(253_402_300_800), "100000101T000000Z");
        for t in [0, 951_782_399, 1_709_251_199, 4_102_444_800] {
            assert_eq!(parse_x_date(&format_x_date(t)), Some(t));
        }
        assert_eq!(parse_x_date("2020-12-30T08:18:05Z"), None);
    }

    #[test]
    fn encoding_is_strict_rfc3986() {
        let mut s = String::new();
        percent_encode("a b*~/+=&é", &mut s);
        assert_eq!(s, "a%20b%2A~%2F%2B%3D%26%C3%A9");
        assert_eq!(percent_decode(&s).as_deref(), Some("a b*~/+=&é"));
        assert_eq!(percent_decode("%G1"), None);
    }

    #[test]
    fn sign_and_steps_agree_with_any_pair_type_and_cache() {
        let plain = Credentials::new("AKID", "secret");
        let with_token = plain.clone().with_session_token("token");
        let cache = KeyCache::default();
        let headers = vec![
            ("Host".to_string(), "example.com:443".to_string()),
            ("Content-Type".to_string(), "application/json".to_string()),
            ("X-Custom".to_string(), "v".to_string()),
        ];
        for creds in [&plain, &with_token] {
            for query in [
                vec![
                    ("Version".to_string(), "2020-12-01".to_string()),
                    ("Action".to_string(), "A".to_string()),
                ],
                vec![
                    ("Action".to_string(), "A".to_string()),
                    ("K ey".to_string(), "v/al*ue".to_string()),
                ],
                Vec::new(),
            ] {
                for (body, x_date) in [
                    (&b"{}"[..], "20240601T120000Z"),
                    (&b""[..], "20240602T000000Z"),
                ] {
                    let req = SignRequest {
                        method: "POST",
                        path: "/",
                        query: &query,
                        headers: &headers,
                        body,
                        region: "cn-north-1",
                        service: "demo",
                        x_date,
                    };
                    let sig = sign(creds, &req, &cache);
                    let steps = signing_steps(creds, &req, &KeyCache::default());
                    assert_eq!(steps.authorization, sig.authorization);
                    assert_eq!(steps.content_sha256, sig.content_sha256());
                    assert!(steps.string_to_sign.starts_with("HMAC-SHA256\n"));
                    let borrowed: Vec<(&str, &str)> = query
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect();
                    let req2 = SignRequest {
                        query: &borrowed,
                        method: req.method,
                        path: req.path,
                        headers: req.headers,
                        body: req.body,
                        region: req.region,
                        service: req.service,
                        x_date: req.x_date,
                    };
                    assert_eq!(sign(creds, &req2, &cache), sig);
                }
            }
        }
    }

    #[test]
    fn secrets_are_redacted() {
        let c = Credentials::new("AKID", "the-secret").with_session_token("the-token");
        let shown = format!("{c:?}");
        assert!(shown.contains("AKID"));
        assert!(
            !shown.contains("the-secret") && !shown.contains("the-token"),
            "{shown}"
        );
    }
}
