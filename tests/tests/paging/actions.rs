//! Hand-written request and result types implementing `Action` and `Paged` in each paging
//! style, for a service of their own (`things`), and the ones whose server repeats a cursor or a page.

use serde::{Deserialize, Serialize};
use volcengine_openapi::paging::{Paged, PagingStyle};
use volcengine_openapi::{
    Action, FamilyInfo, Method, Operation, Placement, ServiceInfo, Validate, Violations,
};

pub(crate) static SERVICE: ServiceInfo = ServiceInfo {
    name: "things",
    default_region: "cn-north-1",
    regions: &[],
    error_codes: &[],
    user_agent: "paging-test",
    editions: &[],
};
pub(crate) static FAMILY: FamilyInfo = FamilyInfo {
    name: "things",
    invalid_request_code: "InvalidParameter",
    signing_regions: &[],
};

pub(crate) const fn op(action: &'static str) -> Operation {
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
pub(crate) static BY_CURSOR: Operation = op("ListByCursor");
pub(crate) static REPEAT_CURSOR: Operation = op("RepeatCursor");
pub(crate) static BY_PAGE: Operation = op("ListByPage");
pub(crate) static REPEAT_PAGE: Operation = op("RepeatPage");
pub(crate) static BY_OFFSET: Operation = op("ListByOffset");
pub(crate) static BY_OFFSET_TOTAL: Operation = op("ListByOffsetTotal");

/// `$name`, a request with the fields and paging of `$inner` under the action `$op` (whose server
/// repeats a cursor or a page, or answers a total): every `Paged` method delegates to `$inner`,
/// except `total` when given.
macro_rules! same_paging_as {
    (@total $r:ident, $inner:ident) => {
        <$inner as Paged>::total($r)
    };
    (@total $r:ident, $inner:ident, $total:expr) => {
        ($total)($r)
    };
    ($name:ident, $inner:ident, $op:ident $(, total = $total:expr)?) => {
        #[derive(Debug, Clone, Serialize)]
        pub(crate) struct $name(pub(crate) $inner);
        impl Validate for $name {
            fn validate(&self, _: &mut Violations) {}
        }
        impl Action for $name {
            type Result = <$inner as Action>::Result;
            const OPERATION: &'static Operation = &$op;
        }
        impl Paged for $name {
            type Item = <$inner as Paged>::Item;
            type Cursor = <$inner as Paged>::Cursor;
            const STYLE: PagingStyle = <$inner as Paged>::STYLE;
            fn page_size(&self) -> Option<i64> {
                self.0.page_size()
            }
            fn page(&self) -> Option<i64> {
                self.0.page()
            }
            fn set_page(&mut self, page: i64) {
                self.0.set_page(page)
            }
            fn cursor(&self) -> Option<Self::Cursor> {
                self.0.cursor()
            }
            fn set_cursor(&mut self, cursor: Self::Cursor) {
                self.0.set_cursor(cursor)
            }
            fn items(r: &Self::Result) -> &[Self::Item] {
                <$inner as Paged>::items(r)
            }
            fn into_items(r: Self::Result) -> Vec<Self::Item> {
                <$inner as Paged>::into_items(r)
            }
            fn next_cursor(r: &Self::Result) -> Option<Self::Cursor> {
                <$inner as Paged>::next_cursor(r)
            }
            fn has_more(r: &Self::Result) -> Option<bool> {
                <$inner as Paged>::has_more(r)
            }
            fn total(r: &Self::Result) -> Option<i64> {
                same_paging_as!(@total r, $inner $(, $total)?)
            }
        }
    };
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct Thing {
    #[serde(rename = "Id")]
    pub(crate) id: i64,
}

// --- Cursor style: `Cursor` in, `NextCursor` (empty at the end) and `HasMore` out. ---

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ListByCursor {
    #[serde(rename = "Cursor", skip_serializing_if = "Option::is_none")]
    pub(crate) cursor: Option<String>,
    #[serde(rename = "Limit")]
    pub(crate) limit: i64,
}

#[derive(Debug, Deserialize)]
pub(crate) struct CursorPage {
    #[serde(rename = "Items")]
    pub(crate) items: Vec<Thing>,
    #[serde(rename = "NextCursor")]
    pub(crate) next_cursor: String,
    #[serde(rename = "HasMore")]
    pub(crate) has_more: bool,
}

impl Validate for ListByCursor {
    fn validate(&self, _: &mut Violations) {}
}
impl Action for ListByCursor {
    type Result = CursorPage;
    const OPERATION: &'static Operation = &BY_CURSOR;
}

// The same fields under the repeating action.
same_paging_as!(RepeatCursor, ListByCursor, REPEAT_CURSOR);

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

// --- Page number style: `PageNumber` and `PageSize` in, `Total` out. ---

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ListByPage {
    #[serde(rename = "PageNumber", skip_serializing_if = "Option::is_none")]
    pub(crate) page_number: Option<i32>,
    #[serde(rename = "PageSize")]
    pub(crate) page_size: i32,
}

#[derive(Debug, Deserialize)]
pub(crate) struct NumberedPage {
    #[serde(rename = "Things")]
    pub(crate) things: Option<Vec<Thing>>,
    #[serde(rename = "Total", default)]
    pub(crate) total: Option<i64>,
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

// The same fields under the repeating action.
same_paging_as!(RepeatPage, ListByPage, REPEAT_PAGE);

// --- Offset style: `Offset` and `Limit` in, no total. ---

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ListByOffset {
    #[serde(rename = "Offset")]
    pub(crate) offset: i64,
    #[serde(rename = "Limit")]
    pub(crate) limit: i64,
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

// The same fields under an action that answers a total (of 20).
same_paging_as!(
    ListByOffsetTotal,
    ListByOffset,
    BY_OFFSET_TOTAL,
    total = |r: &NumberedPage| r.total
);
