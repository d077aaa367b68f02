import { TerraformOutput, type TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { WorkloadAddresses, WorkloadConfig } from "../model/model";
import { stateBlocks as workloadStateBlocks, type StateBlock, type StateKind } from "../model/addresses";
import type { StateBlocks } from "./state-blocks";
import { addChartAnnotations, addSubjectIdentity } from "./subject-identity";
import { TrustPolicy } from "./trust-policy";
import { workloadTrust, type IrsaTrust, type PodIdentityTrust } from "../model/trust-statements";
import { WorkloadRole, type WorkloadRoleProps } from "./workload-role";

export interface WorkloadIdentityProps {
  readonly workload: WorkloadConfig;
  /** The labels of the workload's blocks, from the stack's address registry. */
  readonly addresses: WorkloadAddresses;
  /** The EKS cluster's name, for the Pod Identity association. */
  readonly clusterName: string;
  /** What an IRSA trust names; present when some workload of the cluster uses IRSA. */
  readonly irsa?: IrsaTrust;
  /** What a Pod Identity trust names; present when some workload of the cluster uses EKS Pod Identity. */
  readonly podIdentity?: PodIdentityTrust;
  /** What the IRSA trust of a role in another account names, by the account's label. @default none */
  readonly accounts?: Readonly<Record<string, IrsaTrust>>;
  /**
   * The AWS provider of the account the role lives in, when it is not the
   * cluster's (`workload.roleAccount`).
   * @default the stack's default AWS provider
   */
  readonly awsProvider?: TerraformProvider;
  /**
   * Namespaces as service accounts refer to them, by name: a reference when
   * the namespace is created in this stack (so Terraform orders the two).
   * @default none: every namespace by its name
   */
  readonly namespaceRefs?: ReadonlyMap<string, string>;
  /** Where the workload's `moved` and `import` blocks go (earlier names, adoption). */
  readonly stateBlocks: StateBlocks;
}

/**
 * Everything one workload needs to call AWS as itself: trust policy, role,
 * permissions, the service account (annotated for IRSA), the Pod Identity
 * association, and the role's ARN as output. Which mechanism gets what is
 * decided by trust-statements.ts.
 */
export class WorkloadIdentity extends Construct {
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    const { workload, addresses } = props;
    const trust = new TrustPolicy(this, "trust", {
      label: addresses.trustDocument,
      trust: workloadTrust(workload, props),
    });
    const role = new WorkloadRole(this, "role", { ...roleProps(workload, addresses, trust.json), provider: props.awsProvider });
    this.roleArn = role.arn;
    this.adopt(props);
    for (const move of addresses.moves) props.stateBlocks.move(move.from, move.to);

    // The service account and association of the current name, then those
    // of each earlier name still in transition, each under its own label.
    const subjects = [
      { namespace: workload.namespace, serviceAccount: workload.serviceAccount, serviceAccountLabel: addresses.serviceAccount, associationLabel: addresses.podIdentityAssociation, idSuffix: "" },
      ...addresses.transitions.map((p) => ({ namespace: p.namespace, serviceAccount: p.serviceAccount, serviceAccountLabel: p.id, associationLabel: p.id, idSuffix: `-${p.id}` })),
    ];
    for (const subject of subjects) {
      addSubjectIdentity(this, { ...subject, workload, clusterName: props.clusterName, roleArn: role.arn, namespaceRefs: props.namespaceRefs });
    }

    const arnOutput = new TerraformOutput(this, "role-arn", {
      value: role.arn,
      description: `The role of ${workload.namespace}/${workload.serviceAccount}`,
    });
    arnOutput.overrideLogicalId(addresses.roleArnOutput);
    // The chart creates the service account; this is what its values need.
    addChartAnnotations(this, workload, role.arn, addresses.annotationsOutput);
  }

  /**
   * Import blocks for what already exists, each with its resource type's
   * import id (hashicorp/aws: a role by name, an inline policy as
   * `role:policy`, an attachment as `role/policy-arn`, a Pod Identity
   * association as `cluster,association-id`; hashicorp/kubernetes: a
   * service account as `namespace/name`).
   */
  private adopt(props: WorkloadIdentityProps): void {
    const { workload, stateBlocks } = props;
    if (!workload.adopt) return;
    importAdopted(stateBlocks, workload, workloadStateBlocks(workload, workload.id), props.clusterName);
  }
}

/** The order import blocks are written in, as irsa-gen always wrote them: a regenerated stack keeps its bytes. */
const IMPORT_ORDER: readonly StateKind[] = ["addon", "role", "inline-policy", "attachment", "service-account", "association", "managed-lock", "inline-lock"];

/** The import id of a block the workload adopts; undefined when it is created. */
function adoptedImportId(block: StateBlock, workload: WorkloadConfig, clusterName: string): string | undefined {
  const adopt = workload.adopt!;
  switch (block.kind) {
    case "role":
      return adopt.role ? workload.roleName : undefined;
    case "inline-policy":
      return adopt.inlinePolicy ? `${workload.roleName}:${workload.inlinePolicyName}` : undefined;
    case "attachment":
      return adopt.attachments ? `${workload.roleName}/${block.policyArn}` : undefined;
    case "service-account":
      return adopt.serviceAccount ? `${workload.namespace}/${workload.serviceAccount}` : undefined;
    case "association":
      return adopt.podIdentityAssociation !== undefined ? `${clusterName},${adopt.podIdentityAssociation}` : undefined;
    case "addon":
    case "managed-lock":
    case "inline-lock":
      // An add-on is imported by its own construct (as `<cluster>:<name>`); a
      // drift lock is no object of its own in AWS, it is created over the role.
      return undefined;
  }
}

/**
 * Import blocks for what a workload, or an add-on's role, adopts, among
 * `blocks` (from the one list of its blocks that hold state), in the order
 * irsa-gen always wrote them.
 */
export function importAdopted(stateBlocks: StateBlocks, workload: WorkloadConfig, blocks: readonly StateBlock[], clusterName: string): void {
  if (!workload.adopt) return;
  for (const block of [...blocks].sort((a, b) => IMPORT_ORDER.indexOf(a.kind) - IMPORT_ORDER.indexOf(b.kind))) {
    const id = adoptedImportId(block, workload, clusterName);
    if (id !== undefined) stateBlocks.importTo(block.address, id);
  }
}

/** The role of a workload, or of an add-on, as its config says, under its labels. */
export function roleProps(
  workload: WorkloadConfig,
  addresses: { readonly role: string; readonly permissionsDocument: string; readonly attachments: Readonly<Record<string, string>> },
  assumeRolePolicy: string,
): WorkloadRoleProps {
  return {
    label: addresses.role,
    permissionsLabel: addresses.permissionsDocument,
    roleName: workload.roleName,
    path: workload.rolePath,
    description: workload.description,
    assumeRolePolicy,
    permissionsBoundaryArn: workload.permissionsBoundaryArn,
    maxSessionDuration: workload.maxSessionDuration,
    tags: workload.tags,
    attachments: addresses.attachments,
    inlinePolicyName: workload.inlinePolicyName,
    policyStatements: workload.policyStatements,
    protect: workload.protect,
    exclusivePolicies: workload.exclusivePolicies,
  };
}
