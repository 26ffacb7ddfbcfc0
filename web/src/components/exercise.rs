//! Exercise mode: an example opened as an exercise shows its case (the
//! policies, the call, its neutral title) but not its answer: no verdict, no
//! checklist, no fix, no underlines, no story (every example's story explains
//! its failure). The learner picks the check they think stops the call, or
//! "Nothing fails"; a wrong pick gets a hint read off the report (the step of
//! AWS's evaluation that stops the call, then where to look), never one
//! written per example. "Show the answer" gives up at any time. Any change of
//! the case (an edit, Undo, another case) ends the exercise, and the page
//! says so.

use std::rc::Rc;

use assumable_core::report::DocumentId;
use assumable_core::{CheckId, Location, Report, Scenario, Status};
use yew::prelude::*;

use crate::flow::{step_of, STEPS};
use crate::view::document_label;

/// The DOM id of the exercise panel (the skip link's target while asking).
pub const EXERCISE_ID: &str = "exercise";
/// The DOM id of the outcome's heading, which takes focus once answered.
pub const EXERCISE_OUTCOME_ID: &str = "exercise-outcome-heading";

/// What the learner can answer: a check of the contract, or that none fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Check(CheckId),
    NothingFails,
}

impl Choice {
    /// The radio button's DOM id and value.
    fn key(self) -> String {
        match self {
            Choice::Check(id) => format!("exercise-choice-{}", id.as_str().replace('.', "-")),
            Choice::NothingFails => "exercise-choice-nothing".to_string(),
        }
    }

    fn label(self) -> &'static str {
        match self {
            Choice::Check(id) => id.title(),
            Choice::NothingFails => "Nothing fails: AWS allows this call",
        }
    }
}

/// How an exercise ended well: found (after how many wrong picks), or the
/// answer shown (after how many).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Found { wrong: usize },
    Shown { wrong: usize },
}

/// An example opened as an exercise.
#[derive(Clone, Debug, PartialEq)]
pub struct Exercise {
    /// The example's file (`Example::file`); none for a case opened by a
    /// link shared as an exercise.
    pub file: Option<&'static str>,
    /// The case's revision when the exercise began; known once the page has
    /// shown the loaded example ([`Exercise::started`]).
    pub revision: Option<u64>,
    pub outcome: Option<Outcome>,
}

/// Where an exercise is, for the page to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The answer is hidden; the learner picks.
    Asking,
    /// Answered (or shown) on the case as it was loaded.
    Done(Outcome),
    /// The case changed before an answer: the results show, and the page
    /// says why.
    Ended,
    /// Answered, then the case changed: nothing more to say.
    Over,
}

impl Exercise {
    pub fn new(file: &'static str) -> Self {
        Exercise {
            file: Some(file),
            revision: None,
            outcome: None,
        }
    }

    /// The case a link shared as an exercise opened.
    pub fn linked() -> Self {
        Exercise {
            file: None,
            revision: None,
            outcome: None,
        }
    }

    /// The exercise with its starting revision, once the page shows its
    /// example (`loaded`: the file of the example the case is; a linked
    /// case starts at once); `None` when there is nothing to record.
    pub fn started(&self, revision: u64, loaded: Option<&str>) -> Option<Exercise> {
        let shown = self.file.is_none() || loaded == self.file;
        (self.revision.is_none() && shown).then(|| Exercise {
            revision: Some(revision),
            ..self.clone()
        })
    }

    /// Every change of the case bumps its revision, so any edit, Undo or
    /// other case after the start ends the exercise.
    pub fn stage(&self, revision: u64) -> Stage {
        let changed = self.revision.is_some_and(|started| started != revision);
        match (self.outcome, changed) {
            (Some(outcome), false) => Stage::Done(outcome),
            (Some(_), true) => Stage::Over,
            (None, false) => Stage::Asking,
            (None, true) => Stage::Ended,
        }
    }
}

/// The page's exercise: the state, where it is, and what the inputs may see.
pub struct ExerciseHandle {
    pub exercise: UseStateHandle<Option<Exercise>>,
    pub stage: Option<Stage>,
    /// The report for the editors and the form: without locations while asking.
    pub inputs_report: Rc<Report>,
    /// The scenario for the form: without its notes (the story) while asking.
    pub form_scenario: Rc<Scenario>,
}

impl ExerciseHandle {
    pub fn asking(&self) -> bool {
        self.stage == Some(Stage::Asking)
    }
}

/// Keeps the exercise (from the start when the page was opened by a link
/// shared as an exercise): records the case's revision once its example shows
/// (`loaded`: the file of the example the case is), and derives what the
/// inputs may show.
#[hook]
pub fn use_exercise(
    opened_as_exercise: fn() -> bool,
    revision: u64,
    loaded: Option<&'static str>,
    report: Rc<Report>,
    scenario: Rc<Scenario>,
) -> ExerciseHandle {
    let exercise = use_state_eq(|| opened_as_exercise().then(Exercise::linked));
    {
        let exercise = exercise.clone();
        use_effect_with(
            (revision, loaded, (*exercise).clone()),
            move |(revision, loaded, current)| {
                if let Some(started) = current
                    .as_ref()
                    .and_then(|current| current.started(*revision, *loaded))
                {
                    exercise.set(Some(started));
                }
            },
        );
    }
    let stage = exercise.as_ref().map(|current| current.stage(revision));
    let asking = stage == Some(Stage::Asking);
    let inputs_report = use_memo((report, asking), |(report, asking)| {
        if *asking {
            Rc::new(blind(report))
        } else {
            report.clone()
        }
    });
    let form_scenario = use_memo((scenario, asking), |(scenario, asking)| {
        if *asking {
            Rc::new(Scenario {
                description: None,
                ..(**scenario).clone()
            })
        } else {
            scenario.clone()
        }
    });
    ExerciseHandle {
        exercise,
        stage,
        inputs_report: (*inputs_report).clone(),
        form_scenario: (*form_scenario).clone(),
    }
}

/// The failing checks, in the core's order to fix things in.
fn failing(report: &Report) -> Vec<CheckId> {
    report
        .checks_in_fix_order()
        .into_iter()
        .filter(|check| check.status == Status::Fail)
        .map(|check| check.id)
        .collect()
}

/// The answer to a pick: right, or wrong with a hint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Judgement {
    Right,
    Wrong { hint: String },
}

/// Judges a pick against the report: any failing check is right, and
/// "Nothing fails" when none fails. A wrong pick's hint grows with the
/// wrong picks before it (`wrong_before`): first the step of the flow that
/// stops the call, then where the first failing check points.
pub fn judge(report: &Report, choice: Choice, wrong_before: usize, names: &[String]) -> Judgement {
    let failing = failing(report);
    let right = match choice {
        Choice::NothingFails => failing.is_empty(),
        Choice::Check(id) => failing.contains(&id),
    };
    if right {
        return Judgement::Right;
    }
    let hint = match (failing.first(), choice) {
        // Allowed: the pick passes (or does not apply).
        (None, Choice::Check(id)) if wrong_before == 0 => format!(
            "Not this one: \u{201c}{}\u{201d} does not stop this call. Does any check stop it?",
            id.title()
        ),
        (None, _) => {
            "Follow the call through every step of the flow: does any step stop it?".to_string()
        }
        (Some(&stops), _) => {
            let step = step_of(stops).map_or("", |step| step.label);
            let picked_same_step = match choice {
                Choice::Check(id) => step_of(id).map(|step| step.label) == Some(step),
                Choice::NothingFails => false,
            };
            let lead = match choice {
                Choice::Check(id) => {
                    format!(
                        "Not this one: \u{201c}{}\u{201d} does not stop this call.",
                        id.title()
                    )
                }
                Choice::NothingFails => "Something does stop this call.".to_string(),
            };
            let place = report
                .check(stops)
                .and_then(|check| check.locations.first())
                .map(|location| where_to_look(location, names));
            match place {
                Some(place) if wrong_before > 0 || picked_same_step => {
                    format!("{lead} It stops at the \u{201c}{step}\u{201d} step: look at {place}.")
                }
                _ => format!("{lead} Look at the \u{201c}{step}\u{201d} step of the flow."),
            }
        }
    };
    Judgement::Wrong { hint }
}

/// Where a location points, for a hint: "the trust policy, line 7", "the
/// request's External ID".
fn where_to_look(location: &Location, names: &[String]) -> String {
    if let Some(field) = &location.field {
        return format!("the request\u{2019}s {}", field.label());
    }
    let document = match location.document {
        DocumentId::Identity(_) => document_label(location.document, names),
        other => format!("the {}", lowercase_first(&other.label())),
    };
    match location.line {
        Some(line) => format!("{document}, line {line}"),
        None => document,
    }
}

/// "Trust policy" → "trust policy", in a sentence; an acronym ("SCP level
/// 1") stays as it is.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.clone().next()) {
        (Some(first), Some(second)) if !second.is_uppercase() => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => text.to_string(),
    }
}

/// The answer in words: which checks fail, or that none does.
pub fn answer_text(report: &Report) -> String {
    let failing = failing(report);
    let Some((first, rest)) = failing.split_first() else {
        return "Nothing fails: AWS allows this call.".to_string();
    };
    let quoted = |id: &CheckId| format!("\u{201c}{}\u{201d}", id.title());
    let mut text = format!("{} fails", quoted(first));
    if !rest.is_empty() {
        let others: Vec<String> = rest.iter().map(quoted).collect();
        text.push_str(&format!(" (and {})", others.join(", ")));
    }
    text.push('.');
    text
}

/// The report as the inputs may see it during an exercise: the same checks
/// with no locations, so that no editor underline or field message gives
/// the answer away.
pub fn blind(report: &Report) -> Report {
    let mut blind = report.clone();
    for check in &mut blind.checks {
        check.locations.clear();
    }
    blind
}

/// The choices, by step of the flow, in the contract's order within each.
fn choices_by_step() -> Vec<(&'static str, Vec<Choice>)> {
    STEPS
        .iter()
        .map(|step| {
            let checks = CheckId::ALL
                .into_iter()
                .filter(|id| step_of(*id).is_some_and(|of| of.label == step.label))
                .map(Choice::Check)
                .collect();
            (step.label, checks)
        })
        .collect()
}

#[derive(Properties, PartialEq)]
pub struct ExercisePanelProps {
    pub report: Rc<Report>,
    pub identity_names: Vec<String>,
    pub on_done: Callback<Outcome>,
}

/// The question, in place of the results: the flow without statuses, the
/// checks to pick from by step, Check and Show the answer, and the hint.
#[component]
pub fn ExercisePanel(props: &ExercisePanelProps) -> Html {
    let selected = use_state_eq(|| None::<Choice>);
    let wrong = use_state_eq(Vec::<Choice>::new);
    let feedback = use_state_eq(String::new);
    let on_submit = {
        let (selected, wrong, feedback) = (selected.clone(), wrong.clone(), feedback.clone());
        let (report, names, on_done) = (
            props.report.clone(),
            props.identity_names.clone(),
            props.on_done.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(choice) = *selected else {
                feedback.set("Pick the check you think fails first.".into());
                return;
            };
            match judge(&report, choice, wrong.len(), &names) {
                Judgement::Right => on_done.emit(Outcome::Found { wrong: wrong.len() }),
                Judgement::Wrong { hint } => {
                    let mut tried = (*wrong).clone();
                    if !tried.contains(&choice) {
                        tried.push(choice);
                    }
                    wrong.set(tried);
                    feedback.set(hint);
                }
            }
        })
    };
    let on_show = {
        let (wrong, on_done) = (wrong.clone(), props.on_done.clone());
        Callback::from(move |_: MouseEvent| on_done.emit(Outcome::Shown { wrong: wrong.len() }))
    };
    let radio = |choice: Choice| {
        let key = choice.key();
        let tried = wrong.contains(&choice);
        let onchange = {
            let (selected, feedback) = (selected.clone(), feedback.clone());
            Callback::from(move |_: Event| {
                selected.set(Some(choice));
                feedback.set(String::new());
            })
        };
        html! {
            <li class={classes!("exercise-choice", tried.then_some("tried"))}>
                <input type="radio" name="exercise-choice" id={key.clone()} value={key.clone()}
                    checked={*selected == Some(choice)} {onchange} />
                <label for={key}>
                    { choice.label() }
                    if tried {
                        <span class="exercise-tried">{ " — not this one" }</span>
                    }
                </label>
            </li>
        }
    };
    html! {
        <section class="panel exercise" id={EXERCISE_ID} tabindex="-1" aria-labelledby="exercise-heading">
            <h2 id="exercise-heading">{ "Exercise: which check stops this call?" }</h2>
            <p class="hint">{ "Read the trust policy, the caller's policies and the call. AWS takes these steps in order, and every step must let the call through:" }</p>
            <figure class="flow exercise-flow">
                <figcaption class="visually-hidden">{ "How AWS evaluates this call" }</figcaption>
                <ol class="flow-steps">
                    { for STEPS.iter().map(|step| html! {
                        <li class="flow-step" data-step={step.family.first().copied().unwrap_or_default()}>
                            <span class="flow-label">{ step.label }</span>
                        </li>
                    }) }
                </ol>
            </figure>
            <form class="exercise-form" onsubmit={on_submit}>
                { for choices_by_step().into_iter().map(|(step, choices)| html! {
                    <fieldset class="exercise-step">
                        <legend>{ step }</legend>
                        <ul role="list">{ for choices.into_iter().map(radio) }</ul>
                    </fieldset>
                }) }
                <fieldset class="exercise-step">
                    <legend>{ "Or" }</legend>
                    <ul role="list">{ radio(Choice::NothingFails) }</ul>
                </fieldset>
                <p class="exercise-feedback" id="exercise-feedback" role="status">{ (*feedback).clone() }</p>
                <div class="exercise-actions">
                    <button type="submit" class="primary" id="exercise-check">{ "Check my answer" }</button>
                    <button type="button" id="exercise-show" onclick={on_show}>{ "Show the answer" }</button>
                </div>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ExerciseOutcomeProps {
    pub outcome: Outcome,
    pub report: Rc<Report>,
    pub on_close: Callback<MouseEvent>,
}

/// Above the results once answered: right or shown, and the answer.
#[component]
pub fn ExerciseOutcome(props: &ExerciseOutcomeProps) -> Html {
    let (heading, tries) = match props.outcome {
        Outcome::Found { wrong: 0 } => ("Right, at the first try", String::new()),
        Outcome::Found { wrong } => (
            "Right",
            format!(
                " Found after {wrong} wrong pick{}.",
                if wrong == 1 { "" } else { "s" }
            ),
        ),
        Outcome::Shown { .. } => ("The answer", String::new()),
    };
    html! {
        <section class={classes!("exercise-outcome", matches!(props.outcome, Outcome::Found { .. }).then_some("right"))}
            id="exercise-outcome" aria-labelledby={EXERCISE_OUTCOME_ID}>
            <h2 id={EXERCISE_OUTCOME_ID} tabindex="-1">{ heading }</h2>
            <p>{ answer_text(&props.report) }{ tries }
                { " The story, the verdict and the checklist (with its underlines and fixes) show now." }</p>
            <button type="button" class="small" id="exercise-close" onclick={props.on_close.clone()}>{ "Close the exercise" }</button>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ExerciseEndedProps {
    pub on_close: Callback<MouseEvent>,
}

/// Says why the exercise stopped before an answer.
#[component]
pub fn ExerciseEnded(props: &ExerciseEndedProps) -> Html {
    html! {
        <div class="notice exercise-ended" id="exercise-ended" role="status">
            <p>{ "The exercise ended: the case changed (an edit, Undo or another case), so the results show. Open the example again as an exercise to start over." }</p>
            <div class="notice-buttons">
                <button type="button" class="small quiet" onclick={props.on_close.clone()}>{ "Dismiss" }</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use assumable_core::{evaluate, Scenario};

    fn report_of(case: &str) -> Report {
        evaluate(&Scenario::from_json(case).expect("a corpus case"))
    }

    fn denied_by_trust_conditions() -> Report {
        report_of(include_str!(
            "../../../tests/cases/trust.conditions/web-identity-eks-wrong-namespace.json"
        ))
    }

    #[test]
    fn a_failing_check_is_right_and_any_other_pick_is_wrong_with_a_hint() {
        let report = denied_by_trust_conditions();
        assert_eq!(
            judge(&report, Choice::Check(CheckId::TrustConditions), 0, &[]),
            Judgement::Right
        );
        let Judgement::Wrong { hint } =
            judge(&report, Choice::Check(CheckId::SessionDuration), 0, &[])
        else {
            panic!("a wrong pick");
        };
        assert!(hint.contains("Trust policy"), "{hint}");
        assert!(
            !hint.contains("line"),
            "the first hint names the step only: {hint}"
        );
        let Judgement::Wrong { hint } = judge(&report, Choice::NothingFails, 1, &[]) else {
            panic!("a wrong pick");
        };
        assert!(hint.contains("the trust policy, line"), "{hint}");
    }

    #[test]
    fn a_pick_in_the_right_step_is_told_where_to_look() {
        let report = denied_by_trust_conditions();
        let Judgement::Wrong { hint } =
            judge(&report, Choice::Check(CheckId::TrustPrincipal), 0, &[])
        else {
            panic!("a wrong pick");
        };
        assert!(hint.contains("look at the trust policy, line"), "{hint}");
    }

    #[test]
    fn an_allowed_case_wants_nothing_fails() {
        let report = report_of(include_str!("../../../tests/cases/allow/eks-irsa.json"));
        assert_eq!(
            judge(&report, Choice::NothingFails, 0, &[]),
            Judgement::Right
        );
        assert!(matches!(
            judge(&report, Choice::Check(CheckId::TrustPrincipal), 0, &[]),
            Judgement::Wrong { .. }
        ));
        assert_eq!(answer_text(&report), "Nothing fails: AWS allows this call.");
    }

    #[test]
    fn the_answer_names_every_failing_check() {
        let report = denied_by_trust_conditions();
        assert_eq!(
            answer_text(&report),
            format!(
                "\u{201c}{}\u{201d} fails.",
                CheckId::TrustConditions.title()
            )
        );
    }

    #[test]
    fn the_inputs_see_no_location_during_an_exercise() {
        let report = denied_by_trust_conditions();
        assert!(report
            .checks
            .iter()
            .any(|check| !check.locations.is_empty()));
        let blind = blind(&report);
        assert!(blind.checks.iter().all(|check| check.locations.is_empty()));
        assert_eq!(blind.decision, report.decision);
    }

    #[test]
    fn any_change_of_the_case_ends_the_exercise() {
        let pending = Exercise::new("allow/eks-irsa.json");
        assert_eq!(pending.started(4, Some("other.json")), None);
        let started = pending
            .started(4, Some("allow/eks-irsa.json"))
            .expect("started");
        assert_eq!(
            started.started(5, Some("allow/eks-irsa.json")),
            None,
            "once"
        );
        assert_eq!(started.stage(4), Stage::Asking);
        assert_eq!(started.stage(5), Stage::Ended);
        let answered = Exercise {
            outcome: Some(Outcome::Found { wrong: 1 }),
            ..started
        };
        assert_eq!(answered.stage(4), Stage::Done(Outcome::Found { wrong: 1 }));
        assert_eq!(answered.stage(5), Stage::Over);
    }

    /// On every example, every wrong pick gets a hint, and no hint names a
    /// failing check: it points at a step or a place, never at the answer.
    #[test]
    fn no_hint_names_the_answer_on_any_example() {
        for example in crate::examples::all() {
            let report = evaluate(&example.scenario);
            let answers: Vec<&str> = failing(&report).iter().map(|id| id.title()).collect();
            let choices = CheckId::ALL
                .into_iter()
                .map(Choice::Check)
                .chain([Choice::NothingFails]);
            for choice in choices {
                for wrong_before in 0..3 {
                    match judge(&report, choice, wrong_before, &[]) {
                        Judgement::Right => {}
                        Judgement::Wrong { hint } => {
                            assert!(!hint.is_empty(), "{}", example.file);
                            for answer in &answers {
                                assert!(
                                    !hint.contains(answer),
                                    "{}: {hint} names {answer}",
                                    example.file
                                );
                            }
                        }
                    }
                }
            }
            let right = answers.len().max(1);
            let judged_right = CheckId::ALL
                .into_iter()
                .map(Choice::Check)
                .chain([Choice::NothingFails])
                .filter(|choice| judge(&report, *choice, 0, &[]) == Judgement::Right)
                .count();
            assert_eq!(judged_right, right, "{}", example.file);
        }
    }

    #[test]
    fn places_read_as_part_of_a_sentence() {
        assert_eq!(lowercase_first("Trust policy"), "trust policy");
        assert_eq!(
            lowercase_first("SCP level 1, policy 2"),
            "SCP level 1, policy 2"
        );
    }

    #[test]
    fn a_linked_exercise_starts_at_once() {
        let started = Exercise::linked().started(7, None).expect("started");
        assert_eq!(started.stage(7), Stage::Asking);
        assert_eq!(started.stage(8), Stage::Ended);
    }

    #[test]
    fn every_check_is_a_choice_once() {
        let listed: Vec<Choice> = choices_by_step()
            .into_iter()
            .flat_map(|(_, choices)| choices)
            .collect();
        assert_eq!(listed.len(), CheckId::ALL.len());
        for id in CheckId::ALL {
            assert!(listed.contains(&Choice::Check(id)));
        }
    }
}
