//! The runtime's pager against a small local HTTP server that pages (the fake server answers only
//! the spec's examples): hand-written request and result types implementing `Action` and `Paged`
//! in each style, a server that repeats a cursor and one that repeats a page, the rate limit, and
//! the blocking client's iterators; then the generated `GetConversationMessages` types against the
//! fake server, which pages that action.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use volcengine_openapi::{Client, Credentials, Error, RateLimit};
use volcengine_rtc::im::types::MsgType;
use volcengine_rtc::im::{
    GetConversationMessagesRequest, GetConversationMessagesRequired, SendMessageRequest,
    SendMessageRequired,
};

mod actions;
mod server;

use actions::{
    ListByCursor, ListByOffset, ListByOffsetTotal, ListByPage, RepeatCursor, RepeatPage, Thing,
    SERVICE,
};
use server::{server, Log};

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
