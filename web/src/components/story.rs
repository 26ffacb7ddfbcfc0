//! A loaded example's story: what happened, the AWS rule, and the
//! documentation it cites, as real links. During an exercise the story is
//! held back whole: every example's story explains its own failure (the
//! rule it breaks, often the value that breaks it), and no sentence of it is
//! reliably only the scene; the neutral title sets the scene instead.

use yew::prelude::*;

use crate::examples::{story_parts, StoryPart};

#[derive(Properties, PartialEq)]
pub struct StoryProps {
    /// The case's `description`.
    pub story: AttrValue,
    /// An exercise is on: the story waits for the answer.
    #[prop_or_default]
    pub held_back: bool,
}

#[component]
pub fn ExampleStory(props: &StoryProps) -> Html {
    if props.held_back {
        return html! {
            <p class="example-story held-back" id="example-story-held">
                { "The story and the AWS rule it teaches show once you answer: they would give the answer away." }
            </p>
        };
    }
    html! {
        <p class="example-story">
            { for story_parts(&props.story).into_iter().map(|part| match part {
                StoryPart::Text(text) => html! { { text.to_string() } },
                StoryPart::Link(address) => html! {
                    <a href={address.to_string()} target="_blank" rel="noopener noreferrer">
                        { address.to_string() }
                        <span class="visually-hidden">{ " (opens in a new tab)" }</span>
                    </a>
                },
            }) }
        </p>
    }
}
