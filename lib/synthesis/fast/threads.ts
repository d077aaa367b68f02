/**
 * Synthesis threads: the main thread and its helpers share out the
 * clusters of a large config.
 *
 * - Every thread takes the next cluster from one shared counter (largest
 *   clusters first), so the threads stay busy alike whatever a cluster
 *   costs, and whenever a helper starts.
 * - The main thread synthesizes too: a helper costs a whole cdktf and its
 *   providers to load (about half a second) and their memory, so there is
 *   one helper fewer than cores.
 * - Helpers can be started once the config is parsed (`prepareThreads`),
 *   so that they load cdktf while the main thread validates it.
 * - A single cluster is one stack, one thread's work: the main thread's.
 *   Handing it to a helper that loads cdktf while the main thread
 *   validates was measured slower on two cores (module loading keeps
 *   V8's background threads busy, and validation slows down beside it).
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { compare } from "../../common/compare";
import type { ClusterConfig } from "../../model/model";
import { fastPathHolds, installedCdktfVersion } from "./verified";

/** The compiled helper entry; absent when running from TypeScript sources. */
const HELPER_FILE = join(__dirname, "synth-worker.js");

/** Below this many workloads, starting a second cdktf is slower than synthesizing alone. */
export const PARALLEL_WORKLOADS = 300;

/** What a helper is told to do. */
export interface Job<Context> {
  /** Every cluster, in the order they are taken. */
  readonly clusters: readonly ClusterConfig[];
  readonly context: Context;
  /** One Int32: the index of the next cluster to take. */
  readonly next: SharedArrayBuffer;
}

/** A helper thread, from its start to the one job it runs. */
export class Helper<Result> {
  private readonly worker: Worker;
  private readonly result: Promise<Result>;

  constructor() {
    this.worker = new Worker(HELPER_FILE);
    this.result = new Promise<Result>((done, fail) => {
      this.worker.once("message", done);
      this.worker.once("error", fail);
      this.worker.once("exit", (code) => fail(new Error(`a synthesis thread exited with ${code} before it was done`)));
    });
    // Reported when the job is awaited; an unused helper's failure is nobody's concern.
    this.result.catch(() => undefined);
    // Waiting for a job must not keep the process alive.
    this.worker.unref();
  }

  /** Runs the job; resolves with the helper's answer. */
  run<Context>(job: Job<Context>): Promise<Result> {
    this.worker.ref();
    this.worker.postMessage(job);
    return this.result;
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

/**
 * How many threads (the main thread included) to synthesize `clusters`
 * clusters holding `workloads` workloads in: `requested`, else one per
 * core when the config is large enough to pay for the helpers' start;
 * never more than the clusters.
 */
export function threadCount(clusters: number, workloads: number, requested?: number): number {
  const wanted = requested ?? (workloads >= PARALLEL_WORKLOADS && existsSync(HELPER_FILE) ? availableParallelism() : 1);
  return Math.max(1, Math.min(clusters, wanted));
}

/** Helpers started by `prepareThreads` and not taken yet. */
const prepared: Helper<unknown>[] = [];

/**
 * Starts the helpers that the config will use, as soon as it is parsed
 * (`data`, before validation), so that they load cdktf while the main
 * thread validates. Those not taken are stopped by `stopThreads`.
 */
export function prepareThreads(data: unknown): void {
  const clusters = (data as { clusters?: unknown } | null | undefined)?.clusters;
  if (!Array.isArray(clusters)) return;
  const workloads = clusters.reduce((n: number, c) => n + (Array.isArray((c as { workloads?: unknown } | null)?.workloads) ? (c as { workloads: unknown[] }).workloads.length : 0), 0);
  // Off the fast path (see verified.ts), synthesis runs in this thread alone.
  const helpers = fastPathHolds(installedCdktfVersion()) ? threadCount(clusters.length, workloads) - 1 : 0;
  for (let i = prepared.length; i < helpers; i++) prepared.push(new Helper());
}

/** Stops the prepared helpers that were not taken, but `keep` of them. */
export async function stopThreads(keep = 0): Promise<void> {
  await Promise.all(prepared.splice(keep).map((helper) => helper.stop()));
}

/** `count` helpers: the prepared ones first, then new ones. */
export function takeHelpers<Result>(count: number): Helper<Result>[] {
  const helpers = prepared.splice(0, count) as Helper<Result>[];
  while (helpers.length < count) helpers.push(new Helper<Result>());
  return helpers;
}

/** The clusters in the order threads take them: largest first, then by name. */
export function takeOrder(clusters: readonly ClusterConfig[]): ClusterConfig[] {
  return [...clusters].sort((a, b) => b.workloads.length - a.workloads.length || compare(a.name, b.name));
}

/** The clusters this thread takes from the shared counter, one at a time, until none is left. */
export function* taken(clusters: readonly ClusterConfig[], next: SharedArrayBuffer): Generator<ClusterConfig> {
  const counter = new Int32Array(next);
  for (;;) {
    const index = Atomics.add(counter, 0, 1);
    if (index >= clusters.length) return;
    yield clusters[index];
  }
}
