//! No circle of imports inside the core: the top-level modules, and the
//! modules of `evaluate/`, each form a graph without cycles. The edges are
//! read from the source (`crate::x`, `super::x`), test code left out, so
//! that a new import that closes a circle fails here, named.

#![allow(
    clippy::expect_used,
    reason = "a test helper outside #[test] functions may stop on unreadable source"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("the source folder is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The code of a file before its test module, without comments.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("a source file is readable");
    let text = text.split("#[cfg(test)]").next().unwrap_or_default();
    text.lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Identifiers that follow `prefix` in `code` (`crate::` → `arn`, `policy`).
fn names_after<'a>(code: &'a str, prefix: &'a str) -> impl Iterator<Item = String> + 'a {
    code.match_indices(prefix).filter_map(move |(at, _)| {
        let before = code.get(..at)?.chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            return None;
        }
        let rest = code.get(at + prefix.len()..)?;
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        (!name.is_empty()).then_some(name)
    })
}

/// The module a file belongs to, one level below `root`.
fn module_of(root: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(root).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_string())
}

fn graph(root: &Path, edges_of: impl Fn(&Path, &str) -> Vec<String>) -> Graph {
    let modules: BTreeSet<String> = rust_files(root)
        .iter()
        .filter_map(|path| module_of(root, path))
        .collect();
    let mut graph = Graph::new();
    for path in rust_files(root) {
        let Some(module) = module_of(root, &path) else {
            continue;
        };
        let targets: BTreeSet<String> = edges_of(&path, &code(&path))
            .into_iter()
            .filter(|target| *target != module && modules.contains(target))
            .collect();
        graph.entry(module).or_default().extend(targets);
    }
    graph
}

/// The strongly connected components with more than one module.
fn cycles(graph: &Graph) -> Vec<Vec<String>> {
    // Reachability is enough at this size: a and b are in one cycle when
    // each reaches the other.
    let reach = |from: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(node) = stack.pop() {
            for next in graph.get(&node).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    stack.push(next.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&String, BTreeSet<String>> =
        graph.keys().map(|node| (node, reach(node))).collect();
    let mut found: Vec<Vec<String>> = Vec::new();
    for (node, reaches) in &reached {
        let component: Vec<String> = reaches
            .iter()
            .filter(|other| reached.get(other).is_some_and(|back| back.contains(*node)))
            .cloned()
            .collect();
        if component.len() > 1 && !found.contains(&component) {
            found.push(component);
        }
    }
    found
}

fn source() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn the_top_level_modules_have_no_circle() {
    let graph = graph(&source(), |_, code| names_after(code, "crate::").collect());
    assert!(graph.len() > 15, "modules found: {graph:?}");
    assert_eq!(cycles(&graph), Vec::<Vec<String>>::new(), "{graph:#?}");
}

#[test]
fn the_evaluate_modules_have_no_circle_and_never_import_their_parent() {
    let root = source().join("evaluate");
    let graph = graph(&root, |path, code| {
        // `super::x` in evaluate/x.rs, `super::super::x` one folder down.
        let nested = path.parent() != Some(root.as_path());
        let is_folder_module = path.file_name().is_some_and(|name| name == "mod.rs");
        let prefix = if nested && !is_folder_module {
            "super::super::"
        } else {
            "super::"
        };
        names_after(code, prefix)
            .chain(names_after(code, "crate::evaluate::"))
            .collect()
    });
    assert!(graph.contains_key("trust") && graph.contains_key("diagnose"));
    assert_eq!(cycles(&graph), Vec::<Vec<String>>::new(), "{graph:#?}");
    // A child that imports from evaluate/mod.rs closes a circle with it.
    for path in rust_files(&root) {
        let code = code(&path);
        let parent_import = code.contains("use super::{") && path.parent() == Some(root.as_path());
        assert!(
            !parent_import,
            "{} imports from evaluate/mod.rs",
            path.display()
        );
    }
}

#[test]
fn a_circle_is_found() {
    let mut graph = Graph::new();
    graph.insert("a".into(), ["b".to_string()].into());
    graph.insert("b".into(), ["a".to_string()].into());
    graph.insert("c".into(), ["a".to_string()].into());
    assert_eq!(cycles(&graph), vec![vec!["a".to_string(), "b".to_string()]]);
}
