//! What each fuzz target in `fuzz/` asserts, as plain functions: the libFuzzer targets call them, and
//! `tests/tests/fuzz_smoke.rs` replays the committed seed corpus and a few thousand deterministic
//! mutations through them on every `cargo test`, so CI runs the same checks without a fuzzer.
//!
//! Every function takes arbitrary bytes, must never panic on its own account, and panics (a
//! libFuzzer crash, a test failure) when the code under test breaks the property it checks.

use std::collections::BTreeSet;

use volcengine_openapi::signer::{
    canonical_query, percent_decode, percent_encode, signing_steps as sign, Credentials, KeyCache,
    SignRequest,
};
use volcengine_rtc::Error;

/// The `service.yaml` a spec-loader input gets when it does not bring its own.
pub const DEFAULT_SERVICE: &str = include_str!("fixtures/shapes/api-spec/service.yaml");

/// The file that the text before the first `#@` line of a spec-loader input becomes.
pub const DEFAULT_ACTION_PATH: &str = "actions/im/Fuzz.yaml";

/// Splits a spec-loader input into (path below `api-spec/`, text) files.
///
/// The input is text (invalid UTF-8 replaced). A line `#@ <path>` starts a file at that path; the
/// text before the first such line is the action file [`DEFAULT_ACTION_PATH`] (so any single YAML
/// document is an action); without a `service.yaml` file the shapes fixture's is added. `#@` lines are
/// YAML comments, so a bundle is still one readable YAML text.
pub fn spec_bundle(data: &[u8]) -> Vec<(String, String)> {
    let text = String::from_utf8_lossy(data);
    let mut files: Vec<(String, String)> = vec![(DEFAULT_ACTION_PATH.to_string(), String::new())];
    for line in text.split_inclusive('\n') {
        if let Some(path) = line.strip_prefix("#@ ") {
            files.push((path.trim().to_string(), String::new()));
        } else if let Some((_, body)) = files.last_mut() {
            body.push_str(line);
        }
    }
    if files[0].1.trim().is_empty() && files.len() > 1 {
        files.remove(0);
    }
    if !files.iter().any(|(p, _)| p == "service.yaml") {
        files.push(("service.yaml".to_string(), DEFAULT_SERVICE.to_string()));
    }
    files
}

/// Spec loader: any input loads without panicking; every rejection is a list of errors, each naming
/// one of the input's files with a line and a column inside that file; every accepted spec generates
/// code (a spec the generator cannot turn into Rust must have been rejected with a located error).
pub fn spec_loader(data: &[u8]) {
    let files = spec_bundle(data);
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    match codegen::load_spec_from_memory(&borrowed) {
        Ok(spec) => {
            if let Err(e) = codegen::generate(&spec, &generated()) {
                panic!("an accepted spec does not generate: {e}\nfiles: {files:#?}");
            }
        }
        Err(errors) => {
            assert!(!errors.0.is_empty(), "a rejection without an error");
            for e in &errors.0 {
                let text = files
                    .iter()
                    .rev()
                    .find(|(p, _)| format!("api-spec/{}", normal_path(p)) == e.file)
                    .map(|(_, t)| t.as_str());
                let Some(text) = text else {
                    panic!("error names a file that is not in the input: {e}");
                };
                let (lines, widest) = yaml_extent(text);
                assert!(
                    e.line >= 1 && e.column >= 1,
                    "error not located (line and column are 1-based): {e}"
                );
                assert!(
                    e.line <= lines + 1 && e.column <= widest + 2,
                    "error located outside its file ({lines} lines, widest {widest} chars): {e}"
                );
                assert!(!e.message.is_empty(), "error without a message: {e:?}");
            }
        }
    }
}

/// A path as the loader names it: `a//b/` is `a/b`, as on disk.
fn normal_path(path: &str) -> String {
    let parts: Vec<String> = std::path::Path::new(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// The number of lines of a YAML text and the width of its widest line, in characters, counting
/// every line break YAML knows (CR LF, CR, LF, NEL, LS, PS).
fn yaml_extent(text: &str) -> (usize, usize) {
    let (mut lines, mut width, mut widest) = (1, 0, 0);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                lines += 1;
                width = 0;
            }
            _ => {
                width += 1;
                widest = widest.max(width);
            }
        }
    }
    (lines, widest)
}

/// HTTP statuses a response-decoder input picks from (half of them 200).
pub const STATUSES: [u16; 16] = [
    200, 200, 200, 200, 200, 200, 200, 200, 400, 401, 403, 404, 429, 500, 502, 503,
];

/// Response decoder: byte 0 picks the action (every action of the registry), byte 1 the HTTP status
/// ([`STATUSES`]), the rest is the body; the client's own answer path (envelope, error mapping, typed
/// `Result` decoding) must answer a typed value or a typed error, never panic. A success needs status
/// 200 and a JSON body without `ResponseMetadata.Error`, and its value must decode again as the
/// action's `Result`; an error carries the action and the status, and a body that is not JSON (as
/// serde_json reads it) is an [`Error::Http`].
pub fn response_decoder(data: &[u8]) {
    let [pick, status, body @ ..] = data else {
        return;
    };
    let actions = volcengine_rtc::actions();
    let entry = &actions[usize::from(*pick) % actions.len()];
    let status = STATUSES[usize::from(*status) % STATUSES.len()];
    let action = entry.operation.action;
    // JSON as serde_json reads it: what it skips (an unknown field) is checked for syntax only, not
    // for UTF-8 or number range, so such a body is a readable envelope.
    let is_json = serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok();
    let json: Option<serde_json::Value> = serde_json::from_str(&String::from_utf8_lossy(body)).ok();
    match (entry.decode_answer)(status, body) {
        Ok(value) => {
            assert_eq!(status, 200, "{action}: success with HTTP {status}");
            assert!(is_json, "{action}: success from a body that is not JSON");
            let error = json
                .as_ref()
                .and_then(|j| j.pointer("/ResponseMetadata/Error"));
            assert!(
                error.is_none_or(serde_json::Value::is_null),
                "{action}: success despite ResponseMetadata.Error {error:?}"
            );
            assert_eq!(
                (entry.check_result)(&value).as_ref(),
                Ok(&value),
                "{action}: the decoded Result does not decode again"
            );
        }
        Err(e) => {
            assert!(
                matches!(e, Error::Api(_) | Error::Http(_)),
                "{action}: an answer gave {e:?}"
            );
            assert_eq!(e.status(), Some(status), "{action}: {e}");
            if !is_json {
                assert!(matches!(e, Error::Http(_)), "{action}: not JSON, yet {e:?}");
            }
            let shown = e.to_string();
            assert!(
                shown.starts_with(action),
                "{action}: error shown as {shown}"
            );
        }
    }
}

/// Splits a signer input: the first line is a path, each further line a query pair `key=value`
/// (split at the first `=`; a line without one is a key with an empty value).
pub fn signer_input(data: &[u8]) -> (String, Vec<(String, String)>) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let path = lines.next().unwrap_or_default().to_string();
    let pairs = lines
        .map(|l| match l.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect();
    (path, pairs)
}

fn encoded(s: &str) -> String {
    let mut out = String::new();
    percent_encode(s, &mut out);
    out
}

/// Whether `s` is in the RFC 3986 set the signer emits: unreserved characters and `%XX` escapes with
/// upper-case hex digits.
fn is_rfc3986_encoded(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = |c: Option<&u8>| c.is_some_and(|c| matches!(c, b'0'..=b'9' | b'A'..=b'F'));
            if !hex(b.get(i + 1)) || !hex(b.get(i + 2)) {
                return false;
            }
            i += 3;
        } else if b[i].is_ascii_alphanumeric() || matches!(b[i], b'-' | b'_' | b'.' | b'~') {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

/// Whether `s` has a `%XX` escape of an unreserved character (which the signer never writes).
fn escapes_unreserved(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len()).any(|i| {
        b[i] == b'%'
            && b.get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok())
                .is_some_and(|c| {
                    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~')
                })
    })
}

/// Signer encoding: `percent_encode` emits only unreserved characters and upper-case `%XX`, leaves
/// unreserved text as it is, and `percent_decode` gives the input back; `percent_decode` of anything
/// never panics and what it decodes encodes and decodes to itself; `canonical_query` is the sorted
/// `key=value` list whose pairs decode to exactly the input's pairs; `sign` puts that query and the
/// segment-wise encoded path in its canonical request and is deterministic.
pub fn signer_encoding(data: &[u8]) {
    let (path, pairs) = signer_input(data);
    let text = String::from_utf8_lossy(data);
    let mut strings: Vec<&str> = vec![&path];
    for (k, v) in &pairs {
        strings.push(k);
        strings.push(v);
    }
    strings.extend(text.split(['\n', '&', '=']));
    for s in &strings {
        let e = encoded(s);
        assert!(is_rfc3986_encoded(&e), "{s:?} encoded as {e:?}");
        if s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~'))
        {
            assert_eq!(&e, s, "unreserved text was changed");
        }
        assert_eq!(
            percent_decode(&e).as_deref(),
            Some(*s),
            "round trip of {s:?}"
        );
        if let Some(d) = percent_decode(s) {
            assert_eq!(percent_decode(&encoded(&d)), Some(d.clone()));
            // Text in the signer's own form (no escaped unreserved character) encodes back to itself.
            if is_rfc3986_encoded(s) && !escapes_unreserved(s) {
                assert_eq!(encoded(&d), *s, "decoded {s:?} to {d:?}");
            }
        }
    }

    let query = canonical_query(&pairs);
    let mut got: Vec<(String, String)> = Vec::new();
    if !query.is_empty() {
        for item in query.split('&') {
            let Some((k, v)) = item.split_once('=') else {
                panic!("query item {item:?} has no `=` in {query:?}");
            };
            assert!(
                is_rfc3986_encoded(k) && is_rfc3986_encoded(v),
                "query item {item:?} is not RFC 3986 encoded"
            );
            got.push((k.to_string(), v.to_string()));
        }
    }
    assert_eq!(got.len(), pairs.len(), "{query:?} for {pairs:?}");
    assert!(
        got.windows(2).all(|w| w[0] <= w[1]),
        "{query:?} is not sorted"
    );
    let mut decoded: Vec<(String, String)> = got
        .iter()
        .map(|(k, v)| {
            (
                percent_decode(k).unwrap_or_else(|| panic!("{k:?} does not decode")),
                percent_decode(v).unwrap_or_else(|| panic!("{v:?} does not decode")),
            )
        })
        .collect();
    let mut expected = pairs.clone();
    decoded.sort();
    expected.sort();
    assert_eq!(decoded, expected, "{query:?} does not decode to its pairs");

    let creds = Credentials::new("AKLTfuzz", "fuzz-secret");
    let headers = vec![
        ("Host".to_string(), "rtc.volcengineapi.com".to_string()),
        ("Content-Type".to_string(), "application/json".to_string()),
    ];
    let req = SignRequest {
        method: "GET",
        path: &path,
        query: &pairs,
        headers: &headers,
        body: data,
        region: "cn-north-1",
        service: "rtc",
        x_date: "20240101T000000Z",
    };
    let sig = sign(&creds, &req, &KeyCache::default());
    let mut lines = sig.canonical_request.split('\n');
    assert_eq!(lines.next(), Some("GET"));
    let canonical_path = lines.next().unwrap_or_default();
    assert_eq!(lines.next(), Some(query.as_str()), "the signed query");
    if path.is_empty() || path == "/" {
        assert_eq!(canonical_path, "/");
    } else {
        let segments: Vec<String> = canonical_path
            .split('/')
            .map(|seg| {
                assert!(is_rfc3986_encoded(seg), "path segment {seg:?}");
                percent_decode(seg).unwrap_or_else(|| panic!("{seg:?} does not decode"))
            })
            .collect();
        let original: Vec<&str> = path.split('/').collect();
        assert_eq!(
            segments, original,
            "the signed path does not decode to the path"
        );
    }
    assert_eq!(sig.signature.len(), 64);
    assert!(sig.signature.bytes().all(|b| b.is_ascii_hexdigit()));
    let again = sign(&creds, &req, &KeyCache::default());
    assert_eq!(sig, again, "signing is not deterministic");
    let names: BTreeSet<&str> = sig.signed_headers.split(';').collect();
    assert!(names.contains("host") && names.contains("x-date"));
}

/// The workspace's generated crate, as `cargo xtask codegen` lays it out (xtask owns the paths).
fn generated() -> codegen::Layout {
    codegen::Layout {
        crate_dir: "generated".into(),
        schema_dir: Some("api-spec/schema".into()),
        manifest: true,
    }
}
