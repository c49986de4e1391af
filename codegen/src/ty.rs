//! The type expressions of the `type:` key: `i32`, `list<i64>`, `map<string,string>`, `RefMsgInfo`, ...

use std::fmt;

/// A parsed type expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u32`
    U32,
    /// `f32`
    F32,
    /// `f64`
    F64,
    /// `bool`
    Bool,
    /// `string`
    String,
    /// `json`: any JSON value.
    Json,
    /// `list<T>`
    List(Box<Ty>),
    /// `map<string,T>`
    Map(Box<Ty>),
    /// A named object or enum type.
    Named(String),
}

impl Ty {
    /// Parses a type expression.
    pub fn parse(s: &str) -> Result<Ty, String> {
        let s = s.trim();
        let ty = match s {
            "i32" => Ty::I32,
            "i64" => Ty::I64,
            "u32" => Ty::U32,
            "f32" => Ty::F32,
            "f64" => Ty::F64,
            "bool" => Ty::Bool,
            "string" => Ty::String,
            "json" => Ty::Json,
            _ => {
                if let Some(inner) = s.strip_prefix("list<").and_then(|r| r.strip_suffix('>')) {
                    Ty::List(Box::new(Ty::parse(inner)?))
                } else if let Some(inner) = s.strip_prefix("map<").and_then(|r| r.strip_suffix('>'))
                {
                    let (k, v) = inner
                        .split_once(',')
                        .ok_or_else(|| format!("`{s}`: a map is written map<string,T>"))?;
                    if k.trim() != "string" {
                        return Err(format!(
                            "`{s}`: map keys must be `string` (JSON object keys)"
                        ));
                    }
                    Ty::Map(Box::new(Ty::parse(v)?))
                } else if !s.is_empty()
                    && s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                    && s.chars().all(|c| c.is_ascii_alphanumeric())
                {
                    Ty::Named(s.to_string())
                } else {
                    return Err(format!(
                        "unknown type `{s}`: expected i32, i64, u32, f32, f64, bool, string, json, list<T>, map<string,T> or a PascalCase type name"
                    ));
                }
            }
        };
        Ok(ty)
    }

    /// Whether the type is an integer.
    pub fn is_integer(&self) -> bool {
        matches!(self, Ty::I32 | Ty::I64 | Ty::U32)
    }

    /// Whether the type is a floating-point number.
    pub fn is_float(&self) -> bool {
        matches!(self, Ty::F32 | Ty::F64)
    }

    /// Every named type this expression mentions.
    pub fn named(&self) -> Option<&str> {
        match self {
            Ty::Named(n) => Some(n),
            Ty::List(t) | Ty::Map(t) => t.named(),
            _ => None,
        }
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::I32 => f.write_str("i32"),
            Ty::I64 => f.write_str("i64"),
            Ty::U32 => f.write_str("u32"),
            Ty::F32 => f.write_str("f32"),
            Ty::F64 => f.write_str("f64"),
            Ty::Bool => f.write_str("bool"),
            Ty::String => f.write_str("string"),
            Ty::Json => f.write_str("json"),
            Ty::List(t) => write!(f, "list<{t}>"),
            Ty::Map(t) => write!(f, "map<string,{t}>"),
            Ty::Named(n) => f.write_str(n),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_nested_expressions() {
        assert_eq!(Ty::parse("list<i64>").unwrap(), Ty::List(Box::new(Ty::I64)));
        assert_eq!(
            Ty::parse("map<string, list<Participant>>").unwrap(),
            Ty::Map(Box::new(Ty::List(Box::new(Ty::Named(
                "Participant".into()
            )))))
        );
        assert!(Ty::parse("map<i32,string>")
            .unwrap_err()
            .contains("map keys"));
        assert!(Ty::parse("long")
            .unwrap_err()
            .contains("unknown type `long`"));
        assert_eq!(
            Ty::parse("list<map<string,i64>>").unwrap().to_string(),
            "list<map<string,i64>>"
        );
    }
}
