/**
 * The ledger: what the generated Terraform manages and has let go of, per
 * cluster, committed beside the config (as Terraform's `.terraform.lock.hcl`
 * is), and the one law that decides what the next apply may do to it.
 *
 * Why a committed file: protection that rests on the previous output folder
 * is off exactly where most applies start (a CI job on a fresh clone, a
 * deleted `cdktf.out/`). The ledger travels with the config through review,
 * so a pull request's check sees what a change does before it merges.
 *
 * The law, over every address the previous ledger manages: an address that
 * leaves the output is moved (`moved`), let go of (`removed` with
 * `destroy = false`) or destroyed, and destroyed only where the config says
 * so (a retired or deleted workload, a dropped policy), never when protected.
 * Cluster-wide objects (the OIDC provider, the Pod Identity agent add-on,
 * namespaces) are never destroyed as a side effect: when the config stops
 * managing them they are let go of. A change of a value that makes
 * Terraform replace a block is announced, and refused on a protected one.
 * Let-go-of addresses keep their `removed` blocks in every later synthesis
 * (a `removed` block for an address not in the state plans nothing).
 *
 * Pure: no cdktf, no files.
 */
import { accountProviderLabel, addonStateBlocks, sharedRoleBlocks, stateBlocks, transitionBlocks, workloadKey, type StateBlock } from "../model/addresses";
import { createHash } from "node:crypto";
import { compare } from "../common/compare";
import { dictionary, dictionaryOf } from "../common/dictionary";
import type { ClusterConfig, IrsaConfig, RoleAccountConfig, SharedRoleConfig, WorkloadConfig } from "../model/model";
import { plural, someOf } from "../common/plurals";

export const LEDGER_VERSION = 1;

/** One address the stack manages. */
export interface LedgerEntry {
  /** What the block is: `role`, `inline-policy`, `attachment`, `service-account`, … (see `StateBlock`). */
  readonly kind: string;
  /** Who it belongs to: `cluster`, `namespace`, or the workload's `namespace/serviceAccount`. */
  readonly owner: string;
  /** Destroying or replacing it is refused (`protect: true`, and namespaces always). */
  readonly protect: boolean;
  /** The values whose change makes Terraform replace it (destroy, then create). */
  readonly replaceKeys: Readonly<Record<string, string>>;
  /** Imported (adopted) rather than created: it existed before irsa-gen, with whatever else it holds. */
  readonly adopted?: true;
  /**
   * Managed again after it was let go of: the import id its `import` block
   * is written with, in every synthesis until `releasesApplied` names it
   * (an import of what the state holds already does nothing).
   */
  readonly importId?: string;
}

export interface ClusterLedger {
  /** `retire:` of the cluster when it was written. */
  readonly retired?: "keep" | "destroy";
  /** By address. */
  readonly managed: Readonly<Record<string, LedgerEntry>>;
  /** Addresses let go of (`removed`, `destroy = false`), written again by every synthesis. */
  readonly released: readonly string[];
  /**
   * Addresses let go of whose removal every state applied (`releasesApplied`
   * named them): in no state, but still in AWS or the cluster, so managed
   * again each is imported, never created over itself. Absent when none.
   */
  readonly forgotten?: readonly string[];
  /**
   * The digest (`digestOf`) of what this part said before its last change:
   * an output folder whose record is that earlier part is one synthesis
   * behind the ledger (the config synthesized into another folder since),
   * not a ledger gone stale.
   */
  readonly previous?: string;
}

export interface Ledger {
  readonly version: number;
  readonly clusters: Readonly<Record<string, ClusterLedger>>;
}

/** The ledger's file for a config: `irsa.yaml` → `irsa.ledger.json`, beside it. */
export function ledgerFileFor(configFile: string): string {
  return `${configFile.replace(/\.(ya?ml|json)$/i, "")}.ledger.json`;
}

// ---------------------------------------------------------------------------
// What a cluster's output manages

/** Every address a cluster's stack manages, with what the law needs to know of it. */
export function managedBlocks(cluster: ClusterConfig, imported: ReadonlySet<string> = importTargets(cluster)): Map<string, LedgerEntry> {
  const out = new Map<string, LedgerEntry>();
  if (cluster.retire !== undefined) return out;
  const provider = cluster.oidcProvider;
  if (provider.mode === "create") {
    out.set("aws_iam_openid_connect_provider.cluster", { kind: "oidc-provider", owner: "cluster", protect: cluster.protect, replaceKeys: { url: cluster.oidcIssuerUrl ?? "(the cluster's issuer)" } });
  }
  // The cluster's provider in each other account its roles live in: the
  // account is part of what it is (another account, another provider).
  for (const account of cluster.roleAccounts ?? []) {
    if (account.oidcProvider.mode !== "create") continue;
    out.set(`aws_iam_openid_connect_provider.${accountProviderLabel(account.label)}`, {
      kind: "oidc-provider",
      owner: "cluster",
      protect: cluster.protect,
      replaceKeys: { url: cluster.oidcIssuerUrl ?? "(the cluster's issuer)", account: account.name },
    });
  }
  if (cluster.podIdentityAgent) {
    out.set("aws_eks_addon.pod_identity_agent", { kind: "addon", owner: "cluster", protect: cluster.protect, replaceKeys: { cluster: cluster.name, name: "eks-pod-identity-agent" } });
  }
  for (const [name, address] of Object.entries(cluster.addresses.namespaces)) {
    out.set(`kubernetes_namespace_v1.${address.label}`, { kind: "namespace", owner: "namespace", protect: true, replaceKeys: { name } });
  }
  for (const workload of cluster.workloads) {
    if (workload.retire !== undefined) continue;
    const owner = workloadKey(workload);
    for (const block of stateBlocks(workload, workload.id)) {
      out.set(block.address, {
        kind: block.kind,
        owner,
        protect: workload.protect && PROTECTABLE.has(block.kind),
        replaceKeys: replaceKeysOf(block, cluster, workload),
        ...(imported.has(block.address) ? { adopted: true as const } : {}),
      });
    }
    // An earlier name in transition keeps its own service account and
    // association: they belong to that name, and go when its rename is finished.
    for (const block of transitionBlocks(workload)) {
      const { namespace, serviceAccount } = block.previous;
      out.set(block.address, {
        kind: block.kind,
        owner: `${namespace}/${serviceAccount}`,
        protect: workload.protect,
        replaceKeys: block.kind === "service-account" ? { namespace, name: serviceAccount } : { cluster: cluster.name, namespace, serviceAccount },
      });
    }
  }
  // Shared roles homed here: their owner is the role, never a workload, so
  // that moving the home hands the same addresses over (see `judge`).
  for (const role of cluster.sharedRoles ?? []) {
    if (role.retire !== undefined) continue;
    for (const block of sharedRoleBlocks(role)) {
      out.set(block.address, {
        kind: block.kind,
        owner: sharedRoleOwner(role.key),
        protect: role.protect && PROTECTABLE.has(block.kind),
        replaceKeys: replaceKeysOf(block, cluster, { ...role, namespace: "", serviceAccount: "" }),
      });
    }
  }
  // An add-on and its role belong to the add-on (`addon:<name>`); protect
  // covers the add-on itself as well: deleting it removes its driver from the cluster.
  for (const addon of cluster.addons) {
    if (addon.role.retire !== undefined) continue;
    for (const block of addonStateBlocks(addon)) {
      out.set(block.address, {
        kind: block.kind,
        owner: addonOwner(addon.name),
        protect: addon.role.protect && (block.kind === "addon" || PROTECTABLE.has(block.kind)),
        replaceKeys: block.kind === "addon" ? { cluster: cluster.name, name: addon.name } : replaceKeysOf(block, cluster, addon.role),
        ...(imported.has(block.address) ? { adopted: true as const } : {}),
      });
    }
  }
  return out;
}

/** The ledger's owner of a shared role's blocks: `shared role <key>` (a key holds no '/', a workload's owner does). */
export function sharedRoleOwner(key: string): string {
  return `${SHARED_ROLE_OWNER}${key}`;
}
const SHARED_ROLE_OWNER = "shared role ";

/**
 * The ledger's owner of an add-on's blocks: `addon:<name>`. A colon is in
 * no Kubernetes namespace, so it never meets a workload's `namespace/name`.
 */
export function addonOwner(name: string): string {
  return `addon:${name}`;
}

/** The add-on's name when `owner` is an add-on's (see `addonOwner`). */
export function addonOfOwner(owner: string): string | undefined {
  return owner.startsWith("addon:") ? owner.slice("addon:".length) : undefined;
}

/** The shared role's key an owner names, if it names one. */
function sharedRoleOf(owner: string): string | undefined {
  return owner.startsWith(SHARED_ROLE_OWNER) ? owner.slice(SHARED_ROLE_OWNER.length) : undefined;
}

/** The kinds whose loss cuts pods off: `protect` covers them. Policies and locks follow the config. */
export const PROTECTABLE = new Set(["role", "service-account", "association"]);

/**
 * What makes Terraform replace each kind (hashicorp/aws and
 * hashicorp/kubernetes mark these arguments "forces new resource").
 */
/** What the replacement keys of a role's block are read from: a workload's role, an add-on's, or a shared role's. */
type RoleKeys = Pick<WorkloadConfig, "roleName" | "rolePath" | "inlinePolicyName" | "namespace" | "serviceAccount"> & { readonly roleAccount?: WorkloadConfig["roleAccount"] };

function replaceKeysOf(block: StateBlock, cluster: ClusterConfig, workload: RoleKeys): Record<string, string> {
  // A role in another account: its AWS blocks name the account (the cluster's own names none, as before).
  const account: Record<string, string> = workload.roleAccount !== undefined && AWS_KINDS.has(block.kind) ? { account: workload.roleAccount.name } : {};
  return { ...replaceKeysOfKind(block, cluster, workload), ...account };
}

/** The kinds that live in an AWS account, and so in the role's account when it is another. */
const AWS_KINDS = new Set(["role", "inline-policy", "attachment", "managed-lock", "inline-lock"]);

function replaceKeysOfKind(block: StateBlock, cluster: ClusterConfig, workload: RoleKeys): Record<string, string> {
  switch (block.kind) {
    case "role":
      return { name: workload.roleName, path: workload.rolePath };
    case "inline-policy":
      return { role: workload.roleName, name: workload.inlinePolicyName };
    case "attachment":
      return { role: workload.roleName, policyArn: block.policyArn! };
    case "service-account":
      return { namespace: workload.namespace, name: workload.serviceAccount };
    case "association":
      return { cluster: cluster.name, namespace: workload.namespace, serviceAccount: workload.serviceAccount };
    default:
      return { role: workload.roleName };
  }
}

/**
 * The ledger of a config, with the addresses each cluster lets go of;
 * `managed` gives what `managedBlocks` found already, by cluster; each
 * cluster's part links to what the previous ledger said (see `previous`).
 */
export function ledgerOf(
  config: IrsaConfig,
  released: ReadonlyMap<string, readonly string[]>,
  managed?: ReadonlyMap<string, ReadonlyMap<string, LedgerEntry>>,
  previous?: Ledger,
  forgotten?: ReadonlyMap<string, readonly string[]>,
): Ledger {
  const clusters = dictionary<ClusterLedger>();
  for (const cluster of config.clusters) {
    const part: ClusterLedger = {
      ...(cluster.retire !== undefined ? { retired: cluster.retire } : {}),
      managed: dictionaryOf(managed?.get(cluster.name) ?? managedBlocks(cluster)),
      released: [...(released.get(cluster.name) ?? [])],
      ...((forgotten?.get(cluster.name) ?? []).length > 0 ? { forgotten: [...forgotten!.get(cluster.name)!] } : {}),
    };
    const before = previous?.clusters[cluster.name];
    const link = before === undefined ? undefined : sameContent(before, part) ? before.previous : digestOf(before);
    clusters[cluster.name] = link === undefined ? part : { ...part, previous: link };
  }
  return { version: LEDGER_VERSION, clusters };
}

/** Whether two clusters' parts say the same (their links to the past left out), without rendering either. */
export function sameContent(a: ClusterLedger, b: ClusterLedger): boolean {
  if (a.retired !== b.retired || a.released.length !== b.released.length || (a.forgotten ?? []).length !== (b.forgotten ?? []).length) return false;
  const released = new Set(a.released);
  if (b.released.some((x) => !released.has(x))) return false;
  const forgotten = new Set(a.forgotten ?? []);
  if ((b.forgotten ?? []).some((x) => !forgotten.has(x))) return false;
  const keys = Object.keys(a.managed);
  if (keys.length !== Object.keys(b.managed).length) return false;
  for (const address of keys) {
    const x = a.managed[address];
    const y = Object.hasOwn(b.managed, address) ? b.managed[address] : undefined;
    if (!y || x.kind !== y.kind || x.owner !== y.owner || x.protect !== y.protect || (x.adopted ?? false) !== (y.adopted ?? false) || x.importId !== y.importId) return false;
    const k = Object.keys(x.replaceKeys);
    if (k.length !== Object.keys(y.replaceKeys).length || k.some((key) => x.replaceKeys[key] !== y.replaceKeys[key])) return false;
  }
  return true;
}

/** A short digest of what a cluster's part says (its link to the past left out). */
export function digestOf(cluster: ClusterLedger): string {
  const { previous: _previous, ...content } = cluster;
  return createHash("sha256").update(renderCluster(content, "")).digest("hex").slice(0, 16);
}

// ---------------------------------------------------------------------------
// The file

/**
 * The ledger as its file holds it: clusters and addresses sorted, one line
 * per address (a change to one block is one changed line in review), keys
 * in a fixed order, a final newline. Written line by line rather than
 * through a sorted deep copy: at 10,000 workloads this is most of what the
 * ledger costs.
 */
export function renderLedger(ledger: Ledger): string {
  const names = Object.keys(ledger.clusters).sort(compare);
  const clusters = names.map((name, c) => `\n    ${JSON.stringify(name)}: ${renderCluster(ledger.clusters[name], "    ")}${c + 1 < names.length ? "," : ""}`);
  return `{\n  "clusters": {${clusters.join("")}${names.length > 0 ? "\n  " : ""}},\n  "version": ${ledger.version}\n}\n`;
}

/** A JSON string: most of the ledger's text is addresses and names that need no escape. */
function quoted(text: string): string {
  return /^[\w./:@+=,-]*$/.test(text) ? `"${text}"` : JSON.stringify(text);
}

/** One cluster's part of the ledger, as the ledger and the output folder's record write it (`indent`: of its opening line). */
export function renderCluster(cluster: ClusterLedger, indent: string): string {
  const inner = `${indent}  `;
  const forgotten = [...(cluster.forgotten ?? [])].sort(compare);
  const out: string[] = [forgotten.length > 0 ? `{\n${inner}"forgotten": [${forgotten.map((a, i) => `\n${inner}  ${quoted(a)}${i + 1 < forgotten.length ? "," : ""}`).join("")}\n${inner}],\n${inner}"managed": {` : `{\n${inner}"managed": {`];
  const addresses = Object.keys(cluster.managed).sort(compare);
  addresses.forEach((address, i) => {
    const e = cluster.managed[address];
    const keys = Object.keys(e.replaceKeys).sort(compare).map((k) => `${quoted(k)}: ${quoted(e.replaceKeys[k])}`);
    out.push(
      `\n${inner}  ${quoted(address)}: { "kind": ${quoted(e.kind)}, "owner": ${quoted(e.owner)}, "protect": ${e.protect}, "replaceKeys": { ${keys.join(", ")} }${e.adopted ? ', "adopted": true' : ""}${e.importId !== undefined ? `, "importId": ${quoted(e.importId)}` : ""} }${i + 1 < addresses.length ? "," : ""}`,
    );
  });
  out.push(`${addresses.length > 0 ? `\n${inner}` : ""}},`);
  if (cluster.previous !== undefined) out.push(`\n${inner}"previous": ${quoted(cluster.previous)},`);
  out.push(`\n${inner}"released": [`);
  const released = [...cluster.released].sort(compare);
  out.push(released.map((a, i) => `\n${inner}  ${quoted(a)}${i + 1 < released.length ? "," : ""}`).join(""));
  out.push(`${released.length > 0 ? `\n${inner}` : ""}]${cluster.retired !== undefined ? `,\n${inner}"retired": ${JSON.stringify(cluster.retired)}` : ""}\n${indent}}`);
  return out.join("");
}

/** Parses a ledger file's text; a string says why it cannot be read. */
export function parseLedger(text: string): Ledger | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `it is not JSON (${(error as Error).message})`;
  }
  const ledger = value as Partial<Ledger>;
  if (!ledger || typeof ledger !== "object" || Array.isArray(ledger)) return "it is not a JSON object";
  if (ledger.version !== LEDGER_VERSION) return `its version is ${JSON.stringify(ledger.version)}, this irsa-gen reads version ${LEDGER_VERSION}`;
  if (!ledger.clusters || typeof ledger.clusters !== "object" || Array.isArray(ledger.clusters)) return "it has no clusters object";
  const clusters = new Map<string, ClusterLedger>();
  for (const [name, cluster] of Object.entries(ledger.clusters as Record<string, unknown>)) {
    const checked = checkCluster(name, cluster);
    if (typeof checked === "string") return checked;
    clusters.set(name, checked);
  }
  return { version: LEDGER_VERSION, clusters: dictionaryOf(clusters) };
}

/** One cluster's part of a ledger, checked; a string says what is wrong. */
export function checkCluster(name: string, value: unknown): ClusterLedger | string {
  const cluster = value as Partial<ClusterLedger> | null;
  if (!cluster || typeof cluster !== "object" || typeof cluster.managed !== "object" || cluster.managed === null || !Array.isArray(cluster.released)) {
    return `cluster ${JSON.stringify(name)} lacks its managed object or released list`;
  }
  for (const [address, entry] of Object.entries(cluster.managed as Record<string, Partial<LedgerEntry>>)) {
    if (!entry || typeof entry.kind !== "string" || typeof entry.owner !== "string" || typeof entry.protect !== "boolean" || typeof entry.replaceKeys !== "object" || entry.replaceKeys === null || (entry.importId !== undefined && typeof entry.importId !== "string")) {
      return `cluster ${JSON.stringify(name)}, address ${JSON.stringify(address)}: an entry needs kind, owner, protect and replaceKeys`;
    }
  }
  if (cluster.released.some((a) => typeof a !== "string")) return `cluster ${JSON.stringify(name)}: released holds something else than addresses`;
  if (cluster.forgotten !== undefined && (!Array.isArray(cluster.forgotten) || cluster.forgotten.some((a) => typeof a !== "string"))) return `cluster ${JSON.stringify(name)}: forgotten holds something else than addresses`;
  // Addresses hold a dot, so no key of `managed` is a property of Object.prototype: JSON.parse's object serves as it is.
  if (cluster.previous !== undefined && typeof cluster.previous !== "string") return `cluster ${JSON.stringify(name)}: previous is not a digest`;
  return {
    ...(cluster.retired !== undefined ? { retired: cluster.retired } : {}),
    managed: cluster.managed as Record<string, LedgerEntry>,
    released: cluster.released,
    ...(cluster.forgotten !== undefined && cluster.forgotten.length > 0 ? { forgotten: cluster.forgotten } : {}),
    ...(cluster.previous !== undefined ? { previous: cluster.previous } : {}),
  };
}

/** The owner of an address the applied state holds and the ledger does not know. */
export const STATE_ONLY = "(the applied state only)";

/** The values that force a replacement, as `terraform show -json` holds them, by resource type, in the ledger's words. */
const STATE_KEYS: Readonly<Record<string, (v: Record<string, any>) => Record<string, string>>> = {
  aws_iam_role: (v) => ({ name: v.name, path: v.path }),
  aws_iam_role_policy: (v) => ({ role: v.role, name: v.name }),
  aws_iam_role_policy_attachment: (v) => ({ role: v.role, policyArn: v.policy_arn }),
  aws_iam_role_policy_attachments_exclusive: (v) => ({ role: v.role_name }),
  aws_iam_role_policies_exclusive: (v) => ({ role: v.role_name }),
  kubernetes_service_account_v1: (v) => ({ namespace: v.metadata?.[0]?.namespace, name: v.metadata?.[0]?.name }),
  kubernetes_namespace_v1: (v) => ({ name: v.metadata?.[0]?.name }),
  aws_eks_pod_identity_association: (v) => ({ cluster: v.cluster_name, namespace: v.namespace, serviceAccount: v.service_account }),
  // IAM keeps the URL without its scheme; the config writes it with.
  aws_iam_openid_connect_provider: (v) => ({ url: typeof v.url === "string" && !v.url.startsWith("https://") ? `https://${v.url}` : v.url }),
  aws_eks_addon: (v) => ({ cluster: v.cluster_name, name: v.addon_name }),
};

/**
 * A cluster's part of the ledger from its applied state (`terraform show
 * -json`): what Terraform really manages. Whose block it is and whether it
 * is protected the state does not say: the ledger's entry says so when it
 * knows the address; an address only the state knows is treated as
 * protected. An address the ledger holds and the state lacks was generated
 * but never applied: nothing can destroy it. A string says why the text is
 * not such a state.
 */
export function ledgerFromState(text: string, known: ClusterLedger | undefined): ClusterLedger | string {
  let state: { format_version?: unknown; values?: { root_module?: { resources?: unknown } } };
  try {
    state = JSON.parse(text);
  } catch (error) {
    return `it is not JSON (${(error as Error).message})`;
  }
  if (!state || typeof state !== "object" || typeof state.format_version !== "string") return "it is not the output of terraform show -json (no format_version)";
  const resources = state.values?.root_module?.resources ?? [];
  if (!Array.isArray(resources)) return "its values.root_module.resources is not a list";
  const managed = dictionary<LedgerEntry>();
  for (const r of resources as { address?: unknown; mode?: unknown; type?: unknown; values?: Record<string, any> }[]) {
    if (r.mode !== "managed" || typeof r.address !== "string" || typeof r.type !== "string") continue;
    const was = known?.managed[r.address];
    const kind = kindOfAddress(r.address);
    const values = STATE_KEYS[r.type]?.(r.values ?? {}) ?? {};
    const replaceKeys = Object.fromEntries(Object.entries(values).filter(([, v]) => typeof v === "string")) as Record<string, string>;
    managed[r.address] = {
      kind,
      owner: was?.owner ?? (kind === "namespace" ? "namespace" : kind === "oidc-provider" || kind === "addon" ? "cluster" : STATE_ONLY),
      protect: was?.protect ?? true,
      replaceKeys,
      ...(was?.adopted ? { adopted: true as const } : {}),
    };
  }
  return { ...(known?.retired !== undefined ? { retired: known.retired } : {}), managed, released: known?.released ?? [] };
}

/** A ledger from the output folder's records of what each stack manages (see inventory.ts). */
export function ledgerFromInventories(inventories: ReadonlyMap<string, ClusterLedger>): Ledger {
  return { version: LEDGER_VERSION, clusters: dictionaryOf(inventories) };
}

const KIND_BY_TYPE: Readonly<Record<string, string>> = {
  aws_iam_role: "role",
  aws_iam_role_policy: "inline-policy",
  aws_iam_role_policy_attachment: "attachment",
  kubernetes_service_account_v1: "service-account",
  aws_eks_pod_identity_association: "association",
  aws_iam_role_policy_attachments_exclusive: "managed-lock",
  aws_iam_role_policies_exclusive: "inline-lock",
  kubernetes_namespace_v1: "namespace",
  aws_iam_openid_connect_provider: "oidc-provider",
  aws_eks_addon: "addon",
};

export function kindOfAddress(address: string): string {
  return KIND_BY_TYPE[address.slice(0, address.indexOf("."))] ?? "other";
}

/**
 * How the output folder's records stand against the ledger, per cluster:
 * the same, one synthesis behind (the record is what the ledger said
 * before its last change: the config was synthesized into another folder
 * since, so the ledger is right), or at odds (`disagree`: either may be
 * stale, and only the user can say which).
 */
export function compareWithOutput(ledger: Ledger, inventories: ReadonlyMap<string, ClusterLedger>): { readonly disagree: string[]; readonly behind: string[] } {
  const disagree: string[] = [];
  const behind: string[] = [];
  for (const name of [...inventories.keys()].sort(compare)) {
    const recorded = inventories.get(name)!;
    const current = ledger.clusters[name];
    if (current === undefined) {
      // A retired cluster leaves the ledger once it leaves the config.
      if (recorded.retired !== undefined || Object.keys(recorded.managed).length === 0) behind.push(name);
      else disagree.push(`cluster ${name} is in the output folder but not in the ledger`);
      continue;
    }
    if (sameContent(recorded, current)) continue;
    if (current.previous !== undefined && current.previous === digestOf(recorded)) {
      behind.push(name);
      continue;
    }
    const a = new Set(Object.keys(current.managed));
    const b = new Set(Object.keys(recorded.managed));
    const onlyLedger = [...a].filter((x) => !b.has(x)).sort(compare);
    const onlyOutput = [...b].filter((x) => !a.has(x)).sort(compare);
    const parts = [onlyLedger.length > 0 ? `only the ledger manages ${someOf(onlyLedger, 3)}` : "", onlyOutput.length > 0 ? `only the output folder manages ${someOf(onlyOutput, 3)}` : ""].filter(Boolean);
    disagree.push(`cluster ${name}: ${parts.length > 0 ? parts.join("; ") : "they record the same addresses with other values"}`);
  }
  return { disagree, behind };
}

// ---------------------------------------------------------------------------
// The law

/** What the next apply does to one cluster's managed addresses. */
export interface ClusterChanges {
  readonly cluster: string;
  readonly created: readonly string[];
  readonly moved: readonly { readonly from: string; readonly to: string }[];
  readonly imported: readonly string[];
  readonly released: readonly string[];
  readonly replaced: readonly { readonly address: string; readonly change: string }[];
  readonly destroyed: readonly string[];
}

export interface Judgement {
  /** Refusals: nothing may be written. */
  readonly problems: readonly string[];
  /** Announcements of destroys and replacements the config asks for. */
  readonly warnings: readonly string[];
  /** By cluster: what the stack lets go of besides what the config itself retires. */
  readonly releases: ReadonlyMap<string, readonly string[]>;
  /**
   * By cluster: what the stack manages again after letting go of it, to
   * import (it still exists: creating it would fail).
   */
  readonly reimports: ReadonlyMap<string, readonly { readonly to: string; readonly id: string }[]>;
  /**
   * By cluster: accounts no workload's role is in any more, in which the
   * stack still destroys or lets go of something: their AWS provider stays
   * in the stack until then (Terraform acts on a resource with the provider
   * its state names).
   */
  readonly formerAccounts: ReadonlyMap<string, readonly RoleAccountConfig[]>;
  /** The ledger the output will match. */
  readonly next: Ledger;
  readonly changes: readonly ClusterChanges[];
}

/**
 * Applies the law to a config against the previous ledger (none: a first
 * run, nothing was managed). `linkTo` is the ledger file as it was, which
 * each cluster's part of the next one links back to (see `previous`);
 * without it (no ledger file) the next ledger has no links.
 */
export function judge(previous: Ledger | undefined, config: IrsaConfig, linkTo?: Ledger): Judgement {
  const problems: string[] = [];
  const warnings: string[] = [];
  const releases = new Map<string, string[]>();
  const reimports = new Map<string, { to: string; id: string }[]>();
  const formerAccounts = new Map<string, RoleAccountConfig[]>();
  const changes: ClusterChanges[] = [];
  const clusters = new Map(config.clusters.map((c) => [c.name, c]));

  for (const [name, before] of Object.entries(previous?.clusters ?? {}).sort(([a], [b]) => compare(a, b))) {
    if (clusters.has(name)) continue;
    const roles = Object.entries(before.managed).filter(([, e]) => e.kind === "role");
    if (before.retired === undefined && Object.keys(before.managed).length > 0) {
      problems.push(
        `cluster ${name} left the config, but its stack still manages ${roles.length > 0 ? `${plural(roles.length, "role")} (${someOf(roles.map(([a, e]) => e.replaceKeys.name ?? a).sort(compare))})` : "its OIDC provider, add-on or namespaces"}: nothing could destroy or manage them any more. ` +
          `Put it back with retire: destroy (the next apply destroys them) or retire: keep (the next apply lets go of them without destroying them), apply, and only then remove it. ` +
          `If it was never applied (as the quick start's example clusters never are), delete the ledger's entry for it, or start a fresh ledger and output folder (delete the ledger file, and synthesize into a new CDKTF_OUTDIR)`,
      );
    }
  }

  // Shared roles live in one stack, their home's. An address of a role that
  // another cluster's part managed before is a handover: that stack lets go
  // of it, the home imports it; neither destroys nor creates it.
  const shared = new Map<string, SharedRoleConfig>();
  for (const cluster of config.clusters) for (const role of cluster.sharedRoles ?? []) shared.set(role.key, role);
  const handedOver = new Map<string, Set<string>>();
  const handOver = (home: string, address: string) => {
    if (!handedOver.has(home)) handedOver.set(home, new Set());
    handedOver.get(home)!.add(address);
  };
  // A role's addresses derive from its key: one let go of by another
  // cluster's stack (retire: keep, then deleted from roles:) is the role,
  // which still exists, named again from another home.
  const sharedAddresses = new Map<string, SharedRoleConfig>();
  for (const role of shared.values()) if (role.retire === undefined) for (const block of sharedRoleBlocks(role)) sharedAddresses.set(block.address, role);
  for (const [name, before] of Object.entries(previous?.clusters ?? {})) {
    for (const [address, entry] of Object.entries(before.managed)) {
      const role = shared.get(sharedRoleOf(entry.owner) ?? "");
      if (role === undefined || role.retire !== undefined || role.home === name) continue;
      handOver(role.home, address);
    }
    for (const address of before.released) {
      const role = sharedAddresses.get(address);
      if (role !== undefined && role.home !== name) handOver(role.home, address);
    }
  }

  const managed = new Map<string, Map<string, LedgerEntry>>();
  const forgotten = new Map<string, readonly string[]>();
  for (const cluster of config.clusters) {
    const before = previous?.clusters[cluster.name];
    const imported = importTargets(cluster);
    const after = managedBlocks(cluster, imported);
    managed.set(cluster.name, after);
    const verdict = judgeCluster(cluster, before, after, imported, { shared, handedOver: handedOver.get(cluster.name) ?? new Set() });
    problems.push(...verdict.problems);
    warnings.push(...verdict.warnings);
    releases.set(cluster.name, verdict.releases);
    forgotten.set(cluster.name, verdict.forgotten);
    reimports.set(cluster.name, verdict.reimports);
    changes.push(verdict.changes);
    const former = formerAccountsOf(cluster, before, after, verdict.releases, config);
    problems.push(...former.problems);
    if (former.accounts.length > 0) formerAccounts.set(cluster.name, former.accounts);
  }
  const released = new Map(config.clusters.map((c) => [c.name, [...new Set([...c.addresses.releases, ...(releases.get(c.name) ?? [])])].sort(compare)]));
  return { problems, warnings, releases, reimports, formerAccounts, next: ledgerOf(config, released, managed, linkTo, forgotten), changes };
}

/**
 * The accounts a cluster's stack still acts in although no role of the
 * config is there any more: what the previous ledger managed there and the
 * next apply destroys or lets go of, and what the stack lets go of there
 * (a `removed` block's address names its account: `…_in_<account>`).
 * Terraform needs each one's AWS provider for that apply; an account that
 * left `accounts:` meanwhile is refused, since the stack could not reach it.
 */
function formerAccountsOf(
  cluster: ClusterConfig,
  before: ClusterLedger | undefined,
  after: ReadonlyMap<string, LedgerEntry>,
  releases: readonly string[],
  config: IrsaConfig,
): { accounts: RoleAccountConfig[]; problems: string[] } {
  const current = new Set((cluster.roleAccounts ?? []).map((a) => a.name));
  const known = Object.values(config.accounts ?? {});
  const needed = new Map<string, string[]>();
  const need = (name: string, address: string) => {
    if (current.has(name)) return;
    const list = needed.get(name);
    if (list) list.push(address);
    else needed.set(name, [address]);
  };
  for (const [address, entry] of Object.entries(before?.managed ?? {})) {
    const account = entry.replaceKeys.account;
    if (account !== undefined && !after.has(address)) need(account, address);
  }
  for (const address of releases) {
    const label = address.slice(address.indexOf(".") + 1);
    for (const account of known) if (label.endsWith(`_in_${account.label}`)) need(account.name, address);
  }
  const accounts: RoleAccountConfig[] = [];
  const problems: string[] = [];
  for (const [name, addresses] of [...needed].sort(([a], [b]) => compare(a, b))) {
    const settings = config.accounts?.[name];
    if (settings === undefined || !Object.hasOwn(config.accounts!, name)) {
      problems.push(
        `cluster ${cluster.name}: account ${name} left accounts:, but the stack still has ${someOf(addresses.sort(compare), 3)} in it, which the next apply destroys or lets go of through that account's AWS provider. Put the account back in accounts: (its accountId and assumeRoleArn) until that apply is done; then remove it`,
      );
      continue;
    }
    accounts.push({ ...settings, oidcProvider: { mode: "none" } });
  }
  return { accounts, problems };
}

interface ClusterVerdict {
  readonly problems: string[];
  readonly warnings: string[];
  readonly releases: string[];
  /** What the stack let go of and every state forgot (see `ClusterLedger.forgotten`). */
  readonly forgotten: string[];
  readonly reimports: { to: string; id: string }[];
  readonly changes: ClusterChanges;
}

/** What the law of one cluster needs to know of the shared roles of every cluster. */
interface SharedContext {
  /** Every shared role of the config, by key. */
  readonly shared: ReadonlyMap<string, SharedRoleConfig>;
  /** The addresses this cluster, as a shared role's new home, takes over from another cluster's stack. */
  readonly handedOver: ReadonlySet<string>;
}

function judgeCluster(cluster: ClusterConfig, before: ClusterLedger | undefined, after: Map<string, LedgerEntry>, imported: ReadonlySet<string>, context: SharedContext): ClusterVerdict {
  const problems: string[] = [];
  const warnings: string[] = [];
  const releases = new Set<string>();
  const moves = new Map<string, string>();
  for (const addresses of Object.values(cluster.addresses.workloads)) for (const move of addresses.moves) moves.set(move.from, move.to);
  const configReleases = new Set(cluster.addresses.releases);
  const workloads = new Map(cluster.workloads.map((w) => [workloadKey(w), w]));
  // A workload's earlier names are still it: what they managed is its to move, keep or destroy.
  for (const w of cluster.workloads) for (const p of w.previously) if (!workloads.has(`${p.namespace}/${p.serviceAccount}`)) workloads.set(`${p.namespace}/${p.serviceAccount}`, w);
  // An add-on's blocks are its role's to keep or destroy, as a workload's are.
  for (const a of cluster.addons) workloads.set(addonOwner(a.name), a.role);
  const changes = { created: [] as string[], moved: [] as { from: string; to: string }[], released: [] as string[], replaced: [] as { address: string; change: string }[], destroyed: [] as string[] };
  const where = `cluster ${cluster.name}`;

  /** `address` is where the block ends up; `moved`, where it was, when it moves. */
  const replacement = (address: string, was: LedgerEntry, now: LedgerEntry, ends: string = address, moved = ""): void => {
    const changed = Object.keys(was.replaceKeys).filter((k) => k in now.replaceKeys && was.replaceKeys[k] !== now.replaceKeys[k]);
    if (changed.length === 0) return;
    const change = changed.map((k) => `${k} ${JSON.stringify(was.replaceKeys[k])} → ${JSON.stringify(now.replaceKeys[k])}`).join(", ");
    const shownAs = `${ends}${moved}`;
    changes.replaced.push({ address: ends, change: `${change}${moved}` });
    if (was.adopted && !now.adopted) {
      problems.push(
        `${where}: the adopted ${was.kind} ${shownAs} of ${was.owner} would be replaced (${change}) now that the workload no longer adopts it: Terraform would destroy what existed before irsa-gen. Keep adopt: as it was (once applied, its import blocks do nothing)`,
      );
    } else if (was.kind === "namespace") {
      problems.push(`${where}: the next apply would replace the namespace at ${address} (${change}), deleting everything in it. Keep the namespace's name, or stop creating it first (createNamespace: false: it is let go of, not deleted)`);
    } else if (was.protect && now.protect) {
      problems.push(`${where}: the next apply would replace the protected ${was.kind} ${shownAs} (${change}): Terraform destroys it and creates a new one, and the pods of ${was.owner} lose their AWS access in between. Keep the old value (${renderKeys(was.replaceKeys)}), or set protect: false on the workload for this change if the replacement is meant`);
    } else {
      warnings.push(`${where}: the next apply replaces the ${was.kind} ${shownAs} (${change}): destroyed, then created${was.kind === "role" || was.kind === "service-account" || was.kind === "association" ? `; the pods of ${was.owner} lose their AWS access in between` : ""}`);
    }
  };

  for (const [address, was] of Object.entries(before?.managed ?? {}).sort(([a], [b]) => compare(a, b))) {
    const now = after.get(address);
    if (now) {
      replacement(address, was, now);
      continue;
    }
    const movedTo = moves.get(address);
    if (movedTo !== undefined && after.has(movedTo)) {
      changes.moved.push({ from: address, to: movedTo });
      replacement(address, was, after.get(movedTo)!, movedTo, ` (moved from ${address})`);
      continue;
    }
    if (configReleases.has(address)) {
      changes.released.push(address);
      continue;
    }
    // A shared role's block: handed over when its home moved, else it follows the role.
    const sharedKey = sharedRoleOf(was.owner);
    if (sharedKey !== undefined) {
      const role = context.shared.get(sharedKey);
      if (role !== undefined && role.retire === undefined && role.home !== cluster.name) {
        releases.add(address);
        changes.released.push(address);
        warnings.push(`${where}: the shared role ${sharedKey} moved its home to cluster ${role.home}: the next apply here lets go of ${address} (removed, destroy = false), and ${role.home}'s imports it`);
        continue;
      }
      changes.destroyed.push(address);
      if (role?.retire === "destroy") {
        if (was.protect && role.protect) problems.push(`${where}: ${address} is protected and retire: destroy would destroy it. Set protect: false as well if that is meant`);
      } else if (was.protect) {
        problems.push(
          `the shared role ${sharedKey} of ${where} left the config, but it is protected: the next apply would destroy its ${named(address, was)} (prevent_destroy leaves with the block that holds it). To let go of it without destroying it, put it back with retire: keep; to destroy it, put it back with protect: false and retire: destroy`,
        );
      } else if (was.kind === "role") {
        warnings.push(`the shared role ${sharedKey} of ${where} left the config: the next apply destroys its ${named(address, was)}, and the pods of every workload that named it lose their AWS access. Put it back with retire: keep to let go of it without destroying it`);
      } else {
        warnings.push(`${where}: the next apply destroys ${address} of the shared role ${sharedKey}, which the config no longer creates`);
      }
      continue;
    }
    const owner = was.owner === "cluster" || was.owner === "namespace" ? undefined : workloads.get(was.owner);
    const addon = addonOfOwner(was.owner);
    if (owner === undefined && addon !== undefined && cluster.retire === undefined) {
      // An add-on that left the config is let go of, never destroyed as a
      // side effect: deleting it would take its driver (the cluster's CNI,
      // a storage driver) out of the cluster, and its role with it.
      releases.add(address);
      changes.released.push(address);
      warnings.push(
        `${where}: the add-on ${addon} left the config; the next apply lets go of its ${was.kind} ${address} (removed, destroy = false): it stays as it is, unmanaged. To destroy it instead, put the add-on back with retire: destroy, apply, and only then remove it`,
      );
      continue;
    }
    // Never destroyed as a side effect: a provider other roles may trust, the
    // agent other pods need, a namespace and everything in it. A cluster
    // retired with destroy asks for its provider and add-on to go; its
    // namespaces are still only let go of.
    const shared = was.owner === "namespace" || (was.owner === "cluster" && cluster.retire !== "destroy");
    // A service account the config stops creating is handed over, not deleted:
    // its pods run as it, and the chart that takes it over finds it there.
    const handedOver = was.kind === "service-account" && owner !== undefined && owner.retire === undefined && !owner.createServiceAccount && workloadKey(owner) === was.owner;
    if (shared || handedOver || cluster.retire === "keep" || owner?.retire === "keep") {
      releases.add(address);
      changes.released.push(address);
      if (cluster.retire === undefined && owner?.retire === undefined) warnings.push(`${where}: the config no longer manages ${address}; the next apply lets go of it (removed, destroy = false): it stays as it is, unmanaged`);
      continue;
    }
    if (cluster.retire === "destroy" || owner?.retire === "destroy") {
      changes.destroyed.push(address);
      if (was.protect && (cluster.retire === "destroy" ? cluster.protect : owner!.protect)) {
        problems.push(`${where}: ${address} is protected and retire: destroy would destroy it. Set protect: false as well if that is meant`);
      }
      continue;
    }
    changes.destroyed.push(address);
    // The workload's role moved to another account: another role, never a move.
    const wasIn = was.replaceKeys.account;
    const nowIn = owner?.roleAccount?.name;
    if (owner !== undefined && workloadKey(owner) === was.owner && AWS_KINDS.has(was.kind) && wasIn !== nowIn) {
      const from = wasIn === undefined ? "the cluster's account" : `account ${wasIn}`;
      const to = nowIn === undefined ? "the cluster's account" : `account ${nowIn}`;
      if (was.kind !== "role") continue;
      if (was.protect && owner.protect) {
        problems.push(
          `${where}: the role of ${was.owner} moves from ${from} to ${to}: a role in another account is another role, so the next apply would destroy the protected ${named(address, was)} in ${from} and create a new one in ${to}, and the pods of ${was.owner} lose their AWS access in between. Keep roleAccount as it was, or set protect: false on the workload for this change if the move is meant`,
        );
      } else {
        warnings.push(
          `${where}: the role of ${was.owner} moves from ${from} to ${to}: the next apply destroys the ${named(address, was)} and its policies in ${from} and creates a new role in ${to} (a role in another account is another role); the pods of ${was.owner} lose their AWS access until they restart with the new role's ARN`,
        );
      }
      continue;
    }
    const finished = owner?.previously.find((p) => `${p.namespace}/${p.serviceAccount}` === was.owner && p.finished);
    if (finished && owner && workloadKey(owner) !== was.owner) {
      warnings.push(`${where}: the rename of ${was.owner} to ${workloadKey(owner)} is finished: the next apply destroys the ${was.kind} ${address} of the old name, and the role stops trusting it`);
      continue;
    }
    if (was.owner === STATE_ONLY) {
      problems.push(
        `${where}: ${address} is in the applied state, but neither the config nor the ledger knows it: the next apply would destroy it. If it belonged to a workload, put the workload back (with retire: keep to let go of it); if it is to go, destroy it on purpose (terraform destroy -target=${address}) or let go of it (terraform state rm ${address})`,
      );
    } else if (owner === undefined) {
      if (was.protect) {
        problems.push(
          `workload ${was.owner} of ${where} left the config, but it is protected: the next apply would destroy its ${named(address, was)} (prevent_destroy leaves with the block that holds it). To let go of it without destroying it, put it back with retire: keep; to destroy it, put it back with protect: false and retire: destroy; if it was renamed, say so with previously: (with its earlier terraformName if it had one)`,
        );
      } else if (was.kind === "role") {
        warnings.push(`workload ${was.owner} of ${where} left the config: the next apply destroys its ${named(address, was)} and the pods of ${was.owner} lose their AWS access. Put it back with retire: keep to let go of it without destroying it`);
      }
    } else if (was.protect) {
      problems.push(`${where}: the next apply would destroy the protected ${named(address, was)} of ${was.owner} (its address changed, or the config stopped creating it). Say where it went with previously: (terraformName included), or set protect: false if destroying it is meant`);
    } else {
      warnings.push(`${where}: the next apply destroys ${address} of ${was.owner}, which the config no longer creates`);
    }
  }

  // What was let go of before stays let go of until it is managed again, or
  // the config says every state has applied its removal (releasesApplied).
  const applied = new Set(cluster.releasesApplied);
  const releasedBefore = new Set(before?.released ?? []);
  const forgottenBefore = new Set(before?.forgotten ?? []);
  for (const address of applied) {
    const reimportedBefore = Object.hasOwn(before?.managed ?? {}, address) && before!.managed[address].importId !== undefined;
    if (reimportedBefore) continue;
    if (forgottenBefore.has(address)) {
      warnings.push(`${where}: releasesApplied names ${address}, whose removal every state applied already: remove it from releasesApplied (left there, it would stop a later import of ${address})`);
    } else if (!releasedBefore.has(address) || releases.has(address) || configReleases.has(address)) {
      warnings.push(`${where}: releasesApplied names ${address}, which ${releasedBefore.has(address) ? "this change lets go of (again)" : "the stack has not let go of"}: its removed block is written as long as it is needed`);
    }
  }
  for (const address of releasedBefore) if (!after.has(address) && !applied.has(address)) releases.add(address);
  for (const address of configReleases) releases.delete(address);
  // Let go of, and every state applied it: the ledger keeps knowing it exists.
  const forgotten = new Set([...forgottenBefore, ...[...releasedBefore].filter((a) => applied.has(a) && !releases.has(a) && !configReleases.has(a))]);
  for (const address of after.keys()) forgotten.delete(address);

  const previousManaged = new Set(Object.keys(before?.managed ?? {}));
  const movedTargets = new Set(changes.moved.map((m) => m.to));
  // Managed again after it was let go of: it exists, so it is imported, and
  // its import is written again by every later synthesis (the first may not
  // be applied before the next) until releasesApplied names it.
  const reimports: { to: string; id: string }[] = [];
  const reimported = new Set<string>();
  for (const address of [...after.keys()].sort(compare)) {
    if (imported.has(address)) continue;
    const kept = previousManaged.has(address) ? before!.managed[address].importId : undefined;
    if (kept !== undefined && !applied.has(address)) {
      reimports.push({ to: address, id: kept });
      after.set(address, { ...after.get(address)!, importId: kept });
      continue;
    }
    // Let go of before here, or managed by another cluster's stack before (a shared role whose home moved): it exists.
    if (previousManaged.has(address) || !(releasedBefore.has(address) || forgottenBefore.has(address) || context.handedOver.has(address))) continue;
    if (applied.has(address)) {
      // An entry of an earlier release: left there, it would drop this import from the next synthesis, before it is applied.
      problems.push(
        `${where}: releasesApplied names ${address}, which is managed again now and imported: that entry is about an earlier release, and would drop the import before it is applied. Remove ${address} from releasesApplied, and name it there again once this import is applied`,
      );
      continue;
    }
    const id = importIdOf(after.get(address)!, cluster);
    if (id === undefined) {
      // Creating it would fail while it exists (EKS allows one association per service account; IAM one provider per issuer).
      problems.push(
        `${where}: ${address} was let go of and is managed again, but irsa-gen cannot name it for an import, and the next apply would try to create it while it still exists. Adopt it: ${adoptionFix(after.get(address)!)}`,
      );
      continue;
    }
    reimports.push({ to: address, id });
    reimported.add(address);
    after.set(address, { ...after.get(address)!, importId: id });
  }
  const adoptedBefore = new Set(Object.values(before?.managed ?? {}).filter((e) => e.adopted && e.kind === "role").map((e) => e.owner));
  for (const address of [...after.keys()].sort(compare)) {
    if (previousManaged.has(address) || movedTargets.has(address)) continue;
    if (!imported.has(address) && !reimported.has(address)) changes.created.push(address);
    const entry = after.get(address)!;
    if ((entry.kind === "managed-lock" || entry.kind === "inline-lock") && adoptedBefore.has(entry.owner) && !workloads.get(entry.owner)?.adopt?.role) {
      adoptedBefore.delete(entry.owner);
      problems.push(
        `${where}: the drift lock ${address} would strip every policy the adopted role of ${entry.owner} holds that the config does not list, now that the workload no longer adopts it. Keep adopt: as it was, and turn the lock on there with exclusivePolicies: true once the config lists every policy the role needs (or set exclusivePolicies: false)`,
      );
    }
  }
  return {
    problems,
    warnings,
    releases: [...releases].sort(compare),
    forgotten: [...forgotten].sort(compare),
    reimports,
    changes: { cluster: cluster.name, ...changes, imported: [...imported, ...reimported].filter((a) => !previousManaged.has(a)).sort(compare) },
  };
}

/** `role prod-payments-api (aws_iam_role.payments_api)`: what an operator knows it by, and where Terraform has it. */
function named(address: string, entry: LedgerEntry): string {
  return entry.kind === "role" && entry.replaceKeys.name !== undefined ? `role ${entry.replaceKeys.name} (${address})` : `${entry.kind} ${address}`;
}

function renderKeys(keys: Readonly<Record<string, string>>): string {
  return Object.entries(keys)
    .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
    .join(", ");
}

/**
 * The import id of a block, in its resource type's format (hashicorp/aws,
 * hashicorp/kubernetes), from the values the ledger holds; undefined where
 * they do not name it (an association's id, a provider whose account or
 * issuer is read at plan time).
 */
function importIdOf(entry: LedgerEntry, cluster: ClusterConfig): string | undefined {
  const k = entry.replaceKeys;
  switch (entry.kind) {
    case "role":
      return k.name;
    case "inline-policy":
      return `${k.role}:${k.name}`;
    case "attachment":
      return `${k.role}/${k.policyArn}`;
    case "managed-lock":
    case "inline-lock":
      return k.role;
    case "service-account":
      return `${k.namespace}/${k.name}`;
    case "namespace":
      return k.name;
    case "addon":
      return `${k.cluster}:${k.name}`;
    case "oidc-provider": {
      const accountId = k.account === undefined ? cluster.accountId : cluster.roleAccounts?.find((a) => a.name === k.account)?.accountId;
      return accountId !== undefined && cluster.issuerHost !== undefined ? `arn:${cluster.partition.id}:iam::${accountId}:oidc-provider/${cluster.issuerHost}` : undefined;
    }
    default:
      return undefined;
  }
}

/** How to adopt what irsa-gen cannot import by itself. */
function adoptionFix(entry: LedgerEntry): string {
  return entry.kind === "association"
    ? `adopt: { podIdentityAssociation: <its id> } on ${entry.owner} (aws eks list-pod-identity-associations prints it)`
    : entry.kind === "oidc-provider"
      ? "oidcProvider: adopt (with accountId and oidcIssuerUrl), or { adopt: <its ARN> }"
      : `adopt: on ${entry.owner}`;
}

/** The addresses a cluster's stack imports (adoption). */
function importTargets(cluster: ClusterConfig): Set<string> {
  const out = new Set<string>();
  if (cluster.retire !== undefined) return out;
  if (cluster.oidcProvider.mode === "create" && cluster.oidcProvider.importArn !== undefined) out.add("aws_iam_openid_connect_provider.cluster");
  for (const account of cluster.roleAccounts ?? []) {
    if (account.oidcProvider.mode === "create" && account.oidcProvider.importArn !== undefined) out.add(`aws_iam_openid_connect_provider.${accountProviderLabel(account.label)}`);
  }
  for (const workload of cluster.workloads) {
    if (workload.retire !== undefined) continue;
    const adopt = workload.adopt;
    if (!adopt) continue;
    for (const block of stateBlocks(workload, workload.id)) if (adopts(adopt, block.kind)) out.add(block.address);
  }
  for (const addon of cluster.addons) {
    if (addon.role.retire !== undefined) continue;
    const adopt = addon.role.adopt;
    for (const { address, kind } of addonStateBlocks(addon)) {
      if (kind === "addon" ? addon.adoptAddon : adopt !== undefined && adopts(adopt, kind)) out.add(address);
    }
  }
  return out;
}

/** Whether an adoption imports a block of this kind. */
function adopts(adopt: NonNullable<ClusterConfig["workloads"][number]["adopt"]>, kind: string): boolean {
  return (
    (kind === "role" && adopt.role) ||
    (kind === "inline-policy" && adopt.inlinePolicy) ||
    (kind === "attachment" && adopt.attachments) ||
    (kind === "service-account" && adopt.serviceAccount) ||
    (kind === "association" && adopt.podIdentityAssociation !== undefined)
  );
}

/** One line per cluster whose managed addresses change, as `synth` and `validate` print them. */
export function describeChanges(changes: readonly ClusterChanges[]): string[] {
  const lines: string[] = [];
  for (const c of changes) {
    const parts = [
      c.created.length > 0 ? `${c.created.length} created` : "",
      c.imported.length > 0 ? `${c.imported.length} imported` : "",
      c.moved.length > 0 ? `${c.moved.length} moved` : "",
      c.released.length > 0 ? `${c.released.length} let go of (${someOf(c.released, 3)})` : "",
      c.replaced.length > 0 ? `${c.replaced.length} replaced (${someOf(c.replaced.map((r) => r.address), 3)})` : "",
      c.destroyed.length > 0 ? `${c.destroyed.length} destroyed (${someOf(c.destroyed, 3)})` : "",
    ].filter(Boolean);
    if (parts.length > 0) lines.push(`${c.cluster}: the next apply: ${parts.join(", ")}`);
  }
  return lines;
}
