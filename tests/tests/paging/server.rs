//! A small local HTTP server that pages the actions of `actions.rs`: 25 things by cursor, 20 by
//! page number (with `Total`), 25 by offset; the repeating actions answer the same again and again.

use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Every request received: (action, body).
pub(crate) type Log = Arc<Mutex<Vec<(String, Value)>>>;

pub(crate) fn things(range: std::ops::Range<i64>) -> Vec<Value> {
    range.map(|i| json!({ "Id": i + 1 })).collect()
}

/// The `Result` for one request: 25 things by cursor, 20 by page number (with `Total`), 25 by
/// offset (no total); the repeating actions answer the same again and again.
pub(crate) fn result(action: &str, body: &Value) -> Value {
    let int = |k: &str, default: i64| body.get(k).and_then(Value::as_i64).unwrap_or(default);
    match action {
        "ListByCursor" => {
            let start: i64 = body
                .get("Cursor")
                .and_then(Value::as_str)
                .map_or(0, |c| c.parse().expect("cursor"));
            let end = (start + int("Limit", 10)).min(25);
            json!({
                "Items": things(start..end),
                "NextCursor": if end < 25 { end.to_string() } else { String::new() },
                "HasMore": end < 25,
            })
        }
        "RepeatCursor" => json!({ "Items": things(0..10), "NextCursor": "same", "HasMore": true }),
        "ListByPage" => {
            let size = int("PageSize", 10);
            let start = (int("PageNumber", 1) - 1) * size;
            json!({ "Things": things(start.min(20)..(start + size).min(20)), "Total": 20 })
        }
        "RepeatPage" => json!({ "Things": things(0..10) }),
        "ListByOffset" => {
            let start = int("Offset", 0).min(25);
            json!({ "Things": things(start..(start + int("Limit", 10)).min(25)) })
        }
        "ListByOffsetTotal" => {
            let start = int("Offset", 0).min(20);
            json!({ "Things": things(start..(start + int("Limit", 10)).min(20)), "Total": 20 })
        }
        other => panic!("unexpected action {other}"),
    }
}

pub(crate) async fn serve(listener: TcpListener, log: Log) {
    let mut n = 0;
    loop {
        let Ok((mut stream, _)) = listener.accept().await else {
            continue;
        };
        n += 1;
        let log = log.clone();
        tokio::spawn(async move {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            let (head_end, length) = loop {
                let read = stream.read(&mut chunk).await.expect("read");
                assert!(read > 0, "closed early");
                buf.extend_from_slice(&chunk[..read]);
                if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&buf[..i]).to_lowercase();
                    let length = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .map_or(0, |v| v.trim().parse().expect("length"));
                    break (i + 4, length);
                }
            };
            while buf.len() < head_end + length {
                let read = stream.read(&mut chunk).await.expect("read");
                assert!(read > 0, "closed early");
                buf.extend_from_slice(&chunk[..read]);
            }
            let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
            let target = head.split(' ').nth(1).expect("target");
            let action = target
                .split(['?', '&'])
                .find_map(|kv| kv.strip_prefix("Action="))
                .expect("Action")
                .to_string();
            let body: Value = serde_json::from_slice(&buf[head_end..]).expect("json body");
            let answer = json!({
                "ResponseMetadata": {
                    "RequestId": format!("page-{n}"), "Action": action, "Version": "2024-01-01",
                    "Service": "things", "Region": "cn-north-1",
                },
                "Result": result(&action, &body),
            })
            .to_string();
            log.lock().expect("lock").push((action, body));
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                answer.len()
            );
            stream.write_all(response.as_bytes()).await.expect("write");
            stream.shutdown().await.ok();
        });
    }
}

pub(crate) async fn server() -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let log = Log::default();
    tokio::spawn(serve(listener, log.clone()));
    (url, log)
}
