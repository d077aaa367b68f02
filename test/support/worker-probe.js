/**
 * Preloaded (`node --require`) into the program by test/main.slow.test.ts:
 * counts the worker threads the program starts, from which file, and the
 * answers they send back, and writes that as JSON to $IRSA_WORKER_PROBE
 * when the process exits. Nothing is printed; nothing else changes.
 */
"use strict";
const threads = require("node:worker_threads");
const { writeFileSync } = require("node:fs");

if (threads.isMainThread && process.env.IRSA_WORKER_PROBE) {
  const seen = { started: [], answered: 0, exited: [] };
  const Original = threads.Worker;
  threads.Worker = class extends Original {
    constructor(file, ...rest) {
      super(file, ...rest);
      seen.started.push(String(file));
      this.on("message", () => seen.answered++);
      this.on("exit", (code) => seen.exited.push(code));
    }
  };
  process.on("exit", () => writeFileSync(process.env.IRSA_WORKER_PROBE, JSON.stringify(seen)));
}
