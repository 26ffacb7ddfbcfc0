// From navigation to the verdict, on a slow 4G network: how long a person who
// opens a share link waits for the answer. Debian's Chromium (headless) with
// its network throttled through the DevTools protocol
// (Network.emulateNetworkConditions: 150 ms round trip, 1.6 Mbit/s down,
// 750 kbit/s up; the CPU is not slowed), against a page served as deployed
// (scripts/lighthouse.sh starts nginx and runs this). A benchmark, not a test.
//
//   node bench/throttled-verdict.mjs URL [--runs N]
//
// For each link (a denied and an allowed case of tests/cases): N cold loads
// (a new browser context: empty cache) and N warm ones (the same context
// again: the hashed files come from the HTTP cache, index.html and the rest
// are revalidated; service workers are blocked, so this is the HTTP cache
// alone). Prints first contentful paint and the verdict ([data-decision] in
// the page), both from the navigation's start, fastest and median, and the
// bytes the navigation and its resources took over the network.
import { chromium } from "playwright-core";
import { parseArgs } from "node:util";
import { encodeScenario, readCase } from "../tests/e2e/links.mjs";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: "string", default: "3" } },
});
const base = positionals[0];
if (!base) {
  console.error("usage: node bench/throttled-verdict.mjs URL [--runs N]");
  process.exit(2);
}
const runs = Number(values.runs);

const SLOW_4G = {
  offline: false,
  latency: 150, // ms, added to each round trip
  downloadThroughput: (1.6 * 1e6) / 8, // bytes/s
  uploadThroughput: (750 * 1e3) / 8,
};

const links = [
  ["a denied case (trust.mfa/bool-true-not-passed)", "trust.mfa/bool-true-not-passed.json"],
  ["an allowed case (allow/cross-account)", "allow/cross-account.json"],
].map(([label, file]) => [label, new URL(`./#s=${encodeScenario(readCase(file))}`, base).href]);

const browser = await chromium.launch({
  executablePath: process.env.CHROME_BIN ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

// Set before any script of the page: when the verdict first shows, and the
// first contentful paint, both in ms from the navigation's start.
function watchVerdict() {
  window.__verdictAt = null;
  new MutationObserver((_, observer) => {
    if (window.__verdictAt === null && document.querySelector("[data-decision]")) {
      window.__verdictAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
}

async function load(page, url) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", SLOW_4G);
  await page.goto("about:blank");
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction(() => window.__verdictAt !== null, null, { timeout: 120_000, polling: 50 });
  const timing = await page.evaluate(() => ({
    verdict: window.__verdictAt,
    fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
    transferred: performance
      .getEntriesByType("resource")
      .concat(performance.getEntriesByType("navigation"))
      .reduce((sum, entry) => sum + (entry.transferSize || 0), 0),
  }));
  await cdp.detach();
  return timing;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
function summary(label, timings) {
  const verdicts = timings.map((t) => t.verdict);
  const fcps = timings.map((t) => t.fcp);
  const kib = median(timings.map((t) => t.transferred)) / 1024;
  console.log(
    `  ${label.padEnd(5)} verdict ${seconds(Math.min(...verdicts))} fastest, ${seconds(median(verdicts))} median;` +
      ` first paint ${seconds(median(fcps))} median; ${kib.toFixed(0)} KiB over the network`,
  );
}

console.log(`slow 4G (150 ms RTT, 1.6 Mbit/s down), ${runs} runs each, from ${base}`);
for (const [label, url] of links) {
  const cold = [];
  const warm = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ serviceWorkers: "block" });
    await context.addInitScript(watchVerdict);
    const page = await context.newPage();
    cold.push(await load(page, url));
    warm.push(await load(page, url));
    await context.close();
  }
  console.log(label);
  summary("cold", cold);
  summary("warm", warm);
}
await browser.close();
