//! The runtime's pager against a small local HTTP server that pages (the fake server answers only
//! the spec's examples): hand-written request and result types implementing `Action` and `Paged`
//! in each style, a server that repeats a cursor and one that repeats a page, the rate limit, and
//! the blocking client's iterators; then the generated `GetConversationMessages` types against the
//! fake server, which pages that action.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use volcengine_openapi::paging::{Paged, PagingStyle};
use volcengine_openapi::{
    Action, Client, Credentials, Error, FamilyInfo, Method, Operation, Placement, RateLimit,
    ServiceInfo, Validate, Violations,
};
use volcengine_rtc::im::types::MsgType;
use volcengine_rtc::im::{
    GetConversationMessagesRequest, GetConversationMessagesRequired, SendMessageRequest,
    SendMessageRequired,
};

static SERVICE: ServiceInfo = ServiceInfo {
    name: "things",
    default_region: "cn-north-1",
    regions: &[],
    error_codes: &[],
    user_agent: "paging-test",
    editions: &[],
};
static FAMILY: FamilyInfo = FamilyInfo {
    name: "things",
    invalid_request_code: "InvalidParameter",
    signing_regions: &[],
};

const fn op(action: &'static str) -> Operation {
    Operation {
        service: &SERVICE,
        family: &FAMILY,
        action,
        version: "2024-01-01",
        method: Method::Post,
        placement: Placement::Body,
        qps: None,
        shared_limit: None,
        idempotency_key: None,
        read_only: true,
        replay_safe: false,
    }
}
static BY_CURSOR: Operation = op("ListByCursor");
static REPEAT_CURSOR: Operation = op("RepeatCursor");
static BY_PAGE: Operation = op("ListByPage");
static REPEAT_PAGE: Operation = op("RepeatPage");
static BY_OFFSET: Operation = op("ListByOffset");
static BY_OFFSET_TOTAL: Operation = op("ListByOffsetTotal");

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Thing {
    #[serde(rename = "Id")]
    id: i64,
}

// --- Cursor style: `Cursor` in, `NextCursor` (empty at the end) and `HasMore` out. ---

#[derive(Debug, Clone, Serialize)]
struct ListByCursor {
    #[serde(rename = "Cursor", skip_serializing_if = "Option::is_none")]
    cursor: Option<String>,
    #[serde(rename = "Limit")]
    limit: i64,
}

#[derive(Debug, Deserialize)]
struct CursorPage {
    #[serde(rename = "Items")]
    items: Vec<Thing>,
    #[serde(rename = "NextCursor")]
    next_cursor: String,
    #[serde(rename = "HasMore")]
    has_more: bool,
}

impl Validate for ListByCursor {
    fn validate(&self, _: &mut Violations) {}
}
impl Action for ListByCursor {
    type Result = CursorPage;
    const OPERATION: &'static Operation = &BY_CURSOR;
}

/// The same fields under the repeating action.
#[derive(Debug, Clone, Serialize)]
struct RepeatCursor(ListByCursor);
impl Validate for RepeatCursor {
    fn validate(&self, _: &mut Violations) {}
}
impl Action for RepeatCursor {
    type Result = CursorPage;
    const OPERATION: &'static Operation = &REPEAT_CURSOR;
}

// What a generated implementation looks like: a few field accesses.
impl Paged for ListByCursor {
    type Item = Thing;
    type Cursor = String;
    const STYLE: PagingStyle = PagingStyle::Cursor;
    fn page_size(&self) -> Option<i64> {
        Some(self.limit)
    }
    fn cursor(&self) -> Option<String> {
        self.cursor.clone()
    }
    fn set_cursor(&mut self, cursor: String) {
        self.cursor = Some(cursor);
    }
    fn items(r: &CursorPage) -> &[Thing] {
        &r.items
    }
    fn into_items(r: CursorPage) -> Vec<Thing> {
        r.items
    }
    fn next_cursor(r: &CursorPage) -> Option<String> {
        Some(r.next_cursor.clone()).filter(|c| !c.is_empty())
    }
    fn has_more(r: &CursorPage) -> Option<bool> {
        Some(r.has_more)
    }
}

impl Paged for RepeatCursor {
    type Item = Thing;
    type Cursor = String;
    const STYLE: PagingStyle = PagingStyle::Cursor;
    fn page_size(&self) -> Option<i64> {
        Some(self.0.limit)
    }
    fn cursor(&self) -> Option<String> {
        self.0.cursor.clone()
    }
    fn set_cursor(&mut self, cursor: String) {
        self.0.cursor = Some(cursor);
    }
    fn items(r: &CursorPage) -> &[Thing] {
        &r.items
    }
    fn into_items(r: CursorPage) -> Vec<Thing> {
        r.items
    }
    fn next_cursor(r: &CursorPage) -> Option<String> {
        Some(r.next_cursor.clone()).filter(|c| !c.is_empty())
    }
    fn has_more(r: &CursorPage) -> Option<bool> {
        Some(r.has_more)
    }
}

// --- Page number style: `PageNumber` and `PageSize` in, `Total` out. ---

#[derive(Debug, Clone, Serialize)]
struct ListByPage {
    #[serde(rename = "PageNumber", skip_serializing_if = "Option::is_none")]
    page_number: Option<i32>,
    #[serde(rename = "PageSize")]
    page_size: i32,
}

#[derive(Debug, Deserialize)]
struct NumberedPage {
    #[serde(rename = "Things")]
    things: Option<Vec<Thing>>,
    #[serde(rename = "Total", default)]
    total: Option<i64>,
}

impl Validate for ListByPage {
    fn validate(&self, _: &mut Violations) {}
}
impl Action for ListByPage {
    type Result = NumberedPage;
    const OPERATION: &'static Operation = &BY_PAGE;
}

impl Paged for ListByPage {
    type Item = Thing;
    type Cursor = ();
    const STYLE: PagingStyle = PagingStyle::PageNumber;
    fn page_size(&self) -> Option<i64> {
        Some(self.page_size.into())
    }
    fn page(&self) -> Option<i64> {
        self.page_number.map(i64::from)
    }
    fn set_page(&mut self, page: i64) {
        self.page_number = Some(page.try_into().unwrap_or(i32::MAX));
    }
    fn items(r: &NumberedPage) -> &[Thing] {
        r.things.as_deref().unwrap_or_default()
    }
    fn into_items(r: NumberedPage) -> Vec<Thing> {
        r.things.unwrap_or_default()
    }
    fn total(r: &NumberedPage) -> Option<i64> {
        r.total
    }
}

#[derive(Debug, Clone, Serialize)]
struct RepeatPage(ListByPage);
impl Validate for RepeatPage {
    fn validate(&self, _: &mut Violations) {}
}
impl Action for RepeatPage {
    type Result = NumberedPage;
    const OPERATION: &'static Operation = &REPEAT_PAGE;
}
impl Paged for RepeatPage {
    type Item = Thing;
    type Cursor = ();
    const STYLE: PagingStyle = PagingStyle::PageNumber;
    fn page_size(&self) -> Option<i64> {
        self.0.page_size()
    }
    fn page(&self) -> Option<i64> {
        self.0.page()
    }
    fn set_page(&mut self, page: i64) {
        self.0.set_page(page)
    }
    fn items(r: &NumberedPage) -> &[Thing] {
        ListByPage::items(r)
    }
    fn into_items(r: NumberedPage) -> Vec<Thing> {
        ListByPage::into_items(r)
    }
}

// --- Offset style: `Offset` and `Limit` in, no total. ---

#[derive(Debug, Clone, Serialize)]
struct ListByOffset {
    #[serde(rename = "Offset")]
    offset: i64,
    #[serde(rename = "Limit")]
    limit: i64,
}

impl Validate for ListByOffset {
    fn validate(&self, _: &mut Violations) {}
}
impl Action for ListByOffset {
    type Result = NumberedPage;
    const OPERATION: &'static Operation = &BY_OFFSET;
}
impl Paged for ListByOffset {
    type Item = Thing;
    type Cursor = ();
    const STYLE: PagingStyle = PagingStyle::Offset;
    fn page_size(&self) -> Option<i64> {
        Some(self.limit)
    }
    fn page(&self) -> Option<i64> {
        Some(self.offset)
    }
    fn set_page(&mut self, offset: i64) {
        self.offset = offset;
    }
    fn items(r: &NumberedPage) -> &[Thing] {
        ListByPage::items(r)
    }
    fn into_items(r: NumberedPage) -> Vec<Thing> {
        ListByPage::into_items(r)
    }
}

/// The same fields under an action that answers a total (of 20).
#[derive(Debug, Clone, Serialize)]
struct ListByOffsetTotal(ListByOffset);
impl Validate for ListByOffsetTotal {
    fn validate(&self, _: &mut Violations) {}
}
impl Action for ListByOffsetTotal {
    type Result = NumberedPage;
    const OPERATION: &'static Operation = &BY_OFFSET_TOTAL;
}
impl Paged for ListByOffsetTotal {
    type Item = Thing;
    type Cursor = ();
    const STYLE: PagingStyle = PagingStyle::Offset;
    fn page_size(&self) -> Option<i64> {
        self.0.page_size()
    }
    fn page(&self) -> Option<i64> {
        self.0.page()
    }
    fn set_page(&mut self, offset: i64) {
        self.0.set_page(offset)
    }
    fn items(r: &NumberedPage) -> &[Thing] {
        ListByPage::items(r)
    }
    fn into_items(r: NumberedPage) -> Vec<Thing> {
        ListByPage::into_items(r)
    }
    fn total(r: &NumberedPage) -> Option<i64> {
        r.total
    }
}

// --- The server. ---

/// Every request received: (action, body).
type Log = Arc<Mutex<Vec<(String, Value)>>>;

fn things(range: std::ops::Range<i64>) -> Vec<Value> {
    range.map(|i| json!({ "Id": i + 1 })).collect()
}

/// The `Result` for one request: 25 things by cursor, 20 by page number (with `Total`), 25 by
/// offset (no total); the repeating actions answer the same again and again.
fn result(action: &str, body: &Value) -> Value {
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

async fn serve(listener: TcpListener, log: Log) {
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

async fn server() -> (String, Log) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let log = Log::default();
    tokio::spawn(serve(listener, log.clone()));
    (url, log)
}

fn client(url: &str, rate_limit: RateLimit) -> Client {
    Client::builder(&SERVICE)
        .credentials(Credentials::new("AKpaging", "SKpaging"))
        .endpoint(url)
        .rate_limit(rate_limit)
        .build()
        .expect("client")
}

fn sent(log: &Log, key: &str) -> Vec<Value> {
    log.lock()
        .expect("lock")
        .iter()
        .map(|(_, b)| b.get(key).cloned().unwrap_or(Value::Null))
        .collect()
}

fn ids(items: &[Thing]) -> Vec<i64> {
    items.iter().map(|t| t.id).collect()
}

fn first_page() -> ListByCursor {
    ListByCursor {
        cursor: None,
        limit: 10,
    }
}

#[tokio::test]
async fn a_cursor_pager_reads_25_items_10_at_a_time() {
    let (url, log) = server().await;
    let c = client(&url, RateLimit::Off);
    let items = c.items(first_page()).try_collect().await.expect("items");
    assert_eq!(ids(&items), (1..=25).collect::<Vec<_>>());
    assert_eq!(
        sent(&log, "Cursor"),
        vec![Value::Null, json!("10"), json!("20")],
        "three requests, each with the cursor answered before"
    );

    log.lock().expect("lock").clear();
    let mut pages = c.pages(first_page());
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.expect("page");
        assert!(page.request_id().starts_with("page-"));
        sizes.push(page.items.len());
    }
    assert_eq!(sizes, vec![10, 10, 5]);
    assert_eq!(
        log.lock().expect("lock").len(),
        3,
        "no request after the last page"
    );
    assert!(pages.next().await.is_none(), "ended for good");
}

#[tokio::test]
async fn page_number_and_offset_pagers_stop_exactly_at_the_end() {
    let (url, log) = server().await;
    let c = client(&url, RateLimit::Off);
    // 20 things with a total: the second full page reaches it, so no third request.
    let items = c
        .items(ListByPage {
            page_number: None,
            page_size: 10,
        })
        .try_collect()
        .await
        .expect("items");
    assert_eq!(ids(&items), (1..=20).collect::<Vec<_>>());
    assert_eq!(sent(&log, "PageNumber"), vec![Value::Null, json!(2)]);

    // From page 2 on, with a size that does not divide the total: the short page ends it.
    log.lock().expect("lock").clear();
    let items = c
        .items(ListByPage {
            page_number: Some(2),
            page_size: 7,
        })
        .try_collect()
        .await
        .expect("items");
    assert_eq!(ids(&items), (8..=20).collect::<Vec<_>>());
    assert_eq!(sent(&log, "PageNumber"), vec![json!(2), json!(3)]);

    // 25 things by offset, no total: the short third page ends it.
    log.lock().expect("lock").clear();
    let items = c
        .items(ListByOffset {
            offset: 0,
            limit: 10,
        })
        .try_collect()
        .await
        .expect("items");
    assert_eq!(ids(&items), (1..=25).collect::<Vec<_>>());
    assert_eq!(sent(&log, "Offset"), vec![json!(0), json!(10), json!(20)]);

    // 20 things by offset with a total: the second full page reaches it (offset + items = total),
    // so no third request.
    log.lock().expect("lock").clear();
    let items = c
        .items(ListByOffsetTotal(ListByOffset {
            offset: 0,
            limit: 10,
        }))
        .try_collect()
        .await
        .expect("items");
    assert_eq!(ids(&items), (1..=20).collect::<Vec<_>>());
    assert_eq!(sent(&log, "Offset"), vec![json!(0), json!(10)]);
}

#[tokio::test]
async fn a_repeated_cursor_or_page_ends_with_an_error_not_a_loop() {
    let (url, log) = server().await;
    let c = client(&url, RateLimit::Off);
    // The server answers cursor "same" to every request: the second page (asked with "same") is
    // new, the third would repeat it.
    let mut pages = c.pages(RepeatCursor(first_page()));
    assert_eq!(
        pages.next().await.expect("1").expect("page 1").items.len(),
        10
    );
    assert_eq!(
        pages.next().await.expect("2").expect("page 2").items.len(),
        10
    );
    let err = pages.next().await.expect("3").expect_err("repeated");
    let Error::Paging(p) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(p.page, 2);
    assert_eq!(p.call.action, "RepeatCursor");
    assert!(p.reason.contains("cursor \"same\" again"), "{err}");
    assert!(err.request_id().is_some_and(|r| r.starts_with("page-")));
    assert!(!err.is_ambiguous() && !err.is_retryable());
    assert!(pages.next().await.is_none());
    assert_eq!(log.lock().expect("lock").len(), 2);

    // Items: the 20 items of the two pages, then the error.
    log.lock().expect("lock").clear();
    let mut items = c.items(RepeatCursor(first_page()));
    let mut n = 0;
    let err = loop {
        match items.next().await.expect("not ended before the error") {
            Ok(_) => n += 1,
            Err(e) => break e,
        }
    };
    assert_eq!(n, 20);
    assert!(matches!(err, Error::Paging(_)), "{err}");
    assert!(items.next().await.is_none());

    // A server that ignores the page number: the second page equals the first.
    log.lock().expect("lock").clear();
    let err = c
        .items(RepeatPage(ListByPage {
            page_number: None,
            page_size: 10,
        }))
        .try_collect()
        .await
        .expect_err("repeated page");
    assert!(
        err.to_string()
            .contains("paging stopped at page 2: the server answered the items of the page before again for page 2"),
        "{err}"
    );
    assert_eq!(log.lock().expect("lock").len(), 2);
}

#[tokio::test]
async fn each_page_goes_through_the_rate_limit() {
    let (url, log) = server().await;
    let c = client(&url, RateLimit::PerSecond(10));
    let started = Instant::now();
    let items = c.items(first_page()).try_collect().await.expect("items");
    assert_eq!(items.len(), 25);
    assert_eq!(log.lock().expect("lock").len(), 3);
    // Three requests 100 ms apart.
    assert!(
        started.elapsed() >= Duration::from_millis(190),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn the_blocking_client_iterates_pages_and_items() {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (url, log) = rt.block_on(server());
    let c = Client::builder(&SERVICE)
        .credentials(Credentials::new("AKpaging", "SKpaging"))
        .endpoint(&url)
        .rate_limit(RateLimit::Off)
        .build_blocking()
        .expect("blocking client");
    let items: Vec<Thing> = c
        .items(first_page())
        .collect::<Result<_, _>>()
        .expect("items");
    assert_eq!(ids(&items), (1..=25).collect::<Vec<_>>());
    let sizes: Vec<usize> = c
        .pages(ListByOffset {
            offset: 0,
            limit: 10,
        })
        .map(|p| p.expect("page").things.as_ref().map_or(0, Vec::len))
        .collect();
    assert_eq!(sizes, vec![10, 10, 5]);
    let results: Vec<_> = c.items(RepeatCursor(first_page())).collect();
    assert_eq!(results.len(), 21, "20 items, then the error, then the end");
    assert!(matches!(results[20], Err(Error::Paging(_))));
    assert_eq!(log.lock().expect("lock").len(), 3 + 3 + 2);
}

// --- The generated types, against the fake server (which pages GetConversationMessages). ---
// The generator emits `impl Paged` for every action that declares `paging:` in the spec.

#[tokio::test]
async fn the_pager_reads_a_conversation_back_from_the_fake_server() {
    let server = volcengine_fake::FakeServer::start(volcengine_rtc::actions())
        .await
        .expect("server");
    let c = volcengine_rtc::Client::builder()
        .credentials(volcengine_fake::test_credentials())
        .endpoint(server.url())
        .rate_limit(RateLimit::Off)
        .build()
        .expect("client");
    let mut sent = Vec::new();
    for n in 0..25 {
        let message = SendMessageRequest::new(SendMessageRequired {
            app_id: 7,
            sender: 1001,
            conversation_short_id: 99,
            msg_type: MsgType::TEXT,
            content: format!(r#"{{"text":"message {n}"}}"#),
        });
        sent.push(c.send_message(message).await.expect("sent").message_id);
    }
    let before = server.request_count();
    let request = GetConversationMessagesRequest::new(GetConversationMessagesRequired {
        app_id: 7,
        conversation_short_id: 99,
        cursor: 0,
        limit: 10,
    });
    // Through the typed client: it dereferences to the runtime's, pagers included.
    let listed = c.items(request).try_collect().await.expect("messages");
    let ids: Vec<i64> = listed.iter().map(|m| m.message_id).collect();
    assert_eq!(ids, sent, "every message, in the order sent");
    assert_eq!(server.request_count() - before, 3, "10, 10, 5");
}
