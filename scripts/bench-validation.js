#!/usr/bin/env node
/**
 * How long validation takes on inputs that once hung or crawled, beside a
 * large valid file: `npm run build && node scripts/bench-validation.js`.
 * Times are medians of a few runs, in one process, after a warm-up; the
 * tests never assert them.
 */
"use strict";
const { join } = require("node:path");

const dist = join(__dirname, "..", "dist", "lib", "config");
let load;
let source;
try {
  load = require(join(dist, "load.js"));
  source = require(join(dist, "source.js"));
} catch {
  console.error("bench-validation: dist/ is missing; run `npm run build` first.");
  process.exit(2);
}

const RUNS = Number(process.env.RUNS || 3);

/** A valid file: `clusters` clusters of `workloads` workloads each. */
function validFile(clusters, workloads) {
  const lines = ["clusters:"];
  for (let c = 0; c < clusters; c++) {
    lines.push(`  - name: c${c}`, "    region: eu-west-1", `    accountId: "1111222233${String(c).padStart(2, "0")}"`, "    workloads:");
    for (let w = 0; w < workloads; w++) {
      lines.push(
        `      - namespace: ns${w}`,
        `        serviceAccount: sa${w}`,
        "        policyStatements:",
        "          - actions: [s3:GetObject, s3:PutObject]",
        `            resources: ["arn:aws:s3:::bucket-${w}/*"]`,
        `        tags: { team: t${w} }`,
      );
    }
  }
  return lines.join("\n") + "\n";
}

/** One problem per workload: a namespace with capitals. */
function problemsFile(problems) {
  const lines = ["clusters:", "  - name: prod", "    region: eu-west-1", "    workloads:"];
  for (let i = 0; i < problems; i++) lines.push(`      - { namespace: Bad${i}, serviceAccount: sa, managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess] }`);
  return lines.join("\n") + "\n";
}

/** "Billion laughs": nine levels of nine aliases each, 9^9 values if expanded. */
function aliasBomb() {
  const lines = ["clusters: []", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(",")}]`);
  return lines.join("\n") + "\n";
}

/** 100,000 nested lists. */
function deepFile() {
  return `clusters: ${"[".repeat(100000)}${"]".repeat(100000)}\n`;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(text) {
  const parse = [];
  const check = [];
  let result;
  for (let i = 0; i < RUNS + 1; i++) {
    const t0 = process.hrtime.bigint();
    const parsed = source.parseConfigText("bench.yaml", text);
    const t1 = process.hrtime.bigint();
    result = load.checkSource(parsed);
    const t2 = process.hrtime.bigint();
    if (i === 0) continue; // warm-up
    parse.push(Number(t1 - t0) / 1e6);
    check.push(Number(t2 - t1) / 1e6);
  }
  return { parse: median(parse), check: median(check), problems: result.errors.length, valid: result.config !== undefined };
}

const cases = [
  ["valid, 100 clusters x 100 workloads", validFile(100, 100)],
  ["3,000 problems", problemsFile(3000)],
  ["30,000 problems", problemsFile(30000)],
  ["alias bomb (9^9 values)", aliasBomb()],
  ["100,000 nested lists", deepFile()],
];

const rows = [["input", "size", "problems", "parse", "validate", "total"]];
for (const [name, text] of cases) {
  const t = time(text);
  rows.push([name, text.length < 10240 ? `${(text.length / 1024).toFixed(1)} KiB` : `${(text.length / 1024).toFixed(0)} KiB`, t.valid ? "valid" : String(t.problems), `${t.parse.toFixed(0)} ms`, `${t.check.toFixed(0)} ms`, `${(t.parse + t.check).toFixed(0)} ms`]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  "));
console.log(`node ${process.version}, median of ${RUNS} runs after a warm-up`);
