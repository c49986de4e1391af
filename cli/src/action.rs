//! One subcommand per action, built at run time from the registry's data: its help (descriptions,
//! limits, version, every field), its flags (one per top-level field), the request it reads, and the
//! call, dry run or skeleton it does. No code here names an action.

use std::collections::HashSet;
use std::time::Duration;

use clap::{value_parser, Arg, ArgAction, ArgMatches, Command};
use heck::ToKebabCase;
use serde_json::{Map, Value};
use volcengine_openapi::client::debug::masked_headers;
use volcengine_openapi::registry::{FieldInfo, ValueKind};
use volcengine_rtc::{ActionEntry, CallOptions, Client, Error};

use crate::out::{self, Fail};
use crate::profile;

/// The id of a field's flag (never clashes with the common flags' ids, which are lowercase words).
fn field_id(f: &FieldInfo) -> String {
    format!("field:{}", f.name)
}

/// Long names of the common flags: a field whose kebab-case name is one of them is given only
/// through `--json`.
const RESERVED: &[&str] = &[
    "json",
    "skeleton",
    "dry-run",
    "debug",
    "output",
    "profile",
    "endpoint",
    "region",
    "edition",
    "timeout",
    "idempotency-token",
    "help",
    "version",
];

/// Each field with its flag's long name (`None`: only through `--json`, because the name clashes
/// with a common flag or another field).
fn field_flags(entry: &ActionEntry) -> Vec<(&'static FieldInfo, Option<String>)> {
    let mut seen: HashSet<String> = RESERVED.iter().map(|s| s.to_string()).collect();
    entry
        .info
        .fields
        .iter()
        .map(|f| {
            let long = f.name.to_kebab_case();
            let flag = seen.insert(long.clone()).then_some(long);
            (f, flag)
        })
        .collect()
}

/// The first sentence of a description, for one-line listings.
pub fn summary(text: &str) -> &str {
    let text = text.trim();
    let end = text
        .char_indices()
        .find(|&(i, c)| (c == '.' && text[i + 1..].starts_with(' ')) || c == '。' || c == '\n')
        .map_or(text.len(), |(i, c)| i + c.len_utf8());
    text[..end].trim_end_matches('\n')
}

fn kind_name(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Integer => "INT",
        ValueKind::Number => "NUM",
        ValueKind::Bool => "true|false",
        ValueKind::String => "TEXT",
        ValueKind::List => "JSON",
        ValueKind::Json => "JSON",
    }
}

fn value_name(f: &FieldInfo) -> &'static str {
    match f.kind {
        ValueKind::List => kind_name(f.item_kind.unwrap_or(ValueKind::Json)),
        k => kind_name(k),
    }
}

fn field_head(f: &FieldInfo) -> String {
    let required = if f.required { "required" } else { "optional" };
    format!("{} ({}, {required})", f.name, f.ty)
}

fn field_long_help(f: &FieldInfo, flag: Option<&str>) -> String {
    let mut s = field_head(f);
    for d in [f.description_en, f.description_zh] {
        if !d.is_empty() {
            s.push('\n');
            s.push_str(d);
        }
    }
    if !f.constraints.is_empty() {
        s.push_str("\nConstraints: ");
        s.push_str(f.constraints);
    }
    if !f.example.is_empty() {
        s.push_str("\nExample: ");
        s.push_str(f.example);
    }
    match (f.kind, flag) {
        (_, None) => s.push_str("\nOnly through --json (its flag name is taken)."),
        (ValueKind::List, Some(_)) => {
            s.push_str("\nRepeat the flag for each item, or give one JSON array.")
        }
        (ValueKind::Json, Some(_)) => s.push_str("\nGiven as JSON."),
        _ => {}
    }
    s
}

fn action_long_about(entry: &ActionEntry) -> String {
    let (op, info) = (entry.operation, entry.info);
    let mut s = String::new();
    for d in [info.description_zh, info.description_en] {
        if !d.is_empty() {
            s.push_str(d.trim());
            s.push_str("\n\n");
        }
    }
    let placement = match op.placement {
        volcengine_openapi::Placement::Body => "JSON body",
        volcengine_openapi::Placement::Query => "query string",
    };
    s.push_str(&format!(
        "Action: {}   Version: {}   Method: {} ({placement})   Family: {}\n",
        op.action,
        op.version,
        op.method.as_str(),
        op.family.name
    ));
    if !info.limits.is_empty() {
        s.push_str(&format!("Limits: {}\n", info.limits));
    }
    if let Some(key) = op.idempotency_key {
        s.push_str(&format!(
            "Idempotency key: {key} (filled once per call and reused on each retry; \
             --idempotency-token sets it)\n"
        ));
    }
    if op.read_only {
        s.push_str("Read-only.\n");
    }
    let json_only: Vec<&str> = field_flags(entry)
        .into_iter()
        .filter(|(_, flag)| flag.is_none())
        .map(|(f, _)| f.name)
        .collect();
    if !json_only.is_empty() {
        s.push_str(&format!(
            "Fields only given through --json (their flag names are taken): {}\n",
            json_only.join(", ")
        ));
    }
    if !info.example_request.is_empty() {
        s.push_str(&format!(
            "\nExample request (--json):\n  {}",
            info.example_request
        ));
    }
    s
}

const INPUT_HELP: &str = "Input: --json TEXT|@FILE|- (stdin) and/or one flag per top-level field \
(integers, numbers and booleans parsed by the field's kind; lists by repeating the flag or one JSON \
array; objects as JSON). Flags override --json keys. Unknown flags and unknown fields are errors and \
nothing is sent. --skeleton prints a request to fill in.";

/// The subcommand of one action.
pub fn command(entry: &ActionEntry) -> Command {
    let (op, info) = (entry.operation, entry.info);
    let mut cmd = Command::new(info.command)
        .about(summary(info.description_en).to_string())
        .long_about(action_long_about(entry))
        .after_help(format!(
            "{} {}: the descriptions, limits and each field's type, constraints and example with --help.",
            op.action, op.version
        ))
        .after_long_help(format!("{INPUT_HELP}\n\n{}", out::EXIT_STATUS))
        .arg(
            Arg::new("json")
                .long("json")
                .value_name("TEXT|@FILE|-")
                .help("The request as JSON text, @FILE, or - for stdin"),
        )
        .arg(
            Arg::new("skeleton")
                .long("skeleton")
                .action(ArgAction::SetTrue)
                .help("Print a request to fill in (required fields first), send nothing"),
        )
        .arg(
            Arg::new("dry-run")
                .long("dry-run")
                .action(ArgAction::SetTrue)
                .help("Print the signed HTTP request (signature and session token masked), send nothing"),
        )
        .arg(
            Arg::new("debug")
                .long("debug")
                .action(ArgAction::SetTrue)
                .help("Write the request sent and each attempt's outcome to stderr (secrets masked)"),
        )
        .arg(
            Arg::new("output")
                .long("output")
                .value_name("FORMAT")
                .value_parser(["json", "yaml"])
                .default_value("json")
                .help("How the Result is printed"),
        )
        .arg(
            Arg::new("profile")
                .long("profile")
                .value_name("NAME")
                .env("VOLC_PROFILE")
                .help("Credentials (and region, endpoint) from this profile of $HOME/.volc/config instead of VOLC_ACCESSKEY / VOLC_SECRETKEY"),
        )
        .arg(
            Arg::new("endpoint")
                .long("endpoint")
                .value_name("URL")
                .env("VOLC_ENDPOINT")
                .help("Send to this base URL instead of the region's host (e.g. a fake server)"),
        )
        .arg(
            Arg::new("region")
                .long("region")
                .value_name("REGION")
                .env("VOLC_REGION")
                .help("The region (default: the service's)"),
        )
        .arg(
            Arg::new("edition")
                .long("edition")
                .value_name("EDITION")
                .env("VOLC_EDITION")
                .help("Another edition of the API: `byteplus` (the international one: open.byteplusapi.com, ap-singapore-1, RTC only); default: Volcengine's"),
        )
        .arg(
            Arg::new("timeout")
                .long("timeout")
                .value_name("SECS")
                .value_parser(value_parser!(f64))
                .allow_negative_numbers(true)
                .help("Deadline of the whole call, retries included"),
        );
    if let Some(key) = op.idempotency_key {
        cmd = cmd.arg(
            Arg::new("idempotency-token")
                .long("idempotency-token")
                .value_name("TOKEN")
                .help(format!(
                    "Send this {key} (the token an ambiguous failure printed): a retry that does the work at most once"
                )),
        );
    }
    for (f, flag) in field_flags(entry) {
        let Some(long) = flag else { continue };
        let numeric = matches!(f.kind, ValueKind::Integer | ValueKind::Number)
            || matches!(f.item_kind, Some(ValueKind::Integer | ValueKind::Number));
        let mut help = field_head(f);
        if !f.description_en.is_empty() {
            help.push_str(": ");
            help.push_str(summary(f.description_en));
        }
        let mut arg = Arg::new(field_id(f))
            .long(long.clone())
            .value_name(value_name(f))
            .help(help)
            .long_help(field_long_help(f, Some(&long)))
            .help_heading("Fields")
            .allow_negative_numbers(numeric);
        arg = if f.kind == ValueKind::List {
            arg.action(ArgAction::Append)
        } else {
            arg.action(ArgAction::Set)
        };
        cmd = cmd.arg(arg);
    }
    cmd
}

/// Reads `--json`'s argument: text, `@FILE` or `-` (stdin).
fn read_json_arg(arg: &str) -> Result<String, Fail> {
    use std::io::Read;
    if arg == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| out::usage(&format!("--json -: reading stdin: {e}")))?;
        Ok(s)
    } else if let Some(path) = arg.strip_prefix('@') {
        std::fs::read_to_string(path).map_err(|e| out::usage(&format!("--json @{path}: {e}")))
    } else {
        Ok(arg.to_string())
    }
}

/// Parses one value of kind `kind` given as text on the command line.
fn parse_value(kind: ValueKind, text: &str) -> Result<Value, String> {
    match kind {
        ValueKind::Integer => {
            let t = text.trim();
            t.parse::<i64>()
                .map(Value::from)
                .or_else(|_| t.parse::<u64>().map(Value::from))
                .map_err(|_| format!("`{text}` is not an integer"))
        }
        ValueKind::Number => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("`{text}` is not a number")),
        ValueKind::Bool => match text.trim() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("`{text}` is not true or false")),
        },
        ValueKind::String => Ok(Value::String(text.to_string())),
        ValueKind::List | ValueKind::Json => {
            serde_json::from_str(text).map_err(|e| format!("`{text}` is not JSON: {e}"))
        }
    }
}

/// The value of a field's flag, from its occurrences.
fn field_value(f: &FieldInfo, values: &[&String]) -> Result<Value, String> {
    if f.kind != ValueKind::List {
        return parse_value(f.kind, values.last().map_or("", |v| v.as_str()));
    }
    if let [one] = values {
        if one.trim_start().starts_with('[') {
            let v: Value = serde_json::from_str(one)
                .map_err(|e| format!("`{one}` is not a JSON array: {e}"))?;
            return Ok(v);
        }
    }
    let item = f.item_kind.unwrap_or(ValueKind::Json);
    values
        .iter()
        .map(|v| parse_value(item, v))
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// The request: `--json`'s object with each field flag's value over it.
fn request(entry: &ActionEntry, m: &ArgMatches) -> Result<Value, Fail> {
    let mut obj = match m.get_one::<String>("json") {
        None => Map::new(),
        Some(arg) => {
            let text = read_json_arg(arg)?;
            match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(o)) => o,
                Ok(_) => return Err(out::usage("--json must be a JSON object")),
                Err(e) => return Err(out::usage(&format!("--json is not JSON: {e}"))),
            }
        }
    };
    for (f, flag) in field_flags(entry) {
        let Some(long) = flag else { continue };
        let Some(values) = m.get_many::<String>(&field_id(f)) else {
            continue;
        };
        let values: Vec<&String> = values.collect();
        let value = field_value(f, &values)
            .map_err(|e| out::usage(&format!("--{long} ({}): {e}", f.name)))?;
        obj.insert(f.name.to_string(), value);
    }
    Ok(Value::Object(obj))
}

/// A request to fill in: the example's value of each field, else the field's example, else an
/// empty value of its kind; required fields first, in the spec's order.
pub fn skeleton(entry: &ActionEntry) -> Vec<(&'static FieldInfo, Value)> {
    let example: Value = serde_json::from_str(entry.info.example_request).unwrap_or(Value::Null);
    let mut fields: Vec<&FieldInfo> = entry.info.fields.iter().collect();
    fields.sort_by_key(|f| !f.required);
    fields
        .into_iter()
        .map(|f| {
            let value = example
                .get(f.name)
                .cloned()
                .or_else(|| serde_json::from_str(f.example).ok())
                .unwrap_or_else(|| match f.kind {
                    // An optional object with no example: `null` (absent) rather than an object
                    // that would miss its own required fields.
                    ValueKind::Json if !f.required => Value::Null,
                    ValueKind::Integer => Value::from(0),
                    ValueKind::Number => Value::from(0.0),
                    ValueKind::Bool => Value::Bool(false),
                    ValueKind::String => Value::String(String::new()),
                    ValueKind::List => Value::Array(Vec::new()),
                    ValueKind::Json => Value::Object(Map::new()),
                });
            (f, value)
        })
        .collect()
}

fn print_skeleton(entry: &ActionEntry, yaml: bool) -> Result<(), Fail> {
    let fields = skeleton(entry);
    let mut s = String::new();
    if yaml {
        // JSON values are YAML flow values: each line stays valid YAML, with a comment.
        for (f, v) in &fields {
            let required = if f.required { "required" } else { "optional" };
            s.push_str(&format!("{}: {v}  # {} {required}\n", f.name, f.ty));
        }
    } else {
        s.push_str("{\n");
        for (i, (f, v)) in fields.iter().enumerate() {
            let comma = if i + 1 < fields.len() { "," } else { "" };
            s.push_str(&format!(
                "  {}: {v}{comma}\n",
                Value::String(f.name.to_string())
            ));
        }
        s.push_str("}\n");
        let optional: Vec<&str> = fields
            .iter()
            .filter(|(f, _)| !f.required)
            .map(|(f, _)| f.name)
            .collect();
        if !optional.is_empty() {
            out::stderr(&format!(
                "note: optional fields (delete those you do not need): {}",
                optional.join(", ")
            ));
        }
    }
    out::stdout(&s)
}

/// Prints a value as `--output` asks.
pub fn print_value(value: &Value, yaml: bool) -> Result<(), Fail> {
    let text = if yaml {
        serde_yaml::to_string(value).unwrap_or_default()
    } else {
        let mut t = serde_json::to_string_pretty(value).unwrap_or_default();
        t.push('\n');
        t
    };
    out::stdout(&text)
}

/// Reports a failed call on stderr and answers its exit status.
pub fn report(command: &str, e: &Error) -> Fail {
    match e {
        Error::Config(msg) => out::stderr(&format!("error: {msg}")),
        e => out::stderr(&format!("error: {e}")),
    }
    if let Error::Validation(v) = e {
        for violation in &v.violations {
            print_violation(violation);
        }
    }
    if let Some(api) = e.as_api() {
        out::stderr(&format!("  code: {}", api.code));
        out::stderr(&format!("  message: {}", api.message));
    }
    if let Some(id) = e.request_id() {
        out::stderr(&format!("  request id: {id}"));
    }
    if e.is_ambiguous() {
        match e.idempotency_token() {
            Some(token) => {
                out::stderr(&format!("  idempotency token: {token}"));
                out::stderr(
                    "  the request may have reached the server and been carried out; retry it with \
                     the same token so that nothing is done twice:",
                );
                out::stderr(&format!(
                    "    volc-rtc {command} <same input> --idempotency-token {token}"
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
        Error::Http(_) | Error::Transport(_) => Fail::TRANSPORT,
        _ => Fail::CONFIG,
    }
}

fn print_violation(v: &volcengine_rtc::Violation) {
    if v.path.is_empty() {
        out::stderr(&format!("  {}", v.message));
    } else {
        out::stderr(&format!("  {v}"));
    }
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
        Error::Config(msg) => out::config(&msg),
        other => out::config(&other.to_string()),
    })
}

fn render_request(p: &volcengine_openapi::PreparedRequest) -> String {
    let mut s = format!("{} {}\n", p.method.as_str(), p.url);
    for (name, value) in masked_headers(&p.headers) {
        s.push_str(&format!("{name}: {value}\n"));
    }
    s.push('\n');
    if !p.body.is_empty() {
        s.push_str(&String::from_utf8_lossy(&p.body));
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
        return print_skeleton(entry, yaml);
    }
    let op = entry.operation;
    let request = request(entry, m)?;
    let unknown: Vec<&String> = request
        .as_object()
        .into_iter()
        .flat_map(|o| o.keys())
        .filter(|k| !entry.info.fields.iter().any(|f| f.name == k.as_str()))
        .collect();
    if !unknown.is_empty() {
        let known: Vec<&str> = entry.info.fields.iter().map(|f| f.name).collect();
        for k in unknown {
            out::stderr(&format!("error: {k}: unknown field of {}", op.action));
        }
        out::stderr(&format!(
            "  the fields: {}; nothing was sent",
            known.join(", ")
        ));
        return Err(Fail::USAGE);
    }
    if let Err(violations) = entry.check(&request) {
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
    let mut options = CallOptions::new();
    if let Some(&secs) = m.get_one::<f64>("timeout") {
        if !(secs.is_finite() && secs > 0.0) {
            return Err(out::usage("--timeout must be a positive number of seconds"));
        }
        options = options.timeout(Duration::from_secs_f64(secs));
    }
    if let Some(token) = m.try_get_one::<String>("idempotency-token").ok().flatten() {
        options = options.idempotency_token(token.clone());
    }
    let client = client(m)?;
    let dry_run = m.get_flag("dry-run");
    let debug = m.get_flag("debug");
    if dry_run || debug {
        let prepared = (entry.prepare_json)(client.runtime(), request.clone(), &options)
            .map_err(|e| report(entry.info.command, &e))?;
        if dry_run {
            if let Some(t) = &prepared.idempotency_token {
                out::stderr(&format!(
                    "note: not sent; to send this request with the same {}, add --idempotency-token {t}",
                    op.idempotency_key.unwrap_or("idempotency key")
                ));
            }
            return out::stdout(&render_request(&prepared));
        }
        // Send with the token printed, so that what the log shows is what goes out (each attempt
        // is signed afresh, so X-Date and the signature differ).
        if let Some(t) = &prepared.idempotency_token {
            options = options.idempotency_token(t.clone());
        }
        install_debug_log();
        for line in render_request(&prepared).lines() {
            out::stderr(&format!("> {line}"));
        }
    }
    let result = (entry.call_json)(client.runtime(), request, &options)
        .await
        .map_err(|e| report(entry.info.command, &e))?;
    if debug {
        out::stderr(&format!("< Result: {result}"));
    }
    print_value(&result, yaml)
}
