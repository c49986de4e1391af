//! Running an action's subcommand: its options from the flags (each checked against its allowed
//! range), every violation of the request at once, then the call, dry run or debug exchange.

use std::ops::RangeInclusive;
use std::time::Duration;

use clap::ArgMatches;
use serde_json::Value;
use volcengine_openapi::client::check_token;
use volcengine_openapi::client::debug::masked_headers;
use volcengine_openapi::text::{shown, SHORT_CHARS};
use volcengine_rtc::{ActionEntry, CallOptions, Client, Error, Violation};

use crate::input;
use crate::out::{self, Fail};
use crate::profile;
use crate::report::{print_result, print_violation, report};

/// The seconds `--timeout` accepts: a millisecond to a day.
pub const TIMEOUT_SECS: RangeInclusive<f64> = 0.001..=86_400.0;

/// The bytes `--max-answer-bytes` accepts: 1 KiB to 4 GiB.
pub const MAX_ANSWER_BYTES: RangeInclusive<u64> = 1024..=(4 << 30);

/// `--timeout`'s value parser: a number of seconds within [`TIMEOUT_SECS`] (anything else, `1e30`,
/// `inf` and `NaN` included, is a usage error naming the range).
pub fn parse_timeout(text: &str) -> Result<f64, String> {
    let (lo, hi) = (TIMEOUT_SECS.start(), TIMEOUT_SECS.end());
    match text.trim().parse::<f64>() {
        Ok(secs) if TIMEOUT_SECS.contains(&secs) => Ok(secs),
        Ok(_) => Err(format!("out of range: allowed {lo}..={hi} seconds")),
        Err(_) => Err(format!("not a number of seconds ({lo}..={hi})")),
    }
}

/// The call's options from the flags.
fn options(entry: &ActionEntry, m: &ArgMatches) -> Result<CallOptions, Fail> {
    let mut options = CallOptions::new();
    if let Some(&secs) = m.get_one::<f64>("timeout") {
        let timeout = Duration::try_from_secs_f64(secs).map_err(|_| {
            out::usage("--timeout: out of range (a number of seconds, 0.001..=86400)")
        })?;
        options = options.timeout(timeout);
    }
    if let Some(&limit) = m.get_one::<u64>("max-answer-bytes") {
        options = options.max_answer_bytes(limit);
    }
    if let Some(token) = m.try_get_one::<String>("idempotency-token").ok().flatten() {
        let key = entry.operation.idempotency_key.unwrap_or("idempotency key");
        check_token(token).map_err(|e| {
            out::usage(&format!(
                "--idempotency-token ({key}): {e}; nothing was sent"
            ))
        })?;
        options = options.idempotency_token(token.clone());
    }
    Ok(options)
}

/// The idempotency key's value given in the request (by `--json` or its own flag) that differs
/// from `--idempotency-token`'s: a violation, since only one can be sent.
fn token_conflict(
    entry: &ActionEntry,
    request: &Value,
    options: &CallOptions,
) -> Option<Violation> {
    let key = entry.operation.idempotency_key?;
    let given = options.idempotency_token.as_deref()?;
    let own = request.get(key)?.as_str().filter(|s| !s.is_empty())?;
    (own != given).then(|| Violation {
        path: key.to_string(),
        message: format!(
            "{} differs from --idempotency-token {}: give the token once",
            shown(own, SHORT_CHARS),
            shown(given, SHORT_CHARS)
        ),
    })
}

fn client(m: &ArgMatches) -> Result<Client, Fail> {
    let mut builder = Client::builder();
    let mut endpoint = m.get_one::<String>("endpoint").cloned();
    let mut region = m.get_one::<String>("region").cloned();
    let mut edition = m.get_one::<String>("edition").cloned();
    if let Some(name) = m.get_one::<String>("profile") {
        let p = profile::profile_credentials(name).map_err(|e| out::config(&e))?;
        builder = builder.credentials(p.credentials);
        endpoint = endpoint.or(p.endpoint);
        region = region.or(p.region);
        edition = edition.or(p.edition);
    }
    if let Some(e) = edition {
        builder = builder.edition(e);
    }
    if let Some(e) = endpoint {
        builder = builder.endpoint(e);
    }
    if let Some(r) = region {
        builder = builder.region(r);
    }
    builder.build().map_err(|e| match e {
        Error::Config(c) => out::config(&c.to_string()),
        Error::Credentials(c) => out::config(&c.to_string()),
        other => out::config(&other.to_string()),
    })
}

/// The request as sent, with the signature, the session token and the action's sensitive fields
/// (the registry's paths; a query parameter by its name) masked.
fn render_request(entry: &ActionEntry, p: &volcengine_openapi::PreparedRequest) -> String {
    use volcengine_openapi::sensitive::{mask_json_text, MASK};
    let secrets = entry.info.sensitive;
    let url = match p.url.split_once('?') {
        Some((path, query)) if !secrets.is_empty() => {
            let pairs: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((k, _)) if secrets.contains(&k) => format!("{k}={MASK}"),
                    _ => pair.to_string(),
                })
                .collect();
            format!("{path}?{}", pairs.join("&"))
        }
        _ => p.url.clone(),
    };
    let mut s = format!("{} {}\n", p.method.as_str(), url);
    for (name, value) in masked_headers(&p.headers) {
        s.push_str(&format!("{name}: {value}\n"));
    }
    s.push('\n');
    if !p.body.is_empty() {
        s.push_str(&mask_json_text(&String::from_utf8_lossy(&p.body), secrets));
        s.push('\n');
    }
    s
}

fn install_debug_log() {
    use tracing_subscriber::layer::SubscriberExt;
    let subscriber = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::DEBUG)
        .without_time()
        .finish()
        .with(
            tracing_subscriber::filter::Targets::new()
                .with_target("volcengine_openapi", tracing::Level::DEBUG),
        );
    let _ = tracing::subscriber::set_global_default(subscriber);
}

/// Runs the subcommand of `entry`.
pub async fn run(entry: &ActionEntry, m: &ArgMatches) -> Result<(), Fail> {
    let yaml = m.get_one::<String>("output").is_some_and(|o| o == "yaml");
    if m.get_flag("skeleton") {
        return input::print_skeleton(entry, yaml);
    }
    let op = entry.operation;
    let mut options = options(entry, m)?;
    // Every violation at once: repeated keys, the tokens' conflict, unknown fields, type errors,
    // missing fields and broken constraints.
    let (request, mut violations) = input::request(entry, m)?;
    violations.extend(token_conflict(entry, &request, &options));
    if let Err(found) = entry.check(&request) {
        violations.extend(found);
    }
    if !violations.is_empty() {
        out::stderr(&format!(
            "error: invalid request for {} ({}); nothing was sent:",
            op.action, op.version
        ));
        for v in &violations {
            print_violation(v);
        }
        out::stderr(&format!(
            "  (volc-rtc {} --help lists the fields; --skeleton prints a request to fill in)",
            entry.info.command
        ));
        return Err(Fail::USAGE);
    }
    let client = client(m)?;
    let dry_run = m.get_flag("dry-run");
    let debug = m.get_flag("debug");
    // The token is known before sending (given, or filled in now), to be printed whatever happens.
    let mut token = options.idempotency_token.clone();
    if dry_run || debug || (op.idempotency_key.is_some() && token.is_none()) {
        let prepared = (entry.prepare_json)(client.runtime(), request.clone(), &options)
            .map_err(|e| report(entry.info.command, &e, None))?;
        if dry_run {
            if let Some(t) = &prepared.idempotency_token {
                out::stderr(&format!(
                    "note: not sent; to send this request with the same {}, add --idempotency-token {t}",
                    op.idempotency_key.unwrap_or("idempotency key")
                ));
            }
            return out::stdout(&render_request(entry, &prepared));
        }
        // Send with the token printed, so that what the log shows is what goes out (each attempt
        // is signed afresh, so X-Date and the signature differ).
        if let Some(t) = &prepared.idempotency_token {
            options = options.idempotency_token(t.clone());
            token = Some(t.clone());
        }
        if debug {
            install_debug_log();
            for line in render_request(entry, &prepared).lines() {
                out::stderr(&format!("> {line}"));
            }
        }
    }
    let result = (entry.call_json)(client.runtime(), request, &options)
        .await
        .map_err(|e| report(entry.info.command, &e, token.as_deref()))?;
    if let Some(t) = &token {
        out::stderr(&format!("idempotency token: {}", shown(t, SHORT_CHARS)));
    }
    if debug {
        let mut masked = result.clone();
        volcengine_openapi::sensitive::mask_json(&mut masked, entry.info.sensitive_result);
        let text = masked.to_string();
        out::stderr(&format!("< Result: {}", shown(&text, 64 * 1024)));
    }
    print_result(&result, yaml, token.as_deref())
}
