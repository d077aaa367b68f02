/**
 * What each stack manages, recorded beside its generated file
 * (`stacks/<cluster>/irsa-gen.json`), so that the next run can tell what a
 * change of the config would destroy before anything is written.
 *
 * Terraform destroys whatever leaves the configuration, `prevent_destroy`
 * included (it leaves with the block that holds it). The committed ledger
 * (ledger.ts) is what the law runs against; this record travels with the
 * output, so that a run can tell when the output folder and the ledger
 * disagree, and an output written before ledgers existed still protects
 * what it manages. No cdktf; only readInventories reads files.
 */
import { dictionary, dictionaryOf } from "./dictionary";
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { stateAddresses, transitionBlocks, workloadKey } from "./addresses";
import type { ClusterConfig } from "./config/model";

export const INVENTORY_FILE = "irsa-gen.json";
const VERSION = 1;

export interface WorkloadInventory {
  readonly roleName: string;
  readonly protect: boolean;
  /** The addresses of its blocks that hold state. */
  readonly addresses: readonly string[];
}

export interface StackInventory {
  readonly version: number;
  readonly cluster: string;
  /** `retire:` of the cluster when it was written: `keep` or `destroy`, or absent. */
  readonly retired?: "keep" | "destroy";
  /** The OIDC provider is created (or adopted) here, with `prevent_destroy`. */
  readonly protectsProvider: boolean;
  /** Namespaces this stack creates (`kubernetes_namespace_v1`), by name, with their addresses. */
  readonly namespaces: Readonly<Record<string, string>>;
  /** Workloads it manages (retired ones are not listed), by `namespace/serviceAccount`. */
  readonly workloads: Readonly<Record<string, WorkloadInventory>>;
}

export function inventoryOf(cluster: ClusterConfig): StackInventory {
  const workloads = dictionary<WorkloadInventory>();
  for (const workload of cluster.workloads) {
    if (workload.retire !== undefined) continue;
    workloads[workloadKey(workload)] = { roleName: workload.roleName, protect: workload.protect, addresses: [...stateAddresses(workload, workload.id), ...transitionBlocks(workload).map((b) => b.address)] };
  }
  const namespaces = dictionaryOf(Object.entries(cluster.addresses.namespaces).map(([name, a]) => [name, `kubernetes_namespace_v1.${a.label}`] as const));
  return {
    version: VERSION,
    cluster: cluster.name,
    ...(cluster.retire !== undefined ? { retired: cluster.retire } : {}),
    protectsProvider: cluster.protect && cluster.oidcProvider.mode === "create",
    namespaces,
    workloads,
  };
}

/** Parses an inventory file's text; undefined when it is not one irsa-gen can read. */
export function parseInventory(text: string): StackInventory | undefined {
  try {
    const value = JSON.parse(text) as Partial<StackInventory>;
    if (value.version !== VERSION || typeof value.cluster !== "string" || typeof value.workloads !== "object" || value.workloads === null) return undefined;
    return { namespaces: {}, protectsProvider: false, ...value } as StackInventory;
  } catch {
    return undefined;
  }
}

/**
 * The inventories of the stacks in an output folder, by cluster: only
 * regular files (no link is followed), and only those irsa-gen can read.
 */
export function readInventories(outdir: string): Map<string, StackInventory> {
  const found = new Map<string, StackInventory>();
  const stacks = join(outdir, "stacks");
  let names: string[];
  try {
    names = readdirSync(stacks);
  } catch {
    return found;
  }
  for (const name of names) {
    const file = join(stacks, name, INVENTORY_FILE);
    try {
      if (!lstatSync(join(stacks, name)).isDirectory() || !lstatSync(file).isFile()) continue;
      const inventory = parseInventory(readFileSync(file, "utf8"));
      if (inventory?.cluster === name) found.set(name, inventory);
    } catch {
      // No inventory: an output of an earlier irsa-gen, or no stack there.
    }
  }
  return found;
}
