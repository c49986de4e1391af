//! The callback vectors of `vectors/callbacks.json` (computed by `vectors/make_callback_vectors.py`,
//! independently of this crate), and every way a body can be wrong, each with its specific error.

use serde::Deserialize;
use serde_json::Value;
use volcengine_rtc::callbacks::rtc::{Event, LeaveReason};
use volcengine_rtc_auth::callback::{DEFAULT_MAX_BODY, FIELDS};
use volcengine_rtc_auth::{
    verify_callback, CallbackError, CallbackSecret, Envelope, EnvelopeError, EventError,
};

#[derive(Deserialize)]
struct Doc {
    callbacks: Vec<Valid>,
    bad_callbacks: Vec<Bad>,
}

#[derive(Deserialize)]
struct Valid {
    name: String,
    secret: String,
    body: String,
    fields: std::collections::BTreeMap<String, String>,
    event: Value,
}

#[derive(Deserialize)]
struct Bad {
    name: String,
    body: String,
    error: Value,
}

fn doc() -> Doc {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/vectors/callbacks.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("callbacks.json")
}

fn field(name: &str) -> &'static str {
    FIELDS
        .iter()
        .copied()
        .find(|f| *f == name)
        .unwrap_or_else(|| panic!("field {name}"))
}

#[test]
fn valid_callbacks_parse_verify_and_decode() {
    let doc = doc();
    assert!(doc.callbacks.len() >= 8);
    for v in &doc.callbacks {
        let secret = CallbackSecret::new(v.secret.as_str());
        let e = verify_callback(v.body.as_bytes(), &secret)
            .unwrap_or_else(|err| panic!("{}: {err}", v.name));
        let got = [
            &e.event_type,
            &e.event_data,
            &e.event_time,
            &e.event_id,
            &e.app_id,
            &e.version,
            &e.nonce,
            &e.signature,
        ];
        for (name, value) in FIELDS.iter().zip(got) {
            assert_eq!(&v.fields[*name], value, "{} {name}", v.name);
        }
        assert_eq!(e.expected_signature(&secret), v.fields["Signature"]);

        let event = e.event::<Event>();
        match v.event["kind"].as_str().unwrap() {
            "UserLeaveRoom" => {
                let Ok(Event::UserLeaveRoom(u)) = &event else {
                    panic!("{}: {event:?}", v.name)
                };
                assert_eq!(u.room_id, v.event["RoomId"].as_str().unwrap());
                assert_eq!(u.user_id, v.event["UserId"].as_str().unwrap());
                assert_eq!(
                    u.device_type.as_deref(),
                    Some(v.event["DeviceType"].as_str().unwrap())
                );
                let reason = u.reason.clone().unwrap();
                assert_eq!(&*reason.0, v.event["Reason"].as_str().unwrap());
                assert_eq!(u.timestamp, Some(v.event["Timestamp"].as_i64().unwrap()));
                let known = match &*reason.0 {
                    "userLeave" => Some(LeaveReason::USER_LEAVE),
                    "connectionLost" => Some(LeaveReason::CONNECTION_LOST),
                    _ => None,
                };
                assert_eq!(known.is_some(), reason.is_known());
                if let Some(k) = known {
                    assert_eq!(reason, k);
                }
            }
            "Other" => {
                let Ok(Event::Unknown { event_type, data }) = &event else {
                    panic!("{}: {event:?}", v.name)
                };
                assert_eq!(event_type, &e.event_type);
                assert_eq!(data, &v.event["data"]);
                assert_eq!(event.as_ref().unwrap().event_type(), e.event_type);
            }
            "NotJson" => assert!(
                matches!(event, Err(EventError::NotJson { .. })),
                "{}: {event:?}",
                v.name
            ),
            "WrongShape" => {
                let Err(EventError::WrongShape { reason, .. }) = &event else {
                    panic!("{}: {event:?}", v.name)
                };
                assert!(reason.contains("RoomId"), "{reason}");
            }
            other => panic!("kind {other}"),
        }
    }
}

#[test]
fn a_wrong_secret_is_refused() {
    for v in doc().callbacks {
        for wrong in [
            String::new(),
            format!("{}x", v.secret),
            v.secret.to_uppercase(),
        ] {
            if wrong == v.secret {
                continue;
            }
            let err = verify_callback(v.body.as_bytes(), &CallbackSecret::new(wrong.as_str()))
                .unwrap_err();
            assert_eq!(err, CallbackError::BadSignature, "{}", v.name);
            assert!(wrong.is_empty() || !err.to_string().contains(&wrong));
        }
    }
}

#[test]
fn a_changed_signature_is_refused() {
    let v = &doc().callbacks[0];
    let secret = CallbackSecret::new(v.secret.as_str());
    let mut e = Envelope::parse(v.body.as_bytes()).unwrap();
    e.verify(&secret).unwrap();
    let good = e.signature.clone();
    for wrong in [
        good.to_uppercase(),
        good[..63].to_string(),
        format!("{good}0"),
        String::new(),
    ] {
        e.signature = wrong;
        assert_eq!(e.verify(&secret), Err(CallbackError::BadSignature));
    }
}

#[test]
fn bad_bodies_get_their_specific_errors() {
    let doc = doc();
    assert!(doc.bad_callbacks.len() >= 60);
    for b in &doc.bad_callbacks {
        let got = Envelope::parse(b.body.as_bytes());
        let kind = b.error["kind"].as_str().unwrap();
        let ok = match (&got, kind) {
            (Err(EnvelopeError::MissingField { field: f }), "MissingField") => {
                *f == field(b.error["field"].as_str().unwrap())
            }
            (Err(EnvelopeError::NotAString { field: f, found }), "NotAString") => {
                *f == field(b.error["field"].as_str().unwrap())
                    && *found == b.error["found"].as_str().unwrap()
            }
            (Err(EnvelopeError::DuplicateField { field: f }), "DuplicateField") => {
                *f == field(b.error["field"].as_str().unwrap())
            }
            (Err(EnvelopeError::NotAnObject { found }), "NotAnObject") => {
                *found == b.error["found"].as_str().unwrap()
            }
            (Err(EnvelopeError::Json { .. }), "Json") => true,
            _ => false,
        };
        assert!(ok, "{}: expected {}, got {got:?}", b.name, b.error);
        // And the same through verify_callback.
        let via = verify_callback(b.body.as_bytes(), &CallbackSecret::new("s")).unwrap_err();
        assert_eq!(via, CallbackError::Envelope(got.unwrap_err()));
    }
}

/// What each byte of a JSON body is.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Role {
    /// Outside strings: braces, colons, commas, whitespace.
    Structure,
    /// A string's quote.
    Quote,
    /// A backslash, or a character of an escape after it.
    Escape,
    /// A plain ASCII character of a key.
    Key,
    /// A plain ASCII character of a value.
    Value,
    /// A byte of a multi-byte character.
    NonAscii,
}

/// The role of every byte of a compact JSON object, and (meaningful for a value byte) the last key
/// seen at the top level: the field the value belongs to.
fn roles(body: &[u8]) -> Vec<(Role, String)> {
    let mut out = Vec::with_capacity(body.len());
    let (mut in_string, mut is_key, mut escape) = (false, true, 0usize);
    let mut current = String::new();
    let mut key = String::new();
    let mut depth = 0;
    for &b in body {
        let role = if in_string {
            if escape > 0 {
                escape -= 1;
                if escape == 0 && b == b'u' {
                    escape = 4;
                }
                Role::Escape
            } else if b == b'\\' {
                escape = 1;
                Role::Escape
            } else if b == b'"' {
                in_string = false;
                if is_key && depth == 1 {
                    key = current.clone();
                }
                Role::Quote
            } else if b >= 0x80 {
                Role::NonAscii
            } else {
                current.push(char::from(b));
                if is_key {
                    Role::Key
                } else {
                    Role::Value
                }
            }
        } else {
            match b {
                b'"' => {
                    in_string = true;
                    current.clear();
                    Role::Quote
                }
                b'{' | b'[' => {
                    depth += 1;
                    is_key = b == b'{';
                    Role::Structure
                }
                b'}' | b']' => {
                    depth -= 1;
                    Role::Structure
                }
                b':' => {
                    is_key = false;
                    Role::Structure
                }
                b',' => {
                    is_key = depth == 1;
                    Role::Structure
                }
                _ => Role::Structure,
            }
        };
        out.push((role, key.clone()));
    }
    out
}

/// Every byte position of every compact valid body, changed: a value character gives
/// `BadSignature`, a key character `MissingField` (that key), anything else (a quote, an escape, a
/// brace, a colon, a comma, a byte of a multi-byte character) a JSON error. Never a success.
#[test]
fn a_changed_byte_anywhere_is_refused_with_the_right_error() {
    let doc = doc();
    let mut counts = [0usize; 3];
    for v in doc.callbacks.iter().filter(|v| !v.body.contains('\n')) {
        let secret = CallbackSecret::new(v.secret.as_str());
        let body = v.body.as_bytes();
        let roles = roles(body);
        // The key a key byte is in: the string around it.
        let key_of = |i: usize| -> String {
            let start = body[..i].iter().rposition(|&b| b == b'"').unwrap() + 1;
            let end = i + body[i..].iter().position(|&b| b == b'"').unwrap();
            String::from_utf8(body[start..end].to_vec()).unwrap()
        };
        for (i, (role, owner)) in roles.iter().enumerate() {
            let mut changed = body.to_vec();
            changed[i] = if body[i] == b'x' { b'y' } else { b'x' };
            let got = verify_callback(&changed, &secret);
            match role {
                Role::Value => {
                    // A value of an envelope field; the only values at depth 1 are the envelope's.
                    assert!(
                        FIELDS.contains(&owner.as_str()),
                        "{} at {i}: {owner}",
                        v.name
                    );
                    assert_eq!(got, Err(CallbackError::BadSignature), "{} at {i}", v.name);
                    counts[0] += 1;
                }
                Role::Key => {
                    let key = key_of(i);
                    assert_eq!(
                        got,
                        Err(CallbackError::Envelope(EnvelopeError::MissingField {
                            field: field(&key)
                        })),
                        "{} at {i}",
                        v.name
                    );
                    counts[1] += 1;
                }
                Role::Escape => {
                    // `\\` and `\"` can turn into other valid escapes: the value changed, or
                    // the JSON broke; nothing else.
                    assert!(
                        matches!(
                            got,
                            Err(CallbackError::BadSignature
                                | CallbackError::Envelope(EnvelopeError::Json { .. }))
                        ),
                        "{} at {i}: {got:?}",
                        v.name
                    );
                    counts[2] += 1;
                }
                Role::Structure | Role::Quote | Role::NonAscii => {
                    assert!(
                        matches!(
                            got,
                            Err(CallbackError::Envelope(EnvelopeError::Json { .. }))
                        ),
                        "{} at {i} ({role:?} {:?}): {got:?}",
                        v.name,
                        char::from(body[i])
                    );
                    counts[2] += 1;
                }
            }
        }
    }
    assert!(counts.iter().all(|&n| n > 100), "{counts:?}");
}

#[test]
fn every_truncation_is_a_json_error() {
    for v in doc().callbacks {
        let body = v.body.trim_end().as_bytes();
        for cut in 0..body.len() {
            let got = Envelope::parse(&body[..cut]);
            assert!(
                matches!(got, Err(EnvelopeError::Json { .. })),
                "{} cut at {cut}: {got:?}",
                v.name
            );
        }
    }
}

#[test]
fn huge_bodies_are_refused_before_parsing() {
    let v = &doc().callbacks[0];
    let secret = CallbackSecret::new(v.secret.as_str());
    // Padded with whitespace to exactly the limit: still valid.
    let mut body = v.body.clone().into_bytes();
    body.resize(DEFAULT_MAX_BODY, b' ');
    assert!(verify_callback(&body, &secret).is_ok());
    body.push(b' ');
    assert_eq!(
        verify_callback(&body, &secret),
        Err(CallbackError::Envelope(EnvelopeError::BodyTooLarge {
            len: DEFAULT_MAX_BODY + 1,
            max: DEFAULT_MAX_BODY
        }))
    );
    // Not even looked at: garbage of 16 MiB is refused for its size.
    let garbage = vec![0xffu8; 16 << 20];
    assert_eq!(
        Envelope::parse(&garbage),
        Err(EnvelopeError::BodyTooLarge {
            len: 16 << 20,
            max: DEFAULT_MAX_BODY
        })
    );
    // A smaller limit of one's own.
    assert_eq!(
        Envelope::parse_with_limit(v.body.as_bytes(), 100),
        Err(EnvelopeError::BodyTooLarge {
            len: v.body.len(),
            max: 100
        })
    );
    assert!(Envelope::parse_with_limit(v.body.as_bytes(), v.body.len()).is_ok());
}

/// Deep nesting never overflows the stack: serde_json skips what is ignored without recursion.
#[test]
fn deep_nesting_is_skipped_or_refused_never_a_crash() {
    let v = &doc().callbacks[0];
    let secret = CallbackSecret::new(v.secret.as_str());
    let open = "[".repeat(200_000);
    let close = "]".repeat(200_000);
    let head = &v.body[..v.body.len() - 1];
    // In an unknown field: skipped, and the (unsigned) field changes nothing.
    let ignored = format!("{head},\"Extra\":{open}{close}}}");
    assert!(verify_callback(ignored.as_bytes(), &secret).is_ok());
    // As a known field's value: not a string.
    let without_data: String = {
        let mut m: serde_json::Map<String, Value> = serde_json::from_str(&v.body).unwrap();
        m.remove("EventData");
        serde_json::to_string(&m).unwrap()
    };
    let known = format!(
        "{},\"EventData\":{open}{close}}}",
        &without_data[..without_data.len() - 1]
    );
    assert_eq!(
        Envelope::parse(known.as_bytes()),
        Err(EnvelopeError::NotAString {
            field: "EventData",
            found: "array"
        })
    );
    // At the top: not an object.
    assert_eq!(
        Envelope::parse(format!("{open}{close}").as_bytes()),
        Err(EnvelopeError::NotAnObject { found: "array" })
    );
    // Unbalanced: a JSON error.
    assert!(matches!(
        Envelope::parse(format!("{head},\"Extra\":{open}}}").as_bytes()),
        Err(EnvelopeError::Json { .. })
    ));
    let objects = "{\"a\":".repeat(100_000);
    assert!(matches!(
        Envelope::parse(objects.as_bytes()),
        Err(EnvelopeError::Json { .. })
    ));
}

#[test]
fn invalid_utf8_is_a_json_error() {
    let v = &doc().callbacks[0];
    let mut body = v.body.clone().into_bytes();
    let at = v.body.find("alice").unwrap();
    body[at] = 0xff;
    assert!(matches!(
        Envelope::parse(&body),
        Err(EnvelopeError::Json { .. })
    ));
}
