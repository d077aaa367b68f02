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
import type { Identity, Move, OidcProviderConfig, PreviousName, Retirement, StackAddresses, WorkloadAddresses } from "./model";
import { terraformLabel } from "./naming";

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
}

/** What a cluster needs to have its blocks allocated (a part of `ClusterConfig`). */
export interface ClusterBlocks {
  readonly name: string;
  readonly accountId?: string;
  readonly podIdentityAgent: boolean;
  readonly retire?: Retirement;
  readonly workloads: readonly WorkloadBlocks[];
  /** Absent: the issuer is read from `data.aws_eks_cluster` at plan time. */
  readonly oidcIssuerUrl?: string;
  readonly oidcProvider: OidcProviderConfig;
}

/** Who a block belongs to, for messages. */
export type Owner =
  | { readonly kind: "cluster" }
  | { readonly kind: "namespace"; readonly namespace: string }
  | { readonly kind: "workload"; readonly workload: string; readonly policyArn?: string; readonly previous?: string };

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
  private readonly taken = new Map<string, Owner>();
  readonly collisions: Collision[] = [];

  /** Takes `address` for `owner`; a second taker is a collision. Returns the address's last part. */
  take(address: string, owner: Owner): string {
    const first = this.taken.get(address);
    if (first) this.collisions.push({ address, first, second: owner });
    else this.taken.set(address, owner);
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
}

export function stackShape(cluster: ClusterBlocks): StackShape {
  // Retired workloads still count for the Kubernetes provider: Terraform
  // needs it to destroy their objects, or to read them from the state.
  const kubernetes = cluster.workloads.some((w) => w.createServiceAccount || w.createNamespace);
  const irsa = cluster.retire === undefined && cluster.oidcProvider.mode !== "none";
  const podIdentity = cluster.workloads.some((w) => w.retire === undefined && w.identity !== "irsa");
  const issuerFromCluster = irsa && cluster.oidcIssuerUrl === undefined;
  return {
    clusterData: kubernetes || issuerFromCluster || (podIdentity && cluster.accountId === undefined),
    issuerLocal: issuerFromCluster && cluster.oidcProvider.mode !== "existing",
    kubernetes,
    callerIdentity: podIdentity && cluster.accountId === undefined,
    irsa,
    podIdentity,
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
  registry.take("provider.aws", clusterOwner);
  if (shape.clusterData) registry.take("data.aws_eks_cluster.cluster", clusterOwner);
  if (shape.issuerLocal) registry.take("local.oidc_issuer_host", clusterOwner);
  if (shape.kubernetes) {
    registry.take("provider.kubernetes", clusterOwner);
    registry.take("data.aws_eks_cluster_auth.cluster", clusterOwner);
  }
  if (shape.callerIdentity) registry.take("data.aws_caller_identity.current", clusterOwner);
  if (cluster.podIdentityAgent) registry.take("aws_eks_addon.pod_identity_agent", clusterOwner);
  if (releaseProvider) {
    registry.take("aws_iam_openid_connect_provider.cluster", clusterOwner);
  } else if (shape.irsa && provider.mode === "create") {
    registry.take("construct.oidc", clusterOwner);
    registry.take("aws_iam_openid_connect_provider.cluster", clusterOwner);
    if (provider.importArn !== undefined) registry.take("import.aws_iam_openid_connect_provider.cluster", clusterOwner);
    if (provider.thumbprint) {
      registry.take("provider.tls", clusterOwner);
      registry.take("data.tls_certificate.oidc_issuer", clusterOwner);
    }
  } else if (provider.mode === "lookup") {
    registry.take("data.aws_iam_openid_connect_provider.cluster", clusterOwner);
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
    registry.take(address, { kind: "namespace", namespace });
    releases.push(address);
  }
  for (const namespace of created) {
    const owner: Owner = { kind: "namespace", namespace };
    const label = registry.take(`kubernetes_namespace_v1.${terraformLabel(namespace)}`, owner);
    namespaces[namespace] = { label, construct: registry.take(`construct.namespace-${label}`, owner) };
  }

  const workloads = dictionary<WorkloadAddresses>();
  // (V8's sort asks only whether the comparator is negative, sorting
  // fewer than 64 items by binary insertion: mutants of `a.id > b.id ? 1 : 0`
  // survive a test with 100 workloads too, as equivalent there.)
  for (const workload of [...cluster.workloads].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const key = workloadKey(workload);
    const owner: Owner = { kind: "workload", workload: key };
    const id = workload.id;
    if (workload.retire !== undefined) {
      // Nothing is written for it; with keep, each of its blocks is let go of.
      if (workload.retire === "keep") {
        for (const address of stateAddresses(workload, id)) {
          registry.take(address, owner);
          releases.push(address);
        }
      }
      continue;
    }
    const construct = registry.take(`construct.workload-${id}`, owner);
    const role = registry.take(`aws_iam_role.${id}`, owner);
    const trustDocument = registry.take(`data.aws_iam_policy_document.${id}_trust`, owner);
    const attachments = dictionary<string>();
    for (const arn of workload.managedPolicyArns) {
      attachments[arn] = registry.take(`aws_iam_role_policy_attachment.${id}_${policyLabel(arn)}`, { ...owner, policyArn: arn });
    }
    if (workload.policyStatements.length > 0) {
      registry.take(`data.aws_iam_policy_document.${id}_permissions`, owner);
      registry.take(`aws_iam_role_policy.${id}`, owner);
    }
    if (workload.createServiceAccount) registry.take(`kubernetes_service_account_v1.${id}`, owner);
    if (workload.exclusivePolicies) {
      registry.take(`aws_iam_role_policy_attachments_exclusive.${id}`, owner);
      registry.take(`aws_iam_role_policies_exclusive.${id}`, owner);
    }
    const roleArnOutput = registry.take(`output.${id}_role_arn`, owner);
    const annotationsOutput = `${id}_service_account_annotations`;
    if (!workload.createServiceAccount) registry.take(`output.${annotationsOutput}`, owner);
    const podIdentityAssociation = id;
    if (workload.identity !== "irsa") registry.take(`aws_eks_pod_identity_association.${podIdentityAssociation}`, owner);
    // Moves and transitions are filled in below, once every label is taken (so a mutant of these two lists is equivalent).
    workloads[key] = { construct, role, trustDocument, permissionsDocument: `${id}_permissions`, attachments, roleArnOutput, annotationsOutput, podIdentityAssociation, moves: [], transitions: [] };
  }

  // Earlier names: every block that keeps state moves along the chain of
  // names, oldest first, so Terraform updates in place what it would
  // otherwise destroy and create. An earlier address must be no block's
  // address now, and no other workload's earlier address.
  for (const workload of active) {
    const key = workloadKey(workload);
    const current = workloads[key];
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
        registry.take(block.address, owner);
        if (sameSubject || !SUBJECT_KINDS.has(block.kind)) moves.push({ from: block.address, to: to[index].address });
      }
    }
    workloads[key] = { ...current, moves, transitions };
  }
  return { addresses: { namespaces, workloads, releases }, collisions: registry.collisions };
}

/** The blocks that are a service account's own object: they follow its name, never move across names. */
export const SUBJECT_KINDS: ReadonlySet<string> = new Set(["service-account", "association"]);

/** One block of a workload that holds state: what the ledger, the moves and the imports are made of. */
export interface StateBlock {
  readonly address: string;
  /** `role`, `attachment`, `inline-policy`, `service-account`, `association`, `managed-lock`, `inline-lock`. */
  readonly kind: string;
  /** An attachment's policy. */
  readonly policyArn?: string;
}

/** A workload's blocks that hold state, under a label: the one list every address of a workload derives from. */
export function stateBlocks(workload: WorkloadBlocks, id: string): StateBlock[] {
  return [
    { address: `aws_iam_role.${id}`, kind: "role" },
    ...workload.managedPolicyArns.map((arn) => ({ address: `aws_iam_role_policy_attachment.${id}_${policyLabel(arn)}`, kind: "attachment", policyArn: arn })),
    ...(workload.policyStatements.length > 0 ? [{ address: `aws_iam_role_policy.${id}`, kind: "inline-policy" }] : []),
    ...(workload.createServiceAccount ? [{ address: `kubernetes_service_account_v1.${id}`, kind: "service-account" }] : []),
    ...(workload.identity !== "irsa" ? [{ address: `aws_eks_pod_identity_association.${id}`, kind: "association" }] : []),
    ...(workload.exclusivePolicies
      ? [
          { address: `aws_iam_role_policy_attachments_exclusive.${id}`, kind: "managed-lock" },
          { address: `aws_iam_role_policies_exclusive.${id}`, kind: "inline-lock" },
        ]
      : []),
  ];
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

/** The addresses of a workload's blocks that hold state, under a label. */
export function stateAddresses(workload: WorkloadBlocks, id: string): string[] {
  return stateBlocks(workload, id).map((b) => b.address);
}
