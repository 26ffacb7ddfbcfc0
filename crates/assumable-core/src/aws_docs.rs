//! Every AWS documentation page a finding or a help text links to, in one
//! place, so a moved page is fixed once and two modules never cite the same
//! rule through two spellings of its address.
//!
//! Grouped by guide; each name says what the page is about, not who links it.
//! Addresses stay whole on one line, so that grepping for one finds it.
// Some links are here ahead of their users: evaluate/ still has its own
// `*_DOC` constants and switches to these next.

// ---- IAM User Guide: the policy language ------------------------------------

/// The policy grammar (elements, their order and duplicates).
pub(crate) const GRAMMAR: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html";
/// The `Version` element.
pub(crate) const VERSION: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html";
/// The `Principal` element.
pub(crate) const PRINCIPAL: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html";
/// The `NotPrincipal` element.
pub(crate) const NOT_PRINCIPAL: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html";
/// Condition operators (`StringEquals`, `...IfExists`, `Null`, ...).
pub(crate) const CONDITION_OPERATORS: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html";
/// `ForAllValues:` / `ForAnyValue:` over multivalued keys.
pub(crate) const SET_OPERATORS: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html";
/// The keys a web identity federation call carries.
pub(crate) const WEB_IDENTITY_KEYS: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif";
/// Policy evaluation logic within one account.
pub(crate) const EVALUATION_LOGIC: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html";
/// Cross-account evaluation: both accounts must allow.
pub(crate) const CROSS_ACCOUNT_EVALUATION: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html";
/// Permissions boundaries.
pub(crate) const PERMISSIONS_BOUNDARIES: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html";
/// IAM and STS quotas (policy sizes, characters, name lengths).
pub(crate) const IAM_QUOTAS: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html";

// ---- IAM User Guide: roles and sessions ------------------------------------

/// Updating a role's trust policy.
pub(crate) const TRUST_POLICY: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html";
/// The permissions a caller needs to switch to (assume) a role.
pub(crate) const SWITCH_ROLE_PERMISSIONS: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html";
/// Third-party access and the external id.
pub(crate) const EXTERNAL_ID: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html";
/// Requiring MFA for API calls.
pub(crate) const MFA_PROTECTED_API: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html";
/// A role's maximum session duration, as a session sees it.
pub(crate) const ROLE_MAX_SESSION: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use.html#id_roles_use_view-role-max-session";
/// Changing a role's maximum session duration.
pub(crate) const MAX_SESSION_DURATION_SETTING: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-settings.html#id_roles_update-session-duration";
/// Role chaining (and its one-hour limit).
pub(crate) const ROLE_CHAINING: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining";
/// Session tags: limits and rules.
pub(crate) const SESSION_TAGS_LIMITS: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_know";
/// Session tags: the `sts:TagSession` permission.
pub(crate) const SESSION_TAGS_PERMISSIONS: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_permissions-required";
/// Source identity (`sts:SetSourceIdentity`).
pub(crate) const SOURCE_IDENTITY: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html";
/// Source identity across role chaining.
pub(crate) const SOURCE_IDENTITY_CHAINING: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html#id_credentials_temp_control-access_monitor-chain";
/// A role for GitHub Actions (OIDC).
pub(crate) const GITHUB_OIDC: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html#idp_oidc_Create_GitHub";

// ---- STS API Reference -----------------------------------------------------

/// `AssumeRole`.
pub(crate) const ASSUME_ROLE_API: &str =
    "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html";
/// `AssumeRoleWithSAML`.
pub(crate) const ASSUME_ROLE_WITH_SAML_API: &str =
    "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html";
/// `AssumeRoleWithWebIdentity`.
pub(crate) const ASSUME_ROLE_WITH_WEB_IDENTITY_API: &str =
    "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html";
/// `GetFederationToken`.
pub(crate) const GET_FEDERATION_TOKEN_API: &str =
    "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html";

// ---- AWS Organizations User Guide ------------------------------------------

/// How SCPs are evaluated (every level must allow).
pub(crate) const SCP_EVALUATION: &str =
    "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html";
/// SCP syntax.
pub(crate) const SCP_SYNTAX: &str =
    "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html";
/// Resource control policies.
pub(crate) const RCPS: &str =
    "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html";
/// RCP syntax.
pub(crate) const RCP_SYNTAX: &str =
    "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html";
/// Organizations quotas (policy sizes).
pub(crate) const ORGANIZATIONS_QUOTAS: &str =
    "https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html";

// ---- Amazon Cognito Developer Guide ----------------------------------------

/// IAM roles for identity pools (their trust policies).
pub(crate) const COGNITO_ROLES: &str =
    "https://docs.aws.amazon.com/cognito/latest/developerguide/iam-roles.html";
