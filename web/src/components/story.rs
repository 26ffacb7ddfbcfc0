//! A loaded example's story: what happened, the AWS rule, and the
//! documentation it cites, as real links.

use yew::prelude::*;

use crate::examples::{story_parts, StoryPart};

#[derive(Properties, PartialEq)]
pub struct StoryProps {
    /// The case's `description`.
    pub story: AttrValue,
}

#[component]
pub fn ExampleStory(props: &StoryProps) -> Html {
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
