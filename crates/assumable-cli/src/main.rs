//! `assumable`: explains why AWS `sts:AssumeRole` is denied.
//!
//! This file only parses arguments, reads inputs and writes outputs; the
//! evaluation is `assumable_core`'s and the checklist text is the library's
//! `render` (`src/lib.rs`), which the checklist snapshots call too.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use assumable_cli::input::{self, read_import_input, read_scenario, InputError};
use assumable_cli::{import, render};
use assumable_core::{commands, evaluate, share, Decision, Scenario};
use clap::{Parser, Subcommand, ValueEnum};

/// Explains why AWS sts:AssumeRole is allowed or denied, check by check.
#[derive(Parser, Debug)]
#[command(name = "assumable", version = assumable_core::VERSION)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Evaluate scenario files and print the checklist of each.
    ///
    /// Exit status: 0 when every scenario is allowed, 1 when any is denied,
    /// 2 when any is invalid or cannot be read.
    Check {
        /// Scenario files (JSON); `-` reads standard input.
        #[arg(required = true, value_name = "SCENARIO.json")]
        scenarios: Vec<String>,
        /// Output format: a readable checklist, or one report per line (JSON Lines).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// When to color the checklist.
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
    /// Print the share link that opens a scenario on the page.
    Link {
        /// Scenario file (JSON); `-` reads standard input.
        #[arg(value_name = "SCENARIO.json")]
        scenario: String,
        /// Page address the link starts with.
        #[arg(long, value_name = "URL", default_value = "http://127.0.0.1:8080/")]
        base: String,
        /// Replace account ids, names, external ids, tag values and addresses
        /// with placeholders first (the case still evaluates the same).
        #[arg(long)]
        redact: bool,
    },
    /// Fill a scenario from what AWS printed: an AccessDenied message or
    /// another STS error, as any CLI, SDK, Terraform or CI log shows it;
    /// `aws` CLI outputs (JSON), CloudTrail records and policy documents.
    ///
    /// Prints the scenario (JSON) on stdout and, on stderr, what each input
    /// was recognised as and filled; with `--format json`, one object
    /// `{scenario, recognized}` on stdout. Exit status: 0 when every input
    /// was recognised, 2 when any was not (the others are still imported).
    Import {
        /// Files holding what was pasted; `-` reads standard input.
        #[arg(required = true, value_name = "FILE")]
        inputs: Vec<String>,
        /// A scenario to merge into (its fields are kept unless an input says something new).
        #[arg(long, value_name = "SCENARIO.json")]
        into: Option<String>,
        /// Output format: the scenario with a summary on stderr, or the contract's JSON object.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the `aws` CLI commands that gather a scenario's inputs,
    /// reproduce its call and put its fixes into effect.
    ///
    /// Without a section flag, all three. The text is POSIX shell: each
    /// command under a comment saying what it does and whose credentials
    /// it needs, the fixed documents written by here-documents; read it and
    /// run a command at a time. With `--format json`, the contract's object.
    Commands {
        /// Scenario file (JSON); `-` reads standard input.
        #[arg(value_name = "SCENARIO.json")]
        scenario: String,
        /// The commands that fetch what the evaluation reads.
        #[arg(long)]
        gather: bool,
        /// The call itself.
        #[arg(long)]
        reproduce: bool,
        /// The commands that apply the report's fixes.
        #[arg(long)]
        fix: bool,
        /// Output format: shell text, or one JSON object.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Who can assume what, across `aws iam get-account-authorization-details`
    /// outputs (one per account): for every principal of the dumps (users,
    /// and roles as their sessions) and every role, `allow`, `conditional`
    /// (with what the request must carry) or `deny` (with the failing
    /// checks), each pair decided as `check` decides a single case.
    ///
    /// Exit status: 0, or 2 when an input is not such an output (the others
    /// are still read).
    Access {
        /// `get-account-authorization-details` outputs (JSON); `-` reads
        /// standard input.
        #[arg(required = true, value_name = "DUMP.json")]
        dumps: Vec<String>,
        /// List denied pairs too.
        #[arg(long)]
        all: bool,
        /// Also list what each principal reaches only by assuming roles in
        /// turn (role chaining), by the shortest chain, with the roles on
        /// the way as `via`.
        #[arg(long)]
        chains: bool,
        /// Instead of pairs, the trust findings: principals outside the
        /// dumps that roles trust (other accounts, `*`, services, identity
        /// providers), riskiest first.
        #[arg(long)]
        findings: bool,
        /// Only the pairs of this role: who can assume it.
        #[arg(long, value_name = "ARN")]
        role: Option<String>,
        /// Only the pairs of this principal: what it can assume.
        #[arg(long, value_name = "ARN")]
        principal: Option<String>,
        /// Output format: a readable table, or one pair per line (JSON Lines).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The contract's exit statuses.
const EXIT_ALLOW: u8 = 0;
const EXIT_DENY: u8 = 1;
const EXIT_INVALID: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let status = match cli.command {
        Command::Check {
            scenarios,
            format,
            color,
        } => check(&scenarios, format, use_color(color)),
        Command::Link {
            scenario,
            base,
            redact,
        } => link(&scenario, &base, redact),
        Command::Import {
            inputs,
            into,
            format,
        } => import_inputs(&inputs, into.as_deref(), format),
        Command::Commands {
            scenario,
            gather,
            reproduce,
            fix,
            format,
        } => {
            // No flag: every section.
            let all = !(gather || reproduce || fix);
            let sections = commands::Sections {
                gather: gather || all,
                reproduce: reproduce || all,
                fix: fix || all,
            };
            print_commands(&scenario, sections, format)
        }
        Command::Access {
            dumps,
            all,
            chains,
            findings,
            role,
            principal,
            format,
        } => access(
            &dumps,
            AccessAsked {
                all,
                chains,
                findings,
                role,
                principal,
            },
            format,
        ),
    };
    ExitCode::from(status)
}

fn check(paths: &[String], format: Format, color: bool) -> u8 {
    let mut status = EXIT_ALLOW;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (position, path) in paths.iter().enumerate() {
        let scenario = match read_scenario(path) {
            Ok(scenario) => scenario,
            Err(error) => {
                report_input_error(&mut out, &error, format);
                status = status.max(EXIT_INVALID);
                continue;
            }
        };
        let report = evaluate(&scenario);
        status = status.max(match report.decision {
            Decision::Allow => EXIT_ALLOW,
            Decision::Deny => EXIT_DENY,
            Decision::Invalid => EXIT_INVALID,
        });
        let text = match format {
            Format::Json => serde_json::to_string(&report).unwrap_or_default() + "\n",
            Format::Text => {
                let separator = if position > 0 { "\n" } else { "" };
                let style = render::Style { color };
                format!(
                    "{separator}{}",
                    render::checklist(&input::display_name(path), &scenario, &report, style)
                )
            }
        };
        if write!(out, "{text}").is_err() {
            // stdout closed (e.g. piped into `head`): nothing more can be said.
            return status.max(EXIT_INVALID);
        }
    }
    let _ = out.flush();
    status
}

/// The error goes to stderr; in JSON Lines an error object keeps one line per
/// argument, so that line N still answers argument N.
fn report_input_error(out: &mut impl Write, error: &InputError, format: Format) {
    eprintln!("error: {error}");
    if format == Format::Json {
        let line = serde_json::json!({ "file": error.path, "error": error.to_string() });
        let _ = writeln!(out, "{line}");
    }
}

fn link(path: &str, base: &str, redact: bool) -> u8 {
    let scenario: Scenario = match read_scenario(path) {
        Ok(scenario) => scenario,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_INVALID;
        }
    };
    let scenario = if redact {
        // Marked as redacted, so that the page tells whoever opens the link.
        let redaction = share::redact_for_sharing(&scenario);
        for note in &redaction.kept {
            eprintln!("note: {note}");
        }
        redaction.scenario
    } else {
        scenario
    };
    // A closed stdout (piped into `head`, say) is not a panic.
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{}", share::share_link(base, &scenario)).is_err() {
        return EXIT_INVALID;
    }
    EXIT_ALLOW
}

fn import_inputs(paths: &[String], into: Option<&str>, format: Format) -> u8 {
    let into = match into.map(read_scenario).transpose() {
        Ok(into) => into,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_INVALID;
        }
    };
    let (inputs, mut status) = read_inputs(paths);
    let outcome = assumable_core::import(&inputs, into.as_ref());
    if !outcome.unrecognized.is_empty() {
        status = EXIT_INVALID;
    }
    let text = match format {
        Format::Json => {
            for unrecognized in &outcome.unrecognized {
                eprintln!("error: {}", render::printable(&unrecognized.error));
            }
            serde_json::to_string(&outcome).unwrap_or_default()
        }
        Format::Text => {
            eprint!("{}", import::summary(&outcome));
            outcome.scenario.to_json_pretty()
        }
    };
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{text}").is_err() {
        return EXIT_INVALID;
    }
    status
}

/// What `access` was asked for.
struct AccessAsked {
    all: bool,
    chains: bool,
    findings: bool,
    /// Only the pairs of this role (`--role`), of this principal
    /// (`--principal`).
    role: Option<String>,
    principal: Option<String>,
}

fn access(paths: &[String], asked: AccessAsked, format: Format) -> u8 {
    let (inputs, mut status) = read_inputs_with(paths, input::read_dump_input);
    let (model, unread) = assumable_core::access::load(&inputs);
    for input in &unread {
        eprintln!("error: {}", render::printable(&input.error));
        status = EXIT_INVALID;
    }
    if asked.findings {
        let found = assumable_core::access::findings(&model);
        let text = match format {
            Format::Json => found
                .iter()
                .map(|finding| serde_json::to_string(finding).unwrap_or_default() + "\n")
                .collect::<String>(),
            Format::Text => assumable_cli::access::findings_table(&found),
        };
        let mut out = std::io::stdout().lock();
        if write!(out, "{text}").is_err() {
            return EXIT_INVALID;
        }
        return status;
    }
    if let Some(role) = asked
        .role
        .as_ref()
        .filter(|role| !model.roles.iter().any(|r| &r.arn == *role))
    {
        eprintln!(
            "error: --role {}: no dump holds this role",
            render::printable(role)
        );
        return EXIT_INVALID;
    }
    if let Some(principal) = asked
        .principal
        .as_ref()
        .filter(|principal| !model.principals.iter().any(|p| &p.arn == *principal))
    {
        eprintln!(
            "error: --principal {}: no dump holds this principal",
            render::printable(principal)
        );
        return EXIT_INVALID;
    }
    let mut pairs = assumable_core::access::pairs(&model, asked.all);
    if asked.chains {
        let chained = assumable_core::access::chained_pairs(&pairs);
        pairs.extend(chained);
    }
    // Chains need every pair; the ones asked about are kept after.
    pairs.retain(|pair| {
        asked.role.as_ref().is_none_or(|role| &pair.role == role)
            && asked
                .principal
                .as_ref()
                .is_none_or(|principal| &pair.principal == principal)
    });
    let text = match format {
        Format::Json => {
            for note in &model.notes {
                eprintln!("note: {}", render::printable(note));
            }
            pairs
                .iter()
                .map(|pair| serde_json::to_string(pair).unwrap_or_default() + "\n")
                .collect::<String>()
        }
        Format::Text => assumable_cli::access::table(&model, &pairs),
    };
    let mut out = std::io::stdout().lock();
    if write!(out, "{text}").is_err() {
        return EXIT_INVALID;
    }
    status
}

/// The files given, read as pasted text; each one that cannot be read is
/// said on stderr and makes the status `EXIT_INVALID`.
fn read_inputs(paths: &[String]) -> (Vec<assumable_core::ImportInput>, u8) {
    read_inputs_with(paths, read_import_input)
}

/// [`read_inputs`], each file read by `read`.
fn read_inputs_with(
    paths: &[String],
    read: fn(&str) -> Result<assumable_core::ImportInput, InputError>,
) -> (Vec<assumable_core::ImportInput>, u8) {
    let mut inputs = Vec::new();
    let mut status = EXIT_ALLOW;
    for path in paths {
        match read(path) {
            Ok(input) => inputs.push(input),
            Err(error) => {
                eprintln!("error: {error}");
                status = EXIT_INVALID;
            }
        }
    }
    (inputs, status)
}

fn print_commands(path: &str, sections: commands::Sections, format: Format) -> u8 {
    let scenario = match read_scenario(path) {
        Ok(scenario) => scenario,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_INVALID;
        }
    };
    let generated = commands::commands(&scenario);
    let text = match format {
        Format::Text => commands::script(&generated, sections),
        Format::Json => {
            let mut value = serde_json::to_value(&generated).unwrap_or_default();
            if let Some(object) = value.as_object_mut() {
                for (name, wanted) in [
                    ("gather", sections.gather),
                    ("reproduce", sections.reproduce),
                    ("fix", sections.fix),
                ] {
                    if !wanted {
                        object.remove(name);
                    }
                }
                if !sections.fix {
                    object.remove("files");
                }
            }
            value.to_string() + "\n"
        }
    };
    let mut out = std::io::stdout().lock();
    if write!(out, "{text}").is_err() {
        return EXIT_INVALID;
    }
    EXIT_ALLOW
}

/// Colors only for a terminal, and never when NO_COLOR is set (no-color.org).
fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
        }
    }
}
