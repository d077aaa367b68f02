/**
 * `node unprivileged.js <where> <dir> <config>`: runs a "not writable" case
 * (not-writable.ts, through ts-node with swc) and prints its result as JSON.
 * test/cli.test.ts starts it as an unprivileged user when it runs as root.
 */
"use strict";
const { join } = require("node:path");

require("ts-node").register({ swc: true, transpileOnly: true, project: join(__dirname, "..", "..", "tsconfig.json") });
const { notWritable } = require("./not-writable.ts");

const [where, dir, config] = process.argv.slice(2);
notWritable(where, dir, config).then(
  (result) => process.stdout.write(JSON.stringify(result)),
  (error) => {
    process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 2;
  },
);
