//! The module graph of a crate's `src/`, drawn from its paths, and its import cycles
//! (`cargo xtask rules --graph` prints the graph).
//!
//! A module is a file (`a/b.rs` or `a/b/mod.rs` is `a::b`; `lib.rs`, `main.rs` the root). Module
//! `m` uses module `t` when `m`'s text, less `quote!` bodies, its `#[cfg(test)] mod tests` and
//! comment lines, names a path `crate::..` or `super::..` whose longest module prefix is `t`; when
//! it names its own child (`child::x`, `use child`); or in a `use crate::{a, b::c}` group. A child
//! naming its own ancestor is not an edge (a module may use what its parent declares). The cycles
//! are the strongly connected components of more than one module (Tarjan).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The module graph: each module (`a::b`, the root `""`) with the modules it uses.
pub type Graph = BTreeMap<String, BTreeSet<String>>;

/// Reads every `.rs` file under `src` into its module's text.
fn modules(src: &Path) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = p.strip_prefix(src).unwrap_or(&p).with_extension("");
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts
                .last()
                .is_some_and(|l| matches!(l.as_str(), "mod" | "lib" | "main"))
            {
                parts.pop();
            }
            let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            out.insert(parts.join("::"), text);
        }
    }
    Ok(out)
}

/// `s` without the bodies of its `quote!` invocations (generated code, not this crate's paths).
fn strip_quote(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while let Some(j) = s[i..].find("quote!").map(|j| i + j) {
        out.push_str(&s[i..j]);
        let mut k = j + "quote!".len();
        while k < b.len() && matches!(b[k], b' ' | b'\n') {
            k += 1;
        }
        let Some(close) = b.get(k).and_then(|&c| match c {
            b'{' => Some(b'}'),
            b'(' => Some(b')'),
            b'[' => Some(b']'),
            _ => None,
        }) else {
            i = k;
            continue;
        };
        let open = b[k];
        let mut depth = 0;
        while k < b.len() {
            if b[k] == open {
                depth += 1;
            } else if b[k] == close {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            k += 1;
        }
        i = (k + 1).min(b.len());
    }
    out.push_str(&s[i..]);
    out
}

/// The text a module's paths are read from: no `quote!` bodies, nothing from its
/// `#[cfg(test)] mod tests` on, no comment lines.
fn code(s: &str) -> String {
    let s = strip_quote(s);
    let mut s = s.as_str();
    if let Some(at) = s.find("#[cfg(test)]") {
        if s[at + "#[cfg(test)]".len()..]
            .trim_start()
            .starts_with("mod tests")
        {
            s = &s[..at];
        }
    }
    s.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// The `::`-joined segments after each `crate` or `super` keyword of `s`: (`crate`|`super`, segments).
fn keyword_paths(s: &str) -> Vec<(&'static str, Vec<&str>)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    for kw in ["crate", "super"] {
        let mut from = 0;
        while let Some(at) = s[from..].find(kw).map(|j| from + j) {
            from = at + kw.len();
            if at > 0 && is_ident_byte(b[at - 1]) {
                continue;
            }
            let mut segs = Vec::new();
            let mut k = from;
            while s[k..].starts_with("::") {
                let start = k + 2;
                let mut end = start;
                while end < b.len() && is_ident_byte(b[end]) {
                    end += 1;
                }
                if end == start || b[start].is_ascii_digit() {
                    break;
                }
                segs.push(&s[start..end]);
                k = end;
            }
            if !segs.is_empty() {
                out.push((kw, segs));
            }
        }
    }
    out
}

/// Whether `s` names `name` as a path's first segment (`name::`, `self::name::`) or in `use name`.
fn names_child(s: &str, name: &str) -> bool {
    let b = s.as_bytes();
    let needle = format!("{name}::");
    let mut from = 0;
    while let Some(at) = s[from..].find(&needle).map(|j| from + j) {
        from = at + 1;
        let before = &s[..at];
        let prev = before.as_bytes().last().copied();
        if prev.is_none_or(|c| !is_ident_byte(c) && c != b':') || before.ends_with("self::") {
            return true;
        }
    }
    for prefix in ["use ", "use self::"] {
        let needle = format!("{prefix}{name}");
        let mut from = 0;
        while let Some(at) = s[from..].find(&needle).map(|j| from + j) {
            from = at + 1;
            let end = at + needle.len();
            let prev_ok = at == 0 || !is_ident_byte(b[at - 1]);
            if prev_ok && b.get(end).is_none_or(|&c| !is_ident_byte(c)) {
                return true;
            }
        }
    }
    false
}

/// The module graph of the crate whose sources are in `src`.
pub fn graph(src: &Path) -> Result<Graph, String> {
    let mods = modules(src)?;
    let mut edges: Graph = mods.keys().map(|m| (m.clone(), BTreeSet::new())).collect();
    for (m, text) in &mods {
        let s = code(text);
        let parent: Vec<&str> = match m.rsplit_once("::") {
            Some((p, _)) => p.split("::").collect(),
            None => Vec::new(),
        };
        let mut add = |target: &str| {
            if target != m && !m.starts_with(&format!("{target}::")) {
                if let Some(e) = edges.get_mut(m) {
                    e.insert(target.to_string());
                }
            }
        };
        for (kw, segs) in keyword_paths(&s) {
            let mut parts: Vec<&str> = if kw == "crate" || m.is_empty() {
                Vec::new()
            } else {
                parent.clone()
            };
            parts.extend(segs);
            // The longest prefix that is a module.
            if let Some(target) = (1..=parts.len())
                .rev()
                .map(|i| parts[..i].join("::"))
                .find(|c| mods.contains_key(c))
            {
                add(&target);
            }
        }
        // Its own children, named relatively.
        for c in mods.keys() {
            let (c_parent, name) = c.rsplit_once("::").unwrap_or(("", c.as_str()));
            if c != m && c_parent == m && !c.is_empty() && names_child(&s, name) {
                add(c);
            }
        }
        // `use crate::{a, b::c}`.
        let mut from = 0;
        while let Some(at) = s[from..].find("use crate::{").map(|j| from + j) {
            let start = at + "use crate::{".len();
            let end = s[start..].find('}').map_or(s.len(), |j| start + j);
            for item in s[start..end].split(',') {
                let first = item.trim().split("::").next().unwrap_or("");
                if !first.is_empty() && mods.contains_key(first) {
                    add(first);
                }
            }
            from = end;
        }
    }
    Ok(edges)
}

/// The cycles of `g`: its strongly connected components of more than one module, each sorted.
pub fn cycles(g: &Graph) -> Vec<Vec<String>> {
    struct Tarjan<'a> {
        g: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, v: &'a str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            self.on.insert(v);
            for w in self.g.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let lw = self.low[w];
                    let lv = self.low[v];
                    self.low.insert(v, lv.min(lw));
                } else if self.on.contains(w) {
                    let iw = self.index[w];
                    let lv = self.low[v];
                    self.low.insert(v, lv.min(iw));
                }
            }
            if self.low[v] == self.index[v] {
                let mut comp = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on.remove(w);
                    comp.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if comp.len() > 1 {
                    comp.sort();
                    self.out.push(comp);
                }
            }
        }
    }
    let mut t = Tarjan {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in g.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v);
        }
    }
    t.out.sort();
    t.out
}

/// A module's display name (`(root)` for the crate root).
pub fn display(m: &str) -> &str {
    if m.is_empty() {
        "(root)"
    } else {
        m
    }
}
