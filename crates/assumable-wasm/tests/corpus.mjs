// Runs every scenario in tests/cases/<check-id>/*.json through the wasm build in
// node and compares the decision and the failing check ids with the case's
// "expect". Each case is one test, named by its path below tests/cases without
// ".json" (e.g. trust.mfa/bool-true-not-passed).
//
// Build first (scripts/test.sh does):
//   wasm-pack build --target nodejs --mode no-install --out-dir ../../target/wasm-pkg/nodejs crates/assumable-wasm
// then: node --test crates/assumable-wasm/tests/corpus.mjs
// ASSUMABLE_WASM_PKG overrides where the package is looked for.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const pkgDir = process.env.ASSUMABLE_WASM_PKG ?? join(root, "target/wasm-pkg/nodejs");
const wasm = createRequire(import.meta.url)(join(pkgDir, "assumable_wasm.js"));
const casesDir = join(root, "tests/cases");
// Relative paths with "/" (the corpus has one folder per check).
const caseFiles = readdirSync(casesDir, { recursive: true })
  .map((name) => name.split(sep).join("/"))
  .filter((name) => name.endsWith(".json"))
  .sort();

test("the corpus is not empty", () => {
  assert.ok(caseFiles.length > 0, `no *.json in ${casesDir}`);
});

test("version() answers the crate version", () => {
  const cargoToml = readFileSync(join(root, "Cargo.toml"), "utf8");
  const workspaceVersion = /\[workspace\.package\][^[]*?version\s*=\s*"([^"]+)"/.exec(cargoToml)?.[1];
  assert.equal(wasm.version(), workspaceVersion);
});

for (const file of caseFiles) {
  test(file.replace(/\.json$/, ""), () => {
    const text = readFileSync(join(casesDir, file), "utf8");
    const expect = JSON.parse(text).expect;
    assert.ok(expect, `${file} has no "expect"`);

    const answer = wasm.evaluate(text);
    assert.equal(answer.ok, true, `the scenario is read: ${JSON.stringify(answer.error)}`);
    const { report } = answer;

    // The JSON text and the decision alone say the same.
    assert.deepEqual(JSON.parse(wasm.evaluateJson(text)), answer, "evaluateJson is evaluate as text");
    const decided = wasm.decide(text);
    assert.deepEqual(
      { decision: decided.decision, failing: decided.failing },
      { decision: report.decision, failing: report.checks.filter((c) => c.status === "fail").map((c) => c.id) },
    );

    // The object path takes the same road as the text path.
    assert.deepEqual(wasm.evaluate(JSON.parse(text)), answer, "object and text give the same answer");

    const failing = report.checks.filter((check) => check.status === "fail").map((check) => check.id);
    const summary = `decision ${report.decision}, failing [${failing.join(", ")}]`;
    if (expect.decision !== undefined) {
      assert.equal(report.decision, expect.decision, `decision (${summary})`);
    }
    assert.deepEqual([...failing].sort(), [...(expect.failing ?? [])].sort(), `failing ids (${summary})`);

    // Every fix says what it changes, the same way through JavaScript.
    for (const check of report.checks) {
      const fixes = [check.fix, ...(check.alternatives ?? [])].filter(Boolean);
      for (const fix of fixes) {
        assert.ok(["policy", "request", "advice"].includes(fix.changes), `${check.id}: changes ${fix.changes}`);
        assert.ok(["safe", "unsafe"].includes(fix.applicability), `${check.id}: applicability`);
        assert.equal(fix.changes === "advice", fix.edits.length === 0, `${check.id}: advice has no edits`);
      }
      const wanted = expect.fixes?.[check.id];
      if (wanted !== undefined) {
        assert.deepEqual(fixes.map((fix) => `${fix.changes}/${fix.applicability}`), wanted, `${check.id}: fix kinds`);
      }
    }
  });
}

// The import corpus (tests/imports/, see its README) through importText:
// each paste is recognised as its format and fills exactly what its
// expectation says, as the core's tests/imports.rs checks natively.
const importsDir = join(root, "tests/imports");
const importNames = readdirSync(importsDir)
  .filter((name) => name.endsWith(".expect.json"))
  .map((name) => name.slice(0, -".expect.json".length))
  .sort();

/** The value at a dotted path; a key holding dots or colons in brackets. */
function at(value, path) {
  let current = value;
  let rest = path;
  while (rest !== "") {
    let key;
    if (rest.startsWith("[")) {
      const end = rest.indexOf("]");
      key = rest.slice(1, end);
      rest = rest.slice(end + 1);
    } else {
      const match = /^[^.[]*/.exec(rest)[0];
      key = match;
      rest = rest.slice(match.length);
    }
    if (current === null || typeof current !== "object" || !(key in current)) return undefined;
    current = current[key];
    if (rest.startsWith(".")) rest = rest.slice(1);
  }
  return current;
}

const isEmpty = (value) =>
  value === undefined ||
  value === null ||
  value === "" ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);

test("the import corpus is not empty", () => {
  assert.ok(importNames.length >= 20, `${importNames.length} pastes in ${importsDir}`);
});

for (const name of importNames) {
  test(`import/${name}`, () => {
    const expect = JSON.parse(readFileSync(join(importsDir, `${name}.expect.json`), "utf8"));
    const pasteFile = readdirSync(importsDir).find((file) => file.startsWith(`${name}.`) && !file.endsWith(".expect.json"));
    const text = readFileSync(join(importsDir, pasteFile), "utf8");
    const answer = wasm.importText(text);
    assert.equal(answer.ok, true, JSON.stringify(answer.error));
    const { outcome } = answer;
    assert.deepEqual(outcome.unrecognized ?? [], [], "recognised");
    assert.equal(outcome.recognized[0].format, expect.format);
    // Compared as JSON, as the native test compares the scenario's JSON.
    const scenario = JSON.parse(JSON.stringify(outcome.scenario));
    for (const [path, wanted] of Object.entries(expect.fills ?? {})) {
      const found = at(scenario, path);
      if (wanted === true) assert.ok(!isEmpty(found), `${path} is empty`);
      else assert.deepEqual(found, wanted, path);
    }
    for (const path of expect.absent ?? []) {
      assert.ok(isEmpty(at(scenario, path)), `${path} should stay absent, is ${JSON.stringify(at(scenario, path))}`);
    }
    if (expect.evidence !== undefined) assert.deepEqual(outcome.recognized[0].evidence, expect.evidence);
  });
}

// Account-wide access through the package: the dumps in tests/access/ (its
// README says what each holds), as the CLI's tests read them.
test("access answers who can assume what across the dumps, chains included", () => {
  const dumps = ["first-account.json", "second-account.json"].map((name) => ({
    source: name,
    text: readFileSync(join(root, "tests/access", name), "utf8"),
  }));
  const answer = wasm.access(dumps, { chains: true });
  assert.equal(answer.ok, true, JSON.stringify(answer.error));
  const find = (principal, role) =>
    answer.access.pairs.find((pair) => pair.principal.endsWith(principal) && pair.role.endsWith(role));
  assert.deepEqual(find("user/alice", "role/Vendor"), {
    principal: "arn:aws:iam::111111111111:user/alice",
    role: "arn:aws:iam::111111111111:role/Vendor",
    result: "conditional",
    requires: ["sts:ExternalId=abc"],
    failing: [],
    via: [],
  });
  assert.deepEqual(find("user/alice", "role/Audit").via, ["arn:aws:iam::111111111111:role/Local"]);
  assert.equal(find("user/bob", "role/Local"), undefined, "denied pairs only with all");
  assert.equal(wasm.access(dumps, { all: true }).access.pairs.find((p) => p.principal.endsWith("user/bob") && p.role.endsWith("role/Local")).result, "deny");
  // Never throws: a wrong argument is an answer.
  assert.equal(wasm.access("not an array").ok, false);
  assert.equal(wasm.access([{ source: "x", text: "hello" }]).access.unrecognized.length, 1);
});

test("evaluateJson and decide never throw on what is no scenario", () => {
  assert.equal(JSON.parse(wasm.evaluateJson("{")).ok, false);
  assert.equal(wasm.decide(42).ok, false);
});

test("a scenario's text crosses into wasm as UTF-8: non-ASCII kept, a lone surrogate as U+FFFD", () => {
  const scenario = (name) =>
    `{"name": "${name}", "request": {"caller": "arn:aws:iam::111111111111:user/a", "role_arn": "arn:aws:iam::111111111111:role/r"},` +
    ` "role": {"trust_policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:user/a"}, "Action": "sts:AssumeRole"}]}}}`;
  const plain = wasm.evaluate(scenario("plain"));
  assert.equal(plain.ok, true);
  for (const name of ["Café ☕ 😀", "lone \uD800 surrogate"]) {
    const answer = wasm.evaluate(scenario(name));
    assert.equal(answer.ok, true, JSON.stringify(answer.error));
    assert.equal(answer.report.decision, plain.report.decision);
  }
  // A zero-width space inside the caller is read as the character it is.
  const hidden = wasm.decide(scenario("x").replace("user/a\"", "user/\u200ba\""));
  assert.equal(hidden.ok, true);
  assert.notDeepEqual(hidden.failing, []);
  // A long text crosses by another path (TextEncoder, from 512 UTF-16
  // units): the same answers, non-ASCII and a lone surrogate included.
  const long = (name) => scenario(`${name} ${"é😀".repeat(400)} \uD800`);
  assert.ok(long("x").length > 1000);
  assert.deepEqual(wasm.decide(long("x")), wasm.decide(scenario("x")));
  // An object is read through its JSON text, by the same path. (JSON.stringify
  // writes a lone surrogate as an escape, which JSON text may not hold: that
  // object is refused with why, never thrown on.)
  const longObject = JSON.parse(scenario(`x ${"é😀".repeat(400)}`));
  assert.deepEqual(wasm.decide(longObject), wasm.decide(scenario("x")));
  assert.equal(wasm.decide(JSON.parse(long("x"))).ok, false);
  const longHidden = wasm.decide(long("x").replace("user/a\"", "user/\u200ba\""));
  assert.deepEqual(longHidden, hidden);
  assert.equal(wasm.evaluate(long("Café")).report.decision, plain.report.decision);
});

test("a text longer than a scenario may be is refused with why, before it is copied in", () => {
  const limit = 4 * 1024 * 1024;
  const over = `{"name": "${"x".repeat(limit)}"}`;
  for (const answer of [wasm.decide(over), JSON.parse(wasm.evaluateJson(over)), wasm.evaluate(over)]) {
    assert.equal(answer.ok, false);
    assert.match(answer.error.message, new RegExp(`at most ${limit} are accepted`));
  }
  // Refused on its count of UTF-16 units, before the text is encoded.
  assert.match(wasm.decide(over).error.message, /^the scenario is at least \d+ bytes/);
  // One byte over, written as UTF-8 (a two-byte character within the limit
  // of UTF-16 units), is refused by the reading itself, with the same words.
  const wide = `{"name": "${"é".repeat(limit / 2)}"}`;
  assert.ok(wide.length <= limit);
  assert.match(wasm.decide(wide).error.message, new RegExp(`at most ${limit} are accepted`));
});
