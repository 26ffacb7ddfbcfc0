//! Embeds the examples gallery: a curated list of `tests/cases/<check>/*.json`
//! first, then any other cases, up to a cap (the page weight matters).

use std::fmt::Write as _;
use std::path::Path;

/// Common failures first, in the order a newcomer meets them; two allows last.
/// Paths are relative to `tests/cases`. A missing file is skipped; other
/// cases fill up to the cap.
const CURATED: &[&str] = &[
    "trust.principal/missing-trust-statement.json",
    "identity.allow/missing-identity-policy.json",
    "trust.external_id/not-passed.json",
    "trust.mfa/bool-true-not-passed.json",
    "session.duration/above-max.json",
    "trust.principal/exact-role-arn-principal.json",
    "trust.conditions/externalid-key-without-prefix.json",
    "trust.conditions/stringequals-with-wildcard.json",
    "trust.syntax/malformed-action.json",
    "trust.mfa/required-not-used.json",
    "trust.external_id/wrong-case.json",
    "identity.deny/explicit-deny-on-role.json",
    "trust.conditions/principal-org-id-mismatch.json",
    "trust.conditions/web-identity-github-wrong-audience.json",
    "trust.syntax/smart-quotes.json",
    "session.duration/chaining-3601-seconds.json",
    "request.caller/root-user-cross-account.json",
    "boundary.allow/s3-only-cross-account.json",
    "scp.allow/deny-assumerole-outside-org.json",
    "allow/cross-account.json",
    "allow/external-id.json",
];

const MAX_EXAMPLES: usize = 21;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let cases = Path::new(&manifest).join("../tests/cases");
    println!("cargo:rerun-if-changed={}", cases.display());
    println!("cargo:rerun-if-changed=build.rs");

    // One folder per check; a case's name is its path below `tests/cases`.
    let mut others: Vec<String> = std::fs::read_dir(&cases)
        .map(|folders| {
            folders
                .filter_map(Result::ok)
                .filter(|folder| folder.path().is_dir())
                .flat_map(|folder| {
                    let check = folder.file_name().to_string_lossy().into_owned();
                    std::fs::read_dir(folder.path())
                        .map(|files| {
                            files
                                .filter_map(Result::ok)
                                .map(|file| file.file_name().to_string_lossy().into_owned())
                                .filter(|name| name.ends_with(".json"))
                                .map(|name| format!("{check}/{name}"))
                                .collect::<Vec<_>>()
                        })
                        .unwrap_or_default()
                })
                .filter(|name| !CURATED.contains(&name.as_str()))
                .collect()
        })
        .unwrap_or_default();
    others.sort();

    let chosen: Vec<String> = CURATED
        .iter()
        .map(|name| name.to_string())
        .filter(|name| cases.join(name).is_file())
        .chain(others)
        .take(MAX_EXAMPLES)
        .collect();

    let mut code = String::from("pub static EXAMPLES: &[(&str, &str)] = &[\n");
    for name in &chosen {
        let path = cases.join(name);
        let path = path.canonicalize().unwrap_or(path);
        let _ = writeln!(
            code,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    if let Err(error) = std::fs::write(Path::new(&out).join("examples.rs"), code) {
        println!("cargo:warning=could not write the examples list: {error}");
    }
}
