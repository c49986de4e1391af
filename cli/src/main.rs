//! `volc-rtc`: every action of the spec as a subcommand, and the local fake server.
//!
//! ```text
//! volc-rtc <action-in-kebab-case> --json TEXT|@FILE|- [--endpoint URL] [--region REGION]
//! volc-rtc fake-server [--addr 127.0.0.1:8080]
//! volc-rtc demo                      # start a fake server, send a message to it, print the result
//! volc-rtc list                      # list the actions
//! volc-rtc token ...                 # room tokens (see auth_cmd.rs)
//! volc-rtc callback ...              # server callbacks (see auth_cmd.rs)
//! ```
//!
//! The subcommands come from the generated action registry: a new action in the spec is a new
//! subcommand with no code added here. Exit status: 0 success, 2 usage or validation error, 3 API
//! error, 4 transport or unexpected answer, 5 configuration error.

mod auth_cmd;

use std::io::Read;
use std::process::ExitCode;

use volcengine_fake::{test_credentials, FakeServer};
use volcengine_rtc::{actions, CallOptions, Client, Error};

const USAGE: &str = "usage:
  volc-rtc <action> --json TEXT|@FILE|- [--endpoint URL] [--region REGION]
  volc-rtc fake-server [--addr 127.0.0.1:8080]
  volc-rtc demo
  volc-rtc list
  volc-rtc token create|inspect|verify ...   (room tokens; volc-rtc token --help)
  volc-rtc callback verify [--print]         (server callbacks; volc-rtc callback --help)
Credentials come from VOLC_ACCESSKEY / VOLC_SECRETKEY (and VOLC_SESSION_TOKEN).";

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => ExitCode::from(code),
    }
}

fn usage(msg: &str) -> u8 {
    eprintln!("error: {msg}\n{USAGE}");
    2
}

fn option(args: &[String], name: &str) -> Result<Option<String>, u8> {
    match args.iter().position(|a| a == name) {
        None => Ok(None),
        Some(i) => args
            .get(i + 1)
            .cloned()
            .map(Some)
            .ok_or_else(|| usage(&format!("{name} needs a value"))),
    }
}

async fn run(args: Vec<String>) -> Result<(), u8> {
    let Some(command) = args.first() else {
        return Err(usage("no command"));
    };
    let rest = &args[1..];
    match command.as_str() {
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        "list" => {
            for e in actions() {
                println!(
                    "{:<40} {} {}",
                    e.info.command, e.operation.action, e.operation.version
                );
            }
            Ok(())
        }
        "fake-server" => {
            let addr = option(rest, "--addr")?.unwrap_or_else(|| "127.0.0.1:8080".into());
            let addr = addr
                .parse()
                .map_err(|e| usage(&format!("bad --addr: {e}")))?;
            let server = FakeServer::bind(addr, test_credentials(), actions())
                .await
                .map_err(|e| {
                    eprintln!("error: cannot listen on {addr}: {e}");
                    5
                })?;
            let c = test_credentials();
            println!("fake RTC server on {}", server.url());
            println!("  VOLC_ACCESSKEY={} VOLC_SECRETKEY=<see volcengine_rtc::runtime::fake::test_credentials>", c.access_key());
            let _ = tokio::signal::ctrl_c().await;
            Ok(())
        }
        "demo" => demo().await,
        "token" | "callback" => match auth_cmd::run(&args) {
            0 => Ok(()),
            code => Err(u8::try_from(code).unwrap_or(1)),
        },
        name => {
            let Some(entry) = actions().iter().find(|e| e.info.command == name) else {
                return Err(usage(&format!(
                    "unknown command `{name}` (see `volc-rtc list`)"
                )));
            };
            let json = option(rest, "--json")?.ok_or_else(|| usage("--json is required"))?;
            let text = read_json_arg(&json)?;
            let value: serde_json::Value = serde_json::from_str(&text)
                .map_err(|e| usage(&format!("--json is not JSON: {e}")))?;
            let mut builder = Client::builder();
            if let Some(e) = option(rest, "--endpoint")? {
                builder = builder.endpoint(e);
            }
            if let Some(r) = option(rest, "--region")? {
                builder = builder.region(r);
            }
            let client = builder.build().map_err(report)?;
            let result = (entry.call_json)(client.runtime(), value, &CallOptions::default())
                .await
                .map_err(report)?;
            println!(
                "{}",
                serde_json::to_string_pretty(&result).unwrap_or_default()
            );
            Ok(())
        }
    }
}

fn read_json_arg(arg: &str) -> Result<String, u8> {
    if arg == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| usage(&format!("reading stdin: {e}")))?;
        Ok(s)
    } else if let Some(path) = arg.strip_prefix('@') {
        std::fs::read_to_string(path).map_err(|e| usage(&format!("reading {path}: {e}")))
    } else {
        Ok(arg.to_string())
    }
}

fn report(e: Error) -> u8 {
    eprintln!("error: {e}");
    if let Some(api) = e.as_api() {
        eprintln!("  code: {}", api.code);
        eprintln!("  message: {}", api.message);
    }
    if let Some(id) = e.request_id() {
        eprintln!("  request id: {id}");
    }
    match e {
        Error::Validation(_) => 2,
        Error::Api(_) => 3,
        Error::Http(_) | Error::Transport(_) => 4,
        _ => 5,
    }
}

/// Starts a fake server, sends the spec's example of every action that stores what it receives to
/// it through the real client (signed, over HTTP), and prints what came back.
async fn demo() -> Result<(), u8> {
    let server = FakeServer::start(actions()).await.map_err(|e| {
        eprintln!("error: cannot start the fake server: {e}");
        5
    })?;
    let client = Client::builder()
        .credentials(test_credentials())
        .endpoint(server.url())
        .build()
        .map_err(report)?;
    println!("fake RTC server on {}", server.url());
    let mut sent = 0;
    for entry in actions().iter().filter(|e| e.info.fake.store.is_some()) {
        let op = entry.operation;
        let request: serde_json::Value =
            serde_json::from_str(entry.info.example_request).unwrap_or_default();
        println!("-> {} {}: {}", op.action, op.version, request);
        let result = (entry.call_json)(client.runtime(), request, &CallOptions::default())
            .await
            .map_err(report)?;
        println!("<- Result: {result}");
        if let Some(store) = entry.info.fake.store {
            println!(
                "   the server stored {} request(s) in `{store}`",
                server.stored(store).len()
            );
        }
        sent += 1;
    }
    if sent == 0 {
        eprintln!("error: no action in the spec stores requests");
        return Err(4);
    }
    Ok(())
}
