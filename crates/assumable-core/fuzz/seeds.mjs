// Writes the fuzz targets' seed inputs from the scenario corpus (tests/cases):
// whole scenarios for the scenario readers, each policy's text for the policy
// grammar, and a share link per case for the link decoder; for import, the
// CLI's import samples (crates/assumable-cli/tests/import) and the import
// corpus (tests/imports), the messages AWS
// printed that cases keep (`observed`) and each trust policy as a bare paste.
// Usage: node seeds.mjs <out-dir>   (makes <out-dir>/<target>/<n>)
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { allCases, encodeScenario } from "../../../tests/e2e/links.mjs";

const out = process.argv[2];
if (!out) {
  console.error("usage: node seeds.mjs <out-dir>");
  process.exit(2);
}
const dirs = {};
for (const target of ["scenario_json", "policy_text", "evaluate_and_fix", "fix_resolves", "share_link", "redact", "import"]) {
  dirs[target] = join(out, target);
  mkdirSync(dirs[target], { recursive: true });
}
const policyText = (policy) => (typeof policy === "string" ? policy : JSON.stringify(policy, null, 2));

let policies = 0;
allCases().forEach(({ text, scenario }, n) => {
  for (const target of ["scenario_json", "evaluate_and_fix", "fix_resolves", "redact"]) {
    writeFileSync(join(dirs[target], `case-${n}.json`), text);
  }
  writeFileSync(join(dirs.share_link, `case-${n}.txt`), `#s=${encodeScenario(text)}`);
  const found = [scenario?.role?.trust_policy, ...(scenario?.caller_policies?.identity ?? [])];
  for (const policy of found.filter((p) => p !== undefined && p !== null)) {
    writeFileSync(join(dirs.policy_text, `policy-${policies++}.json`), policyText(policy));
  }
  if (scenario?.observed?.message) {
    writeFileSync(join(dirs.import, `observed-${n}.txt`), scenario.observed.message);
  }
  if (scenario?.role?.trust_policy) {
    writeFileSync(join(dirs.import, `trust-${n}.json`), policyText(scenario.role.trust_policy));
  }
});

for (const folder of ["../../assumable-cli/tests/import/", "../../../tests/imports/"]) {
  const samples = new URL(folder, import.meta.url);
  for (const name of readdirSync(samples).filter((name) => !name.endsWith(".expect.json"))) {
    writeFileSync(join(dirs.import, `sample-${name}`), readFileSync(new URL(name, samples)));
  }
}
