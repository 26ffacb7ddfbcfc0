//! Evaluates one scenario file many times, for profilers (callgrind, perf).
//!
//!   cargo run --release -p assumable-core --example profile -- FILE [RUNS] [decide]
//!
//! With `decide`, the decision path (`Scenario::from_json` then `decide`)
//! instead of the report.
use std::hint::black_box;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: profile SCENARIO.json [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let decide_only = args.next().is_some_and(|mode| mode == "decide");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("cannot read {path}: {error}");
            std::process::exit(2);
        }
    };
    let started = std::time::Instant::now();
    for _ in 0..runs {
        if decide_only {
            let scenario = assumable_core::Scenario::from_json(black_box(&text));
            black_box(
                scenario
                    .ok()
                    .map(|scenario| assumable_core::decide(&scenario)),
            );
        } else {
            black_box(assumable_core::evaluate_json(black_box(&text)).ok());
        }
    }
    let per_run = started.elapsed() / u32::try_from(runs.max(1)).unwrap_or(u32::MAX);
    let what = if decide_only { "decide" } else { "evaluate" };
    println!("{per_run:?} per parse + {what} ({runs} runs)");
}
