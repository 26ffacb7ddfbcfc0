//! Parse + evaluate: a typical scenario from the corpus and a maximal one
//! (trust policy near IAM's 4,096-character quota, 10 identity policies, a
//! permissions boundary and 5 SCP levels), as the page evaluates on every
//! keystroke. Then large pastes, where a parser gone quadratic would show:
//! the unit tests check that they parse, and time is measured only here.

use std::hint::black_box;

use assumable_core::{evaluate, evaluate_json, Scenario};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde_json::{json, Value};

/// A cross-account call with an external id: the most common shape.
const TYPICAL: &str = include_str!("../../../tests/cases/allow/external-id.json");

/// IAM's largest trust policy (the quota raised from 2,048), counted
/// without whitespace. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
const TRUST_POLICY_QUOTA: usize = 4096;

const CALLER: &str = "arn:aws:iam::111122223333:user/division/deployer";
const ROLE: &str = "arn:aws:iam::444455556666:role/platform/DeployRole";

/// A trust statement that does not match the caller, with several
/// conditions for the evaluator to read anyway.
fn decoy_trust_statement(n: usize) -> Value {
    json!({
        "Sid": format!("Partner{n}"),
        "Effect": "Allow",
        "Principal": { "AWS": [
            format!("arn:aws:iam::{:012}:root", 900_000_000_000u64 + n as u64),
            format!("arn:aws:iam::{:012}:role/ci-{n}", 800_000_000_000u64 + n as u64)
        ]},
        "Action": ["sts:AssumeRole", "sts:TagSession"],
        "Condition": {
            "StringEquals": { "sts:ExternalId": format!("partner-{n}-secret") },
            "StringLike": { "aws:PrincipalArn": [format!("arn:aws:iam::*:role/ci-{n}-*")] },
            "IpAddress": { "aws:SourceIp": [format!("198.51.{}.0/24", n % 250)] }
        }
    })
}

/// The statement that lets the caller in, with every kind of condition.
fn matching_trust_statement() -> Value {
    json!({
        "Sid": "Deployer",
        "Effect": "Allow",
        "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
        "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
        "Condition": {
            "StringEquals": { "sts:ExternalId": "deploy-7c1f", "aws:PrincipalTag/team": "platform" },
            "StringLike": { "aws:PrincipalArn": "arn:aws:iam::111122223333:user/division/*" },
            "ForAllValues:StringEquals": { "aws:TagKeys": ["project", "cost-center"] },
            "Bool": { "aws:MultiFactorAuthPresent": "true" },
            "NumericLessThan": { "aws:MultiFactorAuthAge": "3600" },
            "IpAddress": { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] },
            "DateLessThan": { "aws:CurrentTime": "2030-01-01T00:00:00Z" }
        }
    })
}

fn deny_trust_statement() -> Value {
    json!({
        "Effect": "Deny",
        "Principal": { "AWS": "*" },
        "Action": "sts:AssumeRole",
        "Condition": { "StringNotEqualsIfExists": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }
    })
}

/// Decoys first, so the evaluator reads them all before the match; as many
/// as fit under the quota.
fn maximal_trust_policy() -> String {
    let mut decoys = 0;
    loop {
        let candidate = trust_policy_with(decoys + 1);
        if candidate.len() > TRUST_POLICY_QUOTA {
            let policy = trust_policy_with(decoys);
            assert!(policy.len() <= TRUST_POLICY_QUOTA);
            return policy;
        }
        decoys += 1;
    }
}

fn trust_policy_with(decoys: usize) -> String {
    let mut statements: Vec<Value> = (0..decoys).map(decoy_trust_statement).collect();
    statements.push(deny_trust_statement());
    statements.push(matching_trust_statement());
    json!({ "Version": "2012-10-17", "Statement": statements }).to_string()
}

fn identity_policy(n: usize) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": format!("Workload{n}"),
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:PutObject", "dynamodb:*"],
                "Resource": [format!("arn:aws:s3:::bucket-{n}/*"), format!("arn:aws:dynamodb:*:*:table/t{n}")]
            },
            {
                "Effect": "Deny",
                "Action": "sts:AssumeRole",
                "Resource": format!("arn:aws:iam::*:role/restricted-{n}-*"),
                "Condition": { "StringNotEquals": { "aws:RequestedRegion": "eu-west-1" } }
            },
            {
                "Effect": "Allow",
                "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
                "Resource": format!("arn:aws:iam::444455556666:role/platform/Deploy{}", if n == 9 { "Role" } else { "Other" }),
                "Condition": { "StringEquals": { "aws:PrincipalTag/team": "${aws:PrincipalTag/team}" } }
            }
        ]
    })
}

fn scp_level(level: usize) -> Vec<Value> {
    vec![
        json!({
            "Version": "2012-10-17",
            "Statement": [{ "Sid": "FullAWSAccess", "Effect": "Allow", "Action": "*", "Resource": "*" }]
        }),
        json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Sid": format!("GuardRail{level}"),
                "Effect": "Deny",
                "NotAction": ["iam:*", "sts:*", "organizations:*"],
                "Resource": "*",
                "Condition": { "StringNotEquals": { "aws:RequestedRegion": ["eu-west-1", "us-east-1"] } }
            }, {
                "Effect": "Deny",
                "Action": "sts:AssumeRole",
                "Resource": "arn:aws:iam::*:role/OrganizationAccountAccessRole",
                "Condition": { "ArnNotLike": { "aws:PrincipalArn": "arn:aws:iam::*:role/admin/*" } }
            }]
        }),
    ]
}

fn maximal_scenario_json() -> String {
    let scenario = json!({
        "name": "maximal",
        "request": {
            "action": "sts:AssumeRole",
            "caller": CALLER,
            "role_arn": ROLE,
            "role_session_name": "deploy-1234",
            "external_id": "deploy-7c1f",
            "duration_seconds": 3600,
            "mfa": { "serial_number": "arn:aws:iam::111122223333:mfa/deployer", "age_seconds": 300 },
            "source_ip": "203.0.113.10",
            "source_identity": "deployer",
            "tags": { "project": "apollo", "cost-center": "42" },
            "transitive_tag_keys": ["project"],
            "context": {
                "aws:PrincipalTag/team": "platform",
                "aws:PrincipalOrgID": "o-a1b2c3d4e5",
                "aws:RequestedRegion": "eu-west-1",
                "aws:CurrentTime": "2026-11-22T10:00:00Z"
            }
        },
        "caller_policies": {
            "identity": (0..10).map(identity_policy).collect::<Vec<_>>(),
            "permissions_boundary": {
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity", "s3:*", "dynamodb:*"],
                    "Resource": "*",
                    "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }
                }]
            },
            "scps": (0..5).map(scp_level).collect::<Vec<_>>()
        },
        "role": {
            "trust_policy": maximal_trust_policy(),
            "max_session_duration": 43200
        }
    });
    scenario.to_string()
}

fn benches(c: &mut Criterion) {
    let maximal = maximal_scenario_json();
    for (name, text) in [("typical", TYPICAL), ("maximal", maximal.as_str())] {
        // Say what is measured, so a benchmark of a failing parse is noticed.
        match evaluate_json(text) {
            Ok(report) => eprintln!(
                "{name}: {} bytes, decision {:?}, failing {:?}, {} checks",
                text.len(),
                report.decision,
                report.failing(),
                report.checks.len()
            ),
            Err(error) => eprintln!("{name}: scenario does not parse: {error}"),
        }
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("parse+evaluate", |b| {
            b.iter(|| evaluate_json(black_box(text)))
        });
        if let Ok(scenario) = Scenario::from_json(text) {
            group.bench_function("evaluate", |b| b.iter(|| evaluate(black_box(&scenario))));
        }
        group.finish();
    }
}

/// A scenario whose trust policy is `policy`, pasted as text.
fn scenario_with_trust(policy: &str) -> String {
    json!({
        "request": {
            "action": "sts:AssumeRole",
            "caller": CALLER,
            "role_arn": ROLE,
            "role_session_name": "deploy-1234"
        },
        "role": { "trust_policy": policy }
    })
    .to_string()
}

/// Large pastes, far above IAM's quotas (the quota check reports them; the
/// parser still reads them whole): about 3 MB of statements with escapes,
/// and 50,000 duplicate condition keys, each one located.
fn large_pastes() -> Vec<(&'static str, String)> {
    let statement = r#"{"Effect":"Allow","Action":["sts:AssumeRole","sts:TagSession"],"Principal":{"AWS":"arn:aws:iam::111122223333:role/a\u0041"}}"#;
    let mut statements = String::new();
    while statements.len() < 3_000_000 {
        statements.push_str(statement);
        statements.push(',');
    }
    statements.push_str(statement);
    let long = format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#);
    let keys: String = (0..50_000)
        .map(|i| format!("\"k{}\": \"v\",", i % 7))
        .collect();
    let duplicates = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"111122223333"}},"Action":"sts:AssumeRole","Condition":{{"StringEquals":{{{keys} "z:z":"v"}}}}}}]}}"#
    );
    vec![
        ("large/3MB-trust-policy", scenario_with_trust(&long)),
        ("large/50k-duplicate-keys", scenario_with_trust(&duplicates)),
    ]
}

fn large(c: &mut Criterion) {
    bench_pastes(c, large_pastes());
}

/// Times parse + evaluate of each named scenario text, after printing what
/// it decides (so a bench that stopped exercising its case shows it).
fn bench_pastes(c: &mut Criterion, pastes: Vec<(&str, String)>) {
    for (name, text) in pastes {
        match evaluate_json(&text) {
            Ok(report) => eprintln!(
                "{name}: {} bytes, decision {:?}, failing {:?}",
                text.len(),
                report.decision,
                report.failing()
            ),
            Err(error) => eprintln!("{name}: scenario does not parse: {error}"),
        }
        let mut group = c.benchmark_group(name);
        group.sample_size(10);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("parse+evaluate", |b| {
            b.iter(|| evaluate_json(black_box(&text)))
        });
        group.finish();
    }
}

/// Issue 10's bombs at the largest size `request.format` lets through (a
/// context value of 2,048 characters): `*a…(5,000)…b*` in ten identity
/// policies (linear with the segment-greedy matcher), `${k}` 400 times
/// (stops at the substitution cap) and `?`-segments, the matcher's costliest
/// shape (segment × value). Timed here only; tests count steps instead.
fn adversarial_pairs() -> Vec<(&'static str, String)> {
    let value = "a".repeat(2_048);
    let scenario = |condition: Value, policies: usize| {
        let policy = json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Action": "sts:AssumeRole",
                "Resource": ROLE,
                "Condition": condition
            }]
        });
        json!({
            "request": {
                "caller": CALLER,
                "role_arn": ROLE,
                "context": { "k": value, "aws:PrincipalTag/team": "b" }
            },
            "caller_policies": { "identity": vec![policy; policies] },
            "role": { "trust_policy": {
                "Version": "2012-10-17",
                "Statement": [{
                    "Effect": "Allow",
                    "Principal": { "AWS": CALLER },
                    "Action": "sts:AssumeRole",
                    "Condition": condition
                }]
            } }
        })
        .to_string()
    };
    vec![
        (
            "adversarial/star-run-b-star",
            scenario(
                json!({ "StringLike": { "k": format!("*{}b*", "a".repeat(5_000)) } }),
                10,
            ),
        ),
        (
            "adversarial/variable-amplification",
            scenario(
                json!({ "StringLike": { "aws:PrincipalTag/team": "${k}".repeat(400) } }),
                10,
            ),
        ),
        (
            "adversarial/question-segments",
            scenario(
                json!({ "StringLike": { "k": format!("*{}b*", "a?".repeat(1_000)) } }),
                10,
            ),
        ),
    ]
}

fn adversarial(c: &mut Criterion) {
    bench_pastes(c, adversarial_pairs());
}

criterion_group!(evaluation, benches, large, adversarial);
criterion_main!(evaluation);
