//! The organization input of `assumable access`, as a person makes it:
//! `scripts/organization-input.sh` run against the `aws organizations`
//! calls (answered by `tests/access/aws-stub/aws` from
//! `tests/access/organization.json`), then given to `access` beside the
//! dumps, where the SCPs and RCPs it holds decide pairs.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers, not only #[test] functions (clippy.toml), may fail loudly"
)]

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn the_script_builds_the_input_from_the_organizations_outputs() {
    let stub = root().join("tests/access/aws-stub");
    let path = format!(
        "{}:{}",
        stub.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new("bash")
        .arg(root().join("scripts/organization-input.sh"))
        .env("PATH", path)
        .env(
            "ORGANIZATION",
            root().join("tests/access/organization.json"),
        )
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let built: Value = serde_json::from_slice(&output.stdout).expect("the script writes JSON");
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/access/organization.json")).expect("fixture"),
    )
    .expect("the fixture is JSON");
    assert_eq!(built, expected);
}

#[test]
fn access_applies_the_organization_s_policies() {
    let output = Command::new(env!("CARGO_BIN_EXE_assumable"))
        .args([
            "access",
            "--format",
            "json",
            "--all",
            "first-account.json",
            "second-account.json",
            "outside-trusts.json",
            "organization.json",
        ])
        .current_dir(root().join("tests/access"))
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pairs: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect();
    let pair = |principal: &str, role: &str| {
        pairs
            .iter()
            .find(|pair| {
                pair["principal"]
                    .as_str()
                    .is_some_and(|p| p.ends_with(principal))
                    && pair["role"].as_str().is_some_and(|r| r.ends_with(role))
            })
            .unwrap_or_else(|| panic!("no pair {principal} → {role}"))
    };
    let deploy = pair("user/alice", "role/Deploy");
    assert_eq!(deploy["result"], "deny");
    assert_eq!(deploy["failing"], serde_json::json!(["scp.allow"]));
    assert_eq!(pair("user/alice", "role/OrgReader")["result"], "allow");
}
