//! Account-wide access over generated organizations: skipping the pairs no
//! trust policy can admit, or that the principal's own policies cannot
//! allow (what makes `access` follow the pairs that can match, not all
//! pairs), never changes an answer. The organizations hold every trust form
//! (accounts, users, roles, sessions, `*`, `NotPrincipal`, services,
//! providers, names in another case, deleted principals), conditions on the
//! request and on facts, same- and cross-account pairs, identity policies
//! with wildcards, `NotResource`, `NotAction`, variables and denies, and
//! boundaries.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers, not only #[test] functions (clippy.toml), may fail loudly"
)]

use assumable_core::access::{
    answer, load, not_denied, pairs, reachable_from, scenario, who_can_assume, Access,
    AccountModel, Pair,
};
use assumable_core::report::Decision;
use assumable_core::scenario::{ContextValue, Mfa, Request};
use assumable_core::{evaluate, ImportInput};
use proptest::prelude::*;
use serde_json::{json, Value};

const ACCOUNTS: [&str; 3] = ["111111111111", "222222222222", "333333333333"];

/// The n-th account id, counting round.
fn nth_account(n: usize) -> &'static str {
    ACCOUNTS
        .get(n % ACCOUNTS.len())
        .copied()
        .unwrap_or("111111111111")
}

/// A trust principal in one of the forms trust policies use: as
/// (`Principal` or `NotPrincipal`, its value).
fn principal_form(kind: u8, account: &str, other: &str, name: &str) -> (&'static str, Value) {
    let user = format!("arn:aws:iam::{account}:user/u{name}");
    let role = format!("arn:aws:iam::{account}:role/r{name}");
    let principal = match kind % 14 {
        0 => json!({ "AWS": format!("arn:aws:iam::{account}:root") }),
        1 => json!({ "AWS": account }),
        2 => json!({ "AWS": user }),
        3 => json!({ "AWS": role }),
        4 => json!({ "AWS": "*" }),
        5 => json!({ "Service": "ec2.amazonaws.com" }),
        6 => json!({ "AWS": format!("arn:aws:iam::{account}:user/*") }),
        7 => {
            json!({ "Federated": format!("arn:aws:iam::{account}:oidc-provider/token.actions.githubusercontent.com") })
        }
        8 => json!("*"),
        9 => return ("NotPrincipal", json!({ "AWS": user })),
        10 => json!({ "AWS": [user, format!("arn:aws:iam::{other}:root")] }),
        11 => json!({ "AWS": format!("arn:aws:sts::{account}:assumed-role/r{name}/assumable") }),
        // A name in another case (names in principal ARNs are case-sensitive).
        12 => json!({ "AWS": format!("arn:aws:iam::{account}:user/U{name}") }),
        // A deleted principal's unique id.
        _ => json!({ "AWS": "AIDAEXAMPLEEXAMPLE01" }),
    };
    ("Principal", principal)
}

/// A trust condition: the request's own (external ID, MFA), facts (tags,
/// the organization) and where the call comes from (no fix edits the
/// source address: access tries the ranges), met by a missing key or not.
fn condition(kind: u8) -> Option<Value> {
    match kind % 13 {
        0 => Some(json!({ "StringEquals": { "sts:ExternalId": "abc" } })),
        1 => Some(json!({ "StringEquals": { "aws:PrincipalTag/team": "ops" } })),
        2 => Some(json!({ "StringEquals": { "aws:PrincipalOrgID": "o-abc123" } })),
        3 => Some(json!({ "StringEqualsIfExists": { "aws:PrincipalOrgID": "o-abc123" } })),
        4 => Some(json!({ "Null": { "aws:PrincipalOrgID": "true" } })),
        5 => Some(json!({ "Bool": { "aws:MultiFactorAuthPresent": "true" } })),
        6 => Some(json!({ "StringNotEquals": { "aws:PrincipalTag/team": "ops" } })),
        7 => Some(json!({ "StringEquals": { "aws:PrincipalTag/Team": "${aws:username}" } })),
        8 => {
            Some(json!({ "ForAllValues:StringEquals": { "aws:PrincipalOrgPaths": "o-abc123/*" } }))
        }
        9 => Some(json!({ "IpAddress": { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] } })),
        10 => Some(json!({ "NotIpAddress": { "aws:SourceIp": "198.51.100.0/24" } })),
        _ => None,
    }
}

/// A principal's own policies: allows with wildcards, `NotResource`,
/// `NotAction` and policy variables, denies, or nothing for `sts:AssumeRole`.
fn identity_policy(kind: u8, here: &str, target_account: &str, target: u8) -> Vec<Value> {
    let policy = |statements: Value| {
        vec![json!({ "PolicyName": "p", "PolicyDocument": {
            "Version": "2012-10-17", "Statement": statements } })]
    };
    let named = format!("arn:aws:iam::{target_account}:role/r{}", target % 3);
    match kind % 11 {
        0 => policy(json!([{ "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*" }])),
        1 => policy(json!([{ "Effect": "Allow", "Action": "sts:Assume*", "Resource": named }])),
        2 => policy(json!([{ "Effect": "Allow", "Action": "sts:AssumeRole",
            "Resource": format!("arn:aws:iam::{here}:role/*") }])),
        3 => {
            policy(json!([{ "Effect": "Allow", "Action": "sts:AssumeRole", "NotResource": named }]))
        }
        4 => policy(json!([{ "Effect": "Allow", "NotAction": "s3:*", "Resource": "*" }])),
        5 => policy(json!([{ "Effect": "Allow", "Action": "sts:AssumeRole",
            "Resource": "arn:aws:iam::*:role/r${aws:PrincipalTag/n}" }])),
        6 => policy(json!([
            { "Effect": "Allow", "Action": "*", "Resource": "*" },
            { "Effect": "Deny", "Action": "sts:AssumeRole", "Resource": named }])),
        7 => policy(json!([{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }])),
        8 => policy(json!([{ "Effect": "Allow", "Action": "sts:AssumeRole",
            "Resource": "arn:aws:iam::*:role/r?", "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "true" } } }])),
        // Anything, but only from the office (a Deny outside a range).
        9 => policy(json!([
            { "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*" },
            { "Effect": "Deny", "Action": "*", "Resource": "*",
              "Condition": { "NotIpAddress": { "aws:SourceIp": "203.0.113.128/25" } } }])),
        _ => Vec::new(),
    }
}

/// What one generated user and role (both named by `n`) are made of.
#[derive(Clone, Copy, Debug)]
struct Entity {
    /// The role's trust: its principal's form, whom it names, its condition.
    principal: u8,
    target: u8,
    condition: u8,
    /// The user's and the role's own policies, boundary and tags.
    policy: u8,
    boundary: u8,
    tags: u8,
}

fn entity() -> impl Strategy<Value = Entity> {
    (
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
        any::<u8>(),
    )
        .prop_map(
            |(principal, target, condition, policy, boundary, tags)| Entity {
                principal,
                target,
                condition,
                policy,
                boundary,
                tags,
            },
        )
}

/// One dump per account: a user `u<n>` and a role `r<n>` for each entity,
/// the role trusting a generated principal, both with generated policies.
fn dump(account_index: usize, plan: &[Entity]) -> String {
    let account = nth_account(account_index);
    let mut users = Vec::new();
    let mut roles = Vec::new();
    for (n, e) in plan.iter().enumerate() {
        let target_account = nth_account(usize::from(e.target));
        let other = nth_account(usize::from(e.target) + 1);
        let (element, principal) = principal_form(
            e.principal,
            target_account,
            other,
            &(e.target % 3).to_string(),
        );
        let mut statement = json!({ "Effect": "Allow", "Action": "sts:AssumeRole" });
        if let Some(object) = statement.as_object_mut() {
            object.insert(element.to_string(), principal);
            if let Some(condition) = condition(e.condition) {
                object.insert("Condition".to_string(), condition);
            }
        }
        let mut statements = vec![statement];
        // Now and then a trust that also denies one principal.
        if e.condition % 7 == 3 {
            statements.push(json!({ "Effect": "Deny", "Action": "sts:AssumeRole",
                "Principal": { "AWS": format!("arn:aws:iam::{account}:user/u0") } }));
        }
        let policy = identity_policy(e.policy, account, target_account, e.target);
        let boundary = match e.boundary % 3 {
            1 => json!({ "PermissionsBoundaryType": "Policy",
                "PermissionsBoundaryArn": format!("arn:aws:iam::{account}:policy/sts-only") }),
            2 => json!({ "PermissionsBoundaryType": "Policy",
                "PermissionsBoundaryArn": format!("arn:aws:iam::{account}:policy/s3-only") }),
            _ => Value::Null,
        };
        let tags = match e.tags % 4 {
            1 => json!([{ "Key": "team", "Value": "ops" }, { "Key": "n", "Value": "1" }]),
            2 => json!([{ "Key": "Team", "Value": "dev" }]),
            3 => json!([{ "Key": "team", "Value": format!("u{n}") }]),
            _ => json!([]),
        };
        roles.push(json!({
            "RoleName": format!("r{n}"),
            "Arn": format!("arn:aws:iam::{account}:role/r{n}"),
            "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": statements },
            "RolePolicyList": policy,
            "AttachedManagedPolicies": [],
            "PermissionsBoundary": boundary,
            "Tags": tags
        }));
        users.push(json!({
            "UserName": format!("u{n}"),
            "Arn": format!("arn:aws:iam::{account}:user/u{n}"),
            "GroupList": [],
            "UserPolicyList": policy,
            "AttachedManagedPolicies": [],
            "PermissionsBoundary": boundary,
            "Tags": tags
        }));
    }
    let managed = |name: &str, document: Value| {
        json!({ "PolicyName": name, "Arn": format!("arn:aws:iam::{account}:policy/{name}"),
            "DefaultVersionId": "v1",
            "PolicyVersionList": [{ "VersionId": "v1", "IsDefaultVersion": true, "Document": document }] })
    };
    let allow = |action: &str| {
        json!({ "Version": "2012-10-17",
            "Statement": [{ "Effect": "Allow", "Action": action, "Resource": "*" }] })
    };
    json!({
        "UserDetailList": users,
        "RoleDetailList": roles,
        "GroupDetailList": [],
        "Policies": [managed("sts-only", allow("sts:*")), managed("s3-only", allow("s3:*"))]
    })
    .to_string()
}

/// The organization input of kind `kind`: none (0); the generated
/// conditions' organization o-abc123 holding the first two accounts (1),
/// with an SCP on the second denying the roles named r1 (2); another
/// organization holding them all (3). Every level allows through
/// FullAWSAccess.
fn organization_input(kind: u8) -> Option<ImportInput> {
    let (id, accounts) = match kind % 4 {
        0 => return None,
        1 | 2 => ("o-abc123", 2),
        _ => ("o-zzz999", ACCOUNTS.len()),
    };
    let full =
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
    let deny = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/r1"}]}"#;
    let mut targets = serde_json::Map::new();
    let mut levels = serde_json::Map::new();
    targets.insert("r-root".into(), json!(["p-full"]));
    for n in 0..accounts {
        let account = nth_account(n);
        let attached = if kind % 4 == 2 && n == 1 {
            json!(["p-full", "p-deny"])
        } else {
            json!(["p-full"])
        };
        targets.insert(account.into(), attached);
        levels.insert(account.into(), json!(["r-root"]));
    }
    Some(ImportInput {
        source: "organization.json".into(),
        text: json!({
            "Organization": { "Id": id, "MasterAccountId": "999999999999" },
            "Policies": [
                { "PolicySummary": { "Id": "p-full", "Type": "SERVICE_CONTROL_POLICY" }, "Content": full },
                { "PolicySummary": { "Id": "p-deny", "Type": "SERVICE_CONTROL_POLICY" }, "Content": deny },
            ],
            "Targets": targets,
            "Accounts": levels,
        })
        .to_string(),
    })
}

fn organization(plans: &[Vec<Entity>], org: u8) -> AccountModel {
    let inputs: Vec<ImportInput> = plans
        .iter()
        .enumerate()
        .map(|(n, plan)| ImportInput {
            source: format!("account-{n}.json"),
            text: dump(n, plan),
        })
        .chain(organization_input(org))
        .collect();
    let (model, unread) = load(&inputs);
    assert!(unread.is_empty(), "{unread:?}");
    model
}

/// Every pair evaluated on its own, the plain way: principals, then roles.
fn naive(model: &AccountModel) -> Vec<Pair> {
    let mut out = Vec::new();
    for principal in &model.principals {
        for role in &model.roles {
            if principal.arn != role.arn {
                out.push(answer(principal, role));
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The prefilter skips only plain denies, and the documents parsed once
    /// per role and principal change no answer.
    #[test]
    fn skipping_pairs_no_trust_can_admit_changes_no_answer(
        plans in proptest::collection::vec(proptest::collection::vec(entity(), 1..5), 1..4),
        org in 0u8..4,
    ) {
        let model = organization(&plans, org);
        let every = naive(&model);
        let (some, counts) = not_denied(&model);
        let not_denied_naively: Vec<Pair> = every
            .iter()
            .filter(|pair| pair.result != Access::Deny)
            .cloned()
            .collect();
        prop_assert_eq!(&some, &not_denied_naively);
        prop_assert_eq!(pairs(&model, false), some);
        prop_assert_eq!(counts.evaluated + counts.skipped, every.len());
        // One side at a time, the documents parsed once for it: the same.
        for role in &model.roles {
            let column: Vec<Pair> = every.iter().filter(|pair| pair.role == role.arn).cloned().collect();
            prop_assert_eq!(who_can_assume(&model, &role.arn), column);
        }
        for principal in &model.principals {
            let row: Vec<Pair> = every.iter().filter(|pair| pair.principal == principal.arn).cloned().collect();
            prop_assert_eq!(reachable_from(&model, &principal.arn), row);
        }
        prop_assert_eq!(pairs(&model, true), every);
    }
}

/// A request carrying what a conditional pair's `requires` lists, read back
/// from the contract's wording (`sts:ExternalId=abc`, `MFA`,
/// `aws:RequestTag/k=v`, `DurationSeconds=900`, a context key `k=v`).
fn carrying(request: &Request, requires: &[String]) -> Request {
    let mut request = request.clone();
    for need in requires {
        if need == "MFA" {
            request.mfa = Some(Mfa {
                serial_number: Some("arn:aws:iam::111111111111:mfa/device".into()),
                age_seconds: Some(0),
            });
            continue;
        }
        // "aws:SourceIp in RANGE" (with "except" narrower ranges): the
        // range's first address, which access found allowed.
        if let Some(range) = need.strip_prefix("aws:SourceIp in ") {
            let range = range.split(' ').next().unwrap_or_default();
            let first = range.split('/').next().unwrap_or_default();
            request.source_ip = Some(first.into());
            continue;
        }
        let Some((key, value)) = need.split_once('=') else {
            panic!("a requirement the test cannot read: {need}");
        };
        match key {
            "sts:ExternalId" => request.external_id = Some(value.into()),
            "sts:SourceIdentity" => request.source_identity = Some(value.into()),
            "aws:SourceIp" => request.source_ip = Some(value.into()),
            "DurationSeconds" => {
                request.duration_seconds =
                    Some(serde_json::from_str(value).unwrap_or_else(|_| json!(value)))
            }
            _ => match key.strip_prefix("aws:RequestTag/") {
                Some(tag) => {
                    request
                        .tags
                        .get_or_insert_with(Default::default)
                        .insert(tag.into(), value.into());
                }
                None => {
                    request
                        .context
                        .get_or_insert_with(Default::default)
                        .insert(key.into(), ContextValue::One(value.into()));
                }
            },
        }
    }
    request
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Issue #13's consistency: each direct pair, opened as a single case,
    /// evaluates as it is answered: `allow` allows, `deny` does not (a deny,
    /// or an invalid case such as a broken trust policy), and a
    /// `conditional` pair does not as given and allows once the request
    /// carries what `requires` lists.
    #[test]
    fn each_pair_opened_as_a_single_case_evaluates_as_it_is_answered(
        plans in proptest::collection::vec(proptest::collection::vec(entity(), 1..5), 1..4),
        org in 0u8..4,
    ) {
        let model = organization(&plans, org);
        for pair in pairs(&model, true) {
            let principal = model.principals.iter().find(|p| p.arn == pair.principal).expect("its principal");
            let role = model.roles.iter().find(|r| r.arn == pair.role).expect("its role");
            let case = scenario(principal, role);
            let decision = evaluate(&case).decision;
            match pair.result {
                Access::Allow => prop_assert_eq!(decision, Decision::Allow, "{:?}", pair),
                Access::Deny => prop_assert_ne!(decision, Decision::Allow, "{:?}", pair),
                Access::Conditional => {
                    prop_assert_ne!(decision, Decision::Allow, "{:?}", pair);
                    let mut carried = case.clone();
                    carried.request = carrying(&case.request, &pair.requires);
                    prop_assert_eq!(evaluate(&carried).decision, Decision::Allow, "{:?}", pair);
                }
            }
        }
    }
}

/// The generator makes pairs of each answer, and pairs the prefilter skips,
/// so the property above is not about empty lists.
#[test]
fn generated_organizations_hold_every_answer() {
    let e = |principal, target, condition, policy| Entity {
        principal,
        target,
        condition,
        policy,
        boundary: 0,
        tags: 0,
    };
    // r0 trusts the account root; r1 the account with an external ID; r2
    // another account's user by name. u0 may assume any role, u1 only one,
    // u2 none.
    let model = organization(&[vec![e(0, 0, 10, 0), e(0, 0, 0, 1), e(2, 1, 10, 9)]], 0);
    let answers: Vec<Access> = pairs(&model, true).iter().map(|pair| pair.result).collect();
    for wanted in [Access::Allow, Access::Conditional, Access::Deny] {
        assert!(answers.contains(&wanted), "{wanted:?} in {answers:?}");
    }
    let (_, counts) = not_denied(&model);
    assert!(counts.evaluated > 0 && counts.skipped > 0, "{counts:?}");
}
