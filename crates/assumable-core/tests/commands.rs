//! Commands out: every generated command line, read back by a POSIX shell
//! (`/bin/sh`), is exactly the words it was made of, whatever the values
//! (quotes, `$()`, back-quotes, newlines); and every corpus case gets its
//! three sections without a panic, the fix commands naming only files they
//! come with.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers, not only #[test] functions (clippy.toml), may fail loudly"
)]

use std::process::Command as Process;

use assumable_core::commands::shell::{command_line, Word};
use assumable_core::commands::{commands, script, Command, Sections};
use proptest::prelude::*;

mod common;

/// What each variable holds when the shell reads the lines back: values
/// that would split or run if the quoting were wrong.
const VARIABLES: [(&str, &str); 6] = [
    ("POLICY_ARN", "arn:aws:iam::1:policy/a b"),
    ("POLICY_NAME", "$(touch /tmp/assumable-pwned) `id`"),
    ("POLICY_ID", "p-1 ; echo no"),
    ("MFA_CODE", "12 34"),
    ("SESSION_NAME", "it's"),
    ("ROLE_NAME", "*"),
];

/// The words `/bin/sh` makes of each line (NUL-separated by `printf`).
fn shell_words(lines: &[String]) -> Vec<Vec<String>> {
    const END: &str = "--end-of-command--";
    let script: String = lines
        .iter()
        .map(|line| format!("set -- {line}\nprintf '%s\\0' \"$@\" {END}\n"))
        .collect();
    let output = Process::new("/bin/sh")
        .arg("-c")
        .arg(script)
        .envs(VARIABLES)
        .output()
        .expect("/bin/sh runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).expect("UTF-8 words");
    let mut commands = vec![Vec::new()];
    // Each word ends in NUL; an empty word is an empty string between two.
    for word in text.strip_suffix('\0').unwrap_or(&text).split('\0') {
        if word == END {
            commands.push(Vec::new());
        } else if let Some(last) = commands.last_mut() {
            last.push(word.to_string());
        }
    }
    commands.pop();
    commands
}

fn expected_words(command: &Command) -> Vec<String> {
    command
        .words
        .iter()
        .map(|word| match word {
            Word::Literal(text) => text.clone(),
            Word::Variable(name) => VARIABLES
                .iter()
                .find(|(variable, _)| variable == name)
                .map(|(_, value)| value.to_string())
                .unwrap_or_else(|| panic!("no test value for ${name}")),
        })
        .collect()
}

#[test]
fn every_corpus_case_gets_commands_a_shell_reads_back_word_for_word() {
    for (name, scenario) in common::load_cases() {
        let generated = commands(&scenario);
        let all: Vec<&Command> = generated
            .gather
            .commands
            .iter()
            .chain(&generated.reproduce.commands)
            .chain(&generated.fix.commands)
            .collect();
        assert!(!generated.reproduce.commands.is_empty(), "{}", name);
        let lines: Vec<String> = all.iter().map(|c| c.line.clone()).collect();
        let read_back = shell_words(&lines);
        assert_eq!(read_back.len(), all.len(), "{}", name);
        for (command, words) in all.iter().zip(read_back) {
            assert_eq!(words, expected_words(command), "{}: {}", name, command.line);
        }
        for command in &generated.fix.commands {
            for word in &command.words {
                if let Word::Literal(text) = word {
                    if let Some(file) = text.strip_prefix("file://") {
                        let known = ["token.jwt", "assertion.b64"].contains(&file)
                            || generated.files.iter().any(|f| f.name == file);
                        assert!(
                            known,
                            "{}: {} names no file it comes with",
                            name, command.line
                        );
                    }
                }
            }
        }
    }
}

/// The whole script, run by `/bin/sh` in an empty directory with `aws` a
/// function that records its words: each command runs with its words, in
/// order, and each fixed document is written byte for byte.
#[test]
fn the_script_writes_each_document_and_runs_each_command_as_generated() {
    let dir = std::env::temp_dir().join(format!("assumable-commands-{}", std::process::id()));
    for (name, scenario) in common::load_cases() {
        let generated = commands(&scenario);
        if generated.files.is_empty() {
            continue;
        }
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a scratch directory");
        let text = format!(
            "aws() {{ printf '%s\\0' \"$@\" --end-of-command-- >> calls; }}\n{}",
            script(&generated, Sections::ALL)
        );
        let output = Process::new("/bin/sh")
            .arg("-c")
            .arg(&text)
            .current_dir(&dir)
            .envs(VARIABLES)
            .output()
            .expect("/bin/sh runs");
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        for file in &generated.files {
            let written = std::fs::read_to_string(dir.join(&file.name)).expect("written");
            let expected = if file.content.ends_with('\n') {
                file.content.clone()
            } else {
                format!("{}\n", file.content)
            };
            assert_eq!(written, expected, "{name}: {}", file.name);
        }
        let calls = std::fs::read_to_string(dir.join("calls")).expect("calls");
        let all: Vec<Vec<String>> = generated
            .gather
            .commands
            .iter()
            .chain(&generated.reproduce.commands)
            .chain(&generated.fix.commands)
            .map(|command| {
                let mut words = expected_words(command);
                words.remove(0); // `aws`, the function's name
                words.push("--end-of-command--".to_string());
                words
            })
            .collect();
        let expected: String = all
            .concat()
            .iter()
            .map(|word| format!("{word}\0"))
            .collect();
        assert_eq!(calls, expected, "{name}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any characters but NUL (which no argument can hold) survive.
    #[test]
    fn any_value_is_one_word(values in proptest::collection::vec("[^\u{0}]{0,40}", 1..5)) {
        let words: Vec<Word> = values.iter().map(|v| Word::literal(v.clone())).collect();
        let read_back = shell_words(&[command_line(&words)]);
        prop_assert_eq!(read_back, vec![values]);
    }
}
