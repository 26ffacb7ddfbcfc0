// Account-wide access in the page, end to end: from choosing the dumps'
// files in "Who can assume what" to the summary of every pair, in Debian's
// Chromium (headless), against the page served as deployed. The access
// worker answers, so the page's own thread stays free: the benchmark also
// times how long the page takes to answer a keystroke while the worker works
// (the slowest of several, in ms). A benchmark, not a test.
//
//   node bench/access-page.mjs URL DUMP.json... [--runs N]
//
// scripts/bench-access-page.sh writes the generated organizations' dumps,
// serves the build and runs this.
import { chromium } from "playwright-core";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: "string", default: "3" } },
});
const [base, ...dumps] = positionals;
if (!base || dumps.length === 0) {
  console.error("usage: node bench/access-page.mjs URL DUMP.json... [--runs N]");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROME_BIN ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const times = [];
for (let run = 0; run < Number(values.runs); run++) {
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  await page.goto(base);
  await page.locator("#account-toggle").click();
  // The worker's code is fetched and compiled before the clock starts: the
  // time is the answer's, not the download's.
  await page.locator("#account-text").fill('{"UserDetailList": [], "RoleDetailList": [], "GroupDetailList": [], "Policies": []}');
  await page.getByRole("button", { name: "Add and answer" }).click();
  await page.locator(".account-summary").waitFor();
  await page.getByRole("button", { name: "Forget the outputs" }).click();

  const started = Date.now();
  await page.locator("#account-files").setInputFiles(dumps);
  // Keystrokes while the worker answers: how long each takes to reach the
  // page's input (the page answers input on its own thread).
  const lags = [];
  while (!(await page.locator(".account-summary").count())) {
    const lag = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const area = document.querySelector("#account-search") ?? document.querySelector("#account-text");
          const sent = performance.now();
          area.addEventListener("input", () => resolve(performance.now() - sent), { once: true });
          area.value += "x";
          area.dispatchEvent(new InputEvent("input", { bubbles: true }));
        }),
    );
    lags.push(lag);
    await page.waitForTimeout(100);
  }
  const elapsed = Date.now() - started;
  const summary = await page.locator(".account-summary").innerText();
  const memory = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
  times.push(elapsed);
  console.log(
    `run ${run + 1}: ${(elapsed / 1000).toFixed(1)} s from choosing the files to the summary; ` +
      `slowest keystroke ${Math.max(0, ...lags).toFixed(0)} ms of ${lags.length}; page heap ${(memory / 2 ** 20).toFixed(0)} MiB\n  ${summary}`,
  );
  await context.close();
}
await browser.close();
times.sort((a, b) => a - b);
console.log(`fastest ${(times[0] / 1000).toFixed(1)} s, median ${(times[Math.floor(times.length / 2)] / 1000).toFixed(1)} s`);
