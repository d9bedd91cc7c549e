//! One tab syncs at a time: a round runs holding a Web Lock (`navigator.locks`), which every tab of the app's
//! origin shares, so two tabs never send the same outbox or merge the same page at once; the tab that waited
//! finds the other's work stored and its records already merged (they came over the tabs' channel). Where a
//! browser has no Web Locks (before Safari 15.4), the work runs as it is.

use js_sys::{Function, Promise, Reflect};
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

type Work = Pin<Box<dyn Future<Output = ()>>>;

/// Runs `work` holding the lock `name`, once every other holder (in any tab) let go.
pub async fn holding<T: 'static>(name: &str, work: impl Future<Output = T> + 'static) -> T {
    let output: Rc<RefCell<Option<T>>> = Rc::default();
    let into = output.clone();
    let work: Rc<RefCell<Option<Work>>> = Rc::new(RefCell::new(Some(Box::pin(async move {
        let value = work.await;
        *into.borrow_mut() = Some(value);
    }))));
    let held = work.clone();
    let callback = Closure::once(move |_lock: JsValue| -> Promise {
        let work = held.borrow_mut().take();
        future_to_promise(async move {
            if let Some(work) = work {
                work.await;
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    if let Some(request) = request(name, &callback) {
        let _ = JsFuture::from(request).await;
    }
    // No Web Locks, or the request failed before the callback ran: run without.
    let left = work.borrow_mut().take();
    if let Some(work) = left {
        work.await;
    }
    let value = output.borrow_mut().take();
    value.expect("the work ran")
}

fn request(name: &str, callback: &Closure<dyn FnMut(JsValue) -> Promise>) -> Option<Promise> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
    if locks.is_undefined() || locks.is_null() {
        return None;
    }
    let request: Function = Reflect::get(&locks, &"request".into()).ok()?.dyn_into().ok()?;
    let promise = request.call2(&locks, &name.into(), callback.as_ref()).ok()?;
    promise.dyn_into().ok()
}
