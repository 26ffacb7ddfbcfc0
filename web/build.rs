//! Embeds the examples: a curated list of `tests/cases/<check>/*.json`,
//! grouped by topic, each with a neutral title (a case's own `name` often
//! states its answer, which spoils it as an exercise).

use std::fmt::Write as _;
use std::path::Path;

/// (path below `tests/cases`, topic, neutral title). Topics appear in the
/// order of their first example; within a topic, common failures first. A
/// missing file is skipped.
const CURATED: &[(&str, &str, &str)] = &[
    (
        "trust.principal/missing-trust-statement.json",
        "Trust principals",
        "Jane assumes the role Carlos in another account",
    ),
    (
        "trust.principal/exact-role-arn-principal.json",
        "Trust principals",
        "A deployer user assumes CrossAccountRole in another account",
    ),
    (
        "request.caller/root-user-cross-account.json",
        "Trust principals",
        "An account's root user assumes a role in another account",
    ),
    (
        "allow/cross-account.json",
        "Trust principals",
        "Jane assumes Carlos, both sides set up",
    ),
    (
        "identity.allow/missing-identity-policy.json",
        "Caller permissions",
        "Jane assumes Carlos, set up by a colleague",
    ),
    (
        "identity.deny/explicit-deny-on-role.json",
        "Caller permissions",
        "Jane assumes Carlos after a security review",
    ),
    (
        "boundary.allow/s3-only-cross-account.json",
        "Caller permissions",
        "Jane, with a permissions boundary, assumes Carlos",
    ),
    (
        "trust.external_id/not-passed.json",
        "Conditions",
        "A deployer assumes DeployRole, which checks an external ID",
    ),
    (
        "trust.external_id/wrong-case.json",
        "Conditions",
        "A vendor's scanner assumes VendorAccess with an external ID",
    ),
    (
        "trust.conditions/externalid-key-without-prefix.json",
        "Conditions",
        "CrossAccountRole's hand-written external ID condition",
    ),
    (
        "allow/external-id.json",
        "Conditions",
        "CrossAccountRole called with its external ID",
    ),
    (
        "trust.mfa/bool-true-not-passed.json",
        "Conditions",
        "A deployer assumes DeployRole from a script",
    ),
    (
        "trust.mfa/required-not-used.json",
        "Conditions",
        "A trust policy tightened last week",
    ),
    (
        "trust.conditions/stringequals-with-wildcard.json",
        "Conditions",
        "A pipeline role's session assumes CrossAccountRole",
    ),
    (
        "trust.conditions/web-identity-github-wrong-audience.json",
        "Web identity",
        "A GitHub Actions workflow assumes gha-deploy",
    ),
    (
        "allow/eks-irsa.json",
        "Web identity",
        "An EKS pod assumes its IRSA role",
    ),
    (
        "trust.conditions/web-identity-eks-wrong-namespace.json",
        "Web identity",
        "An EKS pod in namespace payments assumes an IRSA role",
    ),
    (
        "trust.conditions/eks-pod-identity-other-namespace.json",
        "Web identity",
        "EKS Pod Identity for a pod in payments-staging",
    ),
    (
        "trust.principal/eks-irsa-against-pod-identity-trust.json",
        "Web identity",
        "An EKS pod assumes payments-api with its service account token",
    ),
    (
        "allow/saml-okta.json",
        "SAML",
        "Okta users sign in to the OktaAdmins role",
    ),
    (
        "trust.conditions/saml-aud-is-sp-entity-id.json",
        "SAML",
        "OktaAdmins checks the SAML audience",
    ),
    (
        "trust.principal/saml-provider-name-mismatch.json",
        "SAML",
        "Okta sign-in after the identity provider was renamed",
    ),
    (
        "session.tags/saml-trust-lacks-tagsession.json",
        "SAML",
        "Okta passes the user's department as a session tag",
    ),
    (
        "trust.conditions/principal-org-id-mismatch.json",
        "Organizations",
        "An instance's role assumes SharedServices, open to one organization",
    ),
    (
        "trust.conditions/org-paths-other-ou.json",
        "Organizations",
        "A user assumes SharedReadOnly, open to one organizational unit",
    ),
    (
        "scp.allow/deny-assumerole-outside-org.json",
        "Organizations",
        "A user in a member account assumes a role in another account",
    ),
    (
        "rcp.allow/org-perimeter-external-caller.json",
        "Organizations",
        "An outside analyst assumes DataShare",
    ),
    (
        "session.duration/above-max.json",
        "Sessions",
        "A deployer asks DeployRole for a 2-hour session",
    ),
    (
        "session.duration/chaining-3601-seconds.json",
        "Sessions",
        "An orchestrator's role session asks for 3601 seconds",
    ),
    (
        "session.duration/chaining-ecs-task-4h.json",
        "Sessions",
        "An ECS task asks another role for 4 hours",
    ),
    (
        "trust.syntax/malformed-action.json",
        "Policy text",
        "A trust policy edited by hand",
    ),
    (
        "trust.syntax/smart-quotes.json",
        "Policy text",
        "A trust policy pasted from a document",
    ),
];

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let cases = Path::new(&manifest).join("../tests/cases");
    println!("cargo:rerun-if-changed={}", cases.display());
    println!("cargo:rerun-if-changed=build.rs");

    // (file, topic, title, text)
    let mut code = String::from("pub static EXAMPLES: &[(&str, &str, &str, &str)] = &[\n");
    for (name, topic, title) in CURATED {
        let path = cases.join(name);
        if !path.is_file() {
            println!("cargo:warning=example {name} is missing from tests/cases");
            continue;
        }
        let path = path.canonicalize().unwrap_or(path);
        let _ = writeln!(
            code,
            "    ({name:?}, {topic:?}, {title:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    if let Err(error) = std::fs::write(Path::new(&out).join("examples.rs"), code) {
        println!("cargo:warning=could not write the examples list: {error}");
    }
}
