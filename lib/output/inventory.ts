/**
 * What each stack manages, recorded beside its generated file
 * (`stacks/<cluster>/irsa-gen.json`): the cluster's part of the ledger
 * (ledger.ts), as the run that wrote the stack computed it.
 *
 * Terraform destroys whatever leaves the configuration, `prevent_destroy`
 * included (it leaves with the block that holds it). The committed ledger
 * is what the law runs against; this record travels with the output, so
 * that a run can tell when the output folder and the ledger disagree, and
 * a run without a ledger (a config file renamed, a ledger not committed)
 * still knows all the ledger would. Records of irsa-gen before ledgers
 * (version 1) are read too. No cdktf; only readInventories reads files.
 */
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { dictionary } from "../common/dictionary";
import { checkCluster, kindOfAddress, PROTECTABLE, renderCluster, type ClusterLedger, type LedgerEntry } from "./ledger";

export const INVENTORY_FILE = "irsa-gen.json";
const VERSION = 2;

/** A stack's record: its cluster and what it manages. */
export interface StackInventory {
  readonly cluster: string;
  readonly ledger: ClusterLedger;
}

/** The record's text: the cluster's ledger part, as the ledger file writes it. */
export function inventoryText(cluster: string, ledger: ClusterLedger): string {
  return `{\n  "cluster": ${JSON.stringify(cluster)},\n  "ledger": ${renderCluster(ledger, "  ")},\n  "version": ${VERSION}\n}\n`;
}

/** Version 1, written before ledgers: per workload its role name, protection and addresses. */
interface InventoryV1 {
  readonly version: 1;
  readonly cluster: string;
  readonly retired?: "keep" | "destroy";
  readonly protectsProvider?: boolean;
  readonly namespaces?: Readonly<Record<string, string>>;
  readonly workloads: Readonly<Record<string, { readonly roleName: string; readonly protect: boolean; readonly addresses: readonly string[] }>>;
}

/** What a version 1 record knows, as a cluster ledger (without the values that force a replacement, which it never had). */
function fromV1(value: InventoryV1): ClusterLedger {
  const managed = dictionary<LedgerEntry>();
  if (value.protectsProvider) managed["aws_iam_openid_connect_provider.cluster"] = { kind: "oidc-provider", owner: "cluster", protect: true, replaceKeys: {} };
  for (const [namespace, address] of Object.entries(value.namespaces ?? {})) managed[address] = { kind: "namespace", owner: "namespace", protect: true, replaceKeys: { name: namespace } };
  for (const [key, workload] of Object.entries(value.workloads)) {
    for (const address of workload.addresses) {
      const kind = kindOfAddress(address);
      managed[address] = { kind, owner: key, protect: workload.protect && PROTECTABLE.has(kind), replaceKeys: kind === "role" ? { name: workload.roleName } : {} };
    }
  }
  return { ...(value.retired !== undefined ? { retired: value.retired } : {}), managed, released: [] };
}

/** Parses a record's text; undefined when it is not one irsa-gen can read. */
export function parseInventory(text: string): StackInventory | undefined {
  try {
    const value = JSON.parse(text) as { version?: unknown; cluster?: unknown; ledger?: unknown; workloads?: unknown };
    if (typeof value.cluster !== "string") return undefined;
    if (value.version === 1 && typeof value.workloads === "object" && value.workloads !== null) return { cluster: value.cluster, ledger: fromV1(value as InventoryV1) };
    if (value.version !== VERSION) return undefined;
    const ledger = checkCluster(value.cluster, value.ledger);
    return typeof ledger === "string" ? undefined : { cluster: value.cluster, ledger };
  } catch {
    return undefined;
  }
}

/**
 * The records of the stacks in an output folder, by cluster: only regular
 * files (no link is followed), and only those irsa-gen can read.
 */
export function readInventories(outdir: string): Map<string, ClusterLedger> {
  const found = new Map<string, ClusterLedger>();
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
      if (inventory?.cluster === name) found.set(name, inventory.ledger);
    } catch {
      // No record: an output of an earlier irsa-gen, or no stack there.
    }
  }
  return found;
}
