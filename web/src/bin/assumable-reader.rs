//! The reader's Web Worker: the core's import and unwrapping, loaded only
//! when a person first pastes, so that the page's first load carries none
//! of the recognisers. No state is kept.

#[path = "../worker/listen.rs"]
mod listen;

fn main() {
    listen::listen(|request, _| assumable_core::reader::answer(request));
}
