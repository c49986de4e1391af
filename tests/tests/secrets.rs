//! Secrets never show in Debug, Display, errors or TRACE-level logs of a call with retries.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use volcengine_fake::{FakeServer, Fault};
use volcengine_openapi::credentials::{provide_fn, ProvidedCredentials};
use volcengine_rtc::im::types::MsgType;
use volcengine_rtc::im::{SendMessageRequest, SendMessageRequired};
use volcengine_rtc::{Client, Credentials, RetryPolicy};

const SECRET: &str = "SK-very-secret-value";
const TOKEN: &str = "STS-very-secret-token";

#[derive(Clone, Default)]
struct Buf(Arc<Mutex<Vec<u8>>>);

impl Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn no_secret_in_debug_display_errors_or_traces() {
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut rendered = Vec::new();
    rt.block_on(async {
        let server = FakeServer::start(volcengine_rtc::actions())
            .await
            .expect("server");
        let creds = Credentials::new("AKLTsecrets-test", SECRET).with_session_token(TOKEN);
        server.add_credentials(creds.clone());
        server.push_faults([Fault::Status(500), Fault::Status(429)]);
        let builder = Client::builder()
            .credentials(creds.clone())
            .endpoint(server.url())
            .retry(RetryPolicy {
                initial_backoff: Duration::from_millis(1),
                ..RetryPolicy::default()
            });
        rendered.push(format!("{builder:?}"));
        let client = builder.build().expect("client");
        rendered.push(format!("{client:?}"));
        rendered.push(format!("{creds:?}"));
        rendered.push(format!(
            "{} {:?}",
            creds.secret_key(),
            creds.session_token()
        ));
        let req = SendMessageRequest::new(SendMessageRequired {
            app_id: 1,
            sender: 2,
            conversation_short_id: 3,
            msg_type: MsgType::TEXT,
            content: "hi".into(),
        });
        let ok = client
            .send_message(req.clone())
            .await
            .expect("sent after retries");
        assert_eq!(ok.attempts, 3);
        // Every error kind, rendered.
        server.push_faults([
            Fault::Status(500),
            Fault::Status(500),
            Fault::Status(500),
            Fault::NonJson(502),
        ]);
        let e1 = client.send_message(req.clone()).await.expect_err("500s");
        let e2 = Client::builder()
            .credentials(creds.clone())
            .endpoint(server.url())
            .retry(RetryPolicy::none())
            .build()
            .expect("c")
            .send_message(req.clone())
            .await
            .expect_err("non json");
        let wrong = Client::builder()
            .credentials(Credentials::new("AKLTsecrets-test", "bad").with_session_token(TOKEN))
            .endpoint(server.url())
            .build()
            .expect("c");
        let e3 = wrong
            .send_message(req.clone())
            .await
            .expect_err("bad signature");
        let e4 = Client::builder()
            .credentials(creds.clone())
            .endpoint("http://127.0.0.1:1")
            .retry(RetryPolicy::none())
            .build()
            .expect("c")
            .send_message(req.clone())
            .await
            .expect_err("refused");
        let e5 = Client::builder()
            .credentials(creds.clone())
            .region("nowhere")
            .build()
            .expect_err("config");
        // Credentials from a provider (refreshed before each attempt: valid for under a minute),
        // and from the configuration file.
        let provided = creds.clone();
        let rotating = Client::builder()
            .credentials_provider(provide_fn(move || {
                Ok(ProvidedCredentials::expiring_in(
                    provided.clone(),
                    Duration::from_secs(30),
                ))
            }))
            .endpoint(server.url())
            .retry(RetryPolicy {
                initial_backoff: Duration::from_millis(1),
                ..RetryPolicy::default()
            });
        rendered.push(format!("{rotating:?}"));
        let rotating = rotating.build().expect("client");
        server.push_faults([Fault::Status(500)]);
        assert_eq!(
            rotating
                .send_message(req.clone())
                .await
                .expect("sent")
                .attempts,
            2
        );
        rendered.push(format!("{rotating:?}"));
        let dir = std::env::temp_dir().join(format!("volc-secrets-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let file = dir.join("config");
        std::fs::write(
            &file,
            format!(
                r#"{{"ak": "AKLTsecrets-test", "sk": "{SECRET}", "session_token": "{TOKEN}"}}"#
            ),
        )
        .expect("write");
        let from_file = Client::builder()
            .config_file(&file)
            .endpoint(server.url())
            .build()
            .expect("client");
        from_file.send_message(req.clone()).await.expect("sent");
        rendered.push(format!("{from_file:?}"));
        std::fs::write(&file, format!(r#"{{"ak": "AK", "sk": "{SECRET}", "x": }}"#))
            .expect("write");
        let e6 = Client::builder()
            .config_file(&file)
            .build()
            .expect_err("malformed");
        std::fs::remove_dir_all(&dir).ok();
        for e in [e1, e2, e3, e4, e5, e6] {
            rendered.push(format!("{e} {e:?}"));
        }
    });
    let logs = String::from_utf8(buf.0.lock().expect("lock").clone()).expect("utf8");
    assert!(
        logs.contains("call{service=\"rtc\" action=\"SendMessage\"")
            && logs.contains("signed request")
            && logs.contains("retrying"),
        "the trace was captured: {logs}"
    );
    for text in rendered.iter().chain(std::iter::once(&logs)) {
        assert!(!text.contains(SECRET), "secret key leaked: {text}");
        assert!(!text.contains(TOKEN), "session token leaked: {text}");
    }
}
