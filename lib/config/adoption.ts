/**
 * Workloads adopted from what exists (roles, inline policies, attachments,
 * service accounts, Pod Identity associations): imported, not created. Pure:
 * no cdktf.
 */
import type { ProblemCollector } from "./collector";
import type { Identity, WorkloadAdoption } from "../model/model";
import type { ConfigPath } from "./problems";
import type { RawWorkload } from "./schema";
import { mechanismsOf } from "../model/mechanisms";
import * as rules from "../model/rules";

export interface AdoptionInput {
  readonly workload: RawWorkload;
  readonly path: ConfigPath;
  readonly createServiceAccount: boolean;
  /** The workload's mechanism, inherited or its own: only Pod Identity has an association to adopt. */
  readonly identity: Identity;
  /** The cluster and service account, for the command that finds an association's id. */
  readonly cluster: string;
  readonly namespace: string;
  readonly serviceAccount: string;
}

export interface ResolvedAdoption {
  readonly adopt?: WorkloadAdoption;
  /** The existing role's name, when the config names it under adopt. */
  readonly roleName?: string;
  readonly inlinePolicyName: string;
}

/** The name irsa-gen gives the inline policy it creates. */
export const INLINE_POLICY_NAME = "permissions";

/**
 * An EKS Pod Identity association's id: `a-` and lowercase letters and
 * digits (`a-9njjin9gfghecgocd` in the AWS CLI reference; every id seen has
 * 17 after `a-`, which AWS does not document, so any length passes).
 */
const ASSOCIATION_ID = /^a-[a-z0-9]+$/;
/** An association's ARN, whose last part is the id: `arn:aws:eks:<region>:<account>:podidentityassociation/<cluster>/<id>`. */
const ASSOCIATION_ARN = /^arn:[a-z-]+:eks:[a-z0-9-]*:\d*:podidentityassociation\/[^/]+\/(a-[a-z0-9]+)$/;

export function resolveAdoption(input: AdoptionInput, out: ProblemCollector): ResolvedAdoption {
  const raw = input.workload.adopt;
  if (raw === undefined) return { inlinePolicyName: INLINE_POLICY_NAME };
  const at = [...input.path, "adopt"];
  if (raw === true) {
    if (mechanismsOf(input.identity).podIdentity) {
      out.warn(
        at,
        "does not adopt the workload's EKS Pod Identity association: importing it needs its id",
        `If the association exists (EKS allows one per service account, and refuses a second), write adopt: { role: true, podIdentityAssociation: <its id> } with what else exists; its id: ${listAssociationsCommand(input)}`,
      );
    }
    return {
      adopt: { role: true, inlinePolicy: true, attachments: true, serviceAccount: input.createServiceAccount },
      inlinePolicyName: INLINE_POLICY_NAME,
    };
  }
  const role = raw.role !== undefined && raw.role !== false;
  const roleName = typeof raw.role === "string" ? raw.role : undefined;
  if (roleName !== undefined) {
    if (!rules.ROLE_NAME.test(roleName)) out.error([...at, "role"], "is not a valid IAM role name", "Name the existing role exactly as IAM shows it", roleName);
    if (input.workload.roleName !== undefined && input.workload.roleName !== roleName) {
      out.error([...at, "role"], `names another role than roleName (${input.workload.roleName})`, "Keep one of the two: an adopted role keeps its name", roleName);
    }
  }
  const inlinePolicy = raw.inlinePolicy !== undefined && raw.inlinePolicy !== false;
  const inlinePolicyName = typeof raw.inlinePolicy === "string" ? raw.inlinePolicy : INLINE_POLICY_NAME;
  if (inlinePolicy) {
    if (!role) out.error([...at, "inlinePolicy"], "belongs to a role that is not adopted", "Adopt the role too (role: <its name>), or leave the inline policy out", raw.inlinePolicy);
    if (!rules.INLINE_POLICY_NAME.test(inlinePolicyName)) out.error([...at, "inlinePolicy"], "is not a valid IAM policy name", "Name the existing inline policy exactly as IAM shows it", inlinePolicyName);
  }
  const attachments = raw.attachments ?? role;
  if (attachments && !role) out.error([...at, "attachments"], "belong to a role that is not adopted", "Adopt the role too (role: <its name>), or set attachments: false", true);
  const serviceAccount = raw.serviceAccount ?? false;
  if (serviceAccount && !input.createServiceAccount) {
    out.error([...at, "serviceAccount"], "cannot be imported: the workload does not manage its service account (createServiceAccount: false)", "Set createServiceAccount: true to take the service account over, or leave serviceAccount out", true);
  }
  const podIdentityAssociation = raw.podIdentityAssociation;
  if (podIdentityAssociation !== undefined) {
    const associationAt = [...at, "podIdentityAssociation"];
    const fromArn = ASSOCIATION_ARN.exec(podIdentityAssociation)?.[1];
    if (!mechanismsOf(input.identity).podIdentity) {
      out.error(associationAt, "applies only to workloads with identity: pod-identity or both: an IRSA workload has no association", "Set identity: pod-identity (or both), or leave podIdentityAssociation out", podIdentityAssociation);
    } else if (fromArn !== undefined) {
      out.error(associationAt, "is the association's ARN, not its id", `Write its last part, the id: ${fromArn}`, podIdentityAssociation);
    } else if (!ASSOCIATION_ID.test(podIdentityAssociation)) {
      out.error(associationAt, "is not an EKS Pod Identity association id (a- and lowercase letters and digits)", `Give the id EKS gave the association: ${listAssociationsCommand(input)}`, podIdentityAssociation);
    }
  }
  return {
    adopt: { role, inlinePolicy, attachments, serviceAccount, ...(podIdentityAssociation !== undefined ? { podIdentityAssociation } : {}) },
    ...(roleName !== undefined ? { roleName } : {}),
    inlinePolicyName,
  };
}

/** The AWS CLI command that prints the id of the service account's association. */
function listAssociationsCommand(input: AdoptionInput): string {
  return `aws eks list-pod-identity-associations --cluster-name ${input.cluster} --namespace ${input.namespace} --service-account ${input.serviceAccount} --query "associations[].associationId" --output text`;
}
