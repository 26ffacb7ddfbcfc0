// The start screen, the layout and the first load (issue #11, items 1 and 11):
// a first visit asks "What do you have?"; "Paste policies" and "Start empty"
// give an empty case (nothing of an example left in it); an example is
// labelled as one with its story; New case empties everything and Undo
// brings it back; the skip link is the first Tab stop; touch targets are at
// least 24 px; a Loading line shows until the app mounts; the tab title and
// the heading follow the case's name. With SHOTS_DIR set, the states are
// also photographed (start-*.png).
import { createRequire } from "node:module";
import { test, expect, openApp } from "./fixtures.mjs";
import { linkTo, openAt, polledScenario, readCase, scenarioInAddressBar } from "./links.mjs";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const shots = process.env.SHOTS_DIR;
const verdict = (page) => page.locator("[data-decision]");
const trustEditor = (page) => page.locator("#editor-trust_policy");
const activeId = (page) => page.evaluate(() => document.activeElement?.id ?? "");

/** A trust policy a person pastes: it names the caller, in the role's own account. */
const PASTED_TRUST = JSON.stringify(
  {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { AWS: "arn:aws:iam::444455556666:user/Jane" }, Action: "sts:AssumeRole" },
    ],
  },
  null,
  2,
);

/** Opens the page as a first visit (no link, nothing saved) and waits for the start screen. */
async function firstVisit(page) {
  await openApp(page);
  await expect(page.locator("#start")).toBeVisible();
}

test("a first visit asks what the person has, and shows no case yet", async ({ page }) => {
  await firstVisit(page);
  await expect(page.getByRole("heading", { name: "What do you have?" })).toBeVisible();
  for (const name of ["Paste what you have", "Paste policies", "Start empty", "Learn from an example"]) {
    await expect(page.getByRole("button", { name })).toBeVisible();
  }
  // No example sneaks in: no verdict, no gallery, no share link of a case.
  await expect(verdict(page)).toHaveCount(0);
  await expect(page.locator(".gallery")).toHaveCount(0);
  await expect(page.locator("#share-link")).toHaveCount(0);
  await expect(page.locator(".loading")).toHaveCount(0);
  await expect(page).toHaveTitle("Assumable — why was sts:AssumeRole denied?");
});

test("Paste policies focuses the trust policy editor; a real paste is evaluated", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await firstVisit(page);
  await page.getByRole("button", { name: "Paste policies" }).click();
  await expect(trustEditor(page)).toBeFocused();
  await expect(trustEditor(page)).toHaveValue("");
  await expect(page.locator("#start")).toHaveCount(0);
  await page.evaluate((text) => navigator.clipboard.writeText(text), PASTED_TRUST);
  await page.keyboard.press("ControlOrMeta+V");
  await expect(trustEditor(page)).toHaveValue(PASTED_TRUST);
  // Without a caller and a role the request cannot be judged yet.
  await expect(verdict(page)).toHaveAttribute("data-decision", "invalid");
  await page.locator("#field-caller").fill("arn:aws:iam::444455556666:user/Jane");
  await page.locator("#field-role_arn").fill("arn:aws:iam::444455556666:role/Carlos");
  await expect(verdict(page)).toHaveAttribute("data-decision", "allow");
  await expect(page.locator('[data-check-id="trust.principal"]')).toHaveAttribute("data-status", "pass");
});

test("Start empty gives an empty case, its heading focused", async ({ page }) => {
  await firstVisit(page);
  await page.getByRole("button", { name: "Start empty" }).click();
  const heading = page.locator("#case-heading");
  await expect(heading).toHaveText("Your case");
  await expect(heading).toBeFocused();
  for (const field of ["caller", "role_arn", "role_session_name", "external_id", "duration_seconds", "max_session_duration"]) {
    await expect(page.locator(`#field-${field}`), field).toHaveValue("");
  }
  await expect(trustEditor(page)).toHaveValue("");
  await expect(page.locator(".example-story")).toHaveCount(0);
});

test("an example is labelled as one, with its story and real links, and takes focus", async ({ page }, testInfo) => {
  await firstVisit(page);
  await page.getByRole("button", { name: "Learn from an example" }).click();
  await expect(page.locator("#examples-heading")).toBeFocused();
  // Grouped by topic, EKS, SAML, ECS and organizations among them.
  const topics = await page.locator(".gallery h3").allInnerTexts();
  expect(topics.map((topic) => topic.toLowerCase())).toEqual(
    expect.arrayContaining(["trust principals", "caller permissions", "conditions", "web identity", "saml", "organizations", "sessions"]),
  );
  for (const file of ["allow/eks-irsa.json", "allow/saml-okta.json", "session.duration/chaining-ecs-task-4h.json", "scp.allow/deny-assumerole-outside-org.json"]) {
    await expect(page.locator(`button.example[data-example="${file}"]`)).toBeVisible();
  }
  await shot(page, testInfo, "examples");
  const card = page.locator('button.example[data-example="trust.principal/saml-provider-name-mismatch.json"]');
  const title = (await card.locator(".story").innerText()).trim();
  // The title sets the scene; the case's own name (which states the answer) is not shown.
  expect(title).not.toContain("OktaProd");
  await card.click();
  await expect(page.locator(".gallery")).toHaveCount(0);
  const heading = page.locator("#case-heading");
  await expect(heading).toHaveText(`Example: ${title}`);
  await expect(heading).toBeFocused();
  await expect(page).toHaveTitle(`${title} — Assumable`);
  const story = page.locator(".example-story");
  await expect(story).toContainText("The Federated principal must be the SAML provider ARN");
  const link = story.getByRole("link", { name: /docs\.aws\.amazon\.com/ });
  await expect(link).toBeVisible();
  await expect(link).toHaveAttribute("href", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_saml.html");
  await expect(link).toHaveAttribute("rel", "noopener noreferrer");
  await expect(link).toHaveAttribute("target", "_blank");
  await expect(verdict(page)).toHaveAttribute("data-decision", "deny");
  // The story sits above the inputs.
  const storyBox = await story.boundingBox();
  const trustBox = await trustEditor(page).boundingBox();
  expect(storyBox.y).toBeLessThan(trustBox.y);
  await shot(page, testInfo, "example");
  // Renamed, the case is the person's own: its name is the heading.
  await page.locator("details.about > summary").click();
  await page.locator("#field-name").fill("Our Okta sign-in");
  await expect(heading).toHaveText("Our Okta sign-in");
  await expect(page).toHaveTitle("Our Okta sign-in — Assumable");
  await expect(story).toHaveCount(0);
});

test("New case empties everything, nothing of the example travels in the link, and Undo restores it", async ({ page }) => {
  // Issue #11: a 3601-second duration and a 7200-second maximum from an
  // example silently failed the person's own case.
  const example = readCase("session.duration/chaining-3601-seconds.json");
  await firstVisit(page);
  await page.getByRole("button", { name: "Learn from an example" }).click();
  await page.locator('button.example[data-example="session.duration/chaining-3601-seconds.json"]').click();
  await expect(page.locator("#field-duration_seconds")).toHaveValue("3601");
  const exampleHeading = await page.locator("#case-heading").innerText();

  await page.getByRole("button", { name: "New case" }).click();
  await expect(trustEditor(page)).toBeFocused();
  await expect(trustEditor(page)).toHaveValue("");
  await expect(page.locator("#case-heading")).toHaveText("Your case");
  await expect(page.locator(".example-story")).toHaveCount(0);
  for (const field of ["caller", "role_arn", "role_session_name", "external_id", "duration_seconds", "max_session_duration", "source_ip", "source_identity"]) {
    await expect(page.locator(`#field-${field}`), field).toHaveValue("");
  }
  await page.locator("details.about > summary").click();
  await expect(page.locator("#field-name")).toHaveValue("");
  await expect(page.locator("#field-description")).toHaveValue("");
  await expect(page.locator('[data-check-id="session.duration"]')).not.toHaveAttribute("data-status", "fail");
  await expect.poll(() => polledScenario(page)).toEqual({ request: { caller: "", role_arn: "" }, role: { trust_policy: "" } });

  await page.locator("#undo").click();
  await expect(page.locator("#field-duration_seconds")).toHaveValue("3601");
  await expect(page.locator("#field-caller")).toHaveValue(example.request.caller);
  await expect(page.locator("#case-heading")).toHaveText(exampleHeading);
});

test("keyboard only: the skip link is the first Tab stop and reaches the verdict or the inputs", async ({ page }) => {
  await openAt(page, linkTo(readCase("trust.principal/exact-role-arn-principal.json")));
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to the verdict" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  expect(await activeId(page)).toBe("verdict");
  // The fragment still holds the case (a skip link must not replace it).
  expect((await scenarioInAddressBar(page)).request.role_arn).toContain("CrossAccountRole");
  await expect(page.locator("#notice")).toHaveCount(0);

  await page.keyboard.press("Shift+Tab");
  await page.reload();
  await verdict(page).waitFor();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to the inputs" })).toBeFocused();
  await page.keyboard.press("Enter");
  expect(await activeId(page)).toBe("inputs");
  // The next Tab is in the trust policy: its Wrap lines toggle, its Format
  // button, then its text.
  await page.keyboard.press("Tab");
  expect(await activeId(page)).toBe("editor-trust_policy-wrap");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  expect(await activeId(page)).toBe("editor-trust_policy");

  // On the start screen the first Tab stop leads to the choices.
  // Cleared as the next page starts: the page leaving may still save its
  // case after a clear made from it.
  await page.addInitScript(() => localStorage.clear());
  await page.goto("./?fresh");
  await expect(page.locator("#start")).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to the choices" })).toBeFocused();
  await page.keyboard.press("Enter");
  expect(await activeId(page)).toBe("start");
  await page.keyboard.press("Tab");
  expect(await activeId(page)).toBe("start-error");
});

test("the trust policy's text is a few Tabs in, not 47 (inputs come before the results)", async ({ page }) => {
  await openAt(page, linkTo(readCase("trust.principal/exact-role-arn-principal.json")));
  let tabs = 0;
  while ((await activeId(page)) !== "editor-trust_policy" && tabs < 60) {
    await page.keyboard.press("Tab");
    tabs += 1;
  }
  // Skip links (2), Examples, Who can assume what, the share link, Copy link,
  // Redact, As an exercise, Add what you have, New case, Wrap lines, Format,
  // the text: 13 (Undo is disabled). Nothing of the results comes first.
  expect(tabs).toBeLessThanOrEqual(13);
});

for (const [width, sideBySide] of [[1920, true], [1280, false]]) {
  test(`at ${width}px the results sit beside the inputs${sideBySide ? ", and the trust policy beside the request" : ""}`, async ({ page }) => {
    await page.setViewportSize({ width, height: 1000 });
    await openAt(page, linkTo(readCase("trust.principal/exact-role-arn-principal.json")));
    const box = async (selector) => page.locator(selector).boundingBox();
    const [policies, request, results] = [await box(".policies"), await box(".request"), await box(".results")];
    expect(results.x).toBeGreaterThan(Math.max(policies.x + policies.width, request.x + request.width) - 1);
    expect(Math.abs(results.y - policies.y)).toBeLessThan(2);
    if (sideBySide) {
      expect(request.x).toBeGreaterThanOrEqual(policies.x + policies.width);
      expect(Math.abs(request.y - policies.y)).toBeLessThan(2);
    } else {
      expect(request.y).toBeGreaterThanOrEqual(policies.y + policies.height);
    }
  });
}

test("on a phone the trust policy is on the first screen after Paste policies", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await firstVisit(page);
  await shot(page, testInfo, "phone-start");
  await page.getByRole("button", { name: "Paste policies" }).click();
  await expect(trustEditor(page)).toBeFocused();
  await page.evaluate(() => scrollTo(0, 0));
  const box = await trustEditor(page).boundingBox();
  expect(box.y + box.height).toBeLessThanOrEqual(844);
  await expect(trustEditor(page)).toBeInViewport();
  await shot(page, testInfo, "phone-paste");
});

for (const [width, height] of [[1280, 900], [390, 844]]) {
  test(`touch targets are at least 24 by 24 px at ${width}px`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await firstVisit(page);
    const small = async (where) => {
      const targets = page.locator('button, input[type="checkbox"], summary, select');
      const found = [];
      for (const target of await targets.all()) {
        if (!(await target.isVisible())) continue;
        const box = await target.boundingBox();
        if (box && (box.width < 24 || box.height < 24)) {
          found.push(`${where}: ${await target.evaluate((el) => el.outerHTML.slice(0, 80))} ${box.width}x${box.height}`);
        }
      }
      return found;
    };
    const problems = await small("start");
    await page.getByRole("button", { name: "Learn from an example" }).click();
    problems.push(...(await small("examples")));
    await page.locator('button.example[data-example="trust.mfa/bool-true-not-passed.json"]').click();
    await page.locator("details.more > summary").click();
    await page.locator("#field-mfa").check();
    problems.push(...(await small("example")));
    expect(problems).toEqual([]);
  });
}

test("the app's header and a Loading line show until the app mounts, without inline script or style", async ({ page, request, baseURL }) => {
  const html = await (await request.get(baseURL)).text();
  expect(html).toContain('<main class="loading">\n        <p role="status">Loading Assumable…</p>');
  const markup = html.replace(/<!--[\s\S]*?-->/g, "");
  expect(markup).not.toMatch(/\sstyle=|<style|<script(?![^>]*\ssrc=)/);
  // index.html draws the app's header before the wasm arrives (the first
  // paint names the page and says what it does): word for word the app's.
  const staticHeading = markup.match(/<h1>([^<]*)<\/h1>/)?.[1];
  const staticTagline = markup.match(/<p class="tagline">([^<]*)<\/p>/)?.[1];
  await firstVisit(page);
  await expect(page.getByText("Loading Assumable…")).toHaveCount(0);
  await expect(page.locator("header.top h1")).toHaveText(staticHeading ?? "(none in index.html)");
  await expect(page.locator("header.top .tagline")).toHaveText(staticTagline ?? "(none in index.html)");
  // The header's text stays where the first paint drew it once the app
  // mounts (the box narrows on a wide screen, where the toolbar joins it).
  const before = await page.context().newPage();
  await before.route("**/*_bg.wasm", () => {});
  await before.goto(baseURL, { waitUntil: "commit" });
  await expect(before.getByText("Loading Assumable…")).toBeVisible();
  // The first paint is drawn with the stylesheet: a layout read before the
  // sheet has arrived (a loaded machine) would measure unstyled text.
  await before.waitForFunction(() => {
    const sheets = [...document.querySelectorAll('link[rel="stylesheet"]')];
    return sheets.length > 0 && sheets.every((link) => link.sheet !== null);
  });
  const where = async (tagline) => {
    const box = await tagline.boundingBox();
    return box && { x: box.x, y: box.y, height: box.height };
  };
  const drawnFirst = await where(before.locator("header.top .tagline"));
  await before.close();
  expect(drawnFirst).not.toBeNull();
  expect(await where(page.locator("header.top .tagline"))).toEqual(drawnFirst);
});

test("a shared link names the tab and the heading after its case", async ({ page }) => {
  const scenario = { ...readCase("allow/cross-account.json"), name: "Prod deploy into Carlos" };
  await openAt(page, linkTo(scenario));
  await expect(page).toHaveTitle("Prod deploy into Carlos — Assumable");
  await expect(page.locator("#case-heading")).toHaveText("Prod deploy into Carlos");
  // Unnamed, the tab keeps the page's own title.
  const { name: _, ...unnamed } = scenario;
  await openAt(page, linkTo(unnamed, "?unnamed"));
  await expect(page).toHaveTitle("Assumable — why was sts:AssumeRole denied?");
  await expect(page.locator("#case-heading")).toHaveText("Your case");
});

test.describe("axe audit of the start screen and a loaded example", () => {
  test.use({ bypassCSP: true });
  for (const colorScheme of ["light", "dark"]) {
    for (const [width, height] of [[1280, 900], [390, 844]]) {
      test(`no violation in ${colorScheme} at ${width}px`, async ({ page }, testInfo) => {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme });
        await firstVisit(page);
        await page.addScriptTag({ path: axePath });
        expect(await axeViolations(page), "start screen").toEqual([]);
        if (width === 1280) await shot(page, testInfo, `desktop-${colorScheme}`);
        else await shot(page, testInfo, `phone-${colorScheme}`);
        await page.getByRole("button", { name: "Learn from an example" }).click();
        await page.locator(".gallery").waitFor();
        expect(await axeViolations(page), "examples").toEqual([]);
        await page.locator('button.example[data-example="allow/eks-irsa.json"]').click();
        await expect(page.locator(".example-story")).toBeVisible();
        expect(await axeViolations(page), "loaded example").toEqual([]);
        await shot(page, testInfo, `example-${width === 1280 ? "desktop" : "phone"}-${colorScheme}`);
      });
    }
  }
});

async function axeViolations(page) {
  const results = await page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ["violations"] }),
  );
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    nodes: violation.nodes.slice(0, 3).map((node) => node.target.join(" ")),
  }));
}

async function shot(page, testInfo, name) {
  if (shots && testInfo.project.name === "root") {
    await page.screenshot({ path: `${shots}/start-${name}.png` });
  }
}

// The error a person holds, as the aws CLI printed it, wrapped by the terminal
// after "perform:" (IMPORT_FORMATS.md §3.3, §4).
const CLI_ERROR = [
  "$ aws sts assume-role --role-arn arn:aws:iam::444455556666:role/Deploy --role-session-name ci",
  "An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111122223333:user/ci is not authorized to perform:",
  "sts:AssumeRole on resource: arn:aws:iam::444455556666:role/Deploy because no identity-based policy allows the sts:AssumeRole action",
].join("\n");

test.describe("the error AWS printed", () => {
  // axe is injected as a script, which the page's CSP would refuse.
  test.use({ bypassCSP: true });
  test("Paste what you have: the core reads the error into a new case, and AWS's words stand beside the verdict", async ({ page }) => {
    await firstVisit(page);
    await page.getByRole("button", { name: "Paste what you have" }).click();
    const box = page.locator("#paste-start-text");
    await expect(box).toBeVisible();
    await page.addScriptTag({ path: axePath });
    expect(await axeViolations(page)).toEqual([]);

    // Text no recogniser reads: said where it was typed, and the text stays.
    await box.fill("something went wrong, please retry");
    await page.getByRole("button", { name: "Read it" }).click();
    await expect(page.locator("#paste-start-problem")).toBeVisible();
    await expect(box).toHaveAttribute("aria-invalid", "true");
    await expect(box).toHaveValue("something went wrong, please retry");
    expect(await axeViolations(page)).toEqual([]);

    await box.fill(CLI_ERROR);
    await page.getByRole("button", { name: "Read it" }).click();
    await expect(page.locator("#start")).toHaveCount(0);
    await expect(page.locator("#field-caller")).toHaveValue("arn:aws:iam::111122223333:user/ci");
    await expect(page.locator("#field-role_arn")).toHaveValue("arn:aws:iam::444455556666:role/Deploy");
    await expect(page.locator("#notice")).toContainText("Read an AWS AccessDenied message");
    await expect(page.locator("#notice")).toContainText("Caller");
    const said = page.locator("#aws-said");
    await expect(said).toContainText("because no identity-based policy allows");
    await expect(verdict(page)).toHaveAttribute("data-decision", /deny|invalid/);
    // The address bar follows the case a moment after it changes.
    await expect
      .poll(async () => (await polledScenario(page))?.observed?.evidence)
      .toEqual(["identity.allow"]);
    await page.addScriptTag({ path: axePath });
    expect(await axeViolations(page)).toEqual([]);

    // One step back: the empty case the start screen stood for.
    await page.locator("#undo").click();
    await expect(page.locator("#field-caller")).toHaveValue("");
  });
});
