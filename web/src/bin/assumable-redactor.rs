//! The redactor's Web Worker: the core's redaction for a shared link,
//! loaded the first time a person shares redacted, so that neither the
//! page's first load nor the reader carries it (it evaluates, to keep what
//! the case needs to evaluate the same). No state is kept.

#[path = "../worker/listen.rs"]
mod listen;

fn main() {
    listen::listen(|request, _| assumable_core::reader::redact_answer(request));
}
