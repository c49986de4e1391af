//! Doc text: vendor descriptions rendered as safe Markdown for rustdoc, and doc attributes written
//! one line each (so prettyplease prints them as `///` and `//!` lines).
//!
//! The vendor's descriptions are plain text with line breaks and bullet lists (`* 0: 创建中`, `- x`),
//! square brackets, angle brackets and bare URLs. [`render`] keeps their lines and lists and makes
//! everything else literal: a list is set off by blank lines (no lazy continuation), brackets, angle
//! brackets, emphasis markers and heading markers are escaped, URLs become autolinks, and a text
//! that is only a dash (the vendor's "no description") renders as nothing. A bracketed address
//! (`[https://…]`) and a reference to another of the vendor's pages (`[1167931#region]`, while the
//! spec says where pages are: [`with_pages`]) become an address in parentheses.

use proc_macro2::TokenStream;
use quote::quote;

/// Renders vendor text as Markdown that means what it says.
pub fn render(text: &str) -> String {
    let text = link_pages(text);
    let mut out: Vec<String> = Vec::new();
    let mut prev = Kind::Blank;
    for raw in text.trim().lines() {
        let line = raw.trim();
        if line.is_empty() {
            if prev != Kind::Blank {
                out.push(String::new());
            }
            prev = Kind::Blank;
            continue;
        }
        if line
            .chars()
            .all(|c| matches!(c, '-' | '*' | '_' | '=' | '+' | ' '))
        {
            // A lone dash (or a rule) is no content: "-" is how the vendor writes "nothing".
            continue;
        }
        match list_item(line) {
            Some((marker, rest)) => {
                if prev == Kind::Text {
                    out.push(String::new());
                }
                out.push(format!("{marker} {}", inline(rest)));
                prev = Kind::Item;
            }
            None => {
                if prev == Kind::Item {
                    out.push(String::new());
                }
                let mut l = inline(line);
                if l.starts_with(|c: char| c.is_ascii_digit()) {
                    // `2023. x` or `1) x` would start an ordered list.
                    if let Some(end) = l.find(|c: char| !c.is_ascii_digit()) {
                        if l[end..].starts_with(['.', ')']) {
                            l.insert(end, '\\');
                        }
                    }
                }
                out.push(l);
                prev = Kind::Text;
            }
        }
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

/// Renders a one-line piece of vendor text (a documented type word, a limit) for use inside a
/// sentence: line breaks become spaces.
pub fn render_inline(text: &str) -> String {
    let text = link_pages(text);
    let joined: Vec<&str> = text.split_whitespace().collect();
    let s = joined.join(" ");
    if s.chars().all(|c| matches!(c, '-' | ' ')) {
        return String::new();
    }
    inline(&s)
}

thread_local! {
    /// The page address pattern (`…/{page}`) of the spec being lowered, set by [`with_pages`].
    static PAGES: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` (lowering a spec) with its page address pattern (`doc_pages.url`, with `{page}`), so
/// that [`render`], [`render_inline`] and [`link_pages`] turn page references into addresses.
pub(crate) fn with_pages<R>(url: Option<&str>, f: impl FnOnce() -> R) -> R {
    let outer = PAGES.with(|p| p.replace(url.map(str::to_string)));
    let result = f();
    PAGES.with(|p| p.replace(outer));
    result
}

/// `text` with each bracketed reference written as an address in parentheses: a vendor page
/// (`[1167931]`, `[1167931#region]`: 5 to 10 digits, then an optional anchor of letters, digits,
/// `-`, `_` and `.`) as `(https://…/1167931#region)` while a page pattern is set ([`with_pages`]),
/// and a bracketed address (`[https://…]`, as the vendor writes links) as `(https://…)`, so that
/// rustdoc shows a link in parentheses rather than an address in literal brackets. Other brackets
/// are left as they are.
pub(crate) fn link_pages(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('[') {
        // Most texts have no bracket: no pattern to look up.
        return text.into();
    }
    let pattern = PAGES.with(|p| p.borrow().clone());
    let mut out = String::new();
    let mut done = 0;
    let mut from = 0;
    while let Some(open) = text[from..].find('[').map(|i| from + i) {
        from = open + 1;
        let Some(len) = text[from..].find([']', '[']) else {
            break;
        };
        if !text[from + len..].starts_with(']') {
            continue;
        }
        let inner = &text[from..from + len];
        let address = if (inner.starts_with("https://") || inner.starts_with("http://"))
            && !inner.contains(char::is_whitespace)
        {
            inner.to_string()
        } else {
            let Some(url) = &pattern else {
                continue;
            };
            let (page, anchor) = inner.split_once('#').unwrap_or((inner, ""));
            let page_ok =
                (5..=10).contains(&page.len()) && page.bytes().all(|b| b.is_ascii_digit());
            let anchor_ok = anchor
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
            if !page_ok || !anchor_ok || (inner.contains('#') && anchor.is_empty()) {
                continue;
            }
            let mut address = url.replace("{page}", page);
            if !anchor.is_empty() {
                address.push('#');
                address.push_str(anchor);
            }
            address
        };
        out.push_str(&text[done..open]);
        out.push('(');
        out.push_str(&address);
        out.push(')');
        done = from + len + 1;
        from = done;
    }
    if done == 0 {
        return text.into();
    }
    out.push_str(&text[done..]);
    out.into()
}

/// `text` as a code span, whatever backticks it holds.
pub fn code(text: &str) -> String {
    let mut run = 0;
    let mut max_run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            max_run = max_run.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(max_run + 1);
    if max_run == 0 {
        format!("`{text}`")
    } else {
        format!("{fence} {text} {fence}")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    Text,
    Item,
}

/// A bullet (`-`, `*`, `+`, `•`) or numbered (`1.`, `1)`) list item: its Markdown marker and text.
fn list_item(line: &str) -> Option<(String, &str)> {
    for bullet in ["- ", "* ", "+ ", "• ", "· "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            // A doubled marker (`- - x`, the vendor's slip) is one item, not an empty nested list.
            let mut rest = rest.trim_start();
            while let Some(inner) = rest.strip_prefix(bullet) {
                rest = inner.trim_start();
            }
            if !rest.is_empty() {
                return Some(("-".into(), rest));
            }
        }
    }
    let digits = line.find(|c: char| !c.is_ascii_digit())?;
    if digits == 0 || digits > 3 {
        return None;
    }
    let after = &line[digits..];
    let rest = after
        .strip_prefix(". ")
        .or_else(|| after.strip_prefix(") "))?
        .trim_start();
    (!rest.is_empty()).then(|| (format!("{}.", &line[..digits]), rest))
}

/// Escapes one line's Markdown that is not meant as markup, outside code spans; URLs become
/// autolinks.
fn inline(line: &str) -> String {
    let balanced = line.matches('`').count().is_multiple_of(2);
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' && balanced {
            in_code = !in_code;
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if in_code {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest
                .find(|c: char| !c.is_ascii_graphic() || matches!(c, '<' | '>' | '"' | '`'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', ')', ']', '\'']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        match c {
            '\\' | '[' | ']' | '<' | '>' | '*' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '`' => out.push_str("\\`"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Outer doc attributes, one per line (`/// line`).
pub fn attrs(text: &str) -> TokenStream {
    doc_attrs(text, false)
}

/// Inner doc attributes, one per line (`//! line`).
pub fn inner_attrs(text: &str) -> TokenStream {
    doc_attrs(text, true)
}

fn doc_attrs(text: &str, inner: bool) -> TokenStream {
    let lines: Vec<String> = text
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect();
    if lines.is_empty() {
        return TokenStream::new();
    }
    // While a file is being emitted (see [`defer_docs`]), the whole text stands in the
    // tokens as one short placeholder attribute, and is spliced into the formatted file instead:
    // syn would otherwise unescape every doc line and prettyplease print it, for the same
    // `///` lines.
    let placeholder = DEFERRED.with(|d| {
        let mut d = d.borrow_mut();
        let list = d.as_mut()?;
        list.push(lines.clone());
        Some(format!("{PLACEHOLDER}{}", list.len() - 1))
    });
    let lines = placeholder.map_or(lines, |p| vec![p]);
    let lines = lines.iter();
    if inner {
        quote! { #(#![doc = #lines])* }
    } else {
        quote! { #(#[doc = #lines])* }
    }
}

/// Starts a placeholder doc line: a private-use character, which no doc line the generator
/// writes starts with (each starts with a space or is empty).
const PLACEHOLDER: char = '\u{E000}';

thread_local! {
    static DEFERRED: std::cell::RefCell<Option<Vec<Vec<String>>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `build` (building one file's tokens) with doc texts deferred: each [`attrs`] or
/// [`inner_attrs`] call inside it stands as one placeholder line, and the texts are answered
/// beside `build`'s result, in placeholder order, for [`splice_docs`].
pub(crate) fn defer_docs<R>(build: impl FnOnce() -> R) -> (R, Vec<Vec<String>>) {
    let outer = DEFERRED.with(|d| d.borrow_mut().replace(Vec::new()));
    let result = build();
    let docs = DEFERRED
        .with(|d| std::mem::replace(&mut *d.borrow_mut(), outer))
        .unwrap_or_default();
    (result, docs)
}

/// Puts the doc lines deferred by [`defer_docs`] in their placeholders' place in the formatted
/// `text`, indented as the placeholder is, exactly as prettyplease prints a doc attribute (`///`
/// or `//!`, then the line without its trailing spaces). Answers `None` unless each placeholder
/// came out alone on its line and each was found (the caller then formats without deferring).
pub(crate) fn splice_docs(text: &str, docs: &[Vec<String>]) -> Option<String> {
    let mut seen = vec![false; docs.len()];
    let mut out = String::with_capacity(
        text.len() + docs.iter().flatten().map(|l| l.len() + 16).sum::<usize>(),
    );
    for line in text.split_inclusive('\n') {
        let body = line.trim_start_matches(' ');
        let indent = &line[..line.len() - body.len()];
        let found = ["///", "//!"].into_iter().find_map(|mark| {
            let n = body
                .strip_prefix(mark)?
                .strip_prefix(PLACEHOLDER)?
                .strip_suffix('\n')?;
            Some((mark, n.parse::<usize>().ok()?))
        });
        match found {
            Some((mark, n)) => {
                *seen.get_mut(n)? = true;
                for l in docs.get(n)? {
                    out.push_str(indent);
                    out.push_str(mark);
                    out.push_str(l.trim_end_matches(' '));
                    out.push('\n');
                }
            }
            None => {
                if body.contains(PLACEHOLDER) {
                    // A placeholder printed some other way: do not guess.
                    return None;
                }
                out.push_str(line);
            }
        }
    }
    seen.iter().all(|f| *f).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_set_off_and_continuations_end_them() {
        let got = render("状态：\n* 0: 创建中\n* 1: 已创建\n其他值保留。");
        assert_eq!(got, "状态：\n\n- 0: 创建中\n- 1: 已创建\n\n其他值保留。");
        let got = render("Values:\n  - a [x]\n  1. <b>");
        assert_eq!(got, "Values:\n\n- a \\[x\\]\n1. \\<b\\>");
        assert_eq!(render("x\n- - only once"), "x\n\n- only once");
    }

    #[test]
    fn markup_not_meant_is_literal() {
        assert_eq!(render("-"), "");
        assert_eq!(render(" - "), "");
        assert_eq!(
            render("see https://example.com/a?b=1. #1 *x* `a[0]`"),
            "see <https://example.com/a?b=1>. \\#1 \\*x\\* `a[0]`"
        );
        assert_eq!(
            render("平台 [https://a.example/vod]，[x] [https://a b]"),
            "平台 (<https://a.example/vod>)，\\[x\\] \\[<https://a> b\\]"
        );
        assert_eq!(render("2023. year"), "2023\\. year");
        assert_eq!(render("a ` b"), "a \\` b");
        assert_eq!(code("a`b"), "`` a`b ``");
    }

    #[test]
    fn page_references_become_addresses_while_a_pattern_is_set() {
        let text =
            "参看 Region 对照表 [1167931#region]。See [155125] and [1167931#x y], [12], [a].";
        assert!(render(text).contains("\\[1167931\\#region\\]"));
        let got = with_pages(Some("https://docs.example/6348/{page}"), || render(text));
        assert_eq!(
            got,
            "参看 Region 对照表 (<https://docs.example/6348/1167931#region>)。See \
             (<https://docs.example/6348/155125>) and \\[1167931\\#x y\\], \\[12\\], \\[a\\]."
        );
        // The pattern ends with the closure.
        assert!(!render(text).contains("docs.example"));
    }
}
