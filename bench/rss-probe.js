/**
 * Preloaded into every node process of a benchmarked command
 * (NODE_OPTIONS=--require <this file>): at exit, appends "<pid> <maxRSS KB>"
 * to the file named by IRSA_BENCH_RSS_FILE. The bench takes the largest
 * value over the process tree (npm, tsc, the app, ts-node, cdktf's CLI),
 * which no single process can report about its children.
 *
 * Plain JavaScript: node loads it before anything is compiled. Worker
 * threads share their process's RSS, so a repeated pid is harmless.
 */
"use strict";
const { appendFileSync } = require("node:fs");

const file = process.env.IRSA_BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    try {
      appendFileSync(file, `${process.pid} ${process.resourceUsage().maxRSS}\n`);
    } catch {
      // A probe must never change how the measured command ends.
    }
  });
}
