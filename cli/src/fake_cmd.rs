//! `volc-rtc fake-server` and `volc-rtc demo`: the local fake server on a chosen address, and a
//! tour of the client against it.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;
use volcengine_fake::{test_credentials, FakeServer, Fault};
use volcengine_rtc::{actions, CallOptions, Client};

use crate::out::{self, Fail};

// The arguments of `volc-rtc fake-server` (its help text is on the variant in main.rs).
#[derive(Debug, clap::Args)]
pub struct FakeServerArgs {
    /// Where to listen, HOST:PORT (port 0: any free port; host names such as localhost are resolved)
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    addr: String,
    /// Reject requests of actions with a membership rule unless the pair was recorded
    #[arg(long)]
    require_membership: bool,
    /// Faults to inject, one per request in order: a JSON list such as
    /// [{"status":500},{"delay_ms":300},"drop_before_store"]. Items: {"status":N},
    /// {"status":N,"code":"C","code_n":N} (an error envelope), {"delay_ms":N}, {"non_json":N},
    /// "drop_before_store", "drop_after_store", "truncated"
    #[arg(long, value_name = "FILE")]
    faults: Option<PathBuf>,
}

/// One fault of a `--faults` file.
pub fn parse_fault(v: &Value) -> Result<Fault, String> {
    if let Some(s) = v.as_str() {
        return match s {
            "drop_before_store" => Ok(Fault::DropBeforeStore),
            "drop_after_store" => Ok(Fault::DropAfterStore),
            "truncated" => Ok(Fault::Truncated),
            other => Err(format!(
                "unknown fault `{other}` (drop_before_store, drop_after_store, truncated)"
            )),
        };
    }
    let Some(obj) = v.as_object() else {
        return Err(format!("a fault is a text or an object, not {v}"));
    };
    let num = |key: &str| -> Result<Option<u64>, String> {
        match obj.get(key) {
            None => Ok(None),
            Some(n) => n
                .as_u64()
                .map(Some)
                .ok_or_else(|| format!("`{key}` must be a non-negative integer, not {n}")),
        }
    };
    let status = |n: u64| u16::try_from(n).map_err(|_| format!("status {n} is not an HTTP status"));
    let known = ["status", "code", "code_n", "delay_ms", "non_json"];
    if let Some(k) = obj.keys().find(|k| !known.contains(&k.as_str())) {
        return Err(format!("unknown key `{k}` in fault {v}"));
    }
    if let Some(ms) = num("delay_ms")? {
        return Ok(Fault::Delay(Duration::from_millis(ms)));
    }
    if let Some(s) = num("non_json")? {
        return Ok(Fault::NonJson(status(s)?));
    }
    let Some(s) = num("status")? else {
        return Err(format!("fault {v} needs status, delay_ms or non_json"));
    };
    let s = status(s)?;
    match obj.get("code") {
        None => Ok(Fault::Status(s)),
        Some(code) => Ok(Fault::ErrorEnvelope {
            status: s,
            code: code
                .as_str()
                .ok_or_else(|| format!("`code` must be text, not {code}"))?
                .to_string(),
            code_n: num("code_n")?
                .map(|n| u32::try_from(n).map_err(|_| format!("code_n {n} is too large")))
                .transpose()?,
        }),
    }
}

fn read_faults(path: &PathBuf) -> Result<Vec<Fault>, Fail> {
    let shown = path.display();
    let text =
        std::fs::read_to_string(path).map_err(|e| out::usage(&format!("--faults {shown}: {e}")))?;
    let list: Value = serde_json::from_str(&text)
        .map_err(|e| out::usage(&format!("--faults {shown}: not JSON: {e}")))?;
    let Value::Array(items) = list else {
        return Err(out::usage(&format!(
            "--faults {shown}: expected a JSON list"
        )));
    };
    items
        .iter()
        .map(parse_fault)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| out::usage(&format!("--faults {shown}: {e}")))
}

impl crate::Run for FakeServerArgs {
    async fn run(self) -> Result<(), Fail> {
        let faults = match &self.faults {
            Some(path) => read_faults(path)?,
            None => Vec::new(),
        };
        let addr = tokio::net::lookup_host(self.addr.as_str())
            .await
            .map_err(|e| out::config(&format!("--addr {}: {e}", self.addr)))?
            .next()
            .ok_or_else(|| out::config(&format!("--addr {}: no address", self.addr)))?;
        let server = FakeServer::bind(addr, test_credentials(), actions())
            .await
            .map_err(|e| out::config(&format!("cannot listen on {addr}: {e}")))?;
        server.require_membership(self.require_membership);
        let n = faults.len();
        server.push_faults(faults);
        let c = test_credentials();
        let url = server.url();
        out::stdout(&format!(
            "fake RTC server on {url}\n\
             # the test credentials it accepts (not secret):\n\
             export VOLC_ACCESSKEY={}\n\
             export VOLC_SECRETKEY={}\n\
             export VOLC_ENDPOINT={url}\n\
             # {n} fault(s) queued, membership checks {}; Ctrl-C stops it\n",
            c.access_key(),
            c.secret_key().expose(),
            if self.require_membership { "on" } else { "off" },
        ))?;
        tokio::signal::ctrl_c()
            .await
            .map_err(|e| out::config(&format!("cannot wait for Ctrl-C: {e}")))?;
        Ok(())
    }
}

// The arguments of `volc-rtc demo` (none).
#[derive(Debug, clap::Args)]
pub struct DemoArgs {}

/// The demo's steps: `cli/demo.yaml`, data (no action is named in code).
const DEMO: &str = include_str!("../demo.yaml");

#[derive(Debug, serde::Deserialize)]
struct Demo {
    steps: Vec<Step>,
}

#[derive(Debug, serde::Deserialize)]
struct Step {
    action: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    about: Option<String>,
    request: Value,
    #[serde(default)]
    save: std::collections::BTreeMap<String, String>,
}

/// `value` with every string `"${name}"` replaced by the saved value of that name.
fn substitute(value: &Value, saved: &std::collections::BTreeMap<String, Value>) -> Value {
    match value {
        Value::String(s) => s
            .strip_prefix("${")
            .and_then(|r| r.strip_suffix('}'))
            .and_then(|name| saved.get(name))
            .cloned()
            .unwrap_or_else(|| value.clone()),
        Value::Array(items) => Value::Array(items.iter().map(|v| substitute(v, saved)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| (k.clone(), substitute(v, saved)))
                .collect(),
        ),
        other => other.clone(),
    }
}

impl crate::Run for DemoArgs {
    async fn run(self) -> Result<(), Fail> {
        let demo: Demo =
            serde_yaml::from_str(DEMO).map_err(|e| out::config(&format!("demo.yaml: {e}")))?;
        let server = FakeServer::start(actions())
            .await
            .map_err(|e| out::config(&format!("cannot start the fake server: {e}")))?;
        let client = Client::builder()
            .credentials(test_credentials())
            .endpoint(server.url())
            .build()
            .map_err(|e| out::config(&e.to_string()))?;
        server.require_membership(true);
        out::line(&format!("fake server on {}", server.url()))?;
        let mut saved = std::collections::BTreeMap::new();
        for step in &demo.steps {
            let Some(entry) = volcengine_rtc::registry::find(&step.action, step.version.as_deref())
            else {
                return Err(out::config(&format!(
                    "demo.yaml: no action `{}` in the registry",
                    step.action
                )));
            };
            let op = entry.operation;
            let request = substitute(&step.request, &saved);
            if let Some(about) = &step.about {
                out::line(&format!("# {about}"))?;
            }
            out::line(&format!("-> {} {}: {}", op.action, op.version, request))?;
            let result = (entry.call_json)(client.runtime(), request, &CallOptions::default())
                .await
                .map_err(|e| crate::report::report(entry.info.command, &e, None))?;
            out::line(&format!("<- Result: {result}"))?;
            for (name, path) in &step.save {
                let value = path
                    .split('.')
                    .try_fold(&result, |v, seg| v.get(seg))
                    .cloned()
                    .ok_or_else(|| {
                        out::config(&format!(
                            "demo.yaml: {} answered no `{path}` to save as `{name}`",
                            op.action
                        ))
                    })?;
                saved.insert(name.clone(), value);
            }
        }
        Ok(())
    }
}
