// Screenshots for a person to look at (light and dark, laptop and phone).
// Only when SHOTS_DIR is set: SHOTS_DIR=/tmp/shots npx playwright test ... screenshots
import { test } from "./fixtures.mjs";
import { linkTo, openAt, readCase } from "./links.mjs";

const dir = process.env.SHOTS_DIR;

for (const colorScheme of ["light", "dark"]) {
  for (const [width, height] of [[1280, 900], [390, 844]]) {
    test(`screenshot ${colorScheme} ${width}`, async ({ page }, testInfo) => {
      test.skip(!dir || testInfo.project.name !== "root", "set SHOTS_DIR to take screenshots");
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme });
      await openAt(page, linkTo(readCase("trust.principal/exact-role-arn-principal.json")));
      await page.screenshot({ path: `${dir}/${colorScheme}-${width}.png`, fullPage: width < 600 ? false : false });
      await page.screenshot({ path: `${dir}/${colorScheme}-${width}-full.png`, fullPage: true });
      await page.locator("#examples-toggle").click();
      await page.screenshot({ path: `${dir}/${colorScheme}-${width}-examples.png` });
      await page.locator("#examples-toggle").click();
      // A location clicked: the editor scrolls to the span, selects and flashes it.
      await page.locator("button.location").first().click();
      await page.waitForTimeout(1500);
      await page.screenshot({ path: `${dir}/${colorScheme}-${width}-located.png` });
      // A broken link: the message, with the last work kept.
      await openAt(page, "./?broken#s=not-a-scenario");
      await page.screenshot({ path: `${dir}/${colorScheme}-${width}-broken.png` });
    });
  }
}
