// The account model through the JavaScript package: Account.load over the
// dumps in tests/access/ (its README says what each holds), asked by role
// (whoCanAssume), by principal (reachableFrom) and whole (pairs), and
// checked against access() on every role, principal and option.
//
// Build first (scripts/test.sh does), then:
//   ASSUMABLE_WASM_PKG=$PWD/target/wasm-pkg/nodejs node --test crates/assumable-wasm/tests/account.mjs
// ASSUMABLE_WASM_PKG (an absolute path) overrides where the package is looked for.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const pkgDir = process.env.ASSUMABLE_WASM_PKG ?? join(root, "target/wasm-pkg/nodejs");
const wasm = createRequire(import.meta.url)(join(pkgDir, "assumable_wasm.js"));

const dumps = ["first-account.json", "second-account.json", "outside-trusts.json"].map((name) => ({
  source: name,
  text: readFileSync(join(root, "tests/access", name), "utf8"),
}));

const first = (name) => `arn:aws:iam::111111111111:${name}`;
const second = (name) => `arn:aws:iam::222222222222:${name}`;
const alice = first("user/alice");
const bob = first("user/bob");
const carol = first("user/carol");
const local = first("role/Local");
const vendor = first("role/Vendor");
const tagged = first("role/Tagged");
const deploy = second("role/Deploy");
const audit = second("role/Audit");

function load() {
  const answer = wasm.Account.load(dumps);
  assert.equal(answer.ok, true, JSON.stringify(answer.error));
  return answer.account;
}

const pair = (principal, role, result, more = {}) => ({
  principal,
  role,
  result,
  requires: more.requires ?? [],
  failing: more.failing ?? [],
  via: more.via ?? [],
});

/** principal → role (result), for readable failures. */
const brief = (pairs) => pairs.map((p) => `${p.principal} → ${p.role} (${p.result}${p.via.length ? ` via ${p.via}` : ""})`);

test("Account.load reads every principal and role of the dumps once", () => {
  const account = load();
  assert.deepEqual(account.unrecognized, []);
  assert.deepEqual(account.notes, []);
  assert.deepEqual(account.principals.slice(0, 6), [alice, bob, carol, local, vendor, tagged]);
  assert.equal(account.principals.length, 12, "3 users and 9 roles as their sessions");
  assert.deepEqual(account.roles.slice(0, 5), [local, vendor, tagged, deploy, audit]);
  assert.equal(account.roles.length, 9);
});

test("whoCanAssume answers what tests/access/README.md says of each role", () => {
  const account = load();
  // Local trusts its account: alice's inline policy and carol's group policy allow; bob has none.
  assert.deepEqual(account.whoCanAssume(local), [pair(alice, local, "allow"), pair(carol, local, "allow")]);
  // Vendor wants an external ID: conditional, and what the call must carry.
  assert.deepEqual(account.whoCanAssume(vendor), [
    pair(alice, vendor, "conditional", { requires: ["sts:ExternalId=abc"] }),
    pair(carol, vendor, "conditional", { requires: ["sts:ExternalId=abc"] }),
  ]);
  // Tagged wants aws:PrincipalTag/team = ops: carol only.
  assert.deepEqual(account.whoCanAssume(tagged), [pair(carol, tagged, "allow")]);
  // Deploy, in the second account, trusts alice by name.
  assert.deepEqual(account.whoCanAssume(deploy), [pair(alice, deploy, "allow")]);
  // Audit trusts the role Local; alice and carol reach it through Local (chains are on by default).
  assert.deepEqual(account.whoCanAssume(audit), [
    pair(local, audit, "allow"),
    pair(alice, audit, "allow", { via: [local] }),
    pair(carol, audit, "allow", { via: [local] }),
  ]);
  assert.deepEqual(account.whoCanAssume(audit, { chains: false }), [pair(local, audit, "allow")]);
  // The outside-trusts roles trust no principal of the dumps.
  assert.deepEqual(account.whoCanAssume("arn:aws:iam::333333333333:role/Partner"), []);
});

test("whoCanAssume with all lists the near misses with their failing checks", () => {
  const account = load();
  const everyone = account.whoCanAssume(local, { all: true });
  assert.deepEqual(
    everyone.find((p) => p.principal === bob),
    pair(bob, local, "deny", { failing: ["identity.allow"] }),
  );
  assert.equal(everyone.filter((p) => p.principal === local).length, 0, "a role is not asked about assuming itself");
  assert.equal(everyone.length, 11, "every other principal of the dumps");
  const tag = account.whoCanAssume(tagged, { all: true }).find((p) => p.principal === alice);
  assert.deepEqual(tag.failing, ["trust.conditions"], "alice lacks the team tag");
});

test("reachableFrom answers what each principal can assume, chains included by default", () => {
  const account = load();
  assert.deepEqual(account.reachableFrom(alice), [
    pair(alice, local, "allow"),
    pair(alice, vendor, "conditional", { requires: ["sts:ExternalId=abc"] }),
    pair(alice, deploy, "allow"),
    pair(alice, audit, "allow", { via: [local] }),
  ]);
  assert.deepEqual(brief(account.reachableFrom(alice, { chains: false })), brief(account.reachableFrom(alice).slice(0, 3)));
  assert.deepEqual(brief(account.reachableFrom(carol)), [
    `${carol} → ${local} (allow)`,
    `${carol} → ${vendor} (conditional)`,
    `${carol} → ${tagged} (allow)`,
    `${carol} → ${audit} (allow via ${local})`,
  ]);
  assert.deepEqual(account.reachableFrom(local), [pair(local, audit, "allow")], "a role's sessions");
  assert.deepEqual(account.reachableFrom(bob), [], "bob has no policy");
  const bobAll = account.reachableFrom(bob, { all: true });
  assert.equal(bobAll.length, 9, "every role, each denied");
  assert.ok(bobAll.every((p) => p.result === "deny" && p.failing.includes("identity.allow")), JSON.stringify(bobAll));
  assert.deepEqual(account.reachableFrom("arn:aws:iam::999999999999:user/nobody"), []);
});

// Every role and principal, every option: the one-side queries are access()
// filtered, in access()'s order. Asked first on a fresh account (a role's or
// a principal's pairs computed from that side alone), then again once the
// whole set is known (filtered from it).
const optionSets = [undefined, {}, { all: true }, { chains: false }, { all: true, chains: false }, { chains: true }, { all: true, chains: true }];

function accessPairs(options) {
  const all = options?.all ?? false;
  const chains = options?.chains ?? true; // the queries' default
  const answer = wasm.access(dumps, { all, chains });
  assert.equal(answer.ok, true);
  return answer.access.pairs;
}

function checkAgainstAccess(account, label) {
  for (const options of optionSets) {
    const expected = accessPairs(options);
    for (const role of account.roles) {
      assert.deepEqual(
        account.whoCanAssume(role, options),
        expected.filter((p) => p.role === role),
        `${label}: whoCanAssume(${role}, ${JSON.stringify(options)})`,
      );
    }
    for (const principal of account.principals) {
      assert.deepEqual(
        account.reachableFrom(principal, options),
        expected.filter((p) => p.principal === principal),
        `${label}: reachableFrom(${principal}, ${JSON.stringify(options)})`,
      );
    }
  }
}

test("whoCanAssume and reachableFrom agree with access() on every role, principal and option", () => {
  // Direct pairs only, on fresh accounts: answered from one side.
  for (const options of [{ chains: false }, { all: true, chains: false }]) {
    const fresh = load();
    const expected = accessPairs(options);
    for (const role of fresh.roles) {
      assert.deepEqual(fresh.whoCanAssume(role, options), expected.filter((p) => p.role === role), `fresh: ${role}`);
    }
    const fresher = load();
    for (const principal of fresher.principals) {
      assert.deepEqual(fresher.reachableFrom(principal, options), expected.filter((p) => p.principal === principal), `fresh: ${principal}`);
    }
  }
  // Then everything, on one account whose whole set becomes known.
  checkAgainstAccess(load(), "one account");
});

test("pairs(options) is access(dumps, options)", () => {
  const account = load();
  for (const options of [undefined, {}, { all: true }, { chains: true }, { all: true, chains: true }, { all: false, chains: false }]) {
    const answer = wasm.access(dumps, options);
    assert.deepEqual(account.pairs(options), answer.access.pairs, JSON.stringify(options));
    // Asked twice, the kept answer is the same and a fresh copy.
    const again = account.pairs(options);
    assert.deepEqual(again, answer.access.pairs);
    again.length = 0;
    assert.deepEqual(account.pairs(options), answer.access.pairs);
  }
  assert.deepEqual(account.pairs().length, 7, "the direct pairs that are not plain denies");
});

test("scenarioOf is the single case of a pair, and evaluates to the pair's answer", () => {
  const account = load();
  for (const p of account.pairs({ all: true })) {
    const scenario = account.scenarioOf(p.principal, p.role);
    assert.equal(typeof scenario, "object", `${p.principal} → ${p.role}`);
    assert.equal(scenario.request.caller.includes(p.principal.split(":")[4]), true);
    assert.equal(scenario.request.role_arn, p.role);
    const decided = wasm.decide(scenario);
    assert.equal(decided.ok, true, JSON.stringify(decided.error));
    assert.equal(decided.decision, p.result === "allow" ? "allow" : "deny", `${p.principal} → ${p.role}`);
    if (p.result === "deny") assert.deepEqual(decided.failing, p.failing, `${p.principal} → ${p.role}`);
  }
  // The conditional pair with what it requires is allowed.
  const vendorCase = account.scenarioOf(alice, vendor);
  vendorCase.request.external_id = "abc";
  assert.equal(wasm.decide(vendorCase).decision, "allow");
  assert.equal(account.scenarioOf(alice, "arn:aws:iam::111111111111:role/Nope"), undefined);
  assert.equal(account.scenarioOf("arn:aws:iam::111111111111:user/nobody", local), undefined);
});

test("findings: the principals outside the dumps that roles trust, riskiest first", () => {
  const account = load();
  const findings = account.findings();
  assert.deepEqual(
    findings.map((f) => [f.role.split(":").pop(), f.severity]),
    [
      ["role/GitHubDeploy", "high"],
      ["role/Partner", "medium"],
      ["role/OrgReader", "info"],
      ["role/Ec2Worker", "info"],
    ],
  );
  assert.equal(findings[1].principal, "arn:aws:iam::999999999999:root");
  assert.match(findings[1].detail, /external ID/);
});

test("bad input is an answer with a clear error, never a throw", () => {
  for (const notDumps of ["not an array", 42, null, undefined, {}, [{ source: "x" }], [{ text: 1 }]]) {
    const answer = wasm.Account.load(notDumps);
    assert.equal(answer.ok, false, JSON.stringify(notDumps));
    assert.match(answer.error.message, /expected an array of \{ source, text \} objects/);
    assert.deepEqual([answer.error.line, answer.error.column], [0, 0]);
  }
  // A text that is no authorization-details output is listed, the others still read.
  const answer = wasm.Account.load([{ source: "hello.txt", text: "hello" }, dumps[0]]);
  assert.equal(answer.ok, true);
  const { account } = answer;
  assert.equal(account.unrecognized.length, 1);
  assert.equal(account.unrecognized[0].source, "hello.txt");
  assert.match(account.unrecognized[0].error, /get-account-authorization-details/);
  assert.deepEqual(account.whoCanAssume(local, { chains: false }), [pair(alice, local, "allow"), pair(carol, local, "allow")]);
  // The same as access() says of the same inputs.
  assert.deepEqual(account.unrecognized, wasm.access([{ source: "hello.txt", text: "hello" }, dumps[0]]).access.unrecognized);
  // A broken dump: an answer, not a throw.
  const broken = wasm.Account.load([{ source: "cut.json", text: dumps[0].text.slice(0, 500) }]);
  assert.equal(broken.ok, true);
  assert.equal(broken.account.unrecognized.length, 1);
  assert.deepEqual(broken.account.pairs({ all: true }), []);
  // ARNs that are not strings name nothing; options that are not objects are the defaults.
  assert.deepEqual(account.whoCanAssume(42), []);
  assert.deepEqual(account.reachableFrom(undefined), []);
  assert.equal(account.scenarioOf(null, local), undefined);
  assert.deepEqual(account.whoCanAssume(local, "all"), account.whoCanAssume(local));
  // An empty list is an empty account.
  const empty = wasm.Account.load([]);
  assert.equal(empty.ok, true);
  assert.deepEqual([empty.account.principals, empty.account.roles, empty.account.pairs()], [[], [], []]);
});

test("a role admitting the account only from some addresses is conditional on the range", () => {
  const text = readFileSync(join(root, "tests/access/source-address.json"), "utf8");
  const answer = wasm.Account.load([{ source: "source-address.json", text }]);
  assert.equal(answer.ok, true, JSON.stringify(answer.error));
  const dana = "arn:aws:iam::444444444444:user/dana";
  const role = (name) => `arn:aws:iam::444444444444:role/${name}`;
  assert.deepEqual(answer.account.reachableFrom(dana, { chains: false }), [
    pair(dana, role("Office"), "conditional", { requires: ["aws:SourceIp in 203.0.113.0/24"] }),
    pair(dana, role("OfficeButNotLab"), "conditional", {
      requires: ["aws:SourceIp in 198.51.100.0/24 except 198.51.100.128/25"],
    }),
    pair(dana, role("OfficeVendor"), "conditional", {
      requires: ["aws:SourceIp in 192.0.2.0/24", "sts:ExternalId=x1-office"],
    }),
    pair(dana, role("DenyOutsideOffice"), "conditional", { requires: ["aws:SourceIp in 203.0.113.0/24"] }),
  ]);
});

test("a role's session needing MFA is conditional on it, and a role's tags are the call's resource tags", () => {
  const text = readFileSync(join(root, "tests/access/sessions-and-boundaries.json"), "utf8");
  const answer = wasm.Account.load([{ source: "sessions-and-boundaries.json", text }]);
  assert.equal(answer.ok, true, JSON.stringify(answer.error));
  const arn = (kind, name) => `arn:aws:iam::555555555555:${kind}/${name}`;
  const mfaOnly = answer.account.whoCanAssume(arn("role", "MfaOnly"));
  assert.deepEqual(
    mfaOnly.filter((found) => found.result !== "deny" && found.via.length === 0),
    [
      pair(arn("user", "eng/erin"), arn("role", "MfaOnly"), "conditional", { requires: ["MFA"] }),
      pair(arn("role", "Worker"), arn("role", "MfaOnly"), "conditional", { requires: ["MFA"] }),
    ],
  );
  const gina = answer.account
    .reachableFrom(arn("user", "gina"), { chains: false })
    .map((found) => found.role);
  assert.deepEqual(gina, [arn("role", "access-peg-engineering")]);
});
