/**
 * `npm run mutation` (StrykerJS, stryker.config.mjs): the tests of the
 * safety modules only, so that each mutant costs seconds, not the whole suite.
 */
const base = require("./jest.config");

/** The tests that exercise the safety modules. */
const TESTS = [
  "**/test/model/trust-statements.test.ts",
  "**/test/model/cluster-trust.test.ts",
  "**/test/constructs/trust-policy.test.ts",
  "**/test/model/iam-policy.test.ts",
  "**/test/model/address-allocation.test.ts",
  "**/test/model/addresses.test.ts",
  "**/test/constructs/cluster-stack.test.ts",
  "**/test/config/policies.test.ts",
  "**/test/config/policy-checks.test.ts",
  "**/test/config/validate.test.ts",
  "**/test/config/oidc-provider.test.ts",
  "**/test/config/adoption.test.ts",
  "**/test/config/previous-names.test.ts",
  "**/test/config/workload.test.ts",
  "**/test/config/properties.test.ts",
  "**/test/report/report.test.ts",
  "**/test/constructs/cross-account.test.ts",
  "**/test/constructs/shared-role.test.ts",
  "**/test/constructs/addon-identity.test.ts",
  "**/test/config/accounts.test.ts",
];

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  // Stryker runs one mutant at a time in one jest; its own sandbox is the root.
  maxWorkers: 1,
  // IRSA_MUTATION_TESTS narrows the tests (comma-separated paths below test/): scripts/mutation.js names each module's.
  testMatch: process.env.IRSA_MUTATION_TESTS ? process.env.IRSA_MUTATION_TESTS.split(",").map((t) => `**/test/${t}`) : TESTS,
};
