//! One action: its names, method and placement, result, idempotency key, limits, examples and fake-server behaviour.

#[allow(unused_imports)]
use super::*;

impl Checker<'_> {
    pub(super) fn check_action(
        &mut self,
        file: &str,
        a: &ActionSpec,
        snake: &str,
        type_base: &str,
        shared: &BTreeMap<String, NamedType>,
    ) {
        // A draft is one error, however many texts are left to write; a finished file names each.
        let todo = todo::todo_in_action(a);
        if a.draft {
            let left = match todo.len() {
                0 => "no English description says TODO any more; remove `draft: true`".to_string(),
                1 => "1 English description still says TODO; write it and remove `draft: true`"
                    .to_string(),
                n => format!(
                    "{n} English descriptions still say TODO; write them and remove `draft: true`"
                ),
            };
            self.err(
                file,
                "draft",
                format!("this file is an importer draft: {left}"),
            );
        } else {
            for p in todo {
                self.err(file, &p, todo::TODO_IN_FINISHED);
            }
        }
        let pascal = is_wire_identifier(&a.action);
        if !pascal {
            self.err(
                file,
                "action",
                format!(
                    "action `{}` must be an identifier as on the wire: ASCII letters and digits, starting with a capital",
                    a.action
                ),
            );
        }
        let v = a.version.as_bytes();
        let version_ok = v.len() == 10
            && v.iter().enumerate().all(|(i, c)| {
                if i == 4 || i == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if !version_ok {
            self.err(
                file,
                "version",
                format!("version `{}` must be a date, YYYY-MM-DD", a.version),
            );
        }
        // A name that is not PascalCase is reported above; its snake_case form is no news.
        let unusable = !snake.starts_with(|c: char| c.is_ascii_lowercase())
            || !snake
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            || RUST_KEYWORDS.contains(&snake)
            || snake == "types";
        if unusable && (pascal || a.rust_name.is_some()) {
            let p = if a.rust_name.is_some() {
                "rust_name"
            } else {
                "action"
            };
            self.err(
                file,
                p,
                format!("`{snake}` is not usable as a snake_case module and function name"),
            );
        }
        if a.method == Method::GET && a.params_in == Placement::Body {
            self.err(
                file,
                "params_in",
                "a GET request has no body: use `params_in: query`",
            );
        }
        for name in a.types.keys() {
            let path = format!("types.{name}");
            self.check_type_name(file, &path, name);
            let base = name.as_str();
            for generated in ["Request", "Required", "Result", "ResultRequired"] {
                if base == format!("{type_base}{generated}") {
                    self.err_key(
                        file,
                        &path,
                        format!("type name `{name}` collides with a generated type"),
                    );
                }
            }
            if ACTION_ITEM_NAMES.contains(&base) {
                self.err_key(
                    file,
                    &path,
                    format!("type name `{name}` collides with the action module's `{name}` item"),
                );
            }
            if shared.contains_key(name) {
                self.err_key(
                    file,
                    &path,
                    format!(
                        "type `{name}` is also defined in {}: use that one or rename this",
                        shared[name].file
                    ),
                );
            }
        }
        let local: BTreeMap<String, &TypeDef> =
            a.types.iter().map(|(n, d)| (n.clone(), d)).collect();
        let generated: Vec<String> = ["Request", "Required", "Result", "ResultRequired"]
            .iter()
            .map(|g| format!("{type_base}{g}"))
            .collect();
        self.check_required_names(&|_| file.to_string(), &local, &generated);
        let scope = Scope {
            local: &a.types,
            shared,
        };
        for (name, def) in &a.types {
            self.check_typedef(file, &format!("types.{name}"), name, def, &scope);
        }
        // Shared types cannot name this action's types, so a cycle is among these alone.
        let defs: Vec<(&str, &str, &TypeDef)> = a
            .types
            .iter()
            .map(|(name, def)| (name.as_str(), file, def))
            .collect();
        self.check_cycles(&defs);
        self.check_fields(file, "request", &a.request, &scope, true);
        self.check_fields(file, "result", &a.result, &scope, false);
        let result_ty = match &a.result_type {
            None => None,
            Some(_) if !a.result.is_empty() => {
                self.err(
                    file,
                    "result_type",
                    "`result` and `result_type` exclude each other: `result` lists the fields of an object `Result`, `result_type` gives a `Result` of any other type",
                );
                None
            }
            Some(t) if t == ACK => {
                if a.result_optional {
                    self.err(file, "result_optional", "`result_type: ack` already accepts an absent or `null` `Result`: drop `result_optional`");
                }
                None
            }
            Some(t) => match Ty::parse(t) {
                Err(e) => {
                    self.err(file, "result_type", e);
                    None
                }
                Ok(ty) => match ty.named() {
                    Some(n) if scope.get(n).is_none() => {
                        self.err(file, "result_type", format!("unknown type `{n}`: defined neither in this file's `types` nor in the family's types files"));
                        None
                    }
                    _ => Some(ty),
                },
            },
        };
        // An acknowledgement needs no example answer: the fake answers `{}` for it, which acknowledges.
        if a.result_type.as_deref().is_some_and(|t| t != ACK)
            && !a.result_optional
            && a.examples.iter().all(|e| e.result.is_none())
        {
            self.err(file, "examples", "an action with a `result_type` that is not `result_optional` needs an example `result` (the fake server answers it)");
        }
        if a.params_in == Placement::Query {
            for (i, f) in a.request.iter().enumerate() {
                let scalar = |t: &Ty| {
                    matches!(
                        t,
                        Ty::I32 | Ty::I64 | Ty::U32 | Ty::F32 | Ty::F64 | Ty::Bool | Ty::String
                    ) || matches!(t, Ty::Named(n) if scope.get(n).is_some_and(|d| d.kind == TypeKind::Enum))
                };
                if let Ok(t) = Ty::parse(&f.ty) {
                    if !scalar(&t) {
                        self.err(
                            file,
                            &format!("request[{i}].type"),
                            format!(
                                "`{}` cannot travel in a query string: only scalars and enums can",
                                f.ty
                            ),
                        );
                    }
                }
            }
        }
        if let Some(key) = &a.idempotency_key {
            match a.request.iter().find(|f| &f.name == key) {
                None => self.err(
                    file,
                    "idempotency_key",
                    format!("`{key}` is not a request field"),
                ),
                Some(f) if f.ty != "string" || f.required => self.err(
                    file,
                    "idempotency_key",
                    format!("`{key}` must be an optional string field, so the client can fill it"),
                ),
                Some(_) => {}
            }
        }
        if let Some(qps) = a.limits.qps {
            if qps == 0 {
                self.err(file, "limits.qps", "qps must be at least 1");
            }
        }
        if a.examples.is_empty() {
            self.err(
                file,
                "examples",
                "every action needs at least one example request",
            );
        }
        for (i, ex) in a.examples.iter().enumerate() {
            let mut misfits = Vec::new();
            check_object(&ex.request, &a.request, &scope, "", &mut misfits);
            self.misfits(file, &format!("examples[{i}].request"), "", misfits);
            if let Some(r) = &ex.result {
                let mut misfits = Vec::new();
                match (&result_ty, &a.result_type) {
                    (Some(ty), _) => {
                        check_value(r, ty, &Default::default(), &scope, "", &mut misfits)
                    }
                    (None, Some(_)) => {}
                    (None, None) => check_object(r, &a.result, &scope, "", &mut misfits),
                }
                self.misfits(file, &format!("examples[{i}].result"), "", misfits);
            }
        }
        for (i, id) in a.fake.new_ids.iter().enumerate() {
            if !a.result.iter().any(|f| &f.name == id && f.ty == "i64") {
                self.err(
                    file,
                    &format!("fake.new_ids[{i}]"),
                    format!("`{id}` is not an i64 result field"),
                );
            }
        }
        if let Some(m) = &a.fake.membership {
            for (k, name) in [("user", &m.user), ("conversation", &m.conversation)] {
                if !a.request.iter().any(|f| &f.name == name && f.ty == "i64") {
                    self.err(
                        file,
                        &format!("fake.membership.{k}"),
                        format!("`{name}` is not an i64 request field"),
                    );
                }
            }
        }
        if (a.fake.membership.is_some() || !a.fake.new_ids.is_empty()) && a.fake.store.is_none() {
            self.err(file, "fake", "`new_ids` and `membership` need `store`");
        }
    }
}
