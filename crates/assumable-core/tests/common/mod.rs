//! The scenario corpus (`tests/cases/`), read once per test binary.

use std::path::PathBuf;

use assumable_core::Scenario;

/// One corpus file: its name (e.g. `mfa-missing.json`) and its text.
pub struct CaseFile {
    pub name: String,
    pub text: String,
}

impl CaseFile {
    pub fn scenario(&self) -> Scenario {
        Scenario::from_json(&self.text).unwrap_or_else(|error| panic!("{}: {error}", self.name))
    }
}

pub fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases")
}

/// Every `*.json` of the corpus, sorted by name; never empty.
pub fn case_files() -> Vec<CaseFile> {
    let dir = cases_dir();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no cases in {}", dir.display());
    paths
        .into_iter()
        .map(|path| CaseFile {
            name: path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string(),
            text: std::fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display())),
        })
        .collect()
}

/// Every corpus scenario, with its file name.
#[allow(dead_code)] // not every test binary reads scenarios
pub fn load_cases() -> Vec<(String, Scenario)> {
    case_files()
        .into_iter()
        .map(|case| {
            let scenario = case.scenario();
            (case.name, scenario)
        })
        .collect()
}
