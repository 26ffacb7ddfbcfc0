//! What the tool that printed an AWS error adds around the message
//! (`IMPORT_FORMATS.md` §4): the operation called, the error code, and, in
//! some tools' own words, the role ARN or the MFA device. Read from the
//! flattened paste (`normalize::flatten`), so that a wrapper broken over
//! lines or held in JSON or XML reads the same.

/// What a wrapper says beside the message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WrapperFacts {
    /// The STS operation (`AssumeRole`), as the SDK names it.
    pub operation: Option<String>,
    /// Which wrapper named the operation, for the notes.
    pub operation_from: Option<&'static str>,
    /// Whether the operation is inferred from the tool rather than printed.
    pub operation_inferred: bool,
    /// The error code (`AccessDenied`, `ValidationError`).
    pub code: Option<String>,
    /// The role ARN a tool names in its own words.
    pub role_arn: Option<String>,
    /// The MFA device from the AWS CLI's prompt.
    pub mfa_serial: Option<String>,
    /// The identity provider a tool's words imply: GitHub's OIDC issuer for
    /// aws-actions/configure-aws-credentials.
    pub identity_provider: Option<&'static str>,
}

/// The issuer of GitHub Actions' OIDC tokens on github.com (GitHub Enterprise
/// Server and an enterprise's own issuer differ).
/// <https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services>
pub const GITHUB_ACTIONS_ISSUER: &str = "token.actions.githubusercontent.com";

/// Operation names, each after its wrapper's words.
const OPERATION_PATTERNS: &[(&str, &str)] = &[
    // botocore's ClientError (AWS CLI v1/v2, boto3).
    ("when calling the ", "the AWS CLI or boto3"),
    // Go SDK v2: `operation error STS: AssumeRole, https response error …`.
    ("operation error STS: ", "the Go SDK"),
    // PHP SDK: `Error executing "AssumeRole" on "https://sts…"`.
    ("Error executing \"", "the PHP SDK"),
];

/// Where an error code is printed, the code following the pattern.
const CODE_PATTERNS: &[&str] = &[
    // botocore: `An error occurred (AccessDenied) when calling …`.
    "An error occurred (",
    // Go SDK v2: `api error AccessDenied: …`.
    "api error ",
    // Java SDK v1 `Error Code: AccessDenied;`, XML `<Code>` and JSON `"Code"`,
    // `errorCode` (CloudTrail), once flattened (normalize.rs).
    "Code: ",
    // Lambda's `{"errorType": "AccessDenied", …}`.
    "errorType: ",
];

/// Codes STS declares (botocore's STS model) and the SDK exceptions named
/// after them, as a token a Go v1 or JavaScript v2 error starts with
/// (`AccessDenied: …`).
pub const STS_ERROR_CODES: &[&str] = &[
    "AccessDenied",
    "AccessDeniedException",
    "ValidationError",
    "InvalidIdentityToken",
    "InvalidIdentityTokenException",
    "InvalidClientTokenId",
    "ExpiredToken",
    "ExpiredTokenException",
    "IDPRejectedClaim",
    "IDPRejectedClaimException",
    "IDPCommunicationError",
    "IDPCommunicationErrorException",
    "MalformedPolicyDocument",
    "MalformedPolicyDocumentException",
    "PackedPolicyTooLarge",
    "PackedPolicyTooLargeException",
    "RegionDisabledException",
];

/// Tools' own sentences naming the role, the ARN between the pattern and the
/// closing character (§4, §10 `request.role_arn`).
const ROLE_ARN_PATTERNS: &[(&str, char)] = &[
    // Terraform AWS provider v5+: `IAM Role (arn:…) cannot be assumed.`
    ("IAM Role (", ')'),
    // Terraform before 2020: `The role "arn:…" cannot be assumed.`
    ("The role \"", '"'),
    // granted and other Go tools: `Failed to assume role with ARN 'arn:…'`.
    ("assume role with ARN '", '\''),
    ("failed to assume role \"", '"'),
    ("failed to assume role '", '\''),
];

/// Where a paste names the role beside the error: the echoed command
/// (`$ aws sts assume-role --role-arn arn:…`, §2 rule 2) and the inputs a
/// GitHub Actions log prints for `aws-actions/configure-aws-credentials`
/// (`role-to-assume: arn:…`). The trust-policy form of the message has no
/// `on resource:` (§12.5): these are often the only place the role is named.
const ROLE_ARN_ARGUMENTS: &[&str] = &["--role-arn ", "--role-arn=", "role-to-assume: "];

/// A value is read from a window this long after its pattern.
const VALUE_WINDOW: usize = 2048;

pub fn read_wrapper(flat: &str) -> WrapperFacts {
    let mut facts = WrapperFacts::default();
    for (pattern, wrapper) in OPERATION_PATTERNS {
        if let Some(name) = first_after(flat, pattern).map(identifier) {
            if !name.is_empty() {
                facts.operation = Some(name.to_string());
                facts.operation_from = Some(wrapper);
                break;
            }
        }
    }
    // aws-actions/configure-aws-credentials prints `Could not assume role
    // with OIDC: <message>`: the call it made is AssumeRoleWithWebIdentity
    // (its `src/assumeRole.ts`).
    if facts.operation.is_none() && flat.contains("Could not assume role with OIDC") {
        facts.operation = Some("AssumeRoleWithWebIdentity".to_string());
        facts.operation_from = Some("aws-actions/configure-aws-credentials");
        facts.operation_inferred = true;
        facts.identity_provider = Some(GITHUB_ACTIONS_ISSUER);
    }
    facts.code = read_code(flat);
    facts.role_arn = ROLE_ARN_PATTERNS.iter().find_map(|(pattern, close)| {
        let after = first_after(flat, pattern)?;
        let arn = after.get(..after.find(*close)?)?.trim();
        is_role_arn(arn).then(|| arn.to_string())
    });
    if facts.role_arn.is_none() {
        facts.role_arn = ROLE_ARN_ARGUMENTS.iter().find_map(|pattern| {
            let token = first_after(flat, pattern)?.split(' ').next()?;
            let arn = token.trim_matches(['"', '\'']);
            is_role_arn(arn).then(|| arn.to_string())
        });
    }
    // botocore's assume-role provider prompts `Enter MFA code for <serial>: `.
    facts.mfa_serial = first_after(flat, "Enter MFA code for ")
        .and_then(|after| after.split(' ').next())
        .map(|serial| serial.trim_end_matches(':'))
        .filter(|serial| !serial.is_empty())
        .map(str::to_string);
    facts
}

fn read_code(flat: &str) -> Option<String> {
    for pattern in CODE_PATTERNS {
        let mut rest = flat;
        // The first few occurrences only: `Code: ` may also precede other values.
        for _ in 0..8 {
            let Some(at) = rest.find(pattern) else { break };
            let after = rest.get(at + pattern.len()..).unwrap_or_default();
            let code = identifier(after);
            if code.len() >= 3 && code.starts_with(|c: char| c.is_ascii_uppercase()) {
                return Some(code.to_string());
            }
            rest = after;
        }
    }
    // Go SDK v1 and JavaScript SDK v2: `AccessDenied: <message>`; the PHP
    // SDK: `AccessDenied (client): <message>`.
    let mut tokens = flat.split(' ').peekable();
    while let Some(token) = tokens.next() {
        let (code, ends_with_colon) = match token.strip_suffix(':') {
            Some(code) => (code, true),
            None => (token, false),
        };
        let php = tokens.peek() == Some(&"(client):");
        if STS_ERROR_CODES.contains(&code) && (ends_with_colon || php) {
            return Some(code.to_string());
        }
    }
    None
}

/// The text after the first occurrence of `pattern`, at most `VALUE_WINDOW` long.
pub fn first_after<'a>(flat: &'a str, pattern: &str) -> Option<&'a str> {
    let at = flat.find(pattern)?;
    let after = flat.get(at + pattern.len()..)?;
    Some(prefix(after, VALUE_WINDOW))
}

/// At most `max` bytes of `text`, cut at a character boundary.
pub fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

/// The leading run of letters, digits and underscores.
fn identifier(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    text.get(..end).unwrap_or_default()
}

/// `arn:PARTITION:iam::ACCOUNT:role/…`, as loosely as a paste may redact
/// the account.
pub fn is_role_arn(text: &str) -> bool {
    text.starts_with("arn:") && text.contains(":iam::") && text.contains(":role/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_wrapper_names_its_operation_and_code() {
        let cases = [
            ("An error occurred (AccessDenied) when calling the AssumeRole operation: x", Some("AssumeRole"), Some("AccessDenied")),
            ("operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 400, RequestID: 1, InvalidIdentityToken: No", Some("AssumeRoleWithWebIdentity"), Some("InvalidIdentityToken")),
            ("x (Service: AWSSecurityTokenService; Status Code: 403; Error Code: AccessDenied; Request ID: 1; Proxy: null)", None, Some("AccessDenied")),
            ("AccessDenied: Not authorized to perform sts:AssumeRole status code: 403, request id: 1", None, Some("AccessDenied")),
            ("Error executing \"AssumeRole\" on \"https://sts.eu-west-1.amazonaws.com\"; AWS HTTP error: AccessDenied (client): x", Some("AssumeRole"), Some("AccessDenied")),
            ("Error: Could not assume role with OIDC: Not authorized", Some("AssumeRoleWithWebIdentity"), None),
        ];
        for (text, operation, code) in cases {
            let facts = read_wrapper(text);
            assert_eq!(facts.operation.as_deref(), operation, "{text}");
            assert_eq!(facts.code.as_deref(), code, "{text}");
        }
    }

    #[test]
    fn tools_name_the_role_and_the_mfa_device() {
        let facts = read_wrapper(
            "Error: IAM Role (arn:aws:iam::123456789012:role/Deploy) cannot be assumed.",
        );
        assert_eq!(
            facts.role_arn.as_deref(),
            Some("arn:aws:iam::123456789012:role/Deploy")
        );
        let facts = read_wrapper(
            "Enter MFA code for arn:aws:iam::123456789012:mfa/alice: An error occurred",
        );
        assert_eq!(
            facts.mfa_serial.as_deref(),
            Some("arn:aws:iam::123456789012:mfa/alice")
        );
    }
}
