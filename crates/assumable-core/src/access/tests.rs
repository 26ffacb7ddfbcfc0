use super::*;

/// `tests/access/README.md` says what each dump holds.
fn first_account() -> String {
    include_str!("../../../../tests/access/first-account.json").to_string()
}

fn second_account() -> String {
    include_str!("../../../../tests/access/second-account.json").to_string()
}

fn model() -> AccountModel {
    let (model, unread) = load(&dumps());
    assert!(unread.is_empty(), "{unread:?}");
    model
}

/// The model of one fixture dump, read whole.
fn one_dump(source: &str, text: &str) -> AccountModel {
    let (model, unread) = load(&[ImportInput {
        source: source.into(),
        text: text.into(),
    }]);
    assert!(unread.is_empty(), "{unread:?}");
    model
}

fn find<'p>(pairs: &'p [Pair], principal: &str, role: &str) -> &'p Pair {
    match pairs
        .iter()
        .find(|pair| pair.principal.ends_with(principal) && pair.role.ends_with(role))
    {
        Some(pair) => pair,
        None => panic!("no pair {principal} → {role}"),
    }
}

#[test]
fn users_and_roles_of_every_dump_are_principals_and_roles() {
    let model = model();
    let arns: Vec<&str> = model.principals.iter().map(|p| p.arn.as_str()).collect();
    assert_eq!(arns.len(), 8, "{arns:?}");
    assert_eq!(model.roles.len(), 5);
    // Carol's policy comes from her group's managed policy, default version.
    let carol = &model.principals[2];
    assert_eq!(carol.policies.identity.len(), 1);
    assert!(carol.policies.identity[0].text().contains("sts:AssumeRole"));
}

#[test]
fn each_pair_is_answered_as_the_single_case_evaluator_would() {
    let pairs = pairs(&model(), true);
    // Same account, the account trusted: an identity policy decides.
    assert_eq!(
        find(&pairs, "user/alice", "role/Local").result,
        Access::Allow
    );
    assert_eq!(
        find(&pairs, "user/carol", "role/Local").result,
        Access::Allow
    );
    let bob = find(&pairs, "user/bob", "role/Local");
    assert_eq!(bob.result, Access::Deny);
    assert_eq!(bob.failing, ["identity.allow"]);
    // An external ID the caller can pass: conditional, and what it needs.
    let vendor = find(&pairs, "user/alice", "role/Vendor");
    assert_eq!(vendor.result, Access::Conditional);
    assert_eq!(vendor.requires, ["sts:ExternalId=abc"]);
    // A principal tag the dump settles: carol has it, alice cannot pass it.
    assert_eq!(
        find(&pairs, "user/carol", "role/Tagged").result,
        Access::Allow
    );
    assert_eq!(
        find(&pairs, "user/alice", "role/Tagged").result,
        Access::Deny
    );
    // Across accounts: the trust names alice, her own policy allows it.
    assert_eq!(
        find(&pairs, "user/alice", "role/Deploy").result,
        Access::Allow
    );
    assert_eq!(
        find(&pairs, "user/carol", "role/Deploy").result,
        Access::Deny
    );
}

#[test]
fn without_all_only_pairs_that_are_not_a_plain_deny_are_listed() {
    let model = model();
    let some = pairs(&model, false);
    assert!(some.iter().all(|pair| pair.result != Access::Deny));
    // Skipping the pairs no trust can admit changes no answer.
    let every: Vec<Pair> = pairs(&model, true)
        .into_iter()
        .filter(|pair| pair.result != Access::Deny)
        .collect();
    assert_eq!(some, every);
    // No role is asked whether it can assume itself.
    assert!(pairs(&model, true)
        .iter()
        .all(|pair| pair.principal != pair.role));
}

#[test]
fn pairs_no_trust_can_admit_are_not_evaluated() {
    let model = model();
    let (found, counts) = not_denied(&model);
    assert_eq!(found, pairs(&model, false));
    // 8 principals x 5 roles, less the 5 roles and themselves.
    assert_eq!(counts.evaluated + counts.skipped, 35);
    // Deploy names alice and Audit the role Local: the six others each are
    // skipped; bob (no policy of his own) is skipped for the three roles
    // that trust his account.
    assert!(counts.skipped >= 15, "{counts:?}");
}

/// Natively, many principals are shared among threads: the answer is the
/// one-thread answer, pair for pair and in order, however the principals
/// are cut into runs.
#[test]
fn threads_answer_as_one_thread_does() {
    let model = model();
    let alone = not_denied_with_progress(&model, &mut |_, _| {});
    assert!(alone.0.len() > 3, "{alone:?}");
    for (threads, run) in [(2, 1), (3, 1), (3, 2), (4, 3), (2, 100)] {
        assert_eq!(
            not_denied_in_parallel(&model, threads, run),
            alone,
            "{threads} threads, runs of {run}"
        );
    }
}

#[test]
fn a_dump_larger_than_a_paste_is_read_whole() {
    // Over a paste's limit, its roles after the padding: read, not cut.
    let text = second_account();
    let padded = text.replacen(
        '{',
        &format!(
            "{{\"Padding\": \"{}\",",
            "x".repeat(crate::import::MAX_IMPORT_BYTES)
        ),
        1,
    );
    assert!(padded.len() > crate::import::MAX_IMPORT_BYTES);
    let (model, unread) = load(&[ImportInput {
        source: "large.json".into(),
        text: padded,
    }]);
    assert!(unread.is_empty(), "{unread:?}");
    assert_eq!(model.roles.len(), 2);
}

#[test]
fn an_input_that_is_no_dump_is_said_and_the_others_load() {
    let inputs = [
        ImportInput {
            source: "err.txt".into(),
            text: "An error occurred (AccessDenied) when calling the AssumeRole operation".into(),
        },
        ImportInput {
            source: "second.json".into(),
            text: second_account(),
        },
    ];
    let (model, unread) = load(&inputs);
    assert_eq!(model.roles.len(), 2);
    assert_eq!(unread.len(), 1);
    assert!(
        unread[0]
            .error
            .contains("get-account-authorization-details"),
        "{:?}",
        unread[0]
    );
}

#[test]
fn a_dump_over_the_size_read_says_so_rather_than_being_cut() {
    let huge = format!(
        "{{\"UserDetailList\": [], \"Padding\": \"{}\"}}",
        "x".repeat(crate::import::MAX_DUMP_BYTES)
    );
    let (model, unread) = load(&[ImportInput {
        source: "huge.json".into(),
        text: huge,
    }]);
    assert!(model.roles.is_empty());
    assert!(unread[0].error.contains("larger than"), "{:?}", unread);
}

fn organization_input() -> ImportInput {
    ImportInput {
        source: "organization.json".into(),
        text: include_str!("../../../../tests/access/organization.json").to_string(),
    }
}

fn dumps() -> Vec<ImportInput> {
    vec![
        ImportInput {
            source: "first.json".into(),
            text: first_account(),
        },
        ImportInput {
            source: "second.json".into(),
            text: second_account(),
        },
    ]
}

#[test]
fn an_organization_input_applies_each_account_s_scps_and_settles_its_org_id() {
    let mut inputs = dumps();
    inputs.push(ImportInput {
        source: "outside.json".into(),
        text: include_str!("../../../../tests/access/outside-trusts.json").to_string(),
    });
    let (without, _) = load(&inputs);
    inputs.push(organization_input());
    let (model, unread) = load(&inputs);
    assert!(unread.is_empty(), "{unread:?}");
    assert!(model.notes.is_empty(), "{:?}", model.notes);
    let before = pairs(&without, true);
    let after = pairs(&model, true);
    // The workloads OU's SCP denies Deploy, which alice's trust and policy allow.
    assert_eq!(
        find(&before, "user/alice", "role/Deploy").result,
        Access::Allow
    );
    let deploy = find(&after, "user/alice", "role/Deploy");
    assert_eq!(
        (deploy.result, deploy.failing.as_slice()),
        (Access::Deny, &["scp.allow".to_string()][..])
    );
    // `*` narrowed by aws:PrincipalOrgID: the organization input settles it.
    assert_eq!(
        find(&before, "user/alice", "role/OrgReader").result,
        Access::Deny
    );
    assert_eq!(
        find(&after, "user/alice", "role/OrgReader").result,
        Access::Allow
    );
    // The RCP keeping prod's roles to the organization lets its own in.
    assert_eq!(
        find(&after, "role/Local", "role/Audit").result,
        Access::Allow
    );
}

#[test]
fn an_account_outside_the_organization_input_is_noted_and_its_principals_meet_the_rcps() {
    // Only prod (with its organization-only RCP) is listed: Local's account
    // is outside, so its sessions carry no aws:PrincipalOrgID.
    let organization = r#"{
        "Organization": {"Id": "o-a1b2c3d4e5", "MasterAccountId": "999999999999"},
        "Policies": [
            {"PolicySummary": {"Id": "p-RCPFullAWSAccess", "Type": "RESOURCE_CONTROL_POLICY"},
             "Content": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}"},
            {"PolicySummary": {"Id": "p-orgonly", "Type": "RESOURCE_CONTROL_POLICY"},
             "Content": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\",\"Condition\":{\"StringNotEqualsIfExists\":{\"aws:PrincipalOrgID\":\"o-a1b2c3d4e5\"}}}]}"}
        ],
        "Targets": {"r-ab12": ["p-RCPFullAWSAccess"], "222222222222": ["p-RCPFullAWSAccess", "p-orgonly"]},
        "Accounts": {"222222222222": ["r-ab12"]}
    }"#;
    let mut inputs = dumps();
    inputs.push(ImportInput {
        source: "org.json".into(),
        text: organization.into(),
    });
    let (model, unread) = load(&inputs);
    assert!(unread.is_empty(), "{unread:?}");
    assert!(
        model
            .notes
            .iter()
            .any(|note| note.contains("`111111111111` is not in the organization input")),
        "{:?}",
        model.notes
    );
    let audit = find(&pairs(&model, true), "role/Local", "role/Audit").clone();
    assert_eq!(audit.result, Access::Deny);
    assert_eq!(audit.failing, ["rcp.allow"]);
}

#[test]
fn a_broken_or_second_organization_input_is_said_not_guessed() {
    let mut inputs = dumps();
    inputs.push(organization_input());
    inputs.push(ImportInput {
        source: "again.json".into(),
        text: organization_input().text,
    });
    inputs.push(ImportInput {
        source: "broken.json".into(),
        text: r#"{"Organization": {"Id": "o-1"}, "Accounts": {"1": "r-1"}}"#.into(),
    });
    let (_, unread) = load(&inputs);
    let errors: Vec<&str> = unread.iter().map(|u| u.error.as_str()).collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].contains("a second organization input"),
        "{errors:?}"
    );
    assert!(
        errors[1].contains("`Accounts.1` must be a list"),
        "{errors:?}"
    );
}

/// A trust that admits the account only from some address: no fix edits
/// `source_ip` (a fact of the call), yet the pair is `conditional` on the
/// range the documents name, exceptions included, and the single case
/// carrying an address of it is allowed, one outside it denied.
/// `tests/access/README.md` says what `source-address.json` holds.
#[test]
fn a_pair_allowed_only_from_some_addresses_is_conditional_on_the_range() {
    let model = one_dump(
        "source-address.json",
        include_str!("../../../../tests/access/source-address.json"),
    );
    let found = pairs(&model, false);
    let dana = "arn:aws:iam::444444444444:user/dana";
    let expected = [
        ("Office", vec!["aws:SourceIp in 203.0.113.0/24"]),
        (
            "OfficeButNotLab",
            vec!["aws:SourceIp in 198.51.100.0/24 except 198.51.100.128/25"],
        ),
        (
            "OfficeVendor",
            vec!["aws:SourceIp in 192.0.2.0/24", "sts:ExternalId=x1-office"],
        ),
        ("DenyOutsideOffice", vec!["aws:SourceIp in 203.0.113.0/24"]),
    ];
    assert_eq!(found.len(), expected.len(), "{found:?}");
    for (role, requires) in expected {
        let pair = find(&found, "user/dana", &format!("role/{role}"));
        assert_eq!(pair.result, Access::Conditional, "{pair:?}");
        assert_eq!(pair.requires, requires, "{role}");
        let Some(mut case) = scenario_of(&model, dana, &pair.role) else {
            panic!("no scenario for {role}");
        };
        if role == "OfficeVendor" {
            case.request.external_id = Some("x1-office".into());
        }
        let decision = |case: &crate::scenario::Scenario, address: &str| {
            let mut from = case.clone();
            from.request.source_ip = Some(address.into());
            crate::decide(&from).decision
        };
        let inside = match role {
            "OfficeButNotLab" => "198.51.100.7",
            "OfficeVendor" => "192.0.2.200",
            _ => "203.0.113.99",
        };
        assert_eq!(
            decision(&case, inside),
            crate::report::Decision::Allow,
            "{role} from {inside}"
        );
        assert_eq!(
            decision(&case, "10.1.2.3"),
            crate::report::Decision::Deny,
            "{role} from elsewhere"
        );
    }
    let lab = find(&found, "user/dana", "role/OfficeButNotLab");
    let Some(case) = scenario_of(&model, dana, &lab.role) else {
        panic!("no scenario for OfficeButNotLab");
    };
    let mut from_lab = case;
    from_lab.request.source_ip = Some("198.51.100.200".into());
    assert_eq!(
        crate::decide(&from_lab).decision,
        crate::report::Decision::Deny
    );
}

/// `tests/access/README.md` says what `sessions-and-boundaries.json` holds;
/// each expected answer is the rule its comment names.
#[test]
fn versions_boundaries_sessions_and_deleted_principals_are_answered_as_aws_does() {
    let model = one_dump(
        "sessions-and-boundaries.json",
        include_str!("../../../../tests/access/sessions-and-boundaries.json"),
    );
    let all = pairs(&model, true);
    let answer = |principal: &str, role: &str| {
        let pair = find(&all, principal, &format!("role/{role}"));
        (pair.result, pair.requires.clone(), pair.failing.clone())
    };
    let strings = |items: &[&str]| items.iter().map(ToString::to_string).collect::<Vec<_>>();
    // Only a managed policy's default version applies: DenyProd's v2 denies,
    // its v1 (allowing everything) is not in effect.
    assert_eq!(
        answer("user/eng/erin", "Prod"),
        (Access::Deny, vec![], strings(&["identity.deny"]))
    );
    // A trust naming the user by its ARN, path included, admits her alone.
    assert_eq!(answer("user/eng/erin", "Worker").0, Access::Allow);
    // A boundary without sts:AssumeRole stops a call that needs the
    // caller's own policies (the trust names the account)...
    assert_eq!(
        answer("user/frank", "Prod"),
        (Access::Deny, vec![], strings(&["boundary.allow"]))
    );
    // ...but not one the trust grants to the user's ARN in the same account
    // (policy evaluation logic: a resource-based policy naming an IAM user
    // is not limited by an implicit deny in a boundary).
    assert_eq!(answer("user/frank", "FrankOnly").0, Access::Allow);
    // MFA: a user passes it with the call; a role's session carries it from
    // the call that began the session, so it may have it too: both
    // conditional, neither denied.
    for principal in ["user/eng/erin", "role/Worker"] {
        assert_eq!(
            answer(principal, "MfaOnly"),
            (Access::Conditional, strings(&["MFA"]), vec![]),
            "{principal}"
        );
    }
    // `aws:userid` is settled by the dumps: a role's `RoleId`, a colon and
    // the session name for its sessions; a user's `UserId` for her.
    assert_eq!(answer("role/Worker", "WorkerSessions").0, Access::Allow);
    assert_eq!(
        answer("user/eng/erin", "WorkerSessions"),
        (Access::Deny, vec![], strings(&["trust.conditions"]))
    );
    // The role is the call's resource: its tags are `iam:ResourceTag/*` (and
    // `aws:ResourceTag/*`), as the ABAC tutorial's policy reads them.
    assert_eq!(
        answer("user/gina", "access-peg-engineering").0,
        Access::Allow
    );
    assert_eq!(
        answer("user/gina", "access-uni-engineering"),
        (Access::Deny, vec![], strings(&["identity.allow"]))
    );
    // A session with no identity policy is denied for MFA and the policy:
    // MFA alone would not allow it.
    assert_eq!(answer("role/Prod", "MfaOnly").0, Access::Deny);
    // A deleted user's unique ID admits no one...
    assert!(all
        .iter()
        .filter(|pair| pair.role.ends_with("role/Orphaned"))
        .all(|pair| pair.result == Access::Deny));
    // ...and is said as such, not as an account outside the outputs.
    let found = findings(&model);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].principal, "AIDAJQABLZS4A3QDU576Q");
    assert_eq!(found[0].severity, Severity::Info);
    assert!(
        found[0]
            .detail
            .starts_with("the unique ID of a deleted user"),
        "{found:?}"
    );
    // Erin's explicit deny holds for her own calls, not for Worker's: she
    // reaches Prod by chaining through Worker.
    let chained = chained_pairs(&pairs(&model, false));
    let through = find(&chained, "user/eng/erin", "role/Prod");
    assert_eq!(through.result, Access::Allow);
    assert_eq!(through.via, ["arn:aws:iam::555555555555:role/Worker"]);
}
