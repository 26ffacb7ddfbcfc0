//! Consistent redaction of account ids and names before sharing.
//!
//! One mapping is built for the whole scenario and applied to the request,
//! every policy (pasted text or object) and the free text, so that the
//! redacted case evaluates exactly as the original:
//!
//! - account ids (any run of exactly 12 digits) become `000000000001`,
//!   `000000000002`, … in order of appearance;
//! - user, role, session, group and SAML provider names found in ARNs, the
//!   session name, and `aws:username` / `sts:RoleSessionName` values become
//!   `user1`, `role1`, `session1`, `group1`, `provider1`;
//! - organization, root and OU ids become `o-0000000001`, `r-0001`,
//!   `ou-0000-00000001`;
//! - external ids, source identities and session-tag values become
//!   `external-id-1`, `source-identity-1`, `tag-value-1` wherever they are the
//!   whole value of that request field or condition key;
//! - IP addresses and CIDR blocks go through a prefix-preserving permutation
//!   (each output bit depends only on the input bits before it), so an
//!   address lies in a block after redaction exactly when it did before;
//! - e-mail addresses anywhere become `user1@example.com`, …;
//! - statement ids become `Stmt1`, … (one IAM rejects keeps its bad
//!   characters, `Stmt1 -`, so it is still rejected; `Stmt1`, `Sid2` are
//!   left);
//! - UUIDs (CircleCI `oidc.circleci.com/org/UUID` organizations, projects
//!   and users, Cognito identity pools `REGION:UUID`) become
//!   `00000000-0000-0000-0000-000000000001`, …; EKS OIDC provider ids
//!   (`oidc.eks.REGION.amazonaws.com/id/ID`) become
//!   `00000000000000000000000000000001`, …; Cognito user pools
//!   `REGION_SUFFIX` keep their region (`us-east-1_000000001`);
//! - GitHub and GitLab organizations (groups) and repositories (projects) in
//!   subjects (`repo:ORG/REPO:…`, `project_path:GROUP/SUB/PROJECT:…`) and in
//!   the `repository`, `repository_owner`, `job_workflow_ref` claims become
//!   `org1`, `repo1`; the `actor` claim becomes `actor1`;
//! - Kubernetes namespaces and service accounts in
//!   `system:serviceaccount:NS:SA` become `namespace1`, `serviceaccount1`;
//! - Lambda function names in `arn:…:function:NAME[:ALIAS]` become
//!   `function1`.
//!
//! Names and ids are replaced wherever they stand as a whole token in a
//! value, and in free text (name, description, expectations) as a word
//! whatever punctuation surrounds it and in any case. The scenario format
//! carries no policy names, so there are none to replace.
//!
//! What IAM defines is never touched: object keys (condition keys, operators,
//! tag keys) but for an issuer's id in a key (an EKS cluster id or CircleCI
//! organization, replaced as in the provider ARN so the claim still matches),
//! `Version`, `Effect`, `Action`/`NotAction`, service principals, the
//! partition, `root` and the ARN resource types.
//!
//! A replacement is *dropped* (the original kept) when it would change how a
//! policy value compares with a request value: a wildcard pattern such as
//! `role/ci-*` that matches part of a name, or a case-insensitive comparison.
//! The check compares every policy value with every request value, case
//! sensitive and insensitive, before and after. When an address is kept, all
//! addresses are kept, so that block containment stays right. When a policy
//! builds a value from a policy variable that names a redacted class (say
//! `${aws:PrincipalTag/team}`), that class is kept. Ids equal but for case
//! (`ABC`, `abc`) share a letterless placeholder, and when that changes a
//! comparison the whole family is kept. [`redact_with_notes`] says what was
//! kept and why.
//!
//! Placeholders differ in length from what they replace, and IAM and AWS
//! Organizations limit a policy's size, so each redacted document is held
//! to the size limits its original passes: one that fell under a limit gets
//! a longer first `Sid` (nothing compares it), and one pushed over a limit
//! keeps the originals whose placeholders are longer. STS limits request
//! fields too (an external ID of 2 to 1,224 characters): when a placeholder
//! inside a field makes STS accept what it refused, or refuse what it
//! accepted, the originals in that field are kept.

use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use crate::arn::{is_name_char, is_tag_char};
use crate::condition::parse_number;
use crate::date::parse_date;
use crate::evaluate::refused_fields;
use crate::json::{parse_json, JsonNode, JsonValue};
use crate::policy::{quota, PolicyKind};
use crate::report::RequestField;
use crate::scenario::{ContextValue, Expectation, Mfa, PolicySource, Request, Scenario};
use crate::wildcard::wildcard_match;

mod documentation_addresses;

/// The scenario with account ids, names, external ids, IP addresses, tag
/// values and the other identifiers the module documentation lists replaced
/// consistently (the same input always maps to the same placeholder, so the
/// case still reproduces).
pub fn redact(scenario: &Scenario) -> Scenario {
    redact_with_notes(scenario).scenario
}

/// A redacted scenario and what was deliberately left as it was.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Redaction {
    pub scenario: Scenario,
    /// One sentence per value kept so that the case still evaluates the
    /// same (or, for a huge scenario, why that was not checked).
    pub kept: Vec<String>,
}

/// [`redact`], also saying which values were kept and why.
pub fn redact_with_notes(scenario: &Scenario) -> Redaction {
    let mut collector = Collector::new(scenario);
    let _ = rewrite(scenario, &mut |text, site| {
        collector.collect(text, site);
        text.to_string()
    });
    let mut mapping = collector.finish();
    let mut kept = mapping.drop_unsafe_entries();
    let mut redacted = rewrite(scenario, &mut |text, site| mapping.apply(text, site));
    // A placeholder longer than its original can push a document over a
    // size quota it was within: keep those originals (each round drops at
    // least one entry or ends).
    let refused_before = refused_fields(scenario);
    loop {
        // A placeholder of another length can make a request field STS
        // refused acceptable (or the reverse): keep what that field holds.
        let refused_after = refused_fields(&redacted);
        if let Some(field) = refusal_changed(&refused_before, &refused_after) {
            let written = field_text(scenario, &field);
            let reason = format!(
                "STS must refuse or accept `{}` as it did before redaction",
                field.as_str()
            );
            let dropped = mapping.drop_where(&mut kept, |original, _| {
                written.contains(original).then(|| reason.clone())
            });
            if dropped.is_empty() {
                kept.push(format!(
                    "STS would judge the redacted `{}` differently from the original; \
                    the redacted case may evaluate differently",
                    field.as_str()
                ));
                break;
            }
            redacted = rewrite(scenario, &mut |text, site| mapping.apply(text, site));
            continue;
        }
        let grown: Vec<(PolicyKind, String)> = scenario
            .policies_by_kind()
            .into_iter()
            .zip(redacted.policies_by_kind())
            .filter(|((kind, before), (_, after))| {
                size_band(before, *kind) < size_band(after, *kind)
            })
            .map(|((kind, before), _)| (kind, before.text().to_string()))
            .collect();
        let Some((kind, _)) = grown.first() else {
            break;
        };
        let reason = format!("the {} must stay within its size quota", kind_noun(*kind));
        let dropped = mapping.drop_where(&mut kept, |original, entry| {
            (entry.replacement.len() > original.len()
                && grown.iter().any(|(_, text)| text.contains(original)))
            .then(|| reason.clone())
        });
        if dropped.is_empty() {
            kept.push(format!(
                "the redacted {} is over a size quota the original is within; the \
                redacted case may evaluate differently",
                kind_noun(*kind)
            ));
            break;
        }
        redacted = rewrite(scenario, &mut |text, site| mapping.apply(text, site));
    }
    // Placeholders shorter than their originals can bring a document under
    // a quota it was over: a statement id makes up the difference.
    for ((kind, before), (_, after)) in scenario
        .policies_by_kind()
        .into_iter()
        .zip(policies_mut(&mut redacted))
    {
        let band = size_band(before, kind);
        if size_band(after, kind) < band && !pad_to_band(after, kind, band) {
            kept.push(format!(
                "the redacted {} is under a size quota the original is over; the redacted \
                case may evaluate differently",
                kind_noun(kind)
            ));
        }
    }
    Redaction {
        scenario: redacted,
        kept,
    }
}

// ---------------------------------------------------------------------------
// Request fields: STS refuses the same ones after redaction.

/// The first field refused on one side only.
fn refusal_changed(before: &[RequestField], after: &[RequestField]) -> Option<RequestField> {
    before
        .iter()
        .find(|field| !after.contains(field))
        .or_else(|| after.iter().find(|field| !before.contains(field)))
        .cloned()
}

/// A field's value as written in the scenario (JSON text), to find the
/// originals it holds.
fn field_text(scenario: &Scenario, field: &RequestField) -> String {
    if *field == RequestField::MaxSessionDuration {
        return serde_json::to_string(&scenario.role.max_session_duration).unwrap_or_default();
    }
    serde_json::to_value(&scenario.request)
        .ok()
        .and_then(|request| request.get(field.as_str()).map(|value| value.to_string()))
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------
// Size quotas: a redacted document meets the same ones as its original.

/// How many size limits a policy passes.
fn size_band(policy: &PolicySource, kind: PolicyKind) -> usize {
    quota::limits_passed(quota::counted_size(policy.text(), kind), kind)
}

fn kind_noun(kind: PolicyKind) -> &'static str {
    match kind {
        PolicyKind::Trust => "trust policy",
        PolicyKind::Identity => "identity policy",
        PolicyKind::PermissionsBoundary => "permissions boundary",
        PolicyKind::Scp => "SCP",
        PolicyKind::Rcp => "RCP",
    }
}

/// [`Scenario::policies_by_kind`], to change (the same order).
fn policies_mut(scenario: &mut Scenario) -> Vec<(PolicyKind, &mut PolicySource)> {
    let mut out = vec![(PolicyKind::Trust, &mut scenario.role.trust_policy)];
    if let Some(caller) = &mut scenario.caller_policies {
        out.extend(
            caller
                .identity
                .iter_mut()
                .map(|p| (PolicyKind::Identity, p)),
        );
        out.extend(
            caller
                .permissions_boundary
                .iter_mut()
                .map(|p| (PolicyKind::PermissionsBoundary, p)),
        );
        out.extend(
            caller
                .scps
                .iter_mut()
                .flatten()
                .flatten()
                .map(|p| (PolicyKind::Scp, p)),
        );
    }
    out.extend(
        scenario
            .role
            .rcps
            .iter_mut()
            .flatten()
            .flatten()
            .map(|p| (PolicyKind::Rcp, p)),
    );
    out
}

/// Lengthens the first statement's `Sid` (adding one if it has none), which
/// nothing compares, until the policy passes `band` size limits again.
/// False when it has no statement object to carry one.
fn pad_to_band(policy: &mut PolicySource, kind: PolicyKind, band: usize) -> bool {
    let Some(&limit) = band
        .checked_sub(1)
        .and_then(|at| quota::size_limits(kind).get(at))
    else {
        return true;
    };
    // An object's text is re-serialized, which may add white space that
    // counts: measure again after each try.
    for _ in 0..3 {
        let text = policy.text();
        let size = quota::counted_size(text, kind);
        if size > limit {
            return true;
        }
        let missing = limit + 1 - size;
        let Some(padded) = pad_first_sid(text, missing) else {
            return false;
        };
        *policy = match policy {
            PolicySource::Text(_) => PolicySource::Text(padded),
            PolicySource::Object(_) => {
                PolicySource::object_from_text(&padded).unwrap_or(PolicySource::Text(padded))
            }
        };
    }
    quota::counted_size(policy.text(), kind) > limit
}

/// `text` with at least `missing` more characters, none of them white
/// space, in the first statement's `Sid`.
fn pad_first_sid(text: &str, missing: usize) -> Option<String> {
    let root = parse_json(text).ok()?;
    let JsonValue::Object(members) = &root.value else {
        return None;
    };
    let statements = &members.iter().find(|m| m.key == "Statement")?.value;
    let statement = match &statements.value {
        JsonValue::Array(items) => items.first()?,
        _ => statements,
    };
    let JsonValue::Object(fields) = &statement.value else {
        return None;
    };
    let (at, insert) = match fields.iter().find(|f| f.key == "Sid") {
        Some(sid) if matches!(sid.value.value, JsonValue::String(_)) => {
            // Letters after the placeholder's digits: no other `StmtN`.
            (sid.value.range.end - 1, "x".repeat(missing))
        }
        _ => {
            // `"Sid":"…",` itself counts nine characters.
            let value = format!("Pad{}", "x".repeat(missing.saturating_sub(12)));
            let comma = if fields.is_empty() { "" } else { "," };
            (
                statement.range.start + 1,
                format!("\"Sid\":\"{value}\"{comma}"),
            )
        }
    };
    let mut padded = String::with_capacity(text.len() + insert.len());
    padded.push_str(text.get(..at)?);
    padded.push_str(&insert);
    padded.push_str(text.get(at..)?);
    Some(padded)
}

// ---------------------------------------------------------------------------
// Where strings sit in a scenario.

/// What a string is, which decides what may be replaced in it.
#[derive(Clone, Debug)]
enum Site {
    /// A value IAM compares: a request field, a context value or a policy
    /// value. `key` is the (lowercase) condition or context key it belongs
    /// to, or the member name in a policy.
    Value {
        key: String,
        in_policy: bool,
        /// IAM-defined (`Action`, `Effect`, a service principal…): untouched.
        protected: bool,
        /// The (lowercase) condition key a policy value under a Numeric or
        /// Date operator is ordered against.
        ordered_key: Option<String>,
    },
    /// Words for people: the name, the description, expectations.
    FreeText,
    /// An object key (a condition or context key): IAM-defined but for an
    /// issuer's id in it (`oidc.eks.REGION.amazonaws.com/id/ID:sub`), which
    /// must change with the provider ARN, or the claim no longer matches.
    Key,
    /// A statement's `Sid`: never compared, but often a sentence of names.
    Sid,
}

impl Site {
    fn request(key: &str) -> Site {
        let key = key.to_ascii_lowercase();
        Site::Value {
            protected: names_tag_keys(&key),
            ordered_key: None,
            key,
            in_policy: false,
        }
    }
}

/// Rebuilds the scenario with every string passed through `map`.
fn rewrite(scenario: &Scenario, map: &mut dyn FnMut(&str, &Site) -> String) -> Scenario {
    let request = rewrite_request(&scenario.request, map);
    let caller_policies = scenario.caller_policies.as_ref().map(|policies| {
        let mut policies = policies.clone();
        for policy in &mut policies.identity {
            *policy = rewrite_policy(policy, map);
        }
        if let Some(boundary) = &mut policies.permissions_boundary {
            *boundary = rewrite_policy(boundary, map);
        }
        if let Some(levels) = &mut policies.scps {
            rewrite_levels(levels, map);
        }
        policies
    });
    let mut role = scenario.role.clone();
    role.trust_policy = rewrite_policy(&scenario.role.trust_policy, map);
    if let Some(levels) = &mut role.rcps {
        rewrite_levels(levels, map);
    }
    // Free text last, so that placeholders number in the order the request
    // and policies use them.
    let free = Site::FreeText;
    let name = scenario.name.as_deref().map(|text| map(text, &free));
    let description = scenario.description.as_deref().map(|text| map(text, &free));
    let expect = scenario
        .expect
        .as_ref()
        .map(|expect| rewrite_expectation(expect, map));
    // What AWS said names the same caller, role and policies: free text,
    // mapped like every other occurrence so that it still matches the case.
    let observed = scenario
        .observed
        .as_ref()
        .map(|said| crate::scenario::Observed {
            message: map(&said.message, &free),
            evidence: said.evidence.clone(),
            surfaces: said.surfaces.iter().map(|text| map(text, &free)).collect(),
            unknown: rewrite_unknown(&said.unknown, map),
        });
    let unknown = rewrite_unknown(&scenario.unknown, map);
    Scenario {
        name,
        description,
        request,
        caller_policies,
        role,
        observed,
        expect,
        unknown,
    }
}

fn rewrite_levels(levels: &mut [Vec<PolicySource>], map: &mut dyn FnMut(&str, &Site) -> String) {
    for level in levels {
        for policy in level {
            *policy = rewrite_policy(policy, map);
        }
    }
}

fn rewrite_request(request: &Request, map: &mut dyn FnMut(&str, &Site) -> String) -> Request {
    let caller = map(&request.caller, &Site::request("caller"));
    let role_arn = map(&request.role_arn, &Site::request("role_arn"));
    let mut field = |value: &Option<String>, key: &str| {
        value.as_deref().map(|text| map(text, &Site::request(key)))
    };
    let role_session_name = field(&request.role_session_name, "sts:RoleSessionName");
    let external_id = field(&request.external_id, "sts:ExternalId");
    let source_ip = field(&request.source_ip, "aws:SourceIp");
    let source_identity = field(&request.source_identity, "sts:SourceIdentity");
    let mfa = request.mfa.as_ref().map(|mfa| Mfa {
        serial_number: mfa
            .serial_number
            .as_deref()
            .map(|serial| map(serial, &Site::request("mfa.serial_number"))),
        age_seconds: mfa.age_seconds,
    });
    // Tag keys are named in condition keys: kept. Values are secrets.
    let tags = request.tags.as_ref().map(|tags| {
        tags.iter()
            .map(|(key, value)| {
                let site = Site::request(&format!("aws:RequestTag/{key}"));
                (key.clone(), map(value, &site))
            })
            .collect()
    });
    let context = request.context.as_ref().map(|context| {
        context
            .iter()
            .map(|(key, value)| {
                let site = Site::request(key);
                let value = match value {
                    ContextValue::One(one) => ContextValue::One(map(one, &site)),
                    ContextValue::Many(many) => {
                        ContextValue::Many(many.iter().map(|one| map(one, &site)).collect())
                    }
                };
                (map(key, &Site::Key), value)
            })
            .collect()
    });
    Request {
        action: request.action.clone(),
        caller,
        role_arn,
        role_session_name,
        external_id,
        duration_seconds: request.duration_seconds.clone(),
        mfa,
        source_ip,
        source_identity,
        tags,
        transitive_tag_keys: request.transitive_tag_keys.clone(),
        context,
        unknown: rewrite_unknown(&request.unknown, map),
    }
}

fn rewrite_expectation(
    expect: &Expectation,
    map: &mut dyn FnMut(&str, &Site) -> String,
) -> Expectation {
    let underline = expect
        .underline
        .iter()
        .map(|(check, texts)| {
            let texts = texts
                .iter()
                .map(|text| map(text, &Site::FreeText))
                .collect();
            (check.clone(), texts)
        })
        .collect();
    Expectation {
        decision: expect.decision.clone(),
        failing: expect.failing.clone(),
        underline,
        fixes: expect.fixes.clone(),
        observed_agrees: expect.observed_agrees,
        unknown: rewrite_unknown(&expect.unknown, map),
    }
}

fn rewrite_unknown(
    unknown: &BTreeMap<String, serde_json::Value>,
    map: &mut dyn FnMut(&str, &Site) -> String,
) -> BTreeMap<String, serde_json::Value> {
    unknown
        .iter()
        .map(|(key, value)| (key.clone(), rewrite_json_value(value, key, map)))
        .collect()
}

fn rewrite_json_value(
    value: &serde_json::Value,
    key: &str,
    map: &mut dyn FnMut(&str, &Site) -> String,
) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(text) => Value::String(map(text, &Site::request(key))),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| rewrite_json_value(item, key, map))
                .collect(),
        ),
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(name, item)| (name.clone(), rewrite_json_value(item, name, map)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A policy keeps its form: text stays text (formatting kept, only string
/// contents change), an object stays an object.
fn rewrite_policy(
    policy: &PolicySource,
    map: &mut dyn FnMut(&str, &Site) -> String,
) -> PolicySource {
    match policy {
        PolicySource::Text(text) => PolicySource::Text(rewrite_policy_text(text, map)),
        PolicySource::Object(_) => {
            let text = rewrite_policy_text(policy.text(), map);
            // Replacements are plain ASCII without quotes or backslashes, so
            // the text stays valid JSON; should it not, text is still right.
            PolicySource::object_from_text(&text).unwrap_or(PolicySource::Text(text))
        }
    }
}

/// Rewrites the contents of every value string of a policy's text, found by
/// the policy parser's JSON reader, which knows which member each belongs to.
fn rewrite_policy_text(text: &str, map: &mut dyn FnMut(&str, &Site) -> String) -> String {
    // In text that is not JSON, string boundaries are guesses (a missing
    // quote shifts them all): replace tokens everywhere instead.
    let Ok(root) = parse_json(text) else {
        return map(text, &Site::FreeText);
    };
    let mut literals = Vec::new();
    collect_literals(&root, &mut Vec::new(), &mut literals);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for literal in literals {
        let (Some(before), Some(content)) = (
            text.get(last..literal.content.start),
            text.get(literal.content.clone()),
        ) else {
            continue;
        };
        out.push_str(before);
        let mapped = map(content, &literal.site());
        let bare_number = literal.content.start == 0
            || text.as_bytes().get(literal.content.start - 1) != Some(&b'"');
        if bare_number && mapped != content {
            // Placeholders start with zeros, which a JSON number cannot.
            out.push_str(&format!("\"{mapped}\""));
        } else {
            out.push_str(&mapped);
        }
        last = literal.content.end;
    }
    out.push_str(text.get(last..).unwrap_or_default());
    out
}

#[derive(Debug)]
struct Literal {
    /// Byte range of the contents, without quotes, escapes as written.
    content: std::ops::Range<usize>,
    /// Member names enclosing the literal, outermost first.
    path: Vec<String>,
    /// An object key rather than a value.
    is_key: bool,
}

impl Literal {
    fn site(&self) -> Site {
        if self.is_key {
            return Site::Key;
        }
        if self.path.len() == 2
            && self
                .path
                .iter()
                .zip(["Statement", "Sid"])
                .all(|(a, b)| a == b)
        {
            return Site::Sid;
        }
        let key = self.path.last().cloned().unwrap_or_default();
        let parent = self
            .path
            .len()
            .checked_sub(2)
            .and_then(|at| self.path.get(at));
        let protected = matches!(key.as_str(), "Version" | "Effect" | "Action" | "NotAction")
            && self.path.len() <= 2
            || names_tag_keys(&key.to_ascii_lowercase())
            || (key == "Service"
                && parent.is_some_and(|p| p == "Principal" || p == "NotPrincipal"));
        // Under Null, Bool, Numeric*, Date* or *IpAddress a value is no
        // name or secret, whatever its key (`"Null": {"sts:ExternalId": "true"}`).
        let typed_operator = parent.is_some_and(|operator| {
            let base = operator.rsplit(':').next().unwrap_or(operator);
            [
                "Null",
                "Bool",
                "Numeric",
                "Date",
                "IpAddress",
                "NotIpAddress",
                "Binary",
            ]
            .iter()
            .any(|prefix| base.starts_with(prefix))
        }) && self.path.iter().any(|member| member == "Condition");
        let ordered = parent.is_some_and(|operator| {
            let base = operator.rsplit(':').next().unwrap_or(operator);
            base.starts_with("Numeric") || base.starts_with("Date")
        });
        let ordered_key = (typed_operator && ordered).then(|| key.to_ascii_lowercase());
        let key = if typed_operator { String::new() } else { key };
        Site::Value {
            key: key.to_ascii_lowercase(),
            in_policy: true,
            protected,
            ordered_key,
        }
    }
}

/// The value strings of a parsed document, in source order, each with the
/// member names from the root down to it. An account id written as a bare
/// number (IAM accepts `"AWS": 111122223333`) is a value too.
fn collect_literals(node: &JsonNode<'_>, path: &mut Vec<String>, out: &mut Vec<Literal>) {
    let range = node.range;
    match &node.value {
        // The range includes the quotes; the contents keep escapes as written.
        JsonValue::String(_) => out.push(Literal {
            content: string_contents(range.start, range.end),
            path: path.clone(),
            is_key: false,
        }),
        JsonValue::Number(digits)
            if digits.len() == 12 && digits.bytes().all(|b| b.is_ascii_digit()) =>
        {
            out.push(Literal {
                content: range.start..range.end,
                path: path.clone(),
                is_key: false,
            });
        }
        JsonValue::Array(items) => {
            for item in items {
                collect_literals(item, path, out);
            }
        }
        JsonValue::Object(members) => {
            for member in members {
                out.push(Literal {
                    content: string_contents(member.key_range.start, member.key_range.end),
                    path: path.clone(),
                    is_key: true,
                });
                path.push(member.key.to_string());
                collect_literals(&member.value, path, out);
                path.pop();
            }
        }
        JsonValue::Null | JsonValue::Bool(_) | JsonValue::Number(_) => {}
    }
}

/// `aws:TagKeys`, `sts:TransitiveTagKeys`: values that are tag keys, which
/// are kept (conditions name them), so they must stay as the tags have them.
fn names_tag_keys(key: &str) -> bool {
    key.ends_with("tagkeys")
}

/// The contents of a quoted string at `start..end` (quotes included).
fn string_contents(start: usize, end: usize) -> std::ops::Range<usize> {
    start + 1..end.saturating_sub(1).max(start + 1)
}

// ---------------------------------------------------------------------------
// What gets replaced.

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Account,
    User,
    Role,
    Session,
    Group,
    Provider,
    Organization,
    OrganizationRoot,
    OrganizationalUnit,
    ExternalId,
    SourceIdentity,
    TagValue,
    Address,
    Email,
    Sid,
    /// Any UUID: CircleCI organization, project and user ids, Cognito
    /// identity pool and identity ids.
    Uuid,
    EksClusterId,
    UserPool,
    ForgeOrganization,
    ForgeRepository,
    ForgeActor,
    Namespace,
    ServiceAccount,
    Function,
}

impl Class {
    fn noun(self) -> &'static str {
        match self {
            Class::Account => "account id",
            Class::User => "user name",
            Class::Role => "role name",
            Class::Session => "session name",
            Class::Group => "group name",
            Class::Provider => "provider name",
            Class::Organization => "organization id",
            Class::OrganizationRoot => "organization root id",
            Class::OrganizationalUnit => "organizational unit id",
            Class::ExternalId => "external id",
            Class::SourceIdentity => "source identity",
            Class::TagValue => "tag value",
            Class::Address => "IP address",
            Class::Email => "e-mail address",
            Class::Sid => "statement id",
            Class::Uuid => "UUID",
            Class::EksClusterId => "EKS OIDC provider id",
            Class::UserPool => "Cognito user pool id",
            Class::ForgeOrganization => "organization or group name",
            Class::ForgeRepository => "repository name",
            Class::ForgeActor => "user name",
            Class::Namespace => "Kubernetes namespace",
            Class::ServiceAccount => "Kubernetes service account",
            Class::Function => "Lambda function name",
        }
    }

    fn placeholder(self, n: usize) -> String {
        match self {
            Class::Account => format!("{n:012}"),
            Class::User => format!("user{n}"),
            Class::Role => format!("role{n}"),
            Class::Session => format!("session{n}"),
            Class::Group => format!("group{n}"),
            Class::Provider => format!("provider{n}"),
            Class::Organization => format!("o-{n:010}"),
            Class::OrganizationRoot => format!("r-{n:04}"),
            Class::OrganizationalUnit => format!("ou-0000-{n:08}"),
            Class::ExternalId => format!("external-id-{n}"),
            Class::SourceIdentity => format!("source-identity-{n}"),
            Class::TagValue => format!("tag-value-{n}"),
            Class::Email => format!("user{n}@example.com"),
            Class::Sid => format!("Stmt{n}"),
            Class::Uuid => format!("00000000-0000-0000-0000-{n:012}"),
            Class::EksClusterId => format!("{n:032}"),
            // Prefixed with the region by `Collector::finish`.
            Class::UserPool => format!("{n:09}"),
            Class::ForgeOrganization => format!("org{n}"),
            Class::ForgeRepository => format!("repo{n}"),
            Class::ForgeActor => format!("actor{n}"),
            Class::Namespace => format!("namespace{n}"),
            Class::ServiceAccount => format!("serviceaccount{n}"),
            Class::Function => format!("function{n}"),
            // Addresses are permuted, never numbered.
            Class::Address => String::new(),
        }
    }

    /// Whether AWS accepts the value (STS and IAM limits). A value AWS would
    /// reject is kept: it is what the case is about, and a valid placeholder
    /// would make the request well-formed.
    fn accepts(self, value: &str) -> bool {
        let length = value.chars().count();
        let name_chars = || value.chars().all(is_name_char);
        match self {
            Class::ExternalId => {
                (2..=1224).contains(&length)
                    && value
                        .chars()
                        .all(|c| is_name_char(c) || c == ':' || c == '/')
            }
            Class::SourceIdentity | Class::Session => (2..=64).contains(&length) && name_chars(),
            Class::User | Class::Role | Class::Group => (1..=64).contains(&length) && name_chars(),
            Class::Provider => (1..=128).contains(&length) && name_chars(),
            Class::TagValue => length <= 256 && value.chars().all(is_tag_char),
            _ => true,
        }
    }

    /// Replaced wherever it is a whole token, not only as a whole value.
    fn is_token(self) -> bool {
        !matches!(
            self,
            Class::ExternalId | Class::SourceIdentity | Class::TagValue | Class::Sid
        )
    }

    /// Also replaced inside condition and context keys, where a token
    /// issuer's URL names it.
    fn in_keys(self) -> bool {
        matches!(self, Class::EksClusterId | Class::Uuid)
    }

    /// Hex ids equal but for case share one letterless placeholder: IAM
    /// compares issuer prefixes of keys ignoring case, and a case-sensitive
    /// comparison this would change is caught by the comparison check.
    fn shares_placeholder_across_case(self) -> bool {
        matches!(self, Class::Uuid | Class::EksClusterId | Class::UserPool)
    }

    /// The class of values a condition or context key holds, when secret.
    /// The service prefix is ignored, so that a misspelt key
    /// (`ExternalId` for `sts:ExternalId`) is still redacted.
    fn of_key(key: &str) -> Option<Class> {
        let key = key.to_ascii_lowercase();
        let name = key.split_once(':').map_or(key.as_str(), |(_, name)| name);
        let tag_prefixes = ["requesttag/", "principaltag/", "resourcetag/"];
        if tag_prefixes.iter().any(|prefix| name.starts_with(prefix)) {
            return Some(Class::TagValue);
        }
        match name {
            "externalid" => Some(Class::ExternalId),
            "sourceidentity" => Some(Class::SourceIdentity),
            "rolesessionname" => Some(Class::Session),
            "username" => Some(Class::User),
            _ => None,
        }
    }
}

/// Words an IAM name must not be taken for: replacing them would change an
/// ARN's structure or an IAM-defined value.
const RESERVED: &[&str] = &[
    "*",
    "account",
    "allow",
    "anonymous",
    "arn",
    "assumed-role",
    "assumedrole",
    "assumerole",
    "assumerolewithsaml",
    "assumerolewithwebidentity",
    "aws",
    "aws-cn",
    "aws-service-role",
    "aws-us-gov",
    "deny",
    "false",
    "federated-user",
    "federateduser",
    "function",
    "group",
    "iam",
    "instance-profile",
    "mfa",
    "null",
    "oidc-provider",
    "policy",
    "role",
    "root",
    "saml-provider",
    "service-role",
    "setsourceidentity",
    "sts",
    "tagsession",
    "true",
    "user",
    // Structural words of OIDC subjects (`repo:ORG/REPO:ref:refs/heads/main`,
    // `system:serviceaccount:NS:SA`), which a name taken for one would break.
    "branch",
    "environment",
    "heads",
    "project_path",
    "pull_request",
    "ref",
    "ref_type",
    "refs",
    "repo",
    "serviceaccount",
    "serviceaccounts",
    "system",
    "tags",
];

/// Policy value × request value pairs checked at most, so that a huge
/// scenario cannot make redaction take minutes (a real one has thousands).
const MAX_COMPARISONS: usize = 1_000_000;

/// A string as found, with where it sits.
type SitedValue = (String, Site);

#[derive(Clone, Debug)]
struct Entry {
    class: Class,
    replacement: String,
}

struct Collector {
    /// Original → class, in order of appearance.
    found: Vec<(String, Class)>,
    seen: BTreeSet<String>,
    /// Classes a policy variable reads (`${aws:PrincipalTag/team}`): kept.
    read_by_variables: BTreeSet<Class>,
    /// Policy values and request values with their sites, for the
    /// comparison check.
    policy_values: Vec<SitedValue>,
    request_values: Vec<SitedValue>,
    /// The original scenario's JSON: placeholders already in it are skipped.
    original_text: String,
    address_key: u64,
}

impl Collector {
    fn new(scenario: &Scenario) -> Self {
        let original_text = serde_json::to_string(scenario).unwrap_or_default();
        let mut hasher = Fnv1a::new();
        hasher.write(original_text.as_bytes());
        Self {
            found: Vec::new(),
            seen: BTreeSet::new(),
            read_by_variables: BTreeSet::new(),
            policy_values: Vec::new(),
            request_values: Vec::new(),
            address_key: hasher.0,
            original_text,
        }
    }

    fn add(&mut self, original: &str, class: Class) {
        // An address is an e-mail address whatever field holds it.
        let class = if !matches!(class, Class::Account | Class::Address | Class::Sid)
            && is_email(original)
        {
            Class::Email
        } else {
            class
        };
        // Twelve digits are an account id wherever they stand (a role named
        // `222222222222`): one placeholder, or the account and the name
        // would fight over the same text.
        let class = if class != Class::Account
            && original.len() == 12
            && original.bytes().all(|b| b.is_ascii_digit())
        {
            Class::Account
        } else {
            class
        };
        if original.is_empty()
            || original.contains(['*', '?', '$', '"', '\\'])
            || (class != Class::Account && is_reserved(original))
            || !class.accepts(original)
        {
            return;
        }
        if self.seen.insert(original.to_string()) {
            self.found.push((original.to_string(), class));
        } else if class.is_token() {
            // Found whole first (a tag value), then as a token (a namespace
            // in a subject): replace it as a token, or the token leaks.
            if let Some(found) = self
                .found
                .iter_mut()
                .find(|(o, c)| o == original && !c.is_token() && *c != Class::Sid)
            {
                found.1 = class;
            }
        }
    }

    /// A statement id, whatever characters it holds (its placeholder keeps
    /// it valid or invalid); generic ones (`Stmt1`, `1`) say nothing.
    fn add_sid(&mut self, sid: &str) {
        let lower = sid.to_ascii_lowercase();
        let stem = lower.trim_end_matches(|c: char| c.is_ascii_digit());
        let generic = ["", "stmt", "sid", "statement"].contains(&stem);
        if sid.is_empty() || generic {
            return;
        }
        if self.seen.insert(sid.to_string()) {
            self.found.push((sid.to_string(), Class::Sid));
        }
    }

    fn collect(&mut self, text: &str, site: &Site) {
        match site {
            Site::Key => return self.collect_key_ids(text),
            Site::Sid => return self.add_sid(text),
            Site::Value { .. } | Site::FreeText => {}
        }
        self.collect_tokens(text);
        let Site::Value {
            key,
            in_policy,
            protected,
            ..
        } = site
        else {
            return;
        };
        if *protected {
            return;
        }
        if *in_policy {
            self.policy_values.push((text.to_string(), site.clone()));
            self.note_variables(text);
        } else {
            self.request_values.push((text.to_string(), site.clone()));
        }
        self.collect_forge_claim(key, text);
        if let Some(class) = Class::of_key(key) {
            self.add(text, class);
            return;
        }
        if key == "caller" {
            self.collect_caller(text);
        }
    }

    /// Values AWS derives from the caller, which policies compare against.
    fn collect_caller(&mut self, caller: &str) {
        let Some((prefix, resource)) = arn_parts(caller) else {
            return;
        };
        let mut derived = Vec::new();
        if let Some(rest) = resource.strip_prefix("assumed-role/") {
            if let Some((role, session)) = rest.split_once('/') {
                let path = crate::arn::implied_role_path(role);
                derived.push(format!("{prefix}role/{path}{role}").replace(":sts:", ":iam:"));
                derived.push(role.to_string());
                derived.push(session.to_string());
            }
        } else if let Some(name) = resource.rsplit('/').next() {
            derived.push(name.to_string());
        }
        if let Some(account) = prefix.split(':').nth(4) {
            derived.push(account.to_string());
        }
        for value in derived {
            self.request_values.push((value, Site::request("")));
        }
    }

    /// A policy variable is replaced by the request's (redacted) value when
    /// evaluated. That stays consistent when the variable is the whole value
    /// (for secrets) or a whole token (for names); otherwise keep its class.
    fn note_variables(&mut self, text: &str) {
        let mut from = 0;
        while let Some(found) = text.get(from..).and_then(|rest| rest.find("${")) {
            let start = from + found;
            let Some(close) = text.get(start..).and_then(|rest| rest.find('}')) else {
                return;
            };
            let end = start + close + 1;
            let variable = text.get(start + 2..end - 1).unwrap_or_default();
            if let Some(class) = Class::of_key(variable) {
                let whole_value = start == 0 && end == text.len();
                let glued = text
                    .get(..start)
                    .and_then(|before| before.chars().next_back())
                    .is_some_and(is_name_char)
                    || text
                        .get(end..)
                        .and_then(|after| after.chars().next())
                        .is_some_and(is_name_char);
                let consistent = if class.is_token() {
                    !glued
                } else {
                    whole_value
                };
                if !consistent {
                    self.read_by_variables.insert(class);
                }
            }
            from = end;
        }
    }

    /// ARN names, account ids, organization ids and addresses in any text.
    fn collect_tokens(&mut self, text: &str) {
        let mut start = 0;
        while let Some(found) = text.get(start..).and_then(|rest| rest.find("arn:")) {
            let at = start + found;
            let arn: String = text
                .get(at..)
                .unwrap_or_default()
                .chars()
                .take_while(|&c| is_arn_char(c))
                .collect();
            self.collect_arn(&arn);
            start = at + arn.len().max(4);
        }
        for token in name_tokens(text) {
            for (prefix, class) in [
                ("ou-", Class::OrganizationalUnit),
                ("o-", Class::Organization),
                ("r-", Class::OrganizationRoot),
            ] {
                if let Some(rest) = token.strip_prefix(prefix) {
                    let id_like = rest
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                        && rest.chars().any(|c| c.is_ascii_digit());
                    let long_enough = match class {
                        Class::Organization => rest.len() >= 10,
                        Class::OrganizationalUnit => rest.len() >= 13,
                        _ => rest.len() >= 4 && text.contains(&format!("/{token}")),
                    };
                    if id_like && long_enough {
                        self.add(token, class);
                    }
                    break;
                }
            }
        }
        for token in name_tokens(text) {
            // A sentence's punctuation is no part of an id.
            let token = token.trim_matches(|c| c == '.' || c == ',');
            if is_email(token) {
                self.add(token, Class::Email);
            } else if is_uuid(token) {
                self.add(token, Class::Uuid);
            } else if user_pool_region(token).is_some() {
                self.add(token, Class::UserPool);
            }
        }
        self.collect_issuer_ids(text);
        self.collect_subjects(text);
        for run in digit_runs(text) {
            if run.len() == 12 {
                self.add(run, Class::Account);
            }
        }
        for token in address_tokens(text) {
            self.add(token, Class::Address);
        }
    }

    fn collect_arn(&mut self, arn: &str) {
        let Some((_, resource)) = arn_parts(arn) else {
            return;
        };
        // `function:NAME` or `function:NAME:ALIAS`.
        if let Some(rest) = resource.strip_prefix("function:") {
            let name = rest.split(':').next().unwrap_or_default();
            self.add(name, Class::Function);
            return;
        }
        let mut segments = resource.split('/');
        let kind = segments.next().unwrap_or_default();
        let rest: Vec<&str> = segments.collect();
        let last = rest.last().copied().unwrap_or_default();
        match kind {
            "user" | "federated-user" => self.add(last, Class::User),
            "role" => self.add(last, Class::Role),
            "group" => self.add(last, Class::Group),
            "saml-provider" => self.add(last, Class::Provider),
            "assumed-role" => {
                if let [role, session] = rest.as_slice() {
                    self.add(role, Class::Role);
                    self.add(session, Class::Session);
                }
            }
            _ => {}
        }
    }

    /// Ids in a condition or context key: an issuer's URL names them.
    fn collect_key_ids(&mut self, key: &str) {
        let Some((issuer, _)) = issuer_of_key(key) else {
            return;
        };
        for token in name_tokens(issuer) {
            if is_uuid(token) {
                self.add(token, Class::Uuid);
            }
        }
        self.collect_issuer_ids(issuer);
    }

    /// The cluster id of an EKS issuer, `oidc.eks.REGION.amazonaws.com/id/ID`
    /// (CircleCI's `oidc.circleci.com/org/UUID` is a UUID, found as one).
    fn collect_issuer_ids(&mut self, text: &str) {
        for (at, _) in text.match_indices("oidc.eks.") {
            let rest = text.get(at..).unwrap_or_default();
            let host_end = rest.find(|c| !is_name_char(c)).unwrap_or(rest.len());
            let Some(after) = rest.get(host_end..).and_then(|r| r.strip_prefix("/id/")) else {
                continue;
            };
            let id: String = after
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            // 32 hex digits in practice; a placeholder word (`ID`) is no id.
            if id.len() >= 16 {
                self.add(&id, Class::EksClusterId);
            }
        }
    }

    /// Organizations, repositories, namespaces and service accounts in OIDC
    /// subjects: GitHub's `repo:ORG/REPO:…`, GitLab's
    /// `project_path:GROUP/SUB/PROJECT:…` and Kubernetes'
    /// `system:serviceaccount:NS:SA`. The structure around them stays.
    fn collect_subjects(&mut self, text: &str) {
        for marker in ["repo:", "project_path:"] {
            for (at, _) in text.match_indices(marker) {
                let glued = text
                    .get(..at)
                    .and_then(|before| before.chars().next_back())
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
                if glued {
                    continue;
                }
                let rest = text.get(at + marker.len()..).unwrap_or_default();
                let path: String = rest
                    .chars()
                    .take_while(|&c| is_name_char(c) || c == '/' || c == '*')
                    .collect();
                self.add_forge_path(&path);
            }
        }
        for marker in ["system:serviceaccount:", "system:serviceaccounts:"] {
            for (at, _) in text.match_indices(marker) {
                let rest = text.get(at + marker.len()..).unwrap_or_default();
                let mut parts = rest.splitn(2, ':');
                let namespace: String = parts
                    .next()
                    .unwrap_or_default()
                    .chars()
                    .take_while(|&c| is_arn_char(c) && c != '/' && c != ':')
                    .collect();
                self.add(&namespace, Class::Namespace);
                if marker.ends_with("serviceaccount:") {
                    let account: String = parts
                        .next()
                        .unwrap_or_default()
                        .chars()
                        .take_while(|&c| is_arn_char(c) && c != '/' && c != ':')
                        .collect();
                    self.add(&account, Class::ServiceAccount);
                }
            }
        }
    }

    /// `ORG/REPO` (GitHub) or `GROUP/SUBGROUP/PROJECT` (GitLab): every
    /// segment but the last names an organization or group.
    fn add_forge_path(&mut self, path: &str) {
        let segments: Vec<&str> = path.split('/').collect();
        if segments.len() < 2 {
            return;
        }
        for (i, segment) in segments.iter().enumerate() {
            let segment = segment.trim_end_matches(['.', ',']);
            let class = if i + 1 == segments.len() {
                Class::ForgeRepository
            } else {
                Class::ForgeOrganization
            };
            self.add(segment, class);
        }
    }

    /// Claims of GitHub's and GitLab's tokens that name the organization,
    /// repository or user (`token.actions.githubusercontent.com:repository`).
    fn collect_forge_claim(&mut self, key: &str, value: &str) {
        let Some((issuer, claim)) = key.rsplit_once(':') else {
            return;
        };
        if !issuer.contains('.') {
            return;
        }
        match claim {
            "repository" | "project_path" => self.add_forge_path(value),
            "repository_owner" | "namespace_path" => {
                for group in value.split('/') {
                    self.add(group, Class::ForgeOrganization);
                }
            }
            "actor" | "triggering_actor" | "user_login" => self.add(value, Class::ForgeActor),
            // `ORG/REPO/.github/workflows/FILE@REF`
            "job_workflow_ref" | "workflow_ref" => {
                let path: Vec<&str> = value.splitn(3, '/').take(2).collect();
                self.add_forge_path(&path.join("/"));
            }
            _ => {}
        }
    }

    /// Each address's replacement from the documentation ranges (itself
    /// when all already are); `None` and a note when they do not fit.
    fn documentation_addresses(&self) -> (Option<BTreeMap<String, String>>, Vec<String>) {
        let addresses: Vec<&str> = self
            .found
            .iter()
            .filter(|(_, class)| *class == Class::Address)
            .map(|(original, _)| original.as_str())
            .collect();
        if addresses
            .iter()
            .all(|token| documentation_addresses::is_documentation(token))
        {
            let identity = addresses.iter().map(|a| (a.to_string(), a.to_string()));
            return (Some(identity.collect()), Vec::new());
        }
        match documentation_addresses::into_documentation_ranges(&addresses) {
            Some(map) => (Some(map), Vec::new()),
            None => (
                None,
                vec![format!(
                    "IP addresses were not drawn from the documentation ranges \
                    (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32): \
                    their {} addresses and blocks do not fit there (or a block is \
                    written with host bits), so each was changed by a permutation \
                    that keeps which block holds which address, and may look real",
                    addresses.len()
                )],
            ),
        }
    }

    fn finish(self) -> Mapping {
        let mut counters: BTreeMap<Class, usize> = BTreeMap::new();
        let mut entries = BTreeMap::new();
        let mut order = Vec::new();
        // Values equal but for case (`DeployRole`, `deployrole`) get case
        // variants of one placeholder (`role1`, `Role1`), so that they
        // still compare equal where IAM ignores case and differ where it
        // does not.
        // Families span classes: a user `alice` and a session name `Alice`
        // may meet in one comparison through `${aws:username}`.
        let mut case_families: BTreeMap<String, (String, usize)> = BTreeMap::new();
        let (documentation, notes) = self.documentation_addresses();
        for (original, class) in self.found {
            let family = original.to_ascii_lowercase();
            let variant = case_families
                .get_mut(&family)
                .and_then(|(placeholder, used)| {
                    *used += 1;
                    case_variant(placeholder, *used)
                });
            let shared = class
                .shares_placeholder_across_case()
                .then(|| case_families.get(&family).map(|(p, _)| p.clone()))
                .flatten();
            let replacement = if class == Class::Address {
                match &documentation {
                    Some(map) => map
                        .get(&original)
                        .cloned()
                        .unwrap_or_else(|| original.clone()),
                    None => permute_address_token(&original, self.address_key),
                }
            } else if let Some(shared) = shared {
                shared
            } else if let Some(variant) = variant {
                variant
            } else {
                // Skip placeholders the scenario already holds, so a kept
                // original can never collide with a replacement.
                loop {
                    let n = counters.entry(class).or_insert(0);
                    *n += 1;
                    let candidate = match class {
                        Class::UserPool => format!(
                            "{}_{}",
                            user_pool_region(&original).unwrap_or_default(),
                            class.placeholder(*n)
                        ),
                        // A Sid IAM rejects stays one it rejects, for the
                        // same characters (which name nobody); a quote, a
                        // backslash or a control character becomes `-`,
                        // still rejected, since replacements are written
                        // into JSON text unescaped.
                        Class::Sid => format!(
                            "{}{}",
                            class.placeholder(*n),
                            original
                                .chars()
                                .filter(|c| !c.is_ascii_alphanumeric())
                                .map(|c| match c {
                                    '"' | '\\' => '-',
                                    c if c.is_control() => '-',
                                    c => c,
                                })
                                .collect::<String>()
                        ),
                        _ => class.placeholder(*n),
                    };
                    if !self.original_text.contains(&candidate) {
                        break candidate;
                    }
                }
            };
            if class != Class::Address {
                case_families
                    .entry(family)
                    .or_insert_with(|| (replacement.clone(), 0));
            }
            order.push(original.clone());
            entries.insert(original, Entry { class, replacement });
        }
        Mapping {
            entries,
            order,
            notes,
            read_by_variables: self.read_by_variables,
            policy_values: self.policy_values,
            request_values: self.request_values,
        }
    }
}

struct Mapping {
    entries: BTreeMap<String, Entry>,
    /// What the reader of the redacted case should know about it.
    notes: Vec<String>,
    /// Originals in order of appearance, for stable notes.
    order: Vec<String>,
    read_by_variables: BTreeSet<Class>,
    policy_values: Vec<SitedValue>,
    request_values: Vec<SitedValue>,
}

impl Mapping {
    /// Drops every replacement that could change how a policy value compares
    /// with a request value; says which and why.
    fn drop_unsafe_entries(&mut self) -> Vec<String> {
        let mut kept = std::mem::take(&mut self.notes);
        let variable_classes = self.read_by_variables.clone();
        self.drop_where(&mut kept, |_, entry| {
            variable_classes
                .contains(&entry.class)
                .then(|| "a policy variable builds a larger value from it".to_string())
        });
        let policy_values = std::mem::take(&mut self.policy_values);
        let request_values = std::mem::take(&mut self.request_values);
        if policy_values.len().saturating_mul(request_values.len()) > MAX_COMPARISONS {
            kept.push(format!(
                "nothing was kept for comparisons: {} policy values against {} request \
                values are too many to check; the redacted case may evaluate differently",
                policy_values.len(),
                request_values.len()
            ));
            return kept;
        }
        // Each round drops at least one entry or ends.
        while let Some((pattern, value)) =
            self.first_changed_comparison(&policy_values, &request_values)
        {
            let involved = self.involved_in(pattern, value);
            if involved.is_empty() {
                break;
            }
            // Keep as little as possible: one entry whose keeping alone
            // restores the comparison (names before account ids), else one
            // family of originals equal but for case, else all.
            let singles = involved.iter().map(|original| vec![original.clone()]);
            let mut families: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for original in &involved {
                families
                    .entry(original.to_ascii_lowercase())
                    .or_default()
                    .push(original.clone());
            }
            let families = families.into_values().filter(|family| family.len() > 1);
            let smallest = singles
                .chain(families)
                .find(|group| self.keeping_restores(group, pattern, value));
            let to_drop: Vec<String> = smallest.unwrap_or(involved);
            let reason = format!(
                "`{}` must still compare with `{}` as before",
                pattern.0, value.0
            );
            let dropped = self.drop_where(&mut kept, |original, _| {
                to_drop
                    .iter()
                    .any(|o| o == original)
                    .then(|| reason.clone())
            });
            if dropped.contains(&Class::Address) {
                self.drop_where(&mut kept, |_, entry| {
                    (entry.class == Class::Address).then(|| {
                        "another address is kept, and blocks must hold the same addresses"
                            .to_string()
                    })
                });
            }
        }
        kept
    }

    /// Whether keeping `originals` as they are makes the comparison come out
    /// as before.
    fn keeping_restores(
        &mut self,
        originals: &[String],
        pattern: &SitedValue,
        value: &SitedValue,
    ) -> bool {
        let removed: Vec<(String, Entry)> = originals
            .iter()
            .filter_map(|original| Some((original.clone(), self.entries.remove(original)?)))
            .collect();
        let restored = !removed.is_empty() && !self.comparison_changed(pattern, value);
        self.entries.extend(removed);
        restored
    }

    /// Originals replaced in either text, account ids last.
    fn involved_in(&self, pattern: &SitedValue, value: &SitedValue) -> Vec<String> {
        let mut involved: Vec<(bool, String)> = self
            .order
            .iter()
            .filter(|original| self.entries.contains_key(original.as_str()))
            .filter(|original| {
                pattern.0.contains(original.as_str()) || value.0.contains(original.as_str())
            })
            .map(|original| {
                let is_account = self
                    .entries
                    .get(original)
                    .is_some_and(|entry| entry.class == Class::Account);
                (is_account, original.clone())
            })
            .collect();
        involved.sort_by_key(|(is_account, _)| *is_account);
        involved.into_iter().map(|(_, original)| original).collect()
    }

    /// Removes the entries `reason` gives a reason for; their classes.
    fn drop_where(
        &mut self,
        kept: &mut Vec<String>,
        reason: impl Fn(&str, &Entry) -> Option<String>,
    ) -> Vec<Class> {
        let mut dropped = Vec::new();
        for original in &self.order {
            let Some(entry) = self.entries.get(original).cloned() else {
                continue;
            };
            if let Some(why) = reason(original, &entry) {
                kept.push(format!("kept {} `{original}`: {why}", entry.class.noun()));
                self.entries.remove(original);
                dropped.push(entry.class);
            }
        }
        dropped
    }

    fn first_changed_comparison<'v>(
        &self,
        policy_values: &'v [SitedValue],
        request_values: &'v [SitedValue],
    ) -> Option<(&'v SitedValue, &'v SitedValue)> {
        let redacted_values: Vec<String> = request_values
            .iter()
            .map(|(value, site)| self.apply(value, site))
            .collect();
        for pattern in policy_values {
            let redacted_pattern = self.apply(&pattern.0, &pattern.1);
            for (value, redacted_value) in request_values.iter().zip(&redacted_values) {
                if compares_differently(
                    (&pattern.0, &redacted_pattern),
                    (&value.0, redacted_value),
                    ordered_against(&pattern.1, &value.1),
                ) {
                    return Some((pattern, value));
                }
            }
        }
        None
    }

    fn comparison_changed(&self, pattern: &SitedValue, value: &SitedValue) -> bool {
        compares_differently(
            (&pattern.0, &self.apply(&pattern.0, &pattern.1)),
            (&value.0, &self.apply(&value.0, &value.1)),
            ordered_against(&pattern.1, &value.1),
        )
    }

    /// The text with every replacement that applies at this site.
    fn apply(&self, text: &str, site: &Site) -> String {
        if self.entries.is_empty() {
            return text.to_string();
        }
        match site {
            Site::Value {
                protected: true, ..
            } => text.to_string(),
            Site::Value { key, .. } => {
                // A secret is replaced where a secret-bearing key holds it
                // whole (the same value may be an external id here and a
                // tag value there: one placeholder for both).
                let secret_site = Class::of_key(key).is_some_and(|class| !class.is_token());
                if let Some(entry) = self.entries.get(text) {
                    if !entry.class.is_token() && entry.class != Class::Sid && secret_site {
                        return entry.replacement.clone();
                    }
                }
                self.replace_tokens(text)
            }
            Site::Key => match issuer_of_key(text) {
                Some((issuer, claim)) => {
                    let issuer = self.replace_runs(issuer, is_name_char, |token| {
                        self.entries
                            .get(token)
                            .filter(|entry| entry.class.in_keys())
                            .map(|entry| entry.replacement.clone())
                    });
                    format!("{issuer}{claim}")
                }
                None => text.to_string(),
            },
            // Whatever the original was replaced as: a mapping is one-to-one,
            // so distinct Sids stay distinct.
            Site::Sid => self
                .entries
                .get(text)
                .filter(|entry| entry.class != Class::Address)
                .map_or_else(|| text.to_string(), |entry| entry.replacement.clone()),
            Site::FreeText => self.replace_words(&self.replace_tokens(text)),
        }
    }

    /// Every replaced value where it stands as a word in prose, with any
    /// punctuation around it (`Alice,` `(alice@example.org).`), in any case.
    /// One pass, longest originals first, so no replacement is rewritten.
    fn replace_words(&self, text: &str) -> String {
        let mut words: Vec<(&str, &str)> = self
            .entries
            .iter()
            .filter(|(original, entry)| {
                entry.class != Class::Address && (entry.class.is_token() || original.len() >= 3)
            })
            .map(|(original, entry)| (original.as_str(), entry.replacement.as_str()))
            .collect();
        words.sort_by_key(|(original, _)| std::cmp::Reverse(original.len()));
        let mut by_first: BTreeMap<u8, Vec<(&str, &str)>> = BTreeMap::new();
        for (original, replacement) in words {
            if let Some(first) = original.bytes().next() {
                by_first
                    .entry(first.to_ascii_lowercase())
                    .or_default()
                    .push((original, replacement));
            }
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        let mut previous: Option<char> = None;
        while let Some(rest) = text.get(at..) {
            let Some(c) = rest.chars().next() else {
                break;
            };
            let at_word_start = !previous.is_some_and(char::is_alphanumeric);
            let found = u8::try_from(c)
                .ok()
                .filter(|_| at_word_start)
                .and_then(|byte| by_first.get(&byte.to_ascii_lowercase()))
                .and_then(|candidates| {
                    let word_at = |original: &str, exact: bool| {
                        let head = rest.get(..original.len())?;
                        let equal = if exact {
                            head == original
                        } else {
                            head.eq_ignore_ascii_case(original)
                        };
                        let bounded = !rest
                            .get(original.len()..)
                            .and_then(|after| after.chars().next())
                            .is_some_and(char::is_alphanumeric);
                        (equal && bounded).then_some(())
                    };
                    let exact = candidates
                        .iter()
                        .find(|(original, _)| word_at(original, true).is_some());
                    // Ignoring case only for words long enough not to be
                    // ordinary ones (a user `a` is no article `A`).
                    exact.or_else(|| {
                        candidates.iter().find(|(original, _)| {
                            original.len() >= 3 && word_at(original, false).is_some()
                        })
                    })
                });
            match found {
                Some((original, replacement)) => {
                    out.push_str(replacement);
                    at += original.len();
                    previous = original.chars().next_back();
                }
                None => {
                    out.push(c);
                    at += c.len_utf8();
                    previous = Some(c);
                }
            }
        }
        out
    }

    fn replace_tokens(&self, text: &str) -> String {
        // A list glued by commas (`a@x.org,b@y.org`) is replaced part by part.
        let names = self.replace_runs(text, is_name_char, |token| {
            self.token_replacement(token).or_else(|| {
                let parts: Vec<String> = token
                    .split(',')
                    .map(|part| {
                        self.token_replacement(part)
                            .or_else(|| self.replace_accounts(part))
                            .unwrap_or_else(|| part.to_string())
                    })
                    .collect();
                let joined = parts.join(",");
                (joined != token).then_some(joined)
            })
        });
        let mut out = String::with_capacity(names.len());
        let mut last = 0;
        for (range, token) in address_spans(&names) {
            let replacement = self
                .entries
                .get(token)
                .filter(|entry| entry.class == Class::Address);
            if let (Some(entry), Some(before)) = (replacement, names.get(last..range.start)) {
                out.push_str(before);
                out.push_str(&entry.replacement);
                last = range.end;
            }
        }
        out.push_str(names.get(last..).unwrap_or_default());
        out
    }

    fn token_replacement(&self, token: &str) -> Option<String> {
        self.entries
            .get(token)
            .filter(|entry| entry.class.is_token() && entry.class != Class::Address)
            .map(|entry| entry.replacement.clone())
    }

    /// Account ids inside a token (`Admin-111122223333`), when it has any.
    fn replace_accounts(&self, token: &str) -> Option<String> {
        let replaced = self.replace_runs(
            token,
            |c| c.is_ascii_digit(),
            |run| {
                self.entries
                    .get(run)
                    .filter(|entry| entry.class == Class::Account)
                    .map(|entry| entry.replacement.clone())
            },
        );
        (replaced != token).then_some(replaced)
    }

    /// Splits `text` into maximal runs of `in_run` characters and replaces
    /// the runs `replace` answers for.
    fn replace_runs(
        &self,
        text: &str,
        in_run: impl Fn(char) -> bool,
        replace: impl Fn(&str) -> Option<String>,
    ) -> String {
        let mut out = String::with_capacity(text.len());
        for (is_run, piece) in runs(text, &in_run) {
            match is_run.then(|| replace(piece)).flatten() {
                Some(replacement) => out.push_str(&replacement),
                None => out.push_str(piece),
            }
        }
        out
    }
}

/// Whether a policy value matches a request value differently, case
/// sensitive or not, before and after redaction.
/// The `n`th case variant of a lowercase placeholder (`role1` → `Role1`,
/// `rOle1`, …: bit i of `n` upper-cases its i-th letter); `None` when the
/// letters run out or the placeholder is not lowercase.
fn case_variant(placeholder: &str, n: usize) -> Option<String> {
    let letters = placeholder.chars().filter(char::is_ascii_lowercase).count();
    if n == 0 || letters >= usize::BITS as usize || n >> letters != 0 {
        return None;
    }
    let mut letter = 0;
    Some(
        placeholder
            .chars()
            .map(|c| {
                if !c.is_ascii_lowercase() {
                    return c;
                }
                let upper = n >> letter & 1 == 1;
                letter += 1;
                if upper {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect(),
    )
}

fn compares_differently(
    (pattern, new_pattern): (&str, &str),
    (value, new_value): (&str, &str),
    ordered: bool,
) -> bool {
    let (before, after) = (as_pattern(pattern), as_pattern(new_pattern));
    let matches_differently = [false, true].into_iter().any(|case_insensitive| {
        wildcard_match(&before, value, case_insensitive)
            != wildcard_match(&after, new_value, case_insensitive)
    });
    // Numeric and Date operators order a request value against the policy
    // values of its own key: twelve digits (an account id to the redactor)
    // may be epoch seconds or a count.
    let ordered_differently = |read: fn(&str) -> Option<f64>| {
        if !ordered {
            return false;
        }
        let order = |a: &str, b: &str| Some(read(a)?.partial_cmp(&read(b)?));
        order(pattern, value) != order(new_pattern, new_value)
    };
    matches_differently
        || ordered_differently(parse_number)
        || ordered_differently(|text| parse_date(text).map(|millis| millis as f64))
}

/// Whether a Numeric or Date operator orders the request value against the
/// policy value (both belong to one condition key).
fn ordered_against(policy: &Site, request: &Site) -> bool {
    match (policy, request) {
        (
            Site::Value {
                ordered_key: Some(ordered),
                ..
            },
            Site::Value { key, .. },
        ) => ordered == key,
        _ => false,
    }
}

/// A policy value as a wildcard pattern for the comparison check: a policy
/// variable may stand for anything.
fn as_pattern(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find("${") {
        out.push_str(rest.get(..at).unwrap_or_default());
        let after = rest.get(at..).unwrap_or_default();
        match after.find('}') {
            Some(close) => {
                out.push('*');
                rest = after.get(close + 1..).unwrap_or_default();
            }
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A token claim's key split before its claim (`oidc.eks…/id/ID` and
/// `:sub`): only the issuer may hold an id. Other keys (`aws:RequestTag/…`
/// name tag keys, which stay) give `None`.
fn issuer_of_key(key: &str) -> Option<(&str, &str)> {
    let at = key.rfind(':')?;
    let (issuer, claim) = (key.get(..at)?, key.get(at..)?);
    issuer.contains('.').then_some((issuer, claim))
}

/// `local@domain.tld`, as far as a name token can hold one.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && !local.starts_with('.')
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-=".contains(c))
        && labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// `8-4-4-4-12` hex digits.
fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.chars().all(|c| c.is_ascii_hexdigit()))
}

/// The region of a Cognito user pool id, `REGION_SUFFIX`
/// (`us-east-1_AbCdEf123`).
fn user_pool_region(text: &str) -> Option<&str> {
    let (region, suffix) = text.split_once('_')?;
    let parts: Vec<&str> = region.split('-').collect();
    let region_like = parts.len() >= 3
        && parts.first().is_some_and(|p| p.len() == 2)
        && parts
            .last()
            .is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    let suffix_like =
        (1..=55).contains(&suffix.len()) && suffix.chars().all(|c| c.is_ascii_alphanumeric());
    (region_like && suffix_like).then_some(region)
}

fn is_reserved(name: &str) -> bool {
    RESERVED.iter().any(|word| word.eq_ignore_ascii_case(name))
}

fn is_arn_char(c: char) -> bool {
    is_name_char(c) || matches!(c, ':' | '/' | '*' | '?' | '$' | '{' | '}')
}

fn is_address_char(c: char) -> bool {
    c.is_ascii_hexdigit() || matches!(c, ':' | '.' | '/')
}

/// `text` cut into alternating runs of `in_run` characters and the rest.
fn runs<'t>(text: &'t str, in_run: &dyn Fn(char) -> bool) -> Vec<(bool, &'t str)> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut current: Option<bool> = None;
    for (at, c) in text.char_indices() {
        let kind = in_run(c);
        if current.is_some_and(|k| k != kind) {
            if let (Some(k), Some(piece)) = (current, text.get(start..at)) {
                pieces.push((k, piece));
            }
            start = at;
        }
        current = Some(kind);
    }
    if let (Some(k), Some(piece)) = (current, text.get(start..)) {
        pieces.push((k, piece));
    }
    pieces
}

fn name_tokens(text: &str) -> Vec<&str> {
    runs(text, &is_name_char)
        .into_iter()
        .filter_map(|(is_run, piece)| is_run.then_some(piece))
        .collect()
}

fn digit_runs(text: &str) -> Vec<&str> {
    runs(text, &|c: char| c.is_ascii_digit())
        .into_iter()
        .filter_map(|(is_run, piece)| is_run.then_some(piece))
        .collect()
}

fn address_tokens(text: &str) -> Vec<&str> {
    address_spans(text)
        .into_iter()
        .map(|(_, token)| token)
        .collect()
}

/// Addresses and blocks in `text`: runs of address characters that parse,
/// not glued to a word (`iam::*` holds `::`, which is no address), with a
/// sentence's final `.` left out.
fn address_spans(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut spans = Vec::new();
    let mut at = 0;
    for (is_run, piece) in runs(text, &is_address_char) {
        let start = at;
        at += piece.len();
        if !is_run {
            continue;
        }
        let glued =
            |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-');
        let before = text.get(..start).and_then(|t| t.chars().next_back());
        let token = piece.trim_end_matches('.');
        let after = text.get(start + token.len()..).and_then(|t| {
            let mut chars = t.chars();
            // A trimmed `.` ends a sentence: look past it.
            chars.find(|&c| c != '.')
        });
        let is_address = parse_address(token).is_some()
            && !token.starts_with("::/")
            && token != "::"
            && token.chars().any(|c| c.is_ascii_hexdigit());
        if is_address && !glued(before) && !glued(after) {
            spans.push((start..start + token.len(), token));
        }
    }
    spans
}

/// `arn:PARTITION:SERVICE:REGION:ACCOUNT:` and the resource after it.
fn arn_parts(arn: &str) -> Option<(&str, &str)> {
    let mut colons = arn.match_indices(':').map(|(at, _)| at);
    let fifth = colons.nth(4)?;
    let prefix = arn.get(..=fifth)?;
    prefix.starts_with("arn:").then_some(())?;
    Some((prefix, arn.get(fifth + 1..)?))
}

// ---------------------------------------------------------------------------
// Addresses.

/// An address or block as written: the address and the prefix length.
fn parse_address(token: &str) -> Option<(IpAddr, Option<u8>)> {
    let (address, prefix) = match token.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix.parse::<u8>().ok()?)),
        None => (token, None),
    };
    let address: IpAddr = address.parse().ok()?;
    let width = if address.is_ipv4() { 32 } else { 128 };
    if prefix.is_some_and(|p| p > width) {
        return None;
    }
    Some((address, prefix))
}

/// The token with its address permuted. For a block, only the prefix bits
/// are permuted and the host bits kept (zero stays zero).
fn permute_address_token(token: &str, key: u64) -> String {
    let Some((address, prefix)) = parse_address(token) else {
        return token.to_string();
    };
    let (bits, width) = match address {
        IpAddr::V4(v4) => (u128::from(u32::from(v4)), 32u32),
        IpAddr::V6(v6) => (u128::from(v6), 128u32),
    };
    let prefix_bits = prefix.map_or(width, u32::from);
    let permuted = permute_prefix(bits, width, prefix_bits, key);
    let address = match address {
        IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::from(u32::try_from(permuted).unwrap_or_default())),
        IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::from(permuted)),
    };
    match prefix {
        Some(prefix) => format!("{address}/{prefix}"),
        None => address.to_string(),
    }
}

/// Flips each of the first `prefix` bits (most significant first) by a keyed
/// hash of the bits before it: equal prefixes stay equal, different ones stay
/// different, so block containment is kept exactly.
fn permute_prefix(bits: u128, width: u32, prefix: u32, key: u64) -> u128 {
    let mut out = bits;
    for i in 0..prefix.min(width) {
        let shift = width - 1 - i;
        let before = bits.checked_shr(width - i).unwrap_or(0);
        let mut hasher = Fnv1a::new();
        hasher.write(&key.to_le_bytes());
        hasher.write(&width.to_le_bytes());
        hasher.write(&i.to_le_bytes());
        hasher.write(&before.to_le_bytes());
        // The top bit: FNV's lowest bit is only the parity of the input
        // bytes' lowest bits.
        if hasher.0 >> 63 == 1 {
            out ^= 1u128 << shift;
        }
    }
    out
}

/// 64-bit FNV-1a: a small hash with a fixed, published definition, so a
/// scenario redacts to the same text on every toolchain (std's
/// `DefaultHasher` leaves its algorithm free to change between releases).
/// <http://www.isthe.com/chongo/tech/comp/fnv/>
struct Fnv1a(u64);

impl Fnv1a {
    fn new() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The published FNV-1a test vectors: the hash is the one its name says.
    #[test]
    fn fnv1a_matches_its_definition() {
        let hash = |text: &str| {
            let mut hasher = Fnv1a::new();
            hasher.write(text.as_bytes());
            hasher.0
        };
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash("foobar"), 0x8594_4171_f739_67e8);
    }

    fn scenario(json: &str) -> Scenario {
        Scenario::from_json(json).expect("scenario")
    }

    const BASE: &str = r#"{
      "name": "deployer 111122223333 to DeployRole",
      "request": {
        "caller": "arn:aws:sts::111122223333:assumed-role/DeploymentRole/pipeline",
        "role_arn": "arn:aws:iam::444455556666:role/DeployRole",
        "role_session_name": "pipeline",
        "external_id": "SecretExternal42",
        "source_ip": "203.0.113.10",
        "tags": {"team": "ops"},
        "context": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}
      },
      "role": {
        "trust_policy": "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\",\n \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:role/DeploymentRole\", \"Service\": \"ec2.amazonaws.com\"},\n \"Action\": [\"sts:AssumeRole\", \"sts:TagSession\"], \"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"SecretExternal42\", \"aws:RequestTag/team\": \"ops\", \"aws:PrincipalOrgID\": \"o-a1b2c3d4e5\"}, \"IpAddress\": {\"aws:SourceIp\": \"203.0.113.0/24\"}}}]}"
      }
    }"#;

    /// Value strings and bare 12-digit numbers, each under its member names;
    /// keys, other numbers and booleans are not values to redact.
    #[test]
    fn policy_values_are_found_under_their_member_names() {
        let text = r#"{"Statement": [{"Principal": {"AWS": [111122223333, "a\"b"]},
            "Sid": "S", "Limit": 5, "On": true}]}"#;
        let root = parse_json(text).unwrap();
        let mut literals = Vec::new();
        collect_literals(&root, &mut Vec::new(), &mut literals);
        let found: Vec<(&str, String)> = literals
            .iter()
            .filter(|l| !l.is_key)
            .map(|l| (&text[l.content.clone()], l.path.join("/")))
            .collect();
        assert_eq!(
            found,
            [
                ("111122223333", "Statement/Principal/AWS".to_string()),
                ("a\\\"b", "Statement/Principal/AWS".to_string()),
                ("S", "Statement/Sid".to_string()),
            ]
        );
    }

    #[test]
    fn replaces_consistently_and_keeps_iam_words() {
        let redacted = redact(&scenario(BASE));
        let request = &redacted.request;
        assert_eq!(
            request.caller,
            "arn:aws:sts::000000000001:assumed-role/role1/session1"
        );
        assert_eq!(request.role_arn, "arn:aws:iam::000000000002:role/role2");
        assert_eq!(request.role_session_name.as_deref(), Some("session1"));
        assert_eq!(request.external_id.as_deref(), Some("external-id-1"));
        assert_eq!(
            request
                .tags
                .as_ref()
                .and_then(|t| t.get("team"))
                .map(String::as_str),
            Some("tag-value-1")
        );
        let trust = redacted.role.trust_policy.text();
        assert!(
            trust.contains("\"arn:aws:iam::000000000001:role/role1\""),
            "{trust}"
        );
        assert!(trust.contains("\"ec2.amazonaws.com\""));
        assert!(trust.contains("[\"sts:AssumeRole\", \"sts:TagSession\"]"));
        assert!(trust.contains("\"sts:ExternalId\": \"external-id-1\""));
        assert!(trust.contains("\"aws:RequestTag/team\": \"tag-value-1\""));
        assert!(trust.contains("\"aws:PrincipalOrgID\": \"o-0000000001\""));
        // Formatting of pasted text is kept.
        assert!(trust.contains("\"Allow\",\n \"Principal\""));
        assert_eq!(
            redacted.name.as_deref(),
            Some("deployer 000000000001 to role2")
        );
        let text = serde_json::to_string(&redacted).expect("json");
        for secret in [
            "111122223333",
            "444455556666",
            "DeploymentRole",
            "SecretExternal42",
            "o-a1b2c3d4e5",
        ] {
            assert!(!text.contains(secret), "{secret} left in {text}");
        }
        // Addresses from the documentation ranges name nobody: they stay.
        assert_eq!(redacted.request.source_ip.as_deref(), Some("203.0.113.10"));
        assert!(trust.contains("\"aws:SourceIp\": \"203.0.113.0/24\""));
    }

    #[test]
    fn real_looking_addresses_become_documentation_addresses() {
        let json = BASE
            .replace("\"203.0.113.10\"", "\"52.94.76.10\"")
            .replace("203.0.113.0/24", "52.94.0.0/16");
        let redaction = redact_with_notes(&scenario(&json));
        let redacted = &redaction.scenario;
        let address = redacted.request.source_ip.clone().expect("source ip");
        assert!(
            documentation_addresses::is_documentation(&address),
            "{address}"
        );
        let trust = redacted.role.trust_policy.text();
        assert!(!trust.contains("52.94."), "{trust}");
        assert_eq!(
            crate::evaluate(redacted).decision,
            crate::evaluate(&scenario(&json)).decision
        );
        assert!(redaction.kept.is_empty(), "{:?}", redaction.kept);
    }

    #[test]
    fn addresses_keep_block_containment() {
        let key = 42;
        for (inside, block) in [
            ("203.0.113.10", "203.0.113.0/24"),
            ("10.1.2.3", "10.0.0.0/8"),
            ("2001:db8:1::5", "2001:db8::/32"),
        ] {
            let address: IpAddr = permute_address_token(inside, key).parse().expect("ip");
            let net: ipnet::IpNet = permute_address_token(block, key).parse().expect("net");
            assert!(net.contains(&address), "{inside} in {block}");
        }
        let outside: IpAddr = permute_address_token("198.51.100.7", key)
            .parse()
            .expect("ip");
        let net: ipnet::IpNet = permute_address_token("203.0.113.0/24", key)
            .parse()
            .expect("net");
        assert!(!net.contains(&outside));
        // Host bits of a block stay zero.
        assert!(permute_address_token("10.0.0.0/8", key).ends_with(".0.0.0/8"));
    }

    #[test]
    fn wildcard_on_part_of_a_name_keeps_that_name() {
        let json = BASE.replace(
            "arn:aws:iam::111122223333:role/DeploymentRole\\\"",
            "arn:aws:iam::111122223333:role/Deploy*\\\"",
        );
        let redaction = redact_with_notes(&scenario(&json));
        assert!(redaction
            .scenario
            .request
            .caller
            .contains("assumed-role/DeploymentRole/"));
        assert!(
            redaction
                .kept
                .iter()
                .any(|note| note.contains("`DeploymentRole`")),
            "{:?}",
            redaction.kept
        );
    }

    #[test]
    fn string_like_on_an_address_keeps_every_address() {
        let json = BASE.replace("\\\"aws:SourceIp\\\": \\\"203.0.113.0/24\\\"", "\\\"aws:SourceIp\\\": \\\"203.0.113.0/24\\\"}, \\\"StringLike\\\": {\\\"aws:SourceIp\\\": \\\"203.0.*\\\"");
        let redaction = redact_with_notes(&scenario(&json));
        assert_eq!(
            redaction.scenario.request.source_ip.as_deref(),
            Some("203.0.113.10")
        );
        assert!(redaction
            .scenario
            .role
            .trust_policy
            .text()
            .contains("203.0.113.0/24"));
    }

    #[test]
    fn tag_values_read_by_variables_are_kept() {
        let json = BASE.replace(
            "\\\"aws:RequestTag/team\\\": \\\"ops\\\"",
            "\\\"aws:RequestTag/team\\\": \\\"prefix-${aws:PrincipalTag/team}\\\"",
        );
        let redacted = redact(&scenario(&json));
        assert_eq!(
            redacted
                .request
                .tags
                .as_ref()
                .and_then(|t| t.get("team"))
                .map(String::as_str),
            Some("ops")
        );
    }

    #[test]
    fn malformed_policy_text_is_redacted_without_panic() {
        let json = r#"{"request": {"caller": "arn:aws:iam::123456789012:user/remote-user", "role_arn": "arn:aws:iam::123456789012:role/R"},
          "role": {"trust_policy": "{ \"Principal\": {\"AWS\": \"arn:aws:iam::123456789012:user/remote-user\"}, \"Action\": \"sts:AssumeRole]\n }"}}"#;
        let redacted = redact(&scenario(json));
        let trust = redacted.role.trust_policy.text();
        assert!(
            trust.contains("arn:aws:iam::000000000001:user/user1"),
            "{trust}"
        );
        assert!(trust.contains("sts:AssumeRole]"));
    }

    #[test]
    fn reserved_words_are_not_names() {
        let json = r#"{"request": {"caller": "arn:aws:iam::123456789012:user/root", "role_arn": "arn:aws:iam::123456789012:role/AssumeRole"},
          "role": {"trust_policy": {"Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}}}}"#;
        let redacted = redact(&scenario(json));
        let trust = redacted.role.trust_policy.text();
        assert!(
            trust.contains("\"arn:aws:iam::000000000001:root\""),
            "{trust}"
        );
        assert!(trust.contains("\"sts:AssumeRole\""));
    }

    #[test]
    fn names_equal_but_for_case_become_case_variants_of_one_placeholder() {
        let json = r#"{"request": {"caller": "arn:aws:iam::111111111111:user/dev", "role_arn": "arn:aws:iam::222222222222:role/DeployRole"},
          "caller_policies": {"identity": [{"Statement": {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::222222222222:role/deployrole"}}]},
          "role": {"trust_policy": {"Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}}}}"#;
        let redaction = redact_with_notes(&scenario(json));
        assert!(redaction.kept.is_empty(), "{:?}", redaction.kept);
        assert_eq!(
            redaction.scenario.request.role_arn,
            "arn:aws:iam::000000000002:role/role1"
        );
        let identity = redaction
            .scenario
            .caller_policies
            .as_ref()
            .map(|policies| policies.identity[0].text().to_string());
        assert!(
            identity
                .as_deref()
                .is_some_and(|text| text.contains("arn:aws:iam::000000000002:role/Role1")),
            "{identity:?}"
        );
        assert_eq!(super::case_variant("role1", 3).as_deref(), Some("ROle1"));
        assert_eq!(super::case_variant("role1", 16), None);
    }

    #[test]
    fn huge_scenarios_skip_the_comparison_check_and_say_so() {
        let values: Vec<String> = (0..1100).map(|n| format!("value-{n}")).collect();
        let mut scenario = scenario(BASE);
        let mut context = BTreeMap::new();
        context.insert(
            "aws:PrincipalTag/x".to_string(),
            ContextValue::Many(values.clone()),
        );
        scenario.request.context = Some(context);
        // Condition values are compared with every request value.
        scenario.role.trust_policy = PolicySource::object(&serde_json::json!({
            "Statement": [{ "Effect": "Allow", "Condition": { "StringLike": { "aws:PrincipalTag/y": values } } }]
        }));
        let redaction = redact_with_notes(&scenario);
        assert!(
            redaction
                .kept
                .iter()
                .any(|note| note.contains("too many to check")),
            "{:?}",
            redaction.kept
        );
    }
}
