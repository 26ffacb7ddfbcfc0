//! Policy parser tests. They assert the underlined *text*, never offsets,
//! and apply every replacement to check that it fixes what it claims to.

use super::*;
use proptest::prelude::*;

/// One diagnostic as a test sees it.
#[derive(Debug)]
struct Seen {
    severity: Severity,
    message: String,
    underlined: String,
    help: Option<String>,
    replacement: Option<String>,
}

fn seen(text: &str, kind: PolicyKind) -> Vec<Seen> {
    let parsed = parse_policy(text, kind);
    parsed
        .diagnostics
        .iter()
        .map(|d| {
            assert!(
                d.range.start <= d.range.end && d.range.end <= text.len(),
                "{d:?}"
            );
            assert!(text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end));
            assert!(
                d.message.chars().next().is_some_and(|c| !c.is_uppercase()),
                "message starts lowercase: {}",
                d.message
            );
            Seen {
                severity: d.severity,
                message: d.message.clone(),
                underlined: d.range.slice(text).to_owned(),
                help: d.help.clone(),
                replacement: d.replacement.clone(),
            }
        })
        .collect()
}

/// Exactly one diagnostic; returns it.
fn only(text: &str, kind: PolicyKind) -> Seen {
    let mut all = seen(text, kind);
    assert_eq!(
        all.len(),
        1,
        "expected one diagnostic for {text}\ngot {all:#?}"
    );
    all.remove(0)
}

fn none(text: &str, kind: PolicyKind) -> Policy {
    let parsed = parse_policy(text, kind);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    parsed.policy.unwrap_or_else(|| panic!("no policy"))
}

/// The diagnostic whose message contains `needle`.
fn find(text: &str, kind: PolicyKind, needle: &str) -> Seen {
    let all = seen(text, kind);
    let names: Vec<String> = all.iter().map(|s| s.message.clone()).collect();
    all.into_iter()
        .find(|s| s.message.contains(needle))
        .unwrap_or_else(|| panic!("no diagnostic containing {needle:?} in {names:#?}"))
}

/// Applies the diagnostic's replacement (found by message) and returns the
/// new text, asserting it is still valid JSON.
fn apply_fix(text: &str, kind: PolicyKind, needle: &str) -> String {
    let parsed = parse_policy(text, kind);
    let Some(diagnostic) = parsed
        .diagnostics
        .iter()
        .find(|d| d.message.contains(needle))
    else {
        panic!(
            "no diagnostic containing {needle:?}: {:#?}",
            parsed.diagnostics
        )
    };
    let Some(replacement) = &diagnostic.replacement else {
        panic!("no replacement: {diagnostic:?}")
    };
    let mut fixed = text.to_owned();
    fixed.replace_range(diagnostic.range.start..diagnostic.range.end, replacement);
    assert!(
        crate::json::parse_json(&fixed).is_ok(),
        "fix made invalid JSON:\n{fixed}"
    );
    fixed
}

fn trust(statement: &str) -> String {
    format!("{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {statement}\n  ]\n}}")
}

const ALLOW_ROOT: &str = r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}"#;

fn identity(statement: &str) -> String {
    trust(statement)
}

const ALLOW_ASSUME: &str = r#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::222222222222:role/Deploy"}"#;

// --- a valid document and its model ---------------------------------------

#[test]
fn valid_trust_policy_builds_the_model_with_ranges() {
    let text = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllowCi",
      "Effect": "Allow",
      "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "444455556666"], "Service": "ec2.amazonaws.com"},
      "Action": ["sts:AssumeRole", "sts:TagSession"],
      "Condition": {
        "StringEquals": {"sts:ExternalId": "abc", "aws:PrincipalTag/team": ["ops", "dev"]},
        "ForAnyValue:StringLike": {"aws:TagKeys": "team*"},
        "NumericLessThan": {"aws:MultiFactorAuthAge": 3600},
        "Bool": {"aws:MultiFactorAuthPresent": true}
      }
    },
    {"Effect": "Deny", "NotPrincipal": null, "Principal": "*", "Action": "sts:AssumeRole"}
  ]
}"#;
    let parsed = parse_policy(text, PolicyKind::Trust);
    // The second statement's `NotPrincipal` (null) is the only problem.
    let messages: Vec<&str> = parsed
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`Principal` or `NotPrincipal`, not both")),
        "{messages:?}"
    );
    let policy = parsed.policy.unwrap_or_else(|| panic!("no policy"));
    assert_eq!(policy.version, PolicyVersion::V2012);
    assert_eq!(policy.range.slice(text), text);
    assert_eq!(policy.statements.len(), 2);
    let first = &policy.statements[0];
    assert_eq!(first.index, 0);
    assert_eq!(
        first.sid.as_ref().map(|s| s.range.slice(text)),
        Some("\"AllowCi\"")
    );
    assert_eq!(first.effect.value, Effect::Allow);
    assert_eq!(first.effect.range.slice(text), "\"Allow\"");
    let principal = first
        .principal
        .as_ref()
        .unwrap_or_else(|| panic!("principal"));
    assert!(!principal.negated && !principal.any);
    assert!(principal
        .range
        .slice(text)
        .starts_with("\"Principal\": {\"AWS\""));
    let entries: Vec<(PrincipalType, &str)> = principal
        .entries
        .iter()
        .map(|e| (e.kind, e.value.range.slice(text)))
        .collect();
    assert_eq!(
        entries,
        vec![
            (PrincipalType::Aws, "\"arn:aws:iam::111122223333:root\""),
            (PrincipalType::Aws, "\"444455556666\""),
            (PrincipalType::Service, "\"ec2.amazonaws.com\""),
        ]
    );
    let action = first.action.as_ref().unwrap_or_else(|| panic!("action"));
    assert!(!action.negated);
    assert_eq!(
        action.range.slice(text),
        "\"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"]"
    );
    assert_eq!(action.values[1].value, "sts:TagSession");
    assert!(first.resource.is_none());
    type ConditionView<'t> = (&'t str, Option<String>, &'t str, Vec<&'t str>, &'t str);
    let conditions: Vec<ConditionView<'_>> = first
        .conditions
        .iter()
        .map(|c| {
            (
                c.operator_text.range.slice(text),
                c.operator.map(|o| o.to_string()),
                c.key.range.slice(text),
                c.values.iter().map(|v| v.value.as_str()).collect(),
                c.range.slice(text),
            )
        })
        .collect();
    assert_eq!(
        conditions,
        vec![
            (
                "\"StringEquals\"",
                Some("StringEquals".into()),
                "\"sts:ExternalId\"",
                vec!["abc"],
                "\"sts:ExternalId\": \"abc\""
            ),
            (
                "\"StringEquals\"",
                Some("StringEquals".into()),
                "\"aws:PrincipalTag/team\"",
                vec!["ops", "dev"],
                "\"aws:PrincipalTag/team\": [\"ops\", \"dev\"]"
            ),
            (
                "\"ForAnyValue:StringLike\"",
                Some("ForAnyValue:StringLike".into()),
                "\"aws:TagKeys\"",
                vec!["team*"],
                "\"aws:TagKeys\": \"team*\""
            ),
            (
                "\"NumericLessThan\"",
                Some("NumericLessThan".into()),
                "\"aws:MultiFactorAuthAge\"",
                vec!["3600"],
                "\"aws:MultiFactorAuthAge\": 3600"
            ),
            (
                "\"Bool\"",
                Some("Bool".into()),
                "\"aws:MultiFactorAuthPresent\"",
                vec!["true"],
                "\"aws:MultiFactorAuthPresent\": true"
            ),
        ]
    );
    assert!(first.condition_range.is_some_and(
        |r| r.slice(text).starts_with("\"Condition\": {") && r.slice(text).ends_with('}')
    ));
    let second = &policy.statements[1];
    assert_eq!(second.index, 1);
    assert_eq!(second.effect.value, Effect::Deny);
    assert!(second
        .principal
        .as_ref()
        .is_some_and(|p| p.any && !p.negated));
    assert!(second
        .range
        .slice(text)
        .starts_with("{\"Effect\": \"Deny\""));
}

#[test]
fn a_lone_statement_object_is_statement_zero() {
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}}"#;
    let policy = none(text, PolicyKind::Identity);
    assert_eq!(policy.statements.len(), 1);
    assert_eq!(policy.statements[0].index, 0);
    let resource = policy.statements[0]
        .resource
        .as_ref()
        .unwrap_or_else(|| panic!());
    assert_eq!(resource.values[0].range.slice(text), "\"*\"");
}

#[test]
fn well_formed_documents_of_each_kind_have_no_diagnostics() {
    none(&trust(ALLOW_ROOT), PolicyKind::Trust);
    none(&identity(ALLOW_ASSUME), PolicyKind::Identity);
    none(&identity(ALLOW_ASSUME), PolicyKind::PermissionsBoundary);
    none(
        &identity(r#"{"Effect": "Allow", "Action": "*", "Resource": "*"}"#),
        PolicyKind::Scp,
    );
    // SCPs may leave out Resource, and may use NotAction.
    none(
        &identity(r#"{"Effect": "Deny", "NotAction": ["iam:*"]}"#),
        PolicyKind::Scp,
    );
    none(
        &identity(
            r#"{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*", "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc123"}}}"#,
        ),
        PolicyKind::Rcp,
    );
    // Web identity trust with a Federated OIDC provider.
    none(
        &trust(
            r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"token.actions.githubusercontent.com:sub": "repo:acme/app:*"}}}"#,
        ),
        PolicyKind::Trust,
    );
    // NotAction is fine in a trust policy; Deny statements too.
    none(
        &trust(r#"{"Effect": "Deny", "Principal": {"AWS": "*"}, "NotAction": "sts:TagSession"}"#),
        PolicyKind::Trust,
    );
}

// --- JSON and the document's shape -----------------------------------------

#[test]
fn invalid_json_is_one_error_at_its_place() {
    // The shared case mycrossaccountrole-malformed-action.json.
    let text = "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [\n        {\n            \"Effect\": \"Allow\",\n            \"Principal\": {\"AWS\": \"arn:aws:iam::123456789012:user/remote-user\"},\n            \"Action\": \"sts:AssumeRole]\n        }\n    ]\n}";
    let parsed = parse_policy(text, PolicyKind::Trust);
    assert!(parsed.policy.is_none());
    assert!(parsed.has_errors());
    let one = only(text, PolicyKind::Trust);
    assert!(
        one.message.starts_with("unterminated string"),
        "{}",
        one.message
    );
    assert_eq!(one.underlined, "\"sts:AssumeRole]");
    assert!(one
        .help
        .is_some_and(|h| h.contains("Syntax errors in policy")));
}

#[test]
fn top_level_must_be_an_object() {
    let text = r#"[{"Effect": "Allow", "Action": "sts:AssumeRole"}]"#;
    let one = only(text, PolicyKind::Trust);
    assert!(one.message.contains("found an array"), "{}", one.message);
    assert!(one.help.is_some_and(|h| h.contains("wrap them")));
    assert!(parse_policy(text, PolicyKind::Trust).policy.is_none());

    // A policy pasted as a JSON string (double-encoded).
    let inner = trust(ALLOW_ROOT);
    let text = serde_json::to_string(&inner).unwrap_or_default();
    let one = only(&text, PolicyKind::Trust);
    assert!(one.message.contains("found a string"));
    assert_eq!(one.replacement.as_deref(), Some(inner.as_str()));
    none(
        &apply_fix(&text, PolicyKind::Trust, "found a string"),
        PolicyKind::Trust,
    );
}

#[test]
fn version_rules() {
    // Missing: a warning for IAM policies, read as 2008-10-17.
    let text =
        r#"{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}"#;
    let one = only(text, PolicyKind::Identity);
    assert_eq!(one.severity, Severity::Warning);
    assert!(one.message.contains("`2008-10-17`"));
    assert_eq!(one.underlined, "{");
    let parsed = parse_policy(text, PolicyKind::Identity);
    assert_eq!(parsed.policy.map(|p| p.version), Some(PolicyVersion::V2008));
    let fixed = apply_fix(text, PolicyKind::Identity, "no `Version`");
    none(&fixed, PolicyKind::Identity);

    // Missing in an SCP: an error (every SCP must have 2012-10-17).
    let scp = r#"{"Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}}"#;
    assert_eq!(only(scp, PolicyKind::Scp).severity, Severity::Error);
    none(
        &apply_fix(scp, PolicyKind::Scp, "no `Version`"),
        PolicyKind::Scp,
    );
    let old_scp = r#"{"Version": "2008-10-17", "Statement": {"Effect": "Deny", "Action": "s3:*"}}"#;
    let one = only(old_scp, PolicyKind::Rcp.min_scp());
    assert_eq!(one.underlined, "\"2008-10-17\"");

    // 2008-10-17 is accepted by IAM.
    let old = r#"{"Version": "2008-10-17", "Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}}"#;
    assert_eq!(
        none(old, PolicyKind::Identity).version,
        PolicyVersion::V2008
    );

    // Anything else is an error, fixed to 2012-10-17.
    let wrong = r#"{"Version": "2023-01-01", "Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}}"#;
    let one = only(wrong, PolicyKind::Identity);
    assert_eq!(one.severity, Severity::Error);
    assert!(one
        .message
        .contains("unknown policy `Version` `2023-01-01`"));
    assert_eq!(one.underlined, "\"2023-01-01\"");
    none(
        &apply_fix(wrong, PolicyKind::Identity, "unknown policy"),
        PolicyKind::Identity,
    );
    let number = r#"{"Version": 2012, "Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}}"#;
    assert!(only(number, PolicyKind::Identity)
        .message
        .contains("found a number"));
}

impl PolicyKind {
    /// Test shorthand: the SCP kind (keeps the call sites readable).
    fn min_scp(self) -> PolicyKind {
        PolicyKind::Scp
    }
}

#[test]
fn statement_rules() {
    let missing = r#"{"Version": "2012-10-17"}"#;
    let one = only(missing, PolicyKind::Trust);
    assert!(one.message.contains("no `Statement`"));
    assert_eq!(one.underlined, "{");
    let wrong = r#"{"Version": "2012-10-17", "Statement": "Allow"}"#;
    let one = only(wrong, PolicyKind::Trust);
    assert!(one.message.contains("`Statement` must be"));
    assert_eq!(one.underlined, "\"Allow\"");
    let empty = r#"{"Version": "2012-10-17", "Statement": []}"#;
    assert_eq!(only(empty, PolicyKind::Trust).severity, Severity::Warning);
    let not_object = trust("\"sts:AssumeRole\"");
    let one = only(&not_object, PolicyKind::Trust);
    assert!(one.message.contains("each statement must be an object"));
}

#[test]
fn unknown_elements_with_suggestions() {
    let text = trust(
        r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Actions": "sts:AssumeRole"}"#,
    );
    let unknown = find(&text, PolicyKind::Trust, "unknown element `Actions`");
    assert_eq!(unknown.underlined, "\"Actions\"");
    assert_eq!(unknown.replacement.as_deref(), Some("\"Action\""));
    none(
        &apply_fix(&text, PolicyKind::Trust, "unknown element"),
        PolicyKind::Trust,
    );

    // Element names are case-sensitive.
    let lower = trust(r#"{"effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}"#);
    let one = find(&lower, PolicyKind::Trust, "unknown element `effect`");
    assert_eq!(one.replacement.as_deref(), Some("\"Effect\""));

    // No replacement when the suggested name is already there.
    let both = trust(
        r#"{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "action": "sts:TagSession"}"#,
    );
    assert_eq!(
        find(&both, PolicyKind::Trust, "unknown element `action`").replacement,
        None
    );

    // A statement element at the top level, and a wrapper.
    let top = r#"{"Version": "2012-10-17", "Effect": "Allow", "Statement": []}"#;
    let one = find(top, PolicyKind::Trust, "unknown element `Effect`");
    assert!(one.help.is_some_and(|h| h.contains("inside `Statement`")));
    let wrapper = r#"{"AssumeRolePolicyDocument": {}}"#;
    let one = find(wrapper, PolicyKind::Trust, "unknown element");
    assert!(one
        .help
        .is_some_and(|h| h.contains("paste only the policy document")));
    let misplaced = trust(
        r#"{"Version": "2012-10-17", "Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}"#,
    );
    assert!(
        find(&misplaced, PolicyKind::Trust, "unknown element `Version`")
            .help
            .is_some_and(|h| h.contains("top of the policy"))
    );
}

#[test]
fn duplicate_elements_are_errors_per_the_grammar() {
    let text = trust(
        r#"{"Effect": "Allow", "Principal": "*", "Effect": "Deny", "Action": "sts:AssumeRole"}"#,
    );
    let one = only(&text, PolicyKind::Trust);
    assert!(one.message.starts_with("duplicate `Effect` element"));
    assert!(one
        .help
        .is_some_and(|h| h.contains("multiple instances of the same key")));
    // The second occurrence is underlined.
    let second = text.rfind("\"Effect\"").unwrap_or_default();
    let parsed = parse_policy(&text, PolicyKind::Trust);
    assert_eq!(parsed.diagnostics[0].range.start, second);
    let top = r#"{"Version": "2012-10-17", "Version": "2012-10-17", "Statement": []}"#;
    assert!(find(top, PolicyKind::Trust, "duplicate `Version`").underlined == "\"Version\"");
}

// --- Effect, Action, Resource ----------------------------------------------

#[test]
fn effect_rules() {
    let lower = trust(r#"{"Effect": "allow", "Principal": "*", "Action": "sts:AssumeRole"}"#);
    let one = only(&lower, PolicyKind::Trust);
    assert!(one.message.contains("case-sensitive"));
    assert_eq!(one.underlined, "\"allow\"");
    assert_eq!(one.replacement.as_deref(), Some("\"Allow\""));
    // The intent is certain, so the statement is kept.
    let parsed = parse_policy(&lower, PolicyKind::Trust);
    assert_eq!(parsed.policy.map(|p| p.statements.len()), Some(1));
    none(
        &apply_fix(&lower, PolicyKind::Trust, "`Effect` must be"),
        PolicyKind::Trust,
    );

    let typo = trust(r#"{"Effect": "Alow", "Principal": "*", "Action": "sts:AssumeRole"}"#);
    assert_eq!(
        only(&typo, PolicyKind::Trust).replacement.as_deref(),
        Some("\"Allow\"")
    );
    // Not kept: "Alow" is not certainly Allow.
    assert_eq!(
        parse_policy(&typo, PolicyKind::Trust)
            .policy
            .map(|p| p.statements.len()),
        Some(0)
    );

    let unknown = trust(r#"{"Effect": "Permit", "Principal": "*", "Action": "sts:AssumeRole"}"#);
    assert_eq!(only(&unknown, PolicyKind::Trust).replacement, None);

    let missing = trust(r#"{"Principal": "*", "Action": "sts:AssumeRole"}"#);
    let one = only(&missing, PolicyKind::Trust);
    assert!(one.message.contains("no `Effect`"));
    assert_eq!(
        one.underlined,
        r#"{"Principal": "*", "Action": "sts:AssumeRole"}"#
    );

    let number = trust(r#"{"Effect": 1, "Principal": "*", "Action": "sts:AssumeRole"}"#);
    assert!(only(&number, PolicyKind::Trust)
        .message
        .contains("found a number"));
}

#[test]
fn action_rules() {
    let missing = trust(r#"{"Effect": "Allow", "Principal": "*"}"#);
    assert!(only(&missing, PolicyKind::Trust)
        .message
        .contains("no `Action`"));

    let both = trust(
        r#"{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "NotAction": "iam:*"}"#,
    );
    let one = only(&both, PolicyKind::Trust);
    assert!(one.message.contains("`Action` or `NotAction`, not both"));
    assert_eq!(one.underlined, "\"NotAction\"");

    let number = trust(r#"{"Effect": "Allow", "Principal": "*", "Action": 5}"#);
    assert!(only(&number, PolicyKind::Trust)
        .message
        .contains("found a number"));
    let object = trust(r#"{"Effect": "Allow", "Principal": "*", "Action": {}}"#);
    assert!(only(&object, PolicyKind::Trust)
        .message
        .contains("found an object"));
    let item =
        trust(r#"{"Effect": "Allow", "Principal": "*", "Action": ["sts:AssumeRole", true]}"#);
    let one = only(&item, PolicyKind::Trust);
    assert_eq!(one.underlined, "true");

    let empty = trust(r#"{"Effect": "Allow", "Principal": "*", "Action": []}"#);
    assert!(only(&empty, PolicyKind::Trust)
        .message
        .contains("must contain actions"));

    // No service prefix: IAM "Actions/Conditions must be prefaced by a vendor".
    let bare = trust(r#"{"Effect": "Allow", "Principal": "*", "Action": "AssumeRole"}"#);
    let one = only(&bare, PolicyKind::Trust);
    assert!(one.message.contains("no service prefix"));
    assert_eq!(one.underlined, "\"AssumeRole\"");
    assert_eq!(one.replacement.as_deref(), Some("\"sts:AssumeRole\""));
    none(
        &apply_fix(&bare, PolicyKind::Trust, "no service prefix"),
        PolicyKind::Trust,
    );

    let bracket = trust(r#"{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole]"}"#);
    let one = only(&bracket, PolicyKind::Trust);
    assert!(one.message.contains("contains `]`"));
    assert_eq!(one.replacement.as_deref(), Some("\"sts:AssumeRole\""));

    for (action, needle) in [
        ("*:AssumeRole", "wildcard in its service prefix"),
        ("sts:Assume:Role", "more than one `:`"),
        ("sts:", "names no action"),
        (":AssumeRole", "invalid service prefix"),
        ("st s:AssumeRole", "invalid service prefix"),
    ] {
        let text = trust(&format!(
            r#"{{"Effect": "Allow", "Principal": "*", "Action": "{action}"}}"#
        ));
        find(&text, PolicyKind::Trust, needle);
    }
    for action in [
        "*",
        "sts:*",
        "sts:Assume*",
        "s3:Get?bject",
        "sts:AssumeRoleWithSAML",
    ] {
        none(
            &trust(&format!(
                r#"{{"Effect": "Allow", "Principal": "*", "Action": "{action}"}}"#
            )),
            PolicyKind::Trust,
        );
    }
}

#[test]
fn trust_policy_prohibits_resource_with_a_removal_fix() {
    let text = trust(
        r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole", "Resource": "*"}"#,
    );
    let one = only(&text, PolicyKind::Trust);
    assert!(one.message.contains("cannot have `Resource`"));
    assert!(one
        .help
        .is_some_and(|h| h.contains("Has prohibited field Resource")));
    assert_eq!(one.underlined, ", \"Resource\": \"*\"");
    none(
        &apply_fix(&text, PolicyKind::Trust, "cannot have"),
        PolicyKind::Trust,
    );

    // First member: removed with the comma after it.
    let first = trust(
        r#"{"NotResource": "arn:aws:s3:::x", "Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}"#,
    );
    let one = only(&first, PolicyKind::Trust);
    assert!(one.message.contains("cannot have `NotResource`"));
    none(
        &apply_fix(&first, PolicyKind::Trust, "cannot have"),
        PolicyKind::Trust,
    );
    let parsed = parse_policy(&first, PolicyKind::Trust);
    assert!(parsed
        .policy
        .is_some_and(|p| p.statements[0].resource.is_none()));
}

#[test]
fn identity_policy_rules() {
    let principal = identity(
        r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Resource": "*"}"#,
    );
    let one = only(&principal, PolicyKind::Identity);
    assert!(one.message.contains("cannot have `Principal`"));
    assert!(one
        .help
        .is_some_and(|h| h.contains("should not specify a principal")));
    none(
        &apply_fix(&principal, PolicyKind::Identity, "cannot have"),
        PolicyKind::Identity,
    );

    let no_resource = identity(r#"{"Effect": "Allow", "Action": "sts:AssumeRole"}"#);
    let one = only(&no_resource, PolicyKind::Identity);
    assert!(one.message.contains("no `Resource`"));
    assert!(only(&no_resource, PolicyKind::PermissionsBoundary)
        .message
        .contains("no `Resource`"));

    let bad_resource = identity(
        r#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": ["DeployRole", "arn:aws:iam::*:role/x"]}"#,
    );
    let one = only(&bad_resource, PolicyKind::Identity);
    assert!(one.message.contains("is not `*` or an ARN"));
    assert_eq!(one.underlined, "\"DeployRole\"");
    let empty = identity(r#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": []}"#);
    assert!(only(&empty, PolicyKind::Identity)
        .message
        .contains("must contain resources"));

    let scp_principal = identity(r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*"}"#);
    assert!(only(&scp_principal, PolicyKind::Scp)
        .message
        .contains("an SCP cannot have `Principal`"));
}

#[test]
fn id_element() {
    let text = r#"{"Version": "2012-10-17", "Id": "x", "Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}}"#;
    let one = only(text, PolicyKind::Identity);
    assert_eq!(one.severity, Severity::Warning);
    assert_eq!(one.underlined, "\"Id\"");
    let trust_id = r#"{"Version": "2012-10-17", "Id": "x", "Statement": {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}}"#;
    none(trust_id, PolicyKind::Trust);
    let number = r#"{"Version": "2012-10-17", "Id": 7, "Statement": {"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}}"#;
    assert!(only(number, PolicyKind::Trust)
        .message
        .contains("`Id` must be a string"));
}

// --- Principal -------------------------------------------------------------

#[test]
fn trust_principal_is_required_and_not_principal_refused() {
    let missing = trust(r#"{"Effect": "Allow", "Action": "sts:AssumeRole"}"#);
    let one = only(&missing, PolicyKind::Trust);
    assert!(one.message.contains("no `Principal`"));
    assert!(one
        .help
        .is_some_and(|h| h.contains("Missing required field Principal")));

    let not_principal = trust(
        r#"{"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}"#,
    );
    let one = only(&not_principal, PolicyKind::Trust);
    assert!(one.message.contains("cannot use `NotPrincipal`"));
    assert_eq!(one.underlined, "\"NotPrincipal\"");
    assert!(one.help.is_some_and(|h| h.contains("aws:PrincipalArn")));
    let parsed = parse_policy(&not_principal, PolicyKind::Trust);
    assert!(parsed.policy.is_some_and(|p| p.statements[0]
        .principal
        .as_ref()
        .is_some_and(|b| b.negated)));
    let with_allow = trust(
        r#"{"Effect": "Allow", "NotPrincipal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}"#,
    );
    assert!(only(&with_allow, PolicyKind::Trust)
        .help
        .is_some_and(|h| h.contains("only with `Deny`")));
}

#[test]
fn principal_shapes() {
    let bare = trust(
        r#"{"Effect": "Allow", "Principal": "arn:aws:iam::111122223333:root", "Action": "sts:AssumeRole"}"#,
    );
    let one = only(&bare, PolicyKind::Trust);
    assert!(one.message.contains("not a bare string"));
    assert_eq!(
        one.replacement.as_deref(),
        Some("{\"AWS\": \"arn:aws:iam::111122223333:root\"}")
    );
    none(
        &apply_fix(&bare, PolicyKind::Trust, "bare string"),
        PolicyKind::Trust,
    );
    let bare_service = trust(
        r#"{"Effect": "Allow", "Principal": "ec2.amazonaws.com", "Action": "sts:AssumeRole"}"#,
    );
    none(
        &apply_fix(&bare_service, PolicyKind::Trust, "bare string"),
        PolicyKind::Trust,
    );

    let lower = trust(
        r#"{"Effect": "Allow", "Principal": {"aws": "111122223333"}, "Action": "sts:AssumeRole"}"#,
    );
    let one = only(&lower, PolicyKind::Trust);
    assert!(one.message.contains("unknown principal type `aws`"));
    assert_eq!(one.replacement.as_deref(), Some("\"AWS\""));
    none(
        &apply_fix(&lower, PolicyKind::Trust, "unknown principal type"),
        PolicyKind::Trust,
    );
    let plural = trust(
        r#"{"Effect": "Allow", "Principal": {"Services": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}"#,
    );
    assert_eq!(
        only(&plural, PolicyKind::Trust).replacement.as_deref(),
        Some("\"Service\"")
    );
    let weird =
        trust(r#"{"Effect": "Allow", "Principal": {"IAM": "x"}, "Action": "sts:AssumeRole"}"#);
    assert_eq!(only(&weird, PolicyKind::Trust).replacement, None);

    let empty = trust(r#"{"Effect": "Allow", "Principal": {}, "Action": "sts:AssumeRole"}"#);
    assert!(only(&empty, PolicyKind::Trust)
        .message
        .contains("`Principal` is empty"));
    let empty_list =
        trust(r#"{"Effect": "Allow", "Principal": {"AWS": []}, "Action": "sts:AssumeRole"}"#);
    assert!(only(&empty_list, PolicyKind::Trust)
        .message
        .contains("`AWS` is empty"));
    let number = trust(
        r#"{"Effect": "Allow", "Principal": {"AWS": 111122223333}, "Action": "sts:AssumeRole"}"#,
    );
    // IAM's grammar: "Quotation marks are optional for numeric and Boolean
    // values": an account id as a number is accepted, with a warning.
    let one = only(&number, PolicyKind::Trust);
    assert_eq!(one.severity, Severity::Warning);
    assert_eq!(one.replacement.as_deref(), Some("\"111122223333\""));
    none(
        &apply_fix(&number, PolicyKind::Trust, "written as a number"),
        PolicyKind::Trust,
    );
    let not_an_account =
        trust(r#"{"Effect": "Allow", "Principal": {"AWS": 42}, "Action": "sts:AssumeRole"}"#);
    assert_eq!(
        only(&not_an_account, PolicyKind::Trust).severity,
        Severity::Error
    );
    let twice = trust(
        r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333", "AWS": "444455556666"}, "Action": "sts:AssumeRole"}"#,
    );
    assert!(only(&twice, PolicyKind::Trust)
        .message
        .contains("duplicate `AWS` principal type"));
}

#[test]
fn partial_wildcard_principal_explains_the_condition_alternative() {
    let text = trust(
        r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/ci-*"}, "Action": "sts:AssumeRole"}"#,
    );
    let one = only(&text, PolicyKind::Trust);
    assert_eq!(one.severity, Severity::Error);
    assert_eq!(one.underlined, "\"arn:aws:iam::111122223333:role/ci-*\"");
    let help = one.help.unwrap_or_default();
    assert!(
        help.contains("\"arn:aws:iam::111122223333:root\""),
        "{help}"
    );
    assert!(
        help.contains(
            "\"ArnLike\": {\"aws:PrincipalArn\": \"arn:aws:iam::111122223333:role/ci-*\"}"
        ),
        "{help}"
    );
}

#[test]
fn principal_values_are_checked_and_kept() {
    let text = trust(
        r#"{"Effect": "Allow", "Principal": {"AWS": ["AROAEXAMPLEID12345678", "arn:aws:iam::111122223333:group/ops"], "Federated": "token.actions.githubusercontent.com"}, "Action": "sts:AssumeRole"}"#,
    );
    let all = seen(&text, PolicyKind::Trust);
    assert_eq!(all.len(), 3, "{all:#?}");
    assert_eq!(all[0].severity, Severity::Warning);
    assert_eq!(all[0].underlined, "\"AROAEXAMPLEID12345678\"");
    assert!(all[0].message.contains("deleted"));
    assert!(all[1].message.contains("group"));
    assert!(all[2].message.contains("OIDC issuer"));
    assert!(all[2]
        .help
        .as_deref()
        .is_some_and(|h| h.contains("oidc-provider/token.actions.githubusercontent.com")));
    let parsed = parse_policy(&text, PolicyKind::Trust);
    let entries = parsed
        .policy
        .map(|p| p.statements[0].principal.as_ref().map(|b| b.entries.len()))
        .unwrap_or_default();
    assert_eq!(entries, Some(3));
}

#[test]
fn rcp_principal_must_be_star() {
    let text = identity(
        r#"{"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:*", "Resource": "*"}"#,
    );
    let one = only(&text, PolicyKind::Rcp);
    assert!(one.message.contains("must be `\"*\"`"));
    none(
        &apply_fix(&text, PolicyKind::Rcp, "must be"),
        PolicyKind::Rcp,
    );
    let missing = identity(r#"{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}"#);
    assert!(only(&missing, PolicyKind::Rcp)
        .message
        .contains("no `Principal`"));
    let not_action =
        identity(r#"{"Effect": "Deny", "Principal": "*", "NotAction": "s3:*", "Resource": "*"}"#);
    assert!(only(&not_action, PolicyKind::Rcp)
        .message
        .contains("cannot use `NotAction`"));
    let not_principal =
        identity(r#"{"Effect": "Deny", "NotPrincipal": "*", "Action": "s3:*", "Resource": "*"}"#);
    assert!(
        find(&not_principal, PolicyKind::Rcp, "cannot use `NotPrincipal`").underlined
            == "\"NotPrincipal\""
    );
}

// --- Sid -------------------------------------------------------------------

#[test]
fn sid_rules() {
    let dashes = trust(
        r#"{"Sid": "allow-ci_1", "Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}"#,
    );
    let one = only(&dashes, PolicyKind::Trust);
    assert!(one.message.contains("letters and digits"));
    assert_eq!(one.underlined, "\"allow-ci_1\"");
    assert_eq!(one.replacement.as_deref(), Some("\"allowci1\""));
    none(
        &apply_fix(&dashes, PolicyKind::Trust, "letters and digits"),
        PolicyKind::Trust,
    );
    // SCPs are not held to IAM's Sid characters.
    let scp = identity(r#"{"Sid": "deny all", "Effect": "Deny", "Action": "*"}"#);
    none(&scp, PolicyKind::Scp);

    let number =
        trust(r#"{"Sid": 1, "Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}"#);
    assert_eq!(
        only(&number, PolicyKind::Trust).replacement.as_deref(),
        Some("\"1\"")
    );

    let text = format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [{}, {}]}}",
        r#"{"Sid": "Same", "Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}"#,
        r#"{"Sid": "Same", "Effect": "Deny", "Principal": "*", "Action": "sts:TagSession"}"#
    );
    let one = only(&text, PolicyKind::Trust);
    assert!(one.message.contains("must be unique"));
    assert_eq!(one.underlined, "\"Same\"");
    let parsed = parse_policy(&text, PolicyKind::Trust);
    assert!(parsed.diagnostics[0].range.start > text.find("Same").unwrap_or_default());
}

// --- Condition -------------------------------------------------------------

fn with_condition(condition: &str) -> String {
    trust(&format!(
        r#"{{"Effect": "Allow", "Principal": {{"AWS": "111122223333"}}, "Action": "sts:AssumeRole", "Condition": {condition}}}"#
    ))
}

#[test]
fn unknown_operator_suggests_the_closest() {
    let text = with_condition(r#"{"StringEqual": {"sts:ExternalId": "abc"}}"#);
    let one = only(&text, PolicyKind::Trust);
    assert_eq!(one.message, "unknown condition operator `StringEqual`");
    assert_eq!(one.underlined, "\"StringEqual\"");
    assert_eq!(one.replacement.as_deref(), Some("\"StringEquals\""));
    assert!(one
        .help
        .is_some_and(|h| h.contains("Invalid Condition type : StringEqual")));
    none(
        &apply_fix(&text, PolicyKind::Trust, "unknown condition operator"),
        PolicyKind::Trust,
    );
    // The condition is kept with no operator, so the evaluator can name it.
    let parsed = parse_policy(&text, PolicyKind::Trust);
    let condition = parsed.policy.map(|p| p.statements[0].conditions[0].clone());
    assert!(condition.is_some_and(|c| c.operator.is_none() && c.key.value == "sts:ExternalId"));

    let lower = with_condition(r#"{"stringEquals": {"sts:ExternalId": "abc"}}"#);
    assert_eq!(
        only(&lower, PolicyKind::Trust).replacement.as_deref(),
        Some("\"StringEquals\"")
    );
    let far = with_condition(r#"{"Matches": {"sts:ExternalId": "abc"}}"#);
    assert_eq!(only(&far, PolicyKind::Trust).replacement, None);
}

#[test]
fn null_with_if_exists_is_an_error() {
    let text = with_condition(r#"{"NullIfExists": {"aws:TokenIssueTime": "true"}}"#);
    let one = only(&text, PolicyKind::Trust);
    assert!(one.message.contains("`Null` cannot take `IfExists`"));
    assert_eq!(one.replacement.as_deref(), Some("\"Null\""));
    none(
        &apply_fix(&text, PolicyKind::Trust, "IfExists"),
        PolicyKind::Trust,
    );
    let qualified = with_condition(r#"{"ForAnyValue:NullIfExists": {"aws:TagKeys": "true"}}"#);
    assert_eq!(
        only(&qualified, PolicyKind::Trust).replacement.as_deref(),
        Some("\"ForAnyValue:Null\"")
    );
}

#[test]
fn condition_value_types() {
    let null = with_condition(r#"{"StringEquals": {"sts:ExternalId": null}}"#);
    let one = only(&null, PolicyKind::Trust);
    assert!(one.message.contains("found null"));
    assert!(one.help.is_some_and(|h| h.contains("\"Null\"")));
    let object = with_condition(r#"{"StringEquals": {"sts:ExternalId": {"a": "b"}}}"#);
    assert!(only(&object, PolicyKind::Trust)
        .message
        .contains("found an object"));
    let nested = with_condition(r#"{"StringEquals": {"sts:ExternalId": ["a", ["b"]]}}"#);
    let one = only(&nested, PolicyKind::Trust);
    assert_eq!(one.underlined, "[\"b\"]");
    let empty = with_condition(r#"{"StringEquals": {"sts:ExternalId": []}}"#);
    let one = only(&empty, PolicyKind::Trust);
    assert_eq!(one.severity, Severity::Warning);
    assert_eq!(one.underlined, "[]");
    let not_object = with_condition(r#"{"StringEquals": "sts:ExternalId"}"#);
    assert!(only(&not_object, PolicyKind::Trust)
        .message
        .contains("`StringEquals` must be"));
    let condition_array = with_condition(r#"[{"StringEquals": {"a:b": "c"}}]"#);
    assert!(only(&condition_array, PolicyKind::Trust)
        .message
        .contains("`Condition` must be"));
    let empty_block = with_condition(r#"{"StringEquals": {}}"#);
    assert_eq!(
        only(&empty_block, PolicyKind::Trust).severity,
        Severity::Warning
    );
    // A key without a service prefix is evaluated, not refused (the shared
    // case crossaccountrole-externalid-key-without-prefix.json).
    none(
        &with_condition(r#"{"StringEquals": {"ExternalId": "abc"}}"#),
        PolicyKind::Trust,
    );
}

#[test]
fn duplicate_condition_operators_and_keys() {
    let operators =
        with_condition(r#"{"StringEquals": {"a:b": "1"}, "StringEquals": {"c:d": "2"}}"#);
    let one = only(&operators, PolicyKind::Trust);
    assert!(one
        .message
        .contains("duplicate condition operator `StringEquals`"));
    // Both blocks' conditions are kept in the model.
    let parsed = parse_policy(&operators, PolicyKind::Trust);
    assert_eq!(
        parsed.policy.map(|p| p.statements[0].conditions.len()),
        Some(2)
    );
    // Condition key names are case-insensitive.
    let keys = with_condition(r#"{"StringEquals": {"aws:SourceIp": "1", "AWS:SOURCEIP": "2"}}"#);
    let one = only(&keys, PolicyKind::Trust);
    assert_eq!(one.underlined, "\"AWS:SOURCEIP\"");
}

// --- characters and quotas -------------------------------------------------

#[test]
fn characters_iam_rejects() {
    // IAM accepts tab, LF, CR and U+0020..U+00FF only.
    let latin1 = trust(
        r#"{"Sid": "Caf", "Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalTag/name": "José"}}}"#,
    );
    none(&latin1, PolicyKind::Trust);
    let curly = trust(
        r#"{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalTag/name": "O’Brien"}}}"#,
    );
    let one = only(&curly, PolicyKind::Trust);
    assert!(
        one.message.contains("U+2019 (a typographic quote)"),
        "{}",
        one.message
    );
    assert_eq!(one.underlined, "’");
    assert_eq!(one.replacement.as_deref(), Some("'"));
    none(
        &apply_fix(&curly, PolicyKind::Trust, "U+2019"),
        PolicyKind::Trust,
    );
    let emoji = trust(
        r#"{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalTag/x": "a😀😀b"}}}"#,
    );
    let one = only(&emoji, PolicyKind::Trust);
    assert_eq!(one.underlined, "😀😀");
    assert!(one.message.contains("`😀` (U+1F600)"));
    // Organizations policies are not under IAM's character rule.
    let scp = identity(
        r#"{"Sid": "x", "Effect": "Deny", "Action": "*", "Condition": {"StringEquals": {"aws:PrincipalTag/x": "😀"}}}"#,
    );
    none(&scp, PolicyKind::Scp);
    // Many bad places: capped, with a count.
    let many: String = (0..30).map(|_| "😀 ").collect();
    let text = trust(&format!(
        r#"{{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Condition": {{"StringEquals": {{"a:b": "{many}"}}}}}}"#
    ));
    let all = seen(&text, PolicyKind::Trust);
    assert_eq!(all.len(), 11);
    assert!(all[10].message.starts_with("20 more places"));
}

/// A trust policy of exactly `size` non-white-space characters.
fn trust_of_size(size: usize) -> String {
    let base = trust(
        r#"{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"a:b": "X"}}}"#,
    );
    let counted = base.chars().filter(|c| !c.is_whitespace()).count();
    base.replace("\"X\"", &format!("\"{}\"", "x".repeat(size - counted + 1)))
}

#[test]
fn trust_policy_size_quota() {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
    none(&trust_of_size(2048), PolicyKind::Trust);
    let raised = trust_of_size(2049);
    let one = only(&raised, PolicyKind::Trust);
    assert_eq!(one.severity, Severity::Warning);
    assert!(
        one.message.contains("2,049 characters without white space"),
        "{}",
        one.message
    );
    assert!(one.message.contains("2,048 by default") && one.message.contains("4,096"));
    assert!(!one.underlined.is_empty());
    assert_eq!(
        only(&trust_of_size(4096), PolicyKind::Trust).severity,
        Severity::Warning
    );
    let over = trust_of_size(4097);
    let one = only(&over, PolicyKind::Trust);
    assert_eq!(one.severity, Severity::Error);
    assert!(one.message.contains("4,097"));
    // White space does not count for IAM.
    let padded = trust_of_size(2048).replace(": ", ":           ");
    none(&padded, PolicyKind::Trust);
}

#[test]
fn other_size_quotas() {
    let identity_of = |size: usize| {
        let base = identity(
            r#"{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111122223333:role/X"}"#,
        );
        let counted = base.chars().filter(|c| !c.is_whitespace()).count();
        base.replace(
            "role/X",
            &format!("role/{}", "x".repeat(size - counted + 1)),
        )
    };
    none(&identity_of(6144), PolicyKind::Identity);
    assert_eq!(
        only(&identity_of(6145), PolicyKind::Identity).severity,
        Severity::Warning
    );
    assert_eq!(
        only(&identity_of(10_240), PolicyKind::Identity).severity,
        Severity::Warning
    );
    assert_eq!(
        only(&identity_of(10_241), PolicyKind::Identity).severity,
        Severity::Error
    );
    assert_eq!(
        only(&identity_of(6145), PolicyKind::PermissionsBoundary).severity,
        Severity::Error
    );
    // SCPs count every character, white space included.
    let scp = identity_of(5000);
    let total = scp.chars().count();
    assert!(total <= 5120);
    none(&scp, PolicyKind::Scp);
    let padded = scp.replace(
        "{\"Effect\"",
        &format!("{}{{\"Effect\"", " ".repeat(5121 - total)),
    );
    let one = only(&padded, PolicyKind::Scp);
    assert!(
        one.message
            .contains("5,121 characters; AWS Organizations allows at most 5,120"),
        "{}",
        one.message
    );
}

// --- robustness ------------------------------------------------------------

#[test]
fn a_one_megabyte_policy_parses() {
    let statement = r#"{"Sid":"S","Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Resource":"arn:aws:iam::111122223333:role/Deploy","Condition":{"StringEquals":{"aws:PrincipalTag/team":["a","b"]}}},"#;
    let mut body = String::new();
    let mut index = 0;
    while body.len() < 1_000_000 {
        body.push_str(&statement.replace("\"S\"", &format!("\"S{index}\"")));
        index += 1;
    }
    body.pop();
    let text = format!("{{\"Version\":\"2012-10-17\",\"Statement\":[{body}]}}");
    // Its time is measured by the `large/3MB-trust-policy` benchmark.
    let parsed = parse_policy(&text, PolicyKind::Identity);
    assert_eq!(parsed.policy.map(|p| p.statements.len()), Some(index));
    // Only the size quota is exceeded.
    assert_eq!(parsed.diagnostics.len(), 1);
}

#[test]
fn many_duplicate_keys_are_each_reported() {
    let keys: String = (0..50_000)
        .map(|i| format!("\"k{}\": \"v\",", i % 7))
        .collect();
    let text = with_condition(&format!(
        "{{\"StringEquals\": {{{} \"z:z\": \"v\"}}}}",
        keys
    ));
    // Its time is measured by the `large/50k-duplicate-keys` benchmark.
    let parsed = parse_policy(&text, PolicyKind::Trust);
    assert!(parsed.diagnostics.len() > 49_000);
}

fn policy_like() -> impl Strategy<Value = String> {
    let scalar = prop_oneof![
        Just("\"*\"".to_owned()),
        Just("\"Allow\"".to_owned()),
        Just("\"sts:AssumeRole\"".to_owned()),
        Just("\"arn:aws:iam::111122223333:role/ci-*\"".to_owned()),
        Just("\"AROAEXAMPLEID12345678\"".to_owned()),
        Just("\"2012-10-17\"".to_owned()),
        Just("1".to_owned()),
        Just("true".to_owned()),
        Just("null".to_owned()),
        "\"[a-zA-Z:*/’😀-]{0,12}\"".prop_map(|s| s),
    ];
    let key = prop_oneof![
        Just("Version"),
        Just("Statement"),
        Just("Effect"),
        Just("Principal"),
        Just("NotPrincipal"),
        Just("Action"),
        Just("NotAction"),
        Just("Resource"),
        Just("Condition"),
        Just("Sid"),
        Just("AWS"),
        Just("Service"),
        Just("Federated"),
        Just("StringEquals"),
        Just("NullIfExists"),
        Just("aws:x"),
        Just("effect"),
        Just("Id"),
    ];
    scalar.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4)
                .prop_map(|items| format!("[{}]", items.join(","))),
            prop::collection::vec((key.clone(), inner), 0..5).prop_map(|members| {
                let body: Vec<String> = members
                    .into_iter()
                    .map(|(k, v)| format!("\"{k}\":{v}"))
                    .collect();
                format!("{{{}}}", body.join(","))
            }),
        ]
    })
}

fn kinds() -> impl Strategy<Value = PolicyKind> {
    prop_oneof![
        Just(PolicyKind::Trust),
        Just(PolicyKind::Identity),
        Just(PolicyKind::PermissionsBoundary),
        Just(PolicyKind::Scp),
        Just(PolicyKind::Rcp),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_on_arbitrary_text(text in ".{0,300}", kind in kinds()) {
        let parsed = parse_policy(&text, kind);
        for d in &parsed.diagnostics {
            prop_assert!(d.range.start <= d.range.end && d.range.end <= text.len());
            prop_assert!(text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end));
        }
    }

    #[test]
    fn policy_like_documents_keep_invariants(text in policy_like(), kind in kinds()) {
        let parsed = parse_policy(&text, kind);
        let mut previous = 0;
        for d in &parsed.diagnostics {
            prop_assert!(d.range.end <= text.len());
            prop_assert!(text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end));
            prop_assert!(d.range.start >= previous, "sorted");
            previous = d.range.start;
            // Every replacement leaves valid JSON.
            if let Some(replacement) = &d.replacement {
                let mut fixed = text.clone();
                fixed.replace_range(d.range.start..d.range.end, replacement);
                prop_assert!(crate::json::parse_json(&fixed).is_ok(), "{} -> {}", text, fixed);
            }
        }
        if let Some(policy) = &parsed.policy {
            for statement in &policy.statements {
                prop_assert!(statement.range.end <= text.len());
            }
        }
    }
}

#[test]
fn values_with_white_space_around_them_are_trimmed() {
    let text = trust(
        r#"{"Effect": "Allow", "Principal": {"AWS": " arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole "}"#,
    );
    let all = seen(&text, PolicyKind::Trust);
    assert_eq!(all.len(), 2, "{all:#?}");
    assert_eq!(all[0].underlined, "\" arn:aws:iam::111122223333:root\"");
    assert_eq!(
        all[0].replacement.as_deref(),
        Some("\"arn:aws:iam::111122223333:root\"")
    );
    assert_eq!(all[1].replacement.as_deref(), Some("\"sts:AssumeRole\""));
    let fixed = apply_fix(&text, PolicyKind::Trust, "` arn:");
    none(
        &apply_fix(&fixed, PolicyKind::Trust, "white space"),
        PolicyKind::Trust,
    );
}

#[test]
fn rcp_allow_only_as_rcp_full_aws_access() {
    // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
    let full = identity(r#"{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}"#);
    none(&full, PolicyKind::Rcp);
    let narrow = identity(
        r#"{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*"}"#,
    );
    let one = only(&narrow, PolicyKind::Rcp);
    assert!(one.message.contains("RCPFullAWSAccess"));
    assert_eq!(one.underlined, "\"Allow\"");
}

#[test]
fn messages_quoting_huge_values_are_clipped() {
    let huge = "x".repeat(1_500);
    let text = trust(&format!(
        r#"{{"Effect": "Allow", "Principal": {{"AWS": "{huge}"}}, "Action": "sts:AssumeRole"}}"#
    ));
    let one = only(&text, PolicyKind::Trust);
    assert!(one.message.len() < 600 && one.message.ends_with('…'));
    assert_eq!(one.underlined.len(), huge.len() + 2);
}

#[test]
fn invisible_bidirectional_and_lookalike_characters_warn_in_every_kind() {
    // A soft hyphen is inside IAM's U+0020–U+00FF: not an error, a warning.
    let trust = "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \
        \"Principal\": {\"AWS\": \"arn:aws:iam::123456789012:role/dev\"}, \
        \"Action\": \"sts:AssumeRole\", \"Condition\": {\"StringEquals\": \
        {\"aws:PrincipalTag/team\": \"dev\u{ad}ops\"}}}}";
    let one = only(trust, PolicyKind::Trust);
    assert_eq!(one.severity, Severity::Warning);
    assert_eq!(one.underlined, "\u{ad}");
    assert!(
        one.message
            .contains("U+00AD (a soft hyphen) at character 4"),
        "{}",
        one.message
    );

    // Outside Latin-1 an IAM policy has the error only, not the warning too.
    let zero_width = trust.replace('\u{ad}', "\u{200b}");
    let all = seen(&zero_width, PolicyKind::Trust);
    assert_eq!(all.len(), 1, "{all:?}");
    assert!(all.iter().all(|d| d.severity == Severity::Error));

    // SCPs and RCPs accept any character: each one is a located warning.
    let scp = "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Deny\", \
        \"Action\": \"s3:*\", \"Resource\": \"*\", \"Condition\": {\"StringNotEquals\": \
        {\"aws:PrincipalTag/team\": [\"p\u{430}yments\", \"ops\u{202e}\", \"cafe\u{301}\"]}}}}";
    for kind in [PolicyKind::Scp, PolicyKind::Rcp] {
        // (An RCP statement without a Principal is also an error.)
        let all: Vec<Seen> = seen(scp, kind)
            .into_iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect();
        let underlined: Vec<&str> = all.iter().map(|d| d.underlined.as_str()).collect();
        assert_eq!(underlined, ["\u{430}", "\u{202e}", "\u{301}"], "{all:?}");
        assert!(all
            .first()
            .is_some_and(|d| d.message.contains("`а` (U+0430) at character 2")));
        assert!(all.get(1).is_some_and(|d| d.message.contains(
            "U+202E (a right-to-left override, a bidirectional control) at character 4"
        )));
    }

    // Written as an escape, the character is still found (the string is underlined).
    let escaped = trust.replace('\u{ad}', "\\u00ad");
    let one = only(&escaped, PolicyKind::Trust);
    assert_eq!(one.severity, Severity::Warning);
    assert_eq!(one.underlined, "\"dev\\u00adops\"");
}

#[test]
fn a_pasted_wrapper_is_the_one_error_not_the_missing_statement_it_causes() {
    let text = r#"{"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}"#;
    let errors: Vec<Seen> = seen(text, PolicyKind::Trust)
        .into_iter()
        .filter(|seen| seen.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let error = &errors[0];
    assert!(
        error.message.contains("AssumeRolePolicyDocument"),
        "{error:?}"
    );
    assert!(error
        .help
        .as_ref()
        .is_some_and(|help| help.contains("wrapper")));
    // With nothing to explain it, the missing `Statement` is said.
    let bare = only(r#"{"Version": "2012-10-17"}"#, PolicyKind::Trust);
    assert!(bare.message.contains("no `Statement`"), "{bare:?}");
}
