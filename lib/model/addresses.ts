/**
 * Every Terraform address and construct id of one cluster's stack,
 * allocated in one place.
 *
 * The validator allocates them to find collisions (two blocks that would
 * get one address: Terraform would see one block, and one workload would
 * silently lose its policy or its service account), and the constructs
 * take their labels from the result, so what was checked is what is
 * written. Pure: no cdktf.
 *
 * Labels come from natural keys (namespace, service account, a policy's
 * name), never from positions: a changed address makes Terraform destroy
 * and recreate the block, and the pods lose AWS access in between. Labels
 * are the ones earlier versions wrote, so no address of a config that
 * worked changes.
 */
import { dictionary } from "../common/dictionary";
import { parseArn, policyName } from "../aws/arn";
import type { Identity, Move, OidcProviderConfig, PreviousName, Retirement, SharedRoleAddresses, StackAddresses, WorkloadAddresses, AddonAddresses } from "./model";
import { terraformLabel } from "./naming";
import { mechanismsOf } from "./mechanisms";

/** What a workload needs to have its blocks allocated. */
export interface WorkloadBlocks {
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The label of the workload's blocks, e.g. `payments_s3_backup`. */
  readonly id: string;
  readonly managedPolicyArns: readonly string[];
  /** The inline policy's statements; none, no inline policy. */
  readonly policyStatements: readonly unknown[];
  readonly createServiceAccount: boolean;
  readonly createNamespace: boolean;
  readonly exclusivePolicies: boolean;
  /** Earlier names, oldest first: each block is moved from each to the next. */
  readonly previously: readonly PreviousName[];
  readonly identity: Identity;
  readonly retire?: Retirement;
  /** The account the role lives in, when it is not the cluster's: its AWS blocks are labelled `<id>_in_<label>`. */
  readonly roleAccount?: { readonly label: string };
  /**
   * The workload uses a shared role (`roles:`): its only blocks are its
   * service account and association; with a pattern, it has none.
   */
  readonly sharedRole?: { readonly pattern?: string };
}

/** What a shared role homed in the stack needs to have its blocks allocated. */
export interface SharedRoleBlocks {
  readonly key: string;
  /** The label of its blocks, `shared_<key>`. */
  readonly id: string;
  readonly managedPolicyArns: readonly string[];
  readonly policyStatements: readonly unknown[];
  readonly exclusivePolicies: boolean;
  readonly retire?: Retirement;
}

/** What a cluster needs to have its blocks allocated (a part of `ClusterConfig`). */
export interface ClusterBlocks {
  readonly name: string;
  readonly accountId?: string;
  readonly podIdentityAgent: boolean;
  readonly retire?: Retirement;
  readonly workloads: readonly WorkloadBlocks[];
  /** EKS add-ons with a role (see eks-addons.ts). @default none */
  readonly addons?: readonly AddonBlocks[];
  /** Absent: the issuer is read from `data.aws_eks_cluster` at plan time. */
  readonly oidcIssuerUrl?: string;
  readonly oidcProvider: OidcProviderConfig;
  /** The accounts the roles live in besides the cluster's, with the cluster's OIDC provider in each. @default none */
  readonly roleAccounts?: readonly { readonly label: string; readonly oidcProvider: OidcProviderConfig }[];
  /** The shared roles whose home the cluster is. @default none */
  readonly sharedRoles?: readonly SharedRoleBlocks[];
}

/** What an add-on needs to have its blocks allocated (a part of `AddonConfig`). */
export interface AddonBlocks {
  readonly name: string;
  /** The label of the add-on's blocks, from its name. */
  readonly id: string;
  /** The add-on's role, as a workload's on the add-on's service account (which EKS creates). */
  readonly role: WorkloadBlocks;
}

/** Who a block belongs to, for messages. */
export type Owner =
  | { readonly kind: "cluster" }
  | { readonly kind: "role"; readonly role: string }
  | { readonly kind: "namespace"; readonly namespace: string }
  | { readonly kind: "workload"; readonly workload: string; readonly policyArn?: string; readonly previous?: string }
  | { readonly kind: "addon"; readonly addon: string; readonly policyArn?: string };

/** Two blocks that would get one address. */
export interface Collision {
  /** The address both would get, e.g. `aws_iam_role_policy_attachment.a_b_x_y`. */
  readonly address: string;
  /** The block that was allocated first (in the order of the sorted config). */
  readonly first: Owner;
  readonly second: Owner;
}

export interface Allocation {
  readonly addresses: StackAddresses;
  readonly collisions: readonly Collision[];
}

/** Labels and construct ids, each unique within its kind. */
class AddressRegistry {
  private readonly claimed = new Map<string, Owner>();
  readonly collisions: Collision[] = [];

  /** Claims `address` for `owner`; a second claim is a collision. Returns the address's last part. */
  claim(address: string, owner: Owner): string {
    const first = this.claimed.get(address);
    if (first) this.collisions.push({ address, first, second: owner });
    else this.claimed.set(address, owner);
    return address.slice(address.lastIndexOf(".") + 1);
  }
}

/**
 * Whether pods may still run under an earlier name: the rename is not
 * finished, and the name is another service account (not only another
 * Terraform label). Until it is, the role trusts both names, and the old
 * service account and association stay beside the new ones: a rename that
 * switched at once would cut off the pods still running under the old name
 * in the middle of a rollout.
 */
export function inTransition(previous: PreviousName, current: { readonly namespace: string; readonly serviceAccount: string }): boolean {
  return !previous.finished && (previous.namespace !== current.namespace || previous.serviceAccount !== current.serviceAccount);
}

/** The key of a workload: `namespace/serviceAccount`. */
export function workloadKey(workload: { readonly namespace: string; readonly serviceAccount: string }): string {
  return `${workload.namespace}/${workload.serviceAccount}`;
}

/**
 * The label of an attachment's policy: its name (a natural key, unlike its
 * position in a list), or the whole text when it is not an ARN. Remembered
 * by ARN: a few policies are attached to most roles of a large config.
 */
export function policyLabel(arn: string): string {
  let label = policyLabels.get(arn);
  // (Always computing it, a mutant, is equivalent: the cache only saves time.)
  if (label === undefined) {
    const parsed = parseArn(arn);
    label = terraformLabel(parsed ? policyName(parsed) : arn);
    policyLabels.set(arn, label);
  }
  return label;
}
const policyLabels = new Map<string, string>();

/**
 * The label of a workload's AWS blocks (role, policies, attachments, drift
 * locks): its label, or `<label>_in_<account>` when the role lives in
 * another account. A role in another account is another AWS object, so it
 * gets other addresses: Terraform then destroys the old role with the
 * provider of the account it is in (its state says which) and creates the
 * new one with the other's, which the ledger announces (or refuses, when
 * protected) like any destroy. One address across accounts would instead
 * make Terraform look for the old role in the new account, not find it,
 * forget it, and leave it behind.
 */
export function awsLabel(workload: Pick<WorkloadBlocks, "roleAccount">, id: string): string {
  return workload.roleAccount === undefined ? id : `${id}_in_${workload.roleAccount.label}`;
}

/** The label of the cluster's OIDC provider (or its lookup) in another account: `cluster_in_<account>`; the cluster's own keeps `cluster`. */
export function accountProviderLabel(accountLabel: string): string {
  return `cluster_in_${accountLabel}`;
}

/**
 * Which of its own blocks a cluster's stack has: decided here once, for the
 * address registry and for the stack alike.
 */
export interface StackShape {
  /** `data.aws_eks_cluster.cluster`: the Kubernetes provider's endpoint, or the issuer, or the cluster's ARN. */
  readonly clusterData: boolean;
  /** `local.oidc_issuer_host`: the issuer's host, read at plan time. */
  readonly issuerLocal: boolean;
  /** The Kubernetes provider, with `data.aws_eks_cluster_auth.cluster`. */
  readonly kubernetes: boolean;
  /** `data.aws_caller_identity.current`: the account, for Pod Identity trust, when the config does not pin it. */
  readonly callerIdentity: boolean;
  /** Some workload uses IRSA / EKS Pod Identity. */
  readonly irsa: boolean;
  readonly podIdentity: boolean;
  /** Some workload's role in another account uses IRSA: the cluster's OIDC provider is needed there. */
  readonly accountIrsa: boolean;
  /** `data.tls_certificate.oidc_issuer` and the TLS provider: some OIDC provider the stack creates has a thumbprint. */
  readonly thumbprint: boolean;
}

export function stackShape(cluster: ClusterBlocks): StackShape {
  // Retired workloads still count for the Kubernetes provider: Terraform
  // needs it to destroy their objects, or to read them from the state.
  const kubernetes = cluster.workloads.some((w) => w.createServiceAccount || w.createNamespace);
  const irsa = cluster.retire === undefined && cluster.oidcProvider.mode !== "none";
  const podIdentity = [...cluster.workloads, ...(cluster.addons ?? []).map((a) => a.role)].some((w) => w.retire === undefined && mechanismsOf(w.identity).podIdentity);
  const accountIrsa = cluster.retire === undefined && (cluster.roleAccounts ?? []).some((a) => a.oidcProvider.mode !== "none");
  const issuerFromCluster = (irsa || accountIrsa) && cluster.oidcIssuerUrl === undefined;
  const creates = (p: OidcProviderConfig) => p.mode === "create" && p.thumbprint;
  return {
    clusterData: kubernetes || issuerFromCluster || (podIdentity && cluster.accountId === undefined),
    // An existing provider's ARN names the issuer; other accounts' roles need it in their trust as well.
    issuerLocal: issuerFromCluster && (cluster.oidcProvider.mode !== "existing" || !irsa),
    kubernetes,
    callerIdentity: podIdentity && cluster.accountId === undefined,
    irsa,
    podIdentity,
    accountIrsa,
    thumbprint: (irsa && creates(cluster.oidcProvider)) || (accountIrsa && (cluster.roleAccounts ?? []).some((a) => creates(a.oidcProvider))),
  };
}

/**
 * Allocates every block of a cluster's stack, in a fixed order: the
 * cluster's own blocks, then namespaces, then workloads, each sorted.
 */
export function allocateAddresses(cluster: ClusterBlocks): Allocation {
  const registry = new AddressRegistry();
  const shape = stackShape(cluster);
  const provider = cluster.oidcProvider;
  // A retired cluster lets go of the OIDC provider it created.
  const releases: string[] = [];
  const releaseProvider = cluster.retire === "keep" && provider.mode === "create";
  if (releaseProvider) releases.push("aws_iam_openid_connect_provider.cluster");
  // The cluster's own blocks: fixed labels (see cluster-stack.ts and oidc-provider.ts).
  // They are in the registry so that it holds every address of the stack,
  // but no workload's or namespace's address can meet one of them (those
  // are of other block types, `construct.workload-…` and
  // `construct.namespace-…`): no change to these takes changes a collision.
  // Stryker disable all: equivalent mutants, see above (README, "npm run mutation")
  const clusterOwner: Owner = { kind: "cluster" };
  registry.claim("provider.aws", clusterOwner);
  if (shape.clusterData) registry.claim("data.aws_eks_cluster.cluster", clusterOwner);
  if (shape.issuerLocal) registry.claim("local.oidc_issuer_host", clusterOwner);
  if (shape.kubernetes) {
    registry.claim("provider.kubernetes", clusterOwner);
    registry.claim("data.aws_eks_cluster_auth.cluster", clusterOwner);
  }
  if (shape.callerIdentity) registry.claim("data.aws_caller_identity.current", clusterOwner);
  if (cluster.podIdentityAgent) registry.claim("aws_eks_addon.pod_identity_agent", clusterOwner);
  if (releaseProvider) {
    registry.claim("aws_iam_openid_connect_provider.cluster", clusterOwner);
  } else if (shape.irsa && provider.mode === "create") {
    registry.claim("construct.oidc", clusterOwner);
    registry.claim("aws_iam_openid_connect_provider.cluster", clusterOwner);
    if (provider.importArn !== undefined) registry.claim("import.aws_iam_openid_connect_provider.cluster", clusterOwner);
  } else if (provider.mode === "lookup") {
    registry.claim("data.aws_iam_openid_connect_provider.cluster", clusterOwner);
  }
  if (shape.thumbprint) {
    registry.claim("provider.tls", clusterOwner);
    registry.claim("data.tls_certificate.oidc_issuer", clusterOwner);
  }
  // Stryker restore all
  // Each other account: a retired cluster lets go of the OIDC provider it created there.
  for (const account of cluster.roleAccounts ?? []) {
    if (cluster.retire === "keep" && account.oidcProvider.mode === "create") releases.push(`aws_iam_openid_connect_provider.${accountProviderLabel(account.label)}`);
  }
  // Each other account's AWS provider, and the cluster's OIDC provider there (see cluster-stack.ts):
  // blocks of other types than any workload's or namespace's, like the cluster's own above.
  // Stryker disable all: equivalent mutants, as the cluster's own labels (README, "npm run mutation")
  for (const account of cluster.roleAccounts ?? []) {
    registry.claim(`provider.aws.${account.label}`, clusterOwner);
    const label = accountProviderLabel(account.label);
    const mode = account.oidcProvider;
    if (cluster.retire === "keep" && mode.mode === "create") {
      registry.claim(`aws_iam_openid_connect_provider.${label}`, clusterOwner);
    } else if (cluster.retire === undefined && mode.mode === "create") {
      registry.claim(`construct.oidc-${label}`, clusterOwner);
      registry.claim(`aws_iam_openid_connect_provider.${label}`, clusterOwner);
    } else if (cluster.retire === undefined && mode.mode === "lookup") {
      registry.claim(`data.aws_iam_openid_connect_provider.${label}`, clusterOwner);
    }
  }
  // Stryker restore all


  const namespaces = dictionary<{ label: string; construct: string }>();
  const active = cluster.workloads.filter((w) => w.retire === undefined);
  const created = [...new Set(active.filter((w) => w.createNamespace).map((w) => w.namespace))].sort();
  // A namespace that only retired workloads created is let go of, never
  // destroyed: deleting a namespace deletes everything in it.
  // (`w.retire !== undefined` made true is an equivalent mutant: an active workload's namespace is in `created`.)
  const createdByRetired = cluster.workloads.filter((w) => w.retire !== undefined && w.createNamespace && !created.includes(w.namespace)).map((w) => w.namespace);
  for (const namespace of [...new Set(createdByRetired)].sort()) {
    const address = `kubernetes_namespace_v1.${terraformLabel(namespace)}`;
    registry.claim(address, { kind: "namespace", namespace });
    releases.push(address);
  }
  for (const namespace of created) {
    const owner: Owner = { kind: "namespace", namespace };
    const label = registry.claim(`kubernetes_namespace_v1.${terraformLabel(namespace)}`, owner);
    namespaces[namespace] = { label, construct: registry.claim(`construct.namespace-${label}`, owner) };
  }

  const workloads = dictionary<WorkloadAddresses>();
  // (V8's sort asks only whether the comparator is negative, sorting
  // fewer than 64 items by binary insertion: mutants of `a.id > b.id ? 1 : 0`
  // survive a test with 100 workloads too, as equivalent there.)
  for (const workload of [...cluster.workloads].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const key = workloadKey(workload);
    const owner = { kind: "workload", workload: key } as const;
    const id = workload.id;
    if (workload.retire !== undefined) {
      // Nothing is written for it; with keep, each of its blocks is let go of.
      if (workload.retire === "keep") {
        for (const address of stateAddresses(workload, id)) {
          registry.claim(address, owner);
          releases.push(address);
        }
      }
      continue;
    }
    if (workload.sharedRole !== undefined) {
      // A shared role's workload: its service account and association only; a pattern names none.
      if (workload.sharedRole.pattern !== undefined) continue;
      const construct = registry.claim(`construct.workload-${id}`, owner);
      for (const block of stateBlocks(workload, id)) registry.claim(block.address, owner);
      const annotationsOutput = `${id}_service_account_annotations`;
      if (!workload.createServiceAccount) registry.claim(`output.${annotationsOutput}`, owner);
      workloads[key] = { construct, role: id, serviceAccount: id, trustDocument: "", permissionsDocument: "", attachments: dictionary<string>(), roleArnOutput: "", annotationsOutput, podIdentityAssociation: id, moves: [], transitions: [] };
      continue;
    }
    const construct = registry.claim(`construct.workload-${id}`, owner);
    const { trustDocument, attachments, roleArnOutput } = claimRole(registry, id, stateBlocks(workload, id), workload.policyStatements.length > 0, owner);
    const annotationsOutput = `${id}_service_account_annotations`;
    if (!workload.createServiceAccount) registry.claim(`output.${annotationsOutput}`, owner);
    // A workload's service account and association have its label; its role's blocks too, in the cluster's account.
    const role = awsLabel(workload, id);
    const podIdentityAssociation = id;
    // Moves and transitions are filled in below, once every label is claimed (so a mutant of these two lists is equivalent).
    workloads[key] = { construct, role, serviceAccount: id, trustDocument, permissionsDocument: `${id}_permissions`, attachments, roleArnOutput, annotationsOutput, podIdentityAssociation, moves: [], transitions: [] };
  }

  // Add-ons: their role's blocks, as a workload's, beside the add-on's own.
  const addons = dictionary<AddonAddresses>();
  for (const addon of [...(cluster.addons ?? [])].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const owner = { kind: "addon", addon: addon.name } as const;
    if (addon.role.retire !== undefined) {
      if (addon.role.retire === "keep") {
        for (const { address } of addonStateBlocks(addon)) {
          registry.claim(address, owner);
          releases.push(address);
        }
      }
      continue;
    }
    const label = registry.claim(`aws_eks_addon.${addon.id}`, owner);
    const construct = registry.claim(`construct.addon-${addon.id}`, owner);
    const roleBlocks = addonStateBlocks(addon).filter((b) => b.kind !== "addon");
    addons[addon.name] = { construct, addon: label, role: addon.id, permissionsDocument: `${addon.id}_permissions`, ...claimRole(registry, addon.id, roleBlocks, addon.role.policyStatements.length > 0, owner) };
  }

  // Earlier names: every block that keeps state moves along the chain of
  // names, oldest first, so Terraform updates in place what it would
  // otherwise destroy and create. An earlier address must be no block's
  // address now, and no other workload's earlier address.
  for (const workload of active) {
    const key = workloadKey(workload);
    const current = workloads[key];
    // A pattern names no service account: it has no blocks to move, and no addresses.
    if (current === undefined) continue;
    // (`finished` of the current name is never read: a mutant of it is equivalent.)
    const names = [...workload.previously, { namespace: workload.namespace, serviceAccount: workload.serviceAccount, id: workload.id, finished: true }];
    const moves: Move[] = [];
    const transitions = workload.previously.filter((p) => inTransition(p, workload));
    for (let i = 0; i + 1 < names.length; i++) {
      const from = stateBlocks(workload, names[i].id);
      const to = stateBlocks(workload, names[i + 1].id);
      const owner: Owner = { kind: "workload", workload: key, previous: names[i].id };
      // A service account or association of another name is another object
      // in Kubernetes and EKS: moving it would replace it. It stays where it
      // is while the rename is in transition, and goes once it is finished.
      const sameSubject = names[i].namespace === names[i + 1].namespace && names[i].serviceAccount === names[i + 1].serviceAccount;
      for (const [index, block] of from.entries()) {
        registry.claim(block.address, owner);
        if (sameSubject || !SUBJECT_KINDS.has(block.kind)) moves.push({ from: block.address, to: to[index].address });
      }
    }
    workloads[key] = { ...current, moves, transitions };
  }

  // Shared roles homed here: labels from their keys, never from a workload.
  const sharedRoles = dictionary<SharedRoleAddresses>();
  for (const shared of [...(cluster.sharedRoles ?? [])].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const owner: Owner = { kind: "role", role: shared.key };
    const id = shared.id;
    if (shared.retire !== undefined) {
      if (shared.retire === "keep") {
        for (const block of sharedRoleBlocks(shared)) {
          registry.claim(block.address, owner);
          releases.push(block.address);
        }
      }
      continue;
    }
    const construct = registry.claim(`construct.shared-role-${id}`, owner);
    sharedRoles[shared.key] = { construct, role: id, permissionsDocument: `${id}_permissions`, ...claimRole(registry, id, sharedRoleBlocks(shared), shared.policyStatements.length > 0, owner) };
  }
  return { addresses: { namespaces, workloads, addons, releases, sharedRoles }, collisions: registry.collisions };
}

/**
 * Claims a role's blocks (a workload's, an add-on's or a shared role's):
 * its blocks that hold state, from the one list of them, and beside them
 * its trust and permissions documents and its ARN output. Returns their labels.
 */
function claimRole(registry: AddressRegistry, id: string, blocks: readonly StateBlock[], inline: boolean, owner: Owner): { trustDocument: string; attachments: Record<string, string>; roleArnOutput: string } {
  // The role's own block first: a collision is reported by the first address two owners share.
  const attachments = dictionary<string>();
  for (const block of blocks) {
    const label = registry.claim(block.address, block.policyArn !== undefined && (owner.kind === "workload" || owner.kind === "addon") ? { ...owner, policyArn: block.policyArn } : owner);
    if (block.policyArn !== undefined) attachments[block.policyArn] = label;
  }
  const trustDocument = registry.claim(`data.aws_iam_policy_document.${id}_trust`, owner);
  if (inline) registry.claim(`data.aws_iam_policy_document.${id}_permissions`, owner);
  const roleArnOutput = registry.claim(`output.${id}_role_arn`, owner);
  return { trustDocument, attachments, roleArnOutput };
}

/** A shared role's blocks that hold state: those of a workload's role, under its own label. */
export function sharedRoleBlocks(shared: SharedRoleBlocks): StateBlock[] {
  return stateBlocks({ ...shared, namespace: "", serviceAccount: "", createServiceAccount: false, createNamespace: false, previously: [], identity: "irsa" }, shared.id);
}

/** The blocks that are a service account's own object: they follow its name, never move across names. */
export const SUBJECT_KINDS: ReadonlySet<string> = new Set<StateKind>(["service-account", "association"]);

/** What a workload's block that holds state is. */
export type StateKind = "role" | "attachment" | "inline-policy" | "service-account" | "association" | "managed-lock" | "inline-lock" | "addon";

/** One block of a workload that holds state: what the ledger, the moves and the imports are made of. */
export interface StateBlock {
  readonly address: string;
  readonly kind: StateKind;
  /** An attachment's policy. */
  readonly policyArn?: string;
}

/** A workload's blocks that hold state, under a label: the one list every address of a workload derives from. */
export function stateBlocks(workload: WorkloadBlocks, id: string): StateBlock[] {
  if (workload.sharedRole !== undefined) {
    // Its role is elsewhere (the shared role's blocks); a pattern names no service account of its own.
    if (workload.sharedRole.pattern !== undefined) return [];
    const blocks: StateBlock[] = [];
    if (workload.createServiceAccount) blocks.push({ address: `kubernetes_service_account_v1.${id}`, kind: "service-account" });
    if (mechanismsOf(workload.identity).podIdentity) blocks.push({ address: `aws_eks_pod_identity_association.${id}`, kind: "association" });
    return blocks;
  }
  // The role's blocks in another account are labelled `<id>_in_<account>`: another object than the same role in the cluster's account.
  const aws = awsLabel(workload, id);
  const blocks: StateBlock[] = [{ address: `aws_iam_role.${aws}`, kind: "role" }];
  for (const arn of workload.managedPolicyArns) blocks.push({ address: `aws_iam_role_policy_attachment.${aws}_${policyLabel(arn)}`, kind: "attachment", policyArn: arn });
  if (workload.policyStatements.length > 0) blocks.push({ address: `aws_iam_role_policy.${aws}`, kind: "inline-policy" });
  if (workload.createServiceAccount) blocks.push({ address: `kubernetes_service_account_v1.${id}`, kind: "service-account" });
  if (mechanismsOf(workload.identity).podIdentity) blocks.push({ address: `aws_eks_pod_identity_association.${id}`, kind: "association" });
  if (workload.exclusivePolicies) {
    blocks.push({ address: `aws_iam_role_policy_attachments_exclusive.${aws}`, kind: "managed-lock" });
    blocks.push({ address: `aws_iam_role_policies_exclusive.${aws}`, kind: "inline-lock" });
  }
  return blocks;
}

/**
 * The service account and association of each earlier name in transition
 * (see `inTransition`), under that name's label, with the name.
 */
export function transitionBlocks(workload: WorkloadBlocks): (StateBlock & { readonly previous: PreviousName })[] {
  return workload.previously
    .filter((p) => inTransition(p, workload))
    .flatMap((previous) => stateBlocks(workload, previous.id).filter((b) => SUBJECT_KINDS.has(b.kind)).map((b) => ({ ...b, previous })));
}

/**
 * An add-on's blocks that hold state: `aws_eks_addon.<label>`, then its
 * role's as a workload's, but for the association, which is the add-on's
 * own (`pod_identity_association`), not a block of its own.
 */
export function addonStateBlocks(addon: AddonBlocks): StateBlock[] {
  return [{ address: `aws_eks_addon.${addon.id}`, kind: "addon" }, ...stateBlocks(addon.role, addon.id).filter((b) => b.kind !== "association")];
}

/** The addresses of a workload's blocks that hold state, under a label. */
export function stateAddresses(workload: WorkloadBlocks, id: string): string[] {
  return stateBlocks(workload, id).map((b) => b.address);
}
