//! The Go-type rule: a `doc_type` says the type as the vendor's page documents it (`Integer`,
//! `Array of String`, `Object of Layout`, `JSON Map<String,Long>`), never as the Go SDK's model
//! declares it (`*int32`, `[]*X`, `StartRecordBodyStorageConfig`).

use std::sync::OnceLock;

use regex_lite::Regex;

/// The type words the vendor's pages use.
const DOCUMENTED: &[&str] = &[
    "String", "Integer", "Long", "Int", "Int32", "Int64", "Boolean", "Bool", "Float", "Double",
    "Number", "Object", "Array", "JSON", "Map",
];

/// A Go model's struct name: an action's name followed by `Body`, `Res` or `Query` and more
/// (`StartRecordBodyStorageConfig`, `GetRoomOnlineUsersResResultUsers`).
fn go_struct() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^[A-Z][A-Za-z0-9]*?[a-z0-9](Body|Res|Query)([A-Z0-9]|$)").ok())
        .as_ref()
}

/// Whether a `doc_type` is written as a Go type: a pointer (`*`), a slice (`[]`), a Go builtin
/// (`int32`, `float64`, `string`, `bool`, `map[...]`, `interface{}`), a model's struct name, or a
/// bare type name where the pages write `Object of <Name>`.
pub fn is_go_type(doc_type: &str) -> bool {
    let t = doc_type.trim();
    if t.contains('*') || t.contains("[]") || t.starts_with("map[") || t.contains("interface{") {
        return true;
    }
    let go_builtin = |w: &str| {
        matches!(
            w,
            "string"
                | "bool"
                | "int"
                | "int8"
                | "int16"
                | "int32"
                | "int64"
                | "uint"
                | "uint32"
                | "uint64"
                | "float32"
                | "float64"
                | "byte"
        )
    };
    if go_builtin(t) {
        return true;
    }
    let mut words = t
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty());
    if words.any(|w| go_struct().is_some_and(|re| re.is_match(w))) {
        return true;
    }
    // A single word that is no documented type word: the pages write `Object of <Name>`.
    let single = !t.contains([' ', '<']);
    single && !DOCUMENTED.contains(&t) && t.starts_with(|c: char| c.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::is_go_type;

    #[test]
    fn go_types_are_found_and_documented_ones_are_not() {
        for go in [
            "*int32",
            "[]*StartRecordBodyTargetStreamsStreamList",
            "[]string",
            "int32",
            "string",
            "float32",
            "StartRecordBodyStorageConfig",
            "GetRealtimePostProcessingResResultCommon",
            "Array of StartRecordBodyLayout",
            "Layout",
        ] {
            assert!(is_go_type(go), "{go} should be a Go type");
        }
        for documented in [
            "Integer",
            "String",
            "Long",
            "Boolean",
            "Float",
            "Object",
            "Array of String",
            "Array of Long",
            "Object of Layout",
            "Object of RefMsgInfo",
            "Array of FailedInfosItem",
            "JSON Map<String,String>",
            "JSON Map<String,Array of Object of QueryOnlineStatusResultItems>",
            "JSON Map",
        ] {
            assert!(!is_go_type(documented), "{documented} is documented");
        }
    }
}
