//! The token vectors of `vectors/tokens.json`, minted by the official Node implementation
//! (`vectors/make_token_vectors.js` running the official `token.js` of volcengine/rtc-aigc-demo): this crate mints the same
//! token strings byte for byte, and parses and verifies them to the same fields and results.

use serde::Deserialize;
use volcengine_rtc_auth::{AccessToken, AppId, AppKey, Privilege, Room, TokenBuilder, VerifyError};

#[derive(Deserialize)]
struct Doc {
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
struct Vector {
    name: String,
    app_id: String,
    app_key: String,
    room_kind: String,
    room: String,
    user: String,
    allow_any_ids: bool,
    nonce: u32,
    issued_at: u64,
    expire_at: u64,
    calls: Vec<(u16, u64)>,
    token: String,
    privileges: Vec<(u16, u32)>,
    msg_hex: String,
    signature_hex: String,
    checks: Vec<Check>,
}

#[derive(Deserialize)]
struct Check {
    now: u64,
    token_valid: bool,
    allowed: Vec<u16>,
}

fn vectors() -> Vec<Vector> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/tokens.json");
    let text = std::fs::read_to_string(path).expect("read tokens.json");
    let doc: Doc = serde_json::from_str(&text).expect("tokens.json");
    assert!(doc.vectors.len() >= 9);
    doc.vectors
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn room(v: &Vector) -> Room {
    match v.room_kind.as_str() {
        "id" => Room::id(v.room.as_str()),
        "any" => Room::Any,
        "messaging_login" => Room::MessagingLogin,
        other => panic!("{}: room_kind {other}", v.name),
    }
}

fn builder(v: &Vector) -> TokenBuilder {
    let mut b = TokenBuilder::new(
        AppId::new(v.app_id.as_str()).unwrap(),
        room(v),
        v.user.as_str(),
    )
    .nonce(v.nonce)
    .issued_at(v.issued_at)
    .expire_at(v.expire_at);
    for &(p, e) in &v.calls {
        b = match p {
            0 => b.publish(e),
            4 => b.subscribe(e),
            n => b.privilege(Privilege::new(n), e),
        };
    }
    if v.allow_any_ids {
        b = b.allow_any_ids();
    }
    b
}

#[test]
fn minting_matches_the_official_implementation_byte_for_byte() {
    for v in vectors() {
        let key = AppKey::new(v.app_key.as_str());
        let token = builder(&v)
            .sign(&key)
            .unwrap_or_else(|e| panic!("{}: {e}", v.name));
        assert_eq!(token, v.token, "{}", v.name);
    }
}

#[test]
fn non_ascii_ids_need_the_explicit_opt_out() {
    let mut seen = 0;
    for v in vectors().into_iter().filter(|v| v.allow_any_ids) {
        let key = AppKey::new(v.app_key.as_str());
        let mut strict = TokenBuilder::new(
            AppId::new(v.app_id.as_str()).unwrap(),
            room(&v),
            v.user.as_str(),
        );
        for &(p, e) in &v.calls {
            strict = strict.privilege(Privilege::new(p), e);
        }
        assert!(strict.sign(&key).is_err(), "{}", v.name);
        seen += 1;
    }
    assert!(seen >= 1);
}

#[test]
fn parsing_gives_every_field() {
    for v in vectors() {
        let t = AccessToken::parse(&v.token).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        assert_eq!(t.version(), "001");
        assert_eq!(t.app_id().as_str(), v.app_id, "{}", v.name);
        assert_eq!(t.nonce(), v.nonce, "{}", v.name);
        assert_eq!(t.issued_at(), v.issued_at, "{}", v.name);
        assert_eq!(t.expire_at(), v.expire_at, "{}", v.name);
        assert_eq!(t.room(), &room(&v), "{}", v.name);
        assert_eq!(t.room().as_str(), v.room, "{}", v.name);
        assert_eq!(t.user_id(), v.user, "{}", v.name);
        let privileges: Vec<(u16, u32)> = t
            .privileges()
            .iter()
            .map(|&(p, e)| (p.number(), e))
            .collect();
        assert_eq!(privileges, v.privileges, "{}", v.name);
        assert_eq!(hex(t.signed_message()), v.msg_hex, "{}", v.name);
        assert_eq!(hex(t.signature()), v.signature_hex, "{}", v.name);
        // The JSON view (what `volc-rtc token inspect` prints).
        let json = serde_json::to_value(&t).unwrap();
        assert_eq!(json["user_id"], v.user.as_str());
        assert_eq!(json["room_kind"], v.room_kind.as_str());
        assert_eq!(json["signature"], v.signature_hex.as_str());
    }
}

#[test]
fn verifying_follows_the_clock_and_the_key() {
    let mut checked = 0;
    for v in vectors() {
        let key = AppKey::new(v.app_key.as_str());
        let t = AccessToken::parse(&v.token).unwrap();
        t.verify_signature(&key)
            .unwrap_or_else(|e| panic!("{}: {e}", v.name));
        assert_eq!(
            t.verify_signature(&AppKey::new(format!("{}x", v.app_key))),
            Err(VerifyError::BadSignature),
            "{}",
            v.name
        );
        assert_eq!(
            AccessToken::parse(&v.token)
                .unwrap()
                .verify(&AppKey::new(""), 0),
            Err(VerifyError::BadSignature)
        );
        for c in &v.checks {
            let verdict = t.verify(&key, c.now);
            assert_eq!(
                verdict.is_ok(),
                c.token_valid,
                "{} at {}: {verdict:?}",
                v.name,
                c.now
            );
            if !c.token_valid {
                assert_eq!(
                    verdict,
                    Err(VerifyError::Expired {
                        expire_at: u32::try_from(v.expire_at).unwrap(),
                        now: c.now
                    })
                );
            }
            for p in [0u16, 1, 2, 3, 4, 7, 65535] {
                let privilege = Privilege::new(p);
                let expected = c.allowed.contains(&p);
                assert_eq!(
                    t.allows(privilege, c.now),
                    expected,
                    "{} {p} at {}",
                    v.name,
                    c.now
                );
                let strict = t.verify_privileges(&key, c.now, &[privilege]);
                assert_eq!(
                    strict.is_ok(),
                    expected,
                    "{} {p} at {}: {strict:?}",
                    v.name,
                    c.now
                );
                if c.token_valid && !expected {
                    assert!(matches!(
                        strict,
                        Err(VerifyError::PrivilegeMissing { .. }
                            | VerifyError::PrivilegeExpired { .. })
                    ));
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 300, "{checked}");
}

#[test]
fn a_changed_token_character_never_verifies() {
    for v in vectors() {
        let key = AppKey::new(v.app_key.as_str());
        // Every character of the base64 content (the AppId is not signed, as in the official code).
        for i in 27..v.token.len() {
            let mut bytes = v.token.clone().into_bytes();
            bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
            let Ok(changed) = String::from_utf8(bytes) else {
                continue;
            };
            if let Ok(t) = AccessToken::parse(&changed) {
                assert!(t.verify(&key, 0).is_err(), "{} at {i}", v.name);
            }
        }
    }
}

/// The `raw_privilege_numbers` vector as the official Java `AccessToken.java` mints it
/// (`vectors/java_crosscheck/crosscheck.py`): its signed-`short` map writes 65535 before 4 and 7.
/// Parsed and verified all the same; minting follows Node and Go (ascending), so it differs.
#[test]
fn the_official_java_ordering_parses_and_verifies() {
    const JAVA: &str = "0015f3c8a2e9b1d4c6a7e0f2b4dJgAAAAAAAAAAAAAAAAABAHIBAHUDAP//gOFOaAQAvOFOaAcAAAAAACAAr5o1Ho6kL3eKoS7T7MwstWfEMPEhiu8EXEjUPySWFR0=";
    let v = vectors()
        .into_iter()
        .find(|v| v.name == "raw_privilege_numbers")
        .unwrap();
    let t = AccessToken::parse(JAVA).unwrap();
    t.verify(&AppKey::new(v.app_key.as_str()), 1).unwrap();
    let order: Vec<u16> = t.privileges().iter().map(|(p, _)| p.number()).collect();
    assert_eq!(order, [65535, 4, 7]);
    let mut sorted: Vec<(u16, u32)> = t
        .privileges()
        .iter()
        .map(|&(p, e)| (p.number(), e))
        .collect();
    sorted.sort();
    assert_eq!(sorted, v.privileges);
    assert_ne!(JAVA, v.token);
}
