//! `config.go`: the composite literals `ApiListInfo` and `ServiceInfoMap`.

use super::lex::{describe, tokenize, Parser, Tok};
use super::{ApiInfo, GoConfig, GoError, ServiceInfo};

/// A value in a composite literal.
#[derive(Debug, Clone)]
pub(crate) enum Lit {
    Composite {
        elems: Vec<(Option<Lit>, Lit)>,
        line: usize,
    },
    Str(String, usize),
    Ident(String, usize),
    Other(usize),
}

impl Lit {
    pub(crate) fn line(&self) -> usize {
        match self {
            Lit::Composite { line, .. }
            | Lit::Str(_, line)
            | Lit::Ident(_, line)
            | Lit::Other(line) => *line,
        }
    }

    /// The value of the element with this key (a name or a string).
    pub(crate) fn get(&self, key: &str) -> Option<&Lit> {
        let Lit::Composite { elems, .. } = self else {
            return None;
        };
        elems.iter().find_map(|(k, v)| match k {
            Some(Lit::Ident(n, _)) | Some(Lit::Str(n, _)) if n == key => Some(v),
            _ => None,
        })
    }

    pub(crate) fn string(&self) -> Option<&str> {
        match self {
            Lit::Str(s, _) => Some(s),
            _ => None,
        }
    }

    /// The first string of `[]string{"x"}`.
    pub(crate) fn first_string(&self) -> Option<&str> {
        match self {
            Lit::Composite { elems, .. } => elems.first().and_then(|(_, v)| v.string()),
            Lit::Str(s, _) => Some(s),
            _ => None,
        }
    }
}

impl Parser<'_> {
    pub(crate) fn value(&mut self) -> Result<Lit, GoError> {
        self.skip_newlines();
        let line = self.line();
        match self.peek().clone() {
            Tok::Str(s, _) => {
                self.bump();
                Ok(Lit::Str(s, line))
            }
            Tok::Punct('{') => self.composite(line),
            Tok::Punct('&') => {
                self.bump();
                self.value()
            }
            Tok::Punct('[' | '*') => {
                self.ty()?;
                self.composite(line)
            }
            Tok::Ident(name) if name == "map" => {
                self.ty()?;
                self.composite(line)
            }
            Tok::Ident(_) => {
                let mut path = self.ident()?;
                while self.is_punct('.') {
                    self.bump();
                    path.push('.');
                    path.push_str(&self.ident()?);
                }
                if self.is_punct('{') {
                    self.composite(line)
                } else if matches!(self.peek(), Tok::Punct(',' | '}' | ':') | Tok::Newline) {
                    Ok(Lit::Ident(path, line))
                } else {
                    self.skip_expression();
                    Ok(Lit::Other(line))
                }
            }
            Tok::Num(_) => {
                self.skip_expression();
                Ok(Lit::Other(line))
            }
            other => Err(self.err(format!("expected a value, found {}", describe(&other)))),
        }
    }

    /// Skips an expression up to `,` or `}` at depth 0.
    pub(crate) fn skip_expression(&mut self) {
        let mut depth = 0usize;
        loop {
            match self.peek() {
                Tok::Eof => return,
                Tok::Punct(',' | '}') | Tok::Newline if depth == 0 => return,
                Tok::Punct('(' | '{' | '[') => depth += 1,
                Tok::Punct(')' | '}' | ']') => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.bump();
        }
    }

    pub(crate) fn composite(&mut self, line: usize) -> Result<Lit, GoError> {
        self.expect_punct('{')?;
        let mut elems = Vec::new();
        loop {
            self.skip_newlines();
            if self.is_punct('}') {
                self.bump();
                return Ok(Lit::Composite { elems, line });
            }
            let first = self.value()?;
            let elem = if self.is_punct(':') {
                self.bump();
                (Some(first), self.value()?)
            } else {
                (None, first)
            };
            elems.push(elem);
            self.skip_newlines();
            if self.is_punct(',') {
                self.bump();
            } else if !self.is_punct('}') {
                return Err(self.err(format!(
                    "expected `,` or `}}` in a composite literal, found {}",
                    describe(self.peek())
                )));
            }
        }
    }
}

/// Parses a `config.go`: `ApiListInfo` and `ServiceInfoMap`. `file` names the file in errors.
pub fn parse_config(file: &str, text: &str) -> Result<GoConfig, GoError> {
    let toks = tokenize(file, text)?;
    let mut p = Parser { file, toks, pos: 0 };
    let mut config = GoConfig {
        file: file.to_string(),
        ..GoConfig::default()
    };
    let err = |line: usize, message: String| GoError {
        file: file.to_string(),
        line,
        message,
    };
    let mut found_api = false;
    while *p.peek() != Tok::Eof {
        let is_target = matches!(p.peek(), Tok::Ident(n) if n == "ApiListInfo" || n == "ServiceInfoMap")
            && *p.peek_at(1) == Tok::Punct('=');
        if !is_target {
            p.bump();
            continue;
        }
        let Tok::Ident(name) = p.bump().tok else {
            unreachable!("checked above")
        };
        p.bump(); // `=`
        let lit = p.value()?;
        let Lit::Composite { elems, .. } = &lit else {
            return Err(err(
                lit.line(),
                format!("`{name}` is not a composite literal"),
            ));
        };
        for (key, value) in elems {
            let Some(Lit::Str(key, _)) = key else {
                return Err(err(
                    value.line(),
                    format!("an entry of `{name}` without a string key"),
                ));
            };
            let line = value.line();
            if name == "ApiListInfo" {
                found_api = true;
                let method = match value.get("Method") {
                    Some(Lit::Ident(m, _)) => match m.as_str() {
                        "http.MethodGet" => "GET",
                        "http.MethodPost" => "POST",
                        other => {
                            return Err(err(line, format!("{key}: unsupported method `{other}`")))
                        }
                    },
                    Some(Lit::Str(m, _)) if m == "GET" || m == "POST" => m.as_str(),
                    _ => {
                        return Err(err(
                            line,
                            format!("{key}: no `Method: http.MethodGet/Post`"),
                        ))
                    }
                }
                .to_string();
                let query = value.get("Query");
                let version = query
                    .and_then(|q| q.get("Version"))
                    .and_then(Lit::first_string)
                    .ok_or_else(|| err(line, format!("{key}: no `Query` `Version`")))?
                    .to_string();
                if let Some(a) = query
                    .and_then(|q| q.get("Action"))
                    .and_then(Lit::first_string)
                {
                    if a != key {
                        return Err(err(
                            line,
                            format!("{key}: its Query names another action, `{a}`"),
                        ));
                    }
                }
                if config.apis.iter().any(|x| &x.action == key) {
                    return Err(err(line, format!("action `{key}` is listed twice")));
                }
                config.apis.push(ApiInfo {
                    action: key.clone(),
                    method,
                    version,
                    line,
                });
            } else {
                let host = value
                    .get("Host")
                    .and_then(Lit::string)
                    .ok_or_else(|| err(line, format!("{key}: no `Host`")))?
                    .to_string();
                let signing_region = value
                    .get("Credentials")
                    .and_then(|c| c.get("Region"))
                    .and_then(Lit::string)
                    .unwrap_or(key)
                    .to_string();
                config.services.push(ServiceInfo {
                    region: key.clone(),
                    host,
                    signing_region,
                    line,
                });
            }
        }
    }
    if !found_api {
        return Err(err(
            1,
            "no `ApiListInfo = map[...]...{...}` in the file".into(),
        ));
    }
    Ok(config)
}
