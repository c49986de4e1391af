//! `required_when`, `only_when` and `forbidden_when`: an optional field tied to a sibling field's
//! values.

use super::*;

impl Checker<'_> {
    /// Checks the conditions of the fields at `path` (a field list): each on an optional field,
    /// naming a sibling scalar or enum field, with values that fit the sibling's type.
    pub(super) fn check_conditions(
        &mut self,
        file: &str,
        path: &str,
        fields: &[Field],
        scope: &Scope<'_>,
    ) {
        for (i, f) in fields.iter().enumerate() {
            for (kind, c) in f.conditions() {
                let key = kind.key();
                let at = format!("{path}[{i}].{key}");
                if f.required {
                    self.err(
                        file,
                        &at,
                        format!("`{key}` applies to optional fields (this one is required)"),
                    );
                }
                let Some(sibling) = fields.iter().find(|s| s.name == c.field) else {
                    let known: Vec<&str> = fields.iter().map(|s| s.name.as_str()).collect();
                    self.err(
                        file,
                        &format!("{at}.field"),
                        format!(
                            "`{}` is not a field beside `{}` (fields: {})",
                            c.field,
                            f.name,
                            known.join(", ")
                        ),
                    );
                    continue;
                };
                if sibling.name == f.name {
                    self.err(
                        file,
                        &format!("{at}.field"),
                        "a field's condition names another field",
                    );
                    continue;
                }
                let Ok(ty) = Ty::parse(&sibling.ty) else {
                    continue;
                };
                let scalar = match &ty {
                    Ty::Named(n) => scope.get(n).is_some_and(|d| d.kind == TypeKind::Enum),
                    Ty::List(_) | Ty::Map(_) | Ty::Json => false,
                    _ => true,
                };
                if !scalar {
                    self.err(
                        file,
                        &format!("{at}.field"),
                        format!(
                            "`{}` is not a scalar or an enum: a condition compares its value",
                            c.field
                        ),
                    );
                    continue;
                }
                if c.values.is_empty() {
                    self.err(
                        file,
                        &format!("{at}.values"),
                        "a condition needs at least one value",
                    );
                }
                for (j, value) in c.values.iter().enumerate() {
                    if value.is_null() {
                        // `null`: the sibling is absent ("at least one of the two").
                        continue;
                    }
                    let mut misfits = Vec::new();
                    check_value(value, &ty, &Constraints::default(), scope, "", &mut misfits);
                    for m in misfits {
                        self.err(
                            file,
                            &format!("{at}.values[{j}]"),
                            format!("{value} is not a value of `{}`: {}", c.field, m.message),
                        );
                    }
                }
            }
        }
    }
}
