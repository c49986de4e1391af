//! `service.yaml`'s editions: names, regions, families served and the actions their pages document
//! differently, checked against the service and the loaded actions.

use std::collections::BTreeSet;

use crate::model::FamilyModel;
use crate::spec::ServiceSpec;

use super::Checker;

impl Checker<'_> {
    pub(super) fn check_editions(
        &mut self,
        sfile: &str,
        service: &ServiceSpec,
        fams: &[FamilyModel],
    ) {
        let mut names = BTreeSet::new();
        for (i, e) in service.editions.iter().enumerate() {
            let at = |k: &str| format!("editions[{i}].{k}");
            let usable = !e.name.is_empty()
                && e.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !usable {
                self.err(
                    sfile,
                    &at("name"),
                    format!(
                        "edition name `{}` must be lowercase letters, digits and `-`",
                        e.name
                    ),
                );
            }
            if !names.insert(e.name.as_str()) {
                self.err(
                    sfile,
                    &at("name"),
                    format!("duplicate edition `{}`", e.name),
                );
            }
            if e.regions.is_empty() {
                self.err(
                    sfile,
                    &at("regions"),
                    "an edition needs at least one region",
                );
            }
            let mut regions = BTreeSet::new();
            for (j, r) in e.regions.iter().enumerate() {
                if !regions.insert(r.name.as_str()) {
                    self.err(
                        sfile,
                        &at(&format!("regions[{j}].name")),
                        format!("duplicate region `{}`", r.name),
                    );
                }
            }
            if !regions.contains(e.default_region.as_str()) {
                self.err(
                    sfile,
                    &at("default_region"),
                    format!("`{}` is not one of the edition's regions", e.default_region),
                );
            }
            if e.families.is_empty() {
                self.err(
                    sfile,
                    &at("families"),
                    "an edition serves at least one family",
                );
            }
            for (j, f) in e.families.iter().enumerate() {
                if !fams.iter().any(|x| &x.name == f) {
                    self.err(
                        sfile,
                        &at(&format!("families[{j}]")),
                        format!("unknown family `{f}` (not in `families`)"),
                    );
                }
            }
            for (j, d) in e.differences.iter().enumerate() {
                let path = at(&format!("differences[{j}].action"));
                let family = fams
                    .iter()
                    .find(|f| f.actions.iter().any(|a| a.spec.action == d.action));
                // An action no file names is allowed (a spec may hold part of the family).
                if let Some(f) = family.filter(|f| !e.families.contains(&f.name)) {
                    self.err(
                        sfile,
                        &path,
                        format!(
                            "`{}` is of family `{}`, which edition `{}` does not serve",
                            d.action, f.name, e.name
                        ),
                    );
                }
                let nothing = d.spelled.is_none() && d.field.is_none() && d.versions.is_empty();
                if nothing || d.field.is_some() != d.field_spelled.is_some() {
                    self.err(sfile, &at(&format!("differences[{j}]")), "a difference names another spelling, a field with its spelling (`field` and `field_spelled`), or versions");
                }
            }
        }
    }
}
