//! `volc-rtc`: every action of the spec as a subcommand, and the local fake server.
//!
//! ```text
//! volc-rtc <action> [--json TEXT|@FILE|-] [--<field> VALUE ...] [--dry-run] [--output json|yaml] ...
//! volc-rtc <action> --help | --skeleton
//! volc-rtc list [--family F]
//! volc-rtc fake-server [--addr HOST:PORT] [--require-membership] [--faults FILE]
//! volc-rtc demo
//! volc-rtc completions bash|zsh|fish
//! ```
//!
//! The command tree is built with clap at run time: the built-in commands are the [`Builtin`]
//! enum (one variant each, whose arguments implement [`Run`]); each action of the generated
//! registry adds a subcommand built from its data ([`action::command`]), so a new action in the
//! spec is a new subcommand with no code added here. Exit statuses: [`out::EXIT_STATUS`].

mod action;
mod auth_cmd;
mod call;
mod fake_cmd;
mod input;
mod out;
mod profile;
mod report;

use std::process::ExitCode;

use clap::{Command, FromArgMatches, Subcommand};
use volcengine_rtc::actions;

use out::Fail;

/// A built-in subcommand's arguments: what it does.
trait Run {
    async fn run(self) -> Result<(), Fail>;
}

/// Declares the built-in subcommands and their dispatch. Adding one is one line here (with its
/// doc comment as its help) and an `impl Run` for its arguments.
macro_rules! builtins {
    ($( $(#[$meta:meta])* $variant:ident($args:ty), )*) => {
        #[derive(Debug, Subcommand)]
        enum Builtin {
            $( $(#[$meta])* $variant($args), )*
        }

        impl Builtin {
            async fn run(self) -> Result<(), Fail> {
                match self {
                    $( Builtin::$variant(args) => args.run().await, )*
                }
            }
        }
    };
}

builtins! {
    /// List the actions: command, action, version and a one-line description
    List(ListArgs),
    /// Start the local fake server (test credentials, spec-validated, stateful) until Ctrl-C
    FakeServer(fake_cmd::FakeServerArgs),
    /// Start a fake server, send it the spec's example of each action that stores requests, and
    /// print what came back
    Demo(fake_cmd::DemoArgs),
    /// Print a shell completion script (e.g. `volc-rtc completions bash > /etc/bash_completion.d/volc-rtc`)
    Completions(CompletionsArgs),
    /// Room tokens (AccessToken 001): create, inspect, verify. The AppKey comes from VOLC_RTC_APP_KEY
    Token(auth_cmd::TokenArgs),
    /// Server callbacks (RTC and IM): verify a body read on stdin. The secret comes from
    /// VOLC_RTC_CALLBACK_SECRET
    Callback(auth_cmd::CallbackArgs),
}

impl Run for auth_cmd::TokenArgs {
    async fn run(self) -> Result<(), Fail> {
        match self.exit_status() {
            0 => Ok(()),
            code => Err(Fail(u8::try_from(code).unwrap_or(1))),
        }
    }
}

impl Run for auth_cmd::CallbackArgs {
    async fn run(self) -> Result<(), Fail> {
        match self.exit_status() {
            0 => Ok(()),
            code => Err(Fail(u8::try_from(code).unwrap_or(1))),
        }
    }
}

#[derive(Debug, clap::Args)]
struct ListArgs {
    /// Only the actions of this family (e.g. im, rtc)
    #[arg(long, value_name = "F")]
    family: Option<String>,
}

impl Run for ListArgs {
    async fn run(self) -> Result<(), Fail> {
        let known: Vec<&str> = {
            let mut f: Vec<&str> = actions().iter().map(|e| e.operation.family.name).collect();
            f.dedup();
            f
        };
        if let Some(family) = &self.family {
            if !known.contains(&family.as_str()) {
                return Err(out::usage(&format!(
                    "unknown family `{family}` (families: {})",
                    known.join(", ")
                )));
            }
        }
        for e in actions() {
            if self
                .family
                .as_deref()
                .is_some_and(|f| f != e.operation.family.name)
            {
                continue;
            }
            out::line(&format!(
                "{:<40} {:<36} {}  {}",
                e.info.command,
                e.operation.action,
                e.operation.version,
                action::summary(e.info.description_en)
            ))?;
        }
        Ok(())
    }
}

#[derive(Debug, clap::Args)]
struct CompletionsArgs {
    /// The shell
    shell: clap_complete::Shell,
}

impl Run for CompletionsArgs {
    async fn run(self) -> Result<(), Fail> {
        let mut buf = Vec::new();
        clap_complete::generate(self.shell, &mut cli(), "volc-rtc", &mut buf);
        out::stdout(&String::from_utf8_lossy(&buf))
    }
}

const ABOUT: &str = "Every action of the Volcengine RTC / IM server OpenAPI, from the spec.";

fn long_about() -> String {
    format!(
        "{ABOUT}\n\n\
         volc-rtc <action> --help shows an action's description, limits, version and fields; \
         volc-rtc list lists the actions. Credentials come from VOLC_ACCESSKEY / VOLC_SECRETKEY \
         (and VOLC_SESSION_TOKEN), or from --profile NAME ($HOME/.volc/config)."
    )
}

/// The whole command tree: the built-in commands, then one subcommand per action.
fn cli() -> Command {
    let mut cmd = Command::new("volc-rtc")
        .version(env!("CARGO_PKG_VERSION"))
        .long_version(format!(
            "{} ({} actions of service `{}`)",
            env!("CARGO_PKG_VERSION"),
            actions().len(),
            volcengine_rtc::service::SERVICE.name
        ))
        .about(ABOUT)
        .long_about(long_about())
        .after_help(out::EXIT_STATUS)
        .subcommand_required(true)
        .arg_required_else_help(true);
    cmd = Builtin::augment_subcommands(cmd);
    for entry in actions() {
        // A built-in command wins over an action of the same name (none today).
        if Builtin::has_subcommand(entry.info.command) {
            continue;
        }
        cmd = cmd.subcommand(action::command(entry));
    }
    cmd
}

async fn run() -> Result<(), Fail> {
    let matches = match cli().try_get_matches() {
        Ok(m) => m,
        Err(e) => {
            // Help and version go to stdout with status 0; usage errors to stderr with 2. A closed
            // pipe while printing is ignored.
            let _ = e.print();
            return Err(if e.use_stderr() {
                Fail::USAGE
            } else {
                Fail::QUIET
            });
        }
    };
    let Some((name, sub)) = matches.subcommand() else {
        return Err(out::usage("no command (see volc-rtc --help)"));
    };
    if Builtin::has_subcommand(name) {
        let builtin = Builtin::from_arg_matches(&matches).map_err(|e| {
            let _ = e.print();
            Fail::USAGE
        })?;
        return builtin.run().await;
    }
    match actions().iter().find(|e| e.info.command == name) {
        Some(entry) => call::run(entry, sub).await,
        None => Err(out::usage(&format!(
            "unknown command `{name}` (see volc-rtc list)"
        ))),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(Fail(code)) => ExitCode::from(code),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_tree_is_consistent() {
        super::cli().debug_assert();
    }
}
