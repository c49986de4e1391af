//! The `volc-rtc` binary itself: its command tree and help come from the registry, a closed pipe
//! ends it quietly, and its built-in commands (fake server, completions, demo) work.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

use common::*;
use serde_json::Value;
use volcengine_fake::test_credentials;
use volcengine_rtc::actions;

#[test]
fn list_names_every_action_of_the_registry_with_a_description() {
    let out = volc_rtc(&["list"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let listed: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let expected: Vec<&str> = actions().iter().map(|e| e.info.command).collect();
    assert_eq!(listed, expected);
    let send = stdout
        .lines()
        .find(|l| l.starts_with("send-message "))
        .expect("send-message listed");
    assert!(
        send.contains("SendMessage") && send.contains("Sends a message"),
        "{send}"
    );

    let out = volc_rtc(&["list", "--family", "rtc"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let families: Vec<&str> = text(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(|c| {
            let e = actions()
                .iter()
                .find(|e| e.info.command == c)
                .expect("an action");
            e.operation.family.name
        })
        .collect();
    assert!(!families.is_empty());
    assert!(families.iter().all(|f| *f == "rtc"), "{families:?}");
    assert_eq!(
        volc_rtc(&["list", "--family", "nope"]).status.code(),
        Some(2)
    );
}

#[test]
fn help_of_every_action_shows_its_name_version_descriptions_and_fields() {
    for e in actions() {
        for args in [vec![e.info.command, "--help"], vec!["help", e.info.command]] {
            let out = volc_rtc(&args);
            let help = text(&out.stdout);
            assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
            for needle in [
                e.info.command,
                e.operation.action,
                e.operation.version,
                e.info.description_en.trim(),
                e.info.description_zh.trim(),
            ] {
                // The help wraps long lines: compare without line breaks and indentation.
                let flat = |s: &str| s.split_whitespace().collect::<String>();
                assert!(
                    flat(&help).contains(&flat(needle)),
                    "{args:?}: `{needle}` missing from\n{help}"
                );
            }
            for f in e.info.fields {
                assert!(help.contains(f.name), "{args:?}: field {} missing", f.name);
                assert!(help.contains(f.ty), "{args:?}: type {} missing", f.ty);
                if !f.example.is_empty() {
                    assert!(help.contains(f.example), "{args:?}: example of {}", f.name);
                }
            }
            if !e.info.limits.is_empty() {
                assert!(help.contains("Limits:"), "{args:?}: limits missing");
            }
            assert!(help.contains("required"), "{args:?}");
            assert!(help.contains("Exit status"), "{args:?}");
        }
    }
    // The general help names the exit statuses too.
    let out = volc_rtc(&["--help"]);
    assert!(out.status.success());
    for code in [
        "0  success",
        "2  usage",
        "3  the API",
        "4  transport",
        "5  configuration",
    ] {
        assert!(text(&out.stdout).contains(code), "{code}");
    }
}

#[test]
fn the_skeleton_of_every_action_is_a_request_to_fill_in() {
    for e in actions() {
        let out = volc_rtc(&[e.info.command, "--skeleton"]);
        assert!(
            out.status.success(),
            "{}: {}",
            e.info.command,
            text(&out.stderr)
        );
        let skeleton: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let keys: Vec<&String> = skeleton.as_object().expect("object").keys().collect();
        assert_eq!(keys.len(), e.info.fields.len(), "{}", e.info.command);
        for f in e.info.fields {
            assert!(
                skeleton.get(f.name).is_some(),
                "{}: {}",
                e.info.command,
                f.name
            );
        }
        // Required fields come first.
        let stdout = text(&out.stdout);
        let position = |name: &str| stdout.find(&format!("\"{name}\":")).expect("key");
        if let (Some(last_required), Some(first_optional)) = (
            e.info
                .fields
                .iter()
                .filter(|f| f.required)
                .map(|f| position(f.name))
                .max(),
            e.info
                .fields
                .iter()
                .filter(|f| !f.required)
                .map(|f| position(f.name))
                .min(),
        ) {
            assert!(last_required < first_optional, "{}", e.info.command);
        }
        // As filled in from the spec's examples, it is a valid request.
        assert!(
            (e.check_request)(&skeleton).is_ok(),
            "{}: {:?}",
            e.info.command,
            (e.check_request)(&skeleton)
        );
    }
    let out = volc_rtc(&["send-message", "--skeleton", "--output", "yaml"]);
    assert!(out.status.success());
    let yaml: serde_yaml::Value = serde_yaml::from_slice(&out.stdout).expect("YAML");
    assert!(yaml.get("AppId").is_some());
    assert!(text(&out.stdout).contains("# i32 required"));
}

#[test]
fn a_closed_pipe_ends_the_program_quietly() {
    for args in [
        vec!["list"],
        vec!["completions", "zsh"],
        vec!["send-message", "--help"],
    ] {
        let mut child: Child = bin()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawns");
        let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        reader.read_line(&mut line).expect("one line");
        assert!(!line.is_empty());
        drop(reader);
        let out = child.wait_with_output().expect("exits");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(out.stderr.is_empty(), "{args:?}: {}", text(&out.stderr));
    }
}

#[test]
fn the_fake_server_subcommand_listens_where_asked_with_faults() {
    let dir = temp_dir("faults");
    let faults = dir.join("faults.json");
    std::fs::write(
        &faults,
        r#"[{"status":403,"code":"AccessDenied"},{"delay_ms":10}]"#,
    )
    .expect("written");
    let mut child = bin()
        .args(["fake-server", "--addr", "localhost:0", "--faults"])
        .arg(&faults)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
    let mut lines = Vec::new();
    for _ in 0..4 {
        let mut line = String::new();
        reader.read_line(&mut line).expect("a line");
        lines.push(line.trim().to_string());
    }
    let url = lines[0].rsplit(' ').next().expect("URL").to_string();
    assert!(
        url.starts_with("http://") && !url.ends_with(":0"),
        "{lines:?}"
    );
    let c = test_credentials();
    assert!(
        lines.contains(&format!("export VOLC_ACCESSKEY={}", c.access_key())),
        "{lines:?}"
    );
    assert!(lines.contains(&format!(
        "export VOLC_SECRETKEY={}",
        c.secret_key().expose()
    )));

    let first = volc_rtc(&["send-message", "--endpoint", &url, "--json", MESSAGE]);
    let second = volc_rtc(&["send-message", "--endpoint", &url, "--json", MESSAGE]);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(first.status.code(), Some(3), "{}", text(&first.stderr));
    assert!(text(&first.stderr).contains("code: AccessDenied"));
    assert!(second.status.success(), "{}", text(&second.stderr));

    std::fs::write(&faults, r#"[{"bogus":1}]"#).expect("written");
    let out = bin()
        .args(["fake-server", "--addr", "127.0.0.1:0", "--faults"])
        .arg(&faults)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("unknown key `bogus`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn completions_and_version() {
    let out = volc_rtc(&["completions", "bash"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let script = text(&out.stdout);
    assert!(script.contains("complete -F"), "a bash completion script");
    assert!(script.contains("send-message") && script.contains("--app-id"));
    for shell in ["zsh", "fish"] {
        let out = volc_rtc(&["completions", shell]);
        assert!(out.status.success() && !out.stdout.is_empty(), "{shell}");
    }

    let out = volc_rtc(&["--version"]);
    assert!(out.status.success());
    let version = text(&out.stdout);
    assert!(
        version.starts_with(&format!("volc-rtc {} (", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );
    assert!(
        version.contains(&format!("{} actions", actions().len())),
        "{version}"
    );
    let out = volc_rtc(&["-V"]);
    assert_eq!(
        text(&out.stdout).trim(),
        format!("volc-rtc {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn demo_still_sends_to_its_own_fake_server() {
    let out = volc_rtc(&["demo"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("<- Result: "));
}
