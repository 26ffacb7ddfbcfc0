//! The package's allocator: a call's allocations bumped from one chunk.
//!
//! A decision allocates some hundred small blocks (the policies' strings,
//! the ARNs' parts, the context's values) and frees them all before it
//! returns. Inside [`scoped`], an allocation takes the next bytes of one
//! chunk and a free only counts down; when the count reaches zero the chunk
//! is empty and starts over. Everything else, and whatever does not fit,
//! goes to the system allocator (dlmalloc on wasm32), which also keeps
//! every allocation made outside a scope.
//!
//! An allocation that outlives its scope (a cache filled during a call)
//! keeps its chunk from starting over. The chunk is then set aside, freed
//! when its last block is, and the next scope takes a new one; a second
//! chunk set aside while the first still lives turns the arena off, so it
//! never holds more than two chunks. No block is ever given out twice.
//!
//! wasm32 without threads runs one thread: the state is plain cells.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::ptr;

/// Bytes of a chunk. A decision of a corpus case bumps 6–7 KiB of it, its
/// full report and the report's JSON text 25–32 KiB (measured in node);
/// what a larger case asks beyond the chunk goes to the system allocator.
const CHUNK_BYTES: usize = 128 * 1024;
/// The chunk's alignment, enough for any block Rust asks of it.
const CHUNK_ALIGN: usize = 16;

/// One chunk: `base..base + CHUNK_BYTES`, bumped at `next`, `live` blocks
/// in it. A null `base` is no chunk.
struct Chunk {
    base: Cell<*mut u8>,
    next: Cell<usize>,
    live: Cell<usize>,
}

impl Chunk {
    const fn none() -> Self {
        Chunk {
            base: Cell::new(ptr::null_mut()),
            next: Cell::new(0),
            live: Cell::new(0),
        }
    }

    fn holds(&self, block: *mut u8) -> bool {
        let base = self.base.get() as usize;
        let at = block as usize;
        base != 0 && at >= base && at < base + CHUNK_BYTES
    }

    /// Counts a block freed; `true` when it was the last.
    fn release(&self, block: *mut u8, size: usize) -> bool {
        let offset = block as usize - self.base.get() as usize;
        // The topmost block gives its bytes back at once.
        if offset + size == self.next.get() {
            self.next.set(offset);
        }
        let live = self.live.get() - 1;
        self.live.set(live);
        if live == 0 {
            self.next.set(0);
        }
        live == 0
    }
}

struct State {
    /// Scopes entered and not yet left.
    depth: Cell<u32>,
    /// Off for good once two chunks were set aside at once.
    off: Cell<bool>,
    current: Chunk,
    set_aside: Chunk,
}

// SAFETY: wasm32 without the atomics feature has one thread.
unsafe impl Sync for State {}

static STATE: State = State {
    depth: Cell::new(0),
    off: Cell::new(false),
    current: Chunk::none(),
    set_aside: Chunk::none(),
};

fn chunk_layout() -> Layout {
    // CHUNK_ALIGN is a power of two and CHUNK_BYTES far from isize::MAX.
    Layout::from_size_align(CHUNK_BYTES, CHUNK_ALIGN).unwrap_or(Layout::new::<u8>())
}

/// Runs `call` with its allocations bumped from the chunk. Any may outlive
/// it (then the chunk is set aside), but a call whose allocations all end
/// with it is the one that gains.
pub fn scoped<T>(call: impl FnOnce() -> T) -> T {
    let state = &STATE;
    state.depth.set(state.depth.get() + 1);
    let answer = call();
    let depth = state.depth.get() - 1;
    state.depth.set(depth);
    if depth == 0 && state.current.live.get() > 0 {
        set_aside_current();
    }
    answer
}

/// Runs `call` with the system allocator, even inside [`scoped`]: for what
/// is meant to outlive the scope.
pub fn unscoped<T>(call: impl FnOnce() -> T) -> T {
    let state = &STATE;
    let depth = state.depth.replace(0);
    let answer = call();
    state.depth.set(depth);
    answer
}

/// The arena's state, for its tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stats {
    /// Blocks alive in the current chunk.
    pub live: usize,
    /// Bytes of the current chunk in use (the bump's offset).
    pub used: usize,
    /// Blocks alive in the chunk set aside, if one is.
    pub set_aside: Option<usize>,
    /// Whether the arena is off for good.
    pub off: bool,
}

pub fn stats() -> Stats {
    let state = &STATE;
    Stats {
        live: state.current.live.get(),
        used: state.current.next.get(),
        set_aside: (!state.set_aside.base.get().is_null()).then(|| state.set_aside.live.get()),
        off: state.off.get(),
    }
}

/// The current chunk keeps blocks past its scope: it is set aside (freed
/// with its last block) and the next scope takes a new one.
fn set_aside_current() {
    let state = &STATE;
    if !state.set_aside.base.get().is_null() {
        state.off.set(true);
        return;
    }
    state.set_aside.base.set(state.current.base.get());
    state.set_aside.next.set(state.current.next.get());
    state.set_aside.live.set(state.current.live.get());
    state.current.base.set(ptr::null_mut());
    state.current.next.set(0);
    state.current.live.set(0);
}

/// A block from the current chunk, or `None` to use the system allocator.
fn bump(layout: Layout) -> Option<*mut u8> {
    let state = &STATE;
    if state.depth.get() == 0 || state.off.get() {
        return None;
    }
    let chunk = &state.current;
    if chunk.base.get().is_null() {
        // SAFETY: a non-zero size.
        let base = unsafe { System.alloc(chunk_layout()) };
        if base.is_null() {
            return None;
        }
        chunk.base.set(base);
    }
    let base = chunk.base.get();
    // Alignments are powers of two: round the address up by a mask.
    let mask = layout.align() - 1;
    let free = base as usize + chunk.next.get();
    let start = (free.checked_add(mask)? & !mask) - base as usize;
    let end = start.checked_add(layout.size())?;
    if end > CHUNK_BYTES {
        return None;
    }
    chunk.next.set(end);
    chunk.live.set(chunk.live.get() + 1);
    Some(base.wrapping_add(start))
}

pub struct ScopedBump;

// SAFETY: a block comes from the chunk only while it has room for it, is
// never given out again until freed (the chunk starts over only when none
// of its blocks lives), and a block is freed by whoever gave it out.
unsafe impl GlobalAlloc for ScopedBump {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match bump(layout) {
            Some(block) => block,
            // SAFETY: the caller's layout, passed on.
            None => unsafe { System.alloc(layout) },
        }
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        let state = &STATE;
        if state.current.holds(block) {
            state.current.release(block, layout.size());
        } else if state.set_aside.holds(block) {
            if state.set_aside.release(block, layout.size()) {
                let base = state.set_aside.base.replace(ptr::null_mut());
                // SAFETY: the chunk came from System with this layout.
                unsafe { System.dealloc(base, chunk_layout()) };
            }
        } else {
            // SAFETY: a system block, given back as it came.
            unsafe { System.dealloc(block, layout) };
        }
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let state = &STATE;
        let in_current = state.current.holds(block);
        if !in_current && !state.set_aside.holds(block) {
            // SAFETY: a system block, passed on.
            return unsafe { System.realloc(block, layout, new_size) };
        }
        if in_current {
            let chunk = &state.current;
            let offset = block as usize - chunk.base.get() as usize;
            // The topmost block grows or shrinks in place.
            if offset + layout.size() == chunk.next.get() && offset + new_size <= CHUNK_BYTES {
                chunk.next.set(offset + new_size);
                return block;
            }
        }
        if new_size <= layout.size() {
            return block;
        }
        // SAFETY: the caller's alignment with a size it vouches for.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: as for alloc.
        let moved = unsafe { self.alloc(new_layout) };
        if !moved.is_null() {
            // SAFETY: both blocks hold at least the old size; they differ.
            unsafe { ptr::copy_nonoverlapping(block, moved, layout.size()) };
            // SAFETY: the old block, freed once.
            unsafe { self.dealloc(block, layout) };
        }
        moved
    }
}
