//! The `assumable` command's library half: reading scenario files (`input`)
//! and the readable checklist (`render`). The binary (`main.rs`) parses
//! arguments and writes; the checklist snapshots
//! (`tests/checklist_snapshots.rs`) call the same renderer it does.

pub mod input;
pub mod render;
