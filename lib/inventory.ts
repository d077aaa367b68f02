/**
 * What each stack manages, recorded beside its generated file
 * (`stacks/<cluster>/irsa-gen.json`), so that the next run can tell what a
 * change of the config would destroy before anything is written.
 *
 * Terraform destroys whatever leaves the configuration, `prevent_destroy`
 * included (it leaves with the block that holds it): a workload or a
 * cluster that disappears from the config is the one change irsa-gen must
 * catch itself. No cdktf; only readInventories reads files.
 */
import { dictionary, dictionaryOf } from "./dictionary";
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { stateAddresses, workloadKey } from "./addresses";
import type { ClusterConfig, IrsaConfig } from "./config/model";
import { plural, someOf } from "./wording";
import { compare } from "./config/compare";

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
    workloads[workloadKey(workload)] = { roleName: workload.roleName, protect: workload.protect, addresses: stateAddresses(workload, workload.id) };
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

/** A change the config makes to what the previous output managed. */
export interface Removal {
  readonly severity: "error" | "warning";
  readonly cluster: string;
  readonly message: string;
}

/**
 * Compares the previous output's inventories with the config: what would
 * be destroyed, what is refused (protected), and what irsa-gen lets go of
 * by itself (namespaces: never deleted as a side effect; see
 * `releasedNamespaces`).
 */
export function checkRemovals(previous: ReadonlyMap<string, StackInventory>, config: IrsaConfig): Removal[] {
  const out: Removal[] = [];
  const clusters = new Map(config.clusters.map((c) => [c.name, c]));
  for (const [name, before] of [...previous].sort(([a], [b]) => compare(a, b))) {
    const cluster = clusters.get(name);
    const managed = Object.keys(before.workloads).length;
    if (!cluster) {
      if (before.retired === undefined && (managed > 0 || Object.keys(before.namespaces).length > 0 || before.protectsProvider)) {
        out.push({
          severity: "error",
          cluster: name,
          message: `cluster ${name} left the config, but its stack still manages ${managed > 0 ? `${plural(managed, "role")} (${someOf(Object.values(before.workloads).map((w) => w.roleName))})` : "its OIDC provider or namespaces"}: nothing could destroy or manage them any more. Put it back with retire: destroy (the next apply destroys them) or retire: keep (the next apply lets go of them without destroying them), apply, and only then remove it`,
        });
      }
      continue;
    }
    const renamed = new Set(cluster.workloads.flatMap((w) => w.previously.map((p) => `${p.namespace}/${p.serviceAccount}`)));
    const present = new Set(cluster.workloads.map(workloadKey));
    for (const [key, workload] of Object.entries(before.workloads)) {
      if (present.has(key) || renamed.has(key)) continue;
      if (workload.protect) {
        out.push({
          severity: "error",
          cluster: name,
          message: `workload ${key} of cluster ${name} left the config, but it is protected: the next apply would destroy its role ${workload.roleName} (prevent_destroy leaves with the block that holds it). To let go of it without destroying it, put it back with retire: keep; to destroy it, put it back with protect: false and retire: destroy; if it was renamed, say so with previously:`,
        });
      } else {
        out.push({ severity: "warning", cluster: name, message: `workload ${key} of cluster ${name} left the config: the next apply destroys its role ${workload.roleName} and the pods of ${key} lose their AWS access. Put it back with retire: keep to let go of it without destroying it` });
      }
    }
    if (before.protectsProvider && cluster.oidcProvider.mode === "none") {
      out.push({ severity: "error", cluster: name, message: `cluster ${name} no longer needs its OIDC provider (no workload uses IRSA), but the provider is protected: set protect: false on the cluster to let the next apply destroy it` });
    }
  }
  return out;
}

/**
 * Namespaces the previous output created and the config no longer does:
 * they get `removed` blocks with `destroy = false`, because deleting a
 * namespace deletes everything in it, which an IAM tool must never do as a
 * side effect of a workload leaving.
 */
export function releasedNamespaces(before: StackInventory | undefined, cluster: ClusterConfig): string[] {
  if (!before) return [];
  return Object.entries(before.namespaces)
    .filter(([name]) => !Object.hasOwn(cluster.addresses.namespaces, name))
    .map(([, address]) => address)
    .sort();
}
