//! Shared rate limits (`rate_limits` in `service.yaml`, `limits.shared` in an action), from the
//! spec: the generated operations of exactly the actions naming a limit point at its one static,
//! with the spec's rate, and the generated docs state each limit's text once. (That a shared limit
//! is one bucket for all its actions is the runtime limiter's unit test.)

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `.rs` file's text under `dir`.
fn sources(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}")));
        }
    }
}

#[test]
fn the_actions_naming_a_shared_limit_draw_from_its_one_static() {
    let spec = codegen::load_spec(&root().join("api-spec")).unwrap_or_else(|e| panic!("{e}"));
    let mut generated = Vec::new();
    sources(&root().join("generated/src"), &mut generated);
    for limit in &spec.service.rate_limits {
        let named: BTreeSet<String> = spec
            .families
            .iter()
            .flat_map(|f| &f.actions)
            .filter(|a| a.spec.limits.shared.as_deref() == Some(limit.name.as_str()))
            .map(|a| format!("{} {}", a.spec.action, a.spec.version))
            .collect();
        let drawing: Vec<_> = volcengine_rtc::actions()
            .iter()
            .filter_map(|e| {
                let s = e.operation.shared_limit?;
                (s.name == limit.name).then_some((e.operation, s))
            })
            .collect();
        let drawn: BTreeSet<String> = drawing
            .iter()
            .map(|(op, _)| format!("{} {}", op.action, op.version))
            .collect();
        assert_eq!(named, drawn, "the actions drawing from `{}`", limit.name);
        let statics: BTreeSet<*const volcengine_openapi::SharedRateLimit> =
            drawing.iter().map(|(_, s)| *s as *const _).collect();
        assert_eq!(statics.len(), 1, "one static for `{}`", limit.name);
        assert!(drawing.iter().all(|(_, s)| s.qps == limit.qps));
        // The limit's text is stated once in the generated crate (on its static); the actions
        // link to it.
        for text in [&limit.description.zh, &limit.description.en] {
            let times: usize = generated
                .iter()
                .map(|s| s.matches(text.trim()).count())
                .sum();
            assert_eq!(times, 1, "`{text}` in the generated sources");
        }
        let id = codegen::shared_limit_static(&limit.name);
        let links = generated
            .iter()
            .filter(|s| s.contains(&format!("(crate::service::{id})")))
            .count();
        assert_eq!(links, named.len(), "each action's docs link to `{id}`");
    }
}
