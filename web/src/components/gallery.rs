//! The examples, grouped by topic: picking one loads it; with "Exercise
//! mode" on, it opens as an exercise (the answer hidden until the learner
//! picks the failing check) and the cards show no verdict badge.
//! Titles set the scene without giving the answer away; the story shows once
//! it is loaded.

use std::rc::Rc;

use yew::prelude::*;

use crate::examples::{by_topic, Example};
use crate::view::input_checked;

/// The DOM id of the examples' heading, which takes focus when they open.
pub const EXAMPLES_HEADING_ID: &str = "examples-heading";

#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    pub examples: Rc<Vec<Example>>,
    pub on_pick: Callback<usize>,
    /// Opens the example as an exercise.
    pub on_exercise: Callback<usize>,
}

#[component]
pub fn Gallery(props: &GalleryProps) -> Html {
    let topics = by_topic(&props.examples);
    let exercise_mode = use_state_eq(|| false);
    let on_mode = {
        let exercise_mode = exercise_mode.clone();
        Callback::from(move |event: Event| exercise_mode.set(input_checked(&event)))
    };
    let as_exercise = *exercise_mode;
    html! {
        <section class="gallery" id="examples" aria-labelledby={EXAMPLES_HEADING_ID}>
            <h2 id={EXAMPLES_HEADING_ID} tabindex="-1">{ "Learn from an example" }</h2>
            <p class="hint">{ "Real AssumeRole cases, by topic. Pick one: its story and the AWS rule show above the case, and Undo brings back what you had. " }</p>
            <label class="toggle exercise-mode">
                <input type="checkbox" id="exercise-mode" checked={as_exercise} onchange={on_mode} />
                { "Exercise mode: open an example with its answer hidden, and find the failing check yourself" }
            </label>
            { for topics.into_iter().map(|(topic, indexes)| {
                let heading_id = format!("topic-{}", topic.to_lowercase().replace(' ', "-"));
                html! {
                    <section class="topic" aria-labelledby={heading_id.clone()}>
                        <h3 id={heading_id}>{ topic }</h3>
                        <ul class="example-list" role="list">
                            { for indexes.into_iter().filter_map(|index| {
                                let example = props.examples.get(index)?;
                                let pick = if as_exercise { &props.on_exercise } else { &props.on_pick };
                                Some(example_card(example, as_exercise, pick.reform(move |_: MouseEvent| index)))
                            }) }
                        </ul>
                    </section>
                }
            }) }
        </section>
    }
}

/// One example's card. As an exercise it shows no verdict badge: that
/// would be the answer.
fn example_card(example: &Example, as_exercise: bool, onclick: Callback<MouseEvent>) -> Html {
    let label = match example.decision.as_str() {
        "allow" => "Allowed",
        "invalid" => "Invalid",
        _ => "Denied",
    };
    html! {
        <li>
            <button type="button" class="example" data-example={example.file} {onclick}>
                if as_exercise {
                    <span class="badge exercise">{ "Exercise" }</span>
                } else {
                    <span class={classes!("badge", example.decision.clone())}>{ label }</span>
                }
                <span class="story">{ example.title }</span>
            </button>
        </li>
    }
}
