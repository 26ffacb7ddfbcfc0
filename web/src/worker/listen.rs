//! A worker's message loop, shared by the page's workers (`src/bin/`): each
//! message is a `ReadMessage` in JSON, answered with a `ReadReply` by the
//! worker's own `answer` (`assumable_core::reader`), after any reports of
//! how far a long answer is.

use assumable_core::reader::{reply_reporting, ReadAnswer, ReadRequest, READY};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Answers every message with `answer` (which may report progress through
/// its second argument), then says the worker listens.
pub fn listen(
    mut answer: impl FnMut(&ReadRequest, &mut dyn FnMut(ReadAnswer)) -> ReadAnswer + 'static,
) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let message = event.data().as_string().unwrap_or_default();
        // A page gone away cannot be told anything.
        let mut post = |reply: String| {
            let _ = replies.post_message(&JsValue::from_str(&reply));
        };
        let reply = reply_reporting(&message, &mut answer, &mut post);
        post(reply);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as its handler: never dropped.
    on_message.forget();
    // Messages sent while the wasm was loading found no handler and were
    // lost: the page holds its requests until it hears this.
    let _ = scope.post_message(&JsValue::from_str(READY));
}
