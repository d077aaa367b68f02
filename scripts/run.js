#!/usr/bin/env node
/**
 * Runs the program, building it first only when a source changed.
 *
 * The build: tsc compiles lib/, main.ts and bench/ into dist/; esbuild
 * bundles the program (dist/main.js) and its synthesis thread into one file
 * each (dist/bundle/); one run of the bundle on a small config leaves V8's
 * compiled code beside it (dist/bundle/main.js.cache). Loading several
 * hundred modules (resolving, reading and compiling each) was about a
 * quarter of the time of a 1,000-workload synthesis; one file, compiled
 * from the cache, takes a fraction of that (see README, Performance).
 * V8 checks the cache against the source and its own version and flags,
 * and compiles as usual when it does not fit.
 *
 * `tsc` takes seconds even when nothing changed, several times the
 * synthesis of a typical config, so the npm scripts and cdktf.json's app go
 * through here: the build is skipped when dist/ was built from exactly the
 * current sources (paths, sizes and modification times recorded in a
 * stamp). Plain JavaScript, because it runs before anything is compiled.
 * `--build-only` builds (when needed) and stops.
 */
"use strict";
const { spawnSync } = require("node:child_process");
const { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { tmpdir } = require("node:os");
const { dirname, join } = require("node:path");
const vm = require("node:vm");

const root = join(__dirname, "..");
const stampFile = join(root, "dist", ".sources");
const bundleDir = join(root, "dist", "bundle");
const mainBundle = join(bundleDir, "main.js");
const codeCache = `${mainBundle}.cache`;
/** Set for the build's warm-up run: write the code cache when the run ends. */
const WRITE_CACHE = "IRSA_WRITE_CODE_CACHE";

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
  const tsc = require.resolve("typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
  rmSync(bundleDir, { recursive: true, force: true });
  require("esbuild").buildSync({
    entryPoints: { main: join(root, "dist", "main.js"), "synth-worker": join(root, "dist", "lib", "synth-worker.js") },
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    outdir: bundleDir,
    // Shown with IRSA_DEBUG=1: stack traces then name dist/'s files and lines.
    sourcemap: "linked",
    logLevel: "warning",
  });
  writeFileSync(stampFile, stamp);
  warmCodeCache();
}

/**
 * Runs the bundle once on a synthetic config with every feature (bench's
 * generator), in HCL mode, which runs what JSON mode runs and the renderer:
 * the cache then holds the code a synthesis runs. Without it (should the
 * run fail), the program compiles as it loads, as before.
 */
function warmCodeCache() {
  const dir = mkdtempSync(join(tmpdir(), "irsa-gen-build-"));
  try {
    const config = join(dir, "warm-up.yaml");
    writeFileSync(config, require(join(root, "dist", "bench", "configs.js")).syntheticYaml(1, 40));
    const env = { ...process.env, [WRITE_CACHE]: "1", IRSA_CONFIG: config, CDKTF_OUTDIR: join(dir, "out"), CHECKPOINT_DISABLE: "1" };
    // A debug run loads the bundle without the cache (see runBundle).
    delete env.IRSA_DEBUG;
    const run = spawnSync(process.execPath, [__filename, "--hcl"], { cwd: dir, env, encoding: "utf8" });
    if (run.status !== 0) console.error(`irsa-gen build: the code cache was not written (the warm-up run failed):\n${run.stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the bundle as node runs a CommonJS module, compiled with the code
 * cache when there is one that fits.
 */
function runBundle() {
  if (process.env.IRSA_DEBUG === "1") {
    // Stack traces through the source map, which node applies to the modules it loads itself.
    process.setSourceMapsEnabled(true);
    require(mainBundle);
    return;
  }
  const source = readFileSync(mainBundle, "utf8");
  let cachedData;
  try {
    cachedData = readFileSync(codeCache);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: mainBundle, cachedData });
  if (process.env[WRITE_CACHE] === "1") {
    delete process.env[WRITE_CACHE];
    // At the end, when the code the run needed is compiled; by a rename, so a reader never sees half a file.
    process.once("exit", () => {
      writeFileSync(`${codeCache}.tmp`, script.createCachedData());
      renameSync(`${codeCache}.tmp`, codeCache);
    });
  }
  const bundleModule = { exports: {}, filename: mainBundle, id: mainBundle, loaded: false };
  script.runInThisContext().call(bundleModule.exports, bundleModule.exports, createRequire(mainBundle), bundleModule, mainBundle, dirname(mainBundle));
}

const current = sources();
const built = existsSync(stampFile) && existsSync(mainBundle) ? readFileSync(stampFile, "utf8") : "";
if (built !== current) build(current);
if (process.argv[2] === "--build-only") process.exit(0);
runBundle();
