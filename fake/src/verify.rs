//! The signature check: the request's credential scope, timestamp, body hash and signature,
//! recomputed with the credentials registered for its access key.

use sha2::{Digest, Sha256};
use volcengine_openapi::signer::{parse_x_date, signing_steps, SignRequest};

use crate::{lock, FakeState};

pub(crate) type Rejection = (u16, &'static str, Option<u32>, String);

#[allow(clippy::too_many_arguments)]
pub(crate) fn verify(
    state: &FakeState,
    op: &volcengine_openapi::Operation,
    method: &str,
    path: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    body: &[u8],
    authorization: &str,
) -> Result<(), Rejection> {
    let missing = |what: &str| {
        (
            401,
            "MissingAuthenticationToken",
            Some(100003),
            format!("Request is missing {what}"),
        )
    };
    let rest = authorization
        .strip_prefix("HMAC-SHA256 ")
        .ok_or_else(|| missing("Authorization"))?;
    let mut credential = "";
    let mut signed_headers = "";
    let mut signature = "";
    for part in rest.split(", ") {
        if let Some(v) = part.strip_prefix("Credential=") {
            credential = v;
        } else if let Some(v) = part.strip_prefix("SignedHeaders=") {
            signed_headers = v;
        } else if let Some(v) = part.strip_prefix("Signature=") {
            signature = v;
        }
    }
    let mut scope = credential.split('/');
    let (ak, _date, region, service) = (
        scope.next().unwrap_or(""),
        scope.next(),
        scope.next().unwrap_or(""),
        scope.next().unwrap_or(""),
    );
    let creds = lock(&state.credentials).get(ak).cloned();
    let Some(creds) = creds else {
        return Err((
            401,
            "InvalidAccessKey",
            Some(100009),
            format!("The accesskey [{ak}] included in the request is invalid."),
        ));
    };
    let get = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let x_date = get("x-date").ok_or_else(|| {
        (
            400,
            "MissingRequestInfo",
            Some(100004),
            "The request is missing X-Date information.".to_string(),
        )
    })?;
    let t = parse_x_date(x_date).ok_or_else(|| {
        (
            400,
            "MissingRequestInfo",
            Some(100004),
            "X-Date is malformed".to_string(),
        )
    })?;
    if (t - state.now()).abs() > 15 * 60 {
        return Err((
            403,
            "InvalidTimestamp",
            Some(100006),
            "The Signature of the request is expired".to_string(),
        ));
    }
    if get("x-content-sha256") != Some(format!("{:x}", Sha256::digest(body)).as_str()) {
        return Err((
            401,
            "SignatureDoesNotMatch",
            Some(100010),
            "X-Content-Sha256 does not match the body".to_string(),
        ));
    }
    let token = get("x-security-token");
    if token != creds.session_token().map(|s| s.expose()) {
        return Err((
            401,
            "InvalidSecretToken",
            None,
            "Invalid secret token".to_string(),
        ));
    }
    // Rebuild the signed headers under the names the signer matches, minus the ones it adds itself.
    let mut input = Vec::new();
    for name in signed_headers.split(';') {
        if matches!(name, "x-date" | "x-content-sha256" | "x-security-token") {
            continue;
        }
        let canonical = match name {
            "content-type" => "Content-Type".to_string(),
            "content-md5" => "Content-Md5".to_string(),
            "host" => "Host".to_string(),
            x if x.starts_with("x-") => format!("X-{}", &x[2..]),
            other => other.to_string(),
        };
        input.push((canonical, get(name).unwrap_or("").to_string()));
    }
    if service != op.service.name {
        return Err((
            401,
            "SignatureDoesNotMatch",
            Some(100010),
            format!(
                "the credential scope names service `{service}`; {} ({}) is an action of `{}`",
                op.action, op.version, op.service.name
            ),
        ));
    }
    let known_region = op
        .service
        .regions
        .iter()
        .any(|r| op.family.signing_region(r.name) == region);
    if !known_region {
        return Err((
            401,
            "SignatureDoesNotMatch",
            Some(100010),
            format!(
                "the credential scope names region `{region}`, which {} ({}), a {} action of family `{}`, is not signed with",
                op.action, op.version, op.service.name, op.family.name
            ),
        ));
    }
    let expected = signing_steps(
        &creds,
        &SignRequest {
            method,
            path,
            query,
            headers: &input,
            body,
            region,
            service,
            x_date,
        },
        &state.keys,
    );
    if expected.signed_headers != signed_headers || expected.signature != signature {
        return Err((
            401,
            "SignatureDoesNotMatch",
            Some(100010),
            "The request signature we calculated does not match the signature you provided."
                .to_string(),
        ));
    }
    Ok(())
}
