//! Named diagnoses: the mistakes people make in trust policy conditions,
//! one file each, in the style of a linter's rules. Each file says what it
//! catches, why AWS denies (or allows), an example, and the AWS page that
//! states the rule, and has its own unit test.
//!
//! Two kinds:
//! - a [`ConditionDiagnosis`] explains a failing condition and offers the
//!   change that meets it; the first one that offers a fix wins, so
//!   [`CONDITION_DIAGNOSES`] is in priority order;
//! - a [`StatementWarning`] flags a granting statement that allows the call
//!   for a reason its author likely did not mean; the first that applies
//!   turns the check into a warning ([`STATEMENT_WARNINGS`]);
//! - a [`PrincipalWarning`] does the same for how the granting statement
//!   names the caller ([`PRINCIPAL_WARNINGS`]).
//!
//! Two more stand alone: [`mfa_deny_without_if_exists`] flags a trust Deny
//! that misses callers it was written to stop, and
//! [`permissions_policy_as_trust_policy`] names a permissions policy pasted
//! where the trust policy goes.
//!
//! Adding a diagnosis means adding a file and a line in one of the lists.

mod account_trust_without_condition;
mod address_under_string_operator;
mod date_window_excludes_request;
mod external_id_sts_rejects;
mod federated_call_cannot_carry_key;
mod for_all_values_vacuous;
pub(crate) mod mfa_deny_without_if_exists;
mod mfa_if_exists_admits_access_keys;
mod misspelled_condition_key;
mod padded_condition_value;
pub(crate) mod permissions_policy_as_trust_policy;
mod session_arn_in_principal_arn;
mod string_like_without_wildcard;
mod text_under_numeric_operator;
mod web_identity_without_narrowing_claim;
pub(crate) use web_identity_without_narrowing_claim::narrowing_claims;
mod wildcard_principal_unnarrowed;
mod wildcard_under_equals_operator;

#[cfg(test)]
pub(crate) mod fixture;

use super::call::Request;
use super::category::Category;
use super::documents::Document;
use super::edits::replace_value;
use super::grant::GrantKind;
use super::outcome::{CheckOutcome, FixDraft, Span};
use crate::condition::evaluate_condition;
use crate::policy::{Condition, Statement};

pub(crate) use date_window_excludes_request::moved_date;
pub(crate) use external_id_sts_rejects::is_valid_external_id;
pub(crate) use misspelled_condition_key::with_keys_spelt_right;

/// A condition of a trust statement that names the caller and allows the
/// call, but that the request does not meet.
pub(crate) struct FailedCondition<'a> {
    pub request: &'a Request<'a>,
    pub document: &'a Document,
    pub statement: &'a Statement,
    pub condition: &'a Condition,
    pub category: Category,
}

impl FailedCondition<'_> {
    /// Whether `changed` (this condition, edited) would be met by the request.
    pub(crate) fn met_by(&self, changed: &Condition) -> bool {
        self.document.parsed.policy.as_ref().is_some_and(|policy| {
            evaluate_condition(changed, &self.request.context, policy.version).met
        })
    }
}

/// The safe fix that writes `operator` in place of a condition's operator
/// (`Use \`StringEquals\``, then `consequence` when there is one): the
/// remedy of every diagnosis about an operator.
pub(crate) fn use_operator(
    document: &Document,
    condition: &Condition,
    operator: &str,
    consequence: &str,
) -> FixDraft {
    FixDraft::safe(
        format!("Use `{operator}`{consequence}"),
        vec![replace_value(document, &condition.operator_text, operator)],
    )
}

/// What a diagnosis found: a sentence for the check's detail, and the fixes
/// it offers, favoured first. A hint with no fix lets the next diagnosis,
/// or the generic remedies, offer one.
#[derive(Debug, Default)]
pub(crate) struct Diagnosis {
    pub hint: Option<String>,
    pub fixes: Vec<FixDraft>,
    /// The condition as the fixes leave it, when the request still does not
    /// meet it: whoever offers the fixes must make them meet it too (a fix
    /// must make its check pass).
    pub still_unmet: Option<Condition>,
    /// The diagnoses that applied, filled in by [`diagnose`].
    pub names: Vec<&'static str>,
}

impl Diagnosis {
    pub(crate) fn fix(hint: Option<String>, fix: FixDraft) -> Diagnosis {
        Diagnosis {
            hint,
            fixes: vec![fix],
            still_unmet: None,
            names: Vec::new(),
        }
    }

    pub(crate) fn hint(hint: String) -> Diagnosis {
        Diagnosis {
            hint: Some(hint),
            fixes: Vec::new(),
            still_unmet: None,
            names: Vec::new(),
        }
    }
}

pub(crate) trait ConditionDiagnosis: Sync {
    /// The diagnosis's stable name (its file name).
    fn name(&self) -> &'static str;
    fn diagnose(&self, failed: &FailedCondition<'_>) -> Option<Diagnosis>;
}

/// In priority order: a key AWS never sets explains everything else about
/// the condition, so it comes first.
pub(crate) const CONDITION_DIAGNOSES: [&dyn ConditionDiagnosis; 9] = [
    &misspelled_condition_key::MisspelledConditionKey,
    &address_under_string_operator::AddressUnderStringOperator,
    &wildcard_under_equals_operator::WildcardUnderEqualsOperator,
    &text_under_numeric_operator::TextUnderNumericOperator,
    &padded_condition_value::PaddedConditionValue,
    &date_window_excludes_request::DateWindowExcludesRequest,
    &federated_call_cannot_carry_key::FederatedCallCannotCarryKey,
    &external_id_sts_rejects::ExternalIdStsRejects,
    &session_arn_in_principal_arn::SessionArnInPrincipalArn,
];

/// The hints of every diagnosis that applies, and the fixes of the first
/// one that offers any.
pub(crate) fn diagnose(failed: &FailedCondition<'_>) -> Diagnosis {
    let mut found = Diagnosis::default();
    for diagnosis in CONDITION_DIAGNOSES {
        let Some(Diagnosis {
            hint,
            fixes,
            still_unmet,
            ..
        }) = diagnosis.diagnose(failed)
        else {
            continue;
        };
        found.names.push(diagnosis.name());
        found.hint = match (found.hint.take(), hint) {
            (Some(first), Some(more)) => Some(format!("{first} {more}")),
            (first, more) => first.or(more),
        };
        if !fixes.is_empty() {
            found.fixes = fixes;
            found.still_unmet = still_unmet;
            break;
        }
    }
    found
}

/// A trust statement that grants the call, judged for one condition
/// category.
pub(crate) struct GrantingStatement<'a> {
    pub request: &'a Request<'a>,
    pub document: &'a Document,
    pub statement: &'a Statement,
    pub category: Category,
}

impl GrantingStatement<'_> {
    /// The statement's conditions in this category.
    pub(crate) fn conditions(&self) -> impl Iterator<Item = &Condition> {
        self.statement
            .conditions
            .iter()
            .filter(move |c| Category::of(c) == self.category)
    }
}

pub(crate) trait StatementWarning: Sync {
    fn name(&self) -> &'static str;
    fn check(&self, granting: &GrantingStatement<'_>) -> Option<CheckOutcome>;
}

pub(crate) const STATEMENT_WARNINGS: [&dyn StatementWarning; 4] = [
    &string_like_without_wildcard::StringLikeWithoutWildcard,
    &mfa_if_exists_admits_access_keys::MfaIfExistsAdmitsAccessKeys,
    &for_all_values_vacuous::ForAllValuesVacuous,
    &web_identity_without_narrowing_claim::WebIdentityWithoutNarrowingClaim,
];

/// The first warning that applies to a granting statement.
pub(crate) fn warn(granting: &GrantingStatement<'_>) -> Option<CheckOutcome> {
    STATEMENT_WARNINGS.iter().find_map(|warning| {
        warning
            .check(granting)
            .map(|outcome| outcome.diagnosed_by([warning.name()]))
    })
}

/// The trust statement that names the caller, and how (`trust.principal`).
pub(crate) struct GrantingPrincipal<'a> {
    pub request: &'a Request<'a>,
    pub document: &'a Document,
    pub statement: &'a Statement,
    pub kind: GrantKind,
    /// The passing check's detail, which a warning extends.
    pub detail: &'a str,
}

impl GrantingPrincipal<'_> {
    pub(crate) fn principal_locations(&self) -> Vec<Span> {
        self.statement
            .principal
            .iter()
            .map(|block| Span::text(self.document.id, block.range))
            .collect()
    }
}

pub(crate) trait PrincipalWarning: Sync {
    fn name(&self) -> &'static str;
    fn check(&self, granting: &GrantingPrincipal<'_>) -> Option<CheckOutcome>;
}

pub(crate) const PRINCIPAL_WARNINGS: [&dyn PrincipalWarning; 2] = [
    &wildcard_principal_unnarrowed::WildcardPrincipalUnnarrowed,
    &account_trust_without_condition::AccountTrustWithoutCondition,
];

/// The first warning about how the granting statement names the caller.
pub(crate) fn warn_principal(granting: &GrantingPrincipal<'_>) -> Option<CheckOutcome> {
    PRINCIPAL_WARNINGS.iter().find_map(|warning| {
        warning
            .check(granting)
            .map(|outcome| outcome.diagnosed_by([warning.name()]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_diagnosis_has_a_distinct_name() {
        let mut names: Vec<&str> = CONDITION_DIAGNOSES
            .iter()
            .map(|d| d.name())
            .chain(STATEMENT_WARNINGS.iter().map(|w| w.name()))
            .chain(PRINCIPAL_WARNINGS.iter().map(|w| w.name()))
            .collect();
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count);
    }
}
