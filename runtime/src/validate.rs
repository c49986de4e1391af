//! Validation before any I/O: every violation, with its field path.

use std::fmt;

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

    /// Validates a nested object at `field`.
    pub fn nested<T: Validate>(&mut self, field: &str, value: &T) {
        self.path.push(field.to_string());
        value.validate(self);
        self.path.pop();
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

    /// A closed enum holds a value the spec does not list.
    pub fn unknown_value(&mut self, field: &str, value: &impl fmt::Display) {
        self.push(
            field,
            format!("{value} is not one of the documented values"),
        );
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

fn bounds(min: Option<i64>, max: Option<i64>) -> String {
    match (min, max) {
        (Some(lo), Some(hi)) => format!("{lo}..={hi}"),
        (Some(lo), None) => format!("{lo}.."),
        (None, Some(hi)) => format!("..={hi}"),
        (None, None) => "..".to_string(),
    }
}
