//! A GitHub Actions step that uses `aws-actions/configure-aws-credentials`
//! (IMPORT_FORMATS.md §8.3): its `with:` inputs become the call. With
//! `id-token: write` and no access keys the action calls
//! AssumeRoleWithWebIdentity as GitHub's token; with access keys it calls
//! AssumeRole and tags the session. `${{ … }}` values only the run
//! resolves are named, never guessed.

use super::Reading;
use crate::scenario::ContextValue;

pub const WORKFLOW_STEP_FORMAT: &str = "github-workflow-configure-aws-credentials";

const ACTION: &str = "aws-actions/configure-aws-credentials";
const GITHUB_ISSUER: &str = "token.actions.githubusercontent.com";

/// The call of the first configure-aws-credentials step in `text`.
pub fn recognize(text: &str) -> Option<Reading> {
    let lines: Vec<&str> = text.lines().collect();
    let uses = lines
        .iter()
        .position(|line| line.contains("uses:") && line.contains(ACTION))?;
    let inputs = with_inputs(lines.get(uses + 1..).unwrap_or_default());
    let get = |key: &str| {
        inputs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let mut reading = Reading::new(WORKFLOW_STEP_FORMAT);
    let known = |key: &str, reading: &mut Reading| -> Option<String> {
        let value = get(key)?;
        if value.contains("${{") {
            reading.warnings.push(format!(
                "`{key}` is `{value}`: only the workflow run resolves it, so it is left \
                for you to fill in"
            ));
            return None;
        }
        Some(value)
    };
    reading.role_arn = known("role-to-assume", &mut reading);
    reading.external_id = known("role-external-id", &mut reading);
    reading.duration_seconds = known("role-duration-seconds", &mut reading).map(|text| {
        text.parse::<u64>()
            .map_or(serde_json::Value::String(text), serde_json::Value::from)
    });
    reading.role_session_name = known("role-session-name", &mut reading);
    if get("role-session-name").is_none() {
        reading.role_session_name = Some("GitHubActions".to_string());
        reading
            .notes
            .push("The session name is the action's default, `GitHubActions`.".to_string());
    }
    let keys = get("aws-access-key-id").is_some();
    let oidc = text.contains("id-token: write") || text.contains("id-token:write");
    if keys || !oidc {
        reading.action = Some("sts:AssumeRole".to_string());
        let tagging_off = get("role-skip-session-tagging").is_some_and(|v| v == "true");
        if !tagging_off {
            reading.notes.push(
                "With access keys the action tags the session (`GitHub`, `Repository`, \
                `Workflow`, `Action`, `Actor`, `Commit`, `Branch`): the trust policy and the \
                caller's policies must allow sts:TagSession. The values come from the run."
                    .to_string(),
            );
        }
        if !keys {
            reading.notes.push(
                "The workflow grants no `id-token: write`, so the action cannot use GitHub's \
                token: it assumes the role with the credentials it finds."
                    .to_string(),
            );
        }
    } else {
        reading.action = Some("sts:AssumeRoleWithWebIdentity".to_string());
        reading.caller = Some(GITHUB_ISSUER.to_string());
        let audience =
            known("audience", &mut reading).unwrap_or_else(|| "sts.amazonaws.com".into());
        reading
            .context
            .insert(format!("{GITHUB_ISSUER}:aud"), ContextValue::One(audience));
        reading.notes.push(
            "The token's `sub` names the repository and the job's branch or environment, which \
            the workflow file does not hold: paste the token's claims, or fill \
            `token.actions.githubusercontent.com:sub` (`repo:ORG/REPO:ref:refs/heads/BRANCH`)."
                .to_string(),
        );
    }
    Some(reading)
}

/// The `key: value` lines of the step's `with:` block (indented deeper than
/// `with:`), until the step ends.
fn with_inputs(lines: &[&str]) -> Vec<(String, String)> {
    let indent = |line: &str| line.len() - line.trim_start().len();
    let mut inputs = Vec::new();
    let mut with_indent = None;
    for line in lines {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        match with_indent {
            None => {
                if trimmed.starts_with("- ") {
                    break; // the next step
                }
                if trimmed == "with:" {
                    with_indent = Some(indent(line));
                }
            }
            Some(base) => {
                if indent(line) <= base {
                    break;
                }
                if let Some((key, value)) = trimmed.split_once(':') {
                    let value = value.split(" #").next().unwrap_or(value).trim();
                    let value = value
                        .strip_prefix('"')
                        .and_then(|v| v.strip_suffix('"'))
                        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                        .unwrap_or(value);
                    inputs.push((key.trim().to_string(), value.to_string()));
                }
            }
        }
    }
    inputs
}

#[cfg(test)]
mod tests {
    use super::*;

    const OIDC_WORKFLOW: &str = "permissions:\n  id-token: write\n  contents: read\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: Configure AWS credentials\n        uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: arn:aws:iam::111122223333:role/Deploy # the deploy role\n          aws-region: us-east-1\n          role-session-name: \"deploy-${{ github.run_id }}\"\n      - run: aws s3 ls\n";

    #[test]
    fn an_oidc_step_gives_a_web_identity_call() {
        let reading = recognize(OIDC_WORKFLOW).expect("read");
        assert_eq!(
            reading.action.as_deref(),
            Some("sts:AssumeRoleWithWebIdentity")
        );
        assert_eq!(reading.caller.as_deref(), Some(GITHUB_ISSUER));
        assert_eq!(
            reading.role_arn.as_deref(),
            Some("arn:aws:iam::111122223333:role/Deploy")
        );
        assert_eq!(reading.role_session_name, None);
        assert!(
            reading.warnings[0].contains("role-session-name"),
            "{:?}",
            reading.warnings
        );
        assert_eq!(
            reading
                .context
                .get("token.actions.githubusercontent.com:aud"),
            Some(&ContextValue::One("sts.amazonaws.com".into()))
        );
    }

    #[test]
    fn a_step_with_access_keys_assumes_the_role_with_tags() {
        let text = "      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          aws-access-key-id: ${{ secrets.KEY }}\n          aws-secret-access-key: ${{ secrets.SECRET }}\n          role-to-assume: ${{ secrets.ROLE }}\n";
        let reading = recognize(text).expect("read");
        assert_eq!(reading.action.as_deref(), Some("sts:AssumeRole"));
        assert_eq!(reading.role_arn, None);
        assert_eq!(reading.role_session_name.as_deref(), Some("GitHubActions"));
        assert!(reading.notes.iter().any(|n| n.contains("sts:TagSession")));
    }

    #[test]
    fn other_workflows_are_not_read() {
        assert_eq!(recognize("steps:\n  - uses: actions/checkout@v4\n"), None);
        assert_eq!(recognize(""), None);
    }
}
