//! From JSON to the policy model, reporting every grammar problem at its
//! place. See the module documentation of [`crate::policy`] for the sources.

use std::collections::HashSet;

use super::operator::{close_enough, edit_distance};
use super::principal_syntax::{check_principal, principal_type, principal_type_name};
use super::{
    parse_operator, quota, suggest_operator, BaseOperator, Condition, Effect, Finding, NameList,
    ParsedPolicy, Policy, PolicyDiagnostic, PolicyKind, PolicyVersion, PrincipalBlock,
    PrincipalEntry, PrincipalType, Statement,
};
use crate::aws_docs::{
    COGNITO_ROLES, CONDITION_OPERATORS, GRAMMAR, NOT_PRINCIPAL, RCP_SYNTAX, SCP_SYNTAX, VERSION,
};
use crate::json::{
    parse_json, parse_json_noting_plain, JsonError, JsonMember, JsonNode, JsonValue,
};
use crate::text::{Spanned, TextRange};

const TOP_LEVEL_ELEMENTS: [&str; 3] = ["Version", "Id", "Statement"];
/// Keys of the API answers and templates a policy document is pasted from.
const WRAPPERS: [&str; 4] = [
    "AssumeRolePolicyDocument",
    "PolicyDocument",
    "Role",
    "Policy",
];
const STATEMENT_ELEMENTS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// STS actions that people write without their `sts:` prefix.
const STS_ACTIONS: [&str; 6] = [
    "AssumeRole",
    "AssumeRoleWithWebIdentity",
    "AssumeRoleWithSAML",
    "TagSession",
    "SetSourceIdentity",
    "SetContext",
];

pub(super) fn parse(text: &str, kind: PolicyKind) -> ParsedPolicy {
    check(text, kind, parse_json(text))
}

/// [`parse`], when `text` is plain (`json::parse_json_noting_plain`): else
/// `None`, and nothing is checked.
pub(super) fn parse_if_plain(text: &str, kind: PolicyKind) -> Option<ParsedPolicy> {
    let (root, plain) = parse_json_noting_plain(text);
    plain.then(|| check(text, kind, root))
}

fn check(text: &str, kind: PolicyKind, root: Result<JsonNode<'_>, JsonError>) -> ParsedPolicy {
    let root = match root {
        Ok(root) => root,
        Err(error) => {
            return ParsedPolicy {
                kind,
                policy: None,
                diagnostics: json_errors(text, error),
            };
        }
    };
    let mut checker = Checker {
        kind,
        diagnostics: Vec::new(),
    };
    quota::check_characters(text, kind, &mut checker.diagnostics);
    // Strings decoded from ASCII text without escapes are ASCII, in which
    // nothing is invisible or a lookalike: no need to visit each.
    if !text.is_ascii() || text.contains('\\') {
        quota::check_suspicious_strings(&root, kind, &mut checker.diagnostics);
    }
    let policy = match &root.value {
        JsonValue::Object(members) => {
            quota::check_size(text, kind, &mut checker.diagnostics);
            Some(checker.policy(&root, members))
        }
        _ => {
            checker.not_an_object(&root);
            None
        }
    };
    let mut diagnostics = checker.diagnostics;
    diagnostics.sort_by_key(|diagnostic| (diagnostic.range.start, diagnostic.range.end));
    ParsedPolicy {
        kind,
        policy,
        diagnostics,
    }
}

struct Checker {
    kind: PolicyKind,
    diagnostics: Vec<PolicyDiagnostic>,
}

/// An object's members by element name (the last of duplicates), after
/// duplicates and unknown names were reported.
struct Fields<'a> {
    /// (name, member, source order index for "which came second"); a
    /// handful of elements, so a list beats a map.
    by_name: Vec<(&'static str, &'a JsonMember<'a>, usize)>,
    members: &'a [JsonMember<'a>],
}

impl<'a> Fields<'a> {
    fn entry(&self, name: &str) -> Option<&(&'static str, &'a JsonMember<'a>, usize)> {
        self.by_name.iter().find(|(known, _, _)| *known == name)
    }

    fn get(&self, name: &str) -> Option<&'a JsonMember<'a>> {
        self.entry(name).map(|(_, member, _)| *member)
    }

    fn position(&self, name: &str) -> usize {
        self.entry(name).map_or(usize::MAX, |(_, _, index)| *index)
    }
}

/// Where an element was found, for messages.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Top,
    Statement,
}

fn opening_brace(node: &JsonNode) -> TextRange {
    TextRange::new(node.range.start, node.range.start + 1)
}

fn member_range(member: &JsonMember) -> TextRange {
    member.key_range.cover(member.value.range)
}

/// The range that removes `members[index]` with one neighbouring comma and
/// the white space around it, leaving valid JSON.
fn removal_range(members: &[JsonMember], index: usize) -> Option<TextRange> {
    let member = members.get(index)?;
    if let Some(previous) = index.checked_sub(1).and_then(|at| members.get(at)) {
        return Some(TextRange::new(
            previous.value.range.end,
            member.value.range.end,
        ));
    }
    if let Some(next) = members.get(index + 1) {
        return Some(TextRange::new(member.key_range.start, next.key_range.start));
    }
    Some(member_range(member))
}

fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The known name a mistyped one most likely means.
fn closest_name<'n>(text: &str, known: &[&'n str]) -> Option<&'n str> {
    if let Some(exact) = known.iter().find(|name| name.eq_ignore_ascii_case(text)) {
        return Some(exact);
    }
    let lower = text.to_ascii_lowercase();
    known
        .iter()
        .map(|name| (*name, edit_distance(&lower, &name.to_ascii_lowercase())))
        .filter(|(name, distance)| *distance <= close_enough(name.len()))
        .min_by_key(|(_, distance)| *distance)
        .map(|(name, _)| name)
}

fn list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

impl Checker {
    fn report(&mut self, finding: Finding, range: TextRange) {
        self.diagnostics.push(finding.at(range));
    }

    fn is_iam(&self) -> bool {
        matches!(
            self.kind,
            PolicyKind::Trust | PolicyKind::Identity | PolicyKind::PermissionsBoundary
        )
    }

    fn not_an_object(&mut self, root: &JsonNode) {
        let found = root.value.type_name();
        let mut finding = Finding::error(format!(
            "a policy document is one JSON object (`{{ ... }}`), found {found}"
        ));
        match &root.value {
            JsonValue::Array(items)
                if items.iter().any(|item| {
                    matches!(&item.value, JsonValue::Object(members)
                        if members.iter().any(|m| m.key == "Effect"))
                }) =>
            {
                finding = finding.with_help(
                    "these look like statements; wrap them: `{\"Version\": \
                    \"2012-10-17\", \"Statement\": [ ... ]}`",
                );
            }
            JsonValue::String(inner)
                if matches!(
                    parse_json(inner),
                    Ok(JsonNode {
                        value: JsonValue::Object(_),
                        ..
                    })
                ) =>
            {
                finding = finding
                    .with_help(
                        "this is a policy encoded as a JSON string (its quotes \
                        escaped); use the document itself",
                    )
                    .with_replacement(inner.clone());
            }
            _ => {}
        }
        self.report(finding, root.range);
    }

    /// Collects an object's members by known element name, reporting
    /// duplicates and unknown elements.
    fn fields<'a>(
        &mut self,
        members: &'a [JsonMember],
        known: &'static [&'static str],
        level: Level,
    ) -> Fields<'a> {
        let mut fields = Fields {
            by_name: Vec::with_capacity(members.len()),
            members,
        };
        for (index, member) in members.iter().enumerate() {
            let Some(name) = known.iter().copied().find(|name| *name == member.key) else {
                self.unknown_element(member, members, known, level);
                continue;
            };
            let earlier = fields
                .by_name
                .iter()
                .position(|(known, _, _)| *known == name);
            if earlier.is_some() {
                self.report(
                    Finding::error(format!(
                        "duplicate `{name}` element; each element may appear only once{}",
                        match level {
                            Level::Top => " in a policy",
                            Level::Statement => " in a statement",
                        }
                    ))
                    .with_help(format!(
                        "IAM's grammar: \"individual elements must not contain multiple \
                        instances of the same key\"; merge the two into one ({GRAMMAR})"
                    )),
                    member.key_range,
                );
            }
            // The last of duplicates counts, as in a JSON object.
            if let Some(earlier) = earlier {
                fields.by_name.remove(earlier);
            }
            fields.by_name.push((name, member, index));
        }
        fields
    }

    fn unknown_element(
        &mut self,
        member: &JsonMember,
        members: &[JsonMember],
        known: &[&str],
        level: Level,
    ) {
        let key = member.key.as_ref();
        let place = match level {
            Level::Top => "at the top of a policy",
            Level::Statement => "in a statement",
        };
        let mut finding = Finding::error(format!(
            "unknown element `{key}` {place}; IAM allows {}",
            list(known)
        ));
        let elsewhere = match level {
            Level::Top => STATEMENT_ELEMENTS.contains(&key).then_some(
                "statement elements belong inside `Statement`: `{\"Version\": \
                \"2012-10-17\", \"Statement\": [{ ... }]}`",
            ),
            Level::Statement => TOP_LEVEL_ELEMENTS.contains(&key).then_some(
                "`Version`, `Id` and `Statement` belong at the top of the policy, not \
                inside a statement",
            ),
        };
        if let Some(help) = elsewhere {
            finding = finding.with_help(help);
        } else if WRAPPERS.contains(&key) {
            finding = finding.with_help(
                "this looks like an API or template wrapper; \
                paste only the policy document (the object with `Version` and `Statement`)",
            );
        } else if let Some(name) = closest_name(key, known) {
            let taken = members.iter().any(|other| other.key == name);
            finding = finding.with_help(format!(
                "did you mean `{name}`? element names are case-sensitive"
            ));
            if !taken {
                finding = finding.with_replacement(quoted(name));
            }
        }
        self.report(finding, member.key_range);
    }

    fn type_error(&mut self, what: &str, expected: &str, node: &JsonNode) {
        self.report(
            Finding::error(format!(
                "`{what}` must be {expected}, found {}",
                node.value.type_name()
            )),
            node.range,
        );
    }

    fn policy(&mut self, root: &JsonNode, members: &[JsonMember]) -> Policy {
        let fields = self.fields(members, &TOP_LEVEL_ELEMENTS, Level::Top);
        let version = self.version(root, &fields);
        if let Some(id) = fields.get("Id") {
            self.id(id);
        }
        // A wrapper (`AssumeRolePolicyDocument`), a misspelt `Statements` or
        // statement elements at the top are the cause, already reported
        // with their remedy; the missing `Statement` is only its symptom.
        let cause_reported = members.iter().any(|member| {
            let key = member.key.as_ref();
            !TOP_LEVEL_ELEMENTS.contains(&key)
                && (WRAPPERS.contains(&key)
                    || STATEMENT_ELEMENTS.contains(&key)
                    || closest_name(key, &TOP_LEVEL_ELEMENTS) == Some("Statement"))
        });
        let statements = match fields.get("Statement") {
            Some(member) => self.statements(member),
            None if cause_reported => Vec::new(),
            None => {
                self.report(
                    Finding::error("the policy has no `Statement` element").with_help(format!(
                        "add `\"Statement\": [ ... ]` with at least one statement ({GRAMMAR})"
                    )),
                    opening_brace(root),
                );
                Vec::new()
            }
        };
        self.unique_sids(&statements);
        Policy {
            version,
            statements,
            range: root.range,
        }
    }

    fn version(&mut self, root: &JsonNode, fields: &Fields<'_>) -> PolicyVersion {
        let organizations = matches!(self.kind, PolicyKind::Scp | PolicyKind::Rcp);
        let add_version =
            (!fields.members.is_empty()).then(|| "{\n  \"Version\": \"2012-10-17\",".to_owned());
        let Some(member) = fields.get("Version") else {
            let finding = if organizations {
                Finding::error(format!(
                    "the {} has no `Version`; every {} must have `\"Version\": \"2012-10-17\"`",
                    self.kind.describe(),
                    self.kind.describe()
                ))
                .with_help(self.organizations_doc())
            } else {
                Finding::warning(
                    "the policy has no `Version`, so IAM reads it as version \
                    `2008-10-17`: policy variables such as `${aws:username}` are literal text",
                )
                .with_help(format!("add `\"Version\": \"2012-10-17\"` ({VERSION})"))
            };
            let finding = match add_version {
                Some(replacement) => finding.with_replacement(replacement),
                None => finding,
            };
            self.report(finding, opening_brace(root));
            return PolicyVersion::V2008;
        };
        let node = &member.value;
        let JsonValue::String(value) = &node.value else {
            self.report(
                Finding::error(format!(
                    "`Version` must be the string `\"2012-10-17\"`, found {}",
                    node.value.type_name()
                ))
                .with_replacement("\"2012-10-17\""),
                node.range,
            );
            return PolicyVersion::V2012;
        };
        match value.as_ref() {
            "2012-10-17" => PolicyVersion::V2012,
            "2008-10-17" if organizations => {
                self.report(
                    Finding::error(format!(
                        "{} must have `Version` `2012-10-17`, not `2008-10-17`",
                        self.kind.with_article()
                    ))
                    .with_help(self.organizations_doc())
                    .with_replacement("\"2012-10-17\""),
                    node.range,
                );
                PolicyVersion::V2008
            }
            "2008-10-17" => PolicyVersion::V2008,
            other => {
                self.report(
                    Finding::error(format!(
                        "unknown policy `Version` `{other}`; IAM accepts only \
                        `2012-10-17` (current) and `2008-10-17`"
                    ))
                    .with_help(format!(
                        "`Version` is the policy language's date, not the \
                        date of your policy ({VERSION})"
                    ))
                    .with_replacement("\"2012-10-17\""),
                    node.range,
                );
                PolicyVersion::V2012
            }
        }
    }

    fn organizations_doc(&self) -> String {
        let doc = if self.kind == PolicyKind::Rcp {
            RCP_SYNTAX
        } else {
            SCP_SYNTAX
        };
        format!("see {doc}")
    }

    fn id(&mut self, member: &JsonMember) {
        if !matches!(member.value.value, JsonValue::String(_)) {
            self.type_error("Id", "a string", &member.value);
            return;
        }
        if self.kind != PolicyKind::Trust {
            self.report(
                Finding::warning(format!(
                    "`Id` is an element of resource-based policies; the IAM grammar says \
                    it must not appear in {}",
                    self.kind.with_article()
                ))
                .with_help(format!("remove it ({GRAMMAR})")),
                member.key_range,
            );
        }
    }

    fn statements(&mut self, member: &JsonMember) -> Vec<Statement> {
        let node = &member.value;
        match &node.value {
            JsonValue::Object(_) => self.statement(0, node).into_iter().collect(),
            JsonValue::Array(items) => {
                if items.is_empty() {
                    self.report(
                        Finding::warning(
                            "`Statement` is empty: the policy allows and denies nothing",
                        ),
                        node.range,
                    );
                }
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(index, item)| self.statement(index, item))
                    .collect()
            }
            _ => {
                self.type_error("Statement", "a statement object or an array of them", node);
                Vec::new()
            }
        }
    }

    fn unique_sids(&mut self, statements: &[Statement]) {
        let taken: HashSet<&str> = statements
            .iter()
            .filter_map(|s| s.sid.as_ref())
            .map(|sid| sid.value.as_str())
            .collect();
        let mut seen: HashSet<String> = HashSet::new();
        for sid in statements.iter().filter_map(|s| s.sid.as_ref()) {
            if sid.value.is_empty() {
                continue;
            }
            if !seen.insert(sid.value.clone()) {
                // The first free `SidN`: Sids are letters and digits only.
                let renamed = (2..)
                    .map(|n| format!("{}{n}", sid.value))
                    .find(|candidate| {
                        !taken.contains(candidate.as_str()) && !seen.contains(candidate)
                    })
                    .unwrap_or_default();
                seen.insert(renamed.clone());
                self.report(
                    Finding::error(format!(
                        "another statement already has the `Sid` `{}`; statement ids must \
                        be unique within a policy",
                        sid.value
                    ))
                    .with_help(
                        "IAM refuses it: \"Statement IDs (SID) in a single policy \
                        must be unique\"; rename or remove one",
                    )
                    .with_replacement(format!("\"{renamed}\"")),
                    sid.range,
                );
            }
        }
    }

    fn statement(&mut self, index: usize, node: &JsonNode) -> Option<Statement> {
        let JsonValue::Object(members) = &node.value else {
            self.report(
                Finding::error(format!(
                    "each statement must be an object (`{{ \"Effect\": ... }}`), found {}",
                    node.value.type_name()
                )),
                node.range,
            );
            return None;
        };
        let fields = self.fields(members, &STATEMENT_ELEMENTS, Level::Statement);
        let sid = fields.get("Sid").and_then(|member| self.sid(member));
        let effect = self.effect(node, &fields);
        let principal = self.principal_block(node, &fields, effect.as_ref().map(|e| e.value));
        let action = self.name_list_pair(node, &fields, "Action", "NotAction");
        let resource = self.name_list_pair(node, &fields, "Resource", "NotResource");
        let (conditions, condition_range) = match fields.get("Condition") {
            Some(member) => (self.conditions(member), Some(member_range(member))),
            None => (Vec::new(), None),
        };
        if self.kind == PolicyKind::Rcp {
            if let Some(allow) = effect.as_ref().filter(|e| e.value == Effect::Allow) {
                let star = |list: &Option<NameList>| {
                    list.as_ref()
                        .is_some_and(|l| !l.negated && l.values.iter().all(|v| v.value == "*"))
                };
                let full_access = principal.as_ref().is_some_and(|p| p.any)
                    && star(&action)
                    && star(&resource)
                    && conditions.is_empty();
                if !full_access {
                    self.report(
                        Finding::error(
                            "an RCP may `Allow` only as AWS's \
                            `RCPFullAWSAccess` does: `Principal`, `Action` and `Resource` \
                            all `\"*\"`, without a `Condition`",
                        )
                        .with_help(format!(
                            "write restrictions as `Deny` statements \
                            ({RCP_SYNTAX})"
                        )),
                        allow.range,
                    );
                }
            } else if let Some(star) = action
                .as_ref()
                .and_then(|list| list.values.iter().find(|v| v.value == "*"))
            {
                // "You cannot use "*" in the Action element of a customer
                // managed RCP" (RCP syntax page).
                self.report(
                    Finding::error(
                        "a customer managed RCP cannot use `\"*\"` as an \
                        action; name the service it restricts, such as `\"sts:*\"`",
                    )
                    .with_help(format!(
                        "RCPs restrict s3, sts, sqs, secretsmanager, \
                        kms and a few more services ({RCP_SYNTAX})"
                    ))
                    .with_replacement("\"sts:*\""),
                    star.range,
                );
            }
        }
        if self.kind == PolicyKind::Trust {
            self.cognito_audience(&principal, &conditions, effect.as_ref());
        }
        Some(Statement {
            index,
            sid,
            effect: effect?,
            principal,
            action,
            resource,
            conditions,
            range: node.range,
            condition_range,
        })
    }

    /// IAM refuses a trust policy that lets any Cognito identity pool assume
    /// the role: "you can't create or modify a role trust policy to allow any
    /// identity pool to assume the role"; the pool is named by
    /// `cognito-identity.amazonaws.com:aud`.
    fn cognito_audience(
        &mut self,
        principal: &Option<PrincipalBlock>,
        conditions: &[Condition],
        effect: Option<&Spanned<Effect>>,
    ) {
        if effect.is_none_or(|effect| effect.value != Effect::Allow) {
            return;
        }
        let Some(entry) = principal
            .iter()
            .flat_map(|block| &block.entries)
            .find(|entry| {
                entry.kind == PrincipalType::Federated && is_cognito_identity(&entry.value.value)
            })
        else {
            return;
        };
        let has_audience = conditions.iter().any(|condition| {
            let key = condition.key.value.to_ascii_lowercase();
            key.starts_with("cognito-identity.") && key.ends_with(":aud")
        });
        if !has_audience {
            self.report(
                Finding::error(
                    "a statement trusting Amazon Cognito identity pools must name the \
                    pool: IAM refuses a trust policy that lets any identity pool \
                    assume the role",
                )
                .with_help(format!(
                    "add `\"StringEquals\": {{\"cognito-identity.amazonaws.com:aud\": \
                    \"REGION:IDENTITY_POOL_ID\"}}` and, to choose guests or signed-in \
                    users, `\"ForAnyValue:StringLike\": \
                    {{\"cognito-identity.amazonaws.com:amr\": \"authenticated\"}}` \
                    ({COGNITO_ROLES})"
                )),
                entry.value.range,
            );
        }
    }

    fn sid(&mut self, member: &JsonMember) -> Option<Spanned<String>> {
        let JsonValue::String(sid) = &member.value.value else {
            let replacement = match &member.value.value {
                JsonValue::Number(number) => Some(quoted(number)),
                _ => None,
            };
            let mut finding = Finding::error(format!(
                "`Sid` must be a string, found {}",
                member.value.value.type_name()
            ));
            finding.replacement = replacement;
            self.report(finding, member.value.range);
            return None;
        };
        if self.is_iam() && !sid.bytes().all(|b| b.is_ascii_alphanumeric()) {
            let cleaned: String = sid.chars().filter(char::is_ascii_alphanumeric).collect();
            let mut finding = Finding::error(format!(
                "the `Sid` `{sid}` has characters IAM does not allow; IAM policy \
                statement ids use only letters and digits (A-Z, a-z, 0-9)"
            ))
            .with_help(format!(
                "IAM refuses it: \"Statement IDs (SID) must be alpha-numeric\" ({GRAMMAR})"
            ));
            if !cleaned.is_empty() {
                finding = finding.with_replacement(quoted(&cleaned));
            }
            self.report(finding, member.value.range);
        }
        Some(Spanned::new(sid.to_string(), member.value.range))
    }

    fn effect(&mut self, statement: &JsonNode, fields: &Fields<'_>) -> Option<Spanned<Effect>> {
        let Some(member) = fields.get("Effect") else {
            self.report(
                Finding::error(
                    "the statement has no `Effect`; every statement needs \
                    `\"Effect\": \"Allow\"` or `\"Effect\": \"Deny\"`",
                )
                .with_help(GRAMMAR),
                statement.range,
            );
            return None;
        };
        let node = &member.value;
        let JsonValue::String(text) = &node.value else {
            self.type_error("Effect", "`\"Allow\"` or `\"Deny\"`", node);
            return None;
        };
        let effect = match text.as_ref() {
            "Allow" => return Some(Spanned::new(Effect::Allow, node.range)),
            "Deny" => return Some(Spanned::new(Effect::Deny, node.range)),
            _ => closest_name(text, &["Allow", "Deny"]),
        };
        let mut finding = Finding::error(format!(
            "`Effect` must be `Allow` or `Deny` (case-sensitive), found `{text}`"
        ));
        if let Some(name) = effect {
            finding = finding
                .with_help(format!("did you mean `{name}`?"))
                .with_replacement(quoted(name));
        }
        self.report(finding, node.range);
        // Keep a statement whose intent is certain (`allow`), so that the
        // evaluator can still explain it.
        match effect {
            Some("Allow") if text.eq_ignore_ascii_case("Allow") => {
                Some(Spanned::new(Effect::Allow, node.range))
            }
            Some("Deny") if text.eq_ignore_ascii_case("Deny") => {
                Some(Spanned::new(Effect::Deny, node.range))
            }
            _ => None,
        }
    }

    /// Chooses between `X` and `NotX`, reporting both-present.
    fn pair<'a>(
        &mut self,
        fields: &Fields<'a>,
        positive: &str,
        negative: &str,
    ) -> Option<(&'a JsonMember<'a>, bool)> {
        match (fields.get(positive), fields.get(negative)) {
            (Some(yes), Some(no)) => {
                let second = if fields.position(positive) > fields.position(negative) {
                    yes
                } else {
                    no
                };
                self.report(
                    Finding::error(format!(
                        "a statement may have `{positive}` or `{negative}`, not both"
                    ))
                    .with_help(format!("keep one of them ({GRAMMAR})")),
                    second.key_range,
                );
                Some((yes, false))
            }
            (Some(yes), None) => Some((yes, false)),
            (None, Some(no)) => Some((no, true)),
            (None, None) => None,
        }
    }

    /// Reports an element this kind of policy must not have, with a
    /// replacement that removes the member and one neighbouring comma.
    fn prohibited(&mut self, fields: &Fields<'_>, member: &JsonMember, finding: Finding) {
        let removal = fields
            .members
            .iter()
            .position(|other| std::ptr::eq(other, member))
            .and_then(|at| removal_range(fields.members, at));
        match removal {
            Some(range) => self.report(finding.with_replacement(""), range),
            None => self.report(finding, member.key_range),
        }
    }

    fn name_list_pair(
        &mut self,
        statement: &JsonNode,
        fields: &Fields<'_>,
        positive: &'static str,
        negative: &'static str,
    ) -> Option<NameList> {
        let chosen = self.pair(fields, positive, negative);
        let is_resource = positive == "Resource";
        if is_resource {
            if let Some((member, _)) = chosen {
                if self.kind == PolicyKind::Trust {
                    let name = member.key.clone();
                    self.prohibited(
                        fields,
                        member,
                        Finding::error(format!(
                            "a trust policy cannot have `{name}`: the role itself is the resource"
                        ))
                        .with_help(format!(
                            "remove it; IAM refuses it with \"Has prohibited field {name}\""
                        )),
                    );
                    return None;
                }
            } else if matches!(
                self.kind,
                PolicyKind::Identity | PolicyKind::PermissionsBoundary | PolicyKind::Rcp
            ) {
                // RCPs: "Each statement must contain the Resource or
                // NotResource element" (RCP syntax page).
                self.report(
                    Finding::error(format!(
                        "the statement has no `Resource`; statements in {} need \
                        `Resource` or `NotResource`",
                        self.kind.with_article()
                    ))
                    .with_help(
                        "for role assumption, name the role ARN: `\"Resource\": \
                        \"arn:aws:iam::ACCOUNT_ID:role/NAME\"`",
                    ),
                    statement.range,
                );
            }
        } else if chosen.is_none() {
            self.report(
                Finding::error(
                    "the statement has no `Action`; every statement needs `Action` or `NotAction`",
                )
                .with_help("for role assumption: `\"Action\": \"sts:AssumeRole\"`"),
                statement.range,
            );
        }
        let (member, negated) = chosen?;
        if negated && !is_resource && self.kind == PolicyKind::Rcp {
            self.report(
                Finding::error("an RCP cannot use `NotAction`")
                    .with_help(format!("list the actions under `Action` ({RCP_SYNTAX})")),
                member.key_range,
            );
        }
        let values = self.strings(member, &member.key);
        if values.as_ref().is_some_and(Vec::is_empty) {
            let what = if is_resource { "resources" } else { "actions" };
            self.report(
                Finding::error(format!(
                    "`{}` is empty; a statement must contain {what}",
                    member.key
                )),
                member.value.range,
            );
        }
        let values = values.unwrap_or_default();
        for value in &values {
            let finding = padded(&value.value).or_else(|| {
                if is_resource {
                    check_resource(&value.value)
                } else {
                    check_action(&value.value)
                }
            });
            if let Some(finding) = finding {
                self.report(finding, value.range);
            }
        }
        Some(NameList {
            negated,
            values,
            range: member_range(member),
        })
    }

    /// A string or an array of strings. `None` when the value has the wrong
    /// type (reported); wrong items are reported and skipped.
    fn strings(&mut self, member: &JsonMember, what: &str) -> Option<Vec<Spanned<String>>> {
        self.strings_or_accounts(member, what, false)
    }

    /// [`Self::strings`], where an AWS principal may also be an account id
    /// written as a number: "Quotation marks are optional for numeric and
    /// Boolean values" (IAM's grammar), so IAM accepts it; a warning asks for
    /// quotes, which keep any leading zero.
    fn strings_or_accounts(
        &mut self,
        member: &JsonMember,
        what: &str,
        accounts: bool,
    ) -> Option<Vec<Spanned<String>>> {
        let node = &member.value;
        let account = |number: &str| {
            accounts && number.len() == 12 && number.bytes().all(|b| b.is_ascii_digit())
        };
        match &node.value {
            JsonValue::String(value) => Some(vec![Spanned::new(value.to_string(), node.range)]),
            JsonValue::Number(number) if account(number) => {
                Some(vec![self.account_number(number, node.range)])
            }
            JsonValue::Array(items) => Some(
                items
                    .iter()
                    .filter_map(|item| match &item.value {
                        JsonValue::String(value) => {
                            Some(Spanned::new(value.to_string(), item.range))
                        }
                        JsonValue::Number(number) if account(number) => {
                            Some(self.account_number(number, item.range))
                        }
                        other => {
                            let mut finding = Finding::error(format!(
                                "`{what}` values must be strings, found {}",
                                other.type_name()
                            ));
                            if let JsonValue::Number(number) = other {
                                finding = finding.with_replacement(quoted(number));
                            }
                            self.report(finding, item.range);
                            None
                        }
                    })
                    .collect(),
            ),
            JsonValue::Number(number) => {
                self.report(
                    Finding::error(format!(
                        "`{what}` must be a string or an array of strings, found a number"
                    ))
                    .with_replacement(quoted(number)),
                    node.range,
                );
                None
            }
            _ => {
                self.type_error(what, "a string or an array of strings", node);
                None
            }
        }
    }

    /// An account id written as a number: IAM accepts it; a warning asks
    /// for quotes.
    fn account_number(&mut self, number: &str, range: TextRange) -> Spanned<String> {
        self.report(
            Finding::warning(format!(
                "the account id {number} is written as a number; IAM accepts it, but \
                quote it (`\"{number}\"`) so that no tool drops a leading zero"
            ))
            .with_replacement(quoted(number)),
            range,
        );
        Spanned::new(number.to_string(), range)
    }

    fn principal_block(
        &mut self,
        statement: &JsonNode,
        fields: &Fields<'_>,
        effect: Option<Effect>,
    ) -> Option<PrincipalBlock> {
        let chosen = self.pair(fields, "Principal", "NotPrincipal");
        match (self.kind, chosen) {
            (
                PolicyKind::Identity | PolicyKind::PermissionsBoundary | PolicyKind::Scp,
                Some((member, _)),
            ) => {
                let name = member.key.clone();
                let policy = self.kind.with_article();
                self.prohibited(
                    fields,
                    member,
                    Finding::error(format!(
                        "{policy} cannot have `{name}`: it applies to the identity it is \
                        attached to"
                    ))
                    .with_help(
                        "remove it; IAM refuses it with \"Policy document should \
                        not specify a principal\"",
                    ),
                );
                return None;
            }
            (PolicyKind::Trust | PolicyKind::Rcp, None) => {
                let help = if self.kind == PolicyKind::Rcp {
                    format!("RCP statements need `\"Principal\": \"*\"` ({RCP_SYNTAX})")
                } else {
                    "say who may assume the role, e.g. `\"Principal\": {\"AWS\": \
                    \"arn:aws:iam::ACCOUNT_ID:root\"}`; IAM refuses it with \"Missing \
                    required field Principal\""
                        .to_owned()
                };
                self.report(
                    Finding::error(format!(
                        "the statement has no `Principal`; every {} statement needs one",
                        self.kind.describe()
                    ))
                    .with_help(help),
                    statement.range,
                );
                return None;
            }
            (_, None) => return None,
            (PolicyKind::Trust | PolicyKind::Rcp, Some((member, true))) => {
                let mut help = format!(
                    "use `Principal` with a `Deny` statement and a condition such as \
                    `\"ArnNotEquals\": {{\"aws:PrincipalArn\": ...}}` ({NOT_PRINCIPAL})"
                );
                if effect == Some(Effect::Allow) {
                    help = format!("`NotPrincipal` works only with `Deny` anyway; {help}");
                }
                self.report(
                    Finding::error(format!(
                        "{} cannot use `NotPrincipal`",
                        self.kind.with_article()
                    ))
                    .with_help(help),
                    member.key_range,
                );
            }
            _ => {}
        }
        let (member, negated) = chosen?;
        let block = self.principal_value(member, negated);
        // A `NotPrincipal` has its own error above; a fix to `"*"` would keep it.
        if self.kind == PolicyKind::Rcp && !block.any && !negated {
            self.report(
                Finding::error("an RCP's `Principal` must be `\"*\"`")
                    .with_help(format!(
                        "restrict principals with conditions instead ({RCP_SYNTAX})"
                    ))
                    .with_replacement("\"*\""),
                member.value.range,
            );
        }
        Some(block)
    }

    fn principal_value(&mut self, member: &JsonMember, negated: bool) -> PrincipalBlock {
        let mut block = PrincipalBlock {
            negated,
            any: false,
            entries: Vec::new(),
            range: member_range(member),
        };
        let node = &member.value;
        let name = member.key.as_ref();
        let members = match &node.value {
            JsonValue::String(value) if value == "*" => {
                block.any = true;
                return block;
            }
            JsonValue::String(value) => {
                let is_provider =
                    value.contains(":saml-provider/") || value.contains(":oidc-provider/");
                let kind = if is_provider {
                    PrincipalType::Federated
                } else if value.ends_with(".amazonaws.com") {
                    PrincipalType::Service
                } else {
                    PrincipalType::Aws
                };
                let type_name = principal_type_name(kind);
                self.report(
                    Finding::error(format!(
                        "`{name}` must be `\"*\"` or an object such as \
                        `{{\"{type_name}\": ...}}`, not a bare string"
                    ))
                    .with_help(GRAMMAR)
                    .with_replacement(format!("{{\"{type_name}\": {}}}", quoted(value))),
                    node.range,
                );
                block.entries.push(PrincipalEntry {
                    kind,
                    value: Spanned::new(value.to_string(), node.range),
                });
                return block;
            }
            JsonValue::Object(members) => members,
            _ => {
                self.type_error(name, "`\"*\"` or an object such as `{\"AWS\": ...}`", node);
                return block;
            }
        };
        if members.is_empty() {
            self.report(
                Finding::error(format!(
                    "`{name}` is empty; it must name at least one principal"
                )),
                node.range,
            );
        }
        let mut seen: Vec<PrincipalType> = Vec::new();
        for entry_member in members {
            let Some(kind) = principal_type(&entry_member.key) else {
                let known = ["AWS", "Service", "Federated", "CanonicalUser"];
                let mut finding = Finding::error(format!(
                    "unknown principal type `{}`; IAM allows {}",
                    entry_member.key,
                    list(&known)
                ));
                if let Some(suggestion) = closest_name(&entry_member.key, &known) {
                    finding = finding
                        .with_help(format!(
                            "did you mean `{suggestion}`? principal types are case-sensitive"
                        ))
                        .with_replacement(quoted(suggestion));
                }
                self.report(finding, entry_member.key_range);
                continue;
            };
            if seen.contains(&kind) {
                self.report(
                    Finding::error(format!(
                        "duplicate `{}` principal type; list all of them in one array",
                        entry_member.key
                    ))
                    .with_help(format!(
                        "IAM's grammar: \"individual elements must not contain multiple \
                        instances of the same key\" ({GRAMMAR})"
                    )),
                    entry_member.key_range,
                );
            }
            seen.push(kind);
            let values = self
                .strings_or_accounts(entry_member, &entry_member.key, kind == PrincipalType::Aws)
                .unwrap_or_default();
            if values.is_empty() && matches!(entry_member.value.value, JsonValue::Array(_)) {
                self.report(
                    Finding::error(format!(
                        "`{}` is empty; it must name at least one principal",
                        entry_member.key
                    )),
                    entry_member.value.range,
                );
            }
            for value in values {
                let finding =
                    padded(&value.value).or_else(|| check_principal(kind, &value.value, self.kind));
                if let Some(finding) = finding {
                    self.report(finding, value.range);
                }
                block.entries.push(PrincipalEntry { kind, value });
            }
        }
        block
    }

    fn conditions(&mut self, member: &JsonMember) -> Vec<Condition> {
        let JsonValue::Object(operators) = &member.value.value else {
            self.type_error(
                "Condition",
                "an object such as `{\"StringEquals\": {\"KEY\": \"VALUE\"}}`",
                &member.value,
            );
            return Vec::new();
        };
        let mut conditions = Vec::new();
        let mut seen_operators: HashSet<&str> = HashSet::new();
        for operator_member in operators {
            let operator_text = operator_member.key.as_ref();
            if !seen_operators.insert(operator_text) {
                self.report(
                    Finding::error(format!(
                        "duplicate condition operator `{operator_text}`; put all its keys \
                        in one block"
                    ))
                    .with_help(format!(
                        "IAM's grammar: \"individual elements must not contain multiple \
                        instances of the same key\" ({GRAMMAR})"
                    )),
                    operator_member.key_range,
                );
            }
            let operator = parse_operator(operator_text);
            let key_as_operator = operator.is_none()
                && operator_text.contains(':')
                && matches!(
                    operator_member.value.value,
                    JsonValue::String(_) | JsonValue::Array(_)
                );
            if key_as_operator {
                // `"Condition": {"sts:ExternalId": "x"}`: the operator is missing.
                let range = member_range(operator_member);
                let strings: Option<Vec<String>> = match &operator_member.value.value {
                    JsonValue::String(value) => Some(vec![value.to_string()]),
                    JsonValue::Array(items) => items
                        .iter()
                        .map(|item| match &item.value {
                            JsonValue::String(value) => Some(value.to_string()),
                            _ => None,
                        })
                        .collect(),
                    _ => None,
                };
                let mut finding = Finding::error(format!(
                    "`{operator_text}` is a condition key, not an operator: a condition \
                    names the operator first, then its keys"
                ))
                .with_help(format!(
                    "write `\"StringEquals\": {{\"{operator_text}\": \
                    ...}}` ({CONDITION_OPERATORS})"
                ));
                if let Some(strings) = strings {
                    let values = match strings.as_slice() {
                        [one] => serde_json::Value::from(one.clone()),
                        many => serde_json::Value::from(many.to_vec()),
                    };
                    finding = finding.with_replacement(format!(
                        "\"StringEquals\": {{{}: {values}}}",
                        serde_json::Value::from(operator_text)
                    ));
                }
                self.report(finding, range);
                continue;
            }
            match operator {
                None => {
                    let mut finding =
                        Finding::error(format!("unknown condition operator `{operator_text}`"));
                    let help = format!(
                        "IAM refuses it (\"Invalid Condition type : {operator_text}\"); \
                        operator names are case-sensitive ({CONDITION_OPERATORS})"
                    );
                    finding = match suggest_operator(operator_text) {
                        Some(suggestion) => finding
                            .with_help(format!("did you mean `{suggestion}`? {help}"))
                            .with_replacement(quoted(&suggestion)),
                        None => finding.with_help(help),
                    };
                    self.report(finding, operator_member.key_range);
                }
                Some(op) if op.base == BaseOperator::Null && op.if_exists => {
                    let fixed = super::Operator {
                        if_exists: false,
                        ..op
                    };
                    self.report(
                        Finding::error(format!(
                            "`{operator_text}` is not an operator: `Null` cannot take \
                            `IfExists`, since it already tests whether the key exists"
                        ))
                        .with_help(CONDITION_OPERATORS)
                        .with_replacement(quoted(&fixed.to_string())),
                        operator_member.key_range,
                    );
                }
                Some(_) => {}
            }
            let JsonValue::Object(keys) = &operator_member.value.value else {
                self.type_error(
                    operator_text,
                    "an object of condition keys and values, such as \
                    `{\"aws:PrincipalOrgID\": \"o-abc123\"}`",
                    &operator_member.value,
                );
                continue;
            };
            if keys.is_empty() {
                self.report(
                    Finding::warning(format!("`{operator_text}` has no condition keys")),
                    operator_member.value.range,
                );
            }
            let mut seen_keys: HashSet<String> = HashSet::new();
            for key_member in keys {
                // Condition key names are case-insensitive, so `aws:SourceIp`
                // and `aws:sourceip` are the same key.
                if !seen_keys.insert(key_member.key.to_ascii_lowercase()) {
                    self.report(
                        Finding::error(format!(
                            "duplicate condition key `{}` under `{operator_text}`; list \
                            all its values in one array",
                            key_member.key
                        ))
                        .with_help(format!(
                            "IAM's grammar: \"individual elements must not contain \
                            multiple instances of the same key\"; condition key names \
                            are case-insensitive ({GRAMMAR})"
                        )),
                        key_member.key_range,
                    );
                }
                if key_member.key.is_empty() {
                    self.report(
                        Finding::error("the condition key is empty"),
                        key_member.key_range,
                    );
                }
                // The issuer URL as written in the console, scheme included:
                // IAM refuses it ("Condition can contain only one colon").
                if let Some(bare) = ["https://", "http://"]
                    .iter()
                    .find_map(|scheme| key_member.key.strip_prefix(scheme))
                {
                    self.report(
                        Finding::error(format!(
                            "the condition key `{}` starts with a URL scheme; IAM refuses \
                            it (\"Condition can contain only one colon\"): web \
                            identity keys are the issuer's host and path, then `:claim`",
                            key_member.key
                        ))
                        .with_replacement(quoted(bare)),
                        key_member.key_range,
                    );
                }
                let values = self.condition_values(key_member);
                conditions.push(Condition {
                    operator_text: Spanned::new(
                        operator_text.to_owned(),
                        operator_member.key_range,
                    ),
                    operator,
                    key: Spanned::new(key_member.key.to_string(), key_member.key_range),
                    values,
                    range: member_range(key_member),
                });
            }
        }
        conditions
    }

    fn condition_values(&mut self, member: &JsonMember) -> Vec<Spanned<String>> {
        let node = &member.value;
        match &node.value {
            JsonValue::Array(items) => {
                if items.is_empty() {
                    self.report(
                        Finding::warning(format!(
                            "condition key `{}` has no values (`[]`)",
                            member.key
                        ))
                        .with_help("give at least one value; an empty list matches nothing"),
                        node.range,
                    );
                }
                items
                    .iter()
                    .filter_map(|item| self.condition_scalar(&member.key, item, true))
                    .collect()
            }
            _ => self
                .condition_scalar(&member.key, node, false)
                .into_iter()
                .collect(),
        }
    }

    fn condition_scalar(
        &mut self,
        key: &str,
        node: &JsonNode,
        in_array: bool,
    ) -> Option<Spanned<String>> {
        let text = match &node.value {
            JsonValue::String(value) => value.to_string(),
            JsonValue::Number(number) => number.to_string(),
            JsonValue::Bool(value) => value.to_string(),
            other => {
                let expected = if in_array {
                    "a string, number or boolean"
                } else {
                    "a string, number, boolean or an array of them"
                };
                let mut finding = Finding::error(format!(
                    "the value of condition key `{key}` must be {expected}, found {}",
                    other.type_name()
                ));
                if matches!(other, JsonValue::Null) {
                    finding = finding.with_help(
                        "to test that a key is absent, use `\"Null\": {\"KEY\": \"true\"}`",
                    );
                }
                self.report(finding, node.range);
                return None;
            }
        };
        Some(Spanned::new(text, node.range))
    }
}

/// A value with white space around it (pasted from a terminal or a
/// document): IAM compares policy text exactly.
fn padded(value: &str) -> Option<Finding> {
    let trimmed = value.trim();
    if trimmed == value || trimmed.is_empty() {
        return None;
    }
    Some(
        Finding::error(format!("`{value}` has white space around it"))
            .with_help("IAM reads the value exactly as written, spaces included; remove them")
            .with_replacement(quoted(trimmed)),
    )
}

/// `service:action` or `*`, as IAM requires.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html>
fn check_action(action: &str) -> Option<Finding> {
    if action == "*" {
        return None;
    }
    let Some((vendor, name)) = action.split_once(':') else {
        let mut finding = Finding::error(format!(
            "`{action}` has no service prefix; actions are written `service:Action`, such \
            as `sts:AssumeRole`"
        ))
        .with_help(
            "IAM refuses it: \"Actions/Conditions must be prefaced by a vendor, \
            e.g., iam, sdb, ec2, etc.\"",
        );
        if let Some(sts) = STS_ACTIONS
            .iter()
            .find(|known| known.eq_ignore_ascii_case(action))
        {
            finding = finding.with_replacement(quoted(&format!("sts:{sts}")));
        }
        return Some(finding);
    };
    if name.contains(':') {
        return Some(
            Finding::error(format!("`{action}` has more than one `:`"))
                .with_help("IAM refuses it: \"Actions/Condition can contain only one colon\""),
        );
    }
    if vendor.contains('*') || vendor.contains('?') {
        return Some(
            Finding::error(format!(
                "`{action}` has a wildcard in its service prefix `{vendor}`"
            ))
            .with_help(
                "IAM refuses it: \"Action vendors must not contain \
                wildcards\"; list each service, or use `*` alone",
            ),
        );
    }
    if vendor.is_empty()
        || !vendor
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Some(Finding::error(format!(
            "`{action}` has an invalid service prefix `{vendor}`; prefixes are like \
            `sts`, `iam`, `s3`"
        )));
    }
    if name.is_empty() {
        return Some(Finding::error(format!(
            "`{action}` names no action after `{vendor}:`; write e.g. `{vendor}:*` or the \
            action's name"
        )));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '*' | '?' | '-' | '_' | '.')))
    {
        let trimmed: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '*' | '?' | '-' | '_' | '.'))
            .collect();
        let mut finding = Finding::error(format!(
            "`{action}` is not a valid action name: it contains `{bad}`"
        ));
        if !trimmed.is_empty() {
            let fixed = format!("{vendor}:{trimmed}");
            finding = finding
                .with_help(format!("did you mean `{fixed}`?"))
                .with_replacement(quoted(&fixed));
        }
        return Some(finding);
    }
    None
}

/// `*` or an ARN (which may contain wildcards and policy variables).
fn check_resource(resource: &str) -> Option<Finding> {
    if resource == "*" {
        return None;
    }
    if resource.starts_with("arn:") && resource.matches(':').count() >= 5 {
        return None;
    }
    Some(
        Finding::error(format!("`{resource}` is not `*` or an ARN")).with_help(
            "resources are ARNs such as `arn:aws:iam::ACCOUNT_ID:role/NAME`; \
            IAM refuses other text (\"Resource ... must be in ARN format or \\\"*\\\"\")",
        ),
    )
}

/// `cognito-identity.amazonaws.com`, or a regional form such as
/// `cognito-identity.cn-north-1.amazonaws.com.cn`.
fn is_cognito_identity(principal: &str) -> bool {
    let principal = principal.to_ascii_lowercase();
    principal.starts_with("cognito-identity.")
        && (principal.ends_with(".amazonaws.com") || principal.ends_with(".amazonaws.com.cn"))
}

/// The JSON error, then the ones a paste usually has more of (a comment or a
/// trailing comma on several lines, non-breaking spaces on every line): each
/// certain fix is applied in turn and the text parsed again, so that the
/// fixes together make the whole text parse. Positions stay in `text`.
fn json_errors(text: &str, first: crate::json::JsonError) -> Vec<PolicyDiagnostic> {
    const MAX_ROUNDS: usize = 20;
    // The page evaluates on every keystroke, and text being typed is often
    // invalid: chaining stays within policy sizes IAM allows (10,240 at most).
    const MAX_TEXT: usize = 16 * 1024;
    let diagnostic = |error: &crate::json::JsonError, range: TextRange| {
        let mut finding = Finding::error(error.message.clone())
            .with_help("IAM refuses a document that is not valid JSON: \"Syntax errors in policy\"")
            .with_error_code("MalformedPolicyDocument");
        finding.replacement = error.replacement.clone();
        finding.at(range)
    };
    let mut diagnostics = vec![diagnostic(&first, first.range)];
    if text.len() > MAX_TEXT {
        return diagnostics;
    }
    let mut fixed = text.to_string();
    // Bytes added (or removed, negative) by the fixes so far, all of which
    // lie before the next error.
    let mut shift: isize = 0;
    let mut last = first;
    for _ in 0..MAX_ROUNDS {
        let Some(replacement) = last.replacement.clone() else {
            break;
        };
        let (start, end) = (last.range.start, last.range.end);
        if end > fixed.len() || !fixed.is_char_boundary(start) || !fixed.is_char_boundary(end) {
            break;
        }
        fixed.replace_range(start..end, &replacement);
        let resumed = start + replacement.len();
        shift += replacement.len() as isize - (end - start) as isize;
        let Err(next) = parse_json(&fixed) else {
            break;
        };
        if next.range.start < resumed {
            break;
        }
        let back = |at: usize| usize::try_from(at as isize - shift).unwrap_or(0);
        diagnostics.push(diagnostic(
            &next,
            TextRange::new(back(next.range.start), back(next.range.end)),
        ));
        last = next;
    }
    diagnostics
}
