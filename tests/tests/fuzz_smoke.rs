//! The CI smoke run of the fuzz targets in `fuzz/`: every committed seed (`fuzz/corpus/<target>/`)
//! and a few thousand deterministic mutations of them go through the very checks the libFuzzer
//! targets run (`integration_tests::fuzz_checks`). Long runs are cargo-fuzz's: see `fuzz/README.md`.
//!
//! A failing input is written to the system's temporary folder and named in the failure, ready for
//! `cargo fuzz run <target> <file>`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Component, Path, PathBuf};

use integration_tests::fuzz_checks;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// The committed seeds of a target, sorted by name.
fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = fuzz_dir().join("corpus").join(target);
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
    const BYTES: &[u8] = b"\0\x01\x7f\x80\xff\n\r\t %&=/:-[]{}\"'#*!|>?,.~0123456789";
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

/// Runs `check` on every seed and on up to `per_seed` mutations of each (fewer for seeds over 4 KiB,
/// to keep the run to seconds in a debug build); a failing input is saved.
fn smoke(target: &str, check: fn(&[u8]), tokens: &[&str], per_seed: usize, seed: u64) -> usize {
    let seeds = corpus(target);
    let mut rng = Rng(seed);
    let mut runs = 0;
    for (name, data) in &seeds {
        run_one(target, check, name, data);
        runs += 1;
        let mutations = (per_seed * 4096 / data.len().max(1)).clamp(2, per_seed);
        for i in 0..mutations {
            let input = mutate(&mut rng, data, &seeds, tokens);
            run_one(target, check, &format!("{name} mutation {i}"), &input);
            runs += 1;
        }
    }
    runs
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

#[test]
fn spec_loader_smoke() {
    let tokens = [
        "#@ service.yaml\n",
        "#@ types/im.yaml\n",
        "#@ actions/im/B.yaml\n",
        "type: ",
        "list<",
        "map<string,",
        "kind: enum\n",
        "base: ",
        "required: ",
        "- ",
        "{",
        "}",
        "[",
        "]",
        ": ",
        "\n  ",
        "&a ",
        "*a",
    ];
    let runs = smoke(
        "spec_loader",
        fuzz_checks::spec_loader,
        &tokens,
        30,
        0x5EED_0001,
    );
    assert!(runs > 1200, "{runs}");
}

#[test]
fn response_decoder_smoke() {
    let tokens = [
        "\"ResponseMetadata\"",
        "\"Result\"",
        "\"Error\"",
        "\"Code\"",
        "\"CodeN\"",
        "null",
        "{}",
        "[]",
        "\"\"",
        "-1",
        "1e400",
        "18446744073709551616",
        ",",
        ":",
    ];
    let runs = smoke(
        "response_decoder",
        fuzz_checks::response_decoder,
        &tokens,
        30,
        0x5EED_0002,
    );
    assert!(runs > 2000, "{runs}");
}

#[test]
fn signer_encoding_smoke() {
    let tokens = [
        "%", "%2", "%25", "%e4%b8", "=", "&", "/", "\n", "~", "+", "é", "😀", "..",
    ];
    let runs = smoke(
        "signer_encoding",
        fuzz_checks::signer_encoding,
        &tokens,
        80,
        0x5EED_0003,
    );
    assert!(runs > 2000, "{runs}");
}

/// Every action's example answer decodes through the client's answer path: built from the
/// registry, so the check grows with the spec (the seed corpus is only fuzz input: it picks actions
/// by index, and which action an index names changes as actions are added).
#[test]
fn example_answers_decode() {
    for entry in volcengine_rtc::actions() {
        let op = entry.operation;
        let body = format!(
            r#"{{"ResponseMetadata":{{"RequestId":"r1","Action":"{}","Version":"{}"}},"Result":{}}}"#,
            op.action, op.version, entry.info.example_result
        );
        if let Err(e) = (entry.decode_answer)(200, body.as_bytes()) {
            panic!("{} {}: {e}", op.action, op.version);
        }
    }
}

/// The in-memory loader the fuzz target drives is the disk loader: for every seed, the same files
/// written to a folder load to the same errors, or to the same spec.
#[test]
fn in_memory_loading_matches_disk() {
    let root = std::env::temp_dir().join(format!("volc-fuzz-smoke-{}", std::process::id()));
    let mut compared = 0;
    for (name, data) in corpus("spec_loader").into_iter().chain(std::iter::once((
        "api-spec".to_string(),
        real_spec_bundle(),
    ))) {
        let files = fuzz_checks::spec_bundle(&data);
        if files.iter().any(|(p, _)| {
            !Path::new(p)
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
        }) {
            continue;
        }
        let dir = root.join(&name).join("api-spec");
        let _ = std::fs::remove_dir_all(&dir);
        let written = files.iter().all(|(p, text)| {
            let path = dir.join(p);
            std::fs::create_dir_all(path.parent().expect("parent")).is_ok()
                && std::fs::write(&path, text).is_ok()
        });
        if !written {
            continue;
        }
        let borrowed: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let memory = codegen::load_spec_from_memory(&borrowed);
        let disk = codegen::load_spec(&dir);
        match (memory, disk) {
            (Ok(m), Ok(d)) => {
                assert_eq!((&m.hash, &m.files), (&d.hash, &d.files), "{name}");
            }
            (Err(m), Err(d)) => {
                let shown = |e: &codegen::SpecErrors| -> Vec<String> {
                    e.0.iter().map(ToString::to_string).collect()
                };
                assert_eq!(shown(&m), shown(&d), "{name}");
            }
            (m, d) => panic!(
                "{name}: in memory {:?}, on disk {:?}",
                m.map(|s| s.hash),
                d.map(|s| s.hash)
            ),
        }
        compared += 1;
    }
    let _ = std::fs::remove_dir_all(&root);
    assert!(compared >= 20, "{compared}");
}

/// The whole of `api-spec/` as one spec-loader input.
fn real_spec_bundle() -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../api-spec");
    let mut out = Vec::new();
    let files = integration_tests::scratch::files_below(&root, "yaml").expect("read api-spec");
    for path in files {
        let rel = path.strip_prefix(&root).expect("below api-spec");
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        out.extend_from_slice(format!("#@ {}\n", rel.join("/")).as_bytes());
        out.extend_from_slice(&std::fs::read(&path).expect("read"));
        if out.last() != Some(&b'\n') {
            out.push(b'\n');
        }
    }
    out
}
