//! Importing the SendMessage page reproduces the finished `api-spec/actions/im/SendMessage.yaml`.
//!
//! `tests/fixtures/pages/SendMessage.md` is a verbatim copy of the vendor's SendMessage page
//! (`shared/seeds/000_fbcd9d7f99149bbd.txt`, which the finished file's `source:` names as the
//! authority for every field, flag, example and description), kept in the project so the test needs
//! nothing outside it. The test imports the copy as `cargo xtask import-page` does and compares the
//! draft with the finished file field by field: wire names and their order, `doc_type`, `type`,
//! `required`, `rust_name`, examples, constraints, Chinese descriptions, nested types, enum values,
//! limits and the example exchange must all match exactly, except for the differences in
//! [`DIFFERENCES`]: each is a deliberate choice of the finished file, stated with its reason, and each
//! is checked for being exactly that difference and no other (and for still being needed).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use codegen::spec::{ActionSpec, Field, TypeDef, TypeKind};
use importers::page::{import_page, Draft, Options, Project, TODO_EN};
use serde_json::Value;

const PAGE: &str = "tests/fixtures/pages/SendMessage.md";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// The page imported as `cargo xtask import-page tests/fixtures/pages/SendMessage.md` does, except
/// that the family is left to the importer's guess (no existing action files are consulted).
fn imported() -> Draft {
    let root = root();
    let text = std::fs::read_to_string(root.join(PAGE)).expect("the page fixture");
    let project = Project::read(&root.join("api-spec"));
    let opts = Options {
        family: None,
        source: PAGE.into(),
        shared_types: project.shared_types.get("im").cloned().unwrap_or_default(),
        known_actions: BTreeMap::new(),
        host_families: project.host_families.clone(),
    };
    import_page(&text, &opts).unwrap_or_else(|e| panic!("{e}"))
}

/// The finished action, with its family's shared types.
struct Finished {
    spec: ActionSpec,
    shared: BTreeMap<String, TypeDef>,
}

fn finished() -> Finished {
    let spec = codegen::load_spec(&root().join("api-spec")).unwrap_or_else(|e| panic!("{e}"));
    let im = spec
        .families
        .iter()
        .find(|f| f.name == "im")
        .expect("im family");
    let action = im
        .actions
        .iter()
        .find(|a| a.spec.action == "SendMessage")
        .expect("SendMessage");
    Finished {
        spec: action.spec.clone(),
        shared: im
            .types
            .iter()
            .map(|t| (t.name.clone(), t.def.clone()))
            .collect(),
    }
}

/// How the finished file deliberately differs from the page at one place.
#[derive(Debug)]
enum Allowed {
    /// The finished action description is the page's intro followed by sentences of the page's
    /// 使用说明 section, which the importer does not read.
    DescriptionFromUsage,
    /// The finished field has the family's shared named type where the page gives only type words.
    SharedType(&'static str),
    /// The draft's enum (named after the field) is this finished enum, with the same values.
    EnumRenamed(&'static str),
    /// The page's value list is the draft's closed enum; the finished field has the family's open
    /// enum of this name and lists the page's values in `constraints.one_of`.
    ValuesAsOneOf(&'static str),
    /// The finished Chinese text joins the page's continuation lines without line breaks.
    ZhJoined,
    /// The finished Chinese text spells the page's value list inline after the first line.
    ZhValuesInline,
    /// The finished type description drops the full stop of the page's first sentence.
    ZhNoFullStop,
    /// The finished field restricts the object to the fields its description names.
    AcceptsOnly,
    /// The finished file has rates written from the page's Priority description.
    RatesFromPriority,
    /// Not on the page: the finished file's own.
    NotOnThePage,
}

/// Every place the finished file differs from the imported page, with why.
const DIFFERENCES: &[(&str, Allowed, &str)] = &[
    (
        "description",
        Allowed::DescriptionFromUsage,
        "the finished description adds the 接口行为 sentences that describe the action (membership, no callback, no mute check); the importer reads only the intro prose as the description",
    ),
    (
        "request.MsgType.type",
        Allowed::SharedType("MsgType"),
        "the page lists no values for MsgType; the finished file uses the family's open MsgType enum (types/im.yaml, from the common message-format page)",
    ),
    (
        "request.Priority.description",
        Allowed::ZhJoined,
        "the page's value lines moved into the Priority enum; the finished text joins the remaining lines into one paragraph",
    ),
    (
        "request.RefMsgInfo.accepts_only",
        Allowed::AcceptsOnly,
        "the description says 该接口中，该字段只需传入 `ReferencedMessageId` 和 `Hint`: a person's reading of prose, not a table fact",
    ),
    (
        "type.RefMsgInfo.description",
        Allowed::ZhNoFullStop,
        "type descriptions are the first sentence of the describing field; the finished file wrote 引用消息 without the full stop",
    ),
    (
        "type.RefMsgInfo.ReferencedMessageType.type",
        Allowed::ValuesAsOneOf("MsgType"),
        "a message type is the family's open MsgType; this field accepts only the six values the page lists, so they are a one_of constraint rather than a second enum",
    ),
    (
        "type.RefMsgInfo.ReferencedMessageType.description",
        Allowed::ZhValuesInline,
        "the shared MsgType's value texts do not say which six values apply here, so the finished text keeps the page's list inline",
    ),
    (
        "type.RefMsgInfo.Status.type",
        Allowed::EnumRenamed("RefMsgStatus"),
        "the importer names an enum after its field (Status); the finished file gives it a name that says whose status it is",
    ),
    (
        "limits.rates",
        Allowed::RatesFromPriority,
        "the two live-group rates are stated in the Priority field's description, not in 注意事项; a person wrote them as rates",
    ),
    (
        "doc_url",
        Allowed::NotOnThePage,
        "the page does not carry its own URL",
    ),
    (
        "source",
        Allowed::NotOnThePage,
        "the draft names the page file it was made from; the finished file names the seed and how it used the Go model",
    ),
    (
        "fake",
        Allowed::NotOnThePage,
        "how the local fake server behaves is the project's, not the page's",
    ),
    (
        "deviations",
        Allowed::NotOnThePage,
        "the differences from the vendor's Go model are recorded for spec-drift; the page knows no model",
    ),
];

struct Cmp<'a> {
    draft: &'a Draft,
    fin: &'a Finished,
    problems: Vec<String>,
    used: BTreeSet<&'static str>,
    draft_types_seen: BTreeSet<String>,
    finished_types_seen: BTreeSet<String>,
}

impl<'a> Cmp<'a> {
    fn allowed(&mut self, path: &str) -> Option<&'static Allowed> {
        let (p, a, _) = DIFFERENCES.iter().find(|(p, _, _)| *p == path)?;
        self.used.insert(p);
        Some(a)
    }

    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.problems.push(what());
        }
    }

    fn eq<T: PartialEq + std::fmt::Debug>(&mut self, path: &str, draft: T, finished: T) {
        self.check(draft == finished, || {
            format!("{path}: imported {draft:?}, finished {finished:?}")
        });
    }

    fn en(&mut self, path: &str, en: &str) {
        self.check(en == TODO_EN, || {
            format!("{path}: the draft's English is {en:?}, not the TODO marker")
        });
    }

    fn zh(&mut self, path: &str, draft: &str, finished: &str, draft_enum: Option<&TypeDef>) {
        match self.allowed(path) {
            None => self.eq(path, draft, finished),
            Some(Allowed::ZhJoined) => {
                self.check(draft.contains('\n'), || {
                    format!("{path}: allowed to differ by line breaks, but the draft has none")
                });
                self.eq(path, draft.replace('\n', "").as_str(), finished);
            }
            Some(Allowed::ZhNoFullStop) => {
                self.check(draft.ends_with('。'), || {
                    format!("{path}: the draft {draft:?} has no full stop to drop")
                });
                self.eq(path, draft.trim_end_matches('。'), finished);
            }
            Some(Allowed::ZhValuesInline) => {
                self.check(finished.starts_with(draft), || {
                    format!("{path}: {finished:?} does not start with the page's {draft:?}")
                });
                let values = draft_enum.map_or(&[][..], |e| e.values.as_slice());
                self.check(!values.is_empty(), || {
                    format!("{path}: the draft has no value list")
                });
                for v in values {
                    let item =
                        format!("`{}`：{}", v.value, v.description.zh.trim_end_matches('。'));
                    self.check(finished.contains(&item), || {
                        format!("{path}: the finished text lacks the page's value {item:?}")
                    });
                }
            }
            Some(other) => self
                .problems
                .push(format!("{path}: {other:?} is no text difference")),
        }
    }

    fn fields(&mut self, at: &str, draft: &[Field], finished: &[Field]) {
        let dn: Vec<&str> = draft.iter().map(|f| f.name.as_str()).collect();
        let fnames: Vec<&str> = finished.iter().map(|f| f.name.as_str()).collect();
        self.eq(&format!("{at} wire names"), &dn, &fnames);
        for (d, f) in draft.iter().zip(finished) {
            let p = format!("{at}.{}", d.name);
            self.eq(&format!("{p}.doc_type"), &d.doc_type, &f.doc_type);
            self.eq(&format!("{p}.required"), d.required, f.required);
            self.eq(&format!("{p}.rust_name"), &d.rust_name, &f.rust_name);
            self.eq(&format!("{p}.example"), &d.example, &f.example);
            self.eq(&format!("{p}.source"), &d.source, &f.source);
            self.en(&format!("{p}.description.en"), &d.description.en);
            let draft_enum = self
                .draft
                .spec
                .types
                .get(&d.ty)
                .filter(|t| t.kind == TypeKind::Enum);
            self.zh(
                &format!("{p}.description"),
                &d.description.zh,
                &f.description.zh,
                draft_enum,
            );
            match self.allowed(&format!("{p}.accepts_only")) {
                Some(Allowed::AcceptsOnly) => {
                    self.eq(&format!("{p}.accepts_only (draft)"), &d.accepts_only, &None);
                    for name in f.accepts_only.iter().flatten() {
                        let named = d.description.zh.contains(&format!("`{name}`"));
                        self.check(named, || {
                            format!(
                                "{p}.accepts_only: `{name}` is not named in the page's description"
                            )
                        });
                    }
                }
                _ => self.eq(
                    &format!("{p}.accepts_only"),
                    &d.accepts_only,
                    &f.accepts_only,
                ),
            }
            self.ty(&p, d, f);
        }
    }

    fn ty(&mut self, p: &str, d: &Field, f: &Field) {
        let path = format!("{p}.type");
        match self.allowed(&path) {
            Some(Allowed::SharedType(name)) => {
                self.eq(&path, f.ty.as_str(), *name);
                self.check(self.fin.shared.contains_key(*name), || {
                    format!("{path}: `{name}` is not a shared type")
                });
                self.check(!self.draft.spec.types.contains_key(&d.ty), || {
                    format!(
                        "{path}: the draft's `{}` is not the page's plain type words",
                        d.ty
                    )
                });
                self.eq(&format!("{p}.constraints"), &d.constraints, &f.constraints);
            }
            Some(Allowed::EnumRenamed(name)) => {
                self.eq(&path, f.ty.as_str(), *name);
                self.eq(&format!("{p}.constraints"), &d.constraints, &f.constraints);
                self.named(&d.ty, &f.ty);
            }
            Some(Allowed::ValuesAsOneOf(name)) => {
                self.eq(&path, f.ty.as_str(), *name);
                self.draft_types_seen.insert(d.ty.clone());
                let shared = self.fin.shared.get(*name);
                self.check(shared.is_some_and(|s| s.open), || {
                    format!("{path}: `{name}` is not an open shared enum")
                });
                let Some(de) = self.draft.spec.types.get(&d.ty) else {
                    self.problems
                        .push(format!("{path}: the draft's `{}` is no type", d.ty));
                    return;
                };
                let page_values: Vec<Value> = de.values.iter().map(|v| v.value.clone()).collect();
                self.eq(
                    &format!("{p}.constraints.one_of"),
                    Some(&page_values),
                    f.constraints.one_of.as_ref(),
                );
                self.eq(
                    &format!("{p}.constraints (draft)"),
                    &d.constraints,
                    &Default::default(),
                );
                for v in &de.values {
                    let known = shared
                        .and_then(|s| s.values.iter().find(|x| x.value == v.value))
                        .map(|x| x.description.zh.as_str());
                    self.eq(
                        &format!("{p} value {}", v.value),
                        Some(v.description.zh.trim_end_matches('。')),
                        known,
                    );
                    self.en(&format!("{p} value {}", v.value), &v.description.en);
                }
                self.eq(
                    &format!("{}.base", d.ty),
                    de.base.as_deref(),
                    shared.and_then(|s| s.base.as_deref()),
                );
            }
            Some(other) => self
                .problems
                .push(format!("{path}: {other:?} is no type difference")),
            None => {
                self.eq(&path, &d.ty, &f.ty);
                self.eq(&format!("{p}.constraints"), &d.constraints, &f.constraints);
                let inner = |t: &str| {
                    t.trim_start_matches("list<")
                        .trim_start_matches("map<string,")
                        .trim_end_matches('>')
                        .to_string()
                };
                let (dn, fname) = (inner(&d.ty), inner(&f.ty));
                if self.draft.spec.types.contains_key(&dn) {
                    self.named(&dn, &fname);
                }
            }
        }
    }

    /// Compares a draft type with the finished file's local type of the same meaning.
    fn named(&mut self, dname: &str, fname: &str) {
        self.draft_types_seen.insert(dname.to_string());
        self.finished_types_seen.insert(fname.to_string());
        let (Some(d), Some(f)) = (
            self.draft.spec.types.get(dname),
            self.fin.spec.types.get(fname),
        ) else {
            self.problems.push(format!(
                "type {dname}/{fname}: missing in the draft or the finished file"
            ));
            return;
        };
        let p = format!("type.{fname}");
        self.eq(&format!("{p}.kind"), d.kind, f.kind);
        self.en(&format!("{p}.description.en"), &d.description.en);
        self.zh(
            &format!("{p}.description"),
            &d.description.zh,
            &f.description.zh,
            None,
        );
        match d.kind {
            TypeKind::Object => self.fields(&p, &d.fields, &f.fields),
            _ => {
                self.eq(&format!("{p}.base"), &d.base, &f.base);
                self.eq(&format!("{p}.open"), d.open, f.open);
                let dv: Vec<(&Value, &str)> = d
                    .values
                    .iter()
                    .map(|v| (&v.value, v.description.zh.as_str()))
                    .collect();
                let fv: Vec<(&Value, &str)> = f
                    .values
                    .iter()
                    .map(|v| (&v.value, v.description.zh.as_str()))
                    .collect();
                self.eq(&format!("{p}.values (value, zh)"), dv, fv);
                for v in &d.values {
                    self.en(&format!("{p}.values.{}", v.value), &v.description.en);
                    // The names are for a person: the draft's are marked placeholders.
                    let marked = self
                        .draft
                        .placeholder_names
                        .contains(&(dname.to_string(), v.name.clone()));
                    self.check(marked, || {
                        format!(
                            "{p}.values.{}: `{}` is not a marked placeholder name",
                            v.value, v.name
                        )
                    });
                }
            }
        }
    }
}

#[test]
fn the_page_fixture_is_the_seed_page() {
    let seed = root()
        .parent()
        .map(|p| p.join("shared/seeds/000_fbcd9d7f99149bbd.txt"));
    match seed.and_then(|s| std::fs::read(s).ok()) {
        Some(seed) => assert_eq!(
            std::fs::read(root().join(PAGE)).expect("fixture"),
            seed,
            "{PAGE} must be a verbatim copy of shared/seeds/000_fbcd9d7f99149bbd.txt"
        ),
        None => eprintln!("shared/seeds is not next to the project: the copy is not re-checked"),
    }
    assert!(finished()
        .spec
        .source
        .starts_with("shared/seeds/000_fbcd9d7f99149bbd.txt"));
}

#[test]
fn importing_the_send_message_page_reproduces_the_finished_file() {
    let draft = imported();
    let fin = finished();
    let (d, f) = (&draft.spec, &fin.spec);
    let mut c = Cmp {
        draft: &draft,
        fin: &fin,
        problems: Vec::new(),
        used: BTreeSet::new(),
        draft_types_seen: BTreeSet::new(),
        finished_types_seen: BTreeSet::new(),
    };

    // The action.
    c.eq("action", &d.action, &f.action);
    c.eq("version", &d.version, &f.version);
    c.eq(
        "family (guessed from the page's IM links)",
        &d.family,
        &f.family,
    );
    c.eq("method", d.method, f.method);
    c.eq("params_in", d.params_in, f.params_in);
    c.eq("rust_name", &d.rust_name, &f.rust_name);
    c.eq("idempotency_key", &d.idempotency_key, &f.idempotency_key);
    c.eq("read_only", d.read_only, f.read_only);
    c.eq("result_type", &d.result_type, &f.result_type);
    c.eq("result_optional", d.result_optional, f.result_optional);
    c.eq("draft", (d.draft, f.draft), (true, false));
    c.en("description.en", &d.description.en);
    match c.allowed("description") {
        Some(Allowed::DescriptionFromUsage) => {
            let page = std::fs::read_to_string(root().join(PAGE)).expect("page");
            let (dz, fz) = (&d.description.zh, &f.description.zh);
            c.check(fz.starts_with(dz.as_str()), || {
                format!("description: {fz:?} does not start with the page's intro {dz:?}")
            });
            for sentence in fz[dz.len().min(fz.len())..].split_inclusive('。') {
                c.check(page.contains(sentence), || {
                    format!("description: {sentence:?} is not on the page")
                });
            }
        }
        _ => c.eq("description.zh", &d.description.zh, &f.description.zh),
    }

    // Limits.
    c.eq("limits.qps", d.limits.qps, f.limits.qps);
    c.eq("limits.qps is the page's", d.limits.qps, Some(50));
    let dl = d.limits.description.as_ref().map(|t| t.zh.as_str());
    let fl = f.limits.description.as_ref().map(|t| t.zh.as_str());
    c.eq("limits.description.zh", dl, fl);
    c.en(
        "limits.description.en",
        d.limits.description.as_ref().map_or("", |t| t.en.as_str()),
    );
    if let Some(Allowed::RatesFromPriority) = c.allowed("limits.rates") {
        c.check(d.limits.rates.is_empty(), || {
            "limits.rates: the draft has rates".into()
        });
        let priority = d
            .request
            .iter()
            .find(|x| x.name == "Priority")
            .map_or("", |x| x.description.zh.as_str());
        for r in &f.limits.rates {
            c.check(priority.contains(&r.description.zh), || {
                format!(
                    "limits.rates.{}: {:?} is not in the page's Priority description",
                    r.name, r.description.zh
                )
            });
        }
    }

    // Fields, nested types, value lists.
    c.fields("request", &d.request, &f.request);
    c.fields("result", &d.result, &f.result);

    // Every type of either file was compared.
    let draft_types: BTreeSet<String> = d.types.keys().cloned().collect();
    let finished_types: BTreeSet<String> = f.types.keys().cloned().collect();
    c.eq(
        "draft types compared",
        &c.draft_types_seen.clone(),
        &draft_types,
    );
    c.eq(
        "finished local types compared",
        &c.finished_types_seen.clone(),
        &finished_types,
    );

    // The example exchange: the page's, leading zeros dropped, exactly as the finished file has it.
    c.eq(
        "examples",
        serde_json::to_value(&d.examples).unwrap(),
        serde_json::to_value(&f.examples).unwrap(),
    );

    // The differences not on the page: checked for what they are.
    for path in ["doc_url", "source", "fake", "deviations"] {
        c.allowed(path);
    }
    c.eq("doc_url (draft)", &d.doc_url, &None);
    c.eq("source (draft)", d.source.as_str(), PAGE);
    c.eq(
        "fake (draft)",
        serde_json::to_value(&d.fake).unwrap(),
        serde_json::to_value(codegen::spec::FakeBehaviour::default()).unwrap(),
    );
    c.eq("deviations (draft)", d.deviations.len(), 0);

    let unused: Vec<&str> = DIFFERENCES
        .iter()
        .map(|(p, _, _)| *p)
        .filter(|p| !c.used.contains(p))
        .collect();
    c.check(unused.is_empty(), || {
        format!("differences listed but never met (remove them): {unused:?}")
    });
    assert!(
        c.problems.is_empty(),
        "the imported page differs from api-spec/actions/im/SendMessage.yaml:\n  {}",
        c.problems.join("\n  ")
    );
}

/// The draft as written loads with exactly one error, the draft's; with its English written and
/// `draft: true` removed it loads cleanly (so a person has only the TODOs to do).
#[test]
fn the_written_draft_is_refused_once_and_otherwise_valid() {
    let root = root();
    let yaml = imported().to_yaml().unwrap();
    let mut files: Vec<(String, String)> = vec![(
        "service.yaml".into(),
        std::fs::read_to_string(root.join("api-spec/service.yaml")).unwrap(),
    )];
    for e in std::fs::read_dir(root.join("api-spec/types")).unwrap() {
        let p = e.unwrap().path();
        let name = format!("types/{}", p.file_name().unwrap().to_string_lossy());
        files.push((name, std::fs::read_to_string(&p).unwrap()));
    }
    // The callbacks too: a shared enum takes its values from them (`values_from: callbacks`).
    for family in std::fs::read_dir(root.join("api-spec/callbacks")).unwrap() {
        let dir = family.unwrap().path();
        let family = dir.file_name().unwrap().to_string_lossy().into_owned();
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            let name = format!(
                "callbacks/{family}/{}",
                p.file_name().unwrap().to_string_lossy()
            );
            files.push((name, std::fs::read_to_string(&p).unwrap()));
        }
    }
    let load = |action: &str| {
        let mut all: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        all.push(("actions/im/SendMessage.yaml", action));
        codegen::load_spec_from_memory(&all)
    };
    let errors = load(&yaml).expect_err("a draft is refused").0;
    let line = yaml.lines().position(|l| l == "draft: true").unwrap() + 1;
    let todo = yaml.matches(TODO_EN).count();
    assert!(todo > 30, "{todo}");
    let got: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(
        got,
        [format!("api-spec/actions/im/SendMessage.yaml:{line}:8: draft: this file is an importer draft: {todo} English descriptions still say TODO; write them and remove `draft: true`")]
    );
    let finished = yaml
        .replace(TODO_EN, "Written.")
        .replace("draft: true", "draft: false");
    if let Err(e) = load(&finished) {
        panic!("the finished draft does not load:\n{e}");
    }
    // A TODO left behind in a finished file is an error at its own text.
    let one_left = finished.replacen("en: \"Written.\"", &format!("en: \"{TODO_EN}\""), 1);
    let errors = load(&one_left).expect_err("a TODO is refused").0;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].path, "description.en");
}
