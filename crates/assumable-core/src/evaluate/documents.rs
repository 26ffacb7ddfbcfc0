//! Every policy document of a scenario, with its text and parse.

use std::rc::Rc;

use super::outcome::{CheckOutcome, CheckOutcomes, EditDraft, FixDraft, Span};
use crate::arn::RoleArn;
use crate::aws_docs;
use crate::policy::{
    parse_policy, parse_policy_if_plain, ParsedPolicy, Policy, PolicyKind, Severity,
};
use crate::report::{CheckId, DocumentId};
use crate::scenario::{PolicySource, Scenario};
use crate::text::{format_count, TextRange};

pub(crate) struct Document {
    pub id: DocumentId,
    pub kind: PolicyKind,
    pub text: String,
    pub parsed: ParsedPolicy,
}

/// Which text of a policy a document reads: the one the report's locations
/// and fixes point into, or for a decision, where it decides the same, an
/// object's JSON text as the scenario wrote it
/// ([`parse_policy_if_plain`]), whose pretty text then need not be written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Reading {
    Report,
    Decision,
}

impl Document {
    fn load(id: DocumentId, source: &PolicySource, kind: PolicyKind, reading: Reading) -> Document {
        let written = source.as_written().filter(|_| reading == Reading::Decision);
        if let Some(written) = written {
            if let Some(parsed) = parse_policy_if_plain(written, kind) {
                return Document {
                    id,
                    kind,
                    text: written.to_string(),
                    parsed,
                };
            }
        }
        let text = source.text().to_string();
        let parsed = parse_policy(&text, kind);
        Document {
            id,
            kind,
            text,
            parsed,
        }
    }

    /// Whether this document was made of `source` as `reading` reads it
    /// (the text as written first: a decision need not write the pretty one).
    fn is_of(&self, source: &PolicySource, reading: Reading) -> bool {
        (reading == Reading::Decision && source.as_written() == Some(self.text.as_str()))
            || self.text == source.text()
    }

    /// Whether the text with `edits` (this document's, not overlapping) is a
    /// valid policy of its kind.
    fn valid_after(&self, edits: &[&EditDraft]) -> bool {
        let mut ranges: Vec<(TextRange, &str)> = edits
            .iter()
            .filter_map(|edit| match edit {
                EditDraft::Text {
                    document,
                    range,
                    replacement,
                } if *document == self.id => Some((*range, replacement.as_str())),
                _ => None,
            })
            .collect();
        ranges.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
        let mut text = self.text.clone();
        for (range, replacement) in ranges {
            if text.get(range.start..range.end).is_none() {
                return false;
            }
            text.replace_range(range.start..range.end, replacement);
        }
        !parse_policy(&text, self.kind).has_errors()
    }

    /// The policy, when AWS would accept the document.
    pub(crate) fn usable(&self) -> Option<&Policy> {
        if self.parsed.has_errors() {
            None
        } else {
            self.parsed.policy.as_ref()
        }
    }
}

/// Documents parsed once for many evaluations (account-wide access: a
/// role's trust for every principal, a principal's policies for every
/// role). A document is a function of its id, kind and text alone, so one
/// reused where all three are the same changes no answer.
#[derive(Clone, Default)]
pub(crate) struct Parsed {
    trust: Option<Rc<Document>>,
    identity: Vec<Rc<Document>>,
    boundary: Option<Rc<Document>>,
}

impl Parsed {
    /// A role's trust policy.
    pub(crate) fn trust(source: &PolicySource) -> Parsed {
        Parsed {
            trust: Some(Rc::new(Document::load(
                DocumentId::TrustPolicy,
                source,
                PolicyKind::Trust,
                Reading::Report,
            ))),
            ..Parsed::default()
        }
    }

    /// A caller's identity policies and boundary.
    pub(crate) fn caller(identity: &[PolicySource], boundary: Option<&PolicySource>) -> Parsed {
        Parsed {
            identity: identity
                .iter()
                .take(MAX_IDENTITY_POLICIES + 1)
                .enumerate()
                .map(|(n, source)| {
                    Rc::new(Document::load(
                        DocumentId::Identity(n),
                        source,
                        PolicyKind::Identity,
                        Reading::Report,
                    ))
                })
                .collect(),
            boundary: boundary.map(|source| {
                Rc::new(Document::load(
                    DocumentId::PermissionsBoundary,
                    source,
                    PolicyKind::PermissionsBoundary,
                    Reading::Report,
                ))
            }),
            ..Parsed::default()
        }
    }
}

/// `parsed` when it is the document `Document::load` would make of these,
/// else a new one.
fn reuse_or_load(
    parsed: Option<&Rc<Document>>,
    id: DocumentId,
    source: &PolicySource,
    kind: PolicyKind,
    reading: Reading,
) -> Rc<Document> {
    match parsed {
        Some(document)
            if document.id == id && document.kind == kind && document.is_of(source, reading) =>
        {
            Rc::clone(document)
        }
        _ => Rc::new(Document::load(id, source, kind, reading)),
    }
}

pub(crate) struct Documents {
    pub trust: Rc<Document>,
    pub identity: Vec<Rc<Document>>,
    pub boundary: Option<Rc<Document>>,
    pub scps: Vec<Vec<Document>>,
    pub rcps: Vec<Vec<Document>>,
    /// More documents than AWS (or this tool's cap) allows: why, and the
    /// first document past the limit. Nothing past it is read.
    pub over_quota: Vec<(String, DocumentId)>,
}

/// Identity policies this tool reads. AWS attaches at most 20 managed
/// policies to a user or role, and a user belongs to at most 10 groups
/// (each with at most 20), so 220 managed policies; inline ones are bounded
/// by their aggregate sizes (2,048 characters per user, 5,120 per group).
/// Past 1,000 documents a scenario holds more than any principal can carry,
/// and the page would lag on every key.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>
pub const MAX_IDENTITY_POLICIES: usize = 1_000;

/// Organization levels that can apply: the root, "Five levels of OUs deep
/// under a root", and the account.
/// <https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html>
pub const MAX_ORGANIZATION_LEVELS: usize = 7;

/// Policies of one type attached to a root, OU or account (same page).
pub const MAX_POLICIES_PER_LEVEL: usize = 5;

/// Problems listed per syntax check; the rest are counted. A paste of a
/// thousand broken statements gets the first ones, not a wall.
const MAX_LISTED_DIAGNOSTICS: usize = 20;

/// The levels of SCPs or RCPs, up to the first level or policy past
/// Organizations' quotas (read, so that a location can point at it).
fn load_levels(
    levels: Option<&Vec<Vec<PolicySource>>>,
    kind: PolicyKind,
    id: fn(usize, usize) -> DocumentId,
    over_quota: &mut Vec<(String, DocumentId)>,
    reading: Reading,
) -> Vec<Vec<Document>> {
    let Some(levels) = levels else {
        return Vec::new();
    };
    let name = if kind == PolicyKind::Scp {
        "SCP"
    } else {
        "RCP"
    };
    if levels.len() > MAX_ORGANIZATION_LEVELS {
        over_quota.push((
            format!(
                "{} {name} levels are given; at most {MAX_ORGANIZATION_LEVELS} apply (the \
                root, five levels of OUs under it, the account) ({})",
                levels.len(),
                aws_docs::ORGANIZATIONS_QUOTAS
            ),
            id(MAX_ORGANIZATION_LEVELS, 0),
        ));
    }
    levels
        .iter()
        .take(MAX_ORGANIZATION_LEVELS + 1)
        .enumerate()
        .map(|(level, policies)| {
            if policies.len() > MAX_POLICIES_PER_LEVEL {
                over_quota.push((
                    format!(
                        "{name} level {level} has {} policies; AWS attaches at most \
                        {MAX_POLICIES_PER_LEVEL} {name}s to a root, OU or account ({})",
                        policies.len(),
                        aws_docs::ORGANIZATIONS_QUOTAS
                    ),
                    id(level, MAX_POLICIES_PER_LEVEL),
                ));
            }
            policies
                .iter()
                .take(MAX_POLICIES_PER_LEVEL + 1)
                .enumerate()
                .map(|(n, source)| Document::load(id(level, n), source, kind, reading))
                .collect()
        })
        .collect()
}

impl Documents {
    pub(crate) fn load(scenario: &Scenario, reading: Reading) -> Documents {
        Documents::load_reusing(scenario, &Parsed::default(), &Parsed::default(), reading)
    }

    /// The documents of `scenario`, reusing those of `role` (its trust) and
    /// `caller` (identity policies, boundary) that are the same.
    pub(crate) fn load_reusing(
        scenario: &Scenario,
        role: &Parsed,
        caller_side: &Parsed,
        reading: Reading,
    ) -> Documents {
        let caller = scenario.caller_policies.as_ref();
        let mut over_quota = Vec::new();
        let identity_count = caller.map_or(0, |policies| policies.identity.len());
        if identity_count > MAX_IDENTITY_POLICIES {
            over_quota.push((
                format!(
                    "{} identity policies are given; this tool reads at most {}, more \
                    than any user or role can carry (at most 20 managed policies each, 10 \
                    groups per user, inline policies within a few thousand characters) ({})",
                    format_count(identity_count),
                    format_count(MAX_IDENTITY_POLICIES),
                    aws_docs::IAM_QUOTAS
                ),
                DocumentId::Identity(MAX_IDENTITY_POLICIES),
            ));
        }
        let scps = load_levels(
            caller.and_then(|p| p.scps.as_ref()),
            PolicyKind::Scp,
            DocumentId::Scp,
            &mut over_quota,
            reading,
        );
        let rcps = load_levels(
            scenario.role.rcps.as_ref(),
            PolicyKind::Rcp,
            DocumentId::Rcp,
            &mut over_quota,
            reading,
        );
        Documents {
            trust: reuse_or_load(
                role.trust.as_ref(),
                DocumentId::TrustPolicy,
                &scenario.role.trust_policy,
                PolicyKind::Trust,
                reading,
            ),
            identity: caller
                .map(|policies| {
                    policies
                        .identity
                        .iter()
                        .take(MAX_IDENTITY_POLICIES + 1)
                        .enumerate()
                        .map(|(n, source)| {
                            reuse_or_load(
                                caller_side.identity.get(n),
                                DocumentId::Identity(n),
                                source,
                                PolicyKind::Identity,
                                reading,
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
            boundary: caller
                .and_then(|policies| policies.permissions_boundary.as_ref())
                .map(|source| {
                    reuse_or_load(
                        caller_side.boundary.as_ref(),
                        DocumentId::PermissionsBoundary,
                        source,
                        PolicyKind::PermissionsBoundary,
                        reading,
                    )
                }),
            scps,
            rcps,
            over_quota,
        }
    }

    /// Whether `fix` leaves every valid document it edits valid: a fix that
    /// breaks a document (removing the `aud` condition IAM requires of a
    /// Cognito trust, say) is worse than none.
    pub(crate) fn stay_valid_after(&self, fix: &FixDraft) -> bool {
        self.all()
            .filter(|document| !document.parsed.has_errors())
            .all(|document| {
                let replaced = fix.edits.iter().find_map(|edit| match edit {
                    EditDraft::Document {
                        document: id,
                        replacement,
                    } if *id == document.id => Some(replacement),
                    _ => None,
                });
                if let Some(replacement) = replaced {
                    return !parse_policy(replacement, document.kind).has_errors();
                }
                let edits: Vec<&EditDraft> = fix
                    .edits
                    .iter()
                    .filter(|edit| {
                        matches!(edit, EditDraft::Text { document: id, .. } if *id == document.id)
                    })
                    .collect();
                edits.is_empty() || document.valid_after(&edits)
            })
    }

    pub(crate) fn all(&self) -> impl Iterator<Item = &Document> {
        std::iter::once(&*self.trust).chain(self.caller_side())
    }

    /// The identity, boundary, SCP and RCP documents.
    pub(crate) fn caller_side(&self) -> impl Iterator<Item = &Document> {
        self.identity
            .iter()
            .chain(self.boundary.iter())
            .map(|document| &**document)
            .chain(self.scps.iter().flatten())
            .chain(self.rcps.iter().flatten())
    }

    /// `role_arn`: the request's, whose role name says which role's trust
    /// policy to give when it is empty.
    pub(crate) fn syntax_checks(&self, role_arn: &str, findings: &mut CheckOutcomes) {
        // Unexplained, a check is only whether IAM rejects a document: no
        // words, locations or corrections (which parse each corrected text
        // again). The same status as explained: any error, or too many.
        let trust_given = !self.trust.text.trim().is_empty();
        let trust = if !findings.explains(CheckId::TrustSyntax) {
            CheckOutcome::decided(!trust_given || self.trust.parsed.has_errors())
        } else if trust_given {
            syntax_finding(
                std::iter::once(&*self.trust),
                "The trust policy",
                false,
                &[],
            )
        } else {
            not_given(&self.trust, role_arn)
        };
        findings.set(CheckId::TrustSyntax, trust);
        let caller_side = if !findings.explains(CheckId::IdentitySyntax) {
            CheckOutcome::decided(
                !self.over_quota.is_empty()
                    || self
                        .caller_side()
                        .any(|document| document.parsed.has_errors()),
            )
        } else {
            syntax_finding(
                self.caller_side(),
                "The caller's and organization's policies",
                true,
                &self.over_quota,
            )
        };
        findings.set(CheckId::IdentitySyntax, caller_side);
    }
}

/// A trust policy with no text at all: not a document IAM rejected, but one
/// not given yet (a case read from an error message has none). IAM would
/// refuse it, so the check fails; the detail says where to get it.
/// <https://docs.aws.amazon.com/cli/latest/reference/iam/get-role.html>
fn not_given(trust: &Document, role_arn: &str) -> CheckOutcome {
    let name =
        RoleArn::parse(role_arn.trim()).map_or_else(|_| "NAME".to_string(), |role| role.name);
    CheckOutcome::fail(format!(
        "The trust policy is empty: give the role's trust policy, which \
        `aws iam get-role --role-name {name} --query Role.AssumeRolePolicyDocument` prints \
        (a role always has one)."
    ))
    .at_all(vec![Span::text(
        trust.id,
        TextRange::new(trust.text.len(), trust.text.len()),
    )])
    .doc(aws_docs::GRAMMAR)
}

fn describe(document: &Document) -> String {
    match document.id {
        DocumentId::TrustPolicy => "the trust policy".to_string(),
        DocumentId::PermissionsBoundary => "the permissions boundary".to_string(),
        other => other.label(),
    }
}

/// `what` names the documents as one subject; `plural` gives its verb ("are"),
/// whatever the number of documents behind it.
/// `over_quota`: more documents than AWS allows, each an error at the first
/// document past the limit.
fn syntax_finding<'a>(
    documents: impl Iterator<Item = &'a Document>,
    what: &str,
    plural: bool,
    over_quota: &[(String, DocumentId)],
) -> CheckOutcome {
    let verb = if plural { "are" } else { "is" };
    let documents: Vec<&Document> = documents.collect();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut locations = Vec::new();
    let mut changes = Vec::new();
    // The corrections are offered only when, applied, they leave every
    // document they touch valid: a fix never leaves its check failing.
    let mut uncertain = !over_quota.is_empty();
    for (message, id) in over_quota {
        errors.push(message.clone());
        if let Some(document) = documents.iter().find(|d| d.id == *id) {
            let whole = TextRange::new(0, document.text.len());
            locations.push(Span::text(
                document.id,
                underline_range(whole, &document.text),
            ));
        }
    }
    // Errors and warnings past the listed ones.
    let mut unlisted = (0, 0);
    // Each help is said once: ten JSON errors share one reason.
    let mut helps_said: Vec<&str> = Vec::new();
    let mut error_code = None;
    let count = documents.len();
    for document in documents {
        for diagnostic in &document.parsed.diagnostics {
            if errors.len() + warnings.len() >= MAX_LISTED_DIAGNOSTICS {
                match diagnostic.severity {
                    Severity::Error => unlisted.0 += 1,
                    _ => unlisted.1 += 1,
                }
                uncertain = true;
                continue;
            }
            // The trust policy check has one document: no need to name it.
            let mut line = if document.id == DocumentId::TrustPolicy {
                diagnostic.message.clone()
            } else {
                format!("{}: {}", describe(document), diagnostic.message)
            };
            if let Some(help) = &diagnostic.help {
                if !helps_said.contains(&help.as_str()) {
                    helps_said.push(help);
                    line.push_str(&format!(" ({help})"));
                }
            }
            let is_error = diagnostic.severity == Severity::Error;
            if is_error && error_code.is_none() {
                error_code = diagnostic.error_code;
            }
            if is_error {
                errors.push(line);
            } else {
                warnings.push(line);
            }
            // Errors first, so the first location is what stops AWS.
            let location = Span::text(
                document.id,
                underline_range(diagnostic.range, &document.text),
            );
            if is_error {
                locations.insert(errors.len() - 1, location);
            } else {
                locations.push(location);
            }
            // Two diagnostics can fix the same text (a Sid rewritten whole,
            // a character in it): the first, wider edit covers both.
            let overlaps = changes.iter().any(|change| {
                matches!(change, EditDraft::Text { document: id, range, .. }
                    if *id == document.id
                        && range.start < diagnostic.range.end
                        && diagnostic.range.start < range.end)
            });
            if let (Some(replacement), false) = (&diagnostic.replacement, overlaps) {
                if is_error {
                    changes.push(EditDraft::replace(
                        document.id,
                        diagnostic.range,
                        replacement.clone(),
                    ));
                }
            }
        }
        if document.parsed.has_errors() {
            let own: Vec<&EditDraft> = changes.iter().collect();
            uncertain |= !document.valid_after(&own);
        }
    }
    let remedy = (!changes.is_empty() && !uncertain)
        .then(|| FixDraft::safe("Correct the policy text", changes));
    if unlisted.0 > 0 {
        errors.push(format!(
            "and {} more errors, not listed: correct these first",
            unlisted.0
        ));
    }
    if unlisted.1 > 0 {
        warnings.push(format!("and {} more warnings, not listed", unlisted.1));
    }
    if !errors.is_empty() {
        // Too many documents is a count AWS never reaches, not a text IAM
        // rejects: say which.
        let opening = if errors.len() == over_quota.len() {
            format!("{what} {verb} more than AWS applies to one call")
        } else {
            format!("{what} {verb} rejected by IAM")
        };
        // The first error is the detail's first sentence, which the page
        // and the summary show alone; the others follow it.
        let (first, others) = errors.split_first().unwrap_or((&opening, &[]));
        let mut detail = format!("{opening}: {first}.");
        if !others.is_empty() {
            detail.push_str(&format!(" Also rejected: {}.", others.join("; ")));
        }
        if !warnings.is_empty() {
            detail.push_str(&format!(" Also: {}.", warnings.join("; ")));
        }
        CheckOutcome::fail(detail)
            .at_all(locations)
            .with_remedy(remedy)
            .doc(aws_docs::GRAMMAR)
            .error_code(error_code)
    } else if !warnings.is_empty() {
        CheckOutcome::warn(format!(
            "{what} {verb} accepted, but: {}.",
            warnings.join("; ")
        ))
        .at_all(locations)
        .doc(aws_docs::GRAMMAR)
    } else if count == 0 {
        CheckOutcome::pass(format!("{what}: none given."))
    } else {
        CheckOutcome::pass(format!("{what} {verb} valid."))
    }
}

/// What a diagnostic underlines: its range without a leading separator, and
/// a lone JSON string without its quotes.
fn underline_range(range: TextRange, text: &str) -> TextRange {
    let range = not_the_whole_document(range, text);
    let slice = range.slice(text);
    let trimmed = slice.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
    if trimmed.is_empty() {
        // The comma or the space is the problem itself (a trailing comma, a
        // tab in a string, a non-breaking space): underline it.
        return range;
    }
    let start = range.start + (slice.len() - trimmed.len());
    let range = TextRange::new(start, range.end.max(start));
    let slice = range.slice(text);
    let inner = slice.get(1..slice.len().saturating_sub(1)).unwrap_or("");
    let lone_string = slice.len() >= 2
        && slice.starts_with('"')
        && slice.ends_with('"')
        && !inner.replace("\\\\", "").replace("\\\"", "").contains('"');
    if lone_string {
        TextRange::new(range.start + 1, range.end - 1)
    } else {
        range
    }
}

/// A location never underlines a whole document (the contract): when the
/// problem is all the text there is (`AdministratorAccess` pasted for a
/// policy), the first character stands for it.
fn not_the_whole_document(range: TextRange, text: &str) -> TextRange {
    let start = text.len() - text.trim_start().len();
    let end = text.trim_end().len();
    let first = text.get(start..).and_then(|rest| rest.chars().next());
    match first {
        Some(first)
            if range.start <= start && range.end >= end && end > start + first.len_utf8() =>
        {
            TextRange::new(start, start + first.len_utf8())
        }
        _ => range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn documents() -> Documents {
        let scenario = Scenario::from_json(
            r#"{"request": {"caller": "arn:aws:iam::111111111111:user/a", "role_arn": "arn:aws:iam::111111111111:role/r"},
                "role": {"trust_policy": {"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}]}}}"#,
        )
        .unwrap();
        Documents::load(&scenario, Reading::Report)
    }

    /// A case read from an error message has no trust policy yet: the check
    /// says it is empty and where to get it, not that IAM rejected a text.
    #[test]
    fn an_empty_trust_policy_is_said_to_be_missing() {
        for text in ["", "  \n\t"] {
            let mut scenario = Scenario::from_json(
                r#"{"request": {"caller": "arn:aws:iam::111111111111:user/a", "role_arn": "arn:aws:iam::222222222222:role/r"},
                    "role": {"trust_policy": ""}}"#,
            )
            .unwrap();
            scenario.role.trust_policy = PolicySource::Text(text.into());
            let report = crate::evaluate(&scenario);
            let check = report
                .checks
                .iter()
                .find(|check| check.id == CheckId::TrustSyntax)
                .unwrap();
            assert_eq!(check.status, crate::report::Status::Fail);
            assert!(
                check.detail.starts_with("The trust policy is empty: give the role's trust policy, which `aws iam get-role --role-name r --query"),
                "{}",
                check.detail
            );
            assert!(!check.detail.contains("rejected"), "{}", check.detail);
            assert_eq!(check.locations.len(), 1);
            assert_eq!(report.decision, crate::report::Decision::Invalid);
            assert_eq!(crate::decide(&scenario).failing, report.failing());
        }
    }

    /// Found by the evaluate_and_fix fuzz target: a fix that rewrote the
    /// whole trust policy (adding a statement) with a principal IAM refuses
    /// was offered, since only text edits were checked.
    #[test]
    fn a_fix_replacing_a_document_must_leave_it_valid() {
        let replaced = |text: &str| {
            FixDraft::safe(
                "replace",
                vec![EditDraft::new_document(
                    DocumentId::TrustPolicy,
                    text.into(),
                )],
            )
        };
        let documents = documents();
        assert!(documents.stay_valid_after(&replaced(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}]}"#
        )));
        assert!(!documents.stay_valid_after(&replaced(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111111111111:oidc-provider/a?b"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}"#
        )));
    }
}
