/**
 * Which mechanisms give a workload's pods their credentials: the one place
 * that reads an `identity`. Everything else asks `mechanismsOf`, so a new
 * mode is one new row here (the table's type makes leaving one out a
 * compile error), not a search for string compares.
 *
 * - IRSA: a role trusting the cluster's OIDC provider for the service
 *   account's token; the service account carries the role's ARN.
 *   https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html
 * - EKS Pod Identity: an association of the service account with a role
 *   trusting `pods.eks.amazonaws.com`; needs the agent add-on, and no OIDC
 *   provider. https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html
 */
import type { Identity } from "./model";

export interface Mechanisms {
  /** The role trusts the cluster's OIDC provider, and the service account is annotated with the role. */
  readonly irsa: boolean;
  /** The role trusts EKS Pod Identity, and an association ties the service account to it. */
  readonly podIdentity: boolean;
}

const MECHANISMS: Readonly<Record<Identity, Mechanisms>> = {
  irsa: { irsa: true, podIdentity: false },
  "pod-identity": { irsa: false, podIdentity: true },
  // While migrating from one to the other: both, each complete.
  both: { irsa: true, podIdentity: true },
};

/** The identity of a workload that does not name one. */
export const DEFAULT_IDENTITY: Identity = "irsa";

export function mechanismsOf(identity: Identity): Mechanisms {
  return MECHANISMS[identity];
}
