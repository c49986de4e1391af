//! A small loopback HTTP server that answers as a hostile or broken server would (an endless body,
//! a huge announced length, an error whose message holds terminal escapes), counting the requests
//! it gets. For the tests of the client and of the command line; std only, one thread per
//! connection.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// What the server answers to every request.
#[derive(Debug, Clone)]
pub enum Answer {
    /// `200` with a chunked body that never ends.
    Endless,
    /// This status and body, with its `Content-Length`.
    Fixed {
        /// HTTP status.
        status: u16,
        /// The body.
        body: Vec<u8>,
    },
    /// `200` announcing a `Content-Length` of this many bytes, then sending a few and closing.
    Announced(u64),
}

impl Answer {
    /// A `200` answer with the envelope of an API error: this code and message.
    pub fn api_error(code: &str, message: &str) -> Self {
        let body = serde_json::json!({
            "ResponseMetadata": {
                "RequestId": "req-1", "Action": "A", "Version": "V", "Service": "rtc",
                "Region": "cn-north-1", "Error": {"Code": code, "Message": message}
            }
        });
        Answer::Fixed {
            status: 400,
            body: body.to_string().into_bytes(),
        }
    }
}

/// A running loopback server.
#[derive(Debug, Clone)]
pub struct Loopback {
    /// Its base URL (`http://127.0.0.1:PORT`).
    pub url: String,
    requests: Arc<AtomicUsize>,
}

impl Loopback {
    /// Starts a server answering `answer` to every request, on a free port.
    pub fn start(answer: Answer) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let url = format!("http://{}", listener.local_addr()?);
        let requests = Arc::new(AtomicUsize::new(0));
        let count = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (answer, count) = (answer.clone(), count.clone());
                std::thread::spawn(move || serve(stream, &answer, &count));
            }
        });
        Ok(Self { url, requests })
    }

    /// How many requests arrived (whole heads read).
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// Reads one request's head and body (by `Content-Length`); `false` when the peer went away.
fn read_request(stream: &mut TcpStream) -> bool {
    let mut buf = Vec::new();
    let mut byte = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match stream.read(&mut byte) {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&byte[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        match stream.read(&mut byte) {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&byte[..n]),
        }
    }
    true
}

fn serve(mut stream: TcpStream, answer: &Answer, count: &AtomicUsize) {
    while read_request(&mut stream) {
        count.fetch_add(1, Ordering::SeqCst);
        let ok = match answer {
            Answer::Endless => {
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                            transfer-encoding: chunked\r\n\r\n";
                let chunk = vec![b' '; 64 * 1024];
                let mut piece = format!("{:x}\r\n", chunk.len()).into_bytes();
                piece.extend_from_slice(&chunk);
                piece.extend_from_slice(b"\r\n");
                if stream.write_all(head.as_bytes()).is_ok() {
                    while stream.write_all(&piece).is_ok() {}
                }
                false
            }
            Answer::Fixed { status, body } => {
                let head = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                );
                stream.write_all(head.as_bytes()).is_ok() && stream.write_all(body).is_ok()
            }
            Answer::Announced(n) => {
                let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {n}\r\n\r\n{{\"a\":");
                let _ = stream.write_all(head.as_bytes());
                false
            }
        };
        if !ok {
            return;
        }
    }
}
