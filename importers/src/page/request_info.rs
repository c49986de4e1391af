//! What the page says about the request itself: method, URL (host, action, version), family and
//! doc page, from labelled lines (`请求方式：**POST**`, `- **URL:** ...`) and the title.

use std::collections::BTreeMap;

use super::read::Page;
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
    /// Reads the labelled lines and the title.
    pub(super) fn read(page: &Page<'_>, notes: &mut Vec<Note>) -> RequestInfo {
        let mut info = RequestInfo::default();
        for &(no, l) in &page.prose {
            if info.method.is_none() {
                if let Some(m) = after_label(l, &["请求方式", "HTTP method", "请求方法"]) {
                    info.method = Some((no, m));
                }
            }
            if info.url.is_none() {
                if let Some(u) = after_label(l, &["请求地址", "**URL", "URL:**"]) {
                    if u.starts_with("http") {
                        info.url = Some((no, u));
                    }
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
        let (host, params) = info
            .url
            .as_ref()
            .map(|(_, u)| parse_url(u))
            .unwrap_or_default();
        info.host = host;
        let param = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        info.action = param("Action");
        info.version = param("Version");
        if let Some((no, title)) = &page.title {
            // `SendMessage (Version 2020-12-01)`
            let (name, rest) = title.split_once(' ').unwrap_or((title.as_str(), ""));
            let v = rest
                .trim()
                .strip_prefix("(Version ")
                .and_then(|r| r.strip_suffix(')'))
                .map(str::to_string);
            if info.action.is_none() {
                info.action = Some(name.to_string());
            } else if info.action.as_deref() != Some(name) {
                notes.push(Note {
                    line: *no,
                    message: format!(
                        "the title names `{name}`, the URL {:?}: the URL wins",
                        info.action
                    ),
                });
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
                message: "no action name: neither a 请求地址 URL with `Action=`, a `# Action` title nor a Query table's Action row".into(),
            });
        };
        let Some(version) = self
            .version
            .clone()
            .or_else(|| common.get("Version").cloned())
        else {
            return Err(ImportError {
                line: 0,
                message: format!("no version of `{action}`: neither a URL with `Version=`, a title `(Version V)` nor a Query table's Version row"),
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
