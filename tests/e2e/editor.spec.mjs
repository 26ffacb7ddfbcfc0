// The policy editor (issue #11, item 8): JSON colours, a marker in the
// gutter of each line a problem starts on, the problem's message under the
// editor when the caret or the pointer is on its underline, a "Wrap lines"
// toggle that keeps marks and line numbers beside their text, and the
// failure message (not the check's title) for screen readers.
import { test, expect, axeViolations } from "./fixtures.mjs";
import { linkTo, openAt, readCase } from "./links.mjs";


// Line 12 reads `"ExternalId": "MyExternalId123"`: the key lacks `sts:`.
const MISSPELT_KEY = "trust.conditions/externalid-key-without-prefix.json";
// Line 13 holds a long condition value, line 8 a long ARN.
const LONG_LINES = "trust.conditions/gha-environment-sub.json";
const MISSING_COMMA = '{\n  "Version": "2012-10-17"\n  "Statement": []\n}';

const trustEditor = (page) => page.locator(".editor", { has: page.locator("#editor-trust_policy") });
const message = (page) => page.locator("#editor-trust_policy-message");

/** Opens the page without a link (the start screen, or the saved work
 * after an earlier case) and writes `text` as the trust policy. */
async function typeInTrustPolicy(page, text) {
  await page.goto(`./?typed=${Date.now()}`);
  const start = page.getByRole("button", { name: "Start empty" });
  const area = page.locator("#editor-trust_policy");
  await start.or(area).first().waitFor();
  if (await start.isVisible()) await start.click();
  await area.fill(text);
}

/** Clicks the middle of an element's `index`th box (a wrapped mark has one per row). */
async function clickBox(page, locator, index = 0) {
  await locator.scrollIntoViewIfNeeded();
  const boxes = await locator.evaluate((element) =>
    [...element.getClientRects()].map(({ x, y, width, height }) => ({ x, y, width, height })),
  );
  const box = boxes.at(index);
  await page.mouse.click(box.x + Math.min(box.width / 2, 20), box.y + box.height / 2);
}

/** The textarea's selection start, in UTF-16 units, and the mark's range in the same units. */
async function caretAndMark(page) {
  return page.locator("#editor-trust_policy").evaluate((area) => {
    const mark = area.closest(".editor").querySelector(".backdrop mark.fail, .backdrop mark.warn");
    const start = area.value.indexOf(mark.textContent);
    return { caret: area.selectionStart, start, end: start + mark.textContent.length };
  });
}

test("a new user opens a case, reads the problem under the editor, applies the fix and sees it", async ({ page }) => {
  await openAt(page, linkTo(readCase(MISSPELT_KEY)));
  await expect(page.locator("[data-decision]")).toHaveAttribute("data-decision", "deny");
  const editor = trustEditor(page);
  // The underline takes the condition's key and the value it judges.
  const mark = editor.locator(".backdrop mark.fail");
  await expect(mark).toHaveText('ExternalId": "MyExternalId123"');
  // The line it is on has a marker beside its number: a sign, not colour alone.
  await expect(editor.locator(".backdrop .ln.fail")).toHaveText(["✗12"]);
  // JSON is coloured: keys and strings each have their colour.
  await expect(editor.locator(".backdrop .j-key").first()).toHaveText('"Version"');
  await expect(editor.locator(".backdrop .j-str").first()).toHaveText('"2012-10-17"');
  const colour = (selector) => editor.locator(selector).first().evaluate((element) => getComputedStyle(element).color);
  expect(await colour(".j-key")).not.toBe(await colour(".j-str"));

  // Nothing chosen yet: a hint says how to read a problem.
  await expect(editor.locator(".editor-hint")).toBeVisible();
  await expect(message(page)).toBeEmpty();
  await clickBox(page, mark);
  const { caret, start, end } = await caretAndMark(page);
  expect(caret).toBeGreaterThanOrEqual(start);
  expect(caret).toBeLessThanOrEqual(end);
  // The check's failure message, not its title, with the line.
  await expect(message(page)).toContainText("Line 12:");
  await expect(message(page)).toContainText("ExternalId");
  await expect(message(page)).not.toContainText("are met");
  await expect(editor.locator(".editor-hint")).toHaveCount(0);
  // Screen readers get the same words, with line numbers.
  const problems = page.locator("#editor-trust_policy-problems");
  await expect(problems).toContainText(/^Problems: line 12: .*ExternalId/);
  await expect(problems).not.toContainText("are met");
  await expect(page.locator("#editor-trust_policy")).toHaveAttribute("aria-describedby", /editor-trust_policy-problems/);

  // Apply the fix: the text it wrote is marked, and the underline is gone.
  const check = page.locator('[data-check-id="trust.conditions"]');
  await check.getByRole("button", { name: "Apply fix" }).click();
  await expect(page.locator("#editor-trust_policy")).toHaveValue(/"sts:ExternalId": "MyExternalId123"/);
  await expect(editor.locator(".backdrop mark.changed")).not.toHaveCount(0);
  await expect(editor.locator(".backdrop mark.fail")).toHaveCount(0);
  await expect(editor.locator(".backdrop .ln.fail")).toHaveCount(0);
  await expect(check).not.toHaveAttribute("data-status", "fail");
});

test("keyboard only: the caret on an underline reads its message, and leaving it clears the message", async ({ page }) => {
  await openAt(page, linkTo(readCase(MISSPELT_KEY)));
  const area = page.locator("#editor-trust_policy");
  // Tab from the top of the page to the trust policy's text.
  let reached = false;
  for (let presses = 0; presses < 80 && !reached; presses++) {
    await page.keyboard.press("Tab");
    reached = await area.evaluate((element) => element === document.activeElement);
  }
  expect(reached).toBe(true);
  await expect(message(page)).toHaveAttribute("aria-live", "polite");
  await page.keyboard.press("Control+Home");
  for (let line = 1; line < 12; line++) await page.keyboard.press("ArrowDown");
  await page.keyboard.press("End");
  await expect(message(page)).toContainText("Line 12:");
  await page.keyboard.press("ArrowUp");
  await expect(message(page)).toBeEmpty();
  await page.keyboard.press("ArrowDown");
  await expect(message(page)).toContainText("Line 12:");
});

test("pointing at an underline or at its line's marker shows the message; moving away clears it", async ({ page }) => {
  await openAt(page, linkTo(readCase(MISSPELT_KEY)));
  const editor = trustEditor(page);
  const mark = editor.locator(".backdrop mark.fail");
  await mark.scrollIntoViewIfNeeded();
  const box = await mark.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(message(page)).toContainText("Line 12:");
  await page.mouse.move(box.x + box.width / 2, box.y - 40);
  await expect(message(page)).toBeEmpty();
  const marker = editor.locator(".backdrop .ln.fail");
  const markerBox = await marker.boundingBox();
  await page.mouse.move(markerBox.x + markerBox.width / 2, markerBox.y + markerBox.height / 2);
  await expect(message(page)).toContainText("Line 12:");
  await page.mouse.move(0, 0);
  await expect(message(page)).toBeEmpty();
});

test("a missing comma is framed, its line is marked, and the caret reads what is missing", async ({ page }) => {
  await typeInTrustPolicy(page, MISSING_COMMA);
  const editor = trustEditor(page);
  await expect(editor.locator(".backdrop .ln.fail")).toHaveText(["✗2"]);
  const mark = editor.locator(".backdrop mark.fail");
  await expect(mark).toHaveClass(/narrow/);
  // The frame makes a one-character mark visible.
  expect(await mark.evaluate((element) => getComputedStyle(element).boxShadow)).not.toBe("none");
  await clickBox(page, mark);
  await expect(message(page)).toContainText("Line 2:");
  await expect(message(page)).toContainText("is missing");
  await expect(page.locator("#editor-trust_policy-problems")).toContainText("line 2:");
  await expect(page.locator("#editor-trust_policy-problems")).toContainText("is missing");
});

test("Wrap lines: text, marks and line numbers stay together, and the choice is kept for the session", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openAt(page, linkTo(readCase(LONG_LINES)));
  const editor = trustEditor(page);
  const area = page.locator("#editor-trust_policy");
  const toggle = editor.getByRole("button", { name: "Wrap lines" });
  // Unwrapped on a laptop: the long value runs past the box.
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await expect(area).toHaveAttribute("wrap", "off");
  const mark = editor.locator(".backdrop mark.fail");
  await expect(mark).toHaveText(
    'token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:ref:refs/heads/main"',
  );
  await clickBox(page, mark);
  let at = await caretAndMark(page);
  expect(at.caret).toBeGreaterThanOrEqual(at.start);
  expect(at.caret).toBeLessThanOrEqual(at.end);

  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(area).toHaveAttribute("wrap", "soft");
  await expect(editor).toHaveClass(/\bwrap\b/);
  const boxes = await mark.evaluate((element) => element.getClientRects().length);
  // The mark wraps onto a second row and the whole value is in the box.
  expect(boxes).toBeGreaterThan(1);
  const scroll = await editor.locator(".editor-scroll").boundingBox();
  const markBox = await mark.boundingBox();
  expect(markBox.x + markBox.width).toBeLessThanOrEqual(scroll.x + scroll.width);
  // The textarea wraps as the backdrop does: as many rows, the same height.
  const heights = await area.evaluate((element) => ({
    text: element.scrollHeight,
    backdrop: element.closest(".editor").querySelector(".backdrop").getBoundingClientRect().height,
  }));
  expect(Math.abs(heights.text - heights.backdrop)).toBeLessThanOrEqual(1);
  // A click on the mark's last row puts the caret inside the mark.
  await clickBox(page, mark, -1);
  at = await caretAndMark(page);
  expect(at.caret).toBeGreaterThanOrEqual(at.start);
  expect(at.caret).toBeLessThanOrEqual(at.end);
  // Line 13's number sits beside the first row of its line, and line 14's
  // beside the row after the mark's last.
  const rows = await editor.evaluate((element) => {
    const top = (selector) => element.querySelector(selector).getBoundingClientRect().top;
    const numbers = [...element.querySelectorAll(".backdrop .ln")];
    const rowOf = (n) => numbers.find((number) => number.textContent.replace("✗", "") === String(n));
    const rects = [...element.querySelector(".backdrop mark.fail").getClientRects()];
    return {
      markTop: rects[0].top,
      markBottom: rects.at(-1).bottom,
      line13: rowOf(13).getBoundingClientRect().top,
      line14: rowOf(14).getBoundingClientRect().top,
      rowHeight: rowOf(14).getBoundingClientRect().height,
      first: top(".backdrop .row"),
    };
  });
  expect(Math.abs(rows.line13 - rows.markTop)).toBeLessThanOrEqual(rows.rowHeight / 2);
  expect(rows.line14).toBeGreaterThanOrEqual(rows.markBottom - 2);
  expect(rows.line14 - rows.line13).toBeGreaterThanOrEqual(2 * rows.rowHeight - 1);

  // Kept for the session: a reload opens wrapped.
  await page.reload();
  await page.locator("[data-decision]").waitFor();
  await expect(trustEditor(page).getByRole("button", { name: "Wrap lines" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.locator("#editor-trust_policy")).toHaveAttribute("wrap", "soft");
});

test("on a phone, lines wrap from the start and the failing value is in view", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await openAt(page, linkTo(readCase(LONG_LINES)));
  const editor = trustEditor(page);
  await expect(editor.getByRole("button", { name: "Wrap lines" })).toHaveAttribute("aria-pressed", "true");
  const mark = editor.locator(".backdrop mark.fail");
  await mark.scrollIntoViewIfNeeded();
  const scroll = await editor.locator(".editor-scroll").boundingBox();
  const markBox = await mark.boundingBox();
  expect(markBox.x + markBox.width).toBeLessThanOrEqual(scroll.x + scroll.width);
  // Nothing scrolls sideways.
  const sideways = await editor.locator(".editor-scroll").evaluate((element) => element.scrollWidth - element.clientWidth);
  expect(sideways).toBeLessThanOrEqual(0);
  await clickBox(page, mark, -1);
  await expect(message(page)).toContainText("Line 13:");
});

test("unwrapped, the line numbers stay in view when the text scrolls sideways", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await openAt(page, linkTo(readCase(LONG_LINES)));
  const scroll = trustEditor(page).locator(".editor-scroll");
  const numbers = trustEditor(page).locator(".backdrop .numbers").first();
  const before = await numbers.boundingBox();
  await scroll.evaluate((element) => element.scrollBy(200, 0));
  await expect
    .poll(() => scroll.evaluate((element) => element.scrollLeft))
    .toBeGreaterThan(0);
  const after = await numbers.boundingBox();
  expect(Math.abs(after.x - before.x)).toBeLessThanOrEqual(1);
});

test.describe("axe audit of the editor's states", () => {
  test.use({ bypassCSP: true });

  for (const colorScheme of ["light", "dark"]) {
    for (const [width, height] of [[1280, 900], [390, 844]]) {
      test(`no violation in ${colorScheme} at ${width}px: message shown, wrapped and not, a missing comma`, async ({ page }) => {
        await page.setViewportSize({ width, height });
        await page.emulateMedia({ colorScheme });
        const audit = async (state) => {
          expect(await axeViolations(page), state).toEqual([]);
        };
        await openAt(page, linkTo(readCase(LONG_LINES)));
        const editor = trustEditor(page);
        await audit("a failing mark, the hint shown");
        await clickBox(page, editor.locator(".backdrop mark.fail"));
        await expect(message(page)).toContainText("Line 13:");
        await audit("the message shown");
        await editor.getByRole("button", { name: "Wrap lines" }).click();
        await audit("wrap toggled");
        await typeInTrustPolicy(page, MISSING_COMMA);
        await expect(trustEditor(page).locator(".backdrop .ln.fail")).toHaveCount(1);
        await audit("a missing comma");
      });
    }
  }
});

// Screenshots of the editor's main states, for a person to look at; only
// when SHOTS_DIR is set (SHOTS_DIR=tests/e2e/screenshots ... editor.spec).
const shots = process.env.SHOTS_DIR;
for (const colorScheme of ["light", "dark"]) {
  for (const [device, width, height] of [["desktop", 1280, 900], ["phone", 390, 844]]) {
    test(`screenshot editor ${device} ${colorScheme}`, async ({ page }, testInfo) => {
      test.skip(!shots || testInfo.project.name !== "root", "set SHOTS_DIR to take screenshots");
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme });
      await openAt(page, linkTo(readCase(LONG_LINES)));
      const editor = trustEditor(page);
      // Unwrapped, the mark's start (a click on its end would scroll the text sideways).
      await clickBox(page, editor.locator(".backdrop mark.fail"), device === "phone" ? -1 : 0);
      await expect(message(page)).toContainText("Line 13:");
      await editor.screenshot({ path: `${shots}/editor-${device}-${colorScheme}.png` });
      if (device === "desktop") {
        await editor.getByRole("button", { name: "Wrap lines" }).click();
        await clickBox(page, editor.locator(".backdrop mark.fail"), -1);
        await editor.screenshot({ path: `${shots}/editor-${device}-${colorScheme}-wrapped.png` });
        await editor.getByRole("button", { name: "Wrap lines" }).click();
      }
      await typeInTrustPolicy(page, MISSING_COMMA);
      await clickBox(page, trustEditor(page).locator(".backdrop mark.fail"));
      await expect(message(page)).toContainText("Line 2:");
      await trustEditor(page).screenshot({ path: `${shots}/editor-${device}-${colorScheme}-missing-comma.png` });
    });
  }
}
