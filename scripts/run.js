#!/usr/bin/env node
/**
 * Runs the compiled program, compiling it first only when a source changed.
 *
 * `tsc` takes about 2 s on every call even when nothing changed, several
 * times the synthesis of a typical config, so the synth scripts and
 * cdktf.json's app go through here: the build is skipped when dist/ was
 * built from exactly the current sources (paths, sizes and modification
 * times recorded in a stamp). Plain JavaScript, because it runs before
 * anything is compiled. `--build-only` builds (when needed) and stops.
 */
"use strict";
const { spawnSync } = require("node:child_process");
const { existsSync, readdirSync, readFileSync, statSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const stampFile = join(root, "dist", ".sources");

function sources() {
  const files = ["main.ts", "tsconfig.json", "tsconfig.build.json", "package-lock.json"];
  const walk = (dir, deep) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) deep && walk(path, deep);
      else if (entry.name.endsWith(".ts")) files.push(path);
    }
  };
  // What tsconfig.build.json includes.
  walk("lib", true);
  walk("bench", false);
  return files
    .filter((f) => existsSync(join(root, f)))
    .sort()
    .map((f) => {
      const s = statSync(join(root, f));
      return `${f} ${s.size} ${s.mtimeMs}`;
    })
    .join("\n");
}

const current = sources();
const built = existsSync(stampFile) && existsSync(join(root, "dist", "main.js")) ? readFileSync(stampFile, "utf8") : "";
if (built !== current) {
  const tsc = require.resolve("typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stampFile, current);
}
if (process.argv[2] === "--build-only") process.exit(0);
require(join(root, "dist", "main.js"));
