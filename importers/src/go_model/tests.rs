//! Unit tests of the Go model and config parsers.

use super::*;

const MODEL: &str = r#"package x

// KickBody - 说明
// 第二行
type KickBody struct {

	// REQUIRED; 应用 ID
	AppID string `json:"AppId"`

	// 房间
	// 第二行
	RoomID *string `json:"RoomId,omitempty"`
	Tags   []*string         `json:"Tags,omitempty"`
	Ext    map[string]string `json:"Ext,omitempty"` // trailing
	Any    interface{}       `json:"Any,omitempty"`
	List   []*KickBodyListItem `json:"List,omitempty"`
}

type KickBodyListItem struct {
	// REQUIRED
	N int32 `json:"n"`
}
type Kick struct{}
type KickReq struct {
	*KickQuery
	*KickBody
}
type (
	A struct{}
	B struct{}
)
"#;

#[test]
fn parses_structs_fields_comments_and_tags() {
    let m = parse_model("model.go", MODEL).unwrap();
    let s = &m.structs["KickBody"];
    assert_eq!(s.line, 5);
    assert_eq!(s.description(), "说明\n第二行");
    assert_eq!(s.fields.len(), 6);
    let app = &s.fields[0];
    assert_eq!((app.name.as_str(), app.wire_name()), ("AppID", "AppId"));
    assert!(app.required());
    assert_eq!(app.description(), "应用 ID");
    assert_eq!(app.line, 8);
    let room = &s.fields[1];
    assert!(!room.required());
    assert_eq!(room.description(), "房间\n第二行");
    assert_eq!(room.ty.to_string(), "*string");
    let tags = &s.fields[2];
    assert_eq!(
        tags.description(),
        "",
        "a field after a field has no comment"
    );
    assert_eq!(tags.ty.to_string(), "[]*string");
    assert_eq!(s.fields[3].ty.to_string(), "map[string]string");
    assert_eq!(s.fields[4].ty, GoType::Interface);
    assert_eq!(s.fields[5].ty.to_string(), "[]*KickBodyListItem");
    let item = &m.structs["KickBodyListItem"];
    assert!(item.fields[0].required());
    assert_eq!(item.fields[0].description(), "");
    assert_eq!(item.fields[0].wire_name(), "n");
    assert!(m.structs["Kick"].fields.is_empty());
    assert_eq!(m.structs["KickReq"].embedded.len(), 2);
    assert!(m.structs.contains_key("A") && m.structs.contains_key("B"));
}

#[test]
fn errors_name_file_and_line() {
    let e = parse_model(
        "m.go",
        "package x\n\ntype X struct {\n\tA struct{ B int }\n}\n",
    )
    .unwrap_err();
    assert_eq!((e.file.as_str(), e.line), ("m.go", 4), "{e}");
    assert!(e.to_string().starts_with("m.go:4: anonymous struct"), "{e}");
    let e = parse_model("m.go", "package x\ntype X struct {\n\tA string\n").unwrap_err();
    assert!(e.message.contains("unclosed struct"), "{e}");
    let e = parse_config("c.go", "package x\nvar x = 1\n").unwrap_err();
    assert!(e.message.contains("ApiListInfo"), "{e}");
}

#[test]
fn parses_config() {
    let text = r#"package x
var (
	ServiceInfoMap = map[string]common.ServiceInfo{
		"cn-north-1": {
			Timeout: DefaultTimeout,
			Host:    "rtc.volcengineapi.com",
			Header: http.Header{
				"Accept": []string{"application/json"},
			},
			Credentials: common.Credentials{
				Region:  "cn-north-1",
				Service: ServiceName,
			},
		},
	}
	ApiListInfo = map[string]*common.ApiInfo{

		"Kick": {
			Method: http.MethodGet,
			Path:   "/",
			Query: url.Values{
				"Action":  []string{"Kick"},
				"Version": []string{"2023-11-01"},
			},
		},
	}
)
const DefaultTimeout = 10 * time.Second
"#;
    let c = parse_config("config.go", text).unwrap();
    assert_eq!(
        c.apis,
        vec![ApiInfo {
            action: "Kick".into(),
            method: "GET".into(),
            version: "2023-11-01".into(),
            line: 18
        }]
    );
    assert_eq!(c.services[0].host, "rtc.volcengineapi.com");
    assert_eq!(c.services[0].signing_region, "cn-north-1");
}
