//! Unit tests of the token module (the vectors and malformed inputs are in `auth/tests/`).

use super::*;

fn app() -> AppId {
    AppId::new("123456781234567812345678").unwrap()
}

#[test]
fn ids_are_checked_by_default_and_reserved_rooms_always() {
    let key = AppKey::new("k");
    let b = |room: Room, user: &str| TokenBuilder::new(app(), room, user).nonce(1).issued_at(1);
    assert_eq!(
        b(Room::id("a b"), "u").sign(&key),
        Err(BuildError::InvalidRoomId(IdError::BadCharacter {
            index: 1,
            ch: ' '
        }))
    );
    assert_eq!(
        b(Room::id("r"), "").sign(&key),
        Err(BuildError::InvalidUserId(IdError::Empty))
    );
    assert_eq!(
        b(Room::id("r"), &"x".repeat(129)).sign(&key),
        Err(BuildError::InvalidUserId(IdError::TooLong { len: 129 }))
    );
    assert!(b(Room::id("r"), &"x".repeat(128)).sign(&key).is_ok());
    assert!(b(Room::id("房间"), "u").allow_any_ids().sign(&key).is_ok());
    for (id, instead) in [("*", "Room::Any"), ("", "Room::MessagingLogin")] {
        let err = b(Room::id(id), "u").allow_any_ids().sign(&key).unwrap_err();
        assert!(
            matches!(err, BuildError::ReservedRoomId { use_instead, .. } if use_instead == instead)
        );
    }
    assert!(b(Room::Any, "u").sign(&key).is_ok());
    assert!(b(Room::MessagingLogin, "u").sign(&key).is_ok());
    let long = "x".repeat(70_000);
    assert!(matches!(
        b(Room::id(long.as_str()), "u").allow_any_ids().sign(&key),
        Err(BuildError::FieldTooLong {
            field: "room id",
            len: 70_000
        })
    ));
    let big = "x".repeat(65_000);
    assert!(matches!(
        b(Room::id(big.as_str()), big.as_str())
            .allow_any_ids()
            .sign(&key),
        Err(BuildError::TokenTooLong { .. })
    ));
}

#[test]
fn app_ids_are_checked() {
    assert_eq!(AppId::new("short"), Err(AppIdError::WrongLength { len: 5 }));
    assert_eq!(
        AppId::new("12345678123456781234567 "),
        Err(AppIdError::BadCharacter { index: 23, ch: ' ' })
    );
    assert!(matches!(
        AppId::new("12345678123456781234567é"),
        Err(AppIdError::BadCharacter { index: 23, .. })
    ));
}

#[test]
fn secrets_are_redacted() {
    let key = AppKey::new("hunter2");
    assert_eq!(format!("{key:?}"), "AppKey(***)");
    assert_eq!(format!("{key}"), "***");
}

#[test]
fn default_nonce_and_time_are_filled() {
    let key = AppKey::new("k");
    let t = TokenBuilder::new(app(), Room::id("r"), "u")
        .sign(&key)
        .unwrap();
    let p = AccessToken::parse(&t).unwrap();
    assert!(p.issued_at() > 1_700_000_000);
    p.verify(&key, p.issued_at()).unwrap();
}
