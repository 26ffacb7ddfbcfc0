//! The call being judged: which STS action, by whom, on which role, with
//! which context, once `request.format` found the request well-formed.

use std::cell::Cell;

use super::outcome::Mode;
use super::statement::Target;
use crate::arn::{Caller, RoleArn};
use crate::context::RequestContext;
use crate::report::CheckId;
use crate::scenario::Scenario;

/// The STS action being requested.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StsAction {
    AssumeRole,
    WebIdentity,
    Saml,
}

impl StsAction {
    pub(crate) fn parse(text: &str) -> Option<StsAction> {
        [
            StsAction::AssumeRole,
            StsAction::WebIdentity,
            StsAction::Saml,
        ]
        .into_iter()
        .find(|action| action.name().eq_ignore_ascii_case(text))
    }

    pub(crate) const fn name(self) -> &'static str {
        match self {
            StsAction::AssumeRole => "sts:AssumeRole",
            StsAction::WebIdentity => "sts:AssumeRoleWithWebIdentity",
            StsAction::Saml => "sts:AssumeRoleWithSAML",
        }
    }

    /// Web identity and SAML callers are not AWS identities: no identity
    /// policy, boundary or SCP is evaluated for them.
    pub(crate) const fn is_federated(self) -> bool {
        !matches!(self, StsAction::AssumeRole)
    }
}

/// Everything the checks need about a well-formed request.
pub(crate) struct Request<'a> {
    pub scenario: &'a Scenario,
    pub action: StsAction,
    pub caller: Caller,
    pub role: RoleArn,
    /// `role` written as an ARN, once: the resource of every statement judged.
    pub role_arn: String,
    pub context: RequestContext,
    pub duration: i64,
    pub max_session_duration: i64,
    /// What the evaluation is for (see [`Mode`]).
    pub mode: Mode,
    /// Whether the check being judged is explained: set by
    /// [`Request::judging`] before each check, so that code shared by
    /// several checks (a Deny, the caller's policies) explains for the
    /// check it serves.
    pub explaining: Cell<bool>,
}

impl Request<'_> {
    /// Whether the report's text, locations and fixes are wanted for the
    /// check being judged: a check drafts a fix or words a detail only then.
    pub(crate) fn explains(&self) -> bool {
        self.explaining.get()
    }

    /// Check `id` is judged next: what [`Request::explains`] answers until
    /// the next check.
    pub(crate) fn judging(&self, id: CheckId) -> &Self {
        self.explaining.set(self.mode.explains(id));
        self
    }

    pub(crate) fn role_arn(&self) -> &str {
        &self.role_arn
    }

    pub(crate) fn is_cross_account(&self) -> bool {
        self.caller
            .account()
            .is_some_and(|account| account != self.role.account)
    }

    /// The caller is a role session, so this call chains roles.
    pub(crate) fn is_role_chaining(&self) -> bool {
        matches!(self.caller, Caller::AssumedRole { .. })
    }

    /// What a statement is judged against: this caller and context, with
    /// `action` on `resource` (`None` for trust policies).
    pub(crate) fn target<'t>(&'t self, action: &'t str, resource: Option<&'t str>) -> Target<'t> {
        Target {
            action,
            resource,
            caller: &self.caller,
            context: &self.context,
        }
    }

    /// The actions besides the call itself that this request needs allowed.
    pub(crate) fn extra_actions(&self) -> impl Iterator<Item = ExtraAction> {
        let fields = &self.scenario.request;
        let tags = fields.tags.as_ref().is_some_and(|t| !t.is_empty())
            || fields
                .transitive_tag_keys
                .as_ref()
                .is_some_and(|k| !k.is_empty());
        let source_identity = fields.source_identity.is_some();
        [
            tags.then_some(ExtraAction::TagSession),
            source_identity.then_some(ExtraAction::SetSourceIdentity),
        ]
        .into_iter()
        .flatten()
    }
}

/// An action a call needs allowed besides the AssumeRole itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ExtraAction {
    /// To pass session tags or transitive tag keys.
    TagSession,
    /// To set a source identity.
    SetSourceIdentity,
}

impl ExtraAction {
    pub(crate) const fn action(self) -> &'static str {
        match self {
            ExtraAction::TagSession => "sts:TagSession",
            ExtraAction::SetSourceIdentity => "sts:SetSourceIdentity",
        }
    }
}
