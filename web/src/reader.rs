//! The page's side of its workers: the reader (`src/bin/assumable-reader.rs`,
//! import and unwrapping), the redactor (`src/bin/assumable-redactor.rs`,
//! redaction for a shared link) and the access worker (`src/bin/assumable-access.rs`,
//! account-wide access). Each is started by the first request it answers,
//! then kept; each request is sent with an id and its callback waits for the
//! reply with that id. When a worker cannot start or fails, every callback
//! waiting on it hears why, so a paste never hangs.
//!
//! Written by hand rather than with gloo-worker: its codec panics on a
//! message it cannot decode and brings bincode into the first load; here
//! messages are the core's JSON and a bad one is an answer, not a crash.

use std::cell::RefCell;
use std::collections::BTreeMap;

use assumable_core::reader::{Desk, ReadAnswer, ReadMessage, ReadReply, ReadRequest, READY};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ErrorEvent, MessageEvent, Worker};
use yew::Callback;

/// The worker's loader at the root, beside the page, and its name in
/// messages.
fn loader(desk: Desk) -> &'static str {
    match desk {
        Desk::Reader => "./reader-loader.js",
        Desk::Redactor => "./redactor-loader.js",
        Desk::Access => "./access-loader.js",
    }
}

fn name(desk: Desk) -> &'static str {
    match desk {
        Desk::Reader => "the reader",
        Desk::Redactor => "the redactor",
        Desk::Access => "the access worker",
    }
}

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
    static WORKERS: RefCell<BTreeMap<Desk, Reader>> = const { RefCell::new(BTreeMap::new()) };
}

/// Sends `request` to the worker that answers it (starting it if need be);
/// `done` hears its answer, or why there is none.
pub fn read(request: ReadRequest, done: Callback<Reply>) {
    let desk = request.desk();
    let started = WORKERS.with(|workers| {
        if workers.borrow().contains_key(&desk) {
            return Ok(());
        }
        let started = start(desk)?;
        workers.borrow_mut().insert(desk, started);
        Ok::<(), String>(())
    });
    if let Err(why) = started {
        done.emit(Err(why));
        return;
    }
    WORKERS.with(|workers| {
        let mut workers = workers.borrow_mut();
        let Some(reader) = workers.get_mut(&desk) else {
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
                "{} could not be asked: {}",
                name(desk),
                describe(&error)
            ))),
        }
    });
}

fn start(desk: Desk) -> Result<Reader, String> {
    let worker = Worker::new(loader(desk))
        .map_err(|error| format!("{} could not start: {}", name(desk), describe(&error)))?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let text = event.data().as_string().unwrap_or_default();
        if text == READY {
            release_held(desk);
            return;
        }
        let Ok(reply) = serde_json::from_str::<ReadReply>(&text) else {
            fail_all(
                desk,
                &format!("{} answered something the page cannot read", name(desk)),
            );
            return;
        };
        // A report of progress leaves the request waiting for its answer.
        let interim = matches!(reply.answer, ReadAnswer::Progress { .. });
        let done = WORKERS.with(|workers| {
            let mut workers = workers.borrow_mut();
            let waiting = &mut workers.get_mut(&desk)?.waiting;
            if interim {
                waiting.get(&reply.id).cloned()
            } else {
                waiting.remove(&reply.id)
            }
        });
        if let Some(done) = done {
            done.emit(Ok(reply.answer));
        }
    });
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
        let message = event.message();
        fail_all(
            desk,
            &if message.is_empty() {
                format!(
                    "{} failed to load (is the page served whole, and online the first time?)",
                    name(desk)
                )
            } else {
                format!("{} failed: {message}", name(desk))
            },
        );
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
fn release_held(desk: Desk) {
    let failed = WORKERS.with(|workers| {
        let mut workers = workers.borrow_mut();
        let reader = workers.get_mut(&desk)?;
        let held = reader.held.take().unwrap_or_default();
        held.iter().find_map(|message| {
            reader
                .worker
                .post_message(&JsValue::from_str(message))
                .err()
        })
    });
    if let Some(error) = failed {
        fail_all(
            desk,
            &format!("{} could not be asked: {}", name(desk), describe(&error)),
        );
    }
}

/// Tells every callback waiting on `desk` why, and drops the worker so that
/// the next request starts a fresh one.
fn fail_all(desk: Desk, why: &str) {
    let reader = WORKERS.with(|workers| workers.borrow_mut().remove(&desk));
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
