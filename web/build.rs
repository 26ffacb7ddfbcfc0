//! Embeds the examples gallery: a curated list of `tests/cases/*.json`
//! first, then any other cases, up to a cap (the page weight matters).

use std::fmt::Write as _;
use std::path::Path;

/// Common failures first, in the order a newcomer meets them; two allows last.
/// A missing file is skipped; other cases fill up to the cap.
const CURATED: &[&str] = &[
    "jane-carlos-missing-trust-statement.json",
    "jane-carlos-missing-identity-policy.json",
    "deployer-deployrole-external-id-not-passed.json",
    "deployer-deployrole-mfa-not-passed.json",
    "deployer-deployrole-duration-above-max.json",
    "crossaccountrole-exact-role-arn-principal.json",
    "crossaccountrole-externalid-key-without-prefix.json",
    "crossaccountrole-stringequals-with-wildcard.json",
    "mycrossaccountrole-malformed-action.json",
    "mycrossaccountrole-mfa-required-not-used.json",
    "external-id-wrong-case.json",
    "identity-explicit-deny-on-role.json",
    "conditions-principal-org-id-mismatch.json",
    "web-identity-github-wrong-audience.json",
    "syntax-trust-smart-quotes.json",
    "chaining-3601-seconds.json",
    "caller-root-user-cross-account.json",
    "boundary-s3-only-cross-account.json",
    "scp-deny-assumerole-outside-org.json",
    "jane-carlos-cross-account-ok.json",
    "crossaccountrole-external-id-ok.json",
];

const MAX_EXAMPLES: usize = 21;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let cases = Path::new(&manifest).join("../tests/cases");
    println!("cargo:rerun-if-changed={}", cases.display());
    println!("cargo:rerun-if-changed=build.rs");

    let mut others: Vec<String> = std::fs::read_dir(&cases)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".json") && !CURATED.contains(&name.as_str()))
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
