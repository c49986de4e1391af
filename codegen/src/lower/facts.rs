//! An action's facts besides its types, rendered for the emitters: the wire facts of `Operation`
//! and what tools know of it (descriptions, limits, examples, the fake server's behaviour).

use crate::ir::{ActionFacts, MemberRule, Text};
use crate::spec::ActionSpec;

/// A text's two languages, trimmed, with page references as addresses (`crate::doc::link_pages`):
/// the plain text tools show (the registry's descriptions, the command line's help).
pub(super) fn trimmed(t: &Text) -> Text {
    let plain = |s: &str| crate::doc::link_pages(s.trim()).into_owned();
    Text {
        zh: plain(&t.zh),
        en: plain(&t.en),
    }
}

/// The facts of `spec`, an action of `family`.
pub(super) fn action_facts(spec: &ActionSpec, family: &str) -> ActionFacts {
    let mut limits_text = String::new();
    if let Some(q) = spec.limits.qps {
        limits_text.push_str(&format!("{q} requests per second. "));
    }
    if let Some(name) = &spec.limits.shared {
        limits_text.push_str(&format!("Shares the limit `{name}` with other actions. "));
    }
    if let Some(d) = &spec.limits.description {
        limits_text.push_str(&format!("{} / {}", d.zh.trim(), d.en.trim()));
    }
    let example_request = spec
        .examples
        .first()
        .map(|e| e.request.to_string())
        .unwrap_or_else(|| "{}".into());
    let example_result = spec
        .examples
        .iter()
        .find_map(|e| e.result.as_ref())
        .map(|r| r.to_string())
        .unwrap_or_else(|| if spec.result_optional { "null" } else { "{}" }.into());
    // The record behaviour, paging and callbacks, as data for fake servers.
    let fake_json = {
        let mut o = serde_json::Map::new();
        if let Some(r) = &spec.fake.records {
            o.insert(
                "records".into(),
                serde_json::to_value(r).unwrap_or_default(),
            );
        }
        if let Some(p) = &spec.paging {
            o.insert("paging".into(), serde_json::to_value(p).unwrap_or_default());
        }
        if !spec.fake.callbacks.is_empty() {
            o.insert(
                "callbacks".into(),
                serde_json::to_value(&spec.fake.callbacks).unwrap_or_default(),
            );
        }
        serde_json::Value::Object(o).to_string()
    };
    ActionFacts {
        action: spec.action.clone(),
        version: spec.version.clone(),
        method: spec.method,
        params_in: spec.params_in,
        qps: spec.limits.qps,
        shared_limit: spec.limits.shared.clone(),
        idempotency_key: spec.idempotency_key.clone(),
        read_only: spec.read_only,
        replay_safe: spec.replay_safe.is_some(),
        result_optional: spec.result_optional,
        result_type: spec.result_type.clone(),
        feature: spec.group.clone().unwrap_or_else(|| family.to_string()),
        paging: spec.paging.clone(),
        description: trimmed(&spec.description),
        limits_text: limits_text.trim().to_string(),
        example_request,
        example_result,
        fake_store: spec.fake.store.clone(),
        fake_new_ids: spec.fake.new_ids.clone(),
        fake_membership: spec.fake.membership.as_ref().map(|m| MemberRule {
            user: m.user.clone(),
            conversation: m.conversation.clone(),
            error: m.error.clone(),
        }),
        fake_json,
    }
}
