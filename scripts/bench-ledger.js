#!/usr/bin/env node
/**
 * What the ledger and its law cost beside a whole synthesis, at 100
 * clusters x 100 workloads and 1 x 1000: `npm run build && node
 * scripts/bench-ledger.js`. The synthesis is the program as `npm run synth`
 * runs it (the bundle, in a child process, wall time), each run
 * regenerating over the previous output with the ledger of the previous
 * run, as users do; the ledger's share is reading the previous ledger, the
 * law, and rendering the new one, timed alone in this process on the same
 * config. Medians of a few runs after a warm-up; the tests never assert
 * them.
 */
"use strict";
const { spawnSync } = require("node:child_process");
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

const dist = join(__dirname, "..", "dist", "lib");
const bundle = join(__dirname, "..", "dist", "bundle", "main.js");
let load;
let ledger;
try {
  load = require(join(dist, "config", "load.js"));
  ledger = require(join(dist, "output", "ledger.js"));
  require.resolve(bundle);
} catch {
  console.error("bench-ledger: dist/ is missing; run `npm run build` first.");
  process.exit(2);
}

const RUNS = Number(process.env.RUNS || 3);

/** `clusters` clusters of `workloads` workloads each, every one with what the law reads: policies, a namespace, a service account. */
function configText(clusters, workloads) {
  const lines = ["clusters:"];
  for (let c = 0; c < clusters; c++) {
    lines.push(`  - name: c${c}`, "    region: eu-west-1", `    accountId: "1111222233${String(c).padStart(2, "0")}"`, `    oidcIssuerUrl: https://oidc.eks.eu-west-1.amazonaws.com/id/C${c}`, "    workloads:");
    for (let w = 0; w < workloads; w++) {
      lines.push(
        `      - namespace: ns${w % 20}`,
        `        serviceAccount: sa${w}`,
        "        createNamespace: true",
        `        protect: ${w % 2 === 0}`,
        "        managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]",
        "        policyStatements:",
        "          - actions: [s3:GetObject]",
        `            resources: ["arn:aws:s3:::bucket-${w}/*"]`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(clusters, workloads) {
  const dir = mkdtempSync(join(tmpdir(), "irsa-bench-ledger-"));
  try {
    const file = join(dir, "irsa.yaml");
    writeFileSync(file, configText(clusters, workloads));
    const result = load.loadConfig(file);
    if (!result.config) throw new Error(result.errors.join("\n"));
    const config = result.config;
    const ledgerFile = join(dir, "irsa.ledger.json");
    const env = { ...process.env, CDKTF_OUTDIR: join(dir, "out"), CHECKPOINT_DISABLE: "1" };
    delete env.CI;
    const whole = [];
    const law = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const t0 = process.hrtime.bigint();
      const run = spawnSync(process.execPath, [bundle, "synth", file], { env, encoding: "utf8" });
      const t1 = process.hrtime.bigint();
      if (run.status !== 0) throw new Error(`synth failed:\n${run.stderr}`);
      const previous = ledger.parseLedger(readFileSync(ledgerFile, "utf8"));
      const verdict = ledger.judge(previous, config, previous);
      ledger.renderLedger(verdict.next);
      const t2 = process.hrtime.bigint();
      if (i === 0) continue; // warm-up, and the first run has no previous ledger
      whole.push(Number(t1 - t0) / 1e6);
      law.push(Number(t2 - t1) / 1e6);
    }
    return { whole: median(whole), law: median(law), bytes: readFileSync(ledgerFile).length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const rows = [["config", "npm run synth (with the ledger)", "ledger and law alone", "share", "ledger file"]];
  for (const [clusters, workloads] of [
    [100, 100],
    [1, 1000],
  ]) {
    const t = await measure(clusters, workloads);
    rows.push([`${clusters} x ${workloads}`, `${t.whole.toFixed(0)} ms`, `${t.law.toFixed(0)} ms`, `${((100 * t.law) / t.whole).toFixed(1)} %`, `${(t.bytes / 1024).toFixed(0)} KiB`]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  "));
  console.log(`node ${process.version}, median of ${RUNS} runs after a warm-up; the program in a child process, the ledger in this one`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
