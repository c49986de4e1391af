//! `volc-rtc fake-server` and `volc-rtc demo`: the local fake server on a chosen address, and a
//! tour of the client against it.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;
use volcengine_fake::{test_credentials, FakeServer, Fault, RoomConfig};
use volcengine_rtc::{actions, CallOptions, Client};
use volcengine_rtc_auth::{AppKey, CallbackSecret};

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
    /// The RTC app the fake room plays: tokens for it are accepted by POST /__fake/join
    #[arg(long, value_name = "ID", requires = "app_key")]
    app_id: Option<String>,
    /// The app's AppKey, which tokens are checked with
    #[arg(
        long,
        value_name = "KEY",
        env = "VOLC_RTC_APP_KEY",
        hide_env_values = true
    )]
    app_key: Option<String>,
    /// Where the fake room POSTs signed callbacks (joins, leaves, task starts and stops)
    #[arg(long, value_name = "URL", requires_all = ["app_id", "callback_secret"])]
    callback_url: Option<String>,
    /// The secret callbacks are signed with
    #[arg(
        long,
        value_name = "SECRET",
        env = "VOLC_RTC_CALLBACK_SECRET",
        hide_env_values = true
    )]
    callback_secret: Option<String>,
}

// The arguments of `volc-rtc fake` (join and leave the fake room, as an RTC client would).
#[derive(Debug, clap::Args)]
pub struct FakeArgs {
    #[command(subcommand)]
    command: FakeCommand,
}

#[derive(Debug, clap::Subcommand)]
enum FakeCommand {
    /// Join a room of a fake server with a room token (POST /__fake/join); exit 1 when refused
    Join {
        /// The fake server's URL
        #[arg(long, value_name = "URL", env = "VOLC_ENDPOINT")]
        endpoint: String,
        /// The room token (volc-rtc token create)
        #[arg(long, value_name = "TOKEN")]
        token: String,
        #[arg(long, value_name = "ROOM")]
        room: String,
        #[arg(long, value_name = "USER")]
        user: String,
        /// Also require the publish privilege
        #[arg(long)]
        publish: bool,
    },
    /// Leave a room of a fake server (POST /__fake/leave)
    Leave {
        #[arg(long, value_name = "URL", env = "VOLC_ENDPOINT")]
        endpoint: String,
        #[arg(long, value_name = "ROOM")]
        room: String,
        #[arg(long, value_name = "USER")]
        user: String,
    },
}

impl crate::Run for FakeArgs {
    async fn run(self) -> Result<(), Fail> {
        let (endpoint, path, body) = match self.command {
            FakeCommand::Join {
                endpoint,
                token,
                room,
                user,
                publish,
            } => (
                endpoint,
                "join",
                serde_json::json!({"Token": token, "RoomId": room, "UserId": user, "Publish": publish}),
            ),
            FakeCommand::Leave {
                endpoint,
                room,
                user,
            } => (
                endpoint,
                "leave",
                serde_json::json!({"RoomId": room, "UserId": user}),
            ),
        };
        let url = format!("{}/__fake/{path}", endpoint.trim_end_matches('/'));
        let resp = reqwest::Client::new()
            .post(&url)
            .header("Content-Type", "application/json")
            .body(body.to_string())
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .map_err(|e| out::config(&format!("{url}: {e}")))?;
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap_or_default();
        let answer: Value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        if status == 200 {
            out::stdout(&format!("{answer}\n"))?;
            Ok(())
        } else {
            let why = answer
                .get("Error")
                .and_then(Value::as_str)
                .map_or_else(|| answer.to_string(), str::to_string);
            eprintln!("refused ({status}): {}", why.escape_debug());
            Err(Fail(1))
        }
    }
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
        if let (Some(app_id), Some(key)) = (&self.app_id, &self.app_key) {
            let mut room = RoomConfig::new(app_id.as_str(), AppKey::new(key.as_str()));
            if let (Some(url), Some(secret)) = (&self.callback_url, &self.callback_secret) {
                room = room.callbacks(url.as_str(), CallbackSecret::new(secret.as_str()));
            }
            server.set_room(room);
        }
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
             # {n} fault(s) queued, membership checks {}; room: {}; Ctrl-C stops it\n",
            c.access_key(),
            c.secret_key().expose(),
            if self.require_membership { "on" } else { "off" },
            match (&self.app_id, &self.callback_url) {
                (Some(id), Some(url)) => format!("app {id}, callbacks to {url}"),
                (Some(id), None) => format!("app {id}, no callbacks"),
                _ => "none (--app-id, --app-key)".to_string(),
            },
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
