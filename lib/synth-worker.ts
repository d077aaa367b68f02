/**
 * A synthesis thread: writes the stacks of its share of the clusters and
 * sends back their manifest entries. See `synthesizeInWorkers`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { synthesizeDirect } from "./synth";

const { clusters, context } = workerData as { clusters: Parameters<typeof synthesizeDirect>[0]; context: Parameters<typeof synthesizeDirect>[1] };
parentPort!.postMessage(synthesizeDirect(clusters, context));
