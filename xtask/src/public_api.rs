//! `cargo xtask public-api [--check]`: a listing of each published library's public API.
//!
//! Each published library crate's sources are parsed (syn) from `src/lib.rs`, following `mod`
//! declarations, and every item visible as `pub` is written to `api/<package>.txt`, one item per
//! entry with its module path: functions and methods as signatures, structs with their public fields,
//! enums with their variants, traits with their items, trait implementations as their headers,
//! constants, statics, type aliases and re-exports. Documentation and bodies are left out; derives,
//! `cfg`, `non_exhaustive`, `must_use` and `deprecated` are kept, since they are part of the API.
//!
//! The listings are checked in, and `cargo xtask test` fails when one is stale, so a change to the
//! public API shows as a diff of `api/*.txt` in review (see VERSIONING.md: a removed or changed line
//! is a breaking change). Items of private modules that are `pub` are listed too (they may be
//! re-exported); `pub(crate)` and `#[doc(hidden)]` items are not.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use quote::ToTokens;
use syn::{Attribute, ImplItem, Item, TraitItem, Visibility};

/// The published library crates: package name and crate directory.
pub const CRATES: &[(&str, &str)] = &[
    ("volcengine-secret", "secret"),
    ("volcengine-openapi", "runtime"),
    ("volcengine-rtc", "generated"),
    ("volcengine-rtc-auth", "auth"),
    ("volcengine-fake", "fake"),
];

/// The published command-line package (a binary: no public-API listing).
pub const CLI: &str = "volc-rtc";

/// Every published package, libraries first: what `cargo xtask test` packages and installs.
pub fn published() -> impl Iterator<Item = &'static str> {
    CRATES.iter().map(|(name, _)| *name).chain([CLI])
}

/// The directory of the listings, relative to the workspace root.
pub const DIR: &str = "api";

/// Writes (or, with `check`, compares) every listing; answers the stale listings' paths.
pub fn run(root: &Path, check: bool) -> Result<Vec<String>, String> {
    let mut stale = Vec::new();
    for (package, dir) in CRATES {
        let listing = listing(&root.join(dir).join("src"), package)?;
        let rel = format!("{DIR}/{package}.txt");
        let path = root.join(&rel);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != listing {
            stale.push(rel);
            if !check {
                std::fs::create_dir_all(root.join(DIR)).map_err(|e| format!("{DIR}: {e}"))?;
                std::fs::write(&path, listing).map_err(|e| format!("{}: {e}", path.display()))?;
            }
        }
    }
    Ok(stale)
}

/// The listing of the crate whose sources are in `src`.
pub fn listing(src: &Path, package: &str) -> Result<String, String> {
    let mut out = format!(
        "# The public API of `{package}`: written by `cargo xtask public-api`, checked by `cargo xtask test`.\n\
         # A removed or changed line is a breaking change (VERSIONING.md).\n"
    );
    let mut entries = Vec::new();
    walk_file(&src.join("lib.rs"), src, "crate", &mut entries)?;
    entries.sort();
    entries.dedup();
    for e in entries {
        let _ = writeln!(out, "\n{e}");
    }
    Ok(out)
}

/// Reads `file` (module `path`, whose child modules live in `dir`) and lists its items.
fn walk_file(file: &Path, dir: &Path, path: &str, out: &mut Vec<String>) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let parsed = syn::parse_file(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    let here = file.parent().unwrap_or(dir);
    walk_items(&parsed.items, dir, here, path, out)
}

/// Lists `items` of module `path`, whose child modules live in `dir` and whose own file is in `here`.
fn walk_items(
    items: &[Item],
    dir: &Path,
    here: &Path,
    path: &str,
    out: &mut Vec<String>,
) -> Result<(), String> {
    for item in items {
        if hidden(attrs_of(item)) || test_only(attrs_of(item)) {
            continue;
        }
        match item {
            Item::Mod(m) => {
                let name = m.ident.to_string();
                let child = format!("{path}::{name}");
                match &m.content {
                    Some((_, inner)) => walk_items(inner, &dir.join(&name), here, &child, out)?,
                    None => {
                        let (file, child_dir) = module_file(dir, here, &name, &m.attrs);
                        walk_file(&file, &child_dir, &child, out)?;
                    }
                }
            }
            Item::Impl(i) => list_impl(i, path, out),
            other => {
                if let Some(text) = render_item(other) {
                    out.push(format!("// {path}\n{}", text.trim_end()));
                }
            }
        }
    }
    Ok(())
}

/// Where `mod name;` in a module whose children live in `dir` (and whose file is in `here`, which a
/// `#[path]` is relative to) is read from, and where its own children live.
fn module_file(dir: &Path, here: &Path, name: &str, attrs: &[Attribute]) -> (PathBuf, PathBuf) {
    for a in attrs {
        if a.path().is_ident("path") {
            if let syn::Meta::NameValue(nv) = &a.meta {
                if let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = &nv.value
                {
                    let file = here.join(s.value());
                    let child_dir = file.with_extension("");
                    return (file, child_dir);
                }
            }
        }
    }
    let flat = dir.join(format!("{name}.rs"));
    if flat.exists() {
        (flat, dir.join(name))
    } else {
        (dir.join(name).join("mod.rs"), dir.join(name))
    }
}

fn is_pub(v: &Visibility) -> bool {
    matches!(v, Visibility::Public(_))
}

/// `#[doc(hidden)]`.
fn hidden(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("doc") && a.meta.to_token_stream().to_string().contains("hidden")
    })
}

/// `#[cfg(test)]`: not part of any API.
fn test_only(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.meta.to_token_stream().to_string().replace(' ', "") == "cfg(test)"
    })
}

/// The attributes that are part of an API: everything but documentation.
fn api_attrs(attrs: &mut Vec<Attribute>) {
    attrs.retain(|a| !a.path().is_ident("doc"));
}

fn attrs_of(item: &Item) -> &[Attribute] {
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        _ => &[],
    }
}

/// An empty block, standing in for every body.
fn empty_block() -> syn::Block {
    syn::Block {
        brace_token: Default::default(),
        stmts: Vec::new(),
    }
}

/// The item as listed, or `None` when it is not public.
fn render_item(item: &Item) -> Option<String> {
    let mut item = item.clone();
    match &mut item {
        Item::Fn(f) if is_pub(&f.vis) => {
            api_attrs(&mut f.attrs);
            *f.block = empty_block();
        }
        Item::Struct(s) if is_pub(&s.vis) => {
            api_attrs(&mut s.attrs);
            let private = s.fields.iter().any(|f| !is_pub(&f.vis));
            match &mut s.fields {
                syn::Fields::Named(named) => {
                    named.named = std::mem::take(&mut named.named)
                        .into_iter()
                        .filter(|f| is_pub(&f.vis))
                        .map(|mut f| {
                            api_attrs(&mut f.attrs);
                            f
                        })
                        .collect();
                }
                syn::Fields::Unnamed(unnamed) => {
                    for f in unnamed.unnamed.iter_mut() {
                        api_attrs(&mut f.attrs);
                        if !is_pub(&f.vis) {
                            f.ty = syn::parse_quote!(_);
                        }
                    }
                }
                syn::Fields::Unit => {}
            }
            let text = unparse(&item);
            return Some(if private {
                format!("{}\n// (and private fields)", text.trim_end())
            } else {
                text
            });
        }
        Item::Enum(e) if is_pub(&e.vis) => {
            api_attrs(&mut e.attrs);
            for v in e.variants.iter_mut() {
                api_attrs(&mut v.attrs);
                for f in v.fields.iter_mut() {
                    api_attrs(&mut f.attrs);
                }
            }
        }
        Item::Trait(t) if is_pub(&t.vis) => {
            api_attrs(&mut t.attrs);
            for ti in t.items.iter_mut() {
                match ti {
                    TraitItem::Fn(f) => {
                        api_attrs(&mut f.attrs);
                        f.default = None;
                        f.semi_token = Some(Default::default());
                    }
                    TraitItem::Const(c) => {
                        api_attrs(&mut c.attrs);
                        c.default = None;
                    }
                    TraitItem::Type(ty) => api_attrs(&mut ty.attrs),
                    _ => {}
                }
            }
        }
        Item::Const(c) if is_pub(&c.vis) => {
            api_attrs(&mut c.attrs);
            *c.expr = syn::parse_quote!(_);
        }
        Item::Static(s) if is_pub(&s.vis) => {
            api_attrs(&mut s.attrs);
            *s.expr = syn::parse_quote!(_);
        }
        Item::Type(t) if is_pub(&t.vis) => api_attrs(&mut t.attrs),
        Item::Union(u) if is_pub(&u.vis) => api_attrs(&mut u.attrs),
        Item::Use(u) if is_pub(&u.vis) => api_attrs(&mut u.attrs),
        Item::Macro(m) if m.attrs.iter().any(|a| a.path().is_ident("macro_export")) => {
            let name = m.ident.as_ref().map(|i| i.to_string()).unwrap_or_default();
            return Some(format!("macro_rules! {name} {{ .. }}\n"));
        }
        _ => return None,
    }
    Some(unparse(&item))
}

/// An `impl` block: a trait implementation as its header, an inherent one as its public items.
fn list_impl(i: &syn::ItemImpl, path: &str, out: &mut Vec<String>) {
    let mut header = i.clone();
    api_attrs(&mut header.attrs);
    header.items.clear();
    let head = unparse(&Item::Impl(header.clone()));
    if i.trait_.is_some() {
        out.push(format!("// {path}\n{}", head.trim_end()));
        return;
    }
    for item in &i.items {
        let rendered = match item {
            ImplItem::Fn(f) if is_pub(&f.vis) && !hidden(&f.attrs) => {
                let mut f = f.clone();
                api_attrs(&mut f.attrs);
                f.block = empty_block();
                Some(ImplItem::Fn(f))
            }
            ImplItem::Const(c) if is_pub(&c.vis) && !hidden(&c.attrs) => {
                let mut c = c.clone();
                api_attrs(&mut c.attrs);
                c.expr = syn::parse_quote!(_);
                Some(ImplItem::Const(c))
            }
            _ => None,
        };
        if let Some(member) = rendered {
            let mut block = header.clone();
            block.items = vec![member];
            out.push(format!(
                "// {path}\n{}",
                unparse(&Item::Impl(block)).trim_end()
            ));
        }
    }
}

fn unparse(item: &Item) -> String {
    prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: vec![item.clone()],
    })
}
