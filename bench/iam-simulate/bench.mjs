// Benchmark, not a test: per-pair time of Assumable's decision path (the
// package's decide(), a `--profile speed` build) against
// @cloud-copilot/iam-simulate's runSimulation on the same request, in one
// node run. Each pair is a scenario (from the account fixtures through
// Account.scenarioOf, or from the case corpus); the same policies and request
// become iam-simulate's Simulation. Both decisions are printed, and a pair
// on which they disagree is said, not timed.
//
//   scripts/bench-iam-simulate.sh      (builds the package, installs iam-simulate)
//   node bench/iam-simulate/bench.mjs PKG_DIR
//
// iam-simulate (AGPL-3.0) is this benchmark's dev dependency only: installed
// in bench/iam-simulate/node_modules and run here, never bundled or shipped.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { runSimulation, runUnsafeSimulation } from "@cloud-copilot/iam-simulate";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const pkg = path.resolve(process.argv[2] ?? process.env.ASSUMABLE_WASM_PKG ?? "target/wasm-pkg/bench-nodejs");
const wasm = createRequire(import.meta.url)(path.join(pkg, "assumable_wasm.js"));
const simulateVersion = JSON.parse(
  readFileSync(path.join(here, "node_modules/@cloud-copilot/iam-simulate/package.json"), "utf8"),
).version;

// The pairs: four kinds the issue names, and two more.
const dumps = ["first-account.json", "second-account.json"].map((name) => ({
  source: name,
  text: readFileSync(path.join(root, "tests/access", name), "utf8"),
}));
const loaded = wasm.Account.load(dumps);
if (!loaded.ok) throw new Error(loaded.error.message);
const account = loaded.account;
const arn = (account, name) => `arn:aws:iam::${account}:${name}`;
const fromDumps = (principal, role) => {
  const scenario = account.scenarioOf(principal, role);
  if (scenario === undefined) throw new Error(`no pair ${principal} → ${role}`);
  return scenario;
};
const fromCorpus = (file) => {
  const scenario = JSON.parse(readFileSync(path.join(root, "tests/cases", file), "utf8"));
  delete scenario.expect;
  return scenario;
};
const pairs = [
  ["same account, user → role (allow)", fromDumps(arn(111111111111, "user/alice"), arn(111111111111, "role/Local"))],
  ["cross account, trust names the user (allow)", fromDumps(arn(111111111111, "user/alice"), arn(222222222222, "role/Deploy"))],
  ["cross account, external ID passed (allow)", fromCorpus("allow/external-id.json")],
  ["cross account, external ID missing (deny)", fromCorpus("trust.external_id/not-passed.json")],
  ["no identity policy allows (deny)", fromDumps(arn(111111111111, "user/bob"), arn(111111111111, "role/Local"))],
  ["boundary does not allow (deny)", fromCorpus("boundary.allow/same-account-root-trust.json")],
];

/** A scenario's policy: an object as it is, text as JSON. */
const policy = (source) => (typeof source === "string" ? JSON.parse(source) : source);

/** The same request for iam-simulate: identity policies, boundary, the trust
 * policy as the role's resource policy, and the context the call carries. */
function simulationOf(scenario) {
  const request = scenario.request;
  const contextVariables = {};
  for (const [key, value] of Object.entries(request.context ?? {})) {
    contextVariables[key] = Array.isArray(value) ? value.map(String) : String(value);
  }
  if (request.external_id !== undefined && request.external_id !== null) {
    contextVariables["sts:ExternalId"] = request.external_id;
  }
  const callerPolicies = scenario.caller_policies ?? {};
  const boundary = callerPolicies.permissions_boundary;
  return {
    request: {
      principal: request.caller,
      action: request.action ?? "sts:AssumeRole",
      resource: { resource: request.role_arn, accountId: request.role_arn.split(":")[4] },
      contextVariables,
    },
    identityPolicies: (callerPolicies.identity ?? []).map((source, i) => ({ name: `identity${i}`, policy: policy(source) })),
    permissionBoundaryPolicies: boundary ? [{ name: "boundary", policy: policy(boundary) }] : undefined,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: policy(scenario.role.trust_policy),
  };
}

const verdict = { Allowed: "allow", ImplicitlyDenied: "deny", ExplicitlyDenied: "deny" };

// Timed rounds after a warm-up, as crates/assumable-wasm/bench/evaluate.mjs,
// but interleaved: each round times every contender in turn (0.2 s each),
// so that the other work on this shared machine weighs on all of them alike;
// each contender's fastest round and median are shown, and the ratio is the
// median over rounds of iam-simulate's time over ours in the same round.
const ROUNDS = 9;
const ROUND_NS = 200_000_000n;
async function run(call, isAsync, ns) {
  let runs = 0;
  const started = process.hrtime.bigint();
  while (process.hrtime.bigint() - started < ns) {
    if (isAsync) for (let i = 0; i < 20; i++) await call();
    else for (let i = 0; i < 20; i++) call();
    runs += 20;
  }
  return Number(process.hrtime.bigint() - started) / 1000 / runs;
}
/** contenders: { name: [call, isAsync] } → { name: [µs per round] } */
async function race(contenders) {
  const entries = Object.entries(contenders);
  for (const [, [call, isAsync]] of entries) await run(call, isAsync, 100_000_000n); // warm up
  const rounds = Object.fromEntries(entries.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, [call, isAsync]] of entries) rounds[name].push(await run(call, isAsync, ROUND_NS));
  }
  return rounds;
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fastest = (values) => Math.min(...values);
const us = (values) => `${fastest(values).toFixed(1).padStart(7)} µs (median ${median(values).toFixed(1).padStart(6)})`;
const ratioOf = (theirs, ours) => median(theirs.map((t, round) => t / ours[round]));

console.log(`assumable-wasm ${wasm.version()} (${pkg}) against @cloud-copilot/iam-simulate ${simulateVersion}, node ${process.version}`);
console.log(`per call: fastest of ${ROUNDS} interleaved rounds of 0.2 s (median); ratio: iam-simulate / decide(JSON text), median of the rounds\n`);
const summary = [];
for (const [name, scenario] of pairs) {
  const text = JSON.stringify(scenario);
  const simulation = simulationOf(scenario);
  const ours = wasm.decide(text);
  if (!ours.ok) throw new Error(`${name}: ${ours.error.message}`);
  const theirs = await runSimulation(simulation, {});
  if (theirs.resultType !== "single") {
    console.log(`${name}: iam-simulate gave ${theirs.resultType}: ${JSON.stringify(theirs.errors ?? theirs)}\n`);
    continue;
  }
  const theirDecision = verdict[theirs.overallResult] ?? theirs.overallResult;
  const agree = ours.decision === theirDecision;
  console.log(`${name}`);
  console.log(`  decisions: assumable ${ours.decision}${ours.failing.length ? ` [${ours.failing.join(", ")}]` : ""}, iam-simulate ${theirs.overallResult}${agree ? " (same)" : " (DIFFERENT: not timed)"}`);
  if (!agree) {
    console.log("");
    continue;
  }
  // Its path without validation, where it runs: 0.1.173's throws on any
  // resource policy (it loads it without the name it then reads).
  let unsafe;
  try {
    unsafe = verdict[runUnsafeSimulation(simulation, {})] === theirDecision;
  } catch (error) {
    console.log(`  (iam-simulate runUnsafeSimulation throws here, not timed: ${error.message})`);
  }
  const contenders = {
    decideText: [() => wasm.decide(text), false],
    decideObject: [() => wasm.decide(scenario), false],
    simulate: [() => runSimulation(simulation, {}), true],
  };
  if (unsafe) contenders.unsafe = [() => runUnsafeSimulation(simulation, {}), false];
  // Where our time goes, with the benchmark-only exports (--features bench).
  if (wasm.read_only && wasm.decide_only) {
    contenders.read = [() => wasm.read_only(text), false];
    contenders.decided = [() => wasm.decide_only(text), false];
  }
  const t = await race(contenders);
  const ratio = ratioOf(t.simulate, t.decideText);
  console.log(`  assumable decide(JSON text)                ${us(t.decideText)}`);
  console.log(`  assumable decide(object)                   ${us(t.decideObject)}`);
  if (t.read) {
    console.log(`    reading the JSON text alone              ${us(t.read)}`);
    console.log(`    reading + deciding, no answer object     ${us(t.decided)}`);
  }
  console.log(`  iam-simulate runSimulation                 ${us(t.simulate)}   ${ratio.toFixed(1)}× ours`);
  if (t.unsafe) console.log(`  iam-simulate runUnsafeSimulation           ${us(t.unsafe)}   ${ratioOf(t.unsafe, t.decideText).toFixed(1)}× ours`);
  console.log("");
  summary.push({ name, ours: t.decideText, simulate: t.simulate, ratio, read: t.read });
}

// Account-wide, the pairs never cross into JavaScript one by one: access()
// over the two fixture accounts, every pair answered (load included), per pair.
const every = wasm.access(dumps, { all: true }).access.pairs.length;
const accessRounds = (await race({ access: [() => wasm.access(dumps, { all: true }), false] })).access.map((t) => t / every);
console.log(`account-wide: access(dumps, { all: true }) over tests/access's two accounts, ${every} pairs`);
console.log(`  per pair (load of the dumps included)      ${us(accessRounds)}\n`);

console.log("| pair | assumable `decide` | iam-simulate `runSimulation` | ratio |");
console.log("| --- | --- | --- | --- |");
for (const row of summary) {
  const range = (values) => `${fastest(values).toFixed(0)}–${median(values).toFixed(0)} µs`;
  console.log(`| ${row.name} | ${range(row.ours)} | ${range(row.simulate)} | ${row.ratio.toFixed(0)}× |`);
}
