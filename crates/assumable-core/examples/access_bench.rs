//! Account-wide access on a generated organization, timed: `scripts/bench-access.sh`
//! runs it. Not a test: it prints how long loading the dumps and answering
//! every pair take, natively, for the sizes given.
//!
//!   cargo run --release -p assumable-core --example access_bench -- USERS ROLES
//!
//! Every role is a principal too (its sessions), so `500 1000` gives 1,500
//! principals x 1,000 roles. It prints the pairs evaluated and those the
//! prefilter knew to be a plain deny, and the peak resident memory (Linux).
//!
//! The organization: `users` users spread over ten accounts, in groups
//! with managed policies (most allow sts:AssumeRole on their account's
//! roles, some on `*`, some deny one role), a boundary on some; `roles`
//! roles whose trusts take the forms the corpus knows (an account root, a
//! user, a role, several principals, an external ID, MFA, a principal tag,
//! a service, a GitHub provider, `*` narrowed by an organization id).

use std::time::Instant;

use assumable_core::access::{load, not_denied, Access};
use assumable_core::ImportInput;
use serde_json::{json, Value};

const ACCOUNTS: usize = 10;

fn account(n: usize) -> String {
    format!("{:012}", 100_000_000_000 + n % ACCOUNTS)
}

fn trust(n: usize, users: usize) -> Value {
    let here = account(n);
    let user = |k: usize| format!("arn:aws:iam::{}:user/u{k}", account(k));
    let statement = |principal: Value, condition: Option<Value>| {
        let mut statement =
            json!({ "Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole" });
        if let (Some(condition), Some(object)) = (condition, statement.as_object_mut()) {
            object.insert("Condition".into(), condition);
        }
        statement
    };
    let statement = match n % 10 {
        0 => statement(json!({ "AWS": format!("arn:aws:iam::{here}:root") }), None),
        1 => statement(json!({ "AWS": user(n * 7 % users.max(1)) }), None),
        2 => statement(
            json!({ "AWS": [user(n % users.max(1)), user((n + 1) % users.max(1))] }),
            None,
        ),
        3 => statement(
            json!({ "AWS": format!("arn:aws:iam::{}:root", account(n + 1)) }),
            Some(json!({ "StringEquals": { "sts:ExternalId": format!("ext-{n}") } })),
        ),
        4 => statement(
            json!({ "AWS": format!("arn:aws:iam::{here}:root") }),
            Some(json!({ "Bool": { "aws:MultiFactorAuthPresent": "true" } })),
        ),
        5 => statement(
            json!({ "AWS": format!("arn:aws:iam::{here}:root") }),
            Some(json!({ "StringEquals": { "aws:PrincipalTag/team": format!("t{}", n % 5) } })),
        ),
        6 => statement(json!({ "Service": "ec2.amazonaws.com" }), None),
        7 => statement(
            json!({ "Federated": format!("arn:aws:iam::{here}:oidc-provider/token.actions.githubusercontent.com") }),
            Some(
                json!({ "StringLike": { "token.actions.githubusercontent.com:sub": "repo:org/app:*" } }),
            ),
        ),
        8 => statement(
            json!({ "AWS": "*" }),
            Some(json!({ "StringEquals": { "aws:PrincipalOrgID": "o-abc123" } })),
        ),
        _ => statement(
            json!({ "AWS": format!("arn:aws:iam::{here}:role/r{}", n.saturating_sub(1)) }),
            None,
        ),
    };
    json!({ "Version": "2012-10-17", "Statement": [statement] })
}

/// One dump per account.
fn organization(user_count: usize, roles: usize) -> Vec<ImportInput> {
    (0..ACCOUNTS)
        .map(|a| {
            let here = account(a);
            let users: Vec<Value> = (0..user_count)
                .filter(|u| u % ACCOUNTS == a)
                .map(|u| json!({
                    "UserName": format!("u{u}"), "Arn": format!("arn:aws:iam::{here}:user/u{u}"),
                    "GroupList": [format!("g{}", u % 4)], "UserPolicyList": [], "AttachedManagedPolicies": [],
                    "Tags": [{ "Key": "team", "Value": format!("t{}", u % 5) }],
                    "PermissionsBoundary": if u % 6 == 0 { json!({ "PermissionsBoundaryArn": format!("arn:aws:iam::{here}:policy/boundary") }) } else { Value::Null }
                }))
                .collect();
            let role_list: Vec<Value> = (0..roles)
                .filter(|r| r % ACCOUNTS == a)
                .map(|r| json!({
                    "RoleName": format!("r{r}"), "Arn": format!("arn:aws:iam::{here}:role/r{r}"),
                    "AssumeRolePolicyDocument": trust(r, user_count), "RolePolicyList": [],
                    "AttachedManagedPolicies": [{ "PolicyName": "p1", "PolicyArn": format!("arn:aws:iam::{here}:policy/p1") }]
                }))
                .collect();
            let groups: Vec<Value> = (0..4)
                .map(|g| json!({
                    "GroupName": format!("g{g}"), "Arn": format!("arn:aws:iam::{here}:group/g{g}"), "GroupPolicyList": [],
                    "AttachedManagedPolicies": [{ "PolicyName": format!("p{g}"), "PolicyArn": format!("arn:aws:iam::{here}:policy/p{g}") }]
                }))
                .collect();
            let policy = |name: &str, document: Value| json!({
                "PolicyName": name, "Arn": format!("arn:aws:iam::{here}:policy/{name}"), "DefaultVersionId": "v1",
                "PolicyVersionList": [{ "VersionId": "v1", "IsDefaultVersion": true, "Document": document }]
            });
            let allow = |resource: String| json!({ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": resource }] });
            let policies = vec![
                policy("p0", allow(format!("arn:aws:iam::{here}:role/*"))),
                policy("p1", allow("*".into())),
                policy("p2", json!({ "Version": "2012-10-17", "Statement": [
                    { "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*" },
                    { "Effect": "Deny", "Action": "sts:AssumeRole", "Resource": format!("arn:aws:iam::{here}:role/r0") }] })),
                policy("p3", json!({ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] })),
                policy("boundary", json!({ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "sts:*", "Resource": "*" }] })),
            ];
            let text = json!({ "UserDetailList": users, "GroupDetailList": groups, "RoleDetailList": role_list, "Policies": policies }).to_string();
            ImportInput { source: format!("account-{a}.json"), text }
        })
        .collect()
}

/// The process's peak resident memory, from Linux's `/proc/self/status`.
fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// The CPU time the process has used, from `/proc/self/stat` (Linux; in
/// clock ticks of 10 ms): on a machine others load, the wall time of the
/// answer says less than this.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command's closing parenthesis: utime and stime
    // are the 12th and 13th of them.
    let rest = stat.get(stat.rfind(')')? + 1..)?;
    let mut fields = rest.split_whitespace().skip(11);
    let user: f64 = fields.next()?.parse().ok()?;
    let system: f64 = fields.next()?.parse().ok()?;
    Some((user + system) / 100.0)
}

fn main() {
    let mut args = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse::<usize>().ok());
    let users = args.next().unwrap_or(500);
    let roles = args.next().unwrap_or(1000);
    let dumps = organization(users, roles);
    // The same dumps as files, for the page's benchmark
    // (scripts/bench-access-page.sh), which answers them in Chromium.
    if let Ok(folder) = std::env::var("ACCESS_BENCH_WRITE") {
        for dump in &dumps {
            let path = std::path::Path::new(&folder).join(&dump.source);
            if let Err(error) = std::fs::write(&path, &dump.text) {
                eprintln!("{}: {error}", path.display());
                std::process::exit(1);
            }
        }
    }
    let bytes: usize = dumps.iter().map(|d| d.text.len()).sum();
    let started = Instant::now();
    let (model, unread) = load(&dumps);
    let loaded = started.elapsed();
    let started = Instant::now();
    let cpu_before = cpu_seconds();
    let (found, counts) = not_denied(&model);
    let answered = started.elapsed();
    let cpu = cpu_seconds()
        .zip(cpu_before)
        .map_or("unknown".to_string(), |(after, before)| {
            format!("{:.0} ms", (after - before) * 1000.0)
        });
    let count = |access: Access| found.iter().filter(|p| p.result == access).count();
    println!(
        "{} users: {} principals x {} roles, {:.1} MiB of dumps{}: loaded in {:.0} ms, answered in {:.0} ms \
         (CPU {cpu}; {} allow, {} conditional); pairs evaluated {}, skipped {}; peak memory {}",
        users,
        model.principals.len(),
        model.roles.len(),
        bytes as f64 / (1024.0 * 1024.0),
        if unread.is_empty() { String::new() } else { format!(", {} unread", unread.len()) },
        loaded.as_secs_f64() * 1000.0,
        answered.as_secs_f64() * 1000.0,
        count(Access::Allow),
        count(Access::Conditional),
        counts.evaluated,
        counts.skipped,
        peak_memory_mib().map_or("unknown".to_string(), |mib| format!("{mib:.0} MiB")),
    );
}
