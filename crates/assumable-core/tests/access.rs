//! Account-wide access over generated organizations: skipping the pairs no
//! trust policy can admit (what makes `access` follow the pairs that can
//! match, not all pairs) never changes an answer.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers, not only #[test] functions (clippy.toml), may fail loudly"
)]

use assumable_core::access::{load, pairs, Access, Pair};
use assumable_core::ImportInput;
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

/// A trust principal in one of the forms trust policies use.
fn principal_form(kind: u8, account: &str, name: &str) -> Value {
    match kind % 8 {
        0 => json!({ "AWS": format!("arn:aws:iam::{account}:root") }),
        1 => json!({ "AWS": account }),
        2 => json!({ "AWS": format!("arn:aws:iam::{account}:user/{name}") }),
        3 => json!({ "AWS": format!("arn:aws:iam::{account}:role/{name}") }),
        4 => json!({ "AWS": "*" }),
        5 => json!({ "Service": "ec2.amazonaws.com" }),
        6 => json!({ "AWS": format!("arn:aws:iam::{account}:user/*") }),
        _ => {
            json!({ "Federated": format!("arn:aws:iam::{account}:oidc-provider/token.actions.githubusercontent.com") })
        }
    }
}

fn condition(kind: u8) -> Option<Value> {
    match kind % 4 {
        0 => Some(json!({ "StringEquals": { "sts:ExternalId": "abc" } })),
        1 => Some(json!({ "StringEquals": { "aws:PrincipalTag/team": "ops" } })),
        _ => None,
    }
}

/// One dump per account: `users` users (u0…), `roles` roles (r0…), each
/// role trusting one generated principal, each user with a generated policy.
fn dump(account_index: usize, plan: &[(u8, u8, u8, u8)]) -> String {
    let account = nth_account(account_index);
    let mut users = Vec::new();
    let mut roles = Vec::new();
    for (n, &(principal_kind, target, policy_kind, condition_kind)) in plan.iter().enumerate() {
        let target_account = nth_account(usize::from(target));
        let target_name = format!("{}{}", if target % 2 == 0 { "u" } else { "r" }, target % 3);
        let mut statement = json!({
            "Effect": "Allow",
            "Principal": principal_form(principal_kind, target_account, &target_name),
            "Action": "sts:AssumeRole"
        });
        if let (Some(condition), Some(statement)) =
            (condition(condition_kind), statement.as_object_mut())
        {
            statement.insert("Condition".to_string(), condition);
        }
        roles.push(json!({
            "RoleName": format!("r{n}"),
            "Arn": format!("arn:aws:iam::{account}:role/r{n}"),
            "AssumeRolePolicyDocument": { "Version": "2012-10-17", "Statement": [statement] },
            "RolePolicyList": [],
            "AttachedManagedPolicies": []
        }));
        let policy = match policy_kind % 3 {
            0 => vec![json!({ "PolicyName": "any", "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{ "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*" }] } })],
            1 => vec![json!({ "PolicyName": "one", "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{ "Effect": "Allow", "Action": "sts:AssumeRole",
                    "Resource": format!("arn:aws:iam::{target_account}:role/r{}", target % 3) }] } })],
            _ => Vec::new(),
        };
        users.push(json!({
            "UserName": format!("u{n}"),
            "Arn": format!("arn:aws:iam::{account}:user/u{n}"),
            "GroupList": [],
            "UserPolicyList": policy,
            "AttachedManagedPolicies": [],
            "Tags": if condition_kind % 2 == 1 { json!([{ "Key": "team", "Value": "ops" }]) } else { json!([]) }
        }));
    }
    json!({ "UserDetailList": users, "RoleDetailList": roles, "GroupDetailList": [], "Policies": [] }).to_string()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn skipping_pairs_no_trust_can_admit_changes_no_answer(
        plans in proptest::collection::vec(
            proptest::collection::vec((any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>()), 1..4),
            1..4,
        )
    ) {
        let inputs: Vec<ImportInput> = plans
            .iter()
            .enumerate()
            .map(|(n, plan)| ImportInput { source: format!("account-{n}.json"), text: dump(n, plan) })
            .collect();
        let (model, unread) = load(&inputs);
        prop_assert!(unread.is_empty(), "{:?}", unread);
        let some = pairs(&model, false);
        let every: Vec<Pair> = pairs(&model, true)
            .into_iter()
            .filter(|pair| pair.result != Access::Deny)
            .collect();
        prop_assert_eq!(some, every);
    }
}

/// The generator makes pairs of each answer, so the property above is not
/// about empty lists.
#[test]
fn generated_organizations_hold_every_answer() {
    // r0 trusts the account root; r1 the account with an external ID; r2
    // another account's user by name. u0 may assume any role, u1 only one, u2 none.
    let inputs = [ImportInput {
        source: "account-0.json".into(),
        text: dump(0, &[(0, 0, 0, 2), (0, 0, 1, 0), (2, 1, 2, 2)]),
    }];
    let (model, _) = load(&inputs);
    let answers: Vec<Access> = pairs(&model, true).iter().map(|pair| pair.result).collect();
    for wanted in [Access::Allow, Access::Conditional, Access::Deny] {
        assert!(answers.contains(&wanted), "{wanted:?} in {answers:?}");
    }
}
