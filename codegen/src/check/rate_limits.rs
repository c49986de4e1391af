//! Shared rate limits: `service.yaml`'s `rate_limits`, each named once and drawn from by the
//! actions whose `limits.shared` names it.

use std::collections::BTreeMap;

use super::Checker;
use crate::spec::{ActionSpec, ServiceSpec};

impl Checker<'_> {
    /// Names well formed and unique, rates of at least 1, and every `limits.shared` naming a
    /// declared limit (with the closest name as a suggestion). A limit no action draws from is the
    /// lint rule `unused-rate-limit` (a spec being imported may not have its actions yet).
    pub(crate) fn check_rate_limits(
        &mut self,
        sfile: &str,
        service: &ServiceSpec,
        actions: &[(String, ActionSpec)],
    ) {
        let mut declared: BTreeMap<&str, usize> = BTreeMap::new();
        let mut statics: BTreeMap<String, usize> = BTreeMap::new();
        for (i, r) in service.rate_limits.iter().enumerate() {
            let ok = r.name.starts_with(|c: char| c.is_ascii_lowercase())
                && r.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
            if !ok {
                self.err(
                    sfile,
                    &format!("rate_limits[{i}].name"),
                    format!(
                        "`{}` is not a rate limit name: lowercase letters, digits, `-` and `_`, starting with a letter",
                        r.name
                    ),
                );
            }
            let static_name = crate::model::shared_limit_static(&r.name);
            if let Some(prev) = declared.insert(r.name.as_str(), i) {
                self.err(
                    sfile,
                    &format!("rate_limits[{i}].name"),
                    format!(
                        "duplicate rate limit `{}` (also rate_limits[{prev}])",
                        r.name
                    ),
                );
            } else if let Some(prev) = statics.insert(static_name.clone(), i) {
                self.err(
                    sfile,
                    &format!("rate_limits[{i}].name"),
                    format!("rate limit `{}` collides with rate_limits[{prev}] as the static `{static_name}`", r.name),
                );
            }
            if r.qps == 0 {
                self.err(
                    sfile,
                    &format!("rate_limits[{i}].qps"),
                    "qps must be at least 1",
                );
            }
        }
        for (file, a) in actions {
            let Some(name) = &a.limits.shared else {
                continue;
            };
            if declared.contains_key(name.as_str()) {
                continue;
            }
            let known: Vec<&str> = declared.keys().copied().collect();
            let hint = match closest(name, &known) {
                Some(c) => format!("; did you mean `{c}`?"),
                None if known.is_empty() => {
                    "; service.yaml declares none (add it to `rate_limits`)".to_string()
                }
                None => format!("; service.yaml declares: {}", known.join(", ")),
            };
            self.err(
                file,
                "limits.shared",
                format!("unknown shared rate limit `{name}`{hint}"),
            );
        }
    }
}

/// The declared name closest to `name`, when one is close enough to be a likely typo.
fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(name, k), *k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}
