//! What `assumable access` prints without `--format json`: one line per
//! pair (the answer, the principal, the role, and what a conditional pair
//! needs or which checks a denied one fails), then how many of each.

use std::fmt::Write as _;

use assumable_core::access::{Access, AccountModel, Finding, Pair, Severity};

use crate::render::printable;

/// The readable table of `pairs`, ending with a count line.
pub fn table(model: &AccountModel, pairs: &[Pair]) -> String {
    let mut out = String::new();
    for pair in pairs {
        let (word, detail) = match pair.result {
            Access::Allow => ("allow", String::new()),
            Access::Conditional => (
                "conditional",
                format!("  needs {}", pair.requires.join(", ")),
            ),
            Access::Deny => ("deny", format!("  fails {}", pair.failing.join(", "))),
        };
        let via: String = pair
            .via
            .iter()
            .map(|role| format!("{} → ", printable(role)))
            .collect();
        let _ = writeln!(
            out,
            "{word:<12} {} → {via}{}{}",
            printable(&pair.principal),
            printable(&pair.role),
            printable(&detail)
        );
    }
    let count = |access: Access| pairs.iter().filter(|pair| pair.result == access).count();
    let _ = writeln!(
        out,
        "{} principals, {} roles: {} allow, {} conditional{}",
        model.principals.len(),
        model.roles.len(),
        count(Access::Allow),
        count(Access::Conditional),
        if pairs.iter().any(|pair| pair.result == Access::Deny) {
            format!(", {} deny", count(Access::Deny))
        } else {
            " (denied pairs not listed; --all lists them)".to_string()
        }
    );
    for note in &model.notes {
        let _ = writeln!(out, "note: {}", printable(note));
    }
    out
}

/// The readable list of trust findings, riskiest first.
pub fn findings_table(found: &[Finding]) -> String {
    let mut out = String::new();
    for finding in found {
        let severity = match finding.severity {
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Info => "info",
        };
        let _ = writeln!(
            out,
            "{severity:<7} {} trusts {}: {}",
            printable(&finding.role),
            printable(&finding.principal),
            printable(&finding.detail)
        );
    }
    if found.is_empty() {
        out.push_str("No role trusts a principal outside the outputs.\n");
    }
    out
}
