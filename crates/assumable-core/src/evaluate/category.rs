//! The category of a trust condition, by its key: `sts:ExternalId` to
//! `trust.external_id`, the MFA keys to `trust.mfa`, every other key
//! (misspellings included) to `trust.conditions`.

use crate::aws_docs;
use crate::policy::Condition;
use crate::report::CheckId;

/// Which check a condition belongs to, by its key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Category {
    ExternalId,
    Mfa,
    Other,
}

impl Category {
    pub(crate) const ALL: [Category; 3] = [Category::ExternalId, Category::Mfa, Category::Other];

    pub(crate) fn of(condition: &Condition) -> Category {
        let key = condition.key.value.as_str();
        if key.eq_ignore_ascii_case("sts:ExternalId") {
            Category::ExternalId
        } else if key.eq_ignore_ascii_case("aws:MultiFactorAuthPresent")
            || key.eq_ignore_ascii_case("aws:MultiFactorAuthAge")
        {
            Category::Mfa
        } else {
            Category::Other
        }
    }

    pub(crate) const fn check(self) -> CheckId {
        match self {
            Category::ExternalId => CheckId::TrustExternalId,
            Category::Mfa => CheckId::TrustMfa,
            Category::Other => CheckId::TrustConditions,
        }
    }

    pub(crate) const fn doc(self) -> &'static str {
        match self {
            Category::ExternalId => aws_docs::EXTERNAL_ID,
            Category::Mfa => aws_docs::MFA_PROTECTED_API,
            Category::Other => aws_docs::CONDITION_OPERATORS,
        }
    }

    pub(crate) const fn noun(self) -> &'static str {
        match self {
            Category::ExternalId => "sts:ExternalId condition",
            Category::Mfa => "MFA condition",
            Category::Other => "other condition",
        }
    }
}
