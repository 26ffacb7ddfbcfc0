//! The examples, grouped by topic: picking one loads it. Titles set the
//! scene without giving the answer away; the story shows once it is loaded.

use std::rc::Rc;

use yew::prelude::*;

use crate::examples::{by_topic, Example};

/// The DOM id of the examples' heading, which takes focus when they open.
pub const EXAMPLES_HEADING_ID: &str = "examples-heading";

#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    pub examples: Rc<Vec<Example>>,
    pub on_pick: Callback<usize>,
}

#[component]
pub fn Gallery(props: &GalleryProps) -> Html {
    let topics = by_topic(&props.examples);
    html! {
        <section class="gallery" id="examples" aria-labelledby={EXAMPLES_HEADING_ID}>
            <h2 id={EXAMPLES_HEADING_ID} tabindex="-1">{ "Learn from an example" }</h2>
            <p class="hint">{ "Real AssumeRole cases, by topic. Pick one: its story and the AWS rule show above the case, and Undo brings back what you had." }</p>
            { for topics.into_iter().map(|(topic, indexes)| {
                let heading_id = format!("topic-{}", topic.to_lowercase().replace(' ', "-"));
                html! {
                    <section class="topic" aria-labelledby={heading_id.clone()}>
                        <h3 id={heading_id}>{ topic }</h3>
                        <ul class="example-list" role="list">
                            { for indexes.into_iter().filter_map(|index| {
                                let example = props.examples.get(index)?;
                                Some(example_button(example, props.on_pick.reform(move |_: MouseEvent| index)))
                            }) }
                        </ul>
                    </section>
                }
            }) }
        </section>
    }
}

fn example_button(example: &Example, onclick: Callback<MouseEvent>) -> Html {
    let label = match example.decision.as_str() {
        "allow" => "Allowed",
        "invalid" => "Invalid",
        _ => "Denied",
    };
    html! {
        <li>
            <button type="button" class="example" data-example={example.file} {onclick}>
                <span class={classes!("badge", example.decision.clone())}>{ label }</span>
                <span class="story">{ example.title }</span>
            </button>
        </li>
    }
}
