//! What an action's subcommand prints about its outcome: the result, every violation, a failed
//! call (with its idempotency token whenever the request may have been sent) and its exit status.
//! Text that came from a server is shown escaped and cut ([`volcengine_openapi::text`]), once.

use serde_json::Value;
use volcengine_openapi::text::{shown, MESSAGE_CHARS, SHORT_CHARS};
use volcengine_rtc::{Error, Violation};

use crate::out::{self, Fail};

/// The most characters of a result shown on stderr when stdout cannot take it.
const RESULT_CHARS: usize = 4096;

/// The result as `--output` asks.
fn render(value: &Value, yaml: bool) -> String {
    if yaml {
        serde_yaml::to_string(value).unwrap_or_default()
    } else {
        let mut t = serde_json::to_string_pretty(value).unwrap_or_default();
        t.push('\n');
        t
    }
}

/// Prints a successful call's result on stdout. When stdout cannot take it (a full disk,
/// `> /dev/full`), the call still happened: its result (cut) and idempotency token go to stderr,
/// and the exit status is [`Fail::TRANSPORT`]. A closed pipe ends quietly, as everywhere.
pub fn print_result(value: &Value, yaml: bool, token: Option<&str>) -> Result<(), Fail> {
    match out::write_stdout(&render(value, yaml)) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Fail::QUIET),
        Err(e) => {
            out::stderr(&format!(
                "error: the call succeeded, but its result could not be written to stdout: {e}"
            ));
            if let Some(t) = token {
                out::stderr(&format!("  idempotency token: {}", shown(t, SHORT_CHARS)));
            }
            let compact = serde_json::to_string(value).unwrap_or_default();
            out::stderr(&format!("  result: {}", shown(&compact, RESULT_CHARS)));
            Err(Fail::TRANSPORT)
        }
    }
}

/// Prints one violation (its path, if any, and its message).
pub fn print_violation(v: &Violation) {
    if v.path.is_empty() {
        out::stderr(&format!("  {}", shown(&v.message, MESSAGE_CHARS)));
    } else {
        out::stderr(&format!(
            "  {}: {}",
            shown(&v.path, MESSAGE_CHARS),
            shown(&v.message, MESSAGE_CHARS)
        ));
    }
}

/// Whether the request of a failed call may have reached the server: an attempt was made that did
/// not fail to connect.
fn may_have_been_sent(e: &Error) -> bool {
    match e {
        Error::Transport(t) => !t.connect && e.attempts() > 0,
        _ => e.attempts() > 0,
    }
}

/// Reports a failed call on stderr and answers its exit status. `token` is the idempotency token
/// the call carried (for actions that have one): it is printed whenever the request may have
/// been sent.
pub fn report(command: &str, e: &Error, token: Option<&str>) -> Fail {
    match e {
        Error::Api(api) => {
            out::stderr(&format!(
                "error: {}: the API answered an error [HTTP {}]",
                api.call, api.http_status
            ));
            out::stderr(&format!("  code: {}", shown(&api.code, SHORT_CHARS)));
            if let Some(n) = api.code_n {
                out::stderr(&format!("  code n: {n}"));
            }
            out::stderr(&format!(
                "  message: {}",
                shown(&api.message, MESSAGE_CHARS)
            ));
            if let Some(id) = &api.request_id {
                out::stderr(&format!("  request id: {}", shown(id, SHORT_CHARS)));
            }
        }
        // Their text is the client's own, with anything read from outside shown escaped and cut.
        Error::Config(c) => out::stderr(&format!("error: {c}")),
        Error::Credentials(c) => out::stderr(&format!("error: {c}")),
        Error::Validation(v) => {
            out::stderr(&format!(
                "error: invalid request for {} ({}); nothing was sent:",
                v.action, v.version
            ));
            for violation in &v.violations {
                print_violation(violation);
            }
        }
        // The error's text shows the server's text escaped and cut.
        e => out::stderr(&format!("error: {e}")),
    }
    let token = e.idempotency_token().or(token);
    if let Some(token) = token.filter(|_| may_have_been_sent(e)) {
        out::stderr(&format!(
            "  idempotency token: {}",
            shown(token, SHORT_CHARS)
        ));
    }
    if e.is_ambiguous() {
        match token {
            Some(token) => {
                out::stderr(
                    "  the request may have reached the server and been carried out; retry it with \
                     the same token so that nothing is done twice:",
                );
                out::stderr(&format!(
                    "    volc-rtc {command} <same input> --idempotency-token {}",
                    shown(token, SHORT_CHARS)
                ));
            }
            None => out::stderr(
                "  the request may have reached the server and been carried out: check before retrying",
            ),
        }
    }
    match e {
        Error::Validation(_) => Fail::USAGE,
        Error::Api(_) => Fail::API,
        Error::Config(_) | Error::Credentials(_) => Fail::CONFIG,
        _ => Fail::TRANSPORT,
    }
}
