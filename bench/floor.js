#!/usr/bin/env node
/**
 * The benchmark's floor: node starting and loading every package that
 * irsa-gen's code imports at run time (cdktf, constructs, yaml, js-yaml,
 * zod, the single-resource provider modules, ...), then exiting. Run through
 * npm (`npm run bench:floor`) the same way as `npm run synth`. irsa-gen
 * itself loads one bundle of these packages (see scripts/run.js), which is
 * faster than loading them one by one: on small configs "synth − floor"
 * is below zero, and on large ones it is what synthesis itself takes.
 *
 * The list is read from lib/ on every run rather than written down here, so
 * the floor follows the code: a new provider module in lib/ is a new module
 * here. Plain JavaScript, so that nothing has to be compiled first.
 * `--list` prints the modules instead of loading them.
 */
"use strict";
const { readdirSync, readFileSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");

/**
 * Bare specifiers of value imports (not `import type`, not relative, not
 * node:), and of packages lib/ loads only when needed (`require("x")`,
 * `import("x")`): the floor stays every package irsa-gen may load, so what
 * a run does not load counts in its favour.
 */
function runtimeImports(dir, found = new Set()) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) runtimeImports(path, found);
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
      const text = readFileSync(path, "utf8");
      const imports = text.matchAll(/^import\s+(?!type\s)(?:[^;]*?\sfrom\s+)?"([^"]+)"/gm);
      const lazy = text.matchAll(/\b(?:require|import)\("([^"]+)"\)/g);
      for (const m of [...imports, ...lazy]) {
        const specifier = m[1];
        if (!specifier.startsWith(".") && !specifier.startsWith("node:")) found.add(specifier);
      }
    }
  }
  return found;
}

const modules = [...runtimeImports(join(root, "lib"))].sort();
if (process.argv.includes("--list")) {
  for (const m of modules) console.log(m);
} else {
  for (const m of modules) require(require.resolve(m, { paths: [root] }));
}
