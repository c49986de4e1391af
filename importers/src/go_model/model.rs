//! `model.go`: struct declarations, their fields, tags and comments.

use super::lex::{parse_tag, tokenize, CommentBlock, Parser, Tok};
use std::collections::BTreeMap;

use super::lex::describe;
use super::{GoError, GoField, GoModel, GoStruct, GoType};

/// Parses a `model.go`. `file` names the file in errors.
pub fn parse_model(file: &str, text: &str) -> Result<GoModel, GoError> {
    let toks = tokenize(file, text)?;
    let mut p = Parser { file, toks, pos: 0 };
    let mut model = GoModel {
        file: file.to_string(),
        ..GoModel::default()
    };
    let mut comments = CommentBlock::default();
    loop {
        let line = p.line();
        match p.peek().clone() {
            Tok::Eof => break,
            Tok::Newline => {
                p.bump();
            }
            Tok::Comment(c) => {
                comments.push(c, line);
                p.bump();
            }
            Tok::Ident(kw) if kw == "type" => {
                let doc = comments.take_for(line);
                p.bump();
                if p.is_punct('(') {
                    p.bump();
                    let mut inner = CommentBlock::default();
                    loop {
                        let l = p.line();
                        match p.peek().clone() {
                            Tok::Newline | Tok::Punct(';') => {
                                p.bump();
                            }
                            Tok::Comment(c) => {
                                inner.push(c, l);
                                p.bump();
                            }
                            Tok::Punct(')') => {
                                p.bump();
                                break;
                            }
                            Tok::Eof => return Err(p.err("unclosed `type (`")),
                            _ => {
                                let d = inner.take_for(l);
                                type_spec(&mut p, &mut model, d)?;
                            }
                        }
                    }
                } else {
                    type_spec(&mut p, &mut model, doc)?;
                }
            }
            Tok::Ident(kw) if kw == "package" || kw == "import" => {
                comments.take_for(0);
                p.bump();
                p.skip_statement()?;
            }
            Tok::Ident(kw) if kw == "const" || kw == "var" || kw == "func" => {
                comments.take_for(0);
                p.bump();
                p.skip_statement()?;
            }
            other => {
                return Err(p.err(format!(
                    "unexpected {} at the top level (expected a `type` declaration)",
                    describe(&other)
                )))
            }
        }
    }
    Ok(model)
}

/// `Name struct {...}`, `Name T` or `Name = T`, after `type`.
pub(crate) fn type_spec(
    p: &mut Parser<'_>,
    model: &mut GoModel,
    doc: Vec<String>,
) -> Result<(), GoError> {
    let line = p.line();
    let name = p.ident()?;
    if model.structs.contains_key(&name) || model.others.contains_key(&name) {
        return Err(p.err(format!("type `{name}` is declared twice")));
    }
    if *p.peek() == Tok::Ident("struct".into()) {
        p.bump();
        let (fields, embedded) = struct_body(p)?;
        model.structs.insert(
            name.clone(),
            GoStruct {
                name,
                line,
                doc,
                fields,
                embedded,
            },
        );
    } else {
        if p.is_punct('=') {
            p.bump();
        }
        let ty = p.ty()?;
        model.others.insert(name, (ty, line));
    }
    Ok(())
}

pub(crate) fn struct_body(p: &mut Parser<'_>) -> Result<(Vec<GoField>, Vec<GoType>), GoError> {
    p.expect_punct('{')?;
    let mut fields = Vec::new();
    let mut embedded = Vec::new();
    let mut comments = CommentBlock::default();
    loop {
        let line = p.line();
        match p.peek().clone() {
            Tok::Newline | Tok::Punct(';') => {
                p.bump();
            }
            Tok::Comment(c) => {
                comments.push(c, line);
                p.bump();
            }
            Tok::Punct('}') => {
                p.bump();
                return Ok((fields, embedded));
            }
            Tok::Eof => return Err(p.err("unclosed struct")),
            Tok::Punct('*') => {
                comments.take_for(0);
                embedded.push(p.ty()?);
                end_of_field(p)?;
            }
            Tok::Ident(name) => {
                let comment = comments.take_for(line);
                let embedded_here = matches!(
                    p.peek_at(1),
                    Tok::Newline
                        | Tok::Punct('}' | '.' | ';')
                        | Tok::Str(_, true)
                        | Tok::Comment(_)
                );
                if embedded_here {
                    embedded.push(p.ty()?);
                    end_of_field(p)?;
                    continue;
                }
                p.bump();
                if p.is_punct(',') {
                    return Err(p.err(format!(
                        "several names in one field declaration (`{name}, ...`) are not supported"
                    )));
                }
                let ty = p.ty()?;
                let tags = match p.peek().clone() {
                    Tok::Str(s, _) => {
                        p.bump();
                        parse_tag(&s)
                    }
                    _ => BTreeMap::new(),
                };
                end_of_field(p)?;
                fields.push(GoField {
                    name,
                    ty,
                    tags,
                    comment,
                    line,
                });
            }
            other => {
                return Err(p.err(format!(
                    "unexpected {} in a struct (expected a field)",
                    describe(&other)
                )))
            }
        }
    }
}

/// After a field: an optional tag was read; a trailing comment, then the end of the line or `}`.
pub(crate) fn end_of_field(p: &mut Parser<'_>) -> Result<(), GoError> {
    if matches!(p.peek(), Tok::Str(_, _)) {
        p.bump();
    }
    if matches!(p.peek(), Tok::Comment(_)) {
        p.bump();
    }
    match p.peek() {
        Tok::Newline | Tok::Punct('}' | ';') | Tok::Eof => Ok(()),
        other => Err(p.err(format!(
            "unexpected {} after a field",
            describe(&other.clone())
        ))),
    }
}
