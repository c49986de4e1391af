//! Volcengine HMAC-SHA256 request signing, as volc-sdk-python's `SignerV4` and volc-sdk-golang sign.
//!
//! Signed headers: `Content-Type`, `Content-Md5`, `Host`, `X-Security-Token` and every `X-*` header,
//! matched by exact name as the official SDKs match them; values as given. The signing key is derived
//! once per (date, secret, region, service) and cached.

use std::borrow::Cow;
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
        let mut h = Vec::with_capacity(4);
        h.push(("X-Date", x_date.to_string()));
        h.push(("X-Content-Sha256", self.content_sha256.clone()));
        if let Some(t) = creds.session_token() {
            h.push(("X-Security-Token", t.expose().to_string()));
        }
        h.push(("Authorization", self.authorization.clone()));
        h
    }

    /// [`headers`](Self::headers), moving the hash and the `Authorization` value out instead of
    /// copying them.
    pub fn into_headers(self, x_date: &str, creds: &Credentials) -> Vec<(&'static str, String)> {
        let mut h = Vec::with_capacity(4);
        h.push(("X-Date", x_date.to_string()));
        h.push(("X-Content-Sha256", self.content_sha256));
        if let Some(t) = creds.session_token() {
            h.push(("X-Security-Token", t.expose().to_string()));
        }
        h.push(("Authorization", self.authorization));
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
    /// HMAC keyed with `key`: its inner and outer pads already hashed, so that each signature
    /// clones it instead of hashing them again.
    mac: HmacSha256,
}

impl fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyCache")
    }
}

impl KeyCache {
    /// The signing key, derived at most once per (date, secret, region, service).
    pub fn key(&self, secret: &Secret, date: &str, region: &str, service: &str) -> [u8; 32] {
        self.with(secret, date, region, service, |c| c.key)
    }

    /// An HMAC keyed with the signing key, ready for the string to sign.
    fn mac(&self, secret: &Secret, date: &str, region: &str, service: &str) -> HmacSha256 {
        self.with(secret, date, region, service, |c| c.mac.clone())
    }

    fn with<T>(
        &self,
        secret: &Secret,
        date: &str,
        region: &str,
        service: &str,
        f: impl FnOnce(&CachedKey) -> T,
    ) -> T {
        let mut slot = self.slot.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = slot.as_ref() {
            if c.date == date && c.secret == *secret && c.region == region && c.service == service {
                return f(c);
            }
        }
        let key = derive_key(secret.expose(), date, region, service);
        f(slot.insert(CachedKey {
            date: date.to_string(),
            secret: secret.clone(),
            region: region.to_string(),
            service: service.to_string(),
            key,
            mac: keyed(&key),
        }))
    }
}

fn keyed(key: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length: this cannot fail.
    <HmacSha256 as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!())
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = keyed(key);
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
    let mut s = String::with_capacity(bytes.len() * 2);
    push_hex(&mut s, bytes);
    s
}

/// The two hex digits of every byte.
static HEX_PAIRS: [[u8; 2]; 256] = {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut t = [[0u8; 2]; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = [HEX[i >> 4], HEX[i & 15]];
        i += 1;
    }
    t
};

/// Appends lowercase hex, 32 bytes at a time through a stack buffer.
fn push_hex(out: &mut String, bytes: &[u8]) {
    out.reserve(bytes.len() * 2);
    for chunk in bytes.chunks(32) {
        let mut buf = [0u8; 64];
        for (pair, b) in buf.chunks_exact_mut(2).zip(chunk) {
            pair.copy_from_slice(&HEX_PAIRS[*b as usize]);
        }
        // Only ASCII digits and letters were written: this cannot fail.
        out.push_str(std::str::from_utf8(&buf[..chunk.len() * 2]).unwrap_or_default());
    }
}

/// Hex SHA-256.
pub fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// Percent-encodes the strict RFC 3986 way: only `A-Z a-z 0-9 - _ . ~` stay; `%XX` uppercase.
pub fn percent_encode(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        if is_unreserved(b) {
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
    let mut out = String::new();
    push_canonical_query(&mut out, query);
    out
}

/// Query pairs, owned or borrowed.
pub(crate) type Pair<'a> = (Cow<'a, str>, Cow<'a, str>);

/// A query pair of any string types.
pub(crate) trait QueryPair {
    fn key(&self) -> &str;
    fn value(&self) -> &str;
}

impl QueryPair for (String, String) {
    fn key(&self) -> &str {
        &self.0
    }
    fn value(&self) -> &str {
        &self.1
    }
}

impl QueryPair for Pair<'_> {
    fn key(&self) -> &str {
        &self.0
    }
    fn value(&self) -> &str {
        &self.1
    }
}

fn push_pairs<'a>(out: &mut String, pairs: impl Iterator<Item = (&'a str, &'a str)>) {
    for (i, (k, v)) in pairs.enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(v);
    }
}

pub(crate) fn push_canonical_query<P: QueryPair>(out: &mut String, query: &[P]) {
    let plain = |s: &str| s.bytes().all(is_unreserved);
    fn pair<P: QueryPair>(p: &P) -> (&str, &str) {
        (p.key(), p.value())
    }
    if query.iter().all(|p| plain(p.key()) && plain(p.value())) {
        // Nothing to encode: the pairs are their own encoding, sorted without copying them.
        if query.iter().map(pair).is_sorted() {
            push_pairs(out, query.iter().map(pair));
        } else {
            let mut sorted: Vec<(&str, &str)> = query.iter().map(pair).collect();
            sorted.sort();
            push_pairs(out, sorted.into_iter());
        }
        return;
    }
    let mut pairs: Vec<(String, String)> = query
        .iter()
        .map(|p| {
            let (mut ek, mut ev) = (String::new(), String::new());
            percent_encode(p.key(), &mut ek);
            percent_encode(p.value(), &mut ev);
            (ek, ev)
        })
        .collect();
    pairs.sort();
    push_pairs(out, pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
}

fn push_canonical_path(out: &mut String, path: &str) {
    if path.is_empty() || path == "/" {
        out.push('/');
        return;
    }
    for (i, seg) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        percent_encode(seg, out);
    }
}

fn is_signed_header(name: &str) -> bool {
    name == "Content-Type" || name == "Content-Md5" || name == "Host" || name.starts_with("X-")
}

/// A signed header's lowercase name, borrowed where it can be.
fn lowercase(name: &str) -> Cow<'_, str> {
    match name {
        "Host" => Cow::Borrowed("host"),
        "Content-Type" => Cow::Borrowed("content-type"),
        "Content-Md5" => Cow::Borrowed("content-md5"),
        n if !n.bytes().any(|b| b.is_ascii_uppercase()) => Cow::Borrowed(n),
        n => Cow::Owned(n.to_ascii_lowercase()),
    }
}

/// Appends the credential scope, `{date}/{region}/{service}/request`.
fn push_scope(out: &mut String, date: &str, region: &str, service: &str) {
    for part in [date, "/", region, "/", service, "/request"] {
        out.push_str(part);
    }
}

/// The host value that is signed: `:80` and `:443` are dropped.
pub fn signing_host(host: &str) -> &str {
    host.strip_suffix(":80")
        .or_else(|| host.strip_suffix(":443"))
        .unwrap_or(host)
}

/// What is signed, with query pairs of any string type (the client's own, borrowed where it can).
pub(crate) struct Parts<'a, P> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a [P],
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
    pub region: &'a str,
    pub service: &'a str,
    pub x_date: &'a str,
}

/// Writes the canonical request into `out` (with the body's hex hash and the headers the signer adds);
/// answers where the `;`-joined signed header names sit in it.
fn push_canonical_request<P: QueryPair>(
    out: &mut String,
    req: &Parts<'_, P>,
    content_sha256: &str,
    token: Option<&str>,
) -> std::ops::Range<usize> {
    // Headers that will be sent, with the ones the signer adds: on the stack for the usual few.
    let count = req
        .headers
        .iter()
        .filter(|(n, _)| is_signed_header(n))
        .count()
        + 2
        + usize::from(token.is_some());
    let mut inline: [(Cow<'_, str>, &str); 8] = Default::default();
    let mut spilled = Vec::new();
    let signed = if count <= inline.len() {
        &mut inline[..count]
    } else {
        spilled.resize(count, Default::default());
        &mut spilled[..]
    };
    let added = [
        ("x-date", Some(req.x_date)),
        ("x-content-sha256", Some(content_sha256)),
        ("x-security-token", token),
    ];
    let from_request =
        req.headers
            .iter()
            .filter(|(n, _)| is_signed_header(n))
            .map(|(name, value)| {
                let v = if name == "Host" {
                    signing_host(value)
                } else {
                    value.as_str()
                };
                (lowercase(name), v)
            });
    let from_signer = added
        .into_iter()
        .filter_map(|(n, v)| Some((Cow::Borrowed(n), v?)));
    for (slot, header) in signed.iter_mut().zip(from_request.chain(from_signer)) {
        *slot = header;
    }
    signed.sort_by(|a, b| a.0.cmp(&b.0));

    let names_len: usize = signed.iter().map(|(n, _)| n.len() + 1).sum();
    let lines_len: usize = signed.iter().map(|(n, v)| n.len() + v.len() + 2).sum();
    let query_len: usize = req
        .query
        .iter()
        .map(|p| p.key().len() + p.value().len() + 2)
        .sum();
    out.reserve(req.method.len() + req.path.len() + query_len + lines_len + names_len + 64 + 8);
    out.push_str(req.method);
    out.push('\n');
    push_canonical_path(out, req.path);
    out.push('\n');
    push_canonical_query(out, req.query);
    out.push('\n');
    for (name, value) in signed.iter() {
        out.push_str(name);
        out.push(':');
        out.push_str(value);
        out.push('\n');
    }
    out.push('\n');
    let names_at = out.len();
    for (i, (name, _)) in signed.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        out.push_str(name);
    }
    let names = names_at..out.len();
    out.push('\n');
    out.push_str(content_sha256);
    names
}

/// The date part (`YYYYMMDD`) of an `X-Date`.
fn date_of(x_date: &str) -> &str {
    x_date.get(..8).unwrap_or(x_date)
}

/// Signs a request with the cached key.
///
/// Each output string is built once at its final size; only the six strings of [`Signature`] are
/// allocated (more when a query needs percent-encoding or a request has many headers).
pub fn sign(creds: &Credentials, req: &SignRequest<'_>, cache: &KeyCache) -> Signature {
    let parts = Parts {
        method: req.method,
        path: req.path,
        query: req.query,
        headers: req.headers,
        body: req.body,
        region: req.region,
        service: req.service,
        x_date: req.x_date,
    };
    let mut content_sha256 = String::with_capacity(64);
    push_hex(&mut content_sha256, &Sha256::digest(req.body));
    let token = creds.session_token().map(Secret::expose);
    let mut canonical = String::new();
    let names = push_canonical_request(&mut canonical, &parts, &content_sha256, token);
    let signed_headers = canonical[names].to_string();

    let date = date_of(req.x_date);
    let scope_len = date.len() + req.region.len() + req.service.len() + 10;
    let mut string_to_sign = String::with_capacity(14 + req.x_date.len() + scope_len + 64);
    string_to_sign.push_str("HMAC-SHA256\n");
    string_to_sign.push_str(req.x_date);
    string_to_sign.push('\n');
    let scope_at = string_to_sign.len();
    push_scope(&mut string_to_sign, date, req.region, req.service);
    let scope_end = string_to_sign.len();
    string_to_sign.push('\n');
    push_hex(&mut string_to_sign, &Sha256::digest(canonical.as_bytes()));
    let mut mac = cache.mac(creds.secret_key(), date, req.region, req.service);
    mac.update(string_to_sign.as_bytes());
    let signature = hex(&mac.finalize().into_bytes());
    let access_key = creds.access_key();
    let mut authorization = String::with_capacity(
        60 + access_key.len() + scope_len + signed_headers.len() + signature.len(),
    );
    authorization.push_str("HMAC-SHA256 Credential=");
    authorization.push_str(access_key);
    authorization.push('/');
    authorization.push_str(&string_to_sign[scope_at..scope_end]);
    authorization.push_str(", SignedHeaders=");
    authorization.push_str(&signed_headers);
    authorization.push_str(", Signature=");
    authorization.push_str(&signature);
    Signature {
        content_sha256,
        canonical_request: canonical,
        signed_headers,
        string_to_sign,
        signature,
        authorization,
    }
}

/// What a request is sent with: [`sign`]'s `X-Content-Sha256` and `Authorization` values, without
/// its intermediate strings.
pub(crate) struct Signed {
    /// Lowercase hex SHA-256 of the body (ASCII).
    pub content_sha256: [u8; 64],
    /// The `Authorization` header value.
    pub authorization: String,
}

#[cfg(test)]
impl Signed {
    /// The body hash as text.
    pub fn content_sha256(&self) -> &str {
        // Only hex digits were written: this cannot fail.
        std::str::from_utf8(&self.content_sha256).unwrap_or_default()
    }
}

thread_local! {
    /// The canonical request under construction, reused by every signature on this thread.
    static CANONICAL: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// A reused canonical request buffer larger than this is freed after use.
const KEEP_CANONICAL: usize = 16 * 1024;

/// Signs as [`sign`] does, byte for byte, but allocates only the `Authorization` value: the canonical
/// request goes into a buffer reused per thread, and the string to sign straight into the HMAC.
pub(crate) fn sign_compact<P: QueryPair>(
    creds: &Credentials,
    req: &Parts<'_, P>,
    cache: &KeyCache,
) -> Signed {
    let mut content_sha256 = [0u8; 64];
    for (pair, b) in content_sha256
        .chunks_exact_mut(2)
        .zip(Sha256::digest(req.body))
    {
        pair.copy_from_slice(&HEX_PAIRS[b as usize]);
    }
    let hash_text = std::str::from_utf8(&content_sha256).unwrap_or_default();
    let token = creds.session_token().map(Secret::expose);
    let date = date_of(req.x_date);
    let access_key = creds.access_key();
    let scope_len = date.len() + req.region.len() + req.service.len() + 10;
    let build = |canonical: &mut String| {
        canonical.clear();
        let names = push_canonical_request(canonical, req, hash_text, token);
        let signed_headers = &canonical[names];
        let mut authorization =
            String::with_capacity(60 + access_key.len() + scope_len + signed_headers.len() + 64);
        authorization.push_str("HMAC-SHA256 Credential=");
        authorization.push_str(access_key);
        authorization.push('/');
        push_scope(&mut authorization, date, req.region, req.service);
        authorization.push_str(", SignedHeaders=");
        authorization.push_str(signed_headers);
        authorization.push_str(", Signature=");
        let digest = Sha256::digest(canonical.as_bytes());
        if canonical.capacity() > KEEP_CANONICAL {
            *canonical = String::new();
        }
        (authorization, digest)
    };
    let (mut authorization, canonical_digest) = CANONICAL
        .try_with(|c| match c.try_borrow_mut() {
            Ok(mut c) => build(&mut c),
            Err(_) => build(&mut String::new()),
        })
        .unwrap_or_else(|_| build(&mut String::new()));
    // The string to sign, fed to the HMAC piece by piece: the same bytes as `sign` builds.
    let mut mac = cache.mac(creds.secret_key(), date, req.region, req.service);
    for part in [
        "HMAC-SHA256\n",
        req.x_date,
        "\n",
        date,
        "/",
        req.region,
        "/",
        req.service,
        "/request\n",
    ] {
        mac.update(part.as_bytes());
    }
    let mut digest_hex = [0u8; 64];
    for (pair, b) in digest_hex.chunks_exact_mut(2).zip(canonical_digest) {
        pair.copy_from_slice(&HEX_PAIRS[b as usize]);
    }
    mac.update(&digest_hex);
    push_hex(&mut authorization, &mac.finalize().into_bytes());
    Signed {
        content_sha256,
        authorization,
    }
}

/// Formats seconds since the Unix epoch as `YYYYMMDDTHHMMSSZ`.
pub fn format_x_date(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let secs = unix_seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let (hh, mm, ss) = (secs / 3600, (secs / 60) % 60, secs % 60);
    if !(0..=9999).contains(&y) {
        return format!("{y:04}{m:02}{d:02}T{hh:02}{mm:02}{ss:02}Z");
    }
    // Every call signs with it: digits written directly rather than through the formatter.
    let mut out = String::with_capacity(16);
    for (n, width, then) in [
        (y, 1000, None),
        (m, 10, None),
        (d, 10, Some('T')),
        (hh, 10, None),
        (mm, 10, None),
        (ss, 10, Some('Z')),
    ] {
        let mut unit = width;
        while unit > 0 {
            out.push(char::from(b'0' + (n / unit % 10) as u8));
            unit /= 10;
        }
        out.extend(then);
    }
    out
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
    fn compact_signing_matches_sign() {
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
                        service: "rtc",
                        x_date,
                    };
                    let sig = sign(creds, &req, &cache);
                    let borrowed: Vec<Pair<'_>> = query
                        .iter()
                        .map(|(k, v)| (Cow::Borrowed(k.as_str()), Cow::Borrowed(v.as_str())))
                        .collect();
                    let parts = Parts {
                        method: "POST",
                        path: "/",
                        query: &borrowed,
                        headers: &headers,
                        body,
                        region: "cn-north-1",
                        service: "rtc",
                        x_date,
                    };
                    let fast = sign_compact(creds, &parts, &cache);
                    assert_eq!(fast.authorization, sig.authorization);
                    assert_eq!(fast.content_sha256(), sig.content_sha256);
                    let uncached = sign(creds, &req, &KeyCache::default());
                    assert_eq!(uncached, sig);
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
