/**
 * Who may assume a workload's role, by mechanism: the one place that
 * decides a role's trust statements, whether its service account carries
 * the role-ARN annotation, and whether it gets a Pod Identity association.
 * Pure data (no cdktf): the trust-policy construct renders it, and tests
 * evaluate it as IAM would.
 */
import { accountProviderLabel, inTransition, stackShape } from "./addresses";
import type { ClusterConfig, Identity, SharedRoleMember, WorkloadConfig } from "./model";
import { serviceAccountSubject, STS_AUDIENCE } from "../aws/eks";
import type { DocumentStatement } from "./iam-policy";
import { mechanismsOf } from "./mechanisms";

/** One statement of a trust policy, in the shape of `aws_iam_policy_document`. */
export interface TrustStatement {
  readonly actions: readonly string[];
  readonly principals: readonly { readonly type: "Federated" | "Service"; readonly identifiers: readonly string[] }[];
  /** ANDed; the values of one condition are ORed. */
  readonly conditions: readonly { readonly test: string; readonly variable: string; readonly values: readonly string[] }[];
}

/** The service principal EKS Pod Identity assumes roles as. https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html */
export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";

/**
 * The session tags EKS Pod Identity sets when it assumes a role (unless
 * the association disables them), which a trust policy can require.
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html
 */
export const POD_IDENTITY_TAGS = {
  clusterArn: "aws:RequestTag/eks-cluster-arn",
  namespace: "aws:RequestTag/kubernetes-namespace",
  serviceAccount: "aws:RequestTag/kubernetes-service-account",
} as const;

export interface TrustInput {
  readonly identity: Identity;
  readonly namespace: string;
  readonly serviceAccount: string;
  /**
   * Earlier names of the service account whose rename is in transition
   * (see `inTransition` in addresses.ts): trusted as well, each as a whole
   * (namespace and name together), until the rename is finished.
   * @default none
   */
  readonly formerSubjects?: readonly { readonly namespace: string; readonly serviceAccount: string }[];
  /** IRSA: the OIDC provider's ARN (a literal or a Terraform expression). */
  readonly oidcProviderArn?: string;
  /** IRSA: the issuer without https://, the prefix of the condition keys. */
  readonly issuerHost?: string;
  /** Pod Identity: the cluster's ARN (a literal or a Terraform expression). */
  readonly clusterArn?: string;
  /** Pod Identity: the account the role and the cluster are in (a literal or a Terraform expression). */
  readonly accountId?: string;
  /**
   * Pod Identity: pin the trust to this service account on this cluster with
   * the session tags. Off only when the association disables session tags:
   * the tags are then absent and a pinned trust would admit nobody.
   * @default true
   */
  readonly pinned?: boolean;
}

/**
 * What a trust names when the config gives no literal: Terraform
 * expressions on the stack's own blocks, whose labels are fixed (see
 * addresses.ts). Named here so that the stack writes them and the report
 * puts them in words from one place.
 */
export const TRUST_EXPRESSIONS = {
  createdProvider: "${aws_iam_openid_connect_provider.cluster.arn}",
  foundProvider: "${data.aws_iam_openid_connect_provider.cluster.arn}",
  issuerHost: "${local.oidc_issuer_host}",
  account: "${data.aws_caller_identity.current.account_id}",
  clusterArn: "${data.aws_eks_cluster.cluster.arn}",
} as const;

/**
 * What a role in another account trusts: the cluster's OIDC provider
 * registered in that account (created there, or found there at plan time).
 */
export function accountProviderExpression(accountLabel: string, mode: "create" | "lookup"): string {
  const label = accountProviderLabel(accountLabel);
  return mode === "lookup" ? `\${data.aws_iam_openid_connect_provider.${label}.arn}` : `\${aws_iam_openid_connect_provider.${label}.arn}`;
}

/** The cluster's side of an IRSA trust. */
export interface IrsaTrust {
  /** The OIDC provider's ARN (a literal or a Terraform expression). */
  readonly oidcProviderArn: string;
  /** The issuer without https:// (a literal or a Terraform expression). */
  readonly issuerHost: string;
}

/** The cluster's side of an EKS Pod Identity trust (literals, or Terraform expressions). */
export interface PodIdentityTrust {
  readonly accountId: string;
  readonly clusterArn: string;
}

/**
 * What every trust of a cluster's stack names, from the validated config
 * alone: the stack writes these values, and the report evaluates the same
 * statements without synthesizing the stack. Each part is present when
 * some workload of the cluster uses its mechanism.
 */
export function clusterTrust(cluster: ClusterConfig): ClusterTrust {
  const shape = stackShape(cluster);
  const provider = cluster.oidcProvider;
  // `shape.irsa` implies a provider: the second test narrows the type (its mutants are equivalent).
  const irsa: IrsaTrust | undefined =
    shape.irsa && provider.mode !== "none"
      ? {
          oidcProviderArn: provider.mode === "existing" ? provider.arn : provider.mode === "lookup" ? TRUST_EXPRESSIONS.foundProvider : TRUST_EXPRESSIONS.createdProvider,
          issuerHost: cluster.issuerHost ?? TRUST_EXPRESSIONS.issuerHost,
        }
      : undefined;
  const podIdentity: PodIdentityTrust | undefined = !shape.podIdentity
    ? undefined
    : cluster.accountId !== undefined
      ? { accountId: cluster.accountId, clusterArn: `arn:${cluster.partition.id}:eks:${cluster.region}:${cluster.accountId}:cluster/${cluster.name}` }
      : { accountId: TRUST_EXPRESSIONS.account, clusterArn: TRUST_EXPRESSIONS.clusterArn };
  // A role in another account: the same issuer, through the provider registered in that account.
  // (An array in place of the empty object would hold the same labels: that mutant is equivalent.)
  const accounts: Record<string, IrsaTrust> = {};
  for (const account of cluster.roleAccounts ?? []) {
    if (!shape.accountIrsa || account.oidcProvider.mode === "none") continue;
    accounts[account.label] = { oidcProviderArn: accountProviderExpression(account.label, account.oidcProvider.mode), issuerHost: cluster.issuerHost ?? TRUST_EXPRESSIONS.issuerHost };
  }
  return { ...(irsa ? { irsa } : {}), ...(podIdentity ? { podIdentity } : {}), ...(Object.keys(accounts).length > 0 ? { accounts } : {}) };
}

/** What every trust of a cluster's stack names (see `clusterTrust`). */
export interface ClusterTrust {
  /** The IRSA trust of roles in the cluster's own account. */
  readonly irsa?: IrsaTrust;
  readonly podIdentity?: PodIdentityTrust;
  /** The IRSA trust of roles in another account, by the account's label. */
  readonly accounts?: Readonly<Record<string, IrsaTrust>>;
}

/**
 * A workload's trust: its mechanism and service account, the earlier names
 * of a rename in transition, and what its cluster's trusts name. The stack
 * and the report both take it from here.
 */
export function workloadTrust(workload: WorkloadConfig, names: ClusterTrust): TrustInput {
  // A role in another account trusts the provider registered there, never the cluster account's.
  // (A workload with roleAccount always finds `accounts` here: the `?.` only narrows the type, its mutant is equivalent.)
  const irsa = workload.roleAccount === undefined ? names.irsa : names.accounts?.[workload.roleAccount.label];
  return {
    identity: workload.identity,
    namespace: workload.namespace,
    serviceAccount: workload.serviceAccount,
    formerSubjects: workload.previously.filter((p) => inTransition(p, workload)),
    ...irsa,
    ...names.podIdentity,
    pinned: !workload.podIdentity?.disableSessionTags,
  };
}

/**
 * The trust statements of a role, one per mechanism: in `both`, each has
 * its own conditions, so a pod admitted by one is never admitted by the
 * other's looser conditions.
 */
export function trustStatements(input: TrustInput): TrustStatement[] {
  const statements: TrustStatement[] = [];
  const mechanisms = mechanismsOf(input.identity);
  if (mechanisms.irsa) statements.push(irsaStatement(input));
  if (mechanisms.podIdentity) {
    // One statement per service account: namespace and name are two
    // conditions, ANDed, and values within one are ORed, so listing both
    // names in each would also admit an old namespace with the new name.
    const pinned = input.pinned ?? true;
    for (const subject of pinned ? subjectsOf(input) : [input]) statements.push(podIdentityStatement({ ...input, ...subject }));
  }
  return statements;
}

/** The service accounts a role trusts: its own, then those of a rename in transition. */
function subjectsOf(input: TrustInput): { namespace: string; serviceAccount: string }[] {
  return [{ namespace: input.namespace, serviceAccount: input.serviceAccount }, ...(input.formerSubjects ?? []).map((s) => ({ namespace: s.namespace, serviceAccount: s.serviceAccount }))];
}

/**
 * The trust statements as `aws_iam_policy_document` blocks: what the
 * trust-policy construct writes and what the validator measures the
 * policy's size with, from this one function.
 */
export function trustDocument(input: TrustInput): DocumentStatement[] {
  return asDocument(trustStatements(input));
}

function asDocument(statements: readonly TrustStatement[]): DocumentStatement[] {
  return statements.map((s) => ({
    effect: "Allow",
    actions: [...s.actions],
    principals: s.principals.map((p) => ({ type: p.type, identifiers: [...p.identifiers] })),
    condition: s.conditions.map((c) => ({ test: c.test, variable: c.variable, values: [...c.values] })),
  }));
}

/**
 * IRSA: only this service account, in this namespace, with a token for STS
 * from this cluster's issuer. Both conditions sit in one statement, so they
 * are ANDed: without `sub` any service account of the cluster could assume
 * the role; without `aud` a token minted for another audience would do.
 * https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
export function irsaStatement(input: TrustInput): TrustStatement {
  if (input.oidcProviderArn === undefined || input.issuerHost === undefined) throw new Error("IRSA trust needs the OIDC provider and the issuer");
  // The subject is one key whose values are whole names: listing a rename's
  // earlier name beside the current one admits exactly those two.
  return webIdentityStatement(input, subjectsOf(input).map((s) => serviceAccountSubject(s.namespace, s.serviceAccount)), "StringEquals");
}

/** One cluster's IRSA statement: its provider, the subjects (`StringEquals`, or `StringLike` for patterns), the STS audience. */
function webIdentityStatement(cluster: { readonly oidcProviderArn?: string; readonly issuerHost?: string }, subjects: readonly string[], test: "StringEquals" | "StringLike"): TrustStatement {
  return {
    actions: ["sts:AssumeRoleWithWebIdentity"],
    principals: [{ type: "Federated", identifiers: [cluster.oidcProviderArn!] }],
    conditions: [
      { test, variable: `${cluster.issuerHost}:sub`, values: [...subjects] },
      { test: "StringEquals", variable: `${cluster.issuerHost}:aud`, values: [STS_AUDIENCE] },
    ],
  };
}

/**
 * The trust of a shared role (`roles:`), from the workloads naming it, in
 * the members' order (by cluster, then name). Per cluster: one IRSA
 * statement for its OIDC provider listing its exact service accounts (the
 * values of one key are ORed, so it admits exactly those), one more for
 * its patterns (`StringLike` in a statement of its own: conditions in one
 * statement are ANDed, so an exact and a pattern condition on the same key
 * would admit only what both match), and one pinned Pod Identity statement
 * per service account (namespace and name are separate tags, ANDed: one
 * statement each never pairs one's namespace with another's name). Never
 * one statement naming two clusters' keys: a token carries one issuer's
 * keys, and two ANDed keys would admit nobody.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
 */
export function sharedTrustStatements(members: readonly SharedRoleMember[]): TrustStatement[] {
  const statements: TrustStatement[] = [];
  const clusters = [...new Set(members.map((m) => m.cluster))];
  for (const cluster of clusters) {
    const own = members.filter((m) => m.cluster === cluster);
    const web = own.filter((m) => mechanismsOf(m.identity).irsa);
    const subject = (m: SharedRoleMember) => serviceAccountSubject(m.namespace, m.serviceAccount);
    const exact = web.filter((m) => m.pattern === undefined).map(subject);
    const patterns = web.filter((m) => m.pattern !== undefined).map(subject);
    if (exact.length > 0) statements.push(webIdentityStatement(web[0].irsa ?? {}, exact, "StringEquals"));
    if (patterns.length > 0) statements.push(webIdentityStatement(web[0].irsa ?? {}, patterns, "StringLike"));
    for (const m of own.filter((x) => mechanismsOf(x.identity).podIdentity)) {
      statements.push(podIdentityStatement({ identity: m.identity, namespace: m.namespace, serviceAccount: m.serviceAccount, ...m.podIdentity }));
    }
  }
  return statements;
}

/** The shared role's trust as `aws_iam_policy_document` blocks (see `trustDocument`). */
export function sharedTrustDocument(members: readonly SharedRoleMember[]): DocumentStatement[] {
  return asDocument(sharedTrustStatements(members));
}

/**
 * EKS Pod Identity: the service assumes the role (`sts:AssumeRole`) and
 * tags the session (`sts:TagSession`). Unlike the plain trust of the EKS
 * guide and of terraform-aws-modules, which lets any association in the
 * account use the role, the statement is pinned by default with the session
 * tags to this cluster, namespace and service account, and to the account.
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 */
export function podIdentityStatement(input: TrustInput): TrustStatement {
  if (input.accountId === undefined || input.clusterArn === undefined) throw new Error("Pod Identity trust needs the account and the cluster");
  const pinned = input.pinned ?? true;
  return {
    actions: ["sts:AssumeRole", "sts:TagSession"],
    principals: [{ type: "Service", identifiers: [POD_IDENTITY_PRINCIPAL] }],
    conditions: [
      { test: "StringEquals", variable: "aws:SourceAccount", values: [input.accountId] },
      ...(pinned
        ? [
            { test: "StringEquals", variable: POD_IDENTITY_TAGS.clusterArn, values: [input.clusterArn] },
            { test: "StringEquals", variable: POD_IDENTITY_TAGS.namespace, values: [input.namespace] },
            { test: "StringEquals", variable: POD_IDENTITY_TAGS.serviceAccount, values: [input.serviceAccount] },
          ]
        : []),
    ],
  };
}
