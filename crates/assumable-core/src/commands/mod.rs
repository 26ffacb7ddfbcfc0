//! Commands out: the `aws` CLI commands that gather a scenario's inputs,
//! reproduce its call and apply its fixes, as `shared/scenario-format.md`
//! "Commands out" defines them.
//!
//! Every command is a list of shell words ([`Word`]) and the line a POSIX
//! shell reads back as exactly those words. What the scenario cannot know
//! (a policy's name or ARN, an MFA code) is a shell variable the person
//! sets, named in the command's purpose. Fixed documents are files
//! ([`CommandFile`]) that the fix commands name (`file://trust-policy.json`).

mod call;
mod gather;
mod repair;
mod script;
pub mod shell;

use serde::{Deserialize, Serialize};

use crate::scenario::Scenario;
pub use script::{script, Sections};
pub use shell::Word;

/// The three sections of commands for one scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commands {
    /// Fetch each input the scenario lacks or that should be checked.
    pub gather: Section,
    /// Make the call itself.
    pub reproduce: Section,
    /// Apply the report's fixes.
    pub fix: Section,
    /// The fixed documents the fix commands read, by file name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<CommandFile>,
}

/// Commands and what a person must know about them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub commands: Vec<Command>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// One `aws` command.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Command {
    /// What it does, in one line.
    pub purpose: String,
    /// Whose credentials it needs (`account 222222222222`), when it needs some.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_as: Option<String>,
    pub words: Vec<Word>,
    /// The words as one POSIX shell line.
    pub line: String,
}

impl Command {
    fn new(purpose: impl Into<String>, run_as: Option<String>, words: Vec<Word>) -> Command {
        Command {
            purpose: purpose.into(),
            run_as,
            line: shell::command_line(&words),
            words,
        }
    }
}

/// A file a command reads: a fixed policy document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandFile {
    pub name: String,
    pub content: String,
}

/// The commands for `scenario`: gather, reproduce, and the fixes its report
/// offers, followed as a person applying them would.
pub fn commands(scenario: &Scenario) -> Commands {
    let (fix, files) = repair::fix_commands(scenario);
    Commands {
        gather: gather::gather_commands(scenario),
        reproduce: call::reproduce_commands(scenario),
        fix,
        files,
    }
}

/// The commands for a case changed on the page: `aws` is the case as AWS
/// holds it (before the first applied fix), `edited` the case now. The call
/// is reproduced as it was made; the fix commands put every change between
/// the two into effect, then the remaining fixes.
pub fn commands_after_edits(aws: &Scenario, edited: &Scenario) -> Commands {
    let (fix, files) = repair::fix_commands_from(aws, edited);
    Commands {
        gather: gather::gather_commands(edited),
        reproduce: call::reproduce_commands(aws),
        fix,
        files,
    }
}

/// Shorthand for a command's words: literals.
fn words(parts: &[&str]) -> Vec<Word> {
    parts.iter().map(|part| Word::literal(*part)).collect()
}

#[cfg(test)]
mod tests;
