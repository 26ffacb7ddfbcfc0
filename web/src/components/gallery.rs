//! The examples gallery: common failures, one line each; picking one loads it.

use std::rc::Rc;

use yew::prelude::*;

use crate::examples::Example;

#[derive(Properties, PartialEq)]
pub struct GalleryProps {
    pub examples: Rc<Vec<Example>>,
    pub on_pick: Callback<usize>,
}

#[component]
pub fn Gallery(props: &GalleryProps) -> Html {
    html! {
        <section class="gallery" id="examples" aria-labelledby="examples-heading">
            <h2 id="examples-heading">{ "Examples" }</h2>
            <p class="hint">{ "Real AssumeRole failures and how they look here. Pick one; your current work can be restored with Undo." }</p>
            <ul class="example-list" role="list">
                { for props.examples.iter().enumerate().map(|(index, example)| {
                    let decision = example.decision.clone();
                    let label = match decision.as_str() {
                        "allow" => "Allowed",
                        "invalid" => "Invalid",
                        _ => "Denied",
                    };
                    html! {
                        <li>
                            <button type="button" class="example" data-example={example.file}
                                onclick={props.on_pick.reform(move |_: MouseEvent| index)}>
                                <span class={classes!("badge", decision.clone())}>{ label }</span>
                                <span class="story">{ example.story.clone() }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
