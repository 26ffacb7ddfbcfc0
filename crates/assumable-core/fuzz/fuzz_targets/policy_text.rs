//! The policy grammar and its evaluation: any text as the trust policy and
//! as an identity policy gives a report, never a panic or a hang.
#![no_main]

use assumable_core::{evaluate, PolicySource, Scenario};
use libfuzzer_sys::fuzz_target;

const SCENARIO: &str = r#"{
  "request": {
    "caller": "arn:aws:iam::111122223333:user/alice",
    "role_arn": "arn:aws:iam::444455556666:role/deploy",
    "role_session_name": "alice",
    "external_id": "ext-1",
    "source_ip": "203.0.113.7",
    "tags": {"team": "blue"},
    "context": {"aws:PrincipalTag/team": "blue", "aws:RequestedRegion": "eu-west-1"}
  },
  "caller_policies": {"identity": [{"Version": "2012-10-17", "Statement": []}]},
  "role": {"trust_policy": {"Version": "2012-10-17", "Statement": []}}
}"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(mut scenario) = Scenario::from_json(SCENARIO) else {
        return;
    };
    scenario.role.trust_policy = PolicySource::Text(text.to_string());
    if let Some(policies) = scenario.caller_policies.as_mut() {
        policies.identity = vec![PolicySource::Text(text.to_string())];
    }
    let report = evaluate(&scenario);
    assert!(!report.checks.is_empty(), "a report has checks");
});
