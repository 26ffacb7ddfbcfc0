// Fields that fit the action (issue #11, item 2): a pasted Federated trust
// makes the request its call, the token claims (or SAML keys) the trust tests
// get rows of their own, and the fields the call cannot carry are hidden, kept
// out of the evaluation and the link, and back when the action switches back.
// The core decides all of it (request_fields.rs, claim_keys.rs).
import { createRequire } from "node:module";
import { test, expect, openApp } from "./fixtures.mjs";
import { polledScenario, scenarioInAddressBar } from "./links.mjs";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const shots = process.env.SHOTS_DIR;

const PROVIDER = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
const GITHUB_TRUST = JSON.stringify(
  {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: PROVIDER },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
          StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main" },
        },
      },
    ],
  },
  null,
  2,
);
const SAML_PROVIDER = "arn:aws:iam::123456789012:saml-provider/Okta";
const SAML_TRUST = JSON.stringify(
  {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: SAML_PROVIDER },
        Action: "sts:AssumeRoleWithSAML",
        Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
      },
    ],
  },
  null,
  2,
);

const verdict = (page) => page.locator("[data-decision]");
const claimKeys = (page) =>
  page.locator(".claims .claim").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-claim-key")));
const claimInput = (page, key) => page.locator(`.claims .claim[data-claim-key="${key}"] input`);

/** A first visit (nothing saved, no link): "Start empty" on the start
 *  screen, then the person's own request. */
async function newUser(page) {
  await openApp(page);
  await page.getByRole("button", { name: "Start empty" }).click();
  await page.locator("#field-role_arn").fill("arn:aws:iam::123456789012:role/deploy");
  await page.locator("#field-role_session_name").fill("GitHubActions");
}

async function expectNoAxeViolation(page) {
  await page.addScriptTag({ path: axePath });
  // eslint-disable-next-line no-undef
  const results = await page.evaluate(() => axe.run(document, { resultTypes: ["violations"] }));
  const summary = results.violations.map((violation) => ({
    id: violation.id,
    nodes: violation.nodes.slice(0, 3).map((node) => node.target.join(" ")),
  }));
  expect(summary).toEqual([]);
}

test("a pasted GitHub OIDC trust makes the call web identity from the provider, with its claims to fill", async ({ page }) => {
  await newUser(page);
  // An AssumeRole call typed by the person before the trust is pasted.
  await page.locator("#field-caller").fill("arn:aws:iam::111111111111:user/ci");
  await page.locator("#field-external_id").fill("ext-123");
  await page.locator("#field-mfa").check();
  await page.locator("#field-source_ip").fill("192.0.2.10");

  // An AssumeRole call with no identity policy: the caller's own policies must allow it.
  await expect(page.locator("#identity-hint")).toContainText("No identity policy");

  // The person typed the caller: pasting only offers the trust's call.
  await page.locator("#editor-trust_policy").fill(GITHUB_TRUST);
  await expect(page.locator("#field-action")).toHaveValue("sts:AssumeRole");
  await expect(page.locator("#call-suggestion")).toContainText("trusts only the OIDC provider");
  if (shots && test.info().project.name === "root") {
    await page.locator(".panel.request").screenshot({ path: `${shots}/fields-offer-light-laptop.png` });
  }
  await page.locator("#use-implied-call").click();

  await expect(page.locator("#field-action")).toHaveValue("sts:AssumeRoleWithWebIdentity");
  await expect(page.locator("#field-caller")).toHaveValue(PROVIDER);
  await expect(page.locator("#call-suggestion")).toHaveCount(0);
  // No AWS caller: the identity policies section says they do not apply.
  await expect(page.locator("#identity-hint")).toContainText("sts:AssumeRoleWithWebIdentity has no AWS caller");
  expect(await claimKeys(page)).toEqual([
    "token.actions.githubusercontent.com:aud",
    "token.actions.githubusercontent.com:sub",
  ]);
  await expect(page.locator(".claims .claim").first()).toContainText("sts.amazonaws.com");
  await expect(page.locator(".claims .claim").nth(1)).toContainText("repo:ORG/REPO");

  // External ID and MFA cannot apply: hidden, and out of the link.
  await expect(page.locator("#field-external_id")).toHaveCount(0);
  await expect(page.locator("#field-mfa")).toHaveCount(0);
  await expect(page.locator("#fields-set-aside")).toContainText("external ID or MFA");
  // aws:SourceIp is in every call's context: the field stays.
  await expect(page.locator("#field-source_ip")).toHaveValue("192.0.2.10");
  await expect.poll(async () => (await polledScenario(page))?.request.action).toBe("sts:AssumeRoleWithWebIdentity");
  const linked = (await scenarioInAddressBar(page)).request;
  expect(linked.external_id).toBeUndefined();
  expect(linked.mfa).toBeUndefined();

  await expect(verdict(page)).toHaveAttribute("data-decision", "deny");
  await claimInput(page, "token.actions.githubusercontent.com:sub").fill("repo:acme/app:ref:refs/heads/main");
  await claimInput(page, "token.actions.githubusercontent.com:aud").fill("sts.amazonaws.com");
  await expect(verdict(page)).toHaveAttribute("data-decision", "allow");
  await expect
    .poll(async () => (await polledScenario(page))?.request.context)
    .toEqual({
      "token.actions.githubusercontent.com:sub": "repo:acme/app:ref:refs/heads/main",
      "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
    });
  // The claims are not repeated among the extra context keys.
  await expect(page.locator("#field-context .row")).toHaveCount(0);

  // Back to AssumeRole: the values set aside come back.
  await page.locator("#field-action").selectOption("sts:AssumeRole");
  await expect(page.locator("#field-external_id")).toHaveValue("ext-123");
  await expect(page.locator("#field-mfa")).toBeChecked();
  await expect.poll(async () => (await polledScenario(page))?.request.external_id).toBe("ext-123");
  // The trust still trusts only the provider, so its call is offered again.
  await expect(page.locator("#call-suggestion")).toBeVisible();
});

test("a new user's pasted GitHub trust is applied at once, and the fix never sends the call back", async ({ page }) => {
  await newUser(page);
  await page.locator("#editor-trust_policy").fill(GITHUB_TRUST);
  await expect(page.locator("#field-action")).toHaveValue("sts:AssumeRoleWithWebIdentity");
  await expect(page.locator("#field-caller")).toHaveValue(PROVIDER);
  await expect(page.getByText("The request form now sets the action")).toBeVisible();
  // No fix proposes switching back to sts:AssumeRole.
  await expect(page.locator(".results")).not.toContainText("Call sts:AssumeRole");
});

test("a pasted SAML trust makes the call SAML, with the assertion's keys and no session name", async ({ page }) => {
  await newUser(page);
  await page.locator("#editor-trust_policy").fill(SAML_TRUST);
  await expect(page.locator("#field-action")).toHaveValue("sts:AssumeRoleWithSAML");
  await expect(page.locator("#field-caller")).toHaveValue(SAML_PROVIDER);
  await expect(page.locator("#field-claims legend")).toHaveText("SAML assertion");
  expect(await claimKeys(page)).toEqual(["SAML:aud", "saml:sub", "saml:sub_type", "saml:iss"]);
  await expect(page.locator("#field-role_session_name")).toHaveCount(0);
  await expect(page.locator("#field-external_id")).toHaveCount(0);
  await claimInput(page, "SAML:aud").fill("https://signin.aws.amazon.com/saml");
  await expect(verdict(page)).toHaveAttribute("data-decision", "allow");
  // The address bar follows the last edit after a short pause.
  await expect
    .poll(async () => (await polledScenario(page))?.request.context?.["SAML:aud"])
    .toBe("https://signin.aws.amazon.com/saml");
  expect((await scenarioInAddressBar(page)).request.role_session_name).toBeUndefined();
});

test.describe("axe audit of the federated forms", () => {
  test.use({ bypassCSP: true });
  for (const colorScheme of ["light", "dark"]) {
    for (const [width, height] of [[1280, 900], [390, 844]]) {
      for (const [name, trust] of [["web-identity", GITHUB_TRUST], ["saml", SAML_TRUST]]) {
        test(`${name} form: no violation in ${colorScheme} at ${width}px`, async ({ page }, testInfo) => {
          await page.setViewportSize({ width, height });
          await page.emulateMedia({ colorScheme });
          await newUser(page);
          await page.locator("#editor-trust_policy").fill(trust);
          await page.locator(".claims").waitFor();
          // The phone layout does not scroll sideways.
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect(overflow).toBeLessThanOrEqual(0);
          if (shots && testInfo.project.name === "root") {
            const size = width < 600 ? "phone" : "laptop";
            await page.locator(".panel.request").screenshot({ path: `${shots}/fields-${name}-${colorScheme}-${size}.png` });
          }
          await expectNoAxeViolation(page);
        });
      }
    }
  }
});
