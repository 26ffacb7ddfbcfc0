//! Evaluates one scenario file many times, for profilers (callgrind, perf).
//!
//!   cargo run --release -p assumable-core --example profile -- FILE [RUNS]
use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: profile SCENARIO.json [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("cannot read {path}: {error}");
            std::process::exit(2);
        }
    };
    let started = std::time::Instant::now();
    for _ in 0..runs {
        black_box(assumable_core::evaluate_json(black_box(&text)).ok());
    }
    let per_run = started.elapsed() / u32::try_from(runs.max(1)).unwrap_or(u32::MAX);
    println!("{per_run:?} per parse + evaluate ({runs} runs)");
}
