//! Condition operator names: parsing and "did you mean" suggestions.
//!
//! IAM matches operator names case-sensitively: `CreateRole` with
//! `stringEquals` fails with `MalformedPolicyDocument: Invalid Condition type
//! : stringEquals` (seen in
//! <https://github.com/ministryofjustice/modernisation-platform-environments/pull/8893>).
//! The operators are listed in
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>.

use super::{BaseOperator, Operator, SetQualifier};

/// Every base operator with its name as IAM spells it.
pub const BASE_OPERATORS: [(BaseOperator, &str); 27] = [
    (BaseOperator::StringEquals, "StringEquals"),
    (BaseOperator::StringNotEquals, "StringNotEquals"),
    (
        BaseOperator::StringEqualsIgnoreCase,
        "StringEqualsIgnoreCase",
    ),
    (
        BaseOperator::StringNotEqualsIgnoreCase,
        "StringNotEqualsIgnoreCase",
    ),
    (BaseOperator::StringLike, "StringLike"),
    (BaseOperator::StringNotLike, "StringNotLike"),
    (BaseOperator::NumericEquals, "NumericEquals"),
    (BaseOperator::NumericNotEquals, "NumericNotEquals"),
    (BaseOperator::NumericLessThan, "NumericLessThan"),
    (BaseOperator::NumericLessThanEquals, "NumericLessThanEquals"),
    (BaseOperator::NumericGreaterThan, "NumericGreaterThan"),
    (
        BaseOperator::NumericGreaterThanEquals,
        "NumericGreaterThanEquals",
    ),
    (BaseOperator::DateEquals, "DateEquals"),
    (BaseOperator::DateNotEquals, "DateNotEquals"),
    (BaseOperator::DateLessThan, "DateLessThan"),
    (BaseOperator::DateLessThanEquals, "DateLessThanEquals"),
    (BaseOperator::DateGreaterThan, "DateGreaterThan"),
    (BaseOperator::DateGreaterThanEquals, "DateGreaterThanEquals"),
    (BaseOperator::Bool, "Bool"),
    (BaseOperator::BinaryEquals, "BinaryEquals"),
    (BaseOperator::IpAddress, "IpAddress"),
    (BaseOperator::NotIpAddress, "NotIpAddress"),
    (BaseOperator::ArnEquals, "ArnEquals"),
    (BaseOperator::ArnNotEquals, "ArnNotEquals"),
    (BaseOperator::ArnLike, "ArnLike"),
    (BaseOperator::ArnNotLike, "ArnNotLike"),
    (BaseOperator::Null, "Null"),
];

const FOR_ALL_VALUES: &str = "ForAllValues:";
const FOR_ANY_VALUE: &str = "ForAnyValue:";
const IF_EXISTS: &str = "IfExists";

impl BaseOperator {
    /// The operator's name as IAM spells it (`StringEquals`).
    pub fn name(self) -> &'static str {
        BASE_OPERATORS
            .iter()
            .find(|(base, _)| *base == self)
            .map_or("", |(_, name)| name)
    }
}

impl SetQualifier {
    /// `ForAllValues` or `ForAnyValue` (without the colon).
    pub fn name(self) -> &'static str {
        match self {
            SetQualifier::ForAllValues => "ForAllValues",
            SetQualifier::ForAnyValue => "ForAnyValue",
        }
    }
}

impl std::fmt::Display for Operator {
    /// The operator as IAM spells it: `ForAnyValue:StringLikeIfExists`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(qualifier) = self.qualifier {
            write!(f, "{}:", qualifier.name())?;
        }
        f.write_str(self.base.name())?;
        if self.if_exists {
            f.write_str(IF_EXISTS)?;
        }
        Ok(())
    }
}

/// Parses an operator name such as `ForAnyValue:StringLikeIfExists`
/// (case-sensitive, as IAM is). `None` for an unknown operator.
pub fn parse_operator(text: &str) -> Option<Operator> {
    let (qualifier, rest) = if let Some(rest) = text.strip_prefix(FOR_ALL_VALUES) {
        (Some(SetQualifier::ForAllValues), rest)
    } else if let Some(rest) = text.strip_prefix(FOR_ANY_VALUE) {
        (Some(SetQualifier::ForAnyValue), rest)
    } else {
        (None, text)
    };
    let (base_name, if_exists) = match rest.strip_suffix(IF_EXISTS) {
        Some(base) => (base, true),
        None => (rest, false),
    };
    let base = BASE_OPERATORS
        .iter()
        .find(|(_, name)| *name == base_name)
        .map(|(base, _)| *base)?;
    Some(Operator {
        qualifier,
        base,
        if_exists,
    })
}

/// The known operator closest to an unknown one (`StringEqual` →
/// `StringEquals`, `stringequals` → `StringEquals`), keeping its qualifier
/// and `IfExists`. `None` when nothing is close enough to be sure.
pub fn suggest_operator(text: &str) -> Option<String> {
    // Qualifier: whatever is before a `:`, matched loosely.
    let (qualifier, rest) = match text.split_once(':') {
        Some((prefix, rest)) => {
            let lower = prefix.to_ascii_lowercase();
            let qualifier = if lower.starts_with("forall") {
                SetQualifier::ForAllValues
            } else if lower.starts_with("forany") {
                SetQualifier::ForAnyValue
            } else {
                return None;
            };
            (Some(qualifier), rest)
        }
        None => (None, text),
    };
    let lower = rest.to_ascii_lowercase();
    let (base_text, if_exists) = match lower.strip_suffix("ifexists") {
        Some(base) => (base.to_owned(), true),
        None => (lower, false),
    };
    let (base, _) = BASE_OPERATORS
        .iter()
        .map(|(base, name)| (*base, edit_distance(&base_text, &name.to_ascii_lowercase())))
        .min_by_key(|(_, distance)| *distance)?;
    let distance = edit_distance(&base_text, &base.name().to_ascii_lowercase());
    if distance > close_enough(base.name().len()) {
        return None;
    }
    let suggestion = Operator {
        qualifier,
        base,
        if_exists,
    }
    .to_string();
    (suggestion != text).then_some(suggestion)
}

/// How many edits still make a confident suggestion for a word this long.
pub(crate) fn close_enough(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// Levenshtein distance over characters; inputs are capped at 64 characters
/// so hostile input stays cheap.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(64).collect();
    let b: Vec<char> = b.chars().take(64).collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        if let Some(first) = current.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous
                .get(j)
                .map_or(usize::MAX, |d| d + usize::from(ca != cb));
            let delete = previous.get(j + 1).map_or(usize::MAX, |d| d + 1);
            let insert = current.get(j).map_or(usize::MAX, |d| d + 1);
            if let Some(cell) = current.get_mut(j + 1) {
                *cell = substitute.min(delete).min(insert);
            }
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_base_with_qualifiers_and_if_exists() {
        for (base, name) in BASE_OPERATORS {
            for qualifier in [
                None,
                Some(SetQualifier::ForAllValues),
                Some(SetQualifier::ForAnyValue),
            ] {
                for if_exists in [false, true] {
                    let operator = Operator {
                        qualifier,
                        base,
                        if_exists,
                    };
                    let text = operator.to_string();
                    assert!(text.contains(name));
                    assert_eq!(parse_operator(&text), Some(operator), "{text}");
                }
            }
        }
    }

    #[test]
    fn operator_names_are_case_sensitive_as_in_iam() {
        // IAM: "Invalid Condition type : stringEquals".
        assert_eq!(parse_operator("stringEquals"), None);
        assert_eq!(parse_operator("StringEqualsIfexists"), None);
        assert_eq!(parse_operator("forAnyValue:StringLike"), None);
        assert_eq!(parse_operator("ForAnyValue: StringLike"), None);
        assert_eq!(parse_operator("StringEqual"), None);
        assert_eq!(parse_operator(""), None);
        assert_eq!(parse_operator("IfExists"), None);
    }

    #[test]
    fn suggests_the_closest_operator() {
        let cases = [
            ("StringEqual", Some("StringEquals")),
            ("stringequals", Some("StringEquals")),
            ("StringEqualsIgnorecase", Some("StringEqualsIgnoreCase")),
            ("StringNotEqual", Some("StringNotEquals")),
            ("ArnEqual", Some("ArnEquals")),
            ("StringLikeIfexists", Some("StringLikeIfExists")),
            ("ForAnyValues:StringLike", Some("ForAnyValue:StringLike")),
            (
                "forallvalues:stringequals",
                Some("ForAllValues:StringEquals"),
            ),
            ("Boolean", None),
            ("IpAddres", Some("IpAddress")),
            ("Whatever", None),
            ("NotNull", None),
            ("StringEquals", None),
        ];
        for (text, expected) in cases {
            assert_eq!(suggest_operator(text).as_deref(), expected, "{text}");
        }
    }

    #[test]
    fn edit_distance_basics() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("Allow", "Allows"), 1);
    }
}
