#!/usr/bin/env node
/**
 * `npm run schema`: regenerates irsa.schema.json from the program's
 * `schema` command, replacing the file only when the command succeeded (a
 * shell redirect would empty it on a failed build).
 */
"use strict";
const { spawnSync } = require("node:child_process");
const { renameSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const run = spawnSync(process.execPath, [join(__dirname, "run.js"), "schema"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
if (run.status !== 0) {
  console.error("schema: irsa.schema.json left as it was.");
  process.exit(run.status ?? 1);
}
const target = join(root, "irsa.schema.json");
writeFileSync(`${target}.tmp`, run.stdout);
renameSync(`${target}.tmp`, target);
