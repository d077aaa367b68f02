// @ts-check
/**
 * Mutation testing (StrykerJS) of the safety modules: the trust statements,
 * the addresses and the ledger law, the policy checks, administrator
 * detection. Not part of `npm test`. `npm run mutation` (scripts/mutation.js)
 * runs it once per module, with the tests of that module
 * (IRSA_MUTATION_TESTS, see jest.mutation.config.js); a run of its own
 * mutates every module of `mutate` against every test of
 * jest.mutation.config.js. Mutants run one at a time (two cores). The
 * clear-text report at the end gives the score and every surviving mutant;
 * below 80% the run fails.
 *
 * Static mutants (in module-level tables and constants, evaluated once when
 * a module loads) are ignored: no per-test coverage can tell which tests they
 * touch, so each would rerun every test (about 17 s: 3.5 hours for the ~750
 * of these modules on two cores). What they change is held by the tests that
 * spell the expected documents out literally.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const config = {
  mutate: ["lib/model/trust-statements.ts", "lib/model/addresses.ts", "lib/config/policies.ts", "lib/aws/administrator.ts"],
  testRunner: "jest",
  jest: { projectType: "custom", configFile: "jest.mutation.config.js", enableFindRelatedTests: false },
  coverageAnalysis: "perTest",
  // IRSA_MUTATION_STATIC=1 tests them too, best with IRSA_MUTATION_TESTS naming a few fast tests (jest.mutation.config.js).
  ignoreStatic: process.env.IRSA_MUTATION_STATIC !== "1",
  concurrency: 1,
  timeoutMS: 60000,
  reporters: ["clear-text", "progress", "json"],
  // scripts/mutation.js names one report per module.
  jsonReporter: { fileName: process.env.IRSA_MUTATION_REPORT ?? "reports/mutation/mutation.json" },
  thresholds: { high: 90, low: 80, break: 80 },
  ignorePatterns: ["dist", "reports", "bench/results", "cdktf.out", ".stryker-tmp"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
export default config;
