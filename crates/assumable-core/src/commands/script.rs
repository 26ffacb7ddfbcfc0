//! The commands as one POSIX shell text: each command under a comment that
//! says what it does and whose credentials it needs, the fixed documents
//! written by here-documents before the commands that read them. Meant to
//! be read and run a command at a time, so gather, reproduce and fix are
//! headed sections, not one program.

use super::{shell, Commands, Section};

/// Which sections to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sections {
    pub gather: bool,
    pub reproduce: bool,
    pub fix: bool,
}

impl Sections {
    pub const ALL: Sections = Sections {
        gather: true,
        reproduce: true,
        fix: true,
    };
}

pub fn script(commands: &Commands, sections: Sections) -> String {
    let mut out = String::new();
    let mut parts: Vec<(&str, &Section)> = Vec::new();
    if sections.gather {
        parts.push(("Gather: what the evaluation reads", &commands.gather));
    }
    if sections.reproduce {
        parts.push(("Reproduce: the call", &commands.reproduce));
    }
    if sections.fix {
        parts.push(("Fix: put the fixes into effect", &commands.fix));
    }
    for (n, (heading, section)) in parts.into_iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(&format!("# ── {heading} ──\n"));
        for note in &section.notes {
            out.push_str(&format!("# {}\n", comment(note)));
        }
        if section.commands.is_empty() {
            out.push_str("# (none)\n");
        }
        let is_fix = std::ptr::eq(section, &commands.fix);
        if is_fix {
            for file in &commands.files {
                let delimiter = shell::heredoc_delimiter(&file.content);
                let ending = if file.content.ends_with('\n') {
                    ""
                } else {
                    "\n"
                };
                out.push_str(&format!(
                    "cat > {} <<'{delimiter}'\n{}{ending}{delimiter}\n",
                    shell::quote(&file.name),
                    file.content
                ));
            }
        }
        for command in &section.commands {
            let run_as = command
                .run_as
                .as_ref()
                .map(|who| format!(" (as {})", comment(who)))
                .unwrap_or_default();
            out.push_str(&format!(
                "# {}{run_as}\n{}\n",
                comment(&command.purpose),
                command.line
            ));
        }
    }
    out
}

/// `text` as the rest of one comment line: a newline or other control
/// character in a value must not end the comment and start a command.
fn comment(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}
