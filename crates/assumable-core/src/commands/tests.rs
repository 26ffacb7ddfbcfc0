use super::*;

fn scenario(json: serde_json::Value) -> Scenario {
    match Scenario::from_json(&json.to_string()) {
        Ok(scenario) => scenario,
        Err(error) => panic!("scenario: {error}"),
    }
}

fn lines(section: &Section) -> Vec<&str> {
    section.commands.iter().map(|c| c.line.as_str()).collect()
}

/// A user's cross-account call with an external ID and a session tag.
fn cross_account(trust_principal: &str, external_id: &str, tag: &str) -> Scenario {
    scenario(serde_json::json!({
        "request": {
            "caller": "arn:aws:iam::111122223333:user/dev",
            "role_arn": "arn:aws:iam::444455556666:role/Deploy",
            "role_session_name": "dev",
            "external_id": external_id,
            "tags": { "team": tag }
        },
        "caller_policies": { "identity": [{
            "Version": "2012-10-17",
            "Statement": [{ "Effect": "Allow", "Action": ["sts:AssumeRole", "sts:TagSession"],
                            "Resource": "arn:aws:iam::444455556666:role/Deploy" }]
        }]},
        "role": { "trust_policy": {
            "Version": "2012-10-17",
            "Statement": [{ "Effect": "Allow", "Principal": { "AWS": trust_principal },
                            "Action": ["sts:AssumeRole", "sts:TagSession"],
                            "Condition": { "StringEquals": { "sts:ExternalId": external_id } } }]
        }}
    }))
}

#[test]
fn reproduce_quotes_every_parameter() {
    // STS would refuse these values; the call is reproduced as written.
    let commands = commands(&cross_account(
        "arn:aws:iam::111122223333:user/dev",
        "it's $(secret)",
        "a,b",
    ));
    assert_eq!(
        lines(&commands.reproduce),
        [
            "aws sts assume-role --role-arn arn:aws:iam::444455556666:role/Deploy \
             --role-session-name dev --external-id 'it'\\''s $(secret)' \
             --tags '[{\"Key\":\"team\",\"Value\":\"a,b\"}]'"
        ]
    );
    assert_eq!(
        commands.reproduce.commands[0].run_as.as_deref(),
        Some("the caller, arn:aws:iam::111122223333:user/dev")
    );
}

#[test]
fn gather_reads_each_input_where_it_lives() {
    let commands = commands(&cross_account(
        "arn:aws:iam::111122223333:user/dev",
        "Acme-1",
        "blue team",
    ));
    let gather = lines(&commands.gather);
    assert!(gather.contains(&"aws iam get-role --role-name Deploy"));
    assert!(gather.contains(&"aws iam list-attached-user-policies --user-name dev"));
    assert!(gather.contains(
        &"aws organizations list-policies-for-target --target-id 111122223333 --filter SERVICE_CONTROL_POLICY"
    ));
    assert!(gather.contains(
        &"aws organizations list-policies-for-target --target-id 444455556666 --filter RESOURCE_CONTROL_POLICY"
    ));
    let get_role = commands
        .gather
        .commands
        .iter()
        .find(|c| c.line.starts_with("aws iam get-role"));
    assert_eq!(
        get_role.and_then(|c| c.run_as.as_deref()),
        Some("account 444455556666")
    );
}

#[test]
fn an_allowed_call_needs_no_fix() {
    let commands = commands(&cross_account(
        "arn:aws:iam::111122223333:user/dev",
        "Acme-1",
        "blue team",
    ));
    assert!(commands.fix.commands.is_empty(), "{:?}", commands.fix);
    assert!(commands.files.is_empty());
}

#[test]
fn a_trust_fix_is_written_to_a_file_the_command_names() {
    let commands = commands(&cross_account(
        "arn:aws:iam::111122223333:user/someone-else",
        "Acme-1",
        "blue team",
    ));
    assert_eq!(
        lines(&commands.fix),
        ["aws iam update-assume-role-policy --role-name Deploy --policy-document file://trust-policy.json"]
    );
    let file = &commands.files[0];
    assert_eq!(file.name, "trust-policy.json");
    assert!(
        file.content.contains("arn:aws:iam::111122223333:user/dev"),
        "{}",
        file.content
    );
    assert!(
        commands.fix.notes[0].contains("trust.principal"),
        "{:?}",
        commands.fix.notes
    );
}

/// A fix applied on the page is in the model, not yet in AWS: the fix
/// commands still put it into effect, and the call is reproduced as made.
#[test]
fn a_fix_applied_on_the_page_still_gets_its_command() {
    let aws = cross_account(
        "arn:aws:iam::111122223333:user/someone-else",
        "Acme-1",
        "blue team",
    );
    let report = crate::evaluate(&aws);
    let fix = report
        .first_to_fix()
        .and_then(|check| check.fix.clone())
        .expect("a trust fix");
    let edited = crate::fix::apply_fix(&aws, &fix).expect("applies");
    assert_eq!(
        crate::evaluate(&edited).decision,
        crate::report::Decision::Allow
    );
    // From the edited case alone nothing is left to fix.
    assert!(commands(&edited).fix.commands.is_empty());
    let commands = commands_after_edits(&aws, &edited);
    assert_eq!(
        lines(&commands.fix),
        ["aws iam update-assume-role-policy --role-name Deploy --policy-document file://trust-policy.json"]
    );
    assert_eq!(
        commands.files[0].content,
        edited.role.trust_policy.text(),
        "the file is the trust the page shows"
    );
    assert!(
        commands.fix.notes[0].contains("changes made on the page"),
        "{:?}",
        commands.fix.notes
    );
    assert_eq!(
        lines(&commands.reproduce),
        lines(&super::commands(&aws).reproduce)
    );
    // Unchanged, it is the plain commands.
    assert_eq!(commands_after_edits(&aws, &aws), super::commands(&aws));
}

/// The fix edits the caller's policy (exempts it from a Deny): which
/// policy that is, and its name, only the person knows.
#[test]
fn an_unknown_policy_name_is_a_variable() {
    let mut scenario = cross_account("arn:aws:iam::111122223333:user/dev", "Acme-1", "blue team");
    if let Some(policies) = &mut scenario.caller_policies {
        policies.identity = vec![crate::scenario::PolicySource::Text(
            r#"{"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["sts:AssumeRole", "sts:TagSession"], "Resource": "*"},
                {"Effect": "Deny", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::444455556666:role/Deploy"}]}"#.to_string(),
        )];
    }
    let commands = commands(&scenario);
    let fix = lines(&commands.fix);
    assert!(
        fix.iter()
            .any(|line| line
                .contains("put-user-policy --user-name dev --policy-name \"$POLICY_NAME\"")),
        "{fix:?}"
    );
    assert!(
        fix.iter()
            .any(|line| line.contains("create-policy-version --policy-arn \"$POLICY_ARN\"")),
        "{fix:?}"
    );
    assert_eq!(commands.files[0].name, "identity-policy-1.json");
}

#[test]
fn a_policy_the_fix_adds_is_put_as_a_new_inline_policy() {
    let mut scenario = cross_account("arn:aws:iam::111122223333:user/dev", "Acme-1", "blue team");
    scenario.caller_policies = None;
    let commands = commands(&scenario);
    let fix = lines(&commands.fix);
    assert_eq!(
        fix,
        [
            "aws iam put-user-policy --user-name dev --policy-name identity-policy-1 \
             --policy-document file://identity-policy-1.json",
            "aws iam put-user-policy --user-name dev --policy-name identity-policy-2 \
             --policy-document file://identity-policy-2.json"
        ],
        "{:?}",
        commands.fix.notes
    );
}
