//! The access worker: account-wide access ("Who can assume what"), loaded
//! when the account view first answers, so that neither the first load nor
//! the reader carries it, and a long answer never blocks the page. It keeps
//! the dumps last loaded (`AccessDesk`) for picking a role or a principal.

#[path = "../worker/listen.rs"]
mod listen;

use assumable_core::reader::AccessDesk;

fn main() {
    let mut desk = AccessDesk::default();
    listen::listen(move |request, report| desk.answer_reporting(request, report));
}
