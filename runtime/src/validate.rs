//! Validation before any I/O: every violation, with its field path.

use std::fmt;
use std::sync::OnceLock;

/// A type whose values can be checked against the spec's constraints.
pub trait Validate {
    /// Records every violation of `self` into `v` (paths relative to the current position).
    fn validate(&self, v: &mut Violations);
}

/// One violated constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Field path with wire names, e.g. `RefMsgInfo.Status` or `Users[2].UserId`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Collects violations while walking a request.
#[derive(Debug, Default)]
pub struct Violations {
    path: Vec<String>,
    found: Vec<Violation>,
}

impl Violations {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Validates `value` from its root.
    pub fn of<T: Validate + ?Sized>(value: &T) -> Vec<Violation> {
        let mut v = Self::new();
        value.validate(&mut v);
        v.found
    }

    fn at(&self, field: &str) -> String {
        let mut p = String::new();
        for seg in &self.path {
            if !p.is_empty() && !seg.starts_with('[') {
                p.push('.');
            }
            p.push_str(seg);
        }
        if !field.is_empty() {
            if !p.is_empty() {
                p.push('.');
            }
            p.push_str(field);
        }
        p
    }

    /// Records a violation at `field`.
    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        let path = self.at(field);
        self.found.push(Violation {
            path,
            message: message.into(),
        });
    }

    /// Records a violation at `field.inner`.
    pub fn nested_violation(&mut self, field: &str, inner: &str, message: &str) {
        let path = self.at(&format!("{field}.{inner}"));
        self.found.push(Violation {
            path,
            message: message.to_string(),
        });
    }

    /// Validates a nested object at `field` (at the current position when `field` is empty).
    pub fn nested<T: Validate>(&mut self, field: &str, value: &T) {
        if field.is_empty() {
            value.validate(self);
            return;
        }
        self.path.push(field.to_string());
        value.validate(self);
        self.path.pop();
    }

    /// Runs `check` on each item of a list at `field[i]` (checks inside use the field `""`).
    pub fn each<T>(&mut self, field: &str, values: &[T], check: impl Fn(&mut Self, &T)) {
        for (i, value) in values.iter().enumerate() {
            self.path.push(format!("{field}[{i}]"));
            check(self, value);
            self.path.pop();
        }
    }

    /// Runs `check` on each value of a map at `field.key` (checks inside use the field `""`).
    pub fn each_value<T>(
        &mut self,
        field: &str,
        values: &std::collections::BTreeMap<String, T>,
        check: impl Fn(&mut Self, &T),
    ) {
        for (k, value) in values {
            self.path.push(format!("{field}.{k}"));
            check(self, value);
            self.path.pop();
        }
    }

    /// Validates each object of a list at `field[i]`.
    pub fn nested_each<T: Validate>(&mut self, field: &str, values: &[T]) {
        for (i, value) in values.iter().enumerate() {
            self.path.push(format!("{field}[{i}]"));
            value.validate(self);
            self.path.pop();
        }
    }

    /// Validates each object of a map at `field.key`.
    pub fn nested_map<T: Validate>(
        &mut self,
        field: &str,
        values: &std::collections::BTreeMap<String, T>,
    ) {
        for (k, value) in values {
            self.path.push(format!("{field}.{k}"));
            value.validate(self);
            self.path.pop();
        }
    }

    /// A closed enum holds a value the spec does not list; `documented` lists the values it does
    /// (`TEXT (10001), IMAGE (10003)`).
    pub fn unknown_value(&mut self, field: &str, value: &impl fmt::Display, documented: &str) {
        self.push(
            field,
            format!("{value} is not one of the documented values: {documented}"),
        );
    }

    /// Checks that a floating-point number is finite: an infinity or NaN cannot be sent (JSON
    /// carries it as `null`). `ty` names the field's type (`f32`), whose range it left.
    pub fn finite<T: Into<f64> + fmt::Display + Copy>(&mut self, field: &str, value: T, ty: &str) {
        if !value.into().is_finite() {
            self.push(
                field,
                format!("{value} is out of range for {ty} (not a finite number)"),
            );
        }
    }

    /// Checks a floating-point range (compared in the field's own type). A value that is not
    /// finite is left to [`finite`](Self::finite).
    pub fn range_float<T: PartialOrd + fmt::Display + Copy + Into<f64>>(
        &mut self,
        field: &str,
        value: T,
        min: Option<T>,
        max: Option<T>,
    ) {
        if !value.into().is_finite() {
            return;
        }
        let below = min.is_some_and(|lo| value < lo);
        let above = max.is_some_and(|hi| value > hi);
        if below || above {
            let lo = min.map_or(String::new(), |x| x.to_string());
            let hi = max.map_or(String::new(), |x| format!("={x}"));
            self.push(field, format!("{value} is outside {lo}..{hi}"));
        }
    }

    /// Checks that an integer is a multiple of `of` (positive).
    pub fn multiple_of(&mut self, field: &str, value: i64, of: i64) {
        if of > 0 && value % of != 0 {
            self.push(field, format!("{value} is not a multiple of {of}"));
        }
    }

    /// Checks that a number is a multiple of `of` (positive), allowing for binary rounding.
    pub fn multiple_of_float<T: Into<f64> + fmt::Display + Copy>(
        &mut self,
        field: &str,
        value: T,
        of: f64,
    ) {
        if !value.into().is_finite() {
            return; // reported by `finite`
        }
        let r = value.into() / of;
        if r.is_nan() || (r - r.round()).abs() > 1e-9 * r.abs().max(1.0) {
            self.push(field, format!("{value} is not a multiple of {of}"));
        }
    }

    /// Checks a string's size in UTF-8 bytes.
    pub fn byte_length(&mut self, field: &str, len: usize, min: Option<usize>, max: Option<usize>) {
        if min.is_some_and(|lo| len < lo) || max.is_some_and(|hi| len > hi) {
            let (lo, hi) = (min.map(|x| x as i64), max.map(|x| x as i64));
            self.push(
                field,
                format!("{len} bytes (UTF-8) is outside {}", bounds(lo, hi)),
            );
        }
    }

    /// Checks that the whole of `value` matches `pattern`.
    pub fn pattern(&mut self, field: &str, value: &str, pattern: &Pattern) {
        match pattern.regex() {
            Some(re) if re.is_match(value) => {}
            Some(_) => self.push(
                field,
                format!("{value:?} does not match the pattern `{}`", pattern.source),
            ),
            None => self.push(
                field,
                format!("the pattern `{}` does not compile", pattern.source),
            ),
        }
    }

    /// Checks an integer range.
    pub fn range(&mut self, field: &str, value: i64, min: Option<i64>, max: Option<i64>) {
        if min.is_some_and(|lo| value < lo) || max.is_some_and(|hi| value > hi) {
            self.push(field, format!("{value} is outside {}", bounds(min, max)));
        }
    }

    /// Checks a length (characters, items or entries).
    pub fn length(&mut self, field: &str, len: usize, min: Option<usize>, max: Option<usize>) {
        if min.is_some_and(|lo| len < lo) || max.is_some_and(|hi| len > hi) {
            let (lo, hi) = (min.map(|x| x as i64), max.map(|x| x as i64));
            self.push(field, format!("length {len} is outside {}", bounds(lo, hi)));
        }
    }

    /// Checks membership in an integer set.
    pub fn one_of_int(&mut self, field: &str, value: i64, allowed: &[i64]) {
        if !allowed.contains(&value) {
            self.push(field, format!("{value} is not one of {allowed:?}"));
        }
    }

    /// Checks membership in a string set.
    pub fn one_of_str(&mut self, field: &str, value: &str, allowed: &[&str]) {
        if !allowed.contains(&value) {
            self.push(field, format!("{value:?} is not one of {allowed:?}"));
        }
    }

    /// The violations found.
    pub fn into_vec(self) -> Vec<Violation> {
        self.found
    }
}

/// Whether `value`, written as compact JSON, is one of `values` (compact JSON texts, as the
/// generator writes them): the sibling check of a field tied to another's values
/// (`required_when`, `only_when`, `forbidden_when`). An absent optional value is `null`. The
/// sibling is a scalar or an enum, so its text is its value: one small write, nothing parsed.
pub fn is_one_of<T: serde::Serialize + ?Sized>(value: &T, values: &[&str]) -> bool {
    serde_json::to_string(value).is_ok_and(|text| values.contains(&text.as_str()))
}

fn bounds(min: Option<i64>, max: Option<i64>) -> String {
    match (min, max) {
        (Some(lo), Some(hi)) => format!("{lo}..={hi}"),
        (Some(lo), None) => format!("{lo}.."),
        (None, Some(hi)) => format!("..={hi}"),
        (None, None) => "..".to_string(),
    }
}

/// Formats a generated enum's value: `Type::CONSTANT (value)` (Debug, with `type_name`) or
/// `CONSTANT (value)` (Display) for a documented value; `Type(value)` or the value alone for another.
/// A string value is shown quoted beside its constant's name.
pub fn fmt_enum<T: fmt::Debug + fmt::Display + ?Sized>(
    f: &mut fmt::Formatter<'_>,
    type_name: Option<&str>,
    constant: Option<&str>,
    value: &T,
) -> fmt::Result {
    match (type_name, constant) {
        (Some(t), Some(c)) => write!(f, "{t}::{c} ({value:?})"),
        (None, Some(c)) => write!(f, "{c} ({value:?})"),
        (Some(t), None) => write!(f, "{t}({value:?})"),
        (None, None) => write!(f, "{value}"),
    }
}

/// A regular expression a whole string must match (the spec's `pattern`), compiled on first use and
/// kept: the generated code holds one `static` per constrained field.
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<regex_lite::Regex>>,
}

impl Pattern {
    /// A pattern, not yet compiled.
    pub const fn new(source: &'static str) -> Self {
        Self {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as the spec writes it.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether the whole of `value` matches (false when the pattern does not compile).
    pub fn is_match(&self, value: &str) -> bool {
        self.regex().is_some_and(|re| re.is_match(value))
    }

    fn regex(&self) -> Option<&regex_lite::Regex> {
        self.compiled
            .get_or_init(|| regex_lite::Regex::new(&format!("^(?:{})$", self.source)).ok())
            .as_ref()
    }
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}
