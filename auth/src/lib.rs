//! What a Volcengine RTC app server does besides calling the OpenAPI: mint and check **room
//! tokens**, and check the **callbacks** Volcengine sends it.
//!
//! - [`token`]: the AccessToken, version `"001"`, that an RTC client joins a room with (and logs in to
//!   real-time messaging with). [`TokenBuilder`] mints one byte for byte as the official
//!   implementations do; [`AccessToken::parse`] reads any token string into its fields with a typed
//!   [`ParseError`] for every malformed input; [`AccessToken::verify`] checks its HMAC-SHA256
//!   signature (in constant time) and its expiry, and the expiry of each privilege, against a clock you
//!   pass.
//! - [`callback`]: the envelope RTC and IM server callbacks share ([`Envelope`]), its SHA-256
//!   signature ([`Envelope::verify`]), a [`Verifier`] that also checks the AppId, the freshness of
//!   `EventTime` and replays, a signer ([`EnvelopeBuilder`]), the [`CallbackEvent`] trait the SDK
//!   crate's generated events implement, and a bounded de-duplicator keyed by `EventId` ([`Dedup`];
//!   delivery is at least once).
//! - [`voice_chat`]: the conversational-AI (VoiceChat) server messages,
//!   `{"message": <base64>, "signature": <your static string>}`, whose binary is a 4-byte magic, a
//!   4-byte big-endian length and JSON, decoded by magic into a typed
//!   [`voice_chat::ServerMessage`] (subtitles `subv`/`subt`, the agent's state `conv`, function
//!   calls `tool`, and any other magic kept as bytes).
//!
//! Nothing here does I/O, reads a clock behind your back (except [`TokenBuilder::sign`]'s defaults
//! for the issue time and nonce, both injectable), or panics on any input. Secrets ([`AppKey`],
//! [`CallbackSecret`], [`voice_chat::ServerMessageSignature`]) print as `***` and never appear
//! in an error.
//!
//! ```
//! use volcengine_rtc_auth::{AccessToken, AppId, AppKey, Room, TokenBuilder, Privilege};
//!
//! let key = AppKey::new("app key");
//! let token = TokenBuilder::new(AppId::new("123456781234567812345678")?, Room::id("new_room"), "new_user_id")
//!     .expire_at(1_750_003_600)
//!     .publish(1_750_003_600)
//!     .subscribe(0)
//!     .nonce(0x1234_5678)
//!     .issued_at(1_750_000_000)
//!     .sign(&key)?;
//! assert!(token.starts_with("001123456781234567812345678"));
//!
//! let parsed = AccessToken::parse(&token)?;
//! parsed.verify(&key, 1_750_000_100)?;
//! assert!(parsed.allows(Privilege::PUBLISH_AUDIO_STREAM, 1_750_000_100));
//! assert!(parsed.verify(&key, 1_750_003_601).is_err()); // expired
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]
#![forbid(unsafe_code)]

pub mod callback;
mod secret;
pub mod token;
pub mod voice_chat;

pub use callback::{
    parse_event_time, verify_callback, CallbackError, CallbackEvent, CallbackSecret, Dedup,
    Envelope, EnvelopeBuilder, EnvelopeError, EventError, EventTimeError, RawEvent, SharedDedup,
    Verifier,
};
pub use token::{
    verify_token, AccessToken, AppId, AppIdError, AppKey, BuildError, IdError, ParseError,
    Privilege, Room, TokenBuilder, TokenError, VerifyError,
};
