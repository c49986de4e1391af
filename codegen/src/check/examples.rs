//! Example values checked against their types and constraints, each misfit at its own node.

#[allow(unused_imports)]
use super::*;

/// Something in an example value that does not fit its type.
pub(super) struct Misfit {
    /// Where, as a path below the example (`X`, `X.Y[2]`); empty for the example itself.
    pub(super) at: String,
    /// The problem is the key at `at` (a field the type does not have), not its value.
    pub(super) key: bool,
    pub(super) message: String,
}

impl Misfit {
    pub(super) fn value(at: &str, message: String) -> Self {
        Self {
            at: at.to_string(),
            key: false,
            message,
        }
    }

    pub(super) fn key(at: &str, message: String) -> Self {
        Self {
            at: at.to_string(),
            key: true,
            message,
        }
    }
}

/// `path` followed by the relative path `rel` (`a` + `b[1]` → `a.b[1]`, `a` + `[1]` → `a[1]`).
pub(super) fn child(path: &str, rel: &str) -> String {
    if rel.is_empty() {
        path.to_string()
    } else if path.is_empty() || rel.starts_with('[') {
        format!("{path}{rel}")
    } else {
        format!("{path}.{rel}")
    }
}

/// Checks a JSON object against a field list: required fields present, no unknown keys, values fit.
pub(super) fn check_object(
    v: &Value,
    fields: &[Field],
    scope: &Scope<'_>,
    at: &str,
    out: &mut Vec<Misfit>,
) {
    let Some(obj) = v.as_object() else {
        out.push(Misfit::value(at, format!("expected an object, found {v}")));
        return;
    };
    for f in fields {
        match obj.get(&f.name) {
            None | Some(Value::Null) => {
                if f.required {
                    out.push(Misfit::value(
                        &child(at, &f.name),
                        "required field missing".into(),
                    ));
                }
            }
            Some(x) => {
                if let Ok(ty) = Ty::parse(&f.ty) {
                    check_value(x, &ty, &f.constraints, scope, &child(at, &f.name), out);
                }
            }
        }
    }
    for k in obj.keys() {
        if !fields.iter().any(|f| &f.name == k) {
            out.push(Misfit {
                at: child(at, k),
                key: true,
                message: "unknown field".into(),
            });
        }
    }
}

/// Whether `x` is a multiple of `m`, allowing for binary rounding (the runtime's rule).
pub(super) fn is_multiple(x: f64, m: f64) -> bool {
    let r = x / m;
    (r - r.round()).abs() <= 1e-9 * r.abs().max(1.0)
}

/// Checks a union value: an object whose discriminator names a variant, the rest fitting it.
pub(super) fn check_union(
    v: &Value,
    name: &str,
    def: &TypeDef,
    scope: &Scope<'_>,
    at: &str,
    out: &mut Vec<Misfit>,
) {
    let Some(obj) = v.as_object() else {
        out.push(Misfit::value(at, format!("expected an object, found {v}")));
        return;
    };
    // A union without a discriminator is reported where it is declared.
    let Some(disc) = def.discriminator.as_deref() else {
        return;
    };
    let integer = matches!(def.base.as_deref(), Some("i32" | "i64"));
    let tag = match obj.get(disc) {
        Some(Value::String(s)) if !integer => Some(s.clone()),
        Some(Value::Number(n)) if integer && n.is_i64() => Some(n.to_string()),
        None => def.discriminator_default.clone(),
        Some(_) => None,
    };
    let Some(tag) = tag else {
        let kind = if integer { "an integer" } else { "a string" };
        out.push(Misfit::value(
            &child(at, disc),
            format!("required field missing or not {kind} (the discriminator of {name})"),
        ));
        return;
    };
    let Some(variant) = def.variants.iter().find(|x| x.value == tag) else {
        let known: Vec<&str> = def.variants.iter().map(|x| x.value.as_str()).collect();
        out.push(Misfit::value(
            &child(at, disc),
            format!(
                "{tag:?} is not one of the variants of {name} ({})",
                known.join(", ")
            ),
        ));
        return;
    };
    let Some(vdef) = scope
        .get(&variant.ty)
        .filter(|d| d.kind == TypeKind::Object)
    else {
        return;
    };
    let mut rest = obj.clone();
    rest.remove(disc);
    match &variant.field {
        // Keyed: the variant's object under its field, and no other key beside it.
        Some(field) => {
            for k in rest.keys().filter(|k| *k != field) {
                let hint = match def.variants.iter().find(|x| x.field.as_ref() == Some(k)) {
                    Some(x) => format!(" (it goes with {disc} {})", x.value),
                    None => String::new(),
                };
                out.push(Misfit::key(
                    &child(at, k),
                    format!("not a field of {name} when {disc} is {tag}{hint}"),
                ));
            }
            match rest.get(field) {
                Some(inner) => check_object(inner, &vdef.fields, scope, &child(at, field), out),
                None => out.push(Misfit::value(
                    &child(at, field),
                    format!("required field missing (the object of {name} when {disc} is {tag})"),
                )),
            }
        }
        None => check_object(&Value::Object(rest), &vdef.fields, scope, at, out),
    }
}

/// Checks an example value against its type and constraints. A type that is not defined, or an enum
/// whose base is not valid, is reported where it is declared, not in every example.
pub(super) fn check_value(
    v: &Value,
    ty: &Ty,
    c: &crate::spec::Constraints,
    scope: &Scope<'_>,
    at: &str,
    out: &mut Vec<Misfit>,
) {
    let before = out.len();
    let mut misfit = |message: String| out.push(Misfit::value(at, message));
    match ty {
        Ty::I32 => {
            if v.as_i64().is_none_or(|n| i32::try_from(n).is_err()) {
                misfit(format!("{v} is not an i32"));
            }
        }
        Ty::I64 => {
            if v.as_i64().is_none() {
                misfit(format!("{v} is not an i64"));
            }
        }
        Ty::U32 => {
            if v.as_u64().is_none_or(|n| u32::try_from(n).is_err()) {
                misfit(format!("{v} is not a u32"));
            }
        }
        Ty::F32 => {
            if v.as_f64().is_none_or(|x| x.abs() > f64::from(f32::MAX)) {
                misfit(format!("{v} is not an f32"));
            }
        }
        Ty::F64 => {
            if !v.is_number() {
                misfit(format!("{v} is not a number"));
            }
        }
        Ty::Bool => {
            if !v.is_boolean() {
                misfit(format!("{v} is not a bool"));
            }
        }
        Ty::String => {
            if !v.is_string() {
                misfit(format!("{v} is not a string"));
            }
        }
        Ty::Json => {}
        Ty::List(inner) => match v.as_array() {
            Some(items) => {
                let per_item = c.items.as_deref().cloned().unwrap_or_default();
                for (i, x) in items.iter().enumerate() {
                    let item = child(at, &format!("[{i}]"));
                    check_value(x, inner, &per_item, scope, &item, out);
                }
            }
            None => misfit(format!("{v} is not a list")),
        },
        Ty::Map(inner) => match v.as_object() {
            Some(m) => {
                let per_item = c.items.as_deref().cloned().unwrap_or_default();
                for (k, x) in m {
                    check_value(x, inner, &per_item, scope, &child(at, k), out);
                }
            }
            None => misfit(format!("{v} is not a map")),
        },
        Ty::Named(n) => match scope.get(n) {
            None => {}
            Some(def) if def.kind == TypeKind::Object => {
                check_object(v, &def.fields, scope, at, out)
            }
            Some(def) if def.kind == TypeKind::Union => check_union(v, n, def, scope, at, out),
            Some(def) => {
                let fits = match def.base.as_deref() {
                    Some("i32") => v.as_i64().is_some_and(|x| i32::try_from(x).is_ok()),
                    Some("i64") => v.as_i64().is_some(),
                    Some("string") => v.is_string(),
                    _ => return,
                };
                let base = def.base.as_deref().unwrap_or_default();
                if !fits {
                    misfit(format!("{v} is not a {base} ({n})"));
                } else if !def.open && !def.values.iter().any(|x| &x.value == v) {
                    misfit(format!("{v} is not one of the values of {n}"));
                }
            }
        },
    }
    if out.len() > before {
        return;
    }
    let mut misfit = |message: String| out.push(Misfit::value(at, message));
    // Constraints.
    let show = |b: &Option<serde_json::Number>| b.as_ref().map_or(String::new(), |x| x.to_string());
    let outside = match (v, ty.is_float()) {
        (Value::Number(n), false) => match n.as_i64() {
            Some(n) => {
                c.min
                    .as_ref()
                    .and_then(|x| x.as_i64())
                    .is_some_and(|lo| n < lo)
                    || c.max
                        .as_ref()
                        .and_then(|x| x.as_i64())
                        .is_some_and(|hi| n > hi)
            }
            None => false,
        },
        (Value::Number(n), true) => {
            // An f32 field compares as f32, as the generated check does.
            let narrow = |x: f64| {
                if matches!(ty, Ty::F32) {
                    f64::from(x as f32)
                } else {
                    x
                }
            };
            let x = narrow(n.as_f64().unwrap_or(0.0));
            let bound =
                |b: &Option<serde_json::Number>| b.as_ref().and_then(|b| b.as_f64()).map(narrow);
            bound(&c.min).is_some_and(|lo| x < lo) || bound(&c.max).is_some_and(|hi| x > hi)
        }
        _ => false,
    };
    if outside {
        misfit(format!(
            "{v} is outside {}..={}",
            show(&c.min),
            show(&c.max)
        ));
    }
    if let (Value::Number(n), Some(m)) = (v, &c.multiple_of) {
        // A `multiple_of` that is not positive is reported where it is declared.
        let fits = match (n.as_i64(), m.as_i64()) {
            (Some(n), Some(m)) if m > 0 => n % m == 0,
            _ => match m.as_f64() {
                Some(m) if m > 0.0 => is_multiple(n.as_f64().unwrap_or(0.0), m),
                _ => true,
            },
        };
        if !fits {
            misfit(format!("{v} is not a multiple of {m}"));
        }
    }
    if let Value::String(s) = v {
        let bytes = s.len();
        if c.min_bytes.is_some_and(|lo| bytes < lo as usize)
            || c.max_bytes.is_some_and(|hi| bytes > hi as usize)
        {
            misfit(format!(
                "{bytes} bytes (UTF-8) is outside the allowed sizes"
            ));
        }
        if let Some(Ok(re)) = c.pattern.as_deref().map(whole_pattern) {
            if !re.is_match(s) {
                misfit(format!(
                    "{v} does not match the pattern `{}`",
                    c.pattern.as_deref().unwrap_or_default()
                ));
            }
        }
    }
    let len = match v {
        Value::String(s) => Some(s.chars().count()),
        Value::Array(a) => Some(a.len()),
        Value::Object(o) if matches!(ty, Ty::Map(_)) => Some(o.len()),
        _ => None,
    };
    if let Some(len) = len {
        if c.min_len.is_some_and(|lo| len < lo as usize)
            || c.max_len.is_some_and(|hi| len > hi as usize)
        {
            misfit(format!("length {len} is outside the allowed lengths"));
        }
    }
    if let Some(vals) = &c.one_of {
        if !vals.contains(v) {
            misfit(format!("{v} is not one of {}", Value::Array(vals.clone())));
        }
    }
}
