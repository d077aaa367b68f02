/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // The slowest checks (Terraform itself, publication killed at every step)
  // are `*.slow.test.ts`, run by `npm run test:slow` (jest.slow.config.js).
  testPathIgnorePatterns: ["/node_modules/", "\\.slow\\.test\\.ts$"],
  // One test file per core: jest's default leaves one core to itself, which
  // on two cores runs the files one at a time.
  maxWorkers: "100%",
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  // swc strips types only; `npm test` type-checks with tsc beside jest (scripts/test.js).
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  testTimeout: 60000,
};
