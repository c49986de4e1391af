//! Pagers: every page (or every item) of an action that pages, as a stream.
//!
//! An action that pages implements [`Paged`]: its paging style, how to set the page (or offset,
//! or cursor) on a request, and how to read the items, the next cursor, the has-more flag and the
//! total from a result. [`Client::pages`] then yields each page's [`Response`], and
//! [`Client::items`] each item, fetching the next page only when the last one is used up. Each page
//! is an ordinary [`call`](Client::call_with): validated, signed, retried and rate-limited as any
//! call, with the same per-call options.
//!
//! # Where the pages end
//!
//! - Every style: a has-more flag that says `false`; a page with no items (a cursor style with a
//!   has-more flag that says `true` goes on).
//! - Cursor: no next cursor. Unless has-more says `true`, an empty page.
//! - Page number: fewer items than the page size, or page × size ≥ total (the items seen ≥ total
//!   when the request has no size). A has-more flag that says `true` overrides both.
//! - Offset: fewer items than the limit, or offset + items ≥ total; the next offset is the offset
//!   plus the items answered.
//!
//! A server that does not advance never makes a pager loop: a next cursor that was already sent,
//! or a page whose items are those of the page before, ends the stream with an [`Error::Paging`]
//! (after the pages that did advance). After any error the stream ends.
//!
//! # Implementing `Paged`
//!
//! The generator emits the implementation from an action's `paging:` key; until then (or for a
//! hand-written request type) it takes a few field accesses:
//!
//! ```
//! use volcengine_openapi::paging::{Paged, PagingStyle};
//! # use volcengine_openapi::{Action, FamilyInfo, Method, Operation, Placement, ServiceInfo, Validate, Violations};
//! # static S: ServiceInfo = ServiceInfo { name: "demo", default_region: "cn-north-1", regions: &[], error_codes: &[], user_agent: "x", editions: &[] };
//! # static F: FamilyInfo = FamilyInfo { name: "things", invalid_request_code: "InvalidParameter", signing_regions: &[] };
//! # static OP: Operation = Operation { service: &S, family: &F, action: "GetConversationMessages", version: "2020-12-01",
//! #     method: Method::Post, placement: Placement::Body, qps: None, shared_limit: None, idempotency_key: None, read_only: true, replay_safe: false };
//! # #[derive(serde::Deserialize, Clone, PartialEq, Debug)] struct Message { id: i64 }
//! # impl Validate for GetMessages { fn validate(&self, _: &mut Violations) {} }
//! # impl Action for GetMessages { type Result = GetMessagesResult; const OPERATION: &'static Operation = &OP; }
//! #[derive(serde::Serialize, Clone)]
//! struct GetMessages { cursor: i64, limit: i64 }
//! #[derive(serde::Deserialize)]
//! struct GetMessagesResult { messages: Vec<Message>, new_cursor: i64, has_more: bool }
//!
//! impl Paged for GetMessages {
//!     type Item = Message;
//!     type Cursor = i64;
//!     const STYLE: PagingStyle = PagingStyle::Cursor;
//!     fn page_size(&self) -> Option<i64> { Some(self.limit) }
//!     fn cursor(&self) -> Option<i64> { Some(self.cursor) }
//!     fn set_cursor(&mut self, cursor: i64) { self.cursor = cursor }
//!     fn items(r: &GetMessagesResult) -> &[Message] { &r.messages }
//!     fn into_items(r: GetMessagesResult) -> Vec<Message> { r.messages }
//!     fn next_cursor(r: &GetMessagesResult) -> Option<i64> { Some(r.new_cursor) }
//!     fn has_more(r: &GetMessagesResult) -> Option<bool> { Some(r.has_more) }
//! }
//!
//! # async fn demo(client: volcengine_openapi::Client) -> Result<(), volcengine_openapi::Error> {
//! let mut messages = client.items(GetMessages { cursor: 0, limit: 20 });
//! while let Some(message) = messages.next().await {
//!     println!("{}", message?.id);
//! }
//! # Ok(())
//! # }
//! ```

use std::collections::HashSet;
use std::fmt;
use std::hash::Hash;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::client::{CallOptions, Client, Response};
use crate::error::{CallInfo, Error, PagingError};
use crate::operation::Action;

/// How an action pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagingStyle {
    /// A page number (the first page is 1) and a page size, often with a total.
    PageNumber,
    /// An offset (the first item is 0) and a limit.
    Offset,
    /// A cursor sent with the request, the next one answered with the page.
    Cursor,
}

/// An action whose answer comes in pages. The request-side methods a style does not use keep their
/// defaults, as do the result-side ones for fields the action does not have.
pub trait Paged: Action + Clone {
    /// One item of a page.
    type Item: Clone + PartialEq + Send + 'static;
    /// The cursor's type, for the cursor style (`()` or any type for the others).
    type Cursor: Clone + Eq + Hash + fmt::Debug + Send + Sync + 'static;
    /// The paging style.
    const STYLE: PagingStyle;

    /// The request's page size (page number style) or limit (offset style), when set.
    fn page_size(&self) -> Option<i64>;
    /// Page number style: the request's page number; offset style: its offset (`None`: the
    /// first).
    fn page(&self) -> Option<i64> {
        None
    }
    /// Sets the page number (page number style) or the offset (offset style).
    fn set_page(&mut self, page: i64) {
        let _ = page;
    }
    /// Cursor style: the request's cursor, when set.
    fn cursor(&self) -> Option<Self::Cursor> {
        None
    }
    /// Cursor style: sets the cursor.
    fn set_cursor(&mut self, cursor: Self::Cursor) {
        let _ = cursor;
    }

    /// The page's items.
    fn items(result: &Self::Result) -> &[Self::Item];
    /// The page's items, by value.
    fn into_items(result: Self::Result) -> Vec<Self::Item>;
    /// Cursor style: the cursor of the next page (`None`, e.g. for an empty cursor, ends the pages).
    fn next_cursor(result: &Self::Result) -> Option<Self::Cursor> {
        let _ = result;
        None
    }
    /// Whether there are more pages, when the action says.
    fn has_more(result: &Self::Result) -> Option<bool> {
        let _ = result;
        None
    }
    /// The total number of items, when the action says.
    fn total(result: &Self::Result) -> Option<i64> {
        let _ = result;
        None
    }
}

type PageStream<R> =
    Pin<Box<dyn Stream<Item = Result<Response<<R as Action>::Result>, Error>> + Send>>;

/// Every page of a paged call: a [`Stream`] of each page's [`Response`]; see [`Client::pages`].
pub struct Pages<R: Paged> {
    inner: PageStream<R>,
    done: bool,
}

impl<R: Paged> fmt::Debug for Pages<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("action", &R::OPERATION.action)
            .finish_non_exhaustive()
    }
}

impl<R: Paged> Pages<R> {
    /// The next page (`None` after the last page or an error).
    pub async fn next(&mut self) -> Option<Result<Response<R::Result>, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<R: Paged> Stream for Pages<R> {
    type Item = Result<Response<R::Result>, Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        // Fused: `None` for ever once the pages ended.
        if self.done {
            return Poll::Ready(None);
        }
        let next = self.inner.as_mut().poll_next(cx);
        if let Poll::Ready(None) = next {
            self.done = true;
        }
        next
    }
}

/// Every item of a paged call, page after page: a [`Stream`]; see [`Client::items`].
pub struct Items<R: Paged> {
    pages: Pages<R>,
    buffer: std::vec::IntoIter<R::Item>,
    done: bool,
}

impl<R: Paged> fmt::Debug for Items<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("action", &R::OPERATION.action)
            .field("buffered", &self.buffer.len())
            .finish_non_exhaustive()
    }
}

// No field is ever pinned: the pages are boxed and the buffered items moved out by value.
impl<R: Paged> Unpin for Items<R> {}

impl<R: Paged> Items<R> {
    /// The next item (`None` after the last item or an error).
    pub async fn next(&mut self) -> Option<Result<R::Item, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every remaining item, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<R::Item>, Error> {
        let mut out = Vec::new();
        while let Some(item) = self.next().await {
            out.push(item?);
        }
        Ok(out)
    }
}

impl<R: Paged> Stream for Items<R> {
    type Item = Result<R::Item, Error>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            if this.done {
                return Poll::Ready(None);
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => {
                    this.done = true;
                    return Poll::Ready(None);
                }
                Poll::Ready(Some(Err(e))) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(e)));
                }
                Poll::Ready(Some(Ok(page))) => {
                    this.buffer = R::into_items(page.result).into_iter();
                }
            }
        }
    }
}

struct State<R: Paged> {
    client: Client,
    options: CallOptions,
    /// The request of the next page; `None` once the pages ended.
    next: Option<R>,
    /// An error to yield next (after the page that revealed it).
    failed: Option<Error>,
    /// Pages fetched.
    page: u64,
    /// Page number style: the page number of `next`; offset style: its offset.
    position: i64,
    items_seen: i64,
    /// Cursor style: every cursor sent.
    seen: HashSet<R::Cursor>,
    /// Page number and offset styles: the items of the page before.
    previous: Option<Vec<R::Item>>,
}

impl<R: Paged> State<R> {
    fn stuck(&self, response: &Response<R::Result>, reason: String) -> Error {
        let mut call = CallInfo::new(R::OPERATION.action, R::OPERATION.version);
        call.attempts = response.attempts;
        call.idempotency_token = response.idempotency_token.clone();
        Error::Paging(Box::new(PagingError::new(
            call,
            self.page,
            reason,
            Some(response.request_id().to_string()).filter(|r| !r.is_empty()),
        )))
    }
}

async fn step<R: Paged>(
    mut st: State<R>,
) -> Option<(Result<Response<R::Result>, Error>, State<R>)> {
    if let Some(e) = st.failed.take() {
        return Some((Err(e), st));
    }
    let request = st.next.take()?;
    let response = match st.client.call_with(request.clone(), &st.options).await {
        Ok(r) => r,
        Err(e) => return Some((Err(e), st)),
    };
    st.page += 1;
    let items = R::items(&response.result);
    let n = items.len() as i64;
    let has_more = R::has_more(&response.result);
    match R::STYLE {
        PagingStyle::Cursor => {
            let more = match has_more {
                Some(more) => more,
                None => n > 0,
            };
            if let Some(cursor) = R::next_cursor(&response.result).filter(|_| more) {
                if st.seen.insert(cursor.clone()) {
                    let mut next = request;
                    next.set_cursor(cursor);
                    st.next = Some(next);
                } else {
                    st.failed = Some(st.stuck(
                        &response,
                        format!("the server answered cursor {cursor:?} again"),
                    ));
                }
            }
        }
        PagingStyle::PageNumber | PagingStyle::Offset => {
            if n > 0 && st.previous.as_deref() == Some(items) {
                let what = match R::STYLE {
                    PagingStyle::Offset => format!("offset {}", st.position),
                    _ => format!("page {}", st.position),
                };
                let e = st.stuck(
                    &response,
                    format!("the server answered the items of the page before again for {what}"),
                );
                return Some((Err(e), st));
            }
            st.items_seen += n;
            let size = request.page_size().filter(|s| *s > 0);
            let total = R::total(&response.result);
            let numbered = R::STYLE == PagingStyle::PageNumber;
            let reached = total.is_some_and(|t| match (numbered, size) {
                (true, Some(s)) => st.position.saturating_mul(s) >= t,
                (true, None) => st.items_seen >= t,
                (false, _) => st.position.saturating_add(n) >= t,
            });
            let end = n == 0
                || match has_more {
                    Some(more) => !more,
                    None => size.is_some_and(|s| n < s) || reached,
                };
            if !end {
                st.position = if numbered {
                    st.position + 1
                } else {
                    st.position + n
                };
                st.previous = Some(items.to_vec());
                let mut next = request;
                next.set_page(st.position);
                st.next = Some(next);
            }
        }
    }
    Some((Ok(response), st))
}

impl Client {
    /// Every page of a paged call, from the page `request` asks for, as a stream of responses
    /// (see [`paging`](crate::paging) for where it ends).
    pub fn pages<R: Paged>(&self, request: R) -> Pages<R> {
        self.pages_with(request, &CallOptions::default())
    }

    /// [`pages`](Self::pages) with per-call settings, applied to each page's call.
    pub fn pages_with<R: Paged>(&self, request: R, options: &CallOptions) -> Pages<R> {
        let position = request.page().unwrap_or(match R::STYLE {
            PagingStyle::Offset => 0,
            _ => 1,
        });
        let mut seen = HashSet::new();
        if let Some(c) = request.cursor() {
            seen.insert(c);
        }
        let state = State {
            client: self.clone(),
            options: options.clone(),
            next: Some(request),
            failed: None,
            page: 0,
            position,
            items_seen: 0,
            seen,
            previous: None,
        };
        Pages {
            inner: Box::pin(futures_util::stream::unfold(state, step::<R>)),
            done: false,
        }
    }

    /// Every item of a paged call, page after page, as a stream.
    pub fn items<R: Paged>(&self, request: R) -> Items<R> {
        self.items_with(request, &CallOptions::default())
    }

    /// [`items`](Self::items) with per-call settings, applied to each page's call.
    pub fn items_with<R: Paged>(&self, request: R, options: &CallOptions) -> Items<R> {
        Items {
            pages: self.pages_with(request, options),
            buffer: Vec::new().into_iter(),
            done: false,
        }
    }
}
