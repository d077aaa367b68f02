#!/usr/bin/env node
/**
 * `npm run mutation`: StrykerJS (stryker.config.mjs) over each safety module
 * in turn, each with the tests that exercise it (IRSA_MUTATION_TESTS of
 * jest.mutation.config.js): one run over all four modules with every test
 * would rerun the stack-synthesizing tests for each mutant of
 * lib/model/addresses.ts, hours on two cores. Each run fails below 80%
 * (`thresholds.break`), and so does this script when any run fails.
 * Arguments name the modules to run (`npm run mutation -- lib/config/policies.ts`);
 * none, all of them. Each run's report is reports/mutation/<module>.json.
 */
"use strict";
const { spawnSync } = require("node:child_process");
const { basename, join } = require("node:path");

const root = join(__dirname, "..");
const POLICY_TESTS = "config/policies.test.ts,config/validate.test.ts,config/policy-checks.test.ts";

/** Each module, and the tests its mutants run against (none named: every test of jest.mutation.config.js). */
const MODULES = [
  // The tests that spell the trust documents out; every test of jest.mutation.config.js takes about a minute a mutant (over two hours).
  // Beside them, the trusts of shared roles, of roles in other accounts and of add-ons, evaluated as IAM would.
  { mutate: "lib/model/trust-statements.ts", tests: "model/trust-statements.test.ts,model/cluster-trust.test.ts,constructs/trust-policy.test.ts,model/iam-policy.test.ts,constructs/shared-role.test.ts,constructs/cross-account.test.ts,constructs/addon-identity.test.ts" },
  // The module is one table: its mutants are static, and tested too.
  { mutate: "lib/aws/administrator.ts", tests: POLICY_TESTS, static: true },
  { mutate: "lib/config/policies.ts", tests: POLICY_TESTS },
  // Pure allocation tests; test/model/addresses.test.ts holds synthesized stacks to the allocation in `npm test`.
  { mutate: "lib/model/addresses.ts", tests: "model/address-allocation.test.ts" },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !MODULES.some((m) => m.mutate === w));
if (unknown.length > 0) {
  console.error(`Not a module of npm run mutation: ${unknown.join(", ")}. Use one of ${MODULES.map((m) => m.mutate).join(", ")}.`);
  process.exit(2);
}
const failed = [];
for (const module of MODULES.filter((m) => wanted.length === 0 || wanted.includes(m.mutate))) {
  console.log(`\n== ${module.mutate} (tests: ${module.tests ?? "all of jest.mutation.config.js"}${module.static ? ", static mutants included" : ""})`);
  const env = { ...process.env, IRSA_MUTATION_REPORT: `reports/mutation/${basename(module.mutate, ".ts")}.json` };
  delete env.IRSA_MUTATION_TESTS;
  delete env.IRSA_MUTATION_STATIC;
  if (module.tests) env.IRSA_MUTATION_TESTS = module.tests;
  if (module.static) env.IRSA_MUTATION_STATIC = "1";
  const run = spawnSync(process.execPath, [join(root, "node_modules", "@stryker-mutator", "core", "bin", "stryker.js"), "run", "stryker.config.mjs", "--mutate", module.mutate], { cwd: root, env, stdio: "inherit" });
  if (run.status !== 0) failed.push(module.mutate);
}
if (failed.length > 0) {
  console.error(`\nMutation score below the bar, or the run failed: ${failed.join(", ")}`);
  process.exit(1);
}
