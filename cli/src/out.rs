//! Writing to stdout and stderr without ever panicking, and the exit statuses.
//!
//! `println!` panics when the reader of a pipe has gone (`volc-rtc list | head -1`); every line
//! the command prints goes through [`stdout`] instead, which turns a closed pipe into a quiet,
//! successful end of the program.

use std::io::{ErrorKind, Write};

/// Why the program stops early: the exit status to end with (its message is already printed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fail(pub u8);

impl Fail {
    /// Stop now with success, printing nothing more (the reader of stdout went away).
    pub const QUIET: Fail = Fail(0);
    /// Usage or validation error: nothing was sent.
    pub const USAGE: Fail = Fail(2);
    /// The API answered an error.
    pub const API: Fail = Fail(3);
    /// Transport failure, an answer that is not the documented envelope or too large, or stdout
    /// could not be written.
    pub const TRANSPORT: Fail = Fail(4);
    /// Configuration error (credentials, profile, endpoint, region, listening address).
    pub const CONFIG: Fail = Fail(5);
}

/// The exit statuses, as `--help` and the README document them.
pub const EXIT_STATUS: &str = "Exit status:
  0  success (also when the reader of stdout closed the pipe early)
  2  usage or validation error: bad flag, unknown field, broken constraint; nothing was sent
  3  the API answered an error (code, message and request id on stderr)
  4  transport failure, an answer that is not the documented envelope or is over the size limit
     (--max-answer-bytes), or stdout could not be written (after a call, its result and
     idempotency token then go to stderr)
  5  configuration error: credentials, profile, endpoint, region, listening address";

/// Writes `text` to stdout and flushes it.
pub fn write_stdout(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes()).and_then(|()| out.flush())
}

/// Writes `text` to stdout. A closed pipe ends the program quietly ([`Fail::QUIET`]).
pub fn stdout(text: &str) -> Result<(), Fail> {
    match write_stdout(text) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Err(Fail::QUIET),
        Err(e) => {
            stderr(&format!("error: writing to stdout: {e}"));
            Err(Fail::TRANSPORT)
        }
    }
}

/// Writes one line to stdout (see [`stdout`]).
pub fn line(text: &str) -> Result<(), Fail> {
    let mut s = String::with_capacity(text.len() + 1);
    s.push_str(text);
    s.push('\n');
    stdout(&s)
}

/// Writes one line to stderr, ignoring failures (there is nowhere left to report them).
pub fn stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(text.as_bytes());
    let _ = err.write_all(b"\n");
}

/// Prints a usage error and answers [`Fail::USAGE`].
pub fn usage(msg: &str) -> Fail {
    stderr(&format!("error: {msg}"));
    Fail::USAGE
}

/// Prints a configuration error and answers [`Fail::CONFIG`].
pub fn config(msg: &str) -> Fail {
    stderr(&format!("error: {msg}"));
    Fail::CONFIG
}
