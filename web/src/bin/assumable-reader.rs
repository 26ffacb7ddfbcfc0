//! The reader's Web Worker: the core's import and unwrapping, loaded only
//! when a person first pastes, so that the page's first load carries none
//! of the recognisers. Each message is a `ReadMessage` in JSON; each reply
//! a `ReadReply` (`assumable_core::reader`). No state is kept.

use assumable_core::reader::READY;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn main() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let message = event.data().as_string().unwrap_or_default();
        let reply = assumable_core::reader::reply_to(&message);
        // A page gone away cannot be told anything.
        let _ = replies.post_message(&JsValue::from_str(&reply));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as its handler: never dropped.
    on_message.forget();
    // Messages sent while the wasm was loading found no handler and were
    // lost: the page holds its requests until it hears this.
    let _ = scope.post_message(&JsValue::from_str(READY));
}
