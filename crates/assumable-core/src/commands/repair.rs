//! Fix: the report's fixes followed as a person pressing Apply would (the
//! first failing check's fix, then evaluate again), and the commands that
//! put each changed document, role setting or call into effect.

use super::call::call_command;
use super::{words, Command, CommandFile, Section, Word};
use crate::arn::{Caller, RoleArn};
use crate::evaluate;
use crate::fix::{apply_fix, policy};
use crate::report::{Applicability, Changes, Decision, DocumentId};
use crate::scenario::Scenario;

/// At most this many fixes are followed (a chain never needs more than a
/// few; the bound keeps a cycle of fixes finite).
const MAX_FIXES: usize = 12;

pub(super) fn fix_commands(scenario: &Scenario) -> (Section, Vec<CommandFile>) {
    fix_commands_from(scenario, scenario)
}

/// The commands that take AWS from `aws` (the case as AWS holds it) to
/// `edited` (the case after changes made on the page, such as applied
/// fixes) with the report's remaining fixes followed from there.
pub(super) fn fix_commands_from(aws: &Scenario, edited: &Scenario) -> (Section, Vec<CommandFile>) {
    let scenario = aws;
    let mut section = Section::default();
    let (fixed, applied) = follow_fixes(edited, &mut section.notes);
    if applied.is_empty() && aws == edited {
        return (section, Vec::new());
    }
    if !applied.is_empty() {
        section.notes.insert(
            0,
            format!(
                "The fixes these commands apply, in order: {}.",
                applied.join("; ")
            ),
        );
    }
    if aws != edited {
        section.notes.insert(
            0,
            "The changes made on the page since its first applied fix are included: \
            AWS does not have them until these commands run."
                .to_string(),
        );
    }
    let role = RoleArn::parse(scenario.request.role_arn.trim()).ok();
    let caller = Caller::parse(scenario.request.caller.trim()).ok();
    let mut files = Vec::new();
    for document in changed_documents(scenario, &fixed) {
        let Some(text) = policy(&fixed, document).map(|source| source.text().to_string()) else {
            continue;
        };
        let name = file_name(document);
        if policy(scenario, document).is_none() {
            added_policy_command(&mut section, document, &name, caller.as_ref());
        } else {
            document_commands(
                &mut section,
                document,
                &name,
                role.as_ref(),
                caller.as_ref(),
            );
        }
        files.push(CommandFile {
            name,
            content: text,
        });
    }
    if fixed.role.max_session_duration != scenario.role.max_session_duration {
        if let Some(duration) = &fixed.role.max_session_duration {
            let mut w = words(&["aws", "iam", "update-role", "--role-name"]);
            w.push(role_name(role.as_ref()));
            w.push(Word::literal("--max-session-duration"));
            w.push(Word::literal(match duration {
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            }));
            section.commands.push(Command::new(
                "Raise the role's maximum session duration",
                role.as_ref()
                    .map(|role| format!("account {}", role.account)),
                w,
            ));
        }
    }
    if fixed.request != scenario.request {
        let (command, notes) = call_command(
            &fixed.request,
            "Make the call again, as the fixes changed it",
        );
        section.commands.push(command);
        section.notes.extend(notes);
    }
    let after = evaluate(&fixed);
    if after.decision != Decision::Allow {
        section.notes.push(format!(
            "After these fixes the call is still not allowed: {}",
            after.summary
        ));
    }
    (section, files)
}

/// Applies the first failing check's fix until the call is allowed, a
/// check has only advice, or [`MAX_FIXES`]. Returns the scenario reached and
/// each applied fix in words; advice met on the way goes to `notes`.
fn follow_fixes(scenario: &Scenario, notes: &mut Vec<String>) -> (Scenario, Vec<String>) {
    let mut current = scenario.clone();
    let mut applied = Vec::new();
    for _ in 0..MAX_FIXES {
        let report = evaluate(&current);
        if report.decision == Decision::Allow {
            break;
        }
        let Some(check) = report.first_to_fix() else {
            break;
        };
        let Some(fix) = &check.fix else {
            notes.push(format!(
                "`{}` fails and no fix is known: {}",
                check.id, check.detail
            ));
            break;
        };
        if fix.changes == Changes::Advice {
            notes.push(format!("`{}`: {} {}", check.id, fix.title, fix.detail));
            break;
        }
        let Ok(next) = apply_fix(&current, fix) else {
            break;
        };
        if next == current {
            break;
        }
        let mut said = format!("`{}`: {}", check.id, fix.title);
        if fix.applicability == Applicability::Unsafe && !fix.admits.is_empty() {
            said.push_str(&format!(" (unsafe: also admits {})", fix.admits));
        }
        applied.push(said);
        current = next;
    }
    (current, applied)
}

/// The policies whose text differs between `before` and `after`.
fn changed_documents(before: &Scenario, after: &Scenario) -> Vec<DocumentId> {
    let mut ids = vec![DocumentId::TrustPolicy, DocumentId::PermissionsBoundary];
    if let Some(policies) = &after.caller_policies {
        ids.extend((0..policies.identity.len()).map(DocumentId::Identity));
        for (level, list) in policies.scps.iter().flatten().enumerate() {
            ids.extend((0..list.len()).map(|n| DocumentId::Scp(level, n)));
        }
    }
    for (level, list) in after.role.rcps.iter().flatten().enumerate() {
        ids.extend((0..list.len()).map(|n| DocumentId::Rcp(level, n)));
    }
    ids.into_iter()
        .filter(|&id| {
            let text = |scenario: &Scenario| policy(scenario, id).map(|p| p.text().to_string());
            text(after).is_some() && text(before) != text(after)
        })
        .collect()
}

fn file_name(document: DocumentId) -> String {
    match document {
        DocumentId::TrustPolicy => "trust-policy.json".to_string(),
        DocumentId::Identity(n) => format!("identity-policy-{}.json", n + 1),
        DocumentId::PermissionsBoundary => "permissions-boundary.json".to_string(),
        DocumentId::Scp(level, n) => format!("scp-{}-{}.json", level + 1, n + 1),
        DocumentId::Rcp(level, n) => format!("rcp-{}-{}.json", level + 1, n + 1),
        DocumentId::Request | DocumentId::Role => "request.json".to_string(),
    }
}

fn role_name(role: Option<&RoleArn>) -> Word {
    role.map_or_else(
        || Word::variable("ROLE_NAME"),
        |role| Word::literal(role.name.clone()),
    )
}

/// The caller's inline policy verb, owner flag and name, and account.
fn inline_policy_owner(
    caller: Option<&Caller>,
) -> (&'static str, &'static str, Word, Option<String>) {
    match caller {
        Some(Caller::AssumedRole {
            role_name, account, ..
        }) => (
            "put-role-policy",
            "--role-name",
            Word::literal(role_name.clone()),
            Some(format!("account {account}")),
        ),
        Some(Caller::User { name, account, .. }) => (
            "put-user-policy",
            "--user-name",
            Word::literal(name.clone()),
            Some(format!("account {account}")),
        ),
        _ => (
            "put-user-policy",
            "--user-name",
            Word::variable("USER_NAME"),
            None,
        ),
    }
}

/// A policy the fixes added (the caller had no identity policy that could
/// hold the grant): a new inline policy, named after its file.
fn added_policy_command(
    section: &mut Section,
    document: DocumentId,
    file: &str,
    caller: Option<&Caller>,
) {
    if !matches!(document, DocumentId::Identity(_)) {
        return;
    }
    let (verb, flag, owner, run_as) = inline_policy_owner(caller);
    let mut w = words(&["aws", "iam", verb, flag]);
    w.push(owner);
    w.push(Word::literal("--policy-name"));
    w.push(Word::literal(file.trim_end_matches(".json")));
    w.push(Word::literal("--policy-document"));
    w.push(Word::literal(format!("file://{file}")));
    section.commands.push(Command::new(
        format!("Add {file} to the caller as a new inline policy"),
        run_as,
        w,
    ));
}

/// The commands that put one fixed document in place.
fn document_commands(
    section: &mut Section,
    document: DocumentId,
    file: &str,
    role: Option<&RoleArn>,
    caller: Option<&Caller>,
) {
    let file_arg = Word::literal(format!("file://{file}"));
    let label = in_sentence(&document.label());
    match document {
        DocumentId::TrustPolicy => {
            let mut w = words(&["aws", "iam", "update-assume-role-policy", "--role-name"]);
            w.push(role_name(role));
            w.push(Word::literal("--policy-document"));
            w.push(file_arg);
            section.commands.push(Command::new(
                format!("Replace the role's trust policy with {file}"),
                role.map(|role| format!("account {}", role.account)),
                w,
            ));
        }
        DocumentId::Identity(_) => {
            let (verb, flag, owner, run_as) = inline_policy_owner(caller);
            let mut inline = words(&["aws", "iam", verb, flag]);
            inline.push(owner);
            inline.push(Word::literal("--policy-name"));
            inline.push(Word::variable("POLICY_NAME"));
            inline.push(Word::literal("--policy-document"));
            inline.push(file_arg.clone());
            section.commands.push(Command::new(
                format!(
                    "If {label} is an inline policy of the caller: replace it with {file} \
                    (set POLICY_NAME to its name; for a group's inline policy, \
                    `aws iam put-group-policy --group-name …`)"
                ),
                run_as.clone(),
                inline,
            ));
            section.commands.push(managed_version(
                format!(
                    "If {label} is a customer managed policy: make {file} its default version \
                    (set POLICY_ARN; a policy keeps at most five versions)"
                ),
                run_as,
                file_arg,
            ));
        }
        DocumentId::PermissionsBoundary => {
            let account = match caller {
                Some(Caller::User { account, .. } | Caller::AssumedRole { account, .. }) => {
                    Some(format!("account {account}"))
                }
                _ => None,
            };
            section.commands.push(managed_version(
                format!(
                    "Make {file} the default version of the managed policy that is the \
                    caller's permissions boundary (set POLICY_ARN to it)"
                ),
                account,
                file_arg,
            ));
        }
        DocumentId::Scp(..) | DocumentId::Rcp(..) => {
            let mut w = words(&["aws", "organizations", "update-policy", "--policy-id"]);
            w.push(Word::variable("POLICY_ID"));
            w.push(Word::literal("--content"));
            w.push(file_arg);
            section.commands.push(Command::new(
                format!("Replace {label}'s content with {file} (set POLICY_ID to its id, `p-…`)"),
                Some(
                    "the organization's management account or a delegated administrator"
                        .to_string(),
                ),
                w,
            ));
        }
        DocumentId::Request | DocumentId::Role => {}
    }
}

/// A document's label inside a sentence: "identity policy 1", "SCP level 1, policy 2".
fn in_sentence(label: &str) -> String {
    if label.starts_with("SCP") || label.starts_with("RCP") {
        return label.to_string();
    }
    let mut chars = label.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

fn managed_version(purpose: String, run_as: Option<String>, file_arg: Word) -> Command {
    let mut w = words(&["aws", "iam", "create-policy-version", "--policy-arn"]);
    w.push(Word::variable("POLICY_ARN"));
    w.push(Word::literal("--policy-document"));
    w.push(file_arg);
    w.push(Word::literal("--set-as-default"));
    Command::new(purpose, run_as, w)
}
