//! The paths of an action's sensitive fields (`sensitive: true`), as the registry lists them for
//! tools that mask JSON bodies (`volcengine_openapi::sensitive::mask_json`): wire names from the
//! top level joined by `.`, lists crossed without a segment, map values as `*`, a union's variant
//! fields at the union's own level (internally tagged) or under the variant's field (keyed), and a
//! `json` field's `sensitive_keys` as `<path>.**.<key>` (the key at any depth inside it).

use crate::spec::{Field, TypeDef, TypeKind};
use crate::ty::Ty;

/// The sensitive paths below `fields`, sorted; `lookup` resolves a named type. Recursion stops at
/// a type already on the path (a recursive type's secrets are found at their first level).
pub fn sensitive_paths<'a>(
    fields: &[Field],
    lookup: &dyn Fn(&str) -> Option<&'a TypeDef>,
) -> Vec<String> {
    let mut out = Vec::new();
    walk(fields, "", lookup, &mut Vec::new(), &mut out);
    out.sort();
    out.dedup();
    out
}

fn walk<'a>(
    fields: &[Field],
    prefix: &str,
    lookup: &dyn Fn(&str) -> Option<&'a TypeDef>,
    stack: &mut Vec<String>,
    out: &mut Vec<String>,
) {
    for f in fields {
        let path = if prefix.is_empty() {
            f.name.clone()
        } else {
            format!("{prefix}.{}", f.name)
        };
        if f.sensitive {
            out.push(path);
            continue;
        }
        // A `json` field's secret keys, at any depth inside it.
        out.extend(f.sensitive_keys.iter().map(|k| format!("{path}.**.{k}")));
        if let Ok(t) = Ty::parse(&f.ty) {
            walk_ty(&t, &path, lookup, stack, out);
        }
    }
}

fn walk_ty<'a>(
    t: &Ty,
    path: &str,
    lookup: &dyn Fn(&str) -> Option<&'a TypeDef>,
    stack: &mut Vec<String>,
    out: &mut Vec<String>,
) {
    match t {
        Ty::List(i) => walk_ty(i, path, lookup, stack, out),
        Ty::Map(i) => walk_ty(i, &format!("{path}.*"), lookup, stack, out),
        Ty::Named(n) if !stack.contains(n) => {
            let Some(def) = lookup(n) else {
                return;
            };
            stack.push(n.clone());
            match def.kind {
                TypeKind::Object => walk(&def.fields, path, lookup, stack, out),
                TypeKind::Union => {
                    for v in &def.variants {
                        let at = match &v.field {
                            Some(f) => format!("{path}.{f}"),
                            None => path.to_string(),
                        };
                        if let Ok(vt) = Ty::parse(&v.ty) {
                            walk_ty(&vt, &at, lookup, stack, out);
                        }
                    }
                }
                TypeKind::Enum => {}
            }
            stack.pop();
        }
        _ => {}
    }
}
