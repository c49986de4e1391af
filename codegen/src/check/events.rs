//! Callback event files (`api-spec/callbacks/<family>/<EventType>.yaml`): names, family, fields and
//! the event's own types, with the same field checks as actions.

#[allow(unused_imports)]
use super::*;

use crate::events::{EventFamilyModel, EventModel, EventSpec, CALLBACKS_DIR};

/// Names the generated callbacks module defines besides the event and type names.
const EVENT_MODULE_NAMES: &[&str] = &["Event"];

impl Checker<'_> {
    /// Checks the event files, grouping them by family (the directory below `callbacks/`, which
    /// must be a family of `service.yaml`).
    pub(crate) fn check_events(
        &mut self,
        service: &ServiceSpec,
        events: Vec<(String, EventSpec)>,
    ) -> Vec<EventFamilyModel> {
        let mut families: BTreeMap<String, Vec<EventModel>> = BTreeMap::new();
        for (file, spec) in events {
            let family = family_of(&file);
            if !service.families.iter().any(|f| f.name == family) {
                self.err(
                    &file,
                    "",
                    format!(
                        "`{family}` is not a family of service.yaml: event files live in `{CALLBACKS_DIR}/<family>/`"
                    ),
                );
                continue;
            }
            families
                .entry(family)
                .or_default()
                .push(EventModel { spec, file });
        }
        let mut out = Vec::new();
        for (name, mut events) in families {
            events.sort_by(|a, b| a.spec.event.cmp(&b.spec.event));
            // One module per family: event structs and every event's own types share its names.
            let mut taken: BTreeMap<String, String> = EVENT_MODULE_NAMES
                .iter()
                .map(|n| (n.to_string(), "the generated module".to_string()))
                .collect();
            for e in &events {
                if let Some(prev) = taken.insert(e.spec.event.clone(), e.file.clone()) {
                    self.err(
                        &e.file,
                        "event",
                        format!("event `{}` is also defined by {prev}", e.spec.event),
                    );
                }
            }
            // An event's fields may name the types of every event of its family.
            let mut shared: BTreeMap<String, NamedType> = BTreeMap::new();
            for e in &events {
                for (t, def) in &e.spec.types {
                    if let Some(prev) = taken.insert(t.clone(), e.file.clone()) {
                        self.err_key(
                            &e.file,
                            &format!("types.{t}"),
                            format!(
                                "type name `{t}` is already used by {prev} (one module per family)"
                            ),
                        );
                        continue;
                    }
                    shared.insert(
                        t.clone(),
                        NamedType {
                            name: t.clone(),
                            def: def.clone(),
                            file: e.file.clone(),
                        },
                    );
                }
            }
            for e in &events {
                self.check_event(&e.file, &e.spec, &shared);
            }
            out.push(EventFamilyModel { name, events });
        }
        out
    }

    fn check_event(&mut self, file: &str, e: &EventSpec, shared: &BTreeMap<String, NamedType>) {
        if !is_wire_identifier(&e.event) {
            self.err(
                file,
                "event",
                format!(
                    "event `{}` must be the EventType as sent: ASCII letters and digits, starting with a capital",
                    e.event
                ),
            );
        }
        let stem = std::path::Path::new(file)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if stem != e.event {
            self.err(
                file,
                "event",
                format!(
                    "the file of event `{}` must be named `{}.yaml` (it is `{stem}`)",
                    e.event, e.event
                ),
            );
        }
        if RUST_KEYWORDS.contains(&e.event.as_str()) {
            self.err(file, "event", "an event name must not be a Rust keyword");
        }
        let mut todo = Vec::new();
        if todo::says_todo(&e.description) {
            todo.push("description.en".to_string());
        }
        todo::todo_in_types(&e.types, &mut todo);
        for p in todo {
            self.err(file, &p, todo::TODO_IN_FINISHED);
        }
        let scope = Scope {
            local: &e.types,
            shared,
        };
        for (name, def) in &e.types {
            let path = format!("types.{name}");
            self.check_type_name(file, &path, name);
            if def.kind == TypeKind::Union {
                self.err(
                    file,
                    &format!("{path}.kind"),
                    "an event's types are objects or enums (unions are not supported in events)",
                );
                continue;
            }
            self.check_typedef(file, &path, name, def, &scope);
        }
        let defs: Vec<(&str, &str, &TypeDef)> = e
            .types
            .iter()
            .map(|(name, def)| (name.as_str(), file, def))
            .collect();
        self.check_cycles(&defs);
        match (&e.fields, &e.data) {
            (Some(_), Some(_)) => self.err(
                file,
                "data",
                "an event has `fields` or names its EventData type with `data`, not both",
            ),
            (Some(fields), None) => self.check_fields(file, "fields", fields, &scope, false),
            (None, Some(name)) => {
                let object = e
                    .types
                    .get(name)
                    .or_else(|| shared.get(name).map(|t| &t.def))
                    .is_some_and(|d| d.kind == TypeKind::Object);
                if !object {
                    self.err(
                        file,
                        "data",
                        format!(
                            "`data: {name}` must name an object type of this family's events (under some event's `types`)"
                        ),
                    );
                }
            }
            (None, None) if !e.types.is_empty() => self.err(
                file,
                "types",
                "an event without `fields` carries raw JSON: its `types` would be unused",
            ),
            (None, None) => {}
        }
    }
}

/// The family of an event file: the directory it is in.
pub(super) fn family_of(file: &str) -> String {
    std::path::Path::new(file)
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string()
}
