//! Type expressions as the merge and the drift report read them: `list<T>`, `map<string,T>` and
//! names, the names they mention, and object types compared by shape.

use crate::convert::norm_ty;
use codegen::spec::TypeDef;

/// A type expression, structurally (the format's `list<T>`, `map<string,T>`, names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Expr {
    List(Box<Expr>),
    Map(Box<Expr>),
    Name(String),
}

impl Expr {
    pub(crate) fn parse(t: &str) -> Expr {
        let t = norm_ty(t);
        if let Some(inner) = t.strip_prefix("list<").and_then(|r| r.strip_suffix('>')) {
            Expr::List(Box::new(Expr::parse(inner)))
        } else if let Some(inner) = t
            .strip_prefix("map<string,")
            .and_then(|r| r.strip_suffix('>'))
        {
            Expr::Map(Box::new(Expr::parse(inner)))
        } else {
            Expr::Name(t)
        }
    }

    /// Replaces names through `f`.
    pub(crate) fn rename(&self, f: &dyn Fn(&str) -> String) -> String {
        match self {
            Expr::List(t) => format!("list<{}>", t.rename(f)),
            Expr::Map(t) => format!("map<string,{}>", t.rename(f)),
            Expr::Name(n) => f(n),
        }
    }
}

/// Whether a type name is one of the format's built-in scalars.
pub(crate) fn is_builtin(n: &str) -> bool {
    matches!(
        n,
        "string" | "i32" | "i64" | "u32" | "f32" | "f64" | "bool" | "json"
    )
}

/// Whether two object types have the same fields (name, required flag, type), named types
/// compared by position only (the model names two same-shaped structs apart).
pub(crate) fn same_shape(a: &TypeDef, b: &TypeDef) -> bool {
    let shape = |t: &str| {
        Expr::parse(t).rename(&|n| {
            if is_builtin(n) {
                n.to_string()
            } else {
                "_".into()
            }
        })
    };
    a.fields.len() == b.fields.len()
        && a.fields.iter().zip(&b.fields).all(|(x, y)| {
            x.name == y.name && x.required == y.required && shape(&x.ty) == shape(&y.ty)
        })
}

/// The names a type expression mentions that are not built in.
pub(crate) fn names(t: &str) -> Vec<String> {
    fn walk(e: &Expr, out: &mut Vec<String>) {
        match e {
            Expr::List(t) | Expr::Map(t) => walk(t, out),
            Expr::Name(n) if !is_builtin(n) => out.push(n.clone()),
            Expr::Name(_) => {}
        }
    }
    let mut out = Vec::new();
    walk(&Expr::parse(t), &mut out);
    out
}
