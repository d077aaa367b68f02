/** `npm run test:slow`: the checks too slow for `npm test` (see jest.config.js). */
const base = require("./jest.config");

/** @type {import('jest').Config} */
module.exports = { ...base, testMatch: ["**/*.slow.test.ts"], testPathIgnorePatterns: ["/node_modules/"] };
