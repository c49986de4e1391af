//! One subcommand per action, built at run time from the registry's data: its help (descriptions,
//! limits, version, every field) and its flags (one per top-level field). The request it reads is
//! [`crate::input`]'s, the call it makes [`crate::call`]'s. No code here names an action.

use std::collections::HashSet;

use clap::{value_parser, Arg, ArgAction, Command};
use heck::ToKebabCase;
use volcengine_openapi::registry::{FieldInfo, ValueKind};
use volcengine_rtc::ActionEntry;

use crate::call::{parse_timeout, MAX_ANSWER_BYTES};
use crate::out;

/// The id of a field's flag (never clashes with the common flags' ids, which are lowercase words).
pub fn field_id(f: &FieldInfo) -> String {
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
    "max-answer-bytes",
    "idempotency-token",
    "help",
    "version",
];

/// Each field with its flag's long name (`None`: only through `--json`, because the name clashes
/// with a common flag or another field).
pub fn field_flags(entry: &ActionEntry) -> Vec<(&'static FieldInfo, Option<String>)> {
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
                .value_parser(parse_timeout)
                .allow_negative_numbers(true)
                .help("Deadline of the whole call, retries included (0.001..=86400 seconds)"),
        )
        .arg(
            Arg::new("max-answer-bytes")
                .long("max-answer-bytes")
                .value_name("BYTES")
                .value_parser(value_parser!(u64).range(*MAX_ANSWER_BYTES.start()..=*MAX_ANSWER_BYTES.end()))
                .help("The most bytes of an answer read (default 16 MiB; 1024..=4294967296)"),
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
