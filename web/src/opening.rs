//! The page's first state: a valid link wins, then the saved work, then an
//! empty case; and nothing the person saved is lost on the way. A link opened
//! over different saved work keeps that work as a draft; saved text that
//! cannot be read back is kept aside; refused storage is reported.

use assumable_core::Scenario;

use crate::browser::{self, Fragment, Saved};
use crate::notices;
use crate::state::{Notice, State};

/// What the page opens with, decided from the link and the saved work.
pub struct Opening {
    pub scenario: Scenario,
    pub notice: Option<Notice>,
    pub storage_notice: Option<Notice>,
    /// Saved work the link replaced.
    pub draft: Option<Scenario>,
    /// A large link held back until the person opens it.
    pub held: Option<Scenario>,
    /// Whether `scenario` is the link's (a redacted one says so).
    pub from_link: bool,
}

pub fn initial_state() -> State {
    let fragment = browser::read_fragment(&browser::current_hash());
    // Nothing to open: an empty case, and the page asks what the person has.
    let opening = open(fragment, browser::load_saved(), Scenario::default);
    let mut state = State::new(opening.scenario, opening.notice);
    // A slow evaluation has put its own notice; a storage problem comes first.
    if opening.storage_notice.is_some() {
        state.storage_notice = opening.storage_notice;
    }
    if let Some(held) = opening.held {
        state.notice = Some(notices::held_link(notices::case_weight(&held)));
        state.held_link = Some(std::rc::Rc::new(held));
    }
    if let Some(draft) = opening.draft {
        let kept = browser::save_draft(&draft);
        state.notice = Some(notices::link_over_work(kept));
        state.keep_draft(draft);
    }
    if opening.from_link {
        state.notice = notices::with_redacted_link(&state.scenario, state.notice.take());
    }
    state
}

/// Whether the page was opened by a link shared as an exercise (the case
/// then opens with its answer hidden).
pub fn linked_exercise() -> bool {
    match browser::read_fragment(&browser::current_hash()) {
        Fragment::Scenario(mut linked) => {
            notices::case_weight(&linked) <= notices::LARGE_LINK_CHARS
                && assumable_core::share::take_exercise(&mut linked)
        }
        _ => false,
    }
}

pub fn open(fragment: Fragment, saved: Saved, example: impl FnOnce() -> Scenario) -> Opening {
    let (saved, storage_notice) = match saved {
        Saved::Nothing => (None, None),
        Saved::Work(scenario) => (Some(*scenario), None),
        Saved::Unreadable {
            reason,
            bytes,
            kept_at,
        } => (None, Some(notices::unreadable(&reason, bytes, kept_at))),
        Saved::Blocked(reason) => (None, Some(notices::blocked(&reason))),
    };
    match fragment {
        Fragment::Scenario(linked) if notices::case_weight(&linked) > notices::LARGE_LINK_CHARS => {
            Opening {
                scenario: saved.unwrap_or_else(example),
                notice: None,
                storage_notice,
                draft: None,
                held: Some(*linked),
                from_link: false,
            }
        }
        Fragment::Scenario(mut linked) => {
            // An exercise link opens an ordinary case; `linked_exercise` tells App.
            assumable_core::share::take_exercise(&mut linked);
            let draft = saved.filter(|saved| saved != linked.as_ref());
            Opening {
                scenario: *linked,
                notice: None,
                storage_notice,
                draft,
                held: None,
                from_link: true,
            }
        }
        Fragment::Broken(reason) => {
            let kept = if saved.is_some() {
                "Your last work is shown instead."
            } else {
                "An empty case is shown instead."
            };
            Opening {
                scenario: saved.unwrap_or_else(example),
                notice: Some(Notice::error(format!(
                    "This link could not be opened: {reason}. {kept}"
                ))),
                storage_notice,
                draft: None,
                held: None,
                from_link: false,
            }
        }
        Fragment::None => Opening {
            scenario: saved.unwrap_or_else(example),
            notice: None,
            storage_notice,
            draft: None,
            held: None,
            from_link: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::browser::ASIDE_KEY;

    fn named(name: &str) -> Scenario {
        Scenario {
            name: Some(name.into()),
            ..Default::default()
        }
    }

    fn link(name: &str) -> Fragment {
        Fragment::Scenario(Box::new(named(name)))
    }

    fn saved(name: &str) -> Saved {
        Saved::Work(Box::new(named(name)))
    }

    #[test]
    fn a_link_over_different_saved_work_keeps_it_as_a_draft() {
        let opening = open(link("linked"), saved("mine"), Scenario::default);
        assert_eq!(opening.scenario, named("linked"));
        assert_eq!(opening.draft, Some(named("mine")));
    }

    /// Issue #10: a short link can unpack to megabytes; its case waits for
    /// the person, and their saved work stays on the page meanwhile.
    #[test]
    fn a_large_link_is_held_and_the_saved_work_stays() {
        let mut large = named("large");
        large.role.trust_policy =
            assumable_core::PolicySource::Text("x".repeat(crate::notices::LARGE_LINK_CHARS + 1));
        let opening = open(
            Fragment::Scenario(Box::new(large.clone())),
            saved("mine"),
            Scenario::default,
        );
        assert_eq!(opening.scenario, named("mine"));
        assert_eq!(opening.held, Some(large));
        assert_eq!(opening.draft, None);
    }

    #[test]
    fn an_exercise_link_opens_an_ordinary_case() {
        let linked = assumable_core::share::as_exercise(&named("linked"));
        let opening = open(
            Fragment::Scenario(Box::new(linked)),
            saved("linked"),
            Scenario::default,
        );
        assert_eq!(opening.scenario, named("linked"));
        assert_eq!(opening.draft, None, "the same case as the saved one");
    }

    #[test]
    fn a_link_to_the_saved_work_itself_needs_no_draft() {
        let opening = open(link("same"), saved("same"), Scenario::default);
        assert_eq!(opening.draft, None);
    }

    #[test]
    fn unreadable_saved_work_is_reported_and_the_fallback_shown() {
        let unreadable = Saved::Unreadable {
            reason: "expected value".into(),
            bytes: 5,
            kept_at: ASIDE_KEY,
        };
        let opening = open(Fragment::None, unreadable, || named("fallback"));
        assert_eq!(opening.scenario, named("fallback"));
        let notice = opening.storage_notice.expect("a notice");
        assert!(notice.is_error);
        assert!(notice.text.contains("could not be read back"));
    }

    #[test]
    fn blocked_storage_is_reported_and_the_link_still_opens() {
        let opening = open(
            link("linked"),
            Saved::Blocked("SecurityError".into()),
            Scenario::default,
        );
        assert_eq!(opening.scenario, named("linked"));
        assert!(opening
            .storage_notice
            .is_some_and(|notice| notice.text.contains("SecurityError")));
    }
}
