//! Every malformed token gets its own `ParseError`, never a panic.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use volcengine_rtc_auth::token::{AppIdError, ParseError};
use volcengine_rtc_auth::{AccessToken, AppKey, Privilege};

const APP: &str = "123456781234567812345678";

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A token string around raw content bytes.
fn with_content(content: &[u8]) -> String {
    format!("001{APP}{}", b64(content))
}

/// The content around a message: u16 length, message, u16 32, a signature.
fn with_msg(msg: &[u8]) -> String {
    let mut c = (msg.len() as u16).to_le_bytes().to_vec();
    c.extend_from_slice(msg);
    c.extend_from_slice(&32u16.to_le_bytes());
    c.extend_from_slice(&[7u8; 32]);
    with_content(&c)
}

/// A message: nonce, issued, expire, room, user, privileges.
fn msg(room: &[u8], user: &[u8], privileges: &[(u16, u32)]) -> Vec<u8> {
    let mut m = Vec::new();
    m.extend_from_slice(&1u32.to_le_bytes());
    m.extend_from_slice(&2u32.to_le_bytes());
    m.extend_from_slice(&3u32.to_le_bytes());
    m.extend_from_slice(&(room.len() as u16).to_le_bytes());
    m.extend_from_slice(room);
    m.extend_from_slice(&(user.len() as u16).to_le_bytes());
    m.extend_from_slice(user);
    m.extend_from_slice(&(privileges.len() as u16).to_le_bytes());
    for (p, e) in privileges {
        m.extend_from_slice(&p.to_le_bytes());
        m.extend_from_slice(&e.to_le_bytes());
    }
    m
}

fn err(token: &str) -> ParseError {
    match AccessToken::parse(token) {
        Ok(t) => panic!("{token:?} parsed: {t:?}"),
        Err(e) => {
            assert!(!e.to_string().is_empty());
            e
        }
    }
}

fn truncated(field: &'static str, needed: usize, available: usize) -> ParseError {
    ParseError::Truncated {
        field,
        needed,
        available,
    }
}

#[test]
fn the_well_formed_reference_parses() {
    let t = AccessToken::parse(&with_msg(&msg(b"r", b"u", &[(4, 0)]))).unwrap();
    assert_eq!(t.user_id(), "u");
    assert_eq!(t.privileges(), &[(Privilege::SUBSCRIBE_STREAM, 0)]);
}

#[test]
fn too_short_and_wrong_version() {
    assert_eq!(err(""), ParseError::TooShort { len: 0 });
    assert_eq!(err("00"), ParseError::TooShort { len: 2 });
    assert_eq!(err("001"), ParseError::TooShort { len: 3 });
    assert_eq!(err(&format!("001{APP}")), ParseError::TooShort { len: 27 });
    assert_eq!(
        err(&format!("002{APP}AAAA")),
        ParseError::WrongVersion {
            found: "002".into()
        }
    );
    assert_eq!(err("x"), ParseError::WrongVersion { found: "x".into() });
    assert_eq!(
        err("0é1…"),
        ParseError::WrongVersion {
            found: "0é1".into()
        }
    );
    assert_eq!(
        err(" 001"),
        ParseError::WrongVersion {
            found: " 00".into()
        }
    );
}

#[test]
fn bad_app_id() {
    assert_eq!(
        err(&format!("0011234 6781234567812345678{}", b64(b"x"))),
        ParseError::BadAppId(AppIdError::BadCharacter { index: 4, ch: ' ' })
    );
    // A multi-byte character inside the AppId's 24 bytes.
    assert_eq!(
        err("00112345678123456781234567é8AAAA"),
        ParseError::BadAppId(AppIdError::BadCharacter {
            index: 23, ch: 'é'
        })
    );
    assert_eq!(
        err("001\u{0}23456781234567812345678AAAA"),
        ParseError::BadAppId(AppIdError::BadCharacter {
            index: 0,
            ch: '\u{0}'
        })
    );
}

#[test]
fn bad_base64() {
    for content in [
        "!!!!", "QQ", "QQ=", "QR==", "QUJD\n", "QUJD====", "Q U=", "QUJD-_",
    ] {
        let token = format!("001{APP}{content}");
        assert!(
            matches!(err(&token), ParseError::BadBase64 { .. }),
            "{content:?}: {:?}",
            err(&token)
        );
    }
}

#[test]
fn truncated_content() {
    assert_eq!(err(&with_content(&[1])), truncated("message length", 2, 1));
    assert_eq!(
        err(&with_content(&[10, 0, 1, 2, 3])),
        truncated("message", 10, 3)
    );
    let m = msg(b"r", b"u", &[]);
    let mut c = (m.len() as u16).to_le_bytes().to_vec();
    c.extend_from_slice(&m);
    assert_eq!(err(&with_content(&c)), truncated("signature length", 2, 0));
    let mut short = c.clone();
    short.push(32);
    assert_eq!(
        err(&with_content(&short)),
        truncated("signature length", 2, 1)
    );
    let mut c32 = c.clone();
    c32.extend_from_slice(&32u16.to_le_bytes());
    c32.extend_from_slice(&[0; 10]);
    assert_eq!(err(&with_content(&c32)), truncated("signature", 32, 10));
}

#[test]
fn bad_signature_length_and_trailing_bytes() {
    let m = msg(b"r", b"u", &[]);
    for len in [0u16, 31, 33, 64, u16::MAX] {
        let mut c = (m.len() as u16).to_le_bytes().to_vec();
        c.extend_from_slice(&m);
        c.extend_from_slice(&len.to_le_bytes());
        c.extend_from_slice(&[0; 32]);
        assert_eq!(
            err(&with_content(&c)),
            ParseError::BadSignatureLength {
                len: usize::from(len)
            }
        );
    }
    let mut c = (m.len() as u16).to_le_bytes().to_vec();
    c.extend_from_slice(&m);
    c.extend_from_slice(&32u16.to_le_bytes());
    c.extend_from_slice(&[0; 35]);
    assert_eq!(
        err(&with_content(&c)),
        ParseError::TrailingBytes {
            after: "signature",
            count: 3
        }
    );
    let mut m2 = m.clone();
    m2.push(0);
    assert_eq!(
        err(&with_msg(&m2)),
        ParseError::TrailingBytes {
            after: "privileges",
            count: 1
        }
    );
}

#[test]
fn truncated_message_fields() {
    let full = msg(b"room", b"user", &[(4, 9)]);
    // Cut the message after each prefix length: the field it ends in.
    let expect = |cut: usize| -> ParseError {
        let fields: [(&'static str, usize, usize); 10] = [
            ("nonce", 0, 4),
            ("issued_at", 4, 4),
            ("expire_at", 8, 4),
            ("room id length", 12, 2),
            ("room id", 14, 4),
            ("user id length", 18, 2),
            ("user id", 20, 4),
            ("privilege count", 24, 2),
            ("privilege", 26, 2),
            ("privilege expiry", 28, 4),
        ];
        let (field, start, len) = fields
            .into_iter()
            .find(|&(_, s, l)| cut < s + l)
            .expect("a field");
        truncated(field, len, cut - start)
    };
    assert_eq!(full.len(), 32);
    for cut in 0..full.len() {
        assert_eq!(err(&with_msg(&full[..cut])), expect(cut), "cut at {cut}");
    }
    assert!(AccessToken::parse(&with_msg(&full)).is_ok());
    // A count larger than what follows.
    let mut many = msg(b"r", b"u", &[(4, 0)]);
    let n = many.len() - 8;
    many[n..n + 2].copy_from_slice(&1000u16.to_le_bytes());
    assert_eq!(err(&with_msg(&many)), truncated("privilege", 2, 0));
}

#[test]
fn non_utf8_ids() {
    assert_eq!(
        err(&with_msg(&msg(b"r\xff", b"u", &[]))),
        ParseError::NonUtf8 { field: "room id" }
    );
    assert_eq!(
        err(&with_msg(&msg(b"r", b"\xe4\xbc", &[]))),
        ParseError::NonUtf8 { field: "user id" }
    );
}

#[test]
fn a_privilege_listed_twice() {
    assert_eq!(
        err(&with_msg(&msg(b"r", b"u", &[(4, 0), (1, 0), (4, 5)]))),
        ParseError::DuplicatePrivilege {
            privilege: Privilege::SUBSCRIBE_STREAM
        }
    );
}

/// The official Java code orders privileges by signed `short`: 65535 (-1) before 4. Such a token
/// parses and verifies (the signature covers the bytes as written).
#[test]
fn java_privilege_order_is_accepted() {
    let m = msg(b"r", b"u", &[(65535, 0), (4, 0)]);
    let mut mac = Hmac::<Sha256>::new_from_slice(b"key").unwrap();
    mac.update(&m);
    let sig = mac.finalize().into_bytes();
    let mut c = (m.len() as u16).to_le_bytes().to_vec();
    c.extend_from_slice(&m);
    c.extend_from_slice(&32u16.to_le_bytes());
    c.extend_from_slice(&sig);
    let t = AccessToken::parse(&with_content(&c)).unwrap();
    assert_eq!(
        t.privileges(),
        &[(Privilege::new(65535), 0), (Privilege::SUBSCRIBE_STREAM, 0)]
    );
    t.verify(&AppKey::new("key"), 0).unwrap();
    assert!(t.allows(Privilege::SUBSCRIBE_STREAM, 0));
}

#[test]
fn signature_errors_never_show_the_key() {
    let t = AccessToken::parse(&with_msg(&msg(b"r", b"u", &[]))).unwrap();
    let e = t.verify(&AppKey::new("super-secret-key"), 0).unwrap_err();
    assert!(!format!("{e} {e:?}").contains("super-secret-key"));
}
