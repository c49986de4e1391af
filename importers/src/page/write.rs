//! Writing the draft through the importers' one YAML writer ([`crate::yaml`]), with the
//! importer's notes and the values to rename as comments.

use crate::yaml::{action_to_yaml_with, Comments};

use super::Draft;

impl Draft {
    /// The draft as an action file, in the layout of [`crate::yaml`], with the notes as comments at
    /// the top, a `# TODO` after each enum value whose name was made up, and the repairs of the
    /// page's example above it. An error only if the text would not read back as the draft (a
    /// fault of the writer, never of the page).
    pub fn to_yaml(&self) -> Result<String, String> {
        let mut c = Comments {
            header: vec![
                "A draft made by `cargo xtask import-page`: write every English text that says TODO, check"
                    .into(),
                "the values marked TODO and the notes below against the page, then remove `draft: true`."
                    .into(),
            ],
            ..Comments::default()
        };
        if !self.notes.is_empty() {
            c.header
                .push("Importer notes (what the importer did not understand or guessed):".into());
            c.header
                .extend(self.notes.iter().map(|n| format!("  TODO: {n}")));
        }
        for (name, def) in &self.spec.types {
            for (i, v) in def.values.iter().enumerate() {
                if self
                    .placeholder_names
                    .contains(&(name.clone(), v.name.clone()))
                {
                    c.after.insert(
                        format!("types.{name}.values[{i}].name"),
                        "TODO: name it after its description".into(),
                    );
                }
            }
        }
        if !self.example_repairs.is_empty() && !self.spec.examples.is_empty() {
            c.before.insert(
                "examples[0]".into(),
                vec![format!(
                    "The page's example is not JSON as written; repaired: {}.",
                    self.example_repairs.join("; ")
                )],
            );
        }
        action_to_yaml_with(&self.spec, &c)
    }
}
