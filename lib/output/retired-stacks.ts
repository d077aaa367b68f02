/**
 * What happens to the stack folder of a cluster that left the config (not
 * one with `retire:`, which stays in the config; whether a cluster may
 * leave at all is the ledger law's, in ledger.ts).
 *
 * This is the one place that decides what publication does with its
 * folder. Today the generated files go, so that nothing deploys the cluster
 * by accident; Terraform's own files (`.terraform/`, the lock file, local
 * state) stay, as does the folder.
 */
import { stackOf, type FileHashes } from "./files";
import { compare } from "../common/compare";

/** The decision for one retired stack. */
export interface RetiredStack {
  /** The stack's (cluster's) name. */
  readonly stack: string;
  /** Its generated files (relative to the output folder) to delete. */
  readonly remove: readonly string[];
}

/**
 * The stacks that irsa-gen wrote before (`previous`, the record) and that
 * are not in the new output (`current`, stack names), with what to do with
 * each.
 */
export function retiredStacks(previous: FileHashes, current: ReadonlySet<string>): RetiredStack[] {
  const byStack = new Map<string, string[]>();
  for (const path of previous.keys()) {
    const stack = stackOf(path);
    if (stack === undefined || current.has(stack)) continue;
    byStack.set(stack, [...(byStack.get(stack) ?? []), path]);
  }
  return [...byStack].sort(([a], [b]) => compare(a, b)).map(([stack, remove]) => ({ stack, remove: remove.sort() }));
}
