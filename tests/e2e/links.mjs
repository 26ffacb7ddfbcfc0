// Share links for the e2e specs, built exactly as the contract says:
// `#s=` + base64url (no padding) of the raw DEFLATE (RFC 1951) of the JSON.
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { readFileSync, readdirSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const casesDir = resolve(dirname(fileURLToPath(import.meta.url)), "../cases");

/** Every case file, in every check's folder: { file, text, scenario }, where
 * `file` is the path below tests/cases (e.g. "trust.mfa/bool-true-not-passed.json"). */
export function allCases() {
  return readdirSync(casesDir, { recursive: true })
    .map((name) => name.split(sep).join("/"))
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((file) => {
      const text = readFileSync(resolve(casesDir, file), "utf8");
      return { file, text, scenario: JSON.parse(text) };
    });
}

/** One case by its path below tests/cases, e.g. "trust.mfa/bool-true-not-passed.json". */
export function readCase(file) {
  return JSON.parse(readFileSync(resolve(casesDir, file), "utf8"));
}

/** The fragment payload (after `#s=`) for a scenario object or JSON text. */
export function encodeScenario(scenario) {
  const text = typeof scenario === "string" ? scenario : JSON.stringify(scenario);
  return deflateRawSync(Buffer.from(text, "utf8")).toString("base64url");
}

/** The scenario a fragment payload holds. */
export function decodeScenario(payload) {
  return JSON.parse(inflateRawSync(Buffer.from(payload, "base64url")).toString("utf8"));
}

/** A page URL, relative to the project's base URL, that opens the scenario. */
export function linkTo(scenario, query = "") {
  return `./${query}#s=${encodeScenario(scenario)}`;
}

/** Opens the app at `url` and waits for the first render of the verdict. */
export async function openAt(page, url) {
  await page.goto(url);
  await page.locator("[data-decision]").waitFor({ timeout: 20_000 });
}

/** For `expect.poll`: the scenario the address bar holds, or `undefined`
 * while it holds none yet (the page writes it 150 ms after the last edit).
 * A poll's callback that throws ends the poll at once instead of polling
 * again, so polls read the address bar through this. */
export async function polledScenario(page) {
  const hash = await page.evaluate(() => location.hash);
  return hash.startsWith("#s=") ? decodeScenario(hash.slice(3)) : undefined;
}

/** The scenario the address bar currently holds. */
export async function scenarioInAddressBar(page) {
  const hash = await page.evaluate(() => location.hash);
  if (!hash.startsWith("#s=")) throw new Error(`no #s= fragment in ${hash.slice(0, 40)}`);
  return decodeScenario(hash.slice(3));
}

/** The share link once Redact is on: the redactor (a worker fetched the
 * first time) makes the redaction, and the field holds no link until it has
 * (`data-link` is "redacting", then "redacted"). */
export async function redactedShareLink(page) {
  const field = page.locator("#share-link");
  await field.and(page.locator('[data-link="redacted"]')).waitFor({ timeout: 20_000 });
  return field.inputValue();
}
