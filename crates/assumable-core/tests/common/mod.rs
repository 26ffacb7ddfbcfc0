//! The scenario corpus (`tests/cases/<check-id>/<slug>.json`), read once per
//! test binary.

use std::path::{Path, PathBuf};

use assumable_core::Scenario;

/// One corpus file: its name (its path below `tests/cases` without `.json`,
/// e.g. `trust.mfa/bool-true-not-passed`), where it lies, and its text.
pub struct CaseFile {
    pub name: String,
    #[allow(dead_code)] // not every test binary opens the file again
    pub path: PathBuf,
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

/// Every `*.json` below `dir`, at any depth.
pub fn json_files_below(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display()));
    for entry in entries {
        let path = entry.expect("readable directory entry").path();
        if path.is_dir() {
            found.extend(json_files_below(&path));
        } else if path.extension().is_some_and(|ext| ext == "json") {
            found.push(path);
        }
    }
    found
}

/// A case's name: its path below `tests/cases`, `/`-separated, without `.json`.
pub fn case_name(path: &Path) -> String {
    let relative = path.strip_prefix(cases_dir()).unwrap_or(path);
    let parts: Vec<String> = relative
        .with_extension("")
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// The paths of every case, sorted; never empty.
pub fn case_paths() -> Vec<PathBuf> {
    let dir = cases_dir();
    let mut paths = json_files_below(&dir);
    paths.sort();
    assert!(!paths.is_empty(), "no cases in {}", dir.display());
    paths
}

/// Reads one case.
pub fn read_case(path: &Path) -> CaseFile {
    CaseFile {
        name: case_name(path),
        path: path.to_path_buf(),
        text: std::fs::read_to_string(path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display())),
    }
}

/// Every `*.json` of the corpus, in every check's folder, sorted by path;
/// never empty.
#[allow(dead_code)] // not every test binary reads every case
pub fn case_files() -> Vec<CaseFile> {
    case_paths().iter().map(|path| read_case(path)).collect()
}

/// Every corpus scenario, with its name (`<check-id>/<slug>`).
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

/// A paste of the import corpus (`tests/imports/`) and its expectation.
#[allow(dead_code)] // read by the import tests only
pub struct ImportPaste {
    /// The file name without its extension.
    pub name: String,
    pub path: PathBuf,
    pub expect: serde_json::Value,
}

/// Every paste of the import corpus beside its `NAME.expect.json`, by name.
#[allow(dead_code)] // read by the import tests only
pub fn import_corpus() -> Vec<ImportPaste> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/imports");
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .collect();
    let mut pastes: Vec<ImportPaste> = files
        .iter()
        .filter_map(|path| {
            let file = path.file_name()?.to_str()?;
            let name = file.strip_suffix(".expect.json")?;
            let paste = files
                .iter()
                .find(|other| {
                    let other = other
                        .file_name()
                        .and_then(|n| n.to_str())
                        .unwrap_or_default();
                    other.starts_with(&format!("{name}.")) && !other.ends_with(".expect.json")
                })
                .unwrap_or_else(|| panic!("{name}: no paste beside its expectation"));
            let expect = std::fs::read_to_string(path).expect("the expectation");
            Some(ImportPaste {
                name: name.to_string(),
                path: paste.clone(),
                expect: serde_json::from_str(&expect).expect("the expectation is JSON"),
            })
        })
        .collect();
    pastes.sort_by(|a, b| a.name.cmp(&b.name));
    pastes
}
