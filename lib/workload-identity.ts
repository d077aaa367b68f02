import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { WorkloadAddresses } from "./addresses";
import type { WorkloadConfig } from "./config/model";
import { ROLE_ARN_ANNOTATION } from "./eks";
import { ServiceAccount } from "./service-account";
import type { StateBlocks } from "./state-blocks";
import { TrustPolicy } from "./trust-policy";
import { WorkloadRole } from "./workload-role";

export interface WorkloadIdentityProps {
  readonly workload: WorkloadConfig;
  /** The labels of the workload's blocks, from the stack's address registry. */
  readonly addresses: WorkloadAddresses;
  /** The ARN of the cluster's OIDC provider. */
  readonly oidcProviderArn: string;
  /** The issuer without `https://`. */
  readonly issuerHost: string;
  /**
   * The namespace as the service account refers to it: a reference when the
   * namespace is created in this stack (so Terraform orders the two).
   * @default the workload's namespace name
   */
  readonly namespaceRef?: string;
  /** Where the workload's `moved` and `import` blocks go (earlier names, adoption). */
  readonly stateBlocks: StateBlocks;
}

/**
 * Everything one workload needs to call AWS as itself: trust policy, role,
 * permissions, the annotated service account, and the role's ARN as output.
 */
export class WorkloadIdentity extends Construct {
  public readonly roleArn: string;

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    const { workload, addresses } = props;
    const trust = new TrustPolicy(this, "trust", {
      label: addresses.trustDocument,
      oidcProviderArn: props.oidcProviderArn,
      issuerHost: props.issuerHost,
      namespace: workload.namespace,
      serviceAccount: workload.serviceAccount,
    });
    const role = new WorkloadRole(this, "role", {
      label: addresses.role,
      permissionsLabel: addresses.permissionsDocument,
      roleName: workload.roleName,
      path: workload.rolePath,
      description: workload.description,
      assumeRolePolicy: trust.json,
      permissionsBoundaryArn: workload.permissionsBoundaryArn,
      maxSessionDuration: workload.maxSessionDuration,
      tags: workload.tags,
      attachments: addresses.attachments,
      inlinePolicyName: workload.inlinePolicyName,
      policyStatements: workload.policyStatements,
      protect: workload.protect,
    });
    this.roleArn = role.arn;
    this.adopt(props);
    for (const move of addresses.moves) props.stateBlocks.move(move.from, move.to);

    if (workload.createServiceAccount) {
      new ServiceAccount(this, "service-account", {
        label: addresses.role,
        namespace: props.namespaceRef ?? workload.namespace,
        name: workload.serviceAccount,
        roleArn: role.arn,
        labels: workload.serviceAccountLabels,
        annotations: workload.serviceAccountAnnotations,
      });
    }

    const arnOutput = new TerraformOutput(this, "role-arn", {
      value: role.arn,
      description: `The role of ${workload.namespace}/${workload.serviceAccount}`,
    });
    arnOutput.overrideLogicalId(addresses.roleArnOutput);
    if (!workload.createServiceAccount) {
      // The chart creates the service account; this is what its values need.
      const annotations = new TerraformOutput(this, "annotations", {
        value: { ...workload.serviceAccountAnnotations, [ROLE_ARN_ANNOTATION]: role.arn },
        description: `Annotations for the service account ${workload.namespace}/${workload.serviceAccount} (e.g. the Helm chart's serviceAccount.annotations)`,
      });
      annotations.overrideLogicalId(addresses.annotationsOutput);
    }
  }

  /**
   * Import blocks for what already exists, each with its resource type's
   * import id (hashicorp/aws: a role by name, an inline policy as
   * `role:policy`, an attachment as `role/policy-arn`; hashicorp/kubernetes:
   * a service account as `namespace/name`).
   */
  private adopt(props: WorkloadIdentityProps): void {
    const { workload, addresses, stateBlocks } = props;
    const adopt = workload.adopt;
    if (!adopt) return;
    if (adopt.role) stateBlocks.importTo(`aws_iam_role.${addresses.role}`, workload.roleName);
    if (adopt.inlinePolicy) stateBlocks.importTo(`aws_iam_role_policy.${addresses.role}`, `${workload.roleName}:${workload.inlinePolicyName}`);
    if (adopt.attachments) {
      for (const [arn, label] of Object.entries(addresses.attachments)) stateBlocks.importTo(`aws_iam_role_policy_attachment.${label}`, `${workload.roleName}/${arn}`);
    }
    if (adopt.serviceAccount && workload.createServiceAccount) {
      stateBlocks.importTo(`kubernetes_service_account_v1.${addresses.role}`, `${workload.namespace}/${workload.serviceAccount}`);
    }
  }
}
