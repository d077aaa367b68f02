/**
 * A synthesis helper thread: loads cdktf, waits for its job, writes the
 * stacks of the clusters it takes and sends back their manifest entries.
 * See threads.ts.
 */
import { parentPort } from "node:worker_threads";
import { synthesizeDirect, type RunContext } from "../stack-synthesis";
import { taken, type Job } from "./threads";

parentPort!.once("message", (job: Job<RunContext>) => {
  parentPort!.postMessage(synthesizeDirect(taken(job.clusters, job.next), job.context));
});
