//! What every fix must keep true, whatever the scenario: shared by the
//! corpus test (`tests/corpus.rs`) and the `evaluate_and_fix` fuzz target
//! (`fuzz/fuzz_targets/evaluate_and_fix.rs`), which includes this file by path.
//! Each check appends a sentence per violation to `problems`.

use assumable_core::fix::apply_fix;
use assumable_core::report::{
    Applicability, Changes, CheckId, Decision, DocumentId, Edit, Fix, RequestField, Status,
};
use assumable_core::{evaluate, Report, Scenario};

/// The facts of a case, which no fix may change: who calls, which role, the
/// action their credentials imply, where they call from, and the context
/// AWS derives. A fact the scenario left empty may be filled (a field
/// renamed into place keeps its value).
pub fn facts(scenario: &Scenario) -> [Option<String>; 5] {
    let request = &scenario.request;
    let non_empty = |text: &str| (!text.trim().is_empty()).then(|| text.to_string());
    [
        non_empty(&request.caller),
        non_empty(&request.role_arn),
        request.action.clone(),
        request.source_ip.clone(),
        request
            .context
            .as_ref()
            .map(|context| serde_json::to_string(context).unwrap_or_default()),
    ]
}

pub fn edits_facts(before: &Scenario, after: &Scenario) -> bool {
    facts(before)
        .iter()
        .zip(facts(after).iter())
        .any(|(was, now)| was.is_some() && was != now)
}

/// A fix says truthfully what it changes: advice has no edits, a request fix
/// edits only request fields, and no edit touches a fact field.
pub fn check_labels(name: &str, id: CheckId, fix: &Fix, problems: &mut Vec<String>) {
    let request_only = fix.edits.iter().all(|edit| {
        matches!(
            edit,
            Edit::Field {
                document: DocumentId::Request,
                ..
            }
        )
    });
    let expected = match (fix.edits.is_empty(), request_only) {
        (true, _) => Changes::Advice,
        (false, true) => Changes::Request,
        (false, false) => Changes::Policy,
    };
    if fix.changes != expected {
        problems.push(format!(
            "{name}: the fix `{}` of {id} says it changes {:?}, its edits change {expected:?}",
            fix.title, fix.changes
        ));
    }
    if fix.changes == Changes::Advice && fix.detail.trim().is_empty() {
        problems.push(format!(
            "{name}: the advice `{}` of {id} has no detail",
            fix.title
        ));
    }
    // A rename moves a misspelt field's value into place: it corrects how
    // the scenario spells a fact, not what the fact says.
    let renames = fix.edits.iter().any(|edit| {
        matches!(
            edit,
            Edit::Field {
                field: RequestField::Unknown(_),
                value: serde_json::Value::Null,
                ..
            }
        )
    });
    for edit in &fix.edits {
        if let Edit::Field { field, .. } = edit {
            if field.is_fact() && !renames {
                problems.push(format!(
                    "{name}: the fix `{}` of {id} edits the fact `{field}`",
                    fix.title
                ));
            }
        }
    }
    if fix.applicability == Applicability::Unsafe && fix.admits.trim().is_empty() {
        problems.push(format!(
            "{name}: the unsafe fix `{}` of {id} does not say what it admits",
            fix.title
        ));
    }
}

/// Every fix and alternative of every failing check: labelled truthfully;
/// applied, an edit makes its check pass (or warn), breaks no document and
/// changes no fact.
///
/// `must_resolve`: also require that the fix makes its check pass. The
/// corpus requires it of every case; the fuzzer's `evaluate_and_fix` target
/// does not, since a check that fails for two reasons at once (an identity
/// policy and a boundary that both lack `sts:TagSession`) is still met by
/// fixes that each mend one; `fix_resolves` hunts for those.
pub fn check_fixes(
    name: &str,
    scenario: &Scenario,
    report: &Report,
    must_resolve: bool,
    problems: &mut Vec<String>,
) {
    for check in report.checks.iter().filter(|c| c.status == Status::Fail) {
        for fix in check.fix.iter().chain(&check.alternatives) {
            check_labels(name, check.id, fix, problems);
            if fix.changes == Changes::Advice {
                continue;
            }
            let fixed = match apply_fix(scenario, fix) {
                Ok(fixed) => fixed,
                Err(error) => {
                    problems.push(format!(
                        "{name}: the fix `{}` of {} cannot be applied: {error}",
                        fix.title, check.id
                    ));
                    continue;
                }
            };
            if edits_facts(scenario, &fixed) {
                problems.push(format!(
                    "{name}: the fix `{}` of {} changes a fact of the case",
                    fix.title, check.id
                ));
            }
            let after = evaluate(&fixed);
            let status = after.check(check.id).map(|c| c.status);
            // A request fix may leave out what the check is about (the
            // session tags, the source identity): then the check does not
            // apply. Only a fix whose every edit removes a request field may
            // end that way.
            let leaves_out = fix.edits.iter().all(|edit| {
                matches!(
                    edit,
                    Edit::Field {
                        document: DocumentId::Request,
                        value: serde_json::Value::Null,
                        ..
                    }
                )
            });
            // A check whose own problem is mended may still not be judged
            // when a document it reads was already broken (a trust policy
            // with a bad `Version`): that is the syntax check's failure,
            // which its own fix mends.
            let broken_before = [CheckId::TrustSyntax, CheckId::IdentitySyntax]
                .into_iter()
                .any(|id| report.check(id).map(|c| c.status) == Some(Status::Fail));
            // A policy fix may remove the only condition of its kind (an
            // `sts:ExternalId` condition a web identity call can never
            // meet): then the condition check does not apply either.
            let removes_the_condition =
                matches!(
                    check.id,
                    CheckId::TrustExternalId | CheckId::TrustMfa | CheckId::TrustConditions
                ) && fix.edits.iter().all(|edit| edit.document().is_policy());
            // Or it may move the condition to the check of its kind (a
            // misspelt `ExternalId` renamed `sts:ExternalId`): then nothing
            // fails that did not fail before.
            let fails_anew = after.checks.iter().any(|now| {
                now.status == Status::Fail
                    && report.check(now.id).map(|was| was.status) != Some(Status::Fail)
            });
            let moves_the_condition = matches!(
                check.id,
                CheckId::TrustExternalId | CheckId::TrustMfa | CheckId::TrustConditions
            ) && fix.edits.iter().any(|edit| edit.document().is_policy())
                && !fails_anew;
            let resolved = match status {
                Some(Status::Pass | Status::Warn) => true,
                Some(Status::Skip) => {
                    leaves_out || broken_before || removes_the_condition || moves_the_condition
                }
                _ => false,
            };
            if must_resolve && !resolved {
                problems.push(format!(
                    "{name}: after the fix `{}` of {} the check is {:?}: {}",
                    fix.title,
                    check.id,
                    status,
                    after
                        .check(check.id)
                        .map(|c| c.detail.as_ref())
                        .unwrap_or_default()
                ));
            }
            for syntax in [CheckId::TrustSyntax, CheckId::IdentitySyntax] {
                let was = report.check(syntax).map(|c| c.status);
                let now = after.check(syntax).map(|c| c.status);
                if was != Some(Status::Fail) && now == Some(Status::Fail) {
                    problems.push(format!(
                        "{name}: the fix `{}` of {} makes {syntax} fail",
                        fix.title, check.id
                    ));
                }
            }
        }
    }
}

/// Longest chain of fixes followed before the test gives up.
pub const MAX_CHAIN: usize = 12;

/// Follows the fixes greedily, as a person clicking Apply would: the fix of
/// the first failing check (in the order the report's summary uses), then
/// evaluate again. The chain must end in `allow` or at advice (or a check
/// no fix can guess), never edit a fact, and never reach `allow` through a
/// statement that mixes principal or action kinds the fixes put together.
pub fn check_fix_chain(name: &str, scenario: &Scenario, problems: &mut Vec<String>) {
    let mut current = scenario.clone();
    let mut applied: Vec<String> = Vec::new();
    for _ in 0..MAX_CHAIN {
        let report = evaluate(&current);
        if report.decision == Decision::Allow {
            let mixed_before = mixed_statements(scenario);
            let mixed_after = mixed_statements(&current);
            if mixed_after > mixed_before {
                problems.push(format!(
                    "{name}: the fixes {applied:?} reach allow through a trust statement that mixes principal or action kinds"
                ));
            }
            return;
        }
        let Some(check) = report.first_to_fix() else {
            return;
        };
        let Some(fix) = &check.fix else {
            return;
        };
        if fix.changes == Changes::Advice {
            return;
        }
        let next = match apply_fix(&current, fix) {
            Ok(next) => next,
            Err(error) => {
                problems.push(format!(
                    "{name}: chain {applied:?}: `{}` cannot be applied: {error}",
                    fix.title
                ));
                return;
            }
        };
        applied.push(format!("{}: {}", check.id, fix.title));
        if edits_facts(scenario, &next) {
            problems.push(format!(
                "{name}: the fixes {applied:?} change a fact of the case"
            ));
            return;
        }
        if next == current {
            problems.push(format!("{name}: the fix {applied:?} changes nothing"));
            return;
        }
        current = next;
    }
    problems.push(format!(
        "{name}: {MAX_CHAIN} fixes in a row do not reach allow or advice: {applied:?}"
    ));
}

/// Trust statements whose principals are of several kinds (AWS, Service,
/// Federated) or whose actions name several AssumeRole calls.
pub fn mixed_statements(scenario: &Scenario) -> usize {
    let text = scenario.role.trust_policy.text();
    let Ok(policy) = serde_json::from_str::<serde_json::Value>(text) else {
        return 0;
    };
    let statements = match policy.get("Statement") {
        Some(serde_json::Value::Array(items)) => items.clone(),
        Some(one) => vec![one.clone()],
        None => Vec::new(),
    };
    let strings = |value: Option<&serde_json::Value>| -> Vec<String> {
        match value {
            Some(serde_json::Value::String(s)) => vec![s.to_ascii_lowercase()],
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_ascii_lowercase))
                .collect(),
            _ => Vec::new(),
        }
    };
    statements
        .iter()
        .filter(|statement| {
            let kinds = statement
                .get("Principal")
                .and_then(|p| p.as_object())
                .map_or(0, |p| p.len());
            let calls = strings(statement.get("Action"))
                .iter()
                .filter(|a| {
                    [
                        "sts:assumerole",
                        "sts:assumerolewithwebidentity",
                        "sts:assumerolewithsaml",
                    ]
                    .contains(&a.as_str())
                })
                .count();
            kinds > 1 || calls > 1
        })
        .count()
}

/// Every rule above that `data`, read as a scenario, breaks (none when it is
/// not one): the body of the fuzz targets `evaluate_and_fix` and
/// `fix_resolves`.
#[allow(dead_code)] // the corpus test reads cases its own way
pub fn fuzz_problems(data: &[u8], must_resolve: bool) -> Vec<String> {
    let Some(scenario) = std::str::from_utf8(data)
        .ok()
        .and_then(|text| Scenario::from_json(text).ok())
    else {
        return Vec::new();
    };
    let report = evaluate(&scenario);
    let mut problems = Vec::new();
    check_fixes("fuzz", &scenario, &report, must_resolve, &mut problems);
    if !must_resolve {
        check_fix_chain("fuzz", &scenario, &mut problems);
    }
    problems
}
