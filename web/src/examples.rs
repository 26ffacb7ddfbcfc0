//! The examples: cases from `tests/cases`, embedded at build time with a
//! topic and a neutral title (`web/build.rs`).

use assumable_core::Scenario;

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

#[derive(Clone, PartialEq)]
pub struct Example {
    pub file: &'static str,
    pub topic: &'static str,
    /// A title that sets the scene without giving the answer away.
    pub title: &'static str,
    pub decision: String,
    /// The case as the page loads it: the neutral title as its name, no
    /// expectation (that is for the test suite).
    pub scenario: Scenario,
}

/// Every embedded example that parses, in the build list's order.
pub fn all() -> Vec<Example> {
    EXAMPLES
        .iter()
        .filter_map(|(file, topic, title, text)| {
            let mut scenario = Scenario::from_json(text).ok()?;
            let decision = scenario
                .expect
                .take()
                .and_then(|expect| expect.decision)
                .unwrap_or_default();
            scenario.name = Some((*title).to_string());
            Some(Example {
                file,
                topic,
                title,
                decision,
                scenario,
            })
        })
        .collect()
}

/// The examples' indexes by topic, topics in order of first appearance.
pub fn by_topic(examples: &[Example]) -> Vec<(&'static str, Vec<usize>)> {
    let mut topics: Vec<(&'static str, Vec<usize>)> = Vec::new();
    for (index, example) in examples.iter().enumerate() {
        match topics.iter_mut().find(|(topic, _)| *topic == example.topic) {
            Some((_, indexes)) => indexes.push(index),
            None => topics.push((example.topic, vec![index])),
        }
    }
    topics
}

/// The example a scenario was loaded from: same title and same story. A
/// renamed case, or one whose notes were edited, is the person's own.
pub fn loaded_from<'a>(examples: &'a [Example], scenario: &Scenario) -> Option<&'a Example> {
    let name = scenario.name.as_deref()?;
    examples.iter().find(|example| {
        example.title == name && example.scenario.description == scenario.description
    })
}

/// A piece of a story: plain text, or a web address to show as a link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoryPart<'a> {
    Text(&'a str),
    Link(&'a str),
}

/// Splits `text` into text and `https://` addresses. Punctuation that ends a
/// sentence or closes a bracket after an address is not part of it.
pub fn story_parts(text: &str) -> Vec<StoryPart<'_>> {
    const SCHEME: &str = "https://";
    let mut parts = Vec::new();
    // Where the current run of plain text began, and where to search next.
    let (mut text_start, mut search) = (0, 0);
    while let Some(found) = text.get(search..).and_then(|rest| rest.find(SCHEME)) {
        let start = search + found;
        let from = &text[start..];
        let end = from
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>'))
            .unwrap_or(from.len());
        let mut address = &from[..end];
        while let Some(trimmed) =
            address.strip_suffix(['.', ',', ';', ':', ')', '\'', ']', '!', '?'])
        {
            // A closing bracket that the address itself opened stays.
            if address.ends_with(')')
                && address.matches('(').count() >= address.matches(')').count()
            {
                break;
            }
            address = trimmed;
        }
        if address.len() <= SCHEME.len() {
            search = start + SCHEME.len();
            continue;
        }
        if text_start < start {
            parts.push(StoryPart::Text(&text[text_start..start]));
        }
        parts.push(StoryPart::Link(address));
        text_start = start + address.len();
        search = text_start;
    }
    if text_start < text.len() {
        parts.push(StoryPart::Text(&text[text_start..]));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_example_is_a_valid_scenario() {
        for (file, _, _, text) in super::EXAMPLES {
            assert!(
                assumable_core::Scenario::from_json(text).is_ok(),
                "{file} does not parse"
            );
        }
        assert_eq!(all().len(), super::EXAMPLES.len());
    }

    /// Issue #11: examples for every topic a newcomer meets, EKS, SAML, ECS
    /// and organizations included.
    #[test]
    fn examples_cover_each_topic() {
        let examples = all();
        let topics: Vec<&str> = by_topic(&examples)
            .iter()
            .map(|(topic, _)| *topic)
            .collect();
        for topic in [
            "Trust principals",
            "Caller permissions",
            "Conditions",
            "Web identity",
            "SAML",
            "Organizations",
            "Sessions",
        ] {
            assert!(topics.contains(&topic), "no example about {topic}");
        }
        let files: Vec<&str> = examples.iter().map(|example| example.file).collect();
        for needle in ["eks", "saml", "ecs", "org"] {
            assert!(
                files.iter().any(|file| file.contains(needle)),
                "no {needle} example"
            );
        }
    }

    /// A title must not repeat the case's own name, which often states the answer.
    #[test]
    fn titles_are_neutral_and_unique() {
        let examples = all();
        for (file, _, title, text) in super::EXAMPLES {
            let original = Scenario::from_json(text).ok().and_then(|case| case.name);
            assert_ne!(original.as_deref(), Some(*title), "{file}");
        }
        for example in &examples {
            let same = examples.iter().filter(|other| other.title == example.title);
            assert_eq!(same.count(), 1, "{} is not unique", example.title);
            assert_eq!(example.scenario.expect, None);
        }
    }

    #[test]
    fn a_loaded_example_is_recognised_until_it_is_renamed() {
        let examples = all();
        let Some(example) = examples.first() else {
            panic!("no examples");
        };
        let mut scenario = example.scenario.clone();
        assert_eq!(
            loaded_from(&examples, &scenario).map(|found| found.file),
            Some(example.file)
        );
        scenario.name = Some("My own case".into());
        assert!(loaded_from(&examples, &scenario).is_none());
        assert!(loaded_from(&examples, &Scenario::default()).is_none());
    }

    #[test]
    fn addresses_in_a_story_become_links_without_trailing_punctuation() {
        use StoryPart::{Link, Text};
        assert_eq!(
            story_parts("See https://docs.aws.amazon.com/a.html and (https://x.example/b, https://x.example/c_(d)). End"),
            vec![
                Text("See "),
                Link("https://docs.aws.amazon.com/a.html"),
                Text(" and ("),
                Link("https://x.example/b"),
                Text(", "),
                Link("https://x.example/c_(d)"),
                Text("). End"),
            ]
        );
        assert_eq!(story_parts("no links"), vec![Text("no links")]);
        assert_eq!(story_parts("https://"), vec![Text("https://")]);
    }
}
