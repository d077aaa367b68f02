#!/usr/bin/env node
/**
 * Runs the program, building it first only when a source changed.
 *
 * The build: tsc compiles lib/, main.ts and bench/ into dist/; esbuild
 * bundles the program (dist/main.js) and its synthesis thread into one file
 * each (dist/bundle/). Resolving, reading and compiling several hundred
 * modules one by one was about a tenth of a 1,000-workload synthesis and
 * most of a small one; one file loads in a fraction of that (see README,
 * Performance). V8's code cache (vm.Script) was measured too: faster again
 * on small configs, but slower and 80 MB larger on 100 clusters × 100
 * workloads, so it is not used.
 *
 * `tsc` takes seconds even when nothing changed, several times the
 * synthesis of a typical config, so the npm scripts and cdktf.json's app go
 * through here: the build is skipped when dist/ was built from exactly the
 * current sources (paths, sizes and modification times recorded in a
 * stamp). Plain JavaScript, because it runs before anything is compiled.
 * `--build-only` builds (when needed) and stops. With IRSA_DEBUG=1, stack
 * traces go through the bundle's source map to dist/'s files and lines.
 */
"use strict";
const { spawnSync } = require("node:child_process");
const { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const stampFile = join(root, "dist", ".sources");
const bundleDir = join(root, "dist", "bundle");
const mainBundle = join(bundleDir, "main.js");

function sources() {
  const files = ["main.ts", "tsconfig.json", "tsconfig.build.json", "package-lock.json", "scripts/run.js"];
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

function build(stamp) {
  // From nothing: a module renamed or removed in the sources would
  // otherwise stay in dist/, where a require by its old path still finds it.
  rmSync(join(root, "dist"), { recursive: true, force: true });
  const tsc = require.resolve("typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
  rmSync(bundleDir, { recursive: true, force: true });
  require("esbuild").buildSync({
    entryPoints: { main: join(root, "dist", "main.js"), "synth-worker": join(root, "dist", "lib", "synthesis", "fast", "synth-worker.js") },
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    outdir: bundleDir,
    sourcemap: "linked",
    logLevel: "warning",
  });
  writeFileSync(stampFile, stamp);
}

const current = sources();
const built = existsSync(stampFile) && existsSync(mainBundle) ? readFileSync(stampFile, "utf8") : "";
if (built !== current) build(current);
if (process.argv[2] === "--build-only") process.exit(0);
if (process.env.IRSA_DEBUG === "1") process.setSourceMapsEnabled(true);
require(mainBundle);
