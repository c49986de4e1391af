//! The smoke run of the `token_parse`, `callback_envelope`, `callback_event` and
//! `voice_chat_message` fuzz targets (`fuzz/`): every
//! committed seed (`fuzz/corpus/<target>/`) and a few thousand deterministic mutations of them go
//! through the checks the libFuzzer targets run (`fuzz_checks`, shared by path). Valid seeds
//! (`ok_*`, `vc_ok_*`) must be accepted. Long runs are cargo-fuzz's: see `fuzz/README.md`.
//!
//! A failing input is written to the system's temporary folder and named in the failure, ready for
//! `cargo fuzz run <target> <file>`.

mod fuzz_checks;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use volcengine_rtc_auth::voice_chat::{
    decode_server_message, ServerMessage, ServerMessageSignature,
};
use volcengine_rtc_auth::{AccessToken, Envelope};

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.expect("corpus entry").path();
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(&path).expect("read seed"))
        })
        .collect();
    out.sort();
    assert!(out.len() >= 20, "{target}: only {} seeds", out.len());
    out
}

/// xorshift64*: deterministic, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// One to four of libFuzzer's kinds of mutation: bit flip, interesting byte, insertion, deletion,
/// duplication, splice from another seed, truncation, insertion of a token of the target's format.
fn mutate(rng: &mut Rng, input: &[u8], seeds: &[(String, Vec<u8>)], tokens: &[&str]) -> Vec<u8> {
    const BYTES: &[u8] = b"\0\x01\x7f\x80\xff\n\r\t \"\\{}[]:,=+/0123456789Aa";
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let len = v.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                v[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                v[i] = BYTES[rng.below(BYTES.len())];
            }
            2 => {
                let i = rng.below(len + 1);
                v.insert(i, BYTES[rng.below(BYTES.len())]);
            }
            3 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(16));
                v.drain(i..i + n);
            }
            4 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(64));
                let chunk = v[i..i + n].to_vec();
                let at = rng.below(len + 1);
                v.splice(at..at, chunk);
            }
            5 => {
                let other = &seeds[rng.below(seeds.len())].1;
                if !other.is_empty() {
                    let i = rng.below(other.len());
                    let n = 1 + rng.below((other.len() - i).min(256));
                    let at = rng.below(len + 1);
                    v.splice(at..at, other[i..i + n].iter().copied());
                }
            }
            6 => v.truncate(rng.below(len + 1)),
            _ => {
                let token = tokens[rng.below(tokens.len())];
                let at = rng.below(len + 1);
                v.splice(at..at, token.bytes());
            }
        }
    }
    v
}

fn run_one(target: &str, check: fn(&[u8]), what: &str, data: &[u8]) {
    if catch_unwind(AssertUnwindSafe(|| check(data))).is_err() {
        let file =
            std::env::temp_dir().join(format!("fuzz-smoke-{target}-{}.bin", std::process::id()));
        let _ = std::fs::write(&file, data);
        panic!(
            "{target}: {what} failed (input saved as {}; replay with `cargo fuzz run {target} <file>`)\ninput: {:?}",
            file.display(),
            String::from_utf8_lossy(data)
        );
    }
}

fn smoke(target: &str, check: fn(&[u8]), tokens: &[&str], per_seed: usize, seed: u64) -> usize {
    let seeds = corpus(target);
    let mut rng = Rng(seed);
    let mut runs = 0;
    for (name, data) in &seeds {
        run_one(target, check, name, data);
        runs += 1;
        for i in 0..per_seed {
            let input = mutate(&mut rng, data, &seeds, tokens);
            run_one(target, check, &format!("{name} mutation {i}"), &input);
            runs += 1;
        }
    }
    runs
}

#[test]
fn token_parse_smoke() {
    let tokens = [
        "001", "=", "==", "A", "/", "+", "AAAA", "//8=", "IAA", "ABAA",
    ];
    let runs = smoke(
        "token_parse",
        fuzz_checks::token_parse,
        &tokens,
        400,
        0x5EED_A001,
    );
    assert!(runs > 10_000, "{runs}");
}

#[test]
fn callback_envelope_smoke() {
    let tokens = [
        "\"EventType\"",
        "\"EventData\"",
        "\"Signature\"",
        "\"message\"",
        "\"signature\"",
        "subv",
        "\\u0000",
        "\\\"",
        "null",
        "{}",
        "[]",
        "1e400",
        ",",
        ":",
    ];
    let runs = smoke(
        "callback_envelope",
        fuzz_checks::callback_envelope,
        &tokens,
        200,
        0x5EED_A002,
    );
    assert!(runs > 6000, "{runs}");
}

#[test]
fn callback_event_smoke() {
    let tokens = [
        "\"RoomId\"",
        "\"TaskId\"",
        "\"Code\"",
        "\"Reason\"",
        "\"RunStage\"",
        "\"ErrorInfo\"",
        "null",
        "{}",
        "[]",
        "1e400",
        "-1",
        "9223372036854775808",
        "\"x\"",
        ",",
        ":",
    ];
    let runs = smoke(
        "callback_event",
        fuzz_checks::callback_event,
        &tokens,
        150,
        0x5EED_A003,
    );
    assert!(runs > 3000, "{runs}");
}

#[test]
fn voice_chat_message_smoke() {
    let tokens = [
        "subv",
        "subt",
        "conv",
        "tool",
        "\"data\"",
        "\"text\"",
        "\"userId\"",
        "\"Stage\"",
        "\"Code\"",
        "\"tool_calls\"",
        "\"function\"",
        "\0\0\0\x02",
        "\x7f\x7f\x7f\x7f",
        "null",
        "{}",
        "[]",
        "1e400",
        ",",
        ":",
    ];
    let runs = smoke(
        "voice_chat_message",
        fuzz_checks::voice_chat_message,
        &tokens,
        150,
        0x5EED_A004,
    );
    assert!(runs > 4000, "{runs}");
}

/// The `voice_chat_message` seeds are what their names say: `ok_*` typed, `unknown_*` kept as
/// bytes, `bad_*` refused.
#[test]
fn voice_chat_seeds_decode_as_named() {
    let (mut ok, mut unknown, mut bad) = (0, 0, 0);
    for (name, data) in corpus("voice_chat_message") {
        let got = ServerMessage::from_frame(&data);
        if name.starts_with("ok_") {
            let m = got.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!matches!(m, ServerMessage::Unknown { .. }), "{name}");
            ok += 1;
        } else if name.starts_with("unknown_") {
            assert!(
                matches!(got, Ok(ServerMessage::Unknown { .. })),
                "{name}: {got:?}"
            );
            unknown += 1;
        } else {
            assert!(got.is_err(), "{name}: {got:?}");
            bad += 1;
        }
    }
    assert!(
        ok >= 10 && unknown >= 3 && bad >= 10,
        "{ok} {unknown} {bad}"
    );
}

#[test]
fn valid_seeds_are_accepted() {
    let mut tokens = 0;
    for (name, data) in corpus("token_parse") {
        if name.starts_with("ok_") {
            let text = String::from_utf8(data).expect("UTF-8 seed");
            AccessToken::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            tokens += 1;
        }
    }
    assert!(tokens >= 9, "{tokens}");
    let sig = ServerMessageSignature::new("static-signature-Ω");
    let (mut envelopes, mut messages) = (0, 0);
    for (name, data) in corpus("callback_envelope") {
        if name.starts_with("ok_") {
            Envelope::parse(&data).unwrap_or_else(|e| panic!("{name}: {e}"));
            envelopes += 1;
        } else if name.starts_with("vc_ok_") {
            decode_server_message(&data, &sig).unwrap_or_else(|e| panic!("{name}: {e}"));
            messages += 1;
        } else if name.starts_with("bad_") || name.starts_with("vc_bad_") {
            assert!(
                Envelope::parse(&data).is_err() || decode_server_message(&data, &sig).is_err(),
                "{name}"
            );
        }
    }
    assert!(envelopes >= 8 && messages >= 4, "{envelopes} {messages}");
}
