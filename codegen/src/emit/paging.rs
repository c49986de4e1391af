//! `impl Paged` for an action that declares `paging:`: a few field accesses, so that the runtime's
//! generic pager (`Client::pages`, `Client::items`) walks the action to its end.

use proc_macro2::TokenStream;
use quote::quote;

use super::paths::{ident, rust_type};
use crate::ir::{ActionItem, FieldItem, PagingStyle, ResultShape, RustTy};

fn field<'a>(fields: &'a [FieldItem], wire: Option<&String>) -> Option<&'a FieldItem> {
    let wire = wire?;
    fields.iter().find(|f| &f.wire == wire)
}

/// `Some(<value as i64>)` of an integer field, or `None` when it is not an integer.
fn as_i64(f: &FieldItem, owner: TokenStream) -> Option<TokenStream> {
    let name = ident(&f.rust);
    // Some models type a page field as text (a query string's `*string`): read it as a number.
    if f.ty == RustTy::String {
        return Some(if f.required {
            quote! { #owner.#name.parse::<i64>().ok() }
        } else {
            quote! { #owner.#name.as_deref().and_then(|v| v.parse::<i64>().ok()) }
        });
    }
    let conv = match f.ty {
        RustTy::I64 => quote! {},
        RustTy::I32 | RustTy::U32 => quote! { ::std::primitive::i64::from },
        _ => return None,
    };
    Some(if f.required && f.ty == RustTy::I64 {
        quote! { ::std::option::Option::Some(#owner.#name) }
    } else if f.required {
        quote! { ::std::option::Option::Some(#conv(#owner.#name)) }
    } else if f.ty == RustTy::I64 {
        quote! { #owner.#name }
    } else {
        quote! { #owner.#name.map(#conv) }
    })
}

/// `self.<field> = <page>` for an integer field, converting from `i64`.
fn set_i64(f: &FieldItem, value: TokenStream) -> Option<TokenStream> {
    let name = ident(&f.rust);
    let v = match f.ty {
        RustTy::String => quote! { ::std::string::ToString::to_string(&#value) },
        RustTy::I64 => value,
        RustTy::I32 => {
            quote! { ::std::primitive::i32::try_from(#value).unwrap_or(::std::primitive::i32::MAX) }
        }
        RustTy::U32 => {
            quote! { ::std::primitive::u32::try_from(#value).unwrap_or(::std::primitive::u32::MAX) }
        }
        _ => return None,
    };
    Some(if f.required {
        quote! { self.#name = #v; }
    } else {
        quote! { self.#name = ::std::option::Option::Some(#v); }
    })
}

/// The `Paged` impl of `a`, when it declares paging the generator can walk (top-level fields of
/// the kinds the style needs; the checker reports the rest).
pub fn paged_impl(a: &ActionItem, req: &proc_macro2::Ident) -> Option<TokenStream> {
    let p = a.facts.paging.as_ref()?;
    let ResultShape::Object(result) = &a.result else {
        return None;
    };
    let items = field(result, Some(&p.items))?;
    let RustTy::List(item_ty) = &items.ty else {
        return None;
    };
    let item = rust_type(item_ty);
    let items_name = ident(&items.rust);
    let (items_ref, items_owned) = if items.required {
        (
            quote! { &result.#items_name },
            quote! { result.#items_name },
        )
    } else {
        (
            quote! { result.#items_name.as_deref().unwrap_or(&[]) },
            quote! { result.#items_name.unwrap_or_default() },
        )
    };
    let size = match field(&a.request, p.size.as_ref()) {
        Some(f) => as_i64(f, quote! { self })?,
        None => quote! { ::std::option::Option::None },
    };
    let has_more = field(result, p.has_more.as_ref()).map(|f| {
        let name = ident(&f.rust);
        if f.required {
            quote! { ::std::option::Option::Some(result.#name) }
        } else {
            quote! { result.#name }
        }
    });
    let total = match field(result, p.total.as_ref()) {
        Some(f) => Some(as_i64(f, quote! { result })?),
        None => None,
    };
    let mut next_cursor = None;
    let (style, cursor_ty, request_side) = match p.style {
        PagingStyle::PageNumber | PagingStyle::Offset => {
            let (style, wire) = if p.style == PagingStyle::PageNumber {
                (quote! { PageNumber }, p.page.as_ref())
            } else {
                (quote! { Offset }, p.offset.as_ref())
            };
            let f = field(&a.request, wire)?;
            let get = as_i64(f, quote! { self })?;
            let set = set_i64(f, quote! { page })?;
            (
                style,
                quote! { () },
                quote! {
                    fn page(&self) -> ::std::option::Option<i64> { #get }
                    fn set_page(&mut self, page: i64) { #set }
                },
            )
        }
        PagingStyle::Cursor => {
            let f = field(&a.request, p.cursor.as_ref())?;
            let next = field(result, p.next_cursor.as_ref())?;
            let (cursor_ty, copy) = match &f.ty {
                RustTy::I64 | RustTy::I32 => (rust_type(&f.ty), true),
                RustTy::String => (rust_type(&f.ty), false),
                _ => return None,
            };
            if next.ty != f.ty {
                return None;
            }
            let name = ident(&f.rust);
            let get = match (f.required, copy) {
                (true, true) => quote! { ::std::option::Option::Some(self.#name) },
                (true, false) => quote! { ::std::option::Option::Some(self.#name.clone()) },
                (false, true) => quote! { self.#name },
                (false, false) => quote! { self.#name.clone() },
            };
            let set = if f.required {
                quote! { self.#name = cursor; }
            } else {
                quote! { self.#name = ::std::option::Option::Some(cursor); }
            };
            let nname = ident(&next.rust);
            // An empty text cursor ends the pages.
            let next_v = match (next.required, copy) {
                (true, true) => quote! { ::std::option::Option::Some(result.#nname) },
                (true, false) => {
                    quote! { ::std::option::Option::Some(result.#nname.clone()).filter(|c| !c.is_empty()) }
                }
                (false, true) => quote! { result.#nname },
                (false, false) => quote! { result.#nname.clone().filter(|c| !c.is_empty()) },
            };
            next_cursor = Some((cursor_ty.clone(), next_v));
            (
                quote! { Cursor },
                cursor_ty.clone(),
                quote! {
                    fn cursor(&self) -> ::std::option::Option<#cursor_ty> { #get }
                    fn set_cursor(&mut self, cursor: #cursor_ty) { #set }
                },
            )
        }
    };
    // An optional `Result` (absent or null) is a page without items.
    let optional = a.facts.result_optional;
    let wrap_ref = |v: TokenStream| {
        if optional {
            quote! { result.as_ref().and_then(|result| #v) }
        } else {
            v
        }
    };
    let (items_ref, items_owned) = if optional {
        (
            quote! { match result { ::std::option::Option::Some(result) => #items_ref, ::std::option::Option::None => &[] } },
            quote! { match result { ::std::option::Option::Some(result) => #items_owned, ::std::option::Option::None => ::std::vec::Vec::new() } },
        )
    } else {
        (items_ref, items_owned)
    };
    let has_more = has_more.map(|v| {
        let v = wrap_ref(v);
        quote! { fn has_more(result: &Self::Result) -> ::std::option::Option<bool> { #v } }
    });
    let total = total.map(|v| {
        let v = wrap_ref(v);
        quote! { fn total(result: &Self::Result) -> ::std::option::Option<i64> { #v } }
    });
    let request_side = match next_cursor {
        Some((cursor_ty, v)) => {
            let v = wrap_ref(v);
            quote! {
                #request_side
                fn next_cursor(result: &Self::Result) -> ::std::option::Option<#cursor_ty> { #v }
            }
        }
        None => request_side,
    };
    let allow = optional.then(|| quote! { #[allow(clippy::bind_instead_of_map)] });
    Some(quote! {
        #allow
        impl ::volcengine_openapi::Paged for #req {
            type Item = #item;
            type Cursor = #cursor_ty;
            const STYLE: ::volcengine_openapi::PagingStyle = ::volcengine_openapi::PagingStyle::#style;
            fn page_size(&self) -> ::std::option::Option<i64> { #size }
            #request_side
            fn items(result: &Self::Result) -> &[#item] { #items_ref }
            fn into_items(result: Self::Result) -> ::std::vec::Vec<#item> { #items_owned }
            #has_more
            #total
        }
    })
}
