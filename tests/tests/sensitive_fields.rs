//! Secrets (`sensitive: true`) and keyed unions in the generated crate, on StartRecord's storage
//! (a keyed union by `Type`, whose third-party platform carries AccessKey, SecretKey and
//! SecurityToken): `Debug` never shows a secret, the wire shape is the discriminator beside the one
//! object, answers decode back, and a mismatched pair from JSON is rejected before any I/O.

use serde_json::json;
use volcengine_openapi::validate::{Validate, Violations};
use volcengine_rtc::rtc::start_record::{
    RecordCustomConfig, RecordCustomConfigRequired, RecordStorageConfig, StartRecordRequest,
    StartRecordRequired,
};
use volcengine_rtc::rtc::types::{StorageVendor, VodConfig, VodConfigRequired};

const SECRET: &str = "sk-NEVER-PRINTED-42";

fn custom() -> RecordCustomConfig {
    RecordCustomConfig::new(RecordCustomConfigRequired {
        access_key: "ak-NEVER-PRINTED-41".into(),
        bucket: "bucket1".into(),
        secret_key: SECRET.into(),
    })
    .security_token("sts-NEVER-PRINTED-43")
    .vendor(StorageVendor::ALIBABA_OSS)
}

fn request(storage: RecordStorageConfig) -> StartRecordRequest {
    StartRecordRequest::new(StartRecordRequired {
        app_id: "app1".into(),
        room_id: "room1".into(),
        storage_config: storage,
        task_id: "task1".into(),
    })
}

#[test]
fn debug_masks_every_secret_of_the_request() {
    let req = request(RecordStorageConfig::Custom(custom()));
    let shown = format!("{req:?} {req:#?}");
    for secret in ["ak-NEVER-PRINTED-41", SECRET, "sts-NEVER-PRINTED-43"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("secret_key: ***"), "{shown}");
    assert!(shown.contains("security_token: Some(***)"), "{shown}");
    assert!(
        shown.contains("bucket: \"bucket1\""),
        "the rest is shown: {shown}"
    );
    let required = RecordCustomConfigRequired {
        access_key: "a".into(),
        bucket: "b".into(),
        secret_key: SECRET.into(),
    };
    assert!(!format!("{required:?}").contains(SECRET));
    // The registry lists the paths for tools.
    let entry = volcengine_openapi::registry::find(volcengine_rtc::actions(), "StartRecord", None)
        .unwrap_or_else(|| panic!("StartRecord"));
    assert!(
        entry
            .info
            .sensitive
            .contains(&"StorageConfig.CustomConfig.SecretKey"),
        "{:?}",
        entry.info.sensitive
    );
}

#[test]
fn the_union_is_the_wire_shape_of_the_flat_struct_both_ways() {
    let req = request(RecordStorageConfig::Custom(custom()));
    let wire = serde_json::to_value(&req).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        wire["StorageConfig"],
        json!({"Type": 2, "CustomConfig": {
            "AccessKey": "ak-NEVER-PRINTED-41", "Bucket": "bucket1", "SecretKey": SECRET,
            "SecurityToken": "sts-NEVER-PRINTED-43", "Vendor": 1
        }})
    );
    let vod = VodConfig::new(VodConfigRequired {
        account_id: "2000".into(),
        space: "s".into(),
    });
    let back: RecordStorageConfig = serde_json::from_value(
        json!({"Type": 1, "VodConfig": {"AccountId": "2000", "Space": "s"}}),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, RecordStorageConfig::Vod(vod));
    // Type absent: its documented default, 0 (TOS).
    let tos: RecordStorageConfig =
        serde_json::from_value(json!({"TosConfig": {"AccountId": "1", "Bucket": "b"}}))
            .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(tos, RecordStorageConfig::Tos(_)), "{tos:?}");
    // A value the spec does not list is kept.
    let other: RecordStorageConfig = serde_json::from_value(json!({"Type": 9, "NewConfig": {}}))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        other,
        RecordStorageConfig::Other(json!({"Type": 9, "NewConfig": {}}))
    );
}

#[test]
fn a_mismatched_pair_is_rejected_before_sending() {
    // Type 0 (TOS) with a VOD object: not buildable in Rust; from JSON it is a violation.
    let mismatched: RecordStorageConfig = serde_json::from_value(
        json!({"Type": 0, "VodConfig": {"AccountId": "2000", "Space": "s"}}),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut v = Violations::default();
    mismatched.validate(&mut v);
    let text = format!("{v:?}");
    assert!(text.contains("TosConfig"), "{text}");
    let entry = volcengine_openapi::registry::find(volcengine_rtc::actions(), "StartRecord", None)
        .unwrap_or_else(|| panic!("StartRecord"));
    let bad = json!({"AppId": "a", "RoomId": "r", "TaskId": "t",
        "StorageConfig": {"Type": 0, "VodConfig": {"AccountId": "2000", "Space": "s"}}});
    let found = entry.check(&bad).err().unwrap_or_default();
    assert!(
        found
            .iter()
            .any(|x| x.to_string().contains("StorageConfig")),
        "{found:?}"
    );
}

#[test]
fn an_unknown_storage_platform_prints_its_type_but_no_secret() {
    // A platform the spec does not list decodes as `Other`: its object is kept for the wire, and
    // its `Debug` shows the discriminator only (the spec cannot mark an unknown object's secrets).
    let unknown: RecordStorageConfig = serde_json::from_value(
        json!({"Type": 99, "FutureConfig": {"AccessKey": "ak-x", "SecretKey": SECRET}}),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        matches!(unknown, RecordStorageConfig::Other(_)),
        "{unknown:?}"
    );
    let shown = format!("{unknown:?} {unknown:#?}");
    assert!(
        !shown.contains(SECRET) && !shown.contains("ak-x"),
        "{shown}"
    );
    assert!(shown.contains("\"Type\": 99"), "{shown}");
    assert!(shown.contains("\"FutureConfig\": ***"), "{shown}");
    // The object is unchanged on the wire.
    let wire = serde_json::to_value(&unknown).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(wire["FutureConfig"]["SecretKey"], SECRET);
    // A documented variant still shows its (masked) object.
    let known = format!("{:?}", RecordStorageConfig::Custom(custom()));
    assert!(
        known.starts_with("Custom(") && !known.contains(SECRET),
        "{known}"
    );
}

/// Secrets inside untyped JSON (`sensitive_keys`): a conversational-AI agent's speech tokens and
/// LLM API key are masked in `Debug` and, through the registry's paths, in JSON bodies.
#[test]
fn secret_keys_inside_json_fields_are_never_printed() {
    let body = json!({
        "AppId": "app1", "RoomId": "room1", "TaskId": "task1",
        "Config": {
            "ASRConfig": {"Provider": "volcano", "ProviderParams": {
                "Mode": "bigmodel", "AppId": "93", "AccessToken": "asr-NEVER-PRINTED-1"}},
            "TTSConfig": {"Provider": "volcano_bidirection", "ProviderParams": {
                "app": {"appid": "94", "token": "tts-NEVER-PRINTED-2"}, "audio": {"voice_type": "BV001"}}},
            "LLMConfig": {"Mode": "CustomLLM", "URL": "https://llm.example/v1", "APIKey": "llm-NEVER-PRINTED-3"}
        },
        "AgentConfig": {"TargetUserId": ["user1"], "UserId": "bot1"}
    });
    let secrets = [
        "asr-NEVER-PRINTED-1",
        "tts-NEVER-PRINTED-2",
        "llm-NEVER-PRINTED-3",
    ];
    let request: volcengine_rtc::rtc::StartVoiceChatRequest =
        serde_json::from_value(body.clone()).expect("a StartVoiceChat request");
    let shown = format!("{request:?} {request:#?}");
    for secret in secrets {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(
        shown.contains("CustomLLM") && shown.contains("bigmodel"),
        "{shown}"
    );
    let entry =
        volcengine_openapi::registry::find(volcengine_rtc::actions(), "StartVoiceChat", None)
            .expect("StartVoiceChat in the registry");
    let mut masked = body;
    volcengine_openapi::sensitive::mask_json(&mut masked, entry.info.sensitive);
    let text = masked.to_string();
    for secret in secrets {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
    assert!(text.contains("llm.example"), "{text}");
}
