//! `values_from: callbacks`: an enum whose values are its family's callback event types, filled
//! in before the checks (which then see an ordinary enum), so that adding an event file adds the
//! value everywhere the enum is used (CreateCallback's `EventList`).

use super::*;
use crate::events::EventSpec;
use crate::spec::EnumValue;

/// The sources `values_from` names.
const SOURCES: &str = "`callbacks` (the family's callback event types)";

impl Checker<'_> {
    /// Fills in every enum that says `values_from`, in the types files and the actions' own types,
    /// reporting a misuse at its `values_from` key.
    pub(crate) fn expand_values_from(
        &mut self,
        types_files: &mut [(String, TypesFile)],
        actions: &mut [(String, ActionSpec)],
        events: &[(String, EventSpec)],
    ) {
        for (file, tf) in types_files.iter_mut() {
            for (name, def) in tf.types.iter_mut() {
                self.expand_one(file, name, &tf.family, def, events);
            }
        }
        for (file, a) in actions.iter_mut() {
            for (name, def) in a.types.iter_mut() {
                self.expand_one(file, name, &a.family, def, events);
            }
        }
    }

    fn expand_one(
        &mut self,
        file: &str,
        name: &str,
        family: &str,
        def: &mut TypeDef,
        events: &[(String, EventSpec)],
    ) {
        let Some(from) = def.values_from.as_deref() else {
            return;
        };
        let at = format!("types.{name}.values_from");
        if from != "callbacks" {
            self.err(
                file,
                &at,
                format!("unknown source `{from}`: the one source is {SOURCES}"),
            );
            return;
        }
        if def.kind != TypeKind::Enum || def.base.as_deref() != Some("string") {
            self.err(file, &at, "`values_from: callbacks` gives the values of a string enum (`kind: enum`, `base: string`)");
            return;
        }
        if !def.values.is_empty() {
            self.err(file, &at, "`values_from` and `values` together: list the values, or take them from the callbacks");
            return;
        }
        let mut values: Vec<EnumValue> = events
            .iter()
            .filter(|(f, _)| events::family_of(f) == family)
            .map(|(_, e)| EnumValue {
                value: Value::String(e.event.clone()),
                name: e.event.clone(),
                description: e.description.clone(),
            })
            .collect();
        values.sort_by(|a, b| a.name.cmp(&b.name));
        if values.is_empty() {
            self.err(
                file,
                &at,
                format!(
                    "the family `{family}` has no callback events (api-spec/callbacks/{family}/)"
                ),
            );
            return;
        }
        def.values = values;
    }
}
