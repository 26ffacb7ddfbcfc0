//! The words of the notices about keeping the person's work: opening a link
//! over saved work, saved text that cannot be read back, storage the browser
//! refuses or that is full, a slow case, and a panic. Pure text, so that it
//! is tested natively.

use crate::browser::{ASIDE_KEY, DRAFT_KEY};
use crate::state::{NextStep, Notice, NoticeAction};

/// An evaluation at least this long makes a case "slow": it is not saved in
/// this browser, so that the next visit does not wait for it again.
pub const SLOW_EVALUATION_MS: f64 = 1000.0;

/// A link whose case holds more text than this (policies and request values)
/// is not evaluated until the person asks: a link shorter than a tweet can
/// unpack to megabytes, and a page busy for seconds is a page that hangs.
pub const LARGE_LINK_CHARS: usize = 256 * 1024;

/// The text a case holds: every policy and request value, what evaluating it
/// costs roughly in proportion to.
pub fn case_weight(scenario: &assumable_core::Scenario) -> usize {
    let policies = scenario.caller_policies.iter().flat_map(|callers| {
        callers
            .identity
            .iter()
            .chain(callers.permissions_boundary.iter())
            .chain(callers.scps.iter().flatten().flatten())
    });
    let role = std::iter::once(&scenario.role.trust_policy)
        .chain(scenario.role.rcps.iter().flatten().flatten());
    let context: usize = scenario
        .request
        .context
        .iter()
        .flatten()
        .map(|(key, value)| key.len() + value.values().iter().map(String::len).sum::<usize>())
        .sum();
    policies
        .chain(role)
        .map(|source| source.text().len())
        .sum::<usize>()
        + context
}

/// A large link was held back: the person's work stays until they open it.
/// What an import read into a new case, in the page's words: the format,
/// the fields filled, and what the person must know.
pub fn imported(outcome: &assumable_core::import::ImportOutcome) -> Notice {
    let mut formats: Vec<String> = Vec::new();
    let mut filled: Vec<String> = Vec::new();
    let mut warnings: Vec<String> = Vec::new();
    for recognized in &outcome.recognized {
        let words = format_words(&recognized.format);
        if !formats.contains(&words) {
            formats.push(words);
        }
        for path in &recognized.filled {
            let label = filled_label(path);
            if !filled.contains(&label) {
                filled.push(label);
            }
        }
        warnings.extend(recognized.warnings.iter().cloned());
    }
    let filled = if filled.is_empty() {
        "nothing new for the case".to_string()
    } else {
        filled.join(", ")
    };
    let mut text = format!(
        "Read {}: filled {filled}. Undo brings back what was here.",
        formats.join("; ")
    );
    for warning in warnings {
        text.push(' ');
        text.push_str(&warning);
    }
    Notice::info(text).advising_next()
}

/// A pair of the account view, opened in the checklist; a conditional one
/// opens as the dumps give it, so the notice says what the call must carry
/// for the answer it had.
pub fn opened_pair(name: &str, requires: &[String]) -> String {
    let carry = if requires.is_empty() {
        String::new()
    } else {
        format!(
            " Account-wide access found it allowed only when the call carries {}: it opens \
            without, as the outputs give it, so the checklist shows what stops it.",
            requires.join(", ")
        )
    };
    format!("Opened from the account outputs: {name}.{carry} Undo brings back the case you had.")
}

/// The sentence an import's notice ends with while the case needs `step`.
pub fn next_step(step: NextStep) -> &'static str {
    match step {
        NextStep::TrustPolicy => {
            "Add the role's trust policy next (Add what you have, or paste it in its editor)."
        }
        NextStep::CallerPolicies => "Add the caller's policies next, if the verdict needs them.",
        NextStep::TokenClaims => {
            "Add the token's claims next (Add what you have: the token or its claims; or fill them under Token claims)."
        }
        NextStep::SamlAttributes => {
            "Add the SAML assertion next (Add what you have; or fill its attributes under SAML assertion)."
        }
    }
}

/// How a person names a format the import read, without the examples the
/// list of accepted formats gives (`an AWS AccessDenied message`).
fn format_words(format: &str) -> String {
    let words = assumable_core::import::ACCEPTED_FORMATS
        .iter()
        .find(|(id, _)| *id == format)
        .map_or("what was pasted", |(_, words)| words);
    let short = words.split(" (").next().unwrap_or(words);
    match short.strip_prefix("another ") {
        Some(rest) => format!("an {rest}"),
        None => short.to_string(),
    }
}

/// A filled path (`request.caller`, `role.trust_policy`) in the page's words.
fn filled_label(path: &str) -> String {
    match path {
        "observed" => "what AWS said".to_string(),
        "role.trust_policy" => "the trust policy".to_string(),
        "role.max_session_duration" => "the maximum session duration".to_string(),
        "role.rcps" => "RCPs".to_string(),
        "caller_policies.identity" => "the caller's policies".to_string(),
        "caller_policies.permissions_boundary" => "the permissions boundary".to_string(),
        "caller_policies.scps" => "SCPs".to_string(),
        "request.context" => "context keys".to_string(),
        _ => match path.strip_prefix("request.") {
            Some(field) => {
                let field = field.split('.').next().unwrap_or(field);
                assumable_core::report::RequestField::parse(field)
                    .label()
                    .to_string()
            }
            None => path.to_string(),
        },
    }
}

pub fn held_link(chars: usize) -> Notice {
    Notice::info(format!(
        "This link holds a large case ({}). Evaluating it may keep the page busy for a while, \
         so it is not opened yet and your work is unchanged: open it, or dismiss this notice.",
        size_text(chars)
    ))
    .with_action(NoticeAction::OpenHeldLink)
}

/// A size for people: "812 bytes", "3.2 KB", "10.5 MB".
pub fn size_text(bytes: usize) -> String {
    let bytes = bytes as f64;
    if bytes < 1000.0 {
        format!("{bytes} bytes")
    } else if bytes < 1_000_000.0 {
        format!("{:.1} KB", bytes / 1000.0)
    } else {
        format!("{:.1} MB", bytes / 1_000_000.0)
    }
}

/// A link replaced different saved work; `kept` says whether the draft key
/// holds it (else only this tab does, through Restore and Undo).
pub fn link_over_work(kept: bool) -> Notice {
    let text = if kept {
        format!(
            "Opened the scenario from the link. Your earlier work is kept as a draft \
             (`{DRAFT_KEY}` in this browser): Restore it, or press Undo."
        )
    } else {
        "Opened the scenario from the link. Your earlier work is kept in this tab only \
         (this browser refused to store a draft): Restore it, or press Undo, before closing the tab."
            .to_string()
    };
    Notice::info(text).with_action(NoticeAction::RestoreDraft)
}

/// The case came from a link made with Redact on: say so before anything
/// else the opening says (`then`, e.g. that earlier work was kept as a draft,
/// keeps its button). A case without the mark keeps `then` as it is.
pub fn with_redacted_link(
    scenario: &assumable_core::Scenario,
    then: Option<Notice>,
) -> Option<Notice> {
    let Some(mark) = assumable_core::share::redacted_mark(scenario) else {
        return then;
    };
    let mut text = "This case was redacted before it was shared: account ids, names and \
                    addresses are placeholders; the verdict is the same as the original's."
        .to_string();
    if !mark.kept.is_empty() {
        let kept: Vec<&str> = mark
            .kept
            .iter()
            .map(|note| note.strip_prefix("kept ").unwrap_or(note))
            .collect();
        text.push_str(" Kept as they were, so that it still evaluates the same: ");
        text.push_str(&kept.join("; "));
        if !text.ends_with('.') {
            text.push('.');
        }
    }
    Some(match then {
        Some(then) => Notice {
            text: format!("{text} {}", then.text),
            ..then
        },
        None => Notice::info(text),
    })
}

pub fn restored() -> Notice {
    Notice::info("Your earlier work is back; Undo returns to the linked scenario.")
}

/// Saved text that is not a scenario; `kept_at` is the key that holds it now.
pub fn unreadable(reason: &str, bytes: usize, kept_at: &'static str) -> Notice {
    let kept = if kept_at == ASIDE_KEY {
        format!("It is kept aside as `{ASIDE_KEY}` in this browser, not overwritten")
    } else {
        "It could not be moved aside, so this tab does not save over it: your changes live in \
         the address bar and Copy link"
            .to_string()
    };
    Notice::error(format!(
        "The work saved in this browser could not be read back ({reason}; {}). {kept}. \
         Copy it to keep it in a file.",
        size_text(bytes)
    ))
    .with_action(NoticeAction::CopyUnreadable(kept_at))
}

/// The browser refuses storage to this page altogether.
pub fn blocked(reason: &str) -> Notice {
    Notice::error(format!(
        "This browser does not let the page store anything ({reason}), so your work is not \
         saved here. The page still works; the address bar holds the scenario: bookmark it or \
         Copy link to keep it."
    ))
}

/// A save was refused (storage full: a quota).
pub fn save_refused(reason: &str, json_bytes: usize) -> Notice {
    Notice::error(format!(
        "Your work could not be saved in this browser ({reason}; the scenario is {} as JSON). \
         It is still in this tab and in the address bar: Copy link or Copy JSON to keep it.",
        size_text(json_bytes)
    ))
    .with_action(NoticeAction::CopyJson)
}

/// The case took `ms` to evaluate: it stays out of localStorage.
pub fn slow(ms: f64) -> Notice {
    Notice::info(format!(
        "This case is large: it took {:.1} s to evaluate. It is not saved in this browser, so \
         that opening the page again does not wait for it; the address bar and Copy link keep it.",
        ms / 1000.0
    ))
}

/// What the page shows when it panics (Yew may be dead by then): plain
/// text, shown as is (no `code` marks).
pub fn panic_text(message: &str) -> String {
    let message = message.trim();
    let message: String = message.chars().take(300).collect();
    format!(
        "Assumable stopped because of an internal error ({message}). Your work is not lost: \
         the address bar holds the scenario, and this browser keeps your saved work. Reload the \
         page to continue; if the error comes back, open the page without the link (the part \
         from #) to get your saved work back, and report the problem."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue #12: an import says what it read, in words, and what to add next.
    #[test]
    fn an_import_names_its_format_what_it_filled_and_what_comes_next() {
        let input = |text: &str| assumable_core::import::ImportInput {
            source: "-".into(),
            text: text.into(),
        };
        let outcome = assumable_core::import::import(
            &[input(
                r#"{"Role": {"RoleName": "Deploy", "Arn": "arn:aws:iam::444455556666:role/Deploy",
              "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
              "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]}}}"#,
            )],
            None,
        );
        let notice = imported(&outcome);
        let text = notice.text;
        assert!(
            text.starts_with("Read `aws iam get-role` output: filled "),
            "{text}"
        );
        assert!(text.contains("the trust policy"), "{text}");
        assert!(notice.advises_next);
        assert_eq!(
            NextStep::of(&outcome.scenario),
            Some(NextStep::CallerPolicies)
        );
        assert!(!text.contains("role.trust_policy"), "{text}");
    }

    fn redacted_case() -> assumable_core::Scenario {
        let mut scenario = assumable_core::Scenario::default();
        scenario.unknown.insert(
            assumable_core::share::REDACTED_KEY.into(),
            serde_json::json!({"kept": ["kept role name `ci-*`: a pattern matches part of it"]}),
        );
        scenario
    }

    /// Issue #11: whoever opens a redacted link is told, with what was kept.
    #[test]
    fn a_redacted_link_says_so_and_what_was_kept() {
        let notice = with_redacted_link(&redacted_case(), None).expect("a notice");
        assert!(!notice.is_error);
        assert!(notice
            .text
            .starts_with("This case was redacted before it was shared"));
        assert!(notice
            .text
            .contains("the verdict is the same as the original's"));
        assert!(notice
            .text
            .contains("role name `ci-*`: a pattern matches part of it."));
    }

    #[test]
    fn the_redaction_comes_first_and_the_draft_keeps_its_button() {
        let notice =
            with_redacted_link(&redacted_case(), Some(link_over_work(true))).expect("a notice");
        assert!(notice.text.starts_with("This case was redacted"));
        assert!(notice.text.contains("Your earlier work is kept as a draft"));
        assert_eq!(notice.action, Some(NoticeAction::RestoreDraft));
    }

    #[test]
    fn an_ordinary_link_says_nothing_of_redaction() {
        let plain = assumable_core::Scenario::default();
        assert_eq!(with_redacted_link(&plain, None), None);
        assert_eq!(
            with_redacted_link(&plain, Some(restored())),
            Some(restored())
        );
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size_text(812), "812 bytes");
        assert_eq!(size_text(3_200), "3.2 KB");
        assert_eq!(size_text(10_485_760), "10.5 MB");
    }

    #[test]
    fn a_refused_save_says_what_to_do() {
        let notice = save_refused("QuotaExceededError: full", 10_485_760);
        assert!(notice.is_error);
        assert!(notice.text.contains("10.5 MB"));
        assert!(notice.text.contains("Copy link"));
        assert_eq!(notice.action, Some(NoticeAction::CopyJson));
    }

    #[test]
    fn unreadable_work_names_where_it_is_kept() {
        let notice = unreadable("expected value", 12, ASIDE_KEY);
        assert!(notice.text.contains(ASIDE_KEY));
        assert_eq!(notice.action, Some(NoticeAction::CopyUnreadable(ASIDE_KEY)));
    }

    #[test]
    fn the_panic_text_keeps_the_message_short_and_says_how_to_recover() {
        let text = panic_text(&"x".repeat(10_000));
        assert!(text.len() < 1000);
        assert!(text.contains("Reload"));
        assert!(text.contains("not lost"));
        assert!(text.contains("without the link"));
    }
}
