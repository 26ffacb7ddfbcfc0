//! The evaluation set beside what AWS said (the scenario's `observed`): does
//! the checklist fail where AWS's message points, and if not, which input is
//! likely missing. Computed after the checks; it never changes them.
//!
//! An error message names at most one policy type even when several deny
//! ("If multiple policy types deny an authorization request, AWS includes only
//! one of those policy types in the error message",
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html>),
//! so the evaluation agrees when it fails *at least* what AWS named.

use crate::report::{Check, CheckId, Decision, ObservedAgreement, Status};
use crate::scenario::{Observed, Scenario};

/// Evidence that any trust check meets: "no role trust policy allows" does
/// not say which of the trust policy's checks fails.
pub const ANY_TRUST_CHECK: &str = "trust.*";

pub fn agreement(
    said: &Observed,
    scenario: &Scenario,
    decision: Decision,
    checks: &[Check],
) -> ObservedAgreement {
    let failing: Vec<CheckId> = checks
        .iter()
        .filter(|check| check.status == Status::Fail)
        .map(|check| check.id)
        .collect();
    let evidence = said.evidence.clone();
    let named_policy = said
        .surfaces
        .first()
        .map(|arn| format!(" AWS names the policy {arn}: fetch that document."))
        .unwrap_or_default();

    if decision == Decision::Allow {
        let missing = match evidence.first() {
            Some(first) => what_is_missing(first, scenario),
            None => "Compare the caller and the role ARN with the ones AWS names (AWS gives \
                     this short answer also when the role does not exist), and paste the \
                     role's trust policy and every policy of the caller as they are now."
                .to_string(),
        };
        return ObservedAgreement {
            evidence,
            agrees: false,
            detail: format!(
                "AWS denied the call, but this scenario allows it: some input differs from \
                 what AWS holds. {missing}{named_policy}"
            ),
        };
    }

    let unmet: Vec<&String> = evidence
        .iter()
        .filter(|named| !is_met(named, &failing))
        .collect();
    match unmet.first() {
        None if evidence.is_empty() => ObservedAgreement {
            evidence,
            agrees: true,
            detail: "AWS denied the call, as this evaluation does; its message names no \
                     policy type, so it cannot say which check AWS failed."
                .to_string(),
        },
        None => ObservedAgreement {
            detail: format!(
                "AWS names {}, which this evaluation fails too.{named_policy}",
                describe_list(&evidence)
            ),
            evidence,
            agrees: true,
        },
        Some(first) => {
            let missing = what_is_missing(first, scenario);
            // A malformed or missing document stops the checks AWS named
            // from being judged: say so first.
            let incomplete = if decision == Decision::Invalid {
                "This scenario cannot be judged yet (see the failing syntax or request check). "
            } else {
                ""
            };
            ObservedAgreement {
                detail: format!(
                    "{incomplete}AWS names {}, which this evaluation does not fail: \
                     {missing}{named_policy}",
                    describe_list(&evidence)
                ),
                evidence,
                agrees: false,
            }
        }
    }
}

/// Whether a failing check answers one piece of evidence.
fn is_met(named: &str, failing: &[CheckId]) -> bool {
    if named == ANY_TRUST_CHECK {
        return failing.iter().any(|id| id.as_str().starts_with("trust."));
    }
    failing.iter().any(|id| id.as_str() == named)
}

fn describe_list(evidence: &[String]) -> String {
    evidence
        .iter()
        .map(|named| describe(named))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// What the message names, in a person's words (the policy types of
/// IMPORT_FORMATS.md §3.4), never a check id the page does not show.
fn describe(named: &str) -> String {
    match named {
        ANY_TRUST_CHECK | "trust.deny" => "the role trust policy".to_string(),
        "identity.allow" | "identity.deny" => "the caller's identity-based policies".to_string(),
        "scp.allow" => "a service control policy".to_string(),
        "rcp.allow" => "a resource control policy".to_string(),
        "boundary.allow" => "the caller's permissions boundary".to_string(),
        "session.tags" => "the session tags (sts:TagSession)".to_string(),
        "session.source_identity" => "the source identity (sts:SetSourceIdentity)".to_string(),
        "session.duration" => "the session duration".to_string(),
        "request.caller" => "the caller itself".to_string(),
        "request.format" => "the request's parameters".to_string(),
        other => format!("`{other}`"),
    }
}

/// What a disagreement about one piece of evidence usually means: the input
/// the scenario lacks or holds in another version than AWS does.
fn what_is_missing(named: &str, scenario: &Scenario) -> String {
    let request = &scenario.request;
    let caller = or_placeholder(&request.caller, "the caller");
    let role = or_placeholder(&request.role_arn, "the role");
    let caller_account = account_of(&request.caller);
    let role_account = account_of(&request.role_arn);
    match named {
        "identity.allow" => format!(
            "AWS says no identity-based policy of {caller} allows the call: paste every \
             policy of {caller} as it is now (inline, attached and its groups'); the \
             scenario holds one that AWS does not apply, or the call is cross-account."
        ),
        "identity.deny" => format!(
            "AWS says an identity-based policy of {caller} denies the call: paste every \
             policy of {caller}, the one with the Deny among them."
        ),
        ANY_TRUST_CHECK => format!(
            "AWS says the trust policy of {role} does not allow this call: paste it as it is \
             now (`aws iam get-role`), and check that the request carries what its \
             conditions ask (external ID, MFA, tags, token claims)."
        ),
        "trust.deny" => format!(
            "AWS says a Deny in the trust policy of {role} applies: paste the trust policy \
             as it is now (`aws iam get-role`), and check the request carries the values \
             its Deny conditions test."
        ),
        "scp.allow" => format!(
            "AWS says a service control policy denies: paste the SCPs that apply to account \
             {}.",
            caller_account.unwrap_or("of the caller")
        ),
        "rcp.allow" => format!(
            "AWS says a resource control policy denies: paste the RCPs that apply to account \
             {}.",
            role_account.unwrap_or("of the role")
        ),
        "boundary.allow" => format!(
            "AWS says the permissions boundary of {caller} does not allow the call: paste \
             that boundary."
        ),
        "session.tags" => "AWS denied sts:TagSession: the call passed session tags (or \
                           its token or assertion did); add them to request.tags."
            .to_string(),
        "session.source_identity" => "AWS denied sts:SetSourceIdentity: the call set a \
                                      source identity; add it as request.source_identity."
            .to_string(),
        "session.duration" => format!(
            "AWS says the duration asked is too long: set request.duration_seconds to the \
             duration the call asked and role.max_session_duration to the maximum of {role}."
        ),
        "request.caller" => "AWS says the caller is an account's root user: set \
                             request.caller to arn:aws:iam::ACCOUNT:root."
            .to_string(),
        "request.format" => "AWS rejected a request parameter: set it to the value its \
                             message quotes."
            .to_string(),
        other => format!("check the inputs `{other}` judges."),
    }
}

fn or_placeholder<'a>(value: &'a str, placeholder: &'a str) -> &'a str {
    if value.trim().is_empty() {
        placeholder
    } else {
        value
    }
}

/// The 12-digit account of an ARN (`arn:aws:iam::111122223333:user/ci`).
fn account_of(arn: &str) -> Option<&str> {
    let account = arn.split(':').nth(4)?;
    (account.len() == 12 && account.bytes().all(|byte| byte.is_ascii_digit())).then_some(account)
}

#[cfg(test)]
mod tests {
    use crate::report::Decision;
    use crate::scenario::{Observed, Scenario};

    fn scenario(evidence: &[&str]) -> Scenario {
        let mut scenario = Scenario::default();
        scenario.request.caller = "arn:aws:iam::111122223333:user/ci".into();
        scenario.request.role_arn = "arn:aws:iam::444455556666:role/Deploy".into();
        scenario.role.trust_policy = crate::scenario::PolicySource::Text(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/ci"},"Action":"sts:AssumeRole"}]}"#.into(),
        );
        scenario.observed = Some(Observed {
            message: "m".into(),
            evidence: evidence.iter().map(|named| named.to_string()).collect(),
            ..Observed::default()
        });
        scenario
    }

    #[test]
    fn an_scp_the_scenario_lacks_asks_for_the_callers_scps() {
        let report = crate::evaluate(&scenario(&["scp.allow"]));
        let observed = report.observed.expect("observed");
        assert!(!observed.agrees);
        assert!(observed
            .detail
            .contains("paste the SCPs that apply to account 111122223333"));
    }

    #[test]
    fn any_trust_check_meets_trust_star_and_observed_changes_nothing() {
        let mut case = scenario(&["trust.*"]);
        case.request.caller = "arn:aws:iam::111122223333:user/other".into();
        let report = crate::evaluate(&case);
        assert_eq!(report.decision, Decision::Deny);
        let observed = report.observed.clone().expect("observed");
        assert!(observed.agrees, "{}", observed.detail);
        case.observed = None;
        let without = crate::evaluate(&case);
        assert_eq!(without.checks, report.checks);
        assert_eq!(without.decision, report.decision);
        assert_eq!(without.observed, None);
    }

    #[test]
    fn a_failing_check_other_than_the_named_one_disagrees() {
        let mut case = scenario(&["identity.deny"]);
        case.request.caller = "arn:aws:iam::111122223333:user/other".into();
        let observed = crate::evaluate(&case).observed.expect("observed");
        assert!(!observed.agrees);
        assert!(observed.detail.contains("identity-based policy"));
    }
}
