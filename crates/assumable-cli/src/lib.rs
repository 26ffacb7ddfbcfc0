//! The `assumable` command's library half: reading scenario files (`input`),
//! the readable checklist (`render`) the import summary (`import`) and the access table (`access`). The binary (`main.rs`) parses
//! arguments and writes; the checklist snapshots
//! (`tests/checklist_snapshots.rs`) call the same renderer it does.

pub mod access;
pub mod import;
pub mod input;
pub mod render;
