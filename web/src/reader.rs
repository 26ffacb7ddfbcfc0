//! The page's side of the reader worker (`src/bin/assumable-reader.rs`):
//! started the first time a person pastes, then kept; each request is sent
//! with an id and its callback waits for the reply with that id. When the
//! worker cannot start or fails, every waiting callback hears why, so a
//! paste never hangs.
//!
//! Written by hand rather than with gloo-worker: its codec panics on a
//! message it cannot decode and brings bincode into the first load; here
//! messages are the core's JSON and a bad one is an answer, not a crash.

use std::cell::RefCell;
use std::collections::BTreeMap;

use assumable_core::reader::{ReadAnswer, ReadMessage, ReadReply, ReadRequest, READY};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ErrorEvent, MessageEvent, Worker};
use yew::Callback;

/// The worker's loader (`reader-loader.js` at the root), beside the page.
const LOADER: &str = "./reader-loader.js";

/// The reader's answer, or why there is none.
pub type Reply = Result<ReadAnswer, String>;

struct Reader {
    worker: Worker,
    next_id: u64,
    waiting: BTreeMap<u64, Callback<Reply>>,
    /// Messages held until the worker says it listens ([`READY`]).
    held: Option<Vec<String>>,
}

thread_local! {
    static READER: RefCell<Option<Reader>> = const { RefCell::new(None) };
}

/// Sends `request` to the reader (starting it if need be); `done` hears
/// its answer, or why there is none.
pub fn read(request: ReadRequest, done: Callback<Reply>) {
    let started = READER.with(|reader| {
        if reader.borrow().is_some() {
            return Ok(());
        }
        let started = start()?;
        *reader.borrow_mut() = Some(started);
        Ok::<(), String>(())
    });
    if let Err(why) = started {
        done.emit(Err(why));
        return;
    }
    READER.with(|reader| {
        let mut reader = reader.borrow_mut();
        let Some(reader) = reader.as_mut() else {
            return;
        };
        reader.next_id += 1;
        let id = reader.next_id;
        let message = serde_json::to_string(&ReadMessage { id, request }).unwrap_or_default();
        if let Some(held) = reader.held.as_mut() {
            held.push(message);
            reader.waiting.insert(id, done);
            return;
        }
        match reader.worker.post_message(&JsValue::from_str(&message)) {
            Ok(()) => {
                reader.waiting.insert(id, done);
            }
            Err(error) => done.emit(Err(format!(
                "the reader could not be asked: {}",
                describe(&error)
            ))),
        }
    });
}

fn start() -> Result<Reader, String> {
    let worker = Worker::new(LOADER)
        .map_err(|error| format!("the reader could not start: {}", describe(&error)))?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        let text = event.data().as_string().unwrap_or_default();
        if text == READY {
            release_held();
            return;
        }
        let Ok(reply) = serde_json::from_str::<ReadReply>(&text) else {
            fail_all("the reader answered something the page cannot read");
            return;
        };
        let done = READER.with(|reader| {
            reader
                .borrow_mut()
                .as_mut()
                .and_then(|reader| reader.waiting.remove(&reply.id))
        });
        if let Some(done) = done {
            done.emit(Ok(reply.answer));
        }
    });
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(|event: ErrorEvent| {
        let message = event.message();
        fail_all(&if message.is_empty() {
            "the reader failed to load (is the page served whole, and online the first time?)"
                .to_string()
        } else {
            format!("the reader failed: {message}")
        });
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // The handlers capture nothing and may run while the reader is being
    // dropped (a failure ends it from inside them): never freed.
    on_message.forget();
    on_error.forget();
    Ok(Reader {
        worker,
        next_id: 0,
        waiting: BTreeMap::new(),
        held: Some(Vec::new()),
    })
}

/// Sends what was held while the worker loaded.
fn release_held() {
    let failed = READER.with(|reader| {
        let mut reader = reader.borrow_mut();
        let reader = reader.as_mut()?;
        let held = reader.held.take().unwrap_or_default();
        held.iter().find_map(|message| {
            reader
                .worker
                .post_message(&JsValue::from_str(message))
                .err()
        })
    });
    if let Some(error) = failed {
        fail_all(&format!(
            "the reader could not be asked: {}",
            describe(&error)
        ));
    }
}

/// Tells every waiting callback `why`, and drops the worker so that the
/// next paste starts a fresh one.
fn fail_all(why: &str) {
    let reader = READER.with(|reader| reader.borrow_mut().take());
    if let Some(reader) = reader {
        reader.worker.terminate();
        for done in reader.waiting.into_values() {
            done.emit(Err(why.to_string()));
        }
    }
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}
