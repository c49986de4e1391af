//! `cargo xtask spec-drift`: the model compared with the spec's action files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::files::{family_types, parse_go, parse_lenient, read};
use crate::go_model::ApiInfo;
use crate::{convert, drift};
use codegen::spec::{ActionSpec, ServiceSpec};

/// What `cargo xtask spec-drift` was asked.
#[derive(Debug, Clone)]
pub struct DriftOptions {
    /// `model.go`.
    pub model: PathBuf,
    /// `config.go`.
    pub config: PathBuf,
    /// The family (`rtc`).
    pub family: String,
    /// The spec root (`api-spec`).
    pub spec: PathBuf,
    /// Only these actions (all when empty).
    pub actions: Vec<String>,
}

/// Compares a model with the spec directory. Errors are about input that cannot be read.
pub fn spec_drift(opts: &DriftOptions) -> Result<drift::DriftReport, String> {
    let (model, config) = parse_go(&opts.model, &opts.config)?;
    let (spec_shared, mut notes) = family_types(&opts.spec.join("types"), &opts.family, None);
    let empty = BTreeMap::new();
    let no_files = BTreeMap::new();
    let no_source = |_: &ApiInfo, _: &[String]| String::new();
    let converted = convert::convert(
        &model,
        &config,
        &opts.actions,
        &convert::ConvertOptions {
            family: &opts.family,
            existing_shared: &empty,
            existing_local: &no_files,
            source: &no_source,
        },
    )?;
    let mut report = drift::DriftReport {
        family: opts.family.clone(),
        versions: config.apis.iter().map(|a| a.version.clone()).collect(),
        model_actions: converted.actions.len(),
        ..Default::default()
    };
    // The spec's actions of the family, by (action, version).
    let mut specs: BTreeMap<(String, String), (String, ActionSpec)> = BTreeMap::new();
    let base = opts.spec.parent().unwrap_or(&opts.spec).to_path_buf();
    let files = codegen::yaml_files(&opts.spec.join("actions")).unwrap_or_default();
    for p in files {
        let name = codegen::display_name(&base, &p);
        let text = match read(&p) {
            Ok(t) => t,
            Err(e) => {
                report.errors.push(e);
                continue;
            }
        };
        match parse_lenient::<ActionSpec>(&text) {
            Ok((spec, n)) => {
                notes.extend(n.into_iter().map(|n| format!("{name}: {n}")));
                if spec.family != opts.family {
                    continue;
                }
                let key = (spec.action.clone(), spec.version.clone());
                if let Some((prev, _)) = specs.get(&key) {
                    report
                        .errors
                        .push(format!("{name}: {} {} is also in {prev}", key.0, key.1));
                    continue;
                }
                specs.insert(key, (name, spec));
            }
            Err(e) => report.errors.push(format!("{name}: cannot parse: {e}")),
        }
    }
    let model_keys: BTreeSet<(String, String)> = converted
        .actions
        .iter()
        .map(|a| (a.spec.action.clone(), a.spec.version.clone()))
        .collect();
    for a in &converted.actions {
        let key = (a.spec.action.clone(), a.spec.version.clone());
        match specs.get(&key) {
            None => {
                let others: Vec<String> = specs
                    .keys()
                    .filter(|(n, _)| *n == a.spec.action)
                    .map(|(_, v)| v.clone())
                    .collect();
                // An older version the spec leaves out on purpose: a file of the same action
                // records `versions.<version>` among its deviations.
                let path = format!("versions.{}", a.spec.version);
                let superseded = specs
                    .iter()
                    .filter(|((n, _), _)| *n == a.spec.action)
                    .find_map(|(_, (file, s))| {
                        s.deviations
                            .iter()
                            .find(|d| d.path == path)
                            .map(|d| (file.clone(), d.reason.clone()))
                    });
                match superseded {
                    Some((file, reason)) => report.superseded.push((
                        a.spec.action.clone(),
                        a.spec.version.clone(),
                        format!("{file}: {reason}"),
                    )),
                    None => report.missing.push((a.spec.action.clone(), others)),
                }
            }
            Some((file, spec)) => {
                let differences = drift::compare(&a.spec, &converted.shared, spec, &spec_shared);
                report.actions.push(drift::ActionDrift {
                    action: a.spec.action.clone(),
                    file: file.clone(),
                    differences,
                });
            }
        }
    }
    if opts.actions.is_empty() {
        for ((action, version), (file, spec)) in &specs {
            if report.versions.contains(version)
                && !model_keys.contains(&(action.clone(), version.clone()))
            {
                report
                    .extra
                    .push((action.clone(), file.clone(), drift::action_documented(spec)));
            }
        }
    }
    // The service's regions against the model's hosts and signing regions (informative).
    let service_path = opts.spec.join("service.yaml");
    if let Ok(text) = std::fs::read_to_string(&service_path) {
        match parse_lenient::<ServiceSpec>(&text) {
            Ok((service, _)) => {
                let family = service.families.iter().find(|f| f.name == opts.family);
                for s in &config.services {
                    match service.regions.iter().find(|r| r.host == s.host) {
                        None => notes.push(format!(
                            "service: the model's region {} (host {}) is not in service.yaml",
                            s.region, s.host
                        )),
                        Some(r) => {
                            let signing = family
                                .and_then(|f| f.signing_regions.get(&r.name))
                                .unwrap_or(&r.name);
                            if *signing != s.signing_region {
                                notes.push(format!(
                                    "service: host {} is signed with region {} in the model, {} in the spec (family {} signing_regions)",
                                    s.host, s.signing_region, signing, opts.family
                                ));
                            }
                        }
                    }
                }
            }
            Err(e) => notes.push(format!("{}: cannot parse: {e}", service_path.display())),
        }
    }
    report.notes = notes;
    Ok(report)
}
