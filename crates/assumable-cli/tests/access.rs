//! `assumable access`, run as a user runs it on the dumps in
//! `tests/access/` (its README says what each holds): the JSON Lines the
//! contract defines, the readable table, and the exit status when an input
//! is not a dump.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers, not only #[test] functions (clippy.toml), may fail loudly"
)]

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_assumable"))
        .arg("access")
        .args(args)
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/access"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn lines(output: &std::process::Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is JSON"))
        .collect()
}

/// The line of one pair.
fn pair_of<'a>(pairs: &'a [Value], principal: &str, role: &str) -> &'a Value {
    match pairs
        .iter()
        .find(|pair| pair["principal"] == principal && pair["role"] == role)
    {
        Some(pair) => pair,
        None => panic!("no pair {principal} → {role} in {pairs:?}"),
    }
}

#[test]
fn json_lines_give_each_pair_that_is_not_a_plain_deny() {
    let output = run(&[
        "--format",
        "json",
        "first-account.json",
        "second-account.json",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let pairs = lines(&output);
    assert!(pairs.iter().all(|pair| pair["result"] != "deny"));
    let vendor = pairs
        .iter()
        .find(|pair| {
            pair["principal"] == "arn:aws:iam::111111111111:user/alice"
                && pair["role"] == "arn:aws:iam::111111111111:role/Vendor"
        })
        .expect("alice → Vendor");
    assert_eq!(
        vendor,
        &serde_json::json!({
            "principal": "arn:aws:iam::111111111111:user/alice",
            "role": "arn:aws:iam::111111111111:role/Vendor",
            "result": "conditional",
            "requires": ["sts:ExternalId=abc"],
            "failing": [],
            "via": []
        })
    );
}

#[test]
fn all_lists_denied_pairs_with_their_failing_checks() {
    let output = run(&["--all", "--format", "json", "first-account.json"]);
    let pairs = lines(&output);
    let bob = pair_of(
        &pairs,
        "arn:aws:iam::111111111111:user/bob",
        "arn:aws:iam::111111111111:role/Local",
    );
    assert_eq!(bob["result"], "deny");
    assert_eq!(bob["failing"], serde_json::json!(["identity.allow"]));
    // Six principals (three users, three roles) and three roles, no role
    // asked about itself.
    assert_eq!(pairs.len(), 6 * 3 - 3);
}

#[test]
fn the_table_names_each_answer_and_counts_them() {
    let output = run(&["first-account.json", "second-account.json"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("conditional  arn:aws:iam::111111111111:user/alice → arn:aws:iam::111111111111:role/Vendor  needs sts:ExternalId=abc"),
        "{text}"
    );
    assert!(
        text.contains("8 principals, 5 roles: 5 allow, 2 conditional"),
        "{text}"
    );
}

#[test]
fn an_input_that_is_no_dump_is_an_error_and_the_rest_is_answered() {
    let output = run(&["--format", "json", "README.md", "second-account.json"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("error: `README.md`"), "{stderr}");
    assert!(
        stderr.contains("get-account-authorization-details"),
        "{stderr}"
    );
    // One role and no principal of its own but the role itself: nothing to list.
    assert!(lines(&output).is_empty());
}

#[test]
fn chains_add_what_a_principal_reaches_through_roles() {
    let output = run(&[
        "--chains",
        "--format",
        "json",
        "first-account.json",
        "second-account.json",
    ]);
    let pairs = lines(&output);
    let chained: Vec<&Value> = pairs
        .iter()
        .filter(|pair| pair["via"] != serde_json::json!([]))
        .collect();
    assert_eq!(chained.len(), 2, "{chained:?}");
    assert_eq!(
        chained[0],
        &serde_json::json!({
            "principal": "arn:aws:iam::111111111111:user/alice",
            "role": "arn:aws:iam::222222222222:role/Audit",
            "result": "allow",
            "requires": [],
            "failing": [],
            "via": ["arn:aws:iam::111111111111:role/Local"]
        })
    );
    let table = run(&["--chains", "first-account.json", "second-account.json"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("user/carol → arn:aws:iam::111111111111:role/Local → arn:aws:iam::222222222222:role/Audit"),
        "{text}"
    );
}

#[test]
fn findings_list_outside_principals_riskiest_first() {
    let output = run(&["--findings", "--format", "json", "outside-trusts.json"]);
    assert_eq!(output.status.code(), Some(0));
    let found = lines(&output);
    let severities: Vec<&str> = found
        .iter()
        .map(|finding| finding["severity"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(severities, ["high", "medium", "info", "info"]);
    assert_eq!(
        found[0]["role"],
        "arn:aws:iam::333333333333:role/GitHubDeploy"
    );
    let text =
        String::from_utf8_lossy(&run(&["--findings", "outside-trusts.json"]).stdout).to_string();
    assert!(
        text.contains(
            "role/OrgReader trusts *: `*` is narrowed by aws:PrincipalOrgID to the accounts, organizations or principals named"
        ),
        "{text}"
    );
}

/// `second-account.json` with `padding` bytes before its roles, written to
/// a file of its own under the system's temporary folder.
fn padded_dump(name: &str, padding: usize) -> PathBuf {
    let dump = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/access/second-account.json"),
    )
    .expect("the fixture reads");
    let padded = dump.replacen(
        '{',
        &format!("{{\"Padding\": \"{}\",", "x".repeat(padding)),
        1,
    );
    let path = std::env::temp_dir().join(format!("assumable-{}-{name}", std::process::id()));
    std::fs::write(&path, padded).expect("the temporary file writes");
    path
}

#[test]
fn a_dump_larger_than_a_scenario_is_read_whole() {
    // Over the 4 MiB a scenario or pasted input may be: access reads it.
    let path = padded_dump("large.json", assumable_core::MAX_SCENARIO_BYTES);
    let output = run(&["--format", "json", "--all", &path.to_string_lossy()]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!lines(&output).is_empty());
}

#[test]
fn a_dump_over_the_size_read_is_refused_with_why() {
    let path = padded_dump("huge.json", assumable_core::import::MAX_DUMP_BYTES);
    let output = run(&["--format", "json", &path.to_string_lossy()]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "larger than {} bytes",
            assumable_core::import::MAX_DUMP_BYTES
        )),
        "{stderr}"
    );
}

#[test]
fn role_and_principal_narrow_the_pairs_and_an_unknown_one_is_said() {
    let output = run(&[
        "--format",
        "json",
        "--chains",
        "--role",
        "arn:aws:iam::222222222222:role/Audit",
        "first-account.json",
        "second-account.json",
    ]);
    assert!(output.status.success());
    let principals: Vec<String> = lines(&output)
        .iter()
        .map(|pair| {
            assert_eq!(pair["role"], "arn:aws:iam::222222222222:role/Audit");
            pair["principal"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    assert_eq!(
        principals,
        [
            "arn:aws:iam::111111111111:role/Local",
            "arn:aws:iam::111111111111:user/alice",
            "arn:aws:iam::111111111111:user/carol"
        ]
    );

    let output = run(&[
        "--format",
        "json",
        "--all",
        "--principal",
        "arn:aws:iam::111111111111:user/bob",
        "first-account.json",
        "second-account.json",
    ]);
    let pairs = lines(&output);
    assert_eq!(pairs.len(), 5, "every role, bob's denials included");
    assert!(pairs.iter().all(|pair| pair["result"] == "deny"));

    let output = run(&["--role", "arn:aws:iam::1:role/Nope", "first-account.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no dump holds this role"));
}

/// A role admitting the account only from some addresses: the pair is
/// `conditional` on the range (`tests/access/README.md`, `source-address.json`).
#[test]
fn a_source_address_range_is_what_a_conditional_pair_requires() {
    let output = run(&["--format", "json", "source-address.json"]);
    assert!(output.status.success(), "{output:?}");
    let pairs = lines(&output);
    let office = pairs
        .iter()
        .find(|pair| pair["role"] == "arn:aws:iam::444444444444:role/OfficeButNotLab")
        .expect("dana's pair to OfficeButNotLab");
    assert_eq!(office["result"], "conditional");
    assert_eq!(
        office["requires"],
        serde_json::json!(["aws:SourceIp in 198.51.100.0/24 except 198.51.100.128/25"])
    );
    let table = run(&["source-address.json"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("needs aws:SourceIp in 192.0.2.0/24, sts:ExternalId=x1-office"),
        "{text}"
    );
}

/// A role's session that needs MFA is `conditional`, not denied, and a
/// deleted user's unique ID in a trust is a finding of its own, not an
/// outside account (`tests/access/README.md`, `sessions-and-boundaries.json`).
#[test]
fn a_session_needing_mfa_is_conditional_and_a_deleted_principal_is_found() {
    let output = run(&["--format", "json", "sessions-and-boundaries.json"]);
    assert!(output.status.success(), "{output:?}");
    let pairs = lines(&output);
    let worker = pair_of(
        &pairs,
        "arn:aws:iam::555555555555:role/Worker",
        "arn:aws:iam::555555555555:role/MfaOnly",
    );
    assert_eq!(worker["result"], "conditional");
    assert_eq!(worker["requires"], serde_json::json!(["MFA"]));

    let findings = run(&["--findings", "sessions-and-boundaries.json"]);
    let text = String::from_utf8_lossy(&findings.stdout);
    assert!(
        text.contains("trusts AIDAJQABLZS4A3QDU576Q: the unique ID of a deleted user")
            && !text.contains("account AIDA"),
        "{text}"
    );
}
