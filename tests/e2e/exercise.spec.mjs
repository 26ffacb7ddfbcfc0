// Exercise mode (issue #11, item 9): an example opened as an exercise shows
// the case but not its answer (no verdict, checklist, fix, underline, flow
// step or story); the learner picks the failing check, a wrong pick gets a
// hint read off the report, the answer can be shown at any time, and any
// change of the case ends the exercise (and says so). Allowed examples want
// "Nothing fails". Keyboard only, axe-clean in every state, light and dark,
// laptop and phone. With SHOTS_DIR set, the states are photographed
// (exercise-*.png).
import { test, expect, openApp, axeViolations } from "./fixtures.mjs";
import { decodeScenario } from "./links.mjs";

const shots = process.env.SHOTS_DIR;

const DENIED = "trust.conditions/web-identity-eks-wrong-namespace.json";
const ALLOWED = "allow/eks-irsa.json";

/** Opens the examples from the start screen, Exercise mode on, and picks `file`. */
async function openExercise(page, file) {
  await openApp(page);
  await page.locator("#start-examples").click();
  await page.locator("#exercise-mode").check();
  await page.locator(`[data-example="${file}"]`).click();
  await expect(page.locator("#exercise")).toBeVisible();
}

/** Nothing of the answer is on the page. */
async function expectAnswerHidden(page) {
  await expect(page.locator("[data-decision]")).toHaveCount(0);
  await expect(page.locator("[data-check-id]")).toHaveCount(0);
  await expect(page.locator(".fix-card")).toHaveCount(0);
  await expect(page.locator(".flow-step.stops, .flow-step.fail")).toHaveCount(0);
  await expect(page.locator(".backdrop mark")).toHaveCount(0);
  await expect(page.locator(".field-problem, [aria-invalid='true']")).toHaveCount(0);
  await expect(page.locator("#example-story-held")).toBeVisible();
  await expect(page.locator(".example-story a")).toHaveCount(0);
  // The notes hold the story too.
  await expect(page.locator("#field-description")).toHaveValue("");
}

async function pick(page, checkId) {
  await page.locator(`#exercise-choice-${checkId.replace(".", "-")}`).check();
  await page.locator("#exercise-check").click();
}

test("in Exercise mode the cards show no verdict, and an exercise hides the answer", async ({ page }) => {
  await openApp(page);
  await page.locator("#start-examples").click();
  await expect(page.locator(".gallery .badge.allow")).not.toHaveCount(0);
  await page.locator("#exercise-mode").check();
  await expect(page.locator(".gallery .badge.allow, .gallery .badge.deny, .gallery .badge.invalid")).toHaveCount(0);
  await page.locator(`[data-example="${DENIED}"]`).click();
  await expect(page.locator("#case-heading")).toHaveText(/^Exercise: /);
  await expectAnswerHidden(page);
  // Every check of the contract is a choice, neutral, and so is "Nothing fails".
  await expect(page.locator('#exercise input[type="radio"]')).toHaveCount(19);
  await expect(page.locator("#exercise .exercise-flow .flow-step")).toHaveCount(7);
});

test("a wrong pick gets a hint from the report, and the right one shows the results", async ({ page }) => {
  await openExercise(page, DENIED);
  const feedback = page.locator("#exercise-feedback");
  await pick(page, "session.duration");
  // First the step of the flow that stops the call, not where.
  await expect(feedback).toContainText("does not stop this call");
  await expect(feedback).toContainText("“Trust policy” step");
  await expect(feedback).not.toContainText("line");
  await expect(page.locator(".exercise-choice.tried")).toHaveCount(1);
  await expectAnswerHidden(page);
  // Then where to look: the failing check's location.
  await pick(page, "trust.principal");
  await expect(feedback).toContainText("look at the trust policy, line 12");
  await expect(page.locator(".exercise-choice.tried")).toHaveCount(2);
  await expectAnswerHidden(page);
  await pick(page, "trust.conditions");
  const outcome = page.locator("#exercise-outcome");
  await expect(outcome).toContainText("Right");
  await expect(outcome).toContainText("Found after 2 wrong picks");
  await expect(page.locator("#exercise-outcome-heading")).toBeFocused();
  await expect(page.locator("[data-decision]")).toHaveAttribute("data-decision", "deny");
  await expect(page.locator('[data-check-id="trust.conditions"]')).toHaveAttribute("data-status", "fail");
  await expect(page.locator(".flow-step.stops")).toHaveCount(1);
  await expect(page.locator(".backdrop mark")).not.toHaveCount(0);
  await expect(page.locator(".example-story a")).not.toHaveCount(0);
  await expect(page.locator("#example-story-held")).toHaveCount(0);
  await page.locator("#exercise-close").click();
  await expect(outcome).toHaveCount(0);
});

test("Show the answer gives up at any time", async ({ page }) => {
  await openExercise(page, DENIED);
  await page.locator("#exercise-show").click();
  await expect(page.locator("#exercise-outcome")).toContainText("The answer");
  await expect(page.locator("#exercise-outcome")).toContainText("fails");
  await expect(page.locator("[data-decision]")).toHaveAttribute("data-decision", "deny");
});

test("an allowed example wants Nothing fails, answered with the keyboard only", async ({ page }) => {
  await openExercise(page, ALLOWED);
  await page.locator("#case-heading").focus();
  // The skip link leads to the exercise.
  await page.keyboard.press("Shift+Tab");
  await expect(page.locator("a.skip-link").first()).toHaveText("Skip to the exercise");
  await page.locator("a.skip-link").first().focus();
  await page.keyboard.press("Enter");
  await expect(page.locator("#exercise")).toBeFocused();
  // The first radio, then the group's arrows: up from the first is the last, "Nothing fails".
  await page.keyboard.press("Tab");
  await expect(page.locator("#exercise-choice-request-format")).toBeFocused();
  await page.keyboard.press("Space");
  await page.keyboard.press("Enter");
  await expect(page.locator("#exercise-feedback")).toContainText("does not stop this call");
  await page.keyboard.press("ArrowUp");
  await expect(page.locator("#exercise-choice-nothing")).toBeChecked();
  await page.keyboard.press("Enter");
  await expect(page.locator("#exercise-outcome")).toContainText("Nothing fails: AWS allows this call.");
  await expect(page.locator("[data-decision]")).toHaveAttribute("data-decision", "allow");
});

test("editing the case ends the exercise, and the page says so", async ({ page }) => {
  await openExercise(page, DENIED);
  await page.locator("#field-role_session_name").fill("edited");
  await expect(page.locator("#exercise-ended")).toContainText("The exercise ended");
  await expect(page.locator("#exercise")).toHaveCount(0);
  await expect(page.locator("[data-decision]")).toHaveAttribute("data-decision", "deny");
  await expect(page.locator("#example-story-held")).toHaveCount(0);
  // Undo brings the example back, but not the exercise.
  await page.locator("#undo").click();
  await expect(page.locator("#exercise")).toHaveCount(0);
  await page.locator("#exercise-ended button").click();
  await expect(page.locator("#exercise-ended")).toHaveCount(0);
});

test("leaving the example ends the exercise", async ({ page }) => {
  await openExercise(page, DENIED);
  await page.locator("#new-case").click();
  await expect(page.locator("#exercise")).toHaveCount(0);
  await expect(page.locator("#exercise-ended")).toBeVisible();
});

test("a case shared as an exercise opens with its answer hidden, and the opened case is an ordinary one", async ({ page, context }) => {
  // The example as the gallery loads it (neutral title, the story held back).
  await openApp(page);
  await page.locator("#start-examples").click();
  await page.locator(`[data-example="${DENIED}"]`).click();
  await expect(page.locator("[data-decision]")).toHaveAttribute("data-decision", "deny");
  await page.locator("#share-exercise").check();
  await expect.poll(async () => decodeScenario((await page.locator("#share-link").inputValue()).split("#s=")[1]).exercise).toBe(true);
  const link = await page.locator("#share-link").inputValue();
  // Without the switch, the link is the ordinary one.
  await page.locator("#share-exercise").uncheck();
  await expect.poll(async () => decodeScenario((await page.locator("#share-link").inputValue()).split("#s=")[1]).exercise).toBeUndefined();

  const other = await context.newPage();
  await other.goto(`./?exercise#s=${link.split("#s=")[1]}`);
  await expect(other.locator("#exercise")).toBeVisible();
  await expect(other.locator("#case-heading")).toHaveText(/^Exercise: /);
  await expectAnswerHidden(other);
  // The case it keeps and shares on is an ordinary one.
  const kept = decodeScenario((await other.locator("#share-link").inputValue()).split("#s=")[1]);
  expect(kept.exercise).toBeUndefined();
  await other.locator("#exercise-show").click();
  await expect(other.locator("[data-decision]")).toHaveAttribute("data-decision", "deny");
  await other.close();
});

test.describe("axe audit of the exercise", () => {
  test.use({ bypassCSP: true });

  for (const colorScheme of ["light", "dark"]) {
    for (const [width, height] of [[1280, 900], [390, 844]]) {
      test(`no violation in any exercise state, ${colorScheme} at ${width}px`, async ({ page }, testInfo) => {
        // Five audits in one walk: more than the default 30 s on a busy machine.
        test.setTimeout(90_000);
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme, reducedMotion: "reduce" });
        const shoot = async (name) => {
          if (shots && testInfo.project.name === "root") {
            await page.screenshot({ path: `${shots}/exercise-${name}-${width}-${colorScheme}.png` });
          }
        };
        await openApp(page);
        await page.locator("#start-examples").click();
        await page.locator("#exercise-mode").check();
        expect(await axeViolations(page), "the gallery in Exercise mode").toEqual([]);
        await shoot("gallery");
        await page.locator(`[data-example="${DENIED}"]`).click();
        await expect(page.locator("#exercise")).toBeVisible();
        expect(await axeViolations(page), "asking").toEqual([]);
        await page.locator("#exercise").scrollIntoViewIfNeeded();
        await shoot("asking");
        await pick(page, "trust.principal");
        await expect(page.locator("#exercise-feedback")).not.toBeEmpty();
        expect(await axeViolations(page), "a wrong pick and its hint").toEqual([]);
        await page.locator("#exercise-feedback").scrollIntoViewIfNeeded();
        await shoot("hint");
        await pick(page, "trust.conditions");
        await expect(page.locator("#exercise-outcome")).toBeVisible();
        expect(await axeViolations(page), "answered").toEqual([]);
        await shoot("right");
        // Again, and ended by an edit.
        await page.locator("#examples-toggle").click();
        await page.locator("#exercise-mode").check();
        await page.locator(`[data-example="${ALLOWED}"]`).click();
        await expect(page.locator("#exercise")).toBeVisible();
        await page.locator("#field-role_session_name").fill("edited");
        await expect(page.locator("#exercise-ended")).toBeVisible();
        expect(await axeViolations(page), "ended").toEqual([]);
        await shoot("ended");
      });
    }
  }
});
