//! The service's facts, lowered: regions, editions, error codes and families with their docs
//! rendered, the features each family's module is compiled under, and the spec's provenance.

use heck::ToShoutySnakeCase;

use super::docs::text;
use crate::doc;
use crate::ir::{
    EditionItem, ErrorCodeItem, FamilyInfo, GroupItem, Provenance, RegionItem, ServiceItem,
};
use crate::model::Spec;
use crate::spec::{Region, ServiceSpec};

/// `spec`'s service facts.
pub(super) fn service(spec: &Spec) -> ServiceItem {
    let s = &spec.service;
    let families = s
        .families
        .iter()
        .map(|f| {
            let groups: Vec<GroupItem> = s
                .groups
                .iter()
                .filter(|g| g.family == f.name)
                .map(|g| GroupItem {
                    name: g.name.clone(),
                    description: g.description.clone(),
                })
                .collect();
            let mut features = vec![f.name.clone()];
            features.extend(groups.iter().map(|g| g.name.clone()));
            FamilyInfo {
                name: f.name.clone(),
                invalid_request_code: f.invalid_request_code.clone(),
                signing_regions: f.signing_regions.clone(),
                doc: format!(
                    "The `{}` family: {}",
                    f.name,
                    doc::render_inline(&f.description.en)
                ),
                description: f.description.clone(),
                features,
                groups,
            }
        })
        .collect();
    ServiceItem {
        name: s.service.clone(),
        package: s
            .package
            .clone()
            .unwrap_or_else(|| format!("volcengine-{}", s.service)),
        doc: text(&s.description),
        description: s.description.clone(),
        default_region: s.default_region.clone(),
        regions: s.regions.iter().map(region).collect(),
        editions: s
            .editions
            .iter()
            .map(|e| EditionItem {
                name: e.name.clone(),
                service: e.service.clone(),
                default_region: e.default_region.clone(),
                regions: e.regions.iter().map(region).collect(),
                families: e.families.clone(),
                description: e.description.clone(),
            })
            .collect(),
        editions_doc: editions_doc(s),
        rate_limits: s
            .rate_limits
            .iter()
            .map(|r| crate::ir::RateLimitItem {
                name: r.name.clone(),
                static_name: crate::model::shared_limit_static(&r.name),
                qps: r.qps,
                doc: format!(
                    "Shared rate limit {}: {} requests per second for all the actions that draw from it \
                     together (their docs link here), enforced client-side by default.\n\n{}",
                    doc::code(&r.name),
                    r.qps,
                    text(&r.description)
                ),
            })
            .collect(),
        errors: s
            .errors
            .iter()
            .map(|e| ErrorCodeItem {
                code: e.code.clone(),
                constant: e.code.replace('.', "_").to_shouty_snake_case(),
                code_n: e.code_n,
                http_status: e.http_status,
                retryable: e.retryable,
                throttling: e.throttling,
                clock_skew: e.clock_skew,
                description: e.description.clone(),
                doc: format!(
                    "{}{}: {}",
                    doc::code(&e.code),
                    e.code_n.map_or(String::new(), |n| format!(" (CodeN {n})")),
                    text(&e.description),
                ),
            })
            .collect(),
        families,
        family_rows: family_rows(s),
    }
}

/// `spec`'s files and hashes.
pub(super) fn provenance(spec: &Spec) -> Provenance {
    Provenance {
        files: spec.files.clone(),
        hash: spec.hash.clone(),
        file_hashes: spec.file_hashes.clone(),
        service_file: spec
            .files
            .iter()
            .find(|f| f.ends_with("service.yaml"))
            .cloned()
            .unwrap_or_default(),
    }
}

fn region(r: &Region) -> RegionItem {
    RegionItem {
        name: r.name.clone(),
        aliases: r.aliases.clone(),
        host: r.host.clone(),
        description: r.description.clone(),
    }
}

/// The documentation of `EDITIONS`: each edition, and where its pages document actions
/// differently.
fn editions_doc(s: &ServiceSpec) -> String {
    let mut out = String::from(
        "Other editions of the API, selected with `ClientBuilder::edition(name)`, `VOLC_EDITION` or a profile's `edition`.",
    );
    for e in &s.editions {
        let hosts: Vec<String> = e
            .regions
            .iter()
            .map(|r| format!("`{}` ({})", r.host, r.name))
            .collect();
        out.push_str(&format!(
            "\n\n`{}`: {} Hosts {}; signed as service `{}`; serves {}.",
            e.name,
            doc::render_inline(&e.description.en),
            hosts.join(", "),
            e.service,
            e.families
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", "),
        ));
        if !e.differences.is_empty() {
            out.push_str(" Its pages document these actions differently:\n");
            for d in &e.differences {
                let mut what = Vec::new();
                if let Some(sp) = &d.spelled {
                    what.push(format!("spelled `{sp}`"));
                }
                if let (Some(f), Some(sp)) = (&d.field, &d.field_spelled) {
                    what.push(format!("field `{f}` spelled `{sp}`"));
                }
                if !d.versions.is_empty() {
                    what.push(format!("documented at version {}", d.versions.join(", ")));
                }
                out.push_str(&format!("\n- `{}`: {}", d.action, what.join("; ")));
            }
        }
    }
    out
}

/// The crate docs' rows of the family and group features.
fn family_rows(s: &ServiceSpec) -> String {
    let mut rows = String::new();
    for f in &s.families {
        rows.push_str(&format!(
            "| `{}` | {} (on by default) | its actions' share of the crate |\n",
            f.name,
            f.description.en.trim()
        ));
        for g in s.groups.iter().filter(|g| g.family == f.name) {
            rows.push_str(&format!(
                "| `{}` | {} (part of `{}`) | its actions' share |\n",
                g.name,
                g.description.en.trim(),
                f.name
            ));
        }
    }
    rows
}
