// Benchmark: parse + evaluate of a typical and a large scenario through the
// wasm build in node, as a JavaScript caller sees it (JSON string in,
// JavaScript object out). Prints microseconds per evaluation; asserts nothing.
//
//   node crates/assumable-wasm/bench/evaluate.mjs [PKG_DIR]
// PKG_DIR is a `wasm-pack build --profile speed --target nodejs` output
// (scripts/bench-wasm.sh builds one).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../..");
const pkg = path.resolve(process.argv[2] ?? process.env.ASSUMABLE_WASM_PKG ?? "target/wasm-pkg/bench-nodejs");
const wasm = createRequire(import.meta.url)(path.join(pkg, "assumable_wasm.js"));

const typical = readFileSync(path.join(root, "tests/cases/allow/external-id.json"), "utf8");
const failing = readFileSync(path.join(root, "tests/cases/trust.external_id/not-passed.json"), "utf8");

function large() {
  const scenario = JSON.parse(typical);
  const statements = [];
  for (let i = 0; i < 12; i++) {
    statements.push({
      Sid: `Trust${i}`,
      Effect: "Allow",
      Principal: { AWS: [`arn:aws:iam::11111111111${i % 10}:root`, `arn:aws:iam::2222222222${10 + i}:role/ci-${i}`] },
      Action: ["sts:AssumeRole", "sts:TagSession"],
      Condition: { StringEquals: { "sts:ExternalId": `id-${i}` }, StringLike: { "aws:PrincipalArn": `arn:aws:iam::*:role/ci-${i}*` } },
    });
  }
  scenario.role.trust_policy.Statement.push(...statements);
  const identity = [];
  for (let i = 0; i < 10; i++) {
    identity.push({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:Get*", "sts:AssumeRole"], Resource: `arn:aws:iam::*:role/team-${i}-*` }] });
  }
  scenario.caller_policies.identity.push(...identity);
  scenario.caller_policies.scps = [0, 1, 2, 3, 4].map(() => [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }]);
  return JSON.stringify(scenario);
}

// Several timed rounds after a warm-up: V8's tiers and the machine's noise
// move single runs by a third; the fastest round and the median are shown.
function time(call) {
  for (let i = 0; i < 2000; i++) call(); // warm up
  const rounds = [];
  for (let round = 0; round < 7; round++) {
    let runs = 0;
    const started = process.hrtime.bigint();
    while (process.hrtime.bigint() - started < 300_000_000n) {
      for (let i = 0; i < 100; i++) call();
      runs += 100;
    }
    rounds.push(Number(process.hrtime.bigint() - started) / 1000 / runs);
  }
  rounds.sort((a, b) => a - b);
  return `${rounds[0].toFixed(1).padStart(7)} µs (median ${rounds[3].toFixed(1)})`;
}

function measure(name, text) {
  const answer = wasm.evaluate(text);
  if (!answer.ok) throw new Error(`${name}: ${answer.error.message}`);
  console.log(`${name} (decision ${answer.report.decision})`);
  console.log(`  evaluate, report as JS objects ${time(() => wasm.evaluate(text))}`);
  if (wasm.evaluate_decision) {
    console.log(`  evaluate, decision only        ${time(() => wasm.evaluate_decision(text))}`);
  }
  if (wasm.convert_only) {
    console.log(`  report to JS objects only      ${time(() => wasm.convert_only(text))}`);
  }
  // A floor for any conversion: V8's own parser building the same objects.
  const reportText = JSON.stringify(answer.report);
  console.log(`  JSON.parse of the report text  ${time(() => JSON.parse(reportText))} (${reportText.length} bytes)`);
}

console.log(`assumable-wasm ${wasm.version()} from ${pkg}`);
measure("typical (allow)", typical);
measure("typical (deny, with fix)", failing);
measure("large (12 stmts, 11 ids, 5 SCPs)", large());
