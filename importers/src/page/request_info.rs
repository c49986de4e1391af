//! What the page says about the request itself: method, URL (host, action, version), family and
//! doc page, from labelled lines (`请求方式：**POST**`, `- **URL:** ...`) and the title.

use std::collections::BTreeMap;

use super::lang::is_cjk;
use super::read::{strip_links, Page, Role};
use super::{ImportError, Note, Options};

/// The request line's facts, as far as the page states them.
#[derive(Debug, Default)]
pub(super) struct RequestInfo {
    /// The method word and its line.
    pub(super) method: Option<(usize, String)>,
    /// The request URL and its line.
    pub(super) url: Option<(usize, String)>,
    /// A digest's `**Family:**` line, lower-cased.
    pub(super) family: Option<String>,
    /// A digest's `**Doc page:**` URL.
    pub(super) doc_url: Option<String>,
    /// The URL's host.
    pub(super) host: String,
    /// The action: the URL's `Action=`, else the title.
    pub(super) action: Option<String>,
    /// The version: the URL's `Version=`, else the title's `(Version V)`.
    pub(super) version: Option<String>,
}

impl RequestInfo {
    /// Reads the labelled lines, request lines and URLs (in prose, then in code blocks), the
    /// `Action`/`Version` rows of tables outside the parameter sections, and the title.
    pub(super) fn read(page: &Page<'_>, notes: &mut Vec<Note>) -> RequestInfo {
        let mut info = RequestInfo::default();
        let code_lines = page
            .blocks
            .iter()
            .flat_map(|b| b.code.iter().flat_map(|(_, lines)| lines.iter().copied()));
        let lines: Vec<(usize, &str)> = page.prose.iter().copied().chain(code_lines).collect();
        for &(no, l) in &lines {
            if info.method.is_none() {
                if let Some(m) = after_label(l, METHOD_LABELS) {
                    info.method = Some((no, m));
                }
            }
            if info.url.is_none() {
                if let Some(u) = after_label(l, URL_LABELS) {
                    if u.starts_with("http") {
                        info.url = Some((no, u));
                    }
                }
            }
            if let Some((m, u)) = request_line(l) {
                if info.method.is_none() {
                    info.method = Some((no, m));
                }
                if info.url.is_none() && u.contains("Action=") {
                    info.url = Some((no, u));
                }
            }
            if info.family.is_none() {
                if let Some(f) = after_label(l, &["**Family:**"]) {
                    info.family = Some(f.to_lowercase());
                }
            }
            if info.doc_url.is_none() {
                if let Some(u) = after_label(l, &["**Doc page:**"]) {
                    if u.starts_with("http") {
                        info.doc_url = Some(u);
                    }
                }
            }
        }
        if info.url.is_none() {
            // Any URL naming the action, wherever the page states it.
            info.url = lines
                .iter()
                .find_map(|&(no, l)| url_in(l).filter(|u| u.contains("Action=")).map(|u| (no, u)));
        }
        let (host, params) = info
            .url
            .as_ref()
            .map(|(_, u)| parse_url(u))
            .unwrap_or_default();
        info.host = host;
        let param = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        info.action = param("Action");
        info.version = param("Version");
        for (k, v) in table_facts(page) {
            match k {
                "Action" if info.action.is_none() => info.action = Some(v),
                "Version" if info.version.is_none() => info.version = Some(v),
                _ => {}
            }
        }
        if info.version.is_none() {
            info.version = lines
                .iter()
                .find_map(|(_, l)| after_label(l, VERSION_LABELS).filter(|v| is_version(v)));
        }
        if let Some((no, title)) = &page.title {
            let (name, v) = title_facts(title);
            match (&info.action, name) {
                (None, Some(n)) => info.action = Some(n),
                (Some(a), Some(n)) if *a != n => notes.push(Note {
                    line: *no,
                    message: format!("the title names `{n}`, the URL `{a}`: the URL wins"),
                }),
                _ => {}
            }
            if info.version.is_none() {
                info.version = v;
            }
        }
        info
    }

    /// The action and version, from the URL or title, else a Query table's `Action`/`Version` rows.
    pub(super) fn action_version(
        &self,
        common: &BTreeMap<&str, String>,
    ) -> Result<(String, String), ImportError> {
        let Some(action) = self
            .action
            .clone()
            .or_else(|| common.get("Action").cloned())
        else {
            return Err(ImportError {
                line: 0,
                message: "no action name: neither a request line or URL with `Action=`, an `Action` row in a table nor a `# Action` title".into(),
            });
        };
        let Some(version) = self
            .version
            .clone()
            .or_else(|| common.get("Version").cloned())
        else {
            return Err(ImportError {
                line: 0,
                message: format!("no version of `{action}`: neither a request line or URL with `Version=`, a `Version` row in a table, a `Version:` line nor a title `(Version V)`"),
            });
        };
        Ok((action, version))
    }

    /// The family (see the module documentation of [`super`] for the order of the guesses).
    pub(super) fn family(
        &self,
        text: &str,
        action: &str,
        opts: &Options,
        notes: &mut Vec<Note>,
    ) -> Result<String, ImportError> {
        let im_links = ["6348/412251", "6348/412253", "(412251#", "(412253#"];
        if let Some(f) = &opts.family {
            Ok(f.clone())
        } else if let Some(f) = opts.known_actions.get(action) {
            notes.push(Note {
                line: 0,
                message: format!("family `{f}`: the family of the existing `{action}` action file (pass --family to choose)"),
            });
            Ok(f.clone())
        } else if let Some(f) = self
            .family
            .as_deref()
            .and_then(|f| f.split_whitespace().next())
        {
            Ok(f.to_string())
        } else if let Some([only]) = opts.host_families.get(&self.host).map(Vec::as_slice) {
            notes.push(Note {
                line: self.url.as_ref().map_or(0, |(n, _)| *n),
                message: format!("family `{only}`: the only family the host `{}` serves (service.yaml's editions); pass --family to choose", self.host),
            });
            Ok(only.clone())
        } else if im_links.iter().any(|l| text.contains(l)) {
            notes.push(Note {
                line: 0,
                message: "family `im`: guessed because the page links the IM OpenAPI's common pages (docs 6348/412251, 6348/412253); pass --family to choose".into(),
            });
            Ok("im".into())
        } else {
            Err(ImportError {
                line: self.url.as_ref().map_or(0, |(n, _)| *n),
                message: format!(
                    "cannot tell the family of `{action}` (host `{}` serves several): pass --family",
                    self.host
                ),
            })
        }
    }
}

/// `https://host/path?A=1&B=2` → (host, parameters, percent-decoded, `+` read as a space).
pub(super) fn parse_url(url: &str) -> (String, Vec<(String, String)>) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (before, query) = rest.split_once('?').unwrap_or((rest, ""));
    let host = before.split('/').next().unwrap_or("").to_string();
    let params = form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    (host, params)
}

/// The text after a label (`请求方式：**POST**`, `- **HTTP method:** POST`): its first word.
fn after_label(line: &str, labels: &[&str]) -> Option<String> {
    let at = labels
        .iter()
        .find_map(|l| line.find(l).map(|i| i + l.len()))?;
    let rest = line[at..].trim_start_matches(|c: char| {
        c == ':' || c == '：' || c == '*' || c == '`' || c.is_whitespace()
    });
    let word: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '*' && *c != '`')
        .collect();
    (!word.is_empty()).then_some(word)
}

const METHOD_LABELS: &[&str] = &[
    "请求方式",
    "请求方法",
    "HTTP method",
    "HTTP Method",
    "Request method",
    "Request Method",
    "Method:",
];
const URL_LABELS: &[&str] = &[
    "请求地址",
    "请求 URL",
    "**URL",
    "URL:**",
    "URL:",
    "Request URL",
    "Request address",
    "Endpoint:",
];
const VERSION_LABELS: &[&str] = &[
    "Version:",
    "Version：",
    "版本：",
    "版本:",
    "API version",
    "接口版本",
];

/// `2020-12-01`.
fn is_version(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// The first `http(s)://` URL of a line, without the Markdown around it.
fn url_in(line: &str) -> Option<String> {
    let at = line.find("https://").or_else(|| line.find("http://"))?;
    let url: String = line[at..]
        .chars()
        .take_while(|c| {
            !c.is_whitespace() && !matches!(c, '*' | '`' | ')' | '>' | '"' | '\'' | '|' | '<' | ']')
        })
        .collect();
    Some(url)
}

/// A request line: `POST https://host?Action=X&Version=Y` (in prose, a list item, bold or code).
fn request_line(line: &str) -> Option<(String, String)> {
    let t = line
        .trim()
        .trim_start_matches(['-', '*', '>', '`', ' '])
        .trim_start();
    let (word, rest) = t.split_once(char::is_whitespace)?;
    let word = word.trim_matches(['*', '`']);
    if !["GET", "POST", "PUT", "DELETE"].contains(&word) {
        return None;
    }
    let rest = rest.trim_start().trim_start_matches(['*', '`', '<']);
    if rest.starts_with("http") {
        Some((word.to_string(), url_in(rest)?))
    } else if rest.starts_with("/?") || rest.starts_with('?') {
        let u: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, '*' | '`'))
            .collect();
        Some((word.to_string(), u))
    } else {
        None
    }
}

/// `Action` and `Version` as tables outside the parameter sections state them: a row whose first
/// cell names the key (`| Action | StopWebcast |`), or a header naming it (`| Action | Version |`).
fn table_facts(page: &Page<'_>) -> Vec<(&'static str, String)> {
    let clean = |c: &str| {
        strip_links(c)
            .trim()
            .trim_matches(['`', '*'])
            .trim()
            .to_string()
    };
    let mut out = Vec::new();
    for b in page
        .blocks
        .iter()
        .filter(|b| !matches!(b.role, Role::Request | Role::Response))
    {
        for t in &b.tables {
            for key in ["Action", "Version"] {
                if let Some(i) = t.header.iter().position(|h| clean(h) == key) {
                    if let Some(v) = t.rows.first().and_then(|(_, r)| r.get(i)) {
                        out.push((key, clean(v)));
                    }
                }
                for (_, r) in &t.rows {
                    if r.first().is_some_and(|c| clean(c) == key) {
                        // The value: the first later cell that is one word (an example column).
                        if let Some(v) = r.iter().skip(1).map(|c| clean(c)).find(|c| {
                            !c.is_empty()
                                && !c.contains(' ')
                                && !c.chars().any(is_cjk)
                                && c != "String"
                        }) {
                            out.push((key, v));
                        }
                    }
                }
            }
        }
    }
    out.retain(|(k, v)| *k != "Version" || is_version(v));
    out
}

/// The title's action (its PascalCase ASCII word) and version (`(Version V)`, `V`).
fn title_facts(title: &str) -> (Option<String>, Option<String>) {
    let words: Vec<&str> = title
        .split(|c: char| {
            c.is_whitespace() || matches!(c, '(' | ')' | '（' | '）' | ':' | '：' | '`' | '—' | ',')
        })
        .filter(|w| !w.is_empty())
        .collect();
    let version = words
        .iter()
        .zip(words.iter().skip(1))
        .find(|(a, b)| ["Version", "version", "版本"].contains(a) && is_version(b))
        .map(|(_, b)| b.to_string());
    let name = words
        .iter()
        .find(|w| {
            w.len() > 2
                && w.starts_with(|c: char| c.is_ascii_uppercase())
                && w.chars().all(|c| c.is_ascii_alphanumeric())
                && w.chars().skip(1).any(|c| c.is_ascii_lowercase())
                && w.chars().filter(char::is_ascii_uppercase).count() >= 2
                && **w != "Version"
        })
        .map(|w| w.to_string());
    (name, version)
}
