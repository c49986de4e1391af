//! Doc texts: each text once, rendered for rustdoc (see [`crate::doc`]), with no provenance (the
//! spec keeps its sources; the crate lists its spec files in `service::SPEC_FILES`).

use crate::doc::{code, render, render_inline};
use crate::model::Action;
use crate::spec::{Constraints, Field, Method, Placement, Text};
use crate::ty::Ty;

/// Both languages of a text, rendered, each once (an empty one left out).
pub fn text(t: &Text) -> String {
    let parts: Vec<String> = [render(&t.zh), render(&t.en)]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    parts.join("\n\n")
}

/// `label: text`, or the label alone when the text is empty.
pub fn labelled(label: &str, t: &Text) -> String {
    let body = text(t);
    if body.is_empty() {
        label.to_string()
    } else {
        format!("{label}: {body}")
    }
}

/// `` `Action` (version) ``.
pub fn action_label(a: &Action) -> String {
    format!("{} ({})", code(&a.spec.action), a.spec.version)
}

/// A field's doc: its descriptions, then its wire facts.
pub fn field_doc(f: &Field, ty: &Ty) -> String {
    let mut d = text(&f.description);
    if !d.is_empty() {
        d.push_str("\n\n");
    }
    d.push_str(&format!("- Wire name: {}\n", code(&f.name)));
    d.push_str(&format!(
        "- Type: {} ({})\n",
        render_inline(&f.doc_type),
        code(&ty.to_string())
    ));
    d.push_str(&format!(
        "- Required: {}\n",
        if f.required { "yes" } else { "no" }
    ));
    for phrase in condition_phrases(f) {
        d.push_str(&format!("- Condition: {}\n", code(&phrase)));
    }
    if let Some(ex) = &f.example {
        d.push_str(&format!("- Example: {}\n", code(&ex.to_string())));
    }
    let c = constraints_text(&f.constraints);
    if !c.is_empty() {
        d.push_str(&format!("- Constraints: {}\n", code(&c)));
    }
    if let Some(only) = &f.accepts_only {
        d.push_str(&format!(
            "- Accepts only: {}\n",
            only.iter().map(|s| code(s)).collect::<Vec<_>>().join(", ")
        ));
    }
    d
}

/// A field's conditions as plain phrases (`required when Command is "function", ...`), for its
/// docs and for tools that list a field's rules (`volc-rtc ... --help`).
pub fn condition_phrases(f: &Field) -> Vec<String> {
    f.conditions()
        .map(|(kind, c)| format!("{} {}", kind.label(), c.phrase()))
        .collect()
}

/// The constraints as text (for docs and the registry's field table).
pub fn constraints_text(c: &Constraints) -> String {
    let mut parts = Vec::new();
    if let Some(v) = &c.min {
        parts.push(format!("at least {v}"));
    }
    if let Some(v) = &c.max {
        parts.push(format!("at most {v}"));
    }
    if let Some(v) = &c.multiple_of {
        parts.push(format!("a multiple of {v}"));
    }
    if let Some(v) = c.min_len {
        parts.push(format!("length at least {v}"));
    }
    if let Some(v) = c.max_len {
        parts.push(format!("length at most {v}"));
    }
    if let Some(v) = c.min_bytes {
        parts.push(format!("at least {v} bytes (UTF-8)"));
    }
    if let Some(v) = c.max_bytes {
        parts.push(format!("at most {v} bytes (UTF-8)"));
    }
    if let Some(p) = &c.pattern {
        parts.push(format!("matches the pattern {p}"));
    }
    if let Some(v) = &c.one_of {
        parts.push(format!(
            "one of {}",
            v.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(items) = &c.items {
        let inner = constraints_text(items);
        if !inner.is_empty() {
            parts.push(format!("each item: {inner}"));
        }
    }
    parts.join("; ")
}

/// The request type's doc, where the action's description lives: what it does, its wire facts,
/// limits and retry behaviour.
pub fn request_doc(a: &Action) -> String {
    let spec = &a.spec;
    let method = match spec.method {
        Method::GET => "GET",
        Method::POST => "POST",
    };
    let placement = match spec.params_in {
        Placement::Body => "a JSON body",
        Placement::Query => "the query string",
    };
    let mut about = text(&spec.description);
    if !about.is_empty() {
        about.push_str("\n\n");
    }
    about.push_str(&format!(
        "- Action: {}, version `{}`\n- HTTP: `{method}`, parameters in {placement}\n",
        code(&spec.action),
        spec.version
    ));
    if let Some(q) = spec.limits.qps {
        about.push_str(&format!(
            "- Limit: {q} requests per second (enforced client-side by default)\n"
        ));
    }
    if let Some(name) = &spec.limits.shared {
        // A link to the service's static, which states the limit once (the number stays there, so
        // that the action's generated file depends on its own spec file only).
        let id = crate::model::shared_limit_static(name);
        about.push_str(&format!(
            "- Shared limit: {} with other actions, see [`{id}`](crate::service::{id}) (enforced client-side by default)\n",
            code(name)
        ));
    }
    if let Some(d) = &spec.limits.description {
        about.push_str(&format!(
            "- Limit as documented: {} / {}\n",
            render_inline(&d.zh),
            render_inline(&d.en)
        ));
    }
    for r in &spec.limits.rates {
        about.push_str(&format!(
            "- Rate `{}`: {} per second. {} / {}\n",
            r.name,
            r.per_second,
            render_inline(&r.description.zh),
            render_inline(&r.description.en)
        ));
    }
    if let Some(k) = &spec.idempotency_key {
        about.push_str(&format!(
            "- Idempotency key: {} (filled once per call when empty; reused on every retry)\n",
            code(k)
        ));
    } else if spec.read_only {
        about.push_str("- Read-only: retried on any transient failure\n");
    } else if spec.replay_safe.is_some() {
        about.push_str("- Replay-safe: retried on any transient failure\n");
    } else {
        about.push_str(
            "- Not idempotent: retried only when the request surely did not reach the server\n",
        );
    }
    if let Some(u) = &spec.doc_url {
        about.push_str(&format!("- Page: <{u}>\n"));
    }
    format!(
        "The request of {}: [`Client::{}`](crate::Client::{}) sends it.\n\n{about}",
        action_label(a),
        a.snake,
        a.snake
    )
}
