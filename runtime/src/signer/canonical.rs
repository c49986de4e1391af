//! The canonical request: method, path, sorted query, signed headers and the body's hash.

use std::borrow::Cow;

use super::escape::{is_unreserved, percent_encode};
use super::SignRequest;

/// The canonical query string: pairs encoded, sorted by encoded key (then value), joined by `&`.
pub fn canonical_query<P: QueryPair>(query: &[P]) -> String {
    let mut out = String::new();
    push_canonical_query(&mut out, query);
    out
}

/// Query pairs, owned or borrowed.
pub type Pair<'a> = (Cow<'a, str>, Cow<'a, str>);

/// A query pair of any string types: `(String, String)`, `(&str, &str)` or [`Pair`].
pub trait QueryPair {
    /// The parameter's name, unencoded.
    fn key(&self) -> &str;
    /// The parameter's value, unencoded.
    fn value(&self) -> &str;
}

impl QueryPair for (&str, &str) {
    fn key(&self) -> &str {
        self.0
    }
    fn value(&self) -> &str {
        self.1
    }
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

/// Appends the canonical query string of `query` to `out`.
pub fn push_canonical_query<P: QueryPair>(out: &mut String, query: &[P]) {
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
pub(crate) fn push_scope(out: &mut String, date: &str, region: &str, service: &str) {
    for part in [date, "/", region, "/", service, "/request"] {
        out.push_str(part);
    }
}

/// The host value that is signed: `:80` and `:443` are dropped.
pub(crate) fn signing_host(host: &str) -> &str {
    host.strip_suffix(":80")
        .or_else(|| host.strip_suffix(":443"))
        .unwrap_or(host)
}

/// Writes the canonical request into `out` (with the body's hex hash and the headers the signer adds);
/// answers where the `;`-joined signed header names sit in it.
pub(crate) fn push_canonical_request<P: QueryPair>(
    out: &mut String,
    req: &SignRequest<'_, P>,
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
