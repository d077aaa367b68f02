#!/usr/bin/env node
/**
 * `npm test`: the type-check (tsc --noEmit, tests included) and jest, side
 * by side. tsc runs on one core for several seconds; before jest, the other
 * core would wait. Arguments go to jest (`npm test -- test/hcl.test.ts`).
 * tsc's findings are printed after jest's, and either failing fails the run.
 * jest runs with --ci: a snapshot that is missing fails instead of being written.
 */
"use strict";
const { spawn } = require("node:child_process");
const { join } = require("node:path");

const root = join(__dirname, "..");

function run(args, stdio) {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio });
    let output = "";
    child.stdout?.on("data", (d) => (output += d));
    child.stderr?.on("data", (d) => (output += d));
    child.on("close", (code, signal) => done({ code: code ?? (signal ? 1 : 0), output }));
  });
}

async function main() {
  const typecheck = run([require.resolve("typescript/bin/tsc"), "--noEmit", "-p", root], ["ignore", "pipe", "pipe"]);
  // --ci: a missing snapshot fails the run everywhere, as in CI; snapshots
  // are reviewed like code and written on purpose (`npx jest -u <file>`).
  const tests = run([require.resolve("jest/bin/jest"), "--ci", ...process.argv.slice(2)], "inherit");
  const [types, jest] = await Promise.all([typecheck, tests]);
  if (types.code !== 0) {
    process.stderr.write(types.output);
    process.stderr.write("\nThe type-check (tsc --noEmit) failed.\n");
  }
  process.exitCode = types.code !== 0 ? types.code : jest.code;
}

main();
