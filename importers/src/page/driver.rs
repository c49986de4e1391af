//! The driver: a page read into sections, its tables sorted into query, body, result and nested
//! types, and the draft assembled from the request facts, the fields, the texts and the example.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use codegen::spec::{ActionSpec, FakeBehaviour, Field, Limits, Method, Placement, Text};

use super::examples::example;
use super::json::example_text;
use super::lang::Language;
use super::nest::{Ctx, Nested};
use super::prose::{bare_result, page_language, unread_text};
use super::read::{param_rows, read_page, Page, RawField, Role};
use super::request_info::RequestInfo;
use super::split::join_split_rows;
use super::types::todo_text;
use super::{Draft, ImportError, Note, Options};

/// The page's parameter tables, sorted by what they describe.
struct Tables {
    query_rows: Vec<RawField>,
    body_rows: Vec<RawField>,
    result_rows: Vec<RawField>,
    has_body: bool,
    /// A `Body` heading holds a table.
    explicit_body: bool,
    /// The line of the first request table under no `Query`/`Body` heading.
    loose: Option<usize>,
    result_optional: bool,
    nested: Vec<Nested>,
    result_line: usize,
    /// The Query table's `Action` and `Version` rows' examples.
    common: BTreeMap<&'static str, String>,
}

impl Tables {
    fn collect(page: &Page<'_>, notes: &mut Vec<Note>) -> Tables {
        let mut query_rows: Vec<RawField> = Vec::new();
        let mut body_rows: Vec<RawField> = Vec::new();
        let mut result_rows: Vec<RawField> = Vec::new();
        let mut has_body = false;
        let mut explicit_body = false;
        let mut loose = None;
        let mut result_optional = false;
        let mut nested: Vec<Nested> = Vec::new();
        let mut result_line = 0;
        let mut common: BTreeMap<&'static str, String> = BTreeMap::new();
        for b in &page.blocks {
            let response = match b.role {
                Role::Request => false,
                Role::Response => true,
                _ => continue,
            };
            let sub = b.sub.as_deref().map(str::to_ascii_lowercase);
            for t in &b.tables {
                let Some(rows) = param_rows(t, notes) else {
                    continue;
                };
                let rows = if response {
                    rows
                } else {
                    // `Action` and `Version` rows, in whichever request table, are the request
                    // line's facts, not fields.
                    let (facts, fields): (Vec<RawField>, Vec<RawField>) = rows
                        .into_iter()
                        .partition(|r| r.name == "Action" || r.name == "Version");
                    for r in facts {
                        if let Some(e) = example_text(&r.example) {
                            let key = if r.name == "Action" {
                                "Action"
                            } else {
                                "Version"
                            };
                            common.entry(key).or_insert(e);
                        }
                    }
                    fields
                };
                match (response, sub.as_deref()) {
                    (false, Some(s)) if s.starts_with("query") || s.starts_with("查询") => {
                        query_rows.extend(rows);
                    }
                    (false, Some(s)) if s.starts_with("body") || s.starts_with("请求体") => {
                        explicit_body = true;
                        has_body = true;
                        body_rows.extend(rows);
                    }
                    (false, None) if rows.is_empty() => {}
                    (false, None) => {
                        // Placed by the method (see `place_loose_rows`).
                        loose.get_or_insert(t.line);
                        has_body = true;
                        body_rows.extend(rows);
                    }
                    (true, None) if rows.iter().any(|r| r.name == "ResponseMetadata") => {
                        // A digest's envelope: only whether `Result` may be absent.
                        if let Some(r) = rows.iter().find(|r| r.name == "Result") {
                            result_optional = r.required == Some(false);
                        }
                    }
                    (true, None) => {
                        result_line = t.line;
                        result_rows.extend(rows);
                    }
                    (true, Some("result")) => {
                        result_line = t.line;
                        result_rows.extend(rows);
                    }
                    (true, Some(s)) if s.starts_with("responsemetadata") => {}
                    (_, Some(_)) => nested.push(Nested {
                        name: b.sub.clone().unwrap_or_default(),
                        line: t.line,
                        rows,
                        response,
                        used: false,
                    }),
                }
            }
        }
        Tables {
            query_rows,
            body_rows,
            result_rows,
            has_body,
            explicit_body,
            loose,
            result_optional,
            nested,
            result_line,
            common,
        }
    }
}

/// Reads a Volcengine API page and makes a draft action of it (see the module documentation).
pub fn import_page(text: &str, opts: &Options) -> Result<Draft, ImportError> {
    let mut notes: Vec<Note> = Vec::new();
    // The rendered pages put no-break spaces around inline code: typography, read as spaces.
    let text = &text.replace('\u{a0}', " ");
    // Rows split over lines become continuation rows (line numbers kept).
    let text = join_split_rows(text);
    let text = &text;
    let page = read_page(text);
    let lang = page_language(&page);
    let info = RequestInfo::read(&page, &mut notes);
    let mut tables = Tables::collect(&page, &mut notes);
    let bare = bare_result(&page, &tables.result_rows);
    if bare.is_some() {
        tables.result_rows.clear();
    }
    let read_lines: BTreeSet<usize> = bare.iter().map(|b| b.line).collect();
    unread_text(&page, &read_lines, &mut notes);
    let (action, version) = info.action_version(&tables.common)?;
    let family = info.family(text, &action, opts, &mut notes)?;
    place_loose_rows(&info, &mut tables, &mut notes);
    let (method, params_in) = method_and_placement(&info, &page, &tables, &mut notes);
    let Tables {
        query_rows,
        body_rows,
        result_rows,
        nested,
        result_optional,
        ..
    } = tables;
    let doc_url = info.doc_url;

    let mut ctx = Ctx {
        action: action.clone(),
        lang,
        notes,
        nested,
        types: BTreeMap::new(),
        named: BTreeMap::new(),
        shared: opts.shared_types.clone(),
        placeholder: BTreeSet::new(),
        leading_zeros: Vec::new(),
    };
    let request_rows = if params_in == Placement::Body {
        body_rows
    } else {
        query_rows
    };
    let request: Vec<Field> = request_rows
        .iter()
        .map(|r| ctx.field(r, &r.name, false, ""))
        .collect();
    let result: Vec<Field> = result_rows
        .iter()
        .map(|r| ctx.field(r, &format!("Result.{}", r.name), true, ""))
        .collect();
    for n in ctx.nested.iter().filter(|n| !n.used) {
        ctx.notes.push(Note {
            line: n.line,
            message: format!("table `{}` describes no field's type: not imported", n.name),
        });
    }
    if !ctx.leading_zeros.is_empty() {
        ctx.notes.push(Note {
            line: 0,
            message: format!(
                "examples with leading zeros read as decimal numbers: {}",
                ctx.leading_zeros.join(", ")
            ),
        });
    }
    let Ctx {
        mut notes,
        types,
        placeholder: placeholder_names,
        ..
    } = ctx;

    let (description, limits) = texts(&page, lang, &mut notes);
    let idempotency_key = idempotency_key(&request, &mut notes);
    let (example, example_repairs) =
        example(&page, &request, &result, bare.as_ref(), &types, &mut notes);
    // A response example whose `Result` is a string says the result is one.
    let result_type = bare.map(|b| b.ty).or_else(|| {
        (result.is_empty() && example.result.as_ref().is_some_and(Value::is_string))
            .then(|| "string".to_string())
    });
    notes.sort_by_key(|n| n.line);

    let spec = ActionSpec {
        action,
        version,
        family,
        rust_name: None,
        method,
        params_in,
        description,
        source: opts.source.clone(),
        doc_url,
        limits,
        idempotency_key,
        read_only: false,
        replay_safe: None,
        group: None,
        paging: None,
        draft: true,
        deviations: Vec::new(),
        request,
        result,
        result_type,
        result_optional,
        types,
        examples: vec![example],
        fake: FakeBehaviour::default(),
    };
    Ok(Draft {
        spec,
        notes,
        placeholder_names,
        example_repairs,
    })
}

/// Request tables under no `Query`/`Body` heading: the query of a GET action (when no `Body`
/// table says otherwise), else the body.
fn place_loose_rows(info: &RequestInfo, tables: &mut Tables, notes: &mut Vec<Note>) {
    let Some(line) = tables.loose else { return };
    let get = info
        .method
        .as_ref()
        .is_some_and(|(_, m)| m.eq_ignore_ascii_case("GET"));
    let to = if get && !tables.explicit_body {
        tables.query_rows.append(&mut tables.body_rows);
        tables.has_body = false;
        "the query (a GET action)"
    } else {
        "the body"
    };
    notes.push(Note {
        line,
        message: format!("a request table under no Query/Body heading: read as {to}"),
    });
}

/// The method (from 请求方式, else guessed from the tables) and where the fields travel.
fn method_and_placement(
    info: &RequestInfo,
    page: &Page<'_>,
    tables: &Tables,
    notes: &mut Vec<Note>,
) -> (Method, Placement) {
    let (has_body, result_line) = (tables.has_body, tables.result_line);
    let (query_rows, result_rows) = (&tables.query_rows, &tables.result_rows);
    let method = match info
        .method
        .as_ref()
        .map(|(n, m)| (*n, m.to_ascii_uppercase()))
    {
        Some((_, m)) if m == "POST" => Method::POST,
        Some((_, m)) if m == "GET" => Method::GET,
        Some((no, m)) => {
            notes.push(Note {
                line: no,
                message: format!("method `{m}` is neither GET nor POST: POST"),
            });
            Method::POST
        }
        None => {
            let m = if has_body { Method::POST } else { Method::GET };
            notes.push(Note {
                line: 0,
                message: format!(
                    "no request method stated (请求方式, Request method or a request line): {m:?} guessed from the tables"
                ),
            });
            m
        }
    };
    let params_in = if has_body || (query_rows.is_empty() && method == Method::POST) {
        Placement::Body
    } else {
        Placement::Query
    };
    if has_body && !query_rows.is_empty() {
        for r in query_rows {
            notes.push(Note {
                line: r.line,
                message: format!("query parameter `{}` of an action with a body: not imported (an action's fields travel in one place)", r.name),
            });
        }
    }
    if method == Method::GET && has_body {
        notes.push(Note {
            line: 0,
            message: "a GET action with a Body table: the loader will refuse it".into(),
        });
    }
    if !page.blocks.iter().any(|b| b.role == Role::Request) {
        notes.push(Note {
            line: 0,
            message: "no 请求参数 section: the request has no fields".into(),
        });
    }
    if !page.blocks.iter().any(|b| b.role == Role::Response) {
        notes.push(Note {
            line: 0,
            message: "no 返回参数 section: the result has no fields".into(),
        });
    } else if result_rows.iter().any(|r| r.required.is_none()) {
        notes.push(Note {
            line: result_line,
            message: "the result table has no required column (是否必选/Required): its fields are marked required"
                .into(),
        });
    }

    (method, params_in)
}

/// The action's description (the intro prose) and limits (注意事项), noting sections not read.
fn texts(page: &Page<'_>, lang: Language, notes: &mut Vec<Note>) -> (Text, Limits) {
    let prose_of = |role: Role| -> Vec<&str> {
        page.blocks
            .iter()
            .filter(|b| b.role == role)
            .flat_map(|b| b.lines.iter().map(|(_, l)| l.trim()))
            .filter(|l| !l.is_empty())
            .collect()
    };
    let mut intro = prose_of(Role::Intro);
    if intro.is_empty() {
        // The prose below a `# Title`, but a digest's labelled lines (`- **Family:** IM`).
        intro = prose_of(Role::Title);
        intro.retain(|l| !l.starts_with('>') && !l.starts_with("- **") && !l.starts_with('|'));
    }
    if intro.is_empty() {
        notes.push(Note {
            line: 0,
            message: "no intro prose: the action's description is empty".into(),
        });
    }
    for (line, title) in &page.others {
        let has_text = page
            .blocks
            .iter()
            .filter(|b| b.section == *line)
            .any(|b| b.lines.iter().any(|(_, l)| !l.trim().is_empty()));
        if has_text {
            notes.push(Note {
                line: *line,
                message: format!("section `{title}` not imported"),
            });
        }
    }
    let mut limits = Limits::default();
    let limit_lines: Vec<(usize, &str)> = page
        .blocks
        .iter()
        .filter(|b| b.role == Role::Limits)
        .flat_map(|b| b.lines.iter().copied())
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    if !limit_lines.is_empty() {
        let text: Vec<&str> = limit_lines.iter().map(|(_, l)| l.trim()).collect();
        limits.description = Some(todo_text(lang, text.join("\n")));
        let qps = limit_lines.iter().find_map(|(_, l)| {
            let at = l.find("QPS")? + 3;
            let digits: String = l[at..]
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse::<u32>().ok()
        });
        match qps {
            Some(q) => limits.qps = Some(q),
            None => notes.push(Note {
                line: limit_lines[0].0,
                message: "注意事项 states no QPS number: only limits.description is set".into(),
            }),
        }
        if text.len() > 1 {
            notes.push(Note {
                line: limit_lines[0].0,
                message: "注意事项 has more than the QPS limit: check limits.description and write any rates".into(),
            });
        }
    }
    (todo_text(lang, intro.join("\n")), limits)
}

/// The idempotency key: the one optional string request field whose description says 幂等.
fn idempotency_key(request: &[Field], notes: &mut Vec<Note>) -> Option<String> {
    let keys: Vec<&Field> = request
        .iter()
        .filter(|f| {
            let d = format!("{} {}", f.description.zh, f.description.en).to_lowercase();
            !f.required && f.ty == "string" && (d.contains("幂等") || d.contains("idempoten"))
        })
        .collect();
    match keys.as_slice() {
        [one] => {
            notes.push(Note {
                line: 0,
                message: format!(
                    "idempotency_key `{}`: guessed from its description (幂等)",
                    one.name
                ),
            });
            Some(one.name.clone())
        }
        _ => None,
    }
}
