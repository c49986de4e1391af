//! A property test over the command line's numeric flags: whatever text is given to `--timeout`,
//! `--max-answer-bytes` or any action's integer or number field flag, the program never panics:
//! it exits 0 (a dry run of a valid value) or 2 with an error, and sends nothing.

mod common;

use common::*;
use heck::ToKebabCase;
use proptest::prelude::*;
use volcengine_openapi::registry::ValueKind;
use volcengine_rtc::actions;

/// Each numeric flag: the action's command and the flag.
fn numeric_flags() -> Vec<(&'static str, String)> {
    let mut flags = Vec::new();
    for entry in actions() {
        let cmd = entry.info.command;
        flags.push((cmd, "--timeout".to_string()));
        flags.push((cmd, "--max-answer-bytes".to_string()));
        for f in entry.info.fields {
            let kind = if f.kind == ValueKind::List {
                f.item_kind
            } else {
                Some(f.kind)
            };
            if matches!(kind, Some(ValueKind::Integer | ValueKind::Number)) {
                flags.push((cmd, format!("--{}", f.name.to_kebab_case())));
            }
        }
    }
    flags
}

/// Text of numbers of every kind: huge, tiny, negative, non-finite, malformed.
fn numeric_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<f64>().prop_map(|f| f.to_string()),
        any::<f64>().prop_map(|f| format!("{f:e}")),
        any::<i64>().prop_map(|i| i.to_string()),
        any::<u64>().prop_map(|u| format!("{u}{u}")),
        (0u32..400).prop_map(|e| format!("1e{e}")),
        (0u32..400).prop_map(|e| format!("-1e-{e}")),
        prop::sample::select(vec![
            "inf", "-inf", "NaN", "", " ", "0", "-0", "0x10", "1_000", "١", "1e", "--1", "+5",
        ])
        .prop_map(str::to_string),
        "[ -~]{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn no_numeric_flag_value_makes_the_program_panic(
        pick in any::<prop::sample::Index>(),
        value in numeric_text(),
    ) {
        let flags = numeric_flags();
        let (cmd, flag) = &flags[pick.index(flags.len())];
        let example = volcengine_rtc::actions()
            .iter()
            .find(|e| e.info.command == *cmd)
            .map_or("{}", |e| e.info.example_request);
        let arg = format!("{flag}={value}");
        // The example request, valid, with the flag's value over it: a valid value is a dry run.
        let out = volc_rtc(&[cmd, "--dry-run", "--endpoint", "http://127.0.0.1:9", "--json", example, &arg]);
        let stderr = text(&out.stderr);
        prop_assert!(!stderr.contains("panicked"), "{cmd} {arg}: {stderr}");
        let code = out.status.code();
        prop_assert!(code == Some(0) || code == Some(2), "{cmd} {arg}: {code:?} {stderr}");
        if code == Some(2) {
            prop_assert!(stderr.contains("error"), "{cmd} {arg}: {stderr}");
        }
    }
}
