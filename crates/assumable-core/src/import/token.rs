//! An OIDC token, pasted raw (`eyJ….eyJ….sig`, alone or inside a log, a
//! header or a variable) or as its decoded claims (GitHub's docs print the
//! JOSE header object, then the claims object): IMPORT_FORMATS.md §6.9 and
//! §6.10. It gives a web identity call: the issuer is the caller and the
//! claims are the context keys AWS derives from them
//! ([`crate::token_claims`]).
//!
//! The token is decoded here, never verified (no key is at hand) and never
//! kept: only the claims reach the scenario.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::Value;

use super::Reading;
use crate::scenario::ContextValue;
use crate::token_claims::{context_from_claims, TokenContext};

pub const TOKEN_FORMAT: &str = "oidc-token";

/// A web identity call from the token in `text`.
pub fn recognize(text: &str) -> Option<Reading> {
    let facts = read_token(text)?;
    let mut reading = Reading::new(TOKEN_FORMAT);
    reading.action = Some("sts:AssumeRoleWithWebIdentity".to_string());
    reading.caller = Some(facts.token.issuer);
    reading.context = facts.token.context;
    reading.warnings = facts.warnings;
    reading.notes = facts.notes;
    reading.notes.push(
        "A token does not name the role: give the role's ARN too (an `aws iam get-role` \
        output, or the error AWS printed)."
            .to_string(),
    );
    Some(reading)
}

/// What a token gives.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct TokenFacts {
    pub token: TokenContext,
    /// Pasted as the raw token (decoded here), not as its claims.
    pub raw: bool,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
}

/// The longest token segment read: a token is a few KB; this bounds the
/// decoding of anything that merely looks like one.
const MAX_SEGMENT: usize = 64 * 1024;

/// The token's facts, when `text` holds a raw token or a claims object
/// with an `iss`; `None` when it holds neither.
pub(super) fn read_token(text: &str) -> Option<TokenFacts> {
    let (claims, raw) = match raw_token_claims(text) {
        Some(claims) => (claims, true),
        None => (claims_object(text)?, false),
    };
    let token = context_from_claims(&claims).ok()?;
    let mut facts = TokenFacts {
        token,
        raw,
        warnings: Vec::new(),
        notes: Vec::new(),
    };
    if raw {
        facts.notes.push(
            "The token was decoded here: its signature is not checked, and only its claims \
            are kept, never the token."
                .to_string(),
        );
    }
    if let Some(expiry) = claims.get("exp").and_then(Value::as_i64) {
        facts.notes.push(format!(
            "The token expires at {} (`exp`); STS refuses an expired token \
            (ExpiredTokenException), so a fresh one is needed to reproduce the call.",
            crate::date::format_iso8601(expiry.saturating_mul(1000))
        ));
    }
    audience_warnings(&mut facts);
    Some(facts)
}

/// The audiences that tell a token meant for something else (IMPORT_FORMATS.md §6.10).
fn audience_warnings(facts: &mut TokenFacts) {
    let issuer = facts.token.issuer.clone();
    let key = format!("{issuer}:aud");
    let audiences: Vec<String> = match facts.token.context.get(&key) {
        Some(ContextValue::One(one)) => vec![one.clone()],
        Some(ContextValue::Many(many)) => many.clone(),
        None => Vec::new(),
    };
    let has = |wanted: &str| audiences.iter().any(|aud| aud == wanted);
    if issuer.starts_with("oidc.eks.") && has("https://kubernetes.default.svc") {
        facts.warnings.push(
            "This is the pod's Kubernetes API token (audience `https://kubernetes.default.svc`), \
            not its IAM roles for service accounts token: STS answers \"Incorrect token \
            audience\". The IRSA token is at \
            /var/run/secrets/eks.amazonaws.com/serviceaccount/token, audience \
            `sts.amazonaws.com`."
                .to_string(),
        );
    }
    if has("pods.eks.amazonaws.com") {
        facts.warnings.push(
            "This is an EKS Pod Identity token (audience `pods.eks.amazonaws.com`): EKS \
            exchanges it for credentials itself, it is not used with \
            AssumeRoleWithWebIdentity."
                .to_string(),
        );
    }
}

/// The claims of the first raw token in `text`.
fn raw_token_claims(text: &str) -> Option<Value> {
    let is_token_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    text.split(|c: char| !is_token_char(c))
        .filter(|word| word.starts_with("eyJ"))
        .find_map(|word| {
            let mut parts = word.split('.');
            let (header, payload) = (parts.next()?, parts.next()?);
            let _signature = parts.next()?;
            if parts.next().is_some() || header.len() > MAX_SEGMENT || payload.len() > MAX_SEGMENT {
                return None;
            }
            let decode = |segment: &str| -> Option<Value> {
                // Some encoders pad; URL_SAFE_NO_PAD refuses padding.
                let bytes = URL_SAFE_NO_PAD.decode(segment.trim_end_matches('=')).ok()?;
                serde_json::from_slice(&bytes).ok()
            };
            decode(header)?.as_object()?;
            let claims = decode(payload)?;
            claims.get("iss")?.as_str()?;
            Some(claims)
        })
}

/// The first JSON object in `text` that holds a string `iss` and a `sub`
/// or `aud`: a token's claims (a header object before it is passed over).
fn claims_object(text: &str) -> Option<Value> {
    let mut rest = text;
    // Each `{` is a candidate. A value read whole is skipped whole; a
    // candidate that fails is left one character on. A failing read stops
    // at the first character JSON refuses or at serde's nesting limit, so
    // no text is read again more than a bounded number of times.
    while let Some(start) = rest.find('{') {
        let candidate = &rest[start..];
        let mut stream = serde_json::Deserializer::from_str(candidate).into_iter::<Value>();
        match stream.next() {
            Some(Ok(value)) => {
                let read = stream.byte_offset();
                if value.get("iss").and_then(Value::as_str).is_some()
                    && (value.get("sub").is_some() || value.get("aud").is_some())
                {
                    return Some(value);
                }
                rest = &candidate[read.max(1)..];
            }
            _ => rest = &candidate[1..],
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn encode(value: &Value) -> String {
        URL_SAFE_NO_PAD.encode(value.to_string())
    }

    fn eks_claims(aud: &str) -> Value {
        json!({"aud": [aud], "exp": 1_700_000_000, "iat": 1_699_996_400,
            "iss": "https://oidc.eks.us-east-1.amazonaws.com/id/8BA4A70AA33A68D27898EB4903D8A6E7",
            "kubernetes.io": {"namespace": "ns-a", "serviceaccount": {"name": "sa1", "uid": "u"}},
            "nbf": 1_699_996_400, "sub": "system:serviceaccount:ns-a:sa1"})
    }

    #[test]
    fn a_raw_token_in_a_log_line_gives_its_claims() {
        let token = format!(
            "{}.{}.c2lnbmF0dXJl",
            encode(&json!({"alg": "RS256", "kid": "k"})),
            encode(&eks_claims("sts.amazonaws.com"))
        );
        let facts = read_token(&format!("AWS_WEB_IDENTITY_TOKEN=\"{token}\"\n")).expect("read");
        assert!(facts.raw);
        let issuer = "oidc.eks.us-east-1.amazonaws.com/id/8BA4A70AA33A68D27898EB4903D8A6E7";
        assert_eq!(facts.token.issuer, issuer);
        assert_eq!(
            facts.token.context.get(&format!("{issuer}:sub")),
            Some(&ContextValue::One("system:serviceaccount:ns-a:sa1".into()))
        );
        assert!(facts.notes.iter().any(|note| note.contains("not checked")));
        assert!(
            facts
                .notes
                .iter()
                .any(|note| note.contains("2023-11-14T22:13:20")),
            "{:?}",
            facts.notes
        );
        assert!(facts.warnings.is_empty(), "{:?}", facts.warnings);
    }

    #[test]
    fn the_kubernetes_api_token_is_told_apart() {
        let token = format!(
            "{}.{}.",
            encode(&json!({"alg": "RS256"})),
            encode(&eks_claims("https://kubernetes.default.svc"))
        );
        let facts = read_token(&token).expect("read");
        assert!(
            facts.warnings[0].contains("Incorrect token audience"),
            "{:?}",
            facts.warnings
        );
    }

    #[test]
    fn decoded_claims_after_their_header_are_read() {
        // GitHub's docs: the JOSE header object, then the claims object.
        let text = r#"{"typ": "JWT", "alg": "RS256", "x5t": "example-thumbprint", "kid": "example-key-id"}
{"jti": "example-id", "sub": "repo:octo-org/octo-repo:environment:prod", "environment": "prod",
 "aud": "https://github.com/octo-org", "repository": "octo-org/octo-repo",
 "iss": "https://token.actions.githubusercontent.com", "nbf": 1632492967, "exp": 1632493867}"#;
        let facts = read_token(text).expect("read");
        assert!(!facts.raw);
        assert_eq!(facts.token.issuer, "token.actions.githubusercontent.com");
        assert_eq!(
            facts
                .token
                .context
                .get("token.actions.githubusercontent.com:repository"),
            Some(&ContextValue::One("octo-org/octo-repo".into()))
        );
    }

    #[test]
    fn text_without_a_token_is_not_read() {
        for text in [
            "",
            "eyJ",
            "eyJhbGciOiJIUzI1NiJ9.eyJub3QiOiJqc29uIn0",
            "{\"Version\": \"2012-10-17\", \"Statement\": []}",
            "{{{{{{{{",
            "{\"iss\": \"https://a\"}",
        ] {
            assert_eq!(read_token(text), None, "{text}");
        }
    }
}
