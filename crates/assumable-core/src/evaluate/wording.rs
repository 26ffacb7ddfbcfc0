//! How the report names things: callers, statements, sentences. One wording
//! for every check.

use crate::arn::Caller;
use crate::policy::Statement;

/// Upper-cases the first letter in place (the text is usually fresh).
pub(crate) fn capitalize(mut text: String) -> String {
    match text.chars().next() {
        Some(first) if first.is_ascii() => {
            if let Some(head) = text.get_mut(..1) {
                head.make_ascii_uppercase();
            }
        }
        Some(first) => {
            let upper: String = first.to_uppercase().collect();
            text.replace_range(..first.len_utf8(), &upper);
        }
        None => {}
    }
    text
}

/// "the role session `arn` (role `arn`)", "the service `ec2.amazonaws.com`".
pub(crate) fn describe_caller(caller: &Caller) -> String {
    match caller {
        Caller::AssumedRole { .. } => format!(
            "the role session `{}` (role `{}`)",
            caller.arn(),
            caller.principal_arn().unwrap_or_default()
        ),
        Caller::Service { name } => format!("the service `{name}`"),
        Caller::OidcProvider { host, .. } => format!("the OIDC provider `{host}`"),
        Caller::SamlProvider { .. } => format!("the SAML provider `{}`", caller.arn()),
        Caller::Root { account, .. } => format!("the root user of account {account}"),
        _ => format!("`{}`", caller.arn()),
    }
}

/// "statement 2 (`AllowCI`)" — how the report names a statement: counted
/// from 1, as a person reading the policy counts them.
pub(crate) fn describe_statement(statement: &Statement) -> String {
    let number = statement.index + 1;
    match &statement.sid {
        Some(sid) if !sid.value.is_empty() => {
            format!("statement {number} (`{}`)", sid.value)
        }
        _ => format!("statement {number}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalizes_the_first_letter_only() {
        assert_eq!(capitalize("statement 0".into()), "Statement 0");
        assert_eq!(capitalize("évaluer".into()), "Évaluer");
        assert_eq!(capitalize(String::new()), "");
    }

    #[test]
    fn names_a_role_session_by_its_role_too() {
        let caller = Caller::parse("arn:aws:sts::111122223333:assumed-role/Dev/alice").unwrap();
        assert_eq!(
            describe_caller(&caller),
            "the role session \
                `arn:aws:sts::111122223333:assumed-role/Dev/alice` (role \
                `arn:aws:iam::111122223333:role/Dev`)"
        );
    }
}
