//! Field lists: names, types, examples, `accepts_only`, and which constraints apply to which types.

#[allow(unused_imports)]
use super::*;

impl Checker<'_> {
    pub(super) fn check_fields(
        &mut self,
        file: &str,
        path: &str,
        fields: &[Field],
        scope: &Scope<'_>,
        is_request: bool,
    ) {
        let mut wire = BTreeMap::new();
        let mut rust = BTreeMap::new();
        for (i, f) in fields.iter().enumerate() {
            let fp = format!("{path}[{i}]");
            if f.name.is_empty() {
                self.err(file, &format!("{fp}.name"), "empty wire name");
                continue;
            }
            if f.not_enum.as_deref().is_some_and(|r| r.trim().is_empty()) {
                self.err(
                    file,
                    &format!("{fp}.not_enum"),
                    "`not_enum` needs its reason (why the listed values are not an enum)",
                );
            }
            let duplicate = wire.insert(f.name.clone(), i);
            if let Some(prev) = duplicate {
                self.err(
                    file,
                    &format!("{fp}.name"),
                    format!("duplicate field `{}` (also {path}[{prev}])", f.name),
                );
            }
            let rname = f
                .rust_name
                .clone()
                .unwrap_or_else(|| f.name.to_snake_case());
            let valid_ident = rname
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
                && rname != "_"
                && rname
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !valid_ident && f.rust_name.is_some() {
                self.err(
                    file,
                    &format!("{fp}.rust_name"),
                    format!("`{rname}` is not a snake_case Rust name"),
                );
            } else if !valid_ident {
                self.err(
                    file,
                    &format!("{fp}.name"),
                    format!(
                        "`{}` does not give a snake_case Rust name (`{rname}`); set `rust_name`",
                        f.name
                    ),
                );
            } else if RUST_KEYWORDS.contains(&rname.as_str())
                || RESERVED_FIELD_NAMES.contains(&rname.as_str())
            {
                if f.rust_name.is_some() {
                    self.err(
                        file,
                        &format!("{fp}.rust_name"),
                        format!("`{rname}` is a Rust keyword or a generated method's name"),
                    );
                } else {
                    self.err(file, &format!("{fp}.name"), format!("field `{}` becomes `{rname}`, a Rust keyword or a generated method's name; set `rust_name`", f.name));
                }
            }
            // A repeated wire name is reported once, above.
            if let (Some(prev), None) = (rust.insert(rname.clone(), i), duplicate) {
                self.err(file, &format!("{fp}.name"), format!("field `{}` collides with {path}[{prev}] after case conversion (both `{rname}`)", f.name));
            }
            let ty = match Ty::parse(&f.ty) {
                Ok(t) => t,
                Err(e) => {
                    self.err(file, &format!("{fp}.type"), e);
                    continue;
                }
            };
            if let Some(n) = ty.named() {
                if scope.get(n).is_none() {
                    self.err(file, &format!("{fp}.type"), format!("unknown type `{n}`: defined neither in this file's `types` nor in the family's types files"));
                    continue;
                }
            }
            if let Some(ex) = &f.example {
                let mut misfits = Vec::new();
                check_value(ex, &ty, &f.constraints, scope, "", &mut misfits);
                self.misfits(
                    file,
                    &format!("{fp}.example"),
                    "example does not fit: ",
                    misfits,
                );
            }
            self.check_constraints(file, &fp, f, &ty, scope);
            if !f.sensitive_keys.is_empty() && !matches!(ty, Ty::Json) {
                self.err(
                    file,
                    &format!("{fp}.sensitive_keys"),
                    "`sensitive_keys` applies to `json` fields only (mark a typed secret `sensitive: true`)",
                );
            }
            for (j, key) in f.sensitive_keys.iter().enumerate() {
                if key.is_empty() || key.contains(['.', '*']) || key.contains(char::is_whitespace) {
                    self.err(
                        file,
                        &format!("{fp}.sensitive_keys[{j}]"),
                        format!("`{key}` is not a key name (no `.`, `*` or spaces)"),
                    );
                }
            }
            if let Some(only) = &f.accepts_only {
                let inner = match &ty {
                    Ty::Named(n) => scope.get(n).filter(|d| d.kind == TypeKind::Object),
                    _ => None,
                };
                match inner {
                    None => self.err(
                        file,
                        &format!("{fp}.accepts_only"),
                        "`accepts_only` applies to object-typed fields only",
                    ),
                    Some(def) => {
                        for (j, name) in only.iter().enumerate() {
                            if !def.fields.iter().any(|x| &x.name == name) {
                                self.err(
                                    file,
                                    &format!("{fp}.accepts_only[{j}]"),
                                    format!("`{name}` is not a field of `{}`", f.ty),
                                );
                            }
                        }
                    }
                }
                if !is_request {
                    self.err(
                        file,
                        &format!("{fp}.accepts_only"),
                        "`accepts_only` applies to request fields only",
                    );
                }
            }
        }
        self.check_conditions(file, path, fields, scope);
    }

    pub(super) fn check_constraints(
        &mut self,
        file: &str,
        fp: &str,
        f: &Field,
        ty: &Ty,
        scope: &Scope<'_>,
    ) {
        self.check_constraint_kinds(
            file,
            &format!("{fp}.constraints"),
            &f.constraints,
            ty,
            scope,
        );
    }

    /// Checks that each constraint of `c` applies to `ty` (and `items` to its items), at `cp`.
    pub(super) fn check_constraint_kinds(
        &mut self,
        file: &str,
        cp: &str,
        c: &Constraints,
        ty: &Ty,
        scope: &Scope<'_>,
    ) {
        let class = NumClass::of(ty, scope);
        let base = enum_base(ty, scope);
        let string = matches!(ty, Ty::String) || base.as_deref() == Some("string");
        let plain_string = matches!(ty, Ty::String);
        for (key, bound) in [("min", &c.min), ("max", &c.max)] {
            let Some(n) = bound else { continue };
            match class {
                NumClass::Integer if n.as_i64().is_none() => self.err(
                    file,
                    &format!("{cp}.{key}"),
                    format!("{key} {n} is not an integer, and `{ty}` holds integers"),
                ),
                NumClass::Float | NumClass::Integer => {}
                NumClass::None => self.err(
                    file,
                    &format!("{cp}.{key}"),
                    format!("min/max apply to numbers, not `{ty}`"),
                ),
            }
        }
        if let (Some(lo), Some(hi)) = (&c.min, &c.max) {
            let above = match (lo.as_i64(), hi.as_i64()) {
                (Some(a), Some(b)) => a > b,
                _ => lo.as_f64().unwrap_or(0.0) > hi.as_f64().unwrap_or(0.0),
            };
            if above {
                self.err(file, cp, format!("min {lo} is above max {hi}"));
            }
        }
        if let Some(m) = &c.multiple_of {
            let ok = match class {
                NumClass::Integer => m.as_i64().is_some_and(|m| m > 0),
                NumClass::Float => m.as_f64().is_some_and(|m| m > 0.0 && m.is_finite()),
                NumClass::None => {
                    self.err(
                        file,
                        &format!("{cp}.multiple_of"),
                        format!("multiple_of applies to numbers, not `{ty}`"),
                    );
                    true
                }
            };
            if !ok {
                self.err(
                    file,
                    &format!("{cp}.multiple_of"),
                    format!(
                        "multiple_of {m} must be a positive {} for `{ty}`",
                        if class == NumClass::Integer {
                            "integer"
                        } else {
                            "number"
                        }
                    ),
                );
            }
        }
        let sized = matches!(ty, Ty::String | Ty::List(_) | Ty::Map(_));
        if (c.min_len.is_some() || c.max_len.is_some()) && !sized {
            self.err(
                file,
                cp,
                format!("min_len/max_len apply to strings, lists and maps, not `{ty}`"),
            );
        }
        if let (Some(lo), Some(hi)) = (c.min_len, c.max_len) {
            if lo > hi {
                self.err(file, cp, format!("min_len {lo} is above max_len {hi}"));
            }
        }
        if (c.min_bytes.is_some() || c.max_bytes.is_some()) && !plain_string {
            self.err(
                file,
                cp,
                format!("min_bytes/max_bytes apply to strings, not `{ty}`"),
            );
        }
        if let (Some(lo), Some(hi)) = (c.min_bytes, c.max_bytes) {
            if lo > hi {
                self.err(file, cp, format!("min_bytes {lo} is above max_bytes {hi}"));
            }
        }
        if let Some(p) = &c.pattern {
            if !plain_string {
                self.err(
                    file,
                    &format!("{cp}.pattern"),
                    format!("pattern applies to strings, not `{ty}`"),
                );
            } else if let Err(e) = whole_pattern(p) {
                self.err(
                    file,
                    &format!("{cp}.pattern"),
                    format!("`{p}` is not a valid regular expression: {e}"),
                );
            }
        }
        if let Some(vals) = &c.one_of {
            for (i, v) in vals.iter().enumerate() {
                let fits = if class == NumClass::Integer {
                    v.as_i64().is_some()
                } else if string {
                    v.is_string()
                } else {
                    false
                };
                if !fits {
                    self.err(file, &format!("{cp}.one_of[{i}]"), format!("{v} does not fit `{ty}` (one_of takes integers or strings of the field's type)"));
                }
            }
        }
        if let Some(items) = &c.items {
            match ty {
                Ty::List(inner) | Ty::Map(inner) => {
                    self.check_constraint_kinds(file, &format!("{cp}.items"), items, inner, scope)
                }
                _ => self.err(
                    file,
                    &format!("{cp}.items"),
                    format!("items applies to lists and maps, not `{ty}`"),
                ),
            }
        }
    }
}
