//! Volcengine HMAC-SHA256 request signing, as volc-sdk-python's `SignerV4` and volc-sdk-golang sign.
//!
//! Signed headers: `Content-Type`, `Content-Md5`, `Host`, `X-Security-Token` and every `X-*` header,
//! matched by exact name as the official SDKs match them; values as given. The signing key is derived
//! once per (date, secret, region, service) and cached.

use std::fmt;
use std::sync::Mutex;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// A secret string: shown as `***` by `Debug` and `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Access key, secret key and optional session token (STS).
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key: String,
    secret_key: Secret,
    session_token: Option<Secret>,
}

impl Credentials {
    /// Long-term credentials.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self {
            access_key: access_key.into(),
            secret_key: Secret::new(secret_key),
            session_token: None,
        }
    }

    /// Adds an STS session token (sent as `X-Security-Token`).
    pub fn with_session_token(mut self, token: impl Into<String>) -> Self {
        self.session_token = Some(Secret::new(token));
        self
    }

    /// From `VOLC_ACCESSKEY`, `VOLC_SECRETKEY` and the optional `VOLC_SESSION_TOKEN`.
    pub fn from_env() -> Option<Self> {
        let ak = std::env::var("VOLC_ACCESSKEY")
            .ok()
            .filter(|s| !s.is_empty())?;
        let sk = std::env::var("VOLC_SECRETKEY")
            .ok()
            .filter(|s| !s.is_empty())?;
        let mut c = Self::new(ak, sk);
        if let Ok(t) = std::env::var("VOLC_SESSION_TOKEN") {
            if !t.is_empty() {
                c = c.with_session_token(t);
            }
        }
        Some(c)
    }

    /// The access key id (not secret).
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// The secret key.
    pub fn secret_key(&self) -> &Secret {
        &self.secret_key
    }

    /// The session token, if any.
    pub fn session_token(&self) -> Option<&Secret> {
        self.session_token.as_ref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key)
            .field("secret_key", &self.secret_key)
            .field("session_token", &self.session_token)
            .finish()
    }
}

/// What is signed.
#[derive(Debug, Clone, Copy)]
pub struct SignRequest<'a> {
    /// `GET` or `POST`.
    pub method: &'a str,
    /// Path, `/` for RTC.
    pub path: &'a str,
    /// Query pairs (any order; no repeated keys).
    pub query: &'a [(String, String)],
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

/// The result of signing: the headers to add and the intermediate values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
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

impl Signature {
    /// The headers the signer adds, in order: `X-Date`, `X-Content-Sha256`, `X-Security-Token`
    /// (when a token is used) and `Authorization`.
    pub fn headers(&self, x_date: &str, creds: &Credentials) -> Vec<(&'static str, String)> {
        let mut h = vec![
            ("X-Date", x_date.to_string()),
            ("X-Content-Sha256", self.content_sha256.clone()),
        ];
        if let Some(t) = creds.session_token() {
            h.push(("X-Security-Token", t.expose().to_string()));
        }
        h.push(("Authorization", self.authorization.clone()));
        h
    }
}

/// Caches the derived signing key per (date, secret key, region, service).
#[derive(Default)]
pub struct KeyCache {
    slot: Mutex<Option<CachedKey>>,
}

struct CachedKey {
    date: String,
    secret: Secret,
    region: String,
    service: String,
    key: [u8; 32],
}

impl fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyCache")
    }
}

impl KeyCache {
    /// The signing key, derived at most once per (date, secret, region, service).
    pub fn key(&self, secret: &Secret, date: &str, region: &str, service: &str) -> [u8; 32] {
        let mut slot = self.slot.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = slot.as_ref() {
            if c.date == date && c.secret == *secret && c.region == region && c.service == service {
                return c.key;
            }
        }
        let key = derive_key(secret.expose(), date, region, service);
        *slot = Some(CachedKey {
            date: date.to_string(),
            secret: secret.clone(),
            region: region.to_string(),
            service: service.to_string(),
            key,
        });
        key
    }
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length: this cannot fail.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// `kSigning = HMAC(HMAC(HMAC(HMAC(SK, date), region), service), "request")`.
pub fn derive_key(secret: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    let k_date = hmac(secret.as_bytes(), date.as_bytes());
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, service.as_bytes());
    hmac(&k_service, b"request")
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

/// Hex SHA-256.
pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

/// Percent-encodes the strict RFC 3986 way: only `A-Z a-z 0-9 - _ . ~` stay; `%XX` uppercase.
pub fn percent_encode(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}

/// Decodes `%XX` escapes (and nothing else); `None` on a bad escape or non-UTF-8 result.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hi = (*bytes.get(i + 1)? as char).to_digit(16)?;
            let lo = (*bytes.get(i + 2)? as char).to_digit(16)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The canonical query string: pairs encoded, sorted by encoded key (then value), joined by `&`.
pub fn canonical_query(query: &[(String, String)]) -> String {
    let mut pairs: Vec<(String, String)> = query
        .iter()
        .map(|(k, v)| {
            let (mut ek, mut ev) = (String::new(), String::new());
            percent_encode(k, &mut ek);
            percent_encode(v, &mut ev);
            (ek, ev)
        })
        .collect();
    pairs.sort();
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
    out
}

fn canonical_path(path: &str) -> String {
    if path.is_empty() || path == "/" {
        return "/".to_string();
    }
    let mut out = String::new();
    for (i, seg) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        percent_encode(seg, &mut out);
    }
    out
}

fn is_signed_header(name: &str) -> bool {
    name == "Content-Type" || name == "Content-Md5" || name == "Host" || name.starts_with("X-")
}

/// The host value that is signed: `:80` and `:443` are dropped.
pub fn signing_host(host: &str) -> &str {
    host.strip_suffix(":80")
        .or_else(|| host.strip_suffix(":443"))
        .unwrap_or(host)
}

/// Signs a request with the cached key.
pub fn sign(creds: &Credentials, req: &SignRequest<'_>, cache: &KeyCache) -> Signature {
    let content_sha256 = sha256_hex(req.body);
    // Headers that will be sent, with the ones the signer adds.
    let mut signed: Vec<(String, &str)> = Vec::with_capacity(req.headers.len() + 3);
    for (name, value) in req.headers {
        if is_signed_header(name) {
            let v = if name == "Host" {
                signing_host(value)
            } else {
                value.as_str()
            };
            signed.push((name.to_ascii_lowercase(), v));
        }
    }
    signed.push(("x-date".to_string(), req.x_date));
    signed.push(("x-content-sha256".to_string(), &content_sha256));
    if let Some(t) = creds.session_token() {
        signed.push(("x-security-token".to_string(), t.expose()));
    }
    signed.sort_by(|a, b| a.0.cmp(&b.0));

    let mut canonical = String::with_capacity(256);
    canonical.push_str(req.method);
    canonical.push('\n');
    canonical.push_str(&canonical_path(req.path));
    canonical.push('\n');
    canonical.push_str(&canonical_query(req.query));
    canonical.push('\n');
    let mut signed_headers = String::new();
    for (i, (name, value)) in signed.iter().enumerate() {
        canonical.push_str(name);
        canonical.push(':');
        canonical.push_str(value);
        canonical.push('\n');
        if i > 0 {
            signed_headers.push(';');
        }
        signed_headers.push_str(name);
    }
    canonical.push('\n');
    canonical.push_str(&signed_headers);
    canonical.push('\n');
    canonical.push_str(&content_sha256);

    let date = req.x_date.get(..8).unwrap_or(req.x_date);
    let scope = format!("{date}/{}/{}/request", req.region, req.service);
    let string_to_sign = format!(
        "HMAC-SHA256\n{}\n{scope}\n{}",
        req.x_date,
        sha256_hex(canonical.as_bytes())
    );
    let key = cache.key(creds.secret_key(), date, req.region, req.service);
    let signature = hex(&hmac(&key, string_to_sign.as_bytes()));
    let authorization = format!(
        "HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
        creds.access_key()
    );
    Signature {
        content_sha256,
        canonical_request: canonical,
        signed_headers,
        string_to_sign,
        signature,
        authorization,
    }
}

/// Formats seconds since the Unix epoch as `YYYYMMDDTHHMMSSZ`.
pub fn format_x_date(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let secs = unix_seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

/// Parses `YYYYMMDDTHHMMSSZ` into seconds since the Unix epoch.
pub fn parse_x_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (hh, mm, ss) = (num(9..11)?, num(11..13)?, num(13..15)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    Some(days_from_civil(y, m, d) * 86_400 + hh * 3600 + mm * 60 + ss)
}

// Howard Hinnant's civil-calendar algorithms.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        assert_eq!(format_x_date(0), "19700101T000000Z");
        assert_eq!(format_x_date(1_609_316_285), "20201230T081805Z");
        assert_eq!(format_x_date(951_782_400), "20000229T000000Z");
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
